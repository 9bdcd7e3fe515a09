//! `--format human`: one miette diagnostic per finding, with a label on every printed figure
//! involved and the arithmetic in the message.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode, SourceSpan,
};

use super::{Location, Run};
use crate::eval::check::group_thousands;
use crate::eval::{Check, Disposition};
use crate::rules::Severity;
use crate::source::{Document, DocumentText};

/// One failing check as a diagnostic.
struct Finding<'a> {
    check: &'a Check,
    source: DocumentText<'a>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
    /// The figures the check names in other documents, one diagnostic per document.
    related: Vec<Related<'a>>,
}

/// The figures of a finding printed in another document (a cross-document disagreement).
struct Related<'a> {
    message: String,
    source: DocumentText<'a>,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for Related<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Related<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Related<'_> {}

impl Diagnostic for Related<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

impl fmt::Debug for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finding")
            .field("rule", &self.check.rule)
            .finish()
    }
}

impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.check.message)
    }
}

impl std::error::Error for Finding<'_> {}

impl Diagnostic for Finding<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.check.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.check.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}

/// Whether a snippet of the document can be shown: its text is at hand, or it kept the lines
/// around its figures. A document read back from exported facts whose file is not at hand
/// has neither.
fn shows_text(doc: &Document) -> bool {
    doc.excerpt().is_none_or(|blocks| !blocks.is_empty())
}

/// The labels on a check's figures in `doc`, the first the primary one; none when the
/// document's text cannot be shown.
fn labels_in(doc: &Document, check: &Check) -> Vec<LabeledSpan> {
    if !shows_text(doc) {
        return Vec::new();
    }
    check
        .figures
        .iter()
        .filter(|f| f.doc == doc.id)
        .enumerate()
        .map(|(i, f)| label_of(doc, f, i == 0))
        .collect()
}

/// `path:line:column (role printed)` of a check's figures in `doc`, when no snippet of it can
/// show them.
fn places_without_text(doc: &Document, check: &Check, documents: &[Document]) -> Option<String> {
    if shows_text(doc) {
        return None;
    }
    let places: Vec<String> = check
        .figures
        .iter()
        .filter(|f| f.doc == doc.id)
        .filter_map(|f| Location::of(f, documents))
        .map(|l| {
            format!(
                "{}:{}:{} ({} {})",
                l.path,
                l.line,
                l.column,
                l.role.replace('_', " "),
                l.text
            )
        })
        .collect();
    Some(places.join(", "))
}

/// A label on a figure: its role and the text printed.
fn label_of(doc: &Document, f: &crate::eval::FigureRef, primary: bool) -> LabeledSpan {
    let role = match &f.name {
        Some(name) => name.replace('_', " "),
        None => f.role.name().replace('_', " "),
    };
    let text = format!("{role} {}", doc.printed(f.span.clone()));
    let printed = doc.printed_span(f.span.clone());
    let span = SourceSpan::new(printed.start.into(), printed.len());
    if primary {
        LabeledSpan::new_primary_with_span(Some(text), span)
    } else {
        LabeledSpan::new_with_span(Some(text), span)
    }
}

/// Renders open findings, a line for each waived one, and a closing summary line.
pub fn render(run: &Run<'_>, color: bool) -> String {
    let documents = run.documents;
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(120)
        .with_context_lines(1);
    let mut out = String::new();
    for check in run.open_findings() {
        let Some(doc) = check.figures.first().and_then(|f| documents.get(f.doc)) else {
            continue;
        };
        let labels = labels_in(doc, check);
        let mut others: Vec<usize> = check
            .figures
            .iter()
            .map(|f| f.doc)
            .filter(|&d| d != doc.id)
            .collect();
        others.dedup();
        let related = others
            .into_iter()
            .filter_map(|d| documents.get(d))
            .map(|other| Related {
                message: match places_without_text(other, check, documents) {
                    Some(places) => format!("in {places}"),
                    None => format!("in {}", other.display_path()),
                },
                source: DocumentText::of(other),
                labels: labels_in(other, check),
            })
            .collect();
        let help = match (
            check.expected,
            check.actual,
            check.difference,
            check.tolerance,
        ) {
            (Some(e), Some(a), Some(d), Some(t)) => Some(format!(
                "printed {}, expected {}, difference {}, rounding tolerance {}",
                group_thousands(a),
                group_thousands(e),
                group_thousands(d),
                group_thousands(t)
            )),
            _ => None,
        };
        // Without the text (exported facts whose file is not at hand), say where instead.
        let help = match (places_without_text(doc, check, documents), help) {
            (Some(places), Some(help)) => Some(format!("at {places}\n{help}")),
            (Some(places), None) => Some(format!("at {places}")),
            (None, help) => help,
        };
        let finding = Finding {
            check,
            source: DocumentText::of(doc),
            labels,
            help,
            related,
        };
        if handler.render_report(&mut out, &finding).is_err() {
            out.push_str(&check.message);
            out.push('\n');
        }
        out.push('\n');
    }
    for check in run.waived() {
        out.push_str(&waived_line(check, documents));
    }
    let s = run.summary();
    let mut closing = format!(
        "{} document{}, {} facts, {} checks: {} passed, {} failed, {} could not be decided",
        s.documents,
        if s.documents == 1 { "" } else { "s" },
        s.facts,
        s.checks,
        s.passed,
        s.failed,
        s.indeterminate
    );
    if s.waived > 0 {
        closing.push_str(&format!(", {} waived", s.waived));
    }
    if s.baselined > 0 {
        closing.push_str(&format!(", {} in the baseline", s.baselined));
    }
    out.push_str(&closing);
    out.push('\n');
    out
}

/// `waived table.footing at a.txt:22:14 (24,821.34): reason (by 张三, until 2027-03-31)`.
fn waived_line(check: &Check, documents: &[Document]) -> String {
    let Disposition::Waived(note) = &check.disposition else {
        return String::new();
    };
    let place = check
        .figures
        .first()
        .and_then(|f| Location::of(f, documents))
        .map(|l| format!(" at {}:{}:{} ({})", l.path, l.line, l.column, l.text))
        .unwrap_or_default();
    let until = note
        .expires
        .as_ref()
        .map(|e| format!(", until {e}"))
        .unwrap_or_default();
    format!(
        "waived {}{place}: {} (by {}{until})\n",
        check.rule, note.reason, note.by
    )
}
