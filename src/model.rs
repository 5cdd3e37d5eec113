//! Typed records read from the data sheets: the contract between the validate stage and everything
//! after it.
//!
//! Takes nothing; gives one struct per sheet kind, the fixed vocabularies (cost types, genders, age
//! groups, assessments…) and [`Records`], the typed contents of one period folder. Every record
//! carries its [`Origin`].

use std::collections::{BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use crate::names::{normalise, same_name, Name};
use crate::period::YearMonth;

/// Where a record came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Origin {
    /// The input file, relative to the input folder.
    pub file: Name,
    /// The sheet name as written.
    pub sheet: Name,
    /// Zero-based row.
    pub row: u32,
}

/// A closed vocabulary matched case-insensitively against Swedish words.
pub trait Vocabulary: Sized + Copy + PartialEq + 'static {
    /// Every value with its Swedish word.
    const WORDS: &'static [(Self, &'static str)];

    /// The value a text denotes, if any.
    fn parse(text: &str) -> Option<Self> {
        // The word as written (a template's dropdown) is the usual case.
        let exact = Self::WORDS.iter().find(|(_, w)| *w == text);
        exact.or_else(|| Self::WORDS.iter().find(|(_, w)| same_name(w, text))).map(|(v, _)| *v)
    }

    /// The Swedish word for the value.
    fn word(self) -> &'static str;

    /// The allowed words, for messages.
    fn allowed() -> String {
        Self::WORDS.iter().map(|(_, w)| *w).collect::<Vec<_>>().join(", ")
    }
}

macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl Vocabulary for $name {
            const WORDS: &'static [(Self, &'static str)] = &[$(($name::$variant, $word)),+];
            fn word(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.word())
            }
        }
    };
}

vocabulary!(
    /// Cost types of the operating accounts, in report order.
    CostType {
        Income => "Intäkter",
        Staff => "Personalkostnader",
        Premises => "Lokalkostnader",
        Capital => "Kapitalkostnader",
        Other => "Övriga kostnader",
    }
);

vocabulary!(
    /// Gender, as in the HR systems.
    Gender {
        Woman => "Kvinna",
        Man => "Man",
    }
);

vocabulary!(
    /// Age groups of the sick-leave statistics.
    AgeGroup {
        UpTo29 => "-29",
        From30To49 => "30-49",
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
            .map(|c| if matches!(c, '\u{2212}' | '\u{2013}' | '\u{2014}') { '-' } else { c })
            .collect();
        Self::parse(&t)
    }
}

vocabulary!(
    /// Kind of investment line.
    InvestmentType {
        Income => "Inkomst",
        Expenditure => "Utgift",
    }
);

vocabulary!(
    /// Which way an indicator should move.
    Direction {
        HigherIsBetter => "Högre är bättre",
        LowerIsBetter => "Lägre är bättre",
    }
);

vocabulary!(
    /// The assessment of an indicator or a goal, best first.
    Assessment {
        Met => "Uppfyllt",
        PartlyMet => "Delvis uppfyllt",
        NotMet => "Ej uppfyllt",
        NotEvaluated => "Ej utvärderad",
    }
);

/// One Budget row: Verksamhetsområde, Verksamhet, Kostnadsslag and the annual Budget in tkr.
#[derive(Clone, Debug, PartialEq)]
pub struct BudgetLine {
    pub area: Name,
    /// Verksamhet; empty when the area has no sub-activities.
    pub activity: Name,
    pub cost_type: CostType,
    pub amount: f64,
    /// The month of the budget year the amount is for (a Budget sheet's Månad, a Huvudbok's
    /// Period); `None` for an annual amount.
    pub month: Option<u32>,
    /// Where it came from.
    pub origin: Origin,
}

/// One Prognos row: Verksamhetsområde, Verksamhet, Kostnadsslag, Prognos, Utfall and Kommentar.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastLine {
    pub area: Name,
    /// Verksamhet; empty when the area has no sub-activities.
    pub activity: Name,
    pub cost_type: CostType,
    /// Full-year forecast, tkr; `None` for a ledger row that gives only the actual.
    pub amount: Option<f64>,
    /// Actual to date, tkr.
    pub actual: Option<f64>,
    pub comment: Option<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// One Investeringar row: Projekt, Typ, Budget and Prognos in tkr, Verksamhetsområde and Kommentar.
