//! What a published period gives the runs after it, so that they need not open its workbooks again.
//!
//! Takes the records of a period's workbooks as validated (before the rules across its files) and
//! the stamps of the files they came from; gives `historik.json` text, and reads it back. A later
//! run uses it in place of the folder's workbooks only when every file of the folder still has the
//! size and modification time stamped here, and the program version and register are the same
//! (`publish::history` decides); otherwise it reads the workbooks. Amounts and hours are kept as
//! the workbooks gave them (JSON numbers that read back to the same bits), so the figures are the
//! same to the öre either way.
//!
//! The text is compact because a month-12 run reads eleven of them: every name (area, activity,
//! file, sheet) is written once in `names`, and each row is an array that refers to names by
//! their index — a tenth of the size of one object per row with its names spelled out, and read
//! back with one allocation per name instead of one per row.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{
    AgeGroup, BudgetLine, CostType, ForecastLine, Gender, Indicator, Origin, Records, SickLeaveRow,
};
use crate::names::Name;
use crate::period::YearMonth;

/// An input file as a run read it: the manifest's entry and the stamp that tells, without reading
/// it again, that it has not changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamped {
    /// Path relative to the period folder.
    pub path: String,
    pub sha256: String,
    pub size: u64,
    /// Modification time, nanoseconds since 1970 (UTC).
    pub modified_ns: u64,
}

/// A period's contribution to later runs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Published {
    pub program: String,
    pub version: String,
    /// The period, e.g. `2025-04`.
    pub period: String,
    /// SHA-256 of the register the records were validated with, if any.
    pub config_sha256: Option<String>,
    /// The folder's files that gave the records, in path order.
    pub inputs: Vec<Stamped>,
    /// Errors found in its workbooks (a later run warns that it uses the valid rows only).
    pub errors: usize,
    /// The records later runs compare against: budget, forecast and actual, sick leave and
    /// indicators; the other lists read back empty.
    pub records: Records,
}

/// Where a row came from: file and sheet as indexes into the names, the row number.
#[derive(Serialize, Deserialize)]
struct Place(u32, u32, u32);

/// A Budget row: area, activity, cost type, amount, month, origin.
#[derive(Serialize, Deserialize)]
struct Budget(u32, u32, CostType, f64, Option<u32>, Place);

/// A Prognos row: area, activity, cost type, forecast, actual, comment, origin.
#[derive(Serialize, Deserialize)]
struct Forecast(u32, u32, CostType, Option<f64>, Option<f64>, Option<String>, Place);

/// A Sjukfrånvaro row: area, year, month, gender, age group, ordinary, sick and long-term hours,
/// employees, origin.
#[derive(Serialize, Deserialize)]
struct Sick(u32, i32, u32, Gender, Option<AgeGroup>, f64, f64, Option<f64>, Option<f64>, Place);

/// `historik.json` as written.
#[derive(Serialize, Deserialize)]
struct Text {
    program: String,
    version: String,
    period: String,
    config_sha256: Option<String>,
    inputs: Vec<Stamped>,
    errors: usize,
    /// Every name the rows refer to, each once.
    names: Vec<Name>,
    budget: Vec<Budget>,
    forecast: Vec<Forecast>,
    sick_leave: Vec<Sick>,
    has_employee_counts: bool,
    indicators: Vec<Indicator>,
}

/// Gives each distinct name its index, in the order met.
#[derive(Default)]
struct Interner {
    index: HashMap<Name, u32>,
    names: Vec<Name>,
}

impl Interner {
    fn of(&mut self, name: &Name) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.clone());
        self.index.insert(name.clone(), i);
        i
    }

    fn place(&mut self, o: &Origin) -> Place {
        Place(self.of(&o.file), self.of(&o.sheet), o.row)
    }
}

/// The names read back, by index; `None` for an index the file does not have.
struct Names(Vec<Name>);

impl Names {
    fn get(&self, i: u32) -> Option<Name> {
        self.0.get(usize::try_from(i).ok()?).cloned()
    }

    fn origin(&self, p: &Place) -> Option<Origin> {
        Some(Origin { file: self.get(p.0)?, sheet: self.get(p.1)?, row: p.2 })
    }
}

