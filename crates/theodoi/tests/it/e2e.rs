//! End-to-end in real headless Chromium (Debian's chromium + chromedriver): the first
//! scenario. vanphong registers a document with three tasks (one deadline as a phrase, one
//! to a group of units), sokhdt reports progress and claims completion, vanphong confirms,
//! and the dashboard's figures change accordingly. Screenshots go to target/e2e/.

use theodoi::web::{WebConfig, app_with};
use theodoi_core::model::{TaskState, UnitKind};
use theodoi_store::TaskFilter;

use crate::common::{Db, demo};
use crate::webdriver::{Driver, available};

/// Signs in and waits until the browser has left the sign-in page, so a later navigation
/// does not race the sign-in's own.
pub async fn sign_in(b: &Driver, base: &str, user: &str) {
    b.goto(&format!("{base}/dang-nhap")).await;
    b.type_in("input[name=username]", user).await;
    b.type_in("input[name=password]", "demo").await;
    b.click("button[type=submit]").await;
    for _ in 0..50 {
        if !b.url().await.contains("/dang-nhap") {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{user} could not sign in");
}

pub async fn sign_out(b: &Driver) {
    b.click("form[action='/dang-xuat'] button").await;
    wait_url(b, "/dang-nhap").await;
}

/// Waits (up to five seconds) until the browser's address contains `part`.
pub async fn wait_url(b: &Driver, part: &str) {
    for _ in 0..50 {
        if b.url().await.contains(part) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the browser never reached '{part}': {}", b.url().await);
}

pub async fn figure(b: &Driver, id: &str) -> String {
    b.text(&format!("#{id} .n")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn e2e_register_report_claim_confirm() {
    if !available() {
        eprintln!(
            "SKIPPED: chromium/chromedriver not installed (apt-get install -y chromium chromium-driver)"
        );
        return;
    }
    let db = Db::sqlite("e2e").await;
    let s = demo(&db.url).await;
    let units = s.store.units().await.expect("units");
    let khdt = s
        .actor_by_username("sokhdt")
        .await
        .expect("sokhdt")
        .user
        .unit_id
        .expect("unit");
    let localities: Vec<i64> = units
        .iter()
        .filter(|u| u.kind == UnitKind::Locality && u.valid_to.is_none())
        .take(2)
        .map(|u| u.id.0)
        .collect();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = app_with(s.clone(), WebConfig::default());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let base = format!("http://{addr}");
    let b = Driver::start(9515 + (std::process::id() % 1000) as u16).await;

    // The dashboard before.
    sign_in(&b, &base, "vanphong").await;
    b.goto(&format!("{base}/tong-quan")).await;
    b.screenshot("01-dashboard-before").await;
    assert_eq!(figure(&b, "fig-tasks").await, "411");
    assert_eq!(figure(&b, "fig-completed").await, "138");
    assert_eq!(figure(&b, "fig-in-progress").await, "273");

    // vanphong registers a document with three tasks.
    b.goto(&format!("{base}/van-ban/dang-ky")).await;
    b.type_in("input[name=number]", "15/TB-VP").await;
    b.type_in("input[name=doc_date]", "30/01/2023").await;
    b.click("select[name=kind] option[value=thong_bao_ket_luan]")
        .await;
    b.type_in(
        "textarea[name=summary]",
        "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban tháng 01/2023",
    )
    .await;
    b.type_in(
        "textarea[name=t1_content]",
        "Tham mưu kế hoạch đầu tư công năm 2023",
    )
    .await;
    b.click(&format!("select[name=t1_lead] option[value='{khdt}']"))
        .await;
    b.type_in("input[name=t1_deadline]", "trong tháng 3/2023")
        .await;
    b.type_in(
        "textarea[name=t2_content]",
        "Rà soát quy hoạch sử dụng đất cấp huyện",
    )
    .await;
    for l in &localities {
        b.click(&format!("select[name=t2_lead] option[value='{l}']"))
            .await;
    }
    b.type_in("input[name=t2_deadline]", "28/02/2023").await;
    b.type_in(
        "textarea[name=t3_content]",
        "Báo cáo giải ngân vốn đầu tư công tháng 01/2023",
    )
    .await;
    b.click(&format!("select[name=t3_lead] option[value='{khdt}']"))
        .await;
    b.type_in("input[name=t3_deadline]", "15/02/2023").await;
    b.click("#preview-button").await;
    // The phrase is shown back as a date before anything is saved.
    b.wait_source("→ 31/03/2023").await;
    b.screenshot("02-register-checked").await;
    b.click("#save-button").await;
    b.wait_source("id=\"doc-title\"").await;
    b.screenshot("03-document").await;
    let doc_tasks = s
        .store
        .tasks(&TaskFilter {
            text: Some("giải ngân vốn đầu tư công tháng 01/2023".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("tasks");
    let task = doc_tasks
        .tasks
        .first()
        .expect("task 3 registered")
        .task
        .clone();
    let group = s
        .store
        .tasks(&TaskFilter {
            text: Some("Rà soát quy hoạch sử dụng đất cấp huyện".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("tasks");
    assert_eq!(group.total, 2, "one clause to two units makes two tasks");
    b.goto(&format!("{base}/tong-quan")).await;
    assert_eq!(
        figure(&b, "fig-tasks").await,
        "415",
        "four new January tasks"
    );
    assert_eq!(figure(&b, "fig-in-progress").await, "277");
    sign_out(&b).await;

    // sokhdt reports progress and claims completion.
    sign_in(&b, &base, "sokhdt").await;
    b.goto(&format!("{base}/nhiem-vu/{}", task.id)).await;
    b.type_in(
        "#form-progress textarea[name=text]",
        "Đã tổng hợp số liệu giải ngân của các chủ đầu tư",
    )
    .await;
    b.type_in("#form-progress input[name=percent]", "80").await;
    b.click("#form-progress button").await;
    b.wait_source("Đã tổng hợp số liệu giải ngân").await;
    b.type_in("#form-claim input[name=result_number]", "125/BC-SKHĐT")
        .await;
    b.type_in(
        "#form-claim textarea[name=result_text]",
        "Đã có báo cáo số 125/BC-SKHĐT gửi UBND tỉnh",
    )
    .await;
    b.click("#form-claim button").await;
    b.wait_text("#task-state", TaskState::AwaitingConfirmation.label())
        .await;
    b.screenshot("04-task-claimed").await;
    sign_out(&b).await;

    // vanphong confirms; the dashboard counts one more completed task.
    sign_in(&b, &base, "vanphong").await;
    b.goto(&format!("{base}/viec-can-xu-ly")).await;
    assert!(
        b.source().await.contains(&format!("/nhiem-vu/{}", task.id)),
        "the claim waits in the office's inbox"
    );
    b.screenshot("05-inbox").await;
    b.goto(&format!("{base}/nhiem-vu/{}", task.id)).await;
    b.click("#form-confirm button").await;
    b.wait_text("#task-state", TaskState::Completed.label())
        .await;
    b.screenshot("06-task-confirmed").await;
    b.goto(&format!("{base}/tong-quan")).await;
    assert_eq!(figure(&b, "fig-tasks").await, "415");
    assert_eq!(figure(&b, "fig-completed").await, "139");
    assert_eq!(figure(&b, "fig-in-progress").await, "276");
    b.screenshot("07-dashboard-after").await;
    // A phone-width view of the dashboard and of a task (leaders read on phones).
    b.resize(360, 800).await;
    b.goto(&format!("{base}/tong-quan")).await;
    assert_eq!(figure(&b, "fig-completed").await, "139");
    b.screenshot("08-dashboard-360px").await;
    b.goto(&format!("{base}/nhiem-vu/{}", task.id)).await;
    b.screenshot("09-task-360px").await;
    // English is one click away; the figures stay.
    b.resize(1280, 1000).await;
    b.goto(&format!("{base}/ngon-ngu/en")).await;
    b.goto(&format!("{base}/tong-quan")).await;
    assert!(b.source().await.contains("Overdue rate"));
    b.screenshot("10-dashboard-english").await;
    b.quit().await;
    drop(b);
    s.store.close().await;
    let _ = std::fs::remove_dir_all(
        std::env::temp_dir().join(format!("theodoi-it-{}-e2e", std::process::id())),
    );
}
