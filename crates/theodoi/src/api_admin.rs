//! JSON API for the administration pages (units and their merger, users and password
//! resets, the holiday calendar, settings) and for a person's inbox. Handlers call the same
//! service functions as the pages; the admin checks live there.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use theodoi_core::DomainError;
use theodoi_core::calendar::CalendarDay;
use theodoi_core::ids::{UnitId, UserId};
use theodoi_core::model::{Task, Unit, User};
use theodoi_store::PendingExtension;

use crate::api::{ApiError, Authed};
use crate::service::{Services, UnitInput, keys};

type Res<T> = Result<Json<T>, ApiError>;

pub fn router() -> Router<Services> {
    Router::new()
        .route("/api/v1/units", post(create_unit))
        .route("/api/v1/units/{id}/merge", post(merge_unit))
        .route("/api/v1/users", get(users).post(create_user))
        .route("/api/v1/users/{id}/password", post(reset_password))
        .route("/api/v1/calendar", get(calendar))
        .route("/api/v1/calendar/{date}", put(set_day).delete(remove_day))
        .route("/api/v1/settings", get(settings))
        .route("/api/v1/settings/{key}", put(set_setting))
        .route("/api/v1/inbox", get(inbox))
}

fn id_of(raw: &str, what: &str) -> Result<i64, ApiError> {
    raw.trim()
        .parse()
        .map_err(|_| ApiError(DomainError::not_found(format!("{what} '{raw}'"))))
}

fn date_of(raw: &str) -> Result<NaiveDate, ApiError> {
    theodoi_core::window::parse_iso(raw).ok_or_else(|| {
        ApiError(DomainError::invalid(
            "date",
            format!("ngày '{raw}' không hợp lệ (viết YYYY-MM-DD)"),
        ))
    })
}

async fn create_unit(
    State(s): State<Services>,
    Authed(a): Authed,
    Json(input): Json<UnitInput>,
) -> Result<(StatusCode, Json<Unit>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.create_unit(&a, input).await?)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MergeInput {
    successor_id: i64,
    /// The first day the successor carries the merged unit's open tasks.
    on: NaiveDate,
}

async fn merge_unit(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    Json(b): Json<MergeInput>,
) -> Res<serde_json::Value> {
    let unit = UnitId(id_of(&id, "đơn vị")?);
    let moved = s.merge_unit(&a, unit, UnitId(b.successor_id), b.on).await?;
    Ok(Json(serde_json::json!({"tasks_moved": moved})))
}

async fn users(State(s): State<Services>, Authed(a): Authed) -> Res<Vec<User>> {
    a.require_admin("xem danh sách tài khoản")?;
    Ok(Json(s.store.users().await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UserInput {
    username: String,
    full_name: String,
    password: String,
    role: String,
    #[serde(default)]
    unit_id: Option<i64>,
    #[serde(default)]
    title: String,
}

async fn create_user(
    State(s): State<Services>,
    Authed(a): Authed,
    Json(b): Json<UserInput>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    let u = s
        .create_user(
            &a,
            &b.username,
            &b.full_name,
            &b.password,
            &b.role,
            b.unit_id.map(UnitId),
            &b.title,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(u)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PasswordInput {
    new_password: String,
}

async fn reset_password(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<String>,
    Json(b): Json<PasswordInput>,
) -> Result<StatusCode, ApiError> {
    let user = UserId(id_of(&id, "tài khoản")?);
    s.set_password(&a, user, &b.new_password).await?;
    // As on the users page: a reset ends the person's sessions.
    let mut tx = s.store.begin().await?;
    tx.delete_user_sessions(user, None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn calendar(State(s): State<Services>, Authed(a): Authed) -> Res<Vec<CalendarDay>> {
    a.require_admin("xem lịch nghỉ")?;
    Ok(Json(s.store.calendar_days().await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DayInput {
    kind: String,
    name: String,
    #[serde(default)]
    note: String,
}

async fn set_day(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(date): Path<String>,
    Json(b): Json<DayInput>,
) -> Result<StatusCode, ApiError> {
    s.set_calendar_day(&a, date_of(&date)?, &b.kind, &b.name, &b.note)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove_day(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(date): Path<String>,
) -> Result<StatusCode, ApiError> {
    s.remove_calendar_day(&a, date_of(&date)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The settings an admin may change, with their current values (defaults when unset).
async fn settings(
    State(s): State<Services>,
    Authed(a): Authed,
) -> Res<std::collections::BTreeMap<String, String>> {
    a.require_admin("xem cài đặt")?;
    let mut out = std::collections::BTreeMap::new();
    for (key, default) in [
        (keys::DUE_SOON_DAYS, "3"),
        (keys::MOVE_OFF_DAYS, "on"),
        (keys::TODAY, ""),
    ] {
        let v = s.store.setting(key).await?;
        out.insert(key.to_string(), v.unwrap_or_else(|| default.to_string()));
    }
    Ok(Json(out))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingInput {
    value: String,
}

async fn set_setting(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(key): Path<String>,
    Json(b): Json<SettingInput>,
) -> Result<StatusCode, ApiError> {
    s.update_setting(&a, &key, &b.value).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize)]
struct InboxBody {
    new_tasks: Vec<Task>,
    declined: Vec<Task>,
    claims: Vec<Task>,
    extensions: Vec<ExtensionWithTask>,
    due_soon: Vec<Task>,
    overdue: Vec<Task>,
    /// How many there are in all; a list shows at most 50. Above 10 000, 10 001.
    counts: crate::service::views::InboxCounts,
}

#[derive(Serialize)]
struct ExtensionWithTask {
    request: PendingExtension,
    task: Task,
}

#[derive(Deserialize)]
struct InboxParams {
    /// Skip this many of the extension requests (oldest first), to page through them.
    #[serde(default)]
    extensions_offset: i64,
}

async fn inbox(
    State(s): State<Services>,
    Authed(a): Authed,
    Query(q): Query<InboxParams>,
) -> Res<InboxBody> {
    let i = s.inbox(&a, q.extensions_offset).await?;
    Ok(Json(InboxBody {
        new_tasks: i.new_tasks,
        declined: i.declined,
        claims: i.claims,
        extensions: i
            .extensions
            .into_iter()
            .map(|(request, task)| ExtensionWithTask { request, task })
            .collect(),
        due_soon: i.due_soon,
        overdue: i.overdue,
        counts: i.counts,
    }))
}
