//! Form helpers: field-level error messages kept for re-rendering, and dates typed as
//! `dd/mm/yyyy` (whatever the browser's locale).

use chrono::NaiveDate;
use theodoi_core::{DomainError, FieldError};

/// Messages to show on a re-rendered form: by field, plus ones that belong to no field.
#[derive(Debug, Clone, Default)]
pub struct Errors {
    pub fields: Vec<FieldError>,
    pub general: Vec<String>,
}

impl Errors {
    /// Validation and conflict errors become messages on the form; others (permission,
    /// not found, internal) stay errors and become a 403/404/500 page.
    pub fn from_error(e: DomainError) -> Result<Self, DomainError> {
        match e {
            DomainError::Invalid(fields) => Ok(Self {
                fields,
                general: vec![],
            }),
            DomainError::Conflict(m) => Ok(Self {
                fields: vec![],
                general: vec![m],
            }),
            other => Err(other),
        }
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.fields.push(FieldError::new(field, message));
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_empty()
    }

    /// The status of a page showing these messages: 200, or 422 when the form has mistakes.
    pub fn status(&self) -> axum::http::StatusCode {
        if self.is_empty() {
            axum::http::StatusCode::OK
        } else {
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        }
    }

    /// The message for one field, or "" (templates test with `is_empty`).
    pub fn get(&self, field: &str) -> String {
        self.fields
            .iter()
            .filter(|f| f.field == field)
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn has(&self, field: &str) -> bool {
        self.fields.iter().any(|f| f.field == field)
    }

    pub fn all(&self) -> Vec<String> {
        self.general
            .iter()
            .cloned()
            .chain(self.fields.iter().map(|f| f.message.clone()))
            .collect()
    }

    pub fn into_result(self) -> Result<(), DomainError> {
        if self.fields.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(self.fields))
        }
    }
}

/// A date typed `dd/mm/yyyy` (also `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, and ISO
/// `yyyy-mm-dd` from a date picker). Empty means none.
pub fn parse_date(field: &str, s: &str) -> Result<Option<NaiveDate>, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(d) = theodoi_core::window::parse_iso(s) {
        return Ok(Some(d));
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).map(str::trim).collect();
    if let [d, m, y] = parts.as_slice()
        && y.len() == 4
        && let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>())
        && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
    {
        return Ok(Some(date));
    }
    Err(FieldError::new(
        field,
        format!("'{s}' không phải ngày hợp lệ; viết theo dạng ngày/tháng/năm, ví dụ 15/01/2023"),
    ))
}

/// Shows an optional date as `dd/mm/yyyy`.
pub fn date_text(d: Option<NaiveDate>) -> String {
    d.map(theodoi_core::format::date_vi).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_first_whatever_the_separator() {
        let want = NaiveDate::from_ymd_opt(2023, 2, 5);
        for s in [
            "05/02/2023",
            "5/2/2023",
            "05-02-2023",
            "5.2.2023",
            "2023-02-05",
        ] {
            assert_eq!(parse_date("d", s).ok().flatten(), want, "{s}");
        }
        assert!(parse_date("d", "02/30/2023").is_err());
        assert!(parse_date("d", "5/2/23").is_err());
        assert_eq!(parse_date("d", "  ").ok().flatten(), None);
    }
}
