//! The heading lines of a glued table, cut into the table's columns.
//!
//! Headings lost their delimiters with the rows (`序号股东姓名持有股份数(股)持股比例`), and
//! words have no grammar that says where one ends. So a heading line is cut in rounds, from
//! the surest cuts to the least sure, and the first round that gives exactly the table's
//! figure columns wins:
//!
//! 1. the label headings at the start (`序号`, `股东姓名`, `项目`) are put aside;
//! 2. periods (`2023年`, `2023年 12月31日`, `2023/12/31`) and units in brackets
//!    (`出资额 (万元)`) end a heading; so does a bucket before the next (`1年以内1-2年`);
//! 3. or a period opens a heading that runs to the next period (`2024年度金额2024年度占比`);
//! 4. words that open a heading (`本期`, `期末`, `较`, `占`);
//! 5. words that close one (`比例`, `金额`, `余额`, …), added one word at a time, with and
//!    without the words of round 4.
//!
//! A line with fewer headings than columns spans them: one heading over all, equal groups, or
//! the groups its next line repeats (`2023年` over `金额 (万元)` `较前一年同期变动比例`).
//! A line no round cuts right stays whole over the label column: its figures then have no
//! column heading, which `tieout facts` shows, rather than a wrong one.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::layout::{Cell, Lines, Row};

/// Words that open a heading: a cut goes before them.
const OPENING_WORDS: &[&str] = &["本期", "期初", "期末", "截止日", "较", "占"];

/// Words that close a heading: a cut goes after them, in this order of trust.
const CLOSING_WORDS: &[&str] = &[
    "比例",
    "占比",
    "比重",
    "金额",
    "余额",
    "幅度",
    "增长率",
    "变动率",
    "数量",
    "人数",
    "合计",
    "成本",
    "费用",
    "单价",
    "毛利率",
];

fn period_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"\d{4}(?:年(?:\s?\d{1,2}(?:-\d{1,2})?月(?:\d{1,2}日)?|度|末|初)?|[/.-]\d{1,2}[/.-]\d{1,2})",
        )
        .expect("valid regex")
    })
}

/// The headings of the label columns at the start of a line (`序号合伙人姓名/名称合伙人类别`).
fn label_headings_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:序号|编号|项目|年份|年度|期间|时点|子公司|公司|\p{Han}{0,6}?(?:名称|简称|姓名|类别|类型|学历)(?:/(?:名称|姓名))?)+",
        )
        .expect("valid regex")
    })
}

/// The header rows of a glued table whose body rows have `width` cells (a label, then
/// figures).
pub(super) fn header_rows(lines: &Lines<'_>, header_lines: &[usize], width: usize) -> Vec<Row> {
    let figure_columns = width.saturating_sub(1);
    let texts: Vec<(usize, &str)> = header_lines
        .iter()
        .map(|&l| {
            let text = lines.text(l);
            let lead = text.len() - text.trim_start().len();
            (lines.span(l).start + lead, text.trim())
        })
        .collect();
    // Each line cut into one heading per column where a round allows.
    let full: Vec<Option<Vec<Range<usize>>>> = texts
        .iter()
        .map(|(_, t)| columns(t, figure_columns))
        .collect();
    texts
        .iter()
        .enumerate()
        .map(|(i, &(base, t))| {
            let next = texts
                .get(i + 1)
                .zip(full.get(i + 1).and_then(Option::as_ref));
            let cells = full[i]
                .clone()
                .or_else(|| spanning(t, figure_columns, next.map(|((_, nt), nc)| (*nt, nc))))
                .unwrap_or_else(|| {
                    let mut whole = Vec::with_capacity(figure_columns + 1);
                    whole.push(0..t.len());
                    whole.extend((0..figure_columns).map(|_| t.len()..t.len()));
                    whole
                });
            row(header_lines[i], base, t, cells)
        })
        .collect()
}

fn row(line: usize, base: usize, t: &str, cells: Vec<Range<usize>>) -> Row {
    Row {
        line,
        cells: cells
            .into_iter()
            .map(|r| {
                let piece = &t[r.clone()];
                let lead = piece.len() - piece.trim_start().len();
                let start = base + r.start + lead;
                Cell {
                    span: start..start + piece.trim().len(),
                }
            })
            .collect(),
    }
}

