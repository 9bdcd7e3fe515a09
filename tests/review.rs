//! Configuration, baselines and waivers, end to end on filing 001 copied into a temporary
//! directory, with one genuine finding left in it: the 2019 share 38.23% of 无形资产摊销, line
//! 4224. (The copy prints the two growth rates the filing gets wrong, lines 1526 and 1617, as
//! they should be.)
//!
//! Exit statuses: a waived or baselined finding never fails the run; an expired waiver opens
//! its finding again (and is reported); a waiver that matches nothing is a warning.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;
use tempfile::TempDir;

const FILING_001: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/filings/001_b40ded9683c99a5e.txt"
);
const SIMPLE_TOTAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/tables/tabbed-simple-total.txt"
);

/// A temporary directory with filing 001 as `filings/001.txt` and, if given, a `tieout.yaml`.
fn workspace(config: Option<&str>) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join("filings")).expect("mkdir");
    let text = std::fs::read_to_string(FILING_001).expect("read the filing");
    let fixed: String = text
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| match i + 1 {
            1526 => line.replace("166.19%", "166.18%"),
            1617 => line.replace("18.27%", "18.28%"),
            _ => line.to_string(),
        })
        .collect();
    std::fs::write(dir.path().join("filings/001.txt"), fixed).expect("copy the filing");
    if let Some(config) = config {
        std::fs::write(dir.path().join("tieout.yaml"), config).expect("write the config");
    }
    dir
}

/// The binary run in `dir`, on a fixed "today" (2026-06-01) so that expiry never depends on
/// the day the tests run; a test that needs another day sets `TIEOUT_TODAY` itself.
fn tieout_in(dir: &Path) -> Command {
    let mut cmd = cargo_bin_cmd!("tieout");
    cmd.current_dir(dir).env("TIEOUT_TODAY", "2026-06-01");
    cmd
}

fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output).expect("stdout is JSON")
}

/// Rewrites filing 001 in `dir` line by line.
fn edit_filing(dir: &Path, edit: impl Fn(usize, &str) -> String) {
    let path = dir.join("filings/001.txt");
    let text = std::fs::read_to_string(&path).expect("read the copy");
    let edited: String = text
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| edit(i + 1, line))
        .collect();
    std::fs::write(&path, edited).expect("write the copy");
}

fn audit_json(dir: &Path, args: &[&str], code: i32) -> Value {
    let output = tieout_in(dir)
        .args(["audit", "--format", "json"])
        .args(args)
        .arg("filings")
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone();
    json_of(&output)
}

fn texts_of(findings: &Value) -> Vec<String> {
    findings
        .as_array()
        .expect("an array")
        .iter()
        .map(|f| {
            f["locations"][0]["text"]
                .as_str()
                .expect("text")
                .to_string()
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Baseline
// ---------------------------------------------------------------------------------------------

#[test]
fn write_baseline_records_the_finding_and_the_run_passes() {
    let dir = workspace(None);
    let report = audit_json(dir.path(), &["--write-baseline", "baseline.json"], 0);
    assert_eq!(report["findings"], serde_json::json!([]));
    assert_eq!(report["summary"]["baselined"], 1);
    let baseline: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("baseline.json")).expect("the baseline"),
    )
    .expect("JSON");
    assert_eq!(baseline["version"], 1);
    let entries = baseline["findings"].as_array().expect("findings");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["rule"], "table.share-of-total");
    assert_eq!(entries[0]["text"], "38.23%");
    assert_eq!(entries[0]["path"], "filings/001.txt");
    assert!(
        entries[0].get("line").is_none(),
        "no line numbers in a baseline"
    );
}

#[test]
fn baseline_survives_a_paragraph_inserted_above_the_finding() {
    let dir = workspace(None);
    let before = audit_json(dir.path(), &["--write-baseline", "baseline.json"], 0);
    assert_eq!(before["summary"]["baselined"], 1);
    // A new paragraph of prose and a blank line, well above the table of line 4224.
    edit_filing(dir.path(), |n, line| {
        if n == 4000 {
            format!("本段为新增的说明，与上表无关。\n\n{line}")
        } else {
            line.to_string()
        }
    });
    let after = audit_json(dir.path(), &["--baseline", "baseline.json"], 0);
    assert_eq!(after["findings"], serde_json::json!([]));
    assert_eq!(after["summary"]["failed"], 1);
    assert_eq!(after["summary"]["baselined"], 1);
    // Without the baseline the same finding is there, two lines further down.
    let plain = audit_json(dir.path(), &[], 1);
    assert_eq!(plain["findings"][0]["locations"][0]["line"], 4226);
}

