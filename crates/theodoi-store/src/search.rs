//! The search index: written in the same transaction as every change it follows (through the
//! audit hook), queried with FTS5 on SQLite and a tsvector on PostgreSQL, rebuilt by `reindex`.

use std::collections::HashMap;

use serde::Serialize;
use sqlx::Row;
use theodoi_core::search::{Query, index_text};

use crate::rows::sql;
use crate::tasks_read::id_list;
use crate::{Backend, Store, StoreResult, Tx};

/// One record found, before permissions and ranking.
#[derive(Debug, Clone, Serialize)]
pub struct RawHit {
    pub kind: String,
    pub ref_id: i64,
    pub number: Option<String>,
    pub title: String,
    pub words: String,
    pub score: f64,
}

/// Which tasks and documents a searcher may see (None: everything).
#[derive(Debug, Clone, Default)]
pub struct SearchScope {
    /// Tasks led by or co-operated on by these units.
    pub units: Option<Vec<i64>>,
    /// Whether secret tasks and documents may appear.
    pub secret: bool,
    /// Secret tasks led by these units may appear even when `secret` is false.
    pub secret_units: Vec<i64>,
}

/// How many candidates a query considers before ranking.
pub const CANDIDATES: i64 = 300;

fn match_expr(backend: Backend, q: &Query) -> String {
    match backend {
        Backend::Sqlite => {
            let mut parts: Vec<String> = q.words.iter().map(|w| format!("\"{w}\"*")).collect();
            parts.extend(q.phrases.iter().map(|p| format!("\"{}\"", p.join(" "))));
            parts.join(" ")
        }
        Backend::Postgres => {
            let mut parts: Vec<String> = q.words.iter().map(|w| format!("{w}:*")).collect();
            parts.extend(q.phrases.iter().map(|p| format!("({})", p.join(" <-> "))));
            parts.join(" & ")
        }
    }
}

/// A subquery selecting the ids of the records of `kind` that match (for the task list filter).
pub(crate) fn matching_ids_sql(backend: Backend, kind: &str, placeholder: &str) -> String {
    match backend {
        Backend::Sqlite => format!(
            "SELECT d.ref_id FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid WHERE search_fts MATCH {placeholder} AND d.kind = '{kind}'"
        ),
        Backend::Postgres => format!(
            "SELECT d.ref_id FROM search_docs d WHERE d.tsv @@ to_tsquery('simple', {placeholder}) AND d.kind = '{kind}'"
        ),
    }
}

pub(crate) fn match_arg(backend: Backend, text: &str) -> Option<String> {
    Query::parse(text).map(|q| match_expr(backend, &q))
}

