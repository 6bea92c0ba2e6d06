//! Issued reports: the office freezes a report (its parameters and figures) when it sends it;
//! later it can be recomputed from the same parameters to see what has changed since.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use theodoi_core::access::Actor;
use theodoi_core::format::{date_vi, int_vi, percent_vi};
use theodoi_core::report::Report;
use theodoi_core::{DomainError, DomainResult};
use theodoi_store::IssuedReport;

use super::{ReportRequest, Services, actor_id};

/// One figure that differs between the issued report and the same report computed now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportChange {
    pub item: String,
    pub issued: String,
    pub now: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IssuedComparison {
    pub issued: IssuedReport,
    pub now: Report,
    pub changes: Vec<ReportChange>,
}

impl Services {
    /// Computes the report and stores it, frozen, with its parameters (the as-of date fixed).
    pub async fn issue_report(
        &self,
        actor: &Actor,
        req: &ReportRequest,
        number: &str,
    ) -> DomainResult<IssuedReport> {
        actor.require_leader_or_office("ban hành báo cáo")?;
        let number = number.trim();
        if number.is_empty() {
            return Err(DomainError::invalid(
                "number",
                "thiếu số báo cáo (ví dụ 15/BC-VP)",
            ));
        }
        if let Some((id, ..)) = self
            .store
            .issued_reports()
            .await?
            .into_iter()
            .find(|(_, n, ..)| n.trim() == number)
        {
            return Err(DomainError::invalid(
                "number",
                format!("số báo cáo {number} đã dùng cho báo cáo đã ban hành #{id}"),
            ));
        }
        let params = self.report_params(req).await?;
        let report = self.report(actor, &params).await?;
        let mut frozen = req.clone();
        frozen.as_of = Some(params.as_of.format("%Y-%m-%d").to_string());
        let params_json = serde_json::to_value(&frozen).map_err(internal)?;
        let report_json = serde_json::to_value(&report).map_err(internal)?;
        let title = format!(
            "Báo cáo tình hình thực hiện nhiệm vụ từ ngày {} đến ngày {} (số liệu đến ngày {})",
            date_vi(params.window.from),
            date_vi(params.window.to),
            date_vi(params.as_of)
        );
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        let id = tx
            .insert_issued_report(
                number,
                &title,
                &params_json,
                &report_json,
                actor_id(actor),
                &actor.user.full_name,
                at,
            )
            .await?;
        tx.audit(
            at,
            actor_id(actor),
            "issued_report",
            id,
            "issue",
            None::<&()>,
            Some(&params_json),
        )
        .await?;
        tx.commit().await?;
        self.issued_report(actor, id).await
    }

    /// The issued reports, newest first: (id, number, title, issued at). They hold every
    /// unit's figures, so they are for those who see everything (leaders, office, inspectors).
    pub async fn issued_reports(
        &self,
        actor: &Actor,
    ) -> DomainResult<Vec<(i64, String, String, chrono::DateTime<chrono::Utc>)>> {
        require_issued_reader(actor)?;
        Ok(self.store.issued_reports().await?)
    }

    pub async fn issued_report(&self, actor: &Actor, id: i64) -> DomainResult<IssuedReport> {
        require_issued_reader(actor)?;
        self.store
            .issued_report(id)
            .await?
            .ok_or_else(|| DomainError::not_found(format!("báo cáo đã ban hành số {id}")))
    }

    /// The issued report beside the same report computed now from today's data, and the
    /// figures that changed.
    pub async fn issued_report_now(
        &self,
        actor: &Actor,
        id: i64,
    ) -> DomainResult<IssuedComparison> {
        let issued = self.issued_report(actor, id).await?;
        let req: ReportRequest = serde_json::from_value(issued.params.clone()).map_err(internal)?;
        let params = self.report_params(&req).await?;
        let now = self.report(actor, &params).await?;
        let now_json = serde_json::to_value(&now).map_err(internal)?;
        let changes = compare(&issued.report, &now_json);
        Ok(IssuedComparison {
            issued,
            now,
            changes,
        })
    }
}

