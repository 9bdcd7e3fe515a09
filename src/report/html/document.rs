//! One document's text in the page: a line a row with its number, the checked figures
//! wrapped in marks, and long stretches without a checked figure folded.
//!
//! One pass over the lines and the document's marks (sorted, non-overlapping): the page grows
//! linearly with the filing.

use super::escape_into;
use super::marks::Mark;
use crate::source::Document;

/// Lines shown around a line with a checked figure.
const CONTEXT: usize = 3;
/// Shorter stretches are shown rather than folded: a fold must save more than it costs.
const MIN_FOLD: usize = 8;

/// Appends the section of `doc`: a collapsible header with `tally`, then its text.
pub fn render(out: &mut String, doc: &Document, marks: &super::Marks, tally: &str, open: bool) {
    let (first, doc_marks) = marks.in_doc(doc.id);
    out.push_str(&format!(
        "<section class=\"document\" id=\"doc-{}\">\n<details class=\"document\"{}>\n<summary><h2>",
        doc.id,
        if open { " open" } else { "" }
    ));
    escape_into(out, &doc.display_path());
    out.push_str("</h2> <span class=\"tally\">");
    escape_into(out, tally);
    out.push_str(
        "</span> <button type=\"button\" class=\"unfold\">show all lines</button></summary>\n\
         <div class=\"text\">\n",
    );

    // A final line break ends the last line; it does not open an empty one.
    let lines = doc.lines.len() - usize::from(doc.text.ends_with('\n'));
    let shown = lines_to_show(doc, doc_marks, lines);
    let mut writer = LineWriter {
        out,
        doc,
        marks: doc_marks,
        first,
        next: 0,
        open: None,
    };
    let mut line = 0;
    while line < lines {
        if shown[line] {
            writer.line(line);
            line += 1;
            continue;
        }
        let end = line + shown[line..].iter().take_while(|s| !**s).count();
        writer.out.push_str(&format!(
            "<details class=\"fold\"><summary>lines {}–{} ({} lines without a checked figure)</summary>\n",
            line + 1,
            end,
            end - line
        ));
        for l in line..end {
            writer.line(l);
        }
        writer.out.push_str("</details>\n");
        line = end;
    }
    out.push_str("</div>\n</details>\n</section>\n");
}

/// Which lines to show unfolded: those within [`CONTEXT`] of a checked figure, and any
/// stretch between them too short to be worth a fold.
fn lines_to_show(doc: &Document, marks: &[Mark], lines: usize) -> Vec<bool> {
    let mut shown = vec![false; lines];
    for mark in marks {
        let from = doc.lines.line_of(mark.span.start).saturating_sub(CONTEXT);
        let to = (doc.lines.line_of(mark.span.end.saturating_sub(1)) + CONTEXT + 1).min(lines);
        for s in &mut shown[from..to] {
            *s = true;
        }
    }
    let mut line = 0;
    while line < lines {
        if shown[line] {
            line += 1;
            continue;
        }
        let end = line + shown[line..].iter().take_while(|s| !**s).count();
        if end - line < MIN_FOLD {
            for s in &mut shown[line..end] {
                *s = true;
            }
        }
        line = end;
    }
    shown
}

/// Writes lines in order, carrying a mark that runs over a line break into the next line.
struct LineWriter<'a> {
    out: &'a mut String,
    doc: &'a Document,
    marks: &'a [Mark],
    /// Global index of `marks[0]`.
    first: usize,
    /// The next mark not yet opened.
    next: usize,
    /// A mark opened on an earlier line that ends on a later one.
    open: Option<usize>,
}

