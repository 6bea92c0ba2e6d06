//! Issue 4: the report's further views (leaders, fields, documents, ageing, previous period,
//! ranking, the group sentence), issued reports, .xlsx/.docx/.csv export, and import of task
//! spreadsheets (all or nothing, duplicates, round trip, the four-way split a sheet implies).

use std::collections::HashMap;

use theodoi::service::{ImportOptions, ReportRequest, Services, TaskListRequest};
use theodoi_core::model::Role;
use theodoi_core::report::Report;
use theodoi_core::status::Counts;
use theodoi_store::{NewUnit, NewUser, Store};

use crate::common::{Db, d, demo, on_postgres};

fn office() -> theodoi_core::access::Actor {
    Services::system_actor(Role::Office)
}

async fn report_with(s: &Services, req: ReportRequest) -> Report {
    let p = s.report_params(&req).await.expect("params");
    s.report(&office(), &p).await.expect("report")
}

fn req(window: &str, as_of: &str) -> ReportRequest {
    ReportRequest {
        window: window.into(),
        as_of: Some(as_of.into()),
        ..Default::default()
    }
}

fn sum(rows: impl Iterator<Item = i64>) -> i64 {
    rows.sum()
}

/// A fresh database with the demo's units (same names, aliases, tree) and leader accounts.
async fn same_units(from: &Services, url: &str) -> Services {
    let store = Store::open(url).await.expect("open");
    let s = Services::new(store, theodoi::clock::Clock::at_date(d("2023-03-31")));
    s.seed_calendar_if_empty().await.expect("calendar");
    let at = chrono::Utc::now();
    let mut tx = s.store.begin().await.expect("tx");
    let mut ids = HashMap::new();
    for u in from.store.units().await.expect("units") {
        let id = tx
            .insert_unit(
                &NewUnit {
                    code: u.code.clone(),
                    name: u.name.clone(),
                    short_name: u.short_name.clone(),
                    kind: u.kind,
                    parent_id: u.parent_id.map(|p| ids[&p]),
                    aliases: u.aliases.clone(),
                    valid_from: u.valid_from,
                },
                at,
            )
            .await
            .expect("unit");
        ids.insert(u.id, id);
    }
    for u in from.store.users().await.expect("users") {
        if u.role == Role::Leader {
            tx.insert_user(
                &NewUser {
                    username: u.username.clone(),
                    full_name: u.full_name.clone(),
                    password_hash: "x".into(),
                    role: u.role,
                    unit_id: u.unit_id.map(|p| ids[&p]),
                    title: u.title.clone(),
                },
                at,
            )
            .await
            .expect("user");
        }
    }
    tx.commit().await.expect("commit");
    s
}

async fn task_count(s: &Services) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM tasks")
        .fetch_one(s.store.pool())
        .await
        .expect("count")
}

