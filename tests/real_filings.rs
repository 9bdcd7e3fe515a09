//! Specifications pinned on the real filings in `../shared/filings/`.
//!
//! The filings are read at run time and never copied into the repository; tests that need a
//! modified table copy a few lines into a temporary file while they run. Every line number,
//! printed figure and sum below was checked by hand against the filing (the sums are also
//! recomputed here, from the printed texts, by `hundredths` / `sum_hundredths`).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Hong Kong prospectus, 業務 section (tab-separated, 人民幣千元 / % pairs).
const F000: &str = "000_50ef9214fb2b3a7a.txt";
/// Accountant's reply to the STAR-market inquiry letter (万元, merged first cells, page breaks).
const F001: &str = "001_b40ded9683c99a5e.txt";
/// Industry report on advanced packaging.
const F002: &str = "002_f912ce001ec45cb4.txt";
/// Reply to the STAR-market inquiry letter, glued cells.
const F003: &str = "003_5d660df4a9ddb2ac.txt";
/// Sponsor's opinion, pdftotext layout.
const F004: &str = "004_beeaf47b2b54bf6e.txt";

const FOOTING: &str = "table.footing";
const PERCENT_TOTAL: &str = "table.percent-total";
const SHARE_OF_TOTAL: &str = "table.share-of-total";

fn filing(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/filings")
        .join(name)
}

/// The text of a filing's 1-based line `n`.
fn filing_line(name: &str, n: usize) -> String {
    let text = std::fs::read_to_string(filing(name)).expect("read filing");
    text.split('\n')
        .nth(n - 1)
        .expect("line exists")
        .to_string()
}

/// The exit status and the parsed JSON report of `tieout audit PATH --format json --evidence`.
struct Audit {
    status: i32,
    report: Value,
}

impl Audit {
    fn checks(&self) -> &[Value] {
        self.report["checks"]
            .as_array()
            .expect("--evidence lists every check")
    }

    fn findings(&self) -> &[Value] {
        self.report["findings"].as_array().expect("findings array")
    }

    /// The one check of `rule` whose location of `role` prints `text` on `line`.
    fn check(&self, rule: &str, role: &str, line: u64, text: &str) -> &Value {
        let found: Vec<&Value> = self
            .checks()
            .iter()
            .filter(|c| c["rule"] == rule)
            .filter(|c| {
                locations(c)
                    .iter()
                    .any(|l| l.role == role && l.line == line && l.text == text)
            })
            .collect();
        assert_eq!(
            found.len(),
            1,
            "expected exactly one {rule} check with {role} `{text}` on line {line}, found {found:#?}"
        );
        found[0]
    }

    /// The one footing / percent-total check whose total prints `text` on `line`.
    fn by_total(&self, rule: &str, line: u64, text: &str) -> &Value {
        let check = self.check(rule, "total", line, text);
        let first = &locations(check)[0];
        assert_eq!(
            (first.role.as_str(), first.line, first.text.as_str()),
            ("total", line, text),
            "the total is the first location"
        );
        check
    }
}

