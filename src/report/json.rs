//! `--format json`: the version-1 contract (see README, "JSON output").

use serde::Serialize;

use super::{Location, Summary};
use crate::eval::{Check, Verdict};
use crate::rules::Severity;
use crate::source::Document;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonCheck<'a> {
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
    locations: Vec<Location>,
}

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    summary: Summary,
    findings: Vec<JsonCheck<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checks: Option<Vec<JsonCheck<'a>>>,
}

fn json_check<'a>(check: &'a Check, documents: &[Document]) -> JsonCheck<'a> {
    JsonCheck {
        rule: &check.rule,
        severity: check.severity,
        verdict: check.verdict,
        message: &check.message,
        expected: check.expected.map(|d| d.to_string()),
        actual: check.actual.map(|d| d.to_string()),
        difference: check.difference.map(|d| d.to_string()),
        tolerance: check.tolerance.map(|d| d.to_string()),
        note: check.note.as_deref(),
        locations: check
            .figures
            .iter()
            .filter_map(|f| Location::of(f, documents))
            .collect(),
    }
}

/// Renders the report; `evidence` adds every evaluated check, passes included.
pub fn render(documents: &[Document], facts: usize, checks: &[Check], evidence: bool) -> String {
    let report = Report {
        version: 1,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: Summary::new(documents.len(), facts, checks),
        findings: checks
            .iter()
            .filter(|c| c.verdict == Verdict::Fail)
            .map(|c| json_check(c, documents))
            .collect(),
        checks: evidence.then(|| checks.iter().map(|c| json_check(c, documents)).collect()),
    };
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_else(|e| {
        // Serialising plain structs of strings and numbers cannot fail; say so if it ever does.
        format!("{{\"error\": \"{e}\"}}")
    });
    out.push('\n');
    out
}
