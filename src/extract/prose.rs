//! Figures in prose: `公司2024年度研发费用为5,866.02万元,同比增长62.85%` becomes a level
//! of 研发费用 for 2024 and a growth of 研发费用 from 2023 to 2024.
//!
//! Works on each paragraph's joined text (`layout::paragraph::Joined`: hard wraps undone,
//! white space and markup removed), sentence by sentence. A figure is read only when a unit
//! follows it (`%`, `个百分点`, `万元` …, a count word): a bare number in prose is a year, a
//! section number, a date or a glued table row, never an amount we can name. For each figure:
//!
//! - the **measure** comes from the words just before it: `同比增长` / `较上年下降` (growth,
//!   or change of an amount), `个百分点` (point change), `占…的比例` (share),
//!   `复合增长率` (CAGR), `增加至` / `由…至` (levels);
//! - the **concept** is the noun phrase before it in its clause, with subjects (`公司`,
//!   `我們的`), verbs (`实现`, `为`) and periods cut away; a count takes the noun after its
//!   count word (`211項專利`); a figure with no noun of its own (`同比增长 62.85%`, the second
//!   figure of a list) takes the one before it;
//! - the **period** is the period named before it in the sentence; a list after `分别`
//!   takes the periods of the list of periods before it, or the document's reporting periods
//!   for `报告期各期`; `上年` / `同比` are relative to the sentence's period.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;
use regex::Regex;
use rust_decimal::Decimal;

use super::number::decimal_from_parts;
use super::period::{end_of, in_year, mentions, prior, sort_key, Mention, Named};
use super::unit::{currency_prefix, is_cjk, unit_at, Unit};
use crate::facts::{Fact, Measure, Origin, Stance};
use crate::layout::paragraph::{is_tabular, Joined};
use crate::layout::{Block, Layout};
use crate::source::Document;

/// The facts printed in the prose of a document. `table_facts` tell which periods the
/// document reports on (the columns of its tables), for `报告期各期`.
pub fn facts(doc: &Document, layout: &Layout, table_facts: &[Fact]) -> Vec<Fact> {
    let context = Context::new(&doc.text, table_facts);
    // Which paragraphs may hold figures, and which quote the application: one pass in order,
    // since a quotation goes on over the numbered paragraphs after it.
    let mut to_read = Vec::new();
    // Inside the exchange's question quoting the application: `根据申报材料：(1)…` and the
    // numbered paragraphs that go on with it.
    let mut in_quotation = false;
    for block in &layout.blocks {
        let Block::Paragraph(p) = block else {
            in_quotation = false;
            continue;
        };
        let raw = doc.text.get(p.span.clone()).unwrap_or("");
        in_quotation = is_quotation(raw) || (in_quotation && is_numbered_item(raw));
        // A line of columns the table segmenters did not take: its figures' labels cannot be
        // read as a sentence.
        if p.parts.iter().any(|s| is_tabular(&doc.text[s.clone()])) {
            continue;
        }
        // Most paragraphs hold no figure with a unit: skip them before joining (the join is
        // the costly part).
        if !raw.bytes().any(|b| b.is_ascii_digit()) || !raw.contains(UNIT_STARTS) {
            continue;
        }
        to_read.push((p, in_quotation));
    }
    // Each paragraph is read on its own (a reader starts afresh at every paragraph), so the
    // paragraphs of a long filing are read in parallel and their facts put back in order.
    let per_paragraph: Vec<Vec<Fact>> = to_read
        .par_iter()
        .map(|(p, quoted)| paragraph_facts(doc, &context, &p.parts, *quoted))
        .collect();
    per_paragraph.into_iter().flatten().collect()
}

/// The facts of one paragraph, made of the line spans `parts`.
fn paragraph_facts(
    doc: &Document,
    context: &Context,
    parts: &[Range<usize>],
    quoted: bool,
) -> Vec<Fact> {
    let mut out = Vec::new();
    let joined = Joined::new(&doc.text, parts);
    let sentences = sentences(&joined.text);
    // A paragraph that opens with cells glued together is a table row with a long text cell
    // (`3基坑工程3,486.24江苏建院…公司…`): its sentences are about the row.
    if sentences
        .first()
        .is_some_and(|s| glued_cells_re().is_match(&joined.text[s.clone()]))
    {
        return out;
    }
    let mut reader = ParagraphReader {
        doc,
        joined: &joined,
        quoted,
        context,
        current: None,
        carried_concept: String::new(),
        last_list: None,
        out: &mut out,
    };
    for sentence in sentences {
        reader.sentence(sentence);
    }
    out
}

/// Characters a unit after a figure can end in or start with: a paragraph with none of them
/// has no figure to read.
const UNIT_STARTS: &[char] = &[
    '%', '％', '元', '项', '項', '个', '個', '人', '名', '件', '家', '台', '套', '次', '款', '颗',
    '顆', '片', '点', '點',
];

/// What the whole document tells about its periods.
struct Context {
    /// The periods the document reports on, oldest first (`报告期各期`).
    reporting: Vec<String>,
}

fn year_duration_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"((?:19|20)\d{2})[\s\u{2002}\u{3000}]*年度").expect("valid regex")
    })
}

impl Context {
    /// The reporting periods: the durations (years, months of a year) the tables' columns
    /// name and the years the text calls `YYYY年度`, keeping those named at least a fifth as
    /// often as the most named one (a year quoted in passing is no reporting period).
    fn new(text: &str, table_facts: &[Fact]) -> Self {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for fact in table_facts {
            if let Some(p) = &fact.period {
                if p.len() == 4 || p.as_bytes().get(7) == Some(&b'~') {
                    *counts.entry(p.clone()).or_default() += 1;
                }
            }
        }
        for caps in year_duration_re().captures_iter(text) {
            *counts.entry(caps[1].to_string()).or_default() += 1;
        }
        let max = counts.values().copied().max().unwrap_or(0);
        let mut reporting: Vec<String> = counts
            .into_iter()
            .filter(|(_, n)| n * 5 >= max && max >= 3)
            .map(|(p, _)| p)
            .collect();
        reporting.sort_by_key(|p| sort_key(p));
        Self { reporting }
    }

    /// The latest reporting period: what an undated `较上年度下降` compares against.
    fn latest(&self) -> Option<&String> {
        self.reporting.last()
    }
}

/// Byte ranges of the sentences of a paragraph's joined text.
fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | ';' | '!' | '?') {
            let end = i + c.len_utf8();
            if end > start {
                out.push(start..end);
            }
            start = end;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// A figure in a sentence, offsets in the joined text.
#[derive(Debug, Clone)]
struct Figure {
    /// The number with its unit word (`5,866.02万元`): the printed figure.
    printed: Range<usize>,
    value: Decimal,
    decimals: u32,
    unit: Unit,
}

fn number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?").expect("valid regex")
    })
}

