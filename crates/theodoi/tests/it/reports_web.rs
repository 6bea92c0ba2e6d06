//! Issue 4 in the web: the report page with the seed's figures, the .xlsx/.docx downloads,
//! issuing a report and its recompute diff; the task list's downloads scoped by the user's
//! units; the import upload with its preview, confirmation and refusals.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use theodoi::service::Services;
use theodoi_core::model::Role;

use crate::common::{Db, demo, on_postgres};
use crate::web::Client;

pub struct Download {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

/// A GET whose body is kept as bytes (files).
pub async fn download(c: &Client, uri: &str) -> Download {
    let mut b = Request::builder().method("GET").uri(uri);
    if let Some(k) = &c.cookie {
        b = b.header(header::COOKIE, k.clone());
    }
    let resp = c
        .app
        .clone()
        .oneshot(b.body(Body::empty()).expect("req"))
        .await
        .expect("response");
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Download {
        status,
        headers,
        bytes,
    }
}

fn tile(body: &str, id: &str) -> String {
    let at = body.find(&format!("id=\"{id}\"")).expect(id);
    let rest = &body[at..];
    let n = rest.find("<span class=\"n\">").expect("figure") + 16;
    rest[n..].split('<').next().expect("text").to_string()
}

async fn issued_count(s: &Services) -> usize {
    s.issued_reports(&Services::system_actor(Role::Office))
        .await
        .expect("issued")
        .len()
}

async fn report_page(db: &Db) {
    let s = demo(&db.url).await;
    let leader = Client::sign_in(&s, "lanhdao", "demo").await;

    // The January 2023 report shows the seed's figures, chosen with the form's own fields.
    let page = leader
        .get("/bao-cao?kind=month&year=2023&month=1&as_of=31%2F01%2F2023&basis=in_progress")
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let figures: Vec<String> = [
        "fig-tasks",
        "fig-completed",
        "fig-in-progress",
        "fig-overdue",
        "fig-rate",
    ]
    .iter()
    .map(|id| tile(&page.body, id))
    .collect();
    assert_eq!(figures, ["411", "138", "273", "68", "24,9%"]);
    for want in [
        "Tổng số nhiệm vụ giao cho các ngành, địa phương thực hiện trong tháng 1/2023 là 411 nhiệm vụ",
        "9/15 địa phương chưa hoàn thành",
        "Điểm = 100 ×",
        "quá hạn ÷ đang thực hiện",
        "01/01/2023 – 31/01/2023",
        "So với kỳ trước",
        "id=\"by-leader\"",
        "id=\"by-field\"",
        "id=\"by-document\"",
        "id=\"ageing\"",
    ] {
        assert!(page.body.contains(want), "{want} on the report page");
    }
    // The written-out window of a link gives the same report; the due basis changes the rate.
    let due = leader
        .get("/bao-cao?window=month:2023-01&as_of=2023-01-31&basis=due")
        .await;
    assert_eq!(tile(&due.body, "fig-tasks"), "411");
    assert!(due.body.contains("quá hạn ÷ (hoàn thành + quá hạn)"));
    assert_ne!(tile(&due.body, "fig-rate"), "24,9%");
    // An nd09 window is offered and computed (15/12/2022 – 14/01/2023).
    let nd09 = leader
        .get("/bao-cao?kind=nd09-month&year=2023&month=1&as_of=14%2F01%2F2023")
        .await;
    assert_eq!(nd09.status, StatusCode::OK);
    assert!(nd09.body.contains("15/12/2022 – 14/01/2023"));

    // Bad input: every mistake named, what was typed kept, no report.
    let bad = leader
        .get("/bao-cao?kind=month&year=2023&month=13&as_of=32%2F01%2F2023")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("tháng &#39;13&#39; không hợp lệ")
            || bad.body.contains("tháng '13' không hợp lệ"),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("32/01/2023"), "the typed date stays");
    assert!(!bad.body.contains("id=\"fig-tasks\""));

