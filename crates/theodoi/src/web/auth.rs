//! Sign-in, sign-out, one's own account (password change, personal API tokens), the
//! language switch, and the [`Page`] extractor that every signed-in page starts from.

use askama::Template;
use axum::Form;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use theodoi_core::DomainError;
use theodoi_core::access::Actor;
use theodoi_store::ApiTokenInfo;

use super::form::Errors;
use super::i18n::Tr;
use super::pages::followup::MailForm;
use super::render::{html, html_status};
use super::security::{Current, SESSION_COOKIE};
use super::{Chrome, PageResult, Web};
use crate::service::auth::{LiveSession, SESSION_HOURS};

/// A signed-in request. Without a session the browser is sent to the sign-in page.
pub struct Page {
    pub actor: Actor,
    pub session: LiveSession,
    pub cur: Current,
    /// Unread notifications, for the header (one indexed count per page).
    pub unread: i64,
}

impl Page {
    pub fn chrome(&self, active: &'static str) -> Chrome {
        Chrome {
            unread: self.unread,
            ..Chrome::new(&self.actor, &self.session.csrf_token, self.cur.lang, active)
        }
    }

    pub fn tr(&self) -> Tr {
        Tr(self.cur.lang)
    }
}

impl FromRequestParts<Web> for Page {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, web: &Web) -> Result<Self, Self::Rejection> {
        let cur = parts.extensions.get::<Current>().cloned();
        match cur {
            Some(cur) => match cur.session.clone() {
                Some(session) => Ok(Page {
                    // The badge is a convenience: a failed count must not fail the page.
                    unread: web
                        .s
                        .unread_notifications(&session.actor)
                        .await
                        .unwrap_or_else(|e| {
                            tracing::warn!(error = %e, "unread notifications");
                            0
                        }),
                    actor: session.actor.clone(),
                    session,
                    cur,
                }),
                None => Err(to_login(parts)),
            },
            None => Err(to_login(parts)),
        }
    }
}

fn to_login(parts: &Parts) -> Response {
    let next = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let q = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
    Redirect::to(&format!("/dang-nhap?{q}")).into_response()
}

