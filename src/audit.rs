//! The pipeline, end to end: documents in, sorted checks out.

use std::ops::Range;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::eval::{across_documents, evaluate_with_references, Check, ForCorpus, Verdict};
use crate::extract::{extract, Extraction};
use crate::layout::{layout, Layout};
use crate::rules::RuleSet;
use crate::source::{read_document as read_file, Document, LoadOptions, LoadProblem};

/// What one audit found.
#[derive(Debug, Default)]
pub struct AuditOutcome {
    /// The evaluated checks an audit keeps (see [`Keep`]), sorted by document, position and
    /// rule.
    pub checks: Vec<Check>,
    /// Facts extracted over all documents.
    pub facts: usize,
    /// Checks that passed and were counted but not kept ([`Keep::Findings`]).
    pub passes_counted: usize,
}

/// Which evaluated checks an audit keeps.
///
/// On a large corpus almost every check passes (a gigabyte of filings gives over a million
/// checks and a few thousand failures), and a passed check holds its message and the labels
/// of its figures: kept, they would be most of the memory an audit needs. Only the evidence
/// outputs (the HTML report, JSON `--evidence`, JUnit's test cases) show passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Keep {
    /// Every check, passes included.
    #[default]
    Everything,
    /// Failures and undecided checks; passes are counted as each document is finished.
    Findings,
}

impl Keep {
    /// Drops the checks not kept, returning how many passes went.
    fn apply(self, checks: &mut Vec<Check>) -> usize {
        match self {
            Keep::Everything => 0,
            Keep::Findings => {
                let before = checks.len();
                checks.retain(|c| c.verdict != Verdict::Pass);
                checks.shrink_to_fit();
                before - checks.len()
            }
        }
    }
}

/// Lays out and extracts one document.
pub fn read_document(doc: &Document) -> (Layout, Extraction) {
    let layout = layout(doc);
    let extraction = extract(doc, &layout);
    (layout, extraction)
}

/// Runs every rule on every document, in parallel on the current rayon pool.
pub fn audit(documents: &[Document], rules: &RuleSet) -> AuditOutcome {
    audit_with_progress(documents, rules, Keep::Everything, &|_, _| {})
}

/// [`audit`], keeping the checks `keep` says and calling `done(facts, checks)` as each
/// document is finished (in any order), with all of its checks.
pub fn audit_with_progress(
    documents: &[Document],
    rules: &RuleSet,
    keep: Keep,
    done: &(dyn Fn(usize, &[Check]) + Sync),
) -> AuditOutcome {
    let per_document: Vec<Audited> = documents
        .par_iter()
        .map(|doc| audit_one(doc, rules, keep, done))
        .collect();
    gather(per_document, documents, rules, keep)
}

/// Where an audit's documents come from when each file is read only when a worker comes to
/// it (see [`audit_files`]).
pub struct Files<'a> {
    /// The files, in path order (see [`crate::source::discover`]).
    pub paths: &'a [PathBuf],
    pub options: LoadOptions,
    /// Prepares a document just read (a configuration's group names its issuer) and says
    /// whether the audit takes it (a shard takes only its issuers' documents).
    pub admit: &'a (dyn Fn(&mut Document) -> bool + Sync),
}

/// What [`audit_files`] gives.
#[derive(Debug, Default)]
pub struct FilesAudited {
    /// The documents taken, numbered from 0 in path order; parked (see
    /// [`crate::source::park`]) when only findings are kept.
    pub documents: Vec<Document>,
    pub outcome: AuditOutcome,
    /// The files that could not be read, in path order.
    pub problems: Vec<LoadProblem>,
    /// How many files were read as text filings, taken or not.
    pub read: usize,
}

/// [`audit_with_progress`] over files read as the audit goes: each worker reads a file,
/// checks it and, when only findings are kept ([`Keep::Findings`]), parks it — keeps what the
/// report may show of it and lets its text go — before it takes the next. Memory then holds
/// the texts of the files being read at that moment, not the whole corpus. The result is
/// the one [`audit_with_progress`] gives on the same documents loaded beforehand.
pub fn audit_files(
    files: Files<'_>,
    rules: &RuleSet,
    keep: Keep,
    done: &(dyn Fn(usize, &[Check]) + Sync),
) -> FilesAudited {
    let read: Vec<Result<Option<(Document, Audited)>, LoadProblem>> = files
        .paths
        .par_iter()
        .enumerate()
        .map(|(index, path)| {
            let mut doc = read_file(index, path.clone(), files.options)?;
            if !(files.admit)(&mut doc) {
                return Ok(None);
            }
            let audited = audit_one(&doc, rules, keep, done);
            if keep == Keep::Findings {
                doc.park(&audited.spans_in(doc.id), files.options);
            }
            Ok(Some((doc, audited)))
        })
        .collect();

    // Number the documents taken from 0, in path order, as a loaded run numbers them.
    let mut result = FilesAudited::default();
    let mut renumber = vec![usize::MAX; files.paths.len()];
    let mut per_document = Vec::new();
    for item in read {
        match item {
            Err(problem) => result.problems.push(problem),
            Ok(None) => result.read += 1,
            Ok(Some((mut doc, mut audited))) => {
                result.read += 1;
                let id = result.documents.len();
                renumber[doc.id] = id;
                doc.id = id;
                audited.renumber(&renumber);
                result.documents.push(doc);
                per_document.push(audited);
            }
        }
    }
    result.outcome = gather(per_document, &result.documents, rules, keep);
    result
}

