//! Parked documents: what a report needs of a document whose text has been let go.
//!
//! An audit of an archive cannot hold every filing's text until the report is written: a
//! gigabyte of filings would need a gigabyte of memory, and more for those stored in GBK or
//! Big5. Yet a report only ever shows a few places of each document: the figures of its
//! findings, with a line of context either side for a snippet. So once a document has been
//! read and checked, the audit *parks* it: for each figure it may report it keeps where the
//! figure is (line and character column, byte offsets in the file as stored) and what is
//! printed there, and it keeps the printed lines around each figure; the rest of the text is
//! dropped.
//!
//! A figure that turns out to be needed later — the other printing of a figure that two
//! filings of one issuer print differently, found only once every document has been read —
//! is found by reading the file again ([`super::Document::retain`]). The text read must be
//! the text audited, or the report would point at the wrong characters: its length and hash
//! are compared, and a file that changed is an error. The hash ([`text_hash`]) takes the text
//! eight bytes at a time: parking hashes every file of a corpus, and a byte-at-a-time hash
//! cost a few per cent of an audit.

use std::collections::HashMap;
use std::ops::Range;

use super::{Document, LoadOptions, Position};

/// How many lines of context a snippet shows above and below a figure (the human report's
/// setting): the lines kept around every retained figure.
pub const CONTEXT_LINES: usize = 1;

/// What a parked document keeps of its text.
#[derive(Debug, Clone)]
pub(super) struct Parked {
    /// Where each end of a retained span is, by offset in the analysis text.
    places: HashMap<usize, Place>,
    /// The characters of each retained span: in the analysis text and as printed.
    spans: HashMap<(usize, usize), (String, String)>,
    /// The printed lines around the retained spans, in document order, never touching: two
    /// groups of lines that would touch are one block.
    blocks: Vec<Block>,
    /// The analysis text's length and hash, to recognise the same text read again.
    pub(super) length: usize,
    hash: u64,
    /// How the file was read, to read it again the same way.
    pub(super) options: LoadOptions,
    /// Whether the places were read from exported facts rather than from the text: the file
    /// may then be elsewhere, or gone, and snippets are shown only when it is found unchanged.
    pub(super) imported: bool,
}

/// A document's places as exported with its facts (`tieout facts --format jsonl`): what a
/// report needs to show any of its figures without its text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExportedPlaces {
    /// The length in bytes of the analysis text.
    pub length: usize,
    /// The hash of the analysis text ([`text_hash`]), in hex: to recognise the file if it is
    /// read again.
    pub hash: String,
    /// `[offset, line, column, stored, printed]` for each end of each span: an offset in the
    /// analysis text, its 1-based line and character column, and its byte offsets in the file
    /// as stored and in the printed text.
    pub places: Vec<[usize; 5]>,
    /// `[start, end, analysis text, printed text]` of each span.
    pub spans: Vec<(usize, usize, String, String)>,
}

/// Where an offset of the analysis text is, found while the text was at hand.
#[derive(Debug, Clone, Copy)]
struct Place {
    position: Position,
    /// Byte offset in the file as stored.
    stored: usize,
    /// Byte offset in the printed text (full-width characters kept).
    printed: usize,
}

/// Consecutive printed lines of a parked document.
#[derive(Debug, Clone)]
pub struct Block {
    /// 0-based number of the first line.
    pub first_line: usize,
    /// Offset in the printed text of the first line's start.
    pub printed_start: usize,
    /// The lines, each with its line ending.
    pub text: String,
}

impl Parked {
    /// What `doc`, whose text is still at hand, must keep to show `spans` later.
    pub(super) fn of(doc: &Document, spans: &[Range<usize>], options: LoadOptions) -> Self {
        let len = doc.text.len();
        let mut places = HashMap::new();
        let mut texts = HashMap::new();
        let mut lines: Vec<Range<usize>> = Vec::new();
        for span in spans {
            let span = span.start.min(len)..span.end.min(len);
            for offset in [span.start, span.end] {
                places.entry(offset).or_insert_with(|| Place {
                    position: doc.position(offset),
                    stored: doc.stored_span(offset..offset).start,
                    printed: doc.printed_offset(offset),
                });
            }
            texts.entry((span.start, span.end)).or_insert_with(|| {
                (
                    doc.text.get(span.clone()).unwrap_or("").to_string(),
                    doc.printed(span.clone()).to_string(),
                )
            });
            let first = doc.lines.line_of(span.start).saturating_sub(CONTEXT_LINES);
            let last = (doc.lines.line_of(span.end) + CONTEXT_LINES)
                .min(doc.lines.len().saturating_sub(1));
            lines.push(first..last + 1);
        }
        Self {
            places,
            spans: texts,
            blocks: blocks(doc, lines),
            length: len,
            hash: text_hash(doc.text.as_bytes()),
            options,
            imported: false,
        }
    }

