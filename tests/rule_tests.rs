//! The built-in rules' own `tests:` pass, and `tieout test` reports a broken rule test.

use assert_cmd::Command;
use predicates::prelude::*;

#[test]
fn every_builtin_rule_has_tests_and_they_pass() {
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .arg("test")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(output).expect("UTF-8");
    assert!(!out.contains("has no tests"), "{out}");
    assert!(!out.contains("FAILED"), "{out}");
    let last = out.lines().last().expect("a summary line");
    let passed: usize = last
        .strip_prefix("rule-tests: ")
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("`rule-tests: N passed, 0 failed`");
    assert!(passed >= 12, "{out}");
}

#[test]
fn a_rule_test_that_expects_a_finding_on_a_correct_table_fails() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("wrong-test.yaml"),
        "id: team.footing\ntitle: t\nfooting: {}\ntests:\n  - fail: |\n      项目\t2024年度\n      甲\t1.00\n      乙\t2.00\n      合计\t3.00\n",
    )
    .expect("write rule");
    Command::cargo_bin("tieout")
        .expect("binary")
        .arg("test")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "FAILED team.footing #1 (fail): expected a finding, got none",
        ))
        .stdout(predicate::str::contains("rule-tests: 0 passed, 1 failed"));
}

#[test]
fn a_fail_test_must_name_the_figures_it_lists() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("names.yaml"),
        "id: team.footing\ntitle: t\nfooting: {}\ntests:\n  - fail: |\n      项目\t2024年度\n      甲\t1.00\n      乙\t2.00\n      合计\t4.00\n    names: ['4.00', '9.99']\n",
    )
    .expect("write rule");
    Command::cargo_bin("tieout")
        .expect("binary")
        .arg("test")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("do not name `9.99`"));
}

/// The checked-in schema is what the rule types generate: editors see the real format.
#[test]
fn the_checked_in_schema_is_up_to_date() {
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .arg("schema")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let generated = String::from_utf8(output).expect("UTF-8");
    let checked_in =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/schema.json"))
            .expect("rules/schema.json");
    assert!(
        generated == checked_in,
        "rules/schema.json is stale: run `cargo run -- schema > rules/schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&generated).expect("JSON");
    for key in [
        "footing",
        "percent_total",
        "share_of_total",
        "change_column",
        "bind",
        "assert",
        "tests",
    ] {
        assert!(
            schema["properties"].get(key).is_some(),
            "schema lacks `{key}`"
        );
    }
}

#[test]
fn explain_prints_the_rule_sections() {
    Command::cargo_bin("tieout")
        .expect("binary")
        .args(["explain", "table.footing"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("## What it does"))
        .stdout(predicate::str::contains("## Why it matters"))
        .stdout(predicate::str::contains("## Example"));
    Command::cargo_bin("tieout")
        .expect("binary")
        .args(["explain", "no.such-rule"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the rules are: doc.agreement, prose.cagr, prose.growth-rate",
        ));
}

/// The README's tutorial rule is a real file whose tests pass.
#[test]
fn the_readme_tutorial_rule_passes_its_tests() {
    Command::cargo_bin("tieout")
        .expect("binary")
        .args(["test", "fixtures/rules"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("rule-tests: 2 passed, 0 failed"));
}
