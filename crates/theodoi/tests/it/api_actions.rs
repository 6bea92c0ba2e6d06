//! The JSON API for every action of the web (task actions, registration with tasks,
//! administration) and its OpenAPI document: the document lists exactly what is served,
//! permissions hold through the API, malformed requests get a JSON 4xx and change nothing.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use theodoi::service::Services;
use theodoi_core::ids::TaskId;
use theodoi_core::model::{Task, TaskState};
use theodoi_store::TaskFilter;

use crate::common::{Db, demo, on_postgres};
use crate::web::{Client, Resp};

/// A machine client with a personal token.
struct Api {
    c: Client,
    token: String,
}

impl Api {
    async fn of(s: &Services, username: &str) -> Self {
        let actor = s.actor_by_username(username).await.expect("actor");
        let token = s.create_api_token(&actor, "kiểm thử").await.expect("token");
        Self {
            c: Client::new(s),
            token,
        }
    }

    async fn call(&self, method: &str, uri: &str, body: Option<&str>) -> Resp {
        let mut b = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        if body.is_some() {
            b = b.header(header::CONTENT_TYPE, "application/json");
        }
        let body = body.map_or_else(Body::empty, |t| Body::from(t.to_string()));
        self.c.send(b.body(body).expect("request")).await
    }

    async fn post(&self, uri: &str, body: Value) -> (StatusCode, Value) {
        let r = self.call("POST", uri, Some(&body.to_string())).await;
        (r.status, json_of(&r))
    }
}

fn json_of(r: &Resp) -> Value {
    serde_json::from_str(&r.body)
        .unwrap_or_else(|e| panic!("not JSON ({e}), status {}: {}", r.status, r.body))
}

async fn task(s: &Services, id: TaskId) -> Task {
    s.store.task(id).await.expect("read").expect("task")
}

/// What an action would change: the task, its history and its audit trail.
async fn footprint(s: &Services, id: TaskId) -> String {
    let t = task(s, id).await;
    let h = s.store.task_history(id).await.expect("history");
    let a = s.store.audit_trail("task", id.0).await.expect("audit");
    format!("{t:?}|{h:?}|{}", a.len())
}

async fn open_tasks(s: &Services, f: impl Fn(&Task) -> bool) -> Vec<Task> {
    s.store
        .tasks(&TaskFilter {
            limit: 1000,
            ..Default::default()
        })
        .await
        .expect("tasks")
        .tasks
        .into_iter()
        .map(|r| r.task)
        .filter(|t| matches!(t.state, TaskState::New | TaskState::InProgress) && f(t))
        .filter(|t| t.parent_id.is_none() && t.recurrence.is_none())
        .collect()
}

