//! Report windows: calendar periods, the Nghị định 09/2019 reporting periods, any range.

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::error::{DomainError, DomainResult};

/// Kỳ báo cáo: both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

const FORMS: &str = "month:2023-01, quarter:2023-Q1, half:2023-H1, year:2023, nd09-month:2023-01, \
nd09-quarter:2023-Q1, nd09-half:2023-H1, nd09-year:2023, range:2023-01-01..2023-03-31";

impl Window {
    pub fn new(from: NaiveDate, to: NaiveDate) -> DomainResult<Self> {
        if from > to {
            return Err(DomainError::invalid(
                "window",
                format!("ngày bắt đầu {from} sau ngày kết thúc {to}"),
            ));
        }
        Ok(Self { from, to })
    }

    /// Parses `month:2023-01`, `quarter:2023-Q1`, `half:2023-H1`, `year:2023`, their `nd09-`
    /// forms and `range:FROM..TO`.
    pub fn parse(spec: &str) -> DomainResult<Self> {
        let bad = |why: &str| {
            DomainError::invalid(
                "window",
                format!("'{spec}' không phải kỳ báo cáo hợp lệ ({why}); các dạng: {FORMS}"),
            )
        };
        let (form, value) = spec
            .trim()
            .split_once(':')
            .ok_or_else(|| bad("thiếu dấu ':'"))?;
        let (nd09, form) = match form.strip_prefix("nd09-") {
            Some(rest) => (true, rest),
            None => (false, form),
        };
        let (start, months) = match form {
            "month" => {
                let (y, m) = value
                    .split_once('-')
                    .ok_or_else(|| bad("tháng viết YYYY-MM"))?;
                let year = parse_year(y).ok_or_else(|| bad("năm không hợp lệ"))?;
                let month: u32 = m.parse().map_err(|_| bad("tháng không hợp lệ"))?;
                let start = NaiveDate::from_ymd_opt(year, month, 1)
                    .ok_or_else(|| bad("tháng phải từ 01 đến 12"))?;
                (start, 1)
            }
            "quarter" => {
                let (y, q) = value
                    .split_once("-Q")
                    .ok_or_else(|| bad("quý viết YYYY-Q1..Q4"))?;
                let year = parse_year(y).ok_or_else(|| bad("năm không hợp lệ"))?;
                let q: u32 = q.parse().map_err(|_| bad("quý không hợp lệ"))?;
                if !(1..=4).contains(&q) {
                    return Err(bad("quý phải từ 1 đến 4"));
                }
                let start = NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1)
                    .ok_or_else(|| bad("quý không hợp lệ"))?;
                (start, 3)
            }
            "half" => {
                let (y, h) = value
                    .split_once("-H")
                    .ok_or_else(|| bad("nửa năm viết YYYY-H1|H2"))?;
                let year = parse_year(y).ok_or_else(|| bad("năm không hợp lệ"))?;
                let month = match h {
                    "1" => 1,
                    "2" => 7,
                    _ => return Err(bad("nửa năm là H1 hoặc H2")),
                };
                let start = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| bad("năm"))?;
                (start, 6)
            }
            "year" => {
                let year = parse_year(value).ok_or_else(|| bad("năm không hợp lệ"))?;
                let start = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| bad("năm"))?;
                (start, 12)
            }
            "range" if !nd09 => {
                let (a, b) = value
                    .split_once("..")
                    .ok_or_else(|| bad("khoảng viết FROM..TO"))?;
                let from = parse_iso(a).ok_or_else(|| bad("ngày bắt đầu không hợp lệ"))?;
                let to = parse_iso(b).ok_or_else(|| bad("ngày kết thúc không hợp lệ"))?;
                return Self::new(from, to);
            }
            _ => return Err(bad("không rõ loại kỳ")),
        };
        let end = start
            .checked_add_months(Months::new(months))
            .and_then(|d| d.pred_opt())
            .ok_or_else(|| bad("ngoài phạm vi"))?;
        if nd09 {
            // Nghị định 09/2019: the period runs from the 15th of the month before it to the 14th.
            let from = start
                .checked_sub_months(Months::new(1))
                .and_then(|d| d.with_day(15))
                .ok_or_else(|| bad("ngoài phạm vi"))?;
            let to = end.with_day(14).ok_or_else(|| bad("ngoài phạm vi"))?;
            return Self::new(from, to);
        }
        Self::new(start, end)
    }

    /// The period just before this one (for comparisons): the previous month, quarter, half or
    /// year for whole-month windows, else the days of the same length just before.
    pub fn previous(&self) -> Self {
        // Whole months (calendar or Nghị định 09/2019 periods) step back by whole months.
        let months_long = |day_from: u32| {
            let next = self.to.succ_opt()?;
            (self.from.day() == day_from && next.day() == day_from).then(|| {
                (next.year() - self.from.year()) * 12 + next.month() as i32
                    - self.from.month() as i32
            })
        };
        if let Some(m) = months_long(1).or_else(|| months_long(15))
            && m > 0
            && let Some(from) = self.from.checked_sub_months(Months::new(m as u32))
            && let Some(to) = self.from.pred_opt()
        {
            return Self { from, to };
        }
        let days = (self.to - self.from).num_days();
        let to = self.from.pred_opt().unwrap_or(self.from);
        let from = to - chrono::Duration::days(days);
        Self { from, to }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

fn parse_year(s: &str) -> Option<i32> {
    let y: i32 = s.trim().parse().ok()?;
    (1900..=2200).contains(&y).then_some(y)
}

/// Parses an ISO date (YYYY-MM-DD), rejecting impossible dates.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// Parses an ISO date for input field `field`, with a Vietnamese message naming it.
pub fn parse_date_field(field: &str, s: &str) -> DomainResult<NaiveDate> {
    parse_iso(s).ok_or_else(|| {
        DomainError::invalid(
            field,
            format!("'{s}' không phải ngày hợp lệ (viết YYYY-MM-DD, ví dụ 2023-01-31)"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_iso(s).expect("date")
    }

    #[test]
    fn windows_of_design_table() {
        let cases = [
            ("month:2023-01", "2023-01-01", "2023-01-31"),
            ("quarter:2023-Q1", "2023-01-01", "2023-03-31"),
            ("half:2023-H1", "2023-01-01", "2023-06-30"),
            ("year:2023", "2023-01-01", "2023-12-31"),
            ("nd09-month:2023-01", "2022-12-15", "2023-01-14"),
            ("nd09-quarter:2023-Q1", "2022-12-15", "2023-03-14"),
            ("nd09-half:2023-H1", "2022-12-15", "2023-06-14"),
            ("nd09-year:2023", "2022-12-15", "2023-12-14"),
            ("range:2023-01-01..2023-03-31", "2023-01-01", "2023-03-31"),
            ("month:2024-02", "2024-02-01", "2024-02-29"),
        ];
        for (spec, from, to) in cases {
            let w = Window::parse(spec).expect(spec);
            assert_eq!((w.from, w.to), (d(from), d(to)), "{spec}");
        }
    }

    #[test]
    fn bad_windows_are_refused_with_the_input_named() {
        for spec in [
            "month:2023-13",
            "quarter:2023-Q5",
            "range:2023-02-31..2023-03-01",
            "week:2023-01",
            "2023-01",
            "range:2023-03-01..2023-01-01",
        ] {
            let err = Window::parse(spec).expect_err(spec).to_string();
            assert!(
                err.contains("window") || err.contains("kỳ"),
                "{spec}: {err}"
            );
        }
    }

    #[test]
    fn previous_window_is_the_previous_period() {
        let w = Window::parse("month:2023-02").expect("w");
        let p = w.previous();
        assert_eq!((p.from, p.to), (d("2023-01-01"), d("2023-01-31")));
        let q = Window::parse("quarter:2023-Q1").expect("w").previous();
        assert_eq!((q.from, q.to), (d("2022-10-01"), d("2022-12-31")));
        let n = Window::parse("nd09-month:2023-03").expect("w").previous();
        assert_eq!((n.from, n.to), (d("2023-01-15"), d("2023-02-14")));
        let r = Window::parse("range:2023-01-10..2023-01-19")
            .expect("w")
            .previous();
        assert_eq!((r.from, r.to), (d("2022-12-31"), d("2023-01-09")));
    }
}
