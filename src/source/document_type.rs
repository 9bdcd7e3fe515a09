//! What kind of filing a document is — a prospectus, a reply to an inquiry letter, an
//! intermediary's opinion, an annual report — for rules that compare one kind with another
//! (`document_type:` in a binding of a `scope: corpus` rule).
//!
//! Read from the document's title: the first line of its head that names a kind of document,
//! with the line after it when the title wraps. A Chinese title ends in its head noun, so the
//! kind word printed last wins: `关于…年度报告的信息披露监管问询函回复的核查意见` is an opinion
//! about a reply about an annual report. What brackets hold is left out: `(修订稿)` qualifies a
//! title and `《关于…问询函》` names another document. Without such a title, the file name
//! may say it (`2-inquiry-reply.txt`).

use std::fmt;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How many non-empty lines at the head of a document are searched for its title.
const TITLE_LINES: usize = 30;
/// The most characters a line may have to be read as the second line of a wrapped title.
const TITLE_WIDTH: usize = 40;

/// The kind of a filing.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// 招股说明书 / 招股書 / 招股意向书.
    Prospectus,
    /// A reply to the exchange's inquiry letter (问询函的回复).
    InquiryReply,
    /// An intermediary's opinion or statement: 核查意见, 专项说明, 法律意见书, 鉴证报告,
    /// 审计报告.
    Opinion,
    /// 年度报告 / 年報.
    AnnualReport,
    /// None of these.
    #[default]
    Other,
}

impl DocumentType {
    pub fn name(self) -> &'static str {
        match self {
            DocumentType::Prospectus => "prospectus",
            DocumentType::InquiryReply => "inquiry_reply",
            DocumentType::Opinion => "opinion",
            DocumentType::AnnualReport => "annual_report",
            DocumentType::Other => "other",
        }
    }
}

impl fmt::Display for DocumentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// The words that name each kind, in Simplified and Traditional characters, and the English
/// words a file name may use.
const KIND_WORDS: &[(DocumentType, &[&str])] = &[
    (
        DocumentType::Opinion,
        &[
            "核查意见",
            "核查意見",
            "专项说明",
            "專項說明",
            "法律意见书",
            "法律意見書",
            "鉴证报告",
            "鑒證報告",
            "审计报告",
            "審計報告",
            "opinion",
        ],
    ),
    (
        DocumentType::InquiryReply,
        &[
            "问询函的回复",
            "问询函回复",
            "问询函之回复",
            "问询回复",
            "問詢函的回覆",
            "問詢函回覆",
            "問詢回覆",
            "問詢函的回復",
            "問詢函回復",
            "reply",
            "inquiry",
        ],
    ),
    (
        DocumentType::Prospectus,
        &[
            "招股说明书",
            "招股說明書",
            "招股书",
            "招股書",
            "招股意向书",
            "招股意向書",
            "prospectus",
        ],
    ),
    (
        DocumentType::AnnualReport,
        &["年度报告", "年度報告", "年报", "年報", "annual"],
    ),
];

/// The kind a document's head (or else its file name) names.
pub fn document_type_of(text: &str, path: &Path) -> DocumentType {
    let lines: Vec<String> = text
        .lines()
        .map(without_brackets)
        .filter(|l| !l.is_empty())
        .take(TITLE_LINES)
        .collect();
    for (i, line) in lines.iter().enumerate() {
        if kind_in(line).is_none() {
            continue;
        }
        let mut title = line.clone();
        if let Some(next) = lines
            .get(i + 1)
            .filter(|l| l.chars().count() <= TITLE_WIDTH)
        {
            title.push_str(next);
        }
        if let Some(kind) = kind_in(&title) {
            return kind;
        }
    }
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    kind_in(&file).unwrap_or_default()
}

/// A line without white space and without what its brackets hold.
fn without_brackets(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut closing: Option<char> = None;
    for c in line.chars() {
        match closing {
            Some(close) if c == close => closing = None,
            Some(_) => {}
            None => match c {
                '(' => closing = Some(')'),
                '（' => closing = Some('）'),
                '《' => closing = Some('》'),
                c if c.is_whitespace() => {}
                c => out.push(c),
            },
        }
    }
    out
}

/// The kind whose word ends last in `title`.
fn kind_in(title: &str) -> Option<DocumentType> {
    KIND_WORDS
        .iter()
        .filter_map(|(kind, words)| {
            words
                .iter()
                .filter_map(|w| title.rfind(w).map(|at| at + w.len()))
                .max()
                .map(|end| (end, *kind))
        })
        .max_by_key(|(end, _)| *end)
        .map(|(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str, file: &str) -> DocumentType {
        document_type_of(text, Path::new(file))
    }

    #[test]
    fn the_kind_word_printed_last_in_the_title_wins() {
        assert_eq!(
            kind(
                "华泰联合证券有限责任公司\n关于苏州某某股份有限公司2024年年度报告的信息披露监管问询函回复的核查意见\n",
                "a.txt"
            ),
            DocumentType::Opinion
        );
        assert_eq!(
            kind(
                "关于某某股份有限公司\n首次公开发行股票并在科创板上市申请文件\n的审核问询函回复\n",
                "a.txt"
            ),
            DocumentType::InquiryReply
        );
        assert_eq!(
            kind("某某股份有限公司\n首次公開發行股票招股說明書\n", "a.txt"),
            DocumentType::Prospectus
        );
    }

    #[test]
    fn a_title_wrapped_over_two_lines_is_read_whole() {
        // `…年度报告` ends the first line; the second makes it a reply about one.
        assert_eq!(
            kind(
                "关于某某股份有限公司2024年年度报告\n的问询函回复\n",
                "a.txt"
            ),
            DocumentType::InquiryReply
        );
    }

    #[test]
    fn brackets_name_other_documents_and_the_file_name_is_the_fallback() {
        assert_eq!(
            kind(
                "根据《关于某某公司招股说明书的审核问询函》的要求\n",
                "a.txt"
            ),
            DocumentType::Other
        );
        assert_eq!(
            kind("营业收入\t1,234\n", "3-Annual-Report.txt"),
            DocumentType::AnnualReport
        );
        assert_eq!(kind("营业收入\t1,234\n", "notes.txt"), DocumentType::Other);
    }
}
