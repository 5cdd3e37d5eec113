//! Annex stage: the consolidated Excel workbook, `bilaga-<period>.xlsx`.
//!
//! Takes the [`Figures`], the files read and the problems of the run; gives
//! the workbook's bytes. Figures are numeric cells holding unrounded values
//! with Swedish display formats; labels are exactly those of SPEC.md; the
//! creation date is the run's fixed timestamp, so the same inputs give the
//! same bytes.

use rust_xlsxwriter::{
    Chart, ChartType, Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};

use crate::aggregate::{AmountRow, Figures, Level, SickGroup};
use crate::labels::Lang;
use crate::model::{Action, Assessment, FileInfo, Investment, Vocabulary};
use crate::problem::{Problem, Severity};

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
    /// The figures.
    pub figures: &'a Figures,
    /// Municipality name.
    pub municipality: &'a str,
    /// Committee name.
    pub committee: &'a str,
    /// The files read.
    pub files: &'a [FileInfo],
    /// Every problem of the run, sorted.
    pub problems: &'a [Problem],
    /// The action plan.
    pub actions: &'a [Action],
    /// The investment projects as read.
    pub investments: &'a [Investment],
    /// True when written despite errors.
    pub partial: bool,
    /// The fixed timestamp, seconds since 1970.
    pub timestamp: i64,
    /// The language of the labels.
    pub lang: Lang,
}

struct Formats {
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
            tkr_bold: Format::new()
                .set_num_format(TKR)
                .set_bold()
                .set_border_top(top),
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

fn assessment_format(a: Assessment) -> Format {
    let (bg, fg) = match a {
        Assessment::Met => (0x00C6_EFCE, 0x0000_6100),
        Assessment::PartlyMet => (0x00FF_EB9C, 0x009C_5700),
        Assessment::NotMet => (0x00FF_C7CE, 0x009C_0006),
        Assessment::NotEvaluated => (0x00E7_E6E6, 0x0040_4040),
    };
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(bg))
        .set_font_color(Color::RGB(fg))
}

/// Excel's limit for a chart's alternative text.
const ALT_TEXT_LIMIT: usize = 255;

