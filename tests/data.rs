//! The Parquet facts read back by other tools: DuckDB 2.x and pyarrow
//! (installed by scripts/test) filter every column right, and files of two
//! periods stack with UNION ALL BY NAME.

mod common;

use std::path::Path;

use polars::prelude::*;

fn read(dir: &Path, name: &str) -> DataFrame {
    let f = std::io::Cursor::new(fs_err::read(dir.join("data").join(name)).unwrap());
    ParquetReader::new(f).finish().unwrap()
}

fn sample_run(out: &Path, period: &str) -> common::Run {
    common::tertial(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["run", "--output", out.to_str().unwrap(), "--period", period],
    )
}

#[test]
fn duckdb_and_pyarrow_filter_every_column_and_stack_two_periods() {
    let out = tempfile::tempdir().unwrap();
    let kalmar = common::run_kalmar(out.path());
    assert_eq!(kalmar.code, 0, "{}{}", kalmar.stdout, kalmar.stderr);
    for period in ["2025-T1", "2025-T2"] {
        let run = sample_run(out.path(), period);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    }
    let dirs: Vec<String> = ["2022-T2", "2025-T1", "2025-T2"]
        .iter()
        .map(|p| out.path().join(p).join("data").display().to_string())
        .collect();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/py/parquet_filters.py");
    let mut args = vec![script.to_str().unwrap()];
    args.extend(dirs.iter().map(String::as_str));
    let text = common::tool("python3", &args);
    assert!(text.contains("ok stacked budget_prognos.parquet"), "{text}");
    assert!(text.contains("ok 2022-T2/sjukfranvaro.parquet"), "{text}");
    let checked: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("checked "))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(checked > 300, "{text}");
}

#[test]
fn every_file_has_the_stacking_columns_and_null_for_no_activity() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(common::run_kalmar(out.path()).code, 0);
    let dir = out.path().join("2022-T2");
    for name in [
        "budget_prognos.parquet",
        "sjukfranvaro.parquet",
        "personal.parquet",
        "indikatorer.parquet",
        "investeringar.parquet",
        "atgarder.parquet",
    ] {
        let df = read(&dir, name);
        let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
        assert_eq!(&names[..3], ["period", "kommun", "namnd"], "{name}");
        assert_eq!(df.column("period").unwrap().str().unwrap().get(0), Some("2022-T2"), "{name}");
    }
    let drift = read(&dir, "budget_prognos.parquet");
    let activity = drift.column("verksamhet").unwrap().str().unwrap();
    assert!((0..activity.len()).all(|i| activity.get(i) != Some("")));
    assert!((0..activity.len()).any(|i| activity.get(i).is_none()));
}

#[test]
fn sick_leave_facts_hide_small_groups_and_hold_no_hours() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(common::run_kalmar(out.path()).code, 0);
    let df = read(&out.path().join("2022-T2"), "sjukfranvaro.parquet");
    let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
    assert!(!names.iter().any(|n| n.ends_with("_h") || n.contains("anstallda")), "{names:?}");
    let hidden = df.column("dold").unwrap().bool().unwrap();
    let percent = df.column("sjukfranvaro_procent").unwrap().f64().unwrap();
    for i in 0..df.height() {
        if hidden.get(i) == Some(true) {
            assert_eq!(percent.get(i), None);
        }
    }
}
