//! The pipeline, end to end: documents in, sorted checks out.

use rayon::prelude::*;

use crate::eval::{across_documents, evaluate_with_references, Check};
use crate::extract::{extract, Extraction};
use crate::layout::{layout, Layout};
use crate::rules::RuleSet;
use crate::source::Document;

/// What one audit found.
#[derive(Debug, Default)]
pub struct AuditOutcome {
    /// Every evaluated check, sorted by document, position and rule.
    pub checks: Vec<Check>,
    /// Facts extracted over all documents.
    pub facts: usize,
}

/// Lays out and extracts one document.
pub fn read_document(doc: &Document) -> (Layout, Extraction) {
    let layout = layout(doc);
    let extraction = extract(doc, &layout);
    (layout, extraction)
}

/// Runs every rule on every document, in parallel on the current rayon pool.
pub fn audit(documents: &[Document], rules: &RuleSet) -> AuditOutcome {
    audit_with_progress(documents, rules, &|_, _| {})
}

/// [`audit`], calling `done(facts, checks)` as each document is finished (in any order).
pub fn audit_with_progress(
    documents: &[Document],
    rules: &RuleSet,
    done: &(dyn Fn(usize, &[Check]) + Sync),
) -> AuditOutcome {
    let per_document: Vec<(usize, Vec<Check>, _)> = documents
        .par_iter()
        .map(|doc| {
            let (_, extraction) = read_document(doc);
            let (checks, references) = evaluate_with_references(doc, &extraction, rules);
            done(extraction.facts.len(), &checks);
            // Only the reference printings outlive the document's own evaluation.
            (extraction.facts.len(), checks, (doc.id, references))
        })
        .collect();
    let mut outcome = AuditOutcome::default();
    let mut references = Vec::with_capacity(per_document.len());
    for (facts, checks, refs) in per_document {
        outcome.facts += facts;
        outcome.checks.extend(checks);
        references.push(refs);
    }
    // Figures that must agree across the filings of one issuer.
    let about: Vec<(usize, String, Option<String>)> = documents
        .iter()
        .map(|d| (d.id, d.display_path(), d.entity.clone()))
        .collect();
    outcome
        .checks
        .extend(across_documents(rules, &about, &references));
    sort_checks(&mut outcome.checks);
    outcome
}

/// Sorts checks by document (documents are numbered in path order), position of the first
/// figure, rule id, then every remaining figure: a total order, so output is identical at
/// any number of threads.
pub fn sort_checks(checks: &mut [Check]) {
    checks.sort_by(|a, b| {
        a.anchor()
            .cmp(&b.anchor())
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| {
                let spans = |c: &Check| {
                    c.figures
                        .iter()
                        .map(|f| (f.doc, f.span.start, f.span.end))
                        .collect::<Vec<_>>()
                };
                spans(a).cmp(&spans(b))
            })
            .then_with(|| a.message.cmp(&b.message))
    });
}
