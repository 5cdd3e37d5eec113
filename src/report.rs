//! Report stage: the PDF tertialrapport, laid out by typst.
//!
//! Takes the [`Figures`], the narrative, the action plan and the run's
//! problems; gives the PDF's bytes. Rust builds one data value (serialised
//! to `data.json`) holding every figure already formatted the Swedish way
//! plus the raw shares the charts need; the template (`templates/rapport.typ`,
//! embedded, or an override) decides the layout. Fonts are embedded in the
//! binary (DejaVu Sans), so the PDF depends on nothing installed. The PDF is
//! tagged (PDF/UA-1), in Swedish, with a fixed identifier and timestamp, so
//! the same inputs give the same bytes.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::aggregate::{AmountRow, Figures, Level, SickGroup};
use crate::format;
use crate::labels::Lang;
use crate::model::{Action, Assessment, Investment, Paragraph, Vocabulary};
use crate::period::civil_from_days;

/// The built-in template.
pub const TEMPLATE: &str = include_str!("../templates/rapport.typ");

/// Why the report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The template has errors (with file, line and column).
    #[error("the report template has errors:\n{0}")]
    Template(String),
    /// typst could not write the PDF.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    /// The overriding template could not be read.
    #[error("could not read the template {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// A template to use instead of the built-in one.
#[derive(Clone, Debug)]
pub struct TemplateFile {
    /// Where it is (files it refers to are looked up beside it).
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

impl TemplateFile {
    /// Reads a template file.
    ///
    /// # Errors
    /// [`ReportError::Read`].
    pub fn load(path: &Path) -> Result<TemplateFile, ReportError> {
        let text = std::fs::read_to_string(path).map_err(|source| ReportError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Ok(TemplateFile {
            path: path.to_path_buf(),
            text,
        })
    }
}

/// What the report is made from.
pub struct ReportInput<'a> {
    /// The figures.
    pub figures: &'a Figures,
    /// Municipality.
    pub municipality: &'a str,
    /// Committee.
    pub committee: &'a str,
    /// Administration, if named.
    pub administration: Option<&'a str>,
    /// The narrative paragraphs, in input order.
    pub paragraphs: &'a [Paragraph],
    /// The action plan.
    pub actions: &'a [Action],
    /// Investment projects.
    pub investments: &'a [Investment],
    /// The errors to list when written despite them.
    pub errors: Vec<String>,
    /// True when written despite errors.
    pub partial: bool,
    /// Fixed timestamp, seconds since 1970.
    pub timestamp: i64,
    /// The language of the labels.
    pub lang: Lang,
    /// An overriding template.
    pub template: Option<&'a TemplateFile>,
}

fn assessment_key(a: Assessment) -> &'static str {
    match a {
        Assessment::Met => "met",
        Assessment::PartlyMet => "partly",
        Assessment::NotMet => "notmet",
        Assessment::NotEvaluated => "na",
    }
}

/// The most rows of the table by activity that the report shows.
pub const MAX_ACTIVITY_ROWS: usize = 80;

/// The most activity areas the report's sick-leave table lists one by one;
/// past this, the table has the genders, age groups and the total, and the
/// areas are in the annex (sheet Sjukfrånvaro).
pub const MAX_SICK_AREAS: usize = 20;

fn level(l: Level) -> &'static str {
    match l {
        Level::Line => "line",
        Level::Area => "area",
        Level::Activity => "activity",
        Level::Subtotal => "subtotal",
        Level::Total => "total",
    }
}

fn amount_rows(rows: &[AmountRow], l: Lang, widths: &Widths) -> Value {
    Value::Array(
        rows.iter()
            .map(|r| {
                let label = l.t(&r.label);
                let strong = !matches!(r.level, Level::Line | Level::Activity);
                json!({
                    "em": widths.em(label, strong),
                    "label": label,
                    "level": level(r.level),
                    "strong": strong,
                    "indent": r.level == Level::Activity,
                    "rule": matches!(r.level, Level::Subtotal | Level::Total),
                    "budget": format::tkr(r.budget),
                    "forecast": format::tkr(r.forecast),
                    "deviation": format::tkr(r.deviation()),
                })
            })
            .collect(),
    )
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
        Some(u) => format!("{n} {u}"),
        None => n,
    }
}

