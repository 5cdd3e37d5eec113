//! `tertial check`: one fixture per validation rule, asserting the exact
//! message a finance clerk reads.

mod common;

use common::{budget_rows, forecast_rows, problem_lines, workbook, Work, C};

const P: &str = "2022-T2";

fn check(w: &Work) -> common::Run {
    w.run(&["check", "--period", P])
}

fn only_problem(w: &Work) -> String {
    let run = check(w);
    let lines = problem_lines(&run);
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    lines[0].clone()
}

#[test]
fn kalmar_fixture_checks_clean() {
    let run = common::tertial(&common::kalmar(), &["check", "--input", "input", "--period", P]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(problem_lines(&run).iter().all(|l| !l.starts_with("FEL")), "{}", run.stdout);
    assert!(run.stdout.contains("Kontroll av 2022-T2: 8 filer lästa; 0 fel"), "{}", run.stdout);
}

#[test]
fn default_period_is_the_latest_folder() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi/ok.xlsx");
    fs_err::create_dir_all(w.path().join("input/2022-T1")).unwrap();
    let run = w.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.starts_with(
            "Tidigare perioder: 2022-T1 lästa från indata.\nKontroll av 2022-T2: 1 fil lästa; 0 fel, 0 varningar, 0 noteringar."
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn rule_not_a_number_names_file_sheet_cell_and_text() {
    let w = Work::new();
    workbook(
        &w.input(P, "budget/barn.xlsx"),
        &[
            (
                "Budget",
                false,
                budget_rows(&[
                    ("BARN", "", "Intäkter", C::N(-5.0)),
                    ("BARN", "", "Personalkostnader", C::N(100.0)),
                    ("BARN", "", "Lokalkostnader", C::S("12 4OO")),
                ]),
            ),
            (
                "Prognos",
                false,
                forecast_rows(&[
                    ("BARN", "", "Intäkter", C::N(-5.0)),
                    ("BARN", "", "Personalkostnader", C::N(100.0)),
                ]),
            ),
        ],
    );
    let run = check(&w);
    assert_eq!(run.code, 1);
    assert_eq!(
        problem_lines(&run),
        ["FEL: budget/barn.xlsx: Budget!D6: \"12 4OO\" är inte ett tal. Kolumnen Budget ska innehålla ett tal, t.ex. 1 400 eller −12 700,5."]
    );
}

#[test]
fn rule_required_column_missing_says_which_and_what_was_found() {
    let w = Work::new();
    workbook(
        &w.input(P, "a.xlsx"),
        &[(
            "Prognos",
            false,
            vec![
                vec![C::S("Verksamhetsområde"), C::S("Kostnadsslag"), C::S("Belopp")],
                vec![C::S("X"), C::S("Intäkter"), C::N(1.0)],
            ],
        )],
    );
    assert_eq!(
        only_problem(&w),
        "FEL: a.xlsx: Prognos: bladet saknar kolumnen/kolumnerna Prognos. Rubrikerna som hittades var: \"Verksamhetsområde\", \"Kostnadsslag\", \"Belopp\". Lägg till de saknade kolumnerna i rubrikraden."
    );
}

#[test]
fn rule_error_cell_is_an_error() {
    let w = Work::new();
    workbook(
        &w.input(P, "a.xlsx"),
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
                vec![C::S("VUXEN"), C::S("Kvinna"), C::F("=#REF!+1", "#REF!"), C::N(3.0)],
            ],
        )],
    );
    assert_eq!(
        only_problem(&w),
        "FEL: a.xlsx: Personal!C2: cellen innehåller felvärdet #REF!. Rätta formeln eller skriv in värdet direkt."
    );
}

