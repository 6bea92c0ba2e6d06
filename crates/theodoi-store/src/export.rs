//! Reads for file exports: the documents of many tasks at once.

use std::collections::HashMap;

use theodoi_core::model::Document;

use crate::documents::{DOC_COLUMNS, doc_from_row};
use crate::rows::sql;
use crate::{Store, StoreResult};

impl Store {
    /// The documents with the given ids, 500 per query; missing ids are left out.
    pub async fn documents_by_ids(&self, ids: &[i64]) -> StoreResult<HashMap<i64, Document>> {
        let mut out = HashMap::new();
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        for chunk in ids.chunks(500) {
            let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
            let rows = sqlx::query(sql(format!(
                "SELECT {DOC_COLUMNS} FROM documents WHERE id IN ({})",
                list.join(",")
            )))
            .fetch_all(&self.pool)
            .await?;
            for r in &rows {
                let d = doc_from_row(r)?;
                out.insert(d.id.0, d);
            }
        }
        Ok(out)
    }
}

/// What an import needs to recognise documents and tasks already stored.
#[derive(Debug, Default)]
pub struct ImportKeys {
    /// (number, ISO date) → document id.
    pub documents: HashMap<(String, String), i64>,
    /// (document id, lead unit id, folded content, deadline ISO date or "") of the tasks
    /// asked for.
    pub tasks: std::collections::HashSet<(Option<i64>, i64, String, String)>,
}

impl Store {
    /// Every document's key, and the keys of the tasks an import could match: those of the
    /// stored documents among `documents` (number, ISO date), and, with `without_document`,
    /// those without a document. Reading every task's key instead took 4,5 s at a million
    /// tasks, most of it for tasks the file could never match.
    pub async fn import_keys(
        &self,
        documents: &[(String, String)],
        without_document: bool,
    ) -> StoreResult<ImportKeys> {
        use sqlx::Row;
        let mut k = ImportKeys::default();
        for r in sqlx::query("SELECT id, number, doc_date FROM documents")
            .fetch_all(&self.pool)
            .await?
        {
            k.documents.insert(
                (r.try_get("number")?, r.try_get("doc_date")?),
                r.try_get("id")?,
            );
        }
        let mut ids: Vec<i64> = documents
            .iter()
            .filter_map(|d| k.documents.get(d).copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut queries: Vec<String> = ids
            .chunks(500)
            .map(|chunk| {
                let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
                format!("document_id IN ({})", list.join(","))
            })
            .collect();
        if without_document {
            queries.push("document_id IS NULL".into());
        }
        for filter in queries {
            for r in sqlx::query(sql(format!(
                "SELECT document_id, lead_unit_id, folded, deadline_current FROM tasks \
                 WHERE report_level <> 2 AND {filter}"
            )))
            .fetch_all(&self.pool)
            .await?
            {
                let dl: Option<String> = r.try_get("deadline_current")?;
                k.tasks.insert((
                    r.try_get("document_id")?,
                    r.try_get("lead_unit_id")?,
                    r.try_get("folded")?,
                    dl.unwrap_or_default(),
                ));
            }
        }
        Ok(k)
    }
}

impl crate::Tx {
    /// The assigning leader as written, when no leader account fits.
    pub async fn set_assigned_by_text(
        &mut self,
        id: theodoi_core::ids::TaskId,
        text: &str,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE tasks SET assigned_by_text = $2 WHERE id = $1")
            .bind(id.0)
            .bind(text)
            .execute(&mut *self.inner)
            .await?;
        Ok(())
    }
}
