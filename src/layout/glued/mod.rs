//! Glued tables: a PDF extraction that dropped every cell delimiter, so that a row prints as
//! its label followed by its figures run together (`货币资金25,143.4817,643.48-29.83%` is
//! 货币资金 / 25,143.48 / 17,643.48 / -29.83%).
//!
//! A row's run of figures is split with the number grammar (thousands groups of exactly three
//! digits, a `%` ending a cell, a `-` alone being nil). Every split with the table's number of
//! columns is a candidate; the candidates are weighed by the decimals each column usually
//! prints, then, when the table has a total row, by whether each share equals its amount over
//! the total, then by whether the columns foot. A row that stays ambiguous is not guessed: the
//! cells its candidates disagree on become one text span (the checks that need them cannot be
//! made), and a table whose neighbouring lines look like rows left out is not read at all.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

mod header;

use super::furniture::Furniture;
use super::tabbed::captions_above;
use super::{Cell, Lines, Row, Table, TableLayout};
use crate::extract::number::{read_cell, CellValue};

/// Header lines read above the first body row.
const MAX_HEADER_LINES: usize = 2;
/// Lines that may stand between two rows when page furniture is among them.
const MAX_FURNITURE_GAP: usize = 8;
/// The longest label of a glued row, in characters.
const MAX_LABEL_CHARS: usize = 30;
/// The longest glued row or header line, in characters.
const MAX_LINE_CHARS: usize = 100;
/// The most cells a run of figures is split into.
const MAX_CELLS: usize = 14;
/// The most decimals a cell of a glued row may print.
const MAX_DECIMALS: u8 = 14;
/// The most splits enumerated for one run; a run with more is not read.
const MAX_SPLITS: usize = 4096;
/// The most combinations of tied rows tried against the totals.
const MAX_COMBINATIONS: usize = 1024;

/// A run of figures read once for every cell count a table may try: the cells that can start
/// at each byte (with their reading), and for which counts the rest of the run can be split.
struct RunCells {
    /// For each byte, the cells starting there: (end, the cell read).
    cells_at: Vec<Vec<(usize, Piece)>>,
    /// reachable[pos], bit `k`: the run from `pos` splits into exactly `k` cells.
    reachable: Vec<u32>,
    /// How many splits the whole run has into `k` cells, counted up to just past
    /// [`MAX_SPLITS`]: counted once for every `k`, as a table tries count after count.
    split_counts: [usize; MAX_CELLS + 1],
    /// The distinct forms of the run from byte `at` split into `left` cells, at
    /// `at * (MAX_CELLS + 1) + left`, once found: they do not depend on how many cells the
    /// whole run is split into, so the counts a table tries share them.
    memo: Vec<Option<Vec<PackedForm>>>,
}

impl RunCells {
    fn new(run: &str) -> Self {
        let bytes = run.as_bytes();
        let cells_at: Vec<Vec<(usize, Piece)>> = (0..bytes.len())
            .map(|at| {
                cell_ends(bytes, at)
                    .into_iter()
                    .map(|end| (end, piece(run, at..end)))
                    // No figure of a filing prints more decimals; the limit lets a split's
                    // form pack into an integer (see `PackedForm`).
                    .filter(|(_, piece)| piece.decimals <= MAX_DECIMALS)
                    .collect()
            })
            .collect();
        let mut reachable = vec![0u32; bytes.len() + 1];
        reachable[bytes.len()] = 1;
        for pos in (0..bytes.len()).rev() {
            let mut mask = 0u32;
            for (end, _) in &cells_at[pos] {
                mask |= reachable[*end] << 1;
            }
            reachable[pos] = mask & ((1u32 << (MAX_CELLS + 1)) - 1);
        }
        // splits[pos][k]: how many splits the run from `pos` has into `k` cells.
        let mut splits = vec![[0usize; MAX_CELLS + 1]; bytes.len() + 1];
        splits[bytes.len()][0] = 1;
        for pos in (0..bytes.len()).rev() {
            for (end, _) in &cells_at[pos] {
                for k in 1..=MAX_CELLS {
                    splits[pos][k] = (splits[pos][k] + splits[*end][k - 1]).min(MAX_SPLITS + 1);
                }
            }
        }
        Self {
            memo: Vec::new(),
            cells_at,
            reachable,
            split_counts: splits[0],
        }
    }

    /// For which cell counts (bit `k`) the run can be split at all: lets a table skip the
    /// counts some row cannot take before any split is built.
    fn feasible_counts(&self) -> u32 {
        self.reachable[0]
    }

    /// The splits of the run into exactly `cells` cells, each a figure or a nil dash; `None`
    /// when there are too many to weigh.
    #[cfg(test)]
    fn splits(&self, cells: usize) -> Option<Vec<Split>> {
        let mut out = Vec::new();
        if cells == 0 || cells > MAX_CELLS || self.feasible_counts() & (1 << cells) == 0 {
            return Some(out);
        }
        let mut current = Vec::with_capacity(cells);
        self.enumerate(0, cells, &mut current, &mut out)?;
        Some(out)
    }

    /// The distinct forms of the splits of the run into exactly `cells` cells (see
    /// [`PackedForm`]), without building the splits; `None` when there are too many splits to weigh.
    fn forms(&mut self, cells: usize) -> Option<&[PackedForm]> {
        if cells == 0 || cells > MAX_CELLS || self.feasible_counts() & (1 << cells) == 0 {
            return Some(&[]);
        }
        if self.split_counts[cells] > MAX_SPLITS {
            return None;
        }
        // The distinct forms of the rest of the run from each place, with so many cells left:
        // splits share their tails, and their forms are built once per tail.
        let mut memo = std::mem::take(&mut self.memo);
        if memo.is_empty() {
            memo = vec![None; (self.cells_at.len() + 1) * (MAX_CELLS + 1)];
        }
        self.forms_from(0, cells, &mut memo);
        self.memo = memo;
        Some(self.known_forms(cells))
    }

