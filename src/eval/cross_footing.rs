//! Cross-footing, part of `footing`: a 合计 column equals the sum of the other columns of its
//! row (`1年以内 | 1-2年 | 2-3年 | 3年以上 | 合计`, or a 合计 column printed first).

use regex::Regex;
use rust_decimal::Decimal;

use super::check::{group_thousands, Check, Role, Verdict};
use super::interval::Interval;
use super::TableContext;
use crate::extract::number::CellValue;
use crate::rules::Rule;

/// The columns a total column adds up: the other additive columns under the same headings.
fn part_columns(ctx: &TableContext<'_>, total: usize, additive: &[usize]) -> Vec<usize> {
    let header = &ctx.table.columns[total].header;
    let prefix = &header[..header.len().saturating_sub(1)];
    additive
        .iter()
        .copied()
        .filter(|&c| c != total)
        .filter(|&c| {
            let h = &ctx.table.columns[c].header;
            h.len() == header.len() && &h[..h.len().saturating_sub(1)] == prefix
        })
        .collect()
}

pub(super) fn run(
    ctx: &TableContext<'_>,
    rule: &Rule,
    total_label: &Regex,
    additive: &[usize],
) -> Vec<Check> {
    let table = ctx.table;
    let totals = additive.iter().copied().filter(|&c| {
        table.columns[c]
            .header
            .last()
            .is_some_and(|h| total_label.is_match(h))
    });
    let mut checks = Vec::new();
    for total_column in totals {
        let parts = part_columns(ctx, total_column, additive);
        if parts.len() < 2 {
            continue;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let Some(CellValue::Figure(total)) = row.values.get(total_column) else {
                continue;
            };
            if let Some(check) = check_row(ctx, rule, r, total_column, total, &parts) {
                checks.push(check);
            }
        }
    }
    checks
}

fn check_row(
    ctx: &TableContext<'_>,
    rule: &Rule,
    row: usize,
    total_column: usize,
    total: &crate::extract::number::Figure,
    parts: &[usize],
) -> Option<Check> {
    let values = &ctx.table.rows[row].values;
    let mut sum = Decimal::ZERO;
    let mut interval = Interval::exact(Decimal::ZERO);
    let mut figures = Vec::new();
    for &c in parts {
        match values.get(c) {
            Some(CellValue::Figure(f)) => {
                sum = sum.checked_add(f.value)?;
                interval = interval.checked_add(Interval::printed(f.value, f.decimals))?;
                figures.push(ctx.figure_ref(row, c, Role::Part));
            }
            Some(CellValue::Nil { .. } | CellValue::Empty) | None => {}
            Some(CellValue::Text | CellValue::Range { .. }) => return None,
        }
    }
    if figures.is_empty() {
        return None;
    }
    let total_interval = Interval::printed(total.value, total.decimals);
    let holds = interval.intersects(&total_interval);
    let difference = total.value - sum;
    let tolerance = (interval.half_width() + total_interval.half_width()).normalize();
    let label = ctx.table.rows[row].label();
    let column = ctx.column_name(total_column);
    let message = if holds {
        format!(
            "cross-footing of {label}: {column} {} equals the sum of {} columns {}",
            group_thousands(total.value),
            figures.len(),
            group_thousands(sum)
        )
    } else {
        format!(
            "cross-footing of {label}: {column} is printed as {} but the {} columns of its row add up to {} (difference {}, rounding allows {})",
            group_thousands(total.value),
            figures.len(),
            group_thousands(sum),
            group_thousands(difference),
            group_thousands(tolerance),
        )
    };
    let mut check = Check::new(
        rule,
        if holds { Verdict::Pass } else { Verdict::Fail },
        message,
    );
    check.expected = Some(sum);
    check.actual = Some(total.value);
    check.difference = Some(difference);
    check.tolerance = Some(tolerance);
    check
        .figures
        .push(ctx.figure_ref(row, total_column, Role::Total));
    check.figures.extend(figures);
    Some(check)
}
