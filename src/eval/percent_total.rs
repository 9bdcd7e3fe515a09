//! `percent_total`: the parts of a share column add up to the total row's share, or to 100
//! when the table has no total row.

use rust_decimal::Decimal;

use super::check::{Check, FigureRef, Role};
use super::footing::check_sum_column;
use super::interval::Interval;
use super::table_shape::{sums, Sum, SumKind};
use super::TableContext;
use crate::extract::number::CellValue;
use crate::extract::TypedTable;
use crate::rules::{RowLabels, Rule, ShareColumns};

/// The columns of a table that hold shares of a whole, with their usual decimals.
pub(super) fn share_columns(
    ctx: &TableContext<'_>,
    columns: &ShareColumns,
    sums: &[Sum],
) -> Vec<(usize, u32)> {
    let table = ctx.table;
    (table.label_columns..table.columns.len())
        .filter(|&c| table.column_unit(c).is_percent())
        .filter(|&c| {
            let header = &table.columns[c].header;
            if header.iter().any(|h| columns.rate.is_match(h)) {
                return false;
            }
            header.iter().any(|h| columns.share.is_match(h))
                || sums.iter().any(|s| {
                    matches!(table.rows[s.total].values.get(c),
                        Some(CellValue::Figure(f)) if f.value == Decimal::ONE_HUNDRED)
                })
        })
        .map(|c| (c, usual_decimals(ctx, c)))
        .collect()
}

/// The number of decimals most figures of a column are printed with.
pub(super) fn usual_decimals(ctx: &TableContext<'_>, column: usize) -> u32 {
    let mut counts = [0usize; 8];
    for row in &ctx.table.rows {
        if let Some(CellValue::Figure(f)) = row.values.get(column) {
            counts[(f.decimals as usize).min(7)] += 1;
        }
    }
    (0..8u32)
        .max_by_key(|d| (counts[*d as usize], std::cmp::Reverse(*d)))
        .unwrap_or(0)
}

/// The interval a printed total share stands for: exactly 100 when it prints 100 (a whole is
/// a whole, whatever its rounding), its rounding otherwise.
pub(super) fn total_share(value: Decimal, decimals: u32) -> Interval {
    if value == Decimal::ONE_HUNDRED {
        Interval::exact(value)
    } else {
        Interval::printed(value, decimals)
    }
}

pub(super) fn run(
    ctx: &TableContext<'_>,
    rule: &Rule,
    rows: &RowLabels,
    columns: &ShareColumns,
) -> Vec<Check> {
    let table = ctx.table;
    let mut sums = sums(table, rows);
    let shares = share_columns(ctx, columns, &sums);
    let mut checks = Vec::new();
    if sums.is_empty() {
        // No total row: a share column whose header names it a share must add up to 100.
        let mut parts: Vec<usize> = (0..table.rows.len())
            .filter(|&r| {
                !rows.part_of_above.is_match(table.rows[r].last_label())
                    && table.rows[r].has_figures()
            })
            .collect();
        // A last row named as the total of something (`主营业务收入合计`) is no total row of
        // the whole table for footing, whose rows above may be other items; but in a share
        // column it is the whole the shares above are of.
        match parts.last() {
            Some(&last) if is_named_total(table.rows[last].last_label()) && parts.len() > 2 => {
                parts.pop();
                sums.push(Sum {
                    total: last,
                    parts,
                    alternatives: Vec::new(),
                    kind: SumKind::Grand,
                });
            }
            _ => return shares_without_total(ctx, rule, columns, &shares, &parts),
        }
    }
    for sum in sums.drain(..) {
        for &(column, decimals) in &shares {
            let Some(CellValue::Figure(total)) = table.rows[sum.total].values.get(column) else {
                continue;
            };
            let interval = total_share(total.value, total.decimals);
            checks.extend(check_sum_column(
                ctx,
                rule,
                &sum,
                column,
                column,
                interval,
                total.value,
                Some(decimals),
                "share total",
            ));
        }
    }
    checks
}

