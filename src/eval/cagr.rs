//! `cagr`: a stated compound annual growth rate (`2021年至2023年…复合增长率达到53.33%`) equals
//! ((last ÷ first)^(1 ÷ years) − 1) × 100.

use regex::Regex;
use rust_decimal::Decimal;

use super::check::Check;
use super::general::DocumentFacts;
use super::interval::Interval;
use super::linked::{check_two_levels, in_scope, stands_for, year_of, Levels, TwoLevels};
use crate::extract::unit::Unit;
use crate::facts::{Fact, Measure};
use crate::rules::expr::nth_root;
use crate::rules::Rule;

fn rate(ratio: Decimal, years: u32) -> Option<Decimal> {
    Some((nth_root(ratio, years)? - Decimal::ONE) * Decimal::ONE_HUNDRED)
}

/// ((last ÷ first)^(1 ÷ years) − 1) × 100. The rate is monotonic in the ratio, so the ratio's
/// endpoints give its interval.
fn compound(last: &Fact, first: &Fact, years: u32) -> Option<(Decimal, Interval)> {
    let ((last_v, last_i), (first_v, first_i)) = (stands_for(last)?, stands_for(first)?);
    let ratio = last_i.checked_div(first_i)?;
    if ratio.lo <= Decimal::ZERO {
        return None;
    }
    let range = Interval {
        lo: rate(ratio.lo, years)?,
        hi: rate(ratio.hi, years)?,
    };
    Some((rate(last_v.checked_div(first_v)?, years)?, range))
}

pub(super) fn run(
    rule: &Rule,
    facts: &DocumentFacts<'_>,
    levels: &Levels,
    concepts: Option<&Regex>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for (i, fact, key) in in_scope(facts, concepts) {
        let Measure::Cagr {
            first: Some(first),
            last: Some(last),
        } = &fact.measure
        else {
            continue;
        };
        let Some(years) = year_of(last)
            .zip(year_of(first))
            .map(|(l, f)| l - f)
            .filter(|y| (1..=50).contains(y))
            .and_then(|y| u32::try_from(y).ok())
        else {
            continue;
        };
        let statement = TwoLevels {
            stated: i,
            now: last,
            base: first,
            unit: |u| !matches!(u, Unit::Percent | Unit::PercentagePoints),
            what: format!("compound growth of {key} from {first} to {last} ({years} years)"),
            suffix: "%",
            roles: ("first", "last"),
        };
        checks.extend(check_two_levels(rule, facts, levels, statement, |l, f| {
            compound(l, f, years)
        }));
    }
    checks
}
