//! The status page: `status-<period>.html`, for the people who drop the workbooks.
//!
//! Takes a period's [`Checked`] records and problems, the register and what the last published set
//! is ([`Published`]); gives the text of one self-contained HTML page (no script, no font or style
//! from any address) with the outcome in plain Swedish, every file with its problems (the same text
//! as the terminal), which sheet kinds each activity area has sent, and relative links to the
//! published annex and report. It holds no clock time, so the same inputs give the same bytes.
//! Accessible: `lang="sv"`, headings in order, data tables with header cells and `scope`, WCAG AA
//! contrast in light and dark colour schemes, status always as a word, never by colour alone.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;

use crate::config::Register;
use crate::consolidate::Checked;
use crate::model::{Records, SheetRead};
use crate::names::normalise;
use crate::period::Period;
use crate::problem::{Problem, RegisterName, Severity};
use crate::schema::SheetKind;

/// The published set the page links to: its annex and report (links relative to the page), when
/// its newest input was last changed (`YYYY-MM-DD HH:MM UTC`), and whether it is preliminary
/// (written despite errors).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    pub annex: String,
    pub report: String,
    pub inputs_changed: String,
    pub preliminary: bool,
}

/// What the page says.
pub struct StatusInput<'a> {
    pub period: Period,
    /// The validated records and every problem.
    pub checked: &'a Checked,
    pub register: &'a Register,
    pub published: Option<Published>,
    /// True when this run published the set (false for `check`, and for a run stopped by errors).
    pub updated: bool,
}

/// The text with `&`, `<`, `>` and `"` escaped.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() && c != '\n' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn counts(problems: &[&Problem]) -> String {
    let n = |s| problems.iter().filter(|p| p.severity == s).count();
    format!(
        "{}, {}, {}",
        plural(n(Severity::Error), "fel", "fel"),
        plural(n(Severity::Warning), "varning", "varningar"),
        plural(n(Severity::Note), "notering", "noteringar")
    )
}

/// The page's style sheet, inlined (the page loads nothing).
const STYLE: &str = include_str!("status.css");

/// The files of the run: every workbook read and every file a problem names, in path order, with
/// their problems.
fn files<'a>(data: &Records, problems: &'a [Problem]) -> BTreeMap<String, Vec<&'a Problem>> {
    let mut out: BTreeMap<String, Vec<&Problem>> = BTreeMap::new();
    for f in &data.files {
        out.entry(f.path.clone()).or_default();
    }
    for p in problems {
        if let Some(file) = &p.place.file {
            if !file.starts_with("../") && file != "tertial.toml" {
                out.entry(file.clone()).or_default().push(p);
            }
        }
    }
    out
}

/// The sheet kinds whose rows name their area, and the areas each has (a Huvudbok gives Budget and
/// Prognos records alike).
fn kinds_by_area(data: &Records) -> Vec<(SheetKind, BTreeSet<String>)> {
    use SheetKind::{Budget, Forecast, Indicators, Investments, Ledger, SickLeave, Staff, Text};
    let sheets = || data.files.iter().flat_map(|f| &f.sheets);
    [Budget, Forecast, SickLeave, Staff, Indicators, Investments, Text]
        .into_iter()
        .map(|kind| {
            let of_kind =
                |s: &&SheetRead| s.kind == kind || s.kind == Ledger && matches!(kind, Budget | Forecast);
            (kind, sheets().filter(of_kind).flat_map(|s| s.areas.iter().cloned()).collect())
        })
        .collect()
}

/// The areas of the table: the register's, else those seen (Budget rows first), with the spelling
/// shown.
fn areas(data: &Records, register: &Register) -> Vec<(String, String)> {
    let names: Box<dyn Iterator<Item = &str>> = if register.has_areas() {
        Box::new(register.areas.iter().map(|a| a.name.as_str()))
    } else {
        let rows = data.budget.iter().map(|r| &*r.area).chain(data.forecast.iter().map(|r| &*r.area));
        Box::new(
            rows.chain(data.sick_leave.iter().map(|r| &*r.area)).chain(data.staff.iter().map(|r| &*r.area)),
        )
    };
    // Each spelling is folded once, each key looked up in a set: rows repeat a few names thousands
    // of times.
    let (mut spellings, mut keys, mut out) = (HashSet::new(), HashSet::new(), Vec::new());
    for name in names {
        if spellings.insert(name) {
            let key = normalise(name);
            if !key.is_empty() && keys.insert(key.clone()) {
                out.push((key, name.trim().to_string()));
            }
        }
    }
    out
}

