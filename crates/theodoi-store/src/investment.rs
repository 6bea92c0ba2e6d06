//! Public investment: funding sources, yearly plan lines, adjustments, cumulative disbursements.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use theodoi_core::investment::{Adjustment, Disbursement, PlanLine, Source};

use crate::rows::{date, iso, sql, ts};
use crate::{Store, StoreResult, Tx};

const PLAN_COLS: &str =
    "id, year, unit_id, source_id, project, investor_unit_id, amount, pm_amount, decision";

fn source(r: &AnyRow) -> StoreResult<Source> {
    Ok(Source {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        parent_id: r.try_get("parent_id")?,
    })
}

fn plan(r: &AnyRow) -> StoreResult<PlanLine> {
    Ok(PlanLine {
        id: r.try_get("id")?,
        year: r.try_get::<i64, _>("year")? as i32,
        unit_id: r.try_get("unit_id")?,
        source_id: r.try_get("source_id")?,
        project: r.try_get("project")?,
        investor_unit_id: r.try_get("investor_unit_id")?,
        amount: r.try_get("amount")?,
        pm_amount: r.try_get("pm_amount")?,
        decision: r.try_get("decision")?,
    })
}

fn adjustment(r: &AnyRow) -> StoreResult<Adjustment> {
    Ok(Adjustment {
        id: r.try_get("id")?,
        plan_id: r.try_get("plan_id")?,
        date: date(r, "date")?,
        delta: r.try_get("delta")?,
        decision: r.try_get("decision")?,
    })
}

fn disbursement(r: &AnyRow) -> StoreResult<Disbursement> {
    Ok(Disbursement {
        id: r.try_get("id")?,
        plan_id: r.try_get("plan_id")?,
        as_of: date(r, "as_of")?,
        cumulative: r.try_get("cumulative")?,
        reporter_id: r.try_get("reporter_id")?,
        note: r.try_get("note")?,
    })
}

/// The plan lines of some years with their adjustments and disbursement records.
#[derive(Debug, Clone, Default)]
pub struct InvestmentData {
    pub lines: Vec<PlanLine>,
    pub adjustments: Vec<Adjustment>,
    pub disbursements: Vec<Disbursement>,
}

impl Store {
    pub async fn invest_sources(&self) -> StoreResult<Vec<Source>> {
        let rows = sqlx::query("SELECT id, code, name, parent_id FROM invest_sources ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(source).collect()
    }

    /// Everything recorded for the plans of `years` (three queries, whatever the size).
    pub async fn investment_data(&self, years: &[i32]) -> StoreResult<InvestmentData> {
        let (lo, hi) = match (years.iter().min(), years.iter().max()) {
            (Some(a), Some(b)) => (i64::from(*a), i64::from(*b)),
            _ => return Ok(InvestmentData::default()),
        };
        let lines = sqlx::query(sql(format!(
            "SELECT {PLAN_COLS} FROM invest_plans WHERE year >= $1 AND year <= $2 ORDER BY id"
        )))
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.pool)
        .await?;
        let adjustments = sqlx::query(
            "SELECT a.id, a.plan_id, a.date, a.delta, a.decision FROM invest_adjustments a \
             JOIN invest_plans p ON p.id = a.plan_id WHERE p.year >= $1 AND p.year <= $2 ORDER BY a.id",
        )
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.pool)
        .await?;
        let disbursements = sqlx::query(
            "SELECT d.id, d.plan_id, d.as_of, d.cumulative, d.reporter_id, d.note FROM invest_disbursements d \
             JOIN invest_plans p ON p.id = d.plan_id WHERE p.year >= $1 AND p.year <= $2 ORDER BY d.id",
        )
        .bind(lo)
        .bind(hi)
        .fetch_all(&self.pool)
        .await?;
        Ok(InvestmentData {
            lines: lines.iter().map(plan).collect::<StoreResult<_>>()?,
            adjustments: adjustments
                .iter()
                .map(adjustment)
                .collect::<StoreResult<_>>()?,
            disbursements: disbursements
                .iter()
                .map(disbursement)
                .collect::<StoreResult<_>>()?,
        })
    }

    pub async fn investment_row_counts(&self) -> StoreResult<(i64, i64, i64)> {
        let n = |t: &'static str| {
            let pool = self.pool.clone();
            async move {
                sqlx::query_scalar::<_, i64>(sql(format!("SELECT COUNT(*) FROM {t}")))
                    .fetch_one(&pool)
                    .await
            }
        };
        Ok((
            n("invest_plans").await?,
            n("invest_adjustments").await?,
            n("invest_disbursements").await?,
        ))
    }
}

