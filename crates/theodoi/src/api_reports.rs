//! JSON API of issue 4: the report as .xlsx/.docx, task lists as .xlsx/.csv, issued reports
//! (issue, list, show with the recompute diff) and task import (dry run or all or nothing).
//! Each handler calls the same service function as the pages and the CLI.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use theodoi_store::IssuedReport;

use crate::api::{ApiError, Authed};
use crate::service::{
    FileOut, ImportOptions, ImportOutcome, ReportRequest, Services, TaskListRequest,
};

pub fn router() -> Router<Services> {
    Router::new()
        .route("/api/v1/report/file/{format}", get(report_file))
        .route("/api/v1/tasks/export/{format}", get(export_tasks))
        .route(
            "/api/v1/tasks/import",
            post(import_tasks).layer(DefaultBodyLimit::max(
                crate::web::pages::import_jobs::MAX_UPLOAD_BYTES,
            )),
        )
        .route("/api/v1/reports/issued", get(issued_list).post(issue))
        .route("/api/v1/reports/issued/{id}", get(issued_show))
}

fn file(f: FileOut) -> Response {
    (
        [
            (header::CONTENT_TYPE, f.content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", f.filename),
            ),
        ],
        f.bytes,
    )
        .into_response()
}

async fn report_file(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(format): Path<String>,
    Query(r): Query<ReportRequest>,
) -> Result<Response, ApiError> {
    let params = s.report_params(&r).await?;
    Ok(file(s.report_file(&a, &params, &format, None).await?))
}

async fn export_tasks(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(format): Path<String>,
    Query(r): Query<TaskListRequest>,
) -> Result<Response, ApiError> {
    Ok(file(s.export_tasks(&a, &r, &format, &mut |_, _| {}).await?))
}

#[derive(Debug, Deserialize)]
struct ImportQuery {
    /// `tasks.xlsx` or `tasks.csv`: the format is told by the name.
    filename: String,
    #[serde(default)]
    dry_run: bool,
    #[serde(default)]
    create_units: Option<String>,
}

/// The body is the file itself.
async fn import_tasks(
    State(s): State<Services>,
    Authed(a): Authed,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> Result<Json<ImportOutcome>, ApiError> {
    let opts = ImportOptions {
        dry_run: q.dry_run,
        create_units_under: q.create_units,
    };
    Ok(Json(
        s.import_tasks(&a, &body, &q.filename, &opts, &mut |_, _| {})
            .await?,
    ))
}

#[derive(Debug, Deserialize)]
struct IssueInput {
    number: String,
    #[serde(flatten)]
    report: ReportRequest,
}

async fn issue(
    State(s): State<Services>,
    Authed(a): Authed,
    Json(i): Json<IssueInput>,
) -> Result<Json<IssuedReport>, ApiError> {
    Ok(Json(s.issue_report(&a, &i.report, &i.number).await?))
}

async fn issued_list(
    State(s): State<Services>,
    Authed(a): Authed,
) -> Result<Json<serde_json::Value>, ApiError> {
    let rows: Vec<_> = s
        .issued_reports(&a)
        .await?
        .into_iter()
        .map(|(id, number, title, at)| {
            serde_json::json!({"id": id, "number": number, "title": title, "issued_at": at})
        })
        .collect();
    Ok(Json(serde_json::Value::Array(rows)))
}

#[derive(Debug, Deserialize)]
struct ShowQuery {
    /// Also recompute the report now and list what changed.
    #[serde(default)]
    diff: bool,
}

async fn issued_show(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let to_json = |v: Result<serde_json::Value, serde_json::Error>| {
        v.map_err(|e| ApiError(theodoi_core::DomainError::Internal(e.to_string())))
    };
    if q.diff {
        let c = s.issued_report_now(&a, id).await?;
        return Ok(Json(to_json(serde_json::to_value(
            serde_json::json!({"issued": c.issued, "changes": c.changes, "now": c.now}),
        ))?));
    }
    Ok(Json(to_json(serde_json::to_value(
        s.issued_report(&a, id).await?,
    ))?))
}