/// A line cut into a label heading (possibly empty) and exactly `n` figure headings.
fn columns(t: &str, n: usize) -> Option<Vec<Range<usize>>> {
    if n == 0 {
        return None;
    }
    let label_end = label_headings_re().find(t).map_or(0, |m| m.end());
    let rest = label_end..t.len();
    let mut rounds = rounds(t, rest.clone());
    rounds.push(repeated_ending_cuts(t, rest.clone(), n));
    for (round, cuts) in rounds.into_iter().enumerate() {
        let pieces = cut(t, rest.clone(), &cuts);
        if pieces.len() == n {
            let mut cells = Vec::with_capacity(n + 1);
            cells.push(0..label_end);
            cells.extend(pieces);
            return Some(cells);
        }
        // One piece too many where no label heading was recognised and periods or brackets
        // made the cuts: the first piece is a label heading the pattern did not know
        // (`类别2023年2022年`), unless it is a period or a column word.
        if label_end == 0
            && round < 2
            && pieces.len() == n + 1
            && !period_re().is_match(&t[pieces[0].clone()])
            && !CLOSING_WORDS
                .iter()
                .any(|w| t[pieces[0].clone()].contains(w))
        {
            let mut cells = Vec::with_capacity(n + 1);
            cells.push(0..pieces[0].end);
            cells.extend(pieces.into_iter().skip(1));
            return Some(cells);
        }
        if pieces.len() > n + 1 {
            // Later rounds only cut more.
            continue;
        }
    }
    None
}

/// A line with fewer headings than columns, spread over them; `next` is the line below and
/// its cut, when it has one.
fn spanning(
    t: &str,
    n: usize,
    next: Option<(&str, &Vec<Range<usize>>)>,
) -> Option<Vec<Range<usize>>> {
    let label_end = label_headings_re().find(t).map_or(0, |m| m.end());
    let rest = label_end..t.len();
    let pieces = cut(t, rest.clone(), &surest_cuts(t, rest));
    let q = pieces.len();
    if q == 0 || q >= n {
        return None;
    }
    // Where each heading's group of columns starts (0-based among the figure columns).
    let starts: Vec<usize> = if n % q == 0 {
        (0..q).map(|k| k * n / q).collect()
    } else {
        // The line below repeats a group: each heading of this line is over one repetition
        // (`金额 (万元)` `变动比例` `金额 (万元)` `变动比例` `金额 (万元)`).
        let (next_text, next_cells) = next?;
        let figures = next_cells.get(1..)?;
        let first = next_text.get(figures.first()?.clone())?.trim();
        let starts: Vec<usize> = figures
            .iter()
            .enumerate()
            .filter(|(_, r)| next_text.get((*r).clone()).map(str::trim) == Some(first))
            .map(|(i, _)| i)
            .collect();
        if starts.len() != q || starts.first() != Some(&0) {
            return None;
        }
        starts
    };
    let mut cells = Vec::with_capacity(n + 1);
    cells.push(0..label_end);
    let mut pieces = pieces.into_iter();
    for column in 0..n {
        if starts.contains(&column) {
            cells.push(pieces.next()?);
        } else {
            let end = cells.last().map_or(0, |r| r.end);
            cells.push(end..end);
        }
    }
    Some(cells)
}

/// The cut sets to try, surest first.
fn rounds(t: &str, rest: Range<usize>) -> Vec<Vec<usize>> {
    let surest = surest_cuts(t, rest.clone());
    let period_starts: Vec<usize> = period_re()
        .find_iter(&t[rest.clone()])
        .map(|m| rest.start + m.start())
        .collect();
    let opening = word_cuts(t, rest.clone(), OPENING_WORDS, true);
    let mut rounds = vec![surest.clone(), period_starts];
    let with_opening: Vec<usize> = surest.iter().chain(&opening).copied().collect();
    rounds.push(with_opening.clone());
    for base in [surest, with_opening] {
        let mut cuts = base;
        for word in CLOSING_WORDS {
            cuts.extend(word_cuts(t, rest.clone(), &[word], false));
            rounds.push(cuts.clone());
        }
    }
    rounds
}

