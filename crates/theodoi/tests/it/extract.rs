//! Task suggestions from a directive, with units matched to the demo's tree.

use crate::common::{Db, d, demo, on_postgres};

/// The extractor's test data (copies of `shared/seeds/002…` and `shared/extract-dev`).
fn data(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../theodoi-extract/tests/data")
        .join(path)
}

async fn suite(db: &Db) {
    let s = demo(&db.url).await;
    let seed = std::fs::read(data("seed002.txt")).expect("seeds/002 in the test data");
    let x = s.extract_tasks("002.txt", &seed).await.expect("extracts");
    let skhdt = s.find_unit("Sở KH&ĐT").await.expect("unit").id.0;
    let plan = x
        .tasks
        .iter()
        .find(|t| t.lead == "Sở Kế hoạch và Đầu tư" && t.deadline == Some(d("2023-01-31")))
        .expect("the integrated-plan clause");
    assert_eq!(plan.lead_unit_id, Some(skhdt));
    assert!(
        x.tasks
            .iter()
            .any(|t| t.lead.starts_with("Bộ Chỉ huy Quân sự") && t.lead_unit_id.is_some())
    );
    assert!(x.tasks.iter().all(|t| !t.lead.contains("Nơi nhận")));

    let letter = std::fs::read(data("extract-dev/01.txt")).expect("dev set");
    let x = s.extract_tasks("01.txt", &letter).await.expect("extracts");
    assert_eq!(x.document.number.as_deref(), Some("458/UBND-NCTH"));
    assert_eq!(x.document.date, Some(d("2011-04-06")));
    assert_eq!(x.document.kind, "cong_van");

    let err = s
        .extract_tasks("scan.pdf", b"%PDF-1.4")
        .await
        .expect_err("pdf refused");
    assert!(err.to_string().contains("scan.pdf"), "{err}");
    let err = s
        .extract_tasks("empty.txt", b"   \n")
        .await
        .expect_err("empty refused");
    assert!(err.to_string().contains("rỗng"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extraction_on_sqlite() {
    suite(&Db::sqlite("extract").await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extraction_on_postgres() {
    if let Some(db) = on_postgres("extract").await {
        suite(&db).await;
        db.drop().await;
    }
}
