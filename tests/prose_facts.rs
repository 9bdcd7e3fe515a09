//! Figures in prose, pinned on real sentences of the filings in `../shared/filings/`.
//!
//! Each test names a sentence by the 1-based line its figures are printed on and lists the
//! facts `tieout facts --format json` must give for it: printed text, value, unit, concept,
//! period and measure. Every expectation was checked by reading the filing (the line's text,
//! and for `报告期各期` the periods the document reports on).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use assert_cmd::Command;
use serde_json::{json, Value};

/// Hong Kong prospectus, 業務 section (Traditional; one paragraph per line).
const F000: &str = "000_50ef9214fb2b3a7a.txt";
/// Industry report on advanced packaging.
const F002: &str = "002_f912ce001ec45cb4.txt";
/// Reply to the STAR-market inquiry letter (Simplified; one paragraph per line).
const F003: &str = "003_5d660df4a9ddb2ac.txt";
/// Sponsor's opinion, pdftotext layout (hard-wrapped, blank line after every line).
const F004: &str = "004_beeaf47b2b54bf6e.txt";

fn filing(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/filings")
        .join(name)
}

/// The facts of a filing, read once per test binary.
fn facts(name: &str) -> Vec<Value> {
    static CACHE: OnceLock<Mutex<HashMap<String, Vec<Value>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(found) = cache.lock().unwrap().get(name) {
        return found.clone();
    }
    let output = Command::cargo_bin("tieout")
        .unwrap()
        .args(["facts", "--format", "json"])
        .arg(filing(name))
        .output()
        .expect("run tieout");
    assert!(output.status.success(), "tieout facts failed on {name}");
    let all: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let all = all.as_array().expect("an array").clone();
    cache.lock().unwrap().insert(name.to_string(), all.clone());
    all
}

/// The prose facts printed on 1-based line `line`, in printed order.
fn prose_on(name: &str, line: u64) -> Vec<Value> {
    facts(name)
        .into_iter()
        .filter(|f| f["origin"]["kind"] == "prose" && f["line"] == line)
        .collect()
}

fn level() -> Value {
    json!({"kind": "level"})
}
fn growth(base: &str) -> Value {
    json!({"kind": "growth", "base": base})
}
fn points(base: &str) -> Value {
    json!({"kind": "point_change", "base": base})
}
fn change(base: &str) -> Value {
    json!({"kind": "change", "base": base})
}
fn share(of: &str) -> Value {
    json!({"kind": "share", "of": of})
}
fn cagr(first: &str, last: &str) -> Value {
    json!({"kind": "cagr", "first": first, "last": last})
}

/// One expected fact: value, unit, concept, period, measure.
type Expected<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, Value);

