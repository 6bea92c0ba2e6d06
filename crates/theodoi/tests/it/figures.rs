//! Indicators and public investment (issue 5): the two acceptance commands on the demo,
//! verdicts at the boundaries through the services, permissions, and bad input that changes
//! nothing — on SQLite, and on PostgreSQL when THEODOI_TEST_PG is set.

use std::process::Command;

use theodoi::clock::Clock;
use theodoi::service::Services;
use theodoi::service::UnitInput;
use theodoi::service::indicators::{IndicatorInput, TargetInput, ValueInput};
use theodoi::service::investment::{AdjustmentInput, DisbursementInput, LineKey, PlanInput};
use theodoi_core::DomainError;
use theodoi_core::indicator::{Period, Verdict};
use theodoi_core::model::Role;
use theodoi_store::Store;

use crate::common::{Db, d, demo, on_postgres};

fn cli(url: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_theodoi"))
        .args(args)
        .args(["--db", url])
        .env_remove("THEODOI_DB")
        .output()
        .expect("run theodoi");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn keys(v: &serde_json::Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
    k.sort();
    k
}

async fn counts(s: &Services) -> (i64, (i64, i64, i64), (i64, i64, i64)) {
    (
        s.store.audit_count().await.expect("audit"),
        s.store.indicator_row_counts().await.expect("ind"),
        s.store.investment_row_counts().await.expect("inv"),
    )
}

fn invalid_mentions(r: Result<impl std::fmt::Debug, DomainError>, words: &str) {
    match r {
        Err(e @ DomainError::Invalid(_)) => {
            let m = e.to_string();
            assert!(m.contains(words), "message '{m}' should mention '{words}'");
        }
        other => panic!("expected invalid input mentioning '{words}', got {other:?}"),
    }
}

async fn acceptance(db: &Db) {
    let s = demo(&db.url).await;
    let url = db.url.as_str();

    let (ok, out, err) = cli(
        url,
        &[
            "indicators",
            "summary",
            "--period",
            "2023",
            "--unit",
            "TP Cao Lãnh",
            "--format",
            "json",
        ],
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        keys(&v),
        [
            "achieved",
            "exceeded",
            "indicators",
            "not_achieved",
            "period",
            "total",
            "unit"
        ]
    );
    assert_eq!(v["period"], "2023");
    assert_eq!(v["total"], 13);
    assert_eq!(v["not_achieved"], 0);
    let met = v["exceeded"].as_u64().expect("n") + v["achieved"].as_u64().expect("n");
    assert_eq!(met, 13, "13/13 đạt và vượt");
    assert_eq!(v["indicators"].as_array().expect("list").len(), 13);

    // The same by the alias, spelled loosely.
    let (ok, out, _) = cli(
        url,
        &[
            "indicators",
            "summary",
            "--period",
            "2023",
            "--unit",
            "thanh pho  CAO LANH",
        ],
    );
    assert!(ok && out.contains("13/13 chỉ tiêu đạt và vượt"), "{out}");

    let (ok, out, err) = cli(
        url,
        &[
            "investment",
            "summary",
            "--year",
            "2024",
            "--as-of",
            "2024-02-21",
            "--unit",
            "TP Cao Lãnh",
            "--format",
            "json",
        ],
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        keys(&v),
        ["as_of", "disbursed", "plan", "rate", "sources", "year"]
    );
    assert_eq!(v["year"], 2024);
    assert_eq!(v["as_of"], "2024-02-21");
    assert_eq!(v["plan"], 717_000_000_000i64);
    assert_eq!(v["disbursed"], 26_740_000_000i64);
    let rate = v["rate"].as_f64().expect("rate");
    assert!((rate - 0.0373).abs() < 0.00005, "{rate}");
    let sources = v["sources"].as_array().expect("sources");
    let plan_of = |name: &str| {
        let s = sources
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("source {name}"));
        assert_eq!(keys(s), ["disbursed", "name", "plan", "rate"]);
        s["plan"].as_i64().expect("plan")
    };
    assert_eq!(plan_of("Vốn tỉnh"), 383_000_000_000);
    assert_eq!(plan_of("Vốn tỉnh quản lý trực tiếp"), 22_870_000_000);
    assert_eq!(plan_of("Vốn tỉnh hỗ trợ có mục tiêu"), 360_130_000_000);
    assert_eq!(plan_of("Vốn thành phố quản lý"), 334_000_000_000);

    // Text form in Vietnamese.
    let (ok, out, _) = cli(
        url,
        &[
            "investment",
            "summary",
            "--year",
            "2024",
            "--as-of",
            "2024-02-21",
            "--unit",
            "TP Cao Lãnh",
        ],
    );
    assert!(
        ok && out.contains("26,74 tỷ đồng") && out.contains("3,73%") && out.contains("717 tỷ đồng"),
        "{out}"
    );

    // 2023: 548 of 559 tỷ = 98%.
    let office = Services::system_actor(Role::Office);
    let city = s.find_unit("TP Cao Lãnh").await.expect("city").id.0;
    let y23 = s
        .investment_summary(&office, 2023, d("2024-01-31"), Some(city))
        .await
        .expect("2023");
    assert_eq!(
        (y23.plan, y23.disbursed),
        (559_000_000_000, 548_000_000_000)
    );
    assert!((y23.rate - 0.98).abs() < 0.005);
    // The same date last year, milestones and the curve.
    let det = s
        .investment_detail(&office, 2024, d("2024-02-21"), Some(city))
        .await
        .expect("detail");
    assert_eq!(det.last_year_as_of, d("2023-02-21"));
    assert_eq!(det.last_year.disbursed, 18_500_000_000);
    assert_eq!(det.milestones.len(), 2);
    assert!(det.milestones.iter().all(|m| m.status == "due"));
    assert_eq!(det.curve.last().map(|p| p.disbursed), Some(26_740_000_000));
    assert_eq!(det.investors.len(), 3);
    assert!(det.investors.windows(2).all(|w| w[0].rate >= w[1].rate));
    let y23_end = s
        .investment_detail(&office, 2023, d("2023-12-31"), Some(city))
        .await
        .expect("2023 end");
    assert_eq!(
        y23_end.milestones[1].status, "behind",
        "93% < 95% at year end"
    );
    assert_eq!(y23_end.milestones[0].status, "behind", "57% < 60% on 31/8");

    // An ambiguous name lists both units and fails.
    let (ok, _, err) = cli(
        url,
        &[
            "indicators",
            "summary",
            "--period",
            "2023",
            "--unit",
            "Cao Lãnh",
        ],
    );
    assert!(!ok);
    assert!(
        err.contains("thành phố Cao Lãnh") && err.contains("huyện Cao Lãnh"),
        "{err}"
    );

    // Kiên Giang's targets.
    let prov = s.find_unit("UBND tỉnh").await.expect("tỉnh").id.0;
    let h2030 = s
        .indicator_summary(&office, Period::Horizon(2030), Some(prov))
        .await
        .expect("2030");
    assert_eq!(h2030.total, 5);
    assert_eq!(h2030.not_reported().len(), 5);
    let term = s
        .indicator_summary(&office, Period::Term(2021, 2025), Some(prov))
        .await
        .expect("term");
    let rev = term
        .indicators
        .iter()
        .find(|l| l.code == "KG_THUNS")
        .expect("revenue");
    assert_eq!(rev.target, "hơn 73.645 tỷ đồng");

    // An indicator linked to the tasks meant to move it; a second link is a conflict.
    let task = s
        .store
        .tasks(&theodoi_store::TaskFilter {
            limit: 1,
            ..Default::default()
        })
        .await
        .expect("tasks")
        .tasks[0]
        .task
        .id
        .0;
    s.link_indicator_task(&office, "CL_THUNS", task)
        .await
        .expect("link");
    assert_eq!(
        s.indicator_tasks(&office, "CL_THUNS")
            .await
            .expect("linked"),
        vec![task]
    );
    assert!(matches!(
        s.link_indicator_task(&office, "CL_THUNS", task).await,
        Err(DomainError::Conflict(_))
    ));

    api(&s).await;
    bad_input(&s).await;
    permissions(&s).await;
}

