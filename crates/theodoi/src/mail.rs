//! E-mail over SMTP (lettre with rustls): the server settings from the environment and the
//! sending of one message. Nothing here logs the password.

use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use theodoi_core::error::Problems;
use theodoi_core::{DomainError, DomainResult};

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain SMTP (a relay on the same machine or a test server).
    None,
    /// STARTTLS on a plain connection (port 587), required.
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
}

#[derive(Clone)]
pub struct MailConfig {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub from: Mailbox,
    pub user: Option<String>,
    pub password: Option<String>,
    /// Links in the mail: `{base_url}/tasks/{id}`.
    pub base_url: String,
    pub timeout: Duration,
}

impl std::fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("from", &self.from.to_string())
            .field("user", &self.user)
            .field("base_url", &self.base_url)
            .finish()
    }
}

impl MailConfig {
    /// A plain-SMTP configuration (tests, a local relay).
    pub fn plain(host: &str, port: u16, from: &str, base_url: &str) -> DomainResult<Self> {
        Self::from_vars(|k| match k {
            "THEODOI_SMTP_HOST" => Some(host.to_string()),
            "THEODOI_SMTP_PORT" => Some(port.to_string()),
            "THEODOI_SMTP_TLS" => Some("none".into()),
            "THEODOI_SMTP_FROM" => Some(from.to_string()),
            "THEODOI_BASE_URL" => Some(base_url.to_string()),
            "THEODOI_SMTP_TIMEOUT" => Some("5".into()),
            _ => None,
        })
        .and_then(|c| {
            c.ok_or_else(|| DomainError::invalid("THEODOI_SMTP_HOST", "thiếu máy chủ thư"))
        })
    }

    /// Reads THEODOI_SMTP_* from the environment: `Ok(None)` when THEODOI_SMTP_HOST is unset
    /// (mail off, in-app notifications only).
    pub fn from_env() -> DomainResult<Option<Self>> {
        Self::from_vars(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
    }

    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> DomainResult<Option<Self>> {
        let Some(host) = var("THEODOI_SMTP_HOST") else {
            return Ok(None);
        };
        let mut p = Problems::new();
        let tls = match var("THEODOI_SMTP_TLS").as_deref().map(str::trim) {
            None | Some("starttls") => TlsMode::StartTls,
            Some("tls") => TlsMode::Tls,
            Some("none") => TlsMode::None,
            Some(other) => {
                p.add(
                    "THEODOI_SMTP_TLS",
                    format!("chế độ bảo mật '{other}' không hợp lệ; dùng starttls, tls hoặc none"),
                );
                TlsMode::StartTls
            }
        };
        let default_port = match tls {
            TlsMode::None => 25,
            TlsMode::StartTls => 587,
            TlsMode::Tls => 465,
        };
        let port = match var("THEODOI_SMTP_PORT") {
            None => default_port,
            Some(v) => match v.trim().parse::<u16>() {
                Ok(n) if n > 0 => n,
                _ => {
                    p.add(
                        "THEODOI_SMTP_PORT",
                        format!("cổng '{v}' không hợp lệ; nhập một số từ 1 đến 65535"),
                    );
                    default_port
                }
            },
        };
        let from = match var("THEODOI_SMTP_FROM") {
            None => {
                p.add(
                    "THEODOI_SMTP_FROM",
                    "chưa khai báo địa chỉ người gửi, ví dụ \"Văn phòng UBND tỉnh <theodoi@tinh.gov.vn>\"",
                );
                None
            }
            Some(v) => match v.parse::<Mailbox>() {
                Ok(m) => Some(m),
                Err(e) => {
                    p.add(
                        "THEODOI_SMTP_FROM",
                        format!("địa chỉ người gửi '{v}' không hợp lệ: {e}"),
                    );
                    None
                }
            },
        };
        let timeout = match var("THEODOI_SMTP_TIMEOUT") {
            None => 15,
            Some(v) => match v.trim().parse::<u64>() {
                Ok(n) if (1..=300).contains(&n) => n,
                _ => {
                    p.add(
                        "THEODOI_SMTP_TIMEOUT",
                        format!("thời gian chờ '{v}' không hợp lệ; nhập số giây từ 1 đến 300"),
                    );
                    15
                }
            },
        };
        let user = var("THEODOI_SMTP_USER");
        let password = var("THEODOI_SMTP_PASSWORD");
        if user.is_some() != password.is_some() {
            p.add(
                "THEODOI_SMTP_USER",
                "cần khai báo cả tên đăng nhập (THEODOI_SMTP_USER) và mật khẩu (THEODOI_SMTP_PASSWORD)",
            );
        }
        let base_url = var("THEODOI_BASE_URL")
            .unwrap_or_else(|| "http://127.0.0.1:8080".into())
            .trim_end_matches('/')
            .to_string();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            p.add(
                "THEODOI_BASE_URL",
                format!("địa chỉ trang '{base_url}' phải bắt đầu bằng http:// hoặc https://"),
            );
        }
        p.into_result()?;
        let Some(from) = from else {
            return Err(DomainError::invalid("THEODOI_SMTP_FROM", "thiếu người gửi"));
        };
        Ok(Some(Self {
            host: host.trim().to_string(),
            port,
            tls,
            from,
            user,
            password,
            base_url,
            timeout: Duration::from_secs(timeout),
        }))
    }

    fn transport(&self) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
        let tls = |host: &str| {
            TlsParameters::new(host.to_string()).map_err(|e| format!("cấu hình TLS lỗi: {e}"))
        };
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host)
            .port(self.port)
            .timeout(Some(self.timeout));
        b = match self.tls {
            TlsMode::None => b.tls(Tls::None),
            TlsMode::StartTls => b.tls(Tls::Required(tls(&self.host)?)),
            TlsMode::Tls => b.tls(Tls::Wrapper(tls(&self.host)?)),
        };
        if let (Some(u), Some(p)) = (&self.user, &self.password) {
            b = b.credentials(Credentials::new(u.clone(), p.clone()));
        }
        Ok(b.build())
    }

    /// Sends one plain-text message; `Ok` only when the server accepted it. The error text
    /// is in Vietnamese and names the server, never the password.
    pub async fn send(
        &self,
        to_name: &str,
        to_addr: &str,
        subject: &str,
        body: &str,
    ) -> Result<(), String> {
        let to: Mailbox = format!("{to_name} <{to_addr}>")
            .parse()
            .or_else(|_| to_addr.parse())
            .map_err(|e| format!("địa chỉ người nhận '{to_addr}' không hợp lệ: {e}"))?;
        let body = Body::new_with_encoding(body.to_string(), ContentTransferEncoding::Base64)
            .map_err(|_| "không mã hóa được nội dung thư".to_string())?;
        let msg = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| format!("không tạo được thư: {e}"))?;
        let transport = self.transport()?;
        let server = format!("{}:{}", self.host, self.port);
        match tokio::time::timeout(self.timeout + Duration::from_secs(5), transport.send(msg)).await
        {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(format!("máy chủ thư {server} không nhận thư: {e}")),
            Err(_) => Err(format!("máy chủ thư {server} không trả lời kịp")),
        }
    }
}
