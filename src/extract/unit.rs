//! Units as printed: money with a currency and a scale (元, 千元, 万元, 百萬元, 亿元),
//! percentages, percentage points and counts.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The power of ten a money figure is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// 元
    One,
    /// 千元
    Thousand,
    /// 万元 / 萬元
    TenThousand,
    /// 百万元 / 百萬元
    Million,
    /// 亿元 / 億元
    HundredMillion,
}

impl Scale {
    /// How many base units (元, 美元 …) one printed unit stands for.
    pub fn multiplier(self) -> Decimal {
        match self {
            Scale::One => Decimal::ONE,
            Scale::Thousand => Decimal::from(1_000),
            Scale::TenThousand => Decimal::from(10_000),
            Scale::Million => Decimal::from(1_000_000),
            Scale::HundredMillion => Decimal::from(100_000_000),
        }
    }

    fn word(self) -> &'static str {
        match self {
            Scale::One => "",
            Scale::Thousand => "千",
            Scale::TenThousand => "万",
            Scale::Million => "百万",
            Scale::HundredMillion => "亿",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Currency {
    /// 人民币 / 人民幣, and money with no currency named (the filings' default).
    Cny,
    Usd,
    Hkd,
}

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Unit {
    Money {
        currency: Currency,
        scale: Scale,
    },
    Percent,
    /// 个百分点 / 個百分點
    PercentagePoints,
    /// A count of things: 项, 人, 件, 家, 个 …
    Count,
    /// A length, as process nodes and bump pitches are printed (`40 μm`, `28nm`).
    Length(LengthUnit),
    /// A number with no unit printed or implied (a ratio such as 速动比率(倍), an index).
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LengthUnit {
    Nanometre,
    Micrometre,
    Millimetre,
}

impl LengthUnit {
    pub fn symbol(self) -> &'static str {
        match self {
            LengthUnit::Nanometre => "nm",
            LengthUnit::Micrometre => "μm",
            LengthUnit::Millimetre => "mm",
        }
    }
}

/// Length words as printed, longest first.
const LENGTH_WORDS: &[(&str, LengthUnit)] = &[
    ("μm", LengthUnit::Micrometre),
    ("µm", LengthUnit::Micrometre),
    ("微米", LengthUnit::Micrometre),
    ("nm", LengthUnit::Nanometre),
    ("纳米", LengthUnit::Nanometre),
    ("納米", LengthUnit::Nanometre),
    ("mm", LengthUnit::Millimetre),
    ("毫米", LengthUnit::Millimetre),
];

impl Unit {
    pub fn is_percent(self) -> bool {
        matches!(self, Unit::Percent)
    }

    /// Short name for rule selectors and `tieout facts`.
    pub fn kind_name(self) -> &'static str {
        match self {
            Unit::Money { .. } => "money",
            Unit::Percent => "percent",
            Unit::PercentagePoints => "percentage_points",
            Unit::Count => "count",
            Unit::Length(_) => "length",
            Unit::Plain => "plain",
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unit::Money { currency, scale } => {
                let name = match currency {
                    Currency::Cny => "元",
                    Currency::Usd => "美元",
                    Currency::Hkd => "港元",
                };
                write!(f, "{}{}", scale.word(), name)
            }
            Unit::Percent => f.write_str("%"),
            Unit::PercentagePoints => f.write_str("个百分点"),
            Unit::Count => f.write_str("count"),
            Unit::Length(unit) => f.write_str(unit.symbol()),
            Unit::Plain => f.write_str("-"),
        }
    }
}

impl std::str::FromStr for Unit {
    type Err = String;

