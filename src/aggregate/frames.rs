//! The sick-leave and staff records as polars DataFrames with named columns, in the fixed point of
//! [`crate::money`] (hours, people and årsarbetare in hundredths). `area_key` is the name as
//! matched ([`normalise`]), `area` as written.

use std::collections::HashMap;

use polars::prelude::*;

use crate::model::{SickLeaveRow, StaffRow, Vocabulary};
use crate::money::hundredths;
use crate::names::normalise;

/// Each distinct name folded for matching ([`normalise`]) once: rows repeat a few names thousands
/// of times, and the keys' column borrows these instead of copying one per row.
fn folded<'a>(names: impl Iterator<Item = &'a str>) -> HashMap<&'a str, String> {
    let mut out = HashMap::new();
    for n in names {
        out.entry(n).or_insert_with(|| normalise(n));
    }
    out
}

/// Sick-leave rows: `area`, `area_key`, `year`, `month`, `gender`,
/// `age_group` (null when not given), `ordinary`, `sick`, `long_term`
/// and `employees` (hundredths; the last two null when not given).
pub fn sick_leave(rows: &[&SickLeaveRow]) -> PolarsResult<DataFrame> {
    let key = folded(rows.iter().map(|r| &*r.area));
    df!(
        "area" => rows.iter().map(|r| &*r.area).collect::<Vec<_>>(),
        "area_key" => rows.iter().map(|r| key[&*r.area].as_str()).collect::<Vec<_>>(),
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
pub fn int_at(df: &DataFrame, name: &str, i: usize) -> PolarsResult<i64> {
    Ok(df.column(name)?.i64()?.get(i).unwrap_or(0))
}

/// The `i64` at row `i` of column `name`, `None` when null.
pub fn opt_int_at(df: &DataFrame, name: &str, i: usize) -> PolarsResult<Option<i64>> {
    Ok(df.column(name)?.i64()?.get(i))
}

/// The text at row `i` of column `name`, empty when null.
pub fn str_at(df: &DataFrame, name: &str, i: usize) -> PolarsResult<String> {
    Ok(df.column(name)?.str()?.get(i).unwrap_or_default().to_string())
}
