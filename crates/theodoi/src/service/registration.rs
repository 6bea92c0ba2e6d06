//! Registering a document together with its tasks (the "đăng ký văn bản và giao việc" form,
//! and its JSON equivalent): every row is checked before anything is written, so a mistake in
//! row 3 does not leave a document with two of its tasks.

use chrono::NaiveDate;
use serde::Deserialize;
use theodoi_core::access::Actor;
use theodoi_core::error::Problems;
use theodoi_core::format::date_vi;
use theodoi_core::ids::DocumentId;
use theodoi_core::model::{Document, Task};
use theodoi_core::text::clean;
use theodoi_core::{DomainError, DomainResult, FieldError};

use super::{AssignInput, DeadlineInput, DocumentInput, Services};

/// One task row of a registration: a clause given to one or more lead units.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskRow {
    #[serde(default)]
    pub clause: String,
    pub content: String,
    pub lead_unit_ids: Vec<i64>,
    #[serde(default)]
    pub coop_unit_ids: Vec<i64>,
    #[serde(default)]
    pub deadline: DeadlineInput,
    #[serde(default)]
    pub is_key: bool,
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub secret: bool,
    /// The leader who gave the task (defaults to the registering leader, if any).
    #[serde(default)]
    pub assigned_by_user_id: Option<i64>,
}

/// A document and what it registered.
pub struct Registered {
    pub document: Document,
    pub tasks: Vec<Task>,
}

impl Services {
    /// Registers a new document with its task rows; rows are checked first (content, units,
    /// deadline wording against the document's date) and every problem is reported at once.
    pub async fn register_with_tasks(
        &self,
        actor: &Actor,
        doc: DocumentInput,
        rows: Vec<TaskRow>,
    ) -> DomainResult<Registered> {
        actor.require_register()?;
        if rows.is_empty() {
            let document = self.register_document(actor, doc).await?;
            return Ok(Registered {
                document,
                tasks: Vec::new(),
            });
        }
        if let Some(date) = theodoi_core::window::parse_iso(&doc.date) {
            self.check_rows(&rows, date).await?;
        }
        let inputs = rows.into_iter().map(|r| r.into_assign(None)).collect();
        // One transaction for the document and every task (the extraction page's path).
        let (document, ids) = self
            .register_document_with_tasks(actor, doc, inputs)
            .await
            .map_err(|e| match e {
                DomainError::Invalid(f) => DomainError::Invalid(
                    f.into_iter()
                        .map(|x| FieldError::new(row_field(&x.field), x.message))
                        .collect(),
                ),
                other => other,
            })?;
        let tasks = self.store.tasks_by_ids(&ids).await?;
        Ok(Registered { document, tasks })
    }

    /// Gives more tasks from a document already registered.
    pub async fn add_tasks(
        &self,
        actor: &Actor,
        doc: DocumentId,
        rows: Vec<TaskRow>,
    ) -> DomainResult<Vec<Task>> {
        actor.require_register()?;
        let document = self.document(actor, doc).await?;
        if rows.is_empty() {
            return Err(DomainError::invalid("tasks", "chưa có nhiệm vụ nào"));
        }
        self.check_rows(&rows, document.date).await?;
        let inputs = rows
            .into_iter()
            .map(|r| r.into_assign(Some(document.id.0)))
            .collect();
        self.assign_all(actor, inputs).await
    }

    async fn check_rows(&self, rows: &[TaskRow], doc_date: NaiveDate) -> DomainResult<()> {
        let units = self.store.units().await?;
        let mut p = Problems::new();
        for (i, r) in rows.iter().enumerate() {
            let at = |f: &str| format!("tasks[{i}].{f}");
            let n = i + 1;
            if clean(&r.content).is_empty() {
                p.add(
                    at("content"),
                    format!("dòng {n}: nội dung nhiệm vụ không được để trống"),
                );
            }
            if r.lead_unit_ids.is_empty() {
                p.add(
                    at("lead_unit_ids"),
                    format!("dòng {n}: chọn ít nhất một đơn vị chủ trì"),
                );
            }
            for id in r.lead_unit_ids.iter().chain(&r.coop_unit_ids) {
                if !units.iter().any(|u| u.id.0 == *id) {
                    p.add(
                        at("lead_unit_ids"),
                        format!("dòng {n}: không có đơn vị #{id}"),
                    );
                }
            }
            match self.resolve_deadline_for(&r.deadline, doc_date).await {
                Ok((_, _, Some(due))) if due < doc_date => p.add(
                    at("deadline"),
                    format!(
                        "dòng {n}: thời hạn {} trước ngày văn bản {}",
                        date_vi(due),
                        date_vi(doc_date)
                    ),
                ),
                Ok(_) => {}
                Err(m) => p.add(at("deadline"), format!("dòng {n}: {m}")),
            }
        }
        p.into_result()
    }

    /// Gives several clauses at once: every one is checked first (problems named
    /// `tasks[i].field`), then all are written in one transaction.
    pub async fn assign_all(
        &self,
        actor: &Actor,
        inputs: Vec<AssignInput>,
    ) -> DomainResult<Vec<Task>> {
        let mut prepared = Vec::with_capacity(inputs.len());
        let mut problems = Vec::new();
        for (i, input) in inputs.into_iter().enumerate() {
            match self.prepare_assign(actor, input, None, false).await {
                Ok(p) => prepared.push(p),
                Err(DomainError::Invalid(f)) => problems.extend(
                    f.into_iter()
                        .map(|x| FieldError::new(format!("tasks[{i}].{}", x.field), x.message)),
                ),
                Err(e) => return Err(e),
            }
        }
        if !problems.is_empty() {
            return Err(DomainError::Invalid(problems));
        }
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        let mut ids = Vec::new();
        for p in &prepared {
            ids.extend(self.write_assign(&mut tx, actor, p, None, at).await?);
        }
        let mut tasks = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(t) = tx.task(id).await? {
                tasks.push(t);
            }
        }
        tx.commit().await?;
        Ok(tasks)
    }
}

impl TaskRow {
    fn into_assign(self, document_id: Option<i64>) -> AssignInput {
        AssignInput {
            document_id,
            clause: self.clause,
            content: self.content,
            lead_unit_ids: self.lead_unit_ids,
            coop_unit_ids: self.coop_unit_ids,
            assigned_by_user_id: self.assigned_by_user_id,
            assigned_by_unit_id: None,
            assigned_on: None,
            deadline: self.deadline,
            is_key: self.is_key,
            field: self.field,
            secret: self.secret,
            parent_task_id: None,
            recurring_until: None,
        }
    }
}

/// `task3.content` (the one-transaction path's 1-based names) → `tasks[2].content`.
fn row_field(field: &str) -> String {
    field
        .strip_prefix("task")
        .and_then(|rest| rest.split_once('.'))
        .and_then(|(k, f)| {
            Some(format!(
                "tasks[{}].{f}",
                k.parse::<usize>().ok()?.checked_sub(1)?
            ))
        })
        .unwrap_or_else(|| field.to_string())
}
