//! Vietnamese forms of numbers and dates: `24,9%`, `73.645`, `15/01/2023`.

use chrono::NaiveDate;

/// `15/01/2023`
pub fn date_vi(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// An integer with `.` between thousands: `73.645`, `-1.200`.
pub fn int_vi(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A decimal with `,` as the decimal mark and `.` between thousands: `3,73`, `1.234,5`.
pub fn decimal_vi(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int_part, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let int_value: i64 = int_part.parse().unwrap_or(0);
    let negative = x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&int_vi(int_value));
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// A fraction shown as a percentage with one decimal: 0.249084 → `24,9%`.
pub fn percent_vi(fraction: f64) -> String {
    format!("{}%", decimal_vi(fraction * 100.0, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_forms() {
        assert_eq!(percent_vi(68.0 / 273.0), "24,9%");
        assert_eq!(int_vi(73_645), "73.645");
        assert_eq!(int_vi(267_128), "267.128");
        assert_eq!(int_vi(-1200), "-1.200");
        assert_eq!(int_vi(0), "0");
        assert_eq!(decimal_vi(3.7346, 2), "3,73");
        assert_eq!(decimal_vi(1234.5, 1), "1.234,5");
        let d = NaiveDate::from_ymd_opt(2023, 1, 15).expect("d");
        assert_eq!(date_vi(d), "15/01/2023");
    }
}
