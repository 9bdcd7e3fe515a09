//! Concepts: labels normalised for matching, and the synonyms that make two labels one
//! concept.
//!
//! A label printed as `營業收入 ⁽¹⁾`, `营业收入`, `营 业 收 入` or `１、营业收入：` is one
//! concept. Normalisation works on a copy (spans never move): markup and notes removed (see
//! `layout::markup`), full-width forms folded, Traditional converted to Simplified with OpenCC,
//! then the character folds of the concept table applied, then list numbering, dash depth
//! marks and a trailing colon removed.

use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;

use crate::layout::markup::clean;

pub fn to_simplified(text: &str) -> String {
    static CONVERTER: OnceLock<Option<OpenCC>> = OnceLock::new();
    // The dictionaries are compiled into the binary; loading them cannot fail short of a bug
    // in the crate, and then matching falls back to the label as printed.
    let converter = CONVERTER.get_or_init(|| OpenCC::from_config(BuiltinConfig::Hk2s).ok());
    match converter {
        Some(cc) if text.chars().any(|c| !c.is_ascii() && changes_alone(cc, c)) => cc.convert(text),
        _ => text.to_string(),
    }
}

/// Whether OpenCC converts `c` on its own, remembered per character. A conversion walks the
/// dictionaries at every character and costs thousands of instructions a label; a label none
/// of whose characters converts alone (every Simplified label, most labels of all) is left as
/// it is without one. Context-dependent phrases (`乾隆` keeps 乾) still go through the whole
/// conversion, since their characters convert alone elsewhere.
fn changes_alone(cc: &OpenCC, c: char) -> bool {
    static SEEN: OnceLock<RwLock<HashMap<char, bool>>> = OnceLock::new();
    let seen = SEEN.get_or_init(|| RwLock::new(HashMap::new()));
    if let Some(&known) = seen.read().ok().as_ref().and_then(|m| m.get(&c)) {
        return known;
    }
    let mut buf = [0u8; 4];
    let alone: &str = c.encode_utf8(&mut buf);
    let changes = cc.convert(alone) != alone;
    if let Ok(mut m) = seen.write() {
        m.insert(c, changes);
    }
    changes
}

/// Folds full-width ASCII forms (`Ａ１（：`) to their ASCII letters.
fn fold_full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Leading list numbering: `1、`, `（一）`, `(2)`, `①`, `一、`.
fn strip_numbering(text: &str) -> &str {
    let mut rest = text;
    loop {
        let before = rest;
        rest = rest.trim_start_matches(|c: char| ('①'..='⑳').contains(&c));
        if let Some(r) = rest.strip_prefix('(') {
            if let Some(close) = r.find(')') {
                let inner = &r[..close];
                if !inner.is_empty()
                    && inner.chars().count() <= 3
                    && inner
                        .chars()
                        .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
                {
                    rest = &r[close + 1..];
                }
            }
        }
        let digits = rest
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
            .last()
            .map(|(i, c)| i + c.len_utf8());
        if let Some(end) = digits {
            if let Some(r) = rest[end..].strip_prefix('、') {
                rest = r;
            } else if let Some(r) = rest[end..].strip_prefix('.') {
                // `1.营业收入` is numbering; `2.5D` is a name.
                if !r.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                    rest = r;
                }
            }
        }
        if rest == before {
            return rest;
        }
    }
}

/// The concept table: character folds and names of one concept.
#[derive(Debug, Clone, Default)]
pub struct Concepts {
    folds: HashMap<char, char>,
    /// Normalised name → canonical concept.
    names: HashMap<String, String>,
}

impl Concepts {
    /// A table from folds and (canonical, names) pairs, as read from `rules/concepts.yaml`.
    pub fn new(
        folds: impl IntoIterator<Item = (char, char)>,
        concepts: impl IntoIterator<Item = (String, Vec<String>)>,
    ) -> Self {
        let mut table = Self {
            folds: folds.into_iter().collect(),
            names: HashMap::new(),
        };
        for (canonical, names) in concepts {
            let key = table.normalize(&canonical);
            table.names.insert(key.clone(), key.clone());
            for name in names {
                let normalized = table.normalize(&name);
                table.names.insert(normalized, key.clone());
            }
        }
        table
    }

    /// The label as matched: see the module documentation. A row label joined from several
    /// label cells (`1 / 供應商集團A / 電力`) is normalised cell by cell, and a cell that is
    /// only a row number is left out.
    pub fn normalize(&self, label: &str) -> String {
        if label.contains(" / ") {
            return label
                .split(" / ")
                .map(|part| self.normalize_one(part))
                .filter(|part| {
                    !part.is_empty() && !part.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                })
                .collect::<Vec<_>>()
                .join("/");
        }
        self.normalize_one(label)
    }

    fn normalize_one(&self, label: &str) -> String {
        let cleaned = clean(label).text;
        let folded = fold_full_width(&cleaned);
        let simplified = to_simplified(&folded);
        let mut out: String = simplified
            .chars()
            .map(|c| self.folds.get(&c).copied().unwrap_or(c))
            .filter(|c| !c.is_whitespace())
            .collect();
        out = strip_numbering(&out).to_string();
        let trimmed = out
            .trim_start_matches(['-', '－', '—', '–'])
            .trim_end_matches([':', '：'])
            .to_ascii_lowercase();
        trimmed
    }

    /// The concept a label names: its canonical name when the table lists it, else the
    /// normalised label itself.
    pub fn key(&self, label: &str) -> String {
        let normalized = self.normalize(label);
        self.names.get(&normalized).cloned().unwrap_or(normalized)
    }

    /// The key of each fact's concept, in order. A row label stands under every column of its
    /// row: each distinct label is normalised once (the Traditional → Simplified conversion
    /// is the costly part).
    pub fn keys_of(&self, facts: &[crate::facts::Fact]) -> Vec<String> {
        let mut known: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
        facts
            .iter()
            .map(|f| {
                known
                    .entry(f.concept.as_str())
                    .or_insert_with(|| self.key(&f.concept))
                    .clone()
            })
            .collect()
    }

    /// Whether the table lists this label under some concept.
    pub fn is_known(&self, label: &str) -> bool {
        self.names.contains_key(&self.normalize(label))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Concepts {
        Concepts::new(
            [('帐', '账')],
            [
                (
                    "营业收入".to_string(),
                    vec!["收入".to_string(), "营业总收入".to_string()],
                ),
                ("应收账款".to_string(), vec![]),
            ],
        )
    }

    #[test]
    fn traditional_and_simplified_labels_are_one_concept() {
        let t = table();
        assert_eq!(t.key("營業收入"), "营业收入");
        assert_eq!(t.key("营业收入"), "营业收入");
        assert_eq!(t.key("應收帳款"), "应收账款");
        assert_eq!(t.key("收入 ⁽¹⁾"), "营业收入");
    }

    #[test]
    fn numbering_spaces_colons_and_full_width_are_ignored() {
        let t = table();
        assert_eq!(t.key("1、营业收入："), "营业收入");
        assert_eq!(t.key("（一）营 业 收 入"), "营业收入");
        assert_eq!(t.key("-MEMS"), "mems");
        assert_eq!(t.normalize("ＱＦＮ"), "qfn");
        assert_eq!(t.normalize("2.5D/3D"), "2.5d/3d");
        assert_eq!(t.normalize("1 / 供應商集團A / 電力"), "供应商集团a/电力");
    }

    #[test]
    fn different_figures_stay_different() {
        let t = table();
        assert_ne!(t.key("主营业务收入"), t.key("营业收入"));
        assert!(!t.is_known("主营业务收入"));
    }
}
