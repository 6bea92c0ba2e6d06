//! The further views of the periodic report: breakdowns by leader, field, source document and
//! co-operating unit; overdue ageing and the overdue list; the comparison with the previous
//! period; and the ranking of units for the emulation assessment (đánh giá thi đua).

use chrono::NaiveDate;
use serde::Serialize;

use crate::format::{decimal_vi, int_vi, percent_vi};
use crate::ids::UnitId;
use crate::report::{Figures, UnitRow, WindowOut};
use crate::status::Counts;

/// One row of a breakdown (a leader, a field, a source document, a co-operating unit).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakdownRow {
    /// The id (leader, document, unit) or the text (field) the row is about; empty when unknown.
    pub key: String,
    pub label: String,
    #[serde(flatten)]
    pub figures: Figures,
}

/// The overdue tasks by how long they have been overdue (calendar days).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgeBucket {
    pub label: &'static str,
    pub min_days: i64,
    pub max_days: Option<i64>,
    pub tasks: i64,
}

pub const AGE_LIMITS: [(&str, i64, Option<i64>); 5] = [
    ("≤ 30 ngày", 1, Some(30)),
    ("31–60 ngày", 31, Some(60)),
    ("61–90 ngày", 61, Some(90)),
    ("91–120 ngày", 91, Some(120)),
    ("> 120 ngày", 121, None),
];

pub fn age_buckets(days_overdue: impl IntoIterator<Item = i64>) -> Vec<AgeBucket> {
    let mut out: Vec<AgeBucket> = AGE_LIMITS
        .iter()
        .map(|&(label, min_days, max_days)| AgeBucket {
            label,
            min_days,
            max_days,
            tasks: 0,
        })
        .collect();
    for d in days_overdue {
        // Overdue means at least one day past the deadline; anything less goes in the first bucket.
        let d = d.max(1);
        if let Some(b) = out
            .iter_mut()
            .find(|b| d >= b.min_days && b.max_days.is_none_or(|m| d <= m))
        {
            b.tasks += 1;
        }
    }
    out
}

/// A task overdue at the as-of date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverdueTask {
    pub task_id: i64,
    pub content: String,
    pub unit_id: UnitId,
    pub unit: String,
    pub document: String,
    pub deadline: NaiveDate,
    pub days_overdue: i64,
    /// Số lần đôn đốc: urgings recorded on the task on or before the as-of date.
    pub urgings: i64,
}

/// The same figures for the previous period of the same length.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub window: WindowOut,
    pub as_of: NaiveDate,
    pub totals: Figures,
    /// This period minus the previous one.
    pub change: Change,
    pub sentence: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    pub tasks: i64,
    pub completed: i64,
    pub in_progress: i64,
    pub overdue: i64,
    /// In fractions (0.01 = one percentage point).
    pub overdue_rate: f64,
    pub completion_rate: f64,
}

impl Comparison {
    pub fn new(window: WindowOut, as_of: NaiveDate, prev: Figures, now: &Figures) -> Self {
        let (p, n) = (&prev.counts, &now.counts);
        let change = Change {
            tasks: n.tasks - p.tasks,
            completed: n.completed - p.completed,
            in_progress: n.in_progress - p.in_progress,
            overdue: n.overdue - p.overdue,
            overdue_rate: round6(now.overdue_rate - prev.overdue_rate),
            completion_rate: round6(now.completion_rate - prev.completion_rate),
        };
        let sentence = format!(
            "So với kỳ trước (từ ngày {} đến ngày {}: {} nhiệm vụ, {} hoàn thành, {} quá hạn, chiếm {}), \
số nhiệm vụ {}, số nhiệm vụ hoàn thành {}, số nhiệm vụ quá hạn {}.",
            crate::format::date_vi(window.from),
            crate::format::date_vi(window.to),
            int_vi(p.tasks),
            int_vi(p.completed),
            int_vi(p.overdue),
            percent_vi(prev.overdue_rate),
            more_less(change.tasks),
            more_less(change.completed),
            more_less(change.overdue),
        );
        Self {
            window,
            as_of,
            totals: prev,
            change,
            sentence,
        }
    }
}

