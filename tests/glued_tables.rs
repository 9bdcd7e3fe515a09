//! Glued tables (cells printed with no delimiter) in the real filing 003 are split and checked.

use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

const FILING: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/filings/003_5d660df4a9ddb2ac.txt"
);

fn run(args: &[&str]) -> Value {
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .args(args)
        .output()
        .expect("runs");
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// The audit of 003, run once for all the tests.
fn audit() -> &'static Value {
    static REPORT: OnceLock<Value> = OnceLock::new();
    REPORT.get_or_init(|| run(&["audit", FILING, "--format", "json", "--evidence"]))
}

/// The texts of the table facts printed on `line` (1-based), left to right.
fn table_figures(facts: &Value, line: u64) -> Vec<String> {
    facts
        .as_array()
        .expect("a list of facts")
        .iter()
        .filter(|f| f["line"] == line && f["origin"]["kind"] == "table")
        .map(|f| f["text"].as_str().expect("text").to_string())
        .collect()
}

#[test]
fn dividend_impact_tables_are_split_cell_by_cell() {
    let facts = run(&["facts", FILING, "--format", "json"]);
    // First table (lines 134–142): 2022/6/30, after the dividend, change.
    let expected: &[(u64, &[&str])] = &[
        (135, &["25,143.48", "17,643.48", "-29.83%"]),
        (136, &["43,982.05", "36,482.05", "-17.05%"]),
        (137, &["88,720.13", "81,220.13", "-8.45%"]),
        (138, &["48,151.08", "40,651.08", "-15.58%"]),
        (139, &["48,151.08", "40,651.08", "-15.58%"]),
        (140, &["2.98", "2.46", "-17.62%"]),
        (141, &["3.08", "2.56", "-17.05%"]),
        // The change is written in words, 增加4.22个百分点: the figure is 4.22 points.
        (142, &["45.73%", "49.95%", "4.22"]),
        // Second table (lines 148–160), across the page footer 8-1-8 and the header
        // printed again.
        (149, &["26,966.09", "23,166.09", "-14.09%"]),
        (150, &["44,965.71", "41,165.71", "-8.45%"]),
        (151, &["102,204.41", "98,404.41", "-3.72%"]),
        (156, &["45,486.64", "41,686.64", "-8.35%"]),
        (157, &["45,486.64", "41,686.64", "-8.35%"]),
        (158, &["2.16", "1.97", "-8.87%"]),
        (159, &["2.27", "2.07", "-8.45%"]),
        (160, &["55.49%", "57.64%", "2.14"]),
    ];
    for (line, cells) in expected {
        assert_eq!(table_figures(&facts, *line), *cells, "line {line}");
    }
    // The repeated header, the page footer and the blank lines carry no figures.
    for line in [143, 152, 153, 154, 155] {
        assert!(table_figures(&facts, line).is_empty(), "line {line}");
    }
    // The first column's figures carry the period of its header.
    let cash = facts
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["line"] == 135 && f["text"] == "25,143.48")
        .expect("货币资金 on line 135");
    assert_eq!(cash["period"], "2022-06-30");
}

fn footing_checks_with_total(report: &Value, line: u64) -> Vec<&Value> {
    report["checks"]
        .as_array()
        .expect("checks listed with --evidence")
        .iter()
        .filter(|c| c["rule"] == "table.footing")
        .filter(|c| {
            c["locations"]
                .as_array()
                .is_some_and(|ls| ls.iter().any(|l| l["role"] == "total" && l["line"] == line))
        })
        .collect()
}

