//! End-to-end tests of the `tieout` binary: exit statuses, warnings for files that cannot be
//! audited, rule-file diagnostics, the JSON contract, `facts` and `rules`.
//!
//! Exit statuses: 0 clean, 1 findings at or above `--fail-on`, 2 the tool could not do what
//! was asked. Fixture expectations come from `fixtures/README.md`.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::{json, Value};
use tempfile::TempDir;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

const WRONG_DIGIT: &str = "fixtures/tables/tabbed-wrong-digit.txt";
const SHARE_WRONG: &str = "fixtures/tables/tabbed-share-column-wrong.txt";
const SIMPLE_TOTAL: &str = "fixtures/tables/tabbed-simple-total.txt";

/// The binary, run from the package root so that fixture paths print as `fixtures/…`.
fn tieout() -> Command {
    let mut cmd = cargo_bin_cmd!("tieout");
    cmd.current_dir(MANIFEST_DIR);
    cmd
}

/// The binary, run inside `dir` so that paths of files written there print as bare names.
fn tieout_in(dir: &Path) -> Command {
    let mut cmd = cargo_bin_cmd!("tieout");
    cmd.current_dir(dir);
    cmd
}

/// A temporary directory holding the given files (name, bytes).
fn dir_with(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write a test file");
    }
    dir
}

fn fixture(path: &str) -> PathBuf {
    Path::new(MANIFEST_DIR).join(path)
}

fn no_panic() -> impl Predicate<str> {
    contains("panicked").not()
}

fn json_of(output: &[u8]) -> Value {
    serde_json::from_slice(output).expect("stdout is JSON")
}

// ---------------------------------------------------------------------------------------------
// Files that cannot be audited
// ---------------------------------------------------------------------------------------------

