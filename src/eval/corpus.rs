//! `bind:`/`assert:` rules with `scope: corpus`: a binding's figures may come from any
//! document of an issuer — the prospectus's revenue against the reply's, the annual report's
//! profit against the opinion's.
//!
//! A document cannot wait for the others: it is parked once it is checked. So while it is
//! at hand, each document gives, for each corpus rule and each of its bindings, the facts the
//! binding selects, as small owned records with their join keys ([`Candidates`]). Once every
//! document is read, the records of each issuer are joined on the rule's `same:` keys — the
//! same hash join as within a document ([`super::general::join`]) — and the assertion is
//! evaluated on every combination. Each issuer's combinations are counted apart: a corpus of
//! many issuers is not stopped for its size. A document whose issuer is not known is an
//! issuer of its own.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::check::{Check, FigureRef};
use super::general::{assert_on, join, join_key, matches, too_many, Bound, DocumentFacts};
use crate::extract::concept::Concepts;
use crate::rules::expr::Value;
use crate::rules::general::General;
use crate::rules::{Kind, Rule, RuleSet, Scope};
use crate::source::DocId;

/// A fact a corpus rule's binding selected, kept beyond its document.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Its index among the document's facts: with the document, what tells two candidates
    /// apart.
    pub index: usize,
    /// Its join key on the rule's `same:` keys (the issuer left out).
    pub key: Vec<String>,
    pub value: Option<Value>,
    pub printed: String,
    pub money_scale: Option<Decimal>,
    pub figure: FigureRef,
}

/// A document's candidates: for each corpus general rule (by its index in the rule set), the
/// candidates of each binding, in binding order.
pub type Candidates = Vec<(usize, Vec<Vec<Candidate>>)>;

/// Whether a rule is a `bind:`/`assert:` rule over an issuer's documents.
pub fn is_corpus_general(rule: &Rule) -> bool {
    rule.scope == Scope::Corpus && matches!(rule.kind, Kind::General(_))
}

/// The candidates of one document for every corpus general rule.
pub fn candidates(facts: &DocumentFacts<'_>, rules: &RuleSet) -> Candidates {
    let concepts: &Concepts = &rules.concepts;
    rules
        .rules
        .iter()
        .enumerate()
        .filter_map(|(index, rule)| match &rule.kind {
            Kind::General(general) if rule.scope == Scope::Corpus => {
                Some((index, general.as_ref()))
            }
            _ => None,
        })
        .map(|(index, general)| {
            let per_binding = general
                .bindings
                .iter()
                .map(|(_, selector)| {
                    (0..facts.extraction.facts.len())
                        .filter(|&i| matches(selector, facts, i, concepts))
                        .map(|i| {
                            let fact = &facts.extraction.facts[i];
                            let bound = Bound::of(facts, i);
                            Candidate {
                                index: i,
                                key: join_key(fact, &general.same, Some(facts.doc.id)),
                                value: bound.value,
                                printed: bound.printed.to_string(),
                                money_scale: bound.money_scale,
                                figure: bound.figure,
                            }
                        })
                        .collect()
                })
                .collect();
            (index, per_binding)
        })
        .collect()
}

/// The checks of every corpus general rule. `documents` gives each document's id, display
/// path and issuer; `per_document` each document's candidates.
pub fn run(
    rules: &RuleSet,
    documents: &[(DocId, String, Option<String>)],
    per_document: &[(DocId, &Candidates)],
) -> Vec<Check> {
    let issuer: HashMap<DocId, (&str, Option<&str>)> = documents
        .iter()
        .map(|(id, path, entity)| (*id, (path.as_str(), entity.as_deref())))
        .collect();
    let mut checks = Vec::new();
    for (index, rule) in rules.rules.iter().enumerate() {
        let Kind::General(general) = &rule.kind else {
            continue;
        };
        if rule.scope != Scope::Corpus {
            continue;
        }
        checks.extend(run_rule(rule, general, index, &issuer, per_document));
    }
    checks
}

/// An issuer: its name, or the one document of an issuer nobody named.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Issuer<'a> {
    Named(&'a str),
    Document(DocId),
}

fn run_rule(
    rule: &Rule,
    general: &General,
    index: usize,
    issuer: &HashMap<DocId, (&str, Option<&str>)>,
    per_document: &[(DocId, &Candidates)],
) -> Vec<Check> {
    // A binding's candidates by issuer, then by join key: (document, candidate) positions.
    type Groups = Vec<HashMap<Vec<String>, Vec<(usize, usize)>>>;
    let mut per_issuer: BTreeMap<Issuer<'_>, Groups> = BTreeMap::new();
    let mut lists: HashMap<usize, &Vec<Vec<Candidate>>> = HashMap::new();
    for (position, (doc, candidates)) in per_document.iter().enumerate() {
        let Some((_, bindings)) = candidates.iter().find(|(i, _)| *i == index) else {
            continue;
        };
        lists.insert(position, bindings);
        let who = match issuer.get(doc).and_then(|(_, e)| *e) {
            Some(name) => Issuer::Named(name),
            None => Issuer::Document(*doc),
        };
        let groups = per_issuer
            .entry(who)
            .or_insert_with(|| vec![HashMap::new(); general.bindings.len()]);
        for (binding, candidates) in bindings.iter().enumerate() {
            for (at, candidate) in candidates.iter().enumerate() {
                groups[binding]
                    .entry(candidate.key.clone())
                    .or_default()
                    .push((position, at));
            }
        }
    }
    let mut checks = Vec::new();
    for (who, groups) in &per_issuer {
        // Positions are (document, candidate); the same fact bound twice is the same pair
        // only within one binding, so tell facts apart by document and fact index.
        let joined = join(groups, |combination| {
            let views: Vec<Bound<'_>> = combination
                .iter()
                .enumerate()
                .map(|(binding, &(position, at))| {
                    let c = &lists[&position][binding][at];
                    Bound {
                        value: c.value,
                        printed: &c.printed,
                        money_scale: c.money_scale,
                        figure: c.figure.clone(),
                    }
                })
                .collect();
            let distinct = {
                let mut facts: Vec<(DocId, usize)> = combination
                    .iter()
                    .enumerate()
                    .map(|(binding, &(position, at))| {
                        let c = &lists[&position][binding][at];
                        (c.figure.doc, c.index)
                    })
                    .collect();
                facts.sort_unstable();
                facts.windows(2).all(|w| w[0] != w[1])
            };
            if distinct {
                checks.push(assert_on(rule, general, &views));
            }
        });
        if joined.is_err() {
            let place = match who {
                Issuer::Named(name) => format!("the documents of {name}"),
                Issuer::Document(doc) => issuer
                    .get(doc)
                    .map_or_else(|| "one document".to_string(), |(p, _)| p.to_string()),
            };
            checks.push(too_many(rule, &place));
        }
    }
    checks
}
