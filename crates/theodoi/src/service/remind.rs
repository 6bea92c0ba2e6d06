//! Follow-up automation (issue 7): the office's reminder rules, the daily reminder run,
//! the notification centre, e-mail digests, contact details and urgings.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use theodoi_core::access::Actor;
use theodoi_core::error::Problems;
use theodoi_core::format::date_vi;
use theodoi_core::ids::{TaskId, UnitId, UserId};
use theodoi_core::model::Role;
use theodoi_core::remind::{RemindRules, Reminder, ReminderKind, reminders_due};
use theodoi_core::{DomainError, DomainResult};
use theodoi_store::Notification;

use super::{Services, actor_id};
use crate::mail::MailConfig;

/// One reminder of a run, with its recipient's name.
#[derive(Debug, Clone, Serialize)]
pub struct RunItem {
    #[serde(flatten)]
    pub reminder: Reminder,
    pub recipient_name: String,
    /// False when it was recorded before (so not sent again).
    pub new: bool,
}

/// What one reminder run computed and recorded.
#[derive(Debug, Clone, Serialize)]
pub struct RemindRun {
    pub day: NaiveDate,
    pub dry_run: bool,
    pub working_day: bool,
    pub items: Vec<RunItem>,
}

impl RemindRun {
    pub fn new_count(&self) -> usize {
        self.items.iter().filter(|i| i.new).count()
    }
}

/// What one e-mail pass did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DigestRun {
    /// (recipient, address, number of reminders) of each digest the server accepted.
    pub sent: Vec<(UserId, String, usize)>,
    /// (recipient, error) of each digest left pending.
    pub failed: Vec<(UserId, String)>,
}

/// How long a failed digest waits before it is tried again.
pub const RETRY_AFTER_MINUTES: i64 = 10;

fn valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == ',')
}

fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The line of a reminder in a digest.
pub fn describe(kind: &str, deadline: Option<NaiveDate>, days_overdue: i64) -> String {
    let label = ReminderKind::parse(kind).map_or(kind, |k| k.label());
    match (ReminderKind::parse(kind), deadline) {
        (Some(ReminderKind::DueSoon | ReminderKind::DueToday), Some(d)) => {
            format!("{label} (hạn {})", date_vi(d))
        }
        (
            Some(ReminderKind::Overdue | ReminderKind::EscalateHead | ReminderKind::EscalateLeader),
            Some(d),
        ) => format!("{label}: quá hạn {days_overdue} ngày (hạn {})", date_vi(d)),
        _ => label.to_string(),
    }
}

/// The subject and body of a person's digest.
pub fn digest_text(
    full_name: &str,
    day: NaiveDate,
    items: &[Notification],
    base_url: &str,
) -> (String, String) {
    let subject = format!(
        "[Theo dõi nhiệm vụ] Nhắc việc ngày {}: {} nội dung cần xử lý",
        date_vi(day),
        items.len()
    );
    let mut body = format!(
        "Kính gửi {full_name},\n\nHệ thống theo dõi nhiệm vụ của UBND tỉnh xin nhắc các nội dung sau (ngày {}):\n\n",
        date_vi(day)
    );
    for (i, n) in items.iter().enumerate() {
        body.push_str(&format!(
            "{}. {}\n   Nhiệm vụ #{}: {}\n",
            i + 1,
            describe(&n.kind, n.deadline, n.days_overdue),
            n.task_id.map(|t| t.0).unwrap_or_default(),
            shorten(&n.task_content, 240)
        ));
        if let Some(t) = n.task_id {
            body.push_str(&format!("   Xem: {base_url}/nhiem-vu/{}\n", t.0));
        }
        body.push('\n');
    }
    body.push_str(&format!(
        "Tất cả thông báo: {base_url}/thong-bao\n\n\
         Thư này do hệ thống gửi tự động, mỗi ngày một thư tổng hợp; vui lòng không trả lời thư này.\n\
         Muốn chỉ nhận thông báo trong ứng dụng, hãy đổi cách nhận thông báo tại {base_url}/tai-khoan\n",
    ));
    (subject, body)
}

impl Services {
    /// The reminder rules in force (defaults for every key the office has not set).
    pub async fn remind_rules(&self) -> DomainResult<RemindRules> {
        let settings = self.store.settings().await?;
        RemindRules::from_settings(
            settings
                .iter()
                .filter(|(k, _)| k.starts_with("remind."))
                .map(|(k, v)| (k.as_str(), v.as_str())),
        )
    }

