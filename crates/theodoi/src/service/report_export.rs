//! Files for download: the report as .xlsx or .docx, any task list as .xlsx or .csv. Each
//! function returns the bytes with a file name and content type, so a web page, the API and
//! the CLI serve the same files.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;
use theodoi_core::access::Actor;
use theodoi_core::model::{TaskState, Unit};
use theodoi_core::report::ReportParams;
use theodoi_core::window::parse_iso;
use theodoi_core::{DomainError, DomainResult};
use theodoi_store::{TaskFilter, TaskSort, Timeframe};

use super::{Services, resolve_unit};
use crate::export::{DeadlineCell, DocxOptions, TaskLine};

/// A file ready to download.
#[derive(Debug, Clone)]
pub struct FileOut {
    pub bytes: Vec<u8>,
    pub filename: String,
    pub content_type: &'static str,
}

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const CSV: &str = "text/csv; charset=utf-8";

/// Settings for the Word report's fixed parts.
pub mod docx_keys {
    pub const ISSUER_PARENT: &str = "report_issuer_parent";
    pub const ISSUER: &str = "report_issuer";
    pub const PLACE: &str = "report_place";
    pub const SIGNER_TITLE: &str = "report_signer_title";
    pub const SIGNER_NAME: &str = "report_signer_name";
    /// Recipients separated by `|`.
    pub const RECIPIENTS: &str = "report_recipients";
}

/// A task list as asked for on the command line or in a page's filters.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TaskListRequest {
    /// Lead unit (name, short name, alias or code).
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub subtree: bool,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub timeframe: Option<Timeframe>,
    #[serde(default)]
    pub document_id: Option<i64>,
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub is_key: Option<bool>,
    #[serde(default)]
    pub field: Option<String>,
    /// `YYYY-MM-DD`, both ends included.
    #[serde(default)]
    pub assigned_from: Option<String>,
    #[serde(default)]
    pub assigned_to: Option<String>,
    #[serde(default)]
    pub include_delegated: bool,
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> DomainError {
    DomainError::Internal(format!("không tạo được tệp Excel: {e}"))
}

fn date_opt(field: &str, s: &Option<String>) -> DomainResult<Option<NaiveDate>> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => parse_iso(s).map(Some).ok_or_else(|| {
            DomainError::invalid(
                field,
                format!("'{s}' không phải ngày hợp lệ (viết YYYY-MM-DD)"),
            )
        }),
        None => Ok(None),
    }
}

impl Services {
    /// The fixed parts of the Word report, from the settings (defaults: Văn phòng UBND tỉnh
    /// Kiên Giang).
    pub async fn docx_options(&self) -> DomainResult<DocxOptions> {
        let mut o = DocxOptions::default();
        for (key, slot) in [
            (docx_keys::ISSUER_PARENT, &mut o.issuer_parent),
            (docx_keys::ISSUER, &mut o.issuer),
            (docx_keys::PLACE, &mut o.place),
            (docx_keys::SIGNER_TITLE, &mut o.signer_title),
            (docx_keys::SIGNER_NAME, &mut o.signer_name),
        ] {
            if let Some(v) = self.store.setting(key).await? {
                *slot = v;
            }
        }
        if let Some(v) = self.store.setting(docx_keys::RECIPIENTS).await? {
            o.recipients = v.split('|').map(|x| x.trim().to_string()).collect();
        }
        Ok(o)
    }

    /// The report as `xlsx` or `docx` (`number` is the document number printed on the Word
    /// report, e.g. `15/BC-VP`).
    pub async fn report_file(
        &self,
        actor: &Actor,
        params: &ReportParams,
        format: &str,
        number: Option<&str>,
    ) -> DomainResult<FileOut> {
        let report = self.report(actor, params).await?;
        let stem = format!(
            "bao-cao-{}-{}",
            params.window.from.format("%Y%m%d"),
            params.window.to.format("%Y%m%d")
        );
        match format {
            "xlsx" => Ok(FileOut {
                bytes: crate::export::report_xlsx(&report).map_err(xlsx_err)?,
                filename: format!("{stem}.xlsx"),
                content_type: XLSX,
            }),
            "docx" => {
                let mut o = self.docx_options().await?;
                if let Some(n) = number {
                    o.number = n.to_string();
                }
                let chart = crate::export::chart::units_chart(&report.units, 25)
                    .map_err(|e| DomainError::Internal(format!("không vẽ được biểu đồ: {e}")))?;
                let bytes = crate::export::report_docx(&report, &o, Some(chart))
                    .map_err(|e| DomainError::Internal(format!("không tạo được tệp Word: {e}")))?;
                Ok(FileOut {
                    bytes,
                    filename: format!("{stem}.docx"),
                    content_type: DOCX,
                })
            }
            other => Err(DomainError::invalid(
                "format",
                format!("định dạng '{other}' không hỗ trợ; dùng xlsx hoặc docx"),
            )),
        }
    }