async fn call(
    s: &Services,
    method: &str,
    uri: &str,
    user: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let auth = format!("Basic {}", b64(&format!("{user}:demo")));
    let req = axum::http::Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", auth)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(
            body.map(|b| b.to_string()).unwrap_or_default(),
        ))
        .expect("request");
    let resp = theodoi::api::router(s.clone())
        .oneshot(req)
        .await
        .expect("response");
    let status = resp.status().as_u16();
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

fn b64(s: &str) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in s.as_bytes().chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
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

/// The JSON API gives the same figures, and the same refusals.
async fn api(s: &Services) {
    let q = "/api/v1/investment/summary?year=2024&as_of=2024-02-21&unit=TP%20Cao%20L%C3%A3nh";
    let (status, v) = call(s, "GET", q, "vanphong", None).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["plan"], 717_000_000_000i64);
    assert_eq!(v["disbursed"], 26_740_000_000i64);
    let (status, v) = call(
        s,
        "GET",
        "/api/v1/indicators/summary?period=2023&unit=UBND_TP_CAOLANH",
        "ld_ubnd_tp_caolanh",
        None,
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["total"], 13);
    let (status, _) = call(s, "GET", q, "ld_ubnd_h_caolanh", None).await;
    assert_eq!(
        status, 403,
        "another district may not see the city's figures"
    );
    let city = s.find_unit("TP Cao Lãnh").await.expect("city").id.0;
    let (status, v) = call(
        s,
        "POST",
        "/api/v1/investment/disbursements",
        "ld_ubnd_tp_caolanh",
        Some(
            serde_json::json!({"year": 2024, "unit_id": city, "source": "VON_TP",
            "as_of": "2024-02-29", "cumulative": 999_000_000_000i64}),
        ),
    )
    .await;
    assert_eq!(status, 422, "{v}");
    assert_eq!(v["error"], "invalid_input");
    assert_eq!(v["fields"][0]["field"], "amount");
}

