//! Report: the same list of checks rendered for a person (miette diagnostics) or a machine
//! (JSON). One renderer per format.

pub mod facts;
pub mod human;
pub mod json;

use crate::eval::{Check, FigureRef};
use crate::source::Document;

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
    pub failed: usize,
    pub indeterminate: usize,
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
        }
    }
}
