//! The annex as it prints: page setup, print titles, footer and outline
//! settings read back from the sheets' XML.

mod common;

use std::io::Read;

/// The XML parts of an xlsx file, by name.
fn parts(path: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(fs_err::read(path).unwrap())).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = String::new();
        if name.to_ascii_lowercase().ends_with(".xml") && f.read_to_string(&mut text).is_ok() {
            out.insert(name, text);
        }
    }
    out
}

#[test]
fn every_sheet_prints_one_page_wide_on_a4_with_a_footer() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(common::run_kalmar(out.path()).code, 0);
    let xml = parts(&out.path().join("2022-T2/bilaga-2022-T2.xlsx"));
    let sheets: Vec<(&String, &String)> =
        xml.iter().filter(|(n, _)| n.starts_with("xl/worksheets/sheet")).collect();
    assert_eq!(sheets.len(), 10);
    for (name, text) in &sheets {
        assert!(text.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{name}");
        assert!(text.contains("paperSize=\"9\""), "{name}");
        assert!(text.contains("fitToHeight=\"0\""), "{name}");
        assert!(
            text.contains("<oddFooter>&amp;L&amp;A&amp;RSida &amp;P av &amp;N</oddFooter>"),
            "{name}: {text}"
        );
    }
    let landscape = sheets.iter().filter(|(_, t)| t.contains("orientation=\"landscape\"")).count();
    assert!(landscape >= 6, "{landscape}");
    // Print titles: the header rows of every sheet but the summary.
    let workbook = &xml["xl/workbook.xml"];
    assert_eq!(workbook.matches("_xlnm.Print_Titles").count(), 9, "{workbook}");
    assert!(workbook.contains("Driftredovisning!$3:$3"), "{workbook}");
    // Verksamhet (sheet 3): the outline's buttons on the area rows above
    // their activities, and the chart on a printed page of its own.
    let verksamhet = &xml["xl/worksheets/sheet3.xml"];
    assert!(verksamhet.contains("summaryBelow=\"0\""), "{verksamhet}");
    assert!(verksamhet.contains("<rowBreaks"), "{verksamhet}");
}

#[test]
fn the_area_chart_lists_the_areas_in_the_tables_order() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(common::run_kalmar(out.path()).code, 0);
    let xml = parts(&out.path().join("2022-T2/bilaga-2022-T2.xlsx"));
    let bar = xml
        .iter()
        .find(|(n, t)| n.starts_with("xl/charts/") && t.contains("<c:barChart>"))
        .map(|(_, t)| t)
        .unwrap();
    // The category axis of a bar chart is reversed: top to bottom as in
    // the table.
    assert!(bar.contains("<c:orientation val=\"maxMin\"/>"), "{bar}");
}

#[test]
fn indicator_numbers_have_no_dangling_decimal_mark() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(common::run_kalmar(out.path()).code, 0);
    let xml = parts(&out.path().join("2022-T2/bilaga-2022-T2.xlsx"));
    let styles = &xml["xl/styles.xml"];
    assert!(!styles.contains("0.##"), "{styles}");
    assert!(styles.contains("#,##0.0#"), "{styles}");
}

/// Printed as a committee member prints it: LibreOffice (installed by
/// scripts/test) turns the annex into a PDF of a dozen pages — not the 32
/// of a sheet without page setup — each page's footer naming its sheet
/// and "Sida N av M".
#[test]
fn the_annex_prints_on_few_pages_with_footers() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(common::run_kalmar(out.path()).code, 0);
    let annex = out.path().join("2022-T2/bilaga-2022-T2.xlsx");
    let profile = format!("-env:UserInstallation=file://{}", out.path().join("lo-profile").display());
    let dir = out.path().to_str().unwrap();
    common::tool(
        "soffice",
        &[&profile, "--headless", "--convert-to", "pdf", "--outdir", dir, annex.to_str().unwrap()],
    );
    let pdf = out.path().join("bilaga-2022-T2.pdf");
    let info = common::tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let pages: usize =
        info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).unwrap();
    assert!((10..=14).contains(&pages), "{pages} pages");
    let text = common::pdf_text(&pdf);
    assert!(text.contains(&format!("Sida 1 av {pages}")), "{text}");
    for sheet in ["Sammanfattning", "Driftredovisning", "Verksamhet", "Sjukfrånvaro", "Kontroller"] {
        assert!(text.contains(sheet), "{sheet}");
    }
}

/// Every character of every page of `annex` printed by LibreOffice, at its printed size: (page,
/// smallest size in pt, the text at that size), by `tests/py/print_sizes.py` (pdfminer.six).
fn printed_sizes(annex: &std::path::Path, work: &std::path::Path) -> Vec<(usize, f64, String)> {
    let profile = format!("-env:UserInstallation=file://{}", work.join("lo-profile").display());
    let dir = work.to_str().unwrap();
    common::tool(
        "soffice",
        &[&profile, "--headless", "--convert-to", "pdf", "--outdir", dir, annex.to_str().unwrap()],
    );
    let pdf = work.join(annex.file_name().unwrap()).with_extension("pdf");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/py/print_sizes.py");
    let out = common::tool("python3", &[script.to_str().unwrap(), pdf.to_str().unwrap()]);
    out.lines()
        .map(|l| {
            let mut parts = l.splitn(3, ' ');
            let page = parts.next().unwrap().parse().unwrap();
            let size = parts.next().unwrap().parse().unwrap();
            (page, size, parts.next().unwrap_or("").to_string())
        })
        .collect()
}

/// Issue "The year's rhythm": printed from LibreOffice, no character of the annex is below 8 pt
/// (Indikatorer printed at 3.6 pt, Kontroller 5.5, Underlag 6.0, Investeringar 6.9 before).
#[test]
fn regression_every_printed_page_of_the_kalmar_annex_is_8_pt_or_more() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(common::run_kalmar(out.path()).code, 0);
    let sizes = printed_sizes(&out.path().join("2022-T2/bilaga-2022-T2.xlsx"), out.path());
    assert!(sizes.len() >= 10, "{sizes:?}");
    let small: Vec<_> = sizes.iter().filter(|(_, s, _)| *s < 8.0).collect();
    assert!(small.is_empty(), "pages printed below 8 pt: {small:?}");
}

/// A year-end annex with the forecast sheets, indicators with earlier years' outcomes, actions,
/// files and checks: every page at 8 pt or more.
#[test]
fn every_printed_page_of_a_year_end_annex_is_8_pt_or_more() {
    let w = common::Work::new();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    common::copy_dir(&sample.join("2025-T1"), &w.path().join("input/2025-04"));
    common::copy_dir(&sample.join("2025-T2"), &w.path().join("input/2025-08"));
    common::copy_dir(&sample.join("2025-T2"), &w.path().join("input/2025-12"));
    let register = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tertial.toml");
    fs_err::copy(register, w.path().join("tertial.toml")).unwrap();
    let run = w.run(&["run", "--period", "2025-12"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let annex = w.path().join("output/2025-12/bilaga-2025-12.xlsx");
    let names = calamine::Reader::sheet_names(&calamine::open_workbook_auto(&annex).unwrap());
    assert!(
        names.contains(&"Prognosutveckling".to_string()) && names.contains(&"Prognossäkerhet".to_string())
    );
    let sizes = printed_sizes(&annex, w.path());
    let small: Vec<_> = sizes.iter().filter(|(_, s, _)| *s < 8.0).collect();
    assert!(small.is_empty(), "pages printed below 8 pt: {small:?}");
}
