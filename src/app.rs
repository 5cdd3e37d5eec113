//! Runs the pipeline for a command: read → validate → aggregate → annex and
//! report, under the output lock, publishing the outputs as one set.
//!
//! Takes a parsed [`Cli`]; gives an [`Outcome`] (how many errors, warnings
//! and notes; the exit code follows from it) or an [`AppError`] for usage,
//! lock and internal failures. Problems are reported together, sorted by
//! file and cell, after everything has been read; as text for people or as
//! one JSON object per event for a scheduler.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::json;

use crate::aggregate::{self, AggregateError, History};
use crate::annex::{self, AnnexInput};
use crate::cache::Cache;
use crate::cli::{periods_in, Cli, Command, LogFormat, Settings, UsageError};
use crate::config::Register;
use crate::input::{self, FileBytes, InputFile};
use crate::lock::{self, LockError};
use crate::manifest::{InputEntry, Manifest, RunSettings};
use crate::model::Dataset;
use crate::output::{self, PublishError};
use crate::period::Period;
use crate::problem::{Place, ProblemKind, Problems, Severity};
use crate::report::{self, ReportError, ReportInput, TemplateFile};
use crate::validate::{self, Rules};

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
    #[error("internal error while building the annex: {0}")]
    Annex(#[from] rust_xlsxwriter::XlsxError),
    /// The report could not be made (template errors, PDF): exit 3.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// The outputs could not be written: exit 3.
    #[error(transparent)]
    Publish(#[from] PublishError),
    /// The templates could not be written: exit 3.
    #[error(transparent)]
    Templates(#[from] crate::templates::TemplateError),
    /// The working folder could not be set up: exit 3.
    #[error("could not set up {path}: {source}")]
    Init {
        /// What.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The terminal could not be written to.
    #[error("could not print: {0}")]
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
        Reporter {
            format,
            out,
            started: Instant::now(),
        }
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

    fn problems(&mut self, problems: &Problems) -> std::io::Result<()> {
        for p in problems.sorted() {
            match self.format {
                LogFormat::Text => writeln!(self.out, "{p}")?,
                LogFormat::Json => self.json(&json!({
                    "event": "problem",
                    "severity": p.severity,
                    "file": p.place.file,
                    "sheet": p.place.sheet,
                    "cell": p.place.a1(),
                    "message": p.kind.to_string(),
                }))?,
            }
        }
        Ok(())
    }

    fn files_read(&mut self, data: &Dataset, cached: &Cached) -> std::io::Result<()> {
        for f in &data.files {
            self.json(&json!({
                "event": "file",
                "path": f.path,
                "sha256": f.sha256,
                "size": f.size,
                "cached": cached.contains(&f.path),
                "sheets": f.sheets.iter().map(|s| json!({"name": s.name, "rows": s.rows})).collect::<Vec<_>>(),
            }))?;
        }
        Ok(())
    }

    fn summary(&mut self, what: &str, files: usize, o: Outcome) -> std::io::Result<()> {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
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
        }))
    }
}

