//! Indicators: the register, targets per period and unit, every revision of reported values,
//! and links to the tasks meant to move them.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use theodoi_core::indicator::{
    Aggregation, Bounds, Direction, Indicator, IndicatorValue, Period, Quality, Target,
};

use crate::rows::{date, iso, ts};
use crate::{Store, StoreResult, Tx};

/// A new indicator for the register.
#[derive(Debug, Clone)]
pub struct NewIndicator {
    pub code: String,
    pub name: String,
    pub unit_of_measure: String,
    pub decimals: u32,
    pub direction: Direction,
    pub aggregation: Aggregation,
    pub responsible_unit_id: Option<i64>,
    pub decision: String,
}

const IND_COLS: &str = "id, code, name, unit_of_measure, decimals, direction, aggregation, responsible_unit_id, decision";
const TGT_COLS: &str = "id, indicator_id, unit_id, period, low, high, wording, decision";
const VAL_COLS: &str =
    "id, indicator_id, unit_id, period, value, quality, source, reporter_id, weight, reported_on";

fn indicator(r: &AnyRow) -> StoreResult<Indicator> {
    Ok(Indicator {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        unit_of_measure: r.try_get("unit_of_measure")?,
        decimals: r.try_get::<i64, _>("decimals")?.clamp(0, 12) as u32,
        direction: Direction::parse(&r.try_get::<String, _>("direction")?)?,
        aggregation: Aggregation::parse(&r.try_get::<String, _>("aggregation")?)?,
        responsible_unit_id: r.try_get("responsible_unit_id")?,
        decision: r.try_get("decision")?,
    })
}

fn target(r: &AnyRow) -> StoreResult<Target> {
    Ok(Target {
        id: r.try_get("id")?,
        indicator_id: r.try_get("indicator_id")?,
        unit_id: r.try_get("unit_id")?,
        period: Period::parse(&r.try_get::<String, _>("period")?)?,
        bounds: Bounds {
            low: r.try_get("low")?,
            high: r.try_get("high")?,
        },
        wording: r.try_get("wording")?,
        decision: r.try_get("decision")?,
    })
}

fn value(r: &AnyRow) -> StoreResult<IndicatorValue> {
    Ok(IndicatorValue {
        id: r.try_get("id")?,
        indicator_id: r.try_get("indicator_id")?,
        unit_id: r.try_get("unit_id")?,
        period: Period::parse(&r.try_get::<String, _>("period")?)?,
        value: r.try_get("value")?,
        quality: Quality::parse(&r.try_get::<String, _>("quality")?)?,
        source: r.try_get("source")?,
        reporter_id: r.try_get("reporter_id")?,
        weight: r.try_get("weight")?,
        reported_on: date(r, "reported_on")?,
        revision: 0,
    })
}

/// Numbers the revisions of each (indicator, unit, period) from 1, oldest first.
fn number_revisions(mut vals: Vec<IndicatorValue>) -> Vec<IndicatorValue> {
    let mut seen = std::collections::HashMap::new();
    for v in vals.iter_mut() {
        let n = seen
            .entry((v.indicator_id, v.unit_id, v.period))
            .or_insert(0);
        *n += 1;
        v.revision = *n;
    }
    vals
}

