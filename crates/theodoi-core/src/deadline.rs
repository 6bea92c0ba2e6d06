//! Deadline phrases of Vietnamese directives (DESIGN.md §4): "trước ngày 15/01/2023",
//! "trong quý I/2023", "trong 10 ngày làm việc kể từ ngày ký", "định kỳ hằng tháng",
//! "thường xuyên"… read into a [`DeadlineRule`] and the last permitted day.
//!
//! Conventions: "trước ngày D", "chậm nhất ngày D", "hoàn thành trước D" mean D itself
//! (inclusive); "trong N ngày (làm việc) kể từ ngày X" counts from the day after X (Bộ luật Dân
//! sự 2015, Điều 147), working days skipping weekends, holidays and days in lieu and counting
//! swapped Saturdays; a deadline on a day off moves to the next working day (Điều 148) when
//! [`DeadlineSettings::move_off_day_to_next_working_day`] is on (the default). A period deadline
//! ("trong tháng 01/2023") is the period's last day. "trước tháng 3/2023" (before a period) is
//! the day before the period starts. "trong N ngày" without a starting day counts from the
//! document date. A date without a year ("trước ngày 15/01") takes the document's year, or the
//! next year if the date would fall before the document date.

mod dates;
mod grammar;
mod lex;
mod period;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_find;

use std::ops::Range;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;

pub use period::{period_bounds, period_label, period_of};

/// How often a recurring task falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    Monthly,
    Quarterly,
    Yearly,
}

impl Recurrence {
    /// The period each occurrence covers.
    pub fn period(self) -> PeriodKind {
        match self {
            Recurrence::Monthly => PeriodKind::Month,
            Recurrence::Quarterly => PeriodKind::Quarter,
            Recurrence::Yearly => PeriodKind::Year,
        }
    }
}

/// The kind of period a period-end deadline refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Half,
    Year,
}

/// What the words of a deadline say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeadlineRule {
    /// A given day: "trước ngày 15/01/2023", "chậm nhất ngày …", "20.7.2020".
    Date { date: NaiveDate },
    /// The end of a period: "trong tháng 01/2023", "quý I/2023", "6 tháng đầu năm 2023".
    PeriodEnd {
        period: PeriodKind,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// N (working) days counted from the day after `from`.
    DaysFrom {
        days: u32,
        working: bool,
        from: NaiveDate,
    },
    /// Due at the end of every month/quarter/year: "định kỳ hằng tháng".
    Recurring { every: Recurrence },
    /// No deadline: "thường xuyên".
    Continuous,
}

impl DeadlineRule {
    /// `date`, `period_end`, `days_from`, `recurring` or `continuous` (the serde tag).
    pub fn kind_str(&self) -> &'static str {
        match self {
            DeadlineRule::Date { .. } => "date",
            DeadlineRule::PeriodEnd { .. } => "period_end",
            DeadlineRule::DaysFrom { .. } => "days_from",
            DeadlineRule::Recurring { .. } => "recurring",
            DeadlineRule::Continuous => "continuous",
        }
    }

    /// The day the words name, before any move off a day off; `None` for recurring and
    /// continuous rules.
    pub fn nominal(&self, cal: &Calendar) -> Option<NaiveDate> {
        match *self {
            DeadlineRule::Date { date } => Some(date),
            DeadlineRule::PeriodEnd { to, .. } => Some(to),
            DeadlineRule::DaysFrom {
                days,
                working: true,
                from,
            } => Some(cal.add_working_days(from, days)),
            DeadlineRule::DaysFrom {
                days,
                working: false,
                from,
            } => from.checked_add_days(chrono::Days::new(u64::from(days))),
            DeadlineRule::Recurring { .. } | DeadlineRule::Continuous => None,
        }
    }

    /// The last permitted day under `settings`; `None` for recurring and continuous rules.
    pub fn due(&self, cal: &Calendar, settings: DeadlineSettings) -> Option<NaiveDate> {
        self.nominal(cal).map(|d| settings.apply(cal, d))
    }
}

/// A parsed deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub rule: DeadlineRule,
    /// The original wording, as given.
    pub text: String,
    /// The last permitted day after the settings are applied; `None` for recurring/continuous.
    pub due: Option<NaiveDate>,
    /// The day the words say, before moving off a day off; `None` for recurring/continuous.
    pub nominal: Option<NaiveDate>,
    /// A time of day, if the words give one: "trước 14 giờ, ngày 05/12/2017" → 14:00.
    pub time: Option<NaiveTime>,
}

impl Deadline {
    /// Builds a deadline from a rule, computing `nominal` and `due` with the calendar.
    pub fn from_rule(
        rule: DeadlineRule,
        text: impl Into<String>,
        time: Option<NaiveTime>,
        cal: &Calendar,
        settings: DeadlineSettings,
    ) -> Self {
        Deadline {
            nominal: rule.nominal(cal),
            due: rule.due(cal, settings),
            rule,
            text: text.into(),
            time,
        }
    }
}

/// How deadlines are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineSettings {
    /// Move a deadline that falls on a day off to the next working day (Bộ luật Dân sự 2015,
    /// Điều 148). On by default.
    pub move_off_day_to_next_working_day: bool,
}

impl Default for DeadlineSettings {
    fn default() -> Self {
        DeadlineSettings {
            move_off_day_to_next_working_day: true,
        }
    }
}