#[test]
fn baseline_catches_a_new_wrong_figure_and_keeps_the_old_one_quiet() {
    let dir = workspace(None);
    audit_json(dir.path(), &["--write-baseline", "baseline.json"], 0);
    // One wrong digit in the same table: the 2022 share of 固定资产折旧, 92.64% → 93.64%.
    edit_filing(dir.path(), |n, line| {
        if n == 4223 {
            line.replace("92.64%", "93.64%")
        } else {
            line.to_string()
        }
    });
    let after = audit_json(dir.path(), &["--baseline", "baseline.json"], 1);
    let texts = texts_of(&after["findings"]);
    assert!(texts.contains(&"93.64%".to_string()), "{texts:?}");
    assert!(!texts.contains(&"38.23%".to_string()), "{texts:?}");
    assert_eq!(after["summary"]["baselined"], 1);
}

#[test]
fn sarif_with_a_baseline_marks_new_results() {
    let dir = workspace(None);
    audit_json(dir.path(), &["--write-baseline", "baseline.json"], 0);
    std::fs::write(
        dir.path().join("empty-baseline.json"),
        "{\"version\": 1, \"findings\": []}",
    )
    .expect("write");
    let output = tieout_in(dir.path())
        .args([
            "audit",
            "--format",
            "sarif",
            "--baseline",
            "empty-baseline.json",
            "filings",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let log = json_of(&output);
    assert_eq!(log["runs"][0]["results"][0]["baselineState"], "new");
}

#[test]
fn a_baseline_that_cannot_be_read_exits_2() {
    let dir = workspace(None);
    std::fs::write(dir.path().join("bad.json"), "[1, 2]").expect("write");
    tieout_in(dir.path())
        .args(["audit", "--baseline", "bad.json", "filings"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("bad.json: not a tieout baseline"));
    tieout_in(dir.path())
        .args(["audit", "--baseline", "missing.json", "filings"])
        .assert()
        .code(2)
        .stderr(contains("missing.json: cannot read the baseline"));
}

// ---------------------------------------------------------------------------------------------
// Waivers
// ---------------------------------------------------------------------------------------------

const WAIVER_BY_TEXT: &str = "\
waivers:
  - rule: table.share-of-total
    path: 'filings/*.txt'
    text: '38.23%'
    reason: 原文如此，已与发行人核对
    by: 张三
    expires: 2027-03-31
";

#[test]
fn a_waived_finding_does_not_fail_the_run_and_is_reported_as_waived() {
    let dir = workspace(Some(WAIVER_BY_TEXT));
    let report = audit_json(dir.path(), &[], 0);
    assert_eq!(report["findings"], serde_json::json!([]));
    assert_eq!(report["summary"]["waived"], 1);
    let waived = &report["waived"][0];
    assert_eq!(waived["rule"], "table.share-of-total");
    assert_eq!(waived["waiver"]["by"], "张三");
    assert_eq!(waived["waiver"]["reason"], "原文如此，已与发行人核对");
    assert_eq!(waived["waiver"]["expires"], "2027-03-31");
    assert_eq!(report["waiver_problems"], serde_json::json!([]));

    tieout_in(dir.path())
        .args(["audit", "--color", "never", "filings"])
        .env("TIEOUT_TODAY", "2027-03-31")
        .assert()
        .code(0)
        .stdout(contains(
            "waived table.share-of-total at filings/001.txt:4224:59 (38.23%): 原文如此，已与发行人核对 (by 张三, until 2027-03-31)",
        ))
        .stdout(contains("1 failed, 0 could not be decided, 1 waived"))
        .stdout(contains("×").not())
        .stderr("");
}

#[test]
fn a_waived_finding_is_a_suppressed_sarif_result_and_a_skipped_junit_case() {
    let dir = workspace(Some(WAIVER_BY_TEXT));
    let output = tieout_in(dir.path())
        .args(["audit", "--format", "sarif", "filings"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let log = json_of(&output);
    let suppression = &log["runs"][0]["results"][0]["suppressions"][0];
    assert_eq!(suppression["kind"], "external");
    assert_eq!(suppression["status"], "accepted");
    assert_eq!(suppression["justification"], "原文如此，已与发行人核对");
    assert_eq!(suppression["properties"]["by"], "张三");

    tieout_in(dir.path())
        .args(["audit", "--format", "junit", "filings"])
        .assert()
        .code(0)
        .stdout(contains(
            "<skipped message=\"waived by 张三: 原文如此，已与发行人核对 (until 2027-03-31)\"/>",
        ))
        .stdout(contains("failures=\"0\""));
    tieout_in(dir.path())
        .args(["audit", "--format", "github", "filings"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn a_waiver_by_fingerprint_copied_from_the_json_waives_the_finding() {
    let dir = workspace(None);
    let report = audit_json(dir.path(), &[], 1);
    let fingerprint = report["findings"][0]["fingerprint"]
        .as_str()
        .expect("a fingerprint")
        .to_string();
    std::fs::write(
        dir.path().join("tieout.yaml"),
        format!(
            "waivers:\n  - {{ rule: table.share-of-total, fingerprint: {fingerprint}, reason: 尾差, by: 李四 }}\n"
        ),
    )
    .expect("write the config");
    let report = audit_json(dir.path(), &[], 0);
    assert_eq!(report["waived"][0]["fingerprint"], fingerprint.as_str());
}

#[test]
fn an_expired_waiver_opens_its_finding_again_and_is_reported() {
    let dir = workspace(Some(WAIVER_BY_TEXT));
    let output = tieout_in(dir.path())
        .args(["audit", "--format", "json", "filings"])
        .env("TIEOUT_TODAY", "2027-04-01")
        .assert()
        .code(1)
        .stderr(contains(
            "warning: tieout.yaml:2: waiver (rule table.share-of-total, path filings/*.txt, text 38.23%) expired on 2027-03-31; the 1 finding it matches is open again",
        ))
        .get_output()
        .stdout
        .clone();
    let report = json_of(&output);
    assert_eq!(texts_of(&report["findings"]), ["38.23%"]);
    assert_eq!(report["summary"]["waived"], 0);
    assert_eq!(report["waiver_problems"][0]["status"], "expired");
    assert_eq!(report["waiver_problems"][0]["line"], 2);

    tieout_in(dir.path())
        .args(["audit", "--format", "github", "filings"])
        .env("TIEOUT_TODAY", "2027-04-01")
        .assert()
        .code(1)
        .stdout(contains("::error file=filings/001.txt,line=4224"))
        .stdout(contains(
            "::warning file=tieout.yaml,line=2,title=tieout waiver::waiver",
        ));
}

#[test]
fn a_waiver_that_matches_nothing_is_a_warning_and_does_not_fail_a_clean_run() {
    let config = "\
waivers:
  - rule: table.footing
    text: '99,999.99'
    reason: 已更正
    by: 王五
";
    let dir = workspace(Some(config));
    std::fs::remove_file(dir.path().join("filings/001.txt")).expect("remove");
    std::fs::copy(SIMPLE_TOTAL, dir.path().join("filings/clean.txt")).expect("copy");
    let output = tieout_in(dir.path())
        .args(["audit", "--format", "sarif", "filings"])
        .assert()
        .code(0)
        .stderr(contains(
            "warning: tieout.yaml:2: waiver (rule table.footing, text 99,999.99) matches no finding",
        ))
        .get_output()
        .stdout
        .clone();
    let log = json_of(&output);
    let notification = &log["runs"][0]["invocations"][0]["toolConfigurationNotifications"][0];
    assert_eq!(notification["level"], "warning");
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
}

#[test]
fn an_unmatched_waiver_beside_an_open_finding_still_fails_on_the_finding() {
    let config = "waivers:\n  - { rule: table.share-of-total, text: '1.00%', reason: r, by: b }\n";
    let dir = workspace(Some(config));
    let report = audit_json(dir.path(), &[], 1);
    assert_eq!(report["waiver_problems"][0]["status"], "unmatched");
    assert_eq!(texts_of(&report["findings"]), ["38.23%"]);
}

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

#[test]
fn a_mistake_in_the_configuration_exits_2_pointing_into_it() {
    let dir = workspace(Some("fail_on: error\nwaviers: []\n"));
    tieout_in(dir.path())
        .args(["audit", "filings"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("tieout.yaml: unknown field `waviers`"))
        .stderr(contains("[tieout.yaml:2:1]"))
        .stderr(contains("did you mean `waivers`?"));
}

#[test]
fn every_mistake_of_a_waiver_is_reported_at_once() {
    let config = "\
waivers:
  - rule: table.share-of-totl
    text: '38.23%'
    by: 张三
    expires: 2027-02-30
";
    let dir = workspace(Some(config));
    tieout_in(dir.path())
        .args(["audit", "filings"])
        .assert()
        .code(2)
        .stderr(contains("waiver 1 needs `reason:`"))
        .stderr(contains("`2027-02-30` is not a date"))
        .stderr(contains("[tieout.yaml:5:14]"));
}

#[test]
fn an_unknown_rule_in_the_configuration_is_placed_with_a_suggestion() {
    let dir = workspace(Some("disable:\n  - table.share-of-totl\n"));
    tieout_in(dir.path())
        .args(["audit", "filings"])
        .assert()
        .code(2)
        .stderr(contains("tieout.yaml: no rule `table.share-of-totl`"))
        .stderr(contains("[tieout.yaml:2:5]"))
        .stderr(contains("did you mean `table.share-of-total`?"));
}

#[test]
fn the_configuration_is_found_in_a_parent_directory() {
    let dir = workspace(Some("disable: [table.share-of-total]\n"));
    tieout_in(&dir.path().join("filings"))
        .args(["audit", "001.txt"])
        .assert()
        .code(0)
        .stdout(contains("0 failed"));
    // --no-config ignores it; --config names another.
    tieout_in(&dir.path().join("filings"))
        .args(["audit", "--no-config", "001.txt"])
        .assert()
        .code(1);
    tieout_in(dir.path())
        .args(["audit", "--config", "missing.yaml", "filings"])
        .assert()
        .code(2)
        .stderr(contains("missing.yaml: cannot read the configuration"));
}

#[test]
fn severity_and_fail_on_from_the_configuration_decide_the_exit_status() {
    let dir = workspace(Some("severity:\n  table.share-of-total: warning\n"));
    let report = audit_json(dir.path(), &[], 0);
    assert_eq!(report["findings"][0]["severity"], "warning");
    std::fs::write(
        dir.path().join("tieout.yaml"),
        "fail_on: warning\nseverity: { table.share-of-total: warning }\n",
    )
    .expect("write");
    audit_json(dir.path(), &[], 1);
    // The command line wins over the file.
    audit_json(dir.path(), &["--fail-on", "never"], 0);
}

#[test]
fn excluded_files_are_passed_over_in_directory_walks() {
    let dir = workspace(Some("exclude: ['001.txt']\n"));
    std::fs::copy(SIMPLE_TOTAL, dir.path().join("filings/clean.txt")).expect("copy");
    let report = audit_json(dir.path(), &[], 0);
    assert_eq!(report["summary"]["documents"], 1);
}

#[test]
fn rule_paths_in_the_configuration_are_relative_to_it() {
    let dir = workspace(Some("rules: [my-rules]\ndefault_rules: false\n"));
    std::fs::create_dir(dir.path().join("my-rules")).expect("mkdir");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/rules/footing.yaml"),
        dir.path().join("my-rules/footing.yaml"),
    )
    .expect("copy a rule");
    let report = audit_json(dir.path(), &[], 0);
    assert_eq!(report["summary"]["failed"], 0);
    let missing = workspace(Some("rules: [no-such-rules]\n"));
    tieout_in(missing.path())
        .args(["audit", "filings"])
        .assert()
        .code(2)
        .stderr(contains("no such rule file or directory"))
        .stderr(contains("[tieout.yaml:1:9]"));
}

#[test]
fn groups_name_the_junit_test_suites() {
    let dir = workspace(Some(
        "groups:\n  - name: 中芯集成 IPO\n    paths: ['filings/*']\n",
    ));
    tieout_in(dir.path())
        .args(["audit", "--format", "junit", "filings"])
        .assert()
        .code(1)
        .stdout(contains("<testsuite name=\"中芯集成 IPO\""));
}
