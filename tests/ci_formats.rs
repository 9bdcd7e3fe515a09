//! The formats for CI on a real filing: SARIF (validated against the official 2.1.0 schema),
//! JUnit XML and GitHub workflow commands; `--output`; nothing meant for a person on stdout.
//!
//! Under the table rules of footing and shares, filing 001 has one genuine finding: the 2019
//! share of 无形资产摊销 on line 4224 (38.23% printed, 984.74 / 2,576.45 = 38.22%). The tests
//! run those three rules, so that what they pin does not move when the pack grows.

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

const FILING_001: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/filings/001_b40ded9683c99a5e.txt"
);

/// The official SARIF 2.1.0 schema (OASIS, errata 01), as published with the standard.
const SARIF_SCHEMA: &str = include_str!("sarif-schema-2.1.0.json");

/// The binary, with no configuration file read from wherever the tests run, and the rules of
/// footing and shares.
fn tieout() -> Command {
    let mut cmd = cargo_bin_cmd!("tieout");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.arg("audit").arg("--no-config").args([
        "--no-default-rules",
        "--rules",
        "rules/footing.yaml",
        "--rules",
        "rules/percent-total.yaml",
        "--rules",
        "rules/share-of-total.yaml",
    ]);
    cmd
}

fn stdout_of(args: &[&str], code: i32) -> String {
    let output = tieout()
        .args(args)
        .assert()
        .code(code)
        .stderr("")
        .get_output()
        .stdout
        .clone();
    String::from_utf8(output).expect("stdout is UTF-8")
}

fn sarif_errors(log: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(SARIF_SCHEMA).expect("the schema is JSON");
    let validator = jsonschema::draft4::new(&schema).expect("the schema compiles");
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_on_a_real_filing_validates_against_the_official_schema() {
    let text = stdout_of(&["--format", "sarif", FILING_001], 1);
    let log: Value = serde_json::from_str(&text).expect("stdout is one JSON document");
    let errors = sarif_errors(&log);
    assert!(errors.is_empty(), "{errors:#?}");

    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("driver rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        rules,
        [
            "table.footing",
            "table.percent-total",
            "table.share-of-total"
        ]
    );
    let share_rule = &run["tool"]["driver"]["rules"][2];
    assert!(share_rule["shortDescription"]["text"].is_string());
    assert_eq!(share_rule["defaultConfiguration"]["level"], "error");

    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    let result = &results[0];
    assert_eq!(result["ruleId"], "table.share-of-total");
    assert_eq!(result["ruleIndex"], 2);
    assert_eq!(result["level"], "error");
    assert!(result["suppressions"].is_null());
    // Every figure of the check is a location: share, amount, total amount, total share.
    let spots: Vec<(u64, u64, &str)> = result["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| {
            let region = &l["physicalLocation"]["region"];
            (
                region["startLine"].as_u64().expect("line"),
                region["startColumn"].as_u64().expect("column"),
                region["snippet"]["text"].as_str().expect("snippet"),
            )
        })
        .collect();
    assert_eq!(
        spots,
        [
            (4224, 59, "38.23%"),
            (4224, 52, "984.74"),
            (4225, 56, "2,576.45"),
            (4225, 65, "100.00%")
        ]
    );
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["endColumn"], 65);
    assert_eq!(region["byteLength"], 6);
    let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .expect("uri");
    assert!(
        uri.ends_with("/shared/filings/001_b40ded9683c99a5e.txt"),
        "{uri}"
    );
    assert_eq!(
        result["partialFingerprints"]["tieoutFingerprint/v1"]
            .as_str()
            .map(str::len),
        Some(16)
    );
}

#[test]
fn sarif_over_all_fixtures_validates_against_the_official_schema() {
    let text = stdout_of(&["--format", "sarif", "fixtures"], 1);
    let log: Value = serde_json::from_str(&text).expect("JSON");
    let errors = sarif_errors(&log);
    assert!(errors.is_empty(), "{errors:#?}");
    // The findings of fixtures/README.md under footing and shares: all but the three of
    // `change_column`.
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(7));
}

#[test]
fn sarif_schema_check_rejects_a_broken_log() {
    // The validator is really checking: a result without a message is not SARIF.
    let broken = serde_json::json!({
        "version": "2.1.0",
        "runs": [{ "tool": { "driver": { "name": "tieout" } }, "results": [{ "ruleId": "x" }] }]
    });
    assert!(!sarif_errors(&broken).is_empty());
}

