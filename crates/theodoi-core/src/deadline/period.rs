//! Calendar periods: months, quarters, halves and years.

use chrono::{Datelike, NaiveDate};

use super::PeriodKind;

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

/// The first and last day of a period: `index` is the month (1–12), the quarter (1–4), the
/// half (1–2) or ignored for a year. `None` when the index or year is out of range.
pub fn period_bounds(kind: PeriodKind, year: i32, index: u32) -> Option<(NaiveDate, NaiveDate)> {
    let (first_month, months) = match kind {
        PeriodKind::Month if (1..=12).contains(&index) => (index, 1),
        PeriodKind::Quarter if (1..=4).contains(&index) => (3 * index - 2, 3),
        PeriodKind::Half if (1..=2).contains(&index) => (6 * index - 5, 6),
        PeriodKind::Year => (1, 12),
        _ => return None,
    };
    let start = NaiveDate::from_ymd_opt(year, first_month, 1)?;
    let end = start
        .checked_add_months(chrono::Months::new(months))?
        .pred_opt()?;
    Some((start, end))
}

/// The period of the given kind holding `d`.
pub fn period_of(kind: PeriodKind, d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let index = match kind {
        PeriodKind::Month => d.month(),
        PeriodKind::Quarter => (d.month() - 1) / 3 + 1,
        PeriodKind::Half => (d.month() - 1) / 6 + 1,
        PeriodKind::Year => 1,
    };
    period_bounds(kind, d.year(), index).unwrap_or((d, d))
}

/// The Vietnamese label of the period holding `d`: "tháng 01/2023", "quý I/2023",
/// "6 tháng đầu năm 2023", "6 tháng cuối năm 2023", "năm 2023".
pub fn period_label(kind: PeriodKind, d: NaiveDate) -> String {
    let y = d.year();
    match kind {
        PeriodKind::Month => format!("tháng {:02}/{y}", d.month()),
        PeriodKind::Quarter => {
            let q = ((d.month() - 1) / 3) as usize;
            format!("quý {}/{y}", ROMAN.get(q).copied().unwrap_or("?"))
        }
        PeriodKind::Half if d.month() <= 6 => format!("6 tháng đầu năm {y}"),
        PeriodKind::Half => format!("6 tháng cuối năm {y}"),
        PeriodKind::Year => format!("năm {y}"),
    }
}
