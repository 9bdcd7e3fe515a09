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
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellValue {
    /// Nothing but white space or markup.
    Empty,
    /// A dash standing alone (`-`, `—`, `–`): nil, or "below the printed precision".
    Nil { span: Range<usize> },
    /// Exactly one figure, with nothing but markup and its unit around it.
    Figure(Figure),
    /// Words, or words with figures in them: a label, a date, a range.
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

/// Reads a table cell: its figure if the whole cell (markup aside) is one figure.
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
    // A change written out in words (`增加4.22个百分点`, `减少1.50%`): the word is the sign.
    let (text, direction) = match ["增加", "上升", "提高", "减少", "下降", "降低"]
        .iter()
        .find(|w| text.starts_with(**w))
    {
        Some(word) => (
            &text[word.len()..],
            Some(matches!(*word, "减少" | "下降" | "降低")),
        ),
        None => (text, None),
    };
    let word_len = cleaned.text.len() - text.len();
    let Some(caps) = cell_grammar().captures(text) else {
        return CellValue::Text;
    };
    if direction.is_some() && caps.name("sign").is_some() {
        return CellValue::Text;
    }
    let open = caps.name("open").is_some();
    let close = caps.name("close").is_some();
    if open != close {
        return CellValue::Text;
    }
    let rest = caps.name("rest").map_or("", |m| m.as_str());
    let (unit, unit_len) = if rest.is_empty() {
        (None, 0)
    } else {
        match unit_at(rest) {
            Some((unit, len)) if len == rest.len() => (Some(unit), len),
            // A term in days (`30天`, a credit period) is a count in a table cell; in prose a
            // duration is no amount, so `unit_at` leaves it out.
            _ if rest == "天" => (Some(Unit::Count), rest.len()),
            _ => return CellValue::Text,
        }
    };
    let int = caps.name("int").map_or("", |m| m.as_str());
    let frac = caps.name("frac").map_or("", |m| m.as_str());
    let negative =
        open || caps.name("sign").is_some_and(|m| m.as_str() != "+") || direction == Some(true);
    let Some(value) = decimal_from_parts(int, frac, negative) else {
        return CellValue::Text;
    };
    // The printed figure ends after its `%`, but scale and count words are not part of it.
    let end = match unit {
        Some(Unit::Percent) => text.len(),
        _ => text.len() - unit_len,
    };
    CellValue::Figure(Figure {
        span: cleaned.original_span(word_len..word_len + end),
        value,
        decimals: frac.len() as u32,
        unit,
    })
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

    mod rust_decimal_macros_free {
        /// `dec("1.5")`: a decimal literal for tests, parsed exactly.
        pub fn dec(s: &str) -> rust_decimal::Decimal {
            rust_decimal::Decimal::from_str_exact(s).unwrap()
        }
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
            "78% - 85%",
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
    fn a_cell_of_a_whole_huge_line_is_text_without_a_copy() {
        assert_eq!(read_cell(&"x".repeat(10_000_000)), CellValue::Text);
        assert_eq!(read_cell(&" ".repeat(5_000)), CellValue::Empty);
    }
}
