//! The `[ledger]` section of `tertial.toml`: how a ledger export's codes map to areas, activities
//! and cost types.
//!
//! Takes the section as written ([`LedgerConfig`]) and the register's areas; gives the checked
//! [`Ledger`] mapping, or what is wrong with it (a configuration error). Accounts map by the
//! longest matching prefix, the register's entries before the built-in Kommun-Bas table.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::AreaEntry;
use crate::model::{CostType, Vocabulary};
use crate::names::{normalise, same_name};
use crate::schema::Col;

/// The `[ledger]` section as written.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LedgerConfig {
    /// `kr` (default) or `tkr`.
    pub unit: Option<String>,
    /// `debet` (default: costs +, income −) or `vänt` (a reversed export).
    pub sign: Option<String>,
    /// `kommun-bas` (default) or `none`.
    pub accounts_base: Option<String>,
    /// The code column that gives the area (default `Ansvar`).
    pub area_column: Option<String>,
    /// The code column that gives the activity (default `Verksamhet`).
    pub activity_column: Option<String>,
    /// `error` (default) or `ignore`.
    pub unknown_ansvar: Option<String>,
    /// Motpart prefixes of the municipality's own units.
    #[serde(default)]
    pub internal_counterparty: Vec<String>,
    /// Account prefix or `NN-MM` range → cost type or `Ignorera`.
    #[serde(default)]
    pub accounts: BTreeMap<String, String>,
    /// Ansvar (area column) prefix → a registered area.
    #[serde(default)]
    pub areas: BTreeMap<String, String>,
    /// Activity code prefix → a registered activity.
    #[serde(default)]
    pub activities: BTreeMap<String, String>,
}

/// What an account counts as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountUse {
    /// An operating cost type.
    Cost(CostType),
    /// Left out by the register (`Ignorera`).
    Ignored,
    /// A balance or financial account (classes 1, 2, 8): not counted.
    NotCounted,
    /// Maps to nothing: an error.
    Unknown,
}

/// Accounts whose first `len` digits, as a number, lie in `from..=to`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Range {
    len: usize,
    from: u64,
    to: u64,
    use_: AccountUse,
}

impl Range {
    fn matches(&self, digits: &str) -> bool {
        digits
            .get(..self.len)
            .and_then(|p| p.parse::<u64>().ok())
            .is_some_and(|n| (self.from..=self.to).contains(&n))
    }
}

/// The built-in Kommun-Bas table (SPEC.md, "Accounts → cost types").
fn kommun_bas() -> Vec<Range> {
    let r = |len, from, to, use_| Range { len, from, to, use_ };
    vec![
        r(1, 1, 2, AccountUse::NotCounted),
        r(1, 8, 8, AccountUse::NotCounted),
        r(1, 3, 3, AccountUse::Cost(CostType::Income)),
        r(1, 4, 4, AccountUse::Cost(CostType::Other)),
        r(1, 5, 5, AccountUse::Cost(CostType::Staff)),
        r(2, 60, 62, AccountUse::Cost(CostType::Premises)),
        r(2, 63, 78, AccountUse::Cost(CostType::Other)),
        r(2, 79, 79, AccountUse::Cost(CostType::Capital)),
    ]
}

/// The checked mapping of a ledger export.
#[derive(Clone, Debug, PartialEq)]
pub struct Ledger {
    /// Amounts are kronor (÷ 1 000 to tkr); false: already tkr.
    pub kronor: bool,
    /// The export is reversed (income +, costs −): amounts are negated.
    pub reversed: bool,
    /// The column whose code gives the area.
    pub area_column: Col,
    /// The column whose code gives the activity.
    pub activity_column: Col,
    /// The SIE dimensions named by number (`"dim:20"`) for the area and the activity: in a SIE
    /// file, their objects are the area's and activity's codes, whatever the `#DIM` names them.
    pub area_dim: Option<String>,
    pub activity_dim: Option<String>,
    /// Rows whose area code maps to nothing are left out with a note.
    pub ignore_unknown_area: bool,
    /// Motpart prefixes that make a posting internal.
    pub internal: Vec<String>,
    accounts: Vec<Range>,
    base: Vec<Range>,
    areas: Vec<(String, String)>,
    activities: Vec<(String, String)>,
}

impl Default for Ledger {
    fn default() -> Self {
        Ledger {
            kronor: true,
            reversed: false,
            area_column: Col::CostCentre,
            activity_column: Col::Activity,
            area_dim: None,
            activity_dim: None,
            ignore_unknown_area: false,
            internal: Vec::new(),
            accounts: Vec::new(),
            base: kommun_bas(),
            areas: Vec::new(),
            activities: Vec::new(),
        }
    }
}

