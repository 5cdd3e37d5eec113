//! The join behind the consolidated keys, in polars over named columns: budget, forecast and last
//! year's actuals summed per (area, activity, cost type) and joined in full, with the names shown
//! and the report order; then read once into typed [`Line`]s.

use std::collections::HashMap;

use polars::prelude::*;

use super::frames::{self, opt_int_at, str_at};
use super::{Accounts, Area, LastYear, Line};
use crate::config::Register;
use crate::model::{CostType, Records, Vocabulary};
use crate::names::{normalise, Name};

/// The (area, activity, cost type) key.
fn key() -> [Expr; 3] {
    [col("area_key"), col("activity_key"), col("cost_type")]
}

/// The registered areas as frames of `area` and `area_key`, and their activities with `activity`
/// and `activity_key` too.
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

/// The names shown and their report order: the register's first, then each new name as first met in
/// the Budget rows, then in the Prognos rows (then last year's). Gives `area_key`, `area`,
/// `area_order` and, for activities, `area_key`, `activity_key`, `activity`, `activity_order`.
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

/// Budget and forecast summed per key and joined (a full join: a key may
/// have only one of them), with the names shown and the report order.
///
/// The frame has `area_key`, `activity_key`, `cost_type`; `budget`,
/// `forecast` and `actual` in öre (null where that side has no row, and
/// `actual` where no row gives Utfall); `budget_row` and `forecast_row`,
/// the index of the key's first Budget and Prognos record; `area`,
/// `activity`, `area_order`, `activity_order`. Sorted by first
/// appearance: Budget rows, then forecast-only keys, then last year's.
///
/// # Errors
/// A polars error (a bug, not an input problem).
pub(super) fn accounts(
    data: &Records,
    register: &Register,
    last_year: &LastYear<'_>,
) -> PolarsResult<Accounts> {
    let budget = frames::budget(&data.budget)?;
    let forecast = frames::forecast(&data.forecast)?;
    let earlier = |d: Option<&Records>| frames::forecast(d.map_or(&[][..], |d| d.forecast.as_slice()));
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
    // Last year's keys join in full too: a row of one year only is shown with empty cells for the
    // other, never dropped.
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
    typed(&lines, &areas, data)
}

/// The sum of `column` as `alias`, null where no row gives it (a ledger row may give Utfall but no
/// Prognos, a Prognos row no Utfall).
fn sum_or_null(column: &str, alias: &str) -> Expr {
    when(col(column).count().gt(lit(0)))
        .then(col(column).sum())
        .otherwise(lit(NULL).cast(DataType::Int64))
        .alias(alias)
}

/// The frames of the join read once into typed lines and areas; each distinct name is one shared
/// [`Name`].
fn typed(lines: &DataFrame, areas: &DataFrame, data: &Records) -> PolarsResult<Accounts> {
    let mut names: HashMap<String, Name> = HashMap::new();
    let mut name = |text: String| names.entry(text).or_insert_with_key(|t| Name::from(t.as_str())).clone();
    let order = |df: &DataFrame, column: &str, i: usize| -> PolarsResult<u32> {
        Ok(df.column(column)?.idx()?.get(i).unwrap_or(0))
    };
    let row = |column: &str, i: usize| -> PolarsResult<Option<usize>> {
        Ok(lines.column(column)?.idx()?.get(i).map(|r| r as usize))
    };
    let mut out = Vec::with_capacity(lines.height());
    for i in 0..lines.height() {
        let cost_type = str_at(lines, "cost_type", i)?;
        out.push(Line {
            area: name(str_at(lines, "area", i)?),
            activity: name(str_at(lines, "activity", i)?),
            cost_type: CostType::parse(&cost_type).unwrap_or(CostType::Other),
            area_order: order(lines, "area_order", i)?,
            activity_order: order(lines, "activity_order", i)?,
            budget: opt_int_at(lines, "budget", i)?,
            forecast: opt_int_at(lines, "forecast", i)?,
            actual: opt_int_at(lines, "actual", i)?,
            actual_last_year: opt_int_at(lines, "actual_last", i)?,
            closing_last_year: opt_int_at(lines, "closing", i)?,
            budget_origin: row("budget_row", i)?.and_then(|r| data.budget.get(r)).map(|l| l.origin.clone()),
            forecast_origin: row("forecast_row", i)?
                .and_then(|r| data.forecast.get(r))
                .map(|l| l.origin.clone()),
        });
    }
    let areas = (0..areas.height())
        .map(|i| Ok(Area { key: str_at(areas, "area_key", i)?, name: name(str_at(areas, "area", i)?) }))
        .collect::<PolarsResult<_>>()?;
    Ok(Accounts { lines: out, areas })
}
