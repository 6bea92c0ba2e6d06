//! Indicators: register, targets, values (every revision kept) and the summary
//! "X/Y chỉ tiêu đạt và vượt" overall, per unit and per responsible unit.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use theodoi_core::access::Actor;
use theodoi_core::error::Problems;
use theodoi_core::format::decimal_vi;
use theodoi_core::indicator::{
    Aggregation, Bounds, Direction, Indicator, IndicatorValue, Period, Quality, Target, Verdict,
    aggregate, verdict,
};
use theodoi_core::model::Unit;
use theodoi_core::text::clean;
use theodoi_core::{DomainError, DomainResult};
use theodoi_store::NewIndicator;

use super::figures_access::{
    can_view_figures, require_enter_figures, require_register_figures, require_view_figures,
};
use super::{Services, actor_id};

/// Settings key: the tolerance of the "đạt" band, a fraction of the target (default 0 = exact).
pub const TOLERANCE_KEY: &str = "indicator_tolerance";

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct IndicatorInput {
    pub code: String,
    pub name: String,
    pub unit_of_measure: String,
    #[serde(default)]
    pub decimals: u32,
    pub direction: String,
    #[serde(default = "no_aggregation")]
    pub aggregation: String,
    #[serde(default)]
    pub responsible_unit_id: Option<i64>,
    #[serde(default)]
    pub decision: String,
}

fn no_aggregation() -> String {
    "none".into()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TargetInput {
    /// Indicator code.
    pub indicator: String,
    pub unit_id: i64,
    pub period: String,
    #[serde(default)]
    pub low: Option<f64>,
    #[serde(default)]
    pub high: Option<f64>,
    #[serde(default)]
    pub wording: String,
    #[serde(default)]
    pub decision: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ValueInput {
    pub indicator: String,
    pub unit_id: i64,
    pub period: String,
    pub value: f64,
    pub quality: String,
    #[serde(default)]
    pub source: String,
    pub reported_on: NaiveDate,
    #[serde(default)]
    pub weight: Option<f64>,
}

/// One indicator's line in a summary.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorLine {
    pub code: String,
    pub name: String,
    /// Kept out of the JSON whose keys are fixed; used by the pages' filter.
    #[serde(skip)]
    pub responsible_unit_id: Option<i64>,
    pub unit_id: i64,
    pub unit: String,
    pub unit_of_measure: String,
    pub target: String,
    pub target_low: Option<f64>,
    pub target_high: Option<f64>,
    pub value: Option<f64>,
    /// The value in Vietnamese form, with its unit of measure.
    pub value_text: Option<String>,
    pub quality: Option<Quality>,
    /// True when the value was combined from sub-units.
    pub aggregated: bool,
    pub verdict: Option<Verdict>,
    pub verdict_label: String,
}

/// `theodoi indicators summary` and the indicators panel. The keys are fixed (issue 5).
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorSummary {
    pub period: String,
    pub unit: Option<String>,
    pub total: usize,
    pub exceeded: usize,
    pub achieved: usize,
    pub not_achieved: usize,
    pub indicators: Vec<IndicatorLine>,
}

impl IndicatorSummary {
    /// "13/13 chỉ tiêu đạt và vượt".
    pub fn headline(&self) -> String {
        format!(
            "{}/{} chỉ tiêu đạt và vượt",
            self.exceeded + self.achieved,
            self.total
        )
    }

    /// Keeps the lines `keep` selects and counts again.
    pub fn retain(&mut self, keep: impl Fn(&IndicatorLine) -> bool) {
        self.indicators.retain(|l| keep(l));
        let count = |x: Verdict| {
            self.indicators
                .iter()
                .filter(|l| l.verdict == Some(x))
                .count()
        };
        let (e, a, n) = (
            count(Verdict::Exceeded),
            count(Verdict::Achieved),
            count(Verdict::NotAchieved),
        );
        self.total = self.indicators.len();
        self.exceeded = e;
        self.achieved = a;
        self.not_achieved = n;
    }

    /// Lines with no value yet for the period.
    pub fn not_reported(&self) -> Vec<&IndicatorLine> {
        self.indicators
            .iter()
            .filter(|l| l.value.is_none())
            .collect()
    }

    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Chỉ tiêu {}{}: {} (vượt {}, đạt {}, không đạt {}, chưa báo cáo {})\n",
            Period::parse(&self.period)
                .map(|p| p.label())
                .unwrap_or_default(),
            self.unit
                .as_deref()
                .map(|u| format!(" — {u}"))
                .unwrap_or_default(),
            self.headline(),
            self.exceeded,
            self.achieved,
            self.not_achieved,
            self.not_reported().len()
        );
        for l in &self.indicators {
            out.push_str(&format!(
                "  {:<10} {} — chỉ tiêu {}; thực hiện {}: {}\n",
                l.code,
                l.name,
                l.target,
                l.value_text.as_deref().unwrap_or("chưa báo cáo"),
                l.verdict_label
            ));
        }
        out
    }
}

