//! The dashboard (tổng quan): the report's four-way split and overdue rate for a window and
//! as-of date, the per-unit table (sortable) and chart, and the due-soon and overdue lists.
//! Every figure links to the task list behind it.

use askama::Template;
use axum::extract::{Query, State};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use theodoi_core::DomainError;
use theodoi_core::format::{date_vi, int_vi, percent_vi};
use theodoi_core::report::{Report, UnitRow};
use theodoi_store::{TaskFilter, TaskSort, Timeframe};

use super::{TaskLine, UnitNames, query};
use crate::service::ReportRequest;
use crate::web::auth::Page;
use crate::web::form::{Errors, parse_date};
use crate::web::render::html;
use crate::web::{Chrome, PageResult, Web};

#[derive(Debug, Default, Deserialize)]
pub struct DashQuery {
    #[serde(default)]
    window: Option<String>,
    #[serde(default)]
    as_of: Option<String>,
    #[serde(default)]
    basis: Option<String>,
    /// `original`: count against the original deadlines, ignoring approved extensions.
    #[serde(default)]
    deadline_basis: Option<String>,
    #[serde(default)]
    sort: Option<String>,
    #[serde(default)]
    dir: Option<String>,
}

/// A figure on the page: its text and the list it opens.
pub struct Fig {
    pub text: String,
    pub href: String,
}

pub struct UnitLine {
    pub name: String,
    pub tasks: Fig,
    pub completed: Fig,
    pub in_progress: Fig,
    pub overdue: Fig,
    pub rate: String,
}

pub struct SortLink {
    pub key: &'static str,
    pub label: &'static str,
    pub href: String,
    pub mark: &'static str,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    c: Chrome,
    errors: Errors,
    window: String,
    as_of: String,
    basis: String,
    deadline_basis: String,
    period: String,
    tasks: Fig,
    completed: Fig,
    completed_on_time: Fig,
    completed_late: Fig,
    in_progress: Fig,
    in_progress_on_time: Fig,
    overdue: Fig,
    awaiting: Fig,
    rate: String,
    basis_description: String,
    narrative: String,
    sort_links: Vec<SortLink>,
    units: Vec<UnitLine>,
    chart: String,
    due_soon: Vec<TaskLine>,
    overdue_list: Vec<TaskLine>,
    due_soon_days: i64,
    figures: super::figures::dashboard::FigurePanels,
    trend: super::dashboard_trend::Trend,
    silent: Vec<super::dashboard_trend::SilentLine>,
}

/// `month:YYYY-MM` of a date.
fn month_of(d: NaiveDate) -> String {
    format!("month:{:04}-{:02}", d.year(), d.month())
}

