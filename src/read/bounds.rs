//! Bounded work on any workbook: the checks made before calamine reads one, so that no file,
//! however made, can take a run minutes or gigabytes (or end the process: an allocation that fails
//! aborts, it cannot be caught like a panic).
//!
//! Takes a workbook's bytes; gives `Ok` or why it is refused, in the clerk's words. A zip-based
//! workbook's parts are bounded in what they inflate to ([`check_archive`]); an `.xls`, which
//! calamine parses whole when it opens it, has every sheet's declared and actual extent bounded
//! ([`check_xls`]); and each sheet's cells are bounded as they are read ([`Extent`]).

use std::io::{Cursor, Read};

use super::describe;
use crate::names::quote;
use crate::problem::ReadError;

/// The most cells a sheet may span (rows × columns from its first to its last cell with content). A
/// sheet with one value in A1 and one in XFD1048576 would otherwise ask for 17 billion cells:
/// refused instead of exhausting memory.
pub const MAX_CELLS: usize = 8_000_000;

/// The most bytes the texts of one sheet's cells may take: calamine gives every cell its own copy
/// of a shared string, so a few kilobytes of XML could otherwise ask for gigabytes.
pub const MAX_SHEET_TEXT_BYTES: usize = 256 << 20;

/// The most cells an `.xls` sheet can hold (65 536 rows × 256 columns): a sheet whose records say
/// more is damaged. (calamine reads every sheet of an `.xls`, the data sheets' and the others', so
/// this bound, and not [`MAX_CELLS`], is what an `.xls` is held to before it is read.)
pub const XLS_MAX_CELLS: usize = 65_536 * 256;

/// The rows and columns a sheet's cells span so far, and the most cells they may.
#[derive(Clone, Copy, Debug)]
pub(super) struct Extent {
    first: (u32, u32),
    last: (u32, u32),
    limit: usize,
}

impl Extent {
    pub(super) fn new(limit: usize) -> Self {
        Extent { first: (u32::MAX, u32::MAX), last: (0, 0), limit }
    }

    /// Widens the extent to the cell at (`r`, `c`), refusing an extent past the limit and naming
    /// the cell that made it so.
    pub(super) fn add(&mut self, r: u32, c: u32) -> Result<(), ReadError> {
        self.first = (self.first.0.min(r), self.first.1.min(c));
        self.last = (self.last.0.max(r), self.last.1.max(c));
        // In usize: a cell in the last row or column cannot wrap the count.
        let rows = (self.last.0 - self.first.0) as usize + 1;
        let cols = (self.last.1 - self.first.1) as usize + 1;
        if rows.saturating_mul(cols) <= self.limit {
            return Ok(());
        }
        Err(ReadError::SheetTooLarge { first: self.first, last: self.last, rows, cols, cell: (r, c) })
    }
}

/// The most bytes the parts of a zip-based workbook may inflate to.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// A worksheet part. calamine streams a worksheet, so its size costs time, not memory:
    /// formatting copied down a million rows makes a sheet part of a few hundred MB, read in about
    /// a second; a zip bomb of gigabytes is refused once this much has been inflated.
    pub sheet_part: u64,
    /// Any other part (the shared strings, the styles, an `.ods`'s content): calamine holds those
    /// in memory.
    pub other_part: u64,
    pub workbook: u64,
}

/// The limits every workbook is held to.
pub const LIMITS: Limits = Limits { sheet_part: 1 << 30, other_part: 256 << 20, workbook: 2 << 30 };

/// The most a deflated stream can inflate per byte (deflate's 1032 : 1); a stored part inflates to
/// its own size.
const DEFLATE_MAX_RATIO: u64 = 1032;

/// Why bytes of the wrong kind are no workbook: a text file (an HTML or XML "Excel export", a CSV)
/// is told apart from a damaged file.
fn not_a_workbook(bytes: &[u8], damaged: ReadError) -> ReadError {
    let text = bytes.iter().take(4096).all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace() || *b >= 0x80);
    if text {
        ReadError::TextFile
    } else {
        damaged
    }
}

