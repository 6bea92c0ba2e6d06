//! Excel import/export of indicator values, targets, plans and disbursements: all or
//! nothing, every bad row reported, round trip — on SQLite, and PostgreSQL when set.

use rust_xlsxwriter::Workbook;
use theodoi::clock::Clock;
use theodoi::service::figures_excel::{Sheet, template};
use theodoi::service::indicators::{IndicatorInput, TargetInput};
use theodoi::service::investment::PlanInput;
use theodoi::service::{Services, UnitInput};
use theodoi_core::DomainError;
use theodoi_core::model::Role;
use theodoi_store::Store;

use crate::common::{Db, d, on_postgres};

/// An .xlsx whose first sheet holds `rows` (the header first); numbers stay numbers.
fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            match v.parse::<f64>() {
                Ok(x) if r > 0 => ws.write_number(r as u32, c as u16, x).map(|_| ()),
                _ => ws.write_string(r as u32, c as u16, *v).map(|_| ()),
            }
            .expect("cell");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

async fn rows(s: &Services) -> (i64, (i64, i64, i64), (i64, i64, i64)) {
    (
        s.store.audit_count().await.expect("audit"),
        s.store.indicator_row_counts().await.expect("ind"),
        s.store.investment_row_counts().await.expect("inv"),
    )
}

fn row_errors(r: Result<usize, DomainError>) -> Vec<String> {
    match r {
        Err(DomainError::Invalid(f)) => f
            .into_iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect(),
        other => panic!("expected row errors, got {other:?}"),
    }
}

