//! The report form (báo cáo định kỳ): the window chosen as a kind, a year and a month,
//! quarter or half (or two dates), and the report's options; turned into the service's
//! `ReportRequest` with every mistake reported on its field, and back into a query string
//! that the download links and the issue form carry.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use theodoi_core::format::date_vi;

use super::query;
use crate::service::ReportRequest;
use crate::web::form::{Errors, parse_date};

/// Every field arrives as text so that a mistake becomes a message, not a bare 400.
#[derive(Debug, Default, Deserialize, Clone)]
pub struct ReportQuery {
    /// A window written out (`month:2023-01`), as links and hidden fields carry it; the
    /// form's own fields (`kind`, `year`…) win when present.
    #[serde(default)]
    pub window: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub month: String,
    #[serde(default)]
    pub quarter: String,
    #[serde(default)]
    pub half: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub as_of: String,
    #[serde(default)]
    pub basis: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub deadline_basis: String,
    #[serde(default)]
    pub assigned_by: String,
    #[serde(default)]
    pub subtree: String,
    #[serde(default)]
    pub include_coop: String,
}

/// The window kinds of DESIGN.md §3, in the order the form offers them.
pub const KINDS: &[(&str, &str)] = &[
    ("month", "Tháng"),
    ("quarter", "Quý"),
    ("half", "6 tháng"),
    ("year", "Năm"),
    ("nd09-month", "Tháng (NĐ 09/2019: 15 → 14)"),
    ("nd09-quarter", "Quý (NĐ 09/2019)"),
    ("nd09-half", "6 tháng (NĐ 09/2019)"),
    ("nd09-year", "Năm (NĐ 09/2019)"),
    ("range", "Khoảng ngày"),
];

/// What the form shows: the values as typed (or as derived from `window`).
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub kind: String,
    pub year: String,
    pub month: String,
    pub quarter: String,
    pub half: String,
    pub from: String,
    pub to: String,
    pub as_of: String,
    pub basis: String,
    pub scope: String,
    pub deadline_basis: String,
    pub assigned_by: String,
    pub subtree: bool,
    pub include_coop: bool,
}

fn number_in(
    errors: &mut Errors,
    field: &str,
    v: &str,
    range: std::ops::RangeInclusive<u32>,
    what: &str,
) -> Option<u32> {
    match v.trim().parse::<u32>() {
        Ok(n) if range.contains(&n) => Some(n),
        _ => {
            errors.add(
                field,
                format!(
                    "{what} '{}' không hợp lệ (từ {} đến {})",
                    v.trim(),
                    range.start(),
                    range.end()
                ),
            );
            None
        }
    }
}

/// The form's fields filled in from a written-out window (`quarter:2023-Q1`).
fn from_window(w: &str, st: &mut FormState) {
    let Some((kind, rest)) = w.trim().split_once(':') else {
        return;
    };
    st.kind = kind.to_string();
    let base = kind.trim_start_matches("nd09-");
    match base {
        "range" => {
            if let Some((a, b)) = rest.split_once("..") {
                let show = |s: &str| {
                    theodoi_core::window::parse_iso(s).map_or_else(|| s.to_string(), date_vi)
                };
                st.from = show(a);
                st.to = show(b);
            }
        }
        "year" => st.year = rest.to_string(),
        _ => {
            if let Some((y, p)) = rest.split_once('-') {
                st.year = y.to_string();
                let p = p.trim_start_matches(['Q', 'q', 'H', 'h']);
                let p = p.trim_start_matches('0').to_string();
                match base {
                    "month" => st.month = p,
                    "quarter" => st.quarter = p,
                    "half" => st.half = p,
                    _ => {}
                }
            }
        }
    }
}

impl ReportQuery {
    /// The service request and the form as shown; `errors` gets every mistake, by field.
    pub fn resolve(&self, today: NaiveDate, errors: &mut Errors) -> (ReportRequest, FormState) {
        let mut st = FormState {
            as_of: self.as_of.trim().to_string(),
            basis: self.basis.clone(),
            scope: self.scope.clone(),
            deadline_basis: self.deadline_basis.clone(),
            assigned_by: self.assigned_by.clone(),
            subtree: self.subtree == "1",
            include_coop: self.include_coop == "1",
            ..Default::default()
        };
        let window = if !self.kind.trim().is_empty() {
            st.kind = self.kind.trim().to_string();
            st.year = self.year.trim().to_string();
            st.month = self.month.trim().to_string();
            st.quarter = self.quarter.trim().to_string();
            st.half = self.half.trim().to_string();
            st.from = self.from.trim().to_string();
            st.to = self.to.trim().to_string();
            self.window_of_form(&st, errors)
        } else if !self.window.trim().is_empty() {
            from_window(&self.window, &mut st);
            Some(self.window.trim().to_string())
        } else {
            let w = format!("month:{:04}-{:02}", today.year(), today.month());
            from_window(&w, &mut st);
            Some(w)
        };
        let as_of = match parse_date("as_of", &self.as_of) {
            Ok(d) => d,
            Err(e) => {
                errors.fields.push(e);
                None
            }
        };
        if let Some(d) = as_of {
            st.as_of = date_vi(d);
        }
        let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let req = ReportRequest {
            window: window.unwrap_or_default(),
            as_of: as_of.map(|d| d.to_string()),
            basis: some(&self.basis),
            scope: some(&self.scope),
            deadline_basis: some(&self.deadline_basis),
            assigned_by: some(&self.assigned_by),
            subtree: st.subtree,
            include_delegated: false,
            include_coop: st.include_coop,
        };
        (req, st)
    }

