//! The periodic report, as the service layer serves it to every role.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use theodoi_core::access::Actor;
use theodoi_core::error::Problems;
use theodoi_core::model::Role;
use theodoi_core::report::{AssignedBy, Figures, Report, ReportParams};
use theodoi_core::status::{Counts, DeadlineBasis, RateBasis, Scope};
use theodoi_core::text::fold;
use theodoi_core::window::{Window, parse_iso};
use theodoi_core::{DomainError, DomainResult};

use super::Services;
use super::report_views::{OVERDUE_LIST_LIMIT, restrict_details};

/// A report as asked for on the command line, in the API or in a form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ReportRequest {
    /// `month:2023-01`, `quarter:2023-Q1`, `nd09-month:2023-01`, `range:…` (DESIGN.md §3).
    pub window: String,
    /// Defaults to the window's last day, or today if that is later than today.
    #[serde(default)]
    pub as_of: Option<String>,
    #[serde(default)]
    pub basis: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub deadline_basis: Option<String>,
    /// A unit (name, short name, alias, code or id) or a leader (username or full name).
    #[serde(default)]
    pub assigned_by: Option<String>,
    #[serde(default)]
    pub subtree: bool,
    #[serde(default)]
    pub include_delegated: bool,
    /// Also break the figures down by co-operating unit.
    #[serde(default)]
    pub include_coop: bool,
}

impl Services {
    /// Parses and checks a report request; every mistake is reported at once.
    pub async fn report_params(&self, r: &ReportRequest) -> DomainResult<ReportParams> {
        let mut p = Problems::new();
        let window = Window::parse(&r.window)
            .map_err(|e| p.add("window", strip(&e)))
            .ok();
        let as_of: Option<NaiveDate> = match r.as_of.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(s) => {
                let d = parse_iso(s);
                if d.is_none() {
                    p.add(
                        "as_of",
                        format!("'{s}' không phải ngày hợp lệ (viết YYYY-MM-DD, ví dụ 2023-01-31)"),
                    );
                }
                d
            }
            None => None,
        };
        let basis = r
            .basis
            .as_deref()
            .map(RateBasis::parse)
            .transpose()
            .map_err(|e| p.add("basis", strip(&e)))
            .ok()
            .flatten();
        let scope = r
            .scope
            .as_deref()
            .map(Scope::parse)
            .transpose()
            .map_err(|e| p.add("scope", strip(&e)))
            .ok()
            .flatten();
        let dbasis = r
            .deadline_basis
            .as_deref()
            .map(DeadlineBasis::parse)
            .transpose()
            .map_err(|e| p.add("deadline_basis", strip(&e)))
            .ok()
            .flatten();
        let assigned_by = match r.assigned_by.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(name) => match self.resolve_assigner(name).await {
                Ok(a) => Some(a),
                Err(e) => {
                    p.add("assigned_by", strip(&e));
                    None
                }
            },
            None => None,
        };
        p.into_result()?;
        let Some(window) = window else {
            return Err(DomainError::invalid("window", "thiếu kỳ báo cáo"));
        };
        let today = self.today().await?;
        let mut params = ReportParams::new(
            window,
            as_of.unwrap_or_else(|| window.to.min(today.max(window.from))),
        );
        params.basis = basis.unwrap_or_default();
        params.scope = scope.unwrap_or_default();
        params.deadline_basis = dbasis.unwrap_or_default();
        params.assigned_by = assigned_by;
        params.subtree = r.subtree;
        params.include_delegated = r.include_delegated;
        params.include_coop = r.include_coop;
        Ok(params)
    }

    /// The report (with `details`: its breakdowns and overdue list); a unit's people get their
    /// own unit's subtree only.
    pub(super) async fn report_core(
        &self,
        actor: &Actor,
        params: &ReportParams,
        details: bool,
    ) -> DomainResult<Report> {
        actor.require_reports()?;
        let units = self.store.units().await?;
        let mut report = self.store.report(params, &units).await?;
        if details {
            self.store
                .report_details(params, &units, &mut report, OVERDUE_LIST_LIMIT)
                .await?;
        }
        scope_to_actor(actor, params, &mut report);
        Ok(report)
    }

    /// The figures of several reports at once (the dashboard's trend by month), each as
    /// [`Services::report_figures`] gives it: from the in-memory facts in one pass.
    pub async fn report_figures_many(
        &self,
        actor: &Actor,
        params: &[ReportParams],
    ) -> DomainResult<Vec<Report>> {
        actor.require_reports()?;
        let units = self.store.units().await?;
        let mut reports = self.store.reports(params, &units).await?;
        for (report, p) in reports.iter_mut().zip(params) {
            scope_to_actor(actor, p, report);
        }
        Ok(reports)
    }

    /// Loads what reports need into memory ahead of the first request.
    pub async fn warm_up(&self) -> DomainResult<()> {
        let today = self.today().await?;
        let params = ReportParams::new(Window::new(today, today)?, today);
        self.store.report(&params, &[]).await?;
        Ok(())
    }

    async fn resolve_assigner(&self, name: &str) -> DomainResult<AssignedBy> {
        let key = fold(name);
        let users = self.store.users().await?;
        let leaders: Vec<_> = users
            .iter()
            .filter(|u| {
                u.role == Role::Leader && (fold(&u.username) == key || fold(&u.full_name) == key)
            })
            .collect();
        if let [one] = leaders.as_slice() {
            return Ok(AssignedBy::Leader {
                id: one.id.0,
                name: one.full_name.clone(),
            });
        }
        let unit = self.find_unit(name).await.map_err(|e| {
            DomainError::invalid(
                "assigned_by",
                format!(
                    "không tìm thấy lãnh đạo hay đơn vị giao việc '{}' ({})",
                    name.trim(),
                    strip(&e)
                ),
            )
        })?;
        Ok(AssignedBy::Unit {
            id: unit.id.0,
            name: unit.name,
        })
    }
}

/// The message of a one-field error without its field prefix.
fn strip(e: &DomainError) -> String {
    match e {
        DomainError::Invalid(v) => v
            .iter()
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// A unit's people see their own units' rows and totals (their subtree with `--subtree`).
fn scope_to_actor(actor: &Actor, params: &ReportParams, report: &mut Report) {
    if matches!(actor.role(), Role::UnitManager | Role::UnitStaff) {
        restrict_details(actor, report);

        report.units.retain(|u| actor.in_scope(u.unit_id));
        let mut counts = Counts::default();
        let mut awaiting = 0;
        if params.subtree {
            // The actor's own unit row already rolls up everything below it.
            for u in report
                .units
                .iter()
                .filter(|u| Some(u.unit_id) == actor.user.unit_id)
            {
                counts.merge(&u.figures.counts);
                awaiting += u.figures.awaiting_confirmation;
            }
        } else {
            for u in &report.units {
                counts.merge(&u.figures.counts);
                awaiting += u.figures.awaiting_confirmation;
            }
        }
        report.totals = Figures::new(counts, awaiting, params.basis);
        report.groups.clear();
        report.narrative = theodoi_core::report::narrative(params, &report.totals, &[]);
    }
}
