//! The rules of one workbook: its sheets into typed records, or what is wrong.
//!
//! Takes a [`RawWorkbook`] and the [`Rules`] of the run; adds typed records
//! to a [`Dataset`] and every problem (file, sheet, cell, what was found,
//! what is expected) to [`Problems`]. Recognises data sheets by name, finds
//! the header row, skips blank rows, checks person-written subtotal rows
//! without adding them, and parses numbers, months and vocabularies. A row
//! with an error gives no record; the run goes on to report everything.

use calamine::{Data, Range};

use crate::aggregate::frames::{MAX_AMOUNT_TKR, MAX_QUANTITY};
use crate::config::Register;
use crate::goals;
use crate::model::{
    Action, AgeGroup, Assessment, BudgetLine, CostType, Dataset, Direction, FileInfo, ForecastLine,
    Gender, Indicator, Investment, InvestmentType, Origin, Paragraph, SheetRead, SickLeaveRow,
    StaffRow, Vocabulary,
};
use crate::numbers::parse_number;
use crate::period::YearMonth;
use crate::problem::{Place, ProblemKind, Problems};
use crate::read::RawWorkbook;
use crate::schema::{normalise, Col, SheetKind};

/// What validation needs to know about the run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rules<'a> {
    /// The period's year: the default for Personal's År.
    pub year: i32,
    /// Indicator tolerance (0.10 = 10 %).
    pub tolerance: f64,
    /// The register whose area and activity names are checked, if it lists any.
    pub register: Option<&'a Register>,
}

fn suggestion(found: &str, candidates: &[String]) -> String {
    crate::config::suggest(found, candidates.iter().map(String::as_str))
        .map(|s| format!(" Menade du \"{s}\"?"))
        .unwrap_or_default()
}

