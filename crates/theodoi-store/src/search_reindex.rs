//! Rebuilding the whole search index (`theodoi reindex`, and after `bench-data`): units and
//! documents one by one, tasks in batches with their unit names from memory.

use std::collections::HashMap;

use sqlx::Row;
use theodoi_core::search::index_text;

use crate::rows::sql;
use crate::search::tags;
use crate::tasks_read::id_list;
use crate::{Backend, Store, StoreResult};

/// The triggers that keep FTS5 in step with `search_docs` (as in the migration
/// `20261206200000_search_tags.sql`), recreated after a rebuild.
const SQLITE_TRIGGERS: [&str; 3] = [
    "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN \
     INSERT INTO search_fts(rowid, words, tags) VALUES (new.id, new.words, new.tags); END",
    "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN \
     INSERT INTO search_fts(search_fts, rowid, words, tags) VALUES ('delete', old.id, old.words, old.tags); END",
    "CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN \
     INSERT INTO search_fts(search_fts, rowid, words, tags) VALUES ('delete', old.id, old.words, old.tags); \
     INSERT INTO search_fts(rowid, words, tags) VALUES (new.id, new.words, new.tags); END",
];

impl Store {
    /// Rebuilds the whole index (units, documents, tasks) in one transaction, so searches
    /// never see it half built and a failure leaves the old one; returns the records indexed.
    /// On SQLite the FTS5 triggers are set aside meanwhile and the full-text index is built
    /// in one pass at the end ('rebuild'), instead of row by row (a delete and an insert
    /// per record).
    pub async fn reindex(&self, mut progress: impl FnMut(u64)) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        let sqlite = self.backend == Backend::Sqlite;
        if sqlite {
            for t in ["search_docs_ai", "search_docs_ad", "search_docs_au"] {
                sqlx::query(sql(format!("DROP TRIGGER IF EXISTS {t}")))
                    .execute(&mut *tx.inner)
                    .await?;
            }
        }
        sqlx::query("DELETE FROM search_docs")
            .execute(&mut *tx.inner)
            .await?;
        let mut n = 0u64;
        for (entity, table) in [("unit", "units"), ("document", "documents")] {
            let ids: Vec<i64> =
                sqlx::query_scalar(sql(format!("SELECT id FROM {table} ORDER BY id")))
                    .fetch_all(&mut *tx.inner)
                    .await?;
            for id in ids {
                tx.reindex_entity(entity, id).await?;
                n += 1;
            }
        }
        // Tasks in batches: names of units from memory, the rest by id lists.
        let units: HashMap<i64, (String, String)> =
            sqlx::query("SELECT id, name, short_name FROM units")
                .fetch_all(&mut *tx.inner)
                .await?
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get("id")?,
                        (r.try_get("name")?, r.try_get("short_name")?),
                    ))
                })
                .collect::<StoreResult<_>>()?;
        let mut last = 0i64;
        loop {
            let rows = sqlx::query("SELECT id, content, clause, field, lead_unit_id FROM tasks WHERE id > $1 ORDER BY id LIMIT 5000")
                .bind(last)
                .fetch_all(&mut *tx.inner)
                .await?;
            if rows.is_empty() {
                break;
            }
            let ids: Vec<i64> = rows
                .iter()
                .map(|r| r.try_get("id"))
                .collect::<Result<_, _>>()?;
            let list = id_list(ids.iter().copied());
            let mut extra: HashMap<i64, Vec<String>> = HashMap::new();
            let mut coop: HashMap<i64, Vec<i64>> = HashMap::new();
            let coops = sqlx::query(sql(format!(
                "SELECT task_id, unit_id FROM task_coop_units WHERE task_id IN ({list}) ORDER BY unit_id"
            )))
            .fetch_all(&mut *tx.inner)
            .await?;
            for r in &coops {
                coop.entry(r.try_get("task_id")?)
                    .or_default()
                    .push(r.try_get("unit_id")?);
            }
            let extras = sqlx::query(sql(format!(
                "SELECT c.task_id AS id, u.name AS t FROM task_coop_units c JOIN units u ON u.id = c.unit_id WHERE c.task_id IN ({list}) \
                 UNION ALL SELECT task_id, result_text FROM completion_claims WHERE task_id IN ({list}) \
                 UNION ALL SELECT task_id, result_number FROM completion_claims WHERE task_id IN ({list}) \
                 UNION ALL SELECT task_id, body FROM progress_reports WHERE task_id IN ({list})"
            )))
            .fetch_all(&mut *tx.inner)
            .await?;
            for r in &extras {
                extra
                    .entry(r.try_get("id")?)
                    .or_default()
                    .push(r.try_get("t")?);
            }
            for chunk in rows.chunks(500) {
                let mut values = Vec::new();
                let mut q_args: Vec<String> = Vec::new();
                for r in chunk {
                    let id: i64 = r.try_get("id")?;
                    let content: String = r.try_get("content")?;
                    let lead: i64 = r.try_get("lead_unit_id")?;
                    let (lead_name, lead_short) = units.get(&lead).cloned().unwrap_or_default();
                    let mut parts = vec![
                        content.clone(),
                        r.try_get("clause")?,
                        r.try_get("field")?,
                        lead_name,
                        lead_short,
                    ];
                    parts.extend(extra.remove(&id).unwrap_or_default());
                    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
                    let base = q_args.len();
                    values.push(format!(
                        "('task', {id}, NULL, ${}, ${}, ${})",
                        base + 1,
                        base + 2,
                        base + 3
                    ));
                    q_args.push(content);
                    q_args.push(index_text(&refs));
                    q_args.push(tags(
                        "task",
                        std::iter::once(lead).chain(coop.remove(&id).unwrap_or_default()),
                    ));
                }
                let mut q = sqlx::query(sql(format!(
                    "INSERT INTO search_docs (kind, ref_id, number, title, words, tags) VALUES {}",
                    values.join(", ")
                )));
                for a in q_args {
                    q = q.bind(a);
                }
                q.execute(&mut *tx.inner).await?;
            }
            n += ids.len() as u64;
            last = *ids.last().unwrap_or(&last);
            progress(n);
        }
        if sqlite {
            sqlx::query("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
                .execute(&mut *tx.inner)
                .await?;
            for t in SQLITE_TRIGGERS {
                sqlx::query(t).execute(&mut *tx.inner).await?;
            }
        }
        tx.commit().await?;
        Ok(n)
    }
}
