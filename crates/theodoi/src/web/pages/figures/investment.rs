//! Public investment of a year as of a date (`/dau-tu-cong`): the plan as a tree of funding
//! sources with plan, disbursed and rate; the rate against the Prime Minister's plan where
//! given; the same date last year; the milestones with flags on those behind; investors
//! ranked by rate; the cumulative curve against last year's.

use askama::Template;
use axum::extract::{Query, State};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use theodoi_core::format::{date_vi, decimal_vi};
use theodoi_core::investment::money_vi;

use super::charts::curve_chart;
use super::{Opt, unit_opts};
use crate::service::investment::InvestmentDetail;
use crate::web::auth::Page;
use crate::web::form::{Errors, parse_date};
use crate::web::render::html;
use crate::web::{Chrome, PageResult, Web};

#[derive(Debug, Default, Deserialize)]
pub struct InvestQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    as_of: String,
    #[serde(default)]
    unit: String,
}

/// `3,73%`
pub fn rate_vi(rate: f64) -> String {
    format!("{}%", decimal_vi(rate * 100.0, 2))
}

pub struct Row {
    pub name: String,
    pub indent: String,
    pub plan: String,
    pub disbursed: String,
    pub rate: String,
}

pub struct MilestoneRow {
    pub date: String,
    pub target: String,
    /// `met`, `behind` or `due`.
    pub status: String,
    pub shortfall: String,
}

#[derive(Template)]
#[template(path = "investment.html")]
struct InvestPage {
    c: Chrome,
    errors: Errors,
    year: i32,
    as_of: String,
    unit: String,
    units: Vec<Opt>,
    unit_name: String,
    plan: String,
    disbursed: String,
    rate: String,
    pm: Option<(String, String)>,
    last_year: String,
    last_year_as_of: String,
    last_year_plan: String,
    last_year_disbursed: String,
    last_year_rate: String,
    sources: Vec<Row>,
    milestones: Vec<MilestoneRow>,
    behind: usize,
    investors: Vec<Row>,
    chart: String,
    can_enter: bool,
}

pub fn milestone_rows(d: &InvestmentDetail) -> Vec<MilestoneRow> {
    d.milestones
        .iter()
        .map(|m| MilestoneRow {
            date: date_vi(m.date),
            target: format!("{}%", decimal_vi(m.target_rate * 100.0, 0)),
            status: m.status.clone(),
            shortfall: if m.shortfall > 0 {
                money_vi(m.shortfall)
            } else {
                String::new()
            },
        })
        .collect()
}

pub async fn show(State(web): State<Web>, page: Page, Query(q): Query<InvestQuery>) -> PageResult {
    let s = &web.s;
    let today = s.today().await?;
    let mut errors = Errors::default();
    let year = match q.year.trim() {
        "" => None,
        y => y
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .or_else(|| {
                errors.add("year", format!("năm '{y}' không hợp lệ"));
                None
            }),
    };
    let as_of = parse_date("as_of", &q.as_of).unwrap_or_else(|e| {
        errors.fields.push(e);
        None
    });
    // A year asked without a date is shown as of today within it, or as of its last day.
    let (year, as_of) = match (year, as_of) {
        (Some(y), Some(d)) => (y, d),
        (None, Some(d)) => (d.year(), d),
        (Some(y), None) if y == today.year() => (y, today),
        (Some(y), None) => (y, NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(today)),
        (None, None) => (today.year(), today),
    };
    let unit = match q.unit.trim() {
        "" => None,
        u => u.parse::<i64>().ok().or_else(|| {
            errors.add("unit", format!("đơn vị '{u}' không hợp lệ"));
            None
        }),
    };
    let d = s.investment_detail(&page.actor, year, as_of, unit).await?;
    let choices = s.figure_choices(&page.actor).await?;
    let sm = &d.summary;
    let milestones = milestone_rows(&d);
    // Last year's whole curve, to compare with this year's so far.
    let last_end = NaiveDate::from_ymd_opt(year - 1, 12, 31).unwrap_or(as_of);
    let last = s
        .investment_detail(&page.actor, year - 1, last_end, unit)
        .await?;
    // Each curve starts from nothing on 1 January.
    let points = |d: &InvestmentDetail| -> Vec<(NaiveDate, f64)> {
        let start = NaiveDate::from_ymd_opt(d.summary.year, 1, 1);
        start
            .map(|s| (s, 0.0))
            .into_iter()
            .chain(d.curve.iter().map(|p| (p.date, p.rate)))
            .collect()
    };
    let chart = curve_chart(
        year,
        &points(&d),
        &points(&last),
        &d.milestones
            .iter()
            .map(|m| (m.date, m.target_rate))
            .collect::<Vec<_>>(),
    );
    html(&InvestPage {
        c: page.chrome("investment"),
        errors,
        year,
        as_of: date_vi(as_of),
        unit: unit.map(|u| u.to_string()).unwrap_or_default(),
        units: unit_opts(&choices.all_units),
        unit_name: d.unit.clone().unwrap_or_default(),
        plan: money_vi(sm.plan),
        disbursed: money_vi(sm.disbursed),
        rate: rate_vi(sm.rate),
        pm: d
            .pm_plan
            .zip(d.rate_vs_pm)
            .map(|(p, r)| (money_vi(p), rate_vi(r))),
        last_year: (year - 1).to_string(),
        last_year_as_of: date_vi(d.last_year_as_of),
        last_year_plan: money_vi(d.last_year.plan),
        last_year_disbursed: money_vi(d.last_year.disbursed),
        last_year_rate: rate_vi(d.last_year.rate),
        sources: sm
            .sources
            .iter()
            .map(|x| Row {
                name: x.name.clone(),
                indent: "— ".repeat(x.depth),
                plan: money_vi(x.plan),
                disbursed: money_vi(x.disbursed),
                rate: rate_vi(x.rate),
            })
            .collect(),
        behind: milestones.iter().filter(|m| m.status == "behind").count(),
        milestones,
        investors: d
            .investors
            .iter()
            .map(|x| Row {
                name: x.investor.clone(),
                indent: String::new(),
                plan: money_vi(x.plan),
                disbursed: money_vi(x.disbursed),
                rate: rate_vi(x.rate),
            })
            .collect(),
        chart,
        can_enter: !choices.entry_units.is_empty(),
    })
}
