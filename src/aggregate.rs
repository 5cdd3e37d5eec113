//! Aggregate stage: the figures of the report, computed with polars.
//!
//! Takes the typed [`Dataset`] of the period (and of earlier periods, for
//! sick-leave history and the previous forecast), the register and the
//! period; gives [`Figures`]: driftredovisning by cost type and by
//! activity, investments, staff, sick leave, goals, and the change since
//! the previous forecast. All sums are of unrounded values; nothing is
//! rounded here. The two grand totals are cross-checked and a disagreement
//! is an error, never an output.

/// Maps with foldhash: SipHash showed in the profile of a rerun (a lookup
/// per row). foldhash is seeded per process, so names crafted to collide
/// cannot slow a run down; no map is ever iterated for output order.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use polars::prelude::*;

use crate::config::Register;
use crate::goals::{self, Goal};
use crate::model::{
    AgeGroup, Assessment, Chunks, CostType, Dataset, Gender, InvestmentType, Origin, SickLeaveRow,
    Vocabulary,
};
use crate::period::{Period, YearMonth};
use crate::problem::{Place, ProblemKind, Problems};
use crate::schema::normalise;

/// Why the figures could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum AggregateError {
    /// polars failed: a bug, not an input problem.
    #[error("internal error while aggregating: {0}")]
    Polars(#[from] PolarsError),
    /// The two ways of computing the grand total disagree.
    #[error("internal error: the total by activity ({by_activity} tkr) differs from Summa RESULTAT by cost type ({by_cost_type} tkr); nothing was written")]
    TotalsDisagree {
        /// Sum of the areas.
        by_activity: String,
        /// Summa RESULTAT.
        by_cost_type: String,
    },
}

/// How a row of an amount table is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// An ordinary line (a cost type, an investment project).
    Line,
    /// An activity area with its sum.
    Area,
    /// An activity under its area.
    Activity,
    /// A subtotal (Summa KOSTNADER).
    Subtotal,
    /// A grand total (Summa RESULTAT, Summa).
    Total,
}

/// A row of Budget, Prognos and Avvikelse.
#[derive(Clone, Debug, PartialEq)]
pub struct AmountRow {
    /// The label shown.
    pub label: String,
    /// How it is shown.
    pub level: Level,
    /// Annual budget, tkr.
    pub budget: f64,
    /// Forecast, tkr.
    pub forecast: f64,
}

impl AmountRow {
    fn new(label: impl Into<String>, level: Level, budget: f64, forecast: f64) -> Self {
        AmountRow {
            label: label.into(),
            level,
            budget,
            forecast,
        }
    }

    /// Avvikelse = Budget − Prognos (positive is a surplus).
    #[must_use]
    pub fn deviation(&self) -> f64 {
        self.budget - self.forecast
    }
}

/// Staff figures of one gender (or the total) in one year.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StaffCell {
    /// Antal personer.
    pub persons: f64,
    /// Antal årsarbetare.
    pub fte: f64,
    /// Långtidssjukskrivna, when reported.
    pub long_term_sick: Option<f64>,
}

/// Staff figures of one year.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffYear {
    /// The year.
    pub year: i32,
    /// Women.
    pub women: StaffCell,
    /// Men.
    pub men: StaffCell,
    /// Sum of women and men, from unrounded values.
    pub total: StaffCell,
}

/// Sick leave of one group in one year.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SickCell {
    /// Σ ordinary hours.
    pub ordinary_hours: f64,
    /// Σ sick hours.
    pub sick_hours: f64,
    /// 100 × Σ sick ÷ Σ ordinary; `None` without hours.
    pub percent: Option<f64>,
    /// 100 × Σ long-term ÷ Σ sick; `None` when not reported.
    pub long_term_share: Option<f64>,
    /// The group's size: the largest monthly Σ Antal anställda.
    pub size: Option<f64>,
    /// True when the group has 10 employees or fewer and must not be shown.
    pub suppressed: bool,
}

/// Which group a sick-leave row describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SickGroup {
    /// Everyone.
    Total,
    /// One gender.
    Gender(Gender),
    /// One age group.
    Age(AgeGroup),
    /// One activity area.
    Area(String),
}

/// A row of the sick-leave table: one group across the years.
#[derive(Clone, Debug, PartialEq)]
pub struct SickRow {
    /// The label shown ("Kvinnor", "Män", "Totalt", "-29"…, an area).
    pub label: String,
    /// The group.
    pub group: SickGroup,
    /// One cell per year of [`SickLeave::years`].
    pub cells: Vec<SickCell>,
}

/// Sick leave over the same months of every year present.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SickLeave {
    /// The last month compared (1–12); the first is January.
    pub last_month: u32,
    /// The years, ascending.
    pub years: Vec<i32>,
    /// By gender and total, then age groups, then areas.
    pub rows: Vec<SickRow>,
    /// True when group sizes were known (the Antal anställda column).
    pub sizes_known: bool,
}

/// The change of the total deviation since the previous forecast.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PreviousForecast {
    /// The previous period.
    pub period: Period,
    /// Its total Avvikelse, tkr.
    pub deviation: f64,
    /// This period's total Avvikelse minus the previous one, tkr.
    pub change: f64,
}

