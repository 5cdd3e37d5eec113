//! The forecast's path through the year and how good it was (issue "The year's rhythm"), on a
//! fixture built from published figures: Malmö stad's Prognossäkerhet 2015 (the deviation per
//! nämnd forecast at the January–August delår and the bokslut's; see
//! tests/fixtures/malmo-2015/make.py for the source).

mod common;

use std::path::Path;

use calamine::Data;
use common::{copy_dir, pdf_text, sheet, workbook, Work, C};
use polars::prelude::*;

/// Nämnd, published Mkr: deviation at the bokslut, at the delår jan–aug, prognosavvikelse.
const MALMO_2015: [(&str, i64, i64, i64); 16] = [
    ("Servicenämnd", 67, 32, 35),
    ("Kommunstyrelse", 96, 65, 31),
    ("Ekonomiskt bistånd", -11, -10, -1),
    ("Stadsbyggnadsnämnd", 15, 6, 9),
    ("Teknisk nämnd", 13, 8, 5),
    ("Rea-/exploateringsvinster", 176, 151, 25),
    ("Arb.markn. gymn o vux utb.nämnd", 11, 4, 7),
    ("Grundskolenämnd", 10, 0, 10),
    ("Förskolenämnd", 6, 0, 6),
    ("Social resursnämnd, inkl pers ass", -18, -4, -14),
    ("Statsbidrag flyktingar", 0, -6, 6),
    ("Stadsområdesnämnder", -42, -41, -1),
    ("Hemlöshet (75 %)", -51, -40, -11),
    ("Övriga nämnder", 12, 8, 4),
    ("Finansiering", 279, 143, 136),
    ("Summa", 563, 316, 247),
];

fn malmo() -> Work {
    let w = Work::bare();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/malmo-2015");
    copy_dir(&fixture.join("input"), &w.path().join("input"));
    fs_err::copy(fixture.join("tertial.toml"), w.path().join("tertial.toml")).unwrap();
    w
}

/// The rows of a sheet from its header (row 3) on, as (text of A, text of B, numbers after B).
fn rows(r: &calamine::Range<Data>) -> Vec<(String, String, Vec<Option<f64>>)> {
    r.rows()
        .skip(3)
        .map(|row| {
            let text = |d: &Data| d.to_string();
            let nums =
                row[2..].iter().map(|d| if let Data::Float(f) = d { Some(*f) } else { None }).collect();
            (text(&row[0]), text(&row[1]), nums)
        })
        .collect()
}

/// A cell's expected value: Mkr as tkr.
#[allow(clippy::unnecessary_wraps)]
fn tkr(mkr: i64) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)]
    Some((mkr * 1000) as f64)
}