const RANGE_MARKS: &[char] = &['-', '－', '—', '–', '~', '～', '至', '到'];

/// The figures of a sentence that carry a unit. Numbers glued to other digits (a table row
/// printed without delimiters), ends of a range (`78%-85%`), years, dates and section
/// numbers are left out.
fn figures(text: &str, sentence: Range<usize>) -> Vec<Figure> {
    let mut out = Vec::new();
    let s = &text[sentence.clone()];
    for m in number_re().find_iter(s) {
        let (mut start, end) = (m.start(), m.end());
        let mut raw = m.as_str();
        let before = s[..start].chars().next_back();
        // A minus after a digit or a `%` is a range or a glued cell, not a sign.
        if raw.starts_with(['-', '−']) {
            let sign_len = raw.chars().next().map_or(1, char::len_utf8);
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '%' || c == '.') {
                start += sign_len;
                raw = &raw[sign_len..];
                if before.is_some_and(|c| c.is_ascii_digit() || c == '%') {
                    continue;
                }
            }
        }
        let before = s[..start].chars().next_back();
        if before.is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '/' | '_' | '第' | '-' | '－')
        }) {
            continue;
        }
        let after = &s[end..];
        let mut next = after.chars();
        if let (Some(c), Some(d)) = (next.next(), next.next()) {
            if matches!(c, ',' | '.' | '/') && d.is_ascii_digit() {
                continue;
            }
        }
        if after.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            continue;
        }
        // The far end of a range: `78%-85%`, `10%至20%`.
        let lead = s[..start].trim_end_matches(['-', '−']);
        if lead.ends_with(RANGE_MARKS) {
            let before_mark = lead.trim_end_matches(RANGE_MARKS);
            if before_mark.ends_with(|c: char| c.is_ascii_digit() || c == '%' || c == '％') {
                continue;
            }
        }
        let Some((unit, unit_len)) = unit_at(after) else {
            continue;
        };
        let after_unit = &after[unit_len..];
        // A bound after a comparison word (`大于10万元以上`, `不超过5%`) limits a value; it
        // states none to check. (`超过` alone often states a sum: `合计超过37,612.71万元`.)
        if [
            "大于",
            "小于",
            "低于",
            "高于",
            "不低于",
            "不少于",
            "不高于",
            "不超过",
        ]
        .iter()
        .any(|w| s[..start].ends_with(w))
        {
            continue;
        }
        match unit {
            // `3个月`, `5个工作日`: a duration, not a count.
            Unit::Count
                if after_unit.starts_with(['月', '工', '交', '季', '小', '年', '周', '星'])
                    || raw.contains('.') =>
            {
                continue
            }
            // The near end of a range.
            Unit::Percent
                if after_unit.starts_with(RANGE_MARKS)
                    && after_unit
                        .trim_start_matches(RANGE_MARKS)
                        .starts_with(|c: char| c.is_ascii_digit()) =>
            {
                continue
            }
            _ => {}
        }
        let negative = raw.starts_with(['-', '−']);
        let digits = raw.trim_start_matches(['-', '−']);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let Some(value) = decimal_from_parts(int, frac, negative) else {
            continue;
        };
        let unit = match (unit, currency_prefix(&s[..start])) {
            (Unit::Money { scale, .. }, Some(currency)) => Unit::Money { currency, scale },
            (unit, _) => unit,
        };
        let base = sentence.start;
        out.push(Figure {
            printed: base + start..base + end + unit_len,
            value,
            decimals: frac.len() as u32,
            unit,
        });
    }
    out
}

/// Words that end a clause: what comes before them is another clause.
const CLAUSE_MARKS: &[char] = &[
    '，', ',', '：', ':', '（', '(', '）', ')', '“', '”', '"', '《', '》', '、',
];

/// The text after the last clause mark.
fn last_clause(text: &str) -> &str {
    match text.rfind(CLAUSE_MARKS) {
        Some(i) => {
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            &text[i + len..]
        }
        None => text,
    }
}

/// Cells glued without delimiters, which never happen in a sentence, only in a row of
/// cells: a percent sign directly followed by a digit (`0.19%465.73`, `10%10%10%`; a
/// sentence writes `10%、20%` or `78%-85%`), or an amount between two words with no unit
/// (`基坑工程3,486.24江苏建院营造股份有限公司`).
fn glued_cells_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[%％]\d|\p{Han}\d{1,3}(?:,\d{3})+\.\d+[\p{Han}&&[^万萬亿億元千百美港人家项項个個件台套次倍股]]")
            .expect("valid regex")
    })
}

/// Scenarios, forecasts and worked examples: `假设…`, `如公司以现金方式分配…则`,
/// `以…为例`, `预计…`. Their figures are not the document's figures for their periods.
fn hypothetical_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            "假设|假設|假定|如果|倘若|若[^干]|[为為]例|如(?:公司|发行人|發行人|本公司|按|以|將|将)\
             |模拟|模擬|预计|預計|预测|預測|测算|測算|预期|預期",
        )
        .expect("valid regex")
    })
}

/// `扣除…后` / `剔除…后`: what follows is an adjusted whole. `扣除非经常性损益后` names a
/// standard figure of its own (扣非净利润) and is no adjustment of the sentence's.
fn adjusted_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new("(?:扣除|剔除|不考虑|不考慮)(?:[^非，,。；]|非[^经經])[^，,。；]*[后後]")
            .expect("valid regex")
    })
}

/// Whether a paragraph quotes the application as filed (the exchange's question in a reply
/// to an inquiry letter): `根据申报材料：(1)报告期各期主营业务收入分别为…`. The quotation
/// keeps the periods and figures of the filing it quotes, which a later reply may have
/// moved by a year.
fn is_quotation(paragraph: &str) -> bool {
    let text = paragraph.trim_start_matches(|c: char| {
        c.is_ascii_digit() || c.is_whitespace() || "()（）.、．问题問題".contains(c)
    });
    [
        "根据申报材料",
        "根據申報材料",
        "据申报材料",
        "據申報材料",
        "申报材料显示",
        "申報材料顯示",
    ]
    .iter()
    .any(|w| text.starts_with(w))
}

/// A numbered item (`(3)报告期各期…`, `（2）`, `2、`): goes on with the paragraph before.
fn is_numbered_item(paragraph: &str) -> bool {
    let text = paragraph.trim_start();
    fn digits(t: &str) -> Option<&str> {
        let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
        (rest.len() < t.len()).then_some(rest)
    }
    if let Some(rest) = text.strip_prefix(['(', '（']) {
        return digits(rest).is_some_and(|r| r.starts_with([')', '）']));
    }
    digits(text).is_some_and(|r| r.starts_with(['、', '.', '．']))
}

