//! `--format html`: the evidence report, one self-contained page a reviewer reads instead of
//! JSON.
//!
//! Takes the documents and every evaluated check (the report implies `--evidence`) and gives
//! one HTML file with its style sheet, script and data inline and a Content Security Policy
//! that forbids loading anything: it opens from disk or from a CI artifact without a network.
//!
//! The page has a summary on top (totals, per document, per rule, the findings and the checks
//! that could not be decided, each linking to its figure) and then each document's text with
//! line numbers and every checked figure marked: ✓ ties out, ✗ takes part in a failing check,
//! ? takes part in a check that could not be decided. Selecting a figure shows every check it
//! is in, with the arithmetic and links to the check's other figures. Stretches of text far
//! from any checked figure are folded (`<details>`), so large filings stay quick to open.
//!
//! Everything from a filing is escaped: text as HTML, data as JSON with `<`, `>` and `&`
//! written as `\u` escapes. The script builds the panel with `textContent` only.

mod document;
mod marks;

use std::collections::BTreeMap;

use serde::Serialize;

use super::Summary;
use crate::eval::check::group_thousands;
use crate::eval::{Check, Verdict};
use crate::rules::Severity;
use crate::source::Document;

use marks::Marks;

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// The data the script reads: documents, marked figures and every check.
#[derive(Serialize)]
struct PageData<'a> {
    documents: Vec<String>,
    marks: Vec<MarkData>,
    checks: Vec<CheckData<'a>>,
}

/// A marked figure: where it is and how it is printed.
#[derive(Serialize)]
struct MarkData {
    doc: usize,
    line: usize,
    column: usize,
    text: String,
}

#[derive(Serialize)]
struct CheckData<'a> {
    rule: &'a str,
    severity: Severity,
    verdict: Verdict,
    message: &'a str,
    expected: Option<String>,
    actual: Option<String>,
    difference: Option<String>,
    tolerance: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    figures: Vec<FigureData>,
}

/// One figure of a check: the mark it is shown as and what it is to the check.
#[derive(Serialize)]
struct FigureData {
    mark: usize,
    role: String,
}

/// Counts of checks by verdict.
#[derive(Default, Clone, Copy)]
struct Tally {
    checks: usize,
    passed: usize,
    failed: usize,
    indeterminate: usize,
}

impl Tally {
    fn add(&mut self, verdict: Verdict) {
        self.checks += 1;
        match verdict {
            Verdict::Pass => self.passed += 1,
            Verdict::Fail => self.failed += 1,
            Verdict::Indeterminate => self.indeterminate += 1,
        }
    }
}

/// Renders the evidence report for `checks` (all of them, passes included).
pub fn render(documents: &[Document], facts: usize, checks: &[Check]) -> String {
    let marks = Marks::new(documents, checks);
    let total_text: usize = documents.iter().map(|d| d.text.len()).sum();
    let mut out = String::with_capacity(total_text + total_text / 2 + 64 * 1024);

    out.push_str(concat!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ",
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<meta name=\"generator\" content=\"tieout ",
        env!("CARGO_PKG_VERSION"),
        "\">\n<title>tieout evidence report</title>\n<style>\n"
    ));
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<main id=\"report\">\n");

    let mut per_doc = vec![Tally::default(); documents.len()];
    for check in checks {
        if let Some(t) = check_doc(check).and_then(|d| per_doc.get_mut(d)) {
            t.add(check.verdict);
        }
    }
    summary(&mut out, documents, facts, checks, &per_doc, &marks);
    for (doc, tally) in documents.iter().zip(&per_doc) {
        let open = documents.len() == 1 || tally.failed + tally.indeterminate > 0;
        document::render(&mut out, doc, &marks, &tally_text(tally), open);
    }

    out.push_str(concat!(
        "</main>\n<aside id=\"panel\" aria-live=\"polite\">\n",
        "<p class=\"hint\">Select a marked figure to see the checks it takes part in and ",
        "their arithmetic. <kbd>n</kbd> / <kbd>p</kbd> go to the next / previous finding.</p>\n",
        "</aside>\n<script type=\"application/json\" id=\"tieout-data\">"
    ));
    push_json(&mut out, &page_data(documents, checks, &marks));
    out.push_str("</script>\n<script>\n");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// The document a check is reported in: its first figure's.
