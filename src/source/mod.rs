//! Source: find the files to audit, read and decode them, and index their lines.
//!
//! Takes the paths given on the command line and gives [`Document`]s: the text decoded to
//! UTF-8 (see `decode.rs`) plus a [`LineIndex`]. Nothing downstream rewrites the text; every
//! fact keeps a byte span into it, and line / column are computed from the index only when
//! rendering.
//!
//! Spans index the document's *analysis text*: the decoded text with full-width figures
//! folded to ASCII (`fullwidth.rs`), character for character. For the few files that have
//! full-width digits it differs from the decoded text in byte offsets only; for all others it
//! is the decoded text itself. Spans leave the engine in one place — a rendered location —
//! and there [`Document::printed`], [`Document::position`] and [`Document::stored_span`] give
//! the characters the file holds, the line and column an editor shows, and the byte offsets
//! in the file as stored.

pub mod decode;
pub mod document_type;
pub mod entity;
mod fullwidth;
mod line_index;
mod miette_source;
pub mod park;
mod walk;

pub use decode::{encoding_for_label, Decoded, Stored, Undecodable};
pub use document_type::DocumentType;
pub use line_index::{LineIndex, Position};
pub use miette_source::{DocumentText, NamedText};
pub use walk::{
    discover, load, load_excluding, read_document, LoadOptions, LoadProblem, Loaded,
    ProblemSeverity,
};

use std::ops::Range;
use std::path::PathBuf;

use fullwidth::Folded;
use park::Parked;

/// Index of a document within one run; documents are numbered in sorted path order.
pub type DocId = usize;

/// One filing as read from disk.
#[derive(Debug)]
pub struct Document {
    pub id: DocId,
    /// The path as given on the command line joined with the file's path below it.
    pub path: PathBuf,
    /// The analysis text that every span indexes: the file decoded to UTF-8, without a
    /// byte-order mark, full-width figures folded to ASCII (same lines, same columns).
    pub text: String,
    pub lines: LineIndex,
    /// The issuer the document is about, as its head names it (see [`entity`]); `None`
    /// when it names none. A configuration's group wins over it.
    pub entity: Option<String>,
    /// What kind of filing it is, as its title (or else its file name) says.
    pub document_type: DocumentType,
    /// The decoded text with its full-width characters, where folding changed anything.
    folded: Option<Folded>,
    stored: Stored,
    /// Set once the document is parked (see [`park`]): `text` is then empty, and what a
    /// report may show of it is kept here.
    parked: Option<Box<Parked>>,
}

