//! Figures agree across the filings of one issuer: a prospectus, a reply to the exchange
//! (in Traditional characters, in 亿元) and an annual report (in 元), and real text of 003
//! split into two documents.

use assert_cmd::Command;
use serde_json::Value;

const FAMILY: &str = "fixtures/corpus/hengchuan";

fn audit(args: &[&str]) -> (i32, String) {
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["audit", "--no-config"])
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("UTF-8"),
    )
}

/// The family's one planted disagreement: the annual report prints the 2024 归母净利润 as
/// 7,821.55万元, the prospectus's table 7,812.55. The diagnostic shows the annual report's
/// figure and, as a related diagnostic, the prospectus's.
#[test]
fn the_family_disagrees_once_and_the_diagnostic_shows_both_files() {
    let (status, out) = audit(&[FAMILY, "--color", "never"]);
    assert_eq!(status, 1);
    insta::with_settings!({ description => "tieout audit fixtures/corpus/hengchuan --color never" }, {
        insta::assert_snapshot!("cross_documents__family_human", out);
    });
}

fn json(args: &[&str]) -> Value {
    let (_, out) = audit(args);
    serde_json::from_str(&out).expect("JSON")
}

#[test]
fn the_family_finding_names_both_places_in_json_and_sarif() {
    let report = json(&[FAMILY, "--format", "json"]);
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let places: Vec<(String, u64, String, String)> = findings[0]["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| {
            (
                l["path"].as_str().unwrap_or("").to_string(),
                l["line"].as_u64().unwrap_or(0),
                l["text"].as_str().unwrap_or("").to_string(),
                l["role"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            (
                format!("{FAMILY}/3-annual-report.txt"),
                6,
                "7,821.55万元".to_string(),
                "printed".to_string()
            ),
            (
                format!("{FAMILY}/1-prospectus.txt"),
                16,
                "7,812.55".to_string(),
                "other_document".to_string()
            ),
        ]
    );
    let sarif = json(&[FAMILY, "--format", "sarif"]);
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .map(|u| u.ends_with("3-annual-report.txt")),
        Some(true)
    );
    assert_eq!(
        result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .map(|u| u.ends_with("1-prospectus.txt")),
        Some(true)
    );
    assert_eq!(
        result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        16
    );
}

/// The reply is in Traditional characters (江蘇衡川…, 營業收入, 研發費用) and in 亿元; its
/// figures meet the prospectus's Simplified labels in 万元.
#[test]
fn traditional_and_simplified_labels_meet_across_documents() {
    let report = json(&[FAMILY, "--format", "json", "--evidence"]);
    let messages: Vec<&str> = report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["verdict"] == "pass")
        .filter_map(|c| c["message"].as_str())
        .collect();
    for expected in [
        "营业收入 2022: 3.10億元 (fixtures/corpus/hengchuan/2-inquiry-reply.txt:8) agrees with 31,046.18 (fixtures/corpus/hengchuan/1-prospectus.txt:13)",
        "研发费用 2024: 0.53億元 (fixtures/corpus/hengchuan/2-inquiry-reply.txt:8) agrees with 5,306.42 (fixtures/corpus/hengchuan/1-prospectus.txt:15)",
        "营业收入 2023: 398,705,200.00 (fixtures/corpus/hengchuan/3-annual-report.txt:11) agrees with 39,870.52 (fixtures/corpus/hengchuan/1-prospectus.txt:13)",
    ] {
        assert!(messages.contains(&expected), "{expected}\n{messages:#?}");
    }
}

/// 003 split into two documents of its issuer: the table of line 5342 (营业收入 39,398.33 /
/// 28,720.92 / 16,757.75 万元) in one; in the other, the risk paragraph of line 9649
/// (`2020年、2021年和2022年公司营业收入分别为12,048.04万元、16,757.75万元…`) with 16,757.75
/// changed to 16,575.75. The finding names both files and lines.
#[test]
fn a_changed_figure_between_two_parts_of_a_real_filing_names_both_places() {
    let text = std::fs::read_to_string(format!(
        "{}/../shared/filings/003_5d660df4a9ddb2ac.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("003");
    let lines: Vec<&str> = text.lines().collect();
    let cover = "胜科纳米(苏州)股份有限公司\n\n";
    assert!(lines[5341].starts_with("营业收入39,398.33"));
    let table = format!("{cover}{}\n", lines[5338..5345].join("\n"));
    assert!(lines[9648].contains("12,048.04万元、16,757.75万元"));
    let sentence = format!(
        "{cover}{}\n",
        lines[9648].replacen("16,757.75万元", "16,575.75万元", 1)
    );
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a-table.txt"), table).expect("write");
    std::fs::write(dir.path().join("b-reply.txt"), sentence).expect("write");
    let report = json(&[dir.path().to_str().expect("UTF-8"), "--format", "json"]);
    let findings = report["findings"].as_array().expect("findings");
    let cross: Vec<&Value> = findings
        .iter()
        .filter(|f| {
            f["locations"]
                .as_array()
                .is_some_and(|l| l.len() == 2 && l[0]["path"] != l[1]["path"])
        })
        .collect();
    assert_eq!(cross.len(), 1, "{findings:#?}");
    let places: Vec<(bool, u64, &str)> = cross[0]["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| {
            (
                l["path"].as_str().unwrap_or("").ends_with("b-reply.txt"),
                l["line"].as_u64().unwrap_or(0),
                l["text"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        places,
        [(true, 3, "16,575.75万元"), (false, 6, "16,757.75")]
    );
}
