use std::ops::Range;

/// Byte offsets of line starts, for turning byte spans into 1-based line and character column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based line and character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// Number of lines (a trailing newline does not open a new line of its own).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// 0-based line number holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset of the start of 0-based line `line` (of the last line, past the last).
    pub fn start(&self, line: usize) -> usize {
        let last = self.starts.len().saturating_sub(1);
        self.starts.get(line.min(last)).copied().unwrap_or(0)
    }

    /// Byte range of 0-based line `line`, without its line terminator.
    pub fn line_span(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts[line];
        let mut end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// 1-based line and character column of byte `offset`. An offset inside a character
    /// counts that character as passed; one past the end is clamped to the end.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let prefix = &text.as_bytes()[self.starts[line]..offset];
        // Characters are counted by their first bytes: no slicing, so no panic off a boundary.
        let column = prefix.iter().filter(|&&b| (b as i8) >= -0x40).count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "合计\t1,234\n第二行 56\n";
        let index = LineIndex::new(text);
        let at = text.find("1,234").unwrap();
        assert_eq!(index.position(text, at), Position { line: 1, column: 4 });
        let at = text.find("56").unwrap();
        assert_eq!(index.position(text, at), Position { line: 2, column: 5 });
        assert_eq!(&text[index.line_span(text, 1)], "第二行 56");
    }

    #[test]
    fn crlf_is_not_part_of_the_line() {
        let text = "a\r\nb";
        let index = LineIndex::new(text);
        assert_eq!(&text[index.line_span(text, 0)], "a");
        assert_eq!(&text[index.line_span(text, 1)], "b");
    }
}