/// Checks a zip-based workbook before it is read: that it is a zip archive at all (a text file
/// renamed `.xlsx` is told apart), that no part, nor all of them, inflates past the limits, and
/// that the shared strings (of an `.xlsx`) or the tables (of an `.ods`) ask calamine for no more
/// than they hold. A part's declared size is not trusted: a part whose compressed bytes could
/// inflate past the limit is inflated and counted; the others are bounded by their compressed size.
pub(super) fn check_archive(bytes: &[u8], ext: &str) -> Result<(), ReadError> {
    if !bytes.starts_with(b"PK") {
        return Err(not_a_workbook(bytes, ReadError::NotAZip));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| describe(&e.to_string()))?;
    if inflated_size(&mut zip, false, LIMITS)? > LIMITS.workbook {
        inflated_size(&mut zip, true, LIMITS)?;
    }
    if ext == "ods" {
        ods_tables(&mut zip)
    } else {
        shared_strings(&mut zip)
    }
}

/// The fewest bytes one string of the shared strings takes (`<si/>`).
const MIN_SHARED_STRING_BYTES: u64 = 5;

/// Refuses shared strings whose `uniqueCount` is more than their part could hold: calamine reserves
/// room for that many strings before it reads one.
fn shared_strings(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), ReadError> {
    use quick_xml::events::Event;
    let parts: Vec<usize> = (0..zip.len())
        .filter(|i| {
            zip.name_for_index(*i)
                .and_then(Result::ok)
                .is_some_and(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        })
        .collect();
    for i in parts {
        let part = zip.by_index(i).map_err(|e| describe(&e.to_string()))?;
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        let bound = part.compressed_size().saturating_mul(DEFLATE_MAX_RATIO).saturating_add(1 << 10);
        let most = bound.min(LIMITS.other_part) / MIN_SHARED_STRING_BYTES;
        let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(part.take(LIMITS.other_part)));
        let mut buf = Vec::new();
        // As calamine reads it: the first start tag named sst.
        let count = loop {
            match xml.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                    let n = e.try_get_attribute("uniqueCount").ok().flatten();
                    break n.and_then(|a| a.value.trim().parse::<u64>().ok());
                }
                Ok(Event::Eof) | Err(_) => break None,
                _ => buf.clear(),
            }
        };
        if let Some(n) = count.filter(|n| *n > most) {
            return Err(ReadError::TooManyStrings { part: quote(&name), claimed: n });
        }
    }
    Ok(())
}

/// The bytes the archive's parts inflate to, at most; refuses a part past its limit, and with
/// `exact` (every part inflated and counted) the archive past the workbook's.
fn inflated_size(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    exact: bool,
    limits: Limits,
) -> Result<u64, ReadError> {
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| describe(&e.to_string()))?;
        let sheet = part.name().unwrap_or_default().to_ascii_lowercase().starts_with("xl/worksheets/");
        let limit = if sheet { limits.sheet_part } else { limits.other_part };
        let bound = part.compressed_size().saturating_mul(DEFLATE_MAX_RATIO).saturating_add(1 << 10);
        let n = if exact || bound > limit {
            let mut limited = std::io::Read::take(&mut part, limit + 1);
            std::io::copy(&mut limited, &mut std::io::sink()).map_err(|e| describe(&e.to_string()))?
        } else {
            bound
        };
        total = total.saturating_add(n);
        if n > limit {
            let part = quote(&part.name().unwrap_or_default());
            return Err(ReadError::PartTooLarge { part, mib: limit >> 20 });
        }
        if exact && total > limits.workbook {
            return Err(ReadError::WorkbookTooLarge(limits.workbook >> 20));
        }
    }
    Ok(total)
}

