//! User accounts.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use theodoi_core::ids::{UnitId, UserId};
use theodoi_core::model::{Role, User};

use crate::rows::{flag, sql, ts};
use crate::{Store, StoreResult, Tx};

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub full_name: String,
    pub password_hash: String,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub title: String,
}

/// A user with the password hash, for sign-in only.
#[derive(Debug, Clone)]
pub struct UserAuth {
    pub user: User,
    pub password_hash: String,
}

const USER_COLUMNS: &str = "id, username, full_name, role, unit_id, title, active, password_hash";

fn user_from_row(r: &AnyRow) -> StoreResult<User> {
    let role: String = r.try_get("role")?;
    Ok(User {
        id: UserId(r.try_get("id")?),
        username: r.try_get("username")?,
        full_name: r.try_get("full_name")?,
        role: Role::parse(&role)?,
        unit_id: r.try_get::<Option<i64>, _>("unit_id")?.map(UnitId),
        title: r.try_get("title")?,
        active: flag(r, "active")?,
    })
}

impl Tx {
    pub async fn insert_user(&mut self, u: &NewUser, at: DateTime<Utc>) -> StoreResult<UserId> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, full_name, password_hash, role, unit_id, title, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id",
        )
        .bind(&u.username)
        .bind(&u.full_name)
        .bind(&u.password_hash)
        .bind(u.role.as_str())
        .bind(u.unit_id.map(|x| x.0))
        .bind(&u.title)
        .bind(ts(at))
        .fetch_one(&mut *self.inner)
        .await?;
        Ok(UserId(id))
    }

    pub async fn update_user(&mut self, u: &User) -> StoreResult<()> {
        sqlx::query("UPDATE users SET full_name = $2, role = $3, unit_id = $4, title = $5, active = $6 WHERE id = $1")
            .bind(u.id.0)
            .bind(&u.full_name)
            .bind(u.role.as_str())
            .bind(u.unit_id.map(|x| x.0))
            .bind(&u.title)
            .bind(i64::from(u.active))
            .execute(&mut *self.inner)
            .await?;
        Ok(())
    }

    pub async fn set_password_hash(&mut self, id: UserId, hash: &str) -> StoreResult<()> {
        sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(id.0)
            .bind(hash)
            .execute(&mut *self.inner)
            .await?;
        Ok(())
    }

    pub async fn user_by_username(&mut self, username: &str) -> StoreResult<Option<User>> {
        let row = sqlx::query(sql(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE username = $1"
        )))
        .bind(username)
        .fetch_optional(&mut *self.inner)
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }
}

impl Store {
    pub async fn users(&self) -> StoreResult<Vec<User>> {
        let rows = sqlx::query(sql(format!("SELECT {USER_COLUMNS} FROM users ORDER BY id")))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    pub async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        let row = sqlx::query(sql(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE id = $1"
        )))
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    pub async fn user_auth(&self, username: &str) -> StoreResult<Option<UserAuth>> {
        let row = sqlx::query(sql(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE username = $1"
        )))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(Some(UserAuth {
                user: user_from_row(&r)?,
                password_hash: r.try_get("password_hash")?,
            })),
            None => Ok(None),
        }
    }
}
