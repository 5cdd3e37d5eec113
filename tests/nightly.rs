//! Safe for the nightly run: killed runs, concurrent runs, unchanged
//! inputs, the JSON log, and a suite of broken and hostile inputs.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{budget_rows, forecast_rows, kalmar_work, workbook, Work, C};

const P: &str = "2022-T2";

fn spawn(w: &Work, args: &[&str]) -> std::process::Child {
    common::command()
        .args(args)
        .current_dir(w.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The period's output folder holds exactly the annex, the report, the facts, the history and
/// the manifest, and the manifest's hashes are those of the files: one set.
fn assert_complete_set(dir: &Path) {
    let mut names: Vec<String> = fs_err::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["bilaga-2022-T2.xlsx", "data", "historik.json", "manifest.json", "tertialrapport-2022-T2.pdf"],
        "in {}",
        dir.display()
    );
    let m: serde_json::Value =
        serde_json::from_slice(&fs_err::read(dir.join("manifest.json")).unwrap()).unwrap();
    for o in m["outputs"].as_array().unwrap() {
        let bytes = fs_err::read(dir.join(o["path"].as_str().unwrap())).unwrap();
        assert_eq!(o["sha256"].as_str().unwrap(), tertial::read::sha256_hex(&bytes), "{o}");
    }
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut v = Vec::new();
    for e in fs_err::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(snapshot(&p));
        } else {
            let m = fs_err::metadata(&p).unwrap().modified().unwrap();
            v.push((p.clone(), fs_err::read(&p).unwrap(), m));
        }
    }
    v.sort();
    v
}

