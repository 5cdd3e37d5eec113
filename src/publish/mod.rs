//! Publish stage: the outputs written so that nothing is ever lost or half-written, and their
//! names.
//!
//! Takes a run's output set (name and bytes of each file); writes each file to a temporary file in
//! the same folder, flushed, then renamed into place ([`write_atomic`]), and a period's set into a
//! staging folder that takes the place of the old one whole ([`publish_set`]): a reader sees
//! yesterday's set or today's, and a failed or killed run leaves the previous outputs untouched.
//! The [`manifest`] records what a set was made from; the [`lock`] keeps one run at a time. The
//! output files' names are here and nowhere else.

pub mod history;
pub mod lock;
pub mod manifest;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::period::Period;
use crate::status::Published;

/// The annex of a period: `bilaga-<period>.xlsx`.
#[must_use]
pub fn annex_name(period: Period) -> String {
    format!("bilaga-{period}.xlsx")
}

/// The report of a period: `tertialrapport-<period>.pdf`.
#[must_use]
pub fn report_name(period: Period) -> String {
    format!("tertialrapport-{period}.pdf")
}

/// The manifest of a period's set.
pub const MANIFEST: &str = "manifest.json";

/// The set of `period` published under `output`, as a status page in `page_dir` links to it: read
/// from its manifest, when there is one.
#[must_use]
pub fn published(output: &Path, period: Period, page_dir: &Path) -> Option<Published> {
    let dir = output.join(period.to_string());
    let manifest = manifest::Manifest::read(&dir)?;
    let link = |name: String| {
        let target = std::path::absolute(dir.join(name)).ok()?;
        let base = std::path::absolute(page_dir).ok()?;
        let rel = pathdiff::diff_paths(target, base)?;
        Some(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
    };
    Some(Published {
        annex: link(annex_name(period))?,
        report: link(report_name(period))?,
        inputs_changed: manifest.inputs_changed,
        preliminary: manifest.partial,
    })
}

/// Where a run writes the status page: `<output>/status-<period>.html`.
#[must_use]
pub fn status_page(output: &Path, period: Period) -> PathBuf {
    output.join(format!("status-{period}.html"))
}

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
#[error("kunde inte skriva {path}")]
pub struct WriteError {
    pub path: String,
    pub source: std::io::Error,
}

/// The temporary name used while `path` is being written.
#[must_use]
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Removes temporary files of `path` left by a killed run (`.name.tmp-PID`). Only under the output
/// lock: no other run is writing them.
pub fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let prefix = format!(".{name}.tmp-");
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    if let Ok(entries) = fs_err::read_dir(dir) {
        for e in entries.filter_map(Result::ok) {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs_err::remove_file(e.path());
            }
        }
    }
}

/// Writes `bytes` to `path` atomically (temporary file, sync, rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let err = |source| WriteError { path: crate::format::path(path), source };
    if let Some(dir) = path.parent() {
        fs_err::create_dir_all(dir).map_err(err)?;
    }
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = fs_err::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs_err::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs_err::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(())
}

/// The fixed timestamp of a run: `SOURCE_DATE_EPOCH` when set, else the newest modification time
/// among the inputs (never the clock), in seconds since 1970.
#[must_use]
pub fn fixed_timestamp(inputs: &[crate::read::FileBytes]) -> i64 {
    if let Some(v) = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok()) {
        return v;
    }
    inputs
        .iter()
        .filter_map(|f| fs_err::metadata(&f.path).ok()?.modified().ok())
        .filter_map(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(0))
        .max()
        .unwrap_or(0)
}

/// How long a run waits, at least, for a file of the previous set that another program holds open
/// (`--wait` when longer): long enough for a colleague to close the annex in Excel.
pub const HELD_WAIT: Duration = Duration::from_secs(15);

/// Why an output set could not be published.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// Writing or renaming failed.
    #[error("kunde inte publicera utdata i {dir}")]
    Io {
        /// The period's output folder.
        dir: String,
        source: std::io::Error,
    },
    /// A file of the previous set is open in another program (Excel locks an open workbook), so
    /// the set cannot be replaced.
    #[error(
        "{file} är öppen i ett annat program (t.ex. Excel) och kan inte bytas ut; väntade {waited} s. Stäng filen och kör igen. Tidigare utdata i {dir} är orörda."
    )]
    Held {
        dir: String,
        /// The file held open.
        file: String,
        waited: u64,
    },
}

