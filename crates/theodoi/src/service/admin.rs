//! Administration from the web: settings and the holiday calendar (the CLI has its own
//! commands for the same records).

use chrono::NaiveDate;
use theodoi_core::access::Actor;
use theodoi_core::calendar::{Calendar, CalendarDay, DayKind};
use theodoi_core::{DomainError, DomainResult};

use super::{Services, actor_id, keys};

impl Services {
    /// Changes one of the settings users may change, after checking its value.
    pub async fn update_setting(&self, actor: &Actor, key: &str, value: &str) -> DomainResult<()> {
        actor.require_admin("đổi cài đặt")?;
        let value = value.trim();
        match key {
            keys::DUE_SOON_DAYS => {
                if !value.parse::<i64>().is_ok_and(|n| (0..=60).contains(&n)) {
                    return Err(DomainError::invalid(
                        key,
                        format!(
                            "số ngày 'sắp đến hạn' phải là số nguyên từ 0 đến 60, không phải '{value}'"
                        ),
                    ));
                }
            }
            keys::MOVE_OFF_DAYS => {
                if !matches!(value, "on" | "off") {
                    return Err(DomainError::invalid(key, "chọn 'on' hoặc 'off'"));
                }
            }
            keys::TODAY => {
                if !value.is_empty() && theodoi_core::window::parse_iso(value).is_none() {
                    return Err(DomainError::invalid(
                        key,
                        format!("ngày '{value}' không hợp lệ"),
                    ));
                }
            }
            other => {
                return Err(DomainError::invalid(
                    "key",
                    format!("không có cài đặt '{other}'"),
                ));
            }
        }
        let before = self.store.setting(key).await?;
        let mut tx = self.store.begin().await?;
        tx.set_setting(key, value).await?;
        tx.audit(
            self.clock.now(),
            actor_id(actor),
            "setting",
            0,
            key,
            before.as_ref(),
            Some(&value),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_calendar_day(
        &self,
        actor: &Actor,
        date: NaiveDate,
        kind: &str,
        name: &str,
        note: &str,
    ) -> DomainResult<()> {
        actor.require_admin("sửa lịch nghỉ")?;
        let kind = DayKind::parse(kind).ok_or_else(|| {
            DomainError::invalid(
                "kind",
                format!("loại ngày '{kind}' không hợp lệ; dùng holiday, day_in_lieu, swapped_off, swapped_working"),
            )
        })?;
        let day = CalendarDay {
            date,
            kind,
            name: name.trim().to_string(),
            note: note.trim().to_string(),
        };
        Calendar::check_day(&day, 0).map_err(|e| DomainError::invalid("name", e.to_string()))?;
        let mut tx = self.store.begin().await?;
        tx.upsert_calendar_day(&day).await?;
        tx.audit(
            self.clock.now(),
            actor_id(actor),
            "calendar",
            0,
            "set_day",
            None::<&()>,
            Some(&day),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn remove_calendar_day(&self, actor: &Actor, date: NaiveDate) -> DomainResult<()> {
        actor.require_admin("sửa lịch nghỉ")?;
        let mut tx = self.store.begin().await?;
        if tx.delete_calendar_day(date).await? == 0 {
            return Err(DomainError::not_found(format!(
                "ngày {} trong lịch nghỉ",
                theodoi_core::format::date_vi(date)
            )));
        }
        tx.audit(
            self.clock.now(),
            actor_id(actor),
            "calendar",
            0,
            "remove_day",
            Some(&date),
            None::<&()>,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
