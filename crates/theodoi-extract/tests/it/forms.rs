//! The common forms of assignment, on short documents written for these tests.

use chrono::NaiveDate;
use theodoi_extract::{Extraction, TaskSuggestion, UnitResolver, extract};

fn run(text: &str) -> Extraction {
    extract(text, None).expect("readable")
}

fn form(name: &str) -> Extraction {
    let path = format!("{}/tests/data/forms/{name}", env!("CARGO_MANIFEST_DIR"));
    run(&std::fs::read_to_string(path).expect("fixture"))
}

fn leads(x: &Extraction) -> Vec<&str> {
    x.tasks.iter().map(|t| t.lead.as_str()).collect()
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn task<'a>(x: &'a Extraction, lead: &str) -> &'a TaskSuggestion {
    x.tasks
        .iter()
        .find(|t| t.lead == lead)
        .unwrap_or_else(|| panic!("no task for {lead}: {:?}", leads(x)))
}

#[test]
fn decision_assigns_and_leaves_the_execution_clause() {
    let x = form("qd.txt");
    assert_eq!(x.document.number.as_deref(), Some("125/QĐ-UBND"));
    assert_eq!(x.document.date, date(2023, 3, 15));
    assert_eq!(x.document.issuer.as_deref(), Some("UBND tỉnh Kiên Giang"));
    assert_eq!(x.document.kind, "quyet_dinh");
    let t = task(&x, "Sở Thông tin và Truyền thông");
    assert_eq!(t.coop, ["Sở Tài chính", "Sở KH&ĐT"]);
    assert!(x.tasks.iter().any(|t| t.recurring == "quarterly"));
    assert_eq!(task(&x, "Sở Tài chính").deadline, date(2023, 4, 30));
    assert!(!x.tasks.iter().any(|t| t.summary.contains("thi hành")));
}

#[test]
fn plan_headings_carry_their_unit_to_the_items() {
    let x = form("kh.txt");
    assert_eq!(x.document.kind, "ke_hoach");
    let health: Vec<_> = x.tasks.iter().filter(|t| t.lead == "Sở Y tế").collect();
    assert_eq!(health.len(), 3, "{:?}", leads(&x));
    assert!(health.iter().any(|t| t.recurring == "monthly"));
    assert!(health.iter().any(|t| t.deadline == date(2024, 6, 30)));
    assert_eq!(task(&x, "Sở Tài chính").deadline, date(2024, 3, 31));
    let group = task(
        &x,
        "Các sở, ban, ngành tỉnh; UBND các huyện, thị xã, thành phố",
    );
    assert!(group.lead_is_group);
    assert!(x.tasks.iter().any(|t| t.recurring == "continuous"));
    assert!(
        !x.tasks.iter().any(|t| t.lead.contains("cơ quan, đơn vị")),
        "aims are no tasks"
    );
}

#[test]
fn conclusion_notice_of_the_office() {
    let x = form("tb.txt");
    assert_eq!(
        x.document.issuer.as_deref(),
        Some("Văn phòng UBND tỉnh Đồng Tháp")
    );
    assert_eq!(x.document.kind, "thong_bao_ket_luan");
    assert_eq!(
        leads(&x),
        [
            "Sở KH&ĐT",
            "Các chủ đầu tư",
            "Ban QLDA đầu tư xây dựng tỉnh",
            "Sở Xây dựng",
            "các đơn vị có liên quan",
            "UBND huyện Tháp Mười"
        ]
    );
    assert_eq!(task(&x, "Sở KH&ĐT").deadline, date(2023, 1, 20));
    assert_eq!(task(&x, "UBND huyện Tháp Mười").deadline, date(2023, 2, 28));
}

#[test]
fn unit_heading_and_chained_requests() {
    let x = run(
        "UBND tỉnh có ý kiến như sau:\n\nSở Y tế: Chủ trì kiểm tra an toàn thực phẩm trong tháng 9/2024.\n\n\
         Đề nghị UBND tỉnh chỉ đạo Sở Xây dựng rà soát các công trình xuống cấp.\n\n\
         Yêu cầu Giám đốc Sở Tài chính và Thủ trưởng các đơn vị liên quan bố trí kinh phí.\n",
    );
    assert_eq!(
        leads(&x),
        [
            "Sở Y tế",
            "Sở Xây dựng",
            "Sở Tài chính",
            "các đơn vị liên quan"
        ]
    );
    assert_eq!(x.tasks[0].deadline, date(2024, 9, 30));
    assert_eq!(
        x.tasks[0].deadline_text.as_deref(),
        Some("trong tháng 9/2024")
    );
}

