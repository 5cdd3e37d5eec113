//! The `tertial` command: parse, run, map the outcome to an exit code
//! (0 written or clean, 1 validation errors, 2 usage, 3 internal, 4 busy).

use std::process::ExitCode;

use clap::Parser;
use tertial::cli::{self, Cli, LogFormat};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) if cli::asks_for_json(&args) && e.use_stderr() => {
            return tertial::log::fail(LogFormat::Json, 2, &e.to_string());
        }
        Err(e) => e.exit(),
    };
    let format = cli.log_format();
    match std::panic::catch_unwind(|| tertial::app::main(cli)) {
        Ok(Ok(outcome)) => ExitCode::from(outcome.exit_code()),
        Ok(Err(e)) => tertial::log::fail(format, e.exit_code(), &format!("{:#}", anyhow::Error::from(e))),
        Err(_) => tertial::log::fail(
            format,
            3,
            "internal error (a bug): the run stopped and nothing was written; previous outputs are untouched",
        ),
    }
}
