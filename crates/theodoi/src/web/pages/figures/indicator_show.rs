//! One indicator (`/chi-tieu/{code}`): its targets by unit and period, the revisions of a
//! unit's value, the tasks meant to move it (linked by those who keep the register), and its
//! chart over periods against the target.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use theodoi_core::format::{date_vi, decimal_vi};
use theodoi_core::indicator::Period;

use super::charts::indicator_chart;
use super::indicators::urlencoding;
use super::{val, values};
use crate::web::auth::Page;
use crate::web::form::Errors;
use crate::web::render::html_status;
use crate::web::{Chrome, PageResult, Web};

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
    errors: Errors,
    task_typed: String,
    keeps_register: bool,
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
    render(&web, &page, &code, q, Errors::default(), String::new()).await
}

/// Links a task to the indicator (`task` = the task's number, with or without `#`).
pub async fn link_task(
    State(web): State<Web>,
    page: Page,
    Path(code): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> PageResult {
    let v = values(f);
    let typed = val(&v, "task");
    let q = ShowQuery {
        unit: val(&v, "unit"),
        period: val(&v, "period"),
    };
    let Ok(task) = typed.trim().trim_start_matches('#').parse::<i64>() else {
        let mut e = Errors::default();
        e.add(
            "task",
            format!("số nhiệm vụ '{}' không hợp lệ (ví dụ 125)", typed.trim()),
        );
        return render(&web, &page, &code, q, e, typed).await;
    };
    match web.s.link_indicator_task(&page.actor, &code, task).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/chi-tieu/{}?{}",
            urlencoding(&code),
            crate::web::pages::query(&[("unit", q.unit), ("period", q.period)])
        ))
        .into_response()),
        Err(err) => {
            let mut e = Errors::from_error(err)?;
            for f in &mut e.fields {
                f.field = "task".into();
            }
            render(&web, &page, &code, q, e, typed).await
        }
    }
}

async fn render(
    web: &Web,
    page: &Page,
    code: &str,
    q: ShowQuery,
    errors: Errors,
    task_typed: String,
) -> PageResult {
    let s = &web.s;
    let detail = s.indicator_detail(&page.actor, code).await?;
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
    let status = errors.status();
    html_status(
        status,
        &ShowPage {
            c: page.chrome("indicators"),
            errors,
            task_typed,
            keeps_register: choices.keeps_register,
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
        },
    )
}
