//! Urging notices (đôn đốc): the overdue tasks as of a date, filterable by lead unit, with
//! checkboxes; the office generates one letter per lead unit (.docx) and the urging is
//! recorded on each task. Leaders and the working group see the list read-only.

use std::collections::{BTreeSet, HashMap};

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use chrono::NaiveDate;
use theodoi_core::DomainError;
use theodoi_core::format::date_vi;
use theodoi_core::ids::{TaskId, UnitId};
use theodoi_core::model::Role;

use super::{TaskLine, UnitNames};
use crate::web::auth::Page;
use crate::web::form::{Errors, parse_date};
use crate::web::render::html_status;
use crate::web::{Chrome, PageResult, Web};

pub struct Line {
    pub task: TaskLine,
    pub source: String,
    pub urged: i64,
    pub checked: bool,
    /// Days past the deadline on the page's date (the task may have been completed since).
    pub days: i64,
}

#[derive(Template)]
#[template(path = "urging.html")]
struct UrgingPage {
    c: Chrome,
    lines: Vec<Line>,
    total: i64,
    units: Vec<(i64, String)>,
    /// The date as typed (dd/mm/yyyy).
    day: String,
    unit: String,
    subtree: bool,
    number: String,
    can_urge: bool,
    errors: Errors,
}

type Fields = Vec<(String, String)>;

fn first<'a>(f: &'a Fields, k: &str) -> &'a str {
    f.iter()
        .find(|(key, _)| key == k)
        .map_or("", |(_, v)| v.as_str())
}

/// Reads the filter: the date (default today) and the unit; a bad date is a field error.
async fn filter(web: &Web, f: &Fields, errors: &mut Errors) -> Result<NaiveDate, DomainError> {
    let today = web.s.today().await?;
    Ok(match parse_date("ngay", first(f, "ngay")) {
        Ok(Some(d)) => d,
        Ok(None) => today,
        Err(e) => {
            errors.fields.push(e);
            today
        }
    })
}

async fn render(
    web: &Web,
    page: &Page,
    f: &Fields,
    mut errors: Errors,
    checked: BTreeSet<i64>,
) -> PageResult {
    let s = &web.s;
    let day = filter(web, f, &mut errors).await?;
    let unit = first(f, "unit").trim().parse::<i64>().ok().map(UnitId);
    let subtree = !first(f, "subtree").is_empty();
    let cands = s.urging_candidates(&page.actor, day, unit, subtree).await?;
    let all_units = s.store.units().await?;
    let names = UnitNames::new(&all_units);
    let mut docs: HashMap<i64, String> = HashMap::new();
    for t in &cands.tasks {
        if let Some(d) = t.document_id
            && !docs.contains_key(&d.0)
            && let Some(doc) = s.store.document(d).await?
        {
            docs.insert(d.0, format!("{} ngày {}", doc.number, date_vi(doc.date)));
        }
    }
    let lines = cands
        .tasks
        .iter()
        .map(|t| Line {
            task: TaskLine::new(t, &page.actor, &names, day),
            source: t
                .document_id
                .and_then(|d| docs.get(&d.0).cloned())
                .unwrap_or_default(),
            urged: cands.urged.get(&t.id.0).copied().unwrap_or(0),
            checked: checked.contains(&t.id.0),
            days: t.deadline_current.map_or(0, |dl| (day - dl).num_days()),
        })
        .collect();
    let mut units: Vec<(i64, String)> = all_units
        .iter()
        .filter(|u| u.valid_to.is_none())
        .map(|u| (u.id.0, u.name.clone()))
        .collect();
    units.sort_by_key(|u| theodoi_core::text::fold(&u.1));
    let status = errors.status();
    html_status(
        status,
        &UrgingPage {
            c: page.chrome("urging"),
            lines,
            total: cands.total,
            units,
            day: date_vi(day),
            unit: unit.map(|u| u.0.to_string()).unwrap_or_default(),
            subtree,
            number: first(f, "number").to_string(),
            can_urge: page.actor.role() == Role::Office,
            errors,
        },
    )
}

pub async fn show(State(web): State<Web>, page: Page, Query(q): Query<Fields>) -> PageResult {
    render(&web, &page, &q, Errors::default(), BTreeSet::new()).await
}

/// Generates the letters and records the urgings; the response is the Word file. Bad
/// input shows the page again with the selection and the number kept, nothing recorded.
pub async fn create(State(web): State<Web>, page: Page, Form(f): Form<Fields>) -> PageResult {
    let mut errors = Errors::default();
    let mut ids = Vec::new();
    for (k, v) in &f {
        if k == "task" {
            match v.trim().parse::<i64>() {
                Ok(id) => ids.push(TaskId(id)),
                Err(_) => errors.add("tasks", format!("mã nhiệm vụ '{v}' không hợp lệ")),
            }
        }
    }
    let checked: BTreeSet<i64> = ids.iter().map(|t| t.0).collect();
    let day = match parse_date("ngay", first(&f, "ngay")) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            errors.add("ngay", "nhập ngày văn bản đôn đốc (ngày/tháng/năm)");
            None
        }
        Err(e) => {
            errors.fields.push(e);
            None
        }
    };
    let result = match (errors.is_empty(), day) {
        (true, Some(day)) => {
            web.s
                .urging_letters(&page.actor, &ids, day, first(&f, "number"))
                .await
        }
        _ => Err(DomainError::Invalid(errors.fields.clone())),
    };
    match result {
        Ok(out) => {
            let mut resp = out.file.bytes.into_response();
            let h = resp.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(out.file.content_type),
            );
            if let Ok(v) =
                HeaderValue::from_str(&format!("attachment; filename=\"{}\"", out.file.filename))
            {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            Ok(resp)
        }
        Err(e) => render(&web, &page, &f, Errors::from_error(e)?, checked).await,
    }
}
