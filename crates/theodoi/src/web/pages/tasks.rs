//! The task list (danh sách nhiệm vụ): filters, drill-down from the dashboard's figures,
//! sorting, paging and counts. Detail and actions live in `task_show` and `task_actions`.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::{get, post};
use serde::Deserialize;
use theodoi_core::DomainError;
use theodoi_core::format::{date_vi, int_vi};
use theodoi_core::ids::{DocumentId, UnitId, UserId};
use theodoi_core::model::{Role, TaskState};
use theodoi_store::report_slice::{Figure, ReportSlice};
use theodoi_store::{TaskFilter, TaskSort, Timeframe};

use super::{TaskLine, UnitNames, query, task_actions, task_show};
use crate::service::ReportRequest;
use crate::web::auth::Page;
use crate::web::form::Errors;
use crate::web::render::html_status;
use crate::web::{Chrome, PageError, PageResult, Web};

pub fn router() -> Router<Web> {
    Router::new()
        .route("/nhiem-vu", get(list))
        .route(
            "/nhiem-vu/tai-ve/{format}",
            get(super::tasks_export::download),
        )
        .route("/nhiem-vu/{id}", get(task_show::show))
        .route("/nhiem-vu/{id}/{action}", post(task_actions::act))
}

const PAGE_SIZE: i64 = 50;
/// The list counts its tasks exactly up to here.
const COUNT_CAP: i64 = 10_000;

/// Every filter arrives as text so a mistake becomes a message, not a bare 400.
#[derive(Debug, Default, Deserialize, Clone)]
pub struct ListQuery {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub subtree: String,
    #[serde(default)]
    pub leader: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub tf: String,
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub doc: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
    #[serde(default)]
    pub window: String,
    #[serde(default)]
    pub as_of: String,
    #[serde(default)]
    pub basis: String,
    #[serde(default)]
    pub deadline_basis: String,
    #[serde(default)]
    pub figure: String,
}

impl ListQuery {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("unit", self.unit.clone()),
            ("subtree", self.subtree.clone()),
            ("leader", self.leader.clone()),
            ("state", self.state.clone()),
            ("tf", self.tf.clone()),
            ("key", self.key.clone()),
            ("field", self.field.clone()),
            ("doc", self.doc.clone()),
            ("q", self.q.clone()),
            ("sort", self.sort.clone()),
            ("window", self.window.clone()),
            ("as_of", self.as_of.clone()),
            ("basis", self.basis.clone()),
            ("deadline_basis", self.deadline_basis.clone()),
            ("figure", self.figure.clone()),
        ]
    }
}

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn opts(items: impl IntoIterator<Item = (String, String)>, current: &str) -> Vec<Opt> {
    items
        .into_iter()
        .map(|(value, label)| Opt {
            selected: value == current,
            value,
            label,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct ListPage {
    c: Chrome,
    q: ListQuery,
    errors: Errors,
    total: String,
    rows: Vec<TaskLine>,
    units: Vec<Opt>,
    leaders: Vec<Opt>,
    states: Vec<Opt>,
    timeframes: Vec<Opt>,
    sorts: Vec<Opt>,
    drill: String,
    prev: String,
    next: String,
    page_no: i64,
    pages: i64,
    /// The current filters as a query string, for the download links.
    downloads: String,
    can_import: bool,
}

fn id_param(errors: &mut Errors, field: &str, v: &str, what: &str) -> Option<i64> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            errors.add(field, format!("{what} '{v}' không hợp lệ"));
            None
        }
    }
}

/// A task list's filter as the page's query asks for it, with every mistake on its field.
pub struct Built {
    pub filter: TaskFilter,
    pub errors: Errors,
    pub drill: String,
    pub as_of: chrono::NaiveDate,
    pub page_no: i64,
    pub all_units: Vec<theodoi_core::model::Unit>,
}

