//! Aggregate stage: the figures of the report.
//!
//! Takes the validated [`Records`] of the period and of earlier periods (for the sick-leave history
//! and the previous forecast), the register and the period; gives [`Figures`]: driftredovisning by
//! cost type and by activity, investments, staff, sick leave, goals, and the change since the
//! previous forecast. Every sum is in exact fixed point (öre, hundredths of hours): over the
//! consolidated lines ([`accounts`]), per sick-leave group and year in one pass over the rows
//! ([`sick`]), and per staff year and gender in polars ([`staff`]); so they do not depend on order
//! or threads. Nothing is rounded for display here. The grand totals are cross-checked against a sum of the records computed apart,
//! and a disagreement is an error, never an output. Validation has already reported every input
//! problem: this stage adds none.

pub mod accounts;
pub mod path;
pub mod sick;
pub mod staff;

use polars::prelude::PolarsError;

use crate::config::Register;
use crate::consolidate::{Checked, LastYear, Line};
use crate::goals::{self, Goal};
use crate::labels::Lang;
use crate::model::{AgeGroup, Assessment, Gender, Records, Vocabulary};
use crate::names::Name;
use crate::period::Period;

/// Why the figures could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum AggregateError {
    /// polars failed: a bug, not an input problem.
    #[error("internt fel när siffrorna räknades fram (ett programfel); inget skrevs")]
    Polars(#[from] PolarsError),
    /// Two ways of computing a total disagree.
    #[error(
        "internt fel: {what} för {column} är {found} öre men {expected} öre enligt {other}; inget skrevs"
    )]
    TotalsDisagree {
        what: &'static str,
        column: &'static str,
        found: i64,
        /// The other way of computing it.
        other: &'static str,
        expected: i64,
    },
    /// A sum does not fit the fixed-point range (validation bounds every figure, so this is a bug).
    #[error("internt fel: summan av {what} blir för stor; inget skrevs")]
    Overflow { what: &'static str },
}

/// How a row of an amount table is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// An ordinary line (a cost type, an investment project).
    Line,
    /// An activity area with its sum.
    Area,
    /// An activity under its area.
    Activity,
    /// A subtotal (Summa KOSTNADER).
    Subtotal,
    /// A grand total (Summa RESULTAT, Summa).
    Total,
}

/// What a row is called: a fixed label, shown in the report's language, or a name from the data (an
/// area, an activity), shown as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Label {
    /// A label of the program ("Summa RESULTAT", "Kvinnor"), in Swedish.
    Fixed(&'static str),
    /// A name from the register or the workbooks, never translated.
    Name(Name),
}

impl Label {
    /// The text shown in a language.
    #[must_use]
    pub fn text(&self, l: Lang) -> &str {
        match self {
            Label::Fixed(s) => l.t(s),
            Label::Name(n) => n,
        }
    }
}

/// A row of Budget, Prognos and Avvikelse.
#[derive(Clone, Debug, PartialEq)]
pub struct AmountRow {
    /// What the row is called.
    pub label: Label,
    /// How it is shown.
    pub level: Level,
    /// Whether any record of this year gives the row: false for an area or activity of last year
    /// only, whose Budget, Prognos and Avvikelse are shown empty (and are 0 here).
    pub this_year: bool,
    /// Annual budget, tkr.
    pub budget: f64,
    /// Budget of the months to the period's end, tkr; `None` where the inputs give no monthly
    /// budget for some key of the row.
    pub budget_to_date: Option<f64>,
    /// Forecast, tkr.
    pub forecast: f64,
    /// Utfall (actual to the period's end), tkr; `None` when no row of it gives one.
    pub actual: Option<f64>,
    /// Last year's Utfall to the same period's end, tkr (`None` as above).
    pub actual_last_year: Option<f64>,
    /// Last year's Bokslut (the T3's Utfall), tkr (`None` as above).
    pub closing_last_year: Option<f64>,
}

impl AmountRow {
    /// Avvikelse = Budget − Prognos (positive is a surplus).
    #[must_use]
    pub fn deviation(&self) -> f64 {
        crate::money::difference(self.budget, self.forecast)
    }

    /// Budget to date − Utfall, when both are (positive: less spent than budgeted so far).
    #[must_use]
    pub fn deviation_to_date(&self) -> Option<f64> {
        Some(crate::money::difference(self.budget_to_date?, self.actual?))
    }

