//! `cagr`: a stated compound annual growth rate (`2021年至2023年…复合增长率达到53.33%`) equals
//! ((last ÷ first)^(1 ÷ years) − 1) × 100.

use regex::Regex;
use rust_decimal::Decimal;

use super::check::Check;
use super::general::DocumentFacts;
use super::interval::Interval;
use super::linked::{
    ambiguous, judge, level_pairs, printed, show, stands_for, year_of, Candidate, Levels,
};
use crate::extract::unit::Unit;
use crate::facts::Measure;
use crate::rules::expr::nth_root;
use crate::rules::Rule;

fn rate(ratio: Decimal, years: u32) -> Option<Decimal> {
    Some((nth_root(ratio, years)? - Decimal::ONE) * Decimal::ONE_HUNDRED)
}

pub(super) fn run(
    rule: &Rule,
    facts: &DocumentFacts<'_>,
    levels: &Levels,
    concepts: Option<&Regex>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for (i, fact) in facts.extraction.facts.iter().enumerate() {
        let Measure::Cagr {
            first: Some(first),
            last: Some(last),
        } = &fact.measure
        else {
            continue;
        };
        let key = &facts.keys[i];
        if concepts.is_some_and(|re| !re.is_match(key)) {
            continue;
        }
        let Some(years) = year_of(last)
            .zip(year_of(first))
            .map(|(l, f)| l - f)
            .filter(|y| (1..=50).contains(y))
            .and_then(|y| u32::try_from(y).ok())
        else {
            continue;
        };
        let amount = |u: Unit| !matches!(u, Unit::Percent | Unit::PercentagePoints);
        let stated = (fact.value, Interval::printed(fact.value, fact.decimals));
        let pairs = match level_pairs(
            facts,
            levels.get(facts, key, last, amount).collect(),
            levels.get(facts, key, first, amount).collect(),
            i,
        ) {
            Ok(pairs) => pairs,
            Err(printings) => {
                let what = format!("compound growth of {key} from {first} to {last}");
                checks.push(ambiguous(rule, facts, i, &what, &printings));
                continue;
            }
        };
        let mut candidates = Vec::new();
        for (end, start) in pairs {
            {
                let (Some((end_v, end_i)), Some((start_v, start_i))) = (
                    stands_for(&facts.extraction.facts[end]),
                    stands_for(&facts.extraction.facts[start]),
                ) else {
                    continue;
                };
                let Some(ratio) = end_i.checked_div(start_i) else {
                    continue;
                };
                if ratio.lo <= Decimal::ZERO {
                    continue;
                }
                // The rate is monotonic in the ratio: its endpoints give the interval.
                let (Some(lo), Some(hi), Some(point)) = (
                    rate(ratio.lo, years),
                    rate(ratio.hi, years),
                    end_v.checked_div(start_v).and_then(|r| rate(r, years)),
                ) else {
                    continue;
                };
                candidates.push(Candidate {
                    stated,
                    computed: (point, Interval { lo, hi }),
                    operands: vec![(start, "first"), (end, "last")],
                });
            }
        }
        checks.extend(judge(rule, facts, i, "rate", candidates, |c, holds| {
            let (start, end) = (c.operands[0].0, c.operands[1].0);
            format!(
                "compound growth of {key} from {first} to {last} ({years} years): stated {}%, {} → {} gives {}%{}",
                show(fact.value),
                printed(facts, start),
                printed(facts, end),
                show(c.computed.0),
                if holds { "" } else { " — the stated rate does not match" }
            )
        }));
    }
    checks
}
