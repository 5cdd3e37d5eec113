//! Writes the sample input that ships in `input/`: the workbooks of a small
//! fictional committee (Vård- och omsorgsnämnden in Exempelby kommun) for
//! 2025-T1 and 2025-T2, covering every data sheet of SPEC.md.
//!
//! Usage: `cargo run --release --example make_sample -- [DIR]` (default
//! `input`). The output is the same every time (fixed seed, fixed
//! creation date), so a test can check that `input/` has not drifted.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

/// A small deterministic random source (an LCG), so the sample needs no
/// extra crate and never changes.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        #[allow(clippy::cast_precision_loss)]
        let v = (self.0 >> 11) as f64 / (1u64 << 53) as f64;
        v
    }

    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next()
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

enum V<'a> {
    S(&'a str),
    N(f64),
    E,
}

fn row(ws: &mut Worksheet, r: u32, cells: &[V<'_>]) -> Result<(), XlsxError> {
    for (c, v) in cells.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(0);
        match v {
            V::S(s) => {
                ws.write_string(r, c, *s)?;
            }
            V::N(n) => {
                ws.write_number(r, c, *n)?;
            }
            V::E => {}
        }
    }
    Ok(())
}

fn save(mut wb: Workbook, path: &Path) -> Result<(), XlsxError> {
    let created = ExcelDateTime::from_ymd(2025, 9, 1)?;
    wb.set_properties(&DocProperties::new().set_author("Exempelby kommun").set_creation_datetime(&created));
    if let Some(dir) = path.parent() {
        fs_err::create_dir_all(dir)?;
    }
    wb.save(path)
}

const COST: [(&str, f64); 5] = [
    ("Intäkter", -0.14),
    ("Personalkostnader", 0.68),
    ("Lokalkostnader", 0.12),
    ("Kapitalkostnader", 0.02),
    ("Övriga kostnader", 0.32),
];

/// (area, file stem, [(activity, annual budget in tkr)])
/// An activity area: its name, the file stem, and its activities with
/// their annual budgets in tkr.
type Area = (&'static str, &'static str, &'static [(&'static str, f64)]);

const AREAS: [Area; 3] = [
    ("LEDNING OCH STÖD", "ledning", &[("", 24_000.0)]),
    (
        "ÄLDREOMSORG",
        "aldreomsorg",
        &[("Hemtjänst", 96_000.0), ("Särskilt boende", 148_000.0), ("Hemsjukvård", 41_000.0)],
    ),
    (
        "FUNKTIONSSTÖD",
        "funktionsstod",
        &[
            ("Boende enligt LSS", 87_000.0),
            ("Daglig verksamhet", 33_000.0),
            ("Personlig assistans", 52_000.0),
        ],
    ),
];

