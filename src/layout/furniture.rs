//! Page furniture: page numbers (`8-1-12`, `- 12 -`, `第 3 页`) and running heads (`業 務`)
//! that a PDF extraction leaves between the lines of the text, even inside tables.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use super::Lines;

/// The lines of one document that are page furniture.
pub struct Furniture {
    lines: Vec<bool>,
}

fn page_number() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^\s*(?:\d+(?:-\d+){1,3}|-\s*\d+\s*-|第\s*\d+\s*[页頁]|\d+\s*/\s*\d+|\d{1,4})\s*$",
        )
        .expect("valid regex")
    })
}

impl Furniture {
    /// A line is furniture when it is a page number, or a short line (a running head) printed
    /// unchanged three times or more.
    pub fn detect(lines: &Lines<'_>) -> Self {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for i in 0..lines.len() {
            let t = lines.text(i).trim();
            if is_running_head_candidate(t) {
                *counts.entry(t).or_default() += 1;
            }
        }
        let flags = (0..lines.len())
            .map(|i| {
                let t = lines.text(i).trim();
                !t.is_empty()
                    && !t.contains('\t')
                    && (page_number().is_match(t) || counts.get(t).is_some_and(|&n| n >= 3))
            })
            .collect();
        Self { lines: flags }
    }

    pub fn is_furniture(&self, line: usize) -> bool {
        self.lines.get(line).copied().unwrap_or(false)
    }
}

/// A running head is short and is no caption or sentence: captions such as `单位：万元` repeat
/// too, but they carry meaning. Nor is it a table's heading, which repeats with its table:
/// a heading names periods (`2025年`) or repeats its column words over groups of columns
/// (`金额占比金额占比金额占比`).
fn is_running_head_candidate(line: &str) -> bool {
    !line.is_empty()
        && line.chars().count() <= 12
        && !line.contains(['\t', '：', ':', '，', ',', '。', '单', '單'])
        && !line.bytes().any(|b| b.is_ascii_digit())
        && !is_repeated_word(line)
}

/// Whether a line is one word printed two or more times over (`人数比例人数比例`).
fn is_repeated_word(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    (1..=chars.len() / 2)
        .any(|len| chars.len() % len == 0 && chars.chunks(len).all(|chunk| chunk == &chars[..len]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_head_is_no_table_heading() {
        assert!(is_running_head_candidate("業 務"));
        assert!(!is_running_head_candidate("金额占比金额占比金额占比"));
        assert!(!is_running_head_candidate("2025年"));
        assert!(!is_running_head_candidate("单位：万元"));
    }
}
