//! `pp_change`: a change stated in percentage points (`比上年减少 9.51 个百分点`) equals the
//! difference of the two percentages it compares.

use regex::Regex;

use super::check::Check;
use super::general::DocumentFacts;
use super::interval::Interval;
use super::linked::{ambiguous, judge, level_pairs, printed, show, Candidate, Levels};
use crate::extract::unit::Unit;
use crate::facts::Measure;
use crate::rules::Rule;

pub(super) fn run(
    rule: &Rule,
    facts: &DocumentFacts<'_>,
    levels: &Levels,
    concepts: Option<&Regex>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for (i, fact) in facts.extraction.facts.iter().enumerate() {
        let (Measure::PointChange { base: Some(base) }, Some(period)) =
            (&fact.measure, &fact.period)
        else {
            continue;
        };
        let key = &facts.keys[i];
        if concepts.is_some_and(|re| !re.is_match(key)) {
            continue;
        }
        let stated = (fact.value, Interval::printed(fact.value, fact.decimals));
        let percent = |u: Unit| u == Unit::Percent;
        let pairs = match level_pairs(
            facts,
            levels.get(facts, key, period, percent).collect(),
            levels.get(facts, key, base, percent).collect(),
            i,
        ) {
            Ok(pairs) => pairs,
            Err(printings) => {
                let what = format!("change of {key} from {base} to {period}");
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
                let range = Interval::printed(a.value, a.decimals)
                    .checked_sub(Interval::printed(b.value, b.decimals));
                let Some(range) = range else { continue };
                candidates.push(Candidate {
                    stated,
                    computed: (a.value - b.value, range),
                    operands: vec![(now, "current"), (before, "base")],
                });
            }
        }
        checks.extend(judge(rule, facts, i, "change", candidates, |c, holds| {
            let (now, before) = (c.operands[0].0, c.operands[1].0);
            format!(
                "change of {key} from {base} to {period}: stated {} percentage points, {} → {} gives {}{}",
                show(fact.value),
                printed(facts, before),
                printed(facts, now),
                show(c.computed.0),
                if holds { "" } else { " — the stated change does not match" }
            )
        }));
    }
    checks
}
