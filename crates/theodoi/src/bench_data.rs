//! A deterministic synthetic province for performance work (`theodoi bench-data`), and the
//! benchmark of the report and the task list on it (`theodoi bench`).

use std::time::Instant;

use anyhow::bail;
use chrono::{Duration, NaiveDate};
use theodoi_core::ids::UnitId;
use theodoi_core::model::Role;
use theodoi_core::report::ReportParams;
use theodoi_core::window::Window;
use theodoi_store::{Store, TaskFilter, Timeframe};

use crate::demo::d;
use crate::service::Services;

use crate::demo::plan::Rng;

const VERBS: &[&str] = &[
    "Tham mưu UBND tỉnh ban hành",
    "Rà soát, báo cáo",
    "Xây dựng kế hoạch",
    "Đôn đốc, kiểm tra",
    "Hoàn thiện hồ sơ",
    "Tổng hợp, đề xuất",
];
const OBJECTS: &[&str] = &[
    "kế hoạch đầu tư công trung hạn",
    "giải phóng mặt bằng dự án",
    "chuyển đổi số",
    "cải cách hành chính",
    "thu ngân sách",
    "phòng cháy, chữa cháy rừng",
    "quy hoạch đô thị",
    "an toàn giao thông",
    "đê biển, sạt lở bờ biển",
    "du lịch Phú Quốc",
];

/// Writes `tasks` synthetic tasks over 2021–2024 under `units` units, in batched transactions.
pub async fn generate(store: &Store, tasks: u64, units: u64, seed: u64) -> anyhow::Result<()> {
    if tasks == 0 || units < 10 {
        bail!("--tasks phải lớn hơn 0 và --units ít nhất 10");
    }
    if !store.units().await?.is_empty() {
        bail!("cơ sở dữ liệu đã có dữ liệu; bench-data chỉ ghi vào cơ sở dữ liệu trống");
    }
    let started = Instant::now();
    let mut rng = Rng::new(seed);
    let now = "2024-12-31T02:00:00.000000Z";
    let pool = store.pool();
    // Units: the province, 60 departments and localities under it, the rest as their sub-units.
    let mut tx = pool.begin().await?;
    for i in 1..=units {
        let parent = match i {
            1 => None,
            2..=61 => Some(1),
            _ => Some(2 + rng.below(60) as i64),
        };
        let (name, kind) = match i {
            1 => ("Ủy ban nhân dân tỉnh Mẫu".to_string(), "locality"),
            2..=41 => (format!("Sở Mẫu số {i}"), "agency"),
            42..=61 => (format!("Ủy ban nhân dân huyện Mẫu số {i}"), "locality"),
            _ => (format!("Phòng Mẫu số {i}"), "department"),
        };
        sqlx::query("INSERT INTO units (id, code, name, short_name, kind, parent_id, name_folded, created_at) VALUES ($1, $2, $3, $3, $4, $5, $6, $7)")
            .bind(i as i64)
            .bind(format!("U{i}"))
            .bind(&name)
            .bind(kind)
            .bind(parent)
            .bind(theodoi_core::text::fold(&name))
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    let docs = (tasks / 20).max(1);
    for i in 1..=docs {
        let date = d("2021-01-04") + Duration::days(rng.below(4 * 365) as i64);
        sqlx::query("INSERT INTO documents (id, number, doc_date, kind, issuer_text, summary, folded, created_at) VALUES ($1, $2, $3, 'thong_bao_ket_luan', 'Văn phòng UBND tỉnh', $4, $4, $5)")
            .bind(i as i64)
            .bind(format!("{i}/TB-VP"))
            .bind(date.to_string())
            .bind(format!("Thông báo kết luận số {i}"))
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;

    let batch = 500u64;
    let mut id = 0u64;
    while id < tasks {
        let mut tx = pool.begin().await?;
        for _ in 0..20 {
            if id >= tasks {
                break;
            }
            let n = batch.min(tasks - id);
            let mut task_rows = Vec::with_capacity(n as usize);
            let mut history = Vec::with_capacity(n as usize);
            let mut leads = Vec::with_capacity(n as usize);
            for _ in 0..n {
                id += 1;
                let assigned = d("2021-01-04") + Duration::days(rng.below(4 * 365) as i64);
                let lead = 2 + rng.below(units - 1) as i64;
                let deadline = (rng.below(10) > 0)
                    .then(|| assigned + Duration::days(7 + rng.below(120) as i64));
                let roll = rng.below(100);
                let completed = if roll < 70 {
                    let base = deadline.unwrap_or(assigned + Duration::days(60));
                    Some(base + Duration::days(rng.below(40) as i64 - 30).max(Duration::days(1)))
                } else {
                    None
                };
                let extended = (rng.below(100) < 5).then(|| {
                    (
                        assigned + Duration::days(5),
                        deadline.map(|x| x + Duration::days(30)),
                    )
                });
                let withdrawn = (rng.below(200) == 0).then(|| assigned + Duration::days(10));
                let state = if withdrawn.is_some() {
                    "withdrawn"
                } else if completed.is_some() {
                    "completed"
                } else {
                    "in_progress"
                };
                let content = format!(
                    "{} {} ({id})",
                    VERBS[rng.below(VERBS.len() as u64) as usize],
                    OBJECTS[rng.below(OBJECTS.len() as u64) as usize]
                );
                let current = extended.map(|e| e.1).unwrap_or(deadline);
                let ds = |x: Option<NaiveDate>| {
                    x.map(|v| format!("'{v}'")).unwrap_or_else(|| "NULL".into())
                };
                task_rows.push(format!(
                    "({id}, {doc}, '{content}', '{folded}', {lead}, '{assigned}', '{assigned}', {by}, NULL, '{kind}', '', {orig}, {cur}, {changed}, 0, '{field}', 0, '{state}', {completed}, {withdrawn}, '{now}', '{now}')",
                    doc = 1 + rng.below(docs),
                    folded = theodoi_core::text::fold(&content),
                    by = 1,
                    kind = if deadline.is_some() { "date" } else { "none" },
                    orig = ds(deadline),
                    cur = ds(current),
                    changed = ds(extended.map(|e| e.0)),
                    field = OBJECTS[(id % OBJECTS.len() as u64) as usize],
                    completed = ds(completed.filter(|c| *c >= assigned)),
                    withdrawn = ds(withdrawn),
                ));
                history.push(format!("({id}, '{assigned}', {})", ds(deadline)));
                if let Some((on, new)) = extended {
                    history.push(format!("({id}, '{on}', {})", ds(new)));
                }
                leads.push(format!("({id}, '{assigned}', {lead})"));
            }
            let sql = format!(
                "INSERT INTO tasks (id, document_id, content, folded, lead_unit_id, lead_since, assigned_on, assigned_by_unit_id, assigned_by_user_id, deadline_kind, deadline_text, deadline_original, deadline_current, deadline_changed_on, is_key, field, report_level, state, completed_on, withdrawn_on, created_at, updated_at) VALUES {}",
                task_rows.join(", ")
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await?;
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO task_deadlines (task_id, effective_on, deadline) VALUES {}",
                history.join(", ")
            )))
            .execute(&mut *tx)
            .await?;
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO task_leads (task_id, from_date, unit_id) VALUES {}",
                leads.join(", ")
            )))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        if id.is_multiple_of(100_000) || id == tasks {
            eprintln!("  {id} nhiệm vụ ({:.0} s)", started.elapsed().as_secs_f64());
        }
    }
    let mut tx = store.begin().await?;
    tx.audit(
        chrono::Utc::now(),
        None,
        "bench_data",
        0,
        "generate",
        None::<&()>,
        Some(&serde_json::json!({"tasks": tasks, "units": units, "seed": seed})),
    )
    .await?;
    tx.commit().await?;
    if store.backend() == theodoi_store::Backend::Postgres {
        for t in ["units", "documents", "tasks"] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))"
            )))
            .execute(pool)
            .await?;
        }
        sqlx::query("ANALYZE").execute(pool).await?;
    } else {
        sqlx::query("ANALYZE").execute(pool).await?;
    }
    let indexed = store
        .reindex(|n| {
            if n % 100_000 == 0 {
                eprintln!("  chỉ mục tìm kiếm: {n}");
            }
        })
        .await?;
    outln!(
        "Đã tạo {tasks} nhiệm vụ, {units} đơn vị, {docs} văn bản ({indexed} bản ghi tìm kiếm) trong {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn stats(mut ms: Vec<f64>) -> (f64, f64, f64) {
    ms.sort_by(|a, b| a.total_cmp(b));
    let pick = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    (pick(0.5), pick(0.95), ms[ms.len() - 1])
}

