//! Parse cache: each input file's validated records, kept between runs so
//! that a nightly rerun opens only the workbooks that changed.
//!
//! Takes one file's typed records and problems (a [`Dataset`] and
//! [`Problems`] made by the validate stage); gives them back on a later run
//! for a file with the same bytes. An entry is one Parquet file (written
//! with polars) under `<output>/.cache/<program version>/`, named by the
//! file's SHA-256 and a fingerprint of the validation rules (the period's
//! year, the tolerance and the register), so a new version, another year or
//! an edited register never sees an old entry. Entries hold no path: the
//! records get the file's current path when they are loaded, so a renamed
//! file is still a hit. Each distinct text is stored once and rows refer to
//! it by number, so the records of a loaded entry share their area and
//! activity names instead of each holding a copy.
//!
//! Beside the records it keeps output files whose data did not change, by
//! a fingerprint of that data ([`Cache::facts`]): bytes checked against
//! their SHA-256 before they are used.
//!
//! Anything wrong with an entry (missing, truncated, another layout) is a
//! miss, never an error: the file is simply read again, or the output made
//! anew.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use polars::prelude::*;

use crate::input::FileBytes;
use crate::model::{
    Action, AgeGroup, Assessment, BudgetLine, CostType, Dataset, Direction, FileInfo, ForecastLine,
    Gender, Indicator, Investment, InvestmentType, Origin, Paragraph, SheetRead, SickLeaveRow,
    StaffRow, Vocabulary,
};
use crate::period::YearMonth;
use crate::problem::{Place, ProblemKind, Problems, Severity};
use crate::schema::SheetKind;
use crate::validate::Rules;

/// Bumped whenever the layout of an entry changes.
const LAYOUT: u32 = 2;

/// Why an entry could not be used (always treated as a miss).
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// Polars could not read or write the Parquet.
    #[error(transparent)]
    Polars(#[from] PolarsError),
    /// A stored problem could not be read back.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// A value outside what this version writes.
    #[error("cache entry is not valid: {0}")]
    Invalid(&'static str),
}

/// The parse cache of one output folder and one set of validation rules.
#[derive(Clone, Debug)]
pub struct Cache {
    dir: PathBuf,
    rules: String,
}

/// What one file's entry holds, without the file's path.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    /// The records, with empty `origin.file`, and one [`FileInfo`] whose
    /// path is empty.
    pub data: Dataset,
    /// The problems, with no file in their place.
    pub problems: Problems,
}

impl Cache {
    /// The cache under `output/.cache/` for these rules.
    #[must_use]
    pub fn new(output: &Path, rules: &Rules<'_>) -> Self {
        let fingerprint = format!(
            "{LAYOUT}|{}|{}|{:?}|{:?}",
            env!("CARGO_PKG_VERSION"),
            rules.year,
            rules.tolerance.to_bits(),
            rules.register
        );
        let hash = crate::input::sha256_hex(fingerprint.as_bytes());
        Cache {
            dir: output.join(".cache").join(env!("CARGO_PKG_VERSION")),
            rules: hash[..16].to_string(),
        }
    }

    /// The entry's path for a file with this SHA-256 and ending: the
    /// ending chooses the reader, so the same bytes named `.xls` are
    /// another entry (and another outcome) than named `.xlsx`.
    #[must_use]
    pub fn path(&self, sha256: &str, ext: &str) -> PathBuf {
        let ext: String = ext
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(8)
            .collect();
        self.dir
            .join(format!("{sha256}-{}-{ext}.parquet", self.rules))
    }

    /// The records of a file with these bytes, given the file's current
    /// path; `None` when there is no usable entry.
    ///
    /// A used entry's modification time is refreshed (at most once a day),
    /// so that [`Cache::prune`] keeps what runs still read.
    #[must_use]
    pub fn load(&self, file: &FileBytes) -> Option<(Dataset, Problems)> {
        let path = self.path(&file.sha256, &file.ext);
        let bytes = std::fs::read(&path).ok()?;
        // A damaged entry must not stop the run: polars' readers are not
        // promised to be panic-free on arbitrary bytes.
        let entry = crate::quiet_panics(|| {
            std::panic::catch_unwind(|| decode(&bytes, &file.rel))
                .ok()?
                .ok()
        })?;
        touch(&path);
        Some(entry.located(&file.rel, &file.sha256, file.bytes.len() as u64))
    }

    fn facts_path(&self, name: &str, key: &str) -> PathBuf {
        self.dir.join(format!("{name}-{key}.facts"))
    }

    /// The bytes of an output made before from the same data (`key`
    /// fingerprints it), or `None`. An entry holds the SHA-256 of its bytes
    /// before them, and one whose bytes do not match (a write cut short) is
    /// a miss: an output is never taken from a damaged entry.
    #[must_use]
    pub fn facts(&self, name: &str, key: &str) -> Option<Vec<u8>> {
        let path = self.facts_path(name, key);
        let mut bytes = std::fs::read(&path).ok()?;
        let (sum, body) = bytes.split_at_checked(64)?;
        if sum != crate::input::sha256_hex(body).as_bytes() {
            return None;
        }
        bytes.drain(..64);
        touch(&path);
        Some(bytes)
    }