/// Shortens an alternative text to Excel's limit, cutting between items
/// ("; ") and marking the cut with an ellipsis.
fn alt_text(text: &str) -> String {
    if text.chars().count() <= ALT_TEXT_LIMIT {
        return text.to_string();
    }
    let mut out = String::new();
    for part in text.split("; ") {
        let candidate = if out.is_empty() {
            part.to_string()
        } else {
            format!("{out}; {part}")
        };
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

fn u16c(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn u32r(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}

/// Writes the amount table's header and rows from `row`; returns the next
/// free row. Activities are indented and grouped (outline) under their area.
fn amount_table(
    l: Lang,
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    first: &str,
    rows: &[AmountRow],
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(row, 0, first, &f.header)?;
    for (c, h) in [l.t("Budget"), l.t("Prognos"), l.t("Avvikelse")]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(row, u16c(c + 1), *h, &f.header_num)?;
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
        ws.write_string_with_format(r, 0, l.t(&a.label), label_fmt)?;
        ws.write_number_with_format(r, 1, a.budget, num_fmt)?;
        ws.write_number_with_format(r, 2, a.forecast, num_fmt)?;
        ws.write_number_with_format(r, 3, a.deviation(), num_fmt)?;
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

fn sheet<'a>(wb: &'a mut Workbook, name: &str) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    Ok(ws)
}

/// Builds the annex workbook.
///
/// # Errors
/// [`XlsxError`] from the writer (a bug, not an input problem).
#[allow(clippy::too_many_lines)]
pub fn build(input: &AnnexInput<'_>) -> Result<Vec<u8>, XlsxError> {
    let fig = input.figures;
    let f = Formats::new();
    let mut wb = Workbook::new();
    // Deflate level 3 instead of 6: the 100-workbook annex is 3 % larger
    // (49 against 48 KB) and built 1.5 ms sooner, which leaves the second
    // core to the report's layout earlier.
    wb.set_zip_compression_level(3);
    let created = ExcelDateTime::from_timestamp(input.timestamp.clamp(0, 253_402_300_799))?;
    let l = input.lang;
    let title = format!(
        "{} {} {} – {}",
        l.t("Tertialrapport"),
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

    // Sammanfattning.
    {
        let ws = sheet(&mut wb, l.t("Sammanfattning"))?;
        ws.set_column_width(0, 44)?;
        ws.set_column_width(1, 16)?;
        ws.set_column_width(2, 16)?;
        ws.set_column_width(3, 16)?;
        let mut r = 0;
        if input.partial {
            ws.write_string_with_format(r, 0, l.t(PRELIMINARY), &f.warn)?;
            r += 2;
        }
        ws.write_string_with_format(r, 0, &title, &f.title)?;
        r += 1;
        ws.write_string(r, 0, format!("{}, {}", input.committee, input.municipality))?;
        r += 1;
        ws.write_string(
            r,
            0,
            format!(
                "{}: {} ({}–{} {})",
                l.t("Period"),
                fig.period,
                l.month(1),
                l.month(fig.period.end_month()),
                fig.period.year
            ),
        )?;
        r += 2;
        ws.write_string_with_format(r, 0, l.t("Nyckeltal"), &f.header)?;
        ws.write_string_with_format(r, 1, l.t("Budget"), &f.header_num)?;
        ws.write_string_with_format(r, 2, l.t("Prognos"), &f.header_num)?;
        ws.write_string_with_format(r, 3, l.t("Avvikelse"), &f.header_num)?;
        r += 1;
        let res = fig.result();
        ws.write_string(r, 0, l.t("Driftredovisning, Summa RESULTAT, tkr"))?;
        ws.write_number_with_format(r, 1, res.budget, &f.tkr)?;
        ws.write_number_with_format(r, 2, res.forecast, &f.tkr)?;
        ws.write_number_with_format(r, 3, res.deviation(), &f.tkr)?;
        r += 1;
        if let Some(inv) = fig.investments.last() {
            ws.write_string(r, 0, l.t("Summa NETTOINVESTERINGAR, tkr"))?;
            ws.write_number_with_format(r, 1, inv.budget, &f.tkr)?;
            ws.write_number_with_format(r, 2, inv.forecast, &f.tkr)?;
            ws.write_number_with_format(r, 3, inv.deviation(), &f.tkr)?;
            r += 1;
        }
        if let Some(p) = &fig.previous {
            ws.write_string(
                r,
                0,
                match l {
                    Lang::Sv => format!("Förändring av avvikelsen sedan {}, tkr", p.period),
                    Lang::En => format!("Change of the deviation since {}, SEK thousand", p.period),
                },
            )?;
            ws.write_number_with_format(r, 3, p.change, &f.tkr)?;
            r += 1;
        }
        r += 1;
        let sl = &fig.sick_leave;
        if let (Some(y), Some(total)) = (
            sl.years.last(),
            sl.rows.iter().find(|row| row.group == SickGroup::Total),
        ) {
            if let Some(p) = total.cells.last().and_then(|c| c.percent) {
                ws.write_string(
                    r,
                    0,
                    format!(
                        "{} {y}, {}–{}, %",
                        l.t("Sjukfrånvaro"),
                        l.month(1),
                        l.month(sl.last_month)
                    ),
                )?;
                ws.write_number_with_format(r, 1, p, &f.pct)?;
                r += 1;
            }
        }
        if let Some(s) = fig.staff.iter().find(|s| s.year == fig.period.year) {
            ws.write_string(r, 0, format!("{} {}", l.t("Antal personer"), s.year))?;
            ws.write_number_with_format(r, 1, s.total.persons, &f.count)?;
            r += 1;
            ws.write_string(r, 0, format!("{} {}", l.t("Antal årsarbetare"), s.year))?;
            ws.write_number_with_format(r, 1, s.total.fte, &f.fte)?;
            r += 1;
        }
        r += 1;
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
        ws.write_string(
            r,
            0,
            l.t("Varje varning och notering står på bladet Kontroller."),
        )?;
        r += 1;
        if input.partial {
            r += 1;
            ws.write_string_with_format(r, 0, l.t("Fel i underlaget"), &f.warn)?;
            r += 1;
            for p in input
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
            {
                ws.write_string(r, 0, p.to_string())?;
                r += 1;
            }
        }
    }

    // Driftredovisning by cost type.
    {
        let ws = sheet(&mut wb, l.t("Driftredovisning"))?;
        ws.set_column_width(0, 28)?;
        for c in 1..=3 {
            ws.set_column_width(c, 14)?;
        }
        ws.write_string_with_format(
            0,
            0,
            l.t("Driftredovisning per kostnadsslag, tkr"),
            &f.title,
        )?;
        amount_table(l, ws, &f, 2, l.t("Kostnadsslag"), &fig.by_cost_type)?;
        ws.set_freeze_panes(3, 1)?;
    }

    // Verksamhet by activity, with a chart of budget vs forecast per area.
    {
        let ws = sheet(&mut wb, l.t("Verksamhet"))?;
        ws.set_column_width(0, 70)?;
        for c in 1..=3 {
            ws.set_column_width(c, 14)?;
        }
        ws.write_string_with_format(0, 0, l.t("Driftredovisning per verksamhet, tkr"), &f.title)?;
        let end = amount_table(l, ws, &f, 2, l.t("Verksamhet"), &fig.by_activity)?;
        ws.set_freeze_panes(3, 1)?;
        let areas: Vec<&AmountRow> = fig
            .by_activity
            .iter()
            .filter(|a| a.level == Level::Area)
            .collect();
        if !areas.is_empty() {
            let top = end + 2;
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
                ws.write_string(r, 0, l.t(&a.label))?;
                ws.write_number_with_format(r, 1, a.budget, &f.tkr)?;
                ws.write_number_with_format(r, 2, a.forecast, &f.tkr)?;
            }
            let last = top + u32r(areas.len());
            let mut chart = Chart::new(ChartType::Bar);
            chart
                .title()
                .set_name(l.t("Budget och prognos per verksamhetsområde, tkr"));
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
                            a.label,
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
    }

    // Investeringar.
    {
        let ws = sheet(&mut wb, l.t("Investeringar"))?;
        ws.set_column_width(0, 44)?;
        for c in 1..=3 {
            ws.set_column_width(c, 14)?;
        }
        ws.set_column_width(4, 30)?;
        ws.set_column_width(5, 40)?;
        ws.write_string_with_format(0, 0, l.t("Investeringsredovisning, tkr"), &f.title)?;
        let r = amount_table(l, ws, &f, 2, l.t("Investeringar"), &fig.investments)?;
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
            let fmt = if (1..=3).contains(&c) {
                &f.header_num
            } else {
                &f.header
            };
            ws.write_string_with_format(top, u16c(c), *h, fmt)?;
        }
        for (i, p) in input.investments.iter().enumerate() {
            let rr = top + 1 + u32r(i);
            ws.write_string(rr, 0, &p.project)?;
            ws.write_number_with_format(rr, 1, p.budget, &f.tkr)?;
            ws.write_number_with_format(rr, 2, p.forecast, &f.tkr)?;
            ws.write_number_with_format(rr, 3, p.budget - p.forecast, &f.tkr)?;
            if let Some(a) = &p.area {
                ws.write_string(rr, 4, a)?;
            }
            if let Some(c) = &p.comment {
                ws.write_string(rr, 5, c)?;
            }
            ws.write_string(rr, 6, l.t(p.kind.word()))?;
        }
        ws.set_freeze_panes(3, 1)?;
    }

    // Personal.
    {
        let ws = sheet(&mut wb, l.t("Personal"))?;
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
            for (r, (cell, bold)) in [(&y.women, false), (&y.men, false), (&y.total, true)]
                .iter()
                .enumerate()
            {
                let rr = 4 + u32r(r);
                ws.write_number_with_format(
                    rr,
                    c,
                    cell.persons,
                    if *bold { &f.count_bold } else { &f.count },
                )?;
                ws.write_number_with_format(
                    rr,
                    c + 1,
                    cell.fte,
                    if *bold { &f.fte_bold } else { &f.fte },
                )?;
                if let Some(l) = cell.long_term_sick {
                    ws.write_number_with_format(
                        rr,
                        c + 2,
                        l,
                        if *bold { &f.count_bold } else { &f.count },
                    )?;
                }
            }
        }
        ws.write_string(4, 0, l.t("Kvinnor"))?;
        ws.write_string(5, 0, l.t("Män"))?;
        ws.write_string_with_format(6, 0, l.t("Totalt"), &f.bold)?;
        ws.set_freeze_panes(4, 1)?;
    }

    // Sjukfrånvaro.
    {
        let sl = &fig.sick_leave;
        let ws = sheet(&mut wb, l.t("Sjukfrånvaro"))?;
        ws.set_column_width(0, 60)?;
        let months = if sl.last_month == 0 {
            String::new()
        } else {
            format!(", {}–{}", l.month(1), l.month(sl.last_month))
        };
        ws.write_string_with_format(
            0,
            0,
            format!("{}{months}", l.t("Sjukfrånvaro, % av ordinarie arbetstid")),
            &f.title,
        )?;
        let mut r = 2;
        for (block, title) in [
            (0, l.t("Sjukfrånvaro, %")),
            (
                1,
                l.t("Varav långtidssjukfrånvaro (60 dagar eller mer), % av sjukfrånvaron"),
            ),
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
                    l.t(&row.label),
                    if bold { &f.bold } else { &f.text },
                )?;
                for (i, cell) in row.cells.iter().enumerate() {
                    let c = u16c(1 + i);
                    let v = if block == 0 {
                        cell.percent
                    } else {
                        cell.long_term_share
                    };
                    if cell.suppressed {
                        ws.write_string_with_format(r, c, "–", &f.dash)?;
                    } else if let Some(v) = v {
                        ws.write_number_with_format(
                            r,
                            c,
                            v,
                            if bold { &f.pct_bold } else { &f.pct },
                        )?;
                    }
                }
                r += 1;
            }
            if block == 0 && !sl.years.is_empty() && sl.rows.len() >= 3 {
                let last_col = u16c(sl.years.len());
                let mut chart = Chart::new(ChartType::Line);
                chart
                    .title()
                    .set_name(&format!("{}{months}, %", l.t("Sjukfrånvaro per år")));
                for k in 0..3u32 {
                    let rr = first_data + k;
                    chart
                        .add_series()
                        .set_name((l.t("Sjukfrånvaro"), rr, 0))
                        .set_categories((
                            l.t("Sjukfrånvaro"),
                            first_data - 1,
                            1,
                            first_data - 1,
                            last_col,
                        ))
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
                        format!("{}: {}", l.t(&row.label), vals.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                chart.set_alt_text(alt_text(&format!("{}. {alt}", l.t("Sjukfrånvaro per år"))));
                chart.set_width(560).set_height(300);
                ws.insert_chart(2, u16c(sl.years.len() + 2), &chart)?;
            }
            r += 1;
        }
        if sl
            .rows
            .iter()
            .any(|row| row.cells.iter().any(|c| c.suppressed))
        {
            ws.write_string(
                r,
                0,
                l.t("– Grupper med 10 anställda eller färre redovisas inte."),
            )?;
            r += 1;
        }
        if !sl.sizes_known {
            ws.write_string(
                r,
                0,
                l.t("Underlaget anger inte antal anställda; alla grupper visas."),
            )?;
        }
        ws.set_freeze_panes(3, 1)?;
    }

    // Indikatorer.
    {
        let ws = sheet(&mut wb, l.t("Indikatorer"))?;
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
        let num = Format::new().set_num_format("#,##0.##;\u{2212}#,##0.##");
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
                ws.write_number_with_format(r, 5, i.target, &num)?;
                for (c, v) in [(6u16, i.outcome), (7, i.outcome_women), (8, i.outcome_men)] {
                    if let Some(v) = v {
                        ws.write_number_with_format(r, c, v, &num)?;
                    }
                }
                ws.write_string(r, 9, l.t(ai.computed.word()))?;
                if let Some(s) = i.stated {
                    ws.write_string(r, 10, l.t(s.word()))?;
                }
                ws.write_string_with_format(
                    r,
                    11,
                    l.t(ai.result.word()),
                    &assessment_format(ai.result),
                )?;
                if let Some(a) = &i.responsible {
                    ws.write_string(r, 12, a)?;
                }
                if let Some(c) = &i.comment {
                    ws.write_string_with_format(r, 13, c, &f.wrap)?;
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
            ws.write_string_with_format(
                r,
                1,
                l.t(g.assessment.word()),
                &assessment_format(g.assessment),
            )?;
            r += 1;
        }
        ws.set_freeze_panes(1, 0)?;
    }

    // Åtgärder.
    {
        let ws = sheet(&mut wb, l.t("Åtgärder"))?;
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
            for (c, v) in [
                (1u16, &a.goal),
                (2, &a.planned_start),
                (3, &a.status),
                (4, &a.responsible),
            ] {
                if let Some(v) = v {
                    ws.write_string(r, c, v)?;
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }

    // Underlag.
    {
        let ws = sheet(&mut wb, l.t("Underlag"))?;
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
            ws.write_string(r, 0, &file.path)?;
            ws.write_string(r, 1, &file.sha256)?;
            #[allow(clippy::cast_precision_loss)]
            ws.write_number_with_format(r, 2, file.size as f64, &f.count)?;
            let sheets: Vec<String> = file
                .sheets
                .iter()
                .map(|s| format!("{}: {} {}", s.name, s.rows, l.t("rader")))
                .collect();
            ws.write_string(r, 3, sheets.join("; "))?;
            let rows: usize = file.sheets.iter().map(|s| s.rows).sum();
            ws.write_number_with_format(r, 4, f64::from(u32r(rows)), &f.count)?;
        }
        ws.set_freeze_panes(1, 0)?;
    }

    // Kontroller.
    {
        let ws = sheet(&mut wb, l.t("Kontroller"))?;
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
        for (i, p) in input.problems.iter().enumerate() {
            let r = 1 + u32r(i);
            ws.write_string(r, 0, p.severity.label())?;
            if let Some(file) = &p.place.file {
                ws.write_string(r, 1, file)?;
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
        ws.set_freeze_panes(1, 0)?;
    }

    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_text_is_cut_between_items_within_excels_limit() {
        let long = (0..40)
            .map(|i| format!("Område {i}: 1 000 tkr"))
            .collect::<Vec<_>>()
            .join("; ");
        let cut = alt_text(&long);
        assert!(
            cut.chars().count() <= ALT_TEXT_LIMIT,
            "{}",
            cut.chars().count()
        );
        assert!(cut.starts_with("Område 0: 1 000 tkr; Område 1"));
        assert!(cut.ends_with("tkr …"));
        assert_eq!(alt_text("kort"), "kort");
    }
}
