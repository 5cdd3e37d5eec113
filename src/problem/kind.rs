//! What a problem is, with typed fields, and its Swedish sentence: the one
//! place where a problem's text is made. Each message says what was found
//! and what is expected.

use std::fmt;
use std::sync::Arc;

use super::{a1, ReadError};
use crate::format::{number, tkr};
use crate::model::{Assessment, CostType, Direction, Vocabulary};
use crate::names::quote;
use crate::period::{Period, YearMonth};
use crate::schema::{Col, SheetKind};

/// A figure of the economy, as messages name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Figure {
    /// The budget.
    Budget,
    /// The forecast.
    Forecast,
    /// The actual (Utfall).
    Actual,
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Figure::Budget => "budget",
            Figure::Forecast => "prognos",
            Figure::Actual => "utfall",
        })
    }
}

/// Which mapping of `[ledger]` a code is missing from.
#[derive(Clone, Debug, PartialEq)]
pub enum Mapping {
    /// `[ledger.areas]`.
    Areas,
    /// `[ledger.activities]`, for a row of this area.
    Activities(String),
    /// `[ledger.accounts]`.
    Accounts,
}

/// Why Huvudbok rows are left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeftOut {
    /// Balance and financial accounts.
    NotCounted,
    /// Accounts the register ignores.
    Ignored,
    /// Ansvar of other committees.
    OtherCommittees,
}

/// A name the register should give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegisterName {
    /// `municipality`.
    Municipality,
    /// `committee`.
    Committee,
}

impl RegisterName {
    /// What the cover shows without it.
    #[must_use]
    pub fn shown(self) -> &'static str {
        match self {
            RegisterName::Municipality => "Kommunen",
            RegisterName::Committee => "Nämnden",
        }
    }
}

