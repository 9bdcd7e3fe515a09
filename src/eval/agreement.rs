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

/// Whether every two of these printings can stand for one value, in comparable units.
fn all_agree(all: &[crate::facts::Fact], members: &[usize]) -> bool {
    members.iter().enumerate().all(|(n, &a)| {
        members[n + 1..].iter().all(|&b| {
            comparable(all[a].unit, all[b].unit)
                && matches!((stands_for(&all[a]), stands_for(&all[b])),
                    (Some((_, x)), Some((_, y))) if x.intersects(&y))
        })
    })
}

/// The printing with the finest rounding (the first of equals): what the others are
/// compared with. Value and interval in base units.
fn most_precise(
    all: &[crate::facts::Fact],
    members: &[usize],
) -> Option<(usize, rust_decimal::Decimal, super::interval::Interval)> {
    members
        .iter()
        .filter_map(|&k| stands_for(&all[k]).map(|(v, r)| (k, v, r)))
        .min_by_key(|(k, _, r)| (r.half_width(), *k))
}

/// A document's own printing of one (concept, period): what other documents of the same
/// issuer must agree with. Only the figures a cross-document comparison needs are kept, so
/// the corpus stage holds these, not the documents.
#[derive(Debug, Clone)]
pub struct Reference {
    pub key: String,
    pub period: String,
    pub unit: Unit,
    /// In base units (元 for money), with the interval its rounding allows.
    pub value: rust_decimal::Decimal,
    pub interval: super::interval::Interval,
    pub figure: FigureRef,
    /// The figure as printed, on one line, and its 1-based line: for messages.
    pub printed: String,
    pub line: usize,
}

/// The reference printing of each (concept, period) of a document that `agreement`
/// compares: the table figure when the document's tables print one value, else the prose
/// figure when every printing agrees. A level the document prints with disagreeing values
/// has no reference: that is the document's own finding, not the corpus's.
pub(super) fn references(
    facts: &DocumentFacts<'_>,
    levels: &Levels,
    concepts: &Concepts,
    filter: Option<&Regex>,
) -> Vec<Reference> {
    let all = &facts.extraction.facts;
    let mut out = Vec::new();
    for ((key, period), members) in levels.groups() {
        let wanted = match filter {
            Some(re) => re.is_match(key),
            None => concepts.is_known(key),
        };
        if !wanted {
            continue;
        }
        let usable: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&k| all[k].unit != Unit::Plain)
            .collect();
        let tables: Vec<usize> = usable
            .iter()
            .copied()
            .filter(|&k| matches!(all[k].origin, Origin::Table { .. }))
            .collect();
        let pool = if !tables.is_empty() && all_agree(all, &tables) {
            tables
        } else if !usable.is_empty() && all_agree(all, &usable) {
            usable
        } else {
            continue;
        };
        let Some((k, value, interval)) = most_precise(all, &pool) else {
            continue;
        };
        out.push(Reference {
            key: key.clone(),
            period: period.clone(),
            unit: all[k].unit,
            value,
            interval,
            figure: FigureRef {
                doc: facts.doc.id,
                span: all[k].span.clone(),
                role: Role::Operand,
                name: None,
                label: all[k].label(),
            },
            printed: facts
                .doc
                .printed(all[k].span.clone())
                .split_whitespace()
                .collect(),
            line: facts.doc.line_of(all[k].span.start) + 1,
        });
    }
    out
}

/// Compares the references of the documents of each issuer: every document's printing of a
/// (concept, period) against the first document (in path order) that prints it. A hash
/// join on (entity, concept, period): the cost grows with the references, not their square.
/// `documents` gives each document's id, display path and entity; documents without an
/// entity are compared with nothing.
pub fn across_documents(
    rule: &Rule,
    documents: &[(usize, String, Option<String>)],
    references: &[(usize, Vec<Reference>)],
) -> Vec<Check> {
    use std::collections::HashMap;
    let about: HashMap<usize, (&str, Option<&str>)> = documents
        .iter()
        .map(|(id, path, entity)| (*id, (path.as_str(), entity.as_deref())))
        .collect();
    let mut groups: HashMap<(&str, &str, &str), Vec<&Reference>> = HashMap::new();
    for (doc, refs) in references {
        let Some((_, Some(entity))) = about.get(doc) else {
            continue;
        };
        for r in refs {
            groups
                .entry((entity, r.key.as_str(), r.period.as_str()))
                .or_default()
                .push(r);
        }
    }
    let mut keys: Vec<_> = groups.keys().copied().collect();
    keys.sort();
    let mut checks = Vec::new();
    for key in keys {
        let mut members = groups[&key].clone();
        if members.len() < 2 {
            continue;
        }
        members.sort_by_key(|r| (r.figure.doc, r.figure.span.start));
        let first = members[0];
        for other in &members[1..] {
            if other.figure.doc == first.figure.doc || !comparable(other.unit, first.unit) {
                continue;
            }
            let holds = other.interval.intersects(&first.interval);
            let path = |r: &Reference| about.get(&r.figure.doc).map_or("", |a| a.0);
            let (concept, period) = (key.1, key.2);
            let message = if holds {
                format!(
                    "{concept} {period}: {} ({}:{}) agrees with {} ({}:{})",
                    other.printed,
                    path(other),
                    other.line,
                    first.printed,
                    path(first),
                    first.line
                )
            } else {
                format!(
                    "{concept} {period} is printed as {} in {} line {} but as {} in {} line {} (in base units {} against {}; their roundings allow {})",
                    other.printed,
                    path(other),
                    other.line,
                    first.printed,
                    path(first),
                    first.line,
                    show(other.value),
                    show(first.value),
                    show(other.interval.half_width() + first.interval.half_width()),
                )
            };
            let mut check = Check::new(
                rule,
                if holds { Verdict::Pass } else { Verdict::Fail },
                message,
            );
            check.actual = Some(other.value);
            check.expected = Some(first.value);
            check.difference = Some(other.value - first.value);
            check.tolerance =
                Some((other.interval.half_width() + first.interval.half_width()).normalize());
            for (r, name) in [(*other, "printed"), (first, "other_document")] {
                let mut figure = r.figure.clone();
                figure.name = Some(name.to_string());
                check.figures.push(figure);
            }
            checks.push(check);
        }
    }
    checks
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
        if !all_agree(all, &in_tables) {
            continue;
        }
        let Some((j, value_j, range_j)) = most_precise(all, &in_tables) else {
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
            let line = |k: usize| facts.doc.line_of(all[k].span.start) + 1;
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