fn check_doc(check: &Check) -> Option<usize> {
    check.figures.first().map(|f| f.doc)
}

fn tally_text(t: &Tally) -> String {
    format!(
        "{} check{}: {} passed, {} failed, {} could not be decided",
        t.checks,
        if t.checks == 1 { "" } else { "s" },
        t.passed,
        t.failed,
        t.indeterminate
    )
}

fn page_data<'a>(documents: &[Document], checks: &'a [Check], marks: &Marks) -> PageData<'a> {
    PageData {
        documents: documents.iter().map(Document::display_path).collect(),
        marks: marks
            .iter()
            .map(|m| {
                let doc = &documents[m.doc];
                let pos = doc.lines.position(&doc.text, m.span.start);
                MarkData {
                    doc: m.doc,
                    line: pos.line,
                    column: pos.column,
                    text: doc.text[m.span.clone()].to_string(),
                }
            })
            .collect(),
        checks: checks
            .iter()
            .map(|c| CheckData {
                rule: &c.rule,
                severity: c.severity,
                verdict: c.verdict,
                message: &c.message,
                expected: c.expected.map(group_thousands),
                actual: c.actual.map(group_thousands),
                difference: c.difference.map(group_thousands),
                tolerance: c.tolerance.map(group_thousands),
                note: c.note.as_deref(),
                figures: c
                    .figures
                    .iter()
                    .filter_map(|f| {
                        Some(FigureData {
                            mark: marks.of(f)?,
                            role: f
                                .name
                                .clone()
                                .unwrap_or_else(|| f.role.name().replace('_', " ")),
                        })
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The summary on top: totals, a table per document and per rule, findings and undecided
/// checks with links to their figures.
fn summary(
    out: &mut String,
    documents: &[Document],
    facts: usize,
    checks: &[Check],
    per_doc: &[Tally],
    marks: &Marks,
) {
    let s = Summary::new(documents.len(), facts, checks);
    out.push_str("<header id=\"summary\">\n<h1>tieout evidence report</h1>\n");
    out.push_str(&format!(
        "<p class=\"totals\">{} document{}, {} facts, {} checks: \
         <span class=\"pass\">{} passed</span>, <span class=\"fail\">{} failed</span>, \
         <span class=\"indeterminate\">{} could not be decided</span></p>\n",
        s.documents,
        if s.documents == 1 { "" } else { "s" },
        s.facts,
        s.checks,
        s.passed,
        s.failed,
        s.indeterminate
    ));
    out.push_str(concat!(
        "<p class=\"legend\"><span class=\"fig pass\">1,234.56</span> ties out in every check ",
        "it is in · <span class=\"fig fail\">1,234.56</span> is in a check that fails · ",
        "<span class=\"fig indeterminate\">1,234.56</span> is in a check that could not be ",
        "decided</p>\n"
    ));

    let mut per_rule: BTreeMap<&str, (Severity, Tally)> = BTreeMap::new();
    for check in checks {
        per_rule
            .entry(check.rule.as_str())
            .or_insert((check.severity, Tally::default()))
            .1
            .add(check.verdict);
    }

    out.push_str(
        "<div class=\"tables\">\n<table class=\"by-document\">\n<caption>By document</caption>\n",
    );
    tally_header(out, "document");
    for (doc, t) in documents.iter().zip(per_doc) {
        out.push_str(&format!("<tr><td><a href=\"#doc-{}\">", doc.id));
        escape_into(out, &doc.display_path());
        out.push_str("</a></td>");
        tally_cells(out, t);
    }
    out.push_str("</table>\n<table class=\"by-rule\">\n<caption>By rule</caption>\n");
    tally_header(out, "rule");
    for (rule, (severity, t)) in &per_rule {
        out.push_str("<tr><td><code>");
        escape_into(out, rule);
        out.push_str(&format!("</code> <small>{severity}</small></td>"));
        tally_cells(out, t);
    }
    out.push_str("</table>\n</div>\n");

    check_list(
        out,
        documents,
        checks,
        marks,
        Verdict::Fail,
        "findings",
        "Findings",
    );
    check_list(
        out,
        documents,
        checks,
        marks,
        Verdict::Indeterminate,
        "undecided",
        "Could not be decided",
    );
    out.push_str("</header>\n");
}

fn tally_header(out: &mut String, first: &str) {
    out.push_str(&format!(
        "<tr><th>{first}</th><th>checks</th><th>passed</th><th>failed</th>\
         <th>could not be decided</th></tr>\n"
    ));
}

fn tally_cells(out: &mut String, t: &Tally) {
    let cell = |class: &str, n: usize| {
        if n > 0 {
            format!("<td class=\"{class}\">{n}</td>")
        } else {
            "<td>0</td>".to_string()
        }
    };
    out.push_str(&format!(
        "<td>{}</td>{}{}{}</tr>\n",
        t.checks,
        cell("pass", t.passed),
        cell("fail", t.failed),
        cell("indeterminate", t.indeterminate)
    ));
}

/// A list of the checks with `verdict`, each linking to its first figure.
fn check_list(
    out: &mut String,
    documents: &[Document],
    checks: &[Check],
    marks: &Marks,
    verdict: Verdict,
    id: &str,
    title: &str,
) {
    let listed: Vec<(usize, &Check)> = checks
        .iter()
        .enumerate()
        .filter(|(_, c)| c.verdict == verdict)
        .collect();
    if listed.is_empty() {
        return;
    }
    out.push_str(&format!(
        "<section id=\"{id}\">\n<h2>{title} ({})</h2>\n<ol class=\"checks\">\n",
        listed.len()
    ));
    for (index, check) in listed {
        out.push_str("<li>");
        let place = check
            .figures
            .first()
            .and_then(|f| Some((f, marks.of(f)?, documents.get(f.doc)?)));
        match place {
            Some((figure, mark, doc)) => {
                let pos = doc.lines.position(&doc.text, figure.span.start);
                out.push_str(&format!(
                    "<a class=\"goto\" href=\"#m{mark}\" data-mark=\"{mark}\" data-check=\"{index}\">"
                ));
                escape_into(out, &doc.display_path());
                out.push_str(&format!(":{}:{}</a> ", pos.line, pos.column));
            }
            None => out.push_str("<span class=\"goto\">(no printed figure)</span> "),
        }
        out.push_str("<code>");
        escape_into(out, &check.rule);
        out.push_str("</code> ");
        escape_into(out, &check.message);
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, byte) in text.bytes().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(replacement);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// Writes `data` as JSON that is safe inside a `<script>` element: `<`, `>` and `&` only
/// occur inside JSON strings, where their `\u` escapes mean the same.
fn push_json(out: &mut String, data: &impl Serialize) {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "{}".to_string());
    for ch in json.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            _ => out.push(ch),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        let mut out = String::new();
        escape_into(&mut out, "<u>合计</u> & \"1,234\" 'x'");
        assert_eq!(
            out,
            "&lt;u&gt;合计&lt;/u&gt; &amp; &quot;1,234&quot; &#39;x&#39;"
        );
    }

    #[test]
    fn json_in_a_script_cannot_close_it() {
        let mut out = String::new();
        push_json(&mut out, &vec!["</script><script>alert(1)</script> & more"]);
        assert!(!out.contains("</script>"), "{out}");
        let back: Vec<String> = serde_json::from_str(&out).expect("still JSON");
        assert_eq!(back[0], "</script><script>alert(1)</script> & more");
    }
}
