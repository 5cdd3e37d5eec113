//! An earlier period's published records, used in place of its workbooks when nothing has changed.
//!
//! Takes the output folder, an earlier period, the files its input folder holds now (listed, not
//! read) and the register's hash; gives the period's [`Published`] records when the set published
//! for it says they were made from exactly these files, by this version, with this register —
//! and nothing otherwise, so that the caller reads the folder's workbooks. A file is taken as
//! unchanged when its size and modification time are those stamped when it was read (as `make`
//! and `git status` judge files); the stamps and records are in `historik.json`, whose hash the
//! set's manifest vouches for.

use std::path::Path;

use crate::earlier::{Published, Stamped};
use crate::model::Records;
use crate::period::Period;
use crate::read::{size_and_time, InputFile};

use super::manifest::Manifest;

/// The history file of a period's set.
pub const HISTORY: &str = "historik.json";

/// The text of a period's `historik.json`: the records of its workbooks (as validated, before the
/// rules across files), the errors in them and the stamps of the files they came from. The records
/// are handed back, not copied.
#[must_use]
pub fn snapshot(
    period: Period,
    inputs: Vec<Stamped>,
    records: Records,
    errors: usize,
    config_sha256: Option<&str>,
) -> (Vec<u8>, Records) {
    let published = Published {
        program: "tertial".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        period: period.to_string(),
        config_sha256: config_sha256.map(str::to_string),
        inputs,
        errors,
        records,
    };
    (published.to_json(), published.records)
}

/// The records published for `period` under `output`, when they may stand for `listed`, the files
/// of its input folder now.
#[must_use]
pub fn reusable(
    output: &Path,
    period: Period,
    listed: &[InputFile],
    config_sha256: Option<&str>,
) -> Option<Published> {
    let dir = output.join(period.to_string());
    let manifest = Manifest::read(&dir)?;
    let entry = manifest.outputs.iter().find(|o| o.path == HISTORY)?;
    let bytes = fs_err::read(dir.join(HISTORY)).ok()?;
    if crate::read::sha256_hex(&bytes) != entry.sha256 || manifest.version != env!("CARGO_PKG_VERSION") {
        return None;
    }
    let published = Published::from_json(&bytes)?;
    let same = published.version == manifest.version
        && published.period == period.to_string()
        && published.config_sha256.as_deref() == config_sha256
        && published.inputs.len() == listed.len()
        && published.inputs.iter().zip(listed).all(|(stamped, file)| {
            stamped.path == file.rel
                && stamped.modified_ns != 0
                && size_and_time(&file.path) == Some((stamped.size, stamped.modified_ns))
        });
    same.then_some(published)
}
