//! A named text as miette source code, whose reported column counts characters.
//!
//! miette reports the column of a snippet's header (`[file:line:column]`) in bytes; every
//! other location tieout prints counts characters, and in Chinese text the two differ by a
//! factor of three. This wrapper makes them agree.

use std::fmt;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use super::park::Block;
use super::Document;

/// A text with a name, borrowed or owned.
pub struct NamedText<T> {
    name: String,
    text: T,
}

impl<T: AsRef<str>> NamedText<T> {
    pub fn new(name: impl Into<String>, text: T) -> Self {
        Self {
            name: name.into(),
            text,
        }
    }
}

impl<T> fmt::Debug for NamedText<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NamedText")
            .field("name", &self.name)
            .finish()
    }
}

impl<T: AsRef<str> + Send + Sync> SourceCode for NamedText<T> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        read_lines(
            &self.name,
            self.text.as_ref(),
            0,
            0,
            span,
            context_lines_before,
            context_lines_after,
        )
    }
}

/// A document's text as miette source: the whole printed text, or the lines a parked
/// document kept around its figures (see [`super::park`]), each block shown at its own line
/// numbers.
pub enum DocumentText<'a> {
    Whole(NamedText<&'a str>),
    Excerpt { name: String, blocks: &'a [Block] },
}

impl fmt::Debug for DocumentText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentText::Whole(text) => text.fmt(f),
            DocumentText::Excerpt { name, blocks } => f
                .debug_struct("Excerpt")
                .field("name", name)
                .field("blocks", &blocks.len())
                .finish(),
        }
    }
}

impl<'a> DocumentText<'a> {
    /// The source of a document's snippets, whether its text is at hand or parked.
    pub fn of(doc: &'a Document) -> Self {
        match doc.excerpt() {
            Some(blocks) => DocumentText::Excerpt {
                name: doc.display_path(),
                blocks,
            },
            None => DocumentText::Whole(NamedText::new(doc.display_path(), doc.printed_text())),
        }
    }
}

impl SourceCode for DocumentText<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        match self {
            DocumentText::Whole(text) => {
                text.read_span(span, context_lines_before, context_lines_after)
            }
            DocumentText::Excerpt { name, blocks } => {
                // Spans are offsets in the whole printed text; the block that holds the
                // span's start holds all of it and its context (see `park`).
                let offset = span.offset();
                let block = blocks
                    .iter()
                    .rev()
                    .find(|b| b.printed_start <= offset)
                    .filter(|b| offset <= b.printed_start + b.text.len())
                    .ok_or(MietteError::OutOfBounds)?;
                read_lines(
                    name,
                    &block.text,
                    block.printed_start,
                    block.first_line,
                    &SourceSpan::new((offset - block.printed_start).into(), span.len()),
                    context_lines_before,
                    context_lines_after,
                )
            }
        }
    }
}

/// The lines of `text` around `span`, for a text that starts at byte `offset` and 0-based
/// line `first_line` of its document: offsets and lines come out in the document's terms,
/// and the column counts characters.
fn read_lines<'a>(
    name: &str,
    text: &'a str,
    offset: usize,
    first_line: usize,
    span: &SourceSpan,
    context_lines_before: usize,
    context_lines_after: usize,
) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
    let inner = text.read_span(span, context_lines_before, context_lines_after)?;
    // The column of the first byte shown, in characters from the start of its line.
    let start = inner.span().offset().min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let column = text
        .get(line_start..start)
        .map_or(inner.column(), |s| s.chars().count());
    Ok(Box::new(MietteSpanContents::new_named(
        name.to_string(),
        inner.data(),
        SourceSpan::new((inner.span().offset() + offset).into(), inner.span().len()),
        inner.line() + first_line,
        column,
        inner.line_count(),
    )))
}
