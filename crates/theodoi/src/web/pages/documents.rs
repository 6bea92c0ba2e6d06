//! Documents (văn bản chỉ đạo): list and search, detail with its tasks and cascade, and the
//! register form that records a document and several task rows at once.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use theodoi_core::DomainError;
use theodoi_core::format::{date_vi, int_vi};
use theodoi_core::ids::DocumentId;
use theodoi_core::model::DocumentKind;
use theodoi_store::{DocumentFilter, TaskFilter};

use super::tasks::Opt;
use super::{TaskLine, UnitNames, query};
use crate::web::auth::Page;
use crate::web::form::Errors;
use crate::web::render::html_status;
use crate::web::{Chrome, PageResult, Web};

const PAGE_SIZE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct DocQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    page: String,
}

pub struct DocLine {
    pub id: i64,
    pub number: String,
    pub date: String,
    pub kind: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "documents.html")]
struct ListPage {
    c: Chrome,
    q: String,
    kinds: Vec<Opt>,
    total: String,
    docs: Vec<DocLine>,
    errors: Errors,
    prev: String,
    next: String,
}

pub async fn list(State(web): State<Web>, page: Page, Query(q): Query<DocQuery>) -> PageResult {
    page.actor.require_reports()?;
    let mut errors = Errors::default();
    let kind = match q.kind.trim() {
        "" => None,
        k => DocumentKind::parse(k)
            .map_err(|_| errors.add("kind", format!("loại văn bản '{k}' không hợp lệ")))
            .ok(),
    };
    let page_no = q
        .page
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let (docs, total) = web
        .s
        .store
        .documents(&DocumentFilter {
            text: Some(q.q.clone()),
            kind,
            limit: PAGE_SIZE,
            offset: (page_no - 1) * PAGE_SIZE,
            ..Default::default()
        })
        .await?;
    let link = |p: i64| {
        format!(
            "/van-ban?{}",
            query(&[
                ("q", q.q.clone()),
                ("kind", q.kind.clone()),
                ("page", p.to_string())
            ])
        )
    };
    let status = errors.status();
    html_status(
        status,
        &ListPage {
            c: page.chrome("documents"),
            kinds: DocumentKind::ALL
                .iter()
                .map(|k| Opt {
                    value: k.as_str().into(),
                    label: k.label().into(),
                    selected: k.as_str() == q.kind,
                })
                .collect(),
            total: int_vi(total),
            docs: docs
                .iter()
                .map(|d| DocLine {
                    id: d.id.0,
                    number: d.number.clone(),
                    date: date_vi(d.date),
                    kind: d.kind.label().into(),
                    summary: d.summary.clone(),
                })
                .collect(),
            errors,
            prev: if page_no > 1 {
                link(page_no - 1)
            } else {
                String::new()
            },
            next: if page_no * PAGE_SIZE < total {
                link(page_no + 1)
            } else {
                String::new()
            },
            q: q.q,
        },
    )
}

#[derive(Template)]
#[template(path = "document.html")]
struct ShowPage {
    c: Chrome,
    id: i64,
    number: String,
    date: String,
    kind: String,
    summary: String,
    issuer: String,
    signer: String,
    secrecy: String,
    urgency: String,
    parent: Option<DocLine>,
    children: Vec<DocLine>,
    tasks: Vec<TaskLine>,
    uncovered: Vec<TaskLine>,
    has_cascade: bool,
}

fn line(d: &theodoi_core::model::Document) -> DocLine {
    DocLine {
        id: d.id.0,
        number: d.number.clone(),
        date: date_vi(d.date),
        kind: d.kind.label().into(),
        summary: d.summary.clone(),
    }
}

pub async fn show(State(web): State<Web>, page: Page, Path(id): Path<String>) -> PageResult {
    let s = &web.s;
    let actor = &page.actor;
    let id: i64 = id
        .trim()
        .parse()
        .map_err(|_| DomainError::not_found(format!("văn bản '{id}' (số không hợp lệ)")))?;
    let doc = s.document(actor, DocumentId(id)).await?;
    let names = UnitNames::new(&s.store.units().await?);
    let today = s.today().await?;
    let parent = match doc.parent_id {
        Some(p) => s.store.document(p).await?.map(|d| line(&d)),
        None => None,
    };
    let children: Vec<DocLine> = s
        .store
        .child_documents(doc.id)
        .await?
        .iter()
        .map(line)
        .collect();
    let page_of_tasks = s
        .store
        .tasks(&TaskFilter {
            document_id: Some(doc.id),
            visible_to_units: (!actor.sees_everything())
                .then(|| actor.scope.iter().copied().collect()),
            include_delegated: true,
            limit: 1000,
            ..Default::default()
        })
        .await?;
    let mut tasks = Vec::new();
    let mut uncovered = Vec::new();
    let mut any_child = false;
    for r in &page_of_tasks.tasks {
        let line = TaskLine::new(&r.task, actor, &names, today);
        let kids = s.store.child_task_ids(r.task.id).await?;
        any_child |= !kids.is_empty();
        if r.task.parent_id.is_none() && kids.is_empty() {
            uncovered.push(TaskLine::new(&r.task, actor, &names, today));
        }
        tasks.push(line);
    }
    let has_cascade = !children.is_empty() || any_child;
    html_status(
        StatusCode::OK,
        &ShowPage {
            c: page.chrome("documents"),
            id,
            number: doc.number.clone(),
            date: date_vi(doc.date),
            kind: doc.kind.label().into(),
            summary: doc.summary.clone(),
            issuer: doc
                .issuer_unit_id
                .map(|u| names.name(u))
                .unwrap_or_else(|| doc.issuer_text.clone()),
            signer: doc.signer.clone(),
            secrecy: doc.secrecy.label().into(),
            urgency: doc.urgency.label().into(),
            parent,
            children,
            tasks,
            uncovered: if has_cascade { uncovered } else { vec![] },
            has_cascade,
        },
    )
}
