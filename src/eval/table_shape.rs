//! Which rows of a table total which others: the structure the table kinds share.
//!
//! Walks the body rows once, keeping the rows not yet totalled. A 小计 row closes the rows
//! since the last 小计; a 合计 under a merged first cell (`\t合计\t…`) closes that cell's
//! group; a 合计 with its own first cell closes everything above; a last row with figures and
//! no label is an unlabelled total. A closed group is replaced by its total, so that nested
//! totals add up their subtotals. 其中 rows are parts of the row above and are not added.

use super::interval::Interval;
use crate::extract::number::CellValue;
use crate::extract::period::period_in;
use crate::extract::TypedTable;
use crate::rules::RowLabels;

/// How a total row was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SumKind {
    /// 合计 / 总计 over the whole table (or everything since the last grand total).
    Grand,
    /// 合计 under a merged first cell: the total of that cell's rows.
    Group,
    /// 小计.
    Subtotal,
    /// The last row, with figures and no label, that adds up the rows above it.
    Unlabelled,
    /// A row broken down into the dash-marked rows below it (`-MEMS`, `--滤波器`).
    Breakdown,
}

/// A total row and the rows it totals.
#[derive(Debug, Clone)]
pub struct Sum {
    pub total: usize,
    pub parts: Vec<usize>,
    /// Other readings of the parts, tried in order when the first does not foot: for a group
    /// total, the groups before it too (a merged cell may have been split by a page break).
    pub alternatives: Vec<Vec<usize>>,
    pub kind: SumKind,
}

fn has_numbers(table: &TypedTable, row: usize) -> bool {
    table.rows[row]
        .values
        .iter()
        .skip(table.label_columns)
        .any(|v| matches!(v, CellValue::Figure(_) | CellValue::Nil { .. }))
}

/// Whether the last row, printed without a label, adds up the rows above it in at least one
/// column of figures: only then is it read as their total (a row can lose its label in a
/// wrapped cell, too).
fn foots_somewhere(table: &TypedTable, total: usize, items: &[usize]) -> bool {
    // Any column will do, shares included: when one figure of an amount column is wrong, the
    // share column still shows the row for the total it is.
    (table.label_columns..table.columns.len()).any(|c| {
        let Some(CellValue::Figure(t)) = table.rows[total].values.get(c) else {
            return false;
        };
        let mut sum = Interval::printed(t.value, t.decimals);
        let mut parts = 0;
        for &r in items {
            let part = match table.rows[r].values.get(c) {
                Some(CellValue::Figure(f)) => {
                    parts += 1;
                    Interval::printed(f.value, f.decimals)
                }
                Some(CellValue::Nil { .. } | CellValue::Empty) | None => {
                    Interval::exact(rust_decimal::Decimal::ZERO)
                }
                Some(CellValue::Text | CellValue::Range { .. }) => return false,
            };
            match sum.checked_sub(part) {
                Some(rest) => sum = rest,
                None => return false,
            }
        }
        parts >= 2 && sum.lo <= rust_decimal::Decimal::ZERO && sum.hi >= rust_decimal::Decimal::ZERO
    })
}

