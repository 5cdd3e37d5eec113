//! The contract of `templates/rapport.typ`: the data it reads as `data.json`. Every figure is
//! already formatted the Swedish way (strings); shares (0–1) are what the charts draw. A field
//! renamed here must be renamed in the template; an overriding template may use any of them.

use serde::Serialize;

use crate::aggregate::Level;

/// Everything the template shows. `dict` holds the template's labels in the report language
/// (Swedish → shown); `lang` is `sv` or `en`; `report_date` is the date of the run's fixed
/// timestamp (what the figures are as of); `problems` are the errors, when written despite them
/// (`partial`); `previous` is the sentence on the change since the previous forecast;
/// `activities_in_annex` is true when `by_activity` holds areas only (past
/// [`super::data::MAX_ACTIVITY_ROWS`] rows); `unit` is the word of the amounts' unit in the tables'
/// headings (`tkr`, `mnkr`; in English `SEK thousand`, `SEK million`); `indicator_years` are the
/// headings of the earlier years' outcomes (`Utfall 2021`, at most three), each indicator's
/// `earlier` the outcomes in that order ("–" for none).
#[derive(Debug, Serialize)]
pub struct ReportData {
    pub title: String,
    pub document_title: String,
    pub keywords: Vec<String>,
    pub subject: String,
    pub lang: &'static str,
    pub dict: serde_json::Map<String, serde_json::Value>,
    pub municipality: String,
    pub committee: String,
    pub administration: Option<String>,
    pub period_text: String,
    pub period_short: String,
    pub report_date: String,
    pub partial: bool,
    pub problems: Vec<String>,
    pub key_figures: Vec<KeyFigure>,
    pub goal_counts: Vec<GoalCount>,
    pub sections: Sections,
    pub prognosis_text: String,
    pub previous: Option<String>,
    pub by_cost_type: Vec<AmountLine>,
    pub by_activity: Vec<AmountLine>,
    pub activities_in_annex: bool,
    /// The headings of the budget-to-date columns ("Budget t.o.m. augusti", "Avvikelse t.o.m.
    /// augusti"), shown where a row has a budget to date.
    pub to_date_heads: Vec<String>,
    pub comparison: Option<Comparison>,
    pub forecast_path: Option<Comparison>,
    pub path_chart: Option<PathChart>,
    pub accuracy: Option<Comparison>,
    pub indicator_years: Vec<String>,
    pub unit: String,
    pub area_chart: AreaChart,
    pub investments: Vec<AmountLine>,
    pub investment_projects: Vec<ProjectLine>,
    pub staff: Staff,
    pub sick: Sick,
    pub goals: Vec<GoalData>,
    pub actions: Vec<ActionLine>,
}

/// A key figure of the summary: its label and its value with the unit.
#[derive(Debug, Serialize)]
pub struct KeyFigure {
    pub label: String,
    pub value: String,
}

/// How many goals have one assessment: `key` is `met`, `partly`, `notmet` or `na` (the colour and
/// symbol), `word` the assessment's word.
#[derive(Debug, Serialize)]
pub struct GoalCount {
    pub key: &'static str,
    pub word: String,
    pub count: usize,
}

/// A row of an amount table: `level` is `line`, `area`, `activity`, `subtotal` or `total`; `strong`
/// bold, `indent` an activity under its area, `rule` a thin rule above; the amounts are tkr;
/// `actual` (Utfall to date) is none where no workbook gives it (the table then has no Utfall
/// column when no row has one).
#[derive(Debug, Serialize)]
pub struct AmountLine {
    pub label: String,
    pub level: Level,
    pub strong: bool,
    pub indent: bool,
    pub rule: bool,
    pub budget: String,
    pub forecast: String,
    pub deviation: String,
    pub actual: Option<String>,
    pub budget_to_date: Option<String>,
    pub deviation_to_date: Option<String>,
}

/// This year's Utfall beside last year's, per area and for the sum, when the history folders give
/// last year's: `heads` are the amount columns' headings (Utfall, Utfall <last year> samma period,
/// Förändring utfall, Bokslut <last year>, as far as given), each row's `cells` in that order
/// (empty where a year has no figure for the row); tkr.
#[derive(Debug, Serialize)]
pub struct Comparison {
    pub heads: Vec<String>,
    pub rows: Vec<ComparisonLine>,
}

/// A row of the comparison: an area, or the sum (`strong`, `rule`).
#[derive(Debug, Serialize)]
pub struct ComparisonLine {
    pub label: String,
    pub strong: bool,
    pub rule: bool,
    pub cells: Vec<String>,
}

/// A paragraph of the narrative; `area` is none for the whole committee.
#[derive(Debug, Serialize)]
pub struct ParagraphData {
    pub area: Option<String>,
    pub text: String,
}

/// A section with a title of its own (one that has no fixed place).
#[derive(Debug, Serialize)]
pub struct OtherSection {
    pub title: String,
    pub paragraphs: Vec<ParagraphData>,
}

