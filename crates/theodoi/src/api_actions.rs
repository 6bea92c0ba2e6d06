//! JSON API for what a task page's action forms do (accept, progress, completion claim and
//! its confirmation or return, extension request and decision, decline, reassignment,
//! delegation, deadline change, withdrawal, suspension). Each handler calls the same service
//! function as the page (`web::pages::task_actions`), which checks permissions and writes the
//! change with its audit event in one transaction.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{patch, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use theodoi_core::DomainError;
use theodoi_core::access::Actor;
use theodoi_core::ids::{ExtensionId, TaskId, UnitId};
use theodoi_core::model::Task;

use crate::api::{ApiError, Authed};
use crate::service::{AssignInput, Correction, DeadlineInput, Services};

type Res<T> = Result<Json<T>, ApiError>;

pub fn router() -> Router<Services> {
    Router::new()
        .route("/api/v1/tasks/{id}", patch(correct))
        .route("/api/v1/tasks/{id}/accept", post(accept))
        .route("/api/v1/tasks/{id}/progress", post(progress))
        .route("/api/v1/tasks/{id}/completion", post(claim))
        .route("/api/v1/tasks/{id}/completion/confirm", post(confirm))
        .route("/api/v1/tasks/{id}/completion/return", post(give_back))
        .route("/api/v1/tasks/{id}/extensions", post(request_extension))
        .route(
            "/api/v1/tasks/{id}/extensions/{ext}/decision",
            post(decide_extension),
        )
        .route("/api/v1/tasks/{id}/decline", post(decline))
        .route("/api/v1/tasks/{id}/reassign", post(reassign))
        .route("/api/v1/tasks/{id}/delegate", post(delegate))
        .route("/api/v1/tasks/{id}/deadline", post(change_deadline))
        .route("/api/v1/tasks/{id}/withdraw", post(withdraw))
        .route("/api/v1/tasks/{id}/suspend", post(suspend))
        .route("/api/v1/tasks/{id}/resume", post(resume))
}

/// A task id from the path; a non-number is "not found" (as in the pages), not a bare 400.
pub fn task_id(raw: &str) -> Result<TaskId, ApiError> {
    raw.trim()
        .parse()
        .map(TaskId)
        .map_err(|_| ApiError(DomainError::not_found(format!("nhiệm vụ '{raw}'"))))
}

/// The task as its reader may see it (secret content hidden from those who may not read it).
fn shown(actor: &Actor, mut t: Task) -> Json<Task> {
    if t.secret && !actor.can_read_secret(&t) {
        t.content = "(Nội dung mật)".into();
    }
    Json(t)
}

/// A body with only an optional note or reason.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Note {
    #[serde(default)]
    note: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reason {
    #[serde(default)]
    reason: String,
    /// The day the fact took effect (defaults to today).
    #[serde(default)]
    date: Option<NaiveDate>,
}

