//! The typed records as polars DataFrames with named columns, in exact fixed-point units.
//!
//! Takes the records of a [`Records`]; gives one frame per kind with the names of the rules
//! (`area`, `activity`, `cost_type`, `budget`, …), in the fixed point of [`crate::money`] (amounts
//! in öre, hours, people and årsarbetare in hundredths). `area_key` and `activity_key` are the
//! names as matched (case and repeated spaces ignored); `area` and `activity` are as written.

use polars::prelude::*;

use crate::model::{BudgetLine, ForecastLine, SickLeaveRow, StaffRow, Vocabulary};
use crate::money::{hundredths, ore};
use crate::names::normalise;

/// The names as matched ([`normalise`]d). Rows repeat a few names thousands of times: each distinct
/// text is normalised once.
fn keys<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    names.map(|n| seen.entry(n).or_insert_with(|| normalise(n)).clone()).collect()
}

/// Budget rows: `area`, `area_key`, `activity`, `activity_key`,
/// `cost_type`, `budget` (öre), in the records' order.
///
/// # Errors
/// A polars error (a bug, not an input problem).
pub fn budget(rows: &[BudgetLine]) -> PolarsResult<DataFrame> {
    df!(
        "area" => rows.iter().map(|l| &*l.area).collect::<Vec<_>>(),
        "area_key" => keys(rows.iter().map(|l| &*l.area)),
        "activity" => rows.iter().map(|l| &*l.activity).collect::<Vec<_>>(),
        "activity_key" => keys(rows.iter().map(|l| &*l.activity)),
        "cost_type" => rows.iter().map(|l| l.cost_type.word()).collect::<Vec<_>>(),
        "budget" => rows.iter().map(|l| ore(l.amount)).collect::<Vec<_>>(),
    )
}

/// Forecast rows: as [`budget`] with `forecast` and `actual` (öre; null
/// when the row has no Prognos or no Utfall).
///
/// # Errors
/// A polars error (a bug, not an input problem).
pub fn forecast(rows: &[ForecastLine]) -> PolarsResult<DataFrame> {
    df!(
        "area" => rows.iter().map(|l| &*l.area).collect::<Vec<_>>(),
        "area_key" => keys(rows.iter().map(|l| &*l.area)),
        "activity" => rows.iter().map(|l| &*l.activity).collect::<Vec<_>>(),
        "activity_key" => keys(rows.iter().map(|l| &*l.activity)),
        "cost_type" => rows.iter().map(|l| l.cost_type.word()).collect::<Vec<_>>(),
        "forecast" => rows.iter().map(|l| l.amount.map(ore)).collect::<Vec<_>>(),
        "actual" => rows.iter().map(|l| l.actual.map(ore)).collect::<Vec<_>>(),
    )
}

/// Sick-leave rows: `area`, `area_key`, `year`, `month`, `gender`,
/// `age_group` (null when not given), `ordinary`, `sick`, `long_term`
/// and `employees` (hundredths; the last two null when not given).
///
/// # Errors
/// A polars error (a bug, not an input problem).
pub fn sick_leave(rows: &[SickLeaveRow]) -> PolarsResult<DataFrame> {
    df!(
        "area" => rows.iter().map(|r| &*r.area).collect::<Vec<_>>(),
        "area_key" => keys(rows.iter().map(|r| &*r.area)),
        "year" => rows.iter().map(|r| r.month.year).collect::<Vec<i32>>(),
        "month" => rows.iter().map(|r| r.month.month).collect::<Vec<u32>>(),
        "gender" => rows.iter().map(|r| r.gender.word()).collect::<Vec<_>>(),
        "age_group" => rows.iter().map(|r| r.age_group.map(Vocabulary::word)).collect::<Vec<_>>(),
        "ordinary" => rows.iter().map(|r| hundredths(r.ordinary_hours)).collect::<Vec<_>>(),
        "sick" => rows.iter().map(|r| hundredths(r.sick_hours)).collect::<Vec<_>>(),
        "long_term" => rows.iter().map(|r| r.long_term_hours.map(hundredths)).collect::<Vec<_>>(),
        "employees" => rows.iter().map(|r| r.employees.map(hundredths)).collect::<Vec<_>>(),
    )
}

/// Staff rows: `area`, `gender`, `year`, `persons`, `fte` and
/// `long_term_sick` (hundredths; the last null when not given).
///
/// # Errors
/// A polars error (a bug, not an input problem).
pub fn staff(rows: &[StaffRow]) -> PolarsResult<DataFrame> {
    df!(
        "area" => rows.iter().map(|r| &*r.area).collect::<Vec<_>>(),
        "gender" => rows.iter().map(|r| r.gender.word()).collect::<Vec<_>>(),
        "year" => rows.iter().map(|r| r.year).collect::<Vec<i32>>(),
        "persons" => rows.iter().map(|r| hundredths(r.persons)).collect::<Vec<_>>(),
        "fte" => rows.iter().map(|r| hundredths(r.fte)).collect::<Vec<_>>(),
        "long_term_sick" => rows.iter().map(|r| r.long_term_sick.map(hundredths)).collect::<Vec<_>>(),
    )
}

/// The `i64` at row `i` of column `name`, 0 when null.
///
/// # Errors
/// A polars error when the column is missing or not `i64` (a bug).
pub fn int_at(df: &DataFrame, name: &str, i: usize) -> PolarsResult<i64> {
    Ok(df.column(name)?.i64()?.get(i).unwrap_or(0))
}

/// The `i64` at row `i` of column `name`, `None` when null.
///
/// # Errors
/// A polars error when the column is missing or not `i64` (a bug).
pub fn opt_int_at(df: &DataFrame, name: &str, i: usize) -> PolarsResult<Option<i64>> {
    Ok(df.column(name)?.i64()?.get(i))
}

/// The text at row `i` of column `name`, empty when null.
///
/// # Errors
/// A polars error when the column is missing or not text (a bug).
pub fn str_at(df: &DataFrame, name: &str, i: usize) -> PolarsResult<String> {
    Ok(df.column(name)?.str()?.get(i).unwrap_or_default().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_of_fixed_point_amounts_do_not_depend_on_their_order() {
        let xs = [0.1, 0.2, 0.3, 1e7, -1e7, 0.000_01];
        let forward: i64 = xs.iter().map(|x| ore(*x)).sum();
        let backward: i64 = xs.iter().rev().map(|x| ore(*x)).sum();
        assert_eq!(forward, backward);
        assert_eq!(forward, 60_001);
    }
}
