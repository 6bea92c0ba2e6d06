//! Inputs that must get a clear message or an empty task list, never a panic or a hang.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use theodoi_extract::{ExtractError, extract};

#[test]
fn empty_input_is_refused_plainly() {
    for text in ["", "   \n\t\n", "# source: http://example.gov.vn\n"] {
        assert_eq!(extract(text, None), Err(ExtractError::Empty));
    }
    assert_eq!(ExtractError::Empty.to_string(), "Văn bản rỗng");
}

#[test]
fn text_that_is_not_vietnamese_is_refused_plainly() {
    let err = extract(
        "The committee asked the department to report by Friday.",
        None,
    )
    .expect_err("not Vietnamese");
    assert!(
        err.to_string()
            .starts_with("Tệp không phải văn bản tiếng Việt có thể đọc được")
    );
    let binary: String = (0u8..=255).cycle().take(4000).map(char::from).collect();
    assert!(
        extract(&binary, None).is_err() || extract(&binary, None).is_ok_and(|x| x.tasks.is_empty())
    );
}

#[test]
fn a_ten_megabyte_document_is_refused_at_once() {
    let mut big = "Giao Sở Tài chính chủ trì thực hiện. ".repeat(300_000);
    big.truncate(big.floor_char_boundary(10 * 1024 * 1024));
    let started = Instant::now();
    let err = extract(&big, None).expect_err("too large");
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(err, ExtractError::TooLarge(big.len()));
    assert!(
        err.to_string()
            .starts_with("Văn bản quá dài (10 MB, tối đa 5 MB)"),
        "{err}"
    );
}

#[test]
fn a_document_just_under_the_limit_returns() {
    let dev = format!("{}/tests/data/seed002.txt", env!("CARGO_MANIFEST_DIR"));
    let one = std::fs::read_to_string(dev).expect("seed002");
    let mut big = String::with_capacity(theodoi_extract::MAX_TEXT_BYTES);
    while big.len() + one.len() <= theodoi_extract::MAX_TEXT_BYTES {
        big.push_str(&one);
    }
    let started = Instant::now();
    let x = extract(&big, None).expect("readable");
    assert!(!x.tasks.is_empty());
    // Generous: a debug build on a slow machine; the release figure is in examples/bench.rs.
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn one_endless_line_returns() {
    let line = "Giao Sở Tài chính, ".repeat(50_000);
    assert!(extract(&line, None).is_ok());
    let commas = "các sở, ".repeat(100_000);
    assert!(extract(&commas, None).is_ok());
}

fn vietnamese_words() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "Giao",
        "Sở",
        "Tài",
        "chính",
        "UBND",
        "tỉnh",
        "các",
        "huyện",
        ",",
        ";",
        ":",
        ".",
        "-",
        "chủ",
        "trì",
        "phối",
        "hợp",
        "với",
        "Đề",
        "nghị",
        "yêu",
        "cầu",
        "trước",
        "ngày",
        "15/01/2023",
        "trong",
        "tháng",
        "01/2023",
        "quý",
        "I/2023",
        "thường",
        "xuyên",
        "(",
        ")",
        "“",
        "”",
        "\n",
        "\n\n",
        "1.",
        "- ",
        "Nơi",
        "nhận",
        "như",
        "sau:",
        "Giám",
        "đốc",
        "Chủ",
        "tịch",
        "Ủy",
        "ban",
        "nhân",
        "dân",
        "và",
        "thị",
        "xã",
        "thành",
        "phố",
        "Số:",
        "12/KH-UBND",
        "Thống",
        "nhất",
        "đồng",
        "thời",
        "tại",
        "Kỳ",
        "họp",
        "thứ",
        "Sáu",
    ]);
    prop::collection::vec(words, 0..200).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_any_text(text in any::<String>()) {
        let _ = extract(&text, None);
    }

    #[test]
    fn never_panics_on_administrative_word_salad(text in vietnamese_words()) {
        let _ = extract(&text, None);
    }

    #[test]
    fn never_panics_on_docx_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = theodoi_extract::extract_docx(&bytes, None);
    }
}
