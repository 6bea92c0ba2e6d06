//! The settings of the figures area, kept by those who keep the register (leaders, the
//! office, the planning agency) rather than by the admin, because they are rules of
//! assessment, not of the system: the tolerance of the "đạt" band and the disbursement
//! milestones ("60% by 31/8, 95% by 31/12").

use theodoi_core::access::Actor;
use theodoi_core::format::decimal_vi;
use theodoi_core::investment::{DEFAULT_MILESTONES, Milestone};
use theodoi_core::{DomainError, DomainResult};

use super::figures_access::require_register_figures;
use super::indicators::TOLERANCE_KEY;
use super::{Services, actor_id};

/// Settings key: the milestones, written `31/08:60; 31/12:95` (day/month: percent).
pub const MILESTONES_KEY: &str = "investment_milestones";

/// Reads `31/08:60; 31/12:95` (also `31/8: 60%`, separated by `;` or new lines).
pub fn parse_milestones(s: &str) -> Result<Vec<Milestone>, String> {
    let mut out: Vec<Milestone> = Vec::new();
    for item in s
        .split([';', '\n'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
    {
        let bad = || format!("mốc '{item}' không hợp lệ; viết ví dụ 31/08:60; 31/12:95");
        let (date, pct) = item.split_once(':').ok_or_else(bad)?;
        let (day, month) = date.trim().split_once('/').ok_or_else(bad)?;
        let day: u32 = day.trim().parse().map_err(|_| bad())?;
        let month: u32 = month.trim().parse().map_err(|_| bad())?;
        // Any leap year: 29/02 is a valid milestone day.
        if chrono::NaiveDate::from_ymd_opt(2024, month, day).is_none() {
            return Err(format!("ngày {day}/{month} trong mốc '{item}' không có"));
        }
        let pct: f64 = pct
            .trim()
            .trim_end_matches('%')
            .trim()
            .replace(',', ".")
            .parse()
            .map_err(|_| bad())?;
        if !(pct > 0.0 && pct <= 100.0) {
            return Err(format!(
                "tỷ lệ trong mốc '{item}' phải lớn hơn 0 và không quá 100%"
            ));
        }
        if out.iter().any(|m| m.month == month && m.day == day) {
            return Err(format!("ngày {day:02}/{month:02} có hai mốc"));
        }
        out.push(Milestone {
            month,
            day,
            rate: pct / 100.0,
        });
    }
    if out.is_empty() {
        return Err("cần ít nhất một mốc, ví dụ 31/08:60; 31/12:95".into());
    }
    out.sort_by_key(|m| (m.month, m.day));
    Ok(out)
}

/// `31/08:60; 31/12:95`
pub fn milestones_text(list: &[Milestone]) -> String {
    list.iter()
        .map(|m| {
            let pct = decimal_vi(m.rate * 100.0, 2);
            let pct = pct.trim_end_matches('0').trim_end_matches(',');
            format!("{:02}/{:02}:{pct}", m.day, m.month)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The figures settings as shown on their forms.
#[derive(Debug, Clone)]
pub struct FiguresSettings {
    pub tolerance: f64,
    pub milestones: Vec<Milestone>,
}

impl Services {
    /// The milestones in force (the default 60% by 31/8, 95% by 31/12 until changed).
    pub async fn investment_milestones(&self) -> DomainResult<Vec<Milestone>> {
        Ok(self
            .store
            .setting(MILESTONES_KEY)
            .await?
            .and_then(|v| parse_milestones(&v).ok())
            .unwrap_or_else(|| DEFAULT_MILESTONES.to_vec()))
    }

    pub async fn figures_settings(&self) -> DomainResult<FiguresSettings> {
        Ok(FiguresSettings {
            tolerance: self.indicator_tolerance().await?,
            milestones: self.investment_milestones().await?,
        })
    }

    /// Changes the tolerance (a percentage of the target, `0` = exact) or the milestones.
    pub async fn update_figures_setting(
        &self,
        actor: &Actor,
        key: &str,
        value: &str,
    ) -> DomainResult<()> {
        let units = self.store.units().await?;
        require_register_figures(actor, &units, "đổi cài đặt chỉ tiêu, giải ngân")?;
        let value = value.trim();
        let stored = match key {
            TOLERANCE_KEY => {
                let pct = value
                    .trim_end_matches('%')
                    .trim()
                    .replace(',', ".")
                    .parse::<f64>()
                    .ok()
                    .filter(|p| p.is_finite() && (0.0..=50.0).contains(p))
                    .ok_or_else(|| {
                        DomainError::invalid(
                            key,
                            format!(
                                "dung sai phải là số phần trăm từ 0 đến 50 (0 = so đúng chỉ tiêu), không phải '{value}'"
                            ),
                        )
                    })?;
                // Stored as a fraction of the target, as the verdict uses it.
                format!("{}", pct / 100.0)
            }
            MILESTONES_KEY => {
                milestones_text(&parse_milestones(value).map_err(|m| DomainError::invalid(key, m))?)
            }
            other => {
                return Err(DomainError::invalid(
                    "key",
                    format!("không có cài đặt '{other}'"),
                ));
            }
        };
        let before = self.store.setting(key).await?;
        let mut tx = self.store.begin().await?;
        tx.set_setting(key, &stored).await?;
        tx.audit(
            self.clock.now(),
            actor_id(actor),
            "setting",
            0,
            key,
            before.as_ref(),
            Some(&stored),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestones_round_trip_and_refusals() {
        let m = parse_milestones("31/8: 60%; 31/12:95").expect("parse");
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].month, m[0].day), (8, 31));
        assert!((m[1].rate - 0.95).abs() < 1e-9);
        assert_eq!(milestones_text(&m), "31/08:60; 31/12:95");
        assert_eq!(
            milestones_text(&parse_milestones("30/06:32,5").expect("parse")),
            "30/06:32,5"
        );
        assert!(parse_milestones("31/02:60").is_err());
        assert!(parse_milestones("31/08:160").is_err());
        assert!(parse_milestones("31/08:60; 31/08:70").is_err());
        assert!(parse_milestones("").is_err());
        assert!(parse_milestones("tháng 8").is_err());
    }
}