/// One (area, activity, cost type) key after summing duplicates and
/// joining budget with forecast: the consolidated fact behind every table.
#[derive(Clone, Debug, PartialEq)]
pub struct FactLine {
    /// Verksamhetsområde, as shown.
    pub area: String,
    /// Verksamhet, as shown (empty for none).
    pub activity: String,
    /// Kostnadsslag.
    pub cost_type: String,
    /// Budget, tkr.
    pub budget: f64,
    /// Prognos, tkr.
    pub forecast: f64,
}

/// Every figure of the annex and the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// The joined budget/forecast keys, in order of first appearance.
    pub lines: Vec<FactLine>,
    /// The period.
    pub period: Period,
    /// The five cost types, Summa KOSTNADER, Summa RESULTAT.
    pub by_cost_type: Vec<AmountRow>,
    /// Each area followed by its activities, then Summa.
    pub by_activity: Vec<AmountRow>,
    /// Inkomster (when any), Utgifter, Summa NETTOINVESTERINGAR.
    pub investments: Vec<AmountRow>,
    /// Staff by year, ascending.
    pub staff: Vec<StaffYear>,
    /// Sick leave.
    pub sick_leave: SickLeave,
    /// Goals with their indicators.
    pub goals: Vec<Goal>,
    /// The change since the previous forecast, when known.
    pub previous: Option<PreviousForecast>,
}

impl Figures {
    /// Summa RESULTAT.
    #[must_use]
    pub fn result(&self) -> &AmountRow {
        &self.by_cost_type[self.by_cost_type.len() - 1]
    }

    /// How many goals have each assessment, best first.
    #[must_use]
    pub fn goal_counts(&self) -> Vec<(Assessment, usize)> {
        Assessment::WORDS
            .iter()
            .map(|(a, _)| (*a, self.goals.iter().filter(|g| g.assessment == *a).count()))
            .collect()
    }
}

/// Names in first-seen order, matched case- and space-insensitively; the
/// first spelling seen is the one shown. Each name gets an id, its index in
/// `order`; a spelling seen before is looked up without normalising again.
#[derive(Debug, Default)]
struct Names {
    order: Vec<String>,
    display: HashMap<String, String>,
    ids: HashMap<String, u32>,
    spellings: HashMap<String, u32>,
    /// The text (address and length) and id of the last row name looked
    /// up with [`Names::add_row_name`].
    last: Option<(Text, u32)>,
}

impl Names {
    fn add(&mut self, name: &str) -> String {
        let id = self.add_id(name);
        self.order[id as usize].clone()
    }

    /// [`Names::add_id`] for a name of a record. Rows share their names
    /// (see [`crate::model::Name`]), so a run of rows with one area passes
    /// the same text again and again: it is recognised without hashing.
    /// Records are borrowed for the whole aggregation, so a text at the
    /// same address and of the same length is the same text (a temporary
    /// string could be another text at a freed address: never pass one).
    fn add_row_name(&mut self, name: &str) -> u32 {
        let at = Text::of(name);
        match self.last {
            Some((last, id)) if last == at => id,
            _ => {
                let id = self.add_id(name);
                self.last = Some((at, id));
                id
            }
        }
    }

    fn add_id(&mut self, name: &str) -> u32 {
        if let Some(id) = self.spellings.get(name) {
            return *id;
        }
        let key = normalise(name);
        let id = match self.ids.get(&key) {
            Some(id) => *id,
            None => {
                let id = u32::try_from(self.order.len()).unwrap_or(u32::MAX);
                self.display.insert(key.clone(), name.trim().to_string());
                self.ids.insert(key.clone(), id);
                self.order.push(key);
                id
            }
        };
        self.spellings.insert(name.to_string(), id);
        id
    }

    /// The (budget, forecast) sums of the name with this key, from sums
    /// by id.
    fn sums(&self, key: &str, by_id: &HashMap<u32, (f64, f64)>) -> Option<(f64, f64)> {
        self.ids.get(key).and_then(|id| by_id.get(id)).copied()
    }

    fn key(&self, id: u32) -> &str {
        self.order.get(id as usize).map_or("", String::as_str)
    }

    fn show<'a>(&'a self, key: &'a str) -> &'a str {
        self.display.get(key).map_or(key, String::as_str)
    }
}

/// Where a borrowed text lies: its address and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Text(usize, usize);

impl Text {
    fn of(s: &str) -> Text {
        Text(s.as_ptr() as usize, s.len())
    }
}

fn f64_at(df: &DataFrame, name: &str, i: usize) -> PolarsResult<Option<f64>> {
    Ok(df.column(name)?.f64()?.get(i))
}

fn str_at(df: &DataFrame, name: &str, i: usize) -> PolarsResult<String> {
    Ok(df
        .column(name)?
        .str()?
        .get(i)
        .unwrap_or_default()
        .to_string())
}

fn place(o: &Origin) -> Place {
    Place::cell(&o.file, &o.sheet, o.row, 0)
}

/// One joined (area, activity, cost type) key: its names as shown, and
/// the ids of area and activity in their [`Names`] with the cost type's
/// [`Vocabulary::index`].
struct KeyLine {
    fact: FactLine,
    ids: (u32, u32, u32),
}

/// The ids of rows' areas and activities. `pairs` maps (area id, activity
/// as written) to the activity's id: most rows repeat a pair seen before
/// and are looked up without building a key; a row with the very texts of
/// the row before (they share their names) is not looked up at all.
#[derive(Default)]
struct KeyIds<'d> {
    pairs: HashMap<(u32, &'d str), u32>,
    last: Option<(Text, Text, (u32, u32))>,
}

