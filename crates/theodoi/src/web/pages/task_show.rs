//! One task (chi tiết nhiệm vụ): all fields, deadline history (original and current),
//! progress, claims, extensions, delegated sub-tasks, the audit trail, and the action forms
//! the signed-in person may use. The services check every action again.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use theodoi_core::access::Actor;
use theodoi_core::format::date_vi;
use theodoi_core::ids::TaskId;
use theodoi_core::model::{Decision, Role, Task, TaskState, User};

use super::{UnitNames, visible_content};
use crate::web::auth::Page;
use crate::web::form::{Errors, date_text};
use crate::web::render::html_status;
use crate::web::{Chrome, PageResult, Web};

/// A failed action form to show again with what was typed and what was wrong.
#[derive(Default)]
pub struct Failure {
    pub action: String,
    pub values: HashMap<String, String>,
    pub errors: Errors,
}

impl Failure {
    /// The typed value of a field of `action`'s form.
    pub fn v(&self, action: &str, field: &str) -> String {
        if self.action == action {
            self.values.get(field).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    }

    pub fn err(&self, action: &str, field: &str) -> String {
        if self.action == action {
            self.errors.get(field)
        } else {
            String::new()
        }
    }

    pub fn general(&self, action: &str) -> Vec<String> {
        if self.action == action {
            self.errors.all()
        } else {
            vec![]
        }
    }
}

pub struct Row4 {
    pub a: String,
    pub b: String,
    pub c: String,
    pub d: String,
}

pub struct PendingExt {
    pub id: i64,
    pub proposed: String,
    pub reason: String,
}

pub struct Allowed {
    pub accept: bool,
    pub progress: bool,
    pub claim: bool,
    pub decide_claim: bool,
    pub request_extension: bool,
    pub decide_extension: bool,
    pub decline: bool,
    pub reassign: bool,
    pub change_deadline: bool,
    pub withdraw: bool,
    pub delegate: bool,
}

impl Allowed {
    fn any(&self) -> bool {
        self.accept
            || self.progress
            || self.claim
            || self.decide_claim
            || self.request_extension
            || self.decide_extension
            || self.decline
            || self.reassign
            || self.change_deadline
            || self.withdraw
            || self.delegate
    }
}

/// Which forms to show. Mirrors the service checks; the services still decide.
pub fn allowed(actor: &Actor, t: &Task, has_pending_ext: bool) -> Allowed {
    let open = t.completed_on.is_none() && t.withdrawn_on.is_none();
    let lead_manager = actor.require_lead_manager(t, "").is_ok();
    let office = actor.role() == Role::Office;
    let leader_or_office = matches!(actor.role(), Role::Leader | Role::Office);
    let claimable = !matches!(
        t.state,
        TaskState::AwaitingConfirmation | TaskState::Declined | TaskState::Suspended
    );
    Allowed {
        accept: lead_manager && t.state == TaskState::New,
        progress: open && actor.require_progress(t).is_ok(),
        claim: open && lead_manager && claimable,
        decide_claim: office && t.state == TaskState::AwaitingConfirmation,
        request_extension: open && lead_manager && t.deadline_current.is_some() && !has_pending_ext,
        decide_extension: leader_or_office && has_pending_ext,
        decline: lead_manager && matches!(t.state, TaskState::New | TaskState::InProgress),
        reassign: open && office,
        change_deadline: open && leader_or_office,
        withdraw: open && leader_or_office,
        delegate: open && lead_manager && t.state != TaskState::Declined,
    }
}

pub struct UnitOpt {
    pub id: i64,
    pub name: String,
}

#[derive(Template)]
#[template(path = "task.html")]
struct TaskPage {
    c: Chrome,
    id: i64,
    content: String,
    content_hidden: bool,
    secret: bool,
    is_key: bool,
    clause: String,
    field: String,
    state: String,
    lead: String,
    coop: String,
    assigned_on: String,
    assigned_by: String,
    deadline_text: String,
    deadline_original: String,
    deadline_current: String,
    deadline_changed: bool,
    completed_on: String,
    document: Option<(i64, String)>,
    parent: Option<(i64, String)>,
    children: Vec<(i64, String, String, String, String)>,
    deadlines: Vec<Row4>,
    leads: Vec<Row4>,
    progress: Vec<Row4>,
    claims: Vec<Row4>,
    extensions: Vec<Row4>,
    audit: Vec<Row4>,
    pending_ext: Option<PendingExt>,
    can: Allowed,
    any_action: bool,
    f: Failure,
    units: Vec<UnitOpt>,
    sub_units: Vec<UnitOpt>,
    follow: super::followup::TaskFollowUp,
}

fn user_name(users: &HashMap<i64, User>, id: Option<i64>) -> String {
    id.and_then(|i| users.get(&i))
        .map_or_else(String::new, |u| u.full_name.clone())
}

pub async fn show(State(web): State<Web>, page: Page, Path(id): Path<String>) -> PageResult {
    render(&web, &page, &id, Failure::default()).await
}

pub async fn render(web: &Web, page: &Page, id: &str, failure: Failure) -> PageResult {
    let s = &web.s;
    let actor = &page.actor;
    let id: i64 = id.trim().parse().map_err(|_| {
        theodoi_core::DomainError::not_found(format!("nhiệm vụ '{id}' (số không hợp lệ)"))
    })?;
    let d = s.task_detail(actor, TaskId(id)).await?;
    let all_units = s.store.units().await?;
    let names = UnitNames::new(&all_units);
    let users: HashMap<i64, User> = s
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| (u.id.0, u))
        .collect();
    let t = &d.task;
    let pending = d
        .history
        .extensions
        .iter()
        .find(|e| e.decision == Decision::Pending);
    let can = allowed(actor, t, pending.is_some());
    let assigned_by = [
        user_name(&users, t.assigned_by_user_id.map(|u| u.0)),
        t.assigned_by_unit_id
            .map(|u| names.name(u))
            .unwrap_or_default(),
    ]
    .into_iter()
    .filter(|x| !x.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    let mut units: Vec<UnitOpt> = all_units
        .iter()
        .filter(|u| u.valid_to.is_none())
        .map(|u| UnitOpt {
            id: u.id.0,
            name: u.name.clone(),
        })
        .collect();
    units.sort_by_key(|u| theodoi_core::text::fold(&u.name));
    let sub_units = all_units
        .iter()
        .filter(|u| u.valid_to.is_none() && u.parent_id.is_some_and(|p| actor.in_scope(p)))
        .map(|u| UnitOpt {
            id: u.id.0,
            name: u.name.clone(),
        })
        .collect();
    let follow = super::followup::TaskFollowUp::load(web, actor, TaskId(id), &users).await?;
    let h = &d.history;
    let status = if failure.action.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let tpl = TaskPage {
        c: page.chrome("tasks"),
        id,
        content: t.content.clone(),
        content_hidden: d.content_hidden,
        secret: t.secret,
        is_key: t.is_key,
        clause: t.clause.clone(),
        field: t.field.clone(),
        state: t.state.label().to_string(),
        lead: names.name(t.lead_unit_id),
        coop: t
            .coop_unit_ids
            .iter()
            .map(|u| names.name(*u))
            .collect::<Vec<_>>()
            .join("; "),
        assigned_on: date_vi(t.assigned_on),
        assigned_by,
        deadline_text: t.deadline_text.clone(),
        deadline_original: t
            .deadline_original
            .map(date_vi)
            .unwrap_or_else(|| t.deadline_kind.label().to_string()),
        deadline_current: t
            .deadline_current
            .map(date_vi)
            .unwrap_or_else(|| t.deadline_kind.label().to_string()),
        deadline_changed: t.deadline_original != t.deadline_current,
        completed_on: date_text(t.completed_on),
        document: d.document.as_ref().map(|doc| {
            (
                doc.id.0,
                format!("{} ngày {}", doc.number, date_vi(doc.date)),
            )
        }),
        parent: d
            .parent
            .as_ref()
            .map(|p| (p.id.0, visible_content(p, actor))),
        children: d
            .children
            .iter()
            .map(|c| {
                (
                    c.id.0,
                    c.content.clone(),
                    names.name(c.lead_unit_id),
                    date_text(c.deadline_current),
                    c.state.label().to_string(),
                )
            })
            .collect(),
        deadlines: h
            .deadlines
            .iter()
            .map(|x| Row4 {
                a: date_vi(x.effective_on),
                b: date_text(x.deadline),
                c: x.reason.clone(),
                d: String::new(),
            })
            .collect(),
        leads: h
            .leads
            .iter()
            .map(|x| Row4 {
                a: date_vi(x.from_date),
                b: names.name(x.unit_id),
                c: x.reason.clone(),
                d: String::new(),
            })
            .collect(),
        progress: h
            .progress
            .iter()
            .map(|x| Row4 {
                a: date_vi(x.report_date),
                b: x.percent.map(|p| format!("{p}%")).unwrap_or_default(),
                c: x.text.clone(),
                d: user_name(&users, Some(x.author_id.0)),
            })
            .collect(),
        claims: h
            .claims
            .iter()
            .map(|x| Row4 {
                a: date_vi(x.finished_on),
                b: [x.result_number.clone(), x.result_text.clone()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(": "),
                c: x.decision.label().to_string(),
                d: x.note.clone(),
            })
            .collect(),
        extensions: h
            .extensions
            .iter()
            .map(|x| Row4 {
                a: date_vi(x.requested_on),
                b: date_vi(x.proposed_deadline),
                c: x.reason.clone(),
                d: format!(
                    "{}{}",
                    x.decision.label(),
                    x.decided_on
                        .map(|d| format!(" ({})", date_vi(d)))
                        .unwrap_or_default()
                ),
            })
            .collect(),
        audit: d
            .audit
            .iter()
            .map(|e| Row4 {
                a: e.at
                    .with_timezone(&crate::clock::vietnam())
                    .format("%d/%m/%Y %H:%M")
                    .to_string(),
                b: user_name(&users, e.actor.map(|a| a.0)),
                c: action_label(&e.action).to_string(),
                d: String::new(),
            })
            .collect(),
        pending_ext: pending.map(|e| PendingExt {
            id: e.id.0,
            proposed: date_vi(e.proposed_deadline),
            reason: e.reason.clone(),
        }),
        any_action: can.any(),
        can,
        f: failure,
        units,
        sub_units,
        follow,
    };
    html_status(status, &tpl)
}

fn action_label(a: &str) -> &str {
    match a {
        "assign" => "Giao nhiệm vụ",
        "accept" => "Tiếp nhận",
        "progress" => "Báo cáo tiến độ",
        "claim_completion" => "Báo cáo hoàn thành",
        "confirm_completion" => "Xác nhận hoàn thành",
        "return_completion" => "Trả lại báo cáo hoàn thành",
        "request_extension" => "Xin gia hạn",
        "approve_extension" => "Đồng ý gia hạn",
        "reject_extension" => "Không đồng ý gia hạn",
        "change_deadline" => "Điều chỉnh thời hạn",
        "decline" => "Từ chối",
        "reassign" => "Giao lại đơn vị khác",
        "withdraw" => "Thu hồi",
        "suspend" => "Tạm hoãn",
        "resume" => "Tiếp tục",
        "correct" => "Sửa thông tin",
        "urge" => "Đôn đốc",
        other => other,
    }
}
