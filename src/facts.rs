//! Data stage: the consolidated facts as Parquet, the way into Power BI, DuckDB or Spark.
//!
//! Takes the figures and the typed records; gives the bytes of the files of `data/`:
//! `budget_prognos.parquet` (the joined keys), `prognosutveckling.parquet` and
//! `prognossakerhet.parquet` (the year's forecasts and how good they were), `sjukfranvaro.parquet` (the shares the report shows,
//! per group and year, with suppressed groups empty), `personal.parquet`, `indikatorer.parquet`,
//! `investeringar.parquet` and `atgarder.parquet`. Every file starts with the stacking columns
//! `period`, `kommun` and `namnd`, so that periods and committees can be put one under the other.
//! Amounts are unrounded tkr. Written by polars' `ParquetWriter` (Snappy, with full column
//! statistics, which DuckDB and pyarrow use to filter).

use crate::aggregate::path::Point;
use polars::prelude::*;

use crate::aggregate::{Figures, SickGroup};
use crate::consolidate::Line;
use crate::model::{Records, Vocabulary};
use crate::money::{difference, tkr};

/// What every file is stacked by: the period (`YYYY-Tn`), and kommun and nämnd as the register
/// names them (null when it does not).
pub struct Stacking<'a> {
    pub period: String,
    pub municipality: Option<&'a str>,
    pub committee: Option<&'a str>,
}

/// The frame with the stacking columns first.
fn stacked(df: &DataFrame, s: &Stacking<'_>) -> PolarsResult<DataFrame> {
    let n = df.height();
    let mut out = df!(
        "period" => vec![s.period.as_str(); n],
        "kommun" => vec![s.municipality; n],
        "namnd" => vec![s.committee; n],
    )?;
    out.hstack_mut(df.columns())?;
    Ok(out)
}

/// One Parquet file of a frame. The Arrow schema stored in the file is the oldest compatible one
/// (plain `string`, not `string_view`): pyarrow reads the columns as the schema says, and it cannot
/// filter a `string_view` column against a string.
fn parquet(df: &DataFrame, s: &Stacking<'_>) -> PolarsResult<Vec<u8>> {
    let mut df = stacked(df, s)?;
    let schema = polars_parquet::write::schema_to_metadata_key(&df.schema().to_arrow(CompatLevel::oldest()));
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf)
        .with_compression(ParquetCompression::Snappy)
        .with_statistics(StatisticsOptions::full())
        .with_key_value_metadata(Some(KeyValueMetadata::from_static(vec![(
            schema.key,
            schema.value.unwrap_or_default(),
        )])))
        .finish(&mut df)?;
    Ok(buf)
}

/// The consolidated keys: unrounded tkr, 0 for a missing side of this year; no budget, forecast or
/// deviation for a key of last year only.
fn budget_forecast(figures: &Figures) -> PolarsResult<DataFrame> {
    let l = &figures.lines;
    let this_year = |x: &Line, v: Option<i64>| x.this_year().then(|| v.unwrap_or(0));
    let (budget, forecast): (Vec<_>, Vec<_>) =
        l.iter().map(|x| (this_year(x, x.budget), this_year(x, x.forecast))).unzip();
    let tkr_of = |v: &[Option<i64>]| v.iter().map(|v| v.map(tkr)).collect::<Vec<_>>();
    let deviation: Vec<Option<f64>> =
        budget.iter().zip(&forecast).map(|(b, f)| Some(tkr((*b)? - (*f)?))).collect();
    df!(
        "verksamhetsomrade" => l.iter().map(|x| &*x.area).collect::<Vec<_>>(),
        "verksamhet" => l.iter().map(|x| Some(&*x.activity).filter(|a| !a.is_empty())).collect::<Vec<_>>(),
        "kostnadsslag" => l.iter().map(|x| x.cost_type.word()).collect::<Vec<_>>(),
        "budget_tkr" => tkr_of(&budget),
        "prognos_tkr" => tkr_of(&forecast),
        "avvikelse_tkr" => deviation,
        "utfall_tkr" => l.iter().map(|x| x.actual.map(tkr)).collect::<Vec<_>>(),
        "utfall_fg_ar_samma_period_tkr" => l.iter().map(|x| x.actual_last_year.map(tkr)).collect::<Vec<_>>(),
        "bokslut_fg_ar_tkr" => l.iter().map(|x| x.closing_last_year.map(tkr)).collect::<Vec<_>>(),
    )
}