    /// The unit a [`Unit`]'s `Display` names (`万元`, `百万美元`, `%`, `个百分点`, `count`,
    /// `μm`, `-`): how `tieout facts` prints a fact's unit, read back.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let unit = match name {
            "%" => Unit::Percent,
            "个百分点" => Unit::PercentagePoints,
            "count" => Unit::Count,
            "-" => Unit::Plain,
            "nm" => Unit::Length(LengthUnit::Nanometre),
            "μm" => Unit::Length(LengthUnit::Micrometre),
            "mm" => Unit::Length(LengthUnit::Millimetre),
            money => {
                let (scale, rest) = [
                    Scale::Million,
                    Scale::HundredMillion,
                    Scale::TenThousand,
                    Scale::Thousand,
                ]
                .into_iter()
                .find_map(|s| money.strip_prefix(s.word()).map(|rest| (s, rest)))
                .unwrap_or((Scale::One, money));
                let currency = match rest {
                    "元" => Currency::Cny,
                    "美元" => Currency::Usd,
                    "港元" => Currency::Hkd,
                    _ => return Err(format!("`{name}` is not a unit")),
                };
                Unit::Money { currency, scale }
            }
        };
        Ok(unit)
    }
}

/// Scale words, longest first so that 百万元 is not read as 万元.
const SCALES: &[(&str, Scale)] = &[
    ("百万", Scale::Million),
    ("百萬", Scale::Million),
    ("亿", Scale::HundredMillion),
    ("億", Scale::HundredMillion),
    ("万", Scale::TenThousand),
    ("萬", Scale::TenThousand),
    ("千", Scale::Thousand),
];

/// Reads a money unit at the start of `text` (after optional white space): an optional
/// currency prefix is not part of it (see [`currency_prefix`]). Returns the unit and the
/// number of bytes it takes. `千万元` (10^7) has no scale of its own and is not read.
pub fn money_unit_at(text: &str) -> Option<(Unit, usize)> {
    if text.starts_with("千万") || text.starts_with("千萬") {
        return None;
    }
    let mut scale = Scale::One;
    let mut len = 0;
    for (word, s) in SCALES {
        if text.starts_with(word) {
            scale = *s;
            len = word.len();
            break;
        }
    }
    let rest = &text[len..];
    let (currency, name_len) = if let Some(r) = ["美元"].iter().find(|w| rest.starts_with(**w)) {
        (Currency::Usd, r.len())
    } else if let Some(r) = ["港元", "港幣", "港币"]
        .iter()
        .find(|w| rest.starts_with(**w))
    {
        (Currency::Hkd, r.len())
    } else if rest.starts_with('元') {
        (Currency::Cny, '元'.len_utf8())
    } else {
        return None;
    };
    Some((Unit::Money { currency, scale }, len + name_len))
}

/// Currency words that stand before a figure: 人民币 / 人民幣 / 美元 / 港元 / RMB / US$ / HK$.
pub fn currency_prefix(text_before: &str) -> Option<Currency> {
    let t = text_before.trim_end();
    if t.ends_with("人民币") || t.ends_with("人民幣") || t.ends_with("RMB") {
        Some(Currency::Cny)
    } else if t.ends_with("US$") || t.ends_with("美元") {
        Some(Currency::Usd)
    } else if t.ends_with("HK$") || t.ends_with("港元") || t.ends_with("港幣") {
        Some(Currency::Hkd)
    } else {
        None
    }
}

/// Count nouns that may follow a figure.
const COUNT_WORDS: &[&str] = &[
    "项", "項", "人", "名", "件", "家", "个", "個", "台", "套", "次", "款", "颗", "顆", "片",
];

/// Reads a unit at the start of `text`: `%`, `个百分点`, a money unit or a count noun.
pub fn unit_at(text: &str) -> Option<(Unit, usize)> {
    for p in ["%", "％"] {
        if text.starts_with(p) {
            return Some((Unit::Percent, p.len()));
        }
    }
    for p in ["个百分点", "個百分點", "百分点", "百分點"] {
        if text.starts_with(p) {
            return Some((Unit::PercentagePoints, p.len()));
        }
    }
    if let Some(found) = money_unit_at(text) {
        return Some(found);
    }
    if let Some((word, unit)) = LENGTH_WORDS.iter().find(|(w, _)| text.starts_with(*w)) {
        // `nm` in `nmos` is no unit: a length word ends the word it is in.
        let after = text[word.len()..].chars().next();
        if after.is_none_or(|c| !c.is_ascii_alphabetic()) {
            return Some((Unit::Length(*unit), word.len()));
        }
    }
    COUNT_WORDS
        .iter()
        .find(|w| text.starts_with(**w))
        .map(|w| (Unit::Count, w.len()))
}

