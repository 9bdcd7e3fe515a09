//! Rule files come from colleagues and run unattended: a huge regex, a deeply nested or
//! endless expression, a rule pairing every fact with every other are refused or stopped
//! with a message that says what to change, in bounded time, and never crash the run.

use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/tables");
const FILING_001: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/filings/001_b40ded9683c99a5e.txt"
);

/// `tieout audit PATH --rules RULE_FILE` with the rule file written in a temporary directory
/// (paths print as `rule.yaml`), stopped after a minute whatever happens.
fn audit_with_rule(path: &str, rule: &str) -> (tempfile::TempDir, Command) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("rule.yaml"), rule).expect("write the rule");
    let mut cmd = cargo_bin_cmd!("tieout");
    cmd.current_dir(dir.path())
        .args(["audit", path, "--rules", "rule.yaml"])
        .timeout(Duration::from_secs(60));
    (dir, cmd)
}

fn no_crash() -> impl Predicate<str> {
    contains("panicked").not().and(contains("overflow").not())
}

fn general_rule(id: &str, bind: &str, assert: &str) -> String {
    format!(
        "id: {id}\ntitle: a hostile rule\nseverity: error\nbind:\n{bind}\nsame: [document, period]\nassert: {assert}\n"
    )
}

#[test]
fn a_regex_too_large_to_compile_is_refused_at_its_key() {
    let rule = general_rule(
        "team.huge-regex",
        "  a: { concept: '(?:\\w{100}){100}' }\n  b: { unit: money }",
        "a == b",
    );
    let (_dir, mut cmd) = audit_with_rule(FIXTURES, &rule);
    cmd.assert()
        .code(2)
        .stderr(contains(
            "rule.yaml: rule `team.huge-regex`: `concept` is too large a regex",
        ))
        .stderr(contains("[rule.yaml:5:"))
        .stderr(no_crash());
}

#[test]
fn a_huge_footing_regex_is_refused_and_its_pattern_not_repeated_whole_in_the_help() {
    let alternatives: Vec<String> = (0..2_000).map(|i| format!("\\w{{50}}合计{i}")).collect();
    let rule = format!(
        "id: team.huge-footing\ntitle: a footing with a huge regex\nseverity: error\nfooting:\n  total_rows: '{}'\n",
        alternatives.join("|")
    );
    let started = Instant::now();
    let (_dir, mut cmd) = audit_with_rule(FIXTURES, &rule);
    let assert = cmd
        .assert()
        .code(2)
        .stderr(contains("`total_rows` is too large a regex"))
        .stderr(no_crash());
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let help = stderr.split("help:").nth(1).unwrap_or_default();
    assert!(
        help.contains("合计1|") && !help.contains("合计1999"),
        "the help cuts the pattern short"
    );
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn a_deeply_nested_expression_is_refused_at_its_column() {
    let deep = format!("{}a{} == a", "(".repeat(100), ")".repeat(100));
    let rule = general_rule("team.deep", "  a: { unit: money }", &deep);
    let (_dir, mut cmd) = audit_with_rule(FIXTURES, &rule);
    cmd.assert()
        .code(2)
        .stderr(contains("expression nested deeper than 64 levels"))
        .stderr(contains("[rule.yaml:7:73]"))
        .stderr(no_crash());
}

#[test]
fn a_deeply_nested_call_is_refused() {
    let deep = format!("{}a{} == a", "abs(".repeat(100), ")".repeat(100));
    let rule = general_rule("team.deep-calls", "  a: { unit: money }", &deep);
    let (_dir, mut cmd) = audit_with_rule(FIXTURES, &rule);
    cmd.assert()
        .code(2)
        .stderr(contains("nested deeper than 64 levels"))
        .stderr(no_crash());
}

/// Regression: a 200,000-term `a + a + …` overflowed the stack (the tree is as deep as the
/// chain is long).
#[test]
fn a_long_flat_expression_is_refused_not_a_stack_overflow() {
    let chain = vec!["a"; 200_000].join(" + ") + " == a";
    let rule = general_rule("team.flat", "  a: { unit: money }", &chain);
    let (_dir, mut cmd) = audit_with_rule(FIXTURES, &rule);
    cmd.assert()
        .code(2)
        .stderr(contains("expression longer than 1000 tokens"))
        .stderr(no_crash());
}

/// Regression: 100,000 nested `[` took the YAML reader 36 s (release) to refuse.
#[test]
fn deeply_nested_yaml_is_refused_at_once_not_after_quadratic_parsing() {
    let rule = format!(
        "id: team.yaml\ntitle: nested\nseverity: error\nbind: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (_dir, mut cmd) = audit_with_rule(FIXTURES, &rule);
    cmd.assert()
        .code(2)
        .stderr(contains("rule.yaml"))
        .stderr(no_crash());
}

/// Three bindings over every money figure of 001, in no common key: billions of
/// combinations. The rule stops at the bound with a warning that says what to change; the
/// built-in rules' finding still stands.
#[test]
fn a_rule_pairing_every_fact_with_every_other_stops_with_a_message_in_bounded_time() {
    let rule = "id: team.every-pair\ntitle: every figure equals every other\nseverity: error\n\
                bind:\n  a: { unit: money }\n  b: { unit: money }\n  c: { unit: money }\n\
                same: []\nassert: a + b == c\n";
    let started = Instant::now();
    let (_dir, mut cmd) = audit_with_rule(FILING_001, rule);
    cmd.args(["--format", "json", "--evidence"]);
    let assert = cmd
        .assert()
        .code(1)
        .stderr(contains(
            "warning: rule `team.every-pair` would evaluate more than 20000 combinations of facts",
        ))
        .stderr(contains("narrow its selectors or add keys to `same:`"))
        .stderr(no_crash());
    let report: serde_json::Value =
        serde_json::from_slice(&assert.get_output().stdout).expect("JSON");
    let stopped = report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["rule"] == "team.every-pair")
        .count();
    assert_eq!(
        stopped, 1,
        "one indeterminate check says why the rule stopped"
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "bounded: {:?}",
        started.elapsed()
    );
}

#[test]
fn a_rule_file_of_a_million_lines_is_read_in_bounded_time() {
    let rule = general_rule("team.long", "  a: { unit: money }", "a == a");
    let padding = "# a comment line\n".repeat(1_000_000);
    let (_dir, mut cmd) = audit_with_rule(FIXTURES, &(rule + &padding));
    cmd.assert().code(1).stderr(no_crash());
}

/// Regression (found by the `rule_loader` fuzz target): an expression error in a value the
/// YAML reader had folded over two lines was placed inside `利`, and slicing the rule file
/// there panicked. The error is now shown at the nearest character.
#[test]
fn a_rule_error_whose_span_falls_inside_a_character_is_reported_not_a_panic() {
    let rule = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/regressions/rule-error-span-inside-a-character.yaml"
    );
    cargo_bin_cmd!("tieout")
        .args(["rules", "--rules", rule])
        .timeout(Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(contains("is empty or has white space"))
        .stderr(no_crash());
}
