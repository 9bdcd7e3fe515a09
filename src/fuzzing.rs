//! Entry points for the fuzz targets in `fuzz/` and for property tests: each takes arbitrary
//! input and runs one stage the way the pipeline does. Not a stable interface.

use std::path::PathBuf;

use crate::layout::{layout, tables_of_layout, TableLayout};
use crate::source::{decode, Document};

/// The number lexer on one cell.
pub fn number_lexer(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::extract::number::read_cell(text);
    }
}

/// A document from arbitrary bytes, decoded as a file would be; `None` for what `load` skips.
pub fn document(data: &[u8]) -> Option<Document> {
    let decoded = decode::decode(data.to_vec(), None).ok()?;
    Some(Document::from_decoded(
        0,
        PathBuf::from("fuzz.txt"),
        decoded,
    ))
}

/// One table segmenter alone over a whole document, every cell span checked against the text.
pub fn segmenter(data: &[u8], kind: TableLayout) {
    let Some(doc) = document(data) else { return };
    for table in tables_of_layout(&doc, kind) {
        for row in table.header.iter().chain(&table.body) {
            for cell in &row.cells {
                assert!(
                    doc.text.get(cell.span.clone()).is_some(),
                    "cell span {:?} off the text",
                    cell.span
                );
            }
        }
    }
}

/// Layout and table extraction, then the prose extractor, over a whole document; every
/// fact's span must slice the text and render to a location that is its printed text.
pub fn pipeline(data: &[u8]) {
    let Some(doc) = document(data) else { return };
    let blocks = layout(&doc);
    let extraction = crate::extract::extract(&doc, &blocks);
    for fact in &extraction.facts {
        assert!(
            doc.text.get(fact.span.clone()).is_some(),
            "fact span {:?} off the text",
            fact.span
        );
        let printed = doc.printed(fact.span.clone());
        assert_eq!(
            printed.chars().count(),
            doc.text[fact.span.clone()].chars().count(),
            "printed text and analysis text differ in length"
        );
        let _ = doc.position(fact.span.end);
        let _ = doc.stored_span(fact.span.clone());
    }
}

/// The prose extractor alone (no table facts to resolve periods against).
pub fn prose(data: &[u8]) {
    let Some(doc) = document(data) else { return };
    let blocks = layout(&doc);
    for fact in crate::extract::prose::facts(&doc, &blocks, &[]) {
        assert!(doc.text.get(fact.span.clone()).is_some());
    }
}

/// The rule loader on one YAML file's text.
pub fn rule_loader(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::rules::parse_rule_file(std::path::Path::new("fuzz.yaml"), text);
    }
}

/// The expression parser on one `assert:` text.
pub fn expression(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::rules::expr::parse(text);
    }
}
