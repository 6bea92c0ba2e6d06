//! The working group's pages (Tổ công tác): `/kiem-tra` lists inspections with a form for a
//! new plan; `/kiem-tra/{id}` shows one with its conclusions form, the linked tasks, a form
//! linking a task by its number and one giving a task from the conclusions. Bad input shows
//! the page again (422) with what was typed and nothing written.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use theodoi_core::DomainError;
use theodoi_core::format::date_vi;
use theodoi_core::model::Role;

use super::{TaskLine, UnitNames};
use crate::service::inspections::{InspectionInput, VisitInput};
use crate::service::{AssignInput, DeadlineInput};
use crate::web::auth::Page;
use crate::web::form::{Errors, parse_date};
use crate::web::render::html_status;
use crate::web::{Chrome, PageResult, Web};

pub fn router() -> Router<Web> {
    Router::new()
        .route("/kiem-tra", get(list).post(create))
        .route("/kiem-tra/{id}", get(show))
        .route("/kiem-tra/{id}/ket-luan", post(visit))
        .route("/kiem-tra/{id}/lien-ket", post(link))
        .route("/kiem-tra/{id}/giao-viec", post(give_task))
}

type Fields = Vec<(String, String)>;

/// What was typed into the page's forms, read by the templates with `v.get("name")`.
#[derive(Default)]
pub struct Typed(Fields);

impl Typed {
    pub fn get(&self, k: &str) -> &str {
        self.0
            .iter()
            .find(|(key, _)| key == k)
            .map_or("", |(_, v)| v.as_str())
    }
}

pub struct Row {
    pub id: i64,
    pub title: String,
    pub unit: String,
    pub planned: String,
    pub visited: String,
    pub done: bool,
}

#[derive(Template)]
#[template(path = "inspections.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<Row>,
    units: Vec<(i64, String)>,
    can_write: bool,
    v: Typed,
    errors: Errors,
}

#[derive(Template)]
#[template(path = "inspection.html")]
struct DetailPage {
    c: Chrome,
    row: Row,
    unit_id: i64,
    members: String,
    nature: String,
    severity: String,
    causes: String,
    responsibility: String,
    tasks: Vec<(TaskLine, String)>,
    units: Vec<(i64, String)>,
    can_write: bool,
    /// Which form the typed values and errors belong to: `visit`, `link` or `task`.
    form: &'static str,
    v: Typed,
    errors: Errors,
}

fn can_write(page: &Page) -> bool {
    matches!(page.actor.role(), Role::Inspector | Role::Office)
}

/// Current units for the selects, by name.
async fn unit_options(web: &Web) -> Result<(Vec<(i64, String)>, UnitNames), DomainError> {
    let all = web.s.store.units().await?;
    let mut opts: Vec<(i64, String)> = all
        .iter()
        .filter(|u| u.valid_to.is_none())
        .map(|u| (u.id.0, u.name.clone()))
        .collect();
    opts.sort_by_key(|u| theodoi_core::text::fold(&u.1));
    Ok((opts, UnitNames::new(&all)))
}

fn row(i: &theodoi_store::Inspection, names: &UnitNames) -> Row {
    Row {
        id: i.id,
        title: i.title.clone(),
        unit: names.name(i.unit_id),
        planned: date_vi(i.planned_on),
        visited: i.visited_on.map(date_vi).unwrap_or_default(),
        done: i.status == "done",
    }
}

/// Calls a write whose date is required: a mistyped date is passed as none, which the
/// service refuses before writing anything, so its other field errors show together with
/// the typing error (which replaces the service's "missing date").
async fn with_date_error<T>(
    typed: Errors,
    field: &str,
    call: impl std::future::Future<Output = Result<T, DomainError>>,
) -> Result<T, DomainError> {
    match call.await {
        Err(DomainError::Invalid(mut fields)) if !typed.is_empty() => {
            fields.retain(|f| f.field != field);
            let mut all = typed.fields;
            all.extend(fields);
            Err(DomainError::Invalid(all))
        }
        other => other,
    }
}

/// A date field: typed wrongly is an error on the form; empty is none.
fn date_field(f: &Fields, k: &str, errors: &mut Errors) -> Option<chrono::NaiveDate> {
    let v = Typed(f.clone());
    match parse_date(k, v.get(k)) {
        Ok(d) => d,
        Err(e) => {
            errors.fields.push(e);
            None
        }
    }
}

async fn render_list(web: &Web, page: &Page, v: Typed, errors: Errors) -> PageResult {
    let (units, names) = unit_options(web).await?;
    let rows = web
        .s
        .inspections(&page.actor)
        .await?
        .iter()
        .map(|i| row(i, &names))
        .collect();
    html_status(
        errors.status(),
        &ListPage {
            c: page.chrome("inspections"),
            rows,
            units,
            can_write: can_write(page),
            v,
            errors,
        },
    )
}

pub async fn list(State(web): State<Web>, page: Page) -> PageResult {
    render_list(&web, &page, Typed::default(), Errors::default()).await
}

