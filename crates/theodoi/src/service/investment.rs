//! Public investment: funding sources, yearly capital plans, adjustments, disbursements, and
//! the summary "giải ngân 26,74 tỷ đồng, đạt 3,73% kế hoạch vốn" with milestones, last year's
//! figure, the ranking of investors and the cumulative curve.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use theodoi_core::access::{Actor, subtree};
use theodoi_core::error::Problems;
use theodoi_core::format::{date_vi, decimal_vi};
use theodoi_core::ids::UnitId;
use theodoi_core::investment::{
    self as inv, Adjustment, Disbursement, MilestoneStatus, PlanLine, Source, money_vi, rate,
};
use theodoi_core::model::Unit;
use theodoi_core::text::{clean, fold};
use theodoi_core::{DomainError, DomainResult};
use theodoi_store::InvestmentData;

use super::figures_access::{
    can_view_figures, require_enter_figures, require_register_figures, require_view_figures,
};
use super::{Services, actor_id};

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PlanInput {
    pub year: i32,
    pub unit_id: i64,
    /// Source code or name.
    pub source: String,
    #[serde(default)]
    pub project: String,
    #[serde(default)]
    pub investor_unit_id: Option<i64>,
    pub amount: i64,
    #[serde(default)]
    pub pm_amount: Option<i64>,
    #[serde(default)]
    pub decision: String,
}

/// Identifies one plan line: (year, unit, source, project).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct LineKey {
    pub year: i32,
    pub unit_id: i64,
    pub source: String,
    #[serde(default)]
    pub project: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AdjustmentInput {
    #[serde(flatten)]
    pub line: LineKey,
    pub date: NaiveDate,
    pub delta: i64,
    pub decision: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DisbursementInput {
    #[serde(flatten)]
    pub line: LineKey,
    pub as_of: NaiveDate,
    /// Cumulative from 1 January, đồng.
    pub cumulative: i64,
    #[serde(default)]
    pub note: String,
}

/// One source's figures (the source and everything below it).
#[derive(Debug, Clone, Serialize)]
pub struct SourceFigures {
    pub name: String,
    /// Depth in the source tree (0 = top); kept out of the JSON whose keys are fixed.
    #[serde(skip)]
    pub depth: usize,
    pub plan: i64,
    pub disbursed: i64,
    pub rate: f64,
}

/// `theodoi investment summary`: the keys are fixed (issue 5).
#[derive(Debug, Clone, Serialize)]
pub struct InvestmentSummary {
    pub year: i32,
    pub as_of: NaiveDate,
    pub plan: i64,
    pub disbursed: i64,
    pub rate: f64,
    pub sources: Vec<SourceFigures>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub plan: i64,
    pub disbursed: i64,
    pub rate: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct InvestorFigures {
    pub investor_unit_id: Option<i64>,
    pub investor: String,
    pub plan: i64,
    pub disbursed: i64,
    pub rate: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CurvePoint {
    pub date: NaiveDate,
    pub disbursed: i64,
    pub rate: f64,
    /// The same day last year.
    pub last_year_disbursed: i64,
    pub last_year_rate: f64,
}

/// Everything the investment page and panel show.
#[derive(Debug, Clone, Serialize)]
pub struct InvestmentDetail {
    #[serde(flatten)]
    pub summary: InvestmentSummary,
    pub unit: Option<String>,
    /// The plan assigned by the Prime Minister, where given, and the rate against it.
    pub pm_plan: Option<i64>,
    pub rate_vs_pm: Option<f64>,
    pub last_year: Figures,
    pub last_year_as_of: NaiveDate,
    pub milestones: Vec<MilestoneStatus>,
    /// Investors ranked by rate, highest first.
    pub investors: Vec<InvestorFigures>,
    pub curve: Vec<CurvePoint>,
}

impl InvestmentSummary {
    /// "giải ngân 26,74 tỷ đồng, đạt 3,73% kế hoạch vốn (717 tỷ đồng) đến ngày 21/02/2024".
    pub fn headline(&self) -> String {
        format!(
            "Năm {}: đến ngày {} giải ngân {}, đạt {}% kế hoạch vốn ({})",
            self.year,
            date_vi(self.as_of),
            money_vi(self.disbursed),
            decimal_vi(self.rate * 100.0, 2),
            money_vi(self.plan)
        )
    }

    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n", self.headline());
        for s in &self.sources {
            out.push_str(&format!(
                "  {:<40} kế hoạch {:>18}  giải ngân {:>18}  {}%\n",
                s.name,
                money_vi(s.plan),
                money_vi(s.disbursed),
                decimal_vi(s.rate * 100.0, 2)
            ));
        }
        out
    }
}

fn find_source<'a>(sources: &'a [Source], name: &str) -> Option<&'a Source> {
    let key = fold(name);
    sources
        .iter()
        .find(|s| fold(&s.code) == key)
        .or_else(|| sources.iter().find(|s| fold(&s.name) == key))
}

