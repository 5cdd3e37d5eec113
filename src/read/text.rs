//! Ledger exports as text: the `;`-separated and tab-separated reports a ledger's report
//! generator writes (SPEC.md, "Ledger files: SIE 4 and CSV").
//!
//! Takes a `.csv` or `.txt` file's bytes; gives it as one Huvudbok sheet of text cells, each record
//! in the row of the line it starts on, so that every Huvudbok rule reads it as it reads a
//! workbook's sheet and its problems name the line. The encoding — UTF-8 with or without a byte
//! order mark, or Windows-1252 — is told from whether the bytes are valid UTF-8 (UTF-16, Excel's
//! "Unicode text", from its byte order mark); the separator
//! (`;`, tab or `,`) from the header line, the one it has most of. Amounts stay text and are read
//! as typed numbers are (decimal comma or point, spaces between thousands). A file whose header
//! line (among the first lines with text) has no `Konto` column is not a ledger export: it gives
//! no sheet, and is noted and not read.

use std::borrow::Cow;

use calamine::{Cell, Data, Range};

use super::bounds::{Extent, MAX_CELLS, MAX_SHEET_TEXT_BYTES};
use super::{Contents, Grid, RawSheet};
use crate::problem::ReadError;
use crate::schema::{Col, SheetKind};

pub use crate::schema::TEXT_ENDINGS as ENDINGS;

/// How many lines with text may come before the header (titles, the report's parameters).
const MAX_TITLE_LINES: usize = 20;

/// The text of the bytes: UTF-8 (a byte order mark dropped) when they are valid UTF-8, else
/// Windows-1252, which gives every byte a character.
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    // Excel's "Unicode text" is UTF-16 behind its byte order mark.
    for (bom, encoding) in [(b"\xFF\xFE", encoding_rs::UTF_16LE), (b"\xFE\xFF", encoding_rs::UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return encoding.decode_without_bom_handling(rest).0;
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// The separator: the one of `;`, tab and `,` that some line among the first has most of (title
/// lines above the header have none); `;` when none has any.
fn separator(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(MAX_TITLE_LINES).collect();
    let most = |c: char| lines.iter().map(|l| l.chars().filter(|&x| x == c).count()).max().unwrap_or(0);
    [b';', b'\t', b','].into_iter().max_by_key(|&s| (most(char::from(s)), s == b';')).unwrap_or(b';')
}

/// Line numbers of byte offsets, counted forward once.
struct Lines<'a> {
    text: &'a [u8],
    counted: usize,
    /// The line (from 1) of offset `counted`.
    line: usize,
}

impl Lines<'_> {
    #[allow(clippy::naive_bytecount, reason = "each byte counted once per file; not worth a crate")]
    fn count_to(&mut self, offset: usize) {
        if offset > self.counted {
            self.line += self.text[self.counted..offset].iter().filter(|&&b| b == b'\n').count();
            self.counted = offset;
        }
    }
}

/// The line of a quote that is opened and never closed (a file cut short inside a quoted text,
/// which a reader would otherwise take as one text to the end).
fn quote_never_closed(text: &str) -> Option<usize> {
    let (mut open, mut line) = (None, 1);
    for c in text.chars() {
        match c {
            '"' => open = if open.is_some() { None } else { Some(line) },
            '\n' => line += 1,
            _ => {}
        }
    }
    open
}