fn require_issued_reader(actor: &Actor) -> DomainResult<()> {
    if actor.sees_everything() {
        Ok(())
    } else {
        Err(DomainError::Forbidden(format!(
            "tài khoản {} không được xem báo cáo đã ban hành (chỉ lãnh đạo, văn phòng và tổ công tác)",
            actor.user.username
        )))
    }
}

fn internal(e: serde_json::Error) -> DomainError {
    DomainError::Internal(e.to_string())
}

const TOTAL_KEYS: &[(&str, &str)] = &[
    ("tasks", "Tổng số nhiệm vụ"),
    ("completed", "Đã hoàn thành"),
    ("completed_on_time", "Hoàn thành đúng hạn"),
    ("completed_late", "Hoàn thành quá hạn"),
    ("in_progress", "Đang thực hiện"),
    ("in_progress_on_time", "Đang thực hiện trong hạn"),
    ("overdue", "Quá hạn"),
    ("awaiting_confirmation", "Chờ xác nhận hoàn thành"),
    ("suspended", "Tạm hoãn"),
    ("no_deadline", "Không thời hạn"),
    ("overdue_rate", "Tỷ lệ quá hạn"),
];

const ROW_KEYS: &[(&str, &str)] = &[
    ("tasks", "tổng số"),
    ("completed", "hoàn thành"),
    ("in_progress", "đang thực hiện"),
    ("overdue", "quá hạn"),
];

fn show(key: &str, v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "—".into(),
        Some(v) if key.ends_with("_rate") => percent_vi(v.as_f64().unwrap_or(0.0)),
        Some(v) => v
            .as_i64()
            .map(int_vi)
            .unwrap_or_else(|| v.as_str().map(str::to_string).unwrap_or(v.to_string())),
    }
}

fn diff_keys(
    out: &mut Vec<ReportChange>,
    prefix: &str,
    keys: &[(&str, &str)],
    a: &Value,
    b: &Value,
) {
    for (k, label) in keys {
        let (x, y) = (a.get(k), b.get(k));
        if x != y {
            out.push(ReportChange {
                item: format!("{prefix}{label}"),
                issued: show(k, x),
                now: show(k, y),
            });
        }
    }
}

/// Rows of a list keyed by `id_key`, labelled by `label_key`.
fn rows<'a>(
    v: &'a Value,
    list: &str,
    id_key: &str,
    label_key: &str,
) -> BTreeMap<String, (String, &'a Value)> {
    v.get(list)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|r| {
                    let id = r.get(id_key).map(Value::to_string).unwrap_or_default();
                    let label = r
                        .get(label_key)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string();
                    (id, (label, r))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The figures that differ between two reports (as JSON), in reading order.
pub fn compare(issued: &Value, now: &Value) -> Vec<ReportChange> {
    let mut out = Vec::new();
    let none = Value::Null;
    diff_keys(
        &mut out,
        "",
        TOTAL_KEYS,
        issued.get("totals").unwrap_or(&none),
        now.get("totals").unwrap_or(&none),
    );
    for (list, id, label, what) in [
        ("units", "unit_id", "unit", "Đơn vị"),
        ("leaders", "key", "label", "Lãnh đạo giao"),
        ("fields", "key", "label", "Lĩnh vực"),
        ("documents", "key", "label", "Văn bản"),
    ] {
        let (a, b) = (rows(issued, list, id, label), rows(now, list, id, label));
        let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for k in keys {
            let (name, x, y) = match (a.get(k), b.get(k)) {
                (Some((n, x)), Some((_, y))) => (n, *x, *y),
                (Some((n, x)), None) => (n, *x, &none),
                (None, Some((n, y))) => (n, &none, *y),
                (None, None) => continue,
            };
            diff_keys(&mut out, &format!("{what} {name}: "), ROW_KEYS, x, y);
        }
    }
    let (a, b) = (
        rows(issued, "groups", "group_id", "content"),
        rows(now, "groups", "group_id", "content"),
    );
    for (k, (name, x)) in &a {
        let y = b.get(k).map(|(_, y)| *y).unwrap_or(&none);
        diff_keys(
            &mut out,
            &format!("Nhiệm vụ giao nhiều đơn vị “{name}”: "),
            &[("not_completed", "số đơn vị chưa hoàn thành")],
            x,
            y,
        );
    }
    out
}