impl Tx {
    /// Rewrites the index entry of one record from its current rows.
    pub(crate) async fn reindex_entity(&mut self, entity: &str, id: i64) -> StoreResult<()> {
        let entry: Option<(Option<String>, String, String)> = match entity {
            "task" => {
                let row = sqlx::query(
                    "SELECT t.content, t.clause, t.field, u.name AS lead, u.short_name AS lead_short FROM tasks t \
                     JOIN units u ON u.id = t.lead_unit_id WHERE t.id = $1",
                )
                .bind(id)
                .fetch_optional(&mut *self.inner)
                .await?;
                match row {
                    Some(r) => {
                        let content: String = r.try_get("content")?;
                        let mut parts: Vec<String> = vec![
                            content.clone(),
                            r.try_get("clause")?,
                            r.try_get("field")?,
                            r.try_get("lead")?,
                            r.try_get("lead_short")?,
                        ];
                        let extra: Vec<String> = sqlx::query_scalar(
                            "SELECT u.name FROM task_coop_units c JOIN units u ON u.id = c.unit_id WHERE c.task_id = $1 \
                             UNION ALL SELECT result_text FROM completion_claims WHERE task_id = $1 \
                             UNION ALL SELECT result_number FROM completion_claims WHERE task_id = $1 \
                             UNION ALL SELECT body FROM progress_reports WHERE task_id = $1",
                        )
                        .bind(id)
                        .fetch_all(&mut *self.inner)
                        .await?;
                        parts.extend(extra);
                        let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
                        Some((None, content, index_text(&refs)))
                    }
                    None => None,
                }
            }
            "document" => {
                let row = sqlx::query(
                    "SELECT number, summary, issuer_text, signer FROM documents WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&mut *self.inner)
                .await?;
                match row {
                    Some(r) => {
                        let number: String = r.try_get("number")?;
                        let summary: String = r.try_get("summary")?;
                        let issuer: String = r.try_get("issuer_text")?;
                        let signer: String = r.try_get("signer")?;
                        Some((
                            Some(number.clone()),
                            format!("{number} — {summary}"),
                            index_text(&[&number, &summary, &issuer, &signer]),
                        ))
                    }
                    None => None,
                }
            }
            "unit" => {
                let row = sqlx::query("SELECT name, short_name, code FROM units WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *self.inner)
                    .await?;
                match row {
                    Some(r) => {
                        let name: String = r.try_get("name")?;
                        let mut parts: Vec<String> =
                            vec![name.clone(), r.try_get("short_name")?, r.try_get("code")?];
                        let aliases: Vec<String> =
                            sqlx::query_scalar("SELECT alias FROM unit_aliases WHERE unit_id = $1")
                                .bind(id)
                                .fetch_all(&mut *self.inner)
                                .await?;
                        parts.extend(aliases);
                        let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
                        Some((None, name, index_text(&refs)))
                    }
                    None => None,
                }
            }
            _ => return Ok(()),
        };
        sqlx::query("DELETE FROM search_docs WHERE kind = $1 AND ref_id = $2")
            .bind(entity)
            .bind(id)
            .execute(&mut *self.inner)
            .await?;
        if let Some((number, title, words)) = entry {
            sqlx::query("INSERT INTO search_docs (kind, ref_id, number, title, words) VALUES ($1, $2, $3, $4, $5)")
                .bind(entity)
                .bind(id)
                .bind(number)
                .bind(title)
                .bind(words)
                .execute(&mut *self.inner)
                .await?;
        }
        Ok(())
    }
}

impl Store {
    /// The best-matching records of `kind` (or of every kind), at most [`CANDIDATES`].
    pub async fn search(
        &self,
        q: &Query,
        kind: Option<&str>,
        scope: &SearchScope,
    ) -> StoreResult<Vec<RawHit>> {
        let mut cond = String::new();
        if let Some(k) = kind
            && matches!(k, "task" | "document" | "unit")
        {
            cond.push_str(&format!(" AND d.kind = '{k}'"));
        }
        if let Some(units) = &scope.units {
            let list = id_list(units.iter().copied());
            cond.push_str(&format!(
                " AND (d.kind <> 'task' OR d.ref_id IN (SELECT id FROM tasks WHERE lead_unit_id IN ({list})) \
                 OR d.ref_id IN (SELECT task_id FROM task_coop_units WHERE unit_id IN ({list})))"
            ));
        }
        if !scope.secret {
            let allowed = id_list(scope.secret_units.iter().copied());
            cond.push_str(&format!(
                " AND NOT (d.kind = 'task' AND d.ref_id IN (SELECT id FROM tasks WHERE secret = 1 AND lead_unit_id NOT IN ({allowed}))) \
                 AND NOT (d.kind = 'document' AND d.ref_id IN (SELECT id FROM documents WHERE secrecy = 'secret'))"
            ));
        }
        let stmt = match self.backend {
            Backend::Sqlite => format!(
                "SELECT d.kind, d.ref_id, d.number, d.title, d.words, bm25(search_fts) AS score FROM search_fts \
                 JOIN search_docs d ON d.id = search_fts.rowid WHERE search_fts MATCH $1{cond} ORDER BY score LIMIT {CANDIDATES}"
            ),
            Backend::Postgres => format!(
                "SELECT d.kind, d.ref_id, d.number, d.title, d.words, CAST(-ts_rank(d.tsv, to_tsquery('simple', $1)) AS DOUBLE PRECISION) AS score \
                 FROM search_docs d WHERE d.tsv @@ to_tsquery('simple', $1){cond} ORDER BY score LIMIT {CANDIDATES}"
            ),
        };
        let rows = sqlx::query(sql(stmt))
            .bind(match_expr(self.backend, q))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(RawHit {
                    kind: r.try_get("kind")?,
                    ref_id: r.try_get("ref_id")?,
                    number: r.try_get("number")?,
                    title: r.try_get("title")?,
                    words: r.try_get("words")?,
                    score: r.try_get("score")?,
                })
            })
            .collect()
    }

    /// Rebuilds the whole index (units, documents, tasks) in batches; returns the records indexed.
    pub async fn reindex(&self, mut progress: impl FnMut(u64)) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
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
        tx.commit().await?;
        // Tasks in batches: names of units from memory, the rest by id lists.
        let units: HashMap<i64, (String, String)> =
            sqlx::query("SELECT id, name, short_name FROM units")
                .fetch_all(&self.pool)
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
                .fetch_all(&self.pool)
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
            let extras = sqlx::query(sql(format!(
                "SELECT c.task_id AS id, u.name AS t FROM task_coop_units c JOIN units u ON u.id = c.unit_id WHERE c.task_id IN ({list}) \
                 UNION ALL SELECT task_id, result_text FROM completion_claims WHERE task_id IN ({list}) \
                 UNION ALL SELECT task_id, result_number FROM completion_claims WHERE task_id IN ({list}) \
                 UNION ALL SELECT task_id, body FROM progress_reports WHERE task_id IN ({list})"
            )))
            .fetch_all(&self.pool)
            .await?;
            for r in &extras {
                extra
                    .entry(r.try_get("id")?)
                    .or_default()
                    .push(r.try_get("t")?);
            }
            let mut tx = self.begin().await?;
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
                        "('task', {id}, NULL, ${}, ${})",
                        base + 1,
                        base + 2
                    ));
                    q_args.push(content);
                    q_args.push(index_text(&refs));
                }
                let mut q = sqlx::query(sql(format!(
                    "INSERT INTO search_docs (kind, ref_id, number, title, words) VALUES {}",
                    values.join(", ")
                )));
                for a in q_args {
                    q = q.bind(a);
                }
                q.execute(&mut *tx.inner).await?;
            }
            tx.commit().await?;
            n += ids.len() as u64;
            last = *ids.last().unwrap_or(&last);
            progress(n);
        }
        Ok(n)
    }
}
