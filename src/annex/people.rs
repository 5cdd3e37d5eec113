//! The annex's staff sheets: Personal and Sjukfrånvaro.

use rust_xlsxwriter::{Chart, ChartType, Workbook, XlsxError};

use super::{alt_text, fit_width, sheet, u16c, u32r, AnnexInput, Formats, Page};
use crate::aggregate::SickGroup;

/// The sheet Personal.
pub(super) fn staff(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let fig = input.figures;
    let l = input.lang;
    let ws = sheet(wb, l, "Personal", Page { landscape: fig.staff.len() > 1, repeat: Some((2, 3)) })?;
    ws.set_column_width(0, 22)?;
    ws.write_string_with_format(0, 0, l.t("Personalsammansättning"), &f.title)?;
    ws.write_string_with_format(2, 0, "", &f.header)?;
    ws.write_string_with_format(3, 0, l.t("Kön"), &f.header)?;
    for (i, y) in fig.staff.iter().enumerate() {
        let c = u16c(1 + i * 3);
        ws.set_column_width(c, 12)?;
        ws.set_column_width(c + 1, 14)?;
        ws.set_column_width(c + 2, 20)?;
        ws.write_string_with_format(2, c, y.year.to_string(), &f.header_num)?;
        ws.write_string_with_format(2, c + 1, "", &f.header)?;
        ws.write_string_with_format(2, c + 2, "", &f.header)?;
        ws.write_string_with_format(3, c, l.t("Personer"), &f.header_num)?;
        ws.write_string_with_format(3, c + 1, l.t("Årsarbetare"), &f.header_num)?;
        ws.write_string_with_format(3, c + 2, l.t("Långtidssjukskrivna"), &f.header_num)?;
        for (r, (cell, bold)) in [(&y.women, false), (&y.men, false), (&y.total, true)].iter().enumerate() {
            let rr = 4 + u32r(r);
            ws.write_number_with_format(rr, c, cell.persons, if *bold { &f.count_bold } else { &f.count })?;
            ws.write_number_with_format(rr, c + 1, cell.fte, if *bold { &f.fte_bold } else { &f.fte })?;
            if let Some(l) = cell.long_term_sick {
                ws.write_number_with_format(rr, c + 2, l, if *bold { &f.count_bold } else { &f.count })?;
            }
        }
    }
    ws.write_string(4, 0, l.t("Kvinnor"))?;
    ws.write_string(5, 0, l.t("Män"))?;
    ws.write_string_with_format(6, 0, l.t("Totalt"), &f.bold)?;
    let widths: Vec<f64> =
        [22.0].into_iter().chain(fig.staff.iter().flat_map(|_| [12.0, 14.0, 20.0])).collect();
    fit_width(ws, fig.staff.len() > 1, &widths)?;
    ws.set_freeze_panes(4, 1)?;
    Ok(())
}

/// The sheet Sjukfrånvaro.
pub(super) fn sick_leave(wb: &mut Workbook, input: &AnnexInput<'_>, f: &Formats) -> Result<(), XlsxError> {
    let fig = input.figures;
    let l = input.lang;
    let sl = &fig.sick_leave;
    let ws = sheet(wb, l, "Sjukfrånvaro", Page { landscape: true, repeat: Some((2, 2)) })?;
    ws.set_column_width(0, 60)?;
    let months = if sl.last_month == 0 { String::new() } else { format!(", {}", l.months(sl.last_month)) };
    ws.write_string_with_format(
        0,
        0,
        format!("{}{months}", l.t("Sjukfrånvaro, % av ordinarie arbetstid")),
        &f.title,
    )?;
    let mut r = 2;
    let mut line_chart = None;
    for (block, title) in [
        (0, l.t("Sjukfrånvaro, %")),
        (1, l.t("Varav långtidssjukfrånvaro (60 dagar eller mer), % av sjukfrånvaron")),
    ] {
        ws.write_string_with_format(r, 0, title, &f.header)?;
        for (i, y) in sl.years.iter().enumerate() {
            ws.set_column_width(u16c(1 + i), 10)?;
            ws.write_string_with_format(r, u16c(1 + i), y.to_string(), &f.header_num)?;
        }
        r += 1;
        let first_data = r;
        for row in &sl.rows {
            let bold = matches!(row.group, SickGroup::Total);
            ws.write_string_with_format(
                r,
                0,
                row.group.label().text(l),
                if bold { &f.bold } else { &f.text },
            )?;
            for (i, cell) in row.cells.iter().enumerate() {
                let c = u16c(1 + i);
                let v = if block == 0 { cell.percent } else { cell.long_term_share };
                if cell.suppressed {
                    ws.write_string_with_format(r, c, "–", &f.dash)?;
                } else if let Some(v) = v {
                    ws.write_number_with_format(r, c, v, if bold { &f.pct_bold } else { &f.pct })?;
                }
            }
            r += 1;
        }
        if block == 0 && !sl.years.is_empty() && sl.rows.len() >= 3 {
            line_chart = Some(sick_chart(input, first_data, &months));
        }
        r += 1;
    }
    if sl.rows.iter().any(|row| row.cells.iter().any(|c| c.suppressed)) {
        ws.write_string(r, 0, l.t("– Grupper med 10 anställda eller färre redovisas inte."))?;
        r += 1;
    }
    if !sl.sizes_known {
        ws.write_string(r, 0, l.t("Underlaget anger inte antal anställda; alla grupper visas."))?;
        r += 1;
    }
    if let Some(chart) = line_chart {
        // Below the tables, on a printed page of its own, so that it prints whole and the tables
        // keep the page's width.
        ws.set_page_breaks(&[r + 1])?;
        ws.insert_chart(r + 1, 0, &chart)?;
    }
    let widths: Vec<f64> = [60.0].into_iter().chain(sl.years.iter().map(|_| 10.0)).collect();
    fit_width(ws, true, &widths)?;
    ws.set_freeze_panes(3, 1)?;
    Ok(())
}

/// The line chart of the sick leave of women, men and everyone across the years, over the table's
/// first rows (from `first_data`).
fn sick_chart(input: &AnnexInput<'_>, first_data: u32, months: &str) -> Chart {
    let l = input.lang;
    let sl = &input.figures.sick_leave;
    let last_col = u16c(sl.years.len());
    let mut chart = Chart::new(ChartType::Line);
    chart.title().set_name(&format!("{}{months}, %", l.t("Sjukfrånvaro per år")));
    for k in 0..3u32 {
        let rr = first_data + k;
        chart
            .add_series()
            .set_name((l.t("Sjukfrånvaro"), rr, 0))
            .set_categories((l.t("Sjukfrånvaro"), first_data - 1, 1, first_data - 1, last_col))
            .set_values((l.t("Sjukfrånvaro"), rr, 1, rr, last_col));
    }
    let alt = sl.rows[..3]
        .iter()
        .map(|row| {
            let vals: Vec<String> = sl
                .years
                .iter()
                .zip(&row.cells)
                .map(|(y, c)| match c.percent {
                    Some(p) if !c.suppressed => {
                        format!("{y} {} %", crate::format::percent(p))
                    }
                    _ => format!("{y} –"),
                })
                .collect();
            format!("{}: {}", row.group.label().text(l), vals.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    chart.set_alt_text(alt_text(&format!("{}. {alt}", l.t("Sjukfrånvaro per år"))));
    chart.set_width(560).set_height(300);
    chart
}