/// The last round: a word that ends the line and is printed once per column ends each heading
/// (`南京胜科纳米福建胜科纳米南京胜科纳米福建胜科纳米` over four columns: `胜科纳米`). The
/// longest such word wins.
fn repeated_ending_cuts(t: &str, rest: Range<usize>, n: usize) -> Vec<usize> {
    let s = &t[rest.clone()];
    let starts: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    for chars in (2..=8).rev() {
        let Some(&start) = starts.len().checked_sub(chars).and_then(|i| starts.get(i)) else {
            continue;
        };
        let word = &s[start..];
        if !word.chars().all(is_han) {
            continue;
        }
        let cuts: Vec<usize> = s
            .match_indices(word)
            .map(|(i, _)| rest.start + i + word.len())
            .collect();
        if cuts.len() == n && n > 1 {
            return cuts;
        }
    }
    Vec::new()
}

/// Periods, units in brackets, and a bucket's figure after a word (`1年以内1-2年`).
fn surest_cuts(t: &str, rest: Range<usize>) -> Vec<usize> {
    let s = &t[rest.clone()];
    let mut cuts = Vec::new();
    let periods: Vec<Range<usize>> = period_re()
        .find_iter(s)
        .map(|m| rest.start + m.start()..rest.start + m.end())
        .collect();
    for p in &periods {
        cuts.push(p.start);
        cuts.push(p.end);
    }
    let mut previous: Option<char> = None;
    for (i, c) in s.char_indices() {
        let at = rest.start + i;
        if matches!(c, ')' | '）') {
            cuts.push(at + c.len_utf8());
        }
        let after_word = previous.is_some_and(is_han);
        if c.is_ascii_digit() && after_word && !periods.iter().any(|p| p.contains(&at)) {
            cuts.push(at);
        }
        previous = Some(c);
    }
    cuts
}