    /// Keeps an output's bytes under `key` for [`Cache::facts`]; like
    /// [`Cache::store`], failing to write is ignored.
    pub fn store_facts(&self, name: &str, key: &str, bytes: &[u8]) {
        let mut entry = Vec::with_capacity(64 + bytes.len());
        entry.extend_from_slice(crate::input::sha256_hex(bytes).as_bytes());
        entry.extend_from_slice(bytes);
        let _ = crate::output::write_atomic_unsynced(&self.facts_path(name, key), &entry);
    }

    /// Stores a file's records. Failing to write is not an error of the
    /// run (the cache is only a shortcut), so it is ignored.
    pub fn store(&self, sha256: &str, ext: &str, data: &Dataset, problems: &Problems) {
        let Ok(bytes) = encode(data, problems) else {
            return;
        };
        let _ = crate::output::write_atomic_unsynced(&self.path(sha256, ext), &bytes);
    }

    /// Removes what no run of this version will read: entries of other
    /// versions, temporary files left by an interrupted run, and entries
    /// not used for `max_age` (their modification time is refreshed when
    /// they are used, at most once a day).
    pub fn prune(&self, max_age: std::time::Duration) {
        let Some(root) = self.dir.parent() else {
            return;
        };
        if let Ok(versions) = std::fs::read_dir(root) {
            for v in versions.flatten() {
                if v.path() != self.dir && v.path().is_dir() {
                    let _ = std::fs::remove_dir_all(v.path());
                }
            }
        }
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                let temporary = e.file_name().to_string_lossy().starts_with('.');
                if temporary || age(&e.path()).is_some_and(|a| a > max_age) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }
}

/// Refreshes a used entry's modification time (at most once a day), so
/// that [`Cache::prune`] keeps what runs still read.
fn touch(path: &Path) {
    if age(path).is_some_and(|a| a > std::time::Duration::from_secs(86_400)) {
        if let Ok(f) = std::fs::File::options().write(true).open(path) {
            let _ = f.set_modified(std::time::SystemTime::now());
        }
    }
}

/// How long ago a file was last modified; `None` when unknown.
fn age(path: &Path) -> Option<std::time::Duration> {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    std::time::SystemTime::now().duration_since(modified).ok()
}

impl Entry {
    /// Gives the file list and every problem the file's path (the records
    /// got it when they were decoded).
    fn located(mut self, rel: &str, sha256: &str, size: u64) -> (Dataset, Problems) {
        let d = &mut self.data;
        for f in &mut d.files {
            f.path = rel.to_string();
            f.sha256 = sha256.to_string();
            f.size = size;
        }
        let mut problems = Problems::new();
        for p in self.problems.iter() {
            let mut place = p.place.clone();
            place.file = Some(rel.to_string());
            problems.push(p.severity, place, p.kind.clone());
        }
        (self.data, problems)
    }
}

/// What a row of an entry holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
enum Kind {
    Budget = 0,
    Forecast,
    Investment,
    SickLeave,
    Staff,
    Indicator,
    Action,
    Paragraph,
    Sheet,
    Problem,
    EmployeeCounts,
    Text,
}

impl Kind {
    const ALL: [Kind; 12] = [
        Kind::Budget,
        Kind::Forecast,
        Kind::Investment,
        Kind::SickLeave,
        Kind::Staff,
        Kind::Indicator,
        Kind::Action,
        Kind::Paragraph,
        Kind::Sheet,
        Kind::Problem,
        Kind::EmployeeCounts,
        Kind::Text,
    ];
}

/// One row of an entry: a record of any kind in generic columns.
#[derive(Default)]
struct Row<'a> {
    sheet: Option<&'a str>,
    row: Option<u32>,
    col: Option<u32>,
    s: [Option<&'a str>; 6],
    f: [Option<f64>; 4],
    i: [Option<i32>; 3],
}

fn code<V: Vocabulary>(v: V) -> Option<i32> {
    i32::try_from(v.index()).ok()
}

// Errors are made lazily throughout decoding: an eager `CacheError` is
// built and dropped on every call, which was 7 % of the time to decode.
#[allow(clippy::unnecessary_lazy_evaluations)]
fn word<V: Vocabulary>(code: Option<i32>) -> Result<V, CacheError> {
    code.and_then(|c| u32::try_from(c).ok())
        .and_then(V::from_index)
        .ok_or_else(|| CacheError::Invalid("vocabulary"))
}

fn at(o: &Origin) -> Row<'_> {
    Row {
        sheet: Some(&o.sheet),
        row: Some(o.row),
        ..Row::default()
    }
}

fn severity_code(s: Severity) -> i32 {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Note => 2,
    }
}

