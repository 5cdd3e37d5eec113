//! The operating accounts: budget and forecast joined on their key, and
//! summed by cost type and by activity.
//!
//! Takes the period's [`Dataset`] and the register; gives the joined keys
//! ([`lines`]), the rows by cost type and by activity, the investments and
//! the previous period's total deviation. Everything is a polars
//! expression over named columns of whole öre (see [`super::frames`]).

use polars::prelude::*;

use super::frames::{self, int_at, opt_int_at, str_at};
use super::{AmountRow, FactLine, Level};
use crate::config::Register;
use crate::model::{CostType, Dataset, InvestmentType, Vocabulary};
use crate::money::tkr;
use crate::names::normalise;
use crate::period::Period;

/// The (area, activity, cost type) key.
fn key() -> [Expr; 3] {
    [col("area_key"), col("activity_key"), col("cost_type")]
}

/// The registered areas as frames of `area` and `area_key`, and their
/// activities with `activity` and `activity_key` too.
fn register_frames(register: &Register) -> PolarsResult<(DataFrame, DataFrame)> {
    let areas = &register.areas;
    let area_df = df!(
        "area" => areas.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        "area_key" => areas.iter().map(|a| normalise(&a.name)).collect::<Vec<_>>(),
    )?;
    let pairs: Vec<(&str, &str)> = areas
        .iter()
        .flat_map(|a| a.activities.iter().map(move |act| (a.name.as_str(), act.as_str())))
        .collect();
    let activity_df = df!(
        "area_key" => pairs.iter().map(|(a, _)| normalise(a)).collect::<Vec<_>>(),
        "activity" => pairs.iter().map(|(_, act)| *act).collect::<Vec<_>>(),
        "activity_key" => pairs.iter().map(|(_, act)| normalise(act)).collect::<Vec<_>>(),
    )?;
    Ok((area_df, activity_df))
}

/// The names shown and their report order: the register's first, then
/// each new name as first met in the Budget rows, then in the Prognos
/// rows (then last year's). Gives `area_key`, `area`, `area_order` and, for activities,
/// `area_key`, `activity_key`, `activity`, `activity_order`.
fn names(register: &Register, frames: &[&DataFrame]) -> PolarsResult<(LazyFrame, LazyFrame)> {
    let (reg_areas, reg_activities) = register_frames(register)?;
    let area_cols = [col("area_key"), col("area")];
    let of = |cols: &[Expr]| frames.iter().map(|f| (*f).clone().lazy().select(cols)).collect::<Vec<_>>();
    let areas = concat(
        [vec![reg_areas.lazy().select(area_cols.clone())], of(&area_cols)].concat(),
        UnionArgs::default(),
    )?
    .group_by_stable([col("area_key")])
    .agg([col("area").first()])
    .with_row_index("area_order", None);
    let act_cols = [col("area_key"), col("activity_key"), col("activity")];
    let activities = concat(
        [vec![reg_activities.lazy().select(act_cols.clone())], of(&act_cols)].concat(),
        UnionArgs::default(),
    )?
    .group_by_stable([col("area_key"), col("activity_key")])
    .agg([col("activity").first()])
    .with_row_index("activity_order", None);
    Ok((areas, activities))
}

/// The joined keys and the areas in report order.
#[derive(Debug, Default)]
pub struct Accounts {
    /// Budget and forecast summed per key and joined (a full join: a key
    /// may have only one of them), with the names shown and the report
    /// order; see [`accounts`].
    pub lines: DataFrame,
    /// `area_key`, `area` and `area_order` of every area named in the
    /// register, the Budget or the Prognos rows, in report order.
    pub areas: DataFrame,
}

