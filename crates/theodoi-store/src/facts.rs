//! An in-memory copy of what the report needs about every task, kept in step with the
//! database, so a report over a million tasks is a pass over compact rows in memory
//! instead of a scan of the table (DESIGN.md §6: aggregates stay fast at a million tasks).
//!
//! Freshness: writes made through this process's [`crate::Tx`] mark their tasks dirty when
//! they commit; writes by other processes sharing the database are found through the
//! append-only audit trail (every write has an audit event). Each report first reads the
//! newest audit id; events after the last one seen (with a look-back margin, because
//! PostgreSQL may commit a lower id after a higher one) name the tasks to reload. An event
//! that is not about one task (bulk loading, restore) reloads everything.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use chrono::{Datelike, NaiveDate};
use sqlx::Row;
use sqlx::any::AnyRow;
use tokio::sync::Mutex as AsyncMutex;

use crate::rows::sql;
use crate::{Store, StoreResult};

/// Days since the common era; `NONE` for no date.
pub(crate) type Day = i32;
pub(crate) const NONE: Day = i32::MAX;

pub(crate) fn day(d: NaiveDate) -> Day {
    d.num_days_from_ce()
}

fn opt_day(r: &AnyRow, col: &str) -> StoreResult<Day> {
    let s: Option<&str> = r.try_get(col)?;
    match s {
        Some(s) => match fast_day(s) {
            Some(d) => Ok(d),
            None => Ok(day(crate::rows::parse_date(s, col)?)),
        },
        None => Ok(NONE),
    }
}

/// `YYYY-MM-DD` without the general date parser (a million rows are read at start).
fn fast_day(s: &str) -> Option<Day> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?).map(day)
}

/// What a report needs about one task.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Compact {
    pub id: i64,
    pub level: i64,
    pub assigned: Day,
    pub completed: Day,
    pub withdrawn: Day,
    pub deadline_original: Day,
    pub deadline_current: Day,
    pub deadline_changed: Day,
    pub lead: i64,
    pub lead_since: Day,
    pub has_suspensions: bool,
    pub has_claims: bool,
    pub group: i64,
    pub by_unit: i64,
    pub by_user: i64,
}

/// History needed only for tasks whose facts changed after they were given.
#[derive(Debug, Default, Clone)]
pub(crate) struct History {
    /// (effective_on, deadline) in (date, id) order.
    pub deadlines: Vec<(Day, Day)>,
    /// (from_date, unit) in (date, id) order.
    pub leads: Vec<(Day, i64)>,
    /// [from, until)
    pub suspensions: Vec<(Day, Day)>,
    /// (claimed_on, decided_on)
    pub claims: Vec<(Day, Day)>,
}

#[derive(Default)]
pub(crate) struct Snapshot {
    pub version: i64,
    pub loaded: bool,
    /// Audit events that made (or preceded) a full reload: inside the look-back window they
    /// are seen again at every refresh, and must not reload a million tasks each time.
    bulk_seen: HashSet<i64>,
    pub tasks: Vec<Compact>,
    pub index: HashMap<i64, usize>,
    pub history: HashMap<i64, History>,
    pub groups: HashMap<i64, String>,
    /// Results computed from this version of the facts (reports, drill-down lists), dropped
    /// as soon as anything is written: every write has an audit event, so the newest audit id
    /// names the version. A dashboard read many times between two writes is computed once.
    memo: HashMap<String, Arc<dyn std::any::Any + Send + Sync>>,
}

/// At most this many results are kept per version (a year's drill-down list is a few MB).
const MEMO_ENTRIES: usize = 32;

