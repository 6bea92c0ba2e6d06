//! From a directive's text to registered tasks (trích xuất nhiệm vụ): the clerk pastes the
//! text or uploads a `.txt`/`.docx`, corrects the proposed header and tasks in a table, and
//! registers the document with the rows kept, all in one transaction. Office and leaders only.

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use theodoi_core::format::date_vi;

use super::extract_rows::{MAX_ROWS, SuggestRow};
use super::register::{kind_options, leader_options};
use super::task_show::UnitOpt;
use super::tasks::Opt;
use crate::service::MAX_UPLOAD_BYTES;
use crate::web::auth::Page;
use crate::web::form::Errors;
use crate::web::render::html_status;
use crate::web::{Chrome, PageResult, Web};

pub fn router() -> Router<Web> {
    Router::new()
        .route(
            "/van-ban/trich-xuat",
            get(form)
                .post(read)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024)),
        )
        .route(
            "/van-ban/trich-xuat/dang-ky",
            post(super::extract_submit::register),
        )
}

#[derive(Template)]
#[template(path = "extract.html")]
struct InputPage {
    c: Chrome,
    text: String,
    errors: Errors,
}

#[derive(Template)]
#[template(path = "extract_review.html")]
struct ReviewPage {
    c: Chrome,
    v: HashMap<String, String>,
    kinds: Vec<Opt>,
    leaders: Vec<Opt>,
    units: Vec<UnitOpt>,
    rows: Vec<SuggestRow>,
    errors: Errors,
    checked: bool,
}

impl ReviewPage {
    fn val(&self, k: &str) -> String {
        self.v.get(k).cloned().unwrap_or_default()
    }
    fn unmatched_count(&self) -> usize {
        self.rows.iter().filter(|r| r.unmatched()).count()
    }
}

fn input_page(page: &Page, text: String, errors: Errors) -> PageResult {
    let status = errors.status();
    html_status(
        status,
        &InputPage {
            c: page.chrome("documents"),
            text,
            errors,
        },
    )
}

pub async fn form(page: Page) -> PageResult {
    page.actor.require_register()?;
    input_page(&page, String::new(), Errors::default())
}

/// Reads the pasted text or the uploaded file and shows the proposal.
pub async fn read(State(web): State<Web>, page: Page, mut multipart: Multipart) -> PageResult {
    page.actor.require_register()?;
    let mut text = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                let mut errors = Errors::default();
                errors.add(
                    "file",
                    format!(
                        "không đọc được tệp gửi lên (tối đa {} MB): {e}",
                        MAX_UPLOAD_BYTES / 1024 / 1024
                    ),
                );
                return input_page(&page, text, errors);
            }
        };
        match field.name() {
            Some("text") => text = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
                if !name.is_empty() && !bytes.is_empty() {
                    file = Some((name, bytes));
                }
            }
            _ => {}
        }
    }
    let (name, bytes) = match file {
        Some(f) => f,
        None if !text.trim().is_empty() => {
            ("văn bản dán vào.txt".to_owned(), text.clone().into_bytes())
        }
        None => {
            let mut errors = Errors::default();
            errors.add(
                "text",
                "dán nội dung văn bản vào ô, hoặc chọn một tệp .txt hoặc .docx",
            );
            return input_page(&page, text, errors);
        }
    };
    let suggestion = match web.s.suggest_tasks(&page.actor, &name, bytes).await {
        Ok(s) => s,
        Err(e) => return input_page(&page, text, Errors::from_error(e)?),
    };
    let x = &suggestion.extraction;
    let mut v = HashMap::new();
    v.insert(
        "number".into(),
        x.document.number.clone().unwrap_or_default(),
    );
    v.insert(
        "doc_date".into(),
        x.document.date.map(date_vi).unwrap_or_default(),
    );
    v.insert("kind".into(), x.document.kind.clone());
    v.insert(
        "summary".into(),
        x.document.summary.clone().unwrap_or_default(),
    );
    v.insert(
        "issuer_text".into(),
        x.document.issuer.clone().unwrap_or_default(),
    );
    if let Some(issuer) = &x.document.issuer
        && let Ok(u) = web.s.find_unit(issuer).await
    {
        v.insert("issuer_unit_id".into(), u.id.0.to_string());
    }
    let rows: Vec<SuggestRow> = x
        .tasks
        .iter()
        .take(MAX_ROWS)
        .zip(suggestion.leads.iter().cloned())
        .zip(suggestion.coops.iter().cloned())
        .enumerate()
        .map(|(i, ((t, lead), coop))| SuggestRow::from_suggestion(i + 1, t, lead, coop))
        .collect();
    let mut errors = Errors::default();
    if rows.is_empty() {
        errors.general.push(
            "Không tìm thấy nhiệm vụ nào trong văn bản: thêm dòng và nhập nhiệm vụ, hoặc kiểm tra lại nội dung đã dán.".into(),
        );
    }
    review(&web, &page, v, rows, errors, false).await
}

pub(super) async fn review(
    web: &Web,
    page: &Page,
    v: HashMap<String, String>,
    mut rows: Vec<SuggestRow>,
    errors: Errors,
    checked: bool,
) -> PageResult {
    if rows.is_empty() {
        rows.push(SuggestRow::blank(1));
    }
    let mut units: Vec<UnitOpt> = web
        .s
        .store
        .units()
        .await?
        .iter()
        .filter(|u| u.valid_to.is_none() && u.successor_id.is_none())
        .map(|u| UnitOpt {
            id: u.id.0,
            name: u.name.clone(),
        })
        .collect();
    units.sort_by_key(|u| theodoi_core::text::fold(&u.name));
    let users = web.s.store.users().await?;
    let kind = v.get("kind").cloned().unwrap_or_default();
    let leader = v.get("leader").cloned().unwrap_or_default();
    let fine = errors.is_empty() && rows.iter().all(|r| r.errors.is_empty());
    let status = if fine {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    html_status(
        status,
        &ReviewPage {
            c: page.chrome("documents"),
            kinds: kind_options(&kind),
            leaders: leader_options(&users, &leader),
            v,
            units,
            rows,
            errors,
            checked,
        },
    )
}
