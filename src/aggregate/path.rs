//! The forecast's path through the year (Prognosutveckling) and how good it was (Prognossäkerhet).
//!
//! Takes the period's consolidated lines and areas and the earlier folders of the same year; gives
//! per area and for the committee the budget and full-year forecast at every forecast period of
//! the year ([`ForecastPath`]) and, at the year's last period, the year's outcome beside each
//! earlier forecast ([`Accuracy`]). Sums are exact in öre; an area a period does not name has no
//! figure there (never 0).

use std::collections::HashMap;

use crate::consolidate::{Area, Line};
use crate::model::Records;
use crate::money::{ore, tkr};
use crate::names::normalise;
use crate::period::Period;

use super::Label;

/// An area's (or the committee's) budget and forecast at one period, tkr.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub budget: f64,
    pub forecast: f64,
}

impl Point {
    /// Avvikelse = Budget − Prognos.
    #[must_use]
    pub fn deviation(self) -> f64 {
        crate::money::difference(self.budget, self.forecast)
    }
}

/// One row of the path: an area, or Summa last.
#[derive(Clone, Debug, PartialEq)]
pub struct PathRow {
    pub label: Label,
    /// True for the committee's total.
    pub total: bool,
    /// The figures at each of [`ForecastPath::periods`], `None` where that period does not name the
    /// area.
    pub points: Vec<Option<Point>>,
}

impl PathRow {
    /// The change of the Avvikelse at point `i` since the previous point that has one.
    #[must_use]
    pub fn change(&self, i: usize) -> Option<f64> {
        let now = self.points.get(i).copied().flatten()?;
        let before = self.points[..i].iter().rev().find_map(|p| *p)?;
        Some(crate::money::difference(now.deviation(), before.deviation()))
    }
}

/// The forecast periods of the year in order, the current one last, and a row per area and the
/// total.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastPath {
    pub periods: Vec<Period>,
    pub rows: Vec<PathRow>,
}

impl ForecastPath {
    /// True when an earlier folder of the year gives a forecast: only then is there a path to
    /// show.
    #[must_use]
    pub fn has_history(&self) -> bool {
        self.periods.len() > 1
    }
}

/// One row of Prognossäkerhet: the year's outcome and each earlier forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct AccuracyRow {
    pub label: Label,
    pub total: bool,
    /// The year's budget (the last period's), tkr.
    pub budget: Option<f64>,
    /// The year's outcome: Σ Utfall of the last period, tkr.
    pub outcome: Option<f64>,
    /// The forecast at each of [`Accuracy::periods`], tkr.
    pub forecasts: Vec<Option<Point>>,
}

impl AccuracyRow {
    /// Prognosavvikelse of forecast `i`: forecast − outcome, positive when the outcome was better
    /// than forecast.
    #[must_use]
    pub fn miss(&self, i: usize) -> Option<f64> {
        let f = self.forecasts.get(i).copied().flatten()?;
        Some(crate::money::difference(f.forecast, self.outcome?))
    }

    /// The outcome's Avvikelse: budget − outcome.
    #[must_use]
    pub fn outcome_deviation(&self) -> Option<f64> {
        Some(crate::money::difference(self.budget?, self.outcome?))
    }
}

/// How good the year's forecasts were, at its last period.
#[derive(Clone, Debug, PartialEq)]
pub struct Accuracy {
    /// The earlier forecast periods of the year, in order.
    pub periods: Vec<Period>,
    pub rows: Vec<AccuracyRow>,
}

/// Exact sums per folded area name, and the areas in first-met order.
#[derive(Default)]
struct Sums {
    by_area: HashMap<String, (i64, i64, i64)>,
    order: Vec<(String, crate::names::Name)>,
    any_forecast: bool,
    any_actual: bool,
    /// Each spelling met, folded once (a folder's rows repeat a few names many times).
    folded: HashMap<crate::names::Name, String>,
}

impl Sums {
    fn add(&mut self, area: &crate::names::Name, budget: i64, forecast: i64, actual: i64) {
        let key = match self.folded.get(area) {
            Some(key) => key,
            None => self.folded.entry(area.clone()).or_insert_with(|| normalise(area)),
        };
        if let Some(s) = self.by_area.get_mut(key) {
            *s = (s.0 + budget, s.1 + forecast, s.2 + actual);
        } else {
            self.order.push((key.clone(), area.clone()));
            self.by_area.insert(key.clone(), (budget, forecast, actual));
        }
    }

    fn of_records(d: &Records) -> Sums {
        let mut s = Sums::default();
        for l in &d.budget {
            s.add(&l.area, ore(l.amount), 0, 0);
        }
        for l in &d.forecast {
            if let Some(f) = l.amount {
                s.add(&l.area, 0, ore(f), 0);
                s.any_forecast = true;
            }
        }
        s
    }

