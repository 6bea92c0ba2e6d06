//! Signing in: password check with login throttling, database-stored sessions, password
//! change, personal API tokens.
//!
//! Throttling is kept in memory (per process): after [`MAX_ACCOUNT_FAILURES`] failed
//! attempts on one account, or [`MAX_ADDRESS_FAILURES`] from one address, within
//! [`WINDOW_MINUTES`], further attempts are refused for [`LOCK_MINUTES`], even with the
//! right password. A restart clears the counters; sessions themselves live in the database.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use theodoi_core::access::Actor;
use theodoi_core::model::User;
use theodoi_core::{DomainError, DomainResult};

use super::{Services, actor_id};

pub const MAX_ACCOUNT_FAILURES: usize = 5;
pub const MAX_ADDRESS_FAILURES: usize = 20;
pub const WINDOW_MINUTES: i64 = 15;
pub const LOCK_MINUTES: i64 = 15;
/// Sessions end after this many hours (a working day and a half).
pub const SESSION_HOURS: i64 = 12;

/// Failed sign-in attempts by account and by client address.
#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, Vec<DateTime<Utc>>>>,
}

impl Throttle {
    fn recent(list: &[DateTime<Utc>], now: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        let from = now - Duration::minutes(WINDOW_MINUTES.max(LOCK_MINUTES));
        list.iter().copied().filter(|t| *t > from).collect()
    }

    /// When the key is locked, until when.
    fn locked_until(&self, key: &str, max: usize, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let list = Self::recent(map.get(key)?, now);
        if list.len() >= max {
            let last = *list.iter().max()?;
            let until = last + Duration::minutes(LOCK_MINUTES);
            (until > now).then_some(until)
        } else {
            None
        }
    }

    fn fail(&self, key: String, now: DateTime<Utc>) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let list = map.entry(key).or_default();
        let kept = Self::recent(list, now);
        *list = kept;
        list.push(now);
    }

    fn clear(&self, key: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}

/// A new session: the secret for the cookie and its CSRF token.
pub struct NewSession {
    pub cookie_value: String,
    pub csrf_token: String,
    pub actor: Actor,
}

/// A live session looked up from its cookie.
#[derive(Clone)]
pub struct LiveSession {
    pub id_hash: String,
    pub csrf_token: String,
    pub actor: Actor,
}

pub fn random_token() -> DomainResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| DomainError::Internal(format!("không tạo được số ngẫu nhiên: {e}")))?;
    Ok(hex::encode(bytes))
}

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

fn locked_message(until: DateTime<Utc>) -> DomainError {
    let local = until.with_timezone(&crate::clock::vietnam());
    DomainError::Forbidden(format!(
        "đăng nhập sai quá nhiều lần; tài khoản hoặc địa chỉ này tạm khóa đến {} (giờ Việt Nam)",
        local.format("%H:%M %d/%m/%Y")
    ))
}

