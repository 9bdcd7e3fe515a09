//! Checked figures as marks in the page: one mark per printed figure, however many checks it
//! takes part in, with the worst verdict among them.

use std::collections::HashMap;
use std::ops::Range;

use crate::eval::{Check, FigureRef, Verdict};
use crate::source::{DocId, Document};

/// How a mark is shown: the worst verdict of the checks the figure is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkState {
    Pass,
    Indeterminate,
    Fail,
}

impl MarkState {
    fn of(verdict: Verdict) -> Self {
        match verdict {
            Verdict::Pass => MarkState::Pass,
            Verdict::Indeterminate => MarkState::Indeterminate,
            Verdict::Fail => MarkState::Fail,
        }
    }

    /// The CSS class of the mark.
    pub fn class(self) -> &'static str {
        match self {
            MarkState::Pass => "pass",
            MarkState::Indeterminate => "indeterminate",
            MarkState::Fail => "fail",
        }
    }
}

/// A printed figure marked in the page.
#[derive(Debug, Clone)]
pub struct Mark {
    pub doc: DocId,
    /// Byte span of the figure; a valid, non-empty range of char boundaries in the text.
    pub span: Range<usize>,
    pub state: MarkState,
}

/// Every mark of a report, sorted by document and position; marks never overlap.
#[derive(Debug, Default)]
pub struct Marks {
    marks: Vec<Mark>,
    /// A figure's (document, start, end) → its mark. A figure that starts inside another is
    /// shown as that one's mark (figures do not overlap in practice; the page must not break
    /// if they do).
    index: HashMap<(DocId, usize, usize), usize>,
    /// The marks of document `d` are `marks[by_doc[d].clone()]`.
    by_doc: Vec<Range<usize>>,
}

impl Marks {
    pub fn new(documents: &[Document], checks: &[Check]) -> Self {
        let mut keys: Vec<(DocId, usize, usize)> = checks
            .iter()
            .flat_map(|c| &c.figures)
            .filter(|f| {
                documents
                    .get(f.doc)
                    .and_then(|d| d.text.get(f.span.clone()))
                    .is_some_and(|text| !text.is_empty())
            })
            .map(|f| (f.doc, f.span.start, f.span.end))
            .collect();
        keys.sort_unstable();
        keys.dedup();

        let mut marks: Vec<Mark> = Vec::new();
        let mut index = HashMap::with_capacity(keys.len());
        for key @ (doc, start, end) in keys {
            match marks.last() {
                Some(last) if last.doc == doc && start < last.span.end => {
                    index.insert(key, marks.len() - 1);
                }
                _ => {
                    index.insert(key, marks.len());
                    marks.push(Mark {
                        doc,
                        span: start..end,
                        state: MarkState::Pass,
                    });
                }
            }
        }
        for check in checks {
            let state = MarkState::of(check.verdict);
            for figure in &check.figures {
                if let Some(&i) = index.get(&(figure.doc, figure.span.start, figure.span.end)) {
                    marks[i].state = marks[i].state.max(state);
                }
            }
        }

        let mut by_doc = vec![0..0; documents.len()];
        let mut start = 0;
        while start < marks.len() {
            let doc = marks[start].doc;
            let end = start + marks[start..].partition_point(|m| m.doc == doc);
            by_doc[doc] = start..end;
            start = end;
        }
        Self {
            marks,
            index,
            by_doc,
        }
    }

    /// The mark a figure is shown as, if it is shown at all.
    pub fn of(&self, figure: &FigureRef) -> Option<usize> {
        self.index
            .get(&(figure.doc, figure.span.start, figure.span.end))
            .copied()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Mark> {
        self.marks.iter()
    }

    /// The index of the first mark of `doc` and its marks, in order of position.
    pub fn in_doc(&self, doc: DocId) -> (usize, &[Mark]) {
        let range = self.by_doc.get(doc).cloned().unwrap_or(0..0);
        (range.start, &self.marks[range])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Role;
    use crate::rules::Severity;
    use std::path::PathBuf;

    fn check(verdict: Verdict, spans: &[(usize, usize)]) -> Check {
        Check {
            rule: "table.footing".into(),
            severity: Severity::Error,
            verdict,
            message: String::new(),
            expected: None,
            actual: None,
            difference: None,
            tolerance: None,
            figures: spans
                .iter()
                .map(|&(start, end)| FigureRef {
                    doc: 0,
                    span: start..end,
                    role: Role::Part,
                    name: None,
                    label: String::new(),
                })
                .collect(),
            note: None,
            fingerprint: None,
            disposition: Default::default(),
        }
    }

    #[test]
    fn a_figure_is_marked_by_the_worst_check_it_is_in() {
        let doc = Document::new(0, PathBuf::from("a.txt"), "合计 10 20 30\n".into());
        let ten = doc.text.find("10").unwrap();
        let twenty = doc.text.find("20").unwrap();
        let thirty = doc.text.find("30").unwrap();
        let checks = [
            check(Verdict::Pass, &[(ten, ten + 2), (twenty, twenty + 2)]),
            check(Verdict::Indeterminate, &[(twenty, twenty + 2)]),
            check(Verdict::Fail, &[(thirty, thirty + 2)]),
            check(Verdict::Pass, &[(thirty, thirty + 2)]),
        ];
        let marks = Marks::new(std::slice::from_ref(&doc), &checks);
        let states: Vec<MarkState> = marks.iter().map(|m| m.state).collect();
        assert_eq!(
            states,
            [MarkState::Pass, MarkState::Indeterminate, MarkState::Fail]
        );
    }

    #[test]
    fn a_figure_inside_another_is_shown_as_that_one_and_bad_spans_are_dropped() {
        let doc = Document::new(0, PathBuf::from("a.txt"), "1,234.56 合计\n".into());
        let checks = [
            check(Verdict::Pass, &[(0, 8)]),
            check(Verdict::Fail, &[(2, 5)]),
            // Past the end, and inside the three bytes of 合.
            check(Verdict::Fail, &[(40, 42), (10, 11)]),
        ];
        let marks = Marks::new(std::slice::from_ref(&doc), &checks);
        assert_eq!(marks.iter().count(), 1);
        assert_eq!(marks.of(&checks[1].figures[0]), Some(0));
        assert_eq!(marks.of(&checks[2].figures[0]), None);
        assert_eq!(marks.iter().next().map(|m| m.state), Some(MarkState::Fail));
        assert_eq!(marks.in_doc(0).1.len(), 1);
        assert_eq!(marks.in_doc(7).1.len(), 0);
    }
}
