//! The optional organisation register, `tertial.toml`.
//!
//! Takes the text of the file; gives a checked [`Register`]: the names of the municipality,
//! committee and administration, the activity areas and their activities in report order, and
//! options such as the indicator tolerance. Unknown keys are refused so that a misspelt option is
//! noticed.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::format::Unit;
use crate::labels::Lang;
use crate::names::{normalise, same_name};

pub mod ledger;

pub use ledger::Ledger;

/// An activity area and its activities, in report order.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AreaEntry {
    pub name: String,
    /// Its verksamheter.
    #[serde(default)]
    pub activities: Vec<String>,
}

/// Run options, parsed into their types as the file is read.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Indicator tolerance as a fraction (0.10 = 10 %).
    pub indicator_tolerance: Option<f64>,
    /// The labels' language: `sv` (default) or `en`.
    #[serde(default)]
    pub language: Lang,
    /// The unit of the report's amounts: `tkr` (default) or `mnkr`.
    #[serde(default)]
    pub unit: Unit,
}

/// The contents of `tertial.toml`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Register {
    /// Kommun, e.g. "Kalmar kommun".
    pub municipality: Option<String>,
    /// Nämnd, e.g. "Socialnämnden".
    pub committee: Option<String>,
    /// Förvaltning, e.g. "Socialförvaltningen".
    pub administration: Option<String>,
    /// Options.
    #[serde(default)]
    pub options: Options,
    /// Activity areas in report order.
    #[serde(default)]
    pub areas: Vec<AreaEntry>,
    /// `[titles]`: the report's title per month, e.g. `"08" = "Delårsrapport"`.
    #[serde(default)]
    pub titles: std::collections::BTreeMap<String, String>,
    /// The titles checked, by month (January first).
    #[serde(skip)]
    month_titles: [Option<String>; 12],
    /// The `[ledger]` section as written.
    #[serde(default, rename = "ledger")]
    pub ledger_config: Option<ledger::LedgerConfig>,
    /// The `[ledger]` section checked (the defaults without one).
    #[serde(skip)]
    ledger: Ledger,
}

/// Why the register could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("registret {path} kunde inte läsas")]
    Read { path: String, source: std::io::Error },
    /// The file is not valid.
    #[error("registret {path} är felaktigt: {message}")]
    Invalid {
        path: String,
        /// What is wrong, with line and column.
        message: String,
    },
}

/// A toml or serde error in Swedish, with its line and column in `text`.
fn toml_message(text: &str, e: &toml::de::Error) -> String {
    let at = e.span().map_or_else(String::new, |span| {
        let before = text.get(..span.start).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
        format!("rad {line}, kolumn {column}: ")
    });
    let message = e.message().trim().replace('`', "\"");
    let (what, expected) = match message.split_once(", expected ") {
        Some((what, expected)) => {
            (what, Some(expected.trim_start_matches("one of ").replace(" or ", " eller ")))
        }
        None => (message.as_str(), None),
    };
    let allowed = expected.as_ref().map(|x| format!(" (tillåtet: {x})")).unwrap_or_default();
    let said = if let Some(key) = what.strip_prefix("unknown field ") {
        format!("okänd nyckel {key}{allowed}")
    } else if let Some(value) = what.strip_prefix("unknown variant ") {
        format!("okänt värde {value}{allowed}")
    } else if let Some(key) = what.strip_prefix("missing field ") {
        format!("nyckeln {key} saknas")
    } else if let Some(key) = what.strip_prefix("duplicate key ") {
        format!("nyckeln {key} finns två gånger")
    } else if let Some(wanted) =
        what.strip_prefix("wanted ").or(expected.as_deref().filter(|_| what.starts_with("invalid type")))
    {
        format!("värdet har fel slag; här ska stå {}", kinds(wanted))
    } else if what.starts_with("invalid basic string") {
        "en text saknar sitt avslutande citattecken (\")".to_string()
    } else {
        format!("texten följer inte TOML-formatet här ({message})")
    };
    format!("{at}{said}")
}

/// serde's words for the kinds of value, in Swedish.
fn kinds(wanted: &str) -> String {
    let words = [
        ("a string", "en text"),
        ("string", "en text inom citattecken"),
        ("table", "en tabell"),
        ("a sequence", "en lista"),
        ("array", "en lista"),
        ("f64", "ett tal"),
        ("a boolean", "true eller false"),
        (" or ", " eller "),
    ];
    words.iter().fold(wanted.to_string(), |text, (en, sv)| text.replace(en, sv))
}

