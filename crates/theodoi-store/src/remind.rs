//! Follow-up automation (issue 7): the facts the reminder engine reads, recorded
//! notifications (each once, by its UNIQUE dedupe key), e-mail digests claimed per person and
//! day, contact details and urgings.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::Row;
use theodoi_core::ids::{TaskId, UnitId, UserId};
use theodoi_core::model::Role;
use theodoi_core::remind::{People, RemindTask, Reminder};

use crate::rows::{date, instant, iso, opt_date, opt_instant, ts};
use crate::{Store, StoreResult, Tx};

/// A recorded notification as its recipient sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notification {
    pub id: i64,
    pub recipient_id: UserId,
    pub kind: String,
    pub task_id: Option<TaskId>,
    /// The task's content ("Nhiệm vụ mật" for a secret task).
    pub task_content: String,
    pub day: NaiveDate,
    pub deadline: Option<NaiveDate>,
    pub days_overdue: i64,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    pub emailed_at: Option<DateTime<Utc>>,
    pub email_attempts: i64,
    pub last_error: Option<String>,
}

/// A person's e-mail details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailContact {
    pub user_id: UserId,
    pub full_name: String,
    pub email: Option<String>,
    /// "email" (e-mail and in-app) or "in_app".
    pub delivery: String,
}

pub(crate) const NOTIFICATION_COLUMNS: &str = "n.id, n.recipient_id, n.kind, n.task_id, n.day, n.deadline, n.days_overdue, \
     n.created_at, n.read_at, n.emailed_at, n.email_attempts, n.last_error, t.content, t.secret";

pub(crate) fn notification_from_row(r: &sqlx::any::AnyRow) -> StoreResult<Notification> {
    let task_id: Option<i64> = r.try_get("task_id")?;
    let content: Option<String> = r.try_get("content")?;
    let secret: Option<i64> = r.try_get("secret")?;
    Ok(Notification {
        id: r.try_get("id")?,
        recipient_id: UserId(r.try_get("recipient_id")?),
        kind: r.try_get("kind")?,
        task_id: task_id.map(TaskId),
        task_content: if secret.unwrap_or(0) != 0 {
            "Nhiệm vụ mật".to_string()
        } else {
            content.unwrap_or_default()
        },
        day: date(r, "day")?,
        deadline: opt_date(r, "deadline")?,
        days_overdue: r.try_get("days_overdue")?,
        created_at: instant(r, "created_at")?,
        read_at: opt_instant(r, "read_at")?,
        emailed_at: opt_instant(r, "emailed_at")?,
        email_attempts: r.try_get("email_attempts")?,
        last_error: r.try_get("last_error")?,
    })
}

