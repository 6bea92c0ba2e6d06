//! Public-investment disbursement (giải ngân vốn đầu tư công): the capital plan per year as a
//! tree of funding sources and by investor/project, adjustments, cumulative disbursement
//! records as of dates, the rate against the plan (and the Prime Minister's plan), milestones
//! and rankings. Money is integer đồng; rates are raw fractions (0.0373 = 3,73%).
//!
//! Rules:
//! - The plan of a line as of D is its original amount plus every adjustment decided on or
//!   before D.
//! - The disbursement of a line as of D is the latest cumulative record dated on or before D
//!   (records are cumulative from 1 January; a later record replaces an earlier one).
//! - A source's figures are the sums over the lines of the source and every source below it.
//! - A milestone (date, rate) is *behind* when the as-of date is on or after the milestone
//!   date and the rate is below the milestone's rate; *due* when it is still ahead.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A funding source (nguồn vốn) in the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub parent_id: Option<i64>,
}

/// One line of a year's capital plan: a unit's allocation from one source, optionally for
/// one project and investor (chủ đầu tư).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLine {
    pub id: i64,
    pub year: i32,
    /// The unit whose plan this is (a locality or agency).
    pub unit_id: i64,
    pub source_id: i64,
    pub project: String,
    pub investor_unit_id: Option<i64>,
    /// Original amount, đồng.
    pub amount: i64,
    /// The plan assigned by the Prime Minister (kế hoạch Thủ tướng giao), đồng.
    pub pm_amount: Option<i64>,
    pub decision: String,
}

/// A change to a plan line (điều chỉnh kế hoạch vốn) by a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    pub id: i64,
    pub plan_id: i64,
    pub date: NaiveDate,
    /// Change in đồng (negative to reduce).
    pub delta: i64,
    pub decision: String,
}

/// A cumulative disbursement of a plan line as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disbursement {
    pub id: i64,
    pub plan_id: i64,
    pub as_of: NaiveDate,
    /// Cumulative from the start of the year, đồng.
    pub cumulative: i64,
    pub reporter_id: Option<i64>,
    pub note: String,
}

/// `disbursed / plan`, 0 when there is no plan.
pub fn rate(disbursed: i64, plan: i64) -> f64 {
    if plan <= 0 {
        0.0
    } else {
        disbursed as f64 / plan as f64
    }
}

/// The plan of a line as of `as_of`.
pub fn plan_as_of(line: &PlanLine, adjustments: &[Adjustment], as_of: NaiveDate) -> i64 {
    line.amount
        + adjustments
            .iter()
            .filter(|a| a.plan_id == line.id && a.date <= as_of)
            .map(|a| a.delta)
            .sum::<i64>()
}

/// The cumulative disbursement of a line as of `as_of` (latest record on or before it).
pub fn disbursed_as_of(line_id: i64, records: &[Disbursement], as_of: NaiveDate) -> i64 {
    records
        .iter()
        .filter(|r| r.plan_id == line_id && r.as_of <= as_of)
        .max_by_key(|r| (r.as_of, r.id))
        .map(|r| r.cumulative)
        .unwrap_or(0)
}

/// A milestone: `rate` of the plan disbursed by `month`/`day` of the plan's year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub month: u32,
    pub day: u32,
    pub rate: f64,
}

/// The default milestones: 60% by 31/8, 95% by 31/12.
pub const DEFAULT_MILESTONES: [Milestone; 2] = [
    Milestone {
        month: 8,
        day: 31,
        rate: 0.60,
    },
    Milestone {
        month: 12,
        day: 31,
        rate: 0.95,
    },
];

/// Where a plan stands against one milestone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MilestoneStatus {
    pub date: NaiveDate,
    pub target_rate: f64,
    /// `met`, `behind` (date passed, rate below) or `due` (date ahead).
    pub status: String,
    /// Amount still to disburse to reach the milestone, đồng.
    pub shortfall: i64,
}

