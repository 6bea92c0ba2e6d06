//! Dates and periods in a task's words (DESIGN.md §4), as the words say them.
//!
//! Stand-in for `theodoi_core::deadline::find_deadline` until that lands; same answer shape.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::{Captures, Regex};
use theodoi_core::calendar::Calendar;

use crate::deadline::{Found, month_end};

const DATE: &str = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?|(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*(?:năm|/)\s*(\d{4}))?";

struct Patterns {
    by_date: Regex,
    month: Regex,
    quarter: Regex,
    half: Regex,
    year: Regex,
    days: Regex,
}

static PATTERNS: LazyLock<Option<Patterns>> = LazyLock::new(|| {
    let lead = r"(?:hoàn\s+thành\s+|xong\s+)?";
    Some(Patterns {
        by_date: Regex::new(&format!(
            r"(?i){lead}\b(?:trước|chậm\s+nhất(?:\s+là)?|hạn\s+chót(?:\s+là)?|không\s+quá|không\s+muộn\s+hơn|đến\s+hết|hoàn\s+thành)\s*(?:ngày|hết\s+ngày)?\s*(?:{DATE})"
        ))
        .ok()?,
        month: Regex::new(&format!(
            r"(?i){lead}\b(?:trong|vào|cuối|hết|ngay\s+trong)\s+tháng\s+(\d{{1,2}})(?:\s*[/-]\s*(\d{{4}})|\s+năm\s+(\d{{4}}))?"
        ))
        .ok()?,
        quarter: Regex::new(&format!(
            r"(?i){lead}\b(?:trong|vào|cuối|hết|ngay\s+trong)\s+quý\s+(IV|III|II|I|[1-4])\b(?:\s*[/-]\s*(\d{{4}})|\s+năm\s+(\d{{4}}))?"
        ))
        .ok()?,
        half: Regex::new(&format!(
            r"(?i){lead}\btrong\s+6\s+tháng\s+(đầu|cuối)\s+năm(?:\s+(\d{{4}}))?"
        ))
        .ok()?,
        year: Regex::new(&format!(
            r"(?i){lead}\b(trong|cuối|hết|trước|ngay\s+trong)\s+năm\s+(\d{{4}}|nay)(\s+và\s+(?:những|các)\s+năm\s+tiếp\s+theo)?"
        ))
        .ok()?,
        days: Regex::new(&format!(
            r"(?i)\btrong\s+(?:vòng\s+|thời\s+hạn\s+)?(\d{{1,3}})\s+ngày(\s+làm\s+việc)?(?:\s*,?\s*(?:kể\s+)?từ\s+(?:ngày\s+)?(?:(?:{DATE})|nhận\s+được[^,.;]{{0,60}}|ký[^,.;]{{0,40}}|ban\s+hành[^,.;]{{0,40}}))?"
        ))
        .ok()?,
    })
});

static CALENDAR: LazyLock<Calendar> = LazyLock::new(Calendar::shipped);

fn num<T: std::str::FromStr>(c: &Captures, k: usize) -> Option<T> {
    c.get(k).and_then(|m| m.as_str().parse().ok())
}

/// A day and month with an optional year; the year of the document, or the next one when the
/// date would fall well before the document.
fn resolve_date(d: u32, m: u32, y: Option<i32>, doc: Option<NaiveDate>) -> Option<NaiveDate> {
    match y {
        Some(y) => NaiveDate::from_ymd_opt(y, m, d),
        None => {
            let doc = doc?;
            let date = NaiveDate::from_ymd_opt(doc.year(), m, d)?;
            if date + Duration::days(31) < doc {
                NaiveDate::from_ymd_opt(doc.year() + 1, m, d)
            } else {
                Some(date)
            }
        }
    }
}

fn date_from(c: &Captures, first: usize, doc: Option<NaiveDate>) -> Option<NaiveDate> {
    if c.get(first).is_some() {
        resolve_date(num(c, first)?, num(c, first + 1)?, num(c, first + 2), doc)
    } else {
        resolve_date(num(c, first + 3)?, num(c, first + 4)?, num(c, first + 5), doc)
    }
}

fn year_of(c: &Captures, a: usize, b: usize, doc: Option<NaiveDate>) -> Option<i32> {
    num(c, a).or_else(|| num(c, b)).or_else(|| doc.map(|d| d.year()))
}

