//! The data sheets of SPEC.md: their names, columns and English aliases.
//!
//! Takes sheet names and header texts; gives the [`SheetKind`] a sheet is and the [`Col`] each
//! header names. This is the one place that knows how the templates are spelled.

use crate::names::same_name;

/// An enum of names: Swedish ones, each with its English alias, and a
/// Display that shows the Swedish.
macro_rules! bilingual {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident => ($sv:literal, $en:literal)),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The Swedish name.
            #[must_use]
            pub fn swedish(self) -> &'static str {
                match self { $($name::$variant => $sv),+ }
            }

            /// The English alias.
            #[must_use]
            pub fn english(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.swedish())
            }
        }
    };
}

/// The endings of the ledger exports read as text (`read::text`): one Huvudbok sheet each, whose
/// problems name the line and the column rather than a cell.
pub const TEXT_ENDINGS: [&str; 2] = ["csv", "txt"];

/// The endings of SIE 4 files (`read::sie`), read as one Huvudbok sheet whose problems name the
/// line.
pub const SIE_ENDINGS: [&str; 3] = ["se", "si", "sie"];

/// True for a SIE 4 file's name.
#[must_use]
pub fn is_sie(name: &str) -> bool {
    ends_in(name, &SIE_ENDINGS)
}

/// True for a file name that is read as a text export.
#[must_use]
pub fn is_text_export(name: &str) -> bool {
    ends_in(name, &TEXT_ENDINGS)
}

/// True when the name's ending (any case) is one of `endings`.
fn ends_in(name: &str, endings: &[&str]) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| endings.contains(&ext.to_ascii_lowercase().as_str()))
}

bilingual!(
    /// The kinds of data sheet, in the order SPEC.md describes them.
    SheetKind {
        /// Annual budget by area, activity and cost type.
        Budget => ("Budget", "Budget"),
        /// Full-year forecast by area, activity and cost type.
        Forecast => ("Prognos", "Forecast"),
        /// Investment projects.
        Investments => ("Investeringar", "Investments"),
        /// Hours of sick leave by month, area, gender and age group.
        SickLeave => ("Sjukfrånvaro", "Sick leave"),
        /// Staff snapshot by area and gender.
        Staff => ("Personal", "Staff"),
        /// Goal indicators.
        Indicators => ("Indikatorer", "Indicators"),
        /// Action plan follow-up.
        Actions => ("Åtgärder", "Actions"),
        /// Narrative paragraphs.
        Text => ("Text", "Text"),
        /// A ledger export (huvudbok): budget, forecast and actual in kronor by ansvar, activity
        /// code and account.
        Ledger => ("Huvudbok", "Ledger"),
    }
);

impl SheetKind {
    /// The kind a sheet name denotes, if any (case and surrounding space ignored; Swedish name or
    /// English alias).
    #[must_use]
    pub fn from_sheet_name(name: &str) -> Option<SheetKind> {
        SheetKind::ALL.iter().copied().find(|k| same_name(k.swedish(), name) || same_name(k.english(), name))
    }

    /// The list of data sheet names, for messages.
    #[must_use]
    pub fn known_names() -> String {
        SheetKind::ALL.iter().map(|k| k.swedish()).collect::<Vec<_>>().join(", ")
    }

    /// The columns of this kind of sheet.
    #[must_use]
    pub fn columns(self) -> &'static [ColumnSpec] {
        match self {
            SheetKind::Budget => BUDGET,
            SheetKind::Forecast => FORECAST,
            SheetKind::Investments => INVESTMENTS,
            SheetKind::SickLeave => SICK_LEAVE,
            SheetKind::Staff => STAFF,
            SheetKind::Indicators => INDICATORS,
            SheetKind::Actions => ACTIONS,
            SheetKind::Text => TEXT,
            SheetKind::Ledger => LEDGER,
        }
    }
}

const fn c(col: Col, required: bool) -> ColumnSpec {
    ColumnSpec { col, required }
}