impl<'d> KeyIds<'d> {
    fn of(
        &mut self,
        area: &'d str,
        activity: &'d str,
        areas: &mut Names,
        activities: &mut Names,
    ) -> (u32, u32) {
        let at = (Text::of(area), Text::of(activity));
        if let Some((a, b, ids)) = self.last {
            if (a, b) == at {
                return ids;
            }
        }
        let a = areas.add_row_name(area);
        let act = match self.pairs.get(&(a, activity)) {
            Some(id) => *id,
            None => {
                let id = activities.add_id(&format!("{}\u{1f}{activity}", areas.key(a)));
                self.pairs.insert((a, activity), id);
                id
            }
        };
        self.last = Some((at.0, at.1, (a, act)));
        (a, act)
    }
}

/// Sums budget and forecast per key and joins them; reports a key with
/// budget and no forecast (error) and a forecast with no budget (warning).
fn join_budget_forecast(
    data: &Dataset,
    areas: &mut Names,
    activities: &mut Names,
    problems: &mut Problems,
) -> PolarsResult<Vec<KeyLine>> {
    let mut ids = KeyIds::default();
    // One number per (area, activity, cost type) key: the activity's id
    // (which names its area too) and the cost type's code. polars groups
    // and joins on a single integer column fastest.
    let n = data.budget.len();
    let mut b_key = Vec::with_capacity(n);
    let mut b_amt = Vec::with_capacity(n);
    for l in &data.budget {
        let (_, act) = ids.of(&l.area, &l.activity, areas, activities);
        b_key.push((u64::from(act) << 3) | u64::from(l.cost_type.index()));
        b_amt.push(l.amount);
    }
    let m = data.forecast.len();
    let mut f_key = Vec::with_capacity(m);
    let mut f_amt = Vec::with_capacity(m);
    for l in &data.forecast {
        let (_, act) = ids.of(&l.area, &l.activity, areas, activities);
        f_key.push((u64::from(act) << 3) | u64::from(l.cost_type.index()));
        f_amt.push(l.amount);
    }
    let b_row: Vec<u32> = (0..u32::try_from(n).unwrap_or(u32::MAX)).collect();
    let f_row: Vec<u32> = (0..u32::try_from(m).unwrap_or(u32::MAX)).collect();
    let budget = df!("key" => b_key, "budget" => b_amt, "brow" => b_row)?;
    let forecast = df!("key" => f_key, "forecast" => f_amt, "frow" => f_row)?;
    let keys = [col("key")];
    let b = budget
        .lazy()
        .group_by_stable(keys.clone())
        .agg([col("budget").sum(), col("brow").first()]);
    let f = forecast
        .lazy()
        .group_by_stable(keys.clone())
        .agg([col("forecast").sum(), col("frow").first()]);
    let joined = b
        .join(
            f,
            keys.clone(),
            keys,
            JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns),
        )
        // A hash join's output order varies from run to run; the keys are put
        // back in order of first appearance (budget rows, then forecast-only
        // rows), so that every later sum adds the same numbers in the same order.
        .sort(
            ["brow", "frow"],
            SortMultipleOptions::default()
                .with_nulls_last(true)
                .with_maintain_order(true),
        )
        .collect()?;
    let budgets = joined.column("budget")?.f64()?;
    let forecasts = joined.column("forecast")?.f64()?;
    let keys = joined.column("key")?.u64()?;
    let brows = joined.column("brow")?.u32()?;
    let frows = joined.column("frow")?.u32()?;
    let mut out = Vec::with_capacity(joined.height());
    for i in 0..joined.height() {
        let budget = budgets.get(i);
        let forecast = forecasts.get(i);
        let key = keys.get(i).unwrap_or(u64::MAX);
        let activity_id = u32::try_from(key >> 3).unwrap_or(u32::MAX);
        let cost_id = u32::try_from(key & 7).unwrap_or(7);
        let activity = activities.key(activity_id);
        let area_key = activity.split('\u{1f}').next().unwrap_or("");
        let area_id = areas.ids.get(area_key).copied().unwrap_or(u32::MAX);
        let area = areas.show(area_key).to_string();
        let cost = CostType::from_index(cost_id)
            .map_or("", CostType::word)
            .to_string();
        let act_name = activities
            .show(activity)
            .split('\u{1f}')
            .nth(1)
            .unwrap_or("")
            .to_string();
        let act_text = if act_name.is_empty() {
            String::new()
        } else {
            format!(" / {act_name}")
        };
        match (budget, forecast) {
            (Some(b), None) if b != 0.0 => {
                if let Some(r) = brows.get(i) {
                    let o = &data.budget[r as usize].origin;
                    problems.error(
                        place(o),
                        ProblemKind::MissingForecast {
                            area: area.clone(),
                            activity: act_text,
                            cost_type: cost.clone(),
                            budget: crate::format::tkr(b),
                        },
                    );
                }
            }
            (None, Some(f)) => {
                if let Some(r) = frows.get(i) {
                    let o = &data.forecast[r as usize].origin;
                    problems.warning(
                        place(o),
                        ProblemKind::ForecastWithoutBudget {
                            area: area.clone(),
                            activity: act_text,
                            cost_type: cost.clone(),
                            forecast: crate::format::tkr(f),
                        },
                    );
                }
            }
            _ => {}
        }
        out.push(KeyLine {
            fact: FactLine {
                area,
                activity: act_name,
                cost_type: cost,
                budget: budget.unwrap_or(0.0),
                forecast: forecast.unwrap_or(0.0),
            },
            ids: (area_id, activity_id, cost_id),
        });
    }
    Ok(out)
}

