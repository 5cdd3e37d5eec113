//! The read stage's files: find the workbooks and ledger files of a period folder (and of the
//! earlier ones), read their bytes and hash them.
//!
//! Takes the input folder and the period (or a list of files); gives [`PeriodFiles`]: each file's
//! bytes, SHA-256, size and time, in path order — a SIE file's hash and size only, for it is read
//! again line by line when it is opened. A file that cannot be listed or read is a [`Problem`]
//! naming it.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::period::Period;
use crate::problem::{Place, Problem, ProblemKind, Problems, Severity};

/// The file endings read as workbooks.
pub const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// A workbook found in the input.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    /// Path relative to the input folder (or as given), `/` separated.
    pub rel: String,
    pub path: PathBuf,
}

fn skip_silently(name: &str) -> bool {
    name.starts_with("~$") || name.starts_with('.')
}

fn is_spreadsheet(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        let e = e.to_ascii_lowercase();
        EXTENSIONS
            .iter()
            .chain(&crate::schema::TEXT_ENDINGS)
            .chain(&crate::schema::SIE_ENDINGS)
            .any(|x| *x == e)
    })
}

/// Finds every workbook under `dir`, recursing into sub-folders, in path order. Lock files and
/// hidden files are skipped silently; other files are noted. Symbolic links to folders are not
/// followed (noted), so a link loop cannot hang the run.
pub fn discover(dir: &Path, problems: &mut Problems) -> Vec<InputFile> {
    let mut out = Vec::new();
    walk(dir, "", problems, &mut out);
    out.sort();
    out
}

/// How deep folders are read below a period folder.
const MAX_FOLDER_DEPTH: usize = 8;

fn walk(dir: &Path, prefix: &str, problems: &mut Problems, out: &mut Vec<InputFile>) {
    let entries = match fs_err::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.error(
                Place::file(if prefix.is_empty() { "." } else { prefix.trim_end_matches('/') }),
                ProblemKind::FolderUnreadable { reason: e.to_string() },
            );
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(fs_err::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if skip_silently(&name) {
            continue;
        }
        let rel = format!("{prefix}{name}");
        let path = entry.path();
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_symlink() {
            match fs_err::metadata(&path) {
                Ok(m) if m.is_file() => {}
                Ok(_) => {
                    problems.note(Place::file(&rel), ProblemKind::LinkToFolder);
                    continue;
                }
                Err(_) => {
                    problems.note(Place::file(&rel), ProblemKind::DanglingLink);
                    continue;
                }
            }
        } else if ft.is_dir() {
            if rel.matches('/').count() >= MAX_FOLDER_DEPTH {
                // A link to a folder above it, where the system shows links as folders (Windows
                // junctions; Linux links under Wine): not followed round and round.
                let reason =
                    format!("fler än {MAX_FOLDER_DEPTH} mappar i varandra (en länk till en mapp ovanför?)");
                problems.error(Place::file(&rel), ProblemKind::FolderUnreadable { reason });
            } else {
                walk(&path, &format!("{rel}/"), problems, out);
            }
            continue;
        } else if !ft.is_file() {
            // A named pipe, a socket or a device: opening it could wait forever.
            problems.note(Place::file(&rel), ProblemKind::NotARegularFile);
            continue;
        }
        if is_spreadsheet(&path) {
            out.push(InputFile { rel, path });
        } else {
            problems.note(Place::file(&rel), ProblemKind::NotASpreadsheet);
        }
    }
}

/// Hex SHA-256 of bytes.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of bytes (a digest).
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(2 * bytes.len()), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn stamp(path: &Path) -> Option<(u64, std::time::SystemTime)> {
    let m = fs_err::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}

/// A file's size and modification time (nanoseconds since 1970), the stamp that tells a later run
/// it has not changed since it was read.
#[must_use]
pub fn size_and_time(path: &Path) -> Option<(u64, u64)> {
    let (size, modified) = stamp(path)?;
    Some((size, nanos(modified)?))
}

/// A time as nanoseconds since 1970.
fn nanos(t: std::time::SystemTime) -> Option<u64> {
    u64::try_from(t.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos()).ok()
}

/// A file whose modification time is this recent and that is not a valid workbook is taken to be
/// still being copied.
pub const STILL_COPYING_SECONDS: u64 = 120;

/// The bytes of an input file, read once, with their hash.
#[derive(Debug)]
pub struct FileBytes {
    /// Path relative to the input folder.
    pub rel: String,
    /// Path to the file.
    pub path: PathBuf,
    /// The bytes; empty for a SIE file, which is read again, line by line, when it is opened (a
    /// type 4 file of millions of lines is not held).
    pub bytes: Vec<u8>,
    pub size: u64,
    pub sha256: String,
    /// Lower-case file ending.
    pub ext: String,
    /// True when the file was modified within [`STILL_COPYING_SECONDS`].
    pub recent: bool,
    /// Modification time when read, nanoseconds since 1970 (0 when the system gives none).
    pub modified_ns: u64,
}

impl FileBytes {
    /// The file as a later run will know it unchanged: path, hash, size and modification time.
    #[must_use]
    pub fn stamped(&self) -> crate::earlier::Stamped {
        crate::earlier::Stamped {
            path: self.rel.clone(),
            sha256: self.sha256.clone(),
            size: self.size,
            modified_ns: self.modified_ns,
        }
    }
}

