//! The parse cache under output/.cache/: a rerun opens only the files that
//! changed, gives the same bytes as a run without the cache, and survives a
//! damaged cache.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{edit_xlsx, kalmar_work, row_numbers, sheet, Run, Work};

const P: &str = "2022-T2";

/// (path, cached) of every `file` event of a JSON log.
fn files(run: &Run) -> BTreeMap<String, bool> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["event"] == "file")
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["cached"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// Every output file of a period folder, by name.
fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for sub in ["", "data"] {
        for e in std::fs::read_dir(dir.join(sub)).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                let name = format!("{sub}/{}", e.file_name().to_string_lossy());
                out.insert(name, std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

/// The cache's entries whose names end in `ext`: `parquet` for the files'
/// records, `facts` for outputs kept by their data's fingerprint.
fn cached(w: &Work, ext: &str) -> Vec<std::path::PathBuf> {
    let dir = w
        .path()
        .join("output/.cache")
        .join(env!("CARGO_PKG_VERSION"));
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

fn entries(w: &Work) -> Vec<std::path::PathBuf> {
    cached(w, "parquet")
}

fn json_run(w: &Work, extra: &[&str]) -> Run {
    let mut args = vec!["run", "--log-format", "json"];
    args.extend_from_slice(extra);
    let run = w.run(&args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run
}

#[test]
fn a_rerun_opens_only_the_changed_file_and_gives_the_same_outputs() {
    let w = kalmar_work();
    let first = files(&json_run(&w, &[]));
    let annex = w.path().join("output").join(P).join("bilaga-2022-T2.xlsx");
    let income = |path: &Path| row_numbers(&sheet(path, "Driftredovisning"), "Intäkter")[1];
    let income_before = income(&annex);
    assert_eq!(first.len(), 8);
    assert!(first.values().all(|cached| !cached), "{first:?}");
    assert_eq!(entries(&w).len(), 8);

    // A clerk changes one forecast figure: −1 213 becomes −1 313 tkr.
    edit_xlsx(
        &w.input(P, "ekonomi-05.xlsx"),
        "<v>-1213</v>",
        "<v>-1313</v>",
    );
    let second = files(&json_run(&w, &[]));
    let read_again: Vec<&String> = second
        .iter()
        .filter(|(_, cached)| !**cached)
        .map(|(p, _)| p)
        .collect();
    assert_eq!(read_again, ["ekonomi-05.xlsx"]);
    assert_eq!(entries(&w).len(), 9, "the new version of the file is added");

    // The same inputs into an output folder without a cache: every byte equal.
    let fresh = w.run(&["run", "--output", "fresh"]);
    assert_eq!(fresh.code, 0, "{}", fresh.stdout);
    let cached = outputs(&w.path().join("output").join(P));
    assert_eq!(cached, outputs(&w.path().join("fresh").join(P)));

    // And the change is in the figures: Intäkter's forecast is 100 tkr lower.
    assert!((income(&annex) - (income_before - 100.0)).abs() < 1e-9);
}

#[test]
fn a_damaged_cache_is_read_again_and_repaired() {
    let w = kalmar_work();
    json_run(&w, &[]);
    let before = outputs(&w.path().join("output").join(P));
    let all = entries(&w);
    std::fs::write(&all[0], b"not parquet").unwrap();
    let bytes = std::fs::read(&all[1]).unwrap();
    std::fs::write(&all[1], &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(&all[2], b"").unwrap();

    let run = files(&json_run(&w, &["--force"]));
    assert_eq!(run.values().filter(|c| !**c).count(), 3, "{run:?}");
    assert_eq!(outputs(&w.path().join("output").join(P)), before);

    let again = files(&json_run(&w, &["--force"]));
    assert!(again.values().all(|c| *c), "the entries were rewritten");
}

#[test]
fn other_rules_do_not_use_the_entries() {
    let w = kalmar_work();
    json_run(&w, &[]);
    let register = w.path().join("tertial.toml");
    let mut text = std::fs::read_to_string(&register).unwrap();
    text.push_str("\n[options]\nindicator_tolerance = 0.2\n");
    std::fs::write(&register, text).unwrap();
    let run = files(&json_run(&w, &[]));
    assert!(run.values().all(|c| !c), "{run:?}");
    assert_eq!(entries(&w).len(), 16, "one set of entries per rules");
}

#[test]
fn entries_of_another_version_are_removed() {
    let w = kalmar_work();
    let old = w.path().join("output/.cache/0.0.1-old");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("x.parquet"), b"old").unwrap();
    json_run(&w, &[]);
    assert!(!old.exists());
    assert_eq!(entries(&w).len(), 8);
}

#[test]
fn the_sick_leave_facts_are_reused_only_while_their_rows_are_unchanged() {
    let w = kalmar_work();
    json_run(&w, &[]);
    let sick = |dir: &str| {
        std::fs::read(w.path().join(dir).join(P).join("data/sjukfranvaro.parquet")).unwrap()
    };
    assert_eq!(cached(&w, "facts").len(), 1);

    // An economy figure changes: the sick-leave rows do not, and the file is
    // taken from the cache (no new entry), equal to a run without it.
    edit_xlsx(
        &w.input(P, "ekonomi-05.xlsx"),
        "<v>-1213</v>",
        "<v>-1313</v>",
    );
    json_run(&w, &[]);
    assert_eq!(cached(&w, "facts").len(), 1);
    assert_eq!(w.run(&["run", "--output", "fresh"]).code, 0);
    assert_eq!(sick("output"), sick("fresh"));

    // One month's sick hours change: the file is made anew.
    let before = sick("output");
    edit_xlsx(
        &w.input(P, "personal.xlsx"),
        r#"<c r="F2" t="n"><v>139</v>"#,
        r#"<c r="F2" t="n"><v>140</v>"#,
    );
    json_run(&w, &[]);
    assert_eq!(cached(&w, "facts").len(), 2);
    assert_ne!(sick("output"), before);
    assert_eq!(w.run(&["run", "--output", "fresh2"]).code, 0);
    assert_eq!(sick("output"), sick("fresh2"));

    // A damaged entry (a write cut short) is never published: the file is
    // made anew and equals the one before.
    let good = sick("output");
    for entry in cached(&w, "facts") {
        let bytes = std::fs::read(&entry).unwrap();
        std::fs::write(&entry, &bytes[..bytes.len() - 10]).unwrap();
    }
    json_run(&w, &["--force"]);
    assert_eq!(sick("output"), good);
}