/// The code columns a mapping may name.
const CODE_COLUMNS: [Col; 5] = [Col::CostCentre, Col::Activity, Col::Task, Col::Object, Col::Project];

/// The value of a choice as written (the first is the default), or what is wrong with it.
fn choice<T: Copy>(key: &str, value: Option<&str>, allowed: &[(&str, T)]) -> Result<T, String> {
    let Some(v) = value else { return Ok(allowed[0].1) };
    allowed.iter().find(|(word, _)| *word == v).map(|(_, t)| *t).ok_or_else(|| {
        let words = allowed.iter().map(|(w, _)| format!("\"{w}\"")).collect::<Vec<_>>().join(" eller ");
        format!("ledger.{key} är \"{v}\"; den ska vara {words}")
    })
}

/// The code column of `key`, and the SIE dimension when it is named by number (`"dim:20"`; the
/// column is then the default's in workbooks and text exports).
fn code_column(key: &str, value: Option<&str>, default: Col) -> Result<(Col, Option<String>), String> {
    let Some(v) = value else { return Ok((default, None)) };
    if let Some(n) = v.trim().strip_prefix("dim:").map(str::trim) {
        if !n.is_empty() && n.len() <= 9 && n.bytes().all(|b| b.is_ascii_digit()) {
            return Ok((default, Some(n.to_string())));
        }
    }
    let col = CODE_COLUMNS.into_iter().find(|c| c.matches(&normalise(v)));
    col.map(|c| (c, None)).ok_or_else(|| {
        let names =
            CODE_COLUMNS.iter().map(|c| format!("\"{}\"", c.swedish())).collect::<Vec<_>>().join(", ");
        format!(
            "ledger.{key} är \"{v}\"; den ska vara en av {names}, eller en SIE-dimension med nummer, t.ex. \"dim:20\""
        )
    })
}

/// A code as matched: its text without spaces.
#[must_use]
pub fn code(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The prefixes of a code table, each with its value; two equal prefixes with different values are
/// an error.
fn prefixes(section: &str, table: &BTreeMap<String, String>) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in table {
        let c = code(k);
        if c.is_empty() {
            return Err(format!("[ledger.{section}] har en tom kod"));
        }
        match out.iter().find(|(p, _)| *p == c) {
            Some((_, other)) if other != v => {
                return Err(format!(
                    "[ledger.{section}] anger koden \"{c}\" två gånger: \"{other}\" och \"{v}\""
                ));
            }
            Some(_) => {}
            None => out.push((c, v.clone())),
        }
    }
    Ok(out)
}

fn account_ranges(table: &BTreeMap<String, String>) -> Result<Vec<Range>, String> {
    let mut out: Vec<Range> = Vec::new();
    for (k, v) in prefixes("accounts", table)? {
        let bad = || {
            format!("[ledger.accounts] \"{k}\" är ingen kontobörjan (siffror, t.ex. \"8592\") eller ett intervall (\"63-78\")")
        };
        let (from, to) = k.split_once(['-', '–']).unwrap_or((&k, &k));
        if from.len() != to.len() || !from.chars().chain(to.chars()).all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let (Ok(a), Ok(b)) = (from.parse::<u64>(), to.parse::<u64>()) else { return Err(bad()) };
        if a > b {
            return Err(bad());
        }
        let use_ = if normalise(&v) == "ignorera" {
            AccountUse::Ignored
        } else {
            AccountUse::Cost(CostType::parse(&v).ok_or_else(|| {
                format!(
                    "[ledger.accounts] \"{k}\" = \"{v}\": kostnadsslaget ska vara ett av {} eller \"Ignorera\"",
                    CostType::allowed()
                )
            })?)
        };
        let range = Range { len: from.len(), from: a, to: b, use_ };
        if let Some(other) =
            out.iter().find(|r| r.len == range.len && r.from <= b && a <= r.to && r.use_ != use_)
        {
            return Err(format!(
                "[ledger.accounts] \"{k}\" överlappar en annan rad av samma längd ({}-{}) med ett annat kostnadsslag",
                other.from, other.to
            ));
        }
        out.push(range);
    }
    Ok(out)
}

