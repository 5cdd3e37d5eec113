//! The typed records as polars DataFrames with named columns, in exact
//! fixed-point units.
//!
//! Takes the records of a [`Dataset`]; gives one frame per kind with the
//! names of the rules (`area`, `activity`, `cost_type`, `budget`, …).
//! Amounts are whole öre (1 tkr = 100 000 öre) and hours, people and
//! årsarbetare are hundredths, as `i64`: every sum after this is exact
//! integer arithmetic, the same in any order and on any number of threads.
//! An input figure is rounded to that unit once, here; validation has
//! refused non-finite and absurd figures before (see [`MAX_AMOUNT_TKR`]).
//! `area_key` and `activity_key` are the names as matched (case and
//! repeated spaces ignored); `area` and `activity` are as written.

use polars::prelude::*;

use crate::model::{BudgetLine, Dataset, ForecastLine, SickLeaveRow, StaffRow, Vocabulary};
use crate::schema::normalise;

/// Öre in one tkr.
pub const ORE_PER_TKR: f64 = 100_000.0;

/// Hundredths in one hour, person or årsarbetare.
pub const HUNDREDTHS: f64 = 100.0;

/// The largest amount a cell may hold, in tkr: a hundred billion kronor,
/// far beyond any committee's budget. With it, a sum of 900 000 such cells
/// still fits an `i64` of öre (10¹³ öre each); a sum that would not is
/// refused by the totals' cross-check (`AggregateError::Overflow`), never
/// wrapped.
pub const MAX_AMOUNT_TKR: f64 = 1e8;

/// The largest number of hours, people or årsarbetare a cell may hold.
pub const MAX_QUANTITY: f64 = 1e10;

/// An amount in tkr as whole öre.
#[must_use]
#[allow(clippy::cast_possible_truncation)]
pub fn ore(tkr: f64) -> i64 {
    // Validation bounds the value, so the product fits an i64.
    (tkr * ORE_PER_TKR).round() as i64
}

/// Whole öre as tkr.
#[must_use]
#[allow(clippy::cast_precision_loss)]
pub fn tkr(ore: i64) -> f64 {
    ore as f64 / ORE_PER_TKR
}

/// `a − b` of two amounts in tkr, subtracted in whole öre: the nearest
/// `f64` to the exact difference (1 000,1 − 1 003,5 is −3,4, not
/// −3,3999999999999773).
#[must_use]
pub fn difference(a: f64, b: f64) -> f64 {
    tkr(ore(a) - ore(b))
}

/// A quantity (hours, people, årsarbetare) as hundredths.
#[must_use]
#[allow(clippy::cast_possible_truncation)]
pub fn hundredths(x: f64) -> i64 {
    (x * HUNDREDTHS).round() as i64
}

/// Hundredths as the quantity.
#[must_use]
#[allow(clippy::cast_precision_loss)]
pub fn quantity(h: i64) -> f64 {
    h as f64 / HUNDREDTHS
}

/// The names as matched ([`normalise`]d). Rows repeat a few names
/// thousands of times: each distinct text is normalised once.
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
        "area" => rows.iter().map(|l| l.area.as_str()).collect::<Vec<_>>(),
        "area_key" => keys(rows.iter().map(|l| l.area.as_str())),
        "activity" => rows.iter().map(|l| l.activity.as_str()).collect::<Vec<_>>(),
        "activity_key" => keys(rows.iter().map(|l| l.activity.as_str())),
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
        "area" => rows.iter().map(|l| l.area.as_str()).collect::<Vec<_>>(),
        "area_key" => keys(rows.iter().map(|l| l.area.as_str())),
        "activity" => rows.iter().map(|l| l.activity.as_str()).collect::<Vec<_>>(),
        "activity_key" => keys(rows.iter().map(|l| l.activity.as_str())),
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
        "area" => rows.iter().map(|r| r.area.as_str()).collect::<Vec<_>>(),
        "area_key" => keys(rows.iter().map(|r| r.area.as_str())),
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
        "area" => rows.iter().map(|r| r.area.as_str()).collect::<Vec<_>>(),
        "gender" => rows.iter().map(|r| r.gender.word()).collect::<Vec<_>>(),
        "year" => rows.iter().map(|r| r.year).collect::<Vec<i32>>(),
        "persons" => rows.iter().map(|r| hundredths(r.persons)).collect::<Vec<_>>(),
        "fte" => rows.iter().map(|r| hundredths(r.fte)).collect::<Vec<_>>(),
        "long_term_sick" => rows.iter().map(|r| r.long_term_sick.map(hundredths)).collect::<Vec<_>>(),
    )
}

/// Investment rows: `kind` (Inkomst or Utgift), `budget` and `forecast`
/// (öre).
///
/// # Errors
/// A polars error (a bug, not an input problem).
pub fn investments(data: &Dataset) -> PolarsResult<DataFrame> {
    let rows = &data.investments;
    df!(
        "kind" => rows.iter().map(|i| i.kind.word()).collect::<Vec<_>>(),
        "budget" => rows.iter().map(|i| ore(i.budget)).collect::<Vec<_>>(),
        "forecast" => rows.iter().map(|i| ore(i.forecast)).collect::<Vec<_>>(),
        // Investments have no Utfall, nor last year's.
        "actual" => rows.iter().map(|_| None::<i64>).collect::<Vec<_>>(),
        "actual_last" => rows.iter().map(|_| None::<i64>).collect::<Vec<_>>(),
        "closing" => rows.iter().map(|_| None::<i64>).collect::<Vec<_>>(),
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
    fn amounts_are_whole_ore_and_quantities_hundredths() {
        assert_eq!(ore(1.0), 100_000);
        assert_eq!(ore(-12_700.5), -1_270_050_000);
        assert_eq!(ore(0.000_004), 0);
        assert_eq!(ore(0.000_006), 1);
        assert!((tkr(ore(908_436.123_45)) - 908_436.123_45).abs() < 1e-9);
        assert_eq!(ore(MAX_AMOUNT_TKR), 10_000_000_000_000);
        assert_eq!(hundredths(139.25), 13_925);
        assert!((quantity(13_925) - 139.25).abs() < 1e-12);
    }

    #[test]
    fn differences_are_taken_in_ore() {
        assert!((1000.1_f64 - 1003.5).to_bits() != (-3.4_f64).to_bits());
        assert_eq!(difference(1000.1, 1003.5).to_bits(), (-3.4_f64).to_bits());
        assert_eq!(difference(-12_700.5, 0.000_01).to_bits(), (-12_700.500_01_f64).to_bits());
        assert_eq!(difference(MAX_AMOUNT_TKR, -MAX_AMOUNT_TKR).to_bits(), (2.0 * MAX_AMOUNT_TKR).to_bits());
    }

    #[test]
    fn sums_of_fixed_point_amounts_do_not_depend_on_their_order() {
        let xs = [0.1, 0.2, 0.3, 1e7, -1e7, 0.000_01];
        let forward: i64 = xs.iter().map(|x| ore(*x)).sum();
        let backward: i64 = xs.iter().rev().map(|x| ore(*x)).sum();
        assert_eq!(forward, backward);
        assert_eq!(forward, 60_001);
    }
}
