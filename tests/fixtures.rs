//! Snapshot tests over `fixtures/tables/`: the human report of every fixture, and the JSON
//! report of those with findings. What each snapshot must show is stated in
//! `fixtures/README.md`: ten findings in all, every other fixture clean.
//!
//! Review changed snapshots, then accept them with `INSTA_UPDATE=always cargo test --test
//! fixtures` (or `cargo insta accept`).

use assert_cmd::cargo::cargo_bin_cmd;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Runs `tieout ARGS` from the package root (so paths print as `fixtures/tables/…`) and
/// returns its stdout, checking the exit status and that nothing went to stderr.
fn run(args: &[&str], expected_code: i32) -> String {
    let output = cargo_bin_cmd!("tieout")
        .current_dir(MANIFEST_DIR)
        .args(args)
        .output()
        .expect("run tieout");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(expected_code),
        "tieout {args:?}: stderr:\n{stderr}"
    );
    assert!(
        stderr.is_empty(),
        "tieout {args:?} wrote to stderr:\n{stderr}"
    );
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

fn human(file: &str, expected_code: i32) -> String {
    run(&["audit", file, "--color", "never"], expected_code)
}

fn json(file: &str) -> String {
    run(&["audit", file, "--format", "json"], 1)
}

/// One test per fixture: the human report as a snapshot; for fixtures with findings, the
/// JSON report too. `clean` fixtures must print the summary line and nothing else.
macro_rules! fixture_tests {
    ($($test:ident: $file:literal => $kind:ident;)*) => {
        /// Every fixture file (without `.txt`) named by a test below.
        const COVERED: &[&str] = &[$($file),*];
        $(
            #[test]
            fn $test() {
                fixture_tests!(@check $kind, concat!("fixtures/tables/", $file, ".txt"), $file);
            }
        )*
    };
    (@check clean, $path:expr, $file:literal) => {{
        let out = human($path, 0);
        assert_eq!(out.lines().count(), 1, "a clean fixture prints only the summary:\n{out}");
        assert!(out.contains(" 0 failed, 0 could not be decided"), "{out}");
        insta::with_settings!({ description => concat!("tieout audit ", $path, " --color never") }, {
            insta::assert_snapshot!(concat!("human__", $file), out);
        });
    }};
    (@check findings, $path:expr, $file:literal) => {{
        let out = human($path, 1);
        insta::with_settings!({ description => concat!("tieout audit ", $path, " --color never") }, {
            insta::assert_snapshot!(concat!("human__", $file), out);
        });
        let report = json($path);
        serde_json::from_str::<serde_json::Value>(&report).expect("the JSON report parses");
        insta::with_settings!({ description => concat!("tieout audit ", $path, " --format json") }, {
            insta::assert_snapshot!(concat!("json__", $file), report);
        });
    }};
}

fixture_tests! {
    employee_percent_100: "tabbed-employee-percent-100" => clean;
    merged_first_cell_subtotal: "tabbed-merged-first-cell-subtotal" => clean;
    nested_subtotals: "tabbed-nested-subtotals" => clean;
    periods_two_header_rows: "tabbed-periods-two-header-rows" => clean;
    rounding_within_tolerance: "tabbed-rounding-within-tolerance" => clean;
    total_column: "tabbed-total-column" => findings;
    glued_amounts_and_shares: "glued-amounts-and-shares" => clean;
    glued_wrong_share: "glued-wrong-share" => findings;
    glued_two_row_header: "glued-two-row-header" => findings;
    text_ranges: "tabbed-text-ranges" => clean;
    change_column_wrong: "tabbed-change-column-wrong" => findings;
    aligned_expenses: "aligned-expenses" => clean;
    share_column_wrong: "tabbed-share-column-wrong" => findings;
    simple_total: "tabbed-simple-total" => clean;
    unlabelled_total_top5: "tabbed-unlabelled-total-top5" => clean;
    wrong_digit: "tabbed-wrong-digit" => findings;
}

#[test]
fn every_fixture_file_has_a_snapshot_test() {
    let dir = std::path::Path::new(MANIFEST_DIR).join("fixtures/tables");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("read fixtures/tables")
        .map(|e| e.expect("a directory entry").path())
        .map(|p| {
            p.file_stem()
                .expect("a file name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    let mut covered: Vec<&str> = COVERED.to_vec();
    covered.sort_unstable();
    assert_eq!(
        files, covered,
        "add a line to fixture_tests! for each new fixture"
    );
}
