//! JSON API for registering a directive document with its tasks, and for giving more tasks
//! from a registered document (the "đăng ký văn bản" and "giao việc" pages).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use theodoi_core::DomainError;
use theodoi_core::ids::DocumentId;
use theodoi_core::model::Task;

use crate::api::{ApiError, Authed};
use crate::service::{DocumentInput, Services, TaskRow};

pub fn router() -> Router<Services> {
    Router::new()
        .route("/api/v1/documents", post(register))
        .route("/api/v1/documents/{id}/tasks", post(add_tasks))
}

#[derive(Debug, Deserialize)]
struct Registration {
    #[serde(flatten)]
    document: DocumentInput,
    #[serde(default)]
    tasks: Vec<TaskRow>,
}

/// The document as before (its fields at the top level), plus the tasks it gave.
async fn register(
    State(s): State<Services>,
    Authed(a): Authed,
    Json(b): Json<Registration>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let r = s.register_with_tasks(&a, b.document, b.tasks).await?;
    let mut body = serde_json::to_value(&r.document)
        .map_err(|e| ApiError(DomainError::Internal(e.to_string())))?;
    if let Some(o) = body.as_object_mut() {
        o.insert(
            "tasks".into(),
            serde_json::to_value(&r.tasks)
                .map_err(|e| ApiError(DomainError::Internal(e.to_string())))?,
        );
    }
    Ok((StatusCode::CREATED, Json(body)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MoreTasks {
    tasks: Vec<TaskRow>,
}

async fn add_tasks(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    Json(b): Json<MoreTasks>,
) -> Result<(StatusCode, Json<Vec<Task>>), ApiError> {
    let id: i64 = id
        .trim()
        .parse()
        .map_err(|_| ApiError(DomainError::not_found(format!("văn bản '{id}'"))))?;
    Ok((
        StatusCode::CREATED,
        Json(s.add_tasks(&a, DocumentId(id), b.tasks).await?),
    ))
}
