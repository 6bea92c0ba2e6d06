//! Urging notices (văn bản đôn đốc, issue 7): the overdue tasks the office may urge as of a
//! date, and the letters — one per lead unit — generated from a selection, with the sending
//! recorded on each task in one transaction.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use theodoi_core::access::{Actor, subtree};
use theodoi_core::error::Problems;
use theodoi_core::format::date_vi;
use theodoi_core::ids::{TaskId, UnitId};
use theodoi_core::model::{Task, TaskState};
use theodoi_core::{DomainError, DomainResult};

use super::{DOCX, FileOut, Services, actor_id};
use crate::export::urging::{UrgedTask, UrgingLetter, urging_docx};

/// At most this many overdue tasks are listed for selection at once (filter by unit for more).
pub const CANDIDATE_LIMIT: i64 = 1000;

/// Overdue tasks that may be urged, with the urgings each already had.
#[derive(Debug, Clone)]
pub struct UrgingCandidates {
    pub tasks: Vec<Task>,
    /// Urgings on or before the date, by task id.
    pub urged: HashMap<i64, i64>,
    /// All overdue tasks matching the filter (may exceed `tasks.len()`).
    pub total: i64,
}

/// What generating the letters did.
#[derive(Debug, Clone)]
pub struct UrgingOutcome {
    pub file: FileOut,
    /// Each urged task with its number of urgings now.
    pub counts: Vec<(TaskId, i64)>,
    pub units: usize,
}

impl Services {
    /// The top-level tasks overdue on `as_of` (optionally led by `unit`, or its subtree), for
    /// the people who follow every task (leaders, office, working group).
    pub async fn urging_candidates(
        &self,
        actor: &Actor,
        as_of: NaiveDate,
        unit: Option<UnitId>,
        with_subtree: bool,
    ) -> DomainResult<UrgingCandidates> {
        if !actor.sees_everything() {
            return Err(DomainError::Forbidden(
                "chỉ lãnh đạo, Văn phòng và Tổ công tác xem được danh sách đôn đốc".into(),
            ));
        }
        let lead_units: Option<Vec<UnitId>> = match unit {
            Some(u) if with_subtree => {
                let units = self.store.units().await?;
                Some(subtree(&units, u).into_iter().collect())
            }
            Some(u) => Some(vec![u]),
            None => None,
        };
        let (tasks, total) = self
            .store
            .overdue_as_of(as_of, lead_units.as_deref(), CANDIDATE_LIMIT)
            .await?;
        let ids: Vec<i64> = tasks.iter().map(|t| t.id.0).collect();
        let urged = self.store.urging_counts(&ids, as_of).await?;
        Ok(UrgingCandidates {
            tasks,
            urged,
            total,
        })
    }

    /// One urging letter per lead unit for the selected tasks, dated `on` under `number`;
    /// the sending is recorded on every task (one transaction, with audit events). The
    /// office only; a task not overdue on `on` refuses the whole selection.
    pub async fn urging_letters(
        &self,
        actor: &Actor,
        tasks: &[TaskId],
        on: NaiveDate,
        number: &str,
    ) -> DomainResult<UrgingOutcome> {
        let found = self.urging_selection(actor, tasks, on, number).await?;
        let ids: Vec<i64> = found.iter().map(|t| t.id.0).collect();
        let before = self.store.urging_counts(&ids, on).await?;
        let units: HashMap<UnitId, String> = self
            .store
            .units()
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        let mut sources: HashMap<i64, String> = HashMap::new();
        for t in &found {
            if let Some(d) = t.document_id
                && !sources.contains_key(&d.0)
                && let Some(doc) = self.store.document(d).await?
            {
                sources.insert(d.0, format!("{} ngày {}", doc.number, date_vi(doc.date)));
            }
        }
        // Letters in the order of the units' names, as the office files them.
        let mut by_unit: BTreeMap<(String, UnitId), Vec<UrgedTask>> = BTreeMap::new();
        for t in &found {
            let name = units
                .get(&t.lead_unit_id)
                .cloned()
                .unwrap_or_else(|| format!("Đơn vị #{}", t.lead_unit_id));
            let deadline = t.deadline_current.unwrap_or(on);
            by_unit
                .entry((theodoi_core::text::fold(&name), t.lead_unit_id))
                .or_default()
                .push(UrgedTask {
                    id: t.id.0,
                    content: t.content.clone(),
                    source: t
                        .document_id
                        .and_then(|d| sources.get(&d.0).cloned())
                        .unwrap_or_default(),
                    deadline,
                    days_overdue: (on - deadline).num_days(),
                    urged_before: before.get(&t.id.0).copied().unwrap_or(0),
                });
        }
        let letters: Vec<UrgingLetter> = by_unit
            .into_iter()
            .map(|((_, id), mut tasks)| {
                tasks.sort_by_key(|t| (t.deadline, t.id));
                UrgingLetter {
                    unit: units.get(&id).cloned().unwrap_or_default(),
                    tasks,
                }
            })
            .collect();
        let options = self.docx_options().await?;
        let bytes = urging_docx(&letters, &options, number, on)
            .map_err(|e| DomainError::Internal(format!("không tạo được văn bản đôn đốc: {e}")))?;
        // Recorded only once the letters exist, so a failure leaves no urging without its letter.
        let counts = self.insert_urgings(actor, &found, on, number).await?;
        Ok(UrgingOutcome {
            file: FileOut {
                bytes,
                filename: format!("don-doc-{on}.docx"),
                content_type: DOCX,
            },
            counts,
            units: letters.len(),
        })
    }
}

