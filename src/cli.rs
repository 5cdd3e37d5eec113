//! Command line: raw arguments (clap) and the checked settings built from
//! them before any input is touched.
//!
//! Takes the process arguments; gives a [`Command`] holding checked
//! [`Settings`]: the input folder exists, the period is well formed and its
//! folder exists, the register (if any) parses. Anything wrong here is a
//! usage or configuration error (exit 2).

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::config::Register;
use crate::period::Period;

/// Builds a committee's tertialrapport (Excel annex and PDF report) from
/// the departments' workbooks.
#[derive(Debug, Parser)]
#[command(name = "tertial", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: RawCommand,
}

/// The exit codes, as `--help` lists them.
pub const EXIT_CODES: &str = "Exit codes:
  0  no errors (warnings and notes may exist); run: outputs written
  1  validation errors in the input: nothing written (with --allow-partial: written, marked preliminary)
  2  usage or configuration error (unknown flag, missing folder, bad period, bad tertial.toml)
  3  internal error: nothing written, previous outputs untouched
  4  another run holds the output folder";

impl Cli {
    /// The log format the command line asks for.
    #[must_use]
    pub fn log_format(&self) -> LogFormat {
        match &self.command {
            RawCommand::Check(a) | RawCommand::Read(a) => a.common.log_format,
            RawCommand::Run(a) => a.common.log_format,
            RawCommand::Templates(_) | RawCommand::Init(_) => LogFormat::Text,
        }
    }
}

/// True when raw arguments ask for JSON logs, for errors met before they
/// parse (an unknown flag).
#[must_use]
pub fn asks_for_json(args: &[String]) -> bool {
    args.iter().any(|a| a == "--log-format=json")
        || args.windows(2).any(|w| w[0] == "--log-format" && w[1] == "json")
}

/// The subcommands as parsed.
#[derive(Debug, Subcommand)]
pub enum RawCommand {
    /// Validate the workbooks of a period (or the files given) and print every problem, writing nothing.
    Check(CheckArgs),
    /// Validate, aggregate and write the annex, the report and the manifest into the output folder.
    Run(RunArgs),
    /// Write one blank template workbook per data sheet, with dropdowns for the fixed values and registered names.
    Templates(TemplatesArgs),
    /// Create a working folder for a new committee: input/, output/, templates/ and a commented tertial.toml.
    Init(InitArgs),
    /// Read every workbook of a period and nothing more (the benchmark's read stage).
    #[command(hide = true)]
    Read(CheckArgs),
}

/// Arguments of `tertial templates`.
#[derive(Debug, Args)]
pub struct TemplatesArgs {
    /// Folder the templates are written into.
    #[arg(long, value_name = "DIR", default_value = "templates")]
    pub output: PathBuf,
    /// Organisation register whose names fill the dropdowns; default: tertial.toml in the working folder, if present.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Arguments of `tertial init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to set up (created if missing); default: the working folder.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

/// Options shared by every subcommand.
#[derive(Debug, Args)]
pub struct Common {
    /// Folder holding one sub-folder per period (e.g. input/2022-T2/).
    #[arg(long, value_name = "DIR", default_value = "input")]
    pub input: PathBuf,
    /// Period to process, as YYYY-T1, YYYY-T2 or YYYY-T3; default: the latest period folder under the input folder.
    #[arg(long, value_name = "YYYY-Tn")]
    pub period: Option<String>,
    /// Organisation register (names, areas, options); default: tertial.toml in the working folder, if present.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// How to report what happens: text for people, json (one object per line) for a scheduler's log.
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// How events are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Lines for people; a progress bar on a terminal.
    Text,
    /// One JSON object per event and line.
    Json,
}

/// Arguments of `tertial check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: Common,
    /// Workbooks to check one by one instead of a whole period folder.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Also write the status page (HTML) of the period to this file, as `run` writes it.
    #[arg(long, value_name = "FILE")]
    pub status: Option<PathBuf>,
    /// Output folder whose published report the status page links to.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub output: PathBuf,
}

/// Arguments of `tertial run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub common: Common,
    /// Folder the outputs are written into, one sub-folder per period.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub output: PathBuf,
    /// Write the outputs even when there are validation errors, marked "Preliminär – ofullständigt underlag"; the exit code stays 1.
    #[arg(long)]
    pub allow_partial: bool,
    /// Report template (typst) to use instead of the built-in one; default: templates/rapport.typ in the working folder, if present.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// When another run holds the output folder, wait up to this many seconds before giving up (exit 4).
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub wait: u64,
    /// Rebuild the outputs even when the inputs are unchanged since the last run.
    #[arg(long)]
    pub force: bool,
}

/// A usage or configuration error: exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    /// The input folder does not exist.
    #[error("the input folder {0} does not exist; create it, or name another with --input")]
    NoInputFolder(String),
    /// No period folder under the input folder.
    #[error(
        "there is no period folder (such as 2022-T2) under {0}; create one, or name the period with --period"
    )]
    NoPeriod(String),
    /// The period is malformed.
    #[error(transparent)]
    BadPeriod(#[from] crate::period::BadPeriod),
    /// The period folder does not exist.
    #[error("the period folder {folder} does not exist; the periods under the input folder are: {existing}")]
    NoPeriodFolder {
        /// The folder.
        folder: String,
        /// The period folders there are.
        existing: String,
    },
    /// The output folder is a file.
    #[error("the output folder {0} is a file, not a folder; name a folder with --output")]
    OutputNotFolder(String),
    /// The template given does not exist.
    #[error("the template {0} does not exist")]
    NoTemplate(String),
    /// A file given to check does not exist.
    #[error("the file {0} does not exist")]
    NoFile(String),
    /// The register is not usable.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
}

