//! The annex's list sheets: Indikatorer, Åtgärder, Underlag and Kontroller.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::{assessment_format, fit_row, fit_width, sheet, u16c, u32r, AnnexInput, Formats, Page};
use crate::labels::Lang;
use crate::model::Vocabulary;

/// A landscape sheet of rows under one header row: the headers (in the annex's language) bold with
/// their column widths, repeated on every printed page and frozen on screen. Texts wrap in their
/// columns (but a column given no wrap, such as a hash, shows its start in print and is whole in
/// the cell), so that the sheet prints at 8 pt or more ([`fit_width`], `extra` more columns to
/// come).
fn list_sheet<'a>(
    wb: &'a mut Workbook,
    l: Lang,
    name: &str,
    heads: &[(&str, f64, bool)],
    extra: &[f64],
    f: &Formats,
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = sheet(wb, l, name, Page { landscape: true, repeat: Some((0, 0)) })?;
    let header = f.header.clone().set_text_wrap().set_align(FormatAlign::Top);
    // Every cell at the top of its row, beside the lines of a wrapped neighbour.
    let top = Format::new().set_align(FormatAlign::Top);
    for (c, (h, w, wrap)) in heads.iter().enumerate() {
        ws.set_column_width(u16c(c), *w)?;
        ws.set_column_format(u16c(c), if *wrap { &f.wrap } else { &top })?;
        ws.write_string_with_format(0, u16c(c), l.t(h), &header)?;
    }
    let texts: Vec<(&str, f64)> = heads.iter().map(|(h, w, _)| (l.t(h), *w)).collect();
    fit_row(ws, 0, &texts)?;
    let widths: Vec<f64> = heads.iter().map(|(_, w, _)| *w).chain(extra.iter().copied()).collect();
    fit_width(ws, true, &widths)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(ws)
}

/// The sheet Indikatorer.
pub(super) fn indicators(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let fig = input.figures;
    let l = input.lang;
    let heads = [
        ("Mål", 26.0, true),
        ("Indikator", 34.0, true),
        ("Verksamhetsområde", 18.0, true),
        ("Enhet", 8.0, true),
        ("Riktning", 13.0, true),
        ("Målvärde", 10.0, false),
        ("Utfall", 10.0, false),
        ("Utfall kvinnor", 10.0, false),
        ("Utfall män", 10.0, false),
        ("Beräknad bedömning", 13.0, true),
        ("Angiven bedömning", 13.0, true),
        ("Bedömning", 15.0, true),
        ("Ansvarig", 14.0, true),
        ("Kommentar", 36.0, true),
    ];
    let years = vec![10.0; fig.indicator_years.len()];
    let ws = list_sheet(wb, l, "Indikatorer", &heads, &years, f)?;
    // The outcomes of earlier years, from the history folders.
    let first_year_col = u16c(heads.len());
    for (k, y) in fig.indicator_years.iter().enumerate() {
        ws.set_column_width(first_year_col + u16c(k), 10)?;
        ws.write_string_with_format(
            0,
            first_year_col + u16c(k),
            format!("{} {y}", l.t("Utfall")),
            &f.header,
        )?;
    }
    // Whole numbers without a decimal mark, others with up to two decimals (one format for both
    // shows 100 as "100,").
    let whole = Format::new().set_num_format(super::TKR).set_align(FormatAlign::Top);
    let decimals = Format::new().set_num_format("#,##0.0#;\u{2212}#,##0.0#").set_align(FormatAlign::Top);
    let num = |v: f64| if v.fract() == 0.0 { &whole } else { &decimals };
    let mut r = 1;
    for g in &fig.goals {
        for ai in &g.indicators {
            let i = &ai.indicator;
            ws.write_string(r, 0, &g.name)?;
            ws.write_string(r, 1, &i.name)?;
            if let Some(a) = &i.area {
                ws.write_string(r, 2, a)?;
            }
            if let Some(u) = &i.unit {
                ws.write_string(r, 3, u)?;
            }
            ws.write_string(r, 4, l.t(i.direction.word()))?;
            ws.write_number_with_format(r, 5, i.target, num(i.target))?;
            for (c, v) in [(6u16, i.outcome), (7, i.outcome_women), (8, i.outcome_men)] {
                if let Some(v) = v {
                    ws.write_number_with_format(r, c, v, num(v))?;
                }
            }
            ws.write_string(r, 9, l.t(ai.computed.word()))?;
            if let Some(s) = i.stated {
                ws.write_string(r, 10, l.t(s.word()))?;
            }
            let assessed = assessment_format(ai.result).set_align(FormatAlign::Top);
            ws.write_string_with_format(r, 11, l.t(ai.result.word()), &assessed)?;
            if let Some(a) = &i.responsible {
                ws.write_string(r, 12, a)?;
            }
            if let Some(c) = &i.comment {
                ws.write_string_with_format(r, 13, c, &f.wrap)?;
            }
            for (k, v) in ai.earlier.iter().enumerate() {
                if let Some(v) = v {
                    ws.write_number_with_format(r, first_year_col + u16c(k), *v, num(*v))?;
                }
            }
            let texts = [
                (g.name.as_str(), 26.0),
                (i.name.as_str(), 34.0),
                (i.area.as_deref().unwrap_or(""), 18.0),
                (l.t(i.direction.word()), 13.0),
                (l.t(ai.computed.word()), 13.0),
                (l.t(ai.result.word()), 15.0),
                (i.responsible.as_deref().unwrap_or(""), 14.0),
                (i.comment.as_deref().unwrap_or(""), 36.0),
            ];
            fit_row(ws, r, &texts)?;
            r += 1;
        }
    }
    r += 1;
    ws.write_string_with_format(r, 0, l.t("Mål"), &f.header)?;
    ws.write_string_with_format(r, 1, l.t("Bedömning av målet"), &f.header)?;
    r += 1;
    for g in &fig.goals {
        ws.write_string(r, 0, &g.name)?;
        let assessed = assessment_format(g.assessment).set_align(FormatAlign::Top);
        ws.write_string_with_format(r, 1, l.t(g.assessment.word()), &assessed)?;
        fit_row(ws, r, &[(g.name.as_str(), 26.0)])?;
        r += 1;
    }
    Ok(())
}