    /// The forms [`RunCells::forms`] found for `cells` cells (none if it was not asked).
    fn known_forms(&self, cells: usize) -> &[PackedForm] {
        self.memo
            .get(cells)
            .and_then(|forms| forms.as_deref())
            .unwrap_or(&[])
    }

    /// Fills `memo` with the distinct forms of the run from `at` with `left` cells left, and
    /// says in which slot: read in place, never copied.
    fn forms_from(&self, at: usize, left: usize, memo: &mut Vec<Option<Vec<PackedForm>>>) -> usize {
        let slot = at * (MAX_CELLS + 1) + left;
        if memo[slot].is_some() {
            return slot;
        }
        if left == 0 {
            memo[slot] = Some(vec![0]);
            return slot;
        }
        let mut forms = Vec::new();
        for (end, piece) in &self.cells_at[at] {
            if self.reachable[*end] & (1 << (left - 1)) == 0 {
                continue;
            }
            let code = cell_form(piece);
            let rest = self.forms_from(*end, left - 1, memo);
            if let Some(rest) = &memo[rest] {
                forms.extend(rest.iter().map(|rest| code | rest << FORM_BITS));
            }
        }
        forms.sort_unstable();
        forms.dedup();
        memo[slot] = Some(forms);
        slot
    }

    /// The splits of the run into `cells` cells with at most `most` cells out of the column
    /// forms `signature`, in the order [`RunCells::splits`] gives them.
    fn splits_in_form(&self, cells: usize, signature: &[Signature], most: usize) -> Vec<Split> {
        let mut out = Vec::new();
        if cells == 0 || cells > MAX_CELLS || self.feasible_counts() & (1 << cells) == 0 {
            return out;
        }
        let mut current = Vec::with_capacity(cells);
        self.enumerate_in_form(0, cells, signature, most, &mut current, &mut out);
        out
    }

    fn enumerate_in_form(
        &self,
        at: usize,
        left: usize,
        signature: &[Signature],
        most: usize,
        current: &mut Split,
        out: &mut Vec<Split>,
    ) {
        if left == 0 {
            out.push(current.clone());
            return;
        }
        let column = current.len();
        for (end, piece) in &self.cells_at[at] {
            if self.reachable[*end] & (1 << (left - 1)) == 0 {
                continue;
            }
            let off =
                usize::from(mismatches(std::slice::from_ref(piece), &signature[column..]) > 0);
            let Some(most) = most.checked_sub(off) else {
                continue;
            };
            current.push(piece.clone());
            self.enumerate_in_form(*end, left - 1, signature, most, current, out);
            current.pop();
        }
    }

    #[cfg(test)]
    fn enumerate(
        &self,
        at: usize,
        left: usize,
        current: &mut Split,
        out: &mut Vec<Split>,
    ) -> Option<()> {
        if left == 0 {
            out.push(current.clone());
            return (out.len() <= MAX_SPLITS).then_some(());
        }
        for (end, piece) in &self.cells_at[at] {
            if self.reachable[*end] & (1 << (left - 1)) == 0 {
                continue;
            }
            current.push(piece.clone());
            let r = self.enumerate(*end, left - 1, current, out);
            current.pop();
            r?;
        }
        Some(())
    }
}

#[cfg(test)]
fn splits(run: &str, cells: usize) -> Option<Vec<Split>> {
    RunCells::new(run).splits(cells)
}

/// One cell of a candidate split, relative to the line's run of figures.
#[derive(Debug, Clone, PartialEq)]
struct Piece {
    span: Range<usize>,
    /// A dash alone: nil.
    nil: bool,
    decimals: u8,
    percent: bool,
    value: f64,
}

impl Piece {
    fn half_unit(&self) -> f64 {
        // Half a unit of the last printed digit, for 0 to MAX_DECIMALS decimals.
        const HALF_UNITS: [f64; MAX_DECIMALS as usize + 1] = [
            0.5, 0.05, 0.005, 5e-4, 5e-5, 5e-6, 5e-7, 5e-8, 5e-9, 5e-10, 5e-11, 5e-12, 5e-13,
            5e-14, 5e-15,
        ];
        HALF_UNITS[usize::from(self.decimals.min(MAX_DECIMALS))]
    }
}

type Split = Vec<Piece>;

/// A reading of a table's rows: rows in form, columns, column forms, and each row's forms.
type Reading = (usize, usize, PackedForm);

/// A line read as a glued row: byte ranges within the line.
#[derive(Debug, Clone)]
struct GluedLine {
    label: Range<usize>,
    run: Range<usize>,
    /// A short text cell after the figures: `增加4.22个百分点`.
    tail: Option<Range<usize>>,
}

fn tail_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:增加|减少|上升|下降|提高|降低)\d+(?:\.\d+)?个百分点$").expect("valid regex")
    })
}

fn date_run_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:19|20)\d{2}(?:[./-]\d{1,2}[./-]\d{1,2})?$").expect("valid regex")
    })
}

fn unit_caption_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\s*[(（]?\s*(单位|單位|幣種|币种)\s*[:：]").expect("valid regex")
    })
}

fn is_run_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, ',' | '.' | '%' | '-')
}

/// Punctuation of a sentence: a line holding it is prose, not a row or a heading.
fn is_sentence_punctuation(c: char) -> bool {
    matches!(
        c,
        ',' | '，' | '。' | '；' | ';' | ':' | '：' | '！' | '？' | '“' | '”'
    )
}

/// Words a figure in a sentence follows (`营业收入为12,345.67`): such a line is prose.
fn ends_like_prose(label: &str) -> bool {
    label.ends_with([
        '为', '至', '达', '约', '是', '了', '第', '共', '和', '及', '或', '与', '超', '过', '近',
    ])
}

