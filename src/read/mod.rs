//! Read stage: find the workbooks of a period folder and open them.
//!
//! Takes the input folder and the period (or a list of files); gives [`PeriodFiles`] ([`files`]),
//! the bytes and SHA-256 of every workbook of the period and of the earlier periods' folders, and
//! opens each
//! ([`open_each`]) into a [`RawWorkbook`]: the cell grid of every data sheet as calamine reads it
//! (formula cells by their cached value, hidden sheets like visible ones), within the bounds of
//! [`bounds`]. A file that cannot be read becomes a [`Problem`] naming it, with a typed
//! [`ReadError`]; nothing here panics on input.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{Data, Ods, Range, Reader, Xls, Xlsb, Xlsx};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

mod bounds;
mod files;
pub mod sie;
pub mod text;

pub use files::{
    discover, hex, named, period, periods_in, read_all, read_bytes, sha256_hex, size_and_time, Earlier,
    FileBytes, InputFile, PeriodFiles, Reuse, EXTENSIONS, STILL_COPYING_SECONDS,
};

use bounds::{check_archive, check_xls, workbook_stream, Extent, MAX_SHEET_TEXT_BYTES};
pub use bounds::{Limits, LIMITS, MAX_CELLS};

use crate::problem::{Place, Problem, ProblemKind, ReadError, Severity};
use crate::schema::SheetKind;

/// One sheet of a workbook.
#[derive(Debug)]
pub struct RawSheet {
    /// The sheet name as written.
    pub name: String,
    /// Its cells, when it is a data sheet.
    pub contents: Contents,
}

/// What was read of a sheet.
#[derive(Debug)]
pub enum Contents {
    /// Not a data sheet: not read.
    NotData,
    /// A data sheet's cells.
    Cells(Grid),
    /// A data sheet that could not be read.
    Unreadable(ReadError),
}

/// A data sheet's cells.
#[derive(Debug)]
pub struct Grid {
    /// The cells with content.
    pub cells: Range<Data>,
    /// Formula cells with no saved value (a workbook written by a program and never opened in
    /// Excel), by position, sorted: their value is unknown, not empty.
    pub uncached: Vec<((u32, u32), String)>,
    /// The line of each of the range's rows, when they are not the range's own: a SIE file's rows
    /// are its balances, packed, each from its line. Empty: the range's own rows.
    pub lines: Vec<Line>,
    /// A SIE file's dimensions that have objects: the number and the column of each.
    pub dims: Vec<(String, u32)>,
}

/// The line a row of a SIE file's sheet comes from: its row in the file, and its start.
#[derive(Clone, Debug, Default)]
pub struct Line {
    pub row: u32,
    pub start: String,
}

impl Grid {
    /// A sheet's cells, each in its own row.
    #[must_use]
    pub fn of(cells: Range<Data>) -> Self {
        Grid { cells, uncached: Vec::new(), lines: Vec::new(), dims: Vec::new() }
    }

    /// The row in the file of the range's row `row`.
    #[must_use]
    pub fn file_row(&self, row: u32) -> u32 {
        self.line(row).map_or(row, |l| l.row)
    }

    /// The line the range's row `row` comes from, when the rows are not the range's own.
    #[must_use]
    pub fn line(&self, row: u32) -> Option<&Line> {
        usize::try_from(row).ok().and_then(|r| self.lines.get(r))
    }
}

/// A workbook opened: its path relative to the input folder, its bytes' SHA-256 (lower-case hex)
/// and size, and its sheets in workbook order.
#[derive(Debug)]
pub struct RawWorkbook {
    pub rel: String,
    pub sha256: String,
    pub size: u64,
    pub sheets: Vec<RawSheet>,
}

/// Opens the bytes of a workbook and reads every data sheet's cells.
pub fn open(file: FileBytes) -> Result<RawWorkbook, Box<Problem>> {
    let sheets = if crate::schema::is_sie(&file.rel) {
        open_streamed(&file)
    } else {
        open_sheets(&file.bytes, &file.ext)
    };
    let sheets = sheets.map_err(|reason| {
        let kind = if file.recent && reason.maybe_still_copying() {
            ProblemKind::StillCopying
        } else if crate::schema::is_text_export(&file.rel) || crate::schema::is_sie(&file.rel) {
            ProblemKind::ExportUnreadable { reason }
        } else {
            ProblemKind::Unreadable { reason }
        };
        Box::new(Problem { severity: Severity::Error, place: Place::file(&file.rel), kind })
    })?;
    Ok(RawWorkbook { rel: file.rel, sha256: file.sha256, size: file.size, sheets })
}

