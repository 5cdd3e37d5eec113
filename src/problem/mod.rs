//! Problems found in a run: what went wrong, where, and how serious it is.
//!
//! Takes nothing; gives [`Problem`] (a severity, a [`Place`] naming file, sheet and cell, and a
//! [`ProblemKind`] whose message says what was found and what is expected) and [`Problems`], the
//! sorted collection that every stage adds to. Messages are in Swedish: they are read by finance
//! clerks.

use std::fmt;

mod kind;
mod unreadable;

pub use kind::{Figure, LeftOut, Mapping, ProblemKind, RegisterName};
pub use unreadable::ReadError;

use crate::names::escaped;

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input is wrong: nothing is written (unless `--allow-partial`).
    Error,
    /// Something looks wrong but the figures can still be produced.
    Warning,
    /// For information: a file or sheet that was skipped, a default taken.
    Note,
}

impl Severity {
    /// The Swedish word printed in front of the message.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "FEL",
            Severity::Warning => "VARNING",
            Severity::Note => "NOTERING",
        }
    }
}

/// Where a problem is: file, sheet and cell, as far as known.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    /// The input file, relative to the input folder, with `/` separators.
    pub file: Option<String>,
    /// The sheet name as written in the workbook.
    pub sheet: Option<String>,
    /// Zero-based (row, column) of the cell, if the problem is in one cell.
    pub cell: Option<(u32, u32)>,
    /// The cell's column by its name, where known: a text export's problems name it.
    pub column: Option<&'static str>,
    /// The start of the cell's line, in a SIE file: its problems show it.
    pub line: Option<String>,
}

impl Place {
    /// A place that is a whole file.
    #[must_use]
    pub fn file(file: &str) -> Self {
        Place { file: Some(file.to_string()), ..Place::default() }
    }

    /// A place that is a whole sheet.
    #[must_use]
    pub fn sheet(file: &str, sheet: &str) -> Self {
        Place { file: Some(file.to_string()), sheet: Some(sheet.to_string()), ..Place::default() }
    }

    /// A place that is one cell (zero-based row and column).
    #[must_use]
    pub fn cell(file: &str, sheet: &str, row: u32, col: u32) -> Self {
        Place { cell: Some((row, col)), ..Place::sheet(file, sheet) }
    }

    /// True for a place in a ledger export (a SIE or text file), whose rows are lines.
    #[must_use]
    pub fn in_export(&self) -> bool {
        self.file.as_deref().is_some_and(|f| crate::schema::is_sie(f) || crate::schema::is_text_export(f))
    }

    /// The cell as its file names it: `rad 9, kolumn Budget` in a text export, `rad 21` in a SIE
    /// file, `D6` in a workbook.
    #[must_use]
    pub fn cell_text(&self) -> Option<String> {
        let (r, _) = self.cell?;
        if !self.in_export() {
            return self.a1();
        }
        Some(format!("rad {}{}", u64::from(r) + 1, self.column_text()))
    }

    /// `, kolumn Budget` for a text export's cell, whose columns have names; nothing otherwise.
    fn column_text(&self) -> String {
        match self.column {
            Some(c) if crate::schema::is_text_export(self.file.as_deref().unwrap_or("")) => {
                format!(", kolumn {c}")
            }
            _ => String::new(),
        }
    }

    /// The cell in A1 notation, if there is one.
    #[must_use]
    pub fn a1(&self) -> Option<String> {
        self.cell.map(|(r, c)| a1(r, c))
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (file, sheet) = (self.file.as_deref().map(escaped), self.sheet.as_deref().map(escaped));
        match (file, sheet, self.cell) {
            (Some(file), Some(_), Some(_)) if self.in_export() => {
                write!(f, "{file}: {}", self.cell_text().unwrap_or_default())?;
                match &self.line {
                    Some(line) => write!(f, " ({})", escaped(line)),
                    None => Ok(()),
                }
            }
            (Some(file), Some(_), None) if self.in_export() => write!(f, "{file}"),
            (Some(file), Some(sheet), Some((r, c))) => write!(f, "{file}: {sheet}!{}", a1(r, c)),
            (Some(file), Some(sheet), None) => write!(f, "{file}: {sheet}"),
            (Some(file), None, _) => write!(f, "{file}"),
            (None, _, _) => write!(f, "(hela körningen)"),
        }
    }
}

/// Lines as ranges: `rad 13–14, 17`, at most eight runs and "m.fl.".
fn line_ranges(rows: &[u32]) -> String {
    let mut sorted = rows.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for r in sorted {
        match runs.last_mut() {
            Some((_, last)) if last.checked_add(1) == Some(r) => *last = r,
            _ => runs.push((r, r)),
        }
    }
    let line = |r: u32| crate::format::count(f64::from(r) + 1.0);
    let shown: Vec<String> = runs
        .iter()
        .take(8)
        .map(|&(a, b)| if a == b { line(a) } else { format!("{}–{}", line(a), line(b)) })
        .collect();
    let more = if runs.len() > 8 { " m.fl." } else { "" };
    format!("rad {}{more}", shown.join(", "))
}