/// The most rows and columns calamine lays out in an `.ods` table.
const ODS_MAX_ROWS: usize = 1_048_576;
const ODS_MAX_COLUMNS: usize = 16_384;

/// Refuses an `.ods` whose tables lay out to more than [`MAX_CELLS`]: calamine lays out every table
/// of `content.xml` when it opens the file, repeating cells and rows as `number-columns-repeated`
/// and `number-rows-repeated` say. Both what calamine collects row by row and the grid it then
/// spans are counted, as calamine 0.38 counts them (empty cells and rows only between filled ones).
fn ods_tables(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), ReadError> {
    use quick_xml::events::Event;
    let Ok(part) = zip.by_name("content.xml") else {
        return Ok(()); // calamine says that it is no spreadsheet
    };
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(part.take(LIMITS.other_part)));
    let repeats = |e: &quick_xml::events::BytesStart<'_>, key: &str| {
        let value = e.try_get_attribute(key).ok().flatten();
        value.and_then(|a| a.value.trim().parse::<usize>().ok()).unwrap_or(1)
    };
    let (mut buf, mut table) = (Vec::new(), OdsTable::default());
    loop {
        let event = xml.read_event_into(&mut buf);
        match &event {
            Ok(Event::Start(e)) if e.name().as_ref() == "table:table" => table = OdsTable::default(),
            Ok(Event::Start(e) | Event::Empty(e)) if e.name().as_ref() == "table:table-row" => {
                table.start_row(repeats(e, "table:number-rows-repeated"));
                if matches!(event, Ok(Event::Empty(_))) {
                    table.end_row()?;
                }
            }
            Ok(Event::End(e)) if e.name().as_ref() == "table:table-row" => table.end_row()?,
            Ok(Event::Start(e) | Event::Empty(e))
                if matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") =>
            {
                // A cell with content (a value, a formula, text) is filled.
                let valued = e.attributes().flatten().any(|a| {
                    let key = a.key.as_ref();
                    key.starts_with("office:") && key.ends_with("value") || key == "table:formula"
                });
                table.cell(
                    repeats(e, "table:number-columns-repeated"),
                    valued || matches!(event, Ok(Event::Start(_))),
                );
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// What an `.ods` table lays out to so far.
#[derive(Debug, Default)]
struct OdsTable {
    /// Rows so far, repeats counted.
    rows: usize,
    /// The first filled row, and the row after the last.
    filled_rows: Option<(usize, usize)>,
    /// The first and last filled column.
    filled_cols: Option<(usize, usize)>,
    /// The cells collected row by row (a repeated row once).
    collected: usize,
    /// The row being read: its repeats, its next column, the column after its last filled cell.
    row: (usize, usize, usize),
}

impl OdsTable {
    fn start_row(&mut self, repeats: usize) {
        self.row = (repeats.min(ODS_MAX_ROWS.saturating_sub(self.rows)), 0, 0);
    }

    fn cell(&mut self, repeats: usize, filled: bool) {
        let (_, col, _) = self.row;
        let repeats = repeats.min(ODS_MAX_COLUMNS.saturating_sub(col));
        if filled && repeats > 0 {
            let (first, last) = self.filled_cols.unwrap_or((col, col));
            self.filled_cols = Some((first.min(col), last.max(col + repeats - 1)));
            self.row.2 = col + repeats;
        }
        self.row.1 = col + repeats;
    }

    fn end_row(&mut self) -> Result<(), ReadError> {
        let (repeats, _, filled_end) = self.row;
        if filled_end > 0 {
            let first = self.filled_rows.map_or(self.rows, |(first, _)| first);
            self.filled_rows = Some((first, self.rows + repeats));
        }
        self.collected = self.collected.saturating_add(filled_end);
        self.rows += repeats;
        self.row = (0, 0, 0);
        let grid = match (self.filled_rows, self.filled_cols) {
            (Some((first, end)), Some((left, right))) => (end - first).saturating_mul(right + 1 - left),
            _ => 0,
        };
        let cells = grid.max(self.collected);
        if cells > MAX_CELLS {
            return Err(ReadError::OdsTooLarge { cells });
        }
        Ok(())
    }
}

/// The records of a BIFF stream as calamine reads them: type and body, up to the end or the first
/// record cut short. (A Continue record follows as a record of its own, of a type no check here
/// looks at.)
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = u16::from_le_bytes([*rest.first()?, *rest.get(1)?]);
        let len = usize::from(u16::from_le_bytes([*rest.get(2)?, *rest.get(3)?]));
        let body = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, body))
    })
}

