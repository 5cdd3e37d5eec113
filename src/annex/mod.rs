//! Annex stage: the consolidated Excel workbook, `bilaga-<period>.xlsx`.
//!
//! Takes the [`Figures`], the files read and the problems of the run; gives the workbook's bytes.
//! Figures are numeric cells holding unrounded values with Swedish display formats; labels are
//! exactly those of SPEC.md; the creation date is the run's fixed timestamp, so the same inputs
//! give the same bytes.

mod container;
mod economy;
mod forecasts;
mod lists;
mod people;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::aggregate::{AmountRow, Column, Figures, Level};
use crate::labels::Lang;
use crate::model::{Action, Assessment, FileInfo, Investment};
use crate::period::Period;
use crate::problem::Problem;

/// Display format for tkr: thousands separated, true minus sign.
pub const TKR: &str = "#,##0;\u{2212}#,##0";
/// Display format for årsarbetare: one decimal.
pub const FTE: &str = "#,##0.0;\u{2212}#,##0.0";
/// Display format for percentages (the value is in per cent): two decimals.
pub const PCT: &str = "0.00;\u{2212}0.00";
/// Display format for counts of people.
pub const COUNT: &str = "#,##0";

/// The band shown when outputs are written despite errors.
pub const PRELIMINARY: &str = "Preliminär – ofullständigt underlag";

/// What the annex is made from.
pub struct AnnexInput<'a> {
    pub figures: &'a Figures,
    pub municipality: &'a str,
    pub committee: &'a str,
    /// The report's name for its period, e.g. "Tertialrapport" or "Delårsrapport".
    pub report_title: &'a str,
    pub files: &'a [FileInfo],
    /// Every problem of the run, sorted.
    pub problems: &'a [Problem],
    pub actions: &'a [Action],
    pub investments: &'a [Investment],
    /// True when written despite errors.
    pub partial: bool,
    /// The fixed timestamp, seconds since 1970.
    pub timestamp: i64,
    pub lang: Lang,
}

pub(crate) struct Formats {
    title: Format,
    header: Format,
    header_num: Format,
    bold: Format,
    text: Format,
    indent: Format,
    wrap: Format,
    tkr: Format,
    tkr_bold: Format,
    tkr_area: Format,
    fte: Format,
    fte_bold: Format,
    pct: Format,
    pct_bold: Format,
    count: Format,
    count_bold: Format,
    dash: Format,
    warn: Format,
}

impl Formats {
    fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0x00DE_E6EF))
            .set_border_bottom(FormatBorder::Thin);
        let top = FormatBorder::Thin;
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header_num: header.clone().set_align(FormatAlign::Right),
            header,
            bold: Format::new().set_bold(),
            text: Format::new(),
            indent: Format::new().set_indent(2),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            tkr: Format::new().set_num_format(TKR),
            tkr_bold: Format::new().set_num_format(TKR).set_bold().set_border_top(top),
            tkr_area: Format::new().set_num_format(TKR).set_bold(),
            fte: Format::new().set_num_format(FTE),
            fte_bold: Format::new().set_num_format(FTE).set_bold(),
            pct: Format::new().set_num_format(PCT),
            pct_bold: Format::new().set_num_format(PCT).set_bold(),
            count: Format::new().set_num_format(COUNT),
            count_bold: Format::new().set_num_format(COUNT).set_bold(),
            dash: Format::new().set_align(FormatAlign::Right),
            warn: Format::new()
                .set_bold()
                .set_font_color(Color::RGB(0x009C_0006))
                .set_background_color(Color::RGB(0x00FF_C7CE)),
        }
    }
}

pub(crate) fn assessment_format(a: Assessment) -> Format {
    let (bg, fg) = match a {
        Assessment::Met => (0x00C6_EFCE, 0x0000_6100),
        Assessment::PartlyMet => (0x00FF_EB9C, 0x009C_5700),
        Assessment::NotMet => (0x00FF_C7CE, 0x009C_0006),
        Assessment::NotEvaluated => (0x00E7_E6E6, 0x0040_4040),
    };
    Format::new().set_bold().set_background_color(Color::RGB(bg)).set_font_color(Color::RGB(fg))
}

/// Excel's limit for a chart's alternative text.
const ALT_TEXT_LIMIT: usize = 255;

