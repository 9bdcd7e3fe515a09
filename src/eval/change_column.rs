//! `change_column`: a table's change column against the two figures of its row it compares.
//!
//! Filings print a change beside the levels it is computed from: a rate
//! (`货币资金 25,143.48 17,643.48 -29.83%`), percentage points (`资产负债率 45.73% 49.95%
//! 增加4.22个百分点`) or an amount (`变动额`). Which two columns it compares, and in which
//! direction, is a matter of layout:
//!
//! - after two level columns (`2023年 2022年 变动`, or `调整前 调整后 变动比例`), the change of
//!   one over the other, newer over older where the headings name periods;
//! - between two level columns (`2023年 金额 较上年变动比例 2022年 金额 …`), the change of the
//!   level on its left over the one on its right.
//!
//! Where the headings do not say, the direction is the one most rows of the table hold in; a
//! column that holds in no direction on most of its rows is no change of these levels (a
//! change against some other base), and is not checked.

use rust_decimal::Decimal;

use super::check::{group_thousands, Check, Role};
use super::interval::Interval;
use super::TableContext;
use crate::extract::number::CellValue;
use crate::extract::unit::Unit;
use crate::rules::Rule;

/// Which column is the level now and which the base it changed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Orientation {
    current: usize,
    base: usize,
}

/// What the change column prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChangeKind {
    /// A rate in percent: current / base − 1.
    Rate,
    /// A rate in percent against a negative base, as the change over the base's size:
    /// (current − base) / |base|.
    RateOverSize,
    /// Percentage points between two percentages: current − base.
    Points,
    /// A percentage beside two percentages: points, or a rate; either is printed.
    PointsOrRate,
    /// An amount: current − base.
    Amount,
}

/// One row's reading of a change against two levels.
struct RowReading {
    row: usize,
    change: Interval,
    printed: Decimal,
    decimals: u32,
    kind: ChangeKind,
}

pub(super) fn run(ctx: &TableContext<'_>, rule: &Rule, changes: &regex::Regex) -> Vec<Check> {
    let table = ctx.table;
    let width = table.columns.len();
    let is_change = |c: usize| {
        c < width
            && table.columns[c].header.iter().any(|h| changes.is_match(h))
            && table.rows.iter().any(|r| figure_at(r, c).is_some())
    };
    let is_level = |c: usize| {
        c >= table.label_columns
            && c < width
            && !is_change(c)
            && table.rows.iter().any(|r| figure_at(r, c).is_some())
    };
    let mut checks = Vec::new();
    for column in table.label_columns..width {
        if !is_change(column) {
            continue;
        }
        // The nearest level column on the left, skipping other change columns
        // (`变动额 变动比例`), and the one before it or the one right after the change.
        let Some(left) = (table.label_columns..column).rev().find(|&c| !is_change(c)) else {
            continue;
        };
        if !is_level(left) {
            continue;
        }
        let mut orientations = Vec::new();
        if left + 1 == column && is_level(column + 1) {
            orientations.push(Orientation {
                current: left,
                base: column + 1,
            });
        }
        if left >= 1 && is_level(left - 1) {
            let (a, b) = (left - 1, left);
            match (&table.columns[a].period, &table.columns[b].period) {
                (Some(pa), Some(pb)) if pa != pb => orientations.push(if pa > pb {
                    Orientation {
                        current: a,
                        base: b,
                    }
                } else {
                    Orientation {
                        current: b,
                        base: a,
                    }
                }),
                _ => {
                    orientations.push(Orientation {
                        current: b,
                        base: a,
                    });
                    orientations.push(Orientation {
                        current: a,
                        base: b,
                    });
                }
            }
        }
        // A change cell printed unlike most of its column (`144.00` among `8.33%`s) belongs
        // to a row read out of its columns: it is no change to check.
        let percents = table
            .rows
            .iter()
            .filter_map(|r| figure_at(r, column))
            .filter(|f| f.unit.is_some_and(|u| u.is_percent()))
            .count();
        let printed = table
            .rows
            .iter()
            .filter(|r| figure_at(r, column).is_some())
            .count();
        let column_prints_percent = percents * 2 > printed;
        let read_row = |r: usize, o: Orientation| {
            let change = figure_at(&table.rows[r], column)?;
            let is_percent = change.unit.is_some_and(|u| u.is_percent());
            if is_percent != column_prints_percent
                && !matches!(change.unit, Some(Unit::PercentagePoints))
            {
                return None;
            }
            read_row(ctx, r, column, o)
        };
        // The direction most rows hold in; none when no direction holds on most rows (unless
        // the headings name the periods of a table of one or two rows).
        let mut best: Option<(usize, usize, Orientation)> = None;
        for o in orientations {
            let readings: Vec<(RowReading, bool)> = (0..table.rows.len())
                .filter_map(|r| read_row(r, o))
                .collect();
            let holding = readings.iter().filter(|(_, holds)| *holds).count();
            // A row or two whose headings name the newer period over the older cannot outvote
            // a wrong figure among them: their headings decide.
            let headings_decide = readings.len() <= 2
                && matches!(
                    (&table.columns[o.current].period, &table.columns[o.base].period),
                    (Some(now), Some(before)) if now > before
                );
            if (holding * 2 > readings.len() || headings_decide)
                && best.is_none_or(|(h, _, _)| holding > h)
            {
                best = Some((holding, readings.len(), o));
            }
        }
        let Some((_, _, o)) = best else {
            continue;
        };
        for r in 0..table.rows.len() {
            let Some((reading, holds)) = read_row(r, o) else {
                continue;
            };
            checks.push(check(ctx, rule, column, o, &reading, holds));
        }
    }
    checks
}

