//! Validate stage: every rule of SPEC.md, in one place for every command.
//!
//! Takes each opened workbook of a period and of its history and the [`Rules`] of the run; gives
//! [`Validated`]: the typed records of the period and of each earlier period, and every problem
//! (file, sheet, cell, what was found, what is expected). `check` and `run` both call [`period`],
//! so they report the same problems for the same inputs.
//!
//! The rules of one workbook (sheets, headers, cells, subtotals, register names) are in [`sheet`];
//! those across files (budget against forecast, group sizes, the history) in [`cross`]. A row with
//! an error gives no record; everything is reported, nothing stops at the first problem.

pub mod cells;
pub mod cross;
pub mod header;
mod ledger;
mod records;
pub mod sheet;

use crate::config::{Names, Register};
use crate::model::Records;
use crate::names::Interner;
use crate::period::Period;
use crate::problem::{Place, Problem, ProblemKind, Problems};
use crate::read::{FileBytes, RawWorkbook};

/// What validation needs to know about the run.
#[derive(Clone, Debug)]
pub struct Rules<'a> {
    /// The period's year: the default for Personal's År.
    pub year: i32,
    /// Indicator tolerance (0.10 = 10 %).
    pub tolerance: f64,
    /// The register's names, which rows' area and activity names are checked against, if it lists
    /// any.
    pub names: Option<crate::config::Names<'a>>,
    /// How Huvudbok sheets map to areas, activities and cost types.
    pub ledger: &'a crate::config::Ledger,
    /// The period's last month (1–12): a ledger's actual after it is not counted.
    pub end_month: u32,
}

/// The validated records of a period and of its history.
#[derive(Debug, Default)]
pub struct Validated {
    pub data: Records,
    /// Earlier periods' records, most recent first (only their rows without errors).
    pub history: Vec<(Period, Records)>,
    /// Every problem of the period's files and across them.
    pub problems: Problems,
}

/// The rules of a run of a period in `year` up to its month `end_month`, under `register`.
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

/// What the rules of one workbook found: its records and problems, and the names its rows share.
#[derive(Debug, Default)]
pub struct Found {
    /// The records of the rows without errors.
    pub records: Records,
    /// Every problem of the workbook.
    pub problems: Problems,
    names: Interner,
}

/// The records and problems of one workbook, or the problem that it could not be opened.
#[must_use]
pub fn workbook(opened: Result<RawWorkbook, Box<Problem>>, rules: &Rules<'_>) -> (Records, Problems) {
    let mut found = Found::default();
    match opened {
        Ok(wb) => sheet::workbook(&wb, rules, &mut found),
        Err(p) => found.problems.push(p.severity, p.place, p.kind),
    }
    (found.records, found.problems)
}

/// The records of a folder's workbooks merged in the files' order, with their problems after
/// `problems`.
#[must_use]
pub fn merged(parts: Vec<(Records, Problems)>, mut problems: Problems) -> (Records, Problems) {
    let mut records = Vec::with_capacity(parts.len());
    for (r, p) in parts {
        records.push(r);
        problems.extend(p);
    }
    (Records::concat(records), problems)
}

/// The files without those that are byte for byte an earlier one (path order): each copy is an
/// error naming the first, and is not read.
#[must_use]
pub fn without_copies(files: Vec<FileBytes>) -> (Vec<FileBytes>, Problems) {
    let mut problems = Problems::new();
    let mut first: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        if let Some(original) = first.get(&f.sha256) {
            problems.error(Place::file(&f.rel), ProblemKind::DuplicateFile { first: original.clone() });
        } else {
            first.insert(f.sha256.clone(), f.rel.clone());
            out.push(f);
        }
    }
    (out, problems)
}

/// Validates a period whose workbooks have been validated ([`workbook`], [`merged`]): the rules
/// across its files and against the history.
#[must_use]
pub fn period(
    current: (Records, Problems),
    history: Vec<(Period, Records, usize)>,
    register: &Register,
    period: Period,
) -> Validated {
    let (mut data, mut problems) = current;
    cross::months_in_period(&mut data, period, &mut problems);
    cross::two_sources(&data, &mut problems);
    cross::ledger_twice(&data, &mut problems);
    let errors: Vec<(Period, usize)> = history.iter().map(|(p, _, e)| (*p, *e)).collect();
    cross::history(&errors, &mut problems);
    let history: Vec<(Period, Records)> = history.into_iter().map(|(p, d, _)| (p, d)).collect();
    cross::group_sizes(&data, &history, &mut problems);
    cross::register_names(register, &mut problems);
    Validated { data, history, problems }
}

/// Validates files named on their own, whose workbooks have been validated: a note that the rules
/// across files were not run.
#[must_use]
pub fn named_files(current: (Records, Problems)) -> Validated {
    let (data, mut problems) = current;
    cross::not_checked(&mut problems);
    Validated { data, history: Vec::new(), problems }
}
