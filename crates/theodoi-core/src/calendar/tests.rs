#![allow(clippy::unwrap_used)] // tests may unwrap: a failure is a test failure

use chrono::NaiveDate;

use super::lunar::{self, LunarDate};
use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn day(date: NaiveDate, kind: DayKind) -> CalendarDay {
    CalendarDay {
        date,
        kind,
        name: "x".into(),
        note: String::new(),
    }
}

#[test]
fn shipped_csv_parses_strictly_and_covers_2023_to_2026() {
    let days = Calendar::parse_csv(SHIPPED_CSV).unwrap();
    assert_eq!(days, Calendar::shipped_days());
    let cal = Calendar::shipped();
    let years = cal.years();
    for y in 2023..=2026 {
        assert!(years.contains(&y), "{y} missing");
    }
    // Every year's Tết in the data is the lunar Tết.
    for y in 2023..=2026 {
        let tet = lunar::tet(y);
        assert_eq!(cal.day(tet).map(|x| x.kind), Some(DayKind::Holiday), "{y}");
        let hung = lunar::hung_kings_day(y);
        assert_eq!(cal.day(hung).map(|x| x.kind), Some(DayKind::Holiday), "{y}");
    }
}

#[test]
fn shipped_2026_schedule() {
    let cal = Calendar::shipped();
    // Tết Dương lịch: off Thu 1/1–Sun 4/1, Friday 2/1 swapped with Saturday 10/1.
    assert!(!cal.is_working_day(d(2026, 1, 1)));
    assert!(!cal.is_working_day(d(2026, 1, 2)));
    assert!(cal.is_working_day(d(2026, 1, 10)));
    // Tết Bính Ngọ: 14/02–22/02 off, back on Monday 23/02.
    for day in 14..=22 {
        assert!(!cal.is_working_day(d(2026, 2, day)), "{day}/02");
    }
    assert!(cal.is_working_day(d(2026, 2, 23)));
    // Giỗ Tổ on Sunday 26/04, day in lieu Monday 27/04; 30/04 and 01/05 Thursday–Friday.
    assert!(!cal.is_working_day(d(2026, 4, 27)));
    assert!(cal.is_working_day(d(2026, 4, 28)));
    assert!(!cal.is_working_day(d(2026, 4, 30)));
    assert!(!cal.is_working_day(d(2026, 5, 1)));
    // Quốc khánh: off Sat 29/08–Wed 02/09, Monday 31/08 swapped with Saturday 22/08.
    assert!(cal.is_working_day(d(2026, 8, 22)));
    for day in [29, 30, 31] {
        assert!(!cal.is_working_day(d(2026, 8, day)));
    }
    assert!(!cal.is_working_day(d(2026, 9, 1)));
    assert!(!cal.is_working_day(d(2026, 9, 2)));
    assert!(cal.is_working_day(d(2026, 9, 3)));
}

#[test]
fn working_days_follow_week_and_data() {
    let cal = Calendar::shipped();
    assert!(cal.is_working_day(d(2023, 1, 17))); // Tuesday
    assert!(!cal.is_working_day(d(2023, 1, 21))); // Saturday
    assert!(!cal.is_working_day(d(2023, 1, 20))); // Tết, Friday
    assert!(!cal.is_working_day(d(2023, 1, 26))); // day in lieu, Thursday
    assert!(cal.is_working_day(d(2023, 1, 27)));
    assert!(cal.is_working_day(d(2024, 5, 4))); // swapped working Saturday
    assert!(!cal.is_working_day(d(2024, 4, 29))); // swapped off Monday
    assert_eq!(
        cal.next_working_day_on_or_after(d(2023, 1, 20)),
        d(2023, 1, 27)
    );
    assert_eq!(
        cal.next_working_day_on_or_after(d(2023, 1, 17)),
        d(2023, 1, 17)
    );
    // 31/12/2023 is a Sunday and 01/01/2024 a holiday.
    assert_eq!(
        cal.next_working_day_on_or_after(d(2023, 12, 31)),
        d(2024, 1, 2)
    );
}