/// A reader that hashes what is read through it.
struct Hashed<R> {
    inner: R,
    hash: Sha256,
}

impl<R: std::io::Read> std::io::Read for Hashed<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

/// A SIE file read again, line by line, hashed as it is read: a hash other than the one it was
/// listed with is a file that changed in between.
fn open_streamed(file: &FileBytes) -> Result<Vec<RawSheet>, ReadError> {
    let opened = fs_err::File::open(&file.path).map_err(|e| ReadError::Io { reason: e.to_string() })?;
    let mut reader =
        std::io::BufReader::with_capacity(1 << 16, Hashed { inner: opened, hash: Sha256::new() });
    let sheets = sie::sheets(&mut reader)?;
    std::io::copy(&mut reader, &mut std::io::sink()).map_err(|e| ReadError::Io { reason: e.to_string() })?;
    if hex(&reader.into_inner().hash.finalize()) != file.sha256 {
        return Err(ReadError::ChangedWhileRead);
    }
    Ok(sheets)
}

/// Opens every file, in parallel (one workbook's cells a thread at a time), and hands each
/// workbook, or the problem that it cannot be opened, to `then`; the results keep the files' order.
pub fn open_each<T: Send>(
    files: Vec<FileBytes>,
    then: impl Fn(Result<RawWorkbook, Box<Problem>>) -> T + Sync + Send,
) -> Vec<T> {
    files.into_par_iter().map(|f| then(open(f))).collect()
}

/// OLE compound files start with these bytes: an `.xls`, or an encrypted (password-protected)
/// `.xlsx`.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The format to read a workbook as: its ending's, except that an `.xls` saved under an `.xlsx`
/// ending (an OLE file with a Workbook stream, not an encrypted package) is read as the `.xls` it
/// is, and a zip-based workbook under the ending `.xls` as the `.xlsx` or `.ods` it is. A renamed
/// file is a clerk's mistake that the bytes correct.
fn format_of<'a>(bytes: &[u8], ext: &'a str) -> &'a str {
    match ext {
        "xlsx" | "xlsm" | "xlsb" | "ods" if bytes.starts_with(&OLE_MAGIC) => {
            let ole = cfb::CompoundFile::open(Cursor::new(bytes));
            if ole.is_ok_and(|f| workbook_stream(&f).is_some()) {
                "xls"
            } else {
                ext
            }
        }
        "xls" if bytes.starts_with(b"PK") => {
            let zip = zip::ZipArchive::new(Cursor::new(bytes));
            if zip.is_ok_and(|z| z.index_for_name("content.xml").is_some()) {
                "ods"
            } else {
                "xlsx"
            }
        }
        _ => ext,
    }
}

fn open_sheets(bytes: &[u8], ext: &str) -> Result<Vec<RawSheet>, ReadError> {
    if text::ENDINGS.contains(&ext) {
        return text::sheets(bytes);
    }
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let ext = format_of(bytes, ext);
    if matches!(ext, "xlsx" | "xlsm" | "xlsb" | "ods") {
        if bytes.starts_with(&OLE_MAGIC) {
            return Err(ReadError::Encrypted);
        }
        check_archive(bytes, ext)?;
    }
    if ext == "xls" {
        check_xls(bytes)?;
    }
    let result = catch_unwind(AssertUnwindSafe(|| {
        crate::quiet_panics(|| match ext {
            "xls" => {
                read_streamed(calamine::open_workbook_from_rs::<Xls<_>, _>(Cursor::new(bytes)), |wb, name| {
                    let cells = wb.worksheet_range(name).map_err(|e| describe(&e.to_string()))?;
                    Ok(Grid::of(cells))
                })
            }
            "xlsb" => read_streamed(
                calamine::open_workbook_from_rs::<Xlsb<_>, _>(Cursor::new(bytes)),
                |wb, name| {
                    let mut cells = wb.worksheet_cells_reader(name).map_err(|e| describe(&e.to_string()))?;
                    collect_cells(|| {
                        let cell = cells.next_cell().map_err(|e| describe(&e.to_string()))?;
                        Ok(cell.map(|c| (c.get_position(), c.get_value().clone(), None)))
                    })
                },
            ),
            "ods" => {
                read_streamed(calamine::open_workbook_from_rs::<Ods<_>, _>(Cursor::new(bytes)), |wb, name| {
                    let cells = wb.worksheet_range(name).map_err(|e| describe(&e.to_string()))?;
                    Ok(Grid::of(cells))
                })
            }
            _ => read_streamed(
                calamine::open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes)),
                |wb, name| {
                    let mut cells = wb.worksheet_cells_reader(name).map_err(|e| describe(&e.to_string()))?;
                    collect_cells(|| {
                        let cell = cells.next_cell_with_formula().map_err(|e| describe(&e.to_string()))?;
                        Ok(cell.map(|c| (c.pos, c.value, c.formula)))
                    })
                },
            ),
        })
    }));
    result.unwrap_or(Err(ReadError::ReaderFailed))
}