/// Builds the filter of the list (also used by its downloads, so a file holds exactly the
/// list on screen); a unit's people are limited to their units here and in the service.
pub async fn build_filter(web: &Web, page: &Page, q: &ListQuery) -> Result<Built, PageError> {
    let s = &web.s;
    let actor = &page.actor;
    actor.require_reports()?;
    let mut errors = Errors::default();
    let all_units = s.store.units().await?;
    let names = UnitNames::new(&all_units);

    let unit = id_param(&mut errors, "unit", &q.unit, "đơn vị");
    let lead_units = match unit {
        Some(u) => {
            let u = UnitId(u);
            if !names.0.contains_key(&u) {
                errors.add("unit", format!("không có đơn vị #{u}"));
                None
            } else {
                if !actor.sees_everything() && !actor.in_scope(u) {
                    return Err(DomainError::Forbidden(format!(
                        "tài khoản {} chỉ xem được nhiệm vụ của đơn vị mình và cấp dưới",
                        actor.user.username
                    ))
                    .into());
                }
                Some(if q.subtree == "1" {
                    theodoi_core::access::subtree(&all_units, u)
                        .into_iter()
                        .collect::<Vec<_>>()
                } else {
                    vec![u]
                })
            }
        }
        None => None,
    };
    let leader = id_param(&mut errors, "leader", &q.leader, "lãnh đạo");
    let doc = id_param(&mut errors, "doc", &q.doc, "văn bản");
    let state = match q.state.trim() {
        "" => None,
        v => TaskState::parse(v)
            .map_err(|_| errors.add("state", format!("trạng thái '{v}' không hợp lệ")))
            .ok(),
    };
    let timeframe = match q.tf.trim() {
        "" => None,
        "overdue" => Some(Timeframe::Overdue),
        "due_soon" => Some(Timeframe::DueSoon),
        "on_time" => Some(Timeframe::OnTime),
        "completed" => Some(Timeframe::Completed),
        v => {
            errors.add("tf", format!("tiến độ '{v}' không hợp lệ"));
            None
        }
    };
    let sort = match q.sort.as_str() {
        "assigned" => TaskSort::Assigned,
        "newest" => TaskSort::Newest,
        _ => TaskSort::Deadline,
    };
    let page_no = match q.page.trim() {
        "" => 1,
        v => v
            .parse::<i64>()
            .ok()
            .filter(|p| *p >= 1)
            .unwrap_or_else(|| {
                errors.add("page", format!("trang '{v}' không hợp lệ"));
                1
            }),
    };
    let mut drill = String::new();
    let report_slice = match q.figure.trim() {
        "" => None,
        f => match Figure::parse(f) {
            None => {
                errors.add("figure", format!("chỉ tiêu '{f}' không hợp lệ"));
                None
            }
            Some(figure) => {
                let params = s
                    .report_params(&ReportRequest {
                        window: q.window.clone(),
                        as_of: Some(q.as_of.clone()).filter(|a| !a.is_empty()),
                        basis: Some(q.basis.clone()).filter(|b| !b.is_empty()),
                        deadline_basis: Some(q.deadline_basis.clone()).filter(|b| !b.is_empty()),
                        ..Default::default()
                    })
                    .await;
                match params {
                    Ok(params) => {
                        drill = format!(
                            "{}: {} – {}, {} {}",
                            figure_label(figure),
                            date_vi(params.window.from),
                            date_vi(params.window.to),
                            page.tr().t("dash.as_of").to_lowercase(),
                            date_vi(params.as_of)
                        );
                        let units = match (&lead_units, actor.sees_everything()) {
                            (Some(u), _) => Some(u.clone()),
                            (None, true) => None,
                            (None, false) => Some(actor.scope.iter().copied().collect()),
                        };
                        Some(ReportSlice {
                            params,
                            figure,
                            units,
                        })
                    }
                    Err(DomainError::Invalid(f)) => {
                        errors.fields.extend(f);
                        None
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        },
    };
    let as_of = report_slice
        .as_ref()
        .map(|r| r.params.as_of)
        .unwrap_or(s.today().await?);
    let key = match q.key.as_str() {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    };
    let filter = TaskFilter {
        // With a drill-down the report decides which unit counts (the lead unit as of then).
        lead_units: if report_slice.is_some() {
            None
        } else {
            lead_units
        },
        visible_to_units: (!actor.sees_everything()).then(|| actor.scope.iter().copied().collect()),
        assigned_by_user: leader.map(UserId),
        state,
        timeframe,
        today: Some(as_of),
        due_soon_days: s.due_soon_days().await?,
        is_key: key,
        field: Some(q.field.trim().to_string()).filter(|f| !f.is_empty()),
        document_id: doc.map(DocumentId),
        text: Some(q.q.clone()).filter(|t| !t.trim().is_empty()),
        report_slice,
        sort,
        limit: PAGE_SIZE,
        offset: (page_no - 1) * PAGE_SIZE,
        ..Default::default()
    };
    Ok(Built {
        filter,
        errors,
        drill,
        as_of,
        page_no,
        all_units,
    })
}

pub async fn list(State(web): State<Web>, page: Page, Query(q): Query<ListQuery>) -> PageResult {
    let s = &web.s;
    let actor = &page.actor;
    let Built {
        filter,
        errors,
        drill,
        as_of,
        page_no,
        all_units,
    } = build_filter(&web, &page, &q).await?;
    // Count exactly up to COUNT_CAP, then say "hơn 10.000": a page of the whole province's
    // list stays a page, not a count over a million rows.
    let filter = TaskFilter {
        count_cap: Some(COUNT_CAP),
        ..filter
    };
    let names = UnitNames::new(&all_units);
    let downloads = query(&q.pairs());
    let result = s.store.tasks(&filter).await?;
    let rows = result
        .tasks
        .iter()
        .map(|r| TaskLine::new(&r.task, actor, &names, as_of))
        .collect();
    // With a capped count the number of pages is unknown: "trang 3" and a next link while
    // pages are full.
    let pages = if result.capped {
        0
    } else {
        ((result.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)
    };
    let has_next = if result.capped {
        result.tasks.len() as i64 == PAGE_SIZE
    } else {
        page_no < pages
    };
    let link = |p: i64| {
        let mut pairs = q.pairs();
        pairs.push(("page", p.to_string()));
        format!("/nhiem-vu?{}", query(&pairs))
    };
    let users = s.store.users().await?;
    let mut unit_opts: Vec<(String, String)> = all_units
        .iter()
        .filter(|u| u.valid_to.is_none() && (actor.sees_everything() || actor.in_scope(u.id)))
        .map(|u| (u.id.0.to_string(), u.name.clone()))
        .collect();
    unit_opts.sort_by_key(|a| theodoi_core::text::fold(&a.1));
    let status = errors.status();
    html_status(
        status,
        &ListPage {
            c: page.chrome("tasks"),
            total: if result.capped {
                format!("{} {}", page.tr().t("common.more_than"), int_vi(COUNT_CAP))
            } else {
                int_vi(result.total)
            },
            rows,
            units: opts(unit_opts, &q.unit),
            leaders: opts(
                users
                    .iter()
                    .filter(|u| u.role == Role::Leader)
                    .map(|u| (u.id.0.to_string(), u.full_name.clone())),
                &q.leader,
            ),
            states: opts(
                TaskState::ALL
                    .iter()
                    .map(|s| (s.as_str().to_string(), s.label().to_string())),
                &q.state,
            ),
            timeframes: opts(
                ["overdue", "due_soon", "on_time", "completed"]
                    .into_iter()
                    .map(|k| (k.to_string(), page.tr().t(&format!("tf.{k}")).to_string())),
                &q.tf,
            ),
            sorts: opts(
                [
                    ("deadline", "Thời hạn"),
                    ("assigned", "Ngày giao"),
                    ("newest", "Mới nhập"),
                ]
                .into_iter()
                .map(|(a, b)| (a.to_string(), b.to_string())),
                &q.sort,
            ),
            drill,
            prev: if page_no > 1 {
                link(page_no - 1)
            } else {
                String::new()
            },
            next: if has_next {
                link(page_no + 1)
            } else {
                String::new()
            },
            page_no,
            pages,
            downloads,
            can_import: actor.role() == Role::Office,
            errors,
            q,
        },
    )
}

fn figure_label(f: Figure) -> &'static str {
    match f {
        Figure::All => "Tổng số nhiệm vụ",
        Figure::Completed => "Đã hoàn thành",
        Figure::CompletedOnTime => "Hoàn thành đúng hạn",
        Figure::CompletedLate => "Hoàn thành quá hạn",
        Figure::InProgress => "Đang thực hiện",
        Figure::InProgressOnTime => "Đang thực hiện trong hạn",
        Figure::Overdue => "Quá hạn",
        Figure::Awaiting => "Chờ xác nhận hoàn thành",
    }
}