impl LineWriter<'_> {
    fn line(&mut self, line: usize) {
        let text = &self.doc.text;
        let span = self.doc.lines.line_span(text, line);
        let (start, end) = (span.start, span.end);
        self.out
            .push_str(&format!("<div class=\"l\" data-n=\"{}\">", line + 1));
        let mut pos = start;
        if let Some(i) = self.open {
            let mark = &self.marks[i];
            let stop = mark.span.end.clamp(start, end);
            self.open_mark(i, false);
            escape_into(self.out, &text[start..stop]);
            self.out.push_str("</span>");
            pos = stop;
            if mark.span.end <= end {
                self.open = None;
            }
        }
        while self.open.is_none() && self.next < self.marks.len() {
            let i = self.next;
            let mark = &self.marks[i];
            if mark.span.start >= end {
                break;
            }
            let from = mark.span.start.clamp(pos, end);
            let stop = mark.span.end.clamp(from, end);
            escape_into(self.out, &text[pos..from]);
            self.open_mark(i, true);
            escape_into(self.out, &text[from..stop]);
            self.out.push_str("</span>");
            pos = stop;
            if mark.span.end > end {
                self.open = Some(i);
            }
            self.next += 1;
        }
        escape_into(self.out, &text[pos..end]);
        self.out.push_str("</div>\n");
        // A mark that ended in the line's terminator (`\r`) is closed.
        if let Some(i) = self.open {
            let next_start = self.doc.text[end..]
                .find('\n')
                .map_or(text.len(), |n| end + n + 1);
            if self.marks[i].span.end <= next_start {
                self.open = None;
            }
        }
    }

    /// Opens the element of mark `i`: its first piece carries the id the page links to;
    /// a piece continued on a later line names its mark with `data-m`.
    fn open_mark(&mut self, i: usize, first_piece: bool) {
        let index = self.first + i;
        let class = self.marks[i].state.class();
        if first_piece {
            self.out.push_str(&format!(
                "<span class=\"fig {class}\" id=\"m{index}\" tabindex=\"0\">"
            ));
        } else {
            self.out
                .push_str(&format!("<span class=\"fig {class}\" data-m=\"{index}\">"));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::eval::{Check, FigureRef, Role, Verdict};
    use crate::report::html::Marks;
    use crate::rules::Severity;

    fn page(text: &str, figures: &[(&str, Verdict)]) -> String {
        let doc = Document::new(0, PathBuf::from("a.txt"), text.to_string());
        let checks: Vec<Check> = figures
            .iter()
            .map(|(figure, verdict)| {
                let at = text.find(figure).expect("figure in text");
                Check {
                    rule: "table.footing".into(),
                    severity: Severity::Error,
                    verdict: *verdict,
                    message: String::new(),
                    expected: None,
                    actual: None,
                    difference: None,
                    tolerance: None,
                    figures: vec![FigureRef {
                        doc: 0,
                        span: at..at + figure.len(),
                        role: Role::Total,
                        name: None,
                        label: String::new(),
                    }],
                    note: None,
                    fingerprint: None,
                    disposition: Default::default(),
                }
            })
            .collect();
        let marks = Marks::new(std::slice::from_ref(&doc), &checks);
        let mut out = String::new();
        render(&mut out, &doc, &marks, "", true);
        out
    }

    #[test]
    fn figures_are_marked_in_their_line_and_text_is_escaped() {
        let out = page(
            "<u>收入</u>\t1,000\t2,000\r\n合计\t3,000\n",
            &[("1,000", Verdict::Pass), ("3,000", Verdict::Fail)],
        );
        assert!(out.contains(
            "<div class=\"l\" data-n=\"1\">&lt;u&gt;收入&lt;/u&gt;\t\
             <span class=\"fig pass\" id=\"m0\" tabindex=\"0\">1,000</span>\t2,000</div>"
        ));
        assert!(out.contains(
            "<div class=\"l\" data-n=\"2\">合计\t\
             <span class=\"fig fail\" id=\"m1\" tabindex=\"0\">3,000</span></div>"
        ));
    }

    #[test]
    fn a_figure_over_a_line_break_is_marked_on_both_lines() {
        let out = page("收入为1,23\n4万元\n", &[("1,23\n4", Verdict::Pass)]);
        assert!(out.contains("<span class=\"fig pass\" id=\"m0\" tabindex=\"0\">1,23</span></div>"));
        assert!(out.contains(
            "<div class=\"l\" data-n=\"2\"><span class=\"fig pass\" data-m=\"0\">4</span>万元</div>"
        ));
    }

    #[test]
    fn long_stretches_without_figures_are_folded() {
        let mut text = String::from("合计\t10\n");
        for i in 0..20 {
            text.push_str(&format!("第{i}行\n"));
        }
        let out = page(&text, &[("10", Verdict::Pass)]);
        // Line 1 has the figure; lines 2–4 are its context; 5–21 are folded.
        assert!(out.contains(
            "<details class=\"fold\"><summary>lines 5–21 (17 lines without a checked figure)"
        ));
        assert!(out.contains("<div class=\"l\" data-n=\"21\">第19行</div>\n</details>"));
    }
}