    /// The places and texts, for export (in offset order, so that an export is the same at
    /// every run).
    pub(super) fn export(&self) -> ExportedPlaces {
        let mut places: Vec<[usize; 5]> = self
            .places
            .iter()
            .map(|(&offset, p)| {
                [
                    offset,
                    p.position.line,
                    p.position.column,
                    p.stored,
                    p.printed,
                ]
            })
            .collect();
        places.sort_unstable();
        let mut spans: Vec<(usize, usize, String, String)> = self
            .spans
            .iter()
            .map(|(&(start, end), (analysis, printed))| {
                (start, end, analysis.clone(), printed.clone())
            })
            .collect();
        spans.sort_unstable();
        ExportedPlaces {
            length: self.length,
            hash: format!("{:016x}", self.hash),
            places,
            spans,
        }
    }

    /// Places read back from an export.
    pub(super) fn import(exported: ExportedPlaces, options: LoadOptions) -> Result<Self, String> {
        let hash = u64::from_str_radix(&exported.hash, 16)
            .map_err(|_| format!("`{}` is not a hash of 16 hex digits", exported.hash))?;
        let places = exported
            .places
            .into_iter()
            .map(|[offset, line, column, stored, printed]| {
                (
                    offset,
                    Place {
                        position: Position { line, column },
                        stored,
                        printed,
                    },
                )
            })
            .collect();
        let spans = exported
            .spans
            .into_iter()
            .map(|(start, end, analysis, printed)| ((start, end), (analysis, printed)))
            .collect();
        Ok(Self {
            places,
            spans,
            blocks: Vec::new(),
            length: exported.length,
            hash,
            options,
            imported: true,
        })
    }

    /// The 0-based line of an offset retained.
    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.place(offset)
            .map_or(0, |p| p.position.line.saturating_sub(1))
    }

    /// Whether every span of `spans` was retained.
    pub(super) fn holds(&self, span: &Range<usize>) -> bool {
        self.spans.contains_key(&(span.start, span.end))
    }

    /// Every span retained.
    pub(super) fn retained(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.spans.keys().map(|&(start, end)| start..end)
    }

    /// Whether `doc` has the very text this document had when it was parked.
    pub(super) fn is_same_text(&self, doc: &Document) -> bool {
        doc.text.len() == self.length && text_hash(doc.text.as_bytes()) == self.hash
    }

    fn place(&self, offset: usize) -> Option<&Place> {
        self.places.get(&offset)
    }

    pub(super) fn position(&self, offset: usize) -> Position {
        self.place(offset)
            .map_or(Position { line: 1, column: 1 }, |p| p.position)
    }

    pub(super) fn stored(&self, offset: usize) -> usize {
        self.place(offset).map_or(0, |p| p.stored)
    }

    pub(super) fn printed_offset(&self, offset: usize) -> usize {
        self.place(offset).map_or(0, |p| p.printed)
    }

    pub(super) fn analysis(&self, span: &Range<usize>) -> &str {
        self.spans
            .get(&(span.start, span.end))
            .map_or("", |(analysis, _)| analysis)
    }

    pub(super) fn printed(&self, span: &Range<usize>) -> &str {
        self.spans
            .get(&(span.start, span.end))
            .map_or("", |(_, printed)| printed)
    }

    pub(super) fn blocks(&self) -> &[Block] {
        &self.blocks
    }
}

/// A fixed 64-bit hash of a text (the same on every platform and release, as an export
/// records it): FNV-1a over its little-endian eight-byte words, then its last bytes.
pub fn text_hash(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut words = bytes.chunks_exact(8);
    let mut hash = OFFSET;
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        hash = (hash ^ word).wrapping_mul(PRIME);
    }
    for &b in words.remainder() {
        hash = (hash ^ u64::from(b)).wrapping_mul(PRIME);
    }
    hash
}

