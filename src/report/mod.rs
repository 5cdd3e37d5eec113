//! Report stage: the PDF tertialrapport, laid out by typst.
//!
//! Takes the [`Figures`], the narrative, the action plan and the run's problems; gives the PDF's
//! bytes. Rust builds one data value (serialised to `data.json`) holding every figure already
//! formatted the Swedish way plus the raw shares the charts need; the template
//! (`templates/rapport.typ`, embedded, or an override) decides the layout. Fonts are embedded in
//! the binary (DejaVu Sans), so the PDF depends on nothing installed. The PDF is tagged (PDF/UA-1),
//! in Swedish, with a fixed identifier and timestamp, so the same inputs give the same bytes.

mod contract;
mod data;
mod economy;
mod forecasts;

use std::path::{Path, PathBuf};

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::aggregate::Figures;
use crate::labels::Lang;
use crate::model::{Action, Investment, Paragraph};

/// The built-in template.
pub const TEMPLATE: &str = include_str!("../../templates/rapport.typ");

/// Why the report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The template has errors (with file, line and column).
    #[error("rapportmallen har fel:\n{0}")]
    Template(String),
    /// typst could not write the PDF.
    #[error("PDF:en kunde inte skrivas: {0}")]
    Pdf(String),
    /// The overriding template could not be read.
    #[error("rapportmallen {path} kunde inte läsas")]
    Read { path: String, source: std::io::Error },
}

/// A template to use instead of the built-in one.
#[derive(Clone, Debug)]
pub struct TemplateFile {
    /// Where it is (files it refers to are looked up beside it).
    pub path: PathBuf,
    pub text: String,
}

impl TemplateFile {
    /// Reads a template file.
    pub fn load(path: &Path) -> Result<TemplateFile, ReportError> {
        let text = fs_err::read_to_string(path)
            .map_err(|source| ReportError::Read { path: crate::format::path(path), source })?;
        Ok(TemplateFile { path: path.to_path_buf(), text })
    }
}

/// What the report is made from.
pub struct ReportInput<'a> {
    pub figures: &'a Figures,
    pub municipality: &'a str,
    pub committee: &'a str,
    pub administration: Option<&'a str>,
    /// The report's name for its period, e.g. "Tertialrapport" or "Delårsrapport".
    pub report_title: &'a str,
    /// The narrative paragraphs, in input order.
    pub paragraphs: &'a [Paragraph],
    pub actions: &'a [Action],
    pub investments: &'a [Investment],
    /// The errors to list when written despite them.
    pub errors: Vec<String>,
    /// True when written despite errors.
    pub partial: bool,
    /// Fixed timestamp, seconds since 1970.
    pub timestamp: i64,
    pub lang: Lang,
    pub unit: crate::format::Unit,
    pub template: Option<&'a TemplateFile>,
}

/// The fonts embedded in the binary: DejaVu Sans, which covers Swedish.
fn fonts() -> Vec<Font> {
    [dejavu::sans::regular(), dejavu::sans::bold(), dejavu::sans::oblique(), dejavu::sans::bold_oblique()]
        .into_iter()
        .flat_map(|b| Font::iter(Bytes::new(b)))
        .collect()
}

/// What the report needs besides its data: typst's standard library, the embedded fonts and the
/// parsed template.
pub struct Typesetter {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    /// The template's name in messages.
    name: String,
    /// The folder of an overriding template (files it refers to).
    root: Option<PathBuf>,
}

impl Typesetter {
    /// Loads the fonts and the library and parses the template (the built-in one unless `template`
    /// overrides it).
    #[must_use]
    pub fn new(template: Option<&TemplateFile>) -> Self {
        let (text, name, root) = match template {
            Some(t) => (t.text.clone(), crate::format::path(&t.path), t.path.parent().map(Path::to_path_buf)),
            None => (TEMPLATE.to_string(), "templates/rapport.typ (inbyggd)".to_string(), None),
        };
        let fonts = fonts();
        Typesetter {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main: Source::new(file_id("rapport.typ"), text),
            name,
            root,
        }
    }
}

/// The small typst world of the report: one template, one data file, the embedded fonts, and (for
/// an overriding template) the files beside it.
struct ReportWorld<'t> {
    t: &'t Typesetter,
    data_id: FileId,
    data: Bytes,
    today: Option<Datetime>,
}

fn file_id(path: &str) -> FileId {
    let vpath =
        VirtualPath::new(path).unwrap_or_else(|_| VirtualPath::new("main.typ").expect("a valid path"));
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.t.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.t.book
    }

    fn main(&self) -> FileId {
        self.t.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.t.main.id() {
            Ok(self.t.main.clone())
        } else {
            let bytes = self.file(id)?;
            let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
            Ok(Source::new(id, text.to_string()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        let vpath = id.get().vpath();
        let Some(root) = &self.t.root else {
            return Err(FileError::NotFound(PathBuf::from(vpath.get_without_slash())));
        };
        let path = vpath.realize(root).map_err(FileError::Realize)?;
        fs_err::read(&path).map(Bytes::new).map_err(|_| FileError::NotFound(path))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.t.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

fn describe(world: &ReportWorld<'_>, name: &str, diags: &[SourceDiagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            let place = world
                .range(d.span)
                .and_then(|r| {
                    let id = d.span.id()?;
                    let source = world.source(id).ok()?;
                    let (line, col) = source.lines().byte_to_line_column(r.start)?;
                    let file = if id == world.t.main.id() {
                        name.to_string()
                    } else {
                        id.get().vpath().get_without_slash().to_string()
                    };
                    Some(format!("{file}:{}:{}", line + 1, col + 1))
                })
                .unwrap_or_else(|| name.to_string());
            let hints: Vec<String> = d.hints.iter().map(|h| format!(" (tips: {})", h.v)).collect();
            format!("{place}: {}{}", d.message, hints.concat())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Builds the PDF.
pub fn build(input: &ReportInput<'_>) -> Result<Vec<u8>, ReportError> {
    let t = &Typesetter::new(input.template);
    let data = serde_json::to_vec(&data::data(input)).unwrap_or_default();
    let (_, today) = data::date_text(input.timestamp);
    let world = ReportWorld { t, data_id: file_id("data.json"), data: Bytes::new(data), today };
    let name = &t.name;
    let warned = typst::compile::<PagedDocument>(&world);
    let document =
        warned.output.map_err(|diags| ReportError::Template(describe(&world, name, diags.as_slice())))?;
    let standards =
        PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| ReportError::Pdf(e.message().to_string()))?;
    let timestamp = today
        .and_then(|d| Datetime::from_ymd_hms(d.year()?, d.month()?, d.day()?, 0, 0, 0))
        .map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(format!("tertial-{}", input.figures.period)),
        creator: Smart::Custom(Some(format!("tertial {}", env!("CARGO_PKG_VERSION")))),
        timestamp,
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    typst_pdf::pdf(&document, &options)
        .map_err(|diags| ReportError::Pdf(describe(&world, name, diags.as_slice())))
}
