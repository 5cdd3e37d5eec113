//! The join behind the consolidated keys: budget, forecast and last year's actuals summed per
//! (area, activity, cost type) in exact öre — a full join, a key may have any of them — with the
//! names shown and the report order.
//!
//! Names are matched folded (case, spacing, composition: [`normalise`]); the spelling shown is the
//! register's, else the first met. The report order is the register's, then each new name as first
//! met in the Budget records, the Prognos records, and last year's. The keys come in order of first
//! appearance in the same records. Each distinct spelling is folded once, however many rows carry
//! it.

use std::collections::HashMap;

use super::{Accounts, Area, LastYear, Line};
use crate::config::Register;
use crate::model::{CostType, Records};
use crate::money::{add, ore};
use crate::names::{normalise, Name};

/// The areas and activities met so far, in report order, and the keys' lines.
#[derive(Default)]
struct Join<'a> {
    areas: Vec<Area>,
    area_keys: HashMap<String, u32>,
    /// Each spelling of an area met, and its area.
    area_spellings: HashMap<&'a str, u32>,
    activities: Vec<Name>,
    activity_keys: HashMap<(u32, String), u32>,
    activity_spellings: HashMap<(u32, &'a str), u32>,
    lines: Vec<Line>,
    line_of: HashMap<(u32, u32, CostType), usize>,
}

impl<'a> Join<'a> {
    fn area(&mut self, name: &'a str) -> u32 {
        if let Some(&a) = self.area_spellings.get(name) {
            return a;
        }
        let next = u32::try_from(self.areas.len()).unwrap_or(u32::MAX);
        let key = normalise(name);
        let a = *self.area_keys.entry(key.clone()).or_insert_with(|| next);
        if a == next {
            self.areas.push(Area { key, name: Name::from(name) });
        }
        self.area_spellings.insert(name, a);
        a
    }

    fn activity(&mut self, area: u32, name: &'a str) -> u32 {
        if let Some(&a) = self.activity_spellings.get(&(area, name)) {
            return a;
        }
        let next = u32::try_from(self.activities.len()).unwrap_or(u32::MAX);
        let a = *self.activity_keys.entry((area, normalise(name))).or_insert_with(|| next);
        if a == next {
            self.activities.push(Name::from(name));
        }
        self.activity_spellings.insert((area, name), a);
        a
    }

    /// The line of a key, made when first met.
    fn line(&mut self, area: &'a str, activity: &'a str, cost_type: CostType) -> &mut Line {
        let area = self.area(area);
        let activity = self.activity(area, activity);
        let i = *self.line_of.entry((area, activity, cost_type)).or_insert(self.lines.len());
        if i == self.lines.len() {
            self.lines.push(Line {
                area: self.areas[area as usize].name.clone(),
                activity: self.activities[activity as usize].clone(),
                cost_type,
                area_order: area,
                activity_order: activity,
                budget: None,
                budget_to_date: None,
                forecast: None,
                actual: None,
                actual_last_year: None,
                closing_last_year: None,
                budget_origin: None,
                forecast_origin: None,
            });
        }
        &mut self.lines[i]
    }
}

/// Budget, forecast and last year's actuals joined per key; the budget to date sums the months to
/// `end_month`, for the keys whose every Budget record gives its month.
pub(super) fn accounts(
    data: &Records,
    register: &Register,
    last_year: &LastYear<'_>,
    end_month: u32,
) -> Accounts {
    let mut join = Join::default();
    for a in &register.areas {
        let area = join.area(&a.name);
        for activity in &a.activities {
            join.activity(area, activity);
        }
    }
    let mut annual = Vec::new();
    for l in &data.budget {
        let line = join.line(&l.area, &l.activity, l.cost_type);
        add(&mut line.budget, Some(ore(l.amount)));
        match l.month {
            Some(m) => add(&mut line.budget_to_date, Some(if m <= end_month { ore(l.amount) } else { 0 })),
            None => annual.push((&*l.area, &*l.activity, l.cost_type)),
        }
        line.budget_origin.get_or_insert_with(|| l.origin.clone());
    }
    // A key with an annual amount has no budget to date: its months are not known.
    for (area, activity, cost_type) in annual {
        join.line(area, activity, cost_type).budget_to_date = None;
    }
    for l in &data.forecast {
        let line = join.line(&l.area, &l.activity, l.cost_type);
        add(&mut line.forecast, l.amount.map(ore));
        add(&mut line.actual, l.actual.map(ore));
        line.forecast_origin.get_or_insert_with(|| l.origin.clone());
    }
    // Last year's keys join in full too: a row of one year only is shown with empty cells for the
    // other, never dropped.
    for (records, closing) in [(last_year.same_period, false), (last_year.closing, true)] {
        for l in records.map_or(&[][..], |d| &d.forecast) {
            let line = join.line(&l.area, &l.activity, l.cost_type);
            add(
                if closing { &mut line.closing_last_year } else { &mut line.actual_last_year },
                l.actual.map(ore),
            );
        }
    }
    Accounts { lines: join.lines, areas: join.areas }
}
