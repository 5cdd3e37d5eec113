//! Sick leave: hours summed per group and year over the months compared, shares recomputed from the
//! sums, small groups suppressed.
//!
//! Takes this period's sick-leave rows and the earlier periods' (most recent first), the period,
//! whether group sizes are known and the areas in report order; gives [`SickLeave`]. For a month
//! present in several folders the most recent folder's rows are used. The months compared are
//! January up to the last month present for the period's year (at most the period's last month),
//! the same months for every earlier year. Shares are 100 × Σ sick ÷ Σ ordinary hours, never
//! averages; a group of ten employees or fewer (its largest monthly Σ Antal anställda) is marked
//! suppressed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{SickCell, SickGroup, SickLeave, SickRow};
use crate::consolidate::Area;
use crate::model::{AgeGroup, Gender, SickLeaveRow, Vocabulary};
use crate::money::{hundredths, quantity};
use crate::names::normalise;
use crate::period::{Period, YearMonth};

/// A group of this many employees or fewer is not shown.
pub const MAX_SUPPRESSED_SIZE: f64 = 10.0;

/// The rows of the months compared, and the last month compared: every folder's rows, each month
/// from the most recent folder that has it, then only the months compared.
fn compared_rows<'a>(
    current: &'a [SickLeaveRow],
    history: &[&'a [SickLeaveRow]],
    period: Period,
) -> (Vec<&'a SickLeaveRow>, u32) {
    let folders: Vec<&[SickLeaveRow]> = std::iter::once(current).chain(history.iter().copied()).collect();
    let mut newest: HashMap<YearMonth, usize> = HashMap::new();
    for (source, rows) in folders.iter().enumerate() {
        for r in *rows {
            newest.entry(r.month).or_insert(source);
        }
    }
    let end = period.end_month();
    let in_year = newest.keys().filter(|m| m.year == period.year && m.month <= end).map(|m| m.month).max();
    let last_month =
        in_year.unwrap_or_else(|| newest.keys().map(|m| m.month).max().map_or(0, |m| m.min(end)));
    let newest = &newest;
    let rows = folders
        .iter()
        .enumerate()
        .flat_map(|(source, rows)| rows.iter().filter(move |r| newest[&r.month] == source))
        .filter(|r| r.month.month <= last_month && r.month.year <= period.year)
        .collect();
    (rows, last_month)
}

/// The sums of one group in one year, in hundredths (hours, employees); wide enough that no number
/// of rows within the read stage's bounds can overflow them.
#[derive(Clone, Default)]
struct Sums {
    rows: usize,
    ordinary: i128,
    sick: i128,
    long_term: i128,
    long_term_rows: usize,
    /// Σ Antal anställda and the rows giving it, by month.
    employees: BTreeMap<u32, (i128, usize)>,
}

impl Sums {
    fn add(&mut self, r: &SickLeaveRow) {
        self.rows += 1;
        self.ordinary += i128::from(hundredths(r.ordinary_hours));
        self.sick += i128::from(hundredths(r.sick_hours));
        if let Some(hours) = r.long_term_hours {
            self.long_term += i128::from(hundredths(hours));
            self.long_term_rows += 1;
        }
        let month = self.employees.entry(r.month.month).or_default();
        if let Some(e) = r.employees {
            *month = (month.0 + i128::from(hundredths(e)), month.1 + 1);
        }
    }

    fn cell(&self, sizes_known: bool) -> SickCell {
        let ratio = |a: i128, b: i128| 100.0 * a as f64 / b as f64;
        let given = self.employees.values().any(|m| m.1 > 0);
        let largest = self.employees.values().map(|m| m.0).max().unwrap_or(0);
        let size = given.then(|| quantity(i64::try_from(largest).unwrap_or(i64::MAX)));
        // A group too small to show has no shares at all, so that no output can show one by forgetting
        // to look at `suppressed`.
        let suppressed = sizes_known && size.is_some_and(|s| s <= MAX_SUPPRESSED_SIZE);
        let shown = !suppressed;
        SickCell {
            percent: (shown && self.ordinary > 0).then(|| ratio(self.sick, self.ordinary)),
            long_term_share: (shown && self.long_term_rows > 0 && self.sick > 0)
                .then(|| ratio(self.long_term, self.sick)),
            size,
            suppressed,
        }
    }
}

