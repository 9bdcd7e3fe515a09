//! Configuration mistakes as miette diagnostics that point into `tieout.yaml`.

use std::path::Path;

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

use crate::source::NamedText;

/// A mistake in the configuration file, with its place in the file where it has one.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(tieout::config))]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    pub source_code: Option<NamedText<String>>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
    /// 1-based line and column (in characters) of the span; 0 without one.
    pub line: usize,
    pub column: usize,
}

impl ConfigError {
    /// A mistake at `span` (byte offset and length) of the file, or at the file as a whole.
    pub fn at(
        path: &Path,
        text: &str,
        span: Option<(usize, usize)>,
        message: impl Into<String>,
        label: &str,
        help: Option<String>,
    ) -> Self {
        let message = format!("{}: {}", path.display(), message.into());
        let Some((offset, len)) = span else {
            return Self::without_source(message, help);
        };
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let len = len.min(text.len() - offset);
        let before = &text[..offset];
        Self {
            message,
            source_code: Some(NamedText::new(path.to_string_lossy(), text.to_string())),
            span: Some(SourceSpan::new(offset.into(), len)),
            label: label.to_string(),
            help,
            line: before.matches('\n').count() + 1,
            column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
        }
    }

    /// A mistake that has no place in a file: a file that cannot be read.
    pub fn without_source(message: String, help: Option<String>) -> Self {
        Self {
            message,
            source_code: None,
            span: None,
            label: String::new(),
            help,
            line: 0,
            column: 0,
        }
    }

    /// A YAML syntax error or a value of the wrong shape (unknown key, wrong type).
    pub(super) fn yaml(path: &Path, text: &str, err: &serde_yaml::Error) -> Self {
        let raw = err.to_string();
        // serde_yaml appends " at line L column C" to its message; the label shows that.
        let message = raw.split(" at line ").next().unwrap_or(&raw).to_string();
        let help = crate::rules::did_you_mean(&message);
        let span = err.location().map(|loc| {
            let rest = text.get(loc.index()..).unwrap_or("");
            let len = rest.find([':', '\n', '#', ',', '}']).unwrap_or(rest.len());
            (loc.index(), len.max(1))
        });
        Self::at(path, text, span, message, "here", help)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
