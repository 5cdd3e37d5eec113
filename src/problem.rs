//! Problems found in a run: what went wrong, where, and how serious it is.
//!
//! Takes nothing; gives [`Problem`] (a severity, a [`Place`] naming file,
//! sheet and cell, and a [`ProblemKind`] whose message says what was found
//! and what is expected) and [`Problems`], the sorted collection that every
//! stage adds to. Messages are in Swedish: they are read by finance clerks.

use std::fmt;

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input is wrong: nothing is written (unless `--allow-partial`).
    Error,
    /// Something looks wrong but the figures can still be produced.
    Warning,
    /// For information: a file or sheet that was skipped, a default taken.
    Note,
}

impl Severity {
    /// The Swedish word printed in front of the message.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "FEL",
            Severity::Warning => "VARNING",
            Severity::Note => "NOTERING",
        }
    }
}

/// Where a problem is: file, sheet and cell, as far as known.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    /// The input file, relative to the input folder, with `/` separators.
    pub file: Option<String>,
    /// The sheet name as written in the workbook.
    pub sheet: Option<String>,
    /// Zero-based (row, column) of the cell, if the problem is in one cell.
    pub cell: Option<(u32, u32)>,
}

impl Place {
    /// A place that is a whole file.
    #[must_use]
    pub fn file(file: &str) -> Self {
        Place { file: Some(file.to_string()), ..Place::default() }
    }

    /// A place that is a whole sheet.
    #[must_use]
    pub fn sheet(file: &str, sheet: &str) -> Self {
        Place { file: Some(file.to_string()), sheet: Some(sheet.to_string()), cell: None }
    }

    /// A place that is one cell (zero-based row and column).
    #[must_use]
    pub fn cell(file: &str, sheet: &str, row: u32, col: u32) -> Self {
        Place { file: Some(file.to_string()), sheet: Some(sheet.to_string()), cell: Some((row, col)) }
    }

    /// The cell in A1 notation, if there is one.
    #[must_use]
    pub fn a1(&self) -> Option<String> {
        self.cell.map(|(r, c)| a1(r, c))
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (file, sheet) = (self.file.as_deref().map(escaped), self.sheet.as_deref().map(escaped));
        match (file, sheet, self.cell) {
            (Some(file), Some(sheet), Some((r, c))) => write!(f, "{file}: {sheet}!{}", a1(r, c)),
            (Some(file), Some(sheet), None) => write!(f, "{file}: {sheet}"),
            (Some(file), None, _) => write!(f, "{file}"),
            (None, _, _) => write!(f, "(hela körningen)"),
        }
    }
}

/// A file or sheet name on one line: line breaks, tabs and other control
/// characters shown as escapes (`\n`, `\t`, `\u{1b}`).
#[must_use]
pub fn escaped(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
        .collect()
}

/// Cells as ranges: runs of rows in one column joined (`B3:B1030`), the
/// runs in column then row order, at most eight of them and "m.fl.".
#[must_use]
pub fn cell_ranges(cells: &[(u32, u32)]) -> String {
    let mut sorted: Vec<(u32, u32)> = cells.iter().map(|&(r, c)| (c, r)).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<((u32, u32), u32)> = Vec::new();
    for (c, r) in sorted {
        match runs.last_mut() {
            Some(((rc, _), last)) if *rc == c && last.checked_add(1) == Some(r) => *last = r,
            _ => runs.push(((c, r), r)),
        }
    }
    let shown: Vec<String> = runs
        .iter()
        .take(8)
        .map(|&((c, r0), r1)| if r0 == r1 { a1(r0, c) } else { format!("{}:{}", a1(r0, c), a1(r1, c)) })
        .collect();
    let more = if runs.len() > 8 { " m.fl." } else { "" };
    format!("{}{more}", shown.join(", "))
}

/// Problems with one message on many cells of one sheet, shown once: the
/// first of them and every cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Grouped<'a> {
    /// The first problem (its severity, file, sheet and message).
    pub first: &'a Problem,
    /// The cells, in the order found.
    pub cells: Vec<(u32, u32)>,
}

