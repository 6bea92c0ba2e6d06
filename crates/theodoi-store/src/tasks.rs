//! Writing tasks and their history: deadlines, leads, suspensions, progress, claims, extensions.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use theodoi_core::ids::*;
use theodoi_core::model::{DeadlineKind, Decision, TaskState};
use theodoi_core::text::fold;

use crate::rows::{iso, opt_iso, ts};
use crate::{StoreError, StoreResult, Tx};

#[derive(Debug, Clone)]
pub struct NewTask {
    pub document_id: Option<DocumentId>,
    pub clause: String,
    pub content: String,
    pub lead_unit_id: UnitId,
    pub coop_unit_ids: Vec<UnitId>,
    pub assigned_by_user_id: Option<UserId>,
    pub assigned_by_unit_id: Option<UnitId>,
    pub assigned_on: NaiveDate,
    pub deadline_kind: DeadlineKind,
    pub deadline_text: String,
    pub deadline: Option<NaiveDate>,
    pub recurrence: Option<String>,
    pub series_id: Option<TaskId>,
    pub period_label: String,
    pub is_key: bool,
    pub field: String,
    pub parent_id: Option<TaskId>,
    pub group_id: Option<GroupId>,
    /// 0 counted, 1 delegated, 2 recurring template (see the migration).
    pub report_level: i64,
    pub secret: bool,
    pub created_by: Option<UserId>,
}

/// Corrections the office may make to a task's wording and classification.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct TaskUpdate {
    pub content: Option<String>,
    pub clause: Option<String>,
    pub field: Option<String>,
    pub is_key: Option<bool>,
    pub deadline_text: Option<String>,
    pub assigned_on: Option<NaiveDate>,
}

