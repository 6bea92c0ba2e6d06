//! The JSON API under `/api/v1/`. Requests authenticate with a personal bearer token, HTTP
//! Basic (username and password) or the web session (cookie plus CSRF header); every handler
//! calls one service function, which checks permissions.

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use theodoi_core::access::Actor;
use theodoi_core::ids::{DocumentId, TaskId, UnitId};
use theodoi_core::model::TaskState;
use theodoi_core::{DomainError, FieldError};
use theodoi_store::{DocumentFilter, TaskFilter, Timeframe};

use crate::service::{AssignInput, ReportRequest, Services};

/// A domain error as an HTTP response: `{"error": "code", "message": "…", "fields": […]}`.
pub struct ApiError(pub DomainError);

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        Self(e)
    }
}

impl From<theodoi_store::StoreError> for ApiError {
    fn from(e: theodoi_store::StoreError) -> Self {
        Self(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self.0 {
            DomainError::NotFound { .. } => StatusCode::NOT_FOUND,
            DomainError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            DomainError::Conflict(_) => StatusCode::CONFLICT,
            DomainError::Forbidden(_) => StatusCode::FORBIDDEN,
            DomainError::Unauthenticated => StatusCode::UNAUTHORIZED,
            DomainError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let message = match &self.0 {
            DomainError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                "Lỗi hệ thống; vui lòng thử lại hoặc báo quản trị.".to_string()
            }
            other => other.to_string(),
        };
        let fields: Vec<FieldError> = match &self.0 {
            DomainError::Invalid(f) => f.clone(),
            _ => vec![],
        };
        let mut resp = (
            status,
            Json(serde_json::json!({"error": self.0.code(), "message": message, "fields": fields})),
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Basic realm=\"theodoi\", charset=\"UTF-8\""),
            );
        }
        resp
    }
}

/// Requests the handlers never saw (a body that is not JSON or lacks a field, a path or
/// query that does not parse, a method the route does not serve) are answered by axum in
/// plain text; API clients get the same JSON error body as every other refusal.
async fn json_errors(resp: Response) -> Response {
    let status = resp.status();
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !status.is_client_error() || is_json {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let detail = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let (code, what) = match status {
        StatusCode::BAD_REQUEST => ("bad_request", "Yêu cầu không hợp lệ"),
        StatusCode::UNPROCESSABLE_ENTITY => ("invalid_input", "Dữ liệu không hợp lệ"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "Nội dung phải là JSON (Content-Type: application/json)",
        ),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "Phương thức không được hỗ trợ"),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "Nội dung quá lớn"),
        StatusCode::NOT_FOUND => ("not_found", "Không tìm thấy"),
        _ => ("bad_request", "Yêu cầu không hợp lệ"),
    };
    let message = if detail.trim().is_empty() {
        what.to_string()
    } else {
        format!("{what}: {}", detail.trim())
    };
    let mut out = (
        status,
        Json(serde_json::json!({"error": code, "message": message, "fields": []})),
    )
        .into_response();
    for (k, v) in parts.headers.iter() {
        if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
            out.headers_mut().insert(k.clone(), v.clone());
        }
    }
    out
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// The authenticated user of a request.
pub struct Authed(pub Actor);

impl FromRequestParts<Services> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &Services) -> Result<Self, Self::Rejection> {
        if let Some(actor) = crate::web::auth::api_actor(parts, s).await? {
            return Ok(Authed(actor));
        }
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(ApiError(DomainError::Unauthenticated))?;
        let encoded = header
            .strip_prefix("Basic ")
            .ok_or(ApiError(DomainError::Unauthenticated))?;
        let decoded =
            base64_decode(encoded.trim()).ok_or(ApiError(DomainError::Unauthenticated))?;
        let (user, password) = decoded
            .split_once(':')
            .ok_or(ApiError(DomainError::Unauthenticated))?;
        let address = parts
            .extensions
            .get::<crate::web::Current>()
            .map_or_else(|| "unknown".to_string(), |c| c.address.clone());
        let user = s.check_password(user, password, &address).await?;
        Ok(Authed(s.actor(user).await?))
    }
}

fn base64_decode(s: &str) -> Option<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c)? as u32;
        bits = (bits << 6) | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn router(s: Services) -> Router {
    Router::new()
        .route("/api/v1/units", get(units))
        .route("/api/v1/documents", get(documents))
        .route("/api/v1/documents/{id}", get(document))
        .route("/api/v1/tasks", get(tasks).post(create_tasks))
        .route("/api/v1/tasks/{id}", get(task))
        .route("/api/v1/report", get(report))
        .route("/api/v1/search", get(search))
        .merge(crate::api_figures::router())
        .merge(crate::api_reports::router())
        .merge(crate::notify_api::router())
        .merge(crate::api_actions::router())
        .merge(crate::api_admin::router())
        .merge(crate::api_register::router())
        .merge(crate::api_doc::router())
        .layer(axum::middleware::map_response(json_errors))
        .with_state(s)
}

pub async fn serve(s: Services, bind: &str) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| anyhow::anyhow!("không mở được cổng {bind}: {e}"))?;
    tracing::info!("theodoi đang phục vụ tại http://{bind}/ (API: /api/v1/)");
    // Load the report's in-memory facts in the background so the first report is fast.
    s.store.keep_facts_in_memory();
    let warm = s.clone();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match warm.warm_up().await {
            Ok(()) => tracing::info!(
                elapsed_ms = started.elapsed().as_millis() as u64,
                "report facts loaded"
            ),
            Err(e) => tracing::warn!(error = %e, "could not load report facts"),
        }
    });
    let s_close = s.clone();
    axum::serve(
        listener,
        crate::web::app(s).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    // Closing the pool lets SQLite fold its write-ahead log back into the database file.
    s_close.store.close().await;
    tracing::info!("theodoi đã dừng");
    Ok(())
}

