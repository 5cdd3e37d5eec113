//! The cells of a data row: numbers, months, texts and vocabularies as SPEC.md reads them, each
//! problem naming its cell.
//!
//! Takes calamine's cells and the recognised header; gives values or the problem with the cell's
//! place ([`RowReader`]). Texts quoted in messages are shortened ([`quote`]).

use calamine::Data;

use super::header::Header;
use crate::config::Names;
use crate::model::{Origin, Vocabulary};
use crate::money::{MAX_AMOUNT_TKR, MAX_QUANTITY};
use crate::names::{quote, Interner, Name};
use crate::numbers::parse_number;
use crate::period::YearMonth;
use crate::problem::{Place, ProblemKind, Problems};
use crate::read::Grid;
use crate::schema::Col;

/// The registered name nearest to `found`, if one is near enough.
fn nearest(found: &str, candidates: &[String]) -> Option<String> {
    crate::names::suggest(found, candidates.iter().map(String::as_str)).map(str::to_string)
}

/// The most characters an Excel cell holds: a longer text could not be written to the annex.
pub const EXCEL_CELL_LIMIT: usize = 32_767;

/// The text of a cell, for messages.
#[must_use]
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{f:.0}")
            } else {
                f.to_string()
            }
        }
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "SANT" } else { "FALSKT" }.to_string(),
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::Error(e) => e.to_string(),
    }
}

pub(super) fn is_blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The number in a cell, as SPEC.md reads it.
pub fn cell_number(d: &Data, column: Col) -> Result<Option<f64>, ProblemKind> {
    cell_number_in(d, column, 1.0)
}

/// The number in a cell whose amounts are in units of `1 / per_tkr` tkr (1 000 for kronor): the
/// limit of an amount scales with it.
fn cell_number_in(d: &Data, column: Col, per_tkr: f64) -> Result<Option<f64>, ProblemKind> {
    let v = cell_value(d, column)?;
    if let Some(x) = v {
        let limit = match column {
            Col::Budget | Col::Forecast | Col::Actual => Some(MAX_AMOUNT_TKR * per_tkr),
            Col::OrdinaryHours
            | Col::SickHours
            | Col::LongTermHours
            | Col::Employees
            | Col::Persons
            | Col::Fte
            | Col::LongTermSick => Some(MAX_QUANTITY),
            _ => None,
        };
        if limit == Some(MAX_QUANTITY) && x < 0.0 {
            return Err(ProblemKind::NegativeQuantity { found: quote(&cell_text(d)), column });
        }
        if !x.is_finite() || limit.is_some_and(|l| x.abs() > l) {
            let limit = limit.unwrap_or(f64::MAX);
            return Err(ProblemKind::ImplausibleNumber { found: quote(&cell_text(d)), column, limit });
        }
    }
    Ok(v)
}

fn cell_value(d: &Data, column: Col) -> Result<Option<f64>, ProblemKind> {
    match d {
        Data::Empty => Ok(None),
        Data::Float(f) => Ok(Some(*f)),
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => Ok(Some(*i as f64)),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => {
            parse_number(s).map(Some).ok_or_else(|| ProblemKind::NotANumber { found: quote(s), column })
        }
        Data::Error(e) => Err(ProblemKind::ErrorCell { code: e.to_string() }),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            Err(ProblemKind::DateNotNumber { found: describe_date(d), column })
        }
        Data::Bool(_) => Err(ProblemKind::NotANumber { found: cell_text(d), column }),
    }
}

fn describe_date(d: &Data) -> String {
    match d {
        Data::DateTime(dt) => match YearMonth::from_excel_serial(dt.as_f64()) {
            Some(ym) => format!("{ym}"),
            None => cell_text(d),
        },
        _ => cell_text(d),
    }
}

/// The month in a cell: an Excel date, or text `YYYY-MM`.
pub fn cell_month(d: &Data) -> Result<Option<YearMonth>, ProblemKind> {
    match d {
        Data::Empty => Ok(None),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::DateTime(dt) => YearMonth::from_excel_serial(dt.as_f64())
            .map(Some)
            .ok_or_else(|| ProblemKind::NotAMonth { found: quote(&cell_text(d)) }),
        Data::String(s) | Data::DateTimeIso(s) => {
            YearMonth::parse_text(s).map(Some).ok_or_else(|| ProblemKind::NotAMonth { found: quote(s) })
        }
        Data::Error(e) => Err(ProblemKind::ErrorCell { code: e.to_string() }),
        _ => Err(ProblemKind::NotAMonth { found: quote(&cell_text(d)) }),
    }
}

/// A data sheet being read: where it is, its header and its cells.
pub struct SheetRef<'a> {
    pub(super) file: &'a str,
    pub(super) sheet: &'a str,
    pub(super) header: &'a Header,
    pub(super) grid: &'a Grid,
}