fn lines_frame(lines: &[KeyLine]) -> PolarsResult<DataFrame> {
    df!(
        "area" => lines.iter().map(|l| l.ids.0).collect::<Vec<_>>(),
        "activity" => lines.iter().map(|l| l.ids.1).collect::<Vec<_>>(),
        "cost" => lines.iter().map(|l| l.ids.2).collect::<Vec<_>>(),
        "budget" => lines.iter().map(|l| l.fact.budget).collect::<Vec<_>>(),
        "forecast" => lines.iter().map(|l| l.fact.forecast).collect::<Vec<_>>(),
    )
}

/// Sums budget and forecast grouped by `by` (an id column), as a map from
/// the id.
fn sums_by(lines: &DataFrame, by: &str) -> PolarsResult<HashMap<u32, (f64, f64)>> {
    let g = lines
        .clone()
        .lazy()
        .group_by_stable([col(by)])
        .agg([col("budget").sum(), col("forecast").sum()])
        .collect()?;
    let ids = g.column(by)?.u32()?;
    let mut out = HashMap::default();
    for i in 0..g.height() {
        out.insert(
            ids.get(i).unwrap_or(u32::MAX),
            (
                f64_at(&g, "budget", i)?.unwrap_or(0.0),
                f64_at(&g, "forecast", i)?.unwrap_or(0.0),
            ),
        );
    }
    Ok(out)
}

fn by_cost_type(lines: &DataFrame) -> PolarsResult<Vec<AmountRow>> {
    let sums = sums_by(lines, "cost")?;
    let mut rows = Vec::new();
    let (mut kb, mut kf) = (0.0, 0.0);
    let (mut ib, mut if_) = (0.0, 0.0);
    for (ct, word) in CostType::WORDS {
        let (b, f) = sums.get(&ct.index()).copied().unwrap_or((0.0, 0.0));
        if *ct == CostType::Income {
            ib = b;
            if_ = f;
        } else {
            kb += b;
            kf += f;
        }
        rows.push(AmountRow::new(*word, Level::Line, b, f));
    }
    rows.push(AmountRow::new("Summa KOSTNADER", Level::Subtotal, kb, kf));
    rows.push(AmountRow::new(
        "Summa RESULTAT",
        Level::Total,
        ib + kb,
        if_ + kf,
    ));
    Ok(rows)
}

fn by_activity(
    lines: &DataFrame,
    areas: &Names,
    activities: &Names,
) -> PolarsResult<Vec<AmountRow>> {
    let area_sums = sums_by(lines, "area")?;
    let act_sums = sums_by(lines, "activity")?;
    let mut rows = Vec::new();
    let (mut tb, mut tf) = (0.0, 0.0);
    for area in &areas.order {
        let Some((b, f)) = areas.sums(area, &area_sums) else {
            continue;
        };
        tb += b;
        tf += f;
        rows.push(AmountRow::new(areas.show(area), Level::Area, b, f));
        let prefix = format!("{area}\u{1f}");
        for act in activities.order.iter().filter(|a| a.starts_with(&prefix)) {
            let Some((ab, af)) = activities.sums(act, &act_sums) else {
                continue;
            };
            let name = activities.show(act).split('\u{1f}').nth(1).unwrap_or("");
            if name.is_empty() {
                let only = activities
                    .order
                    .iter()
                    .filter(|a| a.starts_with(&prefix))
                    .count()
                    == 1;
                if only {
                    continue;
                }
                rows.push(AmountRow::new(
                    "(ingen verksamhet angiven)",
                    Level::Activity,
                    ab,
                    af,
                ));
            } else {
                rows.push(AmountRow::new(name, Level::Activity, ab, af));
            }
        }
    }
    rows.push(AmountRow::new("Summa", Level::Total, tb, tf));
    Ok(rows)
}

fn investments(data: &Dataset) -> Vec<AmountRow> {
    let sum = |k: InvestmentType| {
        data.investments
            .iter()
            .filter(|i| i.kind == k)
            .fold((0.0, 0.0, 0usize), |(b, f, n), i| {
                (b + i.budget, f + i.forecast, n + 1)
            })
    };
    let (ib, if_, n_income) = sum(InvestmentType::Income);
    let (eb, ef, _) = sum(InvestmentType::Expenditure);
    let mut rows = Vec::new();
    if n_income > 0 {
        rows.push(AmountRow::new("Inkomster", Level::Line, ib, if_));
    }
    rows.push(AmountRow::new("Utgifter", Level::Line, eb, ef));
    rows.push(AmountRow::new(
        "Summa NETTOINVESTERINGAR",
        Level::Total,
        ib + eb,
        if_ + ef,
    ));
    rows
}

