//! The comparisons real reports make (issue "The comparisons real reports
//! make"): actual to date (Utfall) beside budget and forecast.

mod common;

use calamine::Data;
use common::{row_numbers, sheet, workbook, Work, C};

const P: &str = "2022-T2";

/// The cells after column A of the first row whose column A is `label`,
/// `None` where empty.
fn row_cells(r: &calamine::Range<Data>, label: &str) -> Vec<Option<f64>> {
    let row = r.rows().find(|row| matches!(&row[0], Data::String(s) if s == label)).expect(label);
    row[1..].iter().map(|d| if let Data::Float(f) = d { Some(*f) } else { None }).collect()
}

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

/// 2022-T2's economy: BARN / Förskola with Utfall, VUXEN without.
fn this_year(w: &Work) {
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
}

#[test]
fn actual_to_date_is_summed_and_shown_beside_budget_and_forecast() {
    let w = Work::new();
    this_year(&w);
    let run = w.run(&["run"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let annex = w.path().join("output/2022-T2/bilaga-2022-T2.xlsx");
    let drift = sheet(&annex, "Driftredovisning");
    assert_eq!(drift.get_value((2, 4)), Some(&Data::String("Utfall".into())));
    // Budget, Prognos, Avvikelse, Utfall: unrounded tkr.
    assert_eq!(row_numbers(&drift, "Intäkter"), [-100.0, -110.0, 10.0, -70.25]);
    assert_eq!(row_numbers(&drift, "Personalkostnader"), [1500.0, 1500.0, 0.0, 690.5]);
    assert_eq!(row_numbers(&drift, "Summa RESULTAT"), [1400.0, 1390.0, 10.0, 620.25]);
    let verksamhet = sheet(&annex, "Verksamhet");
    assert_eq!(verksamhet.get_value((2, 4)), Some(&Data::String("Utfall".into())));
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

/// Last year's folders: the same tertial (2021-T2, Utfall to August) and
/// the T3 (2021-T3, the year's outcome), beside 2022-T2.
fn with_last_year() -> Work {
    let w = Work::new();
    this_year(&w);
    // Only a Prognos sheet in last year's folders: they are read for what
    // they have. Fritids and the area FRITID exist last year only; the
    // spelling differs.
    let same = forecast_with_actual(&[
        ("barn", "förskola", "Personalkostnader", 900.0, Some(600.0)),
        ("BARN", "Fritids", "Personalkostnader", 80.0, Some(50.0)),
        ("VUXEN", "", "Personalkostnader", 450.0, Some(300.0)),
        ("FRITID", "", "Övriga kostnader", 40.0, Some(25.0)),
    ]);
    workbook(&w.input("2021-T2", "ekonomi.xlsx"), &[("Prognos", false, same)]);
    let closing = forecast_with_actual(&[
        ("BARN", "Förskola", "Personalkostnader", 950.0, Some(950.0)),
        ("VUXEN", "", "Personalkostnader", 470.0, Some(470.0)),
    ]);
    workbook(&w.input("2021-T3", "ekonomi.xlsx"), &[("Prognos", false, closing)]);
    w
}

#[test]
fn last_years_actual_and_closing_come_from_the_history_folders() {
    let w = with_last_year();
    let run = w.run(&["run", "--period", P]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let annex = w.path().join("output/2022-T2/bilaga-2022-T2.xlsx");
    let verksamhet = sheet(&annex, "Verksamhet");
    let heads: Vec<String> = (1..8).map(|c| verksamhet.get_value((2, c)).unwrap().to_string()).collect();
    assert_eq!(
        heads,
        [
            "Budget",
            "Prognos",
            "Avvikelse",
            "Utfall",
            "Utfall 2021 samma period",
            "Förändring utfall",
            "Bokslut 2021"
        ]
    );
    assert_eq!(row_numbers(&verksamhet, "BARN"), [900.0, 910.0, -10.0, 620.25, 650.0, -29.75, 950.0]);
    assert_eq!(row_numbers(&verksamhet, "Förskola"), [900.0, 910.0, -10.0, 620.25, 600.0, 20.25, 950.0]);
    // A row of last year only is shown, its other cells empty: no budget,
    // forecast or deviation of this year.
    assert_eq!(row_cells(&verksamhet, "Fritids"), [None, None, None, None, Some(50.0), None, None]);
    assert_eq!(row_cells(&verksamhet, "FRITID"), [None, None, None, None, Some(25.0), None, None]);
    assert_eq!(row_numbers(&verksamhet, "VUXEN"), [500.0, 480.0, 20.0, 300.0, 470.0]);
    assert_eq!(row_numbers(&verksamhet, "Summa"), [1400.0, 1390.0, 10.0, 620.25, 975.0, -354.75, 1420.0]);
    let drift = sheet(&annex, "Driftredovisning");
    assert_eq!(row_numbers(&drift, "Personalkostnader"), [1500.0, 1500.0, 0.0, 690.5, 950.0, -259.5, 1420.0]);
    assert_eq!(row_numbers(&drift, "Summa RESULTAT"), [1400.0, 1390.0, 10.0, 620.25, 975.0, -354.75, 1420.0]);
    // A cost type is this year's whatever the years give: 0, not empty.
    assert_eq!(
        row_cells(&drift, "Övriga kostnader"),
        [Some(0.0), Some(0.0), Some(0.0), None, Some(25.0), None, None]
    );
    let text = common::pdf_text(&w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf"));
    assert!(text.contains("Utfall jämfört med föregående år, tkr"), "{text}");
    let at = text.rfind("Utfall jämfört med föregående år").unwrap();
    let table: Vec<String> =
        text[at..].lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).take(12).collect();
    assert!(table.iter().any(|l| l == "BARN 620 650 −30 950"), "{table:?}");
    assert!(table.iter().any(|l| l == "VUXEN 300 470"), "{table:?}");
    assert!(table.iter().any(|l| l == "FRITID 25"), "{table:?}");
    assert!(table.iter().any(|l| l == "Summa 620 975 −355 1 420"), "{table:?}");
    // In the driftredovisning per verksamhet, last year's rows have no
    // budget, forecast or deviation: the line is the name alone.
    let lines: Vec<String> =
        text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    assert!(lines.iter().any(|l| l == "Fritids"), "{lines:#?}");
    assert!(!lines.iter().any(|l| l.starts_with("Fritids 0")), "{lines:#?}");
}

#[test]
fn the_report_shows_mnkr_with_one_decimal_when_the_register_says_so() {
    let w = with_last_year();
    let names = fs_err::read_to_string(w.path().join("tertial.toml")).unwrap();
    fs_err::write(w.path().join("tertial.toml"), format!("{names}[options]\nunit = \"mnkr\"\n")).unwrap();
    let run = w.run(&["run", "--period", P]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let text = common::pdf_text(&w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf"));
    let lines: Vec<String> =
        text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    for expected in [
        "Driftredovisning per kostnadsslag, mnkr",
        "Summa RESULTAT 1,4 1,4 0,0 0,6",
        "Personalkostnader 1,5 1,5 0,0 0,7",
        "Budget för helåret 1,4 mnkr",
    ] {
        assert!(lines.iter().any(|l| l.starts_with(expected)), "{expected} not in {lines:#?}");
    }
    // The annex keeps the unrounded tkr.
    let drift = sheet(&w.path().join("output/2022-T2/bilaga-2022-T2.xlsx"), "Driftredovisning");
    assert_eq!(row_numbers(&drift, "Summa RESULTAT")[..4], [1400.0, 1390.0, 10.0, 620.25]);
    // Anything else is a configuration error naming the choices.
    fs_err::write(w.path().join("tertial.toml"), format!("{names}[options]\nunit = \"kr\"\n")).unwrap();
    let run = w.run(&["run", "--period", P]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("okänt värde \"kr\" (tillåtet: \"tkr\" eller \"mnkr\")"), "{}", run.stderr);
}

#[test]
fn last_years_figures_are_in_the_parquet_facts() {
    let w = with_last_year();
    assert_eq!(w.run(&["run", "--period", P]).code, 0);
    let path = w.path().join("output/2022-T2/data/budget_prognos.parquet");
    let sql = format!(
        "SELECT verksamhet, utfall_tkr, utfall_fg_ar_samma_period_tkr, bokslut_fg_ar_tkr FROM '{}' \
         WHERE kostnadsslag = 'Personalkostnader' ORDER BY verksamhetsomrade, verksamhet NULLS FIRST",
        path.display()
    );
    let out = common::tool(
        "python3",
        &["-c", &format!("import duckdb; [print(r) for r in duckdb.sql({sql:?}).fetchall()]")],
    );
    assert_eq!(
        out.trim().lines().collect::<Vec<_>>(),
        ["('Fritids', None, 50.0, None)", "('Förskola', 690.5, 600.0, 950.0)", "(None, None, 300.0, 470.0)"],
        "{out}"
    );
    // Keys of last year only have no budget or forecast of this year.
    let sql = format!(
        "SELECT verksamhetsomrade, verksamhet, budget_tkr, prognos_tkr, avvikelse_tkr FROM '{}' \
         WHERE budget_tkr IS NULL ORDER BY verksamhetsomrade",
        path.display()
    );
    let out = common::tool(
        "python3",
        &["-c", &format!("import duckdb; [print(r) for r in duckdb.sql({sql:?}).fetchall()]")],
    );
    assert_eq!(
        out.trim().lines().collect::<Vec<_>>(),
        ["('BARN', 'Fritids', None, None, None)", "('FRITID', None, None, None, None)"],
        "{out}"
    );
}

/// An Indikatorer sheet: goal, indicator, target, outcome.
fn indicators(rows: &[(&'static str, &'static str, f64, f64)]) -> Vec<Vec<C>> {
    let mut all = vec![vec![C::S("Mål"), C::S("Indikator"), C::S("Målvärde"), C::S("Utfall")]];
    for (g, i, t, u) in rows {
        all.push(vec![C::S(g), C::S(i), C::N(*t), C::N(*u)]);
    }
    all
}

#[test]
fn indicators_carry_their_outcomes_of_earlier_years() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    let now = indicators(&[
        ("Trygg vård", "Nöjda brukare, %", 90.0, 88.0),
        ("Trygg vård", "Väntetid, dagar", 30.0, 25.0),
    ]);
    workbook(&w.input(P, "kvalitet.xlsx"), &[("Indikatorer", false, now)]);
    // An earlier year's folder with just its Indikatorer workbook; the latest
    // folder of a year counts (2021-T3, not 2021-T2); names match whatever
    // their case and spacing.
    let y2020 = indicators(&[("Trygg vård", "Nöjda brukare, %", 90.0, 84.0)]);
    workbook(&w.input("2020-T3", "kvalitet.xlsx"), &[("Indikatorer", false, y2020)]);
    let y2021_t2 = indicators(&[("Trygg vård", "Nöjda brukare, %", 90.0, 1.0)]);
    workbook(&w.input("2021-T2", "kvalitet.xlsx"), &[("Indikatorer", false, y2021_t2)]);
    let y2021 = indicators(&[
        ("TRYGG  VÅRD", "nöjda brukare, %", 90.0, 86.5),
        ("Trygg vård", "Väntetid, dagar", 30.0, 41.0),
    ]);
    workbook(&w.input("2021-T3", "kvalitet.xlsx"), &[("Indikatorer", false, y2021)]);
    let run = w.run(&["run", "--period", P]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let sheet = sheet(&w.path().join("output/2022-T2/bilaga-2022-T2.xlsx"), "Indikatorer");
    assert_eq!(sheet.get_value((0, 14)).unwrap().to_string(), "Utfall 2020");
    assert_eq!(sheet.get_value((0, 15)).unwrap().to_string(), "Utfall 2021");
    let row = |name: &str| {
        let r = (0..sheet.height())
            .find(|r| {
                sheet
                    .get_value((u32::try_from(*r).unwrap(), 1))
                    .is_some_and(|v| *v == Data::String(name.to_string()))
            })
            .unwrap();
        let r = u32::try_from(r).unwrap();
        (sheet.get_value((r, 14)).cloned(), sheet.get_value((r, 15)).cloned())
    };
    assert_eq!(row("Nöjda brukare, %"), (Some(Data::Float(84.0)), Some(Data::Float(86.5))));
    assert_eq!(row("Väntetid, dagar").1, Some(Data::Float(41.0)));
    assert!(matches!(row("Väntetid, dagar").0, None | Some(Data::Empty)));
    let text = common::pdf_text(&w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf"));
    let lines: Vec<String> =
        text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    assert!(
        lines.iter().any(|l| l.starts_with("Indikator Utfall 2020 Utfall 2021 Målvärde Utfall")),
        "{lines:#?}"
    );
    assert!(lines.iter().any(|l| l.starts_with("Nöjda brukare, % 84 86,5 90 88")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.starts_with("Väntetid, dagar – 41 30 25")), "{lines:#?}");
}
