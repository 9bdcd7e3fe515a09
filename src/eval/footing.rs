//! `footing`: a total row equals the sum of the rows it totals, column by column.

use regex::Regex;
use rust_decimal::Decimal;

use super::check::{group_thousands, Check, FigureRef, Role, Verdict};
use super::interval::Interval;
use super::table_shape::{sums, Sum};
use super::TableContext;
use crate::extract::number::CellValue;
use crate::rules::{RowLabels, Rule};

/// The printed parts of one column of a sum, added up.
pub(super) struct Addition {
    /// Sum of the printed values.
    pub sum: Decimal,
    /// Sum of the intervals the printed values stand for.
    pub interval: Interval,
    /// The parts that are figures, for locations.
    pub figures: Vec<FigureRef>,
    /// How many parts had a figure (not a dash or an empty cell).
    pub printed_parts: usize,
}

/// Why a column of a sum cannot be added up.
pub(super) enum NotAddable {
    /// A part is text where a figure should be.
    TextPart(usize),
    /// The arithmetic overflowed.
    Overflow,
}

/// Adds up the parts of a sum in one column. A dash in a share column means "below the
/// printed precision" (`[0, h]`); elsewhere it is nil.
pub(super) fn add_parts(
    ctx: &TableContext<'_>,
    parts: &[usize],
    column: usize,
    dash_is_below_precision: Option<u32>,
) -> Result<Addition, NotAddable> {
    let mut sum = Decimal::ZERO;
    let mut interval = Interval::exact(Decimal::ZERO);
    let mut figures = Vec::new();
    let mut printed_parts = 0;
    for &row in parts {
        let part = match ctx.table.rows[row].values.get(column) {
            Some(CellValue::Figure(f)) => {
                printed_parts += 1;
                figures.push(ctx.figure_ref(row, column, Role::Part));
                sum = sum.checked_add(f.value).ok_or(NotAddable::Overflow)?;
                Interval::printed(f.value, f.decimals)
            }
            Some(CellValue::Nil { .. }) => match dash_is_below_precision {
                Some(decimals) => Interval::below(decimals),
                None => Interval::exact(Decimal::ZERO),
            },
            Some(CellValue::Empty) | None => Interval::exact(Decimal::ZERO),
            Some(CellValue::Text | CellValue::Range { .. }) => {
                return Err(NotAddable::TextPart(row))
            }
        };
        interval = interval.checked_add(part).ok_or(NotAddable::Overflow)?;
    }
    Ok(Addition {
        sum,
        interval,
        figures,
        printed_parts,
    })
}

/// Checks one column of one sum against a printed total interval (printed in `total_column`,
/// normally the same column). Tries the sum's other readings when the first does not hold.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_sum_column(
    ctx: &TableContext<'_>,
    rule: &Rule,
    sum: &Sum,
    column: usize,
    total_column: usize,
    total: Interval,
    total_value: Decimal,
    dash_is_below_precision: Option<u32>,
    what: &str,
) -> Option<Check> {
    let readings = std::iter::once(&sum.parts).chain(&sum.alternatives);
    let mut first: Option<Check> = None;
    for parts in readings {
        let check = match add_parts(ctx, parts, column, dash_is_below_precision) {
            Ok(addition) if addition.printed_parts == 0 => return None,
            Ok(addition) => judge(
                ctx,
                rule,
                sum,
                (column, total_column),
                total,
                total_value,
                addition,
                what,
            ),
            Err(NotAddable::TextPart(row)) => {
                let mut check = Check::new(
                    rule,
                    Verdict::Indeterminate,
                    format!(
                        "{what} in column {}: the part on line {} is not a figure",
                        ctx.column_name(column),
                        ctx.table.rows[row].line + 1
                    ),
                );
                check
                    .figures
                    .push(ctx.figure_ref(sum.total, total_column, Role::Total));
                check
            }
            Err(NotAddable::Overflow) => return None,
        };
        if check.verdict == Verdict::Pass {
            return Some(check);
        }
        first.get_or_insert(check);
    }
    first
}