/// Sick leave over the same months of every year present.
///
/// `areas` are in report order; areas met only in the sick-leave rows follow in the order met.
#[must_use]
pub fn sick_leave(
    current: &[SickLeaveRow],
    history: &[&[SickLeaveRow]],
    period: Period,
    sizes_known: bool,
    areas: &[Area],
) -> SickLeave {
    let (rows, last_month) = compared_rows(current, history, period);
    let years: Vec<i32> = rows.iter().map(|r| r.month.year).collect::<BTreeSet<_>>().into_iter().collect();
    // The table's groups: women, men, the total, the age groups, then the areas by their name as
    // matched: the register's and the accounts' first, in report order, then those met only here,
    // in the order met; each spelling folded once.
    let mut groups = vec![SickGroup::Gender(Gender::Woman), SickGroup::Gender(Gender::Man), SickGroup::Total];
    groups.extend(AgeGroup::WORDS.iter().map(|(a, _)| SickGroup::Age(*a)));
    let first_area = groups.len();
    groups.extend(areas.iter().map(|a| SickGroup::Area(a.name.clone())));
    let mut key_slot: HashMap<String, usize> =
        areas.iter().enumerate().map(|(i, a)| (a.key.clone(), first_area + i)).collect();
    let mut spelling_slot: HashMap<&str, usize> = HashMap::new();
    for r in &rows {
        spelling_slot.entry(&r.area).or_insert_with(|| {
            *key_slot.entry(normalise(&r.area)).or_insert_with(|| {
                groups.push(SickGroup::Area(r.area.clone()));
                groups.len() - 1
            })
        });
    }
    let age_slot = |a: AgeGroup| AgeGroup::WORDS.iter().position(|(x, _)| *x == a).map(|i| 3 + i);
    let mut sums = vec![Sums::default(); groups.len() * years.len()];
    for r in &rows {
        let year = years.binary_search(&r.month.year).unwrap_or(0);
        let gender = usize::from(r.gender == Gender::Man);
        let area = Some(spelling_slot[&*r.area]);
        for slot in [Some(gender), Some(2), r.age_group.and_then(age_slot), area].into_iter().flatten() {
            sums[slot * years.len() + year].add(r);
        }
    }
    let mut out = SickLeave { last_month, years: years.clone(), rows: Vec::new(), sizes_known };
    for (g, group) in groups.into_iter().enumerate() {
        let sums = &sums[g * years.len()..(g + 1) * years.len()];
        if matches!(group, SickGroup::Age(_)) && sums.iter().all(|s| s.rows == 0) {
            continue;
        }
        let cells =
            sums.iter().map(|s| if s.rows > 0 { s.cell(sizes_known) } else { SickCell::default() }).collect();
        out.rows.push(SickRow { group, cells });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;
    use crate::names::Name;

    fn row(area: &str, month: u32, gender: Gender, hours: (f64, f64, f64), employees: f64) -> SickLeaveRow {
        let origin = Origin { file: Name::from("hr.xlsx"), sheet: Name::from("Sjukfrånvaro"), row: 1 };
        SickLeaveRow {
            area: Name::from(area),
            month: YearMonth { year: 2022, month },
            gender,
            age_group: None,
            ordinary_hours: hours.0,
            sick_hours: hours.1,
            long_term_hours: Some(hours.2),
            employees: Some(employees),
            origin,
        }
    }

    fn area(name: &str) -> Area {
        Area { key: normalise(name), name: Name::from(name) }
    }

    fn cell(s: &SickLeave, group: &SickGroup) -> SickCell {
        s.rows.iter().find(|r| &r.group == group).map(|r| r.cells[0]).unwrap_or_default()
    }

    #[test]
    fn rule_shares_are_recomputed_from_the_summed_hours_and_spellings_of_an_area_are_one_group() {
        let rows = [
            row("Vuxen", 1, Gender::Woman, (1000.0, 100.0, 50.0), 8.0),
            row("VUXEN ", 2, Gender::Woman, (100.0, 50.0, 0.0), 7.0),
            row("Vuxen", 2, Gender::Man, (300.0, 0.3, 0.0), 6.0),
        ];
        let period = "2022-T1".parse().unwrap();
        let s = sick_leave(&rows, &[], period, true, &[area("Vuxen")]);
        assert_eq!((s.years.clone(), s.last_month), (vec![2022], 2));
        // 150.3 of 1 400 hours: 10.7357… %, not the mean of the rows' shares.
        let total = cell(&s, &SickGroup::Total);
        assert!((total.percent.unwrap() - 100.0 * 150.3 / 1400.0).abs() < 1e-9);
        assert!((total.long_term_share.unwrap() - 100.0 * 50.0 / 150.3).abs() < 1e-9);
        // The largest monthly sum of employees: 7 + 6 in February.
        assert_eq!(total.size, Some(13.0));
        let areas: Vec<_> = s.rows.iter().filter(|r| matches!(r.group, SickGroup::Area(_))).collect();
        assert_eq!(areas.len(), 1);
        assert_eq!(areas[0].cells[0], total);
        // Women: at most 8 employees in a month, so no share is shown.
        let women = cell(&s, &SickGroup::Gender(Gender::Woman));
        assert_eq!((women.suppressed, women.percent, women.long_term_share), (true, None, None));
        // No row names an age group: their rows are left out.
        assert!(!s.rows.iter().any(|r| matches!(r.group, SickGroup::Age(_))));
    }

    #[test]
    fn regression_no_sick_leave_rows_still_lists_the_groups_without_figures() {
        let s = sick_leave(&[], &[], "2022-T2".parse().unwrap(), false, &[area("Vuxen"), area("Barn")]);
        let groups: Vec<_> = s.rows.iter().map(|r| (r.group.clone(), r.cells.len())).collect();
        assert_eq!(
            groups,
            [
                (SickGroup::Gender(Gender::Woman), 0),
                (SickGroup::Gender(Gender::Man), 0),
                (SickGroup::Total, 0),
                (SickGroup::Area(Name::from("Vuxen")), 0),
                (SickGroup::Area(Name::from("Barn")), 0),
            ]
        );
    }
}
