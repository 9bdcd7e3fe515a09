//! Space-aligned tables, as `pdftotext -layout` prints them: cells separated by runs of two or
//! more spaces (ASCII or typographic, such as U+2002 EN SPACE), figures right-aligned in their
//! column, often a blank line between every printed line.
//!
//! Only the clear cases are read: a body row is a label followed by figures and nothing else.
//! A row that does not read so (a wrapped label, a text cell among the figures) ends the
//! table, and a table whose neighbouring lines look like rows left out is not read at all:
//! a table with rows missing would foot falsely.

use std::ops::Range;

use super::furniture::Furniture;
use super::tabbed::captions_above;
use super::{Cell, Lines, Row, Table, TableLayout};
use crate::extract::number::{read_cell, CellValue};

/// Header lines read above the first body row.
const MAX_HEADER_LINES: usize = 3;
/// Consecutive blank lines allowed between two rows.
const MAX_BLANKS: usize = 2;
/// Lines that may stand between two rows when page furniture is among them.
const MAX_FURNITURE_GAP: usize = 8;
/// A line at least this long above a table is prose, not a wrapped cell.
const MIN_PROSE_CHARS: usize = 16;
/// How far (in characters) a figure's right edge may stand from its column's.
const ALIGN_TOLERANCE: usize = 3;

fn is_layout_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{3000}'
    )
}

/// What a chunk of a line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A figure (not a year) or a nil dash.
    Data,
    /// A year printed alone: a heading.
    Year,
    Text,
}

/// A run of text between runs of two or more spaces.
#[derive(Debug, Clone)]
struct Chunk {
    /// Absolute byte span in the document.
    bytes: Range<usize>,
    /// Character columns in the line: first character, and one past the last.
    left: usize,
    right: usize,
    kind: Kind,
}

impl Chunk {
    fn center2(&self) -> usize {
        self.left + self.right
    }
}

fn kind_of(text: &str) -> Kind {
    match read_cell(text) {
        CellValue::Figure(f) => {
            let is_year = f.decimals == 0
                && f.unit.is_none()
                && f.value.scale() == 0
                && (1990..=2100).contains(&f.value.mantissa());
            if is_year {
                Kind::Year
            } else {
                Kind::Data
            }
        }
        CellValue::Nil { .. } => Kind::Data,
        _ => Kind::Text,
    }
}

/// Splits a line into chunks at runs of two or more spaces. Lines with TABs have none.
fn chunks(lines: &Lines<'_>, line: usize) -> Vec<Chunk> {
    let text = lines.text(line);
    if text.contains('\t') {
        return Vec::new();
    }
    let base = lines.span(line).start;
    let mut out = Vec::new();
    // (byte start, char column) of the chunk being read, and (byte end, char end) of its
    // last non-space character.
    let mut current: Option<(usize, usize, usize, usize)> = None;
    let mut spaces = 0;
    for (col, (at, c)) in text.char_indices().enumerate() {
        if is_layout_space(c) || c == '\r' || c == '\n' {
            spaces += 1;
            continue;
        }
        let end = at + c.len_utf8();
        match current.as_mut() {
            Some(chunk) if spaces < 2 => {
                chunk.2 = end;
                chunk.3 = col + 1;
            }
            _ => {
                if let Some((s, l, e, r)) = current.take() {
                    out.push((s, l, e, r));
                }
                current = Some((at, col, end, col + 1));
            }
        }
        spaces = 0;
    }
    if let Some(chunk) = current {
        out.push(chunk);
    }
    out.into_iter()
        .map(|(s, l, e, r)| Chunk {
            bytes: base + s..base + e,
            left: l,
            right: r,
            kind: kind_of(&text[s..e]),
        })
        .collect()
}

/// A body row: a label (or none) and then figures only, at least two of them.
fn body_row(chunks: &[Chunk]) -> Option<(Option<&Chunk>, &[Chunk])> {
    let (label, figures) = match chunks.first()?.kind {
        Kind::Data => (None, chunks),
        _ => (Some(&chunks[0]), &chunks[1..]),
    };
    if figures.len() < 2 || figures.iter().any(|c| c.kind != Kind::Data) {
        return None;
    }
    Some((label, figures))
}

/// A header line: two chunks or more, no figure among them.
fn is_header(chunks: &[Chunk]) -> bool {
    chunks.len() >= 2 && chunks.iter().all(|c| c.kind != Kind::Data)
}

