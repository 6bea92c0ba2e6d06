//! Two dashboard panels: the trend by month (the four-way split of each month of the year up
//! to the as-of date, as a table and an SVG chart) and the units that have not reported
//! progress in the window. Kept apart from `dashboard` so other panels can grow beside them.

use chrono::{Datelike, NaiveDate};
use theodoi_core::access::Actor;
use theodoi_core::format::{date_vi, int_vi, percent_vi};
use theodoi_core::report::ReportParams;
use theodoi_core::status::Counts;
use theodoi_core::{DomainError, DomainResult};

use super::dashboard::Fig;
use super::{UnitNames, query};
use crate::service::{ReportRequest, Services};

/// One month of the trend.
pub struct TrendRow {
    /// `01/2023`
    pub month: String,
    pub tasks: Fig,
    pub completed: Fig,
    pub in_progress: Fig,
    pub overdue: Fig,
    pub rate: String,
    counts: Counts,
}

pub struct Trend {
    pub rows: Vec<TrendRow>,
    pub chart: String,
}

/// The trend for the year of `as_of`: each month's report as of its last day (or `as_of` for
/// the current month), with the same overdue-rate basis as the rest of the page.
pub async fn trend(s: &Services, actor: &Actor, page: &ReportParams) -> DomainResult<Trend> {
    let as_of = page.as_of;
    let basis = page.basis.as_str();
    let deadline_basis = page.deadline_basis.as_str();
    let mut months = Vec::new();
    for m in 1..=as_of.month() {
        let first = NaiveDate::from_ymd_opt(as_of.year(), m, 1)
            .ok_or_else(|| DomainError::Internal(format!("tháng {m} không hợp lệ")))?;
        let last = first
            .checked_add_months(chrono::Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(first);
        let day = last.min(as_of);
        let window = format!("month:{:04}-{m:02}", as_of.year());
        let params = s
            .report_params(&ReportRequest {
                window: window.clone(),
                as_of: Some(day.to_string()),
                basis: Some(basis.to_string()),
                deadline_basis: Some(deadline_basis.to_string()),
                ..Default::default()
            })
            .await?;
        months.push((m, day, window, params));
    }
    // Every month in one pass over the in-memory facts.
    let params: Vec<ReportParams> = months.iter().map(|m| m.3.clone()).collect();
    let reports = s.report_figures_many(actor, &params).await?;
    let mut rows = Vec::new();
    for ((m, day, window, _), report) in months.into_iter().zip(reports) {
        let c = report.totals.counts;
        let base = [
            ("window", window),
            ("as_of", day.to_string()),
            ("basis", basis.to_string()),
            ("deadline_basis", deadline_basis.to_string()),
        ];
        let fig = |n: i64, figure: &str| {
            let mut p = base.to_vec();
            p.push(("figure", figure.to_string()));
            Fig {
                text: int_vi(n),
                href: format!("/nhiem-vu?{}", query(&p)),
            }
        };
        rows.push(TrendRow {
            month: format!("{m:02}/{}", as_of.year()),
            tasks: fig(c.tasks, "all"),
            completed: fig(c.completed, "completed"),
            in_progress: fig(c.in_progress, "in_progress"),
            overdue: fig(c.overdue, "overdue"),
            rate: percent_vi(report.totals.overdue_rate),
            counts: c,
        });
    }
    let chart = chart(&rows, as_of);
    Ok(Trend { rows, chart })
}

/// A stacked bar per month (completed dark, in progress on time light, overdue hatched) so
/// it reads in greyscale and in print, with the month's total above each bar.
fn chart(rows: &[TrendRow], as_of: NaiveDate) -> String {
    let max = rows
        .iter()
        .map(|r| r.counts.tasks)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let (left, top, plot_h, col_w) = (10.0, 34.0, 160.0, 50.0);
    // Always twelve columns wide, so a year's first months are not drawn giant.
    let width = left * 2.0 + col_w * 12.0;
    let height = top + plot_h + 22.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart trend\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"trend-title\">\
         <title id=\"trend-title\">Nhiệm vụ theo tháng năm {}, tính đến {}</title>\
         <defs><pattern id=\"hatch-trend\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"5\" height=\"5\" fill=\"#c62828\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#000\" stroke-width=\"2\"/></pattern></defs>\
         <g font-size=\"10\" font-family=\"sans-serif\">\
         <rect x=\"{left}\" y=\"4\" width=\"10\" height=\"9\" fill=\"#1b4f72\"/><text x=\"{}\" y=\"12\">Hoàn thành</text>\
         <rect x=\"{}\" y=\"4\" width=\"10\" height=\"9\" fill=\"#aed6f1\" stroke=\"#555\" stroke-width=\"0.5\"/><text x=\"{}\" y=\"12\">Trong hạn</text>\
         <rect x=\"{}\" y=\"4\" width=\"10\" height=\"9\" fill=\"url(#hatch-trend)\"/><text x=\"{}\" y=\"12\">Quá hạn</text>",
        as_of.year(),
        date_vi(as_of),
        left + 13.0,
        left + 75.0,
        left + 88.0,
        left + 140.0,
        left + 153.0,
    );
    let base = top + plot_h;
    for (i, r) in rows.iter().enumerate() {
        let k = &r.counts;
        let x = left + col_w * i as f64 + 8.0;
        let bar = col_w - 16.0;
        let h = |n: i64| n as f64 / max * plot_h;
        let (h1, h2, h3) = (h(k.completed), h(k.in_progress_on_time), h(k.overdue));
        svg.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{h1:.1}\" fill=\"#1b4f72\"/>\
             <rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{h2:.1}\" fill=\"#aed6f1\" stroke=\"#555\" stroke-width=\"0.5\"/>\
             <rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{h3:.1}\" fill=\"url(#hatch-trend)\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            base - h1,
            base - h1 - h2,
            base - h1 - h2 - h3,
            x + bar / 2.0,
            base - h1 - h2 - h3 - 3.0,
            k.tasks,
            x + bar / 2.0,
            base + 14.0,
            &r.month[..2],
        ));
    }
    svg.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{base}\" x2=\"{:.1}\" y2=\"{base}\" stroke=\"#333\"/></g></svg>",
        width - left
    ));
    svg
}

/// A unit that owes progress reports, for display.
pub struct SilentLine {
    pub name: String,
    pub without_report: String,
    pub open_tasks: String,
    /// No open task of the unit had a report in the window.
    pub none_at_all: bool,
    pub href: String,
}

/// Lead units of open tasks with no progress report dated in `from..=as_of` (a unit's people
/// see their own subtree only).
pub async fn silent_units(
    s: &Services,
    actor: &Actor,
    from: NaiveDate,
    as_of: NaiveDate,
    window: &str,
    names: &UnitNames,
) -> DomainResult<Vec<SilentLine>> {
    actor.require_reports()?;
    let scope: Option<Vec<_>> =
        (!actor.sees_everything()).then(|| actor.scope.iter().copied().collect());
    let units = s
        .store
        .units_without_progress(from, as_of, scope.as_deref())
        .await?;
    Ok(units
        .into_iter()
        .map(|u| SilentLine {
            name: names.name(u.unit_id),
            without_report: int_vi(u.without_report),
            open_tasks: int_vi(u.open_tasks),
            none_at_all: u.without_report == u.open_tasks,
            href: format!(
                "/nhiem-vu?{}",
                query(&[
                    ("window", window.to_string()),
                    ("as_of", as_of.to_string()),
                    ("figure", "in_progress".to_string()),
                    ("unit", u.unit_id.0.to_string()),
                ])
            ),
        })
        .collect())
}