#[test]
fn empty_file_alone_is_warned_about_and_leaves_nothing_to_audit() {
    let dir = dir_with(&[("empty.txt", b"")]);
    tieout_in(dir.path())
        .args(["audit", "empty.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("warning: empty.txt: skipped: the file is empty"))
        .stderr(contains(
            "error: no text filings to audit in the paths given",
        ))
        .stderr(no_panic());
}

#[test]
fn empty_file_beside_a_fixture_with_a_finding_keeps_exit_1() {
    let dir = dir_with(&[("empty.txt", b"")]);
    let empty = dir.path().join("empty.txt");
    tieout()
        .args(["audit", "--color", "never", WRONG_DIGIT])
        .arg(&empty)
        .assert()
        .code(1)
        .stdout(contains(
            "1 document, 18 facts, 3 checks: 2 passed, 1 failed",
        ))
        .stderr(contains(format!(
            "warning: {}: skipped: the file is empty",
            empty.display()
        )))
        .stderr(contains("error:").not());
}

#[test]
fn empty_file_beside_a_clean_fixture_keeps_exit_0() {
    let dir = dir_with(&[("empty.txt", b"")]);
    let empty = dir.path().join("empty.txt");
    tieout()
        .args(["audit", "--color", "never", SIMPLE_TOTAL])
        .arg(&empty)
        .assert()
        .code(0)
        .stdout("1 document, 21 facts, 6 checks: 6 passed, 0 failed, 0 could not be decided\n")
        .stderr(contains(format!(
            "warning: {}: skipped: the file is empty",
            empty.display()
        )))
        .stderr(contains("error:").not());
}

#[test]
fn binary_file_with_nul_bytes_is_skipped_with_a_warning() {
    let dir = dir_with(&[("scan.txt", b"PK\x03\x04\x00\x00\x14\x00\xff\xfe\n\x00")]);
    tieout_in(dir.path())
        .args(["audit", "scan.txt"])
        .assert()
        .code(2)
        .stderr(contains(
            "warning: scan.txt: skipped: binary file (it contains NUL bytes",
        ))
        .stderr(contains("no text filings to audit"))
        .stderr(no_panic());
}

#[test]
fn binary_file_beside_a_clean_fixture_is_skipped_and_the_run_stays_clean() {
    let dir = dir_with(&[("scan.pdf", b"%PDF-1.7\n\x00\x01\x02binary")]);
    let binary = dir.path().join("scan.pdf");
    tieout()
        .args(["audit", SIMPLE_TOTAL])
        .arg(&binary)
        .assert()
        .code(0)
        .stdout(contains("1 document, 21 facts"))
        .stderr(contains(format!(
            "warning: {}: skipped: binary file",
            binary.display()
        )))
        .stderr(no_panic());
}

#[test]
fn gbk_file_is_decoded_and_its_figure_placed_in_characters() {
    let (gbk, _, _) = encoding_rs::GBK.encode("报告期内，营业收入为1,234万元。\n");
    let dir = dir_with(&[("gbk.txt", &gbk)]);
    let output = tieout_in(dir.path())
        .args(["facts", "gbk.txt", "--encoding", "gbk", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let facts = json_of(&output.stdout);
    let fact = &facts[0];
    assert_eq!(fact["text"], "1,234万元");
    assert_eq!((&fact["line"], &fact["column"]), (&json!(1), &json!(11)));
    // Byte offsets are in the file as stored: ten GBK characters of two bytes before it.
    assert_eq!(
        (&fact["byte_start"], &fact["byte_end"]),
        (&json!(20), &json!(29))
    );
}

#[test]
fn file_not_in_the_forced_encoding_is_an_error_and_the_text_file_is_still_audited() {
    let good = std::fs::read(fixture(SIMPLE_TOTAL)).expect("read the fixture");
    let dir = dir_with(&[
        ("a-gbk.txt", b"\xd3\xaa\xd2\xb5\xca\xd5\xc8\xeb\n"),
        ("b.txt", &good),
    ]);
    tieout_in(dir.path())
        .args(["audit", ".", "--encoding", "utf-8"])
        .assert()
        .code(2)
        .stdout(contains("1 document, 21 facts, 6 checks: 6 passed"))
        .stderr(contains(
            "error: ./a-gbk.txt: cannot be read: not valid UTF-8 (malformed bytes at offset",
        ));
}

#[test]
fn directory_with_no_files_exits_2_naming_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join("nothing-here")).expect("create a directory");
    tieout_in(dir.path())
        .args(["audit", "nothing-here"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "error: nothing-here: directory holds no files to audit",
        ));
}

#[test]
fn directory_with_only_documentation_exits_2_naming_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("create a directory");
    std::fs::write(docs.join("README.md"), "# notes\n").expect("write README");
    std::fs::write(docs.join("tieout.yaml"), "x: 1\n").expect("write config");
    tieout_in(dir.path())
        .args(["audit", "docs"])
        .assert()
        .code(2)
        .stderr(contains("error: docs: directory holds no files to audit"));
}

#[test]
fn missing_path_exits_2_naming_it() {
    tieout()
        .args(["audit", "fixtures/tables/no-such-filing.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "error: fixtures/tables/no-such-filing.txt: no such file or directory",
        ));
}

#[test]
fn missing_path_beside_a_good_fixture_still_exits_2() {
    // The good file is audited and reported, but what was asked could not all be done.
    tieout()
        .args(["audit", SIMPLE_TOTAL, "no-such-dir"])
        .assert()
        .code(2)
        .stdout(contains("1 document, 21 facts"))
        .stderr(contains("error: no-such-dir: no such file or directory"));
}

#[test]
fn facts_on_a_missing_path_exits_2_naming_it() {
    tieout()
        .args(["facts", "no-such-filing.txt"])
        .assert()
        .code(2)
        .stderr(contains("no-such-filing.txt: no such file or directory"));
}

// ---------------------------------------------------------------------------------------------
// Rule files: diagnostics through the binary
// ---------------------------------------------------------------------------------------------

/// `title: a: b` — a second `: ` inside a plain scalar; libyaml stops at that colon.
const YAML_SYNTAX_ERROR: &str = "id: my.rule\ntitle: a: b\nfooting: {}\n";

const UNKNOWN_KEY: &str = "\
id: my.rule
title: A rule with a typo
severty: error
footing: {}
";

const BAD_REGEX: &str = "\
id: my.rule
title: A total row regex that does not compile
footing:
  total_rows: '(合计'
";

const DUPLICATE_ID: &str = "\
id: table.footing
title: My own footing rule
footing: {}
";

#[test]
fn rule_file_with_yaml_syntax_error_exits_2_pointing_at_line_and_column() {
    let dir = dir_with(&[("bad.yaml", YAML_SYNTAX_ERROR.as_bytes())]);
    tieout_in(dir.path())
        .args(["audit", "--rules", "bad.yaml"])
        .arg(fixture(SIMPLE_TOTAL))
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "bad.yaml: mapping values are not allowed in this context",
        ))
        .stderr(contains("[bad.yaml:2:9]"))
        .stderr(contains(" 2 │ title: a: b"));
}

