//! Space-aligned tables, as `pdftotext -layout` prints them: cells separated by runs of two or
//! more spaces (ASCII or typographic, such as U+2002 EN SPACE), figures right-aligned in their
//! column, often a blank line between every printed line.
//!
//! A body row is one or more label chunks (the label columns), then figures, then possibly a
//! few short text cells (`否`, `设计中`). Header lines stand above the first row: lines of
//! headings, and lines holding one short heading (`产品类别` above the others, `元)` ending a
//! wrapped one). A header printed again after a page break is skipped and the rows after it
//! join the table.
//!
//! Wrapped labels: pdftotext prints a wrapped cell's lines around its row's figure line, so
//! a line of label text without figures belongs to the nearest row. When it is as near to the
//! row above as to the row below, the row whose label cell is empty on its figure line takes
//! it, else the one whose wrapped lines are then all of the column's full width. A label line
//! that still cannot be placed, or whose row's other lines are not of full width, may be a row
//! whose figures the PDF lost: the table is not read, since it would foot falsely. A cell is
//! one byte span, so a wrapped label keeps its piece on the figure line (or, when that is
//! empty, its first line); the other lines are consumed with the table.
//!
//! Only clear cases are read: a line with figures that does not read as a row, or a table
//! whose neighbouring lines look like rows left out, rejects the table.

use std::ops::Range;

use super::furniture::Furniture;
use super::tabbed::captions_above;
use super::{Cell, Lines, Row, Table, TableLayout};
use crate::extract::number::{read_cell, CellValue};

/// Header lines read above the first body row.
const MAX_HEADER_LINES: usize = 4;
/// Header lines that may hold a heading of the label columns (`项目`, or one wrapped on two
/// lines); more are label lines of a row whose figures were lost.
const MAX_LABEL_HEADER_LINES: usize = 2;
/// Lines that may stand between two rows when page furniture is among them.
const MAX_FURNITURE_GAP: usize = 8;
/// A line at least this long above a table is prose, not a wrapped cell.
const MIN_PROSE_CHARS: usize = 16;
/// How far (in characters) a figure's right edge may stand from its column's.
const ALIGN_TOLERANCE: usize = 3;
/// The longest text cell after the figures of a row (`否`, `产品优化中`).
const MAX_TEXT_CELL_CHARS: usize = 8;
/// The longest heading printed alone on a header line.
const MAX_HEADER_WORD_CHARS: usize = 8;
/// How much narrower (in display columns) than its column a wrapped label line may be: one
/// CJK character that did not fit.
const WRAP_SLACK: usize = 2;

fn is_layout_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{3000}'
    )
}

/// Display width: CJK and other wide characters count two columns.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            if c.is_ascii() || is_layout_space(c) {
                1
            } else {
                2
            }
        })
        .sum()
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
    /// Characters, and display width.
    chars: usize,
    width: usize,
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
            chars: text[s..e].chars().count(),
            width: display_width(&text[s..e]),
        })
        .collect()
}

/// How many leading chunks of a line are labels, if the line reads as a body row: labels,
/// then at least one figure, figures only, then possibly short text cells. `strict` asks for
/// two cells after the labels (the first row of a table).
fn row_labels(chunks: &[Chunk], source: &str, strict: bool) -> Option<usize> {
    let labels = chunks.iter().take_while(|c| c.kind != Kind::Data).count();
    let values = &chunks[labels..];
    if values.is_empty() || values.len() < if strict { 2 } else { 1 } {
        return None;
    }
    let figures = values.iter().take_while(|c| c.kind == Kind::Data).count();
    let text_cells_ok = values[figures..].iter().all(|c| {
        c.kind == Kind::Text
            && c.chars <= MAX_TEXT_CELL_CHARS
            && !source[c.bytes.clone()]
                .chars()
                .any(|ch| ch.is_ascii_digit())
    });
    text_cells_ok.then_some(labels)
}

/// A header line: two chunks or more, no figure among them.
fn is_header(chunks: &[Chunk]) -> bool {
    chunks.len() >= 2 && chunks.iter().all(|c| c.kind != Kind::Data)
}

/// A line holding one short heading (`产品类别`, `关联`, `元)`), not a caption, a numbered
/// title or the end of a sentence.
fn is_header_word(chunks: &[Chunk], source: &str) -> bool {
    let [c] = chunks else { return false };
    let text = &source[c.bytes.clone()];
    c.kind == Kind::Text
        && c.chars <= MAX_HEADER_WORD_CHARS
        && !is_caption(text)
        && !text.ends_with([':', '：', '。', ';', '；', ',', '，', '、'])
        && !text.starts_with([
            '(', '（', '注', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十',
        ])
        && !text.starts_with(|ch: char| ch.is_ascii_digit())
}

fn is_caption(text: &str) -> bool {
    ["单位", "單位", "币种", "幣種"]
        .iter()
        .any(|w| text.contains(w))
}

/// A line that holds figures among several chunks: a table row of some kind.
fn looks_tabular(chunks: &[Chunk]) -> bool {
    chunks.len() >= 2 && chunks.iter().any(|c| c.kind == Kind::Data)
}

fn is_total_label(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !is_layout_space(*c)).collect();
    matches!(
        t.as_str(),
        "合计" | "合計" | "总计" | "總計" | "小计" | "小計" | "总体" | "總體"
    )
}