/// The rows of one file's records, problems and sheets.
fn rows<'a>(
    data: &'a Dataset,
    problems: &'a Problems,
    kinds: &mut Vec<i32>,
    json: &'a [String],
) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    let mut push = |k: Kind, r: Row<'a>| {
        kinds.push(k as i32);
        out.push(r);
    };
    for l in &data.budget {
        let mut r = at(&l.origin);
        r.s[..2].copy_from_slice(&[Some(&l.area), Some(&l.activity)]);
        r.i[0] = code(l.cost_type);
        r.f[0] = Some(l.amount);
        push(Kind::Budget, r);
    }
    for l in &data.forecast {
        let mut r = at(&l.origin);
        r.s[..3].copy_from_slice(&[Some(&l.area), Some(&l.activity), l.comment.as_deref()]);
        r.i[0] = code(l.cost_type);
        r.f[..2].copy_from_slice(&[Some(l.amount), l.actual]);
        push(Kind::Forecast, r);
    }
    for l in &data.investments {
        let mut r = at(&l.origin);
        r.s[..3].copy_from_slice(&[Some(&l.project), l.area.as_deref(), l.comment.as_deref()]);
        r.i[0] = code(l.kind);
        r.f[..2].copy_from_slice(&[Some(l.budget), Some(l.forecast)]);
        push(Kind::Investment, r);
    }
    for l in &data.sick_leave {
        let mut r = at(&l.origin);
        r.s[0] = Some(&l.area);
        let month = i64::from(l.month.year) * 100 + i64::from(l.month.month);
        r.i = [
            i32::try_from(month).ok(),
            code(l.gender),
            l.age_group.and_then(code),
        ];
        r.f = [
            Some(l.ordinary_hours),
            Some(l.sick_hours),
            l.long_term_hours,
            l.employees,
        ];
        push(Kind::SickLeave, r);
    }
    for l in &data.staff {
        let mut r = at(&l.origin);
        r.s[0] = Some(&l.area);
        r.i[..2].copy_from_slice(&[code(l.gender), Some(l.year)]);
        r.f[..3].copy_from_slice(&[Some(l.persons), Some(l.fte), l.long_term_sick]);
        push(Kind::Staff, r);
    }
    for l in &data.indicators {
        let mut r = at(&l.origin);
        r.s = [
            Some(&l.goal),
            Some(&l.name),
            l.unit.as_deref(),
            l.area.as_deref(),
            l.responsible.as_deref(),
            l.comment.as_deref(),
        ];
        r.i[..2].copy_from_slice(&[code(l.direction), l.stated.and_then(code)]);
        r.f = [Some(l.target), l.outcome, l.outcome_women, l.outcome_men];
        push(Kind::Indicator, r);
    }
    for l in &data.actions {
        let mut r = at(&l.origin);
        r.s[..5].copy_from_slice(&[
            Some(&l.action),
            l.goal.as_deref(),
            l.planned_start.as_deref(),
            l.status.as_deref(),
            l.responsible.as_deref(),
        ]);
        push(Kind::Action, r);
    }
    for l in &data.paragraphs {
        let mut r = at(&l.origin);
        r.s[..3].copy_from_slice(&[Some(&l.section), Some(&l.text), l.area.as_deref()]);
        push(Kind::Paragraph, r);
    }
    for f in &data.files {
        for s in &f.sheets {
            let kind = SheetKind::ALL.iter().position(|k| *k == s.kind);
            push(
                Kind::Sheet,
                Row {
                    sheet: Some(&s.name),
                    i: [
                        kind.and_then(|k| i32::try_from(k).ok()),
                        i32::try_from(s.rows).ok(),
                        None,
                    ],
                    ..Row::default()
                },
            );
        }
    }
    for (p, kind) in problems.iter().zip(json) {
        push(
            Kind::Problem,
            Row {
                sheet: p.place.sheet.as_deref(),
                row: p.place.cell.map(|c| c.0),
                col: p.place.cell.map(|c| c.1),
                s: [Some(kind), None, None, None, None, None],
                i: [Some(severity_code(p.severity)), None, None],
                ..Row::default()
            },
        );
    }
    if data.has_employee_counts {
        push(Kind::EmployeeCounts, Row::default());
    }
    out
}

/// The distinct texts of an entry, numbered in order of first use. Rows
/// hold numbers; each text is stored once, in a `Text` row: a sheet of a
/// thousand rows names its area once, not a thousand times.
#[derive(Default)]
struct Texts<'a> {
    ids: std::collections::HashMap<&'a str, u32>,
    list: Vec<&'a str>,
}

impl<'a> Texts<'a> {
    fn id(&mut self, text: Option<&'a str>) -> Option<u32> {
        let text = text?;
        if let Some(id) = self.ids.get(text) {
            return Some(*id);
        }
        let id = u32::try_from(self.list.len()).ok()?;
        self.ids.insert(text, id);
        self.list.push(text);
        Some(id)
    }
}