    // Downloads: the same files as the CLI, with their content types.
    let xlsx = download(
        &leader,
        "/bao-cao/tai-ve/xlsx?window=month:2023-01&as_of=2023-01-31",
    )
    .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(xlsx.headers[header::CONTENT_TYPE], theodoi::service::XLSX);
    assert!(
        xlsx.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .expect("disposition")
            .contains("attachment; filename=\"bao-cao-20230101-20230131.xlsx\"")
    );
    use calamine::{DataType, Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx.bytes)).expect("a valid workbook");
    let sheet = wb.worksheet_range("Tổng hợp").expect("sheet");
    assert_eq!(
        sheet.get_value((4, 1)).and_then(|v| v.as_f64()),
        Some(411.0)
    );
    assert_eq!(
        sheet.get_value((10, 1)).and_then(|v| v.as_f64()),
        Some(68.0)
    );
    let docx = download(
        &leader,
        "/bao-cao/tai-ve/docx?window=month:2023-01&as_of=2023-01-31",
    )
    .await;
    assert_eq!(docx.status, StatusCode::OK);
    assert_eq!(docx.headers[header::CONTENT_TYPE], theodoi::service::DOCX);
    assert!(docx.bytes.starts_with(b"PK") && docx.bytes.len() > 10_000);
    let pdf = download(&leader, "/bao-cao/tai-ve/pdf?window=month:2023-01").await;
    assert_eq!(pdf.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A unit manager sees the report of their own units only, and cannot issue it.
    let unit = Client::sign_in(&s, "sokhdt", "demo").await;
    let own = unit
        .get("/bao-cao?window=month:2023-01&as_of=2023-01-31")
        .await;
    assert_eq!(own.status, StatusCode::OK);
    let own_tasks: i64 = tile(&own.body, "fig-tasks")
        .replace('.', "")
        .parse()
        .expect("n");
    assert!(own_tasks > 0 && own_tasks < 411, "{own_tasks}");
    assert!(!own.body.contains("id=\"issue\""));
    let refused = unit
        .post(
            "/bao-cao/ban-hanh",
            &[
                ("window", "month:2023-01"),
                ("as_of", "2023-01-31"),
                ("number", "1/BC-X"),
            ],
            true,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        unit.get("/bao-cao/da-ban-hanh").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(issued_count(&s).await, 0);

    // The office issues it under a number; the list and the frozen figures show it.
    let office = Client::sign_in(&s, "vanphong", "demo").await;
    let form = [
        ("window", "month:2023-01"),
        ("as_of", "2023-01-31"),
        ("basis", "in_progress"),
    ];
    let missing = office.post("/bao-cao/ban-hanh", &form, true).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("thiếu số báo cáo"));
    assert_eq!(issued_count(&s).await, 0);
    let mut with_number = form.to_vec();
    with_number.push(("number", "15/BC-VP"));
    let done = office.post("/bao-cao/ban-hanh", &with_number, true).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let to = done.headers[header::LOCATION]
        .to_str()
        .expect("location")
        .to_string();
    let shown = office.get(&to).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains("15/BC-VP") && shown.body.contains(">411<"));
    assert!(
        shown.body.contains("id=\"no-changes\""),
        "nothing changed yet"
    );
    let list = office.get("/bao-cao/da-ban-hanh").await;
    assert!(list.body.contains("15/BC-VP"));
    // The same number twice is refused, on its field, and nothing is stored.
    let twice = office.post("/bao-cao/ban-hanh", &with_number, true).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.body.contains("đã dùng cho báo cáo đã ban hành"));
    assert!(
        twice.body.contains("value=\"15/BC-VP\""),
        "the typed number stays"
    );
    assert_eq!(issued_count(&s).await, 1);

    // A completion confirmed later, dated in January, shows as a change since issuing.
    let overdue = s
        .store
        .tasks(&theodoi_store::TaskFilter {
            timeframe: Some(theodoi_store::Timeframe::Overdue),
            today: Some(crate::common::d("2023-01-31")),
            limit: 1,
            ..Default::default()
        })
        .await
        .expect("tasks")
        .tasks
        .remove(0)
        .task;
    // Written straight to the store: a completion of 30/01 recorded after the report was issued.
    let at = chrono::Utc::now();
    let mut tx = s.store.begin().await.expect("tx");
    tx.set_completed(overdue.id, Some(crate::common::d("2023-01-30")), at)
        .await
        .expect("completed");
    tx.set_state(overdue.id, theodoi_core::model::TaskState::Completed, at)
        .await
        .expect("state");
    tx.commit().await.expect("commit");
    let after = office.get(&to).await;
    assert!(after.body.contains("id=\"changes\""), "{}", after.body);
    assert!(after.body.contains("Đã hoàn thành"));
}

