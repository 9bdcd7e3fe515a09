//! The document-level kinds of the default pack on the real filings: stated ratios, growth
//! rates, changes in points and compound growth against the figures they derive from, and
//! figures restated in prose against their tables, pinned by line and verdict.

use assert_cmd::Command;
use serde_json::Value;

fn filing(name: &str) -> String {
    format!("{}/../shared/filings/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn audit_linked(name: &str) -> Value {
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["audit", "--no-config"])
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

/// The checks of `rule` anywhere in a report: (first location's line, verdict, message).
fn checks_of(report: &Value, rule: &str) -> Vec<(u64, String, String)> {
    report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["rule"] == rule)
        .map(|c| {
            (
                c["locations"][0]["line"].as_u64().expect("line"),
                c["verdict"].as_str().expect("verdict").to_string(),
                c["message"].as_str().expect("message").to_string(),
            )
        })
        .collect()
}

/// 000:1574 `我們的收入由2022年的人民幣269.4百萬元增至2024年的人民幣827.4百萬元，複合年增長率為
/// 75.3%`: the rate names no years, so it spans the pair before it: (827.4 / 269.4)^(1/2) − 1 =
/// 75.2504%, 75.3% rounded.
#[test]
fn the_revenue_cagr_of_000_spans_the_pair_before_it() {
    let report = audit_linked("000_50ef9214fb2b3a7a.txt");
    let got = stated_on(&report, "prose.cagr", 1574);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "pass");
    assert!(got[0].1.contains(
        "收入 from 2022 to 2024 (2 years): stated 75.3%, 269.4百萬元 → 827.4百萬元 gives 75.2504%"
    ));
}

/// 001:3516–3518, a platform's 单位价格 / 单位成本 / 毛利率 by period: 2021 (4,687.65 − 4,698.67)
/// ÷ 4,687.65 = −0.2351%, printed −0.23%; 2019 (3,497.20 − 13,756.79) ÷ 3,497.20 = −293.3658%,
/// printed −293.37%. Three tables of 001 print the three rows, four periods each.
#[test]
fn gross_margins_of_001_follow_from_price_and_cost() {
    let report = audit_linked("001_b40ded9683c99a5e.txt");
    let checks = checks_of(&report, "table.gross-margin");
    assert_eq!(checks.len(), 12, "{checks:?}");
    assert!(checks.iter().all(|(_, v, _)| v == "pass"), "{checks:?}");
    let lines: std::collections::BTreeSet<u64> = checks.iter().map(|c| c.0).collect();
    assert_eq!(lines.into_iter().collect::<Vec<_>>(), [3518, 3555, 3582]);
    assert!(checks
        .iter()
        .any(|(_, _, m)| m.contains("(left -0.23, right -0.2351)")));
    assert!(checks
        .iter()
        .any(|(_, _, m)| m.contains("(left -293.37, right -293.3658)")));
}

/// 001:2660 `外销收入金额分别为2,687.80万元…，占主营业务收入的比例分别为10.25%…`: 2,687.80 /
/// 26,215.23 = 10.2528%, with the 主营业务收入 of line 2172 — never the 营业收入 of a
/// valuation's forecast table (line 619) nor a customer table's 合计 of 收入 (line 2358).
#[test]
fn export_share_of_001_is_of_main_business_revenue() {
    let report = audit_linked("001_b40ded9683c99a5e.txt");
    let got = stated_on(&report, "prose.ratio", 2660);
    assert_eq!(got.len(), 4, "{got:?}");
    assert!(got.iter().all(|(v, _)| v == "pass"), "{got:?}");
    assert!(got[0]
        .1
        .contains("外销收入金额 / 主营业务收入 in 2019: stated 10.25%, 2,687.80万元 / 26,215.23万元 gives 10.2528%"));
    // The research ratio of 5721 (研发投入占营业收入的比例 30.69%) needs a 营业收入 the
    // document never prints as its own: nothing is checked rather than the forecast used.
    assert!(stated_on(&report, "prose.ratio", 5721).is_empty());
}

