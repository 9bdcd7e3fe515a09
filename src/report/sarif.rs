//! `--format sarif`: SARIF 2.1.0, for code-scanning dashboards.
//!
//! One result per open or waived finding; every printed figure of the check is one of its
//! locations, with its region (lines, columns in Unicode code points — `columnKind` says so,
//! since SARIF's default unit is UTF-16 — and byte offsets). The rules in force are the
//! driver's rules, with their titles, descriptions and rationales. A waived finding carries an
//! accepted external suppression with the reviewer's reason; waivers that expired or match
//! nothing are tool-configuration notifications of the invocation.

use serde_json::{json, Map, Value};

use super::{Location, Run};
use crate::eval::{Check, Disposition};
use crate::rules::Severity;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Renders the run as one SARIF log.
pub fn render(run: &Run<'_>) -> String {
    let rules: Vec<Value> = run
        .rules
        .rules
        .iter()
        .map(|rule| {
            let mut r = Map::new();
            r.insert("id".into(), json!(rule.id));
            r.insert("shortDescription".into(), json!({ "text": rule.title }));
            if !rule.description.trim().is_empty() {
                r.insert(
                    "fullDescription".into(),
                    json!({ "text": rule.description.trim() }),
                );
            }
            let help: Vec<&str> = [&rule.rationale, &rule.example]
                .iter()
                .map(|t| t.trim())
                .filter(|t| !t.is_empty())
                .collect();
            if !help.is_empty() {
                r.insert("help".into(), json!({ "text": help.join("\n\n") }));
            }
            r.insert(
                "defaultConfiguration".into(),
                json!({ "level": level(rule.severity) }),
            );
            Value::Object(r)
        })
        .collect();
    let artifacts: Vec<Value> = run
        .documents
        .iter()
        .map(|d| {
            json!({
                "location": { "uri": uri(&d.display_path()) },
                "length": d.text_len(),
                "encoding": "UTF-8",
            })
        })
        .collect();
    let results: Vec<Value> = run
        .checks
        .iter()
        .filter(|c| c.is_open_finding() || matches!(c.disposition, Disposition::Waived(_)))
        .map(|c| result(run, c))
        .collect();
    let notifications: Vec<Value> = run
        .waiver_problems
        .iter()
        .map(|p| {
            let mut n = json!({
                "level": "warning",
                "message": { "text": p.to_string() },
            });
            if let Some(config) = run.config_path {
                n["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(config) },
                        "region": { "startLine": p.line.max(1) },
                    }
                }]);
            }
            n
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": env!("CARGO_PKG_NAME"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "invocations": [{
                "executionSuccessful": true,
                "toolConfigurationNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

/// SARIF locations with the document each is in.
type Located = Vec<(usize, Value)>;

fn result(run: &Run<'_>, check: &Check) -> Value {
    let located: Vec<(usize, Value)> = check
        .figures
        .iter()
        .filter_map(|f| Some((f.doc, Location::of(f, run.documents)?)))
        .enumerate()
        .map(|(i, (doc, l))| {
            let location = json!({
                "id": i,
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&l.path), "index": doc },
                    "region": {
                        "startLine": l.line,
                        "startColumn": l.column,
                        "endLine": l.end_line,
                        "endColumn": l.end_column,
                        "byteOffset": l.byte_start,
                        "byteLength": l.byte_end - l.byte_start,
                        "snippet": { "text": l.text },
                    }
                },
                "message": { "text": format!("{} {}", l.role.replace('_', " "), l.text) },
            });
            (doc, location)
        })
        .collect();
    // Figures in another document than the first figure's (a disagreement between two
    // filings of one issuer) are related locations, each with its own artifact.
    let primary_doc = check.figures.first().map(|f| f.doc);
    let (here, elsewhere): (Located, Located) = located
        .into_iter()
        .partition(|(doc, _)| Some(*doc) == primary_doc);
    let locations: Vec<Value> = here.into_iter().map(|(_, l)| l).collect();
    let related: Vec<Value> = elsewhere.into_iter().map(|(_, l)| l).collect();
    let mut r = json!({
        "ruleId": check.rule,
        "level": level(check.severity),
        "kind": "fail",
        "message": { "text": check.message },
        "locations": locations,
    });
    if !related.is_empty() {
        r["relatedLocations"] = json!(related);
    }
    if let Some(index) = run.rules.rules.iter().position(|x| x.id == check.rule) {
        r["ruleIndex"] = json!(index);
    }
    if let Some(fingerprint) = &check.fingerprint {
        r["partialFingerprints"] = json!({ "tieoutFingerprint/v1": fingerprint });
    }
    let mut properties = Map::new();
    for (key, value) in [
        ("expected", check.expected),
        ("actual", check.actual),
        ("difference", check.difference),
        ("tolerance", check.tolerance),
    ] {
        if let Some(v) = value {
            properties.insert(key.into(), json!(v.to_string()));
        }
    }
    if let Some(note) = &check.note {
        properties.insert("note".into(), json!(note));
    }
    if !properties.is_empty() {
        r["properties"] = Value::Object(properties);
    }
    if let Disposition::Waived(note) = &check.disposition {
        let mut by = json!({ "by": note.by });
        if let Some(expires) = &note.expires {
            by["expires"] = json!(expires);
        }
        r["suppressions"] = json!([{
            "kind": "external",
            "status": "accepted",
            "justification": note.reason,
            "properties": by,
        }]);
    } else if run.baseline {
        r["baselineState"] = json!("new");
    }
    r
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: `/` kept, everything outside RFC 3986's unreserved
/// characters percent-encoded (Chinese file names included).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_keep_slashes_and_encode_the_rest() {
        assert_eq!(uri("../filings/001_b4.txt"), "../filings/001_b4.txt");
        assert_eq!(uri("年报 2024.txt"), "%E5%B9%B4%E6%8A%A5%202024.txt");
    }
}