#[test]
fn malmo_2015_forecast_path_and_accuracy_are_reproduced_in_the_annex() {
    let w = malmo();
    let run = w.run(&["run", "--period", "2015-12"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let annex = w.path().join("output/2015-12/bilaga-2015-12.xlsx");

    let path = rows(&sheet(&annex, "Prognosutveckling"));
    let accuracy = rows(&sheet(&annex, "Prognossäkerhet"));
    for (name, closing, delar, miss) in MALMO_2015 {
        let of = |rows: &[(String, String, Vec<Option<f64>>)], month: &str| {
            rows.iter()
                .find(|(a, m, _)| a == name && m == month)
                .unwrap_or_else(|| panic!("{name} {month}"))
                .2
                .clone()
        };
        // Budget, Prognos, Avvikelse, Förändring avvikelse.
        let aug = of(&path, "augusti 2015");
        assert_eq!((aug[2], aug[3]), (tkr(delar), None), "{name}: the delår's deviation");
        let dec = of(&path, "december 2015");
        assert_eq!((dec[2], dec[3]), (tkr(closing), tkr(miss)), "{name}: the bokslut's and the change");
        // Prognos, Avvikelse vid prognosen, Utfall, Avvikelse i bokslutet, Prognosavvikelse.
        let acc = of(&accuracy, "augusti 2015");
        assert_eq!((acc[1], acc[3], acc[4]), (tkr(delar), tkr(closing), tkr(miss)), "{name}");
        assert_eq!(acc[0].zip(acc[2]).map(|(f, o)| f - o), tkr(miss), "{name}: forecast − outcome");
    }
}

#[test]
fn malmo_2015_forecast_path_and_accuracy_are_in_the_report_and_the_facts() {
    let w = malmo();
    let run = w.run(&["run", "--period", "2015-12"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let dir = w.path().join("output/2015-12");
    let text = pdf_text(&dir.join("tertialrapport-2015-12.pdf"));
    assert!(text.contains("Årsredovisning december 2015"), "the register's title for 12");
    let fmt = |mkr: i64| {
        if mkr == 0 {
            return "0".to_string();
        }
        let s = format!("{}", (mkr * 1000).abs());
        let (head, tail) = s.split_at(s.len() - 3);
        let n = if head.is_empty() { tail.to_string() } else { format!("{head} {tail}") };
        if mkr < 0 {
            format!("−{n}")
        } else {
            n
        }
    };
    let section = |title: &str| {
        let start =
            text.find(&format!("{title}, tkr\nVerksamhetsområde")).unwrap_or_else(|| panic!("{title}"));
        text[start..].to_string()
    };
    let (path, accuracy) = (section("Prognosutveckling"), section("Prognossäkerhet"));
    for (name, closing, delar, miss) in MALMO_2015 {
        let line = |s: &str| {
            let first = name.split([' ', '/']).next().unwrap();
            s.lines().find(|l| l.starts_with(first)).unwrap_or_else(|| panic!("{name}")).to_string()
        };
        let cells = |l: String| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .skip(1)
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(cells(line(&path)), [fmt(delar), fmt(closing), fmt(miss)], "{name} in Prognosutveckling");
        assert_eq!(
            cells(line(&accuracy)),
            [fmt(closing), fmt(delar), fmt(miss)],
            "{name} in Prognossäkerhet"
        );
    }
    // The chart's alternative text states the figures.
    assert!(text.contains("Avvikelse mot budget vid varje prognos"));

    let read = |name: &str| {
        let bytes = fs_err::read(dir.join("data").join(name)).unwrap();
        ParquetReader::new(std::io::Cursor::new(bytes)).finish().unwrap()
    };
    let facts = read("prognossakerhet.parquet");
    assert_eq!(facts.height(), 16);
    let total = facts.column("prognosavvikelse_tkr").unwrap().f64().unwrap().get(15);
    assert_eq!(total, Some(247_000.0));
    assert!(facts.column("verksamhetsomrade").unwrap().str().unwrap().get(15).is_none(), "the total");
    let path = read("prognosutveckling.parquet");
    assert_eq!(path.height(), 32, "16 rows at two forecast periods");
    let periods: Vec<Option<&str>> = path.column("prognosperiod").unwrap().str().unwrap().iter().collect();
    assert_eq!(&periods[..2], [Some("2015-08"), Some("2015-12")]);
}

#[test]
fn without_an_earlier_forecast_there_is_no_path_and_before_the_year_end_no_accuracy() {
    let w = malmo();
    let run = w.run(&["run", "--period", "2015-08"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let dir = w.path().join("output/2015-08");
    let names = calamine::open_workbook_auto(dir.join("bilaga-2015-08.xlsx")).unwrap();
    let names = calamine::Reader::sheet_names(&names);
    assert!(!names.iter().any(|n| n.starts_with("Prognos")), "{names:?}");
    let text = pdf_text(&dir.join("tertialrapport-2015-08.pdf"));
    assert!(text.contains("Delårsrapport augusti 2015") && !text.contains("Prognosutveckling"));
    // The facts hold this period's forecast, so that stacked periods give the path in BI.
    let bytes = fs_err::read(dir.join("data/prognosutveckling.parquet")).unwrap();
    let df = ParquetReader::new(std::io::Cursor::new(bytes)).finish().unwrap();
    assert_eq!(df.height(), 16);
    let bytes = fs_err::read(dir.join("data/prognossakerhet.parquet")).unwrap();
    assert_eq!(ParquetReader::new(std::io::Cursor::new(bytes)).finish().unwrap().height(), 0);
}

/// An economy workbook of one row per area: (area, budget, forecast, actual).
fn economy(w: &Work, period: &str, rows: &[(&'static str, f64, f64, Option<f64>)]) {
    let mut budget = vec![common::header("Budget")];
    let mut forecast = vec![vec![
        C::S("Verksamhetsområde"),
        C::S("Verksamhet"),
        C::S("Kostnadsslag"),
        C::S("Prognos"),
        C::S("Utfall"),
    ]];
    for (area, b, f, a) in rows {
        budget.push(vec![C::S(area), C::E, C::S("Övriga kostnader"), C::N(*b)]);
        forecast.push(vec![C::S(area), C::E, C::S("Övriga kostnader"), C::N(*f), a.map_or(C::E, C::N)]);
    }
    workbook(&w.input(period, "ekonomi.xlsx"), &[("Budget", false, budget), ("Prognos", false, forecast)]);
}

#[test]
fn an_area_new_in_the_autumn_has_empty_cells_before_and_a_folder_without_forecast_is_passed_over() {
    let w = Work::new();
    economy(&w, "2025-04", &[("BARN", 1000.0, 1010.0, None)]);
    // May holds only staff figures: no forecast, so no point on the path.
    workbook(
        &w.input("2025-05", "personal.xlsx"),
        &[(
            "Personal",
            false,
            vec![
                vec![
                    C::S("Verksamhetsområde"),
                    C::S("Kön"),
                    C::S("Antal personer"),
                    C::S("Antal årsarbetare"),
                ],
                vec![C::S("BARN"), C::S("Kvinna"), C::N(20.0), C::N(18.5)],
            ],
        )],
    );
    economy(&w, "2025-09", &[("BARN", 1000.0, 1030.0, None), ("VUXEN", 500.0, 480.0, None)]);
    economy(&w, "2025-12", &[("BARN", 1000.0, 1025.5, Some(1022.25)), ("VUXEN", 500.0, 470.0, Some(471.0))]);
    let run = w.run(&["run", "--period", "2025-12"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let annex = w.path().join("output/2025-12/bilaga-2025-12.xlsx");
    let path = rows(&sheet(&annex, "Prognosutveckling"));
    let months: Vec<(&str, &str)> = path.iter().map(|(a, m, _)| (a.as_str(), m.as_str())).collect();
    assert_eq!(
        months,
        [
            ("BARN", "april 2025"),
            ("BARN", "september 2025"),
            ("BARN", "december 2025"),
            ("VUXEN", "september 2025"),
            ("VUXEN", "december 2025"),
            ("Summa", "april 2025"),
            ("Summa", "september 2025"),
            ("Summa", "december 2025"),
        ]
    );
    // BARN: −10 in April, −30 in September (a change of −20), −25,5 in December.
    assert_eq!(path[1].2, [Some(1000.0), Some(1030.0), Some(-30.0), Some(-20.0)]);
    assert_eq!(path[2].2[2..], [Some(-25.5), Some(4.5)]);
    // VUXEN's first point has no change: there is nothing before it.
    assert_eq!(path[3].2[3], None);
    let accuracy = rows(&sheet(&annex, "Prognossäkerhet"));
    // VUXEN had no April forecast: that row has its outcome and no forecast, never 0.
    let vuxen_april = accuracy.iter().find(|(a, m, _)| a == "VUXEN" && m == "april 2025").unwrap();
    assert_eq!(vuxen_april.2, [None, None, Some(471.0), Some(29.0), None]);
    // BARN's September forecast 1 030 against the outcome 1 022,25: +7,75 (better than forecast).
    let barn_sept = accuracy.iter().find(|(a, m, _)| a == "BARN" && m == "september 2025").unwrap();
    assert_eq!(barn_sept.2[4], Some(7.75));
}
