//! The notification centre and urgings as the web shows them (issue 7): a person's
//! notifications a page at a time, "mark all read", the urgings of a task and the number of
//! urgings per task as of a date ("số lần đôn đốc" in the report).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::Row;
use theodoi_core::ids::{TaskId, UnitId, UserId};

use crate::rows::{date, instant, iso, sql, ts};
use crate::{Notification, Store, StoreResult, Tx};

/// One urging (đôn đốc) recorded on a task.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Urging {
    pub id: i64,
    pub task_id: TaskId,
    pub unit_id: UnitId,
    pub urged_on: NaiveDate,
    pub document_number: String,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// A page of a person's notifications, newest first, with the number of all of them
    /// (or of the unread ones when `unread_only`).
    pub async fn notifications_page(
        &self,
        user: UserId,
        unread_only: bool,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<Notification>, i64)> {
        let filter = if unread_only {
            " AND n.read_at IS NULL"
        } else {
            ""
        };
        let total: i64 = sqlx::query_scalar(sql(format!(
            "SELECT COUNT(*) FROM notifications n WHERE n.recipient_id = $1{filter}"
        )))
        .bind(user.0)
        .fetch_one(&self.pool)
        .await?;
        let rows = sqlx::query(sql(format!(
            "SELECT {} FROM notifications n LEFT JOIN tasks t ON t.id = n.task_id \
             WHERE n.recipient_id = $1{filter} ORDER BY n.id DESC LIMIT $2 OFFSET $3",
            crate::remind::NOTIFICATION_COLUMNS
        )))
        .bind(user.0)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let items = rows
            .iter()
            .map(crate::remind::notification_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((items, total))
    }

    /// The urgings of a task, oldest first.
    pub async fn urgings_of_task(&self, task: TaskId) -> StoreResult<Vec<Urging>> {
        let rows = sqlx::query(
            "SELECT id, task_id, unit_id, urged_on, document_number, created_by, created_at \
             FROM urgings WHERE task_id = $1 ORDER BY urged_on, id",
        )
        .bind(task.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Urging {
                    id: r.try_get("id")?,
                    task_id: TaskId(r.try_get("task_id")?),
                    unit_id: UnitId(r.try_get("unit_id")?),
                    urged_on: date(r, "urged_on")?,
                    document_number: r.try_get("document_number")?,
                    created_by: r.try_get::<Option<i64>, _>("created_by")?.map(UserId),
                    created_at: instant(r, "created_at")?,
                })
            })
            .collect()
    }

    /// The number of urgings dated on or before `as_of` of each of `tasks` (absent = none).
    pub async fn urging_counts(
        &self,
        tasks: &[i64],
        as_of: NaiveDate,
    ) -> StoreResult<HashMap<i64, i64>> {
        let mut out = HashMap::new();
        // Ids are integers from our own rows, so inlining them is safe; chunks keep the
        // statement short at a million tasks.
        for chunk in tasks.chunks(500) {
            let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
            let rows = sqlx::query(sql(format!(
                "SELECT task_id, COUNT(*) AS n FROM urgings WHERE urged_on <= $1 \
                 AND task_id IN ({}) GROUP BY task_id",
                list.join(",")
            )))
            .bind(iso(as_of))
            .fetch_all(&self.pool)
            .await?;
            for r in &rows {
                out.insert(r.try_get("task_id")?, r.try_get("n")?);
            }
        }
        Ok(out)
    }
}

impl Tx {
    /// Marks every unread notification of a person read; returns how many.
    pub async fn mark_all_notifications_read(
        &mut self,
        user: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        Ok(sqlx::query(
            "UPDATE notifications SET read_at = $2 WHERE recipient_id = $1 AND read_at IS NULL",
        )
        .bind(user.0)
        .bind(ts(at))
        .execute(&mut *self.inner)
        .await?
        .rows_affected())
    }
}

impl Store {
    /// Every unit's contact person (units without one are absent).
    pub async fn unit_contacts(&self) -> StoreResult<HashMap<UnitId, UserId>> {
        let rows =
            sqlx::query("SELECT id, contact_user_id FROM units WHERE contact_user_id IS NOT NULL")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    UnitId(r.try_get("id")?),
                    UserId(r.try_get("contact_user_id")?),
                ))
            })
            .collect()
    }
}

impl Store {
    /// Top-level tasks overdue on `as_of` by the dated facts (assigned by then, not completed
    /// or withdrawn by then, deadline before it), not suspended or declined now; optionally
    /// led by one of `lead_units`. Earliest deadline first, at most `limit`, with the number
    /// of all of them. Co-operating units are not loaded (the urging list does not show them).
    pub async fn overdue_as_of(
        &self,
        as_of: NaiveDate,
        lead_units: Option<&[UnitId]>,
        limit: i64,
    ) -> StoreResult<(Vec<theodoi_core::model::Task>, i64)> {
        let units = match lead_units {
            // Ids are integers, so inlining them is safe.
            Some(u) => format!(
                " AND t.lead_unit_id IN ({})",
                crate::tasks_read::id_list(u.iter().map(|x| x.0))
            ),
            None => String::new(),
        };
        let wh = format!(
            "t.report_level = 0 AND t.assigned_on <= $1 AND t.deadline_current < $1 \
             AND (t.completed_on IS NULL OR t.completed_on > $1) \
             AND (t.withdrawn_on IS NULL OR t.withdrawn_on > $1) \
             AND t.state NOT IN ('suspended', 'declined'){units}"
        );
        let total: i64 =
            sqlx::query_scalar(sql(format!("SELECT COUNT(*) FROM tasks t WHERE {wh}")))
                .bind(iso(as_of))
                .fetch_one(&self.pool)
                .await?;
        let rows = sqlx::query(sql(format!(
            "SELECT {} FROM tasks t WHERE {wh} ORDER BY t.deadline_current, t.id LIMIT $2",
            crate::tasks_read::TASK_COLUMNS
        )))
        .bind(iso(as_of))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let tasks = rows
            .iter()
            .map(|r| crate::tasks_read::task_from_row(r, Vec::new()))
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((tasks, total))
    }
}