#[test]
fn rule_file_with_unknown_key_exits_2_suggesting_severity_at_its_line() {
    let dir = dir_with(&[("typo.yaml", UNKNOWN_KEY.as_bytes())]);
    tieout_in(dir.path())
        .args(["audit", "--rules", "typo.yaml"])
        .arg(fixture(SIMPLE_TOTAL))
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("typo.yaml: unknown field `severty`"))
        .stderr(contains("did you mean `severity`?"))
        .stderr(contains("[typo.yaml:3:1]"))
        .stderr(contains(" 3 │ severty: error"));
}

#[test]
fn rule_file_with_invalid_regex_exits_2_pointing_at_the_regex() {
    let dir = dir_with(&[("regex.yaml", BAD_REGEX.as_bytes())]);
    tieout_in(dir.path())
        .args(["audit", "--rules", "regex.yaml"])
        .arg(fixture(SIMPLE_TOTAL))
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "regex.yaml: rule `my.rule`: `total_rows` is not a valid regex",
        ))
        .stderr(contains("[regex.yaml:4:15]"))
        .stderr(contains(" 4 │   total_rows: '(合计'"))
        .stderr(contains("this regex does not compile"))
        .stderr(contains("unclosed group"));
}

#[test]
fn rule_file_with_invalid_regex_in_flow_mapping_points_at_its_line() {
    let text = "id: my.rule\ntitle: A rule\nfooting: { total_rows: '(合计' }\n";
    let dir = dir_with(&[("flow.yaml", text.as_bytes())]);
    tieout_in(dir.path())
        .args(["rules", "--rules", "flow.yaml"])
        .assert()
        .code(2)
        .stderr(contains("`total_rows` is not a valid regex"))
        .stderr(contains("[flow.yaml:3:"));
}

#[test]
fn rule_file_reusing_a_builtin_id_exits_2() {
    let dir = dir_with(&[("dup.yaml", DUPLICATE_ID.as_bytes())]);
    tieout_in(dir.path())
        .args(["audit", "--rules", "dup.yaml"])
        .arg(fixture(SIMPLE_TOTAL))
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "rule id `table.footing` is defined twice: in <builtin>/footing.yaml and in dup.yaml",
        ));
}

#[test]
fn rule_file_reusing_a_builtin_id_loads_without_the_builtin_pack() {
    let dir = dir_with(&[("dup.yaml", DUPLICATE_ID.as_bytes())]);
    tieout_in(dir.path())
        .args(["rules", "--no-default-rules", "--rules", "dup.yaml"])
        .assert()
        .code(0)
        .stdout(contains("table.footing"))
        .stdout(contains("My own footing rule"))
        .stdout(contains("table.percent-total").not());
}

