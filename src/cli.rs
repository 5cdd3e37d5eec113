//! Command line: raw arguments (clap) and the checked settings built from them before any input is
//! touched.
//!
//! Takes the process arguments; gives a [`Command`] holding checked [`Settings`]: the input folder
//! exists, the period is well formed and its folder exists, the register (if any) parses. Anything
//! wrong here is a usage or configuration error (exit 2).

use std::path::{Path, PathBuf};

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::config::Register;
use crate::period::Period;

/// The help's layout: about, usage, the arguments, the exit codes; the headings in Swedish, like
/// everything a user reads.
const HELP: &str = "{about-with-newline}\nAnvändning: {usage}\n\n{all-args}{after-help}";

/// Bygger en nämnds tertialrapport (Excel-bilaga och PDF-rapport) ur förvaltningarnas arbetsböcker.
#[derive(Debug, Parser)]
#[command(
    name = "tertial",
    version,
    long_about = None,
    after_help = EXIT_CODES,
    help_template = HELP,
    override_usage = "tertial <KOMMANDO> [FLAGGOR]",
    subcommand_help_heading = "Kommandon",
    subcommand_value_name = "KOMMANDO",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    next_help_heading = "Flaggor"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: RawCommand,
    /// Visa den här hjälpen.
    #[arg(short = 'h', long = "help", action = ArgAction::Help)]
    help: Option<bool>,
    /// Visa versionen.
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
}

/// The exit codes, as `--help` lists them.
pub const EXIT_CODES: &str = "Slutkoder:
  0  inga fel (varningar och noteringar kan finnas); run: utdata skrivna
  1  fel i underlaget: inget skrevs (med --allow-partial: skrivet och märkt preliminärt)
  2  fel i kommandoraden eller i tertial.toml (okänd flagga, mapp som saknas, felaktig period)
  3  internt fel: inget skrevs, tidigare utdata är orörda
  4  en annan körning håller utdatamappen";

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

/// True when raw arguments ask for JSON logs, for errors met before they parse (an unknown flag).
#[must_use]
pub fn asks_for_json(args: &[String]) -> bool {
    args.iter().any(|a| a == "--log-format=json")
        || args.windows(2).any(|w| w[0] == "--log-format" && w[1] == "json")
}

