//! Units that have not reported progress in a period (đơn vị chưa báo cáo tiến độ): lead
//! units of open top-level tasks with no progress report dated in the period. A server
//! counts the open tasks over the in-memory facts and reads only the period's progress
//! reports (index `progress_reports_date`); one-shot use runs one SQL query.

use std::collections::{HashMap, HashSet};

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
        let mut out = if self.facts_enabled() {
            self.silent_in_memory(from, as_of, units).await?
        } else {
            self.silent_sql(from, as_of, units).await?
        };
        out.retain(|u| u.without_report > 0);
        out.sort_by(|a, b| {
            b.without_report
                .cmp(&a.without_report)
                .then(a.unit_id.0.cmp(&b.unit_id.0))
        });
        Ok(out)
    }

    async fn silent_in_memory(
        &self,
        from: NaiveDate,
        as_of: NaiveDate,
        units: Option<&[UnitId]>,
    ) -> StoreResult<Vec<SilentUnit>> {
        // Computed once per version of the facts (the dashboard shows it on every visit).
        let key = format!("silent {from} {as_of} {units:?}");
        let (version, hit) = self
            .with_facts(|snap| (snap.version, snap.memo_get::<Vec<SilentUnit>>(&key)))
            .await?;
        if let Some(hit) = hit {
            return Ok((*hit).clone());
        }
        let reported: HashSet<i64> = sqlx::query_scalar(
            "SELECT DISTINCT task_id FROM progress_reports WHERE report_date >= $1 AND report_date <= $2",
        )
        .bind(iso(from))
        .bind(iso(as_of))
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .collect();
        let wanted: Option<HashSet<i64>> = units.map(|u| u.iter().map(|x| x.0).collect());
        let day = crate::facts::day(as_of);
        let (counts, now) = self
            .with_facts(|snap| {
                let mut counts: HashMap<i64, (i64, i64)> = HashMap::new();
                // The same conditions as the SQL below; a missing date is `NONE` (the largest).
                for t in snap.tasks.iter().filter(|t| {
                    t.level == 0 && t.assigned <= day && t.completed > day && t.withdrawn > day
                }) {
                    if wanted.as_ref().is_some_and(|w| !w.contains(&t.lead)) {
                        continue;
                    }
                    let c = counts.entry(t.lead).or_default();
                    c.0 += 1;
                    if !reported.contains(&t.id) {
                        c.1 += 1;
                    }
                }
                (counts, snap.version)
            })
            .await?;
        let out: Vec<SilentUnit> = counts
            .into_iter()
            .map(|(unit, (open, silent))| SilentUnit {
                unit_id: UnitId(unit),
                open_tasks: open,
                without_report: silent,
            })
            .collect();
        // Kept only if nothing was written while the progress reports were read.
        if now == version {
            self.with_facts(|snap| snap.memo_put_at(version, key, out.clone()))
                .await?;
        }
        Ok(out)
    }

    async fn silent_sql(
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
        rows.iter()
            .map(|r| {
                Ok(SilentUnit {
                    unit_id: UnitId(r.try_get("unit")?),
                    open_tasks: r.try_get("open_tasks")?,
                    without_report: r.try_get("silent")?,
                })
            })
            .collect()
    }
}
