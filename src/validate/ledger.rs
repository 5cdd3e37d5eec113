//! The Huvudbok sheet: a ledger export's rows into Budget and Prognos records (SPEC.md, "Ledger
//! exports (Huvudbok)").
//!
//! Takes a recognised Huvudbok sheet and the `[ledger]` mapping of the register ([`Ledger`]); gives
//! [`BudgetLine`]s (from `Budget`) and [`ForecastLine`]s (from `Prognos` and `Utfall`) in tkr,
//! exactly as a Budget or Prognos sheet would, so that every rule after this one cannot tell which
//! way a figure came in. Each row maps to an area (its area code's longest prefix), an activity
//! (its activity code) and a cost type (its account); a row that cannot be placed is an error
//! naming its cell and the section of `tertial.toml` to add the code to. What is left out (balance
//! and financial accounts, `Ignorera`, other committees' ansvar, subtotal rows) and the internal
//! postings are stated in notes per sheet.

use std::collections::BTreeMap;

use calamine::Data;

use super::cells::SheetRef;
use super::cells::{cell_text, is_blank, RowReader};
use super::header::{is_subtotal_row, Header};
use super::{Found, Rules};
use crate::config::ledger::{account_digits, code, AccountUse, Ledger};
use crate::model::{BudgetLine, CostType, ForecastLine, Records, Unread};
use crate::names::quote;
use crate::names::same_name;
use crate::period::YearMonth;
use crate::problem::{Figure, LeftOut, Mapping, Place, ProblemKind, Problems};
use crate::read::Grid;
use crate::schema::{Col, SheetKind};

/// The amount columns of a ledger export.
const AMOUNTS: [Col; 3] = [Col::Budget, Col::Forecast, Col::Actual];

/// Sums of the amount columns of rows set aside, in tkr, with their count.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    rows: usize,
    sums: [f64; 3],
}

impl Tally {
    fn add(&mut self, amounts: &[Option<f64>; 3]) {
        self.rows += 1;
        for (s, a) in self.sums.iter_mut().zip(amounts) {
            *s += a.unwrap_or(0.0);
        }
    }

    /// The sums of the amount columns the sheet has.
    fn amounts(&self, header: &Header) -> Vec<(Figure, f64)> {
        let figures = [Figure::Budget, Figure::Forecast, Figure::Actual];
        AMOUNTS
            .iter()
            .zip(figures)
            .zip(self.sums)
            .filter(|((c, _), _)| header.column(**c).is_some())
            .map(|((_, f), s)| (f, s))
            .collect()
    }
}

/// What one Huvudbok sheet set aside and summed, for its notes and the sign check.
#[derive(Debug, Default)]
struct Sheet {
    not_counted: Tally,
    ignored: Tally,
    other_committees: Tally,
    internal: BTreeMap<CostType, Tally>,
    income: f64,
    costs: f64,
}

/// The SIE dimensions `[ledger]` names by number (`"dim:20"`) as the header's area and activity
/// columns, in a SIE file's sheet (one with dimensions). A dimension the file has no objects in is
/// an error naming the dimensions it has: false. Other sheets keep the columns found by name.
pub(super) fn numbered_dimensions(
    (file, sheet): (&str, &str),
    header: &mut Header,
    grid: &Grid,
    ledger: &Ledger,
    problems: &mut Problems,
) -> bool {
    if grid.dims.is_empty() {
        return true;
    }
    let numbered = [
        ("area_column", ledger.area_column, &ledger.area_dim),
        ("activity_column", ledger.activity_column, &ledger.activity_dim),
    ];
    for (key, col, dim) in numbered {
        let Some(dim) = dim else { continue };
        let Some(&(_, at)) = grid.dims.iter().find(|(n, _)| n == dim) else {
            let found = grid.dims.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ");
            problems.error(
                Place::sheet(file, sheet),
                ProblemKind::SieNoDimension { key, dim: dim.clone(), found },
            );
            return false;
        };
        header.columns.retain(|(c, _)| *c != col);
        header.columns.push((col, at));
    }
    true
}

