//! A period after any month (issue "The year's rhythm"): `YYYY-MM` folders, the same figures as
//! the tertial folders of the same months, the titles from the register, history found whatever
//! the folders are named.

mod common;

use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};
use common::{copy_dir, pdf_text, row_numbers, sheet, workbook, Work, C};
use polars::prelude::*;

/// The sample input's two periods, and a year-end made of the second's files, under `names`
/// (T1, T2, T3 or 04, 08, 12).
fn sample_year(w: &Work, names: [&str; 3]) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    copy_dir(&sample.join("2025-T1"), &w.path().join("input").join(names[0]));
    copy_dir(&sample.join("2025-T2"), &w.path().join("input").join(names[1]));
    copy_dir(&sample.join("2025-T2"), &w.path().join("input").join(names[2]));
    let register = Path::new(env!("CARGO_MANIFEST_DIR")).join("tertial.toml");
    fs_err::copy(register, w.path().join("tertial.toml")).unwrap();
}

/// A text of the month folders' outputs as the tertial folders' would say it.
fn as_tertials(s: &str) -> String {
    s.replace("2025-04", "2025-T1")
        .replace("2025-08", "2025-T2")
        .replace("2025-12", "2025-T3")
        .replace("Månadsrapport", "Tertialrapport")
        .replace("månadsrapport", "tertialrapport")
}

/// Every cell of every sheet of an annex, as text.
fn annex_cells(path: &Path) -> Vec<(String, usize, usize, String)> {
    let mut wb = open_workbook_auto(path).unwrap();
    let mut cells = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let text = match cell {
                    Data::String(s) => as_tertials(s),
                    other => format!("{other:?}"),
                };
                cells.push((name.clone(), r, c, text));
            }
        }
    }
    cells
}

fn facts(dir: &Path) -> Vec<(String, DataFrame)> {
    let mut names: Vec<PathBuf> =
        fs_err::read_dir(dir.join("data")).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    names
        .into_iter()
        .map(|p| {
            let df = ParquetReader::new(std::io::Cursor::new(fs_err::read(&p).unwrap())).finish().unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), df)
        })
        .collect()
}

#[test]
fn tertial_and_month_folders_of_the_same_months_give_the_same_figures() {
    let (t, m) = (Work::new(), Work::new());
    sample_year(&t, ["2025-T1", "2025-T2", "2025-T3"]);
    sample_year(&m, ["2025-04", "2025-08", "2025-12"]);
    for (tp, mp) in [("2025-T1", "2025-04"), ("2025-T2", "2025-08"), ("2025-T3", "2025-12")] {
        let rt = t.run(&["run", "--period", tp]);
        let rm = m.run(&["run", "--period", mp]);
        assert_eq!((rt.code, rm.code), (0, 0), "{}{}\n{}{}", rt.stdout, rt.stderr, rm.stdout, rm.stderr);
        let (dt, dm) = (t.path().join("output").join(tp), m.path().join("output").join(mp));

        let (at, am) = (
            annex_cells(&dt.join(format!("bilaga-{tp}.xlsx"))),
            annex_cells(&dm.join(format!("bilaga-{mp}.xlsx"))),
        );
        assert!(at.len() > 300, "{tp}: the annex has its cells ({})", at.len());
        assert_eq!(at, am, "{tp} and {mp}: the annexes differ");

        let pt = pdf_text(&dt.join(format!("tertialrapport-{tp}.pdf")));
        let pm = pdf_text(&dm.join(format!("tertialrapport-{mp}.pdf")));
        assert!(pm.contains("Månadsrapport"), "{mp}: the month folder's default title");
        // Word for word: the layout's spacing follows the title's width.
        let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(words(&pt), words(&as_tertials(&pm)), "{tp} and {mp}: the reports' texts differ");

        let (ft, fm) = (facts(&dt), facts(&dm));
        assert_eq!(ft.len(), fm.len());
        for ((nt, a), (nm, b)) in ft.iter().zip(&fm) {
            assert_eq!(nt, nm);
            if b.height() > 0 {
                let period = b.column("period").unwrap().str().unwrap().get(0).map(str::to_string);
                assert_eq!(period.as_deref(), Some(mp), "{nm}: the period column says the folder");
            }
            // The folders' names aside (`prognosmanad` says the months).
            let names = |df: &DataFrame| {
                df.get_column_names()
                    .into_iter()
                    .filter(|n| !n.contains("period"))
                    .cloned()
                    .collect::<Vec<_>>()
            };
            let (a, b) = (a.select(names(a)).unwrap(), b.select(names(b)).unwrap());
            assert!(a.equals_missing(&b), "{tp} and {mp}: {nt} differs\n{a}\n{b}");
        }
    }
}

#[test]
fn two_folders_for_the_same_months_are_a_configuration_error_naming_both() {
    let w = Work::new();
    common::clean_economy(&w, "2025-04", "ekonomi.xlsx");
    common::clean_economy(&w, "2025-T1", "ekonomi.xlsx");
    for args in [&["run"][..], &["check"], &["run", "--period", "2025-04"]] {
        let run = w.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        let said = format!("{}{}", run.stdout, run.stderr);
        assert!(
            said.contains("2025-04") && said.contains("2025-T1") && said.contains("samma månader"),
            "{said}"
        );
    }
}