async fn bad_input(s: &Services) {
    let office = Services::system_actor(Role::Office);
    let city = s.find_unit("TP Cao Lãnh").await.expect("city").id.0;
    let before = counts(s).await;
    let value = |indicator: &str, period: &str, value: f64, quality: &str| ValueInput {
        indicator: indicator.into(),
        unit_id: city,
        period: period.into(),
        value,
        quality: quality.into(),
        source: String::new(),
        reported_on: d("2024-02-01"),
        weight: None,
    };
    invalid_mentions(
        s.report_value(&office, value("CL_THUNS", "2022", 600.0, "official"))
            .await,
        "chưa được giao",
    );
    invalid_mentions(
        s.report_value(&office, value("CL_KHONGCO", "2023", 1.0, "official"))
            .await,
        "không có chỉ tiêu",
    );
    invalid_mentions(
        s.report_value(&office, value("CL_THUNS", "2023", 700.0, "estimate"))
            .await,
        "không thể lùi",
    );
    let disb = |source: &str, as_of: &str, cumulative: i64| DisbursementInput {
        line: LineKey {
            year: 2024,
            unit_id: city,
            source: source.into(),
            project: String::new(),
        },
        as_of: d(as_of),
        cumulative,
        note: String::new(),
    };
    invalid_mentions(
        s.record_disbursement(&office, disb("VON_TINH_TT", "2024-03-01", 22_870_000_001))
            .await,
        "vượt kế hoạch vốn",
    );
    invalid_mentions(
        s.record_disbursement(&office, disb("VON_TP", "2024-03-01", -1))
            .await,
        "không được âm",
    );
    invalid_mentions(
        s.record_disbursement(&office, disb("NGUON_LA", "2024-03-01", 1))
            .await,
        "không có nguồn vốn 'NGUON_LA'",
    );
    invalid_mentions(
        s.record_disbursement(&office, disb("VON_TP", "2025-03-01", 1))
            .await,
        "chỉ giải ngân từ",
    );
    invalid_mentions(
        s.add_plan_line(
            &office,
            PlanInput {
                year: 2025,
                unit_id: city,
                source: "VON_TP".into(),
                project: String::new(),
                investor_unit_id: None,
                amount: -5,
                pm_amount: None,
                decision: String::new(),
            },
        )
        .await,
        "không được âm",
    );
    invalid_mentions(
        s.adjust_plan(
            &office,
            AdjustmentInput {
                line: LineKey {
                    year: 2024,
                    unit_id: city,
                    source: "VON_TINH_TT".into(),
                    project: String::new(),
                },
                date: d("2024-03-01"),
                delta: -22_000_000_000,
                decision: "QĐ điều chỉnh".into(),
            },
        )
        .await,
        "thấp hơn số đã giải ngân",
    );
    invalid_mentions(
        s.set_target(
            &office,
            TargetInput {
                indicator: "CL_CAYXANH".into(),
                unit_id: city,
                period: "2024".into(),
                low: Some(10.0),
                high: Some(7.0),
                wording: String::new(),
                decision: String::new(),
            },
        )
        .await,
        "cận dưới",
    );
    // The CLI refuses the same, with a non-zero exit.
    assert_eq!(counts(s).await, before, "bad input wrote nothing");

    // A valid adjustment changes the plan from its date on, audited.
    s.adjust_plan(
        &office,
        AdjustmentInput {
            line: LineKey {
                year: 2024,
                unit_id: city,
                source: "VON_TP".into(),
                project: String::new(),
            },
            date: d("2024-03-01"),
            delta: 10_000_000_000,
            decision: "QĐ điều chỉnh kế hoạch vốn".into(),
        },
    )
    .await
    .expect("adjust");
    let at = |date: &str| {
        let s = s.clone();
        let office = office.clone();
        let date = d(date);
        async move {
            s.investment_summary(&office, 2024, date, Some(city))
                .await
                .expect("summary")
                .plan
        }
    };
    assert_eq!(at("2024-02-21").await, 717_000_000_000);
    assert_eq!(at("2024-03-01").await, 727_000_000_000);
    assert_eq!(counts(s).await.0, before.0 + 1, "one audit event");

    // A revision keeps the history and becomes current.
    s.report_value(&office, value("CL_THUNS", "2023", 736.0, "official"))
        .await
        .expect("revise");
    let hist = s
        .indicator_value_history(&office, "CL_THUNS", city, Period::Year(2023))
        .await
        .expect("history");
    assert_eq!(
        hist.iter().map(|v| v.value).collect::<Vec<_>>(),
        vec![720.0, 735.0, 736.0]
    );
    assert_eq!(hist.last().map(|v| v.revision), Some(3));
    let sum = s
        .indicator_summary(&office, Period::Year(2023), Some(city))
        .await
        .expect("summary");
    let rev = sum
        .indicators
        .iter()
        .find(|l| l.code == "CL_THUNS")
        .expect("rev");
    assert_eq!(rev.value, Some(736.0));
}

