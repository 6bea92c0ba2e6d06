//! Follow-up settings and history (issue 7): the office's reminder rules page, a person's
//! mail preference (on the account page), a unit's contact person (on the units page), and
//! the reminders and urgings shown on a task.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use theodoi_core::access::Actor;
use theodoi_core::format::date_vi;
use theodoi_core::ids::{TaskId, UnitId, UserId};
use theodoi_core::model::{Role, User};
use theodoi_core::remind::keys;
use theodoi_core::{DomainError, DomainResult};

use crate::service::remind_describe;
use crate::web::auth::Page;
use crate::web::form::Errors;
use crate::web::render::html_status;
use crate::web::{Chrome, PageResult, Web};

type Fields = Vec<(String, String)>;

/// One rule on the form: its settings key, label, help and the value shown.
pub struct RuleField {
    pub key: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    /// "days" (a number), "flag" (on/off) or "cadence" (daily/weekly).
    pub kind: &'static str,
    pub value: String,
}

/// (settings key, catalogue key of the label, of the help, kind); texts in `i18n/remind.rs`.
const RULES: &[(&str, &str, &str, &str)] = &[
    (
        keys::DAYS_BEFORE,
        "rule.days_before",
        "rule.days_before.help",
        "days",
    ),
    (keys::ON_THE_DAY, "rule.on_the_day", "", "flag"),
    (
        keys::OVERDUE_CADENCE,
        "rule.cadence",
        "rule.cadence.help",
        "cadence",
    ),
    (
        keys::ESCALATE_HEAD_AFTER,
        "rule.head",
        "rule.head.help",
        "days",
    ),
    (
        keys::ESCALATE_LEADER_AFTER,
        "rule.leader",
        "rule.leader.help",
        "days",
    ),
    (
        keys::REPORTING_DAY,
        "rule.reporting_day",
        "rule.reporting_day.help",
        "days",
    ),
    (keys::OFFICE_CLAIMS, "rule.claims", "", "flag"),
    (keys::OFFICE_EXTENSIONS, "rule.extensions", "", "flag"),
];

#[derive(Template)]
#[template(path = "remind_rules.html")]
struct RulesPage {
    c: Chrome,
    rules: Vec<RuleField>,
    can_edit: bool,
    saved: bool,
    errors: Errors,
}

async fn rules_page(
    web: &Web,
    page: &Page,
    typed: Option<&HashMap<String, String>>,
    errors: Errors,
    saved: bool,
) -> PageResult {
    let current: HashMap<&str, String> = web
        .s
        .remind_rules()
        .await?
        .to_settings()
        .into_iter()
        .collect();
    let rules = RULES
        .iter()
        .map(|(key, label, help, kind)| RuleField {
            key,
            label,
            help,
            kind,
            value: typed
                .and_then(|t| t.get(*key).cloned())
                .or_else(|| current.get(key).cloned())
                .unwrap_or_default(),
        })
        .collect();
    let status = errors.status();
    html_status(
        status,
        &RulesPage {
            c: page.chrome("settings"),
            rules,
            can_edit: matches!(page.actor.role(), Role::Office | Role::Admin),
            saved,
            errors,
        },
    )
}

#[derive(serde::Deserialize, Default)]
pub struct SavedQuery {
    saved: Option<String>,
}

pub async fn rules(State(web): State<Web>, page: Page, Query(q): Query<SavedQuery>) -> PageResult {
    rules_page(&web, &page, None, Errors::default(), q.saved.is_some()).await
}

/// Saves every rule of the form at once; a bad value saves none and shows the form again
/// with what was typed and a message beside the field.
pub async fn rules_save(State(web): State<Web>, page: Page, Form(f): Form<Fields>) -> PageResult {
    let changes: Vec<(String, String)> = f
        .into_iter()
        .filter(|(k, _)| keys::ALL.contains(&k.as_str()))
        .collect();
    match web.s.set_remind_rules(&page.actor, &changes).await {
        Ok(_) => Ok(Redirect::to("/cai-dat/nhac-viec?saved=1").into_response()),
        Err(e) => {
            let typed: HashMap<String, String> = changes.into_iter().collect();
            rules_page(&web, &page, Some(&typed), Errors::from_error(e)?, false).await
        }
    }
}

/// The mail part of the account page: the address and the delivery preference.
#[derive(Debug, Clone, Default)]
pub struct MailForm {
    pub email: String,
    /// "email" or "in_app".
    pub delivery: String,
    pub saved: bool,
}

