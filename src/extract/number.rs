//! The number lexer: printed figures as exact decimals with their printed precision.
//!
//! A figure keeps its value in the units it is printed in (`1,234.56` in a 万元 column is
//! 1234.56 with 2 decimals), never through a float. Signs: a leading `-` / `−` / `–`, or
//! parentheses `(1,234)` / `（1,234）`. A cell holding only a dash is nil.

use std::ops::Range;
use std::str::FromStr;
use std::sync::OnceLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::unit::{unit_at, Unit};
use crate::layout::markup::clean;

/// One printed figure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    /// Byte span of the figure as printed (sign, parentheses and a `%` included; markup and
    /// scale words such as 万元 not), relative to the text it was read from.
    pub span: Range<usize>,
    /// The value in printed units, signed.
    pub value: Decimal,
    /// Digits after the decimal point as printed: `33.30` has 2, `1,234` has 0.
    pub decimals: u32,
    /// A unit printed with the figure itself (`%`, `万元`, `个百分点`, `项`), if any.
    pub unit: Option<Unit>,
}

impl Figure {
    /// Half a unit of the last printed digit: the most rounding can have moved the value.
    pub fn half_unit(&self) -> Decimal {
        half_unit(self.decimals)
    }
}

/// Half a unit of the last digit of a figure printed with `decimals` decimals.
pub fn half_unit(decimals: u32) -> Decimal {
    Decimal::new(5, decimals + 1)
}

/// What a table cell holds, as far as numbers go.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CellValue {
    /// Nothing but white space or markup.
    Empty,
    /// A dash standing alone (`-`, `—`, `–`): nil, or "below the printed precision".
    Nil { span: Range<usize> },
    /// Exactly one figure, with nothing but markup and its unit around it.
    Figure(Figure),
    /// A range (`78% - 85%`) or a bound (`>55 μm`, `Sub-1.0 μm`): figures that limit a value
    /// rather than state it. Never added up; each end printed is a fact of its own.
    Range {
        low: Option<Figure>,
        high: Option<Figure>,
    },
    /// Words, or words with figures in them: a label, a date.
    Text,
}

fn cell_grammar() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?P<open>[(（])?(?P<sign>[-−－–﹣+])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?(?P<close>[)）])?(?P<rest>.*)$",
        )
        .expect("the cell grammar is a valid regex")
    })
}

/// The longest cell read as a figure. A figure with its markup and note marks is a few dozen
/// bytes; a longer cell is words (a segmenter can hand over a whole 200 MB line as one cell,
/// and cleaning a copy of it with its offset map would take eight times its size).
const MAX_FIGURE_CELL_BYTES: usize = 4096;

/// Reads a table cell: its figure if the whole cell (markup aside) is one figure, the ends of
/// a range or a bound if it is one of those.
pub fn read_cell(raw: &str) -> CellValue {
    if raw.len() > MAX_FIGURE_CELL_BYTES {
        return if raw.trim().is_empty() {
            CellValue::Empty
        } else {
            CellValue::Text
        };
    }
    let cleaned = clean(raw);
    let text = cleaned.text.as_str();
    if text.is_empty() {
        return CellValue::Empty;
    }
    // A dash is nil; a slash alone is "not applicable", which adds nothing either.
    if text
        .chars()
        .all(|c| matches!(c, '-' | '−' | '—' | '–' | '－' | '―'))
        || text == "/"
        || text == "／"
    {
        let span = cleaned.original_span(0..text.len());
        return CellValue::Nil { span };
    }
    // Every reading below needs a digit; most cells of words have none.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return CellValue::Text;
    }
    if is_security_code(text) {
        return CellValue::Text;
    }
    let in_raw = |mut f: Figure| {
        f.span = cleaned.original_span(f.span);
        f
    };
    // A note in brackets after the figure (`Sub-1.0 μm (局部硅桥内)`) is words about it.
    let text = without_note(text);
    if let Some(figure) = approximate_figure_in(text) {
        return CellValue::Figure(in_raw(figure));
    }
    match range_in(text) {
        Some((low, high)) => CellValue::Range {
            low: low.map(in_raw),
            high: high.map(in_raw),
        },
        None => CellValue::Text,
    }
}

