//! The inbox (việc cần xử lý): what waits for the signed-in person.

use askama::Template;
use axum::extract::State;
use theodoi_core::format::date_vi;

use super::{TaskLine, UnitNames};
use crate::web::auth::Page;
use crate::web::render::html;
use crate::web::{Chrome, PageResult, Web};

pub struct ExtLine {
    pub task: TaskLine,
    pub proposed: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    c: Chrome,
    new_tasks: Vec<TaskLine>,
    declined: Vec<TaskLine>,
    claims: Vec<TaskLine>,
    extensions: Vec<ExtLine>,
    due_soon: Vec<TaskLine>,
    overdue: Vec<TaskLine>,
    today: String,
}

pub async fn show(State(web): State<Web>, page: Page) -> PageResult {
    let s = &web.s;
    let inbox = s.inbox(&page.actor).await?;
    let names = UnitNames::new(&s.store.units().await?);
    let today = s.today().await?;
    let lines = |v: &[theodoi_core::model::Task]| -> Vec<TaskLine> {
        v.iter()
            .map(|t| TaskLine::new(t, &page.actor, &names, today))
            .collect()
    };
    html(&InboxPage {
        c: page.chrome("inbox"),
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
