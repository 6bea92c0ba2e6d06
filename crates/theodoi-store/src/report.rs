//! The periodic report computed in one pass of SQL over the report index: the same
//! classes as `theodoi_core::status`, evaluated as of a date from each task's history.

use std::collections::HashMap;

use sqlx::Row;
use theodoi_core::ids::{GroupId, UnitId};
use theodoi_core::model::Unit;
use theodoi_core::report::{AssignedBy, Figures, GroupRow, Report, ReportParams, UnitRow};
use theodoi_core::status::{Counts, DeadlineBasis, Scope, Timeliness};

use crate::report_mem::TallyOut;
use crate::rows::{iso, parse_date, sql};
use crate::{Store, StoreResult};

/// The classified tasks of the report: $1 = as-of date, $2 = window start, $3 = last
/// assignment date counted (min of window end and as-of), $4 = first assignment date counted.
pub(crate) fn classified_sql(p: &ReportParams) -> String {
    classified_sql_with(p, "", "")
}

/// As [`classified_sql`], carrying `outer` columns of `x` and `inner` columns of `t` through
/// (e.g. `, task_id` and `, t.id AS task_id`).
pub(crate) fn classified_sql_with(p: &ReportParams, outer: &str, inner: &str) -> String {
    let deadline = match p.deadline_basis {
        DeadlineBasis::Original => "t.deadline_original".to_string(),
        DeadlineBasis::Governing => "CASE WHEN t.deadline_changed_on IS NULL OR t.deadline_changed_on <= $1 THEN t.deadline_current \
             ELSE (SELECT d.deadline FROM task_deadlines d WHERE d.task_id = t.id AND d.effective_on <= $1 \
                   ORDER BY d.effective_on DESC, d.id DESC LIMIT 1) END"
            .to_string(),
    };
    let level = if p.include_delegated {
        "t.report_level <> 2"
    } else {
        "t.report_level = 0"
    };
    let assigned_by = match &p.assigned_by {
        Some(AssignedBy::Unit { id, .. }) => format!(" AND t.assigned_by_unit_id = {id}"),
        Some(AssignedBy::Leader { id, .. }) => format!(" AND t.assigned_by_user_id = {id}"),
        None => String::new(),
    };
    let first_assigned = match p.scope {
        Scope::Active => "",
        Scope::Assigned => " AND t.assigned_on >= $4",
    };
    format!(
        "SELECT unit_id, group_id, dl{outer}, \
           CASE WHEN done_on IS NOT NULL THEN (CASE WHEN dl IS NULL OR done_on <= dl THEN 0 ELSE 1 END) \
                WHEN dl IS NOT NULL AND dl < $1 AND susp = 0 THEN 3 ELSE 2 END AS cls, \
           CASE WHEN dl IS NULL THEN 1 ELSE 0 END AS nodl, susp, awaiting \
         FROM (SELECT t.group_id{inner}, \
             CASE WHEN t.lead_since <= $1 THEN t.lead_unit_id \
                  ELSE (SELECT l.unit_id FROM task_leads l WHERE l.task_id = t.id AND l.from_date <= $1 \
                        ORDER BY l.from_date DESC, l.id DESC LIMIT 1) END AS unit_id, \
             CASE WHEN t.completed_on IS NOT NULL AND t.completed_on <= $1 THEN t.completed_on END AS done_on, \
             {deadline} AS dl, \
             CASE WHEN t.has_suspensions = 1 AND EXISTS (SELECT 1 FROM task_suspensions s WHERE s.task_id = t.id \
                  AND s.from_date <= $1 AND (s.until_date IS NULL OR s.until_date > $1)) THEN 1 ELSE 0 END AS susp, \
             CASE WHEN t.has_claims = 1 AND EXISTS (SELECT 1 FROM completion_claims c WHERE c.task_id = t.id \
                  AND c.claimed_on <= $1 AND (c.decided_on IS NULL OR c.decided_on > $1)) THEN 1 ELSE 0 END AS awaiting \
           FROM tasks t \
           WHERE {level} AND t.assigned_on <= $3{first_assigned}{assigned_by} \
             AND (t.withdrawn_on IS NULL OR t.withdrawn_on > $1) \
             AND NOT (t.completed_on IS NOT NULL AND t.completed_on < $2 AND t.completed_on <= $1)) x"
    )
}

pub(crate) fn timeliness(cls: i64) -> Timeliness {
    match cls {
        0 => Timeliness::CompletedOnTime,
        1 => Timeliness::CompletedLate,
        3 => Timeliness::Overdue,
        _ => Timeliness::InProgressOnTime,
    }
}

#[derive(Default, Clone, Copy)]
pub(crate) struct Tally {
    pub counts: Counts,
    pub awaiting: i64,
}

impl Store {
    /// Computes the report for `p` from the tasks' history: over the in-memory facts in a
    /// long-running server ([`Store::keep_facts_in_memory`]), else in one SQL pass (a one-shot
    /// command would pay for loading the facts without reusing them).
    pub async fn report(&self, p: &ReportParams, units: &[Unit]) -> StoreResult<Report> {
        if self.facts_enabled() {
            self.report_in_memory(p, units).await
        } else {
            self.report_sql(p, units).await
        }
    }

