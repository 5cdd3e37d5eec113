//! The report's forecast tables: Prognosutveckling (the Avvikelse at each forecast of the year, the
//! change since the one before, and a chart) and Prognossäkerhet (the year's outcome beside each
//! earlier forecast), from the figures' [`ForecastPath`] and [`Accuracy`].

use super::contract::{Comparison, ComparisonLine, PathBar, PathChart};
use super::ReportInput;
use crate::aggregate::path::Point;
use crate::aggregate::path::{Accuracy, ForecastPath};
use crate::labels::Lang;

/// The report's table holds at most this many forecast periods, the latest (the annex has all).
pub const MAX_PATH_COLUMNS: usize = 6;

/// "apr": a short month name for a column.
fn short_month(l: Lang, month: u32) -> String {
    l.month(month).chars().take(3).collect()
}

/// Prognosutveckling: per area and the total, the Avvikelse at each of the latest forecasts and
/// the change since the one before; none without an earlier forecast of the year.
pub(super) fn path_table(input: &ReportInput<'_>) -> Option<Comparison> {
    let path = &input.figures.path;
    if !path.has_history() {
        return None;
    }
    let (l, unit) = (input.lang, input.unit);
    let first = path.periods.len().saturating_sub(MAX_PATH_COLUMNS);
    let mut heads: Vec<String> = path.periods[first..]
        .iter()
        .map(|p| format!("{} {}", l.t("Avvikelse"), short_month(l, p.end_month())))
        .collect();
    heads.push(l.t("Förändring").to_string());
    let last = path.periods.len() - 1;
    Some(Comparison {
        heads,
        rows: path
            .rows
            .iter()
            .map(|r| ComparisonLine {
                label: r.label.text(l).to_string(),
                strong: r.total,
                rule: r.total,
                cells: r.points[first..]
                    .iter()
                    .map(|p| p.map(|p| unit.amount(p.deviation())).unwrap_or_default())
                    .chain([r.change(last).map(|c| unit.amount(c)).unwrap_or_default()])
                    .collect(),
            })
            .collect(),
    })
}

/// The committee's Avvikelse at each forecast of the year, as bars above or below a zero line.
pub(super) fn path_chart(input: &ReportInput<'_>) -> Option<PathChart> {
    let path: &ForecastPath = &input.figures.path;
    if !path.has_history() {
        return None;
    }
    let (l, unit) = (input.lang, input.unit);
    let total = path.rows.iter().find(|r| r.total)?;
    let values: Vec<(u32, f64)> = path
        .periods
        .iter()
        .zip(&total.points)
        .filter_map(|(p, pt)| Some((p.end_month(), pt.as_ref()?.deviation())))
        .collect();
    let max = values.iter().map(|(_, v)| v.abs()).fold(0.0_f64, f64::max);
    let caption = format!("{}, {}", l.t("Avvikelse mot budget vid varje prognos"), unit.word(l));
    let stated: Vec<String> = values
        .iter()
        .map(|(m, v)| format!("{}: {}\u{a0}{}", l.month(*m), unit.amount(*v), unit.word(l)))
        .collect();
    Some(PathChart {
        alt: format!("{caption}. {}", stated.join("; ")),
        caption,
        bars: values
            .iter()
            .map(|(m, v)| PathBar {
                label: short_month(l, *m),
                share: if max > 0.0 { v / max } else { 0.0 },
                text: unit.amount(*v),
            })
            .collect(),
    })
}

/// Prognossäkerhet: per area and the total, the outcome's Avvikelse, then each earlier forecast's
/// Avvikelse and its prognosavvikelse (forecast − outcome); none but at the year's last period.
pub(super) fn accuracy_table(input: &ReportInput<'_>) -> Option<Comparison> {
    let acc: &Accuracy = input.figures.accuracy.as_ref()?;
    let (l, unit) = (input.lang, input.unit);
    let first = acc.periods.len().saturating_sub(MAX_PATH_COLUMNS / 2);
    let mut heads = vec![l.t("Avvikelse i bokslutet").to_string()];
    for p in &acc.periods[first..] {
        let m = short_month(l, p.end_month());
        heads.push(format!("{} {m}", l.t("Avvikelse prognos")));
        heads.push(format!("{} {m}", l.t("Prognosavvikelse")));
    }
    let cell = |v: Option<f64>| v.map(|v| unit.amount(v)).unwrap_or_default();
    Some(Comparison {
        heads,
        rows: acc
            .rows
            .iter()
            .map(|r| {
                let mut cells = vec![cell(r.outcome_deviation())];
                for i in first..acc.periods.len() {
                    cells.push(cell(r.forecasts[i].map(Point::deviation)));
                    cells.push(cell(r.miss(i)));
                }
                ComparisonLine { label: r.label.text(l).to_string(), strong: r.total, rule: r.total, cells }
            })
            .collect(),
    })
}
