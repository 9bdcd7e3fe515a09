//! `share_of_total`: each share equals its amount over the total amount, times the total's
//! share (100 when the column divides the table's own total).

use rust_decimal::Decimal;

use super::check::{Check, Role, Verdict};
use super::footing::add_parts;
use super::interval::Interval;
use super::percent_total::{share_columns, total_share};
use super::table_shape::{sums, Sum, SumKind};
use super::TableContext;
use crate::extract::number::{half_unit, CellValue};
use crate::rules::{RowLabels, Rule, ShareColumns};

/// The amount column a share column is a share of: the nearest column to its left that holds
/// figures that are not percentages, in the same period.
fn amount_column(ctx: &TableContext<'_>, share: usize) -> Option<usize> {
    let table = ctx.table;
    let period = table.columns[share].period.as_ref();
    (table.label_columns..share).rev().find(|&c| {
        !table.column_unit(c).is_percent()
            && table
                .rows
                .iter()
                .any(|r| matches!(r.values.get(c), Some(CellValue::Figure(_))))
            && (period.is_none() || table.columns[c].period.as_ref() == period)
    })
}

pub(super) fn run(
    ctx: &TableContext<'_>,
    rule: &Rule,
    rows: &RowLabels,
    columns: &ShareColumns,
) -> Vec<Check> {
    let table = ctx.table;
    let sums = sums(table, rows);
    let shares = share_columns(ctx, columns, &sums);
    let mut checks = Vec::new();
    for sum in sums
        .iter()
        .filter(|s| matches!(s.kind, SumKind::Grand | SumKind::Unlabelled))
    {
        for &(share, decimals) in &shares {
            let Some(amount) = amount_column(ctx, share) else {
                continue;
            };
            checks.extend(check_column(ctx, rule, sum, share, decimals, amount));
        }
    }
    checks
}

fn check_column(
    ctx: &TableContext<'_>,
    rule: &Rule,
    sum: &Sum,
    share: usize,
    decimals: u32,
    amount: usize,
) -> Vec<Check> {
    let table = ctx.table;
    let total_row = &table.rows[sum.total];
    let (Some(CellValue::Figure(total_amount)), Some(CellValue::Figure(total_pct))) =
        (total_row.values.get(amount), total_row.values.get(share))
    else {
        return Vec::new();
    };
    if total_amount.value.is_zero() {
        return Vec::new();
    }
    let total_amount_i = Interval::printed(total_amount.value, total_amount.decimals);
    let total_pct_i = total_share(total_pct.value, total_pct.decimals);
    // When the printed shares add up exactly to the printed total, one share nudged by a unit
    // is the document making its column add up, not an error.
    let column_adds_up =
        add_parts(ctx, &sum.parts, share, Some(decimals)).is_ok_and(|a| a.sum == total_pct.value);

    let mut checks = Vec::new();
    for &row in &sum.parts {
        let values = &table.rows[row].values;
        let (share_i, share_value, share_decimals) = match values.get(share) {
            Some(CellValue::Figure(f)) => {
                (Interval::printed(f.value, f.decimals), f.value, f.decimals)
            }
            Some(CellValue::Nil { .. }) => (Interval::below(decimals), Decimal::ZERO, decimals),
            _ => continue,
        };
        let amount_i = match values.get(amount) {
            Some(CellValue::Figure(f)) => Interval::printed(f.value, f.decimals),
            Some(CellValue::Nil { .. }) => Interval::exact(Decimal::ZERO),
            _ => continue,
        };
        let share_printed = matches!(values.get(share), Some(CellValue::Figure(_)));
        let amount_printed = matches!(values.get(amount), Some(CellValue::Figure(_)));
        if !share_printed && !amount_printed {
            continue;
        }
        let amount_value = match values.get(amount) {
            Some(CellValue::Figure(f)) => f.value,
            _ => Decimal::ZERO,
        };
        let Some(expected_i) = amount_i
            .checked_mul(total_pct_i)
            .and_then(|x| x.checked_div(total_amount_i))
        else {
            continue;
        };
        let Some(expected) = amount_value
            .checked_mul(total_pct.value)
            .and_then(|x| x.checked_div(total_amount.value))
        else {
            continue;
        };
        let expected = expected.round_dp(share_decimals + 2);
        let holds = expected_i.intersects(&share_i);
        let distance = expected_i.distance(&share_i);
        let adjusted =
            !holds && column_adds_up && distance <= half_unit(share_decimals) * Decimal::TWO;
        let difference = share_value - expected;
        let tolerance = (expected_i.half_width() + share_i.half_width())
            .round_dp(share_decimals + 3)
            .normalize();
        let label = table.rows[row].label();
        let message = if holds || adjusted {
            format!(
                "share in column {}: {label} {}% = {} / {} × {}%",
                ctx.column_name(share),
                if share_printed {
                    share_value.to_string()
                } else {
                    "-".to_string()
                },
                amount_value,
                total_amount.value,
                total_pct.value
            )
        } else {
            format!(
                "share in column {}: {label} is printed as {share_value}% but its amount {} over the total {} gives {expected}% (difference {}, rounding allows {tolerance})",
                ctx.column_name(share),
                super::check::group_thousands(amount_value),
                super::check::group_thousands(total_amount.value),
                difference.normalize(),
            )
        };
        let mut check = Check::new(
            rule,
            if holds || adjusted {
                Verdict::Pass
            } else {
                Verdict::Fail
            },
            message,
        );
        if adjusted {
            check.note = Some(format!(
                "rounding adjustment: the share is one unit off so that the column adds up to {}",
                total_pct.value
            ));
        }
        check.expected = Some(expected);
        check.actual = Some(share_value);
        check.difference = Some(difference.normalize());
        check.tolerance = Some(tolerance);
        // The share is named even when it prints as `-`: the reader must see which cell
        // was checked.
        check.figures.push(ctx.figure_ref(row, share, Role::Share));
        if amount_printed {
            check
                .figures
                .push(ctx.figure_ref(row, amount, Role::Amount));
        }
        check
            .figures
            .push(ctx.figure_ref(sum.total, amount, Role::TotalAmount));
        check
            .figures
            .push(ctx.figure_ref(sum.total, share, Role::TotalShare));
        checks.push(check);
    }
    checks
}