#[test]
fn rule_formula_cells_count_by_their_cached_value() {
    let w = Work::new();
    workbook(
        &w.input(P, "a.xlsx"),
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
                vec![C::S("VUXEN"), C::S("Kvinna"), C::F("=2+1", "3"), C::N(3.0)],
            ],
        )],
    );
    let run = check(&w);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn rule_unknown_vocabulary_lists_the_allowed_values() {
    let w = Work::new();
    workbook(
        &w.input(P, "a.xlsx"),
        &[
            ("Budget", false, budget_rows(&[("VUXEN", "", "Övrigt", C::N(1.0))])),
            (
                "Sjukfrånvaro",
                false,
                vec![
                    vec![
                        C::S("Verksamhetsområde"),
                        C::S("Månad"),
                        C::S("Kön"),
                        C::S("Åldersgrupp"),
                        C::S("Ordinarie arbetstid"),
                        C::S("Sjukfrånvaro"),
                    ],
                    vec![
                        C::S("VUXEN"),
                        C::S("2022-01"),
                        C::S("Kvinnor"),
                        C::S("30-50"),
                        C::N(100.0),
                        C::N(5.0),
                    ],
                ],
            ),
            (
                "Indikatorer",
                false,
                vec![
                    vec![C::S("Mål"), C::S("Indikator"), C::S("Målvärde"), C::S("Utfall"), C::S("Bedömning")],
                    vec![C::S("M"), C::S("I"), C::N(1.0), C::N(1.0), C::S("Klart")],
                ],
            ),
        ],
    );
    let run = check(&w);
    assert_eq!(run.code, 1);
    assert_eq!(
        problem_lines(&run),
        [
            "FEL: a.xlsx: Budget!C4: \"Övrigt\" är inte en giltig uppgift i kolumnen Kostnadsslag. Tillåtna värden: Intäkter, Personalkostnader, Lokalkostnader, Kapitalkostnader, Övriga kostnader.",
            "FEL: a.xlsx: Indikatorer!E2: \"Klart\" är inte en giltig uppgift i kolumnen Bedömning. Tillåtna värden: Uppfyllt, Delvis uppfyllt, Ej uppfyllt, Ej utvärderad.",
            "FEL: a.xlsx: Sjukfrånvaro!C2: \"Kvinnor\" är inte en giltig uppgift i kolumnen Kön. Tillåtna värden: Kvinna, Man.",
            "FEL: a.xlsx: Sjukfrånvaro!D2: \"30-50\" är inte en giltig uppgift i kolumnen Åldersgrupp. Tillåtna värden: -29, 30-49, 50-.",
        ]
    );
}

#[test]
fn rule_month_that_is_not_a_month() {
    let w = Work::new();
    workbook(
        &w.input(P, "a.xlsx"),
        &[(
            "Sick leave",
            false,
            vec![
                vec![
                    C::S("Area"),
                    C::S("Month"),
                    C::S("Gender"),
                    C::S("Ordinary hours"),
                    C::S("Sick hours"),
                    C::S("Employees"),
                ],
                vec![C::S("VUXEN"), C::S("juli 2022"), C::S("Man"), C::N(100.0), C::N(5.0), C::N(20.0)],
                vec![C::S("VUXEN"), C::S("2022-07"), C::S("Man"), C::N(100.0), C::N(5.0), C::N(20.0)],
            ],
        )],
    );
    assert_eq!(
        only_problem(&w),
        "FEL: a.xlsx: Sick leave!B2: \"juli 2022\" är inte en månad. Skriv månaden som ett datum eller som text ÅÅÅÅ-MM, t.ex. 2022-07."
    );
}

#[test]
fn rule_date_where_a_number_belongs() {
    let w = Work::new();
    let path = w.input(P, "a.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Budget").unwrap();
    for (c, h) in ["Verksamhetsområde", "Kostnadsslag", "Budget"].iter().enumerate() {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    ws.write_string(1, 0, "VUXEN").unwrap();
    ws.write_string(1, 1, "Intäkter").unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2022, 7, 1).unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    ws.write_datetime_with_format(1, 2, &date, &fmt).unwrap();
    fs_err::create_dir_all(path.parent().unwrap()).unwrap();
    wb.save(&path).unwrap();
    assert_eq!(
        only_problem(&w),
        "FEL: a.xlsx: Budget!C2: cellen innehåller ett datum (2022-07), men kolumnen Budget ska innehålla ett tal. Ändra cellformatet till Tal och skriv in talet."
    );
}

#[test]
fn rule_empty_required_value() {
    let w = Work::new();
    workbook(&w.input(P, "a.xlsx"), &[("Budget", false, budget_rows(&[("VUXEN", "", "Intäkter", C::E)]))]);
    assert_eq!(
        only_problem(&w),
        "FEL: a.xlsx: Budget!D4: kolumnen Budget är tom på en rad med uppgifter. Fyll i ett värde."
    );
}

/// Sets a file's modification time an hour back, as for a file that was
/// dropped in long ago.
fn age(path: &std::path::Path) {
    let f = fs_err::File::options().write(true).open(path).unwrap();
    f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_hours(1)).unwrap();
}