fn figure_at(
    row: &crate::extract::TypedRow,
    column: usize,
) -> Option<&crate::extract::number::Figure> {
    match row.values.get(column) {
        Some(CellValue::Figure(f)) => Some(f),
        _ => None,
    }
}

/// The change printed in `row` and what its two levels give, if the row prints all three.
fn read_row(
    ctx: &TableContext<'_>,
    row: usize,
    column: usize,
    o: Orientation,
) -> Option<(RowReading, bool)> {
    let table = ctx.table;
    let r = &table.rows[row];
    let (change, current, base) = (
        figure_at(r, column)?,
        figure_at(r, o.current)?,
        figure_at(r, o.base)?,
    );
    let level_unit = table.unit_of(row, o.current);
    if level_unit != table.unit_of(row, o.base) {
        return None;
    }
    let kind = match (table.unit_of(row, column), level_unit) {
        (Unit::PercentagePoints, Unit::Percent) => ChangeKind::Points,
        (Unit::Percent, Unit::Percent) => ChangeKind::PointsOrRate,
        (Unit::Percent, _) => ChangeKind::Rate,
        (Unit::PercentagePoints, _) => return None,
        (u, l) if u == l => ChangeKind::Amount,
        _ => return None,
    };
    let cur = Interval::printed(current.value, current.decimals);
    let bas = Interval::printed(base.value, base.decimals);
    let printed = Interval::printed(change.value, change.decimals);
    let hundred = Interval::exact(Decimal::ONE_HUNDRED);
    let plain_rate = || {
        cur.checked_div(bas)?
            .checked_sub(Interval::exact(Decimal::ONE))?
            .checked_mul(hundred)
    };
    // Against a negative base filings follow one of two conventions: the change over the
    // base's size (a loss of −6,455.76 cut to −2,386.19 is +63.04%) or the plain ratio (a net
    // financial income of −62.18 grown to −85.30 is +37.18%). Either reading that holds is
    // the one printed; otherwise the nearer one is reported.
    let rate = || {
        let plain = plain_rate().map(|p| (p, ChangeKind::Rate));
        if bas.hi >= Decimal::ZERO {
            return plain;
        }
        let size = Interval::exact(Decimal::ZERO).checked_sub(bas)?;
        let over_size = cur
            .checked_sub(bas)?
            .checked_div(size)?
            .checked_mul(hundred)
            .map(|o| (o, ChangeKind::RateOverSize));
        match (plain, over_size) {
            (Some(p), Some(o)) => Some(
                if p.0.intersects(&printed) || p.0.distance(&printed) <= o.0.distance(&printed) {
                    p
                } else {
                    o
                },
            ),
            (p, o) => p.or(o),
        }
    };
    let points = || cur.checked_sub(bas);
    let (expected, holds, kind) = match kind {
        ChangeKind::Rate | ChangeKind::RateOverSize => {
            let (e, read_as) = rate()?;
            (e, e.intersects(&printed), read_as)
        }
        ChangeKind::Points | ChangeKind::Amount => {
            let e = points()?;
            (e, e.intersects(&printed), kind)
        }
        ChangeKind::PointsOrRate => {
            let p = points()?;
            match rate() {
                Some((q, read_as)) if !p.intersects(&printed) && q.intersects(&printed) => {
                    (q, true, read_as)
                }
                _ => (p, p.intersects(&printed), kind),
            }
        }
    };
    Some((
        RowReading {
            row,
            change: expected,
            printed: change.value,
            decimals: change.decimals,
            kind,
        },
        holds,
    ))
}

