//! SIE 4 files, the Swedish standard for accounting data (sie.se), as one Huvudbok sheet (SPEC.md,
//! "Ledger files: SIE 4 and CSV").
//!
//! Takes a `.se`, `.si` or `.sie` file's bytes; gives the monthly balances as the rows of a Huvudbok
//! sheet, each in the row of its line, so that every Huvudbok rule reads them and their problems
//! name the line: `#PBUDGET` lines give `Budget`, `#PSALDO` lines `Utfall`, each with `Period`
//! (`YYYYMM`), `Konto` and a column per dimension of its object list, named by the dimension's
//! `#DIM` name (`Ansvar`, `Verksamhet`…; `dim:N` for a dimension the file does not name), so that
//! `[ledger]`'s `area_column` and `activity_column` pick them as they pick a sheet's columns. The
//! amount columns carry the year of `#RAR 0`, which the Huvudbok rules check against the period's.
//! Lines with an empty object list `{}` are the account's totals over all objects: not added to
//! the object rows (a file with only those cannot place its amounts: an error naming the line).
//! When a file has no `#PSALDO`, the actual is the sum of its `#TRANS` amounts by month, account
//! and objects, in the row of the first line of each. The text is PC8 (code page 437), as the
//! standard says, or UTF-8 behind a byte order mark. Everything else is ignored.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Read};

use calamine::{Cell, Data, Range};
use codepage_437::{BorrowFromCp437, CP437_CONTROL};

use super::bounds::MAX_SHEET_TEXT_BYTES;
use super::{Contents, Grid, Line, RawSheet, MAX_CELLS};
use crate::problem::ReadError;
use crate::schema::{Col, SheetKind};

/// The largest amount of one `#TRANS`, kronor: a thousand billion.
const MAX_KRONOR: f64 = 1e15;

/// The most rows (balances and `#TRANS` sums) a file may give: a sheet's cells' limit, at eight
/// columns a row.
const MAX_ROWS: usize = MAX_CELLS / 8;

/// The longest line: SIE lines are short (a record and its object list); a longer one is no SIE.
const MAX_LINE_BYTES: u64 = 64 << 10;

/// One field of a line: a word or quoted text, or an object list `{dim "code" …}`; borrowed from
/// the line unless a `\"` had to be made a quote.
#[derive(Debug, PartialEq)]
enum Field<'a> {
    Text(Cow<'a, str>),
    Objects(Vec<(Cow<'a, str>, Cow<'a, str>)>),
}

/// The fields of a line, or `None` for a quote or `{` never closed.
fn fields(line: &str) -> Option<Vec<Field<'_>>> {
    let mut out = Vec::new();
    let mut rest = line.trim_start();
    while !rest.is_empty() {
        let (field, after) = match rest.strip_prefix('{') {
            Some(list) => object_list(list).map(|(objects, after)| (Field::Objects(objects), after))?,
            None => word(rest, false).map(|(text, after)| (Field::Text(text), after))?,
        };
        out.push(field);
        rest = after.trim_start();
    }
    Some(out)
}

/// An object's dimension and code.
type Object<'a> = (Cow<'a, str>, Cow<'a, str>);

/// The pairs of an object list, from after its `{` to its `}`, and what follows it.
fn object_list(mut s: &str) -> Option<(Vec<Object<'_>>, &str)> {
    let mut words = Vec::new();
    loop {
        s = s.trim_start();
        if let Some(after) = s.strip_prefix('}') {
            if !words.len().is_multiple_of(2) {
                return None;
            }
            let mut it = words.into_iter();
            let pairs = std::iter::from_fn(|| Some((it.next()?, it.next()?))).collect();
            return Some((pairs, after));
        }
        if s.starts_with('{') {
            return None;
        }
        let (text, after) = word(s, true)?;
        words.push(text);
        s = after;
    }
}

/// The word or quoted text `s` starts with (not with a space), and what follows it; `\"` in a
/// quoted text is a quote. A word ends at a space, a quote or `{`, and in an object list at `}`.
fn word(s: &str, in_list: bool) -> Option<(Cow<'_, str>, &str)> {
    let Some(q) = s.strip_prefix('"') else {
        let end = s.find(|c: char| c.is_whitespace() || c == '{' || c == '"' || (in_list && c == '}'));
        let end = end.unwrap_or(s.len());
        return (end > 0).then(|| (Cow::Borrowed(&s[..end]), &s[end..]));
    };
    let (mut text, mut from) = (Cow::Borrowed(""), 0);
    let bytes = q.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let text = if from == 0 {
                    Cow::Borrowed(&q[..i])
                } else {
                    Cow::Owned(text.into_owned() + &q[from..i])
                };
                return Some((text, &q[i + 1..]));
            }
            b'\\' if bytes.get(i + 1) == Some(&b'"') => {
                text = Cow::Owned(text.into_owned() + &q[from..i] + "\"");
                i += 2;
                from = i;
            }
            _ => i += 1,
        }
    }
    None
}

