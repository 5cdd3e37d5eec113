//! The data sheets of SPEC.md: their names, columns and English aliases.
//!
//! Takes sheet names and header texts; gives the [`SheetKind`] a sheet is
//! and the [`Col`] each header names. This is the one place that knows how
//! the templates are spelled.

/// Normalises a name for matching: trimmed, lower case, runs of white space
/// (including no-break and thin spaces) folded to one space.
#[must_use]
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

/// The kinds of data sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SheetKind {
    /// Annual budget by area, activity and cost type.
    Budget,
    /// Full-year forecast by area, activity and cost type.
    Forecast,
    /// Investment projects.
    Investments,
    /// Hours of sick leave by month, area, gender and age group.
    SickLeave,
    /// Staff snapshot by area and gender.
    Staff,
    /// Goal indicators.
    Indicators,
    /// Action plan follow-up.
    Actions,
    /// Narrative paragraphs.
    Text,
}

impl SheetKind {
    /// Every kind, in the order sheets are described in SPEC.md.
    pub const ALL: [SheetKind; 8] = [
        SheetKind::Budget,
        SheetKind::Forecast,
        SheetKind::Investments,
        SheetKind::SickLeave,
        SheetKind::Staff,
        SheetKind::Indicators,
        SheetKind::Actions,
        SheetKind::Text,
    ];

    /// The Swedish sheet name.
    #[must_use]
    pub fn swedish(self) -> &'static str {
        match self {
            SheetKind::Budget => "Budget",
            SheetKind::Forecast => "Prognos",
            SheetKind::Investments => "Investeringar",
            SheetKind::SickLeave => "Sjukfrånvaro",
            SheetKind::Staff => "Personal",
            SheetKind::Indicators => "Indikatorer",
            SheetKind::Actions => "Åtgärder",
            SheetKind::Text => "Text",
        }
    }

    /// The English alias of the sheet name.
    #[must_use]
    pub fn english(self) -> &'static str {
        match self {
            SheetKind::Budget => "Budget",
            SheetKind::Forecast => "Forecast",
            SheetKind::Investments => "Investments",
            SheetKind::SickLeave => "Sick leave",
            SheetKind::Staff => "Staff",
            SheetKind::Indicators => "Indicators",
            SheetKind::Actions => "Actions",
            SheetKind::Text => "Text",
        }
    }

    /// The kind a sheet name denotes, if any (case and surrounding space
    /// ignored; Swedish name or English alias).
    #[must_use]
    pub fn from_sheet_name(name: &str) -> Option<SheetKind> {
        let n = normalise(name);
        SheetKind::ALL.into_iter().find(|k| normalise(k.swedish()) == n || normalise(k.english()) == n)
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
        }
    }
}

const fn c(col: Col, required: bool) -> ColumnSpec {
    ColumnSpec { col, required }
}

const BUDGET: &[ColumnSpec] =
    &[c(Col::Area, true), c(Col::Activity, false), c(Col::CostType, true), c(Col::Budget, true)];
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

/// One column of a sheet kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnSpec {
    /// Which column.
    pub col: Col,
    /// Whether the header must be present.
    pub required: bool,
}

/// The columns that any sheet kind may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Col {
    Area,
    Activity,
    CostType,
    Budget,
    Forecast,
    Actual,
    Comment,
    Project,
    Type,
    Month,
    Gender,
    AgeGroup,
    OrdinaryHours,
    SickHours,
    LongTermHours,
    Employees,
    Persons,
    Fte,
    Year,
    LongTermSick,
    Goal,
    Indicator,
    Target,
    Outcome,
    OutcomeWomen,
    OutcomeMen,
    Unit,
    Direction,
    Assessment,
    Responsible,
    Action,
    PlannedStart,
    Status,
    Section,
    Text,
}

impl Col {
    /// The Swedish header.
    #[must_use]
    pub fn swedish(self) -> &'static str {
        match self {
            Col::Area => "Verksamhetsområde",
            Col::Activity => "Verksamhet",
            Col::CostType => "Kostnadsslag",
            Col::Budget => "Budget",
            Col::Forecast => "Prognos",
            Col::Actual | Col::Outcome => "Utfall",
            Col::Comment => "Kommentar",
            Col::Project => "Projekt",
            Col::Type => "Typ",
            Col::Month => "Månad",
            Col::Gender => "Kön",
            Col::AgeGroup => "Åldersgrupp",
            Col::OrdinaryHours => "Ordinarie arbetstid",
            Col::SickHours => "Sjukfrånvaro",
            Col::LongTermHours => "Varav långtid",
            Col::Employees => "Antal anställda",
            Col::Persons => "Antal personer",
            Col::Fte => "Antal årsarbetare",
            Col::Year => "År",
            Col::LongTermSick => "Långtidssjukskrivna",
            Col::Goal => "Mål",
            Col::Indicator => "Indikator",
            Col::Target => "Målvärde",
            Col::OutcomeWomen => "Utfall kvinnor",
            Col::OutcomeMen => "Utfall män",
            Col::Unit => "Enhet",
            Col::Direction => "Riktning",
            Col::Assessment => "Bedömning",
            Col::Responsible => "Ansvarig",
            Col::Action => "Åtgärd",
            Col::PlannedStart => "Planerad start",
            Col::Status => "Status",
            Col::Section => "Avsnitt",
            Col::Text => "Text",
        }
    }

    /// The English alias.
    #[must_use]
    pub fn english(self) -> &'static str {
        match self {
            Col::Area => "Area",
            Col::Activity => "Activity",
            Col::CostType => "Cost type",
            Col::Budget => "Budget",
            Col::Forecast => "Forecast",
            Col::Actual => "Actual",
            Col::Outcome => "Outcome",
            Col::Comment => "Comment",
            Col::Project => "Project",
            Col::Type => "Type",
            Col::Month => "Month",
            Col::Gender => "Gender",
            Col::AgeGroup => "Age group",
            Col::OrdinaryHours => "Ordinary hours",
            Col::SickHours => "Sick hours",
            Col::LongTermHours => "Long-term hours",
            Col::Employees => "Employees",
            Col::Persons => "Persons",
            Col::Fte => "FTE",
            Col::Year => "Year",
            Col::LongTermSick => "Long-term sick",
            Col::Goal => "Goal",
            Col::Indicator => "Indicator",
            Col::Target => "Target",
            Col::OutcomeWomen => "Outcome women",
            Col::OutcomeMen => "Outcome men",
            Col::Unit => "Unit",
            Col::Direction => "Direction",
            Col::Assessment => "Assessment",
            Col::Responsible => "Responsible",
            Col::Action => "Action",
            Col::PlannedStart => "Planned start",
            Col::Status => "Status",
            Col::Section => "Section",
            Col::Text => "Text",
        }
    }

    /// True when a header text names this column.
    #[must_use]
    pub fn matches(self, normalised_header: &str) -> bool {
        normalise(self.swedish()) == normalised_header || normalise(self.english()) == normalised_header
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn every_kind_has_required_columns() {
        for k in SheetKind::ALL {
            assert!(k.columns().iter().any(|c| c.required), "{k:?}");
        }
    }
}