#[test]
fn add_working_days_starts_the_day_after() {
    let cal = Calendar::shipped();
    assert_eq!(cal.add_working_days(d(2023, 1, 17), 0), d(2023, 1, 17));
    assert_eq!(cal.add_working_days(d(2023, 1, 17), 1), d(2023, 1, 18));
    assert_eq!(cal.add_working_days(d(2023, 1, 17), 2), d(2023, 1, 19));
    // Tết 20–26/01 is skipped.
    assert_eq!(cal.add_working_days(d(2023, 1, 17), 3), d(2023, 1, 27));
    assert_eq!(cal.add_working_days(d(2023, 1, 17), 10), d(2023, 2, 7));
    // From a day off.
    assert_eq!(cal.add_working_days(d(2023, 1, 21), 1), d(2023, 1, 27));
    // A swapped working Saturday counts.
    assert_eq!(cal.add_working_days(d(2024, 5, 3), 1), d(2024, 5, 4));
    let empty = Calendar::default();
    assert_eq!(empty.add_working_days(d(2023, 1, 6), 1), d(2023, 1, 9));
}

#[test]
fn working_days_between_matches_counting() {
    let cal = Calendar::shipped();
    assert_eq!(cal.working_days_between(d(2023, 1, 17), d(2023, 2, 7)), 10);
    assert_eq!(cal.working_days_between(d(2023, 1, 17), d(2023, 1, 17)), 0);
    assert_eq!(cal.working_days_between(d(2023, 2, 7), d(2023, 1, 17)), 0);
    let start = d(2022, 12, 20);
    for n in 0..400 {
        let end = cal.add_working_days(start, n);
        assert_eq!(cal.working_days_between(start, end), n, "n = {n}");
    }
    let mut brute = 0;
    let mut cur = d(2023, 1, 1);
    while cur < d(2026, 12, 31) {
        cur = cur.succ_opt().unwrap();
        if cal.is_working_day(cur) {
            brute += 1;
        }
    }
    assert_eq!(
        cal.working_days_between(d(2023, 1, 1), d(2026, 12, 31)),
        brute
    );
}

#[test]
fn csv_round_trip_and_quoting() {
    let days = vec![
        CalendarDay {
            date: d(2024, 5, 4),
            kind: DayKind::SwappedWorking,
            name: "Làm bù, \"thứ Bảy\"".into(),
            note: "a, b".into(),
        },
        day(d(2024, 4, 29), DayKind::SwappedOff),
    ];
    let text = Calendar::to_csv(&days);
    assert_eq!(Calendar::parse_csv(&text).unwrap(), days);
    let shipped = Calendar::shipped_days();
    assert_eq!(
        Calendar::parse_csv(&Calendar::to_csv(&shipped)).unwrap(),
        shipped
    );
}

#[test]
fn csv_errors_name_the_line() {
    let e = |t: &str| Calendar::parse_csv(t).unwrap_err();
    assert_eq!(e(""), CalendarError::Empty);
    assert!(matches!(
        e("ngay,loai\n"),
        CalendarError::BadHeader { line: 1, .. }
    ));
    let err = e("date,kind,name,note\n2023-02-31,holiday,X,\n");
    assert_eq!(
        err.to_string(),
        "Dòng 2: ngày không hợp lệ “2023-02-31” (cần dạng YYYY-MM-DD, ví dụ 2023-01-22)"
    );
    let err = e("date,kind,name,note\n\n2023-01-02,nghi,X,\n");
    assert!(matches!(err, CalendarError::BadKind { line: 3, .. }));
    assert!(
        err.to_string()
            .starts_with("Dòng 3: loại ngày không hợp lệ “nghi”")
    );
    let err = e("date,kind,name,note\n2023-01-02,holiday,X\n");
    assert_eq!(
        err.to_string(),
        "Dòng 2: cần 4 cột (date,kind,name,note), có 3 cột"
    );
    let err = e("date,kind,name,note\n2023-01-02,holiday,X,\n2023-01-02,holiday,Y,\n");
    assert_eq!(err.to_string(), "Dòng 3: ngày 02/01/2023 đã có ở dòng 2");
    let err = e("date,kind,name,note\n2024-05-06,swapped_working,X,\n");
    assert_eq!(
        err.to_string(),
        "Dòng 2: ngày 06/05/2024 là thứ Hai, không phải ngày nghỉ cuối tuần nên không thể là ngày làm bù (swapped_working)"
    );
    let err = e("date,kind,name,note\n2024-05-05,day_in_lieu,X,\n");
    assert!(matches!(
        err,
        CalendarError::OffDayOnWeekend { line: 2, .. }
    ));
    let err = e("date,kind,name,note\n2024-05-06,holiday,\"X,\n");
    assert_eq!(err, CalendarError::UnclosedQuote { line: 2 });
    let err = e("date,kind,name,note\n2024-05-06,holiday, ,\n");
    assert!(matches!(err, CalendarError::MissingName { line: 2, .. }));
    // Comments, a BOM and CRLF are accepted.
    let ok =
        Calendar::parse_csv("\u{feff}# nguồn\r\ndate,kind,name,note\r\n2024-05-06,holiday,X,\r\n");
    assert_eq!(ok.unwrap().len(), 1);
}