impl Store {
    /// The facts of every task the engine considers, as of `as_of`: assigned by then, not
    /// completed or withdrawn by then (templates of recurring series excluded).
    pub async fn remind_tasks(&self, as_of: NaiveDate) -> StoreResult<Vec<RemindTask>> {
        let rows = sqlx::query(
            "SELECT t.id, t.state, t.assigned_on, t.deadline_current, t.lead_unit_id, t.assigned_by_user_id, \
             (SELECT MAX(p.report_date) FROM progress_reports p WHERE p.task_id = t.id AND p.report_date <= $1) AS last_progress, \
             (SELECT COUNT(*) FROM completion_claims c WHERE c.task_id = t.id AND c.claimed_on <= $1 \
                AND (c.decision = 'pending' OR c.decided_on > $1)) AS claims, \
             (SELECT COUNT(*) FROM extension_requests e WHERE e.task_id = t.id AND e.requested_on <= $1 \
                AND (e.decision = 'pending' OR e.decided_on > $1)) AS extensions \
             FROM tasks t WHERE t.report_level < 2 AND t.assigned_on <= $1 \
             AND (t.completed_on IS NULL OR t.completed_on > $1) \
             AND (t.withdrawn_on IS NULL OR t.withdrawn_on > $1) ORDER BY t.id",
        )
        .bind(iso(as_of))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let state: String = r.try_get("state")?;
                let claims: i64 = r.try_get("claims")?;
                let extensions: i64 = r.try_get("extensions")?;
                Ok(RemindTask {
                    id: TaskId(r.try_get("id")?),
                    open: !matches!(state.as_str(), "declined" | "suspended") && claims == 0,
                    deadline: opt_date(r, "deadline_current")?,
                    assigned_on: date(r, "assigned_on")?,
                    lead_unit: UnitId(r.try_get("lead_unit_id")?),
                    assigning_leader: r
                        .try_get::<Option<i64>, _>("assigned_by_user_id")?
                        .map(UserId),
                    last_progress: opt_date(r, "last_progress")?,
                    pending_claims: u32::try_from(claims).unwrap_or(u32::MAX),
                    pending_extensions: u32::try_from(extensions).unwrap_or(u32::MAX),
                })
            })
            .collect()
    }

    /// Who receives reminders: contacts, managers, inspectors and the office (active accounts).
    pub async fn remind_people(&self) -> StoreResult<People> {
        let mut p = People::default();
        let rows = sqlx::query("SELECT id, role, unit_id FROM users WHERE active = 1 ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        for r in &rows {
            let id = UserId(r.try_get("id")?);
            let role: String = r.try_get("role")?;
            let unit: Option<i64> = r.try_get("unit_id")?;
            match Role::parse(&role)? {
                Role::UnitManager => {
                    if let Some(u) = unit {
                        p.managers.entry(UnitId(u)).or_default().push(id);
                    }
                }
                Role::Inspector => p.inspectors.push(id),
                Role::Office => p.office.push(id),
                _ => {}
            }
        }
        let rows = sqlx::query(
            "SELECT n.id, n.contact_user_id FROM units n JOIN users u ON u.id = n.contact_user_id \
             WHERE u.active = 1",
        )
        .fetch_all(&self.pool)
        .await?;
        for r in &rows {
            p.contacts.insert(
                UnitId(r.try_get("id")?),
                UserId(r.try_get("contact_user_id")?),
            );
        }
        Ok(p)
    }

    pub async fn notifications_for(
        &self,
        user: UserId,
        unread_only: bool,
        limit: i64,
    ) -> StoreResult<Vec<Notification>> {
        let filter = if unread_only {
            " AND n.read_at IS NULL"
        } else {
            ""
        };
        let rows = sqlx::query(crate::rows::sql(format!(
            "SELECT {NOTIFICATION_COLUMNS} FROM notifications n LEFT JOIN tasks t ON t.id = n.task_id \
             WHERE n.recipient_id = $1{filter} ORDER BY n.id DESC LIMIT $2"
        )))
        .bind(user.0)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(notification_from_row).collect()
    }

    pub async fn notification(&self, id: i64) -> StoreResult<Option<Notification>> {
        let row = sqlx::query(crate::rows::sql(format!(
            "SELECT {NOTIFICATION_COLUMNS} FROM notifications n LEFT JOIN tasks t ON t.id = n.task_id \
             WHERE n.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(notification_from_row).transpose()
    }

    /// Who was reminded of a task and when (the history shown on the task).
    pub async fn notifications_of_task(&self, task: TaskId) -> StoreResult<Vec<Notification>> {
        let rows = sqlx::query(crate::rows::sql(format!(
            "SELECT {NOTIFICATION_COLUMNS} FROM notifications n LEFT JOIN tasks t ON t.id = n.task_id \
             WHERE n.task_id = $1 ORDER BY n.id"
        )))
        .bind(task.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(notification_from_row).collect()
    }

    /// Whether a reminder with this dedupe key was recorded.
    pub async fn notification_recorded(&self, key: &str) -> StoreResult<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE dedupe_key = $1")
            .bind(key)
            .fetch_one(&self.pool)
            .await?;
        Ok(n > 0)
    }

    pub async fn unread_count(&self, user: UserId) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE recipient_id = $1 AND read_at IS NULL",
        )
        .bind(user.0)
        .fetch_one(&self.pool)
        .await?)
    }

    pub async fn notification_count(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM notifications")
            .fetch_one(&self.pool)
            .await?)
    }

    /// People with notifications not yet e-mailed who want e-mail and have an address.
    pub async fn mail_recipients_pending(&self) -> StoreResult<Vec<UserId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT n.recipient_id FROM notifications n JOIN users u ON u.id = n.recipient_id \
             WHERE n.emailed_at IS NULL AND u.active = 1 AND u.delivery = 'email' \
             AND u.email IS NOT NULL AND u.email <> '' ORDER BY n.recipient_id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(UserId).collect())
    }

    /// A person's notifications not yet e-mailed, oldest first.
    pub async fn mail_pending_for(&self, user: UserId) -> StoreResult<Vec<Notification>> {
        let rows = sqlx::query(crate::rows::sql(format!(
            "SELECT {NOTIFICATION_COLUMNS} FROM notifications n LEFT JOIN tasks t ON t.id = n.task_id \
             WHERE n.recipient_id = $1 AND n.emailed_at IS NULL ORDER BY n.id"
        )))
        .bind(user.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(notification_from_row).collect()
    }

    pub async fn mail_contact(&self, user: UserId) -> StoreResult<Option<MailContact>> {
        let row = sqlx::query("SELECT id, full_name, email, delivery FROM users WHERE id = $1")
            .bind(user.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(MailContact {
                user_id: UserId(r.try_get("id")?),
                full_name: r.try_get("full_name")?,
                email: r.try_get("email")?,
                delivery: r.try_get("delivery")?,
            })
        })
        .transpose()
    }

    pub async fn unit_contact(&self, unit: UnitId) -> StoreResult<Option<UserId>> {
        let v: Option<Option<i64>> =
            sqlx::query_scalar("SELECT contact_user_id FROM units WHERE id = $1")
                .bind(unit.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(v.flatten().map(UserId))
    }

    /// Whether the digest of a person for a day was sent, and its last error.
    pub async fn digest_state(
        &self,
        user: UserId,
        day: NaiveDate,
    ) -> StoreResult<Option<(Option<DateTime<Utc>>, i64, Option<String>)>> {
        let row = sqlx::query(
            "SELECT sent_at, attempts, last_error FROM email_digests WHERE recipient_id = $1 AND day = $2",
        )
        .bind(user.0)
        .bind(iso(day))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok((
                opt_instant(&r, "sent_at")?,
                r.try_get("attempts")?,
                r.try_get("last_error")?,
            ))
        })
        .transpose()
    }

    /// Claims the digest of `user` for `day` until `until`: true when this caller may send it
    /// (not sent yet, and no other instance holds an unexpired claim).
    pub async fn claim_digest(
        &self,
        user: UserId,
        day: NaiveDate,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<bool> {
        sqlx::query(
            "INSERT INTO email_digests (recipient_id, day, attempts) VALUES ($1, $2, 0) \
             ON CONFLICT (recipient_id, day) DO NOTHING",
        )
        .bind(user.0)
        .bind(iso(day))
        .execute(&self.pool)
        .await?;
        let n = sqlx::query(
            "UPDATE email_digests SET claimed_until = $3, attempts = attempts + 1 \
             WHERE recipient_id = $1 AND day = $2 AND sent_at IS NULL \
             AND (claimed_until IS NULL OR claimed_until < $4)",
        )
        .bind(user.0)
        .bind(iso(day))
        .bind(ts(until))
        .bind(ts(now))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Number of urgings recorded on a task ("số lần đôn đốc").
    pub async fn urging_count(&self, task: TaskId) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM urgings WHERE task_id = $1")
                .bind(task.0)
                .fetch_one(&self.pool)
                .await?,
        )
    }
}