/// Where a year's plan stands against each milestone as of `as_of`. `figures_at(D)` gives
/// (plan, disbursed) as of D: a milestone whose date has passed is judged on the figures of
/// its date (60% *by 31/8*), one still ahead on the figures of `as_of`.
pub fn milestones(
    year: i32,
    as_of: NaiveDate,
    figures_at: &dyn Fn(NaiveDate) -> (i64, i64),
    list: &[Milestone],
) -> Vec<MilestoneStatus> {
    list.iter()
        .filter_map(|m| {
            let date = NaiveDate::from_ymd_opt(year, m.month, m.day)?;
            let passed = as_of >= date;
            let (plan, disbursed) = figures_at(if passed { date } else { as_of });
            let needed = (plan as f64 * m.rate).ceil() as i64;
            let status = if disbursed >= needed {
                "met"
            } else if passed {
                "behind"
            } else {
                "due"
            };
            Some(MilestoneStatus {
                date,
                target_rate: m.rate,
                status: status.into(),
                shortfall: (needed - disbursed).max(0),
            })
        })
        .collect()
}

/// The same day one year earlier (29/02 → 28/02).
pub fn same_date_last_year(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year() - 1, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(d.year() - 1, d.month(), d.day() - 1))
        .unwrap_or(d)
}

/// The ids of `root` and every source below it.
pub fn source_subtree(sources: &[Source], root: i64) -> Vec<i64> {
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let p = out[i];
        out.extend(
            sources
                .iter()
                .filter(|s| s.parent_id == Some(p))
                .map(|s| s.id),
        );
        i += 1;
    }
    out
}

/// Sources in tree order (parents before children, by code), with their depth.
pub fn source_tree_order(sources: &[Source]) -> Vec<(&Source, usize)> {
    fn walk<'a>(
        all: &'a [Source],
        parent: Option<i64>,
        depth: usize,
        out: &mut Vec<(&'a Source, usize)>,
    ) {
        let mut kids: Vec<&Source> = all.iter().filter(|s| s.parent_id == parent).collect();
        kids.sort_by_key(|k| k.id);
        for k in kids {
            out.push((k, depth));
            walk(all, Some(k.id), depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(sources, None, 0, &mut out);
    out
}

/// Month ends of a year up to `until` (for the cumulative curve).
pub fn month_ends(year: i32, until: NaiveDate) -> Vec<NaiveDate> {
    (1..=12)
        .filter_map(|m| {
            let first_next = if m == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, m + 1, 1)
            }?;
            first_next.pred_opt()
        })
        .filter(|d| *d <= until)
        .collect()
}

/// Reads an amount of money as people write it, in đồng: `717000000000`, `26.740.000.000`,
/// `22,87 tỷ`, `334 tỷ đồng`, `500 triệu`. Negative amounts and more than whole đồng are refused.
pub fn parse_money(input: &str) -> Result<i64, String> {
    let bad = || {
        format!(
            "số tiền '{}' không hợp lệ (ví dụ 26740000000, 26,74 tỷ, 500 triệu)",
            input.trim()
        )
    };
    let f = crate::text::fold(input);
    let f = f.trim_end_matches("dong").trim_end_matches('d').trim();
    let (num, scale_digits) = if let Some(n) = f.strip_suffix("ty") {
        (n.trim(), 9u32)
    } else if let Some(n) = f.strip_suffix("trieu") {
        (n.trim(), 6u32)
    } else {
        (f, 0u32)
    };
    let num: String = num.chars().filter(|c| !c.is_whitespace()).collect();
    if num.starts_with('-') {
        return Err(format!("số tiền không được âm: '{}'", input.trim()));
    }
    if num.is_empty()
        || !num
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(bad());
    }
    // '.' separates thousands when every group after it has three digits; otherwise it is
    // the decimal mark (as is ',').
    let groups: Vec<&str> = num.split('.').collect();
    let dots_are_thousands = groups.len() > 1
        && groups[1..].iter().enumerate().all(|(i, g)| {
            let g = if i == groups.len() - 2 {
                g.split(',').next().unwrap_or("")
            } else {
                g
            };
            g.len() == 3
        });
    let normal = if dots_are_thousands {
        num.replace('.', "")
    } else {
        num.replace('.', ",")
    };
    let (int_part, frac) = match normal.split_once(',') {
        Some((i, f)) if !f.contains(',') => (i.to_string(), f.to_string()),
        Some(_) => return Err(bad()),
        None => (normal.clone(), String::new()),
    };
    if int_part.is_empty() && frac.is_empty() {
        return Err(bad());
    }
    let frac_trimmed = frac.trim_end_matches('0');
    if frac_trimmed.len() as u32 > scale_digits {
        return Err(format!(
            "số tiền '{}' có phần lẻ nhỏ hơn một đồng",
            input.trim()
        ));
    }
    let mut digits = format!("{int_part}{frac_trimmed}");
    for _ in 0..(scale_digits - frac_trimmed.len() as u32) {
        digits.push('0');
    }
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Ok(0);
    }
    digits.parse::<i64>().map_err(|_| bad())
}

