//! The append-only audit trail.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::Row;
use theodoi_core::ids::UserId;
use theodoi_core::model::AuditEvent;

use crate::rows::{instant, ts};
use crate::{Store, StoreResult, Tx};

impl Tx {
    /// Records one change: who, when, what, before and after.
    pub async fn audit<B: Serialize, A: Serialize>(
        &mut self,
        at: DateTime<Utc>,
        actor: Option<UserId>,
        entity: &str,
        entity_id: i64,
        action: &str,
        before: Option<&B>,
        after: Option<&A>,
    ) -> StoreResult<()> {
        let before = before
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
        let after = after
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO audit_events (at, actor_id, entity, entity_id, action, before_json, after_json) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(ts(at))
        .bind(actor.map(|a| a.0))
        .bind(entity)
        .bind(entity_id)
        .bind(action)
        .bind(before)
        .bind(after)
        .execute(&mut *self.inner)
        .await?;
        // The search index follows every change in the same transaction.
        if matches!(entity, "task" | "document" | "unit") {
            self.reindex_entity(entity, entity_id).await?;
        }
        Ok(())
    }
}

impl Store {
    /// The audit trail of one record, oldest first.
    pub async fn audit_trail(&self, entity: &str, entity_id: i64) -> StoreResult<Vec<AuditEvent>> {
        let rows = sqlx::query(
            "SELECT id, at, actor_id, entity, entity_id, action, before_json, after_json \
             FROM audit_events WHERE entity = $1 AND entity_id = $2 ORDER BY id",
        )
        .bind(entity)
        .bind(entity_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let before: Option<String> = r.try_get("before_json")?;
                let after: Option<String> = r.try_get("after_json")?;
                Ok(AuditEvent {
                    id: r.try_get("id")?,
                    at: instant(r, "at")?,
                    actor: r.try_get::<Option<i64>, _>("actor_id")?.map(UserId),
                    entity: r.try_get("entity")?,
                    entity_id: r.try_get("entity_id")?,
                    action: r.try_get("action")?,
                    before: before.and_then(|s| serde_json::from_str(&s).ok()),
                    after: after.and_then(|s| serde_json::from_str(&s).ok()),
                })
            })
            .collect()
    }

    pub async fn audit_count(&self) -> StoreResult<i64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events")
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }
}
