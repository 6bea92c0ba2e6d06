//! Backup and restore of the whole database, attachments included, in a portable
//! JSON-lines file: a SQLite backup restores into PostgreSQL and back.

use std::io::{BufRead, Write};

use base64::Engine;
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use sqlx::Row;

use crate::rows::sql;
use crate::{Backend, Store, StoreError, StoreResult};

const FORMAT: &str = "theodoi-backup-2";
/// Files of the first format restore too: they lack only the columns below (added by the
/// reminders, issue 7), which then keep their defaults.
const FORMAT_1: &str = "theodoi-backup-1";
const ADDED_IN_2: &[(&str, &str)] = &[
    ("units", "contact_user_id"),
    ("users", "email"),
    ("users", "delivery"),
];

/// A column that refers to a row restored later (a unit's successor, a unit's contact person,
/// who is a user): restored as NULL first and set once every row is in.
fn deferred(table: &str, column: &str) -> bool {
    table == "units" && matches!(column, "successor_id" | "contact_user_id")
}

/// Tables in an order that satisfies their references, with column types:
/// `i` integer, `f` floating point, `t` text, `b` bytes.
const TABLES: &[(&str, &[(&str, char)])] = &[
    (
        "units",
        &[
            ("id", 'i'),
            ("code", 't'),
            ("name", 't'),
            ("short_name", 't'),
            ("kind", 't'),
            ("parent_id", 'i'),
            ("valid_from", 't'),
            ("valid_to", 't'),
            ("successor_id", 'i'),
            ("name_folded", 't'),
            ("created_at", 't'),
            ("contact_user_id", 'i'),
        ],
    ),
    (
        "unit_aliases",
        &[("unit_id", 'i'), ("alias", 't'), ("alias_folded", 't')],
    ),
    (
        "users",
        &[
            ("id", 'i'),
            ("username", 't'),
            ("full_name", 't'),
            ("password_hash", 't'),
            ("role", 't'),
            ("unit_id", 'i'),
            ("title", 't'),
            ("active", 'i'),
            ("created_at", 't'),
            ("email", 't'),
            ("delivery", 't'),
        ],
    ),
    (
        "api_tokens",
        &[
            ("id", 'i'),
            ("user_id", 'i'),
            ("name", 't'),
            ("token_hash", 't'),
            ("created_at", 't'),
            ("revoked_at", 't'),
        ],
    ),
    (
        "documents",
        &[
            ("id", 'i'),
            ("number", 't'),
            ("doc_date", 't'),
            ("kind", 't'),
            ("issuer_unit_id", 'i'),
            ("issuer_text", 't'),
            ("signer", 't'),
            ("summary", 't'),
            ("secrecy", 't'),
            ("urgency", 't'),
            ("parent_id", 'i'),
            ("folded", 't'),
            ("created_by", 'i'),
            ("created_at", 't'),
        ],
    ),
    (
        "attachments",
        &[
            ("id", 'i'),
            ("owner_kind", 't'),
            ("owner_id", 'i'),
            ("filename", 't'),
            ("content_type", 't'),
            ("size_bytes", 'i'),
            ("sha256", 't'),
            ("data", 'b'),
            ("created_by", 'i'),
            ("created_at", 't'),
        ],
    ),
    (
        "assignment_groups",
        &[
            ("id", 'i'),
            ("content", 't'),
            ("document_id", 'i'),
            ("created_at", 't'),
        ],
    ),
    (
        "tasks",
        &[
            ("id", 'i'),
            ("document_id", 'i'),
            ("clause", 't'),
            ("content", 't'),
            ("folded", 't'),
            ("lead_unit_id", 'i'),
            ("lead_since", 't'),
            ("assigned_by_user_id", 'i'),
            ("assigned_by_unit_id", 'i'),
            ("assigned_on", 't'),
            ("deadline_kind", 't'),
            ("deadline_text", 't'),
            ("deadline_original", 't'),
            ("deadline_current", 't'),
            ("deadline_changed_on", 't'),
            ("recurrence", 't'),
            ("series_id", 'i'),
            ("period_label", 't'),
            ("is_key", 'i'),
            ("field", 't'),
            ("parent_id", 'i'),
            ("group_id", 'i'),
            ("report_level", 'i'),
            ("state", 't'),
            ("completed_on", 't'),
            ("withdrawn_on", 't'),
            ("has_suspensions", 'i'),
            ("has_claims", 'i'),
            ("secret", 'i'),
            ("created_by", 'i'),
            ("created_at", 't'),
            ("updated_at", 't'),
            ("assigned_by_text", 't'),
        ],
    ),
    ("task_coop_units", &[("task_id", 'i'), ("unit_id", 'i')]),
    (
        "task_leads",
        &[
            ("id", 'i'),
            ("task_id", 'i'),
            ("from_date", 't'),
            ("unit_id", 'i'),
            ("reason", 't'),
        ],
    ),
    (
        "task_deadlines",
        &[
            ("id", 'i'),
            ("task_id", 'i'),
            ("effective_on", 't'),
            ("deadline", 't'),
            ("reason", 't'),
        ],
    ),
    (
        "task_suspensions",
        &[
            ("id", 'i'),
            ("task_id", 'i'),
            ("from_date", 't'),
            ("until_date", 't'),
            ("reason", 't'),
        ],
    ),
    (
        "progress_reports",
        &[
            ("id", 'i'),
            ("task_id", 'i'),
            ("report_date", 't'),
            ("body", 't'),
            ("percent", 'i'),
            ("author_id", 'i'),
            ("created_at", 't'),
        ],
    ),
    (
        "completion_claims",
        &[
            ("id", 'i'),
            ("task_id", 'i'),
            ("finished_on", 't'),
            ("claimed_on", 't'),
            ("result_number", 't'),
            ("result_text", 't'),
            ("claimed_by", 'i'),
            ("claimed_at", 't'),
            ("decision", 't'),
            ("decided_by", 'i'),
            ("decided_on", 't'),
            ("decided_at", 't'),
            ("note", 't'),
        ],
    ),
    (
        "extension_requests",
        &[
            ("id", 'i'),
            ("task_id", 'i'),
            ("reason", 't'),
            ("proposed_deadline", 't'),
            ("requested_by", 'i'),
            ("requested_on", 't'),
            ("decision", 't'),
            ("decided_by", 'i'),
            ("decided_on", 't'),
            ("note", 't'),
        ],
    ),
    (
        "audit_events",
        &[
            ("id", 'i'),
            ("at", 't'),
            ("actor_id", 'i'),
            ("entity", 't'),
            ("entity_id", 'i'),
            ("action", 't'),
            ("before_json", 't'),
            ("after_json", 't'),
        ],
    ),
    (
        "calendar_days",
        &[("day", 't'), ("kind", 't'), ("name", 't'), ("note", 't')],
    ),
    ("settings", &[("key", 't'), ("value", 't')]),
    (
        "indicators",
        &[
            ("id", 'i'),
            ("code", 't'),
            ("name", 't'),
            ("unit_of_measure", 't'),
            ("decimals", 'i'),
            ("direction", 't'),
            ("aggregation", 't'),
            ("responsible_unit_id", 'i'),
            ("decision", 't'),
            ("created_at", 't'),
        ],
    ),
    (
        "indicator_targets",
        &[
            ("id", 'i'),
            ("indicator_id", 'i'),
            ("unit_id", 'i'),
            ("period", 't'),
            ("low", 'f'),
            ("high", 'f'),
            ("wording", 't'),
            ("decision", 't'),
            ("created_at", 't'),
        ],
    ),
    (
        "indicator_values",
        &[
            ("id", 'i'),
            ("indicator_id", 'i'),
            ("unit_id", 'i'),
            ("period", 't'),
            ("value", 'f'),
            ("quality", 't'),
            ("source", 't'),
            ("reporter_id", 'i'),
            ("weight", 'f'),
            ("reported_on", 't'),
            ("created_at", 't'),
        ],
    ),
    (
        "indicator_tasks",
        &[("indicator_id", 'i'), ("task_id", 'i')],
    ),
    (
        "invest_sources",
        &[
            ("id", 'i'),
            ("code", 't'),
            ("name", 't'),
            ("parent_id", 'i'),
        ],
    ),
    (
        "invest_plans",
        &[
            ("id", 'i'),
            ("year", 'i'),
            ("unit_id", 'i'),
            ("source_id", 'i'),
            ("project", 't'),
            ("investor_unit_id", 'i'),
            ("amount", 'i'),
            ("pm_amount", 'i'),
            ("decision", 't'),
            ("created_at", 't'),
        ],
    ),
    (
        "invest_adjustments",
        &[
            ("id", 'i'),
            ("plan_id", 'i'),
            ("date", 't'),
            ("delta", 'i'),
            ("decision", 't'),
            ("created_at", 't'),
        ],
    ),
    (
        "invest_disbursements",
        &[
            ("id", 'i'),
            ("plan_id", 'i'),
            ("as_of", 't'),
            ("cumulative", 'i'),
            ("reporter_id", 'i'),
            ("note", 't'),
            ("created_at", 't'),
        ],
    ),
    (
        "issued_reports",
        &[
            ("id", 'i'),
            ("number", 't'),
            ("title", 't'),
            ("params_json", 't'),
            ("report_json", 't'),
            ("issued_by", 'i'),
            ("issued_by_name", 't'),
            ("issued_at", 't'),
        ],
    ),
    // Reminders (issue 7): restored so that nothing is sent twice after a restore.
    (
        "notifications",
        &[
            ("id", 'i'),
            ("recipient_id", 'i'),
            ("kind", 't'),
            ("task_id", 'i'),
            ("dedupe_key", 't'),
            ("day", 't'),
            ("deadline", 't'),
            ("days_overdue", 'i'),
            ("created_at", 't'),
            ("read_at", 't'),
            ("emailed_at", 't'),
            ("email_attempts", 'i'),
            ("last_error", 't'),
        ],
    ),
    (
        "email_digests",
        &[
            ("recipient_id", 'i'),
            ("day", 't'),
            ("claimed_until", 't'),
            ("sent_at", 't'),
            ("attempts", 'i'),
            ("last_error", 't'),
        ],
    ),
    (
        "urgings",
        &[
            ("id", 'i'),
            ("task_id", 'i'),
            ("unit_id", 'i'),
            ("urged_on", 't'),
            ("document_number", 't'),
            ("created_by", 'i'),
            ("created_at", 't'),
        ],
    ),
    (
        "inspections",
        &[
            ("id", 'i'),
            ("title", 't'),
            ("unit_id", 'i'),
            ("planned_on", 't'),
            ("visited_on", 't'),
            ("members", 't'),
            ("nature", 't'),
            ("severity", 't'),
            ("causes", 't'),
            ("responsibility", 't'),
            ("status", 't'),
            ("created_by", 'i'),
            ("created_at", 't'),
        ],
    ),
    (
        "inspection_tasks",
        &[("inspection_id", 'i'), ("task_id", 'i'), ("relation", 't')],
    ),
];

