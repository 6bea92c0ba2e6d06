use theodoi::clock::Clock;
use theodoi::service::{AssignInput, DeadlineInput, ReportRequest, Services};
use theodoi_core::DomainError;
use theodoi_core::ids::{TaskId, UnitId};
use theodoi_core::model::Role;
use theodoi_core::report::ReportParams;
use theodoi_core::status::{Counts, DeadlineBasis, Scope};
use theodoi_core::window::Window;
use theodoi_store::report_slice::{Figure, ReportSlice};
use theodoi_store::{Store, TaskFilter, TaskSort};

use crate::common::{Db, d, demo, on_postgres};

async fn report(s: &Services, window: &str, as_of: &str) -> theodoi_core::report::Report {
    let p = s
        .report_params(&ReportRequest {
            window: window.into(),
            as_of: Some(as_of.into()),
            ..Default::default()
        })
        .await
        .expect("params");
    s.report(&Services::system_actor(Role::Office), &p)
        .await
        .expect("report")
}

/// The whole suite against one database.
async fn suite(db: &Db) {
    let s = demo(&db.url).await;

    // The seed's figures (seeds/000): 411 tasks, 138 completed, 273 in progress, 68 overdue = 24,9%.
    let jan = report(&s, "month:2023-01", "2023-01-31").await;
    let t = &jan.totals.counts;
    assert_eq!(
        (t.tasks, t.completed, t.in_progress, t.overdue),
        (411, 138, 273, 68)
    );
    assert!(
        (jan.totals.overdue_rate - 0.249084).abs() < 0.0005,
        "{}",
        jan.totals.overdue_rate
    );
    assert_eq!(
        t.tasks,
        t.completed_on_time + t.completed_late + t.in_progress_on_time + t.overdue
    );
    let plan = jan
        .groups
        .iter()
        .find(|g| {
            g.content
                .starts_with("Trình phê duyệt Kế hoạch phát triển kinh tế")
        })
        .expect("the 15-locality group");
    assert_eq!((plan.units, plan.not_completed), (15, 9));
    assert!(
        jan.narrative.contains("411 nhiệm vụ") && jan.narrative.contains("24,9%"),
        "{}",
        jan.narrative
    );
    let unit_sum: i64 = jan.units.iter().map(|u| u.figures.counts.tasks).sum();
    assert_eq!(unit_sum, 411, "unit rows add up to the total");

    // The same window later: February–March history changes it; the rate basis is printed.
    let mar = report(&s, "month:2023-01", "2023-03-31").await;
    assert!(
        mar.totals.counts.completed > 138,
        "more January work was done by March"
    );
    assert_eq!(
        mar.totals.counts.tasks, 410,
        "the task withdrawn in February leaves reports as of March"
    );
    let due = s
        .report_params(&ReportRequest {
            window: "month:2023-01".into(),
            as_of: Some("2023-01-31".into()),
            basis: Some("due".into()),
            ..Default::default()
        })
        .await
        .expect("p");
    let r = s
        .report(&Services::system_actor(Role::Office), &due)
        .await
        .expect("r");
    assert!((r.totals.overdue_rate - 68.0 / (138.0 + 68.0)).abs() < 0.0005);
    assert_eq!(r.basis, "due");

    // The SQL report agrees with the status engine on every task, for several dates and windows.
    let ids: Vec<TaskId> = s
        .store
        .tasks(&TaskFilter {
            limit: 1000,
            ..Default::default()
        })
        .await
        .expect("tasks")
        .tasks
        .iter()
        .map(|r| r.task.id)
        .collect();
    let mut facts = Vec::new();
    for id in &ids {
        facts.push(s.store.task_facts(*id).await.expect("facts").expect("task"));
    }
    for (window, as_of) in [
        ("month:2023-01", "2023-01-15"),
        ("month:2023-01", "2023-01-31"),
        ("quarter:2023-Q1", "2023-02-20"),
        ("nd09-month:2023-02", "2023-02-14"),
        ("month:2022-12", "2023-03-31"),
    ] {
        let w = Window::parse(window).expect("w");
        let mut expected = Counts::default();
        for f in facts
            .iter()
            .filter(|f| f.in_report(&w, d(as_of), Scope::Active))
        {
            expected.add_standing(&f.standing(d(as_of), DeadlineBasis::Governing));
        }
        let units = s.store.units().await.expect("units");
        let params = ReportParams::new(w, d(as_of));
        let got = s
            .store
            .report_in_memory(&params, &units)
            .await
            .expect("report");
        let by_sql = s
            .store
            .report_sql(&params, &units)
            .await
            .expect("report by SQL");
        assert_eq!(got.totals.counts, expected, "{window} as of {as_of}");
        assert_eq!(
            by_sql.totals.counts, expected,
            "SQL: {window} as of {as_of}"
        );
        assert_eq!(got.units, by_sql.units, "{window} as of {as_of}");
        assert_eq!(got.groups, by_sql.groups, "{window} as of {as_of}");
    }

    // Permissions: a department manager cannot confirm completion or see another unit's report rows.
    let sokhdt = s.actor_by_username("sokhdt").await.expect("sokhdt");
    let office = s.actor_by_username("vanphong").await.expect("vanphong");
    let some_task = ids[0];
    assert!(matches!(
        s.confirm_completion(&sokhdt, some_task, "").await,
        Err(DomainError::Forbidden(_))
    ));
    let own = s
        .report(
            &sokhdt,
            &ReportParams::new(Window::parse("month:2023-01").expect("w"), d("2023-01-31")),
        )
        .await
        .expect("own report");
    assert!(own.units.iter().all(|u| sokhdt.in_scope(u.unit_id)));
    assert!(own.totals.counts.tasks > 0 && own.totals.counts.tasks < 411);
    let admin = s.actor_by_username("admin").await.expect("admin");
    assert!(matches!(
        s.report(
            &admin,
            &ReportParams::new(Window::parse("month:2023-01").expect("w"), d("2023-01-31"))
        )
        .await,
        Err(DomainError::Forbidden(_))
    ));

    // Bad input changes nothing and says what is wrong and where.
    let audit_before = s.store.audit_count().await.expect("audit");
    let bad = s
        .assign(
            &office,
            AssignInput {
                document_id: None,
                clause: String::new(),
                content: "Báo cáo tình hình".into(),
                lead_unit_ids: vec![4, 99_999],
                coop_unit_ids: vec![],
                assigned_by_user_id: None,
                assigned_by_unit_id: None,
                assigned_on: Some(d("2023-01-20")),
                deadline: DeadlineInput {
                    text: Some("trước ngày 31/02/2023".into()),
                    date: None,
                },
                is_key: false,
                field: String::new(),
                secret: false,
                parent_task_id: None,
                recurring_until: None,
            },
        )
        .await;
    match bad {
        Err(DomainError::Invalid(fields)) => {
            assert!(
                fields
                    .iter()
                    .any(|f| f.field == "lead_unit_ids" && f.message.contains("99999")),
                "{fields:?}"
            );
            assert!(
                fields
                    .iter()
                    .any(|f| f.field == "deadline" && f.message.contains("31/02/2023")),
                "{fields:?}"
            );
        }
        other => panic!("expected invalid input, got {other:?}"),
    }
    assert_eq!(
        s.store.audit_count().await.expect("audit"),
        audit_before,
        "nothing written"
    );
    let e = s
        .report_params(&ReportRequest {
            window: "month:2023-13".into(),
            as_of: Some("2023-02-30".into()),
            ..Default::default()
        })
        .await
        .expect_err("bad report");
    let msg = e.to_string();
    assert!(
        msg.contains("window") && msg.contains("as_of") && msg.contains("2023-02-30"),
        "{msg}"
    );

    // Workflow: a claim confirmed later counts on the day the work was finished.
    s.clock.set_date(d("2023-04-03"));
    let mut tx = s.store.begin().await.expect("tx");
    tx.set_setting("today", "2023-04-03").await.expect("today");
    tx.commit().await.expect("commit");
    let created = s
        .assign(
            &office,
            AssignInput {
                document_id: None,
                clause: String::new(),
                content: "Báo cáo kết quả rà soát thủ tục hành chính quý I/2023".into(),
                lead_unit_ids: vec![sokhdt.user.unit_id.expect("unit").0],
                coop_unit_ids: vec![],
                assigned_by_user_id: None,
                assigned_by_unit_id: None,
                assigned_on: Some(d("2023-04-03")),
                deadline: DeadlineInput {
                    text: Some("trong 10 ngày làm việc kể từ ngày 03/04/2023".into()),
                    date: None,
                },
                is_key: true,
                field: "Cải cách hành chính".into(),
                secret: false,
                parent_task_id: None,
                recurring_until: None,
            },
        )
        .await
        .expect("assign");
    let task = &created[0];
    // Counting starts the day after 03/04 (Monday): 04–07, 10–14, 17/04 is the tenth working day.
    assert_eq!(task.deadline_current, Some(d("2023-04-17")));
    s.clock.set_date(d("2023-04-10"));
    let mut tx = s.store.begin().await.expect("tx");
    tx.set_setting("today", "2023-04-12").await.expect("today");
    tx.commit().await.expect("commit");
    s.claim_completion(
        &sokhdt,
        task.id,
        Some(d("2023-04-11")),
        "12/BC-SKHDT",
        "Đã gửi báo cáo",
    )
    .await
    .expect("claim");
    let forbidden = s
        .claim_completion(&sokhdt, task.id, None, "", "lần hai")
        .await;
    assert!(
        matches!(forbidden, Err(DomainError::Conflict(_))),
        "{forbidden:?}"
    );
    s.confirm_completion(&office, task.id, "")
        .await
        .expect("confirm");
    let done = s.store.task(task.id).await.expect("t").expect("t");
    assert_eq!(done.completed_on, Some(d("2023-04-11")));
    let trail = s.store.audit_trail("task", task.id.0).await.expect("trail");
    assert_eq!(
        trail.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["assign", "claim_completion", "confirm_completion"]
    );

    // Another instance sharing the database sees this instance's writes in its reports.
    let other = Store::open(&db.url).await.expect("second instance");
    other.keep_facts_in_memory();
    let april = ReportParams::new(Window::parse("month:2023-04").expect("w"), d("2023-04-30"));
    let units = other.units().await.expect("units");
    let before = other
        .report(&april, &units)
        .await
        .expect("report")
        .totals
        .counts;
    s.withdraw(&office, task.id, Some(d("2023-04-12")), "Giao nhầm")
        .await
        .expect_err("completed tasks cannot be withdrawn");
    let more = s
        .assign(
            &office,
            AssignInput {
                document_id: None,
                clause: String::new(),
                content: "Rà soát danh mục dự án khởi công mới năm 2023".into(),
                lead_unit_ids: vec![sokhdt.user.unit_id.expect("unit").0],
                coop_unit_ids: vec![],
                assigned_by_user_id: None,
                assigned_by_unit_id: None,
                assigned_on: Some(d("2023-04-12")),
                deadline: DeadlineInput {
                    text: Some("trước ngày 20/04/2023".into()),
                    date: None,
                },
                is_key: false,
                field: String::new(),
                secret: false,
                parent_task_id: None,
                recurring_until: None,
            },
        )
        .await
        .expect("assign");
    let after = other
        .report(&april, &units)
        .await
        .expect("report")
        .totals
        .counts;
    assert_eq!(after.tasks, before.tasks + 1);
    assert_eq!(
        after.overdue,
        before.overdue + 1,
        "due 20/04, open at 30/04"
    );
    s.withdraw(
        &office,
        more[0].id,
        Some(d("2023-04-12")),
        "Trùng nhiệm vụ đã giao",
    )
    .await
    .expect("withdraw");
    assert_eq!(
        other
            .report(&april, &units)
            .await
            .expect("report")
            .totals
            .counts,
        before
    );
    // A bulk event (bench data, restore) reloads every task once; the writes after it reload
    // only their own tasks, though the bulk event stays inside the look-back window.
    let loads = other.facts_full_loads();
    let mut tx = other.begin().await.expect("tx");
    tx.audit(
        chrono::Utc::now(),
        None,
        "restore",
        0,
        "test",
        None::<&()>,
        None::<&()>,
    )
    .await
    .expect("bulk event");
    tx.commit().await.expect("commit");
    other.report(&april, &units).await.expect("report");
    assert_eq!(other.facts_full_loads(), loads + 1);
    for n in 0..3 {
        s.assign(
            &office,
            AssignInput {
                document_id: None,
                clause: String::new(),
                content: format!("Kiểm tra hồ sơ dự án đợt {n}"),
                lead_unit_ids: vec![sokhdt.user.unit_id.expect("unit").0],
                coop_unit_ids: vec![],
                assigned_by_user_id: None,
                assigned_by_unit_id: None,
                assigned_on: Some(d("2023-04-12")),
                deadline: DeadlineInput {
                    text: None,
                    date: Some(d("2023-04-20")),
                },
                is_key: false,
                field: String::new(),
                secret: false,
                parent_task_id: None,
                recurring_until: None,
            },
        )
        .await
        .expect("assign");
        let now = other.report(&april, &units).await.expect("report");
        assert_eq!(
            now.totals.counts.tasks,
            before.tasks + 1 + n,
            "seen at once"
        );
    }
    assert_eq!(other.facts_full_loads(), loads + 1, "no reload per write");

    // The dashboard's drill-down: a server lists the tasks behind a figure from its in-memory
    // facts; the one-shot path asks SQL. Same tasks, same order, same totals, every figure.
    drill_down_agrees(&s.store, &other).await;
    other.close().await;

    // Backup and restore into a fresh database give the same reports.
    let mut buf = Vec::new();
    let saved = s.store.backup(&mut buf).await.expect("backup");
    // Restored into SQLite whichever backend made it: the format is portable.
    let copy_db = Db::sqlite(if db.admin_url.is_some() {
        "restore-from-pg"
    } else {
        "restore"
    })
    .await;
    {
        let copy = Store::open(&copy_db.url).await.expect("open copy");
        let restored = copy
            .restore(std::io::BufReader::new(buf.as_slice()))
            .await
            .expect("restore");
        for (table, n) in &saved.tables {
            assert_eq!(restored.rows(table), *n, "rows of {table}");
        }
        assert!(
            saved.rows("indicator_values") > 0 && saved.rows("invest_disbursements") > 0,
            "indicators and investment are backed up"
        );
        let copy_s = Services::new(copy, Clock::at_date(d("2023-04-12")));
        let again = report(&copy_s, "month:2023-01", "2023-01-31").await;
        assert_eq!(again.totals, jan.totals);
        assert_eq!(again.units, jan.units);
        // A second restore into a database with data is refused and changes nothing.
        let before = copy_s.store.audit_count().await.expect("count");
        assert!(
            copy_s
                .store
                .restore(std::io::BufReader::new(buf.as_slice()))
                .await
                .is_err()
        );
        assert_eq!(copy_s.store.audit_count().await.expect("count"), before);
    }
    s.store.close().await;
}

