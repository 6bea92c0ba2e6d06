//! The Vietnamese lunar calendar: Hồ Ngọc Đức's algorithm (astronomical formulas from Jean
//! Meeus, *Astronomical Algorithms*, 1998) with the time zone of Vietnam, UTC+7.
//!
//! The Chinese calendar uses UTC+8, so the two differ in some years (Tết 1985: Vietnam 21/01,
//! China 20/02; Tết 2030: Vietnam 02/02, China 03/02). The port is checked day by day against
//! the `amlich` npm package (Hồ Ngọc Đức's own code) for 1900–2100; see the tests. One fix:
//! the original answers "day 0" for two days in that range (07/05/2054, 09/04/2062); the port
//! answers day 30 of the previous month.
//!
//! Only used to *propose* days off for a year whose schedule has not been decided.

use std::f64::consts::PI;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{CalendarDay, DayKind, is_weekend};

/// Vietnam's time zone, in hours east of UTC.
pub const TIME_ZONE: f64 = 7.0;

/// The note carried by every proposed day.
pub const PROPOSAL_NOTE: &str = "đề xuất theo âm lịch, chưa có quyết định";

/// A date of the lunar calendar. `year` is the solar year in which the lunar year starts
/// (Tết); `leap` marks a leap month (tháng nhuận).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LunarDate {
    pub day: u32,
    pub month: u32,
    pub year: i32,
    pub leap: bool,
}

/// Julian day number of 0001-01-01 (proleptic Gregorian) minus one.
const JD_CE_OFFSET: i64 = 1_721_425;

fn jd_from_date(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) + JD_CE_OFFSET
}

fn jd_to_date(jd: i64) -> NaiveDate {
    let days = jd - JD_CE_OFFSET;
    i32::try_from(days)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(if days < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

fn floor(x: f64) -> i64 {
    x.floor() as i64
}

/// Time of the k-th new moon after the one of 1900-01-01 13:52 UTC, in Julian days.
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
    jd1 += 0.00033 * ((166.56 + 132.87 * t - 0.009173 * t2) * dr).sin();
    let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
    let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
    let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
    let mut c1 = (0.1734 - 0.000393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let deltat = if t < -11.0 {
        0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    } else {
        -0.000278 + 0.000265 * t + 0.000262 * t2
    };
    jd1 + c1 - deltat
}

/// The sun's true longitude at Julian day `jdn`, in radians within [0, 2π).
fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2451545.0) / 36525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    let mut dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * (dr * m).sin();
    dl += (0.019993 - 0.000101 * t) * (dr * 2.0 * m).sin() + 0.000290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l - PI * 2.0 * (l / (PI * 2.0)).floor()
}

/// The sun's position (0..=11, one per major solar term) at local midnight of a day.
fn sun_sector(day_number: i64) -> i64 {
    floor(sun_longitude(day_number as f64 - 0.5 - TIME_ZONE / 24.0) / PI * 6.0)
}

/// The local day of the k-th new moon.
fn new_moon_day(k: i64) -> i64 {
    floor(new_moon(k) + 0.5 + TIME_ZONE / 24.0)
}

/// The day that starts lunar month 11 (the month holding the winter solstice) of solar year `yy`.
fn lunar_month_11(yy: i32) -> i64 {
    let dec31 = NaiveDate::from_ymd_opt(yy, 12, 31).map(jd_from_date);
    let dec31 = dec31.unwrap_or_else(|| i64::from(yy) * 365 + JD_CE_OFFSET);
    let off = dec31 - 2415021;
    let k = floor(off as f64 / 29.530588853);
    let nm = new_moon_day(k);
    if sun_sector(nm) >= 9 {
        new_moon_day(k - 1)
    } else {
        nm
    }
}

/// The offset of the leap month after the month 11 that starts on day `a11`.
fn leap_month_offset(a11: i64) -> i64 {
    let k = floor((a11 as f64 - 2415021.076998695) / 29.530588853 + 0.5);
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i));
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

/// The lunar date of a solar date.
pub fn solar_to_lunar(d: NaiveDate) -> LunarDate {
    let day_number = jd_from_date(d);
    let yy = d.year();
    let k = floor((day_number as f64 - 2415021.076998695) / 29.530588853);
    let mut k = k + 1;
    let mut month_start = new_moon_day(k);
    // The original stops after one step back, and so gives "day 0" for 07/05/2054 and
    // 09/04/2062 (the day before a new moon that falls just after local midnight); stepping
    // back until the month has started gives day 30 of the month before.
    while month_start > day_number {
        k -= 1;
        month_start = new_moon_day(k);
    }
    let mut a11 = lunar_month_11(yy);
    let b11;
    let mut lunar_year;
    if a11 >= month_start {
        lunar_year = yy;
        b11 = a11;
        a11 = lunar_month_11(yy - 1);
    } else {
        lunar_year = yy + 1;
        b11 = lunar_month_11(yy + 1);
    }
    let lunar_day = day_number - month_start + 1;
    let diff = floor((month_start - a11) as f64 / 29.0);
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11);
        if diff >= leap_diff {
            month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    LunarDate {
        day: u32::try_from(lunar_day).unwrap_or(1),
        month: u32::try_from(month).unwrap_or(1),
        year: lunar_year,
        leap,
    }
}

