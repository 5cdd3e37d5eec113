//! Typed records read from the data sheets: the contract between the
//! validate stage and everything after it.
//!
//! Takes nothing; gives one struct per sheet kind, the fixed vocabularies
//! (cost types, genders, age groups, assessments…) and [`Dataset`], the
//! typed contents of one period folder. Every record carries its [`Origin`].

use std::sync::Arc;

use crate::period::YearMonth;
use crate::schema::normalise;

/// Where a record came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// The input file, relative to the input folder (shared by the file's
    /// records).
    pub file: Arc<str>,
    /// The sheet name as written (shared by the sheet's records).
    pub sheet: Arc<str>,
    /// Zero-based row.
    pub row: u32,
}

/// A closed vocabulary matched case-insensitively against Swedish words.
pub trait Vocabulary: Sized + Copy + PartialEq + 'static {
    /// Every value with its Swedish word.
    const WORDS: &'static [(Self, &'static str)];

    /// The value a text denotes, if any.
    fn parse(text: &str) -> Option<Self> {
        let n = normalise(text);
        Self::WORDS
            .iter()
            .find(|(_, w)| normalise(w) == n)
            .map(|(v, _)| *v)
    }

    /// The Swedish word for the value.
    fn word(self) -> &'static str;

    /// The value's place in [`Vocabulary::WORDS`]: a small stable code for
    /// grouping and storing.
    fn index(self) -> u32 {
        Self::WORDS
            .iter()
            .position(|(v, _)| *v == self)
            .and_then(|i| u32::try_from(i).ok())
            .unwrap_or(u32::MAX)
    }

    /// The value at a place in [`Vocabulary::WORDS`], if there is one.
    fn from_index(i: u32) -> Option<Self> {
        Self::WORDS.get(i as usize).map(|(v, _)| *v)
    }

    /// The allowed words, for messages.
    fn allowed() -> String {
        Self::WORDS
            .iter()
            .map(|(_, w)| *w)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl Vocabulary for $name {
            const WORDS: &'static [(Self, &'static str)] = &[$(($name::$variant, $word)),+];
            fn word(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }
    };
}

vocabulary!(
    /// Cost types of the operating accounts, in report order.
    CostType {
        /// Income, entered as negative amounts.
        Income => "Intäkter",
        /// Staff costs.
        Staff => "Personalkostnader",
        /// Premises.
        Premises => "Lokalkostnader",
        /// Capital costs.
        Capital => "Kapitalkostnader",
        /// Other costs.
        Other => "Övriga kostnader",
    }
);

vocabulary!(
    /// Gender, as in the HR systems.
    Gender {
        /// Women.
        Woman => "Kvinna",
        /// Men.
        Man => "Man",
    }
);

vocabulary!(
    /// Age groups of the sick-leave statistics.
    AgeGroup {
        /// 29 and younger.
        UpTo29 => "-29",
        /// 30 to 49.
        From30To49 => "30-49",
        /// 50 and older.
        From50 => "50-",
    }
);

