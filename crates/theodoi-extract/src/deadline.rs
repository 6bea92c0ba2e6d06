//! Deadlines and recurrence in a task's words. Dates, periods and day counts come from the
//! core phrase parser; what it leaves, meetings ("tại Kỳ họp thứ Sáu") and a meeting's date
//! given elsewhere in the text, is found here.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use theodoi_core::text::fold;

/// The whole text of a document, folded once when a meeting's date is looked up in it.
pub(crate) struct Whole<'a> {
    text: &'a str,
    folded: std::cell::OnceCell<String>,
}

impl<'a> Whole<'a> {
    pub fn new(text: &'a str) -> Self {
        Whole {
            text,
            folded: std::cell::OnceCell::new(),
        }
    }

    fn folded(&self) -> &str {
        self.folded.get_or_init(|| fold(self.text))
    }
}

/// A deadline found in a task's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Byte range of the phrase in the searched text.
    pub range: Range<usize>,
    /// The phrase as written.
    pub text: String,
    /// The date the words give, when they give one.
    pub date: Option<NaiveDate>,
}

static MEETING: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\btại\s+(?:kỳ|kì|phiên|cuộc)\s+họp\s+(?:\p{Lu}|thứ\b|lần\b|tháng\b|cuối\b|giữa\b|đầu\b|thường\s+kỳ\b|chuyên\s+đề\b)[^,.;:()]{0,160}").ok()
});

static MONTH_IN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\btháng\s+(\d{1,2})(?:\s*[/-]\s*(\d{4})|\s+năm\s+(\d{4}))").ok()
});

static DAY_IN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bngày\s+(\d{1,2})(?:\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})|\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))",
    )
    .ok()
});

/// The first deadline in `text`: the core parser's date or period, or a meeting.
pub(crate) fn deadline_in(
    text: &str,
    document_date: Option<NaiveDate>,
    whole: &Whole,
) -> Option<Found> {
    let core = core_deadline(text, document_date);
    let meeting = meeting_in(text, whole);
    match (core, meeting) {
        (Some(c), Some(m)) => Some(if m.range.start < c.range.start { m } else { c }),
        (c, m) => c.or(m),
    }
}

/// A meeting named as the time of delivery, with its date when the text gives one.
fn meeting_in(text: &str, whole: &Whole) -> Option<Found> {
    let m = MEETING.as_ref()?.find(text)?;
    let phrase = m.as_str().trim_end();
    let date = last_day_in(phrase).or_else(|| meeting_date_elsewhere(phrase, whole));
    Some(Found {
        range: m.start()..m.start() + phrase.len(),
        text: phrase.to_owned(),
        date,
    })
}

/// The date a phrase gives by itself: a full date, or the last day of a month.
fn last_day_in(phrase: &str) -> Option<NaiveDate> {
    if let Some(c) = DAY_IN.as_ref()?.captures(phrase) {
        let num = |k: usize| c.get(k).and_then(|m| m.as_str().parse::<u32>().ok());
        let (d, m, y) = (num(1)?, num(2).or(num(4))?, num(3).or(num(5))?);
        return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
    }
    let c = MONTH_IN.as_ref()?.captures(phrase)?;
    let num = |k: usize| c.get(k).and_then(|m| m.as_str().parse::<i32>().ok());
    let month = u32::try_from(num(1)?).ok()?;
    month_end(num(2).or(num(3))?, month)
}

/// "Kỳ họp thứ Sáu" named again elsewhere with its date ("Kỳ họp thứ Sáu (ngày 10/12/2017)").
fn meeting_date_elsewhere(phrase: &str, whole: &Whole) -> Option<NaiveDate> {
    let words: Vec<&str> = phrase.split_whitespace().skip(1).take(4).collect();
    if words.len() < 3 {
        return None;
    }
    let name = fold(&words.join(" "));
    let folded_whole = whole.folded();
    let mut from = 0;
    while let Some(pos) = folded_whole.get(from..).and_then(|s| s.find(&name)) {
        let at = from + pos + name.len();
        let window: String = folded_whole.get(at..)?.chars().take(120).collect();
        if let Some(d) = last_day_in_folded(&window) {
            return Some(d);
        }
        from = at;
    }
    None
}