    /// This year's Utfall − last year's to the same period, when both are.
    #[must_use]
    pub fn actual_change(&self) -> Option<f64> {
        Some(crate::money::difference(self.actual?, self.actual_last_year?))
    }
}

/// A column of an amount table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Budget,
    Forecast,
    Deviation,
    Actual,
    BudgetToDate,
    DeviationToDate,
    ActualLastYear,
    ActualChange,
    ClosingLastYear,
}

impl Column {
    /// The columns of a table: Budget, Prognos, Avvikelse, then, when any row has them, Utfall,
    /// last year's Utfall of the same period with the change, and last year's Bokslut.
    #[must_use]
    pub fn of(rows: &[AmountRow]) -> Vec<Column> {
        let any = |get: fn(&AmountRow) -> bool| rows.iter().any(get);
        let mut columns = vec![Column::Budget, Column::Forecast, Column::Deviation];
        if any(|r| r.actual.is_some()) {
            columns.push(Column::Actual);
        }
        // Only where the inputs give the budget by month: never an even split of the year's.
        if any(|r| r.budget_to_date.is_some()) {
            columns.push(Column::BudgetToDate);
            if any(|r| r.actual.is_some()) {
                columns.push(Column::DeviationToDate);
            }
        }
        if any(|r| r.actual_last_year.is_some()) {
            columns.extend([Column::ActualLastYear, Column::ActualChange]);
        }
        if any(|r| r.closing_last_year.is_some()) {
            columns.push(Column::ClosingLastYear);
        }
        columns
    }

    /// The column's value of a row; `None` where it has none (this year's amounts of a row of last
    /// year only, a missing Utfall).
    #[must_use]
    pub fn value(self, r: &AmountRow) -> Option<f64> {
        match self {
            Column::Budget => r.this_year.then_some(r.budget),
            Column::Forecast => r.this_year.then_some(r.forecast),
            Column::Deviation => r.this_year.then_some(r.deviation()),
            Column::Actual => r.actual,
            Column::BudgetToDate => r.budget_to_date,
            Column::DeviationToDate => r.deviation_to_date(),
            Column::ActualLastYear => r.actual_last_year,
            Column::ActualChange => r.actual_change(),
            Column::ClosingLastYear => r.closing_last_year,
        }
    }

    /// The heading in a language, for `period`.
    #[must_use]
    pub fn heading(self, l: Lang, period: Period) -> String {
        let last = period.year - 1;
        let month = l.month(period.end_month());
        match (self, l) {
            (Column::BudgetToDate, Lang::Sv) => format!("Budget t.o.m. {month}"),
            (Column::BudgetToDate, Lang::En) => format!("Budget to {month}"),
            (Column::DeviationToDate, Lang::Sv) => format!("Avvikelse t.o.m. {month}"),
            (Column::DeviationToDate, Lang::En) => format!("Deviation to {month}"),
            (Column::Budget, _) => l.t("Budget").into(),
            (Column::Forecast, _) => l.t("Prognos").into(),
            (Column::Deviation, _) => l.t("Avvikelse").into(),
            (Column::Actual, _) => l.t("Utfall").into(),
            (Column::ActualLastYear, Lang::Sv) => format!("Utfall {last} samma period"),
            (Column::ActualLastYear, Lang::En) => format!("Actual {last} same period"),
            (Column::ActualChange, Lang::Sv) => "Förändring utfall".into(),
            (Column::ActualChange, Lang::En) => "Change in actual".into(),
            (Column::ClosingLastYear, Lang::Sv) => format!("Bokslut {last}"),
            (Column::ClosingLastYear, Lang::En) => format!("Closing accounts {last}"),
        }
    }
}

/// Staff figures of one gender (or the total) in one year.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StaffCell {
    pub persons: f64,
    pub fte: f64,
    /// Långtidssjukskrivna, when reported.
    pub long_term_sick: Option<f64>,
}

/// Staff figures of one year.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffYear {
    pub year: i32,
    pub women: StaffCell,
    pub men: StaffCell,
    /// Sum of women and men, from unrounded values.
    pub total: StaffCell,
}