impl MailForm {
    pub async fn load(web: &Web, actor: &Actor) -> DomainResult<Self> {
        let c = web.s.own_mail(actor).await?;
        Ok(Self {
            email: c.as_ref().and_then(|c| c.email.clone()).unwrap_or_default(),
            delivery: c.map_or_else(|| "email".to_string(), |c| c.delivery),
            saved: false,
        })
    }
}

pub async fn mail_save(State(web): State<Web>, page: Page, Form(f): Form<Fields>) -> PageResult {
    let get = |k: &str| {
        f.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (email, delivery) = (get("email"), get("delivery"));
    match web
        .s
        .set_user_mail(&page.actor, page.actor.user.id, Some(&email), &delivery)
        .await
    {
        Ok(()) => Ok(Redirect::to("/tai-khoan?mail=1").into_response()),
        Err(e) => {
            let errors = Errors::from_error(e)?;
            let typed = MailForm {
                email,
                delivery,
                saved: false,
            };
            crate::web::auth::render_account_with(
                &web,
                &page,
                errors,
                false,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
                typed,
            )
            .await
        }
    }
}

/// Names (or clears) a unit's contact person from the units page.
pub async fn contact_save(State(web): State<Web>, page: Page, Form(f): Form<Fields>) -> PageResult {
    let get = |k: &str| {
        f.iter()
            .find(|(key, _)| key == k)
            .map_or("", |(_, v)| v.trim())
    };
    let typed: HashMap<String, String> = f.iter().cloned().collect();
    let unit = get("contact_unit").parse::<i64>().ok().map(UnitId);
    let user = match get("contact_user") {
        "" => Ok(None),
        v => v
            .parse::<i64>()
            .map(|u| Some(UserId(u)))
            .map_err(|_| DomainError::invalid("contact_user", "chọn người liên hệ")),
    };
    let result = match (unit, user) {
        (None, _) => Err(DomainError::invalid("contact_unit", "chọn đơn vị")),
        (_, Err(e)) => Err(e),
        (Some(unit), Ok(user)) => web.s.set_unit_contact(&page.actor, unit, user).await,
    };
    match result {
        Ok(()) => Ok(Redirect::to("/don-vi").into_response()),
        Err(e) => super::admin::units_page(&web, &page, Errors::from_error(e)?, typed).await,
    }
}

/// A task's reminders and urgings, ready to show.
#[derive(Default)]
pub struct TaskFollowUp {
    /// (day, what, recipient, e-mailed at)
    pub reminders: Vec<(String, String, String, String)>,
    /// (date, letter number, by)
    pub urgings: Vec<(String, String, String)>,
    /// Inspections linked to the task: (id, title, planned or visited date, relation code).
    pub inspections: Vec<(i64, String, String, String)>,
}

impl TaskFollowUp {
    /// The history of a task the actor may see (the service checks).
    pub async fn load(
        web: &Web,
        actor: &Actor,
        task: TaskId,
        users: &HashMap<i64, User>,
    ) -> DomainResult<Self> {
        let name = |id: i64| {
            users
                .get(&id)
                .map_or_else(|| format!("#{id}"), |u| u.full_name.clone())
        };
        let reminders = web
            .s
            .task_reminders(actor, task)
            .await?
            .iter()
            .map(|n| {
                (
                    date_vi(n.day),
                    remind_describe(&n.kind, n.deadline, n.days_overdue),
                    name(n.recipient_id.0),
                    n.emailed_at
                        .map(|t| {
                            t.with_timezone(&crate::clock::vietnam())
                                .format("%d/%m/%Y %H:%M")
                                .to_string()
                        })
                        .unwrap_or_default(),
                )
            })
            .collect();
        let urgings = web
            .s
            .task_urgings(actor, task)
            .await?
            .iter()
            .map(|u| {
                (
                    date_vi(u.urged_on),
                    u.document_number.clone(),
                    u.created_by.map(|b| name(b.0)).unwrap_or_default(),
                )
            })
            .collect();
        let inspections = web
            .s
            .task_inspections(actor, task)
            .await?
            .into_iter()
            .map(|(i, rel)| {
                let day = date_vi(i.visited_on.unwrap_or(i.planned_on));
                (i.id, i.title, day, rel)
            })
            .collect();
        Ok(Self {
            reminders,
            urgings,
            inspections,
        })
    }
}
