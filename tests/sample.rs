//! The sample input that ships in `input/`: it is exactly what the
//! generator writes, and the README's first command runs clean on it.

mod common;

#[allow(dead_code)]
#[path = "../examples/make_sample.rs"]
mod make_sample;

use std::path::{Path, PathBuf};

fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs_err::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn shipped_sample_input_is_what_the_generator_writes() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let fresh = tempfile::tempdir().unwrap();
    make_sample::write_sample(fresh.path()).unwrap();
    let want = files(fresh.path());
    assert_eq!(files(&repo), want, "the files under input/ differ from the generator's");
    for f in want {
        let a = fs_err::read(repo.join(&f)).unwrap();
        let b = fs_err::read(fresh.path().join(&f)).unwrap();
        assert!(a == b, "{} differs: run `cargo run --release --example make_sample`", f.display());
    }
}

#[test]
fn readme_main_command_runs_clean_on_the_sample() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let run = common::tertial(repo, &["run", "--output", out.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("Körning av 2025-T2: 6 filer lästa; 0 fel"), "{}", run.stdout);
    assert!(out.path().join("2025-T2/bilaga-2025-T2.xlsx").is_file());
    assert!(out.path().join("2025-T2/manifest.json").is_file());
    let check = common::tertial(repo, &["check", "--period", "2025-T1"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}