/// A security code in brackets under a company's name (`(605111)`, `（688261）`): six bare
/// digits. A negative amount of six digits in brackets is printed with its thousands
/// separator (`(605,111)`), so six ungrouped digits in brackets are a code, not a figure.
fn is_security_code(text: &str) -> bool {
    let inner = text
        .strip_prefix(['(', '（'])
        .and_then(|t| t.strip_suffix([')', '）']));
    inner.is_some_and(|d| d.len() == 6 && d.bytes().all(|b| b.is_ascii_digit()))
}

/// `text` without a closing note in brackets that holds words and no figure.
fn without_note(text: &str) -> &str {
    let Some(inner_end) = text.strip_suffix([')', '）']).map(str::len) else {
        return text;
    };
    let Some(open) = text[..inner_end].rfind(['(', '（']) else {
        return text;
    };
    let note = &text[open..inner_end];
    let head = text[..open].trim_end();
    if head.is_empty() || note.bytes().any(|b| b.is_ascii_digit()) {
        return text;
    }
    head
}

/// Words before a figure that say it is rounded further than its digits show (`约110亿美元`):
/// the figure is read as printed.
const APPROXIMATELY: &[&str] = &["大约", "大約", "约", "約"];

fn approximate_figure_in(text: &str) -> Option<Figure> {
    let word = APPROXIMATELY.iter().find(|w| text.starts_with(**w));
    let skip = word.map_or(0, |w| w.len());
    let rest = &text[skip..];
    let lead = rest.len() - rest.trim_start().len();
    let mut figure = figure_in(rest.trim_start())?;
    figure.span = figure.span.start + skip + lead..figure.span.end + skip + lead;
    Some(figure)
}

/// Words that make a figure a bound: (word, before the figure, the figure is the upper bound).
const BOUNDS: &[(&str, bool, bool)] = &[
    ("Sub-", true, true),
    ("sub-", true, true),
    ("<", true, true),
    ("＜", true, true),
    ("≤", true, true),
    ("小于", true, true),
    ("低于", true, true),
    ("不超过", true, true),
    (">", true, false),
    ("＞", true, false),
    ("≥", true, false),
    ("大于", true, false),
    ("高于", true, false),
    ("超过", true, false),
    ("以上", false, false),
    ("以下", false, true),
    ("以内", false, true),
];

/// Separators of a range's two ends.
const RANGE_SEPARATORS: &[&str] = &["-", "~", "～", "至", "–", "—", "－"];

/// A range (`78% - 85%`, `40 μm - 55 μm`, an end without its unit: `40-55 μm`) or a bound
/// (`Sub-1.0 μm`, `>55 μm`, `30%以上`): (lower end, upper end). Two years are a period, not a
/// range of figures; ends out of order are no range.
fn range_in(text: &str) -> Option<(Option<Figure>, Option<Figure>)> {
    let shifted = |mut f: Figure, by: usize| {
        f.span = f.span.start + by..f.span.end + by;
        f
    };
    for &(word, before, upper) in BOUNDS {
        let stripped = if before {
            text.strip_prefix(word).map(|rest| (rest, word.len()))
        } else {
            text.strip_suffix(word).map(|rest| (rest, 0))
        };
        let Some((rest, offset)) = stripped else {
            continue;
        };
        let lead = rest.len() - rest.trim_start().len();
        let Some(figure) = approximate_figure_in(rest.trim()) else {
            continue;
        };
        let figure = shifted(figure, offset + lead);
        return Some(if upper {
            (None, Some(figure))
        } else {
            (Some(figure), None)
        });
    }
    for sep in RANGE_SEPARATORS {
        for (at, _) in text.match_indices(sep).filter(|(at, _)| *at > 0) {
            let (left, right) = (&text[..at], &text[at + sep.len()..]);
            let left_lead = left.len() - left.trim_start().len();
            let right_lead = right.len() - right.trim_start().len();
            let (Some(mut low), Some(high)) = (
                approximate_figure_in(left.trim()),
                approximate_figure_in(right.trim()),
            ) else {
                continue;
            };
            match (low.unit, high.unit) {
                (None, Some(unit)) => low.unit = Some(unit),
                (Some(a), Some(b)) if a != b => continue,
                (Some(_), None) => continue,
                _ => {}
            }
            let is_year = |f: &Figure| {
                f.unit.is_none()
                    && f.decimals == 0
                    && (Decimal::from(1900)..=Decimal::from(2100)).contains(&f.value)
            };
            if is_year(&low) && is_year(&high) || low.value > high.value {
                continue;
            }
            let low = shifted(low, left_lead);
            let high = shifted(high, at + sep.len() + right_lead);
            return Some((Some(low), Some(high)));
        }
    }
    None
}

