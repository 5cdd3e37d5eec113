//! The messages are part of the product: `check` and `run` on a fixture
//! with one fault of each common kind, exit code and whole output
//! snapshot-tested (insta), the working folder's path masked.

mod common;

use std::fmt::Write as _;

use common::{economy, workbook, Work, C};

const P: &str = "2022-T2";

/// A period with a text that is not a number, a budget with no forecast, a
/// forecast with no budget, a subtotal that does not add up and a sheet
/// that is not a data sheet.
fn faults() -> Work {
    let w = Work::new();
    economy(
        &w,
        P,
        "ekonomi/barn.xlsx",
        &[
            ("BARN", "Förskola", "Personalkostnader", C::N(1_200.0)),
            ("BARN", "Förskola", "Lokalkostnader", C::S("12 4OO")),
            ("BARN", "Fritids", "Personalkostnader", C::N(300.0)),
        ],
        &[
            ("BARN", "Förskola", "Personalkostnader", C::N(1_250.0)),
            ("BARN", "Förskola", "Övriga kostnader", C::N(40.0)),
        ],
    );
    workbook(&w.input(P, "anteckningar.xlsx"), &[("Blad1", false, vec![vec![C::S("Att göra")]])]);
    w
}

/// Exit code, standard output and standard error, with the working
/// folder's path masked.
fn shown(w: &Work, args: &[&str]) -> String {
    let run = w.run(args);
    let root = w.path().display().to_string();
    format!("exit code: {}\n--- stdout\n{}--- stderr\n{}", run.code, run.stdout, run.stderr)
        .replace(&root, "[WORK]")
}

#[test]
fn check_output() {
    insta::assert_snapshot!(shown(&faults(), &["check", "--period", P]));
}

#[test]
fn run_output() {
    insta::assert_snapshot!(shown(&faults(), &["run", "--period", P]));
}

#[test]
fn run_output_when_clean() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    insta::assert_snapshot!(shown(&w, &["run", "--period", P]));
}

#[test]
fn usage_error_output() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    insta::assert_snapshot!(shown(&w, &["run", "--period", "2022-T3"]));
    insta::assert_snapshot!(shown(&w, &["run", "--period", "2022-T3", "--log-format", "json"])
        .split("\"time\"")
        .next()
        .unwrap_or_default()
        .to_string());
}

#[test]
fn usage_errors_in_json_logs_are_one_object_per_line_with_the_exit_code() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    let file = w.path().join("en-fil");
    fs_err::write(&file, "x").unwrap();
    for args in [
        vec!["run", "--period", "2022-T3", "--log-format", "json"],
        vec!["run", "--log-format", "json", "--output", file.to_str().unwrap()],
        vec!["run", "--log-format", "json", "--no-such-flag"],
        vec!["check", "--log-format=json", "--period", "2022-T9"],
    ] {
        let run = w.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
        let events: Vec<serde_json::Value> =
            run.stdout.lines().map(|l| serde_json::from_str(l).expect(l)).collect();
        assert_eq!(events.len(), 1, "{args:?}: {}", run.stdout);
        assert_eq!(events[0]["event"], "error");
        assert_eq!(events[0]["exit_code"], 2);
        assert!(events[0]["time"].as_str().is_some_and(|t| t.ends_with('Z')));
    }
}

#[test]
fn an_output_folder_that_is_a_file_is_a_usage_error_said_once() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    fs_err::write(w.path().join("utdata"), "x").unwrap();
    let run = w.run(&["run", "--output", "utdata"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "tertial: utdatamappen utdata är en fil, ingen mapp; ange en mapp med --output"
    );
}

#[test]
fn help_lists_the_exit_codes() {
    let run = Work::new().run(&["--help"]);
    assert_eq!(run.code, 0);
    for line in ["Slutkoder:", "1  fel i underlaget", "2  fel i kommandoraden", "4  en annan körning"] {
        assert!(run.stdout.contains(line), "{line}: {}", run.stdout);
    }
}

#[test]
fn help_is_swedish() {
    let w = Work::new();
    insta::assert_snapshot!(shown(&w, &["--help"]));
    insta::assert_snapshot!(shown(&w, &["run", "--help"]));
    insta::assert_snapshot!(shown(&w, &["check", "-h"]));
}

#[test]
fn usage_and_configuration_errors_are_swedish() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    let mut all = String::new();
    for args in [
        &["run", "--foo"][..],
        &["chek"],
        &["run", "--log-format", "xml"],
        &["run", "--wait", "x"],
        &["check", "--period", "2022-T9"],
        &["check", "--input", "saknas"],
        &["run", "--template", "saknas.typ"],
        &["check", "saknas.xlsx"],
    ] {
        writeln!(all, "$ tertial {}\n{}", args.join(" "), shown(&w, args)).unwrap();
    }
    for register in [
        "municipality = \"Provkommun\"\ncomittee = \"Provnämnden\"\n",
        "[options]\nlanguage = \"de\"\n",
        "[options]\nindicator_tolerance = 10\n",
        "[options]\nunit = 12\n",
        "[[areas]]\nname = \"VUXEN\"\n[ledger]\nsign = \"minus\"\n",
        "[[areas]]\nname = \"VUXEN\"\n[ledger.areas]\n\"52\" = \"BARN\"\n",
        "municipality = \"Provkommun\n",
    ] {
        fs_err::write(w.path().join("tertial.toml"), register).unwrap();
        writeln!(all, "$ tertial check   # tertial.toml:\n{register}{}", shown(&w, &["check"])).unwrap();
    }
    insta::assert_snapshot!(all);
}

#[test]
fn an_os_error_is_said_once() {
    let w = Work::new();
    common::clean_economy(&w, P, "ekonomi.xlsx");
    let run = w.run(&["run", "--config", "finns-inte.toml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stderr.matches("os error 2").count(), 1, "{}", run.stderr);
}
