//! A named text as miette source code, whose reported column counts characters.
//!
//! miette reports the column of a snippet's header (`[file:line:column]`) in bytes; every
//! other location tieout prints counts characters, and in Chinese text the two differ by a
//! factor of three. This wrapper makes them agree.

use std::fmt;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

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
        let text = self.text.as_ref();
        let inner = text.read_span(span, context_lines_before, context_lines_after)?;
        // The column of the first byte shown, in characters from the start of its line.
        let start = inner.span().offset().min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let column = text
            .get(line_start..start)
            .map_or(inner.column(), |s| s.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}