/// Cuts before (`opening`) or after each of `words` inside a heading: never at the ends,
/// never before a bracketed unit or a `/` that joins two headings into one (`金额/数量`),
/// never inside a longer word (`费用率`).
fn word_cuts(t: &str, rest: Range<usize>, words: &[&str], opening: bool) -> Vec<usize> {
    let s = &t[rest.clone()];
    let mut cuts = Vec::new();
    for word in words {
        for (i, _) in s.match_indices(word) {
            let at = if opening { i } else { i + word.len() };
            if at == 0 || at >= s.len() {
                continue;
            }
            let before = s[..at].chars().next_back();
            let after = s[at..].trim_start().chars().next();
            let joined = |c: Option<char>| matches!(c, Some('/' | '(' | '（' | '率' | '额'));
            if opening && !before.is_some_and(is_han) || !opening && joined(after) {
                continue;
            }
            cuts.push(rest.start + at);
        }
    }
    cuts
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// The pieces of `rest` between the cuts; a piece with no word or figure in it (a `/`
/// between two periods) joins the piece before it and the one after.
fn cut(t: &str, rest: Range<usize>, cuts: &[usize]) -> Vec<Range<usize>> {
    let mut points: Vec<usize> = cuts
        .iter()
        .copied()
        .filter(|&c| c > rest.start && c < rest.end && t.is_char_boundary(c))
        .collect();
    points.sort_unstable();
    points.dedup();
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut start = rest.start;
    let mut glue_next = false;
    for end in points.into_iter().chain(std::iter::once(rest.end)) {
        let piece = start..end;
        let empty = !t[piece.clone()].chars().any(char::is_alphanumeric);
        match pieces.last_mut() {
            Some(last) if empty || glue_next => {
                last.end = end;
                glue_next = empty;
            }
            _ if empty => {
                if start < end && !t[piece.clone()].trim().is_empty() {
                    pieces.push(piece);
                    glue_next = true;
                }
            }
            _ => pieces.push(piece),
        }
        start = end;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(t: &str, n: usize) -> Option<Vec<&str>> {
        columns(t, n).map(|cells| cells.into_iter().map(|r| t[r].trim()).collect())
    }

    #[test]
    fn label_headings_are_put_aside_and_units_end_headings() {
        assert_eq!(
            headings("序号合伙人姓名/名称合伙人类别出资额 (万元)出资比例", 2).unwrap(),
            ["序号合伙人姓名/名称合伙人类别", "出资额 (万元)", "出资比例"]
        );
        assert_eq!(
            headings("序号股东姓名持有股份数(股)持股比例", 2).unwrap(),
            ["序号股东姓名", "持有股份数(股)", "持股比例"]
        );
    }

    #[test]
    fn periods_end_headings_even_with_a_space_inside() {
        assert_eq!(
            headings("项目2023年 12月31日2022年 12月31日2021年 12月31日", 3).unwrap(),
            [
                "项目",
                "2023年 12月31日",
                "2022年 12月31日",
                "2021年 12月31日"
            ]
        );
        assert_eq!(
            headings("项目2023年末/2023年度2022年末/2022年度", 2).unwrap(),
            ["项目", "2023年末/2023年度", "2022年末/2022年度"]
        );
        assert_eq!(
            headings("2023年2022年2021年", 3).unwrap(),
            ["", "2023年", "2022年", "2021年"]
        );
    }

    #[test]
    fn a_period_and_its_column_word_are_one_heading() {
        assert_eq!(
            headings("项目2024年度金额2024年度占比", 2).unwrap(),
            ["项目", "2024年度金额", "2024年度占比"]
        );
    }

    #[test]
    fn opening_and_closing_words_cut_the_rest() {
        assert_eq!(
            headings("年度工程名称期初余额本期增加本期转入 固定资产期末余额", 4).unwrap(),
            [
                "年度工程名称",
                "期初余额",
                "本期增加",
                "本期转入 固定资产",
                "期末余额"
            ]
        );
        assert_eq!(
            headings("数量收入 金额收入 占比数量收入 金额收入 占比", 6).unwrap(),
            [
                "",
                "数量",
                "收入 金额",
                "收入 占比",
                "数量",
                "收入 金额",
                "收入 占比"
            ]
        );
        assert_eq!(
            headings("公司名称内销占比外销占比", 2).unwrap(),
            ["公司名称", "内销占比", "外销占比"]
        );
        assert_eq!(
            headings("金额/数量增长率金额/数量增长率金额/数量", 5).unwrap(),
            [
                "",
                "金额/数量",
                "增长率",
                "金额/数量",
                "增长率",
                "金额/数量"
            ]
        );
        assert_eq!(
            headings("年份生产成本研发费用管理费用销售费用合计", 5).unwrap(),
            [
                "年份",
                "生产成本",
                "研发费用",
                "管理费用",
                "销售费用",
                "合计"
            ]
        );
    }

    #[test]
    fn a_word_printed_once_per_column_ends_each_heading() {
        assert_eq!(
            headings("南京胜科纳米福建胜科纳米南京胜科纳米福建胜科纳米", 4).unwrap(),
            [
                "",
                "南京胜科纳米",
                "福建胜科纳米",
                "南京胜科纳米",
                "福建胜科纳米"
            ]
        );
    }

    #[test]
    fn a_line_no_round_cuts_right_is_not_cut() {
        // Two places over three columns: no word says where a heading ends.
        assert_eq!(headings("南京实验室福建实验室", 3), None);
    }

    #[test]
    fn fewer_headings_span_the_groups_the_next_line_repeats() {
        let next = "金额 (万元)较前一年同期变动比例金额 (万元)较前一年的 变动比例金额 (万元)";
        let next_cells = columns(next, 5).unwrap();
        let t = "项目2023年2022年2021年";
        let cells = spanning(t, 5, Some((next, &next_cells))).unwrap();
        let texts: Vec<&str> = cells.into_iter().map(|r| &t[r]).collect();
        assert_eq!(texts, ["项目", "2023年", "", "2022年", "", "2021年"]);
        let t = "2023年";
        let cells = spanning(t, 3, None).unwrap();
        let texts: Vec<&str> = cells.into_iter().map(|r| &t[r]).collect();
        assert_eq!(texts, ["", "2023年", "", ""]);
    }
}
