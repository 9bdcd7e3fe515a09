//! `agreement`: a figure restated in prose agrees with the table that prints the same
//! concept, period and unit, after unit conversion and within the roundings of both.
//!
//! Only concepts named in the concept table (or matched by the rule's `concepts`) are
//! compared: a label such as 合计 or 其他 means something different in every table.

use regex::Regex;

use super::check::{Check, FigureRef, Role, Verdict};
use super::general::DocumentFacts;
use super::linked::{show, stands_for, Levels};
use crate::extract::concept::Concepts;
use crate::extract::unit::Unit;
use crate::facts::Origin;
use crate::rules::Rule;

/// Units that compare with each other: money in any scale, or the same non-money unit.
fn comparable(a: Unit, b: Unit) -> bool {
    match (a, b) {
        (Unit::Money { currency: x, .. }, Unit::Money { currency: y, .. }) => x == y,
        _ => a == b,
    }
}

/// Whether prose figure `i`, which disagrees with table figure `j`, agrees with another row
/// of `j`'s column: then the prose names that row by a more general word.
fn names_a_row_of(facts: &DocumentFacts<'_>, i: usize, j: usize) -> bool {
    let all = &facts.extraction.facts;
    let Origin::Table { table, column, row } = all[j].origin else {
        return false;
    };
    let Some((_, wanted)) = stands_for(&all[i]) else {
        return false;
    };
    all.iter().any(|f| {
        matches!(f.origin, Origin::Table { table: t, column: c, row: r }
            if t == table && c == column && r != row)
            && comparable(f.unit, all[i].unit)
            && stands_for(f).is_some_and(|(_, x)| x.intersects(&wanted))
    })
}

pub(super) fn run(
    rule: &Rule,
    facts: &DocumentFacts<'_>,
    levels: &Levels,
    concepts: &Concepts,
    filter: Option<&Regex>,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for ((key, period), members) in levels.groups() {
        if members.len() < 2 {
            continue;
        }
        let wanted = match filter {
            Some(re) => re.is_match(key),
            None => concepts.is_known(key),
        };
        if !wanted {
            continue;
        }
        let all = &facts.extraction.facts;
        // Tables are the reference; prose restates them. Printings in tables that disagree
        // among themselves (a row per entity, a column per scenario) are not one figure, and
        // nothing is checked against them.
        let in_tables: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&k| {
                matches!(all[k].origin, Origin::Table { .. }) && all[k].unit != Unit::Plain
            })
            .collect();
        let consistent = in_tables.iter().enumerate().all(|(n, &a)| {
            in_tables[n + 1..].iter().all(|&b| {
                comparable(all[a].unit, all[b].unit)
                    && matches!((stands_for(&all[a]), stands_for(&all[b])),
                        (Some((_, x)), Some((_, y))) if x.intersects(&y))
            })
        });
        if !consistent {
            continue;
        }
        let Some((j, value_j, range_j)) = in_tables
            .iter()
            .filter_map(|&k| stands_for(&all[k]).map(|(v, r)| (k, v, r)))
            .min_by_key(|(k, _, r)| (r.half_width(), *k))
        else {
            continue;
        };
        for &i in members {
            if !matches!(all[i].origin, Origin::Prose { .. })
                || !comparable(all[i].unit, all[j].unit)
            {
                continue;
            }
            let Some((value_i, range_i)) = stands_for(&all[i]) else {
                continue;
            };
            let holds = range_i.intersects(&range_j);
            if !holds && names_a_row_of(facts, i, j) {
                // `毛利率从67.01%下降至5.40%` in a paragraph on one product: the prose names a
                // part (a row of the same table) by the whole's word, and means that row.
                continue;
            }
            let text = |k: usize| {
                facts
                    .doc
                    .printed(all[k].span.clone())
                    .split_whitespace()
                    .collect::<String>()
            };
            let line = |k: usize| facts.doc.lines.line_of(all[k].span.start) + 1;
            let message = if holds {
                format!(
                    "{key} {period}: {} (line {}) agrees with the table's {} (line {})",
                    text(i),
                    line(i),
                    text(j),
                    line(j)
                )
            } else {
                format!(
                    "{key} {period} is printed as {} on line {} but the table on line {} has {} (in base units {} against {}; their roundings allow {})",
                    text(i),
                    line(i),
                    line(j),
                    text(j),
                    show(value_i),
                    show(value_j),
                    show(range_i.half_width() + range_j.half_width()),
                )
            };
            let mut check = Check::new(
                rule,
                if holds { Verdict::Pass } else { Verdict::Fail },
                message,
            );
            check.actual = Some(value_i);
            check.expected = Some(value_j);
            check.difference = Some(value_i - value_j);
            check.tolerance = Some((range_i.half_width() + range_j.half_width()).normalize());
            for (k, name) in [(i, "printed"), (j, "table")] {
                check.figures.push(FigureRef {
                    doc: facts.doc.id,
                    span: all[k].span.clone(),
                    role: Role::Operand,
                    name: Some(name.to_string()),
                    label: all[k].label(),
                });
            }
            checks.push(check);
        }
    }
    checks
}
