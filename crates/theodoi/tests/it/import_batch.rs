//! Issue 4: a large import is written many rows per statement. Every task still gets its
//! history, co-operating units, state, audit event and search entry (each matched to the
//! right task), a re-import duplicates nothing, and a failure in the last row leaves the
//! database exactly as it was — on both backends. The files are small (1 201 rows: more
//! than two statements' worth), not 100 000 rows.

use theodoi::service::{ImportOptions, Services};
use theodoi_core::access::Actor;
use theodoi_core::model::{Role, TaskState, UnitKind};
use theodoi_store::{Backend, NewUnit, Store, TaskFilter};

use crate::common::{Db, d, on_postgres};

const ROWS: usize = 1201;
/// Three rows per document.
const DOCS: usize = ROWS.div_ceil(3);
const UNITS: [&str; 4] = ["Sở Thử A", "Sở Thử B", "Sở Thử C", "UBND huyện Thử D"];

fn office() -> Actor {
    Services::system_actor(Role::Office)
}

/// A database with the four units of the sheet.
async fn fresh(url: &str) -> Services {
    let store = Store::open(url).await.expect("open");
    let s = Services::new(store, theodoi::clock::Clock::at_date(d("2023-03-31")));
    s.seed_calendar_if_empty().await.expect("calendar");
    let mut tx = s.store.begin().await.expect("tx");
    for (i, name) in UNITS.iter().enumerate() {
        tx.insert_unit(
            &NewUnit {
                code: format!("thu{i}"),
                name: name.to_string(),
                short_name: name.to_string(),
                kind: if i == 3 {
                    UnitKind::Locality
                } else {
                    UnitKind::Agency
                },
                parent_id: None,
                aliases: Vec::new(),
                valid_from: None,
            },
            chrono::Utc::now(),
        )
        .await
        .expect("unit");
    }
    tx.commit().await.expect("commit");
    s
}

/// Row `i` (1-based): one of the four units, every fifth with co-operating units, deadlines
/// over four weeks, some completed, suspended or withdrawn; three rows per document, and
/// rows 1–3 are one assignment to three units. The content of row i carries the word `nvk{i:04}` to search it by.
fn sheet(last_row_content: Option<&str>) -> String {
    let mut csv = String::from(
        "Số ký hiệu văn bản,Ngày văn bản,Nội dung nhiệm vụ,Đơn vị chủ trì,Đơn vị phối hợp,Ngày giao,Thời hạn,Ngày hoàn thành,Trạng thái\n",
    );
    for i in 1..=ROWS {
        let content = match (i, last_row_content) {
            (1..=3, _) => "Rà soát chung nvchung".to_string(),
            (ROWS, Some(c)) => c.to_string(),
            _ => format!("Kiểm tra việc số {i} nvk{i:04}"),
        };
        let lead = UNITS[i % 4];
        let coop = if i % 5 == 0 {
            format!("{}; {}", UNITS[(i + 1) % 4], UNITS[(i + 2) % 4])
        } else {
            String::new()
        };
        let deadline = format!("{:02}/02/2023", 1 + i % 28);
        let (done, state) = match i {
            _ if i % 7 == 0 => ("20/02/2023".to_string(), "Đã hoàn thành"),
            _ if i % 11 == 0 => (String::new(), "Tạm hoãn"),
            _ if i % 13 == 0 => (String::new(), "Thu hồi"),
            _ => (String::new(), ""),
        };
        csv.push_str(&format!(
            "{}/TB-THU,05/01/2023,{content},{lead},\"{coop}\",06/01/2023,{deadline},{done},{state}\n",
            i.div_ceil(3)
        ));
    }
    csv
}

async fn count(s: &Services, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(s.store.pool())
        .await
        .expect(sql)
}

