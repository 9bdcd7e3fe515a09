//! Filings are read in the encoding they were saved in, and every location is the same
//! line, character column and printed text whatever that encoding; byte offsets index the
//! file as stored.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use predicates::str::contains;
use serde_json::Value;

const FILING_001: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/filings/001_b40ded9683c99a5e.txt"
);
const FILING_000: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/filings/000_50ef9214fb2b3a7a.txt"
);
const WRONG_DIGIT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/tables/tabbed-wrong-digit.txt"
);

fn read(path: &str) -> String {
    std::fs::read_to_string(path).expect("the filing is readable UTF-8")
}

/// `text` as a file in `encoding`, with a byte-order mark where asked.
fn encode(text: &str, encoding: &'static Encoding, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if encoding == UTF_16LE || encoding == UTF_16BE {
        out.extend(if encoding == UTF_16LE {
            [0xff, 0xfe]
        } else {
            [0xfe, 0xff]
        });
        for unit in text.encode_utf16() {
            out.extend(if encoding == UTF_16LE {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        return out;
    }
    if bom {
        out.extend(b"\xef\xbb\xbf");
    }
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(
        !unmappable,
        "the text is representable in {}",
        encoding.name()
    );
    out.extend_from_slice(&bytes);
    out
}

/// The JSON of `tieout audit DIR --format json --evidence`.
fn audit(dir: &Path, extra: &[&str]) -> Value {
    let output = cargo_bin_cmd!("tieout")
        .current_dir(dir)
        .args(["audit", ".", "--format", "json", "--evidence"])
        .args(extra)
        .output()
        .expect("runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "status {:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// Every checked figure of the document at `path`: rule, verdict, role, line, column, end and
/// printed text — everything but the byte offsets, which depend on the encoding.
/// The places of the checks within `path`. The copies are one issuer's documents, so they are
/// also compared with each other; those cross-document checks are left out here (each copy
/// agrees with the first, which they show by passing).
fn places(report: &Value, path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for check in report["checks"].as_array().expect("checks") {
        let locations = check["locations"].as_array().expect("locations");
        if locations.iter().any(|l| l["path"] != locations[0]["path"]) {
            assert_eq!(check["verdict"], "pass", "the copies agree: {check:#}");
            continue;
        }
        for l in locations {
            if l["path"] == path {
                out.push(format!(
                    "{} {} {} {}:{}-{}:{} {}",
                    check["rule"],
                    check["verdict"],
                    l["role"],
                    l["line"],
                    l["column"],
                    l["end_line"],
                    l["end_column"],
                    l["text"]
                ));
            }
        }
    }
    out
}

/// Each location's byte offsets, decoded from the stored file, give its printed text.
fn offsets_slice_the_stored_file(
    report: &Value,
    path: &str,
    stored: &[u8],
    encoding: &'static Encoding,
) {
    let mut seen = 0;
    for check in report["checks"].as_array().expect("checks") {
        for l in check["locations"].as_array().expect("locations") {
            if l["path"] != path {
                continue;
            }
            let start = l["byte_start"].as_u64().expect("offset") as usize;
            let end = l["byte_end"].as_u64().expect("offset") as usize;
            let (text, malformed) = encoding.decode_without_bom_handling(&stored[start..end]);
            assert!(
                !malformed,
                "{path}: {start}..{end} is not on character boundaries"
            );
            assert_eq!(text, l["text"].as_str().expect("text"), "{path} at {start}");
            seen += 1;
        }
    }
    assert!(seen > 0, "{path} has located figures");
}

#[test]
fn filing_001_gives_the_same_finding_at_the_same_line_and_column_in_utf8_gb18030_and_utf16() {
    let text = read(FILING_001);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let copies: [(&str, &'static Encoding, bool); 5] = [
        ("utf8.txt", UTF_8, false),
        ("utf8-bom.txt", UTF_8, true),
        ("gb18030.txt", GB18030, false),
        ("utf16le.txt", UTF_16LE, true),
        ("utf16be.txt", UTF_16BE, true),
    ];
    let mut stored = Vec::new();
    for (name, encoding, bom) in copies {
        let bytes = encode(&text, encoding, bom);
        std::fs::write(dir.path().join(name), &bytes).expect("write");
        stored.push(bytes);
    }
    let report = audit(dir.path(), &[]);
    assert_eq!(report["summary"]["documents"], 5);

    let reference = places(&report, "./utf8.txt");
    assert!(reference.len() > 100, "001 gives many checked figures");
    let findings_in = |path: &str| -> Vec<&Value> {
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["locations"][0]["path"] == path)
            .collect()
    };
    assert_eq!(
        findings_in("./gb18030.txt").len(),
        findings_in("./utf8.txt").len(),
        "001's findings are found in GB18030 too"
    );
    let finding: Vec<&Value> = findings_in("./gb18030.txt")
        .into_iter()
        .filter(|f| f["rule"] == "table.share-of-total")
        .collect();
    assert_eq!(finding.len(), 1, "the misprinted share, in GB18030");
    let first = &finding[0]["locations"][0];
    assert_eq!(
        (&first["line"], &first["column"]),
        (&4224.into(), &59.into())
    );
    assert_eq!(first["text"], "38.23%");

    for ((name, encoding, _), bytes) in copies.iter().zip(&stored) {
        let path = format!("./{name}");
        assert_eq!(
            places(&report, &path),
            reference,
            "{name} is placed like UTF-8"
        );
        // Offsets count the byte-order mark: they slice the file as stored.
        offsets_slice_the_stored_file(&report, &path, bytes, encoding);
    }
}

#[test]
fn filing_000_saved_in_big5_is_read_as_in_utf8() {
    // A few characters of 000 (superscript note marks, 着, 酰, 銹) have no Big5 code: both
    // copies write `?` for them.
    let text: String = read(FILING_000)
        .chars()
        .map(|c| {
            let mut buf = [0u8; 4];
            let (_, _, unmappable) = BIG5.encode(c.encode_utf8(&mut buf));
            if unmappable {
                '?'
            } else {
                c
            }
        })
        .collect();
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("utf8.txt"), text.as_bytes()).expect("write");
    let big5 = encode(&text, BIG5, false);
    std::fs::write(dir.path().join("big5.txt"), &big5).expect("write");
    let report = audit(dir.path(), &[]);
    let reference = places(&report, "./utf8.txt");
    assert!(reference.len() > 100, "000 gives many checked figures");
    assert_eq!(places(&report, "./big5.txt"), reference);
    offsets_slice_the_stored_file(&report, "./big5.txt", &big5, BIG5);
}

#[test]
fn encoding_forced_with_a_flag_is_used_and_an_unknown_label_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let text = read(WRONG_DIGIT);
    std::fs::write(dir.path().join("gbk.txt"), encode(&text, GB18030, false)).expect("write");
    let forced = audit(dir.path(), &["--encoding", "GBK"]);
    assert_eq!(forced["summary"]["failed"], 1);
    cargo_bin_cmd!("tieout")
        .current_dir(dir.path())
        .args(["audit", ".", "--encoding", "ebcdic-klingon"])
        .assert()
        .code(2)
        .stderr(contains("unknown encoding `ebcdic-klingon`"));
    cargo_bin_cmd!("tieout")
        .current_dir(dir.path())
        .args(["facts", ".", "--encoding", "nope"])
        .assert()
        .code(2)
        .stderr(contains("unknown encoding `nope`"));
}

#[test]
fn text_in_no_encoding_read_without_a_flag_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        dir.path().join("latin.txt"),
        b"Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade: 12.5 \xe0 14.0\n".repeat(20),
    )
    .expect("write");
    std::fs::write(dir.path().join("ok.txt"), read(WRONG_DIGIT)).expect("write");
    cargo_bin_cmd!("tieout")
        .current_dir(dir.path())
        .args(["audit", "."])
        .assert()
        .code(2)
        .stdout(contains("1 document"))
        .stderr(contains(
            "error: ./latin.txt: cannot be read: not UTF-8, UTF-16, GB18030 or Big5 text",
        ));
}

/// Full-width digits, comma, point and percent: the same finding, at the same line and
/// column, printed as the file holds it.
#[test]
fn full_width_figures_are_read_and_printed_as_the_file_holds_them() {
    let text = read(WRONG_DIGIT);
    let fold = |c: char| match c {
        '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
        ',' => '，',
        '.' => '．',
        '%' => '％',
        _ => c,
    };
    let full: String = text.chars().map(fold).collect();
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("ascii.txt"), &text).expect("write");
    std::fs::write(dir.path().join("full.txt"), &full).expect("write");
    let report = audit(dir.path(), &[]);
    assert_eq!(
        report["summary"]["failed"], 2,
        "the planted finding, in both files"
    );
    let ascii = places(&report, "./ascii.txt");
    let folded: Vec<String> = ascii
        .iter()
        .map(|p| p.chars().map(fold).collect())
        .collect();
    // Everything but the printed text agrees; the printed text is the full-width figure.
    let widened: Vec<String> = places(&report, "./full.txt")
        .iter()
        .map(|p| p.chars().map(fold).collect())
        .collect();
    assert_eq!(widened, folded);
    let full_texts: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .flat_map(|f| f["locations"].as_array().expect("locations").iter())
        .filter(|l| l["path"] == "./full.txt")
        .filter_map(|l| l["text"].as_str())
        .collect();
    assert!(full_texts.contains(&"２４，８２１．３４"), "{full_texts:?}");
    offsets_slice_the_stored_file(&report, "./full.txt", full.as_bytes(), UTF_8);
}

/// Filing 001 with every digit, comma, point and percent sign printed full-width gives the
/// same checks at the same places, each printing the full-width figure.
#[test]
fn filing_001_printed_in_full_width_figures_gives_the_same_checks() {
    let widen = |c: char| match c {
        '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
        ',' => '，',
        '.' => '．',
        '%' => '％',
        _ => c,
    };
    let text = read(FILING_001);
    let full: String = text.chars().map(widen).collect();
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("ascii.txt"), &text).expect("write");
    std::fs::write(dir.path().join("full.txt"), &full).expect("write");
    let report = audit(dir.path(), &[]);
    let widened = |path: &str| -> Vec<String> {
        places(&report, path)
            .iter()
            .map(|p| p.chars().map(widen).collect())
            .collect()
    };
    let ascii = widened("./ascii.txt");
    assert!(ascii.len() > 1000, "001 gives many checked figures");
    assert_eq!(widened("./full.txt"), ascii);
    offsets_slice_the_stored_file(&report, "./full.txt", full.as_bytes(), UTF_8);
}