/// Collects a sheet's cells one by one as the reader streams them (position, value and formula, if
/// the reader gives it) and builds the grid of the cells with content: a sheet whose extent passes
/// [`MAX_CELLS`], or whose texts pass [`MAX_SHEET_TEXT_BYTES`], is refused at the cell that passed
/// it.
fn collect_cells<'a>(
    mut next: impl FnMut() -> Result<Option<((u32, u32), calamine::DataRef<'a>, Option<String>)>, ReadError>,
) -> Result<Grid, ReadError> {
    let mut cells = Vec::new();
    let mut uncached = Vec::new();
    let mut extent = Extent::new(MAX_CELLS);
    let mut text_bytes = 0usize;
    while let Some(((r, c), value, formula)) = next()? {
        let value: Data = value.into();
        if value == Data::Empty {
            if let Some(f) = formula.filter(|f| !f.trim().is_empty()) {
                uncached.push(((r, c), f));
            }
            continue;
        }
        extent.add(r, c)?;
        if let Data::String(s) = &value {
            text_bytes += s.len();
            if text_bytes > MAX_SHEET_TEXT_BYTES {
                return Err(ReadError::SheetTextTooLarge {
                    mib: (MAX_SHEET_TEXT_BYTES >> 20) as u64,
                    cell: (r, c),
                });
            }
        }
        cells.push(calamine::Cell::new((r, c), value));
    }
    uncached.sort_by_key(|(pos, _)| *pos);
    Ok(Grid { uncached, ..Grid::of(Range::from_sparse(cells)) })
}

fn read_streamed<'a, R>(
    opened: Result<R, R::Error>,
    mut range: impl FnMut(&mut R, &str) -> Result<Grid, ReadError>,
) -> Result<Vec<RawSheet>, ReadError>
where
    R: Reader<Cursor<&'a [u8]>>,
    R::Error: std::fmt::Display,
{
    let mut wb = opened.map_err(|e| describe(&e.to_string()))?;
    let names = wb.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let contents = if SheetKind::from_sheet_name(&name).is_some() {
            range(&mut wb, &name).map_or_else(Contents::Unreadable, Contents::Cells)
        } else {
            Contents::NotData
        };
        sheets.push(RawSheet { name, contents });
    }
    Ok(sheets)
}

/// A reader's error in the clerk's words, without the library's text.
fn describe(e: &str) -> ReadError {
    let lower = e.to_lowercase();
    if lower.contains("zip") || lower.contains("eof") || lower.contains("end of") {
        ReadError::Truncated
    } else if lower.contains("password") || lower.contains("encrypt") {
        ReadError::PasswordProtected
    } else {
        ReadError::Unparseable
    }
}

/// Inflates every part of every zip-based workbook, in parallel on the run's threads, and nothing
/// more: the honest floor under a run's read stage, for the benchmark (hidden command `tertial
/// read`). Gives the number of bytes inflated.
#[must_use]
pub fn inflate(files: Vec<FileBytes>) -> u64 {
    files
        .into_par_iter()
        .map(|f| {
            let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(&f.bytes)) else {
                return 0;
            };
            (0..zip.len())
                .filter_map(|i| {
                    let mut part = zip.by_index(i).ok()?;
                    std::io::copy(&mut part, &mut std::io::sink()).ok()
                })
                .sum::<u64>()
        })
        .sum()
}
