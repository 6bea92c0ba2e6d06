//! The figures pages over HTTP (issue 5): the acceptance figures in Vietnamese form on the
//! indicators, investment and dashboard pages; permissions (a unit enters only its own
//! figures); bad forms that keep what was typed, show the Vietnamese message and change
//! nothing; the milestone setting; Excel templates, export and all-or-nothing import —
//! on SQLite, and on PostgreSQL when THEODOI_TEST_PG is set.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use rust_xlsxwriter::Workbook;
use theodoi::service::Services;

use crate::common::{Db, demo, on_postgres};
use crate::web::{Client, Resp};

async fn counts(s: &Services) -> (i64, (i64, i64, i64), (i64, i64, i64), Option<String>) {
    (
        s.store.audit_count().await.expect("audit"),
        s.store.indicator_row_counts().await.expect("ind"),
        s.store.investment_row_counts().await.expect("inv"),
        s.store
            .setting("investment_milestones")
            .await
            .expect("setting"),
    )
}

fn assert_has(r: &Resp, words: &[&str]) {
    for w in words {
        assert!(r.body.contains(w), "page should show '{w}':\n{}", r.body);
    }
}

/// Posts a multipart form (a file upload) the way a browser does.
async fn upload(c: &Client, uri: &str, fields: &[(&str, &str)], file: &[u8], csrf: bool) -> Resp {
    let b = "----theodoiTestBoundary";
    let mut body: Vec<u8> = Vec::new();
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    if csrf && let Some(t) = &c.csrf {
        all.push(("_csrf", t.as_str()));
    }
    for (k, v) in all {
        body.extend(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend(
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"so-lieu.xlsx\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend(file);
    body.extend(format!("\r\n--{b}--\r\n").as_bytes());
    let mut req = Request::builder().method("POST").uri(uri).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={b}"),
    );
    if let Some(k) = &c.cookie {
        req = req.header(header::COOKIE, k.clone());
    }
    c.send(req.body(Body::from(body)).expect("request")).await
}

fn values_sheet(rows: &[[&str; 8]]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let header = [
        "Mã chỉ tiêu",
        "Đơn vị",
        "Kỳ",
        "Giá trị",
        "Mức độ",
        "Nguồn",
        "Ngày báo cáo",
        "Trọng số",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).expect("cell");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

async fn figures_web(db: &Db) {
    let s = demo(&db.url).await;
    let city = s
        .find_unit("TP Cao Lãnh")
        .await
        .expect("city")
        .id
        .0
        .to_string();
    let office = Client::sign_in(&s, "vanphong", "demo").await;

    // Indicators: 13/13 for TP Cao Lãnh in 2023, the verdicts and the qualities.
    let r = office
        .get(&format!("/chi-tieu?period=2023&unit={city}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_has(
        &r,
        &[
            "id=\"headline-count\">13/13<",
            "13/13 chỉ tiêu đạt và vượt",
            "Chính thức",
            "735 tỷ đồng",
            "Vượt",
        ],
    );
    assert!(!r.body.contains("Không đạt</td>"), "no indicator fails");
    // Per responsible unit, and the list of not reported (none for the city).
    assert!(r.body.contains("id=\"by-responsible\""));
    let r = office.get("/chi-tieu?period=2023").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(">13/13<"), "per-locality row of the city");
    // An indicator: its revisions (the estimate then the official figure) and its chart.
    let r = office
        .get(&format!("/chi-tieu/CL_THUNS?unit={city}&period=2023"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_has(&r, &["Ước tính", "Chính thức", "<svg", "720", "735"]);

    // Investment: 717 tỷ, 26,74 tỷ, 3,73% as of 21/02/2024; the same date last year.
    let r = office
        .get(&format!(
            "/dau-tu-cong?year=2024&as_of=21/02/2024&unit={city}"
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_has(
        &r,
        &[
            "id=\"plan\">717 tỷ đồng<",
            "id=\"disbursed\">26,74 tỷ đồng<",
            "id=\"rate\">3,73%<",
            "22,87 tỷ đồng",
            "360,13 tỷ đồng",
            "334 tỷ đồng",
            "Cùng kỳ năm 2023 (21/02/2023): 18,5 tỷ đồng",
            "<svg",
        ],
    );
    // 2023 by year end: 320 of 559 tỷ by 31/08 is behind the 60% milestone.
    let r = office
        .get(&format!(
            "/dau-tu-cong?year=2023&as_of=31/01/2024&unit={city}"
        ))
        .await;
    assert_has(&r, &["548 tỷ đồng", "98,03%", "milestone-behind", "Chậm"]);

    // The dashboard gains the two panels.
    let r = office
        .get("/tong-quan?window=month:2024-02&as_of=21/02/2024")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_has(
        &r,
        &[
            "id=\"panel-indicators\"",
            "id=\"panel-investment\"",
            "3,73%",
            ">13/13<",
            "href=\"/chi-tieu?period=2023\"",
        ],
    );

    // A unit enters only its own values: the district may not enter the city's.
    let district = Client::sign_in(&s, "ld_ubnd_h_caolanh", "demo").await;
    let before = counts(&s).await;
    let r = district
        .post(
            "/chi-tieu/so-lieu",
            &[
                ("v_indicator", "CL_THUNS"),
                ("v_unit", city.as_str()),
                ("v_period", "2023"),
                ("v_value", "900"),
                ("v_quality", "official"),
                ("v_reported_on", "25/01/2024"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = district
        .post(
            "/dau-tu-cong/giai-ngan",
            &[
                ("g_year", "2024"),
                ("g_unit", city.as_str()),
                ("g_source", "VON_TP"),
                ("g_as_of", "29/02/2024"),
                ("g_amount", "12 tỷ"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = district
        .post(
            "/dau-tu-cong/moc-giai-ngan",
            &[("m_milestones", "30/06:10")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(counts(&s).await, before, "refusals change nothing");

    // A value for a period with no target: the message, the typed values kept, nothing saved.
    let r = office
        .post(
            "/chi-tieu/so-lieu",
            &[
                ("v_indicator", "CL_THUNS"),
                ("v_unit", city.as_str()),
                ("v_period", "2026"),
                ("v_value", "777,5"),
                ("v_quality", "estimate"),
                ("v_source", "Báo cáo nhanh"),
                ("v_reported_on", "15/12/2026"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_has(
        &r,
        &[
            "chưa được giao",
            "giao chỉ tiêu trước khi nhập số liệu",
            "value=\"777,5\"",
            "value=\"2026\"",
            "value=\"Báo cáo nhanh\"",
            "class=\"field-error\"",
        ],
    );
    // A value that is not a number.
    let r = office
        .post(
            "/chi-tieu/so-lieu",
            &[
                ("v_indicator", "CL_THUNS"),
                ("v_unit", city.as_str()),
                ("v_period", "2023"),
                ("v_value", "bảy trăm"),
                ("v_quality", "official"),
                ("v_reported_on", "25/01/2024"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_has(&r, &["không phải là số", "value=\"bảy trăm\""]);
    // Disbursements: above the plan, negative, an unknown source.
    for (amount, source, message) in [
        ("400 tỷ", "VON_TP", "vượt kế hoạch vốn"),
        ("-5 tỷ", "VON_TP", "không được âm"),
        ("5 tỷ", "KHONG_CO", "không có nguồn vốn"),
    ] {
        let r = office
            .post(
                "/dau-tu-cong/giai-ngan",
                &[
                    ("g_year", "2024"),
                    ("g_unit", city.as_str()),
                    ("g_source", source),
                    ("g_as_of", "29/02/2024"),
                    ("g_amount", amount),
                ],
                true,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{amount}: {}",
            r.body
        );
        assert_has(&r, &[message, &format!("value=\"{amount}\"")]);
    }
    let r = office
        .post(
            "/dau-tu-cong/moc-giai-ngan",
            &[("m_milestones", "31/02:60")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_has(&r, &["không có", "value=\"31/02:60\""]);
    assert_eq!(counts(&s).await, before, "bad forms change nothing");

    // The city's own manager enters its value: a new revision on the indicator's page.
    let manager = Client::sign_in(&s, "ld_ubnd_tp_caolanh", "demo").await;
    let r = manager
        .post(
            "/chi-tieu/so-lieu",
            &[
                ("v_indicator", "CL_THUNS"),
                ("v_unit", city.as_str()),
                ("v_period", "2023"),
                ("v_value", "742"),
                ("v_quality", "official"),
                ("v_reported_on", "01/03/2024"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = manager
        .get(&format!("/chi-tieu/CL_THUNS?unit={city}&period=2023"))
        .await;
    assert_has(&r, &["742", "01/03/2024"]);
    // And its disbursement: the rate moves on the investment page.
    let r = manager
        .post(
            "/dau-tu-cong/giai-ngan",
            &[
                ("g_year", "2024"),
                ("g_unit", city.as_str()),
                ("g_source", "VON_TP"),
                ("g_as_of", "29/02/2024"),
                ("g_amount", "20,13 tỷ"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = manager
        .get(&format!(
            "/dau-tu-cong?year=2024&as_of=29/02/2024&unit={city}"
        ))
        .await;
    assert_has(
        &r,
        &["id=\"disbursed\">36,74 tỷ đồng<", "id=\"rate\">5,12%<"],
    );

    // The office moves the milestones: 2024 as of 21/02 is now behind "3% by 31/01".
    let r = office
        .post(
            "/dau-tu-cong/moc-giai-ngan",
            &[("m_milestones", "31/01:5; 31/08:60; 31/12:95")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = office
        .get(&format!(
            "/dau-tu-cong?year=2024&as_of=21/02/2024&unit={city}"
        ))
        .await;
    assert_has(&r, &["milestone-behind", "31/01/2024"]);

    // Linking a task to an indicator: a bad number keeps what was typed; a real task shows.
    let r = office
        .post(
            "/chi-tieu/CL_THUNS/nhiem-vu",
            &[
                ("task", "mười"),
                ("unit", city.as_str()),
                ("period", "2023"),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_has(&r, &["không hợp lệ", "value=\"mười\""]);
    let r = district
        .post("/chi-tieu/CL_THUNS/nhiem-vu", &[("task", "1")], true)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = office
        .post(
            "/chi-tieu/CL_THUNS/nhiem-vu",
            &[("task", "#1"), ("unit", city.as_str()), ("period", "2023")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = office
        .get(&format!("/chi-tieu/CL_THUNS?unit={city}&period=2023"))
        .await;
    assert_has(&r, &["href=\"/nhiem-vu/1\""]);

    settings_api(&s, &office, &district).await;
    excel(&s, &office, &manager, &city).await;
}

/// The settings through the JSON API: the same rules as the forms.
async fn settings_api(s: &Services, office: &Client, district: &Client) {
    let post = |c: &Client, body: &str| {
        let mut req = Request::builder()
            .method("POST")
            .uri("/api/v1/figures/settings")
            .header(header::CONTENT_TYPE, "application/json");
        if let (Some(k), Some(t)) = (&c.cookie, &c.csrf) {
            req = req
                .header(header::COOKIE, k.clone())
                .header("x-csrf-token", t.clone());
        }
        req.body(Body::from(body.to_string())).expect("request")
    };
    let before = counts(s).await;
    let r = district
        .send(post(
            district,
            r#"{"key":"indicator_tolerance","value":"2"}"#,
        ))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = office
        .send(post(
            office,
            r#"{"key":"indicator_tolerance","value":"80"}"#,
        ))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("từ 0 đến 50"), "{}", r.body);
    assert_eq!(counts(s).await, before);
    let r = office
        .send(post(
            office,
            r#"{"key":"indicator_tolerance","value":"2,5"}"#,
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!(v["indicator_tolerance_percent"], 2.5);
    assert_eq!(v["investment_milestones"], "31/01:5; 31/08:60; 31/12:95");
}

async fn excel(s: &Services, office: &Client, manager: &Client, city: &str) {
    let r = office.get("/so-lieu/excel/mau/values").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers[header::CONTENT_TYPE]
            .to_str()
            .expect("type")
            .contains("spreadsheetml"),
    );
    let r = office
        .get("/so-lieu/excel/xuat/disbursements?year=2024")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = office.get("/so-lieu/excel").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_has(&r, &["enctype=\"multipart/form-data\"", "name=\"_csrf\""]);

    // One bad row among good ones: every bad row reported, nothing imported.
    let before = counts(s).await;
    let bad = values_sheet(&[
        [
            "CL_BHYT",
            "TP Cao Lãnh",
            "2023",
            "93,6",
            "Chính thức",
            "Cục Thống kê",
            "2024-03-05",
            "",
        ],
        [
            "CL_KHONGCO",
            "TP Cao Lãnh",
            "2023",
            "1",
            "Chính thức",
            "",
            "2024-03-05",
            "",
        ],
        [
            "CL_THUNS",
            "TP Cao Lãnh",
            "2026",
            "5",
            "Ước tính",
            "",
            "2024-03-05",
            "",
        ],
    ]);
    let r = upload(
        office,
        "/so-lieu/excel/nhap",
        &[("sheet", "values")],
        &bad,
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_has(
        &r,
        &["dòng 3", "CL_KHONGCO", "dòng 4", "không dòng nào được nhập"],
    );
    // Without the CSRF field the upload is refused before it is read.
    let good = values_sheet(&[[
        "CL_BHYT",
        "TP Cao Lãnh",
        "2023",
        "93,6",
        "Chính thức",
        "Cục Thống kê",
        "2024-03-05",
        "",
    ]]);
    let r = upload(
        manager,
        "/so-lieu/excel/nhap",
        &[("sheet", "values")],
        &good,
        false,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(counts(s).await, before, "nothing imported");
    // The city's manager imports its own value.
    let r = upload(
        manager,
        "/so-lieu/excel/nhap",
        &[("sheet", "values")],
        &good,
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_has(&r, &["Đã nhập 1 dòng"]);
    let r = manager
        .get(&format!("/chi-tieu/CL_BHYT?unit={city}&period=2023"))
        .await;
    assert_has(&r, &["93,6", "Cục Thống kê"]);
}

#[tokio::test]
async fn figures_web_on_sqlite() {
    let db = Db::sqlite("figures_web").await;
    figures_web(&db).await;
}

#[tokio::test]
async fn figures_web_on_postgres() {
    if let Some(db) = on_postgres("figures_web").await {
        figures_web(&db).await;
        db.drop().await;
    }
}