impl Store {
    pub async fn indicators(&self) -> StoreResult<Vec<Indicator>> {
        let rows = sqlx::query(crate::rows::sql(format!(
            "SELECT {IND_COLS} FROM indicators ORDER BY id"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(indicator).collect()
    }

    /// Targets, of one period or all.
    pub async fn indicator_targets(&self, period: Option<Period>) -> StoreResult<Vec<Target>> {
        let rows = match period {
            Some(p) => {
                sqlx::query(crate::rows::sql(format!(
                    "SELECT {TGT_COLS} FROM indicator_targets WHERE period = $1 ORDER BY id"
                )))
                .bind(p.code())
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(crate::rows::sql(format!(
                    "SELECT {TGT_COLS} FROM indicator_targets ORDER BY id"
                )))
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows.iter().map(target).collect()
    }

    /// Every revision of every value, of one period or all, oldest first, numbered.
    pub async fn indicator_values(
        &self,
        period: Option<Period>,
    ) -> StoreResult<Vec<IndicatorValue>> {
        let rows = match period {
            Some(p) => {
                sqlx::query(crate::rows::sql(format!(
                    "SELECT {VAL_COLS} FROM indicator_values WHERE period = $1 ORDER BY id"
                )))
                .bind(p.code())
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(crate::rows::sql(format!(
                    "SELECT {VAL_COLS} FROM indicator_values ORDER BY id"
                )))
                .fetch_all(&self.pool)
                .await?
            }
        };
        let vals: StoreResult<Vec<_>> = rows.iter().map(value).collect();
        Ok(number_revisions(vals?))
    }

    /// Task ids linked to an indicator.
    pub async fn indicator_task_ids(&self, indicator_id: i64) -> StoreResult<Vec<i64>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT task_id FROM indicator_tasks WHERE indicator_id = $1 ORDER BY task_id",
        )
        .bind(indicator_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(ids)
    }

    pub async fn indicator_row_counts(&self) -> StoreResult<(i64, i64, i64)> {
        let n = |t: &'static str| {
            let pool = self.pool.clone();
            async move {
                sqlx::query_scalar::<_, i64>(crate::rows::sql(format!("SELECT COUNT(*) FROM {t}")))
                    .fetch_one(&pool)
                    .await
            }
        };
        Ok((
            n("indicators").await?,
            n("indicator_targets").await?,
            n("indicator_values").await?,
        ))
    }
}

// Optional floats are bound as a value and a 0/1 flag: on PostgreSQL a NULL bound through
// the `Any` driver is typed as an integer, and the cached statement then refuses a float.
impl Tx {
    pub async fn insert_indicator(
        &mut self,
        n: &NewIndicator,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO indicators (code, name, unit_of_measure, decimals, direction, aggregation, responsible_unit_id, decision, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(&n.code)
        .bind(&n.name)
        .bind(&n.unit_of_measure)
        .bind(i64::from(n.decimals))
        .bind(n.direction.as_str())
        .bind(n.aggregation.as_str())
        .bind(n.responsible_unit_id)
        .bind(&n.decision)
        .bind(ts(at))
        .fetch_one(&mut *self.inner)
        .await?;
        Ok(id)
    }

    pub async fn indicator_by_code(&mut self, code: &str) -> StoreResult<Option<Indicator>> {
        let row = sqlx::query(crate::rows::sql(format!(
            "SELECT {IND_COLS} FROM indicators WHERE code = $1"
        )))
        .bind(code)
        .fetch_optional(&mut *self.inner)
        .await?;
        row.as_ref().map(indicator).transpose()
    }

    pub async fn indicator_target(
        &mut self,
        indicator_id: i64,
        unit_id: i64,
        period: Period,
    ) -> StoreResult<Option<Target>> {
        let row = sqlx::query(crate::rows::sql(format!(
            "SELECT {TGT_COLS} FROM indicator_targets WHERE indicator_id = $1 AND unit_id = $2 AND period = $3"
        )))
        .bind(indicator_id)
        .bind(unit_id)
        .bind(period.code())
        .fetch_optional(&mut *self.inner)
        .await?;
        row.as_ref().map(target).transpose()
    }

    /// Inserts a target, or replaces the bounds of the existing one; returns its id.
    pub async fn upsert_indicator_target(
        &mut self,
        t: &Target,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        if let Some(old) = self
            .indicator_target(t.indicator_id, t.unit_id, t.period)
            .await?
        {
            sqlx::query(
                "UPDATE indicator_targets SET low = CASE WHEN $6 = 1 THEN $1 ELSE NULL END, \
                 high = CASE WHEN $7 = 1 THEN $2 ELSE NULL END, wording = $3, decision = $4 WHERE id = $5",
            )
            .bind(t.bounds.low.unwrap_or(0.0))
            .bind(t.bounds.high.unwrap_or(0.0))
            .bind(&t.wording)
            .bind(&t.decision)
            .bind(old.id)
            .bind(i64::from(t.bounds.low.is_some()))
            .bind(i64::from(t.bounds.high.is_some()))
            .execute(&mut *self.inner)
            .await?;
            return Ok(old.id);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO indicator_targets (indicator_id, unit_id, period, low, high, wording, decision, created_at) \
             VALUES ($1, $2, $3, CASE WHEN $9 = 1 THEN $4 ELSE NULL END, \
             CASE WHEN $10 = 1 THEN $5 ELSE NULL END, $6, $7, $8) RETURNING id",
        )
        .bind(t.indicator_id)
        .bind(t.unit_id)
        .bind(t.period.code())
        .bind(t.bounds.low.unwrap_or(0.0))
        .bind(t.bounds.high.unwrap_or(0.0))
        .bind(&t.wording)
        .bind(&t.decision)
        .bind(ts(at))
        .bind(i64::from(t.bounds.low.is_some()))
        .bind(i64::from(t.bounds.high.is_some()))
        .fetch_one(&mut *self.inner)
        .await?;
        Ok(id)
    }

    /// The current (latest) value of an indicator for a unit and period.
    pub async fn latest_indicator_value(
        &mut self,
        indicator_id: i64,
        unit_id: i64,
        period: Period,
    ) -> StoreResult<Option<IndicatorValue>> {
        let row = sqlx::query(crate::rows::sql(format!(
            "SELECT {VAL_COLS} FROM indicator_values WHERE indicator_id = $1 AND unit_id = $2 AND period = $3 \
             ORDER BY id DESC LIMIT 1"
        )))
        .bind(indicator_id)
        .bind(unit_id)
        .bind(period.code())
        .fetch_optional(&mut *self.inner)
        .await?;
        row.as_ref().map(value).transpose()
    }

    /// Appends a revision of a value (revisions are never changed or removed).
    pub async fn insert_indicator_value(
        &mut self,
        v: &IndicatorValue,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO indicator_values (indicator_id, unit_id, period, value, quality, source, reporter_id, weight, reported_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $11 = 1 THEN $8 ELSE NULL END, $9, $10) RETURNING id",
        )
        .bind(v.indicator_id)
        .bind(v.unit_id)
        .bind(v.period.code())
        .bind(v.value)
        .bind(v.quality.as_str())
        .bind(&v.source)
        .bind(v.reporter_id)
        .bind(v.weight.unwrap_or(0.0))
        .bind(iso(v.reported_on))
        .bind(ts(at))
        .bind(i64::from(v.weight.is_some()))
        .fetch_one(&mut *self.inner)
        .await?;
        Ok(id)
    }

    pub async fn link_indicator_task(
        &mut self,
        indicator_id: i64,
        task_id: i64,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO indicator_tasks (indicator_id, task_id) VALUES ($1, $2)")
            .bind(indicator_id)
            .bind(task_id)
            .execute(&mut *self.inner)
            .await?;
        Ok(())
    }
}
