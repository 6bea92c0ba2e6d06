//! The search index: written in the same transaction as every change it follows (through the
//! audit hook), queried with FTS5 on SQLite and a tsvector on PostgreSQL, rebuilt by `reindex`.

use serde::Serialize;
use sqlx::Row;
use theodoi_core::search::{Query, index_text};

use crate::rows::sql;
use crate::tasks_read::id_list;
use crate::{Backend, Store, StoreResult, Tx};

/// One record found, before ranking.
#[derive(Debug, Clone, Serialize)]
pub struct RawHit {
    pub kind: String,
    pub ref_id: i64,
    pub number: Option<String>,
    pub title: String,
    pub words: String,
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

/// The newest matches of one kind: what a query ranks (in the service), at most
/// [`CANDIDATES`]; `capped` when more matched.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    pub hits: Vec<RawHit>,
    pub capped: bool,
}

/// How many of the newest matches of a kind a query considers. Ranking every match (bm25
/// over half a million tasks for "ke hoach") took seconds; the newest few hundred are what
/// people look for (15 pages), and more than that asks for more words. Fetching and ranking
/// the candidates is most of a broad query's time, so this is kept small.
pub const CANDIDATES: i64 = 300;

/// The tag of a kind in the `tags` column.
fn kind_tag(kind: &str) -> &'static str {
    match kind {
        "unit" => "ku",
        "document" => "kd",
        _ => "kt",
    }
}

/// The tags of an index entry: its kind, and a task's lead and co-operating units
/// (`u12`), so that kind and unit scope are matched inside the full-text index.
pub(crate) fn tags(kind: &str, units: impl IntoIterator<Item = i64>) -> String {
    let mut out = kind_tag(kind).to_string();
    for u in units {
        out.push_str(&format!(" u{u}"));
    }
    out
}

/// The full-text expression: the typed words (the last one as a prefix while typing) and
/// phrases in the words column, the kind's tag and the unit scope in the tags column.
fn match_expr(backend: Backend, q: &Query, kind: Option<&str>, units: Option<&[i64]>) -> String {
    let (exact, prefix) = q.split_prefix();
    match backend {
        Backend::Sqlite => {
            let mut parts: Vec<String> = exact.iter().map(|w| format!("\"{w}\"")).collect();
            parts.extend(prefix.map(|w| format!("\"{w}\"*")));
            parts.extend(q.phrases.iter().map(|p| format!("\"{}\"", p.join(" "))));
            let mut expr = format!("words : ({})", parts.join(" "));
            if let Some(k) = kind {
                expr.push_str(&format!(" AND tags : {}", kind_tag(k)));
            }
            if let Some(units) = units {
                let us: Vec<String> = units.iter().map(|u| format!("u{u}")).collect();
                expr.push_str(&format!(" AND tags : ({})", us.join(" OR ")));
            }
            expr
        }
        Backend::Postgres => {
            let mut parts: Vec<String> = exact.iter().map(|w| format!("{w}:A")).collect();
            parts.extend(prefix.map(|w| format!("{w}:*A")));
            parts.extend(q.phrases.iter().map(|p| {
                let ws: Vec<String> = p.iter().map(|w| format!("{w}:A")).collect();
                format!("({})", ws.join(" <-> "))
            }));
            if let Some(k) = kind {
                parts.push(format!("{}:D", kind_tag(k)));
            }
            if let Some(units) = units {
                let us: Vec<String> = units.iter().map(|u| format!("u{u}:D")).collect();
                parts.push(format!("({})", us.join(" | ")));
            }
            parts.join(" & ")
        }
    }
}

/// A subquery selecting the ids of the tasks that match (for the task list filter).
pub(crate) fn matching_ids_sql(backend: Backend, placeholder: &str) -> String {
    match backend {
        Backend::Sqlite => format!(
            "SELECT d.ref_id FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid WHERE search_fts MATCH {placeholder}"
        ),
        Backend::Postgres => format!(
            "SELECT d.ref_id FROM search_docs d WHERE d.tsv @@ to_tsquery('simple', {placeholder})"
        ),
    }
}

/// The match argument for [`matching_ids_sql`]: tasks whose words match `text`.
pub(crate) fn match_arg(backend: Backend, text: &str) -> Option<String> {
    Query::parse(text).map(|q| match_expr(backend, &q, Some("task"), None))
}

