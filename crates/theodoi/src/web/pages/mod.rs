//! The pages, one module per resource. Handlers extract input, call the service layer and
//! render a template; permissions are checked by the services.

pub mod admin;
pub mod dashboard;
pub mod dashboard_trend;
pub mod documents;
pub mod extract;
mod extract_rows;
mod extract_submit;
pub mod figures;
pub mod followup;
pub mod import_jobs;
pub mod imports;
pub mod inbox;
pub mod inspections;
pub mod notify;
pub mod register;
pub mod report_form;
pub mod reports;
pub mod reports_issued;
pub mod search;
pub mod task_actions;
pub mod task_show;
pub mod tasks;
pub mod tasks_export;
pub mod urging;

use std::collections::HashMap;

use axum::Router;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use chrono::NaiveDate;
use theodoi_core::access::Actor;
use theodoi_core::format::date_vi;
use theodoi_core::ids::UnitId;
use theodoi_core::model::{Role, Task, Unit};

use super::auth::Page;
use super::{PageResult, Web};

pub fn router() -> Router<Web> {
    Router::new()
        .route("/tong-quan", get(dashboard::show))
        .route("/van-ban", get(documents::list))
        .route(
            "/van-ban/dang-ky",
            get(register::form).post(register::create),
        )
        .route("/van-ban/{id}", get(documents::show))
        .route(
            "/van-ban/{id}/giao-viec",
            get(register::form_existing).post(register::create_for_existing),
        )
        .route("/viec-can-xu-ly", get(inbox::show))
        .route("/don-vi", get(admin::units))
        .route("/don-vi/sap-nhap", post(admin::merge))
        .route("/don-vi/them", post(admin::create_unit))
        .route(
            "/quan-tri/tai-khoan",
            get(admin::users).post(admin::create_user),
        )
        .route(
            "/quan-tri/tai-khoan/dat-lai-mat-khau",
            post(admin::reset_password),
        )
        .route("/lich-nghi", get(admin::calendar).post(admin::calendar_set))
        .route("/lich-nghi/xoa", post(admin::calendar_remove))
        .route("/cai-dat", get(admin::settings).post(admin::settings_save))
        .merge(tasks::router())
        .merge(figures::router())
        .merge(extract::router())
        .merge(search::router())
        .merge(followup_router())
        .merge(inspections::router())
        .merge(reports::router())
        .merge(imports::router())
}

/// Follow-up automation (issue 7): notifications, urging notices, reminder rules, mail
/// preference, a unit's contact person.
fn followup_router() -> Router<Web> {
    Router::new()
        .route("/thong-bao", get(notify::list))
        .route("/thong-bao/da-doc-tat-ca", post(notify::mark_all_read))
        .route("/thong-bao/{id}/da-doc", post(notify::mark_read))
        .route("/don-doc", get(urging::show).post(urging::create))
        .route(
            "/cai-dat/nhac-viec",
            get(followup::rules).post(followup::rules_save),
        )
        .route("/tai-khoan/thong-bao", post(followup::mail_save))
        .route("/don-vi/nguoi-lien-he", post(followup::contact_save))
}

/// The start page: the dashboard for people who follow tasks, the account page for the admin.
pub async fn home(page: Page) -> PageResult {
    let to = if page.actor.role() == Role::Admin {
        "/quan-tri/tai-khoan"
    } else {
        "/tong-quan"
    };
    Ok(Redirect::to(to).into_response())
}

/// Unit names by id, for display.
pub struct UnitNames(pub HashMap<UnitId, Unit>);

impl UnitNames {
    pub fn new(units: &[Unit]) -> Self {
        Self(units.iter().map(|u| (u.id, u.clone())).collect())
    }

    pub fn name(&self, id: UnitId) -> String {
        self.0
            .get(&id)
            .map_or_else(|| format!("#{id}"), |u| u.name.clone())
    }

    pub fn short(&self, id: UnitId) -> String {
        self.0.get(&id).map_or_else(
            || format!("#{id}"),
            |u| {
                if u.short_name.is_empty() {
                    u.name.clone()
                } else {
                    u.short_name.clone()
                }
            },
        )
    }
}

/// One line of a task table, ready to show.
pub struct TaskLine {
    pub id: i64,
    pub content: String,
    pub lead: String,
    pub deadline: String,
    pub state: String,
    pub state_code: &'static str,
    /// Days past the deadline as of the page's date (0 when not overdue).
    pub days_overdue: i64,
    /// Days until the deadline (for due-soon lists).
    pub days_left: i64,
    pub is_key: bool,
    pub secret: bool,
}

impl TaskLine {
    pub fn new(t: &Task, actor: &Actor, units: &UnitNames, as_of: NaiveDate) -> Self {
        let open = t.completed_on.is_none() && t.withdrawn_on.is_none();
        let (days_overdue, days_left) = match t.deadline_current {
            Some(d) if open => ((as_of - d).num_days().max(0), (d - as_of).num_days().max(0)),
            _ => (0, 0),
        };
        Self {
            id: t.id.0,
            content: visible_content(t, actor),
            lead: units.short(t.lead_unit_id),
            deadline: t
                .deadline_current
                .map(date_vi)
                .unwrap_or_else(|| t.deadline_kind.label().to_string()),
            state: t.state.label().to_string(),
            state_code: t.state.as_str(),
            days_overdue,
            days_left,
            is_key: t.is_key,
            secret: t.secret,
        }
    }
}

/// The content, or a placeholder when the actor may not read a secret task.
pub fn visible_content(t: &Task, actor: &Actor) -> String {
    if t.secret && !actor.can_read_secret(t) {
        "(Nội dung mật)".into()
    } else {
        t.content.clone()
    }
}

/// Builds a query string from pairs, dropping empty values.
pub fn query(pairs: &[(&str, String)]) -> String {
    let kept: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    serde_urlencoded::to_string(kept).unwrap_or_default()
}
