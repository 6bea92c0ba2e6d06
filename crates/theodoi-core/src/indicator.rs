//! Socio-economic indicators (chỉ tiêu): their register, targets per period and locality,
//! reported values with their quality, and the verdict **vượt / đạt / không đạt**.
//!
//! ## The verdict, precisely
//!
//! Values and targets are compared at the indicator's number of decimals: both are rounded
//! to `decimals` places first (half away from zero), so `6,50` and `6,5` are the same number
//! and floating-point noise never decides a verdict. The tolerance `tol` (≥ 0, in the
//! indicator's unit, default 0 = exact) widens the "đạt" band on both sides of a bound.
//!
//! | direction | vượt (exceeded) | đạt (achieved) | không đạt (not achieved) |
//! |---|---|---|---|
//! | higher is better, target T | v > T + tol | T − tol ≤ v ≤ T + tol | v < T − tol |
//! | lower is better, target T | v < T − tol | T − tol ≤ v ≤ T + tol | v > T + tol |
//! | range [L, H] | never | L − tol ≤ v ≤ H + tol | v < L − tol or v > H + tol |
//!
//! A range target ("tỷ lệ đô thị hóa 50–55%") states a band that is right, not a minimum:
//! going beyond either end is missing the target, so a range is never "vượt". A target where
//! more is welcome is entered as *higher is better* with its minimum. A strict bound ("trên
//! 3%") is entered as the next value at the indicator's decimals (3,1 with one decimal) and
//! its wording kept for display. "Đạt và vượt" (achieved or exceeded) is what the summary
//! "13/13 chỉ tiêu đạt và vượt" counts.

use serde::{Deserialize, Serialize};

use crate::error::{DomainError, DomainResult};
use crate::text::fold;

macro_rules! simple_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident = $code:literal, $label:literal $(| $alt:literal)*;)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),* }
            }
            /// Accepts the code, the Vietnamese label (any case, with or without diacritics).
            pub fn parse(s: &str) -> DomainResult<Self> {
                let key = fold(s).replace(' ', "_");
                $(
                    if key == $code || key == fold($label).replace(' ', "_") $(|| key == $alt)* {
                        return Ok($name::$variant);
                    }
                )*
                Err(DomainError::invalid(
                    $what,
                    format!("giá trị '{}' không hợp lệ; dùng một trong: {}", s.trim(), [$($code),*].join(", ")),
                ))
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

simple_enum!(
    /// Chiều đánh giá
    Direction, "direction" {
        Higher = "higher", "Càng cao càng tốt" | "cao" | ">=";
        Lower = "lower", "Càng thấp càng tốt" | "thap" | "<=";
        Range = "range", "Trong khoảng" | "khoang";
    }
);

simple_enum!(
    /// Cách tổng hợp từ đơn vị cấp dưới
    Aggregation, "aggregation" {
        Sum = "sum", "Cộng" | "tong";
        Average = "average", "Bình quân" | "trung_binh";
        Weighted = "weighted", "Bình quân gia quyền";
        None = "none", "Không tổng hợp" | "khong";
    }
);

simple_enum!(
    /// Mức độ tin cậy của số liệu: ước tính → sơ bộ → chính thức
    Quality, "quality" {
        Estimate = "estimate", "Ước tính" | "uoc";
        Preliminary = "preliminary", "Sơ bộ";
        Official = "official", "Chính thức";
    }
);

simple_enum!(
    /// Kết quả đánh giá
    Verdict, "verdict" {
        Exceeded = "exceeded", "Vượt";
        Achieved = "achieved", "Đạt";
        NotAchieved = "not_achieved", "Không đạt";
    }
);

impl Verdict {
    /// Counted in "đạt và vượt".
    pub fn is_met(self) -> bool {
        matches!(self, Verdict::Exceeded | Verdict::Achieved)
    }
}

/// The period a target or value is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Period {
    /// Năm: `2023`
    Year(i32),
    /// Nhiệm kỳ 5 năm: `2021-2025`
    Term(i32, i32),
    /// Tầm nhìn đến năm: `2030` written `h2030` (or "đến 2030")
    Horizon(i32),
}