impl Ledger {
    /// Checks the section against the register's areas.
    pub fn new(config: &LedgerConfig, areas: &[AreaEntry]) -> Result<Ledger, String> {
        let kronor = choice("unit", config.unit.as_deref(), &[("kr", true), ("tkr", false)])?;
        let reversed = choice("sign", config.sign.as_deref(), &[("debet", false), ("vänt", true)])?;
        let base = [("kommun-bas", true), ("none", false)];
        let with_base = choice("accounts_base", config.accounts_base.as_deref(), &base)?;
        let unknown = [("error", false), ("ignore", true)];
        let ignore_unknown_area = choice("unknown_ansvar", config.unknown_ansvar.as_deref(), &unknown)?;
        let mut area_pairs = prefixes("areas", &config.areas)?;
        for (k, v) in &mut area_pairs {
            let entry = areas.iter().find(|a| same_name(&a.name, v)).ok_or_else(|| {
                format!("[ledger.areas] \"{k}\" = \"{v}\": \"{v}\" är inget av verksamhetsområdena [[areas]] i tertial.toml")
            })?;
            v.clone_from(&entry.name);
        }
        let mut activity_pairs = prefixes("activities", &config.activities)?;
        for (k, v) in &activity_pairs {
            if !areas.iter().any(|a| super::Register::has_activity(a, v)) {
                return Err(format!(
                    "[ledger.activities] \"{k}\" = \"{v}\": \"{v}\" är ingen verksamhet under något av verksamhetsområdena [[areas]] i tertial.toml"
                ));
            }
        }
        activity_pairs.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        area_pairs.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        let mut accounts = account_ranges(&config.accounts)?;
        accounts.sort_by_key(|r| std::cmp::Reverse(r.len));
        let (area_column, area_dim) =
            code_column("area_column", config.area_column.as_deref(), Col::CostCentre)?;
        let (activity_column, activity_dim) =
            code_column("activity_column", config.activity_column.as_deref(), Col::Activity)?;
        Ok(Ledger {
            kronor,
            reversed,
            area_column,
            activity_column,
            area_dim,
            activity_dim,
            ignore_unknown_area,
            internal: config
                .internal_counterparty
                .iter()
                .map(|c| code(c))
                .filter(|c| !c.is_empty())
                .collect(),
            accounts,
            base: if with_base { kommun_bas() } else { Vec::new() },
            areas: area_pairs,
            activities: activity_pairs,
        })
    }

    /// What an account (its leading digits) counts as: the register's longest matching entry, else
    /// the built-in table's.
    #[must_use]
    pub fn account(&self, digits: &str) -> AccountUse {
        let longest = |table: &[Range]| {
            table.iter().filter(|r| r.matches(digits)).max_by_key(|r| r.len).map(|r| r.use_)
        };
        longest(&self.accounts).or_else(|| longest(&self.base)).unwrap_or(AccountUse::Unknown)
    }

    /// The registered area an area code maps to (longest prefix).
    #[must_use]
    pub fn area(&self, code: &str) -> Option<&str> {
        self.areas.iter().find(|(p, _)| code.starts_with(p.as_str())).map(|(_, v)| v.as_str())
    }

    /// The activity an activity code maps to (longest prefix).
    #[must_use]
    pub fn activity(&self, code: &str) -> Option<&str> {
        self.activities.iter().find(|(p, _)| code.starts_with(p.as_str())).map(|(_, v)| v.as_str())
    }

    /// True when a counterparty code is one of the municipality's own units.
    #[must_use]
    pub fn is_internal(&self, counterparty: &str) -> bool {
        self.internal.iter().any(|p| counterparty.starts_with(p.as_str()))
    }
}

