//! The working group's inspections (Tổ công tác, issue 7 item 4): plans, visits and their
//! conclusions, and the tasks they concern or created. Writes take a transaction so the
//! service records each with its audit event.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use theodoi_core::ids::{TaskId, UnitId, UserId};

use crate::rows::{date, instant, iso, opt_date, opt_iso, ts};
use crate::{Store, StoreResult, Tx};

/// One inspection: the plan, and once visited, the visit and its conclusions.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Inspection {
    pub id: i64,
    pub title: String,
    /// The inspected unit.
    pub unit_id: UnitId,
    pub planned_on: NaiveDate,
    pub visited_on: Option<NaiveDate>,
    pub members: String,
    /// Tính chất.
    pub nature: String,
    /// Mức độ.
    pub severity: String,
    /// Nguyên nhân.
    pub causes: String,
    /// Trách nhiệm.
    pub responsibility: String,
    /// `planned` or `done`.
    pub status: String,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
}

/// The plan as first written.
#[derive(Debug, Clone, Serialize)]
pub struct NewInspection {
    pub title: String,
    pub unit_id: UnitId,
    pub planned_on: NaiveDate,
    pub members: String,
}

/// The visit and its conclusions.
#[derive(Debug, Clone, Serialize)]
pub struct InspectionVisit {
    pub visited_on: NaiveDate,
    pub members: String,
    pub nature: String,
    pub severity: String,
    pub causes: String,
    pub responsibility: String,
}

const COLUMNS: &str = "id, title, unit_id, planned_on, visited_on, members, nature, severity, \
                       causes, responsibility, status, created_by, created_at";

fn inspection(r: &AnyRow) -> StoreResult<Inspection> {
    let by: Option<i64> = r.try_get("created_by")?;
    Ok(Inspection {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        unit_id: UnitId(r.try_get("unit_id")?),
        planned_on: date(r, "planned_on")?,
        visited_on: opt_date(r, "visited_on")?,
        members: r.try_get("members")?,
        nature: r.try_get("nature")?,
        severity: r.try_get("severity")?,
        causes: r.try_get("causes")?,
        responsibility: r.try_get("responsibility")?,
        status: r.try_get("status")?,
        created_by: by.map(UserId),
        created_at: instant(r, "created_at")?,
    })
}

impl Tx {
    pub async fn insert_inspection(
        &mut self,
        i: &NewInspection,
        by: Option<UserId>,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO inspections (title, unit_id, planned_on, members, status, created_by, created_at) \
             VALUES ($1, $2, $3, $4, 'planned', $5, $6) RETURNING id",
        )
        .bind(&i.title)
        .bind(i.unit_id.0)
        .bind(iso(i.planned_on))
        .bind(&i.members)
        .bind(by.map(|u| u.0))
        .bind(ts(at))
        .fetch_one(&mut *self.inner)
        .await?)
    }

    /// Records (or corrects) the visit and its conclusions; the inspection is then done.
    pub async fn record_inspection_visit(
        &mut self,
        id: i64,
        v: &InspectionVisit,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE inspections SET visited_on = $2, members = $3, nature = $4, severity = $5, \
             causes = $6, responsibility = $7, status = 'done' WHERE id = $1",
        )
        .bind(id)
        .bind(opt_iso(Some(v.visited_on)))
        .bind(&v.members)
        .bind(&v.nature)
        .bind(&v.severity)
        .bind(&v.causes)
        .bind(&v.responsibility)
        .execute(&mut *self.inner)
        .await?;
        Ok(())
    }

    /// Links a task; false when it was linked already (the first relation stays).
    pub async fn link_inspection_task(
        &mut self,
        id: i64,
        task: TaskId,
        relation: &str,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO inspection_tasks (inspection_id, task_id, relation) VALUES ($1, $2, $3) \
             ON CONFLICT (inspection_id, task_id) DO NOTHING",
        )
        .bind(id)
        .bind(task.0)
        .bind(relation)
        .execute(&mut *self.inner)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn inspection(&mut self, id: i64) -> StoreResult<Option<Inspection>> {
        let q = format!("SELECT {COLUMNS} FROM inspections WHERE id = $1");
        let row = sqlx::query(crate::rows::sql(q))
            .bind(id)
            .fetch_optional(&mut *self.inner)
            .await?;
        row.as_ref().map(inspection).transpose()
    }
}

impl Store {
    pub async fn inspection(&self, id: i64) -> StoreResult<Option<Inspection>> {
        let q = format!("SELECT {COLUMNS} FROM inspections WHERE id = $1");
        let row = sqlx::query(crate::rows::sql(q))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(inspection).transpose()
    }

    /// Every inspection, newest plan first (the service filters by who may read).
    pub async fn inspections(&self) -> StoreResult<Vec<Inspection>> {
        let q = format!("SELECT {COLUMNS} FROM inspections ORDER BY planned_on DESC, id DESC");
        let rows = sqlx::query(crate::rows::sql(q))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(inspection).collect()
    }

    /// The tasks an inspection is linked to, with the relation, in task order.
    pub async fn inspection_tasks(&self, id: i64) -> StoreResult<Vec<(TaskId, String)>> {
        let rows = sqlx::query(
            "SELECT task_id, relation FROM inspection_tasks WHERE inspection_id = $1 ORDER BY task_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((TaskId(r.try_get("task_id")?), r.try_get("relation")?)))
            .collect()
    }

    /// The inspections linked to a task, with the relation (for the task page).
    pub async fn task_inspections(&self, task: TaskId) -> StoreResult<Vec<(Inspection, String)>> {
        let q = format!(
            "SELECT {}, it.relation FROM inspections i JOIN inspection_tasks it \
             ON it.inspection_id = i.id WHERE it.task_id = $1 ORDER BY i.planned_on, i.id",
            COLUMNS
                .split(", ")
                .map(|c| format!("i.{}", c.trim()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let rows = sqlx::query(crate::rows::sql(q))
            .bind(task.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((inspection(r)?, r.try_get("relation")?)))
            .collect()
    }
}
