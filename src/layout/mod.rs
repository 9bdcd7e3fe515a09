//! Layout: cut a document into blocks — paragraphs and tables — and recognise page furniture.
//!
//! Takes a [`Document`]'s text and gives [`Block`]s. Every cell and paragraph is a byte span
//! into the text: nothing here copies or rewrites it. One table model serves every source
//! layout; each layout has its own segmenter file (`tabbed.rs` for tab-separated tables).

mod aligned;
pub mod furniture;
mod glued;
pub mod markup;
pub mod paragraph;
mod tabbed;
#[cfg(test)]
mod test_support;

use std::ops::Range;

use crate::source::Document;

/// How a table was laid out in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableLayout {
    /// Cells separated by TAB characters.
    Tabbed,
    /// Cells separated by runs of spaces, figures aligned in columns (`pdftotext -layout`).
    Aligned,
    /// Cells printed with no delimiter at all (`货币资金25,143.4817,643.48-29.83%`), split by
    /// the number grammar.
    Glued,
}

/// One cell: the byte span of its raw text in the document (markup included, surrounding
/// white space excluded). Empty cells have an empty span at their position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub span: Range<usize>,
}

/// One printed row of a table.
#[derive(Debug, Clone)]
pub struct Row {
    /// 0-based line of the row in the document.
    pub line: usize,
    pub cells: Vec<Cell>,
}

/// A table: header rows, body rows, and the captions printed above it. The default is a table
/// of no rows (what a table read back from exported facts has: see `TypedTable::table`).
#[derive(Debug, Clone)]
pub struct Table {
    pub layout: TableLayout,
    /// Header rows, top to bottom (period row, then unit row, …).
    pub header: Vec<Row>,
    /// Body rows in printed order; rows of a continuation after a page break follow on, with
    /// the repeated header left out.
    pub body: Vec<Row>,
    /// Span of a unit caption such as `单位：万元` printed just above the table.
    pub unit_caption: Option<Range<usize>>,
    /// Span of the nearest non-empty line above the table (its title, usually).
    pub title: Option<Range<usize>>,
    /// 0-based lines of the first and last printed row, continuation included.
    pub lines: Range<usize>,
}

impl Default for Table {
    fn default() -> Self {
        Self {
            layout: TableLayout::Tabbed,
            header: Vec::new(),
            body: Vec::new(),
            unit_caption: None,
            title: None,
            lines: 0..0,
        }
    }
}

/// A paragraph of prose: a byte span of text lines, hard-wrapped lines joined (see
/// `paragraph.rs`).
#[derive(Debug, Clone)]
pub struct Paragraph {
    pub span: Range<usize>,
    pub lines: Range<usize>,
    /// Spans of the lines that make it up, blank lines and page furniture between them left
    /// out; [`paragraph::Joined`] reads them as one text.
    pub parts: Vec<Range<usize>>,
}

#[derive(Debug, Clone)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// The blocks of one document, in printed order.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub blocks: Vec<Block>,
}

impl Layout {
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
    }
}

/// The longest line tried as the first row of a table (the filings' longest is under 3 KB).
pub const MAX_ROW_BYTES: usize = 64 * 1024;

/// Cuts a document into blocks.
pub fn layout(doc: &Document) -> Layout {
    let lines = Lines::new(doc);
    let furniture = furniture::Furniture::detect(&lines);
    let wrap = paragraph::Wrap::detect(&lines, &furniture);
    let mut blocks = Vec::new();
    let mut line = 0;
    while line < lines.len() {
        // A line longer than any printed row is prose or garbage, never the start of a table:
        // each segmenter keeps several records per cell, too many for a line of megabytes.
        if lines.span(line).len() > MAX_ROW_BYTES {
            paragraph::push_line(&mut blocks, &lines, &wrap, line);
            line += 1;
            continue;
        }
        if let Some((table, next)) = tabbed::table_at(&lines, &furniture, line) {
            blocks.push(Block::Table(table));
            line = next;
            continue;
        }
        if let Some((table, next)) = aligned::table_at(&lines, &furniture, line) {
            blocks.push(Block::Table(table));
            line = next;
            continue;
        }
        if let Some((table, next)) = glued::table_at(&lines, &furniture, line) {
            blocks.push(Block::Table(table));
            line = next;
            continue;
        }
        let text = lines.text(line);
        if !text.trim().is_empty() && !furniture.is_furniture(line) {
            paragraph::push_line(&mut blocks, &lines, &wrap, line);
        }
        line += 1;
    }
    let blocks = paragraph::bound_paragraphs(blocks, &lines);
    Layout { blocks }
}

/// The tables one segmenter alone finds in a document, tried at every line that does not
/// already belong to a table: a way to exercise each layout on its own (fuzzing, tests).
pub fn tables_of_layout(doc: &Document, kind: TableLayout) -> Vec<Table> {
    let lines = Lines::new(doc);
    let furniture = furniture::Furniture::detect(&lines);
    let mut tables = Vec::new();
    let mut line = 0;
    while line < lines.len() {
        let found = match kind {
            TableLayout::Tabbed => tabbed::table_at(&lines, &furniture, line),
            TableLayout::Aligned => aligned::table_at(&lines, &furniture, line),
            TableLayout::Glued => glued::table_at(&lines, &furniture, line),
        };
        match found {
            Some((table, next)) => {
                tables.push(table);
                line = next.max(line + 1);
            }
            None => line += 1,
        }
    }
    tables
}

/// The lines of a document with their spans, shared by the segmenters.
pub struct Lines<'a> {
    text: &'a str,
    spans: Vec<Range<usize>>,
}

impl<'a> Lines<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let spans = (0..doc.lines.len())
            .map(|i| doc.lines.line_span(&doc.text, i))
            .collect();
        Self {
            text: &doc.text,
            spans,
        }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn span(&self, line: usize) -> Range<usize> {
        self.spans[line].clone()
    }

    pub fn text(&self, line: usize) -> &'a str {
        &self.text[self.spans[line].clone()]
    }

    pub fn is_blank(&self, line: usize) -> bool {
        self.text(line).trim().is_empty()
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_at(&self, offset: usize) -> usize {
        self.spans
            .partition_point(|s| s.start <= offset)
            .saturating_sub(1)
    }

    /// The whole document text.
    pub fn source(&self) -> &'a str {
        self.text
    }

    /// The next non-blank line after `line` that may still belong to the same table: at most
    /// two blank lines between rows, or a page break (furniture) within eight lines.
    pub fn next_content(&self, furniture: &furniture::Furniture, line: usize) -> Option<usize> {
        const MAX_BLANKS: usize = 2;
        const MAX_PAGE_BREAK: usize = 8;
        let mut probe = line + 1;
        let mut blanks = 0;
        let mut saw_furniture = false;
        while probe < self.len() {
            if self.is_blank(probe) {
                blanks += 1;
            } else if furniture.is_furniture(probe) {
                saw_furniture = true;
            } else {
                return Some(probe);
            }
            let gap = probe - line;
            if (!saw_furniture && blanks > MAX_BLANKS) || gap > MAX_PAGE_BREAK {
                return None;
            }
            probe += 1;
        }
        None
    }
}
