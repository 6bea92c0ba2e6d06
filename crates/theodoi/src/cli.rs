//! The `theodoi` command line. Every command goes through the same service functions as
//! the API; administrative commands act as the system administrator.

use std::io::Write;

use anyhow::{Context, anyhow, bail};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use theodoi_core::calendar::{Calendar, CalendarDay, DayKind};
use theodoi_core::format::date_vi;
use theodoi_core::ids::UnitId;
use theodoi_core::model::Role;
use theodoi_store::Store;

use crate::clock::Clock;
use crate::service::{Services, UnitInput};

#[derive(Debug, Parser)]
#[command(
    name = "theodoi",
    version,
    about = "Theo dõi nhiệm vụ, chỉ tiêu và giải ngân của UBND tỉnh"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Args)]
pub struct DbArg {
    /// Database: sqlite://FILE.db (default) or postgres://USER@HOST/DB
    #[arg(long, env = "THEODOI_DB", default_value = "sqlite://theodoi.db")]
    pub db: String,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application and the JSON API
    Serve {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, env = "THEODOI_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
    },
    /// Load the demo province (Kiên Giang, January–March 2023) and serve it
    Demo {
        #[arg(long, env = "THEODOI_DB", default_value = "sqlite://theodoi-demo.db")]
        db: String,
        #[arg(long, env = "THEODOI_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Load only, do not serve
        #[arg(long)]
        no_serve: bool,
    },
    /// Create or upgrade the database schema
    Migrate {
        #[command(flatten)]
        db: DbArg,
    },
    /// Organisation units
    Unit {
        #[command(flatten)]
        db: DbArg,
        #[command(subcommand)]
        action: UnitAction,
    },
    /// User accounts
    User {
        #[command(flatten)]
        db: DbArg,
        #[command(subcommand)]
        action: UserAction,
    },
    /// The holiday calendar (days off, days in lieu, swapped Saturdays)
    Calendar {
        #[command(flatten)]
        db: DbArg,
        #[command(subcommand)]
        action: CalendarAction,
    },
    /// The periodic report on tasks; issued (frozen) reports
    Report(crate::cli_reports::ReportArgs),
    /// Export a task list to .xlsx or .csv
    Export {
        #[command(flatten)]
        db: DbArg,
        #[command(subcommand)]
        action: crate::cli_reports::ExportAction,
    },
    /// Import tasks from .xlsx or .csv
    Import {
        #[command(flatten)]
        db: DbArg,
        #[command(subcommand)]
        action: crate::cli_reports::ImportAction,
    },
    /// Write a deterministic synthetic province for performance work
    BenchData {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        tasks: u64,
        #[arg(long, default_value_t = 300)]
        units: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Time the report, the task list and the search on a database (see README, Performance)
    Bench {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, default_value_t = 20)]
        runs: usize,
        /// Only the search benchmark (typical queries, p50 and p99)
        #[arg(long)]
        search_only: bool,
    },
    /// Propose the tasks of a directive document (.txt or .docx)
    Extract {
        file: std::path::PathBuf,
        /// Match units to this database's tree (lead_unit_id)
        #[arg(long, env = "THEODOI_DB")]
        db: Option<String>,
        /// json (default) or text
        #[arg(long, default_value = "json")]
        format: String,
    },
    /// Score the extractor on a folder of annotated documents (NN.txt + NN.expected.json)
    ExtractEval { dir: std::path::PathBuf },
    /// Search units, documents and tasks as a user would (diacritics optional)
    Search {
        #[command(flatten)]
        db: DbArg,
        query: String,
        /// unit, document or task
        #[arg(long)]
        kind: Option<String>,
        /// Search with this user's permissions (default: the office)
        #[arg(long = "as")]
        as_user: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Rebuild the search index
    Reindex {
        #[command(flatten)]
        db: DbArg,
    },
    /// Back up the whole database, attachments included, to FILE
    Backup {
        #[command(flatten)]
        db: DbArg,
        file: std::path::PathBuf,
    },
    /// Restore a backup FILE into an empty database
    Restore {
        #[command(flatten)]
        db: DbArg,
        file: std::path::PathBuf,
    },
    /// Socio-economic indicators: register, targets, values, "X/Y đạt và vượt"
    Indicators {
        /// Database: sqlite://FILE.db (default) or postgres://USER@HOST/DB
        #[arg(
            long,
            env = "THEODOI_DB",
            default_value = "sqlite://theodoi.db",
            global = true
        )]
        db: String,
        #[command(subcommand)]
        action: crate::cli_figures::IndicatorAction,
    },
    /// Public investment: capital plans, disbursements, rates
    Investment {
        /// Database: sqlite://FILE.db (default) or postgres://USER@HOST/DB
        #[arg(
            long,
            env = "THEODOI_DB",
            default_value = "sqlite://theodoi.db",
            global = true
        )]
        db: String,
        #[command(subcommand)]
        action: crate::cli_figures::InvestmentAction,
    },
    /// Reminders: run today's (or --date's), print them, send the e-mail digests; or show and
    /// change the rules (--rules, --set remind.days_before=5)
    Remind {
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        args: crate::cli_remind::RemindArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum UnitAction {
    /// List units as a tree
    List,
    /// Add a unit
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        short_name: String,
        /// locality, agency, office, working_group, enterprise, council, department, other
        #[arg(long)]
        kind: String,
        /// Parent unit (name, short name, alias, code or id)
        #[arg(long)]
        parent: Option<String>,
        #[arg(long = "alias")]
        aliases: Vec<String>,
    },
    /// Merge a unit into its successor on a date: its open tasks move, history kept
    Merge {
        unit: String,
        #[arg(long)]
        into: String,
        #[arg(long)]
        on: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    List,
    Add {
        username: String,
        #[arg(long)]
        full_name: String,
        /// leader, office, unit_manager, unit_staff, inspector, admin
        #[arg(long)]
        role: String,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, default_value = "")]
        title: String,
        /// The password (or set THEODOI_PASSWORD)
        #[arg(long, env = "THEODOI_PASSWORD", hide_env_values = true)]
        password: String,
    },
    Passwd {
        username: String,
        #[arg(long, env = "THEODOI_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalendarAction {
    /// List days off of a year
    List {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Set one day: holiday, day_in_lieu, swapped_off, swapped_working
    Set {
        date: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Remove one day
    Remove { date: String },
    /// Import days from a CSV (date,kind,name,note): all or nothing
    Import { file: std::path::PathBuf },
    /// Export all days as CSV
    Export,
    /// Whether a day is a working day, and N working days after it
    Check {
        date: String,
        #[arg(long, default_value_t = 0)]
        add: u32,
    },
}

pub(crate) async fn open(db: &str) -> anyhow::Result<Services> {
    let store = Store::open(db).await?;
    let s = Services::new(store, Clock::System);
    s.seed_calendar_if_empty().await?;
    Ok(s)
}

pub(crate) fn date_arg(name: &str, s: &str) -> anyhow::Result<NaiveDate> {
    theodoi_core::window::parse_iso(s)
        .ok_or_else(|| anyhow!("--{name}: '{s}' không phải ngày hợp lệ (viết YYYY-MM-DD)"))
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    tracing_init();
    let admin = Services::system_actor(Role::Admin);
    match cli.command {
        Command::Serve { db, bind } => {
            let s = open(&db.db).await?;
            crate::scheduler::spawn_from_env(&s)?;
            crate::api::serve(s, &bind).await
        }
        Command::Demo { db, bind, no_serve } => {
            if let Some(path) = db
                .strip_prefix("sqlite://")
                .map(|p| p.split('?').next().unwrap_or(p))
            {
                for suffix in ["", "-wal", "-shm"] {
                    let f = format!("{path}{suffix}");
                    if std::path::Path::new(&f).exists() {
                        std::fs::remove_file(&f).with_context(|| format!("xóa {f}"))?;
                    }
                }
            }
            let store = Store::open(&db).await?;
            let s = Services::new(store, Clock::at_date(crate::demo::d("2022-12-01")));
            let summary = crate::demo::load(&s).await?;
            outln!(
                "Đã nạp dữ liệu mẫu tỉnh Kiên Giang: {} đơn vị, {} tài khoản, {} văn bản, {} nhiệm vụ. Ngày làm việc của bản mẫu: 31/01/2023.",
                summary.units,
                summary.users,
                summary.documents,
                summary.tasks
            );
            outln!("Tài khoản (mật khẩu demo): admin, lanhdao, vanphong, sokhdt, to770.");
            if no_serve {
                return Ok(());
            }
            crate::api::serve(Services::new(s.store, Clock::System), &bind).await
        }
        Command::Migrate { db } => {
            let s = open(&db.db).await?;
            outln!(
                "Cơ sở dữ liệu đã ở phiên bản mới nhất ({:?}).",
                s.store.backend()
            );
            Ok(())
        }
        Command::Unit { db, action } => unit(open(&db.db).await?, &admin, action).await,
        Command::Indicators { db, action } => {
            crate::cli_figures::indicators(open(&db).await?, action).await
        }
        Command::Investment { db, action } => {
            crate::cli_figures::investment(open(&db).await?, action).await
        }
        Command::User { db, action } => user(open(&db.db).await?, &admin, action).await,
        Command::Calendar { db, action } => calendar(open(&db.db).await?, &admin, action).await,
        Command::Report(args) => crate::cli_reports::report(args).await,
        Command::Export { db, action } => {
            crate::cli_reports::export(open(&db.db).await?, action).await
        }
        Command::Import { db, action } => {
            crate::cli_reports::import(open(&db.db).await?, action).await
        }
        Command::BenchData {
            db,
            tasks,
            units,
            seed,
        } => {
            let store = Store::open(&db.db).await?;
            crate::bench_data::generate(&store, tasks, units, seed).await
        }
        Command::Bench {
            db,
            runs,
            search_only,
        } => {
            let s = open(&db.db).await?;
            if search_only {
                crate::bench_search::run(&s, runs).await
            } else {
                crate::bench_data::bench(&s, runs).await
            }
        }
        Command::Extract { file, db, format } => extract(file, db, format).await,
        Command::ExtractEval { dir } => {
            let report = theodoi_extract::eval::evaluate_dir(&dir).map_err(|e| anyhow!("{e}"))?;
            out!("{report}");
            Ok(())
        }
        Command::Search {
            db,
            query,
            kind,
            as_user,
            limit,
        } => {
            let s = open(&db.db).await?;
            let actor = match as_user {
                Some(u) => s.actor_by_username(&u).await?,
                None => Services::system_actor(Role::Office),
            };
            let result = s.search(&actor, &query, kind.as_deref(), limit, 0).await?;
            for g in &result.groups {
                outln!(
                    "{} ({}{})",
                    g.label,
                    g.total,
                    if g.capped { "+" } else { "" }
                );
                for h in &g.hits {
                    let text: String = h
                        .snippet
                        .iter()
                        .map(|seg| {
                            if seg.hit {
                                format!("[{}]", seg.text)
                            } else {
                                seg.text.clone()
                            }
                        })
                        .collect();
                    outln!("  #{} {}", h.id, text);
                }
            }
            Ok(())
        }
        Command::Reindex { db } => {
            let s = open(&db.db).await?;
            let started = std::time::Instant::now();
            let n = s.store.reindex(|n| eprint!("\r  {n} bản ghi")).await?;
            eprintln!();
            outln!(
                "Đã lập lại chỉ mục tìm kiếm: {n} bản ghi trong {:.1} s.",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Backup { db, file } => {
            let s = open(&db.db).await?;
            let f = std::fs::File::create(&file)
                .with_context(|| format!("không tạo được {}", file.display()))?;
            let mut w = std::io::BufWriter::new(f);
            let summary = s.store.backup(&mut w).await?;
            w.flush()?;
            outln!(
                "Đã sao lưu {} nhiệm vụ, {} tệp đính kèm, {} sự kiện nhật ký vào {}.",
                summary.rows("tasks"),
                summary.rows("attachments"),
                summary.rows("audit_events"),
                file.display()
            );
            Ok(())
        }
        Command::Remind { db, args } => crate::cli_remind::run(open(&db.db).await?, args).await,
        Command::Restore { db, file } => {
            let store = Store::open(&db.db).await?;
            let f = std::fs::File::open(&file)
                .with_context(|| format!("không mở được {}", file.display()))?;
            let summary = store.restore(std::io::BufReader::new(f)).await?;
            outln!(
                "Đã khôi phục {} đơn vị, {} nhiệm vụ, {} tệp đính kèm.",
                summary.rows("units"),
                summary.rows("tasks"),
                summary.rows("attachments")
            );
            Ok(())
        }
    }
}

fn tracing_init() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("THEODOI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

async fn unit(
    s: Services,
    admin: &theodoi_core::access::Actor,
    action: UnitAction,
) -> anyhow::Result<()> {
    match action {
        UnitAction::List => {
            let units = s.store.units().await?;
            fn walk(units: &[theodoi_core::model::Unit], parent: Option<UnitId>, depth: usize) {
                for u in units.iter().filter(|u| u.parent_id == parent) {
                    let merged = u
                        .successor_id
                        .map(|x| format!(" [đã sáp nhập vào #{x}]"))
                        .unwrap_or_default();
                    outln!(
                        "{:>5}  {}{} ({}; {}){}",
                        u.id,
                        "  ".repeat(depth),
                        u.name,
                        u.code,
                        u.kind.label(),
                        merged
                    );
                    walk(units, Some(u.id), depth + 1);
                }
            }
            walk(&units, None, 0);
            Ok(())
        }
        UnitAction::Add {
            code,
            name,
            short_name,
            kind,
            parent,
            aliases,
        } => {
            let parent_id = match parent {
                Some(p) => Some(s.find_unit(&p).await?.id.0),
                None => None,
            };
            let u = s
                .create_unit(
                    admin,
                    UnitInput {
                        code,
                        name,
                        short_name,
                        kind,
                        parent_id,
                        aliases,
                        valid_from: None,
                    },
                )
                .await?;
            outln!("Đã tạo đơn vị #{} {}", u.id, u.name);
            Ok(())
        }
        UnitAction::Merge { unit, into, on } => {
            let from = s.find_unit(&unit).await?;
            let to = s.find_unit(&into).await?;
            let on = date_arg("on", &on)?;
            let moved = s.merge_unit(admin, from.id, to.id, on).await?;
            outln!(
                "Đã sáp nhập {} vào {} từ ngày {}; chuyển {} nhiệm vụ đang thực hiện.",
                from.name,
                to.name,
                date_vi(on),
                moved.len()
            );
            Ok(())
        }
    }
}

async fn user(
    s: Services,
    admin: &theodoi_core::access::Actor,
    action: UserAction,
) -> anyhow::Result<()> {
    match action {
        UserAction::List => {
            for u in s.store.users().await? {
                outln!(
                    "{:>5}  {:<20} {:<30} {}{}",
                    u.id,
                    u.username,
                    u.full_name,
                    u.role.label(),
                    if u.active { "" } else { " (khóa)" }
                );
            }
            Ok(())
        }
        UserAction::Add {
            username,
            full_name,
            role,
            unit,
            title,
            password,
        } => {
            let unit_id = match unit {
                Some(u) => Some(s.find_unit(&u).await?.id),
                None => None,
            };
            let u = s
                .create_user(
                    admin, &username, &full_name, &password, &role, unit_id, &title,
                )
                .await?;
            outln!("Đã tạo tài khoản #{} {}", u.id, u.username);
            Ok(())
        }
        UserAction::Passwd { username, password } => {
            let target = s.actor_by_username(&username).await?;
            s.set_password(admin, target.user.id, &password).await?;
            outln!("Đã đặt mật khẩu mới cho {username}.");
            Ok(())
        }
    }
}

async fn calendar(
    s: Services,
    admin: &theodoi_core::access::Actor,
    action: CalendarAction,
) -> anyhow::Result<()> {
    admin.require_admin("sửa lịch nghỉ")?;
    match action {
        CalendarAction::List { year } => {
            for day in s
                .store
                .calendar_days()
                .await?
                .iter()
                .filter(|d| year.is_none_or(|y| chrono::Datelike::year(&d.date) == y))
            {
                outln!(
                    "{}  {:<22} {}{}",
                    date_vi(day.date),
                    day.kind.label_vi(),
                    day.name,
                    if day.note.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", day.note)
                    }
                );
            }
            Ok(())
        }
        CalendarAction::Set {
            date,
            kind,
            name,
            note,
        } => {
            let date = date_arg("date", &date)?;
            let kind = DayKind::parse(&kind).ok_or_else(|| anyhow!("--kind: '{kind}' không hợp lệ; dùng holiday, day_in_lieu, swapped_off, swapped_working"))?;
            let day = CalendarDay {
                date,
                kind,
                name,
                note,
            };
            Calendar::check_day(&day, 0).map_err(|e| anyhow!("{e}"))?;
            let mut tx = s.store.begin().await?;
            tx.upsert_calendar_day(&day).await?;
            tx.audit(
                s.clock.now(),
                None,
                "calendar",
                0,
                "set_day",
                None::<&()>,
                Some(&day),
            )
            .await?;
            tx.commit().await?;
            outln!("Đã ghi ngày {} ({}).", date_vi(date), kind.label_vi());
            Ok(())
        }
        CalendarAction::Remove { date } => {
            let date = date_arg("date", &date)?;
            let mut tx = s.store.begin().await?;
            if tx.delete_calendar_day(date).await? == 0 {
                bail!("ngày {} không có trong lịch nghỉ", date_vi(date));
            }
            tx.audit(
                s.clock.now(),
                None,
                "calendar",
                0,
                "remove_day",
                Some(&date),
                None::<&()>,
            )
            .await?;
            tx.commit().await?;
            outln!("Đã xóa ngày {} khỏi lịch nghỉ.", date_vi(date));
            Ok(())
        }
        CalendarAction::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("không đọc được {}", file.display()))?;
            let days =
                Calendar::parse_csv(&text).map_err(|e| anyhow!("{}: {e}", file.display()))?;
            let mut tx = s.store.begin().await?;
            for d in &days {
                tx.upsert_calendar_day(d).await?;
            }
            tx.audit(
                s.clock.now(),
                None,
                "calendar",
                0,
                "import",
                None::<&()>,
                Some(&days),
            )
            .await?;
            tx.commit().await?;
            outln!("Đã nhập {} ngày.", days.len());
            Ok(())
        }
        CalendarAction::Export => {
            out!("{}", Calendar::to_csv(&s.store.calendar_days().await?));
            Ok(())
        }
        CalendarAction::Check { date, add } => {
            let date = date_arg("date", &date)?;
            let cal = s.calendar().await?;
            outln!(
                "{} {} {}",
                theodoi_core::calendar::weekday_vi(date),
                date_vi(date),
                if cal.is_working_day(date) {
                    "là ngày làm việc"
                } else {
                    "là ngày nghỉ"
                }
            );
            if add > 0 {
                outln!(
                    "{add} ngày làm việc kể từ ngày đó: {}",
                    date_vi(cal.add_working_days(date, add))
                );
            }
            Ok(())
        }
    }
}

async fn extract(
    file: std::path::PathBuf,
    db: Option<String>,
    format: String,
) -> anyhow::Result<()> {
    if format != "json" && format != "text" {
        bail!("--format: '{format}' không hợp lệ; dùng json hoặc text");
    }
    let bytes =
        std::fs::read(&file).with_context(|| format!("không đọc được {}", file.display()))?;
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    let result = match db {
        Some(db) => open(&db).await?.extract_tasks(&name, &bytes).await?,
        None => {
            let lower = name.to_lowercase();
            if lower.ends_with(".docx") {
                theodoi_extract::extract_docx(&bytes, None)
            } else if lower.ends_with(".txt") || !lower.contains('.') {
                let text = String::from_utf8(bytes).map_err(|e| {
                    anyhow!(
                        "{}: không phải văn bản UTF-8 (byte thứ {})",
                        file.display(),
                        e.utf8_error().valid_up_to() + 1
                    )
                })?;
                theodoi_extract::extract(&text, None)
            } else {
                bail!("chỉ đọc được tệp .txt hoặc .docx, không đọc được '{name}'");
            }
            .map_err(|e| anyhow!("{}: {e}", file.display()))?
        }
    };
    if format == "json" {
        outln!("{}", serde_json::to_string_pretty(&result)?);
        return Ok(());
    }
    let h = &result.document;
    outln!(
        "Văn bản: {} ngày {} — {} ({})",
        h.number.as_deref().unwrap_or("(không rõ số)"),
        h.date
            .map(date_vi)
            .unwrap_or_else(|| "(không rõ ngày)".into()),
        h.issuer.as_deref().unwrap_or("(không rõ cơ quan ban hành)"),
        h.kind
    );
    for (i, t) in result.tasks.iter().enumerate() {
        let unit = t
            .lead_unit_id
            .map(|id| format!(" [#{id}]"))
            .unwrap_or_else(|| " [chưa khớp đơn vị]".into());
        let deadline = match (&t.deadline, &t.deadline_text) {
            (Some(d), Some(text)) => format!("{} ({text})", date_vi(*d)),
            (None, Some(text)) => text.clone(),
            _ => "không thời hạn".into(),
        };
        outln!("{}. {}{unit}: {} — {deadline}", i + 1, t.lead, t.summary);
        if !t.coop.is_empty() {
            outln!("   phối hợp: {}", t.coop.join("; "));
        }
    }
    Ok(())
}