fn date_text(timestamp: i64) -> (String, Option<Datetime>) {
    let (y, m, d) = civil_from_days(timestamp.div_euclid(86_400));
    let text = format!("{y:04}-{m:02}-{d:02}");
    let dt = i32::try_from(y)
        .ok()
        .and_then(|y| Datetime::from_ymd(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?));
    (text, dt)
}

fn sections(input: &ReportInput<'_>) -> Value {
    let area_order: Vec<String> = input
        .figures
        .by_activity
        .iter()
        .filter(|r| r.level == Level::Area)
        .map(|r| crate::schema::normalise(&r.label))
        .collect();
    let rank = |p: &Paragraph| match &p.area {
        None => 0,
        Some(a) => {
            1 + area_order
                .iter()
                .position(|k| *k == crate::schema::normalise(a))
                .unwrap_or(area_order.len())
        }
    };
    let known = [
        ("sammanfattning", "Sammanfattning"),
        ("handelser", "Väsentliga händelser"),
        ("prognos", "Prognos"),
        ("atgarder_konsekvenser", "Åtgärder och konsekvenser"),
        ("personal", "Personal"),
        ("kvalitet", "Kvalitet"),
    ];
    let collect = |title: &str| {
        let mut ps: Vec<&Paragraph> = input
            .paragraphs
            .iter()
            .filter(|p| crate::schema::normalise(&p.section) == crate::schema::normalise(title))
            .collect();
        ps.sort_by_key(|p| rank(p));
        Value::Array(
            ps.iter()
                .map(|p| json!({ "area": p.area, "text": p.text }))
                .collect(),
        )
    };
    let mut out = serde_json::Map::new();
    for (key, title) in known {
        out.insert(key.to_string(), collect(title));
    }
    let mut others: Vec<String> = Vec::new();
    for p in input.paragraphs {
        let n = crate::schema::normalise(&p.section);
        let is_known = known.iter().any(|(_, t)| crate::schema::normalise(t) == n);
        if !is_known && !others.iter().any(|o| crate::schema::normalise(o) == n) {
            others.push(p.section.trim().to_string());
        }
    }
    out.insert(
        "other".into(),
        Value::Array(
            others
                .iter()
                .map(|t| json!({ "title": t, "paragraphs": collect(t) }))
                .collect(),
        ),
    );
    Value::Object(out)
}

fn share(v: f64, max: f64) -> f64 {
    if max > 0.0 && v > 0.0 {
        (v / max).min(1.0)
    } else {
        0.0
    }
}

