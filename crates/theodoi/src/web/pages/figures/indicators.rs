//! The indicators of a period (`/chi-tieu`): targets, latest value and its quality,
//! verdict, the "X/Y chỉ tiêu đạt và vượt" overall, per locality and per responsible unit,
//! and what is not yet reported; and one indicator (`/chi-tieu/{code}`) with its targets,
//! revisions, linked tasks and its chart over periods.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use chrono::Datelike;
use serde::Deserialize;
use theodoi_core::format::{date_vi, decimal_vi};
use theodoi_core::indicator::{Period, Verdict};

use super::charts::indicator_chart;
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

fn urlencoding(s: &str) -> String {
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

#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    period: String,
}

pub struct Revision {
    pub number: usize,
    pub value: String,
    pub quality: String,
    pub source: String,
    pub reported_on: String,
}

pub struct TaskRow {
    pub id: i64,
    pub content: String,
    pub state: String,
}

pub struct TargetRow {
    pub unit: String,
    pub period: String,
    pub target: String,
    pub decision: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "indicator.html")]
struct ShowPage {
    c: Chrome,
    code: String,
    name: String,
    uom: String,
    direction: String,
    aggregation: String,
    responsible: String,
    decision: String,
    unit_name: String,
    unit: String,
    period: String,
    period_label: String,
    targets: Vec<TargetRow>,
    chart: String,
    revisions: Vec<Revision>,
    tasks: Vec<TaskRow>,
    hidden_tasks: usize,
    can_enter: bool,
}

pub async fn show(
    State(web): State<Web>,
    page: Page,
    Path(code): Path<String>,
    Query(q): Query<ShowQuery>,
) -> PageResult {
    let s = &web.s;
    let detail = s.indicator_detail(&page.actor, &code).await?;
    let ind = &detail.indicator;
    // The unit whose figures are drawn: the one asked for, else the first with a target.
    let unit = q
        .unit
        .trim()
        .parse::<i64>()
        .ok()
        .or_else(|| detail.targets.first().map(|t| t.unit_id));
    let mut chart = String::new();
    let mut revisions = Vec::new();
    let mut period = Period::parse(&q.period).ok();
    let mut unit_name = String::new();
    if let Some(u) = unit {
        let series = s.indicator_series(&page.actor, &ind.code, u).await?;
        unit_name = s
            .store
            .units()
            .await?
            .iter()
            .find(|x| x.id.0 == u)
            .map(|x| x.name.clone())
            .unwrap_or_default();
        if period.is_none() {
            period = series
                .iter()
                .rev()
                .find(|p| p.value.is_some())
                .or(series.last())
                .and_then(|p| Period::parse(&p.period).ok());
        }
        if !series.is_empty() {
            chart = indicator_chart(
                &format!("{} — {unit_name}", ind.name),
                &ind.unit_of_measure,
                ind.decimals,
                &series,
            );
        }
        if let Some(p) = period {
            revisions = s
                .indicator_value_history(&page.actor, &ind.code, u, p)
                .await?
                .into_iter()
                .enumerate()
                .map(|(i, v)| Revision {
                    number: i + 1,
                    value: decimal_vi(v.value, ind.decimals as usize),
                    quality: v.quality.label().to_string(),
                    source: v.source,
                    reported_on: date_vi(v.reported_on),
                })
                .collect();
        }
    }
    let choices = s.figure_choices(&page.actor).await?;
    let targets = detail
        .targets
        .iter()
        .map(|t| TargetRow {
            unit: t.unit.clone(),
            period: t.period.label(),
            target: t.target.clone(),
            decision: t.decision.clone(),
            href: format!(
                "/chi-tieu/{}?{}",
                urlencoding(&ind.code),
                super::super::query(&[
                    ("unit", t.unit_id.to_string()),
                    ("period", t.period.code())
                ])
            ),
        })
        .collect();
    let tasks = detail
        .tasks
        .iter()
        .map(|t| TaskRow {
            id: t.id.0,
            content: super::super::visible_content(t, &page.actor),
            state: t.state.label().to_string(),
        })
        .collect();
    html(&ShowPage {
        c: page.chrome("indicators"),
        code: ind.code.clone(),
        name: ind.name.clone(),
        uom: ind.unit_of_measure.clone(),
        direction: ind.direction.label().to_string(),
        aggregation: ind.aggregation.label().to_string(),
        responsible: detail.responsible.clone().unwrap_or_default(),
        decision: ind.decision.clone(),
        unit_name,
        unit: unit.map(|u| u.to_string()).unwrap_or_default(),
        period: period.map(|p| p.code()).unwrap_or_default(),
        period_label: period.map(|p| p.label()).unwrap_or_default(),
        targets,
        chart,
        revisions,
        tasks,
        hidden_tasks: detail.hidden_tasks,
        can_enter: unit.is_some_and(|u| choices.entry_units.iter().any(|x| x.id.0 == u)),
    })
}
