//! Space-aligned tables (`pdftotext -layout`) in the real filing 004 are read and checked.

use assert_cmd::Command;
use serde_json::Value;

fn audit_004() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/filings/004_beeaf47b2b54bf6e.txt"
    );
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .args(["audit", path, "--format", "json", "--evidence"])
        .output()
        .expect("runs");
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// Checks of `rule` whose total is printed on `line` (1-based), with their total location.
fn checks_with_total<'a>(report: &'a Value, rule: &str, line: u64) -> Vec<(&'a Value, &'a Value)> {
    report["checks"]
        .as_array()
        .expect("checks listed with --evidence")
        .iter()
        .filter(|c| c["rule"] == rule)
        .filter_map(|c| {
            let total = c["locations"]
                .as_array()?
                .iter()
                .find(|l| l["role"] == "total" && l["line"] == line)?;
            Some((c, total))
        })
        .collect()
}

fn part_lines(check: &Value) -> Vec<u64> {
    check["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .filter(|l| l["role"] == "part")
        .map(|l| l["line"].as_u64().expect("line"))
        .collect()
}

#[test]
fn expense_table_total_foots() {
    // 1,947.70 + 3,426.12 + 5,866.02 = 11,239.84 exactly.
    let report = audit_004();
    let checks = checks_with_total(&report, "table.footing", 599);
    let (check, total) = checks
        .iter()
        .find(|(_, t)| t["text"] == "11,239.84")
        .expect("a footing check totalling 11,239.84 on line 599");
    assert_eq!(check["verdict"], "pass");
    assert_eq!(total["text"], "11,239.84");
    assert_eq!(part_lines(check), [593, 595, 597]);
}

#[test]
fn gross_margin_share_column_adds_to_100() {
    let report = audit_004();
    let checks = checks_with_total(&report, "table.percent-total", 553);
    assert!(!checks.is_empty(), "a percent-total check on line 553");
    for (check, total) in checks {
        assert_eq!(total["text"], "100.00%");
        assert_eq!(check["verdict"], "pass");
        assert_eq!(part_lines(check), [545, 547, 549, 551]);
    }
}

/// Checks of `rule` with a figure of `role` on `line` (1-based).
fn checks_with_role<'a>(report: &'a Value, rule: &str, role: &str, line: u64) -> Vec<&'a Value> {
    report["checks"]
        .as_array()
        .expect("checks listed with --evidence")
        .iter()
        .filter(|c| c["rule"] == rule)
        .filter(|c| {
            c["locations"]
                .as_array()
                .is_some_and(|ls| ls.iter().any(|l| l["role"] == role && l["line"] == line))
        })
        .collect()
}

/// The footing check of `rule` whose total on `line` prints `text`.
fn footing<'a>(report: &'a Value, line: u64, text: &str) -> &'a Value {
    checks_with_total(report, "table.footing", line)
        .into_iter()
        .find(|(_, t)| t["text"] == text)
        .map(|(c, _)| c)
        .unwrap_or_else(|| panic!("a footing check totalling {text} on line {line}"))
}

/// Any check at all naming a figure on `line`.
fn any_check_on(report: &Value, line: u64) -> bool {
    report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .any(|c| {
            c["locations"]
                .as_array()
                .is_some_and(|ls| ls.iter().any(|l| l["line"] == line))
        })
}

#[test]
fn revenue_by_product_with_a_heading_alone_above_the_header() {
    // Lines 475–487: `产品类别` alone above `金额 占比 变动比例 金额 占比`.
    // 7,089.98 + 3,878.22 + 838.60 + 873.02 = 12,679.82 exactly;
    // 12,146.60 + 5,231.06 + 2,244.12 + 1,450.89 = 21,072.67 against 21,072.66 printed,
    // within the rounding of five figures.
    let report = audit_004();
    for total in ["12,679.82", "21,072.66"] {
        let check = footing(&report, 487, total);
        assert_eq!(check["verdict"], "pass");
        assert_eq!(part_lines(check), [479, 481, 483, 485]);
    }
    // Shares: 55.92 + 30.59 + 6.61 + 6.89 = 100.01 and 57.64 + 24.82 + 10.65 + 6.89 = 100.00.
    let shares = checks_with_total(&report, "table.percent-total", 487);
    assert_eq!(shares.len(), 2);
    for (check, total) in &shares {
        assert_eq!(total["text"], "100.00%");
        assert_eq!(check["verdict"], "pass");
    }
    // Each share is its amount over the total: 7,089.98 / 12,679.82 = 55.92%, …
    let each = checks_with_role(&report, "table.share-of-total", "total_amount", 487);
    assert_eq!(each.len(), 8);
    assert!(each.iter().all(|c| c["verdict"] == "pass"));
    // `变动比例` (-41.63% … -39.83%) is a rate: never added up as shares.
    assert!(
        checks_with_role(&report, "table.percent-total", "part", 479)
            .iter()
            .all(|c| c["locations"]
                .as_array()
                .expect("locations")
                .iter()
                .all(|l| l["text"] != "-41.63%"))
    );
}

