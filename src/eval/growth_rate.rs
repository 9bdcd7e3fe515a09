//! `growth_rate`: a stated growth rate (`同比增长 62.85%`, `较上年下降 5.00%`) equals the change
//! between the two levels it compares: (this period ÷ base period − 1) × 100.

use regex::Regex;
use rust_decimal::Decimal;

use super::check::Check;
use super::general::DocumentFacts;
use super::interval::Interval;
use super::linked::{check_two_levels, in_scope, stands_for, Levels, TwoLevels};
use crate::extract::unit::Unit;
use crate::facts::{Fact, Measure};
use crate::rules::Rule;

fn is_amount(unit: Unit) -> bool {
    !matches!(unit, Unit::Percent | Unit::PercentagePoints)
}

/// (now ÷ base − 1) × 100, for two levels printed in the same kind of unit.
fn growth(now: &Fact, base: &Fact) -> Option<(Decimal, Interval)> {
    if std::mem::discriminant(&now.unit) != std::mem::discriminant(&base.unit) {
        return None;
    }
    let ((now_v, now_i), (base_v, base_i)) = (stands_for(now)?, stands_for(base)?);
    let range = now_i
        .checked_div(base_i)?
        .checked_sub(Interval::exact(Decimal::ONE))?
        .checked_mul(Interval::exact(Decimal::ONE_HUNDRED))?;
    let point = (now_v.checked_div(base_v)? - Decimal::ONE) * Decimal::ONE_HUNDRED;
    Some((point, range))
}

pub(super) fn run(
    rule: &Rule,
    facts: &DocumentFacts<'_>,
    levels: &Levels,
    concepts: Option<&Regex>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for (i, fact, key) in in_scope(facts, concepts) {
        let (Measure::Growth { base: Some(base) }, Some(period), Unit::Percent) =
            (&fact.measure, &fact.period, fact.unit)
        else {
            continue;
        };
        let statement = TwoLevels {
            stated: i,
            now: period,
            base,
            unit: is_amount,
            what: format!("growth of {key} from {base} to {period}"),
            suffix: "%",
            roles: ("base", "current"),
        };
        checks.extend(check_two_levels(rule, facts, levels, statement, growth));
    }
    checks
}
