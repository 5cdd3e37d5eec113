//! The status page, `output/status-<period>.html`: what a clerk opens in
//! the morning. Its outcome, its files and areas, its links, its bytes, and
//! its accessibility (axe-core in headless Chromium, installed by
//! scripts/test, in light and dark colour schemes).

mod common;

use std::path::{Path, PathBuf};

const P: &str = "2022-T2";

fn page(w: &common::Work) -> String {
    fs_err::read_to_string(w.path().join("output/status-2022-T2.html")).unwrap()
}

fn published(w: &common::Work) -> Vec<(String, Vec<u8>)> {
    let dir = w.path().join("output/2022-T2");
    let mut files: Vec<(String, Vec<u8>)> = walk(&dir)
        .into_iter()
        .map(|p| (p.strip_prefix(&dir).unwrap().display().to_string(), fs_err::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs_err::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Breaks the Budget cell D5 of ekonomi-01.xlsx: a number typed with a
/// letter in it.
fn break_a_cell(w: &common::Work) {
    common::edit_xlsx(
        &w.input(P, "ekonomi-01.xlsx"),
        "<c r=\"D5\" t=\"n\"><v>31771.4</v></c>",
        "<c r=\"D5\" t=\"inlineStr\"><is><t>31 771,4x</t></is></c>",
    );
}

#[test]
fn a_valid_corpus_says_so_and_lists_every_file() {
    let w = common::kalmar_work();
    let run = w.run(&["run"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let html = page(&w);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
    assert!(html.contains("Inga fel — rapporten är uppdaterad"), "{html}");
    for i in 1..=5 {
        assert!(html.contains(&format!("<th scope=\"row\">ekonomi-0{i}.xlsx</th>")), "{html}");
    }
    for f in ["investeringar.xlsx", "kvalitet.xlsx", "personal.xlsx"] {
        assert!(html.contains(&format!("<th scope=\"row\">{f}</th>")), "{f}");
    }
    assert!(html.contains("<a href=\"2022-T2/tertialrapport-2022-T2.pdf\">"), "{html}");
    assert!(html.contains("<a href=\"2022-T2/bilaga-2022-T2.xlsx\">"), "{html}");
    // Self-contained: no script, no address to fetch anything from.
    assert!(!html.contains("<script") && !html.contains("http:") && !html.contains("https:"));
    assert!(!html.contains("<link"));
}

#[test]
fn a_broken_cell_is_named_and_the_published_set_stays_as_it_was() {
    let w = common::kalmar_work();
    assert_eq!(w.run(&["run"]).code, 0);
    let before = published(&w);
    break_a_cell(&w);
    let run = w.run(&["run"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let html = page(&w);
    assert!(html.contains("1 fel i 1 fil — rapporten har inte uppdaterats sedan underlaget per "), "{html}");
    assert!(html.contains("<h3>ekonomi-01.xlsx</h3>"), "{html}");
    assert!(html.contains("<td class=\"where\">Budget!D5</td>"), "{html}");
    assert!(html.contains("&quot;31 771,4x&quot; är inte ett tal"), "{html}");
    assert_eq!(published(&w), before, "the published set changed");
    // A rerun gives the same bytes; so does `check --status`.
    let again = w.run(&["run"]);
    assert_eq!(again.code, 1);
    assert_eq!(page(&w), html);
    let check = w.run(&["check", "--status", "output/kontroll.html"]);
    assert_eq!(check.code, 1);
    let checked = fs_err::read_to_string(w.path().join("output/kontroll.html")).unwrap();
    assert_eq!(checked, html);
}

#[test]
fn an_area_without_a_forecast_is_shown_missing() {
    let w = common::Work::new();
    common::economy(&w, P, "a.xlsx", &[("BARN", "", "Personalkostnader", common::C::N(10.0))], &[]);
    common::economy(
        &w,
        P,
        "b.xlsx",
        &[("VUXEN", "", "Personalkostnader", common::C::N(10.0))],
        &[("VUXEN", "", "Personalkostnader", common::C::N(10.0))],
    );
    assert_eq!(w.run(&["run"]).code, 1);
    let html = page(&w);
    let barn = html.split("<th scope=\"row\">BARN</th>").nth(1).unwrap();
    let barn = barn.split("</tr>").next().unwrap();
    assert_eq!(barn, "<td class=\"ok\">Finns</td><td class=\"fail\">Saknas</td>", "{html}");
}

#[test]
fn axe_core_finds_no_violation_in_light_or_dark() {
    let ok = common::kalmar_work();
    assert_eq!(ok.run(&["run"]).code, 0);
    let bad = common::kalmar_work();
    assert_eq!(bad.run(&["run"]).code, 0);
    break_a_cell(&bad);
    assert_eq!(bad.run(&["run"]).code, 1);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("status-screenshots");
    fs_err::create_dir_all(&shots).unwrap();
    let good_page = ok.path().join("output/status-2022-T2.html");
    let bad_page = bad.path().join("output/status-fel.html");
    fs_err::copy(bad.path().join("output/status-2022-T2.html"), &bad_page).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/axe.mjs");
    let text = common::tool(
        "node",
        &[
            script.to_str().unwrap(),
            shots.to_str().unwrap(),
            good_page.to_str().unwrap(),
            bad_page.to_str().unwrap(),
        ],
    );
    assert_eq!(text.matches(": 0 violations").count(), 4, "{text}");
}