fn staff(data: &Dataset) -> PolarsResult<Vec<StaffYear>> {
    let df = df!(
        "year" => data.staff.iter().map(|s| s.year).collect::<Vec<i32>>(),
        "gender" => data.staff.iter().map(|s| s.gender.word()).collect::<Vec<_>>(),
        "persons" => data.staff.iter().map(|s| s.persons).collect::<Vec<f64>>(),
        "fte" => data.staff.iter().map(|s| s.fte).collect::<Vec<f64>>(),
        "lts" => data.staff.iter().map(|s| s.long_term_sick).collect::<Vec<Option<f64>>>(),
    )?;
    let g = df
        .lazy()
        .group_by_stable([col("year"), col("gender")])
        .agg([
            col("persons").sum(),
            col("fte").sum(),
            col("lts").sum().alias("lts_sum"),
            col("lts").count().alias("lts_n"),
        ])
        .sort(["year", "gender"], SortMultipleOptions::default())
        .collect()?;
    let mut out: Vec<StaffYear> = Vec::new();
    for i in 0..g.height() {
        let year = g.column("year")?.i32()?.get(i).unwrap_or(0);
        let gender = str_at(&g, "gender", i)?;
        let lts_n = g
            .column("lts_n")?
            .cast(&DataType::UInt64)?
            .u64()?
            .get(i)
            .unwrap_or(0);
        let cell = StaffCell {
            persons: f64_at(&g, "persons", i)?.unwrap_or(0.0),
            fte: f64_at(&g, "fte", i)?.unwrap_or(0.0),
            long_term_sick: if lts_n > 0 {
                f64_at(&g, "lts_sum", i)?
            } else {
                None
            },
        };
        if out.last().is_none_or(|y| y.year != year) {
            out.push(StaffYear {
                year,
                women: StaffCell::default(),
                men: StaffCell::default(),
                total: StaffCell::default(),
            });
        }
        if let Some(y) = out.last_mut() {
            if gender == Gender::Woman.word() {
                y.women = cell;
            } else {
                y.men = cell;
            }
        }
    }
    for y in &mut out {
        y.total = StaffCell {
            persons: y.women.persons + y.men.persons,
            fte: y.women.fte + y.men.fte,
            long_term_sick: match (y.women.long_term_sick, y.men.long_term_sick) {
                (None, None) => None,
                (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
            },
        };
    }
    Ok(out)
}

/// Merges this period's sick-leave rows with the history's: for every
/// month, the rows of the most recent folder that has it.
pub fn merge_sick_history<'a>(
    current: &'a Chunks<SickLeaveRow>,
    history: &'a [&'a Dataset],
) -> Vec<&'a SickLeaveRow> {
    let mut out: Vec<&SickLeaveRow> = current.iter().collect();
    if history.iter().all(|d| d.sick_leave.is_empty()) {
        return out;
    }
    // The months seen, sorted: a period has tens of months over thousands
    // of rows.
    let months = |rows: &Chunks<SickLeaveRow>| {
        let mut m: Vec<YearMonth> = rows.iter().map(|r| r.month).collect();
        m.sort_unstable();
        m.dedup();
        m
    };
    let mut seen = months(current);
    for d in history {
        let mut new = months(&d.sick_leave);
        new.retain(|m| seen.binary_search(m).is_err());
        out.extend(
            d.sick_leave
                .iter()
                .filter(|r| new.binary_search(&r.month).is_ok()),
        );
        seen.extend(new);
        seen.sort_unstable();
    }
    out
}

fn sick_leave(
    rows: &[&SickLeaveRow],
    period: Period,
    sizes_known: bool,
    areas: &Names,
) -> PolarsResult<SickLeave> {
    let in_year: Vec<u32> = rows
        .iter()
        .filter(|r| r.month.year == period.year && r.month.month <= period.end_month())
        .map(|r| r.month.month)
        .collect();
    let last_month = in_year
        .iter()
        .copied()
        .max()
        .or_else(|| {
            rows.iter()
                .map(|r| r.month.month)
                .max()
                .map(|m| m.min(period.end_month()))
        })
        .unwrap_or(0);
    let rows: Vec<&&SickLeaveRow> = rows
        .iter()
        .filter(|r| r.month.month <= last_month && r.month.year <= period.year)
        .collect();
    let mut area_names = Names::default();
    for a in &areas.order {
        area_names.add(areas.show(a));
    }
    // Every grouping column is a small integer code: gender and age group
    // by their place in the vocabulary, the area by its id. A [`Cell`]'s
    // key packs them with the month into one number: the first group-by,
    // over every row, is on that single key.
    let cells: Vec<u64> = rows
        .iter()
        .map(|r| {
            Cell {
                area: area_names.add_row_name(&r.area),
                gender: Some(r.gender.index()),
                age: r.age_group.map(Vocabulary::index),
                year: r.month.year,
                month: r.month.month,
            }
            .key()
        })
        .collect();
    if area_names.order.len() >= 1 << 24 {
        // More areas than the 24 bits a packed group gives an area id (see
        // `group_of`): never reached by a committee, refused rather than
        // summed wrong.
        polars_bail!(ComputeError: "too many activity areas for the sick-leave table");
    }
    let df = df!(
        "cell" => cells,
        "ordinary" => rows.iter().map(|r| r.ordinary_hours).collect::<Vec<f64>>(),
        "sick" => rows.iter().map(|r| r.sick_hours).collect::<Vec<f64>>(),
        "long" => rows.iter().map(|r| r.long_term_hours).collect::<Vec<Option<f64>>>(),
        "employees" => rows.iter().map(|r| r.employees).collect::<Vec<Option<f64>>>(),
    )?;
    let mut years: Vec<i32> = rows.iter().map(|r| r.month.year).collect();
    years.sort_unstable();
    years.dedup();

    let mut out = SickLeave {
        last_month,
        years: years.clone(),
        rows: Vec::new(),
        sizes_known,
    };
    let mut groups: Vec<(String, SickGroup, Dim, u32)> = vec![
        (
            "Kvinnor".to_string(),
            SickGroup::Gender(Gender::Woman),
            Dim::Gender,
            Gender::Woman.index(),
        ),
        (
            "Män".to_string(),
            SickGroup::Gender(Gender::Man),
            Dim::Gender,
            Gender::Man.index(),
        ),
        ("Totalt".to_string(), SickGroup::Total, Dim::Everyone, 0),
    ];
    for (a, _) in AgeGroup::WORDS {
        groups.push((
            a.label().to_string(),
            SickGroup::Age(*a),
            Dim::Age,
            a.index(),
        ));
    }
    for (id, key) in (0u32..).zip(&area_names.order) {
        let name = area_names.show(key).to_string();
        groups.push((name.clone(), SickGroup::Area(name), Dim::Area, id));
    }
    let table = sick_cells(&df, sizes_known)?;
    for (label, group, dim, value) in groups {
        if matches!(group, SickGroup::Age(_))
            && !years.iter().any(|y| table.contains_key(&(dim, value, *y)))
        {
            continue;
        }
        let cells = years
            .iter()
            .map(|y| table.get(&(dim, value, *y)).copied().unwrap_or_default())
            .collect();
        out.rows.push(SickRow {
            label,
            group,
            cells,
        });
    }
    Ok(out)
}

