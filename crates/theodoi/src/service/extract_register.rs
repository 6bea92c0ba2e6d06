//! From a directive's text to registered tasks: the extractor's suggestions with their units
//! matched to the tree (groups spread over the units they name), and the clerk's confirmed
//! choice written as one document and its tasks in a single transaction.

use theodoi_core::access::Actor;
use theodoi_core::ids::TaskId;
use theodoi_core::model::{Document, Unit, UnitKind};
use theodoi_core::text::fold;
use theodoi_core::{DomainError, DomainResult, FieldError};
use theodoi_extract::{Extraction, UnitResolver};

use super::documents::write_document;
use super::extract::TreeResolver;
use super::tasks::PendingDocument;
use super::{AssignInput, DocumentInput, Services};

/// Largest uploaded file: a `.docx` carries pictures, so more than its text (which the
/// extractor limits to [`theodoi_extract::MAX_TEXT_BYTES`]).
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// The extractor's proposal, with each task's units as ids of the tree.
pub struct Suggestion {
    pub extraction: Extraction,
    /// Per task: the units proposed to lead it (several for a group), empty when unmatched.
    pub leads: Vec<Vec<i64>>,
    /// Per task: the co-operating units matched, and the names that matched none.
    pub coops: Vec<(Vec<i64>, Vec<String>)>,
}

impl Services {
    /// Reads a document (`.txt` text or `.docx` bytes) and proposes its header and tasks,
    /// for the office (and leaders), who register documents.
    pub async fn suggest_tasks(
        &self,
        actor: &Actor,
        filename: &str,
        bytes: Vec<u8>,
    ) -> DomainResult<Suggestion> {
        actor.require_register()?;
        if bytes.len() > MAX_UPLOAD_BYTES {
            return Err(DomainError::invalid(
                "file",
                format!(
                    "tệp '{filename}' lớn hơn {} MB",
                    MAX_UPLOAD_BYTES / 1024 / 1024
                ),
            ));
        }
        let units = self.store.units().await?;
        let name = filename.to_owned();
        // The extractor is CPU work (a second on a 1 MB text): keep it off the async workers.
        let extraction = tokio::task::spawn_blocking(move || {
            let resolver = TreeResolver::new(&units);
            Self::extract_bytes(&name, &bytes, &resolver).map(|x| (x, units))
        })
        .await
        .map_err(|e| DomainError::Internal(format!("trích xuất bị dừng: {e}")))?;
        let (extraction, units) = extraction?;
        let resolver = TreeResolver::new(&units);
        let root = extraction
            .document
            .issuer
            .as_deref()
            .and_then(|i| {
                resolver
                    .resolve(i)
                    .or_else(|| resolver.resolve(&theodoi_extract::expand_abbreviations(i)))
            })
            .map(|id| root_of(&units, id));
        let leads = extraction
            .tasks
            .iter()
            .map(|t| match t.lead_unit_id {
                Some(id) => vec![id],
                None if t.lead_is_group => group_members(&units, &t.lead, root),
                None => vec![],
            })
            .collect();
        let coops = extraction
            .tasks
            .iter()
            .map(|t| {
                let mut ids = Vec::new();
                let mut unmatched = Vec::new();
                for c in &t.coop {
                    match resolver
                        .resolve(c)
                        .or_else(|| resolver.resolve(&theodoi_extract::expand_abbreviations(c)))
                    {
                        Some(id) if !ids.contains(&id) => ids.push(id),
                        Some(_) => {}
                        None => {
                            let members = group_members(&units, c, root);
                            if members.is_empty() {
                                unmatched.push(c.clone());
                            }
                            for m in members {
                                if !ids.contains(&m) {
                                    ids.push(m);
                                }
                            }
                        }
                    }
                }
                (ids, unmatched)
            })
            .collect();
        Ok(Suggestion {
            extraction,
            leads,
            coops,
        })
    }