/// One point of an indicator's chart over periods.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesPoint {
    pub period: String,
    pub target_low: Option<f64>,
    pub target_high: Option<f64>,
    pub value: Option<f64>,
    pub verdict: Option<Verdict>,
}

/// Counts per unit (locality or responsible unit).
#[derive(Debug, Clone, Serialize)]
pub struct UnitCount {
    pub unit_id: i64,
    pub unit: String,
    pub total: usize,
    pub met: usize,
}

/// `93,4%`, `735 tỷ đồng`.
fn with_uom(number: String, uom: &str) -> String {
    if uom == "%" || uom.is_empty() {
        format!("{number}{uom}")
    } else {
        format!("{number} {uom}")
    }
}

fn unit_name(units: &[Unit], id: i64) -> String {
    units
        .iter()
        .find(|u| u.id.0 == id)
        .map(|u| u.name.clone())
        .unwrap_or_else(|| format!("#{id}"))
}

fn require_unit(units: &[Unit], id: i64, field: &str, p: &mut Problems) {
    if !units.iter().any(|u| u.id.0 == id) {
        p.add(field, format!("không có đơn vị #{id}"));
    }
}

impl Services {
    pub(crate) async fn indicator_tolerance(&self) -> DomainResult<f64> {
        Ok(self
            .store
            .setting(TOLERANCE_KEY)
            .await?
            .and_then(|v| v.replace(',', ".").parse::<f64>().ok())
            .filter(|t| t.is_finite() && *t >= 0.0)
            .unwrap_or(0.0))
    }

    pub async fn create_indicator(
        &self,
        actor: &Actor,
        input: IndicatorInput,
    ) -> DomainResult<Indicator> {
        let units = self.store.units().await?;
        require_register_figures(actor, &units, "đăng ký chỉ tiêu")?;
        let mut p = Problems::new();
        let code = input.code.trim().to_string();
        if code.is_empty() {
            p.add("code", "mã chỉ tiêu không được để trống");
        }
        let name = clean(&input.name);
        if name.is_empty() {
            p.add("name", "tên chỉ tiêu không được để trống");
        }
        if input.decimals > 6 {
            p.add("decimals", "số chữ số thập phân từ 0 đến 6");
        }
        let direction = Direction::parse(&input.direction)
            .map_err(|e| p.add("direction", e.to_string()))
            .ok();
        let aggregation = Aggregation::parse(&input.aggregation)
            .map_err(|e| p.add("aggregation", e.to_string()))
            .ok();
        if let Some(u) = input.responsible_unit_id {
            require_unit(&units, u, "responsible_unit_id", &mut p);
        }
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        if !code.is_empty() && tx.indicator_by_code(&code).await?.is_some() {
            p.add("code", format!("mã chỉ tiêu '{code}' đã có"));
        }
        p.into_result()?;
        let new = NewIndicator {
            code: code.clone(),
            name,
            unit_of_measure: clean(&input.unit_of_measure),
            decimals: input.decimals,
            direction: direction.unwrap_or(Direction::Higher),
            aggregation: aggregation.unwrap_or(Aggregation::None),
            responsible_unit_id: input.responsible_unit_id,
            decision: clean(&input.decision),
        };
        let id = tx.insert_indicator(&new, at).await?;
        let ind = tx
            .indicator_by_code(&code)
            .await?
            .ok_or_else(|| DomainError::not_found("chỉ tiêu vừa tạo"))?;
        tx.audit(
            at,
            actor_id(actor),
            "indicator",
            id,
            "create",
            None::<&()>,
            Some(&ind),
        )
        .await?;
        tx.commit().await?;
        Ok(ind)
    }