fn more_less(d: i64) -> String {
    match d {
        0 => "không đổi".into(),
        d if d > 0 => format!("tăng {}", int_vi(d)),
        d => format!("giảm {}", int_vi(-d)),
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The score bands of the emulation assessment, as lower bounds in points (0–100).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bands {
    pub excellent: f64,
    pub good: f64,
    pub pass: f64,
}

impl Default for Bands {
    fn default() -> Self {
        Self {
            excellent: 90.0,
            good: 75.0,
            pass: 50.0,
        }
    }
}

impl Bands {
    /// Parses the setting `ranking_bands`: three lower bounds, e.g. `90,75,50`.
    pub fn parse(s: &str) -> Option<Self> {
        let v: Vec<f64> = s
            .split([',', ';', ' '])
            .filter(|x| !x.trim().is_empty())
            .map(|x| x.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .ok()?;
        match v.as_slice() {
            [e, g, p] if *e <= 100.0 && e > g && g > p && *p >= 0.0 => Some(Self {
                excellent: *e,
                good: *g,
                pass: *p,
            }),
            _ => None,
        }
    }

    pub fn band(&self, score: f64) -> &'static str {
        if score >= self.excellent {
            "Hoàn thành xuất sắc"
        } else if score >= self.good {
            "Hoàn thành tốt"
        } else if score >= self.pass {
            "Hoàn thành"
        } else {
            "Không hoàn thành"
        }
    }
}

pub const SCORE_FORMULA: &str = "Điểm = 100 × (số hoàn thành đúng hạn + số đang thực hiện trong hạn \
+ 0,5 × số hoàn thành quá hạn) ÷ tổng số nhiệm vụ; nhiệm vụ quá hạn chưa hoàn thành được 0 điểm";

pub fn score(c: &Counts) -> f64 {
    if c.tasks == 0 {
        return 100.0;
    }
    let points =
        c.completed_on_time as f64 + c.in_progress_on_time as f64 + 0.5 * c.completed_late as f64;
    (1000.0 * points / c.tasks as f64).round() / 10.0
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankRow {
    pub rank: usize,
    pub unit_id: UnitId,
    pub unit: String,
    pub tasks: i64,
    pub completion_rate: f64,
    /// Completed late ÷ completed.
    pub late_completion_rate: f64,
    pub overdue: i64,
    pub score: f64,
    pub band: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    pub formula: String,
    pub bands: Bands,
    pub rows: Vec<RankRow>,
}

impl Ranking {
    /// Ranks the unit rows: score, then fewer overdue tasks, then more tasks; equal scores
    /// and overdue counts share a rank.
    pub fn of(units: &[UnitRow], bands: Bands) -> Self {
        let mut rows: Vec<RankRow> = units
            .iter()
            .map(|u| {
                let c = &u.figures.counts;
                let s = score(c);
                RankRow {
                    rank: 0,
                    unit_id: u.unit_id,
                    unit: u.unit.clone(),
                    tasks: c.tasks,
                    completion_rate: u.figures.completion_rate,
                    late_completion_rate: if c.completed == 0 {
                        0.0
                    } else {
                        round6(c.completed_late as f64 / c.completed as f64)
                    },
                    overdue: c.overdue,
                    score: s,
                    band: bands.band(s),
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.overdue.cmp(&b.overdue))
                .then(b.tasks.cmp(&a.tasks))
                .then(a.unit.cmp(&b.unit))
        });
        for i in 0..rows.len() {
            rows[i].rank = if i > 0
                && rows[i].score == rows[i - 1].score
                && rows[i].overdue == rows[i - 1].overdue
            {
                rows[i - 1].rank
            } else {
                i + 1
            };
        }
        let formula = format!(
            "{SCORE_FORMULA}. Xếp loại: hoàn thành xuất sắc từ {} điểm; hoàn thành tốt từ {} điểm; \
hoàn thành từ {} điểm; dưới {} điểm: không hoàn thành.",
            decimal_vi(bands.excellent, 0),
            decimal_vi(bands.good, 0),
            decimal_vi(bands.pass, 0),
            decimal_vi(bands.pass, 0),
        );
        Self {
            formula,
            bands,
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ageing_buckets_have_inclusive_edges() {
        let b = age_buckets([1, 30, 31, 60, 61, 90, 91, 120, 121, 400]);
        let n: Vec<i64> = b.iter().map(|b| b.tasks).collect();
        assert_eq!(n, vec![2, 2, 2, 2, 2]);
    }

    #[test]
    fn score_and_bands() {
        let c = Counts {
            tasks: 10,
            completed: 6,
            completed_on_time: 4,
            completed_late: 2,
            in_progress: 4,
            in_progress_on_time: 3,
            overdue: 1,
            ..Counts::default()
        };
        assert_eq!(score(&c), 80.0);
        let b = Bands::default();
        assert_eq!(b.band(80.0), "Hoàn thành tốt");
        assert_eq!(b.band(90.0), "Hoàn thành xuất sắc");
        assert_eq!(b.band(49.9), "Không hoàn thành");
        assert_eq!(
            Bands::parse("95, 80, 60").map(|b| b.band(85.0)),
            Some("Hoàn thành tốt")
        );
        assert_eq!(Bands::parse("50,75,90"), None);
    }
}
