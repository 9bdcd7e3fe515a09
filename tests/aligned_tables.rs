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