async fn permissions(s: &Services) {
    let city = s.find_unit("TP Cao Lãnh").await.expect("city").id.0;
    let prov = s.find_unit("UBND tỉnh").await.expect("tỉnh").id.0;
    let city_mgr = s
        .actor_by_username("ld_ubnd_tp_caolanh")
        .await
        .expect("city");
    let district = s
        .actor_by_username("ld_ubnd_h_caolanh")
        .await
        .expect("district");
    let planner = s.actor_by_username("sokhdt").await.expect("sokhdt");
    let admin = s.actor_by_username("admin").await.expect("admin");
    let before = counts(s).await;
    let disb = DisbursementInput {
        line: LineKey {
            year: 2024,
            unit_id: city,
            source: "VON_TP".into(),
            project: String::new(),
        },
        as_of: d("2024-02-29"),
        cumulative: 12_000_000_000,
        note: String::new(),
    };
    assert!(matches!(
        s.record_disbursement(&district, disb.clone()).await,
        Err(DomainError::Forbidden(_))
    ));
    assert!(matches!(
        s.indicator_summary(&city_mgr, Period::Year(2023), Some(prov))
            .await,
        Err(DomainError::Forbidden(_))
    ));
    assert!(matches!(
        s.investment_summary(&admin, 2024, d("2024-02-21"), Some(city))
            .await,
        Err(DomainError::Forbidden(_))
    ));
    assert!(matches!(
        s.create_indicator(
            &city_mgr,
            IndicatorInput {
                code: "X".into(),
                name: "X".into(),
                unit_of_measure: "%".into(),
                decimals: 0,
                direction: "higher".into(),
                aggregation: "none".into(),
                responsible_unit_id: None,
                decision: String::new(),
            }
        )
        .await,
        Err(DomainError::Forbidden(_))
    ));
    assert_eq!(counts(s).await, before, "refused actions wrote nothing");
    // The planning agency sees every unit; a unit sees its own; a unit enters its own.
    let sum = s
        .indicator_summary(&planner, Period::Year(2023), Some(city))
        .await
        .expect("Sở KH&ĐT sees all");
    assert_eq!(sum.total, 13);
    let own = s
        .indicator_summary(&city_mgr, Period::Year(2023), None)
        .await
        .expect("own");
    assert!(own.indicators.iter().all(|l| l.unit_id == city));
    s.record_disbursement(&city_mgr, disb)
        .await
        .expect("own unit enters");
}

#[tokio::test]
async fn acceptance_and_rules_on_sqlite() {
    let db = Db::sqlite("figures").await;
    acceptance(&db).await;
}

#[tokio::test]
async fn acceptance_and_rules_on_postgres() {
    if let Some(db) = on_postgres("figures").await {
        acceptance(&db).await;
        db.drop().await;
    }
}

