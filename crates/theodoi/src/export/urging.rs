//! Urging letters (văn bản đôn đốc) as one Word file: one letter per lead unit, each on its
//! own page, in the layout of Nghị định 30/2020 (issuer block and motto, number with the
//! "V/v" summary, place and date, "Kính gửi", body with the unit's overdue tasks, recipients
//! and signature). One file rather than a .zip of files: the clerk prints, signs and
//! registers the letters in one go, and no archive dependency is needed.

use chrono::NaiveDate;
use docx_rs::{AlignmentType, BreakType, Paragraph, Run};
use theodoi_core::format::{date_vi, int_vi};

use super::docx::{
    BODY, DocxOptions, SMALL, body, centred, closing, letterhead_lines, new_document, pack, run,
    table,
};

/// One overdue task as the letter lists it.
#[derive(Debug, Clone)]
pub struct UrgedTask {
    pub id: i64,
    pub content: String,
    /// "05/TB-VP ngày 10/01/2023" or "" when the task has no source document.
    pub source: String,
    pub deadline: NaiveDate,
    pub days_overdue: i64,
    /// Urgings recorded before this letter.
    pub urged_before: i64,
}

/// The letter to one lead unit.
#[derive(Debug, Clone)]
pub struct UrgingLetter {
    pub unit: String,
    pub tasks: Vec<UrgedTask>,
}

/// The summary line under the number ("trích yếu").
pub const SUBJECT: &str = "V/v đôn đốc thực hiện nhiệm vụ quá hạn";

/// The recipients of an urging letter besides the addressed unit.
fn recipients() -> Vec<String> {
    vec![
        "Như trên;".into(),
        "Chủ tịch, các Phó Chủ tịch UBND tỉnh (để báo cáo);".into(),
        "Tổ công tác của Chủ tịch UBND tỉnh;".into(),
        "Lưu: VT.".into(),
    ]
}

/// Builds the letters dated `day` under `number` (e.g. "125/VP-TH").
pub fn urging_docx(
    letters: &[UrgingLetter],
    o: &DocxOptions,
    number: &str,
    day: NaiveDate,
) -> Result<Vec<u8>, docx_rs::DocxError> {
    let o = DocxOptions {
        recipients: recipients(),
        ..o.clone()
    };
    let mut doc = new_document();
    for (i, l) in letters.iter().enumerate() {
        if i > 0 {
            doc =
                doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
        }
        doc = doc
            .add_table(letterhead_lines(
                &o,
                &[format!("Số: {}", number.trim()), SUBJECT.to_string()],
                day,
            ))
            .add_paragraph(Paragraph::new())
            .add_paragraph(centred(vec![
                run("Kính gửi: ", BODY),
                run(&l.unit, BODY).bold(),
                run(".", BODY),
            ]))
            .add_paragraph(Paragraph::new())
            .add_paragraph(body(&format!(
                "Thực hiện nhiệm vụ theo dõi, đôn đốc việc thực hiện các nhiệm vụ do UBND tỉnh, \
                 Chủ tịch UBND tỉnh giao, đến ngày {}, {} còn {} nhiệm vụ đã quá thời hạn nhưng \
                 chưa hoàn thành, cụ thể như sau:",
                date_vi(day),
                l.unit,
                int_vi(l.tasks.len() as i64)
            )))
            .add_table(table(
                &[
                    "TT",
                    "Nội dung nhiệm vụ",
                    "Văn bản giao",
                    "Thời hạn",
                    "Số ngày quá hạn",
                    "Đã đôn đốc (lần)",
                ],
                &[600, 3371, 1700, 1250, 1050, 1100],
                l.tasks
                    .iter()
                    .enumerate()
                    .map(|(n, t)| {
                        vec![
                            (n + 1).to_string(),
                            format!("{} (#{})", t.content, t.id),
                            t.source.clone(),
                            date_vi(t.deadline),
                            int_vi(t.days_overdue),
                            int_vi(t.urged_before),
                        ]
                    })
                    .collect(),
            ))
            .add_paragraph(body(&format!(
                "Đề nghị {} khẩn trương chỉ đạo thực hiện dứt điểm các nhiệm vụ nêu trên; báo cáo \
                 kết quả thực hiện (hoặc đề xuất gia hạn, nêu rõ lý do) về UBND tỉnh (qua Văn phòng \
                 UBND tỉnh) trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản này, \
                 đồng thời cập nhật tiến độ trên Hệ thống theo dõi nhiệm vụ.",
                l.unit
            )))
            .add_paragraph(body(&format!(
                "{} thông báo để {} biết, thực hiện./.",
                issuer_name(&o),
                l.unit
            )))
            .add_paragraph(Paragraph::new())
            .add_table(closing(&o));
    }
    if letters.is_empty() {
        doc = doc.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run("Không có nhiệm vụ quá hạn nào được chọn.", SMALL)),
        );
    }
    pack(doc)
}

/// "Văn phòng UBND tỉnh" from "VĂN PHÒNG" under "UBND TỈNH KIÊN GIANG".
fn issuer_name(o: &DocxOptions) -> String {
    let issuer = sentence_case(&o.issuer);
    let parent = o.issuer_parent.trim();
    let parent = parent
        .strip_prefix("UBND TỈNH")
        .map(|_| "UBND tỉnh".to_string())
        .unwrap_or_else(|| parent.to_string());
    if issuer.is_empty() {
        parent
    } else {
        format!("{issuer} {parent}")
    }
}

fn sentence_case(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issuer_is_named_in_the_body() {
        assert_eq!(issuer_name(&DocxOptions::default()), "Văn phòng UBND tỉnh");
    }
}