fn check(
    ctx: &TableContext<'_>,
    rule: &Rule,
    column: usize,
    o: Orientation,
    reading: &RowReading,
    holds: bool,
) -> Check {
    let table = ctx.table;
    let row = &table.rows[reading.row];
    let current = figure_at(row, o.current).map_or(Decimal::ZERO, |f| f.value);
    let base = figure_at(row, o.base).map_or(Decimal::ZERO, |f| f.value);
    let expected = reading
        .change
        .mid()
        .round_dp(reading.decimals + 2)
        .normalize();
    let difference = (reading.printed - expected).normalize();
    let tolerance = (reading.change.half_width()
        + Interval::printed(reading.printed, reading.decimals).half_width())
    .round_dp(reading.decimals + 3)
    .normalize();
    let (arithmetic, unit) = match reading.kind {
        ChangeKind::RateOverSize => (
            format!(
                "({} − {}) / {}",
                group_thousands(current),
                group_thousands(base),
                group_thousands(-base)
            ),
            "%",
        ),
        ChangeKind::Rate => (
            format!(
                "{} / {} − 1",
                group_thousands(current),
                group_thousands(base)
            ),
            "%",
        ),
        ChangeKind::Points | ChangeKind::PointsOrRate => {
            (format!("{current} − {base}"), " percentage points")
        }
        ChangeKind::Amount => (
            format!("{} − {}", group_thousands(current), group_thousands(base)),
            "",
        ),
    };
    let label = row.label();
    let name = ctx.column_name(column);
    let printed = group_thousands(reading.printed);
    let message = if holds {
        format!("change in column {name}: {label} {printed}{unit} = {arithmetic}")
    } else {
        format!(
            "change in column {name}: {label} is printed as {printed}{unit} but {arithmetic} gives {}{unit} (difference {difference}, rounding allows {tolerance})",
            group_thousands(expected)
        )
    };
    let mut check = Check::new(
        rule,
        if holds {
            super::Verdict::Pass
        } else {
            super::Verdict::Fail
        },
        message,
    );
    check.expected = Some(expected);
    check.actual = Some(reading.printed);
    check.difference = Some(difference);
    check.tolerance = Some(tolerance);
    check
        .figures
        .push(ctx.figure_ref(reading.row, column, Role::Change));
    check
        .figures
        .push(ctx.figure_ref(reading.row, o.current, Role::Current));
    check
        .figures
        .push(ctx.figure_ref(reading.row, o.base, Role::Base));
    check
}
