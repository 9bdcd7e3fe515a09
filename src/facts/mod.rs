//! Facts: the typed figures of a run, each with its place in the file and what a rule needs
//! to find it — a concept, a period, the column it stands in, what it measures.

use std::ops::Range;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub mod export;

use crate::extract::unit::Unit;
use crate::source::DocId;

/// Where a fact was printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// A table cell: table index within the document, body row and column (0-based).
    Table {
        table: usize,
        row: usize,
        column: usize,
    },
    /// A sentence of prose: the byte span of the sentence in the document.
    Prose { sentence: Range<usize> },
}

/// What a figure measures, beyond its unit. Prose says it in words (`同比增长 62.85%`,
/// `比上年减少 9.51 个百分点`, `占营业收入的比例为 45.08%`); rules use it to pair the figure
/// with the figures it is computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Measure {
    /// The amount, count or rate itself.
    #[default]
    Level,
    /// A growth rate of the concept from `base` (a period) to the fact's period.
    Growth { base: Option<String> },
    /// A change in percentage points of the concept from `base` to the fact's period.
    PointChange { base: Option<String> },
    /// A change of an amount or count from `base` to the fact's period, in the fact's unit
    /// (`毛利额较上年度下降 1,726.34 万元`: −1,726.34). Not a level: a rule comparing
    /// levels must not take it for one.
    Change { base: Option<String> },
    /// The concept as a share of another concept (`of`), in percent.
    Share { of: String },
    /// A compound annual growth rate of the concept from `first` to `last`.
    Cagr {
        first: Option<String>,
        last: Option<String>,
    },
}

/// Whether a figure is one the document asserts of itself. Only stated figures are compared
/// with each other: a scenario, a quotation of an earlier filing or the part of a change one
/// cause explains is a real printing, but not the document's figure for its concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// The document's own figure for its concept and period.
    #[default]
    Stated,
    /// A scenario or forecast: `如公司以现金方式分配的利润为4,000万元`, `假设…`, `预计…`, or
    /// a table titled as one (`…的预测`).
    Hypothetical,
    /// The exchange's question quoting the application as filed then (`根据申报材料：…`):
    /// its periods and figures may predate the reply's.
    Quoted,
    /// The part of a change attributed to one cause (`单位成本下降，使得毛利率上升 17.16 个
    /// 百分点`), not the whole change.
    Contribution,
    /// A figure of an adjusted whole the document does not print (`扣除新增控股子公司形成的收入
    /// 803.67万元后，较2024年同期的2,231.30万元增长64.89%`).
    Adjusted,
}

impl Stance {
    pub fn name(self) -> &'static str {
        match self {
            Stance::Stated => "stated",
            Stance::Hypothetical => "hypothetical",
            Stance::Quoted => "quoted",
            Stance::Contribution => "contribution",
            Stance::Adjusted => "adjusted",
        }
    }
}

/// One printed figure with what a rule needs to find it.
#[derive(Debug, Clone)]
pub struct Fact {
    pub doc: DocId,
    /// Byte span of the printed figure in the document text.
    pub span: Range<usize>,
    /// Value in printed units (see `unit` for the scale). In prose, a growth or change printed
    /// after a word of decrease (`同比下降 5.00%`, `减少 9.51 个百分点`) is negative.
    pub value: Decimal,
    /// Decimals as printed.
    pub decimals: u32,
    pub unit: Unit,
    /// The row label (tables) or noun phrase (prose) the figure belongs to, as printed
    /// (markup removed).
    pub concept: String,
    /// Normalised period: `2022` (a year), `2022-01~06` (months of a year), `2022-06-30` (an
    /// instant). A duration has a year and possibly months; an instant has a day.
    pub period: Option<String>,
    /// Column header path, top to bottom (tables); empty for prose.
    pub column: Vec<String>,
    pub measure: Measure,
    pub origin: Origin,
    /// Whether the document asserts the figure (a table's, unless its title is a forecast's).
    pub stance: Stance,
}

impl Fact {
    /// What the figure is a figure of, without its place: `营业收入 @ 2024年度` (concept and
    /// column heading) in a table, `营业收入 @ 2024` (concept and period) in prose.
    pub fn label(&self) -> String {
        let qualifier = if self.column.is_empty() {
            self.period.clone().unwrap_or_default()
        } else {
            self.column.join(" / ")
        };
        format!("{} @ {qualifier}", self.concept)
    }

    /// The value in base units (元 for money), exact. `None` only on overflow.
    pub fn base_value(&self) -> Option<Decimal> {
        match self.unit {
            Unit::Money { scale, .. } => self.value.checked_mul(scale.multiplier()),
            _ => Some(self.value),
        }
    }
}