#[derive(Clone, Debug, PartialEq)]
pub struct Investment {
    pub project: String,
    pub kind: InvestmentType,
    pub budget: f64,
    pub forecast: f64,
    pub area: Option<String>,
    pub comment: Option<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// One Sjukfrånvaro row: the hours of one group (Verksamhetsområde, Kön, Åldersgrupp) in one Månad;
/// `ordinary_hours` is Ordinarie arbetstid.
#[derive(Clone, Debug, PartialEq)]
pub struct SickLeaveRow {
    pub area: Name,
    pub month: YearMonth,
    pub gender: Gender,
    pub age_group: Option<AgeGroup>,
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

/// One Personal row, a snapshot at the period end: Verksamhetsområde, Kön, Antal personer, Antal
/// årsarbetare, År, Långtidssjukskrivna.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffRow {
    pub area: Name,
    pub gender: Gender,
    pub persons: f64,
    pub fte: f64,
    /// År (the period's year when empty).
    pub year: i32,
    pub long_term_sick: Option<f64>,
    /// Where it came from.
    pub origin: Origin,
}

/// One Indikatorer row: Mål, Indikator (`name`), Målvärde, Utfall (total and by gender), Enhet,
/// Riktning, the Bedömning as stated, Verksamhetsområde, Ansvarig, Kommentar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub goal: String,
    pub name: String,
    pub target: f64,
    /// Utfall (total); `None` when not yet measured.
    pub outcome: Option<f64>,
    pub outcome_women: Option<f64>,
    pub outcome_men: Option<f64>,
    pub unit: Option<String>,
    pub direction: Direction,
    pub stated: Option<Assessment>,
    pub area: Option<String>,
    pub responsible: Option<String>,
    pub comment: Option<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// One Åtgärder row: Åtgärd, Mål, Planerad start, Status, Ansvarig.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub action: String,
    pub goal: Option<String>,
    /// Planerad start, as written.
    pub planned_start: Option<String>,
    pub status: Option<String>,
    pub responsible: Option<String>,
    /// Where it came from.
    pub origin: Origin,
}

/// One Text row: Avsnitt, Text, Verksamhetsområde.
#[derive(Clone, Debug, PartialEq)]
pub struct Paragraph {
    pub section: String,
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
    /// The areas its records name, folded for matching ([`normalise`]).
    pub areas: BTreeSet<String>,
}

/// An input file: what was read from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    /// Path relative to the input folder, with `/` separators.
    pub path: String,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    pub size: u64,
    pub sheets: Vec<SheetRead>,
}

/// A Budget or Prognos row that gave no record, or a whole sheet of either that could not be read:
/// what is known of its key (`None`: not known), so that the budget ↔ forecast rule adds no second
/// problem for one fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unread {
    pub kind: crate::schema::SheetKind,
    /// The area, when its cell was valid.
    pub area: Option<String>,
    /// The cost type, when its cell was valid.
    pub cost_type: Option<CostType>,
}

/// The typed contents of one period folder.
///
/// Kept for later runs ([`crate::earlier`]) are the lists an earlier period is compared by —
/// budget, forecast and actual, sick leave, indicators — and nothing else: the others read back
/// empty, so a comparison that starts using one must add it there.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Records {
    /// Budget rows, in file and row order.
    pub budget: Vec<BudgetLine>,
    pub forecast: Vec<ForecastLine>,
    pub investments: Vec<Investment>,
    pub sick_leave: Vec<SickLeaveRow>,
    /// True when some Sjukfrånvaro sheet has the Antal anställda column.
    pub has_employee_counts: bool,
    pub staff: Vec<StaffRow>,
    pub indicators: Vec<Indicator>,
    pub actions: Vec<Action>,
    pub paragraphs: Vec<Paragraph>,
    /// Budget and Prognos rows and sheets that gave no record.
    pub unread: Vec<Unread>,
    /// The files read, in path order.
    pub files: Vec<FileInfo>,
}

impl Records {
    /// The records of several workbooks one after the other, each list grown once to its size.
    #[must_use]
    pub fn concat(parts: Vec<Records>) -> Records {
        let mut all = Records::default();
        let n = |len: fn(&Records) -> usize| parts.iter().map(len).sum::<usize>();
        all.budget.reserve_exact(n(|r| r.budget.len()));
        all.forecast.reserve_exact(n(|r| r.forecast.len()));
        all.sick_leave.reserve_exact(n(|r| r.sick_leave.len()));
        all.staff.reserve_exact(n(|r| r.staff.len()));
        for part in parts {
            all.append(part);
        }
        all
    }

