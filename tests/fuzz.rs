//! Fuzzing the readers through the binary: the repository's own fixture
//! workbooks, truncated, with bytes flipped, or with the XML inside the zip
//! edited (spans cut or doubled, hostile numbers, cell references and types,
//! stray markup), and its ledger text exports truncated, flipped or with
//! their lines edited, each checked (and every tenth one run) by `tertial`. Every
//! case must end in success or in problems that name the file — never a
//! panic, a hang (10 s) or exit 3.
//!
//! `TERTIAL_FUZZ_CASES` sets the cases of each of the three tests (default
//! 100, so 300 a test run); `bench/fuzz.sh` runs many more. The test run's
//! cases come from a fixed seed, so that it gives the same answer on every
//! machine; with `TERTIAL_FUZZ_CASES` set (as `bench/fuzz.sh` sets it) the
//! seed is random, to find new cases. A case found is kept in
//! [`cases_the_fuzzer_found_stay_fixed`].

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;

const P: &str = "2022-T2";

/// Every workbook the repository ships: the test fixtures and the sample.
fn fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs_err::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p
                .extension()
                .is_some_and(|x| ["xlsx", "xls", "ods"].contains(&x.to_str().unwrap_or("")))
            {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(&root.join("tests/fixtures"), &mut out);
    walk(&root.join("input"), &mut out);
    out.sort();
    assert!(out.len() > 10, "fixtures found: {out:?}");
    out
}