impl Snapshot {
    /// The result of `f` for `key` on this version of the facts, computed once.
    pub(crate) fn memo<T: Send + Sync + 'static>(
        &mut self,
        key: String,
        f: impl FnOnce(&Snapshot) -> T,
    ) -> Arc<T> {
        if let Some(hit) = self.memo_get::<T>(&key) {
            return hit;
        }
        let value = Arc::new(f(self));
        self.remember(key, value.clone());
        value
    }

    /// A result computed earlier from this version, if any.
    pub(crate) fn memo_get<T: Send + Sync + 'static>(&self, key: &str) -> Option<Arc<T>> {
        self.memo
            .get(key)
            .and_then(|v| Arc::clone(v).downcast::<T>().ok())
    }

    /// Keeps a result computed partly outside the facts (e.g. with a query of another
    /// table) if the facts are still at `version`, the version it was computed at.
    pub(crate) fn memo_put_at<T: Send + Sync + 'static>(
        &mut self,
        version: i64,
        key: String,
        value: T,
    ) {
        if self.version == version {
            self.remember(key, Arc::new(value));
        }
    }

    pub(crate) fn remember(&mut self, key: String, value: Arc<dyn std::any::Any + Send + Sync>) {
        if self.memo.len() >= MEMO_ENTRIES {
            self.memo.clear();
        }
        self.memo.insert(key, value);
    }
}

/// Shared between the clones of a [`Store`].
#[derive(Default)]
pub(crate) struct FactCache {
    /// Whether reports use the in-memory facts (a server) or SQL (one-shot commands).
    pub enabled: std::sync::atomic::AtomicBool,
    pub snapshot: AsyncMutex<Snapshot>,
    /// Tasks written by this process since the last refresh.
    pub dirty: Mutex<HashSet<i64>>,
    pub everything_dirty: Mutex<bool>,
    /// How many times every task was read (start, bulk events): for logs and tests.
    pub full_loads: std::sync::atomic::AtomicU64,
    /// The unit tree as of an audit id: every page reads it, and it changes rarely.
    pub units: Mutex<Option<(i64, Arc<Vec<theodoi_core::model::Unit>>)>>,
}

pub(crate) type SharedCache = Arc<FactCache>;

const LOOK_BACK: i64 = 10_000;

/// Audit entities whose writes do not change what a report knows about tasks (a task's own
/// changes, a merger's moves included, have "task" events).
const UNRELATED: &[&str] = &[
    "assignment_group",
    "unit",
    "user",
    "document",
    "calendar",
    "setting",
    "attachment",
    "api_token",
    "notification",
    "email_digest",
    "indicator",
    "indicator_target",
    "indicator_value",
    "invest_source",
    "invest_plan",
    "invest_disbursement",
    "inspection",
    "issued_report",
];

const COLUMNS: &str = "id, report_level, assigned_on, completed_on, withdrawn_on, deadline_original, deadline_current, \
deadline_changed_on, lead_unit_id, lead_since, has_suspensions, has_claims, group_id, assigned_by_unit_id, assigned_by_user_id";

fn compact(r: &AnyRow) -> StoreResult<Compact> {
    Ok(Compact {
        id: r.try_get("id")?,
        level: r.try_get("report_level")?,
        assigned: opt_day(r, "assigned_on")?,
        completed: opt_day(r, "completed_on")?,
        withdrawn: opt_day(r, "withdrawn_on")?,
        deadline_original: opt_day(r, "deadline_original")?,
        deadline_current: opt_day(r, "deadline_current")?,
        deadline_changed: opt_day(r, "deadline_changed_on")?,
        lead: r.try_get("lead_unit_id")?,
        lead_since: opt_day(r, "lead_since")?,
        has_suspensions: r.try_get::<i64, _>("has_suspensions")? != 0,
        has_claims: r.try_get::<i64, _>("has_claims")? != 0,
        group: r.try_get::<Option<i64>, _>("group_id")?.unwrap_or(0),
        by_unit: r
            .try_get::<Option<i64>, _>("assigned_by_unit_id")?
            .unwrap_or(0),
        by_user: r
            .try_get::<Option<i64>, _>("assigned_by_user_id")?
            .unwrap_or(0),
    })
}

