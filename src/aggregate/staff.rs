//! Staff: persons, årsarbetare and long-term sick per year and gender, and their totals, summed
//! from the unrounded values.
//!
//! Takes the Personal rows; gives [`StaffYear`]s, ascending by year. The rows become a polars
//! DataFrame with named columns in hundredths, summed by lazy expressions.

use polars::prelude::*;

use super::{StaffCell, StaffYear};
use crate::model::{Gender, StaffRow, Vocabulary};
use crate::money::{hundredths, quantity};

/// The rows as a DataFrame: `gender`, `year`, `persons`, `fte` and `long_term_sick` (hundredths;
/// the last null when not given).
fn frame(rows: &[StaffRow]) -> PolarsResult<DataFrame> {
    df!(
        "gender" => rows.iter().map(|r| r.gender.word()).collect::<Vec<_>>(),
        "year" => rows.iter().map(|r| r.year).collect::<Vec<i32>>(),
        "persons" => rows.iter().map(|r| hundredths(r.persons)).collect::<Vec<_>>(),
        "fte" => rows.iter().map(|r| hundredths(r.fte)).collect::<Vec<_>>(),
        "long_term_sick" => rows.iter().map(|r| r.long_term_sick.map(hundredths)).collect::<Vec<_>>(),
    )
}

/// The `i64` at row `i` of column `name`, 0 when null.
fn int_at(df: &DataFrame, name: &str, i: usize) -> PolarsResult<i64> {
    Ok(df.column(name)?.i64()?.get(i).unwrap_or(0))
}

fn sums() -> [Expr; 4] {
    [
        col("persons").sum(),
        col("fte").sum(),
        col("long_term_sick").sum(),
        col("long_term_sick").count().cast(DataType::Int64).alias("long_term_rows"),
    ]
}

fn cell_at(df: &DataFrame, i: usize) -> PolarsResult<StaffCell> {
    Ok(StaffCell {
        persons: quantity(int_at(df, "persons", i)?),
        fte: quantity(int_at(df, "fte", i)?),
        long_term_sick: if int_at(df, "long_term_rows", i)? > 0 {
            Some(quantity(int_at(df, "long_term_sick", i)?))
        } else {
            None
        },
    })
}

/// Staff by year, ascending: women, men and their sum.
pub fn staff(rows: &[StaffRow]) -> PolarsResult<Vec<StaffYear>> {
    let df = frame(rows)?.lazy();
    let totals = df
        .clone()
        .group_by([col("year")])
        .agg(sums())
        .sort(["year"], SortMultipleOptions::default())
        .collect()?;
    let by_gender = df.group_by([col("year"), col("gender")]).agg(sums()).collect()?;
    let mut out = Vec::with_capacity(totals.height());
    for i in 0..totals.height() {
        let year = totals.column("year")?.i32()?.get(i).unwrap_or(0);
        let mut y = StaffYear {
            year,
            women: StaffCell::default(),
            men: StaffCell::default(),
            total: cell_at(&totals, i)?,
        };
        for j in 0..by_gender.height() {
            if by_gender.column("year")?.i32()?.get(j) != Some(year) {
                continue;
            }
            let cell = cell_at(&by_gender, j)?;
            if by_gender.column("gender")?.str()?.get(j) == Some(Gender::Woman.word()) {
                y.women = cell;
            } else {
                y.men = cell;
            }
        }
        out.push(y);
    }
    Ok(out)
}
