//! History without re-reading the whole year (issue "The year's rhythm"): an earlier period whose
//! files are unchanged since its run is taken from what that run published (`historik.json`, which
//! its manifest vouches for); a changed, unpublished or unvouched one is read again. Either way the
//! outputs are the same, byte for byte.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_dir, edit_xlsx, problem_lines, Run, Work};

/// The sample input's year as month folders: 04 and 08 from its two periods, 12 made of the
/// second's files; the sample register.
fn sample_year() -> Work {
    let w = Work::new();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    for (from, to) in [("2025-T1", "2025-04"), ("2025-T2", "2025-08"), ("2025-T2", "2025-12")] {
        copy_dir(&sample.join(from), &w.path().join("input").join(to));
    }
    fs_err::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tertial.toml"), w.path().join("tertial.toml"))
        .unwrap();
    w
}

fn run(w: &Work, period: &str, output: &str) -> Run {
    let r = w.run(&["run", "--period", period, "--output", output]);
    assert!(r.code == 0 || r.code == 1, "{period}: {}{}", r.stdout, r.stderr);
    r
}

/// The line that says where the earlier periods came from.
fn history_line(r: &Run) -> &str {
    r.stdout.lines().find(|l| l.starts_with("Tidigare perioder:")).unwrap_or_else(|| panic!("{}", r.stdout))
}

/// Every file of a published set, relative to it, with its bytes.
fn set(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for e in fs_err::read_dir(dir).unwrap().map(Result::unwrap) {
            if e.path().is_dir() {
                walk(root, &e.path(), out);
            } else {
                out.push((
                    e.path().strip_prefix(root).unwrap().to_path_buf(),
                    fs_err::read(e.path()).unwrap(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The period's set run again into a fresh output folder, where nothing earlier was published, so
/// every earlier folder is read from its workbooks: it must equal `published`'s set byte for byte.
fn assert_same_as_read_again(w: &Work, period: &str, published: &str) {
    let fresh = run(w, period, "fresh");
    assert!(history_line(&fresh).contains("lästa från indata"), "{}", fresh.stdout);
    assert!(!history_line(&fresh).contains("historik"), "{}", fresh.stdout);
    let (a, b) = (set(&w.path().join(published).join(period)), set(&w.path().join("fresh").join(period)));
    assert_eq!(a.iter().map(|(p, _)| p).collect::<Vec<_>>(), b.iter().map(|(p, _)| p).collect::<Vec<_>>());
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{} differs between published history and workbooks read again", path.display());
    }
}

#[test]
fn a_year_end_takes_unchanged_earlier_months_from_their_published_history() {
    let w = sample_year();
    let first = run(&w, "2025-04", "output");
    assert!(!first.stdout.contains("Tidigare perioder"), "no earlier folder: {}", first.stdout);
    assert!(w.path().join("output/2025-04/historik.json").is_file());
    let august = run(&w, "2025-08", "output");
    assert_eq!(
        history_line(&august),
        "Tidigare perioder: 2025-04 ur tidigare körningars historik (indata oförändrade)."
    );
    let year_end = run(&w, "2025-12", "output");
    assert_eq!(
        history_line(&year_end),
        "Tidigare perioder: 2025-08, 2025-04 ur tidigare körningars historik (indata oförändrade)."
    );
    // The JSON log says the same per period.
    fs_err::remove_dir_all(w.path().join("output/2025-12")).unwrap();
    let json = w.run(&["run", "--period", "2025-12", "--log-format", "json"]);
    let events: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|e: &serde_json::Value| e["event"] == "history")
        .collect();
    assert_eq!(events.len(), 2, "{}", json.stdout);
    assert!(events.iter().all(|e| e["source"] == "published" && e["files"].as_u64() > Some(0)), "{events:?}");
    assert_same_as_read_again(&w, "2025-12", "output");
}

#[test]
fn an_earlier_workbook_changed_after_its_run_is_read_again() {
    let w = sample_year();
    run(&w, "2025-04", "output");
    // The April forecast edited after April's run: August must see the new figure.
    let april = w.input("2025-04", "ekonomi/aldreomsorg.xlsx");
    let before = fs_err::read(&april).unwrap();
    edit_xlsx(&april, "<v>65053.6</v>", "<v>65153.6</v>");
    assert_ne!(before, fs_err::read(&april).unwrap());
    let august = run(&w, "2025-08", "output");
    assert_eq!(history_line(&august), "Tidigare perioder: 2025-04 lästa från indata.");
    assert_same_as_read_again(&w, "2025-08", "output");
}

#[test]
fn a_history_file_its_manifest_does_not_vouch_for_is_not_used() {
    let w = sample_year();
    run(&w, "2025-04", "output");
    let history = w.path().join("output/2025-04/historik.json");
    let text = fs_err::read_to_string(&history).unwrap();
    fs_err::write(&history, text.replacen("\"errors\":", "\"errors\": ", 1)).unwrap();
    let august = run(&w, "2025-08", "output");
    assert_eq!(history_line(&august), "Tidigare perioder: 2025-04 lästa från indata.");
}

#[test]
fn another_register_reads_the_earlier_folders_again() {
    let w = sample_year();
    run(&w, "2025-04", "output");
    let register = w.path().join("tertial.toml");
    let text = fs_err::read_to_string(&register).unwrap();
    fs_err::write(&register, format!("{text}\n# ändrad\n")).unwrap();
    let august = run(&w, "2025-08", "output");
    assert_eq!(history_line(&august), "Tidigare perioder: 2025-04 lästa från indata.");
}

#[test]
fn an_earlier_period_with_errors_is_warned_of_alike_from_its_history() {
    let w = sample_year();
    // An error in April (a forecast amount that is not a number), published with --allow-partial.
    edit_xlsx(
        &w.input("2025-04", "ekonomi/aldreomsorg.xlsx"),
        r#"<c r="D5"><v>65053.6</v></c>"#,
        r#"<c r="D5" t="inlineStr"><is><t>sextiofem</t></is></c>"#,
    );
    let april = w.run(&["run", "--period", "2025-04", "--allow-partial"]);
    assert_eq!(april.code, 1, "{}", april.stdout);
    let check = w.run(&["check", "--period", "2025-08"]);
    assert!(history_line(&check).contains("2025-04 ur tidigare körningars historik"), "{}", check.stdout);
    let from_history = problem_lines(&check);
    assert!(from_history.iter().any(|l| l.contains("2025-04")), "{from_history:?}");
    // The same problems when April is read from its workbooks.
    let fresh = w.run(&["check", "--period", "2025-08", "--output", "fresh"]);
    assert!(history_line(&fresh).contains("lästa från indata"), "{}", fresh.stdout);
    assert_eq!(from_history, problem_lines(&fresh));
}
