//! Vietnamese working calendar (DESIGN.md §4).
//!
//! Weekends are off; public holidays, days in lieu (nghỉ bù) and swapped days (hoán đổi) are
//! **data**: the embedded `data/holidays-vn.csv` lists the official schedules of the years it
//! knows, and an administrator may edit them. For a year not yet decided, [`lunar::proposed_days`]
//! proposes the days off from the law and the lunar calendar; a proposal is never shipped as fact.
//!
//! Day counting follows Bộ luật Dân sự 2015: a period "kể từ ngày X" starts the day after X
//! (Điều 147); a deadline falling on a day off moves to the next working day (Điều 148), which the
//! deadline module applies when its setting asks for it.

mod csv;
pub mod lunar;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// What a listed day is, as in the CSV `kind` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A public holiday (ngày lễ, Tết).
    Holiday,
    /// A day in lieu of a holiday that fell on a weekend (nghỉ bù).
    DayInLieu,
    /// A working day swapped to a day off (nghỉ hoán đổi).
    SwappedOff,
    /// A weekend day worked instead (làm bù).
    SwappedWorking,
}

impl DayKind {
    /// Every kind, in CSV order.
    pub const ALL: [DayKind; 4] = [
        DayKind::Holiday,
        DayKind::DayInLieu,
        DayKind::SwappedOff,
        DayKind::SwappedWorking,
    ];

    /// The CSV spelling: `holiday`, `day_in_lieu`, `swapped_off`, `swapped_working`.
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::DayInLieu => "day_in_lieu",
            DayKind::SwappedOff => "swapped_off",
            DayKind::SwappedWorking => "swapped_working",
        }
    }

    /// Parses the CSV spelling (surrounding spaces and case are ignored).
    pub fn parse(s: &str) -> Option<DayKind> {
        let s = s.trim().to_ascii_lowercase();
        DayKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The Vietnamese label shown to users.
    pub fn label_vi(self) -> &'static str {
        match self {
            DayKind::Holiday => "ngày lễ, Tết",
            DayKind::DayInLieu => "nghỉ bù",
            DayKind::SwappedOff => "nghỉ hoán đổi",
            DayKind::SwappedWorking => "làm bù",
        }
    }

    /// Whether a day of this kind is a day off.
    pub fn is_off(self) -> bool {
        !matches!(self, DayKind::SwappedWorking)
    }
}

impl std::fmt::Display for DayKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for DayKind {
    type Err = CalendarError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DayKind::parse(s).ok_or_else(|| CalendarError::BadKind {
            line: 0,
            value: s.to_string(),
        })
    }
}

/// One listed day of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
    pub note: String,
}

/// Errors reading or checking calendar data. `line` is the 1-based line of the CSV text, or 0
/// when the day did not come from a CSV text (the message then starts "Lịch nghỉ: ").
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CalendarError {
    #[error("Dữ liệu lịch trống: cần dòng tiêu đề “date,kind,name,note”")]
    Empty,
    #[error("{}tiêu đề phải là “date,kind,name,note”, nhận được “{found}”", at(.line))]
    BadHeader { line: usize, found: String },
    #[error("{}cần 4 cột (date,kind,name,note), có {found} cột", at(.line))]
    FieldCount { line: usize, found: usize },
    #[error("{}dấu ngoặc kép chưa được đóng", at(.line))]
    UnclosedQuote { line: usize },
    #[error(
        "{}ngày không hợp lệ “{value}” (cần dạng YYYY-MM-DD, ví dụ 2023-01-22)",
        at(.line)
    )]
    BadDate { line: usize, value: String },
    #[error(
        "{}loại ngày không hợp lệ “{value}” (chỉ nhận holiday, day_in_lieu, swapped_off, swapped_working)",
        at(.line)
    )]
    BadKind { line: usize, value: String },
    #[error("{}thiếu tên của ngày {date}", at(.line))]
    MissingName { line: usize, date: String },
    #[error("{}ngày {date} đã có ở dòng {first_line}", at(.line))]
    Duplicate {
        line: usize,
        date: String,
        first_line: usize,
    },
    #[error(
        "{}ngày {date} là {weekday}, không phải ngày nghỉ cuối tuần nên không thể là ngày làm bù (swapped_working)",
        at(.line)
    )]
    WorkingDayNotWeekend {
        line: usize,
        date: String,
        weekday: String,
    },
    #[error(
        "{}ngày {date} là {weekday}, vốn đã là ngày nghỉ cuối tuần nên không thể là {kind} ({label})",
        at(.line)
    )]
    OffDayOnWeekend {
        line: usize,
        date: String,
        weekday: String,
        kind: DayKind,
        label: &'static str,
    },
}

/// The working calendar: every listed day, by date. Days not listed follow the week
/// (Monday–Friday working, Saturday and Sunday off).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, CalendarDay>,
}

/// The shipped schedules, embedded at build time.
pub const SHIPPED_CSV: &str = include_str!("../../data/holidays-vn.csv");

impl Calendar {
    /// A calendar of the given days; a later day with the same date replaces an earlier one.
    pub fn new(days: impl IntoIterator<Item = CalendarDay>) -> Self {
        Calendar {
            days: days.into_iter().map(|d| (d.date, d)).collect(),
        }
    }

