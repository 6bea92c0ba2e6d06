//! Directive documents: registration by the office, attachments, the cascade.

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use theodoi_core::access::Actor;
use theodoi_core::error::Problems;
use theodoi_core::ids::{AttachmentId, DocumentId, UnitId};
use theodoi_core::model::{Document, DocumentKind, Secrecy, Urgency};
use theodoi_core::text::clean;
use theodoi_core::{DomainError, DomainResult};
use theodoi_store::{NewDocument, Tx};

use super::{Services, actor_id};

#[derive(Debug, Clone, Deserialize)]
pub struct DocumentInput {
    pub number: String,
    pub date: String,
    pub kind: String,
    #[serde(default)]
    pub issuer_unit_id: Option<i64>,
    #[serde(default)]
    pub issuer_text: String,
    #[serde(default)]
    pub signer: String,
    pub summary: String,
    #[serde(default)]
    pub secrecy: Option<String>,
    #[serde(default)]
    pub urgency: Option<String>,
    #[serde(default)]
    pub parent_id: Option<i64>,
}

/// Attachments larger than this are refused.
pub const MAX_ATTACHMENT_BYTES: usize = 25 * 1024 * 1024;

impl Services {
    pub async fn register_document(
        &self,
        actor: &Actor,
        input: DocumentInput,
    ) -> DomainResult<Document> {
        actor.require_register()?;
        let new = self.prepare_document(input).await?;
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        let doc = write_document(&mut tx, actor, &new, at).await?;
        tx.commit().await?;
        Ok(doc)
    }

    /// Checks a document's fields without writing anything (the caller checks permission).
    pub(crate) async fn prepare_document(&self, input: DocumentInput) -> DomainResult<NewDocument> {
        let mut p = Problems::new();
        let number = clean(&input.number);
        if number.is_empty() {
            p.add(
                "number",
                "số, ký hiệu văn bản không được để trống (ví dụ 05/TB-VP)",
            );
        }
        let date: Option<NaiveDate> = theodoi_core::window::parse_iso(&input.date);
        if date.is_none() {
            p.add(
                "date",
                format!(
                    "ngày văn bản '{}' không hợp lệ (viết YYYY-MM-DD)",
                    input.date
                ),
            );
        }
        let kind = DocumentKind::parse(&input.kind)
            .map_err(|e| p.add("kind", e.to_string()))
            .ok();
        let summary = clean(&input.summary);
        if summary.is_empty() {
            p.add("summary", "trích yếu không được để trống");
        }
        let secrecy = input
            .secrecy
            .as_deref()
            .map(Secrecy::parse)
            .transpose()
            .map_err(|e| p.add("secrecy", e.to_string()))
            .ok()
            .flatten();
        let urgency = input
            .urgency
            .as_deref()
            .map(Urgency::parse)
            .transpose()
            .map_err(|e| p.add("urgency", e.to_string()))
            .ok()
            .flatten();
        if let Some(u) = input.issuer_unit_id
            && self.store.unit(UnitId(u)).await?.is_none()
        {
            p.add("issuer_unit_id", format!("không có đơn vị #{u}"));
        }
        if let Some(d) = input.parent_id
            && self.store.document(DocumentId(d)).await?.is_none()
        {
            p.add("parent_id", format!("không có văn bản #{d}"));
        }
        p.into_result()?;
        let (Some(date), Some(kind)) = (date, kind) else {
            return Err(DomainError::invalid("date", "ngày văn bản không hợp lệ"));
        };
        Ok(NewDocument {
            number,
            date,
            kind,
            issuer_unit_id: input.issuer_unit_id.map(UnitId),
            issuer_text: clean(&input.issuer_text),
            signer: clean(&input.signer),
            summary,
            secrecy: secrecy.unwrap_or(Secrecy::Normal),
            urgency: urgency.unwrap_or(Urgency::Normal),
            parent_id: input.parent_id.map(DocumentId),
        })
    }

    pub async fn document(&self, actor: &Actor, id: DocumentId) -> DomainResult<Document> {
        actor.require_reports()?;
        self.store
            .document(id)
            .await?
            .ok_or_else(|| DomainError::not_found(format!("văn bản #{id}")))
    }

    /// Stores a file with a document or a task (kept in the database, so backups carry it).
    pub async fn attach(
        &self,
        actor: &Actor,
        owner_kind: &str,
        owner_id: i64,
        filename: &str,
        content_type: &str,
        data: &[u8],
    ) -> DomainResult<AttachmentId> {
        match owner_kind {
            "document" => actor.require_register()?,
            "task" => {
                let t = self
                    .store
                    .task(theodoi_core::ids::TaskId(owner_id))
                    .await?
                    .ok_or_else(|| DomainError::not_found(format!("nhiệm vụ #{owner_id}")))?;
                if !(actor.sees_everything()
                    && actor.role() != theodoi_core::model::Role::Inspector)
                {
                    actor.require_progress(&t)?;
                }
            }
            other => {
                return Err(DomainError::invalid(
                    "owner_kind",
                    format!("'{other}' không hợp lệ; dùng document hoặc task"),
                ));
            }
        }
        let name = clean(filename);
        if name.is_empty() || name.contains('/') || name.contains('\\') {
            return Err(DomainError::invalid(
                "filename",
                format!("tên tệp '{filename}' không hợp lệ"),
            ));
        }
        if data.is_empty() {
            return Err(DomainError::invalid("file", format!("tệp '{name}' rỗng")));
        }
        if data.len() > MAX_ATTACHMENT_BYTES {
            return Err(DomainError::invalid(
                "file",
                format!("tệp '{name}' lớn hơn 25 MB"),
            ));
        }
        let sha = hex::encode(Sha256::digest(data));
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        let id = tx
            .insert_attachment(
                owner_kind,
                owner_id,
                &name,
                content_type,
                data,
                &sha,
                actor_id(actor),
                at,
            )
            .await?;
        tx.audit(at, actor_id(actor), owner_kind, owner_id, "attach", None::<&()>, Some(&serde_json::json!({"attachment_id": id, "filename": name, "sha256": sha, "size": data.len()}))).await?;
        tx.commit().await?;
        Ok(id)
    }
}

/// Inserts a checked document with its audit event, inside the caller's transaction.
pub(crate) async fn write_document(
    tx: &mut Tx,
    actor: &Actor,
    new: &NewDocument,
    at: chrono::DateTime<chrono::Utc>,
) -> DomainResult<Document> {
    let id = tx.insert_document(new, actor_id(actor), at).await?;
    let doc = tx
        .document(id)
        .await?
        .ok_or_else(|| DomainError::not_found("văn bản vừa tạo"))?;
    tx.audit(
        at,
        actor_id(actor),
        "document",
        id.0,
        "register",
        None::<&()>,
        Some(&doc),
    )
    .await?;
    Ok(doc)
}