/// A Huvudbok sheet: its header's amount columns must be the period's year and at least one; then
/// every row. Returns the rows read, `None` when the sheet could not be read.
pub(super) fn sheet(at: &SheetRef<'_>, rules: &Rules<'_>, found: &mut Found) -> Option<usize> {
    let Found { records: data, problems, names } = found;
    let (file, sheet_name, header, range) = (at.file, at.sheet, at.header, &at.grid.cells);
    if !amount_headers(file, sheet_name, at.grid, header, rules.year, problems) {
        return None;
    }
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut seen = Sheet::default();
    let mut count = 0usize;
    for (i, cells) in range.rows().enumerate() {
        let row = r0 + u32::try_from(i).unwrap_or(u32::MAX - r0);
        if row <= header.row || cells.iter().all(is_blank) {
            continue;
        }
        if is_subtotal_row(cells).is_some() {
            let row = at.grid.file_row(row);
            problems.note(Place::cell(file, sheet_name, row, c0), ProblemKind::LedgerSubtotal);
            continue;
        }
        let mut rr = RowReader::new(at, cells, row, problems, names);
        count += 1;
        ledger_row(&mut rr, rules, &mut seen, data);
    }
    notes(Place::sheet(file, sheet_name), header, rules, &seen, problems);
    if count == 0 {
        problems.note(Place::sheet(file, sheet_name), ProblemKind::EmptySheet);
    }
    Some(count)
}

/// Checks the amount headers: at least one, and a year in one must be the period's.
fn amount_headers(
    file: &str,
    sheet: &str,
    grid: &Grid,
    header: &Header,
    year: i32,
    problems: &mut Problems,
) -> bool {
    let range = &grid.cells;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut ok = true;
    let mut any = false;
    for col in AMOUNTS {
        let Some(abs) = header.column(col) else { continue };
        any = true;
        let at = (usize::try_from(header.row - r0).ok(), usize::try_from(abs - c0).ok());
        let text = match at {
            (Some(r), Some(c)) => range.get((r, c)).map(cell_text).unwrap_or_default(),
            _ => String::new(),
        };
        if let Some(other) = crate::schema::years_in(&text).into_iter().find(|y| *y != year) {
            problems.error(
                Place::cell(file, sheet, grid.file_row(header.row), abs),
                ProblemKind::LedgerWrongYear { header: quote(text.trim()), found: other, year },
            );
            ok = false;
        }
    }
    if !any {
        problems.error(Place::sheet(file, sheet), ProblemKind::LedgerNoAmount);
    }
    ok && any
}

/// One Huvudbok row: its codes mapped, its amounts in tkr, its records.
fn ledger_row(rr: &mut RowReader<'_>, rules: &Rules<'_>, seen: &mut Sheet, data: &mut Records) {
    let origin = rr.origin();
    let ledger = rules.ledger;
    let per_tkr = if ledger.kronor { 1000.0 } else { 1.0 };
    let sign = if ledger.reversed { -1.0 } else { 1.0 };
    let mut amounts = [None; 3];
    for (a, col) in amounts.iter_mut().zip(AMOUNTS) {
        *a = rr.amount(col, per_tkr).map(|x| sign * x);
    }
    let row_month = row_month(rr, rules.year);
    if let Some(month) = row_month {
        if month.month > rules.end_month && amounts[2].is_some_and(|a| a != 0.0) {
            let abs = rr.header.column(Col::Actual).unwrap_or(0);
            let end = YearMonth { year: rules.year, month: rules.end_month };
            rr.problems.warning(rr.place(abs), ProblemKind::ActualAfterPeriod { month, end });
            amounts[2] = None;
        }
    }
    let Some((area, activity, cost_type)) = placed(rr, rules, seen, &amounts, data) else {
        return;
    };
    if amounts.iter().all(|a| a.is_none_or(|x| x == 0.0)) {
        return;
    }
    if let Some(c) = rr.text(Col::Counterparty) {
        if ledger.is_internal(&code(&c)) {
            seen.internal.entry(cost_type).or_default().add(&amounts);
        }
    }
    let main = amounts.iter().flatten().next().copied().unwrap_or(0.0);
    if cost_type == CostType::Income {
        seen.income += main;
    } else {
        seen.costs += main;
    }
    let [budget, forecast, actual] = amounts;
    let (area, activity) = (rr.name(&area), rr.name(&activity));
    if rr.header.column(Col::Budget).is_some() {
        let amount = budget.unwrap_or(0.0);
        data.budget.push(BudgetLine {
            area: area.clone(),
            activity: activity.clone(),
            cost_type,
            amount,
            month: row_month.map(|m| m.month),
            origin: origin.clone(),
        });
    }
    if rr.header.column(Col::Forecast).is_some() || rr.header.column(Col::Actual).is_some() {
        let amount = rr.header.column(Col::Forecast).map(|_| forecast.unwrap_or(0.0));
        let actual = rr.header.column(Col::Actual).map(|_| actual.unwrap_or(0.0));
        data.forecast.push(ForecastLine { area, activity, cost_type, amount, actual, comment: None, origin });
    }
}