/// Runs a command line.
///
/// # Errors
/// [`AppError`] for usage errors, a busy output folder and internal failures.
pub fn main(cli: Cli) -> Result<Outcome, AppError> {
    let command = Command::from_cli(cli)?;
    let work = move || {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        execute(command, &mut out)
    };
    // The whole command runs on the worker threads (the main thread only
    // waits): a stage then reuses the memory the stage before it freed on
    // the same thread instead of asking the system for fresh pages, which
    // a busy machine is slow to give (a one-file rerun: 430 page faults
    // fewer, about 3 ms). The stacks are as large as the main thread's,
    // for a deeply nested template. The number of threads is
    // RAYON_NUM_THREADS when set, else one per core.
    match rayon::ThreadPoolBuilder::new().stack_size(8 << 20).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Runs a checked command, reporting to `out`.
///
/// # Errors
/// [`AppError`] for a busy output folder and internal failures.
pub fn execute(command: Command, out: &mut dyn Write) -> Result<Outcome, AppError> {
    match command {
        Command::Templates { output, register } => {
            for path in crate::templates::write_all(&output, &register)? {
                writeln!(out, "Skrev {}", path.display())?;
            }
            Ok(Outcome::default())
        }
        Command::Read(settings) => {
            let mut problems = Problems::new();
            let files = input::discover(
                &settings.input.join(settings.period.to_string()),
                &mut problems,
            );
            let (bytes, _) = read_all(&files, settings.log);
            let cells: usize = bytes
                .into_par_iter()
                .filter_map(|f| input::parse(f).ok())
                .map(|wb| {
                    wb.sheets
                        .iter()
                        .filter_map(|s| s.cells.as_ref().ok())
                        .map(|r| r.get_size().0 * r.get_size().1)
                        .sum::<usize>()
                })
                .sum();
            writeln!(out, "{} filer, {cells} celler", files.len())?;
            Ok(Outcome::default())
        }
        Command::Init { dir } => {
            init(&dir, out)?;
            Ok(Outcome::default())
        }
        Command::CheckPeriod(settings) => {
            let mut log = Reporter::new(settings.log, out);
            log.json(&json!({"event": "start", "command": "check", "period": settings.period.to_string()}))?;
            let rules = rules(&settings.register, settings.period.year);
            let folder = settings.input.join(settings.period.to_string());
            let (data, problems) = load_folder(&folder, &rules, settings.log);
            log.files_read(&data, &Cached::new())?;
            log.problems(&problems)?;
            let o = Outcome::of(&problems);
            log.summary(
                &format!("Kontroll av {}", settings.period),
                data.files.len(),
                o,
            )?;
            log.end(o, false)?;
            Ok(o)
        }
        Command::CheckFiles {
            files,
            year,
            register,
            log: format,
        } => {
            let mut log = Reporter::new(format, out);
            log.json(&json!({"event": "start", "command": "check"}))?;
            let inputs: Vec<InputFile> = files
                .iter()
                .map(|p| InputFile {
                    rel: p.display().to_string(),
                    path: p.clone(),
                })
                .collect();
            let (bytes, problems) = read_all(&inputs, format);
            let (data, problems, cached) =
                validate_all(bytes, &rules(&register, year), problems, None);
            log.files_read(&data, &cached)?;
            log.problems(&problems)?;
            let o = Outcome::of(&problems);
            log.summary("Kontroll", data.files.len(), o)?;
            log.end(o, false)?;
            Ok(o)
        }
        Command::Run {
            settings,
            output,
            allow_partial,
            template,
            wait,
            force,
        } => {
            let _lock = lock::acquire(&output, wait)?;
            let mut log = Reporter::new(settings.log, out);
            run(
                &settings,
                &RunOptions {
                    output: &output,
                    allow_partial,
                    template: template.as_deref(),
                    force,
                },
                &mut log,
            )
        }
    }
}

fn rules(register: &Register, year: i32) -> Rules<'_> {
    Rules {
        year,
        tolerance: register.tolerance(),
        register: register.has_areas().then_some(register),
    }
}

/// A progress bar on a terminal for runs with many files; nothing otherwise.
fn progress(format: LogFormat, n: usize) -> indicatif::ProgressBar {
    if format == LogFormat::Text && n >= 20 && std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(n as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len}") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("Läser arbetsböcker");
        bar
    } else {
        indicatif::ProgressBar::hidden()
    }
}

/// Reads every file's bytes (and hash), in parallel; results keep the
/// files' order.
fn read_all(files: &[InputFile], format: LogFormat) -> (Vec<FileBytes>, Problems) {
    let bar = progress(format, files.len());
    let results: Vec<_> = files
        .par_iter()
        .map(|f| {
            let r = input::read_bytes(f);
            bar.inc(1);
            r
        })
        .collect();
    bar.finish_and_clear();
    let mut problems = Problems::new();
    let mut out = Vec::with_capacity(files.len());
    for r in results {
        match r {
            Ok(b) => out.push(b),
            Err(p) => problems.push(p.severity, p.place, p.kind),
        }
    }
    (out, problems)
}

/// The files (paths relative to the period folder) whose records came from
/// the parse cache.
type Cached = std::collections::HashSet<String>;

