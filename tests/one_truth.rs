//! One truth for every command: `check` and `run` report the same problems
//! for the same inputs, the rules across sheets included (regression: a
//! budget without a forecast was an error in `run` and "0 fel" in `check`).

mod common;

use common::{budget_rows, economy, forecast_rows, problem_lines, workbook, Work, C};

const P: &str = "2022-T2";

/// The problem lines of `check` and of `run` (text output), and their exit
/// codes.
fn both(w: &Work) -> ((i32, Vec<String>), (i32, Vec<String>)) {
    let check = w.run(&["check", "--period", P]);
    let run = w.run(&["run", "--period", P]);
    ((check.code, problem_lines(&check)), (run.code, problem_lines(&run)))
}

fn assert_same(w: &Work, expect_code: i32, expect: &str) {
    let ((check_code, check), (run_code, run)) = both(w);
    assert_eq!(check, run, "check and run differ");
    assert_eq!((check_code, run_code), (expect_code, expect_code), "{check:?}");
    assert!(check.iter().any(|l| l.contains(expect)), "no line with {expect:?} in {check:?}");
}

#[test]
fn regression_check_reports_a_budget_without_forecast_like_run() {
    let w = Work::new();
    economy(
        &w,
        P,
        "ekonomi.xlsx",
        &[("BARN", "", "Personalkostnader", C::N(100.0)), ("BARN", "", "Lokalkostnader", C::N(50.0))],
        &[("BARN", "", "Personalkostnader", C::N(90.0))],
    );
    assert_same(&w, 1, "har budget för Lokalkostnader (50 tkr) men ingen prognos");
}

#[test]
fn regression_check_reports_an_area_spelt_differently_like_run() {
    let w = Work::new();
    workbook(
        &w.input(P, "budget.xlsx"),
        &[("Budget", false, budget_rows(&[("BARN o FAMILJ", "", "Personalkostnader", C::N(100.0))]))],
    );
    workbook(
        &w.input(P, "prognos.xlsx"),
        &[("Prognos", false, forecast_rows(&[("BARN och FAMILJ", "", "Personalkostnader", C::N(100.0))]))],
    );
    let ((_, check), _) = both(&w);
    assert!(check.iter().any(|l| l.starts_with("FEL") && l.contains("BARN o FAMILJ")), "{check:?}");
    assert_same(&w, 1, "BARN och FAMILJ har prognos för Personalkostnader");
}

#[test]
fn regression_check_warns_of_a_forecast_without_budget_like_run() {
    let w = Work::new();
    economy(
        &w,
        P,
        "ekonomi.xlsx",
        &[("BARN", "", "Personalkostnader", C::N(100.0))],
        &[("BARN", "", "Personalkostnader", C::N(100.0)), ("BARN", "", "Övriga kostnader", C::N(7.0))],
    );
    assert_same(&w, 0, "VARNING");
}

#[test]
fn check_and_run_agree_on_per_cell_rules_and_the_kalmar_fixture() {
    let w = Work::new();
    economy(
        &w,
        P,
        "ekonomi.xlsx",
        &[("BARN", "", "Personalkostnader", C::S("12 4OO")), ("BARN", "", "Intäkter", C::N(-5.0))],
        &[("BARN", "", "Personalkostnader", C::N(100.0)), ("BARN", "", "Intäkter", C::N(1e300))],
    );
    assert_same(&w, 1, "\"12 4OO\" är inte ett tal");
    let ((_, check), _) = both(&w);
    assert!(check.iter().any(|l| l.contains("inget rimligt värde")), "{check:?}");
    let k = common::kalmar_work();
    let ((check_code, check), (run_code, run)) = both(&k);
    assert_eq!((check_code, run_code), (0, 0), "{check:?}");
    assert_eq!(check, run);
}

#[test]
fn check_of_single_files_says_which_rules_it_could_not_run() {
    let w = Work::new();
    economy(&w, P, "ekonomi.xlsx", &[("BARN", "", "Personalkostnader", C::N(100.0))], &[]);
    let file = w.input(P, "ekonomi.xlsx");
    let run = w.run(&["check", file.to_str().unwrap()]);
    let lines = problem_lines(&run);
    assert!(lines.iter().any(|l| l.contains("kontrollerades var för sig: budget mot prognos")), "{lines:?}");
}
