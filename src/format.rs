//! Swedish number formatting, used by the annex and the report alike.
//!
//! Takes unrounded values; gives display text: rounded half away from zero, no-break space (U+00A0)
//! between thousands, decimal comma, and a true minus sign (U+2212) on negatives. Rounding happens
//! here and nowhere else.

/// The thousands separator: a no-break space.
pub const THOUSANDS: char = '\u{a0}';
/// The minus sign: U+2212.
pub const MINUS: char = '\u{2212}';

/// Rounds half away from zero to `decimals` places. The value is first taken to 9 significant
/// decimals so that a sum such as 1006.85 that is stored as 1006.8499999… still rounds as written.
#[must_use]
pub fn round(x: f64, decimals: u32) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let p = 10f64.powi(i32::try_from(decimals).unwrap_or(0));
    let scaled = x * p;
    let cleaned: f64 = format!("{scaled:.6}").parse().unwrap_or(scaled);
    let r = cleaned.round() / p;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Formats `x` with `decimals` decimals in Swedish style: `−12 700`, `1 006,9`, `7,54`.
#[must_use]
pub fn number(x: f64, decimals: u32) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    let r = round(x, decimals);
    let plain = format!("{:.*}", decimals as usize, r.abs());
    let (int_part, frac_part) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain.as_str(), None),
    };
    let mut out = String::with_capacity(plain.len() + 8);
    if r < 0.0 {
        out.push(MINUS);
    }
    let n = int_part.len();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(THOUSANDS);
        }
        out.push(ch);
    }
    if let Some(f) = frac_part {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// Whole thousand kronor: `−12 700`.
#[must_use]
pub fn tkr(x: f64) -> String {
    number(x, 0)
}

/// Million kronor with one decimal and the unit, from a value in tkr: `−12,7 mnkr`.
#[must_use]
pub fn mnkr(tkr: f64) -> String {
    format!("{}\u{a0}mnkr", number(tkr / 1000.0, 1))
}

/// The unit the report shows amounts in (`[options] unit` of the register); the annex always holds
/// unrounded tkr.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Whole thousand kronor: `790 012`.
    #[default]
    Tkr,
    /// Million kronor with one decimal: `790,0`.
    Mnkr,
}

impl Unit {
    /// An amount given in tkr, in this unit, without the unit.
    #[must_use]
    pub fn amount(self, tkr: f64) -> String {
        match self {
            Unit::Tkr => number(tkr, 0),
            Unit::Mnkr => number(tkr / 1000.0, 1),
        }
    }

    /// The unit's word in a language.
    #[must_use]
    pub fn word(self, lang: crate::labels::Lang) -> &'static str {
        match (self, lang) {
            (Unit::Tkr, crate::labels::Lang::Sv) => "tkr",
            (Unit::Mnkr, crate::labels::Lang::Sv) => "mnkr",
            (Unit::Tkr, crate::labels::Lang::En) => "SEK thousand",
            (Unit::Mnkr, crate::labels::Lang::En) => "SEK million",
        }
    }

    /// An amount given in tkr, in this unit, with `tkr` or `mnkr`.
    #[must_use]
    pub fn with_word(self, tkr: f64) -> String {
        format!("{}\u{a0}{}", self.amount(tkr), self.word(crate::labels::Lang::Sv))
    }
}

/// Full-time equivalents with one decimal: `1 006,9`.
#[must_use]
pub fn fte(x: f64) -> String {
    number(x, 1)
}

/// A percentage with two decimals, without the sign: `7,54`.
#[must_use]
pub fn percent(x: f64) -> String {
    number(x, 2)
}

/// A count of people or things: `1 032`.
#[must_use]
pub fn count(x: f64) -> String {
    number(x, 0)
}

/// A path as its user writes it, for messages: with backslashes on Windows, where `--output
/// utdata/x` joined with a period would otherwise show as `utdata/x\2025-T2`; as it is elsewhere.
#[must_use]
pub fn path(p: &std::path::Path) -> String {
    let text = p.display().to_string();
    if cfg!(windows) {
        text.replace('/', "\\")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> String {
        s.replace(THOUSANDS, " ").replace(MINUS, "-")
    }

    #[test]
    fn swedish_style() {
        assert_eq!(tkr(-12_700.0), "\u{2212}12\u{a0}700");
        assert_eq!(plain(&tkr(921_136.0)), "921 136");
        assert_eq!(plain(&tkr(1_003_735.0)), "1 003 735");
        assert_eq!(plain(&fte(1006.92)), "1 006,9");
        assert_eq!(plain(&percent(7.5412)), "7,54");
        assert_eq!(plain(&mnkr(-12_700.0)), "-12,7 mnkr");
        assert_eq!(tkr(0.0), "0");
        assert_eq!(tkr(999.0), "999");
        assert_eq!(plain(&tkr(1000.0)), "1 000");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(tkr(0.5), "1");
        assert_eq!(tkr(-0.5), "\u{2212}1");
        assert_eq!(tkr(2.5), "3");
        assert_eq!(plain(&fte(1006.85)), "1 006,9");
        assert_eq!(plain(&fte(-1006.85)), "-1 006,9");
        assert_eq!(plain(&percent(8.255)), "8,26");
        assert_eq!(plain(&percent(1.005)), "1,01");
    }

    #[test]
    fn no_negative_zero() {
        assert_eq!(tkr(-0.4), "0");
        assert_eq!(tkr(-0.0), "0");
        assert_eq!(percent(-0.001), "0,00");
    }

    #[test]
    fn sums_before_rounding() {
        // 756,66 + 250,26 displays as 1 006,9, not 756,7 + 250,3 = 1 007,0.
        let women = 52.97 + 166.47 + 340.5 + 30.27 + 166.45;
        let men = 17.52 + 55.06 + 112.62 + 10.01 + 55.05;
        assert_eq!(plain(&fte(women)), "756,7");
        assert_eq!(plain(&fte(men)), "250,3");
        assert_eq!(plain(&fte(women + men)), "1 006,9");
    }
}