fn listing(names: &[String]) -> String {
    if names.is_empty() {
        return "(inga; lämna kolumnen tom)".to_string();
    }
    let shown: Vec<String> = names.iter().take(12).map(|n| format!("\"{n}\"")).collect();
    let more = names.len().saturating_sub(12);
    if more > 0 {
        format!("{} och {more} till", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// A recognised header row: where it is and which column holds what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Absolute zero-based row of the header.
    pub row: u32,
    /// Absolute zero-based column of each column found.
    pub columns: Vec<(Col, u32)>,
}

impl Header {
    /// The absolute column of `col`, if the header has it.
    #[must_use]
    pub fn column(&self, col: Col) -> Option<u32> {
        self.columns
            .iter()
            .find(|(c, _)| *c == col)
            .map(|(_, i)| *i)
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

/// At most this many characters of a cell are quoted in a message.
const QUOTE_LIMIT: usize = 80;

/// A cell's text as quoted in a message: at most [`QUOTE_LIMIT`]
/// characters, control characters shown as `�`.
#[must_use]
pub fn quote(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(QUOTE_LIMIT)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if text.chars().count() > QUOTE_LIMIT {
        out.push('…');
    }
    out
}

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

fn is_blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// Finds the header row of a sheet of `kind`: the first row that contains
/// every required column name (case and surrounding space ignored, English
/// aliases accepted). The first occurrence of a name counts.
///
/// # Errors
/// [`NoHeader`] when no row has every required column.
pub fn find_header(range: &Range<Data>, kind: SheetKind) -> Result<Header, NoHeader> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let required: Vec<Col> = kind
        .columns()
        .iter()
        .filter(|c| c.required)
        .map(|c| c.col)
        .collect();
    let mut best: Option<(usize, Vec<Col>, Vec<String>)> = None;
    for (i, row) in range.rows().enumerate() {
        let mut columns: Vec<(Col, u32)> = Vec::new();
        let mut texts = Vec::new();
        for (j, cell) in row.iter().enumerate() {
            let Data::String(s) = cell else { continue };
            let n = normalise(s);
            if n.is_empty() {
                continue;
            }
            texts.push(s.trim().to_string());
            if let Some(spec) = kind.columns().iter().find(|spec| spec.col.matches(&n)) {
                if !columns.iter().any(|(c, _)| *c == spec.col) {
                    let col = c0 + u32::try_from(j).unwrap_or(u32::MAX - c0);
                    columns.push((spec.col, col));
                }
            }
        }
        let missing: Vec<Col> = required
            .iter()
            .copied()
            .filter(|c| !columns.iter().any(|(f, _)| f == c))
            .collect();
        if missing.is_empty() {
            return Ok(Header {
                row: r0 + u32::try_from(i).unwrap_or(u32::MAX - r0),
                columns,
            });
        }
        let found = required.len() - missing.len();
        if !texts.is_empty() && best.as_ref().is_none_or(|(f, _, _)| found > *f) {
            best = Some((found, missing, texts));
        }
    }
    match best {
        Some((_, missing, found)) => Err(NoHeader { missing, found }),
        None => Err(NoHeader {
            missing: required,
            found: Vec::new(),
        }),
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
    let lower = first.to_lowercase();
    for word in ["summa", "totalt", "total"] {
        if let Some(rest) = lower.strip_prefix(word) {
            if rest.chars().next().is_none_or(|c| !c.is_alphanumeric()) {
                return Some(first.to_string());
            }
        }
    }
    None
}

/// The number in a cell, as SPEC.md reads it.
///
/// # Errors
/// The problem when the cell holds something that is not a number.
pub fn cell_number(d: &Data, column: Col) -> Result<Option<f64>, ProblemKind> {
    let v = cell_value(d, column)?;
    if let Some(x) = v {
        let limit = match column {
            Col::Budget | Col::Forecast | Col::Actual => Some(MAX_AMOUNT_TKR),
            Col::OrdinaryHours
            | Col::SickHours
            | Col::LongTermHours
            | Col::Employees
            | Col::Persons
            | Col::Fte
            | Col::LongTermSick => Some(MAX_QUANTITY),
            _ => None,
        };
        if !x.is_finite() || limit.is_some_and(|l| x.abs() > l) {
            return Err(ProblemKind::ImplausibleNumber {
                found: quote(&cell_text(d)),
                column: column.swedish().to_string(),
                limit: crate::format::number(limit.unwrap_or(f64::MAX), 0),
            });
        }
    }
    Ok(v)
}

fn cell_value(d: &Data, column: Col) -> Result<Option<f64>, ProblemKind> {
    let col = || column.swedish().to_string();
    match d {
        Data::Empty => Ok(None),
        Data::Float(f) => Ok(Some(*f)),
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => Ok(Some(*i as f64)),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => parse_number(s)
            .map(Some)
            .ok_or_else(|| ProblemKind::NotANumber {
                found: quote(s),
                column: col(),
            }),
        Data::Error(e) => Err(ProblemKind::ErrorCell {
            code: e.to_string(),
        }),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            Err(ProblemKind::DateNotNumber {
                found: describe_date(d),
                column: col(),
            })
        }
        Data::Bool(_) => Err(ProblemKind::NotANumber {
            found: cell_text(d),
            column: col(),
        }),
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
///
/// # Errors
/// [`ProblemKind::NotAMonth`] (or an error-cell problem).
pub fn cell_month(d: &Data) -> Result<Option<YearMonth>, ProblemKind> {
    match d {
        Data::Empty => Ok(None),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::DateTime(dt) => YearMonth::from_excel_serial(dt.as_f64())
            .map(Some)
            .ok_or_else(|| ProblemKind::NotAMonth {
                found: cell_text(d),
            }),
        Data::String(s) | Data::DateTimeIso(s) => YearMonth::parse_text(s)
            .map(Some)
            .ok_or_else(|| ProblemKind::NotAMonth { found: quote(s) }),
        Data::Error(e) => Err(ProblemKind::ErrorCell {
            code: e.to_string(),
        }),
        _ => Err(ProblemKind::NotAMonth {
            found: cell_text(d),
        }),
    }
}

/// Reads the cells of one row of a recognised sheet.
struct RowReader<'a> {
    cells: &'a [Data],
    c0: u32,
    row: u32,
    header: &'a Header,
    file: &'a str,
    sheet: &'a str,
    problems: &'a mut Problems,
    failed: bool,
}

impl RowReader<'_> {
    fn place(&self, col: u32) -> Place {
        Place::cell(self.file, self.sheet, self.row, col)
    }

    fn cell(&self, col: Col) -> Option<(&Data, u32)> {
        let abs = self.header.column(col)?;
        let idx = usize::try_from(abs.checked_sub(self.c0)?).ok()?;
        Some((self.cells.get(idx).unwrap_or(&Data::Empty), abs))
    }

    fn error(&mut self, col: u32, kind: ProblemKind) {
        self.failed = true;
        let place = self.place(col);
        self.problems.error(place, kind);
    }

    fn text(&mut self, col: Col) -> Option<String> {
        let (d, abs) = self.cell(col)?;
        match d {
            Data::Error(e) => {
                let code = e.to_string();
                self.error(abs, ProblemKind::ErrorCell { code });
                None
            }
            Data::DateTime(_) => Some(describe_date(d)),
            _ => {
                let t = cell_text(d);
                let t = t.trim();
                (!t.is_empty()).then(|| t.to_string())
            }
        }
    }

    fn required_text(&mut self, col: Col) -> Option<String> {
        let v = self.text(col);
        if v.is_none() && !self.failed_at(col) {
            let abs = self.header.column(col).unwrap_or(0);
            self.error(
                abs,
                ProblemKind::MissingValue {
                    column: col.swedish().into(),
                },
            );
        }
        v
    }

    fn failed_at(&self, col: Col) -> bool {
        self.cell(col)
            .is_some_and(|(d, _)| matches!(d, Data::Error(_)))
    }

    fn number(&mut self, col: Col) -> Option<f64> {
        let (d, abs) = self.cell(col)?;
        match cell_number(d, col) {
            Ok(v) => v,
            Err(kind) => {
                self.error(abs, kind);
                None
            }
        }
    }

    fn required_number(&mut self, col: Col) -> Option<f64> {
        let v = self.number(col);
        if v.is_none() && self.cell(col).is_some_and(|(d, _)| is_blank(d)) {
            let abs = self.header.column(col).unwrap_or(0);
            self.error(
                abs,
                ProblemKind::MissingValue {
                    column: col.swedish().into(),
                },
            );
        }
        v
    }

    fn vocab<T: Vocabulary>(
        &mut self,
        col: Col,
        required: bool,
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = if required {
            self.required_text(col)?
        } else {
            self.text(col)?
        };
        let v = parse(&text);
        if v.is_none() {
            let abs = self.header.column(col).unwrap_or(0);
            self.error(
                abs,
                ProblemKind::UnknownValue {
                    found: quote(&text),
                    column: col.swedish().into(),
                    allowed: T::allowed(),
                },
            );
        }
        v
    }

    /// Checks an area name against the register, if there is one.
    fn check_area(&mut self, register: Option<&Register>, area: Option<&str>) {
        let (Some(reg), Some(area)) = (register, area) else {
            return;
        };
        if reg.area(area).is_some() {
            return;
        }
        let known: Vec<String> = reg.areas.iter().map(|a| a.name.clone()).collect();
        let abs = self.header.column(Col::Area).unwrap_or(0);
        self.error(
            abs,
            ProblemKind::UnknownArea {
                found: quote(area),
                suggestion: suggestion(area, &known),
                known: listing(&known),
            },
        );
    }

    /// Checks an activity name against its registered area.
    fn check_activity(&mut self, register: Option<&Register>, area: Option<&str>, activity: &str) {
        let (Some(reg), Some(area)) = (register, area) else {
            return;
        };
        let Some(entry) = reg.area(area) else {
            return;
        };
        if activity.is_empty() || Register::has_activity(entry, activity) {
            return;
        }
        let abs = self.header.column(Col::Activity).unwrap_or(0);
        self.error(
            abs,
            ProblemKind::UnknownActivity {
                found: quote(activity),
                area: entry.name.clone(),
                suggestion: suggestion(activity, &entry.activities),
                known: listing(&entry.activities),
            },
        );
    }

    fn month(&mut self, col: Col) -> Option<YearMonth> {
        let (d, abs) = self.cell(col)?;
        match cell_month(d) {
            Ok(Some(m)) => Some(m),
            Ok(None) => {
                self.error(
                    abs,
                    ProblemKind::MissingValue {
                        column: col.swedish().into(),
                    },
                );
                None
            }
            Err(kind) => {
                self.error(abs, kind);
                None
            }
        }
    }

    fn year(&mut self, col: Col, default: i32) -> Option<i32> {
        let Some((d, abs)) = self.cell(col) else {
            return Some(default);
        };
        let found = cell_text(d);
        match cell_number(d, col) {
            Ok(None) => Some(default),
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
    let mut sheets_read = Vec::new();
    for sheet in &wb.sheets {
        let Some(kind) = SheetKind::from_sheet_name(&sheet.name) else {
            problems.note(
                Place::sheet(&wb.rel, &sheet.name),
                ProblemKind::SheetIgnored {
                    sheet: sheet.name.clone(),
                    known: SheetKind::known_names(),
                },
            );
            continue;
        };
        let range = match &sheet.cells {
            Ok(r) => r,
            Err(reason) => {
                problems.error(
                    Place::sheet(&wb.rel, &sheet.name),
                    ProblemKind::SheetUnreadable {
                        reason: reason.clone(),
                    },
                );
                continue;
            }
        };
        let rows = validate_sheet(&wb.rel, &sheet.name, kind, range, rules, data, problems);
        sheets_read.push(SheetRead {
            name: sheet.name.clone(),
            kind,
            rows,
        });
    }
    if sheets_read.is_empty()
        && wb
            .sheets
            .iter()
            .all(|s| SheetKind::from_sheet_name(&s.name).is_none())
    {
        problems.note(
            Place::file(&wb.rel),
            ProblemKind::NoDataSheet {
                known: SheetKind::known_names(),
            },
        );
    }
    data.files.push(FileInfo {
        path: wb.rel.clone(),
        sha256: wb.sha256.clone(),
        size: wb.size,
        sheets: sheets_read,
    });
}

/// Validates one data sheet; returns the number of data rows read.
#[allow(clippy::too_many_lines)]
fn validate_sheet(
    file: &str,
    sheet: &str,
    kind: SheetKind,
    range: &Range<Data>,
    rules: &Rules<'_>,
    data: &mut Dataset,
    problems: &mut Problems,
) -> usize {
    let header = match find_header(range, kind) {
        Ok(h) => h,
        Err(no) => {
            let missing = no
                .missing
                .iter()
                .map(|c| c.swedish())
                .collect::<Vec<_>>()
                .join(", ");
            let found = if no.found.is_empty() {
                "(inga)".to_string()
            } else {
                no.found
                    .iter()
                    .map(|t| format!("\"{t}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            problems.error(
                Place::sheet(file, sheet),
                ProblemKind::MissingColumns { missing, found },
            );
            return 0;
        }
    };
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
        let origin = Origin {
            file: file.to_string(),
            sheet: sheet.to_string(),
            row,
        };
        let mut rr = RowReader {
            cells,
            c0,
            row,
            header: &header,
            file,
            sheet,
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
                    rr.problems.warning(
                        place,
                        ProblemKind::SubtotalMismatch {
                            label: label.clone(),
                            column: col.swedish().into(),
                            stated: crate::format::number(stated, 2),
                            computed: crate::format::number(block[k], 2),
                        },
                    );
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
        read_record(kind, &mut rr, origin, rules, data);
    }
    if count == 0 {
        problems.note(Place::sheet(file, sheet), ProblemKind::EmptySheet);
    }
    count
}

#[allow(clippy::too_many_lines)]
fn read_record(
    kind: SheetKind,
    rr: &mut RowReader<'_>,
    origin: Origin,
    rules: &Rules<'_>,
    data: &mut Dataset,
) {
    match kind {
        SheetKind::Budget => {
            let area = rr.required_text(Col::Area);
            let activity = rr.text(Col::Activity).unwrap_or_default();
            rr.check_area(rules.register, area.as_deref());
            rr.check_activity(rules.register, area.as_deref(), &activity);
            let cost_type = rr.vocab(Col::CostType, true, CostType::parse);
            let amount = rr.required_number(Col::Budget);
            if let (Some(area), Some(cost_type), Some(amount), false) =
                (area, cost_type, amount, rr.failed)
            {
                data.budget.push(BudgetLine {
                    area,
                    activity,
                    cost_type,
                    amount,
                    origin,
                });
            }
        }
        SheetKind::Forecast => {
            let area = rr.required_text(Col::Area);
            let activity = rr.text(Col::Activity).unwrap_or_default();
            rr.check_area(rules.register, area.as_deref());
            rr.check_activity(rules.register, area.as_deref(), &activity);
            let cost_type = rr.vocab(Col::CostType, true, CostType::parse);
            let amount = rr.required_number(Col::Forecast);
            let actual = rr.number(Col::Actual);
            let comment = rr.text(Col::Comment);
            if let (Some(area), Some(cost_type), Some(amount), false) =
                (area, cost_type, amount, rr.failed)
            {
                data.forecast.push(ForecastLine {
                    area,
                    activity,
                    cost_type,
                    amount,
                    actual,
                    comment,
                    origin,
                });
            }
        }
        SheetKind::Investments => {
            let project = rr.required_text(Col::Project);
            let kind = rr.vocab(Col::Type, true, InvestmentType::parse);
            let budget = rr.required_number(Col::Budget);
            let forecast = rr.required_number(Col::Forecast);
            let area = rr.text(Col::Area);
            rr.check_area(rules.register, area.as_deref());
            let comment = rr.text(Col::Comment);
            if let (Some(project), Some(kind), Some(budget), Some(forecast), false) =
                (project, kind, budget, forecast, rr.failed)
            {
                data.investments.push(Investment {
                    project,
                    kind,
                    budget,
                    forecast,
                    area,
                    comment,
                    origin,
                });
            }
        }
        SheetKind::SickLeave => {
            let area = rr.required_text(Col::Area);
            rr.check_area(rules.register, area.as_deref());
            let month = rr.month(Col::Month);
            let gender = rr.vocab(Col::Gender, true, Gender::parse);
            let age_group = rr.vocab(Col::AgeGroup, false, AgeGroup::parse_loose);
            let ordinary = rr.required_number(Col::OrdinaryHours);
            let sick = rr.required_number(Col::SickHours);
            let long_term = rr.number(Col::LongTermHours);
            let employees = rr.number(Col::Employees);
            if let (
                Some(area),
                Some(month),
                Some(gender),
                Some(ordinary_hours),
                Some(sick_hours),
                false,
            ) = (area, month, gender, ordinary, sick, rr.failed)
            {
                data.sick_leave.push(SickLeaveRow {
                    area,
                    month,
                    gender,
                    age_group,
                    ordinary_hours,
                    sick_hours,
                    long_term_hours: long_term,
                    employees,
                    origin,
                });
            }
        }
        SheetKind::Staff => {
            let area = rr.required_text(Col::Area);
            rr.check_area(rules.register, area.as_deref());
            let gender = rr.vocab(Col::Gender, true, Gender::parse);
            let persons = rr.required_number(Col::Persons);
            let fte = rr.required_number(Col::Fte);
            let year = rr.year(Col::Year, rules.year);
            let long_term_sick = rr.number(Col::LongTermSick);
            if let (Some(area), Some(gender), Some(persons), Some(fte), Some(year), false) =
                (area, gender, persons, fte, year, rr.failed)
            {
                data.staff.push(StaffRow {
                    area,
                    gender,
                    persons,
                    fte,
                    year,
                    long_term_sick,
                    origin,
                });
            }
        }
        SheetKind::Indicators => read_indicator(rr, origin, rules, data),
        SheetKind::Actions => {
            let action = rr.required_text(Col::Action);
            let goal = rr.text(Col::Goal);
            let planned_start = rr.text(Col::PlannedStart);
            let status = rr.text(Col::Status);
            let responsible = rr.text(Col::Responsible);
            if let (Some(action), false) = (action, rr.failed) {
                data.actions.push(Action {
                    action,
                    goal,
                    planned_start,
                    status,
                    responsible,
                    origin,
                });
            }
        }
        SheetKind::Text => {
            let section = rr.required_text(Col::Section);
            let text = rr.required_text(Col::Text);
            let area = rr.text(Col::Area);
            rr.check_area(rules.register, area.as_deref());
            if let (Some(section), Some(text), false) = (section, text, rr.failed) {
                data.paragraphs.push(Paragraph {
                    section,
                    text,
                    area,
                    origin,
                });
            }
        }
    }
}

fn read_indicator(rr: &mut RowReader<'_>, origin: Origin, rules: &Rules<'_>, data: &mut Dataset) {
    let goal = rr.required_text(Col::Goal);
    let name = rr.required_text(Col::Indicator);
    let target = rr.required_number(Col::Target);
    let outcome = rr.number(Col::Outcome);
    let outcome_women = rr.number(Col::OutcomeWomen);
    let outcome_men = rr.number(Col::OutcomeMen);
    let unit = rr.text(Col::Unit);
    let direction = rr
        .vocab(Col::Direction, false, Direction::parse)
        .unwrap_or(Direction::HigherIsBetter);
    let stated = rr.vocab(Col::Assessment, false, Assessment::parse);
    let area = rr.text(Col::Area);
    rr.check_area(rules.register, area.as_deref());
    let responsible = rr.text(Col::Responsible);
    let comment = rr.text(Col::Comment);
    let (Some(goal), Some(name), Some(target), false) = (goal, name, target, rr.failed) else {
        return;
    };
    let indicator = Indicator {
        goal,
        name,
        target,
        outcome,
        outcome_women,
        outcome_men,
        unit,
        direction,
        stated,
        area,
        responsible,
        comment,
        origin,
    };
    match (indicator.outcome_women, indicator.outcome_men) {
        (Some(_), None) | (None, Some(_)) => {
            let (col, given) = if indicator.outcome_women.is_some() {
                (Col::OutcomeWomen, "Utfall kvinnor")
            } else {
                (Col::OutcomeMen, "Utfall män")
            };
            let place = rr.place(rr.header.column(col).unwrap_or(0));
            rr.problems.note(
                place,
                ProblemKind::OneGenderOnly {
                    given: given.into(),
                },
            );
        }
        _ => {}
    }
    let assessed = goals::assess_indicator(&indicator, rules.tolerance);
    if let Some(stated) = indicator.stated {
        if stated != assessed.computed && indicator.outcome.is_some() {
            let place = rr.place(rr.header.column(Col::Assessment).unwrap_or(0));
            rr.problems.warning(
                place,
                ProblemKind::AssessmentDisagrees {
                    stated: stated.word().into(),
                    computed: assessed.computed.word().into(),
                    outcome: crate::format::number(indicator.outcome.unwrap_or(0.0), 2),
                    target: crate::format::number(indicator.target, 2),
                    direction: indicator.direction.word().to_lowercase(),
                },
            );
        }
    }
    data.indicators.push(indicator);
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
                r.set_value(
                    (u32::try_from(i).unwrap(), u32::try_from(j).unwrap()),
                    v.clone(),
                );
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
        let r = range(&[
            &[s("Title")],
            &[s("Verksamhetsområde"), s("Kostnadsslag"), s("Belopp")],
        ]);
        let no = find_header(&r, SheetKind::Budget).unwrap_err();
        assert_eq!(no.missing, vec![Col::Budget]);
        assert_eq!(
            no.found,
            vec!["Verksamhetsområde", "Kostnadsslag", "Belopp"]
        );
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
            Err(ProblemKind::NotANumber {
                found: "12 4OO".into(),
                column: "Budget".into()
            })
        );
        assert_eq!(
            cell_number(&Data::Error(calamine::CellErrorType::Ref), Col::Budget),
            Err(ProblemKind::ErrorCell {
                code: "#REF!".into()
            })
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