/// The sheet Åtgärder.
pub(super) fn actions(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let l = input.lang;
    let heads = [
        ("Åtgärd", 40.0, true),
        ("Mål", 36.0, true),
        ("Planerad start", 12.0, true),
        ("Status", 12.0, true),
        ("Ansvarig", 24.0, true),
    ];
    let ws = list_sheet(wb, l, "Åtgärder", &heads, &[], f)?;
    for (i, a) in input.actions.iter().enumerate() {
        let r = 1 + u32r(i);
        ws.write_string(r, 0, &a.action)?;
        for (c, v) in [(1u16, &a.goal), (2, &a.planned_start), (3, &a.status), (4, &a.responsible)] {
            if let Some(v) = v {
                ws.write_string(r, c, v)?;
            }
        }
        let text = |v: &Option<String>| v.as_deref().unwrap_or("").to_string();
        let cells = [
            (a.action.clone(), 40.0),
            (text(&a.goal), 36.0),
            (text(&a.planned_start), 12.0),
            (text(&a.status), 12.0),
            (text(&a.responsible), 24.0),
        ];
        fit_row(ws, r, &cells.iter().map(|(t, w)| (t.as_str(), *w)).collect::<Vec<_>>())?;
    }
    Ok(())
}

/// The sheet Underlag.
pub(super) fn files(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let l = input.lang;
    // The hash's start identifies a file on paper; the cell holds all of it.
    let heads = [
        ("Fil", 36.0, true),
        ("SHA-256", 18.0, false),
        ("Storlek (byte)", 12.0, false),
        ("Blad och rader", 50.0, true),
        ("Rader", 8.0, false),
    ];
    let ws = list_sheet(wb, l, "Underlag", &heads, &[], f)?;
    let count = f.count.clone().set_align(FormatAlign::Top);
    for (i, file) in input.files.iter().enumerate() {
        let r = 1 + u32r(i);
        ws.write_string(r, 0, crate::names::escaped(&file.path))?;
        ws.write_string(r, 1, &file.sha256)?;
        #[allow(clippy::cast_precision_loss)]
        ws.write_number_with_format(r, 2, file.size as f64, &count)?;
        let sheets: Vec<String> =
            file.sheets.iter().map(|s| format!("{}: {} {}", s.name, s.rows, l.t("rader"))).collect();
        let sheets = sheets.join("; ");
        ws.write_string(r, 3, &sheets)?;
        fit_row(ws, r, &[(&crate::names::escaped(&file.path), 36.0), (&sheets, 50.0)])?;
        let rows: usize = file.sheets.iter().map(|s| s.rows).sum();
        ws.write_number_with_format(r, 4, f64::from(u32r(rows)), &count)?;
    }
    Ok(())
}

/// At most this many problems are listed on the sheet Kontroller, one a row (a sheet holds about a
/// million rows); the log has them all.
const MAX_CHECK_ROWS: usize = 100_000;

/// The sheet Kontroller.
pub(super) fn checks(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let l = input.lang;
    let heads = [
        ("Allvarlighet", 11.0, false),
        ("Fil", 30.0, true),
        ("Blad", 14.0, true),
        ("Cell", 8.0, false),
        ("Meddelande", 70.0, true),
    ];
    let ws = list_sheet(wb, l, "Kontroller", &heads, &[], f)?;
    for (i, p) in input.problems.iter().take(MAX_CHECK_ROWS).enumerate() {
        let r = 1 + u32r(i);
        ws.write_string(r, 0, p.severity.label())?;
        if let Some(file) = &p.place.file {
            ws.write_string(r, 1, crate::names::escaped(file))?;
        }
        if let Some(s) = &p.place.sheet {
            ws.write_string(r, 2, s)?;
        }
        if let Some(cell) = p.place.cell_text() {
            ws.write_string(r, 3, cell)?;
        }
        let message = p.kind.to_string();
        ws.write_string(r, 4, &message)?;
        let file = p.place.file.as_deref().map(crate::names::escaped).unwrap_or_default();
        let sheet = p.place.sheet.as_deref().unwrap_or("");
        fit_row(ws, r, &[(&file, 30.0), (sheet, 14.0), (&message, 70.0)])?;
    }
    if input.problems.is_empty() {
        ws.write_string(1, 4, l.t("Inga varningar eller noteringar."))?;
    }
    if let Some(more) = input.problems.len().checked_sub(MAX_CHECK_ROWS).filter(|n| *n > 0) {
        let text = format!("… {more} {}", l.t("problem till; se loggen."));
        ws.write_string(1 + u32r(MAX_CHECK_ROWS), 4, text)?;
    }
    Ok(())
}