    /// Where each list of records that name an area ends: where the next sheet's records start.
    #[must_use]
    pub fn mark(&self) -> [usize; 7] {
        let (i, p) = (self.investments.len(), self.paragraphs.len());
        [
            self.budget.len(),
            self.forecast.len(),
            i,
            self.sick_leave.len(),
            self.staff.len(),
            self.indicators.len(),
            p,
        ]
    }

    /// The areas the records added since `mark` name, folded for matching: the records of one
    /// sheet, looked at while they are fresh, so that nothing later reads every row again for them.
    #[must_use]
    pub fn areas_since(&self, mark: [usize; 7]) -> BTreeSet<String> {
        let [b, f, i, s, st, ind, p] = mark;
        let names = (self.budget[b..].iter().map(|r| &*r.area))
            .chain(self.forecast[f..].iter().map(|r| &*r.area))
            .chain(self.investments[i..].iter().filter_map(|r| r.area.as_deref()))
            .chain(self.sick_leave[s..].iter().map(|r| &*r.area))
            .chain(self.staff[st..].iter().map(|r| &*r.area))
            .chain(self.indicators[ind..].iter().filter_map(|r| r.area.as_deref()))
            .chain(self.paragraphs[p..].iter().filter_map(|r| r.area.as_deref()));
        // Rows come in runs of one spelling; each distinct spelling is folded once.
        let (mut last, mut seen) = (None, HashSet::new());
        for name in names.filter(|n| last.replace(*n) != Some(*n)) {
            seen.insert(name);
        }
        seen.into_iter().map(normalise).collect()
    }

    /// Moves every record of `other` to the end of this dataset.
    fn append(&mut self, other: Records) {
        self.budget.extend(other.budget);
        self.forecast.extend(other.forecast);
        self.investments.extend(other.investments);
        self.sick_leave.extend(other.sick_leave);
        self.has_employee_counts |= other.has_employee_counts;
        self.staff.extend(other.staff);
        self.indicators.extend(other.indicators);
        self.actions.extend(other.actions);
        self.paragraphs.extend(other.paragraphs);
        self.unread.extend(other.unread);
        self.files.extend(other.files);
    }
}

/// True when some Sjukfrånvaro sheet, of the period or an earlier one, has the Antal anställda
/// column (group sizes are known).
#[must_use]
pub fn employee_counts_given(data: &Records, history: &[(crate::period::Period, Records)]) -> bool {
    data.has_employee_counts || history.iter().any(|(_, d)| d.has_employee_counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_match_case_insensitively() {
        assert_eq!(CostType::parse("intäkter"), Some(CostType::Income));
        assert_eq!(CostType::parse(" ÖVRIGA  KOSTNADER "), Some(CostType::Other));
        assert_eq!(CostType::parse("Övrigt"), None);
        assert_eq!(Gender::parse("KVINNA"), Some(Gender::Woman));
        assert_eq!(Gender::parse("Kvinnor"), None);
        assert_eq!(AgeGroup::parse_loose("30 – 49"), Some(AgeGroup::From30To49));
        assert_eq!(AgeGroup::parse_loose("\u{2212}29"), Some(AgeGroup::UpTo29));
        assert_eq!(Assessment::parse("delvis uppfyllt"), Some(Assessment::PartlyMet));
        assert_eq!(Direction::parse("lägre är bättre"), Some(Direction::LowerIsBetter));
        assert_eq!(Gender::allowed(), "Kvinna, Man");
    }

    #[test]
    fn the_areas_of_a_sheet_are_those_of_its_records_folded_once() {
        let origin = Origin { file: Name::from("a.xlsx"), sheet: Name::from("Budget"), row: 1 };
        let budget = |area: &str| BudgetLine {
            area: Name::from(area),
            activity: Name::from(""),
            cost_type: CostType::Income,
            amount: 1.0,
            month: None,
            origin: origin.clone(),
        };
        let text = |area: Option<&str>| Paragraph {
            section: "Inledning".into(),
            text: "x".into(),
            area: area.map(String::from),
            origin: origin.clone(),
        };
        let mut records = Records { budget: vec![budget("Barn")], ..Records::default() };
        let mark = records.mark();
        records.budget.extend([budget("Vuxen"), budget("VUXEN "), budget("Vuxen")]);
        records.paragraphs.extend([text(Some("Äldre")), text(None)]);
        let areas: Vec<String> = records.areas_since(mark).into_iter().collect();
        assert_eq!(areas, [normalise("Vuxen"), normalise("Äldre")]);
    }
}