/// 001:3484 restates the 主营业务毛利率 of the table on line 3997 (−185.79%, −96.08%, −16.76%,
/// −2.57%); 001:5721 the 研发费用 of line 1062.
#[test]
fn restated_margins_and_research_expense_of_001_agree() {
    let report = audit_linked("001_b40ded9683c99a5e.txt");
    let margins = stated_on(&report, "doc.agreement", 3484);
    assert_eq!(margins.len(), 4, "{margins:?}");
    assert!(margins.iter().all(|(v, _)| v == "pass"));
    assert!(margins[0].1.contains(
        "主营业务毛利率 2019: -185.79% (line 3484) agrees with the table's -185.79% (line 3997)"
    ));
    let research = stated_on(&report, "doc.agreement", 5721);
    assert_eq!(research.len(), 4, "{research:?}");
    assert!(research[2].1.contains(
        "研发费用 2021: 62,110.80万元 (line 5721) agrees with the table's 62,110.80 (line 1062)"
    ));
}

/// 001:3569 `…公司功率器件单位成本下降，使得功率器件毛利率上升 17.16 个百分点`: the part of the
/// 2019→2020 improvement (−165.30% → −146.79%, 18.51 points) that unit cost explains, not the
/// whole change: no check, and `tieout facts` says why.
#[test]
fn a_contribution_to_a_change_is_not_checked_as_the_change() {
    let report = audit_linked("001_b40ded9683c99a5e.txt");
    assert!(stated_on(&report, "prose.pp-change", 3569).is_empty());
    let facts = facts_json("001_b40ded9683c99a5e.txt");
    let fact = facts
        .iter()
        .find(|f| f["line"] == 3569 && f["text"] == "17.16 个百分点")
        .expect("the figure is a fact");
    assert_eq!(fact["stance"], "contribution");
}

/// 003:4777 主营业务收入 grew 37.21%: 28,688.22 → 39,362.63 (table, line 4515) is 37.2083%.
/// 003:5794 失效分析毛利率 fell 3.7 points: 54.57% → 50.87%.
#[test]
fn growth_and_point_changes_of_003_agree() {
    let report = audit_linked("003_5d660df4a9ddb2ac.txt");
    let growth = stated_on(&report, "prose.growth-rate", 4777);
    assert_eq!(growth.len(), 1, "{growth:?}");
    assert_eq!(growth[0].0, "pass");
    assert!(growth[0].1.contains(
        "主营业务收入 from 2022 to 2023: stated 37.21%, 28,688.22 → 39,362.63 gives 37.2083%"
    ));
    let points = stated_on(&report, "prose.pp-change", 5794);
    assert_eq!(points.len(), 1, "{points:?}");
    assert_eq!(points[0].0, "pass");
    assert!(points[0].1.contains(
        "失效分析毛利率 from 2021 to 2022: stated -3.7 percentage points, 54.57% → 50.87%"
    ));
}

/// 003:6933 研发费用占营业收入的比例 13.45%, 12.61%, 10.80%: 2,253.88 / 16,757.75 = 13.4498%.
/// 003:9649 扣非归母净利润 CAGR 94.26%: (8,587.91 / 2,275.61)^(1/2) − 1 = 94.2651%.
/// 003:108 营业收入 restated from the table on line 5342.
#[test]
fn research_ratio_net_profit_cagr_and_revenue_of_003_agree() {
    let report = audit_linked("003_5d660df4a9ddb2ac.txt");
    let ratios = stated_on(&report, "prose.ratio", 6933);
    assert_eq!(ratios.len(), 3, "{ratios:?}");
    assert!(ratios.iter().all(|(v, _)| v == "pass"));
    assert!(ratios[0].1.contains(
        "研发费用 / 营业收入 in 2021: stated 13.45%, 2,253.88万元 / 16,757.75 gives 13.4498%"
    ));
    let cagr = stated_on(&report, "prose.cagr", 9649);
    assert!(cagr.iter().any(|(v, m)| v == "pass"
        && m.contains("stated 94.26%, 2,275.61万元 → 8,587.91万元 gives 94.2651%")));
    let revenue = stated_on(&report, "doc.agreement", 108);
    assert_eq!(revenue.len(), 3, "{revenue:?}");
    assert!(revenue.iter().all(|(v, _)| v == "pass"));
    assert!(revenue[2].1.contains(
        "营业收入 2023: 39,398.33万元 (line 108) agrees with the table's 39,398.33 (line 5342)"
    ));
}

