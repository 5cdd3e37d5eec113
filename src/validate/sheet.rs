//! The rules of one workbook: its sheets into typed records, or what is wrong.
//!
//! Takes a [`RawWorkbook`] and the [`Rules`] of the run; adds typed records
//! to a [`Dataset`] and every problem (file, sheet, cell, what was found,
//! what is expected) to [`Problems`]. Recognises data sheets by name, finds
//! the header row, skips blank rows, checks person-written subtotal rows
//! without adding them, and parses numbers, months and vocabularies. A row
//! with an error gives no record; the run goes on to report everything.

use calamine::{Data, Range};

use super::cells::{cell_number, is_blank, quote, RowReader};
use super::records;
use crate::model::{Dataset, FileInfo, Origin, SheetRead, Unread};
use crate::problem::{Place, ProblemKind, Problems};
use crate::read::{RawSheet, RawWorkbook};
use crate::schema::{normalise, Col, SheetKind};
/// What validation needs to know about the run.
#[derive(Clone, Debug)]
pub struct Rules<'a> {
    /// The period's year: the default for Personal's År.
    pub year: i32,
    /// Indicator tolerance (0.10 = 10 %).
    pub tolerance: f64,
    /// The register's names, which rows' area and activity names are
    /// checked against, if it lists any.
    pub names: Option<crate::config::Names<'a>>,
    /// How Huvudbok sheets map to areas, activities and cost types.
    pub ledger: &'a crate::config::Ledger,
    /// The period's last month (1–12): a ledger's actual after it is not
    /// counted.
    pub end_month: u32,
}

/// A recognised header row: where it is and which column holds what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Absolute zero-based row of the header.
    pub row: u32,
    /// Absolute zero-based column of each column found.
    pub columns: Vec<(Col, u32)>,
    /// A column found a second time: which, and the absolute columns of
    /// both cells.
    pub duplicates: Vec<(Col, u32, u32)>,
}

impl Header {
    /// The absolute column of `col`, if the header has it.
    #[must_use]
    pub fn column(&self, col: Col) -> Option<u32> {
        self.columns.iter().find(|(c, _)| *c == col).map(|(_, i)| *i)
    }
}

/// Why no header row was found: the required columns missing from the row
/// that came closest, and the headers that row had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoHeader {
    /// Required columns not found.
    pub missing: Vec<Col>,
    /// The texts of the closest row.
    pub found: Vec<String>,
}

/// Finds the header row of a sheet of `kind`: the first row that contains
/// every required column name (case and surrounding space ignored, English
/// aliases accepted). A column named twice in that row is listed in
/// [`Header::duplicates`].
///
/// # Errors
/// [`NoHeader`] when no row has every required column.
pub fn find_header(range: &Range<Data>, kind: SheetKind) -> Result<Header, NoHeader> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let required: Vec<Col> = kind.columns().iter().filter(|c| c.required).map(|c| c.col).collect();
    let mut best: Option<(usize, Vec<Col>, Vec<String>)> = None;
    for (i, row) in range.rows().enumerate() {
        let mut columns: Vec<(Col, u32)> = Vec::new();
        let mut duplicates = Vec::new();
        let mut texts = Vec::new();
        for (j, cell) in row.iter().enumerate() {
            let Data::String(s) = cell else { continue };
            let n = normalise(s);
            if n.is_empty() {
                continue;
            }
            texts.push(s.trim().to_string());
            if let Some(spec) = kind.columns().iter().find(|spec| spec.col.matches_in(kind, &n)) {
                let col = c0 + u32::try_from(j).unwrap_or(u32::MAX - c0);
                match columns.iter().find(|(c, _)| *c == spec.col) {
                    Some((_, first)) => duplicates.push((spec.col, *first, col)),
                    None => columns.push((spec.col, col)),
                }
            }
        }
        let missing: Vec<Col> =
            required.iter().copied().filter(|c| !columns.iter().any(|(f, _)| f == c)).collect();
        if missing.is_empty() {
            return Ok(Header { row: r0 + u32::try_from(i).unwrap_or(u32::MAX - r0), columns, duplicates });
        }
        let found = required.len() - missing.len();
        if !texts.is_empty() && best.as_ref().is_none_or(|(f, _, _)| found > *f) {
            best = Some((found, missing, texts));
        }
    }
    match best {
        Some((_, missing, found)) => Err(NoHeader { missing, found }),
        None => Err(NoHeader { missing: required, found: Vec::new() }),
    }
}

