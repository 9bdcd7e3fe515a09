//! `percent_total`: the parts of a share column add up to the total row's share, or to 100
//! when the table has no total row.

use rust_decimal::Decimal;

use super::check::{Check, FigureRef, Role};
use super::footing::check_sum_column;
use super::interval::Interval;
use super::table_shape::{sums, Sum, SumKind};
use super::TableContext;
use crate::extract::number::CellValue;
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
        let parts: Vec<usize> = (0..table.rows.len())
            .filter(|&r| {
                !rows.part_of_above.is_match(table.rows[r].last_label())
                    && table.rows[r].has_figures()
            })
            .collect();
        if parts.len() < 2 {
            return checks;
        }
        for &(column, decimals) in &shares {
            if !table.columns[column]
                .header
                .iter()
                .any(|h| columns.share.is_match(h))
            {
                continue;
            }
            let sum = Sum {
                total: usize::MAX,
                parts: parts.clone(),
                alternatives: Vec::new(),
                kind: SumKind::Grand,
            };
            checks.extend(check_without_total(ctx, rule, &sum, column, decimals));
        }
        return checks;
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