#[test]
fn cost_table_with_two_label_columns_foots_its_subtotal() {
    // Lines 1839–1849: `晶圆等材料成本` and `功率 IC | 封测成本`, then `小计`.
    // 196.16 + 25.76 = 221.92 and 314.98 + 28.33 = 343.31; 88.39 + 11.61 = 100.00,
    // 91.75 + 8.25 = 100.00.
    let report = audit_004();
    for total in ["221.92", "343.31"] {
        let check = footing(&report, 1849, total);
        assert_eq!(check["verdict"], "pass");
        assert_eq!(part_lines(check), [1845, 1847]);
    }
    let shares = checks_with_total(&report, "table.percent-total", 1849);
    assert_eq!(shares.len(), 2);
    assert!(shares.iter().all(|(c, _)| c["verdict"] == "pass"));
}

#[test]
fn stock_table_with_three_header_lines_foots() {
    // Lines 2921–2931: a header of three lines; 合计 prints the amount only.
    // 9,290.74 + 3,869.12 = 13,159.86.
    let report = audit_004();
    let check = footing(&report, 2931, "13,159.86");
    assert_eq!(check["verdict"], "pass");
    assert_eq!(part_lines(check), [2927, 2929]);
    assert_eq!(checks_with_total(&report, "table.footing", 2931).len(), 1);
}

#[test]
fn contract_table_with_a_wrapped_client_name_and_a_status_column() {
    // Lines 3105–3131: labels `客户 F | CV23005`, a status text after the figures, and a
    // client name wrapped around its row's figure line (3113 / 3115 / 3117).
    // 175.29 + 206.43 + 190.77 + 26.38 + 48.05 + 10.59 + 10.07 + 6.63 + 4.69 = 678.90;
    // 73.02 + 128.23 + 35.13 + 26.34 + 22.37 = 285.09 against 285.10 (rounding);
    // 207.00 + 90.00 + 100.00 + 470.00 + 125.00 + 34.20 + 72.01 + 116.93 + 105.30 = 1,320.44.
    let report = audit_004();
    let all_rows = [3109, 3111, 3115, 3119, 3121, 3123, 3125, 3127, 3129];
    for total in ["678.90", "1,320.44"] {
        let check = footing(&report, 3131, total);
        assert_eq!(check["verdict"], "pass");
        assert_eq!(part_lines(check), all_rows);
    }
    let check = footing(&report, 3131, "285.10");
    assert_eq!(check["verdict"], "pass");
    assert_eq!(part_lines(check), [3109, 3111, 3115, 3119, 3121]);
}

#[test]
fn valuation_table_rate_columns_are_not_footed() {
    // Lines 3899–3909: `账面价值 评估价值 增减额 增值率%` over pairs of `原值 净值`,
    // `科目名称` alone between. Six amount columns foot (2,851,870.97 + 1,144,149.48 =
    // 3,996,020.45; …; 535,951.47 + 391,888.73 = 927,840.20); the two `增值率%` columns
    // (-34.54 + -2.34 is not -25.32, nor should it be) are rates.
    let report = audit_004();
    let totals = checks_with_total(&report, "table.footing", 3909);
    assert_eq!(totals.len(), 6);
    for (check, total) in &totals {
        assert_eq!(check["verdict"], "pass");
        assert_ne!(total["text"], "-25.32");
        assert_ne!(total["text"], "72.65");
        assert_eq!(part_lines(check), [3905, 3907]);
    }
    for rule in ["table.percent-total", "table.share-of-total"] {
        assert!(checks_with_role(&report, rule, "total", 3909).is_empty());
    }
}

#[test]
fn tables_with_rows_lost_by_the_pdf_are_not_checked() {
    // Rows whose figure line the PDF lost: 交通及差旅费 (3457), 中介机构及咨询服务费 and
    // 装修及维修保养费 before 合计 3,426.12 (3475); 晶圆等材料成本 before 小计 (1731, 1739);
    // 晶圆及其他状态销售 before 总体 (1767); a row before 合计 49.84 (4109). Their visible
    // rows do not foot; no check may claim they do or do not.
    let report = audit_004();
    for line in [3475, 1731, 1739, 1767, 4109] {
        assert!(!any_check_on(&report, line), "a check on line {line}");
    }
}

