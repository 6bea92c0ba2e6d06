//! The notification centre (trung tâm thông báo): the signed-in person's reminders, newest
//! first, a page at a time, unread ones marked; "mark read" and "mark all read" are POST forms.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use theodoi_core::format::date_vi;
use theodoi_store::Notification;

use crate::clock::vietnam;
use crate::service::remind_describe;
use crate::web::auth::Page;
use crate::web::render::html;
use crate::web::{Chrome, PageResult, Web};

pub struct NotifLine {
    pub id: i64,
    pub when: String,
    pub what: String,
    pub task_id: Option<i64>,
    pub task: String,
    pub unread: bool,
    pub emailed: String,
}

impl NotifLine {
    pub fn new(n: &Notification) -> Self {
        Self {
            id: n.id,
            when: date_vi(n.day),
            what: remind_describe(&n.kind, n.deadline, n.days_overdue),
            task_id: n.task_id.map(|t| t.0),
            task: n.task_content.clone(),
            unread: n.read_at.is_none(),
            emailed: n
                .emailed_at
                .map(|t| {
                    t.with_timezone(&vietnam())
                        .format("%d/%m/%Y %H:%M")
                        .to_string()
                })
                .unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    c: Chrome,
    items: Vec<NotifLine>,
    total: i64,
    unread: i64,
    unread_only: bool,
    page: i64,
    pages: i64,
    /// This page's address, to come back to after a POST.
    here: String,
}

impl NotificationsPage {
    fn link(&self, page: i64) -> String {
        let mut q = vec![("trang", page.to_string())];
        if self.unread_only {
            q.push(("chua-doc", "1".into()));
        }
        format!("/thong-bao?{}", super::query(&q))
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(rename = "chua-doc")]
    unread: Option<String>,
    trang: Option<String>,
}

pub async fn list(State(web): State<Web>, page: Page, Query(q): Query<ListQuery>) -> PageResult {
    let unread_only = q
        .unread
        .as_deref()
        .is_some_and(|v| !v.is_empty() && v != "0");
    let n = q
        .trang
        .as_deref()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(1);
    let p = web.s.notification_page(&page.actor, unread_only, n).await?;
    let mut tpl = NotificationsPage {
        c: page.chrome("notifications"),
        items: p.items.iter().map(NotifLine::new).collect(),
        total: p.total,
        unread: p.unread,
        unread_only,
        page: p.page,
        pages: p.pages,
        here: String::new(),
    };
    tpl.c.unread = p.unread;
    tpl.here = tpl.link(p.page);
    html(&tpl)
}

#[derive(Deserialize)]
pub struct BackForm {
    #[serde(default)]
    back: String,
}

/// Only this page's own addresses are followed back (no open redirect).
fn back_to(back: &str) -> String {
    if back.starts_with("/thong-bao") && !back.contains("//") && !back.contains('\\') {
        back.to_string()
    } else {
        "/thong-bao".to_string()
    }
}

pub async fn mark_read(
    State(web): State<Web>,
    page: Page,
    Path(id): Path<String>,
    Form(f): Form<BackForm>,
) -> PageResult {
    let id: i64 = id.trim().parse().map_err(|_| {
        theodoi_core::DomainError::not_found(format!("thông báo '{id}' (số không hợp lệ)"))
    })?;
    web.s.mark_notification_read(&page.actor, id).await?;
    Ok(Redirect::to(&back_to(&f.back)).into_response())
}

pub async fn mark_all_read(
    State(web): State<Web>,
    page: Page,
    Form(f): Form<BackForm>,
) -> PageResult {
    web.s.mark_all_notifications_read(&page.actor).await?;
    Ok(Redirect::to(&back_to(&f.back)).into_response())
}