/// The account of a Konto cell: its leading digits ("6013 Interna hyror" is 6013); empty when it
/// starts with none.
#[must_use]
pub fn account_digits(text: &str) -> String {
    text.trim_start().chars().take_while(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger(toml_text: &str) -> Result<Ledger, String> {
        let config: LedgerConfig = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        let areas = vec![AreaEntry {
            name: "BARN o FAMILJ".into(),
            activities: vec!["Gemensamt barn o familj".into()],
        }];
        Ledger::new(&config, &areas)
    }

    #[test]
    fn the_built_in_table_follows_kommun_bas() {
        let l = Ledger::default();
        assert_eq!(l.account("3010"), AccountUse::Cost(CostType::Income));
        assert_eq!(l.account("4010"), AccountUse::Cost(CostType::Other));
        assert_eq!(l.account("5110"), AccountUse::Cost(CostType::Staff));
        assert_eq!(l.account("6013"), AccountUse::Cost(CostType::Premises));
        assert_eq!(l.account("6210"), AccountUse::Cost(CostType::Premises));
        assert_eq!(l.account("6310"), AccountUse::Cost(CostType::Other));
        assert_eq!(l.account("7810"), AccountUse::Cost(CostType::Other));
        assert_eq!(l.account("7910"), AccountUse::Cost(CostType::Capital));
        assert_eq!(l.account("1510"), AccountUse::NotCounted);
        assert_eq!(l.account("8592"), AccountUse::NotCounted);
        assert_eq!(l.account("9110"), AccountUse::Unknown);
        assert_eq!(l.account("0110"), AccountUse::Unknown);
        assert_eq!(l.account("6"), AccountUse::Unknown);
        assert_eq!(l.account(""), AccountUse::Unknown);
    }

    #[test]
    fn the_register_wins_longest_prefix_first() {
        let l = ledger("[accounts]\n\"8592\" = \"Kapitalkostnader\"\n\"6\" = \"Övriga kostnader\"\n\"601\" = \"Ignorera\"\n\"91-92\" = \"intäkter\"").unwrap();
        assert_eq!(l.account("8592"), AccountUse::Cost(CostType::Capital));
        assert_eq!(l.account("8591"), AccountUse::NotCounted);
        assert_eq!(l.account("6210"), AccountUse::Cost(CostType::Other));
        assert_eq!(l.account("6013"), AccountUse::Ignored);
        assert_eq!(l.account("9210"), AccountUse::Cost(CostType::Income));
        let none = ledger("accounts_base = \"none\"\n[accounts]\n\"5\" = \"Personalkostnader\"").unwrap();
        assert_eq!(none.account("3010"), AccountUse::Unknown);
        assert_eq!(none.account("5010"), AccountUse::Cost(CostType::Staff));
    }

    #[test]
    fn codes_map_by_longest_prefix() {
        let l =
            ledger("[areas]\n\"5\" = \"barn o familj\"\n[activities]\n\"72\" = \"Gemensamt barn o familj\"")
                .unwrap();
        assert_eq!(l.area("5210"), Some("BARN o FAMILJ"));
        assert_eq!(l.area("6210"), None);
        assert_eq!(l.activity("7210"), Some("Gemensamt barn o familj"));
        assert_eq!(account_digits(" 6013 Interna hyror"), "6013");
        assert_eq!(account_digits("Hyror"), "");
    }

    #[test]
    fn a_bad_section_is_refused_saying_why() {
        assert!(ledger("[accounts]\n\"8592\" = \"Räntor\"").unwrap_err().contains("kostnadsslaget"));
        assert!(ledger("[accounts]\n\"85x\" = \"Intäkter\"").unwrap_err().contains("ingen kontobörjan"));
        assert!(ledger("[areas]\n\"52\" = \"VUXEN\"").unwrap_err().contains("inget av verksamhetsområdena"));
        assert!(ledger("[activities]\n\"72\" = \"Hemtjänst\"").unwrap_err().contains("ingen verksamhet"));
        assert!(ledger("[areas]\n\"52\" = \"BARN o FAMILJ\"\n\" 52\" = \"X\"")
            .unwrap_err()
            .contains("två gånger"));
        assert!(ledger("[accounts]\n\"60-62\" = \"Lokalkostnader\"\n\"610\" = \"Intäkter\"").is_ok());
        assert!(ledger("[accounts]\n\"60-62\" = \"Lokalkostnader\"\n\"61\" = \"Intäkter\"")
            .unwrap_err()
            .contains("överlappar"));
        assert!(ledger("[accounts]\n\"60-62\" = \"Lokalkostnader\"\n\"62-63\" = \"Intäkter\"")
            .unwrap_err()
            .contains("överlappar"));
        assert!(ledger("sign = \"minus\"").unwrap_err().contains("\"debet\" eller \"vänt\""));
        assert!(ledger("activity_column = \"Konto\"").unwrap_err().contains("Objekt"));
        assert!(ledger("activity_column = \"dim:x\"").unwrap_err().contains("dim:20"));
        let by_number = ledger("area_column = \"dim:20\"\nactivity_column = \"dim: 6\"").unwrap();
        assert_eq!((by_number.area_column, by_number.area_dim.as_deref()), (Col::CostCentre, Some("20")));
        assert_eq!(
            (by_number.activity_column, by_number.activity_dim.as_deref()),
            (Col::Activity, Some("6"))
        );
        assert!(ledger("kolumn = 1").is_err());
    }
}