/// Ctrl-C, or SIGTERM (what systemd and container runtimes send to stop a service).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "SIGTERM cannot be caught; stop with Ctrl-C");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

async fn units(
    State(s): State<Services>,
    Authed(_a): Authed,
) -> ApiResult<Vec<theodoi_core::model::Unit>> {
    Ok(Json(s.store.units().await?))
}

#[derive(Debug, Deserialize)]
struct DocumentQuery {
    q: Option<String>,
    kind: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

async fn documents(
    State(s): State<Services>,
    Authed(a): Authed,
    Query(q): Query<DocumentQuery>,
) -> ApiResult<serde_json::Value> {
    a.require_reports()?;
    let kind = q
        .kind
        .as_deref()
        .map(theodoi_core::model::DocumentKind::parse)
        .transpose()?;
    let (docs, total) = s
        .store
        .documents(&DocumentFilter {
            text: q.q,
            kind,
            from: None,
            to: None,
            limit: q.limit.unwrap_or(50),
            offset: q.offset.unwrap_or(0),
        })
        .await?;
    Ok(Json(serde_json::json!({"total": total, "documents": docs})))
}

async fn document(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<i64>,
) -> ApiResult<serde_json::Value> {
    let doc = s.document(&a, DocumentId(id)).await?;
    let children = s.store.child_documents(doc.id).await?;
    let tasks = s
        .store
        .tasks(&TaskFilter {
            document_id: Some(doc.id),
            limit: 1000,
            ..Default::default()
        })
        .await?;
    let visible: Vec<_> = tasks
        .tasks
        .into_iter()
        .filter(|t| a.can_view(&t.task))
        .collect();
    Ok(Json(
        serde_json::json!({"document": doc, "implementing_documents": children, "tasks": visible}),
    ))
}

async fn create_tasks(
    State(s): State<Services>,
    Authed(a): Authed,
    Json(input): Json<AssignInput>,
) -> Result<(StatusCode, Json<Vec<theodoi_core::model::Task>>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.assign(&a, input).await?)))
}

#[derive(Debug, Deserialize)]
struct TaskQuery {
    unit: Option<String>,
    subtree: Option<bool>,
    state: Option<String>,
    timeframe: Option<Timeframe>,
    document_id: Option<i64>,
    q: Option<String>,
    is_key: Option<bool>,
    field: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

async fn tasks(
    State(s): State<Services>,
    Authed(a): Authed,
    Query(q): Query<TaskQuery>,
) -> ApiResult<theodoi_store::TaskPage> {
    a.require_reports()?;
    let units = s.store.units().await?;
    let lead_units = match &q.unit {
        Some(name) => {
            let u = crate::service::resolve_unit(&units, name)?;
            Some(if q.subtree.unwrap_or(false) {
                theodoi_core::access::subtree(&units, u.id)
                    .into_iter()
                    .collect()
            } else {
                vec![u.id]
            })
        }
        None => None,
    };
    let state = q.state.as_deref().map(TaskState::parse).transpose()?;
    let visible_to_units: Option<Vec<UnitId>> =
        (!a.sees_everything()).then(|| a.scope.iter().copied().collect());
    let filter = TaskFilter {
        lead_units,
        visible_to_units,
        state,
        timeframe: q.timeframe,
        today: Some(s.today().await?),
        due_soon_days: s.due_soon_days().await?,
        is_key: q.is_key,
        field: q.field,
        document_id: q.document_id.map(DocumentId),
        text: q.q,
        limit: q.limit.unwrap_or(50),
        offset: q.offset.unwrap_or(0),
        ..Default::default()
    };
    let mut page = s.store.tasks(&filter).await?;
    for row in &mut page.tasks {
        if row.task.secret && !a.can_read_secret(&row.task) {
            row.task.content = "(Nội dung mật)".into();
        }
    }
    Ok(Json(page))
}

async fn task(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(id): Path<i64>,
) -> ApiResult<serde_json::Value> {
    let mut t = s
        .store
        .task(TaskId(id))
        .await?
        .ok_or_else(|| DomainError::not_found(format!("nhiệm vụ #{id}")))?;
    a.require_view(&t)?;
    if t.secret && !a.can_read_secret(&t) {
        t.content = "(Nội dung mật)".into();
    }
    let history = s.store.task_history(t.id).await?;
    Ok(Json(serde_json::json!({"task": t, "history": history})))
}

async fn report(
    State(s): State<Services>,
    Authed(a): Authed,
    Query(r): Query<ReportRequest>,
) -> ApiResult<theodoi_core::report::Report> {
    let params = s.report_params(&r).await?;
    Ok(Json(s.report(&a, &params).await?))
}

#[derive(Debug, Deserialize)]
struct SearchQuery {
    q: String,
    kind: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

async fn search(
    State(s): State<Services>,
    Authed(a): Authed,
    Query(q): Query<SearchQuery>,
) -> ApiResult<crate::service::SearchResult> {
    Ok(Json(
        s.search(
            &a,
            &q.q,
            q.kind.as_deref(),
            q.limit.unwrap_or(20),
            q.offset.unwrap_or(0),
        )
        .await?,
    ))
}
