//! `tieout facts`: what the rules see, as a readable table, as JSON or as JSON lines.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use crate::extract::concept::Concepts;
use crate::extract::Extraction;
use crate::facts::{Fact, Measure, Origin, Stance};
use crate::source::Document;

#[derive(Serialize)]
pub struct JsonFact {
    /// `fact`: in an export (`--format jsonl`), what the line is (see `facts::export`).
    record: &'static str,
    path: String,
    line: usize,
    column: usize,
    byte_start: usize,
    byte_end: usize,
    /// The byte span in the text as the rules read it (decoded, full-width figures folded):
    /// what an exported fact is read back at.
    span: [usize; 2],
    text: String,
    value: String,
    decimals: u32,
    unit: String,
    unit_kind: &'static str,
    concept: String,
    /// The concept as rules match it: normalised, Traditional folded to Simplified, synonyms
    /// resolved (see `rules/concepts.yaml`).
    concept_key: String,
    period: Option<String>,
    dimensions: Vec<String>,
    measure: Measure,
    origin: Origin,
    /// The issuer the document is about, as its head names it.
    entity: Option<String>,
    /// What kind of filing the document is (`prospectus`, `inquiry_reply`, `opinion`,
    /// `annual_report`, `other`), as its title says.
    document_type: &'static str,
    /// `stated`, or why the figure is not the document's own (`hypothetical`, `quoted`,
    /// `contribution`): such figures are listed but not compared.
    stance: &'static str,
}

/// A fact as JSON; `concept_key` is its concept's key (see [`Concepts::keys_of`]).
pub(crate) fn json_fact(doc: &Document, fact: &Fact, concept_key: String) -> JsonFact {
    let pos = doc.position(fact.span.start);
    let stored = doc.stored_span(fact.span.clone());
    JsonFact {
        record: "fact",
        path: doc.display_path(),
        line: pos.line,
        column: pos.column,
        byte_start: stored.start,
        byte_end: stored.end,
        span: [fact.span.start, fact.span.end],
        text: doc.printed(fact.span.clone()).to_string(),
        value: fact.value.to_string(),
        decimals: fact.decimals,
        unit: fact.unit.to_string(),
        unit_kind: fact.unit.kind_name(),
        concept: fact.concept.clone(),
        concept_key,
        period: fact.period.clone(),
        dimensions: fact.column.clone(),
        measure: fact.measure.clone(),
        origin: fact.origin.clone(),
        stance: fact.stance.name(),
        entity: doc.entity.clone(),
        document_type: doc.document_type.name(),
    }
}

pub fn json(doc: &Document, extraction: &Extraction, concepts: &Concepts) -> Vec<JsonFact> {
    extraction
        .facts
        .iter()
        .zip(concepts.keys_of(&extraction.facts))
        .map(|(f, key)| json_fact(doc, f, key))
        .collect()
}

/// Writes one document as JSON lines (see `facts::export`): a `document` line, a line for
/// each table, then each fact the object `json` gives, compact, on a line of its own,
/// written as soon as it is serialised: nothing is collected.
pub fn jsonl(
    out: &mut impl Write,
    doc: &Document,
    extraction: &Extraction,
    concepts: &Concepts,
) -> io::Result<()> {
    crate::facts::export::write_document(out, doc, extraction, concepts)
}

/// One line a fact: `path:line:column  text  value  unit  concept  period  column path  origin`;
/// then one line for each table cell with digits that was not read as a figure.
pub fn table(doc: &Document, extraction: &Extraction) -> String {
    let mut out = String::new();
    let path = doc.display_path();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let untyped: Vec<(usize, usize, usize, std::ops::Range<usize>)> = extraction
        .tables
        .iter()
        .flat_map(|t| {
            t.untyped(&doc.text)
                .into_iter()
                .map(move |(r, c, span)| (t.index, r, c, span))
        })
        .collect();
    out.push_str(&format!(
        "{path}: {}, {}",
        plural(extraction.tables.len(), "table"),
        plural(extraction.facts.len(), "fact")
    ));
    if !untyped.is_empty() {
        out.push_str(&format!(
            ", {} not read as figures",
            plural(untyped.len(), "table cell")
        ));
    }
    if let Some(entity) = &doc.entity {
        out.push_str(&format!("; entity {entity}"));
    }
    out.push_str(&format!("; {}", doc.document_type));
    out.push('\n');
    // Written in place, a line at a time: a filing has thousands of facts.
    for fact in &extraction.facts {
        let pos = doc.position(fact.span.start);
        let _ = write!(
            out,
            "{path}:{}:{}\t{}\t{}\t{}\t{}\t{}\t",
            pos.line,
            pos.column,
            doc.printed(fact.span.clone()),
            fact.value,
            fact.unit,
            fact.concept,
            fact.period.as_deref().unwrap_or("-"),
        );
        for (i, heading) in fact.column.iter().enumerate() {
            if i > 0 {
                out.push_str(" / ");
            }
            out.push_str(heading);
        }
        let _ = match &fact.origin {
            Origin::Table { table, row, column } => {
                write!(out, "\ttable {table} row {row} col {column}")
            }
            Origin::Prose { .. } => write!(out, "\tprose"),
        };
        if fact.stance != Stance::Stated {
            let _ = write!(out, " ({})", fact.stance.name());
        }
        out.push('\n');
    }
    for (table, row, column, span) in &untyped {
        let pos = doc.position(span.start);
        out.push_str(&format!(
            "{path}:{}:{}\t{}\tnot a figure\ttable {table} row {row} col {column}\n",
            pos.line,
            pos.column,
            doc.printed(span.clone()),
        ));
    }
    out
}
