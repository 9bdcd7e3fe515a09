//! Eval: run compiled rules over the extracted tables and facts.
//!
//! Takes a document's [`Extraction`] and the [`RuleSet`] and gives [`Check`]s. Each unit of
//! work — one rule on one table — is independent and runs on rayon; the caller sorts the
//! result, so output never depends on thread order.

mod agreement;
mod cagr;
mod change_column;
pub mod check;
pub mod corpus;
mod cross_footing;
mod footing;
pub mod general;
mod growth_rate;
pub mod interval;
mod linked;
mod percent_total;
mod pp_change;
mod ratio;
mod share_of_total;
pub mod table_shape;

pub use agreement::Reference;
pub use check::{Check, Disposition, FigureRef, Role, Verdict, WaiverNote};

use rayon::prelude::*;

use crate::extract::number::CellValue;
use crate::extract::{Extraction, TypedTable};
use crate::rules::{Kind, LinkedKind, Rule, RuleSet, Scope};
use crate::source::Document;

/// What a table check needs to see.
pub struct TableContext<'a> {
    pub doc: &'a Document,
    pub table: &'a TypedTable,
}

impl TableContext<'_> {
    /// A reference to the printed figure (or dash) in a cell.
    pub fn figure_ref(&self, row: usize, column: usize, role: Role) -> FigureRef {
        let r = &self.table.rows[row];
        let cell = r.spans[column].clone();
        let span = match &r.values[column] {
            CellValue::Figure(f) => cell.start + f.span.start..cell.start + f.span.end,
            CellValue::Nil { span } => cell.start + span.start..cell.start + span.end,
            _ => cell,
        };
        FigureRef {
            doc: self.doc.id,
            span,
            role,
            name: None,
            label: format!(
                "{} @ {}",
                r.label(),
                self.table.columns[column].header.join(" / ")
            ),
        }
    }

    /// A column's name for messages: its header path, or its position.
    pub fn column_name(&self, column: usize) -> String {
        let header = &self.table.columns[column].header;
        if header.is_empty() {
            format!("{}", column + 1)
        } else {
            header.join(" / ")
        }
    }
}

fn run_on_table(ctx: &TableContext<'_>, rule: &Rule) -> Vec<Check> {
    match &rule.kind {
        Kind::Footing { rows, non_additive } => footing::run(ctx, rule, rows, non_additive),
        Kind::PercentTotal { rows, columns } => percent_total::run(ctx, rule, rows, columns),
        Kind::ShareOfTotal { rows, columns } => share_of_total::run(ctx, rule, rows, columns),
        Kind::ChangeColumn { changes } => change_column::run(ctx, rule, changes),
        Kind::General(_) | Kind::Linked { .. } => Vec::new(),
    }
}

fn run_linked(
    rule: &Rule,
    which: LinkedKind,
    filter: Option<&regex::Regex>,
    facts: &general::DocumentFacts<'_>,
    levels: &linked::Levels,
    rules: &RuleSet,
) -> Vec<Check> {
    match which {
        LinkedKind::GrowthRate => growth_rate::run(rule, facts, levels, filter),
        LinkedKind::PpChange => pp_change::run(rule, facts, levels, filter),
        LinkedKind::Cagr => cagr::run(rule, facts, levels, filter),
        LinkedKind::Ratio => ratio::run(rule, facts, levels, &rules.concepts, filter),
        LinkedKind::Agreement => agreement::run(rule, facts, levels, &rules.concepts, filter),
    }
}

/// Runs every rule on one document: table kinds on every table, general rules on the
/// document's facts.
pub fn evaluate(doc: &Document, extraction: &Extraction, rules: &RuleSet) -> Vec<Check> {
    evaluate_with_references(doc, extraction, rules).0
}

/// What a document gives the corpus stage, for the rules that compare an issuer's documents
/// (`scope: corpus`), each by its index in the rule set.
#[derive(Debug, Default)]
pub struct ForCorpus {
    /// For each `agreement` rule, the document's reference printings.
    pub references: Vec<(usize, Vec<Reference>)>,
    /// For each `bind:`/`assert:` rule, the facts its bindings select.
    pub candidates: corpus::Candidates,
}

impl ForCorpus {
    /// Every figure it keeps, to number documents again.
    pub fn figures_mut(&mut self) -> impl Iterator<Item = &mut FigureRef> {
        self.references
            .iter_mut()
            .flat_map(|(_, refs)| refs.iter_mut().map(|r| &mut r.figure))
            .chain(
                self.candidates
                    .iter_mut()
                    .flat_map(|(_, bindings)| bindings.iter_mut().flatten())
                    .map(|c| &mut c.figure),
            )
    }
}

