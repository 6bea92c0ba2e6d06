//! The core's deadline-phrase parser, as the extractor feeds it: arbitrary and Vietnamese-ish
//! text of any length returns promptly, never panics, and what it finds is part of the input.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use proptest::prelude::*;
use theodoi_core::calendar::Calendar;
use theodoi_core::deadline::{DeadlineSettings, find_deadline, parse_deadline};

fn doc_date() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2023, 1, 10)
}

fn phrase_pieces() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "trước",
        "ngày",
        "chậm nhất",
        "trong",
        "tháng",
        "quý",
        "năm",
        "I",
        "IV",
        "/",
        ".",
        "-",
        "15",
        "01",
        "2023",
        "31",
        "13",
        "0",
        "99999999999999999999",
        "kể từ",
        "ký",
        "làm việc",
        "định kỳ",
        "hằng",
        "hàng",
        "thường xuyên",
        "giờ",
        "đến hết",
        "hoàn thành",
        "đầu",
        "cuối",
        "6 tháng",
        "tuần",
        "\u{301}",
        "Đ",
        "Ngày",
        "THÁNG",
        " ",
        ",",
        ";",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn finding_a_deadline_never_panics_and_points_inside_the_text(s in "\\PC{0,200}") {
        let cal = Calendar::shipped();
        let _ = parse_deadline(&s, doc_date(), &cal, DeadlineSettings::default());
        if let Some((range, d)) = find_deadline(&s, doc_date(), &cal, DeadlineSettings::default()) {
            prop_assert_eq!(s.get(range), Some(d.text.as_str()));
        }
    }

    #[test]
    fn deadline_word_salad_never_panics(s in phrase_pieces()) {
        let cal = Calendar::shipped();
        let _ = parse_deadline(&s, doc_date(), &cal, DeadlineSettings::default());
        let _ = find_deadline(&s, None, &cal, DeadlineSettings::default());
    }
}

/// The extractor cuts sentences at 4 000 bytes, so the parser never sees more; these are
/// 25 times that. Its time grows about linearly (`examples/deadline_scale.rs`: 0,4 s per
/// 100 KB of "kể từ ngày ký" in a debug build, with a mild upward bend beyond 400 KB).
#[test]
fn long_sentences_return_promptly() {
    let cal = Calendar::shipped();
    for text in [
        "trong tháng ".repeat(8_000),
        "trước ngày 15/01/2023 hoặc ".repeat(4_000),
        "kể từ ngày ký ".repeat(5_000),
        "1/".repeat(50_000),
        "ngày ".repeat(20_000) + "15/01/2023",
    ] {
        let started = Instant::now();
        let _ = find_deadline(&text, doc_date(), &cal, DeadlineSettings::default());
        let _ = parse_deadline(&text, doc_date(), &cal, DeadlineSettings::default());
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{} bytes took {:?}",
            text.len(),
            started.elapsed()
        );
    }
}