async fn views(db: &Db) {
    let s = demo(&db.url).await;
    let jan = report_with(&s, req("month:2023-01", "2023-01-31")).await;
    let t = &jan.totals.counts;
    assert_eq!((t.tasks, t.overdue), (411, 68), "the seed figures hold");

    // The narrative names the 15-locality assignment whose deadline has passed (seeds/000).
    assert!(
        jan.narrative.contains(
            "Hiện vẫn còn 9/15 địa phương chưa trình phê duyệt Kế hoạch phát triển kinh tế"
        ),
        "{}",
        jan.narrative
    );
    let plan = jan
        .groups
        .iter()
        .find(|g| g.content.starts_with("Trình phê duyệt Kế hoạch phát triển"))
        .expect("group");
    assert_eq!(plan.unit_noun, "địa phương");
    assert!(plan.deadline.is_some_and(|x| x <= d("2023-01-31")));
    for g in &jan.groups {
        if g.deadline.is_none_or(|x| x > d("2023-01-31")) {
            assert!(
                !jan.narrative
                    .contains(&format!("{}/{} ", g.not_completed, g.units))
                    || g.content.starts_with("Trình phê duyệt"),
                "a group not yet due is not in the narrative: {}",
                g.content
            );
        }
    }

    // Every breakdown partitions the 411 tasks.
    for (name, rows) in [
        ("leaders", &jan.leaders),
        ("fields", &jan.fields),
        ("documents", &jan.documents),
    ] {
        assert!(!rows.is_empty(), "{name}");
        assert_eq!(
            sum(rows.iter().map(|r| r.figures.counts.tasks)),
            411,
            "{name} add up"
        );
        assert_eq!(
            sum(rows.iter().map(|r| r.figures.counts.overdue)),
            68,
            "{name} overdue add up"
        );
    }
    assert!(
        jan.leaders
            .iter()
            .any(|l| l.label.contains("Lâm Minh Thành")),
        "the chairman assigns tasks: {:?}",
        jan.leaders.iter().map(|l| &l.label).collect::<Vec<_>>()
    );

    // Ageing: the 68 overdue tasks, each with its days overdue counted from its deadline.
    assert_eq!(sum(jan.ageing.iter().map(|b| b.tasks)), 68);
    assert_eq!(jan.ageing.len(), 5);
    assert_eq!(jan.overdue_tasks.len(), 68);
    for o in &jan.overdue_tasks {
        assert_eq!(o.days_overdue, (d("2023-01-31") - o.deadline).num_days());
        assert!(o.days_overdue >= 1);
    }
    assert!(
        jan.overdue_tasks
            .windows(2)
            .all(|w| w[0].days_overdue >= w[1].days_overdue),
        "longest overdue first"
    );

    // The previous period is December 2022, as of its last day.
    let prev = jan.previous.as_ref().expect("previous period");
    assert_eq!(
        (prev.window.from, prev.window.to, prev.as_of),
        (d("2022-12-01"), d("2022-12-31"), d("2022-12-31"))
    );
    assert_eq!(prev.change.tasks, 411 - prev.totals.counts.tasks);
    assert!(
        prev.sentence.starts_with("So với kỳ trước"),
        "{}",
        prev.sentence
    );

    // Ranking: one row per unit, best score first, bands from the defaults, formula printed.
    assert_eq!(jan.ranking.rows.len(), jan.units.len());
    assert!(jan.ranking.formula.contains("Điểm = 100 ×"));
    assert!(
        jan.ranking
            .rows
            .windows(2)
            .all(|w| w[0].score >= w[1].score && w[0].rank <= w[1].rank)
    );
    for r in &jan.ranking.rows {
        let expected = if r.score >= 90.0 {
            "Hoàn thành xuất sắc"
        } else if r.score >= 75.0 {
            "Hoàn thành tốt"
        } else if r.score >= 50.0 {
            "Hoàn thành"
        } else {
            "Không hoàn thành"
        };
        assert_eq!(r.band, expected, "{r:?}");
    }
    // Bands are a setting.
    let mut tx = s.store.begin().await.expect("tx");
    tx.set_setting("ranking_bands", "99,98,97")
        .await
        .expect("set");
    tx.commit().await.expect("commit");
    let strict = report_with(&s, req("month:2023-01", "2023-01-31")).await;
    assert!(
        strict
            .ranking
            .rows
            .iter()
            .all(|r| r.score >= 99.0 || r.band != "Hoàn thành xuất sắc")
    );
    assert!(strict.ranking.formula.contains("từ 99 điểm"));

    // Co-operating units, when asked for.
    let coop = report_with(
        &s,
        ReportRequest {
            include_coop: true,
            ..req("month:2023-01", "2023-01-31")
        },
    )
    .await;
    let coop_links: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM task_coop_units k JOIN tasks t ON t.id = k.task_id WHERE t.report_level = 0",
    )
    .fetch_one(s.store.pool())
    .await
    .expect("count");
    if coop_links > 0 {
        assert!(!coop.coop_units.is_empty());
    }
    assert!(jan.coop_units.is_empty(), "only when asked for");

    // A unit's manager sees only their own overdue tasks and no province-wide breakdowns.
    let stc = s.actor_by_username("ld_stc").await.expect("ld_stc");
    let p = s
        .report_params(&req("month:2023-01", "2023-01-31"))
        .await
        .expect("params");
    let mine = s.report(&stc, &p).await.expect("report");
    assert!(mine.leaders.is_empty() && mine.documents.is_empty());
    assert!(mine.overdue_tasks.iter().all(|o| stc.in_scope(o.unit_id)));
    assert_eq!(
        sum(mine.ageing.iter().map(|b| b.tasks)),
        mine.totals.counts.overdue
    );
}