/// Every figure of January 2023 (and one unit's overdue tasks) listed by `sql` (SQL) and by
/// `memory` (in-memory facts), page by page in each order.
async fn drill_down_agrees(sql: &Store, memory: &Store) {
    let jan = ReportParams::new(Window::parse("month:2023-01").expect("w"), d("2023-01-31"));
    let units = sql.units().await.expect("units");
    let report = sql.report(&jan, &units).await.expect("report");
    let busiest = report
        .units
        .iter()
        .max_by_key(|u| u.figures.counts.overdue)
        .expect("a unit")
        .unit_id;
    let list = |figure: Figure, units: Option<Vec<UnitId>>, sort: TaskSort, page: i64| TaskFilter {
        report_slice: Some(ReportSlice {
            params: jan.clone(),
            figure,
            units,
        }),
        sort,
        limit: 50,
        offset: page * 50,
        ..Default::default()
    };
    let figures = [
        (Figure::All, 411),
        (Figure::Completed, 138),
        (Figure::CompletedOnTime, -1),
        (Figure::CompletedLate, -1),
        (Figure::InProgress, 273),
        (Figure::InProgressOnTime, -1),
        (Figure::Overdue, 68),
        (Figure::Awaiting, -1),
    ];
    for (figure, want) in figures {
        for sort in [TaskSort::Deadline, TaskSort::Assigned, TaskSort::Newest] {
            for page in 0..3 {
                let a = sql
                    .tasks(&list(figure, None, sort, page))
                    .await
                    .expect("sql");
                let b = memory
                    .tasks(&list(figure, None, sort, page))
                    .await
                    .expect("memory");
                let ids = |p: &theodoi_store::TaskPage| -> Vec<i64> {
                    p.tasks.iter().map(|r| r.task.id.0).collect()
                };
                assert_eq!(a.total, b.total, "{figure:?} total");
                assert_eq!(ids(&a), ids(&b), "{figure:?} {sort:?} page {page}");
                if want >= 0 {
                    assert_eq!(a.total, want, "{figure:?}");
                }
            }
        }
    }
    let a = sql
        .tasks(&list(
            Figure::Overdue,
            Some(vec![busiest]),
            TaskSort::Deadline,
            0,
        ))
        .await
        .expect("sql");
    let b = memory
        .tasks(&list(
            Figure::Overdue,
            Some(vec![busiest]),
            TaskSort::Deadline,
            0,
        ))
        .await
        .expect("memory");
    assert!(a.total > 0);
    assert_eq!(
        (
            a.total,
            a.tasks.iter().map(|r| r.task.id).collect::<Vec<_>>()
        ),
        (
            b.total,
            b.tasks.iter().map(|r| r.task.id).collect::<Vec<_>>()
        )
    );

    // Several months at once (the dashboard's trend): one pass over the in-memory facts gives
    // what one SQL pass per month gives.
    let months: Vec<ReportParams> = ["2023-01", "2023-02", "2023-03"]
        .iter()
        .map(|m| {
            let w = Window::parse(&format!("month:{m}")).expect("w");
            let to = w.to;
            ReportParams::new(w, to)
        })
        .collect();
    let by_sql = sql.reports(&months, &units).await.expect("sql");
    let in_memory = memory.reports(&months, &units).await.expect("memory");
    assert_eq!(by_sql.len(), 3);
    for (a, b) in by_sql.iter().zip(&in_memory) {
        assert_eq!(
            (&a.totals, &a.units),
            (&b.totals, &b.units),
            "{}",
            a.window.from
        );
    }
    assert_eq!(by_sql[0].totals.counts.tasks, 411);

    // A capped count stops at the cap and says so; under the cap it is exact.
    let capped = sql
        .tasks(&TaskFilter {
            count_cap: Some(100),
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("capped");
    let exact = sql
        .tasks(&TaskFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("exact");
    assert!(exact.total > 100 && !exact.capped);
    assert_eq!((capped.total, capped.capped), (101, true));
    let roomy = sql
        .tasks(&TaskFilter {
            count_cap: Some(exact.total),
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("roomy");
    assert_eq!((roomy.total, roomy.capped), (exact.total, false));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behaviour_on_sqlite() {
    let db = Db::sqlite("suite").await;
    suite(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behaviour_on_postgres() {
    if let Some(db) = on_postgres("suite").await {
        suite(&db).await;
        db.drop().await;
    }
}

#[test]
fn cli_definition_is_consistent() {
    use clap::CommandFactory;
    theodoi::cli::Cli::command().debug_assert();
}