fn unit_name(units: &[Unit], id: i64) -> String {
    units
        .iter()
        .find(|u| u.id.0 == id)
        .map(|u| u.name.clone())
        .unwrap_or_else(|| format!("#{id}"))
}

/// The last day a year's plan may be disbursed: 31 January of the next year.
fn disbursement_window(year: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(year + 1, 1, 31).unwrap_or_default(),
    )
}

fn figures(lines: &[&PlanLine], data: &InvestmentData, as_of: NaiveDate) -> (i64, i64) {
    lines.iter().fold((0, 0), |(p, d), l| {
        (
            p + inv::plan_as_of(l, &data.adjustments, as_of),
            d + inv::disbursed_as_of(l.id, &data.disbursements, as_of),
        )
    })
}

impl Services {
    pub async fn create_invest_source(
        &self,
        actor: &Actor,
        code: &str,
        name: &str,
        parent: Option<&str>,
    ) -> DomainResult<Source> {
        let units = self.store.units().await?;
        require_register_figures(actor, &units, "khai báo nguồn vốn")?;
        let mut p = Problems::new();
        let (code, name) = (code.trim().to_string(), clean(name));
        if code.is_empty() {
            p.add("code", "mã nguồn vốn không được để trống");
        }
        if name.is_empty() {
            p.add("name", "tên nguồn vốn không được để trống");
        }
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        let sources = tx.invest_sources().await?;
        if sources.iter().any(|s| fold(&s.code) == fold(&code)) {
            p.add("code", format!("mã nguồn vốn '{code}' đã có"));
        }
        let parent_id = match parent {
            Some(pn) => match find_source(&sources, pn) {
                Some(s) => Some(s.id),
                None => {
                    p.add("parent", format!("không có nguồn vốn '{}'", pn.trim()));
                    None
                }
            },
            None => None,
        };
        p.into_result()?;
        let id = tx.insert_invest_source(&code, &name, parent_id).await?;
        let s = Source {
            id,
            code,
            name,
            parent_id,
        };
        tx.audit(
            at,
            actor_id(actor),
            "invest_source",
            id,
            "create",
            None::<&()>,
            Some(&s),
        )
        .await?;
        tx.commit().await?;
        Ok(s)
    }

