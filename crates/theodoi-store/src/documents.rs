//! Directive documents and their attachments.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use theodoi_core::ids::{AttachmentId, DocumentId, UnitId, UserId};
use theodoi_core::model::{Document, DocumentKind, Secrecy, Urgency};
use theodoi_core::text::fold;

use crate::rows::{date, iso, sql, ts};
use crate::{Store, StoreResult, Tx};

#[derive(Debug, Clone)]
pub struct NewDocument {
    pub number: String,
    pub date: NaiveDate,
    pub kind: DocumentKind,
    pub issuer_unit_id: Option<UnitId>,
    pub issuer_text: String,
    pub signer: String,
    pub summary: String,
    pub secrecy: Secrecy,
    pub urgency: Urgency,
    pub parent_id: Option<DocumentId>,
}

#[derive(Debug, Clone, Default)]
pub struct DocumentFilter {
    pub text: Option<String>,
    pub kind: Option<DocumentKind>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: i64,
    pub offset: i64,
}

pub(crate) const DOC_COLUMNS: &str = "id, number, doc_date, kind, issuer_unit_id, issuer_text, signer, summary, secrecy, urgency, parent_id";

pub(crate) fn doc_from_row(r: &AnyRow) -> StoreResult<Document> {
    Ok(Document {
        id: DocumentId(r.try_get("id")?),
        number: r.try_get("number")?,
        date: date(r, "doc_date")?,
        kind: DocumentKind::parse(&r.try_get::<String, _>("kind")?)?,
        issuer_unit_id: r.try_get::<Option<i64>, _>("issuer_unit_id")?.map(UnitId),
        issuer_text: r.try_get("issuer_text")?,
        signer: r.try_get("signer")?,
        summary: r.try_get("summary")?,
        secrecy: Secrecy::parse(&r.try_get::<String, _>("secrecy")?)?,
        urgency: Urgency::parse(&r.try_get::<String, _>("urgency")?)?,
        parent_id: r.try_get::<Option<i64>, _>("parent_id")?.map(DocumentId),
    })
}

impl Tx {
    pub async fn insert_document(
        &mut self,
        d: &NewDocument,
        by: Option<UserId>,
        at: DateTime<Utc>,
    ) -> StoreResult<DocumentId> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO documents (number, doc_date, kind, issuer_unit_id, issuer_text, signer, summary, secrecy, urgency, \
             parent_id, folded, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(&d.number)
        .bind(iso(d.date))
        .bind(d.kind.as_str())
        .bind(d.issuer_unit_id.map(|u| u.0))
        .bind(&d.issuer_text)
        .bind(&d.signer)
        .bind(&d.summary)
        .bind(d.secrecy.as_str())
        .bind(d.urgency.as_str())
        .bind(d.parent_id.map(|p| p.0))
        .bind(fold(&format!("{} {} {}", d.number, d.summary, d.issuer_text)))
        .bind(by.map(|u| u.0))
        .bind(ts(at))
        .fetch_one(&mut *self.inner)
        .await?;
        Ok(DocumentId(id))
    }

    pub async fn document(&mut self, id: DocumentId) -> StoreResult<Option<Document>> {
        let row = sqlx::query(sql(format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE id = $1"
        )))
        .bind(id.0)
        .fetch_optional(&mut *self.inner)
        .await?;
        row.as_ref().map(doc_from_row).transpose()
    }

    /// Stores a file with the database, so backups carry it.
    pub async fn insert_attachment(
        &mut self,
        owner_kind: &str,
        owner_id: i64,
        filename: &str,
        content_type: &str,
        data: &[u8],
        sha256: &str,
        by: Option<UserId>,
        at: DateTime<Utc>,
    ) -> StoreResult<AttachmentId> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO attachments (owner_kind, owner_id, filename, content_type, size_bytes, sha256, data, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(owner_kind)
        .bind(owner_id)
        .bind(filename)
        .bind(content_type)
        .bind(data.len() as i64)
        .bind(sha256)
        .bind(data.to_vec())
        .bind(by.map(|u| u.0))
        .bind(ts(at))
        .fetch_one(&mut *self.inner)
        .await?;
        Ok(AttachmentId(id))
    }
}