/// Words by which a clause attributes part of a change to one cause.
const CAUSES: &[&str] = &["使得", "使", "带动", "帶動", "拉动", "拉動"];

/// The party a sentence is about when it is not the filer: `卓胜微公司2022年度实现营业收入…`
/// → 卓胜微公司; `同行业可比公司…`. `None` for the filer (`公司2024年度…`) and for sentences
/// that open with no subject.
fn other_party(sentence: &str) -> Option<String> {
    // The subject stands before the first clause mark, period or verb.
    let first = sentence
        .split(CLAUSE_MARKS)
        .next()
        .unwrap_or("")
        .trim_start_matches(|c: char| !is_cjk(c));
    for peer in [
        "同行业可比公司",
        "同行業可比公司",
        "可比公司",
        "竞争对手",
        "競爭對手",
    ] {
        if first.contains(peer) {
            return Some(peer.to_string());
        }
    }
    let (at, _) = first.match_indices("公司").next()?;
    let name = &first[..at];
    let name = name.trim_start_matches(|c: char| !is_cjk(c));
    // `公司2024年`, `本公司`, `该公司`, `子公司` (the filer's own), `报告期内公司`, `本年度公司`:
    // a name is CJK only and names no time.
    if name.is_empty()
        || name.chars().count() > 12
        || !name.chars().all(is_cjk)
        || name.chars().count() < 2
        // Time words, and function words and verbs a subject clause may hold before the
        // filer's own `公司` (`由于公司`, `根据中金公司`, `上述因素导致公司`).
        || name.contains(|c: char| {
            "年月期度内內末初后後由因于於据據预預计計导導致使对對向为為的了在将將和及与與或被从從自把以按其该該此述等限随隨着著披露".contains(c)
        })
        || ["本", "该", "該", "子", "母", "貴", "贵", "各", "控股", "上市", "行业", "行業", "我们", "我們"]
            .iter()
            .any(|w| name.ends_with(w))
    {
        return None;
    }
    Some(format!("{name}公司"))
}

/// `其` just before a concept (`2023财年其研发费用`) makes it another party's, named
/// earlier: the party and the concept without what stands before `其`. `其中`, `其他`,
/// `其余` are no pronoun.
fn possessive_party(lead: &str, concept: &str) -> Option<(String, String)> {
    if concept.is_empty() {
        return None;
    }
    let is_pronoun = |rest: &str| {
        !rest.is_empty() && !rest.starts_with(['中', '他', '它', '余', '餘', '实', '實', '次'])
    };
    if let Some(i) = concept.rfind('其') {
        let rest = &concept[i + '其'.len_utf8()..];
        if is_pronoun(rest) {
            return Some(("其".to_string(), rest.to_string()));
        }
    }
    let at = lead.rfind(concept)?;
    lead[..at]
        .ends_with('其')
        .then(|| ("其".to_string(), concept.to_string()))
}

/// Words of comparison that start a change: what comes before them is the concept.
const COMPARE: &[&str] = &["同比", "相比", "相较", "相較", "较", "較", "比"];
const FROM: &[&str] = &["从", "從", "由"];
const UP: &[&str] = &[
    "增长",
    "增長",
    "增加",
    "上升",
    "提高",
    "提升",
    "增幅为",
    "增幅為",
    "增幅",
];
const DOWN: &[&str] = &[
    "下降",
    "减少",
    "減少",
    "下滑",
    "降低",
    "收窄",
    "降幅为",
    "降幅為",
    "降幅",
];
const CAGR: &[&str] = &[
    "年均复合增长率",
    "年复合增长率",
    "复合年增长率",
    "复合增长率",
    "年複合增長率",
    "複合年增長率",
    "複合增長率",
];
/// Words before a figure that tie it to the concept before them, stripped from its end.
const TRAILING: &[&str] = &[
    "分别为",
    "分別為",
    "分别",
    "分別",
    "达到",
    "達到",
    "达至",
    "達至",
    "为",
    "為",
    "达",
    "達",
    "约",
    "約",
    "人民币",
    "人民幣",
    "美元",
    "港元",
    "的",
    "是",
    "了",
    "共计",
    "共計",
    "合计",
    "合計",
    "累计",
    "累計",
    "金额为",
    "金額為",
    "亦",
    "均",
    "已",
    "超过",
    "超過",
    "逾",
    "近",
    "仅",
    "僅",
    "共",
    "增至",
    "增加至",
    "增长至",
    "增長至",
    "上升至",
    "提升至",
    "提高至",
    "下降至",
    "降至",
    "减少至",
    "減少至",
    "收窄至",
    "从",
    "從",
    "由",
    "进一步",
    "進一步",
    "实现",
    "實現",
    "录得",
    "錄得",
    "分别实现",
    "分別實現",
    "较上年",
    "為人民幣",
    "將",
    "将",
    "預計",
    "预计",
    "預期",
    "预期",
    "預測",
    "预测",
    "到",
    "於",
    "于",
    "显著改善",
    "顯著改善",
    "有所改善",
    "大幅增长",
    "大幅增長",
    "持续增长",
    "持續增長",
    "稳步增长",
    "穩步增長",
    "截至",
    "大幅下降",
    "大幅上升",
    "大幅減少",
    "大幅减少",
    "也",
    "超",
];
/// Subjects and connectives before a concept, stripped from its start.
const LEADING: &[&str] = &[
    "其中包括",
    "其中",
    "包括",
    "公司",
    "本公司",
    "发行人",
    "發行人",
    "我們的",
    "我们的",
    "我們",
    "我们",
    "本集團",
    "本集团",
    "集團",
    "集团",
    "另外",
    "此外",
    "同时",
    "同時",
    "其",
    "并",
    "並",
    "及",
    "和",
    "与",
    "與",
    "以及",
    "的",
    "於",
    "于",
    "在",
    "当期",
    "當期",
    "各期",
    "同期",
    "亦",
    "均",
    "已",
    "整体",
    "整體",
    "母公司报表",
    "母公司報表",
    "较",
    "較",
    "仅",
    "僅",
    "而",
    "各期間",
    "各期间",
    "分别",
    "分別",
    "各年",
    "然後",
    "然后",
    "則",
    "则",
    "期間的",
    "期间的",
];

/// Verbs after which the concept starts (`实现营业收入`, `派发税前现金股利`).
const VERBS: &[&str] = &[
    "实现",
    "實現",
    "录得",
    "錄得",
    "擁有",
    "拥有",
    "获授权",
    "獲授權",
    "获得",
    "獲得",
    "取得",
    "派发",
    "派發",
    "支付",
    "导致",
    "導致",
    "主要系",
    "使得",
    "可知",
    "来看",
    "來看",
];

