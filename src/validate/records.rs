//! The records of the data sheets: one function per sheet kind, turning a row's cells into a typed
//! record (or its problems).
//!
//! Takes a [`RowReader`] on one row of a recognised sheet; adds the record to the [`Records`] when
//! every cell it needs is valid. A row with an error gives no record.

use super::cells::RowReader;
use super::Rules;
use crate::goals;
use crate::model::{
    Action, AgeGroup, Assessment, BudgetLine, CostType, Direction, ForecastLine, Gender, Indicator,
    Investment, InvestmentType, Origin, Paragraph, Records, SickLeaveRow, StaffRow, Unread, Vocabulary,
};
use crate::problem::ProblemKind;
use crate::schema::{Col, SheetKind};

/// Reads one data row of a sheet of `kind` into its record.
pub(super) fn read(kind: SheetKind, rr: &mut RowReader<'_>, rules: &Rules<'_>, data: &mut Records) {
    let origin = rr.origin();
    match kind {
        SheetKind::Budget | SheetKind::Forecast => account(kind, rr, origin, rules, data),
        SheetKind::Investments => investment(rr, origin, rules, data),
        SheetKind::SickLeave => sick_leave(rr, origin, rules, data),
        SheetKind::Staff => staff(rr, origin, rules, data),
        SheetKind::Indicators => indicator(rr, origin, rules, data),
        SheetKind::Actions => action(rr, origin, rules, data),
        SheetKind::Text => paragraph(rr, origin, rules, data),
        // Huvudbok rows are read by `super::ledger`.
        SheetKind::Ledger => {}
    }
}

/// A Budget or Prognos row: its key (area, activity, cost type) and its amounts; a row that gives
/// no record is kept as unread, with what is known of its key.
fn account(kind: SheetKind, rr: &mut RowReader<'_>, origin: Origin, rules: &Rules<'_>, data: &mut Records) {
    let area = rr.required_text(Col::Area);
    let activity = rr.text(Col::Activity).unwrap_or_default();
    let meant = rr.check_area(rules.names.as_ref(), area.as_deref());
    rr.check_activity(rules.names.as_ref(), area.as_deref(), &activity);
    let cost_type = rr.vocab(Col::CostType, true, CostType::parse);
    let forecast = kind == SheetKind::Forecast;
    let amount = rr.required_number(if forecast { Col::Forecast } else { Col::Budget });
    let (actual, comment) =
        if forecast { (rr.number(Col::Actual), rr.text(Col::Comment)) } else { (None, None) };
    let month = if forecast { None } else { budget_month(rr, rules.year) };
    match (area, cost_type, amount, rr.failed) {
        (Some(area), Some(cost_type), Some(amount), false) => {
            let (area, activity) = (rr.name(&area), rr.name(&activity));
            if forecast {
                let amount = Some(amount);
                data.forecast.push(ForecastLine {
                    area,
                    activity,
                    cost_type,
                    amount,
                    actual,
                    comment,
                    origin,
                });
            } else {
                data.budget.push(BudgetLine { area, activity, cost_type, amount, month, origin });
            }
        }
        (_, cost_type, ..) => data.unread.push(Unread { kind, area: meant, cost_type }),
    }
}

/// A Budget row's Månad: the month of the budget year it is for (`YYYY-MM`, a date, or the month's
/// number 1–12); `None` for an empty cell (an annual amount). A month of another year is an error:
/// the row is not counted.
fn budget_month(rr: &mut RowReader<'_>, year: i32) -> Option<u32> {
    let (d, abs) = rr.cell(Col::Month)?;
    if super::cells::is_blank(d) {
        return None;
    }
    if let Some(n) = calamine::DataType::as_f64(d).filter(|n| n.fract() == 0.0 && (1.0..=12.0).contains(n)) {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        return Some(n as u32);
    }
    let month = rr.month(Col::Month)?;
    if month.year == year {
        Some(month.month)
    } else {
        rr.error(abs, ProblemKind::BudgetMonthOtherYear { month, year });
        None
    }
}

fn investment(rr: &mut RowReader<'_>, origin: Origin, rules: &Rules<'_>, data: &mut Records) {
    let project = rr.required_text(Col::Project);
    let kind = rr.vocab(Col::Type, true, InvestmentType::parse);
    let budget = rr.required_number(Col::Budget);
    let forecast = rr.required_number(Col::Forecast);
    let area = rr.text(Col::Area);
    rr.check_area(rules.names.as_ref(), area.as_deref());
    let comment = rr.text(Col::Comment);
    if let (Some(project), Some(kind), Some(budget), Some(forecast), false) =
        (project, kind, budget, forecast, rr.failed)
    {
        data.investments.push(Investment { project, kind, budget, forecast, area, comment, origin });
    }
}

