//! The two panels the dashboard gains: indicators ("13/13 chỉ tiêu đạt và vượt", per
//! locality) and public investment (disbursement rate as of the dashboard's date, with the
//! milestone flag). Computed here so the dashboard adds one field and one include.

use chrono::{Datelike, NaiveDate};
use theodoi_core::access::Actor;
use theodoi_core::format::date_vi;
use theodoi_core::indicator::{Period, Verdict};
use theodoi_core::investment::money_vi;
use theodoi_core::{DomainError, DomainResult};

use super::investment::{milestone_rows, rate_vi};
use crate::service::Services;
use crate::web::pages::query;

pub struct LocalityCount {
    pub name: String,
    pub count: String,
    pub href: String,
}

pub struct IndicatorPanel {
    pub period_label: String,
    pub count: String,
    pub headline: String,
    pub not_reported: usize,
    pub href: String,
    pub localities: Vec<LocalityCount>,
}

pub struct InvestmentPanel {
    pub year: i32,
    pub as_of: String,
    pub plan: String,
    pub disbursed: String,
    pub rate: String,
    /// The milestones passed and missed, e.g. "60% đến 31/08/2024".
    pub behind: Vec<String>,
    /// The next milestone ahead, e.g. "60% đến 31/08/2024".
    pub next: String,
    pub href: String,
}

#[derive(Default)]
pub struct FigurePanels {
    pub indicators: Option<IndicatorPanel>,
    pub investment: Option<InvestmentPanel>,
}

/// The panels as of the dashboard's date; none for someone who may not see figures.
pub async fn panels(s: &Services, actor: &Actor, as_of: NaiveDate) -> DomainResult<FigurePanels> {
    match build(s, actor, as_of).await {
        Err(DomainError::Forbidden(_)) => Ok(FigurePanels::default()),
        other => other,
    }
}

async fn build(s: &Services, actor: &Actor, as_of: NaiveDate) -> DomainResult<FigurePanels> {
    let mut out = FigurePanels::default();
    // The year of the date; early in a year its targets may not be set yet: then last year's.
    for year in [as_of.year(), as_of.year() - 1] {
        let period = Period::Year(year);
        let sm = s.indicator_summary(actor, period, None).await?;
        if sm.total == 0 {
            continue;
        }
        // (met, total, not reported) per unit holding targets.
        let mut per: std::collections::BTreeMap<(String, i64), (usize, usize, usize)> =
            Default::default();
        for l in &sm.indicators {
            let e = per.entry((l.unit.clone(), l.unit_id)).or_default();
            e.1 += 1;
            if l.verdict.is_some_and(Verdict::is_met) {
                e.0 += 1;
            }
            if l.value.is_none() {
                e.2 += 1;
            }
        }
        out.indicators = Some(IndicatorPanel {
            period_label: period.label(),
            count: format!("{}/{}", sm.exceeded + sm.achieved, sm.total),
            headline: sm.headline(),
            not_reported: sm.not_reported().len(),
            href: format!("/chi-tieu?period={year}"),
            localities: per
                .into_iter()
                .map(|((name, id), (met, total, missing))| LocalityCount {
                    name,
                    count: if missing > 0 {
                        format!("{met}/{total} ({missing} chưa báo cáo)")
                    } else {
                        format!("{met}/{total}")
                    },
                    href: format!(
                        "/chi-tieu?{}",
                        query(&[("period", year.to_string()), ("unit", id.to_string())])
                    ),
                })
                .collect(),
        });
        break;
    }
    let d = s
        .investment_detail(actor, as_of.year(), as_of, None)
        .await?;
    if d.summary.plan > 0 {
        let rows = milestone_rows(&d);
        let label = |m: &crate::web::pages::figures::investment::MilestoneRow| {
            format!("{} đến {}", m.target, m.date)
        };
        out.investment = Some(InvestmentPanel {
            year: d.summary.year,
            as_of: date_vi(as_of),
            plan: money_vi(d.summary.plan),
            disbursed: money_vi(d.summary.disbursed),
            rate: rate_vi(d.summary.rate),
            behind: rows
                .iter()
                .filter(|m| m.status == "behind")
                .map(label)
                .collect(),
            next: rows
                .iter()
                .find(|m| m.status == "due")
                .map(label)
                .unwrap_or_default(),
            href: format!(
                "/dau-tu-cong?{}",
                query(&[
                    ("year", d.summary.year.to_string()),
                    ("as_of", date_vi(as_of))
                ])
            ),
        });
    }
    Ok(out)
}
