//! The Windows build, `tertial.exe`, under Wine: the same outputs as the Linux build, an output held
//! open as Excel holds it, and paths as Windows users write them.
//!
//! Ignored in a plain `cargo test`: they need `TERTIAL_WINE_EXE`, which scripts/test sets after
//! scripts/windows has built the exe (and runs them with `--include-ignored`, beside the nightly
//! safety tests and the Kalmar figures, which then run the exe too).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use common::{kalmar_work, Run};

const P: &str = "2022-T2";

/// The folder of `tertial.exe` and the test helpers beside it.
fn exe_dir() -> PathBuf {
    let exe = std::env::var_os("TERTIAL_WINE_EXE").expect("TERTIAL_WINE_EXE: run scripts/test");
    Path::new(&exe).parent().unwrap().to_path_buf()
}

/// Runs the Linux build.
fn linux(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_tertial")).args(args).current_dir(cwd).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file under `dir`, relative, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for e in fs_err::read_dir(&folder).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                folders.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                v.push((rel, fs_err::read(&p).unwrap()));
            }
        }
    }
    v.sort();
    v
}

/// Gives every input file the same whole second as its modification time: Windows keeps times in
/// 100 ns steps, Linux in nanoseconds, and the history records them.
fn whole_second_times(dir: &Path) {
    let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_660_000_000);
    for (rel, _) in files(dir) {
        let f = fs_err::File::options().write(true).open(dir.join(rel)).unwrap();
        f.set_modified(t).unwrap();
    }
}

#[test]
#[ignore = "needs tertial.exe under Wine (scripts/test)"]
fn the_windows_build_writes_the_linux_builds_outputs_byte_for_byte() {
    let w = kalmar_work();
    whole_second_times(&w.path().join("input"));
    let l = linux(w.path(), &["run", "--output", "out-linux"]);
    assert_eq!(l.code, 0, "{}{}", l.stdout, l.stderr);
    let win = w.run(&["run", "--output", "out-windows"]);
    assert_eq!(win.code, 0, "{}{}", win.stdout, win.stderr);
    // Swedish text whole in a redirected log.
    assert!(win.stdout.contains("Körning av 2022-T2"), "{}", win.stdout);
    // All but the lock file, which holds the process id of the run.
    let set = |dir: &str| {
        let mut v = files(&w.path().join(dir));
        v.retain(|(n, _)| n != ".tertial.lock");
        v
    };
    let (a, b) = (set("out-linux"), set("out-windows"));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.replace('\\', "/")).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    let differ: Vec<&str> = a.iter().zip(&b).filter(|(x, y)| x.1 != y.1).map(|(x, _)| x.0.as_str()).collect();
    assert!(differ.is_empty(), "differ between the builds: {differ:?}");
}

/// The staging and set-aside folders of the period left in an output folder.
fn hidden(output: &Path) -> Vec<String> {
    fs_err::read_dir(output)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".2022-T2"))
        .collect()
}

/// Starts hold.exe on `file` and waits until it holds it.
fn hold(file: &Path) -> std::process::Child {
    let mut child = Command::new("wine")
        .arg(exe_dir().join("hold.exe"))
        .arg(file)
        .arg("600")
        .envs(common::wine_env())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.as_mut().unwrap()), &mut line)
        .unwrap();
    assert_eq!(line.trim(), "held");
    child
}

#[test]
#[ignore = "needs tertial.exe under Wine (scripts/test)"]
fn an_annex_held_open_as_excel_holds_it_stops_the_run_and_keeps_the_previous_set() {
    let w = kalmar_work();
    assert_eq!(w.run(&["run"]).code, 0);
    let out = w.path().join("output").join(P);
    let before = files(&out);
    // A changed input, so that the next run publishes.
    fs_err::copy(w.input(P, "ekonomi-02.xlsx"), w.input(P, "extra.xlsx")).unwrap();
    let mut holder = hold(&out.join("bilaga-2022-T2.xlsx"));
    let run = w.run(&["run", "--allow-partial"]);
    holder.kill().ok();
    holder.wait().ok();
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("bilaga-2022-T2.xlsx är öppen i ett annat program (t.ex. Excel)")
            && run.stderr.contains("Stäng filen och kör igen"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(r"output\2022-T2\bilaga-2022-T2.xlsx"), "{}", run.stderr);
    assert_eq!(files(&out), before, "the previous set changed");
    let hidden = hidden(&w.path().join("output"));
    assert!(hidden.is_empty(), "{hidden:?}");
    // Closed: the next run publishes.
    let run = w.run(&["run", "--allow-partial"]);
    assert!(run.code == 0 || run.code == 1, "{}{}", run.stdout, run.stderr);
    assert_ne!(files(&out), before);
}

