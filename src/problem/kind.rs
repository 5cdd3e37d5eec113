//! What a problem is, with typed fields, and its Swedish sentence: the one place where a problem's
//! text is made. Each message says what was found and what is expected.

use std::fmt;
use std::sync::Arc;

use super::{a1, ReadError};
use crate::format::{count, number, tkr};
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

/// What a problem is. The message is a full Swedish sentence saying what was found and what is
/// expected.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ProblemKind {
    #[error("bladet saknar kolumnen/kolumnerna {}. Rubrikerna som hittades var: {}. Lägg till de saknade kolumnerna i rubrikraden.", joined(missing), texts(found))]
    MissingColumns { missing: Vec<Col>, found: Vec<String> },
    #[error(
        "\"{found}\" är inte ett tal. Kolumnen {column} ska innehålla ett tal, t.ex. 1 400 eller −12 700,5."
    )]
    NotANumber { found: String, column: Col },
    /// A number that cannot be meant: not finite, or beyond any committee's figures.
    #[error("\"{found}\" i kolumnen {column} är inget rimligt värde (högst {} till beloppet). Kontrollera cellen; kanske har ett värde klistrats in i fel kolumn.", number(*limit, 0))]
    ImplausibleNumber { found: String, column: Col, limit: f64 },
    #[error("{} rader har en månad utanför perioden ({}): de räknas inte med. Raderna: {}.", rows.len(), joined(months), first(rows, 10))]
    MonthsOutsidePeriod { months: Vec<YearMonth>, rows: Vec<u32> },
    #[error("texten är {length} tecken lång, men en cell i Excel rymmer högst 32 767 (den börjar \"{start}\"). Korta texten eller dela upp den på flera rader.")]
    TextTooLong { length: usize, start: String },
    #[error("\"{found}\" i kolumnen {column} är negativt; antal timmar, personer och årsarbetare är noll eller mer.")]
    NegativeQuantity { found: String, column: Col },
    /// More sick hours than ordinary hours. The cells are named, not their hours: sick leave is
    /// health data, and messages reach the annex and the logs.
    #[error("sjukfrånvaron ({}) är större än den ordinarie arbetstiden ({}) på samma rad. Kontrollera raden.", a1(sick.0, sick.1), a1(ordinary.0, ordinary.1))]
    SickAboveOrdinary { sick: (u32, u32), ordinary: (u32, u32) },
    #[error("varav långtid ({}) är större än sjukfrånvaron ({}) på samma rad. Kontrollera raden.", a1(long.0, long.1), a1(sick.0, sick.1))]
    LongTermAboveSick { long: (u32, u32), sick: (u32, u32) },
    #[error("arbetsboken har redan ett {kind}-blad (\"{first}\"); bladet lästes inte, så att inget räknas två gånger. Slå ihop bladen eller ta bort det ena.")]
    SecondSheet { kind: SheetKind, first: String },
    #[error("filen är byte för byte densamma som {first}; den lästes inte, så att inget räknas två gånger. Ta bort den ena.")]
    DuplicateFile { first: String },
    #[error("cellen innehåller ett datum ({found}), men kolumnen {column} ska innehålla ett tal. Ändra cellformatet till Tal och skriv in talet.")]
    DateNotNumber { found: String, column: Col },
    #[error("cellen innehåller felvärdet {code}. Rätta formeln eller skriv in värdet direkt.")]
    ErrorCell { code: String },
    #[error("kolumnen {column} är tom på en rad med uppgifter. Fyll i ett värde.")]
    MissingValue { column: Col },
    #[error("\"{found}\" är inte en giltig uppgift i kolumnen {column}. Tillåtna värden: {allowed}.")]
    UnknownValue { found: String, column: Col, allowed: String },
    #[error(
        "\"{found}\" är inte en månad. Skriv månaden som ett datum eller som text ÅÅÅÅ-MM, t.ex. 2022-07."
    )]
    NotAMonth { found: String },
    #[error("\"{found}\" är inte ett årtal. Skriv året med fyra siffror, t.ex. 2022.")]
    NotAYear { found: String },
    #[error("filen kunde inte öppnas som arbetsbok ({reason}). Den kan vara skadad, ofullständigt kopierad eller lösenordsskyddad: spara om den från Excel utan lösenord och lägg in den igen.")]
    Unreadable { reason: ReadError },
    #[error("filen kunde inte läsas som huvudboksexport: {reason}.")]
    ExportUnreadable { reason: ReadError },
    #[error("filen verkar inte vara färdigkopierad (den ändrades nyss eller medan den lästes). Vänta tills kopieringen är klar och försök igen.")]
    StillCopying,
    #[error("filen kunde inte läsas ({reason}).")]
    Io { reason: String },
    #[error("bladet kunde inte läsas ({reason}). Spara om arbetsboken från Excel och lägg in den igen.")]
    SheetUnreadable { reason: ReadError },
    #[error("summaraden \"{label}\" anger {} i kolumnen {column}, men raderna ovanför summerar till {}. Summaraden räknas inte med; kontrollera raderna.", number(*stated, 2), number(*computed, 2))]
    SubtotalMismatch { label: String, column: Col, stated: f64, computed: f64 },
    /// A person-written subtotal of sick-leave hours that does not match: the hours are not quoted
    /// (health data).
    #[error("summaraden \"{label}\" stämmer inte med raderna ovanför i kolumnen {column}. Summaraden räknas inte med; kontrollera raderna.")]
    SickSubtotalMismatch { label: String, column: Col },
    #[error(
        "bladet \"{}\" är inget datablad och lästes inte. Databladen heter: {}.",
        quote(sheet),
        SheetKind::known_names()
    )]
    SheetIgnored { sheet: String },
    #[error("filen är inget kalkylark (.xlsx, .xlsm, .xls, .xlsb, .ods) och lästes inte.")]
    NotASpreadsheet,
    #[error(
        "arbetsboken innehåller inget datablad och lästes inte (bladen heter: {}). Databladen heter: {}.",
        texts(sheets),
        SheetKind::known_names()
    )]
    NoDataSheet { sheets: Vec<String> },
    #[error(
        "textfilen är ingen huvudboksexport (ingen av dess första rader har kolumnen Konto) och lästes inte."
    )]
    NotALedgerExport,
    #[error("rubriken {column} finns två gånger i rubrikraden ({} och {}); bladet lästes inte, så att ingen kolumn räknas två gånger eller fel kolumn används. Ta bort eller döp om den ena.", a1(first.0, first.1), a1(second.0, second.1))]
    DuplicateHeader { column: Col, first: (u32, u32), second: (u32, u32) },
    #[error("cellen har formeln \"={}\" men inget sparat värde (arbetsboken har skapats av ett program och aldrig sparats i Excel), så värdet är okänt. Öppna arbetsboken i Excel, spara den och lägg in den igen.", quote(formula.trim_start_matches('=')))]
    FormulaWithoutValue { formula: String },
    #[error("mappen kunde inte läsas: {reason}")]
    FolderUnreadable { reason: String },
    #[error("länken pekar på en mapp och följdes inte.")]
    LinkToFolder,
    #[error("länken pekar inte på någon fil och hoppades över.")]
    DanglingLink,
    #[error(
        "det här är ingen vanlig fil (en namngiven pipe, en socket eller en enhet) och den öppnades inte."
    )]
    NotARegularFile,
    #[error(
        "\"{found}\" finns inte bland verksamhetsområdena i registret (tertial.toml).{} Registrerade: {}.",
        suggestion(meant.as_ref()),
        listing(known)
    )]
    UnknownArea { found: String, meant: Option<String>, known: Arc<[String]> },
    #[error("\"{found}\" finns inte bland verksamheterna under {area} i registret (tertial.toml).{} Registrerade: {}.", suggestion(meant.as_ref()), listing(known))]
    UnknownActivity { found: String, area: String, meant: Option<String>, known: Arc<[String]> },
    #[error("{area}{} har budget för {cost_type} ({} tkr) men ingen prognos. Lägg in prognosen i ett Prognos-blad.", under(activity), tkr(*budget))]
    MissingForecast { area: String, activity: String, cost_type: CostType, budget: f64 },
    #[error("{area}{} har prognos för {cost_type} ({} tkr) men ingen budget; budgeten räknas som 0. Kontrollera namnen mot Budget-bladet.", under(activity), tkr(*forecast))]
    ForecastWithoutBudget { area: String, activity: String, cost_type: CostType, forecast: f64 },
    #[error("bedömningen \"{stated}\" skiljer sig från den beräknade \"{computed}\" (utfall {} mot målvärde {}, {}). Den angivna bedömningen används.", number(*outcome, 2), number(*target, 2), direction.word().to_lowercase())]
    AssessmentDisagrees {
        stated: Assessment,
        computed: Assessment,
        outcome: f64,
        target: f64,
        direction: Direction,
    },
    #[error("bara {given} är ifyllt; fyll i både Utfall kvinnor och Utfall män, eller ingen av dem.")]
    OneGenderOnly { given: Col },
    #[error(
        "inget Sjukfrånvaro-blad har kolumnen Antal anställda, så små grupper kan inte döljas: alla grupper visas."
    )]
    NoEmployeeCounts,
    #[error("bladet har rubrikrad men inga rader med uppgifter.")]
    EmptySheet,
    #[error("registret (tertial.toml) anger inte {} ({} = \"…\"), så rapporten och bilagan visar \"{}\". Skriv in namnet i tertial.toml.", match name { RegisterName::Municipality => "kommunens namn", RegisterName::Committee => "nämndens namn" }, match name { RegisterName::Municipality => "municipality", RegisterName::Committee => "committee" }, name.shown())]
    UnnamedInRegister { name: RegisterName },
    #[error("den tidigare perioden {period} har {errors} fel; bara dess felfria rader används för jämförelser. Kör tertial check --period {period}.")]
    EarlierPeriodHasErrors { period: Period, errors: usize },
    #[error("filerna kontrollerades var för sig: budget mot prognos, gruppstorlekar för sjukfrånvaron och jämförelser med tidigare perioder kontrolleras bara för en hel period (tertial check utan filnamn).")]
    FilesCheckedAlone,
    #[error("rubriken \"{header}\" gäller {found}, men perioden är {year}; bladet lästes inte, så att inget annat års belopp räknas. Exportera huvudboken för {year}.")]
    LedgerWrongYear { header: String, found: i32, year: i32 },
    #[error("SIE-filen har inga objekt i dimension {dim}, som {key} = \"dim:{dim}\" under [ledger] i tertial.toml anger; filens objekt är i dimension {found}. Ange en av dem, eller exportera med dimension {dim}.")]
    SieNoDimension { key: &'static str, dim: String, found: String },
    #[error("huvudboken har ingen beloppskolumn: den behöver minst en av Budget, Utfall och Prognos (eller Helårsprognos). Ta med beloppskolumnerna i exporten.")]
    LedgerNoAmount,
    #[error("{column} \"{code}\" hör inte till {} i tertial.toml. Lägg till koden (eller dess början) under {}, t.ex. \"{code}\" = \"…\".", mapping.what(), mapping.section())]
    UnmappedCode { column: Col, code: String, mapping: Mapping },
    #[error("\"{found}\" börjar inte med ett kontonummer. Konto ska börja med kontots siffror, t.ex. \"6013 Interna hyror\".")]
    NoAccountNumber { found: String },
    #[error("verksamhetskoden \"{code}\" betyder \"{activity}\", som inte är en verksamhet under {area} (radens ansvar). Rätta koden på raden eller mappningen under [ledger.activities] i tertial.toml.")]
    ActivityOfOtherArea { code: String, activity: String, area: String },
    #[error(
        "\"{found}\" är ingen period. Skriv perioden som ÅÅÅÅMM, ÅÅÅÅ-MM eller ett datum, t.ex. 202208."
    )]
    NotAPeriod { found: String },
    #[error(
        "perioden \"{found}\" ligger inte i {year}; raden räknas inte. Exportera bara perioderna i {year}."
    )]
    PeriodOtherYear { found: String, year: i32 },
    #[error("månaden {month} ligger inte i budgetåret {year}; raden räknas inte. Skriv budgeten för {year} i periodens mapp, med månaderna {year}-01 till {year}-12.")]
    BudgetMonthOtherYear { month: YearMonth, year: i32 },
    #[error("utfallet för {month} ligger efter periodens slut ({end}) och räknas inte.")]
    ActualAfterPeriod { month: YearMonth, end: YearMonth },
    #[error("raden är en summarad och räknas inte; tertial summerar huvudbokens rader själv.")]
    LedgerSubtotal,
    #[error("{rows} rader på {} räknas inte med: {}.", match why { LeftOut::NotCounted => "balans- och finansiella konton (kontoklass 1, 2 och 8)", LeftOut::Ignored => "konton som tertial.toml anger som Ignorera", LeftOut::OtherCommittees => "ansvar som inte finns i [ledger.areas] (unknown_ansvar = \"ignore\")" }, amounts_text(amounts))]
    LedgerLeftOut { rows: usize, why: LeftOut, amounts: Vec<(Figure, f64)> },
    #[error(
        "{rows} interna poster (motpart inom kommunen) på {cost_type} räknas med: {}.",
        amounts_text(amounts)
    )]
    InternalPostings { rows: usize, cost_type: CostType, amounts: Vec<(Figure, f64)> },
    /// A ledger export with the sign reversed: `suggested` is the sign to set.
    #[error("intäkterna summerar till {} tkr och kostnaderna till {} tkr: exporten verkar ha omvänt tecken (intäkter ska vara negativa och kostnader positiva). Ange sign = \"{suggested}\" under [ledger] i tertial.toml, eller exportera med kostnader positiva.", tkr(*income), tkr(*costs))]
    ReversedSign { income: f64, costs: f64, suggested: &'static str },
    #[error("{key} får {figure} både från {sheet}-bladet i {sheet_file} och från huvudboken i {ledger_file}; inget räknas två gånger, så underlaget måste rättas. Ta bort det ena.")]
    TwoSources { key: String, figure: Figure, sheet: SheetKind, sheet_file: String, ledger_file: String },
    #[error("SIE-filen {sie_file} och {other_file} ger båda belopp för samma {} nycklar (t.ex. {example}): det är samma huvudbok två gånger, och inget får räknas två gånger. Ta bort den ena filen ur mappen.", count(*keys as f64))]
    LedgerTwice { sie_file: String, other_file: String, keys: usize, example: String },
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

/// The first `n` items joined, and how many more there are.
fn first<T: fmt::Display>(items: &[T], n: usize) -> String {
    let more = if items.len() > n { format!(" och {} till", items.len() - n) } else { String::new() };
    format!("{}{more}", joined(&items[..items.len().min(n)]))
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
    first(&names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>(), 12)
}

/// " / activity" after an area, nothing without one.
fn under(activity: &str) -> String {
    format!("{}{activity}", if activity.is_empty() { "" } else { " / " })
}

/// "budget 1 234,5 tkr, utfall 56,0 tkr".
fn amounts_text(amounts: &[(Figure, f64)]) -> String {
    amounts.iter().map(|(w, s)| format!("{w} {} tkr", number(*s, 1))).collect::<Vec<_>>().join(", ")
}
