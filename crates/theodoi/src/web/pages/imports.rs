//! Import of tasks from a spreadsheet in the web (office only): upload (.xlsx, .csv), a
//! preview that writes nothing (rows to create, rows already present, warnings, every bad row
//! with its column and reason), then confirmation, which imports all rows or none. Both steps
//! run in the background (`import_jobs`); the status page refreshes itself until done.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use theodoi_core::DomainError;
use theodoi_core::format::int_vi;

use super::import_jobs::{MAX_UPLOAD_BYTES, Stage};
use crate::service::{ImportOutcome, PREVIEW_ROWS};
use crate::web::auth::Page;
use crate::web::form::Errors;
use crate::web::render::{html, html_status};
use crate::web::{Chrome, PageResult, Web};

pub fn router() -> Router<Web> {
    Router::new()
        .route(
            "/nhap-nhiem-vu",
            get(form)
                .post(upload)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/nhap-nhiem-vu/{id}", get(status))
        .route("/nhap-nhiem-vu/{id}/xac-nhan", post(confirm))
}

#[derive(Template)]
#[template(path = "import_form.html")]
struct FormPage {
    c: Chrome,
    errors: Errors,
    create_units: String,
}

pub async fn form(page: Page) -> PageResult {
    page.actor.require_office("nhập nhiệm vụ từ tệp")?;
    html(&FormPage {
        c: page.chrome("tasks"),
        errors: Errors::default(),
        create_units: String::new(),
    })
}

pub async fn upload(State(web): State<Web>, page: Page, mut mp: Multipart) -> PageResult {
    page.actor.require_office("nhập nhiệm vụ từ tệp")?;
    let mut errors = Errors::default();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut create_units = String::new();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                errors.add("file", format!("không đọc được tệp tải lên: {e}"));
                break;
            }
        };
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("").to_string();
                match field.bytes().await {
                    Ok(b) => file = Some((name, b.to_vec())),
                    Err(e) => errors.add("file", format!("không đọc được tệp tải lên: {e}")),
                }
            }
            Some("create_units") => create_units = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    let create_units = create_units.trim().to_string();
    match &file {
        _ if !errors.is_empty() => {}
        None => errors.add("file", "chưa chọn tệp (.xlsx hoặc .csv)"),
        Some((name, bytes)) => {
            let lower = name.to_lowercase();
            if bytes.is_empty() {
                errors.add("file", format!("tệp '{name}' trống"));
            } else if !(lower.ends_with(".xlsx") || lower.ends_with(".csv")) {
                errors.add("file", format!("tệp '{name}' không phải .xlsx hoặc .csv"));
            }
        }
    }
    if let (true, Some((name, bytes))) = (errors.is_empty(), file) {
        let id = web.imports.start(
            &web.s,
            &page.actor,
            name,
            bytes,
            Some(create_units.clone()).filter(|c| !c.is_empty()),
        )?;
        return Ok(Redirect::to(&format!("/nhap-nhiem-vu/{id}")).into_response());
    }
    html_status(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        &FormPage {
            c: page.chrome("tasks"),
            errors,
            create_units,
        },
    )
}

#[derive(Template)]
#[template(path = "import_status.html")]
struct StatusPage {
    c: Chrome,
    id: String,
    filename: String,
    /// checking, preview, importing, done, failed
    stage: &'static str,
    running: bool,
    done: String,
    total: String,
    percent: u64,
    outcome: Option<ImportOutcome>,
    failure: String,
    counts: Vec<(&'static str, String)>,
    more_rows: bool,
}

pub async fn status(State(web): State<Web>, page: Page, Path(id): Path<String>) -> PageResult {
    page.actor.require_office("nhập nhiệm vụ từ tệp")?;
    let job = web.imports.get(&id, &page.actor)?;
    let (stage, outcome, failure) = match job.stage {
        Stage::Checking => ("checking", None, String::new()),
        Stage::Importing => ("importing", None, String::new()),
        Stage::Preview(o) => ("preview", Some(o), String::new()),
        Stage::Done(o) => ("done", Some(o), String::new()),
        Stage::Failed(m) => ("failed", None, m),
    };
    let counts = outcome
        .as_ref()
        .map(|o| {
            vec![
                ("imp.rows", int_vi(o.rows as i64)),
                ("imp.to_create", int_vi(o.created as i64)),
                ("imp.present", int_vi(o.duplicates as i64)),
                ("imp.docs", int_vi(o.documents_created as i64)),
                ("imp.units", int_vi(o.units_created as i64)),
                ("imp.groups", int_vi(o.groups_created as i64)),
            ]
        })
        .unwrap_or_default();
    html(&StatusPage {
        c: page.chrome("tasks"),
        id,
        filename: job.filename,
        stage,
        running: matches!(stage, "checking" | "importing"),
        done: int_vi(job.done as i64),
        total: int_vi(job.total as i64),
        percent: (job.done * 100).checked_div(job.total).unwrap_or(0),
        more_rows: outcome.as_ref().is_some_and(|o| o.rows > PREVIEW_ROWS),
        outcome,
        failure,
        counts,
    })
}

pub async fn confirm(State(web): State<Web>, page: Page, Path(id): Path<String>) -> PageResult {
    match web.imports.confirm(&web.s, &page.actor, &id) {
        Ok(()) | Err(DomainError::Conflict(_)) => {
            // A second click (or a stale page) just shows where the job is.
            Ok(Redirect::to(&format!("/nhap-nhiem-vu/{id}")).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