fn u16_at(d: &[u8], i: usize) -> u32 {
    d.get(i..i + 2).map_or(0, |b| u32::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(d: &[u8], i: usize) -> u32 {
    d.get(i..i + 4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The cells a Dimensions record makes calamine reserve room for, computed as calamine 0.38 does
/// (`parse_dimensions`, then rows × columns).
fn declared_cells(d: &[u8]) -> Option<usize> {
    let (first_row, end_row, mut first_col, end_col) = match d.len() {
        10 => (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4), u16_at(d, 6)),
        14 | 16 => (u32_at(d, 0), u32_at(d, 4), u16_at(d, 8), u16_at(d, 10)),
        _ => return None,
    };
    if first_col > 0xFF || end_col < first_col {
        first_col = 0;
    }
    let (last_row, last_col) =
        if end_row >= 1 && end_col >= 1 { (end_row - 1, end_col - 1) } else { (first_row, first_col) };
    let rows = last_row.wrapping_sub(first_row).wrapping_add(1) as usize;
    let cols = last_col.wrapping_sub(first_col).wrapping_add(1) as usize;
    Some(rows.saturating_mul(cols))
}

/// The stream of an OLE file that holds an `.xls` workbook (BIFF8's `Workbook`, BIFF5's `Book`), as
/// calamine looks for it; `None` for an OLE file that is no `.xls` (an encrypted `.xlsx`).
pub(super) fn workbook_stream<F>(ole: &cfb::CompoundFile<F>) -> Option<&'static str> {
    ["/Workbook", "/Book"].into_iter().find(|s| ole.is_stream(s))
}

/// Checks an `.xls` before calamine opens it. calamine parses every sheet when it opens the
/// workbook: it reserves room for the cells a sheet's Dimensions record declares and lays out a
/// grid as wide as its farthest cells. Every sheet's records are read here as calamine reads them
/// (from the positions the workbook's BoundSheet records give, embedded substreams skipped), and a
/// declared or actual extent past [`XLS_MAX_CELLS`] is refused.
pub(super) fn check_xls(bytes: &[u8]) -> Result<(), ReadError> {
    if !bytes.starts_with(&super::OLE_MAGIC) {
        return Err(not_a_workbook(bytes, ReadError::NotAnOleFile));
    }
    let unreadable = || ReadError::XlsUnreadable;
    let mut ole = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let Some(name) = workbook_stream(&ole) else {
        return Ok(()); // calamine says that it is no workbook
    };
    let mut stream = Vec::new();
    let mut reader = ole.open_stream(name).map_err(|_| unreadable())?.take(LIMITS.other_part + 1);
    reader.read_to_end(&mut stream).map_err(|_| unreadable())?;
    if stream.len() as u64 > LIMITS.other_part {
        return Err(ReadError::XlsTooLarge(LIMITS.other_part >> 20));
    }
    // The globals, to their end: where each sheet's records start.
    let sheets: Vec<usize> = records(&stream)
        .take_while(|(typ, _)| *typ != 0x000A)
        .filter(|(typ, d)| *typ == 0x0085 && d.len() >= 4)
        .map(|(_, d)| u32_at(d, 0) as usize)
        .collect();
    for start in sheets {
        check_sheet(stream.get(start..).unwrap_or_default())?;
    }
    Ok(())
}

/// One sheet's records, from its BOF to its EOF.
fn check_sheet(stream: &[u8]) -> Result<(), ReadError> {
    let mut extent = Extent::new(XLS_MAX_CELLS);
    let (mut seen_bof, mut depth) = (false, 0usize);
    for (typ, d) in records(stream) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            // Dimensions
            0x0200 => {
                if let Some(cells) = declared_cells(d).filter(|n| *n > XLS_MAX_CELLS) {
                    return Err(ReadError::XlsDeclaredTooLarge { cells });
                }
            }
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: row, column
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if d.len() >= 4 => {
                extent.add(u16_at(d, 0), u16_at(d, 2))?;
            }
            // MulRk: row, first column, …, last column
            0x00BD if d.len() >= 6 => {
                extent.add(u16_at(d, 0), u16_at(d, 2))?;
                extent.add(u16_at(d, 0), u16_at(d, d.len() - 2))?;
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, body: &[u8]) -> Vec<u8> {
        let len = u16::try_from(body.len()).unwrap();
        [&typ.to_le_bytes()[..], &len.to_le_bytes(), body].concat()
    }

    /// A Workbook stream: the globals with one BoundSheet, then the sheet's records, in an OLE
    /// container.
    fn xls(sheet: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(0x0809, &[0, 6, 0x10, 0, 0, 0, 0, 0]);
        let eof = record(0x000A, &[]);
        let globals_len = bof.len() + record(0x0085, &[0; 8]).len() + eof.len();
        let start = u32::try_from(globals_len).unwrap().to_le_bytes();
        let bound = record(0x0085, &[start[0], start[1], start[2], start[3], 0, 0, 1, 0]);
        let mut stream = [bof.clone(), bound, eof.clone(), bof].concat();
        stream.extend(sheet.concat());
        stream.extend(eof);
        let mut ole = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        std::io::Write::write_all(&mut ole.create_stream("/Workbook").unwrap(), &stream).unwrap();
        ole.flush().unwrap();
        ole.into_inner().into_inner()
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        record(0x0203, &[&row.to_le_bytes()[..], &col.to_le_bytes(), &[0; 10]].concat())
    }

    /// An .ods archive holding `content.xml` with one table of `rows`.
    fn ods(rows: &str) -> Vec<u8> {
        use std::io::Write as _;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        writer.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
        let content = format!(
            "<office:document-content><office:body><office:spreadsheet><table:table table:name=\"Budget\">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
        );
        writer.write_all(content.as_bytes()).unwrap();
        writer.finish().unwrap().into_inner()
    }

    const FILLED: &str = "<table:table-cell office:value-type=\"float\" office:value=\"1\"/>";

    #[test]
    fn an_ods_whose_repeats_lay_out_past_the_limit_is_refused() {
        // 6 000 rows × 16 000 filled columns, from two lines of XML.
        let bomb = "<table:table-row table:number-rows-repeated=\"6000\"><table:table-cell table:number-columns-repeated=\"16000\" office:value-type=\"float\" office:value=\"1\"/></table:table-row>";
        let err = check_archive(&ods(bomb), "ods").unwrap_err().to_string();
        assert!(
            err.replace('\u{a0}', " ").starts_with("ett blad sträcker sig över 96 000 000 celler"),
            "{err}"
        );
        // Empty rows between two filled ones count; 1 000 rows of 16 000 filled cells each count as
        // collected, without any row repeat.
        let gap = "<table:table-row table:number-rows-repeated=\"900\"><table:table-cell/></table:table-row>";
        let wide = format!("<table:table-row>{FILLED}<table:table-cell table:number-columns-repeated=\"9998\"/>{FILLED}</table:table-row>");
        let row = format!("<table:table-row>{FILLED}</table:table-row>");
        assert!(check_archive(&ods(&format!("{wide}{gap}{row}")), "ods").is_err());
        let many = "<table:table-row><table:table-cell table:number-columns-repeated=\"16000\" office:value=\"1\"/></table:table-row>".repeat(1000);
        assert!(check_archive(&ods(&many), "ods").is_err());
    }

    #[test]
    fn an_ods_as_libreoffice_writes_it_passes() {
        // Filled cells, then the sheet's empty rest: 16 378 empty columns and 1 048 570 empty rows,
        // which calamine does not lay out.
        let rows = format!(
            "<table:table-row>{FILLED}{FILLED}<table:table-cell table:number-columns-repeated=\"16382\"/></table:table-row><table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
        );
        assert_eq!(check_archive(&ods(&rows), "ods"), Ok(()));
    }

    #[test]
    fn an_xls_sheet_declaring_four_billion_cells_is_refused() {
        // Dimensions: rows 0..65536 (u32), columns 0..65535: calamine would reserve room for 4
        // billion cells.
        let dims = record(0x0200, &[0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0xFF, 0xFF, 0, 0]);
        let err = check_xls(&xls(&[dims])).unwrap_err().to_string();
        assert!(
            err.replace('\u{a0}', " ").starts_with("ett blad anger att det har 4 294 901 760 celler"),
            "{err}"
        );
        // The whole of an .xls sheet, 65 536 × 256, and a small one pass.
        let dims = record(0x0200, &[0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0]);
        assert_eq!(check_xls(&xls(&[dims])), Ok(()));
        let dims = record(0x0200, &[0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 0]);
        assert_eq!(check_xls(&xls(&[dims, number(0, 0), number(1, 2)])), Ok(()));
    }

    #[test]
    fn an_xls_cell_far_outside_the_others_is_refused() {
        assert_eq!(check_xls(&xls(&[number(0, 0), number(65_535, 255)])), Ok(()));
        let err = check_xls(&xls(&[number(0, 0), number(65_535, 256)])).unwrap_err();
        assert_eq!(err.cell(), Some((65_535, 256)));
        assert!(err.to_string().starts_with("bladet sträcker sig från A1 till IW65536"), "{err}");
        let err = check_xls(&xls(&[number(3, 0), number(60_000, 65_000)])).unwrap_err();
        assert!(err.to_string().contains("cellen CRDA60001"), "{err}");
        assert!(check_xls(b"not an ole file").is_err());
    }

    /// A zip archive of `parts` parts, each `mib` MiB of zeros, deflated.
    fn zeros_archive(parts: usize, mib: usize) -> Vec<u8> {
        use std::io::Write as _;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        let zeros = vec![0u8; 1 << 20];
        for p in 0..parts {
            writer.start_file(format!("xl/media/bild{p}.bin"), deflated).unwrap();
            for _ in 0..mib {
                writer.write_all(&zeros).unwrap();
            }
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn parts_each_below_the_limit_are_refused_when_together_past_it() {
        // Each part's compressed size bounds it below 64 MiB, so it is not inflated at first;
        // together the bounds pass 256 MiB, so every part is inflated and the real total refused.
        let limits = Limits { sheet_part: 64 << 20, other_part: 64 << 20, workbook: 256 << 20 };
        let bytes = zeros_archive(5, 60);
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        assert!(inflated_size(&mut zip, false, limits).unwrap() > limits.workbook);
        let err = inflated_size(&mut zip, true, limits).unwrap_err().to_string();
        assert!(err.starts_with("arbetsboken packas upp till mer än 256 MiB"), "{err}");
    }

    #[test]
    fn parts_well_below_the_limits_pass() {
        assert_eq!(check_archive(&zeros_archive(3, 20), "xlsx"), Ok(()));
        let bytes = zeros_archive(1, 70);
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let limits = Limits { sheet_part: 1 << 30, other_part: 64 << 20, workbook: 2 << 30 };
        let err = inflated_size(&mut zip, false, limits).unwrap_err().to_string();
        assert!(err.starts_with("delen xl/media/bild0.bin packas upp till mer än 64 MiB"), "{err}");
    }
}
