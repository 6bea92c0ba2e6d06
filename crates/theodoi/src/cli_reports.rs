//! `theodoi report` (with export and issued reports), `theodoi export tasks` and
//! `theodoi import tasks`: thin wrappers over the service functions.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use theodoi_core::format::{date_vi, int_vi};
use theodoi_core::model::Role;

use crate::cli::{DbArg, open};
use crate::service::{ImportOptions, ReportRequest, Services, TaskListRequest};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ReportArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[command(subcommand)]
    pub action: Option<ReportAction>,
    /// month:2023-01, quarter:2023-Q1, half:2023-H1, year:2023, nd09-month:2023-01, range:2023-01-01..2023-03-31
    #[arg(long, required = true)]
    pub window: Option<String>,
    /// The date the figures are computed for (YYYY-MM-DD); default the window's end
    #[arg(long)]
    pub as_of: Option<String>,
    /// Overdue-rate denominator: in_progress (default), due, total
    #[arg(long)]
    pub basis: Option<String>,
    /// active (default: tasks to carry out in the window) or assigned (given in the window)
    #[arg(long)]
    pub scope: Option<String>,
    /// governing (default) or original deadline
    #[arg(long)]
    pub deadline_basis: Option<String>,
    /// Only tasks assigned by this unit or leader
    #[arg(long)]
    pub assigned_by: Option<String>,
    /// Roll the rows of sub-units into their parent's row
    #[arg(long)]
    pub subtree: bool,
    /// Also break the figures down by co-operating unit
    #[arg(long)]
    pub include_coop: bool,
    /// text (default), json, xlsx or docx (the last two need --out)
    #[arg(long, default_value = "text")]
    pub format: String,
    /// The file to write (xlsx, docx)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Issue the report: store its parameters and figures, frozen
    #[arg(long)]
    pub issue: bool,
    /// The document number printed on the Word report and kept with an issued report (e.g. 15/BC-VP)
    #[arg(long)]
    pub number: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ReportAction {
    /// The issued reports
    List,
    /// An issued report as it was issued; with --diff, what has changed since
    Show {
        id: i64,
        #[arg(long)]
        diff: bool,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportAction {
    /// Any task list, with the filters of the task list
    Tasks {
        /// xlsx or csv
        #[arg(long)]
        format: String,
        #[arg(long)]
        out: PathBuf,
        /// Lead unit (name, short name, alias or code)
        #[arg(long)]
        unit: Option<String>,
        /// With the units below it
        #[arg(long)]
        subtree: bool,
        /// new, in_progress, awaiting_confirmation, completed, declined, suspended, withdrawn
        #[arg(long)]
        state: Option<String>,
        /// overdue, due_soon, on_time, completed
        #[arg(long)]
        timeframe: Option<String>,
        #[arg(long)]
        document_id: Option<i64>,
        /// Words in the content
        #[arg(long)]
        q: Option<String>,
        /// Key tasks only
        #[arg(long)]
        key: bool,
        #[arg(long)]
        field: Option<String>,
        /// Assigned on or after (YYYY-MM-DD)
        #[arg(long)]
        assigned_from: Option<String>,
        /// Assigned on or before (YYYY-MM-DD)
        #[arg(long)]
        assigned_to: Option<String>,
        /// Include tasks delegated to sub-units
        #[arg(long)]
        include_delegated: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportAction {
    /// Tasks from an .xlsx or .csv file (all rows or none)
    Tasks {
        file: PathBuf,
        /// Check the file and show what would be imported, without writing anything
        #[arg(long)]
        dry_run: bool,
        /// Create unknown units under this parent unit (first migration from spreadsheets)
        #[arg(long)]
        create_units: Option<String>,
    },
}

fn bar(len: u64, what: &str) -> ProgressBar {
    let pb = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})") {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.set_message(what.to_string());
    pb
}

pub async fn report(a: ReportArgs) -> anyhow::Result<()> {
    let s = open(&a.db.db).await?;
    let office = Services::system_actor(Role::Office);
    if let Some(action) = a.action {
        return issued(&s, action).await;
    }
    let Some(window) = a.window else {
        bail!("--window: thiếu kỳ báo cáo");
    };
    let format = a.format.as_str();
    if !matches!(format, "text" | "json" | "xlsx" | "docx") {
        bail!("--format: '{format}' không hợp lệ; dùng text, json, xlsx hoặc docx");
    }
    if matches!(format, "xlsx" | "docx") && a.out.is_none() {
        bail!("--format {format} cần --out TỆP");
    }
    let req = ReportRequest {
        window,
        as_of: a.as_of,
        basis: a.basis,
        scope: a.scope,
        deadline_basis: a.deadline_basis,
        assigned_by: a.assigned_by,
        subtree: a.subtree,
        include_delegated: false,
        include_coop: a.include_coop,
    };
    let params = s.report_params(&req).await?;
    if a.issue && a.number.as_deref().is_none_or(|n| n.trim().is_empty()) {
        bail!("--issue cần --number SỐ (ví dụ 15/BC-VP)");
    }
    if a.issue {
        let issued = s
            .issue_report(&office, &req, a.number.as_deref().unwrap_or(""))
            .await?;
        eprintln!(
            "Đã ban hành báo cáo số {} ({}), lưu lúc {}.",
            issued.id,
            issued.title,
            issued.issued_at.format("%d/%m/%Y %H:%M UTC")
        );
    }
    match format {
        "xlsx" | "docx" => {
            let file = s
                .report_file(&office, &params, format, a.number.as_deref())
                .await?;
            let out = a.out.as_ref().context("--out")?;
            std::fs::write(out, &file.bytes)
                .with_context(|| format!("không ghi được {}", out.display()))?;
            eprintln!(
                "Đã ghi {} ({} byte).",
                out.display(),
                int_vi(file.bytes.len() as i64)
            );
        }
        _ => {
            let report = s.report(&office, &params).await?;
            let text = if format == "json" {
                serde_json::to_string_pretty(&report)? + "\n"
            } else {
                report.to_text()
            };
            match &a.out {
                Some(out) => std::fs::write(out, text)
                    .with_context(|| format!("không ghi được {}", out.display()))?,
                None => out!("{text}"),
            }
        }
    }
    Ok(())
}

async fn issued(s: &Services, action: ReportAction) -> anyhow::Result<()> {
    let office = Services::system_actor(Role::Office);
    match action {
        ReportAction::List => {
            for (id, number, title, at) in s.issued_reports(&office).await? {
                outln!(
                    "{id:>5}  {}  {:<12}  {title}",
                    at.format("%d/%m/%Y %H:%M"),
                    if number.is_empty() { "—" } else { &number }
                );
            }
            Ok(())
        }
        ReportAction::Show { id, diff, format } => {
            if !diff {
                let r = s.issued_report(&office, id).await?;
                if format == "json" {
                    outln!("{}", serde_json::to_string_pretty(&r)?);
                } else {
                    outln!(
                        "Báo cáo đã ban hành số {} {}\n{}\nBan hành: {} bởi {}\n",
                        r.id,
                        r.number,
                        r.title,
                        r.issued_at.format("%d/%m/%Y %H:%M UTC"),
                        r.issued_by_name
                    );
                    if let Some(n) = r.report.get("narrative").and_then(|v| v.as_str()) {
                        outln!("{n}");
                    }
                }
                return Ok(());
            }
            let c = s.issued_report_now(&office, id).await?;
            if format == "json" {
                outln!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({
                        "issued": c.issued, "changes": c.changes, "now": c.now
                    }))?
                );
                return Ok(());
            }
            outln!(
                "Báo cáo số {} ({}), ban hành {}; tính lại ngày {}:",
                c.issued.id,
                c.issued.title,
                c.issued.issued_at.format("%d/%m/%Y %H:%M UTC"),
                date_vi(s.today().await?)
            );
            if c.changes.is_empty() {
                outln!("Không có số liệu nào thay đổi.");
            }
            for ch in &c.changes {
                outln!("- {}: {} → {}", ch.item, ch.issued, ch.now);
            }
            Ok(())
        }
    }
}

