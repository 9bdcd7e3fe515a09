//! Text tables of the industry report 002: tab-separated rows whose cells are mostly words,
//! with approximate amounts (`约110亿美元`), ranges (`78% - 85%`, `40 μm - 55 μm`) and bounds
//! (`Sub-1.0 μm`, `>55 μm`). Each end of a range is a fact of its own, told apart by the end it
//! is; model names (`H100`) are no figures.

use assert_cmd::Command;
use serde_json::Value;

const F002: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/filings/002_f912ce001ec45cb4.txt"
);

fn facts_on(line: u64) -> Vec<Value> {
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .args(["facts", "--format", "json", F002])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let all: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON");
    all.into_iter().filter(|f| f["line"] == line).collect()
}

fn summary(f: &Value) -> (String, String, String, String) {
    let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
    let dims: Vec<&str> = f["dimensions"]
        .as_array()
        .map(|d| d.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    (s("text"), s("value"), s("unit"), dims.join(" / "))
}

fn owned(rows: &[(&str, &str, &str, &str)]) -> Vec<(String, String, String, String)> {
    rows.iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect()
}

/// 002:147 `CoWoS-S | 台积电 | 约110亿美元 | 78% - 85% | NVIDIA H100/H200, AMD MI300 | …`
#[test]
fn an_approximate_amount_and_a_range_in_a_text_table() {
    let got: Vec<_> = facts_on(147).iter().map(summary).collect();
    assert_eq!(
        got,
        owned(&[
            ("110", "110", "亿美元", "2025年对应市场规模"),
            ("78%", "78", "%", "2025年综合工艺生产良率 / 下限"),
            ("85%", "85", "%", "2025年综合工艺生产良率 / 上限"),
        ])
    );
    let facts = facts_on(147);
    assert!(facts.iter().all(|f| f["origin"]["kind"] == "table"));
    assert!(facts.iter().all(|f| f["period"] == "2025"));
    // Two label columns: the technology and its maker.
    assert_eq!(facts[0]["concept"], "CoWoS-S / 台积电");
}

/// 002:30 `CoWoS-S | 单体硅中介层 (Monolithic Si) | TSV + 微凸块 | 40 μm - 55 μm | Sub-1.0 μm | NVIDIA H100 / AMD MI300`
#[test]
fn lengths_ranges_and_bounds_in_a_text_table() {
    let got: Vec<_> = facts_on(30).iter().map(summary).collect();
    assert_eq!(
        got,
        owned(&[
            ("40", "40", "μm", "关键凸块间距 / 下限"),
            ("55", "55", "μm", "关键凸块间距 / 上限"),
            ("1.0", "1.0", "μm", "典型线宽线距 / 上限"),
        ])
    );
    // 002:31 `>55 μm`: a lower bound alone.
    let got: Vec<_> = facts_on(31).iter().map(summary).collect();
    assert_eq!(
        got[0],
        owned(&[("55", "55", "μm", "关键凸块间距 / 下限")])[0]
    );
}

/// 002:99–103, the shares of output value in 2022 and 2026E: each column adds up to 100.0%.
#[test]
fn the_share_table_is_read_and_its_columns_foot() {
    let got: Vec<_> = facts_on(100).iter().map(summary).collect();
    assert_eq!(
        got,
        owned(&[
            ("53.0%", "53.0", "%", "2022年产值份额"),
            ("36.0%", "36.0", "%", "2026E产值份额"),
        ])
    );
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .args(["audit", "--format", "json", "--evidence", F002])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let checks = report["checks"].as_array().expect("checks");
    let share_totals: Vec<&Value> = checks
        .iter()
        .filter(|c| c["rule"] == "table.percent-total")
        .collect();
    assert_eq!(share_totals.len(), 2);
    assert!(share_totals.iter().all(|c| c["verdict"] == "pass"));
    assert!(share_totals
        .iter()
        .all(|c| c["locations"][0]["line"] == 100));
}
