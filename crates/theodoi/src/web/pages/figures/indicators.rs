//! The indicators of a period (`/chi-tieu`): targets, latest value and its quality,
//! verdict, the "X/Y chỉ tiêu đạt và vượt" overall, per locality and per responsible unit,
//! and what is not yet reported.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use chrono::Datelike;
use serde::Deserialize;
use theodoi_core::indicator::{Period, Verdict};

use super::{Opt, unit_opts};
use crate::service::indicators::{IndicatorLine, IndicatorSummary};
use crate::web::auth::Page;
use crate::web::form::Errors;
use crate::web::render::html;
use crate::web::{Chrome, PageResult, Web};

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    period: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    responsible: String,
}

/// "đạt và vượt" of a group of lines.
pub struct GroupCount {
    pub name: String,
    pub href: String,
    pub met: usize,
    pub total: usize,
    pub not_reported: usize,
}

pub struct Line {
    pub code: String,
    pub name: String,
    pub href: String,
    pub unit: String,
    pub target: String,
    pub value: String,
    pub quality: String,
    pub verdict: String,
    /// `exceeded`, `achieved`, `not_achieved` or `none` (a CSS class and a test hook).
    pub verdict_code: &'static str,
}

#[derive(Template)]
#[template(path = "indicators.html")]
struct ListPage {
    c: Chrome,
    errors: Errors,
    period: String,
    period_label: String,
    unit: String,
    responsible: String,
    units: Vec<Opt>,
    headline: String,
    summary: IndicatorSummary,
    lines: Vec<Line>,
    not_reported: Vec<Line>,
    by_locality: Vec<GroupCount>,
    by_responsible: Vec<GroupCount>,
    can_enter: bool,
}

fn verdict_code(v: Option<Verdict>) -> &'static str {
    match v {
        Some(Verdict::Exceeded) => "exceeded",
        Some(Verdict::Achieved) => "achieved",
        Some(Verdict::NotAchieved) => "not_achieved",
        None => "none",
    }
}

fn line(l: &IndicatorLine, period: &str) -> Line {
    Line {
        code: l.code.clone(),
        name: l.name.clone(),
        href: format!(
            "/chi-tieu/{}?{}",
            urlencoding(&l.code),
            super::super::query(&[("unit", l.unit_id.to_string()), ("period", period.into())])
        ),
        unit: l.unit.clone(),
        target: l.target.clone(),
        value: l.value_text.clone().unwrap_or_default(),
        quality: l.quality.map(|q| q.label().to_string()).unwrap_or_else(|| {
            if l.aggregated {
                "tổng hợp từ đơn vị cấp dưới".into()
            } else {
                String::new()
            }
        }),
        verdict: l.verdict_label.clone(),
        verdict_code: verdict_code(l.verdict),
    }
}

pub fn urlencoding(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)])
        .map(|q| q.trim_start_matches("x=").to_string())
        .unwrap_or_default()
}

fn groups(
    lines: &[IndicatorLine],
    key: impl Fn(&IndicatorLine) -> Option<(i64, String)>,
    href: impl Fn(i64) -> String,
) -> Vec<GroupCount> {
    let mut map: BTreeMap<(String, i64), GroupCount> = BTreeMap::new();
    for l in lines {
        let Some((id, name)) = key(l) else { continue };
        let g = map.entry((name.clone(), id)).or_insert_with(|| GroupCount {
            name,
            href: href(id),
            met: 0,
            total: 0,
            not_reported: 0,
        });
        g.total += 1;
        if l.verdict.is_some_and(Verdict::is_met) {
            g.met += 1;
        }
        if l.value.is_none() {
            g.not_reported += 1;
        }
    }
    map.into_values().collect()
}

pub async fn list(State(web): State<Web>, page: Page, Query(q): Query<ListQuery>) -> PageResult {
    let s = &web.s;
    let mut errors = Errors::default();
    let default_period = Period::Year(s.today().await?.year());
    let period = if q.period.trim().is_empty() {
        default_period
    } else {
        Period::parse(&q.period).unwrap_or_else(|e| {
            errors.add("period", e.to_string());
            default_period
        })
    };
    let id = |v: &str, field: &str, errors: &mut Errors| -> Option<i64> {
        let v = v.trim();
        if v.is_empty() {
            return None;
        }
        v.parse().ok().or_else(|| {
            errors.add(field, format!("đơn vị '{v}' không hợp lệ"));
            None
        })
    };
    let unit = id(&q.unit, "unit", &mut errors);
    let responsible = id(&q.responsible, "responsible", &mut errors);
    let mut summary = s.indicator_summary(&page.actor, period, unit).await?;
    if let Some(r) = responsible {
        summary.retain(|l| l.responsible_unit_id == Some(r));
    }
    let choices = s.figure_choices(&page.actor).await?;
    let code = period.code();
    let units = &choices.all_units;
    let name = |id: i64| {
        units
            .iter()
            .find(|u| u.id.0 == id)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    };
    let filter_href = |k: &str, id: i64| {
        format!(
            "/chi-tieu?{}",
            super::super::query(&[("period", code.clone()), (k, id.to_string())])
        )
    };
    let by_locality = groups(
        &summary.indicators,
        |l| Some((l.unit_id, l.unit.clone())),
        |id| filter_href("unit", id),
    );
    let by_responsible = groups(
        &summary.indicators,
        |l| l.responsible_unit_id.map(|r| (r, name(r))),
        |id| filter_href("responsible", id),
    );
    let lines: Vec<Line> = summary.indicators.iter().map(|l| line(l, &code)).collect();
    let not_reported = summary
        .not_reported()
        .into_iter()
        .map(|l| line(l, &code))
        .collect();
    let headline = summary.headline();
    html(&ListPage {
        c: page.chrome("indicators"),
        errors,
        period_label: period.label(),
        period: code,
        unit: unit.map(|u| u.to_string()).unwrap_or_default(),
        responsible: responsible.map(|u| u.to_string()).unwrap_or_default(),
        units: unit_opts(units),
        headline,
        lines,
        not_reported,
        by_locality,
        by_responsible,
        can_enter: !choices.entry_units.is_empty(),
        summary,
    })
}