/// Finds the unit named in a header cell or a caption: `人民幣千元`, `单位：万元`, `(万元)`,
/// `金额（万元）`, `%`, `(件)`, `員工人數`. Returns `None` when the text names none.
pub fn unit_in_header(text: &str) -> Option<Unit> {
    let mut best: Option<Unit> = None;
    for (i, _) in text.char_indices() {
        let rest = &text[i..];
        if let Some((unit, len)) = money_unit_at(rest) {
            // `元` alone inside a word (e.g. 单元) is not a unit; require it to stand at the end
            // of the text or before a bracket or separator, after a currency or unit word.
            let after = rest[len..].chars().next();
            let before = text[..i].chars().next_back();
            let standalone_after = after.is_none_or(|c| !is_cjk(c) || "）)，,、/".contains(c));
            let standalone_before = before
                .is_none_or(|c| !is_cjk(c) || "：:（(币幣位額额本入用金".contains(c) || c == '民');
            if standalone_after && standalone_before {
                return Some(unit);
            }
        }
        if rest.starts_with('%') || rest.starts_with('％') {
            best = Some(Unit::Percent);
        }
        // Share words name a percentage even where the cells print no `%` (`占比` over 10.3).
        if [
            "百分比",
            "百分點",
            "百分点",
            "占比",
            "佔比",
            "比重",
            "比例",
            "份额",
            "份額",
        ]
        .iter()
        .any(|w| rest.starts_with(w))
        {
            best.get_or_insert(Unit::Percent);
        }
    }
    if best.is_none() {
        for word in [
            "(件)",
            "（件）",
            "人數",
            "人数",
            "(人)",
            "（人）",
            "(项)",
            "（项）",
            "(個)",
            "(个)",
        ] {
            if text.contains(word) {
                return Some(Unit::Count);
            }
        }
    }
    best
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(scale: Scale) -> Unit {
        Unit::Money {
            currency: Currency::Cny,
            scale,
        }
    }

    #[test]
    fn reads_scales_longest_first() {
        assert_eq!(
            money_unit_at("百萬元").map(|u| u.0),
            Some(money(Scale::Million))
        );
        assert_eq!(
            money_unit_at("万元,").map(|u| u.0),
            Some(money(Scale::TenThousand))
        );
        assert_eq!(
            money_unit_at("億元").map(|u| u.0),
            Some(money(Scale::HundredMillion))
        );
        assert_eq!(money_unit_at("元").map(|u| u.0), Some(money(Scale::One)));
        assert_eq!(
            money_unit_at("亿美元").map(|u| u.0),
            Some(Unit::Money {
                currency: Currency::Usd,
                scale: Scale::HundredMillion
            })
        );
        assert_eq!(money_unit_at("千万元"), None);
        assert_eq!(money_unit_at("万人"), None);
    }

    #[test]
    fn reads_units_in_headers() {
        assert_eq!(unit_in_header("人民幣千元"), Some(money(Scale::Thousand)));
        assert_eq!(
            unit_in_header("单位：万元"),
            Some(money(Scale::TenThousand))
        );
        assert_eq!(
            unit_in_header("金额（万元）"),
            Some(money(Scale::TenThousand))
        );
        assert_eq!(unit_in_header("%"), Some(Unit::Percent));
        assert_eq!(unit_in_header("佔總收入百分比"), Some(Unit::Percent));
        assert_eq!(unit_in_header("占比"), Some(Unit::Percent));
        assert_eq!(unit_in_header("占采购总额比例"), Some(Unit::Percent));
        assert_eq!(unit_in_header("速动比率(倍)"), None);
        assert_eq!(unit_in_header("設計產能(件)"), Some(Unit::Count));
        assert_eq!(unit_in_header("单元测试"), None);
        assert_eq!(unit_in_header("2022年"), None);
    }

    #[test]
    fn reads_units_after_figures() {
        assert_eq!(
            unit_at("个百分点").map(|u| u.0),
            Some(Unit::PercentagePoints)
        );
        assert_eq!(unit_at("%,").map(|u| u.0), Some(Unit::Percent));
        assert_eq!(unit_at("项专利").map(|u| u.0), Some(Unit::Count));
    }
}