/// A table with no total row: each column headed as a share of the column's whole must add
/// up to 100.
fn shares_without_total(
    ctx: &TableContext<'_>,
    rule: &Rule,
    columns: &ShareColumns,
    shares: &[(usize, u32)],
    parts: &[usize],
) -> Vec<Check> {
    let table = ctx.table;
    let mut checks = Vec::new();
    if parts.len() < 2 {
        return checks;
    }
    // Shares that add up across each row (`内销占比` + `外销占比`) are each row's split of
    // a whole of its own, which need not add up down the column.
    if row_wise_shares(table, shares, parts) {
        return checks;
    }
    for &(column, decimals) in shares {
        // A share of a named base (`占当年营业收入的比例`) is each row's ratio to its own
        // base, not a share of the column's whole.
        if !table.columns[column]
            .header
            .iter()
            .any(|h| columns.share.is_match(h) && !names_a_base(h))
        {
            continue;
        }
        let sum = Sum {
            total: usize::MAX,
            parts: parts.to_vec(),
            alternatives: Vec::new(),
            kind: SumKind::Grand,
        };
        checks.extend(check_without_total(ctx, rule, &sum, column, decimals));
    }
    checks
}

/// A label that names the total of something (`主营业务收入合计`).
fn is_named_total(label: &str) -> bool {
    ["合计", "合計", "总计", "總計"]
        .iter()
        .any(|w| label.ends_with(w) && label.len() > w.len())
}

/// A share heading that names the whole it is a share of (`占当年营业收入的比例`).
fn names_a_base(heading: &str) -> bool {
    let h = heading.trim_start();
    (h.starts_with('占') || h.starts_with('佔'))
        && ["比例", "比重", "百分比"].iter().any(|w| h.ends_with(w))
        && h.chars().count() > 4
}

/// Whether two or more share columns add up to 100 across every row.
fn row_wise_shares(table: &TypedTable, shares: &[(usize, u32)], rows: &[usize]) -> bool {
    if shares.len() < 2 {
        return false;
    }
    rows.iter().all(|&r| {
        let mut sum = Interval::exact(Decimal::ZERO);
        for &(c, decimals) in shares {
            let part = match table.rows[r].values.get(c) {
                Some(CellValue::Figure(f)) => Interval::printed(f.value, f.decimals),
                Some(CellValue::Nil { .. } | CellValue::Empty) | None => Interval::below(decimals),
                _ => return false,
            };
            match sum.checked_add(part) {
                Some(s) => sum = s,
                None => return false,
            }
        }
        sum.lo <= Decimal::ONE_HUNDRED && Decimal::ONE_HUNDRED <= sum.hi
    })
}

/// A share column with no total row printed: its parts against 100.
fn check_without_total(
    ctx: &TableContext<'_>,
    rule: &Rule,
    sum: &Sum,
    column: usize,
    decimals: u32,
) -> Option<Check> {
    let addition = super::footing::add_parts(ctx, &sum.parts, column, Some(decimals)).ok()?;
    if addition.printed_parts < 2 {
        return None;
    }
    let hundred = Interval::exact(Decimal::ONE_HUNDRED);
    let holds = addition.interval.intersects(&hundred);
    let difference = addition.sum - Decimal::ONE_HUNDRED;
    let tolerance = addition.interval.half_width().normalize();
    let message = if holds {
        format!(
            "share total in column {}: {} shares add up to {}",
            ctx.column_name(column),
            addition.printed_parts,
            addition.sum
        )
    } else {
        format!(
            "share total in column {}: {} shares add up to {}, not 100 (difference {}, rounding allows {})",
            ctx.column_name(column),
            addition.printed_parts,
            addition.sum,
            difference,
            tolerance
        )
    };
    let mut check = Check::new(
        rule,
        if holds {
            super::check::Verdict::Pass
        } else {
            super::check::Verdict::Fail
        },
        message,
    );
    check.expected = Some(Decimal::ONE_HUNDRED);
    check.actual = Some(addition.sum);
    check.difference = Some(difference);
    check.tolerance = Some(tolerance);
    check.figures = addition
        .figures
        .into_iter()
        .map(|f| FigureRef {
            role: Role::Share,
            ..f
        })
        .collect();
    Some(check)
}
