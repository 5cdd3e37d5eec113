//! The `tertial` command: parse, run, map the outcome to an exit code
//! (0 written or clean, 1 validation errors, 2 usage, 3 internal).

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // polars splits a group-by over threads and adds the partial sums in
    // whatever order they finish; one thread sums every group in row order,
    // so the unrounded totals (and the outputs' bytes) never depend on the
    // machine. Reading, the slow part, stays parallel (rayon).
    std::env::set_var("POLARS_MAX_THREADS", "1");
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
