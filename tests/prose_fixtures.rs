//! Snapshot tests: the prose facts of each fixture in `fixtures/prose/` (one sentence shape a
//! file, invented text modelled on the filings' layouts).
//!
//! A snapshot lists one prose fact a line: `line:column  printed text  value unit  concept
//! period  measure`. What each must show:
//!
//! - `reporting-periods-list`: two lists after `报告期各期…分别` spread over 2028, 2029, 2030
//!   (the years of the table above them), oldest first; two balances at `2029年6月末` and
//!   `2029年末` (instants 2029-06-30, 2029-12-31).
//! - `from-to`: `由…增加至…，並進一步增至…` gives levels of 收入 for 2027 / 2028 / 2029;
//!   `截至…止六個月` gives half-years 2028-01~06 / 2029-01~06; rates from 2027 to 2029.
//! - `growth`: `同比增长` / `同比下降` (negative) / `较上年增长` are growth rates from 2029; an
//!   amount after `较上年度下降` is a change (negative), not a level.
//! - `share-and-points`: `毛利率为` a level; `比上年减少 … 个百分点` a point change (negative);
//!   `占营业收入的比例达` a share of 营业收入.
//! - `cagr`: `2027年至2030年…复合增长率` and `2026年至2029年…複合年增長率`.
//! - `counts`: counts name the noun after them (`86項專利`) or before (`专利58项`); `年初` is
//!   the end of the year before.
//! - `wrapped`: pdftotext layout; the sentence wraps mid-word (`研发投入占营` / `业收入`) and
//!   `306.58 万` / `元` wraps between number and unit: the span covers both lines.
//! - `not-amounts`: section numbers, dates, a house number, a product code, a range
//!   `78% - 85%`, durations: no facts; `约110亿美元` is one.
//! - `periods`: `2030年1-6月` and its `上年同期`, `2030年1-3月`, `2030/6/30`.
//!
//! Review changed snapshots, then accept them with `INSTA_UPDATE=always cargo test --test
//! prose_fixtures` (or `cargo insta accept`).

use assert_cmd::Command;
use serde_json::Value;

fn prose_facts(path: &str) -> String {
    let output = Command::cargo_bin("tieout")
        .unwrap()
        .args(["facts", "--format", "json", path])
        .output()
        .expect("run tieout");
    assert!(output.status.success(), "tieout facts {path} failed");
    let facts: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let mut out = String::new();
    for f in facts.as_array().expect("an array") {
        if f["origin"]["kind"] != "prose" {
            continue;
        }
        let measure = &f["measure"];
        let mut m = measure["kind"].as_str().unwrap_or("?").to_string();
        let args: Vec<String> = ["base", "of", "first", "last"]
            .iter()
            .filter_map(|k| measure.get(*k))
            .map(|v| v.as_str().unwrap_or("-").to_string())
            .collect();
        if !args.is_empty() {
            m = format!("{m}({})", args.join(", "));
        }
        out.push_str(&format!(
            "{}:{}\t{:?}\t{} {}\t{}\t{}\t{}\n",
            f["line"],
            f["column"],
            f["text"].as_str().unwrap_or(""),
            f["value"].as_str().unwrap_or(""),
            f["unit"].as_str().unwrap_or(""),
            f["concept"].as_str().unwrap_or(""),
            f["period"].as_str().unwrap_or("-"),
            m,
        ));
    }
    out
}

macro_rules! fixture {
    ($name:ident, $file:literal) => {
        #[test]
        fn $name() {
            let path = concat!("fixtures/prose/", $file, ".txt");
            let out = prose_facts(path);
            insta::with_settings!({ description => concat!("prose facts of ", $file) }, {
                insta::assert_snapshot!(concat!("prose__", $file), out);
            });
        }
    };
}

fixture!(reporting_periods_list, "reporting-periods-list");
fixture!(from_to, "from-to");
fixture!(growth, "growth");
fixture!(share_and_points, "share-and-points");
fixture!(cagr, "cagr");
fixture!(counts, "counts");
fixture!(wrapped, "wrapped");
fixture!(not_amounts, "not-amounts");
fixture!(periods, "periods");
