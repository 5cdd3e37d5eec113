//! The finance side: templates, the organisation register and `init`.

mod common;

use std::io::Read;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{budget_rows, forecast_rows, workbook, Work, C};
use tertial::schema::SheetKind;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The XML of the first worksheet of a workbook.
fn sheet_xml(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(fs_err::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn shipped_templates_are_what_the_program_writes() {
    let out = tempfile::tempdir().unwrap();
    let run = common::tertial(repo(), &["templates", "--output", out.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for &kind in SheetKind::ALL {
        let name = tertial::templates::file_name(kind);
        let shipped = fs_err::read(repo().join("templates").join(name)).unwrap();
        let fresh = fs_err::read(out.path().join(name)).unwrap();
        assert!(shipped == fresh, "templates/{name} drifted: run `cargo run --release -- templates`");
    }
}

#[test]
fn dropdowns_for_vocabularies_and_registered_names_are_present() {
    let dir = repo().join("templates");
    let budget = sheet_xml(&dir.join("budget.xlsx"));
    assert!(
        budget.contains(
            "<formula1>\"Intäkter,Personalkostnader,Lokalkostnader,Kapitalkostnader,Övriga kostnader\"</formula1>"
        ),
        "{budget}"
    );
    assert!(
        budget.contains("<formula1>\"ÄLDREOMSORG,FUNKTIONSSTÖD,LEDNING OCH STÖD\"</formula1>"),
        "{budget}"
    );
    assert!(budget.contains("type=\"decimal\""), "numbers only in the Budget column");
    let sick = sheet_xml(&dir.join("sjukfranvaro.xlsx"));
    assert!(sick.contains("<formula1>\"Kvinna,Man\"</formula1>"));
    assert!(sick.contains("<formula1>\"-29,30-49,50-\"</formula1>"));
    let ind = sheet_xml(&dir.join("indikatorer.xlsx"));
    assert!(ind.contains("<formula1>\"Högre är bättre,Lägre är bättre\"</formula1>"));
    assert!(ind.contains("<formula1>\"Uppfyllt,Delvis uppfyllt,Ej uppfyllt,Ej utvärderad\"</formula1>"));
    let inv = sheet_xml(&dir.join("investeringar.xlsx"));
    assert!(inv.contains("<formula1>\"Inkomst,Utgift\"</formula1>"));
}

#[test]
fn a_long_list_of_names_goes_on_a_hidden_sheet() {
    let mut reg = tertial::config::Register::default();
    for i in 0..40 {
        reg.areas.push(tertial::config::AreaEntry {
            name: format!("Verksamhetsområde nummer {i}"),
            activities: Vec::new(),
        });
    }
    let bytes = tertial::templates::build(SheetKind::Budget, &reg).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.xlsx");
    fs_err::write(&path, bytes).unwrap();
    assert!(sheet_xml(&path).contains("<formula1>Listor!$A$1:$A$40</formula1>"));
}

/// Copies a template's rows (instruction, example, header) into a new
/// workbook and adds `rows` below the header, as a person filling it in.
fn fill(template: &Path, out: &Path, rows: Vec<Vec<C>>) {
    let mut wb: Xlsx<_> = open_workbook(template).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    let mut all: Vec<Vec<C>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|d| match d {
                    Data::String(s) => C::T(s.clone()),
                    _ => C::E,
                })
                .collect()
        })
        .collect();
    all.extend(rows);
    let leaked: &'static str = Box::leak(name.into_boxed_str());
    workbook(out, &[(leaked, false, all)]);
}

#[test]
fn filled_templates_pass_check_unchanged() {
    let dir = repo().join("templates");
    let w = Work::new();
    let p = |n: &str| w.input("2025-T2", n);
    let s = C::S;
    let n = C::N;
    fill(
        &dir.join("budget.xlsx"),
        &p("budget.xlsx"),
        vec![vec![s("ÄLDREOMSORG"), s("Hemtjänst"), s("Personalkostnader"), s("1 400")]],
    );
    fill(
        &dir.join("prognos.xlsx"),
        &p("prognos.xlsx"),
        vec![vec![
            s("ÄLDREOMSORG"),
            s("Hemtjänst"),
            s("Personalkostnader"),
            n(1500.0),
            n(900.0),
            s("Fler timmar"),
        ]],
    );
    fill(
        &dir.join("investeringar.xlsx"),
        &p("investeringar.xlsx"),
        vec![vec![s("Larm"), s("Utgift"), n(100.0), n(90.0), s("ÄLDREOMSORG"), C::E]],
    );
    fill(
        &dir.join("sjukfranvaro.xlsx"),
        &p("sjukfranvaro.xlsx"),
        vec![vec![
            s("ÄLDREOMSORG"),
            s("2025-07"),
            s("Kvinna"),
            s("30-49"),
            n(1000.0),
            n(80.0),
            n(30.0),
            n(12.0),
        ]],
    );
    fill(
        &dir.join("personal.xlsx"),
        &p("personal.xlsx"),
        vec![vec![s("ÄLDREOMSORG"), s("Man"), n(12.0), n(11.5), n(2025.0), n(1.0)]],
    );
    fill(
        &dir.join("indikatorer.xlsx"),
        &p("indikatorer.xlsx"),
        vec![vec![
            s("Mål"),
            s("Indikator"),
            n(45.0),
            n(48.0),
            n(47.0),
            n(50.0),
            s("dagar"),
            s("Lägre är bättre"),
            C::E,
            s("ÄLDREOMSORG"),
            s("Chef"),
            s("Bra"),
        ]],
    );
    fill(
        &dir.join("atgarder.xlsx"),
        &p("atgarder.xlsx"),
        vec![vec![s("Åtgärd"), s("Mål"), s("2025-09"), s("Planerad"), s("Chef")]],
    );
    fill(&dir.join("text.xlsx"), &p("text.xlsx"), vec![vec![s("Sammanfattning"), s("Text."), C::E]]);
    fs_err::copy(repo().join("tertial.toml"), w.path().join("tertial.toml")).unwrap();
    let run = w.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(common::problem_lines(&run).is_empty(), "{}", run.stdout);
    assert!(run.stdout.contains("8 filer lästa; 0 fel, 0 varningar, 0 noteringar"), "{}", run.stdout);
}

#[test]
fn a_typo_in_an_area_name_suggests_the_registered_one() {
    let w = Work::new();
    fs_err::write(
        w.path().join("tertial.toml"),
        format!("{}[[areas]]\nname = \"BARN o FAMILJ\"\nactivities = [\"Gemensamt barn o familj\"]\n\n[[areas]]\nname = \"VUXEN\"\n", common::NAMES),
    )
    .unwrap();
    workbook(
        &w.input("2022-T2", "e.xlsx"),
        &[
            (
                "Budget",
                false,
                budget_rows(&[
                    ("Barn  o  familj", "gemensamt barn o familj", "Intäkter", C::N(-1.0)),
                    ("BARN o FAMIJL", "", "Intäkter", C::N(-1.0)),
                    ("BARN o FAMILJ", "Gemensam barn o familj", "Intäkter", C::N(-1.0)),
                    ("VUXEN", "Vuxna", "Intäkter", C::N(-1.0)),
                ]),
            ),
            ("Prognos", false, forecast_rows(&[("Kultur", "", "Intäkter", C::N(-1.0))])),
        ],
    );
    let run = w.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        common::problem_lines(&run),
        [
            "FEL: e.xlsx: Budget!A4: BARN o FAMILJ / Gemensamt barn o familj har budget för Intäkter (−1 tkr) men ingen prognos. Lägg in prognosen i ett Prognos-blad.",
            "FEL: e.xlsx: Budget!A5: \"BARN o FAMIJL\" finns inte bland verksamhetsområdena i registret (tertial.toml). Menade du \"BARN o FAMILJ\"? Registrerade: \"BARN o FAMILJ\", \"VUXEN\".",
            "FEL: e.xlsx: Budget!B6: \"Gemensam barn o familj\" finns inte bland verksamheterna under BARN o FAMILJ i registret (tertial.toml). Menade du \"Gemensamt barn o familj\"? Registrerade: \"Gemensamt barn o familj\".",
            "FEL: e.xlsx: Budget!B7: \"Vuxna\" finns inte bland verksamheterna under VUXEN i registret (tertial.toml). Registrerade: (inga; lämna kolumnen tom).",
            "FEL: e.xlsx: Prognos!A2: \"Kultur\" finns inte bland verksamhetsområdena i registret (tertial.toml). Registrerade: \"BARN o FAMILJ\", \"VUXEN\".",
        ]
    );
}

