//! `tieout audit --shard K/N`: N shards together give exactly the findings and checks of one
//! run, and the filings of one issuer stay in one shard.

use assert_cmd::Command;
use serde_json::Value;

fn audit(dir: &std::path::Path, shard: Option<&str>) -> Value {
    let mut cmd = Command::cargo_bin("tieout").expect("binary");
    cmd.args(["audit", "--no-config", "--format", "json", "--evidence"]);
    if let Some(shard) = shard {
        cmd.args(["--shard", shard]);
    }
    let output = cmd.arg(dir).output().expect("runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// The entries of a report's `field` (`checks`, `findings`) as comparable lines, sorted.
fn entries(report: &Value, field: &str) -> Vec<String> {
    let mut all: Vec<String> = report[field]
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| c.to_string())
        .collect();
    all.sort();
    all
}

/// A corpus of the five real filings, every fixture table, and a family: one issuer's reply
/// and a second reply of the same issuer (the fixture with its wrong digit).
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = env!("CARGO_MANIFEST_DIR");
    let filings = format!("{root}/../shared/filings");
    for entry in std::fs::read_dir(&filings).expect("filings") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
        }
    }
    for entry in std::fs::read_dir(format!("{root}/fixtures/tables")).expect("fixtures") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        std::fs::copy(&path, dir.path().join(format!("fixture-{name}"))).expect("copy");
    }
    let family = std::fs::read_to_string(format!("{root}/fixtures/tables/tabbed-wrong-digit.txt"))
        .expect("fixture");
    std::fs::write(dir.path().join("family-second-round.txt"), family).expect("write");
    dir
}

#[test]
fn shards_together_give_exactly_one_run() {
    let dir = corpus();
    let whole = audit(dir.path(), None);
    for n in [2, 3, 5] {
        let parts: Vec<Value> = (1..=n)
            .map(|k| audit(dir.path(), Some(&format!("{k}/{n}"))))
            .collect();
        let mut joined_checks: Vec<String> =
            parts.iter().flat_map(|p| entries(p, "checks")).collect();
        joined_checks.sort();
        assert_eq!(joined_checks, entries(&whole, "checks"), "{n} shards");
        let mut joined_findings: Vec<String> =
            parts.iter().flat_map(|p| entries(p, "findings")).collect();
        joined_findings.sort();
        assert_eq!(joined_findings, entries(&whole, "findings"), "{n} shards");
        assert!(!joined_findings.is_empty());
        let documents: u64 = parts
            .iter()
            .map(|p| p["summary"]["documents"].as_u64().expect("count"))
            .sum();
        assert_eq!(
            documents,
            whole["summary"]["documents"].as_u64().expect("count")
        );
    }
}

#[test]
fn the_filings_of_one_issuer_share_a_shard() {
    let dir = corpus();
    for k in 1..=4 {
        let report = audit(dir.path(), Some(&format!("{k}/4")));
        let paths: Vec<String> = report["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .filter_map(|c| c["locations"][0]["path"].as_str().map(str::to_string))
            .collect();
        let first = paths
            .iter()
            .any(|p| p.ends_with("fixture-tabbed-wrong-digit.txt"));
        let second = paths.iter().any(|p| p.ends_with("family-second-round.txt"));
        assert_eq!(first, second, "shard {k}/4 splits the family");
    }
}

#[test]
fn a_malformed_shard_is_refused_with_status_2() {
    for bad in ["0/3", "4/3", "x", "1/0"] {
        Command::cargo_bin("tieout")
            .expect("binary")
            .args(["audit", "--shard", bad, "fixtures/tables"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--shard"));
    }
}
