//! The web application: server-rendered Vietnamese pages (askama templates, no JavaScript
//! needed), sign-in with database sessions, CSRF protection and security headers. The JSON
//! API (`crate::api`) is served by the same application and shares the session layer.

pub mod auth;
pub mod form;
pub mod i18n;
pub mod multipart;
pub mod pages;
mod render;
mod security;

use std::net::IpAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

use crate::service::Services;

pub use render::{Chrome, PageError, PageResult};
pub use security::Current;

/// Web settings read from the environment when the server starts.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set `THEODOI_SECURE_COOKIES=1` when served over HTTPS).
    pub secure_cookies: bool,
    /// The reverse proxy whose `X-Forwarded-For` is believed (`THEODOI_TRUSTED_PROXY=10.0.0.1`).
    pub trusted_proxy: Option<IpAddr>,
}

impl WebConfig {
    pub fn from_env() -> Self {
        Self {
            secure_cookies: std::env::var("THEODOI_SECURE_COOKIES")
                .is_ok_and(|v| matches!(v.as_str(), "1" | "true" | "on" | "yes")),
            trusted_proxy: std::env::var("THEODOI_TRUSTED_PROXY")
                .ok()
                .and_then(|v| v.trim().parse().ok()),
        }
    }
}

/// The state of every page handler.
#[derive(Clone)]
pub struct Web {
    pub s: Services,
    pub cfg: Arc<WebConfig>,
    /// Task imports running in the background for the import pages.
    pub imports: Arc<pages::import_jobs::ImportJobs>,
}

/// The whole application: pages, static files and the JSON API, behind the session,
/// CSRF and security-header layer.
pub fn app(s: Services) -> Router {
    app_with(s, WebConfig::from_env())
}

pub fn app_with(s: Services, cfg: WebConfig) -> Router {
    let web = Web {
        s: s.clone(),
        cfg: Arc::new(cfg),
        imports: Arc::default(),
    };
    let pages = Router::new()
        .route("/", get(pages::home))
        .route("/dang-nhap", get(auth::login_form).post(auth::login))
        .route("/dang-xuat", post(auth::logout))
        .route("/tai-khoan", get(auth::account))
        .route("/tai-khoan/mat-khau", post(auth::change_password))
        .route("/tai-khoan/ma-api", post(auth::create_token))
        .route("/tai-khoan/ma-api/{id}/thu-hoi", post(auth::revoke_token))
        .route("/ngon-ngu/{lang}", get(auth::set_language))
        .merge(pages::router())
        .route("/static/{*path}", get(render::static_file))
        .with_state(web.clone());
    crate::api::router(s)
        .merge(pages)
        .layer(axum::middleware::from_fn_with_state(
            web,
            security::session_layer,
        ))
}