impl Tx {
    /// Records a reminder once: `Some(id)` when new, `None` when its key was already recorded
    /// (by an earlier run, or by another instance).
    pub async fn record_notification(
        &mut self,
        r: &Reminder,
        day: NaiveDate,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<i64>> {
        Ok(sqlx::query_scalar(
            "INSERT INTO notifications (recipient_id, kind, task_id, dedupe_key, day, deadline, days_overdue, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
        )
        .bind(r.recipient.0)
        .bind(r.kind.as_str())
        .bind(r.task.0)
        .bind(&r.dedupe_key)
        .bind(iso(day))
        .bind(r.deadline.map(iso))
        .bind(r.days_overdue)
        .bind(ts(at))
        .fetch_optional(&mut *self.inner)
        .await?)
    }

    /// Marks a person's notification read; 0 when it is not theirs or already read.
    pub async fn mark_notification_read(
        &mut self,
        id: i64,
        user: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        Ok(sqlx::query(
            "UPDATE notifications SET read_at = $3 WHERE id = $1 AND recipient_id = $2 AND read_at IS NULL",
        )
        .bind(id)
        .bind(user.0)
        .bind(ts(at))
        .execute(&mut *self.inner)
        .await?
        .rows_affected())
    }

    /// After the mail server accepted the digest: its notifications are e-mailed.
    pub async fn mark_digest_sent(
        &mut self,
        user: UserId,
        day: NaiveDate,
        ids: &[i64],
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        for id in ids {
            sqlx::query(
                "UPDATE notifications SET emailed_at = $2, email_attempts = email_attempts + 1, last_error = NULL \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(ts(at))
            .execute(&mut *self.inner)
            .await?;
        }
        sqlx::query(
            "UPDATE email_digests SET sent_at = $3, claimed_until = NULL, last_error = NULL \
             WHERE recipient_id = $1 AND day = $2",
        )
        .bind(user.0)
        .bind(iso(day))
        .bind(ts(at))
        .execute(&mut *self.inner)
        .await?;
        Ok(())
    }

    /// The server did not take the digest: the notifications stay pending with the error;
    /// the claim expires at `retry_at`, when the digest is tried again.
    pub async fn mark_digest_failed(
        &mut self,
        user: UserId,
        day: NaiveDate,
        ids: &[i64],
        error: &str,
        retry_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        for id in ids {
            sqlx::query(
                "UPDATE notifications SET email_attempts = email_attempts + 1, last_error = $2 WHERE id = $1",
            )
            .bind(id)
            .bind(error)
            .execute(&mut *self.inner)
            .await?;
        }
        sqlx::query(
            "UPDATE email_digests SET last_error = $3, claimed_until = $4 WHERE recipient_id = $1 AND day = $2",
        )
        .bind(user.0)
        .bind(iso(day))
        .bind(error)
        .bind(ts(retry_at))
        .execute(&mut *self.inner)
        .await?;
        Ok(())
    }

    pub async fn set_user_mail(
        &mut self,
        user: UserId,
        email: Option<&str>,
        delivery: &str,
    ) -> StoreResult<u64> {
        Ok(
            sqlx::query("UPDATE users SET email = $2, delivery = $3 WHERE id = $1")
                .bind(user.0)
                .bind(email)
                .bind(delivery)
                .execute(&mut *self.inner)
                .await?
                .rows_affected(),
        )
    }

    pub async fn set_unit_contact(
        &mut self,
        unit: UnitId,
        user: Option<UserId>,
    ) -> StoreResult<u64> {
        Ok(
            sqlx::query("UPDATE units SET contact_user_id = $2 WHERE id = $1")
                .bind(unit.0)
                .bind(user.map(|u| u.0))
                .execute(&mut *self.inner)
                .await?
                .rows_affected(),
        )
    }

    pub async fn insert_urging(
        &mut self,
        task: TaskId,
        unit: UnitId,
        on: NaiveDate,
        number: &str,
        by: Option<UserId>,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO urgings (task_id, unit_id, urged_on, document_number, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(task.0)
        .bind(unit.0)
        .bind(iso(on))
        .bind(number)
        .bind(by.map(|u| u.0))
        .bind(ts(at))
        .fetch_one(&mut *self.inner)
        .await?)
    }
}
