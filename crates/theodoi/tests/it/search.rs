//! Search typed as a new user would, on both backends: without diacritics, "đ" as "d", either
//! tone placement, part of a document number, abbreviations; filtered by permissions; kept
//! current in the same transaction as each write.

use theodoi::service::{AssignInput, Correction, DeadlineInput, SearchResult, Services};
use theodoi_core::model::Role;
use theodoi_store::TaskFilter;

use crate::common::{Db, d, demo, on_postgres};

fn titles(r: &SearchResult, kind: &str) -> Vec<String> {
    r.groups
        .iter()
        .filter(|g| g.kind == kind)
        .flat_map(|g| g.hits.iter().map(|h| h.title.clone()))
        .collect()
}

async fn suite(db: &Db) {
    let s = demo(&db.url).await;
    let office = Services::system_actor(Role::Office);
    let find = |q: &'static str, kind: &'static str| {
        let s = s.clone();
        let office = office.clone();
        async move {
            s.search(&office, q, Some(kind), 20, 0)
                .await
                .expect("search")
        }
    };

    let r = find("ke hoach dau tu", "unit").await;
    assert_eq!(
        titles(&r, "unit").first().map(String::as_str),
        Some("Sở Kế hoạch và Đầu tư")
    );
    let r = find("ke hoach dau tu", "task").await;
    assert!(
        r.groups[0].total > 5,
        "tasks of Sở Kế hoạch và Đầu tư are found"
    );
    let r = find("dong thap", "unit").await;
    assert!(
        titles(&r, "unit")
            .iter()
            .any(|t| t == "Ủy ban nhân dân tỉnh Đồng Tháp")
    );
    let r = find("271/UBND", "document").await;
    assert!(
        titles(&r, "document")
            .first()
            .is_some_and(|t| t.starts_with("271/UBND-TH")),
        "{r:?}"
    );
    assert_eq!(r.groups[0].hits[0].match_class, 0, "exact number first");
    let r = find("thuy loi", "task").await;
    let t = titles(&r, "task");
    assert!(t.iter().any(|x| x.contains("thủy lợi")), "{t:?}");
    let r = find("Chi cục Thuỷ lợi", "unit").await;
    assert!(
        titles(&r, "unit").iter().any(|x| x == "Chi cục Thủy lợi"),
        "the other tone placement"
    );
    let r = find("UBND Rach Gia", "unit").await;
    assert_eq!(
        titles(&r, "unit").first().map(String::as_str),
        Some("Ủy ban nhân dân thành phố Rạch Giá"),
        "UBND = Ủy ban nhân dân"
    );
    let r = find("\"von dau tu cong\"", "task").await;
    assert!(
        r.groups[0]
            .hits
            .iter()
            .all(|h| h.title.to_lowercase().contains("vốn đầu tư công")),
        "a phrase keeps its order"
    );
    let hit = &r.groups[0].hits[0];
    assert!(
        hit.snippet.iter().any(|seg| seg.hit && seg.text == "đầu"),
        "{:?}",
        hit.snippet
    );
    let r = find("!!!", "task").await;
    assert!(r.groups.is_empty());
    assert!(s.search(&office, "x", Some("people"), 20, 0).await.is_err());

    // Permissions: a department never sees another unit's task among its hits.
    let sokhdt = s.actor_by_username("sokhdt").await.expect("sokhdt");
    let mine = s
        .search(&sokhdt, "ke hoach", Some("task"), 100, 0)
        .await
        .expect("search");
    for h in &mine.groups[0].hits {
        let t = s
            .store
            .task(theodoi_core::ids::TaskId(h.id))
            .await
            .expect("t")
            .expect("t");
        assert!(
            sokhdt.can_view(&t),
            "task #{} is not the department's",
            h.id
        );
    }
    let admin = s.actor_by_username("admin").await.expect("admin");
    let r = s
        .search(&admin, "ke hoach", None, 20, 0)
        .await
        .expect("search");
    assert!(
        r.groups.iter().all(|g| g.kind == "unit"),
        "the admin does not search task content"
    );

    // The index follows writes in the same transaction: a new task is found, a corrected one
    // is found by its new words only.
    s.clock.set_date(d("2023-02-01"));
    let vanphong = s.actor_by_username("vanphong").await.expect("office");
    let t = s
        .assign(
            &vanphong,
            AssignInput {
                document_id: None,
                clause: String::new(),
                content: "Khảo sát xoáy lở bờ kênh Rạch Sỏi".into(),
                lead_unit_ids: vec![s.find_unit("Sở NN&PTNT").await.expect("unit").id.0],
                coop_unit_ids: vec![],
                assigned_by_user_id: None,
                assigned_by_unit_id: None,
                assigned_on: Some(d("2023-02-01")),
                deadline: DeadlineInput {
                    text: Some("trước ngày 28/02/2023".into()),
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
    assert_eq!(find("xoay lo", "task").await.groups[0].total, 1);
    s.correct(
        &vanphong,
        t[0].id,
        Correction {
            content: Some("Khảo sát sạt lở bờ kênh Rạch Sỏi".into()),
            reason: "Gõ sai".into(),
            ..Default::default()
        },
    )
    .await
    .expect("correct");
    assert_eq!(find("xoay lo", "task").await.groups[0].total, 0);
    assert_eq!(find("sat lo rach soi", "task").await.groups[0].total, 1);
    // The task list's text filter is the same search.
    let page = s
        .store
        .tasks(&TaskFilter {
            text: Some("sat lo Rach Soi".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(page.total, 1);

    // Rebuilding the index gives the same answers.
    let before = find("ke hoach dau tu", "task").await.groups[0].total;
    s.store.reindex(|_| {}).await.expect("reindex");
    assert_eq!(
        find("ke hoach dau tu", "task").await.groups[0].total,
        before
    );
    // …and keeps following writes after the rebuild.
    s.correct(
        &vanphong,
        t[0].id,
        Correction {
            content: Some("Khảo sát sạt lở bờ kênh Cái Sắn".into()),
            reason: "Sửa địa danh".into(),
            ..Default::default()
        },
    )
    .await
    .expect("correct after reindex");
    assert_eq!(find("kenh cai san", "task").await.groups[0].total, 1);
    assert_eq!(find("sat lo rach soi", "task").await.groups[0].total, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_on_sqlite() {
    suite(&Db::sqlite("search").await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_on_postgres() {
    if let Some(db) = on_postgres("search").await {
        suite(&db).await;
        db.drop().await;
    }
}
