//! The rules across files that need no join: nothing counted twice, group sizes for the sick-leave
//! suppression, sick-leave months in the period, the history's own errors and the register's names.
//!
//! Takes the period's records (and the history's); adds problems. The rules on the joined keys
//! (budget against forecast) are the consolidate stage's.

use std::collections::BTreeMap;

use crate::config::Register;
use crate::model::{CostType, ForecastLine, Origin, Records, Vocabulary};
use crate::names::{normalise, Name};
use crate::period::{Period, YearMonth};
use crate::problem::{Figure, Place, ProblemKind, Problems, RegisterName};
use crate::schema::SheetKind;

fn place(o: &Origin) -> Place {
    Place::cell(&o.file, &o.sheet, o.row, 0)
}

/// Nothing counted twice: an area whose budget comes from both Budget sheets and a Huvudbok, or a
/// key whose forecast or actual comes from both a Prognos sheet and a Huvudbok, is an error naming
/// both files.
pub fn two_sources(data: &Records, problems: &mut Problems) {
    type Firsts<'a> = [Option<&'a Origin>; 2];
    type Key = (String, String, CostType);
    fn mark<'a>(firsts: &mut Firsts<'a>, origin: &'a Origin) {
        let ledger = SheetKind::from_sheet_name(&origin.sheet) == Some(SheetKind::Ledger);
        firsts[usize::from(ledger)].get_or_insert(origin);
    }
    if !data.files.iter().any(|f| f.sheets.iter().any(|s| s.kind == SheetKind::Ledger)) {
        return; // one source only
    }
    let mut report = |key: String, figure: Figure, firsts: &Firsts<'_>, sheet: SheetKind| {
        if let [Some(s), Some(l)] = firsts {
            let (sheet_file, ledger_file) = (s.file.clone(), l.file.clone());
            problems.error(
                place(l),
                ProblemKind::TwoSources {
                    key,
                    figure,
                    sheet,
                    sheet_file: sheet_file.to_string(),
                    ledger_file: ledger_file.to_string(),
                },
            );
        }
    };
    let mut budget: std::collections::BTreeMap<String, (&str, Firsts<'_>)> =
        std::collections::BTreeMap::new();
    for l in &data.budget {
        mark(&mut budget.entry(normalise(&l.area)).or_insert((&l.area, [None; 2])).1, &l.origin);
    }
    for (area, firsts) in budget.into_values() {
        report(area.to_string(), Figure::Budget, &firsts, SheetKind::Budget);
    }
    let mut forecast: std::collections::BTreeMap<Key, (&ForecastLine, Firsts<'_>, Firsts<'_>)> =
        std::collections::BTreeMap::new();
    for l in &data.forecast {
        let key = (normalise(&l.area), normalise(&l.activity), l.cost_type);
        let e = forecast.entry(key).or_insert((l, [None; 2], [None; 2]));
        if l.amount.is_some() {
            mark(&mut e.1, &l.origin);
        }
        if l.actual.is_some() {
            mark(&mut e.2, &l.origin);
        }
    }
    for (l, forecasts, actuals) in forecast.into_values() {
        let activity = if l.activity.is_empty() { String::new() } else { format!(" / {}", l.activity) };
        let key = format!("{}{activity} / {}", l.area, l.cost_type.word());
        report(key.clone(), Figure::Forecast, &forecasts, SheetKind::Forecast);
        report(key, Figure::Actual, &actuals, SheetKind::Forecast);
    }
}