/// Where a row belongs: its area, activity and cost type. `None` for a row that does not count (set
/// aside in `seen`: other committees, balance and financial accounts, `Ignorera`) or that cannot be
/// placed (an error naming the cell; its key is kept as unread, so that no second problem says its
/// budget or forecast is missing).
fn placed(
    rr: &mut RowReader<'_>,
    rules: &Rules<'_>,
    seen: &mut Sheet,
    amounts: &[Option<f64>; 3],
    data: &mut Records,
) -> Option<(String, String, CostType)> {
    let ledger = rules.ledger;
    let area = rr.required_text(ledger.area_column).map(|t| {
        let c = code(&t);
        ledger.area(&c).map(str::to_string).ok_or(c)
    });
    if matches!(area, Some(Err(_))) && ledger.ignore_unknown_area {
        seen.other_committees.add(amounts);
        return None;
    }
    let use_ = rr.required_text(Col::Account).map(|a| account_use(rr, rules, &a));
    match use_ {
        Some(AccountUse::NotCounted) if !rr.failed => {
            seen.not_counted.add(amounts);
            return None;
        }
        Some(AccountUse::Ignored) if !rr.failed => {
            seen.ignored.add(amounts);
            return None;
        }
        _ => {}
    }
    let area = match area {
        Some(Ok(area)) => Some(area),
        Some(Err(c)) => {
            let abs = rr.header.column(ledger.area_column).unwrap_or(0);
            let column = ledger.area_column;
            rr.error(abs, ProblemKind::UnmappedCode { column, code: quote(&c), mapping: Mapping::Areas });
            None
        }
        None => None,
    };
    let activity = area.as_deref().and_then(|a| activity(rr, rules, a));
    match (area, activity, use_) {
        (Some(area), Some(activity), Some(AccountUse::Cost(cost_type))) if !rr.failed => {
            Some((area, activity, cost_type))
        }
        (area, _, use_) => {
            let cost_type = match use_ {
                Some(AccountUse::Cost(c)) => Some(c),
                _ => None,
            };
            for kind in [SheetKind::Budget, SheetKind::Forecast] {
                data.unread.push(Unread { kind, area: area.clone(), cost_type });
            }
            None
        }
    }
}

/// The month of a row's Period cell (`YYYYMM`, `YYYY-MM` or a date), when the sheet has one; a
/// month of another year is an error.
fn row_month(rr: &mut RowReader<'_>, year: i32) -> Option<YearMonth> {
    let (d, abs) = rr.cell(Col::Period)?;
    let month = match d {
        Data::Int(_) | Data::Float(_) => yyyymm(&cell_text(d)),
        Data::String(s) => yyyymm(s.trim()).or_else(|| YearMonth::parse_text(s)),
        Data::DateTime(dt) => YearMonth::from_excel_serial(dt.as_f64()),
        Data::DateTimeIso(s) => YearMonth::parse_text(s),
        _ => None,
    };
    let found = quote(&cell_text(d));
    match month {
        Some(m) if m.year == year => Some(m),
        Some(_) => {
            rr.error(abs, ProblemKind::PeriodOtherYear { found, year });
            None
        }
        None if is_blank(d) => None,
        None => {
            rr.error(abs, ProblemKind::NotAPeriod { found });
            None
        }
    }
}

