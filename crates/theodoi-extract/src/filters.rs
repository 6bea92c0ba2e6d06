//! What is not a task, and how a task is worded: parts of a plan that state aims, sentences
//! that approve or narrate, execution boilerplate and restatements, deadline-only clauses,
//! and the summary of an action.

use theodoi_core::text::fold;

use crate::deadline::Found;
use crate::layout::{Marker, Paragraph};
use crate::lexicon::LEXICON;
use crate::sentences::skip_intro;
use crate::text::upper_ratio;
use crate::tokens::Token;

/// Words a summary keeps at most.
const SUMMARY_WORDS: usize = 25;

/// Headings of the parts of a plan or report that state aims, views or results rather than
/// assign ("I. MỤC ĐÍCH, YÊU CẦU", "2. Quan điểm chỉ đạo").
pub(crate) fn is_statement_heading(p: &Paragraph) -> bool {
    const OPENINGS: &[&str] = &[
        "muc dich",
        "muc tieu",
        "yeu cau",
        "quan diem",
        "can cu",
        "su can thiet",
        "tinh hinh",
        "ket qua",
        "danh gia",
        "boi canh",
    ];
    let head: String = p.text.chars().take(40).collect();
    let f = fold(&head);
    let short =
        p.text.len() <= 180 && (p.text.chars().count() <= 60 || upper_ratio(&p.text) >= 0.8);
    p.marker != Marker::None
        && p.marker < Marker::Dash
        && short
        && !p.text.ends_with('.')
        && OPENINGS.iter().any(|o| f.starts_with(o))
}

/// "hoàn thành trong tháng 01/2023", "Thời gian hoàn thành: trước ngày 30/6": nothing but a
/// deadline.
pub(crate) fn is_deadline_only(seg: &str, d: &Found) -> bool {
    let rest = format!(
        "{} {}",
        seg.get(..d.range.start).unwrap_or(""),
        seg.get(d.range.end..).unwrap_or("")
    );
    let f = fold(&rest);
    let filler = [
        "hoan thanh",
        "thoi gian",
        "thoi han",
        "xong",
        "hoan tat",
        "thuc hien",
        "truoc",
        "./.",
    ];
    let mut left = f;
    for w in filler {
        left = left.replace(w, " ");
    }
    left.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
        <= 1
}

/// Execution clauses and restatements: "… chịu trách nhiệm thi hành Quyết định này",
/// "… nghiêm túc triển khai thực hiện".
pub(crate) fn is_boilerplate(segment: &str, action: &str) -> bool {
    let seg = fold(segment);
    let this_doc = [
        "nghi quyet nay",
        "quyet dinh nay",
        "chi thi nay",
        "cong van nay",
        "thong bao nay",
        "ke hoach nay",
        "van ban nay",
    ];
    if seg.contains("thi hanh") && this_doc.iter().any(|d| seg.contains(d)) {
        return true;
    }
    if seg.contains("trach nhiem")
        && this_doc
            .iter()
            .any(|d| seg.contains(&format!("thuc hien {d}")))
    {
        return true;
    }
    let mut rest = fold(action);
    for w in [
        "nghiem tuc",
        "trien khai",
        "thuc hien",
        "to chuc",
        "khan truong",
        "kip thoi",
        "day du",
        "cac noi dung tren",
        "noi dung tren",
        "theo quy dinh",
        // The closing courtesy of a request: "kính đề nghị UBND tỉnh quan tâm, chỉ đạo".
        "quan tam",
        "chi dao",
        "xem xet",
        "giai quyet",
    ]
    .iter()
    .chain(this_doc.iter())
    {
        rest = rest.replace(w, " ");
    }
    !rest.chars().any(char::is_alphanumeric)
}

/// The action in at most [`SUMMARY_WORDS`] words, capitalised, without closing marks.
pub(crate) fn summarize(action: &str) -> String {
    const MODALS: &[&str] = &["cần phải ", "cần ", "phải ", "có trách nhiệm "];
    let mut text = action.trim_start_matches(['“', '"', ',', ' ', '-']);
    for m in MODALS {
        let head = text.get(..m.len()).map(str::to_lowercase);
        if head.as_deref() == Some(*m) {
            text = &text[m.len()..];
            break;
        }
    }
    let mut words = text.split_whitespace();
    let mut s = words
        .by_ref()
        .take(SUMMARY_WORDS)
        .collect::<Vec<_>>()
        .join(" ");
    let cut = words.next().is_some();
    // A quote cut in half by the word limit, or opened before the action, is dropped.
    if s.matches('“').count() != s.matches('”').count() {
        s = s.replace(['“', '”'], "");
    }
    while s.ends_with(['.', ',', ';', ':', '/', ' ', '(']) {
        s.pop();
    }
    if cut && !s.is_empty() {
        s.push('…');
    }
    let mut chars = s.trim_start().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Sentences that never hold a task: approvals, thanks, narration of a past day, participants.
pub(crate) fn skip_sentence(toks: &[Token]) -> bool {
    let first = skip_intro(toks, 0, toks.len());
    if LEXICON.approvals.starts(toks, first) {
        return true;
    }
    let day_at = first
        + usize::from(toks.get(first).is_some_and(|t| {
            matches!(
                t.key.as_str(),
                "sáng" | "chiều" | "tối" | "trưa" | "đêm" | "hôm"
            )
        }));
    let day_at = day_at + usize::from(toks.get(day_at).is_some_and(|t| t.key == "ngày"));
    let narrative = day_at > first
        && toks
            .get(day_at)
            .is_some_and(|t| t.key.starts_with(|c: char| c.is_ascii_digit()));
    let has = |a: &str, b: &str| toks.windows(2).any(|w| w[0].key == a && w[1].key == b);
    let participants =
        has("thành", "phần") && (has("tham", "dự") || toks.iter().any(|t| t.key == "gồm"));
    narrative || participants
}