impl Tx {
    /// Rewrites the index entry of one record from its current rows.
    pub(crate) async fn reindex_entity(&mut self, entity: &str, id: i64) -> StoreResult<()> {
        let entry: Option<(Option<String>, String, String, String)> = match entity {
            "task" => {
                let row = sqlx::query(
                    "SELECT t.content, t.clause, t.field, t.lead_unit_id, u.name AS lead, u.short_name AS lead_short FROM tasks t \
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
                        let coop: Vec<i64> = sqlx::query_scalar(
                            "SELECT unit_id FROM task_coop_units WHERE task_id = $1 ORDER BY unit_id",
                        )
                        .bind(id)
                        .fetch_all(&mut *self.inner)
                        .await?;
                        let lead: i64 = r.try_get("lead_unit_id")?;
                        Some((
                            None,
                            content,
                            index_text(&refs),
                            tags("task", std::iter::once(lead).chain(coop)),
                        ))
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
                            tags("document", []),
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
                        Some((None, name, index_text(&refs), tags("unit", [])))
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
        if let Some((number, title, words, tags)) = entry {
            sqlx::query("INSERT INTO search_docs (kind, ref_id, number, title, words, tags) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(entity)
                .bind(id)
                .bind(number)
                .bind(title)
                .bind(words)
                .bind(tags)
                .execute(&mut *self.inner)
                .await?;
        }
        Ok(())
    }
}

impl Store {
    /// The newest matching records of `kind` that the scope may see, at most [`CANDIDATES`]
    /// (ranked by the caller). The full-text index is read newest first and stops at the
    /// limit, so a broad word costs no more than a rare one; the unit scope is part of the
    /// full-text expression and secrecy is checked on the candidates only.
    pub async fn search(
        &self,
        q: &Query,
        kind: &str,
        scope: &SearchScope,
    ) -> StoreResult<Candidates> {
        let kind = match kind {
            "unit" | "document" => kind,
            _ => "task",
        };
        let units = if kind == "task" {
            scope.units.as_deref()
        } else {
            None
        };
        if units.is_some_and(|u| u.is_empty()) {
            return Ok(Candidates::default());
        }
        let (join, cond) = match kind {
            "task" if !scope.secret => (
                " JOIN tasks t ON t.id = d.ref_id",
                if scope.secret_units.is_empty() {
                    " AND t.secret = 0".to_string()
                } else {
                    format!(
                        " AND (t.secret = 0 OR t.lead_unit_id IN ({}))",
                        id_list(scope.secret_units.iter().copied())
                    )
                },
            ),
            "document" if !scope.secret => (
                " JOIN documents doc ON doc.id = d.ref_id",
                " AND doc.secrecy <> 'secret'".to_string(),
            ),
            _ => ("", String::new()),
        };
        let limit = CANDIDATES + 1;
        let stmt = match self.backend {
            Backend::Sqlite => format!(
                "SELECT d.kind, d.ref_id, d.number, d.title, d.words FROM search_fts \
                 JOIN search_docs d ON d.id = search_fts.rowid{join} WHERE search_fts MATCH $1{cond} \
                 ORDER BY search_fts.rowid DESC LIMIT {limit}"
            ),
            Backend::Postgres => format!(
                "SELECT d.kind, d.ref_id, d.number, d.title, d.words FROM search_docs d{join} \
                 WHERE d.tsv @@ to_tsquery('simple', $1){cond} ORDER BY d.id DESC LIMIT {limit}"
            ),
        };
        let rows = sqlx::query(sql(stmt))
            .bind(match_expr(self.backend, q, Some(kind), units))
            .fetch_all(&self.pool)
            .await?;
        let mut hits = rows
            .iter()
            .map(|r| {
                Ok(RawHit {
                    kind: r.try_get("kind")?,
                    ref_id: r.try_get("ref_id")?,
                    number: r.try_get("number")?,
                    title: r.try_get("title")?,
                    words: r.try_get("words")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let capped = hits.len() as i64 > CANDIDATES;
        hits.truncate(CANDIDATES as usize);
        Ok(Candidates { hits, capped })
    }
}
