//! The dependencies between src/'s files point one way: no import cycle
//! between files (a child using its own parent's items is not one), and no
//! stage importing a later one (read → validate → consolidate → aggregate
//! → writers → publish, the shared layer below them all, the commands on
//! top). A
//! `crate::` path (in a `use` or inline), a `super::` path and a child
//! module's path tie a file to the file of the longest module path that
//! exists; `#[cfg(test)]` modules are left out, tests may reach
//! anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;

/// The layers, lowest first, by a module's first path segment.
const LAYERS: [(&str, &[&str]); 8] = [
    (
        "shared",
        &[
            "names", "money", "period", "problem", "model", "schema", "numbers", "format", "labels", "goals",
            "config", "earlier",
        ],
    ),
    ("read", &["read"]),
    ("validate", &["validate"]),
    ("consolidate", &["consolidate"]),
    ("aggregate", &["aggregate"]),
    ("writers", &["annex", "report", "facts", "status", "templates"]),
    ("publish", &["publish"]),
    ("commands", &["", "app", "cli", "log", "init"]),
];

fn layer(module: &[String]) -> usize {
    let first = module.first().map_or("", String::as_str);
    LAYERS
        .iter()
        .position(|(_, mods)| mods.contains(&first))
        .unwrap_or_else(|| panic!("src/{first}: add the module to a layer of tests/layers.rs"))
}

