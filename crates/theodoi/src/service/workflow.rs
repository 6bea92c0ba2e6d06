//! The life of a task after it is given: acceptance, progress, completion claims and their
//! confirmation, extensions, decline and reassignment, suspension, withdrawal, corrections.
//! Every function is one transaction that writes the change and its audit event.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use theodoi_core::access::Actor;
use theodoi_core::format::date_vi;
use theodoi_core::ids::{ExtensionId, TaskId, UnitId};
use theodoi_core::model::{Decision, Task, TaskState};
use theodoi_core::text::clean;
use theodoi_core::{DomainError, DomainResult};
use theodoi_store::{TaskUpdate, Tx};

use super::{DeadlineInput, Services, actor_id};

/// What the office may correct on a task (a wrong unit, wording or date); the audit trail
/// keeps what it replaced.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Correction {
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub clause: Option<String>,
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub is_key: Option<bool>,
    #[serde(default)]
    pub lead_unit_id: Option<i64>,
    #[serde(default)]
    pub assigned_on: Option<NaiveDate>,
    #[serde(default)]
    pub deadline: Option<DeadlineCorrection>,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct DeadlineCorrection {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

fn open(t: &Task, what: &str) -> DomainResult<()> {
    match t.state {
        TaskState::Completed | TaskState::Withdrawn => Err(DomainError::Conflict(format!(
            "nhiệm vụ #{} đã {} nên không thể {what}",
            t.id,
            t.state.label().to_lowercase()
        ))),
        _ => Ok(()),
    }
}

fn text_required(field: &str, value: &str, what: &str) -> DomainResult<String> {
    let v = clean(value);
    if v.is_empty() {
        Err(DomainError::invalid(
            field,
            format!("{what} không được để trống"),
        ))
    } else {
        Ok(v)
    }
}

impl Services {
    async fn load(&self, tx: &mut Tx, id: TaskId) -> DomainResult<Task> {
        tx.task(id)
            .await?
            .ok_or_else(|| DomainError::not_found(format!("nhiệm vụ #{id}")))
    }

    async fn fact_date(&self, on: Option<NaiveDate>) -> DomainResult<NaiveDate> {
        let today = self.today().await?;
        match on {
            Some(d) if d > today => Err(DomainError::invalid(
                "date",
                format!(
                    "ngày {} ở tương lai (hôm nay là {})",
                    date_vi(d),
                    date_vi(today)
                ),
            )),
            Some(d) => Ok(d),
            None => Ok(today),
        }
    }

    async fn finish(
        &self,
        mut tx: Tx,
        actor: &Actor,
        id: TaskId,
        action: &str,
        before: &Task,
        extra: serde_json::Value,
    ) -> DomainResult<Task> {
        let after = self.load(&mut tx, id).await?;
        let at = self.clock.now();
        tx.audit(
            at,
            actor_id(actor),
            "task",
            id.0,
            action,
            Some(before),
            Some(&serde_json::json!({"task": after, "detail": extra})),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// The lead unit takes the task on (tiếp nhận).
    pub async fn accept(&self, actor: &Actor, id: TaskId) -> DomainResult<Task> {
        let mut tx = self.store.begin().await?;
        let t = self.load(&mut tx, id).await?;
        actor.require_lead_manager(&t, "tiếp nhận")?;
        if t.state != TaskState::New {
            return Err(DomainError::Conflict(format!(
                "nhiệm vụ #{id} đang ở trạng thái {}, không cần tiếp nhận",
                t.state.label()
            )));
        }
        tx.set_state(id, TaskState::InProgress, self.clock.now())
            .await?;
        self.finish(tx, actor, id, "accept", &t, serde_json::Value::Null)
            .await
    }

    pub async fn report_progress(
        &self,
        actor: &Actor,
        id: TaskId,
        body: &str,
        percent: Option<i64>,
        on: Option<NaiveDate>,
    ) -> DomainResult<Task> {
        let body = text_required("text", body, "nội dung báo cáo tiến độ")?;
        if percent.is_some_and(|p| !(0..=100).contains(&p)) {
            return Err(DomainError::invalid(
                "percent",
                "tỷ lệ hoàn thành phải từ 0 đến 100",
            ));
        }
        let on = self.fact_date(on).await?;
        let mut tx = self.store.begin().await?;
        let t = self.load(&mut tx, id).await?;
        actor.require_progress(&t)?;
        open(&t, "báo cáo tiến độ")?;
        let at = self.clock.now();
        let pid = tx
            .insert_progress(id, on, &body, percent, actor.user.id, at)
            .await?;
        if t.state == TaskState::New && actor.in_scope(t.lead_unit_id) {
            tx.set_state(id, TaskState::InProgress, at).await?;
        }
        self.finish(
            tx,
            actor,
            id,
            "progress",
            &t,
            serde_json::json!({"progress_id": pid, "date": on, "text": body, "percent": percent}),
        )
        .await
    }

    /// The lead unit reports the work done (báo cáo hoàn thành), for the office to confirm.
    pub async fn claim_completion(
        &self,
        actor: &Actor,
        id: TaskId,
        finished_on: Option<NaiveDate>,
        result_number: &str,
        result_text: &str,
    ) -> DomainResult<Task> {
        let result_text = text_required("result_text", result_text, "kết quả thực hiện")?;
        let finished_on = self.fact_date(finished_on).await?;
        let today = self.today().await?;
        let mut tx = self.store.begin().await?;
        let t = self.load(&mut tx, id).await?;
        actor.require_lead_manager(&t, "báo cáo hoàn thành")?;
        open(&t, "báo cáo hoàn thành")?;
        if matches!(
            t.state,
            TaskState::AwaitingConfirmation | TaskState::Declined | TaskState::Suspended
        ) {
            return Err(DomainError::Conflict(format!(
                "nhiệm vụ #{id} đang {}",
                t.state.label().to_lowercase()
            )));
        }
        if finished_on < t.assigned_on {
            return Err(DomainError::invalid(
                "finished_on",
                format!(
                    "ngày hoàn thành {} trước ngày giao {}",
                    date_vi(finished_on),
                    date_vi(t.assigned_on)
                ),
            ));
        }
        let at = self.clock.now();
        let cid = tx
            .insert_claim(
                id,
                finished_on,
                today,
                &clean(result_number),
                &result_text,
                actor.user.id,
                at,
            )
            .await?;
        tx.set_state(id, TaskState::AwaitingConfirmation, at)
            .await?;
        self.finish(
            tx,
            actor,
            id,
            "claim_completion",
            &t,
            serde_json::json!({"claim_id": cid, "finished_on": finished_on}),
        )
        .await
    }

    /// The office confirms the claim: the task is completed as of the day the unit finished.
    pub async fn confirm_completion(
        &self,
        actor: &Actor,
        id: TaskId,
        note: &str,
    ) -> DomainResult<Task> {
        actor.require_office("xác nhận hoàn thành")?;
        let today = self.today().await?;
        let mut tx = self.store.begin().await?;
        let t = self.load(&mut tx, id).await?;
        let (claim, finished_on) = tx.pending_claim(id).await?.ok_or_else(|| {
            DomainError::Conflict(format!(
                "nhiệm vụ #{id} chưa có báo cáo hoàn thành chờ xác nhận"
            ))
        })?;
        let at = self.clock.now();
        tx.decide_claim(
            claim,
            Decision::Approved,
            actor.user.id,
            today,
            &clean(note),
            at,
        )
        .await?;
        tx.set_completed(id, Some(finished_on), at).await?;
        tx.set_state(id, TaskState::Completed, at).await?;
        self.finish(
            tx,
            actor,
            id,
            "confirm_completion",
            &t,
            serde_json::json!({"claim_id": claim, "completed_on": finished_on}),
        )
        .await
    }

    /// The office returns the claim: the task goes back to in progress.
    pub async fn return_completion(
        &self,
        actor: &Actor,
        id: TaskId,
        note: &str,
    ) -> DomainResult<Task> {
        actor.require_office("trả lại báo cáo hoàn thành")?;
        let note = text_required("note", note, "lý do trả lại")?;
        let today = self.today().await?;
        let mut tx = self.store.begin().await?;
        let t = self.load(&mut tx, id).await?;
        let (claim, _) = tx.pending_claim(id).await?.ok_or_else(|| {
            DomainError::Conflict(format!(
                "nhiệm vụ #{id} chưa có báo cáo hoàn thành chờ xác nhận"
            ))
        })?;
        let at = self.clock.now();
        tx.decide_claim(claim, Decision::Rejected, actor.user.id, today, &note, at)
            .await?;
        tx.set_state(id, TaskState::InProgress, at).await?;
        self.finish(
            tx,
            actor,
            id,
            "return_completion",
            &t,
            serde_json::json!({"claim_id": claim, "note": note}),
        )
        .await
    }

    /// The lead unit asks for more time, before the deadline passes.
    pub async fn request_extension(
        &self,
        actor: &Actor,
        id: TaskId,
        proposed: NaiveDate,
        reason: &str,
    ) -> DomainResult<ExtensionId> {
        let reason = text_required("reason", reason, "lý do xin gia hạn")?;
        let today = self.today().await?;
        let mut tx = self.store.begin().await?;
        let t = self.load(&mut tx, id).await?;
        actor.require_lead_manager(&t, "xin gia hạn")?;
        open(&t, "xin gia hạn")?;
        let Some(current) = t.deadline_current else {
            return Err(DomainError::Conflict(format!(
                "nhiệm vụ #{id} không có thời hạn nên không cần gia hạn"
            )));
        };
        if today > current {
            return Err(DomainError::Conflict(format!(
                "đã quá hạn ({}); phải xin gia hạn trước khi hết hạn",
                date_vi(current)
            )));
        }
        if proposed <= current {
            return Err(DomainError::invalid(
                "proposed_deadline",
                format!(
                    "thời hạn đề nghị {} phải sau thời hạn hiện tại {}",
                    date_vi(proposed),
                    date_vi(current)
                ),
            ));
        }
        let eid = tx
            .insert_extension(id, &reason, proposed, actor.user.id, today)
            .await?;
        let at = self.clock.now();
        tx.audit(
            at,
            actor_id(actor),
            "task",
            id.0,
            "request_extension",
            Some(&t),
            Some(&serde_json::json!({"extension_id": eid, "proposed": proposed, "reason": reason})),
        )
        .await?;
        tx.commit().await?;
        Ok(eid)
    }

    /// The assigning leader (or the office on their behalf) approves or rejects. An approval
    /// governs from the day of the decision; the original deadline is kept.
    pub async fn decide_extension(
        &self,
        actor: &Actor,
        ext: ExtensionId,
        approve: bool,
        deadline: Option<NaiveDate>,
        note: &str,
    ) -> DomainResult<Task> {
        actor.require_leader_or_office("quyết định gia hạn")?;
        let today = self.today().await?;
        let mut tx = self.store.begin().await?;
        let (id, proposed, decision) = tx
            .extension(ext)
            .await?
            .ok_or_else(|| DomainError::not_found(format!("đề nghị gia hạn #{ext}")))?;
        if decision != Decision::Pending {
            return Err(DomainError::Conflict(format!(
                "đề nghị gia hạn #{ext} đã được quyết định ({})",
                decision.label()
            )));
        }
        let t = self.load(&mut tx, id).await?;
        open(&t, "gia hạn")?;
        let at = self.clock.now();
        let granted = deadline.unwrap_or(proposed);
        if approve {
            if t.deadline_current.is_some_and(|c| granted <= c) {
                return Err(DomainError::invalid(
                    "deadline",
                    format!(
                        "thời hạn mới {} phải sau thời hạn hiện tại",
                        date_vi(granted)
                    ),
                ));
            }
            tx.decide_extension(ext, Decision::Approved, actor.user.id, today, &clean(note))
                .await?;
            tx.add_deadline_change(
                id,
                today,
                Some(granted),
                &format!("gia hạn theo đề nghị #{ext}"),
                at,
            )
            .await?;
        } else {
            tx.decide_extension(ext, Decision::Rejected, actor.user.id, today, &clean(note))
                .await?;
        }
        let action = if approve {
            "approve_extension"
        } else {
            "reject_extension"
        };
        self.finish(
            tx,
            actor,
            id,
            action,
            &t,
            serde_json::json!({"extension_id": ext, "deadline": approve.then_some(granted)}),
        )
        .await
    }

    /// A leader changes a deadline directly (điều chỉnh thời hạn), effective today.
    pub async fn change_deadline(
        &self,
        actor: &Actor,
        id: TaskId,
        deadline: Option<NaiveDate>,
        reason: &str,
    ) -> DomainResult<Task> {
        actor.require_leader_or_office("điều chỉnh thời hạn")?;
        let reason = text_required("reason", reason, "lý do điều chỉnh thời hạn")?;
        let today = self.today().await?;
        let mut tx = self.store.begin().await?;
        let t = self.load(&mut tx, id).await?;
        open(&t, "điều chỉnh thời hạn")?;
        tx.add_deadline_change(id, today, deadline, &reason, self.clock.now())
            .await?;
        self.finish(
            tx,
            actor,
            id,
            "change_deadline",
            &t,
            serde_json::json!({"deadline": deadline, "reason": reason}),
        )
        .await
    }

    /// The lead unit declines a task that is not theirs; the office then reassigns it.
    pub async fn decline(&self, actor: &Actor, id: TaskId, reason: &str) -> DomainResult<Task> {
        let reason = text_required("reason", reason, "lý do từ chối")?;
        let mut tx = self.store.begin().await?;
        let t = self.load(&mut tx, id).await?;
        actor.require_lead_manager(&t, "từ chối")?;
        if !matches!(t.state, TaskState::New | TaskState::InProgress) {
            return Err(DomainError::Conflict(format!(
                "nhiệm vụ #{id} đang {}, không thể từ chối",
                t.state.label().to_lowercase()
            )));
        }
        tx.set_state(id, TaskState::Declined, self.clock.now())
            .await?;
        self.finish(
            tx,
            actor,
            id,
            "decline",
            &t,
            serde_json::json!({"reason": reason}),
        )
        .await
    }

    /// The office gives a task to another unit; it counts for that unit from `on`.
    pub async fn reassign(
        &self,
        actor: &Actor,
        id: TaskId,
        unit: UnitId,
        on: Option<NaiveDate>,
        reason: &str,
    ) -> DomainResult<Task> {
        actor.require_office("giao lại nhiệm vụ")?;
        let on = self.fact_date(on).await?;
        if self.store.unit(unit).await?.is_none() {
            return Err(DomainError::invalid(
                "unit",
                format!("không có đơn vị #{unit}"),
            ));
        }
        let mut tx = self.store.begin().await?;
        let t = self.load(&mut tx, id).await?;
        open(&t, "giao lại")?;
        if t.lead_unit_id == unit {
            return Err(DomainError::invalid(
                "unit",
                "đơn vị mới trùng đơn vị đang chủ trì",
            ));
        }
        let at = self.clock.now();
        tx.set_lead(id.0, unit, on, &clean(reason), at).await?;
        tx.set_state(id, TaskState::New, at).await?;
        self.finish(
            tx,
            actor,
            id,
            "reassign",
            &t,
            serde_json::json!({"unit_id": unit, "from": on, "reason": clean(reason)}),
        )
        .await
    }

    pub async fn withdraw(
        &self,
        actor: &Actor,
        id: TaskId,
        on: Option<NaiveDate>,
        reason: &str,
    ) -> DomainResult<Task> {
        actor.require_leader_or_office("thu hồi nhiệm vụ")?;
        let reason = text_required("reason", reason, "lý do thu hồi")?;
        let on = self.fact_date(on).await?;
        let mut tx = self.store.begin().await?;
        let t = self.load(&mut tx, id).await?;
        open(&t, "thu hồi")?;
        tx.set_withdrawn(id, on, self.clock.now()).await?;
        self.finish(
            tx,
            actor,
            id,
            "withdraw",
            &t,
            serde_json::json!({"on": on, "reason": reason}),
        )
        .await
    }

    pub async fn suspend(
        &self,
        actor: &Actor,
        id: TaskId,
        on: Option<NaiveDate>,
        reason: &str,
    ) -> DomainResult<Task> {
        actor.require_leader_or_office("tạm hoãn nhiệm vụ")?;
        let reason = text_required("reason", reason, "lý do tạm hoãn")?;
        let on = self.fact_date(on).await?;
        let mut tx = self.store.begin().await?;
        let t = self.load(&mut tx, id).await?;
        open(&t, "tạm hoãn")?;
        if t.state == TaskState::Suspended {
            return Err(DomainError::Conflict(format!(
                "nhiệm vụ #{id} đang tạm hoãn"
            )));
        }
        tx.start_suspension(id, on, &reason, self.clock.now())
            .await?;
        self.finish(
            tx,
            actor,
            id,
            "suspend",
            &t,
            serde_json::json!({"on": on, "reason": reason}),
        )
        .await
    }

    pub async fn resume(
        &self,
        actor: &Actor,
        id: TaskId,
        on: Option<NaiveDate>,
    ) -> DomainResult<Task> {
        actor.require_leader_or_office("tiếp tục nhiệm vụ tạm hoãn")?;
        let on = self.fact_date(on).await?;
        let mut tx = self.store.begin().await?;
        let t = self.load(&mut tx, id).await?;
        if t.state != TaskState::Suspended {
            return Err(DomainError::Conflict(format!(
                "nhiệm vụ #{id} không ở trạng thái tạm hoãn"
            )));
        }
        tx.end_suspension(id, on, self.clock.now()).await?;
        self.finish(tx, actor, id, "resume", &t, serde_json::json!({"on": on}))
            .await
    }

    /// The office corrects a registration mistake. Corrections are retroactive (the record
    /// was wrong from the start); the audit trail keeps the original values.
    pub async fn correct(&self, actor: &Actor, id: TaskId, c: Correction) -> DomainResult<Task> {
        actor.require_office("sửa thông tin nhiệm vụ")?;
        let reason = text_required("reason", &c.reason, "lý do sửa")?;
        let units = self.store.units().await?;
        let mut tx = self.store.begin().await?;
        let t = self.load(&mut tx, id).await?;
        let at = self.clock.now();
        if let Some(content) = &c.content {
            text_required("content", content, "nội dung nhiệm vụ")?;
        }
        let update = TaskUpdate {
            content: c.content.as_deref().map(clean),
            clause: c.clause.as_deref().map(clean),
            field: c.field.as_deref().map(clean),
            is_key: c.is_key,
            deadline_text: None,
            assigned_on: c.assigned_on,
        };
        tx.update_task_fields(id, &update, at).await?;
        if let Some(u) = c.lead_unit_id {
            if !units.iter().any(|x| x.id.0 == u) {
                return Err(DomainError::invalid(
                    "lead_unit_id",
                    format!("không có đơn vị #{u}"),
                ));
            }
            tx.correct_lead(id, UnitId(u), at).await?;
        }
        if let Some(d) = &c.deadline {
            let doc_date = t.assigned_on;
            let r = self
                .resolve_deadline_for(
                    &DeadlineInput {
                        text: d.text.clone(),
                        date: d.date,
                    },
                    doc_date,
                )
                .await
                .map_err(|e| DomainError::invalid("deadline", e))?;
            tx.correct_original_deadline(id, r.0, r.2, &r.1, at).await?;
        }
        self.finish(
            tx,
            actor,
            id,
            "correct",
            &t,
            serde_json::json!({"correction": c, "reason": reason}),
        )
        .await
    }
}
