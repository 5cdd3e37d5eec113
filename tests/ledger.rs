//! Ledger exports (Huvudbok sheets): the Kalmar budget from ledger exports
//! in kronor gives every figure of EXPECTED.md, and one small fixture per
//! rule of SPEC.md's "Ledger exports (Huvudbok)".

mod common;

use std::path::Path;

use common::{pdf_text, problem_lines, row_numbers, sheet, workbook, Work, C};

const P: &str = "2022-T2";

fn plain(s: &str) -> String {
    s.replace('\u{a0}', " ")
}

/// The Kalmar fixture with its Budget sheets replaced by two ledger
/// exports (tests/fixtures/kalmar-ledger, built by its make.py).
fn kalmar_ledger() -> Work {
    let w = Work::new();
    let dest = w.path().join("input").join(P);
    fs_err::create_dir_all(&dest).unwrap();
    for e in fs_err::read_dir(common::kalmar().join("input").join(P)).unwrap() {
        let e = e.unwrap();
        if !e.file_name().to_string_lossy().starts_with("ekonomi-") {
            fs_err::copy(e.path(), dest.join(e.file_name())).unwrap();
        }
    }
    let ledger = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kalmar-ledger");
    common::copy_dir(&ledger.join("input").join(P), &dest);
    fs_err::copy(ledger.join("tertial.toml"), w.path().join("tertial.toml")).unwrap();
    w
}

