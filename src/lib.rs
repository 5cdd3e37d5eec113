//! tertial: a committee's tertialrapport from its departments' workbooks.
//!
//! The pipeline, one module per stage: [`read`] (find and open the
//! workbooks) → [`validate`] (typed records and problems) →
//! [`consolidate`] (budget, forecast and actuals joined per key, typed) →
//! [`aggregate`] (the figures) → the writers ([`annex`], [`report`], the
//! Parquet [`data`], the [`status`] page) → publish ([`output`],
//! [`manifest`], [`lock`]). Below them all, the shared layer: [`names`],
//! [`money`], [`period`], [`problem`], [`model`], [`schema`], [`config`],
//! [`labels`], [`format`], [`numbers`], [`goals`]. [`app`] runs the stages
//! for a command; [`cli`] turns arguments into checked settings.

pub mod aggregate;
pub mod annex;
pub mod app;
pub mod cli;
pub mod config;
pub mod consolidate;
pub mod data;
pub mod format;
pub mod goals;
pub mod input_templates;
pub mod labels;
pub mod lock;
pub mod manifest;
pub mod model;
pub mod money;
pub mod names;
pub mod numbers;
pub mod output;
pub mod period;
pub mod problem;
pub mod read;
pub mod report;
pub mod schema;
pub mod status;
pub mod validate;

use std::cell::Cell;
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with panic messages silenced on this thread. Used around the
/// workbook readers, whose panics on hostile input are caught and reported
/// as unreadable files: a finance clerk should see which file is broken,
/// not a backtrace.
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