/// Asserts the prose facts on `line` are exactly `expected`, in order.
fn assert_line(name: &str, line: u64, expected: &[Expected<'_>]) {
    let got = prose_on(name, line);
    let show = |facts: &[Value]| {
        facts
            .iter()
            .map(|f| {
                format!(
                    "{} {} {} {} {}",
                    f["value"], f["unit"], f["concept"], f["period"], f["measure"]
                )
            })
            .collect::<Vec<_>>()
            .join("\n  ")
    };
    assert_eq!(
        got.len(),
        expected.len(),
        "{name}:{line}: got\n  {}",
        show(&got)
    );
    for (fact, (value, unit, concept, period, measure)) in got.iter().zip(expected) {
        let context = format!("{name}:{line}: got\n  {}", show(&got));
        assert_eq!(fact["value"], *value, "{context}");
        assert_eq!(fact["unit"], *unit, "{context}");
        assert_eq!(fact["concept"], *concept, "{context}");
        assert_eq!(fact["period"].as_str(), *period, "{context}");
        assert_eq!(&fact["measure"], measure, "{context}");
    }
}

/// The printed text of the fact with value `value` on `line`.
fn text_of(name: &str, line: u64, value: &str) -> String {
    prose_on(name, line)
        .into_iter()
        .find(|f| f["value"] == value)
        .map(|f| f["text"].as_str().unwrap_or("").to_string())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// 004: pdftotext, sentences wrapped mid-word, figure and unit split over lines
// ---------------------------------------------------------------------------------------------

/// 004:21 `2024 年公司毛利率为 35.46%,比上年减` / 23 `少 9.51 个百分点。`
#[test]
fn f004_gross_margin_and_its_point_change_over_a_wrap() {
    assert_line(
        F004,
        21,
        &[
            ("-9718.93", "万元", "现净利润", None, level()),
            ("35.46", "%", "毛利率", Some("2024"), level()),
        ],
    );
    let on23 = prose_on(F004, 23);
    assert_eq!(on23[0]["value"], "-9.51");
    assert_eq!(on23[0]["unit"], "个百分点");
    assert_eq!(on23[0]["concept"], "毛利率");
    assert_eq!(on23[0]["measure"], points("2023"));
}

/// 004:23-25 `功率器件毛利率 5.54%,同比减少 11.9 个百分` / `点`: the unit wraps.
#[test]
fn f004_product_margin_with_a_unit_wrapped_mid_word() {
    let on23 = prose_on(F004, 23);
    assert_eq!(on23.len(), 3);
    assert_eq!(on23[1]["concept"], "功率器件毛利率");
    assert_eq!(on23[1]["value"], "5.54");
    assert_eq!(on23[1]["period"], "2024");
    assert_eq!(on23[2]["value"], "-11.9");
    assert_eq!(on23[2]["measure"], points("2023"));
    // The span runs from `11.9` on line 23 to `点` on line 25.
    assert_eq!(on23[2]["text"], "11.9\u{2002}个百分\n\n点");
}

/// 004:25 `功率 IC 毛利率 90.17%,同比减少 3.27 个百分点`
#[test]
fn f004_power_ic_margin() {
    assert_line(
        F004,
        25,
        &[
            ("90.17", "%", "功率IC毛利率", Some("2024"), level()),
            (
                "-3.27",
                "个百分点",
                "功率IC毛利率",
                Some("2024"),
                points("2023"),
            ),
        ],
    );
}

/// 004:353 `公司 2024 年度研发费用为 5,866.02 万元,同比增长 62.85%,研发投入占营`
#[test]
fn f004_rd_expense_and_growth() {
    assert_line(
        F004,
        353,
        &[
            ("5866.02", "万元", "研发费用", Some("2024"), level()),
            ("62.85", "%", "研发费用", Some("2024"), growth("2023")),
        ],
    );
    assert_eq!(text_of(F004, 353, "5866.02"), "5,866.02\u{2002}万元");
}

/// 004:353-355 `研发投入占营` / `业收入的比例达 45.08%,较 2023 年增加 28.23 个百分点`
#[test]
fn f004_rd_share_of_revenue_joined_over_the_wrap() {
    assert_line(
        F004,
        355,
        &[
            (
                "45.08",
                "%",
                "研发投入占营业收入的比例",
                Some("2024"),
                share("营业收入"),
            ),
            (
                "28.23",
                "个百分点",
                "研发投入占营业收入的比例",
                Some("2024"),
                points("2023"),
            ),
        ],
    );
}

/// 004:355-357 `研发人员从 2024 年初的 65 人增至 2024 年年末的 82 人`
#[test]
fn f004_headcount_from_year_start_to_year_end() {
    assert_line(
        F004,
        357,
        &[
            ("65", "count", "研发人员", Some("2023-12-31"), level()),
            ("82", "count", "研发人员", Some("2024-12-31"), level()),
        ],
    );
}

/// 004:357-359 `截至 2024 年 12 月 31 日,公司累计获授权专利 113 项(其中发明专利 70 项、
/// 实用新型专利 43 项)`
#[test]
fn f004_patent_counts_with_their_parts() {
    assert_line(
        F004,
        359,
        &[
            ("113", "count", "专利", Some("2024-12-31"), level()),
            ("70", "count", "发明专利", Some("2024-12-31"), level()),
            ("43", "count", "实用新型专利", Some("2024-12-31"), level()),
        ],
    );
}

/// 004:567 `功率器件毛利率从 17.45%下降至 5.54%,毛利额较上年度下降 1,726.34 万元。`
/// No year in the paragraph: `较上年度` is relative to the document's latest period, 2024.
#[test]
fn f004_margin_from_to_and_an_amount_change() {
    assert_line(
        F004,
        567,
        &[
            ("17.45", "%", "功率器件毛利率", Some("2023"), level()),
            ("5.54", "%", "功率器件毛利率", Some("2024"), level()),
            ("-1726.34", "万元", "毛利额", Some("2024"), change("2023")),
        ],
    );
}

/// 004:583-585 `毛利率从 67.01%下降至 5.40%,毛利额较上年度下降 1,458.52 万` / `元。`
#[test]
fn f004_amount_and_unit_split_over_two_lines() {
    assert_line(
        F004,
        583,
        &[
            ("67.01", "%", "毛利率", Some("2023"), level()),
            ("5.40", "%", "毛利率", Some("2024"), level()),
            ("-1458.52", "万元", "毛利额", Some("2024"), change("2023")),
        ],
    );
    let fact = prose_on(F004, 583)
        .into_iter()
        .find(|f| f["value"] == "-1458.52")
        .unwrap();
    assert_eq!(fact["text"], "1,458.52\u{2002}万\n\n元");
    // The span ends on line 585, after `元`.
    let text = std::fs::read_to_string(filing(F004)).unwrap();
    let end = fact["byte_end"].as_u64().unwrap() as usize;
    assert_eq!(text[..end].lines().count(), 585);
    assert!(text[..end].ends_with('元'));
}

/// 004:605-607 `2024 年度,公司研发人员人数从年初的 65` / `人增至年末的 82 人`: `年初` and
/// `年末` without a year take the sentence's year.
#[test]
fn f004_bare_year_start_and_end() {
    assert_line(
        F004,
        605,
        &[("65", "count", "研发人员人数", Some("2023-12-31"), level())],
    );
    let on607 = prose_on(F004, 607);
    assert_eq!(on607[0]["value"], "82");
    assert_eq!(on607[0]["period"], "2024-12-31");
    assert_eq!(on607[0]["concept"], "研发人员人数");
}

/// 004:671-673 `公司 2025 年一季度实现营业收入 4,482.93 万元,…较 2024 年同期的 2,231.30 万元
/// 增长 64.89%`
#[test]
fn f004_first_quarter_and_the_same_period_a_year_before() {
    assert_line(
        F004,
        671,
        &[("4482.93", "万元", "营业收入", Some("2025-01~03"), level())],
    );
    let on673 = prose_on(F004, 673);
    assert_eq!(on673.len(), 3);
    assert_eq!(on673[1]["value"], "2231.30");
    assert_eq!(on673[1]["period"], "2024-01~03");
    assert_eq!(on673[2]["value"], "64.89");
    assert_eq!(on673[2]["period"], "2025-01~03");
    assert_eq!(on673[2]["measure"], growth("2024-01~03"));
}

/// 004:1037-1039 `2024 年技术开发产品毛利率为 5.40%,` / `较 2023 年 67.01%下降较多。`
#[test]
fn f004_level_quoted_for_comparison() {
    assert_line(
        F004,
        1037,
        &[("5.40", "%", "技术开发产品毛利率", Some("2024"), level())],
    );
    assert_line(
        F004,
        1039,
        &[("67.01", "%", "技术开发产品毛利率", Some("2023"), level())],
    );
}

/// 004: a line of aligned columns is no sentence (line 553, `合计 4,495.66 100.00% …`).
#[test]
fn f004_aligned_rows_give_no_prose_facts() {
    assert!(prose_on(F004, 553).is_empty());
}

// ---------------------------------------------------------------------------------------------
// 003: one paragraph per line, `报告期各期`
// ---------------------------------------------------------------------------------------------

/// 003:108 `报告期各期,公司分别实现营业收入16,757.75万元、28,720.92万元和39,398.33万元,
/// 分别实现归属于母公司股东的净利润2,750.34万元、6,558.59万元和9,853.85万元;截至2022年6月末、
/// 2022年末,公司母公司报表的未分配利润金额分别为8,586.76万元(未经审计)、4,303.29万元。`
/// The reporting periods are 2021-2023 (the document's `2021年度` … `2023年度`).
#[test]
fn f003_lists_over_the_reporting_periods() {
    assert_line(
        F003,
        108,
        &[
            ("16757.75", "万元", "营业收入", Some("2021"), level()),
            ("28720.92", "万元", "营业收入", Some("2022"), level()),
            ("39398.33", "万元", "营业收入", Some("2023"), level()),
            (
                "2750.34",
                "万元",
                "归属于母公司股东的净利润",
                Some("2021"),
                level(),
            ),
            (
                "6558.59",
                "万元",
                "归属于母公司股东的净利润",
                Some("2022"),
                level(),
            ),
            (
                "9853.85",
                "万元",
                "归属于母公司股东的净利润",
                Some("2023"),
                level(),
            ),
            (
                "8586.76",
                "万元",
                "未分配利润金额",
                Some("2022-06-30"),
                level(),
            ),
            (
                "4303.29",
                "万元",
                "未分配利润金额",
                Some("2022-12-31"),
                level(),
            ),
        ],
    );
}

/// 003:120 `2021年至2023年公司营业收入的复合增长率达到53.33%`, shares of two instants, two
/// cash flows and a share over the whole reporting period.
#[test]
fn f003_cagr_shares_and_cash_flows() {
    let got = prose_on(F003, 120);
    assert_eq!(got.len(), 8);
    assert_eq!(got[0]["value"], "53.33");
    assert_eq!(got[0]["concept"], "营业收入");
    assert_eq!(got[0]["measure"], cagr("2021", "2023"));
    // `分别占2022年6月末、2022年末公司归属于母公司所有者权益的15.58%和8.35%`
    assert_eq!(got[1]["value"], "15.58");
    assert_eq!(got[1]["period"], "2022-06-30");
    assert_eq!(got[1]["measure"], share("归属于母公司所有者权益"));
    assert_eq!(got[2]["value"], "8.35");
    assert_eq!(got[2]["period"], "2022-12-31");
    // `2022年度、2023年度经营活动产生的现金流量净额亦分别达到14,824.27万元、23,864.01万元`
    assert_eq!(got[5]["value"], "14824.27");
    assert_eq!(got[5]["concept"], "经营活动产生的现金流量净额");
    assert_eq!(got[5]["period"], "2022");
    assert_eq!(got[6]["value"], "23864.01");
    assert_eq!(got[6]["period"], "2023");
    // `…占同期归属于母公司股东的净利润的比例为58.97%`
    assert_eq!(got[7]["value"], "58.97");
    assert_eq!(got[7]["measure"], share("归属于母公司股东的净利润"));
}

/// 003:122 `公司历次融资金额合计超过37,612.71万元`: no period named, none invented.
#[test]
fn f003_amount_without_a_period() {
    let got = prose_on(F003, 122);
    assert_eq!(got[0]["value"], "37612.71");
    assert_eq!(got[0]["concept"], "历次融资金额");
    assert_eq!(got[0]["period"], Value::Null);
}

// ---------------------------------------------------------------------------------------------
// 000: Traditional, 百萬元, 截至…止六個月
// ---------------------------------------------------------------------------------------------

/// 000:14 `我們的收入由2022年的人民幣269.4百萬元增加至2023年的人民幣509.1百萬元，並進一步增至
/// 2024年的人民幣827.4百萬元。我們的收入亦由截至2024年6月30日止六個月的人民幣389.0百萬元增加至
/// 截至2025年6月30日止六個月的人民幣475.0百萬元。`
#[test]
fn f000_revenue_from_to_over_years_and_half_years() {
    let got = prose_on(F000, 14);
    let expected: [Expected<'_>; 5] = [
        ("269.4", "百万元", "收入", Some("2022"), level()),
        ("509.1", "百万元", "收入", Some("2023"), level()),
        ("827.4", "百万元", "收入", Some("2024"), level()),
        ("389.0", "百万元", "收入", Some("2024-01~06"), level()),
        ("475.0", "百万元", "收入", Some("2025-01~06"), level()),
    ];
    for (fact, (value, unit, concept, period, measure)) in got.iter().zip(&expected) {
        assert_eq!(fact["value"], *value);
        assert_eq!(fact["unit"], *unit);
        assert_eq!(fact["unit_kind"], "money");
        assert_eq!(fact["concept"], *concept);
        assert_eq!(fact["period"].as_str(), *period);
        assert_eq!(&fact["measure"], measure);
    }
    assert_eq!(got[0]["text"], "269.4百萬元");
}

/// 000:14 `我們於2022年、2023年及2024年錄得虧損分別為人民幣360.3百萬元、人民幣358.9百萬元及
/// 人民幣376.6百萬元，並於截至2024年及2025年6月30日止六個月分別錄得虧損人民幣198.2百萬元及
/// 人民幣218.6百萬元。`
#[test]
fn f000_losses_distributed_over_listed_periods() {
    let got = prose_on(F000, 14);
    let losses: Vec<(&str, &str)> = got[5..10]
        .iter()
        .map(|f| {
            assert_eq!(f["concept"], "虧損");
            (
                f["value"].as_str().unwrap(),
                f["period"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        losses,
        [
            ("360.3", "2022"),
            ("358.9", "2023"),
            ("376.6", "2024"),
            ("198.2", "2024-01~06"),
            ("218.6", "2025-01~06"),
        ]
    );
}

/// 000:14 `截至2022年、2023年及2024年12月31日止年度，我們的毛損率顯著改善，分別為79.8%、38.4%及
/// 20.1%。截至2025年6月30日止六個月，我們的虧損率由22.3%收窄至16.3%`
#[test]
fn f000_rates_for_years_ended_and_a_from_to_pair() {
    let got = prose_on(F000, 14);
    let rates: Vec<(&str, &str, &str)> = got[10..15]
        .iter()
        .map(|f| {
            assert_eq!(f["unit"], "%");
            (
                f["concept"].as_str().unwrap(),
                f["value"].as_str().unwrap(),
                f["period"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        rates,
        [
            ("毛損率", "79.8", "2022"),
            ("毛損率", "38.4", "2023"),
            ("毛損率", "20.1", "2024"),
            ("虧損率", "22.3", "2024-01~06"),
            ("虧損率", "16.3", "2025-01~06"),
        ]
    );
}

/// 000:18 `本集團於中國共擁有211項專利，其中包括32項發明專利及179項實用新型專利`
#[test]
fn f000_patent_counts_name_the_noun_after_them() {
    assert_line(
        F000,
        18,
        &[
            ("211", "count", "專利", None, level()),
            ("32", "count", "發明專利", None, level()),
            ("179", "count", "實用新型專利", None, level()),
        ],
    );
}

/// 000:68 `我們於2022年至2024年期間實現驚人的複合年增長率75.3%，截至2024年12月31日止年度的收入
/// 達人民幣827.6百萬元`
#[test]
fn f000_cagr_and_revenue_for_the_year_ended() {
    let got = prose_on(F000, 68);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["value"], "75.3");
    assert_eq!(got[0]["measure"], cagr("2022", "2024"));
    assert_eq!(got[1]["value"], "827.6");
    assert_eq!(got[1]["concept"], "收入");
    assert_eq!(got[1]["period"], "2024");
}

/// 000:1604 `我們的毛損由2022年的人民幣215.0百萬元減少至2023年的人民幣195.6百萬元，進一步減少至
/// 2024年的人民幣166.6百萬元；並由截至2023年6月30日止六個月的人民幣86.9百萬元減少至截至2024年
/// 6月30日止六個月的人民幣77.4百萬元。…並由截至2024年6月30日止六個月的22.3%下降至2025年同期的
/// 16.3%。`
#[test]
fn f000_gross_loss_decreasing_to_and_the_same_period() {
    let got = prose_on(F000, 1604);
    let all: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|f| {
            assert_eq!(f["measure"], level());
            (
                f["concept"].as_str().unwrap(),
                f["value"].as_str().unwrap(),
                f["period"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        all,
        [
            ("毛損", "215.0", "2022"),
            ("毛損", "195.6", "2023"),
            ("毛損", "166.6", "2024"),
            ("毛損", "86.9", "2023-01~06"),
            ("毛損", "77.4", "2024-01~06"),
            ("毛損率", "79.8", "2022"),
            ("毛損率", "38.4", "2023"),
            ("毛損率", "20.1", "2024"),
            ("毛損率", "22.3", "2024-01~06"),
            ("毛損率", "16.3", "2025-01~06"),
        ]
    );
}

/// 000:1636 `銷售及分銷開支佔收入的百分比由2022年的2.8%減少至2024年的1.2%，截至2024年6月30日止
/// 六個月及截至2025年6月30日止六個月分別為1.2%及1.2%`
#[test]
fn f000_share_of_revenue_over_years_and_half_years() {
    let concept = "銷售及分銷開支佔收入的百分比";
    assert_line(
        F000,
        1636,
        &[
            ("2.8", "%", concept, Some("2022"), share("收入")),
            ("1.2", "%", concept, Some("2024"), share("收入")),
            ("1.2", "%", concept, Some("2024-01~06"), share("收入")),
            ("1.2", "%", concept, Some("2025-01~06"), share("收入")),
        ],
    );
}

/// 000:916 `自五名最大供應商的購買額分別佔截至2022年、2023年及2024年12月31日止年度及截至2025年
/// 6月30日止六個月總購買額的41.8%、30.9%、33.9%及32.6%`
#[test]
fn f000_top_five_supplier_shares() {
    let got = prose_on(F000, 916);
    let shares: Vec<(&str, &str)> = got[..4]
        .iter()
        .map(|f| {
            assert_eq!(f["measure"], share("總購買額"));
            (
                f["value"].as_str().unwrap(),
                f["period"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        shares,
        [
            ("41.8", "2022"),
            ("30.9", "2023"),
            ("33.9", "2024"),
            ("32.6", "2025-01~06")
        ]
    );
}

/// 000:28 `全球半導體市場規模於2024年達至人民幣43,710億元，預計到2029年將增長至人民幣65,480億元`
/// … `2024年至2029年的複合年增長率為14.3%`
#[test]
fn f000_market_sizes_in_hundred_millions_and_a_cagr() {
    let got = prose_on(F000, 28);
    assert_eq!(got[0]["value"], "43710");
    assert_eq!(got[0]["unit"], "亿元");
    assert_eq!(got[0]["concept"], "全球半導體市場規模");
    assert_eq!(got[0]["period"], "2024");
    assert_eq!(got[1]["value"], "65480");
    assert_eq!(got[1]["period"], "2029");
    let last = got.last().unwrap();
    assert_eq!(last["value"], "14.3");
    assert_eq!(last["measure"], cagr("2024", "2029"));
}

// ---------------------------------------------------------------------------------------------
// 002 (its text tables, `约110亿美元` and `78% - 85%`, are pinned in tests/text_tables.rs)
// ---------------------------------------------------------------------------------------------

/// 002:47 `2023年先进封装市场整体产值同比下降3.5%`
#[test]
fn f002_year_on_year_decline() {
    assert_line(
        F002,
        47,
        &[(
            "-3.5",
            "%",
            "先进封装市场整体产值",
            Some("2023"),
            growth("2022"),
        )],
    );
}

/// Every prose fact's span is the printed figure: its text starts with the number and lies
/// within one sentence.
#[test]
fn prose_spans_are_figures_inside_their_sentences() {
    for name in [F000, F002, F003, F004] {
        for f in facts(name) {
            if f["origin"]["kind"] != "prose" {
                continue;
            }
            let text = f["text"].as_str().unwrap();
            assert!(
                text.starts_with(|c: char| c.is_ascii_digit() || c == '-'),
                "{name}:{}: {text:?}",
                f["line"]
            );
            let (start, end) = (f["byte_start"].as_u64(), f["byte_end"].as_u64());
            let sentence = &f["origin"]["sentence"];
            assert!(sentence["start"].as_u64() <= start && end <= sentence["end"].as_u64());
        }
    }
}

/// 003:1040–1042 `经营活动产生的现金流量净额分别为6,915.61万元、14,824.27万元和23,864.01万元,
/// 占当期营业收入的比例分别为41.27%、` / (blank line) / `51.61%和60.57%,占比持续增加`: a
/// sentence cut at a comma by a page runs on over the blank line, so the ratios on line 1042
/// keep their concept and their years.
#[test]
fn f003_a_list_cut_by_a_blank_line_runs_on() {
    let concept = "经营活动产生的现金流量净额";
    let ratio = "经营活动产生的现金流量净额占当期营业收入的比例";
    assert_line(
        F003,
        1040,
        &[
            ("6915.61", "万元", concept, Some("2021"), level()),
            ("14824.27", "万元", concept, Some("2022"), level()),
            ("23864.01", "万元", concept, Some("2023"), level()),
            ("41.27", "%", ratio, Some("2021"), share("营业收入")),
        ],
    );
    let got = prose_on(F003, 1042);
    assert_eq!(got[0]["value"], "51.61");
    assert_eq!(got[0]["concept"], ratio);
    assert_eq!(got[0]["period"], "2022");
    assert_eq!(got[1]["value"], "60.57");
    assert_eq!(got[1]["period"], "2023");
    assert_eq!(got[1]["measure"], share("营业收入"));
}

/// 003:126 `…公司当年以现金方式分配的利润原则上不少于4,000万元`: a floor set by a dividend
/// policy is a bound, not a figure of the year.
#[test]
fn f003_a_bound_is_no_level() {
    let got = prose_on(F003, 126);
    assert!(got.iter().all(|f| f["value"] != "4000"), "{got:#?}");
}
