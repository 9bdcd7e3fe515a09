//! Interval arithmetic over exact decimals: a printed figure stands for every value its
//! rounding could have come from, and a relation holds when some choice of those values makes
//! it hold (DESIGN: "Comparing figures honestly"). Every operation is checked: an overflow or a
//! divisor that may be zero gives `None`, which a check reports as "cannot check".

use rust_decimal::Decimal;

use crate::extract::number::half_unit;

/// A closed interval `[lo, hi]` of exact decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub lo: Decimal,
    pub hi: Decimal,
}

impl Interval {
    pub fn exact(value: Decimal) -> Self {
        Self {
            lo: value,
            hi: value,
        }
    }

    /// What a figure printed as `value` with `decimals` decimals may stand for.
    pub fn printed(value: Decimal, decimals: u32) -> Self {
        let h = half_unit(decimals);
        Self {
            lo: value - h,
            hi: value + h,
        }
    }

    /// `[0, h]`: a dash that means "below the printed precision".
    pub fn below(decimals: u32) -> Self {
        Self {
            lo: Decimal::ZERO,
            hi: half_unit(decimals),
        }
    }

    pub fn mid(&self) -> Decimal {
        (self.lo + self.hi) / Decimal::TWO
    }

    pub fn half_width(&self) -> Decimal {
        (self.hi - self.lo) / Decimal::TWO
    }

    pub fn checked_add(self, other: Self) -> Option<Self> {
        Some(Self {
            lo: self.lo.checked_add(other.lo)?,
            hi: self.hi.checked_add(other.hi)?,
        })
    }

    pub fn checked_sub(self, other: Self) -> Option<Self> {
        Some(Self {
            lo: self.lo.checked_sub(other.hi)?,
            hi: self.hi.checked_sub(other.lo)?,
        })
    }

    pub fn checked_mul(self, other: Self) -> Option<Self> {
        let products = [
            self.lo.checked_mul(other.lo)?,
            self.lo.checked_mul(other.hi)?,
            self.hi.checked_mul(other.lo)?,
            self.hi.checked_mul(other.hi)?,
        ];
        Some(Self::hull(&products))
    }

    /// `None` when the divisor's interval contains 0: the quotient is unbounded.
    pub fn checked_div(self, other: Self) -> Option<Self> {
        if other.lo <= Decimal::ZERO && other.hi >= Decimal::ZERO {
            return None;
        }
        let quotients = [
            self.lo.checked_div(other.lo)?,
            self.lo.checked_div(other.hi)?,
            self.hi.checked_div(other.lo)?,
            self.hi.checked_div(other.hi)?,
        ];
        Some(Self::hull(&quotients))
    }

    fn hull(values: &[Decimal]) -> Self {
        let mut lo = values[0];
        let mut hi = values[0];
        for v in &values[1..] {
            lo = lo.min(*v);
            hi = hi.max(*v);
        }
        Self { lo, hi }
    }

    pub fn intersects(&self, other: &Self) -> bool {
        self.lo <= other.hi && other.lo <= self.hi
    }

    /// Distance between two intervals; zero when they meet.
    pub fn distance(&self, other: &Self) -> Decimal {
        if self.intersects(other) {
            Decimal::ZERO
        } else if self.hi < other.lo {
            other.lo - self.hi
        } else {
            self.lo - other.hi
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn printed_figures_stand_for_their_rounding() {
        let i = Interval::printed(d("269.4"), 1);
        assert_eq!((i.lo, i.hi), (d("269.35"), d("269.45")));
    }

    #[test]
    fn sums_widen_by_each_half_unit() {
        let a = Interval::printed(d("1.01"), 2);
        let b = Interval::printed(d("2.02"), 2);
        let s = a.checked_add(b).unwrap();
        assert_eq!((s.lo, s.hi), (d("3.020"), d("3.040")));
        let total = Interval::printed(d("3.04"), 2);
        assert!(s.intersects(&total));
        let total = Interval::printed(d("3.06"), 2);
        assert!(!s.intersects(&total));
        assert_eq!(s.distance(&total), d("0.015"));
    }

    #[test]
    fn division_by_an_interval_around_zero_is_undecidable() {
        let a = Interval::printed(d("1"), 0);
        assert!(a.checked_div(Interval::printed(d("0.0"), 1)).is_none());
        let q = a.checked_div(Interval::exact(d("4"))).unwrap();
        assert_eq!((q.lo, q.hi), (d("0.125"), d("0.375")));
    }

    #[test]
    fn subtraction_crosses_bounds() {
        let a = Interval::printed(d("10"), 0);
        let b = Interval::printed(d("4"), 0);
        let r = a.checked_sub(b).unwrap();
        assert_eq!((r.lo, r.hi), (d("5"), d("7")));
    }
}