#[test]
fn rules_subcommand_reports_rule_file_errors_with_exit_2() {
    let dir = dir_with(&[("typo.yaml", UNKNOWN_KEY.as_bytes())]);
    tieout_in(dir.path())
        .args(["rules", "--rules", "typo.yaml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("[typo.yaml:3:1]"));
}

#[test]
fn missing_rule_file_exits_2_naming_it() {
    tieout()
        .args(["audit", "--rules", "no-such-rules.yaml", SIMPLE_TOTAL])
        .assert()
        .code(2)
        .stderr(contains(
            "no-such-rules.yaml: no such rule file or directory",
        ));
}

#[test]
fn rule_without_a_check_kind_exits_2_pointing_at_its_id() {
    let dir = dir_with(&[("nokind.yaml", b"id: a.rule\ntitle: A\n")]);
    tieout_in(dir.path())
        .args(["rules", "--rules", "nokind.yaml"])
        .assert()
        .code(2)
        .stderr(contains("rule `a.rule` names no check"))
        .stderr(contains("[nokind.yaml:1:5]"));
}

// ---------------------------------------------------------------------------------------------
// Rule files: the library's errors, line and column
// ---------------------------------------------------------------------------------------------

fn rule_errors(name: &str, text: &str) -> Vec<tieout::rules::RuleError> {
    match tieout::rules::parse_rule_file(Path::new(name), text) {
        Ok(rules) => panic!("{name} should not parse, got {} rules", rules.len()),
        Err(errors) => errors,
    }
}

#[test]
fn parse_rule_file_places_a_yaml_syntax_error_at_line_2_column_9() {
    let errors = rule_errors("bad.yaml", YAML_SYNTAX_ERROR);
    assert_eq!(errors.len(), 1);
    let err = &errors[0];
    assert_eq!((err.line, err.column), (2, 9));
    assert_eq!(
        err.message,
        "bad.yaml: mapping values are not allowed in this context"
    );
}

#[test]
fn parse_rule_file_places_an_unknown_key_at_its_line_and_suggests_severity() {
    let errors = rule_errors("typo.yaml", UNKNOWN_KEY);
    assert_eq!(errors.len(), 1);
    let err = &errors[0];
    assert_eq!((err.line, err.column), (3, 1));
    assert!(
        err.message
            .starts_with("typo.yaml: unknown field `severty`, expected one of"),
        "{}",
        err.message
    );
    assert_eq!(err.help.as_deref(), Some("did you mean `severity`?"));
}

#[test]
fn parse_rule_file_places_an_unknown_key_in_a_later_document_at_its_own_line() {
    let text = "id: a.rule\ntitle: A\nfooting: {}\n---\nid: b.rule\ntitle: B\nseverty: info\nfooting: {}\n";
    let errors = rule_errors("two.yaml", text);
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column), (7, 1));
}

#[test]
fn parse_rule_file_places_an_invalid_regex_at_its_value() {
    let errors = rule_errors("regex.yaml", BAD_REGEX);
    assert_eq!(errors.len(), 1);
    let err = &errors[0];
    assert_eq!((err.line, err.column), (4, 15));
    assert_eq!(
        err.message,
        "regex.yaml: rule `my.rule`: `total_rows` is not a valid regex"
    );
    let help = err.help.as_deref().unwrap_or_default();
    assert!(help.contains("unclosed group"), "{help}");
}

#[test]
fn parse_rule_file_places_an_invalid_regex_in_the_second_document_of_two() {
    let text = "id: a.rule\ntitle: A\nfooting:\n  total_rows: x\n---\nid: b.rule\ntitle: B\nfooting:\n  total_rows: '(('\n";
    let errors = rule_errors("two.yaml", text);
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column), (9, 15));
    assert!(errors[0].message.contains("rule `b.rule`"));
}

#[test]
fn parse_rule_file_counts_columns_in_characters_not_bytes() {
    // `合计行` is 3 characters but 9 bytes: the stray colon is character 11, byte 17.
    let errors = rule_errors("cjk.yaml", "id: my.rule\ntitle: 合计行: 错\nfooting: {}\n");
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column), (2, 11));
}