/// Reads the cells of one row of a recognised sheet.
pub struct RowReader<'a> {
    pub(super) cells: &'a [Data],
    pub(super) c0: u32,
    /// The row in the file (a SIE file's rows are packed in the grid: the row of its line).
    pub(super) row: u32,
    /// The start of the row's line, in a SIE file.
    line: Option<&'a str>,
    pub(super) header: &'a Header,
    pub(super) file: &'a str,
    pub(super) sheet: &'a str,
    /// The sheet's formula cells with no saved value, sorted by position.
    pub(super) uncached: &'a [((u32, u32), String)],
    pub(super) problems: &'a mut Problems,
    /// The workbook's names, shared by its rows.
    pub(super) names: &'a mut Interner,
    pub(super) failed: bool,
}

impl<'a> RowReader<'a> {
    pub(super) fn new(
        at: &SheetRef<'a>,
        cells: &'a [Data],
        row: u32,
        problems: &'a mut Problems,
        names: &'a mut Interner,
    ) -> Self {
        let (file, sheet, header, c0) =
            (at.file, at.sheet, at.header, at.grid.cells.start().unwrap_or((0, 0)).1);
        let line = at.grid.line(row);
        RowReader {
            cells,
            c0,
            row: line.map_or(row, |l| l.row),
            line: line.map(|l| l.start.as_str()).filter(|s| !s.is_empty()),
            header,
            file,
            sheet,
            uncached: &at.grid.uncached,
            problems,
            names,
            failed: false,
        }
    }

    /// Where the row's record comes from.
    pub(super) fn origin(&mut self) -> Origin {
        Origin { file: self.names.name(self.file), sheet: self.names.name(self.sheet), row: self.row }
    }

    /// A text as the shared name of the workbook's rows.
    pub(super) fn name(&mut self, text: &str) -> Name {
        self.names.name(text)
    }

    pub(super) fn place(&self, col: u32) -> Place {
        let column = self.header.columns.iter().find(|(_, c)| *c == col).map(|(k, _)| k.swedish());
        Place {
            column,
            line: self.line.map(str::to_string),
            ..Place::cell(self.file, self.sheet, self.row, col)
        }
    }

    pub(super) fn cell(&self, col: Col) -> Option<(&Data, u32)> {
        let abs = self.header.column(col)?;
        let idx = usize::try_from(abs.checked_sub(self.c0)?).ok()?;
        Some((self.cells.get(idx).unwrap_or(&Data::Empty), abs))
    }

    /// The formula of the cell in column `col` of this row, when it has one with no saved value.
    fn uncached_formula(&self, col: u32) -> Option<&str> {
        let i = self.uncached.binary_search_by_key(&(self.row, col), |(pos, _)| *pos).ok()?;
        Some(self.uncached[i].1.as_str())
    }

    /// For an empty cell: an error when it is a formula with no saved value (its value is unknown);
    /// true when so.
    fn formula_without_value(&mut self, col: u32) -> bool {
        let Some(formula) = self.uncached_formula(col).map(str::to_string) else {
            return false;
        };
        self.error(col, ProblemKind::FormulaWithoutValue { formula });
        true
    }

    /// For an empty required cell: the error that says so, unless the cell is a formula with no
    /// saved value (which has said why).
    fn missing(&mut self, col: Col) {
        let abs = self.header.column(col).unwrap_or(0);
        if self.uncached_formula(abs).is_none() {
            self.error(abs, ProblemKind::MissingValue { column: col });
        }
    }

    pub(super) fn error(&mut self, col: u32, kind: ProblemKind) {
        self.failed = true;
        let place = self.place(col);
        self.problems.error(place, kind);
    }

    pub(super) fn text(&mut self, col: Col) -> Option<String> {
        let (d, abs) = self.cell(col)?;
        match d {
            Data::Error(e) => {
                let code = e.to_string();
                self.error(abs, ProblemKind::ErrorCell { code });
                None
            }
            Data::DateTime(_) => Some(describe_date(d)),
            _ => {
                let t = match d {
                    Data::String(s) => std::borrow::Cow::Borrowed(s.as_str()),
                    _ => std::borrow::Cow::Owned(cell_text(d)),
                };
                let t = t.trim();
                let length = t.chars().count();
                if length > EXCEL_CELL_LIMIT {
                    self.error(abs, ProblemKind::TextTooLong { length, start: quote(t) });
                    return None;
                }
                if t.is_empty() {
                    self.formula_without_value(abs);
                    return None;
                }
                Some(t.to_string())
            }
        }
    }

    pub(super) fn required_text(&mut self, col: Col) -> Option<String> {
        let v = self.text(col);
        // Only an empty cell is missing; a cell that failed has said why.
        if v.is_none() && self.cell(col).is_some_and(|(d, _)| is_blank(d)) {
            self.missing(col);
        }
        v
    }

