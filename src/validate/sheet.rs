//! The rules of one workbook: its sheets into typed records, or what is wrong.
//!
//! Takes a [`RawWorkbook`] and the [`Rules`] of the run; adds typed records to a [`Records`] and
//! every problem (file, sheet, cell, what was found, what is expected) to [`Problems`]. Recognises
//! data sheets by name, finds the header row, skips blank rows, checks person-written subtotal rows
//! without adding them, and parses numbers, months and vocabularies. A row with an error gives no
//! record; the run goes on to report everything.

use super::cells::SheetRef;
use super::cells::{cell_number, is_blank, RowReader};
use super::header::{find_header, is_subtotal_row};
use super::{records, Found, Rules};
use crate::model::{FileInfo, SheetRead, Unread};
use crate::problem::{Place, ProblemKind};
use crate::read::{Contents, Grid, RawWorkbook};
use crate::schema::{Col, SheetKind};

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

/// Validates every sheet of a workbook, adding its records and problems to `found`.
pub fn workbook(wb: &RawWorkbook, rules: &Rules<'_>, found: &mut Found) {
    let mut sheets_read: Vec<SheetRead> = Vec::new();
    let any_data_sheet = wb.sheets.iter().any(|s| SheetKind::from_sheet_name(&s.name).is_some());
    if !any_data_sheet {
        let sheets = wb.sheets.iter().map(|s| s.name.clone()).collect();
        let kind = if crate::schema::is_text_export(&wb.rel) {
            ProblemKind::NotALedgerExport
        } else {
            ProblemKind::NoDataSheet { sheets }
        };
        found.problems.note(Place::file(&wb.rel), kind);
    }
    for sheet in &wb.sheets {
        let Some(kind) = SheetKind::from_sheet_name(&sheet.name) else {
            if any_data_sheet {
                found.problems.note(
                    Place::sheet(&wb.rel, &sheet.name),
                    ProblemKind::SheetIgnored { sheet: sheet.name.clone() },
                );
            }
            continue;
        };
        let place = Place::sheet(&wb.rel, &sheet.name);
        let mark = found.records.mark();
        let rows = if let Some(first) = sheets_read.iter().find(|s| s.kind == kind) {
            let first = first.name.clone();
            found.problems.error(place, ProblemKind::SecondSheet { kind, first });
            None
        } else {
            match &sheet.contents {
                Contents::Cells(grid) => validate_sheet(&wb.rel, &sheet.name, kind, grid, rules, found),
                Contents::Unreadable(reason) => {
                    // A sheet too large is listed at the cell that made it so.
                    let place = match reason.cell() {
                        Some((r, c)) => Place::cell(&wb.rel, &sheet.name, r, c),
                        None => place,
                    };
                    found.problems.error(place, ProblemKind::SheetUnreadable { reason: reason.clone() });
                    None
                }
                Contents::NotData => None,
            }
        };
        match rows {
            Some(rows) => {
                let areas = found.records.areas_since(mark);
                sheets_read.push(SheetRead { name: sheet.name.clone(), kind, rows, areas });
            }
            None if matches!(kind, SheetKind::Budget | SheetKind::Forecast) => {
                found.records.unread.push(Unread { kind, area: None, cost_type: None });
            }
            // A Huvudbok gives budget and forecast alike.
            None if kind == SheetKind::Ledger => {
                for kind in [SheetKind::Budget, SheetKind::Forecast] {
                    found.records.unread.push(Unread { kind, area: None, cost_type: None });
                }
            }
            None => {}
        }
    }
    found.records.files.push(FileInfo {
        path: wb.rel.clone(),
        sha256: wb.sha256.clone(),
        size: wb.size,
        sheets: sheets_read,
    });
}

/// Validates one data sheet; returns the number of data rows read, or `None` when the sheet could
/// not be read at all (its header).
#[allow(clippy::too_many_lines)]
fn validate_sheet(
    file: &str,
    sheet: &str,
    kind: SheetKind,
    grid: &Grid,
    rules: &Rules<'_>,
    found: &mut Found,
) -> Option<usize> {
    let Found { records: data, problems, names } = found;
    let range = &grid.cells;
    let mut header = match find_header(range, kind) {
        Ok(h) => h,
        Err(no) => {
            let kind = ProblemKind::MissingColumns { missing: no.missing, found: no.found };
            problems.error(Place::sheet(file, sheet), kind);
            return None;
        }
    };
    for &(column, first, second) in &header.duplicates {
        problems.error(
            Place::cell(file, sheet, header.row, second),
            ProblemKind::DuplicateHeader { column, first: (header.row, first), second: (header.row, second) },
        );
    }
    if !header.duplicates.is_empty() {
        return None;
    }
    if kind == SheetKind::Ledger
        && !super::ledger::numbered_dimensions((file, sheet), &mut header, grid, rules.ledger, problems)
    {
        return None;
    }
    let at = SheetRef { file, sheet, header: &header, grid };
    if kind == SheetKind::Ledger {
        return super::ledger::sheet(&at, rules, found);
    }
    if kind == SheetKind::SickLeave && header.column(Col::Employees).is_some() {
        data.has_employee_counts = true;
    }
    let r0 = range.start().unwrap_or((0, 0)).0;
    let summed = summed_columns(kind);
    let mut block = vec![0.0; summed.len()];
    let mut all = vec![0.0; summed.len()];
    let mut count = 0usize;
    for (i, cells) in range.rows().enumerate() {
        let row = r0 + u32::try_from(i).unwrap_or(u32::MAX - r0);
        if row <= header.row || cells.iter().all(is_blank) {
            continue;
        }
        let mut rr = RowReader::new(&at, cells, row, problems, names);
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
                    let (label, column) = (label.clone(), *col);
                    let kind = if kind == SheetKind::SickLeave {
                        ProblemKind::SickSubtotalMismatch { label, column }
                    } else {
                        ProblemKind::SubtotalMismatch { label, column, stated, computed: block[k] }
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
        records::read(kind, &mut rr, rules, data);
    }
    if count == 0 {
        problems.note(Place::sheet(file, sheet), ProblemKind::EmptySheet);
    }
    Some(count)
}