#[test]
fn a_period_asked_for_by_its_other_name_finds_its_folder() {
    let w = Work::new();
    common::clean_economy(&w, "2025-T1", "ekonomi.xlsx");
    let run = w.run(&["run", "--period", "2025-04"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(w.path().join("output/2025-T1/bilaga-2025-T1.xlsx").is_file());
}

#[test]
fn malformed_month_folders_are_refused_with_the_forms_named() {
    let w = Work::new();
    common::clean_economy(&w, "2025-10", "ekonomi.xlsx");
    for bad in ["2025-13", "2025-00", "2025-1"] {
        let run = w.run(&["run", "--period", bad]);
        assert_eq!(run.code, 2, "{bad}");
        assert!(run.stderr.contains("ÅÅÅÅ-MM"), "{bad}: {}", run.stderr);
    }
}

/// One economy workbook: BARN / Förskola personnel, budget 1 000 tkr, the forecast given, the
/// actual to date given.
fn barn(w: &Work, period: &str, forecast: f64, actual: f64) {
    let budget = common::budget_rows(&[("BARN", "Förskola", "Personalkostnader", C::N(1000.0))]);
    let prognos = vec![
        vec![
            C::S("Verksamhetsområde"),
            C::S("Verksamhet"),
            C::S("Kostnadsslag"),
            C::S("Prognos"),
            C::S("Utfall"),
        ],
        vec![C::S("BARN"), C::S("Förskola"), C::S("Personalkostnader"), C::N(forecast), C::N(actual)],
    ];
    workbook(&w.input(period, "ekonomi.xlsx"), &[("Budget", false, budget), ("Prognos", false, prognos)]);
}

#[test]
fn a_month_between_tertials_compares_with_the_previous_forecast_and_last_year() {
    let w = Work::new();
    barn(&w, "2024-10", 990.0, 800.0);
    barn(&w, "2024-T3", 995.0, 1010.0);
    barn(&w, "2025-T2", 1030.0, 600.0);
    barn(&w, "2025-10", 1050.0, 820.0);
    let run = w.run(&["run"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let dir = w.path().join("output/2025-10");
    let drift = sheet(&dir.join("bilaga-2025-10.xlsx"), "Driftredovisning");
    let headings: Vec<String> = drift.rows().nth(2).unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(
        headings[1..],
        [
            "Budget",
            "Prognos",
            "Avvikelse",
            "Utfall",
            "Utfall 2024 samma period",
            "Förändring utfall",
            "Bokslut 2024"
        ],
        "{headings:?}"
    );
    // Budget 1 000, forecast 1 050, deviation −50, actual 820 against 800 in October 2024, and the
    // bokslut 1 010 of 2024-T3.
    assert_eq!(row_numbers(&drift, "Personalkostnader"), [1000.0, 1050.0, -50.0, 820.0, 800.0, 20.0, 1010.0]);
    let text = pdf_text(&dir.join("tertialrapport-2025-10.pdf"));
    assert!(text.contains("Månadsrapport oktober 2025"), "{text}");
    // The previous forecast is August's (2025-T2): deviation −30, now −50, a change of −20.
    assert!(text.contains("Förändring sedan prognosen i augusti"), "{text}");
}

#[test]
fn the_register_names_the_report_of_a_month() {
    let w = Work::new();
    fs_err::write(
        w.path().join("tertial.toml"),
        format!("{}\n[titles]\n\"08\" = \"Delårsrapport\"\n\"12\" = \"Årsredovisning\"\n", common::NAMES),
    )
    .unwrap();
    barn(&w, "2025-T2", 1030.0, 600.0);
    barn(&w, "2025-09", 1040.0, 700.0);
    for (period, title) in
        [("2025-T2", "Delårsrapport augusti 2025"), ("2025-09", "Månadsrapport september 2025")]
    {
        let run = w.run(&["run", "--period", period]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        let dir = w.path().join("output").join(period);
        assert!(pdf_text(&dir.join(format!("tertialrapport-{period}.pdf"))).contains(title), "{period}");
        let summary = sheet(&dir.join(format!("bilaga-{period}.xlsx")), "Sammanfattning");
        assert!(summary.rows().flatten().any(|c| c.to_string().starts_with(title)), "{period}: {title}");
        let status = fs_err::read_to_string(w.path().join(format!("output/status-{period}.html"))).unwrap();
        assert!(status.contains(title.split(' ').next().unwrap()), "{period}: the status page's title");
    }
}

#[test]
fn a_title_for_no_month_is_a_configuration_error() {
    let w = Work::new();
    fs_err::write(w.path().join("tertial.toml"), "[titles]\n\"13\" = \"Delårsrapport\"\n").unwrap();
    common::clean_economy(&w, "2025-08", "ekonomi.xlsx");
    let run = w.run(&["run"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("[titles] \"13\" är ingen månad"), "{}", run.stderr);
}
