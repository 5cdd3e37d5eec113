//! The annex's list sheets: Indikatorer, Åtgärder, Underlag and Kontroller.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::{assessment_format, sheet, u16c, u32r, AnnexInput, Formats, Page};
use crate::labels::Lang;
use crate::model::Vocabulary;

/// A landscape sheet of rows under one header row: the headers (in the annex's language) bold with
/// their column widths, repeated on every printed page and frozen on screen.
fn list_sheet<'a>(
    wb: &'a mut Workbook,
    l: Lang,
    name: &str,
    heads: &[(&str, u16)],
    f: &Formats,
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = sheet(wb, l, name, Page { landscape: true, repeat: Some((0, 0)) })?;
    for (c, (h, w)) in heads.iter().enumerate() {
        ws.set_column_width(u16c(c), *w)?;
        ws.write_string_with_format(0, u16c(c), l.t(h), &f.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(ws)
}

/// The sheet Indikatorer.
pub(super) fn indicators(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let fig = input.figures;
    let l = input.lang;
    let heads = [
        ("Mål", 34),
        ("Indikator", 50),
        ("Verksamhetsområde", 26),
        ("Enhet", 10),
        ("Riktning", 16),
        ("Målvärde", 10),
        ("Utfall", 10),
        ("Utfall kvinnor", 14),
        ("Utfall män", 12),
        ("Beräknad bedömning", 18),
        ("Angiven bedömning", 18),
        ("Bedömning", 18),
        ("Ansvarig", 20),
        ("Kommentar", 60),
    ];
    let ws = list_sheet(wb, l, "Indikatorer", &heads, f)?;
    // The outcomes of earlier years, from the history folders.
    let first_year_col = u16c(heads.len());
    for (k, y) in fig.indicator_years.iter().enumerate() {
        ws.set_column_width(first_year_col + u16c(k), 12)?;
        ws.write_string_with_format(
            0,
            first_year_col + u16c(k),
            format!("{} {y}", l.t("Utfall")),
            &f.header,
        )?;
    }
    // Whole numbers without a decimal mark, others with up to two decimals (one format for both
    // shows 100 as "100,").
    let whole = Format::new().set_num_format(super::TKR);
    let decimals = Format::new().set_num_format("#,##0.0#;\u{2212}#,##0.0#");
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
            ws.write_string_with_format(r, 11, l.t(ai.result.word()), &assessment_format(ai.result))?;
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
            r += 1;
        }
    }
    r += 1;
    ws.write_string_with_format(r, 0, l.t("Mål"), &f.header)?;
    ws.write_string_with_format(r, 1, l.t("Bedömning av målet"), &f.header)?;
    r += 1;
    for g in &fig.goals {
        ws.write_string(r, 0, &g.name)?;
        ws.write_string_with_format(r, 1, l.t(g.assessment.word()), &assessment_format(g.assessment))?;
        r += 1;
    }
    Ok(())
}

/// The sheet Åtgärder.
pub(super) fn actions(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let l = input.lang;
    let heads = [("Åtgärd", 50), ("Mål", 50), ("Planerad start", 16), ("Status", 14), ("Ansvarig", 30)];
    let ws = list_sheet(wb, l, "Åtgärder", &heads, f)?;
    for (i, a) in input.actions.iter().enumerate() {
        let r = 1 + u32r(i);
        ws.write_string(r, 0, &a.action)?;
        for (c, v) in [(1u16, &a.goal), (2, &a.planned_start), (3, &a.status), (4, &a.responsible)] {
            if let Some(v) = v {
                ws.write_string(r, c, v)?;
            }
        }
    }
    Ok(())
}

/// The sheet Underlag.
pub(super) fn files(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let l = input.lang;
    let heads = [("Fil", 40), ("SHA-256", 68), ("Storlek (byte)", 14), ("Blad och rader", 60), ("Rader", 10)];
    let ws = list_sheet(wb, l, "Underlag", &heads, f)?;
    for (i, file) in input.files.iter().enumerate() {
        let r = 1 + u32r(i);
        ws.write_string(r, 0, crate::names::escaped(&file.path))?;
        ws.write_string(r, 1, &file.sha256)?;
        #[allow(clippy::cast_precision_loss)]
        ws.write_number_with_format(r, 2, file.size as f64, &f.count)?;
        let sheets: Vec<String> =
            file.sheets.iter().map(|s| format!("{}: {} {}", s.name, s.rows, l.t("rader"))).collect();
        ws.write_string(r, 3, sheets.join("; "))?;
        let rows: usize = file.sheets.iter().map(|s| s.rows).sum();
        ws.write_number_with_format(r, 4, f64::from(u32r(rows)), &f.count)?;
    }
    Ok(())
}

/// At most this many problems are listed on the sheet Kontroller, one a row (a sheet holds about a
/// million rows); the log has them all.
const MAX_CHECK_ROWS: usize = 100_000;

/// The sheet Kontroller.
pub(super) fn checks(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let l = input.lang;
    let heads = [("Allvarlighet", 12), ("Fil", 36), ("Blad", 16), ("Cell", 8), ("Meddelande", 120)];
    let ws = list_sheet(wb, l, "Kontroller", &heads, f)?;
    for (i, p) in input.problems.iter().take(MAX_CHECK_ROWS).enumerate() {
        let r = 1 + u32r(i);
        ws.write_string(r, 0, p.severity.label())?;
        if let Some(file) = &p.place.file {
            ws.write_string(r, 1, crate::names::escaped(file))?;
        }
        if let Some(s) = &p.place.sheet {
            ws.write_string(r, 2, s)?;
        }
        if let Some(a1) = p.place.a1() {
            ws.write_string(r, 3, a1)?;
        }
        ws.write_string(r, 4, p.kind.to_string())?;
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