#[test]
fn day_kind_spellings() {
    for k in DayKind::ALL {
        assert_eq!(DayKind::parse(k.as_str()), Some(k));
        let json = serde_json::to_string(&k).unwrap();
        assert_eq!(json, format!("\"{}\"", k.as_str()));
    }
    assert_eq!(DayKind::parse(" Holiday "), Some(DayKind::Holiday));
    assert_eq!(DayKind::parse("ngày lễ"), None);
}

#[test]
fn calendar_edits() {
    let mut cal = Calendar::new([day(d(2030, 1, 1), DayKind::Holiday)]);
    assert!(!cal.is_working_day(d(2030, 1, 1)));
    assert!(cal.remove(d(2030, 1, 1)).is_some());
    assert!(cal.is_working_day(d(2030, 1, 1)));
    cal.upsert(day(d(2030, 1, 5), DayKind::SwappedWorking));
    assert!(cal.is_working_day(d(2030, 1, 5)));
    assert_eq!(cal.days_between(d(2030, 1, 1), d(2030, 1, 31)).count(), 1);
    assert_eq!(cal.days_between(d(2030, 2, 1), d(2030, 1, 1)).count(), 0);
}

#[test]
fn known_tet_dates_vietnam() {
    let cases = [
        (1985, d(1985, 1, 21)), // China: 20/02/1985
        (1991, d(1991, 2, 15)),
        (2007, d(2007, 2, 17)), // China: 18/02/2007
        (2023, d(2023, 1, 22)),
        (2024, d(2024, 2, 10)),
        (2025, d(2025, 1, 29)),
        (2026, d(2026, 2, 17)),
        (2030, d(2030, 2, 2)), // China: 03/02/2030
    ];
    for (y, expected) in cases {
        assert_eq!(lunar::tet(y), expected, "Tết {y}");
        assert_eq!(
            lunar::solar_to_lunar(expected),
            LunarDate {
                day: 1,
                month: 1,
                year: y,
                leap: false
            }
        );
    }
    assert_eq!(lunar::hung_kings_day(2023), d(2023, 4, 29));
    assert_eq!(lunar::hung_kings_day(2024), d(2024, 4, 18));
    assert_eq!(lunar::hung_kings_day(2025), d(2025, 4, 7));
    assert_eq!(lunar::hung_kings_day(2026), d(2026, 4, 26));
    assert_eq!(lunar::can_chi(2023), "Quý Mão");
    assert_eq!(lunar::can_chi(2026), "Bính Ngọ");
}

#[test]
fn leap_months_and_impossible_lunar_dates() {
    // 2023 had a leap second month (tháng 2 nhuận) starting 22/03/2023.
    assert_eq!(
        lunar::lunar_to_solar(1, 2, 2023, true),
        Some(d(2023, 3, 22))
    );
    assert_eq!(lunar::lunar_to_solar(1, 3, 2023, true), None);
    assert_eq!(lunar::lunar_to_solar(1, 2, 2024, true), None);
    assert_eq!(lunar::lunar_to_solar(1, 13, 2024, false), None);
    assert_eq!(lunar::lunar_to_solar(0, 1, 2024, false), None);
    // Tháng Chạp Ất Tỵ (2025) has 29 days.
    assert_eq!(
        lunar::lunar_to_solar(29, 12, 2025, false),
        Some(d(2026, 2, 16))
    );
    assert_eq!(lunar::lunar_to_solar(30, 12, 2025, false), None);
}

