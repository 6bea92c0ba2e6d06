//! Task lists for download (.xlsx, .csv): the CLI's `export tasks` filters and the web task
//! list's current filters go through the same reading and writing code, scoped by the
//! actor's units and with secret content hidden as on the page.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;
use theodoi_core::access::Actor;
use theodoi_core::model::{TaskState, Unit};
use theodoi_core::window::parse_iso;
use theodoi_core::{DomainError, DomainResult};
use theodoi_store::{TaskFilter, TaskSort, Timeframe};

use super::report_export::{CSV, FileOut, XLSX, xlsx_err};
use super::{Services, resolve_unit};
use crate::export::{DeadlineCell, TaskLine};

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

/// Rows read per query while exporting.
const EXPORT_PAGE: i64 = 1000;

impl Services {
    /// The filter of a task list asked for by name (CLI, API).
    pub async fn task_list_filter(&self, r: &TaskListRequest) -> DomainResult<TaskFilter> {
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
        Ok(TaskFilter {
            lead_units,
            state: r.state.as_deref().map(TaskState::parse).transpose()?,
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
            ..Default::default()
        })
    }

    /// Every task of a list (no paging), with the names a spreadsheet shows, in order of
    /// assignment. Whatever the filter says, a unit's people get only the tasks their units
    /// lead or co-operate on. `progress` is told how many tasks were read and the total.
    pub async fn filter_lines(
        &self,
        actor: &Actor,
        filter: &TaskFilter,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> DomainResult<Vec<TaskLine>> {
        actor.require_reports()?;
        let mut filter = filter.clone();
        if !actor.sees_everything() {
            filter.visible_to_units = Some(actor.scope.iter().copied().collect());
        }
        // One count for the progress, then pages by id without counting again.
        filter.limit = 1;
        filter.offset = 0;
        let total = self.store.tasks(&filter).await?.total.max(0) as u64;
        filter.sort = TaskSort::Id;
        filter.skip_count = true;
        filter.limit = EXPORT_PAGE;
        progress(0, total);

        let units = self.store.units().await?;
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
        let mut out = Vec::with_capacity(total as usize);
        loop {
            let page = self.store.tasks(&filter).await?;
            let Some(last) = page.tasks.last().map(|r| r.task.id.0) else {
                break;
            };
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
            progress(out.len() as u64, total.max(out.len() as u64));
            if n < EXPORT_PAGE as usize {
                break;
            }
            filter.after_id = Some(last);
        }
        out.sort_by_key(|l| (l.assigned_on, l.id));
        Ok(out)
    }

    /// Every task of a list asked for by name (the CLI's filters); see `filter_lines`.
    pub async fn task_lines(
        &self,
        actor: &Actor,
        r: &TaskListRequest,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> DomainResult<Vec<TaskLine>> {
        actor.require_reports()?;
        let filter = self.task_list_filter(r).await?;
        self.filter_lines(actor, &filter, progress).await
    }

    /// A task list asked for by name (the CLI's filters) as `xlsx` or `csv`.
    pub async fn export_tasks(
        &self,
        actor: &Actor,
        r: &TaskListRequest,
        format: &str,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> DomainResult<FileOut> {
        let filter = self.task_list_filter(r).await?;
        self.export_task_filter(actor, &filter, format, progress)
            .await
    }

    /// The tasks of a filter (a page's current filters) as `xlsx` or `csv`.
    pub async fn export_task_filter(
        &self,
        actor: &Actor,
        filter: &TaskFilter,
        format: &str,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> DomainResult<FileOut> {
        if !matches!(format, "xlsx" | "csv") {
            return Err(DomainError::invalid(
                "format",
                format!("định dạng '{format}' không hỗ trợ; dùng xlsx hoặc csv"),
            ));
        }
        let lines = self.filter_lines(actor, filter, progress).await?;
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