/// Sick leave of one group in one year.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SickCell {
    /// 100 × Σ sick ÷ Σ ordinary hours; `None` without hours, and for a suppressed group.
    pub percent: Option<f64>,
    /// 100 × Σ long-term ÷ Σ sick hours; `None` when not reported, and for a suppressed group.
    pub long_term_share: Option<f64>,
    /// The group's size: the largest monthly Σ Antal anställda.
    pub size: Option<f64>,
    /// True when the group has 10 employees or fewer and must not be shown.
    pub suppressed: bool,
}

/// Which group a sick-leave row describes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SickGroup {
    Total,
    Gender(Gender),
    Age(AgeGroup),
    /// One activity area, as shown.
    Area(Name),
}

impl SickGroup {
    /// What the group's row is called.
    #[must_use]
    pub fn label(&self) -> Label {
        match self {
            SickGroup::Total => Label::Fixed("Totalt"),
            SickGroup::Gender(Gender::Woman) => Label::Fixed("Kvinnor"),
            SickGroup::Gender(Gender::Man) => Label::Fixed("Män"),
            SickGroup::Age(a) => Label::Fixed(a.label()),
            SickGroup::Area(name) => Label::Name(name.clone()),
        }
    }
}

/// A row of the sick-leave table: one group across the years.
#[derive(Clone, Debug, PartialEq)]
pub struct SickRow {
    pub group: SickGroup,
    /// One cell per year of [`SickLeave::years`].
    pub cells: Vec<SickCell>,
}

/// Sick leave over the same months of every year present.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SickLeave {
    /// The last month compared (1–12); the first is January.
    pub last_month: u32,
    pub years: Vec<i32>,
    /// By gender and total, then age groups, then areas.
    pub rows: Vec<SickRow>,
    /// True when group sizes were known (the Antal anställda column).
    pub sizes_known: bool,
}

/// The change of the total deviation since the previous forecast: the previous period, its total
/// Avvikelse, and this period's minus it (tkr).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PreviousForecast {
    pub period: Period,
    pub deviation: f64,
    pub change: f64,
}

/// Every figure of the annex and the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// The consolidated keys, in order of first appearance.
    pub lines: Vec<Line>,
    pub period: Period,
    /// The five cost types, Summa KOSTNADER, Summa RESULTAT.
    pub by_cost_type: Vec<AmountRow>,
    /// Each area followed by its activities, then Summa.
    pub by_activity: Vec<AmountRow>,
    /// Inkomster (when any), Utgifter, Summa NETTOINVESTERINGAR.
    pub investments: Vec<AmountRow>,
    /// Staff by year, ascending.
    pub staff: Vec<StaffYear>,
    pub sick_leave: SickLeave,
    /// Goals with their indicators.
    pub goals: Vec<Goal>,
    /// The earlier years whose indicator outcomes the goals carry.
    pub indicator_years: Vec<i32>,
    /// The change since the previous forecast, when known.
    pub previous: Option<PreviousForecast>,
    /// The forecasts of the year by period (Prognosutveckling), this period's last.
    pub path: path::ForecastPath,
    /// The year's outcome beside its earlier forecasts (Prognossäkerhet), at the year's last
    /// period.
    pub accuracy: Option<path::Accuracy>,
}

impl Figures {
    /// Summa RESULTAT.
    #[must_use]
    pub fn result(&self) -> &AmountRow {
        &self.by_cost_type[self.by_cost_type.len() - 1]
    }

    /// How many goals have each assessment, best first.
    #[must_use]
    pub fn goal_counts(&self) -> Vec<(Assessment, usize)> {
        Assessment::WORDS
            .iter()
            .map(|(a, _)| (*a, self.goals.iter().filter(|g| g.assessment == *a).count()))
            .collect()
    }
}

/// One amount of an [`AmountRow`], `None` where it has none.
type Amount = fn(&AmountRow) -> Option<f64>;

/// The amount columns of an [`AmountRow`], each with its name for a message: budget, forecast,
/// Utfall, last year's Utfall and Bokslut.
const COLUMNS: [(&str, Amount); 5] = [
    ("budgeten", |r| Some(r.budget)),
    ("prognosen", |r| Some(r.forecast)),
    ("utfallet", |r| r.actual),
    ("fjolårets utfall", |r| r.actual_last_year),
    ("fjolårets bokslut", |r| r.closing_last_year),
];

