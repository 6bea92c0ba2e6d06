//! The full periodic report: the figures of `report_core` with the comparison with the
//! previous period and the unit ranking whose bands come from the settings.

use theodoi_core::DomainResult;
use theodoi_core::access::Actor;
use theodoi_core::report::{Report, ReportParams, WindowOut};
use theodoi_core::report_views::{Bands, Comparison, Ranking, age_buckets};

use super::Services;

/// The overdue list of a report stops here (the ageing still counts every overdue task).
pub const OVERDUE_LIST_LIMIT: usize = 1000;

/// Setting: the lower bounds of the bands "xuất sắc, tốt, hoàn thành", e.g. `90,75,50`.
pub const RANKING_BANDS: &str = "ranking_bands";

/// A unit's people see their own units' overdue tasks and the ranking of their units only;
/// the breakdowns by leader, field and document span every unit, so they are left out.
pub(super) fn restrict_details(actor: &Actor, report: &mut Report) {
    report.leaders.clear();
    report.fields.clear();
    report.documents.clear();
    report.coop_units.retain(|r| {
        r.key
            .parse::<i64>()
            .is_ok_and(|id| actor.in_scope(theodoi_core::ids::UnitId(id)))
    });
    let complete = report.overdue_tasks.len() < OVERDUE_LIST_LIMIT;
    report.overdue_tasks.retain(|t| actor.in_scope(t.unit_id));
    if complete {
        report.ageing = age_buckets(report.overdue_tasks.iter().map(|t| t.days_overdue));
    } else {
        report.ageing.clear();
    }
}

impl Services {
    /// The ranking bands from the settings (defaults 90, 75, 50).
    pub async fn ranking_bands(&self) -> DomainResult<Bands> {
        Ok(self
            .store
            .setting(RANKING_BANDS)
            .await?
            .and_then(|s| Bands::parse(&s))
            .unwrap_or_default())
    }

    /// Only the four-way split, overall and per unit (no breakdowns, no comparison): what a
    /// trend needs once per month, without the detail queries.
    pub async fn report_figures(
        &self,
        actor: &Actor,
        params: &ReportParams,
    ) -> DomainResult<Report> {
        self.report_core(actor, params, false).await
    }

    /// The periodic report with every view: the four-way split overall and per unit, leader,
    /// field and source document; assignment groups; overdue ageing and list; comparison with
    /// the previous period; the unit ranking.
    pub async fn report(&self, actor: &Actor, params: &ReportParams) -> DomainResult<Report> {
        let mut report = self.report_core(actor, params, true).await?;
        let mut prev = params.clone();
        prev.window = params.window.previous();
        prev.as_of = prev.window.to.min(params.as_of);
        let before = self.report_core(actor, &prev, false).await?;
        report.previous = Some(Comparison::new(
            WindowOut {
                from: prev.window.from,
                to: prev.window.to,
            },
            prev.as_of,
            before.totals,
            &report.totals,
        ));
        report.ranking = Ranking::of(&report.units, self.ranking_bands().await?);
        Ok(report)
    }
}
