//! The report's data: the figures formatted for `templates/rapport.typ`.
//!
//! Takes the [`ReportInput`]; gives [`ReportData`] (see [`super::contract`]), every figure
//! formatted the Swedish way plus the shares the charts need.

use super::contract::{
    ActionLine, ChartSeries, ChartValue, GoalCount, GoalData, IndicatorData, OtherSection, ParagraphData,
    ProjectLine, ReportData, Sections, Sick, SickChart, SickRowData, Staff, StaffCellData, StaffRowData,
};
use super::economy::{
    amount_rows, area_chart, by_activity, comparison, key_figures, previous_text, prognosis_text, share,
};
use super::ReportInput;
use crate::aggregate::{Level, SickCell, SickGroup, SickRow, StaffYear};
use crate::format;
use crate::labels::Lang;
use crate::model::{Assessment, Paragraph, Vocabulary};
use crate::names::{normalise, same_name};
use crate::period::civil_from_days;

/// The most activity areas the report's sick-leave table lists one by one; past this, the table has
/// the genders, age groups and the total, and the areas are in the annex (sheet Sjukfrånvaro).
pub const MAX_SICK_AREAS: usize = 20;

fn assessment_key(a: Assessment) -> &'static str {
    match a {
        Assessment::Met => "met",
        Assessment::PartlyMet => "partly",
        Assessment::NotMet => "notmet",
        Assessment::NotEvaluated => "na",
    }
}

/// A value with as many decimals as it has (at most two) and its unit.
fn with_unit(v: f64, unit: Option<&str>) -> String {
    let decimals = if (v - v.round()).abs() < 1e-9 {
        0
    } else if (v * 10.0 - (v * 10.0).round()).abs() < 1e-9 {
        1
    } else {
        2
    };
    let n = format::number(v, decimals);
    match unit.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => format!("{n}\u{a0}{u}"),
        None => n,
    }
}

