//! Names as people write them, and as messages show them: the shared layer every stage matches and
//! quotes names through.
//!
//! Takes texts; gives them folded for matching ([`normalise`], [`same_name`]: case, spacing,
//! invisible characters and composition ignored), the nearest of a list ([`suggest`]), and shown in
//! a message ([`quote`], [`escaped`]).

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// A name as the rows that carry it share it: one allocation per distinct text, cloned by
/// reference.
pub type Name = std::sync::Arc<str>;

/// The names met in one workbook: each distinct text is allocated once and shared by every row that
/// carries it (an area's name on a thousand rows is one allocation, not a thousand).
#[derive(Debug, Default)]
pub struct Interner(std::collections::HashSet<Name>);

impl Interner {
    /// The shared name for `text`.
    pub fn name(&mut self, text: &str) -> Name {
        if let Some(n) = self.0.get(text) {
            return n.clone();
        }
        let n = Name::from(text);
        self.0.insert(n.clone());
        n
    }
}

/// Normalises a name for matching: trimmed, lower case, runs of white space (including no-break and
/// thin spaces) folded to one space, invisible characters (a zero-width space pasted from a web
/// page) left out, and letters composed (NFC): "Ä" typed as A and a combining diaeresis, as a Mac
/// may write it, is the same letter as "Ä".
#[must_use]
pub fn normalise(s: &str) -> String {
    if composed(s) {
        folded(s).collect()
    } else {
        folded(s).nfc().collect()
    }
}

/// True when two names are the same once [`normalise`]d; compares without allocating, as it runs
/// for every name of every row.
#[must_use]
pub fn same_name(a: &str, b: &str) -> bool {
    if composed(a) && composed(b) {
        folded(a).eq(folded(b))
    } else {
        folded(a).nfc().eq(folded(b).nfc())
    }
}

/// True when a text is certainly composed already (the usual case, told at a glance), so that
/// composing it would change nothing.
fn composed(s: &str) -> bool {
    s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes
}

/// Invisible characters that text pasted from a web page or a PDF carries (zero-width spaces and
/// joiners, the soft hyphen, direction marks, the byte order mark): not part of any name.
fn invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}' | '\u{feff}')
}

/// The characters of [`normalise`] before composing: lower case, words joined by one space,
/// invisible characters left out.
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|word| word.chars().any(|c| !invisible(c)))
        .enumerate()
        .flat_map(|(i, word)| {
            let letters = word.chars().filter(|c| !invisible(*c)).flat_map(char::to_lowercase);
            (i > 0).then_some(' ').into_iter().chain(letters)
        })
}

/// The registered name nearest to `name` (edit distance on names folded to lower case with single
/// spaces), if any is near enough to be a likely typo.
#[must_use]
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let n = normalise(name);
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(&n, &normalise(c)), c))
        .filter(|(d, c)| *d <= (normalise(c).chars().count() / 2).max(3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// At most this many characters of a cell are quoted in a message.
const QUOTE_LIMIT: usize = 80;

/// A cell's text as quoted in a message: at most [`QUOTE_LIMIT`] characters, control characters
/// shown as `�`.
#[must_use]
pub fn quote(text: &str) -> String {
    let mut out: String =
        text.chars().take(QUOTE_LIMIT).map(|c| if c.is_control() { '\u{fffd}' } else { c }).collect();
    if text.chars().count() > QUOTE_LIMIT {
        out.push('…');
    }
    out
}

/// A file or sheet name on one line: line breaks, tabs and other control characters shown as
/// escapes (`\n`, `\t`, `\u{1b}`).
#[must_use]
pub fn escaped(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_name_is_equality_of_the_normalised_names() {
        let pairs = [
            ("  Individ  och\u{a0}Familj ", "individ och familj", true),
            ("ÄLDREOMSORG", "äldreomsorg", true),
            ("Stöd\u{202f}i hemmet", "stöd i  hemmet", true),
            ("ab", "a b", false),
            ("", "  ", true),
            ("Område 1", "Område 10", false),
            // Decomposed (A + U+0308, o + U+0308), as a Mac may write them.
            ("A\u{308}LDREOMSORG", "Äldreomsorg", true),
            ("Sto\u{308}d i hemmet", "stöd i hemmet", true),
            ("A\u{308}LDREOMSORG", "ALDREOMSORG", false),
            // Invisible characters pasted with the name.
            ("\u{feff}VUXEN\u{200b} ", "vuxen", true),
            ("Barn\u{ad}omsorg \u{200b} och familj", "barnomsorg och familj", true),
        ];
        for (a, b, same) in pairs {
            assert_eq!(same_name(a, b), same, "{a:?} / {b:?}");
            assert_eq!(normalise(a) == normalise(b), same, "{a:?} / {b:?}");
        }
        assert_eq!(normalise("  Individ  och\u{a0}FAMILJ "), "individ och familj");
    }

    #[test]
    fn suggests_the_nearest_registered_name() {
        let names = ["BARN o FAMILJ", "VUXEN", "FUNKTIONSSTÖD VUXEN"];
        assert_eq!(suggest("Barn o familj", names), Some("BARN o FAMILJ"));
        assert_eq!(suggest("BARN och FAMILJ", names), Some("BARN o FAMILJ"));
        assert_eq!(suggest("VUXNA", names), Some("VUXEN"));
        assert_eq!(suggest("Kultur och fritid", names), None);
    }
}