/// The Kalmar ledger fixture with its two Huvudbok workbooks turned into the text exports a
/// ledger's report generator writes: the monthly one `;`-separated in Windows-1252 with decimal
/// commas (`.csv`), the annual one tab-separated UTF-8 with a byte order mark (`.txt`).
fn kalmar_ledger_as_text() -> Work {
    let w = kalmar_ledger();
    let dir = w.path().join("input").join(P);
    for (name, sep, windows) in [("huvudbok-manad", ";", true), ("huvudbok-helar", "\t", false)] {
        let xlsx = dir.join(format!("{name}.xlsx"));
        let mut text = String::new();
        for row in sheet(&xlsx, "Huvudbok").rows() {
            let fields: Vec<String> = row
                .iter()
                .map(|d| match d {
                    calamine::Data::Float(v) if windows => v.to_string().replace('.', ","),
                    calamine::Data::Float(v) => v.to_string(),
                    other => {
                        let t = other.to_string();
                        if t.contains(sep) || t.contains('"') {
                            format!("\"{}\"", t.replace('"', "\"\""))
                        } else {
                            t
                        }
                    }
                })
                .collect();
            text.push_str(&fields.join(sep));
            text.push_str("\r\n");
        }
        let (bytes, ext) = if windows {
            (encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(), "csv")
        } else {
            ([&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(), "txt")
        };
        fs_err::write(dir.join(format!("{name}.{ext}")), bytes).unwrap();
        fs_err::remove_file(&xlsx).unwrap();
    }
    w
}

/// The Kalmar ledger fixture with its two Huvudbok workbooks turned into one SIE 4 file (type 3,
/// PC8): each row's budget as `#PBUDGET` and actual as `#PSALDO` with objects for ansvar (dimension
/// one) and verksamhet (six) — the annual export's budget in January and actual in August — and
/// beside them each account's monthly totals over all objects (`{}`), not to be added again.
fn kalmar_ledger_as_sie() -> Work {
    let w = kalmar_ledger();
    let dir = w.path().join("input").join(P);
    let mut lines = vec![
        "#FLAGGA 0".to_string(),
        "#FORMAT PC8".into(),
        "#SIETYP 3".into(),
        "#FNAMN \"Kalmar kommun\"".into(),
        "#RAR 0 20220101 20221231".into(),
        "#DIM 1 \"Ansvar\"".into(),
        "#DIM 6 \"Verksamhet\"".into(),
    ];
    let mut totals: std::collections::BTreeMap<(String, String, &str), f64> =
        std::collections::BTreeMap::new();
    for name in ["huvudbok-manad", "huvudbok-helar"] {
        let xlsx = dir.join(format!("{name}.xlsx"));
        let range = sheet(&xlsx, "Huvudbok");
        let rows: Vec<Vec<String>> =
            range.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
        let header = rows.iter().position(|r| r.iter().any(|c| c == "Konto")).unwrap();
        let col = |prefix: &str| rows[header].iter().position(|c| c.starts_with(prefix));
        let (konto, ansvar, verks) =
            (col("Konto").unwrap(), col("Ansvar").unwrap(), col("Verksamhet").unwrap());
        let (budget, utfall, period) = (col("Budget").unwrap(), col("Utfall").unwrap(), col("Period"));
        for r in &rows[header + 1..] {
            let digits: String = r[konto].chars().take_while(char::is_ascii_digit).collect();
            if digits.is_empty() || r[ansvar].is_empty() {
                continue;
            }
            let objects = if r[verks].is_empty() {
                format!("1 \"{}\"", r[ansvar])
            } else {
                format!("1 \"{}\" 6 \"{}\"", r[ansvar], r[verks])
            };
            for (label, amount, month) in [
                ("#PBUDGET", &r[budget], period.map_or("202201", |p| r[p].as_str())),
                ("#PSALDO", &r[utfall], period.map_or("202208", |p| r[p].as_str())),
            ] {
                let value: f64 = if amount.is_empty() { 0.0 } else { amount.parse().unwrap() };
                lines.push(format!("{label} 0 {month} {digits} {{{objects}}} {value}"));
                *totals.entry((month.to_string(), digits.clone(), label)).or_default() += value;
            }
        }
        fs_err::remove_file(&xlsx).unwrap();
    }
    for ((month, account, label), sum) in totals {
        lines.push(format!("{label} 0 {month} {account} {{}} {sum}"));
    }
    fs_err::write(dir.join("huvudbok.se"), lines.join("\r\n") + "\r\n").unwrap();
    w
}

fn shown(values: &[f64]) -> Vec<String> {
    values.iter().take(3).map(|v| plain(&tertial::format::tkr(*v))).collect()
}

#[test]
fn kalmar_budget_from_ledger_exports_gives_every_figure_of_expected_md() {
    kalmar_figures(
        &kalmar_ledger(),
        &[
            INTERNAL_NOTES[0],
            INTERNAL_NOTES[1],
            "NOTERING: huvudbok-helar.xlsx: Huvudbok: 4 rader på balans- och finansiella konton (kontoklass 1, 2 och 8) räknas inte med: budget 15,6 tkr, utfall 7,8 tkr.",
            "NOTERING: huvudbok-manad.xlsx: Huvudbok: 1 rader på balans- och finansiella konton (kontoklass 1, 2 och 8) räknas inte med: budget 1,0 tkr, utfall 0,7 tkr.",
            "NOTERING: huvudbok-manad.xlsx: Huvudbok!A4323: raden är en summarad och räknas inte",
        ],
    );
}

#[test]
fn kalmar_budget_from_text_exports_gives_every_figure_of_expected_md() {
    kalmar_figures(
        &kalmar_ledger_as_text(),
        &[
            INTERNAL_NOTES[0],
            INTERNAL_NOTES[1],
            "NOTERING: huvudbok-helar.txt: 4 rader på balans- och finansiella konton (kontoklass 1, 2 och 8) räknas inte med: budget 15,6 tkr, utfall 7,8 tkr.",
            "NOTERING: huvudbok-manad.csv: 1 rader på balans- och finansiella konton (kontoklass 1, 2 och 8) räknas inte med: budget 1,0 tkr, utfall 0,7 tkr.",
            "NOTERING: huvudbok-manad.csv: rad 4323: raden är en summarad och räknas inte",
        ],
    );
}

#[test]
fn kalmar_budget_from_a_sie_file_gives_every_figure_of_expected_md() {
    let notes = kalmar_figures(&kalmar_ledger_as_sie(), &[]);
    // Each balance is a line (row) of its own: the budget's and the actual's of one account.
    let want = "rader på balans- och finansiella konton (kontoklass 1, 2 och 8) räknas inte med";
    assert!(notes.lines().any(|l| l.starts_with("NOTERING: huvudbok.se: ") && l.contains(want)), "{notes}");
}

#[test]
fn rule_a_sie_dimension_may_be_named_by_number() {
    // The activities in dimension 20, named "Verksamhetsgren": `activity_column = "dim:20"`.
    let w = kalmar_ledger_as_sie();
    let sie = w.path().join("input").join(P).join("huvudbok.se");
    let text = fs_err::read_to_string(&sie).unwrap();
    let text =
        text.replace("#DIM 6 \"Verksamhet\"", "#DIM 20 \"Verksamhetsgren\"").replace(" 6 \"", " 20 \"");
    fs_err::write(&sie, text).unwrap();
    let toml = w.path().join("tertial.toml");
    let register = fs_err::read_to_string(&toml).unwrap();
    fs_err::write(
        &toml,
        register.replace("activity_column = \"Verksamhet\"", "activity_column = \"dim:20\""),
    )
    .unwrap();
    kalmar_figures(&w, &[]);
    // A dimension the file has no objects in is an error naming it and the file's dimensions.
    fs_err::write(
        &toml,
        register.replace("activity_column = \"Verksamhet\"", "activity_column = \"dim:21\""),
    )
    .unwrap();
    let run = w.run(&["check", "--period", P]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let want = "FEL: huvudbok.se: SIE-filen har inga objekt i dimension 21, som activity_column = \"dim:21\" under [ledger] i tertial.toml anger; filens objekt är i dimension 1, 20.";
    assert!(problem_lines(&run).iter().any(|l| l.starts_with(want)), "{}", run.stdout);
}

#[test]
fn rule_the_same_ledger_as_a_sie_file_and_a_workbook_is_an_error_naming_both() {
    let w = kalmar_ledger_as_sie();
    let ledger = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kalmar-ledger/input").join(P);
    let dest = w.path().join("input").join(P);
    fs_err::copy(ledger.join("huvudbok-helar.xlsx"), dest.join("huvudbok-helar.xlsx")).unwrap();
    let run = w.run(&["check", "--period", P]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let lines: Vec<String> = problem_lines(&run).iter().map(|l| plain(l)).collect();
    let twice: Vec<&String> = lines.iter().filter(|l| l.contains("samma huvudbok två gånger")).collect();
    assert_eq!(twice.len(), 1, "{lines:#?}");
    assert!(
        twice[0].starts_with("FEL: huvudbok.se: rad ")
            && twice[0].contains("SIE-filen huvudbok.se och huvudbok-helar.xlsx ger båda belopp för samma "),
        "{twice:?}"
    );
    // Without the workbook the SIE file alone is read without error (kalmar_budget_from_a_sie_file…).
}

/// Runs the period and checks every figure of EXPECTED.md in the annex and the report, and that the
/// problems' lines hold each of `notes_wanted`; gives those lines.
fn kalmar_figures(w: &Work, notes_wanted: &[&str]) -> String {
    let run = w.run(&["run", "--period", P]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let lines: Vec<String> = problem_lines(&run).iter().map(|l| plain(l)).collect();
    assert!(!lines.iter().any(|l| l.starts_with("FEL")), "{lines:#?}");
    let annex = w.path().join("output/2022-T2/bilaga-2022-T2.xlsx");
    let drift = sheet(&annex, "Driftredovisning");
    for (label, want) in common::KALMAR_BY_COST_TYPE {
        assert_eq!(shown(&row_numbers(&drift, label)), want, "{label}");
    }
    // The unrounded budget is the published one to the krona: the kronor
    // of thousands of rows summed in whole öre.
    let result = row_numbers(&drift, "Summa RESULTAT");
    assert!((result[0] - 908_436.0).abs() < 1e-6, "{}", result[0]);
    // Utfall comes from the ledgers only (the Prognos sheets have none):
    // 596 052 574,20 kr, as make.py printed.
    assert!((result[3] - 596_052.574_2).abs() < 1e-6, "{result:?}");
    let act = sheet(&annex, "Verksamhet");
    for (label, want) in common::KALMAR_BY_ACTIVITY {
        assert_eq!(shown(&row_numbers(&act, label)), want, "{label}");
    }
    let t = pdf_text(&w.path().join("output/2022-T2/tertialrapport-2022-T2.pdf"));
    for row in [
        "Intäkter −77 174 −82 599 5 425",
        "Personalkostnader 637 522 629 622 7 900",
        "Kapitalkostnader 1 760 1 760 0",
        "Summa RESULTAT 908 436 921 136 −12 700",
        "BARN o FAMILJ 207 870 221 970 −14 100",
        "VUXEN 232 425 243 225 −10 800",
    ] {
        let found = t.lines().any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ").starts_with(row));
        assert!(found, "no line starting {row:?} in\n{t}");
    }
    let notes = lines.join("\n");
    for want in notes_wanted {
        assert!(notes.contains(want), "{want}\nnot in\n{notes}");
    }
    notes
}

/// What is internal (a Motpart of the municipality's own) is stated, per sheet.
const INTERNAL_NOTES: [&str; 2] = [
    "interna poster (motpart inom kommunen) på Lokalkostnader räknas med",
    "interna poster (motpart inom kommunen) på Intäkter räknas med",
];

#[test]
fn one_unmapped_account_is_an_error_naming_its_cell() {
    let w = kalmar_ledger();
    let rows = vec![
        vec![C::S("Ansvar"), C::S("Verksamhet"), C::S("Konto"), C::S("Budget")],
        vec![C::S("5210"), C::S("7200"), C::S("9110 Okänt konto"), C::N(1000.0)],
    ];
    workbook(&w.input(P, "rattelse.xlsx"), &[("Huvudbok", false, rows)]);
    for cmd in ["check", "run"] {
        let run = w.run(&[cmd, "--period", P]);
        assert_eq!(run.code, 1, "{cmd}: {}", run.stdout);
        let errors: Vec<String> = problem_lines(&run).into_iter().filter(|l| l.starts_with("FEL")).collect();
        assert_eq!(
            errors,
            ["FEL: rattelse.xlsx: Huvudbok!C2: Konto \"9110\" hör inte till något kostnadsslag (konton i klass 0 och 9 och okända konton räknas inte till driften) i tertial.toml. Lägg till koden (eller dess början) under [ledger.accounts], t.ex. \"9110\" = \"…\"."],
            "{cmd}"
        );
    }
    assert!(!w.path().join("output/2022-T2/bilaga-2022-T2.xlsx").exists());
}

/// A register with two areas, the second with activities, and a ledger
/// mapping.
const REGISTER: &str = r#"
municipality = "Provkommun"
committee = "Provnämnden"
[[areas]]
name = "STAB"
[[areas]]
name = "VUXEN"
activities = ["Missbruk", "Bistånd"]
[[areas]]
name = "BARN"
activities = ["Placeringar"]
[ledger]
internal_counterparty = ["1"]
[ledger.areas]
"51" = "STAB"
"55" = "VUXEN"
"52" = "BARN"
[ledger.activities]
"751" = "Missbruk"
"753" = "Bistånd"
"721" = "Placeringar"
[ledger.accounts]
"8592" = "Kapitalkostnader"
"4999" = "Ignorera"
"#;

fn ledger_work(extra: &str) -> Work {
    let w = Work::new();
    fs_err::write(w.path().join("tertial.toml"), format!("{REGISTER}{extra}")).unwrap();
    w
}

fn ledger_rows(header: &[&'static str], rows: &[&[C]]) -> Vec<Vec<C>> {
    let mut out = vec![header.iter().copied().map(C::S).collect::<Vec<_>>()];
    out.extend(rows.iter().map(|r| r.to_vec()));
    out
}

/// A Prognos sheet for the keys the ledger rows of the rule tests give.
fn forecast(w: &Work, lines: &[(&'static str, &'static str, &'static str, f64)]) {
    let lines: Vec<common::Line> = lines.iter().map(|(a, v, c, x)| (*a, *v, *c, C::N(*x))).collect();
    workbook(&w.input(P, "prognos.xlsx"), &[("Prognos", false, common::forecast_rows(&lines))]);
}

/// The exit code and problem lines of `check`, no-break spaces plain.
fn check(w: &Work) -> (i32, Vec<String>) {
    let run = w.run(&["check", "--period", P]);
    (run.code, problem_lines(&run).iter().map(|l| plain(l)).collect())
}

const HEADER: &[&str] = &["Ansvar", "Verksamhet", "Konto", "Motpart", "Budget 2022"];

#[test]
fn rule_kronor_become_tkr_exactly_and_internal_postings_are_noted() {
    let w = ledger_work("");
    let rows = ledger_rows(
        HEADER,
        &[
            &[C::N(5110.0), C::E, C::S("5011 Månadslön"), C::E, C::N(1_234_567.89)],
            &[C::S("5120"), C::S(""), C::S("6013 Interna hyror"), C::S("1100"), C::S("250 000,01")],
            &[C::S("5120"), C::E, C::S("8592"), C::E, C::N(1000.0)],
            &[C::S("5120"), C::E, C::S("3110"), C::E, C::N(-500_000.0)],
        ],
    );
    workbook(&w.input(P, "hb.xlsx"), &[("Huvudbok", false, rows)]);
    forecast(
        &w,
        &[
            ("STAB", "", "Personalkostnader", 1200.0),
            ("STAB", "", "Lokalkostnader", 250.0),
            ("STAB", "", "Kapitalkostnader", 1.0),
            ("STAB", "", "Intäkter", -500.0),
        ],
    );
    let run = w.run(&["run", "--period", P]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let drift = sheet(&w.path().join("output/2022-T2/bilaga-2022-T2.xlsx"), "Driftredovisning");
    assert!((row_numbers(&drift, "Personalkostnader")[0] - 1_234.567_89).abs() < 1e-9);
    assert!((row_numbers(&drift, "Lokalkostnader")[0] - 250.000_01).abs() < 1e-9);
    assert!((row_numbers(&drift, "Kapitalkostnader")[0] - 1.0).abs() < 1e-9);
    assert!((row_numbers(&drift, "Summa RESULTAT")[0] - 985.567_9).abs() < 1e-9);
    let lines: Vec<String> = problem_lines(&run).iter().map(|l| plain(l)).collect();
    assert!(
        lines.contains(
            &"NOTERING: hb.xlsx: Huvudbok: 1 interna poster (motpart inom kommunen) på Lokalkostnader räknas med: budget 250,0 tkr."
                .to_string()
        ),
        "{lines:#?}"
    );
}

#[test]
fn rule_unknown_codes_are_errors_naming_the_section_to_add_them_to() {
    let w = ledger_work("");
    let rows = ledger_rows(
        HEADER,
        &[
            &[C::S("5910"), C::E, C::S("5011"), C::E, C::N(1000.0)],
            &[C::S("5510"), C::S("7999"), C::S("5011"), C::E, C::N(1000.0)],
            &[C::S("5510"), C::S("7210"), C::S("5011"), C::E, C::N(1000.0)],
            &[C::S("5510"), C::S("7510"), C::S("Lön"), C::E, C::N(1000.0)],
            &[C::S("5510"), C::S("7510"), C::S("0110"), C::E, C::N(1000.0)],
        ],
    );
    workbook(&w.input(P, "hb.xlsx"), &[("Huvudbok", false, rows)]);
    let (code, lines) = check(&w);
    assert_eq!(code, 1);
    let errors: Vec<&String> = lines.iter().filter(|l| l.starts_with("FEL")).collect();
    assert_eq!(errors, [
        "FEL: hb.xlsx: Huvudbok!A2: Ansvar \"5910\" hör inte till något verksamhetsområde i tertial.toml. Lägg till koden (eller dess början) under [ledger.areas], t.ex. \"5910\" = \"…\".",
        "FEL: hb.xlsx: Huvudbok!B3: Verksamhet \"7999\" hör inte till någon verksamhet under VUXEN i tertial.toml. Lägg till koden (eller dess början) under [ledger.activities], t.ex. \"7999\" = \"…\".",
        "FEL: hb.xlsx: Huvudbok!B4: verksamhetskoden \"7210\" betyder \"Placeringar\", som inte är en verksamhet under VUXEN (radens ansvar). Rätta koden på raden eller mappningen under [ledger.activities] i tertial.toml.",
        "FEL: hb.xlsx: Huvudbok!C5: \"Lön\" börjar inte med ett kontonummer. Konto ska börja med kontots siffror, t.ex. \"6013 Interna hyror\".",
        "FEL: hb.xlsx: Huvudbok!C6: Konto \"0110\" hör inte till något kostnadsslag (konton i klass 0 och 9 och okända konton räknas inte till driften) i tertial.toml. Lägg till koden (eller dess början) under [ledger.accounts], t.ex. \"0110\" = \"…\".",
    ].map(String::from).iter().collect::<Vec<_>>());
    // No second problem for one fault: the unplaced rows' keys are not
    // reported as budget without forecast.
    assert!(!lines.iter().any(|l| l.contains("ingen prognos")), "{lines:#?}");
}

#[test]
fn rule_other_committees_are_left_out_with_a_note_when_asked() {
    let w = ledger_work("");
    let text = fs_err::read_to_string(w.path().join("tertial.toml")).unwrap();
    fs_err::write(
        w.path().join("tertial.toml"),
        text.replace("[ledger]\n", "[ledger]\nunknown_ansvar = \"ignore\"\n"),
    )
    .unwrap();
    let rows = ledger_rows(
        HEADER,
        &[
            &[C::S("5110"), C::E, C::S("5011"), C::E, C::N(100_000.0)],
            &[C::S("6110"), C::E, C::S("5011"), C::E, C::N(7_000.0)],
            &[C::S("6120"), C::E, C::S("9999"), C::E, C::N(3_000.0)],
        ],
    );
    workbook(&w.input(P, "hb.xlsx"), &[("Huvudbok", false, rows)]);
    forecast(&w, &[("STAB", "", "Personalkostnader", 100.0)]);
    let (code, lines) = check(&w);
    assert_eq!(code, 0, "{lines:#?}");
    assert!(lines.contains(&"NOTERING: hb.xlsx: Huvudbok: 2 rader på ansvar som inte finns i [ledger.areas] (unknown_ansvar = \"ignore\") räknas inte med: budget 10,0 tkr.".to_string()), "{lines:#?}");
}

#[test]
fn rule_a_reversed_export_is_an_error_suggesting_sign_vant() {
    let w = ledger_work("");
    let rows = ledger_rows(
        HEADER,
        &[
            &[C::S("5110"), C::E, C::S("3110"), C::E, C::N(400_000.0)],
            &[C::S("5110"), C::E, C::S("5011"), C::E, C::N(-1_000_000.0)],
        ],
    );
    workbook(&w.input(P, "hb.xlsx"), &[("Huvudbok", false, rows.clone())]);
    let (code, lines) = check(&w);
    assert_eq!(code, 1);
    assert!(lines.contains(&"FEL: hb.xlsx: Huvudbok: intäkterna summerar till 400 tkr och kostnaderna till −1 000 tkr: exporten verkar ha omvänt tecken (intäkter ska vara negativa och kostnader positiva). Ange sign = \"vänt\" under [ledger] i tertial.toml, eller exportera med kostnader positiva.".to_string()), "{lines:#?}");
    // With sign = "vänt" the same export is read with its signs turned.
    let text = fs_err::read_to_string(w.path().join("tertial.toml")).unwrap();
    fs_err::write(w.path().join("tertial.toml"), text.replace("[ledger]\n", "[ledger]\nsign = \"vänt\"\n"))
        .unwrap();
    forecast(&w, &[("STAB", "", "Intäkter", -400.0), ("STAB", "", "Personalkostnader", 1000.0)]);
    let run = w.run(&["run", "--period", P]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let drift = sheet(&w.path().join("output/2022-T2/bilaga-2022-T2.xlsx"), "Driftredovisning");
    assert_eq!(row_numbers(&drift, "Summa RESULTAT")[0..3], [600.0, 600.0, 0.0]);
}

#[test]
fn rule_nothing_is_counted_twice_from_a_budget_sheet_and_a_ledger() {
    let w = ledger_work("");
    let rows = ledger_rows(
        &["Ansvar", "Verksamhet", "Konto", "Budget", "Utfall"],
        &[&[C::S("5110"), C::E, C::S("5011"), C::N(100_000.0), C::N(60_000.0)]],
    );
    workbook(&w.input(P, "hb.xlsx"), &[("Huvudbok", false, rows)]);
    let budget = common::budget_rows(&[("STAB", "", "Personalkostnader", C::N(100.0))]);
    let forecast = vec![
        common::header("Prognos").into_iter().chain([C::S("Utfall")]).collect(),
        vec![C::S("STAB"), C::E, C::S("Personalkostnader"), C::N(100.0), C::N(60.0)],
    ];
    workbook(&w.input(P, "stab.xlsx"), &[("Budget", false, budget), ("Prognos", false, forecast)]);
    let (code, lines) = check(&w);
    assert_eq!(code, 1);
    let errors: Vec<&String> = lines.iter().filter(|l| l.starts_with("FEL")).collect();
    assert_eq!(errors, [
        "FEL: hb.xlsx: Huvudbok!A2: STAB / Personalkostnader får utfall både från Prognos-bladet i stab.xlsx och från huvudboken i hb.xlsx; inget räknas två gånger, så underlaget måste rättas. Ta bort det ena.",
        "FEL: hb.xlsx: Huvudbok!A2: STAB får budget både från Budget-bladet i stab.xlsx och från huvudboken i hb.xlsx; inget räknas två gånger, så underlaget måste rättas. Ta bort det ena.",
    ].map(String::from).iter().collect::<Vec<_>>());
}

#[test]
fn rule_monthly_rows_sum_the_budget_and_the_actual_to_the_period_end() {
    let w = ledger_work("");
    let mut rows = vec![vec![C::S("Period"), C::S("Ansvar"), C::S("Konto"), C::S("Budget"), C::S("Utfall")]];
    for month in 1..=12 {
        let actual = if month == 10 {
            5_000.0
        } else if month <= 8 {
            1_000.0
        } else {
            0.0
        };
        rows.push(vec![
            C::N(f64::from(202_200 + month)),
            C::S("5110"),
            C::S("5011"),
            C::N(2_000.0),
            C::N(actual),
        ]);
    }
    rows.push(vec![C::S("2021-12"), C::S("5110"), C::S("5011"), C::N(2_000.0), C::E]);
    workbook(&w.input(P, "hb.xlsx"), &[("Huvudbok", false, rows.clone())]);
    let (code, lines) = check(&w);
    assert_eq!(code, 1);
    assert!(lines.contains(&"FEL: hb.xlsx: Huvudbok!A14: perioden \"2021-12\" ligger inte i 2022; raden räknas inte. Exportera bara perioderna i 2022.".to_string()), "{lines:#?}");
    rows.pop();
    workbook(&w.input(P, "hb.xlsx"), &[("Huvudbok", false, rows)]);
    forecast(&w, &[("STAB", "", "Personalkostnader", 24.0)]);
    let run = w.run(&["run", "--period", P]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(problem_lines(&run).contains(&"VARNING: hb.xlsx: Huvudbok!E11: utfallet för 2022-10 ligger efter periodens slut (2022-08) och räknas inte.".to_string()), "{}", run.stdout);
    let drift = sheet(&w.path().join("output/2022-T2/bilaga-2022-T2.xlsx"), "Driftredovisning");
    // Budget 12 × 2 000 kr, actual 8 × 1 000 kr (October's not counted).
    let staff = row_numbers(&drift, "Personalkostnader");
    assert_eq!((staff[0], staff[3]), (24.0, 8.0), "{staff:?}");
}

#[test]
fn rule_an_amount_header_of_another_year_is_refused() {
    let w = ledger_work("");
    let rows = ledger_rows(
        &["Ansvar", "Konto", "Budget 2021", "Helårsprognos 2022"],
        &[&[C::S("5110"), C::S("5011"), C::N(1000.0), C::N(1000.0)]],
    );
    workbook(&w.input(P, "hb.xlsx"), &[("Huvudbok", false, rows)]);
    let (code, lines) = check(&w);
    assert_eq!(code, 1);
    let errors: Vec<&String> = lines.iter().filter(|l| l.starts_with("FEL")).collect();
    assert_eq!(errors, [
        "FEL: hb.xlsx: Huvudbok!C1: rubriken \"Budget 2021\" gäller 2021, men perioden är 2022; bladet lästes inte, så att inget annat års belopp räknas. Exportera huvudboken för 2022.",
    ].map(String::from).iter().collect::<Vec<_>>());
}

#[test]
fn rule_a_bad_ledger_section_is_a_configuration_error() {
    for (from, to, want) in [
        ("\"4999\" = \"Ignorera\"", "\"4999\" = \"Räntor\"", "kostnadsslaget ska vara ett av"),
        ("\"52\" = \"BARN\"", "\"52\" = \"BARNEN\"", "\"BARNEN\" är inget av verksamhetsområdena [[areas]]"),
        (
            "\"753\" = \"Bistånd\"",
            "\"753\" = \"Bistånd\"\n\" 753\" = \"Missbruk\"",
            "anger koden \"753\" två gånger",
        ),
    ] {
        let w = ledger_work("");
        let text = fs_err::read_to_string(w.path().join("tertial.toml")).unwrap();
        assert!(text.contains(from));
        fs_err::write(w.path().join("tertial.toml"), text.replace(from, to)).unwrap();
        common::clean_economy(&w, P, "e.xlsx");
        let run = w.run(&["check", "--period", P]);
        assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(want), "{want}: {}", run.stderr);
    }
}

/// The small text exports of tests/fixtures/ledger-text: a monthly `;` Windows-1252 export and an
/// annual tab UTF-8 one with title lines above its header.
fn text_exports() -> Work {
    let w = Work::bare();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledger-text");
    let dest = w.path().join("input").join(P);
    fs_err::create_dir_all(&dest).unwrap();
    for name in ["huvudbok-manad.csv", "huvudbok-helar.txt"] {
        fs_err::copy(fixture.join(name), dest.join(name)).unwrap();
    }
    fs_err::copy(fixture.join("tertial.toml"), w.path().join("tertial.toml")).unwrap();
    w
}

#[test]
fn rule_a_text_export_is_read_and_its_problems_name_the_line_and_the_column() {
    let w = text_exports();
    let clean = w.run(&["check", "--period", P]);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
    assert!(clean.stdout.contains("Kontroll av 2022-T2: 2 filer lästa; 0 fel"), "{}", clean.stdout);
    // Two bad lines at the end of the Windows-1252 export.
    let manad = w.input(P, "huvudbok-manad.csv");
    let mut bytes = fs_err::read(&manad).unwrap();
    bytes.extend(b"202204;5010 L\xf6ner;5210;7200;;12 4OO;1;1\r\n202204;5010 L\xf6ner;9999;7200;;5;1;1\r\n");
    fs_err::write(&manad, bytes).unwrap();
    // One cut short inside a quote, and one that is no ledger export.
    fs_err::write(w.input(P, "trasig.csv"), "Ansvar;Konto;Budget\n5210;5010;1\n5210;\"5010;2\n").unwrap();
    fs_err::write(w.input(P, "kontakter.csv"), "Namn;E-post\nAnna;anna@example.se\n").unwrap();
    for cmd in ["check", "run"] {
        let run = w.run(&[cmd, "--period", P]);
        assert_eq!(run.code, 1, "{cmd}: {}", run.stdout);
        let lines: Vec<String> = problem_lines(&run).iter().map(|l| plain(l)).collect();
        for want in [
            "FEL: huvudbok-manad.csv: rad 9, kolumn Budget: \"12 4OO\" är inte ett tal. Kolumnen Budget ska innehålla ett tal, t.ex. 1 400 eller −12 700,5.",
            "FEL: huvudbok-manad.csv: rad 10, kolumn Ansvar: Ansvar \"9999\" hör inte till något verksamhetsområde i tertial.toml. Lägg till koden (eller dess början) under [ledger.areas], t.ex. \"9999\" = \"…\".",
            "FEL: trasig.csv: filen kunde inte läsas som huvudboksexport: citattecknet på rad 3 stängs aldrig, så resten av filen blir en enda text; filen kan vara avkortad. Exportera den igen.",
            "NOTERING: kontakter.csv: textfilen är ingen huvudboksexport (ingen av dess första rader har kolumnen Konto) och lästes inte.",
            "NOTERING: huvudbok-manad.csv: rad 8: raden är en summarad och räknas inte; tertial summerar huvudbokens rader själv.",
        ] {
            assert!(lines.iter().any(|l| l == want), "{cmd}: {want}\nnot in\n{lines:#?}");
        }
    }
}

/// The SIE fixture (tests/fixtures/ledger-text) with an ansvar that maps to nothing on line 21;
/// gives the work folder and the period folder.
fn sie_with_an_unmapped_ansvar() -> (Work, std::path::PathBuf) {
    let w = Work::bare();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledger-text");
    let dest = w.path().join("input").join(P);
    fs_err::create_dir_all(&dest).unwrap();
    fs_err::copy(fixture.join("tertial.toml"), w.path().join("tertial.toml")).unwrap();
    let mut sie = fs_err::read(fixture.join("huvudbok.se")).unwrap();
    sie.extend(b"#PBUDGET 0 202203 5010 {1 \"9999\" 6 \"7200\"} 10\r\n");
    fs_err::write(dest.join("huvudbok.se"), &sie).unwrap();
    (w, dest)
}

#[test]
fn rule_a_sie_file_is_read_and_its_problems_name_the_line() {
    let (w, dest) = sie_with_an_unmapped_ansvar();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledger-text");
    // One cut short inside an object list.
    fs_err::write(
        dest.join("trasig.si"),
        "#FLAGGA 0\n#RAR 0 20220101 20221231\n#PSALDO 0 202201 5010 {1 \"52",
    )
    .unwrap();
    // A file changed after its export: its #KSUMMA does not match.
    fs_err::write(
        dest.join("andrad.se"),
        "#FLAGGA 0\n#KSUMMA\n#PSALDO 0 202201 5010 {1 \"5210\"} 900\n#KSUMMA 12345\n",
    )
    .unwrap();
    // Object lists that overlap: a balance per dimension beside the combination, which summed would
    // count the amount twice; the account's {} total says so.
    fs_err::write(
        dest.join("per-dimension.se"),
        "#FLAGGA 0\n#RAR 0 20220101 20221231\n#PSALDO 0 202201 5010 {1 \"5210\" 6 \"7200\"} 900\n\
         #PSALDO 0 202201 5010 {6 \"7200\"} 900\n#PSALDO 0 202201 5010 {} 900\n",
    )
    .unwrap();
    // A file of another year: named at its #RAR line.
    let other_year = String::from_utf8_lossy(&fs_err::read(fixture.join("huvudbok.se")).unwrap())
        .replace("#RAR 0 20220101 20221231", "#RAR 0 20210101 20211231")
        .replace(" 2022", " 2021");
    fs_err::write(dest.join("forra-aret.sie"), other_year).unwrap();
    let run = w.run(&["check", "--period", P]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let lines: Vec<String> = problem_lines(&run).iter().map(|l| plain(l)).collect();
    assert!(
        lines.iter().any(|l| l.starts_with(
            "FEL: forra-aret.sie: rad 6: rubriken \"Budget 2021\" gäller 2021, men perioden är 2022"
        )),
        "{lines:#?}"
    );
    for want in [
        "FEL: andrad.se: filen kunde inte läsas som huvudboksexport: kontrollsumman på rad 4 (#KSUMMA 12345) stämmer inte med innehållet: filen har ändrats eller kortats efter exporten. Exportera den igen.",
        "FEL: huvudbok.se: rad 21 (#PBUDGET 0 202203 5010 {1 \"9999\" 6 \"7200\"} 10): Ansvar \"9999\" hör inte till något verksamhetsområde i tertial.toml. Lägg till koden (eller dess början) under [ledger.areas], t.ex. \"9999\" = \"…\".",
        "FEL: per-dimension.se: filen kunde inte läsas som huvudboksexport: rad 5: kontots summa över alla objekt ({}) för utfall på konto 5010 202201 är 900,00 kr, men raderna med objekt summerar till 1 800,00 kr. Objektlistorna överlappar (t.ex. ett saldo per dimension bredvid kombinationerna) eller en del av beloppet saknar objekt, så beloppen skulle räknas fel. Exportera med ett saldo per kombination av objekt (ansvar och verksamhet tillsammans) och alla kostnader på ett ansvar.",
        "FEL: trasig.si: filen kunde inte läsas som huvudboksexport: rad 3 går inte att tolka som SIE (\"#PSALDO 0 202201 5010 {1 \"52\"): ett citattecken eller { stängs aldrig, eller ett fält saknas; filen kan vara avkortad. Exportera den igen.",
    ] {
        assert!(lines.iter().any(|l| l == want), "{want}\nnot in\n{lines:#?}");
    }
    // The file's own balances are read: no problem names its other lines but for the missing
    // forecasts (a SIE file has none; they come from Prognos sheets).
    assert!(
        lines
            .iter()
            .filter(|l| l.starts_with("FEL: huvudbok.se"))
            .all(|l| l.contains("rad 21") || l.contains("ingen prognos")),
        "{lines:#?}"
    );
}

#[test]
fn a_sie_files_problems_on_the_status_page_name_the_line_and_show_it() {
    let (w, _) = sie_with_an_unmapped_ansvar();
    let run = w.run(&["run", "--period", P]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let page = fs_err::read_to_string(w.path().join("output/status-2022-T2.html")).unwrap();
    let table = &page[page.find("<h3>huvudbok.se</h3>").expect("the file's problems")..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(table.contains("<th scope=\"col\">Rad</th>") && !table.contains("Blad!cell"), "{table}");
    let row = table.split("<tr>").find(|r| r.contains("9999")).expect("the unmapped ansvar's row");
    assert!(row.contains("<td class=\"where\">rad 21</td>"), "{row}");
    assert!(row.contains("<code class=\"line\">#PBUDGET 0 202203 5010 {1 "), "{row}");
}
