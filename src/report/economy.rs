//! The report's economy: the key figures, the forecast's sentences, the amount tables (by cost
//! type, by activity, investments), the area chart and the comparison with last year.
//!
//! Takes the [`ReportInput`]; gives the parts of [`super::contract`] that show money, in the
//! register's unit (tkr, or mnkr with one decimal).

use super::contract::{AmountLine, AreaBar, AreaChart, Comparison, ComparisonLine, KeyFigure};
use super::ReportInput;
use crate::aggregate::{AmountRow, Column, Level, SickGroup};
use crate::format;
use crate::labels::Lang;

/// The most rows of the table by activity that the report shows.
pub const MAX_ACTIVITY_ROWS: usize = 80;

/// The rows of an amount table, in the register's unit.
pub(super) fn amount_rows(rows: &[AmountRow], l: Lang, unit: format::Unit) -> Vec<AmountLine> {
    let this_year = |r: &AmountRow, v: f64| if r.this_year { unit.amount(v) } else { String::new() };
    rows.iter()
        .map(|r| AmountLine {
            label: r.label.text(l).to_string(),
            level: r.level,
            strong: !matches!(r.level, Level::Line | Level::Activity),
            indent: r.level == Level::Activity,
            rule: matches!(r.level, Level::Subtotal | Level::Total),
            // A row of last year only has none of this year's amounts.
            budget: this_year(r, r.budget),
            forecast: this_year(r, r.forecast),
            deviation: this_year(r, r.deviation()),
            actual: r.actual.map(|a| unit.amount(a)),
            budget_to_date: r.budget_to_date.map(|a| unit.amount(a)),
            deviation_to_date: r.deviation_to_date().map(|a| unit.amount(a)),
        })
        .collect()
}

/// `v` as a share of `max`, from 0 to 1, for a bar.
pub(super) fn share(v: f64, max: f64) -> f64 {
    if max > 0.0 && v > 0.0 {
        (v / max).min(1.0)
    } else {
        0.0
    }
}

/// The summary's key figures, the amounts in the register's unit.
pub(super) fn key_figures(input: &ReportInput<'_>) -> Vec<KeyFigure> {
    let fig = input.figures;
    let l = input.lang;
    let kf = |label: String, value: String| KeyFigure { label, value };
    let result = fig.result();
    let mut out = vec![
        kf(l.t("Budget för helåret").into(), input.unit.with_word(result.budget)),
        kf(l.t("Prognos för helåret").into(), input.unit.with_word(result.forecast)),
        kf(l.t("Avvikelse mot budget").into(), format::mnkr(result.deviation())),
    ];
    if let Some(p) = &fig.previous {
        let label = match l {
            Lang::Sv => format!("Förändring sedan prognosen i {}", p.period.end_month_name()),
            Lang::En => format!("Change since the forecast in {}", l.month(p.period.end_month())),
        };
        out.push(kf(label, format::mnkr(p.change)));
    }
    if let Some(inv) = fig.investments.last() {
        out.push(kf(l.t("Nettoinvesteringar, prognos").into(), input.unit.with_word(inv.forecast)));
    }
    let sl = &fig.sick_leave;
    let total = sl.rows.iter().find(|r| r.group == SickGroup::Total);
    if let (Some(y), Some(c)) = (sl.years.last(), total.and_then(|t| t.cells.last())) {
        if let (Some(p), false) = (c.percent, c.suppressed) {
            out.push(kf(
                format!("{} {} {y}", l.t("Sjukfrånvaro"), l.months(sl.last_month)),
                format!("{}\u{a0}%", format::percent(p)),
            ));
        }
    }
    if let Some(s) = fig.staff.iter().find(|s| s.year == fig.period.year) {
        out.push(kf(format!("{} {}", l.t("Antal årsarbetare"), s.year), format::fte(s.total.fte)));
    }
    out
}

/// The sentence on the forecast's deviation. A deviation that shows as zero (in mnkr with one
/// decimal) is "in balance", whatever the sign of what rounding dropped.
pub(super) fn prognosis_text(input: &ReportInput<'_>) -> String {
    let fig = input.figures;
    let year = fig.period.year;
    let dev = fig.result().deviation();
    let (mnkr, tkr) = (format::mnkr(dev), format::tkr(dev));
    let shown = format::round(dev / 1000.0, 1);
    let sign = if shown < 0.0 { -1 } else { i32::from(shown > 0.0) };
    match (input.lang, sign) {
        (Lang::Sv, 0) => {
            format!("Prognosen för helåret {year} visar ett resultat i balans med budgeten (avvikelse {tkr}\u{a0}tkr).")
        }
        (Lang::Sv, _) => {
            let what = if sign < 0 { "ett underskott" } else { "ett överskott" };
            format!("Prognosen för helåret {year} visar {what} mot budget på {mnkr} ({tkr}\u{a0}tkr).")
        }
        (Lang::En, 0) => {
            format!("The forecast for {year} is in balance with the budget (deviation {tkr}\u{a0}tkr).")
        }
        (Lang::En, _) => {
            let what = if sign < 0 { "a deficit" } else { "a surplus" };
            format!("The forecast for {year} shows {what} against the budget of {mnkr} ({tkr}\u{a0}tkr).")
        }
    }
}

