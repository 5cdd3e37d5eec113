//! Templates: blank workbooks for the finance, HR and quality staff to fill in, one per data sheet,
//! so that the right input is the easy input.
//!
//! Takes a sheet kind and the register; gives a workbook with an instruction line and an example
//! above the exact headers (rows above the header are never read), number formats, column widths
//! and Excel data validation: dropdowns for the fixed vocabularies and, with a register, the area
//! and activity names; numbers only in number columns. A template filled in and dropped into
//! `input/` passes `tertial check` unchanged.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook,
    XlsxError,
};

use crate::config::Register;
use crate::model::{AgeGroup, Assessment, CostType, Direction, Gender, InvestmentType, Vocabulary};
use crate::schema::{Col, SheetKind};

/// Rows below the header that carry data validation.
const ROWS: u32 = 2000;

/// The file name of a kind's template.
#[must_use]
pub fn file_name(kind: SheetKind) -> &'static str {
    match kind {
        SheetKind::Budget => "budget.xlsx",
        SheetKind::Forecast => "prognos.xlsx",
        SheetKind::Investments => "investeringar.xlsx",
        SheetKind::SickLeave => "sjukfranvaro.xlsx",
        SheetKind::Staff => "personal.xlsx",
        SheetKind::Indicators => "indikatorer.xlsx",
        SheetKind::Actions => "atgarder.xlsx",
        SheetKind::Text => "text.xlsx",
        SheetKind::Ledger => "huvudbok.xlsx",
    }
}

fn instruction(kind: SheetKind) -> &'static str {
    match kind {
        SheetKind::Budget => "Budget i tkr, en rad per verksamhetsområde, verksamhet och kostnadsslag. Intäkter negativa, kostnader positiva. Lämna Verksamhet tom om området saknar verksamheter. Månad (ÅÅÅÅ-MM) är frivillig: lämna den tom för årsbudget, fyll i den för budget per månad (ger kolumnen Budget t.o.m.).",
        SheetKind::Forecast => "Prognos för helåret i tkr, gjord vid detta tertial, en rad per verksamhetsområde, verksamhet och kostnadsslag. Intäkter negativa, kostnader positiva.",
        SheetKind::Investments => "Investeringsprojekt i tkr: Typ Utgift (positivt belopp) eller Inkomst (negativt belopp).",
        SheetKind::SickLeave => "Timmar per månad (skriv månaden som ÅÅÅÅ-MM), verksamhetsområde, kön och åldersgrupp. Varav långtid = timmar i sjukperioder om 60 dagar eller mer.",
        SheetKind::Staff => "Ögonblicksbild vid periodens slut: antal personer och årsarbetare per verksamhetsområde och kön.",
        SheetKind::Indicators => "En rad per indikator. Lämna Bedömning tom så räknas den fram ur Utfall, Målvärde och Riktning.",
        SheetKind::Actions => "Handlingsplanens åtgärder och hur de går.",
        SheetKind::Text => "Rapportens text: ett stycke per rad under sitt avsnitt. Lämna Verksamhetsområde tomt för text om hela nämnden.",
        SheetKind::Ledger => "Export ur ekonomisystemet (huvudbok), i stället för Budget- och Prognosbladen: en rad per ansvar, verksamhet och konto, gärna per månad (Period ÅÅÅÅMM). Belopp i kronor, kostnader positiva, intäkter negativa. Koderna knyts till verksamhetsområden och verksamheter i tertial.toml under [ledger].",
    }
}