/// Opens and validates files already read, in parallel, one dataset per
/// file, then merges them in the files' order: the records, and so every
/// sum after them, come in the same order whatever the number of threads.
/// With a cache, a file whose bytes were validated before under the same
/// rules is taken from it, and every other readable file is added to it.
fn validate_all(
    files: Vec<FileBytes>,
    rules: &Rules<'_>,
    mut problems: Problems,
    cache: Option<&Cache>,
) -> (Dataset, Problems, Cached) {
    let parts: Vec<(Dataset, Problems, bool)> = files
        .into_par_iter()
        .map(|f| {
            if let Some(c) = cache {
                if let Some((d, p)) = c.load(&f) {
                    return (d, p, true);
                }
            }
            let (sha256, ext) = (f.sha256.clone(), f.ext.clone());
            let mut data = Dataset::default();
            let mut found = Problems::new();
            match input::parse(f) {
                Ok(wb) => {
                    validate::workbook(&wb, rules, &mut data, &mut found);
                    if let Some(c) = cache {
                        c.store(&sha256, &ext, &data, &found);
                    }
                }
                Err(p) => found.push(p.severity, p.place, p.kind),
            }
            (data, found, false)
        })
        .collect();
    let mut cached = Cached::new();
    let mut datasets = Vec::with_capacity(parts.len());
    for (d, p, hit) in parts {
        if hit {
            cached.extend(d.files.iter().map(|f| f.path.clone()));
        }
        datasets.push(d);
        problems.extend(p);
    }
    (Dataset::concat(datasets), problems, cached)
}