impl Document {
    /// A document from text that is stored as UTF-8 (a leading byte-order mark is dropped and
    /// counted in stored offsets).
    pub fn new(id: DocId, path: PathBuf, text: String) -> Self {
        let (text, bom) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (rest.to_string(), 3),
            None => (text, 0),
        };
        Self::from_decoded(
            id,
            path,
            Decoded {
                text,
                stored: Stored::utf8(bom),
            },
        )
    }

    /// A document from a decoded file.
    pub fn from_decoded(id: DocId, path: PathBuf, decoded: Decoded) -> Self {
        let (text, folded) = match fullwidth::fold(&decoded.text) {
            Some((analysis, folded)) => (analysis, Some(folded)),
            None => (decoded.text, None),
        };
        let lines = LineIndex::new(&text);
        let entity = entity::entity_in(&text);
        let document_type = document_type::document_type_of(&text, &path);
        Self {
            id,
            path,
            text,
            lines,
            entity,
            document_type,
            folded,
            stored: decoded.stored,
            parked: None,
        }
    }

    /// Lets the text go, keeping what a report needs to show `spans` (see [`park`]);
    /// `options` are those the file was read with, to read it again if another span is
    /// needed later. Parking a parked document keeps the spans it already holds.
    pub fn park(&mut self, spans: &[Range<usize>], options: LoadOptions) {
        if self.parked.is_some() {
            return;
        }
        let parked = Parked::of(self, spans, options);
        self.text = String::new();
        self.lines = LineIndex::new("");
        self.folded = None;
        self.stored = self.stored.without_text();
        self.parked = Some(Box::new(parked));
    }

    /// The length in bytes of the analysis text, parked or not.
    pub fn text_len(&self) -> usize {
        self.parked.as_ref().map_or(self.text.len(), |p| p.length)
    }

    /// Whether the text has been let go (see [`park`]).
    pub fn is_parked(&self) -> bool {
        self.parked.is_some()
    }

    /// Makes sure a parked document can show every span of `spans`, reading its file again
    /// when one of them was not kept. An error when the file can no longer be read, or no
    /// longer holds the text that was audited.
    ///
    /// A document read back from exported facts holds the place of every figure, but not the
    /// lines around them: its file is read for them when it is there and unchanged, and
    /// otherwise its findings are shown without them (a warning says why when the file
    /// changed).
    pub fn retain(&mut self, spans: &[Range<usize>]) -> Result<(), LoadProblem> {
        let Some(parked) = &self.parked else {
            return Ok(());
        };
        if parked.imported {
            if spans.is_empty() || !self.path.is_file() {
                return Ok(());
            }
            let options = parked.options;
            let Ok(again) = read_document(self.id, self.path.clone(), options) else {
                return Ok(());
            };
            if !parked.is_same_text(&again) {
                return Err(LoadProblem::changed_since_export(&self.path));
            }
            let mut all: Vec<Range<usize>> = parked.retained().collect();
            all.extend(spans.iter().cloned());
            self.parked = Some(Box::new(Parked::of(&again, &all, options)));
            return Ok(());
        }
        if spans.iter().all(|s| parked.holds(s)) {
            return Ok(());
        }
        let options = parked.options;
        let again = read_document(self.id, self.path.clone(), options)?;
        if !parked.is_same_text(&again) {
            return Err(LoadProblem::changed(&self.path));
        }
        let mut all: Vec<Range<usize>> = parked.retained().collect();
        all.extend(spans.iter().cloned());
        self.parked = Some(Box::new(Parked::of(&again, &all, options)));
        Ok(())
    }

    /// The places of `spans`, for export with the document's facts (see
    /// [`park::ExportedPlaces`]): the text must be at hand.
    pub fn export_places(&self, spans: &[Range<usize>]) -> park::ExportedPlaces {
        Parked::of(self, spans, LoadOptions::default()).export()
    }

    /// A document read back from exported facts: parked, with the places the export gives.
    /// Its file, read again only for snippets, is read in `encoding` (an encoding name as
    /// [`Document::encoding_name`] gives it).
    pub fn imported(
        id: DocId,
        path: PathBuf,
        entity: Option<String>,
        document_type: DocumentType,
        encoding: &str,
        places: park::ExportedPlaces,
    ) -> Result<Self, String> {
        let encoding = encoding_for_label(encoding)?;
        let options = LoadOptions {
            encoding: Some(encoding),
        };
        let parked = Parked::import(places, options)?;
        Ok(Self {
            id,
            path,
            text: String::new(),
            lines: LineIndex::new(""),
            entity,
            document_type,
            folded: None,
            stored: Stored::of_encoding(encoding),
            parked: Some(Box::new(parked)),
        })
    }

    /// The 0-based line of an offset (of a figure's start, for a parked document).
    pub fn line_of(&self, offset: usize) -> usize {
        match &self.parked {
            Some(parked) => parked.line_of(offset),
            None => self.lines.line_of(offset.min(self.text.len())),
        }
    }

    /// The printed lines a parked document kept around its figures; `None` for a document
    /// whose whole text is at hand.
    pub fn excerpt(&self) -> Option<&[park::Block]> {
        self.parked.as_ref().map(|p| p.blocks())
    }

    /// The characters of the analysis text at a span (ASCII where the file prints full-width
    /// figures); empty for a span that is not one.
    pub fn analysis(&self, span: Range<usize>) -> &str {
        match &self.parked {
            Some(parked) => parked.analysis(&span),
            None => self.text.get(span).unwrap_or(""),
        }
    }

    /// The path as a display string, with `/` separators on every platform.
    pub fn display_path(&self) -> String {
        self.path.to_string_lossy().replace('\\', "/")
    }

    /// The encoding the file was read in.
    pub fn encoding_name(&self) -> &'static str {
        self.stored.encoding_name()
    }

    /// The decoded text as the file holds it (full-width characters kept).
    pub fn printed_text(&self) -> &str {
        match &self.folded {
            Some(f) => &f.original,
            None => &self.text,
        }
    }

    /// The offset in [`Document::printed_text`] of an offset in the analysis text.
    pub fn printed_offset(&self, offset: usize) -> usize {
        if let Some(parked) = &self.parked {
            return parked.printed_offset(offset);
        }
        match &self.folded {
            Some(f) => f.original_offset(offset),
            None => offset,
        }
    }

    /// The span in [`Document::printed_text`] of a span in the analysis text.
    pub fn printed_span(&self, span: Range<usize>) -> Range<usize> {
        self.printed_offset(span.start)..self.printed_offset(span.end)
    }

    /// The characters the file holds at a span of the analysis text (`１２３` where the
    /// analysis text reads `123`); empty for a span that is not one.
    pub fn printed(&self, span: Range<usize>) -> &str {
        if let Some(parked) = &self.parked {
            return parked.printed(&span);
        }
        self.printed_text()
            .get(self.printed_span(span))
            .unwrap_or("")
    }

    /// 1-based line and character column of an offset: the same in the analysis text and in
    /// the file, since folding is character for character.
    pub fn position(&self, offset: usize) -> Position {
        if let Some(parked) = &self.parked {
            return parked.position(offset);
        }
        self.lines.position(&self.text, offset)
    }

    /// The byte range in the file as stored (byte-order mark included, in its encoding) of a
    /// span of the analysis text.
    pub fn stored_span(&self, span: Range<usize>) -> Range<usize> {
        if let Some(parked) = &self.parked {
            return parked.stored(span.start)..parked.stored(span.end);
        }
        let printed = self.printed_text();
        let at = |offset: usize| {
            let line = self.lines.line_of(offset.min(self.text.len()));
            let line_start = self.printed_offset(self.lines.start(line));
            self.stored
                .offset(printed, line, line_start, self.printed_offset(offset))
        };
        at(span.start)..at(span.end)
    }
}