    /// The calendar shipped with theodoi (`data/holidays-vn.csv`).
    pub fn shipped() -> Self {
        Calendar::new(Calendar::shipped_days())
    }

    /// The days of the shipped CSV. The file is checked by the tests, so a parse error here
    /// cannot reach a release; should it happen anyway, the days read before it are kept.
    pub fn shipped_days() -> Vec<CalendarDay> {
        csv::parse_lenient(SHIPPED_CSV)
    }

    /// Reads the CSV format (`date,kind,name,note`, dates as YYYY-MM-DD). Empty lines and lines
    /// starting with `#` are skipped; fields may be quoted as in RFC 4180. Errors name the line.
    pub fn parse_csv(text: &str) -> Result<Vec<CalendarDay>, CalendarError> {
        csv::parse(text)
    }

    /// Writes days in the CSV format read by [`Calendar::parse_csv`].
    pub fn to_csv(days: &[CalendarDay]) -> String {
        csv::write(days)
    }

    /// Checks one day on its own (the rules `parse_csv` applies to each line); `line` is used in
    /// the error (0 when not from a file).
    pub fn check_day(day: &CalendarDay, line: usize) -> Result<(), CalendarError> {
        csv::check_day(day, line)
    }

    /// The listed day at `d`, if any.
    pub fn day(&self, d: NaiveDate) -> Option<&CalendarDay> {
        self.days.get(&d)
    }

    /// Every listed day, in date order.
    pub fn days(&self) -> impl Iterator<Item = &CalendarDay> {
        self.days.values()
    }

    /// Listed days in `[from, to]`, in date order.
    pub fn days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> impl Iterator<Item = &CalendarDay> {
        // An empty range when `to < from` (BTreeMap::range refuses reversed bounds).
        let range = if from <= to { from..=to } else { to..=to };
        let keep = from <= to;
        self.days.range(range).map(|(_, d)| d).filter(move |_| keep)
    }

    /// Adds or replaces a day; returns the day it replaced.
    pub fn upsert(&mut self, day: CalendarDay) -> Option<CalendarDay> {
        self.days.insert(day.date, day)
    }

    /// Removes the listed day at `d`; returns it.
    pub fn remove(&mut self, d: NaiveDate) -> Option<CalendarDay> {
        self.days.remove(&d)
    }

    /// The years that have at least one listed day (the years whose schedule is known).
    pub fn years(&self) -> BTreeSet<i32> {
        self.days.keys().map(|d| d.year()).collect()
    }

    /// Whether `d` is a working day: Monday–Friday unless listed as holiday, day in lieu or
    /// swapped off; Saturday and Sunday are off unless listed as swapped working.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.days.get(&d) {
            Some(day) => !day.kind.is_off(),
            None => !is_weekend(d),
        }
    }

    /// `d` itself if it is a working day, else the first working day after it.
    pub fn next_working_day_on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut cur = d;
        while !self.is_working_day(cur) {
            match cur.succ_opt() {
                Some(next) => cur = next,
                None => return cur,
            }
        }
        cur
    }

    /// The `n`-th working day after `from`: counting starts the day after `from`
    /// (Bộ luật Dân sự 2015, Điều 147), so `from` itself never counts; `n = 0` returns `from`.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut cur = from;
        let mut left = n;
        while left > 0 {
            match cur.succ_opt() {
                Some(next) => cur = next,
                None => return cur,
            }
            if self.is_working_day(cur) {
                left -= 1;
            }
        }
        cur
    }

    /// The number of working days in `(from, to]` (0 when `to <= from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        if to <= from {
            return 0;
        }
        // Whole weeks hold five weekdays; listed days then correct the plain count.
        let span = (to - from).num_days();
        let weeks = span / 7;
        let mut count = weeks * 5;
        let mut cur = from + chrono::Duration::days(weeks * 7);
        while cur < to {
            match cur.succ_opt() {
                Some(next) => cur = next,
                None => break,
            }
            if !is_weekend(cur) {
                count += 1;
            }
        }
        let start = from.succ_opt().unwrap_or(from);
        for day in self.days.range(start..=to).map(|(_, d)| d) {
            let plain = !is_weekend(day.date);
            let listed = !day.kind.is_off();
            match (plain, listed) {
                (true, false) => count -= 1,
                (false, true) => count += 1,
                _ => {}
            }
        }
        u32::try_from(count.max(0)).unwrap_or(u32::MAX)
    }
}

/// Where a calendar error is: "Dòng n: " for a line of a CSV text, "Lịch nghỉ: " otherwise.
fn at(line: &usize) -> String {
    if *line == 0 {
        "Lịch nghỉ: ".to_string()
    } else {
        format!("Dòng {line}: ")
    }
}

/// Saturday or Sunday.
pub fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The Vietnamese name of a weekday: "thứ Hai" … "thứ Bảy", "Chủ nhật".
pub fn weekday_vi(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "thứ Hai",
        Weekday::Tue => "thứ Ba",
        Weekday::Wed => "thứ Tư",
        Weekday::Thu => "thứ Năm",
        Weekday::Fri => "thứ Sáu",
        Weekday::Sat => "thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    }
}

/// A date as Vietnamese documents write it: `dd/mm/yyyy`.
pub fn format_vi(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}