#[test]
fn rendered_rule_error_column_counts_characters_like_rule_error_column() {
    let dir = dir_with(&[(
        "cjk.yaml",
        "id: my.rule\ntitle: 合计行: 错\nfooting: {}\n".as_bytes(),
    )]);
    tieout_in(dir.path())
        .args(["rules", "--rules", "cjk.yaml"])
        .assert()
        .code(2)
        .stderr(contains("[cjk.yaml:2:11]"));
}

#[test]
fn parse_rule_file_suggests_the_nearest_key_inside_a_check() {
    let errors = rule_errors(
        "nested.yaml",
        "id: a.rule\ntitle: A\nfooting:\n  total_row: x\n",
    );
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column), (4, 3));
    assert_eq!(
        errors[0].help.as_deref(),
        Some("did you mean `total_rows`?")
    );
}

#[test]
fn parse_rule_file_accepts_the_builtin_footing_rule() {
    let text = std::fs::read_to_string(fixture("rules/footing.yaml")).expect("read the rule");
    let rules = tieout::rules::parse_rule_file(Path::new("footing.yaml"), &text)
        .unwrap_or_else(|e| panic!("{} errors", e.len()));
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].id, "table.footing");
}

// ---------------------------------------------------------------------------------------------
// Exit status and --fail-on
// ---------------------------------------------------------------------------------------------

#[test]
fn fixture_with_a_finding_exits_1_by_default() {
    tieout()
        .args(["audit", "--color", "never", WRONG_DIGIT])
        .assert()
        .code(1)
        .stdout(contains("table.footing"))
        .stderr("");
}

#[test]
fn fail_on_never_exits_0_despite_findings() {
    tieout()
        .args([
            "audit",
            "--fail-on",
            "never",
            "--color",
            "never",
            SHARE_WRONG,
        ])
        .assert()
        .code(0)
        .stdout(contains("2 failed"));
}

#[test]
fn fail_on_warning_still_fails_on_error_findings() {
    tieout()
        .args(["audit", "--fail-on", "warning", WRONG_DIGIT])
        .assert()
        .code(1);
}

#[test]
fn clean_fixture_exits_0() {
    tieout()
        .args(["audit", "--color", "never", SIMPLE_TOTAL])
        .assert()
        .code(0)
        .stdout("1 document, 21 facts, 6 checks: 6 passed, 0 failed, 0 could not be decided\n")
        .stderr("");
}

// ---------------------------------------------------------------------------------------------
// JSON output
// ---------------------------------------------------------------------------------------------

/// A finding's location as `(line, text, role)`.
type Spot = (u64, String, String);

/// The rule of every finding, with its locations.
fn findings_of(report: &Value) -> Vec<(String, Vec<Spot>)> {
    report["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .map(|f| {
            let locations = f["locations"]
                .as_array()
                .expect("locations is an array")
                .iter()
                .map(|l| {
                    (
                        l["line"].as_u64().expect("line"),
                        l["text"].as_str().expect("text").to_string(),
                        l["role"].as_str().expect("role").to_string(),
                    )
                })
                .collect();
            (f["rule"].as_str().expect("rule").to_string(), locations)
        })
        .collect()
}

