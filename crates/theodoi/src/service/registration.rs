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
        let doc_date = theodoi_core::window::parse_iso(&doc.date);
        if let Some(date) = doc_date {
            self.check_rows(&rows, date).await?;
        }
        let document = self.register_document(actor, doc).await?;
        let tasks = self.assign_rows(actor, &document, rows).await?;
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
        self.assign_rows(actor, &document, rows).await
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

    async fn assign_rows(
        &self,
        actor: &Actor,
        document: &Document,
        rows: Vec<TaskRow>,
    ) -> DomainResult<Vec<Task>> {
        let mut tasks = Vec::new();
        for (i, r) in rows.into_iter().enumerate() {
            let created = self
                .assign(
                    actor,
                    AssignInput {
                        document_id: Some(document.id.0),
                        clause: r.clause,
                        content: r.content,
                        lead_unit_ids: r.lead_unit_ids,
                        coop_unit_ids: r.coop_unit_ids,
                        assigned_by_user_id: r.assigned_by_user_id,
                        assigned_by_unit_id: None,
                        assigned_on: None,
                        deadline: r.deadline,
                        is_key: r.is_key,
                        field: r.field,
                        secret: r.secret,
                        parent_task_id: None,
                        recurring_until: None,
                    },
                )
                .await
                .map_err(|e| match e {
                    DomainError::Invalid(f) => DomainError::Invalid(
                        f.into_iter()
                            .map(|x| FieldError::new(format!("tasks[{i}].{}", x.field), x.message))
                            .collect(),
                    ),
                    other => other,
                })?;
            tasks.extend(created);
        }
        Ok(tasks)
    }
}