    pub(super) fn number(&mut self, col: Col) -> Option<f64> {
        self.amount(col, 1.0)
    }

    /// An amount in units of `1 / per_tkr` tkr (1 000: kronor), as tkr; a number as written with
    /// `per_tkr` 1.
    pub(super) fn amount(&mut self, col: Col, per_tkr: f64) -> Option<f64> {
        let (d, abs) = self.cell(col)?;
        match cell_number_in(d, col, per_tkr) {
            Ok(None) => {
                self.formula_without_value(abs);
                None
            }
            Ok(v) => v.map(|x| x / per_tkr),
            Err(kind) => {
                self.error(abs, kind);
                None
            }
        }
    }

    pub(super) fn required_number(&mut self, col: Col) -> Option<f64> {
        let v = self.number(col);
        if v.is_none() && self.cell(col).is_some_and(|(d, _)| is_blank(d)) {
            self.missing(col);
        }
        v
    }

    pub(super) fn vocab<T: Vocabulary>(
        &mut self,
        col: Col,
        required: bool,
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = if required { self.required_text(col)? } else { self.text(col)? };
        let v = parse(&text);
        if v.is_none() {
            let abs = self.header.column(col).unwrap_or(0);
            self.error(
                abs,
                ProblemKind::UnknownValue { found: quote(&text), column: col, allowed: T::allowed() },
            );
        }
        v
    }

    /// Checks an area name against the register, if there is one. Returns the name the row most
    /// likely means: the name as written, or for a name not in the register the registered one
    /// suggested.
    pub(super) fn check_area(&mut self, names: Option<&Names<'_>>, area: Option<&str>) -> Option<String> {
        let (Some(names), Some(area)) = (names, area) else {
            return area.map(str::to_string);
        };
        if names.area(area).is_some() {
            return Some(area.to_string());
        }
        let known = names.area_names();
        let meant = nearest(area, &known);
        let abs = self.header.column(Col::Area).unwrap_or(0);
        self.error(abs, ProblemKind::UnknownArea { found: quote(area), meant: meant.clone(), known });
        meant.or_else(|| Some(area.to_string()))
    }

    /// Checks an activity name against its registered area.
    pub(super) fn check_activity(&mut self, names: Option<&Names<'_>>, area: Option<&str>, activity: &str) {
        let (Some(names), Some(area)) = (names, area) else {
            return;
        };
        if activity.is_empty() || names.has_activity(area, activity) {
            return;
        }
        let Some((entry, known)) = names.area_with_activities(area) else {
            return;
        };
        let abs = self.header.column(Col::Activity).unwrap_or(0);
        let (found, area, meant) = (quote(activity), entry.name.clone(), nearest(activity, &known));
        self.error(abs, ProblemKind::UnknownActivity { found, area, meant, known });
    }

    pub(super) fn month(&mut self, col: Col) -> Option<YearMonth> {
        let (d, abs) = self.cell(col)?;
        match cell_month(d) {
            Ok(Some(m)) => Some(m),
            Ok(None) => {
                if !self.formula_without_value(abs) {
                    self.missing(col);
                }
                None
            }
            Err(kind) => {
                self.error(abs, kind);
                None
            }
        }
    }

    pub(super) fn year(&mut self, col: Col, default: i32) -> Option<i32> {
        let Some((d, abs)) = self.cell(col) else {
            return Some(default);
        };
        let found = quote(&cell_text(d));
        match cell_number(d, col) {
            Ok(None) => (!self.formula_without_value(abs)).then_some(default),
            Ok(Some(y)) if y.fract() == 0.0 && (1900.0..=2200.0).contains(&y) =>
            {
                #[allow(clippy::cast_possible_truncation)]
                Some(y as i32)
            }
            _ => {
                self.error(abs, ProblemKind::NotAYear { found });
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str) -> Data {
        Data::String(t.to_string())
    }

    #[test]
    fn cell_numbers() {
        assert_eq!(cell_number(&Data::Float(1.5), Col::Budget), Ok(Some(1.5)));
        assert_eq!(cell_number(&Data::Int(-3), Col::Budget), Ok(Some(-3.0)));
        assert_eq!(cell_number(&s("1 400,5"), Col::Budget), Ok(Some(1400.5)));
        assert_eq!(cell_number(&Data::Empty, Col::Budget), Ok(None));
        assert_eq!(
            cell_number(&s("12 4OO"), Col::Budget),
            Err(ProblemKind::NotANumber { found: "12 4OO".into(), column: Col::Budget })
        );
        assert_eq!(
            cell_number(&Data::Error(calamine::CellErrorType::Ref), Col::Budget),
            Err(ProblemKind::ErrorCell { code: "#REF!".into() })
        );
    }
}