    /// The report over the in-memory facts (loaded on first use, then kept fresh).
    pub async fn report_in_memory(&self, p: &ReportParams, units: &[Unit]) -> StoreResult<Report> {
        let mut one = self
            .reports_in_memory(std::slice::from_ref(p), units)
            .await?;
        one.pop().ok_or_else(|| {
            crate::StoreError::Corrupt("báo cáo trong bộ nhớ không có kết quả".into())
        })
    }

    /// The figures of several reports (e.g. the twelve months of a trend): from the in-memory
    /// facts in one pass over the tasks for those not kept from an earlier request, else one
    /// SQL pass each.
    pub async fn reports(&self, ps: &[ReportParams], units: &[Unit]) -> StoreResult<Vec<Report>> {
        if !self.facts_enabled() {
            let mut out = Vec::with_capacity(ps.len());
            for p in ps {
                out.push(self.report_sql(p, units).await?);
            }
            return Ok(out);
        }
        self.reports_in_memory(ps, units).await
    }

    /// Several reports over the in-memory facts: those computed since the last write are
    /// taken as they are, the others in one pass over the tasks.
    async fn reports_in_memory(
        &self,
        ps: &[ReportParams],
        units: &[Unit],
    ) -> StoreResult<Vec<Report>> {
        let kinds: HashMap<i64, theodoi_core::model::UnitKind> =
            units.iter().map(|u| (u.id.0, u.kind)).collect();
        let keys: Vec<String> = ps.iter().map(|p| format!("tally {p:?}")).collect();
        let tallies = self
            .with_facts(|snap| {
                let mut out: Vec<Option<std::sync::Arc<TallyOut>>> =
                    keys.iter().map(|k| snap.memo_get::<TallyOut>(k)).collect();
                let missing: Vec<usize> = (0..ps.len()).filter(|&i| out[i].is_none()).collect();
                if !missing.is_empty() {
                    let refs: Vec<&ReportParams> = missing.iter().map(|&i| &ps[i]).collect();
                    let computed = crate::report_mem::tally_many(snap, &refs, &kinds);
                    for (&i, t) in missing.iter().zip(computed) {
                        let t = std::sync::Arc::new(t);
                        snap.remember(keys[i].clone(), t.clone());
                        out[i] = Some(t);
                    }
                }
                out
            })
            .await?;
        Ok(ps
            .iter()
            .zip(tallies.into_iter().flatten())
            .map(|(p, t)| {
                let (per_unit, total, groups) = (*t).clone();
                finish(p, units, per_unit, total, groups)
            })
            .collect())
    }

    /// The same report computed by SQL alone (a cross-check of the in-memory path, and the
    /// reference the behaviour suite compares both with).
    pub async fn report_sql(&self, p: &ReportParams, units: &[Unit]) -> StoreResult<Report> {
        let inner = classified_sql(p);
        let as_of = iso(p.as_of);
        let from = iso(p.window.from);
        let upto = iso(p.window.to.min(p.as_of));
        let bind4 = p.scope == Scope::Assigned;
        let by_unit_sql = format!(
            "SELECT unit_id, cls, nodl, susp, awaiting, COUNT(*) AS n FROM ({inner}) c GROUP BY unit_id, cls, nodl, susp, awaiting"
        );
        let mut q = sqlx::query(sql(by_unit_sql))
            .bind(as_of.clone())
            .bind(from.clone())
            .bind(upto.clone());
        if bind4 {
            q = q.bind(from.clone());
        }
        let rows = q.fetch_all(&self.pool).await?;
        let mut per_unit: HashMap<i64, Tally> = HashMap::new();
        let mut total = Tally::default();
        for r in &rows {
            let unit: i64 = r.try_get("unit_id")?;
            let cls: i64 = r.try_get("cls")?;
            let nodl: i64 = r.try_get("nodl")?;
            let susp: i64 = r.try_get("susp")?;
            let awaiting: i64 = r.try_get("awaiting")?;
            let n: i64 = r.try_get("n")?;
            for t in [per_unit.entry(unit).or_default(), &mut total] {
                t.counts.add_class(timeliness(cls), nodl == 1, susp == 1, n);
                if awaiting == 1 && cls >= 2 {
                    t.awaiting += n;
                }
            }
        }

        let group_sql = format!(
            "SELECT c.group_id, g.content, cls, COUNT(*) AS n, MIN(c.dl) AS dl, \
               CAST(SUM(CASE WHEN u.kind = 'locality' THEN 1 ELSE 0 END) AS BIGINT) AS localities, \
               CAST(SUM(CASE WHEN u.kind = 'agency' THEN 1 ELSE 0 END) AS BIGINT) AS agencies \
             FROM ({inner}) c JOIN assignment_groups g ON g.id = c.group_id LEFT JOIN units u ON u.id = c.unit_id \
             GROUP BY c.group_id, g.content, cls ORDER BY c.group_id"
        );
        let mut q = sqlx::query(sql(group_sql))
            .bind(as_of)
            .bind(from.clone())
            .bind(upto);
        if bind4 {
            q = q.bind(from);
        }
        let grows = q.fetch_all(&self.pool).await?;
        let mut groups: Vec<GroupRow> = Vec::new();
        let mut kinds: Vec<(i64, i64)> = Vec::new();
        for r in &grows {
            let id: i64 = r.try_get("group_id")?;
            let cls: i64 = r.try_get("cls")?;
            let n: i64 = r.try_get("n")?;
            if groups.last().is_none_or(|g| g.group_id.0 != id) {
                groups.push(GroupRow {
                    group_id: GroupId(id),
                    content: r.try_get("content")?,
                    units: 0,
                    completed: 0,
                    not_completed: 0,
                    overdue: 0,
                    deadline: None,
                    unit_noun: String::new(),
                });
                kinds.push((0, 0));
            }
            let dl: Option<String> = r.try_get("dl")?;
            let dl = dl.map(|d| parse_date(&d, "dl")).transpose()?;
            let localities: i64 = r.try_get("localities")?;
            let agencies: i64 = r.try_get("agencies")?;
            if let Some(k) = kinds.last_mut() {
                k.0 += localities;
                k.1 += agencies;
            }
            if let Some(g) = groups.last_mut() {
                g.deadline = match (g.deadline, dl) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                g.units += n;
                if timeliness(cls).is_completed() {
                    g.completed += n;
                } else {
                    g.not_completed += n;
                    if cls == 3 {
                        g.overdue += n;
                    }
                }
            }
        }
        for (g, (localities, agencies)) in groups.iter_mut().zip(&kinds) {
            g.unit_noun = if *localities == g.units {
                "địa phương"
            } else if *agencies == g.units {
                "sở, ngành"
            } else {
                "đơn vị"
            }
            .to_string();
        }
        Ok(finish(p, units, per_unit, total, groups))
    }
}

