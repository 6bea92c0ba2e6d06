//! The one layer every request passes: client address, language, session lookup, the CSRF
//! check for state-changing requests, and the security headers of every response.

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Web;
use super::i18n::{Lang, Tr};
use crate::service::auth::LiveSession;

pub const SESSION_COOKIE: &str = "theodoi_sid";
pub const CSRF_FIELD: &str = "_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Form bodies larger than this are refused (attachments go through the API).
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;
/// An uploaded file plus the form's other fields.
const MAX_MULTIPART_BYTES: usize = {
    let (a, b) = (
        crate::service::MAX_UPLOAD_BYTES,
        super::pages::import_jobs::MAX_UPLOAD_BYTES,
    );
    (if a > b { a } else { b }) + 64 * 1024
};

/// What the layer found out about a request, for the handlers.
#[derive(Clone)]
pub struct Current {
    pub session: Option<LiveSession>,
    pub lang: Lang,
    pub address: String,
    pub secure_cookies: bool,
}

tokio::task_local! {
    /// The language of the request being handled (error pages read it).
    pub static LANG: Lang;
}

pub fn cookie<'a>(req_headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    req_headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn client_address(req: &Request, web: &Web) -> String {
    let peer: Option<IpAddr> = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    if let (Some(peer), Some(proxy)) = (peer, web.cfg.trusted_proxy)
        && peer == proxy
        && let Some(fwd) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
        // The last address is the one the trusted proxy saw.
        && let Some(last) = fwd.rsplit(',').next()
        && let Ok(ip) = last.trim().parse::<IpAddr>()
    {
        return ip.to_string();
    }
    peer.map_or_else(|| "unknown".to_string(), |p| p.to_string())
}

fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub async fn session_layer(State(web): State<Web>, req: Request, next: Next) -> Response {
    let lang = Lang::from_cookie(cookie(req.headers(), "lang"));
    let address = client_address(&req, &web);
    let session = match cookie(req.headers(), SESSION_COOKIE) {
        Some(v) => match web.s.session(v).await {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return LANG
                    .scope(lang, async {
                        super::PageError(theodoi_core::DomainError::Internal(e.to_string()))
                            .into_response()
                    })
                    .await;
            }
        },
        None => None,
    };
    let mut req = req;
    let uses_authorization = req.headers().contains_key(header::AUTHORIZATION);
    if !is_safe(req.method())
        && !uses_authorization
        && let Some(sess) = &session
    {
        let (ok, rebuilt) = csrf_ok(req, &sess.csrf_token).await;
        req = rebuilt;
        if !ok {
            let api = req.uri().path().starts_with("/api/");
            return with_headers(csrf_refusal(api, lang));
        }
    }
    req.extensions_mut().insert(Current {
        session,
        lang,
        address,
        secure_cookies: web.cfg.secure_cookies,
    });
    let resp = LANG.scope(lang, next.run(req)).await;
    with_headers(resp)
}

/// The request's token (header, or the form field) equals the session's. The body is
/// buffered to read the field and handed on unchanged.
async fn csrf_ok(req: Request, expected: &str) -> (bool, Request) {
    if let Some(v) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        let ok = constant_eq(v.trim(), expected);
        return (ok, req);
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if content_type.starts_with("multipart/form-data") {
        return multipart_csrf_ok(req, &content_type, expected).await;
    }
    let is_form = content_type.starts_with("application/x-www-form-urlencoded");
    if !is_form {
        return (false, req);
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_FORM_BYTES).await {
        Ok(b) => b,
        Err(_) => return (false, Request::from_parts(parts, Body::empty())),
    };
    let ok = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| {
            pairs
                .into_iter()
                .find(|(k, _)| k == CSRF_FIELD)
                .map(|(_, v)| constant_eq(&v, expected))
        })
        .unwrap_or(false);
    (ok, Request::from_parts(parts, Body::from(bytes)))
}

/// File uploads (forms with `enctype="multipart/form-data"`) carry the token as their
/// `_csrf` part; the body is buffered up to the largest upload and handed on unchanged.
async fn multipart_csrf_ok(req: Request, content_type: &str, expected: &str) -> (bool, Request) {
    use axum::extract::FromRequest;
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_MULTIPART_BYTES).await {
        Ok(b) => b,
        Err(_) => return (false, Request::from_parts(parts, Body::empty())),
    };
    let probe = Request::builder()
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(bytes.clone()));
    let mut ok = false;
    if let Ok(probe) = probe
        && let Ok(mut form) = axum::extract::Multipart::from_request(probe, &()).await
    {
        while let Ok(Some(field)) = form.next_field().await {
            if field.name() == Some(CSRF_FIELD) {
                ok = field
                    .text()
                    .await
                    .is_ok_and(|v| constant_eq(v.trim(), expected));
                break;
            }
        }
    }
    (ok, Request::from_parts(parts, Body::from(bytes)))
}

fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn csrf_refusal(api: bool, lang: Lang) -> Response {
    let tr = Tr(lang);
    if api {
        (
            StatusCode::FORBIDDEN,
            axum::Json(serde_json::json!({
                "error": "csrf",
                "message": "thiếu hoặc sai mã chống giả mạo (X-CSRF-Token) cho yêu cầu dùng phiên đăng nhập",
                "fields": []
            })),
        )
            .into_response()
    } else {
        super::render::error_page(
            StatusCode::FORBIDDEN,
            tr,
            tr.t("error.forbidden"),
            tr.t("error.csrf"),
        )
    }
}

/// Security headers on every response: no inline scripts, no framing, no sniffing.
fn with_headers(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    resp
}