const BUDGET: &[ColumnSpec] = &[
    c(Col::Area, true),
    c(Col::Activity, false),
    c(Col::CostType, true),
    c(Col::Budget, true),
    c(Col::Month, false),
];
const FORECAST: &[ColumnSpec] = &[
    c(Col::Area, true),
    c(Col::Activity, false),
    c(Col::CostType, true),
    c(Col::Forecast, true),
    c(Col::Actual, false),
    c(Col::Comment, false),
];
const INVESTMENTS: &[ColumnSpec] = &[
    c(Col::Project, true),
    c(Col::Type, true),
    c(Col::Budget, true),
    c(Col::Forecast, true),
    c(Col::Area, false),
    c(Col::Comment, false),
];
const SICK_LEAVE: &[ColumnSpec] = &[
    c(Col::Area, true),
    c(Col::Month, true),
    c(Col::Gender, true),
    c(Col::AgeGroup, false),
    c(Col::OrdinaryHours, true),
    c(Col::SickHours, true),
    c(Col::LongTermHours, false),
    c(Col::Employees, false),
];
const STAFF: &[ColumnSpec] = &[
    c(Col::Area, true),
    c(Col::Gender, true),
    c(Col::Persons, true),
    c(Col::Fte, true),
    c(Col::Year, false),
    c(Col::LongTermSick, false),
];
const INDICATORS: &[ColumnSpec] = &[
    c(Col::Goal, true),
    c(Col::Indicator, true),
    c(Col::Target, true),
    c(Col::Outcome, true),
    c(Col::OutcomeWomen, false),
    c(Col::OutcomeMen, false),
    c(Col::Unit, false),
    c(Col::Direction, false),
    c(Col::Assessment, false),
    c(Col::Area, false),
    c(Col::Responsible, false),
    c(Col::Comment, false),
];
const ACTIONS: &[ColumnSpec] = &[
    c(Col::Action, true),
    c(Col::Goal, false),
    c(Col::PlannedStart, false),
    c(Col::Status, false),
    c(Col::Responsible, false),
];
const TEXT: &[ColumnSpec] = &[c(Col::Section, true), c(Col::Text, true), c(Col::Area, false)];
const LEDGER: &[ColumnSpec] = &[
    c(Col::Period, false),
    c(Col::CostCentre, true),
    c(Col::Activity, false),
    c(Col::Account, true),
    c(Col::AccountText, false),
    c(Col::Counterparty, false),
    c(Col::Budget, false),
    c(Col::Actual, false),
    c(Col::Forecast, false),
    c(Col::Task, false),
    c(Col::Object, false),
    c(Col::Project, false),
];

/// One column of a sheet kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnSpec {
    pub col: Col,
    /// Whether the header must be present.
    pub required: bool,
}

bilingual!(
    /// The columns that any sheet kind may have: the Swedish header and its English alias.
    Col {
        Area => ("Verksamhetsområde", "Area"),
        Activity => ("Verksamhet", "Activity"),
        CostType => ("Kostnadsslag", "Cost type"),
        Budget => ("Budget", "Budget"),
        Forecast => ("Prognos", "Forecast"),
        Actual => ("Utfall", "Actual"),
        Comment => ("Kommentar", "Comment"),
        Project => ("Projekt", "Project"),
        Type => ("Typ", "Type"),
        Month => ("Månad", "Month"),
        Gender => ("Kön", "Gender"),
        AgeGroup => ("Åldersgrupp", "Age group"),
        OrdinaryHours => ("Ordinarie arbetstid", "Ordinary hours"),
        SickHours => ("Sjukfrånvaro", "Sick hours"),
        LongTermHours => ("Varav långtid", "Long-term hours"),
        Employees => ("Antal anställda", "Employees"),
        Persons => ("Antal personer", "Persons"),
        Fte => ("Antal årsarbetare", "FTE"),
        Year => ("År", "Year"),
        LongTermSick => ("Långtidssjukskrivna", "Long-term sick"),
        Goal => ("Mål", "Goal"),
        Indicator => ("Indikator", "Indicator"),
        Target => ("Målvärde", "Target"),
        Outcome => ("Utfall", "Outcome"),
        OutcomeWomen => ("Utfall kvinnor", "Outcome women"),
        OutcomeMen => ("Utfall män", "Outcome men"),
        Unit => ("Enhet", "Unit"),
        Direction => ("Riktning", "Direction"),
        Assessment => ("Bedömning", "Assessment"),
        Responsible => ("Ansvarig", "Responsible"),
        Action => ("Åtgärd", "Action"),
        PlannedStart => ("Planerad start", "Planned start"),
        Status => ("Status", "Status"),
        Section => ("Avsnitt", "Section"),
        Text => ("Text", "Text"),
        CostCentre => ("Ansvar", "Cost centre"),
        Account => ("Konto", "Account"),
        Task => ("Aktivitet", "Task"),
        Object => ("Objekt", "Object"),
        Counterparty => ("Motpart", "Counterparty"),
        Period => ("Period", "Period"),
        AccountText => ("Kontotext", "Account text"),
    }
);

