//! Runs the pipeline for a command: read → validate → aggregate → annex.
//!
//! Takes a parsed [`Cli`]; gives an [`Outcome`] (how many errors, warnings
//! and notes; the exit code follows from it) or an [`AppError`] for usage
//! and internal failures. Problems are printed together, sorted by file and
//! cell, after everything has been read.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::aggregate::{self, AggregateError, History};
use crate::annex::{self, AnnexInput};
use crate::cli::{periods_in, Cli, Command, Settings, UsageError};
use crate::config::Register;
use crate::input::{self, InputFile};
use crate::manifest::Manifest;
use crate::model::Dataset;
use crate::output::{self, WriteError};
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
    /// Aggregation failed or its cross-check did not hold: exit 3.
    #[error(transparent)]
    Aggregate(#[from] AggregateError),
    /// The annex could not be built: exit 3.
    #[error("internal error while building the annex: {0}")]
    Annex(#[from] rust_xlsxwriter::XlsxError),
    /// The report could not be made (template errors, PDF): exit 3.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// An output could not be written: exit 3.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The terminal could not be written to.
    #[error("could not print: {0}")]
    Print(#[from] std::io::Error),
}

impl AppError {
    /// The exit code: 2 for usage errors, 3 for everything else.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Usage(_) => 2,
            _ => 3,
        }
    }
}

/// How a command went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

/// Runs a command line.
///
/// # Errors
/// [`AppError`] for usage errors and internal failures.
pub fn main(cli: Cli) -> Result<Outcome, AppError> {
    let command = Command::from_cli(cli)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    execute(command, &mut out)
}

/// Runs a checked command, printing to `out`.
///
/// # Errors
/// [`AppError`] for internal failures.
pub fn execute(command: Command, out: &mut dyn Write) -> Result<Outcome, AppError> {
    match command {
        Command::CheckPeriod(settings) => {
            let rules = rules(&settings.register, settings.period.year);
            let folder = settings.input.join(settings.period.to_string());
            let (data, problems) = load_folder(&folder, &rules);
            print_problems(out, &problems)?;
            summary(
                out,
                &format!("Kontroll av {}", settings.period),
                data.files.len(),
                &problems,
            )?;
            Ok(Outcome::of(&problems))
        }
        Command::CheckFiles {
            files,
            year,
            register,
        } => {
            let rules = rules(&register, year);
            let inputs: Vec<InputFile> = files
                .iter()
                .map(|p| InputFile {
                    rel: p.display().to_string(),
                    path: p.clone(),
                })
                .collect();
            let (data, problems) = load(&inputs, &rules, Problems::new());
            print_problems(out, &problems)?;
            summary(out, "Kontroll", data.files.len(), &problems)?;
            Ok(Outcome::of(&problems))
        }
        Command::Run {
            settings,
            output,
            allow_partial,
            template,
        } => run(&settings, &output, allow_partial, template.as_deref(), out),
    }
}

fn rules(register: &Register, year: i32) -> Rules {
    Rules {
        year,
        tolerance: register.tolerance(),
    }
}

/// Reads and validates every workbook under a period folder.
#[must_use]
pub fn load_folder(folder: &Path, rules: &Rules) -> (Dataset, Problems) {
    let mut problems = Problems::new();
    let files = input::discover(folder, &mut problems);
    load(&files, rules, problems)
}

fn load(files: &[InputFile], rules: &Rules, mut problems: Problems) -> (Dataset, Problems) {
    let mut data = Dataset::default();
    for f in files {
        match input::read(f) {
            Ok(wb) => validate::workbook(&wb, rules, &mut data, &mut problems),
            Err(p) => problems.push(p.severity, p.place, p.kind),
        }
    }
    (data, problems)
}

fn print_problems(out: &mut dyn Write, problems: &Problems) -> std::io::Result<()> {
    for p in problems.sorted() {
        writeln!(out, "{p}")?;
    }
    Ok(())
}

fn summary(
    out: &mut dyn Write,
    what: &str,
    files: usize,
    problems: &Problems,
) -> std::io::Result<()> {
    let o = Outcome::of(problems);
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    writeln!(
        out,
        "{what}: {} lästa; {}, {}, {}.",
        plural(files, "fil", "filer"),
        plural(o.errors, "fel", "fel"),
        plural(o.warnings, "varning", "varningar"),
        plural(o.notes, "notering", "noteringar"),
    )
}

/// Earlier period folders under `input`, most recent first, read and
/// validated; their problems are summed up in one note each.
fn load_history(settings: &Settings, problems: &mut Problems) -> Vec<(Period, Dataset)> {
    let mut out = Vec::new();
    let mut earlier: Vec<Period> = periods_in(&settings.input)
        .into_iter()
        .filter(|p| *p < settings.period)
        .collect();
    earlier.reverse();
    for p in earlier {
        let r = rules(&settings.register, p.year);
        let (data, hp) = load_folder(&settings.input.join(p.to_string()), &r);
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
        out.push((p, data));
    }
    out
}

fn run(
    settings: &Settings,
    output: &Path,
    allow_partial: bool,
    template: Option<&Path>,
    out: &mut dyn Write,
) -> Result<Outcome, AppError> {
    let template = template.map(TemplateFile::load).transpose()?;
    let rules = rules(&settings.register, settings.period.year);
    let folder = settings.input.join(settings.period.to_string());
    let mut problems = Problems::new();
    let files = input::discover(&folder, &mut problems);
    let (data, mut problems) = load(&files, &rules, problems);
    let history_data = load_history(settings, &mut problems);
    let history = History {
        periods: history_data.iter().map(|(p, d)| (*p, d)).collect(),
    };
    let figures = aggregate::aggregate(
        &data,
        &history,
        &settings.register,
        settings.period,
        &mut problems,
    )?;
    print_problems(out, &problems)?;
    let outcome = Outcome::of(&problems);
    if outcome.errors > 0 && !allow_partial {
        summary(
            out,
            &format!("Körning av {}", settings.period),
            data.files.len(),
            &problems,
        )?;
        writeln!(
            out,
            "Inget skrevs: rätta felen ovan och kör igen. Tidigare utdata i {} är orörda.",
            output.join(settings.period.to_string()).display()
        )?;
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
    let annex_bytes = annex::build(&AnnexInput {
        figures: &figures,
        municipality,
        committee,
        files: &data.files,
        problems: &sorted,
        actions: &data.actions,
        investments: &data.investments,
        partial: outcome.errors > 0,
        timestamp,
    })?;
    let pdf_bytes = report::build(&ReportInput {
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
    })?;
    let dir = output.join(settings.period.to_string());
    let annex_name = format!("bilaga-{}.xlsx", settings.period);
    let pdf_name = format!("tertialrapport-{}.pdf", settings.period);
    output::write_atomic(&dir.join(&annex_name), &annex_bytes)?;
    output::write_atomic(&dir.join(&pdf_name), &pdf_bytes)?;
    let manifest = Manifest::new(
        settings.period.to_string(),
        &data.files,
        &[
            (annex_name.clone(), &annex_bytes),
            (pdf_name.clone(), &pdf_bytes),
        ],
        &problems,
    );
    output::write_atomic(&dir.join("manifest.json"), manifest.to_json().as_bytes())?;
    summary(
        out,
        &format!("Körning av {}", settings.period),
        data.files.len(),
        &problems,
    )?;
    writeln!(
        out,
        "Skrev {} och {}",
        dir.join(&annex_name).display(),
        dir.join(&pdf_name).display()
    )?;
    Ok(outcome)
}
