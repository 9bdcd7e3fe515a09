//! What the document-level kinds share: the level figures of a document indexed by concept
//! and period, and the intervals figures stand for.
//!
//! A stated rate (`同比增长 62.85%`, `比上年减少 9.51 个百分点`, `占营业收入的比例达 45.08%`)
//! is checked against the level figures of its concept — wherever the document prints them,
//! table or prose. Several printings of one level may exist (a table and a sentence); the
//! check passes when some pair of them makes the relation hold, and otherwise reports the
//! closest pair. Whether those printings agree with each other is `agreement`'s question.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::check::{Check, FigureRef, Role, Verdict};
use super::general::DocumentFacts;
use super::interval::Interval;
use crate::extract::number::half_unit;
use crate::extract::unit::Unit;
use crate::facts::{Fact, Measure, Stance};
use crate::rules::Rule;

/// The level figures of a document by (concept key, period).
pub struct Levels {
    map: HashMap<(String, String), Vec<usize>>,
}

impl Levels {
    pub fn new(facts: &DocumentFacts<'_>) -> Self {
        let mut map: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, fact) in facts.extraction.facts.iter().enumerate() {
            if fact.measure != Measure::Level || fact.stance != Stance::Stated {
                continue;
            }
            if let Some(period) = &fact.period {
                map.entry((facts.keys[i].clone(), period.clone()))
                    .or_default()
                    .push(i);
            }
        }
        Self { map }
    }

    /// Level figures of `key` in `period` whose unit satisfies `unit`.
    pub fn get<'a>(
        &'a self,
        facts: &'a DocumentFacts<'_>,
        key: &str,
        period: &str,
        unit: impl Fn(Unit) -> bool + 'a,
    ) -> impl Iterator<Item = usize> + 'a {
        self.map
            .get(&(key.to_string(), period.to_string()))
            .into_iter()
            .flatten()
            .copied()
            .filter(move |&i| unit(facts.extraction.facts[i].unit))
    }

    /// Every (key, period) group with its figures, in a stable order.
    pub fn groups(&self) -> Vec<(&(String, String), &Vec<usize>)> {
        let mut groups: Vec<_> = self.map.iter().collect();
        groups.sort_by(|a, b| a.0.cmp(b.0));
        groups
    }
}

/// The facts of a document a linked rule looks at: each with its concept key, those the
/// document states (not a scenario, a quotation or a contribution) and a rule's `concepts:`
/// regex passes (all without one).
pub fn in_scope<'f>(
    facts: &'f DocumentFacts<'_>,
    concepts: Option<&'f regex::Regex>,
) -> impl Iterator<Item = (usize, &'f Fact, &'f str)> + 'f {
    facts
        .extraction
        .facts
        .iter()
        .enumerate()
        .map(|(i, fact)| (i, fact, facts.keys[i].as_str()))
        .filter(move |(_, fact, key)| {
            fact.stance == Stance::Stated && concepts.is_none_or(|re| re.is_match(key))
        })
}

pub fn is_money(unit: Unit) -> bool {
    matches!(unit, Unit::Money { .. })
}

/// What a figure stands for, in base units for money (so 万元 and 百萬元 compare), as
/// printed otherwise: (printed value, interval).
pub fn stands_for(fact: &Fact) -> Option<(Decimal, Interval)> {
    let scale = match fact.unit {
        Unit::Money { scale, .. } => scale.multiplier(),
        _ => Decimal::ONE,
    };
    let value = fact.value.checked_mul(scale)?;
    let half = half_unit(fact.decimals).checked_mul(scale)?;
    Some((
        value,
        Interval {
            lo: value - half,
            hi: value + half,
        },
    ))
}

/// The year a normalised period starts with.
pub fn year_of(period: &str) -> Option<i64> {
    period.get(..4)?.parse().ok()
}

/// Whether two printings can stand for the same value.
fn agree(facts: &DocumentFacts<'_>, a: usize, b: usize) -> bool {
    match (
        stands_for(&facts.extraction.facts[a]),
        stands_for(&facts.extraction.facts[b]),
    ) {
        (Some((_, x)), Some((_, y))) => x.intersects(&y),
        _ => false,
    }
}

fn same_sentence(facts: &DocumentFacts<'_>, a: usize, b: usize) -> bool {
    use crate::facts::Origin;
    match (
        &facts.extraction.facts[a].origin,
        &facts.extraction.facts[b].origin,
    ) {
        (Origin::Prose { sentence: x }, Origin::Prose { sentence: y }) => x == y,
        _ => false,
    }
}