/// Cells as ranges: runs of rows in one column joined (`B3:B1030`), the runs in column then row
/// order, at most eight of them and "m.fl.".
#[must_use]
pub fn cell_ranges(cells: &[(u32, u32)]) -> String {
    let mut sorted: Vec<(u32, u32)> = cells.iter().map(|&(r, c)| (c, r)).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<((u32, u32), u32)> = Vec::new();
    for (c, r) in sorted {
        match runs.last_mut() {
            Some(((rc, _), last)) if *rc == c && last.checked_add(1) == Some(r) => *last = r,
            _ => runs.push(((c, r), r)),
        }
    }
    let shown: Vec<String> = runs
        .iter()
        .take(8)
        .map(|&((c, r0), r1)| if r0 == r1 { a1(r0, c) } else { format!("{}:{}", a1(r0, c), a1(r1, c)) })
        .collect();
    let more = if runs.len() > 8 { " m.fl." } else { "" };
    format!("{}{more}", shown.join(", "))
}

/// Problems with one message on many cells of one sheet, shown once: the first of them and every
/// cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Grouped<'a> {
    /// The first problem (its severity, file, sheet and message).
    pub first: &'a Problem,
    /// The cells, in the order found.
    pub cells: Vec<(u32, u32)>,
}

impl Grouped<'_> {
    /// How many problems the group stands for.
    #[must_use]
    pub fn count(&self) -> usize {
        self.cells.len().max(1)
    }

    /// The sheet and cells, as `Budget!B3:B1030 (1 028 celler)`; the first problem's place when it
    /// is one.
    #[must_use]
    pub fn cells_text(&self) -> Option<String> {
        let place = &self.first.place;
        if self.cells.len() < 2 {
            return place.cell_text();
        }
        let n = crate::format::count(f64::from(u32::try_from(self.cells.len()).unwrap_or(u32::MAX)));
        if place.in_export() {
            let rows: Vec<u32> = self.cells.iter().map(|c| c.0).collect();
            return Some(format!("{}{} ({n} rader)", line_ranges(&rows), place.column_text()));
        }
        Some(format!("{} ({n} celler)", cell_ranges(&self.cells)))
    }
}

impl fmt::Display for Grouped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.cells.len() < 2 {
            return write!(f, "{}", self.first);
        }
        // The sheet's place as every problem line has it, then the cells.
        let sheet = Place { cell: None, ..self.first.place.clone() };
        let cells = self.cells_text().unwrap_or_default();
        let mark = if sheet.in_export() { ": " } else { "!" };
        write!(f, "{}: {sheet}{mark}{cells}: {}", self.first.severity.label(), self.first.kind)
    }
}

/// Groups problems of one severity and message on cells of one sheet; the groups in the order of
/// their first problem.
#[must_use]
pub fn grouped<'a>(problems: impl IntoIterator<Item = &'a Problem>) -> Vec<Grouped<'a>> {
    let mut out: Vec<Grouped<'a>> = Vec::new();
    let mut index: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
    for p in problems {
        let Some(cell) = p.place.cell else {
            out.push(Grouped { first: p, cells: Vec::new() });
            continue;
        };
        let key = (p.severity, &p.place.file, &p.place.sheet, p.kind.to_string());
        if let Some(&i) = index.get(&key) {
            out[i].cells.push(cell);
        } else {
            index.insert(key, out.len());
            out.push(Grouped { first: p, cells: vec![cell] });
        }
    }
    out
}

/// Zero-based row and column in A1 notation: (0, 0) is `A1`, (5, 3) is `D6`.
#[must_use]
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), u64::from(row) + 1)
}

/// Zero-based column index as Excel letters: 0 is `A`, 26 is `AA`.
#[must_use]
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = u8::try_from((n - 1) % 26).unwrap_or(0);
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// One problem: severity, place and what it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// How serious it is.
    pub severity: Severity,
    pub place: Place,
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.severity.label(), self.place, self.kind)
    }
}

/// How many problems of each severity: a command's outcome and the manifest's counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Counts {
    /// 0 without errors, 1 with.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        u8::from(self.errors > 0)
    }
}

/// Every problem of a run, collected from all stages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problems {
    items: Vec<Problem>,
}

