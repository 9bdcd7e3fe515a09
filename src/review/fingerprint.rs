//! Fingerprints of findings: what a baseline records and a waiver may name.
//!
//! A fingerprint is built from the rule, and for every figure of the check its role, its text
//! as printed and its label (row and column, or concept and period) — never from a line, a
//! column or a byte offset, so that inserting or moving a paragraph elsewhere leaves every
//! other finding's fingerprint as it was. Identical findings (the same table printed twice)
//! are told apart by an occurrence index, counted in report order.

use std::collections::HashMap;

use crate::eval::{Check, Verdict};
use crate::source::Document;

/// Bumped if the material hashed ever changes, so that old baselines stop matching rather
/// than match the wrong findings.
const SCHEME: &str = "tieout-fingerprint-v1";

/// Gives every failing check its fingerprint. `checks` must be in report order.
pub fn assign(checks: &mut [Check], documents: &[Document]) {
    let mut seen: HashMap<String, u32> = HashMap::new();
    for check in checks.iter_mut().filter(|c| c.verdict == Verdict::Fail) {
        let material = material(check, documents);
        let occurrence = seen.entry(material.clone()).or_insert(0);
        let hash = fnv1a64(format!("{material}\u{1d}{occurrence}").as_bytes());
        *occurrence += 1;
        check.fingerprint = Some(format!("{hash:016x}"));
    }
}

/// What a fingerprint is a hash of: rule, then role, printed text and label of each figure.
fn material(check: &Check, documents: &[Document]) -> String {
    let mut out = format!("{SCHEME}\u{1e}{}", check.rule);
    for figure in &check.figures {
        let text = documents
            .get(figure.doc)
            .map(|d| d.analysis(figure.span.clone()))
            .unwrap_or_default();
        let role = figure.name.as_deref().unwrap_or(figure.role.name());
        out.push('\u{1e}');
        out.push_str(role);
        out.push('\u{1f}');
        out.push_str(text);
        out.push('\u{1f}');
        out.push_str(&figure.label);
    }
    out
}

/// 64-bit FNV-1a: a fixed, documented algorithm, so fingerprints stay the same across Rust
/// releases and platforms (std's `DefaultHasher` promises neither).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(PRIME))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{FigureRef, Role};

    fn doc(text: &str) -> Document {
        Document::new(0, "a.txt".into(), text.to_string())
    }

    fn check(rule: &str, figures: &[(std::ops::Range<usize>, &str)]) -> Check {
        Check {
            rule: rule.to_string(),
            severity: crate::rules::Severity::Error,
            verdict: Verdict::Fail,
            message: String::new(),
            expected: None,
            actual: None,
            difference: None,
            tolerance: None,
            figures: figures
                .iter()
                .map(|(span, label)| FigureRef {
                    doc: 0,
                    span: span.clone(),
                    role: Role::Total,
                    name: None,
                    label: label.to_string(),
                })
                .collect(),
            note: None,
            fingerprint: None,
            disposition: Default::default(),
        }
    }

    #[test]
    fn fnv1a64_matches_the_published_test_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn a_finding_moved_down_the_file_keeps_its_fingerprint() {
        let before = doc("合计\t100\n");
        let after = doc("新的一段。\n\n合计\t100\n");
        let mut a = [check("table.footing", &[(7..10, "合计 @ 2024")])];
        let mut b = [check("table.footing", &[(24..27, "合计 @ 2024")])];
        assert_eq!(&after.text[24..27], "100");
        assert_eq!(&before.text[7..10], "100");
        assign(&mut a, &[before]);
        assign(&mut b, &[after]);
        assert_eq!(a[0].fingerprint, b[0].fingerprint);
        assert_eq!(a[0].fingerprint.as_deref().map(str::len), Some(16));
    }

    #[test]
    fn a_changed_figure_or_label_changes_the_fingerprint() {
        let d = doc("合计\t100\t101\n");
        let mut checks = [
            check("table.footing", &[(7..10, "合计 @ 2024")]),
            check("table.footing", &[(11..14, "合计 @ 2024")]),
            check("table.footing", &[(7..10, "合计 @ 2023")]),
            check("table.percent-total", &[(7..10, "合计 @ 2024")]),
        ];
        assign(&mut checks, &[d]);
        let mut prints: Vec<_> = checks.iter().map(|c| c.fingerprint.clone()).collect();
        prints.sort();
        prints.dedup();
        assert_eq!(prints.len(), 4);
    }

    #[test]
    fn identical_findings_are_told_apart_by_their_occurrence() {
        let d = doc("合计\t100\n合计\t100\n");
        let mut checks = [
            check("table.footing", &[(7..10, "合计 @ 2024")]),
            check("table.footing", &[(18..21, "合计 @ 2024")]),
        ];
        assign(&mut checks, &[d]);
        assert_ne!(checks[0].fingerprint, checks[1].fingerprint);
    }
}
