//! Reading tasks: one task with its history, and the filtered, paged task list.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use theodoi_core::ids::*;
use theodoi_core::model::*;
use theodoi_core::status::TaskFacts;

use crate::rows::{date, flag, instant, iso, opt_date, opt_instant, sql};
use crate::{Store, StoreResult, Tx};

pub(crate) const TASK_COLUMNS: &str = "t.id, t.document_id, t.clause, t.content, t.lead_unit_id, t.assigned_by_user_id, \
t.assigned_by_unit_id, t.assigned_on, t.deadline_kind, t.deadline_text, t.deadline_original, t.deadline_current, \
t.recurrence, t.series_id, t.period_label, t.is_key, t.field, t.parent_id, t.group_id, t.state, t.completed_on, \
t.withdrawn_on, t.secret, t.created_at";

pub(crate) fn task_from_row(r: &AnyRow, coop: Vec<UnitId>) -> StoreResult<Task> {
    Ok(Task {
        id: TaskId(r.try_get("id")?),
        document_id: r.try_get::<Option<i64>, _>("document_id")?.map(DocumentId),
        clause: r.try_get("clause")?,
        content: r.try_get("content")?,
        lead_unit_id: UnitId(r.try_get("lead_unit_id")?),
        coop_unit_ids: coop,
        assigned_by_user_id: r
            .try_get::<Option<i64>, _>("assigned_by_user_id")?
            .map(UserId),
        assigned_by_unit_id: r
            .try_get::<Option<i64>, _>("assigned_by_unit_id")?
            .map(UnitId),
        assigned_on: date(r, "assigned_on")?,
        deadline_kind: DeadlineKind::parse(&r.try_get::<String, _>("deadline_kind")?)?,
        deadline_text: r.try_get("deadline_text")?,
        deadline_original: opt_date(r, "deadline_original")?,
        deadline_current: opt_date(r, "deadline_current")?,
        recurrence: r.try_get("recurrence")?,
        series_id: r.try_get::<Option<i64>, _>("series_id")?.map(TaskId),
        period_label: r.try_get("period_label")?,
        is_key: flag(r, "is_key")?,
        field: r.try_get("field")?,
        parent_id: r.try_get::<Option<i64>, _>("parent_id")?.map(TaskId),
        group_id: r.try_get::<Option<i64>, _>("group_id")?.map(GroupId),
        state: TaskState::parse(&r.try_get::<String, _>("state")?)?,
        completed_on: opt_date(r, "completed_on")?,
        withdrawn_on: opt_date(r, "withdrawn_on")?,
        secret: flag(r, "secret")?,
        created_at: instant(r, "created_at")?,
    })
}

/// A task with everything that happened to it.
#[derive(Debug, Clone, Serialize)]
pub struct TaskHistory {
    pub deadlines: Vec<DeadlineChange>,
    pub leads: Vec<LeadChange>,
    pub suspensions: Vec<(NaiveDate, Option<NaiveDate>)>,
    pub progress: Vec<ProgressReport>,
    pub claims: Vec<CompletionClaim>,
    pub extensions: Vec<ExtensionRequest>,
}

/// Which tasks a list shows, as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeframe {
    /// Not completed, deadline passed.
    Overdue,
    /// Not completed, deadline within the next N days.
    DueSoon,
    /// Not completed, deadline not passed (or none).
    OnTime,
    Completed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskSort {
    #[default]
    Deadline,
    Assigned,
    Newest,
    /// By id: the order of `after_id` paging, for exports that read every row.
    Id,
}

