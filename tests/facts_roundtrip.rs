//! `tieout audit --facts`: the rules run on facts exported with `tieout facts --format jsonl`
//! give exactly the report an audit of the files gives — on the five real filings, on the
//! fixture issuer whose finding spans two files, in every machine format — and exports made
//! in shards join into one run's report. Broken exports are refused with their file and line.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn filings() -> Option<PathBuf> {
    let dir = root().join("../shared/filings");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: no real filings at {}", dir.display());
        None
    }
}

/// Runs tieout in the repository; the exit status and stdout, with stderr for messages.
fn tieout(args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("tieout")
        .expect("binary")
        .current_dir(root())
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

/// Exports the facts of `paths` (with extra arguments such as `--shard`) into `file`.
fn export(paths: &[&Path], extra: &[&str], file: &Path) {
    let mut args = vec!["facts", "--format", "jsonl"];
    args.extend_from_slice(extra);
    let paths: Vec<&str> = paths.iter().map(|p| p.to_str().expect("UTF-8")).collect();
    args.extend(paths);
    let (status, out, err) = tieout(&args);
    assert_eq!(status, 0, "{err}");
    std::fs::write(file, out).expect("write the export");
}

/// The report of `tieout audit --no-config ARGS`, which must exit 0 or 1, with its status.
fn report(args: &[&str]) -> (i32, String) {
    let mut all = vec!["audit", "--no-config", "--color", "never"];
    all.extend_from_slice(args);
    let (status, out, err) = tieout(&all);
    assert!(matches!(status, 0 | 1), "exit {status}: {err}");
    (status, out)
}

fn assert_same_reports(files: &Path, exported: &Path) {
    let files = files.to_str().expect("UTF-8");
    let exported = exported.to_str().expect("UTF-8");
    for format in [
        &["--format", "json", "--evidence"][..],
        &["--format", "json"],
        &["--format", "sarif"],
        &["--format", "junit"],
        &["--format", "github"],
        &["--format", "human"],
    ] {
        let mut direct = format.to_vec();
        direct.push(files);
        let mut from_facts = format.to_vec();
        from_facts.extend(["--facts", exported]);
        assert_eq!(
            report(&direct),
            report(&from_facts),
            "{format:?}: the export's report differs from the files'"
        );
    }
}

#[test]
fn the_real_filings_give_the_same_report_from_their_exported_facts() {
    let Some(filings) = filings() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let exported = dir.path().join("facts.jsonl");
    export(&[&filings], &[], &exported);
    assert_same_reports(&filings, &exported);
    // What the report says, read by hand: 000's misprinted revenue and 001's three genuine
    // findings (lines 1526, 1617, 4224), with their places.
    let (status, json) = report(&[
        "--format",
        "json",
        "--facts",
        exported.to_str().expect("UTF-8"),
    ]);
    assert_eq!(status, 1);
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let mut places: Vec<(String, u64)> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let l = &f["locations"][0];
            let path = l["path"].as_str().expect("path");
            (
                path.rsplit('/').next().expect("name")[..3].to_string(),
                l["line"].as_u64().expect("line"),
            )
        })
        .collect();
    places.sort();
    assert_eq!(
        places,
        [
            ("000".to_string(), 68),
            ("001".to_string(), 1526),
            ("001".to_string(), 1617),
            ("001".to_string(), 4224),
        ]
    );
}

#[test]
fn a_finding_across_two_files_is_the_same_from_exported_facts() {
    let family = root().join("fixtures/corpus/hengchuan");
    let dir = tempfile::tempdir().expect("temp dir");
    let exported = dir.path().join("facts.jsonl");
    // Relative paths, as a batch job would export them, so that the report names the same
    // files.
    export(&[Path::new("fixtures/corpus/hengchuan")], &[], &exported);
    assert_same_reports(Path::new("fixtures/corpus/hengchuan"), &exported);
    assert!(family.is_dir());
}

