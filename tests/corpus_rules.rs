//! Rules written with `bind:`/`assert:` and `scope: corpus`: a binding's figures come from any
//! document of one issuer, chosen by kind (`document_type:`) or by path (`document:`), and
//! joined on `same: [entity, period]`. Checked on the fixture issuer of `fixtures/corpus/`,
//! on real text of 003 split into two documents, and on the rule loader's errors.

use assert_cmd::Command;
use serde_json::Value;

const FAMILY: &str = "fixtures/corpus/hengchuan";
const RULES: &str = "fixtures/corpus/restated-rules.yaml";

fn tieout(args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

/// An audit with only `rules`, as JSON with every check.
fn audit(rules: &str, path: &str) -> Value {
    let (status, out, err) = tieout(&[
        "audit",
        "--no-config",
        "--no-default-rules",
        "--rules",
        rules,
        "--format",
        "json",
        "--evidence",
        path,
    ]);
    assert!(matches!(status, 0 | 1), "exit {status}: {err}");
    serde_json::from_str(&out).expect("JSON")
}

/// A figure's place: file name, line and printed text.
type Place = (String, u64, String);

/// Each check of `rule` as (verdict, places of its figures), sorted.
fn checks_of(report: &Value, rule: &str) -> Vec<(String, Vec<Place>)> {
    let mut all: Vec<(String, Vec<Place>)> = report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["rule"] == rule)
        .map(|c| {
            let places = c["locations"]
                .as_array()
                .expect("locations")
                .iter()
                .map(|l| {
                    let path = l["path"].as_str().unwrap_or("");
                    (
                        path.rsplit('/').next().unwrap_or(path).to_string(),
                        l["line"].as_u64().unwrap_or(0),
                        l["text"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect();
            (c["verdict"].as_str().unwrap_or("").to_string(), places)
        })
        .collect();
    all.sort();
    all
}

fn place(file: &str, line: u64, text: &str) -> Place {
    (file.to_string(), line, text.to_string())
}

/// The reply (found as an inquiry reply by its title) restates each year's revenue of the
/// prospectus's table in 亿元: three checks, each naming a figure of each file, all passing.
#[test]
fn a_reply_selected_by_document_type_agrees_with_the_prospectus() {
    let report = audit(RULES, FAMILY);
    assert_eq!(
        checks_of(&report, "corpus.reply-restates-revenue"),
        [
            (
                "pass".to_string(),
                vec![
                    place("2-inquiry-reply.txt", 8, "3.10億元"),
                    place("1-prospectus.txt", 13, "31,046.18"),
                ]
            ),
            (
                "pass".to_string(),
                vec![
                    place("2-inquiry-reply.txt", 8, "3.99億元"),
                    place("1-prospectus.txt", 13, "39,870.52"),
                ]
            ),
            (
                "pass".to_string(),
                vec![
                    place("2-inquiry-reply.txt", 8, "4.82億元"),
                    place("1-prospectus.txt", 13, "48,215.36"),
                ]
            ),
        ]
    );
}

/// The annual report (chosen by a glob on its path) prints the 2024 归母净利润 as 7,821.55万元
/// where the prospectus prints 7,812.55: the one check fails and names both places.
#[test]
fn the_planted_disagreement_is_found_by_a_rule_selecting_by_path() {
    let report = audit(RULES, FAMILY);
    assert_eq!(
        checks_of(&report, "corpus.profit-restated"),
        [(
            "fail".to_string(),
            vec![
                place("3-annual-report.txt", 6, "7,821.55万元"),
                place("1-prospectus.txt", 16, "7,812.55"),
            ]
        )]
    );
    let (status, out, _) = tieout(&[
        "audit",
        "--no-config",
        "--no-default-rules",
        "--rules",
        RULES,
        "--color",
        "never",
        FAMILY,
    ]);
    assert_eq!(status, 1);
    // The other document is shown as a related diagnostic with its own file and line.
    assert!(
        out.contains("in fixtures/corpus/hengchuan/1-prospectus.txt"),
        "{out}"
    );
    assert!(
        out.contains("[fixtures/corpus/hengchuan/1-prospectus.txt:16:"),
        "{out}"
    );
    assert!(
        out.contains("[fixtures/corpus/hengchuan/3-annual-report.txt:6:"),
        "{out}"
    );
}

/// The same files under two issuers' names: nothing is joined across them.
#[test]
fn two_issuers_documents_never_join() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = env!("CARGO_MANIFEST_DIR");
    let prospectus =
        std::fs::read_to_string(format!("{root}/{FAMILY}/1-prospectus.txt")).expect("fixture");
    let report =
        std::fs::read_to_string(format!("{root}/{FAMILY}/3-annual-report.txt")).expect("fixture");
    std::fs::write(dir.path().join("1-prospectus.txt"), &prospectus).expect("write");
    std::fs::write(
        dir.path().join("3-annual-report.txt"),
        report.replace("江苏衡川微纳材料股份有限公司", "浙江另一家材料股份有限公司"),
    )
    .expect("write");
    let report = audit(RULES, dir.path().to_str().expect("UTF-8"));
    assert_eq!(checks_of(&report, "corpus.profit-restated"), []);

    // Under one name again, the disagreement is back.
    std::fs::write(
        dir.path().join("3-annual-report.txt"),
        report_text_of_family(),
    )
    .expect("write");
    let report = audit(RULES, dir.path().to_str().expect("UTF-8"));
    assert_eq!(checks_of(&report, "corpus.profit-restated").len(), 1);
}

fn report_text_of_family() -> String {
    std::fs::read_to_string(format!(
        "{}/{FAMILY}/3-annual-report.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

/// Real text of 003 as two documents of its issuer: the customer-visit table of line 5342
/// (营业收入 39,398.33 / 28,720.92 / 16,757.75 万元) as one, and the risk paragraph of line
/// 9649 (`2020年、2021年和2022年公司营业收入分别为12,048.04万元、16,757.75万元…`) with
/// 16,757.75 changed to 16,575.75 as the other. The years both print are 2021 and 2022: a
/// corpus rule that the paragraph's revenue is the table's fails on 2021, naming both files
/// and lines, and passes 2022 (28,720.92万元 in both).
#[test]
fn a_corpus_rule_finds_a_changed_figure_between_two_parts_of_a_real_filing() {
    let path = format!(
        "{}/../shared/filings/003_5d660df4a9ddb2ac.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: no real filing at {path}");
        return;
    };
    let lines: Vec<&str> = text.lines().collect();
    let cover = "胜科纳米(苏州)股份有限公司\n\n";
    assert!(lines[5341].starts_with("营业收入39,398.33"));
    assert!(lines[9648].contains("12,048.04万元、16,757.75万元"));
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("a-table.txt"),
        format!("{cover}{}\n", lines[5338..5345].join("\n")),
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b-risks.txt"),
        format!(
            "{cover}{}\n",
            lines[9648].replacen("16,757.75万元", "16,575.75万元", 1)
        ),
    )
    .expect("write");
    let rule = dir.path().join("restated.yaml");
    std::fs::write(
        &rule,
        "id: team.revenue-restated\n\
         title: 风险因素中的营业收入与核查表一致\n\
         scope: corpus\n\
         bind:\n  \
           table: { concept: 营业收入, unit: money, origin: table, document: '**/a-*' }\n  \
           prose: { concept: 营业收入, unit: money, origin: prose, document: '**/b-*' }\n\
         same: [entity, period]\n\
         assert: prose == table\n",
    )
    .expect("write");
    let report = audit(
        rule.to_str().expect("UTF-8"),
        dir.path().to_str().expect("UTF-8"),
    );
    let checks = checks_of(&report, "team.revenue-restated");
    assert_eq!(
        checks,
        [
            (
                "fail".to_string(),
                vec![
                    place("b-risks.txt", 3, "16,575.75万元"),
                    place("a-table.txt", 6, "16,757.75"),
                ]
            ),
            (
                "pass".to_string(),
                vec![
                    place("b-risks.txt", 3, "28,720.92万元"),
                    place("a-table.txt", 6, "28,720.92"),
                ]
            ),
        ]
    );
}

/// A rule loader that says what is wrong with a scope, at the rule's place.
#[test]
fn a_scope_that_does_not_fit_the_rule_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let footing = dir.path().join("footing.yaml");
    std::fs::write(
        &footing,
        "id: team.footing\ntitle: 合计\nscope: corpus\nfooting: {}\n",
    )
    .expect("write");
    let (status, _, err) = tieout(&["test", footing.to_str().expect("UTF-8")]);
    assert_eq!(status, 2);
    assert!(
        err.contains("`scope: corpus` is for `agreement:` and `assert:` rules"),
        "{err}"
    );
    assert!(
        err.contains("footing.yaml:3:"),
        "points at the scope: {err}"
    );

    let entity = dir.path().join("entity.yaml");
    std::fs::write(
        &entity,
        "id: team.same-entity\ntitle: 同一发行人\nbind:\n  a: { concept: 营业收入 }\n  b: { concept: 营业收入 }\nsame: [entity, period]\nassert: a == b\n",
    )
    .expect("write");
    let (status, _, err) = tieout(&["test", entity.to_str().expect("UTF-8")]);
    assert_eq!(status, 2);
    assert!(
        err.contains("`same: [entity]` joins the documents of an issuer"),
        "{err}"
    );
    assert!(err.contains("add `scope: corpus`"), "{err}");
}

/// The fixture's rule tests, files of one issuer each, run through `tieout test`.
#[test]
fn rule_tests_of_several_files_run() {
    let (status, out, err) = tieout(&["test", RULES]);
    assert_eq!(status, 0, "{out}{err}");
    assert!(out.contains("rule-tests: 4 passed, 0 failed"), "{out}");
}

/// `agreement` with `scope: corpus` compares each document with itself and with the other
/// documents of its issuer; with `scope: document` (or no scope) it compares each document
/// with itself only, so the annual report's 7,821.55万元 against the prospectus's 7,812.55 is
/// no finding of it.
#[test]
fn an_agreement_rule_compares_across_documents_only_with_scope_corpus() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = dir.path().join("agreement.yaml");
    std::fs::write(
        &rules,
        "id: team.agreement-corpus\ntitle: 各文件一致\nscope: corpus\nagreement: {}\n---\n\
         id: team.agreement-document\ntitle: 文件内一致\nscope: document\nagreement: {}\n---\n\
         id: team.agreement-default\ntitle: 文件内一致\nagreement: {}\n",
    )
    .expect("write");
    let report = audit(rules.to_str().expect("UTF-8"), FAMILY);
    let pass = |places: Vec<Place>| ("pass".to_string(), places);
    let within = vec![
        pass(vec![
            place("1-prospectus.txt", 18, "31,046.18万元"),
            place("1-prospectus.txt", 13, "31,046.18"),
        ]),
        pass(vec![
            place("1-prospectus.txt", 18, "39,870.52万元"),
            place("1-prospectus.txt", 13, "39,870.52"),
        ]),
        pass(vec![
            place("1-prospectus.txt", 18, "48,215.36万元"),
            place("1-prospectus.txt", 13, "48,215.36"),
        ]),
        pass(vec![
            place("3-annual-report.txt", 6, "48,215.36万元"),
            place("3-annual-report.txt", 11, "482,153,600.00"),
        ]),
    ];
    assert_eq!(checks_of(&report, "team.agreement-document"), within);
    assert_eq!(checks_of(&report, "team.agreement-default"), within);

    let corpus = checks_of(&report, "team.agreement-corpus");
    let (one_file, across): (Vec<_>, Vec<_>) = corpus
        .into_iter()
        .partition(|(_, places)| places.iter().all(|p| p.0 == places[0].0));
    assert_eq!(one_file, within);
    // The reply's six restatements in 億元 and the annual report's five printings against the
    // prospectus.
    assert_eq!(across.len(), 11, "{across:#?}");
    let failing: Vec<_> = across.iter().filter(|(v, _)| v == "fail").collect();
    assert_eq!(
        failing,
        [&(
            "fail".to_string(),
            vec![
                place("3-annual-report.txt", 6, "7,821.55万元"),
                place("1-prospectus.txt", 16, "7,812.55"),
            ]
        )]
    );
    assert!(across.contains(&pass(vec![
        place("2-inquiry-reply.txt", 8, "3.10億元"),
        place("1-prospectus.txt", 13, "31,046.18"),
    ])));
}
