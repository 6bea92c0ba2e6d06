//! The units page: an administrator adds a unit; a bad form says what is wrong beside the
//! field, keeps what was typed and adds nothing; nobody else may add one.

use axum::http::StatusCode;

use crate::common::{Db, demo, on_postgres};
use crate::web::Client;

async fn units_suite(db: &Db) {
    let s = demo(&db.url).await;
    let admin = Client::sign_in(&s, "admin", "demo").await;
    let before = s.store.units().await.expect("units").len();
    let parent = s.find_unit("Sở KH&ĐT").await.expect("unit");

    // Empty name and a code that exists: both said beside their fields, nothing added.
    let taken = s.store.units().await.expect("units")[0].code.clone();
    let r = admin
        .post(
            "/don-vi/them",
            &[
                ("code", taken.as_str()),
                ("name", ""),
                ("short_name", "Phòng Đầu tư"),
                ("kind", "department"),
                ("parent_id", &parent.id.0.to_string()),
                ("aliases", ""),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("id=\"err-code\""),
        "code message beside the field"
    );
    assert!(r.body.contains("đã có"));
    assert!(r.body.contains("id=\"err-name\""));
    assert!(r.body.contains("tên đơn vị không được để trống"));
    assert!(
        r.body.contains("value=\"Phòng Đầu tư\""),
        "typed values kept"
    );
    assert_eq!(s.store.units().await.expect("units").len(), before);

    // A good form adds the unit under its parent, findable by its alias.
    let r = admin
        .post(
            "/don-vi/them",
            &[
                ("code", "skhdt_pdt"),
                ("name", "Phòng Đầu tư công"),
                ("short_name", "P. ĐTC"),
                ("kind", "department"),
                ("parent_id", &parent.id.0.to_string()),
                ("aliases", "Phòng ĐTC; Phòng đầu tư"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let added = s.find_unit("phong dtc").await.expect("found by alias");
    assert_eq!(added.name, "Phòng Đầu tư công");
    assert_eq!(added.parent_id, Some(parent.id));
    assert_eq!(added.aliases.len(), 2);
    let page = admin.get("/don-vi").await;
    assert!(page.body.contains("Phòng Đầu tư công"));

    // The office may not add units; a post without the CSRF token is refused.
    let office = Client::sign_in(&s, "vanphong", "demo").await;
    let r = office
        .post(
            "/don-vi/them",
            &[("code", "x1"), ("name", "Đơn vị X"), ("kind", "other")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = admin
        .post(
            "/don-vi/them",
            &[("code", "x2"), ("name", "Đơn vị Y"), ("kind", "other")],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(s.store.units().await.expect("units").len(), before + 1);
    s.store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn units_page_on_sqlite() {
    let db = Db::sqlite("units_page").await;
    units_suite(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn units_page_on_postgres() {
    if let Some(db) = on_postgres("units_page").await {
        units_suite(&db).await;
        db.drop().await;
    }
}
