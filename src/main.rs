//! The `tertial` command: parse, run, map the outcome to an exit code
//! (0 written or clean, 1 validation errors, 2 usage, 3 internal).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = tertial::cli::Cli::parse();
    match tertial::app::main(cli) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(e) => {
            let code = e.exit_code();
            eprintln!("tertial: {:#}", anyhow::Error::from(e));
            ExitCode::from(code)
        }
    }
}