#[test]
#[ignore = "needs tertial.exe under Wine (scripts/test)"]
fn a_folder_with_spaces_and_swedish_letters_and_a_long_verbatim_path_work() {
    let w = kalmar_work();
    let folder = w.path().join("Underlag 2025 – Äldreomsorg");
    fs_err::create_dir(&folder).unwrap();
    fs_err::rename(w.path().join("input"), folder.join("input")).unwrap();
    fs_err::rename(w.path().join("tertial.toml"), folder.join("tertial.toml")).unwrap();
    // The output given with forward slashes is shown back with backslashes.
    let run = common::tertial(&folder, &["run", "--output", "utdata/x"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains(r"Skrev utdata\x\2022-T2\bilaga-2022-T2.xlsx"), "{}", run.stdout);
    let annex = fs_err::read(folder.join("utdata/x/2022-T2/bilaga-2022-T2.xlsx")).unwrap();
    // A path of more than 260 characters, written as Windows' verbatim (`\\?\`) paths are, the
    // form of UNC paths to a share (`\\?\UNC\server\share\…`).
    let mut long = folder.join("utdata");
    while long.as_os_str().len() < 300 {
        long = long.join("en mapp med ett långt namn för rapporter");
    }
    fs_err::create_dir_all(&long).unwrap();
    let verbatim = format!(r"\\?\Z:{}", long.display().to_string().replace('/', r"\"));
    assert!(verbatim.len() > 260);
    let run = common::tertial(&folder, &["run", "--output", &verbatim]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let again = fs_err::read(long.join("2022-T2/bilaga-2022-T2.xlsx")).unwrap();
    assert_eq!(again, annex, "the same annex wherever it is written");
}

#[test]
#[ignore = "needs tertial.exe under Wine (scripts/test)"]
fn a_share_by_its_unc_path_holds_the_input_the_output_the_lock_and_the_staging() {
    let w = kalmar_work();
    // Wine reaches \\server\share through a link in its prefix, as Windows reaches a share.
    let prefix = common::wine_env().into_iter().find(|(k, _)| *k == "WINEPREFIX").unwrap().1;
    let share = w.path().file_name().unwrap().to_string_lossy().into_owned();
    let server = Path::new(&prefix).join("dosdevices/unc/fil01");
    fs_err::create_dir_all(&server).unwrap();
    std::os::unix::fs::symlink(w.path(), server.join(&share)).unwrap();
    let unc = |rel: &str| format!(r"\\fil01\{share}\{rel}");
    let args = |extra: &'static [&'static str]| {
        let mut v = vec!["run".to_string(), "--input".into(), unc("input"), "--output".into(), unc("utdata")];
        v.extend(["--config".into(), unc("tertial.toml")]);
        v.extend(extra.iter().map(|s| (*s).to_string()));
        v
    };
    let run_unc = |extra: &'static [&'static str]| {
        let a = args(extra);
        common::tertial(Path::new("/tmp"), &a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let run = run_unc(&[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(&format!(r"Skrev \\fil01\{share}\utdata\2022-T2\bilaga-2022-T2.xlsx")),
        "{}",
        run.stdout
    );
    // Changed inputs: published again through the lock and a staging folder on the share.
    fs_err::copy(w.input(P, "ekonomi-02.xlsx"), w.input(P, "extra.xlsx")).unwrap();
    let again = run_unc(&["--allow-partial"]);
    fs_err::remove_file(server.join(&share)).ok();
    assert!(again.code == 0 || again.code == 1, "{}{}", again.stdout, again.stderr);
    let manifest = fs_err::read_to_string(w.path().join("utdata/2022-T2/manifest.json")).unwrap();
    assert!(manifest.contains("extra.xlsx"), "{manifest}");
    let left = hidden(&w.path().join("utdata"));
    assert!(left.is_empty(), "{left:?}");
}

#[test]
#[ignore = "needs tertial.exe under Wine (scripts/test)"]
fn a_log_redirected_by_cmd_is_utf8_with_the_swedish_letters_whole() {
    let w = kalmar_work();
    let exe = std::env::var("TERTIAL_WINE_EXE").unwrap();
    // Unquoted: Wine passes quotes on to cmd escaped (the exe's path has no spaces).
    let line = format!(r"Z:{} run > logg.txt 2>&1", exe.replace('/', r"\"));
    let status = Command::new("wine")
        .args(["cmd", "/c", &line])
        .current_dir(w.path())
        .envs(common::wine_env())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let log = fs_err::read(w.path().join("logg.txt")).unwrap();
    let text = String::from_utf8(log).expect("the log is UTF-8");
    assert!(text.contains("Körning av 2022-T2: 8 filer lästa"), "{text}");
    assert!(text.contains("Skrev output\\2022-T2\\bilaga-2022-T2.xlsx"), "{text}");
}