#[test]
fn init_then_run_on_the_sample_data_succeeds() {
    let w = Work::new();
    let dir = w.path().join("ny-namnd");
    let run = common::tertial(w.path(), &["init", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for p in ["input", "output", "templates/budget.xlsx", "templates/rapport.typ", "tertial.toml"] {
        assert!(dir.join(p).exists(), "{p}");
    }
    let toml = fs_err::read_to_string(dir.join("tertial.toml")).unwrap();
    assert!(tertial::config::Register::parse(&toml).is_ok());
    // It says how ledger files other than workbooks are mapped.
    assert!(
        toml.contains("(.csv or .txt:")
            && toml.contains("a SIE 4 file (.se, .si, .sie")
            && toml.contains("\"dim:20\""),
        "{toml}"
    );
    // The sample data copied in.
    for period in ["2025-T1", "2025-T2"] {
        let from = repo().join("input").join(period);
        let to = dir.join("input").join(period);
        for e in walk(&from) {
            let rel = e.strip_prefix(&from).unwrap();
            fs_err::create_dir_all(to.join(rel).parent().unwrap()).unwrap();
            fs_err::copy(&e, to.join(rel)).unwrap();
        }
    }
    let run = common::tertial(&dir, &["run"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(dir.join("output/2025-T2/tertialrapport-2025-T2.pdf").is_file());
    // A second init keeps what is there.
    let again = common::tertial(w.path(), &["init", dir.to_str().unwrap()]);
    assert!(again.stdout.contains("Behöll"), "{}", again.stdout);
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
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

#[test]
fn language_en_gives_english_labels_in_annex_and_report() {
    let w = Work::new();
    let k = common::kalmar();
    let input = w.path().join("input/2022-T2");
    fs_err::create_dir_all(&input).unwrap();
    for e in fs_err::read_dir(k.join("input/2022-T2")).unwrap() {
        let e = e.unwrap();
        fs_err::copy(e.path(), input.join(e.file_name())).unwrap();
    }
    fs_err::write(
        w.path().join("tertial.toml"),
        "municipality = \"Kalmar kommun\"\ncommittee = \"Socialnämnden\"\n[options]\nlanguage = \"en\"\n",
    )
    .unwrap();
    let run = w.run(&["run"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let annex = w.path().join("output/2022-T2/bilaga-2022-T2.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&annex).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "Operating statement",
            "Activity",
            "Investments",
            "Staff",
            "Sick leave",
            "Indicators",
            "Actions",
            "Sources",
            "Checks"
        ]
    );
    let ops = wb.worksheet_range("Operating statement").unwrap();
    let labels: Vec<String> = ops
        .rows()
        .skip(3)
        .map(|r| match &r[0] {
            Data::String(s) => s.clone(),
            _ => String::new(),
        })
        .collect();
    assert_eq!(
        labels,
        ["Income", "Staff costs", "Premises", "Capital costs", "Other costs", "Total COSTS", "Total RESULT"]
    );
    let income = ops.rows().nth(3).unwrap();
    assert_eq!(income[1], Data::Float(-77_174.0));
    // Data stays as entered.
    let act = wb.worksheet_range("Activity").unwrap();
    assert!(act.rows().any(|r| r[0] == Data::String("BARN o FAMILJ".into())));
    let t = common::pdf_text(&w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf"));
    for label in [
        "Four-month report August 2022",
        "Contents",
        "Summary",
        "Total RESULT",
        "Goal follow-up",
        "Partly met",
        "Page 2 of",
        "Women",
    ] {
        assert!(t.contains(label), "{label} missing in\n{t}");
    }
    assert!(t.contains("921 136"), "figures keep their Swedish formatting");
    assert!(!t.contains("Innehåll") && !t.contains("Sida 2"), "Swedish labels left:\n{t}");
}

#[test]
fn an_unknown_language_is_a_configuration_error() {
    let w = Work::new();
    fs_err::create_dir_all(w.path().join("input/2022-T2")).unwrap();
    fs_err::write(w.path().join("tertial.toml"), "[options]\nlanguage = \"de\"\n").unwrap();
    let run = w.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("okänt värde \"de\" (tillåtet: \"sv\" eller \"en\")"), "{}", run.stderr);
}

#[test]
fn regression_an_area_named_like_a_label_is_shown_as_named_in_english() {
    // An area named "Personal" was printed "Staff": every writer put the
    // row's text through the English labels, names and labels alike.
    let w = Work::new();
    fs_err::write(
        w.path().join("tertial.toml"),
        "municipality = \"Provkommun\"\ncommittee = \"Provnämnden\"\n[options]\nlanguage = \"en\"\n[[areas]]\nname = \"Personal\"\nactivities = [\"Summa\"]\n",
    )
    .unwrap();
    common::economy(
        &w,
        "2022-T2",
        "ekonomi.xlsx",
        &[("Personal", "Summa", "Intäkter", C::N(-10.0))],
        &[("Personal", "Summa", "Intäkter", C::N(-12.0))],
    );
    common::sick_sheet(
        &w,
        vec![vec![C::S("Personal"), C::S("2022-07"), C::S("Kvinna"), C::N(1000.0), C::N(50.0), C::N(20.0)]],
    );
    let run = w.run(&["run"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let annex = w.path().join("output/2022-T2/bilaga-2022-T2.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&annex).unwrap();
    assert!(wb.sheet_names().contains(&"Staff".to_string()), "the sheet is a label: {:?}", wb.sheet_names());
    let first_column = |range: calamine::Range<Data>| -> Vec<String> {
        range
            .rows()
            .filter_map(|r| r.first().and_then(calamine::DataType::get_string).map(str::to_string))
            .collect()
    };
    let activity = first_column(wb.worksheet_range("Activity").unwrap());
    assert!(activity.contains(&"Personal".into()) && activity.contains(&"Summa".into()), "{activity:?}");
    assert!(activity.contains(&"Total".into()), "the total is a label: {activity:?}");
    assert!(!activity.contains(&"Staff".into()), "{activity:?}");
    let sick = first_column(wb.worksheet_range("Sick leave").unwrap());
    assert!(sick.contains(&"Personal".into()) && !sick.contains(&"Staff".into()), "{sick:?}");
    let text = common::pdf_text(&w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf"));
    let area_row = text.lines().find(|l| l.trim_start().starts_with("Personal ")).expect("the area's row");
    assert!(area_row.contains("−10") || area_row.contains("-10"), "{area_row}");
    assert!(text.lines().any(|l| l.trim() == "Staff"), "the chapter heading is a label");
    assert!(!text.lines().any(|l| l.trim_start().starts_with("Staff ") && l.contains("−10")), "{text}");
}