pub async fn export(s: Services, action: ExportAction) -> anyhow::Result<()> {
    let ExportAction::Tasks {
        format,
        out,
        unit,
        subtree,
        state,
        timeframe,
        document_id,
        q,
        key,
        field,
        assigned_from,
        assigned_to,
        include_delegated,
    } = action;
    let timeframe = timeframe
        .map(|t| {
            serde_json::from_value(serde_json::Value::String(t.clone())).map_err(|_| {
                anyhow::anyhow!("--timeframe: '{t}' không hợp lệ; dùng overdue, due_soon, on_time hoặc completed")
            })
        })
        .transpose()?;
    let req = TaskListRequest {
        unit,
        subtree,
        state,
        timeframe,
        document_id,
        q,
        is_key: key.then_some(true),
        field,
        assigned_from,
        assigned_to,
        include_delegated,
    };
    let pb = bar(0, "Đọc nhiệm vụ");
    let mut writing = false;
    let mut progress = |done: u64, total: u64| {
        if pb.length() != Some(total) {
            pb.set_length(total);
        }
        if !writing && done == total && total > 0 {
            writing = true;
        }
        pb.set_position(done);
    };
    let file = s
        .export_tasks(
            &Services::system_actor(Role::Office),
            &req,
            &format,
            &mut progress,
        )
        .await?;
    pb.finish_and_clear();
    std::fs::write(&out, &file.bytes)
        .with_context(|| format!("không ghi được {}", out.display()))?;
    eprintln!(
        "Đã ghi {} ({} byte).",
        out.display(),
        int_vi(file.bytes.len() as i64)
    );
    Ok(())
}