#[test]
fn json_over_all_fixtures_has_version_1_and_the_planted_findings() {
    let output = tieout()
        .args(["audit", "--format", "json", "fixtures"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report = json_of(&output);
    assert_eq!(report["version"], 1);
    assert_eq!(report["tool"]["name"], "tieout");
    assert_eq!(report["summary"]["documents"], 28);
    // The tables' ten, and the one disagreement between two filings of the fixture issuer
    // in `fixtures/corpus/hengchuan`.
    assert_eq!(report["summary"]["failed"], 11);
    assert_eq!(report["summary"]["indeterminate"], 0);
    assert!(
        report.get("checks").is_none(),
        "no evidence without --evidence"
    );

    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 11);
    let mut per_file: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["locations"][0]["path"].as_str().expect("path"),
                f["rule"].as_str().expect("rule"),
            )
        })
        .collect();
    per_file.sort_unstable();
    assert_eq!(
        per_file,
        [
            (
                "fixtures/corpus/hengchuan/3-annual-report.txt",
                "doc.agreement"
            ),
            (
                "fixtures/tables/glued-two-row-header.txt",
                "table.change-column"
            ),
            (
                "fixtures/tables/glued-two-row-header.txt",
                "table.change-column"
            ),
            ("fixtures/tables/glued-two-row-header.txt", "table.footing"),
            (
                "fixtures/tables/glued-wrong-share.txt",
                "table.percent-total"
            ),
            (
                "fixtures/tables/glued-wrong-share.txt",
                "table.share-of-total"
            ),
            (
                "fixtures/tables/tabbed-change-column-wrong.txt",
                "table.change-column"
            ),
            (SHARE_WRONG, "table.percent-total"),
            (SHARE_WRONG, "table.share-of-total"),
            ("fixtures/tables/tabbed-total-column.txt", "table.footing"),
            (WRONG_DIGIT, "table.footing"),
        ]
    );
    for f in findings {
        assert_eq!(f["severity"], "error");
        assert_eq!(f["verdict"], "fail");
    }
}

#[test]
fn json_footing_finding_points_at_the_wrong_digit_and_the_total() {
    let output = tieout()
        .args(["audit", "--format", "json", WRONG_DIGIT])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report = json_of(&output);
    let findings = findings_of(&report);
    assert_eq!(findings.len(), 1);
    let (rule, locations) = &findings[0];
    assert_eq!(rule, "table.footing");
    assert!(locations.contains(&(19, "4,772.29".into(), "part".into())));
    assert!(locations.contains(&(22, "24,821.34".into(), "total".into())));
    assert_eq!(locations.iter().filter(|l| l.2 == "part").count(), 5);
    let f = &report["findings"][0];
    assert_eq!(f["actual"], "24821.34");
    assert_eq!(f["expected"], "24881.34");
    assert_eq!(f["tolerance"], "0.03");
}

#[test]
fn json_share_findings_point_at_line_17_and_the_2024_share_column() {
    let output = tieout()
        .args(["audit", "--format", "json", SHARE_WRONG])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report = json_of(&output);
    let findings = findings_of(&report);
    assert_eq!(findings.len(), 2);

    let share = findings
        .iter()
        .find(|f| f.0 == "table.share-of-total")
        .expect("a share-of-total finding");
    assert!(share.1.contains(&(17, "25.77%".into(), "share".into())));
    assert!(share.1.contains(&(17, "8,391.62".into(), "amount".into())));
    assert!(share
        .1
        .contains(&(20, "30,440.32".into(), "total_amount".into())));

    let percent = findings
        .iter()
        .find(|f| f.0 == "table.percent-total")
        .expect("a percent-total finding");
    let parts: Vec<_> = percent
        .1
        .iter()
        .filter(|l| l.2 == "part")
        .map(|l| (l.0, l.1.as_str()))
        .collect();
    assert_eq!(
        parts,
        [
            (16, "48.71%"),
            (17, "25.77%"),
            (18, "19.77%"),
            (19, "3.95%")
        ]
    );
    assert!(percent.1.contains(&(20, "100.00%".into(), "total".into())));
}

#[test]
fn json_is_byte_identical_with_one_and_two_worker_threads() {
    let run = |threads: &str| {
        tieout()
            .args([
                "audit",
                "--format",
                "json",
                "--evidence",
                "-j",
                threads,
                "fixtures",
            ])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone()
    };
    let one = run("1");
    let two = run("2");
    assert!(!one.is_empty());
    assert!(one == two, "JSON differs between -j 1 and -j 2");
    let report = json_of(&one);
    assert_eq!(
        report["checks"].as_array().map(Vec::len),
        report["summary"]["checks"].as_u64().map(|n| n as usize)
    );
}

