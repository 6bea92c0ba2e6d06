#![allow(clippy::unwrap_used)] // tests may unwrap: a failure is a test failure

//! Finding phrases in sentences, recurring occurrences, serde shapes and period helpers.

use chrono::NaiveDate;
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

#[test]
fn finding_a_phrase_in_a_sentence() {
    let cal = Calendar::shipped();
    let s = "Giao Sở Kế hoạch và Đầu tư chủ trì, hoàn thành trước ngày 15/01/2023 và báo cáo UBND tỉnh.";
    let (range, dl) = find_deadline(s, Some(d(2023, 1, 5)), &cal, ON).unwrap();
    assert_eq!(&s[range.clone()], "hoàn thành trước ngày 15/01/2023");
    assert_eq!(dl.text, "hoàn thành trước ngày 15/01/2023");
    assert_eq!(dl.due, Some(d(2023, 1, 16)));
    // NFD text: the range still falls on character boundaries and keeps the marks.
    let nfd: String = s.nfd().collect();
    let (range, _) = find_deadline(&nfd, None, &cal, ON).unwrap();
    let got: String = nfd[range].nfc().collect();
    assert_eq!(got, "hoàn thành trước ngày 15/01/2023");
    // Document numbers and dates are not deadlines; impossible dates are passed over.
    assert!(
        find_deadline(
            "Thông báo số 15/TB-UBND ngày 10/01/2023 của UBND tỉnh",
            None,
            &cal,
            ON
        )
        .is_none()
    );
    let s = "nộp trước ngày 31/02/2023, chậm nhất ngày 15/03/2023";
    let (range, dl) = find_deadline(s, None, &cal, ON).unwrap();
    assert_eq!(&s[range], "chậm nhất ngày 15/03/2023");
    assert_eq!(
        dl.rule,
        DeadlineRule::Date {
            date: d(2023, 3, 15)
        }
    );
    let s = "Các sở, ngành thường xuyên kiểm tra, đôn đốc.";
    let (range, dl) = find_deadline(s, None, &cal, ON).unwrap();
    assert_eq!(&s[range], "thường xuyên");
    assert_eq!(dl.rule, DeadlineRule::Continuous);
    let s = "Báo cáo kết quả trong 10 ngày làm việc kể từ ngày ký Thông báo này.";
    let (range, dl) = find_deadline(s, Some(d(2023, 1, 17)), &cal, ON).unwrap();
    assert_eq!(
        &s[range],
        "trong 10 ngày làm việc kể từ ngày ký Thông báo này"
    );
    assert_eq!(dl.due, Some(d(2023, 2, 7)));
    let s = "UBND huyện trình phê duyệt Kế hoạch năm 2023 trong quý I/2023.";
    let (range, _) = find_deadline(s, None, &cal, ON).unwrap();
    assert_eq!(&s[range], "trong quý I/2023");
    assert!(find_deadline("Quỹ Vì người nghèo của tỉnh", None, &cal, ON).is_none());
}

#[test]
fn recurring_occurrences() {
    let cal = Calendar::shipped();
    let months = occurrences(Recurrence::Monthly, d(2023, 1, 1), d(2023, 3, 31), &cal, ON);
    assert_eq!(
        months,
        vec![
            ("tháng 01/2023".to_string(), d(2023, 1, 31)),
            ("tháng 02/2023".to_string(), d(2023, 2, 28)),
            ("tháng 03/2023".to_string(), d(2023, 3, 31)),
        ]
    );
    let quarters = occurrences(
        Recurrence::Quarterly,
        d(2023, 1, 15),
        d(2023, 12, 31),
        &cal,
        ON,
    );
    let labels: Vec<&str> = quarters.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["quý I/2023", "quý II/2023", "quý III/2023", "quý IV/2023"]
    );
    assert_eq!(quarters[3].1, d(2024, 1, 2)); // 31/12/2023 Sunday, 01/01/2024 holiday
    let off = occurrences(
        Recurrence::Quarterly,
        d(2023, 1, 15),
        d(2023, 12, 31),
        &cal,
        OFF,
    );
    assert_eq!(off[3].1, d(2023, 12, 31));
    let years = occurrences(Recurrence::Yearly, d(2023, 6, 1), d(2024, 1, 1), &cal, OFF);
    assert_eq!(
        years,
        vec![
            ("năm 2023".to_string(), d(2023, 12, 31)),
            ("năm 2024".to_string(), d(2024, 12, 31))
        ]
    );
    assert!(occurrences(Recurrence::Monthly, d(2023, 2, 1), d(2023, 1, 1), &cal, ON).is_empty());
    // Month ends that fall in Tết move past it.
    let m = occurrences(Recurrence::Monthly, d(2025, 1, 1), d(2025, 1, 31), &cal, ON);
    assert_eq!(m, vec![("tháng 01/2025".to_string(), d(2025, 2, 3))]);
}

#[test]
fn serde_shapes() {
    let rule = DeadlineRule::Date {
        date: d(2023, 1, 15),
    };
    assert_eq!(
        serde_json::to_string(&rule).unwrap(),
        r#"{"kind":"date","date":"2023-01-15"}"#
    );
    let rule = DeadlineRule::Recurring {
        every: Recurrence::Quarterly,
    };
    assert_eq!(
        serde_json::to_string(&rule).unwrap(),
        r#"{"kind":"recurring","every":"quarterly"}"#
    );
    assert_eq!(
        serde_json::to_string(&DeadlineRule::Continuous).unwrap(),
        r#"{"kind":"continuous"}"#
    );
    let cal = Calendar::shipped();
    let dl = parse_deadline(
        "trong 10 ngày làm việc kể từ ngày 17/01/2023",
        None,
        &cal,
        ON,
    )
    .unwrap();
    let json = serde_json::to_string(&dl).unwrap();
    assert!(
        json.contains(
            r#""rule":{"kind":"days_from","days":10,"working":true,"from":"2023-01-17"}"#
        )
    );
    let back: Deadline = serde_json::from_str(&json).unwrap();
    assert_eq!(back, dl);
}

#[test]
fn period_helpers() {
    assert_eq!(
        period_bounds(PeriodKind::Quarter, 2023, 4),
        Some((d(2023, 10, 1), d(2023, 12, 31)))
    );
    assert_eq!(
        period_bounds(PeriodKind::Month, 2024, 2),
        Some((d(2024, 2, 1), d(2024, 2, 29)))
    );
    assert_eq!(period_bounds(PeriodKind::Quarter, 2023, 5), None);
    assert_eq!(
        period_of(PeriodKind::Half, d(2023, 7, 1)),
        (d(2023, 7, 1), d(2023, 12, 31))
    );
    assert_eq!(
        period_label(PeriodKind::Half, d(2023, 3, 1)),
        "6 tháng đầu năm 2023"
    );
}
