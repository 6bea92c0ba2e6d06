//! `theodoi indicators …` and `theodoi investment …`: the CLI over the indicator and
//! investment services. Units are named as people write them (see `Services::find_unit`).
//! Commands act as the office (`--as USER` to act as an account, with its permissions).

use anyhow::{anyhow, bail};
use clap::Subcommand;
use theodoi_core::access::Actor;
use theodoi_core::indicator::Period;
use theodoi_core::investment::parse_money;
use theodoi_core::model::Role;

use crate::service::Services;
use crate::service::indicators::{IndicatorInput, TargetInput, ValueInput};
use crate::service::investment::{AdjustmentInput, DisbursementInput, LineKey, PlanInput};

#[derive(Debug, Subcommand)]
pub enum IndicatorAction {
    /// "X/Y chỉ tiêu đạt và vượt" for a period (year 2023, term 2021-2025, horizon h2030)
    Summary {
        #[arg(long)]
        period: String,
        #[arg(long)]
        unit: Option<String>,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// The register of indicators
    List,
    /// Register an indicator
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// Unit of measure: %, tỷ đồng, USD…
        #[arg(long)]
        uom: String,
        #[arg(long, default_value_t = 0)]
        decimals: u32,
        /// higher, lower or range
        #[arg(long)]
        direction: String,
        /// sum, average, weighted or none
        #[arg(long, default_value = "none")]
        aggregation: String,
        /// The responsible unit
        #[arg(long)]
        responsible: Option<String>,
        #[arg(long, default_value = "")]
        decision: String,
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// Set or revise a target: --value for higher/lower, --low and --high for a range
    Target {
        #[arg(long)]
        indicator: String,
        #[arg(long)]
        unit: String,
        #[arg(long)]
        period: String,
        #[arg(long)]
        value: Option<f64>,
        #[arg(long)]
        low: Option<f64>,
        #[arg(long)]
        high: Option<f64>,
        #[arg(long, default_value = "")]
        wording: String,
        #[arg(long, default_value = "")]
        decision: String,
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// Report a value (a new revision; earlier ones are kept)
    Value {
        #[arg(long)]
        indicator: String,
        #[arg(long)]
        unit: String,
        #[arg(long)]
        period: String,
        #[arg(long)]
        value: f64,
        /// estimate (ước tính), preliminary (sơ bộ), official (chính thức)
        #[arg(long)]
        quality: String,
        #[arg(long, default_value = "")]
        source: String,
        /// YYYY-MM-DD; default today
        #[arg(long)]
        reported_on: Option<String>,
        #[arg(long)]
        weight: Option<f64>,
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// Write an empty Excel template to fill: --kind targets or values
    Template {
        #[arg(long)]
        kind: String,
        #[arg(long)]
        file: std::path::PathBuf,
    },
    /// Import an Excel file (all rows or none; every bad row reported)
    Import {
        #[arg(long)]
        kind: String,
        #[arg(long)]
        file: std::path::PathBuf,
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// Export to Excel, in the import's columns
    Export {
        #[arg(long)]
        kind: String,
        /// Period (targets, values) or year (plans, disbursements)
        #[arg(long, alias = "year")]
        period: String,
        #[arg(long)]
        file: std::path::PathBuf,
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// Link a task meant to move an indicator
    Link {
        #[arg(long)]
        indicator: String,
        #[arg(long)]
        task: i64,
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// One indicator of one unit over periods, against its target
    Series {
        #[arg(long)]
        indicator: String,
        #[arg(long)]
        unit: String,
        #[arg(long, default_value = "text")]
        format: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum InvestmentAction {
    /// Plan, disbursement and rate of a year as of a date, by source
    Summary {
        #[arg(long)]
        year: i32,
        /// YYYY-MM-DD
        #[arg(long)]
        as_of: String,
        #[arg(long)]
        unit: Option<String>,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
        /// Also milestones, last year, investors' ranking, the cumulative curve
        #[arg(long)]
        detail: bool,
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// Write an empty Excel template to fill: --kind plans or disbursements
    Template {
        #[arg(long)]
        kind: String,
        #[arg(long)]
        file: std::path::PathBuf,
    },
    /// Import an Excel file (all rows or none; every bad row reported)
    Import {
        #[arg(long)]
        kind: String,
        #[arg(long)]
        file: std::path::PathBuf,
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// Export to Excel, in the import's columns
    Export {
        #[arg(long)]
        kind: String,
        /// Period (targets, values) or year (plans, disbursements)
        #[arg(long, alias = "year")]
        period: String,
        #[arg(long)]
        file: std::path::PathBuf,
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// Funding sources as a tree
    Sources,
    /// Add a funding source
    SourceAdd {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// Parent source (code or name)
        #[arg(long)]
        parent: Option<String>,
    },
    /// Add a plan line: a unit's capital from one source in a year (amounts: 717000000000, 22,87 tỷ)
    Plan {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        unit: String,
        #[arg(long)]
        source: String,
        #[arg(long)]
        amount: String,
        #[arg(long, default_value = "")]
        project: String,
        /// Investor (chủ đầu tư), a unit
        #[arg(long)]
        investor: Option<String>,
        /// The plan assigned by the Prime Minister
        #[arg(long)]
        pm_amount: Option<String>,
        #[arg(long, default_value = "")]
        decision: String,
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// Adjust a plan line by a decision (a negative --delta reduces it)
    Adjust {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        unit: String,
        #[arg(long)]
        source: String,
        #[arg(long, default_value = "")]
        project: String,
        #[arg(long)]
        date: String,
        #[arg(long, allow_hyphen_values = true)]
        delta: String,
        #[arg(long)]
        decision: String,
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// Record the cumulative disbursement of a plan line as of a date
    Disburse {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        unit: String,
        #[arg(long)]
        source: String,
        #[arg(long, default_value = "")]
        project: String,
        #[arg(long)]
        as_of: String,
        /// Cumulative amount from 1 January
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long = "as")]
        as_user: Option<String>,
    },
}

async fn who(s: &Services, as_user: Option<&str>) -> anyhow::Result<Actor> {
    Ok(match as_user {
        Some(u) => s.actor_by_username(u).await?,
        None => Services::system_actor(Role::Office),
    })
}

fn json_or_text(format: &str) -> anyhow::Result<bool> {
    match format {
        "json" => Ok(true),
        "text" => Ok(false),
        other => bail!("--format: '{other}' không hợp lệ; dùng text hoặc json"),
    }
}

fn date(name: &str, s: &str) -> anyhow::Result<chrono::NaiveDate> {
    theodoi_core::window::parse_iso(s)
        .ok_or_else(|| anyhow!("--{name}: '{s}' không phải ngày hợp lệ (viết YYYY-MM-DD)"))
}

fn money(name: &str, s: &str) -> anyhow::Result<i64> {
    parse_money(s).map_err(|e| anyhow!("--{name}: {e}"))
}

async fn unit_id(s: &Services, name: &str) -> anyhow::Result<i64> {
    Ok(s.find_unit(name).await?.id.0)
}

/// The Excel commands shared by both groups.
async fn excel(s: &Services, cmd: ExcelCmd, allowed: [&str; 2]) -> anyhow::Result<()> {
    use crate::service::figures_excel::{Sheet, template};
    let check = |kind: &str| -> anyhow::Result<Sheet> {
        if !allowed.contains(&kind) {
            bail!("--kind: dùng {} hoặc {}", allowed[0], allowed[1]);
        }
        Ok(Sheet::parse(kind)?)
    };
    match cmd {
        ExcelCmd::Template { kind, file } => {
            let sheet = check(&kind)?;
            std::fs::write(&file, template(sheet)?)?;
            outln!("Đã ghi mẫu '{}' vào {}.", sheet.title(), file.display());
        }
        ExcelCmd::Import {
            kind,
            file,
            as_user,
        } => {
            let sheet = check(&kind)?;
            let bytes = std::fs::read(&file)
                .map_err(|e| anyhow!("không đọc được {}: {e}", file.display()))?;
            let a = who(s, as_user.as_deref()).await?;
            let n = s.import_figures(&a, sheet, &bytes).await?;
            outln!(
                "Đã nhập {n} dòng '{}' từ {}.",
                sheet.title(),
                file.display()
            );
        }
        ExcelCmd::Export {
            kind,
            period,
            file,
            as_user,
        } => {
            let sheet = check(&kind)?;
            let a = who(s, as_user.as_deref()).await?;
            std::fs::write(&file, s.export_figures(&a, sheet, &period).await?)?;
            outln!("Đã xuất '{}' vào {}.", sheet.title(), file.display());
        }
    }
    Ok(())
}

enum ExcelCmd {
    Template {
        kind: String,
        file: std::path::PathBuf,
    },
    Import {
        kind: String,
        file: std::path::PathBuf,
        as_user: Option<String>,
    },
    Export {
        kind: String,
        period: String,
        file: std::path::PathBuf,
        as_user: Option<String>,
    },
}

pub async fn indicators(s: Services, action: IndicatorAction) -> anyhow::Result<()> {
    match action {
        IndicatorAction::Summary {
            period,
            unit,
            format,
            as_user,
        } => {
            let json = json_or_text(&format)?;
            let period = Period::parse(&period).map_err(|e| anyhow!("--period: {e}"))?;
            let unit = match unit {
                Some(u) => Some(unit_id(&s, &u).await?),
                None => None,
            };
            let a = who(&s, as_user.as_deref()).await?;
            let summary = s.indicator_summary(&a, period, unit).await?;
            if json {
                outln!("{}", serde_json::to_string_pretty(&summary)?);
            } else {
                out!("{}", summary.to_text());
            }
        }
        IndicatorAction::Template { kind, file } => {
            excel(&s, ExcelCmd::Template { kind, file }, ["targets", "values"]).await?;
        }
        IndicatorAction::Import {
            kind,
            file,
            as_user,
        } => {
            excel(
                &s,
                ExcelCmd::Import {
                    kind,
                    file,
                    as_user,
                },
                ["targets", "values"],
            )
            .await?;
        }
        IndicatorAction::Export {
            kind,
            period,
            file,
            as_user,
        } => {
            excel(
                &s,
                ExcelCmd::Export {
                    kind,
                    period,
                    file,
                    as_user,
                },
                ["targets", "values"],
            )
            .await?;
        }
        IndicatorAction::Link {
            indicator,
            task,
            as_user,
        } => {
            let a = who(&s, as_user.as_deref()).await?;
            s.link_indicator_task(&a, &indicator, task).await?;
            outln!("Đã gắn nhiệm vụ #{task} với chỉ tiêu {indicator}.");
        }
        IndicatorAction::List => {
            let units = s.store.units().await?;
            for i in s.store.indicators().await? {
                let resp = i
                    .responsible_unit_id
                    .and_then(|r| units.iter().find(|u| u.id.0 == r))
                    .map(|u| u.short_name.clone())
                    .unwrap_or_default();
                outln!(
                    "{:<16} {} ({}; {}; {}) {}",
                    i.code,
                    i.name,
                    i.unit_of_measure,
                    i.direction.label(),
                    i.aggregation.label(),
                    resp
                );
            }
        }
        IndicatorAction::Add {
            code,
            name,
            uom,
            decimals,
            direction,
            aggregation,
            responsible,
            decision,
            as_user,
        } => {
            let responsible_unit_id = match responsible {
                Some(r) => Some(unit_id(&s, &r).await?),
                None => None,
            };
            let a = who(&s, as_user.as_deref()).await?;
            let i = s
                .create_indicator(
                    &a,
                    IndicatorInput {
                        code,
                        name,
                        unit_of_measure: uom,
                        decimals,
                        direction,
                        aggregation,
                        responsible_unit_id,
                        decision,
                    },
                )
                .await?;
            outln!("Đã đăng ký chỉ tiêu {} — {}.", i.code, i.name);
        }
        IndicatorAction::Target {
            indicator,
            unit,
            period,
            value,
            low,
            high,
            wording,
            decision,
            as_user,
        } => {
            let unit_id = unit_id(&s, &unit).await?;
            let a = who(&s, as_user.as_deref()).await?;
            let low = low.or(value);
            let t = s
                .set_target(
                    &a,
                    TargetInput {
                        indicator,
                        unit_id,
                        period,
                        low,
                        high,
                        wording,
                        decision,
                    },
                )
                .await?;
            outln!(
                "Đã giao chỉ tiêu {} {}.",
                t.bounds.label(2),
                t.period.label()
            );
        }
        IndicatorAction::Value {
            indicator,
            unit,
            period,
            value,
            quality,
            source,
            reported_on,
            weight,
            as_user,
        } => {
            let unit_id = unit_id(&s, &unit).await?;
            let reported_on = match reported_on {
                Some(d) => date("reported-on", &d)?,
                None => s.today().await?,
            };
            let a = who(&s, as_user.as_deref()).await?;
            let v = s
                .report_value(
                    &a,
                    ValueInput {
                        indicator,
                        unit_id,
                        period,
                        value,
                        quality,
                        source,
                        reported_on,
                        weight,
                    },
                )
                .await?;
            outln!(
                "Đã ghi số liệu {} ({}) {}.",
                v.value,
                v.quality.label(),
                v.period.label()
            );
        }
        IndicatorAction::Series {
            indicator,
            unit,
            format,
        } => {
            let json = json_or_text(&format)?;
            let unit_id = unit_id(&s, &unit).await?;
            let a = Services::system_actor(Role::Office);
            let series = s.indicator_series(&a, &indicator, unit_id).await?;
            if json {
                outln!("{}", serde_json::to_string_pretty(&series)?);
            } else {
                for p in series {
                    outln!(
                        "{:<10} chỉ tiêu {:?}–{:?}  thực hiện {:?}  {}",
                        p.period,
                        p.target_low,
                        p.target_high,
                        p.value,
                        p.verdict.map(|v| v.label()).unwrap_or("—")
                    );
                }
            }
        }
    }
    Ok(())
}

pub async fn investment(s: Services, action: InvestmentAction) -> anyhow::Result<()> {
    match action {
        InvestmentAction::Summary {
            year,
            as_of,
            unit,
            format,
            detail,
            as_user,
        } => {
            let json = json_or_text(&format)?;
            let as_of = date("as-of", &as_of)?;
            let unit = match unit {
                Some(u) => Some(unit_id(&s, &u).await?),
                None => None,
            };
            let a = who(&s, as_user.as_deref()).await?;
            let d = s.investment_detail(&a, year, as_of, unit).await?;
            match (json, detail) {
                (true, true) => outln!("{}", serde_json::to_string_pretty(&d)?),
                (true, false) => outln!("{}", serde_json::to_string_pretty(&d.summary)?),
                (false, _) => {
                    out!("{}", d.summary.to_text());
                    if detail {
                        for m in &d.milestones {
                            outln!(
                                "  mốc {}: {}% — {}",
                                theodoi_core::format::date_vi(m.date),
                                theodoi_core::format::decimal_vi(m.target_rate * 100.0, 0),
                                match m.status.as_str() {
                                    "met" => "đã đạt",
                                    "behind" => "CHẬM",
                                    _ => "chưa đến hạn",
                                }
                            );
                        }
                        outln!(
                            "  cùng kỳ năm trước ({}): {}%",
                            theodoi_core::format::date_vi(d.last_year_as_of),
                            theodoi_core::format::decimal_vi(d.last_year.rate * 100.0, 2)
                        );
                    }
                }
            }
        }
        InvestmentAction::Template { kind, file } => {
            excel(
                &s,
                ExcelCmd::Template { kind, file },
                ["plans", "disbursements"],
            )
            .await?;
        }
        InvestmentAction::Import {
            kind,
            file,
            as_user,
        } => {
            excel(
                &s,
                ExcelCmd::Import {
                    kind,
                    file,
                    as_user,
                },
                ["plans", "disbursements"],
            )
            .await?;
        }
        InvestmentAction::Export {
            kind,
            period,
            file,
            as_user,
        } => {
            excel(
                &s,
                ExcelCmd::Export {
                    kind,
                    period,
                    file,
                    as_user,
                },
                ["plans", "disbursements"],
            )
            .await?;
        }
        InvestmentAction::Sources => {
            let sources = s.store.invest_sources().await?;
            for (src, depth) in theodoi_core::investment::source_tree_order(&sources) {
                outln!("{}{} ({})", "  ".repeat(depth), src.name, src.code);
            }
        }
        InvestmentAction::SourceAdd { code, name, parent } => {
            let a = Services::system_actor(Role::Office);
            let src = s
                .create_invest_source(&a, &code, &name, parent.as_deref())
                .await?;
            outln!("Đã thêm nguồn vốn {} ({}).", src.name, src.code);
        }
        InvestmentAction::Plan {
            year,
            unit,
            source,
            amount,
            project,
            investor,
            pm_amount,
            decision,
            as_user,
        } => {
            let unit_id = unit_id(&s, &unit).await?;
            let investor_unit_id = match investor {
                Some(i) => Some(self::unit_id(&s, &i).await?),
                None => None,
            };
            let amount = money("amount", &amount)?;
            let pm_amount = pm_amount.map(|p| money("pm-amount", &p)).transpose()?;
            let a = who(&s, as_user.as_deref()).await?;
            let l = s
                .add_plan_line(
                    &a,
                    PlanInput {
                        year,
                        unit_id,
                        source,
                        project,
                        investor_unit_id,
                        amount,
                        pm_amount,
                        decision,
                    },
                )
                .await?;
            outln!(
                "Đã giao kế hoạch vốn năm {}: {}.",
                l.year,
                theodoi_core::investment::money_vi(l.amount)
            );
        }
        InvestmentAction::Adjust {
            year,
            unit,
            source,
            project,
            date: on,
            delta,
            decision,
            as_user,
        } => {
            let unit_id = unit_id(&s, &unit).await?;
            let (neg, rest) = match delta.trim().strip_prefix('-') {
                Some(r) => (true, r.to_string()),
                None => (false, delta.trim().trim_start_matches('+').to_string()),
            };
            let amount = money("delta", &rest)?;
            let a = who(&s, as_user.as_deref()).await?;
            let adj = s
                .adjust_plan(
                    &a,
                    AdjustmentInput {
                        line: LineKey {
                            year,
                            unit_id,
                            source,
                            project,
                        },
                        date: date("date", &on)?,
                        delta: if neg { -amount } else { amount },
                        decision,
                    },
                )
                .await?;
            outln!(
                "Đã điều chỉnh kế hoạch vốn {} theo {}.",
                theodoi_core::investment::money_vi(adj.delta),
                adj.decision
            );
        }
        InvestmentAction::Disburse {
            year,
            unit,
            source,
            project,
            as_of,
            amount,
            note,
            as_user,
        } => {
            let unit_id = unit_id(&s, &unit).await?;
            let cumulative = money("amount", &amount)?;
            let a = who(&s, as_user.as_deref()).await?;
            let d = s
                .record_disbursement(
                    &a,
                    DisbursementInput {
                        line: LineKey {
                            year,
                            unit_id,
                            source,
                            project,
                        },
                        as_of: date("as-of", &as_of)?,
                        cumulative,
                        note,
                    },
                )
                .await?;
            outln!(
                "Đã ghi giải ngân lũy kế {} đến ngày {}.",
                theodoi_core::investment::money_vi(d.cumulative),
                theodoi_core::format::date_vi(d.as_of)
            );
        }
    }
    Ok(())
}