#[test]
fn clean_fixture_json_has_no_findings() {
    let output = tieout()
        .args(["audit", "--format", "json", SIMPLE_TOTAL])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let report = json_of(&output);
    assert_eq!(report["findings"], serde_json::json!([]));
    // Three footings and the three ratios of 研发费用 to 期间费用 stated below the table.
    assert_eq!(report["summary"]["passed"], 6);
}

// ---------------------------------------------------------------------------------------------
// facts, rules, usage
// ---------------------------------------------------------------------------------------------

#[test]
fn facts_table_lists_the_2024_total_of_the_simple_table() {
    tieout()
        .args(["facts", SIMPLE_TOTAL])
        .assert()
        .code(0)
        .stdout(contains(
            "fixtures/tables/tabbed-simple-total.txt: 1 table, 21 facts; entity 苏州衡岳精密材料股份有限公司; inquiry_reply\n",
        ))
        .stdout(contains(
            "fixtures/tables/tabbed-simple-total.txt:23:4\t13,709.07\t13709.07\t万元\t合计\t2024\t2024年度\t",
        ))
        .stdout(contains(
            "fixtures/tables/tabbed-simple-total.txt:19:6\t2,318.46\t2318.46\t万元\t销售费用\t2024",
        ));
}

#[test]
fn facts_json_lists_the_2024_total_of_the_simple_table() {
    let output = tieout()
        .args(["facts", "--format", "json", SIMPLE_TOTAL])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let facts = json_of(&output);
    let facts = facts.as_array().expect("an array of facts");
    // 15 cells of the table, and the six figures of the sentence on line 25 (three 期间费用
    // amounts and three 研发费用 shares).
    assert_eq!(facts.len(), 21);
    let prose = facts
        .iter()
        .filter(|f| f["origin"]["kind"] == "prose")
        .count();
    assert_eq!(prose, 6);
    let total = facts
        .iter()
        .find(|f| f["line"] == 23 && f["period"] == "2024")
        .expect("the 2024 合计 fact");
    assert_eq!(total["path"], SIMPLE_TOTAL);
    assert_eq!(total["column"], 4);
    assert_eq!(total["text"], "13,709.07");
    assert_eq!(total["value"], "13709.07");
    assert_eq!(total["decimals"], 2);
    assert_eq!(total["unit"], "万元");
    assert_eq!(total["concept"], "合计");
}

#[test]
fn rules_lists_the_builtin_rule_ids() {
    let output = tieout()
        .arg("rules")
        .assert()
        .code(0)
        .stderr("")
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).expect("UTF-8");
    let ids: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        ids,
        [
            "doc.agreement",
            "prose.cagr",
            "prose.growth-rate",
            "prose.pp-change",
            "prose.ratio",
            "table.change-column",
            "table.footing",
            "table.gross-margin",
            "table.percent-total",
            "table.share-of-total"
        ]
    );
}

#[test]
fn help_exits_0() {
    tieout()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(contains("Usage: tieout"))
        .stdout(contains("audit"));
    tieout()
        .args(["audit", "--help"])
        .assert()
        .code(0)
        .stdout(contains("--fail-on"));
}

#[test]
fn version_exits_0() {
    tieout()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn unknown_flag_exits_2() {
    tieout()
        .args(["audit", "--bogus", SIMPLE_TOTAL])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("unexpected argument '--bogus'"));
}

#[test]
fn invalid_flag_value_exits_2() {
    tieout()
        .args(["audit", "--fail-on", "sometimes", SIMPLE_TOTAL])
        .assert()
        .code(2)
        .stderr(contains("invalid value 'sometimes'"));
}

#[test]
fn audit_without_a_path_exits_2() {
    tieout().arg("audit").assert().code(2).stdout("");
}

#[test]
fn no_subcommand_exits_2() {
    tieout().assert().code(2).stdout("");
}
