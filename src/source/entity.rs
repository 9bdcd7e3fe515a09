//! The entity a document is about: the issuer whose figures it prints. Filings of one issuer
//! (a prospectus, the replies to each inquiry round, the annual report) share it, and a
//! shard (`tieout audit --shard K/N`) keeps them together. A group in `tieout.yaml` wins
//! over what the text says.
//!
//! Read from the head of the text, in this order:
//! 1. `发行人：基准公司000123股份有限公司` — the issuer named as such;
//! 2. `关于苏州锴威特半导体股份有限公司…的回复` — the company a reply or opinion is about
//!    (the sponsor or accountant that signs it is named before `关于`);
//! 3. a line that is a company's name alone (the cover of a reply);
//! 4. the short name a document defines for itself (`(以下简称“公司”、“发行人”或“胜科纳米”)`),
//!    other than the generic ones;
//! 5. the stock code on the cover (`股票代码：688XXX`).
//!
//! Names are compared in Simplified characters, without white space, so a Hong Kong filing
//! and an A-share filing of one issuer meet.

use std::sync::OnceLock;

use regex::Regex;

use crate::extract::concept::to_simplified;

/// How far into a document its issuer is looked for.
const HEAD_BYTES: usize = 32 * 1024;
/// The cover, where a stock code names the issuer.
const COVER_BYTES: usize = 2 * 1024;

fn patterns() -> &'static [Regex; 5] {
    static RE: OnceLock<[Regex; 5]> = OnceLock::new();
    RE.get_or_init(|| {
        // The name's length (2 to 40 characters before the suffix) is checked on the match:
        // a counted repetition of a class as large as the Han script makes a regex that takes
        // milliseconds to compile.
        let name = r"[\p{Han}A-Za-z0-9（）()]+?(?:股份有限公司|有限责任公司|有限責任公司|有限公司)";
        [
            Regex::new(&format!(r"(?:发行人|發行人)[：:]\s*({name})")),
            Regex::new(&format!(r"(?:关于|關於)({name})")),
            Regex::new(&format!(r"(?m)^\s*({name})\s*$")),
            Regex::new(r"以下(?:简称|簡稱)([^)）\n]+)[)）]"),
            Regex::new(r"(?:股票|证券|證券)代[码碼][：:\s]*(\d{6})|股份代[号號][：:\s]*(\d{4,5})"),
        ]
        .map(|r| r.expect("valid regex"))
    })
}

/// Short names that name no one in particular.
const GENERIC: &[&str] = &[
    "公司",
    "本公司",
    "发行人",
    "發行人",
    "集团",
    "集團",
    "本集团",
    "本集團",
    "我们",
    "我們",
    "股份公司",
    "有限公司",
    "贵所",
    "貴所",
    "保荐机构",
    "保薦機構",
    "本所",
];

/// The issuer a document's head names, normalised; `None` when it names none.
pub fn entity_in(text: &str) -> Option<String> {
    let mut end = text.len().min(HEAD_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let [issuer, about, cover, short, code] = patterns();
    for re in [issuer, about, cover] {
        let found = re
            .captures_iter(head)
            .filter_map(|c| c.get(1))
            .find(|m| is_name_length(m.as_str()));
        if let Some(m) = found {
            return Some(normalise(m.as_str()));
        }
    }
    // What a short name's brackets hold is at most 80 characters: longer is not a definition.
    for caps in short
        .captures_iter(head)
        .filter(|c| c[1].chars().count() <= 80)
    {
        let mut names = caps[1]
            .split(['、', '或', '及', '和', ',', '，'])
            .map(|n| n.trim_matches(|c: char| "“”\"「」『』‘’' ".contains(c)))
            .filter(|n| !n.is_empty() && !GENERIC.contains(n));
        // The last alias is the document's own name for the issuer (`“公司”或“胜科纳米”`).
        if let Some(name) = names.next_back() {
            if name.chars().count() <= 12 && !name.contains(['《', '》']) {
                return Some(normalise(name));
            }
        }
    }
    // A code further in is a code the text quotes (`江苏长电科技股份有限公司（股票代码：600584）`
    // in an industry report): only the cover's counts.
    let mut cover_end = head.len().min(COVER_BYTES);
    while !head.is_char_boundary(cover_end) {
        cover_end -= 1;
    }
    let caps = code.captures(&head[..cover_end])?;
    caps.get(1)
        .or_else(|| caps.get(2))
        .map(|m| format!("code:{}", m.as_str()))
}

/// Whether a company's name has 2 to 40 characters before its `股份有限公司`-like ending.
fn is_name_length(name: &str) -> bool {
    let stem = ["股份有限公司", "有限责任公司", "有限責任公司", "有限公司"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(name);
    (2..=40).contains(&stem.chars().count())
}

fn normalise(name: &str) -> String {
    let simplified = to_simplified(name);
    simplified
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issuer_named_as_such_wins() {
        let text = "发行人：基准公司000123股份有限公司\n关于某某有限公司的回复\n";
        assert_eq!(
            entity_in(text).as_deref(),
            Some("基准公司000123股份有限公司")
        );
    }

    #[test]
    fn a_reply_is_about_the_company_after_guanyu_not_its_signer() {
        let text =
            "华泰联合证券有限责任公司\n\n关于苏州锴威特半导体股份有限公司2024 年年度报告的回复\n";
        assert_eq!(
            entity_in(text).as_deref(),
            Some("苏州锴威特半导体股份有限公司")
        );
    }

    #[test]
    fn a_cover_line_names_the_company() {
        let text = "岭川检测技术股份有限公司\n\n关于期间费用变动的回复\n";
        assert_eq!(entity_in(text).as_deref(), Some("岭川检测技术股份有限公司"));
    }

    #[test]
    fn a_short_name_defined_for_the_issuer_is_its_name() {
        let text = "胜科纳米(苏州)股份有限公司的申请(以下简称“公司”、“发行人”或“胜科纳米”)收到";
        assert_eq!(entity_in(text).as_deref(), Some("胜科纳米"));
    }

    #[test]
    fn traditional_and_simplified_names_meet() {
        assert_eq!(
            entity_in("嶺川檢測技術股份有限公司\n"),
            entity_in("岭川检测技术股份有限公司\n")
        );
    }

    #[test]
    fn a_stock_code_names_the_issuer_when_nothing_else_does() {
        assert_eq!(
            entity_in("股票代码：688693 股票简称\n").as_deref(),
            Some("code:688693")
        );
        assert_eq!(entity_in("行业简析报告\n市场规模约110亿美元\n"), None);
    }
}
