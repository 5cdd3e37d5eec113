//! The log of a command: lines for people on a terminal, or one JSON object per event for a
//! scheduler's log (`start`, `file`, `problem`, `stage`, `output` or `unchanged`, `end`, and
//! `error` for a failure that is no problem in the input).
//!
//! Takes the events of a command; writes them to the output given. The clock time is in the log
//! only, never in an output.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use serde_json::json;

use crate::cli::LogFormat;
use crate::consolidate::Checked;
use crate::model::Records;
use crate::period::Period;
use crate::problem::Problems;
use crate::publish::manifest::Manifest;
use crate::publish::MANIFEST;
use crate::read::{sha256_hex, Earlier};

/// How a command went: the counts of its problems.
pub type Outcome = crate::problem::Counts;

/// Reports the events of a run: lines for people, or JSON objects.
pub struct Reporter<'a> {
    format: LogFormat,
    out: &'a mut dyn Write,
    started: Instant,
}

impl<'a> Reporter<'a> {
    /// A reporter writing to `out`.
    pub fn new(format: LogFormat, out: &'a mut dyn Write) -> Self {
        Reporter { format, out, started: Instant::now() }
    }

    fn json(&mut self, value: &serde_json::Value) -> std::io::Result<()> {
        if self.format == LogFormat::Json {
            writeln!(self.out, "{value}")?;
        }
        Ok(())
    }

    /// The `start` event of a command, with the period when there is one.
    pub fn start(&mut self, command: &str, period: Option<Period>) -> std::io::Result<()> {
        let mut event = json!({"event": "start", "command": command, "time": utc_now()});
        if let Some(p) = period {
            event["period"] = json!(p.to_string());
        }
        self.json(&event)
    }

