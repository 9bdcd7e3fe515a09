//! Whatever lies in the directories given, the run goes on: each file that is not a filing
//! is a warning naming it, each that cannot be read an error naming it (exit status 2), and
//! nothing panics.

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

const WRONG_DIGIT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/tables/tabbed-wrong-digit.txt"
);
const SIMPLE_TOTAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/tables/tabbed-simple-total.txt"
);

fn tieout_in(dir: &Path) -> Command {
    let mut cmd = cargo_bin_cmd!("tieout");
    cmd.current_dir(dir);
    cmd
}

fn no_panic() -> impl Predicate<str> {
    contains("panicked").not()
}

/// A temporary directory with a clean filing in it, `clean.txt`.
fn dir_with_a_clean_filing() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::copy(SIMPLE_TOTAL, dir.path().join("clean.txt")).expect("copy the fixture");
    dir
}

#[test]
fn pdfs_images_and_lock_files_beside_a_filing_are_passed_over_and_its_finding_stands() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::copy(WRONG_DIGIT, dir.path().join("filing.txt")).expect("copy");
    let files: [(&str, &[u8]); 4] = [
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 3 >>\nstream\n\x78\x9c\x00\x01\nendstream"),
        ("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"),
        (".~lock.filing.txt#", b",someone,host,22.11.2026 08:00,file:///root;\n"),
        ("Cargo.lock", b"version = 4\n"),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write");
    }
    tieout_in(dir.path())
        .args(["audit", "."])
        .assert()
        .code(1)
        .stdout(contains("1 document"))
        .stderr(contains("warning: ./scan.pdf: skipped: binary file"))
        .stderr(contains("warning: ./logo.png: skipped: binary file"))
        .stderr(contains("lock").not())
        .stderr(no_panic());
}

#[test]
fn a_text_file_with_one_nul_byte_is_binary_and_skipped_naming_it() {
    let dir = dir_with_a_clean_filing();
    let mut text = std::fs::read(WRONG_DIGIT).expect("read");
    text.insert(text.len() / 2, 0);
    std::fs::write(dir.path().join("nul.txt"), text).expect("write");
    tieout_in(dir.path())
        .args(["audit", "."])
        .assert()
        .code(0)
        .stdout(contains("1 document, 21 facts"))
        .stderr(contains(
            "warning: ./nul.txt: skipped: binary file (it contains NUL bytes",
        ))
        .stderr(no_panic());
}

#[test]
fn utf16_without_a_byte_order_mark_is_taken_for_binary_not_misread() {
    let dir = dir_with_a_clean_filing();
    let text = std::fs::read_to_string(WRONG_DIGIT).expect("read");
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(dir.path().join("utf16.txt"), bytes).expect("write");
    tieout_in(dir.path())
        .args(["audit", "."])
        .assert()
        .code(0)
        .stderr(contains("warning: ./utf16.txt: skipped: binary file"));
}

/// 200 MB on one line: prose with a figure now and then, no full stop anywhere. Reading it
/// is linear (paragraphs are cut into bounded pieces, a line of megabytes is never a table
/// row), so it takes seconds, not hours.
#[test]
fn a_200_mb_single_line_file_is_read_in_bounded_time() {
    let dir = dir_with_a_clean_filing();
    let piece = format!(
        "{}合计12,345.67万元 ",
        "这是一段没有换行的很长的文字，".repeat(20)
    );
    let copies = 200_000_000 / piece.len() + 1;
    let text = piece.repeat(copies);
    assert!(text.len() >= 200_000_000);
    std::fs::write(dir.path().join("huge.txt"), text).expect("write");
    let started = Instant::now();
    let output = tieout_in(dir.path())
        .args(["audit", ".", "--format", "json"])
        .timeout(Duration::from_secs(600))
        .output()
        .expect("runs");
    let elapsed = started.elapsed();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["summary"]["documents"], 2);
    let facts = report["summary"]["facts"].as_u64().unwrap_or(0);
    assert!(facts >= copies as u64, "every 合计 figure is read: {facts}");
    println!("200 MB single line read in {elapsed:?}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_error_naming_it_and_the_rest_is_audited() {
    use std::os::unix::fs::PermissionsExt;
    let dir = dir_with_a_clean_filing();
    let locked = dir.path().join("locked.txt");
    std::fs::copy(WRONG_DIGIT, &locked).expect("copy");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&locked).is_ok() {
        println!("skipped: running as root, a file cannot be made unreadable by its mode");
        return;
    }
    tieout_in(dir.path())
        .args(["audit", "."])
        .assert()
        .code(2)
        .stdout(contains("1 document"))
        .stderr(contains(
            "error: ./locked.txt: cannot be read: Permission denied",
        ))
        .stderr(no_panic());
}

#[cfg(unix)]
#[test]
fn a_broken_symbolic_link_is_an_error_naming_it_and_the_rest_is_audited() {
    let dir = dir_with_a_clean_filing();
    std::os::unix::fs::symlink("gone.txt", dir.path().join("link.txt")).expect("symlink");
    tieout_in(dir.path())
        .args(["audit", "."])
        .assert()
        .code(2)
        .stdout(contains("1 document, 21 facts"))
        .stderr(contains(
            "error: ./link.txt: cannot be read: a symbolic link to nothing",
        ))
        .stderr(no_panic());
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_a_warning_naming_it_and_each_file_is_read_once() {
    let dir = dir_with_a_clean_filing();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).expect("mkdir");
    std::fs::copy(WRONG_DIGIT, sub.join("filing.txt")).expect("copy");
    std::os::unix::fs::symlink("..", sub.join("up")).expect("symlink");
    std::os::unix::fs::symlink("filing.txt", sub.join("alias.txt")).expect("symlink");
    tieout_in(dir.path())
        .args(["audit", "."])
        .assert()
        .code(1)
        // clean.txt, sub/filing.txt and the link to it: nothing read through the loop.
        .stdout(contains("3 documents"))
        .stderr(contains("warning: ./sub/up: skipped: a symbolic link loop"))
        .stderr(no_panic());
}

#[cfg(unix)]
#[test]
fn a_fifo_is_passed_over_with_a_warning_instead_of_blocking_the_run() {
    let dir = dir_with_a_clean_filing();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.txt"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        println!("skipped: mkfifo is not available");
        return;
    }
    tieout_in(dir.path())
        .args(["audit", "."])
        .timeout(Duration::from_secs(120))
        .assert()
        .code(0)
        .stderr(contains("warning: ./pipe.txt: skipped: not a regular file"));
}

/// A directory of 100,000 small filings is walked, read and audited in one run.
#[test]
fn a_directory_of_100000_small_files_is_audited() {
    const FILES: usize = 100_000;
    let dir = tempfile::tempdir().expect("a temporary directory");
    for i in 0..FILES {
        let sub = dir.path().join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir(&sub).expect("mkdir");
        }
        std::fs::write(
            sub.join(format!("{i:06}.txt")),
            format!("报告期内，公司营业收入为{i}.00万元。\n"),
        )
        .expect("write");
    }
    let started = Instant::now();
    let output = tieout_in(dir.path())
        .args(["audit", ".", "--format", "json", "-j", "2"])
        .timeout(Duration::from_secs(600))
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["summary"]["documents"], FILES);
    assert_eq!(report["summary"]["facts"], FILES);
    println!("{FILES} files audited in {:?}", started.elapsed());
}
