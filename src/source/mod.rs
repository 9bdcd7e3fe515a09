//! Source: find the files to audit, read them, and index their lines.
//!
//! Takes the paths given on the command line and gives [`Document`]s: the text exactly as
//! read plus a [`LineIndex`]. Nothing downstream rewrites the text; every fact keeps a byte
//! span into it, and line / column are computed from the index only when rendering.

mod line_index;
mod miette_source;
mod walk;

pub use line_index::LineIndex;
pub use miette_source::NamedText;
pub use walk::{load, load_excluding, LoadProblem, Loaded, ProblemSeverity};

use std::path::PathBuf;

/// Index of a document within one run; documents are numbered in sorted path order.
pub type DocId = usize;

/// One filing as read from disk.
#[derive(Debug)]
pub struct Document {
    pub id: DocId,
    /// The path as given on the command line joined with the file's path below it.
    pub path: PathBuf,
    /// The text exactly as read (UTF-8; a leading byte-order mark is kept in place and skipped
    /// by the layout stage, so byte offsets index the file as stored).
    pub text: String,
    pub lines: LineIndex,
}

impl Document {
    pub fn new(id: DocId, path: PathBuf, text: String) -> Self {
        let lines = LineIndex::new(&text);
        Self {
            id,
            path,
            text,
            lines,
        }
    }

    /// The path as a display string, with `/` separators on every platform.
    pub fn display_path(&self) -> String {
        self.path.to_string_lossy().replace('\\', "/")
    }
}
