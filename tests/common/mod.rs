//! Helpers for the integration tests: run the built binary, and write small
//! workbooks with rust_xlsxwriter so that each rule has its own fixture.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use rust_xlsxwriter::{Formula, Workbook};

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The command that runs tertial: the Linux build, or with `TERTIAL_WINE_EXE` set (scripts/test
/// does, after scripts/windows) the Windows build `tertial.exe` under Wine — the same tests, the
/// same expectations.
pub fn command() -> Command {
    match std::env::var_os("TERTIAL_WINE_EXE") {
        Some(exe) => {
            let mut c = Command::new("wine");
            c.arg(exe).envs(wine_env());
            c
        }
        None => Command::new(env!("CARGO_BIN_EXE_tertial")),
    }
}

/// Wine's settings for the tests: a prefix of their own (made on first use), no debug output, no
/// offer to install Mono or Gecko, and the test stand-in for `bcryptprimitives.dll` (beside the
/// exe) before Wine's own.
pub fn wine_env() -> Vec<(&'static str, String)> {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/tmp".into());
    vec![
        ("WINEPREFIX", format!("{home}/.cache/tertial-wine")),
        ("WINEDEBUG", "-all".into()),
        ("WINEDLLOVERRIDES", "bcryptprimitives=n,b;mscoree,mshtml=".into()),
        ("DISPLAY", String::new()),
    ]
}

/// Runs `tertial` with `args` in `cwd`.
pub fn tertial(cwd: &Path, args: &[&str]) -> Run {
    let out = command()
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The Kalmar fixture folder (holding `input/` and `tertial.toml`).
pub fn kalmar() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kalmar-2022-T2")
}

/// Runs `tertial run` on the Kalmar fixture, writing into `out`.
pub fn run_kalmar(out: &Path) -> Run {
    tertial(&kalmar(), &["run", "--input", "input", "--output", out.to_str().unwrap(), "--period", "2022-T2"])
}

/// Runs a command-line tool and returns its standard output.
pub fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} runs (poppler-utils is installed by scripts/test): {e}"));
    assert!(out.status.success(), "{name} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of a PDF (`pdftotext -layout`), no-break spaces as plain spaces.
pub fn pdf_text(pdf: &Path) -> String {
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]).replace('\u{a0}', " ")
}

/// A cell to write.
#[derive(Clone, Debug)]
pub enum C {
    /// Text.
    S(&'static str),
    /// Owned text.
    T(String),
    /// A number.
    N(f64),
    /// A formula with its cached result.
    F(&'static str, &'static str),
    /// Nothing.
    E,
}

/// Writes `input/2022-T2/personal.xlsx` with a Sjukfrånvaro sheet: the
/// header (area, month, gender, ordinary hours, sick hours, employees),
/// then `rows`.
pub fn sick_sheet(w: &Work, rows: Vec<Vec<C>>) {
    let mut all = vec![vec![
        C::S("Verksamhetsområde"),
        C::S("Månad"),
        C::S("Kön"),
        C::S("Ordinarie arbetstid"),
        C::S("Sjukfrånvaro"),
        C::S("Antal anställda"),
    ]];
    all.extend(rows);
    workbook(&w.input("2022-T2", "personal.xlsx"), &[("Sjukfrånvaro", false, all)]);
}

/// Writes a workbook with the given sheets (name, hidden, rows).
pub fn workbook(path: &Path, sheets: &[(&str, bool, Vec<Vec<C>>)]) {
    let mut wb = Workbook::new();
    for (name, hidden, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
                match cell {
                    C::S(s) => {
                        ws.write_string(r, c, *s).unwrap();
                    }
                    C::T(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    C::N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    C::F(f, v) => {
                        ws.write_formula(r, c, Formula::new(*f).set_result(*v)).unwrap();
                    }
                    C::E => {}
                }
            }
        }
        if *hidden {
            ws.set_hidden(true);
        }
    }
    if let Some(d) = path.parent() {
        fs_err::create_dir_all(d).unwrap();
    }
    wb.save(path).unwrap();
}

/// The header row of a Budget or Prognos sheet whose amount column is
/// `amount`.
pub fn header(amount: &'static str) -> Vec<C> {
    vec![C::S("Verksamhetsområde"), C::S("Verksamhet"), C::S("Kostnadsslag"), C::S(amount)]
}

/// A budget sheet's rows: a title, a blank row, the header, then `lines`.
pub fn budget_rows(lines: &[Line]) -> Vec<Vec<C>> {
    let mut rows = vec![vec![C::S("Budget 2022, tkr")], vec![], header("Budget")];
    for (a, v, k, n) in lines {
        rows.push(vec![C::S(a), C::S(v), C::S(k), n.clone()]);
    }
    rows
}

