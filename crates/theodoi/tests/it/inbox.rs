//! The inbox (việc cần xử lý) when there is more than a page of work: each section says how
//! many there are in all, and the leader can page through every pending extension request
//! (it used to show the 50 oldest and call them all).

use axum::http::StatusCode;
use theodoi::service::{AssignInput, DeadlineInput, Services};
use theodoi_core::model::Role;

use crate::common::{Db, demo, on_postgres};
use crate::web::Client;

async fn inbox_suite(db: &Db) {
    let s = demo(&db.url).await;
    let office = Services::system_actor(Role::Office);
    let sokhdt = s.actor_by_username("sokhdt").await.expect("sokhdt");
    let khdt = sokhdt.user.unit_id.expect("unit of sokhdt");
    let today = s.today().await.expect("today");
    let leader = Client::sign_in(&s, "lanhdao", "demo").await;
    let pending_before = s
        .store
        .pending_extension_count(None)
        .await
        .expect("pending");

    // 55 new requests: more than one page of the inbox.
    for i in 1..=55 {
        let task = s
            .assign(
                &office,
                AssignInput {
                    document_id: None,
                    clause: String::new(),
                    content: format!("Báo cáo tiến độ dự án số {i} trên địa bàn tỉnh"),
                    lead_unit_ids: vec![khdt.0],
                    coop_unit_ids: vec![],
                    assigned_by_user_id: None,
                    assigned_by_unit_id: None,
                    assigned_on: Some(today),
                    deadline: DeadlineInput {
                        text: None,
                        date: Some(today + chrono::Duration::days(20)),
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
        s.request_extension(
            &sokhdt,
            task[0].id,
            today + chrono::Duration::days(40),
            "chờ ý kiến của bộ",
        )
        .await
        .expect("extension requested");
    }
    let pending = pending_before + 55;
    assert_eq!(
        s.store.pending_extension_count(None).await.expect("count"),
        pending
    );

    // The page says how many wait, shows the first 50 and links to the next page.
    let first = leader.get("/viec-can-xu-ly").await;
    assert_eq!(first.status, StatusCode::OK);
    let section = |body: &str| -> String {
        let at = body
            .find("id=\"inbox-extensions\"")
            .expect("extensions section");
        let end = body[at..].find("</section>").expect("end") + at;
        body[at..end].to_string()
    };
    let one = section(&first.body);
    assert!(one.contains(&format!("({pending})")), "count shown: {one}");
    assert_eq!(one.matches("<tr>").count(), 50);
    assert!(one.contains("id=\"ext-next\""), "a next page");
    // The second page lists the rest, and no further page.
    let second = leader.get("/viec-can-xu-ly?gia_han=2").await;
    let two = section(&second.body);
    assert_eq!(
        one.matches("<tr>").count() + two.matches("<tr>").count(),
        pending as usize
    );
    assert!(!two.contains("id=\"ext-next\""));
    // A page number that is not one shows the first page rather than failing.
    let odd = leader.get("/viec-can-xu-ly?gia_han=abc").await;
    assert_eq!(odd.status, StatusCode::OK);
    assert_eq!(section(&odd.body), one);

    // The API gives the same counts and pages with an offset.
    let api = leader.get("/api/v1/inbox?extensions_offset=50").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let v: serde_json::Value = serde_json::from_str(&api.body).expect("json");
    assert_eq!(v["counts"]["extensions"], pending);
    assert_eq!(
        v["extensions"].as_array().expect("list").len(),
        (pending - 50) as usize
    );

    // The unit's manager sees the same requests (their own unit's) with the count.
    let unit = Client::sign_in(&s, "sokhdt", "demo").await;
    let mine = unit.get("/viec-can-xu-ly").await;
    let own = s
        .store
        .pending_extension_count(Some(&[khdt]))
        .await
        .expect("own count");
    assert!(own >= 55);
    assert!(section(&mine.body).contains(&format!("({own})")));
    s.store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbox_on_sqlite() {
    let db = Db::sqlite("inbox").await;
    inbox_suite(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbox_on_postgres() {
    if let Some(db) = on_postgres("inbox").await {
        inbox_suite(&db).await;
        db.drop().await;
    }
}