fn quarter_number(s: &str) -> Option<u32> {
    match s.to_ascii_uppercase().as_str() {
        "I" | "1" => Some(1),
        "II" | "2" => Some(2),
        "III" | "3" => Some(3),
        "IV" | "4" => Some(4),
        _ => None,
    }
}

/// The first date or period in `text`, resolved against the document date.
pub(crate) fn find(text: &str, doc: Option<NaiveDate>) -> Option<Found> {
    let p = PATTERNS.as_ref()?;
    let mut best: Option<Found> = None;
    let mut consider = |c: Captures, date: Option<NaiveDate>| {
        let Some(m) = c.get(0) else { return };
        let earlier = best.as_ref().is_none_or(|b| m.start() < b.range.start);
        if earlier {
            best = Some(Found {
                range: m.range(),
                text: m.as_str().trim().to_owned(),
                date,
            });
        }
    };
    if let Some(c) = p.by_date.captures(text) {
        let date = date_from(&c, 1, doc);
        consider(c, date);
    }
    if let Some(c) = p.month.captures(text) {
        let date = num::<u32>(&c, 1).and_then(|m| {
            let y = year_of(&c, 2, 3, doc)?;
            let end = month_end(y, m)?;
            let explicit = c.get(2).is_some() || c.get(3).is_some();
            match doc {
                Some(d) if !explicit && end < d => month_end(y + 1, m),
                _ => Some(end),
            }
        });
        consider(c, date);
    }
    if let Some(c) = p.quarter.captures(text) {
        let date = c
            .get(1)
            .and_then(|q| quarter_number(q.as_str()))
            .and_then(|q| month_end(year_of(&c, 2, 3, doc)?, q * 3));
        consider(c, date);
    }
    if let Some(c) = p.half.captures(text) {
        let month = if c.get(1).is_some_and(|m| m.as_str().contains('đ') || m.as_str().contains('Đ')) {
            6
        } else {
            12
        };
        let date = year_of(&c, 2, 2, doc).and_then(|y| month_end(y, month));
        consider(c, date);
    }
    if let Some(c) = p.year.captures(text) {
        let before = c.get(1).is_some_and(|m| m.as_str().to_lowercase() == "trước");
        let y = num::<i32>(&c, 2).or_else(|| doc.map(|d| d.year()));
        let date = y.and_then(|y| month_end(if before { y - 1 } else { y }, 12));
        consider(c, date);
    }
    if let Some(c) = p.days.captures(text) {
        let base = if c.get(3).is_some() || c.get(6).is_some() {
            date_from(&c, 3, doc)
        } else {
            doc
        };
        let n: Option<u32> = num(&c, 1);
        let date = match (base, n) {
            (Some(b), Some(n)) if c.get(2).is_some() => Some(CALENDAR.add_working_days(b, n)),
            (Some(b), Some(n)) => b.checked_add_signed(Duration::days(i64::from(n))),
            _ => None,
        };
        consider(c, date);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    fn date(text: &str, doc: Option<NaiveDate>) -> Option<NaiveDate> {
        find(text, doc).and_then(|f| f.date)
    }

    #[test]
    fn periods_end_on_their_last_day() {
        let doc = Some(d(2023, 1, 10));
        assert_eq!(date("hoàn thành trong tháng 01/2023", doc), Some(d(2023, 1, 31)));
        assert_eq!(date("trong quý I/2023", None), Some(d(2023, 3, 31)));
        assert_eq!(date("trong năm 2017 và những năm tiếp theo", None), Some(d(2017, 12, 31)));
        assert_eq!(date("trước ngày 15/3", doc), Some(d(2023, 3, 15)));
        assert_eq!(date("chậm nhất ngày 20 tháng 02 năm 2023", None), Some(d(2023, 2, 20)));
        assert_eq!(date("trong 6 tháng đầu năm 2024", None), Some(d(2024, 6, 30)));
        assert_eq!(date("nhập ngũ năm 2023 theo đúng kế hoạch", doc), None);
        assert_eq!(date("Công văn số 11034 ngày 17/10/2017", doc), None);
        assert_eq!(
            find("hoàn thành trong tháng 01/2023.", doc).map(|f| f.text),
            Some("hoàn thành trong tháng 01/2023".to_owned())
        );
    }

    #[test]
    fn day_counts_from_the_document_date() {
        let doc = Some(d(2023, 3, 1));
        assert_eq!(date("trong 10 ngày kể từ ngày ký", doc), Some(d(2023, 3, 11)));
        assert_eq!(date("trong vòng 5 ngày làm việc", doc), Some(d(2023, 3, 8)));
    }
}
