//! The binary as users run it (`theodoi demo`, `theodoi report`), and the JSON API's answers
//! to good and bad requests.

use std::process::Command;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use theodoi::clock::Clock;
use theodoi::service::Services;
use theodoi_store::Store;
use tower::ServiceExt;

use crate::common::{Db, d, on_postgres};

fn theodoi(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_theodoi"))
        .args(args)
        .env_remove("THEODOI_DB")
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn cli_suite(db: &Db) {
    let (ok, out, err) = theodoi(&["demo", "--db", &db.url, "--no-serve"]);
    assert!(ok, "demo failed: {err}");
    assert!(out.contains("Kiên Giang"), "{out}");
    let (ok, out, err) = theodoi(&[
        "report",
        "--db",
        &db.url,
        "--window",
        "month:2023-01",
        "--as-of",
        "2023-01-31",
        "--format",
        "json",
    ]);
    assert!(ok, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).expect("json");
    let t = &r["totals"];
    assert_eq!(
        (
            t["tasks"].as_i64(),
            t["completed"].as_i64(),
            t["in_progress"].as_i64(),
            t["overdue"].as_i64()
        ),
        (Some(411), Some(138), Some(273), Some(68))
    );
    assert!((t["overdue_rate"].as_f64().expect("rate") - 0.249).abs() < 0.0005);
    assert_eq!(r["window"]["from"], "2023-01-01");
    assert_eq!(r["basis"], "in_progress");
    let group = r["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["units"] == 15 && g["not_completed"] == 9);
    assert!(group.is_some(), "the 15-locality group with 9 not done");
    let (ok, out, _) = theodoi(&[
        "report",
        "--db",
        &db.url,
        "--window",
        "month:2023-01",
        "--as-of",
        "2023-03-31",
        "--format",
        "json",
    ]);
    assert!(ok);
    let later: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_ne!(
        later["totals"], r["totals"],
        "February–March history changes the January report as of 31/03"
    );

    // Text form in Vietnamese.
    let (ok, out, _) = theodoi(&[
        "report",
        "--db",
        &db.url,
        "--window",
        "month:2023-01",
        "--as-of",
        "2023-01-31",
    ]);
    assert!(
        ok && out.contains("chiếm 24,9%") && out.contains("9/15"),
        "{out}"
    );

    // Bad input: a clear message naming the input, a non-zero exit.
    let (ok, _, err) = theodoi(&["report", "--db", &db.url, "--window", "month:2023-13"]);
    assert!(
        !ok && err.contains("window") && err.contains("month:2023-13"),
        "{err}"
    );
    let (ok, _, err) = theodoi(&[
        "report",
        "--db",
        &db.url,
        "--window",
        "month:2023-01",
        "--as-of",
        "2023-02-30",
    ]);
    assert!(!ok && err.contains("2023-02-30"), "{err}");
    let (ok, _, err) = theodoi(&[
        "report",
        "--db",
        &db.url,
        "--window",
        "month:2023-01",
        "--assigned-by",
        "Cao Lãnh",
    ]);
    assert!(
        !ok && err.contains("TP Cao Lãnh") || err.contains("thành phố Cao Lãnh"),
        "ambiguous name lists both units: {err}"
    );
    let (ok, _, err) = theodoi(&["report", "--db", "mysql://x", "--window", "month:2023-01"]);
    assert!(!ok && err.contains("sqlite://"), "{err}");
    let (ok, _, err) = theodoi(&[
        "calendar",
        "--db",
        &db.url,
        "set",
        "2023-02-31",
        "--kind",
        "holiday",
        "--name",
        "x",
    ]);
    assert!(!ok && err.contains("2023-02-31"), "{err}");
}

#[test]
fn cli_on_sqlite() {
    let rt = tokio::runtime::Runtime::new().expect("rt");
    let db = rt.block_on(Db::sqlite("cli"));
    cli_suite(&db);
}

#[test]
fn cli_on_postgres() {
    let rt = tokio::runtime::Runtime::new().expect("rt");
    if let Some(db) = rt.block_on(on_postgres("cli")) {
        cli_suite(&db);
        rt.block_on(db.drop());
    }
}

async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    auth: Option<&str>,
    body: Option<&str>,
) -> (StatusCode, serde_json::Value) {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(a) = auth {
        req = req.header("authorization", format!("Basic {}", b64(a)));
    }
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    let resp = app
        .clone()
        .oneshot(
            req.body(Body::from(body.unwrap_or("").to_string()))
                .expect("request"),
        )
        .await
        .expect("response");
    let status = resp.status();
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

fn b64(s: &str) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, c)| acc | (u32::from(*c) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_answers() {
    let db = Db::sqlite("api").await;
    let store = Store::open(&db.url).await.expect("open");
    let s = Services::new(store, Clock::at_date(d("2022-12-01")));
    theodoi::demo::load(&s).await.expect("demo");
    let app = theodoi::api::router(s.clone());

    let (st, body) = call(
        &app,
        "GET",
        "/api/v1/report?window=month:2023-01&as_of=2023-01-31",
        None,
        None,
    )
    .await;
    assert_eq!(st, StatusCode::UNAUTHORIZED, "{body}");
    let (st, _) = call(
        &app,
        "GET",
        "/api/v1/report?window=month:2023-01",
        Some("lanhdao:sai"),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    let (st, body) = call(
        &app,
        "GET",
        "/api/v1/report?window=month:2023-01&as_of=2023-01-31",
        Some("lanhdao:demo"),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(body["totals"]["tasks"], 411);
    let (st, body) = call(
        &app,
        "GET",
        "/api/v1/report?window=quarter:2023-Q5",
        Some("lanhdao:demo"),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"], "invalid_input");
    assert_eq!(body["fields"][0]["field"], "window");

    // A department sees only its own tasks; another unit's task by id is refused.
    let (st, page) = call(
        &app,
        "GET",
        "/api/v1/tasks?limit=1000",
        Some("sokhdt:demo"),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let own: Vec<i64> = page["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| t["id"].as_i64().expect("id"))
        .collect();
    assert!(!own.is_empty());
    let (_, all) = call(
        &app,
        "GET",
        "/api/v1/tasks?limit=1000",
        Some("vanphong:demo"),
        None,
    )
    .await;
    assert!(all["total"].as_i64().expect("total") > page["total"].as_i64().expect("total"));
    let other = all["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| t["id"].as_i64().expect("id"))
        .find(|id| !own.contains(id))
        .expect("another unit's task");
    let (st, body) = call(
        &app,
        "GET",
        &format!("/api/v1/tasks/{other}"),
        Some("sokhdt:demo"),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{body}");
    let (st, _) = call(
        &app,
        "GET",
        "/api/v1/tasks/99999999",
        Some("vanphong:demo"),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // Registering: a department may not; the office may; bad fields are named.
    let doc = r#"{"number":"15/TB-VP","date":"2023-02-01","kind":"thong_bao_ket_luan","summary":"Kết luận giao ban"}"#;
    let (st, _) = call(
        &app,
        "POST",
        "/api/v1/documents",
        Some("sokhdt:demo"),
        Some(doc),
    )
    .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, body) = call(
        &app,
        "POST",
        "/api/v1/documents",
        Some("vanphong:demo"),
        Some(r#"{"number":"","date":"2023-02-30","kind":"thu","summary":"x"}"#),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["number", "date", "kind"]);
    let (st, created) = call(
        &app,
        "POST",
        "/api/v1/documents",
        Some("vanphong:demo"),
        Some(doc),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED);
    let task = format!(
        r#"{{"document_id":{},"content":"Báo cáo tiến độ giải ngân","lead_unit_ids":[5,6],"deadline":{{"text":"trước ngày 15/02/2023"}}}}"#,
        created["id"]
    );
    let (st, tasks) = call(
        &app,
        "POST",
        "/api/v1/tasks",
        Some("vanphong:demo"),
        Some(&task),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{tasks}");
    assert_eq!(tasks.as_array().map(Vec::len), Some(2));
    assert_eq!(tasks[0]["deadline_current"], "2023-02-15");
    let (st, _) = call(
        &app,
        "POST",
        "/api/v1/tasks",
        Some("vanphong:demo"),
        Some("{not json"),
    )
    .await;
    assert!(st.is_client_error());
}

/// `theodoi … | head`: when the reader has gone, the command ends quietly and successfully
/// instead of panicking in the middle of its output.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_pipe_ends_the_command_quietly() {
    let db = Db::sqlite("closed-pipe").await;
    let (ok, _, err) = theodoi(&["migrate", "--db", &db.url]);
    assert!(ok, "{err}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_theodoi"))
        .args(["calendar", "--db", &db.url, "export"])
        .env_remove("THEODOI_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    // The reader leaves before the first line is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("ends");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.success(), "{:?}: {err}", out.status);
}