#[test]
fn rule_truncated_workbook_is_one_line_naming_the_file() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi/ok.xlsx");
    let good = w.input(P, "ekonomi/ok.xlsx");
    let bytes = fs_err::read(&good).unwrap();
    fs_err::write(w.input(P, "halv.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    age(&w.input(P, "halv.xlsx"));
    let run = check(&w);
    assert_eq!(run.code, 1);
    let lines = problem_lines(&run);
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert!(lines[0].starts_with("FEL: halv.xlsx: filen kunde inte öppnas som arbetsbok ("), "{}", lines[0]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn rule_a_fresh_broken_workbook_is_still_being_copied() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi/ok.xlsx");
    let bytes = fs_err::read(w.input(P, "ekonomi/ok.xlsx")).unwrap();
    fs_err::write(w.input(P, "kopieras.xlsx"), &bytes[..bytes.len() / 3]).unwrap();
    assert_eq!(
        only_problem(&w),
        "FEL: kopieras.xlsx: filen verkar inte vara färdigkopierad (den ändrades nyss eller medan den lästes). Vänta tills kopieringen är klar och försök igen."
    );
}

#[test]
fn rule_password_protected_workbook_is_named_as_such() {
    // An encrypted .xlsx is an OLE container with these two streams (an
    // .xls, also OLE, has a Workbook stream and is read as one).
    let w = Work::new();
    let mut ole = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for stream in ["/EncryptionInfo", "/EncryptedPackage"] {
        std::io::Write::write_all(&mut ole.create_stream(stream).unwrap(), &[7; 600]).unwrap();
    }
    ole.flush().unwrap();
    fs_err::create_dir_all(w.input(P, "")).unwrap();
    fs_err::write(w.input(P, "hemlig.xlsx"), ole.into_inner().into_inner()).unwrap();
    assert_eq!(
        only_problem(&w),
        "FEL: hemlig.xlsx: filen kunde inte öppnas som arbetsbok (den är krypterad, troligen lösenordsskyddad). Den kan vara skadad, ofullständigt kopierad eller lösenordsskyddad: spara om den från Excel utan lösenord och lägg in den igen."
    );
}

#[test]
fn rule_lock_and_hidden_files_are_skipped_silently_other_files_noted() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi/ok.xlsx");
    fs_err::write(w.input(P, "~$ok.xlsx"), b"lock").unwrap();
    fs_err::write(w.input(P, ".DS_Store"), b"x").unwrap();
    fs_err::write(w.input(P, "läsmig.txt"), b"hej").unwrap();
    let run = check(&w);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        problem_lines(&run),
        ["NOTERING: läsmig.txt: textfilen är ingen huvudboksexport (ingen av dess första rader har kolumnen Konto) och lästes inte."]
    );
}

#[test]
fn rule_other_sheets_are_noted_and_hidden_sheets_read() {
    let w = Work::new();
    workbook(
        &w.input(P, "a.xlsx"),
        &[
            ("Blad1", false, vec![vec![C::S("anteckningar")]]),
            ("Budget", true, budget_rows(&[("VUXEN", "", "Intäkter", C::S("1 40"))])),
        ],
    );
    let run = check(&w);
    assert_eq!(
        problem_lines(&run),
        [
            "NOTERING: a.xlsx: Blad1: bladet \"Blad1\" är inget datablad och lästes inte. Databladen heter: Budget, Prognos, Investeringar, Sjukfrånvaro, Personal, Indikatorer, Åtgärder, Text, Huvudbok.",
            "FEL: a.xlsx: Budget!D4: \"1 40\" är inte ett tal. Kolumnen Budget ska innehålla ett tal, t.ex. 1 400 eller −12 700,5.",
        ]
    );
}

#[test]
fn rule_english_aliases_free_column_order_and_text_numbers_are_accepted() {
    let w = Work::new();
    workbook(
        &w.input(P, "en.xlsx"),
        &[
            (
                " forecast ",
                false,
                vec![
                    vec![C::S("Report")],
                    vec![C::S("Forecast"), C::S("Cost type"), C::S("Extra"), C::S("AREA")],
                    vec![C::S("−12 700,5"), C::S("intäkter"), C::S("x"), C::S("VUXEN")],
                    vec![],
                    vec![C::S("8,26 %"), C::S("Övriga kostnader"), C::E, C::S("VUXEN")],
                ],
            ),
            (
                "Budget",
                false,
                vec![
                    vec![C::S("Area"), C::S("Activity"), C::S("Cost type"), C::S("Budget")],
                    vec![C::S("VUXEN"), C::E, C::S("Intäkter"), C::S("-12\u{a0}700")],
                    vec![C::S("VUXEN"), C::E, C::S("Övriga kostnader"), C::S("8.26%")],
                ],
            ),
        ],
    );
    let run = check(&w);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(problem_lines(&run).is_empty(), "{}", run.stdout);
}