impl AgeGroup {
    /// The label shown in tables: "Under 30 år", "30–49 år", "50 år och äldre".
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            AgeGroup::UpTo29 => "Under 30 år",
            AgeGroup::From30To49 => "30–49 år",
            AgeGroup::From50 => "50 år och äldre",
        }
    }

    /// Parses an age group, accepting any dash and spaces around it.
    #[must_use]
    pub fn parse_loose(text: &str) -> Option<AgeGroup> {
        let t: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| {
                if matches!(c, '\u{2212}' | '\u{2013}' | '\u{2014}') {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        Self::parse(&t)
    }
}

vocabulary!(
    /// Kind of investment line.
    InvestmentType {
        /// Income (negative).
        Income => "Inkomst",
        /// Expenditure (positive).
        Expenditure => "Utgift",
    }
);

vocabulary!(
    /// Which way an indicator should move.
    Direction {
        /// Higher outcome is better (the default).
        HigherIsBetter => "Högre är bättre",
        /// Lower outcome is better.
        LowerIsBetter => "Lägre är bättre",
    }
);

vocabulary!(
    /// The assessment of an indicator or a goal, best first.
    Assessment {
        /// Met.
        Met => "Uppfyllt",
        /// Partly met.
        PartlyMet => "Delvis uppfyllt",
        /// Not met.
        NotMet => "Ej uppfyllt",
        /// Not evaluated.
        NotEvaluated => "Ej utvärderad",
    }
);

/// A name that many rows repeat (an area, an activity): the rows of a
/// sheet share one allocation instead of each holding a copy.
pub type Name = Arc<str>;

/// Gives equal names one shared [`Name`]: the rows of a sheet repeat a few
/// areas and activities thousands of times. (A cache entry shares its
/// texts through its own text table.)
#[derive(Debug, Default)]
pub struct Interner {
    names: std::collections::HashSet<Name>,
}

impl Interner {
    /// The shared name with this text.
    pub fn name(&mut self, text: &str) -> Name {
        if let Some(n) = self.names.get(text) {
            return n.clone();
        }
        let n: Name = Arc::from(text);
        self.names.insert(n.clone());
        n
    }
}

/// One Budget row.
#[derive(Clone, Debug, PartialEq)]
pub struct BudgetLine {
    /// Verksamhetsområde.
    pub area: Name,
    /// Verksamhet; empty when the area has no sub-activities.
    pub activity: Name,
    /// Kostnadsslag.
    pub cost_type: CostType,
    /// Annual budget, tkr.
    pub amount: f64,
    /// Where it came from.
    pub origin: Origin,
}

/// One Prognos row.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastLine {
    /// Verksamhetsområde.
    pub area: Name,
    /// Verksamhet; empty when the area has no sub-activities.
    pub activity: Name,
    /// Kostnadsslag.
    pub cost_type: CostType,
    /// Full-year forecast, tkr.
    pub amount: f64,
    /// Actual to date, tkr.
    pub actual: Option<f64>,
    /// Kommentar.
    pub comment: Option<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// One Investeringar row.
#[derive(Clone, Debug, PartialEq)]
pub struct Investment {
    /// Projekt.
    pub project: String,
    /// Inkomst or Utgift.
    pub kind: InvestmentType,
    /// Budget, tkr.
    pub budget: f64,
    /// Prognos, tkr.
    pub forecast: f64,
    /// Verksamhetsområde.
    pub area: Option<String>,
    /// Kommentar.
    pub comment: Option<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// One Sjukfrånvaro row: hours of one group in one month.
#[derive(Clone, Debug, PartialEq)]
pub struct SickLeaveRow {
    /// Verksamhetsområde.
    pub area: Name,
    /// Månad.
    pub month: YearMonth,
    /// Kön.
    pub gender: Gender,
    /// Åldersgrupp.
    pub age_group: Option<AgeGroup>,
    /// Ordinary working hours.
    pub ordinary_hours: f64,
    /// Hours of sick leave.
    pub sick_hours: f64,
    /// Of which in spells of 60 days or more.
    pub long_term_hours: Option<f64>,
    /// Employees in the row's group that month.
    pub employees: Option<f64>,
    /// Where it came from.
    pub origin: Origin,
}

/// One Personal row: a snapshot at the period end.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffRow {
    /// Verksamhetsområde.
    pub area: Name,
    /// Kön.
    pub gender: Gender,
    /// Antal personer.
    pub persons: f64,
    /// Antal årsarbetare.
    pub fte: f64,
    /// År (the period's year when empty).
    pub year: i32,
    /// Långtidssjukskrivna (people).
    pub long_term_sick: Option<f64>,
    /// Where it came from.
    pub origin: Origin,
}

/// One Indikatorer row.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    /// Mål.
    pub goal: String,
    /// Indikator.
    pub name: String,
    /// Målvärde.
    pub target: f64,
    /// Utfall (total); `None` when not yet measured.
    pub outcome: Option<f64>,
    /// Utfall kvinnor.
    pub outcome_women: Option<f64>,
    /// Utfall män.
    pub outcome_men: Option<f64>,
    /// Enhet.
    pub unit: Option<String>,
    /// Riktning.
    pub direction: Direction,
    /// Bedömning as stated.
    pub stated: Option<Assessment>,
    /// Verksamhetsområde.
    pub area: Option<String>,
    /// Ansvarig.
    pub responsible: Option<String>,
    /// Kommentar.
    pub comment: Option<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// One Åtgärder row.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    /// Åtgärd.
    pub action: String,
    /// Mål.
    pub goal: Option<String>,
    /// Planerad start, as written.
    pub planned_start: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// Ansvarig.
    pub responsible: Option<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// One Text row.
#[derive(Clone, Debug, PartialEq)]
pub struct Paragraph {
    /// Avsnitt.
    pub section: String,
    /// Text.
    pub text: String,
    /// Verksamhetsområde; `None` for the whole committee.
    pub area: Option<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// A data sheet that was read: which kind, and how many rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetRead {
    /// The sheet name as written.
    pub name: String,
    /// The kind it was recognised as.
    pub kind: crate::schema::SheetKind,
    /// Data rows read (subtotal and blank rows not counted).
    pub rows: usize,
}

/// An input file: what was read from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    /// Path relative to the input folder, with `/` separators.
    pub path: String,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// Data sheets read.
    pub sheets: Vec<SheetRead>,
}

