//! `tieout facts --format jsonl`: for each document a `document` record, its tables, then one
//! JSON object a fact — the same objects as `--format json` — checked on the real filing 001
//! in `../shared/filings/` (line numbers, columns, offsets and values below were read off the
//! filing by hand). That the export is enough to run the rules is `tests/facts_roundtrip.rs`.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use serde_json::{json, Value};

/// Accountant's reply to the STAR-market inquiry letter (tab-separated, 万元).
const F001: &str = "001_b40ded9683c99a5e.txt";

const FIELDS: [&str; 19] = [
    "record",
    "path",
    "line",
    "column",
    "byte_start",
    "byte_end",
    "span",
    "text",
    "value",
    "decimals",
    "unit",
    "unit_kind",
    "concept",
    "concept_key",
    "period",
    "dimensions",
    "measure",
    "origin",
    "stance",
];

fn filing(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/filings")
        .join(name)
}

fn tieout() -> Command {
    let mut cmd = cargo_bin_cmd!("tieout");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// The fact lines of `tieout facts --format jsonl PATH...`, which must exit 0.
fn jsonl(paths: &[&Path]) -> Vec<Value> {
    records(paths)
        .into_iter()
        .filter(|r| r["record"] == "fact")
        .collect()
}

/// Every parsed line of `tieout facts --format jsonl PATH...`, which must exit 0.
fn records(paths: &[&Path]) -> Vec<Value> {
    let output = tieout()
        .args(["facts", "--format", "jsonl"])
        .args(paths)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = String::from_utf8(output.stdout).expect("UTF-8 output");
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "every line ends with a newline"
    );
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let value: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("line {} is not JSON ({e}): {line}", i + 1));
            assert!(value.is_object(), "line {} is not an object: {line}", i + 1);
            value
        })
        .collect()
}

/// The fact printed at `line:column`.
fn fact_at(facts: &[Value], line: u64, column: u64) -> &Value {
    facts
        .iter()
        .find(|f| f["line"] == line && f["column"] == column)
        .unwrap_or_else(|| panic!("no fact at {line}:{column}"))
}