impl Store {
    /// Serve reports from in-memory facts from now on (for long-running processes).
    pub fn keep_facts_in_memory(&self) {
        self.cache
            .enabled
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// The newest audit event's id: every write has one, so it names the version of the
    /// data (0 for an empty database).
    pub(crate) async fn audit_version(&self) -> StoreResult<i64> {
        let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM audit_events")
            .fetch_one(&self.pool)
            .await?;
        Ok(newest.unwrap_or(0))
    }

    /// How many times the in-memory facts were loaded whole (at start, after a bulk event).
    pub fn facts_full_loads(&self) -> u64 {
        self.cache
            .full_loads
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Whether reads are served from the in-memory facts (see [`Store::keep_facts_in_memory`]).
    pub(crate) fn facts_enabled(&self) -> bool {
        self.cache
            .enabled
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Marks tasks written by a committed transaction of this process.
    pub(crate) fn mark_dirty(&self, ids: &HashSet<i64>, everything: bool) {
        if everything {
            *self
                .cache
                .everything_dirty
                .lock()
                .unwrap_or_else(|e| e.into_inner()) = true;
        }
        self.cache
            .dirty
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(ids);
    }

    /// Brings the in-memory facts up to date and runs `f` on them.
    pub(crate) async fn with_facts<T>(&self, f: impl FnOnce(&mut Snapshot) -> T) -> StoreResult<T> {
        let mut snap = self.cache.snapshot.lock().await;
        let newest = self.audit_version().await?;
        let everything = std::mem::take(
            &mut *self
                .cache
                .everything_dirty
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        );
        let mut dirty: HashSet<i64> =
            std::mem::take(&mut *self.cache.dirty.lock().unwrap_or_else(|e| e.into_inner()));
        let mut reload_all = everything || !snap.loaded;
        if !snap.loaded || newest != snap.version {
            // On the first load only the bulk events of the window matter (to mark them seen).
            let base = if snap.loaded { snap.version } else { newest };
            let since = (base - LOOK_BACK).max(0);
            let rows = sqlx::query(
                "SELECT id, entity, entity_id FROM audit_events WHERE id > $1 AND entity <> 'task' \
                 UNION ALL SELECT DISTINCT 0, entity, entity_id FROM audit_events WHERE id > $1 AND entity = 'task'",
            )
            .bind(since)
            .fetch_all(&self.pool)
            .await?;
            for r in &rows {
                let event: i64 = r.try_get("id")?;
                let entity: String = r.try_get("entity")?;
                let id: i64 = r.try_get("entity_id")?;
                match entity.as_str() {
                    "task" => {
                        dirty.insert(id);
                    }
                    e if UNRELATED.contains(&e) => {}
                    // Bulk loading, restore, anything unknown: everything, once.
                    _ => {
                        if snap.bulk_seen.insert(event) {
                            reload_all = true;
                        }
                    }
                }
            }
        }
        if reload_all {
            load_all(self, &mut snap).await?;
            self.cache
                .full_loads
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        } else if !dirty.is_empty() {
            reload(self, &mut snap, &dirty).await?;
        }
        if reload_all || !dirty.is_empty() || newest != snap.version {
            snap.memo.clear();
        }
        snap.version = newest;
        snap.loaded = true;
        Ok(f(&mut snap))
    }
}

async fn load_all(store: &Store, snap: &mut Snapshot) -> StoreResult<()> {
    let rows = sqlx::query(sql(format!("SELECT {COLUMNS} FROM tasks ORDER BY id")))
        .fetch_all(&store.pool)
        .await?;
    snap.tasks = rows.iter().map(compact).collect::<StoreResult<Vec<_>>>()?;
    snap.index = snap
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    snap.history.clear();
    let ids: Vec<i64> = snap
        .tasks
        .iter()
        .filter(|t| needs_history(t))
        .map(|t| t.id)
        .collect();
    load_history(store, snap, &ids).await?;
    snap.groups = sqlx::query("SELECT id, content FROM assignment_groups")
        .fetch_all(&store.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("content")?)))
        .collect::<StoreResult<_>>()?;
    Ok(())
}

pub(crate) fn needs_history(t: &Compact) -> bool {
    t.deadline_changed != NONE || t.lead_since != t.assigned || t.has_suspensions || t.has_claims
}

async fn reload(store: &Store, snap: &mut Snapshot, ids: &HashSet<i64>) -> StoreResult<()> {
    let ids: Vec<i64> = ids.iter().copied().collect();
    for chunk in ids.chunks(500) {
        let list = crate::tasks_read::id_list(chunk.iter().copied());
        let rows = sqlx::query(sql(format!(
            "SELECT {COLUMNS} FROM tasks WHERE id IN ({list})"
        )))
        .fetch_all(&store.pool)
        .await?;
        for r in &rows {
            let t = compact(r)?;
            match snap.index.get(&t.id) {
                Some(i) => snap.tasks[*i] = t,
                None => {
                    snap.index.insert(t.id, snap.tasks.len());
                    snap.tasks.push(t);
                }
            }
            if let Some(g) = (t.group != 0)
                .then_some(t.group)
                .filter(|g| !snap.groups.contains_key(g))
            {
                let content: Option<String> =
                    sqlx::query_scalar("SELECT content FROM assignment_groups WHERE id = $1")
                        .bind(g)
                        .fetch_optional(&store.pool)
                        .await?;
                if let Some(c) = content {
                    snap.groups.insert(g, c);
                }
            }
        }
        for id in chunk {
            snap.history.remove(id);
        }
        let with_history: Vec<i64> = chunk
            .iter()
            .copied()
            .filter(|id| {
                snap.index
                    .get(id)
                    .is_some_and(|i| needs_history(&snap.tasks[*i]))
            })
            .collect();
        load_history(store, snap, &with_history).await?;
    }
    Ok(())
}

async fn load_history(store: &Store, snap: &mut Snapshot, ids: &[i64]) -> StoreResult<()> {
    for chunk in ids.chunks(500) {
        let list = crate::tasks_read::id_list(chunk.iter().copied());
        let q = |table_sql: String| sqlx::query(sql(table_sql));
        for r in &q(format!("SELECT task_id, effective_on, deadline FROM task_deadlines WHERE task_id IN ({list}) ORDER BY task_id, effective_on, id")).fetch_all(&store.pool).await? {
            let id: i64 = r.try_get("task_id")?;
            snap.history.entry(id).or_default().deadlines.push((opt_day(r, "effective_on")?, opt_day(r, "deadline")?));
        }
        for r in &q(format!("SELECT task_id, from_date, unit_id FROM task_leads WHERE task_id IN ({list}) ORDER BY task_id, from_date, id")).fetch_all(&store.pool).await? {
            let id: i64 = r.try_get("task_id")?;
            snap.history.entry(id).or_default().leads.push((opt_day(r, "from_date")?, r.try_get("unit_id")?));
        }
        for r in &q(format!(
            "SELECT task_id, from_date, until_date FROM task_suspensions WHERE task_id IN ({list})"
        ))
        .fetch_all(&store.pool)
        .await?
        {
            let id: i64 = r.try_get("task_id")?;
            snap.history
                .entry(id)
                .or_default()
                .suspensions
                .push((opt_day(r, "from_date")?, opt_day(r, "until_date")?));
        }
        for r in &q(format!("SELECT task_id, claimed_on, decided_on FROM completion_claims WHERE task_id IN ({list})")).fetch_all(&store.pool).await? {
            let id: i64 = r.try_get("task_id")?;
            snap.history.entry(id).or_default().claims.push((opt_day(r, "claimed_on")?, opt_day(r, "decided_on")?));
        }
    }
    Ok(())
}