/// The figure `text` holds, whole: a signed number, its unit, or a change in words
/// (`增加4.22个百分点`). The span is relative to `text`.
fn figure_in(text: &str) -> Option<Figure> {
    // A change written out in words (`增加4.22个百分点`, `减少1.50%`): the word is the sign.
    let (text, direction, word_len) = match ["增加", "上升", "提高", "减少", "下降", "降低"]
        .iter()
        .find(|w| text.starts_with(**w))
    {
        Some(word) => (
            &text[word.len()..],
            Some(matches!(*word, "减少" | "下降" | "降低")),
            word.len(),
        ),
        None => (text, None, 0),
    };
    let caps = CellParts::of(text)?;
    if direction.is_some() && caps.sign.is_some() {
        return None;
    }
    let open = caps.open;
    let close = caps.close;
    if open != close {
        return None;
    }
    let rest = caps.rest;
    // A unit may stand a space apart from its figure (`40 μm`, `1,458.52 万元`).
    let unit_text = rest.trim_start();
    let (unit, unit_len) = if rest.is_empty() {
        (None, 0)
    } else {
        match unit_at(unit_text) {
            Some((unit, len)) if len == unit_text.len() => (Some(unit), rest.len()),
            // A term in days (`30天`, a credit period) is a count in a table cell; in prose a
            // duration is no amount, so `unit_at` leaves it out.
            _ if rest == "天" => (Some(Unit::Count), rest.len()),
            _ => return None,
        }
    };
    let int = caps.int;
    let frac = caps.frac;
    let negative = open || caps.sign.is_some_and(|s| s != "+") || direction == Some(true);
    let value = decimal_from_parts(int, frac, negative)?;
    // The printed figure ends after its `%`, but scale and count words are not part of it.
    let end = match unit {
        Some(Unit::Percent) if unit_text.len() == rest.len() => text.len(),
        _ => text.len() - unit_len,
    };
    Some(Figure {
        span: word_len..word_len + end,
        value,
        decimals: frac.len() as u32,
        unit,
    })
}

/// The parts of a cell the cell grammar (see [`cell_grammar`]) reads: bracket, sign, integer
/// digits (with their separators), fraction digits, bracket, and the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CellParts<'a> {
    open: bool,
    sign: Option<&'a str>,
    int: &'a str,
    frac: &'a str,
    close: bool,
    rest: &'a str,
}

impl<'a> CellParts<'a> {
    /// Reads `text` as the cell grammar does. Every cell with a digit goes through here, so
    /// the common case — ASCII digits — is read by hand, exactly as the regex would read it;
    /// anything else (another script's digits, a line break) is left to the regex.
    fn of(text: &'a str) -> Option<Self> {
        let needs_regex = text
            .chars()
            .any(|c| c == '\n' || (!c.is_ascii() && c.is_numeric()));
        if needs_regex {
            return Self::by_regex(text);
        }
        let mut at = 0;
        let open = text.starts_with(['(', '（']);
        if open {
            at += text[at..].chars().next().map_or(0, char::len_utf8);
        }
        let sign = text[at..]
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '−' | '－' | '–' | '﹣' | '+'))
            .map(|c| &text[at..at + c.len_utf8()]);
        if let Some(sign) = sign {
            at += sign.len();
        }
        let bytes = text.as_bytes();
        let digits_from = |from: usize| {
            bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let lead = digits_from(at);
        if lead == 0 {
            return None;
        }
        // `\d{1,3}(?:,\d{3})+` first: one to three digits, then as many `,ddd` as there are.
        let mut int_end = at + lead;
        let mut groups = 0;
        if lead <= 3 {
            let mut end = int_end;
            while bytes.get(end) == Some(&b',') && digits_from(end + 1) >= 3 {
                end += 4;
                groups += 1;
            }
            if groups > 0 {
                int_end = end;
            }
        }
        let int = &text[at..int_end];
        at = int_end;
        let mut frac = "";
        if bytes.get(at) == Some(&b'.') {
            let n = digits_from(at + 1);
            if n > 0 {
                frac = &text[at + 1..at + 1 + n];
                at += 1 + n;
            }
        }
        let close = text[at..].starts_with([')', '）']);
        if close {
            at += text[at..].chars().next().map_or(0, char::len_utf8);
        }
        Some(Self {
            open,
            sign,
            int,
            frac,
            close,
            rest: &text[at..],
        })
    }

    fn by_regex(text: &'a str) -> Option<Self> {
        let caps = cell_grammar().captures(text)?;
        let part = |name: &str| caps.name(name).map(|m| m.as_str());
        Some(Self {
            open: part("open").is_some(),
            sign: part("sign"),
            int: part("int").unwrap_or(""),
            frac: part("frac").unwrap_or(""),
            close: part("close").is_some(),
            rest: part("rest").unwrap_or(""),
        })
    }
}