/// True when a row is a person-written subtotal: its first text cell starts
/// with the word `Summa`, `Total` or `Totalt`.
#[must_use]
pub fn is_subtotal_row(row: &[Data]) -> Option<String> {
    let first = row.iter().find_map(|d| match d {
        Data::String(s) if !s.trim().is_empty() => Some(s.trim()),
        _ => None,
    })?;
    for word in ["summa", "totalt", "total"] {
        if let Some(rest) = first.get(word.len()..).filter(|_| first[..word.len()].eq_ignore_ascii_case(word))
        {
            if rest.chars().next().is_none_or(|c| !c.is_alphanumeric()) {
                return Some(first.to_string());
            }
        }
    }
    None
}

/// Columns whose values are summed, for checking subtotal rows.
fn summed_columns(kind: SheetKind) -> &'static [Col] {
    match kind {
        SheetKind::Budget => &[Col::Budget],
        SheetKind::Forecast => &[Col::Forecast, Col::Actual],
        SheetKind::Investments => &[Col::Budget, Col::Forecast],
        SheetKind::SickLeave => &[Col::OrdinaryHours, Col::SickHours, Col::LongTermHours],
        SheetKind::Staff => &[Col::Persons, Col::Fte, Col::LongTermSick],
        _ => &[],
    }
}

/// Validates every sheet of a workbook, adding its records to `data` and
/// its problems to `problems`.
pub fn workbook(wb: &RawWorkbook, rules: &Rules<'_>, data: &mut Dataset, problems: &mut Problems) {
    let mut sheets_read: Vec<SheetRead> = Vec::new();
    let any_data_sheet = wb.sheets.iter().any(|s| SheetKind::from_sheet_name(&s.name).is_some());
    if !any_data_sheet {
        let sheets = wb.sheets.iter().map(|s| format!("\"{}\"", quote(&s.name))).collect::<Vec<_>>();
        problems.note(
            Place::file(&wb.rel),
            ProblemKind::NoDataSheet { sheets: sheets.join(", "), known: SheetKind::known_names() },
        );
    }
    for sheet in &wb.sheets {
        let Some(kind) = SheetKind::from_sheet_name(&sheet.name) else {
            if any_data_sheet {
                problems.note(
                    Place::sheet(&wb.rel, &sheet.name),
                    ProblemKind::SheetIgnored { sheet: quote(&sheet.name), known: SheetKind::known_names() },
                );
            }
            continue;
        };
        let place = Place::sheet(&wb.rel, &sheet.name);
        let rows = if let Some(first) = sheets_read.iter().find(|s| s.kind == kind) {
            let first = first.name.clone();
            problems.error(place, ProblemKind::SecondSheet { kind: kind.swedish().into(), first });
            None
        } else {
            match &sheet.cells {
                Ok(range) => validate_sheet(&wb.rel, sheet, kind, range, rules, data, problems),
                Err(reason) => {
                    problems.error(place, ProblemKind::SheetUnreadable { reason: reason.clone() });
                    None
                }
            }
        };
        match rows {
            Some(rows) => sheets_read.push(SheetRead { name: sheet.name.clone(), kind, rows }),
            None if matches!(kind, SheetKind::Budget | SheetKind::Forecast) => {
                data.unread.push(Unread { kind, area: None, cost_type: None });
            }
            // A Huvudbok gives budget and forecast alike.
            None if kind == SheetKind::Ledger => {
                for kind in [SheetKind::Budget, SheetKind::Forecast] {
                    data.unread.push(Unread { kind, area: None, cost_type: None });
                }
            }
            None => {}
        }
    }
    data.files.push(FileInfo {
        path: wb.rel.clone(),
        sha256: wb.sha256.clone(),
        size: wb.size,
        sheets: sheets_read,
    });
}

