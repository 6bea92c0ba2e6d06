//! The search page over HTTP, on both backends: results grouped by kind with counts and the
//! matched words marked, task content escaped, a unit's search never showing another unit's
//! task or a secret it may not read, friendly messages for empty and too-short queries.

use axum::http::StatusCode;
use theodoi::service::{AssignInput, DeadlineInput, Services};
use theodoi_core::ids::TaskId;

use crate::common::{Db, d, demo, on_postgres};
use crate::web::Client;

/// The ids of the tasks a search page links to, in page order.
fn task_links(html: &str) -> Vec<i64> {
    html.split("href=\"/nhiem-vu/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

/// The text of the `<section id="group-KIND">` of a search page.
fn group<'a>(html: &'a str, kind: &str) -> Option<&'a str> {
    let start = html.find(&format!("id=\"group-{kind}\""))?;
    let rest = &html[start..];
    Some(&rest[..rest.find("</section>").unwrap_or(rest.len())])
}

async fn give(s: &Services, content: &str, lead: &str, coop: &[&str], secret: bool) -> TaskId {
    let office = s.actor_by_username("vanphong").await.expect("office");
    let lead = s.find_unit(lead).await.expect("lead").id.0;
    let mut coop_ids = Vec::new();
    for c in coop {
        coop_ids.push(s.find_unit(c).await.expect("coop").id.0);
    }
    s.assign(
        &office,
        AssignInput {
            document_id: None,
            clause: String::new(),
            content: content.into(),
            lead_unit_ids: vec![lead],
            coop_unit_ids: coop_ids,
            assigned_by_user_id: None,
            assigned_by_unit_id: None,
            assigned_on: Some(d("2023-02-01")),
            deadline: DeadlineInput {
                text: Some("trước ngày 28/02/2023".into()),
                date: None,
            },
            is_key: false,
            field: String::new(),
            secret,
            parent_task_id: None,
            recurring_until: None,
        },
    )
    .await
    .expect("assign")[0]
        .id
}

async fn suite(db: &Db) {
    let s = demo(&db.url).await;
    s.clock.set_date(d("2023-02-01"));
    let office = Client::sign_in(&s, "vanphong", "demo").await;

    // Grouped, counted, highlighted; the unit found first.
    let r = office.get("/tim-kiem?q=ke+hoach+dau+tu").await;
    assert_eq!(r.status, StatusCode::OK);
    let units = group(&r.body, "unit").expect("units group");
    assert!(
        units.contains("Sở <mark>Kế</mark> <mark>hoạch</mark> và <mark>Đầu</mark> <mark>tư</mark>"),
        "{units}"
    );
    let tasks = group(&r.body, "task").expect("tasks group");
    assert!(tasks.contains("<mark>"), "{tasks}");
    assert_eq!(task_links(tasks).len(), 5, "five tasks on the overview");
    assert!(tasks.contains("kind=task"), "a link to every task hit");
    assert!(group(&r.body, "document").is_some());
    // One kind, paged by 20: page 2 starts at 21 and shows other tasks than page 1.
    let p1 = office.get("/tim-kiem?q=ke+hoach&kind=task").await;
    let p2 = office.get("/tim-kiem?q=ke+hoach&kind=task&page=2").await;
    assert!(group(&p1.body, "unit").is_none(), "only the chosen kind");
    let (l1, l2) = (task_links(&p1.body), task_links(&p2.body));
    assert_eq!(l1.len(), 20);
    assert!(!l2.is_empty() && l2.iter().all(|id| !l1.contains(id)));
    assert!(p2.body.contains("21–"), "the range of page 2");

    // Content is escaped; only the page's own <mark> is markup.
    let evil = give(
        &s,
        "Kiểm tra <script>alert('xss')</script> & <b>cống</b> Zyxwvu",
        "Sở Tài chính",
        &[],
        false,
    )
    .await;
    let r = office.get("/tim-kiem?q=zyxwvu").await;
    assert!(task_links(&r.body).contains(&evil.0), "{}", r.body);
    assert!(!r.body.contains("<script>alert"), "{}", r.body);
    assert!(!r.body.contains("<b>cống"));
    assert!(
        r.body.contains("&lt;script&gt;") || r.body.contains("&#60;script&#62;"),
        "the content is shown as text"
    );
    assert!(r.body.contains("<mark>Zyxwvu</mark>"));

    // A unit sees only what it may open: another unit's task never, a co-operated task yes,
    // a secret task only when it leads it.
    let foreign = give(&s, "Khảo sát Qwertzu bến cảng", "Sở Tài chính", &[], false).await;
    let coop = give(
        &s,
        "Lập đề án Qwertzu",
        "Sở Tài chính",
        &["Sở KH&ĐT"],
        false,
    )
    .await;
    let secret = give(
        &s,
        "Phương án mật Qwertzu",
        "Sở Tài chính",
        &["Sở KH&ĐT"],
        true,
    )
    .await;
    let khdt = Client::sign_in(&s, "sokhdt", "demo").await;
    let seen = task_links(&khdt.get("/tim-kiem?q=qwertzu").await.body);
    assert_eq!(seen, vec![coop.0], "only the co-operated, non-secret task");
    let stc = Client::sign_in(&s, "ld_stc", "demo").await;
    let mut seen = task_links(&stc.get("/tim-kiem?q=qwertzu&kind=task").await.body);
    seen.sort();
    assert_eq!(
        seen,
        vec![foreign.0, coop.0, secret.0],
        "the lead unit sees all"
    );
    let inspector = Client::sign_in(&s, "to770", "demo").await;
    let body = inspector.get("/tim-kiem?q=qwertzu").await.body;
    assert!(
        !task_links(&body).contains(&secret.0),
        "no secret for the inspector"
    );
    assert!(!body.contains("Phương án mật"));
    // Broad words: every task a department finds is one it may open.
    let sokhdt = s.actor_by_username("sokhdt").await.expect("sokhdt");
    let body = khdt.get("/tim-kiem?q=ke+hoach&kind=task").await.body;
    let ids = task_links(&body);
    assert!(!ids.is_empty());
    for id in ids {
        let t = s.store.task(TaskId(id)).await.expect("t").expect("t");
        assert!(sokhdt.can_view(&t), "task #{id} is not the department's");
    }

    // Nothing typed, or too little: a friendly message, no results.
    let r = office.get("/tim-kiem").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Hãy nhập từ cần tìm"), "{}", r.body);
    let r = office.get("/tim-kiem?q=%C4%91").await; // "đ"
    assert!(r.body.contains("quá ngắn"), "{}", r.body);
    assert!(group(&r.body, "task").is_none());
    let r = office.get("/tim-kiem?q=zzzzqqqq").await;
    assert!(r.body.contains("Không tìm thấy"), "{}", r.body);
    // The header box is on every page and sends its words here.
    let r = office.get("/viec-can-xu-ly").await;
    assert!(r.body.contains("action=\"/tim-kiem\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_page_on_sqlite() {
    suite(&Db::sqlite("search_page").await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_page_on_postgres() {
    if let Some(db) = on_postgres("search_page").await {
        suite(&db).await;
        db.drop().await;
    }
}
