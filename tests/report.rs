//! The PDF report: every figure of the Kalmar fixture's EXPECTED.md in
//! Swedish format, the sections, the footer, tagging, embedded fonts,
//! determinism, template overrides and the preliminary band.

mod common;

use std::path::{Path, PathBuf};

use common::{pdf_text as text, tool, Work, C};

fn run_kalmar(out: &Path) -> PathBuf {
    let run = common::run_kalmar(out);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    out.join("2022-T2/tertialrapport-2022-T2.pdf")
}

/// True when the figures stand on one line, in order, separated by space.
fn has_row(text: &str, figures: &[&str]) -> bool {
    let pattern: Vec<String> = figures.iter().map(|f| format!(" {f}")).collect();
    text.lines().any(|l| {
        let mut rest = format!(" {}", l.split_whitespace().collect::<Vec<_>>().join(" "));
        for p in &pattern {
            match rest.find(p.as_str()) {
                Some(i) if rest[i + p.len()..].is_empty() || rest[i + p.len()..].starts_with(' ') => {
                    rest = rest[i + p.len()..].to_string();
                }
                _ => return false,
            }
        }
        true
    })
}

#[test]
fn kalmar_report_shows_every_figure_of_expected_md() {
    let out = tempfile::tempdir().unwrap();
    let pdf = run_kalmar(out.path());
    let t = text(&pdf);
    let rows: &[&[&str]] = &[
        // Driftredovisning by cost type.
        &["−77 174", "−82 599", "5 425"],
        &["637 522", "629 622", "7 900"],
        &["73 101", "73 601", "−500"],
        &["1 760", "1 760", "0"],
        &["273 227", "298 752", "−25 525"],
        &["985 610", "1 003 735", "−18 125"],
        &["908 436", "921 136", "−12 700"],
        // By activity.
        &["75 452", "58 877", "16 575"],
        &["207 870", "221 970", "−14 100"],
        &["13 569", "13 169", "400"],
        &["140 271", "155 471", "−15 200"],
        &["3 947", "3 747", "200"],
        &["50 083", "49 583", "500"],
        &["374 733", "378 133", "−3 400"],
        &["19 139", "19 539", "−400"],
        &["355 594", "358 594", "−3 000"],
        &["17 956", "18 931", "−975"],
        &["232 425", "243 225", "−10 800"],
        &["13 830", "13 530", "300"],
        &["34 566", "43 816", "−9 250"],
        &["132 919", "132 119", "800"],
        &["50 210", "52 860", "−2 650"],
        &["900", "900", "0"],
        // Investments.
        &["Utgifter", "1 400", "1 400", "0"],
        &["Summa NETTOINVESTERINGAR", "1 400", "1 400", "0"],
        // Staff.
        &["Kvinnor", "760", "756,7", "773", "768,7"],
        &["Män", "252", "250,3", "259", "258,2"],
        &["Totalt", "1 012", "1 006,9", "1 032", "1 026,8"],
        // Sick leave.
        &["Kvinnor", "8,79", "9,65", "8,02", "8,26"],
        &["Män", "4,09", "6,12", "5,05", "5,58"],
        &["Totalt", "7,57", "8,73", "7,24", "7,54"],
    ];
    for r in rows {
        assert!(has_row(&t, r), "no line with {r:?} in\n{t}");
    }
    for label in [
        "Intäkter",
        "Summa KOSTNADER",
        "Summa RESULTAT",
        "LEDNINGS- O STÖDFUNKTIONER",
        "Summa",
        "−12,7 mnkr",
        "Antal långtidssjukskrivna 2022: 49 (2021: 54).",
        "januari–juli",
    ] {
        assert!(t.contains(label), "{label} missing");
    }
    assert!(!t.contains("1 007,0"), "rounded before summing");
    assert!(!t.contains("mkr "), "never mkr");
    for section in [
        "Innehåll",
        "Sammanfattning",
        "Väsentliga händelser",
        "Prognos",
        "Driftredovisning per kostnadsslag, tkr",
        "Driftredovisning per verksamhet, tkr",
        "Investeringsredovisning",
        "Väsentliga personalförhållanden",
        "Personalsammansättning",
        "Sjukfrånvaro",
        "Måluppföljning",
        "Åtgärder",
    ] {
        assert!(t.lines().any(|l| l.trim() == section), "section {section} missing");
    }
    let pages: usize = tool("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap();
    assert!(t.contains(&format!("Sida 2 av {pages}")), "footer missing");
    // Goals: the assessment as a word beside its symbol.
    for (goal, word) in [
        ("Kunskapsbaserad vård och omsorg", "Delvis uppfyllt"),
        ("Effektiv vård och omsorg", "Ej uppfyllt"),
        ("Individanpassad vård och omsorg", "Uppfyllt"),
        ("Ett föredöme som arbetsgivare", "Ej utvärderad"),
    ] {
        let at = t.find(&format!("{goal}\n")).unwrap_or_else(|| panic!("{goal}"));
        let next = &t[at..];
        let line = next.lines().find(|l| l.contains("Bedömning:")).unwrap();
        assert!(line.contains(word), "{goal}: {line}");
    }
    assert!(t.contains("Kvinnor 37,5 %, män 30,1 %"), "gender-split outcome");
}

#[test]
fn report_is_tagged_swedish_with_every_font_embedded() {
    let out = tempfile::tempdir().unwrap();
    let pdf = run_kalmar(out.path());
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.lines().any(|l| l.starts_with("Tagged:") && l.ends_with("yes")), "{info}");
    assert!(
        info.contains("Title:           Tertialrapport augusti 2022 – Socialnämnden, Kalmar kommun"),
        "{info}"
    );
    assert!(info.contains("Subject:"), "{info}");
    assert!(info.contains("Page size:       595.276 x 841.89 pts (A4)"), "{info}");
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for r in rows {
        let cols: Vec<&str> = r.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "not embedded: {r}");
    }
    let bytes = fs_err::read(&pdf).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("/Lang (sv") || raw.contains("/Lang(sv"), "document language sv");
}