/// Validates one data sheet; returns the number of data rows read, or
/// `None` when the sheet could not be read at all (its header).
#[allow(clippy::too_many_lines)]
fn validate_sheet(
    file: &str,
    raw: &RawSheet,
    kind: SheetKind,
    range: &Range<Data>,
    rules: &Rules<'_>,
    data: &mut Dataset,
    problems: &mut Problems,
) -> Option<usize> {
    let sheet = raw.name.as_str();
    let header = match find_header(range, kind) {
        Ok(h) => h,
        Err(no) => {
            let missing = no.missing.iter().map(|c| c.swedish()).collect::<Vec<_>>().join(", ");
            let found = if no.found.is_empty() {
                "(inga)".to_string()
            } else {
                no.found.iter().map(|t| format!("\"{}\"", quote(t))).collect::<Vec<_>>().join(", ")
            };
            problems.error(Place::sheet(file, sheet), ProblemKind::MissingColumns { missing, found });
            return None;
        }
    };
    for &(col, first, second) in &header.duplicates {
        problems.error(
            Place::cell(file, sheet, header.row, second),
            ProblemKind::DuplicateHeader {
                column: col.swedish().into(),
                first: crate::problem::a1(header.row, first),
                second: crate::problem::a1(header.row, second),
            },
        );
    }
    if !header.duplicates.is_empty() {
        return None;
    }
    if kind == SheetKind::Ledger {
        return super::ledger::sheet(file, raw, range, &header, rules, data, problems);
    }
    if kind == SheetKind::SickLeave && header.column(Col::Employees).is_some() {
        data.has_employee_counts = true;
    }
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let summed = summed_columns(kind);
    let mut block = vec![0.0; summed.len()];
    let mut all = vec![0.0; summed.len()];
    let mut count = 0usize;
    for (i, cells) in range.rows().enumerate() {
        let row = r0 + u32::try_from(i).unwrap_or(u32::MAX - r0);
        if row <= header.row || cells.iter().all(is_blank) {
            continue;
        }
        let origin = Origin { file: file.to_string(), sheet: sheet.to_string(), row };
        let mut rr = RowReader {
            cells,
            c0,
            row,
            header: &header,
            file,
            sheet,
            uncached: &raw.uncached,
            problems,
            failed: false,
        };
        if let Some(label) = is_subtotal_row(cells) {
            for (k, col) in summed.iter().enumerate() {
                let Some((d, abs)) = rr.cell(*col) else {
                    continue;
                };
                let Ok(Some(stated)) = cell_number(d, *col) else {
                    continue;
                };
                if (stated - block[k]).abs() >= 0.5 && (stated - all[k]).abs() >= 0.5 {
                    let place = rr.place(abs);
                    let (label, column) = (label.clone(), col.swedish().into());
                    let kind = if kind == SheetKind::SickLeave {
                        ProblemKind::SickSubtotalMismatch { label, column }
                    } else {
                        ProblemKind::SubtotalMismatch {
                            label,
                            column,
                            stated: crate::format::number(stated, 2),
                            computed: crate::format::number(block[k], 2),
                        }
                    };
                    rr.problems.warning(place, kind);
                }
                block[k] = 0.0;
            }
            continue;
        }
        for (k, col) in summed.iter().enumerate() {
            if let Some((d, _)) = rr.cell(*col) {
                if let Ok(Some(v)) = cell_number(d, *col) {
                    block[k] += v;
                    all[k] += v;
                }
            }
        }
        count += 1;
        records::read(kind, &mut rr, origin, rules, data);
    }
    if count == 0 {
        problems.note(Place::sheet(file, sheet), ProblemKind::EmptySheet);
    }
    Some(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn range(rows: &[&[Data]]) -> Range<Data> {
        let width = rows.iter().map(|r| r.len()).max().unwrap_or(1).max(1);
        let h = u32::try_from(rows.len().max(1)).unwrap();
        let w = u32::try_from(width).unwrap();
        let mut r = Range::new((0, 0), (h - 1, w - 1));
        for (i, row) in rows.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                r.set_value((u32::try_from(i).unwrap(), u32::try_from(j).unwrap()), v.clone());
            }
        }
        r
    }

    fn s(t: &str) -> Data {
        Data::String(t.to_string())
    }

    #[test]
    fn header_is_first_row_with_all_required_columns() {
        let r = range(&[
            &[s("Budget 2022, tkr")],
            &[],
            &[s(" BUDGET "), s("Kostnadsslag"), s("Extra"), s("Area")],
            &[s("x"), s("Intäkter"), Data::Empty, Data::Float(1.0)],
        ]);
        let h = find_header(&r, SheetKind::Budget).unwrap();
        assert_eq!(h.row, 2);
        assert_eq!(h.column(Col::Budget), Some(0));
        assert_eq!(h.column(Col::Area), Some(3));
        assert_eq!(h.column(Col::Activity), None);
    }

    #[test]
    fn missing_header_names_the_missing_columns_and_what_was_found() {
        let r = range(&[&[s("Title")], &[s("Verksamhetsområde"), s("Kostnadsslag"), s("Belopp")]]);
        let no = find_header(&r, SheetKind::Budget).unwrap_err();
        assert_eq!(no.missing, vec![Col::Budget]);
        assert_eq!(no.found, vec!["Verksamhetsområde", "Kostnadsslag", "Belopp"]);
    }

    #[test]
    fn subtotal_rows_are_recognised_by_their_first_text() {
        assert_eq!(
            is_subtotal_row(&[Data::Empty, s("Summa BARN"), Data::Float(3.0)]),
            Some("Summa BARN".into())
        );
        assert!(is_subtotal_row(&[s("Totalt")]).is_some());
        assert!(is_subtotal_row(&[s("total:")]).is_some());
        assert!(is_subtotal_row(&[s("Totalförsvar")]).is_none());
        assert!(is_subtotal_row(&[s("SUMMA område")]).is_some());
        assert!(is_subtotal_row(&[s("Sum")]).is_none());
        assert!(is_subtotal_row(&[s("Summä")]).is_none());
        assert!(is_subtotal_row(&[s("Su€ma")]).is_none());
        assert!(is_subtotal_row(&[s("Summering av"), s("x")]).is_none());
        assert!(is_subtotal_row(&[Data::Float(1.0), s("VUXEN")]).is_none());
    }

    #[test]
    fn cell_numbers() {
        assert_eq!(cell_number(&Data::Float(1.5), Col::Budget), Ok(Some(1.5)));
        assert_eq!(cell_number(&Data::Int(-3), Col::Budget), Ok(Some(-3.0)));
        assert_eq!(cell_number(&s("1 400,5"), Col::Budget), Ok(Some(1400.5)));
        assert_eq!(cell_number(&Data::Empty, Col::Budget), Ok(None));
        assert_eq!(
            cell_number(&s("12 4OO"), Col::Budget),
            Err(ProblemKind::NotANumber { found: "12 4OO".into(), column: "Budget".into() })
        );
        assert_eq!(
            cell_number(&Data::Error(calamine::CellErrorType::Ref), Col::Budget),
            Err(ProblemKind::ErrorCell { code: "#REF!".into() })
        );
    }

    proptest! {
        #[test]
        fn header_detection_never_panics(cells in proptest::collection::vec(proptest::collection::vec("\\PC{0,12}", 0..6), 0..8)) {
            let rows: Vec<Vec<Data>> = cells.iter().map(|r| r.iter().map(|t| s(t)).collect()).collect();
            let refs: Vec<&[Data]> = rows.iter().map(Vec::as_slice).collect();
            let r = range(&refs);
            for kind in SheetKind::ALL {
                let _ = find_header(&r, kind);
            }
            for row in &rows {
                let _ = is_subtotal_row(row);
            }
        }
    }
}
