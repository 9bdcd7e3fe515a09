//! `table.change-column` on the real filings: each change printed beside the two figures it
//! compares, checked row by row; a changed figure in a copy of a real table is named.

use assert_cmd::Command;
use serde_json::Value;

fn filing(name: &str) -> String {
    format!("{}/../shared/filings/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn audit(path: &str) -> Value {
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .args([
            "audit",
            "--no-config",
            "--format",
            "json",
            "--evidence",
            path,
        ])
        .output()
        .expect("runs");
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// A finding's figures: (role, printed text), in order.
fn roles_and_texts(finding: &Value) -> Vec<(&str, &str)> {
    finding["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| (l["role"].as_str().unwrap(), l["text"].as_str().unwrap()))
        .collect()
}

/// The change-column checks whose change is printed on `line`: (verdict, message).
fn changes_on(report: &Value, line: u64) -> Vec<(String, String)> {
    report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["rule"] == "table.change-column" && c["locations"][0]["line"] == line)
        .map(|c| {
            (
                c["verdict"].as_str().expect("verdict").to_string(),
                c["message"].as_str().expect("message").to_string(),
            )
        })
        .collect()
}

/// 003:134–160, the effect of the two dividends: each rate is the figure after the dividend
/// over the figure before it, less one (`17,643.48 / 25,143.48 − 1 = −29.83%`), and the
/// asset-liability ratio changes by points (`49.95% − 45.73% = 增加4.22个百分点`). Line 160,
/// 57.64% − 55.49% = 2.15 printed as 2.14 points, holds only at the edge of its roundings:
/// [57.635 − 55.495, 57.645 − 55.485] = [2.14, 2.16].
#[test]
fn the_dividend_tables_of_003_agree_row_by_row() {
    let report = audit(&filing("003_5d660df4a9ddb2ac.txt"));
    let expected: &[(u64, &str)] = &[
        (135, "货币资金 -29.83% = 17,643.48 / 25,143.48 − 1"),
        (136, "流动资产 -17.05% = 36,482.05 / 43,982.05 − 1"),
        (137, "资产总额 -8.45% = 81,220.13 / 88,720.13 − 1"),
        (140, "速动比率(倍) -17.62% = 2.46 / 2.98 − 1"),
        (
            142,
            "资产负债率(合并) 4.22 percentage points = 49.95 − 45.73",
        ),
        (149, "货币资金 -14.09% = 23,166.09 / 26,966.09 − 1"),
        (158, "速动比率(倍) -8.87% = 1.97 / 2.16 − 1"),
        (
            160,
            "资产负债率(合并) 2.14 percentage points = 57.64 − 55.49",
        ),
    ];
    for (line, message) in expected {
        let got = changes_on(&report, *line);
        assert_eq!(got.len(), 1, "line {line}: {got:?}");
        assert_eq!(got[0].0, "pass", "line {line}");
        assert!(got[0].1.ends_with(message), "line {line}: {}", got[0].1);
    }
    let edge = report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["rule"] == "table.change-column" && c["locations"][0]["line"] == 160)
        .expect("the check of line 160");
    assert_eq!(edge["expected"], "2.15");
    assert_eq!(edge["tolerance"], "0.015");
}

/// 004:593–599, expenses with their change in amount: 1,947.70 − 1,048.29 = 899.41, printed
/// 899.40 — within the roundings of the two amounts.
#[test]
fn the_expense_changes_of_004_agree() {
    let report = audit(&filing("004_beeaf47b2b54bf6e.txt"));
    for (line, tail) in [
        (593, "销售费用 899.40 = 1,947.70 − 1,048.29"),
        (597, "研发费用 2,263.91 = 5,866.02 − 3,602.11"),
        (599, "合计 3,765.16 = 11,239.84 − 7,474.68"),
    ] {
        let got = changes_on(&report, line);
        assert_eq!(got.len(), 1, "line {line}: {got:?}");
        assert_eq!(got[0].0, "pass");
        assert!(got[0].1.ends_with(tail), "{}", got[0].1);
    }
}

/// A copy of 003's first dividend table with one rate changed (−17.05% → −17.50%): the
/// finding names the changed figure and the two it was computed from.
#[test]
fn a_changed_rate_in_a_copy_of_a_real_table_is_named() {
    let text = std::fs::read_to_string(filing("003_5d660df4a9ddb2ac.txt")).expect("003");
    let lines: Vec<&str> = text.lines().collect();
    let passage = lines[129..142].join("\n");
    assert!(passage.contains("流动资产43,982.0536,482.05-17.05%"));
    let changed = passage.replace("36,482.05-17.05%", "36,482.05-17.50%");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("dividend.txt");
    std::fs::write(&path, format!("{changed}\n")).expect("write");
    let report = audit(path.to_str().expect("UTF-8 path"));
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = &findings[0];
    assert_eq!(finding["rule"], "table.change-column");
    assert_eq!(
        roles_and_texts(finding),
        [
            ("change", "-17.50%"),
            ("current", "36,482.05"),
            ("base", "43,982.05")
        ]
    );
    assert!(finding["expected"].as_str().unwrap().starts_with("-17.05"));
}

/// 001:3424, a table of one row: `单位直接人工 51.84 3.37% 50.15 -26.13% 67.89 -36.79% 107.40`
/// under `2022年1-6月 / 单位成本 变动率 | 2021年度 …`. With 51.84 changed to 11.84 no direction
/// holds on most of its rows, but the headings name the newer period over the older: the
/// finding names the changed figure (11.84 / 50.15 − 1 = −76.39%, not 3.37%).
#[test]
fn a_changed_figure_in_a_one_row_table_is_named_by_its_headings() {
    let text = std::fs::read_to_string(filing("001_b40ded9683c99a5e.txt")).expect("001");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert!(lines[3423].starts_with("单位直接人工\t51.84\t3.37%\t50.15"));
    lines[3423] = lines[3423].replacen("51.84", "11.84", 1);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("001.txt");
    std::fs::write(&path, lines.join("\n")).expect("write");
    let report = audit(path.to_str().expect("UTF-8 path"));
    let failing: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["locations"][0]["line"] == 3424)
        .collect();
    assert_eq!(failing.len(), 1, "{failing:#?}");
    assert_eq!(
        roles_and_texts(failing[0]),
        [("change", "3.37%"), ("current", "11.84"), ("base", "50.15")]
    );
}