#[tokio::test]
async fn report_page_on_sqlite() {
    report_page(&Db::sqlite("reports_web").await).await;
}

#[tokio::test]
async fn report_page_on_postgres() {
    if let Some(db) = on_postgres("reports_web").await {
        report_page(&db).await;
        db.drop().await;
    }
}

fn count_of(body: &str) -> usize {
    let at = body.find("id=\"task-count\">").expect("count") + 16;
    body[at..]
        .split('<')
        .next()
        .expect("n")
        .replace('.', "")
        .parse()
        .expect("number")
}

/// The CSV's rows as (lead unit, co-operating units, content).
fn csv_rows(bytes: &[u8]) -> Vec<(String, String, String)> {
    let text = std::str::from_utf8(bytes).expect("utf-8");
    let text = text.strip_prefix('\u{feff}').expect("BOM for Excel");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let h = r.headers().expect("headers").clone();
    let col = |name: &str| h.iter().position(|x| x == name).expect(name);
    let (lead, coop, content) = (
        col("Đơn vị chủ trì"),
        col("Đơn vị phối hợp"),
        col("Nội dung nhiệm vụ"),
    );
    r.records()
        .map(|x| {
            let x = x.expect("record");
            (
                x[lead].to_string(),
                x[coop].to_string(),
                x[content].to_string(),
            )
        })
        .collect()
}

async fn task_downloads(db: &Db) {
    let s = demo(&db.url).await;
    let leader = Client::sign_in(&s, "lanhdao", "demo").await;
    let unit = Client::sign_in(&s, "sokhdt", "demo").await;
    let sokhdt = s.actor_by_username("sokhdt").await.expect("sokhdt");
    let units = s.store.units().await.expect("units");
    let name_of = |id: theodoi_core::ids::UnitId| {
        units
            .iter()
            .find(|u| u.id == id)
            .expect("unit")
            .name
            .clone()
    };
    let own: Vec<String> = sokhdt.scope.iter().map(|u| name_of(*u)).collect();

    // The leader's filtered list and its two files hold the same tasks.
    let filters = "tf=overdue&sort=assigned";
    let page = leader.get(&format!("/nhiem-vu?{filters}")).await;
    let shown = count_of(&page.body);
    assert!(shown > 0);
    assert!(
        page.body.contains(&format!(
            "/nhiem-vu/tai-ve/xlsx?{}",
            filters.replace('&', "&amp;")
        )) || page.body.contains("/nhiem-vu/tai-ve/xlsx?tf=overdue"),
        "download links carry the filters"
    );
    let csv = download(&leader, &format!("/nhiem-vu/tai-ve/csv?{filters}")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers[header::CONTENT_TYPE], theodoi::service::CSV);
    assert_eq!(csv_rows(&csv.bytes).len(), shown);
    let xlsx = download(&leader, &format!("/nhiem-vu/tai-ve/xlsx?{filters}")).await;
    assert_eq!(xlsx.headers[header::CONTENT_TYPE], theodoi::service::XLSX);
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx.bytes)).expect("workbook");
    let sheet = wb.worksheet_range("Nhiệm vụ").expect("sheet");
    assert_eq!(sheet.height(), shown + 1, "a header row and one row a task");
    let everything = count_of(&leader.get("/nhiem-vu").await.body);

    // A unit manager's file holds only what their list shows: their units' tasks.
    let list = unit.get("/nhiem-vu").await;
    let theirs = count_of(&list.body);
    let rows = csv_rows(&download(&unit, "/nhiem-vu/tai-ve/csv").await.bytes);
    assert_eq!(rows.len(), theirs);
    assert!(
        theirs > 0 && theirs < everything,
        "{theirs} of {everything}"
    );
    for (lead, coop, _) in &rows {
        assert!(
            own.contains(lead) || coop.split("; ").any(|c| own.iter().any(|o| o == c)),
            "{lead} / {coop} is not a unit of sokhdt"
        );
    }
    // Asking for another unit's list is refused, as on the page; a bad filter is named.
    let other = units
        .iter()
        .find(|u| !sokhdt.in_scope(u.id))
        .expect("another unit");
    let refused = download(&unit, &format!("/nhiem-vu/tai-ve/xlsx?unit={}", other.id.0)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let bad = download(&unit, "/nhiem-vu/tai-ve/csv?state=xyz").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(String::from_utf8_lossy(&bad.bytes).contains("trạng thái"));
}