impl Col {
    /// True when a header text names this column.
    #[must_use]
    pub fn matches(self, normalised_header: &str) -> bool {
        same_name(self.swedish(), normalised_header) || same_name(self.english(), normalised_header)
    }

    /// True when a header text names this column in a sheet of `kind`. In a Huvudbok an amount
    /// header may carry what exports print after it (`Budget 2022`, `Utfall jan-aug 2022`), and
    /// `Helårsprognos` is Prognos.
    #[must_use]
    pub fn matches_in(self, kind: SheetKind, normalised_header: &str) -> bool {
        if self.matches(normalised_header) {
            return true;
        }
        if kind != SheetKind::Ledger || !matches!(self, Col::Budget | Col::Forecast | Col::Actual) {
            return false;
        }
        let words: &[&str] = match self {
            Col::Budget => &["budget"],
            Col::Forecast => &["prognos", "helårsprognos", "forecast"],
            _ => &["utfall", "actual"],
        };
        words.iter().any(|w| {
            normalised_header
                .strip_prefix(w)
                .is_some_and(|rest| rest.is_empty() || rest.strip_prefix(' ').is_some_and(is_amount_suffix))
        })
    }
}

/// True when the text after an amount header is what exports print there: a year or period
/// (digits), months (`jan-aug`), the unit.
fn is_amount_suffix(rest: &str) -> bool {
    const WORDS: &str = "jan feb mar apr maj jun jul aug sep okt nov dec januari februari mars april juni \
                         juli augusti september oktober november december helår ack ackumulerat kr tkr sek";
    rest.split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '/' | ',' | '(' | ')' | '.' | ':'))
        .filter(|w| !w.is_empty())
        .all(|w| w.chars().all(|c| c.is_ascii_digit()) || WORDS.split_whitespace().any(|x| x == w))
}

/// The years (four digits, 1900–2199) a header text names.
#[must_use]
pub fn years_in(text: &str) -> Vec<i32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .filter(|y| (1900..2200).contains(y))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::normalise;

    #[test]
    fn sheet_names_match_case_space_and_alias() {
        assert_eq!(SheetKind::from_sheet_name(" budget "), Some(SheetKind::Budget));
        assert_eq!(SheetKind::from_sheet_name("PROGNOS"), Some(SheetKind::Forecast));
        assert_eq!(SheetKind::from_sheet_name("Forecast"), Some(SheetKind::Forecast));
        assert_eq!(SheetKind::from_sheet_name("Sick  leave"), Some(SheetKind::SickLeave));
        assert_eq!(SheetKind::from_sheet_name("sjukfrånvaro"), Some(SheetKind::SickLeave));
        assert_eq!(SheetKind::from_sheet_name("ÅTGÄRDER"), Some(SheetKind::Actions));
        assert_eq!(SheetKind::from_sheet_name("Blad1"), None);
    }

    #[test]
    fn headers_match_in_both_languages() {
        assert!(Col::OrdinaryHours.matches(&normalise("  Ordinarie  ARBETSTID ")));
        assert!(Col::OrdinaryHours.matches(&normalise("Ordinary hours")));
        assert!(Col::Fte.matches(&normalise("fte")));
        assert!(!Col::Budget.matches(&normalise("Budget 2022")));
    }

    #[test]
    fn ledger_amount_headers_may_carry_year_and_months() {
        let l = SheetKind::Ledger;
        assert!(Col::Budget.matches_in(l, &normalise("Budget 2022")));
        assert!(Col::Actual.matches_in(l, &normalise("Utfall jan-aug 2022")));
        assert!(Col::Forecast.matches_in(l, &normalise("Helårsprognos 2022")));
        assert!(Col::Forecast.matches_in(l, &normalise("Helårsprognos")));
        assert!(!Col::Budget.matches_in(l, &normalise("Budget avvikelse")));
        assert!(!Col::Budget.matches_in(l, &normalise("Budgetavvikelse")));
        assert!(!Col::Budget.matches_in(SheetKind::Budget, &normalise("Budget 2022")));
        assert_eq!(years_in("Utfall jan-aug 2022"), [2022]);
        assert_eq!(years_in("Budget 202208"), Vec::<i32>::new());
    }

    #[test]
    fn every_kind_has_required_columns() {
        for &k in SheetKind::ALL {
            assert!(k.columns().iter().any(|c| c.required), "{k:?}");
        }
    }
}