async fn actions_suite(db: &Db) {
    let s = demo(&db.url).await;
    let unit = Api::of(&s, "sokhdt").await;
    let office = Api::of(&s, "vanphong").await;
    let leader = Api::of(&s, "lanhdao").await;
    let admin = Api::of(&s, "admin").await;
    let sokhdt = s.actor_by_username("sokhdt").await.expect("sokhdt");
    let khdt = sokhdt.user.unit_id.expect("unit");

    // A unit manager acting on another unit's task is refused, and nothing changes.
    let foreign = open_tasks(&s, |t| !sokhdt.in_scope(t.lead_unit_id)).await;
    let f = foreign.first().expect("a foreign open task").id;
    let before = footprint(&s, f).await;
    for (action, body) in [
        (
            "progress",
            json!({"text": "Đã làm xong 50%", "percent": 50}),
        ),
        ("accept", json!({})),
        ("decline", json!({"reason": "Không thuộc chức năng"})),
        (
            "extensions",
            json!({"proposed_deadline": "2023-06-30", "reason": "Chờ ý kiến bộ"}),
        ),
        ("completion", json!({"result_text": "Đã xong"})),
        ("delegate", json!({"unit_id": khdt.0, "content": "Làm hộ"})),
    ] {
        let (status, body) = unit
            .post(&format!("/api/v1/tasks/{f}/{action}"), body)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{action}: {body}");
        assert_eq!(body["error"], "forbidden", "{action}");
    }
    // Three tasks given to Sở KH&ĐT through the API (one row, the office registering).
    let mut own = Vec::new();
    for content in [
        "Xây dựng kế hoạch đầu tư công",
        "Rà soát danh mục dự án",
        "Tổng hợp nhu cầu vốn",
    ] {
        let (status, v) = office
            .post(
                "/api/v1/tasks",
                json!({"content": content, "lead_unit_ids": [khdt.0], "deadline": {"date": "2023-03-31"}}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{v}");
        own.push(task(&s, TaskId(v[0]["id"].as_i64().expect("id"))).await);
    }
    let mine = own.remove(0).id;
    // Office-only and leader-only actions refused to the unit, on its own task too.
    let (status, _) = unit
        .post(
            &format!("/api/v1/tasks/{mine}/reassign"),
            json!({"unit_id": khdt.0}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = unit
        .post(
            &format!("/api/v1/tasks/{mine}/deadline"),
            json!({"deadline": "2023-12-31", "reason": "tự gia hạn"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(footprint(&s, f).await, before, "refusals changed nothing");

    // Malformed requests: JSON 4xx bodies, never 5xx, and nothing changes.
    let before = footprint(&s, mine).await;
    let uri = format!("/api/v1/tasks/{mine}/progress");
    let r = unit.call("POST", &uri, Some("{\"text\": ")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(json_of(&r)["error"], "bad_request");
    let r = unit.call("POST", &uri, Some("{\"percent\": 10}")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let v = json_of(&r);
    assert_eq!(v["error"], "invalid_input");
    assert!(
        v["message"].as_str().expect("message").contains("text"),
        "{v}"
    );
    let r = unit
        .call(
            "POST",
            &uri,
            Some("{\"text\": \"x\", \"percent\": \"năm mươi\"}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = unit
        .c
        .send(
            Request::post(&uri)
                .header(header::AUTHORIZATION, format!("Bearer {}", unit.token))
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from("tiến độ"))
                .expect("req"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(json_of(&r)["error"], "unsupported_media_type");
    let (status, v) = unit
        .post(&uri, json!({"text": "   ", "percent": 150}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(!v["fields"].as_array().expect("fields").is_empty(), "{v}");
    let r = unit.call("POST", "/api/v1/tasks/abc/accept", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(json_of(&r)["error"], "not_found");
    let r = unit.call("GET", "/api/v1/tasks?limit=nhiều", None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&r)["error"], "bad_request");
    let r = unit
        .call("DELETE", &format!("/api/v1/tasks/{mine}"), None)
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(json_of(&r)["error"], "method_not_allowed");
    assert_eq!(
        footprint(&s, mine).await,
        before,
        "bad input changed nothing"
    );

    // The whole life of a task through the API: accept, progress, extension approved by the
    // leader, completion claimed, returned, claimed again, confirmed.
    if task(&s, mine).await.state == TaskState::New {
        let (status, v) = unit
            .post(&format!("/api/v1/tasks/{mine}/accept"), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{v}");
        assert_eq!(v["state"], "in_progress");
    }
    let (status, v) = unit
        .post(&uri, json!({"text": "Đã lấy ý kiến các sở", "percent": 60}))
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(
        s.store
            .task_history(mine)
            .await
            .expect("h")
            .progress
            .last()
            .expect("p")
            .text,
        "Đã lấy ý kiến các sở"
    );
    let original = task(&s, mine).await.deadline_original;
    let (status, v) = unit
        .post(
            &format!("/api/v1/tasks/{mine}/extensions"),
            json!({"proposed_deadline": "2023-04-28", "reason": "Chờ số liệu quý I"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let ext = v["extension_id"].as_i64().expect("extension id");
    // Deciding it through another task's path is "not found", not a decision.
    let (status, _) = leader
        .post(
            &format!("/api/v1/tasks/{f}/extensions/{ext}/decision"),
            json!({"approve": true}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = unit
        .post(
            &format!("/api/v1/tasks/{mine}/extensions/{ext}/decision"),
            json!({"approve": true}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a unit does not approve its own extension"
    );
    let (status, v) = leader
        .post(
            &format!("/api/v1/tasks/{mine}/extensions/{ext}/decision"),
            json!({"approve": true, "note": "Đồng ý"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["deadline_current"], "2023-04-28");
    assert_eq!(
        task(&s, mine).await.deadline_original,
        original,
        "original kept"
    );
    let claim = json!({"result_text": "Đã trình UBND tỉnh", "result_number": "123/TTr-SKHĐT", "finished_on": "2023-01-31"});
    let (status, v) = unit
        .post(&format!("/api/v1/tasks/{mine}/completion"), claim.clone())
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["state"], "awaiting_confirmation");
    let (status, _) = unit
        .post(
            &format!("/api/v1/tasks/{mine}/completion/confirm"),
            json!({}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a unit does not confirm its own claim"
    );
    let (status, v) = office
        .post(
            &format!("/api/v1/tasks/{mine}/completion/return"),
            json!({}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a return needs a reason: {v}"
    );
    let (status, v) = office
        .post(
            &format!("/api/v1/tasks/{mine}/completion/return"),
            json!({"note": "Thiếu phụ lục"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["state"], "in_progress");
    let (status, _) = unit
        .post(&format!("/api/v1/tasks/{mine}/completion"), claim)
        .await;
    assert_eq!(status, StatusCode::OK);
    let r = office
        .call(
            "POST",
            &format!("/api/v1/tasks/{mine}/completion/confirm"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let done = task(&s, mine).await;
    assert_eq!(done.state, TaskState::Completed);
    assert_eq!(done.completed_on, Some(crate::common::d("2023-01-31")));

    // Declined by the unit, reassigned by the office.
    let other = own[0].id;
    let (status, v) = unit
        .post(
            &format!("/api/v1/tasks/{other}/decline"),
            json!({"reason": "Thuộc chức năng Sở Tài chính"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["state"], "declined");
    let stc = s.find_unit("Sở Tài chính").await.expect("STC");
    let (status, v) = office
        .post(
            &format!("/api/v1/tasks/{other}/reassign"),
            json!({"unit_id": stc.id.0, "reason": "Đúng chức năng"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["lead_unit_id"], stc.id.0);

    // Delegation to a sub-unit: a child task whose deadline may not pass the parent's.
    let third = &own[1];
    let sub = s
        .find_unit("Phòng Đăng ký kinh doanh")
        .await
        .expect("sub-unit");
    let parent_deadline = third.deadline_current.expect("deadline");
    let late = parent_deadline + chrono::Duration::days(30);
    let (status, v) = unit
        .post(
            &format!("/api/v1/tasks/{}/delegate", third.id),
            json!({"unit_id": sub.id.0, "content": "Rà soát hồ sơ", "deadline": {"date": late}}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "later than the parent: {v}"
    );
    let (status, v) = unit
        .post(
            &format!("/api/v1/tasks/{}/delegate", third.id),
            json!({"unit_id": sub.id.0, "content": "Rà soát hồ sơ", "deadline": {"date": parent_deadline}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v[0]["parent_id"], third.id.0);
    assert_eq!(v[0]["lead_unit_id"], sub.id.0);

    // Registration with tasks: a bad row refuses the whole registration.
    let docs_before = s
        .store
        .documents(&Default::default())
        .await
        .expect("docs")
        .1;
    let bad = json!({"number": "77/TB-VP", "date": "2023-01-20", "kind": "thong_bao_ket_luan",
    "summary": "Kết luận giao ban", "tasks": [
        {"content": "Báo cáo tình hình giải ngân", "lead_unit_ids": [khdt.0], "deadline": {"text": "trước ngày 15/02/2023"}},
        {"content": "", "lead_unit_ids": [], "deadline": {"text": "sau Tết"}}
    ]});
    let (status, v) = office.post("/api/v1/documents", bad.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let fields: BTreeSet<&str> = v["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert!(
        fields.contains("tasks[1].content") && fields.contains("tasks[1].lead_unit_ids"),
        "{v}"
    );
    assert_eq!(
        s.store
            .documents(&Default::default())
            .await
            .expect("docs")
            .1,
        docs_before
    );
    let mut good = bad;
    good["tasks"][1] =
        json!({"content": "Trình kế hoạch năm 2023", "lead_unit_ids": [khdt.0, stc.id.0]});
    let (status, v) = office.post("/api/v1/documents", good).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v["number"], "77/TB-VP");
    assert_eq!(
        v["tasks"].as_array().expect("tasks").len(),
        3,
        "one row to two units is two tasks"
    );
    assert_eq!(v["tasks"][0]["deadline_current"], "2023-02-15");
    let (status, _) = unit
        .post(
            "/api/v1/documents",
            json!({"number": "1/X", "date": "2023-01-20", "kind": "cong_van", "summary": "x"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "units do not register documents"
    );

    // Administration: only the admin; bad values are field messages.
    let (status, _) = office
        .post(
            "/api/v1/users",
            json!({"username": "x1", "full_name": "X", "password": "matkhau1", "role": "office"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, v) = admin.post("/api/v1/users", json!({"username": "cb_api", "full_name": "Cán bộ API", "password": "matkhau1", "role": "unit_staff", "unit_id": khdt.0})).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let r = admin
        .call(
            "PUT",
            "/api/v1/settings/due_soon_days",
            Some("{\"value\": \"99\"}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = admin
        .call(
            "PUT",
            "/api/v1/settings/due_soon_days",
            Some("{\"value\": \"5\"}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(s.due_soon_days().await.expect("setting"), 5);
    let r = admin
        .call(
            "PUT",
            "/api/v1/calendar/2023-13-01",
            Some("{\"kind\": \"holiday\", \"name\": \"x\"}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = unit.call("GET", "/api/v1/inbox", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(json_of(&r)["due_soon"].is_array());
    s.store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_actions_on_sqlite() {
    let db = Db::sqlite("api-actions").await;
    actions_suite(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_actions_on_postgres() {
    if let Some(db) = on_postgres("api_actions").await {
        actions_suite(&db).await;
        db.drop().await;
    }
}

/// `(METHOD, path)` of every `.route("/api/v1/…", get(…).post(…))` in the binary's source.
fn routes_in_source() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("src dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).expect("source");
            for (at, _) in text.match_indices(".route(") {
                let rest = &text[at + 7..];
                // The call's text up to its closing parenthesis.
                let mut depth = 1;
                let mut end = rest.len();
                for (i, c) in rest.char_indices() {
                    match c {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                end = i;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let call = &rest[..end];
                let Some(path) = call.split('"').nth(1) else {
                    continue;
                };
                if !path.starts_with("/api/v1") {
                    continue;
                }
                let after = &call[call.find(',').unwrap_or(0)..];
                for m in ["get", "post", "put", "delete", "patch"] {
                    let hit = after.match_indices(&format!("{m}(")).any(|(i, _)| {
                        i == 0
                            || !after.as_bytes()[i - 1].is_ascii_alphanumeric()
                                && after.as_bytes()[i - 1] != b'_'
                    });
                    if hit {
                        out.insert((m.to_string(), path.to_string()));
                    }
                }
            }
        }
    }
    out
}

async fn openapi_suite(db: &Db) {
    let s = demo(&db.url).await;
    let anon = Client::new(&s);
    let r = anon.get("/api/v1/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = json_of(&r);
    assert!(doc["openapi"].as_str().expect("version").starts_with("3."));
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["basic"]["scheme"], "basic");
    assert!(doc["components"]["schemas"]["Error"]["properties"]["fields"].is_object());

    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            documented.insert((method.clone(), path.clone()));
            // Every body schema the document names exists.
            if let Some(r) =
                op["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str()
            {
                let name = r.rsplit('/').next().expect("name");
                assert!(
                    doc["components"]["schemas"][name].is_object(),
                    "{method} {path}: {r}"
                );
            }
        }
    }
    let served = routes_in_source();
    let missing: Vec<_> = served.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "served but not in openapi.json: {missing:?}"
    );

    // Every documented operation is served: a request reaches a handler (no 405, and a 404
    // only as the handler's JSON "not found", not the router's).
    let office = Api::of(&s, "vanphong").await;
    for (method, path) in &documented {
        let uri = path
            .replace("{id}", "999999")
            .replace("{ext}", "999999")
            .replace("{date}", "2031-01-02")
            .replace("{code}", "KHONG_CO")
            .replace("{key}", "khong_co");
        let body = (method != "get").then_some("{}");
        let r = office.call(&method.to_uppercase(), &uri, body).await;
        assert_ne!(
            r.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}: {}",
            r.body
        );
        assert!(
            !r.status.is_server_error(),
            "{method} {path}: {} {}",
            r.status,
            r.body
        );
        if r.status == StatusCode::NOT_FOUND {
            assert!(
                json_of(&r)["error"].is_string(),
                "{method} {path}: router 404"
            );
        }
    }
    assert!(!documented.contains(&("get".into(), "/api/v1/nothing".into())));
    let r = office.call("GET", "/api/v1/khong-co-duong-nay", None).await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "an unknown path is not found"
    );
    s.store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_matches_routes_on_sqlite() {
    let db = Db::sqlite("openapi").await;
    openapi_suite(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_matches_routes_on_postgres() {
    if let Some(db) = on_postgres("openapi").await {
        openapi_suite(&db).await;
        db.drop().await;
    }
}