async fn issued(db: &Db) {
    let s = demo(&db.url).await;
    let r = s
        .issue_report(&office(), &req("month:2023-01", "2023-01-31"), "15/BC-VP")
        .await
        .expect("issue");
    assert_eq!(r.report["totals"]["tasks"], 411);
    assert_eq!(r.params["as_of"], "2023-01-31");
    // Frozen: the database refuses to change or delete it.
    assert!(
        sqlx::query("UPDATE issued_reports SET title = 'x' WHERE id = $1")
            .bind(r.id)
            .execute(s.store.pool())
            .await
            .is_err()
    );
    assert!(
        sqlx::query("DELETE FROM issued_reports WHERE id = $1")
            .bind(r.id)
            .execute(s.store.pool())
            .await
            .is_err()
    );
    let same = s.issued_report_now(&office(), r.id).await.expect("now");
    assert!(
        same.changes.is_empty(),
        "nothing changed: {:?}",
        same.changes
    );

    // A task for January registered later: the issued report stays, the recomputed one moves.
    let csv = "Nội dung nhiệm vụ,Đơn vị chủ trì,Ngày giao,Thời hạn\n\
               Báo cáo bổ sung về công tác phòng cháy rừng,Sở Tài chính,10/01/2023,20/01/2023\n";
    let out = s
        .import_tasks(
            &office(),
            csv.as_bytes(),
            "them.csv",
            &ImportOptions::default(),
            &mut |_, _| {},
        )
        .await
        .expect("import");
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let later = s.issued_report_now(&office(), r.id).await.expect("now");
    assert_eq!(
        later.issued.report["totals"]["tasks"], 411,
        "the issued copy is unchanged"
    );
    let total = later
        .changes
        .iter()
        .find(|c| c.item == "Tổng số nhiệm vụ")
        .expect("total changed");
    assert_eq!((total.issued.as_str(), total.now.as_str()), ("411", "412"));
    assert!(
        later
            .changes
            .iter()
            .any(|c| c.item.starts_with("Đơn vị Sở Tài chính: quá hạn")),
        "{:?}",
        later.changes
    );
}

