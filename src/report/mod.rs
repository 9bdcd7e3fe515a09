//! Report: the same list of checks rendered for a person (miette diagnostics), a machine
//! (JSON, SARIF, JUnit XML, GitHub workflow commands) or a reviewer (the HTML evidence
//! report). One renderer per format, each given the same [`Run`].

pub mod facts;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::eval::{Check, Disposition, FigureRef};
use crate::review::WaiverProblem;
use crate::rules::RuleSet;
use crate::source::Document;

/// Everything a renderer may show of one audit.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    pub documents: &'a [Document],
    /// Facts extracted over all documents.
    pub facts: usize,
    /// The evaluated checks kept, sorted, fingerprinted and reviewed: every one, or (when no
    /// output shows passes) failures and undecided checks only.
    pub checks: &'a [Check],
    /// Checks that passed and were counted but not kept in `checks`.
    pub passes_counted: usize,
    /// The rules in force.
    pub rules: &'a RuleSet,
    /// Waivers that expired or match nothing.
    pub waiver_problems: &'a [WaiverProblem],
    /// The configuration file, as named in messages, when there is one.
    pub config_path: Option<&'a str>,
    /// The group each document belongs to, by document id (empty without groups).
    pub groups: &'a [Option<String>],
    /// Whether a baseline was given: every reported finding is then new.
    pub baseline: bool,
}

impl Run<'_> {
    /// The findings to act on: failing checks that are neither waived nor in the baseline.
    pub fn open_findings(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.is_open_finding())
    }

    /// Failing checks a reviewer accepted.
    pub fn waived(&self) -> impl Iterator<Item = &Check> {
        self.checks
            .iter()
            .filter(|c| matches!(c.disposition, Disposition::Waived(_)))
    }

    pub fn summary(&self) -> Summary {
        let mut summary = Summary::new(self.documents.len(), self.facts, self.checks);
        summary.checks += self.passes_counted;
        summary.passed += self.passes_counted;
        summary
    }
}

/// A figure as a reader finds it: path, 1-based line and character column as an editor shows
/// them, byte offsets in the file as stored (whatever its encoding), and the characters the
/// file holds there.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub text: String,
    /// What the figure is to the check: `total`, `part`, `share`, `amount`, `total_amount`,
    /// `total_share`, or a general rule's binding name.
    pub role: String,
}

impl Location {
    pub fn of(figure: &FigureRef, documents: &[Document]) -> Option<Self> {
        let doc = documents.get(figure.doc)?;
        let start = doc.position(figure.span.start);
        let end = doc.position(figure.span.end);
        let stored = doc.stored_span(figure.span.clone());
        Some(Self {
            path: doc.display_path(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            byte_start: stored.start,
            byte_end: stored.end,
            text: doc.printed(figure.span.clone()).to_string(),
            role: figure
                .name
                .clone()
                .unwrap_or_else(|| figure.role.name().to_string()),
        })
    }
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Summary {
    pub documents: usize,
    pub facts: usize,
    pub checks: usize,
    pub passed: usize,
    /// Every failing check, open, waived or in the baseline.
    pub failed: usize,
    pub indeterminate: usize,
    /// Failing checks accepted by a waiver: not findings.
    pub waived: usize,
    /// Failing checks recorded in the baseline: not reported again.
    pub baselined: usize,
}

impl Summary {
    pub fn new(documents: usize, facts: usize, checks: &[Check]) -> Self {
        use crate::eval::Verdict;
        let count = |v| checks.iter().filter(|c| c.verdict == v).count();
        Self {
            documents,
            facts,
            checks: checks.len(),
            passed: count(Verdict::Pass),
            failed: count(Verdict::Fail),
            indeterminate: count(Verdict::Indeterminate),
            waived: checks
                .iter()
                .filter(|c| matches!(c.disposition, Disposition::Waived(_)))
                .count(),
            baselined: checks
                .iter()
                .filter(|c| c.disposition == Disposition::Baselined)
                .count(),
        }
    }
}