impl Period {
    /// `2023` (a year), `2021-2025` or `2021–2025` (a term), `h2030` / `đến 2030` / `horizon:2030`.
    pub fn parse(s: &str) -> DomainResult<Self> {
        let bad = || {
            DomainError::invalid(
                "period",
                format!(
                    "kỳ '{}' không hợp lệ; viết 2023 (năm), 2021-2025 (nhiệm kỳ) hoặc h2030 (tầm nhìn)",
                    s.trim()
                ),
            )
        };
        let f = fold(s).replace(['–', '—'], "-").replace(' ', "");
        let year = |t: &str| -> Option<i32> {
            let y: i32 = t.parse().ok()?;
            (1900..=2200).contains(&y).then_some(y)
        };
        let rest = f
            .strip_prefix("horizon:")
            .or_else(|| f.strip_prefix("den"))
            .or_else(|| f.strip_prefix('h'));
        if let Some(r) = rest {
            return year(r).map(Period::Horizon).ok_or_else(bad);
        }
        let f = f
            .strip_prefix("year:")
            .or_else(|| f.strip_prefix("term:"))
            .unwrap_or(&f);
        if let Some((a, b)) = f.split_once('-') {
            let (a, b) = (year(a).ok_or_else(bad)?, year(b).ok_or_else(bad)?);
            if b <= a {
                return Err(bad());
            }
            return Ok(Period::Term(a, b));
        }
        year(f).map(Period::Year).ok_or_else(bad)
    }

    /// The stored and API spelling: `2023`, `2021-2025`, `h2030`.
    pub fn code(&self) -> String {
        match self {
            Period::Year(y) => y.to_string(),
            Period::Term(a, b) => format!("{a}-{b}"),
            Period::Horizon(y) => format!("h{y}"),
        }
    }

    /// `năm 2023`, `giai đoạn 2021–2025`, `đến năm 2030`.
    pub fn label(&self) -> String {
        match self {
            Period::Year(y) => format!("năm {y}"),
            Period::Term(a, b) => format!("giai đoạn {a}–{b}"),
            Period::Horizon(y) => format!("đến năm {y}"),
        }
    }

    /// The last year the period covers (for charts over periods).
    pub fn end_year(&self) -> i32 {
        match self {
            Period::Year(y) | Period::Horizon(y) | Period::Term(_, y) => *y,
        }
    }
}

impl From<Period> for String {
    fn from(p: Period) -> Self {
        p.code()
    }
}

impl TryFrom<String> for Period {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Period::parse(&s)
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code())
    }
}

/// The target's bounds: `low` for higher-is-better, `high` for lower-is-better, both for a range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bounds {
    pub low: Option<f64>,
    pub high: Option<f64>,
}

impl Bounds {
    /// The bounds a direction needs: one value for higher/lower, `low ≤ high` for a range.
    pub fn for_direction(
        direction: Direction,
        low: Option<f64>,
        high: Option<f64>,
    ) -> DomainResult<Self> {
        let finite = |x: Option<f64>| x.is_none_or(f64::is_finite);
        if !finite(low) || !finite(high) {
            return Err(DomainError::invalid("target", "chỉ tiêu phải là một số"));
        }
        match (direction, low, high) {
            (Direction::Higher, Some(v), None) | (Direction::Higher, None, Some(v)) => Ok(Self {
                low: Some(v),
                high: None,
            }),
            (Direction::Lower, Some(v), None) | (Direction::Lower, None, Some(v)) => Ok(Self {
                low: None,
                high: Some(v),
            }),
            (Direction::Range, Some(l), Some(h)) if l <= h => Ok(Self {
                low: Some(l),
                high: Some(h),
            }),
            (Direction::Range, Some(_), Some(_)) => Err(DomainError::invalid(
                "target",
                "cận dưới của khoảng phải nhỏ hơn hoặc bằng cận trên",
            )),
            (Direction::Range, _, _) => Err(DomainError::invalid(
                "target",
                "chỉ tiêu dạng khoảng cần cả cận dưới và cận trên (ví dụ 50–55)",
            )),
            _ => Err(DomainError::invalid(
                "target",
                "chỉ tiêu càng cao/càng thấp càng tốt cần đúng một giá trị",
            )),
        }
    }

    /// `≥ 6,5`, `≤ 2`, `50–55` at `decimals`.
    pub fn label(&self, decimals: u32) -> String {
        let n = |x: f64| crate::format::decimal_vi(x, decimals as usize);
        match (self.low, self.high) {
            (Some(l), Some(h)) => format!("{}–{}", n(l), n(h)),
            (Some(l), None) => format!("≥ {}", n(l)),
            (None, Some(h)) => format!("≤ {}", n(h)),
            (None, None) => "—".into(),
        }
    }
}

/// `x` in units of 10^-decimals, rounded half away from zero.
fn scaled(x: f64, decimals: u32) -> i128 {
    (x * 10f64.powi(decimals.min(12) as i32)).round() as i128
}