fn located(check: &Value, role: &str) -> Vec<(u64, String)> {
    check["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .filter(|l| l["role"] == role)
        .map(|l| {
            (
                l["line"].as_u64().expect("line"),
                l["text"].as_str().expect("text").to_string(),
            )
        })
        .collect()
}

#[test]
fn revenue_by_field_total_foots_in_every_year() {
    // Lines 1684–1692: 33,407.07 + 1,570.81 + 2,618.83 + 862.83 + 376.04 + 527.05
    // = 39,362.63, and likewise 28,688.22 and 16,753.43.
    let checks = footing_checks_with_total(audit(), 1692);
    let totals: Vec<String> = checks
        .iter()
        .map(|c| located(c, "total")[0].1.clone())
        .collect();
    for total in ["39,362.63", "28,688.22", "16,753.43"] {
        assert!(
            totals.iter().any(|t| t == total),
            "a check totalling {total}"
        );
    }
    for check in &checks {
        if located(check, "total")[0].1 == "39,362.63" {
            assert_eq!(
                located(check, "part"),
                [
                    (1686, "33,407.07".to_string()),
                    (1687, "1,570.81".to_string()),
                    (1688, "2,618.83".to_string()),
                    (1689, "862.83".to_string()),
                    (1690, "376.04".to_string()),
                    (1691, "527.05".to_string()),
                ]
            );
        }
        assert_eq!(check["verdict"], "pass");
    }
}

#[test]
fn outsourced_testing_total_foots_across_a_page_break() {
    // Lines 1616–1632: rows on both sides of the footer 8-1-90, the two header lines
    // printed again; `--` for an empty year (line 1629).
    let checks = footing_checks_with_total(audit(), 1632);
    let check = checks
        .iter()
        .find(|c| located(c, "total")[0].1 == "588.19")
        .expect("a footing check totalling 588.19 on line 1632");
    assert_eq!(check["verdict"], "pass");
    let parts: Vec<u64> = located(check, "part").iter().map(|(l, _)| *l).collect();
    assert_eq!(
        parts,
        [1618, 1619, 1625, 1626, 1627, 1628, 1629, 1630, 1631]
    );
    assert!(checks.iter().all(|c| c["verdict"] == "pass"));
}

/// A glued header on two lines — periods over pairs of columns, then the column words —
/// names every column (a table of our own, written to a temporary file).
#[test]
fn a_two_line_glued_header_names_every_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("two-line-header.txt");
    std::fs::write(
        &path,
        "单位:万元\n\n项目2023年2022年\n金额占比金额占比\n甲类1,000.0050.00%900.0045.00%\n乙类1,000.0050.00%1,100.0055.00%\n合计2,000.00100.00%2,000.00100.00%\n",
    )
    .expect("write");
    let output = assert_cmd::Command::cargo_bin("tieout")
        .expect("binary")
        .args(["facts", "--format", "json"])
        .arg(&path)
        .output()
        .expect("runs");
    let facts: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let row: Vec<(String, String)> = facts
        .as_array()
        .expect("facts")
        .iter()
        .filter(|f| f["line"] == 5)
        .map(|f| {
            (
                f["text"].as_str().unwrap_or_default().to_string(),
                f["dimensions"]
                    .as_array()
                    .map(|d| {
                        d.iter()
                            .filter_map(|x| x.as_str())
                            .collect::<Vec<_>>()
                            .join(" / ")
                    })
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        row,
        [
            ("1,000.00".to_string(), "2023年 / 金额".to_string()),
            ("50.00%".to_string(), "2023年 / 占比".to_string()),
            ("900.00".to_string(), "2022年 / 金额".to_string()),
            ("45.00%".to_string(), "2022年 / 占比".to_string()),
        ]
    );
}

/// The column headings of each fact printed on `line`, as `heading / heading`.
fn column_paths(facts: &Value, line: u64) -> Vec<String> {
    facts
        .as_array()
        .expect("a list of facts")
        .iter()
        .filter(|f| f["line"] == line && f["origin"]["kind"] == "table")
        .map(|f| {
            f["dimensions"]
                .as_array()
                .expect("dimensions")
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" / ")
        })
        .collect()
}

/// Glued headings are cut into the columns: 003:4667–4668 prints
/// `项目2023年2022年2021年` over `金额 (万元)较前一年同期变动比例金额 (万元)较前一年的 变动比例金额 (万元)`:
/// each year spans the group of columns the line below repeats.
#[test]
fn glued_headings_over_repeated_groups_are_cut_into_columns() {
    let facts = run(&["facts", FILING, "--format", "json"]);
    assert_eq!(
        table_figures(&facts, 4669),
        ["50,308.45", "11.19%", "45,243.50", "15.65%", "39,119.81"]
    );
    assert_eq!(
        column_paths(&facts, 4669),
        [
            "2023年 / 金额(万元)",
            "2023年 / 较前一年同期变动比例",
            "2022年 / 金额(万元)",
            "2022年 / 较前一年的变动比例",
            "2021年 / 金额(万元)",
        ]
    );
    // 003:9368 `序号合伙人姓名/名称合伙人类别出资额 (万元)出资比例`: the label headings are put
    // aside, the bracketed unit ends the first figure heading.
    assert_eq!(table_figures(&facts, 9369), ["924.00", "12.10%"]);
    assert_eq!(column_paths(&facts, 9369), ["出资额(万元)", "出资比例"]);
    // 003:7936 `年度工程名称期初余额本期增加本期转入 固定资产期末余额`: words that open a heading.
    assert_eq!(
        column_paths(&facts, 7937),
        ["期初余额", "本期增加", "本期转入固定资产", "期末余额"]
    );
    // 003:5447, a line of column words repeated over the years (it is printed 33 times in
    // the filing, and is no running head for that).
    assert_eq!(
        column_paths(&facts, 5448),
        [
            "2023年 / 金额",
            "2023年 / 占比",
            "2022年 / 金额",
            "2022年 / 占比",
            "2021年 / 金额",
            "2021年 / 占比",
        ]
    );
}

/// Our own fixture of the same shape (`fixtures/tables/glued-two-row-header.txt`).
#[test]
fn a_fixture_with_a_two_row_glued_heading_is_cut_the_same_way() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/tables/glued-two-row-header.txt"
    );
    let facts = run(&["facts", fixture, "--format", "json"]);
    assert_eq!(
        table_figures(&facts, 14).len(),
        5,
        "the 合计 row is read too"
    );
    assert_eq!(
        column_paths(&facts, 11),
        [
            "2023年 / 金额(万元)",
            "2023年 / 较上年变动比例",
            "2022年 / 金额(万元)",
            "2022年 / 较上年变动比例",
            "2021年 / 金额(万元)",
        ]
    );
}

/// 003:4588–4593: revenue by service type with the change against the year before, and a
/// 合计 whose change rates (37.21%, 71.24%) are no sums of the rates above: the table is read,
/// and its amount columns foot.
#[test]
fn a_total_row_with_change_rates_is_read_and_its_amounts_foot() {
    let facts = run(&["facts", FILING, "--format", "json"]);
    assert_eq!(
        table_figures(&facts, 4593),
        ["39,362.63", "37.21%", "28,688.22", "71.24%", "16,753.43"]
    );
    let checks = audit()["checks"].as_array().expect("checks");
    let footings: Vec<(&str, &str)> = checks
        .iter()
        .filter(|c| {
            c["rule"] == "table.footing"
                && c["locations"]
                    .as_array()
                    .is_some_and(|l| l.iter().any(|l| l["line"] == 4593))
        })
        .map(|c| {
            (
                c["verdict"].as_str().expect("verdict"),
                c["message"].as_str().expect("message"),
            )
        })
        .collect();
    assert_eq!(footings.len(), 3, "{footings:?}");
    assert!(footings.iter().all(|(v, _)| *v == "pass"));
    assert!(footings[1].1.contains("2022年 / 收入金额"));
}