/// Only local paths are followed after sign-in (no open redirect).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.into(),
        _ => "/".into(),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    tr: Tr,
    username: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_form(
    axum::Extension(cur): axum::Extension<Current>,
    Query(q): Query<NextQuery>,
) -> PageResult {
    if cur.session.is_some() {
        return Ok(Redirect::to(&safe_next(q.next.as_deref())).into_response());
    }
    html(&LoginPage {
        tr: Tr(cur.lang),
        username: String::new(),
        next: safe_next(q.next.as_deref()),
        error: None,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

fn session_cookie(value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("theodoi_sid=; Path=/; Max-Age=0"))
}

pub async fn login(
    State(web): State<Web>,
    axum::Extension(cur): axum::Extension<Current>,
    Form(f): Form<LoginForm>,
) -> PageResult {
    let tr = Tr(cur.lang);
    let next = safe_next(f.next.as_deref());
    match web.s.sign_in(&f.username, &f.password, &cur.address).await {
        Ok(new) => {
            let mut resp = Redirect::to(&next).into_response();
            resp.headers_mut().insert(
                header::SET_COOKIE,
                session_cookie(&new.cookie_value, SESSION_HOURS * 3600, cur.secure_cookies),
            );
            Ok(resp)
        }
        Err(e) => {
            let (status, error) = match e {
                DomainError::Unauthenticated => {
                    (StatusCode::UNAUTHORIZED, tr.t("login.failed").to_string())
                }
                DomainError::Forbidden(m) => (StatusCode::TOO_MANY_REQUESTS, m),
                other => return Err(other.into()),
            };
            html_status(
                status,
                &LoginPage {
                    tr,
                    username: f.username,
                    next,
                    error: Some(error),
                },
            )
        }
    }
}

pub async fn logout(State(web): State<Web>, page: Page) -> PageResult {
    web.s.sign_out(&page.session).await?;
    let mut resp = Redirect::to("/dang-nhap").into_response();
    resp.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie("", 0, page.cur.secure_cookies),
    );
    Ok(resp)
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    c: Chrome,
    username: String,
    errors: Errors,
    done: bool,
    tokens: Vec<ApiTokenInfo>,
    new_token: Option<String>,
    mail: MailForm,
}

#[derive(Deserialize)]
pub struct AccountQuery {
    done: Option<String>,
    /// Set after the mail preference was saved.
    mail: Option<String>,
}

pub async fn account(
    State(web): State<Web>,
    page: Page,
    Query(q): Query<AccountQuery>,
) -> PageResult {
    let mut mail = MailForm::load(&web, &page.actor).await?;
    mail.saved = q.mail.is_some();
    render_account_with(
        &web,
        &page,
        Errors::default(),
        q.done.is_some(),
        None,
        StatusCode::OK,
        mail,
    )
    .await
}

async fn render_account(
    web: &Web,
    page: &Page,
    errors: Errors,
    done: bool,
    new_token: Option<String>,
    status: StatusCode,
) -> PageResult {
    let mail = MailForm::load(web, &page.actor).await?;
    render_account_with(web, page, errors, done, new_token, status, mail).await
}

/// The account page with the mail preference form as given (kept as typed after an error).
pub(crate) async fn render_account_with(
    web: &Web,
    page: &Page,
    errors: Errors,
    done: bool,
    new_token: Option<String>,
    status: StatusCode,
    mail: MailForm,
) -> PageResult {
    let tokens = web.s.store.api_tokens(page.actor.user.id).await?;
    html_status(
        status,
        &AccountPage {
            c: page.chrome("account"),
            username: page.actor.user.username.clone(),
            errors,
            done,
            tokens,
            new_token,
            mail,
        },
    )
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    repeat_password: String,
}

pub async fn change_password(
    State(web): State<Web>,
    page: Page,
    Form(f): Form<PasswordForm>,
) -> PageResult {
    match web
        .s
        .change_password(
            &page.session,
            &f.current_password,
            &f.new_password,
            &f.repeat_password,
            &page.cur.address,
        )
        .await
    {
        Ok(()) => Ok(Redirect::to("/tai-khoan?done=1").into_response()),
        Err(e) => {
            let errors = Errors::from_error(e)?;
            render_account(
                &web,
                &page,
                errors,
                false,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

pub async fn create_token(
    State(web): State<Web>,
    page: Page,
    Form(f): Form<TokenForm>,
) -> PageResult {
    match web.s.create_api_token(&page.actor, &f.name).await {
        Ok(token) => {
            render_account(
                &web,
                &page,
                Errors::default(),
                false,
                Some(token),
                StatusCode::OK,
            )
            .await
        }
        Err(e) => {
            let errors = Errors::from_error(e)?;
            render_account(
                &web,
                &page,
                errors,
                false,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

pub async fn revoke_token(State(web): State<Web>, page: Page, Path(id): Path<i64>) -> PageResult {
    web.s.revoke_api_token(&page.actor, id).await?;
    Ok(Redirect::to("/tai-khoan").into_response())
}

pub async fn set_language(Path(lang): Path<String>, headers: axum::http::HeaderMap) -> Response {
    let lang = if lang == "en" { "en" } else { "vi" };
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| {
            // Keep only the path of a same-site referer.
            let host = headers.get(header::HOST)?.to_str().ok()?;
            let rest = r.split_once("://")?.1;
            let (h, path) = rest.split_once('/').unwrap_or((rest, ""));
            (h == host).then(|| format!("/{path}"))
        })
        .unwrap_or_else(|| "/".into());
    let mut resp = Redirect::to(&safe_next(Some(&back))).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "lang={lang}; Path=/; SameSite=Lax; Max-Age=31536000"
    )) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

/// The actor of an API request: a bearer token, else the session cookie (the CSRF token
/// was checked by the session layer for writes). `None`: try HTTP Basic.
pub async fn api_actor(
    parts: &Parts,
    s: &crate::service::Services,
) -> Result<Option<Actor>, DomainError> {
    if let Some(auth) = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        if let Some(token) = auth.strip_prefix("Bearer ") {
            return s.token_actor(token).await.map(Some);
        }
        return Ok(None);
    }
    if let Some(cur) = parts.extensions.get::<Current>()
        && let Some(sess) = &cur.session
    {
        return Ok(Some(sess.actor.clone()));
    }
    Ok(None)
}
