//! Validate stage: every rule of SPEC.md, in one place for every command.
//!
//! Takes the bytes of a period's files and of its history ([`PeriodFiles`])
//! and the [`Rules`] of the run; gives [`Validated`]: the typed records of
//! the period and of each earlier period, and every problem (file, sheet,
//! cell, what was found, what is expected). `check` and `run` both call
//! [`period`], so they report the same problems for the same inputs.
//!
//! The rules of one workbook (sheets, headers, cells, subtotals, register
//! names) are in [`sheet`]; those across files (budget against forecast,
//! group sizes, the history) in [`cross`]. A row with an error gives no
//! record; everything is reported, nothing stops at the first problem.

pub mod cells;
pub mod cross;
mod ledger;
mod records;
pub mod sheet;

use polars::prelude::PolarsResult;
use rayon::prelude::*;

pub use sheet::Rules;

use crate::aggregate::accounts::Accounts;
use crate::config::{Names, Register};
use crate::model::Dataset;
use crate::period::Period;
use crate::problem::Problems;
use crate::read::{self, FileBytes, PeriodFiles};

/// The validated records of a period and of its history.
#[derive(Debug, Default)]
pub struct Validated {
    /// The period's records.
    pub data: Dataset,
    /// Earlier periods' records, most recent first (only their rows without
    /// errors).
    pub history: Vec<(Period, Dataset)>,
    /// Every problem of the period's files and across them.
    pub problems: Problems,
    /// The budget and forecast keys joined, as the rules across files saw
    /// them (empty for files checked on their own).
    pub accounts: Accounts,
}

/// The rules of a run in `year`, up to its month `end_month`, under
/// `register`.
#[must_use]
pub fn rules(register: &Register, year: i32, end_month: u32) -> Rules<'_> {
    Rules {
        year,
        tolerance: register.tolerance(),
        names: register.has_areas().then(|| Names::new(register)),
        ledger: register.ledger(),
        end_month,
    }
}

/// Opens and validates files already read, in parallel, then merges their
/// records in the files' order.
#[must_use]
pub fn files(files: Vec<FileBytes>, rules: &Rules<'_>) -> (Dataset, Problems) {
    let (files, mut problems) = without_copies(files);
    let parts: Vec<(Dataset, Problems)> = files
        .into_par_iter()
        .map(|f| {
            let mut data = Dataset::default();
            let mut found = Problems::new();
            match read::parse(f) {
                Ok(wb) => sheet::workbook(&wb, rules, &mut data, &mut found),
                Err(p) => found.push(p.severity, p.place, p.kind),
            }
            (data, found)
        })
        .collect();
    let mut all = Dataset::default();
    for (d, p) in parts {
        all.append(d);
        problems.extend(p);
    }
    (all, problems)
}

/// The files without those that are byte for byte an earlier one (path
/// order): each copy is an error naming the first, and is not read.
fn without_copies(files: Vec<FileBytes>) -> (Vec<FileBytes>, Problems) {
    let mut problems = Problems::new();
    let mut first: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        if let Some(original) = first.get(&f.sha256) {
            problems.error(
                crate::problem::Place::file(&f.rel),
                crate::problem::ProblemKind::DuplicateFile { first: original.clone() },
            );
        } else {
            first.insert(f.sha256.clone(), f.rel.clone());
            out.push(f);
        }
    }
    (out, problems)
}

/// Validates a period: each file, then the rules across files and against
/// the history.
///
/// # Errors
/// A polars error (a bug, not an input problem).
pub fn period(input: PeriodFiles, register: &Register, period: Period) -> PolarsResult<Validated> {
    let mut problems = input.problems;
    let (mut data, found) = files(input.current, &rules(register, period.year, period.end_month()));
    problems.extend(found);
    cross::months_in_period(&mut data, period, &mut problems);
    cross::two_sources(&data, &mut problems);
    let history: Vec<(Period, Dataset, Problems)> = input
        .history
        .into_iter()
        .map(|(p, bytes)| {
            let (d, found) = files(bytes, &rules(register, p.year, p.end_month()));
            (p, d, found)
        })
        .collect();
    cross::history(&history, &mut problems);
    let history: Vec<(Period, Dataset)> = history.into_iter().map(|(p, d, _)| (p, d)).collect();
    let last_year = crate::aggregate::accounts::LastYear::of(period, &history);
    let accounts = crate::aggregate::accounts::accounts(&data, register, &last_year)?;
    cross::budget_and_forecast(&data, &accounts, &mut problems)?;
    cross::group_sizes(&data, &history, &mut problems);
    cross::register_names(register, &mut problems);
    Ok(Validated { data, history, problems, accounts })
}

/// Validates files named on their own: the rules of each workbook, and a
/// note that the rules across files were not run.
#[must_use]
pub fn named_files(input: PeriodFiles, register: &Register, year: i32) -> Validated {
    let mut problems = input.problems;
    let (data, found) = files(input.current, &rules(register, year, 12));
    problems.extend(found);
    cross::not_checked(&mut problems);
    Validated { data, history: Vec::new(), problems, accounts: Accounts::default() }
}
