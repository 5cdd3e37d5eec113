//! The `tertial` command: parse, run, map the outcome to an exit code (0 written or clean, 1
//! validation errors, 2 usage, 3 internal, 4 busy).

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::Parser;
use tertial::cli::{self, Cli, LogFormat};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        // --help and --version; and the help, on standard error, for
        // `tertial` alone.
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e)
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                && !cli::asks_for_json(&args) =>
        {
            e.exit()
        }
        Err(e) => {
            let format = if cli::asks_for_json(&args) { LogFormat::Json } else { LogFormat::Text };
            return tertial::log::fail(format, 2, &cli::usage_message(&e));
        }
    };
    let format = cli.log_format();
    match std::panic::catch_unwind(|| tertial::app::main(cli)) {
        Ok(Ok(outcome)) => ExitCode::from(outcome.exit_code()),
        Ok(Err(e)) => tertial::log::fail(format, e.exit_code(), &format!("{:#}", anyhow::Error::from(e))),
        Err(_) => tertial::log::fail(
            format,
            3,
            "internt fel (ett programfel): körningen avbröts och inget skrevs; tidigare utdata är orörda",
        ),
    }
}
