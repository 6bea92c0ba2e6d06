//! The inbox (việc cần xử lý): what waits for the signed-in person.

use askama::Template;
use axum::extract::{Query, State};
use serde::Deserialize;
use theodoi_core::format::{date_vi, int_vi};

use crate::service::views::{INBOX_COUNT_CAP, INBOX_LIST, InboxCounts};

use super::{TaskLine, UnitNames};
use crate::web::auth::Page;
use crate::web::render::html;
use crate::web::{Chrome, PageResult, Web};

pub struct ExtLine {
    pub task: TaskLine,
    pub proposed: String,
    pub reason: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct InboxQuery {
    /// The page of the extension requests (1 = the 50 oldest).
    #[serde(default)]
    gia_han: Option<String>,
}

/// A section's count as shown: "12", or "hơn 10.000".
pub struct Count {
    pub text: String,
    /// More than the section shows: the heading links to the whole list.
    pub more: bool,
}

fn count(n: i64, shown: usize, more_than: &str) -> Count {
    Count {
        text: if n > INBOX_COUNT_CAP {
            format!("{more_than} {}", int_vi(INBOX_COUNT_CAP))
        } else {
            int_vi(n)
        },
        more: n > shown as i64,
    }
}

pub struct Counts {
    pub new_tasks: Count,
    pub declined: Count,
    pub claims: Count,
    pub extensions: Count,
    pub due_soon: Count,
    pub overdue: Count,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    c: Chrome,
    counts: Counts,
    /// Links to the whole lists behind the sections (the task list's filters).
    key_only: bool,
    ext_prev: String,
    ext_next: String,
    new_tasks: Vec<TaskLine>,
    declined: Vec<TaskLine>,
    claims: Vec<TaskLine>,
    extensions: Vec<ExtLine>,
    due_soon: Vec<TaskLine>,
    overdue: Vec<TaskLine>,
    today: String,
}

pub async fn show(State(web): State<Web>, page: Page, Query(q): Query<InboxQuery>) -> PageResult {
    let s = &web.s;
    // A page number that is not one shows the first page.
    let ext_page = q
        .gia_han
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let inbox = s.inbox(&page.actor, (ext_page - 1) * INBOX_LIST).await?;
    let more_than = page.tr().t("common.more_than");
    let InboxCounts {
        new_tasks,
        declined,
        claims,
        extensions,
        due_soon,
        overdue,
    } = inbox.counts;
    let counts = Counts {
        new_tasks: count(new_tasks, inbox.new_tasks.len(), more_than),
        declined: count(declined, inbox.declined.len(), more_than),
        claims: count(claims, inbox.claims.len(), more_than),
        extensions: count(extensions, inbox.extensions.len(), more_than),
        due_soon: count(due_soon, inbox.due_soon.len(), more_than),
        overdue: count(overdue, inbox.overdue.len(), more_than),
    };
    let ext_link = |p: i64| format!("/viec-can-xu-ly?gia_han={p}#inbox-extensions");
    let names = UnitNames::new(&s.store.units().await?);
    let today = s.today().await?;
    let lines = |v: &[theodoi_core::model::Task]| -> Vec<TaskLine> {
        v.iter()
            .map(|t| TaskLine::new(t, &page.actor, &names, today))
            .collect()
    };
    html(&InboxPage {
        c: page.chrome("inbox"),
        counts,
        key_only: !matches!(
            page.actor.role(),
            theodoi_core::model::Role::UnitManager | theodoi_core::model::Role::UnitStaff
        ),
        ext_prev: if ext_page > 1 {
            ext_link(ext_page - 1)
        } else {
            String::new()
        },
        ext_next: if ext_page * INBOX_LIST < extensions {
            ext_link(ext_page + 1)
        } else {
            String::new()
        },
        new_tasks: lines(&inbox.new_tasks),
        declined: lines(&inbox.declined),
        claims: lines(&inbox.claims),
        extensions: inbox
            .extensions
            .iter()
            .map(|(e, t)| ExtLine {
                task: TaskLine::new(t, &page.actor, &names, today),
                proposed: date_vi(e.proposed),
                reason: e.reason.clone(),
            })
            .collect(),
        due_soon: lines(&inbox.due_soon),
        overdue: lines(&inbox.overdue),
        today: date_vi(today),
    })
}