    pub async fn add_plan_line(&self, actor: &Actor, input: PlanInput) -> DomainResult<PlanLine> {
        let units = self.store.units().await?;
        let mut tx = self.store.begin().await?;
        let out = self.apply_plan_line(&mut tx, actor, &units, input).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// [`Self::add_plan_line`] inside a caller's transaction (imports write many rows in one).
    pub(crate) async fn apply_plan_line(
        &self,
        tx: &mut theodoi_store::Tx,
        actor: &Actor,
        units: &[Unit],
        input: PlanInput,
    ) -> DomainResult<PlanLine> {
        require_register_figures(actor, units, "giao kế hoạch vốn")?;
        let mut p = Problems::new();
        if !(2000..=2100).contains(&input.year) {
            p.add("year", format!("năm {} không hợp lệ", input.year));
        }
        if input.amount < 0 {
            p.add("amount", "số vốn kế hoạch không được âm");
        }
        if input.pm_amount.is_some_and(|x| x < 0) {
            p.add("pm_amount", "số vốn Thủ tướng giao không được âm");
        }
        if !units.iter().any(|u| u.id.0 == input.unit_id) {
            p.add("unit", format!("không có đơn vị #{}", input.unit_id));
        }
        if let Some(i) = input.investor_unit_id
            && !units.iter().any(|u| u.id.0 == i)
        {
            p.add("investor", format!("không có chủ đầu tư (đơn vị) #{i}"));
        }
        let at = self.clock.now();
        let sources = tx.invest_sources().await?;
        let source = find_source(&sources, &input.source);
        if source.is_none() {
            p.add(
                "source",
                format!("không có nguồn vốn '{}'", input.source.trim()),
            );
        }
        let project = clean(&input.project);
        if let Some(s) = source
            && tx
                .plan_line(input.year, input.unit_id, s.id, &project)
                .await?
                .is_some()
        {
            p.add(
                "source",
                format!(
                    "{} năm {} đã có kế hoạch vốn {}{}; dùng điều chỉnh kế hoạch",
                    unit_name(units, input.unit_id),
                    input.year,
                    s.name,
                    if project.is_empty() {
                        String::new()
                    } else {
                        format!(" cho dự án {project}")
                    }
                ),
            );
        }
        p.into_result()?;
        let Some(source) = source else {
            return Err(DomainError::invalid("source", "nguồn vốn không hợp lệ"));
        };
        let mut line = PlanLine {
            id: 0,
            year: input.year,
            unit_id: input.unit_id,
            source_id: source.id,
            project,
            investor_unit_id: input.investor_unit_id,
            amount: input.amount,
            pm_amount: input.pm_amount,
            decision: clean(&input.decision),
        };
        line.id = tx.insert_plan_line(&line, at).await?;
        tx.audit(
            at,
            actor_id(actor),
            "invest_plan",
            line.id,
            "create",
            None::<&()>,
            Some(&line),
        )
        .await?;
        Ok(line)
    }

    /// Finds the plan line of a key inside a transaction, with a clear message when absent.
    async fn line_for(
        &self,
        tx: &mut theodoi_store::Tx,
        units: &[Unit],
        key: &LineKey,
        p: &mut Problems,
    ) -> DomainResult<Option<PlanLine>> {
        let sources = tx.invest_sources().await?;
        let Some(source) = find_source(&sources, &key.source) else {
            p.add(
                "source",
                format!("không có nguồn vốn '{}'", key.source.trim()),
            );
            return Ok(None);
        };
        let project = clean(&key.project);
        let line = tx
            .plan_line(key.year, key.unit_id, source.id, &project)
            .await?;
        if line.is_none() {
            p.add(
                "source",
                format!(
                    "{} chưa có kế hoạch vốn năm {} từ nguồn {}{}",
                    unit_name(units, key.unit_id),
                    key.year,
                    source.name,
                    if project.is_empty() {
                        String::new()
                    } else {
                        format!(", dự án {project}")
                    }
                ),
            );
        }
        Ok(line)
    }

    /// Adjusts a plan line by a decision; the plan may not fall below zero or below what has
    /// already been disbursed.
    pub async fn adjust_plan(
        &self,
        actor: &Actor,
        input: AdjustmentInput,
    ) -> DomainResult<Adjustment> {
        let units = self.store.units().await?;
        require_register_figures(actor, &units, "điều chỉnh kế hoạch vốn")?;
        let mut p = Problems::new();
        if input.delta == 0 {
            p.add("delta", "số điều chỉnh phải khác 0");
        }
        let decision = clean(&input.decision);
        if decision.is_empty() {
            p.add("decision", "cần ghi số quyết định điều chỉnh");
        }
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        let line = self.line_for(&mut tx, &units, &input.line, &mut p).await?;
        if let Some(l) = &line {
            let adjs = tx.plan_adjustments(l.id).await?;
            let recs = tx.plan_disbursements(l.id).await?;
            let after = inv::plan_as_of(l, &adjs, NaiveDate::MAX) + input.delta;
            let disbursed = recs.iter().map(|r| r.cumulative).max().unwrap_or(0);
            if after < 0 {
                p.add(
                    "delta",
                    format!("kế hoạch sau điều chỉnh sẽ âm ({})", money_vi(after)),
                );
            } else if after < disbursed {
                p.add(
                    "delta",
                    format!(
                        "kế hoạch sau điều chỉnh ({}) thấp hơn số đã giải ngân ({})",
                        money_vi(after),
                        money_vi(disbursed)
                    ),
                );
            }
        }
        p.into_result()?;
        let Some(line) = line else {
            return Err(DomainError::invalid("source", "không có kế hoạch vốn"));
        };
        let mut a = Adjustment {
            id: 0,
            plan_id: line.id,
            date: input.date,
            delta: input.delta,
            decision,
        };
        a.id = tx.insert_adjustment(&a, at).await?;
        tx.audit(
            at,
            actor_id(actor),
            "invest_plan",
            line.id,
            "adjust",
            Some(&line),
            Some(&a),
        )
        .await?;
        tx.commit().await?;
        Ok(a)
    }

    /// Records the cumulative disbursement of a plan line as of a date.
    pub async fn record_disbursement(
        &self,
        actor: &Actor,
        input: DisbursementInput,
    ) -> DomainResult<Disbursement> {
        let units = self.store.units().await?;
        let mut tx = self.store.begin().await?;
        let out = self
            .apply_disbursement(&mut tx, actor, &units, input)
            .await?;
        tx.commit().await?;
        Ok(out)
    }

    /// [`Self::record_disbursement`] inside a caller's transaction (imports write many rows in one).
    pub(crate) async fn apply_disbursement(
        &self,
        tx: &mut theodoi_store::Tx,
        actor: &Actor,
        units: &[Unit],
        input: DisbursementInput,
    ) -> DomainResult<Disbursement> {
        require_enter_figures(actor, units, input.line.unit_id, "nhập số giải ngân")?;
        let mut p = Problems::new();
        if input.cumulative < 0 {
            p.add("amount", "số giải ngân không được âm");
        }
        let (first, last) = disbursement_window(input.line.year);
        if input.as_of < first || input.as_of > last {
            p.add(
                "as_of",
                format!(
                    "kế hoạch vốn năm {} chỉ giải ngân từ {} đến {}",
                    input.line.year,
                    date_vi(first),
                    date_vi(last)
                ),
            );
        }
        let at = self.clock.now();
        let line = self.line_for(tx, units, &input.line, &mut p).await?;
        if let Some(l) = &line {
            let adjs = tx.plan_adjustments(l.id).await?;
            let plan = inv::plan_as_of(l, &adjs, input.as_of);
            if input.cumulative > plan {
                p.add(
                    "amount",
                    format!(
                        "số giải ngân lũy kế {} vượt kế hoạch vốn {} đến ngày {}",
                        money_vi(input.cumulative),
                        money_vi(plan),
                        date_vi(input.as_of)
                    ),
                );
            }
        }
        p.into_result()?;
        let Some(line) = line else {
            return Err(DomainError::invalid("source", "không có kế hoạch vốn"));
        };
        let mut d = Disbursement {
            id: 0,
            plan_id: line.id,
            as_of: input.as_of,
            cumulative: input.cumulative,
            reporter_id: actor_id(actor).map(|u| u.0),
            note: clean(&input.note),
        };
        d.id = tx.insert_disbursement(&d, at).await?;
        tx.audit(
            at,
            actor_id(actor),
            "invest_disbursement",
            d.id,
            "record",
            None::<&()>,
            Some(&d),
        )
        .await?;
        Ok(d)
    }

    /// The summary with its fixed keys.
    pub async fn investment_summary(
        &self,
        actor: &Actor,
        year: i32,
        as_of: NaiveDate,
        unit: Option<i64>,
    ) -> DomainResult<InvestmentSummary> {
        Ok(self
            .investment_detail(actor, year, as_of, unit)
            .await?
            .summary)
    }

    /// Everything about a year's plan as of a date, for one unit (and the units below it) or
    /// every unit the actor may see.
    pub async fn investment_detail(
        &self,
        actor: &Actor,
        year: i32,
        as_of: NaiveDate,
        unit: Option<i64>,
    ) -> DomainResult<InvestmentDetail> {
        let units = self.store.units().await?;
        require_view_figures(actor, &units, unit)?;
        let scope: Option<HashSet<i64>> = unit.map(|u| {
            subtree(&units, UnitId(u))
                .into_iter()
                .map(|x| x.0)
                .collect()
        });
        let data = self.store.investment_data(&[year - 1, year]).await?;
        let sources = self.store.invest_sources().await?;
        let visible = |l: &&PlanLine| {
            scope.as_ref().is_none_or(|s| s.contains(&l.unit_id))
                && can_view_figures(actor, &units, l.unit_id)
        };
        let lines: Vec<&PlanLine> = data
            .lines
            .iter()
            .filter(|l| l.year == year)
            .filter(visible)
            .collect();
        let last_lines: Vec<&PlanLine> = data
            .lines
            .iter()
            .filter(|l| l.year == year - 1)
            .filter(visible)
            .collect();
        let (plan, disbursed) = figures(&lines, &data, as_of);

        let mut by_source = Vec::new();
        for (s, depth) in inv::source_tree_order(&sources) {
            let ids: HashSet<i64> = inv::source_subtree(&sources, s.id).into_iter().collect();
            let ls: Vec<&PlanLine> = lines
                .iter()
                .copied()
                .filter(|l| ids.contains(&l.source_id))
                .collect();
            if ls.is_empty() {
                continue;
            }
            let (p, d) = figures(&ls, &data, as_of);
            by_source.push(SourceFigures {
                name: s.name.clone(),
                depth,
                plan: p,
                disbursed: d,
                rate: rate(d, p),
            });
        }

        let pm: Vec<i64> = lines.iter().filter_map(|l| l.pm_amount).collect();
        let pm_plan = (!pm.is_empty()).then(|| pm.iter().sum::<i64>());

        let ly_date = inv::same_date_last_year(as_of);
        let (lp, ld) = figures(&last_lines, &data, ly_date);

        let mut inv_map: BTreeMap<Option<i64>, (i64, i64)> = BTreeMap::new();
        for l in &lines {
            let e = inv_map.entry(l.investor_unit_id).or_default();
            e.0 += inv::plan_as_of(l, &data.adjustments, as_of);
            e.1 += inv::disbursed_as_of(l.id, &data.disbursements, as_of);
        }
        let mut investors: Vec<InvestorFigures> = inv_map
            .into_iter()
            .map(|(id, (p, d))| InvestorFigures {
                investor_unit_id: id,
                investor: id
                    .map(|i| unit_name(&units, i))
                    .unwrap_or_else(|| "Chưa ghi chủ đầu tư".into()),
                plan: p,
                disbursed: d,
                rate: rate(d, p),
            })
            .collect();
        investors.sort_by(|a, b| b.rate.total_cmp(&a.rate).then(a.investor.cmp(&b.investor)));

        let mut dates = inv::month_ends(year, as_of);
        dates.push(as_of);
        dates.sort();
        dates.dedup();
        let curve = dates
            .into_iter()
            .map(|d| {
                let (p, x) = figures(&lines, &data, d);
                let lyd = inv::same_date_last_year(d);
                let (lp, lx) = figures(&last_lines, &data, lyd);
                CurvePoint {
                    date: d,
                    disbursed: x,
                    rate: rate(x, p),
                    last_year_disbursed: lx,
                    last_year_rate: rate(lx, lp),
                }
            })
            .collect();

        let milestone_list = self.investment_milestones().await?;
        Ok(InvestmentDetail {
            summary: InvestmentSummary {
                year,
                as_of,
                plan,
                disbursed,
                rate: rate(disbursed, plan),
                sources: by_source,
            },
            unit: unit.map(|u| unit_name(&units, u)),
            pm_plan,
            rate_vs_pm: pm_plan.map(|p| rate(disbursed, p)),
            last_year: Figures {
                plan: lp,
                disbursed: ld,
                rate: rate(ld, lp),
            },
            last_year_as_of: ly_date,
            milestones: inv::milestones(
                year,
                as_of,
                &|day| figures(&lines, &data, day),
                &milestone_list,
            ),
            investors,
            curve,
        })
    }
}
