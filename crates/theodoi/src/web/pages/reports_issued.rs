//! Issued reports in the web: the office issues the report on the page under a number
//! (`15/BC-VP`); the list of issued reports; one issued report with its frozen figures and
//! what has changed since when it is computed again from the same parameters.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use serde_json::Value;
use theodoi_core::format::{int_vi, percent_vi};

use super::report_form::ReportQuery;
use super::reports::render;
use crate::service::ReportChange;
use crate::web::auth::Page;
use crate::web::form::Errors;
use crate::web::render::html;
use crate::web::{Chrome, PageResult, Web};

#[derive(Debug, Deserialize)]
pub struct IssueForm {
    #[serde(flatten)]
    q: ReportQuery,
    #[serde(default)]
    number: String,
}

/// Issues the report the page shows; a refused number comes back on the page as typed.
pub async fn issue(State(web): State<Web>, page: Page, Form(f): Form<IssueForm>) -> PageResult {
    let mut errors = Errors::default();
    let (req, _) = f.q.resolve(web.s.today().await?, &mut errors);
    if !errors.is_empty() {
        return render(&web, &page, &f.q, Errors::default(), f.number).await;
    }
    match web.s.issue_report(&page.actor, &req, &f.number).await {
        Ok(r) => Ok(Redirect::to(&format!("/bao-cao/da-ban-hanh/{}", r.id)).into_response()),
        Err(e) => {
            let errors = Errors::from_error(e)?;
            render(&web, &page, &f.q, errors, f.number).await
        }
    }
}

pub struct IssuedLine {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "reports_issued.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<IssuedLine>,
}

/// Issue times are shown in Vietnam's time (UTC+7), as the office reads them.
fn local(at: chrono::DateTime<chrono::Utc>) -> String {
    (at + chrono::Duration::hours(7))
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

pub async fn list(State(web): State<Web>, page: Page) -> PageResult {
    let rows = web
        .s
        .issued_reports(&page.actor)
        .await?
        .into_iter()
        .map(|(id, number, title, at)| IssuedLine {
            id,
            number,
            title,
            at: local(at),
        })
        .collect();
    html(&ListPage {
        c: page.chrome("reports"),
        rows,
    })
}

/// A row of frozen figures read back from the stored JSON.
pub struct FrozenLine {
    pub label: String,
    pub tasks: String,
    pub completed: String,
    pub in_progress: String,
    pub overdue: String,
    pub rate: String,
}

fn frozen(label: String, v: &Value) -> FrozenLine {
    let n = |k: &str| int_vi(v.get(k).and_then(Value::as_i64).unwrap_or(0));
    FrozenLine {
        label,
        tasks: n("tasks"),
        completed: n("completed"),
        in_progress: n("in_progress"),
        overdue: n("overdue"),
        rate: percent_vi(v.get("overdue_rate").and_then(Value::as_f64).unwrap_or(0.0)),
    }
}

#[derive(Template)]
#[template(path = "report_issued.html")]
struct DetailPage {
    c: Chrome,
    id: i64,
    number: String,
    title: String,
    at: String,
    by: String,
    basis: String,
    narrative: String,
    totals: FrozenLine,
    units: Vec<FrozenLine>,
    changes: Vec<ReportChange>,
    recomputed: String,
    qs: String,
}

pub async fn detail(State(web): State<Web>, page: Page, Path(id): Path<i64>) -> PageResult {
    let cmp = web.s.issued_report_now(&page.actor, id).await?;
    let r = &cmp.issued.report;
    let text = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let units = r
        .get("units")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter(|u| u.get("tasks").and_then(Value::as_i64).unwrap_or(0) > 0)
                .map(|u| {
                    frozen(
                        u.get("unit")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string(),
                        u,
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    // The frozen parameters open the same report, computed now, on the report page.
    let req: crate::service::ReportRequest =
        serde_json::from_value(cmp.issued.params.clone()).unwrap_or_default();
    html(&DetailPage {
        c: page.chrome("reports"),
        id: cmp.issued.id,
        number: cmp.issued.number.clone(),
        title: cmp.issued.title.clone(),
        at: local(cmp.issued.issued_at),
        by: cmp.issued.issued_by_name.clone(),
        basis: text("basis_description"),
        narrative: text("narrative"),
        totals: frozen("Tổng cộng".into(), r.get("totals").unwrap_or(&Value::Null)),
        units,
        changes: cmp.changes.clone(),
        recomputed: theodoi_core::format::date_vi(web.s.today().await?),
        qs: super::report_form::request_query(&req),
    })
}
