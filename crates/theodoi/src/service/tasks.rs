//! Giving tasks: from a document clause to one task per lead unit (an assignment group when
//! several), with the deadline read from its Vietnamese wording; recurring tasks get one
//! occurrence per period; delegation to sub-units.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use theodoi_core::access::Actor;
use theodoi_core::deadline::{DeadlineRule, occurrences, parse_deadline};
use theodoi_core::error::Problems;
use theodoi_core::format::date_vi;
use theodoi_core::ids::{DocumentId, GroupId, TaskId, UnitId, UserId};
use theodoi_core::model::{DeadlineKind, Role, Task};
use theodoi_core::text::clean;
use theodoi_core::{DomainError, DomainResult};
use theodoi_store::{NewTask, Tx};

use super::{Services, actor_id};

/// A deadline as the user gave it: a phrase, a date, or nothing (continuous work).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DeadlineInput {
    /// "hoàn thành trong tháng 01/2023", "trong 10 ngày làm việc kể từ ngày ký", "thường xuyên"…
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AssignInput {
    #[serde(default)]
    pub document_id: Option<i64>,
    #[serde(default)]
    pub clause: String,
    pub content: String,
    /// One task per lead unit; several make an assignment group.
    pub lead_unit_ids: Vec<i64>,
    #[serde(default)]
    pub coop_unit_ids: Vec<i64>,
    #[serde(default)]
    pub assigned_by_user_id: Option<i64>,
    #[serde(default)]
    pub assigned_by_unit_id: Option<i64>,
    /// Defaults to the document's date, else today.
    #[serde(default)]
    pub assigned_on: Option<NaiveDate>,
    #[serde(default)]
    pub deadline: DeadlineInput,
    #[serde(default)]
    pub is_key: bool,
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub secret: bool,
    /// Delegation: the unit's task this one carries out.
    #[serde(default)]
    pub parent_task_id: Option<i64>,
    /// Last day recurring occurrences are generated for (default: the end of the year).
    #[serde(default)]
    pub recurring_until: Option<NaiveDate>,
}

/// A clause checked by [`Services::prepare_assign`], ready to write.
pub(crate) struct PreparedAssign {
    base: NewTask,
    lead_unit_ids: Vec<i64>,
    rule: Option<DeadlineRule>,
    text: String,
    recurring_until: Option<NaiveDate>,
}

/// A document registered in the same transaction as its tasks (it has no id yet).
pub(crate) struct PendingDocument {
    pub date: NaiveDate,
    pub secret: bool,
}

/// A deadline resolved for storage.
struct Resolved {
    kind: DeadlineKind,
    text: String,
    due: Option<NaiveDate>,
    rule: Option<DeadlineRule>,
}

impl Services {
    /// Registers tasks from one clause: one per lead unit, grouped when several, all in one
    /// transaction.
    pub async fn assign(&self, actor: &Actor, input: AssignInput) -> DomainResult<Vec<Task>> {
        self.assign_linked(actor, input, None).await
    }

    /// [`Self::assign`], or, with `inspection`, a task given from that inspection's
    /// conclusions by the working group or the office, linked to it in the same transaction.
    pub(crate) async fn assign_linked(
        &self,
        actor: &Actor,
        input: AssignInput,
        inspection: Option<i64>,
    ) -> DomainResult<Vec<Task>> {
        let prepared = self
            .prepare_assign(actor, input, None, inspection.is_some())
            .await?;
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        let created = self
            .write_assign(&mut tx, actor, &prepared, None, at)
            .await?;
        if let Some(inspection) = inspection {
            for id in &created {
                tx.link_inspection_task(inspection, *id, "created").await?;
            }
            tx.audit(
                at,
                actor_id(actor),
                "inspection",
                inspection,
                "create_task",
                None::<&()>,
                Some(&serde_json::json!({"tasks": created})),
            )
            .await?;
        }
        let mut tasks = Vec::new();
        for id in &created {
            if let Some(t) = tx.task(*id).await? {
                tasks.push(t);
            }
        }
        tx.commit().await?;
        Ok(tasks)
    }