/// `lunar_years_1900_2100.txt` was produced with the npm package `amlich` 0.0.2 (Hồ Ngọc Đức's
/// JavaScript, time zone 7.0): per lunar year, Tết, the leap month (0 = none) and the months'
/// lengths (1 = 30 days, 0 = 29 days) in order. The port must agree on every day.
#[test]
fn agrees_with_amlich_js_every_day_1900_2100() {
    let table = include_str!("lunar_years_1900_2100.txt");
    let mut checked = 0;
    for line in table.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let year: i32 = parts[0].parse().unwrap();
        let tet = NaiveDate::parse_from_str(parts[1], "%Y-%m-%d").unwrap();
        let leap_month: u32 = parts[2].parse().unwrap();
        assert_eq!(lunar::tet(year), tet, "Tết {year}");
        let mut cur = tet;
        let mut month = 1;
        let mut leap_done = false;
        for bit in parts[3].chars() {
            let len = if bit == '1' { 30 } else { 29 };
            let leap = leap_month == month - 1 && !leap_done && month > 1;
            let (m, is_leap) = if leap {
                (month - 1, true)
            } else {
                (month, false)
            };
            if is_leap {
                leap_done = true;
            }
            assert_eq!(
                lunar::lunar_to_solar(1, m, year, is_leap),
                Some(cur),
                "{year} {m}"
            );
            for dd in 1..=len {
                let got = lunar::solar_to_lunar(cur);
                let want = LunarDate {
                    day: dd,
                    month: m,
                    year,
                    leap: is_leap,
                };
                assert_eq!(got, want, "{cur}");
                cur = cur.succ_opt().unwrap();
                checked += 1;
            }
            if !is_leap {
                month += 1;
            }
        }
    }
    assert!(checked > 73_000);
}

#[test]
fn proposal_for_2026_matches_the_law_and_is_marked() {
    let days = lunar::proposed_days(2026);
    assert!(days.iter().all(|x| x.note == lunar::PROPOSAL_NOTE));
    let off: Vec<NaiveDate> = days.iter().map(|x| x.date).collect();
    for date in [
        d(2026, 1, 1),
        d(2026, 2, 16),
        d(2026, 2, 17),
        d(2026, 2, 20),
        d(2026, 4, 26),
        d(2026, 4, 27), // day in lieu of Giỗ Tổ (Sunday)
        d(2026, 4, 30),
        d(2026, 5, 1),
        d(2026, 9, 1),
        d(2026, 9, 2),
    ] {
        assert!(off.contains(&date), "{date}");
    }
    assert!(!off.contains(&d(2026, 2, 21)));
    assert_eq!(
        days.iter().filter(|x| x.name.contains("Bính Ngọ")).count(),
        5
    );
    for x in &days {
        Calendar::check_day(x, 0).unwrap();
    }
    let bad = CalendarDay {
        date: d(2026, 5, 2),
        kind: DayKind::DayInLieu,
        name: "Nghỉ bù".into(),
        note: String::new(),
    };
    assert_eq!(
        Calendar::check_day(&bad, 0).unwrap_err().to_string(),
        "Lịch nghỉ: ngày 02/05/2026 là thứ Bảy, vốn đã là ngày nghỉ cuối tuần nên không thể là day_in_lieu (nghỉ bù)"
    );
    // 2023: Giỗ Tổ Saturday 29/04 and 30/04 Sunday give days in lieu 02/05 and 03/05, as decided.
    let p2023 = lunar::proposed_days(2023);
    let lieu: Vec<NaiveDate> = p2023
        .iter()
        .filter(|x| x.kind == DayKind::DayInLieu)
        .map(|x| x.date)
        .collect();
    assert!(
        lieu.contains(&d(2023, 5, 2)) && lieu.contains(&d(2023, 5, 3)),
        "{lieu:?}"
    );
    // 2024: 2/9 is a Monday, so the adjacent day is 3/9.
    assert!(
        lunar::proposed_days(2024)
            .iter()
            .any(|x| x.date == d(2024, 9, 3))
    );
}
