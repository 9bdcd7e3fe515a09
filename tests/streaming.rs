//! An audit that reads each file as it goes and parks it once checked (what `tieout audit`
//! does unless an output shows passes) reports exactly what an audit of documents loaded
//! beforehand, whole, reports: the same findings at the same lines, columns and stored
//! bytes, the same snippets, in UTF-8, GBK, Big5 and UTF-16, with full-width figures, and
//! across the documents of one issuer, whose other printing is read again from its file.

use std::path::{Path, PathBuf};

use encoding_rs::{BIG5, GBK, UTF_16LE};
use tieout::audit::{audit_files, audit_with_progress, retain_for_report, Files, Keep};
use tieout::report::{self, Run};
use tieout::rules::RuleSet;
use tieout::source::{self, Document, LoadOptions};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The human, JSON and SARIF reports of a run.
fn reports(
    documents: &[Document],
    facts: usize,
    checks: &[tieout::eval::Check],
    passes: usize,
) -> [String; 3] {
    let rules = RuleSet::builtin().expect("built-in rules");
    let run = Run {
        documents,
        facts,
        checks,
        passes_counted: passes,
        rules: &rules,
        waiver_problems: &[],
        config_path: None,
        groups: &[],
        baseline: false,
    };
    [
        report::human::render(&run, false),
        report::json::render(&run, false),
        report::sarif::render(&run),
    ]
}

/// The reports of `paths` audited both ways, and whether every document of the streamed
/// audit was parked.
fn both_ways(paths: &[PathBuf]) -> ([String; 3], [String; 3]) {
    let rules = RuleSet::builtin().expect("built-in rules");
    let options = LoadOptions::default();
    let loaded = source::load(paths, options);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let whole = audit_with_progress(&loaded.documents, &rules, Keep::Everything, &|_, _| {});

    let (files, problems) = source::discover(paths, &|_| false);
    assert!(problems.is_empty());
    let mut streamed = audit_files(
        Files {
            paths: &files,
            options,
            admit: &|_| true,
        },
        &rules,
        Keep::Findings,
        &|_, _| {},
    );
    assert!(streamed.problems.is_empty());
    assert_eq!(streamed.read, loaded.documents.len());
    assert!(streamed.documents.iter().all(Document::is_parked));
    assert!(
        streamed
            .outcome
            .checks
            .iter()
            .all(|c| c.verdict != tieout::eval::Verdict::Pass),
        "passes are counted, not kept"
    );
    assert_eq!(
        streamed.outcome.checks.len() + streamed.outcome.passes_counted,
        whole.checks.len()
    );
    let vanished = retain_for_report(&mut streamed.documents, &streamed.outcome.checks);
    assert!(vanished.is_empty());
    (
        reports(&loaded.documents, whole.facts, &whole.checks, 0),
        reports(
            &streamed.documents,
            streamed.outcome.facts,
            &streamed.outcome.checks,
            streamed.outcome.passes_counted,
        ),
    )
}

fn assert_same(paths: &[PathBuf]) -> String {
    let (whole, streamed) = both_ways(paths);
    for (format, (a, b)) in ["human", "json", "sarif"]
        .iter()
        .zip(whole.iter().zip(&streamed))
    {
        if a != b {
            let first = a
                .lines()
                .zip(b.lines())
                .position(|(x, y)| x != y)
                .unwrap_or(a.lines().count().min(b.lines().count()));
            panic!(
                "{format} report differs from line {}: whole {:?}, parked {:?}",
                first + 1,
                a.lines().nth(first),
                b.lines().nth(first)
            );
        }
    }
    whole[0].clone()
}

#[test]
fn the_real_filings_are_reported_the_same_parked() {
    let filings = root().join("../shared/filings");
    if !filings.is_dir() {
        eprintln!("skipped: no real filings at {}", filings.display());
        return;
    }
    let human = assert_same(&[filings]);
    // 000's misprinted revenue (line 68) against its regional table (line 1005): a finding
    // with snippets from both places.
    assert!(human.contains("000_50ef9214fb2b3a7a.txt:68:108"), "{human}");
    assert!(human.contains(" 1005 │ 總計"), "{human}");
}

#[test]
fn a_family_across_documents_is_reported_the_same_parked() {
    // The other printing of the planted disagreement is read again from its file.
    let human = assert_same(&[root().join("fixtures/corpus/hengchuan")]);
    assert!(
        human.contains("in "),
        "a related diagnostic names the other file: {human}"
    );
}

/// Writes `text` to `dir/name` in `encoding`, or as UTF-8 when `None`.
fn write(dir: &Path, name: &str, text: &str, encoding: Option<&'static encoding_rs::Encoding>) {
    let bytes = match encoding {
        Some(e) if e == UTF_16LE => {
            let mut out = vec![0xff, 0xfe];
            for unit in text.encode_utf16() {
                out.extend_from_slice(&unit.to_le_bytes());
            }
            out
        }
        Some(e) => {
            let (bytes, _, bad) = e.encode(text);
            assert!(!bad, "{name} encodes in {}", e.name());
            bytes.into_owned()
        }
        None => text.as_bytes().to_vec(),
    };
    std::fs::write(dir.join(name), bytes).expect("write");
}

#[test]
fn stored_offsets_and_full_width_figures_are_reported_the_same_parked() {
    let fixture = std::fs::read_to_string(root().join("fixtures/tables/tabbed-wrong-digit.txt"))
        .expect("fixture");
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "a-utf8.txt", &fixture, None);
    write(dir.path(), "b-gbk.txt", &fixture, Some(GBK));
    write(dir.path(), "c-utf16.txt", &fixture, Some(UTF_16LE));
    let traditional = "關於主要財務數據的說明\n\n單位：萬元\n\n項目\t2024年度\t2023年度\n營業收入\t1,234.56\t1,000.00\n營業成本\t765.43\t600.00\n合計\t2,100.00\t1,600.00\n";
    write(dir.path(), "d-big5.txt", traditional, Some(BIG5));
    let full_width: String = fixture
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).expect("digit"),
            _ => c,
        })
        .collect();
    write(dir.path(), "e-full-width.txt", &full_width, None);
    let human = assert_same(&[dir.path().to_path_buf()]);
    for name in ["a-utf8", "b-gbk", "c-utf16", "d-big5", "e-full-width"] {
        assert!(
            human.contains(&format!("{name}.txt:")),
            "{name} has its finding: {human}"
        );
    }
}