impl Tx {
    pub async fn insert_group(
        &mut self,
        content: &str,
        document_id: Option<DocumentId>,
        at: DateTime<Utc>,
    ) -> StoreResult<GroupId> {
        let id: i64 = sqlx::query_scalar("INSERT INTO assignment_groups (content, document_id, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(content)
            .bind(document_id.map(|d| d.0))
            .bind(ts(at))
            .fetch_one(&mut *self.inner)
            .await?;
        Ok(GroupId(id))
    }

    pub async fn insert_task(&mut self, t: &NewTask, at: DateTime<Utc>) -> StoreResult<TaskId> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO tasks (document_id, clause, content, folded, lead_unit_id, lead_since, assigned_by_user_id, \
             assigned_by_unit_id, assigned_on, deadline_kind, deadline_text, deadline_original, deadline_current, \
             recurrence, series_id, period_label, is_key, field, parent_id, group_id, report_level, state, secret, \
             created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $6, $9, $10, $11, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23) \
             RETURNING id",
        )
        .bind(t.document_id.map(|d| d.0))
        .bind(&t.clause)
        .bind(&t.content)
        .bind(fold(&t.content))
        .bind(t.lead_unit_id.0)
        .bind(iso(t.assigned_on))
        .bind(t.assigned_by_user_id.map(|u| u.0))
        .bind(t.assigned_by_unit_id.map(|u| u.0))
        .bind(t.deadline_kind.as_str())
        .bind(&t.deadline_text)
        .bind(opt_iso(t.deadline))
        .bind(t.recurrence.clone())
        .bind(t.series_id.map(|s| s.0))
        .bind(&t.period_label)
        .bind(i64::from(t.is_key))
        .bind(&t.field)
        .bind(t.parent_id.map(|p| p.0))
        .bind(t.group_id.map(|g| g.0))
        .bind(t.report_level)
        .bind(TaskState::New.as_str())
        .bind(i64::from(t.secret))
        .bind(t.created_by.map(|u| u.0))
        .bind(ts(at))
        .fetch_one(&mut *self.inner)
        .await?;
        sqlx::query("INSERT INTO task_leads (task_id, from_date, unit_id, reason) VALUES ($1, $2, $3, 'giao')")
            .bind(id)
            .bind(iso(t.assigned_on))
            .bind(t.lead_unit_id.0)
            .execute(&mut *self.inner)
            .await?;
        sqlx::query("INSERT INTO task_deadlines (task_id, effective_on, deadline, reason) VALUES ($1, $2, $3, 'ban đầu')")
            .bind(id)
            .bind(iso(t.assigned_on))
            .bind(opt_iso(t.deadline))
            .execute(&mut *self.inner)
            .await?;
        for u in &t.coop_unit_ids {
            sqlx::query("INSERT INTO task_coop_units (task_id, unit_id) VALUES ($1, $2)")
                .bind(id)
                .bind(u.0)
                .execute(&mut *self.inner)
                .await?;
        }
        Ok(TaskId(id))
    }

    pub async fn set_state(
        &mut self,
        id: TaskId,
        state: TaskState,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE tasks SET state = $2, updated_at = $3 WHERE id = $1")
            .bind(id.0)
            .bind(state.as_str())
            .bind(ts(at))
            .execute(&mut *self.inner)
            .await?;
        Ok(())
    }

    /// The lead unit changes from `on` (decline → reassignment, merge of units, correction).
    pub async fn set_lead(
        &mut self,
        id: i64,
        unit: UnitId,
        on: NaiveDate,
        reason: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO task_leads (task_id, from_date, unit_id, reason) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(iso(on))
        .bind(unit.0)
        .bind(reason)
        .execute(&mut *self.inner)
        .await?;
        sqlx::query(
            "UPDATE tasks SET lead_unit_id = $2, lead_since = $3, updated_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(unit.0)
        .bind(iso(on))
        .bind(ts(at))
        .execute(&mut *self.inner)
        .await?;
        Ok(())
    }

    /// Corrects a wrongly entered lead unit: the task counts for `unit` from its assignment.
    pub async fn correct_lead(
        &mut self,
        id: TaskId,
        unit: UnitId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE task_leads SET unit_id = $2 WHERE task_id = $1 AND id = (SELECT MIN(id) FROM task_leads WHERE task_id = $1)")
            .bind(id.0)
            .bind(unit.0)
            .execute(&mut *self.inner)
            .await?;
        sqlx::query(
            "UPDATE tasks SET lead_unit_id = $2, updated_at = $3 WHERE id = $1 \
             AND (SELECT COUNT(*) FROM task_leads WHERE task_id = $1) = 1",
        )
        .bind(id.0)
        .bind(unit.0)
        .bind(ts(at))
        .execute(&mut *self.inner)
        .await?;
        Ok(())
    }

    /// From `effective_on`, the governing deadline is `deadline` (extension, leader's change).
    pub async fn add_deadline_change(
        &mut self,
        id: TaskId,
        effective_on: NaiveDate,
        deadline: Option<NaiveDate>,
        reason: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO task_deadlines (task_id, effective_on, deadline, reason) VALUES ($1, $2, $3, $4)")
            .bind(id.0)
            .bind(iso(effective_on))
            .bind(opt_iso(deadline))
            .bind(reason)
            .execute(&mut *self.inner)
            .await?;
        sqlx::query("UPDATE tasks SET deadline_current = $2, deadline_changed_on = $3, updated_at = $4 WHERE id = $1")
            .bind(id.0)
            .bind(opt_iso(deadline))
            .bind(iso(effective_on))
            .bind(ts(at))
            .execute(&mut *self.inner)
            .await?;
        Ok(())
    }

    /// Corrects a wrongly entered original deadline (the audit trail keeps the old one).
    pub async fn correct_original_deadline(
        &mut self,
        id: TaskId,
        kind: DeadlineKind,
        deadline: Option<NaiveDate>,
        text: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE task_deadlines SET deadline = $2 WHERE task_id = $1 AND id = (SELECT MIN(id) FROM task_deadlines WHERE task_id = $1)")
            .bind(id.0)
            .bind(opt_iso(deadline))
            .execute(&mut *self.inner)
            .await?;
        sqlx::query(
            "UPDATE tasks SET deadline_original = $2, deadline_kind = $3, deadline_text = $4, updated_at = $5, \
             deadline_current = CASE WHEN deadline_changed_on IS NULL THEN $2 ELSE deadline_current END WHERE id = $1",
        )
        .bind(id.0)
        .bind(opt_iso(deadline))
        .bind(kind.as_str())
        .bind(text)
        .bind(ts(at))
        .execute(&mut *self.inner)
        .await?;
        Ok(())
    }

    pub async fn update_task_fields(
        &mut self,
        id: TaskId,
        u: &TaskUpdate,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        if let Some(c) = &u.content {
            sqlx::query("UPDATE tasks SET content = $2, folded = $3 WHERE id = $1")
                .bind(id.0)
                .bind(c)
                .bind(fold(c))
                .execute(&mut *self.inner)
                .await?;
        }
        if let Some(c) = &u.clause {
            sqlx::query("UPDATE tasks SET clause = $2 WHERE id = $1")
                .bind(id.0)
                .bind(c)
                .execute(&mut *self.inner)
                .await?;
        }
        if let Some(f) = &u.field {
            sqlx::query("UPDATE tasks SET field = $2 WHERE id = $1")
                .bind(id.0)
                .bind(f)
                .execute(&mut *self.inner)
                .await?;
        }
        if let Some(k) = u.is_key {
            sqlx::query("UPDATE tasks SET is_key = $2 WHERE id = $1")
                .bind(id.0)
                .bind(i64::from(k))
                .execute(&mut *self.inner)
                .await?;
        }
        if let Some(d) = u.assigned_on {
            sqlx::query("UPDATE tasks SET assigned_on = $2, lead_since = CASE WHEN lead_since = assigned_on THEN $2 ELSE lead_since END WHERE id = $1")
                .bind(id.0)
                .bind(iso(d))
                .execute(&mut *self.inner)
                .await?;
            sqlx::query("UPDATE task_leads SET from_date = $2 WHERE task_id = $1 AND id = (SELECT MIN(id) FROM task_leads WHERE task_id = $1)")
                .bind(id.0)
                .bind(iso(d))
                .execute(&mut *self.inner)
                .await?;
            sqlx::query("UPDATE task_deadlines SET effective_on = $2 WHERE task_id = $1 AND id = (SELECT MIN(id) FROM task_deadlines WHERE task_id = $1)")
                .bind(id.0)
                .bind(iso(d))
                .execute(&mut *self.inner)
                .await?;
        }
        sqlx::query("UPDATE tasks SET updated_at = $2 WHERE id = $1")
            .bind(id.0)
            .bind(ts(at))
            .execute(&mut *self.inner)
            .await?;
        Ok(())
    }

    pub async fn set_completed(
        &mut self,
        id: TaskId,
        on: Option<NaiveDate>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE tasks SET completed_on = $2, updated_at = $3 WHERE id = $1")
            .bind(id.0)
            .bind(opt_iso(on))
            .bind(ts(at))
            .execute(&mut *self.inner)
            .await?;
        Ok(())
    }

    pub async fn set_withdrawn(
        &mut self,
        id: TaskId,
        on: NaiveDate,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE tasks SET withdrawn_on = $2, state = $3, updated_at = $4 WHERE id = $1",
        )
        .bind(id.0)
        .bind(iso(on))
        .bind(TaskState::Withdrawn.as_str())
        .bind(ts(at))
        .execute(&mut *self.inner)
        .await?;
        Ok(())
    }

    pub async fn start_suspension(
        &mut self,
        id: TaskId,
        from: NaiveDate,
        reason: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO task_suspensions (task_id, from_date, reason) VALUES ($1, $2, $3)",
        )
        .bind(id.0)
        .bind(iso(from))
        .bind(reason)
        .execute(&mut *self.inner)
        .await?;
        sqlx::query(
            "UPDATE tasks SET has_suspensions = 1, state = $2, updated_at = $3 WHERE id = $1",
        )
        .bind(id.0)
        .bind(TaskState::Suspended.as_str())
        .bind(ts(at))
        .execute(&mut *self.inner)
        .await?;
        Ok(())
    }

    pub async fn end_suspension(
        &mut self,
        id: TaskId,
        until: NaiveDate,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let n = sqlx::query(
            "UPDATE task_suspensions SET until_date = $2 WHERE task_id = $1 AND until_date IS NULL",
        )
        .bind(id.0)
        .bind(iso(until))
        .execute(&mut *self.inner)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Corrupt(format!(
                "task {id} has no open suspension"
            )));
        }
        self.set_state(id, TaskState::InProgress, at).await
    }

    pub async fn insert_progress(
        &mut self,
        id: TaskId,
        on: NaiveDate,
        body: &str,
        percent: Option<i64>,
        author: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<ProgressId> {
        let pid: i64 = sqlx::query_scalar(
            "INSERT INTO progress_reports (task_id, report_date, body, percent, author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(id.0)
        .bind(iso(on))
        .bind(body)
        .bind(percent)
        .bind(author.0)
        .bind(ts(at))
        .fetch_one(&mut *self.inner)
        .await?;
        Ok(ProgressId(pid))
    }

    pub async fn insert_claim(
        &mut self,
        id: TaskId,
        finished_on: NaiveDate,
        claimed_on: NaiveDate,
        number: &str,
        text: &str,
        by: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<ClaimId> {
        let cid: i64 = sqlx::query_scalar(
            "INSERT INTO completion_claims (task_id, finished_on, claimed_on, result_number, result_text, claimed_by, claimed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(id.0)
        .bind(iso(finished_on))
        .bind(iso(claimed_on))
        .bind(number)
        .bind(text)
        .bind(by.0)
        .bind(ts(at))
        .fetch_one(&mut *self.inner)
        .await?;
        sqlx::query("UPDATE tasks SET has_claims = 1 WHERE id = $1")
            .bind(id.0)
            .execute(&mut *self.inner)
            .await?;
        Ok(ClaimId(cid))
    }

    /// The pending completion claim of a task, if any: (claim id, finished on).
    pub async fn pending_claim(&mut self, id: TaskId) -> StoreResult<Option<(ClaimId, NaiveDate)>> {
        let row = sqlx::query("SELECT id, finished_on FROM completion_claims WHERE task_id = $1 AND decision = 'pending' ORDER BY id DESC LIMIT 1")
            .bind(id.0)
            .fetch_optional(&mut *self.inner)
            .await?;
        match row {
            Some(r) => Ok(Some((
                ClaimId(r.try_get("id")?),
                crate::rows::date(&r, "finished_on")?,
            ))),
            None => Ok(None),
        }
    }

    pub async fn decide_claim(
        &mut self,
        claim: ClaimId,
        decision: Decision,
        by: UserId,
        on: NaiveDate,
        note: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE completion_claims SET decision = $2, decided_by = $3, decided_on = $4, decided_at = $5, note = $6 WHERE id = $1")
            .bind(claim.0)
            .bind(decision.as_str())
            .bind(by.0)
            .bind(iso(on))
            .bind(ts(at))
            .bind(note)
            .execute(&mut *self.inner)
            .await?;
        Ok(())
    }

    pub async fn insert_extension(
        &mut self,
        id: TaskId,
        reason: &str,
        proposed: NaiveDate,
        by: UserId,
        on: NaiveDate,
    ) -> StoreResult<ExtensionId> {
        let eid: i64 = sqlx::query_scalar(
            "INSERT INTO extension_requests (task_id, reason, proposed_deadline, requested_by, requested_on) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(id.0)
        .bind(reason)
        .bind(iso(proposed))
        .bind(by.0)
        .bind(iso(on))
        .fetch_one(&mut *self.inner)
        .await?;
        Ok(ExtensionId(eid))
    }

    /// (task id, proposed deadline, decision) of an extension request.
    pub async fn extension(
        &mut self,
        id: ExtensionId,
    ) -> StoreResult<Option<(TaskId, NaiveDate, Decision)>> {
        let row = sqlx::query(
            "SELECT task_id, proposed_deadline, decision FROM extension_requests WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&mut *self.inner)
        .await?;
        match row {
            Some(r) => Ok(Some((
                TaskId(r.try_get("task_id")?),
                crate::rows::date(&r, "proposed_deadline")?,
                Decision::parse(&r.try_get::<String, _>("decision")?)?,
            ))),
            None => Ok(None),
        }
    }

    pub async fn decide_extension(
        &mut self,
        id: ExtensionId,
        decision: Decision,
        by: UserId,
        on: NaiveDate,
        note: &str,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE extension_requests SET decision = $2, decided_by = $3, decided_on = $4, note = $5 WHERE id = $1")
            .bind(id.0)
            .bind(decision.as_str())
            .bind(by.0)
            .bind(iso(on))
            .bind(note)
            .execute(&mut *self.inner)
            .await?;
        Ok(())
    }
}