/// One cell of sick leave: an area, gender, age group and month. Its key
/// packs them into one number, so that the first group-by, over every
/// row, is on a single integer column; the cells' fields are unpacked from
/// the key after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cell {
    area: u32,
    gender: Option<u32>,
    age: Option<u32>,
    year: i32,
    month: u32,
}

impl Cell {
    fn key(self) -> u64 {
        let year = u64::from(u16::try_from(self.year).unwrap_or(u16::MAX));
        (u64::from(self.area) << 32)
            | (u64::from(self.gender.unwrap_or(3) & 3) << 30)
            | (u64::from(self.age.unwrap_or(3) & 3) << 28)
            | (year << 4)
            | u64::from(self.month & 0xf)
    }

    fn of_key(key: u64) -> Cell {
        let code = |bits: u64| u32::try_from(bits & 3).ok().filter(|c| *c != 3);
        Cell {
            area: u32::try_from(key >> 32).unwrap_or(u32::MAX),
            gender: code(key >> 30),
            age: code(key >> 28),
            year: i32::from(u16::try_from((key >> 4) & 0xffff).unwrap_or(u16::MAX)),
            month: u32::try_from(key & 0xf).unwrap_or(0),
        }
    }
}

/// The (dimension, value, year) of a packed sick-leave group: the dimension
/// in bits 40 and up, the value (an area id or a vocabulary index) in bits
/// 16–39, the year in bits 0–15.
fn group_of(group: u64) -> Option<(Dim, u32, i32)> {
    let dim = Dim::ALL.iter().find(|d| **d as u64 == group >> 40)?;
    let key = u32::try_from((group >> 16) & 0xff_ffff).ok()?;
    let year = i32::try_from(group & 0xffff).ok()?;
    Some((*dim, key, year))
}

/// The dimensions sick leave is broken down by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Dim {
    Everyone = 0,
    Gender = 1,
    Age = 2,
    Area = 3,
}

impl Dim {
    const ALL: [Dim; 4] = [Dim::Everyone, Dim::Gender, Dim::Age, Dim::Area];
}