/// Figures 003 prints but does not assert as its own are not compared:
/// - 983 `以公司2023年实现的归母净利润9,853.85万元为例，如公司以现金方式分配的利润为4,000万元，则
///   现金分红金额占归母净利润的比例为40.59%`: a worked example (hypothetical);
/// - 4542 `根据申报材料：(1)报告期各期主营业务收入分别为12,031.84万元…`: the exchange quoting the
///   application as filed a year earlier, whose 报告期 was 2020–2022 (quoted);
/// - 4658 `卓胜微公司2022年度实现营业收入36.77亿元`: a peer company's revenue.
#[test]
fn scenarios_quotations_and_peers_of_003_are_not_checked() {
    let report = audit_linked("003_5d660df4a9ddb2ac.txt");
    assert!(stated_on(&report, "prose.ratio", 983).is_empty());
    assert!(stated_on(&report, "doc.agreement", 4542).is_empty());
    assert!(stated_on(&report, "doc.agreement", 4658).is_empty());
    assert!(stated_on(&report, "prose.growth-rate", 4658).is_empty());
    let facts = facts_json("003_5d660df4a9ddb2ac.txt");
    let at = |line: u64, text: &str| {
        facts
            .iter()
            .find(|f| f["line"] == line && f["text"] == text)
            .unwrap_or_else(|| panic!("{line} {text}"))
            .clone()
    };
    assert_eq!(at(983, "40.59%")["stance"], "hypothetical");
    assert_eq!(at(4542, "12,031.84万元")["stance"], "quoted");
    let peer = at(4658, "36.77亿元");
    assert_eq!(peer["stance"], "stated");
    assert_eq!(peer["concept"], "卓胜微公司 / 营业收入");
}

/// 004:23 `功率器件毛利率 5.54%，同比减少 11.9 个百分点`: 17.45% → 5.54% is −11.91 points,
/// −11.9 at the statement's one decimal.
#[test]
fn the_power_device_margin_of_004_fell_as_stated() {
    let report = audit_linked("004_beeaf47b2b54bf6e.txt");
    let got = stated_on(&report, "prose.pp-change", 23);
    assert!(
        got.iter().any(|(v, m)| v == "pass"
            && m.contains("功率器件毛利率 from 2023 to 2024: stated -11.9 percentage points, 17.45% → 5.54% gives -11.91")),
        "{got:?}"
    );
}

/// The default pack is quiet on the five filings except where a filing disagrees with itself:
/// no document-level check fails on 001, 002, 003 or 004.
#[test]
fn the_document_level_rules_are_quiet_on_consistent_filings() {
    for name in [
        "001_b40ded9683c99a5e.txt",
        "002_f912ce001ec45cb4.txt",
        "003_5d660df4a9ddb2ac.txt",
        "004_beeaf47b2b54bf6e.txt",
    ] {
        let report = audit_linked(name);
        let failing: Vec<&Value> = report["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .filter(|c| {
                !c["rule"].as_str().unwrap_or("").starts_with("table.") && c["verdict"] == "fail"
            })
            .collect();
        assert!(failing.is_empty(), "{name}: {failing:#?}");
    }
}