#[allow(clippy::too_many_arguments)]
fn judge(
    ctx: &TableContext<'_>,
    rule: &Rule,
    sum: &Sum,
    (column, total_column): (usize, usize),
    total: Interval,
    total_value: Decimal,
    addition: Addition,
    what: &str,
) -> Check {
    let difference = total_value - addition.sum;
    let tolerance = addition.interval.half_width() + total.half_width();
    let holds = addition.interval.intersects(&total);
    let label = ctx.table.rows[sum.total].label();
    let label = if label.is_empty() {
        "total row".to_string()
    } else {
        label
    };
    let message = if holds {
        format!(
            "{what} in column {}: {} {} equals the sum of {} parts {}",
            ctx.column_name(column),
            label,
            group_thousands(total_value),
            addition.figures.len(),
            group_thousands(addition.sum),
        )
    } else {
        format!(
            "{what} in column {}: {} is printed as {} but its {} parts add up to {} (difference {}, rounding allows {})",
            ctx.column_name(column),
            label,
            group_thousands(total_value),
            addition.figures.len(),
            group_thousands(addition.sum),
            group_thousands(difference),
            group_thousands(tolerance.normalize()),
        )
    };
    let mut check = Check::new(
        rule,
        if holds { Verdict::Pass } else { Verdict::Fail },
        message,
    );
    check.expected = Some(addition.sum);
    check.actual = Some(total_value);
    check.difference = Some(difference);
    check.tolerance = Some(tolerance.normalize());
    check
        .figures
        .push(ctx.figure_ref(sum.total, total_column, Role::Total));
    check.figures.extend(addition.figures);
    check
}

/// Runs `footing` on one table: every column of figures that are not percentages.
pub(super) fn run(
    ctx: &TableContext<'_>,
    rule: &Rule,
    rows: &RowLabels,
    non_additive: &Regex,
) -> Vec<Check> {
    let mut checks = Vec::new();
    let additive: Vec<usize> = (ctx.table.label_columns..ctx.table.columns.len())
        .filter(|&c| {
            !ctx.table.column_unit(c).is_percent()
                && !ctx.table.columns[c]
                    .header
                    .iter()
                    .any(|h| non_additive.is_match(h))
        })
        .collect();
    checks.extend(super::cross_footing::run(ctx, rule, &rows.total, &additive));
    for sum in sums(ctx.table, rows) {
        let aligned = check_total_row(ctx, rule, &sum, &additive, 0);
        if aligned.iter().all(|c| c.verdict == Verdict::Pass) {
            checks.extend(aligned);
            continue;
        }
        // A PDF can shift a total row by one cell (`\t合计\t\t\t106\t147,603.66`). When the row
        // read one cell over foots in every column, that is the reading.
        let shifted = [1isize, -1].into_iter().find_map(|offset| {
            let checks = check_total_row(ctx, rule, &sum, &additive, offset);
            (checks.len() >= aligned.len().min(2)
                && !checks.is_empty()
                && checks.iter().all(|c| c.verdict == Verdict::Pass))
            .then_some(checks)
        });
        checks.extend(shifted.unwrap_or(aligned));
    }
    checks
}

/// Footing of one sum in every additive column, with the total row read `offset` cells over.
fn check_total_row(
    ctx: &TableContext<'_>,
    rule: &Rule,
    sum: &Sum,
    additive: &[usize],
    offset: isize,
) -> Vec<Check> {
    let mut checks = Vec::new();
    for &column in additive {
        let Some(total_column) = column.checked_add_signed(offset) else {
            continue;
        };
        if offset != 0 && !additive.contains(&total_column) {
            continue;
        }
        let Some(CellValue::Figure(total)) = ctx.table.rows[sum.total].values.get(total_column)
        else {
            continue;
        };
        if total.unit.is_some_and(|u| u.is_percent()) {
            continue;
        }
        let interval = Interval::printed(total.value, total.decimals);
        checks.extend(check_sum_column(
            ctx,
            rule,
            sum,
            column,
            total_column,
            interval,
            total.value,
            None,
            "footing",
        ));
    }
    checks
}