/// What a backup or restore moved.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct BackupSummary {
    pub tables: Vec<(String, u64)>,
}

impl BackupSummary {
    pub fn rows(&self, table: &str) -> u64 {
        self.tables
            .iter()
            .find(|(t, _)| t == table)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }
}

impl Store {
    /// Writes every table to `out`. Reads happen in one transaction, so the copy is consistent.
    pub async fn backup(&self, out: &mut impl Write) -> StoreResult<BackupSummary> {
        let io = |e: std::io::Error| StoreError::Config(format!("không ghi được tệp sao lưu: {e}"));
        writeln!(out, "{}", json!({"format": FORMAT})).map_err(io)?;
        let mut tx = self.pool.begin().await?;
        let mut summary = BackupSummary::default();
        for (table, cols) in TABLES {
            let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
            let order = if names.contains(&"id") {
                "id"
            } else {
                names[0]
            };
            let query = format!("SELECT {} FROM {table} ORDER BY {order}", names.join(", "));
            let mut rows = sqlx::query(sql(query)).fetch(&mut *tx);
            let mut n = 0u64;
            while let Some(r) = rows.try_next().await? {
                let mut values = Vec::with_capacity(cols.len());
                for (name, ty) in *cols {
                    let v = match ty {
                        'f' => r
                            .try_get::<Option<f64>, _>(*name)?
                            .map(Value::from)
                            .unwrap_or(Value::Null),
                        'i' => r
                            .try_get::<Option<i64>, _>(*name)?
                            .map(Value::from)
                            .unwrap_or(Value::Null),
                        'b' => r
                            .try_get::<Option<Vec<u8>>, _>(*name)?
                            .map(|b| {
                                Value::from(base64::engine::general_purpose::STANDARD.encode(b))
                            })
                            .unwrap_or(Value::Null),
                        _ => r
                            .try_get::<Option<String>, _>(*name)?
                            .map(Value::from)
                            .unwrap_or(Value::Null),
                    };
                    values.push(v);
                }
                writeln!(out, "{}", json!({"t": table, "r": values})).map_err(io)?;
                n += 1;
            }
            summary.tables.push((table.to_string(), n));
        }
        out.flush().map_err(io)?;
        Ok(summary)
    }

