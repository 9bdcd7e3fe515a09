//! `--format json`: the version-1 contract (see README, "JSON output").

use serde::Serialize;

use super::{Location, Run, Summary};
use crate::eval::{Check, Disposition, Verdict, WaiverNote};
use crate::review::WaiverProblemKind;
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
    /// A failing check's fingerprint, for baselines and waivers.
    #[serde(skip_serializing_if = "Option::is_none")]
    fingerprint: Option<&'a str>,
    /// Who accepted a waived finding, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver: Option<&'a WaiverNote>,
    locations: Vec<Location>,
}

#[derive(Serialize)]
struct JsonWaiverProblem {
    /// 1-based line of the waiver in the configuration file.
    line: usize,
    /// `expired` or `unmatched`.
    status: &'static str,
    message: String,
}

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    summary: Summary,
    findings: Vec<JsonCheck<'a>>,
    /// Failing checks accepted by a waiver.
    waived: Vec<JsonCheck<'a>>,
    /// Waivers that expired or match no finding.
    waiver_problems: Vec<JsonWaiverProblem>,
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
        fingerprint: check.fingerprint.as_deref(),
        waiver: match &check.disposition {
            Disposition::Waived(note) => Some(note),
            _ => None,
        },
        locations: check
            .figures
            .iter()
            .filter_map(|f| Location::of(f, documents))
            .collect(),
    }
}

/// Renders the report; `evidence` adds every evaluated check, passes included.
pub fn render(run: &Run<'_>, evidence: bool) -> String {
    let documents = run.documents;
    let report = Report {
        version: 1,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: run.summary(),
        findings: run
            .open_findings()
            .map(|c| json_check(c, documents))
            .collect(),
        waived: run.waived().map(|c| json_check(c, documents)).collect(),
        waiver_problems: run
            .waiver_problems
            .iter()
            .map(|p| JsonWaiverProblem {
                line: p.line,
                status: match p.kind {
                    WaiverProblemKind::Expired { .. } => "expired",
                    WaiverProblemKind::Unmatched => "unmatched",
                },
                message: p.to_string(),
            })
            .collect(),
        checks: evidence.then(|| {
            run.checks
                .iter()
                .map(|c| json_check(c, documents))
                .collect()
        }),
    };
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_else(|e| {
        // Serialising plain structs of strings and numbers cannot fail; say so if it ever does.
        format!("{{\"error\": \"{e}\"}}")
    });
    out.push('\n');
    out
}