/// Reads and validates every workbook under a period folder.
#[must_use]
pub fn load_folder(folder: &Path, rules: &Rules<'_>, format: LogFormat) -> (Dataset, Problems) {
    let mut problems = Problems::new();
    let files = input::discover(folder, &mut problems);
    let (bytes, read_problems) = read_all(&files, format);
    problems.extend(read_problems);
    let (data, problems, _) = validate_all(bytes, rules, problems, None);
    (data, problems)
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

/// True when the existing manifest says the outputs were made from exactly
/// these inputs and settings by this version, and the outputs are intact.
fn unchanged(dir: &Path, candidate: &Manifest) -> Option<Outcome> {
    let text = std::fs::read(dir.join("manifest.json")).ok()?;
    let old: serde_json::Value = serde_json::from_slice(&text).ok()?;
    let new = serde_json::to_value(candidate).ok()?;
    for key in ["version", "period", "inputs", "history", "settings"] {
        if old.get(key) != new.get(key) {
            return None;
        }
    }
    for o in old.get("outputs")?.as_array()? {
        let bytes = std::fs::read(dir.join(o.get("path")?.as_str()?)).ok()?;
        if o.get("sha256")?.as_str()? != input::sha256_hex(&bytes) {
            return None;
        }
    }
    let counts = old.get("counts")?;
    let n = |k: &str| {
        counts
            .get(k)
            .and_then(serde_json::Value::as_u64)
            .and_then(|v| usize::try_from(v).ok())
    };
    Some(Outcome {
        errors: n("errors")?,
        warnings: n("warnings")?,
        notes: n("notes")?,
    })
}

#[allow(clippy::too_many_lines)]
fn run(
    settings: &Settings,
    opts: &RunOptions<'_>,
    log: &mut Reporter<'_>,
) -> Result<Outcome, AppError> {
    let period = settings.period;
    log.json(&json!({"event": "start", "command": "run", "period": period.to_string()}))?;
    let template = opts.template.map(TemplateFile::load).transpose()?;
    let dir = opts.output.join(period.to_string());
    output::recover(&dir);

    // Read every byte first: the hashes decide whether anything changed.
    let t = Instant::now();
    let mut problems = Problems::new();
    let files = input::discover(&settings.input.join(period.to_string()), &mut problems);
    let (bytes, read_problems) = read_all(&files, settings.log);
    problems.extend(read_problems);
    let mut earlier: Vec<Period> = periods_in(&settings.input)
        .into_iter()
        .filter(|p| *p < period)
        .collect();
    earlier.reverse();
    let mut history_bytes = Vec::new();
    for p in &earlier {
        let mut ignored = Problems::new();
        let hf = input::discover(&settings.input.join(p.to_string()), &mut ignored);
        history_bytes.push((*p, read_all(&hf, settings.log)));
    }
    let run_settings = RunSettings {
        allow_partial: opts.allow_partial,
        config_sha256: settings.register_sha256.clone(),
        template_sha256: template
            .as_ref()
            .map(|t| input::sha256_hex(t.text.as_bytes())),
    };
    let history_entries: Vec<InputEntry> = history_bytes
        .iter()
        .flat_map(|(p, (b, _))| entries(b, &format!("../{p}/")))
        .collect();
    let candidate = Manifest::fingerprint(
        period.to_string(),
        entries(&bytes, ""),
        history_entries.clone(),
        run_settings.clone(),
    );
    let t = log.stage("read", t)?;
    if !opts.force && !problems.has_errors() {
        if let Some(o) = unchanged(&dir, &candidate) {
            log.problems(&problems)?;
            log.text(&format!(
                "Underlaget för {period} är oförändrat sedan förra körningen; inga filer skrevs om. Använd --force för att bygga om."
            ))?;
            log.json(&json!({"event": "unchanged", "folder": dir.display().to_string()}))?;
            log.end(o, false)?;
            return Ok(o);
        }
    }

    let current_rules = rules(&settings.register, period.year);
    let cache = Cache::new(opts.output, &current_rules);
    let (mut data, mut problems, cached) =
        validate_all(bytes, &current_rules, problems, Some(&cache));
    log.files_read(&data, &cached)?;
    let mut history_data = Vec::new();
    for (p, (b, hp)) in history_bytes {
        let history_rules = rules(&settings.register, p.year);
        let history_cache = Cache::new(opts.output, &history_rules);
        let (d, hp, _) = validate_all(b, &history_rules, hp, Some(&history_cache));
        let errors = hp.count(Severity::Error);
        if errors > 0 {
            problems.warning(
                Place::file(&format!("../{p}")),
                ProblemKind::Comparison {
                    what: format!(
                        "den tidigare perioden {p} har {errors} fel; bara dess felfria rader används för jämförelser. Kör tertial check --period {p}."
                    ),
                },
            );
        }
        history_data.push((p, d));
    }
    let t = log.stage("validate", t)?;
    let history = History {
        periods: history_data.iter().map(|(p, d)| (*p, d)).collect(),
    };
    let hist: Vec<&Dataset> = history.periods.iter().map(|(_, d)| *d).collect();
    let sick_rows = aggregate::merge_sick_history(&data.sick_leave, &hist);
    // The sick-leave facts need only the records: made on the other core
    // while the figures are computed.
    let (figures, (sick_facts, typesetter)) = rayon::join(
        || {
            aggregate::aggregate(
                &data,
                &history,
                &sick_rows,
                &settings.register,
                period,
                &mut problems,
            )
        },
        || {
            // Unchanged sick-leave rows (only economy workbooks changed)
            // give the same file: taken from the cache, checked by hash.
            let key = crate::facts::sick_leave_key(&sick_rows);
            let sick = match cache.facts("sjukfranvaro", &key) {
                Some(bytes) => Ok(bytes),
                None => crate::facts::sick_leave(&sick_rows).inspect(|bytes| {
                    cache.store_facts("sjukfranvaro", &key, bytes);
                }),
            };
            // Then the report's fonts, library and template, which do not
            // depend on the figures.
            (sick, report::Typesetter::new(template.as_ref()))
        },
    );
    let figures = figures?;
    // The budget, forecast and sick-leave rows (and the history's records)
    // are summed up now. They are freed on the other core while the PDF is
    // laid out, so that the layout reuses their memory instead of the
    // system's fresh pages.
    drop(sick_rows);
    drop(hist);
    drop(history);
    let spent = (
        std::mem::take(&mut data.budget),
        std::mem::take(&mut data.forecast),
        std::mem::take(&mut data.sick_leave),
        history_data,
    );
    let t = log.stage("aggregate", t)?;
    log.problems(&problems)?;
    let outcome = Outcome::of(&problems);
    if outcome.errors > 0 && !opts.allow_partial {
        log.summary(&format!("Körning av {period}"), data.files.len(), outcome)?;
        log.text(&format!(
            "Inget skrevs: rätta felen ovan och kör igen. Tidigare utdata i {} är orörda.",
            dir.display()
        ))?;
        log.end(outcome, false)?;
        return Ok(outcome);
    }
    let paths: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    let timestamp = output::fixed_timestamp(&paths);
    let sorted = problems.sorted();
    let municipality = settings
        .register
        .municipality
        .as_deref()
        .unwrap_or("Kommunen");
    let committee = settings.register.committee.as_deref().unwrap_or("Nämnden");
    let annex_input = AnnexInput {
        figures: &figures,
        municipality,
        committee,
        files: &data.files,
        problems: &sorted,
        actions: &data.actions,
        investments: &data.investments,
        partial: outcome.errors > 0,
        timestamp,
        lang: settings.register.lang(),
    };
    let report_input = ReportInput {
        figures: &figures,
        municipality,
        committee,
        administration: settings.register.administration.as_deref(),
        paragraphs: &data.paragraphs,
        actions: &data.actions,
        investments: &data.investments,
        errors: sorted
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .map(ToString::to_string)
            .collect(),
        partial: outcome.errors > 0,
        timestamp,
        template: template.as_ref(),
        lang: settings.register.lang(),
    };
    // The PDF takes longest; the annex and the Parquet facts are made on the
    // other core meanwhile. Each output depends only on its inputs, so the
    // bytes are the same as one after the other.
    let (pdf, (annex, facts)) = rayon::join(
        || timed(|| Ok(report::build_with(&report_input, &typesetter)?)),
        || {
            drop(spent);
            rayon::join(
                || timed(|| Ok(annex::build(&annex_input)?)),
                || {
                    let facts = timed(|| {
                        sick_facts
                            .and_then(|sick| crate::facts::build(&figures, sick, &data.staff))
                            .map_err(|e| AppError::Aggregate(e.into()))
                    });
                    // The cache's entries no run will read again go
                    // meanwhile too.
                    cache.prune(CACHE_MAX_AGE);
                    facts
                },
            )
        },
    );
    let (pdf_bytes, pdf_time) = pdf?;
    let (annex_bytes, annex_time) = annex?;
    let (facts, facts_time) = facts?;
    log.stage_took("annex", annex_time)?;
    log.stage_took("report", pdf_time)?;
    log.stage_took("facts", facts_time)?;
    let t = log.stage("outputs", t)?;
    let annex_name = format!("bilaga-{period}.xlsx");
    let pdf_name = format!("tertialrapport-{period}.pdf");
    let mut outputs: Vec<(String, &Vec<u8>)> = vec![
        (annex_name.clone(), &annex_bytes),
        (pdf_name.clone(), &pdf_bytes),
    ];
    outputs.extend(facts.iter().map(|(n, b)| (n.clone(), b)));
    let manifest = candidate.with_outputs(&outputs, &problems);
    let mut set = vec![
        (annex_name.clone(), annex_bytes),
        (pdf_name.clone(), pdf_bytes),
    ];
    set.extend(facts);
    set.push(("manifest.json".to_string(), manifest.to_json().into_bytes()));
    output::publish_set(&dir, &set)?;
    log.stage("publish", t)?;
    for (name, bytes) in &set {
        // The manifest has every other output's hash already.
        let sha256 = manifest
            .outputs
            .iter()
            .find(|o| o.path == *name)
            .map_or_else(|| input::sha256_hex(bytes), |o| o.sha256.clone());
        log.json(&json!({
            "event": "output",
            "path": dir.join(name).display().to_string(),
            "sha256": sha256,
        }))?;
    }
    log.summary(&format!("Körning av {period}"), data.files.len(), outcome)?;
    log.text(&format!(
        "Skrev {} och {}",
        dir.join(&annex_name).display(),
        dir.join(&pdf_name).display()
    ))?;
    log.end(outcome, true)?;
    // The records of a large run take milliseconds to free, and a run is
    // the last thing the process does: leave that to the operating system.
    std::mem::forget((figures, data));
    Ok(outcome)
}

/// How long a parse-cache entry may go unused before a run removes it.
const CACHE_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(45 * 86_400);

/// Runs `f` and says how long it took.
fn timed<T>(f: impl FnOnce() -> Result<T, AppError>) -> Result<(T, std::time::Duration), AppError> {
    let start = Instant::now();
    f().map(|out| (out, start.elapsed()))
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
        std::fs::create_dir_all(&p).map_err(io(&p))?;
    }
    let register = dir.join("tertial.toml");
    if register.exists() {
        writeln!(out, "Behöll {} (finns redan)", register.display())?;
    } else {
        output::write_atomic(&register, REGISTER_EXAMPLE.as_bytes()).map_err(|e| {
            AppError::Init {
                path: e.path.clone(),
                source: e.source,
            }
        })?;
        writeln!(out, "Skrev {}", register.display())?;
    }
    let template = dir.join("templates/rapport.typ");
    if template.exists() {
        writeln!(out, "Behöll {} (finns redan)", template.display())?;
    } else {
        output::write_atomic(&template, report::TEMPLATE.as_bytes()).map_err(|e| {
            AppError::Init {
                path: e.path.clone(),
                source: e.source,
            }
        })?;
        writeln!(out, "Skrev {}", template.display())?;
    }
    for path in crate::templates::write_all(&dir.join("templates"), &Register::default())? {
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