/// `26,74 tỷ đồng`, `717 tỷ đồng`, `500 triệu đồng`, `1.234 đồng`.
pub fn money_vi(dong: i64) -> String {
    if dong.unsigned_abs() >= 1_000_000_000 {
        let t = dong as f64 / 1e9;
        let s = crate::format::decimal_vi(t, 2);
        let s = s.trim_end_matches('0').trim_end_matches(',').to_string();
        format!("{s} tỷ đồng")
    } else if dong.unsigned_abs() >= 1_000_000 {
        let t = dong as f64 / 1e6;
        let s = crate::format::decimal_vi(t, 2);
        let s = s.trim_end_matches('0').trim_end_matches(',').to_string();
        format!("{s} triệu đồng")
    } else {
        format!("{} đồng", crate::format::int_vi(dong))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::window::parse_iso(s).expect("date")
    }

    fn line(id: i64, amount: i64) -> PlanLine {
        PlanLine {
            id,
            year: 2024,
            unit_id: 1,
            source_id: 1,
            project: String::new(),
            investor_unit_id: None,
            amount,
            pm_amount: None,
            decision: String::new(),
        }
    }

    #[test]
    fn money_as_people_write_it() {
        assert_eq!(parse_money("717000000000"), Ok(717_000_000_000));
        assert_eq!(parse_money("26.740.000.000"), Ok(26_740_000_000));
        assert_eq!(parse_money("26,74 tỷ"), Ok(26_740_000_000));
        assert_eq!(parse_money("22.87 tỷ đồng"), Ok(22_870_000_000));
        assert_eq!(parse_money("360,13 ty"), Ok(360_130_000_000));
        assert_eq!(parse_money("334 tỷ đồng"), Ok(334_000_000_000));
        assert_eq!(parse_money("1.234,5 triệu"), Ok(1_234_500_000));
        assert_eq!(parse_money("500 triệu"), Ok(500_000_000));
        assert_eq!(parse_money("0"), Ok(0));
        assert!(parse_money("-5").is_err());
        assert!(parse_money("abc").is_err());
        assert!(parse_money("1,5").is_err(), "half a đồng");
        assert!(parse_money("").is_err());
        assert_eq!(money_vi(26_740_000_000), "26,74 tỷ đồng");
        assert_eq!(money_vi(717_000_000_000), "717 tỷ đồng");
        assert_eq!(money_vi(73_645_000_000_000), "73.645 tỷ đồng");
        assert_eq!(money_vi(500_000_000), "500 triệu đồng");
    }

    #[test]
    fn the_seed_rate() {
        let r = rate(26_740_000_000, 717_000_000_000);
        assert!((r - 0.0373).abs() < 0.00005, "{r}");
        assert_eq!(crate::format::decimal_vi(r * 100.0, 2), "3,73");
        assert!((rate(548_000_000_000, 559_000_000_000) - 0.98).abs() < 0.005);
        assert_eq!(rate(5, 0), 0.0);
    }

    #[test]
    fn plan_and_disbursement_as_of_a_date() {
        let l = line(7, 1_000);
        let adj = vec![Adjustment {
            id: 1,
            plan_id: 7,
            date: d("2024-06-30"),
            delta: 200,
            decision: "QĐ 1".into(),
        }];
        assert_eq!(plan_as_of(&l, &adj, d("2024-06-29")), 1_000);
        assert_eq!(plan_as_of(&l, &adj, d("2024-06-30")), 1_200);
        let recs = vec![
            Disbursement {
                id: 1,
                plan_id: 7,
                as_of: d("2024-02-21"),
                cumulative: 30,
                reporter_id: None,
                note: String::new(),
            },
            Disbursement {
                id: 2,
                plan_id: 7,
                as_of: d("2024-03-31"),
                cumulative: 90,
                reporter_id: None,
                note: String::new(),
            },
        ];
        assert_eq!(disbursed_as_of(7, &recs, d("2024-02-20")), 0);
        assert_eq!(disbursed_as_of(7, &recs, d("2024-02-21")), 30);
        assert_eq!(disbursed_as_of(7, &recs, d("2024-12-31")), 90);
        assert_eq!(disbursed_as_of(8, &recs, d("2024-12-31")), 0);
    }

    #[test]
    fn milestones_flag_those_behind() {
        let flat = |x: i64| move |_d: NaiveDate| (1_000, x);
        let m = milestones(2024, d("2024-09-01"), &flat(500), &DEFAULT_MILESTONES);
        assert_eq!(m[0].status, "behind");
        assert_eq!(m[0].shortfall, 100);
        assert_eq!(m[1].status, "due");
        let m = milestones(2024, d("2024-08-31"), &flat(600), &DEFAULT_MILESTONES);
        assert_eq!(m[0].status, "met");
        let m = milestones(2024, d("2024-08-30"), &flat(599), &DEFAULT_MILESTONES);
        assert_eq!(m[0].status, "due");
        let m = milestones(2024, d("2024-08-31"), &flat(599), &DEFAULT_MILESTONES);
        assert_eq!(m[0].status, "behind");
        // A passed milestone is judged on the figures of its own date.
        let grows = |day: NaiveDate| (1_000, if day <= d("2024-08-31") { 500 } else { 900 });
        let m = milestones(2024, d("2024-10-01"), &grows, &DEFAULT_MILESTONES);
        assert_eq!(m[0].status, "behind");
        assert_eq!(m[1].status, "due");
    }

    #[test]
    fn last_year_and_month_ends() {
        assert_eq!(same_date_last_year(d("2024-02-21")), d("2023-02-21"));
        assert_eq!(same_date_last_year(d("2024-02-29")), d("2023-02-28"));
        let ends = month_ends(2024, d("2024-03-31"));
        assert_eq!(
            ends,
            vec![d("2024-01-31"), d("2024-02-29"), d("2024-03-31")]
        );
    }

    #[test]
    fn source_tree() {
        let s = |id, parent| Source {
            id,
            code: format!("S{id}"),
            name: format!("Nguồn {id}"),
            parent_id: parent,
        };
        let all = vec![
            s(1, None),
            s(2, Some(1)),
            s(3, Some(1)),
            s(4, None),
            s(5, Some(3)),
        ];
        let mut sub = source_subtree(&all, 1);
        sub.sort();
        assert_eq!(sub, vec![1, 2, 3, 5]);
        let order: Vec<(i64, usize)> = source_tree_order(&all)
            .iter()
            .map(|(s, d)| (s.id, *d))
            .collect();
        assert_eq!(order, vec![(1, 0), (2, 1), (3, 1), (5, 2), (4, 0)]);
    }
}