/// The narrative by the sections that have fixed places (Sammanfattning, Väsentliga händelser,
/// Prognos, Åtgärder och konsekvenser, Personal, Kvalitet), then every other section in order of
/// first appearance.
#[derive(Debug, Serialize)]
pub struct Sections {
    pub sammanfattning: Vec<ParagraphData>,
    pub handelser: Vec<ParagraphData>,
    pub prognos: Vec<ParagraphData>,
    pub atgarder_konsekvenser: Vec<ParagraphData>,
    pub personal: Vec<ParagraphData>,
    pub kvalitet: Vec<ParagraphData>,
    pub other: Vec<OtherSection>,
}

/// A bar pair of the area chart: shares of the chart's largest value, and the figures as text
/// (tkr).
#[derive(Debug, Serialize)]
pub struct AreaBar {
    pub label: String,
    pub budget_share: f64,
    pub forecast_share: f64,
    pub budget_text: String,
    pub forecast_text: String,
}

/// The chart of budget and forecast per area; `alt` states every figure.
#[derive(Debug, Serialize)]
pub struct AreaChart {
    pub caption: String,
    pub alt: String,
    pub items: Vec<AreaBar>,
}

/// A bar of the forecast chart: a month, its Avvikelse's share (−1 to 1) of the largest one, and
/// the figure as text.
#[derive(Debug, Serialize)]
pub struct PathBar {
    pub label: String,
    pub share: f64,
    pub text: String,
}

/// The committee's Avvikelse at each forecast of the year; `alt` states every figure.
#[derive(Debug, Serialize)]
pub struct PathChart {
    pub caption: String,
    pub alt: String,
    pub bars: Vec<PathBar>,
}

/// An investment project, amounts in tkr.
#[derive(Debug, Serialize)]
pub struct ProjectLine {
    pub label: String,
    pub budget: String,
    pub forecast: String,
    pub deviation: String,
}

/// Persons and årsarbetare of one gender (or the total) in one year.
#[derive(Debug, Serialize)]
pub struct StaffCellData {
    pub persons: String,
    pub fte: String,
}

/// A row of the staff table (Kvinnor, Män, Totalt — the last `strong`), one cell per year.
#[derive(Debug, Serialize)]
pub struct StaffRowData {
    pub label: String,
    pub strong: bool,
    pub cells: Vec<StaffCellData>,
}

/// Personalsammansättning: this year and the one before, and the sentence on long-term sick people.
#[derive(Debug, Serialize)]
pub struct Staff {
    pub years: Vec<String>,
    pub rows: Vec<StaffRowData>,
    pub long_term_text: Option<String>,
}

/// A row of the sick-leave table: one share per year ("–" when hidden or unknown); the total is
/// `strong`.
#[derive(Debug, Serialize)]
pub struct SickRowData {
    pub label: String,
    pub strong: bool,
    pub indent: bool,
    pub cells: Vec<String>,
}

/// A point of the sick-leave chart: its share of the largest value, and its text.
#[derive(Debug, Serialize)]
pub struct ChartValue {
    pub share: f64,
    pub text: String,
}

/// A series of the sick-leave chart: one group, one value per year.
#[derive(Debug, Serialize)]
pub struct ChartSeries {
    pub label: String,
    pub values: Vec<ChartValue>,
}

/// The sick-leave chart (women, men and everyone across the years); `alt` states every figure.
#[derive(Debug, Serialize)]
pub struct SickChart {
    pub caption: String,
    pub alt: String,
    pub years: Vec<String>,
    pub series: Vec<ChartSeries>,
}

/// Sjukfrånvaro: `months` compared ("januari–juli"); `areas_in_annex` when the areas are left to
/// the annex (past [`super::data::MAX_SICK_AREAS`]); `footnote` when a row shown hides a small
/// group; `no_sizes` when group sizes were unknown.
#[derive(Debug, Serialize)]
pub struct Sick {
    pub months: String,
    pub years: Vec<String>,
    pub rows: Vec<SickRowData>,
    pub areas_in_annex: bool,
    pub footnote: bool,
    pub no_sizes: bool,
    pub long_term_text: Option<String>,
    pub chart: SickChart,
}

/// An indicator of a goal: target and outcome with their unit ("–" when not measured), women's and
/// men's outcomes in `split` when given, the assessment's `key` and word.
#[derive(Debug, Serialize)]
pub struct IndicatorData {
    pub name: String,
    pub target: String,
    pub outcome: String,
    pub split: Option<String>,
    pub key: &'static str,
    pub assessment: String,
    pub comment: Option<String>,
    pub earlier: Vec<String>,
}

/// A goal with its assessment (`key`, word) and indicators.
#[derive(Debug, Serialize)]
pub struct GoalData {
    pub name: String,
    pub key: &'static str,
    pub assessment: String,
    pub indicators: Vec<IndicatorData>,
}

/// A row of the action plan: Åtgärd, Mål, Planerad start, Status, Ansvarig.
#[derive(Debug, Serialize)]
pub struct ActionLine {
    pub action: String,
    pub goal: String,
    pub start: String,
    pub status: String,
    pub responsible: String,
}
