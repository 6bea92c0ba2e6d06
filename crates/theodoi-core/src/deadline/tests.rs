#![allow(clippy::unwrap_used)] // tests may unwrap: a failure is a test failure

use chrono::{NaiveDate, NaiveTime};
use unicode_normalization::UnicodeNormalization;

use super::*;
use crate::calendar::Calendar;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const ON: DeadlineSettings = DeadlineSettings {
    move_off_day_to_next_working_day: true,
};
const OFF: DeadlineSettings = DeadlineSettings {
    move_off_day_to_next_working_day: false,
};

fn parse_with(text: &str, doc: Option<NaiveDate>, s: DeadlineSettings) -> Deadline {
    parse_deadline(text, doc, &Calendar::shipped(), s).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn parse(text: &str) -> Deadline {
    parse_with(text, Some(d(2023, 1, 5)), ON)
}

fn err(text: &str, doc: Option<NaiveDate>) -> DeadlineError {
    parse_deadline(text, doc, &Calendar::shipped(), ON).unwrap_err()
}

#[test]
fn dates_with_cue_words() {
    for text in [
        "trước ngày 15/01/2023",
        "chậm nhất ngày 15/01/2023",
        "chậm nhất là ngày 15/1/2023",
        "hoàn thành trước 15/01/2023",
        "Hạn chót: 15.01.2023",
        "thời hạn: trước ngày 15-01-2023",
        "trước ngày 15 tháng 01 năm 2023",
    ] {
        let dl = parse(text);
        assert_eq!(
            dl.rule,
            DeadlineRule::Date {
                date: d(2023, 1, 15)
            },
            "{text}"
        );
        assert_eq!(dl.nominal, Some(d(2023, 1, 15)), "{text}");
        // 15/01/2023 is a Sunday: the deadline moves to Monday 16/01.
        assert_eq!(dl.due, Some(d(2023, 1, 16)), "{text}");
        assert_eq!(dl.text, text);
        assert_eq!(dl.rule.kind_str(), "date");
    }
    let off = parse_with("trước ngày 15/01/2023", None, OFF);
    assert_eq!(off.due, Some(d(2023, 1, 15)));
}

#[test]
fn bare_dates_when_they_are_the_whole_text() {
    for text in [
        "20.7.2020",
        "20-7-2020",
        "20/07/2020",
        "ngày 20 tháng 7 năm 2020",
        " 20.7.2020. ",
        "(20/7/2020)",
    ] {
        let dl = parse_with(text, None, ON);
        assert_eq!(
            dl.rule,
            DeadlineRule::Date {
                date: d(2020, 7, 20)
            },
            "{text}"
        );
        assert_eq!(dl.due, Some(d(2020, 7, 20)));
    }
    // A bare date inside other words is not taken as the deadline.
    assert!(matches!(
        err("Thông báo số 15/TB ngày 10/01/2023 của UBND tỉnh", None),
        DeadlineError::NotRecognised { .. }
    ));
}

#[test]
fn times_of_day() {
    for text in [
        "trước 14 giờ, ngày 05/12/2017",
        "trước 14h00 ngày 05/12/2017",
        "trước 14h, ngày 05/12/2017",
        "Trước 14:00 ngày 05/12/2017",
        "trước ngày 05/12/2017, lúc 14 giờ",
        "trước 2 giờ chiều ngày 05/12/2017",
    ] {
        let dl = parse_with(text, None, ON);
        assert_eq!(
            dl.rule,
            DeadlineRule::Date {
                date: d(2017, 12, 5)
            },
            "{text}"
        );
        assert_eq!(dl.time, NaiveTime::from_hms_opt(14, 0, 0), "{text}");
    }
    let dl = parse_with("chậm nhất 17 giờ 30 phút ngày 05/12/2017", None, ON);
    assert_eq!(dl.time, NaiveTime::from_hms_opt(17, 30, 0));
    assert!(matches!(
        err("trước 25 giờ ngày 05/12/2017", None),
        DeadlineError::InvalidTime { .. }
    ));
    // A time without a date is not a deadline.
    assert!(matches!(
        err("trước 17 giờ hằng ngày", None),
        DeadlineError::NotRecognised { .. }
    ));
}

#[test]
fn periods() {
    let month = DeadlineRule::PeriodEnd {
        period: PeriodKind::Month,
        from: d(2023, 1, 1),
        to: d(2023, 1, 31),
    };
    for text in [
        "hoàn thành trong tháng 01/2023",
        "trong tháng 1 năm 2023",
        "trong tháng 1/2023",
        "tháng 01/2023",
    ] {
        let dl = parse(text);
        assert_eq!(dl.rule, month, "{text}");
        assert_eq!(dl.due, Some(d(2023, 1, 31)));
        assert_eq!(dl.rule.kind_str(), "period_end");
    }
    let q1 = DeadlineRule::PeriodEnd {
        period: PeriodKind::Quarter,
        from: d(2023, 1, 1),
        to: d(2023, 3, 31),
    };
    for text in [
        "trong quý I/2023",
        "quý 1/2023",
        "trong quý I năm 2023",
        "Quý I/2023",
        "cuối quý I/2023",
    ] {
        assert_eq!(parse(text).rule, q1, "{text}");
    }
    let half = parse("6 tháng đầu năm 2023");
    assert_eq!(
        half.rule,
        DeadlineRule::PeriodEnd {
            period: PeriodKind::Half,
            from: d(2023, 1, 1),
            to: d(2023, 6, 30)
        }
    );
    assert_eq!(
        parse("trong 6 tháng cuối năm 2023").nominal,
        Some(d(2023, 12, 31))
    );
    for text in ["trong năm 2023", "cuối năm 2023", "đến hết năm 2023"] {
        let dl = parse(text);
        assert_eq!(
            dl.rule,
            DeadlineRule::PeriodEnd {
                period: PeriodKind::Year,
                from: d(2023, 1, 1),
                to: d(2023, 12, 31)
            },
            "{text}"
        );
        // 31/12/2023 is a Sunday and 01/01/2024 a holiday.
        assert_eq!(dl.due, Some(d(2024, 1, 2)), "{text}");
        assert_eq!(dl.nominal, Some(d(2023, 12, 31)));
    }
    // Periods named from the document date.
    let doc = Some(d(2023, 5, 10));
    assert_eq!(
        parse_with("trong tháng này", doc, ON).nominal,
        Some(d(2023, 5, 31))
    );
    assert_eq!(
        parse_with("trong năm", doc, ON).nominal,
        Some(d(2023, 12, 31))
    );
    assert_eq!(
        parse_with("trong quý I", doc, ON).nominal,
        Some(d(2024, 3, 31))
    );
    assert_eq!(
        parse_with("trong tháng 6", doc, ON).nominal,
        Some(d(2023, 6, 30))
    );
    // Before a period: the day before it starts.
    assert_eq!(
        parse("hoàn thành trước quý II/2023").rule,
        DeadlineRule::Date {
            date: d(2023, 3, 31)
        }
    );
}

#[test]
fn days_from_a_day() {
    let dl = parse("trong 10 ngày làm việc kể từ ngày 17/01/2023");
    assert_eq!(
        dl.rule,
        DeadlineRule::DaysFrom {
            days: 10,
            working: true,
            from: d(2023, 1, 17)
        }
    );
    // 18, 19/01, then Tết 20–26/01 is skipped: 27, 30, 31/01, 1, 2, 3, 6, 7/02.
    assert_eq!(dl.nominal, Some(d(2023, 2, 7)));
    assert_eq!(dl.due, Some(d(2023, 2, 7)));
    assert_eq!(
        parse("trong 10 ngày làm việc kể từ ngày 05/01/2023").due,
        Some(d(2023, 1, 19))
    );
    // Calendar days: 05/01 + 15 = 20/01/2023, a Tết holiday, so due 27/01 with the setting on.
    let cal_days = parse("trong 15 ngày kể từ ngày 05/01/2023");
    assert_eq!(
        cal_days.rule,
        DeadlineRule::DaysFrom {
            days: 15,
            working: false,
            from: d(2023, 1, 5)
        }
    );
    assert_eq!(cal_days.nominal, Some(d(2023, 1, 20)));
    assert_eq!(cal_days.due, Some(d(2023, 1, 27)));
    let off = parse_with("trong 15 ngày kể từ ngày 05/01/2023", None, OFF);
    assert_eq!(off.due, Some(d(2023, 1, 20)));
    // From the document date.
    let doc = Some(d(2023, 1, 17));
    for text in [
        "trong 10 ngày làm việc kể từ ngày ký",
        "trong 10 ngày làm việc kể từ ngày ban hành",
        "Trong vòng 10 ngày làm việc, kể từ ngày ký Thông báo này",
    ] {
        let dl = parse_with(text, doc, ON);
        assert_eq!(dl.nominal, Some(d(2023, 2, 7)), "{text}");
        assert_eq!(dl.rule.kind_str(), "days_from");
    }
    assert_eq!(
        parse_with("trong 15 ngày", doc, ON).nominal,
        Some(d(2023, 2, 1))
    );
    assert_eq!(
        parse_with("trong 2 tuần kể từ ngày 05/01/2023", None, OFF).nominal,
        Some(d(2023, 1, 19))
    );
    let e = err("trong 10 ngày làm việc kể từ ngày ký", None);
    assert_eq!(
        e.to_string(),
        "“trong 10 ngày làm việc kể từ ngày ký” được tính theo ngày ký, ban hành văn bản, nhưng văn bản chưa có ngày ban hành"
    );
    assert!(matches!(
        err("trong 10 ngày kể từ ngày nhận được văn bản", doc),
        DeadlineError::UnknownStart { .. }
    ));
    assert!(matches!(
        err("trong 3 tháng kể từ ngày ký", doc),
        DeadlineError::UnsupportedUnit { .. }
    ));
    assert!(matches!(
        err("trong 99999 ngày", doc),
        DeadlineError::TooManyDays { .. }
    ));
}

#[test]
fn dates_without_a_year_take_it_from_the_document() {
    assert_eq!(
        parse_with("trước ngày 15/01", Some(d(2023, 1, 5)), OFF).due,
        Some(d(2023, 1, 15))
    );
    assert_eq!(
        parse_with("trước ngày 15/01", Some(d(2023, 2, 1)), OFF).due,
        Some(d(2024, 1, 15))
    );
    assert_eq!(
        parse_with("trước ngày 15/01", Some(d(2023, 1, 15)), OFF).due,
        Some(d(2023, 1, 15))
    );
    let e = err("trước ngày 15/01", None);
    assert!(matches!(e, DeadlineError::MissingYear { .. }));
    assert!(e.to_string().contains("15/01"));
}

#[test]
fn recurring_and_continuous() {
    for (text, every) in [
        ("định kỳ hằng tháng", Recurrence::Monthly),
        ("hàng tháng", Recurrence::Monthly),
        ("định kỳ hàng quý", Recurrence::Quarterly),
        ("hằng quý", Recurrence::Quarterly),
        ("hằng năm", Recurrence::Yearly),
        ("Định kỳ hàng năm", Recurrence::Yearly),
    ] {
        let dl = parse(text);
        assert_eq!(dl.rule, DeadlineRule::Recurring { every }, "{text}");
        assert_eq!((dl.due, dl.nominal), (None, None));
        assert_eq!(dl.rule.kind_str(), "recurring");
    }
    for text in ["thường xuyên", "Thường xuyên, liên tục"] {
        let dl = parse(text);
        assert_eq!(dl.rule, DeadlineRule::Continuous);
        assert_eq!((dl.due, dl.nominal), (None, None));
        assert_eq!(dl.rule.kind_str(), "continuous");
    }
}

#[test]
fn spelling_variants() {
    let expected = DeadlineRule::Date {
        date: d(2023, 1, 15),
    };
    let nfd: String = "chậm nhất là ngày 15/1/2023".nfd().collect();
    for text in [
        nfd.as_str(),
        "TRƯỚC NGÀY 15/01/2023",
        "  trước    ngày   15 / 01 / 2023 ",
        "Chậm Nhất Là Ngày 15/01/2023",
        "trước\u{a0}ngày 15/01/2023",
    ] {
        assert_eq!(parse(text).rule, expected, "{text:?}");
    }
    let q1 = parse("trong quý I/2023").rule;
    assert_eq!(parse("trong qúy I/2023").rule, q1); // misplaced tone mark
    let nfd_q: String = "TRONG QUÝ I NĂM 2023".nfd().collect();
    assert_eq!(parse(&nfd_q).rule, q1);
}

#[test]
fn impossible_dates_are_errors() {
    let e = err("trước ngày 31/02/2023", None);
    assert_eq!(
        e.to_string(),
        "Ngày không hợp lệ: 31/02/2023 (tháng 2 năm 2023 không có ngày 31)"
    );
    assert!(matches!(
        err("31/02/2023", None),
        DeadlineError::InvalidDate { .. }
    ));
    assert!(matches!(
        err("29/02/2023", None),
        DeadlineError::InvalidDate { .. }
    ));
    assert_eq!(
        parse_with("29/02/2024", None, OFF).due,
        Some(d(2024, 2, 29))
    );
    let e = err("trước ngày 15/13/2023", None);
    assert_eq!(
        e.to_string(),
        "Ngày không hợp lệ: 15/13/2023 (không có tháng 13; tháng phải từ 1 đến 12)"
    );
    let e = err("trong tháng 13/2023", None);
    assert_eq!(
        e.to_string(),
        "Tháng không hợp lệ: “tháng 13/2023” (không có tháng 13; tháng phải từ 1 đến 12)"
    );
    let e = err("trong quý V/2023", None);
    assert_eq!(
        e.to_string(),
        "Quý không hợp lệ: “quý V/2023” (quý phải từ I đến IV, hoặc từ 1 đến 4)"
    );
    assert!(matches!(
        err("quý 5 năm 2023", None),
        DeadlineError::InvalidQuarter { .. }
    ));
    assert!(matches!(
        err("trước ngày 15/01/1800", None),
        DeadlineError::InvalidYear { .. }
    ));
    assert!(matches!(
        err("trước ngày 0/01/2023", None),
        DeadlineError::InvalidDate { .. }
    ));
    assert_eq!(err("   ", None), DeadlineError::Empty);
    let e = err("sớm nhất có thể", None);
    assert!(
        e.to_string()
            .starts_with("Không nhận ra thời hạn trong “sớm nhất có thể”")
    );
}
