//! Writing a whole spreadsheet of tasks in one transaction, many rows per statement: the
//! tasks with their history rows, one audit event each and their search-index entries. Row
//! by row, an import of 100 000 tasks into a database of a million ran about twelve
//! statements per task (1,2 million round trips, the search entry of each task read back
//! from the tables it had just written); here a few hundred rows go in each statement.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use theodoi_core::ids::{DocumentId, GroupId, TaskId, UserId};
use theodoi_core::model::TaskState;
use theodoi_core::search::index_text;
use theodoi_core::text::fold;

use crate::rows::{iso, opt_iso, sql, ts};
use crate::search::tags;
use crate::{NewDocument, NewTask, StoreError, StoreResult, Tx};

/// A task read from a spreadsheet, with the state the sheet gives it.
#[derive(Debug, Clone)]
pub struct ImportedTask {
    pub task: NewTask,
    pub state: TaskState,
    pub completed_on: Option<NaiveDate>,
    pub withdrawn_on: Option<NaiveDate>,
    /// Suspended from this date on (a suspension row is written).
    pub suspended_from: Option<NaiveDate>,
    /// The assigning leader as written, when no leader account fits.
    pub assigned_by_text: String,
    /// What the audit event records as the task's "after".
    pub audit_after: serde_json::Value,
}

/// A bound value of a multi-row statement.
enum Val {
    Int(Option<i64>),
    Text(Option<String>),
}

impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Val::Int(Some(v))
    }
}
impl From<Option<i64>> for Val {
    fn from(v: Option<i64>) -> Self {
        Val::Int(v)
    }
}
impl From<String> for Val {
    fn from(v: String) -> Self {
        Val::Text(Some(v))
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Self {
        Val::Text(Some(v.to_string()))
    }
}
impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Self {
        Val::Text(v)
    }
}

/// Bound values per statement at most. Far below the limits (SQLite 32 766, PostgreSQL
/// 65 535) on purpose: sqlx's SQLite driver looks up each parameter's name, and SQLite finds
/// a name by walking the statement's list of parameters, so binding costs grow with the
/// square of the parameters in a statement (with 12 000 a statement, a third of an
/// import's time went there).
const MAX_BINDS: usize = 600;
/// Rows per statement at most.
const MAX_ROWS: usize = 500;

/// Rows per statement for rows of `width` values.
fn chunk_rows(width: usize) -> usize {
    (MAX_BINDS / width.max(1)).clamp(1, MAX_ROWS)
}

fn json(v: &serde_json::Value) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The SQLite page cache of the import's connection while it writes (KiB): the pages of the
/// indexes that 100 000 new tasks touch do not fit a 64 MiB cache, and a full cache writes
/// dirty pages out to the WAL only to read them back for the next row.
const BULK_CACHE_KIB: i64 = 512 * 1024;

impl Tx {
    /// On SQLite, widens this connection's page cache for a bulk write; returns the size to
    /// give back with [`Tx::restore_cache`] before committing, so that the connection
    /// returns to the pool as it was. Nothing on PostgreSQL.
    pub async fn widen_cache(&mut self) -> StoreResult<Option<i64>> {
        if self.backend != crate::Backend::Sqlite {
            return Ok(None);
        }
        let usual: i64 = sqlx::query_scalar("PRAGMA cache_size")
            .fetch_one(&mut *self.inner)
            .await?;
        sqlx::query(sql(format!("PRAGMA cache_size = -{BULK_CACHE_KIB}")))
            .execute(&mut *self.inner)
            .await?;
        Ok(Some(usual))
    }

    /// Gives the connection back the page cache [`Tx::widen_cache`] found.
    pub async fn restore_cache(&mut self, usual: Option<i64>) -> StoreResult<()> {
        if let Some(n) = usual {
            sqlx::query(sql(format!("PRAGMA cache_size = {n}")))
                .execute(&mut *self.inner)
                .await?;
        }
        Ok(())
    }

