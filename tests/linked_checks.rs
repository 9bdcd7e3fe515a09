//! The document-level kinds of `rules/linked` on the real filings: stated ratios, growth rates
//! and compound growth against the figures they derive from, pinned by line and verdict.
//! (These kinds are opt-in until they are quiet on every filing; see the README's status.)

use assert_cmd::Command;
use serde_json::Value;

fn filing(name: &str) -> String {
    format!("{}/../shared/filings/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn audit_linked(name: &str) -> Value {
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "audit",
            "--no-config",
            "--no-default-rules",
            "--rules",
            "rules/linked",
        ])
        .args(["--format", "json", "--evidence"])
        .arg(filing(name))
        .output()
        .expect("runs");
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// The checks of `rule` whose stated figure is printed on `line`: (verdict, message).
fn stated_on(report: &Value, rule: &str, line: u64) -> Vec<(String, String)> {
    report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["rule"] == rule && c["locations"][0]["line"] == line)
        .map(|c| {
            (
                c["verdict"].as_str().expect("verdict").to_string(),
                c["message"].as_str().expect("message").to_string(),
            )
        })
        .collect()
}

/// 003:1040–1042, `经营活动产生的现金流量净额分别为6,915.61万元、14,824.27万元和23,864.01万元,
/// 占当期营业收入的比例分别为41.27%、` / (blank line) / `51.61%和60.57%`: each ratio against the
/// cash flow of the same sentence and the 营业收入 of the table on line 5342. The sentence runs
/// on over the blank line; the 营业收入 that sentences quote for peer companies (36.77亿元 on
/// line 4658) is not the document's own, which its tables print.
#[test]
fn cash_flow_over_revenue_of_003_agrees_for_each_year() {
    let report = audit_linked("003_5d660df4a9ddb2ac.txt");
    let first = stated_on(&report, "prose.ratio", 1040);
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!(first[0].0, "pass");
    assert!(
        first[0]
            .1
            .contains("stated 41.27%, 6,915.61万元 / 16,757.75"),
        "{}",
        first[0].1
    );
    let rest = stated_on(&report, "prose.ratio", 1042);
    assert_eq!(rest.len(), 2, "{rest:?}");
    assert!(rest.iter().all(|(v, _)| v == "pass"));
    assert!(rest[0]
        .1
        .contains("in 2022: stated 51.61%, 14,824.27万元 / 28,720.92"));
    assert!(rest[1]
        .1
        .contains("in 2023: stated 60.57%, 23,864.01万元 / 39,398.33"));
}

/// 003:120 `报告期内营业收入复合增长率为53.33%` against the 营业收入 of 2021 and 2023
/// (16,757.75 → 39,398.33 万元): (39,398.33 / 16,757.75)^(1/2) − 1 = 53.3314%.
#[test]
fn the_compound_growth_of_003_agrees() {
    let report = audit_linked("003_5d660df4a9ddb2ac.txt");
    let got = stated_on(&report, "prose.cagr", 120);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "pass");
    assert!(got[0]
        .1
        .contains("stated 53.33%, 16,757.75 → 39,398.33 gives 53.3314%"));
}

/// 004:353 `研发费用为 5,866.02 万元,同比增长 62.85%`: the growth against the table on line
/// 597 (3,602.11 → 5,866.02: 62.8496%), and the amount agreeing with that table.
#[test]
fn the_research_expense_of_004_grows_as_stated() {
    let report = audit_linked("004_beeaf47b2b54bf6e.txt");
    let growth = stated_on(&report, "prose.growth-rate", 353);
    assert_eq!(growth.len(), 1, "{growth:?}");
    assert_eq!(growth[0].0, "pass");
    assert!(growth[0]
        .1
        .contains("stated 62.85%, 3,602.11 → 5,866.02 gives 62.8496%"));
    let agreement = stated_on(&report, "doc.agreement", 353);
    assert_eq!(agreement.len(), 1, "{agreement:?}");
    assert_eq!(agreement[0].0, "pass");
}
