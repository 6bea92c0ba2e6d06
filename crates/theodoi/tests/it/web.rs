//! The web application over HTTP, without a socket (`tower::ServiceExt::oneshot`): sign-in,
//! the dashboard's January figures and their drill-down, the permission matrix in pages and
//! API, secret content, CSRF, login throttling, bearer tokens, security headers.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use theodoi::service::{AssignInput, DeadlineInput, Services};
use theodoi::web::{WebConfig, app_with};
use theodoi_core::access::Actor;
use theodoi_core::model::{Decision, Role, Task, TaskState};
use theodoi_store::TaskFilter;
use tower::ServiceExt;

use crate::common::{Db, d, demo, on_postgres};

pub struct Resp {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

/// A browser: remembers the session cookie and the page's CSRF token.
pub struct Client {
    pub app: Router,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
}

impl Client {
    pub fn new(s: &Services) -> Self {
        Self {
            app: app_with(s.clone(), WebConfig::default()),
            cookie: None,
            csrf: None,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        let resp = self.app.clone().oneshot(req).await.expect("response");
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    fn builder(&self, method: &str, uri: &str) -> axum::http::request::Builder {
        let mut b = Request::builder().method(method).uri(uri);
        if let Some(c) = &self.cookie {
            b = b.header(header::COOKIE, c.clone());
        }
        b
    }

    pub async fn get(&self, uri: &str) -> Resp {
        self.send(self.builder("GET", uri).body(Body::empty()).expect("req"))
            .await
    }

    /// Posts a form; adds the CSRF token unless `with_csrf` is false.
    pub async fn post(&self, uri: &str, fields: &[(&str, &str)], with_csrf: bool) -> Resp {
        let mut pairs: Vec<(&str, &str)> = fields.to_vec();
        if with_csrf && let Some(t) = &self.csrf {
            pairs.push(("_csrf", t.as_str()));
        }
        let body = serde_urlencoded::to_string(&pairs).expect("form");
        self.send(
            self.builder("POST", uri)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .expect("req"),
        )
        .await
    }

    pub async fn sign_in(s: &Services, user: &str, password: &str) -> Self {
        let mut c = Self::new(s);
        let r = c
            .post(
                "/dang-nhap",
                &[("username", user), ("password", password), ("next", "/")],
                false,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "sign-in of {user}: {}",
            r.body
        );
        let set = r
            .headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .expect("session cookie");
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax"),
            "{set}"
        );
        c.cookie = Some(set.split(';').next().expect("cookie").to_string());
        let page = c.get("/tai-khoan").await;
        assert_eq!(page.status, StatusCode::OK);
        c.csrf = Some(csrf_of(&page.body));
        c
    }
}

pub fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").expect("csrf field") + 20;
    html[at..].split('"').next().expect("token").to_string()
}

async fn tasks_where(s: &Services, f: impl Fn(&Task) -> bool) -> Vec<Task> {
    s.store
        .tasks(&TaskFilter {
            limit: 1000,
            include_delegated: true,
            ..Default::default()
        })
        .await
        .expect("tasks")
        .tasks
        .into_iter()
        .map(|r| r.task)
        .filter(|t| f(t))
        .collect()
}

fn outside(a: &Actor) -> impl Fn(&Task) -> bool + '_ {
    |t| !a.in_scope(t.lead_unit_id) && !t.coop_unit_ids.iter().any(|u| a.in_scope(*u))
}

