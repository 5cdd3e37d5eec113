//! tertial: a committee's tertialrapport from its departments' workbooks.
//!
//! The pipeline, one module per stage: [`read`] (find and open the workbooks) → [`validate`] (typed
//! records and problems) → [`consolidate`] (budget, forecast and actuals joined per key, typed) →
//! [`aggregate`] (the figures) → the writers ([`annex`], [`report`], the Parquet [`facts`], the
//! [`status`] page, the input [`templates`]) → [`publish`] (the output set, the manifest, the
//! lock). Below them all, the shared layer: [`names`], [`money`], [`period`], [`problem`],
//! [`model`], [`schema`], [`config`], [`labels`], [`format`], [`numbers`], [`goals`]. On top, the
//! commands: [`cli`] turns arguments into checked settings, [`app`] runs the stages for `check` and
//! `run`, [`init`] sets up a working folder and writes the templates, [`log`] reports events.

pub mod aggregate;
pub mod annex;
pub mod app;
pub mod cli;
pub mod config;
pub mod consolidate;
pub mod earlier;
pub mod facts;
pub mod format;
pub mod goals;
pub mod init;
pub mod labels;
pub mod log;
pub mod model;
pub mod money;
pub mod names;
pub mod numbers;
pub mod period;
pub mod problem;
pub mod publish;
pub mod read;
pub mod report;
pub mod schema;
pub mod status;
pub mod templates;
pub mod validate;

use std::cell::Cell;
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with panic messages silenced on this thread. Used around the workbook readers, whose
/// panics on hostile input are caught and reported as unreadable files: a finance clerk should see
/// which file is broken, not a backtrace.
pub fn quiet_panics<T>(f: impl FnOnce() -> T) -> T {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                default(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let out = f();
    QUIET.with(|q| q.set(was));
    out
}