/// A clap error in Swedish, for the log: what was wrong on the command line and how to get help
/// (clap's own messages are English).
#[must_use]
pub fn usage_message(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let ctx = |k: ContextKind| e.get(k).map(ToString::to_string).unwrap_or_default();
    let tip = |k: ContextKind| {
        let s = ctx(k);
        if s.is_empty() {
            String::new()
        } else {
            format!(" Menade du {s}?")
        }
    };
    let what = match e.kind() {
        ErrorKind::UnknownArgument => {
            format!(
                "okänd flagga eller argument {}.{}",
                ctx(ContextKind::InvalidArg),
                tip(ContextKind::SuggestedArg)
            )
        }
        ErrorKind::InvalidSubcommand => format!(
            "okänt kommando {}; kommandona är check, run, templates och init.{}",
            ctx(ContextKind::InvalidSubcommand),
            tip(ContextKind::SuggestedSubcommand)
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let allowed = ctx(ContextKind::ValidValue);
            let allowed = if allowed.is_empty() { String::new() } else { format!(" (möjliga: {allowed})") };
            format!(
                "\"{}\" är inget giltigt värde för {}{allowed}.",
                ctx(ContextKind::InvalidValue),
                ctx(ContextKind::InvalidArg)
            )
        }
        ErrorKind::MissingRequiredArgument => format!("{} måste anges.", ctx(ContextKind::InvalidArg)),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "ange ett kommando: check, run, templates eller init.".to_string()
        }
        ErrorKind::ArgumentConflict => format!(
            "{} kan inte anges tillsammans med {}.",
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues => {
            format!("{} har fått för många värden.", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues | ErrorKind::NoEquals => {
            format!("{} har fel antal värden.", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidUtf8 => "ett argument är ingen giltig text (UTF-8).".to_string(),
        _ => "kommandoraden kunde inte tolkas.".to_string(),
    };
    format!("{what} Skriv tertial --help för hjälp.")
}

/// The subcommands as parsed.
#[derive(Debug, Subcommand)]
pub enum RawCommand {
    /// Kontrollera arbetsböckerna för en period (eller filerna som anges) och visa varje problem;
    /// inget skrivs.
    #[command(help_template = HELP, override_usage = "tertial check [FLAGGOR] [FIL]...", disable_help_flag = true)]
    Check(CheckArgs),
    /// Kontrollera, räkna samman och skriv bilagan, rapporten, fakta och manifestet i utdatamappen.
    #[command(help_template = HELP, override_usage = "tertial run [FLAGGOR]", disable_help_flag = true)]
    Run(RunArgs),
    /// Skriv en tom mall per datablad, med listor för de fasta värdena och de registrerade namnen.
    #[command(help_template = HELP, override_usage = "tertial templates [FLAGGOR]", disable_help_flag = true)]
    Templates(TemplatesArgs),
    /// Skapa en arbetsmapp för en ny nämnd: input/, output/, templates/ och en kommenterad
    /// tertial.toml.
    #[command(help_template = HELP, override_usage = "tertial init [MAPP]", disable_help_flag = true)]
    Init(InitArgs),
    /// Läs periodens arbetsböcker och inget mer (benchmarkens lässteg).
    #[command(hide = true)]
    Read(CheckArgs),
}

/// Arguments of `tertial templates`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Flaggor")]
pub struct TemplatesArgs {
    /// Mappen som mallarna skrivs i (standard: templates).
    #[arg(long, value_name = "MAPP", default_value = "templates", hide_default_value = true)]
    pub output: PathBuf,
    /// Registret vars namn fyller listorna (standard: tertial.toml i arbetsmappen, om den finns).
    #[arg(long, value_name = "FIL")]
    pub config: Option<PathBuf>,
    /// Visa den här hjälpen.
    #[arg(short = 'h', long = "help", action = ArgAction::Help)]
    help: Option<bool>,
}

/// Arguments of `tertial init`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Flaggor")]
pub struct InitArgs {
    /// Mappen som ställs i ordning (skapas om den saknas; standard: arbetsmappen).
    #[arg(value_name = "MAPP", default_value = ".", hide_default_value = true, help_heading = "Argument")]
    pub dir: PathBuf,
    /// Visa den här hjälpen.
    #[arg(short = 'h', long = "help", action = ArgAction::Help)]
    help: Option<bool>,
}

/// Options shared by every subcommand.
#[derive(Debug, Args)]
#[command(next_help_heading = "Flaggor")]
pub struct Common {
    /// Mappen med en undermapp per period, t.ex. input/2022-T2/ eller input/2025-10/ (standard: input).
    #[arg(long, value_name = "MAPP", default_value = "input", hide_default_value = true)]
    pub input: PathBuf,
    /// Perioden, ÅÅÅÅ-MM (januari t.o.m. den månaden) eller ÅÅÅÅ-T1, -T2, -T3 (standard: den senaste
    /// periodmappen).
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Organisationsregistret: namn, verksamhetsområden, val (standard: tertial.toml i
    /// arbetsmappen, om den finns).
    #[arg(long, value_name = "FIL")]
    pub config: Option<PathBuf>,
    /// Hur det som händer redovisas: text (för människor, standard) eller json (ett objekt per rad,
    /// för en schemaläggares logg).
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = LogFormat::Text, hide_default_value = true, hide_possible_values = true)]
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
    /// Arbetsböcker att kontrollera var för sig i stället för en hel periodmapp.
    #[arg(value_name = "FIL", help_heading = "Argument")]
    pub files: Vec<PathBuf>,
    /// Skriv också periodens statussida (HTML) till den här filen, som run skriver den.
    #[arg(long, value_name = "FIL", help_heading = "Flaggor")]
    pub status: Option<PathBuf>,
    /// Utdatamappen vars publicerade rapport statussidan länkar till (standard: output).
    #[arg(
        long,
        value_name = "MAPP",
        default_value = "output",
        hide_default_value = true,
        help_heading = "Flaggor"
    )]
    pub output: PathBuf,
    /// Visa den här hjälpen.
    #[arg(short = 'h', long = "help", action = ArgAction::Help, help_heading = "Flaggor")]
    help: Option<bool>,
}

/// Arguments of `tertial run`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Flaggor")]
pub struct RunArgs {
    #[command(flatten)]
    pub common: Common,
    /// Mappen som utdata skrivs i, en undermapp per period (standard: output).
    #[arg(long, value_name = "MAPP", default_value = "output", hide_default_value = true)]
    pub output: PathBuf,
    /// Skriv utdata även när underlaget har fel, märkta "Preliminär – ofullständigt underlag";
    /// slutkoden är ändå 1.
    #[arg(long)]
    pub allow_partial: bool,
    /// Rapportmall (typst) i stället för den inbyggda (standard: templates/rapport.typ i
    /// arbetsmappen, om den finns).
    #[arg(long, value_name = "FIL")]
    pub template: Option<PathBuf>,
    /// Vänta så här många sekunder när en annan körning håller utdatamappen, innan den ger upp med
    /// slutkod 4 (standard: 0).
    #[arg(long, value_name = "SEKUNDER", default_value_t = 0, hide_default_value = true)]
    pub wait: u64,
    /// Bygg om utdata även när underlaget är oförändrat sedan förra körningen.
    #[arg(long)]
    pub force: bool,
    /// Visa den här hjälpen.
    #[arg(short = 'h', long = "help", action = ArgAction::Help)]
    help: Option<bool>,
}

/// A usage or configuration error: exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error("indatamappen {0} finns inte; skapa den eller ange en annan med --input")]
    NoInputFolder(String),
    #[error("det finns ingen periodmapp (som 2022-T2 eller 2025-10) i {0}; skapa en, eller ange perioden med --period")]
    NoPeriod(String),
    #[error("periodmapparna {first} och {second} gäller samma månader; ta bort eller byt namn på den ena (ÅÅÅÅ-T1 är samma som ÅÅÅÅ-04, T2 som 08, T3 som 12)")]
    SameMonths { first: String, second: String },
    #[error(transparent)]
    BadPeriod(#[from] crate::period::BadPeriod),
    #[error("periodmappen {folder} finns inte; periodmapparna i indatamappen är: {existing}")]
    NoPeriodFolder {
        folder: String,
        /// The period folders there are.
        existing: String,
    },
    #[error("utdatamappen {0} är en fil, ingen mapp; ange en mapp med --output")]
    OutputNotFolder(String),
    #[error("rapportmallen {0} finns inte")]
    NoTemplate(String),
    #[error("filen {0} finns inte")]
    NoFile(String),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
}

/// Checked settings for a period: the input folder (holding the period folders), the period, the
/// register (empty without one) and its file's SHA-256, and how events are reported.
#[derive(Clone, Debug)]
pub struct Settings {
    pub input: PathBuf,
    pub period: Period,
    pub register: Register,
    pub register_sha256: Option<String>,
    pub log: LogFormat,
}

/// A checked command.
#[derive(Clone, Debug)]
pub enum Command {
    /// Write the templates.
    Templates { output: PathBuf, register: Register },
    /// Only read a period's workbooks (benchmark).
    Read(Settings),
    /// Set up a working folder.
    Init { dir: PathBuf },
    /// Validate a period folder.
    CheckPeriod {
        settings: Settings,
        /// Where to write the status page, if anywhere.
        status: Option<PathBuf>,
        /// The output folder of the published set the page links to.
        output: PathBuf,
    },
    /// Validate the files given.
    CheckFiles {
        files: Vec<PathBuf>,
        /// The year Personal's År defaults to.
        year: i32,
        register: Register,
        log: LogFormat,
    },
    /// Build the outputs.
    Run {
        settings: Settings,
        /// The output folder (holding period folders).
        output: PathBuf,
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
        return Err(UsageError::NoInputFolder(crate::format::path(&common.input)));
    }
    let periods = crate::read::periods_in(&common.input);
    if let Some(pair) = periods.windows(2).find(|w| w[0].same_months(w[1])) {
        let folder = |p: Period| crate::format::path(&common.input.join(p.to_string()));
        return Err(UsageError::SameMonths { first: folder(pair[0]), second: folder(pair[1]) });
    }
    let period = match &common.period {
        // 2025-04 finds the folder 2025-T1 and the other way round.
        Some(p) => {
            let asked = p.parse::<Period>()?;
            periods.iter().copied().find(|f| f.same_months(asked)).unwrap_or(asked)
        }
        None => *periods.last().ok_or_else(|| UsageError::NoPeriod(crate::format::path(&common.input)))?,
    };
    let folder = common.input.join(period.to_string());
    if !folder.is_dir() {
        let existing: Vec<String> = periods.iter().map(ToString::to_string).collect();
        return Err(UsageError::NoPeriodFolder {
            folder: crate::format::path(&folder),
            existing: if existing.is_empty() { "(inga)".into() } else { existing.join(", ") },
        });
    }
    let (register, register_sha256) = register(common.config.as_deref())?;
    Ok(Settings { input: common.input.clone(), period, register, register_sha256, log: common.log_format })
}

impl Command {
    /// Checks raw arguments and builds the command.
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
                        return Err(UsageError::NoFile(crate::format::path(f)));
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
                    Some(t) if !t.is_file() => return Err(UsageError::NoTemplate(crate::format::path(&t))),
                    Some(t) => Some(t),
                    None => Some(PathBuf::from("templates/rapport.typ")).filter(|t| t.is_file()),
                };
                if args.output.exists() && !args.output.is_dir() {
                    return Err(UsageError::OutputNotFolder(crate::format::path(&args.output)));
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