/// Shortens an alternative text to Excel's limit, cutting between items ("; ") and marking the cut
/// with an ellipsis.
pub(crate) fn alt_text(text: &str) -> String {
    if text.chars().count() <= ALT_TEXT_LIMIT {
        return text.to_string();
    }
    let mut out = String::new();
    for part in text.split("; ") {
        let candidate = if out.is_empty() { part.to_string() } else { format!("{out}; {part}") };
        if candidate.chars().count() + 2 > ALT_TEXT_LIMIT {
            break;
        }
        out = candidate;
    }
    if out.is_empty() {
        out = text.chars().take(ALT_TEXT_LIMIT - 2).collect();
    }
    out.push_str(" …");
    out
}

pub(crate) fn u16c(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

pub(crate) fn u32r(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}

/// The widths of an amount table's columns after the first: wider for a long heading.
pub(crate) fn amount_widths(l: Lang, rows: &[AmountRow], period: Period) -> Vec<f64> {
    Column::of(rows)
        .iter()
        .map(|c| if c.heading(l, period).chars().count() > 14 { 20.0 } else { 14.0 })
        .collect()
}

/// The sum of the column widths (Excel's units) that prints at 8 pt or more on an A4 page's
/// width, portrait and landscape. LibreOffice prints a unit of width as about 7,3 pt (measured on
/// the Kalmar annex), and 8 pt of the 11 pt text is a scale of 0,73: 509 pt of portrait width hold
/// 96 units, 755 pt of landscape 142; a little is kept for the page breaks between columns.
const PORTRAIT_UNITS: f64 = 94.0;
const LANDSCAPE_UNITS: f64 = 138.0;

/// Sets a sheet of columns `widths` to print with its text at 8 pt or more: portrait when asked
/// and it fits, else landscape; one page wide when it fits, else as many pages wide as it needs
/// with the first column repeated on each.
pub(crate) fn fit_width(ws: &mut Worksheet, landscape: bool, widths: &[f64]) -> Result<(), XlsxError> {
    let total: f64 = widths.iter().sum();
    if !landscape && total <= PORTRAIT_UNITS {
        return Ok(());
    }
    ws.set_landscape();
    let first = widths.first().copied().unwrap_or(0.0);
    let mut pages: u16 = 1;
    while total + f64::from(pages - 1) * first > f64::from(pages) * LANDSCAPE_UNITS && pages < 20 {
        pages += 1;
    }
    ws.set_print_fit_to_pages(pages, 0);
    if pages > 1 {
        ws.set_repeat_columns(0, 0)?;
    }
    Ok(())
}

/// Sets row `r`'s height for the wrapped texts in it, each with its column's width, when one of
/// them takes more than a line: neither Excel nor LibreOffice grows a row written without a height
/// when they open the file, and the lines would print over the next row.
pub(crate) fn fit_row(ws: &mut Worksheet, r: u32, cells: &[(&str, f64)]) -> Result<(), XlsxError> {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            // A unit of width holds about one character of 11 pt text.
            let per_line = (width - 1.0).max(1.0);
            text.split('\n')
                .map(|part| {
                    #[allow(clippy::cast_precision_loss)]
                    let n = part.chars().count() as f64;
                    (n / per_line).ceil().max(1.0)
                })
                .sum::<f64>()
        })
        .fold(1.0_f64, f64::max);
    if lines > 1.0 {
        ws.set_row_height(r, 15.0 * lines)?;
    }
    Ok(())
}

