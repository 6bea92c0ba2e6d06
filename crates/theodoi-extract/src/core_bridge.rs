//! Dates and periods in a task's words through the core phrase parser
//! ([`theodoi_core::deadline::find_deadline`]), as the words say them: a deadline on a day off
//! is not moved, since the clerk confirms the date the text gives.

use std::sync::LazyLock;

use chrono::NaiveDate;
use theodoi_core::calendar::Calendar;
use theodoi_core::deadline::{DeadlineRule, DeadlineSettings, find_deadline};

use crate::deadline::Found;

static CALENDAR: LazyLock<Calendar> = LazyLock::new(Calendar::shipped);

/// Phrases looked at past recurrence words ("định kỳ hằng tháng … trước ngày 25") before
/// giving up on a date.
const MAX_HITS: usize = 8;

/// The first date or period in `text`, resolved against the document date. Recurrence and
/// "thường xuyên" are read elsewhere ([`crate::deadline::recurrence`]) and skipped here.
pub(crate) fn find(text: &str, doc: Option<NaiveDate>) -> Option<Found> {
    let settings = DeadlineSettings {
        move_off_day_to_next_working_day: false,
    };
    let mut offset = 0;
    for _ in 0..MAX_HITS {
        let rest = text.get(offset..)?;
        let (range, deadline) = find_deadline(rest, doc, &CALENDAR, settings)?;
        let range = offset + range.start..offset + range.end;
        match deadline.rule {
            DeadlineRule::Recurring { .. } | DeadlineRule::Continuous => {
                offset = range.end.max(offset + 1);
                while !text.is_char_boundary(offset) {
                    offset += 1;
                }
            }
            _ => {
                return Some(Found {
                    text: deadline.text.trim().to_owned(),
                    range,
                    date: deadline.nominal,
                });
            }
        }
    }
    None
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
        assert_eq!(
            date("hoàn thành trong tháng 01/2023", doc),
            Some(d(2023, 1, 31))
        );
        assert_eq!(date("trong quý I/2023", None), Some(d(2023, 3, 31)));
        assert_eq!(
            date("trong năm 2017 và những năm tiếp theo", None),
            Some(d(2017, 12, 31))
        );
        assert_eq!(date("trước ngày 15/3", doc), Some(d(2023, 3, 15)));
        assert_eq!(
            date("chậm nhất ngày 20 tháng 02 năm 2023", None),
            Some(d(2023, 2, 20))
        );
        assert_eq!(
            date("trong 6 tháng đầu năm 2024", None),
            Some(d(2024, 6, 30))
        );
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
        assert_eq!(
            date("trong 10 ngày kể từ ngày ký", doc),
            Some(d(2023, 3, 11))
        );
        assert_eq!(date("trong vòng 5 ngày làm việc", doc), Some(d(2023, 3, 8)));
    }
}
