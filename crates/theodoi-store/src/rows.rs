//! Decoding helpers: the `Any` driver carries dates as text and flags as integers.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{StoreError, StoreResult};

pub fn date(row: &AnyRow, col: &str) -> StoreResult<NaiveDate> {
    let s: String = row.try_get(col)?;
    parse_date(&s, col)
}

pub fn opt_date(row: &AnyRow, col: &str) -> StoreResult<Option<NaiveDate>> {
    let s: Option<String> = row.try_get(col)?;
    s.map(|s| parse_date(&s, col)).transpose()
}

pub fn parse_date(s: &str, col: &str) -> StoreResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("{col}={s}")))
}

pub fn instant(row: &AnyRow, col: &str) -> StoreResult<DateTime<Utc>> {
    let s: String = row.try_get(col)?;
    parse_instant(&s, col)
}

pub fn opt_instant(row: &AnyRow, col: &str) -> StoreResult<Option<DateTime<Utc>>> {
    let s: Option<String> = row.try_get(col)?;
    s.map(|s| parse_instant(&s, col)).transpose()
}

fn parse_instant(s: &str, col: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt(format!("{col}={s}")))
}

pub fn flag(row: &AnyRow, col: &str) -> StoreResult<bool> {
    let v: i64 = row.try_get(col)?;
    Ok(v != 0)
}

pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn opt_iso(d: Option<NaiveDate>) -> Option<String> {
    d.map(iso)
}

pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Marks SQL assembled from static fragments (never from user input: values are bound).
pub fn sql(s: String) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(s)
}
