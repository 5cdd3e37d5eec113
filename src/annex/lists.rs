//! The annex's list sheets: Indikatorer, Åtgärder, Underlag and
//! Kontroller.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::{assessment_format, sheet, u16c, u32r, AnnexInput, Formats, Page};
use crate::model::Vocabulary;

/// The sheet Indikatorer.
pub(super) fn indicators(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let fig = input.figures;
    let l = input.lang;
    let ws = sheet(wb, l, "Indikatorer", Page { landscape: true, repeat: Some((0, 0)) })?;
    let heads = [
        (l.t("Mål"), 34),
        (l.t("Indikator"), 50),
        (l.t("Verksamhetsområde"), 26),
        (l.t("Enhet"), 10),
        (l.t("Riktning"), 16),
        (l.t("Målvärde"), 10),
        (l.t("Utfall"), 10),
        (l.t("Utfall kvinnor"), 14),
        (l.t("Utfall män"), 12),
        (l.t("Beräknad bedömning"), 18),
        (l.t("Angiven bedömning"), 18),
        (l.t("Bedömning"), 18),
        (l.t("Ansvarig"), 20),
        (l.t("Kommentar"), 60),
    ];
    for (c, (h, w)) in heads.iter().enumerate() {
        ws.set_column_width(u16c(c), *w)?;
        ws.write_string_with_format(0, u16c(c), *h, &f.header)?;
    }
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
    // Whole numbers without a decimal mark, others with up to two decimals
    // (one format for both shows 100 as "100,").
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
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The sheet Åtgärder.
pub(super) fn actions(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let l = input.lang;
    let ws = sheet(wb, l, "Åtgärder", Page { landscape: true, repeat: Some((0, 0)) })?;
    let heads = [
        (l.t("Åtgärd"), 50),
        (l.t("Mål"), 50),
        (l.t("Planerad start"), 16),
        (l.t("Status"), 14),
        (l.t("Ansvarig"), 30),
    ];
    for (c, (h, w)) in heads.iter().enumerate() {
        ws.set_column_width(u16c(c), *w)?;
        ws.write_string_with_format(0, u16c(c), *h, &f.header)?;
    }
    for (i, a) in input.actions.iter().enumerate() {
        let r = 1 + u32r(i);
        ws.write_string(r, 0, &a.action)?;
        for (c, v) in [(1u16, &a.goal), (2, &a.planned_start), (3, &a.status), (4, &a.responsible)] {
            if let Some(v) = v {
                ws.write_string(r, c, v)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The sheet Underlag.
pub(super) fn files(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let l = input.lang;
    let ws = sheet(wb, l, "Underlag", Page { landscape: true, repeat: Some((0, 0)) })?;
    let heads = [
        (l.t("Fil"), 40),
        (l.t("SHA-256"), 68),
        (l.t("Storlek (byte)"), 14),
        (l.t("Blad och rader"), 60),
        (l.t("Rader"), 10),
    ];
    for (c, (h, w)) in heads.iter().enumerate() {
        ws.set_column_width(u16c(c), *w)?;
        ws.write_string_with_format(0, u16c(c), *h, &f.header)?;
    }
    for (i, file) in input.files.iter().enumerate() {
        let r = 1 + u32r(i);
        ws.write_string(r, 0, crate::problem::escaped(&file.path))?;
        ws.write_string(r, 1, &file.sha256)?;
        #[allow(clippy::cast_precision_loss)]
        ws.write_number_with_format(r, 2, file.size as f64, &f.count)?;
        let sheets: Vec<String> =
            file.sheets.iter().map(|s| format!("{}: {} {}", s.name, s.rows, l.t("rader"))).collect();
        ws.write_string(r, 3, sheets.join("; "))?;
        let rows: usize = file.sheets.iter().map(|s| s.rows).sum();
        ws.write_number_with_format(r, 4, f64::from(u32r(rows)), &f.count)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// At most this many problems are listed on the sheet Kontroller, one a
/// row (a sheet holds about a million rows); the log has them all.
const MAX_CHECK_ROWS: usize = 100_000;

/// The sheet Kontroller.
pub(super) fn checks(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let l = input.lang;
    let ws = sheet(wb, l, "Kontroller", Page { landscape: true, repeat: Some((0, 0)) })?;
    let heads = [
        (l.t("Allvarlighet"), 12),
        (l.t("Fil"), 36),
        (l.t("Blad"), 16),
        (l.t("Cell"), 8),
        (l.t("Meddelande"), 120),
    ];
    for (c, (h, w)) in heads.iter().enumerate() {
        ws.set_column_width(u16c(c), *w)?;
        ws.write_string_with_format(0, u16c(c), *h, &f.header)?;
    }
    for (i, p) in input.problems.iter().take(MAX_CHECK_ROWS).enumerate() {
        let r = 1 + u32r(i);
        ws.write_string(r, 0, p.severity.label())?;
        if let Some(file) = &p.place.file {
            ws.write_string(r, 1, crate::problem::escaped(file))?;
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
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}
