//! The action forms of a task page: each posts to `/nhiem-vu/{id}/{action}`, calls one
//! service function, and on a mistake shows the page again with what was typed.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use theodoi_core::DomainError;
use theodoi_core::ids::{ExtensionId, TaskId, UnitId};

use super::task_show::{Failure, render};
use crate::service::{AssignInput, DeadlineInput};
use crate::web::auth::Page;
use crate::web::form::{Errors, parse_date};
use crate::web::{PageResult, Web};

pub async fn act(
    State(web): State<Web>,
    page: Page,
    Path((id, action)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let task_id: i64 = id
        .trim()
        .parse()
        .map_err(|_| DomainError::not_found(format!("nhiệm vụ '{id}' (số không hợp lệ)")))?;
    let values: HashMap<String, String> = pairs.into_iter().collect();
    match perform(&web, &page, TaskId(task_id), &action, &values).await {
        Ok(to) => Ok(Redirect::to(&to).into_response()),
        Err(e) => {
            let errors = Errors::from_error(e)?;
            render(
                &web,
                &page,
                &id,
                Failure {
                    action,
                    values,
                    errors,
                },
            )
            .await
        }
    }
}

fn text<'a>(v: &'a HashMap<String, String>, k: &str) -> &'a str {
    v.get(k).map_or("", |s| s.as_str())
}

fn date(errors: &mut Errors, v: &HashMap<String, String>, k: &str) -> Option<chrono::NaiveDate> {
    match parse_date(k, text(v, k)) {
        Ok(d) => d,
        Err(e) => {
            errors.fields.push(e);
            None
        }
    }
}

fn int(errors: &mut Errors, v: &HashMap<String, String>, k: &str, what: &str) -> Option<i64> {
    let s = text(v, k).trim();
    if s.is_empty() {
        return None;
    }
    s.parse()
        .map_err(|_| errors.add(k, format!("{what} '{s}' không phải số")))
        .ok()
}

/// Runs the action; returns where to go next.
async fn perform(
    web: &Web,
    page: &Page,
    id: TaskId,
    action: &str,
    v: &HashMap<String, String>,
) -> Result<String, DomainError> {
    let s = &web.s;
    let a = &page.actor;
    let back = format!("/nhiem-vu/{id}");
    let mut e = Errors::default();
    match action {
        "tiep-nhan" => {
            s.accept(a, id).await?;
        }
        "tien-do" => {
            let on = date(&mut e, v, "date");
            let percent = int(&mut e, v, "percent", "tỷ lệ");
            e.into_result()?;
            s.report_progress(a, id, text(v, "text"), percent, on)
                .await?;
        }
        "bao-cao-hoan-thanh" => {
            let on = date(&mut e, v, "finished_on");
            e.into_result()?;
            s.claim_completion(a, id, on, text(v, "result_number"), text(v, "result_text"))
                .await?;
        }
        "xac-nhan" => {
            s.confirm_completion(a, id, text(v, "note")).await?;
        }
        "tra-lai" => {
            s.return_completion(a, id, text(v, "note")).await?;
        }
        "xin-gia-han" => {
            let proposed = date(&mut e, v, "proposed_deadline");
            if proposed.is_none() && !e.has("proposed_deadline") {
                e.add(
                    "proposed_deadline",
                    "nhập thời hạn đề nghị (ngày/tháng/năm)",
                );
            }
            e.into_result()?;
            if let Some(p) = proposed {
                s.request_extension(a, id, p, text(v, "reason")).await?;
            }
        }
        "quyet-dinh-gia-han" => {
            let ext = int(&mut e, v, "ext", "đề nghị gia hạn");
            let deadline = date(&mut e, v, "deadline");
            let approve = match text(v, "decision") {
                "approve" => true,
                "reject" => false,
                _ => {
                    e.add("decision", "chọn đồng ý hoặc không đồng ý");
                    false
                }
            };
            e.into_result()?;
            let ext = ext.ok_or_else(|| DomainError::invalid("ext", "thiếu đề nghị gia hạn"))?;
            // The request must belong to this task (no deciding another task's by its id).
            let h = s.store.task_history(id).await?;
            if !h.extensions.iter().any(|x| x.id.0 == ext) {
                return Err(DomainError::not_found(format!(
                    "đề nghị gia hạn #{ext} của nhiệm vụ #{id}"
                )));
            }
            s.decide_extension(a, ExtensionId(ext), approve, deadline, text(v, "note"))
                .await?;
        }
        "tu-choi" => {
            s.decline(a, id, text(v, "reason")).await?;
        }
        "giao-lai" => {
            let unit = int(&mut e, v, "unit", "đơn vị");
            let on = date(&mut e, v, "date");
            if unit.is_none() && !e.has("unit") {
                e.add("unit", "chọn đơn vị nhận nhiệm vụ");
            }
            e.into_result()?;
            if let Some(u) = unit {
                s.reassign(a, id, UnitId(u), on, text(v, "reason")).await?;
            }
        }
        "dieu-chinh-thoi-han" => {
            let deadline = date(&mut e, v, "deadline");
            e.into_result()?;
            s.change_deadline(a, id, deadline, text(v, "reason"))
                .await?;
        }
        "thu-hoi" => {
            let on = date(&mut e, v, "date");
            e.into_result()?;
            s.withdraw(a, id, on, text(v, "reason")).await?;
        }
        "giao-cap-duoi" => {
            let unit = int(&mut e, v, "unit", "đơn vị");
            if unit.is_none() && !e.has("unit") {
                e.add("unit", "chọn đơn vị cấp dưới");
            }
            let deadline = deadline_input(&mut e, text(v, "deadline"));
            e.into_result()?;
            let parent = s
                .store
                .task(id)
                .await?
                .ok_or_else(|| DomainError::not_found(format!("nhiệm vụ #{id}")))?;
            let created = s
                .assign(
                    a,
                    AssignInput {
                        document_id: parent.document_id.map(|d| d.0),
                        clause: parent.clause.clone(),
                        content: text(v, "content").to_string(),
                        lead_unit_ids: unit.into_iter().collect(),
                        coop_unit_ids: vec![],
                        assigned_by_user_id: None,
                        assigned_by_unit_id: Some(parent.lead_unit_id.0),
                        assigned_on: None,
                        deadline,
                        is_key: parent.is_key,
                        field: parent.field.clone(),
                        secret: parent.secret,
                        parent_task_id: Some(id.0),
                        recurring_until: None,
                    },
                )
                .await?;
            if let Some(c) = created.first() {
                return Ok(format!("/nhiem-vu/{}", c.id));
            }
        }
        other => {
            return Err(DomainError::not_found(format!("thao tác '{other}'")));
        }
    }
    Ok(back)
}

/// A deadline typed as a date (`dd/mm/yyyy`) or as a Vietnamese phrase.
pub fn deadline_input(e: &mut Errors, s: &str) -> DeadlineInput {
    let s = s.trim();
    if s.is_empty() {
        return DeadlineInput::default();
    }
    match parse_date("deadline", s) {
        Ok(d) => DeadlineInput {
            text: None,
            date: d,
        },
        Err(_) if s.chars().any(|c| c.is_alphabetic()) => DeadlineInput {
            text: Some(s.to_string()),
            date: None,
        },
        Err(err) => {
            e.fields.push(err);
            DeadlineInput::default()
        }
    }
}
