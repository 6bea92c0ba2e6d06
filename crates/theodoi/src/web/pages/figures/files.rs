//! Excel on the web (`/so-lieu/excel`): blank templates to fill, exports in the import's
//! columns, and the import itself — all rows or none, every bad row reported with its line.
//! The services decide who may import what (a unit its own values and disbursements).

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use chrono::Datelike;
use serde::Deserialize;
use theodoi_core::DomainError;

use super::Opt;
use crate::service::XLSX;
use crate::service::figures_excel::{Sheet, template as blank};
use crate::web::auth::Page;
use crate::web::form::Errors;
use crate::web::multipart;
use crate::web::render::html_status;
use crate::web::{Chrome, PageResult, Web};

const SHEETS: [(&str, Sheet); 4] = [
    ("targets", Sheet::Targets),
    ("values", Sheet::Values),
    ("plans", Sheet::Plans),
    ("disbursements", Sheet::Disbursements),
];

#[derive(Debug, Default, Deserialize)]
pub struct FilesQuery {
    #[serde(default)]
    period: String,
    #[serde(default)]
    year: String,
}

#[derive(Template)]
#[template(path = "figures_files.html")]
struct FilesPage {
    c: Chrome,
    errors: Errors,
    sheets: Vec<Opt>,
    period: String,
    year: String,
    chosen: String,
    done: String,
}

async fn render(
    web: &Web,
    page: &Page,
    errors: Errors,
    q: FilesQuery,
    chosen: String,
    done: String,
) -> PageResult {
    let this_year = web.s.today().await?.year().to_string();
    let status = errors.status();
    html_status(
        status,
        &FilesPage {
            c: page.chrome("indicators"),
            errors,
            sheets: SHEETS
                .iter()
                .map(|(code, s)| Opt::new(code, s.title()))
                .collect(),
            period: Some(q.period)
                .filter(|p| !p.trim().is_empty())
                .unwrap_or_else(|| this_year.clone()),
            year: Some(q.year)
                .filter(|p| !p.trim().is_empty())
                .unwrap_or(this_year),
            chosen,
            done,
        },
    )
}

pub async fn page(State(web): State<Web>, page: Page, Query(q): Query<FilesQuery>) -> PageResult {
    render(
        &web,
        &page,
        Errors::default(),
        q,
        String::new(),
        String::new(),
    )
    .await
}

fn xlsx(bytes: Vec<u8>, name: &str) -> axum::response::Response {
    (
        [
            (header::CONTENT_TYPE, XLSX.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.xlsx\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub async fn template(page: Page, Path(sheet): Path<String>) -> PageResult {
    // The blank template holds no figures, but only people who handle figures need it.
    if page.actor.role() == theodoi_core::model::Role::Admin {
        return Err(DomainError::Forbidden("quản trị hệ thống không xử lý số liệu".into()).into());
    }
    let sheet = Sheet::parse(&sheet)?;
    Ok(xlsx(blank(sheet)?, &format!("mau-{}", file_stem(sheet))))
}

fn file_stem(sheet: Sheet) -> &'static str {
    match sheet {
        Sheet::Targets => "chi-tieu-giao",
        Sheet::Values => "so-lieu-thuc-hien",
        Sheet::Plans => "ke-hoach-von",
        Sheet::Disbursements => "giai-ngan",
    }
}

pub async fn export(
    State(web): State<Web>,
    page: Page,
    Path(sheet): Path<String>,
    Query(q): Query<FilesQuery>,
) -> PageResult {
    let sheet = Sheet::parse(&sheet)?;
    let period = match sheet {
        Sheet::Targets | Sheet::Values => q.period,
        Sheet::Plans | Sheet::Disbursements => q.year,
    };
    let bytes = web
        .s
        .export_figures(&page.actor, sheet, period.trim())
        .await?;
    Ok(xlsx(
        bytes,
        &format!("{}-{}", file_stem(sheet), period.trim()),
    ))
}

pub async fn import(
    State(web): State<Web>,
    page: Page,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut e = Errors::default();
    let parts = multipart::parse(content_type, &body)
        .await
        .unwrap_or_default();
    let field = |n: &str| parts.iter().find(|p| p.name == n);
    let chosen = field("sheet").map(|p| p.text()).unwrap_or_default();
    let sheet = match Sheet::parse(&chosen) {
        Ok(s) => Some(s),
        Err(_) => {
            e.add("sheet", "chọn loại bảng cần nhập");
            None
        }
    };
    let file = field("file").filter(|p| !p.data.is_empty());
    if file.is_none() {
        e.add("file", "chọn tệp Excel (.xlsx) cần nhập");
    }
    let (Some(sheet), Some(file), true) = (sheet, file, e.is_empty()) else {
        return render(&web, &page, e, FilesQuery::default(), chosen, String::new()).await;
    };
    let name = file.filename.clone().unwrap_or_default();
    match web.s.import_figures(&page.actor, sheet, &file.data).await {
        Ok(n) => {
            let done = format!("Đã nhập {n} dòng “{}” từ tệp {name}.", sheet.title());
            render(&web, &page, e, FilesQuery::default(), chosen, done).await
        }
        Err(err) => {
            let mut shown = Errors::from_error(err)?;
            // Row problems are named by their line ("dòng 3"): say it in the message.
            for f in &mut shown.fields {
                if f.field.starts_with("dòng") {
                    f.message = format!("{}: {}", f.field, f.message);
                }
            }
            shown
                .general
                .insert(0, format!("Tệp {name}: không dòng nào được nhập."));
            render(
                &web,
                &page,
                shown,
                FilesQuery::default(),
                chosen,
                String::new(),
            )
            .await
        }
    }
}