/// Checks the totals of every amount column four ways: Summa RESULTAT by cost type against a
/// checked sum of the records themselves, and Summa by activity, the sum of the areas' rows and the
/// sum of the cost types against Summa RESULTAT, each in whole öre.
fn cross_check(
    data: &Records,
    last_year: &LastYear<'_>,
    by_cost_type: &[AmountRow],
    by_activity: &[AmountRow],
) -> Result<(), AggregateError> {
    let utfall = |d: Option<&Records>| -> Vec<f64> {
        d.map(|d| d.forecast.iter().filter_map(|l| l.actual).collect()).unwrap_or_default()
    };
    let records: [Vec<f64>; 5] = [
        data.budget.iter().map(|l| l.amount).collect(),
        data.forecast.iter().filter_map(|l| l.amount).collect(),
        utfall(Some(data)),
        utfall(last_year.same_period),
        utfall(last_year.closing),
    ];
    let areas: Vec<&AmountRow> = by_activity.iter().filter(|r| r.level == Level::Area).collect();
    let costs: Vec<&AmountRow> = by_cost_type.iter().filter(|r| r.level == Level::Line).collect();
    let last =
        |rows: &[AmountRow], get: Amount| rows.last().map_or(0, |r| crate::money::ore(get(r).unwrap_or(0.0)));
    for ((column, get), records) in COLUMNS.into_iter().zip(records) {
        let result = last(by_cost_type, get);
        let sum = |rows: &[&AmountRow]| checked_sum("raderna", rows.iter().filter_map(|r| get(r)));
        let checks = [
            ("Summa RESULTAT", result, "posterna", checked_sum("posterna", records.into_iter())?),
            ("Summa per verksamhet", last(by_activity, get), "Summa RESULTAT", result),
            ("summan av verksamhetsområdena", sum(&areas)?, "Summa RESULTAT", result),
            ("summan av kostnadsslagen", sum(&costs)?, "Summa RESULTAT", result),
        ];
        for (what, found, other, expected) in checks {
            if found != expected {
                return Err(AggregateError::TotalsDisagree { what, column, found, other, expected });
            }
        }
    }
    Ok(())
}

/// The sum of amounts in tkr, in whole öre, refusing an overflow.
fn checked_sum(what: &'static str, values: impl Iterator<Item = f64>) -> Result<i64, AggregateError> {
    let mut sum = 0i64;
    for v in values {
        sum = sum.checked_add(crate::money::ore(v)).ok_or(AggregateError::Overflow { what })?;
    }
    Ok(sum)
}

/// Computes every figure of a checked period from its consolidated keys
/// and its records (and those of the earlier periods, most recent first).
pub fn aggregate(checked: &Checked, register: &Register, period: Period) -> Result<Figures, AggregateError> {
    let (data, history, lines) = (&checked.records, &checked.history, &checked.accounts.lines);
    let by_cost_type = accounts::by_cost_type(lines);
    let by_activity = accounts::by_activity(lines);
    cross_check(data, &LastYear::of(period, history), &by_cost_type, &by_activity)?;
    let history_sick: Vec<&[crate::model::SickLeaveRow]> =
        history.iter().map(|(_, d)| d.sick_leave.as_slice()).collect();
    let sizes_known = crate::model::employee_counts_given(data, history);
    let sick_leave =
        sick::sick_leave(&data.sick_leave, &history_sick, period, sizes_known, &checked.accounts.areas);
    let result = &by_cost_type[by_cost_type.len() - 1];
    // The latest earlier folder of the year that has a forecast (history is most recent first).
    let previous = history.iter().filter(|(p, _)| p.year == period.year).find_map(|(prev, d)| {
        let deviation = accounts::total_deviation(d)?;
        Some(PreviousForecast {
            period: *prev,
            deviation,
            change: crate::money::difference(result.deviation(), deviation),
        })
    });
    let earlier = goals::EarlierOutcomes::of(period.year, history);
    Ok(Figures {
        lines: lines.clone(),
        period,
        investments: accounts::investments(data),
        staff: staff::staff(&data.staff)?,
        sick_leave,
        goals: goals::goals(&data.indicators, register.tolerance(), &earlier),
        indicator_years: earlier.years.clone(),
        previous,
        path: path::forecast_path(period, lines, &checked.accounts.areas, history),
        accuracy: path::accuracy(period, lines, &checked.accounts.areas, history),
        by_cost_type,
        by_activity,
    })
}
