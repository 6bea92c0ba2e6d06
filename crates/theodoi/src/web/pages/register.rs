//! Registering a document and its tasks in one form (đăng ký văn bản, giao nhiệm vụ):
//! several rows at once, several lead units in a row make an assignment group, a deadline
//! is a date or a Vietnamese phrase and is shown back as a date ("Kiểm tra") before saving.
//! Every row is checked before anything is written.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use theodoi_core::format::date_vi;
use theodoi_core::ids::DocumentId;
use theodoi_core::model::{DocumentKind, Role, User};

use super::task_actions::deadline_input;
use super::task_show::UnitOpt;
use super::tasks::Opt;
use crate::service::{AssignInput, DocumentInput};
use crate::web::auth::Page;
use crate::web::form::{Errors, parse_date};
use crate::web::render::html_status;
use crate::web::{Chrome, PageResult, Web};

const MAX_ROWS: usize = 30;

#[derive(Default, Clone)]
pub struct RowForm {
    pub i: usize,
    pub clause: String,
    pub content: String,
    pub lead: Vec<i64>,
    pub coop: Vec<i64>,
    pub deadline: String,
    pub resolved: String,
    pub key: bool,
    pub field: String,
    pub secret: bool,
    pub errors: Errors,
}

impl RowForm {
    pub fn has_lead(&self, id: &i64) -> bool {
        self.lead.contains(id)
    }
    pub fn has_coop(&self, id: &i64) -> bool {
        self.coop.contains(id)
    }
    fn is_blank(&self) -> bool {
        self.content.trim().is_empty()
            && self.lead.is_empty()
            && self.clause.trim().is_empty()
            && self.deadline.trim().is_empty()
    }
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    c: Chrome,
    /// Adding tasks to an existing document (its fields are not asked again).
    existing: Option<(i64, String)>,
    v: HashMap<String, String>,
    kinds: Vec<Opt>,
    leaders: Vec<Opt>,
    units: Vec<UnitOpt>,
    rows: Vec<RowForm>,
    errors: Errors,
    previewed: bool,
}

impl RegisterPage {
    fn val(&self, k: &str) -> String {
        self.v.get(k).cloned().unwrap_or_default()
    }
}

#[derive(Deserialize, Default)]
pub struct RowsQuery {
    rows: Option<usize>,
}

