//! Facts: the typed figures of a run, each with its place in the file, and an index that
//! lets a rule find its candidates by key instead of scanning.

use std::ops::Range;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::extract::unit::Unit;
use crate::source::DocId;

/// Where a fact was printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// A table cell: table index within the document, body row and column (0-based).
    Table {
        table: usize,
        row: usize,
        column: usize,
    },
}

/// One printed figure with what a rule needs to find it.
#[derive(Debug, Clone)]
pub struct Fact {
    pub doc: DocId,
    /// Byte span of the printed figure in the document text.
    pub span: Range<usize>,
    /// Value in printed units (see `unit` for the scale).
    pub value: Decimal,
    /// Decimals as printed.
    pub decimals: u32,
    pub unit: Unit,
    /// The row label (tables) or noun phrase (prose) the figure belongs to.
    pub concept: String,
    /// Column header path, top to bottom.
    pub column: Vec<String>,
    /// Normalised period, where one is named.
    pub period: Option<String>,
    pub origin: Origin,
}

impl Fact {
    /// The value in base units (元 for money), exact. `None` only on overflow.
    pub fn base_value(&self) -> Option<Decimal> {
        match self.unit {
            Unit::Money { scale, .. } => self.value.checked_mul(scale.multiplier()),
            _ => Some(self.value),
        }
    }
}