/// Budget and forecast summed per key and joined (a full join: a key may
/// have only one of them), with the names shown and the report order.
///
/// Columns of [`Accounts::lines`]: `area_key`, `activity_key`, `cost_type`; `budget`, `forecast`
/// and `actual` in öre (null where that side has no row, and `actual`
/// where no row gives Utfall); `budget_row` and `forecast_row`, the
/// index of the key's first Budget and Prognos record; `area`,
/// `activity`, `area_order`, `activity_order`. Sorted by first
/// appearance: Budget rows, then forecast-only keys.
///
/// # Errors
/// A polars error (a bug, not an input problem).
pub fn accounts(data: &Dataset, register: &Register, last_year: &LastYear<'_>) -> PolarsResult<Accounts> {
    let budget = frames::budget(&data.budget)?;
    let forecast = frames::forecast(&data.forecast)?;
    let earlier = |d: Option<&Dataset>| frames::forecast(d.map_or(&[][..], |d| d.forecast.as_slice()));
    let (same_period, closing) = (earlier(last_year.same_period)?, earlier(last_year.closing)?);
    let (areas, activities) = names(register, &[&budget, &forecast, &same_period, &closing])?;
    let areas = areas.collect()?;
    let b = budget
        .lazy()
        .with_row_index("budget_row", None)
        .group_by_stable(key())
        .agg([col("budget").sum(), col("budget_row").first()]);
    let f = forecast.lazy().with_row_index("forecast_row", None).group_by_stable(key()).agg([
        sum_or_null("forecast", "forecast"),
        sum_or_null("actual", "actual"),
        col("forecast_row").first(),
    ]);
    let full = || JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns);
    // Last year's keys join in full too: a row of one year only is shown
    // with empty cells for the other, never dropped.
    let same_period = same_period.lazy().group_by_stable(key()).agg([sum_or_null("actual", "actual_last")]);
    let closing = closing.lazy().group_by_stable(key()).agg([sum_or_null("actual", "closing")]);
    let lines = b
        .join(f, key(), key(), full())
        .join(same_period, key(), key(), full())
        .join(closing, key(), key(), full())
        .join(areas.clone().lazy(), [col("area_key")], [col("area_key")], JoinArgs::new(JoinType::Left))
        .join(
            activities,
            [col("area_key"), col("activity_key")],
            [col("area_key"), col("activity_key")],
            JoinArgs::new(JoinType::Left),
        )
        .sort(
            ["budget_row", "forecast_row"],
            SortMultipleOptions::default().with_nulls_last(true).with_maintain_order(true),
        )
        .collect()?;
    Ok(Accounts { lines, areas })
}

/// The sum of `column` as `alias`, null where no row gives it (a ledger
/// row may give Utfall but no Prognos, a Prognos row no Utfall).
fn sum_or_null(column: &str, alias: &str) -> Expr {
    when(col(column).count().gt(lit(0)))
        .then(col(column).sum())
        .otherwise(lit(NULL).cast(DataType::Int64))
        .alias(alias)
}

/// Last year's datasets a period is compared with: the same tertial's
/// (its Utfall is last year's actual to the same month) and the T3's (its
/// Utfall is the year's outcome, Bokslut).
#[derive(Clone, Copy, Debug, Default)]
pub struct LastYear<'a> {
    /// The same tertial of the previous year.
    pub same_period: Option<&'a Dataset>,
    /// The previous year's T3.
    pub closing: Option<&'a Dataset>,
}

impl<'a> LastYear<'a> {
    /// Finds them among the history folders (only those that give Utfall).
    #[must_use]
    pub fn of(period: Period, history: &'a [(Period, Dataset)]) -> Self {
        let find = |tertial: u8| {
            history
                .iter()
                .find(|(p, d)| {
                    p.year == period.year - 1
                        && p.tertial == tertial
                        && d.forecast.iter().any(|l| l.actual.is_some())
                })
                .map(|(_, d)| d)
        };
        LastYear { same_period: find(period.tertial), closing: find(3) }
    }
}

