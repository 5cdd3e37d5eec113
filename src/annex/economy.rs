//! The annex's economy sheets: Sammanfattning, Driftredovisning, Verksamhet and Investeringar.

use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet, XlsxError};

use super::{
    alt_text, amount_table, amount_widths, assessment_format, fit_row, fit_width, sheet, u16c, u32r,
    AnnexInput, Formats, Page, PRELIMINARY,
};
use crate::aggregate::{AmountRow, Level, SickGroup};
use crate::labels::Lang;
use crate::model::Vocabulary;
use crate::problem::Severity;

/// The sheet Sammanfattning.
pub(super) fn summary(
    wb: &mut Workbook,
    input: &AnnexInput<'_>,
    f: &Formats,
    title: &str,
) -> Result<(), XlsxError> {
    let fig = input.figures;
    let l = input.lang;
    let ws = sheet(wb, l, "Sammanfattning", Page { landscape: false, repeat: None })?;
    for (c, width) in [(0, 44), (1, 16), (2, 16), (3, 16)] {
        ws.set_column_width(c, width)?;
    }
    let mut r = 0;
    if input.partial {
        ws.write_string_with_format(r, 0, l.t(PRELIMINARY), &f.warn)?;
        r += 2;
    }
    ws.write_string_with_format(r, 0, title, &f.title)?;
    ws.write_string(r + 1, 0, format!("{}, {}", input.committee, input.municipality))?;
    let (period, end) = (fig.period, l.month(fig.period.end_month()));
    ws.write_string(r + 2, 0, format!("{}: {period} ({}–{end} {})", l.t("Period"), l.month(1), period.year))?;
    r += 4;
    for (c, head) in ["Nyckeltal", "Budget", "Prognos", "Avvikelse"].into_iter().enumerate() {
        ws.write_string_with_format(r, u16c(c), l.t(head), if c == 0 { &f.header } else { &f.header_num })?;
    }
    r += 1;
    // A labelled row of figures, each in its column and format.
    let line = |ws: &mut Worksheet, r: &mut u32, label: String, values: &[(u16, f64, &Format)]| {
        ws.write_string(*r, 0, label)?;
        for (c, v, format) in values {
            ws.write_number_with_format(*r, *c, *v, format)?;
        }
        *r += 1;
        Ok::<_, XlsxError>(())
    };
    let amounts =
        |a: &AmountRow| [(1, a.budget, &f.tkr), (2, a.forecast, &f.tkr), (3, a.deviation(), &f.tkr)];
    line(ws, &mut r, l.t("Driftredovisning, Summa RESULTAT, tkr").into(), &amounts(fig.result()))?;
    if let Some(inv) = fig.investments.last() {
        line(ws, &mut r, l.t("Summa NETTOINVESTERINGAR, tkr").into(), &amounts(inv))?;
    }
    if let Some(p) = &fig.previous {
        let label = match l {
            Lang::Sv => format!("Förändring av avvikelsen sedan {}, tkr", p.period),
            Lang::En => format!("Change of the deviation since {}, SEK thousand", p.period),
        };
        line(ws, &mut r, label, &[(3, p.change, &f.tkr)])?;
    }
    r += 1;
    let sl = &fig.sick_leave;
    let total = sl.rows.iter().find(|row| row.group == SickGroup::Total);
    if let (Some(y), Some(p)) = (sl.years.last(), total.and_then(|t| t.cells.last()).and_then(|c| c.percent))
    {
        line(
            ws,
            &mut r,
            format!("{} {y}, {}, %", l.t("Sjukfrånvaro"), l.months(sl.last_month)),
            &[(1, p, &f.pct)],
        )?;
    }
    if let Some(s) = fig.staff.iter().find(|s| s.year == fig.period.year) {
        line(ws, &mut r, format!("{} {}", l.t("Antal personer"), s.year), &[(1, s.total.persons, &f.count)])?;
        line(ws, &mut r, format!("{} {}", l.t("Antal årsarbetare"), s.year), &[(1, s.total.fte, &f.fte)])?;
    }
    goals_and_checks(ws, input, f, r + 1)
}