impl Grouped<'_> {
    /// How many problems the group stands for.
    #[must_use]
    pub fn count(&self) -> usize {
        self.cells.len().max(1)
    }

    /// The sheet and cells, as `Budget!B3:B1030 (1 028 celler)`; the
    /// first problem's place when it is one.
    #[must_use]
    pub fn cells_text(&self) -> Option<String> {
        if self.cells.len() < 2 {
            return self.first.place.a1();
        }
        Some(format!(
            "{} ({} celler)",
            cell_ranges(&self.cells),
            crate::format::count(f64::from(u32::try_from(self.cells.len()).unwrap_or(u32::MAX)))
        ))
    }
}

impl fmt::Display for Grouped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.cells.len() < 2 {
            return write!(f, "{}", self.first);
        }
        // The sheet's place as every problem line has it, then the cells.
        let sheet = Place { cell: None, ..self.first.place.clone() };
        let cells = self.cells_text().unwrap_or_default();
        write!(f, "{}: {sheet}!{cells}: {}", self.first.severity.label(), self.first.kind)
    }
}

/// Groups problems of one severity and message on cells of one sheet;
/// the groups in the order of their first problem.
#[must_use]
pub fn grouped<'a>(problems: impl IntoIterator<Item = &'a Problem>) -> Vec<Grouped<'a>> {
    let mut out: Vec<Grouped<'a>> = Vec::new();
    let mut index: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
    for p in problems {
        let Some(cell) = p.place.cell else {
            out.push(Grouped { first: p, cells: Vec::new() });
            continue;
        };
        let key = (p.severity, &p.place.file, &p.place.sheet, p.kind.to_string());
        if let Some(&i) = index.get(&key) {
            out[i].cells.push(cell);
        } else {
            index.insert(key, out.len());
            out.push(Grouped { first: p, cells: vec![cell] });
        }
    }
    out
}

/// Zero-based row and column in A1 notation: (0, 0) is `A1`, (5, 3) is `D6`.
#[must_use]
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), u64::from(row) + 1)
}