/// The sentence on the change since the previous forecast.
pub(super) fn previous_text(input: &ReportInput<'_>) -> Option<String> {
    let l = input.lang;
    input.figures.previous.map(|p| match l {
        Lang::Sv => format!(
            "Avvikelsen har förändrats med {} sedan prognosen efter {} ({}).",
            format::mnkr(p.change),
            p.period.end_month_name(),
            p.period
        ),
        Lang::En => format!(
            "The deviation has changed by {} since the forecast after {} ({}).",
            format::mnkr(p.change),
            l.month(p.period.end_month()),
            p.period
        ),
    })
}

/// The chart of budget and forecast per area (of this year), with its alternative text.
pub(super) fn area_chart(input: &ReportInput<'_>) -> AreaChart {
    let l = input.lang;
    let areas: Vec<&AmountRow> =
        input.figures.by_activity.iter().filter(|r| r.level == Level::Area && r.this_year).collect();
    let max = areas.iter().flat_map(|a| [a.budget, a.forecast]).fold(0.0_f64, f64::max);
    let unit = input.unit;
    let caption = format!("{}, {}", l.t("Budget och prognos per verksamhetsområde"), unit.word(l));
    let figures: Vec<String> = areas
        .iter()
        .map(|a| {
            format!(
                "{}: {} {}\u{a0}{w}, {} {}\u{a0}{w}",
                a.label.text(l),
                l.t("Budget"),
                unit.amount(a.budget),
                l.t("Prognos"),
                unit.amount(a.forecast),
                w = unit.word(l),
            )
        })
        .collect();
    AreaChart {
        alt: format!("{caption}. {}", figures.join("; ")),
        caption,
        items: areas
            .iter()
            .map(|a| AreaBar {
                label: a.label.text(l).to_string(),
                budget_share: share(a.budget, max),
                forecast_share: share(a.forecast, max),
                budget_text: unit.amount(a.budget),
                forecast_text: unit.amount(a.forecast),
            })
            .collect(),
    }
}

/// The table by activity, and whether it holds the areas only.
pub(super) fn by_activity(input: &ReportInput<'_>) -> (Vec<AmountLine>, bool) {
    let fig = input.figures;
    // A long list of activities belongs in the annex: past this many rows the report gets the areas
    // and their sum only, in plain type, with the Summa in bold under its rule.
    if fig.by_activity.len() <= MAX_ACTIVITY_ROWS {
        return (amount_rows(&fig.by_activity, input.lang, input.unit), false);
    }
    let areas: Vec<AmountRow> = fig
        .by_activity
        .iter()
        .filter(|r| r.level != Level::Activity)
        .map(|r| AmountRow { level: if r.level == Level::Area { Level::Line } else { r.level }, ..r.clone() })
        .collect();
    (amount_rows(&areas, input.lang, input.unit), true)
}

/// The areas' and the sum's Utfall beside last year's, when there is a figure of last year.
pub(super) fn comparison(input: &ReportInput<'_>) -> Option<Comparison> {
    let fig = input.figures;
    let rows: Vec<&AmountRow> =
        fig.by_activity.iter().filter(|r| matches!(r.level, Level::Area | Level::Total)).collect();
    if !rows.iter().any(|r| r.actual_last_year.is_some() || r.closing_last_year.is_some()) {
        return None;
    }
    let owned: Vec<AmountRow> = rows.iter().map(|r| (*r).clone()).collect();
    // The columns after Budget, Prognos and Avvikelse: the annex's.
    let columns = Column::of(&owned).split_off(3);
    Some(Comparison {
        heads: columns.iter().map(|c| c.heading(input.lang, fig.period)).collect(),
        rows: owned
            .iter()
            .map(|r| ComparisonLine {
                label: r.label.text(input.lang).to_string(),
                strong: r.level == Level::Total,
                rule: r.level == Level::Total,
                cells: columns
                    .iter()
                    .map(|c| c.value(r).map(|v| input.unit.amount(v)).unwrap_or_default())
                    .collect(),
            })
            .collect(),
    })
}