/// Records in the order they were read, kept in the pieces they were made
/// in (one per file). Merging the files' records moves the pieces: copying
/// a run's hundred thousand rows into one vector took new memory for all
/// of them, which is slow to get on a busy machine.
#[derive(Clone, Debug)]
pub struct Chunks<T> {
    parts: Vec<Vec<T>>,
}

impl<T> Default for Chunks<T> {
    fn default() -> Self {
        Chunks { parts: Vec::new() }
    }
}

impl<T> Chunks<T> {
    /// Every record, in order.
    pub fn iter(&self) -> std::iter::Flatten<std::slice::Iter<'_, Vec<T>>> {
        self.parts.iter().flatten()
    }

    /// How many records there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.parts.iter().map(Vec::len).sum()
    }

    /// True when there are no records.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.parts.iter().all(Vec::is_empty)
    }

    /// The record at `index` in the order of [`Chunks::iter`].
    #[must_use]
    pub fn get(&self, mut index: usize) -> Option<&T> {
        for p in &self.parts {
            if index < p.len() {
                return p.get(index);
            }
            index -= p.len();
        }
        None
    }

    /// Adds a record at the end.
    pub fn push(&mut self, record: T) {
        match self.parts.last_mut() {
            Some(p) => p.push(record),
            None => self.parts.push(vec![record]),
        }
    }

    /// Makes room for `additional` more records at the end, exactly.
    pub fn reserve_exact(&mut self, additional: usize) {
        match self.parts.last_mut() {
            Some(p) => p.reserve_exact(additional),
            None => self.parts.push(Vec::with_capacity(additional)),
        }
    }

    /// Moves every record of `other` to the end, piece by piece.
    pub fn append(&mut self, other: Chunks<T>) {
        self.parts
            .extend(other.parts.into_iter().filter(|p| !p.is_empty()));
    }
}

impl<T> From<Vec<T>> for Chunks<T> {
    fn from(records: Vec<T>) -> Self {
        Chunks {
            parts: vec![records],
        }
    }
}

impl<T: PartialEq> PartialEq for Chunks<T> {
    /// The same records in the same order, however they are split.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<T> std::ops::Index<usize> for Chunks<T> {
    type Output = T;

    fn index(&self, index: usize) -> &T {
        self.get(index).expect("a record index within the chunks")
    }
}

impl<'a, T> IntoIterator for &'a Chunks<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Vec<T>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The typed contents of one period folder.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    /// Budget rows, in file and row order.
    pub budget: Chunks<BudgetLine>,
    /// Forecast rows.
    pub forecast: Chunks<ForecastLine>,
    /// Investment rows.
    pub investments: Vec<Investment>,
    /// Sick-leave rows.
    pub sick_leave: Chunks<SickLeaveRow>,
    /// True when some Sjukfrånvaro sheet has the Antal anställda column.
    pub has_employee_counts: bool,
    /// Staff rows.
    pub staff: Vec<StaffRow>,
    /// Indicator rows.
    pub indicators: Vec<Indicator>,
    /// Action rows.
    pub actions: Vec<Action>,
    /// Narrative paragraphs.
    pub paragraphs: Vec<Paragraph>,
    /// The files read, in path order.
    pub files: Vec<FileInfo>,
}