/// Reads a line as a glued row: a label, then a run of figures, then perhaps a short tail.
fn glued_line(text: &str) -> Option<GluedLine> {
    if text.contains('\t') {
        return None;
    }
    let lead = text.len() - text.trim_start().len();
    let t = text.trim();
    if t.is_empty() || t.chars().count() > MAX_LINE_CHARS {
        return None;
    }
    let (body, tail) = match tail_re().find(t) {
        Some(m) => (&t[..m.start()], Some(lead + m.start()..lead + m.end())),
        None => (t, None),
    };
    let run_start = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_run_char(*c))
        .last()
        .map(|(i, _)| i)?;
    let run = &body[run_start..];
    let has_digit = run.bytes().any(|b| b.is_ascii_digit());
    let all_dashes = run.len() >= 2 && run.bytes().all(|b| b == b'-');
    if !(has_digit || all_dashes) || run.starts_with([',', '.', '%']) {
        return None;
    }
    if date_run_re().is_match(run) {
        return None;
    }
    let label = body[..run_start].trim_end();
    let chars = label.chars().count();
    if chars == 0
        || chars > MAX_LABEL_CHARS
        || label.chars().any(is_sentence_punctuation)
        || !label.chars().any(|c| c.is_alphabetic())
        || ends_like_prose(label)
        || label.ends_with(['/', '／', '~', '～'])
        || label.contains(['=', '＝', '×', '÷', '*', '%', '％'])
        || label.contains("..")
        || label.contains('…')
        || has_layout_gap(label)
        || decimal_figure_re().is_match(label)
    {
        return None;
    }
    Some(GluedLine {
        label: lead..lead + label.len(),
        run: lead + run_start..lead + body.len(),
        tail,
    })
}

/// Two spaces in a row, or a typographic space: a line laid out with spaces, for `aligned.rs`.
fn has_layout_gap(text: &str) -> bool {
    text.contains("  ") || text.contains(['\u{a0}', '\u{2002}', '\u{2003}', '\u{3000}'])
}

/// A figure with decimals: a label holding one is a row of some other layout.
fn decimal_figure_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\d\.\d").expect("valid regex"))
}

fn is_caption(text: &str) -> bool {
    unit_caption_re().is_match(text)
}

/// A line that may be a table's heading: short, no sentence, no caption, no row.
fn is_header_line(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && !t.contains('\t')
        && t.chars().count() <= MAX_LINE_CHARS
        && !t.chars().any(is_sentence_punctuation)
        && !is_caption(t)
        && !decimal_figure_re().is_match(t)
        && glued_line(t).is_none()
}

/// A line that ends a sentence, or a caption: it may stand next to a table. A line that
/// stops mid-sentence may be a wrapped cell of a row.
fn is_prose_or_caption(text: &str) -> bool {
    let t = text.trim();
    is_caption(t) || t.ends_with(['。', '：', ':', '；', ';']) && !has_glued_figures(t)
}

/// Whether a line carries figures run together with text and no punctuation of a sentence
/// between them (`1李晓旻43.79%2,627.201向…`): a row of a table this reader cannot read.
fn has_glued_figures(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"\d[\d,]*\.\d+%?\d|\d,\d{3}(?:\.\d+)?%?\d|%\d").expect("valid regex")
    });
    re.is_match(text)
}

/// The ends of the cells that can start at `at`.
fn cell_ends(bytes: &[u8], at: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    let starts_next = |i: usize| i == bytes.len() || bytes[i].is_ascii_digit() || bytes[i] == b'-';
    let mut i = at;
    if bytes[i] == b'-' {
        // Nil, or a sign.
        if starts_next(i + 1) {
            ends.push(i + 1);
        }
        i += 1;
    }
    if i >= bytes.len() || !bytes[i].is_ascii_digit() {
        return ends;
    }
    // Integer parts: `0`, digits without separators (at most three), or groups of three.
    let mut int_ends = Vec::new();
    if bytes[i] == b'0' {
        int_ends.push(i + 1);
    } else {
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_digit() && j - i < 3 {
            j += 1;
            int_ends.push(j);
        }
        // With separators: one to three digits, then `,ddd` groups.
        for lead in 1..=3 {
            let mut k = i + lead;
            if k > bytes.len() || !bytes[i..k].iter().all(u8::is_ascii_digit) {
                break;
            }
            while k + 4 <= bytes.len()
                && bytes[k] == b','
                && bytes[k + 1..k + 4].iter().all(u8::is_ascii_digit)
            {
                k += 4;
                int_ends.push(k);
            }
        }
    }
    int_ends.sort_unstable();
    int_ends.dedup();
    for int_end in int_ends {
        let mut number_ends = vec![int_end];
        if int_end < bytes.len() && bytes[int_end] == b'.' {
            let mut f = int_end + 1;
            while f < bytes.len() && bytes[f].is_ascii_digit() {
                f += 1;
                number_ends.push(f);
            }
        }
        for end in number_ends {
            if end < bytes.len() && bytes[end] == b'%' {
                if starts_next(end + 1) {
                    ends.push(end + 1);
                }
            } else if starts_next(end) {
                ends.push(end);
            }
        }
    }
    ends
}

fn piece(run: &str, span: Range<usize>) -> Piece {
    let text = &run[span.clone()];
    if text == "-" {
        return Piece {
            span,
            nil: true,
            decimals: 0,
            percent: false,
            value: 0.0,
        };
    }
    let percent = text.ends_with('%');
    // The digits without their separators, on the stack: this runs for every cell of every
    // candidate split.
    let mut digits = [0u8; 40];
    let mut len = 0;
    for b in text.trim_end_matches('%').bytes().filter(|b| *b != b',') {
        if len == digits.len() {
            len = 0;
            break;
        }
        digits[len] = b;
        len += 1;
    }
    let number = std::str::from_utf8(&digits[..len]).unwrap_or("");
    let decimals = number.split_once('.').map_or(0, |(_, f)| f.len()) as u8;
    Piece {
        span,
        nil: false,
        decimals,
        percent,
        value: number.parse().unwrap_or(0.0),
    }
}

/// A column's usual form: decimals and whether it prints `%`. `None`: no figure seen.
type Signature = Option<(u8, bool)>;

fn mismatches(split: &[Piece], signature: &[Signature]) -> usize {
    split
        .iter()
        .zip(signature)
        .filter(|(p, s)| !p.nil && s.is_some_and(|s| s != (p.decimals, p.percent)))
        .count()
}

