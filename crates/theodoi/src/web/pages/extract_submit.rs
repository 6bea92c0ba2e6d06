//! Submitting the suggestion table (trích xuất nhiệm vụ): "Kiểm tra" resolves the deadlines,
//! "Thêm dòng" adds rows, "Đăng ký" registers the document and the kept rows in one
//! transaction; any problem re-renders the table with its messages and nothing written.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use theodoi_core::format::date_vi;
use theodoi_core::{DomainError, FieldError};

use super::extract::review;
use super::extract_rows::{MAX_ROWS, SuggestRow, collect};
use crate::service::{AssignInput, DocumentInput};
use crate::web::auth::Page;
use crate::web::form::{Errors, parse_date};
use crate::web::{PageResult, Web};

/// Checks the table ("Kiểm tra"), adds rows ("Thêm dòng"), or registers the kept rows.
pub async fn register(
    State(web): State<Web>,
    page: Page,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let s = &web.s;
    page.actor.require_register()?;
    let (v, mut rows) = collect(&pairs);
    let get = |k: &str| v.get(k).cloned().unwrap_or_default();
    let mut errors = Errors::default();
    let doc_date = match parse_date("date", &get("doc_date")) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            errors.add("date", "nhập ngày ban hành văn bản (ngày/tháng/năm)");
            None
        }
        Err(e) => {
            errors.fields.push(e);
            None
        }
    };
    rows.retain(|r| !r.is_blank());
    let mut inputs: Vec<(usize, AssignInput)> = Vec::new();
    let leader = get("leader").trim().parse::<i64>().ok();
    for (n, r) in rows.iter_mut().enumerate() {
        r.i = n + 1;
        r.resolved.clear();
        if !r.keep {
            continue;
        }
        let i = r.i;
        if r.content.trim().is_empty() {
            r.errors.add(
                "content",
                format!("dòng {i}: nội dung nhiệm vụ không được để trống"),
            );
        }
        if r.lead.is_empty() {
            let written = if r.lead_text.trim().is_empty() {
                String::new()
            } else {
                format!(
                    " — văn bản ghi “{}”, chưa khớp đơn vị nào",
                    r.lead_text.trim()
                )
            };
            r.errors
                .add("lead", format!("dòng {i}: chọn đơn vị chủ trì{written}"));
        }
        if r.lead.len() == 1 && r.coop.iter().any(|c| r.lead.contains(c)) {
            r.errors.add(
                "coop",
                format!("dòng {i}: một đơn vị vừa chủ trì vừa phối hợp"),
            );
        }
        let deadline = match r.deadline_input() {
            Ok(d) => d,
            Err(m) => {
                r.errors.add("deadline", format!("dòng {i}: {m}"));
                Default::default()
            }
        };
        if let Some(doc_date) = doc_date
            && !r.errors.has("deadline")
            && (deadline.date.is_some() || deadline.text.is_some())
        {
            match s.resolve_deadline_for(&deadline, doc_date).await {
                Ok((_, _, Some(due))) if due < doc_date => r.errors.add(
                    "deadline",
                    format!(
                        "dòng {i}: thời hạn {} trước ngày giao {}",
                        date_vi(due),
                        date_vi(doc_date)
                    ),
                ),
                Ok((_, _, Some(due))) => r.resolved = date_vi(due),
                Ok((kind, _, None)) => r.resolved = kind.label().to_string(),
                Err(m) => r.errors.add("deadline", format!("dòng {i}: {m}")),
            }
        }
        inputs.push((
            n,
            AssignInput {
                document_id: None,
                clause: String::new(),
                content: r.content.clone(),
                lead_unit_ids: r.lead.clone(),
                coop_unit_ids: r.coop.clone(),
                assigned_by_user_id: leader,
                assigned_by_unit_id: None,
                assigned_on: None,
                deadline,
                is_key: r.key,
                field: String::new(),
                secret: false,
                parent_task_id: None,
                recurring_until: None,
            },
        ));
    }
    let more = v.contains_key("more");
    let checking = v.contains_key("preview") || more;
    let document = DocumentInput {
        number: get("number"),
        date: doc_date.map(|d| d.to_string()).unwrap_or_default(),
        kind: get("kind"),
        issuer_unit_id: get("issuer_unit_id").trim().parse().ok(),
        issuer_text: get("issuer_text"),
        signer: get("signer"),
        summary: get("summary"),
        secrecy: Some(get("secrecy")).filter(|x| !x.is_empty()),
        urgency: None,
        parent_id: None,
    };
    let row_errors = rows.iter().any(|r| !r.errors.is_empty());
    if checking || row_errors || !errors.is_empty() {
        // Show the document's own problems too, so one round of corrections is enough.
        if !checking && let Err(e) = s.prepare_document(document).await {
            let doc_errors = Errors::from_error(e)?;
            for f in doc_errors.fields {
                if !errors.has(&f.field) {
                    errors.fields.push(f);
                }
            }
        }
        if more {
            let n = rows.len();
            rows.extend((n + 1..=(n + 3).min(MAX_ROWS)).map(SuggestRow::blank));
        }
        return review(&web, &page, v, rows, errors, checking).await;
    }
    let order: Vec<usize> = inputs.iter().map(|(n, _)| *n).collect();
    let tasks = inputs.into_iter().map(|(_, a)| a).collect();
    match s
        .register_document_with_tasks(&page.actor, document, tasks)
        .await
    {
        Ok((doc, _)) => Ok(Redirect::to(&format!("/van-ban/{}", doc.id)).into_response()),
        Err(DomainError::Invalid(fields)) => {
            for f in fields {
                place_error(&mut errors, &mut rows, &order, f);
            }
            review(&web, &page, v, rows, errors, false).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Puts a service message on its row (`task{k}.{field}`, k counting the kept rows) or on
/// the document's field.
fn place_error(errors: &mut Errors, rows: &mut [SuggestRow], order: &[usize], f: FieldError) {
    if let Some(rest) = f.field.strip_prefix("task")
        && let Some((k, field)) = rest.split_once('.')
        && let Ok(k) = k.parse::<usize>()
        && let Some(&n) = order.get(k.wrapping_sub(1))
        && let Some(r) = rows.get_mut(n)
    {
        let field = match field {
            "lead_unit_ids" => "lead",
            "coop_unit_ids" => "coop",
            "deadline" => "deadline",
            _ => "content",
        };
        r.errors.add(field, format!("dòng {}: {}", r.i, f.message));
    } else {
        errors.fields.push(f);
    }
}