#[test]
fn tone_spellings_and_decomposed_input_give_the_same_tasks() {
    use unicode_normalization::UnicodeNormalization;
    let text = "Giao Ủy ban nhân dân huyện Hòa Thành phối hợp Sở Tài nguyên và Môi trường thực hiện việc thu hồi đất.";
    let old_style = text.replace("Ủy", "Uỷ").replace("Hòa", "Hoà");
    let nfd: String = text.nfd().collect();
    let a = run(text);
    assert_eq!(leads(&a), ["Ủy ban nhân dân huyện Hòa Thành"]);
    assert_eq!(
        theodoi_extract::normalize_name(&run(&old_style).tasks[0].lead),
        theodoi_extract::normalize_name(&a.tasks[0].lead)
    );
    assert_eq!(run(&nfd), a);
}

struct Units;

impl UnitResolver for Units {
    fn resolve(&self, name: &str) -> Option<i64> {
        (name == "Sở Kế hoạch và Đầu tư").then_some(7)
    }
}

#[test]
fn abbreviations_resolve_while_the_lead_stays_as_written() {
    let x = extract("Giao Sở KH&ĐT chủ trì tham mưu phân bổ vốn.", Some(&Units)).expect("ok");
    assert_eq!(x.tasks[0].lead, "Sở KH&ĐT");
    assert_eq!(x.tasks[0].lead_unit_id, Some(7));
}

#[test]
fn approvals_and_closings_are_not_tasks() {
    let x = run(
        "Chủ tịch UBND tỉnh có ý kiến như sau:\n\n1. Thống nhất chủ trương đầu tư dự án.\n\n\
         2. Đồng ý đề xuất của Sở Tài chính.\n\nNhận được Công văn này, yêu cầu các sở, ngành nghiêm túc triển khai thực hiện./.\n\n\
         Nơi nhận:\n- Như trên;\n- Sở Y tế thực hiện;\n",
    );
    assert!(x.tasks.is_empty(), "{:?}", leads(&x));
}

#[test]
fn clauses_without_a_subject_belong_to_the_one_addressee() {
    let x = run(
        "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 77/UBND-KT\nLong Xuyên, ngày 02 tháng 3 năm 2023\n\
         Kính gửi: Giám đốc Sở Tài chính.\n\n\
         Chủ tịch UBND tỉnh có ý kiến như sau:\n\n\
         1. Khẩn trương rà soát nguồn kinh phí sự nghiệp, đề xuất phương án phân bổ.\n\n\
         2. Báo cáo kết quả về UBND tỉnh trước ngày 20/3/2023./.\n",
    );
    assert_eq!(leads(&x), ["Sở Tài chính", "Sở Tài chính"]);
    assert_eq!(x.tasks[1].deadline, date(2023, 3, 20));
}

#[test]
fn letter_with_items_after_a_request_and_deadline_sentences() {
    let x = form("cv.txt");
    assert_eq!(x.document.kind, "cong_van");
    let group = "các sở, ban, ngành tỉnh và UBND các huyện, thành phố Cà Mau";
    assert_eq!(x.tasks.iter().filter(|t| t.lead == group).count(), 2);
    assert_eq!(
        task(&x, "Sở Nông nghiệp và Phát triển nông thôn").deadline,
        date(2024, 4, 30)
    );
    assert_eq!(task(&x, "các sở, ngành").deadline, date(2024, 5, 15));
    assert_eq!(
        task(&x, "Đài Khí tượng Thủy văn tỉnh").recurring,
        "continuous"
    );
    assert_eq!(
        x.tasks
            .iter()
            .filter(|t| t.summary.starts_with("Căn cứ khả năng"))
            .count(),
        2,
        "two named units, one task each"
    );
    assert!(!x.tasks.iter().any(|t| t.summary.contains("khó khăn")));
}

#[test]
fn a_report_back_is_the_deliverable_of_its_task() {
    let x = run(
        "Giao Sở Xây dựng chủ trì, phối hợp với UBND các huyện kiểm tra, xử lý vi phạm trật tự xây dựng; \
         báo cáo kết quả về UBND tỉnh trước ngày 15/10/2024. Đồng thời, thu hồi giấy phép của các công trình vi phạm.",
    );
    assert_eq!(leads(&x), ["Sở Xây dựng", "Sở Xây dựng"]);
    assert_eq!(x.tasks[0].deadline, date(2024, 10, 15));
    assert_eq!(x.tasks[0].coop, ["UBND các huyện"]);
    assert_eq!(x.tasks[1].deadline, None);
}
