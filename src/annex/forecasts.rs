//! The annex's forecast sheets: Prognosutveckling (the year's forecasts period by period) and
//! Prognossäkerhet (the year's outcome beside each earlier forecast). One row per area (or the
//! total) and forecast period, so that every figure is a number in its own cell and the sheet
//! prints on one page width at full size.

use crate::aggregate::path::Point;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::{fit_row, fit_width, sheet, u16c, AnnexInput, Formats, Page};
use crate::labels::Lang;
use crate::period::Period;

/// "april 2025": the month a forecast was made in.
fn made_in(l: Lang, p: Period) -> String {
    format!("{} {}", l.month(p.end_month()), p.year)
}

/// The heading row at `r` and the columns' widths.
fn heads(ws: &mut Worksheet, f: &Formats, l: Lang, r: u32, heads: &[(&str, f64)]) -> Result<(), XlsxError> {
    // Long headings wrap within their columns rather than widen them.
    let (text, num) = (f.header.clone().set_text_wrap(), f.header_num.clone().set_text_wrap());
    for (c, (h, width)) in heads.iter().enumerate() {
        ws.set_column_width(u16c(c), *width)?;
        ws.write_string_with_format(r, u16c(c), l.t(h), if c < 2 { &text } else { &num })?;
    }
    Ok(())
}

/// A figure, or an empty cell.
fn number(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: Option<f64>,
    format: &rust_xlsxwriter::Format,
) -> Result<(), XlsxError> {
    if let Some(v) = v {
        ws.write_number_with_format(r, c, v, format)?;
    }
    Ok(())
}

/// The sheet Prognosutveckling, when an earlier folder of the year gives a forecast.
pub(super) fn path(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let path = &input.figures.path;
    if !path.has_history() {
        return Ok(());
    }
    let l = input.lang;
    let ws = sheet(wb, l, "Prognosutveckling", Page { landscape: false, repeat: Some((2, 2)) })?;
    let widths = [28.0, 15.0, 12.0, 12.0, 12.0, 12.0];
    fit_width(ws, false, &widths)?;
    ws.write_string_with_format(
        0,
        0,
        l.t("Prognosutveckling, helårsprognos per prognostillfälle, tkr"),
        &f.title,
    )?;
    heads(
        ws,
        f,
        l,
        2,
        &[
            ("Verksamhetsområde", 28.0),
            ("Prognos i", 15.0),
            ("Budget", 12.0),
            ("Prognos", 12.0),
            ("Avvikelse", 12.0),
            ("Förändring avvikelse", 12.0),
        ],
    )?;
    ws.set_row_height(2, 30)?;
    let mut r = 3;
    for row in &path.rows {
        let (text, money) = if row.total { (&f.bold, &f.tkr_area) } else { (&f.wrap, &f.tkr) };
        for (i, (p, point)) in path.periods.iter().zip(&row.points).enumerate() {
            let Some(point) = point else { continue };
            ws.write_string_with_format(r, 0, row.label.text(l), text)?;
            fit_row(ws, r, &[(row.label.text(l), 28.0)])?;
            ws.write_string_with_format(r, 1, made_in(l, *p), text)?;
            ws.write_number_with_format(r, 2, point.budget, money)?;
            ws.write_number_with_format(r, 3, point.forecast, money)?;
            ws.write_number_with_format(r, 4, point.deviation(), money)?;
            number(ws, r, 5, row.change(i), money)?;
            r += 1;
        }
    }
    ws.set_freeze_panes(3, 1)?;
    Ok(())
}

/// The sheet Prognossäkerhet, at the year's last period.
pub(super) fn accuracy(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let Some(acc) = &input.figures.accuracy else { return Ok(()) };
    let l = input.lang;
    let ws = sheet(wb, l, "Prognossäkerhet", Page { landscape: true, repeat: Some((2, 2)) })?;
    fit_width(ws, true, &[30.0, 15.0, 12.0, 12.0, 12.0, 12.0, 12.0])?;
    ws.write_string_with_format(0, 0, l.t("Prognossäkerhet, årets utfall mot varje prognos, tkr"), &f.title)?;
    ws.write_string(
        1,
        0,
        l.t("Prognosavvikelse = prognos − utfall: positiv när utfallet blev bättre än prognosen."),
    )?;
    heads(
        ws,
        f,
        l,
        2,
        &[
            ("Verksamhetsområde", 30.0),
            ("Prognos i", 15.0),
            ("Prognos", 12.0),
            ("Avvikelse vid prognosen", 12.0),
            ("Utfall", 12.0),
            ("Avvikelse i bokslutet", 12.0),
            ("Prognosavvikelse", 12.0),
        ],
    )?;
    ws.set_row_height(2, 30)?;
    let mut r = 3;
    for row in &acc.rows {
        let (text, money) = if row.total { (&f.bold, &f.tkr_area) } else { (&f.wrap, &f.tkr) };
        for (i, (p, point)) in acc.periods.iter().zip(&row.forecasts).enumerate() {
            if point.is_none() && row.outcome.is_none() {
                continue;
            }
            ws.write_string_with_format(r, 0, row.label.text(l), text)?;
            fit_row(ws, r, &[(row.label.text(l), 30.0)])?;
            ws.write_string_with_format(r, 1, made_in(l, *p), text)?;
            number(ws, r, 2, point.map(|p| p.forecast), money)?;
            number(ws, r, 3, point.map(Point::deviation), money)?;
            number(ws, r, 4, row.outcome, money)?;
            number(ws, r, 5, row.outcome_deviation(), money)?;
            number(ws, r, 6, row.miss(i), money)?;
            r += 1;
        }
    }
    ws.set_freeze_panes(3, 1)?;
    Ok(())
}
