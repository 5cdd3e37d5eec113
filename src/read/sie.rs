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

use std::collections::{BTreeMap, HashMap};

use calamine::{Cell, Data, Range};
use codepage_437::{BorrowFromCp437, CP437_CONTROL};

use super::{Contents, Grid, RawSheet};
use crate::problem::ReadError;
use crate::schema::{Col, SheetKind};

/// The largest amount of one `#TRANS`, kronor: a thousand billion.
const MAX_KRONOR: f64 = 1e15;

/// One field of a line: a word or quoted text, or an object list `{dim "code" …}`.
#[derive(Debug, PartialEq)]
enum Field {
    Text(String),
    Objects(Vec<(String, String)>),
}

/// The fields of a line, or `None` for a quote or `{` never closed.
fn fields(line: &str) -> Option<Vec<Field>> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        match chars.peek() {
            None => return Some(out),
            Some('{') => {
                chars.next();
                let mut inner = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        '"' => {
                            inner.push('"');
                            inner.push_str(&quoted(&mut chars)?.replace('"', "\\\""));
                            inner.push('"');
                        }
                        c => inner.push(c),
                    }
                }
                let words: Vec<String> = fields(&inner)?
                    .into_iter()
                    .map(|f| match f {
                        Field::Text(t) => Some(t),
                        Field::Objects(_) => None,
                    })
                    .collect::<Option<_>>()?;
                if !words.len().is_multiple_of(2) {
                    return None;
                }
                out.push(Field::Objects(words.chunks(2).map(|p| (p[0].clone(), p[1].clone())).collect()));
            }
            Some('"') => {
                chars.next();
                out.push(Field::Text(quoted(&mut chars)?));
            }
            Some(_) => {
                let mut word = String::new();
                while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '{' && *c != '"') {
                    word.push(c);
                }
                out.push(Field::Text(word));
            }
        }
    }
}

/// The rest of a quoted text, its closing quote consumed; `\"` is a quote.
fn quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<String> {
    let mut text = String::new();
    loop {
        match chars.next()? {
            '"' => return Some(text),
            '\\' if chars.peek() == Some(&'"') => {
                chars.next();
                text.push('"');
            }
            c => text.push(c),
        }
    }
}

/// The first 80 characters of a line, for a message.
fn start_of(line: &str) -> String {
    line.trim().chars().take(80).collect()
}

/// The text of the bytes: UTF-8 behind a byte order mark, else PC8.
fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(utf8) => String::from_utf8_lossy(utf8),
        None => std::borrow::Cow::borrow_from_cp437(bytes, &CP437_CONTROL),
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

/// Month (`YYYYMM`), account and objects of a `#TRANS` sum.
type TransKey = (String, String, Vec<(String, String)>);

/// Öre as kronor text: exact, a point before the two decimals.
fn kronor(ore: i128) -> String {
    let sign = if ore < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", (ore / 100).abs(), (ore % 100).abs())
}

/// The sheet being built: cells by row, the columns by name.
#[derive(Default)]
struct Sheet {
    columns: Vec<String>,
    cells: Vec<Cell<Data>>,
    /// `#DIM`: the dimensions' names by number.
    dims: HashMap<String, String>,
    /// `#RAR 0`: the year, and its row.
    year: Option<String>,
    year_row: u32,
    any_saldo: bool,
    /// The first balance over all objects (`{}`), and whether any balance had objects.
    totals_only_line: Option<usize>,
    objects_seen: bool,
    /// The date of the `#VER` the `#TRANS` lines belong to.
    voucher_date: String,
    /// `#TRANS` sums by month, account and objects: the row of their first line and the amount.
    trans: BTreeMap<TransKey, (u32, i128)>,
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
        self.cells.push(Cell::new((row, col), Data::String(text)));
    }

    /// One balance row: period, account, its objects by dimension, the amount in `amount_column`.
    fn row(
        &mut self,
        row: u32,
        (month, account, objects): (&str, &str, &[(String, String)]),
        amount: (&str, String),
    ) {
        self.put(row, "Period", month.to_string());
        self.put(row, "Konto", account.to_string());
        // Dimension 1 is the standard's kostnadsställe: the area's (Ansvar) when no dimension of
        // the file is named so.
        let area_named = self.dims.values().any(|n| Col::CostCentre.matches(&crate::names::normalise(n)));
        for (dim, code) in objects {
            let name = match self.dims.get(dim) {
                _ if dim == "1" && !area_named => Col::CostCentre.swedish().to_string(),
                Some(name) => name.clone(),
                None => format!("dim:{dim}"),
            };
            self.put(row, &name, code.clone());
        }
        self.put(row, amount.0, amount.1);
    }
}

