//! The domain's error type, shared by services, API and CLI.

use serde::Serialize;

/// One problem with one input field, in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Which input is wrong (field name, CSV line, CLI flag…).
    pub field: String,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// Không tìm thấy
    #[error("Không tìm thấy {what}")]
    NotFound { what: String },
    /// Dữ liệu không hợp lệ
    #[error("Dữ liệu không hợp lệ: {}", describe(.0))]
    Invalid(Vec<FieldError>),
    /// Xung đột (trùng, sai trạng thái)
    #[error("{0}")]
    Conflict(String),
    /// Không có quyền
    #[error("Không có quyền: {0}")]
    Forbidden(String),
    /// Chưa đăng nhập
    #[error("Chưa đăng nhập hoặc phiên đã hết hạn")]
    Unauthenticated,
    #[error("Lỗi hệ thống: {0}")]
    Internal(String),
}

fn describe(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl DomainError {
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound { what: what.into() }
    }
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid(vec![FieldError::new(field, message)])
    }
    /// A stable snake_case code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "not_found",
            Self::Invalid(_) => "invalid_input",
            Self::Conflict(_) => "conflict",
            Self::Forbidden(_) => "forbidden",
            Self::Unauthenticated => "unauthenticated",
            Self::Internal(_) => "internal",
        }
    }
}

pub type DomainResult<T> = Result<T, DomainError>;

/// Collects field errors so a form reports every mistake at once.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// `Ok(())` when nothing was added, else `DomainError::Invalid` with every problem.
    pub fn into_result(self) -> DomainResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(self.0))
        }
    }
}