impl Problems {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, severity: Severity, place: Place, kind: ProblemKind) {
        self.items.push(Problem { severity, place, kind });
    }

    pub fn error(&mut self, place: Place, kind: ProblemKind) {
        self.push(Severity::Error, place, kind);
    }

    pub fn warning(&mut self, place: Place, kind: ProblemKind) {
        self.push(Severity::Warning, place, kind);
    }

    pub fn note(&mut self, place: Place, kind: ProblemKind) {
        self.push(Severity::Note, place, kind);
    }

    /// Moves every problem of `other` into this collection.
    pub fn extend(&mut self, other: Problems) {
        self.items.extend(other.items);
    }

    /// How many problems of this severity.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|p| p.severity == severity).count()
    }

    /// How many problems of each severity.
    #[must_use]
    pub fn counts(&self) -> Counts {
        let count = |severity| self.count(severity);
        Counts {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            notes: count(Severity::Note),
        }
    }

    /// True when there is at least one error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// The problems sorted by file, sheet, cell, then severity; problems that belong to no file
    /// come last.
    #[must_use]
    pub fn sorted(&self) -> Vec<Problem> {
        let mut v = self.items.clone();
        v.sort_by(|a, b| {
            let ka = (a.place.file.is_none(), &a.place.file, &a.place.sheet, a.place.cell, a.severity);
            let kb = (b.place.file.is_none(), &b.place.file, &b.place.sheet, b.place.cell, b.severity);
            ka.cmp(&kb).then_with(|| a.kind.to_string().cmp(&b.kind.to_string()))
        });
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exports_problems_name_lines_not_cells() {
        let mut ps = Problems::new();
        for row in [12, 13, 16, 17, 40] {
            let place = Place {
                line: Some("#PSALDO 0 202201 5010 {1 \"9999\"} 9".into()),
                ..Place::cell("hb.se", "Huvudbok", row, 2)
            };
            ps.error(place, ProblemKind::EmptySheet);
        }
        let csv = Place { column: Some("Ansvar"), ..Place::cell("hb.csv", "Huvudbok", 8, 0) };
        ps.error(csv.clone(), ProblemKind::EmptySheet);
        let sorted = ps.sorted();
        let groups = grouped(&sorted);
        let shown: Vec<String> = groups.iter().map(|g| g.cells_text().unwrap()).collect();
        assert_eq!(shown, ["rad 9, kolumn Ansvar", "rad 13–14, 17–18, 41 (5 rader)"]);
        assert!(
            groups[1].to_string().starts_with("FEL: hb.se: rad 13–14, 17–18, 41 (5 rader): "),
            "{}",
            groups[1]
        );
        let one = Place {
            line: Some("#PSALDO 0 202201 5010 {} 9".into()),
            ..Place::cell("hb.se", "Huvudbok", 20, 2)
        };
        assert_eq!(one.to_string(), "hb.se: rad 21 (#PSALDO 0 202201 5010 {} 9)");
        assert_eq!(csv.to_string(), "hb.csv: rad 9, kolumn Ansvar");
    }

    #[test]
    fn a1_notation() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(5, 3), "D6");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn problem_line_names_file_sheet_and_cell() {
        let p = Problem {
            severity: Severity::Error,
            place: Place::cell("budget/barn.xlsx", "Budget", 13, 3),
            kind: ProblemKind::NotANumber { found: "12 4OO".into(), column: crate::schema::Col::Budget },
        };
        assert_eq!(
            p.to_string(),
            "FEL: budget/barn.xlsx: Budget!D14: \"12 4OO\" är inte ett tal. Kolumnen Budget ska innehålla ett tal, t.ex. 1 400 eller −12 700,5."
        );
    }

    #[test]
    fn one_message_on_many_rows_is_one_line_with_its_ranges() {
        let mut ps = Problems::new();
        let unknown = || ProblemKind::UnknownValue {
            found: "Barm".into(),
            column: crate::schema::Col::Area,
            allowed: "Barn".into(),
        };
        for row in (2..1030).chain([1100]) {
            ps.error(Place::cell("a.xlsx", "Budget", row, 1), unknown());
        }
        ps.error(Place::cell("a.xlsx", "Budget", 5, 3), ProblemKind::EmptySheet);
        let sorted = ps.sorted();
        let groups = grouped(&sorted);
        assert_eq!(groups.len(), 2);
        let line = groups.iter().find(|g| g.count() > 1).unwrap().to_string().replace('\u{a0}', " ");
        assert!(line.starts_with("FEL: a.xlsx: Budget!B3:B1030, B1101 (1 029 celler): \"Barm\""), "{line}");
        let single = sorted.iter().find(|p| p.kind == ProblemKind::EmptySheet).unwrap();
        assert_eq!(groups.iter().find(|g| g.count() == 1).unwrap().to_string(), single.to_string());
    }

    #[test]
    fn names_with_control_characters_are_shown_on_one_line() {
        let place = Place::sheet("budget\nbarn\u{1b}.xlsx", "Budget\t");
        assert_eq!(place.to_string(), "budget\\nbarn\\u{1b}.xlsx: Budget\\t");
        assert_eq!(cell_ranges(&[(0, 0), (2, 0), (1, 0), (0, 1)]), "A1:A3, B1");
    }

    #[test]
    fn sorted_by_file_then_cell_with_run_level_last() {
        let mut ps = Problems::new();
        ps.error(Place::default(), ProblemKind::NoEmployeeCounts);
        ps.error(Place::cell("b.xlsx", "Budget", 9, 0), ProblemKind::EmptySheet);
        ps.error(Place::cell("b.xlsx", "Budget", 2, 4), ProblemKind::EmptySheet);
        ps.note(Place::file("a.xlsx"), ProblemKind::NotASpreadsheet);
        let places: Vec<String> = ps.sorted().iter().map(|p| p.place.to_string()).collect();
        assert_eq!(places, ["a.xlsx", "b.xlsx: Budget!E3", "b.xlsx: Budget!A10", "(hela körningen)"]);
    }
}