/// A line that holds figures among several chunks: a table row of some kind.
fn looks_tabular(chunks: &[Chunk]) -> bool {
    chunks.len() >= 2 && chunks.iter().any(|c| c.kind == Kind::Data)
}

/// A line that may stand just above a table: a unit caption, a line of prose or a title
/// ending a sentence, not a fragment of a wrapped cell nor a row of the table.
fn is_lead_in(text: &str, chunks: &[Chunk]) -> bool {
    let text = text.trim_matches(is_layout_space);
    if chunks.len() != 1 {
        return false;
    }
    let caption = ["单位", "單位", "币种", "幣種"]
        .iter()
        .any(|w| text.contains(w));
    caption
        || text.ends_with([':', '：', '。', ';', '；'])
        || text.chars().count() >= MIN_PROSE_CHARS
}

/// The next non-blank line after `line` within the gap allowed between rows, skipping page
/// furniture.
fn next_content(lines: &Lines<'_>, furniture: &Furniture, line: usize) -> Option<usize> {
    let mut probe = line + 1;
    let mut blanks = 0;
    let mut saw_furniture = false;
    while probe < lines.len() {
        if lines.is_blank(probe) {
            blanks += 1;
        } else if furniture.is_furniture(probe) {
            saw_furniture = true;
        } else {
            return Some(probe);
        }
        let gap = probe - line;
        if (!saw_furniture && blanks > MAX_BLANKS) || gap > MAX_FURNITURE_GAP {
            return None;
        }
        probe += 1;
    }
    None
}

/// The nearest non-blank, non-furniture line above `line`, within the gap allowed.
fn previous_content(lines: &Lines<'_>, furniture: &Furniture, line: usize) -> Option<usize> {
    let mut probe = line;
    let mut blanks = 0;
    while probe > 0 {
        probe -= 1;
        if lines.is_blank(probe) {
            blanks += 1;
            if blanks > MAX_BLANKS {
                return None;
            }
        } else if !furniture.is_furniture(probe) {
            return Some(probe);
        }
        if line - probe > MAX_FURNITURE_GAP {
            return None;
        }
    }
    None
}

/// A figure column: where its figures end (median right edge) and begin (leftmost edge).
#[derive(Debug, Clone, Copy)]
struct Column {
    left: usize,
    right: usize,
}

impl Column {
    fn center2(&self) -> usize {
        self.left + self.right
    }
}

fn median(values: &mut [usize]) -> usize {
    values.sort_unstable();
    values[values.len() / 2]
}

/// Reads the space-aligned table starting at `start` (its first header line or body row), if
/// one does; returns it and the first line after it.
pub(super) fn table_at(
    lines: &Lines<'_>,
    furniture: &Furniture,
    start: usize,
) -> Option<(Table, usize)> {
    if lines.is_blank(start) || furniture.is_furniture(start) {
        return None;
    }
    // Header lines, then the first body row.
    let mut header_lines: Vec<(usize, Vec<Chunk>)> = Vec::new();
    let mut line = start;
    let first_body = loop {
        let cs = chunks(lines, line);
        if body_row(&cs).is_some() {
            break line;
        }
        if !is_header(&cs) || header_lines.len() == MAX_HEADER_LINES {
            return None;
        }
        header_lines.push((line, cs));
        line = next_content(lines, furniture, line)?;
    };
    // Rows or headings left out above (a wrapped label, a text cell) would make the table
    // foot falsely: the table must start below a caption or prose.
    if let Some(above) = previous_content(lines, furniture, start) {
        if !is_lead_in(lines.text(above), &chunks(lines, above)) {
            return None;
        }
    }

    // Body rows.
    let mut body_lines: Vec<(usize, Vec<Chunk>)> = Vec::new();
    let mut line = first_body;
    loop {
        let cs = chunks(lines, line);
        if body_row(&cs).is_none() {
            if looks_tabular(&cs) {
                return None;
            }
            break;
        }
        body_lines.push((line, cs));
        match next_content(lines, furniture, line) {
            Some(next) => line = next,
            None => break,
        }
    }
    if body_lines.len() < 2 {
        return None;
    }
    let last_line = body_lines.last().map(|(l, _)| *l)?;

    // Figure columns, from the rows that print every one of them.
    let width = body_lines
        .iter()
        .filter_map(|(_, cs)| body_row(cs).map(|(_, f)| f.len()))
        .max()?;
    let mut lefts = vec![Vec::new(); width];
    let mut rights = vec![Vec::new(); width];
    for (_, cs) in &body_lines {
        let (_, figures) = body_row(cs)?;
        if figures.len() == width {
            for (k, f) in figures.iter().enumerate() {
                lefts[k].push(f.left);
                rights[k].push(f.right);
            }
        }
    }
    let columns: Vec<Column> = lefts
        .iter_mut()
        .zip(rights.iter_mut())
        .map(|(l, r)| Column {
            left: *l.iter().min().unwrap_or(&0),
            right: median(r),
        })
        .collect();

    let mut body = Vec::new();
    for (line, cs) in &body_lines {
        let (label, figures) = body_row(cs)?;
        let slots = if figures.len() == width {
            (0..width).collect()
        } else {
            place_figures(figures, &columns)?
        };
        let row_start = cs.first()?.bytes.start;
        let mut cells = vec![label.map_or(row_start..row_start, |c| c.bytes.clone())];
        let mut next = 0;
        for (f, slot) in figures.iter().zip(slots) {
            while next < slot {
                let at = cells.last().map_or(row_start, |c: &Range<usize>| c.end);
                cells.push(at..at);
                next += 1;
            }
            cells.push(f.bytes.clone());
            next += 1;
        }
        while cells.len() < width + 1 {
            let at = cells.last().map_or(row_start, |c| c.end);
            cells.push(at..at);
        }
        body.push(Row {
            line: *line,
            cells: cells.into_iter().map(|span| Cell { span }).collect(),
        });
    }

    let header = header_lines
        .iter()
        .map(|(line, cs)| header_row(*line, cs, &columns))
        .collect();

    let (unit_caption, title) = captions_above(lines, start);
    Some((
        Table {
            layout: TableLayout::Aligned,
            header,
            body,
            unit_caption,
            title,
            lines: start..last_line + 1,
        },
        last_line + 1,
    ))
}

