//! Sick leave: hours summed per group and year over the months compared, shares recomputed from the
//! sums, small groups suppressed.
//!
//! Takes this period's sick-leave rows and the earlier periods' (most recent first), the period,
//! whether group sizes are known and the areas in report order; gives [`SickLeave`]. For a month
//! present in several folders the most recent folder's rows are used. The months compared are
//! January up to the last month present for the period's year (at most the period's last month),
//! the same months for every earlier year. Shares are 100 × Σ sick ÷ Σ ordinary hours, never
//! averages; a group of ten employees or fewer (its largest monthly Σ Antal anställda) is marked
//! suppressed.

use std::collections::{BTreeSet, HashMap};

use polars::prelude::*;

use super::frames::{self, int_at, opt_int_at, str_at};
use super::{SickCell, SickGroup, SickLeave, SickRow};
use crate::consolidate::Area;
use crate::model::{AgeGroup, Gender, SickLeaveRow, Vocabulary};
use crate::money::quantity;
use crate::names::Name;
use crate::period::{Period, YearMonth};

/// A group of this many employees or fewer is not shown.
pub const MAX_SUPPRESSED_SIZE: f64 = 10.0;

/// The breakdowns of the table, each with the expression naming a row's group in it.
fn dimensions() -> [(&'static str, Expr); 4] {
    [
        ("total", lit("Totalt")),
        ("gender", col("gender")),
        ("age", col("age_group")),
        ("area", col("area_key")),
    ]
}

/// The rows of the months compared, and the last month compared: every folder's rows, each month
/// from the most recent folder that has it, then only the months compared.
fn compared_rows<'a>(
    current: &'a [SickLeaveRow],
    history: &[&'a [SickLeaveRow]],
    period: Period,
) -> (Vec<&'a SickLeaveRow>, u32) {
    let folders: Vec<&[SickLeaveRow]> = std::iter::once(current).chain(history.iter().copied()).collect();
    let mut newest: HashMap<YearMonth, usize> = HashMap::new();
    for (source, rows) in folders.iter().enumerate() {
        for r in *rows {
            newest.entry(r.month).or_insert(source);
        }
    }
    let end = period.end_month();
    let in_year = newest.keys().filter(|m| m.year == period.year && m.month <= end).map(|m| m.month).max();
    let last_month =
        in_year.unwrap_or_else(|| newest.keys().map(|m| m.month).max().map_or(0, |m| m.min(end)));
    let newest = &newest;
    let rows = folders
        .iter()
        .enumerate()
        .flat_map(|(source, rows)| rows.iter().filter(move |r| newest[&r.month] == source))
        .filter(|r| r.month.month <= last_month && r.month.year <= period.year)
        .collect();
    (rows, last_month)
}

/// Σ hours and the group size per (dimension, group, year).
fn cells(rows: &LazyFrame) -> PolarsResult<DataFrame> {
    let parts = dimensions()
        .into_iter()
        .map(|(dim, group)| {
            let g = rows.clone().with_column(group.alias("group")).filter(col("group").is_not_null());
            let hours = g.clone().group_by([col("group"), col("year")]).agg([
                col("ordinary").sum(),
                col("sick").sum(),
                col("long_term").sum(),
                col("long_term").count().alias("long_term_rows"),
            ]);
            let sizes = g
                .group_by([col("group"), col("year"), col("month")])
                .agg([col("employees").sum(), col("employees").count().alias("employee_rows")])
                .group_by([col("group"), col("year")])
                .agg([col("employees").max().alias("size"), col("employee_rows").sum()]);
            let on = [col("group"), col("year")];
            hours
                .join(sizes, on.clone(), on, JoinArgs::new(JoinType::Left))
                .with_column(lit(dim).alias("dim"))
        })
        .collect::<Vec<_>>();
    concat(parts, UnionArgs::default())?
        .with_columns([
            col("long_term_rows").cast(DataType::Int64),
            col("employee_rows").cast(DataType::Int64),
        ])
        .collect()
}

fn cell_at(df: &DataFrame, i: usize, sizes_known: bool) -> PolarsResult<SickCell> {
    let ordinary = int_at(df, "ordinary", i)?;
    let sick = int_at(df, "sick", i)?;
    let ratio = |a: i64, b: i64| {
        #[allow(clippy::cast_precision_loss)]
        let r = 100.0 * a as f64 / b as f64;
        r
    };
    let size =
        if int_at(df, "employee_rows", i)? > 0 { opt_int_at(df, "size", i)?.map(quantity) } else { None };
    // A group too small to show has no shares at all, so that no output can show one by forgetting
    // to look at `suppressed`.
    let suppressed = sizes_known && size.is_some_and(|s| s <= MAX_SUPPRESSED_SIZE);
    let shown = !suppressed;
    Ok(SickCell {
        percent: (shown && ordinary > 0).then(|| ratio(sick, ordinary)),
        long_term_share: (shown && int_at(df, "long_term_rows", i)? > 0 && sick > 0)
            .then(|| ratio(int_at(df, "long_term", i).unwrap_or(0), sick)),
        size,
        suppressed,
    })
}

/// Sick leave over the same months of every year present.
///
/// `areas` are in report order; areas met only in the sick-leave rows
/// follow in the order met.
pub fn sick_leave(
    current: &[SickLeaveRow],
    history: &[&[SickLeaveRow]],
    period: Period,
    sizes_known: bool,
    areas: &[Area],
) -> PolarsResult<SickLeave> {
    let (rows, last_month) = compared_rows(current, history, period);
    let years: Vec<i32> = rows.iter().map(|r| r.month.year).collect::<BTreeSet<_>>().into_iter().collect();
    let rows = frames::sick_leave(&rows)?.lazy();
    let area_cols = [col("area_key"), col("area")];
    let registered = df!(
        "area_key" => areas.iter().map(|a| a.key.as_str()).collect::<Vec<_>>(),
        "area" => areas.iter().map(|a| &*a.name).collect::<Vec<_>>(),
    )?;
    let area_order = concat(
        [registered.lazy().select(area_cols.clone()), rows.clone().select(area_cols)],
        UnionArgs::default(),
    )?
    .group_by_stable([col("area_key")])
    .agg([col("area").first()])
    .collect()?;
    let mut area_names: HashMap<String, Name> = HashMap::new();
    let mut groups = vec![SickGroup::Gender(Gender::Woman), SickGroup::Gender(Gender::Man), SickGroup::Total];
    groups.extend(AgeGroup::WORDS.iter().map(|(a, _)| SickGroup::Age(*a)));
    for i in 0..area_order.height() {
        let name = Name::from(str_at(&area_order, "area", i)?);
        area_names.insert(str_at(&area_order, "area_key", i)?, name.clone());
        groups.push(SickGroup::Area(name));
    }
    // The table's rows by group (an area by its name as matched) and year.
    let table = cells(&rows)?;
    let mut by_key: HashMap<(SickGroup, i32), SickCell> = HashMap::new();
    for i in 0..table.height() {
        let value = str_at(&table, "group", i)?;
        let group = match str_at(&table, "dim", i)?.as_str() {
            "total" => Some(SickGroup::Total),
            "gender" => Gender::parse(&value).map(SickGroup::Gender),
            "age" => AgeGroup::parse(&value).map(SickGroup::Age),
            _ => area_names.get(&value).cloned().map(SickGroup::Area),
        };
        let year = table.column("year")?.i32()?.get(i).unwrap_or(0);
        if let Some(group) = group {
            by_key.insert((group, year), cell_at(&table, i, sizes_known)?);
        }
    }
    let mut out = SickLeave { last_month, years: years.clone(), rows: Vec::new(), sizes_known };
    for group in groups {
        let cell = |y: &i32| by_key.get(&(group.clone(), *y)).copied();
        if matches!(group, SickGroup::Age(_)) && years.iter().all(|y| cell(y).is_none()) {
            continue;
        }
        let cells = years.iter().map(|y| cell(y).unwrap_or_default()).collect();
        out.rows.push(SickRow { group, cells });
    }
    Ok(out)
}