/// The first 80 characters of a line, for a message.
fn start_of(line: &str) -> String {
    line.trim().chars().take(80).collect()
}

/// The text of a line's bytes: UTF-8 in a file that began with a byte order mark, else PC8.
fn decode(bytes: &[u8], utf8: bool) -> Cow<'_, str> {
    if utf8 {
        String::from_utf8_lossy(bytes)
    } else {
        Cow::borrow_from_cp437(bytes, &CP437_CONTROL)
    }
}

/// The `#KSUMMA` check (SIE 4B, 10.15): CRC-32 of every record between the opening `#KSUMMA` and
/// the closing `#KSUMMA <sum>` — its label and the contents of its fields, without the spaces,
/// quotes and braces between them, in the file's encoding.
struct Checksum {
    crc: crc32fast::Hasher,
    pc8: bool,
}

impl Checksum {
    fn add(&mut self, label: &str, fields: &[Field]) {
        let mut add = |text: &str| {
            if self.pc8 {
                let bytes: Vec<u8> = text.chars().map(|c| CP437_CONTROL.encode(c).unwrap_or(b'?')).collect();
                self.crc.update(&bytes);
            } else {
                self.crc.update(text.as_bytes());
            }
        };
        add(label);
        for f in fields {
            match f {
                Field::Text(t) => add(t),
                Field::Objects(list) => {
                    for (dim, code) in list {
                        add(dim);
                        add(code);
                    }
                }
            }
        }
    }

    /// Whether `declared` (written unsigned or as a signed 32-bit number) is the sum.
    fn matches(&self, declared: &str) -> bool {
        let sum = self.crc.clone().finalize();
        declared.parse::<i64>().is_ok_and(|d| d == i64::from(sum) || d == i64::from(sum.cast_signed()))
    }
}

/// The amount columns: `#PBUDGET`'s and `#PSALDO`'s (or the `#TRANS` sums').
const BUDGET: &str = "Budget";
const ACTUAL: &str = "Utfall";

