//! `--format junit`: JUnit XML, for CI systems that show test results.
//!
//! One test case per evaluated check: a pass is a passing case, an open finding a failure
//! with the message and the figures, a check that could not be decided, a waived finding or
//! one in the baseline a skipped case saying why. Cases are grouped in a test suite per
//! group of documents from the configuration, else per document.

use std::fmt::Write as _;

use super::{Location, Run};
use crate::eval::{Check, Disposition, Verdict};

/// Renders the run as one `<testsuites>` document.
pub fn render(run: &Run<'_>) -> String {
    // Suites in the order their first document comes; checks keep report order inside.
    let mut suites: Vec<(String, Vec<&Check>)> = Vec::new();
    for check in run.checks {
        let Some(doc) = check.figures.first().and_then(|f| run.documents.get(f.doc)) else {
            continue;
        };
        let name = run
            .groups
            .get(doc.id)
            .cloned()
            .flatten()
            .unwrap_or_else(|| doc.display_path());
        match suites.iter_mut().find(|(n, _)| *n == name) {
            Some((_, cases)) => cases.push(check),
            None => suites.push((name, vec![check])),
        }
    }
    let failures = run.open_findings().count();
    let skipped = run.checks.iter().filter(|c| is_skipped(c)).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"tieout\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">",
        run.checks.len()
    );
    for (name, cases) in &suites {
        let failures = cases.iter().filter(|c| c.is_open_finding()).count();
        let skipped = cases.iter().filter(|c| is_skipped(c)).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">",
            escape(name),
            cases.len()
        );
        for check in cases {
            case(&mut out, run, check);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn is_skipped(check: &Check) -> bool {
    check.verdict == Verdict::Indeterminate
        || (check.verdict == Verdict::Fail && !check.is_open_finding())
}

fn case(out: &mut String, run: &Run<'_>, check: &Check) {
    let locations: Vec<Location> = check
        .figures
        .iter()
        .filter_map(|f| Location::of(f, run.documents))
        .collect();
    let (name, file, line) = match locations.first() {
        Some(l) => (
            format!("{}:{} {} {}", l.line, l.column, l.role, l.text),
            l.path.clone(),
            l.line,
        ),
        None => (check.message.clone(), String::new(), 0),
    };
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{line}\"",
        escape(&name),
        escape(&check.rule),
        escape(&file)
    );
    let skipped = match (&check.verdict, &check.disposition) {
        (Verdict::Pass, _) => None,
        (Verdict::Indeterminate, _) => Some(format!("could not be decided: {}", check.message)),
        (Verdict::Fail, Disposition::Waived(note)) => Some(format!(
            "waived by {}: {}{}",
            note.by,
            note.reason,
            note.expires
                .as_ref()
                .map(|e| format!(" (until {e})"))
                .unwrap_or_default()
        )),
        (Verdict::Fail, Disposition::Baselined) => Some("in the baseline".to_string()),
        (Verdict::Fail, Disposition::Open) => {
            let mut body = String::new();
            for l in &locations {
                let _ = writeln!(
                    body,
                    "{}:{}:{}: {} {}",
                    l.path, l.line, l.column, l.role, l.text
                );
            }
            if let Some(f) = &check.fingerprint {
                let _ = writeln!(body, "fingerprint {f}");
            }
            let _ = write!(
                out,
                ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                escape(&check.message),
                escape(&check.rule),
                escape(&body)
            );
            return;
        }
    };
    match skipped {
        Some(message) => {
            let _ = write!(
                out,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                escape(&message)
            );
        }
        None => out.push_str("/>\n"),
    }
}

/// Escapes text for an XML attribute or element; characters XML 1.0 cannot hold at all
/// (control characters other than tab and line breaks) are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape("合计\n"), "合计&#10;");
    }
}