    /// Sets (or revises) the target of an indicator for a unit and period.
    pub async fn set_target(&self, actor: &Actor, input: TargetInput) -> DomainResult<Target> {
        let units = self.store.units().await?;
        let mut tx = self.store.begin().await?;
        let out = self.apply_target(&mut tx, actor, &units, input).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// [`Self::set_target`] inside a caller's transaction (imports write many rows in one).
    pub(crate) async fn apply_target(
        &self,
        tx: &mut theodoi_store::Tx,
        actor: &Actor,
        units: &[Unit],
        input: TargetInput,
    ) -> DomainResult<Target> {
        require_register_figures(actor, units, "giao chỉ tiêu")?;
        let mut p = Problems::new();
        let period = Period::parse(&input.period)
            .map_err(|e| p.add("period", e.to_string()))
            .ok();
        require_unit(units, input.unit_id, "unit", &mut p);
        let at = self.clock.now();
        let ind = tx.indicator_by_code(input.indicator.trim()).await?;
        let Some(ind) = ind else {
            p.add(
                "indicator",
                format!("không có chỉ tiêu mã '{}'", input.indicator.trim()),
            );
            return Err(p
                .into_result()
                .err()
                .unwrap_or_else(|| DomainError::not_found("chỉ tiêu")));
        };
        let bounds = Bounds::for_direction(ind.direction, input.low, input.high)
            .map_err(|e| p.add("target", e.to_string()))
            .ok();
        p.into_result()?;
        let (Some(period), Some(bounds)) = (period, bounds) else {
            return Err(DomainError::invalid("target", "chỉ tiêu không hợp lệ"));
        };
        let before = tx.indicator_target(ind.id, input.unit_id, period).await?;
        let mut t = Target {
            id: 0,
            indicator_id: ind.id,
            unit_id: input.unit_id,
            period,
            bounds,
            wording: clean(&input.wording),
            decision: clean(&input.decision),
        };
        t.id = tx.upsert_indicator_target(&t, at).await?;
        let action = if before.is_some() {
            "revise_target"
        } else {
            "set_target"
        };
        tx.audit(
            at,
            actor_id(actor),
            "indicator_target",
            t.id,
            action,
            before.as_ref(),
            Some(&t),
        )
        .await?;
        Ok(t)
    }

    /// Records a value (a new revision; earlier ones are kept). Refused for a period with no
    /// target, and for a quality below the current revision's (ước tính → sơ bộ → chính thức).
    pub async fn report_value(
        &self,
        actor: &Actor,
        input: ValueInput,
    ) -> DomainResult<IndicatorValue> {
        let units = self.store.units().await?;
        let mut tx = self.store.begin().await?;
        let out = self.apply_value(&mut tx, actor, &units, input).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// [`Self::report_value`] inside a caller's transaction (imports write many rows in one).
    pub(crate) async fn apply_value(
        &self,
        tx: &mut theodoi_store::Tx,
        actor: &Actor,
        units: &[Unit],
        input: ValueInput,
    ) -> DomainResult<IndicatorValue> {
        require_enter_figures(actor, units, input.unit_id, "nhập số liệu chỉ tiêu")?;
        let mut p = Problems::new();
        let period = Period::parse(&input.period)
            .map_err(|e| p.add("period", e.to_string()))
            .ok();
        let quality = Quality::parse(&input.quality)
            .map_err(|e| p.add("quality", e.to_string()))
            .ok();
        if !input.value.is_finite() {
            p.add("value", "giá trị phải là một số");
        }
        if input.weight.is_some_and(|w| !w.is_finite() || w < 0.0) {
            p.add("weight", "trọng số phải là số không âm");
        }
        require_unit(units, input.unit_id, "unit", &mut p);
        let at = self.clock.now();
        let ind = tx.indicator_by_code(input.indicator.trim()).await?;
        if ind.is_none() {
            p.add(
                "indicator",
                format!("không có chỉ tiêu mã '{}'", input.indicator.trim()),
            );
        }
        let mut before = None;
        if let (Some(ind), Some(period)) = (&ind, period) {
            if tx
                .indicator_target(ind.id, input.unit_id, period)
                .await?
                .is_none()
            {
                p.add(
                    "period",
                    format!(
                        "chỉ tiêu {} chưa được giao cho {} {}; giao chỉ tiêu trước khi nhập số liệu",
                        ind.code,
                        unit_name(units, input.unit_id),
                        period.label()
                    ),
                );
            }
            before = tx
                .latest_indicator_value(ind.id, input.unit_id, period)
                .await?;
            if let (Some(b), Some(q)) = (&before, quality)
                && q < b.quality
            {
                p.add(
                    "quality",
                    format!(
                        "số liệu đã ở mức {}; không thể lùi về {}",
                        b.quality.label(),
                        q.label()
                    ),
                );
            }
        }
        p.into_result()?;
        let (Some(ind), Some(period), Some(quality)) = (ind, period, quality) else {
            return Err(DomainError::invalid("value", "số liệu không hợp lệ"));
        };
        let mut v = IndicatorValue {
            id: 0,
            indicator_id: ind.id,
            unit_id: input.unit_id,
            period,
            value: input.value,
            quality,
            source: clean(&input.source),
            reporter_id: actor_id(actor).map(|u| u.0),
            weight: input.weight,
            reported_on: input.reported_on,
            // Revisions are numbered when read (oldest = 1).
            revision: 0,
        };
        v.id = tx.insert_indicator_value(&v, at).await?;
        tx.audit(
            at,
            actor_id(actor),
            "indicator_value",
            v.id,
            "report",
            before.as_ref(),
            Some(&v),
        )
        .await?;
        Ok(v)
    }

    /// The summary for a period, of one unit's targets or of every unit the actor may see.
    pub async fn indicator_summary(
        &self,
        actor: &Actor,
        period: Period,
        unit: Option<i64>,
    ) -> DomainResult<IndicatorSummary> {
        let units = self.store.units().await?;
        require_view_figures(actor, &units, unit)?;
        let tol = self.indicator_tolerance().await?;
        let indicators: HashMap<i64, Indicator> = self
            .store
            .indicators()
            .await?
            .into_iter()
            .map(|i| (i.id, i))
            .collect();
        let targets: Vec<Target> = self
            .store
            .indicator_targets(Some(period))
            .await?
            .into_iter()
            .filter(|t| unit.is_none_or(|u| t.unit_id == u))
            .filter(|t| can_view_figures(actor, &units, t.unit_id))
            .collect();
        // The current value of each (indicator, unit): the latest revision.
        let mut current: HashMap<(i64, i64), IndicatorValue> = HashMap::new();
        for v in self.store.indicator_values(Some(period)).await? {
            current.insert((v.indicator_id, v.unit_id), v);
        }
        let mut lines = Vec::new();
        for t in &targets {
            let Some(ind) = indicators.get(&t.indicator_id) else {
                continue;
            };
            let own = current.get(&(ind.id, t.unit_id));
            let (value, quality, aggregated) = match own {
                Some(v) => (Some(v.value), Some(v.quality), false),
                None => {
                    let children: Vec<(f64, Option<f64>)> = units
                        .iter()
                        .filter(|u| u.parent_id.map(|p| p.0) == Some(t.unit_id))
                        .filter_map(|u| current.get(&(ind.id, u.id.0)))
                        .map(|v| (v.value, v.weight))
                        .collect();
                    let agg = aggregate(ind.aggregation, &children);
                    (agg, None, agg.is_some())
                }
            };
            let bound = t
                .bounds
                .low
                .unwrap_or(0.0)
                .abs()
                .max(t.bounds.high.unwrap_or(0.0).abs());
            let v = value.map(|x| verdict(ind.direction, t.bounds, x, ind.decimals, tol * bound));
            lines.push(IndicatorLine {
                code: ind.code.clone(),
                name: ind.name.clone(),
                responsible_unit_id: ind.responsible_unit_id,
                unit_id: t.unit_id,
                unit: unit_name(&units, t.unit_id),
                unit_of_measure: ind.unit_of_measure.clone(),
                target: if t.wording.is_empty() {
                    with_uom(t.bounds.label(ind.decimals), &ind.unit_of_measure)
                } else {
                    t.wording.clone()
                },
                target_low: t.bounds.low,
                target_high: t.bounds.high,
                value,
                value_text: value
                    .map(|x| with_uom(decimal_vi(x, ind.decimals as usize), &ind.unit_of_measure)),
                quality,
                aggregated,
                verdict: v,
                verdict_label: v
                    .map(|v| v.label().to_string())
                    .unwrap_or_else(|| "Chưa báo cáo".into()),
            });
        }
        lines.sort_by(|a, b| (a.unit_id, &a.code).cmp(&(b.unit_id, &b.code)));
        let count = |x: Verdict| lines.iter().filter(|l| l.verdict == Some(x)).count();
        Ok(IndicatorSummary {
            period: period.code(),
            unit: unit.map(|u| unit_name(&units, u)),
            total: lines.len(),
            exceeded: count(Verdict::Exceeded),
            achieved: count(Verdict::Achieved),
            not_achieved: count(Verdict::NotAchieved),
            indicators: lines,
        })
    }

    /// "Đạt và vượt" per unit holding targets (`by_responsible = false`) or per responsible unit.
    pub async fn indicator_counts_by_unit(
        &self,
        actor: &Actor,
        period: Period,
        by_responsible: bool,
    ) -> DomainResult<Vec<UnitCount>> {
        let s = self.indicator_summary(actor, period, None).await?;
        let indicators: HashMap<String, Indicator> = self
            .store
            .indicators()
            .await?
            .into_iter()
            .map(|i| (i.code.clone(), i))
            .collect();
        let units = self.store.units().await?;
        let mut map: std::collections::BTreeMap<i64, UnitCount> = Default::default();
        for l in &s.indicators {
            let key = if by_responsible {
                indicators
                    .get(&l.code)
                    .and_then(|i| i.responsible_unit_id)
                    .unwrap_or(l.unit_id)
            } else {
                l.unit_id
            };
            let e = map.entry(key).or_insert_with(|| UnitCount {
                unit_id: key,
                unit: unit_name(&units, key),
                total: 0,
                met: 0,
            });
            e.total += 1;
            if l.verdict.is_some_and(Verdict::is_met) {
                e.met += 1;
            }
        }
        Ok(map.into_values().collect())
    }

    /// One indicator of one unit over every period with a target or value (for a chart).
    pub async fn indicator_series(
        &self,
        actor: &Actor,
        code: &str,
        unit: i64,
    ) -> DomainResult<Vec<SeriesPoint>> {
        let units = self.store.units().await?;
        require_view_figures(actor, &units, Some(unit))?;
        let tol = self.indicator_tolerance().await?;
        let ind = self
            .store
            .indicators()
            .await?
            .into_iter()
            .find(|i| i.code == code.trim())
            .ok_or_else(|| DomainError::not_found(format!("chỉ tiêu mã '{}'", code.trim())))?;
        let targets: Vec<Target> = self
            .store
            .indicator_targets(None)
            .await?
            .into_iter()
            .filter(|t| t.indicator_id == ind.id && t.unit_id == unit)
            .collect();
        let mut values: HashMap<Period, f64> = HashMap::new();
        for v in self.store.indicator_values(None).await? {
            if v.indicator_id == ind.id && v.unit_id == unit {
                values.insert(v.period, v.value);
            }
        }
        let mut periods: Vec<Period> = targets
            .iter()
            .map(|t| t.period)
            .chain(values.keys().copied())
            .collect();
        periods.sort_by_key(|p| (p.end_year(), p.code()));
        periods.dedup();
        Ok(periods
            .into_iter()
            .map(|p| {
                let t = targets.iter().find(|t| t.period == p);
                let v = values.get(&p).copied();
                SeriesPoint {
                    period: p.code(),
                    target_low: t.and_then(|t| t.bounds.low),
                    target_high: t.and_then(|t| t.bounds.high),
                    value: v,
                    verdict: match (t, v) {
                        (Some(t), Some(v)) => {
                            let b = t
                                .bounds
                                .low
                                .unwrap_or(0.0)
                                .abs()
                                .max(t.bounds.high.unwrap_or(0.0).abs());
                            Some(verdict(ind.direction, t.bounds, v, ind.decimals, tol * b))
                        }
                        _ => None,
                    },
                }
            })
            .collect())
    }

    /// Every revision of a value, oldest first.
    pub async fn indicator_value_history(
        &self,
        actor: &Actor,
        code: &str,
        unit: i64,
        period: Period,
    ) -> DomainResult<Vec<IndicatorValue>> {
        let units = self.store.units().await?;
        require_view_figures(actor, &units, Some(unit))?;
        let ind = self
            .store
            .indicators()
            .await?
            .into_iter()
            .find(|i| i.code == code.trim())
            .ok_or_else(|| DomainError::not_found(format!("chỉ tiêu mã '{}'", code.trim())))?;
        Ok(self
            .store
            .indicator_values(Some(period))
            .await?
            .into_iter()
            .filter(|v| v.indicator_id == ind.id && v.unit_id == unit)
            .collect())
    }

    /// The tasks linked to an indicator (ids, ascending).
    pub async fn indicator_tasks(&self, actor: &Actor, code: &str) -> DomainResult<Vec<i64>> {
        actor.require_reports()?;
        let ind = self
            .store
            .indicators()
            .await?
            .into_iter()
            .find(|i| i.code == code.trim())
            .ok_or_else(|| DomainError::not_found(format!("chỉ tiêu mã '{}'", code.trim())))?;
        Ok(self.store.indicator_task_ids(ind.id).await?)
    }

    /// Links a task meant to move an indicator.
    pub async fn link_indicator_task(
        &self,
        actor: &Actor,
        code: &str,
        task_id: i64,
    ) -> DomainResult<()> {
        let units = self.store.units().await?;
        require_register_figures(actor, &units, "gắn nhiệm vụ với chỉ tiêu")?;
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        let ind = tx.indicator_by_code(code.trim()).await?.ok_or_else(|| {
            DomainError::invalid(
                "indicator",
                format!("không có chỉ tiêu mã '{}'", code.trim()),
            )
        })?;
        if tx.task(theodoi_core::ids::TaskId(task_id)).await?.is_none() {
            return Err(DomainError::invalid(
                "task",
                format!("không có nhiệm vụ #{task_id}"),
            ));
        }
        tx.link_indicator_task(ind.id, task_id).await.map_err(|e| {
            if e.is_unique_violation() {
                DomainError::Conflict(format!(
                    "nhiệm vụ #{task_id} đã gắn với chỉ tiêu {}",
                    ind.code
                ))
            } else {
                e.into()
            }
        })?;
        tx.audit(
            at,
            actor_id(actor),
            "indicator",
            ind.id,
            "link_task",
            None::<&()>,
            Some(&serde_json::json!({"task_id": task_id})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