pub async fn import(s: Services, action: ImportAction) -> anyhow::Result<()> {
    let ImportAction::Tasks {
        file,
        dry_run,
        create_units,
    } = action;
    let bytes =
        std::fs::read(&file).with_context(|| format!("không đọc được {}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    // Two phases: checking every row, then (unless a dry run or a bad row) writing the new
    // tasks; each counts its own rows from zero.
    let pb = bar(0, "Kiểm tra tệp");
    let mut checked = false;
    let mut progress = |done: u64, total: u64| {
        if checked && done == 0 {
            checked = false;
            pb.reset();
            pb.set_position(0);
            pb.set_length(total);
            pb.set_message("Ghi nhiệm vụ");
        }
        if done == total && total > 0 && pb.message() == "Kiểm tra tệp" {
            checked = true;
        }
        if pb.length() != Some(total) {
            pb.set_length(total);
        }
        pb.set_position(done);
    };
    let opts = ImportOptions {
        dry_run,
        create_units_under: create_units,
    };
    let outcome = s
        .import_tasks(
            &Services::system_actor(Role::Office),
            &bytes,
            &name,
            &opts,
            &mut progress,
        )
        .await;
    pb.finish_and_clear();
    let outcome = outcome?;
    for w in &outcome.warnings {
        eprintln!("Lưu ý: {w}");
    }
    if !outcome.errors.is_empty() {
        eprintln!(
            "Tệp {} có {} lỗi; không nhập dòng nào:",
            name,
            int_vi(outcome.errors.len() as i64)
        );
        for e in &outcome.errors {
            eprintln!("- {e}");
        }
        bail!("nhập không thành công: {} lỗi", outcome.errors.len());
    }
    outln!(
        "{}{} dòng: {} nhiệm vụ mới, {} đã có (không nhập lại), {} văn bản mới, {} đơn vị mới.",
        if dry_run {
            "Kiểm tra (chưa ghi gì): "
        } else {
            "Đã nhập "
        },
        int_vi(outcome.rows as i64),
        int_vi(outcome.created as i64),
        int_vi(outcome.duplicates as i64),
        int_vi(outcome.documents_created as i64),
        int_vi(outcome.units_created as i64),
    );
    Ok(())
}