fn hidden_sibling(dir: &Path, tag: &str) -> PathBuf {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("output");
    dir.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Swaps two paths atomically where the system can (Linux `renameat2` with `RENAME_EXCHANGE`);
/// returns false where it cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) =
        (std::ffi::CString::new(a.as_os_str().as_bytes()), std::ffi::CString::new(b.as_os_str().as_bytes()))
    else {
        return false;
    };
    // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
    let rc = unsafe {
        libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE)
    };
    rc == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> bool {
    false
}

fn sync_dir(dir: &Path) {
    if let Ok(f) = fs_err::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// Puts back a period folder that a killed run left half-swapped, and removes the staging folders
/// of killed runs. Call under the output lock.
pub fn recover(dir: &Path) {
    let Some(parent) = dir.parent() else { return };
    let Some(name) = dir.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let Ok(entries) = fs_err::read_dir(parent) else {
        return;
    };
    let mut olds = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&format!(".{name}.new-")) {
            let _ = fs_err::remove_dir_all(e.path());
        } else if n.starts_with(&format!(".{name}.old-")) {
            olds.push(e.path());
        }
    }
    for old in olds {
        if dir.exists() {
            let _ = fs_err::remove_dir_all(&old);
        } else {
            let _ = fs_err::rename(&old, dir);
        }
    }
}

