#![allow(clippy::unwrap_used)] // tests may unwrap: a failure is a test failure

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use super::*;
use crate::calendar::Calendar;

/// Words and signs the grammar knows, to build strings that reach deep into it.
const PIECES: &[&str] = &[
    "trước",
    "ngày",
    "chậm nhất",
    "là",
    "trong",
    "tháng",
    "quý",
    "năm",
    "I",
    "IV",
    "V",
    "6",
    "đầu",
    "cuối",
    "kể từ",
    "ký",
    "ban hành",
    "làm việc",
    "định kỳ",
    "hằng",
    "hàng",
    "thường xuyên",
    "giờ",
    "h",
    "/",
    ".",
    "-",
    ",",
    ":",
    "15",
    "01",
    "2023",
    "31",
    "02",
    "13",
    "99999",
    "0",
    "24",
    "00",
    "tuần",
    "đến hết",
    "hoàn thành",
    "\u{301}",
    "Đ",
    " ",
];

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (1900i32..=2199, 1u32..=366).prop_map(|(y, ord)| {
        NaiveDate::from_yo_opt(y, ord)
            .or_else(|| NaiveDate::from_yo_opt(y, 365))
            .unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_on_any_string(s in "\\PC{0,80}", doc in proptest::option::of(any_date())) {
        let cal = Calendar::shipped();
        let _ = parse_deadline(&s, doc, &cal, DeadlineSettings::default());
        if let Some((range, dl)) = find_deadline(&s, doc, &cal, DeadlineSettings::default()) {
            prop_assert_eq!(&s[range], dl.text.as_str());
        }
    }

    #[test]
    fn parse_never_panics_on_grammar_pieces(
        parts in proptest::collection::vec(proptest::sample::select(PIECES), 0..14),
        doc in proptest::option::of(any_date()),
    ) {
        let s = parts.join(" ");
        let cal = Calendar::shipped();
        for settings in [DeadlineSettings::default(), DeadlineSettings { move_off_day_to_next_working_day: false }] {
            if let Ok(dl) = parse_deadline(&s, doc, &cal, settings)
                && let (Some(due), Some(nominal)) = (dl.due, dl.nominal)
            {
                prop_assert!(due >= nominal);
            }
            let _ = find_deadline(&s, doc, &cal, settings);
        }
    }

    #[test]
    fn before_a_date_is_that_date(date in any_date()) {
        let cal = Calendar::shipped();
        let text = format!("trước ngày {:02}/{:02}/{}", date.day(), date.month(), date.year());
        let off = DeadlineSettings { move_off_day_to_next_working_day: false };
        let dl = parse_deadline(&text, None, &cal, off).unwrap();
        prop_assert_eq!(dl.due, Some(date));
        prop_assert_eq!(dl.nominal, Some(date));
        let on = parse_deadline(&text, None, &cal, DeadlineSettings::default()).unwrap();
        let due = on.due.unwrap();
        prop_assert!(cal.is_working_day(due));
        prop_assert!(due >= date);
        prop_assert_eq!(on.nominal, Some(date));
    }

    #[test]
    fn working_days_round_trip(from in any_date(), n in 0u32..400) {
        let cal = Calendar::shipped();
        let to = cal.add_working_days(from, n);
        prop_assert_eq!(cal.working_days_between(from, to), n);
        if n > 0 {
            prop_assert!(cal.is_working_day(to));
        }
    }
}