/// Checked settings for a period run.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The input folder (holding period folders).
    pub input: PathBuf,
    /// The period.
    pub period: Period,
    /// The organisation register (empty when there is none).
    pub register: Register,
    /// SHA-256 of the register file, when there is one.
    pub register_sha256: Option<String>,
    /// How events are reported.
    pub log: LogFormat,
}

/// A checked command.
#[derive(Clone, Debug)]
pub enum Command {
    /// Write the templates.
    Templates {
        /// Where.
        output: PathBuf,
        /// The register.
        register: Register,
    },
    /// Only read a period's workbooks (benchmark).
    Read(Settings),
    /// Set up a working folder.
    Init {
        /// Where.
        dir: PathBuf,
    },
    /// Validate a period folder.
    CheckPeriod {
        /// Settings.
        settings: Settings,
        /// Where to write the status page, if anywhere.
        status: Option<PathBuf>,
        /// The output folder of the published set the page links to.
        output: PathBuf,
    },
    /// Validate the files given.
    CheckFiles {
        /// The files.
        files: Vec<PathBuf>,
        /// The year Personal's År defaults to.
        year: i32,
        /// The register.
        register: Register,
        /// How events are reported.
        log: LogFormat,
    },
    /// Build the outputs.
    Run {
        /// Settings.
        settings: Settings,
        /// The output folder (holding period folders).
        output: PathBuf,
        /// Write despite errors.
        allow_partial: bool,
        /// The report template to use instead of the built-in one.
        template: Option<PathBuf>,
        /// How long to wait for the output lock.
        wait: std::time::Duration,
        /// Rebuild even when nothing changed.
        force: bool,
    },
}

fn register(config: Option<&Path>) -> Result<(Register, Option<String>), UsageError> {
    let path = match config {
        Some(p) => p,
        None if Path::new("tertial.toml").is_file() => Path::new("tertial.toml"),
        None => return Ok((Register::default(), None)),
    };
    let register = Register::load(path)?;
    let sha = fs_err::read(path).ok().map(|b| crate::read::sha256_hex(&b));
    Ok((register, sha))
}

fn settings(common: &Common) -> Result<Settings, UsageError> {
    if !common.input.is_dir() {
        return Err(UsageError::NoInputFolder(common.input.display().to_string()));
    }
    let period = match &common.period {
        Some(p) => p.parse::<Period>()?,
        None => *crate::read::periods_in(&common.input)
            .last()
            .ok_or_else(|| UsageError::NoPeriod(common.input.display().to_string()))?,
    };
    let folder = common.input.join(period.to_string());
    if !folder.is_dir() {
        let existing: Vec<String> =
            crate::read::periods_in(&common.input).iter().map(ToString::to_string).collect();
        return Err(UsageError::NoPeriodFolder {
            folder: folder.display().to_string(),
            existing: if existing.is_empty() { "(none)".into() } else { existing.join(", ") },
        });
    }
    let (register, register_sha256) = register(common.config.as_deref())?;
    Ok(Settings { input: common.input.clone(), period, register, register_sha256, log: common.log_format })
}

impl Command {
    /// Checks raw arguments and builds the command.
    ///
    /// # Errors
    /// [`UsageError`] when a folder, file, period or the register is wrong.
    pub fn from_cli(cli: Cli) -> Result<Command, UsageError> {
        match cli.command {
            RawCommand::Templates(args) => {
                Ok(Command::Templates { output: args.output, register: register(args.config.as_deref())?.0 })
            }
            RawCommand::Init(args) => Ok(Command::Init { dir: args.dir }),
            RawCommand::Read(args) => Ok(Command::Read(settings(&args.common)?)),
            RawCommand::Check(args) if !args.files.is_empty() => {
                for f in &args.files {
                    if !f.is_file() {
                        return Err(UsageError::NoFile(f.display().to_string()));
                    }
                }
                let year = match &args.common.period {
                    Some(p) => p.parse::<Period>()?.year,
                    None => args
                        .files
                        .first()
                        .and_then(|f| f.parent())
                        .and_then(|d| d.file_name())
                        .and_then(|n| n.to_str())
                        .and_then(|n| n.parse::<Period>().ok())
                        .map_or(0, |p| p.year),
                };
                Ok(Command::CheckFiles {
                    files: args.files,
                    year,
                    register: register(args.common.config.as_deref())?.0,
                    log: args.common.log_format,
                })
            }
            RawCommand::Check(args) => Ok(Command::CheckPeriod {
                settings: settings(&args.common)?,
                status: args.status,
                output: args.output,
            }),
            RawCommand::Run(args) => {
                let template = match args.template {
                    Some(t) if !t.is_file() => return Err(UsageError::NoTemplate(t.display().to_string())),
                    Some(t) => Some(t),
                    None => Some(PathBuf::from("templates/rapport.typ")).filter(|t| t.is_file()),
                };
                if args.output.exists() && !args.output.is_dir() {
                    return Err(UsageError::OutputNotFolder(args.output.display().to_string()));
                }
                Ok(Command::Run {
                    settings: settings(&args.common)?,
                    output: args.output,
                    allow_partial: args.allow_partial,
                    template,
                    wait: std::time::Duration::from_secs(args.wait),
                    force: args.force,
                })
            }
        }
    }
}
