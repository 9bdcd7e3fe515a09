//! Exported facts: what `tieout facts --format jsonl` writes and `tieout audit --facts` reads,
//! so that the reading of filings (the costly part) and the rules can run on different
//! machines — the shards of a batch job, then one final join.
//!
//! Each line is one JSON object with a `record` field:
//!
//! - `document` — a document, before anything of it: `path`, `entity`, `document_type`,
//!   `encoding`, and `places`: the length and hash of its text and, for every figure and
//!   table cell a check may name, its line, character column, byte offsets as stored and
//!   printed text ([`ExportedPlaces`]).
//! - `table` — a table of the document read into typed cells (`path`, `table`): header paths,
//!   units and periods of its columns, labels, groups and depths of its rows, every cell's
//!   value or dash with its span. The table checks read these.
//! - `fact` — a fact, the object `tieout facts --format json` gives, with its `span` in the
//!   analysis text.
//!
//! Reading it back gives each document as a parked document (see `source::park`) with its
//! tables and facts: the rules then give exactly the checks they give on the files.

use std::io::{self, BufRead, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Fact, Measure, Origin, Stance};
use crate::extract::concept::Concepts;
use crate::extract::number::CellValue;
use crate::extract::{Extraction, TypedTable};
use crate::report::facts::json_fact;
use crate::source::park::ExportedPlaces;
use crate::source::{DocId, Document, DocumentType};

#[derive(Serialize)]
struct DocumentOut<'a> {
    record: &'static str,
    path: String,
    entity: Option<&'a str>,
    document_type: DocumentType,
    encoding: &'static str,
    places: ExportedPlaces,
}

#[derive(Serialize)]
struct TableOut<'a> {
    record: &'static str,
    path: &'a str,
    table: &'a TypedTable,
}

/// Every span a check may name in a table: each cell, each figure or dash in it.
fn table_spans(table: &TypedTable) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    for row in &table.rows {
        for (cell, value) in row.spans.iter().zip(&row.values) {
            spans.push(cell.clone());
            let within = |span: &Range<usize>| cell.start + span.start..cell.start + span.end;
            match value {
                CellValue::Figure(f) => spans.push(within(&f.span)),
                CellValue::Nil { span } => spans.push(within(span)),
                CellValue::Range { low, high } => {
                    spans.extend([low, high].into_iter().flatten().map(|f| within(&f.span)))
                }
                CellValue::Empty | CellValue::Text => {}
            }
        }
    }
    spans
}

/// Writes one document as export lines: its `document` record, its tables, its facts.
pub fn write_document(
    out: &mut impl Write,
    doc: &Document,
    extraction: &Extraction,
    concepts: &Concepts,
) -> io::Result<()> {
    let spans: Vec<Range<usize>> = extraction
        .facts
        .iter()
        .map(|f| f.span.clone())
        .chain(extraction.tables.iter().flat_map(table_spans))
        .collect();
    let path = doc.display_path();
    let record = DocumentOut {
        record: "document",
        path: path.clone(),
        entity: doc.entity.as_deref(),
        document_type: doc.document_type,
        encoding: doc.encoding_name(),
        places: doc.export_places(&spans),
    };
    serde_json::to_writer(&mut *out, &record)?;
    out.write_all(b"\n")?;
    for table in &extraction.tables {
        serde_json::to_writer(
            &mut *out,
            &TableOut {
                record: "table",
                path: &path,
                table,
            },
        )?;
        out.write_all(b"\n")?;
    }
    for (fact, key) in extraction
        .facts
        .iter()
        .zip(concepts.keys_of(&extraction.facts))
    {
        serde_json::to_writer(&mut *out, &json_fact(doc, fact, key))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// One line of an export, as read.
#[derive(Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
enum Record {
    Document(DocumentIn),
    Table(TableIn),
    Fact(FactIn),
}

#[derive(Deserialize)]
struct DocumentIn {
    path: String,
    entity: Option<String>,
    document_type: DocumentType,
    encoding: String,
    places: ExportedPlaces,
}

#[derive(Deserialize)]
struct TableIn {
    path: String,
    table: TypedTable,
}

/// The fields of a fact line the rules need.
#[derive(Deserialize)]
struct FactIn {
    path: String,
    span: [usize; 2],
    value: Decimal,
    decimals: u32,
    unit: String,
    concept: String,
    period: Option<String>,
    dimensions: Vec<String>,
    measure: Measure,
    origin: Origin,
    stance: Stance,
}

/// A document read back from an export, with what was extracted from it.
#[derive(Debug)]
pub struct Imported {
    pub document: Document,
    pub extraction: Extraction,
}

/// What is wrong with an export, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub path: PathBuf,
    /// 1-based line of the export; 0 for the file as a whole.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
        }
    }
}

