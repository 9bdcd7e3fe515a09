//! Paragraphs: hard-wrapped lines joined back into one piece of prose.
//!
//! Filings 000 / 001 / 003 print one paragraph per line. Filing 004 is `pdftotext -layout`
//! output: every line is followed by a blank line and sentences wrap mid-word, even between
//! a figure and its unit (`1,458.52 万` / `元`). A line continues onto the next content line
//! when the document is wrapped (most of its prose lines are about one width), the line is
//! about that wide, and it does not end a sentence. Blank lines and page furniture between
//! the two are skipped, so a paragraph also runs on over a page break.
//!
//! [`Joined`] is the paragraph's text as one string (markup and white space removed, so that
//! `研发投入占营` + `业收入` reads `研发投入占营业收入`), with a map from each of its bytes
//! back to the document, so that a figure found in it is reported at its exact span.

use std::ops::Range;

use super::furniture::Furniture;
use super::markup::clean;
use super::{Block, Lines, Paragraph};

/// The width at which a document's prose is hard-wrapped, if it is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Wrap {
    /// Lines at least this wide (in display columns) are full: the text ran on past them.
    full: Option<usize>,
}

/// Display width: CJK and full-width characters take two columns.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let u = c as u32;
            if (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFE30..=0xFE4F).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
                || (0xFFE0..=0xFFE6).contains(&u)
                || (0x20000..=0x3FFFD).contains(&u)
            {
                2
            } else {
                1
            }
        })
        .sum()
}

/// A line ends its sentence (or is a heading that asks nothing of the next line).
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['。', '！', '？', '；', ';', '!', '?', '：', ':'])
}

impl Wrap {
    /// Finds the wrap width: the 8-column band, at 40 columns or more, that holds the most
    /// prose lines. The document is wrapped when that band holds a fifth of its lines or more;
    /// a document with one paragraph per line spreads its widths far wider.
    pub fn detect(lines: &Lines<'_>, furniture: &Furniture) -> Self {
        let mut counts: Vec<usize> = Vec::new();
        let mut total = 0;
        for i in 0..lines.len() {
            let text = lines.text(i);
            if text.trim().is_empty() || text.contains('\t') || furniture.is_furniture(i) {
                continue;
            }
            total += 1;
            let w = width(text.trim_end());
            if (40..400).contains(&w) {
                if counts.len() <= w {
                    counts.resize(w + 1, 0);
                }
                counts[w] += 1;
            }
        }
        let mut best = (0, 0);
        for start in 40..counts.len() {
            let n: usize = counts[start..counts.len().min(start + 8)].iter().sum();
            if n > best.1 {
                best = (start, n);
            }
        }
        let wrapped = total > 0 && best.1 * 5 >= total && best.1 >= 10;
        Self {
            // A line a little short of the band still ran on: the wrap falls before a word
            // that did not fit, and ASCII takes less room than CJK.
            full: wrapped.then(|| best.0.saturating_sub(8)),
        }
    }

    /// Whether the text of line `prev` runs on into the next content line. A line that stops
    /// on a comma runs on in any document: a page break can cut a sentence in a filing that
    /// otherwise prints a paragraph a line (`占当期营业收入的比例分别为41.27%、` / `51.61%和60.57%`).
    fn runs_on(&self, prev: &str) -> bool {
        if prev.trim_end().ends_with(['、', '，', ',']) {
            return true;
        }
        match self.full {
            Some(full) => !ends_sentence(prev) && width(prev.trim_end()) >= full,
            None => false,
        }
    }
}