#[test]
fn two_runs_give_byte_identical_pdfs() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let x = fs_err::read(run_kalmar(a.path())).unwrap();
    let y = fs_err::read(run_kalmar(b.path())).unwrap();
    assert!(x == y, "the PDFs differ");
}

#[test]
fn an_overriding_template_is_used_and_its_errors_are_located() {
    let w = common::Work::new();
    common::workbook(
        &w.input("2022-T2", "e.xlsx"),
        &[
            ("Budget", false, common::budget_rows(&[("A", "", "Intäkter", common::C::N(-1.0))])),
            ("Prognos", false, common::forecast_rows(&[("A", "", "Intäkter", common::C::N(-1.0))])),
        ],
    );
    fs_err::create_dir_all(w.path().join("templates")).unwrap();
    fs_err::write(
        w.path().join("templates/rapport.typ"),
        "#let d = json(\"data.json\")\n#set document(title: d.title)\n#set text(lang: \"sv\")\n= Egen mall\nResultat: #d.by_cost_type.last().deviation tkr\n",
    )
    .unwrap();
    let run = w.run(&["run"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let t = text(&w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf"));
    assert!(t.contains("Egen mall"), "{t}");
    assert!(t.contains("Resultat: 0 tkr"), "{t}");

    fs_err::write(w.path().join("trasig.typ"), "#let d = json(\"data.json\")\n= Rubrik\n#d.finns_inte\n")
        .unwrap();
    let before = fs_err::read(w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf")).unwrap();
    let run = w.run(&["run", "--template", "trasig.typ"]);
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("trasig.typ:3:"), "{}", run.stderr);
    assert!(run.stderr.contains("finns_inte"), "{}", run.stderr);
    assert_eq!(fs_err::read(w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf")).unwrap(), before);
}

#[test]
fn partial_report_has_the_band_on_every_page_and_lists_the_problems() {
    let w = common::Work::new();
    common::workbook(
        &w.input("2022-T2", "e.xlsx"),
        &[
            (
                "Budget",
                false,
                common::budget_rows(&[
                    ("A", "", "Intäkter", common::C::N(-1.0)),
                    ("A", "", "Lokalkostnader", common::C::S("12 4OO")),
                ]),
            ),
            ("Prognos", false, common::forecast_rows(&[("A", "", "Intäkter", common::C::N(-1.0))])),
        ],
    );
    let run = w.run(&["run", "--allow-partial"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let pdf = w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf");
    let t = text(&pdf);
    let pages: Vec<&str> = t.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(pages.len() >= 3);
    for (i, p) in pages.iter().enumerate() {
        assert!(p.contains("Preliminär – ofullständigt underlag"), "page {} has no band", i + 1);
    }
    assert!(t.contains("Problem i underlaget"));
    assert!(t.contains("\"12 4OO\" är inte ett tal"), "{t}");
}

#[test]
fn sample_report_states_the_change_since_the_previous_forecast() {
    let out = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = common::tertial(repo, &["run", "--output", out.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let t = text(&out.path().join("2025-T2/tertialrapport-2025-T2.pdf"));
    assert!(
        t.contains("Avvikelsen har förändrats med −1,9 mnkr sedan prognosen efter april (2025-T1)."),
        "{t}"
    );
}

#[test]
fn has_row_can_fail() {
    assert!(has_row("Kvinnor   8,79   9,65", &["Kvinnor", "8,79", "9,65"]));
    assert!(!has_row("a 1 2 3", &["1", "3", "2"]));
    assert!(!has_row("LEDNING 18 931", &["8 931"]));
    assert!(!has_row("x 1 2\ny 3", &["2", "3"]));
}

/// A working folder whose economy workbook has `n` areas.
fn areas(n: usize) -> common::Work {
    use common::C;
    let w = common::Work::new();
    let names: Vec<String> = (1..=n).map(|i| format!("Område {i:02}")).collect();
    let mut budget = vec![common::header("Budget")];
    let mut forecast = vec![common::header("Prognos")];
    for (i, name) in names.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let amount = 100.0 + i as f64;
        budget.push(vec![C::T(name.clone()), C::E, C::S("Övriga kostnader"), C::N(amount)]);
        forecast.push(vec![C::T(name.clone()), C::E, C::S("Övriga kostnader"), C::N(amount + 1.0)]);
    }
    common::workbook(
        &w.input("2022-T2", "ekonomi.xlsx"),
        &[("Budget", false, budget), ("Prognos", false, forecast)],
    );
    // Area i has 10 + i % sick leave, in a group of 20 employees.
    let sick = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            #[allow(clippy::cast_precision_loss)]
            let hours = 10.0 + i as f64;
            vec![C::T(name.clone()), C::S("2022-01"), C::S("Kvinna"), C::N(100.0), C::N(hours), C::N(20.0)]
        })
        .collect();
    common::sick_sheet(&w, sick);
    w
}

#[test]
fn the_small_group_footnote_is_about_the_rows_shown() {
    use common::C;
    for (n, listed) in [(20, true), (21, false)] {
        let w = areas(n);
        // Område 01 has 5 employees: shown as "–" when the areas are listed.
        let sick = (1..=n)
            .map(|i| {
                vec![
                    C::T(format!("Område {i:02}")),
                    C::S("2022-01"),
                    C::S("Kvinna"),
                    C::N(100.0),
                    C::N(10.0),
                    C::N(if i == 1 { 5.0 } else { 20.0 }),
                ]
            })
            .collect();
        common::sick_sheet(&w, sick);
        let run = w.run(&["run"]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        let t = text(&w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf"));
        assert_eq!(has_row(&t, &["Område 01", "–"]), listed, "{n} areas");
        assert_eq!(t.contains("Grupper med 10 anställda eller färre redovisas inte"), listed, "{n} areas");
    }
}

#[test]
fn the_sick_leave_table_lists_areas_up_to_20() {
    for (n, listed) in [(20, true), (21, false)] {
        let w = areas(n);
        let run = w.run(&["run"]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        let t = text(&w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf"));
        // The first and the last area with their own percentage.
        let last = format!("Område {n:02}");
        let last_percent = format!("{},00", 9 + n);
        assert_eq!(has_row(&t, &["Område 01", "10,00"]), listed, "{n} areas");
        assert_eq!(has_row(&t, &[&last, &last_percent]), listed, "{n} areas");
        assert_eq!(
            t.contains("Sjukfrånvaron per verksamhetsområde redovisas i bilagan"),
            !listed,
            "{n} areas"
        );
        // The genders and the total are there either way.
        assert!(has_row(&t, &["Kvinnor"]), "{n} areas");
        assert!(has_row(&t, &["Totalt"]), "{n} areas");
        // The annex has every area.
        let annex = w.path().join("output/2022-T2/bilaga-2022-T2.xlsx");
        assert!(
            common::sheet(&annex, "Sjukfrånvaro")
                .rows()
                .any(|r| r.first().is_some_and(|c| c.to_string() == last)),
            "{n} areas"
        );
    }
}

#[test]
fn the_area_chart_shrinks_past_20_areas_and_is_left_out_past_40() {
    for (n, chart) in [(20, true), (40, true), (41, false)] {
        let w = areas(n);
        let run = w.run(&["run"]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        let pdf = w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf");
        let t = text(&pdf);
        assert_eq!(t.contains("Figur 1: Budget och prognos per verksamhetsområde"), chart, "{n} areas");
        assert_eq!(t.contains("visas inte när de är fler än 40"), !chart, "{n} areas");
        // Every area is in the table all the same.
        assert!(t.contains(&format!("Område {n:02}")), "{n} areas");
    }
}

/// The words of a PDF with their top and bottom (`pdftotext -bbox`), in
/// reading order.
fn words(pdf: &Path) -> Vec<(String, f64, f64)> {
    let html = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    html.split("<word ")
        .skip(1)
        .map(|w| {
            let (tag, rest) = w.split_once('>').unwrap();
            let text = rest.split("</word>").next().unwrap().to_string();
            (text, attr(tag, "yMin"), attr(tag, "yMax"))
        })
        .collect()
}

#[test]
fn a_label_that_wraps_keeps_its_row_apart_from_the_next() {
    use common::{Line, C};
    // Rows whose label fits on one line get that line's height; this label
    // cannot fit and must push the next row down.
    const LONG: &str =
        "Verksamhetsområdet med ett namn så långt att det inte ryms på en rad i tabellen utan bryts";
    let w = common::Work::new();
    let lines: Vec<Line> = vec![
        ("Område 1", "", "Övriga kostnader", C::N(100.0)),
        (LONG, "", "Övriga kostnader", C::N(200.0)),
        ("Område 3", "", "Övriga kostnader", C::N(300.0)),
    ];
    common::economy(&w, "2022-T2", "ekonomi.xlsx", &lines, &lines);
    let run = w.run(&["run"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let words = words(&w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf"));
    // The table by area is the first place with the long label.
    let first = words.iter().position(|(t, ..)| t == "Verksamhetsområdet").unwrap();
    let last = first + words[first..].iter().position(|(t, ..)| t == "bryts").unwrap();
    assert!(
        words[last].1 > words[first].2,
        "the label wraps onto a second line: {:?} / {:?}",
        words[first],
        words[last]
    );
    // The next row's budget, 300, first appears in that table.
    let next = words.iter().position(|(t, ..)| t == "300").unwrap();
    assert!(
        words[next].1 >= words[last].2,
        "the next row starts below the label's last line: {:?} / {:?}",
        words[last],
        words[next]
    );
}

/// The report read back with an independent reader (pikepdf, installed by
/// scripts/test): language and title, every text run tagged or an artifact,
/// headings without skips, tables with header cells, figures with
/// alternative text, every text colour at least 4.5:1 on white.
#[test]
fn the_pdf_structure_passes_an_independent_reader() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(common::run_kalmar(out.path()).code, 0);
    let pdf = out.path().join("2022-T2/tertialrapport-2022-T2.pdf");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/py/pdf_structure.py");
    let text = common::tool("python3", &[script.to_str().unwrap(), pdf.to_str().unwrap()]);
    assert!(text.contains("headings nest without skips"), "{text}");
    assert!(text.contains("figures have alternative text"), "{text}");
    assert!(text.contains("text runs tagged or artifacts"), "{text}");
}

/// Units stay on the line of their number: the report's data puts a
/// no-break space between a figure and tkr, mnkr or %, so no line of the
/// PDF ends with a number whose unit starts the next line. Checked on the
/// Kalmar report and on a narrow-column one (many areas).
#[test]
fn no_number_is_separated_from_its_unit_by_a_line_break() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(common::run_kalmar(out.path()).code, 0);
    let pdf = out.path().join("2022-T2/tertialrapport-2022-T2.pdf");
    let raw = common::tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    let lines: Vec<&str> = raw.lines().map(str::trim).collect();
    let mut bad = Vec::new();
    for w in lines.windows(2) {
        let ends_in_digit = w[0].chars().last().is_some_and(|c| c.is_ascii_digit());
        let unit = w[1].split(' ').next().unwrap_or("");
        let unit = unit.trim_end_matches(['.', ',', ')', ';', ':']);
        if ends_in_digit && matches!(unit, "tkr" | "mnkr" | "%") {
            bad.push(format!("{} / {}", w[0], w[1]));
        }
    }
    assert!(bad.is_empty(), "{bad:?}");
    // The units are there, each after its number.
    assert!(raw.contains(" tkr") && raw.contains(" mnkr") && raw.contains(" %"));
}

/// A deviation that shows as zero (under 0,05 mnkr) is "i balans", whatever
/// the sign of what the rounding dropped — never "ett överskott mot budget
/// på 0,0 mnkr".
#[test]
fn a_deviation_that_shows_as_zero_is_in_balance() {
    for (budget, forecast) in [(1_000.0, 1_000.04), (1_000.04, 1_000.0), (1_000.0, 1_000.0)] {
        let w = Work::new();
        common::economy(
            &w,
            "2022-T2",
            "ekonomi.xlsx",
            &[("BARN", "", "Personalkostnader", C::N(budget))],
            &[("BARN", "", "Personalkostnader", C::N(forecast))],
        );
        assert_eq!(w.run(&["run"]).code, 0);
        let text = common::pdf_text(&w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf"));
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("visar ett resultat i balans med budgeten"), "{budget}/{forecast}: {flat}");
        assert!(!flat.contains("överskott") && !flat.contains("underskott"), "{flat}");
    }
}

/// Regression (Figur 2 split across pages 3 and 4 of the sample report: its
/// zero line at the foot of one page, its bars at the head of the next): the
/// body of every chart in the built-in template is a block that moves to the
/// next page whole.
#[test]
fn a_chart_is_never_split_across_pages() {
    let template = include_str!("../templates/rapport.typ");
    let bodies: Vec<&str> = template.split("figure(").skip(1).collect();
    assert!(bodies.len() >= 3, "the template's charts: {}", bodies.len());
    for body in bodies {
        let opening = body.split_once("block(").map(|(_, rest)| &rest[..rest.len().min(40)]);
        assert!(
            opening.is_some_and(|o| o.starts_with("breakable: false")),
            "a chart whose block may break: {}",
            &body[..body.len().min(120)]
        );
    }
}
