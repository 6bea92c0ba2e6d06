//! Further end-to-end scenarios in real headless Chromium, each driven through the pages:
//! (a) an extension requested by a unit and approved by lanhdao — both deadlines shown, the
//! original-deadline report still counts it late; (b) a task declined by a unit and
//! reassigned by the office; (c) a delegation to a sub-unit, refused when due after the
//! parent; (d) two units merged — open tasks move, the past report is unchanged.
//! Screenshots of every page visited go to target/e2e/ (prefixed a-, b-, c-, d-).

use theodoi::service::{AssignInput, DeadlineInput, ReportRequest, Services};
use theodoi::web::{WebConfig, app_with};
use theodoi_core::model::{Role, Task, TaskState, UnitKind};
use theodoi_core::report::Report;
use theodoi_store::TaskFilter;

use crate::common::{Db, d, demo};
use crate::e2e::{figure, sign_in, sign_out};
use crate::webdriver::{Driver, available};

/// A task given to one unit by the office, as the preconditions of a scenario.
async fn given(s: &Services, unit: i64, content: &str, deadline: &str) -> Task {
    let office = Services::system_actor(Role::Office);
    s.assign(
        &office,
        AssignInput {
            document_id: None,
            clause: String::new(),
            content: content.into(),
            lead_unit_ids: vec![unit],
            coop_unit_ids: vec![],
            assigned_by_user_id: None,
            assigned_by_unit_id: None,
            assigned_on: Some(d("2023-01-16")),
            deadline: DeadlineInput {
                text: None,
                date: Some(d(deadline)),
            },
            is_key: false,
            field: String::new(),
            secret: false,
            parent_task_id: None,
            recurring_until: None,
        },
    )
    .await
    .expect("task given")
    .remove(0)
}

async fn report(s: &Services, window: &str, as_of: &str) -> Report {
    let params = s
        .report_params(&ReportRequest {
            window: window.into(),
            as_of: Some(as_of.into()),
            ..Default::default()
        })
        .await
        .expect("params");
    s.report(&Services::system_actor(Role::Leader), &params)
        .await
        .expect("report")
}