/// Whether two facts stand in the same row of the same table (the same concept, other periods).
pub fn same_row(facts: &DocumentFacts<'_>, a: usize, b: usize) -> bool {
    use crate::facts::Origin;
    match (
        &facts.extraction.facts[a].origin,
        &facts.extraction.facts[b].origin,
    ) {
        (
            Origin::Table {
                table: t1, row: r1, ..
            },
            Origin::Table {
                table: t2, row: r2, ..
            },
        ) => t1 == t2 && r1 == r2,
        _ => false,
    }
}

/// Which printings of a level a stated figure may be checked against.
pub enum Choice {
    /// These printings; any of them is the level.
    Use(Vec<usize>),
    /// The document prints this level more than once with values that disagree, and nothing
    /// says which one the statement means: the check cannot be decided.
    Ambiguous(Vec<usize>),
}

/// The printings of a level to use for a statement: those in the statement's own sentence
/// when there are any; otherwise all of them when they agree with each other.
pub fn choose(facts: &DocumentFacts<'_>, candidates: Vec<usize>, stated: usize) -> Choice {
    let near: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&c| same_sentence(facts, c, stated))
        .collect();
    if !near.is_empty() {
        return Choice::Use(near);
    }
    let consistent = candidates
        .iter()
        .enumerate()
        .all(|(n, &a)| candidates[n + 1..].iter().all(|&b| agree(facts, a, b)));
    if consistent {
        return Choice::Use(candidates);
    }
    // Sentences quote other figures under the same words (a peer's 营业收入, a market's);
    // the document's own level is the one its tables print, when they print one value.
    let tables: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&c| {
            matches!(
                facts.extraction.facts[c].origin,
                crate::facts::Origin::Table { .. }
            )
        })
        .collect();
    let tables_agree = tables
        .iter()
        .enumerate()
        .all(|(n, &a)| tables[n + 1..].iter().all(|&b| agree(facts, a, b)));
    if !tables.is_empty() && tables_agree {
        Choice::Use(tables)
    } else {
        Choice::Ambiguous(candidates)
    }
}

/// Pairs of printings for a statement that compares two levels of one concept (this period
/// and a base): both from the statement's own sentence first, then pairs from one table row
/// (a row is one concept), else each level chosen by [`choose`]. `Err` carries the printings of an ambiguous level.
pub fn level_pairs(
    facts: &DocumentFacts<'_>,
    now: Vec<usize>,
    before: Vec<usize>,
    stated: usize,
) -> Result<Vec<(usize, usize)>, Vec<usize>> {
    // Levels the statement's own sentence prints are the ones it was computed from
    // (`由2022年的269.4百萬元增至2024年的827.4百萬元，複合年增長率為75.3%`); whether they
    // agree with a table is `agreement`'s question.
    let near = |v: &[usize]| -> Vec<usize> {
        v.iter()
            .copied()
            .filter(|&c| same_sentence(facts, c, stated))
            .collect()
    };
    let (now_near, before_near) = (near(&now), near(&before));
    if !now_near.is_empty() && !before_near.is_empty() {
        return Ok(now_near
            .iter()
            .flat_map(|&a| before_near.iter().map(move |&b| (a, b)))
            .collect());
    }
    let in_rows: Vec<(usize, usize)> = now
        .iter()
        .flat_map(|&a| before.iter().map(move |&b| (a, b)))
        .filter(|&(a, b)| same_row(facts, a, b))
        .collect();
    if !in_rows.is_empty() {
        return Ok(in_rows);
    }
    let now = match choose(facts, now, stated) {
        Choice::Use(v) => v,
        Choice::Ambiguous(v) => return Err(v),
    };
    let before = match choose(facts, before, stated) {
        Choice::Use(v) => v,
        Choice::Ambiguous(v) => return Err(v),
    };
    Ok(now
        .iter()
        .flat_map(|&a| before.iter().map(move |&b| (a, b)))
        .collect())
}

/// A check that cannot be decided because a level is printed with disagreeing values.
pub fn ambiguous(
    rule: &Rule,
    facts: &DocumentFacts<'_>,
    stated: usize,
    what: &str,
    printings: &[usize],
) -> Check {
    let listed: Vec<String> = printings
        .iter()
        .map(|&i| {
            format!(
                "{} (line {})",
                printed(facts, i),
                facts.doc.line_of(facts.extraction.facts[i].span.start) + 1
            )
        })
        .collect();
    let mut check = Check::new(
        rule,
        Verdict::Indeterminate,
        format!(
            "{what}: cannot be decided, the document prints the level it needs as {}",
            listed.join(", ")
        ),
    );
    check.figures.push(FigureRef {
        doc: facts.doc.id,
        span: facts.extraction.facts[stated].span.clone(),
        role: Role::Operand,
        name: Some("stated".to_string()),
        label: facts.extraction.facts[stated].label(),
    });
    check
}