/// Reads a file's bytes and hashes them, noticing a file that changes while
/// it is read.
pub fn read_bytes(file: &InputFile) -> Result<FileBytes, Box<Problem>> {
    let fail = |kind| Box::new(Problem { severity: Severity::Error, place: Place::file(&file.rel), kind });
    let before = stamp(&file.path);
    let io = |e: std::io::Error| fail(ProblemKind::Io { reason: e.to_string() });
    let (bytes, size, sha256) = if crate::schema::is_sie(&file.rel) {
        let mut hash = Sha256::new();
        let size = std::io::copy(&mut fs_err::File::open(&file.path).map_err(io)?, &mut hash).map_err(io)?;
        (Vec::new(), size, hex(&hash.finalize()))
    } else {
        let bytes = fs_err::read(&file.path).map_err(io)?;
        let (size, sha256) = (bytes.len() as u64, sha256_hex(&bytes));
        (bytes, size, sha256)
    };
    let after = stamp(&file.path);
    if before != after {
        return Err(fail(ProblemKind::StillCopying));
    }
    let recent = after.is_some_and(|(_, t)| {
        std::time::SystemTime::now().duration_since(t).is_ok_and(|age| age.as_secs() < STILL_COPYING_SECONDS)
    });
    let modified_ns = after.and_then(|(_, t)| nanos(t)).unwrap_or(0);
    Ok(FileBytes {
        modified_ns,
        rel: file.rel.clone(),
        path: file.path.clone(),
        sha256,
        size,
        ext: file.path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default(),
        bytes,
        recent,
    })
}

/// Every file a period's run reads, as bytes: the period folder's and each earlier period folder's
/// (the history compared against), most recent first.
#[derive(Debug, Default)]
pub struct PeriodFiles {
    /// The period's workbooks, in path order.
    pub current: Vec<FileBytes>,
    /// Earlier periods' folders, most recent period first.
    pub history: Vec<(Period, Earlier)>,
    /// Problems met while finding and reading the period's files (the history's are not reported:
    /// its folders are not the clerks' work).
    pub problems: Problems,
}

/// An earlier period folder: its workbooks read, or what a run of that period published when
/// nothing in the folder has changed since.
#[derive(Debug)]
pub enum Earlier {
    Read(Vec<FileBytes>),
    Published(Box<crate::earlier::Published>),
}

impl Earlier {
    /// The folder's files as the manifest lists them: (path in the folder, SHA-256, size).
    #[must_use]
    pub fn entries(&self) -> Vec<(&str, &str, u64)> {
        match self {
            Earlier::Read(files) => files.iter().map(|f| (&*f.rel, &*f.sha256, f.size)).collect(),
            Earlier::Published(p) => p.inputs.iter().map(|i| (&*i.path, &*i.sha256, i.size)).collect(),
        }
    }
}

/// A progress bar on a terminal for runs with many files; nothing otherwise.
fn progress(show: bool, n: usize) -> indicatif::ProgressBar {
    if show && n >= 20 && std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(n as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len}") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("Läser arbetsböcker");
        bar
    } else {
        indicatif::ProgressBar::hidden()
    }
}

/// Reads every file's bytes (and hash), in parallel; results keep the files' order. `show_progress`
/// draws a bar on a terminal.
#[must_use]
pub fn read_all(files: &[InputFile], show_progress: bool) -> (Vec<FileBytes>, Problems) {
    let bar = progress(show_progress, files.len());
    let results: Vec<_> = files
        .par_iter()
        .map(|f| {
            let r = read_bytes(f);
            bar.inc(1);
            r
        })
        .collect();
    bar.finish_and_clear();
    let mut problems = Problems::new();
    let out =
        results.into_iter().filter_map(|r| r.map_err(|p| problems.push(p.severity, p.place, p.kind)).ok());
    (out.collect(), problems)
}

/// The period folders under `input`, sorted.
#[must_use]
pub fn periods_in(input: &Path) -> Vec<Period> {
    let mut v: Vec<Period> = fs_err::read_dir(input)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse().ok()))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// What an earlier period's run published, if it may stand for the folder's files (listed, not
/// read): given by the caller, which knows where outputs are published.
pub type Reuse<'a> = dyn Fn(Period, &[InputFile]) -> Option<crate::earlier::Published> + Sync + 'a;

/// Reads the files of `period` under `input`, and of every earlier period folder there for which
/// `reuse` gives nothing.
#[must_use]
pub fn period(input: &Path, period: Period, show_progress: bool, reuse: &Reuse<'_>) -> PeriodFiles {
    let mut problems = Problems::new();
    let files = discover(&input.join(period.to_string()), &mut problems);
    let (current, read_problems) = read_all(&files, show_progress);
    problems.extend(read_problems);
    // The earlier folders side by side: most take only their published history to be read back.
    let earlier: Vec<Period> = periods_in(input).into_iter().rev().filter(|p| period.after(*p)).collect();
    let history = earlier
        .into_par_iter()
        .map(|p| {
            let mut ignored = Problems::new();
            let files = discover(&input.join(p.to_string()), &mut ignored);
            let earlier = match reuse(p, &files) {
                Some(published) => Earlier::Published(Box::new(published)),
                None => Earlier::Read(read_all(&files, false).0),
            };
            (p, earlier)
        })
        .collect();
    PeriodFiles { current, history, problems }
}

/// The files named on the command line, read as a period's files without history.
#[must_use]
pub fn named(paths: &[PathBuf]) -> PeriodFiles {
    let files: Vec<InputFile> =
        paths.iter().map(|p| InputFile { rel: crate::format::path(p), path: p.clone() }).collect();
    let (current, problems) = read_all(&files, false);
    PeriodFiles { current, history: Vec::new(), problems }
}
