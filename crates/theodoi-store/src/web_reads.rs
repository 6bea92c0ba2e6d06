//! Reads the web pages need besides the task list: delegated sub-tasks of a task and the
//! pending extension requests of an inbox.

use chrono::NaiveDate;
use sqlx::Row;
use theodoi_core::ids::{ExtensionId, TaskId, UnitId};

use crate::rows::{date, sql};
use crate::tasks_read::id_list;
use crate::{Store, StoreResult};

/// An extension request waiting for a decision.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PendingExtension {
    pub id: ExtensionId,
    pub task_id: TaskId,
    pub proposed: NaiveDate,
    pub requested_on: NaiveDate,
    pub reason: String,
}

impl Store {
    /// Tasks delegated from `parent` (its sub-tasks), oldest first.
    pub async fn child_task_ids(&self, parent: TaskId) -> StoreResult<Vec<TaskId>> {
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM tasks WHERE parent_id = $1 ORDER BY id")
                .bind(parent.0)
                .fetch_all(&self.pool)
                .await?;
        Ok(ids.into_iter().map(TaskId).collect())
    }

    /// Pending extension requests, optionally only for tasks led by `units`.
    pub async fn pending_extensions(
        &self,
        units: Option<&[UnitId]>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<PendingExtension>> {
        let rows = sqlx::query(sql(format!(
            "SELECT e.id, e.task_id, e.proposed_deadline, e.requested_on, e.reason FROM extension_requests e \
             JOIN tasks t ON t.id = e.task_id WHERE e.decision = 'pending'{} ORDER BY e.requested_on, e.id LIMIT {} OFFSET {}",
            unit_condition(units),
            limit.clamp(1, 1000),
            offset.max(0)
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PendingExtension {
                    id: ExtensionId(r.try_get("id")?),
                    task_id: TaskId(r.try_get("task_id")?),
                    proposed: date(r, "proposed_deadline")?,
                    requested_on: date(r, "requested_on")?,
                    reason: r.try_get("reason")?,
                })
            })
            .collect()
    }

    /// How many extension requests wait for a decision (of the units' tasks, or all).
    pub async fn pending_extension_count(&self, units: Option<&[UnitId]>) -> StoreResult<i64> {
        Ok(sqlx::query_scalar::<_, i64>(sql(format!(
            "SELECT COUNT(*) FROM extension_requests e JOIN tasks t ON t.id = e.task_id \
             WHERE e.decision = 'pending'{}",
            unit_condition(units)
        )))
        .fetch_one(&self.pool)
        .await?)
    }
}

fn unit_condition(units: Option<&[UnitId]>) -> String {
    match units {
        Some(u) => format!(
            " AND t.lead_unit_id IN ({})",
            id_list(u.iter().map(|x| x.0))
        ),
        None => String::new(),
    }
}