/// The sick-leave shares the report shows: one row per group and year; a suppressed group (ten
/// employees or fewer) has empty shares and `dold` true. No hours: hours of the shown groups would
/// give a hidden group's by subtraction.
fn sick_leave(figures: &Figures) -> PolarsResult<DataFrame> {
    let sl = &figures.sick_leave;
    let rows: Vec<_> =
        sl.rows.iter().flat_map(|r| sl.years.iter().zip(&r.cells).map(move |(y, c)| (r, *y, c))).collect();
    let kind = |g: &SickGroup| match g {
        SickGroup::Total => "totalt",
        SickGroup::Gender(_) => "kon",
        SickGroup::Age(_) => "aldersgrupp",
        SickGroup::Area(_) => "verksamhetsomrade",
    };
    let group = |g: &SickGroup| match g {
        SickGroup::Total => "Totalt".to_string(),
        SickGroup::Gender(x) => x.word().to_string(),
        SickGroup::Age(a) => a.word().to_string(),
        SickGroup::Area(name) => name.to_string(),
    };
    df!(
        "grupp_typ" => rows.iter().map(|(r, _, _)| kind(&r.group)).collect::<Vec<_>>(),
        "grupp" => rows.iter().map(|(r, _, _)| group(&r.group)).collect::<Vec<_>>(),
        "ar" => rows.iter().map(|(_, y, _)| *y).collect::<Vec<i32>>(),
        "forsta_manad" => vec![1u32; rows.len()],
        "sista_manad" => vec![sl.last_month; rows.len()],
        "sjukfranvaro_procent" => rows.iter().map(|(_, _, c)| c.percent.filter(|_| !c.suppressed)).collect::<Vec<_>>(),
        "langtid_andel_procent" => rows.iter().map(|(_, _, c)| c.long_term_share.filter(|_| !c.suppressed)).collect::<Vec<_>>(),
        "dold" => rows.iter().map(|(_, _, c)| c.suppressed).collect::<Vec<bool>>(),
    )
}

/// The year's forecasts: one row per area (null for the committee's total) and forecast period,
/// this period's last.
fn forecast_path(figures: &Figures) -> PolarsResult<DataFrame> {
    let path = &figures.path;
    let rows: Vec<_> = path
        .rows
        .iter()
        .flat_map(|r| {
            path.periods
                .iter()
                .zip(&r.points)
                .enumerate()
                .filter_map(move |(i, (p, pt))| Some((r, i, *p, (*pt)?)))
        })
        .collect();
    df!(
        "verksamhetsomrade" => rows.iter().map(|(r, ..)| (!r.total).then(|| r.label.text(crate::labels::Lang::Sv).to_string())).collect::<Vec<_>>(),
        "prognosperiod" => rows.iter().map(|(_, _, p, _)| p.to_string()).collect::<Vec<_>>(),
        "prognosmanad" => rows.iter().map(|(_, _, p, _)| p.end_month()).collect::<Vec<u32>>(),
        "budget_tkr" => rows.iter().map(|(.., pt)| pt.budget).collect::<Vec<f64>>(),
        "prognos_tkr" => rows.iter().map(|(.., pt)| pt.forecast).collect::<Vec<f64>>(),
        "avvikelse_tkr" => rows.iter().map(|(.., pt)| pt.deviation()).collect::<Vec<f64>>(),
        "forandring_avvikelse_tkr" => rows.iter().map(|(r, i, ..)| r.change(*i)).collect::<Vec<Option<f64>>>(),
    )
}

/// At the year's last period, the outcome beside each earlier forecast: one row per area (null for
/// the total) and forecast period; no rows at other periods.
fn accuracy(figures: &Figures) -> PolarsResult<DataFrame> {
    let rows: Vec<_> = figures
        .accuracy
        .iter()
        .flat_map(|a| {
            a.rows.iter().flat_map(move |r| {
                a.periods.iter().zip(&r.forecasts).enumerate().map(move |(i, (p, pt))| (r, i, *p, *pt))
            })
        })
        .collect();
    df!(
        "verksamhetsomrade" => rows.iter().map(|(r, ..)| (!r.total).then(|| r.label.text(crate::labels::Lang::Sv).to_string())).collect::<Vec<_>>(),
        "prognosperiod" => rows.iter().map(|(_, _, p, _)| p.to_string()).collect::<Vec<_>>(),
        "prognosmanad" => rows.iter().map(|(_, _, p, _)| p.end_month()).collect::<Vec<u32>>(),
        "prognos_tkr" => rows.iter().map(|(.., pt)| pt.map(|p| p.forecast)).collect::<Vec<Option<f64>>>(),
        "avvikelse_vid_prognos_tkr" => rows.iter().map(|(.., pt)| pt.map(Point::deviation)).collect::<Vec<Option<f64>>>(),
        "utfall_tkr" => rows.iter().map(|(r, ..)| r.outcome).collect::<Vec<Option<f64>>>(),
        "avvikelse_bokslut_tkr" => rows.iter().map(|(r, ..)| r.outcome_deviation()).collect::<Vec<Option<f64>>>(),
        "prognosavvikelse_tkr" => rows.iter().map(|(r, i, ..)| r.miss(*i)).collect::<Vec<Option<f64>>>(),
    )
}

