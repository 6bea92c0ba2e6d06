//! The working group (Tổ công tác, issue 7 item 4) over the web, on the demo province: to770
//! plans an inspection of the Sở KH&ĐT, records the visit and its conclusions, links a task
//! it concerns and gives a task from its conclusions (a normal task in the unit's task list);
//! bad input keeps nothing; a unit manager may not write (403) and another unit may not
//! read; backup and restore carry inspections and their links.

use axum::http::{StatusCode, header};
use theodoi::clock::Clock;
use theodoi::service::Services;
use theodoi_core::ids::TaskId;
use theodoi_store::{Store, TaskFilter};

use crate::common::{Db, d, demo, on_postgres};
use crate::web::{Client, Resp};

fn location(r: &Resp) -> String {
    r.headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

async fn counts(s: &Services) -> (i64, i64, i64) {
    let one = |q: &'static str| async move {
        sqlx::query_scalar::<_, i64>(q)
            .fetch_one(s.store.pool())
            .await
            .expect("count")
    };
    (
        one("SELECT COUNT(*) FROM inspections").await,
        one("SELECT COUNT(*) FROM inspection_tasks").await,
        one("SELECT COUNT(*) FROM tasks").await,
    )
}

async fn suite(db: &Db, copy_name: &str) {
    let s = demo(&db.url).await;
    let kh = s.actor_by_username("sokhdt").await.expect("sokhdt");
    let kh_unit = kh.user.unit_id.expect("unit");
    let kh_unit_s = kh_unit.0.to_string();
    let other = s
        .store
        .users()
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.username.starts_with("ld_") && u.unit_id.is_some_and(|x| !kh.in_scope(x)))
        .expect("a manager of another unit");
    let c = Client::sign_in(&s, "to770", "demo").await;
    let audit0 = s.store.audit_count().await.expect("audit");
    let list = c.get("/kiem-tra").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("id=\"insp-create\""), "to770 may plan");

    // Bad input: an empty title and a wrongly typed date; what was typed stays, nothing kept.
    let bad = c
        .post(
            "/kiem-tra",
            &[
                ("title", "  "),
                ("unit_id", &kh_unit_s),
                ("planned_on", "15/01/2023"),
                ("members", "Đ/c Tâm, đ/c Lan"),
            ],
            true,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("tên đợt kiểm tra không được để trống"));
    assert!(bad.body.contains("value=\"Đ/c Tâm, đ/c Lan\""));
    let bad_date = c
        .post(
            "/kiem-tra",
            &[
                ("title", " "),
                ("unit_id", &kh_unit_s),
                ("planned_on", "32/01/2023"),
            ],
            true,
        )
        .await;
    assert_eq!(bad_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_date.body.contains("value=\"32/01/2023\""));
    // Both mistakes at once: the title's and the date's (not "missing date").
    assert!(
        bad_date
            .body
            .contains("tên đợt kiểm tra không được để trống")
    );
    assert!(!bad_date.body.contains("nhập ngày kiểm tra dự kiến"));
    assert_eq!(counts(&s).await.0, 0);
    assert_eq!(s.store.audit_count().await.expect("audit"), audit0);

    // A unit manager is refused, and nothing changes.
    let m = Client::sign_in(&s, "sokhdt", "demo").await;
    let refused = m
        .post(
            "/kiem-tra",
            &[
                ("title", "Tự kiểm tra"),
                ("unit_id", &kh_unit_s),
                ("planned_on", "15/01/2023"),
            ],
            true,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(counts(&s).await.0, 0);
    assert!(!m.get("/kiem-tra").await.body.contains("id=\"insp-create\""));

    // The plan.
    let title = "Kiểm tra tiến độ giải ngân vốn đầu tư công";
    let made = c
        .post(
            "/kiem-tra",
            &[
                ("title", title),
                ("unit_id", &kh_unit_s),
                ("planned_on", "15/01/2023"),
                ("members", "Tổ 770"),
            ],
            true,
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let url = location(&made);
    let id: i64 = url.trim_start_matches("/kiem-tra/").parse().expect("id");
    let i = s.store.inspection(id).await.expect("read").expect("kept");
    assert_eq!(
        (i.unit_id, i.planned_on, i.status.as_str()),
        (kh_unit, d("2023-01-15"), "planned")
    );

    // The inspected unit reads it; another unit neither lists nor opens it.
    assert!(m.get("/kiem-tra").await.body.contains(title));
    assert_eq!(m.get(&url).await.status, StatusCode::OK);
    let o = Client::sign_in(&s, &other.username, "demo").await;
    assert!(!o.get("/kiem-tra").await.body.contains(title));
    assert_eq!(o.get(&url).await.status, StatusCode::FORBIDDEN);

    // A task cannot be given before the conclusions.
    let early = c
        .post(
            &format!("{url}/giao-viec"),
            &[("content", "Khắc phục"), ("lead_unit_id", &kh_unit_s)],
            true,
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains("chưa có kết luận"));

    // The visit before the planned date is refused; the conclusions typed stay.
    let visit = |day: &'static str| {
        [
            ("visited_on", day),
            ("nature", "Chậm giải ngân kéo dài"),
            ("severity", "Nghiêm trọng: dưới 30% kế hoạch"),
            ("causes", "Vướng giải phóng mặt bằng"),
            ("responsibility", "Giám đốc Sở KH&ĐT"),
        ]
    };
    let early_visit = c
        .post(&format!("{url}/ket-luan"), &visit("10/01/2023"), true)
        .await;
    assert_eq!(early_visit.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        early_visit
            .body
            .contains("ngày kiểm tra 10/01/2023 trước ngày dự kiến 15/01/2023")
    );
    assert!(early_visit.body.contains("Vướng giải phóng mặt bằng"));
    let unchanged = s.store.inspection(id).await.expect("read").expect("kept");
    assert_eq!(unchanged, i);
    let ok = c
        .post(&format!("{url}/ket-luan"), &visit("16/01/2023"), true)
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let page = c.get(&url).await.body;
    assert!(page.contains("16/01/2023") && page.contains("Nghiêm trọng: dưới 30% kế hoạch"));

    // Linking: an unknown task is refused; a task the unit leads is linked once.
    let unknown = c
        .post(&format!("{url}/lien-ket"), &[("task_id", "999999")], true)
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("không có nhiệm vụ #999999"));
    assert_eq!(counts(&s).await.1, 0);
    let concerned = s
        .store
        .tasks(&TaskFilter {
            lead_units: Some(vec![kh_unit]),
            limit: 1,
            ..Default::default()
        })
        .await
        .expect("tasks")
        .tasks[0]
        .task
        .id;
    let tid = concerned.0.to_string();
    for _ in 0..2 {
        let r = c
            .post(&format!("{url}/lien-ket"), &[("task_id", &tid)], true)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(counts(&s).await.1, 1);
    let task_page = m.get(&format!("/nhiem-vu/{tid}")).await.body;
    assert!(task_page.contains("Kiểm tra liên quan (1)") && task_page.contains(title));

    // A task given from the conclusions: a normal task of the unit, linked as created.
    let (_, _, tasks_before) = counts(&s).await;
    let content = "Khắc phục chậm giải ngân các dự án vướng mặt bằng";
    let given = c
        .post(
            &format!("{url}/giao-viec"),
            &[
                ("content", content),
                ("lead_unit_id", &kh_unit_s),
                ("deadline_date", "28/02/2023"),
            ],
            true,
        )
        .await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
    assert_eq!(counts(&s).await, (1, 2, tasks_before + 1));
    let links = s.store.inspection_tasks(id).await.expect("links");
    let (new_id, _) = links
        .iter()
        .find(|(_, rel)| rel == "created")
        .expect("a created link");
    let task = s.store.task(*new_id).await.expect("t").expect("task");
    assert_eq!(task.lead_unit_id, kh_unit);
    assert_eq!(task.deadline_current, Some(d("2023-02-28")));
    let mine = m
        .get("/nhiem-vu?q=kh%E1%BA%AFc+ph%E1%BB%A5c+ch%E1%BA%ADm+gi%E1%BA%A3i+ng%C3%A2n")
        .await;
    assert!(mine.body.contains(content), "in the unit's task list");
    assert!(
        c.get(&url)
            .await
            .body
            .contains(&format!("id=\"insp-task-{}\"", new_id.0))
    );
    assert!(
        s.store
            .audit_trail("inspection", id)
            .await
            .expect("a")
            .len()
            >= 4
    );

    // Backup and restore carry the inspection and both links.
    let mut file = Vec::new();
    s.store.backup(&mut file).await.expect("backup");
    let copy = Db::sqlite(copy_name).await;
    let store = Store::open(&copy.url).await.expect("open");
    store.restore(&file[..]).await.expect("restore");
    let copy_s = Services::new(store, Clock::at_date(d("2023-01-31")));
    assert_eq!(
        copy_s.store.inspection(id).await.expect("r"),
        s.store.inspection(id).await.expect("r")
    );
    assert_eq!(copy_s.store.inspection_tasks(id).await.expect("l"), links);
    assert_eq!(
        copy_s
            .store
            .task_inspections(TaskId(concerned.0))
            .await
            .expect("t")
            .len(),
        1
    );
    copy_s.store.close().await;
    copy.drop().await;
    s.store.close().await;
}

#[tokio::test]
async fn inspections_on_sqlite() {
    let db = Db::sqlite("inspections").await;
    suite(&db, "inspections-copy").await;
    db.drop().await;
}

#[tokio::test]
async fn inspections_on_postgres() {
    if let Some(db) = on_postgres("inspections").await {
        suite(&db, "inspections-copy-pg").await;
        db.drop().await;
    }
}