impl Services {
    /// Checks the password (throttled by account and address) and opens a session.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        address: &str,
    ) -> DomainResult<NewSession> {
        let user = self.check_password(username, password, address).await?;
        let actor = self.actor(user).await?;
        let cookie_value = random_token()?;
        let csrf_token = random_token()?;
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        tx.delete_expired_sessions(now).await?;
        tx.insert_session(
            &sha256_hex(&cookie_value),
            actor.user.id,
            &csrf_token,
            now,
            now + Duration::hours(SESSION_HOURS),
        )
        .await?;
        tx.audit(
            now,
            actor_id(&actor),
            "user",
            actor.user.id.0,
            "sign_in",
            None::<&()>,
            Some(&serde_json::json!({"address": address})),
        )
        .await?;
        tx.commit().await?;
        Ok(NewSession {
            cookie_value,
            csrf_token,
            actor,
        })
    }

    /// The user behind a username and password, counting failures. Used by the sign-in
    /// page and HTTP Basic alike.
    pub async fn check_password(
        &self,
        username: &str,
        password: &str,
        address: &str,
    ) -> DomainResult<User> {
        let now = self.clock.now();
        let account_key = format!("u:{}", username.trim().to_lowercase());
        let address_key = format!("a:{address}");
        if let Some(until) = self
            .throttle
            .locked_until(&account_key, MAX_ACCOUNT_FAILURES, now)
            .or_else(|| {
                self.throttle
                    .locked_until(&address_key, MAX_ADDRESS_FAILURES, now)
            })
        {
            return Err(locked_message(until));
        }
        let auth = self.store.user_auth(username.trim()).await?;
        let ok = match &auth {
            Some(a) => {
                crate::password::verify_blocking(password.to_string(), a.password_hash.clone())
                    .await
            }
            None => {
                // Spend the same time on unknown names so they cannot be told apart.
                let _ =
                    crate::password::verify_blocking(password.to_string(), DUMMY_HASH.into()).await;
                false
            }
        };
        match auth {
            Some(a) if ok => {
                self.throttle.clear(&account_key);
                Ok(a.user)
            }
            _ => {
                self.throttle.fail(account_key, now);
                self.throttle.fail(address_key, now);
                Err(DomainError::Unauthenticated)
            }
        }
    }

    /// The session behind a cookie value, if it is still valid.
    pub async fn session(&self, cookie_value: &str) -> DomainResult<Option<LiveSession>> {
        let id_hash = sha256_hex(cookie_value);
        let Some(rec) = self.store.session(&id_hash).await? else {
            return Ok(None);
        };
        if rec.expires_at <= self.clock.now() {
            return Ok(None);
        }
        let Some(user) = self.store.user(rec.user_id).await? else {
            return Ok(None);
        };
        if !user.active {
            return Ok(None);
        }
        let actor = self.actor(user).await?;
        Ok(Some(LiveSession {
            id_hash,
            csrf_token: rec.csrf_token,
            actor,
        }))
    }

    pub async fn sign_out(&self, session: &LiveSession) -> DomainResult<()> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        tx.delete_session(&session.id_hash).await?;
        tx.audit(
            now,
            actor_id(&session.actor),
            "user",
            session.actor.user.id.0,
            "sign_out",
            None::<&()>,
            None::<&()>,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes one's own password after checking the current one; other sessions end.
    pub async fn change_password(
        &self,
        session: &LiveSession,
        current: &str,
        new: &str,
        repeat: &str,
        address: &str,
    ) -> DomainResult<()> {
        let mut p = theodoi_core::error::Problems::new();
        if new.chars().count() < 8 {
            p.add("new_password", "mật khẩu mới phải có ít nhất 8 ký tự");
        }
        if new != repeat {
            p.add("repeat_password", "nhập lại mật khẩu mới không khớp");
        }
        let user = &session.actor.user;
        match self.check_password(&user.username, current, address).await {
            Ok(_) => {}
            Err(DomainError::Unauthenticated) => {
                p.add("current_password", "mật khẩu hiện tại không đúng");
            }
            Err(e) => return Err(e),
        }
        p.into_result()?;
        self.set_password(&session.actor, user.id, new).await?;
        let mut tx = self.store.begin().await?;
        tx.delete_user_sessions(user.id, Some(&session.id_hash))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates a personal API token; the token is shown once, only its SHA-256 is stored.
    pub async fn create_api_token(&self, actor: &Actor, name: &str) -> DomainResult<String> {
        let name = name.trim();
        if name.is_empty() {
            return Err(DomainError::invalid(
                "name",
                "đặt tên cho mã truy cập (ví dụ: máy chủ báo cáo)",
            ));
        }
        let token = format!("td_{}", random_token()?);
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let id = tx
            .insert_api_token(actor.user.id, name, &sha256_hex(&token), now)
            .await?;
        tx.audit(
            now,
            actor_id(actor),
            "api_token",
            id,
            "create",
            None::<&()>,
            Some(&serde_json::json!({"name": name})),
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    pub async fn revoke_api_token(&self, actor: &Actor, id: i64) -> DomainResult<()> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        if tx.revoke_api_token(actor.user.id, id, now).await? == 0 {
            return Err(DomainError::not_found(format!("mã truy cập #{id}")));
        }
        tx.audit(
            now,
            actor_id(actor),
            "api_token",
            id,
            "revoke",
            None::<&()>,
            None::<&()>,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The actor behind a bearer token.
    pub async fn token_actor(&self, token: &str) -> DomainResult<Actor> {
        let user_id = self
            .store
            .api_token_user(&sha256_hex(token.trim()))
            .await?
            .ok_or(DomainError::Unauthenticated)?;
        let user = self
            .store
            .user(user_id)
            .await?
            .ok_or(DomainError::Unauthenticated)?;
        self.actor(user).await
    }
}

/// An argon2id hash of a random string, verified against when the account does not exist.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1cQ0gXb2FZkD5V7Zp9oXJm8WfJr1u2yQ3xq3V2W9c7E";