/// A line that may stand just above a table: a unit caption, a line of prose or a title
/// ending a sentence, or the total row that closes the table before; not a fragment of a
/// wrapped cell nor a row of the table.
fn is_lead_in(text: &str, chunks: &[Chunk], source: &str) -> bool {
    let text = text.trim_matches(is_layout_space);
    if let Some(labels) = row_labels(chunks, source, false) {
        return labels >= 1 && is_total_label(&source[chunks[0].bytes.clone()]);
    }
    if chunks.len() != 1 {
        return false;
    }
    is_caption(text)
        || text.ends_with([':', '：', '。', ';', '；'])
        || text.chars().count() >= MIN_PROSE_CHARS
}

/// A line of the body ending it: a sentence, a note.
fn is_prose(chunks: &[Chunk], source: &str) -> bool {
    let [c] = chunks else { return false };
    let text = &source[c.bytes.clone()];
    c.chars >= MIN_PROSE_CHARS
        || text.ends_with([':', '：', '。', ';', '；', ',', '，'])
        || text.starts_with('注')
}

/// The nearest non-blank, non-furniture line above `line` within the widest gap allowed,
/// however many blank lines stand between: a line lost by the PDF leaves a wider gap, and
/// what stands above it must still lead into the table.
fn content_above(lines: &Lines<'_>, furniture: &Furniture, line: usize) -> Option<usize> {
    (line.saturating_sub(MAX_FURNITURE_GAP + 1)..line)
        .rev()
        .find(|&l| !lines.is_blank(l) && !furniture.is_furniture(l))
}

/// A line's text without its layout spaces, to recognise a header printed again.
fn normalized(lines: &Lines<'_>, line: usize) -> String {
    lines
        .text(line)
        .chars()
        .filter(|c| !is_layout_space(*c) && !c.is_whitespace())
        .collect()
}

/// The last line of the header block repeated from `line` on, if it is.
fn repeated_header(
    lines: &Lines<'_>,
    furniture: &Furniture,
    header: &[(usize, Vec<Chunk>)],
    line: usize,
) -> Option<usize> {
    let mut probe = line;
    for (k, (original, _)) in header.iter().enumerate() {
        if normalized(lines, probe) != normalized(lines, *original) {
            return None;
        }
        if k + 1 < header.len() {
            probe = lines.next_content(furniture, probe)?;
        }
    }
    Some(probe)
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

/// A line of the body.
#[derive(Debug)]
enum Item {
    /// A row: its line, its chunks, how many of them are labels.
    Row(usize, Vec<Chunk>, usize),
    /// A line of label text without figures: part of a wrapped label.
    Fragment(usize, Vec<Chunk>),
    /// A header printed again after a page break (its last line).
    Repeat(usize),
}

impl Item {
    fn line(&self) -> usize {
        match self {
            Item::Row(l, ..) | Item::Fragment(l, _) | Item::Repeat(l) => *l,
        }
    }
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
    // Most lines are prose: a single chunk too long to be a heading word, or a line of TABs
    // for the tabbed reader. Say no before reading any cell.
    let text = lines.text(start);
    let is_space = |c: char| is_layout_space(c) || c == '\r' || c == '\n';
    let trimmed = text.trim_matches(is_space);
    let one_chunk = !trimmed
        .chars()
        .zip(trimmed.chars().skip(1))
        .any(|(a, b)| is_space(a) && is_space(b));
    if text.contains('\t') || one_chunk && trimmed.chars().count() > MAX_HEADER_WORD_CHARS {
        return None;
    }
    let source = lines.source();
    // Header lines, then the first body row.
    let mut header_lines: Vec<(usize, Vec<Chunk>)> = Vec::new();
    let mut line = start;
    let first_body = loop {
        let cs = chunks(lines, line);
        if row_labels(&cs, source, true).is_some() {
            break line;
        }
        let fits = is_header(&cs) || is_header_word(&cs, source);
        if !fits || header_lines.len() == MAX_HEADER_LINES {
            return None;
        }
        header_lines.push((line, cs));
        line = lines.next_content(furniture, line)?;
    };
    if !header_lines.is_empty() && !header_lines.iter().any(|(_, cs)| cs.len() >= 2) {
        // Short lines alone above figures: wrapped labels or titles, not a header.
        return None;
    }
    // Rows or headings left out above (a wrapped label, a text cell) would make the table
    // foot falsely: the table must start below a caption or prose.
    if let Some(above) = content_above(lines, furniture, start) {
        let cs = chunks(lines, above);
        // A total row closes the table above; rows without a header under it are its own.
        let after_table = row_labels(&cs, source, false).is_some();
        if !is_lead_in(lines.text(above), &cs, source) || (after_table && header_lines.is_empty()) {
            return None;
        }
    }

    let mut items = body_items(lines, furniture, &header_lines, first_body)?;
    // Rows after a repeated header that do not stand under the columns belong to another
    // table printed with the same header: the table ends before it.
    let first_repeat = items.iter().position(|i| matches!(i, Item::Repeat(_)));
    let assembled = Assembly::new(source, std::mem::take(&mut items)).and_then(|t| {
        let rows = t.rows();
        rows.map(|r| (t, r))
    });
    let (table, (body, consumed)) = match (assembled, first_repeat) {
        (Some(done), _) => done,
        (None, Some(cut)) => {
            let mut items = body_items(lines, furniture, &header_lines, first_body)?;
            items.truncate(cut);
            let table = Assembly::new(source, items)?;
            let rows = table.rows()?;
            (table, rows)
        }
        (None, None) => return None,
    };
    if body.len() < 2 {
        return None;
    }
    // Headings of the label columns take a line or two; more, or two lines with nothing but
    // label text, are label lines of a row whose figures were lost.
    let in_labels = |cs: &[Chunk]| {
        let labels = cs.iter().filter(|c| table.is_label_area(c)).count();
        (labels > 0, labels == cs.len())
    };
    let label_lines = header_lines
        .iter()
        .filter(|(_, cs)| in_labels(cs).0)
        .count();
    let label_only = header_lines
        .iter()
        .filter(|(_, cs)| in_labels(cs).1)
        .count();
    if label_lines > MAX_LABEL_HEADER_LINES || label_only > 1 {
        return None;
    }
    // A heading alone on its line over the figures is a piece of a wrapped heading
    // (`封测成本占比影` above the others, `响程度` below): read alone it would name its column
    // wrongly (a share, where the heading is an effect on a share), so it is left out.
    let kept: Vec<&(usize, Vec<Chunk>)> = header_lines
        .iter()
        .filter(|(_, cs)| cs.len() >= 2 || cs.iter().all(|c| table.is_label_area(c)))
        .collect();
    let header = kept
        .iter()
        .enumerate()
        .map(|(k, (line, cs))| table.header_row(*line, cs, k + 1 == kept.len()))
        .collect::<Option<Vec<_>>>()?;
    let last_row = body.last().map(|r| r.line)?;

    let (unit_caption, title) = captions_above(lines, start);
    Some((
        Table {
            layout: TableLayout::Aligned,
            header,
            body,
            unit_caption,
            title,
            lines: start..last_row + 1,
        },
        consumed.max(last_row) + 1,
    ))
}

/// The lines of the body from its first row on: rows, label lines, repeated headers; `None`
/// when a line with figures does not read as a row.
fn body_items(
    lines: &Lines<'_>,
    furniture: &Furniture,
    header: &[(usize, Vec<Chunk>)],
    first_body: usize,
) -> Option<Vec<Item>> {
    let source = lines.source();
    let mut items = Vec::new();
    let mut line = first_body;
    loop {
        let cs = chunks(lines, line);
        let after_total = matches!(items.last(), Some(Item::Row(_, prev, labels))
            if *labels >= 1 && is_total_label(&source[prev[0].bytes.clone()]));
        if let Some(labels) = row_labels(&cs, source, false) {
            items.push(Item::Row(line, cs, labels));
        } else if after_total && !looks_tabular(&cs) {
            // A total closes the table; what follows it and is no row is not the table's.
            break;
        } else if looks_tabular(&cs) {
            return None;
        } else if cs.iter().all(|c| c.kind == Kind::Text) && !is_prose(&cs, source) {
            items.push(Item::Fragment(line, cs));
        } else {
            break;
        }
        let Some(next) = lines.next_content(furniture, line) else {
            break;
        };
        line = next;
        if !header.is_empty() {
            if let Some(last) = repeated_header(lines, furniture, header, line) {
                items.push(Item::Repeat(last));
                match lines.next_content(furniture, last) {
                    Some(next) => line = next,
                    None => break,
                }
            }
        }
    }
    // What follows the last row is the table's only if it is a label line of that row.
    while matches!(items.last(), Some(Item::Repeat(_))) {
        items.pop();
    }
    Some(items)
}

/// Where a label piece goes: a row (index into `items`) and a label column.
#[derive(Debug, Clone)]
struct Piece {
    item: usize,
    row: usize,
    column: usize,
    width: usize,
    bytes: Range<usize>,
}

/// The body lines of a table being put into columns.
struct Assembly<'a> {
    source: &'a str,
    items: Vec<Item>,
    /// Where each label column starts (character column).
    label_starts: Vec<usize>,
    /// The columns after the labels.
    columns: Vec<Column>,
    /// Where the widest label ends.
    label_right: usize,
    /// Index in `items` of the first repeated header: rows after it are placed by position.
    first_repeat: usize,
}