impl DeadlineSettings {
    /// The last permitted day for a nominal day.
    pub fn apply(self, cal: &Calendar, nominal: NaiveDate) -> NaiveDate {
        if self.move_off_day_to_next_working_day {
            cal.next_working_day_on_or_after(nominal)
        } else {
            nominal
        }
    }
}

/// Why a deadline phrase could not be read. Every message quotes the offending words.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum DeadlineError {
    #[error("Thời hạn trống: chưa có nội dung để đọc")]
    Empty,
    #[error(
        "Không nhận ra thời hạn trong “{text}” (ví dụ cách ghi được hiểu: “trước ngày 15/01/2023”, “trong quý I/2023”, “trong 10 ngày làm việc kể từ ngày ký”, “định kỳ hằng tháng”, “thường xuyên”)"
    )]
    NotRecognised { text: String },
    #[error("Ngày không hợp lệ: {text} ({reason})")]
    InvalidDate { text: String, reason: String },
    #[error("Tháng không hợp lệ: “{text}” (không có tháng {month}; tháng phải từ 1 đến 12)")]
    InvalidMonth { text: String, month: u64 },
    #[error("Quý không hợp lệ: “{text}” (quý phải từ I đến IV, hoặc từ 1 đến 4)")]
    InvalidQuarter { text: String },
    #[error("Năm không hợp lệ: “{text}” (năm {year} nằm ngoài khoảng 1900–2199)")]
    InvalidYear { text: String, year: u64 },
    #[error("Giờ không hợp lệ: “{text}” (giờ từ 0 đến 24, phút từ 0 đến 59)")]
    InvalidTime { text: String },
    #[error(
        "Thiếu năm trong “{text}”: văn bản chưa có ngày ban hành để suy ra năm; hãy ghi đủ ngày/tháng/năm"
    )]
    MissingYear { text: String },
    #[error(
        "“{text}” được tính theo ngày ký, ban hành văn bản, nhưng văn bản chưa có ngày ban hành"
    )]
    MissingDocumentDate { text: String },
    #[error(
        "Không xác định được ngày bắt đầu tính thời hạn trong “{text}” (chỉ hiểu “kể từ ngày dd/mm/yyyy”, “kể từ ngày ký” hoặc “kể từ ngày ban hành”)"
    )]
    UnknownStart { text: String },
    #[error(
        "Chưa hỗ trợ thời hạn tính bằng {unit} trong “{text}”: hãy ghi ngày cụ thể hoặc số ngày"
    )]
    UnsupportedUnit { text: String, unit: String },
    #[error("Số ngày quá lớn trong “{text}” (tối đa {max} ngày)")]
    TooManyDays { text: String, max: u32 },
}

/// Reads a deadline phrase. `document_date` (the date the directive was signed) completes
/// phrases that depend on it: "kể từ ngày ký", "trước ngày 15/01", "trong tháng này".
///
/// The phrase may sit inside a little more text ("Sở Tài chính hoàn thành trước ngày
/// 15/01/2023"); then the first deadline phrase is read. A bare date or period
/// ("20.7.2020", "quý I/2023") is accepted only when it is the whole text.
pub fn parse_deadline(
    text: &str,
    document_date: Option<NaiveDate>,
    cal: &Calendar,
    settings: DeadlineSettings,
) -> Result<Deadline, DeadlineError> {
    if text.trim().is_empty() {
        return Err(DeadlineError::Empty);
    }
    let hit = grammar::parse(text, document_date)?;
    Ok(Deadline::from_rule(hit.rule, text, hit.time, cal, settings))
}

/// Finds the first deadline phrase inside a longer sentence (for the extractor): returns the
/// byte range of the phrase in `sentence` and the parsed deadline (whose `text` is that part of
/// the sentence). Phrases that name an impossible date are passed over; bare dates are not
/// taken as deadlines here (a sentence's dates are mostly document dates).
pub fn find_deadline(
    sentence: &str,
    document_date: Option<NaiveDate>,
    cal: &Calendar,
    settings: DeadlineSettings,
) -> Option<(Range<usize>, Deadline)> {
    let (range, hit) = grammar::find(sentence, document_date)?;
    let text = sentence.get(range.clone()).unwrap_or(sentence);
    let deadline = Deadline::from_rule(hit.rule, text, hit.time, cal, settings);
    Some((range, deadline))
}

/// Occurrence deadlines of a recurring rule: one for every month/quarter/year that overlaps
/// `[from, to]`, due on the period's last day (moved off a day off per `settings`), each with its
/// period label ("tháng 01/2023", "quý I/2023", "năm 2023"), in order. A period that only
/// partly overlaps is included (its due day may lie after `to`): filter on the date if only
/// the occurrences due inside the window are wanted.
pub fn occurrences(
    every: Recurrence,
    from: NaiveDate,
    to: NaiveDate,
    cal: &Calendar,
    settings: DeadlineSettings,
) -> Vec<(String, NaiveDate)> {
    let kind = every.period();
    let mut out = Vec::new();
    let mut cur = from;
    while cur <= to {
        let (start, end) = period_of(kind, cur);
        debug_assert!(start <= cur);
        out.push((period_label(kind, end), settings.apply(cal, end)));
        match end.succ_opt() {
            Some(next) => cur = next,
            None => break,
        }
    }
    out
}