/// [`TRAILING`], longest first, so that `下降至` goes whole rather than as `至`.
fn trailing_words() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = TRAILING.to_vec();
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        words
    })
}

/// [`LEADING`], longest first.
fn leading_words() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = LEADING.to_vec();
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        words
    })
}

fn strip_words(mut text: &str) -> &str {
    // One word at a time, longest first, starting over after each: `增加至截至` loses
    // `截至`, then `增加至`, never a bare `至` that would leave `增加`.
    loop {
        if let Some(w) = trailing_words().iter().find(|w| text.ends_with(**w)) {
            text = &text[..text.len() - w.len()];
            continue;
        }
        // `增長至`, `擴大至`, `達至`: a verb of reaching, whatever the verb.
        if let Some(t) = text.strip_suffix('至') {
            let mut t = t;
            for _ in 0..2 {
                if let Some(c) = t.chars().next_back().filter(|c| is_cjk(*c)) {
                    t = &t[..t.len() - c.len_utf8()];
                }
            }
            text = t;
            continue;
        }
        if let Some(w) = leading_words()
            .iter()
            .find(|w| text.starts_with(**w))
            .filter(|w| !(**w == "其" && text[w.len()..].starts_with(['他', '它', '余', '餘'])))
        {
            // (`其他收益` is a noun of its own, not `其` + `他收益`.)
            text = &text[w.len()..];
            continue;
        }
        let trimmed = text.trim_matches(|c: char| !is_cjk(c) && !c.is_ascii_alphanumeric());
        if trimmed == text {
            return text;
        }
        text = trimmed;
    }
}

/// The noun phrase at the end of `text` (a clause up to a figure), periods and function
/// words removed. Empty when the clause names nothing.
fn noun_before(text: &str, mentions: &[Range<usize>]) -> String {
    // The clause is split at its period expressions; the last piece with a noun in it wins.
    let mut pieces = Vec::new();
    let mut at = 0;
    for m in mentions {
        if m.start >= at && m.end <= text.len() {
            pieces.push(&text[at..m.start]);
            at = m.end;
        }
    }
    pieces.push(&text[at..]);
    for piece in pieces.into_iter().rev() {
        let mut piece = piece;
        let present = CharSet::of(piece);
        if let Some((i, len)) = VERBS
            .iter()
            .filter(|v| present.may_hold(v))
            .filter_map(|v| piece.rfind(v).map(|i| (i, v.len())))
            .max()
        {
            let after = &piece[i + len..];
            if !strip_words(after).is_empty() {
                piece = after;
            }
        }
        let noun = strip_words(piece);
        // A noun is no longer than a long line item; longer is a sentence we failed to cut.
        if !noun.is_empty() && noun.chars().count() <= 40 {
            return noun.to_string();
        }
    }
    String::new()
}

/// The noun after a count word: `211項專利` → 專利, `32項發明專利及179項` → 發明專利.
fn noun_after(text: &str) -> String {
    // A verb or a word of time after the count word belongs to the sentence, not to a noun:
    // `65人增至`, `3项以上`.
    if text.starts_with([
        '增', '减', '減', '下', '上', '降', '提', '较', '較', '比', '同', '占', '佔', '的', '以',
        '左', '至', '到', '内', '內', '后', '後', '前', '中', '次', '已', '均', '共', '合', '分',
    ]) {
        return String::new();
    }
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if !(is_cjk(c) || c.is_ascii_alphabetic()) || "及和与與、等并並均其".contains(c) {
            break;
        }
        end = i + c.len_utf8();
        if text[..end].chars().count() >= 20 {
            break;
        }
    }
    text[..end].to_string()
}

/// Finds the last of `words` in `text`: its start and length. Of two ending together the
/// longer wins (`同比`, not the `比` inside it).
fn rfind_any(text: &str, words: &[&str]) -> Option<(usize, usize)> {
    let present = CharSet::of(text);
    words
        .iter()
        .filter(|w| present.may_hold(w))
        .filter_map(|w| text.rfind(w).map(|i| (i, w.len())))
        .max_by_key(|&(i, len)| (i + len, len))
}

/// Which characters a text may hold, as 64 bits of a hash of each: a word whose first
/// character's bit is clear is not in the text, and need not be searched for (building a
/// substring searcher costs more than the check, and most words of a list are absent).
#[derive(Clone, Copy)]
struct CharSet(u64);

impl CharSet {
    fn of(text: &str) -> Self {
        Self(text.chars().fold(0, |bits, c| bits | Self::bit(c)))
    }

    fn bit(c: char) -> u64 {
        1 << (u32::from(c) % 64)
    }

    /// False only when `word` is certainly not in the text.
    fn may_hold(self, word: &str) -> bool {
        word.chars()
            .next()
            .is_none_or(|c| self.0 & Self::bit(c) != 0)
    }
}

/// How a figure relates to the figures before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Level,
    /// `同比增长`, `较上年下降`: relative to a base period.
    Change {
        down: bool,
    },
    Cagr,
}

/// One figure as read, before periods are settled.
struct Reading {
    figure: Figure,
    kind: Kind,
    concept: String,
    share_of: Option<String>,
    /// The period named for this figure itself.
    own: Option<String>,
    /// The base period named (`较2023年`), or `Prior` for `上年`.
    base: Option<Named>,
    cagr: Option<(String, String)>,
    /// Continues the list of the figure before (`A、B和C`).
    listed: bool,
    /// Starts a `由 X 至 Y` pair.
    from: bool,
    /// Ends a `由 X 至 Y` pair.
    to: bool,
    /// Its own period was named after a word of comparison (`较2023年的67.01%`): a figure
    /// quoted for comparison, which does not change what the sentence is about.
    compared: bool,
    /// A period named before `由` in a pair: the period of the pair's second figure.
    sentence: Option<String>,
    /// Its own period was relative (`年末`, `上年`): it does not set the paragraph's period.
    relative: bool,
    period: Option<String>,
    /// The clause attributes part of a change to a cause (`使得…上升`).
    contribution: bool,
}

struct ParagraphReader<'a> {
    doc: &'a Document,
    joined: &'a Joined,
    /// The paragraph quotes the application as filed earlier (see [`is_quotation`]).
    quoted: bool,
    context: &'a Context,
    /// The period the paragraph is about so far.
    current: Option<String>,
    /// The last concept of a sentence that ended in `；`: the next sentence goes on about it.
    carried_concept: String,
    /// The periods of the last list of periods used in the paragraph.
    last_list: Option<Vec<String>>,
    out: &'a mut Vec<Fact>,
}