fn example(kind: SheetKind, col: Col) -> &'static str {
    if kind == SheetKind::Ledger {
        match col {
            Col::Period => return "202208",
            Col::CostCentre => return "5210",
            Col::Activity => return "7210",
            Col::Account => return "5011",
            Col::AccountText => return "Månadslön",
            Col::Budget => return "1 250 000",
            Col::Actual => return "812 345,50",
            Col::Forecast => return "1 300 000",
            Col::Counterparty | Col::Task | Col::Object | Col::Project => return "",
            _ => {}
        }
    }
    match col {
        Col::Area => "VUXEN",
        Col::Activity => "Gemensamt vuxen",
        Col::CostType => "Personalkostnader",
        Col::Budget | Col::Forecast => "1 400",
        Col::Actual => "930",
        Col::Comment => "Fler placeringar än budgeterat",
        Col::Project => "Utbyte av skrivare",
        Col::Type => "Utgift",
        Col::Month => "2022-07",
        Col::Gender => "Kvinna",
        Col::AgeGroup => "30-49",
        Col::OrdinaryHours => "12 357",
        Col::SickHours => "983",
        Col::LongTermHours => "344",
        Col::Employees => "78",
        Col::Persons => "170",
        Col::Fte => "169,1",
        Col::Year => "2022",
        Col::LongTermSick => "7",
        Col::Goal => "Tillgänglig vård och omsorg",
        Col::Indicator => "Handläggningstid, dagar",
        Col::Target => "45",
        Col::Outcome => "48",
        Col::OutcomeWomen => "47",
        Col::OutcomeMen => "50",
        Col::Unit => "dagar",
        Col::Direction => "Lägre är bättre",
        Col::Assessment => "Delvis uppfyllt",
        Col::Responsible => "Verksamhetschef",
        Col::Action => "Översyn av arbetssättet",
        Col::PlannedStart => "2022-09",
        Col::Status => "Pågående",
        Col::Section => "Väsentliga händelser",
        Col::Text => "Under perioden har …",
        Col::CostCentre => "5210",
        Col::Account => "5011",
        Col::Task | Col::Object | Col::Counterparty | Col::AccountText => "",
        Col::Period => "202208",
    }
}

enum Kind {
    Text,
    Month,
    Amount,
    NonNegative,
    Decimal,
    Year,
    List(Vec<String>),
}

fn words<T: Vocabulary>() -> Vec<String> {
    T::WORDS.iter().map(|(_, w)| (*w).to_string()).collect()
}

fn column_kind(kind: SheetKind, col: Col, register: &Register) -> Kind {
    if kind == SheetKind::Ledger {
        // A ledger export holds codes, not names.
        return match col {
            Col::Budget | Col::Forecast | Col::Actual => Kind::Amount,
            Col::Period => Kind::Month,
            _ => Kind::Text,
        };
    }
    match col {
        Col::Area if register.has_areas() => {
            Kind::List(register.areas.iter().map(|a| a.name.clone()).collect())
        }
        Col::Activity if register.has_areas() => {
            let mut v: Vec<String> =
                register.areas.iter().flat_map(|a| a.activities.iter().cloned()).collect();
            v.dedup();
            if v.is_empty() {
                Kind::Text
            } else {
                Kind::List(v)
            }
        }
        Col::CostType => Kind::List(words::<CostType>()),
        Col::Gender => Kind::List(words::<Gender>()),
        Col::AgeGroup => Kind::List(words::<AgeGroup>()),
        Col::Type => Kind::List(words::<InvestmentType>()),
        Col::Direction => Kind::List(words::<Direction>()),
        Col::Assessment => Kind::List(words::<Assessment>()),
        Col::Month => Kind::Month,
        Col::Budget | Col::Forecast | Col::Actual => Kind::Amount,
        Col::OrdinaryHours
        | Col::SickHours
        | Col::LongTermHours
        | Col::Employees
        | Col::Persons
        | Col::Fte
        | Col::LongTermSick => Kind::NonNegative,
        Col::Target | Col::Outcome | Col::OutcomeWomen | Col::OutcomeMen => Kind::Decimal,
        Col::Year => Kind::Year,
        _ => Kind::Text,
    }
}

fn width(col: Col) -> f64 {
    match col {
        Col::Area | Col::Goal | Col::Project | Col::Action => 30.0,
        Col::Activity | Col::Indicator | Col::Comment | Col::Responsible => 36.0,
        Col::Text => 90.0,
        Col::CostType | Col::Direction | Col::Assessment | Col::Section => 20.0,
        _ => 14.0,
    }
}