    /// `INSERT INTO {head} VALUES (…), (…), …` for `rows` (each the same width), at most one
    /// chunk's worth per statement; with `returning`, the new ids in the order of `rows`.
    ///
    /// The ids come back sorted: both databases give the rows of one multi-row INSERT their
    /// ids in the order of its VALUES list, ascending (SQLite under the transaction's write
    /// lock; PostgreSQL from the identity sequence, which only grows, even when another
    /// session takes values in between), so the i-th smallest id is the i-th row's.
    async fn insert_rows(
        &mut self,
        head: &str,
        rows: Vec<Vec<Val>>,
        returning: bool,
    ) -> StoreResult<Vec<i64>> {
        let Some(width) = rows.first().map(Vec::len) else {
            return Ok(Vec::new());
        };
        let per = chunk_rows(width);
        let mut ids = Vec::with_capacity(if returning { rows.len() } else { 0 });
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<Vec<Val>> = rows.by_ref().take(per).collect();
            let mut text = format!("INSERT INTO {head} VALUES ");
            let mut n = 0;
            for (i, r) in chunk.iter().enumerate() {
                if r.len() != width {
                    return Err(StoreError::Corrupt(format!(
                        "{head}: row of {} values",
                        r.len()
                    )));
                }
                text.push_str(if i == 0 { "(" } else { ", (" });
                for j in 0..width {
                    n += 1;
                    text.push_str(&format!("{}${n}", if j == 0 { "" } else { ", " }));
                }
                text.push(')');
            }
            if returning {
                text.push_str(" RETURNING id");
            }
            let mut q = sqlx::query(sql(text));
            for v in chunk.into_iter().flatten() {
                q = match v {
                    Val::Int(x) => q.bind(x),
                    Val::Text(x) => q.bind(x),
                };
            }
            if returning {
                let mut got: Vec<i64> = q
                    .fetch_all(&mut *self.inner)
                    .await?
                    .iter()
                    .map(|r| r.try_get::<i64, _>("id"))
                    .collect::<Result<_, _>>()?;
                if got.len() * width != n {
                    return Err(StoreError::Corrupt(format!(
                        "{head}: {} ids for {} rows",
                        got.len(),
                        n / width
                    )));
                }
                got.sort_unstable();
                ids.extend(got);
            } else {
                q.execute(&mut *self.inner).await?;
            }
        }
        Ok(ids)
    }

    /// One audit event per record, all with the same time, actor and action.
    async fn audit_rows(
        &mut self,
        at: DateTime<Utc>,
        actor: Option<UserId>,
        entity: &str,
        action: &str,
        rows: Vec<(i64, String)>,
    ) -> StoreResult<()> {
        let at = ts(at);
        let rows = rows
            .into_iter()
            .map(|(id, after)| {
                vec![
                    at.clone().into(),
                    actor.map(|a| a.0).into(),
                    entity.into(),
                    id.into(),
                    action.into(),
                    Val::Text(None),
                    after.into(),
                ]
            })
            .collect();
        self.insert_rows(
            "audit_events (at, actor_id, entity, entity_id, action, before_json, after_json)",
            rows,
            false,
        )
        .await?;
        Ok(())
    }

    /// Search-index entries of records that have none yet (just created in this transaction):
    /// (kind, id, number, title, words, tags).
    async fn index_rows(&mut self, rows: Vec<[Val; 6]>) -> StoreResult<()> {
        let rows = rows.into_iter().map(Vec::from).collect();
        self.insert_rows(
            "search_docs (kind, ref_id, number, title, words, tags)",
            rows,
            false,
        )
        .await?;
        Ok(())
    }

    /// Creates documents, each with an audit event (`action`, its number and date) and its
    /// search entry, as [`Tx::insert_document`] and [`Tx::audit`] would one by one; returns
    /// their ids in order.
    pub async fn insert_documents_batch(
        &mut self,
        docs: &[NewDocument],
        by: Option<UserId>,
        action: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Vec<DocumentId>> {
        let rows = docs
            .iter()
            .map(|d| {
                vec![
                    d.number.clone().into(),
                    iso(d.date).into(),
                    d.kind.as_str().into(),
                    d.issuer_unit_id.map(|u| u.0).into(),
                    d.issuer_text.clone().into(),
                    d.signer.clone().into(),
                    d.summary.clone().into(),
                    d.secrecy.as_str().into(),
                    d.urgency.as_str().into(),
                    d.parent_id.map(|p| p.0).into(),
                    fold(&format!("{} {} {}", d.number, d.summary, d.issuer_text)).into(),
                    by.map(|u| u.0).into(),
                    ts(at).into(),
                ]
            })
            .collect();
        let ids = self
            .insert_rows(
                "documents (number, doc_date, kind, issuer_unit_id, issuer_text, signer, summary, secrecy, urgency, \
                 parent_id, folded, created_by, created_at)",
                rows,
                true,
            )
            .await?;
        let mut audits = Vec::with_capacity(docs.len());
        let mut index = Vec::with_capacity(docs.len());
        for (d, id) in docs.iter().zip(&ids) {
            audits.push((
                *id,
                json(&serde_json::json!({"number": d.number, "date": d.date}))?,
            ));
            index.push([
                "document".into(),
                (*id).into(),
                d.number.clone().into(),
                format!("{} — {}", d.number, d.summary).into(),
                index_text(&[&d.number, &d.summary, &d.issuer_text, &d.signer]).into(),
                tags("document", []).into(),
            ]);
        }
        self.audit_rows(at, by, "document", action, audits).await?;
        self.index_rows(index).await?;
        Ok(ids.into_iter().map(DocumentId).collect())
    }

    /// Creates assignment groups (content, source document); returns their ids in order.
    pub async fn insert_groups_batch(
        &mut self,
        groups: &[(String, Option<DocumentId>)],
        at: DateTime<Utc>,
    ) -> StoreResult<Vec<GroupId>> {
        let rows = groups
            .iter()
            .map(|(content, doc)| {
                vec![
                    content.clone().into(),
                    doc.map(|d| d.0).into(),
                    ts(at).into(),
                ]
            })
            .collect();
        let ids = self
            .insert_rows(
                "assignment_groups (content, document_id, created_at)",
                rows,
                true,
            )
            .await?;
        Ok(ids.into_iter().map(GroupId).collect())
    }

    /// Creates imported tasks with what [`Tx::insert_task`] writes (lead and deadline
    /// history, co-operating units), their state, completion, withdrawal and suspension, one
    /// audit event each (`import`, with `audit_after`) and their search entries, a few hundred
    /// rows per statement. `progress` is told how many tasks are written so far.
    pub async fn insert_imported_tasks(
        &mut self,
        tasks: &[ImportedTask],
        by: Option<UserId>,
        at: DateTime<Utc>,
        progress: &mut (dyn FnMut(u64) + Send),
    ) -> StoreResult<Vec<TaskId>> {
        let units: HashMap<i64, (String, String)> =
            sqlx::query("SELECT id, name, short_name FROM units")
                .fetch_all(&mut *self.inner)
                .await?
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get("id")?,
                        (r.try_get("name")?, r.try_get("short_name")?),
                    ))
                })
                .collect::<StoreResult<_>>()?;
        let stamp = ts(at);
        let mut out = Vec::with_capacity(tasks.len());
        // Progress after every slice; each slice is a handful of statements per table.
        for slice in tasks.chunks(MAX_ROWS) {
            let rows = slice
                .iter()
                .map(|i| {
                    let t = &i.task;
                    vec![
                        t.document_id.map(|d| d.0).into(),
                        t.clause.clone().into(),
                        t.content.clone().into(),
                        fold(&t.content).into(),
                        t.lead_unit_id.0.into(),
                        iso(t.assigned_on).into(),
                        t.assigned_by_user_id.map(|u| u.0).into(),
                        t.assigned_by_unit_id.map(|u| u.0).into(),
                        i.assigned_by_text.clone().into(),
                        iso(t.assigned_on).into(),
                        t.deadline_kind.as_str().into(),
                        t.deadline_text.clone().into(),
                        opt_iso(t.deadline).into(),
                        opt_iso(t.deadline).into(),
                        t.recurrence.clone().into(),
                        t.series_id.map(|s| s.0).into(),
                        t.period_label.clone().into(),
                        i64::from(t.is_key).into(),
                        t.field.clone().into(),
                        t.parent_id.map(|p| p.0).into(),
                        t.group_id.map(|g| g.0).into(),
                        t.report_level.into(),
                        i.state.as_str().into(),
                        opt_iso(i.completed_on).into(),
                        opt_iso(i.withdrawn_on).into(),
                        i64::from(i.suspended_from.is_some()).into(),
                        i64::from(t.secret).into(),
                        t.created_by.map(|u| u.0).into(),
                        stamp.clone().into(),
                        stamp.clone().into(),
                    ]
                })
                .collect();
            let ids = self
                .insert_rows(
                    "tasks (document_id, clause, content, folded, lead_unit_id, lead_since, assigned_by_user_id, \
                     assigned_by_unit_id, assigned_by_text, assigned_on, deadline_kind, deadline_text, deadline_original, \
                     deadline_current, recurrence, series_id, period_label, is_key, field, parent_id, group_id, \
                     report_level, state, completed_on, withdrawn_on, has_suspensions, secret, created_by, created_at, \
                     updated_at)",
                    rows,
                    true,
                )
                .await?;
            let mut leads = Vec::with_capacity(slice.len());
            let mut deadlines = Vec::with_capacity(slice.len());
            let mut coops = Vec::new();
            let mut suspensions = Vec::new();
            let mut audits = Vec::with_capacity(slice.len());
            let mut index = Vec::with_capacity(slice.len());
            for (i, id) in slice.iter().zip(ids.iter().copied()) {
                let t = &i.task;
                leads.push(vec![
                    id.into(),
                    iso(t.assigned_on).into(),
                    t.lead_unit_id.0.into(),
                    "giao".into(),
                ]);
                deadlines.push(vec![
                    id.into(),
                    iso(t.assigned_on).into(),
                    opt_iso(t.deadline).into(),
                    "ban đầu".into(),
                ]);
                let mut coop: Vec<i64> = t.coop_unit_ids.iter().map(|u| u.0).collect();
                coop.sort_unstable();
                coop.dedup();
                for u in &coop {
                    coops.push(vec![id.into(), (*u).into()]);
                }
                if let Some(from) = i.suspended_from {
                    suspensions.push(vec![id.into(), iso(from).into(), "nhập từ tệp".into()]);
                }
                audits.push((id, json(&i.audit_after)?));
                // The entry `reindex_entity` would write for a task that has no claims or
                // progress reports yet.
                let name = |u: i64| units.get(&u).cloned().unwrap_or_default();
                let (lead, lead_short) = name(t.lead_unit_id.0);
                let mut parts = vec![
                    t.content.clone(),
                    t.clause.clone(),
                    t.field.clone(),
                    lead,
                    lead_short,
                ];
                parts.extend(coop.iter().map(|u| name(*u).0));
                let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
                index.push([
                    "task".into(),
                    id.into(),
                    Val::Text(None),
                    t.content.clone().into(),
                    index_text(&refs).into(),
                    tags("task", std::iter::once(t.lead_unit_id.0).chain(coop)).into(),
                ]);
            }
            self.insert_rows(
                "task_leads (task_id, from_date, unit_id, reason)",
                leads,
                false,
            )
            .await?;
            self.insert_rows(
                "task_deadlines (task_id, effective_on, deadline, reason)",
                deadlines,
                false,
            )
            .await?;
            self.insert_rows("task_coop_units (task_id, unit_id)", coops, false)
                .await?;
            self.insert_rows(
                "task_suspensions (task_id, from_date, reason)",
                suspensions,
                false,
            )
            .await?;
            self.audit_rows(at, by, "task", "import", audits).await?;
            self.index_rows(index).await?;
            out.extend(ids.into_iter().map(TaskId));
            progress(out.len() as u64);
        }
        Ok(out)
    }
}