impl Published {
    /// The JSON text, ending in a newline.
    #[must_use]
    pub fn to_json(&self) -> Vec<u8> {
        let r = &self.records;
        let mut n = Interner::default();
        let budget = r
            .budget
            .iter()
            .map(|l| {
                Budget(n.of(&l.area), n.of(&l.activity), l.cost_type, l.amount, l.month, n.place(&l.origin))
            })
            .collect();
        let forecast = r
            .forecast
            .iter()
            .map(|l| {
                let (area, activity, origin) = (n.of(&l.area), n.of(&l.activity), n.place(&l.origin));
                Forecast(area, activity, l.cost_type, l.amount, l.actual, l.comment.clone(), origin)
            })
            .collect();
        let sick_leave = r
            .sick_leave
            .iter()
            .map(|s| {
                let (area, origin) = (n.of(&s.area), n.place(&s.origin));
                let (year, month) = (s.month.year, s.month.month);
                let hours = (s.ordinary_hours, s.sick_hours, s.long_term_hours, s.employees);
                Sick(area, year, month, s.gender, s.age_group, hours.0, hours.1, hours.2, hours.3, origin)
            })
            .collect();
        let text = Text {
            program: self.program.clone(),
            version: self.version.clone(),
            period: self.period.clone(),
            config_sha256: self.config_sha256.clone(),
            inputs: self.inputs.clone(),
            errors: self.errors,
            names: n.names,
            budget,
            forecast,
            sick_leave,
            has_employee_counts: r.has_employee_counts,
            indicators: r.indicators.clone(),
        };
        let mut v = serde_json::to_vec(&text).unwrap_or_default();
        v.push(b'\n');
        v
    }

    /// The text read back; `None` when it is not this program's or a row names an index the names
    /// do not have.
    #[must_use]
    pub fn from_json(bytes: &[u8]) -> Option<Published> {
        let t = serde_json::from_slice::<Text>(bytes).ok().filter(|t| t.program == "tertial")?;
        let n = Names(t.names);
        let budget = t
            .budget
            .into_iter()
            .map(|Budget(area, activity, cost_type, amount, month, place)| {
                let (area, activity, origin) = (n.get(area)?, n.get(activity)?, n.origin(&place)?);
                Some(BudgetLine { area, activity, cost_type, amount, month, origin })
            })
            .collect::<Option<_>>()?;
        let forecast = t
            .forecast
            .into_iter()
            .map(|Forecast(area, activity, cost_type, amount, actual, comment, place)| {
                let (area, activity, origin) = (n.get(area)?, n.get(activity)?, n.origin(&place)?);
                Some(ForecastLine { area, activity, cost_type, amount, actual, comment, origin })
            })
            .collect::<Option<_>>()?;
        let sick_leave = t
            .sick_leave
            .into_iter()
            .map(|Sick(area, year, month, gender, age_group, ordinary, sick, long_term, employees, place)| {
                Some(SickLeaveRow {
                    area: n.get(area)?,
                    month: YearMonth { year, month },
                    gender,
                    age_group,
                    ordinary_hours: ordinary,
                    sick_hours: sick,
                    long_term_hours: long_term,
                    employees,
                    origin: n.origin(&place)?,
                })
            })
            .collect::<Option<_>>()?;
        let records = Records {
            budget,
            forecast,
            sick_leave,
            has_employee_counts: t.has_employee_counts,
            indicators: t.indicators,
            ..Records::default()
        };
        Some(Published {
            program: t.program,
            version: t.version,
            period: t.period,
            config_sha256: t.config_sha256,
            inputs: t.inputs,
            errors: t.errors,
            records,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(row: u32) -> Origin {
        Origin { file: "ekonomi Vård.xlsx".into(), sheet: "Budget".into(), row }
    }

    #[test]
    fn records_read_back_as_written_to_the_bit() {
        let area: Name = "Vård och omsorg".into();
        let records = Records {
            budget: vec![BudgetLine {
                area: area.clone(),
                activity: "Hemtjänst".into(),
                cost_type: CostType::Staff,
                amount: 0.1 + 0.2,
                month: Some(7),
                origin: origin(2),
            }],
            forecast: vec![ForecastLine {
                area: area.clone(),
                activity: "Hemtjänst".into(),
                cost_type: CostType::Income,
                amount: Some(-1_234.567_890_123),
                actual: None,
                comment: Some("Fler \"brukare\"".into()),
                origin: origin(3),
            }],
            sick_leave: vec![SickLeaveRow {
                area,
                month: YearMonth { year: 2024, month: 12 },
                gender: Gender::Woman,
                age_group: None,
                ordinary_hours: 1_992.25,
                sick_hours: 1e-7,
                long_term_hours: Some(25.0),
                employees: None,
                origin: origin(4),
            }],
            has_employee_counts: true,
            ..Records::default()
        };
        let published = Published {
            program: "tertial".into(),
            version: "1".into(),
            period: "2025-04".into(),
            config_sha256: Some("ab".into()),
            inputs: vec![Stamped { path: "a.xlsx".into(), sha256: "cd".into(), size: 3, modified_ns: 4 }],
            errors: 2,
            records,
        };
        assert_eq!(Published::from_json(&published.to_json()), Some(published));
    }

    #[test]
    fn a_row_naming_a_missing_name_is_not_read() {
        let text = br#"{"program":"tertial","version":"1","period":"2025-04","config_sha256":null,
            "inputs":[],"errors":0,"names":["A"],"budget":[[0,7,"Staff",1.0,null,[0,0,1]]],
            "forecast":[],"sick_leave":[],"has_employee_counts":false,"indicators":[]}"#;
        assert_eq!(Published::from_json(text), None);
        assert_eq!(Published::from_json(b"{}"), None);
    }
}
