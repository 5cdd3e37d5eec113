//! The comparisons real reports make (issue "The comparisons real reports
//! make"): actual to date (Utfall) beside budget and forecast.

mod common;

use common::{row_numbers, sheet, workbook, Work, C};

const P: &str = "2022-T2";

/// A Prognos sheet with an Utfall column: area, activity, cost type,
/// forecast, actual (or none).
fn forecast_with_actual(
    lines: &[(&'static str, &'static str, &'static str, f64, Option<f64>)],
) -> Vec<Vec<C>> {
    let mut rows = vec![vec![
        C::S("Verksamhetsområde"),
        C::S("Verksamhet"),
        C::S("Kostnadsslag"),
        C::S("Prognos"),
        C::S("Utfall"),
    ]];
    for (a, v, k, f, u) in lines {
        rows.push(vec![C::S(a), C::S(v), C::S(k), C::N(*f), u.map_or(C::E, C::N)]);
    }
    rows
}

#[test]
fn actual_to_date_is_summed_and_shown_beside_budget_and_forecast() {
    let w = Work::new();
    let budget = common::budget_rows(&[
        ("BARN", "Förskola", "Intäkter", C::N(-100.0)),
        ("BARN", "Förskola", "Personalkostnader", C::N(1000.0)),
        ("VUXEN", "", "Personalkostnader", C::N(500.0)),
    ]);
    let forecast = forecast_with_actual(&[
        ("BARN", "Förskola", "Intäkter", -110.0, Some(-70.25)),
        ("BARN", "Förskola", "Personalkostnader", 1020.0, Some(690.5)),
        ("VUXEN", "", "Personalkostnader", 480.0, None),
    ]);
    workbook(&w.input(P, "ekonomi.xlsx"), &[("Budget", false, budget), ("Prognos", false, forecast)]);
    let run = w.run(&["run"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let annex = w.path().join("output/2022-T2/bilaga-2022-T2.xlsx");
    let drift = sheet(&annex, "Driftredovisning");
    assert_eq!(drift.get_value((2, 4)), Some(&calamine::Data::String("Utfall".into())));
    // Budget, Prognos, Avvikelse, Utfall: unrounded tkr.
    assert_eq!(row_numbers(&drift, "Intäkter"), [-100.0, -110.0, 10.0, -70.25]);
    assert_eq!(row_numbers(&drift, "Personalkostnader"), [1500.0, 1500.0, 0.0, 690.5]);
    assert_eq!(row_numbers(&drift, "Summa RESULTAT"), [1400.0, 1390.0, 10.0, 620.25]);
    let verksamhet = sheet(&annex, "Verksamhet");
    assert_eq!(verksamhet.get_value((2, 4)), Some(&calamine::Data::String("Utfall".into())));
    assert_eq!(row_numbers(&verksamhet, "BARN"), [900.0, 910.0, -10.0, 620.25]);
    // VUXEN gives no Utfall: its cell is empty, not 0.
    assert_eq!(row_numbers(&verksamhet, "VUXEN"), [500.0, 480.0, 20.0]);
    assert_eq!(row_numbers(&verksamhet, "Summa"), [1400.0, 1390.0, 10.0, 620.25]);
    let text = common::pdf_text(&w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf"));
    let line = text.lines().find(|l| l.trim_start().starts_with("Summa RESULTAT")).unwrap();
    let words = line.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(words, "Summa RESULTAT 1 400 1 390 10 620", "{line}");
    assert!(text.contains("Utfall"), "{text}");
}

#[test]
fn without_utfall_no_column_is_added() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    let run = w.run(&["run"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let drift = sheet(&w.path().join("output/2022-T2/bilaga-2022-T2.xlsx"), "Driftredovisning");
    assert_eq!(drift.get_value((2, 4)), None);
    assert_eq!(row_numbers(&drift, "Summa RESULTAT"), [-10.0, -12.0, 2.0]);
}