    /// A line for people (nothing in a JSON log).
    pub fn text(&mut self, line: &str) -> std::io::Result<()> {
        if self.format == LogFormat::Text {
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }

    /// The problems, one line (or JSON object) for each message on each sheet: the same message on
    /// many cells is one, with its cells.
    pub fn problems(&mut self, problems: &Problems) -> std::io::Result<()> {
        let sorted = problems.sorted();
        for g in crate::problem::grouped(&sorted) {
            let p = g.first;
            match self.format {
                LogFormat::Text => writeln!(self.out, "{g}")?,
                LogFormat::Json => self.json(&json!({
                    "event": "problem",
                    "severity": p.severity,
                    "file": p.place.file,
                    "sheet": p.place.sheet,
                    "cell": p.place.a1(),
                    "cells": g.cells_text(),
                    "count": g.count(),
                    "message": p.kind.to_string(),
                }))?,
            }
        }
        Ok(())
    }

    pub fn files_read(&mut self, data: &Records) -> std::io::Result<()> {
        for f in &data.files {
            self.json(&json!({
                "event": "file",
                "path": f.path,
                "sha256": f.sha256,
                "size": f.size,
                "sheets": f.sheets.iter().map(|s| json!({"name": s.name, "rows": s.rows})).collect::<Vec<_>>(),
            }))?;
        }
        Ok(())
    }

    /// Where each earlier period's records came from: what its run published (its files unchanged
    /// since) or its workbooks, read again. A `history` event each; one line of text.
    pub fn history(&mut self, history: &[(Period, Earlier)]) -> std::io::Result<()> {
        if history.is_empty() {
            return Ok(());
        }
        let mut published = Vec::new();
        let mut read = Vec::new();
        for (p, earlier) in history {
            let (source, files) = match earlier {
                Earlier::Published(x) => (("published", &mut published), x.inputs.len()),
                Earlier::Read(f) => (("read", &mut read), f.len()),
            };
            self.json(
                &json!({"event": "history", "period": p.to_string(), "source": source.0, "files": files}),
            )?;
            source.1.push(p.to_string());
        }
        let mut parts = Vec::new();
        if !published.is_empty() {
            parts.push(format!(
                "{} ur tidigare körningars historik (indata oförändrade)",
                published.join(", ")
            ));
        }
        if !read.is_empty() {
            parts.push(format!("{} lästa från indata", read.join(", ")));
        }
        self.text(&format!("Tidigare perioder: {}.", parts.join("; ")))
    }

    pub fn summary(&mut self, what: &str, files: usize, o: Outcome) -> std::io::Result<()> {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        self.text(&format!(
            "{what}: {} lästa; {}, {}, {}.",
            plural(files, "fil", "filer"),
            plural(o.errors, "fel", "fel"),
            plural(o.warnings, "varning", "varningar"),
            plural(o.notes, "notering", "noteringar"),
        ))
    }

    /// A `stage` event: how long a pipeline stage took, for the scheduler's log and the benchmark.
    /// Returns the instant the next stage starts.
    pub fn stage(&mut self, name: &str, since: Instant) -> std::io::Result<Instant> {
        let ms = since.elapsed().as_secs_f64() * 1000.0;
        self.json(&json!({"event": "stage", "stage": name, "ms": (ms * 10.0).round() / 10.0}))?;
        Ok(Instant::now())
    }

    /// The problems and summary of a check, and its end.
    pub fn checked(&mut self, what: &str, checked: &Checked) -> std::io::Result<Outcome> {
        self.files_read(&checked.records)?;
        self.problems(&checked.problems)?;
        let o = checked.problems.counts();
        self.summary(what, checked.records.files.len(), o)?;
        self.end(o, false)?;
        Ok(o)
    }

    /// A run that found its inputs unchanged since the published set.
    pub fn unchanged(
        &mut self,
        problems: &Problems,
        dir: &Path,
        period: Period,
        o: Outcome,
    ) -> std::io::Result<Outcome> {
        self.problems(problems)?;
        self.text(&format!(
            "Underlaget för {period} är oförändrat sedan förra körningen; inga filer skrevs om. Använd --force för att bygga om."
        ))?;
        self.json(&json!({"event": "unchanged", "folder": crate::format::path(dir)}))?;
        self.end(o, false)?;
        Ok(o)
    }

    /// An `output` event per file published, with its SHA-256. The manifest has every other
    /// output's hash already; only its own bytes are hashed here.
    pub fn outputs(&mut self, dir: &Path, manifest: &Manifest, manifest_json: &[u8]) -> std::io::Result<()> {
        if self.format != LogFormat::Json {
            return Ok(());
        }
        let own = (MANIFEST.to_string(), sha256_hex(manifest_json));
        for (name, sha256) in manifest.outputs.iter().map(|o| (o.path.clone(), o.sha256.clone())).chain([own])
        {
            self.json(&json!({
                "event": "output",
                "path": crate::format::path(&dir.join(name)),
                "sha256": sha256,
            }))?;
        }
        Ok(())
    }

    pub fn end(&mut self, o: Outcome, written: bool) -> std::io::Result<()> {
        let ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.json(&json!({
            "event": "end",
            "errors": o.errors,
            "warnings": o.warnings,
            "notes": o.notes,
            "written": written,
            "exit_code": o.exit_code(),
            "duration_ms": ms,
            "time": utc_now(),
        }))
    }
}

/// Reports a failure that is not a problem in the input (usage, configuration, lock, internal) and
/// gives its exit code: a line on standard error, or with JSON logs an `error` event on standard
/// output that a scheduler's log can parse.
#[must_use]
pub fn fail(format: LogFormat, code: u8, message: &str) -> std::process::ExitCode {
    // Written, not printed: a reader that has gone (`| head`) is no reason to panic.
    let _ = match format {
        LogFormat::Text => writeln!(std::io::stderr(), "tertial: {}", message.trim_end()),
        LogFormat::Json => writeln!(
            std::io::stdout(),
            "{}",
            json!({"event": "error", "exit_code": code, "message": message.trim_end(), "time": utc_now()})
        ),
    };
    std::process::ExitCode::from(code)
}

/// The clock time, UTC, as `YYYY-MM-DDTHH:MM:SSZ`: for the log only, never in an output.
fn utc_now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let secs = i64::try_from(secs).unwrap_or(0);
    let (y, m, d) = crate::period::civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", t / 3600, t / 60 % 60, t % 60)
}
