//! The document registration page writes the document and all its task rows in one
//! transaction: a row the service refuses leaves no document behind.

use axum::http::StatusCode;

use crate::common::{Db, demo, on_postgres};
use crate::web::Client;

async fn count(s: &theodoi::service::Services, table: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(s.store.pool())
        .await
        .expect("count")
}

async fn register_suite(db: &Db) {
    let s = demo(&db.url).await;
    let sokhdt = s.actor_by_username("sokhdt").await.expect("sokhdt");
    let khdt = sokhdt.user.unit_id.expect("unit").0.to_string();
    let office = Client::sign_in(&s, "vanphong", "demo").await;
    let (docs, tasks) = (count(&s, "documents").await, count(&s, "tasks").await);

    // Row 2 names a unit that does not exist: the page's own checks pass, the service refuses.
    let mut fields = vec![
        ("number", "77/TB-VP"),
        ("doc_date", "15/02/2023"),
        ("kind", "thong_bao_ket_luan"),
        (
            "summary",
            "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban",
        ),
        (
            "t1_content",
            "Rà soát danh mục dự án khởi công mới năm 2023",
        ),
        ("t1_lead", khdt.as_str()),
        ("t1_deadline", "28/02/2023"),
        ("t2_content", "Báo cáo tiến độ giải ngân vốn đầu tư công"),
        ("t2_lead", "999999"),
        ("t2_deadline", "trong tháng 3/2023"),
    ];
    let r = office.post("/van-ban/dang-ky", &fields, true).await;
    assert_ne!(
        r.status,
        StatusCode::SEE_OTHER,
        "a bad row must not register"
    );
    assert!(
        r.body.contains("999999"),
        "the refused unit is named: {}",
        r.body
    );
    assert!(
        r.body.contains("Rà soát danh mục dự án"),
        "what was typed is kept"
    );
    assert_eq!(
        count(&s, "documents").await,
        docs,
        "no document left behind"
    );
    assert_eq!(count(&s, "tasks").await, tasks, "no task written");

    // With the row corrected, the document and both tasks are written together.
    fields[8] = ("t2_lead", khdt.as_str());
    let r = office.post("/van-ban/dang-ky", &fields, true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(count(&s, "documents").await, docs + 1);
    assert_eq!(count(&s, "tasks").await, tasks + 2);
    s.store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_page_is_all_or_nothing_on_sqlite() {
    let db = Db::sqlite("register_page").await;
    register_suite(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_page_is_all_or_nothing_on_postgres() {
    if let Some(db) = on_postgres("register_page").await {
        register_suite(&db).await;
        db.drop().await;
    }
}