/// Times the year report and a filtered, paged task-list query; prints median, p95, max.
pub async fn bench(s: &Services, runs: usize) -> anyhow::Result<()> {
    let runs = runs.max(3);
    let units = s.store.units().await?;
    let actor = Services::system_actor(Role::Office);
    let params = ReportParams::new(Window::parse("year:2023")?, d("2023-12-31"));
    let t = Instant::now();
    let by_sql = s.store.report_sql(&params, &units).await?;
    outln!(
        "report year:2023 in one SQL pass (one-shot commands): {:.0} ms ({} tasks)",
        t.elapsed().as_secs_f64() * 1000.0,
        by_sql.totals.counts.tasks
    );
    s.store.keep_facts_in_memory();
    let t = Instant::now();
    s.report(&actor, &params).await?;
    outln!(
        "first report after start (loads the in-memory facts): {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let mut report_ms = Vec::new();
    let mut tasks_in_report = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let r = s.report(&actor, &params).await?;
        report_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        tasks_in_report = r.totals.counts.tasks;
    }
    let unit = units.get(5).map(|u| u.id).unwrap_or(UnitId(2));
    let subtree: Vec<UnitId> = theodoi_core::access::subtree(&units, unit)
        .into_iter()
        .collect();
    let mut list_ms = Vec::new();
    let mut total = 0;
    for i in 0..runs {
        let filter = TaskFilter {
            lead_units: Some(subtree.clone()),
            timeframe: Some(if i % 2 == 0 {
                Timeframe::Overdue
            } else {
                Timeframe::OnTime
            }),
            today: Some(d("2023-06-30")),
            limit: 50,
            offset: 50,
            ..Default::default()
        };
        let t = Instant::now();
        let page = s.store.tasks(&filter).await?;
        list_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        total = page.total;
    }
    crate::bench_search::run(s, runs).await?;
    let (m, p95, max) = stats(report_ms);
    outln!(
        "report year:2023 as of 2023-12-31 ({tasks_in_report} tasks): median {m:.1} ms, p95 {p95:.1} ms, max {max:.1} ms over {runs} runs"
    );
    let (m, p95, max) = stats(list_ms);
    outln!(
        "task list (unit subtree, overdue/on time, page 2 of 50; {total} matching): median {m:.1} ms, p95 {p95:.1} ms, max {max:.1} ms over {runs} runs"
    );
    Ok(())
}