pub async fn create(State(web): State<Web>, page: Page, Form(f): Form<Fields>) -> PageResult {
    let mut errors = Errors::default();
    let planned_on = date_field(&f, "planned_on", &mut errors);
    let v = Typed(f);
    let input = InspectionInput {
        title: v.get("title").to_string(),
        unit_id: v.get("unit_id").trim().parse().ok(),
        planned_on,
        members: v.get("members").to_string(),
    };
    let result = with_date_error(
        errors,
        "planned_on",
        web.s.create_inspection(&page.actor, input),
    )
    .await;
    match result {
        Ok(i) => Ok(Redirect::to(&format!("/kiem-tra/{}", i.id)).into_response()),
        Err(e) => render_list(&web, &page, v, Errors::from_error(e)?).await,
    }
}

fn parse_id(id: &str) -> Result<i64, DomainError> {
    id.trim()
        .parse()
        .map_err(|_| DomainError::not_found(format!("đợt kiểm tra '{id}' (số không hợp lệ)")))
}

async fn render_detail(
    web: &Web,
    page: &Page,
    id: i64,
    form: &'static str,
    v: Typed,
    errors: Errors,
) -> PageResult {
    let d = web.s.inspection(&page.actor, id).await?;
    let (units, names) = unit_options(web).await?;
    let today = web.s.today().await?;
    let i = &d.inspection;
    let tasks = d
        .tasks
        .iter()
        .map(|(t, rel)| (TaskLine::new(t, &page.actor, &names, today), rel.clone()))
        .collect();
    html_status(
        errors.status(),
        &DetailPage {
            c: page.chrome("inspections"),
            row: row(i, &names),
            unit_id: i.unit_id.0,
            members: i.members.clone(),
            nature: i.nature.clone(),
            severity: i.severity.clone(),
            causes: i.causes.clone(),
            responsibility: i.responsibility.clone(),
            tasks,
            units,
            can_write: can_write(page),
            form,
            v,
            errors,
        },
    )
}

pub async fn show(State(web): State<Web>, page: Page, Path(id): Path<String>) -> PageResult {
    let id = parse_id(&id)?;
    render_detail(&web, &page, id, "", Typed::default(), Errors::default()).await
}

fn back(id: i64) -> PageResult {
    Ok(Redirect::to(&format!("/kiem-tra/{id}")).into_response())
}

pub async fn visit(
    State(web): State<Web>,
    page: Page,
    Path(id): Path<String>,
    Form(f): Form<Fields>,
) -> PageResult {
    let id = parse_id(&id)?;
    let mut errors = Errors::default();
    let visited_on = date_field(&f, "visited_on", &mut errors);
    let v = Typed(f);
    let input = VisitInput {
        visited_on,
        members: v.get("members").to_string(),
        nature: v.get("nature").to_string(),
        severity: v.get("severity").to_string(),
        causes: v.get("causes").to_string(),
        responsibility: v.get("responsibility").to_string(),
    };
    let result = with_date_error(
        errors,
        "visited_on",
        web.s.record_inspection_visit(&page.actor, id, input),
    )
    .await;
    match result {
        Ok(_) => back(id),
        Err(e) => render_detail(&web, &page, id, "visit", v, Errors::from_error(e)?).await,
    }
}

pub async fn link(
    State(web): State<Web>,
    page: Page,
    Path(id): Path<String>,
    Form(f): Form<Fields>,
) -> PageResult {
    let id = parse_id(&id)?;
    let v = Typed(f);
    let raw = v.get("task_id").trim().trim_start_matches('#');
    let result = match (raw.is_empty(), raw.parse::<i64>()) {
        (false, Err(_)) => Err(DomainError::invalid(
            "task_id",
            format!("mã nhiệm vụ '{raw}' không hợp lệ"),
        )),
        (_, n) => web.s.link_inspection_task(&page.actor, id, n.ok()).await,
    };
    match result {
        Ok(_) => back(id),
        Err(e) => render_detail(&web, &page, id, "link", v, Errors::from_error(e)?).await,
    }
}

pub async fn give_task(
    State(web): State<Web>,
    page: Page,
    Path(id): Path<String>,
    Form(f): Form<Fields>,
) -> PageResult {
    let id = parse_id(&id)?;
    let mut errors = Errors::default();
    let deadline_date = date_field(&f, "deadline_date", &mut errors);
    let v = Typed(f);
    let lead: Option<i64> = v.get("lead_unit_id").trim().parse().ok();
    let text = v.get("deadline_text").trim();
    let input = AssignInput {
        document_id: None,
        clause: String::new(),
        content: v.get("content").to_string(),
        lead_unit_ids: lead.into_iter().collect(),
        coop_unit_ids: vec![],
        assigned_by_user_id: None,
        assigned_by_unit_id: None,
        assigned_on: None,
        deadline: DeadlineInput {
            text: (!text.is_empty()).then(|| text.to_string()),
            date: deadline_date,
        },
        is_key: false,
        field: String::new(),
        secret: false,
        parent_task_id: None,
        recurring_until: None,
    };
    let result = match errors.is_empty() {
        true => web.s.task_from_inspection(&page.actor, id, input).await,
        false => Err(DomainError::Invalid(errors.fields)),
    };
    match result {
        Ok(_) => back(id),
        Err(e) => render_detail(&web, &page, id, "task", v, Errors::from_error(e)?).await,
    }
}
