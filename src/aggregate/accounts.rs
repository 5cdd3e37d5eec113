//! The operating accounts: the consolidated keys summed by cost type and by activity, the
//! investments, and an earlier period's total deviation.
//!
//! Takes the typed [`Line`]s of the consolidate stage (amounts in whole öre, so every sum is
//! exact); gives [`AmountRow`]s in tkr.

use std::collections::BTreeMap;

use super::{AmountRow, Label, Level};
use crate::consolidate::Line;
use crate::model::{CostType, InvestmentType, Records, Vocabulary};
use crate::money::{add, ore, tkr};

/// Σ of each amount column in öre; the columns that may be missing are `None` when no line gives
/// them (Utfall, last year's Utfall of the same period, last year's Bokslut).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Sums {
    budget: i64,
    budget_to_date: Option<i64>,
    /// Whether a line with a budget has no budget to date (an annual amount).
    to_date_unknown: bool,
    forecast: i64,
    actual: Option<i64>,
    actual_last: Option<i64>,
    closing: Option<i64>,
    /// Whether a record of this year gives any of the lines.
    this_year: bool,
}

impl Sums {
    fn of<'a>(lines: impl IntoIterator<Item = &'a Line>) -> Sums {
        let mut s = Sums::default();
        for l in lines {
            s.budget = s.budget.saturating_add(l.budget.unwrap_or(0));
            add(&mut s.budget_to_date, l.budget_to_date);
            s.to_date_unknown |= l.budget.is_some() && l.budget_to_date.is_none();
            s.forecast = s.forecast.saturating_add(l.forecast.unwrap_or(0));
            add(&mut s.actual, l.actual);
            add(&mut s.actual_last, l.actual_last_year);
            add(&mut s.closing, l.closing_last_year);
            s.this_year |= l.this_year();
        }
        s
    }

    fn row(self, label: Label, level: Level) -> AmountRow {
        AmountRow {
            label,
            level,
            this_year: self.this_year,
            budget: tkr(self.budget),
            budget_to_date: self.budget_to_date.filter(|_| !self.to_date_unknown).map(tkr),
            forecast: tkr(self.forecast),
            actual: self.actual.map(tkr),
            actual_last_year: self.actual_last.map(tkr),
            closing_last_year: self.closing.map(tkr),
        }
    }
}

/// A row of a sum that always belongs to this year (a cost type, a total).
fn total<'a>(label: &'static str, level: Level, lines: impl IntoIterator<Item = &'a Line>) -> AmountRow {
    Sums { this_year: true, ..Sums::of(lines) }.row(Label::Fixed(label), level)
}

/// The five cost types in report order, `Summa KOSTNADER` (all but Intäkter) and `Summa RESULTAT`
/// (everything).
#[must_use]
pub fn by_cost_type(lines: &[Line]) -> Vec<AmountRow> {
    let mut rows: Vec<AmountRow> = CostType::WORDS
        .iter()
        .map(|(c, word)| total(word, Level::Line, lines.iter().filter(|l| l.cost_type == *c)))
        .collect();
    let costs = lines.iter().filter(|l| l.cost_type != CostType::Income);
    rows.push(total("Summa KOSTNADER", Level::Subtotal, costs));
    rows.push(total("Summa RESULTAT", Level::Total, lines));
    rows
}

/// Each area (its sum) followed by its activities, in report order, then `Summa`. An area whose
/// rows all lack an activity shows no activity rows; an area with both shows the unnamed ones as
/// "(ingen verksamhet angiven)". A row of last year only shows no budget, forecast or deviation
/// (`this_year` false).
#[must_use]
pub fn by_activity(lines: &[Line]) -> Vec<AmountRow> {
    let mut areas: BTreeMap<u32, Vec<&Line>> = BTreeMap::new();
    for l in lines {
        areas.entry(l.area_order).or_default().push(l);
    }
    let mut rows = Vec::new();
    for area in areas.values() {
        rows.push(Sums::of(area.iter().copied()).row(Label::Name(area[0].area.clone()), Level::Area));
        let mut activities: BTreeMap<u32, Vec<&Line>> = BTreeMap::new();
        for l in area {
            activities.entry(l.activity_order).or_default().push(l);
        }
        for activity in activities.values() {
            let name = &activity[0].activity;
            if name.is_empty() && activities.len() == 1 {
                continue;
            }
            let label = if name.is_empty() {
                Label::Fixed("(ingen verksamhet angiven)")
            } else {
                Label::Name(name.clone())
            };
            rows.push(Sums::of(activity.iter().copied()).row(label, Level::Activity));
        }
    }
    rows.push(total("Summa", Level::Total, lines));
    rows
}

/// `Inkomster` (when there are income lines), `Utgifter` and `Summa NETTOINVESTERINGAR`.
#[must_use]
pub fn investments(data: &Records) -> Vec<AmountRow> {
    let sum = |kind: Option<InvestmentType>| {
        let of = data.investments.iter().filter(|i| kind.is_none_or(|k| i.kind == k));
        let (budget, forecast) = of.fold((0i64, 0i64), |(b, f), i| {
            (b.saturating_add(ore(i.budget)), f.saturating_add(ore(i.forecast)))
        });
        Sums { budget, forecast, this_year: true, ..Sums::default() }
    };
    let mut rows = Vec::new();
    if data.investments.iter().any(|i| i.kind == InvestmentType::Income) {
        rows.push(sum(Some(InvestmentType::Income)).row(Label::Fixed("Inkomster"), Level::Line));
    }
    rows.push(sum(Some(InvestmentType::Expenditure)).row(Label::Fixed("Utgifter"), Level::Line));
    rows.push(sum(None).row(Label::Fixed("Summa NETTOINVESTERINGAR"), Level::Total));
    rows
}

/// Σ budget − Σ forecast of a dataset (an earlier period's), in tkr; `None` when it has no forecast.
#[must_use]
pub fn total_deviation(data: &Records) -> Option<f64> {
    if !data.forecast.iter().any(|l| l.amount.is_some()) {
        return None;
    }
    let budget: i64 = data.budget.iter().map(|l| ore(l.amount)).sum();
    let forecast: i64 = data.forecast.iter().filter_map(|l| l.amount).map(ore).sum();
    Some(tkr(budget - forecast))
}