    /// Loads a backup into this database, which must hold no units, users or tasks yet.
    /// All or nothing: any error leaves the database as it was.
    pub async fn restore(&self, input: impl BufRead) -> StoreResult<BackupSummary> {
        let existing: i64 = sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM units) + (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM tasks)")
            .fetch_one(&self.pool)
            .await?;
        if existing > 0 {
            return Err(StoreError::Config(
                "cơ sở dữ liệu đích đã có dữ liệu; hãy khôi phục vào một cơ sở dữ liệu mới".into(),
            ));
        }
        let mut tx = self.pool.begin().await?;
        // The shipped calendar and default settings are seeded by migrations' callers; the backup's win.
        sqlx::query("DELETE FROM calendar_days")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM settings")
            .execute(&mut *tx)
            .await?;
        let mut summary = BackupSummary::default();
        // (column, unit id, value) of the deferred references.
        let mut later: Vec<(&str, i64, i64)> = Vec::new();
        let mut lines = input.lines();
        let bad = |line: usize, why: String| {
            StoreError::Config(format!("tệp sao lưu hỏng ở dòng {line}: {why}"))
        };
        let header = lines
            .next()
            .transpose()
            .map_err(|e| bad(1, e.to_string()))?
            .unwrap_or_default();
        let header: Value = serde_json::from_str(&header).map_err(|e| bad(1, e.to_string()))?;
        let version_1 = match header.get("format").and_then(Value::as_str) {
            Some(FORMAT) => false,
            Some(FORMAT_1) => true,
            _ => return Err(bad(1, format!("không phải tệp sao lưu theodoi ({FORMAT})"))),
        };
        for (i, line) in lines.enumerate() {
            let no = i + 2;
            let line = line.map_err(|e| bad(no, e.to_string()))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(&line).map_err(|e| bad(no, e.to_string()))?;
            let table = v
                .get("t")
                .and_then(Value::as_str)
                .ok_or_else(|| bad(no, "thiếu tên bảng".into()))?;
            let (table, all_cols) = TABLES
                .iter()
                .find(|(t, _)| *t == table)
                .ok_or_else(|| bad(no, format!("bảng lạ '{table}'")))?;
            let table: &str = table;
            let cols: Vec<(&str, char)> = all_cols
                .iter()
                .filter(|(name, _)| !(version_1 && ADDED_IN_2.contains(&(table, *name))))
                .copied()
                .collect();
            let values = v
                .get("r")
                .and_then(Value::as_array)
                .ok_or_else(|| bad(no, "thiếu dữ liệu".into()))?;
            if values.len() != cols.len() {
                return Err(bad(
                    no,
                    format!("bảng {table} cần {} cột, có {}", cols.len(), values.len()),
                ));
            }
            // NULLs are written as literals: an untyped NULL parameter is refused by PostgreSQL
            // for some column types through the Any driver.
            let mut next = 0;
            let placeholders: Vec<String> = cols
                .iter()
                .zip(values)
                .map(|((name, _), v)| {
                    let null = v.is_null() || deferred(table, name);
                    if null {
                        "NULL".to_string()
                    } else {
                        next += 1;
                        format!("${next}")
                    }
                })
                .collect();
            let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
            let stmt = format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                names.join(", "),
                placeholders.join(", ")
            );
            let mut q = sqlx::query(sql(stmt));
            for ((name, ty), value) in cols.iter().zip(values) {
                let mut value = value.clone();
                if deferred(table, name) && !value.is_null() {
                    let id = values.first().and_then(Value::as_i64).unwrap_or_default();
                    later.push((name, id, value.as_i64().unwrap_or_default()));
                    value = Value::Null;
                }
                q = match (ty, &value) {
                    (_, Value::Null) => q,
                    ('f', v) => q.bind(
                        v.as_f64()
                            .ok_or_else(|| bad(no, format!("cột {name} phải là số")))?,
                    ),
                    ('i', v) => q.bind(
                        v.as_i64()
                            .ok_or_else(|| bad(no, format!("cột {name} phải là số")))?,
                    ),
                    ('b', v) => {
                        let s = v
                            .as_str()
                            .ok_or_else(|| bad(no, format!("cột {name} phải là base64")))?;
                        let bytes = base64::engine::general_purpose::STANDARD
                            .decode(s)
                            .map_err(|e| bad(no, format!("cột {name}: {e}")))?;
                        q.bind(bytes)
                    }
                    (_, v) => q.bind(
                        v.as_str()
                            .ok_or_else(|| bad(no, format!("cột {name} phải là chuỗi")))?
                            .to_string(),
                    ),
                };
            }
            q.execute(&mut *tx).await?;
            match summary.tables.iter_mut().find(|(t, _)| t == table) {
                Some((_, n)) => *n += 1,
                None => summary.tables.push((table.to_string(), 1)),
            }
        }
        for (column, id, value) in later {
            sqlx::query(sql(format!("UPDATE units SET {column} = $2 WHERE id = $1")))
                .bind(id)
                .bind(value)
                .execute(&mut *tx)
                .await?;
        }
        if self.backend == Backend::Postgres {
            for (table, cols) in TABLES {
                if cols.first().map(|c| c.0) == Some("id") {
                    let stmt = format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                    );
                    sqlx::query(sql(stmt)).execute(&mut *tx).await?;
                }
            }
        }
        tx.commit().await?;
        self.mark_dirty(&Default::default(), true);
        // The search index is derived data: rebuilt rather than carried in the backup.
        self.reindex(|_| {}).await?;
        Ok(summary)
    }
}