/// A line laid out in columns (`pdftotext -layout` aligns cells with runs of spaces): no
/// prose, and it neither runs on nor is run onto.
pub fn is_tabular(text: &str) -> bool {
    let mut run = 0;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            run += 1;
            if run >= 3 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Adds content line `line` to the blocks: onto the paragraph just before it when that one
/// runs on, else as a new paragraph.
pub fn push_line(blocks: &mut Vec<Block>, lines: &Lines<'_>, wrap: &Wrap, line: usize) {
    let span = lines.span(line);
    if let Some(Block::Paragraph(p)) = blocks.last_mut() {
        let last = p.lines.end - 1;
        if wrap.runs_on(lines.text(last))
            && !is_tabular(lines.text(last))
            && !is_tabular(lines.text(line))
        {
            p.span.end = span.end;
            p.lines.end = line + 1;
            p.parts.push(span);
            return;
        }
    }
    blocks.push(Block::Paragraph(Paragraph {
        span: span.clone(),
        lines: line..line + 1,
        parts: vec![span],
    }));
}

/// The most bytes of text one paragraph holds. Reading a sentence's figures looks back over
/// the sentence for each figure, so a paragraph without end — a 200 MB line, a file of
/// numbers with no full stop — would take time in the square of its length. No prose a
/// filing prints comes near this; a longer paragraph is cut into pieces this long, at a
/// sentence end if there is one, else at a comma or a space.
pub const MAX_PARAGRAPH_BYTES: usize = 64 * 1024;

/// Cuts paragraphs longer than [`MAX_PARAGRAPH_BYTES`] into pieces (see there).
pub fn bound_paragraphs(blocks: Vec<Block>, lines: &Lines<'_>) -> Vec<Block> {
    if !blocks
        .iter()
        .any(|b| matches!(b, Block::Paragraph(p) if p.span.len() > MAX_PARAGRAPH_BYTES))
    {
        return blocks;
    }
    let source = lines.source();
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        let p = match block {
            Block::Paragraph(p) if p.span.len() > MAX_PARAGRAPH_BYTES => p,
            other => {
                out.push(other);
                continue;
            }
        };
        let mut chunk: Vec<Range<usize>> = Vec::new();
        let mut size = 0;
        let flush = |chunk: &mut Vec<Range<usize>>, out: &mut Vec<Block>| {
            if let (Some(first), Some(last)) = (chunk.first(), chunk.last()) {
                out.push(Block::Paragraph(Paragraph {
                    span: first.start..last.end,
                    lines: lines.line_at(first.start)..lines.line_at(last.end) + 1,
                    parts: std::mem::take(chunk),
                }));
            }
        };
        for part in p.parts {
            for piece in pieces(source, part) {
                if size + piece.len() > MAX_PARAGRAPH_BYTES {
                    flush(&mut chunk, &mut out);
                    size = 0;
                }
                size += piece.len();
                chunk.push(piece);
            }
        }
        flush(&mut chunk, &mut out);
    }
    out
}

/// A line span cut into pieces of at most [`MAX_PARAGRAPH_BYTES`], on character boundaries.
fn pieces(source: &str, part: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = part.start;
    while part.end - start > MAX_PARAGRAPH_BYTES {
        let mut limit = start + MAX_PARAGRAPH_BYTES;
        while !source.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &source[start..limit];
        let after = |i: usize| start + i + window[i..].chars().next().map_or(1, char::len_utf8);
        let cut = window
            .rfind(['。', '！', '？', '；', ';', '!', '?'])
            .or_else(|| window.rfind(['，', ',', '、', ' ', '\t']))
            .map_or(limit, after);
        let cut = if cut > start { cut } else { limit };
        out.push(start..cut);
        start = cut;
    }
    out.push(start..part.end);
    out
}

/// A paragraph's text joined into one string, with a map back to the document.
#[derive(Debug, Clone, Default)]
pub struct Joined {
    pub text: String,
    /// `origin[i]` is the document offset of byte `i` of `text`.
    origin: Vec<usize>,
}

impl Joined {
    /// Joins the parts (line spans) of a paragraph of `source`. Markup, note marks and white
    /// space go (see `markup::clean`): within Chinese prose a space is layout, never a word
    /// break, and no space is put between the lines.
    pub fn new(source: &str, parts: &[Range<usize>]) -> Self {
        let mut out = Self::default();
        for part in parts {
            let Some(raw) = source.get(part.clone()) else {
                continue;
            };
            // Plain prose (no markup, note marks or leaders) only loses its white space:
            // copy it directly, the full clean is many times slower.
            let plain = !raw.contains(|c: char| {
                matches!(
                    c,
                    '<' | '^' | '(' | '（' | '…' | '·' | '．' | '*' | '＊' | '※' | '⁰'..='⁾'
                ) || matches!(c, '¹' | '²' | '³')
            }) && !raw.contains("..")
                && !raw.trim_end().ends_with('.');
            if plain {
                // Copied a stretch between white space at a time: one copy of the bytes and
                // one run of offsets each, rather than a push for every byte.
                let mut from = None;
                for (i, ch) in raw.char_indices().chain(std::iter::once((raw.len(), ' '))) {
                    match (ch.is_whitespace(), from) {
                        (false, None) => from = Some(i),
                        (true, Some(start)) => {
                            out.text.push_str(&raw[start..i]);
                            out.origin.extend(part.start + start..part.start + i);
                            from = None;
                        }
                        _ => {}
                    }
                }
                continue;
            }
            let cleaned = clean(raw);
            for (i, ch) in cleaned.text.char_indices() {
                let at = part.start + cleaned.original_span(i..i + ch.len_utf8()).start;
                for k in 0..ch.len_utf8() {
                    out.origin.push(at + k);
                }
                out.text.push(ch);
            }
        }
        out
    }

