//! `theodoi remind`: run the reminders of a day (or only show them with --dry-run), send the
//! e-mail digests, show or change the rules.

use anyhow::bail;
use theodoi_core::format::date_vi;
use theodoi_core::model::Role;

use crate::mail::MailConfig;
use crate::service::{Services, remind_describe};

#[derive(Debug, clap::Args)]
pub struct RemindArgs {
    /// Only show what would be sent; record nothing, send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The day (YYYY-MM-DD); default: today
    #[arg(long)]
    pub date: Option<String>,
    /// Do not send the e-mail digests even when THEODOI_SMTP_HOST is set
    #[arg(long)]
    pub no_mail: bool,
    /// Show the rules in force and stop
    #[arg(long)]
    pub rules: bool,
    /// Change a rule: --set remind.days_before=5 (repeatable); then show the rules
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Urge overdue tasks: one letter per lead unit (.docx, to --out), recorded on each task
    /// (task ids, comma-separated or repeated); dated --date, numbered --number
    #[arg(long, value_delimiter = ',', value_name = "TASK_ID")]
    pub urge: Vec<i64>,
    /// The urging letter's number, e.g. 125/VP-TH
    #[arg(long, default_value = "")]
    pub number: String,
    /// Where to write the urging letters (.docx)
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// Act as this account (the office); default: the system acting as the office
    #[arg(long = "as", value_name = "USERNAME")]
    pub as_user: Option<String>,
}

pub async fn run(s: Services, a: RemindArgs) -> anyhow::Result<()> {
    if !a.urge.is_empty() {
        return urge(&s, &a).await;
    }
    if !a.set.is_empty() {
        let mut changes = Vec::new();
        for kv in &a.set {
            let Some((k, v)) = kv.split_once('=') else {
                bail!("--set: '{kv}' phải có dạng KHÓA=GIÁ_TRỊ, ví dụ remind.days_before=5");
            };
            changes.push((k.trim().to_string(), v.trim().to_string()));
        }
        s.set_remind_rules(&Services::system_actor(Role::Admin), &changes)
            .await?;
    }
    if a.rules || !a.set.is_empty() {
        for (k, v) in s.remind_rules().await?.to_settings() {
            outln!("{k} = {v}");
        }
        return Ok(());
    }
    let day = match &a.date {
        Some(d) => crate::cli::date_arg("date", d)?,
        None => s.today().await?,
    };
    let mail = if a.dry_run || a.no_mail {
        None
    } else {
        MailConfig::from_env().map_err(|e| anyhow::anyhow!("cấu hình thư: {e}"))?
    };
    let run = s.run_reminders(day, a.dry_run).await?;
    if !run.working_day {
        outln!(
            "Ngày {} là ngày nghỉ: không gửi nhắc việc (sẽ gửi vào ngày làm việc tiếp theo).",
            date_vi(day)
        );
        return Ok(());
    }
    let verb = if a.dry_run {
        "sẽ gửi"
    } else {
        "đã ghi nhận"
    };
    let fresh: Vec<_> = run.items.iter().filter(|i| i.new).collect();
    outln!(
        "Ngày {}: {} nhắc việc mới {verb}, {} đã gửi trước đó.",
        date_vi(day),
        fresh.len(),
        run.items.len() - fresh.len()
    );
    for i in &fresh {
        outln!(
            "  {} — nhiệm vụ #{}: {}",
            i.recipient_name,
            i.reminder.task,
            remind_describe(
                i.reminder.kind.as_str(),
                i.reminder.deadline,
                i.reminder.days_overdue
            )
        );
    }
    if let Some(mail) = mail {
        let r = s.send_digests(&mail, day).await?;
        outln!(
            "Thư tổng hợp: {} đã gửi, {} chưa gửi được (sẽ thử lại).",
            r.sent.len(),
            r.failed.len()
        );
        for (_, e) in &r.failed {
            outln!("  {e}");
        }
    }
    Ok(())
}

/// `theodoi remind --urge 12,15 --number 125/VP-TH --out don-doc.docx [--date D] [--as U]`
async fn urge(s: &Services, a: &RemindArgs) -> anyhow::Result<()> {
    let Some(out) = &a.out else {
        bail!("--urge cần --out TỆP.docx để ghi văn bản đôn đốc");
    };
    let day = match &a.date {
        Some(d) => crate::cli::date_arg("date", d)?,
        None => s.today().await?,
    };
    let actor = match &a.as_user {
        Some(u) => s.actor_by_username(u).await?,
        None => Services::system_actor(Role::Office),
    };
    let tasks: Vec<theodoi_core::ids::TaskId> = a
        .urge
        .iter()
        .map(|t| theodoi_core::ids::TaskId(*t))
        .collect();
    // The file is opened first: an unwritable path must fail before anything is recorded.
    let mut file = std::fs::File::create(out)
        .map_err(|e| anyhow::anyhow!("không ghi được {}: {e}", out.display()))?;
    let r = match s.urging_letters(&actor, &tasks, day, &a.number).await {
        Ok(r) => r,
        Err(e) => {
            drop(file);
            let _ = std::fs::remove_file(out);
            return Err(e.into());
        }
    };
    std::io::Write::write_all(&mut file, &r.file.bytes)
        .map_err(|e| anyhow::anyhow!("không ghi được {}: {e}", out.display()))?;
    outln!(
        "Đã tạo {} văn bản đôn đốc ({} nhiệm vụ) ngày {} vào {}.",
        r.units,
        r.counts.len(),
        date_vi(day),
        out.display()
    );
    for (t, n) in &r.counts {
        outln!("  nhiệm vụ #{t}: đã đôn đốc {n} lần");
    }
    Ok(())
}