/// Zero-based column index as Excel letters: 0 is `A`, 26 is `AA`.
#[must_use]
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = u8::try_from((n - 1) % 26).unwrap_or(0);
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// What a problem is. The message is a full Swedish sentence saying what
/// was found and what is expected.
#[derive(Clone, Debug, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum ProblemKind {
    /// Required columns are missing from a data sheet.
    #[error("bladet saknar kolumnen/kolumnerna {missing}. Rubrikerna som hittades var: {found}. Lägg till de saknade kolumnerna i rubrikraden.")]
    MissingColumns { missing: String, found: String },
    /// A number was required but something else was found.
    #[error(
        "\"{found}\" är inte ett tal. Kolumnen {column} ska innehålla ett tal, t.ex. 1 400 eller −12 700,5."
    )]
    NotANumber { found: String, column: String },
    /// A number that cannot be meant: not finite, or beyond any
    /// committee's figures.
    #[error("\"{found}\" i kolumnen {column} är inget rimligt värde (högst {limit} till beloppet). Kontrollera cellen; kanske har ett värde klistrats in i fel kolumn.")]
    ImplausibleNumber { found: String, column: String, limit: String },
    /// Sick-leave months outside the period, left out.
    #[error("{count} rader har en månad utanför perioden ({months}): de räknas inte med. Raderna: {cells}.")]
    MonthsOutsidePeriod { count: usize, months: String, cells: String },
    /// A text longer than an Excel cell holds.
    #[error("texten är {length} tecken lång, men en cell i Excel rymmer högst 32 767 (den börjar \"{start}\"). Korta texten eller dela upp den på flera rader.")]
    TextTooLong { length: usize, start: String },
    /// Hours, people or årsarbetare below zero.
    #[error("\"{found}\" i kolumnen {column} är negativt; antal timmar, personer och årsarbetare är noll eller mer.")]
    NegativeQuantity { found: String, column: String },
    /// More sick hours than ordinary hours. The hours are not quoted:
    /// sick leave is health data, and messages reach the annex and logs.
    #[error("sjukfrånvaron ({sick}) är större än den ordinarie arbetstiden ({ordinary}) på samma rad. Kontrollera raden.")]
    SickAboveOrdinary { sick: String, ordinary: String },
    /// More long-term hours than sick hours (not quoted, as above).
    #[error("varav långtid ({long}) är större än sjukfrånvaron ({sick}) på samma rad. Kontrollera raden.")]
    LongTermAboveSick { long: String, sick: String },
    /// A second sheet of one kind in a workbook.
    #[error("arbetsboken har redan ett {kind}-blad (\"{first}\"); bladet lästes inte, så att inget räknas två gånger. Slå ihop bladen eller ta bort det ena.")]
    SecondSheet { kind: String, first: String },
    /// A file that is byte for byte another one of the period.
    #[error("filen är byte för byte densamma som {first}; den lästes inte, så att inget räknas två gånger. Ta bort den ena.")]
    DuplicateFile { first: String },
    /// A date was found where a number belongs.
    #[error("cellen innehåller ett datum ({found}), men kolumnen {column} ska innehålla ett tal. Ändra cellformatet till Tal och skriv in talet.")]
    DateNotNumber { found: String, column: String },
    /// An Excel error value.
    #[error("cellen innehåller felvärdet {code}. Rätta formeln eller skriv in värdet direkt.")]
    ErrorCell { code: String },
    /// A required value is empty.
    #[error("kolumnen {column} är tom på en rad med uppgifter. Fyll i ett värde.")]
    MissingValue { column: String },
    /// A value outside a fixed vocabulary.
    #[error("\"{found}\" är inte en giltig uppgift i kolumnen {column}. Tillåtna värden: {allowed}.")]
    UnknownValue { found: String, column: String, allowed: String },
    /// A month cell that is not a month.
    #[error(
        "\"{found}\" är inte en månad. Skriv månaden som ett datum eller som text ÅÅÅÅ-MM, t.ex. 2022-07."
    )]
    NotAMonth { found: String },
    /// A year cell that is not a year.
    #[error("\"{found}\" är inte ett årtal. Skriv året med fyra siffror, t.ex. 2022.")]
    NotAYear { found: String },
    /// The workbook could not be opened at all.
    #[error("filen kunde inte öppnas som arbetsbok ({reason}). Den kan vara skadad, ofullständigt kopierad eller lösenordsskyddad: spara om den från Excel utan lösenord och lägg in den igen.")]
    Unreadable { reason: String },
    /// The file changed while it was read: someone is still copying it.
    #[error("filen verkar inte vara färdigkopierad (den ändrades nyss eller medan den lästes). Vänta tills kopieringen är klar och försök igen.")]
    StillCopying,
    /// The file could not be read from disk.
    #[error("filen kunde inte läsas ({reason}).")]
    Io { reason: String },
    /// A sheet of the workbook could not be read.
    #[error("bladet kunde inte läsas ({reason}). Spara om arbetsboken från Excel och lägg in den igen.")]
    SheetUnreadable { reason: String },
    /// A person-written subtotal does not match the rows above it.
    #[error("summaraden \"{label}\" anger {stated} i kolumnen {column}, men raderna ovanför summerar till {computed}. Summaraden räknas inte med; kontrollera raderna.")]
    SubtotalMismatch { label: String, column: String, stated: String, computed: String },
    /// A person-written subtotal of sick-leave hours that does not match:
    /// the hours are not quoted (health data).
    #[error("summaraden \"{label}\" stämmer inte med raderna ovanför i kolumnen {column}. Summaraden räknas inte med; kontrollera raderna.")]
    SickSubtotalMismatch { label: String, column: String },
    /// A sheet name that is not a data sheet.
    #[error("bladet \"{sheet}\" är inget datablad och lästes inte. Databladen heter: {known}.")]
    SheetIgnored { sheet: String, known: String },
    /// A file that is not a spreadsheet.
    #[error("filen är inget kalkylark (.xlsx, .xlsm, .xls, .xlsb, .ods) och lästes inte.")]
    NotASpreadsheet,
    /// A workbook with no data sheet at all.
    #[error("arbetsboken innehåller inget datablad och lästes inte (bladen heter: {sheets}). Databladen heter: {known}.")]
    NoDataSheet { sheets: String, known: String },
    /// A column header found twice in the header row.
    #[error("rubriken {column} finns två gånger i rubrikraden ({first} och {second}); bladet lästes inte, så att ingen kolumn räknas två gånger eller fel kolumn används. Ta bort eller döp om den ena.")]
    DuplicateHeader { column: String, first: String, second: String },
    /// A formula cell with no saved value.
    #[error("cellen har formeln {formula} men inget sparat värde (arbetsboken har skapats av ett program och aldrig sparats i Excel), så värdet är okänt. Öppna arbetsboken i Excel, spara den och lägg in den igen.")]
    FormulaWithoutValue { formula: String },
    /// A folder that could not be listed, or a link that was not followed.
    #[error("{what}")]
    Skipped { what: String },
    /// An area name that is not in the register.
    #[error("\"{found}\" finns inte bland verksamhetsområdena i registret (tertial.toml).{suggestion} Registrerade: {known}.")]
    UnknownArea { found: String, suggestion: String, known: String },
    /// An activity name that is not registered under its area.
    #[error("\"{found}\" finns inte bland verksamheterna under {area} i registret (tertial.toml).{suggestion} Registrerade: {known}.")]
    UnknownActivity { found: String, area: String, suggestion: String, known: String },
    /// A budget key with no forecast.
    #[error("{area}{activity} har budget för {cost_type} ({budget} tkr) men ingen prognos. Lägg in prognosen i ett Prognos-blad.")]
    MissingForecast { area: String, activity: String, cost_type: String, budget: String },
    /// A forecast key with no budget.
    #[error("{area}{activity} har prognos för {cost_type} ({forecast} tkr) men ingen budget; budgeten räknas som 0. Kontrollera namnen mot Budget-bladet.")]
    ForecastWithoutBudget { area: String, activity: String, cost_type: String, forecast: String },
    /// A stated assessment that disagrees with the computed one.
    #[error("bedömningen \"{stated}\" skiljer sig från den beräknade \"{computed}\" (utfall {outcome} mot målvärde {target}, {direction}). Den angivna bedömningen används.")]
    AssessmentDisagrees {
        stated: String,
        computed: String,
        outcome: String,
        target: String,
        direction: String,
    },
    /// Only one of the gender-split outcomes is given.
    #[error("bara {given} är ifyllt; fyll i både Utfall kvinnor och Utfall män, eller ingen av dem.")]
    OneGenderOnly { given: String },
    /// No employee counts: nothing can be suppressed.
    #[error(
        "inget Sjukfrånvaro-blad har kolumnen Antal anställda, så små grupper kan inte döljas: alla grupper visas."
    )]
    NoEmployeeCounts,
    /// A data sheet with no rows.
    #[error("bladet har rubrikrad men inga rader med uppgifter.")]
    EmptySheet,
    /// The register does not name the municipality or the committee.
    #[error("registret (tertial.toml) anger inte {what} ({key} = \"…\"), så rapporten och bilagan visar \"{shown}\". Skriv in namnet i tertial.toml.")]
    UnnamedInRegister { what: String, key: String, shown: String },
    /// The previous period could not be used for comparison.
    #[error("{what}")]
    Comparison { what: String },
    /// A Huvudbok amount header of another year than the period's.
    #[error("rubriken \"{header}\" gäller {found}, men perioden är {year}; bladet lästes inte, så att inget annat års belopp räknas. Exportera huvudboken för {year}.")]
    LedgerWrongYear { header: String, found: i32, year: i32 },
    /// A Huvudbok with no amount column.
    #[error("huvudboken har ingen beloppskolumn: den behöver minst en av Budget, Utfall och Prognos (eller Helårsprognos). Ta med beloppskolumnerna i exporten.")]
    LedgerNoAmount,
    /// A code of a Huvudbok row that maps to nothing.
    #[error("{column} \"{code}\" hör inte till {what} i tertial.toml. Lägg till koden (eller dess början) under {section}, t.ex. \"{code}\" = \"…\".")]
    UnmappedCode { column: String, code: String, section: String, what: String },
    /// A Konto cell that does not start with an account number.
    #[error("\"{found}\" börjar inte med ett kontonummer. Konto ska börja med kontots siffror, t.ex. \"6013 Interna hyror\".")]
    NoAccountNumber { found: String },
    /// An activity code that maps to an activity of another area.
    #[error("verksamhetskoden \"{code}\" betyder \"{activity}\", som inte är en verksamhet under {area} (radens ansvar). Rätta koden på raden eller mappningen under [ledger.activities] i tertial.toml.")]
    ActivityOfOtherArea { code: String, activity: String, area: String },
    /// A Period cell that is not a month.
    #[error(
        "\"{found}\" är ingen period. Skriv perioden som ÅÅÅÅMM, ÅÅÅÅ-MM eller ett datum, t.ex. 202208."
    )]
    NotAPeriod { found: String },
    /// A Period of another year than the period's.
    #[error(
        "perioden \"{found}\" ligger inte i {year}; raden räknas inte. Exportera bara perioderna i {year}."
    )]
    PeriodOtherYear { found: String, year: i32 },
    /// A ledger's actual of a month after the period's end.
    #[error("utfallet för {month} ligger efter periodens slut ({end}) och räknas inte.")]
    ActualAfterPeriod { month: String, end: String },
    /// A subtotal row of a Huvudbok.
    #[error("raden är en summarad och räknas inte; tertial summerar huvudbokens rader själv.")]
    LedgerSubtotal,
    /// Huvudbok rows left out, with their sums.
    #[error("{rows} rader på {what} räknas inte med: {amounts}.")]
    LedgerLeftOut { rows: usize, what: String, amounts: String },
    /// Internal postings of one cost type, counted.
    #[error("{rows} interna poster (motpart inom kommunen) på {cost_type} räknas med: {amounts}.")]
    InternalPostings { rows: usize, cost_type: String, amounts: String },
    /// A ledger export with the sign reversed.
    #[error("intäkterna summerar till {income} tkr och kostnaderna till {costs} tkr: exporten verkar ha omvänt tecken (intäkter ska vara negativa och kostnader positiva). Ange sign = \"{sign}\" under [ledger] i tertial.toml, eller exportera med kostnader positiva.")]
    ReversedSign { income: String, costs: String, sign: String },
    /// One figure from two sources: nothing may be counted twice.
    #[error("{key} får {what} både från {first} och från {second}; inget räknas två gånger, så underlaget måste rättas. Ta bort det ena.")]
    TwoSources { key: String, what: String, first: String, second: String },
}

