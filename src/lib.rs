//! tieout: a consistency audit for financial filings.
//!
//! The pipeline runs one way, one module per stage:
//! [`source`] (files → documents) → [`layout`] (blocks: tables, paragraphs) → [`extract`]
//! (typed figures) → [`facts`] → [`eval`] (rules → checks) → [`report`] (human, JSON).
//! [`rules`] reads the YAML rule files; [`cli`] wires the stages to the command line.

pub mod audit;
pub mod cli;
pub mod config;
pub mod eval;
pub mod extract;
pub mod facts;
#[doc(hidden)]
pub mod fuzzing;
pub mod layout;
pub mod progress;
pub mod report;
pub mod review;
pub mod rule_tests;
pub mod rules;
pub mod source;