/// The file as the sheets of a workbook: one Huvudbok sheet, or none when it is not a ledger
/// export.
pub fn sheets(bytes: &[u8]) -> Result<Vec<RawSheet>, ReadError> {
    let text = decode(bytes);
    if let Some(line) = quote_never_closed(&text) {
        return Err(ReadError::QuoteNeverClosed { line });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(&text))
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    let mut extent = Extent::new(MAX_CELLS);
    let mut text_bytes = 0usize;
    let (mut header_found, mut lines_before_header) = (false, 0);
    let mut record = csv::StringRecord::new();
    let mut lines = Lines { text: text.as_bytes(), counted: 0, line: 1 };
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // Invalid text cannot be: the bytes were decoded. A quote never closed ends the file.
            Err(_) => return Err(ReadError::Truncated),
        }
        // The line the record starts on, counted here: the reader's own count lags with CRLF
        // endings, and its position is before any blank lines it skipped.
        let start = record.position().map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let start =
            start + text.get(start..).map_or(0, |t| t.len() - t.trim_start_matches(['\r', '\n']).len());
        lines.count_to(start.min(text.len()));
        let row = u32::try_from(lines.line - 1).unwrap_or(u32::MAX);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        // A ledger export's header, below any title lines, has Konto.
        if !header_found {
            header_found = record
                .iter()
                .any(|f| Col::Account.matches_in(SheetKind::Ledger, &crate::names::normalise(f)));
            lines_before_header += 1;
            if !header_found && lines_before_header >= MAX_TITLE_LINES {
                return Ok(Vec::new());
            }
        }
        for (c, field) in record.iter().enumerate() {
            if field.trim().is_empty() {
                continue;
            }
            let col = u32::try_from(c).unwrap_or(u32::MAX);
            extent.add(row, col)?;
            text_bytes += field.len();
            if text_bytes > MAX_SHEET_TEXT_BYTES {
                return Err(ReadError::SheetTextTooLarge {
                    mib: (MAX_SHEET_TEXT_BYTES >> 20) as u64,
                    cell: (row, col),
                });
            }
            cells.push(Cell::new((row, col), Data::String(field.to_string())));
        }
    }
    if !header_found {
        return Ok(Vec::new());
    }
    let grid = Grid::of(Range::from_sparse(cells));
    Ok(vec![RawSheet { name: SheetKind::Ledger.swedish().to_string(), contents: Contents::Cells(grid) }])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(bytes: &[u8]) -> Vec<(usize, usize, String)> {
        let sheets = sheets(bytes).unwrap();
        let Contents::Cells(g) = &sheets[0].contents else { panic!("no cells") };
        g.cells.used_cells().map(|(r, c, d)| (r, c, d.to_string())).collect()
    }

    #[test]
    fn semicolons_with_windows_1252_and_decimal_commas() {
        let bytes =
            b"Ansvar;Konto;Utfall\r\n1100;4010;\"1 234,50\"\r\n1100;3010;-12,5\r\n\xC5ldre;5010;1\r\n";
        let g = grid(bytes);
        assert!(g.contains(&(1, 2, "1 234,50".into())), "{g:?}");
        assert!(g.contains(&(3, 0, "Åldre".into())), "{g:?}");
    }

    #[test]
    fn tabs_in_utf8_with_a_byte_order_mark() {
        let g = grid("\u{feff}Ansvar\tKonto\tBudget 2022\n\n1100\t4010\t99.5\n".as_bytes());
        assert_eq!(g[0], (0, 0, "Ansvar".into()));
        // The blank line keeps its number: the record after it is on line 3.
        assert!(g.contains(&(2, 2, "99.5".into())), "{g:?}");
    }

    #[test]
    fn excels_unicode_text_is_utf16_behind_its_byte_order_mark() {
        let text = "Ansvar\tKonto\tBudget 2022\r\n1100\t4010\t\"1 234,50\"\r\nÄldre\t5010\t1\r\n";
        let le: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> =
            [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        for bytes in [le, be] {
            let g = grid(&bytes);
            assert!(g.contains(&(1, 2, "1 234,50".into())) && g.contains(&(2, 0, "Äldre".into())), "{g:?}");
        }
    }

    #[test]
    fn a_file_without_konto_is_no_ledger_export() {
        assert!(sheets(b"hej").unwrap().is_empty());
        assert!(sheets(b"Namn;Adress\nA;B\n").unwrap().is_empty());
    }

    #[test]
    fn a_quote_never_closed_is_a_file_cut_short() {
        let cut = sheets(b"Ansvar;Konto;Budget\n1100;4010;5\n1100;\"40\"\"10;5\n");
        assert_eq!(cut.unwrap_err(), ReadError::QuoteNeverClosed { line: 3 });
    }
}