fn sick_leave(rr: &mut RowReader<'_>, origin: Origin, rules: &Rules<'_>, data: &mut Records) {
    let area = rr.required_text(Col::Area);
    rr.check_area(rules.names.as_ref(), area.as_deref());
    let month = rr.month(Col::Month);
    let gender = rr.vocab(Col::Gender, true, Gender::parse);
    let age_group = rr.vocab(Col::AgeGroup, false, AgeGroup::parse_loose);
    let ordinary = rr.required_number(Col::OrdinaryHours);
    let sick = rr.required_number(Col::SickHours);
    let long_term = rr.number(Col::LongTermHours);
    let employees = rr.number(Col::Employees);
    // The cells are named, not their hours (health data).
    let cell = |rr: &RowReader<'_>, col| {
        let c = rr.header.column(col).unwrap_or(0);
        (c, (rr.row, c))
    };
    if let (Some(o), Some(s)) = (ordinary, sick) {
        if s > o {
            let ((col, sick), (_, ordinary)) = (cell(rr, Col::SickHours), cell(rr, Col::OrdinaryHours));
            rr.error(col, ProblemKind::SickAboveOrdinary { sick, ordinary });
        }
    }
    if let (Some(l), Some(s)) = (long_term, sick) {
        if l > s {
            let ((col, long), (_, sick)) = (cell(rr, Col::LongTermHours), cell(rr, Col::SickHours));
            rr.error(col, ProblemKind::LongTermAboveSick { long, sick });
        }
    }
    if let (Some(area), Some(month), Some(gender), Some(ordinary_hours), Some(sick_hours), false) =
        (area, month, gender, ordinary, sick, rr.failed)
    {
        let area = rr.name(&area);
        data.sick_leave.push(SickLeaveRow {
            area,
            month,
            gender,
            age_group,
            ordinary_hours,
            sick_hours,
            long_term_hours: long_term,
            employees,
            origin,
        });
    }
}

fn staff(rr: &mut RowReader<'_>, origin: Origin, rules: &Rules<'_>, data: &mut Records) {
    let area = rr.required_text(Col::Area);
    rr.check_area(rules.names.as_ref(), area.as_deref());
    let gender = rr.vocab(Col::Gender, true, Gender::parse);
    let persons = rr.required_number(Col::Persons);
    let fte = rr.required_number(Col::Fte);
    let year = rr.year(Col::Year, rules.year);
    let long_term_sick = rr.number(Col::LongTermSick);
    if let (Some(area), Some(gender), Some(persons), Some(fte), Some(year), false) =
        (area, gender, persons, fte, year, rr.failed)
    {
        let area = rr.name(&area);
        data.staff.push(StaffRow { area, gender, persons, fte, year, long_term_sick, origin });
    }
}

fn action(rr: &mut RowReader<'_>, origin: Origin, _rules: &Rules<'_>, data: &mut Records) {
    let action = rr.required_text(Col::Action);
    let goal = rr.text(Col::Goal);
    let planned_start = rr.text(Col::PlannedStart);
    let status = rr.text(Col::Status);
    let responsible = rr.text(Col::Responsible);
    if let (Some(action), false) = (action, rr.failed) {
        data.actions.push(Action { action, goal, planned_start, status, responsible, origin });
    }
}

fn paragraph(rr: &mut RowReader<'_>, origin: Origin, rules: &Rules<'_>, data: &mut Records) {
    let section = rr.required_text(Col::Section);
    let text = rr.required_text(Col::Text);
    let area = rr.text(Col::Area);
    rr.check_area(rules.names.as_ref(), area.as_deref());
    if let (Some(section), Some(text), false) = (section, text, rr.failed) {
        data.paragraphs.push(Paragraph { section, text, area, origin });
    }
}

/// An Indikatorer row: the indicator, its gender split and the stated assessment checked against
/// the computed one.
fn indicator(rr: &mut RowReader<'_>, origin: Origin, rules: &Rules<'_>, data: &mut Records) {
    let goal = rr.required_text(Col::Goal);
    let name = rr.required_text(Col::Indicator);
    let target = rr.required_number(Col::Target);
    let outcome = rr.number(Col::Outcome);
    let outcome_women = rr.number(Col::OutcomeWomen);
    let outcome_men = rr.number(Col::OutcomeMen);
    let unit = rr.text(Col::Unit);
    let direction = rr.vocab(Col::Direction, false, Direction::parse).unwrap_or(Direction::HigherIsBetter);
    let stated = rr.vocab(Col::Assessment, false, Assessment::parse);
    let area = rr.text(Col::Area);
    rr.check_area(rules.names.as_ref(), area.as_deref());
    let responsible = rr.text(Col::Responsible);
    let comment = rr.text(Col::Comment);
    let (Some(goal), Some(name), Some(target), false) = (goal, name, target, rr.failed) else {
        return;
    };
    let indicator = Indicator {
        goal,
        name,
        target,
        outcome,
        outcome_women,
        outcome_men,
        unit,
        direction,
        stated,
        area,
        responsible,
        comment,
        origin,
    };
    match (indicator.outcome_women, indicator.outcome_men) {
        (Some(_), None) | (None, Some(_)) => {
            let given = if indicator.outcome_women.is_some() { Col::OutcomeWomen } else { Col::OutcomeMen };
            let place = rr.place(rr.header.column(given).unwrap_or(0));
            rr.problems.note(place, ProblemKind::OneGenderOnly { given });
        }
        _ => {}
    }
    let assessed = goals::assess_indicator(&indicator, rules.tolerance);
    if let Some(stated) = indicator.stated {
        if stated != assessed.computed && indicator.outcome.is_some() {
            let place = rr.place(rr.header.column(Col::Assessment).unwrap_or(0));
            rr.problems.warning(
                place,
                ProblemKind::AssessmentDisagrees {
                    stated,
                    computed: assessed.computed,
                    outcome: indicator.outcome.unwrap_or(0.0),
                    target: indicator.target,
                    direction: indicator.direction,
                },
            );
        }
    }
    data.indicators.push(indicator);
}