#[test]
fn a_wrapped_heading_does_not_make_a_share_column() {
    // Lines 1807–1817: `封测成本占比影` / `响程度` wrap one heading (an effect on a share, in
    // percentage points); its column must not be added up to 100.
    let report = audit_004();
    for line in [1813, 1815, 1817] {
        assert!(!any_check_on(&report, line), "a check on line {line}");
    }
}

fn facts_004() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/filings/004_beeaf47b2b54bf6e.txt"
    );
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .args(["facts", "--format", "json", path])
        .output()
        .expect("runs");
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// (text, concept_key, period) of the facts on `line`, left to right.
fn on_line(facts: &[Value], line: u64) -> Vec<(String, String, String)> {
    facts
        .iter()
        .filter(|f| f["line"] == line)
        .map(|f| {
            (
                f["text"].as_str().unwrap_or("").to_string(),
                f["concept_key"].as_str().unwrap_or("").to_string(),
                f["period"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect()
}

fn triple(text: &str, key: &str, period: &str) -> (String, String, String) {
    (text.to_string(), key.to_string(), period.to_string())
}

/// 004 lines 433–463: the peer comparison. Each company's name stands on its 营业收入 line and
/// its stock code (`(605111)`: a code, not a negative figure) on its 净利润 line; the filer's
/// own rows close the table, with `公司` printed between them. Peers keep their name in the
/// concept; the filer's 营业收入 is the document's.
#[test]
fn the_peer_table_of_004_keeps_each_company_apart() {
    let facts = facts_004();
    assert_eq!(
        on_line(&facts, 435),
        [
            triple("182,842.40", "新洁能/营业收入", "2024"),
            triple("147,656.14", "新洁能/营业收入", "2023"),
            triple("23.83%", "新洁能/营业收入", "-"),
        ]
    );
    assert_eq!(
        on_line(&facts, 437)[0],
        triple("43,104.80", "(605111)/净利润", "2024")
    );
    assert_eq!(
        on_line(&facts, 459),
        [
            triple("13,013.44", "营业收入", "2024"),
            triple("21,374.33", "营业收入", "2023"),
            triple("-39.12%", "营业收入", "-"),
        ]
    );
    assert_eq!(
        on_line(&facts, 463)[0],
        triple("-9,721.68", "净利润", "2024")
    );
    // 士兰微's loss narrowed from −6,455.76 to −2,386.19: +63.04% of the base's size.
    let report = audit_004();
    let change = report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["rule"] == "table.change-column" && c["locations"][0]["line"] == 441)
        .expect("a change check on line 441");
    assert_eq!(change["verdict"], "pass");
    assert!(change["message"]
        .as_str()
        .unwrap_or("")
        .contains("63.04% = (-2,386.19 − -6,455.76) / 6,455.76"));
    // 355 `研发投入占营业收入的比例达 45.08%`: 5,866.02 / 13,013.44 = 45.0766%.
    let ratio = report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["rule"] == "prose.ratio" && c["locations"][0]["line"] == 355)
        .expect("the research ratio is checked");
    assert_eq!(ratio["verdict"], "pass");
    assert!(ratio["message"]
        .as_str()
        .unwrap_or("")
        .contains("stated 45.08%, 5,866.02万元 / 13,013.44 gives 45.0766%"));
}

/// 004 lines 533–553: the header lost its year line; the caption `2023-2024 年度公司按产品类别的
/// 主营业务毛利额及占比、毛利率如下` names the years, and the document's tables print the newest
/// first, so the first group (毛利额, 占比, 毛利率) is 2024 and the second 2023.
#[test]
fn a_header_without_years_takes_them_from_the_caption() {
    let facts = facts_004();
    assert_eq!(
        on_line(&facts, 545),
        [
            triple("393.14", "功率器件毛利额", "2024"),
            triple("8.74%", "功率器件毛利额", "2024"),
            triple("5.54%", "功率器件毛利率", "2024"),
            triple("2,119.48", "功率器件毛利额", "2023"),
            triple("22.37%", "功率器件毛利额", "2023"),
            triple("17.45%", "功率器件毛利率", "2023"),
        ]
    );
    let total = on_line(&facts, 553);
    assert_eq!(total[2], triple("35.46%", "毛利率", "2024"));
    assert_eq!(total[5], triple("44.96%", "毛利率", "2023"));
}