async fn import_rules(db: &Db) {
    let s = demo(&db.url).await;
    let before = task_count(&s).await;
    // Every bad row is reported with its column; nothing is written.
    let bad = "Số ký hiệu văn bản;Ngày văn bản;Nội dung nhiệm vụ;Đơn vị chủ trì;Đơn vị phối hợp;Ngày giao;Thời hạn;Trạng thái;Ngày hoàn thành;Lãnh đạo giao;Loại văn bản\n\
               01/TB-VP;05/01/2023;Việc tốt;Sở Tài chính;;06/01/2023;31/01/2023;;;Chủ tịch UBND tỉnh;Thông báo kết luận\n\
               02/TB-VP;;Thiếu ngày văn bản;Sở Tài chính;;06/01/2023;31/01/2023;;;;\n\
               ;;Đơn vị lạ;Sở Không Có;;06/01/2023;31/01/2023;;;;\n\
               ;;Thời hạn sai;Sở Tài chính;;06/01/2023;khi nào xong;;;;\n\
               ;;Trạng thái sai;Sở Tài chính;;06/01/2023;31/01/2023;Xong rồi;;;\n\
               ;;Hoàn thành thiếu ngày;Sở Tài chính;;06/01/2023;31/01/2023;Đã hoàn thành;;;\n\
               ;;Phối hợp lạ;Sở Tài chính;Sở Ma;06/01/2023;31/01/2023;;;;\n\
               ;;Ngày sai;Sở Tài chính;;32/01/2023;31/01/2023;;;;\n\
               ;;Việc tốt;Sở Tài chính;;06/01/2023;31/01/2023;;;;Tờ trình\n\
               ;;Việc tốt;Sở Tài chính;;06/01/2023;31/01/2023;;;;Tờ trình\n";
    let out = s
        .import_tasks(
            &office(),
            bad.as_bytes(),
            "loi.csv",
            &ImportOptions::default(),
            &mut |_, _| {},
        )
        .await
        .expect("checked");
    let got: Vec<(usize, &str)> = out
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (3, "Ngày văn bản"),
            (4, "Đơn vị chủ trì"),
            (5, "Thời hạn"),
            (6, "Trạng thái"),
            (7, "Ngày hoàn thành"),
            (8, "Đơn vị phối hợp"),
            (9, "Ngày giao"),
            (11, ""),
        ],
        "{:#?}",
        out.errors
    );
    assert!(out.errors[1].message.contains("Sở Không Có"));
    assert!(out.errors[7].message.contains("trùng với dòng 10"));
    assert!(!out.written);
    assert_eq!(task_count(&s).await, before, "nothing written");
    assert!(
        out.warnings
            .iter()
            .any(|w| w.row == 10 && w.column == "Loại văn bản"),
        "unknown kind → khác with a warning"
    );

    // With --create-units, an unknown unit is created under the parent instead.
    let one = "Nội dung nhiệm vụ,Đơn vị chủ trì,Ngày giao,Thời hạn,Lãnh đạo giao,Nhiệm vụ trọng tâm\n\
               Rà soát quy hoạch đô thị,Ban Quản lý dự án Phú Quốc mới,06/01/2023,trong tháng 02/2023,Chủ tịch UBND tỉnh,x\n";
    let dry = s
        .import_tasks(
            &office(),
            one.as_bytes(),
            "moi.csv",
            &ImportOptions {
                dry_run: true,
                create_units_under: Some("UBND tỉnh".into()),
            },
            &mut |_, _| {},
        )
        .await
        .expect("dry run");
    assert!(dry.errors.is_empty(), "{:?}", dry.errors);
    assert_eq!((dry.created, dry.units_created, dry.written), (1, 1, false));
    assert_eq!(task_count(&s).await, before, "a dry run writes nothing");
    let opts = ImportOptions {
        dry_run: false,
        create_units_under: Some("UBND tỉnh".into()),
    };
    let done = s
        .import_tasks(&office(), one.as_bytes(), "moi.csv", &opts, &mut |_, _| {})
        .await
        .expect("import");
    assert!(done.written && done.created == 1);
    let again = s
        .import_tasks(&office(), one.as_bytes(), "moi.csv", &opts, &mut |_, _| {})
        .await
        .expect("import again");
    assert_eq!(
        (again.created, again.duplicates),
        (0, 1),
        "no duplicate on re-import"
    );
    assert_eq!(task_count(&s).await, before + 1);
    let page = s
        .store
        .tasks(&theodoi_store::TaskFilter {
            text: Some("Rà soát quy hoạch đô thị".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("tasks");
    let t = &page.tasks[0].task;
    assert_eq!(t.deadline_current, Some(d("2023-02-28")), "phrase read");
    assert!(t.is_key);
    assert!(t.assigned_by_user_id.is_some(), "leader matched by title");
}

/// A sheet whose rows imply a known split; the report must give exactly that split.
async fn sheet_split(db: &Db, other: &Db) {
    let demo_s = demo(&db.url).await;
    let s = same_units(&demo_s, &other.url).await;
    // As of 31/01/2023, window January 2023:
    //  on time: completed ≤ deadline (3); late: completed > deadline (2);
    //  within deadline: open, deadline ≥ 31/01 or none (4, one without deadline);
    //  overdue: open, deadline < 31/01 (5, one "Chờ xác nhận");
    //  left out: completed before the window (1), assigned after it (1), withdrawn (1).
    let rows = [
        ("A1", "05/01/2023", "20/01/2023", "15/01/2023", ""),
        ("A2", "05/01/2023", "20/01/2023", "20/01/2023", ""),
        ("A3", "05/01/2023", "", "25/01/2023", ""),
        ("B1", "05/01/2023", "10/01/2023", "12/01/2023", ""),
        ("B2", "05/01/2023", "10/01/2023", "31/01/2023", ""),
        ("C1", "05/01/2023", "31/01/2023", "", ""),
        ("C2", "05/01/2023", "28/02/2023", "", "Chưa thực hiện"),
        ("C3", "05/01/2023", "thường xuyên", "", ""),
        ("C4", "05/01/2023", "10/02/2023", "02/02/2023", ""),
        ("D1", "05/01/2023", "30/01/2023", "", ""),
        ("D2", "05/01/2023", "16/01/2023", "", "Đang thực hiện"),
        ("D3", "02/01/2023", "03/01/2023", "", "Chờ xác nhận"),
        ("D4", "01/12/2022", "31/12/2022", "", ""),
        ("D5", "01/12/2022", "20/12/2022", "05/02/2023", ""),
        ("X1", "01/12/2022", "20/12/2022", "28/12/2022", ""),
        ("X2", "02/02/2023", "10/02/2023", "", ""),
        ("X3", "05/01/2023", "10/01/2023", "", "Thu hồi"),
    ];
    let mut csv = String::from(
        "Nội dung nhiệm vụ,Đơn vị chủ trì,Ngày giao,Thời hạn,Ngày hoàn thành,Trạng thái\n",
    );
    for (name, assigned, deadline, done, state) in rows {
        csv.push_str(&format!(
            "Nhiệm vụ {name},Sở Tài chính,{assigned},{deadline},{done},{state}\n"
        ));
    }
    let out = s
        .import_tasks(
            &office(),
            csv.as_bytes(),
            "tach.csv",
            &ImportOptions::default(),
            &mut |_, _| {},
        )
        .await
        .expect("import");
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.created, 17);
    let expected = Counts {
        tasks: 14,
        completed: 5,
        completed_on_time: 3,
        completed_late: 2,
        in_progress: 9,
        in_progress_on_time: 4,
        overdue: 5,
        no_deadline: 2,
        suspended: 0,
    };
    for (basis, rate) in [
        ("in_progress", 5.0 / 9.0),
        ("due", 5.0 / 10.0),
        ("total", 5.0 / 14.0),
    ] {
        let r = report_with(
            &s,
            ReportRequest {
                basis: Some(basis.into()),
                ..req("month:2023-01", "2023-01-31")
            },
        )
        .await;
        assert_eq!(r.totals.counts, expected, "basis {basis}");
        assert!(
            (r.totals.overdue_rate - rate).abs() < 1e-6,
            "basis {basis}: {}",
            r.totals.overdue_rate
        );
    }
}

/// Export the demo's task list, import it into a fresh database with the same units: the same
/// tasks and the same report.
async fn round_trip(db: &Db, other: &Db, format: &str) {
    let demo_s = demo(&db.url).await;
    let file = demo_s
        .export_tasks(
            &office(),
            &TaskListRequest::default(),
            format,
            &mut |_, _| {},
        )
        .await
        .expect("export");
    let s = same_units(&demo_s, &other.url).await;
    let out = s
        .import_tasks(
            &office(),
            &file.bytes,
            &file.filename,
            &ImportOptions::default(),
            &mut |_, _| {},
        )
        .await
        .expect("import");
    assert!(
        out.errors.is_empty(),
        "{:#?}",
        &out.errors[..out.errors.len().min(10)]
    );
    let lines = |x: Vec<theodoi::export::TaskLine>| {
        let mut v: Vec<_> = x
            .into_iter()
            .map(|mut l| {
                l.id = 0;
                l.doc_kind.clear();
                format!("{l:?}")
            })
            .collect();
        v.sort();
        v
    };
    let a = lines(
        demo_s
            .task_lines(&office(), &TaskListRequest::default(), &mut |_, _| {})
            .await
            .expect("lines"),
    );
    let b = lines(
        s.task_lines(&office(), &TaskListRequest::default(), &mut |_, _| {})
            .await
            .expect("lines"),
    );
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y, "same tasks");
    }
    for (window, as_of) in [
        ("quarter:2023-Q1", "2023-03-31"),
        ("month:2023-03", "2023-03-31"),
    ] {
        let x = report_with(&demo_s, req(window, as_of)).await;
        let y = report_with(&s, req(window, as_of)).await;
        assert_eq!(x.totals.counts, y.totals.counts, "{window} totals");
        let units = |r: &Report| {
            let mut v: Vec<_> = r
                .units
                .iter()
                .map(|u| (u.unit.clone(), u.figures.counts))
                .collect();
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v
        };
        assert_eq!(units(&x), units(&y), "{window} units");
        let groups = |r: &Report| {
            let mut v: Vec<_> = r
                .groups
                .iter()
                .map(|g| (g.content.clone(), g.units, g.not_completed))
                .collect();
            v.sort();
            v
        };
        assert_eq!(groups(&x), groups(&y), "{window} groups");
    }
}

