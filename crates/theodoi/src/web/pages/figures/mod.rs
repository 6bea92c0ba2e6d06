//! The figures pages (issue 5): indicators (`/chi-tieu`), public investment
//! (`/dau-tu-cong`), their entry forms, the Excel exchange (`/so-lieu/excel`) and the two
//! dashboard panels. Handlers call the service layer, which checks every permission.

pub mod charts;
pub mod dashboard;
pub mod files;
pub mod indicator_forms;
pub mod indicator_show;
pub mod indicators;
pub mod investment;
pub mod investment_forms;

use std::collections::HashMap;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use theodoi_core::FieldError;
use theodoi_core::model::Unit;

use crate::web::Web;
use crate::web::form::Errors;
use crate::web::multipart::MAX_UPLOAD_BYTES;

pub fn router() -> Router<Web> {
    Router::new()
        .route("/chi-tieu", get(indicators::list))
        .route("/chi-tieu/nhap", get(indicator_forms::form))
        .route("/chi-tieu/dang-ky", post(indicator_forms::register))
        .route("/chi-tieu/giao", post(indicator_forms::target))
        .route("/chi-tieu/so-lieu", post(indicator_forms::value))
        .route("/chi-tieu/dung-sai", post(indicator_forms::tolerance))
        .route("/chi-tieu/{code}", get(indicator_show::show))
        .route("/chi-tieu/{code}/nhiem-vu", post(indicator_show::link_task))
        .route("/dau-tu-cong", get(investment::show))
        .route("/dau-tu-cong/nhap", get(investment_forms::form))
        .route("/dau-tu-cong/giai-ngan", post(investment_forms::disburse))
        .route("/dau-tu-cong/dieu-chinh", post(investment_forms::adjust))
        .route("/dau-tu-cong/ke-hoach", post(investment_forms::plan))
        .route("/dau-tu-cong/nguon-von", post(investment_forms::source))
        .route(
            "/dau-tu-cong/moc-giai-ngan",
            post(investment_forms::milestones),
        )
        .route("/so-lieu/excel", get(files::page))
        .route("/so-lieu/excel/mau/{sheet}", get(files::template))
        .route("/so-lieu/excel/xuat/{sheet}", get(files::export))
        .route(
            "/so-lieu/excel/nhap",
            post(files::import).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
}

/// Posted fields by name (the last wins), kept to show the form again as typed.
pub type Values = HashMap<String, String>;

pub fn values(f: Vec<(String, String)>) -> Values {
    f.into_iter().filter(|(k, _)| k != "_csrf").collect()
}

pub fn val(v: &Values, k: &str) -> String {
    v.get(k).cloned().unwrap_or_default()
}

/// An option of a `<select>`.
pub struct Opt {
    pub value: String,
    pub label: String,
}

impl Opt {
    pub fn new(value: impl ToString, label: impl Into<String>) -> Self {
        Self {
            value: value.to_string(),
            label: label.into(),
        }
    }
}

pub fn unit_opts(units: &[Unit]) -> Vec<Opt> {
    units
        .iter()
        .map(|u| Opt::new(u.id.0, u.name.clone()))
        .collect()
}

/// A number as typed in Vietnamese (`8,62`, `5.650`, `1.234,5`) or with a decimal point
/// (`8.62`). A dot followed by groups of exactly three digits separates thousands.
pub fn parse_number(field: &str, label: &str, s: &str) -> Result<Option<f64>, FieldError> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return Ok(None);
    }
    let groups: Vec<&str> = t.split(',').next().unwrap_or("").split('.').collect();
    let thousands =
        t.contains(',') || (groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3));
    let norm = if thousands {
        t.replace('.', "").replace(',', ".")
    } else {
        t.clone()
    };
    match norm.parse::<f64>() {
        Ok(x) if x.is_finite() && !norm.contains(['e', 'E']) => Ok(Some(x)),
        _ => Err(FieldError::new(
            field,
            format!(
                "{label}: '{}' không phải là số (ví dụ 8,62 hoặc 5.650)",
                s.trim()
            ),
        )),
    }
}

/// The errors of a one-field settings form, every message shown beside `field`.
pub fn on_field(
    err: theodoi_core::DomainError,
    field: &str,
) -> Result<Errors, theodoi_core::DomainError> {
    let mut shown = Errors::from_error(err)?;
    for f in &mut shown.fields {
        f.field = field.into();
    }
    Ok(shown)
}

/// Service errors named by the service's field names, renamed to the form's (prefixed)
/// fields so that each message shows beside the field the user typed into.
pub fn prefixed(mut e: Errors, prefix: &str) -> Errors {
    for f in &mut e.fields {
        f.field = format!("{prefix}{}", f.field);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::parse_number;

    #[test]
    fn numbers_as_typed() {
        let n = |s| parse_number("v", "Giá trị", s).expect("number");
        assert_eq!(n("8,62"), Some(8.62));
        assert_eq!(n("8.62"), Some(8.62));
        assert_eq!(n("5.650"), Some(5650.0));
        assert_eq!(n("1.234,5"), Some(1234.5));
        assert_eq!(n("-0,5"), Some(-0.5));
        assert_eq!(n(" "), None);
        assert!(parse_number("v", "Giá trị", "tám").is_err());
        assert!(parse_number("v", "Giá trị", "1e9").is_err());
    }
}
