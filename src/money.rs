//! Money and quantities in exact fixed point: the shared layer every stage holds figures in.
//!
//! Amounts are whole öre (1 tkr = 100 000 öre) and hours, people and årsarbetare hundredths, as
//! `i64`: every sum is exact integer arithmetic, the same in any order and on any number of
//! threads. An input figure is rounded to that unit once; validation refuses figures past the
//! limits here ([`MAX_AMOUNT_TKR`], [`MAX_QUANTITY`]), so no sum of them can overflow unnoticed.

/// Öre in one tkr.
pub const ORE_PER_TKR: f64 = 100_000.0;

/// Hundredths in one hour, person or årsarbetare.
pub const HUNDREDTHS: f64 = 100.0;

/// The largest amount a cell may hold, in tkr: a hundred billion kronor, far beyond any committee's
/// budget. With it, a sum of 900 000 such cells still fits an `i64` of öre (10¹³ öre each); a sum
/// that would not is refused by the totals' cross-check (`AggregateError::Overflow`), never
/// wrapped.
pub const MAX_AMOUNT_TKR: f64 = 1e8;

/// The largest number of hours, people or årsarbetare a cell may hold.
pub const MAX_QUANTITY: f64 = 1e10;

/// An amount in tkr as whole öre.
#[must_use]
#[allow(clippy::cast_possible_truncation)]
pub fn ore(tkr: f64) -> i64 {
    // Validation bounds the value, so the product fits an i64.
    (tkr * ORE_PER_TKR).round() as i64
}

/// Whole öre as tkr.
#[must_use]
#[allow(clippy::cast_precision_loss)]
pub fn tkr(ore: i64) -> f64 {
    ore as f64 / ORE_PER_TKR
}

/// `a − b` of two amounts in tkr, subtracted in whole öre: the nearest `f64` to the exact
/// difference (1 000,1 − 1 003,5 is −3,4, not −3,3999999999999773).
#[must_use]
pub fn difference(a: f64, b: f64) -> f64 {
    tkr(ore(a) - ore(b))
}

/// A quantity (hours, people, årsarbetare) as hundredths.
#[must_use]
#[allow(clippy::cast_possible_truncation)]
pub fn hundredths(x: f64) -> i64 {
    (x * HUNDREDTHS).round() as i64
}

/// Hundredths as the quantity.
#[must_use]
#[allow(clippy::cast_precision_loss)]
pub fn quantity(h: i64) -> f64 {
    h as f64 / HUNDREDTHS
}

/// `sum` plus `v`, when there is a `v`: a sum of the values given, `None` while none is.
pub fn add(sum: &mut Option<i64>, v: Option<i64>) {
    if let Some(v) = v {
        *sum = Some(sum.unwrap_or(0).saturating_add(v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_whole_ore_and_quantities_hundredths() {
        assert_eq!(ore(1.0), 100_000);
        assert_eq!(ore(-12_700.5), -1_270_050_000);
        assert_eq!(ore(0.000_004), 0);
        assert_eq!(ore(0.000_006), 1);
        assert!((tkr(ore(908_436.123_45)) - 908_436.123_45).abs() < 1e-9);
        assert_eq!(ore(MAX_AMOUNT_TKR), 10_000_000_000_000);
        assert_eq!(hundredths(139.25), 13_925);
        assert!((quantity(13_925) - 139.25).abs() < 1e-12);
    }

    #[test]
    fn differences_are_taken_in_ore() {
        assert!((1000.1_f64 - 1003.5).to_bits() != (-3.4_f64).to_bits());
        assert_eq!(difference(1000.1, 1003.5).to_bits(), (-3.4_f64).to_bits());
        assert_eq!(difference(-12_700.5, 0.000_01).to_bits(), (-12_700.500_01_f64).to_bits());
        assert_eq!(difference(MAX_AMOUNT_TKR, -MAX_AMOUNT_TKR).to_bits(), (2.0 * MAX_AMOUNT_TKR).to_bits());
    }

    #[test]
    fn sums_of_fixed_point_amounts_do_not_depend_on_their_order() {
        let xs = [0.1, 0.2, 0.3, 1e7, -1e7, 0.000_01];
        let forward: i64 = xs.iter().map(|x| ore(*x)).sum();
        let backward: i64 = xs.iter().rev().map(|x| ore(*x)).sum();
        assert_eq!(forward, backward);
        assert_eq!(forward, 60_001);
    }
}