/// The first day (Julian day) of a lunar month; `None` for a leap month the year does not have.
fn month_start(month: u32, year: i32, leap: bool) -> Option<i64> {
    if !(1..=12).contains(&month) {
        return None;
    }
    let (a11, b11) = if month < 11 {
        (lunar_month_11(year - 1), lunar_month_11(year))
    } else {
        (lunar_month_11(year), lunar_month_11(year + 1))
    };
    let k = floor(0.5 + (a11 as f64 - 2415021.076998695) / 29.530588853);
    let mut off = i64::from(month) - 11;
    if off < 0 {
        off += 12;
    }
    if b11 - a11 > 365 {
        let leap_off = leap_month_offset(a11);
        let mut leap_month = leap_off - 2;
        if leap_month < 0 {
            leap_month += 12;
        }
        if leap && i64::from(month) != leap_month {
            return None;
        } else if leap || off >= leap_off {
            off += 1;
        }
    } else if leap {
        return None;
    }
    Some(new_moon_day(k + off))
}

/// The solar date of a lunar date; `None` when it does not exist (a leap month the year lacks,
/// day 30 of a 29-day month, a month outside 1–12, a year outside 1000–3000).
pub fn lunar_to_solar(day: u32, month: u32, year: i32, leap: bool) -> Option<NaiveDate> {
    if !(1..=30).contains(&day) || !(1000..=3000).contains(&year) {
        return None;
    }
    let start = month_start(month, year, leap)?;
    let date = jd_to_date(start + i64::from(day) - 1);
    let back = solar_to_lunar(date);
    (back
        == LunarDate {
            day,
            month,
            year,
            leap,
        })
    .then_some(date)
}

/// Tết Nguyên đán (mùng 1 tháng Giêng) of the lunar year starting in solar year `year`.
pub fn tet(year: i32) -> NaiveDate {
    month_start(1, year, false).map_or(NaiveDate::MIN, jd_to_date)
}

/// Giỗ Tổ Hùng Vương (10/3 âm lịch) in solar year `year`.
pub fn hung_kings_day(year: i32) -> NaiveDate {
    month_start(3, year, false).map_or(NaiveDate::MIN, |start| jd_to_date(start + 9))
}

/// The name of a lunar year in the sexagenary cycle, e.g. 2026 → "Bính Ngọ".
pub fn can_chi(year: i32) -> String {
    const CAN: [&str; 10] = [
        "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý",
    ];
    const CHI: [&str; 12] = [
        "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi",
    ];
    let can = CAN[usize::try_from((i64::from(year) + 6).rem_euclid(10)).unwrap_or(0)];
    let chi = CHI[usize::try_from((i64::from(year) + 8).rem_euclid(12)).unwrap_or(0)];
    format!("{can} {chi}")
}

/// A *proposal* of the days off of a year not yet decided, from Bộ luật Lao động 2019 Điều 112:
/// Tết Dương lịch (1/1); Tết Nguyên đán, 5 days (the last day of the old year and mùng 1–4);
/// Giỗ Tổ Hùng Vương (10/3 âm lịch); 30/4; 1/5; Quốc khánh 2/9 and one adjacent day (1/9, or
/// 3/9 when 2/9 is a Monday); a holiday on a weekend gives a day in lieu on the next working day
/// (Điều 112 khoản 3). Every day carries the note [`PROPOSAL_NOTE`]. The Government decides the
/// real schedule each year (often with swapped days); replace the proposal when it is published.
pub fn proposed_days(year: i32) -> Vec<CalendarDay> {
    let mut holidays: Vec<(NaiveDate, String)> = Vec::new();
    let mut fixed = |m: u32, d: u32, name: &str| {
        if let Some(date) = NaiveDate::from_ymd_opt(year, m, d) {
            holidays.push((date, name.to_string()));
        }
    };
    fixed(1, 1, &format!("Tết Dương lịch {year}"));
    fixed(4, 30, "Ngày Giải phóng miền Nam");
    fixed(5, 1, "Ngày Quốc tế Lao động");
    fixed(9, 2, "Quốc khánh");
    let sep2 = NaiveDate::from_ymd_opt(year, 9, 2);
    let adjacent = match sep2 {
        Some(d) if d.weekday() == chrono::Weekday::Mon => d.succ_opt(),
        Some(d) => d.pred_opt(),
        None => None,
    };
    if let Some(d) = adjacent {
        holidays.push((d, "Quốc khánh".to_string()));
    }
    let tet_name = format!("Tết Nguyên đán {}", can_chi(year));
    let first = tet(year);
    for offset in -1..=3 {
        if let Some(d) = first.checked_add_signed(chrono::Duration::days(offset)) {
            holidays.push((d, tet_name.clone()));
        }
    }
    holidays.push((
        hung_kings_day(year),
        "Giỗ Tổ Hùng Vương (10/3 âm lịch)".to_string(),
    ));
    holidays.sort_by_key(|(d, _)| *d);
    holidays.dedup_by_key(|(d, _)| *d);

    let mut days: Vec<CalendarDay> = holidays
        .iter()
        .map(|(date, name)| CalendarDay {
            date: *date,
            kind: DayKind::Holiday,
            name: name.clone(),
            note: PROPOSAL_NOTE.to_string(),
        })
        .collect();
    let taken = |days: &[CalendarDay], d: NaiveDate| days.iter().any(|x| x.date == d);
    for (date, name) in holidays.iter().filter(|(d, _)| is_weekend(*d)) {
        let mut cur = *date;
        while let Some(next) = cur.succ_opt() {
            cur = next;
            if !is_weekend(cur) && !taken(&days, cur) {
                days.push(CalendarDay {
                    date: cur,
                    kind: DayKind::DayInLieu,
                    name: format!("Nghỉ bù {name}"),
                    note: PROPOSAL_NOTE.to_string(),
                });
                break;
            }
        }
    }
    days.sort_by_key(|d| d.date);
    days
}
