//! Tab-separated tables (filings laid out by a converter that kept cell boundaries as TABs).
//!
//! A table is a run of lines holding TABs. It may continue after a page break: blank lines,
//! page furniture and a `续上表` line, then its header printed again, then more rows.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::furniture::Furniture;
use super::markup::clean;
use super::{Cell, Lines, Row, Table, TableLayout};
use crate::extract::number::{read_cell, CellValue};

/// Lines that may stand between the two parts of a table split by a page break.
const MAX_GAP_LINES: usize = 8;

fn is_tab_row(lines: &Lines<'_>, line: usize) -> bool {
    let text = lines.text(line);
    text.contains('\t') && !text.trim().is_empty()
}

fn split_row(lines: &Lines<'_>, line: usize) -> Row {
    let span = lines.span(line);
    let text = lines.text(line);
    let mut cells = Vec::new();
    let mut start = 0;
    for piece in text.split('\t') {
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        let s = span.start + start + lead;
        cells.push(Cell {
            span: s..s + trimmed.len(),
        });
        start += piece.len() + 1;
    }
    // Trailing empty cells are layout, not columns.
    while cells.last().is_some_and(|c| c.span.is_empty()) {
        cells.pop();
    }
    Row { line, cells }
}

fn cleaned_cells(lines: &Lines<'_>, row: &Row) -> Vec<String> {
    row.cells
        .iter()
        .map(|c| clean(&lines.source()[c.span.clone()]).text)
        .collect()
}

/// Whether a row carries figures (a body row) rather than headings. Years printed alone
/// (`2024`) and the ordinal in the first cell (`1.`) do not count.
fn has_data(lines: &Lines<'_>, row: &Row) -> bool {
    let mut data = false;
    for cell in row.cells.iter().skip(1) {
        match read_cell(&lines.source()[cell.span.clone()]) {
            CellValue::Figure(f) => {
                let is_year = f.decimals == 0
                    && f.unit.is_none()
                    && (1990..=2100).contains(&f.value.mantissa())
                    && f.value.scale() == 0;
                if !is_year {
                    return true;
                }
            }
            CellValue::Nil { .. } | CellValue::Range { .. } => data = true,
            _ => {}
        }
    }
    data
}

fn unit_caption_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\s*[(（]?\s*(单位|單位|幣種|币种)\s*[:：]").expect("valid regex")
    })
}

fn is_continuation_marker(text: &str) -> bool {
    let t = clean(text).text;
    matches!(
        t.as_str(),
        "续上表" | "續上表" | "续表" | "續表" | "（续）" | "(续)" | "(續)" | "（續）"
    )
}

/// Reads the tab-separated table starting at `start`, if one does; returns it and the first
/// line after it.
pub(super) fn table_at(
    lines: &Lines<'_>,
    furniture: &Furniture,
    start: usize,
) -> Option<(Table, usize)> {
    if !is_tab_row(lines, start) {
        return None;
    }
    let mut rows = Vec::new();
    let mut line = start;
    while line < lines.len() && is_tab_row(lines, line) {
        rows.push(split_row(lines, line));
        line += 1;
    }
    if rows.len() < 2 {
        return None;
    }
    let header_len = rows.iter().take_while(|r| !has_data(lines, r)).count();
    if header_len == rows.len() {
        // Headings only, no figures: a layout grid, not a table of figures.
        return None;
    }
    let header: Vec<Row> = rows.drain(..header_len).collect();
    let mut body = rows;
    let mut last_line = line - 1;

    // Continuations after page breaks: the same header printed again.
    if let Some(first_header) = header.first().map(|r| cleaned_cells(lines, r)) {
        loop {
            let mut probe = line;
            while probe < lines.len()
                && probe - line < MAX_GAP_LINES
                && (lines.is_blank(probe)
                    || furniture.is_furniture(probe)
                    || is_continuation_marker(lines.text(probe)))
            {
                probe += 1;
            }
            if probe >= lines.len() || !is_tab_row(lines, probe) {
                break;
            }
            if cleaned_cells(lines, &split_row(lines, probe)) != first_header {
                break;
            }
            let mut next = probe;
            let mut repeated = 0;
            while next < lines.len()
                && repeated < header.len()
                && is_tab_row(lines, next)
                && cleaned_cells(lines, &split_row(lines, next))
                    == cleaned_cells(lines, &header[repeated])
            {
                next += 1;
                repeated += 1;
            }
            let before = body.len();
            while next < lines.len() && is_tab_row(lines, next) {
                body.push(split_row(lines, next));
                next += 1;
            }
            if body.len() == before {
                break;
            }
            last_line = next - 1;
            line = next;
        }
    }

    let (unit_caption, title) = captions_above(lines, start);
    Some((
        Table {
            layout: TableLayout::Tabbed,
            header,
            body,
            unit_caption,
            title,
            lines: start..last_line + 1,
        },
        line,
    ))
}

/// Finds a unit caption (`单位：万元`) and a title among the few lines above a table.
pub(super) fn captions_above(
    lines: &Lines<'_>,
    start: usize,
) -> (Option<Range<usize>>, Option<Range<usize>>) {
    let mut unit = None;
    let mut title = None;
    let mut seen = 0;
    let mut line = start;
    while line > 0 && seen < 3 {
        line -= 1;
        if lines.is_blank(line) {
            continue;
        }
        seen += 1;
        let text = lines.text(line);
        if text.contains('\t') {
            break;
        }
        if unit.is_none() && unit_caption_re().is_match(text) {
            unit = Some(trimmed_span(lines, line));
        } else if title.is_none() {
            title = Some(trimmed_span(lines, line));
            break;
        }
    }
    (unit, title)
}

fn trimmed_span(lines: &Lines<'_>, line: usize) -> Range<usize> {
    let span = lines.span(line);
    let text = lines.text(line);
    let lead = text.len() - text.trim_start().len();
    span.start + lead..span.start + lead + text.trim().len()
}
