//! Organisation units: the tree, aliases, validity and merges.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use theodoi_core::ids::{UnitId, UserId};
use theodoi_core::model::{Unit, UnitKind};
use theodoi_core::text::fold;

use crate::rows::{iso, opt_date, opt_iso, sql, ts};
use crate::{Store, StoreResult, Tx};

#[derive(Debug, Clone)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: UnitKind,
    pub parent_id: Option<UnitId>,
    pub aliases: Vec<String>,
    pub valid_from: Option<NaiveDate>,
}

const UNIT_COLUMNS: &str =
    "id, code, name, short_name, kind, parent_id, valid_from, valid_to, successor_id";

fn unit_from_row(r: &AnyRow, aliases: Vec<String>) -> StoreResult<Unit> {
    let kind: String = r.try_get("kind")?;
    Ok(Unit {
        id: UnitId(r.try_get("id")?),
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        short_name: r.try_get("short_name")?,
        kind: UnitKind::parse(&kind)?,
        parent_id: r.try_get::<Option<i64>, _>("parent_id")?.map(UnitId),
        aliases,
        valid_from: opt_date(r, "valid_from")?,
        valid_to: opt_date(r, "valid_to")?,
        successor_id: r.try_get::<Option<i64>, _>("successor_id")?.map(UnitId),
    })
}

impl Tx {
    pub async fn insert_unit(&mut self, u: &NewUnit, at: DateTime<Utc>) -> StoreResult<UnitId> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO units (code, name, short_name, kind, parent_id, valid_from, name_folded, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(&u.code)
        .bind(&u.name)
        .bind(&u.short_name)
        .bind(u.kind.as_str())
        .bind(u.parent_id.map(|p| p.0))
        .bind(opt_iso(u.valid_from))
        .bind(fold(&format!("{} {}", u.name, u.short_name)))
        .bind(ts(at))
        .fetch_one(&mut *self.inner)
        .await?;
        for alias in &u.aliases {
            self.insert_alias(UnitId(id), alias).await?;
        }
        Ok(UnitId(id))
    }

    pub async fn insert_alias(&mut self, unit: UnitId, alias: &str) -> StoreResult<()> {
        sqlx::query("INSERT INTO unit_aliases (unit_id, alias, alias_folded) VALUES ($1, $2, $3)")
            .bind(unit.0)
            .bind(alias)
            .bind(fold(alias))
            .execute(&mut *self.inner)
            .await?;
        Ok(())
    }

    pub async fn unit(&mut self, id: UnitId) -> StoreResult<Option<Unit>> {
        let row = sqlx::query(sql(format!(
            "SELECT {UNIT_COLUMNS} FROM units WHERE id = $1"
        )))
        .bind(id.0)
        .fetch_optional(&mut *self.inner)
        .await?;
        match row {
            Some(r) => {
                let aliases = sqlx::query_scalar(
                    "SELECT alias FROM unit_aliases WHERE unit_id = $1 ORDER BY alias",
                )
                .bind(id.0)
                .fetch_all(&mut *self.inner)
                .await?;
                Ok(Some(unit_from_row(&r, aliases)?))
            }
            None => Ok(None),
        }
    }

    pub async fn update_unit(&mut self, u: &Unit) -> StoreResult<()> {
        sqlx::query(
            "UPDATE units SET name = $2, short_name = $3, kind = $4, parent_id = $5, valid_from = $6, valid_to = $7, \
             successor_id = $8, name_folded = $9 WHERE id = $1",
        )
        .bind(u.id.0)
        .bind(&u.name)
        .bind(&u.short_name)
        .bind(u.kind.as_str())
        .bind(u.parent_id.map(|p| p.0))
        .bind(opt_iso(u.valid_from))
        .bind(opt_iso(u.valid_to))
        .bind(u.successor_id.map(|p| p.0))
        .bind(fold(&format!("{} {}", u.name, u.short_name)))
        .execute(&mut *self.inner)
        .await?;
        sqlx::query("DELETE FROM unit_aliases WHERE unit_id = $1")
            .bind(u.id.0)
            .execute(&mut *self.inner)
            .await?;
        for alias in &u.aliases {
            self.insert_alias(u.id, alias).await?;
        }
        Ok(())
    }

    /// Moves the tasks led by `from` that were not finished or withdrawn by `on` to `to`, from
    /// `on`, keeping their lead history.
    /// Returns the ids of the tasks moved.
    pub async fn move_open_tasks(
        &mut self,
        from: UnitId,
        to: UnitId,
        on: NaiveDate,
        reason: &str,
        at: DateTime<Utc>,
        actor: Option<UserId>,
    ) -> StoreResult<Vec<i64>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM tasks WHERE lead_unit_id = $1 AND (completed_on IS NULL OR completed_on > $2) \
             AND (withdrawn_on IS NULL OR withdrawn_on > $2) ORDER BY id",
        )
        .bind(from.0)
        .bind(iso(on))
        .fetch_all(&mut *self.inner)
        .await?;
        for id in &ids {
            self.set_lead(*id, to, on, reason, at).await?;
            self.audit(
                at,
                actor,
                "task",
                *id,
                "lead_moved_by_merge",
                Some(&serde_json::json!({"lead_unit_id": from.0})),
                Some(&serde_json::json!({"lead_unit_id": to.0, "from_date": iso(on)})),
            )
            .await?;
        }
        Ok(ids)
    }
}

impl Store {
    /// All units with their aliases, in tree order of ids.
    /// Every unit with its aliases, by id. Read again only when something was written since
    /// the last read (every write has an audit event; the newest audit id says whether).
    pub async fn units(&self) -> StoreResult<Vec<Unit>> {
        let version = self.audit_version().await?;
        let cached = self
            .cache
            .units
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if let Some((v, units)) = cached
            && v == version
        {
            return Ok(units.as_ref().clone());
        }
        let units = self.read_units().await?;
        *self.cache.units.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((version, std::sync::Arc::new(units.clone())));
        Ok(units)
    }

    async fn read_units(&self) -> StoreResult<Vec<Unit>> {
        let rows = sqlx::query(sql(format!("SELECT {UNIT_COLUMNS} FROM units ORDER BY id")))
            .fetch_all(&self.pool)
            .await?;
        let alias_rows =
            sqlx::query("SELECT unit_id, alias FROM unit_aliases ORDER BY unit_id, alias")
                .fetch_all(&self.pool)
                .await?;
        let mut aliases: std::collections::HashMap<i64, Vec<String>> =
            std::collections::HashMap::new();
        for r in &alias_rows {
            aliases
                .entry(r.try_get("unit_id")?)
                .or_default()
                .push(r.try_get("alias")?);
        }
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                unit_from_row(r, aliases.remove(&id).unwrap_or_default())
            })
            .collect()
    }

    pub async fn unit(&self, id: UnitId) -> StoreResult<Option<Unit>> {
        let mut tx = self.begin().await?;
        tx.unit(id).await
    }
}