/// The columns of the figures of a row that leaves some empty, by the position of their right
/// edges; `None` when a figure stands under no column.
fn place_figures(figures: &[Chunk], columns: &[Column]) -> Option<Vec<usize>> {
    let mut slots = Vec::with_capacity(figures.len());
    let mut from = 0;
    for f in figures {
        let (slot, distance) = columns
            .iter()
            .enumerate()
            .skip(from)
            .map(|(k, c)| (k, c.right.abs_diff(f.right)))
            .min_by_key(|(_, d)| *d)?;
        if distance > ALIGN_TOLERANCE {
            return None;
        }
        slots.push(slot);
        from = slot + 1;
    }
    Some(slots)
}

/// A header line's chunks put into columns: in order when it has one per column, else each
/// under the column whose centre is nearest its own (left of the figures: the label column).
fn header_row(line: usize, cs: &[Chunk], columns: &[Column]) -> Row {
    let width = columns.len() + 1;
    let first_left = columns.first().map_or(0, |c| c.left);
    let slots: Vec<usize> = if cs.len() == width {
        (0..width).collect()
    } else if cs.len() == columns.len() && cs[0].center2() >= 2 * first_left {
        (1..width).collect()
    } else {
        cs.iter()
            .map(|c| {
                if c.center2() < 2 * first_left {
                    0
                } else {
                    columns
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, col)| col.center2().abs_diff(c.center2()))
                        .map_or(0, |(k, _)| k + 1)
                }
            })
            .collect()
    };
    let row_start = cs.first().map_or(0, |c| c.bytes.start);
    let mut cells: Vec<Option<Range<usize>>> = vec![None; width];
    for (c, slot) in cs.iter().zip(slots) {
        let cell = &mut cells[slot];
        *cell = Some(match cell.take() {
            // Two chunks under one column: one heading printed with a wide gap.
            Some(span) => span.start..c.bytes.end,
            None => c.bytes.clone(),
        });
    }
    let mut at = row_start;
    let cells = cells
        .into_iter()
        .map(|span| {
            let span = span.unwrap_or(at..at);
            at = span.end;
            Cell { span }
        })
        .collect();
    Row { line, cells }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{layout, Block};
    use crate::source::Document;

    fn doc(text: &str) -> Document {
        Document::new(0, "t.txt".into(), text.to_string())
    }

    fn tables(text: &str) -> Vec<Table> {
        layout(&doc(text))
            .blocks
            .into_iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                Block::Paragraph(_) => None,
            })
            .collect()
    }

    fn cell_texts<'a>(text: &'a str, row: &Row) -> Vec<&'a str> {
        row.cells.iter().map(|c| &text[c.span.clone()]).collect()
    }

    #[test]
    fn reads_a_table_with_en_spaces_and_blank_lines() {
        // Layout spaces are EN SPACEs (`~` below), as in pdftotext output.
        let text = [
            "费用情况如下:",
            "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~单位:万元",
            "~~科目~~~~~~2030 年~~~~~2029 年",
            "甲类~~~~~~~~120.50~~~~~80.25",
            "乙类~~~~~~~~~~9.50~~~~~19.75",
            "~~合计~~~~~~130.00~~~~100.00",
            "以上为说明。",
            "",
        ]
        .join("\n\n")
        .replace('~', "\u{2002}");
        let found = tables(&text);
        assert_eq!(found.len(), 1);
        let t = &found[0];
        assert_eq!(t.layout, TableLayout::Aligned);
        assert_eq!(t.header.len(), 1);
        assert_eq!(
            cell_texts(&text, &t.header[0]),
            ["科目", "2030 年", "2029 年"]
        );
        assert_eq!(t.body.len(), 3);
        assert_eq!(cell_texts(&text, &t.body[0]), ["甲类", "120.50", "80.25"]);
        assert_eq!(cell_texts(&text, &t.body[2]), ["合计", "130.00", "100.00"]);
        assert_eq!(t.body[2].line, 10);
        assert_eq!(&text[t.unit_caption.clone().unwrap()], "单位:万元");
        assert_eq!(&text[t.title.clone().unwrap()], "费用情况如下:");
    }

    #[test]
    fn places_figures_of_a_short_row_by_position() {
        let text = "项目      本期      上期      变动\n\
                    \n\
                    甲      10.00     20.00     -10.00\n\
                    \n\
                    乙                 5.00      -5.00\n\
                    \n\
                    丙      30.00               30.00\n";
        let found = tables(text);
        assert_eq!(found.len(), 1);
        let t = &found[0];
        assert_eq!(cell_texts(text, &t.body[1]), ["乙", "", "5.00", "-5.00"]);
        assert_eq!(cell_texts(text, &t.body[2]), ["丙", "30.00", "", "30.00"]);
        assert!(t.body[1].cells[1].span.is_empty());
    }

    #[test]
    fn positions_a_short_header_line_by_centre() {
        let text = "名称          金额                比例\n\
                    \n\
                    甲        100.00      50.00%      8.00\n\
                    \n\
                    乙        100.00      50.00%      9.00\n";
        let t = &tables(text)[0];
        assert_eq!(cell_texts(text, &t.header[0]), ["名称", "金额", "", "比例"]);
    }

    #[test]
    fn prose_with_figures_is_no_table() {
        let text = "公司本年收入为 1,000.00 万元,较上年增长 10.00%。\n\n\
                    其中  外销收入 200.00 万元,内销收入 800.00 万元。\n\n\
                    营业成本为 600.00 万元,毛利率为 40.00%。\n";
        assert!(tables(text).is_empty());
    }

    #[test]
    fn a_row_with_a_text_cell_among_the_figures_rejects_the_run() {
        // The middle row would be left out, and the total would not foot.
        let text = "甲    10.00    20.00\n\n乙    说明    5.00    6.00\n\n合计    15.00    26.00\n";
        assert!(tables(text).is_empty());
    }

    #[test]
    fn a_single_row_is_no_table() {
        let text = "合计    15.00    26.00\n\n下文说明。\n";
        assert!(tables(text).is_empty());
    }

    #[test]
    fn spans_are_exact_bytes_with_multibyte_spaces() {
        let text = "\u{2002}\u{2002}甲\u{2002}\u{2002}1,000.00\u{2002}\u{2002}\u{2002}2.5%\n\
                    乙\u{2002}X\u{2002}\u{2002}3.00\u{2002}\u{2002}\u{2002}4.0%\n";
        let t = &tables(text)[0];
        assert_eq!(cell_texts(text, &t.body[0]), ["甲", "1,000.00", "2.5%"]);
        assert_eq!(
            cell_texts(text, &t.body[1]),
            ["乙\u{2002}X", "3.00", "4.0%"]
        );
    }

    #[test]
    fn tab_lines_are_left_to_the_tabbed_reader() {
        let text = "甲\t10.00\t20.00\n乙\t5.00\t6.00\n";
        let found = tables(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].layout, TableLayout::Tabbed);
    }
}
