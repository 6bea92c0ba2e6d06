//! Read models of the figures pages that the summary does not cover: one indicator with
//! its targets (every unit and period the actor may see) and the tasks meant to move it,
//! and the choices the entry forms offer (indicators, sources, the units one may enter for).

use theodoi_core::DomainResult;
use theodoi_core::access::Actor;
use theodoi_core::indicator::{Indicator, Period};
use theodoi_core::investment::{Source, source_tree_order};
use theodoi_core::model::{Task, Unit};
use theodoi_core::{DomainError, ids::TaskId};

use super::Services;
use super::figures_access::{
    can_view_figures, require_enter_figures, require_register_figures, require_view_figures,
};

/// One target of an indicator, ready to show.
#[derive(Debug, Clone)]
pub struct TargetView {
    pub unit_id: i64,
    pub unit: String,
    pub period: Period,
    pub target: String,
    pub decision: String,
}

#[derive(Debug, Clone)]
pub struct IndicatorDetail {
    pub indicator: Indicator,
    pub responsible: Option<String>,
    pub targets: Vec<TargetView>,
    /// Linked tasks the actor may see (the others are counted, not shown).
    pub tasks: Vec<Task>,
    pub hidden_tasks: usize,
}

/// What the entry forms offer the actor.
#[derive(Debug, Clone)]
pub struct FigureChoices {
    pub indicators: Vec<Indicator>,
    /// Sources in tree order with their depth.
    pub sources: Vec<(Source, usize)>,
    /// Units the actor may enter values and disbursements for.
    pub entry_units: Vec<Unit>,
    /// Every current unit (targets, plans, investors — for those who keep the register).
    pub all_units: Vec<Unit>,
    pub keeps_register: bool,
}

impl Services {
    pub async fn indicator_detail(
        &self,
        actor: &Actor,
        code: &str,
    ) -> DomainResult<IndicatorDetail> {
        let units = self.store.units().await?;
        require_view_figures(actor, &units, None)?;
        let name = |id: i64| {
            units
                .iter()
                .find(|u| u.id.0 == id)
                .map(|u| u.name.clone())
                .unwrap_or_else(|| format!("#{id}"))
        };
        let indicator = self
            .store
            .indicators()
            .await?
            .into_iter()
            .find(|i| i.code == code.trim())
            .ok_or_else(|| DomainError::not_found(format!("chỉ tiêu mã '{}'", code.trim())))?;
        let mut targets: Vec<TargetView> = self
            .store
            .indicator_targets(None)
            .await?
            .into_iter()
            .filter(|t| t.indicator_id == indicator.id)
            .filter(|t| can_view_figures(actor, &units, t.unit_id))
            .map(|t| {
                let bounds = t.bounds.label(indicator.decimals);
                TargetView {
                    unit_id: t.unit_id,
                    unit: name(t.unit_id),
                    period: t.period,
                    target: if t.wording.is_empty() {
                        bounds
                    } else {
                        format!("{} ({bounds})", t.wording)
                    },
                    decision: t.decision,
                }
            })
            .collect();
        targets.sort_by_key(|t| (t.unit_id, t.period.end_year(), t.period.code()));
        let mut tasks = Vec::new();
        let mut hidden_tasks = 0;
        let ids: Vec<TaskId> = self
            .store
            .indicator_task_ids(indicator.id)
            .await?
            .into_iter()
            .map(TaskId)
            .collect();
        for t in self.store.tasks_by_ids(&ids).await? {
            if actor.can_view(&t) {
                tasks.push(t);
            } else {
                hidden_tasks += 1;
            }
        }
        Ok(IndicatorDetail {
            responsible: indicator.responsible_unit_id.map(name),
            indicator,
            targets,
            tasks,
            hidden_tasks,
        })
    }

    pub async fn figure_choices(&self, actor: &Actor) -> DomainResult<FigureChoices> {
        let units = self.store.units().await?;
        require_view_figures(actor, &units, None)?;
        let keeps_register = require_register_figures(actor, &units, "").is_ok();
        let current: Vec<Unit> = units
            .iter()
            .filter(|u| u.valid_to.is_none())
            .cloned()
            .collect();
        let entry_units = current
            .iter()
            .filter(|u| require_enter_figures(actor, &units, u.id.0, "").is_ok())
            .cloned()
            .collect();
        let sources = self.store.invest_sources().await?;
        Ok(FigureChoices {
            indicators: self.store.indicators().await?,
            sources: source_tree_order(&sources)
                .into_iter()
                .map(|(s, d)| (s.clone(), d))
                .collect(),
            entry_units,
            all_units: current,
            keeps_register,
        })
    }
}