pub async fn show(State(web): State<Web>, page: Page, Query(q): Query<DashQuery>) -> PageResult {
    let s = &web.s;
    let today = s.today().await?;
    let mut errors = Errors::default();
    let window = q
        .window
        .clone()
        .filter(|w| !w.trim().is_empty())
        .unwrap_or_else(|| month_of(today));
    let as_of = match parse_date("as_of", q.as_of.as_deref().unwrap_or("")) {
        Ok(d) => d,
        Err(e) => {
            errors.fields.push(e);
            None
        }
    };
    let request = ReportRequest {
        window: window.clone(),
        as_of: as_of.map(|d| d.to_string()),
        basis: q.basis.clone().filter(|b| !b.is_empty()),
        deadline_basis: q.deadline_basis.clone().filter(|b| !b.is_empty()),
        ..Default::default()
    };
    let params = match s.report_params(&request).await {
        Ok(p) => p,
        Err(DomainError::Invalid(f)) => {
            errors.fields.extend(f);
            s.report_params(&ReportRequest {
                window: month_of(today),
                ..Default::default()
            })
            .await?
        }
        Err(e) => return Err(e.into()),
    };
    // The dashboard shows the split, the units and the narrative: the figures without the
    // report's breakdowns by leader, field and document (those are on /bao-cao).
    let report = s.report_figures(&page.actor, &params).await?;
    let units = UnitNames::new(&s.store.units().await?);
    let base = vec![
        ("window", window.clone()),
        ("as_of", params.as_of.to_string()),
        ("basis", params.basis.as_str().to_string()),
        ("deadline_basis", params.deadline_basis.as_str().to_string()),
    ];
    let link = |figure: &str, unit: Option<i64>| {
        let mut p = base.clone();
        p.push(("figure", figure.to_string()));
        if let Some(u) = unit {
            p.push(("unit", u.to_string()));
        }
        format!("/nhiem-vu?{}", query(&p))
    };
    let fig = |n: i64, figure: &str, unit: Option<i64>| Fig {
        text: int_vi(n),
        href: link(figure, unit),
    };
    let c = &report.totals.counts;

    let sort = q.sort.clone().unwrap_or_else(|| "order".into());
    let desc = q.dir.as_deref() == Some("desc");
    let mut rows: Vec<&UnitRow> = report
        .units
        .iter()
        .filter(|u| u.figures.counts.tasks > 0)
        .collect();
    sort_rows(&mut rows, &sort, desc);
    let unit_lines = rows
        .iter()
        .map(|u| {
            let id = Some(u.unit_id.0);
            let k = &u.figures.counts;
            UnitLine {
                name: u.unit.clone(),
                tasks: fig(k.tasks, "all", id),
                completed: fig(k.completed, "completed", id),
                in_progress: fig(k.in_progress, "in_progress", id),
                overdue: fig(k.overdue, "overdue", id),
                rate: percent_vi(u.figures.overdue_rate),
            }
        })
        .collect();
    let sort_links = [
        ("order", "dash.unit"),
        ("tasks", "dash.tasks"),
        ("completed", "dash.completed"),
        ("in_progress", "dash.in_progress"),
        ("overdue", "dash.overdue"),
        ("rate", "dash.overdue_rate"),
    ]
    .into_iter()
    .map(|(key, label)| {
        // A click sorts by the column, largest first; a second click reverses.
        let next_desc = if sort == key { !desc } else { key != "order" };
        let mut p = base.clone();
        p.push(("sort", key.to_string()));
        p.push(("dir", if next_desc { "desc" } else { "asc" }.to_string()));
        SortLink {
            key,
            label: page.tr().t(label),
            href: format!("/tong-quan?{}", query(&p)),
            mark: if sort == key {
                if desc { " ▼" } else { " ▲" }
            } else {
                ""
            },
        }
    })
    .collect();

    let due_soon_days = s.due_soon_days().await?;
    let list = |tf: Timeframe| TaskFilter {
        visible_to_units: (!page.actor.sees_everything())
            .then(|| page.actor.scope.iter().copied().collect()),
        timeframe: Some(tf),
        today: Some(params.as_of),
        due_soon_days,
        sort: TaskSort::Deadline,
        limit: 15,
        // Fifteen lines each; counting every open task behind them costs a scan at 1M.
        skip_count: true,
        ..Default::default()
    };
    let due_soon = s
        .store
        .tasks(&list(Timeframe::DueSoon))
        .await?
        .tasks
        .iter()
        .map(|r| TaskLine::new(&r.task, &page.actor, &units, params.as_of))
        .collect();
    let overdue_list = s
        .store
        .tasks(&list(Timeframe::Overdue))
        .await?
        .tasks
        .iter()
        .map(|r| TaskLine::new(&r.task, &page.actor, &units, params.as_of))
        .collect();

    let trend = super::dashboard_trend::trend(s, &page.actor, &params).await?;
    let silent = super::dashboard_trend::silent_units(
        s,
        &page.actor,
        report.window.from,
        params.as_of,
        &window,
        &units,
    )
    .await?;
    html(&DashboardPage {
        c: page.chrome("dashboard"),
        errors,
        window,
        as_of: date_vi(params.as_of),
        basis: params.basis.as_str().to_string(),
        deadline_basis: params.deadline_basis.as_str().to_string(),
        period: format!(
            "{} – {}",
            date_vi(report.window.from),
            date_vi(report.window.to)
        ),
        tasks: fig(c.tasks, "all", None),
        completed: fig(c.completed, "completed", None),
        completed_on_time: fig(c.completed_on_time, "completed_on_time", None),
        completed_late: fig(c.completed_late, "completed_late", None),
        in_progress: fig(c.in_progress, "in_progress", None),
        in_progress_on_time: fig(c.in_progress_on_time, "in_progress_on_time", None),
        overdue: fig(c.overdue, "overdue", None),
        awaiting: fig(report.totals.awaiting_confirmation, "awaiting", None),
        rate: percent_vi(report.totals.overdue_rate),
        basis_description: report.basis_description.to_string(),
        narrative: report.narrative.clone(),
        sort_links,
        units: unit_lines,
        chart: chart(&report, &rows),
        due_soon,
        overdue_list,
        due_soon_days,
        figures: super::figures::dashboard::panels(s, &page.actor, params.as_of).await?,
        trend,
        silent,
    })
}