pub(crate) fn finish(
    p: &ReportParams,
    units: &[Unit],
    per_unit: HashMap<i64, Tally>,
    total: Tally,
    mut groups: Vec<GroupRow>,
) -> Report {
    groups.retain(|g| g.units > 1);
    groups.sort_by_key(|g| g.group_id);
    let unit_rows = unit_rows(p, units, &per_unit);
    let totals = Figures::new(total.counts, total.awaiting, p.basis);
    Report::assemble(p, totals, groups, unit_rows)
}

/// Rows for the units that have tasks (or, with `subtree`, tasks below them), in tree order.
fn unit_rows(p: &ReportParams, units: &[Unit], per_unit: &HashMap<i64, Tally>) -> Vec<UnitRow> {
    let mut children: HashMap<Option<UnitId>, Vec<&Unit>> = HashMap::new();
    for u in units {
        children.entry(u.parent_id).or_default().push(u);
    }
    let mut order: Vec<&Unit> = Vec::new();
    let mut stack: Vec<&Unit> = children.get(&None).cloned().unwrap_or_default();
    stack.reverse();
    while let Some(u) = stack.pop() {
        order.push(u);
        if let Some(kids) = children.get(&Some(u.id)) {
            stack.extend(kids.iter().rev());
        }
    }
    // Units whose parent is missing (should not happen) still get a row.
    for u in units {
        if !order.iter().any(|o| o.id == u.id) {
            order.push(u);
        }
    }
    let mut rolled: HashMap<i64, Tally> = HashMap::new();
    if p.subtree {
        for u in order.iter().rev() {
            let mut t = per_unit.get(&u.id.0).copied().unwrap_or_default();
            for k in children
                .get(&Some(u.id))
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                if let Some(kt) = rolled.get(&k.id.0) {
                    t.counts.merge(&kt.counts);
                    t.awaiting += kt.awaiting;
                }
            }
            rolled.insert(u.id.0, t);
        }
    }
    let source = if p.subtree { &rolled } else { per_unit };
    let mut rows: Vec<UnitRow> = order
        .iter()
        .filter_map(|u| {
            let t = source.get(&u.id.0)?;
            (t.counts.tasks > 0).then(|| UnitRow {
                unit_id: u.id,
                unit: u.name.clone(),
                short_name: u.short_name.clone(),
                parent_id: u.parent_id,
                figures: Figures::new(t.counts, t.awaiting, p.basis),
            })
        })
        .collect();
    // Tasks led by a unit that is not in the list given (e.g. filtered out) still count.
    for (id, t) in per_unit {
        if !units.iter().any(|u| u.id.0 == *id) {
            rows.push(UnitRow {
                unit_id: UnitId(*id),
                unit: format!("Đơn vị #{id}"),
                short_name: String::new(),
                parent_id: None,
                figures: Figures::new(t.counts, t.awaiting, p.basis),
            });
        }
    }
    rows
}
