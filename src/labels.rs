//! Labels of the annex and the report in the register's language.
//!
//! Takes a Swedish label; gives it in the report language. Swedish is the language of the product:
//! every label is written in Swedish in the code and in the template, and [`Lang::t`] looks up the
//! English one when the register says `language = "en"`. Data (names, comments) and problem
//! messages stay as they are.

/// The report language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Swedish (the default).
    #[default]
    Sv,
    /// English labels.
    En,
}

/// Swedish label → English label.
pub const ENGLISH: &[(&str, &str)] = &[
    // Sheets and sections.
    ("Sammanfattning", "Summary"),
    ("Driftredovisning", "Operating statement"),
    ("Verksamhet", "Activity"),
    ("Investeringar", "Investments"),
    ("Personal", "Staff"),
    ("Sjukfrånvaro", "Sick leave"),
    ("Indikatorer", "Indicators"),
    ("Åtgärder", "Actions"),
    ("Underlag", "Sources"),
    ("Kontroller", "Checks"),
    ("Innehåll", "Contents"),
    ("Väsentliga händelser", "Significant events"),
    ("Prognos", "Forecast"),
    ("Åtgärder och konsekvenser", "Measures and consequences"),
    ("Investeringsredovisning", "Investments"),
    ("Väsentliga personalförhållanden", "Staff"),
    ("Personalsammansättning", "Staff composition"),
    ("Måluppföljning", "Goal follow-up"),
    ("Problem i underlaget", "Problems in the input"),
    ("Projekt", "Projects"),
    // Table headings and labels.
    ("Budget", "Budget"),
    ("Avvikelse", "Deviation"),
    ("Kostnadsslag", "Cost type"),
    ("Intäkter", "Income"),
    ("Personalkostnader", "Staff costs"),
    ("Lokalkostnader", "Premises"),
    ("Kapitalkostnader", "Capital costs"),
    ("Övriga kostnader", "Other costs"),
    ("Summa KOSTNADER", "Total COSTS"),
    ("Summa RESULTAT", "Total RESULT"),
    ("Summa", "Total"),
    ("Inkomster", "Income"),
    ("Utgifter", "Expenditure"),
    ("Summa NETTOINVESTERINGAR", "Total NET INVESTMENT"),
    ("(ingen verksamhet angiven)", "(no activity given)"),
    ("Kvinnor", "Women"),
    ("Män", "Men"),
    ("Totalt", "Total"),
    ("Kön", "Gender"),
    ("Grupp", "Group"),
    ("Under 30 år", "Under 30"),
    ("30–49 år", "30–49"),
    ("50 år och äldre", "50 and over"),
    ("Personer", "Persons"),
    ("Antal personer", "Persons"),
    ("Årsarbetare", "FTE"),
    ("Långtidssjukskrivna", "Long-term sick"),
    ("Uppfyllt", "Met"),
    ("Delvis uppfyllt", "Partly met"),
    ("Ej uppfyllt", "Not met"),
    ("Ej utvärderad", "Not evaluated"),
    ("Högre är bättre", "Higher is better"),
    ("Lägre är bättre", "Lower is better"),
    ("Mål", "Goal"),
    ("Indikator", "Indicator"),
    ("Verksamhetsområde", "Area"),
    ("Enhet", "Unit"),
    ("Riktning", "Direction"),
    ("Målvärde", "Target"),
    ("Utfall", "Outcome"),
    ("Utfall jämfört med föregående år", "Actual compared with the previous year"),
    ("Driftredovisning per kostnadsslag", "Operating statement by cost type"),
    ("Driftredovisning per verksamhet", "Operating statement by activity"),
    ("Budget och prognos per verksamhetsområde", "Budget and forecast by area"),
    ("Utfall kvinnor", "Outcome women"),
    ("Utfall män", "Outcome men"),
    ("Beräknad bedömning", "Computed assessment"),
    ("Angiven bedömning", "Stated assessment"),
    ("Bedömning", "Assessment"),
    ("Bedömning:", "Assessment:"),
    ("Ansvarig", "Responsible"),
    ("Kommentar", "Comment"),
    ("Bedömning av målet", "Assessment of the goal"),
    ("Åtgärd", "Action"),
    ("Planerad start", "Planned start"),
    ("Status", "Status"),
    ("Fil", "File"),
    ("Storlek (byte)", "Size (bytes)"),
    ("Blad och rader", "Sheets and rows"),
    ("Rader", "Rows"),
    ("rader", "rows"),
    ("Allvarlighet", "Severity"),
    ("Blad", "Sheet"),
    ("Cell", "Cell"),
    ("Meddelande", "Message"),
    ("Nyckeltal", "Key figures"),
    ("Värde", "Value"),
    ("Antal", "Count"),
    ("Antal mål", "Goals"),
    ("Måluppfyllelse", "Goal attainment"),
    ("Mål per bedömning", "Goals by assessment"),
    ("Fel", "Errors"),
    ("Varningar", "Warnings"),
    ("Noteringar", "Notes"),
    ("Fel i underlaget", "Errors in the input"),
    ("Inga varningar eller noteringar.", "No warnings or notes."),
    ("problem till; se loggen.", "more problems; see the log."),
    ("Varje varning och notering står på bladet Kontroller.", "Every warning and note is on the Checks sheet."),
    ("Preliminär – ofullständigt underlag", "Preliminary – incomplete input"),
    ("Tertialrapport", "Four-month report"),
    ("Månadsrapport", "Monthly report"),
    ("Prognosutveckling", "Forecast by period"),
    ("Prognossäkerhet", "Forecast accuracy"),
    ("Prognos i", "Forecast in"),
    ("Förändring", "Change"),
    ("Förändring avvikelse", "Change in deviation"),
    ("Avvikelse vid prognosen", "Deviation at the forecast"),
    ("Avvikelse i bokslutet", "Deviation at year end"),
    ("Avvikelse prognos", "Forecast deviation"),
    ("Prognosavvikelse", "Forecast error"),
    ("Avvikelse mot budget vid varje prognos", "Deviation from budget at each forecast"),
    ("Prognosutveckling, helårsprognos per prognostillfälle, tkr", "Full-year forecast at each forecast, SEK thousand"),
    ("Prognossäkerhet, årets utfall mot varje prognos, tkr", "Forecast accuracy, the year's outcome against each forecast, SEK thousand"),
    (
        "Prognosavvikelse = prognos − utfall: positiv när utfallet blev bättre än prognosen.",
        "Forecast error = forecast − outcome: positive when the outcome was better than forecast.",
    ),
    ("bilaga", "annex"),
    ("Period", "Period"),
    ("Underlag per", "Data as of"),
    ("Sida", "Page"),
    ("av", "of"),
    ("Budget och prognos per verksamhetsområde, tkr", "Budget and forecast by area, SEK thousand"),
    ("Driftredovisning per kostnadsslag, tkr", "Operating statement by cost type, SEK thousand"),
    ("Driftredovisning per verksamhet, tkr", "Operating statement by activity, SEK thousand"),
    ("Investeringsredovisning, tkr", "Investments, SEK thousand"),
    ("Investeringar, tkr", "Investments, SEK thousand"),
    ("Per verksamhetsområde (underlag för diagrammet)", "By area (data of the chart)"),
    ("Sjukfrånvaro, %", "Sick leave, %"),
    ("Sjukfrånvaro, % av ordinarie arbetstid", "Sick leave, % of ordinary working hours"),
    ("Varav långtidssjukfrånvaro (60 dagar eller mer), % av sjukfrånvaron", "Of which long-term (60 days or more), % of sick leave"),
    ("– Grupper med 10 anställda eller färre redovisas inte.", "– Groups of 10 employees or fewer are not shown."),
    ("Underlaget anger inte antal anställda; alla grupper visas.", "The input gives no employee counts; every group is shown."),
    ("Driftredovisning, Summa RESULTAT, tkr", "Operating statement, Total RESULT, SEK thousand"),
    ("Summa NETTOINVESTERINGAR, tkr", "Total NET INVESTMENT, SEK thousand"),
    ("Budget för helåret", "Budget for the year"),
    ("Prognos för helåret", "Forecast for the year"),
    ("Avvikelse mot budget", "Deviation from budget"),
    ("Nettoinvesteringar, prognos", "Net investment, forecast"),
    ("Inga väsentliga händelser har rapporterats.", "No significant events have been reported."),
    ("Inga personaluppgifter har rapporterats.", "No staff figures have been reported."),
    ("Ingen sjukfrånvaro har rapporterats.", "No sick leave has been reported."),
    ("Inga mål har rapporterats.", "No goals have been reported."),
    ("Ingen handlingsplan har rapporterats.", "No action plan has been reported."),
    ("Figur", "Figure"),
    (
        "Rapporten bygger på ett ofullständigt underlag. Följande fel måste rättas innan rapporten kan fastställas:",
        "The report is based on incomplete input. These errors must be corrected before the report can be adopted:",
    ),
    ("– Grupper med 10 anställda eller färre redovisas inte, eftersom uppgiften skulle kunna peka ut enskilda personer.", "– Groups of 10 employees or fewer are not shown, since the figure could point at individuals."),
    ("Underlaget anger inte antal anställda per grupp; alla grupper visas.", "The input gives no employee counts per group; every group is shown."),
    ("Sjukfrånvaro i procent av ordinarie arbetstid", "Sick leave as a percentage of ordinary working hours"),
    ("Antal årsarbetare", "FTE"),
    ("Antal långtidssjukskrivna", "Long-term sick"),
    ("Verksamheterna inom varje område redovisas i bilagan, bladet Verksamhet.", "The activities of each area are in the annex, sheet Activity."),
    ("Diagrammet över verksamhetsområdena visas inte när de är fler än 40.", "The chart of the activity areas is left out when there are more than 40."),
    ("Sjukfrånvaron per verksamhetsområde redovisas i bilagan, bladet Sjukfrånvaro.", "Sick leave by activity area is in the annex, sheet Sick leave."),
    ("Utgift", "Expenditure"),
    ("Inkomst", "Income"),
    ("Sjukfrånvaro per år", "Sick leave by year"),
    ("Typ", "Type"),
    ("SHA-256", "SHA-256"),
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Lang {
    /// The ISO code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// A Swedish label in this language (itself when it has no translation, as for names in the
    /// data).
    #[must_use]
    pub fn t(self, swedish: &str) -> &str {
        match self {
            Lang::Sv => swedish,
            Lang::En => ENGLISH.iter().find(|(s, _)| *s == swedish).map_or(swedish, |(_, e)| e),
        }
    }

    /// A month's name (1–12) in this language.
    #[must_use]
    pub fn month(self, m: u32) -> &'static str {
        match self {
            Lang::Sv => crate::period::month_name(m),
            Lang::En => MONTHS_EN.get(m.wrapping_sub(1) as usize).copied().unwrap_or("?"),
        }
    }

    /// "januari–juli": the months from January to `last` (1–12), empty for none.
    #[must_use]
    pub fn months(self, last: u32) -> String {
        match last {
            0 => String::new(),
            1 => self.month(1).to_string(),
            m => format!("{}–{}", self.month(1), self.month(m)),
        }
    }

    /// The dictionary the report template looks labels up in.
    #[must_use]
    pub fn dictionary(self) -> serde_json::Map<String, serde_json::Value> {
        match self {
            Lang::Sv => serde_json::Map::new(),
            Lang::En => ENGLISH
                .iter()
                .map(|(s, e)| ((*s).to_string(), serde_json::Value::String((*e).to_string())))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_labels_and_fallback() {
        assert_eq!(Lang::En.t("Summa RESULTAT"), "Total RESULT");
        assert_eq!(Lang::Sv.t("Summa RESULTAT"), "Summa RESULTAT");
        assert_eq!(Lang::En.t("BARN o FAMILJ"), "BARN o FAMILJ");
        assert_eq!(Lang::En.month(8), "August");
        assert_eq!(Lang::Sv.month(8), "augusti");
        assert_eq!(Lang::Sv.months(7), "januari–juli");
    }

    #[test]
    fn every_label_of_the_built_in_template_has_an_english_translation() {
        let template = crate::report::TEMPLATE;
        let labels: Vec<&str> =
            template.split("t(\"").skip(1).filter_map(|part| part.split('"').next()).collect();
        assert!(labels.len() > 40, "{labels:?}");
        let missing: Vec<&&str> = labels.iter().filter(|l| !ENGLISH.iter().any(|(s, _)| s == *l)).collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn every_swedish_label_is_translated_once() {
        let mut seen = std::collections::HashSet::new();
        for (s, e) in ENGLISH {
            assert!(seen.insert(*s), "{s} twice");
            assert!(!e.is_empty());
        }
    }
}