/// Writes the amount table's header and rows from `row`; returns the next free row. Activities are
/// indented and grouped (outline) under their area.
pub(crate) fn amount_table(
    l: Lang,
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    first: &str,
    rows: &[AmountRow],
    period: Period,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(row, 0, first, &f.header)?;
    let columns = Column::of(rows);
    let widths = amount_widths(l, rows, period);
    for (c, h) in columns.iter().map(|c| c.heading(l, period)).enumerate() {
        ws.set_column_width(u16c(c + 1), widths[c])?;
        ws.write_string_with_format(row, u16c(c + 1), h, &f.header_num)?;
    }
    let mut r = row + 1;
    let mut group_start: Option<u32> = None;
    for a in rows {
        let (label_fmt, num_fmt) = match a.level {
            Level::Area => (&f.bold, &f.tkr_area),
            Level::Subtotal | Level::Total => (&f.bold, &f.tkr_bold),
            Level::Activity => (&f.indent, &f.tkr),
            Level::Line => (&f.text, &f.tkr),
        };
        ws.write_string_with_format(r, 0, a.label.text(l), label_fmt)?;
        for (c, column) in columns.iter().enumerate() {
            match column.value(a) {
                Some(v) => ws.write_number_with_format(r, u16c(c + 1), v, num_fmt)?,
                None => ws.write_blank(r, u16c(c + 1), num_fmt)?,
            };
        }
        if a.level == Level::Activity {
            group_start.get_or_insert(r);
        } else if let Some(s) = group_start.take() {
            ws.group_rows(s, r - 1)?;
        }
        r += 1;
    }
    if let Some(s) = group_start {
        ws.group_rows(s, r - 1)?;
    }
    Ok(r)
}

/// How a sheet prints: on A4, one page wide, landscape where the sheet is wider than portrait, with
/// its header rows repeated on every page.
#[derive(Clone, Copy)]
pub(crate) struct Page {
    /// Landscape rather than portrait.
    pub landscape: bool,
    /// The header rows (first, last; zero-based) repeated on every page.
    pub repeat: Option<(u32, u32)>,
}

/// A4 in Excel's paper codes.
const A4: u8 = 9;

/// A new sheet named `name` (in the annex's language), set up to print: A4, one page wide, the
/// footer naming the sheet and "Sida N av M".
pub(crate) fn sheet<'a>(
    wb: &'a mut Workbook,
    l: Lang,
    name: &str,
    page: Page,
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(l.t(name))?;
    ws.set_paper_size(A4);
    if page.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.6, 0.6, 0.75, 0.75, 0.3, 0.3);
    if let Some((first, last)) = page.repeat {
        ws.set_repeat_rows(first, last)?;
    }
    ws.set_footer(format!("&L&A&R{} &P {} &N", l.t("Sida"), l.t("av")));
    Ok(ws)
}

/// Builds the annex workbook.
pub fn build(input: &AnnexInput<'_>) -> Result<Vec<u8>, XlsxError> {
    let fig = input.figures;
    let f = Formats::new();
    let mut wb = Workbook::new();
    // A faster deflate level: the annex is built beside the report's layout.
    wb.set_zip_compression_level(3);
    let created = ExcelDateTime::from_timestamp(input.timestamp.clamp(0, 253_402_300_799))?;
    let l = input.lang;
    let title = format!(
        "{} {} {} – {}",
        input.report_title,
        l.month(fig.period.end_month()),
        fig.period.year,
        l.t("bilaga")
    );
    wb.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_subject(format!("{}, {}", input.committee, input.municipality))
            .set_author("tertial")
            .set_creation_datetime(&created),
    );

    economy::summary(&mut wb, input, &f, &title)?;
    economy::by_cost_type(&mut wb, input, &f)?;
    economy::by_activity(&mut wb, input, &f)?;
    forecasts::path(&mut wb, input, &f)?;
    forecasts::accuracy(&mut wb, input, &f)?;
    economy::investments(&mut wb, input, &f)?;
    people::staff(&mut wb, input, &f)?;
    people::sick_leave(&mut wb, input, &f)?;
    lists::indicators(&mut wb, input, &f)?;
    lists::actions(&mut wb, input, &f)?;
    lists::files(&mut wb, input, &f)?;
    lists::checks(&mut wb, input, &f)?;
    let mut bytes = wb.save_to_buffer()?;
    container::set_made_by(&mut bytes, container::UNIX);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_text_is_cut_between_items_within_excels_limit() {
        let long = (0..40).map(|i| format!("Område {i}: 1 000 tkr")).collect::<Vec<_>>().join("; ");
        let cut = alt_text(&long);
        assert!(cut.chars().count() <= ALT_TEXT_LIMIT, "{}", cut.chars().count());
        assert!(cut.starts_with("Område 0: 1 000 tkr; Område 1"));
        assert!(cut.ends_with("tkr …"));
        assert_eq!(alt_text("kort"), "kort");
    }
}