/// An attachment's description (its bytes are fetched separately).
#[derive(Debug, Clone, serde::Serialize)]
pub struct AttachmentInfo {
    pub id: AttachmentId,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

impl Store {
    pub async fn document(&self, id: DocumentId) -> StoreResult<Option<Document>> {
        let row = sqlx::query(sql(format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE id = $1"
        )))
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(doc_from_row).transpose()
    }

    pub async fn documents(&self, f: &DocumentFilter) -> StoreResult<(Vec<Document>, i64)> {
        let mut cond = vec!["1 = 1".to_string()];
        let mut args: Vec<String> = Vec::new();
        if let Some(t) = f.text.as_deref().filter(|t| !t.trim().is_empty()) {
            args.push(format!("%{}%", fold(t)));
            cond.push(format!("folded LIKE ${}", args.len()));
        }
        if let Some(k) = f.kind {
            args.push(k.as_str().to_string());
            cond.push(format!("kind = ${}", args.len()));
        }
        if let Some(d) = f.from {
            args.push(iso(d));
            cond.push(format!("doc_date >= ${}", args.len()));
        }
        if let Some(d) = f.to {
            args.push(iso(d));
            cond.push(format!("doc_date <= ${}", args.len()));
        }
        let wh = cond.join(" AND ");
        let mut count =
            sqlx::query_scalar::<_, i64>(sql(format!("SELECT COUNT(*) FROM documents WHERE {wh}")));
        for a in &args {
            count = count.bind(a.clone());
        }
        let total = count.fetch_one(&self.pool).await?;
        let mut q = sqlx::query(sql(format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE {wh} ORDER BY doc_date DESC, id DESC LIMIT {} OFFSET {}",
            f.limit.clamp(1, 500),
            f.offset.max(0)
        )));
        for a in &args {
            q = q.bind(a.clone());
        }
        let rows = q.fetch_all(&self.pool).await?;
        Ok((
            rows.iter().map(doc_from_row).collect::<StoreResult<_>>()?,
            total,
        ))
    }

    /// Documents that implement `id` (the cascade below it).
    pub async fn child_documents(&self, id: DocumentId) -> StoreResult<Vec<Document>> {
        let rows = sqlx::query(sql(format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE parent_id = $1 ORDER BY doc_date, id"
        )))
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(doc_from_row).collect()
    }

    pub async fn attachments(
        &self,
        owner_kind: &str,
        owner_id: i64,
    ) -> StoreResult<Vec<AttachmentInfo>> {
        let rows = sqlx::query(
            "SELECT id, filename, content_type, size_bytes, sha256 FROM attachments WHERE owner_kind = $1 AND owner_id = $2 ORDER BY id",
        )
        .bind(owner_kind)
        .bind(owner_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AttachmentInfo {
                    id: AttachmentId(r.try_get("id")?),
                    filename: r.try_get("filename")?,
                    content_type: r.try_get("content_type")?,
                    size_bytes: r.try_get("size_bytes")?,
                    sha256: r.try_get("sha256")?,
                })
            })
            .collect()
    }

    pub async fn attachment_data(
        &self,
        id: AttachmentId,
    ) -> StoreResult<Option<(AttachmentInfo, Vec<u8>)>> {
        let row = sqlx::query("SELECT id, filename, content_type, size_bytes, sha256, data FROM attachments WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => Ok(Some((
                AttachmentInfo {
                    id: AttachmentId(r.try_get("id")?),
                    filename: r.try_get("filename")?,
                    content_type: r.try_get("content_type")?,
                    size_bytes: r.try_get("size_bytes")?,
                    sha256: r.try_get("sha256")?,
                },
                r.try_get("data")?,
            ))),
            None => Ok(None),
        }
    }
}
