//! General rules: find each binding's candidate facts, join them on the rule's keys (a hash
//! join, so the cost grows with the facts, not with their square), and evaluate the assertion
//! on every combination.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::check::{group_thousands, Check, FigureRef, Role, Verdict};
use crate::extract::concept::Concepts;
use crate::extract::unit::Unit;
use crate::extract::Extraction;
use crate::facts::{Fact, Measure, Origin};
use crate::rules::expr::{self, EvalError, Value};
use crate::rules::general::{
    General, JoinKey, MeasureKind, OriginKind, Piece, Selector, TextMatch, UnitKind,
    MAX_COMBINATIONS,
};
use crate::rules::Rule;
use crate::source::Document;

/// Per-document facts with their concept keys computed once.
pub struct DocumentFacts<'a> {
    pub doc: &'a Document,
    pub extraction: &'a Extraction,
    pub keys: Vec<String>,
}

impl<'a> DocumentFacts<'a> {
    pub fn new(doc: &'a Document, extraction: &'a Extraction, concepts: &Concepts) -> Self {
        let keys = concepts.keys_of(&extraction.facts);
        Self {
            doc,
            extraction,
            keys,
        }
    }
}

fn unit_kind(unit: Unit) -> UnitKind {
    match unit {
        Unit::Money { .. } => UnitKind::Money,
        Unit::Percent => UnitKind::Percent,
        Unit::PercentagePoints => UnitKind::PercentagePoints,
        Unit::Count => UnitKind::Count,
        Unit::Length(_) => UnitKind::Length,
        Unit::Plain => UnitKind::Plain,
    }
}

fn text_matches(m: &TextMatch, value: &str, normalize: impl Fn(&str) -> String) -> bool {
    match m {
        TextMatch::Exact(want) => normalize(want) == value,
        TextMatch::Regex(re) => re.is_match(value),
    }
}