/// The printed lines of `ranges` (0-based, end exclusive), ranges that overlap or touch
/// merged into one block.
fn blocks(doc: &Document, mut ranges: Vec<Range<usize>>) -> Vec<Block> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    let printed = doc.printed_text();
    merged
        .into_iter()
        .map(|lines| {
            let start = doc.printed_offset(doc.lines.start(lines.start));
            let end = if lines.end >= doc.lines.len() {
                printed.len()
            } else {
                doc.printed_offset(doc.lines.start(lines.end))
            };
            Block {
                first_line: lines.start,
                printed_start: start,
                text: printed.get(start..end).unwrap_or("").to_string(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use encoding_rs::GBK;

    use super::super::{decode::decode, Document, LoadOptions};

    const TEXT: &str = "营业收入情况\n项目\t2024年\n营业收入\t１２，３４５．６７\n营业成本\t8,765.43\n合计\t21,111.10\n\n毛利率为29.0%。\n";

    /// Every way a report reads a place, for comparing a parked document with the whole one.
    fn places(doc: &Document, span: std::ops::Range<usize>) -> (String, String, String) {
        (
            format!(
                "{:?} {:?} {:?} {:?}",
                doc.position(span.start),
                doc.position(span.end),
                doc.stored_span(span.clone()),
                doc.printed_span(span.clone())
            ),
            doc.printed(span.clone()).to_string(),
            doc.analysis(span).to_string(),
        )
    }

    fn span_of(doc: &Document, figure: &str) -> std::ops::Range<usize> {
        let at = doc.text.find(figure).expect("figure in the text");
        at..at + figure.len()
    }

    #[test]
    fn a_parked_document_shows_its_kept_figures_as_the_whole_one_does() {
        let whole = Document::new(0, PathBuf::from("a.txt"), format!("\u{feff}{TEXT}"));
        let mut parked = Document::new(0, PathBuf::from("a.txt"), format!("\u{feff}{TEXT}"));
        // The full-width figure is folded in the analysis text.
        let folded = span_of(&whole, "12,345.67");
        let total = span_of(&whole, "21,111.10");
        let rate = span_of(&whole, "29.0%");
        parked.park(
            &[folded.clone(), total.clone(), rate.clone()],
            LoadOptions::default(),
        );
        assert!(parked.is_parked());
        assert!(parked.text.is_empty());
        for span in [folded.clone(), total, rate] {
            assert_eq!(places(&parked, span.clone()), places(&whole, span));
        }
        assert_eq!(parked.printed(folded.clone()), "１２，３４５．６７");
        assert_eq!(parked.analysis(folded.clone()), "12,345.67");
        assert_eq!(parked.position(folded.start).line, 3);
        assert_eq!(
            parked.stored_span(folded.clone()).start,
            3 + whole.printed_offset(folded.start)
        );
    }

    #[test]
    fn kept_lines_are_the_figures_lines_with_one_either_side_and_touching_groups_merge() {
        let mut doc = Document::new(0, PathBuf::from("a.txt"), TEXT.to_string());
        let cost = span_of(&doc, "8,765.43");
        let rate = span_of(&doc, "29.0%");
        doc.park(&[cost, rate], LoadOptions::default());
        let blocks = doc.excerpt().expect("parked");
        // Lines 3–5 around 营业成本 (line 4), and 6–7 around the rate on line 7 (the last),
        // which touch: one block from line 3 to the end.
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].first_line, 2);
        assert!(blocks[0].text.starts_with("营业收入\t１２，３４５．６７\n"));
        assert!(blocks[0].text.ends_with("毛利率为29.0%。\n"));
        assert_eq!(
            blocks[0].printed_start,
            TEXT.find("营业收入\t").expect("line 3")
        );
    }

    #[test]
    fn a_stored_offset_in_gbk_is_mapped_before_the_text_goes() {
        let (bytes, _, _) = GBK.encode(TEXT);
        let whole = Document::from_decoded(
            0,
            PathBuf::from("a.txt"),
            decode(bytes.to_vec(), Some(GBK)).expect("GBK"),
        );
        let mut parked = Document::from_decoded(
            0,
            PathBuf::from("a.txt"),
            decode(bytes.to_vec(), Some(GBK)).expect("GBK"),
        );
        let total = span_of(&whole, "21,111.10");
        parked.park(std::slice::from_ref(&total), LoadOptions::default());
        assert_eq!(
            places(&parked, total.clone()),
            places(&whole, total.clone())
        );
        // 合计 is four bytes in GBK, then a tab: the figure starts at byte 5 of its line.
        let line_start = bytes
            .windows(4)
            .position(|w| w == &GBK.encode("合计").0[..])
            .expect("合计 in the bytes");
        assert_eq!(parked.stored_span(total).start, line_start + 5);
    }

    #[test]
    fn a_span_not_kept_is_read_again_from_the_file_and_a_changed_file_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, TEXT).expect("write");
        let options = LoadOptions::default();
        let whole = super::super::read_document(0, path.clone(), options).expect("read");
        let mut doc = super::super::read_document(0, path.clone(), options).expect("read");
        let total = span_of(&doc, "21,111.10");
        let cost = span_of(&doc, "8,765.43");
        doc.park(std::slice::from_ref(&total), options);
        assert_eq!(doc.printed(cost.clone()), "", "not kept");
        doc.retain(std::slice::from_ref(&cost))
            .expect("the file is unchanged");
        assert_eq!(places(&doc, cost.clone()), places(&whole, cost));
        assert_eq!(
            places(&doc, total.clone()),
            places(&whole, total),
            "still kept"
        );

        std::fs::write(&path, TEXT.replace("8,765.43", "8,765.44")).expect("write");
        let rate = span_of(&whole, "29.0%");
        let err = doc.retain(&[rate]).expect_err("changed");
        assert!(
            err.to_string().contains("changed while it was audited"),
            "{err}"
        );
    }
}