/// The summary's goal counts and problem counts (and, when written despite errors, the errors),
/// from row `r`.
fn goals_and_checks(
    ws: &mut rust_xlsxwriter::Worksheet,
    input: &AnnexInput<'_>,
    f: &Formats,
    mut r: u32,
) -> Result<(), XlsxError> {
    let fig = input.figures;
    let l = input.lang;
    ws.write_string_with_format(r, 0, l.t("Mål per bedömning"), &f.header)?;
    ws.write_string_with_format(r, 1, l.t("Antal mål"), &f.header_num)?;
    r += 1;
    for (a, n) in fig.goal_counts() {
        ws.write_string_with_format(r, 0, l.t(a.word()), &assessment_format(a))?;
        ws.write_number_with_format(r, 1, f64::from(u32r(n)), &f.count)?;
        r += 1;
    }
    r += 1;
    let count = |s| input.problems.iter().filter(|p| p.severity == s).count();
    ws.write_string_with_format(r, 0, l.t("Kontroller"), &f.header)?;
    ws.write_string_with_format(r, 1, l.t("Antal"), &f.header_num)?;
    r += 1;
    for (label, s) in [
        (l.t("Fel"), Severity::Error),
        (l.t("Varningar"), Severity::Warning),
        (l.t("Noteringar"), Severity::Note),
    ] {
        ws.write_string(r, 0, label)?;
        ws.write_number_with_format(r, 1, f64::from(u32r(count(s))), &f.count)?;
        r += 1;
    }
    ws.write_string(r, 0, l.t("Varje varning och notering står på bladet Kontroller."))?;
    r += 1;
    if input.partial {
        r += 1;
        ws.write_string_with_format(r, 0, l.t("Fel i underlaget"), &f.warn)?;
        r += 1;
        for p in input.problems.iter().filter(|p| p.severity == Severity::Error) {
            ws.write_string(r, 0, p.to_string())?;
            r += 1;
        }
    }
    Ok(())
}

/// The sheet Driftredovisning by cost type.
pub(super) fn by_cost_type(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let fig = input.figures;
    let l = input.lang;
    let ws = sheet(wb, l, "Driftredovisning", Page { landscape: false, repeat: Some((2, 2)) })?;
    ws.set_column_width(0, 28)?;
    ws.write_string_with_format(0, 0, l.t("Driftredovisning per kostnadsslag, tkr"), &f.title)?;
    amount_table(l, ws, f, 2, l.t("Kostnadsslag"), &fig.by_cost_type, fig.period)?;
    let widths: Vec<f64> =
        [28.0].into_iter().chain(amount_widths(l, &fig.by_cost_type, fig.period)).collect();
    fit_width(ws, false, &widths)?;
    ws.set_freeze_panes(3, 1)?;
    Ok(())
}