/// One candidate reading of a linked check: the relation's two sides and the figures used.
pub struct Candidate {
    /// The printed figure being checked (a rate), as a point and interval.
    pub stated: (Decimal, Interval),
    /// What the other figures say it should be.
    pub computed: (Decimal, Interval),
    /// The other figures, with their roles, in the order the message names them.
    pub operands: Vec<(usize, &'static str)>,
}

/// Chooses among candidate readings: the first that holds, else the closest. Builds the check.
pub fn judge(
    rule: &Rule,
    facts: &DocumentFacts<'_>,
    stated: usize,
    stated_role: &'static str,
    candidates: Vec<Candidate>,
    describe: impl Fn(&Candidate, bool) -> String,
) -> Option<Check> {
    let best = candidates
        .iter()
        .find(|c| c.stated.1.intersects(&c.computed.1))
        .or_else(|| {
            candidates
                .iter()
                .min_by_key(|c| c.stated.1.distance(&c.computed.1))
        })?;
    let holds = best.stated.1.intersects(&best.computed.1);
    let mut check = Check::new(
        rule,
        if holds { Verdict::Pass } else { Verdict::Fail },
        describe(best, holds),
    );
    check.actual = Some(best.stated.0);
    check.expected = Some(best.computed.0);
    check.difference = Some(best.stated.0 - best.computed.0);
    check.tolerance = Some((best.stated.1.half_width() + best.computed.1.half_width()).normalize());
    let reference = |i: usize, role: &'static str| FigureRef {
        doc: facts.doc.id,
        span: facts.extraction.facts[i].span.clone(),
        role: Role::Operand,
        name: Some(role.to_string()),
        label: facts.extraction.facts[i].label(),
    };
    check.figures.push(reference(stated, stated_role));
    for (i, role) in &best.operands {
        check.figures.push(reference(*i, role));
    }
    Some(check)
}

/// A statement that compares two levels of its own concept: a growth rate, a change in
/// points, a compound rate. `growth_rate`, `pp_change` and `cagr` differ only in the periods
/// they read and the arithmetic they do.
pub struct TwoLevels<'s> {
    /// The stated figure (a fact index).
    pub stated: usize,
    /// The period of the later level, and of the base level.
    pub now: &'s str,
    pub base: &'s str,
    /// Which units the levels may be printed in.
    pub unit: fn(Unit) -> bool,
    /// What is stated, for messages: `growth of 研发费用 from 2023 to 2024`.
    pub what: String,
    /// How the stated figure and the computed one are printed in messages: `%`, ` points`.
    pub suffix: &'static str,
    /// The roles of the base and the later level in locations.
    pub roles: (&'static str, &'static str),
}

/// Checks a statement against the pairs of levels it compares: `compute` gives, from the
/// later and the base level, the value the statement should have (point and interval).
pub fn check_two_levels(
    rule: &Rule,
    facts: &DocumentFacts<'_>,
    levels: &Levels,
    statement: TwoLevels<'_>,
    compute: impl Fn(&Fact, &Fact) -> Option<(Decimal, Interval)>,
) -> Option<Check> {
    let i = statement.stated;
    let key = &facts.keys[i];
    let now = levels
        .get(facts, key, statement.now, statement.unit)
        .collect();
    let base = levels
        .get(facts, key, statement.base, statement.unit)
        .collect();
    let pairs = match level_pairs(facts, now, base, i) {
        Ok(pairs) => pairs,
        Err(printings) => return Some(ambiguous(rule, facts, i, &statement.what, &printings)),
    };
    let fact = &facts.extraction.facts[i];
    let stated = (fact.value, Interval::printed(fact.value, fact.decimals));
    let candidates = pairs
        .into_iter()
        .filter_map(|(now, base)| {
            let computed = compute(&facts.extraction.facts[now], &facts.extraction.facts[base])?;
            Some(Candidate {
                stated,
                computed,
                operands: vec![(base, statement.roles.0), (now, statement.roles.1)],
            })
        })
        .collect();
    let (what, suffix) = (&statement.what, statement.suffix);
    judge(rule, facts, i, "stated", candidates, |c, holds| {
        format!(
            "{what}: stated {}{suffix}, {} → {} gives {}{suffix}{}",
            show(fact.value),
            printed(facts, c.operands[0].0),
            printed(facts, c.operands[1].0),
            show(c.computed.0),
            if holds {
                ""
            } else {
                " — the statement does not match"
            }
        )
    })
}

/// A number for messages: rounded to four decimals, without trailing zeros, grouped.
pub fn show(value: Decimal) -> String {
    super::check::group_thousands(value.round_dp(4).normalize())
}

/// The printed text of a fact, on one line.
pub fn printed(facts: &DocumentFacts<'_>, i: usize) -> String {
    facts
        .doc
        .printed(facts.extraction.facts[i].span.clone())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("")
}
