//! Units and users: created and changed by the admin.

use chrono::NaiveDate;
use serde::Deserialize;
use theodoi_core::access::Actor;
use theodoi_core::error::Problems;
use theodoi_core::ids::{UnitId, UserId};
use theodoi_core::model::{Role, Unit, UnitKind, User};
use theodoi_core::text::{clean, fold};
use theodoi_core::{DomainError, DomainResult};
use theodoi_store::{NewUnit, NewUser};

use super::{Services, actor_id};

#[derive(Debug, Clone, Deserialize)]
pub struct UnitInput {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    pub kind: String,
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
}

impl Services {
    pub async fn create_unit(&self, actor: &Actor, input: UnitInput) -> DomainResult<Unit> {
        actor.require_admin("tạo đơn vị")?;
        let mut p = Problems::new();
        let code = input.code.trim().to_string();
        if code.is_empty() {
            p.add("code", "mã đơn vị không được để trống");
        }
        let name = clean(&input.name);
        if name.is_empty() {
            p.add("name", "tên đơn vị không được để trống");
        }
        let kind = UnitKind::parse(&input.kind)
            .map_err(|e| p.add("kind", e.to_string()))
            .ok();
        let units = self.store.units().await?;
        if let Some(pid) = input.parent_id
            && !units.iter().any(|u| u.id.0 == pid)
        {
            p.add("parent_id", format!("không có đơn vị cấp trên #{pid}"));
        }
        if units.iter().any(|u| u.code == code) {
            p.add("code", format!("mã đơn vị '{code}' đã có"));
        }
        p.into_result()?;
        let new = NewUnit {
            code,
            short_name: if input.short_name.trim().is_empty() {
                name.clone()
            } else {
                clean(&input.short_name)
            },
            name,
            kind: kind.unwrap_or(UnitKind::Other),
            parent_id: input.parent_id.map(UnitId),
            aliases: input
                .aliases
                .iter()
                .map(|a| clean(a))
                .filter(|a| !a.is_empty())
                .collect(),
            valid_from: input.valid_from,
        };
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        let id = tx.insert_unit(&new, at).await?;
        let unit = tx
            .unit(id)
            .await?
            .ok_or_else(|| DomainError::not_found("đơn vị vừa tạo"))?;
        tx.audit(
            at,
            actor_id(actor),
            "unit",
            id.0,
            "create",
            None::<&()>,
            Some(&unit),
        )
        .await?;
        tx.commit().await?;
        Ok(unit)
    }

    /// Merges `unit` into `successor` on `on`: the unit's validity ends the day before, its
    /// open tasks move to the successor (their history kept), and finished work stays with it.
    pub async fn merge_unit(
        &self,
        actor: &Actor,
        unit: UnitId,
        successor: UnitId,
        on: NaiveDate,
    ) -> DomainResult<Vec<i64>> {
        actor.require_admin("sáp nhập đơn vị")?;
        if unit == successor {
            return Err(DomainError::invalid(
                "successor",
                "không thể sáp nhập đơn vị vào chính nó",
            ));
        }
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        let before = tx
            .unit(unit)
            .await?
            .ok_or_else(|| DomainError::not_found(format!("đơn vị #{unit}")))?;
        if tx.unit(successor).await?.is_none() {
            return Err(DomainError::not_found(format!(
                "đơn vị kế thừa #{successor}"
            )));
        }
        if before.successor_id.is_some() {
            return Err(DomainError::Conflict(format!(
                "đơn vị {} đã được sáp nhập",
                before.name
            )));
        }
        let mut after = before.clone();
        after.successor_id = Some(successor);
        after.valid_to = on.pred_opt();
        tx.update_unit(&after).await?;
        let moved = tx
            .move_open_tasks(unit, successor, on, "sáp nhập đơn vị", at, actor_id(actor))
            .await?;
        tx.audit(
            at,
            actor_id(actor),
            "unit",
            unit.0,
            "merge",
            Some(&before),
            Some(&serde_json::json!({"unit": after, "tasks_moved": moved})),
        )
        .await?;
        tx.commit().await?;
        Ok(moved)
    }

    /// Finds a unit by its exact name, short name or alias, ignoring case, spacing and
    /// diacritics. A name that fits several units is an error that lists them.
    pub async fn find_unit(&self, name: &str) -> DomainResult<Unit> {
        let units = self.store.units().await?;
        resolve_unit(&units, name)
    }