impl<'a> Assembly<'a> {
    fn new(source: &'a str, items: Vec<Item>) -> Option<Self> {
        let first_repeat = items
            .iter()
            .position(|i| matches!(i, Item::Repeat(_)))
            .unwrap_or(items.len());
        let all_rows = || {
            items.iter().filter_map(|i| match i {
                Item::Row(_, cs, labels) => Some((cs, *labels)),
                _ => None,
            })
        };
        // Columns are measured on the rows before any page break; the rows after must stand
        // under them.
        let rows = || {
            items[..first_repeat].iter().filter_map(|i| match i {
                Item::Row(_, cs, labels) => Some((cs, *labels)),
                _ => None,
            })
        };
        let label_right = all_rows()
            .filter_map(|(cs, labels)| cs[..labels].iter().map(|c| c.right).max())
            .max()
            .unwrap_or(0);
        let label_count = rows().map(|(_, l)| l).max()?.max(1);
        let mut label_starts = vec![0; label_count];
        for (k, start) in label_starts.iter_mut().enumerate().skip(1) {
            *start = rows()
                .filter(|(_, l)| *l == label_count)
                .map(|(cs, _)| cs[k].left)
                .min()?;
        }
        let width = all_rows().map(|(cs, l)| cs.len() - l).max()?;
        let mut lefts = vec![Vec::new(); width];
        let mut rights = vec![Vec::new(); width];
        for (cs, labels) in rows() {
            if cs.len() - labels == width {
                for (k, c) in cs[labels..].iter().enumerate() {
                    lefts[k].push(c.left);
                    rights[k].push(c.right);
                }
            }
        }
        let columns: Vec<Column> = lefts
            .iter_mut()
            .zip(rights.iter_mut())
            .map(|(l, r)| Column {
                left: *l.iter().min().unwrap_or(&0),
                right: if r.is_empty() { 0 } else { median(r) },
            })
            .collect();
        if columns.iter().any(|c: &Column| c.right == 0) {
            return None;
        }
        Some(Self {
            source,
            items,
            label_starts,
            columns,
            label_right,
            first_repeat,
        })
    }