    fn of_lines(lines: &[Line]) -> Sums {
        let mut s = Sums::default();
        for l in lines.iter().filter(|l| l.this_year()) {
            s.add(&l.area, l.budget.unwrap_or(0), l.forecast.unwrap_or(0), l.actual.unwrap_or(0));
            s.any_forecast |= l.forecast.is_some();
            s.any_actual |= l.actual.is_some();
        }
        s
    }

    fn point(&self, key: &str) -> Option<Point> {
        self.by_area.get(key).map(|&(b, f, _)| Point { budget: tkr(b), forecast: tkr(f) })
    }

    fn total(&self) -> Point {
        let (b, f) = self.by_area.values().fold((0, 0), |(b, f), v| (b + v.0, f + v.1));
        Point { budget: tkr(b), forecast: tkr(f) }
    }
}

/// The rows' areas: the period's in report order, then those only earlier periods name.
fn areas(areas: &[Area], sums: &[&Sums]) -> Vec<(String, Label)> {
    let mut out: Vec<(String, Label)> =
        areas.iter().map(|a| (a.key.clone(), Label::Name(a.name.clone()))).collect();
    for s in sums {
        for (key, name) in &s.order {
            if !out.iter().any(|(k, _)| k == key) {
                out.push((key.clone(), Label::Name(name.clone())));
            }
        }
    }
    out
}

/// The earlier folders of `period`'s year that give a forecast, oldest first.
fn earlier(period: Period, history: &[(Period, Records)]) -> Vec<(Period, Sums)> {
    let mut v: Vec<(Period, Sums)> = history
        .iter()
        .filter(|(p, _)| p.year == period.year && period.after(*p))
        .map(|(p, d)| (*p, Sums::of_records(d)))
        .filter(|(_, s)| s.any_forecast)
        .collect();
    v.sort_by_key(|(p, _)| *p);
    v
}

/// The path of the year's forecasts up to `period` (the period alone when no earlier folder of the
/// year gives one).
#[must_use]
pub fn forecast_path(
    period: Period,
    lines: &[Line],
    report_areas: &[Area],
    history: &[(Period, Records)],
) -> ForecastPath {
    let earlier = earlier(period, history);
    let now = Sums::of_lines(lines);
    let mut all: Vec<&Sums> = earlier.iter().map(|(_, s)| s).collect();
    all.push(&now);
    let mut periods: Vec<Period> = earlier.iter().map(|(p, _)| *p).collect();
    periods.push(period);
    let mut rows: Vec<PathRow> = areas(report_areas, &all)
        .into_iter()
        .map(|(key, label)| PathRow {
            label,
            total: false,
            points: all.iter().map(|s| s.point(&key)).collect(),
        })
        .filter(|r| r.points.iter().any(Option::is_some))
        .collect();
    rows.push(PathRow {
        label: Label::Fixed("Summa"),
        total: true,
        points: all.iter().map(|s| Some(s.total())).collect(),
    });
    ForecastPath { periods, rows }
}

/// At the year's last period, its outcome (Σ Utfall) beside each earlier forecast of the year.
#[must_use]
pub fn accuracy(
    period: Period,
    lines: &[Line],
    report_areas: &[Area],
    history: &[(Period, Records)],
) -> Option<Accuracy> {
    let now = Sums::of_lines(lines);
    if !period.is_year_end() || !now.any_actual {
        return None;
    }
    let earlier = earlier(period, history);
    if earlier.is_empty() {
        return None;
    }
    let sums: Vec<&Sums> = earlier.iter().map(|(_, s)| s).chain([&now]).collect();
    let outcome = |key: &str| now.by_area.get(key).map(|&(b, _, a)| (tkr(b), tkr(a)));
    let mut rows: Vec<AccuracyRow> = areas(report_areas, &sums)
        .into_iter()
        .map(|(key, label)| {
            let o = outcome(&key);
            AccuracyRow {
                label,
                total: false,
                budget: o.map(|(b, _)| b),
                outcome: o.map(|(_, a)| a),
                forecasts: earlier.iter().map(|(_, s)| s.point(&key)).collect(),
            }
        })
        .filter(|r| r.outcome.is_some() || r.forecasts.iter().any(Option::is_some))
        .collect();
    let (b, a) = now.by_area.values().fold((0, 0), |(b, a), v| (b + v.0, a + v.2));
    rows.push(AccuracyRow {
        label: Label::Fixed("Summa"),
        total: true,
        budget: Some(tkr(b)),
        outcome: Some(tkr(a)),
        forecasts: earlier.iter().map(|(_, s)| Some(s.total())).collect(),
    });
    Some(Accuracy { periods: earlier.iter().map(|(p, _)| *p).collect(), rows })
}