/// Shards of the export, made by N workers, joined by one final run: the report of one run.
#[test]
fn exports_made_in_shards_join_into_one_runs_report() {
    if filings().is_none() {
        return;
    }
    // Paths relative to the repository: a document without an issuer goes to the shard its
    // path gives, so an absolute path would make the shares depend on where the repository
    // is checked out. With these paths every shard of 2 and of 3 holds a document.
    let filings = Path::new("../shared/filings");
    let family = Path::new("fixtures/corpus/hengchuan");
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, whole) = report(&[
        "--format",
        "json",
        "--evidence",
        filings.to_str().expect("UTF-8"),
        family.to_str().expect("UTF-8"),
    ]);
    for n in [2, 3] {
        let mut shards = Vec::new();
        for k in 1..=n {
            let file = dir.path().join(format!("shard-{k}-of-{n}.jsonl"));
            export(&[filings, family], &["--shard", &format!("{k}/{n}")], &file);
            shards.push(file);
        }
        let mut args = vec!["--format", "json", "--evidence", "--facts"];
        args.extend(shards.iter().map(|s| s.to_str().expect("UTF-8")));
        let (_, joined) = report(&args);
        assert_eq!(joined, whole, "{n} shards joined");
        // Every document is in exactly one shard.
        let documents: usize = shards
            .iter()
            .map(|s| {
                std::fs::read_to_string(s)
                    .expect("read")
                    .lines()
                    .filter(|l| l.starts_with("{\"record\":\"document\""))
                    .count()
            })
            .sum();
        assert_eq!(documents, 8, "five filings and three of the family");
    }
}

/// The files gone, the report still names every figure's place; the machine formats do not
/// change at all, and the human one says where instead of showing the lines.
#[test]
fn without_the_files_the_places_are_still_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("hengchuan");
    std::fs::create_dir(&copy).expect("mkdir");
    for entry in std::fs::read_dir(root().join("fixtures/corpus/hengchuan")).expect("family") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), copy.join(entry.file_name())).expect("copy");
    }
    let exported = dir.path().join("facts.jsonl");
    export(&[&copy], &[], &exported);
    let (_, json_with) = report(&[
        "--format",
        "json",
        "--facts",
        exported.to_str().expect("UTF-8"),
    ]);
    std::fs::remove_dir_all(&copy).expect("remove the files");
    let (_, json_without) = report(&[
        "--format",
        "json",
        "--facts",
        exported.to_str().expect("UTF-8"),
    ]);
    assert_eq!(json_with, json_without);
    let (status, human) = report(&["--facts", exported.to_str().expect("UTF-8")]);
    assert_eq!(status, 1);
    // Long lines are wrapped: read the text as one line.
    let human = human.replace("\n  │ ", " ").replace("\n        ", " ");
    assert!(
        human.contains("3-annual-report.txt:6:40 (printed 7,821.55万元)"),
        "{human}"
    );
    assert!(
        human.contains("1-prospectus.txt:16:14 (other document 7,812.55)"),
        "{human}"
    );
}

/// A broken export is refused, exit status 2, naming its file and line.
#[test]
fn a_broken_export_is_refused_with_its_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let exported = dir.path().join("good.jsonl");
    export(
        &[Path::new("fixtures/tables/tabbed-wrong-digit.txt")],
        &[],
        &exported,
    );
    let good = std::fs::read_to_string(&exported).expect("read");
    let lines: Vec<&str> = good.lines().collect();
    let cases: Vec<(&str, String, String)> = vec![
        (
            "not JSON",
            format!("{}\n{{\"record\": \"fact\", \n", lines[0]),
            ":2: not a line of exported facts".into(),
        ),
        (
            "an unknown record",
            format!("{}\n{{\"record\":\"chart\"}}\n", lines[0]),
            ":2: not a line of exported facts".into(),
        ),
        (
            "a fact before its document",
            format!("{}\n", lines[lines.len() - 1]),
            ":1: a fact of fixtures/tables/tabbed-wrong-digit.txt before the `document` record"
                .into(),
        ),
        ("an empty file", String::new(), ": is empty".into()),
        (
            "a document exported twice",
            format!("{good}{good}"),
            "tabbed-wrong-digit.txt: is exported more than once".into(),
        ),
    ];
    for (what, text, message) in cases {
        let file = dir.path().join("broken.jsonl");
        std::fs::write(&file, text).expect("write");
        let (status, _, err) = tieout(&[
            "audit",
            "--no-config",
            "--facts",
            file.to_str().expect("UTF-8"),
        ]);
        assert_eq!(status, 2, "{what}: {err}");
        assert!(err.contains(&message), "{what}: {err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
    }
    // The evidence report shows the text, which an export does not hold.
    let (status, _, err) = tieout(&[
        "audit",
        "--no-config",
        "--format",
        "html",
        "--facts",
        exported.to_str().expect("UTF-8"),
    ]);
    assert_eq!(status, 2);
    assert!(err.contains("HTML evidence report"), "{err}");
}
