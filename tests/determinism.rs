//! The same input gives byte-identical JSON at any number of threads and across runs.

use assert_cmd::Command;

fn audit(threads: &str) -> Vec<u8> {
    let filings = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/filings");
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .args([
            "audit",
            filings,
            "--format",
            "json",
            "--evidence",
            "-j",
            threads,
        ])
        .output()
        .expect("runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "status {:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn all_five_filings_give_identical_json_at_one_and_two_threads_and_across_runs() {
    let one = audit("1");
    let two = audit("2");
    let again = audit("2");
    let report: serde_json::Value = serde_json::from_slice(&one).expect("JSON");
    assert_eq!(report["summary"]["documents"], 5);
    assert!(
        report["checks"].as_array().is_some_and(|c| c.len() > 1000),
        "the filings give well over a thousand checks"
    );
    assert!(one == two, "-j 1 and -j 2 differ");
    assert!(two == again, "two runs at -j 2 differ");
}
