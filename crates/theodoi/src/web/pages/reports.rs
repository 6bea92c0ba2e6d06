//! The report page (`/bao-cao`): the periodic report with every view (totals with the rate's
//! basis, per unit, co-operating unit, leader, field and document, assignment groups, ageing,
//! overdue list, previous period, ranking with its formula, the narrative), the same .xlsx and
//! .docx files as the CLI, and for the office the issuing of the report (`reports_issued`).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use theodoi_core::DomainError;
use theodoi_core::format::{date_vi, int_vi, percent_vi};
use theodoi_core::model::Role;
use theodoi_core::report::{Figures, Report};

use super::report_form::{FormState, KINDS, ReportQuery, request_query};
use super::reports_issued;
use super::tasks::Opt;
use crate::service::{FileOut, ReportRequest};
use crate::web::auth::Page;
use crate::web::form::Errors;
use crate::web::render::html_status;
use crate::web::{Chrome, PageResult, Web};

pub fn router() -> Router<Web> {
    Router::new()
        .route("/bao-cao", get(show))
        .route("/bao-cao/tai-ve/{format}", get(download))
        .route("/bao-cao/ban-hanh", post(reports_issued::issue))
        .route("/bao-cao/da-ban-hanh", get(reports_issued::list))
        .route("/bao-cao/da-ban-hanh/{id}", get(reports_issued::detail))
}

/// One row of a breakdown table, every figure ready to show.
pub struct FigLine {
    pub label: String,
    pub tasks: String,
    pub completed: String,
    pub on_time: String,
    pub late: String,
    pub in_progress: String,
    pub in_time: String,
    pub overdue: String,
    pub rate: String,
}

impl FigLine {
    pub fn new(label: &str, f: &Figures) -> Self {
        let c = &f.counts;
        Self {
            label: label.to_string(),
            tasks: int_vi(c.tasks),
            completed: int_vi(c.completed),
            on_time: int_vi(c.completed_on_time),
            late: int_vi(c.completed_late),
            in_progress: int_vi(c.in_progress),
            in_time: int_vi(c.in_progress_on_time),
            overdue: int_vi(c.overdue),
            rate: percent_vi(f.overdue_rate),
        }
    }
}

pub struct GroupLine {
    pub content: String,
    pub not_done: String,
    pub overdue: String,
    pub deadline: String,
}

pub struct RankLine {
    pub rank: usize,
    pub unit: String,
    pub tasks: String,
    pub completion: String,
    pub late: String,
    pub overdue: String,
    pub score: String,
    pub band: String,
}

pub struct OverdueLine {
    pub id: i64,
    pub content: String,
    pub unit: String,
    pub document: String,
    pub deadline: String,
    pub days: String,
}

/// The report as the page shows it.
pub struct ReportView {
    pub period: String,
    pub as_of: String,
    pub basis_description: String,
    pub deadline_basis: String,
    pub scope: String,
    pub assigned_by: String,
    pub totals: FigLine,
    pub awaiting: String,
    pub suspended: String,
    pub no_deadline: String,
    pub narrative: String,
    pub units: Vec<FigLine>,
    pub coop_units: Vec<FigLine>,
    pub leaders: Vec<FigLine>,
    pub fields: Vec<FigLine>,
    pub documents: Vec<FigLine>,
    pub groups: Vec<GroupLine>,
    pub ageing: Vec<(String, String)>,
    pub overdue: Vec<OverdueLine>,
    pub previous: Option<(FigLine, String)>,
    pub formula: String,
    pub bands: String,
    pub ranking: Vec<RankLine>,
}

