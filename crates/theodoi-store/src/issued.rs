//! Issued (frozen) reports: written once, never changed (the database refuses updates and
//! deletes).

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::Row;
use theodoi_core::ids::UserId;

use crate::rows::{instant, ts};
use crate::{Store, StoreResult, Tx};

#[derive(Debug, Clone, Serialize)]
pub struct IssuedReport {
    pub id: i64,
    pub number: String,
    pub title: String,
    /// The parameters, as the service layer serialised them.
    pub params: serde_json::Value,
    /// The report as it was when issued.
    pub report: serde_json::Value,
    pub issued_by: Option<UserId>,
    pub issued_by_name: String,
    pub issued_at: DateTime<Utc>,
}

fn corrupt(e: serde_json::Error) -> crate::StoreError {
    crate::StoreError::Corrupt(e.to_string())
}

impl Tx {
    pub async fn insert_issued_report(
        &mut self,
        number: &str,
        title: &str,
        params: &serde_json::Value,
        report: &serde_json::Value,
        issued_by: Option<UserId>,
        issued_by_name: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO issued_reports (number, title, params_json, report_json, issued_by, issued_by_name, issued_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(number)
        .bind(title)
        .bind(serde_json::to_string(params).map_err(corrupt)?)
        .bind(serde_json::to_string(report).map_err(corrupt)?)
        .bind(issued_by.map(|u| u.0))
        .bind(issued_by_name)
        .bind(ts(at))
        .fetch_one(&mut *self.inner)
        .await?;
        Ok(id)
    }
}

impl Store {
    pub async fn issued_report(&self, id: i64) -> StoreResult<Option<IssuedReport>> {
        let row = sqlx::query(
            "SELECT id, number, title, params_json, report_json, issued_by, issued_by_name, issued_at \
             FROM issued_reports WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            let params: String = r.try_get("params_json")?;
            let report: String = r.try_get("report_json")?;
            let by: Option<i64> = r.try_get("issued_by")?;
            Ok(IssuedReport {
                id: r.try_get("id")?,
                number: r.try_get("number")?,
                title: r.try_get("title")?,
                params: serde_json::from_str(&params).map_err(corrupt)?,
                report: serde_json::from_str(&report).map_err(corrupt)?,
                issued_by: by.map(UserId),
                issued_by_name: r.try_get("issued_by_name")?,
                issued_at: instant(&r, "issued_at")?,
            })
        })
        .transpose()
    }

    /// The issued reports, newest first, without their figures.
    pub async fn issued_reports(&self) -> StoreResult<Vec<(i64, String, String, DateTime<Utc>)>> {
        let rows =
            sqlx::query("SELECT id, number, title, issued_at FROM issued_reports ORDER BY id DESC")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    r.try_get("number")?,
                    r.try_get("title")?,
                    instant(r, "issued_at")?,
                ))
            })
            .collect()
    }
}