fn cases() -> u32 {
    std::env::var("TERTIAL_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100)
}

fn seed() -> proptest::test_runner::RngSeed {
    use proptest::test_runner::RngSeed;
    if std::env::var_os("TERTIAL_FUZZ_CASES").is_some() {
        RngSeed::Random
    } else {
        RngSeed::Fixed(20_261_203)
    }
}

/// A small deterministic generator (splitmix64), seeded by proptest.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap()
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Replaces the bytes at `at..at + len` by `with`.
fn splice(bytes: &mut Vec<u8>, at: usize, len: usize, with: &[u8]) {
    let at = at.min(bytes.len());
    let end = (at + len).min(bytes.len());
    bytes.splice(at..end, with.iter().copied());
}

/// The byte offset of a random occurrence of `needle`, if any.
fn find_any(bytes: &[u8], needle: &[u8], rng: &mut Rng) -> Option<usize> {
    let hits: Vec<usize> =
        bytes.windows(needle.len()).enumerate().filter(|(_, w)| *w == needle).map(|(i, _)| i).collect();
    (!hits.is_empty()).then(|| *rng.pick(&hits))
}

/// Replaces what follows a random occurrence of `start`, up to `end`, by
/// one of `values`.
fn replace_after(xml: &mut Vec<u8>, start: &[u8], end: u8, values: &[&str], rng: &mut Rng) {
    if let Some(i) = find_any(xml, start, rng) {
        let from = i + start.len();
        let len = xml[from..].iter().position(|b| *b == end).unwrap_or(0);
        splice(xml, from, len, rng.pick(values).as_bytes());
    }
}

/// One edit of a part's XML.
fn edit_xml(xml: &mut Vec<u8>, rng: &mut Rng) {
    if xml.is_empty() {
        return;
    }
    let at = rng.below(xml.len());
    match rng.below(6) {
        0 => {
            let len = 1 + rng.below(64);
            splice(xml, at, len, &[]);
        }
        1 => {
            let len = 1 + rng.below(256);
            let span: Vec<u8> = xml[at..(at + len).min(xml.len())].to_vec();
            splice(xml, at, 0, &span);
        }
        2 => {
            // A number in a value replaced by one that cannot be meant.
            let hostile =
                ["1e308", "-1e308", "NaN", "inf", "99999999999999999999999", "", "1,5", "0x10", "-0"];
            replace_after(xml, b"<v>", b'<', &hostile, rng);
        }
        3 => {
            // A cell reference out of Excel's bounds or malformed.
            let refs = ["XFD1048576", "A0", "A1048577", "XFE1", "ZZZZ1", "", "1A", "A-1", "A99999999999"];
            replace_after(xml, b" r=\"", b'"', &refs, rng);
        }
        4 => {
            // A cell type the value does not have.
            let types = ["s", "n", "e", "b", "d", "str", "inlineStr", "x", ""];
            replace_after(xml, b" t=\"", b'"', &types, rng);
        }
        _ => {
            let junk = [
                "<",
                "&",
                "\"",
                "&#0;",
                "&#x1F;",
                "<c r=\"A1\">",
                "</row>",
                "<f>SUM(A1:A2)</f>",
                "\u{0}",
                "]]>",
            ];
            splice(xml, at, 0, rng.pick(&junk).as_bytes());
        }
    }
}

/// The workbook with one to three edits in the XML of one of its parts
/// (a sheet, the shared strings, the workbook, the styles…), rezipped.
fn with_xml_edited(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())) else {
        return bytes.to_vec();
    };
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(std::borrow::Cow::into_owned))
        .filter(|n| {
            Path::new(n)
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("xml") || x.eq_ignore_ascii_case("rels"))
        })
        .collect();
    if names.is_empty() {
        return bytes.to_vec();
    }
    let target = rng.pick(&names).clone();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name == target {
            for _ in 0..=rng.below(3) {
                edit_xml(&mut content, rng);
            }
        }
        writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(&content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[derive(Clone, Copy, Debug)]
enum Mutation {
    Truncate,
    Flip,
    Xml,
}

fn mutated(bytes: &[u8], how: Mutation, rng: &mut Rng) -> Vec<u8> {
    match how {
        Mutation::Truncate => bytes[..rng.below(bytes.len())].to_vec(),
        Mutation::Flip => {
            let mut b = bytes.to_vec();
            for _ in 0..=rng.below(8) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            b
        }
        Mutation::Xml => with_xml_edited(bytes, rng),
    }
}

/// Runs the binary with a time limit; the exit code and output.
fn run_limited(cwd: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tertial"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
            return (status.code(), text(&out.stdout), text(&out.stderr));
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            return (None, String::new(), "killed after 10 s".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn one_case(how: Mutation, file: usize, seed: u64, full_run: bool) -> Result<(), TestCaseError> {
    let files = fixtures();
    let source = &files[file % files.len()];
    let mut rng = Rng(seed);
    let bytes = mutated(&fs_err::read(source).unwrap(), how, &mut rng);
    let w = common::Work::new();
    let ext = source.extension().unwrap().to_str().unwrap();
    let target = w.input(P, &format!("mutated.{ext}"));
    fs_err::create_dir_all(target.parent().unwrap()).unwrap();
    fs_err::write(&target, &bytes).unwrap();
    let case = format!("{how:?} of {} (seed {seed})", source.display());
    judge(w.path(), full_run, &case)?;
    // The input is read only.
    prop_assert_eq!(fs_err::read(&target).unwrap(), bytes, "{}: the input changed", case);
    Ok(())
}

/// The ledger text exports and SIE file the repository ships (tests/fixtures/ledger-text).
const TEXT_EXPORTS: [&str; 3] = ["huvudbok-manad.csv", "huvudbok-helar.txt", "huvudbok.se"];

/// One edit of a text export's lines: a quote, a separator, a line break or a hostile value put in,
/// a line cut, doubled or removed.
fn edit_lines(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    for _ in 0..=rng.below(3) {
        let i = rng.below(lines.len());
        let at = rng.below(lines[i].len() + 1);
        let values: &[&[u8]] = &[
            b"\"",
            b";",
            b"\t",
            b",",
            b"\r",
            b"\"\"",
            b"1e308",
            b"-0,0",
            b"\xff\xfe",
            b"\"a;b\"",
            b"NaN",
            b"{",
            b"}",
            b"\\\"",
            b"#PSALDO 0 ",
        ];
        match rng.below(4) {
            0 => {
                let v = *rng.pick(values);
                splice(&mut lines[i], at, 0, v);
            }
            1 => lines[i].truncate(at),
            2 => {
                let copy = lines[i].clone();
                lines.insert(i, copy);
            }
            _ if lines.len() > 1 => {
                lines.remove(i);
            }
            _ => {}
        }
    }
    lines.join(&b'\n')
}

/// A text export mutated, checked (and every tenth one run) by the binary with the fixture's
/// register: success or problems naming the file, never a panic, a hang or exit 3.
fn text_case(how: u8, file: usize, seed: u64, full_run: bool) -> Result<(), TestCaseError> {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledger-text");
    let name = TEXT_EXPORTS[file % TEXT_EXPORTS.len()];
    let original = fs_err::read(fixture.join(name)).unwrap();
    let mut rng = Rng(seed);
    let bytes = match how {
        0 => mutated(&original, Mutation::Truncate, &mut rng),
        1 => mutated(&original, Mutation::Flip, &mut rng),
        _ => edit_lines(&original, &mut rng),
    };
    let w = common::Work::bare();
    fs_err::copy(fixture.join("tertial.toml"), w.path().join("tertial.toml")).unwrap();
    let ext = name.rsplit_once('.').unwrap().1;
    let target = w.input(P, &format!("mutated.{ext}"));
    fs_err::create_dir_all(target.parent().unwrap()).unwrap();
    fs_err::write(&target, &bytes).unwrap();
    judge(w.path(), full_run, &format!("mutation {how} of {name} (seed {seed})"))
}

/// Checks (or with `full_run` runs) the period of the working folder `w`, which holds a mutated
/// file `mutated.*`: success, or problems of which one names that file — never a panic, a hang or
/// exit 3.
fn judge(w: &Path, full_run: bool, case: &str) -> Result<(), TestCaseError> {
    let args: &[&str] = if full_run { &["run", "--period", P] } else { &["check", "--period", P] };
    let (code, stdout, stderr) = run_limited(w, args);
    let case = format!("{case}, {args:?}");
    prop_assert!(code.is_some(), "{case}: hung: {stderr}");
    prop_assert!(matches!(code, Some(0 | 1)), "{case}: exit {code:?}\n{stdout}\n{stderr}");
    prop_assert!(!stderr.contains("panicked"), "{case}: {stderr}");
    if code == Some(1) {
        prop_assert!(
            stdout.lines().any(|l| l.starts_with("FEL: mutated.")),
            "{case}: no problem names the file\n{stdout}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), rng_seed: seed(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_text_exports_give_problems_never_a_crash(how in 0u8..3, file in 0usize..3, seed: u64, full in 0u8..10) {
        text_case(how, file, seed, full == 0)?;
    }

    #[test]
    fn truncated_workbooks_give_problems_never_a_crash(file in 0usize..64, seed: u64, full in 0u8..10) {
        one_case(Mutation::Truncate, file, seed, full == 0)?;
    }

    #[test]
    fn workbooks_with_flipped_bytes_give_problems_never_a_crash(file in 0usize..64, seed: u64, full in 0u8..10) {
        one_case(Mutation::Flip, file, seed, full == 0)?;
    }

    #[test]
    fn workbooks_with_edited_xml_give_problems_never_a_crash(file in 0usize..64, seed: u64, full in 0u8..10) {
        one_case(Mutation::Xml, file, seed, full == 0)?;
    }
}

/// Cases the fuzzer found, kept: the fixture, the mutation's seed, and
/// whether the case ran (`run`) or checked.
#[test]
fn cases_the_fuzzer_found_stay_fixed() {
    let files = fixtures();
    let index = |name: &str| files.iter().position(|f| f.ends_with(name)).unwrap();
    // A flipped .xls whose record asked calamine for 80 GiB: the process
    // aborted, a panic it could not catch.
    let xls = index("tests/fixtures/formats/ekonomi.xls");
    one_case(Mutation::Flip, xls, 14_322_695_361_465_523_569, true).unwrap();
}
