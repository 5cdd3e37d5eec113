//! The commands `check` and `run` as lists of stages: read → validate → consolidate → aggregate →
//! the writers → publish, under the output lock.
//!
//! Takes a checked [`Command`]; gives an [`Outcome`] (how many errors, warnings and notes; the exit
//! code follows from it) or an [`AppError`] for usage, lock and internal failures. Every stage is
//! its module's; here they are only put in order, timed, and logged ([`crate::log`]).

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use polars::prelude::PolarsError;

use crate::aggregate::{self, AggregateError, Figures};
use crate::annex::{self, AnnexInput};
use crate::cli::{Cli, Command, LogFormat, Settings, UsageError};
use crate::config::Register;
use crate::consolidate::{self, Checked};
use crate::init::{self, InitError};
use crate::log::{Outcome, Reporter};
use crate::model::Records;
use crate::period::Period;
use crate::problem::{Problems, RegisterName, Severity};
use crate::publish::history;
use crate::publish::lock::{self, LockError};
use crate::publish::manifest::{Manifest, RunSettings};
use crate::publish::{self, PublishError, WriteError};
use crate::read::{self, Earlier, FileBytes, PeriodFiles};
use crate::report::{self, ReportError, ReportInput, TemplateFile};
use crate::status::{self, StatusInput};
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
    /// polars failed while joining or writing the facts (a bug): exit 3.
    #[error("internt fel när underlaget sammanställdes (ett programfel); inget skrevs")]
    Polars(#[from] PolarsError),
    /// The annex could not be built (a bug): exit 3.
    #[error("internt fel när bilagan byggdes (ett programfel); inget skrevs")]
    Annex(#[from] rust_xlsxwriter::XlsxError),
    /// The report could not be made (template errors, PDF): exit 3.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// The outputs could not be published: exit 3.
    #[error(transparent)]
    Publish(#[from] PublishError),
    /// The status page could not be written: exit 3.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The working folder or the templates could not be written: exit 3.
    #[error(transparent)]
    Init(#[from] InitError),
    /// The terminal or the log could not be written to.
    #[error("kunde inte skriva till terminalen eller loggen")]
    Print(#[from] std::io::Error),
}

impl AppError {
    /// The exit code: 2 for usage errors, 4 when the output folder is busy, 3 for everything else.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Usage(_) => 2,
            AppError::Lock(LockError::Busy { .. }) => 4,
            _ => 3,
        }
    }
}

/// Runs a command line.
pub fn main(cli: Cli) -> Result<Outcome, AppError> {
    let command = Command::from_cli(cli)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    execute(command, &mut out)
}

/// Runs a checked command, reporting to `out`.
pub fn execute(command: Command, out: &mut dyn Write) -> Result<Outcome, AppError> {
    match command {
        Command::Templates { output, register } => {
            init::templates(&output, &register, out)?;
            Ok(Outcome::default())
        }
        Command::Init { dir } => {
            init::init(&dir, out)?;
            Ok(Outcome::default())
        }
        Command::Read(settings) => {
            let files = read::period(&settings.input, settings.period, false, &|_, _| None);
            writeln!(out, "{} byte uppackade", read::inflate(files.current))?;
            Ok(Outcome::default())
        }
        Command::CheckPeriod { settings, status, output } => {
            let mut log = Reporter::new(settings.log, out);
            log.start("check", Some(settings.period))?;
            let files = period_files(&settings, &output, true);
            log.history(&files.history)?;
            let (checked, _) = checked(files, &settings, false);
            if let Some(page) = status {
                status_page(&page, &output, &checked, &settings.register, settings.period, false)?;
            }
            Ok(log.checked(&format!("Kontroll av {}", settings.period), &checked)?)
        }
        Command::CheckFiles { files, year, register, log: format } => {
            let mut log = Reporter::new(format, out);
            log.start("check", None)?;
            let files = read::named(&files);
            let rules = validate::rules(&register, year, 12);
            let validated = validate::named_files(workbooks(files.current, files.problems, &rules));
            Ok(log.checked("Kontroll", &consolidate::alone(validated))?)
        }
        Command::Run { settings, output, allow_partial, template, wait, force } => {
            let mut lock = lock::acquire(&output, wait)?;
            let mut log = Reporter::new(settings.log, out);
            let opts =
                RunOptions { output: &output, allow_partial, template: template.as_deref(), force, wait };
            run(&settings, &opts, &mut lock, &mut log)
        }
    }
}

/// The files of the period and of the earlier periods, as `check` and `run` read them: an earlier
/// folder's workbooks only when what a run published for it under `output` cannot stand for them
/// (always, without `reuse`: `run --force`).
fn period_files(settings: &Settings, output: &Path, reuse: bool) -> PeriodFiles {
    let sha = settings.register_sha256.as_deref();
    let reuse = |p: Period, listed: &[read::InputFile]| {
        if reuse {
            history::reusable(output, p, listed, sha)
        } else {
            None
        }
    };
    read::period(&settings.input, settings.period, settings.log == LogFormat::Text, &reuse)
}

/// The one validation of `check`, `run` and the status page: each workbook of the period and of its
/// history opened and validated (or an earlier period's published records taken), the rules across
/// files, then the keys consolidated and the rules on them. With `keep`, also the period's own
/// `historik.json` for the runs after it.
fn checked(files: PeriodFiles, settings: &Settings, keep: bool) -> (Checked, Option<Vec<u8>>) {
    let (register, period) = (&settings.register, settings.period);
    let rules = |p: Period| validate::rules(register, p.year, p.end_month());
    let read_errors = files.problems.count(Severity::Error);
    let stamps: Vec<_> = files.current.iter().map(FileBytes::stamped).collect();
    let (records, problems) = workbooks(files.current, files.problems, &rules(period));
    let (own, records) = if keep {
        let errors = problems.count(Severity::Error) - read_errors;
        let sha = settings.register_sha256.as_deref();
        let (text, records) = history::snapshot(period, stamps, records, errors, sha);
        (Some(text), records)
    } else {
        (None, records)
    };
    let history = files
        .history
        .into_iter()
        .map(|(p, earlier)| match earlier {
            Earlier::Read(f) => {
                let (records, found) = workbooks(f, Problems::new(), &rules(p));
                (p, records, found.count(Severity::Error))
            }
            Earlier::Published(published) => (p, published.records, published.errors),
        })
        .collect();
    let validated = validate::period((records, problems), history, register, period);
    (consolidate::period(validated, register, period), own)
}

/// Each workbook of a folder opened and validated, in parallel, the records merged in path order; a
/// copy of another file is not opened.
fn workbooks(
    files: Vec<FileBytes>,
    mut problems: Problems,
    rules: &validate::Rules<'_>,
) -> (Records, Problems) {
    let (files, copies) = validate::without_copies(files);
    problems.extend(copies);
    validate::merged(read::open_each(files, |wb| validate::workbook(wb, rules)), problems)
}

/// Writes the status page of a period to `page`, linking to the set published under `output`;
/// `updated` when this run published it.
fn status_page(
    page: &Path,
    output: &Path,
    checked: &Checked,
    register: &Register,
    period: Period,
    updated: bool,
) -> Result<(), WriteError> {
    let page_dir = page.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let published = publish::published(output, period, page_dir);
    let html = status::html(&StatusInput { period, checked, register, published, updated });
    publish::write_atomic(page, html.as_bytes())
}

/// Options of a `run`.
struct RunOptions<'a> {
    output: &'a Path,
    allow_partial: bool,
    template: Option<&'a Path>,
    force: bool,
    /// How long to wait for another run, or for a file of the previous set held open.
    wait: std::time::Duration,
}

/// `tertial run`: read → (unchanged? stop) → validate and consolidate → aggregate → annex, report
/// and facts → publish → status page, each stage timed in the log. A run stopped by errors writes
/// only the status page.
fn run(
    settings: &Settings,
    opts: &RunOptions<'_>,
    lock: &mut lock::OutputLock,
    log: &mut Reporter<'_>,
) -> Result<Outcome, AppError> {
    let period = settings.period;
    log.start("run", Some(period))?;
    let template = opts.template.map(TemplateFile::load).transpose()?;
    let dir = opts.output.join(period.to_string());
    publish::recover(&dir);

    let t = Instant::now();
    let files = period_files(settings, opts.output, !opts.force);
    let candidate = Manifest::fingerprint(
        period,
        &files,
        RunSettings {
            allow_partial: opts.allow_partial,
            config_sha256: settings.register_sha256.clone(),
            template_sha256: template.as_ref().map(|t| read::sha256_hex(t.text.as_bytes())),
        },
    );
    let timestamp = publish::fixed_timestamp(&files.current);
    let t = log.stage("read", t)?;
    let page = publish::status_page(opts.output, period);
    // Under the lock: a killed run's half-written page is nobody's.
    publish::remove_stale_temps(&page);
    if !opts.force && !files.problems.has_errors() && page.is_file() {
        if let Some(old) = Manifest::read(&dir).filter(|m| m.made_as(&candidate, &dir)) {
            return Ok(log.unchanged(&files.problems, &dir, period, old.counts)?);
        }
    }

    lock.announce();
    log.history(&files.history)?;
    let (checked, own) = checked(files, settings, true);
    let t = log.stage("validate", t)?;
    log.files_read(&checked.records)?;
    log.problems(&checked.problems)?;
    let outcome = checked.problems.counts();
    let summary = format!("Körning av {period}");
    if outcome.errors > 0 && !opts.allow_partial {
        status_page(&page, opts.output, &checked, &settings.register, period, false)?;
        log.summary(&summary, checked.records.files.len(), outcome)?;
        let kept = crate::format::path(&dir);
        log.text(&format!(
            "Inget skrevs: rätta felen ovan och kör igen. Tidigare utdata i {kept} är orörda."
        ))?;
        log.end(outcome, false)?;
        return Ok(outcome);
    }

    let figures = aggregate::aggregate(&checked, &settings.register, period)?;
    let t = log.stage("aggregate", t)?;
    let mut set = outputs(settings, &checked, &figures, template.as_ref(), timestamp)?;
    set.extend(own.map(|text| (history::HISTORY.to_string(), text)));
    let t = log.stage("outputs", t)?;
    let manifest = candidate.with_outputs(&set, &checked.problems, timestamp);
    let manifest_json = manifest.to_json().into_bytes();
    set.push((publish::MANIFEST.to_string(), manifest_json.clone()));
    publish::publish_set(&dir, &set, opts.wait.max(publish::HELD_WAIT))?;
    let t = log.stage("publish", t)?;
    status_page(&page, opts.output, &checked, &settings.register, period, true)?;
    log.stage("status", t)?;
    log.outputs(&dir, &manifest, &manifest_json)?;
    log.summary(&summary, checked.records.files.len(), outcome)?;
    let (annex, pdf) = (dir.join(publish::annex_name(period)), dir.join(publish::report_name(period)));
    log.text(&format!("Skrev {} och {}", crate::format::path(&annex), crate::format::path(&pdf)))?;
    log.end(outcome, true)?;
    Ok(outcome)
}

/// The output set of a run: the annex, the report and the Parquet facts, as (name in the period's
/// folder, bytes). The report is laid out while the annex and the facts are written on the other
/// core.
fn outputs(
    settings: &Settings,
    checked: &Checked,
    figures: &Figures,
    template: Option<&TemplateFile>,
    timestamp: i64,
) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    let period = settings.period;
    let register = &settings.register;
    let records = &checked.records;
    let sorted = checked.problems.sorted();
    let partial = checked.problems.has_errors();
    let municipality = register.municipality.as_deref().unwrap_or(RegisterName::Municipality.shown());
    let committee = register.committee.as_deref().unwrap_or(RegisterName::Committee.shown());
    let report_title = register.title(period);
    let annex_input = AnnexInput {
        figures,
        municipality,
        committee,
        report_title: &report_title,
        files: &records.files,
        problems: &sorted,
        actions: &records.actions,
        investments: &records.investments,
        partial,
        timestamp,
        lang: register.lang(),
    };
    let report_input = ReportInput {
        figures,
        municipality,
        committee,
        administration: register.administration.as_deref(),
        report_title: &report_title,
        paragraphs: &records.paragraphs,
        actions: &records.actions,
        investments: &records.investments,
        errors: sorted.iter().filter(|p| p.severity == Severity::Error).map(ToString::to_string).collect(),
        partial,
        timestamp,
        template,
        lang: register.lang(),
        unit: register.unit(),
    };
    let stacking = crate::facts::Stacking {
        period: period.to_string(),
        municipality: register.municipality.as_deref(),
        committee: register.committee.as_deref(),
    };
    let (pdf, (annex, facts)) = rayon::join(
        || report::build(&report_input),
        || (annex::build(&annex_input), crate::facts::build(figures, records, &stacking)),
    );
    let mut set = vec![(publish::annex_name(period), annex?), (publish::report_name(period), pdf?)];
    set.extend(facts?);
    Ok(set)
}