async fn accept(State(s): State<Services>, Authed(a): Authed, Path(id): Path<String>) -> Res<Task> {
    Ok(shown(&a, s.accept(&a, task_id(&id)?).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgressInput {
    text: String,
    #[serde(default)]
    percent: Option<i64>,
    #[serde(default)]
    date: Option<NaiveDate>,
}

async fn progress(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    Json(b): Json<ProgressInput>,
) -> Res<Task> {
    let t = s
        .report_progress(&a, task_id(&id)?, &b.text, b.percent, b.date)
        .await?;
    Ok(shown(&a, t))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimInput {
    result_text: String,
    #[serde(default)]
    result_number: String,
    #[serde(default)]
    finished_on: Option<NaiveDate>,
}

async fn claim(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    Json(b): Json<ClaimInput>,
) -> Res<Task> {
    let t = s
        .claim_completion(
            &a,
            task_id(&id)?,
            b.finished_on,
            &b.result_number,
            &b.result_text,
        )
        .await?;
    Ok(shown(&a, t))
}

async fn confirm(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    body: Option<Json<Note>>,
) -> Res<Task> {
    let b = body.map(|Json(b)| b).unwrap_or_default();
    Ok(shown(
        &a,
        s.confirm_completion(&a, task_id(&id)?, &b.note).await?,
    ))
}

async fn give_back(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    Json(b): Json<Note>,
) -> Res<Task> {
    Ok(shown(
        &a,
        s.return_completion(&a, task_id(&id)?, &b.note).await?,
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtensionInput {
    proposed_deadline: NaiveDate,
    reason: String,
}

async fn request_extension(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    Json(b): Json<ExtensionInput>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let ext = s
        .request_extension(&a, task_id(&id)?, b.proposed_deadline, &b.reason)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({"extension_id": ext.0})),
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionInput {
    approve: bool,
    /// The approved deadline when it differs from the proposed one.
    #[serde(default)]
    deadline: Option<NaiveDate>,
    #[serde(default)]
    note: String,
}

async fn decide_extension(
    State(s): State<Services>,
    Authed(a): Authed,
    Path((id, ext)): Path<(String, String)>,
    Json(b): Json<DecisionInput>,
) -> Res<Task> {
    let id = task_id(&id)?;
    let not_found = || {
        ApiError(DomainError::not_found(format!(
            "đề nghị gia hạn '{ext}' của nhiệm vụ #{id}"
        )))
    };
    let ext_id: i64 = ext.trim().parse().map_err(|_| not_found())?;
    // Seen through the task so a reader of one task cannot decide another task's request.
    let task = s
        .store
        .task(id)
        .await?
        .ok_or_else(|| DomainError::not_found(format!("nhiệm vụ #{id}")))?;
    a.require_view(&task)?;
    let history = s.store.task_history(id).await?;
    if !history.extensions.iter().any(|x| x.id.0 == ext_id) {
        return Err(not_found());
    }
    let t = s
        .decide_extension(&a, ExtensionId(ext_id), b.approve, b.deadline, &b.note)
        .await?;
    Ok(shown(&a, t))
}

async fn decline(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    Json(b): Json<Reason>,
) -> Res<Task> {
    Ok(shown(&a, s.decline(&a, task_id(&id)?, &b.reason).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReassignInput {
    unit_id: i64,
    #[serde(default)]
    date: Option<NaiveDate>,
    #[serde(default)]
    reason: String,
}

async fn reassign(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    Json(b): Json<ReassignInput>,
) -> Res<Task> {
    let t = s
        .reassign(&a, task_id(&id)?, UnitId(b.unit_id), b.date, &b.reason)
        .await?;
    Ok(shown(&a, t))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DelegateInput {
    unit_id: i64,
    content: String,
    #[serde(default)]
    deadline: DeadlineInput,
}

/// Delegation to a sub-unit: a child task with its own deadline (not later than the parent's,
/// checked by the service).
async fn delegate(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    Json(b): Json<DelegateInput>,
) -> Result<(StatusCode, Json<Vec<Task>>), ApiError> {
    let id = task_id(&id)?;
    let parent = s
        .store
        .task(id)
        .await?
        .ok_or_else(|| DomainError::not_found(format!("nhiệm vụ #{id}")))?;
    a.require_view(&parent)?;
    let created = s
        .assign(
            &a,
            AssignInput {
                document_id: parent.document_id.map(|d| d.0),
                clause: parent.clause.clone(),
                content: b.content,
                lead_unit_ids: vec![b.unit_id],
                coop_unit_ids: vec![],
                assigned_by_user_id: None,
                assigned_by_unit_id: Some(parent.lead_unit_id.0),
                assigned_on: None,
                deadline: b.deadline,
                is_key: parent.is_key,
                field: parent.field.clone(),
                secret: parent.secret,
                parent_task_id: Some(id.0),
                recurring_until: None,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlineChangeInput {
    /// The new deadline; `null` makes the task continuous (no deadline).
    deadline: Option<NaiveDate>,
    reason: String,
}

async fn change_deadline(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    Json(b): Json<DeadlineChangeInput>,
) -> Res<Task> {
    let t = s
        .change_deadline(&a, task_id(&id)?, b.deadline, &b.reason)
        .await?;
    Ok(shown(&a, t))
}

async fn withdraw(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    Json(b): Json<Reason>,
) -> Res<Task> {
    Ok(shown(
        &a,
        s.withdraw(&a, task_id(&id)?, b.date, &b.reason).await?,
    ))
}

async fn suspend(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    Json(b): Json<Reason>,
) -> Res<Task> {
    Ok(shown(
        &a,
        s.suspend(&a, task_id(&id)?, b.date, &b.reason).await?,
    ))
}

async fn resume(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    body: Option<Json<Reason>>,
) -> Res<Task> {
    let b = body.map(|Json(b)| b).unwrap_or_default();
    Ok(shown(&a, s.resume(&a, task_id(&id)?, b.date).await?))
}

/// The office's audited correction of a task's wording, unit or dates.
async fn correct(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    Json(c): Json<Correction>,
) -> Res<Task> {
    Ok(shown(&a, s.correct(&a, task_id(&id)?, c).await?))
}