async fn page_for(
    web: &Web,
    page: &Page,
    existing: Option<(i64, String)>,
    v: HashMap<String, String>,
    rows: Vec<RowForm>,
    errors: Errors,
    previewed: bool,
) -> PageResult {
    page.actor.require_register()?;
    let mut units: Vec<UnitOpt> = web
        .s
        .store
        .units()
        .await?
        .iter()
        .filter(|u| u.valid_to.is_none())
        .map(|u| UnitOpt {
            id: u.id.0,
            name: u.name.clone(),
        })
        .collect();
    units.sort_by_key(|u| theodoi_core::text::fold(&u.name));
    let users = web.s.store.users().await?;
    let kind = v.get("kind").cloned().unwrap_or_default();
    let leader = v.get("leader").cloned().unwrap_or_default();
    let status = if errors.is_empty() && rows.iter().all(|r| r.errors.is_empty()) {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    html_status(
        status,
        &RegisterPage {
            c: page.chrome("documents"),
            existing,
            kinds: kind_options(&kind),
            leaders: leader_options(&users, &leader),
            v,
            units,
            rows,
            errors,
            previewed,
        },
    )
}

fn blank_rows(n: usize) -> Vec<RowForm> {
    (1..=n.clamp(1, MAX_ROWS))
        .map(|i| RowForm {
            i,
            ..Default::default()
        })
        .collect()
}

pub async fn form(State(web): State<Web>, page: Page, Query(q): Query<RowsQuery>) -> PageResult {
    let rows = blank_rows(q.rows.unwrap_or(3));
    page_for(
        &web,
        &page,
        None,
        HashMap::new(),
        rows,
        Errors::default(),
        false,
    )
    .await
}

pub async fn form_existing(
    State(web): State<Web>,
    page: Page,
    Path(id): Path<i64>,
    Query(q): Query<RowsQuery>,
) -> PageResult {
    let doc = web.s.document(&page.actor, DocumentId(id)).await?;
    let rows = blank_rows(q.rows.unwrap_or(3));
    let existing = Some((id, format!("{} ngày {}", doc.number, date_vi(doc.date))));
    let mut v = HashMap::new();
    v.insert("doc_date".into(), date_vi(doc.date));
    page_for(&web, &page, existing, v, rows, Errors::default(), false).await
}

fn collect(pairs: &[(String, String)]) -> (HashMap<String, String>, Vec<RowForm>) {
    let mut v = HashMap::new();
    let mut rows: Vec<RowForm> = Vec::new();
    for (k, val) in pairs {
        if let Some(rest) = k.strip_prefix('t')
            && let Some((n, field)) = rest.split_once('_')
            && let Ok(i) = n.parse::<usize>()
            && (1..=MAX_ROWS).contains(&i)
        {
            while rows.len() < i {
                rows.push(RowForm {
                    i: rows.len() + 1,
                    ..Default::default()
                });
            }
            let r = &mut rows[i - 1];
            match field {
                "clause" => r.clause = val.clone(),
                "content" => r.content = val.clone(),
                "lead" => r.lead.extend(val.parse::<i64>().ok()),
                "coop" => r.coop.extend(val.parse::<i64>().ok()),
                "deadline" => r.deadline = val.clone(),
                "key" => r.key = true,
                "field" => r.field = val.clone(),
                "secret" => r.secret = true,
                _ => {}
            }
        } else {
            v.insert(k.clone(), val.clone());
        }
    }
    (v, rows)
}

async fn submit(
    web: &Web,
    page: &Page,
    existing: Option<DocumentId>,
    pairs: Vec<(String, String)>,
) -> PageResult {
    let s = &web.s;
    let actor = &page.actor;
    actor.require_register()?;
    let (v, mut rows) = collect(&pairs);
    let get = |k: &str| v.get(k).cloned().unwrap_or_default();
    let mut errors = Errors::default();
    let existing_doc = match existing {
        Some(id) => Some(s.document(actor, id).await?),
        None => None,
    };
    let doc_date = match &existing_doc {
        Some(d) => Some(d.date),
        None => match parse_date("date", &get("doc_date")) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                errors.add("date", "nhập ngày ban hành văn bản (ngày/tháng/năm)");
                None
            }
            Err(e) => {
                errors.fields.push(e);
                None
            }
        },
    };
    let parent_id = match get("parent_id").trim() {
        "" => None,
        p => match p.trim_start_matches('#').parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add(
                    "parent_id",
                    format!("văn bản cấp trên '{p}' phải là số văn bản trong hệ thống (ví dụ 12)"),
                );
                None
            }
        },
    };
    let leader = get("leader").trim().parse::<i64>().ok();
    // Check the rows: content, lead units, deadline (resolved and shown back as a date).
    rows.retain(|r| !r.is_blank());
    for (n, r) in rows.iter_mut().enumerate() {
        r.i = n + 1;
        if r.content.trim().is_empty() {
            r.errors.add(
                "content",
                format!("dòng {}: nội dung nhiệm vụ không được để trống", r.i),
            );
        }
        if r.lead.is_empty() {
            r.errors.add(
                "lead",
                format!("dòng {}: chọn ít nhất một đơn vị chủ trì", r.i),
            );
        }
        if r.lead.len() == 1 && r.coop.iter().any(|c| r.lead.contains(c)) {
            r.errors.add(
                "coop",
                format!("dòng {}: một đơn vị vừa chủ trì vừa phối hợp", r.i),
            );
        }
        let mut e = Errors::default();
        let d = deadline_input(&mut e, &r.deadline);
        for f in e.fields {
            r.errors
                .add("deadline", format!("dòng {}: {}", r.i, f.message));
        }
        if let Some(doc_date) = doc_date
            && !r.deadline.trim().is_empty()
            && !r.errors.has("deadline")
        {
            match s.resolve_deadline_for(&d, doc_date).await {
                Ok((_, _, Some(due))) => r.resolved = date_vi(due),
                Ok((kind, _, None)) => r.resolved = kind.label().to_string(),
                Err(m) => r.errors.add("deadline", format!("dòng {}: {m}", r.i)),
            }
        }
    }
    let row_errors = rows.iter().any(|r| !r.errors.is_empty());
    let more = v.contains_key("more");
    let preview = v.contains_key("preview") || more;
    let existing_label = existing_doc
        .as_ref()
        .map(|d| (d.id.0, format!("{} ngày {}", d.number, date_vi(d.date))));
    if preview || row_errors || !errors.is_empty() {
        let n = rows.len();
        let want = if more { (n + 5).min(MAX_ROWS) } else { 3 };
        if n < want {
            rows.extend((n + 1..=want).map(|i| RowForm {
                i,
                ..Default::default()
            }));
        }
        return page_for(web, page, existing_label, v, rows, errors, preview).await;
    }
    let inputs = |document_id: Option<i64>| -> Vec<AssignInput> {
        rows.iter()
            .map(|r| {
                let mut e = Errors::default();
                AssignInput {
                    document_id,
                    clause: r.clause.clone(),
                    content: r.content.clone(),
                    lead_unit_ids: r.lead.clone(),
                    coop_unit_ids: r.coop.clone(),
                    assigned_by_user_id: leader,
                    assigned_by_unit_id: None,
                    assigned_on: None,
                    deadline: deadline_input(&mut e, &r.deadline),
                    is_key: r.key,
                    field: r.field.clone(),
                    secret: r.secret,
                    parent_task_id: None,
                    recurring_until: None,
                }
            })
            .collect()
    };
    // The document and all its rows are written in one transaction, or nothing is.
    let written = match existing_doc {
        Some(d) => s
            .assign_all(actor, inputs(Some(d.id.0)))
            .await
            .map(|_| d.id),
        None => {
            let input = DocumentInput {
                number: get("number"),
                date: doc_date.map(|d| d.to_string()).unwrap_or_default(),
                kind: get("kind"),
                issuer_unit_id: get("issuer_unit_id").trim().parse().ok(),
                issuer_text: get("issuer_text"),
                signer: get("signer"),
                summary: get("summary"),
                secrecy: Some(get("secrecy")).filter(|x| !x.is_empty()),
                urgency: Some(get("urgency")).filter(|x| !x.is_empty()),
                parent_id,
            };
            if rows.is_empty() {
                s.register_document(actor, input).await.map(|d| d.id)
            } else {
                s.register_document_with_tasks(actor, input, inputs(None))
                    .await
                    .map(|(d, _)| d.id)
            }
        }
    };
    let doc_id = match written {
        Ok(id) => id,
        Err(e) => {
            let errors = Errors::from_error(e)?;
            return page_for(web, page, existing_label, v, rows, errors, false).await;
        }
    };
    Ok(Redirect::to(&format!("/van-ban/{doc_id}")).into_response())
}

pub async fn create(
    State(web): State<Web>,
    page: Page,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    submit(&web, &page, None, pairs).await
}

pub async fn create_for_existing(
    State(web): State<Web>,
    page: Page,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    submit(&web, &page, Some(DocumentId(id)), pairs).await
}

/// The document kinds as `<select>` options, `kind` chosen.
pub(super) fn kind_options(kind: &str) -> Vec<Opt> {
    DocumentKind::ALL
        .iter()
        .map(|k| Opt {
            value: k.as_str().into(),
            label: k.label().into(),
            selected: k.as_str() == kind,
        })
        .collect()
}

/// The active leaders as `<select>` options, `leader` (an id) chosen.
pub(super) fn leader_options(users: &[User], leader: &str) -> Vec<Opt> {
    users
        .iter()
        .filter(|u| u.role == Role::Leader && u.active)
        .map(|u| Opt {
            value: u.id.0.to_string(),
            label: u.full_name.clone(),
            selected: u.id.0.to_string() == leader,
        })
        .collect()
}