/// A forecast sheet's rows: the header, then `lines`.
pub fn forecast_rows(lines: &[Line]) -> Vec<Vec<C>> {
    let mut rows = vec![header("Prognos")];
    for (a, v, k, n) in lines {
        rows.push(vec![C::S(a), C::S(v), C::S(k), n.clone()]);
    }
    rows
}

/// A budget/forecast line: area, activity, cost type, amount.
pub type Line = (&'static str, &'static str, &'static str, C);

/// Writes a workbook at `input/<period>/<rel>` with a Budget and a Prognos
/// sheet holding `budget` and `forecast`.
pub fn economy(w: &Work, period: &str, rel: &str, budget: &[Line], forecast: &[Line]) {
    workbook(
        &w.input(period, rel),
        &[("Budget", false, budget_rows(budget)), ("Prognos", false, forecast_rows(forecast))],
    );
}

/// The smallest clean economy workbook: VUXEN's income, budget −10, forecast −12.
pub fn clean_economy(w: &Work, period: &str, rel: &str) {
    economy(
        w,
        period,
        rel,
        &[("VUXEN", "", "Intäkter", C::N(-10.0))],
        &[("VUXEN", "", "Intäkter", C::N(-12.0))],
    );
}

/// A temporary working folder with `input/<period>/` and a register that
/// names the municipality and the committee (and lists no areas).
pub struct Work {
    pub dir: tempfile::TempDir,
}

/// The register of [`Work::new`].
pub const NAMES: &str = "municipality = \"Provkommun\"\ncommittee = \"Provnämnden\"\n";

impl Work {
    pub fn new() -> Self {
        let w = Work::bare();
        fs_err::write(w.path().join("tertial.toml"), NAMES).unwrap();
        w
    }

    /// A working folder without a register.
    pub fn bare() -> Self {
        Work { dir: tempfile::tempdir().unwrap() }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `input/<period>/<rel>`.
    pub fn input(&self, period: &str, rel: &str) -> PathBuf {
        self.dir.path().join("input").join(period).join(rel)
    }

    pub fn run(&self, args: &[&str]) -> Run {
        tertial(self.path(), args)
    }
}

/// The lines of stdout that are problems (not the summary).
pub fn problem_lines(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter(|l| l.starts_with("FEL") || l.starts_with("VARNING") || l.starts_with("NOTERING"))
        .map(str::to_string)
        .collect()
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    fs_err::create_dir_all(to).unwrap();
    for e in fs_err::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            fs_err::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A working folder holding the Kalmar input and register.
pub fn kalmar_work() -> Work {
    let w = Work::new();
    copy_dir(&kalmar().join("input"), &w.path().join("input"));
    fs_err::copy(kalmar().join("tertial.toml"), w.path().join("tertial.toml")).unwrap();
    w
}

/// Rewrites a workbook with `from` replaced by `to` in its sheets' XML, as
/// a clerk changing one cell in Excel would; panics when `from` is absent.
pub fn edit_xlsx(path: &Path, from: &str, to: &str) {
    edit_parts(path, "xl/worksheets/", from, to, 1);
}

/// Replaces `from` by `to` (at most `times` times a part) in every part
/// whose name starts with `prefix`, asserting that some part had it.
pub fn edit_parts(path: &Path, prefix: &str, from: &str, to: &str, times: usize) {
    use std::io::{Read, Write};
    let bytes = fs_err::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut found = false;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name.starts_with(prefix) {
            if let Ok(text) = String::from_utf8(content.clone()) {
                found |= text.contains(from);
                content = text.replacen(from, to, times).into_bytes();
            }
        }
        writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(&content).unwrap();
    }
    assert!(found, "{from} not in {}", path.display());
    fs_err::write(path, writer.finish().unwrap().into_inner()).unwrap();
}

/// A sheet of a workbook, read with calamine.
pub fn sheet(path: &Path, name: &str) -> calamine::Range<calamine::Data> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

/// The numbers of the first row whose column A is `label`.
pub fn row_numbers(r: &calamine::Range<calamine::Data>, label: &str) -> Vec<f64> {
    use calamine::Data;
    for row in r.rows() {
        if matches!(&row[0], Data::String(s) if s == label) {
            return row[1..]
                .iter()
                .filter_map(|d| match d {
                    Data::Float(f) => Some(*f),
                    #[allow(clippy::cast_precision_loss)]
                    Data::Int(i) => Some(*i as f64),
                    _ => None,
                })
                .collect();
        }
    }
    panic!("no row {label:?}");
}

/// EXPECTED.md's Driftredovisning per kostnadsslag: Budget, Prognos,
/// Avvikelse in tkr as shown.
pub const KALMAR_BY_COST_TYPE: [(&str, [&str; 3]); 7] = [
    ("Intäkter", ["−77 174", "−82 599", "5 425"]),
    ("Personalkostnader", ["637 522", "629 622", "7 900"]),
    ("Lokalkostnader", ["73 101", "73 601", "−500"]),
    ("Kapitalkostnader", ["1 760", "1 760", "0"]),
    ("Övriga kostnader", ["273 227", "298 752", "−25 525"]),
    ("Summa KOSTNADER", ["985 610", "1 003 735", "−18 125"]),
    ("Summa RESULTAT", ["908 436", "921 136", "−12 700"]),
];

/// EXPECTED.md's Driftredovisning per verksamhet, areas and their
/// activities in the register's order, then the sum.
pub const KALMAR_BY_ACTIVITY: [(&str, [&str; 3]); 18] = [
    ("LEDNINGS- O STÖDFUNKTIONER", ["75 452", "58 877", "16 575"]),
    ("BARN o FAMILJ", ["207 870", "221 970", "−14 100"]),
    ("Gemensamt barn o familj", ["13 569", "13 169", "400"]),
    ("Trygga, säkra o stödja barn o ungas levnadsvillkor", ["140 271", "155 471", "−15 200"]),
    ("Säkra o föra fram barnets rätt", ["3 947", "3 747", "200"]),
    ("Möjliggöra utveckling hos barn o unga m funktionsnedsättning", ["50 083", "49 583", "500"]),
    ("FUNKTIONSSTÖD VUXEN", ["374 733", "378 133", "−3 400"]),
    ("Gemensamt vuxna m funktionsnedsättning att leva som andra", ["19 139", "19 539", "−400"]),
    (
        "Möjliggöra för kvinnor o män m funktionsnedsättning att leva som andra",
        ["355 594", "358 594", "−3 000"],
    ),
    ("HÄLSO- OCH SJUKVÅRD", ["17 956", "18 931", "−975"]),
    ("Tillgodose behov av hälso- och sjukvård", ["17 956", "18 931", "−975"]),
    ("VUXEN", ["232 425", "243 225", "−10 800"]),
    ("Gemensamt vuxen", ["13 830", "13 530", "300"]),
    ("Möjliggöra ett liv fritt från riskbruk, missbruk o beroende", ["34 566", "43 816", "−9 250"]),
    ("Verka för att vuxna m psykisk funktionsnedsättning kan leva som andra", ["132 919", "132 119", "800"]),
    ("Utreda o bedöma rätt till ekonomiskt bistånd", ["50 210", "52 860", "−2 650"]),
    ("Möjliggöra för kvinnor o män att leva i relationer fria från våld", ["900", "900", "0"]),
    ("Summa", ["908 436", "921 136", "−12 700"]),
];

/// The output lock held as another run holds it, until dropped: by this process, or under Wine by
/// `hold.exe` (beside the exe), since a Windows lock is not a Linux one.
pub enum HeldLock {
    Here(tertial::publish::lock::OutputLock),
    Wine(std::process::Child),
}

impl HeldLock {
    pub fn take(output: &Path) -> HeldLock {
        match std::env::var_os("TERTIAL_WINE_EXE") {
            None => {
                let mut lock = tertial::publish::lock::acquire(output, std::time::Duration::ZERO).unwrap();
                lock.announce();
                HeldLock::Here(lock)
            }
            Some(exe) => {
                fs_err::create_dir_all(output).unwrap();
                let hold = Path::new(&exe).with_file_name("hold.exe");
                let mut child = Command::new("wine")
                    .arg(hold)
                    .arg(output.join(tertial::publish::lock::LOCK_FILE))
                    .args(["600", "lock"])
                    .envs(wine_env())
                    .stdout(std::process::Stdio::piped())
                    .spawn()
                    .unwrap();
                let mut line = String::new();
                let stdout = child.stdout.as_mut().unwrap();
                std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).unwrap();
                assert_eq!(line.trim(), "held");
                HeldLock::Wine(child)
            }
        }
    }
}

impl Drop for HeldLock {
    fn drop(&mut self) {
        if let HeldLock::Wine(child) = self {
            child.kill().ok();
            child.wait().ok();
        }
    }
}