    /// Registers a document and its tasks in one transaction: everything is checked first,
    /// and one wrong task leaves the database as it was. Errors on task `k` (1-based, in the
    /// order given) are reported on fields named `task{k}.{field}`.
    pub async fn register_document_with_tasks(
        &self,
        actor: &Actor,
        document: DocumentInput,
        tasks: Vec<AssignInput>,
    ) -> DomainResult<(Document, Vec<TaskId>)> {
        actor.require_register()?;
        let mut problems: Vec<FieldError> = Vec::new();
        if tasks.is_empty() {
            problems.push(FieldError::new(
                "tasks",
                "chưa chọn nhiệm vụ nào để đăng ký (đánh dấu ô “Giữ” ở ít nhất một dòng)",
            ));
        }
        let doc_date = theodoi_core::window::parse_iso(&document.date);
        let secret = document.secrecy.as_deref() == Some("secret");
        let new_doc = match self.prepare_document(document).await {
            Ok(d) => Some(d),
            Err(DomainError::Invalid(f)) => {
                problems.extend(f);
                None
            }
            Err(e) => return Err(e),
        };
        // Without a valid document date the deadlines are checked against today, so the
        // clerk still sees every other problem at once.
        let pending = PendingDocument {
            date: match doc_date {
                Some(d) => d,
                None => self.today().await?,
            },
            secret,
        };
        let mut prepared = Vec::with_capacity(tasks.len());
        for (k, mut t) in tasks.into_iter().enumerate() {
            t.document_id = None;
            t.parent_task_id = None;
            match self.prepare_assign(actor, t, Some(&pending), false).await {
                Ok(p) => prepared.push(p),
                Err(DomainError::Invalid(f)) => problems.extend(
                    f.into_iter()
                        .map(|e| FieldError::new(format!("task{}.{}", k + 1, e.field), e.message)),
                ),
                Err(e) => return Err(e),
            }
        }
        let Some(new_doc) = new_doc.filter(|_| problems.is_empty()) else {
            return Err(DomainError::Invalid(problems));
        };
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        let doc = write_document(&mut tx, actor, &new_doc, at).await?;
        let mut created = Vec::new();
        for p in &prepared {
            created.extend(
                self.write_assign(&mut tx, actor, p, Some(doc.id), at)
                    .await?,
            );
        }
        tx.commit().await?;
        Ok((doc, created))
    }

    /// The extractor over a file's bytes, by its name's extension.
    pub(crate) fn extract_bytes(
        filename: &str,
        bytes: &[u8],
        resolver: &TreeResolver,
    ) -> DomainResult<Extraction> {
        let lower = filename.to_lowercase();
        let result = if lower.ends_with(".docx") {
            theodoi_extract::extract_docx(bytes, Some(resolver))
        } else if lower.ends_with(".txt") || !lower.contains('.') {
            let text = std::str::from_utf8(bytes).map_err(|e| {
                DomainError::invalid(
                    "file",
                    format!(
                        "tệp '{filename}' không phải văn bản UTF-8 (byte thứ {}); hãy lưu lại với bảng mã UTF-8 hoặc dùng tệp .docx",
                        e.valid_up_to() + 1
                    ),
                )
            })?;
            theodoi_extract::extract(text, Some(resolver))
        } else {
            return Err(DomainError::invalid(
                "file",
                format!("chỉ đọc được tệp .txt hoặc .docx, không đọc được '{filename}'"),
            ));
        };
        result.map_err(|e| DomainError::invalid("file", format!("{filename}: {e}")))
    }
}

/// The top of the tree above a unit (the province a document's issuer belongs to).
pub fn root_of(units: &[Unit], id: i64) -> i64 {
    let mut current = id;
    // Bounded by the number of units, so a corrupt cycle cannot hang.
    for _ in 0..units.len() {
        match units
            .iter()
            .find(|u| u.id.0 == current)
            .and_then(|u| u.parent_id)
        {
            Some(p) => current = p.0,
            None => break,
        }
    }
    current
}

/// The units a group phrase names: "UBND các huyện, thị xã, thành phố" → every locality
/// directly under the province; "các sở, ban, ngành" → every agency directly under it.
/// Classes the tree does not know ("các chủ đầu tư", "các đơn vị liên quan") give none,
/// for the clerk to choose. `root` is the issuing province's top unit, when known (a tree
/// may hold several provinces); without it, units under every top unit are proposed.
pub fn group_members(units: &[Unit], phrase: &str, root: Option<i64>) -> Vec<i64> {
    let f = fold(phrase);
    let words: Vec<&str> = f
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let has_pair = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);
    let localities = has("huyen")
        || has_pair("thanh", "pho")
        || has_pair("thi", "xa")
        || has_pair("dia", "phuong");
    let agencies = has_pair("cac", "so") || has("nganh");
    let roots: Vec<_> = units
        .iter()
        .filter(|u| u.parent_id.is_none() && root.is_none_or(|r| u.id.0 == r))
        .map(|u| u.id)
        .collect();
    units
        .iter()
        .filter(|u| u.successor_id.is_none() && u.valid_to.is_none())
        .filter(|u| u.parent_id.is_some_and(|p| roots.contains(&p)))
        .filter(|u| {
            (localities && u.kind == UnitKind::Locality) || (agencies && u.kind == UnitKind::Agency)
        })
        .map(|u| u.id.0)
        .collect()
}