fn outcome(out: &mut String, input: &StatusInput<'_>, problems: &[Problem]) {
    let all: Vec<&Problem> = problems.iter().collect();
    let errors: Vec<&&Problem> = all.iter().filter(|p| p.severity == Severity::Error).collect();
    let files_with_errors =
        errors.iter().filter_map(|p| p.place.file.as_ref()).collect::<BTreeSet<_>>().len();
    let since = input
        .published
        .as_ref()
        .map_or("någon körning".to_string(), |p| format!("underlaget per {}", p.inputs_changed));
    let report = if input.updated {
        "rapporten är skriven som preliminär (ofullständigt underlag)".to_string()
    } else {
        format!("rapporten har inte uppdaterats sedan {since}")
    };
    let (class, mark, text) = match (errors.len(), input.updated) {
        (0, true) => ("ok", "✔", "Inga fel — rapporten är uppdaterad".to_string()),
        (0, false) => ("ok", "✔", "Inga fel i underlaget".to_string()),
        (n, _) => {
            let files = plural(files_with_errors, "fil", "filer");
            ("fail", "✖", format!("{} i {files} — {report}", plural(n, "fel", "fel")))
        }
    };
    let _ = writeln!(
        out,
        "<p class=\"outcome {class}\"><span aria-hidden=\"true\">{mark}</span> {}</p>",
        esc(&text)
    );
    let _ = writeln!(out, "<p>{}.</p>", counts(&all));
    match &input.published {
        Some(p) => {
            let _ = writeln!(
                out,
                "<p>Senast publicerade{}: <a href=\"{}\">rapporten (PDF)</a> och <a href=\"{}\">bilagan (Excel)</a>, underlaget ändrades senast {}.</p>",
                if p.preliminary { " (preliminär)" } else { "" },
                esc(&p.report),
                esc(&p.annex),
                esc(&p.inputs_changed)
            );
        }
        None => {
            let _ = writeln!(out, "<p>Ingen rapport har publicerats för perioden ännu.</p>");
        }
    }
}

fn problem_rows(out: &mut String, problems: &[&Problem]) {
    // A ledger export's places are lines, a workbook's cells.
    let export = problems.first().is_some_and(|p| p.place.in_export());
    let _ = writeln!(
        out,
        "<table><thead><tr><th scope=\"col\">Allvarlighet</th><th scope=\"col\">{}</th><th scope=\"col\">Meddelande</th></tr></thead><tbody>",
        if export { "Rad" } else { "Blad!cell" }
    );
    for g in crate::problem::grouped(problems.iter().copied()) {
        let p = g.first;
        let class = match p.severity {
            Severity::Error => "fail",
            Severity::Warning => "warn",
            Severity::Note => "muted",
        };
        let place = match (&p.place.file, &p.place.sheet, g.cells_text()) {
            (_, Some(_), Some(lines)) if p.place.in_export() => lines,
            (_, Some(s), Some(a1)) => format!("{}!{a1}", crate::names::escaped(s)),
            (_, Some(s), None) => crate::names::escaped(s),
            (Some(f), None, _) if f.starts_with("../") || f == "tertial.toml" => crate::names::escaped(f),
            (Some(_), None, _) => "(hela filen)".into(),
            (None, _, _) => "–".into(),
        };
        // A SIE line's start above the message, as the file has it.
        let line = match (&p.place.line, g.cells.len() < 2) {
            (Some(line), true) => format!("<code class=\"line\">{}</code>", esc(line)),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"{class}\">{}</td><td class=\"where\">{}</td><td>{line}{}</td></tr>",
            p.severity.label(),
            esc(&place),
            esc(&p.kind.to_string())
        );
    }
    let _ = writeln!(out, "</tbody></table>");
}