/// Publishes a period's outputs together: every file is written into a staging folder beside
/// `dir`, flushed, and the staging folder then takes the place of `dir` — in one atomic exchange on
/// Linux; elsewhere (Windows has no exchange of two folders) by [`swap_aside`]. A reader sees the
/// old set or the new set, never a mix; a run killed at any point leaves the old set in place (or,
/// between the two renames of [`swap_aside`], a hidden `.old` folder that [`recover`] puts back).
/// Files in `dir` that are not part of the set are carried over. A file of the old set held open by
/// another program is waited for up to `held_wait`.
pub fn publish_set(dir: &Path, files: &[(String, Vec<u8>)], held_wait: Duration) -> Result<(), PublishError> {
    let err = |source| PublishError::Io { dir: crate::format::path(dir), source };
    let staging = hidden_sibling(dir, "new");
    let result = (|| -> std::io::Result<()> {
        if let Some(parent) = dir.parent() {
            fs_err::create_dir_all(parent)?;
        }
        if staging.exists() {
            fs_err::remove_dir_all(&staging)?;
        }
        fs_err::create_dir(&staging)?;
        let mut subdirs = Vec::new();
        for (name, _) in files {
            if let Some(parent) = staging.join(name).parent() {
                fs_err::create_dir_all(parent)?;
                if parent != staging && !subdirs.iter().any(|d: &PathBuf| d == parent) {
                    subdirs.push(parent.to_path_buf());
                }
            }
        }
        // Each file is written and synced on its own thread: the syncs, most of the time here, wait
        // on the disk side by side (and the file system can commit them together).
        std::thread::scope(|scope| {
            let writers: Vec<_> = files
                .iter()
                .map(|(name, bytes)| {
                    let path = staging.join(name);
                    scope.spawn(move || -> std::io::Result<()> {
                        let mut f = fs_err::File::create(path)?;
                        f.write_all(bytes)?;
                        f.sync_all()
                    })
                })
                .collect();
            writers.into_iter().try_for_each(|w| {
                w.join().unwrap_or_else(|_| Err(std::io::Error::other("a writer thread panicked")))
            })
        })?;
        if dir.is_dir() {
            for e in fs_err::read_dir(dir)?.filter_map(Result::ok) {
                let name = e.file_name();
                let ours = files.iter().any(|(n, _)| std::ffi::OsStr::new(n) == name);
                if !ours && e.file_type()?.is_file() {
                    fs_err::copy(e.path(), staging.join(&name))?;
                }
            }
        }
        // The entries of sub-folders (data/) as well as the folder's own.
        for d in &subdirs {
            sync_dir(d);
        }
        sync_dir(&staging);
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs_err::remove_dir_all(&staging);
        return Err(err(e));
    }
    let swapped = if !dir.exists() {
        fs_err::rename(&staging, dir).map_err(err)
    } else if exchange(&staging, dir) {
        // `staging` now holds the previous set; should it not go, the next run's [`recover`]
        // removes it.
        let _ = fs_err::remove_dir_all(&staging);
        Ok(())
    } else {
        swap_aside(dir, &staging, held_wait)
    };
    if swapped.is_err() {
        let _ = fs_err::remove_dir_all(&staging);
    }
    if let Some(parent) = dir.parent() {
        sync_dir(parent);
    }
    swapped
}

/// Puts `staging` in the place of `dir` with two renames, for systems without an exchange of two
/// folders (Windows): the previous set is renamed aside to a hidden `.old` folder, the new set into
/// its place, and the previous set removed. While a file of the previous set is held open by
/// another program (Excel keeps an open workbook locked; on Windows a folder with such a file
/// cannot be renamed), nothing is renamed: the run waits up to `wait`, then gives up naming the
/// file, with the previous set as it was. A previous set that cannot be removed at the end (opened
/// in the moment between) stays hidden until the next run's [`recover`] removes it.
fn swap_aside(dir: &Path, staging: &Path, wait: Duration) -> Result<(), PublishError> {
    let err = |source| PublishError::Io { dir: crate::format::path(dir), source };
    let old = hidden_sibling(dir, "old");
    let start = Instant::now();
    loop {
        // A held file, or else the error of the rename itself.
        let failure = match held_file(dir) {
            Some(file) => Ok(file),
            None => match fs_err::rename(dir, &old) {
                Ok(()) => break,
                Err(e) => Err(e),
            },
        };
        if start.elapsed() >= wait {
            let (dir_shown, waited) = (crate::format::path(dir), start.elapsed().as_secs());
            return Err(match failure {
                Ok(file) => PublishError::Held { dir: dir_shown, file: crate::format::path(&file), waited },
                Err(e) => err(e),
            });
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    if let Err(e) = fs_err::rename(staging, dir) {
        let _ = fs_err::rename(&old, dir);
        return Err(err(e));
    }
    let _ = fs_err::remove_dir_all(&old);
    Ok(())
}

/// A file under `dir` that another program holds open so that it cannot be renamed or removed
/// (Windows); never one elsewhere, where an open file does not stop either.
#[cfg(windows)]
fn held_file(dir: &Path) -> Option<PathBuf> {
    use std::os::windows::fs::OpenOptionsExt;
    const DELETE: u32 = 0x0001_0000;
    const SHARE_ALL: u32 = 0x7;
    const SHARING_VIOLATION: i32 = 32;
    const LOCK_VIOLATION: i32 = 33;
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for e in fs_err::read_dir(&folder).ok()?.filter_map(Result::ok) {
            let path = e.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let open = std::fs::OpenOptions::new().access_mode(DELETE).share_mode(SHARE_ALL).open(&path);
            if let Err(e) = open {
                if matches!(e.raw_os_error(), Some(SHARING_VIOLATION | LOCK_VIOLATION)) {
                    return Some(path);
                }
            }
        }
    }
    None
}

#[cfg(not(windows))]
fn held_file(_dir: &Path) -> Option<PathBuf> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs_err::read(&p).unwrap(), b"two");
        let names: Vec<_> =
            fs_err::read_dir(p.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.txt")]);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomic(&p, b"old").unwrap();
        // A directory in the way of the temporary file makes the write fail.
        fs_err::create_dir(temp_path(&p)).unwrap();
        assert!(write_atomic(&p, b"new").is_err());
        assert_eq!(fs_err::read(&p).unwrap(), b"old");
    }

    #[test]
    fn publishes_a_set_and_replaces_it_whole() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("2022-T2");
        publish_set(&dir, &[("a".into(), b"1".to_vec()), ("b".into(), b"1".to_vec())], Duration::ZERO)
            .unwrap();
        fs_err::write(dir.join("anteckning.txt"), b"mine").unwrap();
        publish_set(&dir, &[("a".into(), b"2".to_vec()), ("b".into(), b"2".to_vec())], Duration::ZERO)
            .unwrap();
        assert_eq!(fs_err::read(dir.join("a")).unwrap(), b"2");
        assert_eq!(fs_err::read(dir.join("b")).unwrap(), b"2");
        assert_eq!(fs_err::read(dir.join("anteckning.txt")).unwrap(), b"mine");
        let names: Vec<_> = fs_err::read_dir(root.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("2022-T2")]);
    }

    #[test]
    fn recover_puts_back_a_half_swapped_folder() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("2022-T2");
        let old = root.path().join(".2022-T2.old-1");
        let new = root.path().join(".2022-T2.new-1");
        fs_err::create_dir(&old).unwrap();
        fs_err::write(old.join("a"), b"old").unwrap();
        fs_err::create_dir(&new).unwrap();
        recover(&dir);
        assert_eq!(fs_err::read(dir.join("a")).unwrap(), b"old");
        assert!(!new.exists());
    }
}
