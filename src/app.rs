//! Runs the pipeline for a command: read → validate → aggregate → annex and
//! report, under the output lock, publishing the outputs as one set.
//!
//! Takes a parsed [`Cli`]; gives an [`Outcome`] (how many errors, warnings
//! and notes; the exit code follows from it) or an [`AppError`] for usage,
//! lock and internal failures. Problems are reported together, sorted by
//! file and cell, after everything has been read; as text for people or as
//! one JSON object per event for a scheduler.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use serde_json::json;

use crate::aggregate::{self, AggregateError, Figures};
use crate::annex::{self, AnnexInput};
use crate::cli::{Cli, Command, LogFormat, Settings, UsageError};
use crate::config::Register;
use crate::consolidate::{self, Checked};
use crate::lock::{self, LockError};
use crate::manifest::{InputEntry, Manifest, RunSettings};
use crate::model::Dataset;
use crate::output::{self, PublishError};
use crate::period::Period;
use crate::problem::{Problems, RegisterName, Severity};
use crate::read::{self, FileBytes, PeriodFiles};
use crate::report::{self, ReportError, ReportInput, TemplateFile};
use crate::validate;

/// A failure that is not a problem in the input.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Wrong arguments or configuration: exit 2.
    #[error(transparent)]
    Usage(#[from] UsageError),
    /// Another run holds the output folder: exit 4.
    #[error(transparent)]
    Lock(#[from] LockError),
    /// Aggregation failed or its cross-check did not hold: exit 3.
    #[error(transparent)]
    Aggregate(#[from] AggregateError),
    /// The annex could not be built: exit 3.
    #[error("internal error while building the annex")]
    Annex(#[from] rust_xlsxwriter::XlsxError),
    /// The report could not be made (template errors, PDF): exit 3.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// The outputs could not be written: exit 3.
    #[error(transparent)]
    Publish(#[from] PublishError),
    /// The status page could not be written: exit 3.
    #[error(transparent)]
    Write(#[from] crate::output::WriteError),
    /// The templates could not be written: exit 3.
    #[error(transparent)]
    Templates(#[from] crate::input_templates::TemplateError),
    /// The working folder could not be set up: exit 3.
    #[error("could not set up the working folder")]
    Init {
        /// What.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The terminal could not be written to.
    #[error("could not print")]
    Print(#[from] std::io::Error),
}

impl AppError {
    /// The exit code: 2 for usage errors, 4 when the output folder is busy,
    /// 3 for everything else.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Usage(_) => 2,
            AppError::Lock(LockError::Busy { .. }) => 4,
            _ => 3,
        }
    }
}

/// How a command went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Validation errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub notes: usize,
}

impl Outcome {
    fn of(problems: &Problems) -> Self {
        Outcome {
            errors: problems.count(Severity::Error),
            warnings: problems.count(Severity::Warning),
            notes: problems.count(Severity::Note),
        }
    }

    /// 0 without errors, 1 with.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        u8::from(self.errors > 0)
    }
}

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

    fn text(&mut self, line: &str) -> std::io::Result<()> {
        if self.format == LogFormat::Text {
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }

    /// The problems, one line (or JSON object) for each message on each
    /// sheet: the same message on many cells is one, with its cells.
    fn problems(&mut self, problems: &Problems) -> std::io::Result<()> {
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

    fn files_read(&mut self, data: &Dataset) -> std::io::Result<()> {
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

    fn summary(&mut self, what: &str, files: usize, o: Outcome) -> std::io::Result<()> {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        self.text(&format!(
            "{what}: {} lästa; {}, {}, {}.",
            plural(files, "fil", "filer"),
            plural(o.errors, "fel", "fel"),
            plural(o.warnings, "varning", "varningar"),
            plural(o.notes, "notering", "noteringar"),
        ))
    }

    /// A `stage` event: how long a pipeline stage took, for the scheduler's
    /// log and the benchmark. Returns the instant the next stage starts.
    fn stage(&mut self, name: &str, since: Instant) -> std::io::Result<Instant> {
        self.stage_took(name, since.elapsed())?;
        Ok(Instant::now())
    }

    /// A `stage` event for a stage that ran beside others.
    fn stage_took(&mut self, name: &str, took: std::time::Duration) -> std::io::Result<()> {
        let ms = took.as_secs_f64() * 1000.0;
        self.json(&json!({"event": "stage", "stage": name, "ms": (ms * 10.0).round() / 10.0}))
    }

    /// The problems and summary of a check, and its end.
    fn checked(&mut self, what: &str, checked: &Checked) -> Result<Outcome, AppError> {
        self.files_read(&checked.records)?;
        self.problems(&checked.problems)?;
        let o = Outcome::of(&checked.problems);
        self.summary(what, checked.records.files.len(), o)?;
        self.end(o, false)?;
        Ok(o)
    }

    /// A run that found its inputs unchanged since the published set.
    fn unchanged(
        &mut self,
        problems: &Problems,
        dir: &Path,
        period: Period,
        o: Outcome,
    ) -> Result<Outcome, AppError> {
        self.problems(problems)?;
        self.text(&format!(
            "Underlaget för {period} är oförändrat sedan förra körningen; inga filer skrevs om. Använd --force för att bygga om."
        ))?;
        self.json(&json!({"event": "unchanged", "folder": dir.display().to_string()}))?;
        self.end(o, false)?;
        Ok(o)
    }

    /// An `output` event per file published, with its SHA-256.
    /// The manifest has every other output's hash already; only its own
    /// bytes are hashed here.
    fn outputs(&mut self, dir: &Path, manifest: &Manifest, manifest_json: &[u8]) -> std::io::Result<()> {
        if self.format != LogFormat::Json {
            return Ok(());
        }
        let own = ("manifest.json".to_string(), read::sha256_hex(manifest_json));
        for (name, sha256) in manifest.outputs.iter().map(|o| (o.path.clone(), o.sha256.clone())).chain([own])
        {
            self.json(&json!({
                "event": "output",
                "path": dir.join(name).display().to_string(),
                "sha256": sha256,
            }))?;
        }
        Ok(())
    }

    fn end(&mut self, o: Outcome, written: bool) -> std::io::Result<()> {
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

/// Reports a failure that is not a problem in the input (usage,
/// configuration, lock, internal) and gives its exit code: a line on
/// standard error, or with JSON logs an `error` event on standard output
/// that a scheduler's log can parse.
#[must_use]
pub fn fail(format: LogFormat, code: u8, message: &str) -> std::process::ExitCode {
    match format {
        LogFormat::Text => eprintln!("tertial: {}", message.trim_end()),
        LogFormat::Json => println!(
            "{}",
            json!({"event": "error", "exit_code": code, "message": message.trim_end(), "time": utc_now()})
        ),
    }
    std::process::ExitCode::from(code)
}

/// The clock time, UTC, as `YYYY-MM-DDTHH:MM:SSZ`: for the log only,
/// never in an output.
fn utc_now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let secs = i64::try_from(secs).unwrap_or(0);
    let (y, m, d) = crate::period::civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", t / 3600, t / 60 % 60, t % 60)
}

/// Runs a command line.
///
/// # Errors
/// [`AppError`] for usage errors, a busy output folder and internal failures.
pub fn main(cli: Cli) -> Result<Outcome, AppError> {
    let command = Command::from_cli(cli)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    execute(command, &mut out)
}

/// Runs a checked command, reporting to `out`.
///
/// # Errors
/// [`AppError`] for a busy output folder and internal failures.
pub fn execute(command: Command, out: &mut dyn Write) -> Result<Outcome, AppError> {
    match command {
        Command::Templates { output, register } => {
            for path in crate::input_templates::write_all(&output, &register)? {
                writeln!(out, "Skrev {}", path.display())?;
            }
            Ok(Outcome::default())
        }
        Command::Read(settings) => {
            let files = read::period(&settings.input, settings.period, false);
            let bytes = read::inflate(files.current);
            writeln!(out, "{bytes} byte uppackade")?;
            Ok(Outcome::default())
        }
        Command::Init { dir } => {
            init(&dir, out)?;
            Ok(Outcome::default())
        }
        Command::CheckPeriod { settings, status, output } => {
            let mut log = Reporter::new(settings.log, out);
            log.json(&json!({"event": "start", "command": "check", "period": settings.period.to_string(), "time": utc_now()}))?;
            let show = settings.log == LogFormat::Text;
            let files = read::period(&settings.input, settings.period, show);
            let checked = checked(files, &settings.register, settings.period)?;
            if let Some(page) = status {
                crate::status::write(&page, &output, &checked, &settings.register, settings.period, false)?;
            }
            log.checked(&format!("Kontroll av {}", settings.period), &checked)
        }
        Command::CheckFiles { files, year, register, log: format } => {
            let mut log = Reporter::new(format, out);
            log.json(&json!({"event": "start", "command": "check", "time": utc_now()}))?;
            let files = read::named(&files);
            let rules = validate::rules(&register, year, 12);
            let checked =
                consolidate::alone(validate::named_files(workbooks(files.current, files.problems, &rules)));
            log.checked("Kontroll", &checked)
        }
        Command::Run { settings, output, allow_partial, template, wait, force } => {
            let _lock = lock::acquire(&output, wait)?;
            let mut log = Reporter::new(settings.log, out);
            run(
                &settings,
                &RunOptions { output: &output, allow_partial, template: template.as_deref(), force },
                &mut log,
            )
        }
    }
}

/// The one validation of `check`, `run` and the status page: each
/// workbook of the period and of its history opened and validated (copies
/// of another file not opened), then the rules across files.
fn checked(files: PeriodFiles, register: &Register, period: Period) -> Result<Checked, AppError> {
    let rules = |p: Period| validate::rules(register, p.year, p.end_month());
    let current = workbooks(files.current, files.problems, &rules(period));
    let history =
        files.history.into_iter().map(|(p, f)| (p, workbooks(f, Problems::new(), &rules(p)))).collect();
    let validated = validate::period(current, history, register, period);
    Ok(consolidate::period(validated, register, period).map_err(AggregateError::from)?)
}

/// Each workbook of a folder opened and validated, in parallel, the
/// records merged in path order; a copy of another file is not opened.
fn workbooks(
    files: Vec<FileBytes>,
    mut problems: Problems,
    rules: &validate::Rules<'_>,
) -> (Dataset, Problems) {
    let (files, copies) = validate::without_copies(files);
    problems.extend(copies);
    validate::merged(read::open_each(files, |wb| validate::workbook(wb, rules)), problems)
}

/// Options of a `run`.
struct RunOptions<'a> {
    output: &'a Path,
    allow_partial: bool,
    template: Option<&'a Path>,
    force: bool,
}

fn entries(files: &[FileBytes], prefix: &str) -> Vec<InputEntry> {
    files
        .iter()
        .map(|f| InputEntry {
            path: format!("{prefix}{}", f.rel),
            sha256: f.sha256.clone(),
            size: f.bytes.len() as u64,
        })
        .collect()
}

/// What identifies a run before anything is validated: every input's
/// hash, the register, the template and the settings.
fn fingerprint(
    period: Period,
    files: &PeriodFiles,
    opts: &RunOptions<'_>,
    settings: &Settings,
    template: Option<&TemplateFile>,
) -> Manifest {
    let history = files.history.iter().flat_map(|(p, b)| entries(b, &format!("../{p}/"))).collect();
    Manifest::fingerprint(
        period.to_string(),
        entries(&files.current, ""),
        history,
        RunSettings {
            allow_partial: opts.allow_partial,
            config_sha256: settings.register_sha256.clone(),
            template_sha256: template.map(|t| read::sha256_hex(t.text.as_bytes())),
        },
    )
}

/// True when the existing manifest says the outputs were made from exactly
/// these inputs and settings by this version, and the outputs are intact.
fn unchanged(dir: &Path, candidate: &Manifest) -> Option<Outcome> {
    let text = fs_err::read(dir.join("manifest.json")).ok()?;
    let old: serde_json::Value = serde_json::from_slice(&text).ok()?;
    let new = serde_json::to_value(candidate).ok()?;
    for key in ["version", "period", "inputs", "history", "settings"] {
        if old.get(key) != new.get(key) {
            return None;
        }
    }
    for o in old.get("outputs")?.as_array()? {
        let bytes = fs_err::read(dir.join(o.get("path")?.as_str()?)).ok()?;
        if o.get("sha256")?.as_str()? != read::sha256_hex(&bytes) {
            return None;
        }
    }
    let counts = old.get("counts")?;
    let n = |k: &str| counts.get(k).and_then(serde_json::Value::as_u64).and_then(|v| usize::try_from(v).ok());
    Some(Outcome { errors: n("errors")?, warnings: n("warnings")?, notes: n("notes")? })
}

/// `tertial run`: read → (unchanged? stop) → validate → aggregate → annex,
/// report and data → publish → status page, each stage timed in the log.
/// A run stopped by errors writes only the status page.
fn run(settings: &Settings, opts: &RunOptions<'_>, log: &mut Reporter<'_>) -> Result<Outcome, AppError> {
    let period = settings.period;
    log.json(&json!({"event": "start", "command": "run", "period": period.to_string(), "time": utc_now()}))?;
    let template = opts.template.map(TemplateFile::load).transpose()?;
    let dir = opts.output.join(period.to_string());
    output::recover(&dir);

    let t = Instant::now();
    let files = read::period(&settings.input, period, settings.log == LogFormat::Text);
    let candidate = fingerprint(period, &files, opts, settings, template.as_ref());
    let timestamp = output::fixed_timestamp(&files.current);
    let t = log.stage("read", t)?;
    let page = crate::status::page_path(opts.output, period);
    // Under the lock: a killed run's half-written page is nobody's.
    output::remove_stale_temps(&page);
    if !opts.force && !files.problems.has_errors() && page.is_file() {
        if let Some(o) = unchanged(&dir, &candidate) {
            return log.unchanged(&files.problems, &dir, period, o);
        }
    }

    let checked = checked(files, &settings.register, period)?;
    let t = log.stage("validate", t)?;
    log.files_read(&checked.records)?;
    log.problems(&checked.problems)?;
    let outcome = Outcome::of(&checked.problems);
    if outcome.errors > 0 && !opts.allow_partial {
        crate::status::write(&page, opts.output, &checked, &settings.register, period, false)?;
        log.summary(&format!("Körning av {period}"), checked.records.files.len(), outcome)?;
        log.text(&format!(
            "Inget skrevs: rätta felen ovan och kör igen. Tidigare utdata i {} är orörda.",
            dir.display()
        ))?;
        log.end(outcome, false)?;
        return Ok(outcome);
    }

    let figures = aggregate::aggregate(&checked, &settings.register, period)?;
    let t = log.stage("aggregate", t)?;
    let set = outputs(settings, &checked, &figures, template.as_ref(), timestamp)?;
    let t = log.stage("outputs", t)?;
    let manifest = candidate.with_outputs(&set, &checked.problems, timestamp);
    let manifest_json = manifest.to_json().into_bytes();
    let mut set = set;
    set.push(("manifest.json".to_string(), manifest_json.clone()));
    output::publish_set(&dir, &set)?;
    crate::status::write(&page, opts.output, &checked, &settings.register, period, true)?;
    log.stage("publish", t)?;
    log.outputs(&dir, &manifest, &manifest_json)?;
    log.summary(&format!("Körning av {period}"), checked.records.files.len(), outcome)?;
    log.text(&format!(
        "Skrev {} och {}",
        dir.join(format!("bilaga-{period}.xlsx")).display(),
        dir.join(format!("tertialrapport-{period}.pdf")).display()
    ))?;
    log.end(outcome, true)?;
    Ok(outcome)
}

/// The output set of a run: the annex, the report and the Parquet data,
/// as (name in the period's folder, bytes). The report is laid out while
/// the annex and the data are written on the other core.
fn outputs(
    settings: &Settings,
    checked: &Checked,
    figures: &Figures,
    template: Option<&TemplateFile>,
    timestamp: i64,
) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    let period = settings.period;
    let register = &settings.register;
    let data = &checked.records;
    let sorted = checked.problems.sorted();
    let partial = checked.problems.has_errors();
    let municipality = register.municipality.as_deref().unwrap_or(RegisterName::Municipality.shown());
    let committee = register.committee.as_deref().unwrap_or(RegisterName::Committee.shown());
    let annex_input = AnnexInput {
        figures,
        municipality,
        committee,
        files: &data.files,
        problems: &sorted,
        actions: &data.actions,
        investments: &data.investments,
        partial,
        timestamp,
        lang: register.lang(),
    };
    let report_input = ReportInput {
        figures,
        municipality,
        committee,
        administration: register.administration.as_deref(),
        paragraphs: &data.paragraphs,
        actions: &data.actions,
        investments: &data.investments,
        errors: sorted.iter().filter(|p| p.severity == Severity::Error).map(ToString::to_string).collect(),
        partial,
        timestamp,
        template,
        lang: register.lang(),
        unit: register.unit(),
    };
    let (pdf, (annex, facts)) = rayon::join(
        || report::build(&report_input),
        || {
            (
                annex::build(&annex_input),
                crate::data::build(
                    figures,
                    &checked.records,
                    &crate::data::Stacking {
                        period: period.to_string(),
                        municipality: register.municipality.as_deref(),
                        committee: register.committee.as_deref(),
                    },
                ),
            )
        },
    );
    let mut set =
        vec![(format!("bilaga-{period}.xlsx"), annex?), (format!("tertialrapport-{period}.pdf"), pdf?)];
    set.extend(facts.map_err(AggregateError::from)?);
    Ok(set)
}

/// The commented register written by `tertial init`.
pub const REGISTER_EXAMPLE: &str = include_str!("../templates/tertial.toml");

/// Sets up a working folder for a new committee. Existing files are kept.
fn init(dir: &Path, out: &mut dyn Write) -> Result<(), AppError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| AppError::Init { path, source }
    };
    for sub in ["input", "output", "templates"] {
        let p = dir.join(sub);
        fs_err::create_dir_all(&p).map_err(io(&p))?;
    }
    let register = dir.join("tertial.toml");
    for (path, text) in
        [(&register, REGISTER_EXAMPLE), (&dir.join("templates/rapport.typ"), report::TEMPLATE)]
    {
        if path.exists() {
            writeln!(out, "Behöll {} (finns redan)", path.display())?;
        } else {
            output::write_atomic(path, text.as_bytes())
                .map_err(|e| AppError::Init { path: e.path.clone(), source: e.source })?;
            writeln!(out, "Skrev {}", path.display())?;
        }
    }
    for path in crate::input_templates::write_all(&dir.join("templates"), &Register::default())? {
        writeln!(out, "Skrev {}", path.display())?;
    }
    writeln!(
        out,
        "Klart. Fyll i {} med kommunens namn och verksamhetsområden, lägg arbetsböckerna i {}/ÅÅÅÅ-Tn/ och kör: tertial run",
        register.display(),
        dir.join("input").display()
    )?;
    Ok(())
}