/// `YYYYMM` as a month.
fn yyyymm(t: &str) -> Option<YearMonth> {
    if t.len() != 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, month) = (t[..4].parse().ok()?, t[4..].parse().ok()?);
    (1..=12).contains(&month).then_some(YearMonth { year, month })
}

/// What a row's account counts as; an account that maps to nothing, or a Konto without digits, is
/// an error naming the cell.
fn account_use(rr: &mut RowReader<'_>, rules: &Rules<'_>, text: &str) -> AccountUse {
    let abs = rr.header.column(Col::Account).unwrap_or(0);
    let digits = account_digits(text);
    if digits.is_empty() {
        rr.error(abs, ProblemKind::NoAccountNumber { found: quote(text) });
        return AccountUse::Unknown;
    }
    let use_ = rules.ledger.account(&digits);
    if use_ == AccountUse::Unknown {
        rr.error(
            abs,
            ProblemKind::UnmappedCode { column: Col::Account, code: digits, mapping: Mapping::Accounts },
        );
    }
    use_
}

/// The activity of a row of `area`: its activity code mapped, which must be an activity of that
/// area. An area without registered activities needs no code; an empty code is the area itself, as
/// in a Budget sheet.
fn activity(rr: &mut RowReader<'_>, rules: &Rules<'_>, area: &str) -> Option<String> {
    let ledger = rules.ledger;
    let entry = rules.names.as_ref().and_then(|n| n.area(area));
    let col = ledger.activity_column;
    let abs = rr.header.column(col).unwrap_or(0);
    let Some(code_text) = rr.text(col).map(|t| code(&t)) else {
        return Some(String::new());
    };
    match ledger.activity(&code_text) {
        Some(name) => {
            let registered = entry.and_then(|e| e.activities.iter().find(|a| same_name(a, name)));
            if registered.is_none() {
                let (code, activity, area) = (quote(&code_text), name.into(), area.into());
                rr.error(abs, ProblemKind::ActivityOfOtherArea { code, activity, area });
            }
            registered.cloned()
        }
        None if entry.is_none_or(|e| e.activities.is_empty()) => Some(String::new()),
        None => {
            let kind = ProblemKind::UnmappedCode {
                column: col,
                code: quote(&code_text),
                mapping: Mapping::Activities(area.to_string()),
            };
            rr.error(abs, kind);
            None
        }
    }
}

/// The notes of a sheet: what was left out, the internal postings; and the sign check.
fn notes(place: Place, header: &Header, rules: &Rules<'_>, seen: &Sheet, problems: &mut Problems) {
    let left_out = [
        (&seen.not_counted, LeftOut::NotCounted),
        (&seen.ignored, LeftOut::Ignored),
        (&seen.other_committees, LeftOut::OtherCommittees),
    ];
    for (tally, why) in left_out {
        if tally.rows > 0 {
            let kind = ProblemKind::LedgerLeftOut { rows: tally.rows, why, amounts: tally.amounts(header) };
            problems.note(place.clone(), kind);
        }
    }
    for (cost_type, tally) in &seen.internal {
        let kind = ProblemKind::InternalPostings {
            rows: tally.rows,
            cost_type: *cost_type,
            amounts: tally.amounts(header),
        };
        problems.note(place.clone(), kind);
    }
    if seen.income > 0.0 && seen.costs < 0.0 {
        let suggested = if rules.ledger.reversed { "debet" } else { "vänt" };
        problems
            .error(place, ProblemKind::ReversedSign { income: seen.income, costs: seen.costs, suggested });
    }
}