/// The register's area and activity names folded once, for the lookups of every row: a name denotes
/// the first registered area with the same name once folded (case and repeated spaces ignored), and
/// an activity is known as [`Register::has_activity`] says, with one fold of the name looked up
/// instead of one per registered name.
#[derive(Clone, Debug)]
pub struct Names<'a> {
    register: &'a Register,
    /// Each folded area name, and the first area that has it.
    areas: HashMap<String, usize>,
    /// Each area name as registered, and the area its folded name finds: a name written as
    /// registered needs no folding.
    as_written: HashMap<&'a str, usize>,
    /// Each area's folded activity names.
    activities: Vec<HashSet<String>>,
    /// The area names as registered, for messages (shared by all).
    registered: Arc<[String]>,
    /// Each area's activity names as registered, for messages.
    registered_activities: Vec<Arc<[String]>>,
}

impl<'a> Names<'a> {
    /// The names of `register`.
    #[must_use]
    pub fn new(register: &'a Register) -> Self {
        let (mut areas, mut as_written) = (HashMap::new(), HashMap::new());
        for (i, a) in register.areas.iter().enumerate() {
            let first = *areas.entry(normalise(&a.name)).or_insert(i);
            as_written.insert(a.name.as_str(), first);
        }
        let activities =
            register.areas.iter().map(|a| a.activities.iter().map(|n| normalise(n)).collect()).collect();
        Names {
            register,
            areas,
            as_written,
            activities,
            registered: register.areas.iter().map(|a| a.name.clone()).collect(),
            registered_activities: register.areas.iter().map(|a| a.activities.as_slice().into()).collect(),
        }
    }

    /// The registered area names, in report order.
    #[must_use]
    pub fn area_names(&self) -> Arc<[String]> {
        self.registered.clone()
    }

    /// The registered area a name denotes, with its activity names.
    #[must_use]
    pub fn area_with_activities(&self, name: &str) -> Option<(&'a AreaEntry, Arc<[String]>)> {
        self.index(name).map(|i| (&self.register.areas[i], self.registered_activities[i].clone()))
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.as_written.get(name).or_else(|| self.areas.get(&normalise(name))).copied()
    }

    /// The registered area a name denotes.
    #[must_use]
    pub fn area(&self, name: &str) -> Option<&'a AreaEntry> {
        self.index(name).map(|i| &self.register.areas[i])
    }

    /// True when `activity` is registered under the area `area` denotes.
    #[must_use]
    pub fn has_activity(&self, area: &str, activity: &str) -> bool {
        self.index(area).is_some_and(|i| {
            self.register.areas[i].activities.iter().any(|a| a == activity)
                || self.activities[i].contains(&normalise(activity))
        })
    }
}

impl Register {
    /// True when the register lists activity areas (names are then checked).
    #[must_use]
    pub fn has_areas(&self) -> bool {
        !self.areas.is_empty()
    }

    /// True when `activity` is registered under `area`.
    #[must_use]
    pub fn has_activity(area: &AreaEntry, activity: &str) -> bool {
        area.activities.iter().any(|a| same_name(a, activity))
    }

    /// Reads and checks a register file.
    pub fn load(path: &Path) -> Result<Register, ConfigError> {
        let text = fs_err::read_to_string(path)
            .map_err(|source| ConfigError::Read { path: crate::format::path(path), source })?;
        Register::parse(&text)
            .map_err(|message| ConfigError::Invalid { path: crate::format::path(path), message })
    }

    /// Parses and checks register text.
    pub fn parse(text: &str) -> Result<Register, String> {
        let mut reg: Register = toml::from_str(text).map_err(|e| toml_message(text, &e))?;
        if let Some(config) = &reg.ledger_config {
            reg.ledger = Ledger::new(config, &reg.areas)?;
        }
        for (key, title) in &reg.titles {
            let month = crate::period::month_of_key(key).ok_or_else(|| {
                format!("[titles] \"{key}\" är ingen månad; skriv månadens nummer, \"01\"–\"12\", t.ex. \"08\" = \"Delårsrapport\"")
            })?;
            if title.trim().is_empty() {
                return Err(format!(
                    "[titles] \"{key}\" är tom; skriv rapportens titel, t.ex. \"Delårsrapport\""
                ));
            }
            reg.month_titles[month as usize - 1] = Some(title.trim().to_string());
        }
        if let Some(t) = reg.options.indicator_tolerance {
            if !(0.0..=1.0).contains(&t) {
                return Err(format!(
                    "options.indicator_tolerance är {t}; den ska vara en andel från 0 till 1 (0.10 = 10 %)"
                ));
            }
        }
        Ok(reg)
    }