#[allow(clippy::too_many_lines)]
fn period(root: &Path, tertial: u8) -> Result<(), XlsxError> {
    let name = format!("2025-T{tertial}");
    let dir = root.join(&name);
    let end_month = u32::from(tertial) * 4;
    let month_name = if tertial == 1 { "april" } else { "augusti" };
    let mut rnd = Lcg(2025);
    // Forecast drift grows over the year: T2 shows a larger deficit.
    let drift = if tertial == 1 { 0.006 } else { 0.011 };

    for (area, stem, acts) in AREAS {
        let mut wb = Workbook::new();
        let b = wb.add_worksheet();
        b.set_name("Budget")?;
        b.write_string(0, 0, format!("Budget 2025, {area}, tkr"))?;
        row(b, 2, &[V::S("Verksamhetsområde"), V::S("Verksamhet"), V::S("Kostnadsslag"), V::S("Budget")])?;
        let mut budget_rows = Vec::new();
        let mut r = 3;
        for (act, total) in acts {
            for (cost, share) in COST {
                let v = round1(total * share * rnd.between(0.97, 1.03));
                budget_rows.push((*act, cost, v));
                // Staff costs come as two rows (two cost centres): summed by the program.
                if cost == "Personalkostnader" {
                    let a = round1(v * 0.6);
                    row(b, r, &[V::S(area), V::S(act), V::S(cost), V::N(a)])?;
                    row(b, r + 1, &[V::S(area), V::S(act), V::S(cost), V::N(round1(v - a))])?;
                    r += 2;
                } else {
                    row(b, r, &[V::S(area), V::S(act), V::S(cost), V::N(v)])?;
                    r += 1;
                }
            }
        }
        let sum: f64 = budget_rows.iter().map(|x| x.2).sum();
        row(b, r, &[V::S("Summa"), V::E, V::E, V::N((sum * 10.0).round() / 10.0)])?;
        b.set_column_width(0, 24)?;
        b.set_column_width(1, 24)?;
        b.set_column_width(2, 20)?;

        let p = wb.add_worksheet();
        p.set_name("Prognos")?;
        p.write_string(0, 0, format!("Prognos efter {month_name} 2025, {area}, tkr"))?;
        row(
            p,
            2,
            &[
                V::S("Verksamhetsområde"),
                V::S("Verksamhet"),
                V::S("Kostnadsslag"),
                V::S("Prognos"),
                V::S("Utfall"),
                V::S("Kommentar"),
            ],
        )?;
        for (r, (act, cost, v)) in (3..).zip(budget_rows.iter()) {
            let factor =
                if *cost == "Intäkter" { 1.0 + drift * 0.5 } else { 1.0 + drift * rnd.between(0.0, 2.0) };
            let f = round1(v * factor);
            let actual = round1(f * f64::from(end_month) / 12.0 * rnd.between(0.97, 1.02));
            // One forecast is typed as text in Swedish style ("11 649,3"), as people do.
            if *act == "Hemtjänst" && *cost == "Lokalkostnader" {
                let text = tertial::format::number(f, 1);
                row(p, r, &[V::S(area), V::S(act), V::S(cost), V::S(&text), V::N(actual)])?;
            } else {
                let comment = if *cost == "Övriga kostnader" && *act == "Särskilt boende" {
                    V::S("Fler köpta platser än budgeterat.")
                } else {
                    V::E
                };
                row(p, r, &[V::S(area), V::S(act), V::S(cost), V::N(f), V::N(actual), comment])?;
            }
        }
        p.set_column_width(0, 24)?;
        p.set_column_width(1, 24)?;
        p.set_column_width(2, 20)?;
        save(wb, &dir.join("ekonomi").join(format!("{stem}.xlsx")))?;
    }

    // Investments.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Investeringar")?;
    row(
        ws,
        0,
        &[
            V::S("Projekt"),
            V::S("Typ"),
            V::S("Budget"),
            V::S("Prognos"),
            V::S("Verksamhetsområde"),
            V::S("Kommentar"),
        ],
    )?;
    let inv: [(&str, &str, f64, f64, &str, &str); 4] = [
        (
            "Larm och trygghetsteknik",
            "Utgift",
            2_400.0,
            2_650.0,
            "ÄLDREOMSORG",
            "Dyrare komponenter än beräknat.",
        ),
        ("Inventarier nytt LSS-boende", "Utgift", 1_800.0, 1_800.0, "FUNKTIONSSTÖD", ""),
        ("Digitala lås", "Utgift", 900.0, 600.0, "LEDNING OCH STÖD", "Delvis förskjutet till 2026."),
        ("Statsbidrag välfärdsteknik", "Inkomst", -500.0, -500.0, "ÄLDREOMSORG", ""),
    ];
    for (i, (proj, typ, b, f, area, comment)) in inv.iter().enumerate() {
        let r = 1 + u32::try_from(i).unwrap_or(0);
        row(ws, r, &[V::S(proj), V::S(typ), V::N(*b), V::N(*f), V::S(area), V::S(comment)])?;
    }
    ws.set_column_width(0, 30)?;
    save(wb, &dir.join("investeringar.xlsx"))?;

    // HR: sick leave by month (with history) and staff.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Sjukfrånvaro")?;
    row(
        ws,
        0,
        &[
            V::S("Verksamhetsområde"),
            V::S("Månad"),
            V::S("Kön"),
            V::S("Åldersgrupp"),
            V::S("Ordinarie arbetstid"),
            V::S("Sjukfrånvaro"),
            V::S("Varav långtid"),
            V::S("Antal anställda"),
        ],
    )?;
    let last_month = end_month - 1; // sick leave is one month behind
    let mut r = 1;
    let mut hr = Lcg(7);
    for year in 2023..=2025 {
        for month in 1..=last_month {
            let ym = format!("{year}-{month:02}");
            for (area, _, _) in AREAS {
                for (gender, base_rate, share) in [("Kvinna", 0.078, 0.8), ("Man", 0.052, 0.2)] {
                    for (age, age_share, age_rate) in
                        [("-29", 0.2, 0.8), ("30-49", 0.45, 1.0), ("50-", 0.35, 1.25)]
                    {
                        let size: f64 = if area == "LEDNING OCH STÖD" { 40.0 } else { 260.0 };
                        let employees = (size * share * age_share).round().max(1.0);
                        let hours = (employees * 150.0 * hr.between(0.95, 1.05)).round();
                        let year_factor = match year {
                            2023 => 1.08,
                            2024 => 0.97,
                            _ => 1.0,
                        };
                        let sick =
                            (hours * base_rate * age_rate * year_factor * hr.between(0.85, 1.15)).round();
                        let long = (sick * hr.between(0.3, 0.5)).round();
                        row(
                            ws,
                            r,
                            &[
                                V::S(area),
                                V::S(&ym),
                                V::S(gender),
                                V::S(age),
                                V::N(hours),
                                V::N(sick),
                                V::N(long),
                                V::N(employees),
                            ],
                        )?;
                        r += 1;
                    }
                }
            }
        }
    }
    ws.set_column_width(0, 22)?;
    let st = wb.add_worksheet();
    st.set_name("Personal")?;
    row(
        st,
        0,
        &[
            V::S("Verksamhetsområde"),
            V::S("Kön"),
            V::S("Antal personer"),
            V::S("Antal årsarbetare"),
            V::S("År"),
            V::S("Långtidssjukskrivna"),
        ],
    )?;
    let mut r = 1;
    for (year, grow) in [(2024, 0.0), (2025, 1.0)] {
        for (area, _, _) in AREAS {
            for (gender, n) in [
                ("Kvinna", if area == "LEDNING OCH STÖD" { 31.0 } else { 208.0 }),
                ("Man", if area == "LEDNING OCH STÖD" { 9.0 } else { 52.0 }),
            ] {
                let persons: f64 = n + grow * 2.0;
                let fte = ((persons * 0.93) * 100.0).round() / 100.0 + 0.07;
                let lts = (persons * 0.04).round();
                row(
                    st,
                    r,
                    &[V::S(area), V::S(gender), V::N(persons), V::N(fte), V::N(f64::from(year)), V::N(lts)],
                )?;
                r += 1;
            }
        }
    }
    st.set_column_width(0, 22)?;
    save(wb, &dir.join("personal.xlsx"))?;

    // Quality: indicators, actions and the narrative.
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Indikatorer")?;
    row(
        ws,
        0,
        &[
            V::S("Mål"),
            V::S("Indikator"),
            V::S("Enhet"),
            V::S("Riktning"),
            V::S("Målvärde"),
            V::S("Utfall"),
            V::S("Utfall kvinnor"),
            V::S("Utfall män"),
            V::S("Bedömning"),
            V::S("Verksamhetsområde"),
            V::S("Ansvarig"),
            V::S("Kommentar"),
        ],
    )?;
    let t2 = tertial == 2;
    #[allow(clippy::type_complexity)]
    let ind: [(&str, &str, &str, &str, f64, Option<f64>, Option<f64>, Option<f64>, &str, &str, &str); 5] = [
        (
            "Trygg och värdig äldreomsorg",
            "Nöjdhet med hemtjänsten",
            "%",
            "Högre är bättre",
            90.0,
            Some(if t2 { 88.0 } else { 86.0 }),
            Some(89.0),
            Some(85.0),
            "",
            "ÄLDREOMSORG",
            "Enkät bland brukare.",
        ),
        (
            "Trygg och värdig äldreomsorg",
            "Antal olika personal hos en brukare på 14 dagar",
            "antal",
            "Lägre är bättre",
            12.0,
            Some(if t2 { 11.0 } else { 13.0 }),
            None,
            None,
            "",
            "ÄLDREOMSORG",
            "Medianvärde.",
        ),
        (
            "Delaktighet och självbestämmande",
            "Andel med aktuell genomförandeplan",
            "%",
            "Högre är bättre",
            95.0,
            Some(if t2 { 78.0 } else { 74.0 }),
            None,
            None,
            "",
            "FUNKTIONSSTÖD",
            "Planerna ses över under hösten.",
        ),
        (
            "En attraktiv arbetsgivare",
            "Sjukfrånvaro",
            "%",
            "Lägre är bättre",
            7.0,
            Some(if t2 { 7.3 } else { 7.5 }),
            Some(7.9),
            Some(5.1),
            "Uppfyllt",
            "LEDNING OCH STÖD",
            "Bedöms uppfyllt då trenden är sjunkande.",
        ),
        (
            "En attraktiv arbetsgivare",
            "Medarbetarindex",
            "index",
            "Högre är bättre",
            80.0,
            None,
            None,
            None,
            "",
            "LEDNING OCH STÖD",
            "Mäts i december.",
        ),
    ];
    for (i, (goal, name, unit, dir_, target, outcome, w, m, stated, area, comment)) in ind.iter().enumerate()
    {
        let r = 1 + u32::try_from(i).unwrap_or(0);
        let o = |v: &Option<f64>| v.map_or(V::E, V::N);
        row(
            ws,
            r,
            &[
                V::S(goal),
                V::S(name),
                V::S(unit),
                V::S(dir_),
                V::N(*target),
                o(outcome),
                o(w),
                o(m),
                if stated.is_empty() { V::E } else { V::S(stated) },
                V::S(area),
                V::S("Kvalitetsstrateg"),
                V::S(comment),
            ],
        )?;
    }
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 44)?;
    let ws = wb.add_worksheet();
    ws.set_name("Åtgärder")?;
    row(ws, 0, &[V::S("Åtgärd"), V::S("Mål"), V::S("Planerad start"), V::S("Status"), V::S("Ansvarig")])?;
    row(
        ws,
        1,
        &[
            V::S("Färre personal per brukare genom mindre arbetslag"),
            V::S("Trygg och värdig äldreomsorg"),
            V::S("2025-03"),
            V::S(if t2 { "Pågående" } else { "Planerad" }),
            V::S("Verksamhetschef äldreomsorg"),
        ],
    )?;
    row(
        ws,
        2,
        &[
            V::S("Genomgång av alla genomförandeplaner"),
            V::S("Delaktighet och självbestämmande"),
            V::S("2025-09"),
            V::S("Planerad"),
            V::S("Verksamhetschef funktionsstöd"),
        ],
    )?;
    ws.set_column_width(0, 50)?;
    let ws = wb.add_worksheet();
    ws.set_name("Text")?;
    row(ws, 0, &[V::S("Avsnitt"), V::S("Verksamhetsområde"), V::S("Text")])?;
    let texts: [(&str, &str, &str); 5] = [
        ("Sammanfattning", "", "Nämnden prognostiserar ett underskott för helåret, främst till följd av fler köpta platser inom särskilt boende. Sjukfrånvaron är i nivå med föregående år."),
        ("Väsentliga händelser", "ÄLDREOMSORG", "Ett nytt arbetssätt med mindre arbetslag har införts i två hemtjänstområden."),
        ("Väsentliga händelser", "FUNKTIONSSTÖD", "Ett nytt boende enligt LSS öppnar under hösten."),
        ("Prognos", "", "Underskottet beror på köpta platser och högre kostnader för livsmedel och energi. Intäkterna följer budget."),
        ("Personal", "", "Sjukfrånvaron har minskat något jämfört med samma period föregående år."),
    ];
    for (i, (section, area, text)) in texts.iter().enumerate() {
        let r = 1 + u32::try_from(i).unwrap_or(0);
        row(ws, r, &[V::S(section), if area.is_empty() { V::E } else { V::S(area) }, V::S(text)])?;
    }
    ws.set_column_width(2, 100)?;
    save(wb, &dir.join("kvalitet.xlsx"))?;
    Ok(())
}

/// Writes both periods under `root`.
///
/// # Errors
/// A writer error.
pub fn write_sample(root: &Path) -> Result<(), XlsxError> {
    period(root, 1)?;
    period(root, 2)
}

fn main() -> Result<(), XlsxError> {
    let root = std::env::args().nth(1).map_or_else(|| PathBuf::from("input"), PathBuf::from);
    write_sample(&root)?;
    println!("wrote the sample input under {}", root.display());
    Ok(())
}
