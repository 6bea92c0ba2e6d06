//! Units that have not reported progress in a period (đơn vị chưa báo cáo tiến độ): lead
//! units of open top-level tasks with no progress report dated in the period.

use chrono::NaiveDate;
use sqlx::Row;
use theodoi_core::ids::UnitId;

use crate::rows::{iso, sql};
use crate::tasks_read::id_list;
use crate::{Store, StoreResult};

/// A unit with open tasks, some of which had no progress report in the period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SilentUnit {
    pub unit_id: UnitId,
    /// Top-level tasks the unit leads that are not completed or withdrawn at the as-of date.
    pub open_tasks: i64,
    /// Of those, the ones with no progress report dated from `from` to the as-of date.
    pub without_report: i64,
}

impl Store {
    /// Units (among `units`, or all) with open tasks at `as_of` lacking a progress report
    /// dated `from..=as_of`; the most silent first.
    pub async fn units_without_progress(
        &self,
        from: NaiveDate,
        as_of: NaiveDate,
        units: Option<&[UnitId]>,
    ) -> StoreResult<Vec<SilentUnit>> {
        let unit_cond = match units {
            Some(u) => format!(
                " AND t.lead_unit_id IN ({})",
                id_list(u.iter().map(|x| x.0))
            ),
            None => String::new(),
        };
        // Tasks assigned after the as-of date, or finished or withdrawn by it, owe no report.
        let rows = sqlx::query(sql(format!(
            "SELECT t.lead_unit_id AS unit, COUNT(*) AS open_tasks, \
             CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM progress_reports p WHERE p.task_id = t.id \
               AND p.report_date >= $1 AND p.report_date <= $2) THEN 0 ELSE 1 END) AS BIGINT) AS silent \
             FROM tasks t WHERE t.report_level = 0 AND t.assigned_on <= $2 \
             AND (t.completed_on IS NULL OR t.completed_on > $2) \
             AND (t.withdrawn_on IS NULL OR t.withdrawn_on > $2){unit_cond} \
             GROUP BY t.lead_unit_id"
        )))
        .bind(iso(from))
        .bind(iso(as_of))
        .fetch_all(&self.pool)
        .await?;
        let mut out = rows
            .iter()
            .map(|r| {
                Ok(SilentUnit {
                    unit_id: UnitId(r.try_get("unit")?),
                    open_tasks: r.try_get("open_tasks")?,
                    without_report: r.try_get("silent")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        out.retain(|u| u.without_report > 0);
        out.sort_by(|a, b| {
            b.without_report
                .cmp(&a.without_report)
                .then(a.unit_id.0.cmp(&b.unit_id.0))
        });
        Ok(out)
    }
}
