//! The dashboard's trend by month and its "units that have not reported progress" panel.

use axum::http::StatusCode;
use theodoi::service::Services;
use theodoi_core::model::{Role, TaskState};
use theodoi_store::TaskFilter;

use crate::common::{Db, d, demo, on_postgres};
use crate::web::Client;

/// The text of the table row with `id`.
fn row<'a>(body: &'a str, id: &str) -> &'a str {
    let at = body
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("row {id}"));
    let end = body[at..].find("</tr>").expect("row end");
    &body[at..at + end]
}

/// The numbers shown in a row's cells, in order.
fn numbers(row: &str) -> Vec<String> {
    row.split("class=\"num\">")
        .skip(1)
        .map(|cell| {
            let cell = cell.split("</td>").next().expect("cell");
            let text: String = cell
                .split('<')
                .map(|p| p.split('>').next_back().unwrap_or(""))
                .collect();
            text.trim().to_string()
        })
        .collect()
}

async fn dashboard_suite(db: &Db) {
    let s = demo(&db.url).await;
    let leader = Client::sign_in(&s, "lanhdao", "demo").await;
    let page = leader
        .get("/tong-quan?window=month:2023-01&as_of=31/01/2023")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // January's row of the trend carries the seed's figures.
    let jan = row(&page.body, "trend-01/2023");
    assert_eq!(numbers(jan), ["411", "138", "273", "68", "24,9%"], "{jan}");
    assert!(page.body.contains("id=\"trend-title\""), "trend chart");
    // Its figures open the same lists as the tiles.
    let href = jan
        .split("href=\"")
        .nth(4)
        .expect("overdue link")
        .split('"')
        .next()
        .expect("href")
        .replace("&amp;", "&")
        .replace("&#38;", "&");
    let list = leader.get(&href).await;
    assert!(list.body.contains("id=\"task-count\">68<"), "{href}");
    // A later as-of date lists every month of the year so far; January stays January's.
    let march = leader
        .get("/tong-quan?window=month:2023-03&as_of=31/03/2023")
        .await;
    assert_eq!(march.status, StatusCode::OK);
    assert_eq!(
        numbers(row(&march.body, "trend-01/2023")),
        ["411", "138", "273", "68", "24,9%"]
    );
    assert!(march.body.contains("id=\"trend-03/2023\""));
    assert!(!march.body.contains("id=\"trend-04/2023\""));

    // Units that have not reported: a unit with open tasks lacking a January report is
    // listed; a report on one of them lowers its count by one.
    let (from, as_of) = (d("2023-01-01"), d("2023-01-31"));
    let silent = s
        .store
        .units_without_progress(from, as_of, None)
        .await
        .expect("silent units");
    let first = silent.first().expect("a silent unit").clone();
    // A server answers from the in-memory facts: the same units and counts.
    s.store.keep_facts_in_memory();
    assert_eq!(
        s.store
            .units_without_progress(from, as_of, None)
            .await
            .expect("silent units in memory"),
        silent
    );
    let units = s.store.units().await.expect("units");
    let name = &units
        .iter()
        .find(|u| u.id == first.unit_id)
        .expect("unit")
        .name;
    let section = &page.body[page.body.find("id=\"silent-units\"").expect("panel")..];
    assert!(section.contains(name.as_str()), "{name} listed");
    let open = s
        .store
        .tasks(&TaskFilter {
            lead_units: Some(vec![first.unit_id]),
            limit: 1000,
            ..Default::default()
        })
        .await
        .expect("tasks")
        .tasks;
    let mut reported = false;
    for r in open {
        let t = r.task;
        if t.parent_id.is_some() || !matches!(t.state, TaskState::New | TaskState::InProgress) {
            continue;
        }
        let h = s.store.task_history(t.id).await.expect("history");
        if h.progress
            .iter()
            .any(|p| p.report_date >= from && p.report_date <= as_of)
        {
            continue;
        }
        let office = Services::system_actor(Role::Office);
        let manager = s
            .store
            .users()
            .await
            .expect("users")
            .into_iter()
            .find(|u| u.unit_id == Some(first.unit_id) && u.role == Role::UnitManager);
        let actor = match manager {
            Some(u) => s.actor(u).await.expect("actor"),
            None => office,
        };
        s.report_progress(
            &actor,
            t.id,
            "Đang triển khai",
            Some(30),
            Some(d("2023-01-20")),
        )
        .await
        .expect("progress");
        reported = true;
        break;
    }
    assert!(reported, "an open task without a report");
    let after = s
        .store
        .units_without_progress(from, as_of, None)
        .await
        .expect("silent units");
    let now = after
        .iter()
        .find(|u| u.unit_id == first.unit_id)
        .map_or(0, |u| u.without_report);
    assert_eq!(now, first.without_report - 1);
    // A report dated after the as-of date does not count for it.
    let feb = s
        .store
        .units_without_progress(d("2023-02-01"), d("2023-02-28"), None)
        .await
        .expect("february");
    assert!(feb.iter().any(|u| u.unit_id == first.unit_id));

    // A unit's manager sees only units of their own subtree in the panel.
    let unit = Client::sign_in(&s, "sokhdt", "demo").await;
    let own = unit
        .get("/tong-quan?window=month:2023-01&as_of=31/01/2023")
        .await;
    assert_eq!(own.status, StatusCode::OK);
    let section = &own.body[own.body.find("id=\"silent-units\"").expect("panel")..];
    let sokhdt = s.actor_by_username("sokhdt").await.expect("sokhdt");
    for u in &units {
        if !sokhdt.in_scope(u.id) && u.name.len() > 12 {
            assert!(
                !section.contains(&format!(">{}</a>", u.name)),
                "{} is outside sokhdt's units",
                u.name
            );
        }
    }
    s.store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_on_sqlite() {
    let db = Db::sqlite("dashboard").await;
    dashboard_suite(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_on_postgres() {
    if let Some(db) = on_postgres("dashboard").await {
        dashboard_suite(&db).await;
        db.drop().await;
    }
}