    fn value_left(&self) -> usize {
        self.columns.first().map_or(0, |c| c.left)
    }

    /// Whether a chunk of a header line stands over the label columns: its centre is nearer
    /// the labels' right end than the figures' left edge.
    fn is_label_area(&self, c: &Chunk) -> bool {
        c.center2() < self.label_right + self.value_left()
    }

    /// The label column of each label chunk, by position; `None` when two would share one or
    /// a chunk stands among the figures.
    fn label_slots(&self, cs: &[Chunk], labels: usize) -> Option<Vec<usize>> {
        if cs[..labels].iter().any(|c| c.left >= self.value_left()) {
            return None;
        }
        if labels == self.label_starts.len() {
            return Some((0..labels).collect());
        }
        let mut slots = Vec::with_capacity(labels);
        for c in &cs[..labels] {
            if c.left + ALIGN_TOLERANCE >= self.value_left() && self.value_left() > 0 {
                return None;
            }
            let slot = self
                .label_starts
                .iter()
                .rposition(|s| *s <= c.left + ALIGN_TOLERANCE)
                .unwrap_or(0);
            if slots.last().is_some_and(|last| *last >= slot) {
                return None;
            }
            slots.push(slot);
        }
        Some(slots)
    }

    /// The body rows, and the last line the table consumed; `None` when the table must not be
    /// read.
    fn rows(&self) -> Option<(Vec<Row>, usize)> {
        let label_count = self.label_starts.len();
        let row_items: Vec<usize> = (0..self.items.len())
            .filter(|&i| matches!(self.items[i], Item::Row(..)))
            .collect();
        // Own label pieces of each row, by column.
        let mut own: Vec<Vec<Option<Piece>>> = Vec::new();
        let mut values: Vec<Vec<usize>> = Vec::new();
        for (row, &i) in row_items.iter().enumerate() {
            let Item::Row(_, cs, labels) = &self.items[i] else {
                return None;
            };
            let slots = self.label_slots(cs, *labels)?;
            let mut cells = vec![None; label_count];
            for (c, slot) in cs[..*labels].iter().zip(slots) {
                cells[slot] = Some(Piece {
                    item: i,
                    row,
                    column: slot,
                    width: c.width,
                    bytes: c.bytes.clone(),
                });
            }
            own.push(cells);
            values.push(self.place_values(&cs[*labels..], i > self.first_repeat)?);
        }

        // A first label column cell printed over two rows (`渠道拓展风` on one, `险` on the
        // next): a merged cell spanning rows, the rows it spans and those left out unknown.
        if label_count >= 2 {
            let widest = own
                .iter()
                .filter_map(|cells| cells[0].as_ref())
                .map(|p| p.width)
                .max()
                .unwrap_or(0);
            let split = own
                .windows(2)
                .zip(row_items.windows(2))
                .any(|(pair, items)| {
                    let adjacent = items[1] == items[0] + 1;
                    match (&pair[0][0], &pair[1][0]) {
                        (Some(a), Some(b)) => {
                            adjacent && a.width + WRAP_SLACK >= widest && 2 * b.width < widest
                        }
                        _ => false,
                    }
                });
            if split {
                return None;
            }
        }

        // Label lines: each goes to the nearest row, on its side of any repeated header.
        let mut end = self.items.len();
        let mut attached: Vec<Piece> = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            let Item::Fragment(_, cs) = item else {
                continue;
            };
            let slots = (cs.len() <= label_count)
                .then(|| self.label_slots(cs, cs.len()))
                .flatten();
            let above = (0..i)
                .rev()
                .take_while(|&j| !matches!(self.items[j], Item::Repeat(_)))
                .find(|&j| matches!(self.items[j], Item::Row(..)));
            let below = (i + 1..self.items.len())
                .take_while(|&j| !matches!(self.items[j], Item::Repeat(_)))
                .find(|&j| matches!(self.items[j], Item::Row(..)));
            let trailing = below.is_none() && i > *row_items.last()?;
            let Some(slots) = slots else {
                if trailing {
                    end = i;
                    break;
                }
                return None;
            };
            let pieces = |item: usize| -> Option<Vec<Piece>> {
                let row = row_items.iter().position(|&r| r == item)?;
                Some(
                    cs.iter()
                        .zip(&slots)
                        .map(|(c, &column)| Piece {
                            item: i,
                            row,
                            column,
                            width: c.width,
                            bytes: c.bytes.clone(),
                        })
                        .collect(),
                )
            };
            let total_row = |item: usize| match &self.items[item] {
                Item::Row(_, cs, labels) => {
                    *labels >= 1 && is_total_label(&self.source[cs[0].bytes.clone()])
                }
                _ => false,
            };
            let candidates: Vec<usize> = [above, below]
                .into_iter()
                .flatten()
                .filter(|&r| !total_row(r))
                .collect();
            let choice = match candidates.as_slice() {
                [] => None,
                [only] => Some(*only),
                [a, b] => {
                    let (da, db) = (i - a, b - i);
                    if da != db {
                        Some(if da < db { *a } else { *b })
                    } else {
                        // Equally near: the row with nothing printed in these label columns
                        // on its own line, else the one whose wrapped lines stay full width.
                        let empty = |r: usize| {
                            let row = row_items.iter().position(|&x| x == r);
                            row.is_some_and(|row| slots.iter().all(|&s| own[row][s].is_none()))
                        };
                        let wraps = |r: usize| {
                            let mut trial = attached.clone();
                            trial.extend(pieces(r).unwrap_or_default());
                            let row = row_items.iter().position(|&x| x == r);
                            row.is_some_and(|row| self.wraps_fully(&own, &trial, row))
                        };
                        match ((empty(*a), empty(*b)), (wraps(*a), wraps(*b))) {
                            // A first-column cell printed between two rows that both leave it
                            // empty is merged over both (`公司` between its 营业收入 and
                            // 净利润 rows): the upper row takes it, the lower carries it as
                            // its group.
                            ((true, true), (true, true)) if slots == [0] => Some(*a),
                            ((true, false), _) => Some(*a),
                            ((false, true), _) => Some(*b),
                            (_, (true, false)) => Some(*a),
                            (_, (false, true)) => Some(*b),
                            _ => return None,
                        }
                    }
                }
                _ => None,
            };
            let Some(choice) = choice else {
                if trailing {
                    end = i;
                    break;
                }
                return None;
            };
            let mut trial = attached.clone();
            trial.extend(pieces(choice)?);
            let row = row_items.iter().position(|&x| x == choice)?;
            if !self.wraps_fully(&own, &trial, row) {
                if trailing {
                    end = i;
                    break;
                }
                return None;
            }
            attached = trial;
        }
        let consumed = self.items[..end].last().map(Item::line)?;