/// Reads the documents of export files, in the order of their paths (as an audit of the files
/// numbers them), whatever the order of the files and of the documents in them.
pub fn read(paths: &[PathBuf]) -> Result<Vec<Imported>, ImportError> {
    let mut documents: Vec<Imported> = Vec::new();
    for path in paths {
        read_one(path, &mut documents)?;
    }
    documents.sort_by(|a, b| a.document.path.cmp(&b.document.path));
    for pair in documents.windows(2) {
        if pair[0].document.path == pair[1].document.path {
            return Err(ImportError {
                path: pair[1].document.path.clone(),
                line: 0,
                message: "is exported more than once".into(),
            });
        }
    }
    for (id, imported) in documents.iter_mut().enumerate() {
        imported.document.id = id;
        for fact in &mut imported.extraction.facts {
            fact.doc = id;
        }
    }
    Ok(documents)
}

fn read_one(path: &Path, documents: &mut Vec<Imported>) -> Result<(), ImportError> {
    let at = |line: usize, message: String| ImportError {
        path: path.to_path_buf(),
        line,
        message,
    };
    let file = std::fs::File::open(path).map_err(|e| at(0, format!("cannot be read: {e}")))?;
    let first = documents.len();
    let mut lines = 0;
    for (index, line) in io::BufReader::new(file).lines().enumerate() {
        let number = index + 1;
        lines = number;
        let line = line.map_err(|e| at(number, format!("cannot be read: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(&line).map_err(|e| {
            at(
                number,
                format!("not a line of exported facts (`tieout facts --format jsonl`): {e}"),
            )
        })?;
        // Tables and facts belong to the document record of this file just before them.
        let current = |documents: &[Imported], of: &str, what: &str| match documents[first..].last()
        {
            Some(d) if d.document.display_path() == of => Ok(()),
            _ => Err(at(
                number,
                format!("a {what} of {of} before the `document` record of {of}"),
            )),
        };
        match record {
            Record::Document(d) => {
                let document = Document::imported(
                    0,
                    PathBuf::from(&d.path),
                    d.entity,
                    d.document_type,
                    &d.encoding,
                    d.places,
                )
                .map_err(|e| at(number, e))?;
                documents.push(Imported {
                    document,
                    extraction: Extraction::default(),
                });
            }
            Record::Table(t) => {
                current(documents, &t.path, "table")?;
                let imported = documents.last_mut().expect("checked above");
                if t.table.index != imported.extraction.tables.len() {
                    return Err(at(
                        number,
                        format!(
                            "table {} of {} comes after {} tables: tables are numbered in order",
                            t.table.index,
                            t.path,
                            imported.extraction.tables.len()
                        ),
                    ));
                }
                imported.extraction.tables.push(t.table);
            }
            Record::Fact(f) => {
                current(documents, &f.path, "fact")?;
                let imported = documents.last_mut().expect("checked above");
                let unit = f.unit.parse().map_err(|e: String| at(number, e))?;
                if let Origin::Table { table, .. } = f.origin {
                    if table >= imported.extraction.tables.len() {
                        return Err(at(
                            number,
                            format!("a fact of table {table}, which {} does not have", f.path),
                        ));
                    }
                }
                imported.extraction.facts.push(Fact {
                    doc: 0 as DocId,
                    span: f.span[0]..f.span[1],
                    value: f.value,
                    decimals: f.decimals,
                    unit,
                    concept: f.concept,
                    period: f.period,
                    column: f.dimensions,
                    measure: f.measure,
                    origin: f.origin,
                    stance: f.stance,
                });
            }
        }
    }
    if documents.len() == first {
        return Err(at(
            0,
            if lines == 0 {
                "is empty: no exported facts".to_string()
            } else {
                "holds no `document` record: not exported facts".to_string()
            },
        ));
    }
    Ok(())
}