fn files_section(out: &mut String, data: &Records, problems: &[Problem]) {
    let files = files(data, problems);
    let _ = writeln!(out, "<h2 id=\"filer\">Filer</h2>");
    let _ = writeln!(
        out,
        "<table><caption>{} i periodens mapp; filer med fel först i listan nedan.</caption><thead><tr><th scope=\"col\">Fil</th><th scope=\"col\">Status</th></tr></thead><tbody>",
        plural(files.len(), "fil", "filer")
    );
    for (file, ps) in &files {
        let status = if ps.is_empty() {
            "<span class=\"ok\">OK</span>".to_string()
        } else if ps.iter().any(|p| p.severity == Severity::Error) {
            format!("<span class=\"fail\">{}</span>", counts(ps))
        } else {
            counts(ps)
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{status}</td></tr>",
            esc(&crate::names::escaped(file))
        );
    }
    let _ = writeln!(out, "</tbody></table>");
    let mut with: Vec<(&String, &Vec<&Problem>)> = files.iter().filter(|(_, ps)| !ps.is_empty()).collect();
    with.sort_by_key(|(f, ps)| (!ps.iter().any(|p| p.severity == Severity::Error), *f));
    for (file, ps) in with {
        let _ = writeln!(out, "<h3>{}</h3>", esc(&crate::names::escaped(file)));
        problem_rows(out, ps);
    }
}

fn areas_section(out: &mut String, data: &Records, register: &Register) {
    let areas = areas(data, register);
    let _ = writeln!(out, "<h2 id=\"omraden\">Verksamhetsområden</h2>");
    if areas.is_empty() {
        let _ = writeln!(out, "<p>Inga verksamhetsområden i underlaget ännu.</p>");
        return;
    }
    let kinds = kinds_by_area(data);
    // A kind is expected of every area once any area has sent it (a forecast of every area with a
    // budget); the others show "–".
    let expected: Vec<&(SheetKind, BTreeSet<String>)> = kinds
        .iter()
        .filter(|(k, names)| {
            matches!(k, SheetKind::Budget | SheetKind::Forecast | SheetKind::SickLeave | SheetKind::Staff)
                && !names.is_empty()
                || (*k == SheetKind::Forecast && !data.budget.is_empty())
        })
        .collect();
    let _ = write!(
        out,
        "<table><caption>Vilka blad som har kommit in per verksamhetsområde.</caption><thead><tr><th scope=\"col\">Verksamhetsområde</th>"
    );
    for (k, _) in &expected {
        let _ = write!(out, "<th scope=\"col\">{}</th>", k.swedish());
    }
    let _ = writeln!(out, "</tr></thead><tbody>");
    for (key, name) in &areas {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", esc(name));
        for (_, names) in &expected {
            let (class, word) = if names.contains(key) { ("ok", "Finns") } else { ("fail", "Saknas") };
            let _ = write!(out, "<td class=\"{class}\">{word}</td>");
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody></table>");
}

/// The page.
#[must_use]
pub fn html(input: &StatusInput<'_>) -> String {
    let problems = input.checked.problems.sorted();
    let committee = input.register.committee.as_deref().unwrap_or(RegisterName::Committee.shown());
    let municipality = input.register.municipality.as_deref().unwrap_or(RegisterName::Municipality.shown());
    let report = input.register.title(input.period);
    let title = format!("Status: {report} {} – {committee}", input.period);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>",
        esc(&title)
    );
    let _ = writeln!(out, "<h1>Status: {} {}</h1>", esc(&report), input.period);
    let _ = writeln!(out, "<p class=\"sub\">{}, {}</p>", esc(committee), esc(municipality));
    outcome(&mut out, input, &problems);
    files_section(&mut out, &input.checked.records, &problems);
    areas_section(&mut out, &input.checked.records, input.register);
    let general: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.place.file.as_ref().is_none_or(|f| f.starts_with("../") || f == "tertial.toml"))
        .collect();
    if !general.is_empty() {
        let _ = writeln!(out, "<h2 id=\"ovrigt\">Om hela körningen</h2>");
        problem_rows(&mut out, &general);
    }
    let _ = writeln!(
        out,
        "<p class=\"muted\">Sidan skrivs av tertial vid varje körning; tiden för körningen står i loggen. Rätta felen i arbetsböckerna och lägg tillbaka dem i periodens mapp.</p>\n</main>\n</body>\n</html>"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
        assert_eq!(esc("rad\u{7}"), "rad\u{fffd}");
    }
}