fn audit(path: &Path) -> Audit {
    let output = Command::cargo_bin("tieout")
        .expect("the tieout binary")
        .arg("audit")
        .arg(path)
        .args(["--format", "json", "--evidence"])
        .output()
        .expect("run tieout");
    let status = output.status.code().expect("an exit code");
    assert!(
        status == 0 || status == 1,
        "tieout failed on {}: status {status}, stderr:\n{}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    Audit { status, report }
}

fn audit_filing(name: &str) -> Audit {
    audit(&filing(name))
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Loc {
    role: String,
    line: u64,
    column: u64,
    end_line: u64,
    end_column: u64,
    byte_start: usize,
    byte_end: usize,
    text: String,
    path: String,
}

fn locations(check: &Value) -> Vec<Loc> {
    check["locations"]
        .as_array()
        .expect("locations array")
        .iter()
        .map(|l| Loc {
            role: l["role"].as_str().expect("role").to_string(),
            line: l["line"].as_u64().expect("line"),
            column: l["column"].as_u64().expect("column"),
            end_line: l["end_line"].as_u64().expect("end_line"),
            end_column: l["end_column"].as_u64().expect("end_column"),
            byte_start: l["byte_start"].as_u64().expect("byte_start") as usize,
            byte_end: l["byte_end"].as_u64().expect("byte_end") as usize,
            text: l["text"].as_str().expect("text").to_string(),
            path: l["path"].as_str().expect("path").to_string(),
        })
        .collect()
}

/// `(line, text)` of every location of `role`, in report order.
fn with_role(check: &Value, role: &str) -> Vec<(u64, String)> {
    locations(check)
        .into_iter()
        .filter(|l| l.role == role)
        .map(|l| (l.line, l.text))
        .collect()
}

fn owned(parts: &[(u64, &str)]) -> Vec<(u64, String)> {
    parts.iter().map(|&(l, t)| (l, t.to_string())).collect()
}

fn verdict(check: &Value) -> &str {
    check["verdict"].as_str().expect("verdict")
}

/// A printed figure (`31,912.78`, `33.3`, `0.02%`, `100`) in hundredths: 3_191_278, 3_330, 2, 10_000.
fn hundredths(text: &str) -> i64 {
    let clean: String = text.chars().filter(|c| !matches!(c, ',' | '%')).collect();
    let (int, frac) = clean.split_once('.').unwrap_or((&clean, ""));
    assert!(frac.len() <= 2, "more than two decimals in `{text}`");
    let negative = int.starts_with('-');
    let int: i64 = int.trim_start_matches('-').parse().expect("integer part");
    let frac: i64 = format!("{frac:0<2}").parse().expect("fraction");
    let v = int * 100 + frac;
    if negative {
        -v
    } else {
        v
    }
}

fn sum_hundredths(parts: &[(u64, &str)]) -> i64 {
    parts.iter().map(|(_, t)| hundredths(t)).sum()
}

/// A JSON number-as-string field (`expected`, `actual`, `difference`, `tolerance`) in hundredths.
fn field(check: &Value, name: &str) -> i64 {
    hundredths(check[name].as_str().unwrap_or_else(|| panic!("{name}")))
}

/// The 1-based character column at which `needle` (which must occur once) starts in `line`.
fn char_column(line: &str, needle: &str) -> u64 {
    assert_eq!(
        line.matches(needle).count(),
        1,
        "`{needle}` once in `{line}`"
    );
    let byte = line.find(needle).expect("needle");
    line[..byte].chars().count() as u64 + 1
}

/// Asserts a passing footing check: total `total` on `line`, exactly these parts, and (our own
/// arithmetic) the parts add up to `sum`.
fn assert_foots(audit: &Audit, line: u64, total: &str, parts: &[(u64, &str)], sum: &str) {
    assert_eq!(sum_hundredths(parts), hundredths(sum), "our own sum");
    let check = audit.by_total(FOOTING, line, total);
    assert_eq!(verdict(check), "pass", "{check:#}");
    assert_eq!(with_role(check, "part"), owned(parts), "{check:#}");
    assert_eq!(field(check, "expected"), hundredths(sum));
    assert_eq!(field(check, "actual"), hundredths(total));
}

/// Asserts a passing percent-total check, like `assert_foots`.
fn assert_percents_add_up(audit: &Audit, line: u64, total: &str, parts: &[(u64, &str)], sum: &str) {
    assert_eq!(sum_hundredths(parts), hundredths(sum), "our own sum");
    let check = audit.by_total(PERCENT_TOTAL, line, total);
    assert_eq!(verdict(check), "pass", "{check:#}");
    assert_eq!(with_role(check, "part"), owned(parts), "{check:#}");
    assert_eq!(field(check, "expected"), hundredths(sum));
}

/// Asserts a passing share-of-total check for the share `share` on `line`.
fn assert_share_holds(
    audit: &Audit,
    line: u64,
    share: &str,
    amount: &str,
    total_line: u64,
    total_amount: &str,
    total_share: &str,
) {
    let check = audit.check(SHARE_OF_TOTAL, "share", line, share);
    assert_eq!(verdict(check), "pass", "{check:#}");
    assert_eq!(
        (
            with_role(check, "amount"),
            with_role(check, "total_amount"),
            with_role(check, "total_share")
        ),
        (
            owned(&[(line, amount)]),
            owned(&[(total_line, total_amount)]),
            owned(&[(total_line, total_share)])
        ),
        "{check:#}"
    );
}

/// `amount / total × total_share` in ten-thousandths of a percent, truncated: 17.9659…% → 179_659.
fn share_e4(amount: &str, total: &str, total_share: &str) -> i64 {
    let q = hundredths(amount) as i128 * hundredths(total_share) as i128 * 100;
    (q / hundredths(total) as i128) as i64
}

// ---------------------------------------------------------------------------------------------
// 000: revenue by product, lines 338–346 (three header rows, 人民幣千元 / % pairs, footnote marks)
// ---------------------------------------------------------------------------------------------

/// Amount columns of 000 lines 341–345; line 345 (2.5D/3D) prints `-` (nil) for 2025.
const PRODUCT_AMOUNTS: [(&str, [(u64, &str); 5]); 5] = [
    (
        "269,137",
        [
            (341, "89,539"),
            (342, "102,754"),
            (343, "48,353"),
            (344, "28,488"),
            (345, "3"),
        ],
    ),
    (
        "508,351",
        [
            (341, "172,831"),
            (342, "183,455"),
            (343, "82,003"),
            (344, "70,057"),
            (345, "5"),
        ],
    ),
    (
        "823,661",
        [
            (341, "277,016"),
            (342, "244,084"),
            (343, "149,955"),
            (344, "152,003"),
            (345, "603"),
        ],
    ),
    (
        "387,453",
        [
            (341, "117,358"),
            (342, "127,521"),
            (343, "74,695"),
            (344, "67,828"),
            (345, "51"),
        ],
    ),
    (
        "474,186",
        [
            (341, "147,322"),
            (342, "150,994"),
            (343, "95,404"),
            (344, "80,466"),
            (345, "-"),
        ],
    ),
];

#[test]
fn product_revenue_000_every_amount_column_foots_to_its_total_on_line_346() {
    let audit = audit_filing(F000);
    for (total, parts) in PRODUCT_AMOUNTS {
        // A nil `-` is not a printed figure: it is neither a part nor added.
        let parts: Vec<(u64, &str)> = parts.into_iter().filter(|p| p.1 != "-").collect();
        assert_foots(&audit, 346, total, &parts, total);
    }
}

#[test]
fn product_revenue_000_every_percent_column_adds_to_100_0_on_line_346() {
    let audit = audit_filing(F000);
    let columns: [&[(u64, &str)]; 5] = [
        &[(341, "33.3"), (342, "38.2"), (343, "17.9"), (344, "10.6")],
        &[(341, "34.0"), (342, "36.1"), (343, "16.1"), (344, "13.8")],
        &[
            (341, "33.6"),
            (342, "29.6"),
            (343, "18.2"),
            (344, "18.5"),
            (345, "0.1"),
        ],
        &[(341, "30.3"), (342, "32.9"), (343, "19.3"), (344, "17.5")],
        &[(341, "31.1"), (342, "31.8"), (343, "20.1"), (344, "17.0")],
    ];
    let checks: Vec<&Value> = audit
        .checks()
        .iter()
        .filter(|c| c["rule"] == PERCENT_TOTAL)
        .filter(|c| locations(c)[0].line == 346)
        .collect();
    assert_eq!(checks.len(), 5, "one percent-total per % column");
    for parts in columns {
        assert_eq!(sum_hundredths(parts), hundredths("100.0"), "our own sum");
        let check = checks
            .iter()
            .find(|c| with_role(c, "part") == owned(parts))
            .unwrap_or_else(|| panic!("no percent-total with parts {parts:?}"));
        assert_eq!(verdict(check), "pass", "{check:#}");
        assert_eq!(with_role(check, "total"), owned(&[(346, "100.0")]));
    }
}

#[test]
fn product_revenue_000_every_share_is_its_amount_over_the_column_total() {
    let audit = audit_filing(F000);
    // (line, [(amount, share)] per period), totals on line 346.
    let rows: [(u64, [(&str, &str); 5]); 4] = [
        (
            341,
            [
                ("89,539", "33.3"),
                ("172,831", "34.0"),
                ("277,016", "33.6"),
                ("117,358", "30.3"),
                ("147,322", "31.1"),
            ],
        ),
        (
            342,
            [
                ("102,754", "38.2"),
                ("183,455", "36.1"),
                ("244,084", "29.6"),
                ("127,521", "32.9"),
                ("150,994", "31.8"),
            ],
        ),
        (
            343,
            [
                ("48,353", "17.9"),
                ("82,003", "16.1"),
                ("149,955", "18.2"),
                ("74,695", "19.3"),
                ("95,404", "20.1"),
            ],
        ),
        (
            344,
            [
                ("28,488", "10.6"),
                ("70,057", "13.8"),
                ("152,003", "18.5"),
                ("67,828", "17.5"),
                ("80,466", "17.0"),
            ],
        ),
    ];
    for (line, cells) in rows {
        for ((amount, share), (total, _)) in cells.into_iter().zip(PRODUCT_AMOUNTS) {
            // Our own arithmetic: amount / total × 100 rounds to the printed share, except on
            // line 343 for 2022, which is one unit off (see the next test).
            let exact = share_e4(amount, total, "100.0");
            let allowed = if (line, share) == (343, "17.9") {
                1000
            } else {
                500
            };
            assert!(
                (exact - hundredths(share) * 100).abs() <= allowed,
                "{amount}/{total} = {exact}e-4 vs {share}"
            );
            assert_share_holds(&audit, line, share, amount, 346, total, "100.0");
        }
    }
}

#[test]
fn product_revenue_000_share_nudged_one_unit_so_the_column_adds_to_100_0_is_accepted() {
    let audit = audit_filing(F000);
    // 48,353 / 269,137 = 17.966% rounds to 18.0, but 33.3 + 38.2 + 18.0 + 10.6 = 100.1: the
    // filing prints 17.9 so the column adds to 100.0.
    assert_eq!(share_e4("48,353", "269,137", "100.0"), 179_659);
    assert_eq!(
        sum_hundredths(&[(341, "33.3"), (342, "38.2"), (343, "18.0"), (344, "10.6")]),
        10_010
    );
    assert_share_holds(&audit, 343, "17.9", "48,353", 346, "269,137", "100.0");
    let check = audit.check(SHARE_OF_TOTAL, "share", 343, "17.9");
    assert!(
        check["note"]
            .as_str()
            .is_some_and(|n| n.contains("rounding adjustment")),
        "{check:#}"
    );
}

// ---------------------------------------------------------------------------------------------
// 000: revenue by region, lines 1000–1005 (total row wrapped in <u>…</u>)
// ---------------------------------------------------------------------------------------------

#[test]
fn region_revenue_000_underlined_totals_on_line_1005_foot_and_point_at_their_digits() {
    let audit = audit_filing(F000);
    let columns: [(&str, &str, &str); 5] = [
        ("269,399", "253,075", "16,324"),
        ("509,077", "489,264", "19,813"),
        ("827,374", "807,167", "20,207"),
        ("389,018", "375,347", "13,671"),
        ("474,975", "465,076", "9,899"),
    ];
    for (total, china, overseas) in columns {
        assert_foots(
            &audit,
            1005,
            total,
            &[(1003, china), (1004, overseas)],
            total,
        );
    }
    // `總計\t<u>269,399</u>`: 2 characters, a TAB and `<u>` put the digits at column 7.
    let line = filing_line(F000, 1005);
    assert!(line.starts_with("總計\t<u>269,399</u>"));
    let check = audit.by_total(FOOTING, 1005, "269,399");
    let total = &locations(check)[0];
    assert_eq!((total.column, total.end_column), (7, 14), "{total:?}");
    assert_eq!(char_column(&line, "269,399"), 7);
    assert!(!total.text.contains('<'));

    let percents: [(&str, &str); 5] = [
        ("93.9", "6.1"),
        ("96.1", "3.9"),
        ("97.6", "2.4"),
        ("96.5", "3.5"),
        ("97.9", "2.1"),
    ];
    let percent_checks: Vec<&Value> = audit
        .checks()
        .iter()
        .filter(|c| c["rule"] == PERCENT_TOTAL && locations(c)[0].line == 1005)
        .collect();
    assert_eq!(percent_checks.len(), 5);
    for (china, overseas) in percents {
        let parts = [(1003, china), (1004, overseas)];
        assert_eq!(sum_hundredths(&parts), 10_000);
        let check = percent_checks
            .iter()
            .find(|c| with_role(c, "part") == owned(&parts))
            .expect("percent-total of the column");
        assert_eq!(verdict(check), "pass");
        assert_eq!(with_role(check, "total"), owned(&[(1005, "100.0")]));
    }
}

// ---------------------------------------------------------------------------------------------
// 000: employees by function, lines 1207–1214 (dot leaders, percent total printed `100`)
// ---------------------------------------------------------------------------------------------

const EMPLOYEES: [(u64, &str, &str); 6] = [
    (1208, "5", "0.2"),
    (1209, "215", "10.2"),
    (1210, "1,522", "72.4"),
    (1211, "29", "1.4"),
    (1212, "157", "7.5"),
    (1213, "175", "8.3"),
];

#[test]
fn employee_table_000_headcounts_foot_to_2103_and_each_percentage_is_count_over_2103() {
    let audit = audit_filing(F000);
    let counts: Vec<(u64, &str)> = EMPLOYEES.iter().map(|&(l, c, _)| (l, c)).collect();
    assert_foots(&audit, 1214, "2,103", &counts, "2,103");
    for (line, count, share) in EMPLOYEES {
        let exact = share_e4(count, "2,103", "100");
        assert!(
            (exact - hundredths(share) * 100).abs() <= 500,
            "{count}/2,103"
        );
        assert_share_holds(&audit, line, share, count, 1214, "2,103", "100");
    }
}

// ---------------------------------------------------------------------------------------------
// 001: purchases from related parties, lines 59–72 (金额 / 营业成本占比 pairs, merged cells)
// ---------------------------------------------------------------------------------------------

#[test]
fn related_party_purchases_001_every_amount_column_foots_on_line_72() {
    let audit = audit_filing(F001);
    assert_foots(
        &audit,
        72,
        "224.06",
        &[(61, "36.36"), (66, "187.70")],
        "224.06",
    );
    // 797.89 against a printed 797.88: one rounding unit, within (5 + 1) × 0.005.
    assert_foots(
        &audit,
        72,
        "797.88",
        &[
            (61, "43.49"),
            (62, "76.92"),
            (66, "660.42"),
            (68, "11.06"),
            (69, "6.00"),
        ],
        "797.89",
    );
    // 31,912.80 against a printed 31,912.78: within (10 + 1) × 0.005.
    assert_foots(
        &audit,
        72,
        "31,912.78",
        &[
            (61, "31.97"),
            (62, "1,918.64"),
            (63, "23,822.46"),
            (64, "2,494.17"),
            (65, "3,319.21"),
            (66, "184.34"),
            (67, "68.22"),
            (68, "46.21"),
            (69, "16.13"),
            (70, "11.45"),
        ],
        "31,912.80",
    );
    assert_foots(
        &audit,
        72,
        "31,796.58",
        &[
            (61, "166.42"),
            (62, "4,762.48"),
            (63, "20,259.17"),
            (64, "5,246.20"),
            (65, "438.26"),
            (66, "312.01"),
            (67, "105.88"),
            (68, "62.00"),
            (70, "300.31"),
            (71, "143.85"),
        ],
        "31,796.58",
    );
}

#[test]
fn related_party_purchases_001_cost_of_sales_shares_add_to_the_printed_share_total() {
    let audit = audit_filing(F001);
    // The shares are of 营业成本, a larger whole: the totals are 0.11%, 0.34%, 22.25%, 42.10%.
    assert_percents_add_up(&audit, 72, "0.11%", &[(61, "0.02%"), (66, "0.09%")], "0.11");
    // 0.33 against 0.34: within rounding.
    assert_percents_add_up(
        &audit,
        72,
        "0.34%",
        &[
            (61, "0.02%"),
            (62, "0.03%"),
            (66, "0.28%"),
            (68, "0.00%"),
            (69, "0.00%"),
        ],
        "0.33",
    );
    assert_percents_add_up(
        &audit,
        72,
        "22.25%",
        &[
            (61, "0.02%"),
            (62, "1.34%"),
            (63, "16.61%"),
            (64, "1.74%"),
            (65, "2.31%"),
            (66, "0.13%"),
            (67, "0.05%"),
            (68, "0.03%"),
            (69, "0.01%"),
            (70, "0.01%"),
        ],
        "22.25",
    );
    assert_percents_add_up(
        &audit,
        72,
        "42.10%",
        &[
            (61, "0.22%"),
            (62, "6.31%"),
            (63, "26.82%"),
            (64, "6.95%"),
            (65, "0.58%"),
            (66, "0.41%"),
            (67, "0.14%"),
            (68, "0.08%"),
            (70, "0.40%"),
            (71, "0.19%"),
        ],
        "42.10",
    );
    // A share of a part is amount / total amount × total share: 23,822.46 / 31,912.78 × 22.25
    // = 16.6093 → 16.61%.
    assert_eq!(share_e4("23,822.46", "31,912.78", "22.25%"), 166_093);
    assert_share_holds(&audit, 63, "16.61%", "23,822.46", 72, "31,912.78", "22.25%");
}

// ---------------------------------------------------------------------------------------------
// 001: purchases from 中芯国际上海 / 深圳, lines 90–104, across a page break
// ---------------------------------------------------------------------------------------------

#[test]
fn purchase_table_001_group_total_on_line_94_foots_lines_91_to_93() {
    let audit = audit_filing(F001);
    assert_foots(
        &audit,
        94,
        "23,822.46",
        &[(91, "21,010.64"), (92, "2,623.98"), (93, "187.84")],
        "23,822.46",
    );
    assert_foots(
        &audit,
        94,
        "20,259.17",
        &[(91, "18,673.93"), (92, "969.79"), (93, "615.45")],
        "20,259.17",
    );
}

#[test]
fn purchase_table_001_group_total_on_line_104_adds_line_95_and_the_rows_after_the_repeated_header()
{
    let audit = audit_filing(F001);
    // Line 96 is blank and line 97 repeats the header of line 90: the table goes on.
    assert_eq!(filing_line(F001, 96), "");
    assert_eq!(filing_line(F001, 97), filing_line(F001, 90));
    assert_foots(
        &audit,
        104,
        "3,319.21",
        &[
            (95, "3,102.68"),
            (98, "82.61"),
            (99, "60.04"),
            (100, "46.56"),
            (101, "15.73"),
            (102, "8.88"),
            (103, "2.71"),
        ],
        "3,319.21",
    );
    // Lines 98, 99, 101–103 print `-` for 2019.
    assert_foots(
        &audit,
        104,
        "438.26",
        &[(95, "37.66"), (100, "400.60")],
        "438.26",
    );
    let check = audit.by_total(FOOTING, 104, "3,319.21");
    let lines: Vec<u64> = with_role(check, "part").iter().map(|p| p.0).collect();
    assert!(lines.contains(&95));
    assert!((98..=103).all(|l| lines.contains(&l)), "{lines:?}");
}

// ---------------------------------------------------------------------------------------------
// No false alarms; the one genuine error
// ---------------------------------------------------------------------------------------------

#[test]
fn filing_002_raises_no_findings_and_000_only_its_misprinted_revenue() {
    let audit = audit_filing(F002);
    assert_eq!(audit.findings(), &[] as &[Value]);
    assert_eq!(audit.report["summary"]["failed"], 0);
    assert_eq!(audit.status, 0);
    assert!(!audit.checks().is_empty(), "002 is checked at all");
    // 000 line 68 prints the 2024 revenue as 827.6 百萬元; the regional table on line 1005
    // totals 827,374 千元 (827.4 百萬元, as lines 14 and 1574 print it). Nothing else in 000
    // fails.
    let audit = audit_filing(F000);
    assert_eq!(audit.status, 1);
    assert_eq!(audit.report["summary"]["failed"], 1);
    let findings = audit.findings();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule"], "doc.agreement");
    assert_eq!(
        with_role(&findings[0], "printed"),
        owned(&[(68, "827.6百萬元")])
    );
    assert_eq!(
        with_role(&findings[0], "table"),
        owned(&[(1005, "827,374")])
    );
    // 002 lines 100–103: two share columns without a total row add to 100.
    let audit = audit_filing(F002);
    for parts in [
        [(100, "53.0%"), (101, "39.0%"), (102, "7.2%"), (103, "0.8%")],
        [
            (100, "36.0%"),
            (101, "45.0%"),
            (102, "15.5%"),
            (103, "3.5%"),
        ],
    ] {
        assert_eq!(sum_hundredths(&parts), 10_000);
        let check = audit.check(PERCENT_TOTAL, "share", 100, parts[0].1);
        assert_eq!(verdict(check), "pass");
        assert_eq!(with_role(check, "share"), owned(&parts));
    }
}

#[test]
fn filing_001_findings_are_the_misprinted_38_23_percent_and_two_growth_rates() {
    // 2019: 1,591.71 + 984.74 = 2,576.45; 984.74 / 2,576.45 = 38.2208% (38.2205%–38.2211% for
    // any amounts that print so), i.e. 38.22%, not the printed 38.23%. 1,591.71 / 2,576.45 =
    // 61.7791…% → 61.78% is right, and 61.78% + 38.23% = 100.01%.
    assert_eq!(
        sum_hundredths(&[(4223, "1,591.71"), (4224, "984.74")]),
        257_645
    );
    assert_eq!(share_e4("984.74", "2,576.45", "100.00%"), 382_208);
    assert_eq!(share_e4("1,591.71", "2,576.45", "100.00%"), 617_791);
    assert_eq!(
        sum_hundredths(&[(4223, "61.78%"), (4224, "38.23%")]),
        10_001
    );

    let audit = audit_filing(F001);
    assert_eq!(audit.status, 1);
    assert_eq!(audit.report["summary"]["failed"], 3);
    let findings = audit.findings();
    assert_eq!(findings.len(), 3, "{findings:#?}");
    // 1526: revenue 33,330.92 (2020) over 12,521.85 (2019) is growth of 166.1819%–166.1822%
    // for any amounts that print so, not the printed 166.19%.
    let growth = &findings[0];
    assert_eq!(growth["rule"], "table.change-column");
    assert_eq!(with_role(growth, "change"), owned(&[(1526, "166.19%")]));
    assert_eq!(with_role(growth, "current"), owned(&[(1526, "33,330.92")]));
    assert_eq!(with_role(growth, "base"), owned(&[(1526, "12,521.85")]));
    assert_eq!(
        growth["expected"]
            .as_str()
            .map(|e| e.starts_with("166.182")),
        Some(true)
    );
    // 1617: a unit price of 2,152.71 over 1,820.07 is 18.2756%–18.2768% growth: 18.28% rounded,
    // where the filing prints 18.27% (cut, not rounded).
    let price = &findings[1];
    assert_eq!(price["rule"], "table.change-column");
    assert_eq!(with_role(price, "change"), owned(&[(1617, "18.27%")]));
    assert_eq!(
        price["expected"].as_str().map(|e| e.starts_with("18.276")),
        Some(true)
    );
    let finding = &findings[2];
    assert_eq!(finding["rule"], SHARE_OF_TOTAL);
    assert_eq!(verdict(finding), "fail");
    assert_eq!(with_role(finding, "share"), owned(&[(4224, "38.23%")]));
    assert_eq!(with_role(finding, "amount"), owned(&[(4224, "984.74")]));
    assert_eq!(
        with_role(finding, "total_amount"),
        owned(&[(4225, "2,576.45")])
    );
    assert_eq!(
        with_role(finding, "total_share"),
        owned(&[(4225, "100.00%")])
    );
    assert_eq!(
        finding["expected"].as_str().map(|e| e.starts_with("38.22")),
        Some(true)
    );
    assert_eq!(finding["actual"], "38.23");
    // The column's 100.01% is within the rounding of two shares, so that is not a second finding.
    let column = audit.check(PERCENT_TOTAL, "part", 4224, "38.23%");
    assert_eq!(verdict(column), "pass");
    assert_eq!(with_role(column, "total"), owned(&[(4225, "100.00%")]));
}

// ---------------------------------------------------------------------------------------------
// A wrong figure is caught
// ---------------------------------------------------------------------------------------------

/// Writes `prefix` and then `lines` of `name` (inclusive), with `from` replaced by `to` once,
/// to a temporary file; returns it and its lines.
fn copy_with_one_change(
    name: &str,
    lines: std::ops::RangeInclusive<usize>,
    prefix: &str,
    from: &str,
    to: &str,
) -> (tempfile::TempDir, PathBuf, Vec<String>) {
    let text = std::fs::read_to_string(filing(name)).expect("read filing");
    let all: Vec<&str> = text.split('\n').collect();
    let table = all[lines.start() - 1..*lines.end()].join("\n");
    assert_eq!(table.matches(from).count(), 1, "`{from}` once in the table");
    let content = format!("{prefix}{}\n", table.replacen(from, to, 1));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("changed.txt");
    std::fs::write(&path, &content).expect("write");
    let lines = content.split('\n').map(str::to_string).collect();
    (dir, path, lines)
}

/// The location of `role` printing `text` in `check`.
fn located(check: &Value, role: &str, text: &str) -> Loc {
    locations(check)
        .into_iter()
        .find(|l| l.role == role && l.text == text)
        .unwrap_or_else(|| panic!("no {role} `{text}` in {check:#}"))
}

#[test]
fn one_wrong_digit_in_a_000_revenue_part_is_reported_with_the_part_and_the_total() {
    // 000 lines 338–346 after two lines of prose: line 342 becomes line 7, line 346 line 11.
    let (_dir, path, lines) =
        copy_with_one_change(F000, 338..=346, "下表載列收入：\n\n", "102,754", "103,754");
    let (part_line, total_line) = (7, 11);
    assert!(lines[part_line - 1].starts_with("BGA"));
    assert!(lines[total_line - 1].starts_with("總計"));
    let part_column = char_column(&lines[part_line - 1], "103,754");
    let total_column = char_column(&lines[total_line - 1], "269,137");
    // `BGA ⁽²⁾\t` is 8 characters; `總計\t` 3.
    assert_eq!((part_column, total_column), (9, 4));

    let audit = audit(&path);
    assert_eq!(audit.status, 1);
    let footings: Vec<&Value> = audit
        .findings()
        .iter()
        .filter(|f| f["rule"] == FOOTING)
        .collect();
    assert_eq!(footings.len(), 1, "{:#?}", audit.findings());
    let footing = footings[0];
    let total = &locations(footing)[0];
    assert_eq!(
        (
            total.role.as_str(),
            total.line,
            total.column,
            total.text.as_str()
        ),
        ("total", total_line as u64, total_column, "269,137")
    );
    let part = located(footing, "part", "103,754");
    assert_eq!((part.line, part.column), (part_line as u64, part_column));
    assert_eq!(part.end_column, part_column + 7);
    // 89,539 + 103,754 + 48,353 + 28,488 + 3 = 270,137 against 269,137.
    assert_eq!(field(footing, "expected"), hundredths("270,137"));
    assert_eq!(field(footing, "actual"), hundredths("269,137"));
    assert_eq!(field(footing, "difference").abs(), hundredths("1,000"));

    // 103,754 / 269,137 = 38.55% is no longer the printed 38.2; the shares still add to 100.0.
    let shares: Vec<&Value> = audit
        .findings()
        .iter()
        .filter(|f| f["rule"] == SHARE_OF_TOTAL)
        .collect();
    assert_eq!(shares.len(), 1, "{:#?}", audit.findings());
    let amount = located(shares[0], "amount", "103,754");
    assert_eq!(
        (amount.line, amount.column),
        (part_line as u64, part_column)
    );
    assert_eq!(
        with_role(shares[0], "share"),
        owned(&[(part_line as u64, "38.2")])
    );
    assert_eq!(audit.findings().len(), 2, "{:#?}", audit.findings());
}

#[test]
fn one_wrong_digit_in_a_001_related_party_amount_is_reported_with_the_part_and_the_total() {
    // 001 lines 59–72 after `单位：万元` and a blank line: line 62 becomes 6, line 72 becomes 16.
    let (_dir, path, lines) =
        copy_with_one_change(F001, 59..=72, "单位：万元\n\n", "1,918.64", "1,948.64");
    let (part_line, total_line) = (6usize, 16usize);
    let part_column = char_column(&lines[part_line - 1], "1,948.64");
    let total_column = char_column(&lines[total_line - 1], "31,912.78");
    assert_eq!((part_column, total_column), (29, 31));

    let audit = audit(&path);
    assert_eq!(audit.status, 1);
    let footing = audit
        .findings()
        .iter()
        .find(|f| f["rule"] == FOOTING)
        .expect("a footing finding");
    let total = &locations(footing)[0];
    assert_eq!(
        (total.role.as_str(), total.line, total.column),
        ("total", total_line as u64, total_column)
    );
    assert_eq!(total.text, "31,912.78");
    let part = located(footing, "part", "1,948.64");
    assert_eq!((part.line, part.column), (part_line as u64, part_column));
    // 31,912.80 + 30.00 = 31,942.80 against 31,912.78.
    assert_eq!(field(footing, "expected"), hundredths("31,942.80"));

    let share = audit
        .findings()
        .iter()
        .find(|f| f["rule"] == SHARE_OF_TOTAL)
        .expect("a share-of-total finding");
    assert_eq!(
        with_role(share, "amount"),
        owned(&[(part_line as u64, "1,948.64")])
    );
    assert_eq!(
        with_role(share, "share"),
        owned(&[(part_line as u64, "1.34%")])
    );
    assert_eq!(audit.findings().len(), 2, "{:#?}", audit.findings());
}

// ---------------------------------------------------------------------------------------------
// Rounding
// ---------------------------------------------------------------------------------------------

#[test]
fn parts_missing_the_total_by_rounding_pass_and_a_larger_gap_fails() {
    // Invented figures. Three parts of two decimals and a total: rounding allows 4 × 0.005.
    //   2024年度: 1,203.41 + 2,511.07 + 406.38 = 4,120.86, printed 4,120.85 (one unit off)
    //   2023年度: 980.12 + 1,204.55 + 311.20 = 2,495.87, printed 2,495.89 (two units: the limit)
    //   2022年度: 700.00 + 800.00 + 900.00 = 2,400.00, printed 2,400.05 (five units: too many)
    let table = "单位：万元\n\n\
                 项目\t2024年度\t2023年度\t2022年度\n\
                 材料费\t1,203.41\t980.12\t700.00\n\
                 人工费\t2,511.07\t1,204.55\t800.00\n\
                 制造费用\t406.38\t311.20\t900.00\n\
                 合计\t4,120.85\t2,495.89\t2,400.05\n";
    // (printed total, parts, verdict)
    type Column = (&'static str, [(u64, &'static str); 3], &'static str);
    let columns: [Column; 3] = [
        (
            "4,120.85",
            [(4, "1,203.41"), (5, "2,511.07"), (6, "406.38")],
            "pass",
        ),
        (
            "2,495.89",
            [(4, "980.12"), (5, "1,204.55"), (6, "311.20")],
            "pass",
        ),
        (
            "2,400.05",
            [(4, "700.00"), (5, "800.00"), (6, "900.00")],
            "fail",
        ),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("rounding.txt");
    std::fs::write(&path, table).expect("write");
    let audit = audit(&path);
    for (total, parts, expected_verdict) in columns {
        let gap = (sum_hundredths(&parts) - hundredths(total)).abs();
        assert_eq!(gap <= 2, expected_verdict == "pass", "our own arithmetic");
        let check = audit.by_total(FOOTING, 7, total);
        assert_eq!(verdict(check), expected_verdict, "{check:#}");
        assert_eq!(with_role(check, "part"), owned(&parts));
        assert_eq!(check["tolerance"], "0.02");
    }
    assert_eq!(audit.findings().len(), 1);
    assert_eq!(audit.status, 1);
}

#[test]
fn employee_percentages_000_adding_to_100_0_pass_against_a_total_printed_as_integer_100() {
    let audit = audit_filing(F000);
    let parts: Vec<(u64, &str)> = EMPLOYEES.iter().map(|&(l, _, s)| (l, s)).collect();
    assert_percents_add_up(&audit, 1214, "100", &parts, "100.0");
    // The integer `100` is located on line 1214 like any other figure.
    let line = filing_line(F000, 1214);
    let check = audit.by_total(PERCENT_TOTAL, 1214, "100");
    // `總計.....\t2,103\t100`: 7 characters, TAB, 5, TAB: column 15.
    assert_eq!(char_column(&line, "\t100") + 1, 15);
    assert_eq!(locations(check)[0].column, 15);
}

// ---------------------------------------------------------------------------------------------
// Locations
// ---------------------------------------------------------------------------------------------

/// The 1-based (line, character column) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() as u64 + 1)
}

#[test]
fn every_location_prints_the_file_bytes_at_its_offsets_and_its_line_and_column_agree() {
    let mut count = 0;
    for name in [F000, F001, F002, F003, F004] {
        let path = filing(name);
        let text = std::fs::read_to_string(&path).expect("read filing");
        let audit = audit(&path);
        for check in audit.checks() {
            for loc in locations(check) {
                assert!(loc.byte_start < loc.byte_end && loc.byte_end <= text.len());
                assert_eq!(
                    text.get(loc.byte_start..loc.byte_end),
                    Some(loc.text.as_str()),
                    "{name}: {loc:?}"
                );
                assert_eq!(
                    position(&text, loc.byte_start),
                    (loc.line, loc.column),
                    "{name}: {loc:?}"
                );
                assert_eq!(
                    position(&text, loc.byte_end),
                    (loc.end_line, loc.end_column),
                    "{name}: {loc:?}"
                );
                assert_eq!(Path::new(&loc.path), path.as_path(), "{name}: {loc:?}");
                count += 1;
            }
        }
    }
    // 000, 001 and 002 have checked tables; the count keeps the test from passing vacuously.
    assert!(count > 1_000, "only {count} locations");
}

/// 001 line 3831: the inventory-ageing table's 合计 COLUMN adds up the four age columns of its
/// row (130,446.61 + 4,041.52 + 4,009.38 + 1,429.91 = 139,927.42, printed 139,927.43: within
/// rounding), and the 合计 row on the same line foots the rows above it (64,296.04 +
/// 48,118.26 + 26,445.64 + 1,035.79 + 31.69 = 139,927.42).
#[test]
fn inventory_ageing_001_total_column_cross_foots_on_line_3831() {
    let audit = audit_filing(F001);
    let parts = [
        (3831, "130,446.61"),
        (3831, "4,041.52"),
        (3831, "4,009.38"),
        (3831, "1,429.91"),
    ];
    assert_eq!(
        sum_hundredths(&parts),
        hundredths("139,927.42"),
        "our own sum"
    );
    let totals: Vec<&Value> = audit
        .checks()
        .iter()
        .filter(|c| c["rule"] == FOOTING)
        .filter(|c| {
            let first = &locations(c)[0];
            first.role == "total" && first.line == 3831 && first.text == "139,927.43"
        })
        .collect();
    assert_eq!(
        totals.len(),
        2,
        "a row footing and a column footing: {totals:#?}"
    );
    let across = totals
        .iter()
        .find(|c| locations(c).iter().all(|l| l.line == 3831))
        .expect("the cross-footing along line 3831");
    assert_eq!(verdict(across), "pass");
    assert_eq!(with_role(across, "part"), owned(&parts));
    let down = totals
        .iter()
        .find(|c| locations(c).iter().skip(1).all(|l| l.line < 3831))
        .expect("the footing of the 合计 column");
    assert_eq!(verdict(down), "pass");
    assert_eq!(
        with_role(down, "part"),
        owned(&[
            (3826, "64,296.04"),
            (3827, "48,118.26"),
            (3828, "26,445.64"),
            (3829, "1,035.79"),
            (3830, "31.69"),
        ])
    );
}

/// 001 lines 2489–2517: capacity deposits by customer and year, closed by a 合计 printed once
/// per year. Each year's 合计 is the sum of that year's rows above: 本期收取 in 2021 is
/// 15,700.00 (line 2493) + 2,250.00 (line 2501) + 2,600.00 (line 2508) = 20,550.00.
#[test]
fn deposits_001_totals_by_year_add_the_rows_of_their_year() {
    let audit = audit_filing(F001);
    assert_foots(
        &audit,
        2516,
        "20,550.00",
        &[(2493, "15,700.00"), (2501, "2,250.00"), (2508, "2,600.00")],
        "20,550.00",
    );
    let on_total_lines = audit
        .checks()
        .iter()
        .filter(|c| c["rule"] == FOOTING)
        .filter(|c| (2515..=2517).contains(&locations(c)[0].line))
        .count();
    assert!(
        on_total_lines >= 9,
        "a footing for every figure of the yearly totals"
    );
}