/// Builds an exact decimal from the integer digits (with thousands separators), the fraction
/// digits and the sign. `None` when it does not fit a `Decimal` (28 significant digits).
pub fn decimal_from_parts(int: &str, frac: &str, negative: bool) -> Option<Decimal> {
    let mut digits = String::with_capacity(int.len() + frac.len() + 2);
    if negative {
        digits.push('-');
    }
    digits.extend(int.chars().filter(|c| *c != ','));
    if !frac.is_empty() {
        digits.push('.');
        digits.push_str(frac);
    }
    if digits.len() > 29 {
        return None;
    }
    Decimal::from_str_exact(&digits)
        .or_else(|_| Decimal::from_str(&digits))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros_free::dec;

    proptest::proptest! {
        /// The hand reading of a cell is the cell grammar's, on strings of the characters
        /// that matter to it.
        #[test]
        fn cell_parts_read_by_hand_are_the_regexs(
            text in "[0-9,.()（）+\\-−－–﹣%万元 a个]{0,14}"
        ) {
            proptest::prop_assert_eq!(CellParts::of(&text), CellParts::by_regex(&text));
        }
    }

    #[test]
    fn cell_parts_read_by_hand_are_the_regexs_on_printed_forms() {
        for text in [
            "1,234.56",
            "(1,234)",
            "（1,234.5）",
            "-29.83%",
            "−0.5",
            "+12",
            "1234,567",
            "12,3456",
            "1,23",
            "0.1234",
            "12.",
            ".5",
            "(12",
            "12)",
            "－1,000,000.00万元",
            "１２",
            "١٢٣",
            "12\n3",
            "增加4.22个百分点",
            "1,234,567,890.123456",
            "",
        ] {
            assert_eq!(CellParts::of(text), CellParts::by_regex(text), "{text:?}");
        }
    }

    mod rust_decimal_macros_free {
        /// `dec("1.5")`: a decimal literal for tests, parsed exactly.
        pub fn dec(s: &str) -> rust_decimal::Decimal {
            rust_decimal::Decimal::from_str_exact(s).unwrap()
        }
    }

    #[test]
    fn a_security_code_in_brackets_is_no_figure() {
        assert_eq!(read_cell("(605111)"), CellValue::Text);
        assert_eq!(read_cell("（688261）"), CellValue::Text);
        assert_eq!(figure("(605,111)").value, dec("-605111"));
        assert_eq!(figure("(12.5)").value, dec("-12.5"));
    }

    fn figure(raw: &str) -> Figure {
        match read_cell(raw) {
            CellValue::Figure(f) => f,
            other => panic!("{raw:?} read as {other:?}"),
        }
    }

    #[test]
    fn thousands_and_decimals() {
        let f = figure("25,143.48");
        assert_eq!(f.value, dec("25143.48"));
        assert_eq!(f.decimals, 2);
        assert_eq!(f.span, 0..9);
        assert_eq!(f.half_unit(), dec("0.005"));
        let f = figure("2,696,802,000");
        assert_eq!(f.value, dec("2696802000"));
        assert_eq!(f.decimals, 0);
    }

    #[test]
    fn printed_precision_is_kept() {
        let f = figure("33.30");
        assert_eq!(f.decimals, 2);
        assert_eq!(f.value.to_string(), "33.30");
    }

    #[test]
    fn signs_and_parentheses() {
        assert_eq!(figure("-29.83%").value, dec("-29.83"));
        assert_eq!(figure("−5").value, dec("-5"));
        assert_eq!(figure("(1,234)").value, dec("-1234"));
        let f = figure("（1,234）");
        assert_eq!(f.value, dec("-1234"));
        assert_eq!(f.span, 0.."（1,234）".len());
    }

    #[test]
    fn percent_is_part_of_the_figure() {
        let f = figure("0.02%");
        assert_eq!(f.unit, Some(Unit::Percent));
        assert_eq!(f.span, 0..5);
    }

    #[test]
    fn markup_is_skipped_but_not_in_the_span() {
        let raw = "<u>269,399</u>";
        let f = figure(raw);
        assert_eq!(&raw[f.span.clone()], "269,399");
        assert_eq!(f.value, dec("269399"));
        let raw = " 1,234 ⁽¹⁾";
        assert_eq!(&raw[figure(raw).span], "1,234");
    }

    #[test]
    fn dashes_alone_are_nil() {
        for raw in ["-", "—", "–", " - ", "--", "/"] {
            assert!(matches!(read_cell(raw), CellValue::Nil { .. }), "{raw}");
        }
    }

    #[test]
    fn words_dates_and_ranges_are_text() {
        for raw in [
            "2021年",
            "CN202210485627.5",
            "南京",
            "64,280.6平方米",
            "1,2345",
        ] {
            assert_eq!(read_cell(raw), CellValue::Text, "{raw}");
        }
    }

    #[test]
    fn a_change_in_words_is_a_signed_figure() {
        let raw = "增加4.22个百分点";
        let f = figure(raw);
        assert_eq!(f.value, dec("4.22"));
        assert_eq!(f.unit, Some(Unit::PercentagePoints));
        assert_eq!(&raw[f.span], "4.22");
        let f = figure("减少1.50%");
        assert_eq!(f.value, dec("-1.50"));
        assert_eq!(f.unit, Some(Unit::Percent));
    }

    #[test]
    fn a_term_in_days_is_a_count_in_a_cell() {
        let f = figure("30天");
        assert_eq!(f.unit, Some(Unit::Count));
        assert_eq!(f.span, 0..2);
    }

    #[test]
    fn money_and_count_units_in_a_cell() {
        let f = figure("5,866.02万元");
        assert!(matches!(f.unit, Some(Unit::Money { .. })));
        assert_eq!(f.span, 0..8);
        assert_eq!(figure("211项").unit, Some(Unit::Count));
    }

    #[test]
    fn overlong_numbers_are_text_not_a_panic() {
        assert_eq!(read_cell(&"9".repeat(40)), CellValue::Text);
    }

    #[test]
    fn an_approximate_figure_is_read_as_printed() {
        let raw = "约110亿美元";
        let f = figure(raw);
        assert_eq!(f.value, dec("110"));
        assert!(matches!(f.unit, Some(Unit::Money { .. })));
        assert_eq!(&raw[f.span], "110");
    }

    #[test]
    fn ranges_and_bounds_give_their_ends() {
        let ends = |raw: &str| match read_cell(raw) {
            CellValue::Range { low, high } => (
                low.map(|f| (raw[f.span].to_string(), f.value, f.unit)),
                high.map(|f| (raw[f.span].to_string(), f.value, f.unit)),
            ),
            other => panic!("{raw:?} read as {other:?}"),
        };
        let (low, high) = ends("78% - 85%");
        assert_eq!(low, Some(("78%".into(), dec("78"), Some(Unit::Percent))));
        assert_eq!(high, Some(("85%".into(), dec("85"), Some(Unit::Percent))));
        let (low, high) = ends("40 μm - 55 μm");
        assert_eq!(low.unwrap().0, "40");
        assert_eq!(high.unwrap().0, "55");
        let (low, high) = ends("Sub-1.0 μm");
        assert_eq!(low, None);
        assert_eq!(high.unwrap().1, dec("1.0"));
        let (low, high) = ends(">55 μm");
        assert_eq!(low.unwrap().1, dec("55"));
        assert_eq!(high, None);
        let (_, high) = ends("Sub-1.0 μm (局部硅桥内)");
        assert_eq!(high.unwrap().0, "1.0");
        let (low, _) = ends("40-55 μm");
        assert!(matches!(low.unwrap().2, Some(Unit::Length(_))));
    }

    #[test]
    fn years_and_page_numbers_are_no_range() {
        for raw in ["2021-2023", "8-1-12", "1-2年"] {
            assert_eq!(read_cell(raw), CellValue::Text, "{raw}");
        }
    }

    #[test]
    fn a_cell_of_a_whole_huge_line_is_text_without_a_copy() {
        assert_eq!(read_cell(&"x".repeat(10_000_000)), CellValue::Text);
        assert_eq!(read_cell(&" ".repeat(5_000)), CellValue::Empty);
    }
}