        // The rows, labels first.
        let mut body = Vec::new();
        for (row, &i) in row_items.iter().enumerate() {
            let Item::Row(line, cs, labels) = &self.items[i] else {
                return None;
            };
            let row_start = cs.first()?.bytes.start;
            let mut cells: Vec<Range<usize>> = Vec::new();
            for (column, piece) in own[row].iter().enumerate() {
                let span = piece
                    .as_ref()
                    .or_else(|| {
                        attached
                            .iter()
                            .filter(|p| p.row == row && p.column == column)
                            .min_by_key(|p| p.item)
                    })
                    .map(|p| p.bytes.clone());
                let at = cells.last().map_or(row_start, |c| c.end.max(row_start));
                cells.push(span.unwrap_or(at..at));
            }
            let mut next = 0;
            for (c, &slot) in cs[*labels..].iter().zip(&values[row]) {
                while next < slot {
                    let at = cells.last().map_or(row_start, |c| c.end);
                    cells.push(at..at);
                    next += 1;
                }
                cells.push(c.bytes.clone());
                next += 1;
            }
            while cells.len() < label_count + self.columns.len() {
                let at = cells.last().map_or(row_start, |c| c.end);
                cells.push(at..at);
            }
            body.push(Row {
                line: *line,
                cells: cells.into_iter().map(|span| Cell { span }).collect(),
            });
        }
        Some((body, consumed))
    }

    /// Whether the label lines of `row` are those of a wrapped cell: as many lines above its
    /// figure line as below (one more on either side), and in each label column every line
    /// but the last as wide as the column's widest line.
    fn wraps_fully(&self, own: &[Vec<Option<Piece>>], attached: &[Piece], row: usize) -> bool {
        let Some(row_item) = self.row_item(row) else {
            return false;
        };
        let mut above: Vec<usize> = Vec::new();
        let mut below: Vec<usize> = Vec::new();
        for p in attached.iter().filter(|p| p.row == row) {
            let side = if p.item < row_item {
                &mut above
            } else {
                &mut below
            };
            if !side.contains(&p.item) {
                side.push(p.item);
            }
        }
        if above.len().abs_diff(below.len()) > 1 {
            return false;
        }
        let label_count = self.label_starts.len();
        (0..label_count).all(|column| {
            let widest = own
                .iter()
                .filter_map(|cells| cells[column].as_ref())
                .chain(attached.iter().filter(|p| p.column == column))
                .map(|p| p.width)
                .max()
                .unwrap_or(0);
            let mut pieces: Vec<&Piece> = own[row][column]
                .iter()
                .chain(
                    attached
                        .iter()
                        .filter(|p| p.row == row && p.column == column),
                )
                .collect();
            pieces.sort_by_key(|p| p.bytes.start);
            pieces.len() < 2
                || pieces[..pieces.len() - 1]
                    .iter()
                    .all(|p| p.width + WRAP_SLACK >= widest)
        })
    }

    /// Index in `items` of the `row`-th row.
    fn row_item(&self, row: usize) -> Option<usize> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, i)| matches!(i, Item::Row(..)))
            .nth(row)
            .map(|(k, _)| k)
    }

    /// The columns of the cells of a row after its labels: in order when the row prints them
    /// all, else figures by their right edges and text cells by overlap; `None` when one
    /// stands under no column.
    fn place_values(&self, cells: &[Chunk], by_position: bool) -> Option<Vec<usize>> {
        if cells.len() == self.columns.len() && !by_position {
            return Some((0..cells.len()).collect());
        }
        let mut slots = Vec::with_capacity(cells.len());
        let mut from = 0;
        for c in cells {
            let (slot, distance) = self
                .columns
                .iter()
                .enumerate()
                .skip(from)
                .filter(|(_, col)| {
                    c.kind == Kind::Data
                        || (c.left <= col.right + ALIGN_TOLERANCE
                            && col.left <= c.right + ALIGN_TOLERANCE)
                })
                .map(|(k, col)| {
                    let d = if c.kind == Kind::Data {
                        col.right.abs_diff(c.right)
                    } else {
                        col.center2().abs_diff(c.center2()) / 2
                    };
                    (k, d)
                })
                .min_by_key(|(_, d)| *d)?;
            if c.kind == Kind::Data && distance > ALIGN_TOLERANCE {
                return None;
            }
            slots.push(slot);
            from = slot + 1;
        }
        Some(slots)
    }

    /// A header line's chunks put into columns. Chunks left of the figures go to the label
    /// columns by position. The others: in order when there is one per column; spread evenly
    /// over the columns of a line above the last (one heading over each group of columns),
    /// each at the first column of its group; else under the column whose centre is nearest.
    /// `None` when there are more label headings than label columns, which is a sign of
    /// label lines of a row taken for headings.
    fn header_row(&self, line: usize, cs: &[Chunk], is_last: bool) -> Option<Row> {
        let label_count = self.label_starts.len();
        let width = label_count + self.columns.len();
        let (labels, values): (Vec<&Chunk>, Vec<&Chunk>) = if cs.len() == width {
            (
                cs[..label_count].iter().collect(),
                cs[label_count..].iter().collect(),
            )
        } else if cs.len() == self.columns.len() && !self.is_label_area(&cs[0]) {
            (Vec::new(), cs.iter().collect())
        } else {
            cs.iter().partition(|c| self.is_label_area(c))
        };
        let mut slots: Vec<usize> = Vec::new();
        if labels.len() == label_count {
            slots.extend(0..label_count);
        } else {
            for c in &labels {
                let slot = self
                    .label_starts
                    .iter()
                    .rposition(|s| *s <= c.left + ALIGN_TOLERANCE)
                    .unwrap_or(0);
                slots.push(slot);
            }
        }
        let n = values.len();
        let groups = n > 0 && n < self.columns.len() && self.columns.len() % n == 0;
        let group = if groups { self.columns.len() / n } else { 1 };
        let spread = !is_last
            && groups
            && group >= 2
            && values.iter().enumerate().all(|(i, c)| {
                // Centred over its group, between two columns: nearer the group's middle than
                // any column's centre.
                let first = self.columns[i * group].center2();
                let last = self.columns[i * group + group - 1].center2();
                let middle = (first + last) / 2;
                let nearest = self
                    .columns
                    .iter()
                    .map(|col| col.center2().abs_diff(c.center2()))
                    .min()
                    .unwrap_or(0);
                c.center2().abs_diff(middle) < nearest
            });
        for (i, c) in values.iter().enumerate() {
            let slot = if n == self.columns.len() {
                i
            } else if spread {
                i * group
            } else {
                self.columns
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, col)| col.center2().abs_diff(c.center2()))
                    .map_or(0, |(k, _)| k)
            };
            slots.push(label_count + slot);
        }
        let row_start = cs.first().map_or(0, |c| c.bytes.start);
        let mut cells: Vec<Option<Range<usize>>> = vec![None; width];
        for (c, slot) in labels.iter().chain(&values).zip(slots) {
            let cell = cells.get_mut(slot)?;
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
        Some(Row { line, cells })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::test_support::{cell_texts, doc, tables};
    use crate::layout::{layout, Block};

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
        // `说明` stands where the others print a figure: not a second label column. The row
        // would be left out, and the total would not foot.
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

    /// A line with each text placed at its character column (figures: pass the column after
    /// their last character with `r`).
    fn at(parts: &[(usize, &str)]) -> String {
        let mut out = String::new();
        for (col, text) in parts {
            let len = out.chars().count();
            let pad = col.saturating_sub(len).max(if len == 0 { 0 } else { 2 });
            out.push_str(&" ".repeat(pad));
            out.push_str(text);
        }
        out
    }

    /// A right-aligned figure ending before column `end`.
    fn r(end: usize, text: &str) -> (usize, &str) {
        (end - text.chars().count(), text)
    }

    /// Lines printed with a blank line between each, as pdftotext does.
    fn page(lines: &[String]) -> String {
        let mut text = lines.join("\n\n");
        text.push('\n');
        text
    }

    fn texts_of(text: &str, rows: &[Row]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| cell_texts(text, r).iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn a_heading_alone_above_the_header_is_read() {
        let text = page(&[
            "各类收入如下：".into(),
            at(&[(4, "类别")]),
            at(&[(14, "金额"), (24, "占比"), (34, "金额"), (44, "占比")]),
            at(&[
                (0, "甲类"),
                r(18, "60.00"),
                r(28, "60.00%"),
                r(38, "30.00"),
                r(48, "50.00%"),
            ]),
            at(&[
                (0, "乙类"),
                r(18, "40.00"),
                r(28, "40.00%"),
                r(38, "30.00"),
                r(48, "50.00%"),
            ]),
            at(&[
                (2, "合计"),
                r(18, "100.00"),
                r(28, "100.00%"),
                r(38, "60.00"),
                r(48, "100.00%"),
            ]),
            "以上。".into(),
        ]);
        let found = tables(&text);
        assert_eq!(found.len(), 1);
        let t = &found[0];
        assert_eq!(t.header.len(), 2);
        assert_eq!(cell_texts(&text, &t.header[0]), ["类别", "", "", "", ""]);
        assert_eq!(
            cell_texts(&text, &t.header[1]),
            ["", "金额", "占比", "金额", "占比"]
        );
        assert_eq!(t.body.len(), 3);
        assert_eq!(t.body[2].line, 10);
    }

    #[test]
    fn headings_alone_on_every_line_are_no_header() {
        // Short lines above figures without a line of headings: labels or titles.
        let text = page(&[
            "说明如下。".into(),
            at(&[(0, "甲类")]),
            at(&[(0, "乙类"), r(18, "40.00"), r(28, "40.00")]),
            at(&[(0, "丙类"), r(18, "60.00"), r(28, "60.00")]),
        ]);
        assert!(tables(&text).iter().all(|t| t.header.is_empty()));
    }

    #[test]
    fn leading_text_chunks_are_label_columns_and_trailing_text_a_column() {
        let text = page(&[
            "明细如下：".into(),
            at(&[(0, "客户"), (10, "产品"), (28, "金额"), (34, "关联")]),
            at(&[(0, "客户甲"), (10, "器件"), r(30, "300.00"), (34, "否")]),
            at(&[(0, "客户乙"), (10, "服务"), r(30, "200.00"), (34, "是")]),
            at(&[(10, "其他"), r(30, "50.00"), (34, "否")]),
            at(&[(2, "合计"), r(30, "550.00")]),
        ]);
        let found = tables(&text);
        assert_eq!(found.len(), 1);
        let t = &found[0];
        assert_eq!(
            texts_of(&text, &t.body),
            [
                ["客户甲", "器件", "300.00", "否"],
                ["客户乙", "服务", "200.00", "是"],
                ["", "其他", "50.00", "否"],
                ["合计", "", "550.00", ""],
            ]
        );
        assert_eq!(
            cell_texts(&text, &t.header[0]),
            ["客户", "产品", "金额", "关联"]
        );
    }

    #[test]
    fn a_label_wrapped_below_its_figures_keeps_the_table() {
        let text = page(&[
            "明细如下：".into(),
            at(&[(0, "项目"), (20, "本期"), (30, "上期")]),
            at(&[(0, "营业外支出及其"), r(24, "10.00"), r(34, "20.00")]),
            at(&[(0, "他")]),
            at(&[(0, "管理费用"), r(24, "5.00"), r(34, "6.00")]),
            at(&[(0, "合计"), r(24, "15.00"), r(34, "26.00")]),
            "以上。".into(),
        ]);
        let found = tables(&text);
        assert_eq!(found.len(), 1);
        let t = &found[0];
        assert_eq!(t.body.len(), 3);
        assert_eq!(
            cell_texts(&text, &t.body[0]),
            ["营业外支出及其", "10.00", "20.00"]
        );
        // The continuation line is the table's, not a paragraph.
        let paragraphs = layout(&doc(&text))
            .blocks
            .into_iter()
            .filter(|b| matches!(b, Block::Paragraph(_)))
            .count();
        assert_eq!(paragraphs, 2);
    }

    #[test]
    fn a_label_printed_around_an_empty_label_cell_goes_to_that_row() {
        // pdftotext centres a wrapped cell on its figure line: a line above, a line below.
        let text = page(&[
            "明细如下：".into(),
            at(&[(0, "单位名称"), (20, "本期"), (30, "上期")]),
            at(&[(0, "第一电子公司"), r(24, "10.00"), r(34, "20.00")]),
            at(&[(0, "第二半导体有")]),
            at(&[r(24, "5.00"), r(34, "6.00")]),
            at(&[(0, "限公司")]),
            at(&[(0, "合计"), r(24, "15.00"), r(34, "26.00")]),
        ]);
        let found = tables(&text);
        assert_eq!(found.len(), 1);
        let t = &found[0];
        assert_eq!(
            texts_of(&text, &t.body),
            [
                ["第一电子公司", "10.00", "20.00"],
                ["第二半导体有", "5.00", "6.00"],
                ["合计", "15.00", "26.00"],
            ]
        );
        assert_eq!(t.body[1].line, 8);
    }

    #[test]
    fn a_label_line_between_two_labelled_rows_is_a_lost_row() {
        // `差旅及会议费` lost its figures: read without it, the total would not foot.
        let text = page(&[
            "明细如下：".into(),
            at(&[(0, "项目"), (20, "本期"), (30, "上期")]),
            at(&[(0, "职工薪金"), r(24, "10.00"), r(34, "20.00")]),
            at(&[(0, "差旅及会议")]),
            at(&[(0, "租赁费"), r(24, "5.00"), r(34, "6.00")]),
            at(&[(0, "合计"), r(24, "25.00"), r(34, "36.00")]),
        ]);
        assert!(tables(&text).is_empty());
    }

    #[test]
    fn label_lines_only_below_a_row_are_a_lost_row() {
        // Two label lines under a short label: not its wrap (that would be centred), but a
        // row whose figures the PDF lost, just above the total.
        let text = page(&[
            "明细如下：".into(),
            at(&[(0, "项目"), (20, "本期"), (30, "上期")]),
            at(&[(0, "线上销售"), r(24, "40.00%"), r(34, "30.00%")]),
            at(&[(0, "线下及其他")]),
            at(&[(0, "销售")]),
            at(&[(0, "总体"), r(24, "100.00%"), r(34, "100.00%")]),
        ]);
        assert!(tables(&text).is_empty());
    }

    #[test]
    fn a_table_continues_after_its_header_printed_again() {
        let header = at(&[(0, "项目"), (20, "本期"), (30, "上期")]);
        let text = page(&[
            "明细如下：".into(),
            header.clone(),
            at(&[(0, "甲"), r(24, "10.00"), r(34, "20.00")]),
            at(&[(0, "乙"), r(24, "5.00"), r(34, "6.00")]),
            "8-1-2".into(),
            header.replace("项目", "项 目"),
            at(&[(0, "丙"), r(24, "1.00"), r(34, "2.00")]),
            at(&[(0, "合计"), r(24, "16.00"), r(34, "28.00")]),
        ]);
        let found = tables(&text);
        assert_eq!(found.len(), 1);
        let t = &found[0];
        assert_eq!(t.header.len(), 1);
        let labels: Vec<&str> = t.body.iter().map(|r| cell_texts(&text, r)[0]).collect();
        assert_eq!(labels, ["甲", "乙", "丙", "合计"]);
        assert_eq!(t.lines, 2..15);
    }

    #[test]
    fn rows_under_other_columns_after_a_repeated_header_are_another_table() {
        let text = page(&[
            "明细如下：".into(),
            at(&[(0, "项目"), (20, "本期"), (30, "上期")]),
            at(&[(0, "甲"), r(24, "10.00"), r(34, "20.00")]),
            at(&[(0, "乙"), r(24, "5.00"), r(34, "6.00")]),
            at(&[(0, "项目"), (10, "本期"), (16, "上期")]),
            at(&[(0, "丙"), r(13, "1.00"), r(20, "2.00")]),
            at(&[(0, "合计"), r(13, "9.00")]),
        ]);
        let found = tables(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].body.len(), 2);
    }

    #[test]
    fn a_first_label_cell_split_over_two_rows_is_not_read() {
        // `渠道拓展风险` printed across two rows: which rows it spans is unknown.
        let text = page(&[
            "测算如下：".into(),
            at(&[(0, "因素"), (12, "项目"), (30, "权重"), (40, "分值")]),
            at(&[
                (0, "渠道拓展风"),
                (12, "线上渠道"),
                r(33, "0.4"),
                r(44, "55"),
            ]),
            at(&[(0, "险"), (12, "线下渠道"), r(33, "0.6"), r(44, "35")]),
        ]);
        assert!(tables(&text).is_empty());
    }

    #[test]
    fn a_heading_over_two_columns_goes_to_the_first() {
        let text = page(&[
            "单位：元".into(),
            at(&[(13, "账面价值"), (33, "评估价值")]),
            at(&[(0, "科目名称")]),
            at(&[(10, "原值"), (20, "净值"), (30, "原值"), (40, "增值率%")]),
            at(&[
                (0, "车辆"),
                r(16, "100.00"),
                r(26, "50.00"),
                r(36, "90.00"),
                r(46, "80.00"),
            ]),
            at(&[
                (0, "设备"),
                r(16, "200.00"),
                r(26, "70.00"),
                r(36, "210.00"),
                r(46, "200.00"),
            ]),
        ]);
        let t = &tables(&text)[0];
        assert_eq!(t.header.len(), 3);
        assert_eq!(
            cell_texts(&text, &t.header[0]),
            ["", "账面价值", "", "评估价值", ""]
        );
        assert_eq!(
            cell_texts(&text, &t.header[1]),
            ["科目名称", "", "", "", ""]
        );
    }

    #[test]
    fn a_piece_of_a_wrapped_heading_over_the_figures_is_left_out() {
        // `占比影` / `响程度` would name a share column; the heading is an effect on a share.
        let text = page(&[
            "如下：".into(),
            at(&[(36, "占比影")]),
            at(&[(0, "项目"), (14, "本期"), (24, "上期")]),
            at(&[(37, "响程度")]),
            at(&[(0, "甲"), r(18, "41.20%"), r(28, "36.10%"), r(40, "2.30%")]),
            at(&[(0, "乙"), r(18, "27.50%"), r(28, "22.40%"), r(40, "1.10%")]),
        ]);
        let t = &tables(&text)[0];
        assert_eq!(t.header.len(), 1);
        assert_eq!(
            cell_texts(&text, &t.header[0]),
            ["项目", "本期", "上期", ""]
        );
        assert_eq!(t.lines, 2..11);
    }

    #[test]
    fn a_total_row_leads_into_a_table_with_a_header_only() {
        let first = [
            "明细如下：".to_string(),
            at(&[(0, "项目"), (20, "本期"), (30, "上期")]),
            at(&[(0, "甲"), r(24, "10.00"), r(34, "1.00")]),
            at(&[(0, "乙"), r(24, "5.00"), r(34, "1.00")]),
            at(&[(0, "合计"), r(24, "15.00"), r(34, "1.00")]),
        ];
        let mut lines = first.to_vec();
        // A different header: another table (the same one would continue this).
        lines.push(at(&[(0, "项目"), (20, "本年"), (30, "上年")]));
        lines.push(at(&[(0, "甲"), r(24, "3.00"), r(34, "1.00")]));
        lines.push(at(&[(0, "乙"), r(24, "4.00"), r(34, "1.00")]));
        let text = page(&lines);
        let found = tables(&text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].header.len(), 1);
        assert_eq!(found[1].body[0].line, 12);

        // Rows with no header right under a total: the rest of the table above, which was
        // not read; they must not be read alone.
        let mut lines = first.to_vec();
        lines.push(at(&[(0, "丙"), r(24, "3.00"), r(34, "1.00")]));
        lines.push(at(&[(0, "丁"), r(24, "4.00"), r(34, "1.00")]));
        let text = page(&lines);
        let d = doc(&text);
        let lines = Lines::new(&d);
        let furniture = Furniture::detect(&lines);
        assert!(table_at(&lines, &furniture, 10).is_none());
        assert!(table_at(&lines, &furniture, 2).is_some());
    }

    #[test]
    fn rows_below_a_lost_line_without_a_lead_in_are_not_read() {
        // Three blank lines: a line the PDF lost. What stands above is a row's label.
        let mut text = page(&["明细如下：".into(), at(&[(0, "第二半导体有")])]);
        text.push_str("\n\n");
        text.push_str(&page(&[
            at(&[(0, "丙公司"), r(24, "5.00"), r(34, "6.00")]),
            at(&[(0, "合计"), r(24, "15.00"), r(34, "26.00")]),
        ]));
        assert!(tables(&text).is_empty());
    }
}