/// The date of a timestamp as text, and as typst's date.
pub(super) fn date_text(timestamp: i64) -> (String, Option<typst::foundations::Datetime>) {
    let (y, m, d) = civil_from_days(timestamp.div_euclid(86_400));
    let text = format!("{y:04}-{m:02}-{d:02}");
    let dt = i32::try_from(y).ok().and_then(|y| {
        typst::foundations::Datetime::from_ymd(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
    });
    (text, dt)
}

fn sections(input: &ReportInput<'_>) -> Sections {
    let area_order: Vec<String> = input
        .figures
        .by_activity
        .iter()
        .filter(|r| r.level == Level::Area)
        .map(|r| normalise(r.label.text(Lang::Sv)))
        .collect();
    let rank = |p: &Paragraph| match &p.area {
        None => 0,
        Some(a) => {
            let key = normalise(a);
            1 + area_order.iter().position(|k| *k == key).unwrap_or(area_order.len())
        }
    };
    let collect = |title: &str| {
        let mut ps: Vec<&Paragraph> =
            input.paragraphs.iter().filter(|p| same_name(&p.section, title)).collect();
        ps.sort_by_key(|p| rank(p));
        ps.iter().map(|p| ParagraphData { area: p.area.clone(), text: p.text.clone() }).collect::<Vec<_>>()
    };
    let known = [
        "Sammanfattning",
        "Väsentliga händelser",
        "Prognos",
        "Åtgärder och konsekvenser",
        "Personal",
        "Kvalitet",
    ];
    let mut others: Vec<String> = Vec::new();
    for p in input.paragraphs {
        let is_known = known.iter().any(|t| same_name(t, &p.section));
        if !is_known && !others.iter().any(|o| same_name(o, &p.section)) {
            others.push(p.section.trim().to_string());
        }
    }
    Sections {
        sammanfattning: collect(known[0]),
        handelser: collect(known[1]),
        prognos: collect(known[2]),
        atgarder_konsekvenser: collect(known[3]),
        personal: collect(known[4]),
        kvalitet: collect(known[5]),
        other: others.iter().map(|t| OtherSection { title: t.clone(), paragraphs: collect(t) }).collect(),
    }
}

fn staff(input: &ReportInput<'_>) -> Staff {
    let fig = input.figures;
    let l = input.lang;
    // This year and the one before, when present.
    let mut years: Vec<&StaffYear> = fig.staff.iter().filter(|s| s.year <= fig.period.year).collect();
    years.drain(..years.len().saturating_sub(2));
    let rows = [("Kvinnor", 0usize), ("Män", 1), ("Totalt", 2)]
        .iter()
        .map(|(label, k)| StaffRowData {
            label: l.t(label).to_string(),
            strong: *k == 2,
            cells: years
                .iter()
                .map(|y| {
                    let c = match k {
                        0 => &y.women,
                        1 => &y.men,
                        _ => &y.total,
                    };
                    StaffCellData { persons: format::count(c.persons), fte: format::fte(c.fte) }
                })
                .collect(),
        })
        .collect();
    let with: Vec<(i32, f64)> =
        years.iter().filter_map(|y| Some((y.year, y.total.long_term_sick?))).collect();
    let lead = l.t("Antal långtidssjukskrivna");
    let long_term_text = match with.as_slice() {
        [] => None,
        [(y, n)] => Some(format!("{lead} {y}: {}.", format::count(*n))),
        [.., (py, pn), (y, n)] => {
            Some(format!("{lead} {y}: {} ({py}: {}).", format::count(*n), format::count(*pn)))
        }
    };
    Staff { years: years.iter().map(|y| y.year.to_string()).collect(), rows, long_term_text }
}

fn sick_cell(c: &SickCell) -> String {
    match (c.suppressed, c.percent) {
        (true, _) | (false, None) => "–".to_string(),
        (false, Some(p)) => format::percent(p),
    }
}

fn long_term_share(input: &ReportInput<'_>) -> Option<String> {
    let l = input.lang;
    let sl = &input.figures.sick_leave;
    let t = sl.rows.iter().find(|r| r.group == SickGroup::Total)?;
    let n = t.cells.len();
    let cur = t.cells.last()?.long_term_share?;
    let prev = if n >= 2 { t.cells[n - 2].long_term_share } else { None };
    let y = sl.years.last()?;
    let lead = match l {
        Lang::Sv => format!(
            "Långtidssjukfrånvaron (60 dagar eller mer) utgör {}\u{a0}% av sjukfrånvaron {y}",
            format::percent(cur)
        ),
        Lang::En => {
            format!(
                "Long-term sick leave (60 days or more) is {}\u{a0}% of sick leave in {y}",
                format::percent(cur)
            )
        }
    };
    Some(match prev {
        Some(p) => format!("{lead} ({}: {}\u{a0}%).", sl.years[n - 2], format::percent(p)),
        None => format!("{lead}."),
    })
}

fn sick_chart(input: &ReportInput<'_>, months: &str) -> SickChart {
    let l = input.lang;
    let sl = &input.figures.sick_leave;
    let rows: Vec<&SickRow> = sl.rows.iter().take(3).collect();
    let max = rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .filter(|c| !c.suppressed)
        .filter_map(|c| c.percent)
        .fold(0.0_f64, f64::max);
    let caption = format!("{}, {months}", l.t("Sjukfrånvaro i procent av ordinarie arbetstid"));
    let figures: Vec<String> = rows
        .iter()
        .map(|r| {
            let vals: Vec<String> = sl
                .years
                .iter()
                .zip(&r.cells)
                .map(|(y, c)| {
                    if c.suppressed || c.percent.is_none() {
                        format!("{y}: –")
                    } else {
                        format!("{y}: {}\u{a0}%", sick_cell(c))
                    }
                })
                .collect();
            format!("{}: {}", r.group.label().text(l), vals.join(", "))
        })
        .collect();
    SickChart {
        alt: format!("{caption}. {}", figures.join("; ")),
        caption,
        years: sl.years.iter().map(ToString::to_string).collect(),
        series: rows
            .iter()
            .map(|r| ChartSeries {
                label: r.group.label().text(l).to_string(),
                values: r
                    .cells
                    .iter()
                    .map(|c| ChartValue {
                        share: if c.suppressed { 0.0 } else { share(c.percent.unwrap_or(0.0), max) },
                        text: sick_cell(c),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn sick(input: &ReportInput<'_>) -> Sick {
    let l = input.lang;
    let sl = &input.figures.sick_leave;
    let months = l.months(sl.last_month);
    let is_area = |r: &&SickRow| matches!(r.group, SickGroup::Area(_));
    let areas_in_annex = sl.rows.iter().filter(is_area).count() > MAX_SICK_AREAS;
    // The rows the table shows; the footnote on hidden groups is about them.
    let shown: Vec<&SickRow> = sl.rows.iter().filter(|r| !(areas_in_annex && is_area(r))).collect();
    Sick {
        years: sl.years.iter().map(ToString::to_string).collect(),
        rows: shown
            .iter()
            .map(|r| SickRowData {
                label: r.group.label().text(l).to_string(),
                strong: r.group == SickGroup::Total,
                indent: false,
                cells: r.cells.iter().map(sick_cell).collect(),
            })
            .collect(),
        areas_in_annex,
        footnote: shown.iter().any(|r| r.cells.iter().any(|c| c.suppressed)),
        no_sizes: !sl.sizes_known && !sl.years.is_empty(),
        long_term_text: long_term_share(input),
        chart: sick_chart(input, &months),
        months,
    }
}

fn goals(input: &ReportInput<'_>) -> Vec<GoalData> {
    let l = input.lang;
    let show = |v: Option<f64>, unit: Option<&str>| v.map_or("–".to_string(), |v| with_unit(v, unit));
    input
        .figures
        .goals
        .iter()
        .map(|g| GoalData {
            name: g.name.clone(),
            key: assessment_key(g.assessment),
            assessment: l.t(g.assessment.word()).to_string(),
            indicators: g
                .indicators
                .iter()
                .map(|ai| {
                    let i = &ai.indicator;
                    let unit = i.unit.as_deref();
                    let split = match (i.outcome_women, i.outcome_men) {
                        (None, None) => None,
                        (w, m) => Some(format!(
                            "{} {}, {} {}",
                            l.t("Kvinnor"),
                            show(w, unit),
                            l.t("Män").to_lowercase(),
                            show(m, unit),
                        )),
                    };
                    IndicatorData {
                        name: i.name.clone(),
                        target: with_unit(i.target, unit),
                        outcome: show(i.outcome, unit),
                        split,
                        key: assessment_key(ai.result),
                        assessment: l.t(ai.result.word()).to_string(),
                        comment: i.comment.clone(),
                        earlier: ai.earlier[earlier_from(input)..].iter().map(|v| show(*v, unit)).collect(),
                    }
                })
                .collect(),
        })
        .collect()
}

/// The report shows at most this many earlier years of an indicator.
const MAX_EARLIER_YEARS: usize = 3;

/// The index of the first earlier year the report shows.
fn earlier_from(input: &ReportInput<'_>) -> usize {
    input.figures.indicator_years.len().saturating_sub(MAX_EARLIER_YEARS)
}

fn subject(input: &ReportInput<'_>) -> String {
    let period = input.figures.period;
    match input.lang {
        Lang::Sv => format!(
            "Uppföljning av ekonomi, personal och mål för {}, {}, januari–{} {}",
            input.committee,
            input.municipality,
            period.end_month_name(),
            period.year
        ),
        Lang::En => format!(
            "Follow-up of finances, staff and goals for {}, {}, January–{} {}",
            input.committee,
            input.municipality,
            input.lang.month(period.end_month()),
            period.year
        ),
    }
}

/// Builds the report's data.
#[must_use]
pub fn data(input: &ReportInput<'_>) -> ReportData {
    let fig = input.figures;
    let period = fig.period;
    let l = input.lang;
    let title = format!("{} {} {}", input.report_title, l.month(period.end_month()), period.year);
    let (by_activity, activities_in_annex) = by_activity(input);
    ReportData {
        document_title: format!("{title} – {}, {}", input.committee, input.municipality),
        keywords: vec![input.report_title.to_lowercase(), input.committee.into(), period.to_string()],
        subject: subject(input),
        title,
        lang: l.code(),
        dict: l.dictionary(),
        municipality: input.municipality.into(),
        committee: input.committee.into(),
        administration: input.administration.map(Into::into),
        period_text: format!("{}–{} {}", l.month(1), l.month(period.end_month()), period.year),
        period_short: period.to_string(),
        report_date: date_text(input.timestamp).0,
        partial: input.partial,
        problems: input.errors.clone(),
        key_figures: key_figures(input),
        goal_counts: fig
            .goal_counts()
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(a, count)| GoalCount { key: assessment_key(a), word: l.t(a.word()).to_string(), count })
            .collect(),
        sections: sections(input),
        prognosis_text: prognosis_text(input),
        previous: previous_text(input),
        by_cost_type: amount_rows(&fig.by_cost_type, l, input.unit),
        by_activity,
        activities_in_annex,
        comparison: comparison(input),
        to_date_heads: [crate::aggregate::Column::BudgetToDate, crate::aggregate::Column::DeviationToDate]
            .iter()
            .map(|c| c.heading(l, period))
            .collect(),
        forecast_path: super::forecasts::path_table(input),
        path_chart: super::forecasts::path_chart(input),
        accuracy: super::forecasts::accuracy_table(input),
        indicator_years: input.figures.indicator_years[earlier_from(input)..]
            .iter()
            .map(|y| format!("{} {y}", l.t("Utfall")))
            .collect(),
        unit: input.unit.word(l).to_string(),
        area_chart: area_chart(input),
        investments: amount_rows(&fig.investments, l, input.unit),
        investment_projects: input
            .investments
            .iter()
            .map(|i| ProjectLine {
                label: i.project.clone(),
                budget: input.unit.amount(i.budget),
                forecast: input.unit.amount(i.forecast),
                deviation: input.unit.amount(crate::money::difference(i.budget, i.forecast)),
            })
            .collect(),
        staff: staff(input),
        sick: sick(input),
        goals: goals(input),
        actions: input
            .actions
            .iter()
            .map(|a| ActionLine {
                action: a.action.clone(),
                goal: a.goal.clone().unwrap_or_default(),
                start: a.planned_start.clone().unwrap_or_default(),
                status: a.status.clone().unwrap_or_default(),
                responsible: a.responsible.clone().unwrap_or_default(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_follows_its_number_after_a_no_break_space() {
        assert_eq!(with_unit(34.99, Some("%")), "34,99\u{a0}%");
        assert_eq!(with_unit(3.0, Some(" dagar ")), "3\u{a0}dagar");
        assert_eq!(with_unit(2.5, None), "2,5");
    }
}
