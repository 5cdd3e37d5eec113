//! Budget to date (issue "The year's rhythm"): shown only where the inputs give the budget by
//! month — a Budget sheet's Månad column or a Huvudbok's Period — never an even split of the year.

mod common;

use common::{pdf_text, row_numbers, sheet, workbook, Work, C};

/// A seasonal budget by month (less in the summer), and a forecast with the actual to date.
fn monthly(w: &Work, period: &str) {
    let mut budget = vec![vec![
        C::S("Verksamhetsområde"),
        C::S("Verksamhet"),
        C::S("Kostnadsslag"),
        C::S("Budget"),
        C::S("Månad"),
    ]];
    for m in 1..=12u32 {
        let amount = if (7..=8).contains(&m) { 50.0 } else { 100.0 };
        let month = C::S(Box::leak(format!("2025-{m:02}").into_boxed_str()));
        budget.push(vec![C::S("BARN"), C::S("Förskola"), C::S("Personalkostnader"), C::N(amount), month]);
    }
    let forecast = vec![
        vec![
            C::S("Verksamhetsområde"),
            C::S("Verksamhet"),
            C::S("Kostnadsslag"),
            C::S("Prognos"),
            C::S("Utfall"),
        ],
        vec![C::S("BARN"), C::S("Förskola"), C::S("Personalkostnader"), C::N(1120.0), C::N(680.25)],
    ];
    workbook(&w.input(period, "ekonomi.xlsx"), &[("Budget", false, budget), ("Prognos", false, forecast)]);
}

#[test]
fn a_monthly_budget_gives_budget_to_date_and_its_deviation_in_the_annex_and_the_report() {
    let w = Work::new();
    monthly(&w, "2025-08");
    let run = w.run(&["run"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let dir = w.path().join("output/2025-08");
    let drift = sheet(&dir.join("bilaga-2025-08.xlsx"), "Driftredovisning");
    let headings: Vec<String> = drift.rows().nth(2).unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(
        headings[1..],
        ["Budget", "Prognos", "Avvikelse", "Utfall", "Budget t.o.m. augusti", "Avvikelse t.o.m. augusti"]
    );
    // The year 1 100 (six months of 100, July and August 50, four of 100); to August 700, not
    // 8/12 of 1 100; 700 − 680,25 = 19,75 less spent than budgeted so far.
    assert_eq!(row_numbers(&drift, "Personalkostnader"), [1100.0, 1120.0, -20.0, 680.25, 700.0, 19.75]);
    let verksamhet = sheet(&dir.join("bilaga-2025-08.xlsx"), "Verksamhet");
    assert_eq!(row_numbers(&verksamhet, "Summa")[4..], [700.0, 19.75]);
    let text = pdf_text(&dir.join("tertialrapport-2025-08.pdf"));
    // The headings wrap in their narrow columns: "Budget / t.o.m. / augusti".
    assert!(text.contains("t.o.m.") && text.contains("augusti"), "{text}");
    let line = text.lines().find(|l| l.trim_start().starts_with("Personalkostnader")).unwrap();
    assert!(line.contains("700") && line.contains("20"), "{line}");
}

#[test]
fn without_a_monthly_budget_there_is_no_budget_to_date() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(common::run_kalmar(out.path()).code, 0);
    let dir = out.path().join("2022-T2");
    let drift = sheet(&dir.join("bilaga-2022-T2.xlsx"), "Driftredovisning");
    let all: Vec<String> = drift.rows().flatten().map(ToString::to_string).collect();
    assert!(!all.iter().any(|c| c.contains("t.o.m.")), "{all:?}");
    assert!(!pdf_text(&dir.join("tertialrapport-2022-T2.pdf")).contains("t.o.m."));
}

#[test]
fn a_budget_month_of_another_year_is_an_error_naming_its_cell() {
    let w = Work::new();
    let budget = vec![
        common::header("Budget").into_iter().chain([C::S("Månad")]).collect(),
        vec![C::S("VUXEN"), C::E, C::S("Intäkter"), C::N(-10.0), C::S("2024-12")],
    ];
    let forecast = common::forecast_rows(&[("VUXEN", "", "Intäkter", C::N(-12.0))]);
    workbook(&w.input("2025-08", "ekonomi.xlsx"), &[("Budget", false, budget), ("Prognos", false, forecast)]);
    let run = w.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("Budget!E2") && run.stdout.contains("ligger inte i budgetåret 2025"),
        "{}",
        run.stdout
    );
}