/// Every .rs file under `dir`, with its module path.
fn modules(src: &Path, dir: &Path, out: &mut BTreeMap<Vec<String>, PathBuf>) {
    for e in fs_err::read_dir(dir).unwrap().map(Result::unwrap) {
        let path = e.path();
        if path.is_dir() {
            modules(src, &path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            let rel = path.strip_prefix(src).unwrap().with_extension("");
            let mut segs: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
            if matches!(segs.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                segs.pop();
            }
            out.insert(segs, path);
        }
    }
}

/// The text without `#[cfg(test)] mod … { … }` blocks and `//` comments.
fn code(text: &str) -> String {
    let tests = Regex::new(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{").unwrap();
    let mut out = String::new();
    let mut i = 0;
    for m in tests.find_iter(text) {
        if m.start() < i {
            continue;
        }
        out.push_str(&text[i..m.start()]);
        let mut depth = 1;
        let mut j = m.end();
        for (k, c) in text[m.end()..].char_indices() {
            depth += match c {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            j = m.end() + k + c.len_utf8();
            if depth == 0 {
                break;
            }
        }
        i = j;
    }
    out.push_str(&text[i..]);
    Regex::new(r"//[^\n]*").unwrap().replace_all(&out, "").into_owned()
}

/// `a::{b, c::{d}}` → `a::b`, `a::c::d`.
fn expand(path: &str) -> Vec<String> {
    let Some(open) = path.find('{') else { return vec![path.to_string()] };
    let (head, body) = (&path[..open], &path[open + 1..path.len() - 1]);
    let (mut parts, mut depth, mut cur) = (Vec::new(), 0, String::new());
    for c in body.chars() {
        match c {
            ',' if depth == 0 => parts.push(std::mem::take(&mut cur)),
            '{' => (depth += 1, cur.push(c)).1,
            '}' => (depth -= 1, cur.push(c)).1,
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .flat_map(|p| {
            if p == "self" {
                vec![head.trim_end_matches("::").to_string()]
            } else {
                expand(&format!("{head}{p}"))
            }
        })
        .collect()
}

/// The graph: each file and the files it uses.
fn graph(src: &Path) -> (BTreeMap<Vec<String>, PathBuf>, BTreeMap<PathBuf, BTreeSet<PathBuf>>) {
    let mut mods = BTreeMap::new();
    modules(src, src, &mut mods);
    let target = |path: &str| -> Option<&PathBuf> {
        let segs: Vec<String> =
            path.split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        (1..=segs.len()).rev().find_map(|n| mods.get(&segs[..n]))
    };
    let use_crate = Regex::new(r"\buse\s+crate::([^;]+);").unwrap();
    let inline_crate = Regex::new(r"\bcrate::((?:\w+::)*\w+)").unwrap();
    let sup = Regex::new(r"\bsuper::((?:\w+::)*\w+)").unwrap();
    let use_super = Regex::new(r"\buse\s+super::([^;]+);").unwrap();
    let kid = Regex::new(r"(?m)^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;").unwrap();
    let mut graph: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (module, file) in &mods {
        let text = code(&fs_err::read_to_string(file).unwrap());
        let parent = mods.get(&module[..module.len().saturating_sub(1)]);
        let base = &module[..module.len().saturating_sub(1)];
        let mut refs: Vec<String> = use_crate.captures_iter(&text).map(|c| c[1].to_string()).collect();
        refs.extend(inline_crate.captures_iter(&text).map(|c| c[1].to_string()));
        for c in use_super.captures_iter(&text).chain(sup.captures_iter(&text)) {
            refs.push(format!("{}::{}", base.join("::"), &c[1]));
        }
        for k in kid.captures_iter(&text) {
            let k = &k[1];
            let used =
                Regex::new(&format!(r"(?:^|[^\w:])(?:self::)?{k}::((?:\w+::)*\w+|\{{[^;]+\}})")).unwrap();
            for c in used.captures_iter(&text) {
                refs.push(format!("{}::{k}::{}", module.join("::"), &c[1]));
            }
        }
        let edges = graph.entry(file.clone()).or_default();
        for r in refs {
            let r: String = r.split_whitespace().collect();
            for p in expand(&r) {
                if let Some(t) = target(&p) {
                    if t != file && Some(t) != parent {
                        edges.insert(t.clone());
                    }
                }
            }
        }
    }
    (mods, graph)
}

/// The strongly connected components of more than one file (Tarjan).
fn cycles(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    struct State<'a> {
        graph: &'a BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        index: BTreeMap<&'a PathBuf, usize>,
        low: BTreeMap<&'a PathBuf, usize>,
        stack: Vec<&'a PathBuf>,
        found: Vec<Vec<PathBuf>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a PathBuf) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        for w in &s.graph[v] {
            if !s.index.contains_key(w) {
                visit(s, w);
                let l = s.low[v].min(s.low[w]);
                s.low.insert(v, l);
            } else if s.stack.contains(&w) {
                let l = s.low[v].min(s.index[w]);
                s.low.insert(v, l);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                comp.push(w.clone());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.found.push(comp);
            }
        }
    }
    let mut s =
        State { graph, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), found: Vec::new() };
    for v in graph.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.found
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_import_cycle_between_files() {
    let (_, graph) = graph(&src());
    assert!(graph.len() > 30, "{} files", graph.len());
    let found = cycles(&graph);
    assert!(found.is_empty(), "import cycles between files: {found:#?}");
}

/// Every use of a later stage's file: "file (layer) uses file (layer)".
fn backward(src: &Path) -> Vec<String> {
    let (mods, graph) = graph(src);
    let module_of: BTreeMap<&PathBuf, &Vec<String>> = mods.iter().map(|(m, f)| (f, m)).collect();
    let rel = |p: &PathBuf| p.strip_prefix(src).unwrap().display().to_string();
    let mut wrong = Vec::new();
    for (file, uses) in &graph {
        let from = layer(module_of[file]);
        for used in uses {
            let to = layer(module_of[used]);
            if to > from {
                wrong.push(format!(
                    "{} ({}) uses {} ({})",
                    rel(file),
                    LAYERS[from].0,
                    rel(used),
                    LAYERS[to].0
                ));
            }
        }
    }
    wrong
}

#[test]
fn no_stage_imports_a_later_one() {
    let wrong = backward(&src());
    assert!(wrong.is_empty(), "a stage imports a later one:\n{}", wrong.join("\n"));
}

#[test]
fn the_checker_finds_a_cycle_and_a_backward_import() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    fs_err::create_dir_all(src.join("read")).unwrap();
    fs_err::write(src.join("lib.rs"), "pub mod read;\npub mod names;\n").unwrap();
    fs_err::write(src.join("read/mod.rs"), "mod bounds;\nuse crate::names::quote;\n").unwrap();
    fs_err::write(src.join("read/bounds.rs"), "use super::describe;\nfn f() { crate::read::other::g() }\n")
        .unwrap();
    fs_err::write(src.join("read/other.rs"), "use crate::read::bounds::X;\n").unwrap();
    fs_err::write(
        src.join("names.rs"),
        "use crate::read::{self, bounds};\n#[cfg(test)]\nmod tests { use crate::app; }\n",
    )
    .unwrap();
    let (_, g) = graph(src);
    let found = cycles(&g);
    let names: Vec<Vec<String>> = found
        .iter()
        .map(|c| c.iter().map(|p| p.strip_prefix(src).unwrap().display().to_string()).collect())
        .collect();
    // read/bounds → read/other → read/bounds; names → read/mod → names.
    assert!(names.contains(&vec!["read/bounds.rs".into(), "read/other.rs".into()]), "{names:?}");
    assert!(names.contains(&vec!["names.rs".into(), "read/mod.rs".into()]), "{names:?}");
    // A child using its parent (bounds → read/mod) is not an edge.
    assert!(!g[&src.join("read/bounds.rs")].contains(&src.join("read/mod.rs")));
    // The shared layer may not use the read stage; the read stage may use
    // the shared layer.
    assert_eq!(
        backward(src),
        ["names.rs (shared) uses read/bounds.rs (read)", "names.rs (shared) uses read/mod.rs (read)"]
    );
}