/// The joined keys as the facts export them (unrounded tkr, 0 for a
/// missing side of this year; no budget or forecast for a key of last
/// year only).
///
/// # Errors
/// A polars error (a bug, not an input problem).
pub fn fact_lines(lines: &DataFrame) -> PolarsResult<Vec<FactLine>> {
    (0..lines.height())
        .map(|i| {
            let given = |name: &str| -> PolarsResult<bool> { Ok(!lines.column(name)?.get(i)?.is_null()) };
            let this_year = given("budget_row")? || given("forecast_row")?;
            let amount = |name: &str| -> PolarsResult<Option<f64>> {
                Ok(this_year.then_some(tkr(int_at(lines, name, i)?)))
            };
            Ok(FactLine {
                area: str_at(lines, "area", i)?,
                activity: str_at(lines, "activity", i)?,
                cost_type: str_at(lines, "cost_type", i)?,
                budget: amount("budget")?,
                forecast: amount("forecast")?,
                actual: opt_int_at(lines, "actual", i)?.map(tkr),
                actual_last_year: opt_int_at(lines, "actual_last", i)?.map(tkr),
                closing_last_year: opt_int_at(lines, "closing", i)?.map(tkr),
            })
        })
        .collect()
}

/// Σ budget and Σ forecast in öre, and the sums of the columns that may be
/// missing (`None` when no row gives them): Utfall, last year's Utfall of
/// the same period, last year's Bokslut.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Sums {
    budget: i64,
    forecast: i64,
    actual: Option<i64>,
    actual_last: Option<i64>,
    closing: Option<i64>,
}

/// The columns that may be missing, summed with their count.
const OPTIONAL: [&str; 3] = ["actual", "actual_last", "closing"];

/// The aggregations behind [`Sums`]: each column's sum and, for the
/// optional ones, `<name>_n`, the rows that give it.
fn sum_exprs() -> Vec<Expr> {
    let mut e = vec![col("budget").sum(), col("forecast").sum()];
    for name in OPTIONAL {
        e.push(col(name).sum());
        e.push(col(name).count().cast(DataType::Int64).alias(format!("{name}_n")));
    }
    e
}

/// The [`Sums`] at row `i` of a frame aggregated with [`sum_exprs`].
fn sums_at(df: &DataFrame, i: usize) -> PolarsResult<Sums> {
    let opt = |name: &str| -> PolarsResult<Option<i64>> {
        (int_at(df, &format!("{name}_n"), i)? > 0).then(|| int_at(df, name, i)).transpose()
    };
    Ok(Sums {
        budget: int_at(df, "budget", i)?,
        forecast: int_at(df, "forecast", i)?,
        actual: opt("actual")?,
        actual_last: opt("actual_last")?,
        closing: opt("closing")?,
    })
}

/// The [`Sums`] of a whole frame.
fn totals(lf: LazyFrame) -> PolarsResult<Sums> {
    sums_at(&lf.select(sum_exprs()).collect()?, 0)
}

/// How many Budget and Prognos records of this year a group has (0 for a
/// key of last year only).
fn this_year_n() -> Expr {
    (col("budget_row").count() + col("forecast_row").count()).cast(DataType::Int64).alias("this_year_n")
}

fn row(label: &str, level: Level, s: Sums) -> AmountRow {
    AmountRow {
        label: label.to_string(),
        level,
        this_year: true,
        budget: tkr(s.budget),
        forecast: tkr(s.forecast),
        actual: s.actual.map(tkr),
        actual_last_year: s.actual_last.map(tkr),
        closing_last_year: s.closing.map(tkr),
    }
}

/// The five cost types in report order, `Summa KOSTNADER` (all but
/// Intäkter) and `Summa RESULTAT` (everything).
///
/// # Errors
/// A polars error (a bug, not an input problem).
pub fn by_cost_type(lines: &DataFrame) -> PolarsResult<Vec<AmountRow>> {
    let words: Vec<&str> = CostType::WORDS.iter().map(|(_, w)| *w).collect();
    let order = df!("cost_type" => words)?.lazy().with_row_index("order", None);
    let sums = order
        .join(
            lines.clone().lazy().group_by([col("cost_type")]).agg(sum_exprs()),
            [col("cost_type")],
            [col("cost_type")],
            JoinArgs::new(JoinType::Left),
        )
        .sort(["order"], SortMultipleOptions::default())
        .collect()?;
    let mut rows = Vec::new();
    for i in 0..sums.height() {
        rows.push(row(&str_at(&sums, "cost_type", i)?, Level::Line, sums_at(&sums, i)?));
    }
    let costs = lines.clone().lazy().filter(col("cost_type").neq(lit(CostType::Income.word())));
    rows.push(row("Summa KOSTNADER", Level::Subtotal, totals(costs)?));
    rows.push(row("Summa RESULTAT", Level::Total, totals(lines.clone().lazy())?));
    Ok(rows)
}