/// Separators inside a list of figures or of periods.
fn is_list_gap(gap: &str) -> bool {
    let mut g = gap;
    // Notes in parentheses inside a list: `8,586.76万元(未经审计)、4,303.29万元`.
    while let (Some(open), Some(close)) = (g.find(['(', '（']), g.find([')', '）'])) {
        if close < open {
            break;
        }
        let close_len = g[close..].chars().next().map_or(1, char::len_utf8);
        g = if open == 0 {
            &g[close + close_len..]
        } else {
            return false;
        };
    }
    let g = g
        .trim_start_matches(['、'])
        .trim_start_matches("以及")
        .trim_start_matches(['及', '和', '与', '與']);
    let g = ["人民币", "人民幣", "约", "約", "的"]
        .iter()
        .fold(g, |g, w| g.trim_start_matches(w));
    g.is_empty() && !gap.is_empty()
}

impl ParagraphReader<'_> {
    fn sentence(&mut self, sentence: Range<usize>) {
        let text = &self.joined.text;
        let figures = figures(text, sentence.clone());
        if figures.is_empty() {
            return;
        }
        let s = &text[sentence.clone()];
        // Cells printed back to back (`42.550.19%465.73`, `10%10%10%`): a table row the
        // segmenters left, whose figures a sentence reading would mislabel.
        if glued_cells_re().is_match(s) {
            return;
        }
        let sentence_stance = if self.quoted {
            Stance::Quoted
        } else if hypothetical_re().is_match(s) {
            Stance::Hypothetical
        } else {
            Stance::Stated
        };
        let party = other_party(s);
        // Figures from `扣除…后` on are of the adjusted whole; those before are as printed.
        let adjusted_from = adjusted_re()
            .find(s)
            .map_or(usize::MAX, |m| sentence.start + m.start());
        let all_mentions: Vec<Mention> = mentions(s)
            .into_iter()
            .map(|mut m| {
                m.range = m.range.start + sentence.start..m.range.end + sentence.start;
                m
            })
            .collect();
        let mut readings: Vec<Reading> = Vec::with_capacity(figures.len());
        let mut prev_end = sentence.start;
        for figure in figures {
            let lead_range = prev_end..figure.printed.start;
            prev_end = figure.printed.end;
            let lead = &text[lead_range.clone()];
            let listed = readings
                .last()
                .is_some_and(|r: &Reading| r.figure.unit.kind_name() == figure.unit.kind_name())
                && is_list_gap(lead);
            let reading = self.read(figure, lead_range, &all_mentions, listed, &readings);
            readings.push(reading);
        }
        self.settle_periods(&mut readings, &all_mentions, sentence.clone());
        // `收入由2022年的269.4百萬元增至2024年的827.4百萬元，複合年增長率為75.3%`: a compound
        // rate naming no years spans the pair before it.
        for k in 0..readings.len() {
            if readings[k].kind != Kind::Cagr || readings[k].cagr.is_some() {
                continue;
            }
            let from = readings[..k].iter().rposition(|r| r.from);
            let to = from.and_then(|f| (f + 1..k).find(|&t| readings[t].to));
            // Only a pair whose figures name their own years (`由2022年的…增至2024年的…`);
            // `2018年至2021年，…从12.43亿美元增长至14.73亿美元` spans years named apart.
            if let (Some(f), Some(t)) = (from, to) {
                if let (Some(first), Some(last)) =
                    (readings[f].own.clone(), readings[t].own.clone())
                {
                    if readings[k].concept.is_empty() || readings[k].concept == readings[f].concept
                    {
                        readings[k].concept = readings[f].concept.clone();
                        readings[k].period = Some(last.clone());
                        readings[k].cagr = Some((first, last));
                    }
                }
            }
        }
        self.carried_concept = if s.ends_with(['；', ';']) {
            readings
                .last()
                .map(|r| r.concept.clone())
                .unwrap_or_default()
        } else {
            String::new()
        };
        let sentence_start = sentence.start;
        let origin = self.joined.original_span(sentence);
        for r in readings {
            let measure = match r.kind {
                Kind::Cagr => Measure::Cagr {
                    first: r.cagr.as_ref().map(|c| c.0.clone()),
                    last: r.cagr.as_ref().map(|c| c.1.clone()),
                },
                Kind::Change { .. } => {
                    let base = match &r.base {
                        Some(Named::Period(p)) => Some(p.clone()),
                        _ => r.period.as_deref().and_then(prior),
                    };
                    match r.figure.unit {
                        Unit::Percent => Measure::Growth { base },
                        Unit::PercentagePoints => Measure::PointChange { base },
                        _ => Measure::Change { base },
                    }
                }
                Kind::Level => match (&r.share_of, r.figure.unit) {
                    (Some(of), Unit::Percent) => Measure::Share { of: of.clone() },
                    (_, Unit::PercentagePoints) => Measure::PointChange {
                        base: r.period.as_deref().and_then(prior),
                    },
                    _ => Measure::Level,
                },
            };
            let value = match r.kind {
                Kind::Change { down: true } if r.figure.value > Decimal::ZERO => -r.figure.value,
                _ => r.figure.value,
            };
            let f = &r.figure;
            let stance = match sentence_stance {
                Stance::Stated if r.figure.printed.start >= adjusted_from => Stance::Adjusted,
                Stance::Stated if r.contribution => Stance::Contribution,
                stance => stance,
            };
            // Another party's figure keeps its name: it is not the document's own concept.
            let (party, own_concept) =
                match possessive_party(&text[sentence_start..r.figure.printed.start], &r.concept) {
                    Some((p, c)) => (Some(p), c),
                    None => (party.clone(), r.concept),
                };
            let concept = match (party, own_concept) {
                (Some(p), c) if !c.is_empty() => format!("{p} / {c}"),
                (_, c) => c,
            };
            self.out.push(Fact {
                doc: self.doc.id,
                span: self.joined.original_span(f.printed.clone()),
                value,
                decimals: f.decimals,
                unit: f.unit,
                concept,
                period: r.period,
                column: Vec::new(),
                measure,
                origin: Origin::Prose {
                    sentence: origin.clone(),
                },
                stance,
            });
        }
    }

    /// Reads one figure's measure, concept and named periods from the words before it.
    fn read(
        &self,
        figure: Figure,
        lead_range: Range<usize>,
        all: &[Mention],
        listed: bool,
        before: &[Reading],
    ) -> Reading {
        let text = &self.joined.text;
        let lead = &text[lead_range.clone()];
        let inherited = before.last().map(|r| r.concept.clone()).unwrap_or_default();
        let mut reading = Reading {
            kind: Kind::Level,
            concept: String::new(),
            share_of: None,
            own: None,
            base: None,
            cagr: None,
            listed,
            from: false,
            to: false,
            compared: false,
            sentence: None,
            relative: false,
            period: None,
            contribution: false,
            figure,
        };
        if listed {
            let prev = before.last();
            reading.concept = inherited;
            reading.kind = prev.map_or(Kind::Level, |p| p.kind);
            reading.share_of = prev.and_then(|p| p.share_of.clone());
            reading.base = prev.and_then(|p| p.base.clone());
            return reading;
        }
        let clause_start = lead_range.end - last_clause(lead).len();
        let clause = &text[clause_start..lead_range.end];
        reading.contribution = CAUSES.iter().any(|w| clause.contains(w));
        let in_lead: Vec<&Mention> = all
            .iter()
            .filter(|m| m.range.start >= lead_range.start && m.range.end <= lead_range.end)
            .collect();
        // Comparisons: `较2023年增加`, `同比增长`, `比上年减少`, `较上年度下降`.
        let compare = rfind_any(clause, COMPARE);
        let up_down = rfind_any(clause, UP)
            .map(|x| (x, false))
            .into_iter()
            .chain(rfind_any(clause, DOWN).map(|x| (x, true)))
            .max_by_key(|((i, _), _)| *i);
        // `增加至2023年的人民幣509.1百萬元`: a level reached, not a change.
        let to_level = match up_down {
            Some(((i, _), _)) => clause[i..].contains(['至', '到']),
            None => true,
        };
        let mut concept_end = clause.len();
        if let Some((i, _)) = rfind_any(clause, CAGR) {
            reading.kind = Kind::Cagr;
            concept_end = i;
            reading.cagr = cagr_span(all, lead_range.end);
        } else if let (Some(((verb, _), down)), false) = (up_down, to_level) {
            reading.kind = Kind::Change { down };
            concept_end = compare.map_or(verb, |(c, _)| c.min(verb));
        } else if matches!(reading.figure.unit, Unit::PercentagePoints) {
            reading.kind = Kind::Change {
                down: up_down.is_some_and(|(_, d)| d),
            };
            concept_end = compare.map_or(clause.len(), |(c, _)| c);
        }
        // `由X增加至Y`: X opens a pair; a period named before `由` is the sentence's, not X's.
        let mut from_at = None;
        if let Some((i, len)) = rfind_any(clause, FROM) {
            let after = &clause[i + len..];
            // `由截至2024年6月30日止六個月的` opens a pair: its `至` belongs to `截至`.
            let closes = after
                .match_indices('至')
                .any(|(k, _)| !after[..k].ends_with('截'));
            if !closes && reading.kind == Kind::Level {
                reading.from = true;
                concept_end = concept_end.min(i);
                from_at = Some(clause_start + i);
            }
        }
        // The period the sentence is about so far: what `上年`, `年末`, `2024年同期` are relative
        // to.
        let mut sentence_period = before
            .iter()
            .rev()
            .filter(|r| !r.compared)
            .find_map(|r| {
                r.sentence
                    .clone()
                    .or_else(|| r.period.clone())
                    .or_else(|| r.own.clone())
            })
            .or_else(|| self.current.clone());
        let year_of =
            |p: &Option<String>| p.as_deref().and_then(|p| p.get(..4)).map(str::to_string);
        let is_level = reading.kind == Kind::Level;
        for m in &in_lead {
            let before_m = &text[..m.range.start];
            // `较2023年增加`: the base of a change; `较2023年的67.01%`: a level of that year.
            let compared = COMPARE.iter().any(|w| before_m.ends_with(w));
            let resolved = match &m.named {
                Named::Period(p) => Some(p.clone()),
                Named::Prior => sentence_period.as_deref().and_then(prior),
                Named::PriorEnd => year_of(&sentence_period)
                    .as_deref()
                    .and_then(prior)
                    .and_then(|y| end_of(&y)),
                Named::YearStart => year_of(&sentence_period)
                    .as_deref()
                    .and_then(prior)
                    .and_then(|y| end_of(&y)),
                Named::YearEnd => year_of(&sentence_period).and_then(|y| end_of(&y)),
                Named::SameMonthsOf(y) => Some(
                    sentence_period
                        .as_deref()
                        .and_then(|c| in_year(c, *y))
                        .unwrap_or_else(|| y.to_string()),
                ),
                Named::Reporting | Named::ReportingEnds => None,
            };
            let Some(resolved) = resolved else {
                if m.named == Named::Prior && !is_level {
                    reading.base = Some(Named::Prior);
                }
                continue;
            };
            if (compared || m.named == Named::Prior) && !is_level {
                reading.base = Some(Named::Period(resolved));
            } else if from_at.is_some_and(|f| m.range.start < f) {
                // Before `由`: the sentence's period (Y's), not X's.
                sentence_period = Some(resolved.clone());
                reading.sentence = Some(resolved);
            } else {
                reading.compared = compared;
                reading.relative = !matches!(m.named, Named::Period(_));
                reading.own = Some(resolved.clone());
                if !compared {
                    sentence_period = Some(resolved);
                }
            }
        }
        reading.to = lead.contains('至') || lead.contains('到');
        // `现金分红金额分别占2022年6月末、2022年末公司归属于母公司所有者权益的15.58%`: a
        // share whose whole is named across a list of periods, so past a `、`.
        if matches!(reading.figure.unit, Unit::Percent)
            && reading.kind == Kind::Level
            && !clause.contains(['占', '佔'])
        {
            let wide_at = lead
                .rfind(['，', ',', '：', ':', '（', '(', '）', ')'])
                .map_or(0, |i| {
                    i + lead[i..].chars().next().map_or(1, char::len_utf8)
                });
            let wide_start = lead_range.start + wide_at;
            let wide = &text[wide_start..lead_range.end];
            if let (Some(of), Some((at, _))) = (
                share_of(wide, wide_start, all),
                rfind_any(wide, &["占", "佔"]),
            ) {
                let mentions_before: Vec<Range<usize>> = all
                    .iter()
                    .filter(|m| m.range.start >= wide_start && m.range.end <= wide_start + at)
                    .map(|m| m.range.start - wide_start..m.range.end - wide_start)
                    .collect();
                let mut numerator = noun_before(&wide[..at], &mentions_before);
                if numerator.is_empty() {
                    numerator = inherited;
                }
                reading.concept = format!("{numerator}占{of}");
                reading.share_of = Some(of);
                return reading;
            }
        }
        // Shares: `占营业收入的比例`, `佔收入的百分比`, `占…的`.
        let concept_text = &clause[..concept_end];
        if matches!(reading.figure.unit, Unit::Percent) {
            reading.share_of = share_of(concept_text, clause_start, all);
        }
        let clause_mentions: Vec<Range<usize>> = all
            .iter()
            .filter(|m| m.range.start >= clause_start && m.range.end <= clause_start + concept_end)
            .map(|m| m.range.start - clause_start..m.range.end - clause_start)
            .collect();
        reading.concept = if matches!(reading.figure.unit, Unit::Count) {
            let after = noun_after(&text[reading.figure.printed.end..]);
            if after.is_empty() {
                noun_before(concept_text, &clause_mentions)
            } else {
                after
            }
        } else {
            noun_before(concept_text, &clause_mentions)
        };
        // `截至…止年度，我們的毛損率顯著改善，分別為79.8%`: the noun is a clause back.
        if reading.concept.is_empty() && before.is_empty() {
            let earlier = &text[lead_range.start..clause_start];
            for piece in earlier.rsplit(CLAUSE_MARKS) {
                let noun = noun_before(piece, &[]);
                if !noun.is_empty() && mentions(&noun).is_empty() {
                    reading.concept = noun;
                    break;
                }
            }
        }
        // `購買額分別佔總購買額`: `分别` belongs to the list, not to the name.
        for (from, to) in [
            ("分別佔", "佔"),
            ("分别占", "占"),
            ("分別占", "占"),
            ("分别佔", "佔"),
        ] {
            if reading.concept.contains(from) {
                reading.concept = reading.concept.replace(from, to);
            }
        }
        if reading.concept.is_empty() {
            // A figure with no noun of its own continues the one before: its concept, and
            // what that one was a share of.
            let prev = before.last();
            reading.concept = if inherited.is_empty() && before.is_empty() {
                self.carried_concept.clone()
            } else {
                inherited
            };
            if reading.share_of.is_none() && matches!(reading.figure.unit, Unit::Percent) {
                reading.share_of = prev.and_then(|p| p.share_of.clone());
            }
        } else if reading.concept.starts_with(['占', '佔']) && !inherited.is_empty() {
            // `…收入分別為…，分別佔總收入的33.3%`: a share of the figures before.
            reading.concept = format!("{inherited}{}", reading.concept);
        }
        reading
    }

    /// Gives every figure of a sentence its period.
    fn settle_periods(
        &mut self,
        readings: &mut [Reading],
        all: &[Mention],
        sentence: Range<usize>,
    ) {
        let text = &self.joined.text;
        let mut i = 0;
        while i < readings.len() {
            // The list starting at i: i and the figures that continue it.
            let mut j = i + 1;
            while j < readings.len() && readings[j].listed {
                j += 1;
            }
            let n = j - i;
            let start = readings[i].figure.printed.start;
            let respectively = ["分别", "分別"]
                .iter()
                .any(|w| text[sentence.start..start].contains(w));
            let mut assigned = false;
            if n > 1 && respectively {
                // `其中研发费用占期间费用的比例分别为…`: a list in a sentence naming no period
                // goes on over the periods of the list before it in the paragraph.
                let named_before = all.iter().any(|m| m.range.end <= start);
                let periods = if named_before {
                    self.period_list(all, start)
                } else {
                    self.last_list.clone()
                };
                if let Some(periods) = periods {
                    self.last_list = Some(periods.clone());
                    if periods.len() == n {
                        for (r, p) in readings[i..j].iter_mut().zip(periods) {
                            r.period = Some(p);
                        }
                        assigned = true;
                    }
                }
            }
            if !assigned && n > 1 && respectively {
                // `分别` over a list whose periods cannot be matched one to one: no figure of
                // it can be given a period honestly.
            } else if !assigned {
                let first = &mut readings[i];
                if first.kind == Kind::Cagr {
                    first.period = first.cagr.as_ref().map(|c| c.1.clone());
                } else if let Some(own) = first.own.clone() {
                    first.period = Some(own);
                } else if !first.from {
                    first.period = self.current.clone().or_else(|| {
                        // `较上年度下降` with no year anywhere: the document's latest period.
                        (first.base.is_some() || matches!(first.kind, Kind::Change { .. }))
                            .then(|| self.context.latest().cloned())
                            .flatten()
                    });
                }
                // A list without `分别` names several values for one period: which is which
                // cannot be told, so only the first keeps it.
            }
            // `较2024年同期的2,231.30万元增长64.89%`: the change is from the figure compared.
            if matches!(readings[i].kind, Kind::Change { .. })
                && readings[i].base.is_none()
                && i > 0
            {
                if let Some(p) = readings[i - 1]
                    .period
                    .clone()
                    .filter(|_| readings[i - 1].compared)
                {
                    readings[i].base = Some(Named::Period(p));
                }
            }
            // `由X至Y`: Y takes its own period or the sentence's; X the one before Y's, unless
            // X names its own.
            if readings[i].from && j < readings.len() && readings[j].to {
                if readings[j].own.is_none() {
                    readings[j].own = readings[i]
                        .sentence
                        .clone()
                        .or_else(|| self.current.clone())
                        .or_else(|| self.context.latest().cloned());
                    if readings[j].own.is_none() {
                        readings[j].own = readings[i].own.clone();
                    }
                }
                if readings[i].period.is_none() {
                    readings[i].period = readings[j].own.as_deref().and_then(prior);
                }
            }
            let r = &readings[i];
            if let Some(p) = &r.sentence {
                self.current = Some(p.clone());
            } else if r.kind == Kind::Level && !r.compared && !r.relative && !r.from {
                if let Some(p) = &r.period {
                    self.current = Some(p.clone());
                }
            }
            i = j;
        }
    }

    /// The last list of periods named before `at` in the sentence: `2022年、2023年及2024年`,
    /// `截至2022年6月末、2022年末`, or the reporting periods for `报告期各期`.
    fn period_list(&self, all: &[Mention], at: usize) -> Option<Vec<String>> {
        let text = &self.joined.text;
        let before: Vec<&Mention> = all.iter().filter(|m| m.range.end <= at).collect();
        let last = before.last()?;
        match last.named {
            Named::Reporting => return Some(self.context.reporting.clone()),
            Named::ReportingEnds => {
                return Some(
                    self.context
                        .reporting
                        .iter()
                        .filter_map(|p| end_of(p))
                        .collect(),
                )
            }
            _ => {}
        }
        let mut list = vec![*last];
        // Whether each element follows a `截至` inside the list (`2024年以及截至2025年…`).
        let mut opened = vec![false];
        for m in before.iter().rev().skip(1) {
            let gap = &text[m.range.end..list[0].range.start];
            let gap = gap.trim_start_matches("以及");
            let gap = gap.trim_start_matches(['及', '和', '与', '與', '、']);
            let rest = gap.trim_start_matches("截至");
            if rest.is_empty() {
                opened[0] = rest.len() != gap.len();
                list.insert(0, m);
                opened.insert(0, false);
            } else {
                break;
            }
        }
        let mut periods: Vec<String> = Vec::new();
        for m in &list {
            match &m.named {
                Named::Period(p) => periods.push(p.clone()),
                _ => return None,
            }
        }
        // `截至2024年及2025年6月30日止六個月`: the bare years take the form of the last.
        if let Some(last_period) = periods.last().cloned() {
            if last_period.len() > 4 {
                let n = periods.len();
                // Only the run of bare years right before the last element shares its form,
                // back to the `截至` that opened it.
                let open_last = opened.last().copied().unwrap_or(false);
                for ((p, m), opens) in periods.iter_mut().zip(&list).zip(&opened).take(n - 1).rev()
                {
                    if !m.bare_year || open_last {
                        break;
                    }
                    if *opens {
                        if let Ok(y) = p.parse::<i32>() {
                            *p = in_year(&last_period, y).unwrap_or_else(|| p.clone());
                        }
                        break;
                    }
                    {
                        if let Ok(y) = p.parse::<i32>() {
                            *p = in_year(&last_period, y).unwrap_or_else(|| p.clone());
                        }
                    }
                }
            }
        }
        Some(periods)
    }
}