#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    /// Lead units (already expanded to a subtree by the caller, if wanted).
    pub lead_units: Option<Vec<UnitId>>,
    /// Tasks the units lead or co-operate on (access scoping).
    pub visible_to_units: Option<Vec<UnitId>>,
    pub assigned_by_user: Option<UserId>,
    pub assigned_by_unit: Option<UnitId>,
    pub state: Option<TaskState>,
    pub timeframe: Option<Timeframe>,
    pub today: Option<NaiveDate>,
    pub due_soon_days: i64,
    pub assigned_from: Option<NaiveDate>,
    pub assigned_to: Option<NaiveDate>,
    pub is_key: Option<bool>,
    pub field: Option<String>,
    pub document_id: Option<DocumentId>,
    pub group_id: Option<GroupId>,
    pub text: Option<String>,
    pub include_delegated: bool,
    /// Only the tasks behind one figure of a report (the dashboard's drill-down).
    pub report_slice: Option<crate::report_slice::ReportSlice>,
    pub sort: TaskSort,
    pub limit: i64,
    pub offset: i64,
    /// Only tasks with a larger id (keyset paging with `TaskSort::Id`): reading a long list
    /// page by page stays linear, where OFFSET rescans every earlier row for each page.
    pub after_id: Option<i64>,
    /// Leave `total` at -1 instead of counting every matching row (the caller counted once).
    pub skip_count: bool,
    /// Count at most this many rows: a page of a million-task list then costs a page, not a
    /// scan; `TaskPage::capped` says the total is "more than".
    pub count_cap: Option<i64>,
}

/// One line of a task list.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRow {
    #[serde(flatten)]
    pub task: Task,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskPage {
    /// Matching tasks; with [`TaskFilter::count_cap`], at most the cap plus one.
    pub total: i64,
    /// `total` stopped at the cap: there are more than `total - 1` matching tasks.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub capped: bool,
    pub limit: i64,
    pub offset: i64,
    pub tasks: Vec<TaskRow>,
}

impl Tx {
    pub async fn task(&mut self, id: TaskId) -> StoreResult<Option<Task>> {
        let row = sqlx::query(sql(format!(
            "SELECT {TASK_COLUMNS} FROM tasks t WHERE t.id = $1"
        )))
        .bind(id.0)
        .fetch_optional(&mut *self.inner)
        .await?;
        match row {
            Some(r) => {
                let coop: Vec<i64> = sqlx::query_scalar(
                    "SELECT unit_id FROM task_coop_units WHERE task_id = $1 ORDER BY unit_id",
                )
                .bind(id.0)
                .fetch_all(&mut *self.inner)
                .await?;
                Ok(Some(task_from_row(
                    &r,
                    coop.into_iter().map(UnitId).collect(),
                )?))
            }
            None => Ok(None),
        }
    }
}

impl Store {
    pub async fn task(&self, id: TaskId) -> StoreResult<Option<Task>> {
        let mut tx = self.begin().await?;
        tx.task(id).await
    }