/// One problem: severity, place and what it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// How serious it is.
    pub severity: Severity,
    /// Where it is.
    pub place: Place,
    /// What it is.
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.severity.label(), self.place, self.kind)
    }
}

/// Every problem of a run, collected from all stages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problems {
    items: Vec<Problem>,
}

impl Problems {
    /// An empty collection.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a problem.
    pub fn push(&mut self, severity: Severity, place: Place, kind: ProblemKind) {
        self.items.push(Problem { severity, place, kind });
    }

    /// Adds an error.
    pub fn error(&mut self, place: Place, kind: ProblemKind) {
        self.push(Severity::Error, place, kind);
    }

    /// Adds a warning.
    pub fn warning(&mut self, place: Place, kind: ProblemKind) {
        self.push(Severity::Warning, place, kind);
    }

    /// Adds a note.
    pub fn note(&mut self, place: Place, kind: ProblemKind) {
        self.push(Severity::Note, place, kind);
    }

    /// The problems in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.items.iter()
    }

    /// Moves every problem of `other` into this collection.
    pub fn extend(&mut self, other: Problems) {
        self.items.extend(other.items);
    }

    /// How many problems of this severity.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|p| p.severity == severity).count()
    }

    /// True when there is at least one error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// The problems sorted by file, sheet, cell, then severity; problems that
    /// belong to no file come last.
    #[must_use]
    pub fn sorted(&self) -> Vec<Problem> {
        let mut v = self.items.clone();
        v.sort_by(|a, b| {
            let ka = (a.place.file.is_none(), &a.place.file, &a.place.sheet, a.place.cell, a.severity);
            let kb = (b.place.file.is_none(), &b.place.file, &b.place.sheet, b.place.cell, b.severity);
            ka.cmp(&kb).then_with(|| a.kind.to_string().cmp(&b.kind.to_string()))
        });
        v
    }

    /// True when there are no problems at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All problems in the order they were found.
    #[must_use]
    pub fn as_slice(&self) -> &[Problem] {
        &self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_notation() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(5, 3), "D6");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn problem_line_names_file_sheet_and_cell() {
        let p = Problem {
            severity: Severity::Error,
            place: Place::cell("budget/barn.xlsx", "Budget", 13, 3),
            kind: ProblemKind::NotANumber { found: "12 4OO".into(), column: "Budget".into() },
        };
        assert_eq!(
            p.to_string(),
            "FEL: budget/barn.xlsx: Budget!D14: \"12 4OO\" är inte ett tal. Kolumnen Budget ska innehålla ett tal, t.ex. 1 400 eller −12 700,5."
        );
    }

    #[test]
    fn one_message_on_many_rows_is_one_line_with_its_ranges() {
        let mut ps = Problems::new();
        let unknown = || ProblemKind::UnknownValue {
            found: "Barm".into(),
            column: "Verksamhetsområde".into(),
            allowed: "Barn".into(),
        };
        for row in (2..1030).chain([1100]) {
            ps.error(Place::cell("a.xlsx", "Budget", row, 1), unknown());
        }
        ps.error(Place::cell("a.xlsx", "Budget", 5, 3), ProblemKind::EmptySheet);
        let sorted = ps.sorted();
        let groups = grouped(&sorted);
        assert_eq!(groups.len(), 2);
        let line = groups.iter().find(|g| g.count() > 1).unwrap().to_string().replace('\u{a0}', " ");
        assert!(line.starts_with("FEL: a.xlsx: Budget!B3:B1030, B1101 (1 029 celler): \"Barm\""), "{line}");
        let single = sorted.iter().find(|p| p.kind == ProblemKind::EmptySheet).unwrap();
        assert_eq!(groups.iter().find(|g| g.count() == 1).unwrap().to_string(), single.to_string());
    }

    #[test]
    fn names_with_control_characters_are_shown_on_one_line() {
        let place = Place::sheet("budget\nbarn\u{1b}.xlsx", "Budget\t");
        assert_eq!(place.to_string(), "budget\\nbarn\\u{1b}.xlsx: Budget\\t");
        assert_eq!(cell_ranges(&[(0, 0), (2, 0), (1, 0), (0, 1)]), "A1:A3, B1");
    }

    #[test]
    fn sorted_by_file_then_cell_with_run_level_last() {
        let mut ps = Problems::new();
        ps.error(Place::default(), ProblemKind::NoEmployeeCounts);
        ps.error(Place::cell("b.xlsx", "Budget", 9, 0), ProblemKind::EmptySheet);
        ps.error(Place::cell("b.xlsx", "Budget", 2, 4), ProblemKind::EmptySheet);
        ps.note(Place::file("a.xlsx"), ProblemKind::NotASpreadsheet);
        let places: Vec<String> = ps.sorted().iter().map(|p| p.place.to_string()).collect();
        assert_eq!(places, ["a.xlsx", "b.xlsx: Budget!E3", "b.xlsx: Budget!A10", "(hela körningen)"]);
    }
}
