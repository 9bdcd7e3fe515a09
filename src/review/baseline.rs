//! Baselines: today's findings recorded by fingerprint, so that a later run reports (and
//! fails on) only findings that are new.
//!
//! The file is JSON: a version, and one entry a finding with its fingerprint — the only field
//! that is matched — and, for a person reviewing the file, the rule, path, first figure and
//! message. No line numbers: a baseline does not change when a paragraph is inserted.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::eval::{Check, Disposition, Verdict};
use crate::source::Document;

/// The version of the baseline file format.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    #[serde(default)]
    tool: String,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    fingerprint: String,
    #[serde(default)]
    rule: String,
    #[serde(default)]
    path: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    message: String,
}

/// The fingerprints of a baseline file.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    fingerprints: HashSet<String>,
}

impl Baseline {
    /// Reads a baseline file written by `--write-baseline`.
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the baseline: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    fn parse(text: &str) -> Result<Self, String> {
        let file: File =
            serde_json::from_str(text).map_err(|e| format!("not a tieout baseline: {e}"))?;
        if file.version != VERSION {
            return Err(format!(
                "baseline version {} is not supported (this tieout reads version {VERSION})",
                file.version
            ));
        }
        Ok(Self {
            fingerprints: file.findings.into_iter().map(|e| e.fingerprint).collect(),
        })
    }

    pub fn contains(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }

    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }
}

/// The baseline of a run: every failing check that is not waived. Returns the JSON text and
/// the number of findings recorded.
pub fn render(checks: &[Check], documents: &[Document]) -> (String, usize) {
    let findings: Vec<Entry> = checks
        .iter()
        .filter(|c| c.verdict == Verdict::Fail && !matches!(c.disposition, Disposition::Waived(_)))
        .filter_map(|c| {
            let first = c.figures.first();
            let doc = first.and_then(|f| documents.get(f.doc));
            Some(Entry {
                fingerprint: c.fingerprint.clone()?,
                rule: c.rule.clone(),
                path: doc.map(Document::display_path).unwrap_or_default(),
                text: first
                    .zip(doc)
                    .map(|(f, d)| d.analysis(f.span.clone()))
                    .unwrap_or_default()
                    .to_string(),
                message: c.message.clone(),
            })
        })
        .collect();
    let count = findings.len();
    let file = File {
        version: VERSION,
        tool: format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
        findings,
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    (text, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fingerprints_of_a_version_1_file() {
        let b = Baseline::parse(
            r#"{"version": 1, "findings": [{"fingerprint": "00ff", "rule": "table.footing"}]}"#,
        )
        .unwrap();
        assert!(b.contains("00ff"));
        assert_eq!(b.len(), 1);
    }

    #[test]
    fn rejects_another_version_and_what_is_not_a_baseline() {
        let v2 = Baseline::parse(r#"{"version": 2, "findings": []}"#).unwrap_err();
        assert!(v2.contains("version 2 is not supported"), "{v2}");
        let other = Baseline::parse(r#"{"version": 1}"#).unwrap_err();
        assert!(other.contains("not a tieout baseline"), "{other}");
    }
}