#[test]
fn jsonl_lines_are_the_objects_of_the_json_format_one_for_one() {
    let path = filing(F001);
    let lines = jsonl(&[&path]);
    let output = tieout()
        .args(["facts", "--format", "json"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let array: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let array = array.as_array().expect("an array of facts");
    assert!(lines.len() > 5000, "001 has thousands of facts");
    assert_eq!(lines.len(), array.len());
    for (i, (line, element)) in lines.iter().zip(array).enumerate() {
        assert_eq!(line, element, "fact {i}");
        for field in FIELDS {
            assert!(line.get(field).is_some(), "fact {i} has no `{field}`");
        }
    }
}

#[test]
fn jsonl_spans_slice_the_filing_to_the_figure_as_printed() {
    let path = filing(F001);
    let bytes = std::fs::read(&path).expect("read the filing");
    let text = String::from_utf8(bytes.clone()).expect("001 is UTF-8");
    let lines: Vec<&str> = text.split('\n').collect();
    for fact in jsonl(&[&path]) {
        let start = fact["byte_start"].as_u64().expect("byte_start") as usize;
        let end = fact["byte_end"].as_u64().expect("byte_end") as usize;
        let printed = std::str::from_utf8(&bytes[start..end]).expect("a span on characters");
        assert_eq!(printed, fact["text"], "{fact}");
        // Line and column count characters: the figure starts there on that line.
        let line = lines[fact["line"].as_u64().expect("line") as usize - 1];
        let column = fact["column"].as_u64().expect("column") as usize;
        let rest: String = line.chars().skip(column - 1).collect();
        assert!(rest.starts_with(printed), "{fact}");
    }
}

#[test]
fn jsonl_gives_the_figures_of_the_top_customers_table_and_the_quoted_revenue() {
    let path = filing(F001);
    let facts = jsonl(&[&path]);

    // Line 2291: `合计		96,724.24	/	130,434.81	/ …` under `单位：万元`, 2022年1-6月 / 金额.
    let total = fact_at(&facts, 2291, 5);
    assert_eq!(total["text"], "96,724.24");
    assert_eq!(total["value"], "96724.24");
    assert_eq!(total["decimals"], 2);
    assert_eq!(
        (&total["unit"], &total["unit_kind"]),
        (&json!("万元"), &json!("money"))
    );
    assert_eq!(total["concept"], "合计");
    assert_eq!(total["period"], "2022-01~06");
    assert_eq!(total["dimensions"], json!(["2022年1-6月", "金额"]));
    assert_eq!(total["origin"]["kind"], "table");
    assert_eq!(total["stance"], "stated");
    assert_eq!(
        (&total["byte_start"], &total["byte_end"]),
        (&json!(205299), &json!(205308))
    );

    // Line 2294: `前五大交易金额占营业收入比例		48.67%	/	46.10%	/ …`.
    let share = fact_at(&facts, 2294, 17);
    assert_eq!(share["text"], "48.67%");
    assert_eq!(share["value"], "48.67");
    assert_eq!(
        (&share["unit"], &share["unit_kind"]),
        (&json!("%"), &json!("percent"))
    );
    assert_eq!(share["concept"], "前五大交易金额占营业收入比例");
    assert_eq!(share["period"], "2022-01~06");
    assert_eq!(
        (&share["byte_start"], &share["byte_end"]),
        (&json!(205540), &json!(205546))
    );
    assert_eq!(fact_at(&facts, 2294, 26)["period"], "2021");

    // Line 1235: the exchange's question quoting the application, `根据申报材料：（1）报告期各期，
    // 公司营业收入分别为26,976.93万元、…`: a quoted figure, its unit part of the text.
    let quoted = fact_at(&facts, 1235, 26);
    assert_eq!(quoted["text"], "26,976.93万元");
    assert_eq!(quoted["value"], "26976.93");
    assert_eq!(quoted["unit"], "万元");
    assert_eq!(quoted["concept_key"], "营业收入");
    assert_eq!(quoted["measure"], json!({"kind": "level"}));
    assert_eq!(quoted["origin"]["kind"], "prose");
    assert_eq!(quoted["stance"], "quoted");
    assert_eq!(
        (&quoted["byte_start"], &quoted["byte_end"]),
        (&json!(99439), &json!(99454))
    );
}

#[test]
fn jsonl_streams_documents_in_path_order_with_offsets_in_the_stored_encoding() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let sentence = "报告期内，营业收入为1,234万元，同比增长12.5%。\n";
    let (gb18030, _, _) = encoding_rs::GB18030.encode(sentence);
    std::fs::write(dir.path().join("a.txt"), sentence).expect("write");
    std::fs::write(dir.path().join("b.txt"), &gb18030).expect("write");
    let facts = jsonl(&[dir.path()]);
    let paths: Vec<String> = facts
        .iter()
        .map(|f| {
            let path = f["path"].as_str().expect("path");
            path.rsplit(['/', '\\']).next().expect("a name").to_string()
        })
        .collect();
    assert_eq!(paths, ["a.txt", "a.txt", "b.txt", "b.txt"]);
    // The same figure: the same column, but in GB18030 a Chinese character is two bytes.
    assert_eq!(facts[0]["text"], "1,234万元");
    assert_eq!(facts[2]["text"], "1,234万元");
    assert_eq!(
        (&facts[0]["column"], &facts[2]["column"]),
        (&json!(11), &json!(11))
    );
    assert_eq!(facts[0]["byte_start"], 30);
    assert_eq!(facts[2]["byte_start"], 20);
    let start = facts[2]["byte_start"].as_u64().expect("offset") as usize;
    let end = facts[2]["byte_end"].as_u64().expect("offset") as usize;
    let (decoded, _, _) = encoding_rs::GB18030.decode(&gb18030[start..end]);
    assert_eq!(decoded, "1,234万元");
}

#[test]
fn jsonl_of_a_file_without_figures_is_its_document_record_alone() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("words.txt");
    std::fs::write(&path, "本报告没有任何数字。\n").expect("write");
    let lines = records(&[&path]);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(lines[0]["record"], "document");
    assert_eq!(lines[0]["encoding"], "UTF-8");
    assert_eq!(lines[0]["places"]["length"], "本报告没有任何数字。\n".len());
    assert_eq!(lines[0]["places"]["places"], json!([]));
}

/// Each document's lines: its `document` record first, then a `table` record for each of its
/// tables in order, then its facts; the `document` record places each fact's ends.
#[test]
fn jsonl_gives_each_document_then_its_tables_then_its_facts() {
    let path = filing(F001);
    let lines = records(&[&path]);
    assert_eq!(lines[0]["record"], "document");
    assert_eq!(lines[0]["entity"], "绍兴中芯集成电路制造股份有限公司");
    assert_eq!(lines[0]["document_type"], "inquiry_reply");
    let kinds: Vec<&str> = lines
        .iter()
        .map(|l| l["record"].as_str().expect("record"))
        .collect();
    let tables = kinds.iter().filter(|k| **k == "table").count();
    assert_eq!(tables, 210, "001 has 210 tables");
    let first_fact = kinds.iter().position(|k| *k == "fact").expect("facts");
    assert!(kinds[1..first_fact].iter().all(|k| *k == "table"));
    assert!(kinds[first_fact..].iter().all(|k| *k == "fact"));
    for (i, line) in lines[1..=tables].iter().enumerate() {
        assert_eq!(line["table"]["index"], i);
    }
    // The total of the top-five customers (line 2291, column 5): its place in the document
    // record is the one its fact line gives.
    let total = fact_at(&lines[first_fact..], 2291, 5);
    let start = total["span"][0].as_u64().expect("span");
    let place = lines[0]["places"]["places"]
        .as_array()
        .expect("places")
        .iter()
        .find(|p| p[0] == start)
        .expect("the fact's start is placed");
    assert_eq!(place[1], 2291);
    assert_eq!(place[2], 5);
    assert_eq!(place[3], total["byte_start"]);
}
