//! Nothing wrong gets through: one small fixture per rule of the hostile
//! and mistaken inputs (issue "Nothing wrong gets through"), each named
//! after its rule, each asserting the message a clerk reads.

mod common;

use common::{economy, problem_lines, sick_sheet, workbook, Work, C};

const P: &str = "2022-T2";

fn errors(w: &Work) -> Vec<String> {
    let run = w.run(&["check", "--period", P]);
    problem_lines(&run).into_iter().filter(|l| l.starts_with("FEL")).collect()
}

#[test]
fn rule_only_regular_files_are_opened() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    let pipe = w.input(P, "pipe.xlsx");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(made.success());
    for cmd in ["check", "run"] {
        let run = w.run(&[cmd, "--period", P]);
        assert_eq!(run.code, 0, "{cmd}: {}", run.stdout);
        assert!(
            run.stdout.contains(
                "NOTERING: pipe.xlsx: det här är ingen vanlig fil (en namngiven pipe, en socket eller en enhet) och den öppnades inte."
            ),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn rule_folders_are_read_eight_deep_and_no_deeper() {
    // Windows shows a junction to a folder above it as a folder, and so does Wine a Linux link:
    // followed, it would be read round and round.
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    let mut deep = w.input(P, "a");
    for _ in 0..8 {
        deep = deep.join("a");
    }
    fs_err::create_dir_all(&deep).unwrap();
    let errors = errors(&w);
    assert_eq!(
        errors,
        ["FEL: a/a/a/a/a/a/a/a/a: mappen kunde inte läsas: fler än 8 mappar i varandra (en länk till en mapp ovanför?)"],
    );
    // Eight deep is read.
    fs_err::remove_dir(&deep).unwrap();
    assert!(self::errors(&w).is_empty());
}

#[test]
fn rule_two_identical_files_are_an_error_naming_both() {
    let w = Work::new();
    common::clean_economy(&w, P, "a/ekonomi.xlsx");
    fs_err::copy(w.input(P, "a/ekonomi.xlsx"), w.input(P, "kopia av ekonomi.xlsx")).unwrap();
    assert_eq!(
        errors(&w),
        ["FEL: kopia av ekonomi.xlsx: filen är byte för byte densamma som a/ekonomi.xlsx; den lästes inte, så att inget räknas två gånger. Ta bort den ena."]
    );
    // With --allow-partial the copy is still not counted: the budget is once.
    let run = w.run(&["run", "--allow-partial"]);
    assert_eq!(run.code, 1);
    let annex = common::sheet(&w.path().join("output/2022-T2/bilaga-2022-T2.xlsx"), "Driftredovisning");
    assert!((common::row_numbers(&annex, "Summa RESULTAT")[0] + 10.0).abs() < 1e-9);
}

#[test]
fn rule_a_second_sheet_of_one_kind_is_an_error_naming_both() {
    let w = Work::new();
    let budget = common::budget_rows(&[("VUXEN", "", "Intäkter", C::N(-10.0))]);
    let forecast = common::forecast_rows(&[("VUXEN", "", "Intäkter", C::N(-12.0))]);
    workbook(
        &w.input(P, "e.xlsx"),
        &[("Budget", false, budget.clone()), ("Prognos", false, forecast), ("budget ", false, budget)],
    );
    assert_eq!(
        errors(&w),
        ["FEL: e.xlsx: budget : arbetsboken har redan ett Budget-blad (\"Budget\"); bladet lästes inte, så att inget räknas två gånger. Slå ihop bladen eller ta bort det ena."]
    );
}

#[test]
fn rule_hours_that_cannot_be_are_errors_naming_the_cell() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    sick_sheet(
        &w,
        vec![
            vec![C::S("VUXEN"), C::S("2022-05"), C::S("Kvinna"), C::N(-100.0), C::N(5.0), C::N(20.0)],
            vec![C::S("VUXEN"), C::S("2022-06"), C::S("Kvinna"), C::N(100.0), C::N(150.0), C::N(20.0)],
            vec![C::S("VUXEN"), C::S("2022-07"), C::S("Kvinna"), C::N(100.0), C::N(5.0), C::N(-2.0)],
        ],
    );
    assert_eq!(
        errors(&w),
        [
            "FEL: personal.xlsx: Sjukfrånvaro!D2: \"-100\" i kolumnen Ordinarie arbetstid är negativt; antal timmar, personer och årsarbetare är noll eller mer.",
            "FEL: personal.xlsx: Sjukfrånvaro!E3: sjukfrånvaron (E3) är större än den ordinarie arbetstiden (D3) på samma rad. Kontrollera raden.",
            "FEL: personal.xlsx: Sjukfrånvaro!F4: \"-2\" i kolumnen Antal anställda är negativt; antal timmar, personer och årsarbetare är noll eller mer.",
        ]
    );
}

#[test]
fn rule_months_outside_the_period_are_noted_and_left_out() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    sick_sheet(
        &w,
        vec![
            vec![C::S("VUXEN"), C::S("2022-07"), C::S("Kvinna"), C::N(100.0), C::N(5.0), C::N(20.0)],
            vec![C::S("VUXEN"), C::S("2022-11"), C::S("Kvinna"), C::N(100.0), C::N(50.0), C::N(20.0)],
            vec![C::S("VUXEN"), C::S("1899-12"), C::S("Kvinna"), C::N(100.0), C::N(50.0), C::N(20.0)],
        ],
    );
    let run = w.run(&["run"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("NOTERING: personal.xlsx: Sjukfrånvaro: 2 rader har en månad utanför perioden (1899-12, 2022-11): de räknas inte med. Raderna: 3, 4."),
        "{}",
        run.stdout
    );
    let sick = common::sheet(&w.path().join("output/2022-T2/bilaga-2022-T2.xlsx"), "Sjukfrånvaro");
    assert!((common::row_numbers(&sick, "Totalt")[0] - 5.0).abs() < 1e-9);
}

#[test]
fn rule_a_text_over_excels_cell_limit_is_reported_never_written() {
    let w = Work::new();
    let long = "x".repeat(100_000);
    economy(
        &w,
        P,
        "ekonomi.xlsx",
        &[("VUXEN", "", "Intäkter", C::N(-10.0))],
        &[("VUXEN", "", "Intäkter", C::N(-12.0))],
    );
    let path = w.input(P, "text.xlsx");
    workbook(
        &path,
        &[(
            "Text",
            false,
            vec![vec![C::S("Avsnitt"), C::S("Text")], vec![C::S("Sammanfattning"), C::S("KORT")]],
        )],
    );
    // The fixture writer refuses texts that Excel could not hold.
    common::edit_parts(&path, "", ">KORT<", &format!(">{long}<"), usize::MAX);
    let run = w.run(&["run", "--allow-partial"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let line = problem_lines(&run).into_iter().find(|l| l.starts_with("FEL")).unwrap();
    assert!(line.starts_with("FEL: text.xlsx: Text!B2: texten är 100000 tecken lång"), "{line}");
    assert!(line.chars().count() < 300, "{line}");
    assert!(w.path().join("output/2022-T2/bilaga-2022-T2.xlsx").is_file());
}

/// A copy of `from` with one more part that inflates to `size` bytes of
/// zeros (a zip bomb of a few kilobytes).
fn with_inflating_part(from: &std::path::Path, to: &std::path::Path, size: usize) {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(fs_err::read(from).unwrap())).unwrap();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        writer.start_file(name, deflated).unwrap();
        writer.write_all(&content).unwrap();
    }
    writer.start_file("xl/media/bild.bin", deflated).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..(size >> 20) {
        writer.write_all(&zeros).unwrap();
    }
    fs_err::write(to, writer.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn rule_a_part_that_inflates_past_the_limit_is_refused_and_the_run_goes_on() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    let bomb = w.input(P, "bomb.xlsx");
    workbook(&bomb, &[("Blad1", false, vec![vec![C::S("x")]])]);
    let source = w.path().join("källa.xlsx");
    fs_err::rename(&bomb, &source).unwrap();
    with_inflating_part(&source, &bomb, 300 << 20);
    assert!(fs_err::metadata(&bomb).unwrap().len() < 1 << 20, "the bomb is small on disk");
    let run = w.run(&["run", "--allow-partial"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        errors(&w),
        ["FEL: bomb.xlsx: filen kunde inte öppnas som arbetsbok (delen xl/media/bild.bin packas upp till mer än 256 MiB — filen är inte en vanlig arbetsbok). Den kan vara skadad, ofullständigt kopierad eller lösenordsskyddad: spara om den från Excel utan lösenord och lägg in den igen."]
    );
    // The other workbook is read and written.
    assert!(w.path().join("output/2022-T2/bilaga-2022-T2.xlsx").is_file());
}

#[test]
fn rule_shared_strings_that_claim_more_than_they_hold_are_refused_and_the_run_goes_on() {
    // calamine reserves room for uniqueCount strings before it reads one:
    // 100 billion asked for 2.4 TB, and the allocation aborted the run.
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    let bomb = w.input(P, "texter.xlsx");
    workbook(&bomb, &[("Blad1", false, vec![vec![C::S("x")]])]);
    common::edit_parts(&bomb, "xl/sharedStrings.xml", "uniqueCount=\"", "uniqueCount=\"10000000000", 1);
    let run = w.run(&["run", "--allow-partial"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        errors(&w),
        ["FEL: texter.xlsx: filen kunde inte öppnas som arbetsbok (delen xl/sharedStrings.xml anger 100\u{a0}000\u{a0}000\u{a0}001 texter, fler än den rymmer — filen är inte en vanlig arbetsbok). Den kan vara skadad, ofullständigt kopierad eller lösenordsskyddad: spara om den från Excel utan lösenord och lägg in den igen."]
    );
    assert!(w.path().join("output/2022-T2/bilaga-2022-T2.xlsx").is_file());
}

#[test]
fn rule_an_ods_whose_repeated_cells_lay_out_past_the_limit_is_refused_in_a_moment() {
    // Two attributes made a 2 KB file lay out 96 million cells: 95 s and
    // 12 GB before calamine gave up. Now it is refused before calamine
    // opens it.
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    let bomb = w.input(P, "upprepad.ods");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/ekonomi.ods");
    fs_err::copy(fixture, &bomb).unwrap();
    let first = "<table:table-row><table:table-cell office:value-type=\"string\" office:string-value=\"Budget 2022, tkr\">";
    let repeated = "<table:table-row table:number-rows-repeated=\"6000\"><table:table-cell table:number-columns-repeated=\"16000\" office:value-type=\"string\" office:string-value=\"Budget 2022, tkr\">";
    common::edit_parts(&bomb, "content.xml", first, repeated, 1);
    let lines = errors(&w);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("FEL: upprepad.ods: filen kunde inte öppnas som arbetsbok (ett blad sträcker sig över 96\u{a0}018\u{a0}000 celler"),
        "{lines:?}"
    );
}

#[test]
fn rule_a_text_file_named_xlsx_or_xls_is_told_apart_from_a_truncated_workbook() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    fs_err::write(w.input(P, "anteckning.xlsx"), "Det här är en anteckning, ingen arbetsbok.\n").unwrap();
    // A web system's "Excel export": an HTML table saved as .xls.
    let html = "<html><body><table><tr><td>Budget</td></tr></table></body></html>\n";
    fs_err::write(w.input(P, "export.xls"), html).unwrap();
    let whole = fs_err::read(w.input(P, "ekonomi.xlsx")).unwrap();
    fs_err::write(w.input(P, "avkortad.xlsx"), &whole[..whole.len() / 2]).unwrap();
    // An hour old: not a file still being copied.
    let hour = std::time::Duration::from_hours(1);
    for f in ["anteckning.xlsx", "export.xls", "avkortad.xlsx"] {
        let file = fs_err::File::options().write(true).open(w.input(P, f)).unwrap();
        file.set_modified(std::time::SystemTime::now() - hour).unwrap();
    }
    let lines = errors(&w);
    assert!(
        lines.iter().any(|l| l.starts_with("FEL: anteckning.xlsx") && l.contains("det är en textfil")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("FEL: export.xls") && l.contains("det är en textfil")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("FEL: avkortad.xlsx") && l.contains("arkivet är ofullständigt")),
        "{lines:?}"
    );
    assert!(lines.iter().all(|l| !l.contains("Zip") && !l.contains("EOCD")), "{lines:?}");
}

#[test]
fn rule_a_header_found_twice_is_an_error_naming_both_cells() {
    let w = Work::new();
    let mut budget = common::budget_rows(&[("VUXEN", "", "Intäkter", C::N(-10.0))]);
    budget[2].push(C::S("BUDGET"));
    budget[3].push(C::N(-20.0));
    let forecast = common::forecast_rows(&[("VUXEN", "", "Intäkter", C::N(-12.0))]);
    workbook(&w.input(P, "e.xlsx"), &[("Budget", false, budget), ("Prognos", false, forecast)]);
    let run = w.run(&["check", "--period", P]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    // One fault, one problem: the unread budget adds no warning for the
    // forecast row it would have matched.
    assert_eq!(
        problem_lines(&run),
        ["FEL: e.xlsx: Budget!E3: rubriken Budget finns två gånger i rubrikraden (D3 och E3); bladet lästes inte, så att ingen kolumn räknas två gånger eller fel kolumn används. Ta bort eller döp om den ena."]
    );
}

#[test]
fn rule_one_fault_one_problem() {
    let w = Work::new();
    // A bad forecast cell: its error, and not also "budget without forecast".
    economy(
        &w,
        P,
        "ekonomi.xlsx",
        &[("VUXEN", "", "Intäkter", C::N(-10.0)), ("VUXEN", "", "Lokalkostnader", C::N(5.0))],
        &[("VUXEN", "", "Intäkter", C::S("12 4OO")), ("VUXEN", "", "Lokalkostnader", C::N(5.0))],
    );
    // A workbook with no data sheet: one note, not one for each sheet.
    workbook(
        &w.input(P, "anteckningar.xlsx"),
        &[("Blad1", false, vec![vec![C::S("x")]]), ("Blad2", false, vec![vec![C::S("y")]])],
    );
    let run = w.run(&["check", "--period", P]);
    assert_eq!(
        problem_lines(&run),
        [
            "NOTERING: anteckningar.xlsx: arbetsboken innehåller inget datablad och lästes inte (bladen heter: \"Blad1\", \"Blad2\"). Databladen heter: Budget, Prognos, Investeringar, Sjukfrånvaro, Personal, Indikatorer, Åtgärder, Text, Huvudbok.",
            "FEL: ekonomi.xlsx: Prognos!D2: \"12 4OO\" är inte ett tal. Kolumnen Prognos ska innehålla ett tal, t.ex. 1 400 eller −12 700,5.",
        ]
    );
}

#[test]
fn rule_a_formula_with_no_saved_value_says_to_save_the_workbook_in_excel() {
    let w = Work::new();
    let path = w.input(P, "ekonomi.xlsx");
    economy(
        &w,
        P,
        "ekonomi.xlsx",
        &[("VUXEN", "", "Intäkter", C::F("=-4-6", "-10"))],
        &[("VUXEN", "", "Intäkter", C::N(-12.0))],
    );
    // As a program that writes formulas without computing them leaves it.
    common::edit_xlsx(&path, "<v>-10</v>", "");
    let run = w.run(&["check", "--period", P]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        problem_lines(&run),
        ["FEL: ekonomi.xlsx: Budget!D4: cellen har formeln \"=-4-6\" men inget sparat värde (arbetsboken har skapats av ett program och aldrig sparats i Excel), så värdet är okänt. Öppna arbetsboken i Excel, spara den och lägg in den igen."]
    );
}

#[test]
fn rule_the_same_problem_on_many_rows_is_printed_once_with_its_ranges() {
    let w = Work::new();
    let mut budget = common::budget_rows(&[("VUXEN", "", "Intäkter", C::N(-10.0))]);
    for _ in 0..1028 {
        budget.push(vec![C::S("VUXEN"), C::S(""), C::S("Intäkt"), C::N(1.0)]);
    }
    let forecast = common::forecast_rows(&[("VUXEN", "", "Intäkter", C::N(-12.0))]);
    workbook(&w.input(P, "e.xlsx"), &[("Budget", false, budget), ("Prognos", false, forecast)]);
    for format in ["text", "json"] {
        let run = w.run(&["check", "--period", P, "--log-format", format]);
        assert_eq!(run.code, 1);
        if format == "text" {
            assert_eq!(
                problem_lines(&run),
                ["FEL: e.xlsx: Budget!C5:C1032 (1\u{a0}028 celler): \"Intäkt\" är inte en giltig uppgift i kolumnen Kostnadsslag. Tillåtna värden: Intäkter, Personalkostnader, Lokalkostnader, Kapitalkostnader, Övriga kostnader."]
            );
            assert!(run.stdout.contains("1028 fel"), "{}", run.stdout);
        } else {
            let events: Vec<serde_json::Value> =
                run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
            let problems: Vec<&serde_json::Value> =
                events.iter().filter(|e| e["event"] == "problem").collect();
            assert_eq!(problems.len(), 1, "{}", run.stdout);
            assert_eq!(problems[0]["cell"], "C5");
            assert_eq!(problems[0]["count"], 1028);
        }
    }
}

#[test]
fn rule_a_file_name_with_control_characters_is_shown_escaped_on_one_line() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    fs_err::write(w.input(P, "budget\nbarn\u{1b}[31m.xlsx"), "inte en arbetsbok").unwrap();
    let run = w.run(&["check", "--period", P]);
    let lines = problem_lines(&run);
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert!(
        lines[0].starts_with("FEL: budget\\nbarn\\u{1b}[31m.xlsx: filen kunde inte öppnas"),
        "{}",
        lines[0]
    );
    assert!(!run.stdout.contains('\u{1b}'));
}

#[test]
fn rule_no_message_quotes_sick_leave_hours() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    sick_sheet(
        &w,
        vec![
            vec![C::S("VUXEN"), C::S("2022-07"), C::S("Kvinna"), C::N(1234.0), C::N(4321.0), C::N(3.0)],
            vec![C::S("VUXEN"), C::S("2022-07"), C::S("Man"), C::N(777.0), C::N(55.0), C::N(3.0)],
            vec![C::S("Summa VUXEN"), C::E, C::E, C::N(9999.0), C::N(8888.0), C::N(6.0)],
        ],
    );
    let run = w.run(&["check", "--period", P]);
    let lines = problem_lines(&run);
    assert!(lines.iter().any(|l| l.contains("Sjukfrånvaro!E2: sjukfrånvaron (E2)")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("summaraden \"Summa VUXEN\" stämmer inte")), "{lines:?}");
    for figure in ["1234", "4321", "777", "9999", "8888", "1 234", "1\u{a0}234", "832", "2011"] {
        assert!(!run.stdout.contains(figure), "{figure} in {}", run.stdout);
    }
}