/// One file's records and problems as the bytes of a Parquet file.
///
/// # Errors
/// A polars or JSON error (a bug, not an input problem).
pub fn encode(data: &Dataset, problems: &Problems) -> Result<Vec<u8>, CacheError> {
    let json = problems
        .iter()
        .map(|p| serde_json::to_string(&p.kind))
        .collect::<Result<Vec<_>, _>>()?;
    let mut record_kinds = Vec::new();
    let rows = rows(data, problems, &mut record_kinds, &json);
    let mut texts = Texts::default();
    let sheet_ids: Vec<Option<u32>> = rows.iter().map(|r| texts.id(r.sheet)).collect();
    let text_ids: Vec<[Option<u32>; 6]> = rows.iter().map(|r| r.s.map(|s| texts.id(s))).collect();
    // The texts come first, so that a reader knows every text before a
    // row refers to it.
    let n = texts.list.len();
    fn pad<T: Clone>(n: usize, v: impl IntoIterator<Item = Option<T>>) -> Vec<Option<T>> {
        std::iter::repeat_n(None, n).chain(v).collect()
    }
    let kinds: Vec<i32> = std::iter::repeat_n(Kind::Text as i32, n)
        .chain(record_kinds)
        .collect();
    let text: Vec<Option<&str>> = texts
        .list
        .iter()
        .map(|t| Some(*t))
        .chain(std::iter::repeat_n(None, rows.len()))
        .collect();
    let mut columns = vec![
        Column::new("kind".into(), kinds),
        Column::new("text".into(), text),
        Column::new("sheet".into(), pad(n, sheet_ids)),
        Column::new("row".into(), pad(n, rows.iter().map(|r| r.row))),
        Column::new("col".into(), pad(n, rows.iter().map(|r| r.col))),
    ];
    for k in 0..6 {
        let v = pad(n, text_ids.iter().map(|ids| ids[k]));
        columns.push(Column::new(format!("t{k}").into(), v));
    }
    for k in 0..4 {
        let v = pad(n, rows.iter().map(|r| r.f[k]));
        columns.push(Column::new(format!("f{k}").into(), v));
    }
    for k in 0..3 {
        let v = pad(n, rows.iter().map(|r| r.i[k]));
        columns.push(Column::new(format!("i{k}").into(), v));
    }
    let mut df = DataFrame::new_infer_height(columns)?;
    let mut buf = Cursor::new(Vec::new());
    ParquetWriter::new(&mut buf)
        .with_compression(ParquetCompression::Uncompressed)
        .with_statistics(StatisticsOptions::empty())
        .set_parallel(false)
        .finish(&mut df)?;
    Ok(buf.into_inner())
}

/// A numeric column of an entry as its one Arrow array, read by row
/// without going through polars' per-value lookup.
struct Num<'a, T: PolarsNumericType>(Option<&'a <T as PolarsDataType>::Array>);

impl<'a, T: PolarsNumericType> Num<'a, T> {
    fn of(df: &'a DataFrame, name: &str) -> Result<Self, CacheError> {
        let ca: &ChunkedArray<T> = df.column(name)?.as_materialized_series().unpack()?;
        if ca.chunks().len() > 1 {
            return Err(CacheError::Invalid("chunks"));
        }
        Ok(Num(ca.downcast_iter().next()))
    }

    fn get(&self, n: usize) -> Option<T::Native> {
        let a = self.0?;
        if n >= a.len() || a.validity().is_some_and(|v| !v.get_bit(n)) {
            return None;
        }
        Some(a.value(n))
    }
}

