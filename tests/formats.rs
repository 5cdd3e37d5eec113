//! Every workbook format calamine reads: .xlsx, .xlsm, .xls and .ods give
//! the same figures, also under another format's ending. (.xlsb goes through the same streaming reader as
//! .xlsx; no writer for it is at hand, so it is covered by the hostile
//! input suite only.)

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::Work;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats").join(name)
}

fn result_row(w: &Work) -> Vec<f64> {
    let mut wb: Xlsx<_> = open_workbook(w.path().join("output/2022-T2/bilaga-2022-T2.xlsx")).unwrap();
    let s = wb.worksheet_range("Driftredovisning").unwrap();
    let row = s.rows().find(|r| r[0] == Data::String("Summa RESULTAT".into())).unwrap();
    row[1..4]
        .iter()
        .map(|d| match d {
            Data::Float(f) => *f,
            _ => f64::NAN,
        })
        .collect()
}

#[test]
fn xls_ods_xlsm_and_xlsx_give_the_same_figures() {
    let mut results = Vec::new();
    // Also each saved under another format's ending, as a clerk renaming
    // a file makes it: the bytes say what it is.
    let files = [
        ("ekonomi.ods", "ekonomi.ods"),
        ("ekonomi.xls", "ekonomi.xls"),
        ("ekonomi.xls", "egentligen-xls.xlsx"),
        ("ekonomi.ods", "egentligen-ods.xls"),
    ];
    for (source, name) in files {
        let w = Work::new();
        fs_err::create_dir_all(w.input("2022-T2", "")).unwrap();
        fs_err::copy(fixture(source), w.input("2022-T2", name)).unwrap();
        let run = w.run(&["run"]);
        assert_eq!(run.code, 0, "{name}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains("1 fil lästa; 0 fel"), "{name}: {}", run.stdout);
        results.push((name, result_row(&w)));
    }
    // The same content as .xlsx and as .xlsm (an xlsx with macros enabled).
    for name in ["ekonomi.xlsx", "ekonomi.xlsm", "egentligen-xlsx.xls"] {
        let w = Work::new();
        common::economy(
            &w,
            "2022-T2",
            "tmp.xlsx",
            &[
                ("VUXEN", "Gemensamt vuxen", "Intäkter", common::C::N(-1175.0)),
                ("VUXEN", "Gemensamt vuxen", "Personalkostnader", common::C::S("5 824,4")),
            ],
            &[
                ("VUXEN", "Gemensamt vuxen", "Intäkter", common::C::N(-1213.0)),
                ("VUXEN", "Gemensamt vuxen", "Personalkostnader", common::C::N(5549.4)),
            ],
        );
        fs_err::rename(w.input("2022-T2", "tmp.xlsx"), w.input("2022-T2", name)).unwrap();
        let run = w.run(&["run"]);
        assert_eq!(run.code, 0, "{name}: {}{}", run.stdout, run.stderr);
        results.push((name, result_row(&w)));
    }
    for (name, r) in &results {
        let shown: Vec<String> = r.iter().map(|v| tertial::format::number(*v, 1)).collect();
        assert_eq!(shown, ["4\u{a0}649,4", "4\u{a0}336,4", "313,0"], "{name}");
    }
}