impl Dataset {
    /// One dataset of many, in order. The budget, forecast and sick-leave
    /// rows, by far the most, keep the pieces they were read in; the room
    /// for every other record is taken once.
    #[must_use]
    pub fn concat(parts: Vec<Dataset>) -> Dataset {
        let mut all = Dataset::default();
        let total = |f: fn(&Dataset) -> usize| parts.iter().map(f).sum::<usize>();
        all.investments.reserve(total(|d| d.investments.len()));
        all.staff.reserve(total(|d| d.staff.len()));
        all.indicators.reserve(total(|d| d.indicators.len()));
        all.actions.reserve(total(|d| d.actions.len()));
        all.paragraphs.reserve(total(|d| d.paragraphs.len()));
        all.files.reserve(total(|d| d.files.len()));
        for d in parts {
            all.append(d);
        }
        all
    }

    /// Moves every record of `other` to the end of this dataset.
    pub fn append(&mut self, other: Dataset) {
        self.budget.append(other.budget);
        self.forecast.append(other.forecast);
        self.investments.extend(other.investments);
        self.sick_leave.append(other.sick_leave);
        self.has_employee_counts |= other.has_employee_counts;
        self.staff.extend(other.staff);
        self.indicators.extend(other.indicators);
        self.actions.extend(other.actions);
        self.paragraphs.extend(other.paragraphs);
        self.files.extend(other.files);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_keep_the_order_of_their_pieces() {
        let mut a: Chunks<u32> = vec![1, 2].into();
        a.append(Chunks::default());
        a.append(vec![].into());
        a.append(vec![3].into());
        let mut b = Chunks::default();
        assert!(b.is_empty());
        b.reserve_exact(3);
        assert!(b.is_empty());
        for i in 1..=3 {
            b.push(i);
        }
        // Split differently, equal all the same.
        assert_eq!(a, b);
        assert_eq!(a.len(), 3);
        assert_eq!(a.iter().copied().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!((a[0], a[2], a.get(3)), (1, 3, None));
        assert_ne!(a, vec![1, 2].into());
        assert_ne!(a, vec![1, 3, 2].into());
    }

    #[test]
    fn concat_moves_the_records_in_the_files_order() {
        let part = |n: u32| Dataset {
            budget: vec![BudgetLine {
                area: "A".into(),
                activity: "".into(),
                cost_type: CostType::Other,
                amount: f64::from(n),
                origin: Origin {
                    file: Arc::from(format!("{n}.xlsx").as_str()),
                    sheet: Arc::from("Budget"),
                    row: n,
                },
            }]
            .into(),
            ..Dataset::default()
        };
        let all = Dataset::concat(vec![part(1), Dataset::default(), part(2), part(3)]);
        let amounts: Vec<f64> = all.budget.iter().map(|l| l.amount).collect();
        assert_eq!(amounts, [1.0, 2.0, 3.0]);
        assert_eq!(&*all.budget[1].origin.file, "2.xlsx");
    }

    #[test]
    fn vocabularies_match_case_insensitively() {
        assert_eq!(CostType::parse("intäkter"), Some(CostType::Income));
        assert_eq!(
            CostType::parse(" ÖVRIGA  KOSTNADER "),
            Some(CostType::Other)
        );
        assert_eq!(CostType::parse("Övrigt"), None);
        assert_eq!(Gender::parse("KVINNA"), Some(Gender::Woman));
        assert_eq!(Gender::parse("Kvinnor"), None);
        assert_eq!(AgeGroup::parse_loose("30 – 49"), Some(AgeGroup::From30To49));
        assert_eq!(AgeGroup::parse_loose("\u{2212}29"), Some(AgeGroup::UpTo29));
        assert_eq!(
            Assessment::parse("delvis uppfyllt"),
            Some(Assessment::PartlyMet)
        );
        assert_eq!(
            Direction::parse("lägre är bättre"),
            Some(Direction::LowerIsBetter)
        );
        assert_eq!(Gender::allowed(), "Kvinna, Man");
        assert_eq!(CostType::Premises.index(), 2);
        assert_eq!(CostType::from_index(2), Some(CostType::Premises));
        assert_eq!(AgeGroup::from_index(3), None);
    }
}