/// `2021年至2023年` before a CAGR: its first and last periods.
fn cagr_span(all: &[Mention], at: usize) -> Option<(String, String)> {
    let before: Vec<&Mention> = all.iter().filter(|m| m.range.end <= at).collect();
    for pair in before.windows(2).rev() {
        if let (Named::Period(a), Named::Period(b)) = (&pair[0].named, &pair[1].named) {
            if pair[1].range.start.saturating_sub(pair[0].range.end) <= "至".len() {
                return Some((a.clone(), b.clone()));
            }
        }
    }
    None
}

/// The whole a share is taken of: `研发投入占营业收入的比例` → 营业收入.
fn share_of(concept: &str, offset: usize, all: &[Mention]) -> Option<String> {
    let (i, len) = rfind_any(concept, &["占", "佔"])?;
    // `占比`, `市占率`: a share, but of a whole the words do not name.
    if concept[i + len..].starts_with(['比', '率']) {
        return None;
    }
    let mut rest = strip_words(&concept[i + len..]);
    for suffix in [
        "的百分比",
        "百分比",
        "的比例",
        "比例",
        "的比重",
        "比重",
        "的",
    ] {
        if let Some(r) = rest.strip_suffix(suffix) {
            rest = r;
            break;
        }
    }
    // Periods inside (`占2022年末公司…的`, `佔截至2024年12月31日止年度總購買額的`) are not
    // part of the whole's name: it is what follows the last of them.
    let start = offset + i + len;
    let mut at = 0;
    for m in all {
        if m.range.start >= start && m.range.end <= start + rest.len() {
            at = m.range.end - start;
        }
    }
    let name = strip_words(rest.get(at..).unwrap_or("")).to_string();
    // `占比`: a share of a whole the sentence does not name.
    (!name.is_empty() && name != "比").then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A word cut from a text is never ruled out by the text's character set.
        #[test]
        fn a_char_set_never_rules_out_a_word_the_text_holds(
            text in "[由从增加减少同比较上年度的营业收入毛利率0-9a-z%，。]{1,30}",
            from in 0usize..30,
            len in 1usize..5,
        ) {
            let chars: Vec<char> = text.chars().collect();
            let from = from % chars.len();
            let word: String = chars[from..(from + len).min(chars.len())].iter().collect();
            proptest::prop_assert!(CharSet::of(&text).may_hold(&word));
        }
    }

    #[test]
    fn a_char_set_rules_out_a_word_whose_first_character_is_absent() {
        // 增 and 减 are 0x589E and 0x51CF: bits 30 and 15.
        let set = CharSet::of("同比下降");
        assert!(set.may_hold("同比"));
        assert!(!set.may_hold("增加"), "{:#x}", set.0);
    }
    use crate::layout::layout;

    fn facts_of(text: &str) -> Vec<(String, String, String, Option<String>, Measure)> {
        let doc = Document::new(0, "t.txt".into(), text.to_string());
        let l = layout(&doc);
        facts(&doc, &l, &[])
            .into_iter()
            .map(|f| {
                (
                    text[f.span.clone()].to_string(),
                    f.value.to_string(),
                    f.concept,
                    f.period,
                    f.measure,
                )
            })
            .collect()
    }

    fn growth(base: &str) -> Measure {
        Measure::Growth {
            base: Some(base.to_string()),
        }
    }

    #[test]
    fn level_growth_share_and_point_change() {
        let f = facts_of("公司2030年度设计费用为1,234.56万元，同比增长12.50%，设计投入占营业收入的比例达40.00%，较2029年增加2.00个百分点。");
        assert_eq!(f.len(), 4);
        assert_eq!(f[0].0, "1,234.56万元");
        assert_eq!(f[0].2, "设计费用");
        assert_eq!(f[0].3.as_deref(), Some("2030"));
        assert_eq!(f[1].4, growth("2029"));
        assert_eq!(f[1].2, "设计费用");
        assert_eq!(
            f[2].4,
            Measure::Share {
                of: "营业收入".into()
            }
        );
        assert_eq!(f[2].2, "设计投入占营业收入的比例");
        assert_eq!(
            f[3].4,
            Measure::PointChange {
                base: Some("2029".into())
            }
        );
        assert_eq!(f[3].1, "2.00");
    }

    #[test]
    fn decreases_are_negative() {
        let f = facts_of("2030年公司毛利率为30.00%，比上年减少5.00个百分点。");
        assert_eq!(f[1].1, "-5.00");
        assert_eq!(f[1].2, "毛利率");
    }

    #[test]
    fn ranges_years_and_glued_rows_are_not_figures() {
        assert!(facts_of("良率约为78% - 85%。").is_empty());
        assert!(facts_of("货币资金25,143.4817,643.48-29.83%").is_empty());
        assert!(facts_of("见第8-1-5页，2022年8月实施。").is_empty());
    }

    #[test]
    fn counts_take_the_noun_after_them() {
        let f = facts_of("本集團共擁有12項專利，其中包括5項發明專利及7項實用新型專利。");
        let concepts: Vec<&str> = f.iter().map(|x| x.2.as_str()).collect();
        assert_eq!(concepts, ["專利", "發明專利", "實用新型專利"]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "%",
            "-",
            "由至",
            "分别为1%、",
            "99999999999999999999999999999999%",
            "占的比例为5%",
            "2021年至",
        ] {
            let _ = facts_of(text);
        }
    }
}