#[test]
fn killed_runs_leave_the_previous_outputs_intact_and_complete() {
    let w = kalmar_work();
    assert_eq!(w.run(&["run"]).code, 0);
    let out = w.path().join("output/2022-T2");
    assert_complete_set(&out);
    // A changed input, so that every run below really rebuilds.
    let budget = w.input(P, "ekonomi-01.xlsx");
    let original = fs_err::read(&budget).unwrap();
    for i in 0..16u64 {
        if i % 2 == 0 {
            fs_err::copy(w.input(P, "ekonomi-02.xlsx"), w.path().join("input/2022-T2/extra.xlsx")).ok();
        } else {
            fs_err::remove_file(w.path().join("input/2022-T2/extra.xlsx")).ok();
        }
        let mut child = spawn(&w, &["run", "--force", "--allow-partial", "--wait", "5"]);
        // Under Wine a run takes some seconds, most of them starting: the kills are spread over
        // as long.
        let scale = if std::env::var_os("TERTIAL_WINE_EXE").is_some() { 20 } else { 1 };
        std::thread::sleep(Duration::from_millis((5 + i * 17) * scale));
        child.kill().ok();
        child.wait().unwrap();
        assert_complete_set(&out);
    }
    fs_err::write(&budget, original).unwrap();
    fs_err::remove_file(w.path().join("input/2022-T2/extra.xlsx")).ok();
    let run = w.run(&["run", "--force"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_complete_set(&out);
    // Nothing of the killed runs is left beside the outputs.
    let leftovers: Vec<String> = fs_err::read_dir(w.path().join("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "2022-T2" && n != ".tertial.lock" && n != "status-2022-T2.html")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // No parse cache is kept: every run reads every workbook.
    assert!(!w.path().join("output/.cache").exists());
}

#[test]
fn two_runs_at_once_one_wins_the_other_refuses_and_outputs_are_consistent() {
    let w = kalmar_work();
    let a = spawn(&w, &["run", "--force"]);
    let b = spawn(&w, &["run", "--force"]);
    let a = a.wait_with_output().unwrap();
    let b = b.wait_with_output().unwrap();
    let codes = [a.status.code().unwrap(), b.status.code().unwrap()];
    assert!(codes.contains(&0), "{codes:?}");
    for (o, c) in [(&a, codes[0]), (&b, codes[1])] {
        assert!(c == 0 || c == 4, "{c}: {}", String::from_utf8_lossy(&o.stderr));
        if c == 4 {
            assert!(String::from_utf8_lossy(&o.stderr).contains("en annan körning av tertial"));
        }
    }
    assert_complete_set(&w.path().join("output/2022-T2"));
}

#[test]
fn a_held_lock_makes_a_run_wait_then_refuse_with_exit_4() {
    let w = kalmar_work();
    let lock = common::HeldLock::take(&w.path().join("output"));
    let started = Instant::now();
    let run = w.run(&["run", "--wait", "1"]);
    assert_eq!(run.code, 4, "{}{}", run.stdout, run.stderr);
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert!(run.stderr.contains("en annan körning av tertial (pid "), "{}", run.stderr);
    assert!(!w.path().join("output/2022-T2").exists());
    drop(lock);
    // Released while the next run waits: it goes ahead.
    let lock = common::HeldLock::take(&w.path().join("output"));
    let child = spawn(&w, &["run", "--wait", "10"]);
    std::thread::sleep(Duration::from_millis(300));
    drop(lock);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_rerun_on_unchanged_inputs_changes_no_file_and_a_changed_input_rebuilds() {
    let w = kalmar_work();
    assert_eq!(w.run(&["run"]).code, 0);
    let out = w.path().join("output/2022-T2");
    let before = snapshot(&out);
    // The whole output folder, the lock file and the status page too.
    let everything = snapshot(&w.path().join("output"));
    std::thread::sleep(Duration::from_millis(20));
    let run = w.run(&["run"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Underlaget för 2022-T2 är oförändrat"), "{}", run.stdout);
    assert_eq!(snapshot(&w.path().join("output")), everything, "files or their times changed");
    // Touching a file without changing it does not rebuild either.
    let f = fs_err::File::options().write(true).open(w.input(P, "investeringar.xlsx")).unwrap();
    f.set_modified(std::time::SystemTime::now()).unwrap();
    drop(f);
    assert!(w.run(&["run"]).stdout.contains("oförändrat"));
    // A changed input does.
    workbook(
        &w.input(P, "investeringar.xlsx"),
        &[(
            "Investeringar",
            false,
            vec![
                vec![C::S("Projekt"), C::S("Typ"), C::S("Budget"), C::S("Prognos")],
                vec![C::S("Nytt"), C::S("Utgift"), C::N(10.0), C::N(12.0)],
            ],
        )],
    );
    let run = w.run(&["run"]);
    assert_eq!(run.code, 0);
    assert!(!run.stdout.contains("oförändrat"), "{}", run.stdout);
    assert_ne!(snapshot(&out), before);
    assert_complete_set(&out);
    // --force rebuilds unchanged inputs.
    let run = w.run(&["run", "--force"]);
    assert!(run.stdout.contains("Skrev"), "{}", run.stdout);
}

#[test]
fn json_log_has_one_object_per_event() {
    let w = kalmar_work();
    let run = w.run(&["run", "--log-format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let events: Vec<serde_json::Value> =
        run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let kinds: Vec<&str> = events.iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(kinds.first(), Some(&"start"));
    // The start and the end say when, in UTC.
    for e in [&events[0], &events[events.len() - 1]] {
        let t = e["time"].as_str().unwrap();
        assert!(t.len() == 20 && t.ends_with('Z') && t.as_bytes()[10] == b'T', "{t}");
    }
    assert_eq!(kinds.last(), Some(&"end"));
    assert_eq!(kinds.iter().filter(|k| **k == "file").count(), 8);
    // The annex, the report, eight Parquet files, the history for later runs and the manifest.
    assert_eq!(kinds.iter().filter(|k| **k == "output").count(), 12);
    let warning = events.iter().find(|e| e["event"] == "problem" && e["severity"] == "warning").unwrap();
    assert_eq!(warning["cell"], "I2");
    let end = events.last().unwrap();
    assert_eq!(end["warnings"], 1);
    assert_eq!(end["exit_code"], 0);
    assert!(end["duration_ms"].is_u64());
}

fn aged(path: &Path) {
    let f = fs_err::File::options().write(true).open(path).unwrap();
    f.set_modified(std::time::SystemTime::now() - Duration::from_hours(1)).unwrap();
}

fn pseudo_random(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            u8::try_from(x >> 56).unwrap()
        })
        .collect()
}

/// Each hostile input: (what, how to make it in the period folder).
type Maker = fn(&Work, &Path);

fn sheet_file(dir: &Path, name: &str, sheets: &[(&str, bool, Vec<Vec<C>>)]) {
    workbook(&dir.join(name), sheets);
}

#[allow(clippy::too_many_lines)]
fn hostile_inputs() -> Vec<(&'static str, Maker)> {
    vec![
        ("empty file", |_, d| {
            fs_err::write(d.join("tom.xlsx"), b"").unwrap();
        }),
        ("random bytes", |_, d| {
            fs_err::write(d.join("brus.xlsx"), pseudo_random(4096, 1)).unwrap();
        }),
        ("text renamed to .xlsx", |_, d| {
            fs_err::write(d.join("text.xlsx"), "Detta är ingen arbetsbok.\n").unwrap();
        }),
        ("PNG renamed to .xlsx", |_, d| {
            let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
            b.extend(pseudo_random(500, 2));
            fs_err::write(d.join("bild.xlsx"), b).unwrap();
        }),
        ("PDF renamed to .xlsx", |_, d| {
            fs_err::write(d.join("rapport.xlsx"), b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n").unwrap();
        }),
        ("zip header with garbage", |_, d| {
            let mut b = b"PK\x03\x04".to_vec();
            b.extend(pseudo_random(2000, 3));
            fs_err::write(d.join("zip.xlsx"), b).unwrap();
        }),
        ("workbook cut in half, dropped in long ago", |w, d| {
            let bytes = fs_err::read(w.input(P, "ekonomi.xlsx")).unwrap();
            fs_err::write(d.join("halv.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
            aged(&d.join("halv.xlsx"));
        }),
        ("workbook cut short, still being copied", |w, d| {
            let bytes = fs_err::read(w.input(P, "ekonomi.xlsx")).unwrap();
            fs_err::write(d.join("kopieras.xlsx"), &bytes[..bytes.len() - 100]).unwrap();
        }),
        ("password-protected (encrypted) workbook", |_, d| {
            let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
            b.extend(pseudo_random(1024, 4));
            fs_err::write(d.join("hemlig.xlsx"), b).unwrap();
        }),
        ("xlsx renamed to .xls", |w, d| {
            fs_err::copy(w.input(P, "ekonomi.xlsx"), d.join("gammal.xls")).unwrap();
        }),
        ("garbage .ods", |_, d| {
            fs_err::write(d.join("calc.ods"), pseudo_random(3000, 5)).unwrap();
        }),
        ("garbage .xlsb", |_, d| {
            fs_err::write(d.join("binar.xlsb"), pseudo_random(3000, 6)).unwrap();
        }),
        ("sheet with 1 048 576 rows", |_, d| {
            let mut rows = budget_rows(&[("VUXEN", "", "Intäkter", C::N(-1.0))]);
            rows.resize(1_048_575, vec![]);
            rows.push(vec![C::S("VUXEN"), C::E, C::S("Intäkter"), C::S("sist")]);
            sheet_file(d, "lang.xlsx", &[("Budget", false, rows)]);
        }),
        ("zip-bomb-like sheet spanning A1:XFD1048576", |_, d| {
            let path = d.join("bomb.xlsx");
            let mut wb = rust_xlsxwriter::Workbook::new();
            let ws = wb.add_worksheet();
            ws.set_name("Budget").unwrap();
            ws.write_string(0, 0, "Verksamhetsområde").unwrap();
            ws.write_string(1_048_575, 16_383, "x").unwrap();
            wb.save(&path).unwrap();
        }),
        ("merged header cells", |_, d| {
            let path = d.join("sammanfogad.xlsx");
            let mut wb = rust_xlsxwriter::Workbook::new();
            let ws = wb.add_worksheet();
            ws.set_name("Budget").unwrap();
            ws.merge_range(0, 0, 0, 2, "Verksamhetsområde och kostnadsslag", &rust_xlsxwriter::Format::new())
                .unwrap();
            ws.write_string(0, 3, "Budget").unwrap();
            ws.write_string(1, 0, "VUXEN").unwrap();
            ws.write_number(1, 3, 5.0).unwrap();
            wb.save(&path).unwrap();
        }),
        ("formula errors", |_, d| {
            sheet_file(
                d,
                "formler.xlsx",
                &[(
                    "Budget",
                    false,
                    budget_rows(&[
                        ("VUXEN", "", "Intäkter", C::F("=1/0", "#DIV/0!")),
                        ("VUXEN", "", "Lokalkostnader", C::F("=NA()", "#N/A")),
                    ]),
                )],
            );
        }),
        ("dates where numbers belong", |_, d| {
            let path = d.join("datum.xlsx");
            let mut wb = rust_xlsxwriter::Workbook::new();
            let ws = wb.add_worksheet();
            ws.set_name("Personal").unwrap();
            for (c, h) in
                ["Verksamhetsområde", "Kön", "Antal personer", "Antal årsarbetare"].iter().enumerate()
            {
                ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
            }
            ws.write_string(1, 0, "VUXEN").unwrap();
            ws.write_string(1, 1, "Man").unwrap();
            let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2022, 8, 31).unwrap();
            ws.write_datetime_with_format(
                1,
                2,
                &date,
                &rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd"),
            )
            .unwrap();
            ws.write_number(1, 3, 1.0).unwrap();
            wb.save(&path).unwrap();
        }),
        ("non-UTF-8 file name", |_, d| {
            use std::os::unix::ffi::OsStrExt;
            let name = std::ffi::OsStr::from_bytes(b"ogiltigt-\xff-namn.xlsx");
            sheet_file(
                d,
                "tmp-name.xlsx",
                &[("Budget", false, budget_rows(&[("VUXEN", "", "Intäkter", C::S("x"))]))],
            );
            fs_err::rename(d.join("tmp-name.xlsx"), d.join(name)).unwrap();
        }),
        ("symlink loop", |_, d| {
            std::os::unix::fs::symlink(".", d.join("slinga")).unwrap();
        }),
        ("dangling symlink", |_, d| {
            std::os::unix::fs::symlink("finns-inte.xlsx", d.join("borta.xlsx")).unwrap();
        }),
        ("letters for digits", |_, d| {
            sheet_file(
                d,
                "bokstav.xlsx",
                &[("Budget", false, budget_rows(&[("VUXEN", "", "Intäkter", C::S("12 4OO"))]))],
            );
        }),
        ("control characters and a huge text in a cell", |_, d| {
            let huge = format!("\u{0}\u{7}{}", "Övriga kostnader ".repeat(1500));
            sheet_file(
                d,
                "kontroll.xlsx",
                &[(
                    "Budget",
                    false,
                    vec![
                        vec![C::S("Verksamhetsområde"), C::S("Kostnadsslag"), C::S("Budget")],
                        vec![C::S("VUXEN"), C::T(huge), C::N(1.0)],
                    ],
                )],
            );
        }),
        ("NaN and infinity as text", |_, d| {
            sheet_file(
                d,
                "nan.xlsx",
                &[(
                    "Budget",
                    false,
                    budget_rows(&[
                        ("VUXEN", "", "Intäkter", C::S("NaN")),
                        ("VUXEN", "", "Lokalkostnader", C::S("inf")),
                    ]),
                )],
            );
        }),
        ("month 13", |_, d| {
            sheet_file(
                d,
                "manad.xlsx",
                &[(
                    "Sjukfrånvaro",
                    false,
                    vec![
                        vec![
                            C::S("Verksamhetsområde"),
                            C::S("Månad"),
                            C::S("Kön"),
                            C::S("Ordinarie arbetstid"),
                            C::S("Sjukfrånvaro"),
                        ],
                        vec![C::S("VUXEN"), C::S("2022-13"), C::S("Man"), C::N(1.0), C::N(1.0)],
                    ],
                )],
            );
        }),
        ("no data sheet at all", |_, d| {
            sheet_file(d, "blad.xlsx", &[("Blad1", false, vec![vec![C::S("hej")]])]);
        }),
        ("header without rows, other sheet hidden", |_, d| {
            sheet_file(
                d,
                "rubrik.xlsx",
                &[
                    ("Prognos", false, forecast_rows(&[])),
                    ("Budget", true, budget_rows(&[("VUXEN", "", "Kapitalkostnader", C::S("−"))])),
                ],
            );
        }),
        ("a budget with no forecast", |_, d| {
            sheet_file(
                d,
                "ensam.xlsx",
                &[("Budget", false, budget_rows(&[("BARN", "", "Lokalkostnader", C::N(40.0))]))],
            );
        }),
        ("a required column missing", |_, d| {
            sheet_file(
                d,
                "kolumn.xlsx",
                &[("Prognos", false, vec![vec![C::S("Verksamhetsområde"), C::S("Prognos")]])],
            );
        }),
    ]
}

#[test]
fn hostile_inputs_give_clear_problems_never_panic_never_touch_outputs() {
    let cases = hostile_inputs();
    assert!(cases.len() >= 25, "{}", cases.len());
    // Under Wine a Linux link that leads nowhere is not listed at all (Windows has no such file to
    // report): nothing to say of it there.
    let wine = std::env::var_os("TERTIAL_WINE_EXE").is_some();
    for (what, make) in cases.into_iter().filter(|(what, _)| !(wine && *what == "dangling symlink")) {
        let w = Work::new();
        common::clean_economy(&w, P, "ekonomi.xlsx");
        let first = w.run(&["run"]);
        assert_eq!(first.code, 0, "{what}: {}", first.stdout);
        let out = w.path().join("output/2022-T2");
        let before = snapshot(&out);
        let dir = w.path().join("input").join(P);
        make(&w, &dir);
        let run = w.run(&["run"]);
        assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
        assert!(run.code == 0 || run.code == 1, "{what}: exit {} {}{}", run.code, run.stdout, run.stderr);
        let problems = common::problem_lines(&run);
        assert!(!problems.is_empty(), "{what}: no problem reported\n{}", run.stdout);
        if run.code == 1 {
            assert!(problems.iter().any(|l| l.starts_with("FEL: ")), "{what}");
            assert_eq!(snapshot(&out), before, "{what}: the outputs changed");
        } else {
            assert!(problems.iter().all(|l| !l.starts_with("FEL: ")), "{what}");
            assert_complete_set(&out);
        }
        for l in &problems {
            assert!(l.len() < 600, "{what}: message too long: {l}");
        }
    }
}