    /// Maps a byte range of the joined text back to the document. A range that spans a line
    /// break maps to the whole stretch of the document between its ends.
    pub fn original_span(&self, range: Range<usize>) -> Range<usize> {
        if range.start >= self.origin.len() || range.is_empty() {
            let at = self.origin.get(range.start).copied().unwrap_or(0);
            return at..at;
        }
        let end = range.end.min(self.text.len());
        let last_len = self.text[..end]
            .chars()
            .next_back()
            .map_or(1, char::len_utf8);
        self.origin[range.start]..self.origin[end - last_len] + last_len
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::layout;
    use crate::source::Document;

    fn paragraphs(text: &str) -> Vec<(Paragraph, Joined)> {
        let doc = Document::new(0, "t.txt".into(), text.to_string());
        layout(&doc)
            .blocks
            .into_iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => {
                    let j = Joined::new(text, &p.parts);
                    Some((p, j))
                }
                Block::Table(_) => None,
            })
            .collect()
    }

    /// An invented pdftotext-style page: 20 wrapped lines, each followed by a blank line.
    fn wrapped_page(tail: &[&str]) -> String {
        let mut text = String::new();
        for _ in 0..20 {
            text.push_str("本段是为测试而写的长行，每一行都写满到同样的宽度，没有句号结尾\n\n");
        }
        // The last filler line ends its paragraph.
        text.push_str("本段完。\n\n");
        for line in tail {
            text.push_str(line);
            text.push_str("\n\n");
        }
        text
    }

    #[test]
    fn wrapped_lines_join_without_spaces_and_map_back() {
        let text = wrapped_page(&[
            "\u{2002}\u{2002}公司\u{2002}2030\u{2002}年度设计费用为\u{2002}1,234.56\u{2002}万元,占营业收入的比例达\u{2002}12.5%,较上年增加两成多,研发投入占营",
            "业收入的比例达\u{2002}45.08%,毛利额较上年度下降\u{2002}1,458.52\u{2002}万",
            "元。",
        ]);
        let paras = paragraphs(&text);
        let (p, joined) = paras.last().expect("a paragraph");
        assert_eq!(p.parts.len(), 3);
        assert!(joined.text.contains("研发投入占营业收入的比例达45.08%"));
        let at = joined.text.find("1,458.52万元").unwrap();
        let span = joined.original_span(at..at + "1,458.52万元".len());
        assert_eq!(&text[span.clone()], "1,458.52\u{2002}万\n\n元");
    }

    #[test]
    fn a_sentence_cut_at_a_comma_runs_on_over_a_blank_line() {
        let text = "现金流量净额分别为100.00万元、200.00万元和300.00万元,占当期营业收入的比例分别为10.00%、\n\n20.00%和30.00%,占比持续增加。\n\n下一段。\n";
        let got = paragraphs(text);
        assert_eq!(got.len(), 2);
        assert!(got[0]
            .1
            .text
            .ends_with("10.00%、20.00%和30.00%,占比持续增加。"));
    }

    #[test]
    fn one_paragraph_per_line_stays_so() {
        let text = "第一段有一个数字100万元\n\n第二段也有一个\n";
        let paras = paragraphs(text);
        assert_eq!(paras.len(), 2);
        assert_eq!(paras[0].1.text, "第一段有一个数字100万元");
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in ["", "\n\n", "\u{2002}", "a\r\nb", "<u>", "（注1"] {
            let _ = paragraphs(text);
        }
        let j = Joined::default();
        assert_eq!(j.original_span(3..9), 0..0);
    }
}