fn sort_rows(rows: &mut [&UnitRow], key: &str, desc: bool) {
    let rate = |u: &UnitRow| (u.figures.overdue_rate * 1e6) as i64;
    match key {
        "tasks" => rows.sort_by_key(|u| u.figures.counts.tasks),
        "completed" => rows.sort_by_key(|u| u.figures.counts.completed),
        "in_progress" => rows.sort_by_key(|u| u.figures.counts.in_progress),
        "overdue" => rows.sort_by_key(|u| u.figures.counts.overdue),
        "rate" => rows.sort_by_key(|u| rate(u)),
        _ => {}
    }
    if desc {
        rows.reverse();
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal stacked bar per unit: completed, in progress on time, overdue (hatched, so
/// the chart reads in greyscale and in print). Drawn here as SVG; no script.
fn chart(report: &Report, rows: &[&UnitRow]) -> String {
    let rows: Vec<&&UnitRow> = rows.iter().take(40).collect();
    let max = rows
        .iter()
        .map(|u| u.figures.counts.tasks)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let (label_w, bar_w, row_h, top) = (190.0, 380.0, 18.0, 30.0);
    let height = top + row_h * rows.len() as f64 + 10.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 640 {height}\" role=\"img\" aria-labelledby=\"chart-title\">\
         <title id=\"chart-title\">Nhiệm vụ theo đơn vị chủ trì, tính đến {}</title>\
         <defs><pattern id=\"hatch\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"5\" height=\"5\" fill=\"#c62828\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#000\" stroke-width=\"2\"/></pattern></defs>\
         <g font-size=\"11\" font-family=\"sans-serif\">\
         <rect x=\"{label_w}\" y=\"6\" width=\"12\" height=\"10\" fill=\"#1b4f72\"/><text x=\"{}\" y=\"15\">Đã hoàn thành</text>\
         <rect x=\"{}\" y=\"6\" width=\"12\" height=\"10\" fill=\"#aed6f1\" stroke=\"#555\" stroke-width=\"0.5\"/><text x=\"{}\" y=\"15\">Đang thực hiện trong hạn</text>\
         <rect x=\"{}\" y=\"6\" width=\"12\" height=\"10\" fill=\"url(#hatch)\"/><text x=\"{}\" y=\"15\">Quá hạn</text>",
        date_vi(report.as_of),
        label_w + 16.0,
        label_w + 110.0,
        label_w + 126.0,
        label_w + 270.0,
        label_w + 286.0,
    );
    for (i, u) in rows.iter().enumerate() {
        let k = &u.figures.counts;
        let y = top + row_h * i as f64;
        let scale = bar_w / max;
        let w1 = k.completed as f64 * scale;
        let w2 = k.in_progress_on_time as f64 * scale;
        let w3 = k.overdue as f64 * scale;
        let name: String = if u.short_name.is_empty() {
            u.unit.clone()
        } else {
            u.short_name.clone()
        };
        let name: String = name.chars().take(30).collect();
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_w}\" y=\"{}\" width=\"{w1:.1}\" height=\"12\" fill=\"#1b4f72\"/>\
             <rect x=\"{:.1}\" y=\"{}\" width=\"{w2:.1}\" height=\"12\" fill=\"#aed6f1\"/>\
             <rect x=\"{:.1}\" y=\"{}\" width=\"{w3:.1}\" height=\"12\" fill=\"url(#hatch)\"/>\
             <text x=\"{:.1}\" y=\"{}\">{} ({} quá hạn)</text>",
            label_w - 6.0,
            y + 10.0,
            xml_escape(&name),
            y,
            label_w + w1,
            y,
            label_w + w1 + w2,
            y,
            label_w + w1 + w2 + w3 + 4.0,
            y + 10.0,
            k.tasks,
            k.overdue,
        ));
    }
    svg.push_str("</g></svg>");
    svg
}