    /// Checks one clause without writing anything. `pending` is the document being registered
    /// in the same transaction (it has no id yet), which gives the date deadlines count from;
    /// `by_inspection` lets the working group give a task from its conclusions.
    pub(crate) async fn prepare_assign(
        &self,
        actor: &Actor,
        input: AssignInput,
        pending: Option<&PendingDocument>,
        by_inspection: bool,
    ) -> DomainResult<PreparedAssign> {
        let delegation = input.parent_task_id.map(TaskId);
        let parent = match delegation {
            Some(pid) => Some(self.store.task(pid).await?.ok_or_else(|| {
                DomainError::invalid("parent_task_id", format!("không có nhiệm vụ #{pid}"))
            })?),
            None => None,
        };
        match &parent {
            Some(p) => actor.require_lead_manager(p, "giao lại cho đơn vị cấp dưới")?,
            None if by_inspection => super::inspections::require_inspection_write(actor)?,
            None => actor.require_register()?,
        }
        let units = self.store.units().await?;
        let mut p = Problems::new();
        let content = clean(&input.content);
        if content.is_empty() {
            p.add("content", "nội dung nhiệm vụ không được để trống");
        }
        if input.lead_unit_ids.is_empty() {
            p.add("lead_unit_ids", "phải có ít nhất một đơn vị chủ trì");
        }
        let mut seen = std::collections::HashSet::new();
        for id in &input.lead_unit_ids {
            if !units.iter().any(|u| u.id.0 == *id) {
                p.add("lead_unit_ids", format!("không có đơn vị #{id}"));
            } else if !seen.insert(*id) {
                p.add("lead_unit_ids", format!("đơn vị #{id} bị lặp"));
            }
            if parent.is_some() && !actor.in_scope(UnitId(*id)) {
                p.add(
                    "lead_unit_ids",
                    format!("đơn vị #{id} không thuộc đơn vị của bạn"),
                );
            }
        }
        for id in &input.coop_unit_ids {
            if !units.iter().any(|u| u.id.0 == *id) {
                p.add("coop_unit_ids", format!("không có đơn vị phối hợp #{id}"));
            }
            if input.lead_unit_ids.len() == 1 && input.lead_unit_ids.contains(id) {
                p.add(
                    "coop_unit_ids",
                    format!("đơn vị #{id} vừa chủ trì vừa phối hợp"),
                );
            }
        }
        let document = match input.document_id {
            Some(_) if pending.is_some() => None,
            Some(d) => {
                let doc = self.store.document(DocumentId(d)).await?;
                if doc.is_none() {
                    p.add("document_id", format!("không có văn bản #{d}"));
                }
                doc
            }
            None => None,
        };
        let assigned_by_user = match input.assigned_by_user_id {
            Some(u) => {
                let user = self.store.user(UserId(u)).await?;
                if !user
                    .as_ref()
                    .is_some_and(|u| u.role == Role::Leader || parent.is_some())
                {
                    p.add(
                        "assigned_by_user_id",
                        format!("#{u} không phải lãnh đạo giao nhiệm vụ"),
                    );
                }
                Some(UserId(u))
            }
            None if actor.role() == Role::Leader => actor_id(actor),
            None => None,
        };
        if let Some(u) = input.assigned_by_unit_id
            && !units.iter().any(|x| x.id.0 == u)
        {
            p.add("assigned_by_unit_id", format!("không có đơn vị #{u}"));
        }
        let today = self.today().await?;
        let document_date = document
            .as_ref()
            .map(|d| d.date)
            .or(pending.map(|p| p.date));
        let assigned_on = input.assigned_on.or(document_date).unwrap_or(today);
        let doc_date = document_date.unwrap_or(assigned_on);
        let resolved = match self.resolve_deadline(&input.deadline, doc_date).await {
            Ok(r) => Some(r),
            Err(e) => {
                p.add("deadline", e);
                None
            }
        };
        if let Some(r) = &resolved
            && r.due.is_some_and(|d| d < assigned_on)
        {
            p.add(
                "deadline",
                format!(
                    "thời hạn {} trước ngày giao {}",
                    date_vi(r.due.unwrap_or(assigned_on)),
                    date_vi(assigned_on)
                ),
            );
        }
        // A delegation carries out part of its parent: it cannot be due after the parent.
        if let (Some(parent), Some(r)) = (&parent, &resolved)
            && let Some(limit) = parent.deadline_current
        {
            match r.due {
                Some(due) if due > limit => p.add(
                    "deadline",
                    format!(
                        "thời hạn {} muộn hơn thời hạn của nhiệm vụ được giao ({})",
                        date_vi(due),
                        date_vi(limit)
                    ),
                ),
                None => p.add(
                    "deadline",
                    format!(
                        "nhiệm vụ được giao có thời hạn {}; nhập thời hạn không muộn hơn",
                        date_vi(limit)
                    ),
                ),
                Some(_) => {}
            }
        }
        p.into_result()?;
        let Some(resolved) = resolved else {
            return Err(DomainError::invalid("deadline", "thời hạn không hợp lệ"));
        };

        let base = NewTask {
            document_id: document.as_ref().map(|d| d.id),
            clause: clean(&input.clause),
            content: content.clone(),
            lead_unit_id: UnitId(0),
            coop_unit_ids: input.coop_unit_ids.iter().map(|u| UnitId(*u)).collect(),
            assigned_by_user_id: assigned_by_user,
            assigned_by_unit_id: input
                .assigned_by_unit_id
                .map(UnitId)
                .or(parent.as_ref().map(|p| p.lead_unit_id)),
            assigned_on,
            deadline_kind: resolved.kind,
            deadline_text: resolved.text.clone(),
            deadline: resolved.due,
            recurrence: None,
            series_id: None,
            period_label: String::new(),
            is_key: input.is_key,
            field: clean(&input.field),
            parent_id: delegation,
            group_id: None,
            report_level: if parent.is_some() { 1 } else { 0 },
            secret: input.secret
                || pending.is_some_and(|p| p.secret)
                || document
                    .as_ref()
                    .is_some_and(|d| d.secrecy == theodoi_core::model::Secrecy::Secret),
            created_by: actor_id(actor),
        };
        Ok(PreparedAssign {
            base,
            lead_unit_ids: input.lead_unit_ids,
            rule: resolved.rule,
            text: resolved.text,
            recurring_until: input.recurring_until,
        })
    }