pub(crate) fn matches(
    selector: &Selector,
    facts: &DocumentFacts<'_>,
    index: usize,
    concepts: &Concepts,
) -> bool {
    let fact = &facts.extraction.facts[index];
    if let Some(c) = &selector.concept {
        if !text_matches(c, &facts.keys[index], |w| concepts.key(w)) {
            return false;
        }
    }
    if let Some(p) = &selector.period {
        let period = fact.period.as_deref().unwrap_or("");
        if !text_matches(p, period, str::to_string) {
            return false;
        }
    }
    if selector.unit.is_some_and(|u| u != unit_kind(fact.unit)) {
        return false;
    }
    if let Some(origin) = selector.origin {
        let is_table = matches!(fact.origin, Origin::Table { .. });
        if (origin == OriginKind::Table) != is_table {
            return false;
        }
    }
    if let Some(m) = selector.measure {
        let ok = match (&fact.measure, m) {
            (Measure::Level, MeasureKind::Level) => true,
            (Measure::Growth { .. }, MeasureKind::Growth) => true,
            (Measure::PointChange { .. }, MeasureKind::PointChange) => true,
            (Measure::Share { of }, MeasureKind::Share) => selector
                .of
                .as_ref()
                .is_none_or(|want| concepts.key(want) == concepts.key(of)),
            (Measure::Cagr { .. }, MeasureKind::Cagr) => true,
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    if let Some(glob) = &selector.document {
        if !glob.is_match(&facts.doc.path) {
            return false;
        }
    }
    if selector
        .document_type
        .is_some_and(|t| t != facts.doc.document_type)
    {
        return false;
    }
    if let Some(caption) = &selector.caption {
        let title = match fact.origin {
            Origin::Table { table, .. } => facts
                .extraction
                .tables
                .get(table)
                .map_or("", |t| t.title.as_str()),
            Origin::Prose { .. } => "",
        };
        if !caption.is_match(title) {
            return false;
        }
    }
    true
}

/// The join key of a fact: its values for the rule's `same` keys. Within one document
/// (`doc` is `None`) the document and the issuer are always shared; across an issuer's
/// documents, `document` is the document's number, and places inside a document (a table, a
/// row, a sentence) name the document too: table 3 of one filing is not table 3 of another.
pub(crate) fn join_key(fact: &Fact, same: &[JoinKey], doc: Option<usize>) -> Vec<String> {
    let place = |p: String| match doc {
        Some(doc) => format!("{doc}:{p}"),
        None => p,
    };
    same.iter()
        .map(|key| match (key, &fact.origin) {
            (JoinKey::Entity, _) => String::new(),
            (JoinKey::Document, _) => doc.map(|d| d.to_string()).unwrap_or_default(),
            (JoinKey::Period, _) => fact.period.clone().unwrap_or_default(),
            (JoinKey::Table, Origin::Table { table, .. }) => place(table.to_string()),
            (JoinKey::Row, Origin::Table { table, row, .. }) => place(format!("{table}:{row}")),
            (JoinKey::Column, Origin::Table { table, column, .. }) => {
                place(format!("{table}:{column}"))
            }
            (_, Origin::Prose { sentence }) => place(format!("prose:{}", sentence.start)),
        })
        .collect()
}

/// A fact's value in an expression: money in base units, everything else as printed, with
/// the interval its rounding allows.
fn fact_value(fact: &Fact) -> Option<Value> {
    let scale = match fact.unit {
        Unit::Money { scale, .. } => scale.multiplier(),
        _ => Decimal::ONE,
    };
    let point = fact.value.checked_mul(scale)?;
    let half = crate::extract::number::half_unit(fact.decimals).checked_mul(scale)?;
    Some(Value {
        point,
        range: crate::eval::interval::Interval {
            lo: point - half,
            hi: point + half,
        },
    })
}

/// Runs a general rule on one document.
pub fn run(
    rule: &Rule,
    general: &General,
    facts: &DocumentFacts<'_>,
    concepts: &Concepts,
) -> Vec<Check> {
    // Candidates per binding, grouped by join key.
    let mut groups: Vec<HashMap<Vec<String>, Vec<usize>>> = Vec::new();
    for (_, selector) in &general.bindings {
        let mut by_key: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
        for i in 0..facts.extraction.facts.len() {
            if matches(selector, facts, i, concepts) {
                by_key
                    .entry(join_key(&facts.extraction.facts[i], &general.same, None))
                    .or_default()
                    .push(i);
            }
        }
        groups.push(by_key);
    }
    let mut checks = Vec::new();
    let joined = join(&groups, |bound| {
        let views: Vec<Bound<'_>> = bound.iter().map(|&i| Bound::of(facts, i)).collect();
        checks.push(assert_on(rule, general, &views));
    });
    if joined.is_err() {
        checks.push(too_many(rule, &facts.doc.display_path()));
    }
    checks
}

/// The check that says a rule was stopped before it evaluated more than
/// [`MAX_COMBINATIONS`] combinations in `place`.
pub(crate) fn too_many(rule: &Rule, place: &str) -> Check {
    let mut check = Check::new(
        rule,
        Verdict::Indeterminate,
        format!(
            "rule `{}` would evaluate more than {MAX_COMBINATIONS} combinations of facts in {place}; narrow its selectors or add keys to `same:`",
            rule.id,
        ),
    );
    check.figures = Vec::new();
    check
}

/// A join that would evaluate more than [`MAX_COMBINATIONS`] combinations.
pub(crate) struct TooMany;

/// The join of a rule's bindings: `groups` holds each binding's candidates by join key, and
/// `each` is called on every combination of distinct candidates whose keys agree, keys in
/// sorted order. Stops with `Err` before evaluating more than [`MAX_COMBINATIONS`].
pub(crate) fn join<T: Copy + Ord>(
    groups: &[HashMap<Vec<String>, Vec<T>>],
    mut each: impl FnMut(&[T]),
) -> Result<(), TooMany> {
    let Some(first) = groups.first() else {
        return Ok(());
    };
    let mut keys: Vec<&Vec<String>> = first
        .keys()
        .filter(|k| groups.iter().all(|g| g.contains_key(*k)))
        .collect();
    keys.sort();

    let mut combinations = 0usize;
    for key in keys {
        let lists: Vec<&Vec<T>> = groups.iter().map(|g| &g[key]).collect();
        let count = lists
            .iter()
            .try_fold(1usize, |acc, l| acc.checked_mul(l.len()))
            .unwrap_or(usize::MAX);
        combinations = combinations.saturating_add(count);
        if combinations > MAX_COMBINATIONS {
            return Err(TooMany);
        }
        let mut choice = vec![0usize; lists.len()];
        loop {
            let bound: Vec<T> = choice.iter().zip(&lists).map(|(c, l)| l[*c]).collect();
            // A fact bound twice in one combination compares a figure with itself.
            let distinct = {
                let mut sorted = bound.clone();
                sorted.sort_unstable();
                sorted.windows(2).all(|w| w[0] != w[1])
            };
            if distinct {
                each(&bound);
            }
            // Next combination, odometer style.
            let mut i = 0;
            loop {
                if i == choice.len() {
                    break;
                }
                choice[i] += 1;
                if choice[i] < lists[i].len() {
                    break;
                }
                choice[i] = 0;
                i += 1;
            }
            if i == choice.len() {
                break;
            }
        }
    }
    Ok(())
}

/// A bound figure as an assertion sees it: its value, how it is printed and where.
pub(crate) struct Bound<'a> {
    /// The value in base units with the interval its rounding allows (`None` on overflow).
    pub value: Option<Value>,
    /// The figure as printed, for messages.
    pub printed: &'a str,
    /// The scale of a money figure (元 = 1, 万元 = 10,000); `None` for other units.
    pub money_scale: Option<Decimal>,
    pub figure: FigureRef,
}

impl<'a> Bound<'a> {
    /// Fact `index` of a document as an operand.
    pub(crate) fn of(facts: &'a DocumentFacts<'_>, index: usize) -> Self {
        let fact = &facts.extraction.facts[index];
        Self {
            value: fact_value(fact),
            printed: facts.doc.printed(fact.span.clone()),
            money_scale: money_scale(fact.unit),
            figure: FigureRef {
                doc: facts.doc.id,
                span: fact.span.clone(),
                role: Role::Operand,
                name: None,
                label: fact.label(),
            },
        }
    }
}

/// The scale a money figure is printed in; `None` for other units.
fn money_scale(unit: Unit) -> Option<Decimal> {
    match unit {
        Unit::Money { scale, .. } => Some(scale.multiplier()),
        _ => None,
    }
}

/// The scale of the money figure on the left of the assertion, when it is a single binding.
fn display_scale(general: &General, bound: &[Bound<'_>], names: &[&str]) -> Decimal {
    let expr::ExprKind::Compare(_, left, _) = &general.assert.kind else {
        return Decimal::ONE;
    };
    let expr::ExprKind::Name(name) = &left.kind else {
        return Decimal::ONE;
    };
    names
        .iter()
        .position(|n| n == name)
        .and_then(|i| bound[i].money_scale)
        .unwrap_or(Decimal::ONE)
}

/// Evaluates the assertion on one combination of bound figures, in binding order.
pub(crate) fn assert_on(rule: &Rule, general: &General, bound: &[Bound<'_>]) -> Check {
    let names: Vec<&str> = general.bindings.iter().map(|(n, _)| n.as_str()).collect();
    let lookup = |name: &str| {
        let i = names.iter().position(|n| *n == name)?;
        bound[i].value
    };
    let printed = |name: &str| {
        names
            .iter()
            .position(|n| *n == name)
            .map(|i| bound[i].printed.to_string())
            .unwrap_or_default()
    };
    let outcome = expr::assertion(&general.assert, &lookup, general.tolerance);
    // The figures in the order the assertion names them: the checked figure (its left side)
    // first, where the diagnostic is anchored.
    let mut order: Vec<usize> = Vec::new();
    for (name, _) in general.assert.names() {
        if let Some(p) = names.iter().position(|n| *n == name) {
            if !order.contains(&p) {
                order.push(p);
            }
        }
    }
    let rest: Vec<usize> = (0..names.len()).filter(|p| !order.contains(p)).collect();
    order.extend(rest);
    let figures: Vec<FigureRef> = order
        .iter()
        .map(|&p| FigureRef {
            name: Some(names[p].to_string()),
            ..bound[p].figure.clone()
        })
        .collect();
    let mut check = match outcome {
        Ok(o) => {
            // Money is computed in 元; a message shows it in the unit the left side is printed
            // in (`profit == revenue - cost` with profit in 万元 shows 万元).
            let scale = display_scale(general, bound, &names);
            let shown = |v: Decimal| {
                let v = v.checked_div(scale).unwrap_or(v);
                group_thousands(v.round_dp(4).normalize())
            };
            let computed = |what: &str| match what {
                "expected" => shown(o.expected),
                "actual" => shown(o.actual),
                "difference" => shown(o.difference),
                _ => shown(o.tolerance),
            };
            let message = if general.message.is_empty() || o.holds {
                format!(
                    "{}: `{}` {} (left {}, right {})",
                    rule.title,
                    general.assert_text,
                    if o.holds { "holds" } else { "does not hold" },
                    computed("actual"),
                    computed("expected"),
                )
            } else {
                general
                    .message
                    .iter()
                    .map(|p| match p {
                        Piece::Text(t) => t.clone(),
                        Piece::Binding(b) => printed(b),
                        Piece::Computed(c) => computed(c),
                    })
                    .collect()
            };
            let mut check = Check::new(
                rule,
                if o.holds {
                    Verdict::Pass
                } else {
                    Verdict::Fail
                },
                message,
            );
            let in_unit = |v: Decimal| v.checked_div(scale).unwrap_or(v).normalize();
            check.expected = Some(in_unit(o.expected));
            check.actual = Some(in_unit(o.actual));
            check.difference = Some(in_unit(o.difference));
            check.tolerance = Some(in_unit(o.tolerance));
            check
        }
        Err(EvalError::Undecidable(why)) => Check::new(
            rule,
            Verdict::Indeterminate,
            format!("{}: cannot be decided: {why}", general.assert_text),
        ),
        Err(EvalError::Unbound(name)) => Check::new(
            rule,
            Verdict::Indeterminate,
            format!("{}: `{name}` has no value", general.assert_text),
        ),
        Err(EvalError::NotAValue) => Check::new(
            rule,
            Verdict::Indeterminate,
            format!("{}: not a comparison", general.assert_text),
        ),
    };
    check.figures = figures;
    check
}