async fn web_suite(db: &Db) {
    let s = demo(&db.url).await;
    let office = Services::system_actor(Role::Office);
    let admin = Services::system_actor(Role::Admin);
    let sokhdt = s.actor_by_username("sokhdt").await.expect("sokhdt");
    let khdt = sokhdt.user.unit_id.expect("unit of sokhdt");
    s.create_user(
        &admin,
        "cb_khdt",
        "Cán bộ KHĐT",
        "matkhau1",
        "unit_staff",
        Some(khdt),
        "Chuyên viên",
    )
    .await
    .expect("staff user");

    // Signing in as lanhdao shows the January 2023 dashboard with the seed's figures.
    let leader = Client::sign_in(&s, "lanhdao", "demo").await;
    let dash = leader.get("/tong-quan").await;
    assert_eq!(dash.status, StatusCode::OK);
    for (id, want) in [
        ("fig-tasks", "411"),
        ("fig-completed", "138"),
        ("fig-in-progress", "273"),
        ("fig-overdue", "68"),
        ("fig-rate", "24,9%"),
    ] {
        let at = dash.body.find(&format!("id=\"{id}\"")).expect(id);
        let tile = &dash.body[at..at + 400];
        assert!(
            tile.contains(&format!("<span class=\"n\">{want}</span>")),
            "{id}: {tile}"
        );
    }
    assert!(dash.body.contains("31/01/2023"), "as-of date shown");
    assert!(dash.body.contains("<svg"), "server-side chart");
    // Every figure opens the list behind it: the overdue figure lists 68 tasks.
    let at = dash.body.find("id=\"fig-overdue\"").expect("tile");
    let href = dash.body[..at]
        .rsplit("href=\"")
        .next()
        .expect("href")
        .split('"')
        .next()
        .expect("href")
        .replace("&amp;", "&")
        .replace("&#38;", "&");
    let list = leader.get(&href).await;
    assert_eq!(list.status, StatusCode::OK, "{href}");
    assert!(list.body.contains("id=\"task-count\">68<"), "{href}");
    let all = leader
        .get("/nhiem-vu?window=month:2023-01&as_of=2023-01-31&figure=all")
        .await;
    assert!(all.body.contains("id=\"task-count\">411<"));

    // Security headers on every page.
    let csp = dash
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .expect("csp");
    let csp = csp.to_str().expect("csp text");
    assert!(
        csp.contains("frame-ancestors 'none'")
            && csp.contains("script-src 'self'")
            && !csp.contains("unsafe-inline")
    );
    assert_eq!(
        dash.headers
            .get(header::X_CONTENT_TYPE_OPTIONS)
            .expect("nosniff"),
        "nosniff"
    );

    // Not signed in: pages send to sign-in, the API answers 401.
    let anon = Client::new(&s);
    let r = anon.get("/nhiem-vu").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        r.headers[header::LOCATION]
            .to_str()
            .expect("loc")
            .starts_with("/dang-nhap")
    );
    assert_eq!(
        anon.get("/api/v1/tasks").await.status,
        StatusCode::UNAUTHORIZED
    );

    // A unit user cannot read or change another unit's task by guessing its id.
    let unit = Client::sign_in(&s, "sokhdt", "demo").await;
    let foreign = tasks_where(&s, outside(&sokhdt)).await;
    let foreign = foreign.first().expect("a task of another unit");
    let fid = foreign.id.0;
    let r = unit.get(&format!("/nhiem-vu/{fid}")).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "page of another unit's task"
    );
    assert!(!r.body.contains(&foreign.content));
    let before = s
        .store
        .task_history(foreign.id)
        .await
        .expect("h")
        .progress
        .len();
    let r = unit
        .post(
            &format!("/nhiem-vu/{fid}/tien-do"),
            &[("text", "đã làm")],
            true,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "progress on another unit's task"
    );
    let r = unit
        .post(
            &format!("/nhiem-vu/{fid}/bao-cao-hoan-thanh"),
            &[("result_text", "xong")],
            true,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "claim on another unit's task"
    );
    assert_eq!(
        s.store
            .task_history(foreign.id)
            .await
            .expect("h")
            .progress
            .len(),
        before
    );
    let r = unit
        .get(&format!("/nhiem-vu?unit={}", foreign.lead_unit_id))
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "list filtered to another unit is refused, not empty"
    );
    let api = unit
        .send(
            Request::get(format!("/api/v1/tasks/{fid}"))
                .header(header::AUTHORIZATION, "Basic c29raGR0OmRlbW8=")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(
        api.status,
        StatusCode::FORBIDDEN,
        "API read of another unit's task"
    );
    assert!(api.body.contains("\"error\":\"forbidden\""));

    // CSRF: a signed-in POST without the token is refused and changes nothing.
    let own = tasks_where(&s, |t| {
        t.lead_unit_id == khdt
            && t.completed_on.is_none()
            && t.withdrawn_on.is_none()
            && matches!(t.state, TaskState::InProgress | TaskState::New)
            && t.deadline_current.is_some_and(|d0| d0 > d("2023-02-05"))
    })
    .await;
    let own = own
        .first()
        .expect("an open task of Sở KH&ĐT with a later deadline");
    let oid = own.id.0;
    let before = s
        .store
        .task_history(own.id)
        .await
        .expect("h")
        .progress
        .len();
    let r = unit
        .post(
            &format!("/nhiem-vu/{oid}/tien-do"),
            &[("text", "không có mã")],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        s.store
            .task_history(own.id)
            .await
            .expect("h")
            .progress
            .len(),
        before
    );
    // With the token it works, and a bad percent keeps the typed text and writes nothing.
    let r = unit
        .post(
            &format!("/nhiem-vu/{oid}/tien-do"),
            &[("text", "Giữ lại nội dung này"), ("percent", "150")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Giữ lại nội dung này") && r.body.contains("0 đến 100"));
    assert_eq!(
        s.store
            .task_history(own.id)
            .await
            .expect("h")
            .progress
            .len(),
        before
    );
    let r = unit
        .post(
            &format!("/nhiem-vu/{oid}/tien-do"),
            &[("text", "Đã hoàn thành dự thảo"), ("percent", "60")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        s.store
            .task_history(own.id)
            .await
            .expect("h")
            .progress
            .len(),
        before + 1
    );

    // A staff member cannot confirm completion or decide an extension; neither can the unit's manager.
    let ext = s
        .request_extension(
            &sokhdt,
            own.id,
            own.deadline_current.expect("deadline") + chrono::Duration::days(30),
            "chờ ý kiến bộ",
        )
        .await
        .expect("extension requested");
    let staff = Client::sign_in(&s, "cb_khdt", "matkhau1").await;
    for who in [&staff, &unit] {
        let r = who
            .post(
                &format!("/nhiem-vu/{oid}/quyet-dinh-gia-han"),
                &[("ext", &ext.0.to_string()), ("decision", "approve")],
                true,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "unit people cannot decide extensions"
        );
    }
    let h = s.store.task_history(own.id).await.expect("h");
    assert!(h.extensions.iter().all(|e| e.decision == Decision::Pending));
    let claimed = tasks_where(&s, |t| {
        t.lead_unit_id == khdt && t.state == TaskState::InProgress && t.id != own.id
    })
    .await;
    let claimed = claimed.first().expect("another open task");
    s.claim_completion(&sokhdt, claimed.id, None, "", "Đã trình")
        .await
        .expect("claim");
    for who in [&staff, &unit] {
        let r = who
            .post(&format!("/nhiem-vu/{}/xac-nhan", claimed.id), &[], true)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "only the office confirms");
    }
    assert_eq!(
        s.store.task(claimed.id).await.expect("t").expect("t").state,
        TaskState::AwaitingConfirmation
    );
    // The forms are not even offered to staff.
    let page = staff.get(&format!("/nhiem-vu/{oid}")).await;
    assert!(!page.body.contains("form-decide-extension") && !page.body.contains("form-claim"));
    // The office can.
    let vp = Client::sign_in(&s, "vanphong", "demo").await;
    let r = vp
        .post(&format!("/nhiem-vu/{}/xac-nhan", claimed.id), &[], true)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        s.store.task(claimed.id).await.expect("t").expect("t").state,
        TaskState::Completed
    );

    // Secret content: shown to the lead unit's manager and the office, hidden from staff.
    let secret = s
        .assign(
            &office,
            AssignInput {
                document_id: None,
                clause: String::new(),
                content: "Nội dung mật thử nghiệm XYZ".into(),
                lead_unit_ids: vec![khdt.0],
                coop_unit_ids: vec![],
                assigned_by_user_id: None,
                assigned_by_unit_id: None,
                assigned_on: Some(d("2023-01-20")),
                deadline: DeadlineInput {
                    text: None,
                    date: Some(d("2023-03-31")),
                },
                is_key: false,
                field: String::new(),
                secret: true,
                parent_task_id: None,
                recurring_until: None,
            },
        )
        .await
        .expect("secret task");
    let sid = secret[0].id.0;
    assert!(
        unit.get(&format!("/nhiem-vu/{sid}"))
            .await
            .body
            .contains("XYZ")
    );
    assert!(
        vp.get(&format!("/nhiem-vu/{sid}"))
            .await
            .body
            .contains("XYZ")
    );
    let hidden = staff.get(&format!("/nhiem-vu/{sid}")).await;
    assert_eq!(hidden.status, StatusCode::OK);
    assert!(!hidden.body.contains("XYZ") && hidden.body.contains("(Nội dung mật)"));
    let listed = staff.get("/nhiem-vu?q=th%E1%BB%AD+nghi%E1%BB%87m").await;
    assert!(!listed.body.contains("XYZ"));

    // Bearer tokens for machine clients; a session cookie needs X-CSRF-Token for API writes.
    let token = s
        .create_api_token(&sokhdt, "máy báo cáo")
        .await
        .expect("token");
    let r = anon
        .send(
            Request::get("/api/v1/tasks?limit=5")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = anon
        .send(
            Request::get(format!("/api/v1/tasks/{fid}"))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = anon
        .send(
            Request::get("/api/v1/tasks")
                .header(header::AUTHORIZATION, "Bearer td_wrong")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let doc = serde_json::json!({"number": "99/TB-VP", "date": "2023-01-30", "kind": "thong_bao_ket_luan", "summary": "Thử API bằng phiên"}).to_string();
    let post = |csrf: Option<&str>| {
        let mut b = Request::post("/api/v1/documents")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, vp.cookie.clone().expect("cookie"));
        if let Some(t) = csrf {
            b = b.header("x-csrf-token", t);
        }
        b.body(Body::from(doc.clone())).expect("req")
    };
    let r = vp.send(post(None)).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "session API write without X-CSRF-Token"
    );
    let r = vp.send(post(vp.csrf.as_deref())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // Login throttling: after five wrong passwords the account stays locked, even with the
    // right password, until the lock ends.
    for _ in 0..5 {
        let r = anon
            .post(
                "/dang-nhap",
                &[("username", "to770"), ("password", "sai")],
                false,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = anon
        .post(
            "/dang-nhap",
            &[("username", "to770"), ("password", "demo")],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "locked");
    assert!(r.body.contains("tạm khóa"));
    let api = anon
        .send(
            Request::get("/api/v1/units")
                .header(header::AUTHORIZATION, "Basic dG83NzA6ZGVtbw==")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(
        api.status,
        StatusCode::FORBIDDEN,
        "HTTP Basic is throttled too"
    );
    s.clock.set(s.clock.now() + chrono::Duration::minutes(10));
    let r = anon
        .post(
            "/dang-nhap",
            &[("username", "to770"), ("password", "demo")],
            false,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "still locked after 10 minutes"
    );
    s.clock.set(s.clock.now() + chrono::Duration::minutes(6));
    let r = anon
        .post(
            "/dang-nhap",
            &[("username", "to770"), ("password", "demo")],
            false,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "unlocked after the lock period"
    );

    // Sign-out ends the session in the database.
    let r = staff.post("/dang-xuat", &[], true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(staff.get("/nhiem-vu").await.status, StatusCode::SEE_OTHER);

    // Password change: wrong current password is a field message; then the new one works.
    let r = unit
        .post(
            "/tai-khoan/mat-khau",
            &[
                ("current_password", "x"),
                ("new_password", "matkhaumoi1"),
                ("repeat_password", "matkhaumoi1"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("mật khẩu hiện tại không đúng"));
    let r = unit
        .post(
            "/tai-khoan/mat-khau",
            &[
                ("current_password", "demo"),
                ("new_password", "matkhaumoi1"),
                ("repeat_password", "matkhaumoi1"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    Client::sign_in(&s, "sokhdt", "matkhaumoi1").await;
    s.store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_on_sqlite() {
    let db = Db::sqlite("web").await;
    web_suite(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_on_postgres() {
    if let Some(db) = on_postgres("web").await {
        web_suite(&db).await;
        db.drop().await;
    }
}
