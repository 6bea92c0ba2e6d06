//! Web sign-in sessions and personal API tokens. Only SHA-256 digests of the secrets are
//! stored; the callers hash before they ask.

use chrono::{DateTime, Utc};
use sqlx::Row;
use theodoi_core::ids::UserId;

use crate::rows::{instant, ts};
use crate::{Store, StoreResult, Tx};

/// A stored session: whose it is, its CSRF token and when it ends.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub user_id: UserId,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// A personal API token as listed to its owner (never the token itself).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ApiTokenInfo {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub revoked: bool,
}

impl Tx {
    pub async fn insert_session(
        &mut self,
        id_hash: &str,
        user: UserId,
        csrf_token: &str,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_hash)
        .bind(user.0)
        .bind(csrf_token)
        .bind(ts(at))
        .bind(ts(expires_at))
        .execute(&mut *self.inner)
        .await?;
        Ok(())
    }

    pub async fn delete_session(&mut self, id_hash: &str) -> StoreResult<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&mut *self.inner)
            .await?
            .rows_affected())
    }

    /// Ends every session of a user except `keep` (after a password change or reset).
    pub async fn delete_user_sessions(
        &mut self,
        user: UserId,
        keep: Option<&str>,
    ) -> StoreResult<u64> {
        Ok(
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
                .bind(user.0)
                .bind(keep.unwrap_or(""))
                .execute(&mut *self.inner)
                .await?
                .rows_affected(),
        )
    }

    pub async fn delete_expired_sessions(&mut self, now: DateTime<Utc>) -> StoreResult<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(ts(now))
            .execute(&mut *self.inner)
            .await?
            .rows_affected())
    }

    pub async fn insert_api_token(
        &mut self,
        user: UserId,
        name: &str,
        token_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user.0)
        .bind(name)
        .bind(token_hash)
        .bind(ts(at))
        .fetch_one(&mut *self.inner)
        .await?)
    }

    pub async fn revoke_api_token(
        &mut self,
        user: UserId,
        id: i64,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        Ok(sqlx::query(
            "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
        )
        .bind(id)
        .bind(user.0)
        .bind(ts(at))
        .execute(&mut *self.inner)
        .await?
        .rows_affected())
    }
}

impl Store {
    pub async fn session(&self, id_hash: &str) -> StoreResult<Option<SessionRecord>> {
        let row =
            sqlx::query("SELECT user_id, csrf_token, expires_at FROM sessions WHERE id_hash = $1")
                .bind(id_hash)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|r| {
            Ok(SessionRecord {
                user_id: UserId(r.try_get("user_id")?),
                csrf_token: r.try_get("csrf_token")?,
                expires_at: instant(&r, "expires_at")?,
            })
        })
        .transpose()
    }

    /// The owner of an unrevoked token.
    pub async fn api_token_user(&self, token_hash: &str) -> StoreResult<Option<UserId>> {
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(id.map(UserId))
    }

    pub async fn api_tokens(&self, user: UserId) -> StoreResult<Vec<ApiTokenInfo>> {
        let rows = sqlx::query(
            "SELECT id, name, created_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ApiTokenInfo {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    created_at: instant(r, "created_at")?,
                    revoked: r.try_get::<Option<String>, _>("revoked_at")?.is_some(),
                })
            })
            .collect()
    }
}