#[test]
fn rule_subtotal_rows_are_checked_not_added() {
    let w = Work::new();
    workbook(
        &w.input(P, "a.xlsx"),
        &[
            (
                "Budget",
                false,
                vec![
                    vec![C::S("Verksamhetsområde"), C::S("Kostnadsslag"), C::S("Budget")],
                    vec![C::S("VUXEN"), C::S("Intäkter"), C::N(-10.0)],
                    vec![C::S("VUXEN"), C::S("Personalkostnader"), C::N(30.0)],
                    vec![C::S("Summa VUXEN"), C::E, C::N(20.0)],
                    vec![C::S("BARN"), C::S("Personalkostnader"), C::N(5.0)],
                    vec![C::S("Summa BARN"), C::E, C::N(6.0)],
                    vec![C::S("Totalt"), C::E, C::N(25.0)],
                ],
            ),
            (
                "Prognos",
                false,
                forecast_rows(&[
                    ("VUXEN", "", "Intäkter", C::N(-10.0)),
                    ("VUXEN", "", "Personalkostnader", C::N(30.0)),
                    ("BARN", "", "Personalkostnader", C::N(5.0)),
                ]),
            ),
        ],
    );
    let run = check(&w);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        problem_lines(&run),
        ["VARNING: a.xlsx: Budget!C6: summaraden \"Summa BARN\" anger 6,00 i kolumnen Budget, men raderna ovanför summerar till 5,00. Summaraden räknas inte med; kontrollera raderna."]
    );
}

#[test]
fn rule_stated_assessment_disagreeing_is_a_warning() {
    let w = Work::new();
    workbook(
        &w.input(P, "k.xlsx"),
        &[(
            "Indikatorer",
            false,
            vec![
                vec![C::S("Mål"), C::S("Indikator"), C::S("Målvärde"), C::S("Utfall"), C::S("Bedömning")],
                vec![C::S("M"), C::S("I"), C::N(100.0), C::N(32.0), C::S("Delvis uppfyllt")],
            ],
        )],
    );
    assert_eq!(
        only_problem(&w),
        "VARNING: k.xlsx: Indikatorer!E2: bedömningen \"Delvis uppfyllt\" skiljer sig från den beräknade \"Ej uppfyllt\" (utfall 32,00 mot målvärde 100,00, högre är bättre). Den angivna bedömningen används."
    );
}

#[test]
fn check_single_files() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi/ok.xlsx");
    workbook(
        &w.input(P, "bad.xlsx"),
        &[("Budget", false, budget_rows(&[("VUXEN", "", "Intäkter", C::S("x"))]))],
    );
    let ok = w.input(P, "ekonomi/ok.xlsx");
    let run = common::tertial(w.path(), &["check", ok.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let bad = w.input(P, "bad.xlsx");
    let run = common::tertial(w.path(), &["check", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("bad.xlsx: Budget!D4: \"x\" är inte ett tal."), "{}", run.stdout);
}

#[test]
fn all_problems_of_a_run_are_reported_sorted_by_file_and_cell() {
    let w = Work::new();
    workbook(
        &w.input(P, "b.xlsx"),
        &[(
            "Budget",
            false,
            budget_rows(&[("V", "", "Intäkter", C::S("y")), ("V", "", "Intäkter", C::S("x"))]),
        )],
    );
    workbook(&w.input(P, "a.xlsx"), &[("Budget", false, budget_rows(&[("V", "", "Nej", C::N(1.0))]))]);
    let run = check(&w);
    let lines = problem_lines(&run);
    let places: Vec<&str> = lines.iter().map(|l| l.split(": ").nth(1).unwrap()).collect();
    assert_eq!(places, ["a.xlsx", "b.xlsx", "b.xlsx"]);
    assert!(lines[1].contains("Budget!D4"), "{lines:?}");
    assert!(lines[2].contains("Budget!D5"), "{lines:?}");
}

#[test]
fn usage_errors_exit_2() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi/ok.xlsx");
    for args in [
        vec!["check", "--no-such-flag"],
        vec!["check", "--period", "2022-T9"],
        vec!["check", "--period", "2021-T2"],
        vec!["check", "--input", "saknas"],
    ] {
        let run = w.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(!run.stderr.is_empty());
    }
    let run = w.run(&["check", "--period", "2022-T9"]);
    assert_eq!(
        run.stderr.trim(),
        "tertial: \"2022-T9\" är ingen period: skriv den som ÅÅÅÅ-MM (månaderna 01–12, t.ex. 2025-10) eller ÅÅÅÅ-T1, ÅÅÅÅ-T2, ÅÅÅÅ-T3 (t.ex. 2022-T2)"
    );
}

#[test]
fn help_explains_each_flag() {
    let run = common::tertial(std::path::Path::new("."), &["check", "--help"]);
    assert_eq!(run.code, 0);
    for flag in ["--input", "--period", "--config"] {
        assert!(run.stdout.contains(flag), "{flag}: {}", run.stdout);
    }
}

/// Regression: a JSON log read by `| head`, whose reader goes after the first line, made the final
/// error line panic ("failed printing to stdout"). Now the run ends with its exit code and no panic.
#[test]
fn regression_a_log_reader_that_goes_away_is_no_panic() {
    let mut child = common::command()
        .args(["check", "--log-format", "json"])
        .current_dir(common::kalmar())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader is gone before the first line is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "{stderr}");
}