impl Services {
    /// Records an urging (đôn đốc) on each selected task, on `on`, under the letter's number.
    /// The office only; every task must be overdue on that day. All or nothing.
    /// Returns each task with its number of urgings so far.
    pub async fn record_urgings(
        &self,
        actor: &Actor,
        tasks: &[TaskId],
        on: NaiveDate,
        number: &str,
    ) -> DomainResult<Vec<(TaskId, i64)>> {
        let found = self.urging_selection(actor, tasks, on, number).await?;
        self.insert_urgings(actor, &found, on, number).await
    }

    /// Checks a selection of tasks to urge: the office only, a number, and every task
    /// overdue on `on`. Every problem is reported at once, with the task it concerns.
    pub(crate) async fn urging_selection(
        &self,
        actor: &Actor,
        tasks: &[TaskId],
        on: NaiveDate,
        number: &str,
    ) -> DomainResult<Vec<Task>> {
        actor.require_office("đôn đốc nhiệm vụ")?;
        let mut p = Problems::new();
        if tasks.is_empty() {
            p.add("tasks", "chưa chọn nhiệm vụ nào để đôn đốc");
        }
        if number.trim().is_empty() {
            p.add("number", "thiếu số văn bản đôn đốc (ví dụ 123/VP-TH)");
        }
        let mut ids: Vec<TaskId> = Vec::with_capacity(tasks.len());
        for id in tasks {
            if !ids.contains(id) {
                ids.push(*id);
            }
        }
        // One read for every chosen task (an urging round may name hundreds).
        let mut stored: std::collections::HashMap<TaskId, Task> = self
            .store
            .tasks_by_ids(&ids)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
        let mut found: Vec<Task> = Vec::new();
        for id in &ids {
            match stored.remove(id) {
                None => p.add(format!("tasks[{id}]"), format!("không có nhiệm vụ #{id}")),
                Some(t) => {
                    // Open on `on` by the dated facts (a task completed later was still
                    // open then); declined or suspended tasks are not the unit's to urge.
                    let open = !matches!(t.state, TaskState::Declined | TaskState::Suspended)
                        && t.completed_on.is_none_or(|c| c > on)
                        && t.withdrawn_on.is_none_or(|w| w > on);
                    match t.deadline_current {
                        Some(dl) if open && dl < on => found.push(t),
                        _ => p.add(
                            format!("tasks[{id}]"),
                            format!("nhiệm vụ #{id} không quá hạn vào ngày {}", date_vi(on)),
                        ),
                    }
                }
            }
        }
        p.into_result()?;
        Ok(found)
    }

    /// Records one urging per task with its audit event, in one transaction.
    pub(crate) async fn insert_urgings(
        &self,
        actor: &Actor,
        found: &[Task],
        on: NaiveDate,
        number: &str,
    ) -> DomainResult<Vec<(TaskId, i64)>> {
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        for t in found {
            let id = tx
                .insert_urging(t.id, t.lead_unit_id, on, number.trim(), actor_id(actor), at)
                .await?;
            tx.audit(
                at,
                actor_id(actor),
                "task",
                t.id.0,
                "urge",
                None::<&()>,
                Some(&serde_json::json!({"urging": id, "number": number.trim(), "on": on, "unit": t.lead_unit_id})),
            )
            .await?;
        }
        tx.commit().await?;
        let mut out = Vec::new();
        for t in found {
            out.push((t.id, self.store.urging_count(t.id).await?));
        }
        Ok(out)
    }

    /// The urgings recorded on a task the actor may see, oldest first.
    pub async fn task_urgings(
        &self,
        actor: &Actor,
        task: TaskId,
    ) -> DomainResult<Vec<theodoi_store::Urging>> {
        let t = self
            .store
            .task(task)
            .await?
            .ok_or_else(|| DomainError::not_found(format!("nhiệm vụ #{task}")))?;
        actor.require_view(&t)?;
        Ok(self.store.urgings_of_task(task).await?)
    }
}
