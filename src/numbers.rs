//! Numbers as finance staff type them.
//!
//! Takes the text of a cell; gives the number it denotes, following SPEC.md: spaces, no-break
//! spaces and thin spaces as thousands separators (in groups of three), comma or point as decimal
//! mark, `-` or `−` (U+2212) as minus, and an optional trailing `%` (the number is taken as
//! written: `8,26 %` is 8.26). Anything else is not a number.

/// True for the characters accepted as thousands separators.
fn is_group_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// True for white space around a number (including the separators).
fn is_space(c: char) -> bool {
    c.is_whitespace() || is_group_separator(c)
}

/// Parses a number as finance staff type it. Returns `None` for anything that is not exactly a
/// number in one of the accepted forms.
#[must_use]
pub fn parse_number(text: &str) -> Option<f64> {
    let mut s = text.trim_matches(is_space);
    if let Some(rest) = s.strip_suffix('%') {
        s = rest.trim_end_matches(is_space);
    }
    let (negative, body) = if let Some(rest) = s.strip_prefix('-') {
        (true, rest)
    } else if let Some(rest) = s.strip_prefix('\u{2212}') {
        (true, rest)
    } else if let Some(rest) = s.strip_prefix('+') {
        (false, rest)
    } else {
        (false, s)
    };
    let body = body.trim_start_matches(is_space);
    if body.is_empty() {
        return None;
    }
    let (int_part, frac_part) = match body.find([',', '.']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mut digits = String::with_capacity(body.len());
    if !int_part.is_empty() {
        let groups: Vec<&str> = int_part.split(is_group_separator).collect();
        for (i, g) in groups.iter().enumerate() {
            let ok_len =
                if i == 0 { !g.is_empty() && (groups.len() == 1 || g.len() <= 3) } else { g.len() == 3 };
            if !ok_len || !g.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.push_str(g);
        }
    }
    if let Some(frac) = frac_part {
        if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if int_part.is_empty() {
            digits.push('0');
        }
        digits.push('.');
        digits.push_str(frac);
    }
    let v: f64 = digits.parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    Some(if negative { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_the_forms_of_the_spec() {
        let cases: &[(&str, f64)] = &[
            ("1400", 1400.0),
            ("1 400", 1400.0),
            ("1 400,5", 1400.5),
            ("1 400.5", 1400.5),
            ("-12 700", -12700.0),
            ("\u{2212}12 700", -12700.0),
            ("8,26 %", 8.26),
            ("8.26%", 8.26),
            ("1\u{a0}234\u{a0}567", 1_234_567.0),
            ("1\u{202f}234", 1234.0),
            ("1\u{2009}234", 1234.0),
            ("  42  ", 42.0),
            ("0,5", 0.5),
            (",5", 0.5),
            ("+3", 3.0),
            ("- 5", -5.0),
        ];
        for (text, want) in cases {
            assert_eq!(parse_number(text), Some(*want), "{text:?}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for text in [
            "12 4OO",
            "",
            " ",
            "-",
            "%",
            "1 40",
            "12 34 567",
            "1,400,000",
            "1.2.3",
            "abc",
            "1e5",
            "1,",
            "NaN",
            "inf",
            "--5",
            "5-",
            "1 400 %%",
            "٣",
        ] {
            assert_eq!(parse_number(text), None, "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(s in "\\PC*") {
            let _ = parse_number(&s);
        }

        #[test]
        fn numberlike_text_never_panics(s in "[-−+ 0-9,.%\u{a0}\u{202f}]{0,20}") {
            let _ = parse_number(&s);
        }

        #[test]
        fn swedish_formatted_numbers_round_trip(cents in -10_000_000_000_i64..10_000_000_000_i64) {
            #[allow(clippy::cast_precision_loss)]
            let x = cents as f64 / 100.0;
            let text = crate::format::number(x, 2);
            prop_assert_eq!(parse_number(&text), Some(x));
        }

        #[test]
        fn whole_numbers_round_trip(n in -1_000_000_000_000_i64..1_000_000_000_000_i64) {
            #[allow(clippy::cast_precision_loss)]
            let x = n as f64;
            prop_assert_eq!(parse_number(&crate::format::number(x, 0)), Some(x));
            prop_assert_eq!(parse_number(&n.to_string()), Some(x));
        }
    }
}