impl ReportView {
    pub fn new(r: &Report) -> Self {
        let lines = |rows: &[theodoi_core::report_views::BreakdownRow]| {
            rows.iter()
                .filter(|b| b.figures.counts.tasks > 0)
                .map(|b| FigLine::new(&b.label, &b.figures))
                .collect()
        };
        let b = &r.ranking.bands;
        Self {
            period: format!("{} – {}", date_vi(r.window.from), date_vi(r.window.to)),
            as_of: date_vi(r.as_of),
            basis_description: r.basis_description.to_string(),
            deadline_basis: if r.deadline_basis == "original" {
                "thời hạn ban đầu".into()
            } else {
                "thời hạn hiện hành (kể cả gia hạn đã duyệt)".into()
            },
            scope: if r.scope == "assigned" {
                "nhiệm vụ giao trong kỳ".into()
            } else {
                "nhiệm vụ phải thực hiện trong kỳ".into()
            },
            assigned_by: match &r.assigned_by {
                Some(theodoi_core::report::AssignedBy::Unit { name, .. })
                | Some(theodoi_core::report::AssignedBy::Leader { name, .. }) => name.clone(),
                None => String::new(),
            },
            totals: FigLine::new("Tổng cộng", &r.totals),
            awaiting: int_vi(r.totals.awaiting_confirmation),
            suspended: int_vi(r.totals.counts.suspended),
            no_deadline: int_vi(r.totals.counts.no_deadline),
            narrative: r.narrative.clone(),
            units: r
                .units
                .iter()
                .filter(|u| u.figures.counts.tasks > 0)
                .map(|u| FigLine::new(&u.unit, &u.figures))
                .collect(),
            coop_units: lines(&r.coop_units),
            leaders: lines(&r.leaders),
            fields: lines(&r.fields),
            documents: lines(&r.documents),
            groups: r
                .groups
                .iter()
                .map(|g| GroupLine {
                    content: g.content.clone(),
                    not_done: format!(
                        "{}/{} {} chưa hoàn thành",
                        g.not_completed, g.units, g.unit_noun
                    ),
                    overdue: int_vi(g.overdue),
                    deadline: g.deadline.map(date_vi).unwrap_or_default(),
                })
                .collect(),
            ageing: r
                .ageing
                .iter()
                .map(|a| (a.label.to_string(), int_vi(a.tasks)))
                .collect(),
            overdue: r
                .overdue_tasks
                .iter()
                .map(|t| OverdueLine {
                    id: t.task_id,
                    content: t.content.clone(),
                    unit: t.unit.clone(),
                    document: t.document.clone(),
                    deadline: date_vi(t.deadline),
                    days: int_vi(t.days_overdue),
                })
                .collect(),
            previous: r.previous.as_ref().map(|p| {
                (
                    FigLine::new(
                        &format!("{} – {}", date_vi(p.window.from), date_vi(p.window.to)),
                        &p.totals,
                    ),
                    p.sentence.clone(),
                )
            }),
            formula: r.ranking.formula.clone(),
            bands: format!(
                "xuất sắc ≥ {}, tốt ≥ {}, hoàn thành ≥ {}, dưới {}: không hoàn thành",
                b.excellent, b.good, b.pass, b.pass
            ),
            ranking: r
                .ranking
                .rows
                .iter()
                .map(|x| RankLine {
                    rank: x.rank,
                    unit: x.unit.clone(),
                    tasks: int_vi(x.tasks),
                    completion: percent_vi(x.completion_rate),
                    late: percent_vi(x.late_completion_rate),
                    overdue: int_vi(x.overdue),
                    score: theodoi_core::format::decimal_vi(x.score, 1),
                    band: x.band.to_string(),
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "reports.html")]
pub struct ReportPage {
    pub c: Chrome,
    pub errors: Errors,
    pub st: FormState,
    pub kinds: Vec<Opt>,
    pub assigners: Vec<Opt>,
    pub report: Option<ReportView>,
    /// The resolved request as a query string, for the download links.
    pub qs: String,
    pub req: ReportRequest,
    pub can_issue: bool,
    pub number: String,
}

/// The leaders and units a report can be limited to (`assigned_by`).
async fn assigners(web: &Web, current: &str) -> Result<Vec<Opt>, DomainError> {
    let mut out: Vec<Opt> = web
        .s
        .store
        .users()
        .await?
        .into_iter()
        .filter(|u| u.role == Role::Leader)
        .map(|u| Opt {
            selected: u.username == current,
            value: u.username,
            label: u.full_name,
        })
        .collect();
    let mut units: Vec<_> = web
        .s
        .store
        .units()
        .await?
        .into_iter()
        .filter(|u| u.valid_to.is_none())
        .collect();
    units.sort_by_key(|u| theodoi_core::text::fold(&u.name));
    out.extend(units.into_iter().map(|u| {
        let value = u.id.0.to_string();
        Opt {
            selected: value == current,
            value,
            label: u.name,
        }
    }));
    Ok(out)
}

/// Renders the page for a query; `errors` and `number` come back from a refused issue.
pub async fn render(
    web: &Web,
    page: &Page,
    q: &ReportQuery,
    mut errors: Errors,
    number: String,
) -> PageResult {
    let s = &web.s;
    page.actor.require_reports()?;
    let (req, st) = q.resolve(s.today().await?, &mut errors);
    let report = if errors.fields.iter().any(|f| f.field != "number") {
        None
    } else {
        match s.report_params(&req).await {
            Ok(params) => Some(s.report(&page.actor, &params).await?),
            Err(DomainError::Invalid(f)) => {
                errors.fields.extend(f);
                None
            }
            Err(e) => return Err(e.into()),
        }
    };
    let status = errors.status();
    let kinds = KINDS
        .iter()
        .map(|(k, l)| Opt {
            value: k.to_string(),
            label: l.to_string(),
            selected: st.kind == *k,
        })
        .collect();
    html_status(
        status,
        &ReportPage {
            c: page.chrome("reports"),
            kinds,
            assigners: assigners(web, &st.assigned_by).await?,
            report: report.as_ref().map(ReportView::new),
            qs: request_query(&req),
            req,
            can_issue: matches!(page.actor.role(), Role::Office | Role::Leader),
            number,
            errors,
            st,
        },
    )
}

pub async fn show(State(web): State<Web>, page: Page, Query(q): Query<ReportQuery>) -> PageResult {
    render(&web, &page, &q, Errors::default(), String::new()).await
}

/// A file as a download (`Content-Disposition: attachment`).
pub fn attachment(f: FileOut) -> axum::response::Response {
    (
        [
            (header::CONTENT_TYPE, f.content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", f.filename),
            ),
        ],
        f.bytes,
    )
        .into_response()
}

/// The report as .xlsx or .docx: the same files as `theodoi report --format …`.
pub async fn download(
    State(web): State<Web>,
    page: Page,
    Path(format): Path<String>,
    Query(q): Query<ReportQuery>,
) -> PageResult {
    let mut errors = Errors::default();
    let (req, _) = q.resolve(web.s.today().await?, &mut errors);
    errors.into_result()?;
    let params = web.s.report_params(&req).await?;
    let file = web
        .s
        .report_file(&page.actor, &params, &format, None)
        .await?;
    Ok(attachment(file))
}