/// A row without figures that opens a section: a period (`2021 年度`), a caption ending in a
/// colon (`流动资产：`), or a numbered heading (`一、`). Other rows without figures are rows
/// whose figures are all blank, and open nothing.
fn is_heading(label: &str) -> bool {
    label.ends_with('：')
        || label.ends_with(':')
        || period_in(label).is_some_and(|_| label.chars().count() <= 16)
        || label.starts_with(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'])
            && label.contains('、')
}

/// The unit a row's label names in brackets at its end: `产能（片）` → `片`.
fn label_unit(label: &str) -> Option<&str> {
    let open = label.rfind(['（', '('])?;
    let inner = &label[open..];
    let inner = inner
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    (!inner.is_empty() && inner.chars().count() <= 6).then_some(inner)
}

/// The sums of a table, in printed order of their total rows.
pub fn sums(table: &TypedTable, labels: &RowLabels) -> Vec<Sum> {
    let mut sums = Vec::new();
    // Rows not yet totalled, at the top level of the breakdown.
    let mut items: Vec<usize> = Vec::new();
    // Where in `items` the current subtotal section starts, and where each group of a merged
    // first cell starts.
    let mut section_start = 0;
    let mut group_starts: Vec<usize> = Vec::new();
    let mut last_unit: Option<&str> = None;
    let has_groups = table.label_columns > 1
        && table.rows.iter().any(|r| !r.first_label().is_empty())
        && table
            .rows
            .iter()
            .any(|r| r.first_label().is_empty() && !r.last_label().is_empty());
    let last = table.rows.len().saturating_sub(1);
    let keyed = keyed_totals(table, labels);
    sums.extend(keyed.iter().cloned());

    for (i, row) in table.rows.iter().enumerate() {
        if keyed.iter().any(|k| k.total == i) {
            continue;
        }
        let label = row.last_label();
        if !has_numbers(table, i) {
            if is_heading(label) {
                section_start = items.len();
                group_starts.push(items.len());
            }
            continue;
        }
        if labels.part_of_above.is_match(label) || row.depth > 0 {
            continue;
        }
        let is_total = labels.total.is_match(label);
        let is_subtotal = labels.subtotal.is_match(label);
        let unlabelled_total = !is_total
            && !is_subtotal
            && i == last
            && row.label_cells.iter().all(String::is_empty)
            && items.len() >= 2
            && foots_somewhere(table, i, &items);
        if (is_total || is_subtotal) && has_groups && row.first_label().is_empty() {
            // The total of the merged first cell above it; if that reading does not foot, the
            // groups before it may belong too (a merged cell split by a page break).
            group_starts.retain(|&g| g < items.len());
            let start = group_starts
                .last()
                .copied()
                .unwrap_or(0)
                .max(section_start.min(items.len()));
            if start < items.len() {
                let mut alternatives: Vec<Vec<usize>> = group_starts
                    .iter()
                    .rev()
                    .filter(|&&g| g < start)
                    .map(|&g| items[g..].to_vec())
                    .collect();
                if start > 0 {
                    alternatives.push(items.clone());
                }
                alternatives.dedup();
                sums.push(Sum {
                    total: i,
                    parts: items[start..].to_vec(),
                    alternatives,
                    kind: SumKind::Group,
                });
                items.truncate(start);
            }
            group_starts.retain(|&g| g < items.len());
            items.push(i);
            section_start = section_start.min(items.len());
            continue;
        }
        if is_total || unlabelled_total {
            if !items.is_empty() {
                sums.push(Sum {
                    total: i,
                    parts: std::mem::take(&mut items),
                    alternatives: Vec::new(),
                    kind: if unlabelled_total {
                        SumKind::Unlabelled
                    } else {
                        SumKind::Grand
                    },
                });
            }
            section_start = 0;
            group_starts.clear();
            continue;
        }
        if is_subtotal {
            if section_start < items.len() {
                sums.push(Sum {
                    total: i,
                    parts: items[section_start..].to_vec(),
                    alternatives: Vec::new(),
                    kind: SumKind::Subtotal,
                });
                items.truncate(section_start);
            }
            items.push(i);
            section_start = items.len();
            group_starts.retain(|&g| g < items.len());
            last_unit = None;
            continue;
        }
        // A change of the unit named in the labels (`（万元）` → `（片）` → `（元/片）`) starts
        // a new section: figures in other units are not added together.
        let unit = label_unit(label);
        if unit.is_some() && last_unit.is_some() && unit != last_unit {
            section_start = items.len();
        }
        if unit.is_some() {
            last_unit = unit;
        }
        if !row.first_label().is_empty() {
            group_starts.push(items.len());
        }
        items.push(i);
    }
    sums.extend(breakdowns(table));
    sums.sort_by_key(|s| s.total);
    sums
}

/// Totals by key: a 合计 printed once per period at the foot of a table grouped by entity
/// (`合计 | 2019年`, `| 2020年`, …), each the sum of the rows above with the same key.
fn keyed_totals(table: &TypedTable, labels: &RowLabels) -> Vec<Sum> {
    if table.label_columns < 2 {
        return Vec::new();
    }
    let Some(start) = table.rows.iter().position(|r| {
        labels.total.is_match(r.first_label())
            && !r.last_label().is_empty()
            && r.last_label() != r.first_label()
    }) else {
        return Vec::new();
    };
    let mut group = vec![start];
    for (j, row) in table.rows.iter().enumerate().skip(start + 1) {
        if row.first_label().is_empty() && !row.last_label().is_empty() {
            group.push(j);
        } else {
            break;
        }
    }
    let mut sums = Vec::new();
    for &t in &group {
        if !has_numbers(table, t) {
            continue;
        }
        let key = table.rows[t].last_label();
        let parts: Vec<usize> = (0..start)
            .filter(|&r| {
                has_numbers(table, r)
                    && table.rows[r].depth == 0
                    && table.rows[r].last_label() == key
                    && !labels.total.is_match(table.rows[r].first_label())
                    && !labels.subtotal.is_match(table.rows[r].first_label())
            })
            .collect();
        if !parts.is_empty() {
            sums.push(Sum {
                total: t,
                parts,
                alternatives: Vec::new(),
                kind: SumKind::Grand,
            });
        }
    }
    sums
}

/// Rows broken down by dash-marked rows below them: `晶圆代工` = `-MEMS` + `-功率器件`, and
/// `-MEMS` = its `--` rows.
fn breakdowns(table: &TypedTable) -> Vec<Sum> {
    let depths: Vec<Option<usize>> = (0..table.rows.len())
        .map(|i| has_numbers(table, i).then_some(table.rows[i].depth))
        .collect();
    let mut sums = Vec::new();
    for (i, d) in depths.iter().enumerate() {
        let Some(d) = *d else { continue };
        let mut parts = Vec::new();
        for (j, child) in depths.iter().enumerate().skip(i + 1) {
            match child {
                Some(c) if *c == d + 1 => parts.push(j),
                Some(c) if *c <= d => break,
                _ => {}
            }
        }
        // Dash-marked rows may also list overlapping categories (`— 男性`, `— 女性`,
        // `— 管理層`): only rows that add up to their parent in some column are a breakdown.
        if parts.len() >= 2 && foots_somewhere(table, i, &parts) {
            sums.push(Sum {
                total: i,
                parts,
                alternatives: Vec::new(),
                kind: SumKind::Breakdown,
            });
        }
    }
    sums
}