/// Sick-leave cells for every (dimension, value, year). The rows are first
/// summed per cell (area, gender, age group, month); those sums are stacked
/// once per dimension with that dimension's code as the key, then one
/// group-by gives the hours and one the group sizes (the largest monthly
/// number of employees).
fn sick_cells(
    df: &DataFrame,
    sizes_known: bool,
) -> PolarsResult<HashMap<(Dim, u32, i32), SickCell>> {
    let mut cells = df
        .clone()
        .lazy()
        .group_by_stable([col("cell")])
        .agg([
            col("ordinary").sum(),
            col("sick").sum(),
            col("long").sum().alias("long_sum"),
            col("long").count().cast(DataType::UInt64).alias("long_n"),
            col("employees").sum().alias("emp"),
            col("employees")
                .count()
                .cast(DataType::UInt64)
                .alias("emp_n"),
        ])
        .collect()?;
    let unpacked: Vec<Cell> = cells
        .column("cell")?
        .u64()?
        .downcast_iter()
        .flat_map(|a| a.iter())
        .map(|k| Cell::of_key(k.copied().unwrap_or(u64::MAX)))
        .collect();
    cells.hstack_mut(&[
        Column::new(
            "year".into(),
            unpacked.iter().map(|c| c.year).collect::<Vec<i32>>(),
        ),
        Column::new(
            "month".into(),
            unpacked.iter().map(|c| c.month).collect::<Vec<u32>>(),
        ),
        Column::new(
            "gender".into(),
            unpacked
                .iter()
                .map(|c| c.gender)
                .collect::<Vec<Option<u32>>>(),
        ),
        Column::new(
            "age".into(),
            unpacked.iter().map(|c| c.age).collect::<Vec<Option<u32>>>(),
        ),
        Column::new(
            "area".into(),
            unpacked.iter().map(|c| c.area).collect::<Vec<u32>>(),
        ),
    ])?;
    // Each cell is stacked once per dimension, keyed by one number that
    // packs the dimension, its value and the year (see `group_of`): the
    // group-bys below are on a single integer column.
    let u64_lit = |v: u64| lit(v).cast(DataType::UInt64);
    let parts: Vec<LazyFrame> = Dim::ALL
        .iter()
        .map(|dim| {
            let key = match dim {
                Dim::Everyone => lit(0u32).cast(DataType::UInt32),
                Dim::Gender => col("gender"),
                Dim::Age => col("age"),
                Dim::Area => col("area"),
            };
            let group = u64_lit((*dim as u64) << 40)
                + key.cast(DataType::UInt64) * u64_lit(1 << 16)
                + col("year").cast(DataType::UInt64);
            cells.clone().lazy().select([
                group.alias("group"),
                col("month"),
                col("ordinary"),
                col("sick"),
                col("long_sum"),
                col("long_n"),
                col("emp"),
                col("emp_n"),
            ])
        })
        .collect();
    let lf = concat(parts, UnionArgs::default())?.filter(col("group").is_not_null());
    let sums = lf
        .clone()
        .group_by([col("group")])
        .agg([
            col("ordinary").sum(),
            col("sick").sum(),
            col("long_sum").sum(),
            col("long_n").sum(),
        ])
        .collect()?;
    let sizes = lf
        .with_column(
            (col("group") * u64_lit(16) + col("month").cast(DataType::UInt64)).alias("group_month"),
        )
        .group_by([col("group_month")])
        .agg([col("group").first(), col("emp").sum(), col("emp_n").sum()])
        .group_by([col("group")])
        .agg([col("emp").max(), col("emp_n").sum()])
        .collect()?;
    let key_of = |df: &DataFrame, i: usize| -> PolarsResult<Option<(Dim, u32, i32)>> {
        Ok(df.column("group")?.u64()?.get(i).and_then(group_of))
    };
    let mut out: HashMap<(Dim, u32, i32), SickCell> = HashMap::default();
    for i in 0..sums.height() {
        let Some(key) = key_of(&sums, i)? else {
            continue;
        };
        let mut cell = SickCell {
            ordinary_hours: f64_at(&sums, "ordinary", i)?.unwrap_or(0.0),
            sick_hours: f64_at(&sums, "sick", i)?.unwrap_or(0.0),
            ..SickCell::default()
        };
        let long_n = sums.column("long_n")?.u64()?.get(i).unwrap_or(0);
        if cell.ordinary_hours > 0.0 {
            cell.percent = Some(100.0 * cell.sick_hours / cell.ordinary_hours);
        }
        if long_n > 0 && cell.sick_hours > 0.0 {
            cell.long_term_share =
                Some(100.0 * f64_at(&sums, "long_sum", i)?.unwrap_or(0.0) / cell.sick_hours);
        }
        out.insert(key, cell);
    }
    for i in 0..sizes.height() {
        let Some(key) = key_of(&sizes, i)? else {
            continue;
        };
        let n = sizes.column("emp_n")?.u64()?.get(i).unwrap_or(0);
        if let Some(cell) = out.get_mut(&key) {
            if n > 0 {
                cell.size = f64_at(&sizes, "emp", i)?;
            }
            cell.suppressed = sizes_known && cell.size.is_some_and(|s| s <= 10.0);
        }
    }
    Ok(out)
}

/// Earlier periods' datasets, most recent first.
#[derive(Debug, Default)]
pub struct History<'a> {
    /// (period, dataset), most recent first.
    pub periods: Vec<(Period, &'a Dataset)>,
}

