//! Extract: turn the blocks of a document into typed figures.
//!
//! Takes a document's [`Layout`] and gives an [`Extraction`]: every table with its cells
//! read as figures, its columns' header paths, units and periods, and its rows' labels; and
//! the flat list of [`Fact`]s that rules select from.

pub mod concept;
pub mod number;
pub mod period;
pub mod prose;
mod table;
pub mod unit;

pub use table::{Column, TypedRow, TypedTable};

use rayon::prelude::*;

use crate::facts::Fact;
use crate::layout::Layout;
use crate::source::Document;

/// What was extracted from one document.
#[derive(Debug, Default)]
pub struct Extraction {
    pub tables: Vec<TypedTable>,
    pub facts: Vec<Fact>,
}

/// Extracts the tables and facts of a document.
pub fn extract(doc: &Document, layout: &Layout) -> Extraction {
    // Each table is read on its own, so a filing's tables are read in parallel (in order).
    let tables: Vec<&crate::layout::Table> = layout.tables().collect();
    let mut out = Extraction {
        tables: tables
            .par_iter()
            .enumerate()
            .map(|(index, table)| TypedTable::read(doc, index, table))
            .collect(),
        facts: Vec::new(),
    };
    // A header the PDF lost its year line from takes the years its title names, in the
    // order the document's other tables print years in.
    let newest_first = table::years_newest_first(&out.tables);
    for typed in &mut out.tables {
        typed.periods_from_title(doc, newest_first);
    }
    let per_table: Vec<Vec<Fact>> = out.tables.par_iter().map(|t| t.facts(doc)).collect();
    out.facts = per_table.into_iter().flatten().collect();
    // Prose last: `报告期各期` resolves to the periods the tables report on.
    let prose = prose::facts(doc, layout, &out.facts);
    out.facts.extend(prose);
    out
}
