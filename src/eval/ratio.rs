//! `ratio`: a stated share of one concept in another (`研发投入占营业收入的比例达 45.08%`)
//! equals numerator ÷ denominator × 100, with both levels of the same period.

use regex::Regex;
use rust_decimal::Decimal;

use super::check::Check;
use super::general::DocumentFacts;
use super::interval::Interval;
use super::linked::{
    ambiguous, choose, is_money, judge, printed, show, stands_for, Candidate, Choice, Levels,
};
use crate::extract::concept::Concepts;
use crate::extract::unit::Unit;
use crate::facts::{Fact, Measure, Stance};

fn same_currency(a: &Fact, b: &Fact) -> bool {
    matches!(
        (a.unit, b.unit),
        (Unit::Money { currency: x, .. }, Unit::Money { currency: y, .. }) if x == y
    )
}
use crate::rules::Rule;

/// The numerator named in a share's concept: `研发投入` in `研发投入占营业收入的比例`.
fn numerator(concept: &str) -> &str {
    concept
        .split(['占', '佔'])
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or(concept)
}

pub(super) fn run(
    rule: &Rule,
    facts: &DocumentFacts<'_>,
    levels: &Levels,
    concepts: &Concepts,
    filter: Option<&Regex>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for (i, fact) in facts.extraction.facts.iter().enumerate() {
        let (Measure::Share { of }, Some(period)) = (&fact.measure, &fact.period) else {
            continue;
        };
        if fact.stance != Stance::Stated {
            continue;
        }
        let num_key = concepts.key(numerator(&fact.concept));
        let den_key = concepts.key(of);
        if filter.is_some_and(|re| !re.is_match(&num_key) && !re.is_match(&den_key)) {
            continue;
        }
        let stated = (fact.value, Interval::printed(fact.value, fact.decimals));
        let what = format!("{num_key} / {den_key} in {period}");
        let nums = match choose(
            facts,
            levels.get(facts, &num_key, period, is_money).collect(),
            i,
        ) {
            Choice::Use(v) => v,
            Choice::Ambiguous(v) => {
                checks.push(ambiguous(rule, facts, i, &what, &v));
                continue;
            }
        };
        let dens = match choose(
            facts,
            levels.get(facts, &den_key, period, is_money).collect(),
            i,
        ) {
            Choice::Use(v) => v,
            Choice::Ambiguous(v) => {
                checks.push(ambiguous(rule, facts, i, &what, &v));
                continue;
            }
        };
        let mut candidates = Vec::new();
        for &num in &nums {
            for &den in &dens {
                // 亿美元 over 万元 is no ratio: both levels in one currency.
                if facts.extraction.facts[num].unit != facts.extraction.facts[den].unit
                    && !same_currency(&facts.extraction.facts[num], &facts.extraction.facts[den])
                {
                    continue;
                }
                let (Some((num_v, num_i)), Some((den_v, den_i))) = (
                    stands_for(&facts.extraction.facts[num]),
                    stands_for(&facts.extraction.facts[den]),
                ) else {
                    continue;
                };
                let Some(range) = num_i
                    .checked_div(den_i)
                    .and_then(|r| r.checked_mul(Interval::exact(Decimal::ONE_HUNDRED)))
                else {
                    continue;
                };
                let Some(point) = num_v.checked_div(den_v).map(|r| r * Decimal::ONE_HUNDRED) else {
                    continue;
                };
                candidates.push(Candidate {
                    stated,
                    computed: (point, range),
                    operands: vec![(num, "numerator"), (den, "denominator")],
                });
            }
        }
        checks.extend(judge(rule, facts, i, "ratio", candidates, |c, holds| {
            let (num, den) = (c.operands[0].0, c.operands[1].0);
            format!(
                "{num_key} / {den_key} in {period}: stated {}%, {} / {} gives {}%{}",
                show(fact.value),
                printed(facts, num),
                printed(facts, den),
                show(c.computed.0),
                if holds {
                    ""
                } else {
                    " — the stated ratio does not match"
                }
            )
        }));
    }
    checks
}