fn facts_json(name: &str) -> Vec<Value> {
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .args(["facts", "--format", "json"])
        .arg(filing(name))
        .output()
        .expect("runs");
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// Audits a copy of a real filing with one printed figure on `line` changed from `from` to
/// `to`; returns the findings.
fn audit_with_one_figure_changed(name: &str, line: usize, from: &str, to: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(filing(name)).expect("filing");
    let mut lines: Vec<&str> = text.split('\n').collect();
    assert!(lines[line - 1].contains(from), "line {line} prints {from}");
    let changed = lines[line - 1].replacen(from, to, 1);
    lines[line - 1] = &changed;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, lines.join("\n")).expect("write copy");
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .args(["audit", "--no-config", "--format", "json"])
        .arg(&path)
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    report["findings"].as_array().expect("findings").clone()
}

fn names(finding: &Value, line: u64, text: &str) -> bool {
    finding["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .any(|l| l["line"] == line && l["text"] == text)
}

/// One changed digit in a real passage is found, and the finding names the changed figure:
/// a growth rate (004:353 62.85% → 62.58%), a ratio (003:1042 60.57% → 60.75%) and a figure
/// restated from a table (003:108 39,398.33万元 → 39,389.33万元).
#[test]
fn one_changed_figure_in_a_real_passage_is_named() {
    let growth = audit_with_one_figure_changed("004_beeaf47b2b54bf6e.txt", 353, "62.85%", "62.58%");
    assert!(
        growth
            .iter()
            .any(|f| f["rule"] == "prose.growth-rate" && names(f, 353, "62.58%")),
        "{growth:#?}"
    );
    let ratio = audit_with_one_figure_changed("003_5d660df4a9ddb2ac.txt", 1042, "60.57%", "60.75%");
    assert!(
        ratio
            .iter()
            .any(|f| f["rule"] == "prose.ratio" && names(f, 1042, "60.75%")),
        "{ratio:#?}"
    );
    let restated = audit_with_one_figure_changed(
        "003_5d660df4a9ddb2ac.txt",
        108,
        "39,398.33万元",
        "39,389.33万元",
    );
    assert!(
        restated
            .iter()
            .any(|f| f["rule"] == "doc.agreement" && names(f, 108, "39,389.33万元")),
        "{restated:#?}"
    );
}

/// `--evidence` on the five filings shows every rule of the default pack at work: each passes
/// at least one check somewhere.
#[test]
fn every_default_rule_passes_checks_on_the_real_filings() {
    let mut at_work = std::collections::BTreeSet::new();
    for name in [
        "000_50ef9214fb2b3a7a.txt",
        "001_b40ded9683c99a5e.txt",
        "002_f912ce001ec45cb4.txt",
        "003_5d660df4a9ddb2ac.txt",
        "004_beeaf47b2b54bf6e.txt",
    ] {
        let report = audit_linked(name);
        for check in report["checks"].as_array().expect("checks") {
            if check["verdict"] == "pass" {
                at_work.insert(check["rule"].as_str().expect("rule").to_string());
            }
        }
    }
    let listed = Command::cargo_bin("tieout")
        .expect("binary")
        .arg("rules")
        .output()
        .expect("runs");
    let ids: Vec<String> = String::from_utf8(listed.stdout)
        .expect("UTF-8")
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(ids.len() >= 10, "{ids:?}");
    for id in &ids {
        assert!(at_work.contains(id), "{id} passes no check: {at_work:?}");
    }
}

/// 000:14 `我們的收入由2022年的人民幣269.4百萬元增加至2023年的人民幣509.1百萬元…` against the
/// total of the revenue-by-region table on line 1005 (人民幣千元: 269,399, 509,077, 827,374,
/// 389,018, 474,975), whose caption the file cuts off. And 000:68, `截至2024年12月31日止年度的
/// 收入達人民幣827.6百萬元`: 827,374 千元 is 827.4 百萬元, as lines 14 and 1574 print it; 827.6
/// is a misprint the filing carries.
#[test]
fn revenue_in_the_prose_of_000_agrees_with_the_regional_table_except_on_line_68() {
    let report = audit_linked("000_50ef9214fb2b3a7a.txt");
    let restated = stated_on(&report, "doc.agreement", 14);
    assert_eq!(restated.len(), 5, "{restated:?}");
    assert!(restated.iter().all(|(v, _)| v == "pass"), "{restated:?}");
    assert!(restated[0]
        .1
        .contains("收入 2022: 269.4百萬元 (line 14) agrees with the table's 269,399 (line 1005)"));
    let misprint = stated_on(&report, "doc.agreement", 68);
    assert_eq!(misprint.len(), 1, "{misprint:?}");
    assert_eq!(misprint[0].0, "fail");
    assert!(misprint[0].1.contains(
        "收入 2024 is printed as 827.6百萬元 on line 68 but the table on line 1005 has 827,374"
    ));
    let findings = report["findings"].as_array().expect("findings");
    let finding = findings
        .iter()
        .find(|f| f["rule"] == "doc.agreement")
        .expect("the misprint is a finding");
    let places: Vec<(u64, &str)> = finding["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| {
            (
                l["line"].as_u64().unwrap_or(0),
                l["text"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(places, [(68, "827.6百萬元"), (1005, "827,374")]);
}

/// 004:21–23 `2024 年公司毛利率为 35.46%,比上年减少 9.51 个百分点`, against the 合计 row of the
/// table on line 553 (35.46% for 2024, 44.96% for 2023), whose header lost its year line: the
/// years come from its caption `2023-2024 年度…`, newest first as the document's tables print
/// them. 44.96% → 35.46% is −9.50 points, −9.51 within the roundings of all three figures.
#[test]
fn the_gross_margin_of_004_against_the_table_whose_years_its_caption_names() {
    let report = audit_linked("004_beeaf47b2b54bf6e.txt");
    let level = stated_on(&report, "doc.agreement", 21);
    assert_eq!(level.len(), 1, "{level:?}");
    assert_eq!(level[0].0, "pass");
    assert!(level[0]
        .1
        .contains("毛利率 2024: 35.46% (line 21) agrees with the table's 35.46% (line 553)"));
    let points = stated_on(&report, "prose.pp-change", 23);
    assert!(
        points.iter().any(|(v, m)| v == "pass"
            && m.contains("change of 毛利率 from 2023 to 2024: stated -9.51 percentage points, 44.96% → 35.46% gives -9.5")),
        "{points:?}"
    );
    // 583 `毛利率从 67.01%下降至 5.40%` is the 技术服务 row of that table (67.01%, 5.40%), named
    // by the general word: not a disagreement with the 合计 row.
    assert!(stated_on(&report, "doc.agreement", 583).is_empty());
}

/// A table titled as a forecast (001:619, under `…计算出税后净利润的预测`) prints hypothetical
/// figures; a table titled with another company (004:3675, `众享科技最近一年一期的财务数据…`)
/// keeps that company in its concepts. Neither is the document's own level.
#[test]
fn forecast_and_other_company_tables_are_marked_in_their_facts() {
    let forecast = facts_json("001_b40ded9683c99a5e.txt");
    let revenue = forecast
        .iter()
        .find(|f| f["line"] == 619 && f["text"] == "185,920.00")
        .expect("the forecast's 2021 revenue");
    assert_eq!(revenue["stance"], "hypothetical");
    assert_eq!(revenue["concept_key"], "营业收入");
    let subsidiary = facts_json("004_beeaf47b2b54bf6e.txt");
    let income = subsidiary
        .iter()
        .find(|f| f["line"] == 3675 && f["text"] == "4,043.32")
        .expect("the subsidiary's 2024 revenue");
    assert_eq!(income["stance"], "stated");
    assert_eq!(income["concept"], "众享科技 / 营业总收入");
}