    pub async fn task_history(&self, id: TaskId) -> StoreResult<TaskHistory> {
        let p = &self.pool;
        let deadlines = sqlx::query("SELECT effective_on, deadline, reason FROM task_deadlines WHERE task_id = $1 ORDER BY effective_on, id")
            .bind(id.0)
            .fetch_all(p)
            .await?
            .iter()
            .map(|r| Ok(DeadlineChange { effective_on: date(r, "effective_on")?, deadline: opt_date(r, "deadline")?, reason: r.try_get("reason")? }))
            .collect::<StoreResult<Vec<_>>>()?;
        let leads = sqlx::query("SELECT from_date, unit_id, reason FROM task_leads WHERE task_id = $1 ORDER BY from_date, id")
            .bind(id.0)
            .fetch_all(p)
            .await?
            .iter()
            .map(|r| Ok(LeadChange { from_date: date(r, "from_date")?, unit_id: UnitId(r.try_get("unit_id")?), reason: r.try_get("reason")? }))
            .collect::<StoreResult<Vec<_>>>()?;
        let suspensions = sqlx::query("SELECT from_date, until_date FROM task_suspensions WHERE task_id = $1 ORDER BY from_date, id")
            .bind(id.0)
            .fetch_all(p)
            .await?
            .iter()
            .map(|r| Ok((date(r, "from_date")?, opt_date(r, "until_date")?)))
            .collect::<StoreResult<Vec<_>>>()?;
        let progress = sqlx::query("SELECT id, task_id, report_date, body, percent, author_id, created_at FROM progress_reports WHERE task_id = $1 ORDER BY report_date, id")
            .bind(id.0)
            .fetch_all(p)
            .await?
            .iter()
            .map(|r| {
                Ok(ProgressReport {
                    id: ProgressId(r.try_get("id")?),
                    task_id: id,
                    report_date: date(r, "report_date")?,
                    text: r.try_get("body")?,
                    percent: r.try_get("percent")?,
                    author_id: UserId(r.try_get::<Option<i64>, _>("author_id")?.unwrap_or_default()),
                    created_at: instant(r, "created_at")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let claims = sqlx::query("SELECT id, finished_on, result_number, result_text, claimed_by, claimed_at, decision, decided_by, decided_at, note FROM completion_claims WHERE task_id = $1 ORDER BY id")
            .bind(id.0)
            .fetch_all(p)
            .await?
            .iter()
            .map(|r| {
                Ok(CompletionClaim {
                    id: ClaimId(r.try_get("id")?),
                    task_id: id,
                    finished_on: date(r, "finished_on")?,
                    result_number: r.try_get("result_number")?,
                    result_text: r.try_get("result_text")?,
                    claimed_by: UserId(r.try_get::<Option<i64>, _>("claimed_by")?.unwrap_or_default()),
                    claimed_at: instant(r, "claimed_at")?,
                    decision: Decision::parse(&r.try_get::<String, _>("decision")?)?,
                    decided_by: r.try_get::<Option<i64>, _>("decided_by")?.map(UserId),
                    decided_at: opt_instant(r, "decided_at")?,
                    note: r.try_get("note")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let extensions = sqlx::query("SELECT id, reason, proposed_deadline, requested_by, requested_on, decision, decided_by, decided_on, note FROM extension_requests WHERE task_id = $1 ORDER BY id")
            .bind(id.0)
            .fetch_all(p)
            .await?
            .iter()
            .map(|r| {
                Ok(ExtensionRequest {
                    id: ExtensionId(r.try_get("id")?),
                    task_id: id,
                    reason: r.try_get("reason")?,
                    proposed_deadline: date(r, "proposed_deadline")?,
                    requested_by: UserId(r.try_get::<Option<i64>, _>("requested_by")?.unwrap_or_default()),
                    requested_on: date(r, "requested_on")?,
                    decision: Decision::parse(&r.try_get::<String, _>("decision")?)?,
                    decided_by: r.try_get::<Option<i64>, _>("decided_by")?.map(UserId),
                    decided_on: opt_date(r, "decided_on")?,
                    note: r.try_get("note")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(TaskHistory {
            deadlines,
            leads,
            suspensions,
            progress,
            claims,
            extensions,
        })
    }

    /// The facts the status engine needs, for checking the SQL report against it.
    pub async fn task_facts(&self, id: TaskId) -> StoreResult<Option<TaskFacts>> {
        let Some(t) = self.task(id).await? else {
            return Ok(None);
        };
        let h = self.task_history(id).await?;
        Ok(Some(TaskFacts {
            assigned_on: t.assigned_on,
            deadlines: h.deadlines,
            completed_on: t.completed_on,
            withdrawn_on: t.withdrawn_on,
            suspensions: h.suspensions,
            leads: h.leads,
        }))
    }

    /// The task list: filtered, sorted and paged, with the total count.
    pub async fn tasks(&self, f: &TaskFilter) -> StoreResult<TaskPage> {
        if let Some(page) = self.slice_in_memory(f).await? {
            return Ok(page);
        }
        let mut cond: Vec<String> = Vec::new();
        let mut args: Vec<Arg> = Vec::new();
        let push = |args: &mut Vec<Arg>, a: Arg| {
            args.push(a);
            format!("${}", args.len())
        };
        cond.push(if f.include_delegated {
            "t.report_level <> 2".into()
        } else {
            "t.report_level = 0".into()
        });
        if let Some(units) = &f.lead_units {
            cond.push(format!(
                "t.lead_unit_id IN ({})",
                id_list(units.iter().map(|u| u.0))
            ));
        }
        if let Some(units) = &f.visible_to_units {
            let list = id_list(units.iter().map(|u| u.0));
            // As a set from the two indexes (lead unit, co-operating unit), not a test per
            // row: a unit's few thousand tasks are found without walking a million.
            cond.push(format!(
                "t.id IN (SELECT id FROM tasks WHERE lead_unit_id IN ({list}) \
                 UNION SELECT task_id FROM task_coop_units WHERE unit_id IN ({list}))"
            ));
        }
        if let Some(u) = f.assigned_by_user {
            let p = push(&mut args, Arg::Int(u.0));
            cond.push(format!("t.assigned_by_user_id = {p}"));
        }
        if let Some(u) = f.assigned_by_unit {
            let p = push(&mut args, Arg::Int(u.0));
            cond.push(format!("t.assigned_by_unit_id = {p}"));
        }
        if let Some(s) = f.state {
            let p = push(&mut args, Arg::Text(s.as_str().into()));
            cond.push(format!("t.state = {p}"));
        }
        if let (Some(tf), Some(today)) = (f.timeframe, f.today) {
            let d = push(&mut args, Arg::Text(iso(today)));
            let open = "t.completed_on IS NULL AND t.withdrawn_on IS NULL";
            match tf {
                Timeframe::Overdue => cond.push(format!("{open} AND t.state <> 'suspended' AND t.deadline_current < {d}")),
                Timeframe::DueSoon => {
                    let until = push(&mut args, Arg::Text(iso(today + chrono::Duration::days(f.due_soon_days))));
                    cond.push(format!("{open} AND t.deadline_current >= {d} AND t.deadline_current <= {until}"));
                }
                Timeframe::OnTime => cond.push(format!("{open} AND (t.deadline_current IS NULL OR t.deadline_current >= {d} OR t.state = 'suspended')")),
                Timeframe::Completed => cond.push("t.completed_on IS NOT NULL".into()),
            }
        }
        if let Some(d) = f.assigned_from {
            let p = push(&mut args, Arg::Text(iso(d)));
            cond.push(format!("t.assigned_on >= {p}"));
        }
        if let Some(d) = f.assigned_to {
            let p = push(&mut args, Arg::Text(iso(d)));
            cond.push(format!("t.assigned_on <= {p}"));
        }
        if let Some(k) = f.is_key {
            cond.push(format!("t.is_key = {}", i64::from(k)));
        }
        if let Some(field) = &f.field {
            let p = push(&mut args, Arg::Text(field.clone()));
            cond.push(format!("t.field = {p}"));
        }
        if let Some(d) = f.document_id {
            let p = push(&mut args, Arg::Int(d.0));
            cond.push(format!("t.document_id = {p}"));
        }
        if let Some(g) = f.group_id {
            let p = push(&mut args, Arg::Int(g.0));
            cond.push(format!("t.group_id = {p}"));
        }
        if let Some(m) = f
            .text
            .as_deref()
            .and_then(|t| crate::search::match_arg(self.backend, t))
        {
            // The same search as the search box: folded words, prefixes, phrases in quotes.
            let p = push(&mut args, Arg::Text(m));
            cond.push(format!(
                "t.id IN ({})",
                crate::search::matching_ids_sql(self.backend, &p)
            ));
        }
        if let Some(slice) = &f.report_slice {
            cond.push(format!("t.id IN ({})", slice.sql()));
        }
        if let Some(after) = f.after_id {
            let p = push(&mut args, Arg::Int(after));
            cond.push(format!("t.id > {p}"));
        }
        let wh = cond.join(" AND ");
        let dated = matches!(
            (f.timeframe, f.today),
            (Some(Timeframe::Overdue | Timeframe::DueSoon), Some(_))
        );
        let order = match f.sort {
            // Overdue and due-soon tasks all have a deadline: the plain order can walk the
            // index of open tasks by deadline. PostgreSQL puts NULLs last by itself.
            TaskSort::Deadline if dated || self.backend == crate::Backend::Postgres => {
                "t.deadline_current, t.id"
            }
            TaskSort::Deadline => "t.deadline_current IS NULL, t.deadline_current, t.id",
            TaskSort::Assigned => "t.assigned_on, t.id",
            TaskSort::Newest => "t.id DESC",
            TaskSort::Id => "t.id",
        };
        let limit = f.limit.clamp(1, 1000);
        let offset = f.offset.max(0);
        let count_sql = match f.count_cap {
            Some(cap) => format!(
                "SELECT COUNT(*) FROM (SELECT 1 FROM tasks t WHERE {wh} LIMIT {}) c",
                cap.max(0) + 1
            ),
            None => format!("SELECT COUNT(*) FROM tasks t WHERE {wh}"),
        };
        let mut count = sqlx::query_scalar::<_, i64>(sql(count_sql));
        for a in &args {
            count = a.bind_scalar(count);
        }
        let total = if f.skip_count {
            -1
        } else {
            count.fetch_one(&self.pool).await?
        };
        let capped = f.count_cap.is_some_and(|cap| total > cap);
        let hint = self.index_hint(f);
        let mut q = sqlx::query(sql(format!(
            "SELECT {TASK_COLUMNS} FROM tasks t{hint} WHERE {wh} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
        )));
        for a in &args {
            q = a.bind(q);
        }
        let rows = q.fetch_all(&self.pool).await?;
        Ok(TaskPage {
            total,
            capped,
            limit,
            offset,
            tasks: self.task_rows(&rows).await?,
        })
    }

    /// For a province-wide list in deadline order (nothing filtered but the level, the
    /// timeframe and the key-task flag), the index that yields the page in order. SQLite's
    /// planner otherwise skip-scans the report index and sorts every open task (0,3 s at a
    /// million tasks, where the index reads 15 rows). Any narrower filter is left to the
    /// planner: walking the deadline order to find a few matches would be the slow plan then.
    fn index_hint(&self, f: &TaskFilter) -> &'static str {
        let wide = f.lead_units.is_none()
            && f.visible_to_units.is_none()
            && f.assigned_by_user.is_none()
            && f.assigned_by_unit.is_none()
            && f.state.is_none()
            && f.assigned_from.is_none()
            && f.assigned_to.is_none()
            && f.field.is_none()
            && f.document_id.is_none()
            && f.group_id.is_none()
            && f.text.as_deref().is_none_or(|t| t.trim().is_empty())
            && f.report_slice.is_none()
            && f.after_id.is_none();
        if self.backend != crate::Backend::Sqlite || !wide || f.sort != TaskSort::Deadline {
            return "";
        }
        let open = matches!(
            (f.timeframe, f.today),
            (Some(Timeframe::Overdue | Timeframe::DueSoon), Some(_))
        );
        match (open, f.timeframe.is_some(), f.is_key) {
            // The partial indexes' conditions (open; key) are in the query's WHERE as written.
            (true, _, Some(true)) => " INDEXED BY tasks_key_open",
            (true, _, None) => " INDEXED BY tasks_open_deadline",
            (false, false, None) => " INDEXED BY tasks_deadline_list",
            _ => "",
        }
    }

    /// Several tasks by id in one read, in the order of `ids` (missing ids are left out).
    pub async fn tasks_by_ids(&self, ids: &[TaskId]) -> StoreResult<Vec<Task>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(sql(format!(
            "SELECT {TASK_COLUMNS} FROM tasks t WHERE t.id IN ({})",
            id_list(ids.iter().map(|i| i.0))
        )))
        .fetch_all(&self.pool)
        .await?;
        let mut by_id: std::collections::HashMap<TaskId, Task> = self
            .task_rows(&rows)
            .await?
            .into_iter()
            .map(|r| (r.task.id, r.task))
            .collect();
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// Tasks with their co-operating units, in the order of `rows`.
    async fn task_rows(&self, rows: &[AnyRow]) -> StoreResult<Vec<TaskRow>> {
        let ids: Vec<i64> = rows
            .iter()
            .map(|r| r.try_get::<i64, _>("id"))
            .collect::<Result<_, _>>()?;
        let mut coop: std::collections::HashMap<i64, Vec<UnitId>> =
            std::collections::HashMap::new();
        if !ids.is_empty() {
            let crow = sqlx::query(sql(format!("SELECT task_id, unit_id FROM task_coop_units WHERE task_id IN ({}) ORDER BY unit_id", id_list(ids.iter().copied()))))
                .fetch_all(&self.pool)
                .await?;
            for r in &crow {
                coop.entry(r.try_get("task_id")?)
                    .or_default()
                    .push(UnitId(r.try_get("unit_id")?));
            }
        }
        let tasks = rows
            .iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                Ok(TaskRow {
                    task: task_from_row(r, coop.remove(&id).unwrap_or_default())?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(tasks)
    }

    /// The drill-down list (a figure of the report, nothing else filtered) from the in-memory
    /// facts of a long-running server: the report's own classification picks the tasks, so
    /// the count is exact and the page costs a read of its rows by id, where the SQL form
    /// evaluates every task's history. `None`: not applicable, use SQL.
    async fn slice_in_memory(&self, f: &TaskFilter) -> StoreResult<Option<TaskPage>> {
        let Some(slice) = &f.report_slice else {
            return Ok(None);
        };
        let only_slice = f.lead_units.is_none()
            && f.assigned_by_user.is_none()
            && f.assigned_by_unit.is_none()
            && f.state.is_none()
            && f.timeframe.is_none()
            && f.assigned_from.is_none()
            && f.assigned_to.is_none()
            && f.is_key.is_none()
            && f.field.is_none()
            && f.document_id.is_none()
            && f.group_id.is_none()
            && f.text.as_deref().is_none_or(|t| t.trim().is_empty())
            && f.after_id.is_none();
        // A unit user's list is limited to what they may see; the slice counts lead units
        // as of the date, so it is within that only when its units are.
        let within_scope = match (&f.visible_to_units, &slice.units) {
            (None, _) => true,
            (Some(visible), Some(units)) => units.iter().all(|u| visible.contains(u)),
            (Some(_), None) => false,
        };
        if !only_slice || !within_scope || !self.facts_enabled() {
            return Ok(None);
        }
        // Paging through a drill-down computes and sorts it once per version of the facts.
        let key = format!("slice {slice:?} {} {:?}", f.include_delegated, f.sort);
        let rows = self
            .with_facts(|snap| {
                snap.memo(key, |snap| {
                    let mut rows = crate::report_mem::slice(snap, slice, f.include_delegated);
                    match f.sort {
                        TaskSort::Deadline => rows.sort_unstable_by_key(|r| (r.deadline, r.id)),
                        TaskSort::Assigned => rows.sort_unstable_by_key(|r| (r.assigned, r.id)),
                        TaskSort::Newest => rows.sort_unstable_by_key(|r| std::cmp::Reverse(r.id)),
                        TaskSort::Id => rows.sort_unstable_by_key(|r| r.id),
                    }
                    rows
                })
            })
            .await?;
        let limit = f.limit.clamp(1, 1000);
        let offset = f.offset.max(0);
        let page: Vec<i64> = rows
            .iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(0))
            .map(|r| r.id)
            .collect();
        let page: Vec<TaskId> = page.into_iter().map(TaskId).collect();
        let tasks = self
            .tasks_by_ids(&page)
            .await?
            .into_iter()
            .map(|task| TaskRow { task })
            .collect();
        Ok(Some(TaskPage {
            total: if f.skip_count { -1 } else { rows.len() as i64 },
            capped: false,
            limit,
            offset,
            tasks,
        }))
    }
}

/// A comma-separated list of integer ids, safe to inline (they are integers).
pub(crate) fn id_list(ids: impl Iterator<Item = i64>) -> String {
    let v: Vec<String> = ids.map(|i| i.to_string()).collect();
    if v.is_empty() {
        "NULL".into()
    } else {
        v.join(", ")
    }
}

pub(crate) enum Arg {
    Int(i64),
    Text(String),
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;
type AnyScalar<'q, T> = sqlx::query::QueryScalar<'q, sqlx::Any, T, sqlx::any::AnyArguments>;

impl Arg {
    pub(crate) fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        match self {
            Arg::Int(i) => q.bind(*i),
            Arg::Text(s) => q.bind(s.clone()),
        }
    }
    pub(crate) fn bind_scalar<'q, T>(&self, q: AnyScalar<'q, T>) -> AnyScalar<'q, T> {
        match self {
            Arg::Int(i) => q.bind(*i),
            Arg::Text(s) => q.bind(s.clone()),
        }
    }
}