/// The verdict for `value` against `bounds` (see the module documentation for the rules).
pub fn verdict(
    direction: Direction,
    bounds: Bounds,
    value: f64,
    decimals: u32,
    tolerance: f64,
) -> Verdict {
    let v = scaled(value, decimals);
    let tol = scaled(tolerance.abs(), decimals);
    match direction {
        Direction::Higher => {
            let t = scaled(bounds.low.or(bounds.high).unwrap_or(0.0), decimals);
            if v > t + tol {
                Verdict::Exceeded
            } else if v >= t - tol {
                Verdict::Achieved
            } else {
                Verdict::NotAchieved
            }
        }
        Direction::Lower => {
            let t = scaled(bounds.high.or(bounds.low).unwrap_or(0.0), decimals);
            if v < t - tol {
                Verdict::Exceeded
            } else if v <= t + tol {
                Verdict::Achieved
            } else {
                Verdict::NotAchieved
            }
        }
        Direction::Range => {
            let l = bounds.low.map(|x| scaled(x, decimals));
            let h = bounds.high.map(|x| scaled(x, decimals));
            let above_low = l.is_none_or(|l| v >= l - tol);
            let below_high = h.is_none_or(|h| v <= h + tol);
            if above_low && below_high {
                Verdict::Achieved
            } else {
                Verdict::NotAchieved
            }
        }
    }
}

/// Combines sub-units' values (value, weight) by the indicator's aggregation; `None` when the
/// indicator is not aggregated or there is nothing to combine.
pub fn aggregate(aggregation: Aggregation, values: &[(f64, Option<f64>)]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    match aggregation {
        Aggregation::None => None,
        Aggregation::Sum => Some(values.iter().map(|(v, _)| v).sum()),
        Aggregation::Average => {
            Some(values.iter().map(|(v, _)| v).sum::<f64>() / values.len() as f64)
        }
        Aggregation::Weighted => {
            let w: f64 = values.iter().map(|(_, w)| w.unwrap_or(0.0)).sum();
            (w > 0.0).then(|| {
                values
                    .iter()
                    .map(|(v, wi)| v * wi.unwrap_or(0.0))
                    .sum::<f64>()
                    / w
            })
        }
    }
}

/// A registered indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// Đơn vị tính: `%`, `tỷ đồng`, `USD`, `khu`…
    pub unit_of_measure: String,
    pub decimals: u32,
    pub direction: Direction,
    pub aggregation: Aggregation,
    /// Đơn vị chịu trách nhiệm
    pub responsible_unit_id: Option<i64>,
    /// Quyết định phân công thực hiện
    pub decision: String,
}

/// A target of one indicator for one unit (locality or agency) and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub id: i64,
    pub indicator_id: i64,
    pub unit_id: i64,
    pub period: Period,
    pub bounds: Bounds,
    /// The target as written ("từ 6,5% trở lên", "trên 3%").
    pub wording: String,
    pub decision: String,
}