async fn excel(url: &str) {
    let store = Store::open(url).await.expect("open");
    let s = Services::new(store, Clock::at_date(d("2024-01-10")));
    let admin = Services::system_actor(Role::Admin);
    let office = Services::system_actor(Role::Office);
    let unit = |code: &str, name: &str| UnitInput {
        code: code.into(),
        name: name.into(),
        short_name: String::new(),
        kind: "locality".into(),
        parent_id: None,
        aliases: vec![],
        valid_from: None,
    };
    let u = s
        .create_unit(&admin, unit("T", "Tỉnh thử"))
        .await
        .expect("unit")
        .id
        .0;
    s.create_indicator(
        &office,
        IndicatorInput {
            code: "GROWTH".into(),
            name: "Tăng trưởng".into(),
            unit_of_measure: "%".into(),
            decimals: 1,
            direction: "higher".into(),
            aggregation: "none".into(),
            responsible_unit_id: None,
            decision: String::new(),
        },
    )
    .await
    .expect("indicator");
    s.set_target(
        &office,
        TargetInput {
            indicator: "GROWTH".into(),
            unit_id: u,
            period: "2023".into(),
            low: Some(6.5),
            high: None,
            wording: String::new(),
            decision: String::new(),
        },
    )
    .await
    .expect("target");
    s.create_invest_source(&office, "VON", "Vốn tỉnh", None)
        .await
        .expect("source");
    s.add_plan_line(
        &office,
        PlanInput {
            year: 2024,
            unit_id: u,
            source: "VON".into(),
            project: String::new(),
            investor_unit_id: None,
            amount: 100_000_000_000,
            pm_amount: None,
            decision: String::new(),
        },
    )
    .await
    .expect("plan");

    // A template imports as "no rows"; a wrong header is refused.
    let empty = template(Sheet::Values).expect("template");
    assert!(matches!(
        s.import_figures(&office, Sheet::Values, &empty).await,
        Err(DomainError::Invalid(_))
    ));
    let wrong = xlsx(&[&["Mã", "Đơn vị"]]);
    let e = row_errors(s.import_figures(&office, Sheet::Values, &wrong).await);
    assert!(e[0].contains("dòng 1"), "{e:?}");

    let header = Sheet::Values.columns();
    let before = rows(&s).await;
    let bad = xlsx(&[
        header,
        &[
            "GROWTH",
            "Tỉnh thử",
            "2023",
            "7.1",
            "chính thức",
            "Cục Thống kê",
            "21/02/2024",
            "",
        ],
        &[
            "GROWTH",
            "Tỉnh thử",
            "2022",
            "6.0",
            "chính thức",
            "",
            "21/02/2024",
            "",
        ],
        &[
            "GROWTH",
            "Không có",
            "2023",
            "7.0",
            "sơ bộ",
            "",
            "21/02/2024",
            "",
        ],
        &[
            "GROWTH",
            "Tỉnh thử",
            "2023",
            "bảy",
            "sơ bộ",
            "",
            "21/02/2024",
            "",
        ],
        &[
            "GROWTH",
            "Tỉnh thử",
            "2023",
            "7.0",
            "chắc chắn",
            "",
            "31/02/2024",
            "",
        ],
    ]);
    let e = row_errors(s.import_figures(&office, Sheet::Values, &bad).await);
    assert_eq!(e.len(), 4, "{e:?}");
    for (line, word) in [
        (3, "chưa được giao"),
        (4, "không tìm thấy đơn vị"),
        (5, "không phải là số"),
        (6, "không hợp lệ"),
    ] {
        assert!(
            e.iter()
                .any(|m| m.starts_with(&format!("dòng {line}:")) && m.contains(word)),
            "dòng {line} '{word}' in {e:?}"
        );
    }
    assert_eq!(
        rows(&s).await,
        before,
        "a file with bad rows writes nothing"
    );
    let good = xlsx(&[
        header,
        &[
            "GROWTH",
            "T",
            "2023",
            "7.1",
            "chính thức",
            "Cục Thống kê",
            "2024-02-21",
            "",
        ],
    ]);
    assert_eq!(
        s.import_figures(&office, Sheet::Values, &good)
            .await
            .expect("import"),
        1
    );
    let sum = s
        .indicator_summary(
            &office,
            theodoi_core::indicator::Period::Year(2023),
            Some(u),
        )
        .await
        .expect("summary");
    assert_eq!((sum.total, sum.exceeded), (1, 1));

    // Disbursements: above the plan, negative, unknown source — all reported, nothing written.
    let header = Sheet::Disbursements.columns();
    let before = rows(&s).await;
    let bad = xlsx(&[
        header,
        &["2024", "T", "VON", "", "21/02/2024", "26,74 tỷ", ""],
        &["2024", "T", "VON", "", "21/02/2024", "101 tỷ", ""],
        &["2024", "T", "VON", "", "21/02/2024", "-5", ""],
        &["2024", "T", "KHONG_CO", "", "21/02/2024", "5", ""],
    ]);
    let e = row_errors(s.import_figures(&office, Sheet::Disbursements, &bad).await);
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(
        e[0].starts_with("dòng 3:") && e[0].contains("vượt kế hoạch vốn"),
        "{e:?}"
    );
    assert!(e[1].starts_with("dòng 4:") && e[1].contains("âm"), "{e:?}");
    assert!(
        e[2].starts_with("dòng 5:") && e[2].contains("KHONG_CO"),
        "{e:?}"
    );
    assert_eq!(rows(&s).await, before);
    let good = xlsx(&[
        header,
        &["2024", "T", "VON", "", "21/02/2024", "26,74 tỷ", ""],
    ]);
    assert_eq!(
        s.import_figures(&office, Sheet::Disbursements, &good)
            .await
            .expect("import"),
        1
    );
    let inv = s
        .investment_summary(&office, 2024, d("2024-02-21"), Some(u))
        .await
        .expect("inv");
    assert_eq!(inv.disbursed, 26_740_000_000);

    // Export and import again: the same rows come back (values append a revision).
    let out = s
        .export_figures(&office, Sheet::Values, "2023")
        .await
        .expect("export");
    assert_eq!(
        s.import_figures(&office, Sheet::Values, &out)
            .await
            .expect("round trip"),
        1
    );
    let hist = s
        .indicator_value_history(
            &office,
            "GROWTH",
            u,
            theodoi_core::indicator::Period::Year(2023),
        )
        .await
        .expect("history");
    assert_eq!(hist.len(), 2);
    assert_eq!(hist[0].value, hist[1].value);
    assert_eq!(hist[1].reported_on, d("2024-02-21"));
    let plans = s
        .export_figures(&office, Sheet::Plans, "2024")
        .await
        .expect("plans");
    assert!(!plans.is_empty());
    s.store.close().await;
}

#[tokio::test]
async fn excel_on_sqlite() {
    let db = Db::sqlite("figures-excel").await;
    excel(&db.url).await;
}

#[tokio::test]
async fn excel_on_postgres() {
    if let Some(db) = on_postgres("figures_excel").await {
        excel(&db.url).await;
        db.drop().await;
    }
}