    /// Writes a checked clause inside the caller's transaction: one task per lead unit,
    /// grouped when several; `document_id` attaches it to a document registered in the same
    /// transaction. Returns the ids created.
    pub(crate) async fn write_assign(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        prepared: &PreparedAssign,
        document_id: Option<DocumentId>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> DomainResult<Vec<TaskId>> {
        let settings = self.deadline_settings().await?;
        let calendar = self.calendar().await?;
        let mut base = prepared.base.clone();
        if document_id.is_some() {
            base.document_id = document_id;
        }
        let content = base.content.clone();
        let assigned_on = base.assigned_on;
        let group = if prepared.lead_unit_ids.len() > 1 {
            Some(tx.insert_group(&content, base.document_id, at).await?)
        } else {
            None
        };
        base.group_id = group;
        let mut created = Vec::new();
        for lead in &prepared.lead_unit_ids {
            let mut t = base.clone();
            t.lead_unit_id = UnitId(*lead);
            t.coop_unit_ids.retain(|c| c.0 != *lead);
            match &prepared.rule {
                Some(DeadlineRule::Recurring { every }) => {
                    let until = prepared.recurring_until.unwrap_or_else(|| {
                        NaiveDate::from_ymd_opt(assigned_on.year(), 12, 31).unwrap_or(assigned_on)
                    });
                    let mut series = t.clone();
                    series.report_level = 2;
                    series.recurrence = Some(format!("{every:?}").to_lowercase());
                    let sid = insert_with_audit(tx, actor, &series, at).await?;
                    created.push(sid);
                    for (label, due) in occurrences(*every, assigned_on, until, &calendar, settings)
                    {
                        let mut o = t.clone();
                        let (start, _) =
                            theodoi_core::deadline::period_of(every.period(), due.min(until));
                        o.assigned_on = start.max(assigned_on);
                        o.series_id = Some(sid);
                        o.period_label = label.clone();
                        o.deadline_kind = DeadlineKind::Date;
                        o.deadline = Some(due);
                        o.deadline_text = format!("{} ({label})", prepared.text);
                        created.push(insert_with_audit(tx, actor, &o, at).await?);
                    }
                }
                _ => created.push(insert_with_audit(tx, actor, &t, at).await?),
            }
        }
        if let Some(g) = group {
            tx.audit(
                at,
                actor_id(actor),
                "assignment_group",
                g.0,
                "create",
                None::<&()>,
                Some(&serde_json::json!({"content": content, "tasks": created})),
            )
            .await?;
        }
        Ok(created)
    }

    async fn resolve_deadline(
        &self,
        d: &DeadlineInput,
        doc_date: NaiveDate,
    ) -> Result<Resolved, String> {
        let settings = self.deadline_settings().await.map_err(|e| e.to_string())?;
        let cal = self.calendar().await.map_err(|e| e.to_string())?;
        let text = d.text.as_deref().map(clean).filter(|t| !t.is_empty());
        if let Some(date) = d.date {
            let due = settings.apply(&cal, date);
            return Ok(Resolved {
                kind: DeadlineKind::Date,
                text: text.unwrap_or_else(|| format!("trước ngày {}", date_vi(date))),
                due: Some(due),
                rule: None,
            });
        }
        let Some(text) = text else {
            return Ok(Resolved {
                kind: DeadlineKind::None,
                text: String::new(),
                due: None,
                rule: None,
            });
        };
        let parsed =
            parse_deadline(&text, Some(doc_date), &cal, settings).map_err(|e| e.to_string())?;
        let kind = match parsed.rule {
            DeadlineRule::Date { .. } => DeadlineKind::Date,
            DeadlineRule::PeriodEnd { .. } => DeadlineKind::PeriodEnd,
            DeadlineRule::DaysFrom { .. } => DeadlineKind::DaysFrom,
            DeadlineRule::Recurring { .. } => DeadlineKind::Recurring,
            DeadlineRule::Continuous => DeadlineKind::None,
        };
        Ok(Resolved {
            kind,
            text,
            due: parsed.due,
            rule: Some(parsed.rule),
        })
    }

    pub(crate) async fn resolve_deadline_for(
        &self,
        d: &DeadlineInput,
        doc_date: NaiveDate,
    ) -> Result<(DeadlineKind, String, Option<NaiveDate>), String> {
        let r = self.resolve_deadline(d, doc_date).await?;
        Ok((r.kind, r.text, r.due))
    }

    /// The tasks of an assignment group (for "9/15 địa phương chưa trình").
    pub async fn group_tasks(&self, actor: &Actor, group: GroupId) -> DomainResult<Vec<Task>> {
        actor.require_reports()?;
        let page = self
            .store
            .tasks(&theodoi_store::TaskFilter {
                group_id: Some(group),
                limit: 1000,
                include_delegated: false,
                ..Default::default()
            })
            .await?;
        Ok(page
            .tasks
            .into_iter()
            .map(|r| r.task)
            .filter(|t| actor.can_view(t))
            .collect())
    }
}

async fn insert_with_audit(
    tx: &mut Tx,
    actor: &Actor,
    t: &NewTask,
    at: chrono::DateTime<chrono::Utc>,
) -> DomainResult<TaskId> {
    let id = tx.insert_task(t, at).await?;
    let task = tx.task(id).await?;
    tx.audit(
        at,
        actor_id(actor),
        "task",
        id.0,
        "assign",
        None::<&()>,
        task.as_ref(),
    )
    .await?;
    Ok(id)
}