/// One reported value; every revision is kept, the latest is current.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValue {
    pub id: i64,
    pub indicator_id: i64,
    pub unit_id: i64,
    pub period: Period,
    pub value: f64,
    pub quality: Quality,
    pub source: String,
    pub reporter_id: Option<i64>,
    pub weight: Option<f64>,
    pub reported_on: chrono::NaiveDate,
    pub revision: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::*;

    fn hi(t: f64) -> Bounds {
        Bounds::for_direction(Direction::Higher, Some(t), None).expect("b")
    }
    fn lo(t: f64) -> Bounds {
        Bounds::for_direction(Direction::Lower, Some(t), None).expect("b")
    }
    fn range(l: f64, h: f64) -> Bounds {
        Bounds::for_direction(Direction::Range, Some(l), Some(h)).expect("b")
    }

    #[test]
    fn higher_is_better_at_and_around_the_target() {
        let v = |x| verdict(Direction::Higher, hi(6.5), x, 1, 0.0);
        assert_eq!(v(6.4), NotAchieved);
        assert_eq!(v(6.49), Achieved, "6,49 rounds to 6,5 at one decimal");
        assert_eq!(v(6.5), Achieved);
        assert_eq!(v(6.5000000001), Achieved);
        assert_eq!(v(6.6), Exceeded);
        assert_eq!(v(6.44), NotAchieved);
        assert_eq!(v(-1.0), NotAchieved);
        // Floating noise: 0.1 + 0.2 is exactly 0,3 at two decimals.
        assert_eq!(
            verdict(Direction::Higher, hi(0.3), 0.1 + 0.2, 2, 0.0),
            Achieved
        );
    }

    #[test]
    fn lower_is_better_at_and_around_the_target() {
        let v = |x| verdict(Direction::Lower, lo(2.0), x, 2, 0.0);
        assert_eq!(v(1.99), Exceeded);
        assert_eq!(v(2.0), Achieved);
        assert_eq!(v(2.001), Achieved);
        assert_eq!(v(2.01), NotAchieved);
        assert_eq!(v(0.0), Exceeded);
    }

    #[test]
    fn range_inside_is_achieved_and_never_exceeded() {
        let v = |x| verdict(Direction::Range, range(50.0, 55.0), x, 1, 0.0);
        assert_eq!(v(49.9), NotAchieved);
        assert_eq!(v(50.0), Achieved);
        assert_eq!(v(52.5), Achieved);
        assert_eq!(v(55.0), Achieved);
        assert_eq!(v(55.1), NotAchieved);
        assert_eq!(v(70.0), NotAchieved);
        // A degenerate range of one value.
        let one = |x| verdict(Direction::Range, range(5.0, 5.0), x, 0, 0.0);
        assert_eq!(
            (one(4.0), one(5.0), one(6.0)),
            (NotAchieved, Achieved, NotAchieved)
        );
    }

    #[test]
    fn tolerance_widens_the_achieved_band() {
        let v = |x| verdict(Direction::Higher, hi(100.0), x, 0, 2.0);
        assert_eq!(v(97.0), NotAchieved);
        assert_eq!(v(98.0), Achieved);
        assert_eq!(v(102.0), Achieved);
        assert_eq!(v(103.0), Exceeded);
        let l = |x| verdict(Direction::Lower, lo(10.0), x, 0, 1.0);
        assert_eq!(
            (l(8.0), l(9.0), l(11.0), l(12.0)),
            (Exceeded, Achieved, Achieved, NotAchieved)
        );
        let r = |x| verdict(Direction::Range, range(50.0, 55.0), x, 1, 0.5);
        assert_eq!(
            (r(49.4), r(49.5), r(55.5), r(55.6)),
            (NotAchieved, Achieved, Achieved, NotAchieved)
        );
    }

    #[test]
    fn bounds_follow_the_direction() {
        assert!(Bounds::for_direction(Direction::Range, Some(55.0), Some(50.0)).is_err());
        assert!(Bounds::for_direction(Direction::Range, Some(50.0), None).is_err());
        assert!(Bounds::for_direction(Direction::Higher, Some(1.0), Some(2.0)).is_err());
        assert!(Bounds::for_direction(Direction::Higher, Some(f64::NAN), None).is_err());
        assert_eq!(range(50.0, 55.0).label(0), "50–55");
        assert_eq!(hi(6.5).label(1), "≥ 6,5");
        assert_eq!(lo(2.0).label(0), "≤ 2");
    }

    #[test]
    fn periods_parse_and_print() {
        assert_eq!(Period::parse("2023").expect("y"), Period::Year(2023));
        assert_eq!(
            Period::parse("2021–2025").expect("t"),
            Period::Term(2021, 2025)
        );
        assert_eq!(
            Period::parse("2021 - 2025").expect("t"),
            Period::Term(2021, 2025)
        );
        assert_eq!(Period::parse("h2030").expect("h"), Period::Horizon(2030));
        assert_eq!(Period::parse("đến 2030").expect("h"), Period::Horizon(2030));
        for bad in ["", "abc", "2025-2021", "20234", "h"] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        for p in [
            Period::Year(2023),
            Period::Term(2021, 2025),
            Period::Horizon(2030),
        ] {
            assert_eq!(Period::parse(&p.code()).expect("round trip"), p);
        }
    }

    #[test]
    fn enums_accept_codes_and_labels() {
        assert_eq!(Quality::parse("Sơ bộ").expect("q"), Quality::Preliminary);
        assert_eq!(Quality::parse("chinh thuc").expect("q"), Quality::Official);
        assert!(
            Quality::Estimate < Quality::Preliminary && Quality::Preliminary < Quality::Official
        );
        assert_eq!(Direction::parse("range").expect("d"), Direction::Range);
        assert!(Direction::parse("sideways").is_err());
    }

    #[test]
    fn aggregation_over_sub_units() {
        let xs = [(2.0, Some(1.0)), (4.0, Some(3.0))];
        assert_eq!(aggregate(Aggregation::Sum, &xs), Some(6.0));
        assert_eq!(aggregate(Aggregation::Average, &xs), Some(3.0));
        assert_eq!(aggregate(Aggregation::Weighted, &xs), Some(3.5));
        assert_eq!(aggregate(Aggregation::None, &xs), None);
        assert_eq!(aggregate(Aggregation::Sum, &[]), None);
    }
}
