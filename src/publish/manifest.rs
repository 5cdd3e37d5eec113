//! The run's manifest: what was read, what was written, how it went.
//!
//! Takes the files read, the outputs' bytes and the problem counts; gives `manifest.json` text
//! (stable key order, no clock time), so that a reader or the next nightly run can tell exactly
//! what an output was made from.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use std::path::Path;

use crate::period::Period;
use crate::problem::{Counts, Problems};
use crate::read::{sha256_hex, FileBytes, PeriodFiles};

/// An input file in the manifest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputEntry {
    /// Path relative to the period folder.
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// An output file in the manifest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutputEntry {
    /// File name within the period's output folder.
    pub path: String,
    pub sha256: String,
}

/// The settings that change the outputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSettings {
    /// Written despite errors when needed.
    pub allow_partial: bool,
    /// SHA-256 of the register file, if any.
    pub config_sha256: Option<String>,
    /// SHA-256 of an overriding template, if any.
    pub template_sha256: Option<String>,
}

/// The manifest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub program: String,
    pub version: String,
    /// The period, e.g. 2022-T2.
    pub period: String,
    /// True when written despite validation errors.
    pub partial: bool,
    /// Inputs of the period.
    pub inputs: Vec<InputEntry>,
    /// Inputs of earlier periods (history for comparisons), `../<period>/…`.
    pub history: Vec<InputEntry>,
    /// The settings that change the outputs.
    pub settings: RunSettings,
    pub outputs: Vec<OutputEntry>,
    pub counts: Counts,
    /// When the newest input was last changed (the run's fixed timestamp), `YYYY-MM-DD HH:MM UTC`:
    /// for the status page, never compared.
    pub inputs_changed: String,
}

impl Manifest {
    /// What identifies a run before anything is validated: every input's hash (the period's and the
    /// history's), the register, the template and the settings.
    #[must_use]
    pub fn fingerprint(period: Period, files: &PeriodFiles, settings: RunSettings) -> Self {
        let entries = |files: &[FileBytes], prefix: &str| -> Vec<InputEntry> {
            files
                .iter()
                .map(|f| InputEntry {
                    path: format!("{prefix}{}", f.rel),
                    sha256: f.sha256.clone(),
                    size: f.size,
                })
                .collect()
        };
        Manifest {
            program: "tertial".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            period: period.to_string(),
            partial: false,
            inputs: entries(&files.current, ""),
            history: files
                .history
                .iter()
                .flat_map(|(p, earlier)| {
                    earlier.entries().into_iter().map(move |(path, sha256, size)| InputEntry {
                        path: format!("../{p}/{path}"),
                        sha256: sha256.to_string(),
                        size,
                    })
                })
                .collect(),
            settings,
            outputs: Vec::new(),
            counts: Counts::default(),
            inputs_changed: String::new(),
        }
    }

    /// The complete manifest: the outputs' hashes and the problem counts.
    #[must_use]
    pub fn with_outputs(self, outputs: &[(String, Vec<u8>)], problems: &Problems, timestamp: i64) -> Self {
        Manifest {
            inputs_changed: crate::period::utc_text(timestamp),
            partial: problems.has_errors(),
            // The PDF and the sick-leave Parquet are most of a run's output bytes: hashed side by
            // side.
            outputs: outputs
                .par_iter()
                .map(|(name, bytes)| OutputEntry { path: name.clone(), sha256: sha256_hex(bytes) })
                .collect(),
            counts: problems.counts(),
            ..self
        }
    }

    /// The manifest of the set published in `dir`, if there is one.
    #[must_use]
    pub fn read(dir: &Path) -> Option<Manifest> {
        serde_json::from_slice(&fs_err::read(dir.join(super::MANIFEST)).ok()?).ok()
    }

    /// True when this manifest says its set was made from exactly the inputs and settings of
    /// `candidate`, by this version, and every output in `dir` still has its recorded hash.
    #[must_use]
    pub fn made_as(&self, candidate: &Manifest, dir: &Path) -> bool {
        let same = self.version == candidate.version
            && self.period == candidate.period
            && self.inputs == candidate.inputs
            && self.history == candidate.history
            && self.settings == candidate.settings;
        same && self
            .outputs
            .iter()
            .all(|o| fs_err::read(dir.join(&o.path)).is_ok_and(|b| sha256_hex(&b) == o.sha256))
    }

    /// The JSON text, pretty-printed, ending in a newline.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}
