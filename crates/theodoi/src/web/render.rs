//! Rendering helpers shared by the pages: the page chrome (user, navigation, CSRF token,
//! language), error pages mapped from domain errors, and the embedded static files.

use askama::Template;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use theodoi_core::DomainError;
use theodoi_core::access::Actor;
use theodoi_core::model::Role;

use super::i18n::{Lang, Tr};
use super::security::LANG;

/// What the layout needs on every page.
#[derive(Clone)]
pub struct Chrome {
    pub tr: Tr,
    pub user_name: String,
    pub role_label: String,
    pub csrf: String,
    /// The navigation entry to highlight.
    pub active: &'static str,
    pub can_register: bool,
    pub sees_reports: bool,
    pub is_admin: bool,
    /// Unread notifications of the signed-in person (the header's badge).
    pub unread: i64,
}

impl Chrome {
    pub fn new(actor: &Actor, csrf: &str, lang: Lang, active: &'static str) -> Self {
        Self {
            tr: Tr(lang),
            user_name: actor.user.full_name.clone(),
            role_label: actor.user.role.label().to_string(),
            csrf: csrf.to_string(),
            active,
            can_register: matches!(actor.role(), Role::Office | Role::Leader),
            sees_reports: actor.role() != Role::Admin,
            is_admin: actor.role() == Role::Admin,
            unread: 0,
        }
    }

    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        self.tr.t(key)
    }

    pub fn nav_class(&self, name: &str) -> &'static str {
        if self.active == name { "active" } else { "" }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    tr: Tr,
    title: &'a str,
    message: &'a str,
}

pub fn error_page(status: StatusCode, tr: Tr, title: &str, message: &str) -> Response {
    match (ErrorPage { tr, title, message }).render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error template failed");
            (status, message.to_string()).into_response()
        }
    }
}

/// A domain error shown as a page in the request's language.
pub struct PageError(pub DomainError);

pub type PageResult = Result<Response, PageError>;

impl From<DomainError> for PageError {
    fn from(e: DomainError) -> Self {
        Self(e)
    }
}

impl From<theodoi_store::StoreError> for PageError {
    fn from(e: theodoi_store::StoreError) -> Self {
        Self(e.into())
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        Self(DomainError::Internal(format!("template: {e}")))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let tr = Tr(LANG.try_with(|l| *l).unwrap_or_default());
        let (status, title, message) = match &self.0 {
            DomainError::NotFound { .. } => (
                StatusCode::NOT_FOUND,
                tr.t("error.not_found"),
                self.0.to_string(),
            ),
            DomainError::Forbidden(_) => (
                StatusCode::FORBIDDEN,
                tr.t("error.forbidden"),
                self.0.to_string(),
            ),
            DomainError::Invalid(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                tr.t("error.title"),
                self.0.to_string(),
            ),
            DomainError::Conflict(_) => (
                StatusCode::CONFLICT,
                tr.t("error.title"),
                self.0.to_string(),
            ),
            DomainError::Unauthenticated => {
                return axum::response::Redirect::to("/dang-nhap").into_response();
            }
            DomainError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    tr.t("error.title"),
                    tr.t("error.internal").to_string(),
                )
            }
        };
        error_page(status, tr, title, &message)
    }
}

/// Renders a template as an HTML response.
pub fn html<T: Template>(t: &T) -> PageResult {
    Ok(Html(t.render()?).into_response())
}

pub fn html_status<T: Template>(status: StatusCode, t: &T) -> PageResult {
    Ok((status, Html(t.render()?)).into_response())
}

#[derive(rust_embed::Embed)]
#[folder = "static/"]
struct Static;

pub async fn static_file(Path(path): Path<String>) -> Response {
    match Static::get(&path) {
        Some(f) => {
            let mime = match path.rsplit('.').next() {
                Some("css") => "text/css; charset=utf-8",
                Some("js") => "text/javascript; charset=utf-8",
                Some("svg") => "image/svg+xml",
                Some("png") => "image/png",
                Some("ico") => "image/x-icon",
                _ => "application/octet-stream",
            };
            let mut resp = f.data.into_owned().into_response();
            resp.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
            resp.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            );
            resp
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