/// The file as the sheets of a workbook: one Huvudbok sheet.
pub fn sheets(bytes: &[u8]) -> Result<Vec<RawSheet>, ReadError> {
    let text = decode(bytes);
    let mut sheet = Sheet::default();
    let pc8 = !bytes.starts_with(b"\xEF\xBB\xBF");
    let mut checksum: Option<(usize, Checksum)> = None;
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let trimmed = line.trim_start();
        if !trimmed.starts_with('#') {
            continue;
        }
        let malformed = || ReadError::SieMalformed { line: number, start: start_of(line) };
        let f = fields(trimmed).ok_or_else(malformed)?;
        let (label, declared) = (text_at(&f, 0).unwrap_or(""), text_at(&f, 1));
        if label == "#KSUMMA" {
            match (checksum.take(), declared) {
                (None, None) => checksum = Some((number, Checksum { crc: crc32fast::Hasher::new(), pc8 })),
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
        let row = u32::try_from(i).unwrap_or(u32::MAX);
        sheet.record(&f, (number, row)).map_err(|e| e.unwrap_or_else(malformed))?;
    }
    if let Some((line, _)) = checksum {
        return Err(ReadError::SieChecksumNeverClosed { line });
    }
    sheet.finish()
}

/// The text of field `k`, if it is a word or a quoted text.
fn text_at(f: &[Field], k: usize) -> Option<&str> {
    match f.get(k) {
        Some(Field::Text(t)) => Some(t.as_str()),
        _ => None,
    }
}

impl Sheet {
    /// One record (its fields) of line `number`, in `row`; `Err(None)` for a malformed line.
    fn record(&mut self, f: &[Field], (number, row): (usize, u32)) -> Result<(), Option<ReadError>> {
        let word = |k: usize| text_at(f, k);
        match word(0).unwrap_or("") {
            "#RAR" if word(1) == Some("0") => {
                self.year = word(2).and_then(|d| d.get(..4)).map(str::to_string);
                self.year_row = row;
            }
            "#DIM" => {
                if let (Some(n), Some(name)) = (word(1), word(2)) {
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
                if objects.is_empty() {
                    self.totals_only_line.get_or_insert(number);
                } else {
                    self.objects_seen = true;
                    self.row(row, (month, account, objects), (column, amount.to_string()));
                }
            }
            "#VER" => self.voucher_date = word(3).unwrap_or("").to_string(),
            "#TRANS" => {
                let (Some(account), Some(Field::Objects(objects)), Some(amount)) =
                    (word(1), f.get(2), word(3))
                else {
                    return Err(None);
                };
                let date = word(4).filter(|d| d.len() == 8).unwrap_or(&self.voucher_date);
                // Summed here in whole öre, exactly; bounded as a cell's amount is.
                let value = amount.parse::<f64>().ok().filter(|v| v.is_finite() && v.abs() <= MAX_KRONOR);
                let Some(value) = value else {
                    return Err(Some(ReadError::SieNotANumber { line: number, found: amount.to_string() }));
                };
                let key = (date.get(..6).unwrap_or("").to_string(), account.to_string(), objects.clone());
                let entry = self.trans.entry(key).or_insert((row, 0));
                entry.1 = entry.1.saturating_add(i128::from(crate::money::hundredths(value)));
            }
            _ => {}
        }
        Ok(())
    }

    /// The sheet: the `#TRANS` sums where there is no `#PSALDO`, and the header.
    fn finish(mut self) -> Result<Vec<RawSheet>, ReadError> {
        if !self.any_saldo {
            for ((month, account, objects), (row, sum)) in std::mem::take(&mut self.trans) {
                if !objects.is_empty() {
                    self.objects_seen = true;
                    self.row(row, (&month, &account, &objects), (ACTUAL, kronor(sum)));
                }
            }
        }
        if !self.objects_seen {
            if let Some(line) = self.totals_only_line {
                return Err(ReadError::SieTotalsOnly { line });
            }
        }
        // The header in the row of `#RAR 0`, which comes before the balances, so that a year other
        // than the period's is named at its line; in row 0 (`#FLAGGA`, never a balance) when there
        // is none or a balance comes before it. The amounts' headers carry the year.
        let first_balance = self.cells.iter().map(|c| c.get_position().0).min().unwrap_or(u32::MAX);
        let header_row = if self.year_row < first_balance { self.year_row } else { 0 };
        let year = self.year.as_ref().map_or_else(String::new, |y| format!(" {y}"));
        for (c, name) in self.columns.iter().enumerate() {
            let head = if name == BUDGET || name == ACTUAL { format!("{name}{year}") } else { name.clone() };
            self.cells
                .push(Cell::new((header_row, u32::try_from(c).unwrap_or(u32::MAX)), Data::String(head)));
        }
        let grid = Grid { cells: Range::from_sparse(self.cells), uncached: Vec::new() };
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
        g.cells.used_cells().map(|(r, c, d)| (r + r0 as usize, c + c0 as usize, d.to_string())).collect()
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
                    #VER A 2 20220120 \"\"\n{\n#TRANS 4010 {1 \"5210\"} 50\n}\n";
        let c = cells(text);
        assert!(c.contains(&(5, 3, "150.25".into())), "{c:?}");
        assert_eq!(kronor(-5), "-0.05");
        assert_eq!(kronor(-1_234_567), "-12345.67");
        assert!(c.contains(&(5, 0, "202201".into())), "{c:?}");
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
    fn pc8_is_decoded() {
        let c = sheets(b"#FLAGGA 0\n#DIM 6 \"\x8Eldreomsorg\"\n#PSALDO 0 202201 4010 {6 \"5\"} 1\n").unwrap();
        let Contents::Cells(g) = &c[0].contents else { panic!() };
        assert!(g.cells.used_cells().any(|(_, _, d)| *d == Data::String("Äldreomsorg".into())));
    }
}