/// Builds the report's data value: every figure formatted, plus the shares
/// the charts need.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn data(input: &ReportInput<'_>, widths: &Widths) -> Value {
    let fig = input.figures;
    let period = fig.period;
    let l = input.lang;
    // A long list of activities belongs in the annex: past this many rows
    // the report gets the areas and their sum only.
    let activities_in_annex = fig.by_activity.len() > MAX_ACTIVITY_ROWS;
    let title = format!(
        "{} {} {}",
        l.t("Tertialrapport"),
        l.month(period.end_month()),
        period.year
    );
    let (report_date, _) = date_text(input.timestamp);
    let result = fig.result();

    let mut key_figures = vec![
        json!({"label": l.t("Budget för helåret"), "value": format!("{} tkr", format::tkr(result.budget))}),
        json!({"label": l.t("Prognos för helåret"), "value": format!("{} tkr", format::tkr(result.forecast))}),
        json!({"label": l.t("Avvikelse mot budget"), "value": format::mnkr(result.deviation())}),
    ];
    if let Some(p) = &fig.previous {
        key_figures.push(json!({
            "label": match l {
                Lang::Sv => format!("Förändring sedan prognosen i {}", p.period.end_month_name()),
                Lang::En => format!("Change since the forecast in {}", l.month(p.period.end_month())),
            },
            "value": format::mnkr(p.change),
        }));
    }
    if let Some(inv) = fig.investments.last() {
        key_figures.push(json!({
            "label": l.t("Nettoinvesteringar, prognos"),
            "value": format!("{} tkr", format::tkr(inv.forecast)),
        }));
    }
    let sl = &fig.sick_leave;
    let months = if sl.last_month == 0 {
        String::new()
    } else if sl.last_month == 1 {
        l.month(1).to_string()
    } else {
        format!("{}–{}", l.month(1), l.month(sl.last_month))
    };
    if let (Some(y), Some(total)) = (
        sl.years.last(),
        sl.rows.iter().find(|r| r.group == SickGroup::Total),
    ) {
        if let Some(c) = total.cells.last() {
            if let (Some(p), false) = (c.percent, c.suppressed) {
                key_figures.push(json!({
                    "label": format!("{} {months} {y}", l.t("Sjukfrånvaro")),
                    "value": format!("{} %", format::percent(p)),
                }));
            }
        }
    }
    if let Some(s) = fig.staff.iter().find(|s| s.year == period.year) {
        key_figures.push(json!({"label": format!("{} {}", l.t("Antal årsarbetare"), s.year), "value": format::fte(s.total.fte)}));
    }

    let dev = result.deviation();
    let prognosis_text = match l {
        Lang::Sv => format!(
            "Prognosen för helåret {} visar {} mot budget på {} ({} tkr).",
            period.year,
            if dev < 0.0 {
                "ett underskott"
            } else if dev > 0.0 {
                "ett överskott"
            } else {
                "ingen avvikelse"
            },
            format::mnkr(dev),
            format::tkr(dev),
        ),
        Lang::En => format!(
            "The forecast for {} shows {} against the budget of {} ({} tkr).",
            period.year,
            if dev < 0.0 {
                "a deficit"
            } else if dev > 0.0 {
                "a surplus"
            } else {
                "no deviation"
            },
            format::mnkr(dev),
            format::tkr(dev),
        ),
    };
    let previous = fig.previous.map(|p| match l {
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
    });

    let areas: Vec<&AmountRow> = fig
        .by_activity
        .iter()
        .filter(|r| r.level == Level::Area)
        .collect();
    let max = areas
        .iter()
        .flat_map(|a| [a.budget, a.forecast])
        .fold(0.0_f64, f64::max);
    let area_alt = format!(
        "{}. {}",
        l.t("Budget och prognos per verksamhetsområde, tkr"),
        areas
            .iter()
            .map(|a| format!(
                "{}: {} {} tkr, {} {} tkr",
                a.label,
                l.t("Budget"),
                format::tkr(a.budget),
                l.t("Prognos"),
                format::tkr(a.forecast)
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let area_chart = json!({
        "caption": l.t("Budget och prognos per verksamhetsområde, tkr"),
        "alt": area_alt,
        "items": areas.iter().map(|a| json!({
            "label": a.label,
            "budget_share": share(a.budget, max),
            "forecast_share": share(a.forecast, max),
            "budget_text": format::tkr(a.budget),
            "forecast_text": format::tkr(a.forecast),
        })).collect::<Vec<_>>(),
    });

    let investment_projects: Vec<Value> = input
        .investments
        .iter()
        .map(|i| {
            json!({
                "label": i.project,
                "budget": format::tkr(i.budget),
                "forecast": format::tkr(i.forecast),
                "deviation": format::tkr(i.budget - i.forecast),
            })
        })
        .collect();

    // Staff: this year and the one before, when present.
    let staff_years: Vec<&crate::aggregate::StaffYear> = {
        let mut v: Vec<_> = fig.staff.iter().filter(|s| s.year <= period.year).collect();
        let n = v.len();
        v.drain(..n.saturating_sub(2));
        v
    };
    let staff_rows: Vec<Value> = [("Kvinnor", 0usize), ("Män", 1), ("Totalt", 2)]
        .iter()
        .map(|(label, k)| {
            json!({
                "label": l.t(label),
                "strong": *k == 2,
                "cells": staff_years.iter().map(|y| {
                    let c = match k { 0 => &y.women, 1 => &y.men, _ => &y.total };
                    json!({"persons": format::count(c.persons), "fte": format::fte(c.fte)})
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let long_term_text = {
        let with: Vec<_> = staff_years
            .iter()
            .filter_map(|y| Some((y.year, y.total.long_term_sick?)))
            .collect();
        match with.as_slice() {
            [] => None,
            [(y, n)] => Some(format!(
                "{} {y}: {}.",
                l.t("Antal långtidssjukskrivna"),
                format::count(*n)
            )),
            [.., (py, pn), (y, n)] => Some(format!(
                "{} {y}: {} ({py}: {}).",
                l.t("Antal långtidssjukskrivna"),
                format::count(*n),
                format::count(*pn)
            )),
        }
    };

    let cell_text = |c: &crate::aggregate::SickCell| -> String {
        match (c.suppressed, c.percent) {
            (true, _) | (false, None) => "–".to_string(),
            (false, Some(p)) => format::percent(p),
        }
    };
    let sick_areas = sl
        .rows
        .iter()
        .filter(|r| matches!(r.group, SickGroup::Area(_)))
        .count();
    let sick_areas_in_annex = sick_areas > MAX_SICK_AREAS;
    // The rows the table shows; the footnote on hidden groups is about them.
    let shown: Vec<&crate::aggregate::SickRow> = sl
        .rows
        .iter()
        .filter(|r| !(sick_areas_in_annex && matches!(r.group, SickGroup::Area(_))))
        .collect();
    let sick_rows: Vec<Value> = shown
        .iter()
        .map(|r| {
            json!({
                "label": l.t(&r.label),
                "strong": r.group == SickGroup::Total,
                "indent": false,
                "cells": r.cells.iter().map(cell_text).collect::<Vec<_>>(),
            })
        })
        .collect();
    let chart_rows: Vec<&crate::aggregate::SickRow> = sl.rows.iter().take(3).collect();
    let chart_max = chart_rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .filter(|c| !c.suppressed)
        .filter_map(|c| c.percent)
        .fold(0.0_f64, f64::max);
    let sick_alt = format!(
        "{}, {months}. {}",
        l.t("Sjukfrånvaro i procent av ordinarie arbetstid"),
        chart_rows
            .iter()
            .map(|r| {
                let vals: Vec<String> = sl
                    .years
                    .iter()
                    .zip(&r.cells)
                    .map(|(y, c)| {
                        format!(
                            "{y}: {}",
                            if c.suppressed || c.percent.is_none() {
                                "–".to_string()
                            } else {
                                format!("{} %", cell_text(c))
                            }
                        )
                    })
                    .collect();
                format!("{}: {}", l.t(&r.label), vals.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    );
    let long_term_share = sl
        .rows
        .iter()
        .find(|r| r.group == SickGroup::Total)
        .and_then(|t| {
            let n = t.cells.len();
            let cur = t.cells.last()?.long_term_share?;
            let prev = if n >= 2 {
                t.cells[n - 2].long_term_share
            } else {
                None
            };
            let y = sl.years.last()?;
            let lead = match l {
                Lang::Sv => format!(
                    "Långtidssjukfrånvaron (60 dagar eller mer) utgör {} % av sjukfrånvaron {y}",
                    format::percent(cur)
                ),
                Lang::En => format!(
                    "Long-term sick leave (60 days or more) is {} % of sick leave in {y}",
                    format::percent(cur)
                ),
            };
            Some(match prev {
                Some(p) => format!("{lead} ({}: {} %).", sl.years[n - 2], format::percent(p)),
                None => format!("{lead}."),
            })
        });
    let sick = json!({
        "months": months,
        "years": sl.years.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "rows": sick_rows,
        "areas_in_annex": sick_areas_in_annex,
        "footnote": shown.iter().any(|r| r.cells.iter().any(|c| c.suppressed)),
        "no_sizes": !sl.sizes_known && !sl.years.is_empty(),
        "long_term_text": long_term_share,
        "chart": {
            "caption": format!("{}, {months}", l.t("Sjukfrånvaro i procent av ordinarie arbetstid")),
            "alt": sick_alt,
            "years": sl.years.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "series": chart_rows.iter().map(|r| json!({
                "label": l.t(&r.label),
                "values": r.cells.iter().map(|c| json!({
                    "share": if c.suppressed { 0.0 } else { share(c.percent.unwrap_or(0.0), chart_max) },
                    "text": cell_text(c),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        },
    });

    let goals: Vec<Value> = fig
        .goals
        .iter()
        .map(|g| {
            json!({
                "name": g.name,
                "key": assessment_key(g.assessment),
                "assessment": l.t(g.assessment.word()),
                "indicators": g.indicators.iter().map(|ai| {
                    let i = &ai.indicator;
                    let unit = i.unit.as_deref();
                    let split = match (i.outcome_women, i.outcome_men) {
                        (None, None) => None,
                        (w, m) => Some(format!(
                            "{} {}, {} {}",
                            l.t("Kvinnor"),
                            w.map_or("–".to_string(), |v| with_unit(v, unit)),
                            l.t("Män").to_lowercase(),
                            m.map_or("–".to_string(), |v| with_unit(v, unit)),
                        )),
                    };
                    json!({
                        "name": i.name,
                        "target": with_unit(i.target, unit),
                        "outcome": i.outcome.map_or("–".to_string(), |v| with_unit(v, unit)),
                        "split": split,
                        "key": assessment_key(ai.result),
                        "assessment": l.t(ai.result.word()),
                        "comment": i.comment,
                    })
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let goal_counts: Vec<Value> = fig
        .goal_counts()
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(a, n)| json!({"key": assessment_key(a), "word": l.t(a.word()), "count": n}))
        .collect();

    let actions: Vec<Value> = input
        .actions
        .iter()
        .map(|a| {
            json!({
                "action": a.action,
                "goal": a.goal.clone().unwrap_or_default(),
                "start": a.planned_start.clone().unwrap_or_default(),
                "status": a.status.clone().unwrap_or_default(),
                "responsible": a.responsible.clone().unwrap_or_default(),
            })
        })
        .collect();

    json!({
        "title": title,
        "document_title": format!("{title} – {}, {}", input.committee, input.municipality),
        "keywords": ["tertialrapport", input.committee, period.to_string()],
        "subject": match l {
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
                l.month(period.end_month()),
                period.year
            ),
        },
        "lang": l.code(),
        "dict": l.dictionary(),
        "municipality": input.municipality,
        "committee": input.committee,
        "administration": input.administration,
        "period_text": format!("{}–{} {}", l.month(1), l.month(period.end_month()), period.year),
        "period_short": format!("{}", period),
        "report_date": report_date,
        "partial": input.partial,
        "problems": input.errors,
        "key_figures": key_figures,
        "goal_counts": goal_counts,
        "sections": sections(input),
        "prognosis_text": prognosis_text,
        "previous": previous,
        "by_cost_type": amount_rows(&fig.by_cost_type, l, widths),
        "by_activity": if activities_in_annex {
            // Areas alone are the table's lines: in plain type, with the
            // Summa in bold under its rule.
            let areas: Vec<AmountRow> = fig
                .by_activity
                .iter()
                .filter(|r| r.level != Level::Activity)
                .map(|r| AmountRow {
                    level: if r.level == Level::Area { Level::Line } else { r.level },
                    ..r.clone()
                })
                .collect();
            amount_rows(&areas, l, widths)
        } else {
            amount_rows(&fig.by_activity, l, widths)
        },
        "activities_in_annex": activities_in_annex,
        "area_chart": area_chart,
        "investments": amount_rows(&fig.investments, l, widths),
        "investment_projects": investment_projects,
        "staff": {
            "years": staff_years.iter().map(|y| y.year.to_string()).collect::<Vec<_>>(),
            "rows": staff_rows,
            "long_term_text": long_term_text,
        },
        "sick": sick,
        "goals": goals,
        "actions": actions,
    })
}

/// The fonts embedded in the binary: DejaVu Sans, which covers Swedish.
fn fonts() -> Vec<Font> {
    [
        dejavu::sans::regular(),
        dejavu::sans::bold(),
        dejavu::sans::oblique(),
        dejavu::sans::bold_oblique(),
    ]
    .into_iter()
    .flat_map(|b| Font::iter(Bytes::new(b)))
    .collect()
}

/// What the report needs besides its data: typst's standard library, the
/// embedded fonts and the parsed template. None of it depends on the
/// figures, so a run prepares it on the other core while they are computed.
pub struct Typesetter {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    /// The template's name in messages.
    name: String,
    /// The folder of an overriding template (files it refers to).
    root: Option<PathBuf>,
}

impl Typesetter {
    /// Loads the fonts and the library and parses the template (the
    /// built-in one unless `template` overrides it).
    #[must_use]
    pub fn new(template: Option<&TemplateFile>) -> Self {
        let (text, name, root) = match template {
            Some(t) => (
                t.text.clone(),
                t.path.display().to_string(),
                t.path.parent().map(Path::to_path_buf),
            ),
            None => (
                TEMPLATE.to_string(),
                "templates/rapport.typ (inbyggd)".to_string(),
                None,
            ),
        };
        let fonts = fonts();
        Typesetter {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main: Source::new(file_id("rapport.typ"), text),
            name,
            root,
        }
    }

    /// The label widths in the upright regular and bold faces.
    #[must_use]
    pub fn widths(&self) -> Widths<'_> {
        let face = |weight: u16| {
            let font = self.fonts.iter().find(|f| {
                let v = f.info().variant;
                v.style == typst::text::FontStyle::Normal && v.weight.to_number() == weight
            })?;
            ttf_parser::Face::parse(font.data(), font.index()).ok()
        };
        Widths {
            regular: face(400),
            bold: face(700),
        }
    }
}

/// The widths of the report's labels, set on one line in its regular or
/// bold face. They let the template give a long table's row a fixed height
/// when its label surely fits on one line: typst lays out a row of
/// automatic height twice (to measure it, then to place it), which was a
/// quarter of the report's layout.
pub struct Widths<'t> {
    regular: Option<ttf_parser::Face<'t>>,
    bold: Option<ttf_parser::Face<'t>>,
}

impl Widths<'_> {
    /// The advance width of `text` in em, without kerning (which narrows
    /// text more often than it widens it: the template keeps a margin). A
    /// character the face lacks counts as 1.2 em. `None` for text with a
    /// line break, or when the face is missing: the row keeps its automatic
    /// height.
    #[must_use]
    pub fn em(&self, text: &str, bold: bool) -> Option<f64> {
        let face = if bold { &self.bold } else { &self.regular }.as_ref()?;
        let per_em = f64::from(face.units_per_em());
        let mut width = 0.0;
        for c in text.chars() {
            if matches!(
                c,
                '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
            ) {
                return None;
            }
            width += face
                .glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(1.2, |a| f64::from(a) / per_em);
        }
        Some(width)
    }
}

/// The small typst world of the report: one template, one data file, the
/// embedded fonts, and (for an overriding template) the files beside it.
struct ReportWorld<'t> {
    t: &'t Typesetter,
    data_id: FileId,
    data: Bytes,
    today: Option<Datetime>,
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path)
        .unwrap_or_else(|_| VirtualPath::new("main.typ").expect("a valid path"));
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.t.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.t.book
    }

    fn main(&self) -> FileId {
        self.t.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.t.main.id() {
            Ok(self.t.main.clone())
        } else {
            let bytes = self.file(id)?;
            let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
            Ok(Source::new(id, text.to_string()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        let vpath = id.get().vpath();
        let Some(root) = &self.t.root else {
            return Err(FileError::NotFound(PathBuf::from(
                vpath.get_without_slash(),
            )));
        };
        let path = vpath.realize(root).map_err(FileError::Realize)?;
        std::fs::read(&path)
            .map(Bytes::new)
            .map_err(|_| FileError::NotFound(path))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.t.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

fn describe(world: &ReportWorld<'_>, name: &str, diags: &[SourceDiagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            let place = world
                .range(d.span)
                .and_then(|r| {
                    let id = d.span.id()?;
                    let source = world.source(id).ok()?;
                    let (line, col) = source.lines().byte_to_line_column(r.start)?;
                    let file = if id == world.t.main.id() {
                        name.to_string()
                    } else {
                        id.get().vpath().get_without_slash().to_string()
                    };
                    Some(format!("{file}:{}:{}", line + 1, col + 1))
                })
                .unwrap_or_else(|| name.to_string());
            let hints: String = d
                .hints
                .iter()
                .map(|h| format!(" (hint: {})", h.v))
                .collect();
            format!("{place}: {}{hints}", d.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Builds the PDF.
///
/// # Errors
/// [`ReportError`] when the template has errors or the PDF cannot be written.
pub fn build(input: &ReportInput<'_>) -> Result<Vec<u8>, ReportError> {
    build_with(input, &Typesetter::new(input.template))
}

/// Builds the PDF with a [`Typesetter`] prepared before (for the same
/// template as `input`'s).
///
/// # Errors
/// [`ReportError`] when the template has errors or the PDF cannot be written.
pub fn build_with(input: &ReportInput<'_>, t: &Typesetter) -> Result<Vec<u8>, ReportError> {
    let data = serde_json::to_vec(&data(input, &t.widths())).unwrap_or_default();
    let (_, today) = date_text(input.timestamp);
    let world = ReportWorld {
        t,
        data_id: file_id("data.json"),
        data: Bytes::new(data),
        today,
    };
    let name = &t.name;
    let warned = typst::compile::<PagedDocument>(&world);
    let document = warned
        .output
        .map_err(|diags| ReportError::Template(describe(&world, name, diags.as_slice())))?;
    let standards = PdfStandards::new(&[PdfStandard::Ua_1])
        .map_err(|e| ReportError::Pdf(e.message().to_string()))?;
    let timestamp = today
        .and_then(|d| Datetime::from_ymd_hms(d.year()?, d.month()?, d.day()?, 0, 0, 0))
        .map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(format!("tertial-{}", input.figures.period)),
        creator: Smart::Custom(Some(format!("tertial {}", env!("CARGO_PKG_VERSION")))),
        timestamp,
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    typst_pdf::pdf(&document, &options)
        .map_err(|diags| ReportError::Pdf(describe(&world, name, diags.as_slice())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_add_the_advances_of_the_face_in_use() {
        let t = Typesetter::new(None);
        let w = t.widths();
        assert_eq!(w.em("", false), Some(0.0));
        // DejaVu Sans: "i" is 0.278 em and "m" 0.974 em (569/2048, 1995/2048).
        let i = w.em("i", false).unwrap();
        let m = w.em("m", false).unwrap();
        assert!((i - 569.0 / 2048.0).abs() < 1e-9, "{i}");
        assert!((m - 1995.0 / 2048.0).abs() < 1e-9, "{m}");
        assert!((w.em("mi", false).unwrap() - (i + m)).abs() < 1e-9);
        // Bold is wider.
        assert!(w.em("Område 1", true).unwrap() > w.em("Område 1", false).unwrap());
        // A character the face lacks counts as 1.2 em.
        assert!((w.em("中", false).unwrap() - 1.2).abs() < 1e-9);
        // A line break: the row keeps its automatic height.
        assert_eq!(w.em("två\nrader", false), None);
    }
}