fn office_tools() -> bool {
    std::process::Command::new("libreoffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
        && std::process::Command::new("pdftotext")
            .arg("-v")
            .output()
            .is_ok()
}

/// Converts a file to PDF with LibreOffice and returns the PDF's text.
fn pdf_text(path: &std::path::Path) -> String {
    let dir = path.parent().expect("dir");
    let profile = dir.join("lo-profile");
    let st = std::process::Command::new("libreoffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(path)
        .output()
        .expect("libreoffice");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let pdf = path.with_extension("pdf");
    let txt = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&txt.stdout).to_string()
}

async fn exports(db: &Db, office_check: bool) {
    let s = demo(&db.url).await;
    let p = s
        .report_params(&req("month:2023-01", "2023-01-31"))
        .await
        .expect("params");
    let xlsx = s
        .report_file(&office(), &p, "xlsx", None)
        .await
        .expect("xlsx");
    let docx = s
        .report_file(&office(), &p, "docx", Some("15/BC-VP"))
        .await
        .expect("docx");
    assert!(xlsx.bytes.starts_with(b"PK") && docx.bytes.starts_with(b"PK"));
    assert!(s.report_file(&office(), &p, "pdf", None).await.is_err());

    // The workbook reads back: one sheet per view, the totals in place.
    use calamine::{DataType, Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx.bytes.clone())).expect("xlsx");
    let names = wb.sheet_names();
    for want in [
        "Tổng hợp",
        "Theo đơn vị",
        "Theo lãnh đạo",
        "Theo lĩnh vực",
        "Theo văn bản",
        "Giao nhiều đơn vị",
        "Quá hạn",
        "Xếp loại",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    let sheet = wb.worksheet_range("Tổng hợp").expect("sheet");
    assert_eq!(
        sheet.get_value((4, 0)).map(|v| v.to_string()),
        Some("Tổng số nhiệm vụ".into())
    );
    assert_eq!(
        sheet.get_value((4, 1)).and_then(|v| v.as_f64()),
        Some(411.0)
    );
    assert_eq!(
        sheet.get_value((10, 1)).and_then(|v| v.as_f64()),
        Some(68.0)
    );

    // The task list as CSV has the import's columns and every top-level task.
    let csv = s
        .export_tasks(
            &office(),
            &TaskListRequest::default(),
            "csv",
            &mut |_, _| {},
        )
        .await
        .expect("csv");
    let text = String::from_utf8(csv.bytes).expect("utf-8");
    assert!(text.starts_with("\u{feff}Mã nhiệm vụ,Số ký hiệu văn bản,Ngày văn bản"));
    let overdue = s
        .export_tasks(
            &office(),
            &TaskListRequest {
                timeframe: Some(theodoi_store::Timeframe::Overdue),
                unit: Some("Sở Tài chính".into()),
                ..Default::default()
            },
            "xlsx",
            &mut |_, _| {},
        )
        .await
        .expect("filtered");
    assert!(overdue.bytes.starts_with(b"PK"));

    // LibreOffice opens both files and shows the seed figures.
    if !office_check {
        return;
    }
    if !office_tools() {
        eprintln!(
            "SKIPPED: libreoffice/pdftotext not installed; the .docx/.xlsx rendering checks did not run"
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("theodoi-it-{}-office", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let dpath = dir.join("bao-cao.docx");
    std::fs::write(&dpath, &docx.bytes).expect("write");
    let text = pdf_text(&dpath);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "UBND TỈNH KIÊN GIANG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/BC-VP",
        "Kiên Giang, ngày 31 tháng 01 năm 2023",
        "BÁO CÁO",
        "trong tháng 1/2023 là 411 nhiệm vụ",
        "trong đó có 68 nhiệm vụ quá hạn, chiếm 24,9%",
        "Hiện vẫn còn 9/15 địa phương chưa trình phê duyệt",
        "Nơi nhận:",
        "Điểm = 100 ×",
    ] {
        assert!(flat.contains(want), "«{want}» not in the PDF text:\n{flat}");
    }
    let xpath = dir.join("bao-cao.xlsx");
    std::fs::write(&xpath, &xlsx.bytes).expect("write");
    let text = pdf_text(&xpath);
    assert!(
        text.contains("Tổng số nhiệm vụ") && text.contains("411"),
        "{text}"
    );
}

#[tokio::test]
async fn report_views_on_both_backends() {
    let db = Db::sqlite("views").await;
    views(&db).await;
    if let Some(pg) = on_postgres("views").await {
        views(&pg).await;
        pg.drop().await;
    }
}

#[tokio::test]
async fn issued_reports_are_frozen_and_recomputed() {
    let db = Db::sqlite("issued").await;
    issued(&db).await;
    if let Some(pg) = on_postgres("issued").await {
        issued(&pg).await;
        pg.drop().await;
    }
}

#[tokio::test]
async fn import_is_all_or_nothing_and_never_duplicates() {
    let db = Db::sqlite("import").await;
    import_rules(&db).await;
    if let Some(pg) = on_postgres("import").await {
        import_rules(&pg).await;
        pg.drop().await;
    }
}

#[tokio::test]
async fn imported_sheet_reports_the_split_its_rows_imply() {
    let (a, b) = (Db::sqlite("split_a").await, Db::sqlite("split_b").await);
    sheet_split(&a, &b).await;
    if let (Some(pa), Some(pb)) = (on_postgres("split_a").await, on_postgres("split_b").await) {
        sheet_split(&pa, &pb).await;
        pa.drop().await;
        pb.drop().await;
    }
}

#[tokio::test]
async fn task_list_round_trip_gives_the_same_tasks_and_report() {
    let (a, b, c) = (
        Db::sqlite("rt_a").await,
        Db::sqlite("rt_b").await,
        Db::sqlite("rt_c").await,
    );
    round_trip(&a, &b, "xlsx").await;
    let a2 = Db::sqlite("rt_a2").await;
    round_trip(&a2, &c, "csv").await;
    if let (Some(pa), Some(pb)) = (on_postgres("rt_a").await, on_postgres("rt_b").await) {
        round_trip(&pa, &pb, "xlsx").await;
        pa.drop().await;
        pb.drop().await;
    }
}

#[tokio::test]
async fn report_files_open_in_libreoffice_with_the_seed_figures() {
    let db = Db::sqlite("exports").await;
    exports(&db, true).await;
    if let Some(pg) = on_postgres("exports").await {
        exports(&pg, false).await;
        pg.drop().await;
    }
}
