//! The commands that set up a working folder: `tertial init` (the folders, a commented
//! `tertial.toml`, the report template and the blank input templates) and `tertial templates` (the
//! input templates alone).
//!
//! Takes a folder and the register; writes the files atomically and says what it wrote, in Swedish.
//! Files already there are kept.

use std::io::Write;
use std::path::Path;

use crate::config::Register;
use crate::publish::{write_atomic, WriteError};
use crate::schema::SheetKind;

/// The commented register written by `tertial init`.
pub const REGISTER_EXAMPLE: &str = include_str!("../templates/tertial.toml");

/// Why a working folder or its templates could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// A folder could not be made.
    #[error("mappen {path} kunde inte skapas: {source}")]
    Folder { path: String, source: std::io::Error },
    /// A file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// A template could not be built (a bug).
    #[error("internt fel när en mall byggdes (ett programfel)")]
    Template(#[from] rust_xlsxwriter::XlsxError),
    /// The terminal could not be written to.
    #[error("kunde inte skriva till terminalen")]
    Print(#[from] std::io::Error),
}

/// Writes one blank template per data sheet into `dir`, with the names of
/// `register` in its dropdowns, and says so.
pub fn templates(dir: &Path, register: &Register, out: &mut dyn Write) -> Result<(), InitError> {
    for &kind in SheetKind::ALL {
        let path = dir.join(crate::templates::file_name(kind));
        write_atomic(&path, &crate::templates::build(kind, register)?)?;
        writeln!(out, "Skrev {}", crate::format::path(&path))?;
    }
    Ok(())
}

/// Sets up a working folder for a new committee. Existing files are kept.
pub fn init(dir: &Path, out: &mut dyn Write) -> Result<(), InitError> {
    for sub in ["input", "output", "templates"] {
        let path = dir.join(sub);
        fs_err::create_dir_all(&path)
            .map_err(|source| InitError::Folder { path: crate::format::path(&path), source })?;
    }
    let register = dir.join("tertial.toml");
    for (path, text) in
        [(&register, REGISTER_EXAMPLE), (&dir.join("templates/rapport.typ"), crate::report::TEMPLATE)]
    {
        if path.exists() {
            writeln!(out, "Behöll {} (finns redan)", crate::format::path(path))?;
        } else {
            write_atomic(path, text.as_bytes())?;
            writeln!(out, "Skrev {}", crate::format::path(path))?;
        }
    }
    templates(&dir.join("templates"), &Register::default(), out)?;
    writeln!(
        out,
        "Klart. Fyll i {} med kommunens namn och verksamhetsområden, lägg arbetsböckerna i {}/ÅÅÅÅ-Tn/ eller {}/ÅÅÅÅ-MM/ och kör: tertial run",
        crate::format::path(&register),
        crate::format::path(&dir.join("input")),
        crate::format::path(&dir.join("input"))
    )?;
    Ok(())
}