/// Whether the task list at `query` (a drill-down) lists task `id`.
async fn listed(b: &Driver, base: &str, query: &str, id: i64) -> bool {
    b.goto(&format!("{base}/nhiem-vu?{query}")).await;
    b.source()
        .await
        .contains(&format!("href=\"/nhiem-vu/{id}\""))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn e2e_extension_decline_delegation_merger() {
    if !available() {
        eprintln!(
            "SKIPPED: chromium/chromedriver not installed (apt-get install -y chromium chromium-driver)"
        );
        return;
    }
    let db = Db::sqlite("e2e-more").await;
    let s = demo(&db.url).await;
    let khdt = s
        .actor_by_username("sokhdt")
        .await
        .expect("sokhdt")
        .user
        .unit_id
        .expect("unit");
    let stc = s.find_unit("Sở Tài chính").await.expect("STC");
    let sub = s
        .find_unit("Phòng Đăng ký kinh doanh")
        .await
        .expect("sub-unit");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = app_with(s.clone(), WebConfig::default());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let base = format!("http://{addr}");
    let b = Driver::start(9515 + ((std::process::id() + 500) % 1000) as u16).await;

    // (a) Extension: requested by Sở KH&ĐT on its last day, approved by lanhdao.
    let ext = given(
        &s,
        khdt.0,
        "Báo cáo sơ kết đầu tư công quý IV/2022",
        "2023-01-31",
    )
    .await;
    let words = "q=s%C6%A1+k%E1%BA%BFt+%C4%91%E1%BA%A7u+t%C6%B0+c%C3%B4ng+qu%C3%BD+IV";
    sign_in(&b, &base, "sokhdt").await;
    b.goto(&format!("{base}/nhiem-vu/{}", ext.id)).await;
    b.screenshot("a-01-task-before").await;
    b.click("#form-accept button").await;
    b.wait_text("#task-state", TaskState::InProgress.label())
        .await;
    b.type_in(
        "#form-request-extension input[name=proposed_deadline]",
        "28/02/2023",
    )
    .await;
    b.type_in(
        "#form-request-extension textarea[name=reason]",
        "Chờ số liệu giải ngân chính thức của Kho bạc",
    )
    .await;
    b.click("#form-request-extension button").await;
    b.wait_source("Chờ số liệu giải ngân chính thức của Kho bạc")
        .await;
    b.screenshot("a-02-extension-requested").await;
    let h = s.store.task_history(ext.id).await.expect("history");
    assert_eq!(h.extensions.len(), 1, "{}", b.source().await);
    sign_out(&b).await;
    sign_in(&b, &base, "lanhdao").await;
    b.goto(&format!("{base}/viec-can-xu-ly")).await;
    // The demo has many older requests; the inbox lists the oldest first.
    assert!(
        b.source().await.contains("id=\"inbox-extensions\""),
        "requests wait in the leader's inbox"
    );
    b.screenshot("a-03-leader-inbox").await;
    b.goto(&format!("{base}/nhiem-vu/{}", ext.id)).await;
    b.type_in("#form-decide-extension input[name=note]", "Đồng ý gia hạn")
        .await;
    b.click("#form-decide-extension button[value=approve]")
        .await;
    b.wait_text("#deadline-current", "28/02/2023").await;
    assert!(b.text("#deadline-original").await.starts_with("31/01/2023"));
    b.screenshot("a-04-extension-approved").await;
    // February as of 10/02: within the new deadline, late against the original one.
    let feb = "window=month%3A2023-02&as_of=2023-02-10&figure=overdue";
    assert!(!listed(&b, &base, &format!("{feb}&{words}"), ext.id.0).await);
    b.screenshot("a-05-overdue-current").await;
    assert!(
        listed(
            &b,
            &base,
            &format!("{feb}&deadline_basis=original&{words}"),
            ext.id.0
        )
        .await,
        "counted late under the original deadline"
    );
    b.screenshot("a-06-overdue-original").await;
    b.goto(&format!(
        "{base}/tong-quan?window=month:2023-02&as_of=10/02/2023&deadline_basis=original"
    ))
    .await;
    let late_original: i64 = figure(&b, "fig-overdue").await.parse().expect("number");
    b.screenshot("a-07-dashboard-original").await;
    b.goto(&format!(
        "{base}/tong-quan?window=month:2023-02&as_of=10/02/2023"
    ))
    .await;
    let late_current: i64 = figure(&b, "fig-overdue").await.parse().expect("number");
    assert!(
        late_original > late_current,
        "{late_original} > {late_current}"
    );
    sign_out(&b).await;

    // (b) Declined by Sở KH&ĐT, reassigned by the office to Sở Tài chính.
    let wrong = given(
        &s,
        khdt.0,
        "Quyết toán vốn dự án hoàn thành năm 2022",
        "2023-03-31",
    )
    .await;
    sign_in(&b, &base, "sokhdt").await;
    b.goto(&format!("{base}/nhiem-vu/{}", wrong.id)).await;
    b.type_in(
        "#form-decline input[name=reason]",
        "Quyết toán thuộc chức năng của Sở Tài chính",
    )
    .await;
    b.click("#form-decline button").await;
    assert!(b.accept_alert().await, "declining asks for confirmation");
    b.wait_text("#task-state", TaskState::Declined.label())
        .await;
    b.screenshot("b-01-declined").await;
    sign_out(&b).await;
    sign_in(&b, &base, "vanphong").await;
    b.goto(&format!("{base}/viec-can-xu-ly")).await;
    assert!(
        b.source()
            .await
            .contains(&format!("/nhiem-vu/{}", wrong.id))
    );
    b.screenshot("b-02-office-inbox").await;
    b.goto(&format!("{base}/nhiem-vu/{}", wrong.id)).await;
    b.click(&format!(
        "#form-reassign select[name=unit] option[value='{}']",
        stc.id
    ))
    .await;
    b.type_in(
        "#form-reassign input[name=reason]",
        "Đúng chức năng quyết toán",
    )
    .await;
    b.click("#form-reassign button").await;
    b.wait_text("#task-lead", &stc.name).await;
    b.screenshot("b-03-reassigned").await;
    let moved = s.store.task(wrong.id).await.expect("read").expect("task");
    assert_eq!(moved.lead_unit_id, stc.id);
    assert_ne!(moved.state, TaskState::Declined);
    sign_out(&b).await;

    // (c) Delegation to a sub-unit: a deadline after the parent's is refused with the
    // typed values kept; one within it makes a child task.
    let parent = given(
        &s,
        khdt.0,
        "Rà soát hồ sơ đăng ký doanh nghiệp tồn đọng",
        "2023-03-15",
    )
    .await;
    sign_in(&b, &base, "sokhdt").await;
    b.goto(&format!("{base}/nhiem-vu/{}", parent.id)).await;
    b.click(&format!(
        "#form-delegate select[name=unit] option[value='{}']",
        sub.id
    ))
    .await;
    b.type_in(
        "#form-delegate textarea[name=content]",
        "Rà soát hồ sơ quý I",
    )
    .await;
    b.type_in("#form-delegate input[name=deadline]", "31/03/2023")
        .await;
    b.click("#form-delegate button").await;
    let src = b
        .wait_source("muộn hơn thời hạn của nhiệm vụ được giao")
        .await;
    assert!(
        src.contains("Rà soát hồ sơ quý I"),
        "what was typed is kept"
    );
    b.screenshot("c-01-delegation-refused").await;
    b.type_in("#form-delegate input[name=deadline]", "10/03/2023")
        .await;
    b.click("#form-delegate button").await;
    b.wait_text("#task-lead", &sub.name).await;
    assert!(
        b.source()
            .await
            .contains(&format!("/nhiem-vu/{}", parent.id))
    );
    b.screenshot("c-02-child-task").await;
    let children = s.store.child_task_ids(parent.id).await.expect("children");
    assert_eq!(children.len(), 1);
    let child = s
        .store
        .task(children[0])
        .await
        .expect("read")
        .expect("child");
    assert_eq!(child.deadline_current, Some(d("2023-03-10")));
    b.goto(&format!("{base}/nhiem-vu/{}", parent.id)).await;
    b.screenshot("c-03-parent-with-child").await;
    sign_out(&b).await;

    // (d) Two localities merged from 01/02/2023: open tasks move, January's report stays.
    let january = report(&s, "month:2023-01", "2023-01-31").await;
    let units = s.store.units().await.expect("units");
    let mut with_tasks: Vec<_> = january
        .units
        .iter()
        .filter(|r| r.figures.counts.in_progress > 0)
        .filter(|r| {
            units
                .iter()
                .any(|u| u.id == r.unit_id && u.kind == UnitKind::Locality && u.parent_id.is_some())
        })
        .collect();
    with_tasks.sort_by_key(|r| r.unit_id.0);
    let (gone, successor) = (with_tasks[0].unit_id, with_tasks[1].unit_id);
    let open = |u| TaskFilter {
        lead_units: Some(vec![u]),
        state: Some(TaskState::InProgress),
        include_delegated: true,
        limit: 1000,
        ..Default::default()
    };
    let open_before = s.store.tasks(&open(gone)).await.expect("tasks").total;
    let successor_before = s.store.tasks(&open(successor)).await.expect("tasks").total;
    assert!(open_before > 0);
    sign_in(&b, &base, "admin").await;
    b.goto(&format!("{base}/don-vi")).await;
    b.screenshot("d-01-units-before").await;
    b.click(&format!(
        "#form-merge select[name=unit] option[value='{gone}']"
    ))
    .await;
    b.click(&format!(
        "#form-merge select[name=successor] option[value='{successor}']"
    ))
    .await;
    b.type_in("#form-merge input[name=on]", "01/02/2023").await;
    b.click("#form-merge button").await;
    for _ in 0..50 {
        if s.store.tasks(&open(gone)).await.expect("tasks").total == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(b.url().await.ends_with("/don-vi"));
    b.screenshot("d-02-units-merged").await;
    sign_out(&b).await;
    assert_eq!(s.store.tasks(&open(gone)).await.expect("tasks").total, 0);
    assert_eq!(
        s.store.tasks(&open(successor)).await.expect("tasks").total,
        successor_before + open_before,
        "the successor carries the merged unit's open tasks"
    );
    let after = report(&s, "month:2023-01", "2023-01-31").await;
    assert_eq!(
        serde_json::to_value(&after.totals).expect("json"),
        serde_json::to_value(&january.totals).expect("json")
    );
    for u in [gone, successor] {
        let row = |r: &Report| {
            r.units
                .iter()
                .find(|x| x.unit_id == u)
                .map(|x| serde_json::to_value(&x.figures).expect("json"))
        };
        assert_eq!(row(&after), row(&january), "January row of unit #{u}");
    }
    sign_in(&b, &base, "lanhdao").await;
    b.goto(&format!(
        "{base}/tong-quan?window=month:2023-01&as_of=31/01/2023"
    ))
    .await;
    let c = &january.totals.counts;
    assert_eq!(figure(&b, "fig-tasks").await, c.tasks.to_string());
    assert_eq!(figure(&b, "fig-overdue").await, c.overdue.to_string());
    b.screenshot("d-03-january-unchanged").await;
    // The trend by month and the units without a progress report, further down the page.
    b.goto(&format!(
        "{base}/tong-quan?window=month:2023-03&as_of=31/03/2023#trend"
    ))
    .await;
    assert!(b.source().await.contains("id=\"trend-03/2023\""));
    b.screenshot("d-04-trend-and-silent-units").await;
    b.quit().await;
    drop(b);
    s.store.close().await;
    let _ = std::fs::remove_dir_all(
        std::env::temp_dir().join(format!("theodoi-it-{}-e2e-more", std::process::id())),
    );
}
