//! The notification centre (issue 7): a person's notifications a page at a time, marking
//! them read one by one or all at once. Each person sees and changes only their own.

use serde::Serialize;
use theodoi_core::DomainResult;
use theodoi_core::access::Actor;
use theodoi_store::{MailContact, Notification};

use super::{Services, actor_id};

/// Notifications shown per page.
pub const PAGE_SIZE: i64 = 30;

/// One page of a person's notifications, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    /// How many the list has in all (with the filter).
    pub total: i64,
    pub unread: i64,
    /// 1-based.
    pub page: i64,
    pub pages: i64,
}

impl Services {
    /// Page `page` (1-based; out of range is clamped) of the person's notifications.
    pub async fn notification_page(
        &self,
        actor: &Actor,
        unread_only: bool,
        page: i64,
    ) -> DomainResult<NotificationPage> {
        let user = actor.user.id;
        let unread = self.store.unread_count(user).await?;
        let page = page.max(1);
        let (mut items, total) = self
            .store
            .notifications_page(user, unread_only, PAGE_SIZE, (page - 1) * PAGE_SIZE)
            .await?;
        let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
        let page = if page > pages {
            // A page past the end (e.g. after "mark all read" on the unread filter) shows the last.
            let (last, _) = self
                .store
                .notifications_page(user, unread_only, PAGE_SIZE, (pages - 1) * PAGE_SIZE)
                .await?;
            items = last;
            pages
        } else {
            page
        };
        Ok(NotificationPage {
            items,
            total,
            unread,
            page,
            pages,
        })
    }

    /// Marks every unread notification of the person read; returns how many were.
    pub async fn mark_all_notifications_read(&self, actor: &Actor) -> DomainResult<u64> {
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        let n = tx.mark_all_notifications_read(actor.user.id, at).await?;
        if n > 0 {
            tx.audit(
                at,
                actor_id(actor),
                "user",
                actor.user.id.0,
                "notifications_read",
                None::<&()>,
                Some(&serde_json::json!({ "count": n })),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(n)
    }

    /// The person's own e-mail address and delivery preference.
    pub async fn own_mail(&self, actor: &Actor) -> DomainResult<Option<MailContact>> {
        Ok(self.store.mail_contact(actor.user.id).await?)
    }
}