    /// The report's title for a period: the register's for its month, or Tertialrapport for a
    /// tertial's folder and Månadsrapport for a month's (in the labels' language).
    #[must_use]
    pub fn title(&self, period: crate::period::Period) -> String {
        let registered = self.month_titles.get(period.end_month() as usize - 1).cloned().flatten();
        registered.unwrap_or_else(|| {
            let default = match period.form {
                crate::period::Form::Tertial => "Tertialrapport",
                crate::period::Form::Month => "Månadsrapport",
            };
            self.lang().t(default).to_string()
        })
    }

    /// The labels' language.
    #[must_use]
    pub fn lang(&self) -> Lang {
        self.options.language
    }

    /// The unit of the report's amounts.
    #[must_use]
    pub fn unit(&self) -> Unit {
        self.options.unit
    }

    /// How ledger exports (Huvudbok sheets) map to areas, activities and cost types.
    #[must_use]
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// The indicator tolerance to use.
    #[must_use]
    pub fn tolerance(&self) -> f64 {
        self.options.indicator_tolerance.unwrap_or(crate::goals::DEFAULT_TOLERANCE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_answer_as_the_register_does() {
        let area = |name: &str, activities: &[&str]| AreaEntry {
            name: name.into(),
            activities: activities.iter().map(|a| (*a).to_string()).collect(),
        };
        let register = Register {
            areas: vec![
                area("Äldreomsorg", &["Hemtjänst", "Särskilt  boende"]),
                area("ÄLDREOMSORG ", &["Annat"]),
                area("Individ och familj", &[]),
            ],
            ..Register::default()
        };
        let names = Names::new(&register);
        let found = |name: &str| names.area(name).map(|a| a.name.as_str());
        for name in ["äldreomsorg", "ÄLDREOMSORG", "ÄLDREOMSORG ", " Äldreomsorg"] {
            assert_eq!(found(name), Some("Äldreomsorg"), "{name:?}");
        }
        assert_eq!(found("Individ  och FAMILJ"), Some("Individ och familj"));
        for name in ["  ÄLDRE\u{a0}OMSORG", "Okänt", ""] {
            assert_eq!(found(name), None, "{name:?}");
        }
        assert!(names.has_activity("äldreomsorg", "särskilt boende"));
        assert!(!names.has_activity("äldreomsorg", "Annat"));
        assert!(!names.has_activity("Okänt", "Hemtjänst"));
        assert!(!names.has_activity("Individ och familj", "Hemtjänst"));
    }

    #[test]
    fn parses_a_register() {
        let r = Register::parse(
            r#"
municipality = "Kalmar kommun"
committee = "Socialnämnden"
[options]
indicator_tolerance = 0.2
[[areas]]
name = "VUXEN"
activities = ["Gemensamt vuxen"]
"#,
        )
        .unwrap();
        assert_eq!(r.committee.as_deref(), Some("Socialnämnden"));
        assert!((r.tolerance() - 0.2).abs() < 1e-12);
        assert_eq!(r.areas[0].activities, ["Gemensamt vuxen"]);
    }

    #[test]
    fn refuses_unknown_keys_and_bad_tolerance() {
        let err = Register::parse("municipality = \"K\"\ncomittee = \"x\"").unwrap_err();
        assert!(
            err.starts_with("rad 2, kolumn 1: okänd nyckel \"comittee\" (tillåtet: \"municipality\", "),
            "{err}"
        );
        let err = Register::parse("[options]\nlanguage = \"de\"").unwrap_err();
        assert_eq!(err, "rad 2, kolumn 12: okänt värde \"de\" (tillåtet: \"sv\" eller \"en\")");
        assert!(Register::parse("[options]\nindicator_tolerance = 10").is_err());
    }
}