/// Each area (its sum) followed by its activities, in report order, then
/// `Summa`. An area whose rows all lack an activity shows no activity
/// rows; an area with both shows the unnamed ones as "(ingen verksamhet
/// angiven)".
///
/// # Errors
/// A polars error (a bug, not an input problem).
pub fn by_activity(lines: &DataFrame) -> PolarsResult<Vec<AmountRow>> {
    let sums = |by: &[&str], name: &str, order: &str| {
        lines
            .clone()
            .lazy()
            .group_by(by.iter().map(|c| col(*c)).collect::<Vec<_>>())
            .agg([vec![col(name).first(), col(order).first(), this_year_n()], sum_exprs()].concat())
            .sort([order], SortMultipleOptions::default())
            .collect()
    };
    // A row of last year only shows no budget, forecast or deviation.
    let row_at = |label: &str, level: Level, df: &DataFrame, i: usize| -> PolarsResult<AmountRow> {
        Ok(AmountRow { this_year: int_at(df, "this_year_n", i)? > 0, ..row(label, level, sums_at(df, i)?) })
    };
    let areas = sums(&["area_key"], "area", "area_order")?;
    let activities = sums(&["area_key", "activity_key"], "activity", "activity_order")?;
    let mut rows = Vec::new();
    for i in 0..areas.height() {
        let area_key = str_at(&areas, "area_key", i)?;
        rows.push(row_at(&str_at(&areas, "area", i)?, Level::Area, &areas, i)?);
        let mine: Vec<usize> = (0..activities.height())
            .filter(|j| str_at(&activities, "area_key", *j).is_ok_and(|k| k == area_key))
            .collect();
        for j in &mine {
            let name = str_at(&activities, "activity", *j)?;
            if name.is_empty() && mine.len() == 1 {
                continue;
            }
            let label = if name.is_empty() { "(ingen verksamhet angiven)" } else { &name };
            rows.push(row_at(label, Level::Activity, &activities, *j)?);
        }
    }
    rows.push(row("Summa", Level::Total, totals(lines.clone().lazy())?));
    Ok(rows)
}

/// `Inkomster` (when there are income lines), `Utgifter` and `Summa
/// NETTOINVESTERINGAR`.
///
/// # Errors
/// A polars error (a bug, not an input problem).
pub fn investments(data: &Dataset) -> PolarsResult<Vec<AmountRow>> {
    let df = frames::investments(data)?;
    let of = |kind: InvestmentType| df.clone().lazy().filter(col("kind").eq(lit(kind.word())));
    let mut rows = Vec::new();
    if data.investments.iter().any(|i| i.kind == InvestmentType::Income) {
        rows.push(row("Inkomster", Level::Line, totals(of(InvestmentType::Income))?));
    }
    rows.push(row("Utgifter", Level::Line, totals(of(InvestmentType::Expenditure))?));
    rows.push(row("Summa NETTOINVESTERINGAR", Level::Total, totals(df.lazy())?));
    Ok(rows)
}

/// Σ budget − Σ forecast of a dataset (an earlier period's), in tkr;
/// `None` when it has neither.
///
/// # Errors
/// A polars error (a bug, not an input problem).
pub fn total_deviation(data: &Dataset) -> PolarsResult<Option<f64>> {
    if data.budget.is_empty() && data.forecast.is_empty() {
        return Ok(None);
    }
    let sum = |df: DataFrame, name: &str| -> PolarsResult<i64> {
        let total = df.lazy().select([col(name).sum()]).collect()?;
        int_at(&total, name, 0)
    };
    let b = sum(frames::budget(&data.budget)?, "budget")?;
    let f = sum(frames::forecast(&data.forecast)?, "forecast")?;
    Ok(Some(tkr(b - f)))
}