/// The sheet Verksamhet by activity, with a chart of budget vs forecast per area.
pub(super) fn by_activity(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let fig = input.figures;
    let l = input.lang;
    let ws = sheet(wb, l, "Verksamhet", Page { landscape: true, repeat: Some((2, 2)) })?;
    ws.set_column_width(0, 70)?;
    ws.write_string_with_format(0, 0, l.t("Driftredovisning per verksamhet, tkr"), &f.title)?;
    let end = amount_table(l, ws, f, 2, l.t("Verksamhet"), &fig.by_activity, fig.period)?;
    let widths: Vec<f64> = [70.0].into_iter().chain(amount_widths(l, &fig.by_activity, fig.period)).collect();
    fit_width(ws, true, &widths)?;
    // The area row is above its activities: the outline's buttons too.
    ws.group_symbols_above(true);
    ws.set_freeze_panes(3, 1)?;
    // The chart shows this year's areas (not one of last year only).
    let areas: Vec<&AmountRow> =
        fig.by_activity.iter().filter(|a| a.level == Level::Area && a.this_year).collect();
    if !areas.is_empty() {
        let top = end + 2;
        // The chart and its figures start a printed page of their own, so that the chart prints
        // whole.
        ws.set_page_breaks(&[top])?;
        ws.write_string_with_format(
            top,
            0,
            l.t("Per verksamhetsområde (underlag för diagrammet)"),
            &f.header,
        )?;
        ws.write_string_with_format(top, 1, l.t("Budget"), &f.header_num)?;
        ws.write_string_with_format(top, 2, l.t("Prognos"), &f.header_num)?;
        for (i, a) in areas.iter().enumerate() {
            let r = top + 1 + u32r(i);
            ws.write_string(r, 0, a.label.text(l))?;
            ws.write_number_with_format(r, 1, a.budget, &f.tkr)?;
            ws.write_number_with_format(r, 2, a.forecast, &f.tkr)?;
        }
        let last = top + u32r(areas.len());
        let mut chart = Chart::new(ChartType::Bar);
        chart.title().set_name(l.t("Budget och prognos per verksamhetsområde, tkr"));
        // A bar chart lists its categories bottom-up: reversed, in the table's order.
        chart.y_axis().set_reverse();
        for (c, name) in [(1u16, l.t("Budget")), (2u16, l.t("Prognos"))] {
            chart
                .add_series()
                .set_name(name)
                .set_categories((l.t("Verksamhet"), top + 1, 0, last, 0))
                .set_values((l.t("Verksamhet"), top + 1, c, last, c));
        }
        chart.set_alt_text(alt_text(
            &areas
                .iter()
                .map(|a| {
                    format!(
                        "{}: budget {} tkr, prognos {} tkr",
                        a.label.text(l),
                        crate::format::tkr(a.budget),
                        crate::format::tkr(a.forecast)
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        ));
        chart.set_width(720).set_height(360);
        ws.insert_chart(last + 2, 0, &chart)?;
    }
    Ok(())
}

/// The sheet Investeringar.
pub(super) fn investments(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let fig = input.figures;
    let l = input.lang;
    let ws = sheet(wb, l, "Investeringar", Page { landscape: true, repeat: Some((2, 2)) })?;
    // Project names, areas and comments wrap in their columns.
    ws.set_column_width(0, 32)?;
    ws.set_column_format(0, &f.wrap)?;
    ws.write_string_with_format(0, 0, l.t("Investeringsredovisning, tkr"), &f.title)?;
    let r = amount_table(l, ws, f, 2, l.t("Investeringar"), &fig.investments, fig.period)?;
    // Budget, Prognos and Avvikelse (the investments have no other amount columns), then the
    // project table's own.
    ws.set_column_width(4, 24)?;
    ws.set_column_format(4, &f.wrap)?;
    ws.set_column_width(5, 30)?;
    ws.set_column_format(5, &f.wrap)?;
    ws.set_column_width(6, 9)?;
    let widths = [32.0, 14.0, 14.0, 14.0, 24.0, 30.0, 9.0];
    fit_width(ws, true, &widths)?;
    let top = r + 1;
    let heads = [
        l.t("Projekt"),
        l.t("Budget"),
        l.t("Prognos"),
        l.t("Avvikelse"),
        l.t("Verksamhetsområde"),
        l.t("Kommentar"),
        l.t("Typ"),
    ];
    for (c, h) in heads.iter().enumerate() {
        let fmt = if (1..=3).contains(&c) { &f.header_num } else { &f.header };
        ws.write_string_with_format(top, u16c(c), *h, fmt)?;
    }
    // At the top of their rows, beside a wrapped name or comment.
    let top_format = rust_xlsxwriter::Format::new().set_align(rust_xlsxwriter::FormatAlign::Top);
    let tkr = f.tkr.clone().set_align(rust_xlsxwriter::FormatAlign::Top);
    for (i, p) in input.investments.iter().enumerate() {
        let rr = top + 1 + u32r(i);
        ws.write_string(rr, 0, &p.project)?;
        ws.write_number_with_format(rr, 1, p.budget, &tkr)?;
        ws.write_number_with_format(rr, 2, p.forecast, &tkr)?;
        ws.write_number_with_format(rr, 3, crate::money::difference(p.budget, p.forecast), &tkr)?;
        if let Some(a) = &p.area {
            ws.write_string(rr, 4, a)?;
        }
        if let Some(c) = &p.comment {
            ws.write_string(rr, 5, c)?;
        }
        ws.write_string_with_format(rr, 6, l.t(p.kind.word()), &top_format)?;
        let texts = [
            (p.project.as_str(), 32.0),
            (p.area.as_deref().unwrap_or(""), 24.0),
            (p.comment.as_deref().unwrap_or(""), 30.0),
        ];
        fit_row(ws, rr, &texts)?;
    }
    ws.set_freeze_panes(3, 1)?;
    Ok(())
}
