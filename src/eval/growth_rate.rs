//! `growth_rate`: a stated growth rate (`同比增长 62.85%`, `较上年下降 5.00%`) equals the change
//! between the two levels it compares: (this period ÷ base period − 1) × 100.

use regex::Regex;
use rust_decimal::Decimal;

use super::check::Check;
use super::general::DocumentFacts;
use super::interval::Interval;
use super::linked::{ambiguous, judge, level_pairs, printed, show, stands_for, Candidate, Levels};
use crate::extract::unit::Unit;
use crate::facts::Measure;
use crate::rules::Rule;

fn is_amount(unit: Unit) -> bool {
    !matches!(unit, Unit::Percent | Unit::PercentagePoints)
}

pub(super) fn run(
    rule: &Rule,
    facts: &DocumentFacts<'_>,
    levels: &Levels,
    concepts: Option<&Regex>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for (i, fact) in facts.extraction.facts.iter().enumerate() {
        let (Measure::Growth { base: Some(base) }, Some(period), Unit::Percent) =
            (&fact.measure, &fact.period, fact.unit)
        else {
            continue;
        };
        let key = &facts.keys[i];
        if concepts.is_some_and(|re| !re.is_match(key)) {
            continue;
        }
        let stated = (fact.value, Interval::printed(fact.value, fact.decimals));
        let pairs = match level_pairs(
            facts,
            levels.get(facts, key, period, is_amount).collect(),
            levels.get(facts, key, base, is_amount).collect(),
            i,
        ) {
            Ok(pairs) => pairs,
            Err(printings) => {
                let what = format!("growth of {key} from {base} to {period}");
                checks.push(ambiguous(rule, facts, i, &what, &printings));
                continue;
            }
        };
        let mut candidates = Vec::new();
        for (now, before) in pairs {
            {
                let (a, b) = (
                    &facts.extraction.facts[now],
                    &facts.extraction.facts[before],
                );
                if std::mem::discriminant(&a.unit) != std::mem::discriminant(&b.unit) {
                    continue;
                }
                let (Some((now_v, now_i)), Some((before_v, before_i))) =
                    (stands_for(a), stands_for(b))
                else {
                    continue;
                };
                let hundred = Interval::exact(Decimal::ONE_HUNDRED);
                let Some(range) = now_i
                    .checked_div(before_i)
                    .and_then(|r| r.checked_sub(Interval::exact(Decimal::ONE)))
                    .and_then(|r| r.checked_mul(hundred))
                else {
                    continue;
                };
                let Some(point) = now_v
                    .checked_div(before_v)
                    .map(|r| (r - Decimal::ONE) * Decimal::ONE_HUNDRED)
                else {
                    continue;
                };
                candidates.push(Candidate {
                    stated,
                    computed: (point, range),
                    operands: vec![(now, "current"), (before, "base")],
                });
            }
        }
        checks.extend(judge(rule, facts, i, "rate", candidates, |c, holds| {
            let (now, before) = (c.operands[0].0, c.operands[1].0);
            format!(
                "growth of {key} from {base} to {period}: stated {}%, {} → {} gives {}%{}",
                show(fact.value),
                printed(facts, before),
                printed(facts, now),
                show(c.computed.0),
                if holds {
                    ""
                } else {
                    " — the stated rate does not match"
                }
            )
        }));
    }
    checks
}