#[tokio::test]
async fn task_downloads_on_sqlite() {
    task_downloads(&Db::sqlite("task_downloads").await).await;
}

#[tokio::test]
async fn task_downloads_on_postgres() {
    if let Some(db) = on_postgres("task_downloads").await {
        task_downloads(&db).await;
        db.drop().await;
    }
}

/// Posts a multipart form with one file, as a browser's upload form does.
async fn upload(
    c: &Client,
    uri: &str,
    filename: &str,
    bytes: &[u8],
    csrf: bool,
) -> crate::web::Resp {
    let boundary = "----theodoi-test-boundary";
    let mut body: Vec<u8> = Vec::new();
    if csrf && let Some(t) = &c.csrf {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{t}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut b = Request::builder().method("POST").uri(uri).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={boundary}"),
    );
    if let Some(k) = &c.cookie {
        b = b.header(header::COOKIE, k.clone());
    }
    c.send(b.body(Body::from(body)).expect("req")).await
}

async fn task_total(s: &Services) -> i64 {
    s.store
        .tasks(&theodoi_store::TaskFilter {
            limit: 1,
            include_delegated: true,
            ..Default::default()
        })
        .await
        .expect("tasks")
        .total
}

/// Follows an upload's redirect and waits until its background step has finished.
async fn settled(c: &Client, location: &str) -> String {
    for _ in 0..600 {
        let page = c.get(location).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        if !page.body.contains("http-equiv=\"refresh\"") {
            return page.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import job at {location} did not finish");
}

fn location(r: &crate::web::Resp) -> String {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.headers[header::LOCATION]
        .to_str()
        .expect("location")
        .to_string()
}

async fn import_upload(db: &Db) {
    let s = demo(&db.url).await;
    let units = s.store.units().await.expect("units");
    let (a, b) = (&units[1].name, &units[2].name);
    let header_row = "Số ký hiệu văn bản,Ngày văn bản,Nội dung nhiệm vụ,Đơn vị chủ trì,Ngày giao,Thời hạn,Trạng thái\n";
    let good = format!(
        "{header_row}77/TB-VP,10/01/2023,Rà soát quy hoạch khu công nghiệp,{a},10/01/2023,28/02/2023,\n\
         77/TB-VP,10/01/2023,Báo cáo tình hình giải ngân vốn,\"{b}\",10/01/2023,31/03/2023,Đang thực hiện\n"
    );
    let bad = format!(
        "{header_row}78/TB-VP,11/01/2023,Một nhiệm vụ đúng,{a},11/01/2023,28/02/2023,\n\
         78/TB-VP,11/01/2023,Đơn vị không có,Sở Không Tồn Tại,11/01/2023,28/02/2023,\n\
         78/TB-VP,11/01/2023,Ngày sai,{a},31/02/2023,28/02/2023,\n"
    );
    let before = task_total(&s).await;

    // Only the office imports: others are refused, before anything is stored.
    let leader = Client::sign_in(&s, "lanhdao", "demo").await;
    assert_eq!(
        leader.get("/nhap-nhiem-vu").await.status,
        StatusCode::FORBIDDEN
    );
    let refused = upload(&leader, "/nhap-nhiem-vu", "a.csv", good.as_bytes(), true).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let office = Client::sign_in(&s, "vanphong", "demo").await;
    // An upload without the form's CSRF field is refused.
    let forged = upload(&office, "/nhap-nhiem-vu", "a.csv", good.as_bytes(), false).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let not_sheet = upload(&office, "/nhap-nhiem-vu", "a.pdf", b"%PDF", true).await;
    assert_eq!(not_sheet.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(not_sheet.body.contains("không phải .xlsx hoặc .csv"));

    // A file with bad rows: every bad row named with its column; nothing imported.
    let at = location(&upload(&office, "/nhap-nhiem-vu", "loi.csv", bad.as_bytes(), true).await);
    let page = settled(&office, &at).await;
    assert!(page.contains("id=\"bad-rows\""), "{page}");
    assert!(
        page.contains("không tìm thấy đơn vị &#39;Sở Không Tồn Tại&#39;")
            || page.contains("không tìm thấy đơn vị 'Sở Không Tồn Tại'"),
        "{page}"
    );
    assert!(
        page.contains("<td class=\"num\">3</td><td>Đơn vị chủ trì</td>"),
        "{page}"
    );
    assert!(
        page.contains("<td class=\"num\">4</td><td>Ngày giao</td>"),
        "{page}"
    );
    assert!(
        !page.contains("id=\"confirm\""),
        "no confirmation with bad rows"
    );
    let _ = office.post(&format!("{at}/xac-nhan"), &[], true).await;
    let page = settled(&office, &at).await;
    assert!(!page.contains("id=\"done\""));
    assert_eq!(task_total(&s).await, before, "a bad file imports nothing");

    // A good file: the preview lists what would happen and writes nothing.
    let at = location(&upload(&office, "/nhap-nhiem-vu", "tot.csv", good.as_bytes(), true).await);
    let page = settled(&office, &at).await;
    assert!(page.contains("id=\"confirm\""), "{page}");
    assert!(page.contains("Rà soát quy hoạch khu công nghiệp") && page.contains("Nhập mới"));
    assert_eq!(task_total(&s).await, before, "the preview writes nothing");
    // Another user cannot see or confirm someone else's upload.
    let unit = Client::sign_in(&s, "sokhdt", "demo").await;
    assert_eq!(unit.get(&at).await.status, StatusCode::FORBIDDEN);
    // Confirmed: both rows are imported, with progress shown until done.
    let done = office.post(&format!("{at}/xac-nhan"), &[], true).await;
    assert_eq!(location(&done), at);
    let page = settled(&office, &at).await;
    assert!(page.contains("id=\"done\""), "{page}");
    assert_eq!(task_total(&s).await, before + 2);
    // The same file again: both rows are already present; nothing new to import.
    let again =
        location(&upload(&office, "/nhap-nhiem-vu", "tot.csv", good.as_bytes(), true).await);
    let page = settled(&office, &again).await;
    assert!(page.contains("Đã có"), "{page}");
    let created = page
        .split("Nhiệm vụ sẽ nhập mới</th><td class=\"num\">")
        .nth(1)
        .and_then(|x| x.split('<').next());
    assert_eq!(created, Some("0"));
    // A job id that is not the user's (or does not exist) is not found.
    assert_eq!(
        office
            .get("/nhap-nhiem-vu/00000000000000000000000000000000")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn import_upload_on_sqlite() {
    import_upload(&Db::sqlite("import_upload").await).await;
}

#[tokio::test]
async fn import_upload_on_postgres() {
    if let Some(db) = on_postgres("import_upload").await {
        import_upload(&db).await;
        db.drop().await;
    }
}

async fn api_call(
    s: &Services,
    method: &str,
    uri: &str,
    basic: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Download {
    let app = theodoi::web::app_with(s.clone(), theodoi::web::WebConfig::default());
    let resp = app
        .oneshot(
            Request::builder()
                .method(method)
                .uri(uri)
                .header(header::AUTHORIZATION, format!("Basic {basic}"))
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body))
                .expect("req"),
        )
        .await
        .expect("response");
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Download {
        status,
        headers,
        bytes,
    }
}

async fn api_files(db: &Db) {
    let s = demo(&db.url).await;
    const OFFICE: &str = "dmFucGhvbmc6ZGVtbw==";
    const UNIT: &str = "c29raGR0OmRlbW8=";
    let xlsx = api_call(
        &s,
        "GET",
        "/api/v1/report/file/xlsx?window=month:2023-01&as_of=2023-01-31",
        OFFICE,
        "",
        vec![],
    )
    .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(xlsx.headers[header::CONTENT_TYPE], theodoi::service::XLSX);
    let csv = api_call(
        &s,
        "GET",
        "/api/v1/tasks/export/csv?timeframe=overdue",
        UNIT,
        "",
        vec![],
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(!csv_rows(&csv.bytes).is_empty());
    // Import through the API: only the office; a dry run writes nothing.
    let units = s.store.units().await.expect("units");
    let sheet = format!(
        "Nội dung nhiệm vụ,Đơn vị chủ trì,Ngày giao\nKiểm tra qua API,{},05/01/2023\n",
        units[1].name
    );
    let before = task_total(&s).await;
    let refused = api_call(
        &s,
        "POST",
        "/api/v1/tasks/import?filename=a.csv",
        UNIT,
        "text/csv",
        sheet.clone().into_bytes(),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let dry = api_call(
        &s,
        "POST",
        "/api/v1/tasks/import?filename=a.csv&dry_run=true",
        OFFICE,
        "text/csv",
        sheet.clone().into_bytes(),
    )
    .await;
    assert_eq!(
        dry.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&dry.bytes)
    );
    let v: serde_json::Value = serde_json::from_slice(&dry.bytes).expect("json");
    assert_eq!(
        (v["created"].as_i64(), v["written"].as_bool()),
        (Some(1), Some(false))
    );
    assert_eq!(task_total(&s).await, before);
    // Issued reports through the API.
    let issued = api_call(
        &s,
        "POST",
        "/api/v1/reports/issued",
        OFFICE,
        "application/json",
        br#"{"number":"16/BC-VP","window":"month:2023-01","as_of":"2023-01-31"}"#.to_vec(),
    )
    .await;
    assert_eq!(
        issued.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&issued.bytes)
    );
    let v: serde_json::Value = serde_json::from_slice(&issued.bytes).expect("json");
    assert_eq!(v["report"]["totals"]["tasks"].as_i64(), Some(411));
    let id = v["id"].as_i64().expect("id");
    let diff = api_call(
        &s,
        "GET",
        &format!("/api/v1/reports/issued/{id}?diff=true"),
        OFFICE,
        "",
        vec![],
    )
    .await;
    let v: serde_json::Value = serde_json::from_slice(&diff.bytes).expect("json");
    assert_eq!(v["changes"].as_array().map(Vec::len), Some(0));
    let hidden = api_call(&s, "GET", "/api/v1/reports/issued", UNIT, "", vec![]).await;
    assert_eq!(hidden.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn api_files_on_sqlite() {
    api_files(&Db::sqlite("api_files").await).await;
}

#[tokio::test]
async fn api_files_on_postgres() {
    if let Some(db) = on_postgres("api_files").await {
        api_files(&db).await;
        db.drop().await;
    }
}