/// What a problem is. The message is a full Swedish sentence saying what
/// was found and what is expected.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ProblemKind {
    /// Required columns are missing from a data sheet.
    #[error("bladet saknar kolumnen/kolumnerna {}. Rubrikerna som hittades var: {}. Lägg till de saknade kolumnerna i rubrikraden.", joined(missing), texts(found))]
    MissingColumns { missing: Vec<Col>, found: Vec<String> },
    /// A number was required but something else was found.
    #[error(
        "\"{found}\" är inte ett tal. Kolumnen {column} ska innehålla ett tal, t.ex. 1 400 eller −12 700,5."
    )]
    NotANumber { found: String, column: Col },
    /// A number that cannot be meant: not finite, or beyond any
    /// committee's figures.
    #[error("\"{found}\" i kolumnen {column} är inget rimligt värde (högst {} till beloppet). Kontrollera cellen; kanske har ett värde klistrats in i fel kolumn.", number(*limit, 0))]
    ImplausibleNumber { found: String, column: Col, limit: f64 },
    /// Sick-leave months outside the period, left out (rows 1-based).
    #[error("{} rader har en månad utanför perioden ({}): de räknas inte med. Raderna: {}.", rows.len(), joined(months), first_ten(rows))]
    MonthsOutsidePeriod { months: Vec<YearMonth>, rows: Vec<u32> },
    /// A text longer than an Excel cell holds.
    #[error("texten är {length} tecken lång, men en cell i Excel rymmer högst 32 767 (den börjar \"{start}\"). Korta texten eller dela upp den på flera rader.")]
    TextTooLong { length: usize, start: String },
    /// Hours, people or årsarbetare below zero.
    #[error("\"{found}\" i kolumnen {column} är negativt; antal timmar, personer och årsarbetare är noll eller mer.")]
    NegativeQuantity { found: String, column: Col },
    /// More sick hours than ordinary hours. The cells are named, not their
    /// hours: sick leave is health data, and messages reach the annex and
    /// the logs.
    #[error("sjukfrånvaron ({}) är större än den ordinarie arbetstiden ({}) på samma rad. Kontrollera raden.", a1(sick.0, sick.1), a1(ordinary.0, ordinary.1))]
    SickAboveOrdinary { sick: (u32, u32), ordinary: (u32, u32) },
    /// More long-term hours than sick hours (cells named, as above).
    #[error("varav långtid ({}) är större än sjukfrånvaron ({}) på samma rad. Kontrollera raden.", a1(long.0, long.1), a1(sick.0, sick.1))]
    LongTermAboveSick { long: (u32, u32), sick: (u32, u32) },
    /// A second sheet of one kind in a workbook.
    #[error("arbetsboken har redan ett {kind}-blad (\"{first}\"); bladet lästes inte, så att inget räknas två gånger. Slå ihop bladen eller ta bort det ena.")]
    SecondSheet { kind: SheetKind, first: String },
    /// A file that is byte for byte another one of the period.
    #[error("filen är byte för byte densamma som {first}; den lästes inte, så att inget räknas två gånger. Ta bort den ena.")]
    DuplicateFile { first: String },
    /// A date was found where a number belongs.
    #[error("cellen innehåller ett datum ({found}), men kolumnen {column} ska innehålla ett tal. Ändra cellformatet till Tal och skriv in talet.")]
    DateNotNumber { found: String, column: Col },
    /// An Excel error value.
    #[error("cellen innehåller felvärdet {code}. Rätta formeln eller skriv in värdet direkt.")]
    ErrorCell { code: String },
    /// A required value is empty.
    #[error("kolumnen {column} är tom på en rad med uppgifter. Fyll i ett värde.")]
    MissingValue { column: Col },
    /// A value outside a fixed vocabulary.
    #[error("\"{found}\" är inte en giltig uppgift i kolumnen {column}. Tillåtna värden: {allowed}.")]
    UnknownValue { found: String, column: Col, allowed: String },
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
    Unreadable { reason: ReadError },
    /// The file changed while it was read: someone is still copying it.
    #[error("filen verkar inte vara färdigkopierad (den ändrades nyss eller medan den lästes). Vänta tills kopieringen är klar och försök igen.")]
    StillCopying,
    /// The file could not be read from disk.
    #[error("filen kunde inte läsas ({reason}).")]
    Io { reason: String },
    /// A sheet of the workbook could not be read.
    #[error("bladet kunde inte läsas ({reason}). Spara om arbetsboken från Excel och lägg in den igen.")]
    SheetUnreadable { reason: ReadError },
    /// A person-written subtotal does not match the rows above it.
    #[error("summaraden \"{label}\" anger {} i kolumnen {column}, men raderna ovanför summerar till {}. Summaraden räknas inte med; kontrollera raderna.", number(*stated, 2), number(*computed, 2))]
    SubtotalMismatch { label: String, column: Col, stated: f64, computed: f64 },
    /// A person-written subtotal of sick-leave hours that does not match:
    /// the hours are not quoted (health data).
    #[error("summaraden \"{label}\" stämmer inte med raderna ovanför i kolumnen {column}. Summaraden räknas inte med; kontrollera raderna.")]
    SickSubtotalMismatch { label: String, column: Col },
    /// A sheet name that is not a data sheet.
    #[error(
        "bladet \"{}\" är inget datablad och lästes inte. Databladen heter: {}.",
        quote(sheet),
        SheetKind::known_names()
    )]
    SheetIgnored { sheet: String },
    /// A file that is not a spreadsheet.
    #[error("filen är inget kalkylark (.xlsx, .xlsm, .xls, .xlsb, .ods) och lästes inte.")]
    NotASpreadsheet,
    /// A workbook with no data sheet at all.
    #[error(
        "arbetsboken innehåller inget datablad och lästes inte (bladen heter: {}). Databladen heter: {}.",
        texts(sheets),
        SheetKind::known_names()
    )]
    NoDataSheet { sheets: Vec<String> },
    /// A column header found twice in the header row (the cells).
    #[error("rubriken {column} finns två gånger i rubrikraden ({} och {}); bladet lästes inte, så att ingen kolumn räknas två gånger eller fel kolumn används. Ta bort eller döp om den ena.", a1(first.0, first.1), a1(second.0, second.1))]
    DuplicateHeader { column: Col, first: (u32, u32), second: (u32, u32) },
    /// A formula cell with no saved value.
    #[error("cellen har formeln \"={}\" men inget sparat värde (arbetsboken har skapats av ett program och aldrig sparats i Excel), så värdet är okänt. Öppna arbetsboken i Excel, spara den och lägg in den igen.", quote(formula.trim_start_matches('=')))]
    FormulaWithoutValue { formula: String },
    /// A folder that could not be listed.
    #[error("mappen kunde inte läsas: {reason}")]
    FolderUnreadable { reason: String },
    /// A symbolic link to a folder, not followed.
    #[error("länken pekar på en mapp och följdes inte.")]
    LinkToFolder,
    /// A symbolic link to nothing.
    #[error("länken pekar inte på någon fil och hoppades över.")]
    DanglingLink,
    /// A named pipe, a socket or a device: opening it could wait forever.
    #[error(
        "det här är ingen vanlig fil (en namngiven pipe, en socket eller en enhet) och den öppnades inte."
    )]
    NotARegularFile,
    /// An area name that is not in the register.
    #[error(
        "\"{found}\" finns inte bland verksamhetsområdena i registret (tertial.toml).{} Registrerade: {}.",
        suggestion(meant.as_ref()),
        listing(known)
    )]
    UnknownArea { found: String, meant: Option<String>, known: Arc<[String]> },
    /// An activity name that is not registered under its area.
    #[error("\"{found}\" finns inte bland verksamheterna under {area} i registret (tertial.toml).{} Registrerade: {}.", suggestion(meant.as_ref()), listing(known))]
    UnknownActivity { found: String, area: String, meant: Option<String>, known: Arc<[String]> },
    /// A budget key with no forecast.
    #[error("{area}{} har budget för {cost_type} ({} tkr) men ingen prognos. Lägg in prognosen i ett Prognos-blad.", under(activity), tkr(*budget))]
    MissingForecast { area: String, activity: String, cost_type: CostType, budget: f64 },
    /// A forecast key with no budget.
    #[error("{area}{} har prognos för {cost_type} ({} tkr) men ingen budget; budgeten räknas som 0. Kontrollera namnen mot Budget-bladet.", under(activity), tkr(*forecast))]
    ForecastWithoutBudget { area: String, activity: String, cost_type: CostType, forecast: f64 },
    /// A stated assessment that disagrees with the computed one.
    #[error("bedömningen \"{stated}\" skiljer sig från den beräknade \"{computed}\" (utfall {} mot målvärde {}, {}). Den angivna bedömningen används.", number(*outcome, 2), number(*target, 2), direction.word().to_lowercase())]
    AssessmentDisagrees {
        stated: Assessment,
        computed: Assessment,
        outcome: f64,
        target: f64,
        direction: Direction,
    },
    /// Only one of the gender-split outcomes is given.
    #[error("bara {given} är ifyllt; fyll i både Utfall kvinnor och Utfall män, eller ingen av dem.")]
    OneGenderOnly { given: Col },
    /// No employee counts: nothing can be suppressed.
    #[error(
        "inget Sjukfrånvaro-blad har kolumnen Antal anställda, så små grupper kan inte döljas: alla grupper visas."
    )]
    NoEmployeeCounts,
    /// A data sheet with no rows.
    #[error("bladet har rubrikrad men inga rader med uppgifter.")]
    EmptySheet,
    /// The register does not name the municipality or the committee.
    #[error("registret (tertial.toml) anger inte {} ({} = \"…\"), så rapporten och bilagan visar \"{}\". Skriv in namnet i tertial.toml.", match name { RegisterName::Municipality => "kommunens namn", RegisterName::Committee => "nämndens namn" }, match name { RegisterName::Municipality => "municipality", RegisterName::Committee => "committee" }, name.shown())]
    UnnamedInRegister { name: RegisterName },
    /// An earlier period with errors: only its valid rows are compared.
    #[error("den tidigare perioden {period} har {errors} fel; bara dess felfria rader används för jämförelser. Kör tertial check --period {period}.")]
    EarlierPeriodHasErrors { period: Period, errors: usize },
    /// Files checked on their own: the rules across files were not run.
    #[error("filerna kontrollerades var för sig: budget mot prognos, gruppstorlekar för sjukfrånvaron och jämförelser med tidigare perioder kontrolleras bara för en hel period (tertial check utan filnamn).")]
    FilesCheckedAlone,
    /// A Huvudbok amount header of another year than the period's.
    #[error("rubriken \"{header}\" gäller {found}, men perioden är {year}; bladet lästes inte, så att inget annat års belopp räknas. Exportera huvudboken för {year}.")]
    LedgerWrongYear { header: String, found: i32, year: i32 },
    /// A Huvudbok with no amount column.
    #[error("huvudboken har ingen beloppskolumn: den behöver minst en av Budget, Utfall och Prognos (eller Helårsprognos). Ta med beloppskolumnerna i exporten.")]
    LedgerNoAmount,
    /// A code of a Huvudbok row that maps to nothing.
    #[error("{column} \"{code}\" hör inte till {} i tertial.toml. Lägg till koden (eller dess början) under {}, t.ex. \"{code}\" = \"…\".", mapping.what(), mapping.section())]
    UnmappedCode { column: Col, code: String, mapping: Mapping },
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
    ActualAfterPeriod { month: YearMonth, end: YearMonth },
    /// A subtotal row of a Huvudbok.
    #[error("raden är en summarad och räknas inte; tertial summerar huvudbokens rader själv.")]
    LedgerSubtotal,
    /// Huvudbok rows left out, with their sums in tkr.
    #[error("{rows} rader på {} räknas inte med: {}.", match why { LeftOut::NotCounted => "balans- och finansiella konton (kontoklass 1, 2 och 8)", LeftOut::Ignored => "konton som tertial.toml anger som Ignorera", LeftOut::OtherCommittees => "ansvar som inte finns i [ledger.areas] (unknown_ansvar = \"ignore\")" }, amounts_text(amounts))]
    LedgerLeftOut { rows: usize, why: LeftOut, amounts: Vec<(Figure, f64)> },
    /// Internal postings of one cost type, counted, with their sums in tkr.
    #[error(
        "{rows} interna poster (motpart inom kommunen) på {cost_type} räknas med: {}.",
        amounts_text(amounts)
    )]
    InternalPostings { rows: usize, cost_type: CostType, amounts: Vec<(Figure, f64)> },
    /// A ledger export with the sign reversed: `suggested` is the sign to
    /// set.
    #[error("intäkterna summerar till {} tkr och kostnaderna till {} tkr: exporten verkar ha omvänt tecken (intäkter ska vara negativa och kostnader positiva). Ange sign = \"{suggested}\" under [ledger] i tertial.toml, eller exportera med kostnader positiva.", tkr(*income), tkr(*costs))]
    ReversedSign { income: f64, costs: f64, suggested: &'static str },
    /// One figure from two sources: nothing may be counted twice.
    #[error("{key} får {figure} både från {sheet}-bladet i {sheet_file} och från huvudboken i {ledger_file}; inget räknas två gånger, så underlaget måste rättas. Ta bort det ena.")]
    TwoSources { key: String, figure: Figure, sheet: SheetKind, sheet_file: String, ledger_file: String },
}