    pub async fn create_user(
        &self,
        actor: &Actor,
        username: &str,
        full_name: &str,
        password: &str,
        role: &str,
        unit: Option<UnitId>,
        title: &str,
    ) -> DomainResult<User> {
        actor.require_admin("tạo tài khoản")?;
        let mut p = Problems::new();
        let username = username.trim();
        if username.is_empty()
            || !username
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        {
            p.add(
                "username",
                "tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang",
            );
        }
        if password.chars().count() < 4 {
            p.add("password", "mật khẩu phải có ít nhất 4 ký tự");
        }
        let role = Role::parse(role)
            .map_err(|e| p.add("role", e.to_string()))
            .ok();
        if matches!(role, Some(Role::UnitManager | Role::UnitStaff)) && unit.is_none() {
            p.add("unit", "cán bộ, lãnh đạo đơn vị phải thuộc một đơn vị");
        }
        if let Some(u) = unit
            && self.store.unit(u).await?.is_none()
        {
            p.add("unit", format!("không có đơn vị #{u}"));
        }
        if self.store.user_auth(username).await?.is_some() {
            p.add("username", format!("tên đăng nhập '{username}' đã có"));
        }
        p.into_result()?;
        let hash = crate::password::hash_blocking(password.to_string())
            .await
            .map_err(|e| DomainError::Internal(e.to_string()))?;
        let new = NewUser {
            username: username.into(),
            full_name: clean(full_name),
            password_hash: hash,
            role: role.unwrap_or(Role::UnitStaff),
            unit_id: unit,
            title: clean(title),
        };
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        let id = tx.insert_user(&new, at).await?;
        let user = tx
            .user_by_username(username)
            .await?
            .ok_or_else(|| DomainError::not_found("tài khoản vừa tạo"))?;
        tx.audit(
            at,
            actor_id(actor),
            "user",
            id.0,
            "create",
            None::<&()>,
            Some(&user),
        )
        .await?;
        tx.commit().await?;
        Ok(user)
    }

    pub async fn set_password(
        &self,
        actor: &Actor,
        user: UserId,
        password: &str,
    ) -> DomainResult<()> {
        if actor.user.id != user {
            actor.require_admin("đặt lại mật khẩu người khác")?;
        }
        if password.chars().count() < 4 {
            return Err(DomainError::invalid(
                "password",
                "mật khẩu phải có ít nhất 4 ký tự",
            ));
        }
        let hash = crate::password::hash_blocking(password.to_string())
            .await
            .map_err(|e| DomainError::Internal(e.to_string()))?;
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        tx.set_password_hash(user, &hash).await?;
        tx.audit(
            at,
            actor_id(actor),
            "user",
            user.0,
            "set_password",
            None::<&()>,
            None::<&()>,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Matches a unit name as people type it (see [`Services::find_unit`]).
pub fn resolve_unit(units: &[Unit], name: &str) -> DomainResult<Unit> {
    let key = fold(name);
    if key.is_empty() {
        return Err(DomainError::invalid("unit", "chưa nhập tên đơn vị"));
    }
    if let Ok(id) = name.trim().trim_start_matches('#').parse::<i64>()
        && let Some(u) = units.iter().find(|u| u.id.0 == id)
    {
        return Ok(u.clone());
    }
    let hits: Vec<&Unit> = units
        .iter()
        .filter(|u| {
            fold(&u.name) == key
                || fold(&u.short_name) == key
                || fold(&u.code) == key
                || u.aliases.iter().any(|a| fold(a) == key)
        })
        .collect();
    match hits.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            // No unit has exactly this name: list those whose names contain it as words.
            let padded = format!(" {key} ");
            let near: Vec<&Unit> = units
                .iter()
                .filter(|u| {
                    std::iter::once(&u.name)
                        .chain(std::iter::once(&u.short_name))
                        .chain(u.aliases.iter())
                        .any(|n| format!(" {} ", fold(n)).contains(&padded))
                })
                .take(10)
                .collect();
            if near.is_empty() {
                Err(DomainError::invalid(
                    "unit",
                    format!("không tìm thấy đơn vị '{}'", name.trim()),
                ))
            } else {
                Err(DomainError::invalid(
                    "unit",
                    format!(
                        "không có đơn vị nào tên đúng là '{}'; có thể là: {}",
                        name.trim(),
                        near.iter()
                            .map(|u| format!("{} ({})", u.name, u.short_name))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                ))
            }
        }
        many => Err(DomainError::invalid(
            "unit",
            format!(
                "'{}' khớp nhiều đơn vị: {}; hãy ghi rõ tên hoặc mã",
                name.trim(),
                many.iter()
                    .map(|u| format!("{} (mã {})", u.name, u.code))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        )),
    }
}