/// Computes every figure of the period. `sick_rows` are the sick-leave rows
/// of the months compared, from [`merge_sick_history`] (the run writes them
/// to the facts as well, so they are merged once, by the caller).
///
/// Adds the join problems (missing forecast: error; forecast without
/// budget: warning) and the note on unknown group sizes to `problems`.
///
/// # Errors
/// [`AggregateError`] on an internal failure, including when the total by
/// activity and Summa RESULTAT disagree.
pub fn aggregate(
    data: &Dataset,
    history: &History<'_>,
    sick_rows: &[&SickLeaveRow],
    register: &Register,
    period: Period,
    problems: &mut Problems,
) -> Result<Figures, AggregateError> {
    let mut areas = Names::default();
    let mut activities = Names::default();
    for a in &register.areas {
        let k = areas.add(&a.name);
        for act in &a.activities {
            activities.add(&format!("{k}\u{1f}{act}"));
        }
    }
    let lines = join_budget_forecast(data, &mut areas, &mut activities, problems)?;
    let frame = lines_frame(&lines)?;
    let hist: Vec<&Dataset> = history.periods.iter().map(|(_, d)| *d).collect();
    let sizes_known = data.has_employee_counts || hist.iter().any(|d| d.has_employee_counts);
    // The operating accounts and the sick leave are independent: computed
    // side by side, each with its own fixed order of summation.
    let (accounts, people) = rayon::join(
        || -> PolarsResult<_> {
            Ok((
                by_cost_type(&frame)?,
                by_activity(&frame, &areas, &activities)?,
            ))
        },
        || -> PolarsResult<_> {
            Ok((
                staff(data)?,
                sick_leave(sick_rows, period, sizes_known, &areas)?,
            ))
        },
    );
    let (by_cost_type, by_activity) = accounts?;
    let (staff, sick_leave) = people?;
    let fact_lines = lines.into_iter().map(|l| l.fact).collect();
    let result = &by_cost_type[by_cost_type.len() - 1];
    let summa = &by_activity[by_activity.len() - 1];
    let tolerance = 5e-4;
    if (result.budget - summa.budget).abs() > tolerance
        || (result.forecast - summa.forecast).abs() > tolerance
    {
        return Err(AggregateError::TotalsDisagree {
            by_activity: format!("{} / {}", summa.budget, summa.forecast),
            by_cost_type: format!("{} / {}", result.budget, result.forecast),
        });
    }
    let investments = investments(data);
    if !sick_rows.is_empty() && !sizes_known {
        problems.note(Place::default(), ProblemKind::NoEmployeeCounts);
    }
    let goals = goals::goals(&data.indicators, register.tolerance());
    let previous = period.previous_in_year().and_then(|prev| {
        let (_, d) = history.periods.iter().find(|(p, _)| *p == prev)?;
        if d.budget.is_empty() && d.forecast.is_empty() {
            return None;
        }
        let b: f64 = d.budget.iter().map(|l| l.amount).sum();
        let f: f64 = d.forecast.iter().map(|l| l.amount).sum();
        let deviation = b - f;
        Some(PreviousForecast {
            period: prev,
            deviation,
            change: result.deviation() - deviation,
        })
    });
    Ok(Figures {
        lines: fact_lines,
        period,
        by_cost_type,
        by_activity,
        investments,
        staff,
        sick_leave,
        goals,
        previous,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn sick(area: &str, year: i32, month: u32, hours: f64) -> SickLeaveRow {
        SickLeaveRow {
            area: area.into(),
            month: YearMonth { year, month },
            gender: Gender::Woman,
            age_group: None,
            ordinary_hours: hours,
            sick_hours: 1.0,
            long_term_hours: None,
            employees: None,
            origin: Origin {
                file: Arc::from("a.xlsx"),
                sheet: Arc::from("Sjukfrånvaro"),
                row: 2,
            },
        }
    }

    #[test]
    fn a_cell_key_unpacks_to_its_cell() {
        for cell in [
            Cell {
                area: 0,
                gender: Some(0),
                age: None,
                year: 2022,
                month: 12,
            },
            Cell {
                area: 70_000,
                gender: Some(1),
                age: Some(2),
                year: 1999,
                month: 1,
            },
            Cell {
                area: 3,
                gender: None,
                age: Some(0),
                year: 2025,
                month: 7,
            },
        ] {
            assert_eq!(Cell::of_key(cell.key()), cell);
        }
    }

    #[test]
    fn a_packed_sick_leave_group_unpacks_to_its_dimension_value_and_year() {
        let pack = |dim: Dim, key: u64, year: u64| ((dim as u64) << 40) + key * (1 << 16) + year;
        assert_eq!(
            group_of(pack(Dim::Everyone, 0, 2022)),
            Some((Dim::Everyone, 0, 2022))
        );
        assert_eq!(
            group_of(pack(Dim::Gender, 1, 1999)),
            Some((Dim::Gender, 1, 1999))
        );
        assert_eq!(group_of(pack(Dim::Age, 2, 2025)), Some((Dim::Age, 2, 2025)));
        assert_eq!(
            group_of(pack(Dim::Area, (1 << 24) - 1, 65_535)),
            Some((Dim::Area, (1 << 24) - 1, 65_535))
        );
        assert_eq!(
            group_of(pack(Dim::Area, 0, 0) + (1 << 40)),
            None,
            "no fifth dimension"
        );
    }

    #[test]
    fn earlier_periods_add_only_the_months_the_period_lacks() {
        let current = vec![sick("A", 2022, 5, 1.0), sick("A", 2022, 6, 2.0)].into();
        let t1 = Dataset {
            sick_leave: vec![sick("A", 2022, 4, 3.0), sick("A", 2022, 5, 4.0)].into(),
            ..Dataset::default()
        };
        let older = Dataset {
            sick_leave: vec![sick("A", 2021, 12, 5.0), sick("A", 2022, 4, 6.0)].into(),
            ..Dataset::default()
        };
        let hours = |rows: Vec<&SickLeaveRow>| -> Vec<f64> {
            rows.iter().map(|r| r.ordinary_hours).collect()
        };
        // The period's own rows, then each earlier period's new months, most
        // recent period first: 2022-04 comes from T1, not from the older one.
        assert_eq!(
            hours(merge_sick_history(&current, &[&t1, &older])),
            [1.0, 2.0, 3.0, 5.0]
        );
        assert_eq!(hours(merge_sick_history(&current, &[])), [1.0, 2.0]);
    }

    #[test]
    fn row_names_are_told_apart_by_their_text_not_only_their_address() {
        let mut names = Names::default();
        let a: crate::model::Name = Arc::from("Barn");
        let same_text: crate::model::Name = Arc::from("barn ");
        let other: crate::model::Name = Arc::from("Skola");
        let ids: Vec<u32> = [&a, &a, &same_text, &other, &a]
            .iter()
            .map(|n| names.add_row_name(n))
            .collect();
        assert_eq!(ids, [0, 0, 0, 1, 0]);
        assert_eq!(names.show(names.key(0)), "Barn");
    }
}
