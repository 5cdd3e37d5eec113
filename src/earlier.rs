//! What a published period gives the runs after it, so that they need not open its workbooks again.
//!
//! Takes the records of a period's workbooks as validated (before the rules across its files) and
//! the stamps of the files they came from; gives `historik.json` text, and reads it back. A later
//! run uses it in place of the folder's workbooks only when every file of the folder still has the
//! size and modification time stamped here, and the program version and register are the same
//! (`publish::history` decides); otherwise it reads the workbooks. Amounts and hours are kept as
//! the workbooks gave them (JSON numbers that read back to the same bits), so the figures are the
//! same to the öre either way.

use serde::{Deserialize, Serialize};

use crate::model::Records;

/// An input file as a run read it: the manifest's entry and the stamp that tells, without reading
/// it again, that it has not changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamped {
    /// Path relative to the period folder.
    pub path: String,
    pub sha256: String,
    pub size: u64,
    /// Modification time, nanoseconds since 1970 (UTC).
    pub modified_ns: u64,
}

/// A period's contribution to later runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Published {
    pub program: String,
    pub version: String,
    /// The period, e.g. `2025-04`.
    pub period: String,
    /// SHA-256 of the register the records were validated with, if any.
    pub config_sha256: Option<String>,
    /// The folder's files that gave the records, in path order.
    pub inputs: Vec<Stamped>,
    /// Errors found in its workbooks (a later run warns that it uses the valid rows only).
    pub errors: usize,
    /// The records later runs compare against (see [`Records`] for which lists are kept).
    pub records: Records,
}

impl Published {
    /// The JSON text, ending in a newline.
    #[must_use]
    pub fn to_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec(self).unwrap_or_default();
        v.push(b'\n');
        v
    }

    /// The text read back; `None` when it is not this program's.
    #[must_use]
    pub fn from_json(bytes: &[u8]) -> Option<Published> {
        serde_json::from_slice::<Published>(bytes).ok().filter(|p| p.program == "tertial")
    }
}
