//! `tieout test`: run the `tests:` of rule files, as ast-grep and Semgrep run theirs.
//!
//! Each snippet becomes a document of its own and goes through the whole pipeline with only
//! the rule under test; a test written as several named files (for a `scope: corpus` rule)
//! audits them together as the documents of one issuer. A `pass:` snippet must give at least one check and no finding (a rule
//! that never applies passes nothing); a `fail:` snippet must give a finding, and every figure
//! listed in `names:` must be named by one.

use std::path::PathBuf;

use crate::audit::audit;
use crate::eval::Verdict;
use crate::rules::{Rule, RuleSet, RuleTest};
use crate::source::Document;

/// The outcome of one test.
#[derive(Debug, Clone)]
pub struct TestOutcome {
    pub rule: String,
    /// 1-based position in the rule's `tests:` list.
    pub number: usize,
    pub expect_fail: bool,
    /// `None` when the test passed; otherwise what went wrong.
    pub problem: Option<String>,
}

/// Runs one test of one rule.
fn run_one(rule: &Rule, rules: &RuleSet, number: usize, test: &RuleTest) -> TestOutcome {
    let only = rules.only(rule);
    let documents: Vec<Document> = test
        .documents
        .iter()
        .enumerate()
        .map(|(id, (name, text))| {
            let mut path = PathBuf::from(format!("{}#test-{number}", rule.id));
            if !name.is_empty() {
                path.push(name);
            }
            let mut doc = Document::new(id, path, text.clone());
            // The files of one test are the documents of one issuer, whatever they name.
            if test.documents.len() > 1 {
                doc.entity = Some(format!("{}#test-{number}", rule.id));
            }
            doc
        })
        .collect();
    let outcome = audit(&documents, &only);
    let failing: Vec<_> = outcome
        .checks
        .iter()
        .filter(|c| c.verdict == Verdict::Fail)
        .collect();
    let problem = if test.expect_fail {
        if failing.is_empty() {
            Some(format!(
                "expected a finding, got none ({} checks passed)",
                outcome.checks.len()
            ))
        } else {
            let named: Vec<&str> = failing
                .iter()
                .flat_map(|c| c.figures.iter())
                .filter_map(|f| Some(documents.get(f.doc)?.printed(f.span.clone())))
                .collect();
            let missing: Vec<&String> = test
                .names
                .iter()
                .filter(|n| !named.contains(&n.as_str()))
                .collect();
            (!missing.is_empty()).then(|| {
                format!(
                    "the findings do not name {}; they name {}",
                    missing
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    named
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
        }
    } else if let Some(first) = failing.first() {
        Some(format!("expected no finding, got: {}", first.message))
    } else if outcome.checks.is_empty() {
        Some("expected the rule to check something, but it found nothing to check".to_string())
    } else {
        None
    };
    TestOutcome {
        rule: rule.id.clone(),
        number,
        expect_fail: test.expect_fail,
        problem,
    }
}

/// Runs every test of every rule, in rule order.
pub fn run(rules: &RuleSet) -> Vec<TestOutcome> {
    let mut outcomes = Vec::new();
    for rule in &rules.rules {
        for (i, test) in rule.tests.iter().enumerate() {
            outcomes.push(run_one(rule, rules, i + 1, test));
        }
    }
    outcomes
}