/// [`evaluate`], with what the rules of `scope: corpus` compare across the documents of one
/// issuer (see [`across_documents`]).
pub fn evaluate_with_references(
    doc: &Document,
    extraction: &Extraction,
    rules: &RuleSet,
) -> (Vec<Check>, ForCorpus) {
    let units: Vec<(&TypedTable, &Rule)> = extraction
        .tables
        .iter()
        .flat_map(|t| {
            rules
                .rules
                .iter()
                .filter(|r| {
                    matches!(
                        r.kind,
                        Kind::Footing { .. }
                            | Kind::PercentTotal { .. }
                            | Kind::ShareOfTotal { .. }
                            | Kind::ChangeColumn { .. }
                    )
                })
                .map(move |r| (t, r))
        })
        .collect();
    let mut for_corpus = ForCorpus::default();
    let mut checks: Vec<Check> = units
        .par_iter()
        .flat_map_iter(|(table, rule)| run_on_table(&TableContext { doc, table }, rule))
        .collect();
    let general_rules: Vec<(&Rule, &crate::rules::general::General)> = rules
        .rules
        .iter()
        .filter_map(|r| match &r.kind {
            Kind::General(g) if r.scope == Scope::Document => Some((r, g.as_ref())),
            _ => None,
        })
        .collect();
    let has_corpus_general = rules.rules.iter().any(corpus::is_corpus_general);
    let linked_rules: Vec<(&Rule, LinkedKind, Option<&regex::Regex>)> = rules
        .rules
        .iter()
        .filter_map(|r| match &r.kind {
            Kind::Linked { which, concepts } => Some((r, *which, concepts.as_ref())),
            _ => None,
        })
        .collect();
    if !general_rules.is_empty() || !linked_rules.is_empty() || has_corpus_general {
        let facts = general::DocumentFacts::new(doc, extraction, &rules.concepts);
        if has_corpus_general {
            for_corpus.candidates = corpus::candidates(&facts, rules);
        }
        let found: Vec<Check> = general_rules
            .par_iter()
            .flat_map_iter(|(rule, g)| general::run(rule, g, &facts, &rules.concepts))
            .collect();
        checks.extend(found);
        if !linked_rules.is_empty() {
            let levels = linked::Levels::new(&facts);
            let found: Vec<Check> = linked_rules
                .par_iter()
                .flat_map_iter(|(rule, which, filter)| {
                    run_linked(rule, *which, *filter, &facts, &levels, rules)
                })
                .collect();
            checks.extend(found);
            for (index, rule) in rules.rules.iter().enumerate() {
                if let Kind::Linked {
                    which: LinkedKind::Agreement,
                    concepts,
                } = &rule.kind
                {
                    if rule.scope == Scope::Corpus {
                        let found = agreement::references(
                            &facts,
                            &levels,
                            &rules.concepts,
                            concepts.as_ref(),
                        );
                        for_corpus.references.push((index, found));
                    }
                }
            }
        }
    }
    (checks, for_corpus)
}

/// The checks of the rules of `scope: corpus` across the documents of each issuer: the
/// `agreement` rules compare each document's reference printings with those of the other
/// documents of its issuer, and `bind:`/`assert:` rules join their bindings over them.
/// `documents` gives each document's id, display path and entity.
pub fn across_documents(
    rules: &RuleSet,
    documents: &[(usize, String, Option<String>)],
    per_document: &[(usize, ForCorpus)],
) -> Vec<Check> {
    let mut checks = Vec::new();
    if rules.rules.iter().any(corpus::is_corpus_general) {
        let candidates: Vec<(usize, &corpus::Candidates)> = per_document
            .iter()
            .map(|(doc, for_corpus)| (*doc, &for_corpus.candidates))
            .collect();
        checks.extend(corpus::run(rules, documents, &candidates));
    }
    for (index, rule) in rules.rules.iter().enumerate() {
        let of_rule: Vec<(usize, Vec<Reference>)> = per_document
            .iter()
            .map(|(doc, for_corpus)| {
                let mine = for_corpus
                    .references
                    .iter()
                    .filter(|(i, _)| *i == index)
                    .flat_map(|(_, r)| r.iter().cloned())
                    .collect();
                (*doc, mine)
            })
            .collect();
        if of_rule.iter().all(|(_, r)| r.is_empty()) {
            continue;
        }
        checks.extend(agreement::across_documents(rule, documents, &of_rule));
    }
    checks
}