#[test]
fn junit_on_a_real_filing_has_a_case_per_check_and_one_failure() {
    let json: Value =
        serde_json::from_str(&stdout_of(&["--format", "json", FILING_001], 1)).expect("JSON");
    let checks = json["summary"]["checks"].as_u64().expect("checks");
    let xml = stdout_of(&["--format", "junit", FILING_001], 1);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    assert_eq!(xml.matches("<testcase ").count() as u64, checks);
    assert!(xml.contains(&format!(
        "<testsuites name=\"tieout\" tests=\"{checks}\" failures=\"1\" errors=\"0\" skipped=\"0\">"
    )));
    assert_eq!(xml.matches("<failure ").count(), 1);
    let failure = &xml[xml.find("<failure ").expect("a failure")..];
    assert!(failure.starts_with(
        "<failure message=\"share in column 2019年度 / 占比: 无形资产摊销 is printed as 38.23%"
    ));
    assert!(failure.contains("type=\"table.share-of-total\""));
    assert!(failure.contains(":4224:59: share 38.23%&#10;"));
    assert!(xml.contains("name=\"4224:59 share 38.23%\" classname=\"table.share-of-total\""));
    assert!(xml.trim_end().ends_with("</testsuites>"));
}

#[test]
fn github_on_a_real_filing_is_one_error_annotation_at_the_share() {
    let text = stdout_of(&["--format", "github", FILING_001], 1);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    let line = lines[0];
    assert!(line.starts_with("::error file="), "{line}");
    assert!(
        line.contains(
            "001_b40ded9683c99a5e.txt,line=4224,col=59,endLine=4224,endColumn=65,title=table.share-of-total::"
        ),
        "{line}"
    );
    // `%` and line breaks are escaped as the runner reads them.
    assert!(line.contains("printed as 38.23%25 but"), "{line}");
    assert!(
        line.contains("%0Aamount 984.74 at line 4224, column 52"),
        "{line}"
    );
}

#[test]
fn github_on_a_clean_fixture_prints_nothing() {
    let text = stdout_of(
        &[
            "--format",
            "github",
            "fixtures/tables/tabbed-simple-total.txt",
        ],
        0,
    );
    assert_eq!(text, "");
}

#[test]
fn machine_formats_put_nothing_for_a_person_on_stdout() {
    for format in ["json", "sarif", "junit", "github"] {
        let text = stdout_of(&["--format", format, "fixtures"], 1);
        assert!(!text.contains("documents,"), "{format}: {text}");
        assert!(!text.contains('×'), "{format}");
        assert!(!text.contains("warning:"), "{format}");
        match format {
            "json" | "sarif" => {
                serde_json::from_str::<Value>(&text).expect("one JSON document");
            }
            "junit" => assert!(text.starts_with("<?xml")),
            _ => assert!(text.lines().all(|l| l.starts_with("::")), "{text}"),
        }
    }
}

#[test]
fn output_writes_the_report_to_a_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("report.sarif");
    tieout()
        .args(["--format", "sarif", "--output"])
        .arg(&out)
        .arg(FILING_001)
        .assert()
        .code(1)
        .stdout("")
        .stderr("");
    let log: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("the report")).expect("JSON");
    assert!(sarif_errors(&log).is_empty());
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(1));
}

#[test]
fn output_to_a_directory_that_does_not_exist_exits_2() {
    tieout()
        .args(["--output", "no-such-dir/report.txt", FILING_001])
        .assert()
        .code(2)
        .stderr(contains(
            "cannot write the report to no-such-dir/report.txt",
        ));
}

#[test]
fn human_output_to_a_file_has_no_colour() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("report.txt");
    tieout()
        .args(["--output"])
        .arg(&out)
        .arg(FILING_001)
        .assert()
        .code(1)
        .stdout("");
    let text = std::fs::read_to_string(&out).expect("the report");
    assert!(text.contains("001_b40ded9683c99a5e.txt:4224:59]"), "{text}");
    assert!(!text.contains('\u{1b}'), "no escape sequences in a file");
    assert!(text.contains("1 failed"));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    // 22 fixture filings would show a bar on a terminal; captured stderr must stay empty.
    tieout()
        .args(["--format", "json", "-j", "2", "fixtures"])
        .assert()
        .stderr(predicate::str::is_empty());
}