/// One body line of the table being read.
struct BodyLine {
    line: usize,
    glued: GluedLine,
    /// Candidate splits of the run with the table's number of run cells.
    candidates: Vec<Split>,
}

/// What the label of a row says about its place in a sum.
fn label_kind(label: &str) -> LabelKind {
    let l = label.trim();
    if l.starts_with("合计") || l.starts_with("总计") || l.starts_with("小计") {
        LabelKind::Total
    } else if l.starts_with("其中")
        || l.starts_with('-')
        || l.starts_with("减")
        || l.starts_with("加")
    {
        LabelKind::Special
    } else {
        LabelKind::Item
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelKind {
    Item,
    Total,
    Special,
}

/// Reads the glued table starting at `start` (its first header line or body row), if one
/// does; returns it and the first line after it.
pub(super) fn table_at(
    lines: &Lines<'_>,
    furniture: &Furniture,
    start: usize,
) -> Option<(Table, usize)> {
    if lines.is_blank(start) || furniture.is_furniture(start) {
        return None;
    }
    // Header lines, then the first body row.
    let mut header_lines = Vec::new();
    let mut line = start;
    let first_body = loop {
        let text = lines.text(line);
        if glued_line(text).is_some() {
            break line;
        }
        if !is_header_line(text) || header_lines.len() == MAX_HEADER_LINES {
            return None;
        }
        header_lines.push(line);
        line = lines.next_content(furniture, line)?;
    };
    // Just above: a sentence, a caption or a title, not a row this reader left out.
    if let Some(above) = previous_content(lines, furniture, start) {
        let text = lines.text(above);
        let ok = if header_lines.is_empty() {
            is_prose_or_caption(text)
        } else {
            glued_line(text).is_none() && !has_glued_figures(text)
        };
        if !ok {
            return None;
        }
    }

    // Body rows, across page breaks with the header printed again.
    let header_texts: Vec<&str> = header_lines.iter().map(|&l| lines.text(l).trim()).collect();
    let mut body_lines: Vec<(usize, GluedLine)> = Vec::new();
    let mut line = first_body;
    let after = loop {
        let Some(glued) = glued_line(lines.text(line)) else {
            break Some(line);
        };
        body_lines.push((line, glued));
        let Some(mut next) = lines.next_content(furniture, line) else {
            break None;
        };
        if !header_texts.is_empty() && lines.text(next).trim() == header_texts[0] {
            let mut k = 1;
            let mut probe = next;
            while k < header_texts.len() {
                match lines.next_content(furniture, probe) {
                    Some(p) if lines.text(p).trim() == header_texts[k] => {
                        probe = p;
                        k += 1;
                    }
                    _ => break,
                }
            }
            if k < header_texts.len() {
                break Some(next);
            }
            match lines.next_content(furniture, probe) {
                Some(p) if glued_line(lines.text(p)).is_some() => next = p,
                _ => break Some(next),
            }
        }
        line = next;
    };
    if body_lines.len() < 2 {
        return None;
    }
    // Just below: no row this reader cannot read, nor a fragment followed by more rows.
    if let Some(below) = after {
        let text = lines.text(below);
        if has_glued_figures(text) && !is_prose_or_caption(text) {
            return None;
        }
        if !is_prose_or_caption(text)
            && lines
                .next_content(furniture, below)
                .is_some_and(|n| glued_line(lines.text(n)).is_some())
        {
            return None;
        }
    }
    let last_line = body_lines.last().map(|(l, _)| *l)?;

    let source = lines.source();
    let body = split_rows(lines, source, body_lines)?;
    let width = body.first().map(|r| r.cells.len())?;
    let header = header::header_rows(lines, &header_lines, width);
    let (unit_caption, title) = captions_above(lines, start);
    Some((
        Table {
            layout: TableLayout::Glued,
            header,
            body,
            unit_caption,
            title,
            lines: start..last_line + 1,
        },
        last_line + 1,
    ))
}

/// Splits the rows of a table into cells; `None` when they cannot be read as one table.
fn split_rows(
    lines: &Lines<'_>,
    source: &str,
    body_lines: Vec<(usize, GluedLine)>,
) -> Option<Vec<Row>> {
    let runs: Vec<&str> = body_lines
        .iter()
        .map(|(line, glued)| {
            let base = lines.span(*line).start;
            &source[base + glued.run.start..base + glued.run.end]
        })
        .collect();
    let tails: Vec<usize> = body_lines
        .iter()
        .map(|(_, g)| usize::from(g.tail.is_some()))
        .collect();
    // The number of figure columns (a tail counted as one) that most rows read in their
    // columns' usual form; every row must have some reading with that many.
    let mut read: Vec<RunCells> = runs.iter().map(|run| RunCells::new(run)).collect();
    let masks: Vec<u32> = read.iter().map(RunCells::feasible_counts).collect();
    let mut best: Option<Reading> = None;
    for n in 1..=MAX_CELLS {
        let every_row_can = masks.iter().zip(&tails).all(|(mask, tail)| {
            n.checked_sub(*tail)
                .is_some_and(|k| k > 0 && mask & (1 << k) != 0)
        });
        if !every_row_can {
            continue;
        }
        // Weighed by the forms of the splits; only the count chosen builds its splits. Every
        // row must have some; they are found first, then looked at.
        let every_row_reads = read.iter_mut().zip(&tails).all(|(cells, tail)| {
            n.checked_sub(*tail)
                .and_then(|k| cells.forms(k))
                .is_some_and(|found| !found.is_empty())
        });
        if !every_row_reads {
            continue;
        }
        let all: Vec<&[PackedForm]> = read
            .iter()
            .zip(&tails)
            .map(|(cells, tail)| cells.known_forms(n - tail))
            .collect();
        let signature = signature_for(&all, n);
        let full = all
            .iter()
            .filter(|forms| forms.iter().any(|c| fits(signature, *c)))
            .count();
        if best.as_ref().is_none_or(|(f, _, _)| full > *f) {
            best = Some((full, n, signature));
        }
        if full == runs.len() {
            // Every row reads in its columns' form: no later count can read more.
            break;
        }
    }
    let (full, n, packed) = best?;
    if full * 2 < runs.len() {
        return None;
    }
    let signature = unpack(packed, n);
    // Only the splits `choose` keeps are built: at most one column more out of form than the
    // row's best reading.
    let all: Vec<Vec<Split>> = read
        .iter()
        .zip(&tails)
        .map(|(cells, tail)| {
            let best = cells
                .known_forms(n - tail)
                .iter()
                .map(|f| out_of_form(*f, packed))
                .min()
                .unwrap_or(0);
            cells.splits_in_form(n.saturating_sub(*tail), &signature, best + 1)
        })
        .collect();
    let mut rows: Vec<BodyLine> = body_lines
        .into_iter()
        .zip(all)
        .map(|((line, glued), candidates)| BodyLine {
            line,
            glued,
            candidates,
        })
        .collect();
    if !choose(lines, source, &mut rows, &signature) {
        return None;
    }
    rows.iter()
        .map(|r| build_row(lines, source, r, n, tails_of(r)))
        .collect()
}

fn tails_of(row: &BodyLine) -> usize {
    usize::from(row.glued.tail.is_some())
}

/// The most column forms tried for one table.
const MAX_SIGNATURES: usize = 4096;

/// How many of a table's most constrained rows propose its column forms.
const CONSTRAINED_ROWS: usize = 4;

/// The usual form of each column: of the forms some candidate prints, the one most rows can
/// be read in; on a tie, the one with fewest distinct decimals among the columns without `%`
/// (amounts of one table share their decimals), then the one with most columns of two
/// decimals (万元 amounts).
fn signature_for(row_forms: &[&[PackedForm]], n: usize) -> PackedForm {
    // Each row's candidates come reduced to their distinct forms: many splits of a run share
    // one pattern of decimals, and the search below is over patterns, not splits.
    // The column form that fits most rows fits the most constrained rows too: draw the
    // candidates from the few rows with the fewest readings rather than from every row.
    let mut by_readings: Vec<&[PackedForm]> = row_forms.to_vec();
    by_readings.sort_by_key(|forms| forms.len());
    let mut forms: Vec<PackedForm> = by_readings
        .iter()
        .take(CONSTRAINED_ROWS)
        .flat_map(|forms| forms.iter().copied())
        .collect();
    forms.sort_unstable();
    forms.dedup();
    if forms.len() > MAX_SIGNATURES {
        return 0;
    }
    // Rows with the same readings count alike: weigh each distinct set of forms once.
    let mut weighted: Vec<(&[PackedForm], usize)> = Vec::new();
    let mut sorted: Vec<&[PackedForm]> = row_forms.to_vec();
    sorted.sort();
    for forms in sorted {
        match weighted.last_mut() {
            Some((last, count)) if *last == forms => *count += 1,
            _ => weighted.push((forms, 1)),
        }
    }
    // A form that prints every cell fits a candidate that prints every cell only when the
    // two are equal: those candidates are looked up (they are sorted), the rest compared.
    let every_cell = printed(PackedForm::MAX) & ((1 << (FORM_BITS * n)) - 1);
    let rows: Vec<(Vec<PackedForm>, Vec<PackedForm>, usize)> = weighted
        .iter()
        .map(|(forms, count)| {
            let (full, partial): (Vec<PackedForm>, Vec<PackedForm>) =
                forms.iter().partition(|f| printed(**f) == every_cell);
            (full, partial, *count)
        })
        .collect();
    let key = |form: &PackedForm| {
        let form_is_full = printed(*form) == every_cell;
        let rows: usize = rows
            .iter()
            .filter(|(full, partial, _)| {
                if form_is_full {
                    full.binary_search(form).is_ok() || partial.iter().any(|c| fits(*form, *c))
                } else {
                    full.iter().chain(partial).any(|c| fits(*form, *c))
                }
            })
            .map(|(_, _, count)| count)
            .sum();
        // Read off the packed form: cells with a form, distinct decimals of the columns
        // without `%` (a bit each), columns of two decimals.
        let (mut known, mut decimals, mut two) = (0, 0u32, 0);
        for i in 0..n {
            let code = cell_code(*form, i);
            if code == 0 {
                continue;
            }
            known += 1;
            let (d, pct) = ((code - 1) / 2, (code - 1) % 2 == 1);
            if !pct {
                decimals |= 1 << d;
            }
            two += usize::from(d == 2);
        }
        (rows, known, std::cmp::Reverse(decimals.count_ones()), two)
    };
    // Of equal keys, the greatest form as a `Vec<Signature>` (compared cell by cell from the
    // first): the one `max_by_key` over the sorted forms took before they were packed.
    let in_cell_order = |form: PackedForm| {
        (0..n).fold(0, |key: PackedForm, i| {
            key << FORM_BITS | cell_code(form, i)
        })
    };
    forms
        .into_iter()
        .map(|f| (key(&f), in_cell_order(f), f))
        .max()
        .map_or(0, |(_, _, f)| f)
}

/// A split's form packed into an integer, five bits a cell: 0 for a nil cell, else
/// 1 + 2 × decimals + percent (at most [`MAX_DECIMALS`] decimals). Forms of up to
/// [`MAX_CELLS`] cells compare and deduplicate as plain integers.
type PackedForm = u128;

const FORM_BITS: usize = 5;

#[cfg(test)]
fn pack(split: &[Piece]) -> PackedForm {
    split
        .iter()
        .enumerate()
        .fold(0, |form, (i, p)| form | cell_form(p) << (FORM_BITS * i))
}

fn cell_form(piece: &Piece) -> PackedForm {
    if piece.nil {
        0
    } else {
        1 + 2 * u128::from(piece.decimals) + u128::from(piece.percent)
    }
}

fn cell_code(form: PackedForm, i: usize) -> u128 {
    (form >> (FORM_BITS * i)) & 0b11111
}

fn unpack(form: PackedForm, n: usize) -> Vec<Signature> {
    (0..n)
        .map(|i| match cell_code(form, i) {
            0 => None,
            code => Some((((code - 1) / 2) as u8, (code - 1) % 2 == 1)),
        })
        .collect()
}

/// A candidate fits a column form where every printed cell has the column's decimals and `%`:
/// no cell where both print something and what they print differs.
fn fits(form: PackedForm, candidate: PackedForm) -> bool {
    printed(form) & printed(candidate) & printed(form ^ candidate) == 0
}

/// How many cells of a candidate are out of the column forms: printed, where the column has a
/// form, in another.
fn out_of_form(candidate: PackedForm, signature: PackedForm) -> usize {
    (printed(candidate) & printed(signature) & printed(candidate ^ signature)).count_ones() as usize
}

/// Bit 0 of each cell's five set where the cell's code is not 0.
fn printed(form: PackedForm) -> PackedForm {
    const LOW_BITS: PackedForm = {
        let mut mask = 0;
        let mut i = 0;
        while i < MAX_CELLS {
            mask |= 1 << (FORM_BITS * i);
            i += 1;
        }
        mask
    };
    (form | form >> 1 | form >> 2 | form >> 3 | form >> 4) & LOW_BITS
}

/// Narrows every row's candidates to those that read best: fewest columns out of their usual
/// form, then (with a total row) shares that equal amount over total and columns that foot.
/// Rows left with several candidates are ambiguous.
/// Returns `false` when, so read, a total fails to foot in two columns or more: a table
/// misread (or one whose totals are not sums of its rows) rather than a misprint.
fn choose(lines: &Lines<'_>, source: &str, rows: &mut [BodyLine], signature: &[Signature]) -> bool {
    for row in rows.iter_mut() {
        let best = row
            .candidates
            .iter()
            .map(|c| mismatches(c, signature))
            .min()
            .unwrap_or(0);
        // One column out of form is kept as a possibility: a share printed `1.2` in a column
        // of `1.25`s, a trailing zero dropped.
        row.candidates
            .retain(|c| mismatches(c, signature) <= best + 1);
        row.candidates.sort_by_key(|c| mismatches(c, signature));
    }
    let labels: Vec<LabelKind> = rows
        .iter()
        .map(|r| {
            let base = lines.span(r.line).start;
            label_kind(&source[base + r.glued.label.start..base + r.glued.label.end])
        })
        .collect();
    let totals: Vec<usize> = (0..rows.len())
        .filter(|&i| labels[i] == LabelKind::Total)
        .collect();
    let sums_readable = !totals.is_empty()
        && !labels.contains(&LabelKind::Special)
        && rows.iter().all(|r| r.glued.tail.is_none());
    if !sums_readable {
        for row in rows.iter_mut() {
            let best = row.candidates.first().map(|c| mismatches(c, signature));
            row.candidates
                .retain(|c| Some(mismatches(c, signature)) == best);
        }
        return true;
    }
    // Sections: each total closes the rows since the previous one.
    let mut sections = Vec::new();
    let mut from = 0;
    for &t in &totals {
        if t > from {
            sections.push((from..t, t));
        }
        from = t + 1;
    }
    for (parts, total) in &sections {
        resolve_section(rows, parts.clone(), *total, signature);
    }
    for row in rows.iter_mut() {
        let best = row.candidates.first().map(|c| mismatches(c, signature));
        row.candidates
            .retain(|c| Some(mismatches(c, signature)) == best);
    }
    sections.iter().all(|(parts, total)| {
        let picked: Option<Vec<&Split>> =
            parts.clone().map(|i| rows[i].candidates.first()).collect();
        match (picked, rows[*total].candidates.first()) {
            (Some(picked), Some(t)) => footing_failures(&picked, t) < 2,
            _ => true,
        }
    })
}

/// Shares that disagree with amount over total, for a split of a part row against a split of
/// its total row. A share column is a `%` column whose total prints 100.
fn share_failures(part: &[Piece], total: &[Piece]) -> usize {
    let mut failures = 0;
    for s in 1..total.len().min(part.len()) {
        let (ts, ta) = (&total[s], &total[s - 1]);
        if ts.nil || ta.nil || ta.percent || (ts.value - 100.0).abs() > 1e-9 || ta.value <= 0.0 {
            continue;
        }
        let (ps, pa) = (&part[s], &part[s - 1]);
        if ps.nil || pa.nil || pa.percent {
            continue;
        }
        let expected = pa.value / ta.value * 100.0;
        let tolerance = ps.half_unit()
            + 100.0 * pa.half_unit() / ta.value
            + expected * ta.half_unit() / ta.value
            + 1e-9;
        if (expected - ps.value).abs() > tolerance {
            failures += 1;
        }
    }
    failures
}

/// Columns of a section that do not foot, for one choice of split per row.
fn footing_failures(parts: &[&Split], total: &Split) -> usize {
    let mut failures = 0;
    for (c, t) in total.iter().enumerate() {
        // A percentage in the total row other than 100 is a rate of the whole (a margin, a
        // growth rate), which the rates of the rows above do not add up to.
        if t.nil || t.percent && (t.value - 100.0).abs() > 1e-9 {
            continue;
        }
        let mut sum = 0.0;
        let mut slack = t.half_unit();
        for p in parts {
            let Some(piece) = p.get(c) else {
                return usize::MAX;
            };
            if !piece.nil {
                sum += piece.value;
                slack += piece.half_unit();
            }
        }
        if (sum - t.value).abs() > slack + 1e-9 {
            failures += 1;
        }
    }
    failures
}

/// Narrows the candidates of the rows of one section and its total by the shares and the
/// footing they imply.
fn resolve_section(
    rows: &mut [BodyLine],
    parts: Range<usize>,
    total: usize,
    signature: &[Signature],
) {
    let total_candidates = rows[total].candidates.clone();
    if total_candidates.is_empty() || parts.clone().any(|i| rows[i].candidates.is_empty()) {
        return;
    }
    // For each reading of the total: each part's best readings by (shares, form).
    let mut readings: Vec<(usize, usize, Split, Vec<Vec<Split>>)> = Vec::new();
    // Only readings of the total in its best form can win (see `best` below), and of those
    // only the ones with the fewest share failures: the others are not weighed.
    let total_form = total_candidates
        .iter()
        .map(|t| mismatches(t, signature))
        .min();
    let mut least_score = usize::MAX;
    for t in total_candidates
        .iter()
        .filter(|t| Some(mismatches(t, signature)) == total_form)
    {
        let mut score = 0;
        let mut chosen = Vec::new();
        for i in parts.clone() {
            let keyed: Vec<((usize, usize), &Split)> = rows[i]
                .candidates
                .iter()
                .map(|c| ((share_failures(c, t), mismatches(c, signature)), c))
                .collect();
            let best = keyed.iter().map(|(k, _)| *k).min().unwrap_or((0, 0));
            score += best.0;
            chosen.push(
                keyed
                    .into_iter()
                    .filter(|(k, _)| *k == best)
                    .map(|(_, c)| c.clone())
                    .collect::<Vec<_>>(),
            );
        }
        if score > least_score {
            continue;
        }
        least_score = score;
        // Footing, over the combinations of tied parts.
        let combinations: usize = chosen
            .iter()
            .map(Vec::len)
            .try_fold(1usize, |a, b| a.checked_mul(b))
            .unwrap_or(usize::MAX);
        let mut foot = usize::MAX;
        if combinations <= MAX_COMBINATIONS {
            let mut winners: Vec<Vec<usize>> = Vec::new();
            let mut index = vec![0usize; chosen.len()];
            loop {
                let pick: Vec<&Split> = index.iter().zip(&chosen).map(|(&k, c)| &c[k]).collect();
                let f = footing_failures(&pick, t);
                if f < foot {
                    foot = f;
                    winners.clear();
                }
                if f == foot {
                    winners.push(index.clone());
                }
                // Next combination.
                let mut k = 0;
                while k < index.len() {
                    index[k] += 1;
                    if index[k] < chosen[k].len() {
                        break;
                    }
                    index[k] = 0;
                    k += 1;
                }
                if k == index.len() {
                    break;
                }
            }
            // Keep, for each part, the readings some best combination uses.
            for (p, options) in chosen.iter_mut().enumerate() {
                let used: Vec<usize> = {
                    let mut u: Vec<usize> = winners.iter().map(|w| w[p]).collect();
                    u.sort_unstable();
                    u.dedup();
                    u
                };
                *options = used.into_iter().map(|k| options[k].clone()).collect();
            }
        }
        readings.push((score, foot, t.clone(), chosen));
    }
    // The total's own form comes first: a reading of the total that fits its columns beats
    // one that merely avoids checks (`17,003.0010 | 0.00%` has no shares to fail, because no
    // share is of a 0.00% total).
    let best = readings
        .iter()
        .map(|(s, f, t, _)| (mismatches(t, signature), *s, *f))
        .min();
    let winners: Vec<_> = readings
        .into_iter()
        .filter(|(s, f, t, _)| Some((mismatches(t, signature), *s, *f)) == best)
        .collect();
    if winners.len() == 1 {
        let (_, _, t, chosen) = winners.into_iter().next().expect("one winner");
        rows[total].candidates = vec![t];
        for (i, options) in parts.zip(chosen) {
            rows[i].candidates = options;
        }
    } else {
        // The total itself is ambiguous: keep its tied readings, and leave the parts alone.
        rows[total].candidates = winners.into_iter().map(|(_, _, t, _)| t).collect();
    }
}

/// The cells of a row: its label, its figures (or one text span over the figures its
/// readings disagree on), its tail. `None` when even that span would read as a figure.
fn build_row(
    lines: &Lines<'_>,
    source: &str,
    row: &BodyLine,
    n: usize,
    tail: usize,
) -> Option<Row> {
    let base = lines.span(row.line).start;
    let run_base = base + row.glued.run.start;
    let mut cells = vec![Cell {
        span: base + row.glued.label.start..base + row.glued.label.end,
    }];
    let first = row.candidates.first()?;
    let k = n - tail;
    let mut k_cells: Vec<Range<usize>> = Vec::with_capacity(k);
    let mut c = 0;
    while c < k {
        let agreed = row.candidates.iter().all(|s| s[c].span == first[c].span);
        if agreed {
            k_cells.push(first[c].span.clone());
            c += 1;
            continue;
        }
        // The columns the readings disagree on, up to where they agree again.
        let mut end_col = c;
        while end_col < k
            && !row
                .candidates
                .iter()
                .all(|s| s[end_col].span == first[end_col].span)
        {
            end_col += 1;
        }
        let lo = row.candidates.iter().map(|s| s[c].span.start).min()?;
        let hi = row
            .candidates
            .iter()
            .map(|s| s[end_col - 1].span.end)
            .max()?;
        let text = &source[run_base + lo..run_base + hi];
        if !matches!(read_cell(text), CellValue::Text) {
            return None;
        }
        for _ in c..end_col {
            k_cells.push(lo..hi);
        }
        c = end_col;
    }
    cells.extend(k_cells.into_iter().map(|s| Cell {
        span: run_base + s.start..run_base + s.end,
    }));
    if let Some(t) = &row.glued.tail {
        cells.push(Cell {
            span: base + t.start..base + t.end,
        });
    }
    Some(Row {
        line: row.line,
        cells,
    })
}

/// Column headings words that end a glued heading: peeled off to make one more cell.
/// The nearest non-blank, non-furniture line above `line`, within the gap allowed.
fn previous_content(lines: &Lines<'_>, furniture: &Furniture, line: usize) -> Option<usize> {
    let mut probe = line;
    while probe > 0 {
        probe -= 1;
        if !lines.is_blank(probe) && !furniture.is_furniture(probe) {
            return Some(probe);
        }
        if line - probe > MAX_FURNITURE_GAP {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::test_support::{cell_texts, tables};

    fn run_splits(run: &str, cells: usize) -> Vec<Vec<&str>> {
        splits(run, cells)
            .unwrap()
            .iter()
            .map(|s| s.iter().map(|p| &run[p.span.clone()]).collect())
            .collect()
    }

    #[test]
    fn the_grammar_splits_thousands_percent_and_dashes() {
        let all = run_splits("1,234.5012.50%-", 3);
        assert!(all.contains(&vec!["1,234.50", "12.50%", "-"]));
        // A thousands group has exactly three digits; `%` ends a cell.
        assert!(!all.iter().any(|s| s.iter().any(|c| c.starts_with(','))));
        assert!(!all.iter().any(|s| s.contains(&"1,234.5012")));
        assert!(run_splits("---7.5", 4).contains(&vec!["-", "-", "-", "7.5"]));
        assert!(run_splits("---7.5", 3).contains(&vec!["-", "-", "-7.5"]));
    }

    #[test]
    fn a_line_with_a_sentence_is_no_row() {
        assert!(glued_line("现金1,000.002,000.00").is_some());
        assert!(glued_line("本期收入为1,000.00").is_none());
        assert!(glued_line("公司收入增长,金额1,000.00").is_none());
        assert!(glued_line("项目2031/12/31").is_none());
        assert!(glued_line("1、关于收入 ......12").is_none());
        assert!(glued_line("风险=8%*40%=3.2%").is_none());
        let g = glued_line("负债率(合并)40.00%41.00%增加1.00个百分点").unwrap();
        let text = "负债率(合并)40.00%41.00%增加1.00个百分点";
        assert_eq!(&text[g.label], "负债率(合并)");
        assert_eq!(&text[g.run], "40.00%41.00%");
        assert_eq!(&text[g.tail.unwrap()], "增加1.00个百分点");
    }

    #[test]
    fn reads_a_glued_table_with_a_page_break_and_a_repeated_header() {
        let text = "测算如下:\n\n单位:万元\n\n\
                    项目2031/6/30调整后的金额变动比例\n\
                    现金12,000.5010,000.50-16.67%\n\
                    存货3,000.002,500.00-16.67%\n\
                    \n9-9-9\n\n\
                    项目2031/6/30调整后的金额变动比例\n\
                    比率(倍)2.502.00-20.00%\n\
                    负债率(合并)40.00%41.00%增加1.00个百分点\n\
                    \n由上表可知,影响较小。\n";
        let found = tables(text);
        assert_eq!(found.len(), 1);
        let t = &found[0];
        assert_eq!(t.layout, TableLayout::Glued);
        assert_eq!(t.body.len(), 4);
        assert_eq!(
            cell_texts(text, &t.body[0]),
            ["现金", "12,000.50", "10,000.50", "-16.67%"]
        );
        assert_eq!(
            cell_texts(text, &t.body[2]),
            ["比率(倍)", "2.50", "2.00", "-20.00%"]
        );
        assert_eq!(
            cell_texts(text, &t.body[3]),
            ["负债率(合并)", "40.00%", "41.00%", "增加1.00个百分点"]
        );
        assert_eq!(
            cell_texts(text, &t.header[0]),
            ["项目", "2031/6/30", "调整后的金额", "变动比例"]
        );
        assert_eq!(&text[t.unit_caption.clone().unwrap()], "单位:万元");
        assert_eq!(t.body[2].line, 11);
    }

    #[test]
    fn shares_decide_between_splits_and_an_undecided_row_is_text() {
        // `80.010.00%` reads 80.0 / 10.00% (a trailing zero dropped) or 80.01 / 0.00%:
        // 80.0 of 800.00 is 10.00%. The count column `3100.00` … is decided by the total.
        let text = "情况如下:\n\n\
                    项目金额占比\n\
                    甲320.0040.00%\n\
                    乙400.0050.00%\n\
                    丙80.010.00%\n\
                    合计800.00100.00%\n\
                    \n以上。\n";
        let t = &tables(text)[0];
        assert_eq!(cell_texts(text, &t.body[2]), ["丙", "80.0", "10.00%"]);
        assert_eq!(cell_texts(text, &t.body[3]), ["合计", "800.00", "100.00%"]);

        // Count then amount: `3120.00` is 3 / 120.00, 31 / 20.00 or 312 / 0.00, and no
        // total decides: the table is not read rather than guessed.
        let text = "情况如下:\n\n\
                    甲3120.00\n\
                    乙1,250.00\n\
                    丙1,205.00\n\
                    \n以上。\n";
        assert!(tables(text).is_empty());
    }

    #[test]
    fn rows_next_to_an_unreadable_line_are_not_read() {
        let text = "情况如下:\n\n\
                    1甲10.00%2,000.001说明100.00\n\
                    2说明二50.00\n\
                    合计150.00\n\
                    \n以上。\n";
        assert!(tables(text).is_empty());
    }

    #[test]
    fn prose_with_figures_is_no_table() {
        let text = "公司本年收入为1,000.00万元,较上年增长10.00%。\n\
                    营业成本为600.00\n\
                    毛利率达40.00%\n";
        assert!(tables(text).is_empty());
    }

    #[test]
    fn packed_forms_count_cells_out_of_form_as_the_splits_do() {
        let run = "1,234.5012.50%-7.5";
        let mut cells = RunCells::new(run);
        let signature = vec![Some((2, false)), Some((2, true)), None, Some((2, false))];
        let packed_signature = signature.iter().enumerate().fold(0, |form, (i, s)| {
            let code = s.map_or(0, |(d, pct)| 1 + 2 * u128::from(d) + u128::from(pct));
            form | code << (FORM_BITS * i)
        });
        let splits = cells.splits(4).expect("few splits");
        assert!(!splits.is_empty());
        let mut forms = Vec::new();
        for split in &splits {
            let form = pack(split);
            assert_eq!(
                out_of_form(form, packed_signature),
                mismatches(split, &signature)
            );
            assert_eq!(unpack(form, 4).len(), 4);
            forms.push(form);
        }
        forms.sort_unstable();
        forms.dedup();
        assert_eq!(cells.forms(4), Some(&forms[..]));
    }
}