/// The key of a `#TRANS` sum: month (`YYYYMM`), account and each object's dimension and code,
/// each ended by [`END`] — one text, so that a line's key is looked up without being allocated.
fn trans_key(key: &mut String, month: &str, account: &str, objects: &[Object<'_>]) {
    key.clear();
    for part in [month, account].into_iter().chain(objects.iter().flat_map(|(d, c)| [&**d, &**c])) {
        key.push_str(part);
        key.push(END);
    }
}

/// Ends each part of a `#TRANS` sum's key: a character no field of a line holds.
const END: char = '\n';

/// The balances of one figure, month and account: its `{}` total (line, and öre unless no number),
/// and the sum of its rows with objects.
#[derive(Default)]
struct Balance {
    total: Option<(usize, Option<i128>)>,
    objects: i128,
    rows: usize,
    /// Some object row's amount is no number (the Huvudbok rules name it): nothing to check.
    unreadable: bool,
}

/// A file's balances by figure, month and account, their `{}` totals to be checked against the
/// sums of their rows with objects.
#[derive(Default)]
struct Totals(HashMap<(&'static str, String, String), Balance>);

impl Totals {
    fn add(
        &mut self,
        (figure, month, account): (&'static str, &str, &str),
        total: bool,
        line: usize,
        amount: &str,
    ) {
        let ore = ore(amount);
        let b = self.0.entry((figure, month.to_string(), account.to_string())).or_default();
        if total {
            b.total.get_or_insert((line, ore));
        } else {
            b.objects += ore.unwrap_or(0);
            b.rows += 1;
            b.unreadable |= ore.is_none();
        }
    }

    /// The first (by line) `{}` total that its object rows do not sum to: they overlap (a balance
    /// per dimension beside the combinations) or leave postings without objects out. An account
    /// with no object rows (a balance account) is not checked.
    fn check(&self) -> Result<(), ReadError> {
        let wrong = self.0.iter().filter_map(|((figure, month, account), b)| {
            let (line, total) = b.total?;
            let total = total.filter(|t| b.rows > 0 && !b.unreadable && *t != b.objects)?;
            Some((line, format!("{} på konto {account} {month}", figure.to_lowercase()), total, b.objects))
        });
        match wrong.min_by_key(|w| w.0) {
            Some((line, key, total, objects)) => {
                // As a clerk reads kronor: `1 800,00`.
                #[allow(clippy::cast_precision_loss, reason = "öre of a ledger, far below 2^53")]
                let kr = |ore: i128| crate::format::number(ore as f64 / 100.0, 2);
                Err(ReadError::SieTotalMismatch { line, key, total: kr(total), objects: kr(objects) })
            }
            None => Ok(()),
        }
    }
}

/// A SIE amount (kronor, a point as decimal mark) in whole öre; `None` when it is no number or
/// past the bound of a cell's amount.
fn ore(amount: &str) -> Option<i128> {
    let kronor = amount.parse::<f64>().ok().filter(|v| v.is_finite() && v.abs() <= MAX_KRONOR)?;
    Some(i128::from(crate::money::hundredths(kronor)))
}

/// Öre as kronor text: exact, a point before the two decimals.
fn kronor(ore: i128) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", (ore / 100).abs(), (ore % 100).abs())
}

/// The sheet being built: its rows packed one after the other, each with the row of its line, and
/// the columns by name.
#[derive(Default)]
struct Sheet {
    columns: Vec<String>,
    cells: Vec<Cell<Data>>,
    /// The line of each of the sheet's rows; the first is the header's.
    lines: Vec<Line>,
    text_bytes: usize,
    /// `#DIM`: the dimensions' names by number.
    dims: HashMap<String, String>,
    /// The dimensions with objects, by number: their columns.
    dim_columns: BTreeMap<String, u32>,
    /// `#RAR 0`: the year, and its line.
    year: Option<String>,
    year_line: Option<Line>,
    any_saldo: bool,
    /// The first balance over all objects (`{}`).
    totals_only_line: Option<usize>,
    /// The date of the `#VER` the `#TRANS` lines belong to.
    voucher_date: String,
    /// The `{}` totals of the balances, and the sums of their object rows, to check.
    totals: Totals,
    /// `#TRANS` sums by month, account and objects: the line of their first and the amount.
    trans: HashMap<String, (Line, i128)>,
    key: String,
}

impl Sheet {
    fn column(&mut self, name: &str) -> u32 {
        let i = self.columns.iter().position(|c| c == name).unwrap_or_else(|| {
            self.columns.push(name.to_string());
            self.columns.len() - 1
        });
        u32::try_from(i).unwrap_or(u32::MAX)
    }

    fn put(&mut self, row: u32, column: &str, text: String) {
        let col = self.column(column);
        self.text_bytes += text.len();
        self.cells.push(Cell::new((row, col), Data::String(text)));
    }

    /// One balance row from `line`: period, account, its objects by dimension, the amount in
    /// `amount.0`.
    fn row(
        &mut self,
        line: Line,
        (month, account, objects): (&str, &str, &[Object<'_>]),
        amount: (&str, String),
    ) -> Result<(), ReadError> {
        // Bounded as a workbook's sheet is: rows, the grid they span with the columns, their texts.
        let rows = MAX_ROWS.min(MAX_CELLS / self.columns.len().max(1));
        if self.lines.len() > rows || self.text_bytes > MAX_SHEET_TEXT_BYTES {
            return Err(ReadError::SieTooLarge { line: line.row as usize + 1, rows });
        }
        let row = u32::try_from(self.lines.len()).unwrap_or(u32::MAX);
        self.text_bytes += line.start.len();
        self.lines.push(line);
        self.put(row, "Period", month.to_string());
        self.put(row, "Konto", account.to_string());
        // Dimension 1 is the standard's kostnadsställe: the area's (Ansvar) when no dimension of
        // the file is named so.
        let area_named = self.dims.values().any(|n| Col::CostCentre.matches(&crate::names::normalise(n)));
        for (dim, code) in objects {
            let name = match self.dims.get(dim.as_ref()) {
                _ if dim == "1" && !area_named => Col::CostCentre.swedish().to_string(),
                Some(name) => name.clone(),
                None => format!("dim:{dim}"),
            };
            if !self.dim_columns.contains_key(dim.as_ref()) {
                let col = self.column(&name);
                self.dim_columns.insert(dim.to_string(), col);
            }
            self.put(row, &name, code.to_string());
        }
        self.put(row, amount.0, amount.1);
        Ok(())
    }
}

/// The file as the sheets of a workbook: one Huvudbok sheet. Read line by line: what is held is
/// the balances' rows and the `#TRANS` sums, never the file, so a type 4 file of millions of
/// transactions takes the memory of its sums.
pub fn sheets(mut reader: impl BufRead) -> Result<Vec<RawSheet>, ReadError> {
    // The header's row first, its line known at the end.
    let mut sheet = Sheet { lines: vec![Line::default()], ..Sheet::default() };
    let mut checksum: Option<(usize, Checksum)> = None;
    let (mut bytes, mut utf8, mut records) = (Vec::new(), false, false);
    for number in 1.. {
        bytes.clear();
        let read = (&mut reader).take(MAX_LINE_BYTES).read_until(b'\n', &mut bytes);
        match read.map_err(|e| ReadError::Io { reason: e.to_string() })? {
            0 if number == 1 => return Err(ReadError::Empty),
            0 => break,
            n if n as u64 == MAX_LINE_BYTES && !bytes.ends_with(b"\n") => {
                return Err(ReadError::SieLineTooLong { line: number, kib: MAX_LINE_BYTES >> 10 });
            }
            _ => {}
        }
        if number == 1 {
            if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
                utf8 = true;
                bytes = rest.to_vec();
            }
        }
        let line = decode(&bytes, utf8);
        let trimmed = line.trim();
        if !trimmed.starts_with('#') {
            // A SIE file begins with a record (`#FLAGGA`); one that does not is no SIE file.
            if !records && !trimmed.is_empty() {
                return Err(ReadError::NotSie { start: start_of(trimmed) });
            }
            continue;
        }
        records = true;
        let malformed = || ReadError::SieMalformed { line: number, start: start_of(trimmed) };
        let f = fields(trimmed).ok_or_else(malformed)?;
        let (label, declared) = (text_at(&f, 0).unwrap_or(""), text_at(&f, 1));
        if label == "#KSUMMA" {
            match (checksum.take(), declared) {
                (None, None) => {
                    checksum = Some((number, Checksum { crc: crc32fast::Hasher::new(), pc8: !utf8 }));
                }
                (Some((_, sum)), Some(declared)) if sum.matches(declared) => {}
                (Some(_), Some(declared)) => {
                    return Err(ReadError::SieChecksum { line: number, declared: declared.to_string() })
                }
                _ => return Err(malformed()),
            }
            continue;
        }
        if let Some((_, sum)) = checksum.as_mut() {
            sum.add(label, &f[1..]);
        }
        sheet.record(&f, (number, trimmed)).map_err(|e| e.unwrap_or_else(malformed))?;
    }
    if let Some((line, _)) = checksum {
        return Err(ReadError::SieChecksumNeverClosed { line });
    }
    sheet.finish()
}

/// The text of field `k`, if it is a word or a quoted text.
fn text_at<'a>(f: &'a [Field<'_>], k: usize) -> Option<&'a str> {
    match f.get(k) {
        Some(Field::Text(t)) => Some(t),
        _ => None,
    }
}

impl Sheet {
    /// One record (its fields) of line `number`, `text`; `Err(None)` for a malformed line.
    fn record(&mut self, f: &[Field], (number, text): (usize, &str)) -> Result<(), Option<ReadError>> {
        let word = |k: usize| text_at(f, k);
        let line = || Line { row: u32::try_from(number - 1).unwrap_or(u32::MAX), start: start_of(text) };
        match word(0).unwrap_or("") {
            "#RAR" if word(1) == Some("0") => {
                self.year = word(2).and_then(|d| d.get(..4)).map(str::to_string);
                self.year_line = Some(line());
            }
            "#DIM" => {
                if let (Some(n), Some(name)) = (word(1), word(2)) {
                    self.text_bytes += n.len() + name.len();
                    if self.text_bytes > MAX_SHEET_TEXT_BYTES {
                        return Err(Some(ReadError::SieTooLarge { line: number, rows: self.lines.len() }));
                    }
                    self.dims.insert(n.to_string(), name.to_string());
                }
            }
            label @ ("#PBUDGET" | "#PSALDO") if word(1) == Some("0") => {
                let (Some(month), Some(account), Some(Field::Objects(objects)), Some(amount)) =
                    (word(2), word(3), f.get(4), word(5))
                else {
                    return Err(None);
                };
                let column = if label == "#PBUDGET" { BUDGET } else { ACTUAL };
                self.any_saldo |= label == "#PSALDO";
                self.totals.add((column, month, account), objects.is_empty(), number, amount);
                if objects.is_empty() {
                    self.totals_only_line.get_or_insert(number);
                } else {
                    self.row(line(), (month, account, objects), (column, amount.to_string()))?;
                }
            }
            "#VER" => self.voucher_date = word(3).unwrap_or("").to_string(),
            "#TRANS" => {
                let (Some(account), Some(Field::Objects(objects)), Some(amount)) =
                    (word(1), f.get(2), word(3))
                else {
                    return Err(None);
                };
                // Its own date, else its voucher's: a posting without one cannot be put in a month.
                let is_date = |d: &&str| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit());
                let date = word(4).filter(is_date).unwrap_or(&self.voucher_date);
                if !is_date(&date) {
                    return Err(None);
                }
                // Summed here in whole öre, exactly.
                let Some(value) = ore(amount) else {
                    let (found, start) = (amount.to_string(), start_of(text));
                    return Err(Some(ReadError::SieNotANumber { line: number, start, found }));
                };
                let mut key = std::mem::take(&mut self.key);
                trans_key(&mut key, date.get(..6).unwrap_or(""), account, objects);
                if let Some(sum) = self.trans.get_mut(&key) {
                    sum.1 = sum.1.saturating_add(value);
                } else {
                    if self.trans.len() >= MAX_ROWS {
                        return Err(Some(ReadError::SieTooLarge { line: number, rows: MAX_ROWS }));
                    }
                    let first = line();
                    self.text_bytes += key.len() + first.start.len();
                    if self.text_bytes > MAX_SHEET_TEXT_BYTES {
                        return Err(Some(ReadError::SieTooLarge { line: number, rows: self.trans.len() }));
                    }
                    self.trans.insert(key.clone(), (first, value));
                }
                self.key = key;
            }
            _ => {}
        }
        Ok(())
    }

    /// The sheet: the `#TRANS` sums where there is no `#PSALDO`, and the header.
    fn finish(mut self) -> Result<Vec<RawSheet>, ReadError> {
        if !self.any_saldo {
            let mut sums: Vec<(String, (Line, i128))> = std::mem::take(&mut self.trans).into_iter().collect();
            sums.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            for (key, (line, sum)) in sums {
                let parts: Vec<&str> = key.split_terminator(END).collect();
                let [month, account, objects @ ..] = parts.as_slice() else { continue };
                if !objects.is_empty() {
                    let objects: Vec<Object<'_>> = objects
                        .chunks(2)
                        .map(|p| (p[0].into(), p.get(1).copied().unwrap_or("").into()))
                        .collect();
                    self.row(line, (month, account, &objects), (ACTUAL, kronor(sum)))?;
                }
            }
        }
        self.totals.check()?;
        // Only the header's row: no balance or sum had objects.
        if self.lines.len() == 1 {
            return Err(match self.totals_only_line {
                Some(line) => ReadError::SieTotalsOnly { line },
                None => ReadError::SieNothingToRead,
            });
        }
        // The header in the row of `#RAR 0`, which comes before the balances, so that a year other
        // than the period's is named at its line; in row 0 (`#FLAGGA`, never a balance) when there
        // is none or a balance comes before it. The amounts' headers carry the year.
        let first_balance = self.lines.iter().skip(1).map(|l| l.row).min().unwrap_or(u32::MAX);
        self.lines[0] = self.year_line.take().filter(|year| year.row < first_balance).unwrap_or_default();
        // The last row may have added columns: the grid it spans, bounded as every row's.
        if self.lines.len().saturating_mul(self.columns.len()) > MAX_CELLS {
            let line = self.lines.last().map_or(0, |l| l.row as usize + 1);
            return Err(ReadError::SieTooLarge { line, rows: MAX_CELLS / self.columns.len() });
        }
        let year = self.year.as_ref().map_or_else(String::new, |y| format!(" {y}"));
        for (c, name) in self.columns.iter().enumerate() {
            let head = if name == BUDGET || name == ACTUAL { format!("{name}{year}") } else { name.clone() };
            self.cells.push(Cell::new((0, u32::try_from(c).unwrap_or(u32::MAX)), Data::String(head)));
        }
        let grid = Grid {
            lines: self.lines,
            dims: self.dim_columns.into_iter().collect(),
            ..Grid::of(Range::from_sparse(self.cells))
        };
        Ok(vec![RawSheet { name: SheetKind::Ledger.swedish().to_string(), contents: Contents::Cells(grid) }])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<(usize, usize, String)> {
        let sheets = sheets(text.as_bytes()).unwrap();
        let Contents::Cells(g) = &sheets[0].contents else { panic!("no cells") };
        let (r0, c0) = g.cells.start().unwrap_or((0, 0));
        let row = |r: usize| g.file_row(u32::try_from(r).unwrap() + r0) as usize;
        g.cells.used_cells().map(|(r, c, d)| (row(r), c + c0 as usize, d.to_string())).collect()
    }

    #[test]
    fn fields_quotes_and_object_lists() {
        assert_eq!(
            fields(r#"#PSALDO 0 202201 4010 {1 "5210" 6 "72 00"} -12.50"#).unwrap(),
            [
                Field::Text("#PSALDO".into()),
                Field::Text("0".into()),
                Field::Text("202201".into()),
                Field::Text("4010".into()),
                Field::Objects(vec![("1".into(), "5210".into()), ("6".into(), "72 00".into())]),
                Field::Text("-12.50".into()),
            ]
        );
        assert_eq!(
            fields(r#"#KONTO 4010 "Löner \"fast\"""#).unwrap()[2],
            Field::Text("Löner \"fast\"".into())
        );
        assert_eq!(fields(r#"#PSALDO 0 202201 4010 {1 "5210" -1"#), None);
        assert_eq!(fields(r#"#KONTO 4010 "Löner"#), None);
    }

    #[test]
    fn balances_become_rows_in_the_lines_rows_and_totals_are_left_out() {
        let text = "#FLAGGA 0\n#RAR 0 20220101 20221231\n#DIM 1 \"Ansvar\"\n#DIM 6 \"Verksamhet\"\n\
                    #PBUDGET 0 202201 4010 {1 \"5210\" 6 \"7200\"} 1000.50\n\
                    #PBUDGET 0 202201 4010 {} 1000.50\n\
                    #PSALDO 0 202201 4010 {1 \"5210\"} 900\n";
        let c = cells(text);
        for want in [
            (1, 0, "Period"),
            (1, 1, "Konto"),
            (1, 2, "Ansvar"),
            (1, 3, "Verksamhet"),
            (1, 4, "Budget 2022"),
            (1, 5, "Utfall 2022"),
            (4, 4, "1000.50"),
            (6, 5, "900"),
        ] {
            assert!(c.contains(&(want.0, want.1, want.2.to_string())), "{want:?} not in {c:?}");
        }
        assert!(!c.iter().any(|(r, _, _)| *r == 5), "{c:?}");
    }

    #[test]
    fn dimension_one_is_the_area_unless_a_dimension_is_named_ansvar() {
        let text = "#FLAGGA 0\n#DIM 1 \"Kostnadsställe\"\n#DIM 6 \"Projekt\"\n\
                    #PSALDO 0 202201 4010 {1 \"5210\" 6 \"P1\" 9 \"L7\"} 1\n";
        let c = cells(text);
        for head in ["Ansvar", "Projekt", "dim:9"] {
            assert!(c.iter().any(|(r, _, t)| *r == 0 && t == head), "{head} not in {c:?}");
        }
        let named = cells("#FLAGGA 0\n#DIM 1 \"Resultatenhet\"\n#DIM 2 \"Ansvar\"\n#PSALDO 0 202201 4010 {1 \"1\" 2 \"52\"} 1\n");
        assert!(named.iter().any(|(r, _, t)| *r == 0 && t == "Resultatenhet"), "{named:?}");
    }

    #[test]
    fn transactions_sum_by_month_account_and_objects_without_psaldo() {
        let text = "#FLAGGA 0\n#RAR 0 20220101 20221231\n#DIM 1 \"Ansvar\"\n\
                    #VER A 1 20220115 \"\"\n{\n#TRANS 4010 {1 \"5210\"} 100.25\n#TRANS 1930 {} -100.25\n}\n\
                    #VER A 2 20220120 \"\"\n{\n#TRANS 4010 {1 \"5210\"} 50\n}\n\
                    #VER A 3 20220125 \"\"\n{\n#BTRANS 4010 {1 \"5210\"} 7\n\
                    #RTRANS 4010 {1 \"5210\"} 3\n#TRANS 4010 {1 \"5210\"} 3\n}\n";
        let c = cells(text);
        // A removed posting (#BTRANS) is not counted; an added one (#RTRANS) is counted once, by
        // the #TRANS that follows it, as SIE 4B says.
        assert!(c.contains(&(5, 3, "153.25".into())), "{c:?}");
        assert_eq!(kronor(-5), "-0.05");
        assert_eq!(kronor(-1_234_567), "-12345.67");
        assert!(c.contains(&(5, 0, "202201".into())), "{c:?}");
        // A posting with no date of its own or of its voucher is a line that cannot be read.
        let undated = "#FLAGGA 0\n#VER A 1 \"\" \"\"\n{\n#TRANS 4010 {1 \"5210\"} 1\n}\n";
        assert!(matches!(sheets(undated.as_bytes()), Err(ReadError::SieMalformed { line: 4, .. })));
    }

    #[test]
    fn a_file_of_totals_only_and_a_broken_line_are_errors_naming_the_line() {
        let totals = "#FLAGGA 0\n#PSALDO 0 202201 4010 {} 5\n";
        assert_eq!(sheets(totals.as_bytes()).unwrap_err(), ReadError::SieTotalsOnly { line: 2 });
        let cut = "#FLAGGA 0\n#PSALDO 0 202201 4010 {1 \"52";
        assert!(matches!(sheets(cut.as_bytes()).unwrap_err(), ReadError::SieMalformed { line: 2, .. }));
    }

    /// A file with its `#KSUMMA`, computed as the standard says.
    fn with_checksum(records: &[&str]) -> String {
        let mut crc = crc32fast::Hasher::new();
        for r in records {
            let f = fields(r).unwrap();
            let Some(Field::Text(label)) = f.first() else { panic!() };
            let mut sum = Checksum { crc: crc32fast::Hasher::new(), pc8: true };
            sum.add(label, &f[1..]);
            crc.combine(&sum.crc);
        }
        format!("#FLAGGA 0\n#KSUMMA\n{}\n#KSUMMA {}\n", records.join("\n"), crc.finalize())
    }

    #[test]
    fn ksumma_is_checked() {
        // The standard's example: label and field contents, no spaces, quotes or braces.
        let mut sum = Checksum { crc: crc32fast::Hasher::new(), pc8: true };
        sum.add("#TRANS", &fields(r#"7010 {1 "456"} 13200.00"#).unwrap());
        let mut want = crc32fast::Hasher::new();
        want.update(b"#TRANS70101456");
        want.update(b"13200.00");
        assert!(sum.matches(&want.finalize().to_string()));
        let records =
            ["#RAR 0 20220101 20221231", "#DIM 1 \"Ansvar\"", "#PSALDO 0 202201 4010 {1 \"5210\"} 900"];
        let good = with_checksum(&records);
        assert!(sheets(good.as_bytes()).is_ok());
        let changed = good.replace("} 900", "} 901");
        assert!(matches!(sheets(changed.as_bytes()), Err(ReadError::SieChecksum { line: 6, .. })));
        let cut = &good[..good.rfind("#KSUMMA").unwrap()];
        assert_eq!(sheets(cut.as_bytes()).unwrap_err(), ReadError::SieChecksumNeverClosed { line: 2 });
    }

    #[test]
    fn read_line_by_line_the_rows_are_the_sums_not_the_lines() {
        use std::fmt::Write as _;
        let mut text = String::from("#FLAGGA 0\n#RAR 0 20220101 20221231\n#DIM 1 \"Ansvar\"\n");
        for i in 0..5000 {
            let ansvar = if i % 2 == 0 { "5210" } else { "5410" };
            let _ = write!(text, "#VER A {i} 20220315 \"\"\n{{\n#TRANS 4010 {{1 \"{ansvar}\"}} 1.01\n}}\n");
        }
        // Through a buffer of a few bytes, as through the file's: the same rows.
        let whole = cells(&text);
        let reader = std::io::BufReader::with_capacity(3, text.as_bytes());
        let Contents::Cells(g) = &sheets(reader).unwrap()[0].contents else { panic!() };
        // Two sums of 2 500 lines each, and the header: three rows, whatever the file's length.
        assert_eq!(g.cells.height(), 3);
        assert_eq!(g.file_row(0), 1, "the header in the row of #RAR");
        assert_eq!((g.file_row(1), g.file_row(2)), (5, 9), "each sum in the row of its first line");
        assert!(g.line(1).unwrap().start.starts_with("#TRANS 4010 {1 \"5210\"} 1.01"));
        assert!(
            whole.contains(&(5, 3, "2525.00".into())) && whole.contains(&(9, 3, "2525.00".into())),
            "{whole:?}"
        );
    }

    #[test]
    fn a_transaction_amount_that_is_no_number_names_the_line_and_its_start() {
        let text = "#FLAGGA 0\n#VER A 1 20220115 \"\"\n{\n#TRANS 4010 {1 \"5210\"} 12,50\n}\n";
        let e = sheets(text.as_bytes()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "rad 4 (\"#TRANS 4010 {1 \"5210\"} 12,50\"): beloppet \"12,50\" är inte ett tal"
        );
    }

    #[test]
    fn a_grid_too_large_is_refused_before_it_is_built() {
        use std::fmt::Write as _;
        // One line of 3 000 dimensions, then short lines: rows × columns would pass the cells'
        // limit (8 000 000) at the 2 664th row, long before the rows' own.
        let objects: Vec<String> = (0..3000).map(|d| format!("{d} \"x\"")).collect();
        let mut text = format!("#FLAGGA 0\n#PSALDO 0 202201 4010 {{{}}} 1\n", objects.join(" "));
        for _ in 0..3000 {
            let _ = writeln!(text, "#PSALDO 0 202201 4010 {{1 \"5\"}} 1");
        }
        let rows = MAX_CELLS / 3003;
        assert_eq!(sheets(text.as_bytes()).unwrap_err(), ReadError::SieTooLarge { line: rows + 2, rows });
    }

    #[test]
    fn a_file_that_is_no_sie_or_has_no_balances_says_so() {
        assert!(matches!(sheets(&b"\x00\x9f garbage\n#FLAGGA 0\n"[..]), Err(ReadError::NotSie { .. })));
        assert_eq!(
            sheets(&b"\n#FLAGGA 0\n#RAR 0 20220101 20221231\n"[..]).unwrap_err(),
            ReadError::SieNothingToRead
        );
        assert_eq!(sheets(&b""[..]).unwrap_err(), ReadError::Empty);
        let balance_accounts_only =
            "#FLAGGA 0\n#VER A 1 20220115 \"\"\n{\n#TRANS 1930 {} 5\n#TRANS 2440 {} -5\n}\n";
        assert_eq!(sheets(balance_accounts_only.as_bytes()).unwrap_err(), ReadError::SieNothingToRead);
    }

    #[test]
    fn object_rows_that_do_not_sum_to_the_accounts_total_are_an_error() {
        // A balance per dimension beside the combination: the ansvar's row again, by itself.
        let overlapping = "#FLAGGA 0\n#DIM 1 \"Ansvar\"\n#DIM 6 \"Verksamhet\"\n\
                           #PSALDO 0 202201 5010 {1 \"5210\" 6 \"7200\"} 100.10\n\
                           #PSALDO 0 202201 5010 {1 \"5210\"} 100.10\n\
                           #PSALDO 0 202201 5010 {} 100.10\n";
        let e = sheets(overlapping.as_bytes()).unwrap_err();
        assert_eq!(
            e,
            ReadError::SieTotalMismatch {
                line: 6,
                key: "utfall på konto 5010 202201".into(),
                total: "100,10".into(),
                objects: "200,20".into(),
            }
        );
        assert!(
            e.to_string()
                .starts_with("rad 6: kontots summa över alla objekt ({}) för utfall på konto 5010 202201"),
            "{e}"
        );
        // Rows that sum to their total, and an account with a total and no object rows (a balance
        // account), are read.
        let fine = overlapping
            .replace("#PSALDO 0 202201 5010 {1 \"5210\"} 100.10\n", "#PSALDO 0 202201 1930 {} 7\n");
        assert!(sheets(fine.as_bytes()).is_ok());
    }

    #[test]
    fn a_line_too_long_for_sie_is_an_error_naming_it() {
        let text = format!("#FLAGGA 0\n#KONTO 4010 \"{}\"\n", "x".repeat(70_000));
        assert_eq!(sheets(text.as_bytes()).unwrap_err(), ReadError::SieLineTooLong { line: 2, kib: 64 });
    }

    #[test]
    fn pc8_is_decoded() {
        let c = sheets(&b"#FLAGGA 0\n#DIM 6 \"\x8Eldreomsorg\"\n#PSALDO 0 202201 4010 {6 \"5\"} 1\n"[..])
            .unwrap();
        let Contents::Cells(g) = &c[0].contents else { panic!() };
        assert!(g.cells.used_cells().any(|(_, _, d)| *d == Data::String("Äldreomsorg".into())));
    }
}
