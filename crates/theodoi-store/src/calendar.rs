//! The holiday calendar as data an admin can edit.

use sqlx::Row;
use theodoi_core::calendar::{Calendar, CalendarDay, DayKind};

use crate::rows::{date, iso};
use crate::{Store, StoreResult, Tx};

impl Tx {
    pub async fn upsert_calendar_day(&mut self, d: &CalendarDay) -> StoreResult<()> {
        sqlx::query("DELETE FROM calendar_days WHERE day = $1")
            .bind(iso(d.date))
            .execute(&mut *self.inner)
            .await?;
        sqlx::query("INSERT INTO calendar_days (day, kind, name, note) VALUES ($1, $2, $3, $4)")
            .bind(iso(d.date))
            .bind(d.kind.as_str())
            .bind(&d.name)
            .bind(&d.note)
            .execute(&mut *self.inner)
            .await?;
        Ok(())
    }

    pub async fn delete_calendar_day(&mut self, day: chrono::NaiveDate) -> StoreResult<u64> {
        Ok(sqlx::query("DELETE FROM calendar_days WHERE day = $1")
            .bind(iso(day))
            .execute(&mut *self.inner)
            .await?
            .rows_affected())
    }
}

impl Store {
    pub async fn calendar_days(&self) -> StoreResult<Vec<CalendarDay>> {
        let rows = sqlx::query("SELECT day, kind, name, note FROM calendar_days ORDER BY day")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                Ok(CalendarDay {
                    date: date(r, "day")?,
                    kind: DayKind::parse(&kind).ok_or_else(|| {
                        crate::StoreError::Corrupt(format!("calendar_days.kind={kind}"))
                    })?,
                    name: r.try_get("name")?,
                    note: r.try_get("note")?,
                })
            })
            .collect()
    }

    /// The working calendar as stored (seeded with the shipped days on first run).
    pub async fn calendar(&self) -> StoreResult<Calendar> {
        Ok(Calendar::new(self.calendar_days().await?))
    }
}