/// Nothing counted twice: a SIE file and another ledger file (a Huvudbok workbook, a text export,
/// a second SIE file) that both give the budget, forecast or actual of the same keys are the same
/// ledger read twice — an error for each such pair, naming both files, the number of keys and the
/// first of them.
pub fn ledger_twice(data: &Records, problems: &mut Problems) {
    type Key = (Figure, String, String, CostType);
    let ledger = |o: &Origin| SheetKind::from_sheet_name(&o.sheet) == Some(SheetKind::Ledger);
    let budget = data.budget.iter().map(|l| (Figure::Budget, &l.area, &l.activity, l.cost_type, &l.origin));
    let forecast = data.forecast.iter().flat_map(|l| {
        let figures = [(Figure::Forecast, l.amount.is_some()), (Figure::Actual, l.actual.is_some())];
        figures
            .into_iter()
            .filter(|(_, given)| *given)
            .map(move |(f, _)| (f, &l.area, &l.activity, l.cost_type, &l.origin))
    });
    // Each key's files, the first origin in each.
    let mut files: BTreeMap<Key, (String, Vec<&Origin>)> = BTreeMap::new();
    let lines = budget.chain(forecast);
    for (figure, area, activity, cost_type, origin) in lines.filter(|l| ledger(l.4)) {
        let key = (figure, normalise(area), normalise(activity), cost_type);
        let shown = || {
            let activity = if activity.is_empty() { String::new() } else { format!(" / {activity}") };
            format!("{area}{activity} / {} ({figure})", cost_type.word())
        };
        let e = files.entry(key).or_insert_with(|| (shown(), Vec::new()));
        if !e.1.iter().any(|o| o.file == origin.file) {
            e.1.push(origin);
        }
    }
    // By pair of files: the SIE file's first line, the number of keys and the first key.
    let mut pairs: BTreeMap<(String, String), (&Origin, usize, String)> = BTreeMap::new();
    for (shown, origins) in files.into_values() {
        let Some(sie) = origins.iter().find(|o| crate::schema::is_sie(&o.file)) else { continue };
        for other in origins.iter().filter(|o| o.file != sie.file) {
            let pair = (sie.file.to_string(), other.file.to_string());
            pairs.entry(pair).or_insert((sie, 0, shown.clone())).1 += 1;
        }
    }
    for ((sie_file, other_file), (origin, keys, example)) in pairs {
        problems.error(place(origin), ProblemKind::LedgerTwice { sie_file, other_file, keys, example });
    }
}

/// Without the Antal anställda column nowhere, no group can be suppressed: a note says that every
/// group is shown.
pub fn group_sizes(data: &Records, history: &[(Period, Records)], problems: &mut Problems) {
    let any_rows = !data.sick_leave.is_empty() || history.iter().any(|(_, d)| !d.sick_leave.is_empty());
    if any_rows && !crate::model::employee_counts_given(data, history) {
        problems.note(Place::default(), ProblemKind::NoEmployeeCounts);
    }
}

/// An earlier period with errors is used for its valid rows only: a warning names it.
pub fn history(errors_in: &[(Period, usize)], problems: &mut Problems) {
    for &(period, errors) in errors_in {
        if errors > 0 {
            problems.warning(
                Place::file(&format!("../{period}")),
                ProblemKind::EarlierPeriodHasErrors { period, errors },
            );
        }
    }
}

/// Files checked on their own: the rules across files were not run.
pub fn not_checked(problems: &mut Problems) {
    problems.note(Place::default(), ProblemKind::FilesCheckedAlone);
}

/// A register that does not name the municipality or the committee: the cover would say "Kommunen"
/// or "Nämnden"; a warning says so.
pub fn register_names(register: &Register, problems: &mut Problems) {
    let given = [
        (RegisterName::Municipality, &register.municipality),
        (RegisterName::Committee, &register.committee),
    ];
    for (name, value) in given {
        if value.as_deref().is_none_or(|n| n.trim().is_empty()) {
            problems.warning(Place::file("tertial.toml"), ProblemKind::UnnamedInRegister { name });
        }
    }
}

/// Sick-leave rows of a month after the period's end, or before 1900 (an Excel date of 0), are left
/// out: one note per sheet names their cells.
pub fn months_in_period(data: &mut Records, period: Period, problems: &mut Problems) {
    let first = YearMonth { year: 1900, month: 1 };
    let last = YearMonth { year: period.year, month: period.end_month() };
    let outside = |r: &crate::model::SickLeaveRow| r.month < first || r.month > last;
    let mut by_sheet: std::collections::BTreeMap<(Name, Name), (Vec<YearMonth>, Vec<u32>)> =
        std::collections::BTreeMap::new();
    for r in data.sick_leave.iter().filter(|r| outside(r)) {
        let (months, rows) = by_sheet.entry((r.origin.file.clone(), r.origin.sheet.clone())).or_default();
        months.push(r.month);
        rows.push(r.origin.row + 1);
    }
    data.sick_leave.retain(|r| !outside(r));
    for ((file, sheet), (mut months, rows)) in by_sheet {
        months.sort_unstable();
        months.dedup();
        problems.note(Place::sheet(&file, &sheet), ProblemKind::MonthsOutsidePeriod { months, rows });
    }
}