/// [`last_day_in`] over folded text ("ngay 10 thang 12 nam 2017").
fn last_day_in_folded(window: &str) -> Option<NaiveDate> {
    static FOLDED_DAY: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"ngay\s+(\d{1,2})(?:\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})|\s+thang\s+(\d{1,2})\s+nam\s+(\d{4}))").ok()
    });
    let c = FOLDED_DAY.as_ref()?.captures(window)?;
    let num = |k: usize| c.get(k).and_then(|m| m.as_str().parse::<u32>().ok());
    let (d, m, y) = (num(1)?, num(2).or(num(4))?, num(3).or(num(5))?);
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

pub(crate) fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month.checked_add(1)?, 1)?
    };
    first_next.pred_opt().filter(|d| d.month() == month)
}

/// The deadline the core phrase parser finds, as the words say it (no move off days off).
fn core_deadline(text: &str, document_date: Option<NaiveDate>) -> Option<Found> {
    let mut found = crate::core_bridge::find(text, document_date)?;
    // "trong năm 2017 và những năm tiếp theo": the phrase as written runs on.
    if let Some(m) = RUNS_ON
        .as_ref()
        .and_then(|re| re.find(text.get(found.range.end..)?))
    {
        found.range.end += m.end();
        found.text = text.get(found.range.clone())?.trim().to_owned();
    }
    Some(found)
}

static RUNS_ON: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)^\s+và\s+(?:những|các)\s+năm\s+(?:tiếp\s+theo|sau)").ok());

/// How often a task recurs: `monthly`, `quarterly`, `yearly`, `continuous` or `none`.
pub(crate) fn recurrence(text: &str) -> &'static str {
    let f = fold(text);
    let has = |words: &[&str]| words.iter().any(|w| f.contains(w));
    if has(&["hang thang", "moi thang", "dinh ky thang"]) {
        "monthly"
    } else if has(&["hang quy", "moi quy", "dinh ky quy", "theo quy"]) {
        "quarterly"
    } else if has(&["hang nam", "moi nam", "dinh ky nam"]) {
        "yearly"
    } else if has(&[
        "thuong xuyen",
        "dinh ky",
        "hang tuan",
        "lien tuc",
        "moi tuan",
    ]) {
        "continuous"
    } else {
        "none"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn meetings_keep_their_words_and_date_when_given() {
        let text = "báo cáo các nội dung tại phiên họp Thường trực Hội đồng nhân dân tỉnh lần thứ Chín tổ chức vào tháng 8 năm 2017.";
        let f = deadline_in(text, Some(d(2017, 7, 13)), &Whole::new(text)).expect("a meeting");
        assert_eq!(f.date, Some(d(2017, 8, 31)));
        assert!(f.text.starts_with("tại phiên họp"));
        let f = deadline_in(
            "Xây dựng và trình tại Kỳ họp thứ Sáu, làm cơ sở",
            None,
            &Whole::new(""),
        )
        .expect("a meeting");
        assert_eq!(f.text, "tại Kỳ họp thứ Sáu");
        assert_eq!(f.date, None);
        let whole = "Kỳ họp thứ Sáu (dự kiến ngày 10 tháng 12 năm 2017)";
        let f = deadline_in(
            "trình tại Kỳ họp thứ Sáu của HĐND",
            None,
            &Whole::new(whole),
        )
        .expect("a meeting");
        assert_eq!(f.date, Some(d(2017, 12, 10)));
    }

    #[test]
    fn recurrence_words() {
        assert_eq!(recurrence("định kỳ hằng tháng báo cáo"), "monthly");
        assert_eq!(recurrence("báo cáo hàng quý"), "quarterly");
        assert_eq!(recurrence("thường xuyên kiểm tra"), "continuous");
        assert_eq!(recurrence("tiếp tục tăng cường"), "none");
    }
}
