//! Goal and indicator follow-up: the assessment rules of SPEC.md.
//!
//! Takes indicators (target, outcome, direction, stated assessment) and the tolerance; gives each
//! indicator's computed and final [`Assessment`] and each goal's roll-up (the worst of its
//! indicators, ignoring Ej utvärderad).

use crate::model::{Assessment, Direction, Indicator};

/// The default tolerance: an outcome on the wrong side of the target by at most 10 % of |target| is
/// Delvis uppfyllt.
pub const DEFAULT_TOLERANCE: f64 = 0.10;

/// Computes the assessment of an outcome against a target.
///
/// Met or beaten → Uppfyllt; on the wrong side but |outcome − target| ≤ tolerance × |target| →
/// Delvis uppfyllt; further → Ej uppfyllt; no outcome → Ej utvärderad. The comparison allows for
/// the binary representation of decimals (1e-9 relative), so exactly 10 % off is Delvis uppfyllt.
#[must_use]
pub fn assess(target: f64, outcome: Option<f64>, direction: Direction, tolerance: f64) -> Assessment {
    let Some(outcome) = outcome else {
        return Assessment::NotEvaluated;
    };
    let shortfall = match direction {
        Direction::HigherIsBetter => target - outcome,
        Direction::LowerIsBetter => outcome - target,
    };
    let eps = 1e-9 * target.abs().max(outcome.abs()).max(1.0);
    if shortfall <= eps {
        Assessment::Met
    } else if shortfall <= tolerance * target.abs() + eps {
        Assessment::PartlyMet
    } else {
        Assessment::NotMet
    }
}

/// An indicator with its assessments.
#[derive(Clone, Debug, PartialEq)]
pub struct AssessedIndicator {
    pub indicator: Indicator,
    /// The assessment computed from the figures.
    pub computed: Assessment,
    /// The assessment used: the stated one when given, else the computed one.
    pub result: Assessment,
    /// Its outcomes of earlier years (the years of [`EarlierOutcomes::years`], `None` where a year
    /// does not have it).
    pub earlier: Vec<Option<f64>>,
}

/// The outcomes of earlier years, from the history folders: each year's latest period folder with
/// indicators, oldest year first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EarlierOutcomes {
    pub years: Vec<i32>,
    /// Per year, the outcome of each indicator by its key (goal and indicator name, case and
    /// spacing ignored).
    pub outcomes: Vec<std::collections::HashMap<(String, String), f64>>,
}

impl EarlierOutcomes {
    /// Collects them from `history` (most recent first) for the years before `year`.
    #[must_use]
    pub fn of(year: i32, history: &[(crate::period::Period, crate::model::Records)]) -> Self {
        let mut by_year: std::collections::BTreeMap<i32, &crate::model::Records> =
            std::collections::BTreeMap::new();
        for (p, d) in history {
            if p.year < year && !d.indicators.is_empty() {
                by_year.entry(p.year).or_insert(d);
            }
        }
        EarlierOutcomes {
            years: by_year.keys().copied().collect(),
            outcomes: by_year
                .values()
                .map(|d| d.indicators.iter().filter_map(|i| Some((key(i), i.outcome?))).collect())
                .collect(),
        }
    }

    /// The earlier outcomes of an indicator, one per year.
    #[must_use]
    pub fn for_indicator(&self, indicator: &Indicator) -> Vec<Option<f64>> {
        let k = key(indicator);
        self.outcomes.iter().map(|m| m.get(&k).copied()).collect()
    }
}

/// An indicator's key across years: goal and name, case and spacing ignored.
fn key(i: &Indicator) -> (String, String) {
    (crate::names::normalise(&i.goal), crate::names::normalise(&i.name))
}

/// A goal with its indicators, in input order.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    pub name: String,
    /// The worst assessment of its indicators, ignoring Ej utvärderad.
    pub assessment: Assessment,
    pub indicators: Vec<AssessedIndicator>,
}

#[must_use]
pub fn assess_indicator(indicator: &Indicator, tolerance: f64) -> AssessedIndicator {
    let computed = assess(indicator.target, indicator.outcome, indicator.direction, tolerance);
    AssessedIndicator {
        indicator: indicator.clone(),
        computed,
        result: indicator.stated.unwrap_or(computed),
        earlier: Vec::new(),
    }
}

