//! Markup and page decoration inside cells and labels: `<u>…</u>`, `<small>…</small>`,
//! footnote marks (`⁽¹⁾`, `^(附註1)`, `(附注2)`), dot leaders (`研發.....`) and white space.
//!
//! [`Cleaned`] is a copy of a cell's text with all of that removed, plus a map from each of
//! its bytes back to the byte in the original, so that a figure found in the copy can be
//! reported at its exact span in the file.

use std::ops::Range;

/// A cleaned copy of a piece of text, with a map back to the original's byte offsets.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    pub text: String,
    /// `origin[i]` is the offset in the original text of byte `i` of `text`.
    origin: Vec<usize>,
}

impl Cleaned {
    /// Maps a byte range of the cleaned text back to the original text.
    pub fn original_span(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() {
            let at = self.origin.get(range.start).copied().unwrap_or(0);
            return at..at;
        }
        let start = self.origin[range.start];
        // The last byte of the cleaned range belongs to a char that starts at or before `last`;
        // extend to the end of that char in the original, which is the same char.
        let last_char_len = self.text[..range.end]
            .chars()
            .next_back()
            .map_or(1, char::len_utf8);
        let first_byte_of_last_char = range.end - last_char_len;
        start..self.origin[first_byte_of_last_char] + last_char_len
    }

    fn push(&mut self, ch: char, at: usize) {
        for i in 0..ch.len_utf8() {
            self.origin.push(at + i);
        }
        self.text.push(ch);
    }
}

/// Characters that are footnote marks when they stand in a run: superscript digits and
/// parentheses as in `⁽¹⁾`.
fn is_superscript(ch: char) -> bool {
    matches!(
        ch,
        '⁽' | '⁾' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' | '⁰' | '※'
    )
}

/// Removes markup, footnote marks, dot leaders and white space from `raw`.
///
/// White space is removed entirely: in Chinese labels a space is layout (`銳石創芯(重慶)科技股 份有限公司`
/// is one name wrapped in its cell), and numbers never contain one.
pub fn clean(raw: &str) -> Cleaned {
    // Most cells of a table are a plain figure (`1,234.56`, `-29.83%`): nothing in them is
    // markup, a mark or a leader, and the copy is the text itself.
    let bytes = raw.as_bytes();
    let plain_figure = !bytes.is_empty()
        && bytes
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.' | b'%' | b'-'))
        && !raw.contains("..")
        && !raw.ends_with('.');
    if plain_figure {
        return Cleaned {
            text: raw.to_string(),
            origin: (0..raw.len()).collect(),
        };
    }
    let mut out = Cleaned {
        text: String::with_capacity(raw.len()),
        origin: Vec::with_capacity(raw.len()),
    };
    let mut i = 0;
    while i < raw.len() {
        let rest = &raw[i..];
        // <small>…</small> holds footnote references: drop it with its content.
        if let Some(after) = strip_prefix_ci(rest, "<small>") {
            let end = after
                .find("</small>")
                .map_or(raw.len(), |e| i + 7 + e + "</small>".len());
            i = end;
            continue;
        }
        // Other tags (<u>, </u>, <b>, <sup>…) are dropped, their content kept.
        if bytes[i] == b'<' {
            if let Some(close) = rest.find('>') {
                let tag = &rest[1..close];
                if !tag.is_empty()
                    && close <= 12
                    && tag
                        .trim_start_matches('/')
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric())
                {
                    i += close + 1;
                    continue;
                }
            }
        }
        // ^(附註1) and ^(1): a footnote reference written as a superscript.
        if rest.starts_with("^(") || rest.starts_with("^（") {
            if let Some(close) = rest.find([')', '）']) {
                let close_len = rest[close..].chars().next().map_or(1, char::len_utf8);
                i += close + close_len;
                continue;
            }
        }
        // (附註1) / (附注2) / （注1）: a note reference in parentheses.
        if let Some(len) = note_reference_len(rest) {
            i += len;
            continue;
        }
        let ch = rest.chars().next().unwrap_or(' ');
        let len = ch.len_utf8();
        // An asterisk is a note mark only at the end (`收入*`); inside a code (`60*****02`) it
        // is part of the text.
        let trailing_asterisks =
            matches!(ch, '*' | '＊') && rest.trim_end().chars().all(|c| matches!(c, '*' | '＊'));
        if ch.is_whitespace() || is_superscript(ch) || trailing_asterisks {
            i += len;
            continue;
        }
        // Dot leaders: two or more dots (ASCII or the ideographic ones) that are not a decimal
        // point between digits.
        if matches!(ch, '.' | '…' | '·' | '．') {
            let run = rest
                .chars()
                .take_while(|c| matches!(c, '.' | '…' | '·' | '．'))
                .count();
            if run >= 2 || ch == '…' {
                i += rest.chars().take(run).map(char::len_utf8).sum::<usize>();
                continue;
            }
            // A single dot at the end (`2025年江蘇省先進級智能工廠.`, `1.`) is a leader too: a
            // printed figure never ends in its decimal point.
            let next = rest[len..].chars().find(|c| !c.is_whitespace());
            if next.is_none() {
                i += len;
                continue;
            }
        }
        out.push(ch, i);
        i += len;
    }
    out
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Length of a note reference such as `(附註1)`, `（附注2）` or `(注3)` at the start of `text`.
fn note_reference_len(text: &str) -> Option<usize> {
    let open = text.chars().next()?;
    if open != '(' && open != '（' {
        return None;
    }
    let inner_start = open.len_utf8();
    let inner = &text[inner_start..];
    let word = ["附註", "附注", "註", "注"]
        .into_iter()
        .find(|w| inner.starts_with(w))?;
    let after_word = &inner[word.len()..];
    let digits = after_word
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 {
        return None;
    }
    let close = after_word[digits..].chars().next()?;
    if close != ')' && close != '）' {
        return None;
    }
    Some(inner_start + word.len() + digits + close.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_footnote_marks_and_tags_but_maps_back() {
        let raw = "QFN ⁽¹⁾";
        assert_eq!(clean(raw).text, "QFN");
        let raw = "<u>269,399</u>";
        let cleaned = clean(raw);
        assert_eq!(cleaned.text, "269,399");
        assert_eq!(&raw[cleaned.original_span(0..7)], "269,399");
    }

    #[test]
    fn removes_small_notes_superscript_notes_and_leaders() {
        assert_eq!(
            clean("供應商集團A <small>(附註1)</small>").text,
            "供應商集團A"
        );
        assert_eq!(clean("供應商集團B ^(附註2)").text, "供應商集團B");
        assert_eq!(clean("研發.....").text, "研發");
        assert_eq!(clean("總計.....").text, "總計");
        assert_eq!(
            clean("2025年江蘇省先進級智能工廠.").text,
            "2025年江蘇省先進級智能工廠"
        );
        assert_eq!(
            clean("銳石創芯(重慶)科技股 份有限公司").text,
            "銳石創芯(重慶)科技股份有限公司"
        );
        assert_eq!(clean("客戶B (附註2)").text, "客戶B");
        assert_eq!(clean("营业收入*").text, "营业收入");
        assert_eq!(clean("60*****02").text, "60*****02");
    }

    #[test]
    fn keeps_decimal_points() {
        assert_eq!(clean("33.3").text, "33.3");
        assert_eq!(clean("1.").text, "1");
    }
}