/// The typed columns of an entry, read back by row.
struct Columns<'a> {
    kind: Num<'a, Int32Type>,
    sheet: Num<'a, UInt32Type>,
    row: Num<'a, UInt32Type>,
    col: Num<'a, UInt32Type>,
    t: [Num<'a, UInt32Type>; 6],
    f: [Num<'a, Float64Type>; 4],
    i: [Num<'a, Int32Type>; 3],
    /// The texts of the entry, in order of their ids.
    texts: Vec<Arc<str>>,
    /// The path every record gets.
    file: Arc<str>,
}

impl<'a> Columns<'a> {
    fn of(df: &'a DataFrame, file: &str) -> Result<Self, CacheError> {
        let t = |k: usize| Num::of(df, &format!("t{k}"));
        let f = |k: usize| Num::of(df, &format!("f{k}"));
        let i = |k: usize| Num::of(df, &format!("i{k}"));
        Ok(Columns {
            kind: Num::of(df, "kind")?,
            sheet: Num::of(df, "sheet")?,
            row: Num::of(df, "row")?,
            col: Num::of(df, "col")?,
            t: [t(0)?, t(1)?, t(2)?, t(3)?, t(4)?, t(5)?],
            f: [f(0)?, f(1)?, f(2)?, f(3)?],
            i: [i(0)?, i(1)?, i(2)?],
            texts: Vec::new(),
            file: Arc::from(file),
        })
    }

    #[allow(clippy::unnecessary_lazy_evaluations)]
    fn text_id(&self, id: Option<u32>) -> Result<Option<&Arc<str>>, CacheError> {
        id.map(|id| {
            self.texts
                .get(id as usize)
                .ok_or_else(|| CacheError::Invalid("text id"))
        })
        .transpose()
    }
}

/// Reads one row of the generic columns.
struct At<'c, 'a> {
    c: &'c Columns<'a>,
    n: usize,
}

#[allow(clippy::unnecessary_lazy_evaluations)]
impl At<'_, '_> {
    fn shared(&self, k: usize) -> Result<Option<&Arc<str>>, CacheError> {
        self.c.text_id(self.c.t[k].get(self.n))
    }
    fn name(&self, k: usize) -> Result<Arc<str>, CacheError> {
        self.shared(k)?
            .cloned()
            .ok_or_else(|| CacheError::Invalid("missing text"))
    }
    fn text(&self, k: usize) -> Result<Option<String>, CacheError> {
        Ok(self.shared(k)?.map(|t| t.to_string()))
    }
    fn required(&self, k: usize) -> Result<String, CacheError> {
        self.text(k)?
            .ok_or_else(|| CacheError::Invalid("missing text"))
    }
    fn number(&self, k: usize) -> Option<f64> {
        self.c.f[k].get(self.n)
    }
    fn required_number(&self, k: usize) -> Result<f64, CacheError> {
        self.number(k)
            .ok_or_else(|| CacheError::Invalid("missing number"))
    }
    fn int(&self, k: usize) -> Option<i32> {
        self.c.i[k].get(self.n)
    }
    fn sheet(&self) -> Result<Option<&Arc<str>>, CacheError> {
        self.c.text_id(self.c.sheet.get(self.n))
    }
    fn origin(&self) -> Result<Origin, CacheError> {
        Ok(Origin {
            file: self.c.file.clone(),
            sheet: self
                .sheet()?
                .cloned()
                .ok_or_else(|| CacheError::Invalid("missing sheet"))?,
            row: self
                .c
                .row
                .get(self.n)
                .ok_or_else(|| CacheError::Invalid("missing row"))?,
        })
    }
}

/// Reads an entry's bytes back into records, whose path is `file`, and
/// problems (with no path until [`Entry::located`]).
///
/// # Errors
/// [`CacheError`] for anything but an entry this version wrote.
#[allow(clippy::too_many_lines, clippy::unnecessary_lazy_evaluations)]
pub fn decode(bytes: &[u8], file: &str) -> Result<Entry, CacheError> {
    let mut df = ParquetReader::new(Cursor::new(bytes))
        .read_parallel(ParallelStrategy::None)
        .finish()?;
    df.rechunk_mut();
    let mut c = Columns::of(&df, file)?;
    let text_column = df.column("text")?.str()?;
    let text_array = text_column.downcast_iter().next();
    let mut d = Dataset::default();
    // Each vector gets its final size at once: grown row by row, the
    // records of a run were allocated about twice over.
    let height = df.height();
    let mut count = [0usize; Kind::ALL.len()];
    for n in 0..height {
        if let Some(k) = c.kind.get(n).and_then(|k| usize::try_from(k).ok()) {
            if let Some(slot) = count.get_mut(k) {
                *slot += 1;
            }
        }
    }
    d.budget.reserve_exact(count[Kind::Budget as usize]);
    d.forecast.reserve_exact(count[Kind::Forecast as usize]);
    d.investments
        .reserve_exact(count[Kind::Investment as usize]);
    d.sick_leave.reserve_exact(count[Kind::SickLeave as usize]);
    d.staff.reserve_exact(count[Kind::Staff as usize]);
    d.indicators.reserve_exact(count[Kind::Indicator as usize]);
    d.actions.reserve_exact(count[Kind::Action as usize]);
    d.paragraphs.reserve_exact(count[Kind::Paragraph as usize]);
    c.texts.reserve_exact(count[Kind::Text as usize]);
    let mut problems = Problems::new();
    let mut sheets = Vec::with_capacity(count[Kind::Sheet as usize]);
    for n in 0..height {
        let kind = c
            .kind
            .get(n)
            .and_then(|k| usize::try_from(k).ok())
            .and_then(|k| Kind::ALL.get(k))
            .ok_or_else(|| CacheError::Invalid("kind"))?;
        if *kind == Kind::Text {
            let text = text_array
                .filter(|a| n < a.len())
                .and_then(|a| a.get(n))
                .ok_or_else(|| CacheError::Invalid("text"))?;
            c.texts.push(Arc::from(text));
            continue;
        }
        let a = At { c: &c, n };
        match kind {
            Kind::Budget => d.budget.push(BudgetLine {
                area: a.name(0)?,
                activity: a.name(1)?,
                cost_type: word::<CostType>(a.int(0))?,
                amount: a.required_number(0)?,
                origin: a.origin()?,
            }),
            Kind::Forecast => d.forecast.push(ForecastLine {
                area: a.name(0)?,
                activity: a.name(1)?,
                cost_type: word::<CostType>(a.int(0))?,
                amount: a.required_number(0)?,
                actual: a.number(1),
                comment: a.text(2)?,
                origin: a.origin()?,
            }),
            Kind::Investment => d.investments.push(Investment {
                project: a.required(0)?,
                kind: word::<InvestmentType>(a.int(0))?,
                budget: a.required_number(0)?,
                forecast: a.required_number(1)?,
                area: a.text(1)?,
                comment: a.text(2)?,
                origin: a.origin()?,
            }),
            Kind::SickLeave => {
                let month = a.int(0).ok_or_else(|| CacheError::Invalid("month"))?;
                d.sick_leave.push(SickLeaveRow {
                    area: a.name(0)?,
                    month: YearMonth {
                        year: month / 100,
                        month: u32::try_from(month % 100)
                            .map_err(|_| CacheError::Invalid("month"))?,
                    },
                    gender: word::<Gender>(a.int(1))?,
                    age_group: a.int(2).map(|g| word::<AgeGroup>(Some(g))).transpose()?,
                    ordinary_hours: a.required_number(0)?,
                    sick_hours: a.required_number(1)?,
                    long_term_hours: a.number(2),
                    employees: a.number(3),
                    origin: a.origin()?,
                });
            }
            Kind::Staff => d.staff.push(StaffRow {
                area: a.name(0)?,
                gender: word::<Gender>(a.int(0))?,
                persons: a.required_number(0)?,
                fte: a.required_number(1)?,
                year: a.int(1).ok_or_else(|| CacheError::Invalid("year"))?,
                long_term_sick: a.number(2),
                origin: a.origin()?,
            }),
            Kind::Indicator => d.indicators.push(Indicator {
                goal: a.required(0)?,
                name: a.required(1)?,
                target: a.required_number(0)?,
                outcome: a.number(1),
                outcome_women: a.number(2),
                outcome_men: a.number(3),
                unit: a.text(2)?,
                direction: word::<Direction>(a.int(0))?,
                stated: a.int(1).map(|s| word::<Assessment>(Some(s))).transpose()?,
                area: a.text(3)?,
                responsible: a.text(4)?,
                comment: a.text(5)?,
                origin: a.origin()?,
            }),
            Kind::Action => d.actions.push(Action {
                action: a.required(0)?,
                goal: a.text(1)?,
                planned_start: a.text(2)?,
                status: a.text(3)?,
                responsible: a.text(4)?,
                origin: a.origin()?,
            }),
            Kind::Paragraph => d.paragraphs.push(Paragraph {
                section: a.required(0)?,
                text: a.required(1)?,
                area: a.text(2)?,
                origin: a.origin()?,
            }),
            Kind::Sheet => sheets.push(SheetRead {
                name: a
                    .sheet()?
                    .ok_or_else(|| CacheError::Invalid("sheet"))?
                    .to_string(),
                kind: a
                    .int(0)
                    .and_then(|k| usize::try_from(k).ok())
                    .and_then(|k| SheetKind::ALL.get(k).copied())
                    .ok_or_else(|| CacheError::Invalid("sheet kind"))?,
                rows: a
                    .int(1)
                    .and_then(|r| usize::try_from(r).ok())
                    .ok_or_else(|| CacheError::Invalid("sheet rows"))?,
            }),
            Kind::Problem => {
                let severity = match a.int(0) {
                    Some(0) => Severity::Error,
                    Some(1) => Severity::Warning,
                    Some(2) => Severity::Note,
                    _ => return Err(CacheError::Invalid("severity")),
                };
                let kind: ProblemKind = serde_json::from_str(&a.required(0)?)?;
                let place = Place {
                    file: None,
                    sheet: a.sheet()?.map(|s| s.to_string()),
                    cell: c.row.get(n).zip(c.col.get(n)),
                };
                problems.push(severity, place, kind);
            }
            Kind::EmployeeCounts => d.has_employee_counts = true,
            Kind::Text => {}
        }
    }
    d.files.push(FileInfo {
        path: String::new(),
        sha256: String::new(),
        size: 0,
        sheets,
    });
    Ok(Entry { data: d, problems })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn origin(sheet: &str, row: u32) -> Origin {
        Origin {
            file: Arc::from("ekonomi/hemtjänst.xlsx"),
            sheet: Arc::from(sheet),
            row,
        }
    }

    /// The file list of a dataset read from one file without data sheets.
    fn one_file(path: &str, sha256: &str, size: u64) -> Vec<FileInfo> {
        vec![FileInfo {
            path: path.into(),
            sha256: sha256.into(),
            size,
            sheets: Vec::new(),
        }]
    }

    /// One record of every kind, with optional fields both set and empty.
    fn sample() -> (Dataset, Problems) {
        let file = "ekonomi/hemtjänst.xlsx";
        let d = Dataset {
            budget: vec![BudgetLine {
                area: "Äldreomsorg".into(),
                activity: "".into(),
                cost_type: CostType::Premises,
                amount: -1_234.567_8,
                origin: origin("Budget", 5),
            }]
            .into(),
            forecast: vec![
                ForecastLine {
                    area: "Äldreomsorg".into(),
                    activity: "Hemtjänst".into(),
                    cost_type: CostType::Income,
                    amount: 0.1 + 0.2,
                    actual: Some(17.0),
                    comment: Some("Fler brukare än väntat.".into()),
                    origin: origin("Prognos", 6),
                },
                ForecastLine {
                    area: "Äldreomsorg".into(),
                    activity: "".into(),
                    cost_type: CostType::Other,
                    amount: 1e-12,
                    actual: None,
                    comment: None,
                    origin: origin("Prognos", 7),
                },
            ]
            .into(),
            investments: vec![Investment {
                project: "Nytt boende".into(),
                kind: InvestmentType::Expenditure,
                budget: 12_000.0,
                forecast: 9_500.5,
                area: None,
                comment: Some("Försenad".into()),
                origin: origin("Investeringar", 2),
            }],
            sick_leave: vec![SickLeaveRow {
                area: "Äldreomsorg".into(),
                month: YearMonth {
                    year: 2022,
                    month: 8,
                },
                gender: Gender::Woman,
                age_group: Some(AgeGroup::From50),
                ordinary_hours: 15_432.25,
                sick_hours: 1_201.5,
                long_term_hours: None,
                employees: Some(11.0),
                origin: origin("Sjukfrånvaro", 9),
            }]
            .into(),
            has_employee_counts: true,
            staff: vec![StaffRow {
                area: "Äldreomsorg".into(),
                gender: Gender::Man,
                persons: 12.0,
                fte: 10.75,
                year: 2021,
                long_term_sick: Some(1.0),
                origin: origin("Personal", 3),
            }],
            indicators: vec![Indicator {
                goal: "God omsorg".into(),
                name: "Nöjdhet".into(),
                target: -5.0,
                outcome: None,
                outcome_women: Some(80.0),
                outcome_men: None,
                unit: Some("%".into()),
                direction: Direction::LowerIsBetter,
                stated: Some(Assessment::PartlyMet),
                area: None,
                responsible: Some("Chef".into()),
                comment: None,
                origin: origin("Indikatorer", 4),
            }],
            actions: vec![Action {
                action: "Rekrytera".into(),
                goal: None,
                planned_start: Some("Hösten 2022".into()),
                status: None,
                responsible: Some("HR".into()),
                origin: origin("Åtgärder", 1),
            }],
            paragraphs: vec![Paragraph {
                section: "Sammanfattning".into(),
                text: "Rad ett.\nRad två, med \"citat\".".into(),
                area: Some("Äldreomsorg".into()),
                origin: origin("Text", 1),
            }],
            files: vec![FileInfo {
                path: file.into(),
                sha256: "ab".repeat(32),
                size: 4_096,
                sheets: vec![
                    SheetRead {
                        name: "Budget".into(),
                        kind: SheetKind::Budget,
                        rows: 1,
                    },
                    SheetRead {
                        name: "Text".into(),
                        kind: SheetKind::Text,
                        rows: 0,
                    },
                ],
            }],
        };
        let mut p = Problems::new();
        p.error(
            Place::cell(file, "Budget", 5, 3),
            ProblemKind::NotANumber {
                found: "12 4OO".into(),
                column: "Belopp".into(),
            },
        );
        p.warning(
            Place::sheet(file, "Prognos"),
            ProblemKind::Skipped {
                what: "tom rad".into(),
            },
        );
        p.note(Place::file(file), ProblemKind::StillCopying);
        (d, p)
    }

    #[test]
    fn an_entry_gives_back_every_record_and_problem() {
        let (d, p) = sample();
        let bytes = encode(&d, &p).unwrap();
        let back = decode(&bytes, "ekonomi/hemtjänst.xlsx").unwrap();
        let (d2, p2) = back.located("ekonomi/hemtjänst.xlsx", &"ab".repeat(32), 4_096);
        assert_eq!(d2, d);
        assert_eq!(p2, p);
        // Bit for bit: 0.1 + 0.2 is not 0.3, and must not become it.
        assert_eq!(d2.forecast[0].amount.to_bits(), (0.1f64 + 0.2).to_bits());
    }

    #[test]
    fn an_entry_has_no_path_and_takes_the_current_one() {
        let (d, p) = sample();
        let bytes = encode(&d, &p).unwrap();
        assert!(!bytes.windows(b"hemtj".len()).any(|w| w == b"hemtj"));
        let (moved, problems) =
            decode(&bytes, "flyttad.xlsx")
                .unwrap()
                .located("flyttad.xlsx", "cd", 1);
        assert!(moved
            .budget
            .iter()
            .all(|r| &*r.origin.file == "flyttad.xlsx"));
        assert_eq!(moved.files[0].path, "flyttad.xlsx");
        assert!(problems
            .iter()
            .all(|p| p.place.file.as_deref() == Some("flyttad.xlsx")));
    }

    #[test]
    fn each_text_is_stored_once_and_shared_when_read() {
        let (d, p) = sample();
        let bytes = encode(&d, &p).unwrap();
        // The area names budget, forecast, sick-leave and staff rows and a
        // paragraph: one text in the entry.
        let area = "Äldreomsorg".as_bytes();
        assert_eq!(bytes.windows(area.len()).filter(|w| *w == area).count(), 1);
        let back = decode(&bytes, "a.xlsx").unwrap().data;
        assert!(Arc::ptr_eq(&back.budget[0].area, &back.forecast[1].area));
        assert!(Arc::ptr_eq(&back.budget[0].area, &back.sick_leave[0].area));
        assert!(Arc::ptr_eq(&back.budget[0].area, &back.staff[0].area));
    }

    #[test]
    fn a_facts_entry_gives_back_its_bytes_and_a_damaged_one_is_a_miss() {
        let root = tempfile::tempdir().unwrap();
        let rules = Rules {
            year: 2022,
            tolerance: 0.1,
            register: None,
        };
        let cache = Cache::new(root.path(), &rules);
        assert_eq!(cache.facts("x", "k1"), None);
        cache.store_facts("x", "k1", b"PAR1 some bytes PAR1");
        assert_eq!(
            cache.facts("x", "k1").as_deref(),
            Some(&b"PAR1 some bytes PAR1"[..])
        );
        assert_eq!(cache.facts("x", "k2"), None, "another key");
        let path = cache.facts_path("x", "k1");
        let bytes = std::fs::read(&path).unwrap();
        for damaged in [
            &bytes[..bytes.len() - 1],
            &bytes[..64],
            &bytes[..10],
            &b""[..],
        ] {
            std::fs::write(&path, damaged).unwrap();
            assert_eq!(cache.facts("x", "k1"), None, "{} bytes", damaged.len());
        }
        let mut flipped = bytes.clone();
        *flipped.last_mut().unwrap() ^= 1;
        std::fs::write(&path, flipped).unwrap();
        assert_eq!(cache.facts("x", "k1"), None);
    }

    #[test]
    fn an_empty_file_round_trips() {
        let d = Dataset {
            files: one_file("a.xlsx", "00", 0),
            ..Dataset::default()
        };
        let back = decode(&encode(&d, &Problems::new()).unwrap(), "a.xlsx").unwrap();
        assert_eq!(back.located("a.xlsx", "00", 0).0, d);
    }

    #[test]
    fn a_damaged_entry_is_an_error_not_a_panic() {
        let (d, p) = sample();
        let bytes = encode(&d, &p).unwrap();
        for cut in [0, 1, 4, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut], "").is_err(), "cut at {cut}");
        }
        assert!(decode(b"PAR1 this is not parquet PAR1", "").is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_text_and_number_round_trip(
            area in "\\PC{0,30}",
            activity in "\\PC{0,30}",
            comment in proptest::option::of("\\PC{0,200}"),
            amount in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
            row in 0u32..1_048_576,
        ) {
            let d = Dataset {
                forecast: vec![ForecastLine {
                    area: area.into(),
                    activity: activity.into(),
                    cost_type: CostType::Staff,
                    amount,
                    actual: Some(-amount),
                    comment,
                    origin: origin("Prognos", row),
                }]
                .into(),
                files: one_file("ekonomi/hemtjänst.xlsx", "ef", 9),
                ..Dataset::default()
            };
            let back = decode(&encode(&d, &Problems::new()).unwrap(), "ekonomi/hemtjänst.xlsx").unwrap();
            prop_assert_eq!(back.located("ekonomi/hemtjänst.xlsx", "ef", 9).0, d);
        }

        #[test]
        fn arbitrary_bytes_are_an_error_never_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2_000)) {
            let outcome = std::panic::catch_unwind(|| decode(&bytes, "").is_err());
            prop_assert_eq!(outcome.ok(), Some(true));
        }

        #[test]
        fn damaged_entries_never_panic(cut in 0usize..4_000, flip in 0usize..4_000, bit in 0u8..8) {
            let (d, p) = sample();
            let mut bytes = encode(&d, &p).unwrap();
            if !bytes.is_empty() {
                let i = flip % bytes.len();
                bytes[i] ^= 1 << bit;
            }
            bytes.truncate(cut.max(1).min(bytes.len()));
            let outcome = std::panic::catch_unwind(|| decode(&bytes, "").is_ok());
            prop_assert!(outcome.is_ok(), "decode panicked");
        }
    }
}
