//! Consolidate stage: budget, forecast and actuals joined per (area, activity, cost type), and the
//! rules that need the join.
//!
//! Takes the [`Validated`] records of a period and of its history and the register; gives
//! [`Checked`]: the records, every problem, and [`Accounts`], the typed consolidated keys
//! ([`Line`]: amounts in öre, the names shown, the report order and the origin of each figure),
//! joined in exact sums ([`join`]). The rules across sheets that need the join — a budget without
//! forecast, a forecast without budget — run on the typed lines, so the problems of `check` and the
//! figures of `run` come from one join.

mod join;

use std::collections::HashSet;

use crate::config::Register;
use crate::model::{CostType, Origin, Records};
use crate::money::tkr;
use crate::names::{normalise, Name};
use crate::period::Period;
use crate::problem::{Place, ProblemKind, Problems};
use crate::schema::SheetKind;
use crate::validate::Validated;

/// One (area, activity, cost type) key after summing duplicates and joining budget with forecast
/// and last year's actuals: the fact behind every table. Amounts are whole öre.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Verksamhetsområde, as shown (the register's spelling, else the first met).
    pub area: Name,
    /// Verksamhet, as shown; empty for none.
    pub activity: Name,
    pub cost_type: CostType,
    /// The area's place in the report.
    pub area_order: u32,
    /// The activity's place in the report.
    pub activity_order: u32,
    /// Σ Budget, when a Budget record gives the key.
    pub budget: Option<i64>,
    /// Σ Budget of the months to the period's end, when every Budget record of the key gives its
    /// month (a Budget sheet's Månad, a Huvudbok's Period).
    pub budget_to_date: Option<i64>,
    /// Σ Prognos, when a record gives a forecast.
    pub forecast: Option<i64>,
    /// Σ Utfall (actual to date), when a record gives one.
    pub actual: Option<i64>,
    /// Last year's Utfall to the same month, when given.
    pub actual_last_year: Option<i64>,
    /// Last year's Bokslut, when given.
    pub closing_last_year: Option<i64>,
    /// The key's first Budget record.
    pub budget_origin: Option<Origin>,
    /// The key's first Prognos record (one with an actual only counts).
    pub forecast_origin: Option<Origin>,
}

impl Line {
    /// True when a record of this year gives the key (false for a key of last year only).
    #[must_use]
    pub fn this_year(&self) -> bool {
        self.budget_origin.is_some() || self.forecast_origin.is_some()
    }
}

/// An area in report order: its name as matched (folded) and as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Area {
    pub key: String,
    pub name: Name,
}

/// The consolidated keys and the areas in report order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Accounts {
    /// The keys in order of first appearance: Budget records, then keys with a forecast only, then
    /// last year's.
    pub lines: Vec<Line>,
    /// Every area the register, the Budget, the Prognos or last year's records name, in report
    /// order.
    pub areas: Vec<Area>,
}

/// Last year's datasets a period is compared with: the same month's (its Utfall is last year's
/// actual to the same month) and December's, `12` or `T3` (its Utfall is the year's outcome,
/// Bokslut).
#[derive(Clone, Copy, Debug, Default)]
pub struct LastYear<'a> {
    pub same_period: Option<&'a Records>,
    pub closing: Option<&'a Records>,
}

impl<'a> LastYear<'a> {
    /// Finds them among the history folders (only those that give Utfall).
    #[must_use]
    pub fn of(period: Period, history: &'a [(Period, Records)]) -> Self {
        let find = |month: u32| {
            history
                .iter()
                .find(|(p, d)| {
                    (p.year, p.month) == (period.year - 1, month)
                        && d.forecast.iter().any(|l| l.actual.is_some())
                })
                .map(|(_, d)| d)
        };
        LastYear { same_period: find(period.month), closing: find(12) }
    }
}

/// A period validated and consolidated: what `check` reports and `run` aggregates. The records
/// are the period's, the history the earlier periods' (most recent first), the problems every one
/// of the run, the accounts the consolidated keys (none for files checked on their own).
#[derive(Debug, Default)]
pub struct Checked {
    pub records: Records,
    pub history: Vec<(Period, Records)>,
    pub problems: Problems,
    pub accounts: Accounts,
}

/// Consolidates a validated period and runs the rules on its keys.
#[must_use]
pub fn period(validated: Validated, register: &Register, period: Period) -> Checked {
    let Validated { data, history, mut problems } = validated;
    let accounts = join::accounts(&data, register, &LastYear::of(period, &history), period.end_month());
    budget_and_forecast(&data, &accounts.lines, &mut problems);
    Checked { records: data, history, problems, accounts }
}

/// Files checked on their own: nothing to consolidate.
#[must_use]
pub fn alone(validated: Validated) -> Checked {
    let Validated { data, history, problems } = validated;
    Checked { records: data, history, problems, accounts: Accounts::default() }
}

fn place(o: &Origin) -> Place {
    Place::cell(&o.file, &o.sheet, o.row, 0)
}

/// A key with a non-zero budget and no forecast is an error (a department has not reported); a
/// forecast with no budget is a warning (its budget counts as 0). A Budget or Prognos row (or
/// sheet) that could not be read has said why; a key it may be is not reported missing too.
fn budget_and_forecast(data: &Records, lines: &[Line], problems: &mut Problems) {
    let (unread_budget, unread_forecast) =
        (unread_keys(data, SheetKind::Budget), unread_keys(data, SheetKind::Forecast));
    for l in lines {
        let (area, activity) = (l.area.to_string(), l.activity.to_string());
        match (l.budget, l.forecast, &l.budget_origin, &l.forecast_origin) {
            (Some(b), None, Some(origin), _) if b != 0 && !may_be(&unread_forecast, l) => {
                let budget = tkr(b);
                problems.error(
                    place(origin),
                    ProblemKind::MissingForecast { area, activity, cost_type: l.cost_type, budget },
                );
            }
            (None, Some(f), _, Some(origin)) if !may_be(&unread_budget, l) => {
                let forecast = tkr(f);
                problems.warning(
                    place(origin),
                    ProblemKind::ForecastWithoutBudget { area, activity, cost_type: l.cost_type, forecast },
                );
            }
            _ => {}
        }
    }
}

/// The keys of the rows (and sheets) of `kind` that gave no record, as far as known: the normalised
/// area and the cost type, `None` where not known.
type Unread = HashSet<(Option<String>, Option<CostType>)>;

fn unread_keys(data: &Records, kind: SheetKind) -> Unread {
    data.unread
        .iter()
        .filter(|u| u.kind == kind)
        .map(|u| (u.area.as_deref().map(normalise), u.cost_type))
        .collect()
}

/// True when a line's key may be one of `unread`: the same area and cost type, or either of them
/// not known.
fn may_be(unread: &Unread, line: &Line) -> bool {
    let area = Some(normalise(&line.area));
    [area, None]
        .into_iter()
        .any(|a| [Some(line.cost_type), None].into_iter().any(|c| unread.contains(&(a.clone(), c))))
}