    /// Every task of a list (no paging), with the names a spreadsheet shows. `progress` is
    /// told how many tasks were read so far and the total.
    pub async fn task_lines(
        &self,
        actor: &Actor,
        r: &TaskListRequest,
        progress: &mut dyn FnMut(u64, u64),
    ) -> DomainResult<Vec<TaskLine>> {
        actor.require_reports()?;
        let units = self.store.units().await?;
        let lead_units = match &r.unit {
            Some(name) => {
                let u = resolve_unit(&units, name)?;
                Some(if r.subtree {
                    theodoi_core::access::subtree(&units, u.id)
                        .into_iter()
                        .collect()
                } else {
                    vec![u.id]
                })
            }
            None => None,
        };
        let state = r.state.as_deref().map(TaskState::parse).transpose()?;
        let mut filter = TaskFilter {
            lead_units,
            visible_to_units: (!actor.sees_everything())
                .then(|| actor.scope.iter().copied().collect()),
            state,
            timeframe: r.timeframe,
            today: Some(self.today().await?),
            due_soon_days: self.due_soon_days().await?,
            is_key: r.is_key,
            field: r.field.clone(),
            document_id: r.document_id.map(theodoi_core::ids::DocumentId),
            text: r.q.clone(),
            assigned_from: date_opt("assigned_from", &r.assigned_from)?,
            assigned_to: date_opt("assigned_to", &r.assigned_to)?,
            include_delegated: r.include_delegated,
            sort: TaskSort::Assigned,
            // The store pages at most 1 000 rows at a time.
            limit: 1000,
            offset: 0,
            ..Default::default()
        };
        let unit_names: HashMap<i64, &Unit> = units.iter().map(|u| (u.id.0, u)).collect();
        let unit_name = |id: i64| {
            unit_names
                .get(&id)
                .map(|u| u.name.clone())
                .unwrap_or_else(|| format!("Đơn vị #{id}"))
        };
        let users: HashMap<i64, String> = self
            .store
            .users()
            .await?
            .into_iter()
            .map(|u| (u.id.0, u.full_name))
            .collect();
        let mut out = Vec::new();
        loop {
            let page = self.store.tasks(&filter).await?;
            let doc_ids: Vec<i64> = page
                .tasks
                .iter()
                .filter_map(|t| t.task.document_id.map(|d| d.0))
                .collect();
            let docs = self.store.documents_by_ids(&doc_ids).await?;
            let n = page.tasks.len();
            for row in page.tasks {
                let t = row.task;
                let doc = t.document_id.and_then(|d| docs.get(&d.0));
                let content = if t.secret && !actor.can_read_secret(&t) {
                    "(Nội dung mật)".to_string()
                } else {
                    t.content.clone()
                };
                out.push(TaskLine {
                    id: t.id.0,
                    doc_number: doc.map(|d| d.number.clone()).unwrap_or_default(),
                    doc_date: doc.map(|d| d.date),
                    doc_kind: doc.map(|d| d.kind.label().to_string()).unwrap_or_default(),
                    doc_summary: doc.map(|d| d.summary.clone()).unwrap_or_default(),
                    content,
                    lead_unit: unit_name(t.lead_unit_id.0),
                    coop_units: t
                        .coop_unit_ids
                        .iter()
                        .map(|u| unit_name(u.0))
                        .collect::<Vec<_>>()
                        .join("; "),
                    leader: t
                        .assigned_by_user_id
                        .and_then(|u| users.get(&u.0).cloned())
                        .unwrap_or_default(),
                    assigned_on: t.assigned_on,
                    deadline: match t.deadline_current {
                        Some(d) => DeadlineCell::Date(d),
                        None if t.deadline_text.trim().is_empty() => {
                            DeadlineCell::Text("Thường xuyên".into())
                        }
                        None => DeadlineCell::Text(t.deadline_text.clone()),
                    },
                    completed_on: t.completed_on,
                    state: t.state.label().to_string(),
                    is_key: t.is_key,
                    field: t.field.clone(),
                    withdrawn_on: t.withdrawn_on,
                });
            }
            progress(out.len() as u64, page.total.max(out.len() as i64) as u64);
            if n < filter.limit as usize {
                break;
            }
            filter.offset += filter.limit;
        }
        Ok(out)
    }

    /// A task list as `xlsx` or `csv`.
    pub async fn export_tasks(
        &self,
        actor: &Actor,
        r: &TaskListRequest,
        format: &str,
        progress: &mut dyn FnMut(u64, u64),
    ) -> DomainResult<FileOut> {
        if !matches!(format, "xlsx" | "csv") {
            return Err(DomainError::invalid(
                "format",
                format!("định dạng '{format}' không hỗ trợ; dùng xlsx hoặc csv"),
            ));
        }
        let lines = self.task_lines(actor, r, progress).await?;
        let total = lines.len() as u64;
        let mut written = 0u64;
        let mut tick = |n: u64| {
            written += n;
            progress(written, total);
        };
        match format {
            "xlsx" => Ok(FileOut {
                bytes: crate::export::tasks_xlsx(&lines, &mut tick).map_err(xlsx_err)?,
                filename: "nhiem-vu.xlsx".into(),
                content_type: XLSX,
            }),
            _ => Ok(FileOut {
                bytes: crate::export::tasks_csv(&lines, &mut tick)
                    .map_err(|e| DomainError::Internal(format!("không tạo được tệp CSV: {e}")))?,
                filename: "nhiem-vu.csv".into(),
                content_type: CSV,
            }),
        }
    }
}
