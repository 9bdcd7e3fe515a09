//! The hot parts of the pipeline, one at a time, on the real filings: the number lexer, the
//! layout (table segmentation and paragraphs), the reading of tables, the figures in prose
//! and the evaluation of the built-in rules.
//!
//! ```sh
//! cargo bench --bench hot                # everything (a few minutes)
//! cargo bench --bench hot -- layout      # the benches whose name holds `layout`
//! ```
//!
//! The filings are read when the benchmark starts, from `$TIEOUT_SHARED/filings` (by default
//! `../shared/filings` beside the repository). Without them the benches that need them do
//! nothing, and the program says so; the lexer's own cells are measured either way.
//! `cargo test --benches` runs each bench once, as a test. Each bench runs on one thread
//! (`evaluate` in a one-thread pool), so the figures add up to one core's work; see
//! `benches/corpus.sh` for the whole program on a corpus.

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::counter::{BytesCount, ItemsCount};
use divan::{black_box, Bencher};
use tieout::audit::read_document;
use tieout::eval::evaluate;
use tieout::extract::number::read_cell;
use tieout::extract::{prose, Extraction, TypedTable};
use tieout::facts::{Fact, Origin};
use tieout::layout::{layout, Layout};
use tieout::rules::RuleSet;
use tieout::source::{self, Document};

/// The five filings, by the prefix of their file names.
const FILINGS: [&str; 5] = ["000", "001", "002", "003", "004"];

/// Typical table cells as the lexer sees them (full-width figures are folded before it): an
/// amount, a negative share, parentheses, a nil dash, markup and note marks, a range, an
/// approximate amount, a heading and a label.
const TYPICAL_CELLS: [&str; 14] = [
    "25,143.48",
    "-29.83%",
    "(1,234.56)",
    "-",
    "<u>509,112</u>",
    "12.5%⁽¹⁾",
    "78% - 85%",
    "约110亿美元",
    "2023年度",
    "营业收入",
    "0.46",
    "1,458.52 万元",
    "100.00%",
    "",
];

/// A filing read once, with what each stage hands to the next.
struct Filing {
    name: &'static str,
    doc: Document,
    layout: Layout,
    extraction: Extraction,
    /// The facts of its tables: what the prose extractor is given.
    table_facts: Vec<Fact>,
    /// The raw text of every table cell.
    cells: Vec<std::ops::Range<usize>>,
}

fn filings_dir() -> PathBuf {
    let shared = std::env::var_os("TIEOUT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    shared.join("filings")
}

/// The filings, read and laid out once; empty when they are not there.
fn filings() -> &'static [Filing] {
    static FILINGS_READ: OnceLock<Vec<Filing>> = OnceLock::new();
    FILINGS_READ.get_or_init(|| {
        let dir = filings_dir();
        if !dir.is_dir() {
            return Vec::new();
        }
        let loaded = source::load(&[dir], source::LoadOptions::default());
        let mut out = Vec::new();
        for doc in loaded.documents {
            let file = doc.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let Some(name) = FILINGS.iter().find(|p| file.starts_with(*p)) else {
                continue;
            };
            let (layout, extraction) = read_document(&doc);
            let table_facts = extraction
                .facts
                .iter()
                .filter(|f| matches!(f.origin, Origin::Table { .. }))
                .cloned()
                .collect();
            let cells = layout
                .tables()
                .flat_map(|t| t.header.iter().chain(&t.body))
                .flat_map(|r| r.cells.iter().map(|c| c.span.clone()))
                .collect();
            out.push(Filing {
                name,
                doc,
                layout,
                extraction,
                table_facts,
                cells,
            });
        }
        out
    })
}

fn filing(name: &str) -> Option<&'static Filing> {
    filings().iter().find(|f| f.name == name)
}

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| match RuleSet::builtin() {
        Ok(rules) => rules,
        Err(errors) => panic!("the built-in rules do not load: {errors:?}"),
    })
}

fn one_thread() -> &'static rayon::ThreadPool {
    static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a one-thread pool")
    })
}

fn main() {
    let found: Vec<&str> = filings().iter().map(|f| f.name).collect();
    if found.len() < FILINGS.len() {
        eprintln!(
            "hot: the real filings are not all in {} (found: {}); the benches that read them \
             measure nothing. Set TIEOUT_SHARED to the directory that holds filings/.",
            filings_dir().display(),
            if found.is_empty() {
                "none".to_string()
            } else {
                found.join(", ")
            }
        );
    }
    divan::main();
}

/// The lexer on a handful of typical cells.
#[divan::bench]
fn lexer_typical_cells(bencher: Bencher) {
    bencher
        .counter(ItemsCount::new(TYPICAL_CELLS.len()))
        .bench(|| {
            for cell in TYPICAL_CELLS {
                black_box(read_cell(black_box(cell)));
            }
        });
}

/// The lexer on every table cell of a filing, as the table reader calls it.
#[divan::bench(args = FILINGS, max_time = 3)]
fn lexer_filing_cells(bencher: Bencher, name: &str) {
    let Some(f) = filing(name) else { return };
    let bytes: usize = f.cells.iter().map(|c| c.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        for cell in &f.cells {
            black_box(read_cell(&f.doc.text[cell.clone()]));
        }
    });
}

/// Cutting a filing into tables and paragraphs: the three table segmenters, page furniture
/// and the joining of hard-wrapped lines.
#[divan::bench(args = FILINGS, max_time = 3)]
fn layout_filing(bencher: Bencher, name: &str) {
    let Some(f) = filing(name) else { return };
    bencher
        .counter(BytesCount::new(f.doc.text.len()))
        .bench(|| layout(black_box(&f.doc)));
}

/// Reading a filing's tables: cells typed, header paths, units and periods, and their facts.
#[divan::bench(args = FILINGS, max_time = 3)]
fn tables_filing(bencher: Bencher, name: &str) {
    let Some(f) = filing(name) else { return };
    bencher
        .counter(BytesCount::new(f.doc.text.len()))
        .bench(|| {
            let mut facts = 0;
            for (index, table) in f.layout.tables().enumerate() {
                let typed = TypedTable::read(&f.doc, index, table);
                facts += typed.facts(&f.doc).len();
            }
            facts
        });
}

/// The figures of a filing's prose, with their concepts, periods and measures.
#[divan::bench(args = FILINGS, max_time = 3)]
fn prose_filing(bencher: Bencher, name: &str) {
    let Some(f) = filing(name) else { return };
    bencher
        .counter(BytesCount::new(f.doc.text.len()))
        .bench(|| prose::facts(black_box(&f.doc), &f.layout, &f.table_facts));
}

/// Every built-in rule on a filing's extraction, on one thread.
#[divan::bench(args = FILINGS, max_time = 3)]
fn evaluate_filing(bencher: Bencher, name: &str) {
    let Some(f) = filing(name) else { return };
    let rules = rules();
    bencher
        .counter(ItemsCount::new(f.extraction.facts.len()))
        .bench(|| one_thread().install(|| evaluate(black_box(&f.doc), &f.extraction, rules)));
}