/// Builds the template workbook of one sheet kind.
pub fn build(kind: SheetKind, register: &Register) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("tertial – mall för {}", kind.swedish()))
            .set_author("tertial")
            .set_creation_datetime(&created),
    );
    let ws = wb.add_worksheet();
    ws.set_name(kind.swedish())?;
    let bold = Format::new().set_bold().set_text_wrap();
    let note = Format::new().set_italic().set_font_color(Color::RGB(0x0060_6060));
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0x00DE_E6EF))
        .set_border_bottom(FormatBorder::Thin);
    ws.merge_range(0, 0, 0, 5, instruction(kind), &bold)?;
    ws.set_row_height(0, 32)?;
    let cols = kind.columns();
    let mut long_lists: Vec<Vec<String>> = Vec::new();
    let examples: Vec<String> = cols
        .iter()
        .filter(|c| !example(kind, c.col).is_empty())
        .map(|c| format!("{}: {}", c.col.swedish(), example(kind, c.col)))
        .collect();
    ws.write_string_with_format(1, 0, format!("Exempel – {}", examples.join(" | ")), &note)?;
    for (i, spec) in cols.iter().enumerate() {
        let c = u16::try_from(i).unwrap_or(u16::MAX);
        ws.write_string_with_format(2, c, spec.col.swedish(), &header)?;
        ws.set_column_width(c, width(spec.col))?;
        let number = |rule| DataValidation::new().allow_decimal_number(rule);
        let (validation, message, format) = match column_kind(kind, spec.col, register) {
            Kind::Text => continue,
            Kind::Month => {
                ws.set_column_format(c, &Format::new().set_num_format("@"))?;
                continue;
            }
            Kind::List(items) => {
                let joined: usize = items.iter().map(|i| i.chars().count() + 1).sum();
                let v = if joined <= 250 {
                    DataValidation::new().allow_list_strings(&items)?
                } else {
                    // Too long for Excel's inline list: the names go on a hidden sheet.
                    let col = rust_xlsxwriter::utility::column_number_to_name(
                        u16::try_from(long_lists.len()).unwrap_or(0),
                    );
                    let formula = format!("=Listor!${col}$1:${col}${}", items.len());
                    long_lists.push(items);
                    DataValidation::new().allow_list_formula(formula.as_str().into())
                };
                (v, "Välj ett av värdena i listan.", None)
            }
            Kind::Amount if kind == SheetKind::Ledger => (
                number(DataValidationRule::Between(-1e12, 1e12)),
                "Skriv ett belopp i kronor, t.ex. 1250000 eller -12700,50.",
                Some("#,##0.0"),
            ),
            Kind::Amount => (
                number(DataValidationRule::Between(-1e12, 1e12)),
                "Skriv ett tal i tkr, t.ex. 1400 eller -12700.",
                Some("#,##0.0"),
            ),
            Kind::NonNegative => (
                number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
                "Skriv ett tal som är 0 eller större.",
                Some("#,##0.##"),
            ),
            Kind::Decimal => (number(DataValidationRule::Between(-1e12, 1e12)), "Skriv ett tal.", None),
            Kind::Year => (
                DataValidation::new().allow_whole_number(DataValidationRule::Between(1900, 2200)),
                "Skriv året med fyra siffror, t.ex. 2022.",
                None,
            ),
        };
        if let Some(f) = format {
            ws.set_column_format(c, &Format::new().set_num_format(f))?;
        }
        let validation = validation.set_error_title(spec.col.swedish())?.set_error_message(message)?;
        ws.add_data_validation(3, c, 3 + ROWS - 1, c, &validation)?;
    }
    ws.set_freeze_panes(3, 0)?;
    if !long_lists.is_empty() {
        let lists = wb.add_worksheet();
        lists.set_name("Listor")?;
        for (c, items) in long_lists.iter().enumerate() {
            for (r, item) in items.iter().enumerate() {
                lists.write_string(u32::try_from(r).unwrap_or(0), u16::try_from(c).unwrap_or(0), item)?;
            }
        }
        lists.set_hidden(true);
    }
    wb.save_to_buffer()
}
