//! JSON API of the notification centre (issue 7): a person's own notifications, their
//! unread count, and marking one read. Merged into [`crate::api::router`].

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use theodoi_store::Notification;

use crate::api::{ApiError, Authed};
use crate::service::Services;

#[derive(Debug, Deserialize)]
struct ListQuery {
    /// `1` or `true`: unread only.
    unread: Option<String>,
}

#[derive(Debug, Serialize)]
struct NotificationList {
    unread: i64,
    items: Vec<Notification>,
}

pub fn router() -> Router<Services> {
    Router::new()
        .route("/api/v1/notifications", get(list))
        .route("/api/v1/notifications/{id}/read", post(read))
}

async fn list(
    State(s): State<Services>,
    Authed(actor): Authed,
    Query(q): Query<ListQuery>,
) -> Result<Json<NotificationList>, ApiError> {
    let unread_only = matches!(q.unread.as_deref(), Some("1" | "true"));
    Ok(Json(NotificationList {
        unread: s.unread_notifications(&actor).await?,
        items: s.notifications(&actor, unread_only).await?,
    }))
}

async fn read(
    State(s): State<Services>,
    Authed(actor): Authed,
    Path(id): Path<i64>,
) -> Result<Json<Notification>, ApiError> {
    Ok(Json(s.mark_notification_read(&actor, id).await?))
}