    /// Changes some rules (office or admin). Every bad value is refused with its key and
    /// nothing is written.
    pub async fn set_remind_rules(
        &self,
        actor: &Actor,
        changes: &[(String, String)],
    ) -> DomainResult<RemindRules> {
        if !matches!(actor.role(), Role::Office | Role::Admin) {
            actor.require_office("sửa quy tắc nhắc việc")?;
        }
        let mut p = Problems::new();
        for (k, _) in changes {
            if !theodoi_core::remind::keys::ALL.contains(&k.as_str()) {
                p.add(
                    k.clone(),
                    format!(
                        "không có quy tắc nhắc việc '{k}'; dùng một trong: {}",
                        theodoi_core::remind::keys::ALL.join(", ")
                    ),
                );
            }
        }
        p.into_result()?;
        let before = self.remind_rules().await?;
        let mut all: BTreeMap<String, String> = before
            .to_settings()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        for (k, v) in changes {
            all.insert(k.clone(), v.trim().to_string());
        }
        let after = RemindRules::from_settings(all.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
        let mut tx = self.store.begin().await?;
        for (k, v) in after.to_settings() {
            tx.set_setting(k, &v).await?;
        }
        tx.audit(
            self.clock.now(),
            actor_id(actor),
            "setting",
            0,
            "remind_rules",
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Computes the reminders due on `today` and, unless `dry_run`, records each new one
    /// (once, by its dedupe key) with its audit event in one transaction.
    pub async fn run_reminders(&self, today: NaiveDate, dry_run: bool) -> DomainResult<RemindRun> {
        let rules = self.remind_rules().await?;
        let cal = self.calendar().await?;
        let people = self.store.remind_people().await?;
        let tasks = self.store.remind_tasks(today).await?;
        let due = reminders_due(today, &rules, &cal, &people, &tasks);
        let names: BTreeMap<UserId, String> = self
            .store
            .users()
            .await?
            .into_iter()
            .map(|u| (u.id, u.full_name))
            .collect();
        let name = |u: UserId| names.get(&u).cloned().unwrap_or_else(|| format!("#{u}"));
        let mut items = Vec::with_capacity(due.len());
        if dry_run {
            for r in due {
                let new = !self.store.notification_recorded(&r.dedupe_key).await?;
                items.push(RunItem {
                    recipient_name: name(r.recipient),
                    reminder: r,
                    new,
                });
            }
        } else {
            let at = self.clock.now();
            let mut tx = self.store.begin().await?;
            for r in due {
                let id = tx.record_notification(&r, today, at).await?;
                if let Some(id) = id {
                    tx.audit(
                        at,
                        None,
                        "notification",
                        id,
                        "remind",
                        None::<&()>,
                        Some(&serde_json::json!({
                            "key": r.dedupe_key, "kind": r.kind, "task": r.task, "recipient": r.recipient,
                        })),
                    )
                    .await?;
                }
                items.push(RunItem {
                    recipient_name: name(r.recipient),
                    reminder: r,
                    new: id.is_some(),
                });
            }
            tx.commit().await?;
        }
        Ok(RemindRun {
            day: today,
            dry_run,
            working_day: cal.is_working_day(today),
            items,
        })
    }

    /// A person's notifications, newest first (only their own).
    pub async fn notifications(
        &self,
        actor: &Actor,
        unread_only: bool,
    ) -> DomainResult<Vec<Notification>> {
        Ok(self
            .store
            .notifications_for(actor.user.id, unread_only, 200)
            .await?)
    }

    pub async fn unread_notifications(&self, actor: &Actor) -> DomainResult<i64> {
        Ok(self.store.unread_count(actor.user.id).await?)
    }

    /// Marks one of the person's own notifications read.
    pub async fn mark_notification_read(
        &self,
        actor: &Actor,
        id: i64,
    ) -> DomainResult<Notification> {
        let n = self
            .store
            .notification(id)
            .await?
            .ok_or_else(|| DomainError::not_found(format!("thông báo #{id}")))?;
        if n.recipient_id != actor.user.id {
            return Err(DomainError::Forbidden(format!(
                "thông báo #{id} không phải của tài khoản {}",
                actor.user.username
            )));
        }
        if n.read_at.is_none() {
            let at = self.clock.now();
            let mut tx = self.store.begin().await?;
            tx.mark_notification_read(id, actor.user.id, at).await?;
            tx.audit(
                at,
                actor_id(actor),
                "notification",
                id,
                "read",
                None::<&()>,
                None::<&()>,
            )
            .await?;
            tx.commit().await?;
        }
        self.store
            .notification(id)
            .await?
            .ok_or_else(|| DomainError::not_found(format!("thông báo #{id}")))
    }

    /// Who was reminded of a task and when (for the task page).
    pub async fn task_reminders(
        &self,
        actor: &Actor,
        task: TaskId,
    ) -> DomainResult<Vec<Notification>> {
        let t = self
            .store
            .task(task)
            .await?
            .ok_or_else(|| DomainError::not_found(format!("nhiệm vụ #{task}")))?;
        actor.require_view(&t)?;
        Ok(self.store.notifications_of_task(task).await?)
    }

    /// Sets a person's e-mail address and delivery ("email" = e-mail and in-app, "in_app").
    /// A person changes their own; the admin anyone's.
    pub async fn set_user_mail(
        &self,
        actor: &Actor,
        user: UserId,
        email: Option<&str>,
        delivery: &str,
    ) -> DomainResult<()> {
        if actor.user.id != user {
            actor.require_admin("đổi địa chỉ thư của người khác")?;
        }
        let mut p = Problems::new();
        let email = email.map(str::trim).filter(|e| !e.is_empty());
        if let Some(e) = email
            && !valid_email(e)
        {
            p.add(
                "email",
                format!("địa chỉ thư '{e}' không hợp lệ (ví dụ: ten@tinh.gov.vn)"),
            );
        }
        if !matches!(delivery, "email" | "in_app") {
            p.add(
                "delivery",
                format!("cách nhận '{delivery}' không hợp lệ; dùng email (thư và trong ứng dụng) hoặc in_app (chỉ trong ứng dụng)"),
            );
        }
        p.into_result()?;
        let mut tx = self.store.begin().await?;
        if tx.set_user_mail(user, email, delivery).await? == 0 {
            return Err(DomainError::not_found(format!("người dùng #{user}")));
        }
        tx.audit(
            self.clock.now(),
            actor_id(actor),
            "user",
            user.0,
            "set_mail",
            None::<&()>,
            Some(&serde_json::json!({"email": email, "delivery": delivery})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Names a unit's contact person (one of its accounts), or clears it. Office or admin.
    pub async fn set_unit_contact(
        &self,
        actor: &Actor,
        unit: UnitId,
        user: Option<UserId>,
    ) -> DomainResult<()> {
        if actor.role() != Role::Admin {
            actor.require_office("chọn người liên hệ của đơn vị")?;
        }
        if let Some(u) = user {
            let person = self
                .store
                .users()
                .await?
                .into_iter()
                .find(|x| x.id == u)
                .ok_or_else(|| DomainError::not_found(format!("người dùng #{u}")))?;
            if person.unit_id != Some(unit) {
                return Err(DomainError::invalid(
                    "contact",
                    format!("{} không thuộc đơn vị #{unit}", person.full_name),
                ));
            }
        }
        let mut tx = self.store.begin().await?;
        if tx.set_unit_contact(unit, user).await? == 0 {
            return Err(DomainError::not_found(format!("đơn vị #{unit}")));
        }
        tx.audit(
            self.clock.now(),
            actor_id(actor),
            "unit",
            unit.0,
            "set_contact",
            None::<&()>,
            Some(&user),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sends each person with pending reminders one digest for `today` (at most one per
    /// person per day, claimed so that two instances never both send it). A digest is marked
    /// sent only once the server accepted it; a failure keeps its reminders pending with the
    /// error and tries again after [`RETRY_AFTER_MINUTES`].
    pub async fn send_digests(
        &self,
        mail: &MailConfig,
        today: NaiveDate,
    ) -> DomainResult<DigestRun> {
        let mut run = DigestRun::default();
        for user in self.store.mail_recipients_pending().await? {
            let Some(contact) = self.store.mail_contact(user).await? else {
                continue;
            };
            let Some(addr) = contact.email.clone() else {
                continue;
            };
            let now = self.clock.now();
            if !self
                .store
                .claim_digest(
                    user,
                    today,
                    now,
                    now + Duration::minutes(RETRY_AFTER_MINUTES),
                )
                .await?
            {
                continue;
            }
            let items = self.store.mail_pending_for(user).await?;
            if items.is_empty() {
                continue;
            }
            let ids: Vec<i64> = items.iter().map(|n| n.id).collect();
            let (subject, body) = digest_text(&contact.full_name, today, &items, &mail.base_url);
            let result = mail.send(&contact.full_name, &addr, &subject, &body).await;
            let at = self.clock.now();
            let mut tx = self.store.begin().await?;
            match &result {
                Ok(()) => tx.mark_digest_sent(user, today, &ids, at).await?,
                Err(e) => {
                    tx.mark_digest_failed(
                        user,
                        today,
                        &ids,
                        e,
                        at + Duration::minutes(RETRY_AFTER_MINUTES),
                    )
                    .await?
                }
            }
            tx.audit(
                at,
                None,
                "email_digest",
                user.0,
                if result.is_ok() { "sent" } else { "failed" },
                None::<&()>,
                Some(&serde_json::json!({"day": today, "reminders": ids.len(), "error": result.as_ref().err()})),
            )
            .await?;
            tx.commit().await?;
            match result {
                Ok(()) => run.sent.push((user, addr, ids.len())),
                Err(e) => run.failed.push((user, e)),
            }
        }
        Ok(run)
    }
}
