//! Helpers the segmenters' unit tests share: a document from a string, its tables, a row's
//! cell texts.

use super::{layout, Row, Table};
use crate::source::Document;

pub fn doc(text: &str) -> Document {
    Document::new(0, "t.txt".into(), text.to_string())
}

pub fn tables(text: &str) -> Vec<Table> {
    layout(&doc(text)).tables().cloned().collect()
}

pub fn cell_texts<'a>(text: &'a str, row: &Row) -> Vec<&'a str> {
    row.cells.iter().map(|c| &text[c.span.clone()]).collect()
}