impl Mapping {
    fn what(&self) -> String {
        match self {
            Mapping::Areas => "något verksamhetsområde".into(),
            Mapping::Activities(area) => format!("någon verksamhet under {area}"),
            Mapping::Accounts => {
                "något kostnadsslag (konton i klass 0 och 9 och okända konton räknas inte till driften)"
                    .into()
            }
        }
    }

    fn section(&self) -> &'static str {
        match self {
            Mapping::Areas => "[ledger.areas]",
            Mapping::Activities(_) => "[ledger.activities]",
            Mapping::Accounts => "[ledger.accounts]",
        }
    }
}

/// Items joined by ", ".
fn joined<T: fmt::Display>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// Texts quoted and joined; "(inga)" for none.
fn texts(items: &[String]) -> String {
    if items.is_empty() {
        return "(inga)".into();
    }
    items.iter().map(|t| format!("\"{}\"", quote(t))).collect::<Vec<_>>().join(", ")
}

/// The first ten rows, and how many more.
fn first_ten(rows: &[u32]) -> String {
    let more = if rows.len() > 10 { format!(" och {} till", rows.len() - 10) } else { String::new() };
    format!("{}{more}", joined(&rows[..rows.len().min(10)]))
}

/// " Menade du …?" for a suggested name.
fn suggestion(meant: Option<&String>) -> String {
    meant.map(|s| format!(" Menade du \"{s}\"?")).unwrap_or_default()
}

/// The registered names, at most twelve of them.
fn listing(names: &[String]) -> String {
    if names.is_empty() {
        return "(inga; lämna kolumnen tom)".to_string();
    }
    let shown: Vec<String> = names.iter().take(12).map(|n| format!("\"{n}\"")).collect();
    match names.len().saturating_sub(12) {
        0 => shown.join(", "),
        more => format!("{} och {more} till", shown.join(", ")),
    }
}

/// " / activity" after an area, nothing without one.
fn under(activity: &str) -> String {
    if activity.is_empty() {
        String::new()
    } else {
        format!(" / {activity}")
    }
}

/// "budget 1 234,5 tkr, utfall 56,0 tkr".
fn amounts_text(amounts: &[(Figure, f64)]) -> String {
    amounts.iter().map(|(w, s)| format!("{w} {} tkr", number(*s, 1))).collect::<Vec<_>>().join(", ")
}
