//! The header row of a data sheet, and the subtotal rows people write below it.
//!
//! Takes a sheet's cells and its kind; gives where the header is and which column holds what
//! ([`find_header`]), or the columns missing; and tells a person-written subtotal row
//! ([`is_subtotal_row`]).

use calamine::{Data, Range};

use crate::names::normalise;
use crate::schema::{Col, SheetKind};

/// A recognised header row: where it is and which column holds what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Absolute zero-based row of the header.
    pub row: u32,
    /// Absolute zero-based column of each column found.
    pub columns: Vec<(Col, u32)>,
    /// A column found a second time: which, and the absolute columns of both cells.
    pub duplicates: Vec<(Col, u32, u32)>,
}

impl Header {
    /// The absolute column of `col`, if the header has it.
    #[must_use]
    pub fn column(&self, col: Col) -> Option<u32> {
        self.columns.iter().find(|(c, _)| *c == col).map(|(_, i)| *i)
    }
}

/// Why no header row was found: the required columns missing from the row that came closest, and
/// the headers that row had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoHeader {
    /// Required columns not found.
    pub missing: Vec<Col>,
    /// The texts of the closest row.
    pub found: Vec<String>,
}

/// Finds the header row of a sheet of `kind`: the first row that contains
/// every required column name (case and surrounding space ignored, English
/// aliases accepted). A column named twice in that row is listed in
/// [`Header::duplicates`].
pub fn find_header(range: &Range<Data>, kind: SheetKind) -> Result<Header, NoHeader> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let required: Vec<Col> = kind.columns().iter().filter(|c| c.required).map(|c| c.col).collect();
    let mut best: Option<(usize, Vec<Col>, Vec<String>)> = None;
    for (i, row) in range.rows().enumerate() {
        let mut columns: Vec<(Col, u32)> = Vec::new();
        let mut duplicates = Vec::new();
        let mut texts = Vec::new();
        for (j, cell) in row.iter().enumerate() {
            let Data::String(s) = cell else { continue };
            let n = normalise(s);
            if n.is_empty() {
                continue;
            }
            texts.push(s.trim().to_string());
            if let Some(spec) = kind.columns().iter().find(|spec| spec.col.matches_in(kind, &n)) {
                let col = c0 + u32::try_from(j).unwrap_or(u32::MAX - c0);
                match columns.iter().find(|(c, _)| *c == spec.col) {
                    Some((_, first)) => duplicates.push((spec.col, *first, col)),
                    None => columns.push((spec.col, col)),
                }
            }
        }
        let missing: Vec<Col> =
            required.iter().copied().filter(|c| !columns.iter().any(|(f, _)| f == c)).collect();
        if missing.is_empty() {
            return Ok(Header { row: r0 + u32::try_from(i).unwrap_or(u32::MAX - r0), columns, duplicates });
        }
        let found = required.len() - missing.len();
        if !texts.is_empty() && best.as_ref().is_none_or(|(f, _, _)| found > *f) {
            best = Some((found, missing, texts));
        }
    }
    match best {
        Some((_, missing, found)) => Err(NoHeader { missing, found }),
        None => Err(NoHeader { missing: required, found: Vec::new() }),
    }
}

/// True when a row is a person-written subtotal: its first text cell starts with the word `Summa`,
/// `Total` or `Totalt`.
#[must_use]
pub fn is_subtotal_row(row: &[Data]) -> Option<String> {
    let first = row.iter().find_map(|d| match d {
        Data::String(s) if !s.trim().is_empty() => Some(s.trim()),
        _ => None,
    })?;
    for word in ["summa", "totalt", "total"] {
        if let Some(rest) = first.get(word.len()..).filter(|_| first[..word.len()].eq_ignore_ascii_case(word))
        {
            if rest.chars().next().is_none_or(|c| !c.is_alphanumeric()) {
                return Some(first.to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn range(rows: &[&[Data]]) -> Range<Data> {
        let width = rows.iter().map(|r| r.len()).max().unwrap_or(1).max(1);
        let h = u32::try_from(rows.len().max(1)).unwrap();
        let w = u32::try_from(width).unwrap();
        let mut r = Range::new((0, 0), (h - 1, w - 1));
        for (i, row) in rows.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                r.set_value((u32::try_from(i).unwrap(), u32::try_from(j).unwrap()), v.clone());
            }
        }
        r
    }

    fn s(t: &str) -> Data {
        Data::String(t.to_string())
    }

    #[test]
    fn header_is_first_row_with_all_required_columns() {
        let r = range(&[
            &[s("Budget 2022, tkr")],
            &[],
            &[s(" BUDGET "), s("Kostnadsslag"), s("Extra"), s("Area")],
            &[s("x"), s("Intäkter"), Data::Empty, Data::Float(1.0)],
        ]);
        let h = find_header(&r, SheetKind::Budget).unwrap();
        assert_eq!(h.row, 2);
        assert_eq!(h.column(Col::Budget), Some(0));
        assert_eq!(h.column(Col::Area), Some(3));
        assert_eq!(h.column(Col::Activity), None);
    }

    #[test]
    fn missing_header_names_the_missing_columns_and_what_was_found() {
        let r = range(&[&[s("Title")], &[s("Verksamhetsområde"), s("Kostnadsslag"), s("Belopp")]]);
        let no = find_header(&r, SheetKind::Budget).unwrap_err();
        assert_eq!(no.missing, vec![Col::Budget]);
        assert_eq!(no.found, vec!["Verksamhetsområde", "Kostnadsslag", "Belopp"]);
    }

    #[test]
    fn subtotal_rows_are_recognised_by_their_first_text() {
        assert_eq!(
            is_subtotal_row(&[Data::Empty, s("Summa BARN"), Data::Float(3.0)]),
            Some("Summa BARN".into())
        );
        assert!(is_subtotal_row(&[s("Totalt")]).is_some());
        assert!(is_subtotal_row(&[s("total:")]).is_some());
        assert!(is_subtotal_row(&[s("Totalförsvar")]).is_none());
        assert!(is_subtotal_row(&[s("SUMMA område")]).is_some());
        assert!(is_subtotal_row(&[s("Sum")]).is_none());
        assert!(is_subtotal_row(&[s("Summä")]).is_none());
        assert!(is_subtotal_row(&[s("Su€ma")]).is_none());
        assert!(is_subtotal_row(&[s("Summering av"), s("x")]).is_none());
        assert!(is_subtotal_row(&[Data::Float(1.0), s("VUXEN")]).is_none());
    }

    proptest! {
        #[test]
        fn header_detection_never_panics(cells in proptest::collection::vec(proptest::collection::vec("\\PC{0,12}", 0..6), 0..8)) {
            let rows: Vec<Vec<Data>> = cells.iter().map(|r| r.iter().map(|t| s(t)).collect()).collect();
            let refs: Vec<&[Data]> = rows.iter().map(Vec::as_slice).collect();
            let r = range(&refs);
            for &kind in SheetKind::ALL {
                let _ = find_header(&r, kind);
            }
            for row in &rows {
                let _ = is_subtotal_row(row);
            }
        }
    }
}
