//! `pp_change`: a change stated in percentage points (`比上年减少 9.51 个百分点`) equals the
//! difference of the two percentages it compares.

use regex::Regex;
use rust_decimal::Decimal;

use super::check::Check;
use super::general::DocumentFacts;
use super::interval::Interval;
use super::linked::{check_two_levels, in_scope, Levels, TwoLevels};
use crate::extract::unit::Unit;
use crate::facts::{Fact, Measure};
use crate::rules::Rule;

/// now − base, in percentage points.
fn difference(now: &Fact, base: &Fact) -> Option<(Decimal, Interval)> {
    let range = Interval::printed(now.value, now.decimals)
        .checked_sub(Interval::printed(base.value, base.decimals))?;
    Some((now.value.checked_sub(base.value)?, range))
}

pub(super) fn run(
    rule: &Rule,
    facts: &DocumentFacts<'_>,
    levels: &Levels,
    concepts: Option<&Regex>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for (i, fact, key) in in_scope(facts, concepts) {
        let (Measure::PointChange { base: Some(base) }, Some(period)) =
            (&fact.measure, &fact.period)
        else {
            continue;
        };
        let statement = TwoLevels {
            stated: i,
            now: period,
            base,
            unit: |u| u == Unit::Percent,
            what: format!("change of {key} from {base} to {period}"),
            suffix: " percentage points",
            roles: ("base", "current"),
        };
        checks.extend(check_two_levels(rule, facts, levels, statement, difference));
    }
    checks
}