/// Makes sure every figure of `checks` can be shown: a parked document whose file must be
/// read again for a figure it did not keep (the other printing of a cross-document finding)
/// is read again. The problems are files that changed or vanished during the audit.
pub fn retain_for_report(documents: &mut [Document], checks: &[Check]) -> Vec<LoadProblem> {
    let mut spans: Vec<Vec<Range<usize>>> = vec![Vec::new(); documents.len()];
    for figure in checks.iter().flat_map(|c| &c.figures) {
        if let Some(list) = spans.get_mut(figure.doc) {
            list.push(figure.span.clone());
        }
    }
    documents
        .par_iter_mut()
        .zip(spans)
        .filter_map(|(doc, spans)| doc.retain(&spans).err())
        .collect()
}

/// One document's share of an audit.
struct Audited {
    facts: usize,
    checks: Vec<Check>,
    passes: usize,
    /// What the document gives the rules that compare an issuer's documents.
    for_corpus: (usize, ForCorpus),
}

impl Audited {
    /// The spans of the document's own figures in its checks.
    fn spans_in(&self, doc: usize) -> Vec<Range<usize>> {
        self.checks
            .iter()
            .flat_map(|c| &c.figures)
            .filter(|f| f.doc == doc)
            .map(|f| f.span.clone())
            .collect()
    }

    /// Gives every figure the document number `renumber[old]`.
    fn renumber(&mut self, renumber: &[usize]) {
        let figures = self
            .checks
            .iter_mut()
            .flat_map(|c| c.figures.iter_mut())
            .chain(self.for_corpus.1.figures_mut());
        for figure in figures {
            figure.doc = renumber[figure.doc];
        }
        self.for_corpus.0 = renumber[self.for_corpus.0];
    }
}

/// Reads and checks one document, keeping what `keep` says.
fn audit_one(
    doc: &Document,
    rules: &RuleSet,
    keep: Keep,
    done: &(dyn Fn(usize, &[Check]) + Sync),
) -> Audited {
    let (_, extraction) = read_document(doc);
    check_one(doc, &extraction, rules, keep, done)
}

/// [`audit_with_progress`] over documents read back from exported facts (see
/// [`crate::facts::export`]): each is checked with the tables and facts it was exported
/// with, and gives the checks an audit of its file gives. The documents are numbered from 0
/// in the slice's order.
pub fn audit_exported(
    documents: &[Document],
    extractions: &[Extraction],
    rules: &RuleSet,
    keep: Keep,
    done: &(dyn Fn(usize, &[Check]) + Sync),
) -> AuditOutcome {
    let per_document: Vec<Audited> = documents
        .par_iter()
        .zip(extractions)
        .map(|(doc, extraction)| check_one(doc, extraction, rules, keep, done))
        .collect();
    gather(per_document, documents, rules, keep)
}

/// Checks one document whose tables and facts are read, keeping what `keep` says.
fn check_one(
    doc: &Document,
    extraction: &Extraction,
    rules: &RuleSet,
    keep: Keep,
    done: &(dyn Fn(usize, &[Check]) + Sync),
) -> Audited {
    let (mut checks, for_corpus) = evaluate_with_references(doc, extraction, rules);
    done(extraction.facts.len(), &checks);
    let passes = keep.apply(&mut checks);
    // Only the reference printings outlive the document's own evaluation.
    Audited {
        facts: extraction.facts.len(),
        checks,
        passes,
        for_corpus: (doc.id, for_corpus),
    }
}

/// The documents' shares gathered into one outcome, with the checks across documents.
fn gather(
    per_document: Vec<Audited>,
    documents: &[Document],
    rules: &RuleSet,
    keep: Keep,
) -> AuditOutcome {
    // What the corpus stage needs to know of each document.
    let about: Vec<(usize, String, Option<String>)> = documents
        .iter()
        .map(|d| (d.id, d.display_path(), d.entity.clone()))
        .collect();
    let mut outcome = AuditOutcome::default();
    let mut references = Vec::with_capacity(per_document.len());
    outcome
        .checks
        .reserve(per_document.iter().map(|d| d.checks.len()).sum());
    for audited in per_document {
        outcome.facts += audited.facts;
        outcome.checks.extend(audited.checks);
        outcome.passes_counted += audited.passes;
        references.push(audited.for_corpus);
    }
    // Figures that must agree across the filings of one issuer.
    let mut joined = across_documents(rules, &about, &references);
    outcome.passes_counted += keep.apply(&mut joined);
    outcome.checks.extend(joined);
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