impl Tx {
    pub async fn insert_invest_source(
        &mut self,
        code: &str,
        name: &str,
        parent_id: Option<i64>,
    ) -> StoreResult<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO invest_sources (code, name, parent_id) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(code)
        .bind(name)
        .bind(parent_id)
        .fetch_one(&mut *self.inner)
        .await?;
        Ok(id)
    }

    pub async fn invest_sources(&mut self) -> StoreResult<Vec<Source>> {
        let rows = sqlx::query("SELECT id, code, name, parent_id FROM invest_sources ORDER BY id")
            .fetch_all(&mut *self.inner)
            .await?;
        rows.iter().map(source).collect()
    }

    pub async fn insert_plan_line(&mut self, p: &PlanLine, at: DateTime<Utc>) -> StoreResult<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO invest_plans (year, unit_id, source_id, project, investor_unit_id, amount, pm_amount, decision, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(i64::from(p.year))
        .bind(p.unit_id)
        .bind(p.source_id)
        .bind(&p.project)
        .bind(p.investor_unit_id)
        .bind(p.amount)
        .bind(p.pm_amount)
        .bind(&p.decision)
        .bind(ts(at))
        .fetch_one(&mut *self.inner)
        .await?;
        Ok(id)
    }

    /// The plan line of (year, unit, source, project), if any.
    pub async fn plan_line(
        &mut self,
        year: i32,
        unit_id: i64,
        source_id: i64,
        project: &str,
    ) -> StoreResult<Option<PlanLine>> {
        let row = sqlx::query(sql(format!(
            "SELECT {PLAN_COLS} FROM invest_plans WHERE year = $1 AND unit_id = $2 AND source_id = $3 AND project = $4"
        )))
        .bind(i64::from(year))
        .bind(unit_id)
        .bind(source_id)
        .bind(project)
        .fetch_optional(&mut *self.inner)
        .await?;
        row.as_ref().map(plan).transpose()
    }

    pub async fn plan_adjustments(&mut self, plan_id: i64) -> StoreResult<Vec<Adjustment>> {
        let rows = sqlx::query(
            "SELECT id, plan_id, date, delta, decision FROM invest_adjustments WHERE plan_id = $1 ORDER BY id",
        )
        .bind(plan_id)
        .fetch_all(&mut *self.inner)
        .await?;
        rows.iter().map(adjustment).collect()
    }

    pub async fn plan_disbursements(&mut self, plan_id: i64) -> StoreResult<Vec<Disbursement>> {
        let rows = sqlx::query(
            "SELECT id, plan_id, as_of, cumulative, reporter_id, note FROM invest_disbursements WHERE plan_id = $1 ORDER BY id",
        )
        .bind(plan_id)
        .fetch_all(&mut *self.inner)
        .await?;
        rows.iter().map(disbursement).collect()
    }

    pub async fn insert_adjustment(
        &mut self,
        a: &Adjustment,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO invest_adjustments (plan_id, date, delta, decision, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(a.plan_id)
        .bind(iso(a.date))
        .bind(a.delta)
        .bind(&a.decision)
        .bind(ts(at))
        .fetch_one(&mut *self.inner)
        .await?;
        Ok(id)
    }

    pub async fn insert_disbursement(
        &mut self,
        d: &Disbursement,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO invest_disbursements (plan_id, as_of, cumulative, reporter_id, note, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(d.plan_id)
        .bind(iso(d.as_of))
        .bind(d.cumulative)
        .bind(d.reporter_id)
        .bind(&d.note)
        .bind(ts(at))
        .fetch_one(&mut *self.inner)
        .await?;
        Ok(id)
    }
}
