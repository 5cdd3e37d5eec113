//! Report periods (`YYYY-MM`, and `YYYY-T1/T2/T3` for months 04, 08 and 12) and calendar months.
//!
//! Takes a period name; gives a checked [`Period`] with its year, last month and the form it was
//! written in, and [`YearMonth`] for sick-leave months.

use std::fmt;
use std::str::FromStr;

/// How a period's folder is named: a tertial (`2024-T2`) or a month (`2024-08`). The two name the
/// same months; only the report's default title differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Form {
    Tertial,
    Month,
}

/// A report period: January through `month` of a budget year. T1 is January–April, T2
/// January–August, T3 January–December.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    /// The last month, 1–12.
    pub month: u32,
    pub form: Form,
}

/// Why a period name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" är ingen period: skriv den som ÅÅÅÅ-MM (månaderna 01–12, t.ex. 2025-10) eller ÅÅÅÅ-T1, ÅÅÅÅ-T2, ÅÅÅÅ-T3 (t.ex. 2022-T2)"
)]
pub struct BadPeriod(pub String);

impl FromStr for Period {
    type Err = BadPeriod;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadPeriod(s.to_string());
        let t = s.trim();
        let (y, rest) = t.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let (month, form) = match rest {
            "T1" | "t1" => (4, Form::Tertial),
            "T2" | "t2" => (8, Form::Tertial),
            "T3" | "t3" => (12, Form::Tertial),
            m if m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) => {
                let month: u32 = m.parse().map_err(|_| bad())?;
                if !(1..=12).contains(&month) {
                    return Err(bad());
                }
                (month, Form::Month)
            }
            _ => return Err(bad()),
        };
        Ok(Period { year, month, form })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.form {
            Form::Tertial => write!(f, "{}-T{}", self.year, self.month / 4),
            Form::Month => write!(f, "{}-{:02}", self.year, self.month),
        }
    }
}

impl Period {
    /// The last month the period covers, 1–12.
    #[must_use]
    pub fn end_month(self) -> u32 {
        self.month
    }

    /// The Swedish name of the last month, e.g. "augusti".
    #[must_use]
    pub fn end_month_name(self) -> &'static str {
        month_name(self.month)
    }

    /// True when `other` covers the same months, whatever its folder's form.
    #[must_use]
    pub fn same_months(self, other: Period) -> bool {
        (self.year, self.month) == (other.year, other.month)
    }

    /// True when `other` ends before this period does.
    #[must_use]
    pub fn after(self, other: Period) -> bool {
        (other.year, other.month) < (self.year, self.month)
    }

    /// The year's last period: it gives the year's outcome (bokslut).
    #[must_use]
    pub fn is_year_end(self) -> bool {
        self.month == 12
    }
}

/// The month a `[titles]` key names: `"08"` or `"8"`.
#[must_use]
pub fn month_of_key(key: &str) -> Option<u32> {
    let k = key.trim();
    let month: u32 = k.parse().ok().filter(|_| (1..=2).contains(&k.len()))?;
    (1..=12).contains(&month).then_some(month)
}

/// The Swedish name of a month (1–12), lower case.
#[must_use]
pub fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    NAMES.get(month.wrapping_sub(1) as usize).copied().unwrap_or("?")
}

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct YearMonth {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl YearMonth {
    /// Parses `YYYY-MM` (or `YYYY-MM-DD`, the day ignored).
    #[must_use]
    pub fn parse_text(s: &str) -> Option<YearMonth> {
        let t = s.trim();
        let b = t.as_bytes();
        let ok_prefix = b.len() >= 7
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[5..7].iter().all(u8::is_ascii_digit);
        if !ok_prefix {
            return None;
        }
        match b.len() {
            7 => {}
            10 if b[7] == b'-' && b[8..10].iter().all(u8::is_ascii_digit) => {}
            _ => {
                // Allow an ISO timestamp such as 2022-07-01T00:00:00.
                if !(b.len() > 10 && b[7] == b'-' && b[10] == b'T') {
                    return None;
                }
            }
        }
        let year: i32 = t[..4].parse().ok()?;
        let month: u32 = t[5..7].parse().ok()?;
        (1..=12).contains(&month).then_some(YearMonth { year, month })
    }

    /// The month of an Excel serial date (1900 date system).
    #[must_use]
    pub fn from_excel_serial(serial: f64) -> Option<YearMonth> {
        if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
            return None;
        }
        // Excel's day 60 is the fictitious 1900-02-29; day 61 is 1900-03-01.
        #[allow(clippy::cast_possible_truncation)]
        let mut days = serial.floor() as i64;
        if days < 60 {
            days += 1;
        }
        // Days since 1899-12-30 → civil date.
        let (y, m, _) = civil_from_days(days - 25_569);
        Some(YearMonth { year: i32::try_from(y).ok()?, month: m })
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Seconds since 1970 as `YYYY-MM-DD HH:MM UTC`.
#[must_use]
pub fn utc_text(seconds: i64) -> String {
    let (y, m, d) = civil_from_days(seconds.div_euclid(86_400));
    let t = seconds.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02} UTC", t / 3600, t / 60 % 60)
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
#[must_use]
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let m = u32::try_from(m).unwrap_or(1);
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_periods() {
        let p: Period = "2022-T2".parse().unwrap();
        assert_eq!((p.year, p.end_month(), p.form), (2022, 8, Form::Tertial));
        assert_eq!(p.end_month_name(), "augusti");
        assert_eq!(p.to_string(), "2022-T2");
        let m: Period = "2022-08".parse().unwrap();
        assert_eq!((m.year, m.end_month(), m.form), (2022, 8, Form::Month));
        assert_eq!(m.to_string(), "2022-08");
        assert!(m.same_months(p) && !m.after(p) && !p.after(m));
        let oct: Period = "2025-10".parse().unwrap();
        assert!(oct.after("2025-T2".parse().unwrap()) && oct.after("2024-12".parse().unwrap()));
        assert!("2025-T3".parse::<Period>().unwrap().is_year_end() && !oct.is_year_end());
    }

    #[test]
    fn refuses_malformed_periods() {
        for s in [
            "2022", "2022-T4", "22-T1", "2022-T0", "abcd-T1", "2022T2", "", "2022-00", "2022-13", "2022-1",
            "2022-001",
        ] {
            assert!(s.parse::<Period>().is_err(), "{s}");
        }
    }

    #[test]
    fn months_from_text_and_serials() {
        assert_eq!(YearMonth::parse_text("2022-07"), Some(YearMonth { year: 2022, month: 7 }));
        assert_eq!(YearMonth::parse_text("2022-07-01"), Some(YearMonth { year: 2022, month: 7 }));
        assert_eq!(YearMonth::parse_text("2022-13"), None);
        assert_eq!(YearMonth::parse_text("juli 2022"), None);
        assert_eq!(YearMonth::parse_text("2022-7"), None);
        // 44743 is 2022-07-01 in Excel.
        assert_eq!(YearMonth::from_excel_serial(44743.0), Some(YearMonth { year: 2022, month: 7 }));
        assert_eq!(YearMonth::from_excel_serial(1.0), Some(YearMonth { year: 1900, month: 1 }));
        assert_eq!(YearMonth::from_excel_serial(f64::NAN), None);
    }
}