fn staff(data: &Records) -> PolarsResult<DataFrame> {
    let s = &data.staff;
    df!(
        "verksamhetsomrade" => s.iter().map(|r| &*r.area).collect::<Vec<_>>(),
        "kon" => s.iter().map(|r| r.gender.word()).collect::<Vec<_>>(),
        "ar" => s.iter().map(|r| r.year).collect::<Vec<i32>>(),
        "antal_personer" => s.iter().map(|r| r.persons).collect::<Vec<f64>>(),
        "antal_arsarbetare" => s.iter().map(|r| r.fte).collect::<Vec<f64>>(),
    )
}

fn indicators(figures: &Figures) -> PolarsResult<DataFrame> {
    let ind: Vec<_> = figures.goals.iter().flat_map(|g| g.indicators.iter().map(move |i| (g, i))).collect();
    df!(
        "mal" => ind.iter().map(|(g, _)| g.name.as_str()).collect::<Vec<_>>(),
        "mal_bedomning" => ind.iter().map(|(g, _)| g.assessment.word()).collect::<Vec<_>>(),
        "indikator" => ind.iter().map(|(_, i)| i.indicator.name.as_str()).collect::<Vec<_>>(),
        "verksamhetsomrade" => ind.iter().map(|(_, i)| i.indicator.area.as_deref()).collect::<Vec<_>>(),
        "enhet" => ind.iter().map(|(_, i)| i.indicator.unit.as_deref()).collect::<Vec<_>>(),
        "riktning" => ind.iter().map(|(_, i)| i.indicator.direction.word()).collect::<Vec<_>>(),
        "malvarde" => ind.iter().map(|(_, i)| i.indicator.target).collect::<Vec<f64>>(),
        "utfall" => ind.iter().map(|(_, i)| i.indicator.outcome).collect::<Vec<Option<f64>>>(),
        "utfall_kvinnor" => ind.iter().map(|(_, i)| i.indicator.outcome_women).collect::<Vec<Option<f64>>>(),
        "utfall_man" => ind.iter().map(|(_, i)| i.indicator.outcome_men).collect::<Vec<Option<f64>>>(),
        "beraknad_bedomning" => ind.iter().map(|(_, i)| i.computed.word()).collect::<Vec<_>>(),
        "bedomning" => ind.iter().map(|(_, i)| i.result.word()).collect::<Vec<_>>(),
    )
}

fn investments(data: &Records) -> PolarsResult<DataFrame> {
    let i = &data.investments;
    df!(
        "projekt" => i.iter().map(|x| x.project.as_str()).collect::<Vec<_>>(),
        "typ" => i.iter().map(|x| x.kind.word()).collect::<Vec<_>>(),
        "verksamhetsomrade" => i.iter().map(|x| x.area.as_deref()).collect::<Vec<_>>(),
        "budget_tkr" => i.iter().map(|x| x.budget).collect::<Vec<f64>>(),
        "prognos_tkr" => i.iter().map(|x| x.forecast).collect::<Vec<f64>>(),
        "avvikelse_tkr" => i.iter().map(|x| difference(x.budget, x.forecast)).collect::<Vec<f64>>(),
        "kommentar" => i.iter().map(|x| x.comment.as_deref()).collect::<Vec<_>>(),
    )
}

fn actions(data: &Records) -> PolarsResult<DataFrame> {
    let a = &data.actions;
    df!(
        "atgard" => a.iter().map(|x| x.action.as_str()).collect::<Vec<_>>(),
        "mal" => a.iter().map(|x| x.goal.as_deref()).collect::<Vec<_>>(),
        "planerad_start" => a.iter().map(|x| x.planned_start.as_deref()).collect::<Vec<_>>(),
        "status" => a.iter().map(|x| x.status.as_deref()).collect::<Vec<_>>(),
        "ansvarig" => a.iter().map(|x| x.responsible.as_deref()).collect::<Vec<_>>(),
    )
}

/// The Parquet files: (path inside the period's output folder, bytes).
pub fn build(
    figures: &Figures,
    data: &Records,
    stacking: &Stacking<'_>,
) -> PolarsResult<Vec<(String, Vec<u8>)>> {
    let files = [
        ("budget_prognos", budget_forecast(figures)?),
        ("prognosutveckling", forecast_path(figures)?),
        ("prognossakerhet", accuracy(figures)?),
        ("sjukfranvaro", sick_leave(figures)?),
        ("personal", staff(data)?),
        ("indikatorer", indicators(figures)?),
        ("investeringar", investments(data)?),
        ("atgarder", actions(data)?),
    ];
    files
        .into_iter()
        .map(|(name, df)| Ok((format!("data/{name}.parquet"), parquet(&df, stacking)?)))
        .collect()
}