async fn find(s: &Services, word: &str) -> Vec<theodoi_core::model::Task> {
    s.store
        .tasks(&TaskFilter {
            text: Some(word.into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("tasks")
        .tasks
        .into_iter()
        .map(|r| r.task)
        .collect()
}

async fn writes_every_row(db: &Db) {
    let s = fresh(&db.url).await;
    let csv = sheet(None);
    let mut seen = Vec::new();
    let out = s
        .import_tasks(
            &office(),
            csv.as_bytes(),
            "lon.csv",
            &ImportOptions::default(),
            &mut |done, total| seen.push((done, total)),
        )
        .await
        .expect("import");
    assert!(
        out.errors.is_empty(),
        "{:?}",
        &out.errors[..out.errors.len().min(5)]
    );
    assert!(out.written);
    assert_eq!(
        (out.created, out.documents_created, out.groups_created),
        (ROWS, DOCS, 1)
    );
    // The writing phase counts the tasks written up to all of them.
    assert_eq!(seen.last(), Some(&(ROWS as u64, ROWS as u64)));
    assert!(seen.contains(&(500, ROWS as u64)), "progress per batch");

    let all = ROWS as i64;
    assert_eq!(count(&s, "SELECT COUNT(*) FROM tasks").await, all);
    // Each task's own history, audit event and search entry, matched to it.
    let matched = [
        "SELECT COUNT(*) FROM tasks t JOIN task_leads l ON l.task_id = t.id \
         AND l.unit_id = t.lead_unit_id AND l.from_date = t.assigned_on",
        "SELECT COUNT(*) FROM tasks t JOIN task_deadlines x ON x.task_id = t.id \
         AND x.deadline = t.deadline_current AND x.effective_on = t.assigned_on",
        "SELECT COUNT(*) FROM tasks t JOIN audit_events a ON a.entity = 'task' \
         AND a.entity_id = t.id AND a.action = 'import' AND a.after_json LIKE '%' || t.content || '%'",
        "SELECT COUNT(*) FROM tasks t JOIN search_docs x ON x.kind = 'task' AND x.ref_id = t.id \
         AND x.title = t.content",
    ];
    for q in matched {
        assert_eq!(count(&s, q).await, all, "{q}");
    }
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM audit_events WHERE entity = 'document' AND action = 'import'"
        )
        .await,
        DOCS as i64
    );
    assert_eq!(
        count(
            &s,
            "SELECT COUNT(*) FROM search_docs WHERE kind = 'document'"
        )
        .await,
        DOCS as i64
    );

    // A row found by a word of its content is that row, with its units and state.
    let units = s.store.units().await.expect("units");
    let id_of = |name: &str| units.iter().find(|u| u.name == name).expect(name).id;
    for i in [26usize, 35, 77, 143, 1187, ROWS - 1] {
        let found = find(&s, &format!("nvk{i:04}")).await;
        let [t] = found.as_slice() else {
            panic!("row {i}: {found:?}")
        };
        assert_eq!(t.content, format!("Kiểm tra việc số {i} nvk{i:04}"));
        assert_eq!(t.lead_unit_id, id_of(UNITS[i % 4]), "row {i}");
        let mut coop = t.coop_unit_ids.clone();
        coop.sort();
        let mut want = if i % 5 == 0 {
            vec![id_of(UNITS[(i + 1) % 4]), id_of(UNITS[(i + 2) % 4])]
        } else {
            Vec::new()
        };
        want.sort();
        assert_eq!(coop, want, "row {i}");
        assert_eq!(
            t.deadline_current,
            Some(d(&format!("2023-02-{:02}", 1 + i % 28)))
        );
        let state = match i {
            _ if i % 7 == 0 => TaskState::Completed,
            _ if i % 11 == 0 => TaskState::Suspended,
            _ if i % 13 == 0 => TaskState::Withdrawn,
            _ => TaskState::InProgress,
        };
        assert_eq!(t.state, state, "row {i}");
        if state == TaskState::Completed {
            assert_eq!(t.completed_on, Some(d("2023-02-20")));
        }
        if state == TaskState::Withdrawn {
            assert_eq!(t.withdrawn_on, Some(d("2023-01-06")));
        }
    }
    assert_eq!(
        count(&s, "SELECT COUNT(*) FROM task_suspensions").await,
        (1..=ROWS).filter(|i| i % 7 != 0 && i % 11 == 0).count() as i64
    );
    let group = find(&s, "nvchung").await;
    assert_eq!(group.len(), 3);
    assert!(
        group
            .iter()
            .all(|t| t.group_id.is_some() && t.group_id == group[0].group_id)
    );

    // The same file again: every row already stored, nothing written.
    let again = s
        .import_tasks(
            &office(),
            csv.as_bytes(),
            "lon.csv",
            &ImportOptions::default(),
            &mut |_, _| {},
        )
        .await
        .expect("again");
    assert_eq!((again.created, again.duplicates), (0, ROWS));
    assert_eq!(count(&s, "SELECT COUNT(*) FROM tasks").await, all);
}

const TABLES: [&str; 9] = [
    "tasks",
    "documents",
    "units",
    "assignment_groups",
    "task_leads",
    "task_deadlines",
    "task_coop_units",
    "audit_events",
    "search_docs",
];

async fn counts(s: &Services) -> Vec<i64> {
    let mut v = Vec::new();
    for t in TABLES {
        v.push(count(s, &format!("SELECT COUNT(*) FROM {t}")).await);
    }
    v
}

/// The database refuses the last row (a trigger standing for any failure while writing):
/// nothing of the earlier rows, documents, groups or new units remains.
async fn failure_in_last_row(db: &Db) {
    let s = fresh(&db.url).await;
    let pool = s.store.pool();
    let trigger: &[&str] = match s.store.backend() {
        Backend::Sqlite => &[
            "CREATE TRIGGER fail_import BEFORE INSERT ON tasks WHEN NEW.content = 'Dòng hỏng cuối' \
             BEGIN SELECT RAISE(ABORT, 'thử lỗi khi ghi'); END",
        ],
        Backend::Postgres => &[
            "CREATE FUNCTION fail_import() RETURNS trigger AS $$ BEGIN \
             IF NEW.content = 'Dòng hỏng cuối' THEN RAISE EXCEPTION 'thử lỗi khi ghi'; END IF; \
             RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER fail_import BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION fail_import()",
        ],
    };
    for q in trigger {
        sqlx::query(*q).execute(pool).await.expect("trigger");
    }
    let before = counts(&s).await;
    let csv = sheet(Some("Dòng hỏng cuối")).replace(&format!(",{},", UNITS[1]), ",Ban Thử Mới,");
    let result = s
        .import_tasks(
            &office(),
            csv.as_bytes(),
            "hong.csv",
            &ImportOptions {
                dry_run: false,
                create_units_under: Some(UNITS[0].into()),
            },
            &mut |_, _| {},
        )
        .await;
    assert!(result.is_err(), "the database refused the last row");
    assert_eq!(counts(&s).await, before, "{TABLES:?}");
    assert!(find(&s, "nvk0026").await.is_empty());
}

#[tokio::test]
async fn large_import_writes_each_row_with_its_history_audit_and_search_entry() {
    let db = Db::sqlite("import_batch").await;
    writes_every_row(&db).await;
    if let Some(pg) = on_postgres("import_batch").await {
        writes_every_row(&pg).await;
        pg.drop().await;
    }
}

#[tokio::test]
async fn import_failing_at_its_last_row_leaves_the_database_unchanged() {
    let db = Db::sqlite("import_fail").await;
    failure_in_last_row(&db).await;
    if let Some(pg) = on_postgres("import_fail").await {
        failure_in_last_row(&pg).await;
        pg.drop().await;
    }
}