    fn window_of_form(&self, st: &FormState, errors: &mut Errors) -> Option<String> {
        let kind = st.kind.as_str();
        if !KINDS.iter().any(|(k, _)| *k == kind) {
            errors.add("kind", format!("loại kỳ '{kind}' không hợp lệ"));
            return None;
        }
        if kind == "range" {
            let from = parse_date("from", &st.from).map_err(|e| errors.fields.push(e));
            let to = parse_date("to", &st.to).map_err(|e| errors.fields.push(e));
            return match (from, to) {
                (Ok(Some(a)), Ok(Some(b))) => Some(format!("range:{a}..{b}")),
                (Ok(a), Ok(b)) => {
                    if a.is_none() {
                        errors.add("from", "thiếu ngày bắt đầu của khoảng ngày");
                    }
                    if b.is_none() {
                        errors.add("to", "thiếu ngày kết thúc của khoảng ngày");
                    }
                    None
                }
                _ => None,
            };
        }
        let year = number_in(errors, "year", &st.year, 2000..=2100, "năm")?;
        let base = kind.trim_start_matches("nd09-");
        let rest = match base {
            "month" => format!(
                "{year:04}-{:02}",
                number_in(errors, "month", &st.month, 1..=12, "tháng")?
            ),
            "quarter" => format!(
                "{year:04}-Q{}",
                number_in(errors, "quarter", &st.quarter, 1..=4, "quý")?
            ),
            "half" => format!(
                "{year:04}-H{}",
                number_in(errors, "half", &st.half, 1..=2, "nửa năm")?
            ),
            _ => format!("{year:04}"),
        };
        Some(format!("{kind}:{rest}"))
    }
}

/// The query string of a resolved request (for the download links and the issue form).
pub fn request_query(r: &ReportRequest) -> String {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    query(&[
        ("window", r.window.clone()),
        ("as_of", opt(&r.as_of)),
        ("basis", opt(&r.basis)),
        ("scope", opt(&r.scope)),
        ("deadline_basis", opt(&r.deadline_basis)),
        ("assigned_by", opt(&r.assigned_by)),
        (
            "subtree",
            if r.subtree { "1".into() } else { String::new() },
        ),
        (
            "include_coop",
            if r.include_coop {
                "1".into()
            } else {
                String::new()
            },
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(q: ReportQuery) -> (ReportRequest, FormState, Errors) {
        let mut e = Errors::default();
        let today = NaiveDate::from_ymd_opt(2023, 2, 10).expect("date");
        let (r, st) = q.resolve(today, &mut e);
        (r, st, e)
    }

    #[test]
    fn form_fields_make_the_window() {
        let (r, _, e) = resolve(ReportQuery {
            kind: "nd09-quarter".into(),
            year: "2023".into(),
            quarter: "1".into(),
            as_of: "14/03/2023".into(),
            ..Default::default()
        });
        assert!(e.is_empty(), "{:?}", e.all());
        assert_eq!(r.window, "nd09-quarter:2023-Q1");
        assert_eq!(r.as_of.as_deref(), Some("2023-03-14"));
        let (r, _, _) = resolve(ReportQuery {
            kind: "range".into(),
            from: "01/01/2023".into(),
            to: "31/03/2023".into(),
            ..Default::default()
        });
        assert_eq!(r.window, "range:2023-01-01..2023-03-31");
    }

    #[test]
    fn a_written_window_fills_the_form_back() {
        let (r, st, e) = resolve(ReportQuery {
            window: "month:2023-01".into(),
            ..Default::default()
        });
        assert!(e.is_empty());
        assert_eq!(r.window, "month:2023-01");
        assert_eq!(
            (st.kind.as_str(), st.year.as_str(), st.month.as_str()),
            ("month", "2023", "1")
        );
        let (_, st, _) = resolve(ReportQuery::default());
        assert_eq!((st.kind.as_str(), st.month.as_str()), ("month", "2"));
    }

    #[test]
    fn mistakes_are_named_by_field_and_kept() {
        let (_, st, e) = resolve(ReportQuery {
            kind: "month".into(),
            year: "23".into(),
            month: "13".into(),
            as_of: "31/02/2023".into(),
            ..Default::default()
        });
        assert!(e.has("year") && e.has("as_of"), "{:?}", e.all());
        assert_eq!(st.as_of, "31/02/2023", "what was typed stays in the form");
        let (_, _, e) = resolve(ReportQuery {
            kind: "range".into(),
            from: "01/01/2023".into(),
            ..Default::default()
        });
        assert!(e.has("to"));
    }
}