/// Verdicts through the services, every direction at and around the boundaries, and the
/// tolerance setting.
async fn verdicts(url: &str) {
    let store = Store::open(url).await.expect("open");
    let s = Services::new(store, Clock::at_date(d("2024-01-10")));
    let admin = Services::system_actor(Role::Admin);
    let office = Services::system_actor(Role::Office);
    let u = s
        .create_unit(
            &admin,
            UnitInput {
                code: "T".into(),
                name: "Tỉnh thử".into(),
                short_name: String::new(),
                kind: "locality".into(),
                parent_id: None,
                aliases: vec![],
                valid_from: None,
            },
        )
        .await
        .expect("unit")
        .id
        .0;
    type Case<'a> = (&'a str, &'a str, (Option<f64>, Option<f64>), f64, Verdict);
    let cases: [Case; 9] = [
        ("H1", "higher", (Some(6.5), None), 6.4, Verdict::NotAchieved),
        ("H2", "higher", (Some(6.5), None), 6.5, Verdict::Achieved),
        ("H3", "higher", (Some(6.5), None), 6.6, Verdict::Exceeded),
        ("L1", "lower", (None, Some(2.0)), 2.1, Verdict::NotAchieved),
        ("L2", "lower", (None, Some(2.0)), 2.0, Verdict::Achieved),
        ("L3", "lower", (None, Some(2.0)), 1.9, Verdict::Exceeded),
        (
            "R1",
            "range",
            (Some(50.0), Some(55.0)),
            49.9,
            Verdict::NotAchieved,
        ),
        (
            "R2",
            "range",
            (Some(50.0), Some(55.0)),
            55.0,
            Verdict::Achieved,
        ),
        (
            "R3",
            "range",
            (Some(50.0), Some(55.0)),
            55.1,
            Verdict::NotAchieved,
        ),
    ];
    for (code, direction, (low, high), value, _) in &cases {
        s.create_indicator(
            &office,
            IndicatorInput {
                code: (*code).into(),
                name: format!("Chỉ tiêu {code}"),
                unit_of_measure: "%".into(),
                decimals: 1,
                direction: (*direction).into(),
                aggregation: "none".into(),
                responsible_unit_id: Some(u),
                decision: String::new(),
            },
        )
        .await
        .expect("indicator");
        s.set_target(
            &office,
            TargetInput {
                indicator: (*code).into(),
                unit_id: u,
                period: "2023".into(),
                low: *low,
                high: *high,
                wording: String::new(),
                decision: String::new(),
            },
        )
        .await
        .expect("target");
        s.report_value(
            &office,
            ValueInput {
                indicator: (*code).into(),
                unit_id: u,
                period: "2023".into(),
                value: *value,
                quality: "sơ bộ".into(),
                source: String::new(),
                reported_on: d("2024-01-10"),
                weight: None,
            },
        )
        .await
        .expect("value");
    }
    let sum = s
        .indicator_summary(&office, Period::Year(2023), Some(u))
        .await
        .expect("summary");
    for (code, .., expected) in &cases {
        let l = sum
            .indicators
            .iter()
            .find(|l| l.code == *code)
            .expect("line");
        assert_eq!(l.verdict, Some(*expected), "{code}");
    }
    assert_eq!((sum.exceeded, sum.achieved, sum.not_achieved), (2, 3, 4));
    // A 2% tolerance: 6,4 is within 2% of 6,5 (0,13), 2,1 of 2,0 (0,04) is not.
    let mut tx = s.store.begin().await.expect("tx");
    tx.set_setting("indicator_tolerance", "0.02")
        .await
        .expect("set");
    tx.commit().await.expect("commit");
    let sum = s
        .indicator_summary(&office, Period::Year(2023), Some(u))
        .await
        .expect("summary");
    let v = |c: &str| {
        sum.indicators
            .iter()
            .find(|l| l.code == c)
            .and_then(|l| l.verdict)
    };
    assert_eq!(v("H1"), Some(Verdict::Achieved));
    assert_eq!(v("L1"), Some(Verdict::NotAchieved));
    assert_eq!(v("R1"), Some(Verdict::Achieved), "49,9 within 1,1 of 50");
    s.store.close().await;
}

#[tokio::test]
async fn verdicts_on_sqlite() {
    let db = Db::sqlite("verdicts").await;
    verdicts(&db.url).await;
}

#[tokio::test]
async fn verdicts_on_postgres() {
    if let Some(db) = on_postgres("verdicts").await {
        verdicts(&db.url).await;
        db.drop().await;
    }
}