/// Rolls a goal's assessments up: the worst, ignoring Ej utvärderad; a goal with only Ej utvärderad
/// (or none) is Ej utvärderad.
#[must_use]
pub fn roll_up(assessments: impl IntoIterator<Item = Assessment>) -> Assessment {
    assessments
        .into_iter()
        .filter(|a| *a != Assessment::NotEvaluated)
        .max()
        .unwrap_or(Assessment::NotEvaluated)
}

/// Groups indicators under their goals (goals in order of first appearance) and assesses them; each
/// gets its outcomes of `earlier` years.
#[must_use]
pub fn goals(indicators: &[Indicator], tolerance: f64, earlier: &EarlierOutcomes) -> Vec<Goal> {
    let mut out: Vec<Goal> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for ind in indicators {
        let assessed =
            AssessedIndicator { earlier: earlier.for_indicator(ind), ..assess_indicator(ind, tolerance) };
        let key = crate::names::normalise(&ind.goal);
        if let Some(i) = index.get(&key) {
            out[*i].indicators.push(assessed);
        } else {
            index.insert(key, out.len());
            out.push(Goal {
                name: ind.goal.trim().to_string(),
                assessment: Assessment::NotEvaluated,
                indicators: vec![assessed],
            });
        }
    }
    for g in &mut out {
        g.assessment = roll_up(g.indicators.iter().map(|i| i.result));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Assessment::*;
    use Direction::*;

    const T: f64 = DEFAULT_TOLERANCE;

    #[test]
    fn higher_is_better() {
        assert_eq!(assess(50.0, Some(74.0), HigherIsBetter, T), Met);
        assert_eq!(assess(50.0, Some(50.0), HigherIsBetter, T), Met);
        assert_eq!(assess(100.0, Some(90.0), HigherIsBetter, T), PartlyMet);
        assert_eq!(assess(100.0, Some(89.9), HigherIsBetter, T), NotMet);
        assert_eq!(assess(100.0, Some(32.0), HigherIsBetter, T), NotMet);
    }

    #[test]
    fn exactly_ten_percent_off_is_partly_met() {
        assert_eq!(assess(100.0, Some(90.0), HigherIsBetter, T), PartlyMet);
        assert_eq!(assess(45.0, Some(49.5), LowerIsBetter, T), PartlyMet);
        assert_eq!(assess(0.3, Some(0.27), HigherIsBetter, T), PartlyMet);
    }

    #[test]
    fn lower_is_better() {
        assert_eq!(assess(45.0, Some(48.0), LowerIsBetter, T), PartlyMet);
        assert_eq!(assess(45.0, Some(40.0), LowerIsBetter, T), Met);
        assert_eq!(assess(45.0, Some(50.0), LowerIsBetter, T), NotMet);
    }

    #[test]
    fn negative_targets() {
        // A cost change of −1 % against a target of −5 % (lower is better).
        assert_eq!(assess(-5.0, Some(-1.0), LowerIsBetter, T), NotMet);
        assert_eq!(assess(-5.0, Some(-6.0), LowerIsBetter, T), Met);
        assert_eq!(assess(-5.0, Some(-4.5), LowerIsBetter, T), PartlyMet);
        assert_eq!(assess(-5.0, Some(-4.0), HigherIsBetter, T), Met);
    }

    #[test]
    fn missing_outcome_is_not_evaluated() {
        assert_eq!(assess(3.0, None, LowerIsBetter, T), NotEvaluated);
    }

    #[test]
    fn tolerance_is_configurable() {
        assert_eq!(assess(100.0, Some(85.0), HigherIsBetter, 0.2), PartlyMet);
        assert_eq!(assess(100.0, Some(85.0), HigherIsBetter, 0.1), NotMet);
    }

    #[test]
    fn roll_up_takes_the_worst_ignoring_not_evaluated() {
        assert_eq!(roll_up([Met, PartlyMet]), PartlyMet);
        assert_eq!(roll_up([Met, NotEvaluated]), Met);
        assert_eq!(roll_up([NotEvaluated, NotEvaluated]), NotEvaluated);
        assert_eq!(roll_up([Met, NotMet, PartlyMet]), NotMet);
        assert_eq!(roll_up([]), NotEvaluated);
    }
}
