//! The document's summary line (trích yếu), as the forms of Nghị định 30/2020 place it: under
//! the number of a letter ("V/v kiến nghị sau giám sát …"), or under the kind's title of other
//! documents ("KẾ HOẠCH" / "Triển khai Đề án …", "CHỈ THỊ" / "Về việc tăng cường …").

use theodoi_core::text::fold;

use crate::text::{tidy, upper_ratio};

/// How far from the top the summary may stand.
const TOP_LINES: usize = 40;
/// The most lines a summary runs over.
const MAX_LINES: usize = 3;
/// The longest summary kept, in characters.
const MAX_CHARS: usize = 400;

const TITLES: &[&str] = &[
    "thong bao",
    "ke hoach",
    "chi thi",
    "quyet dinh",
    "nghi quyet",
    "chuong trinh",
    "chuong trinh cong tac",
    "cong van",
    "cong dien",
    "bao cao",
    "to trinh",
    "thong bao ket luan",
];

/// Lines that begin the body or the header's other parts, never a summary's continuation.
fn ends_summary(line: &str) -> bool {
    let f = fold(line);
    line.trim().is_empty()
        || [
            "kinh gui", "can cu", "ngay ", "thuc hien", "cong hoa", "doc lap", "so:", "so ",
            "noi nhan", "xet ",
        ]
        .iter()
        .any(|p| f.starts_with(p))
        // The place and date line: "Quảng Ngãi, ngày 12 tháng 9 năm 2024".
        || (f.contains(", ngay ") && f.contains(" nam "))
        || upper_ratio(line) >= 0.8
}

fn gather(lines: &[String], from: usize, first: &str) -> Option<String> {
    let mut parts = vec![first.trim().to_owned()];
    for line in lines.iter().skip(from).take(MAX_LINES - 1) {
        if ends_summary(line) || parts.last().is_some_and(|p| p.ends_with('.')) {
            break;
        }
        parts.push(line.trim().to_owned());
    }
    let s = tidy(&parts.join(" "));
    (!s.is_empty()).then(|| s.chars().take(MAX_CHARS).collect())
}

/// The summary of a document, when its header shows one.
pub(crate) fn of(lines: &[String]) -> Option<String> {
    let top = &lines[..lines.len().min(TOP_LINES)];
    for (i, line) in top.iter().enumerate() {
        let f = fold(line);
        for lead in ["v/v:", "v/v", "ve viec:"] {
            if f.starts_with(lead) && f.len() > lead.len() + 3 {
                let rest = line.trim().get(lead.len()..).unwrap_or_default();
                return gather(lines, i + 1, rest);
            }
        }
    }
    for (i, line) in top.iter().enumerate() {
        let f = fold(line.trim().trim_end_matches(':'));
        if TITLES.contains(&f.as_str()) && upper_ratio(line) >= 0.8 {
            let next = top
                .iter()
                .enumerate()
                .skip(i + 1)
                .find(|(_, l)| !l.trim().is_empty())?;
            if ends_summary(next.1) {
                return None;
            }
            return gather(lines, next.0 + 1, next.1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_owned).collect()
    }

    #[test]
    fn a_letters_subject_line() {
        let l = lines(
            "HĐND TỈNH QUẢNG NGÃI\nSố: 45/BKTNS-HĐND\nV/v kiến nghị sau giám sát\ncông tác quản lý đất công\nQuảng Ngãi, ngày 12 tháng 9 năm 2024\n",
        );
        assert_eq!(
            of(&l).as_deref(),
            Some("kiến nghị sau giám sát công tác quản lý đất công")
        );
    }

    #[test]
    fn the_line_under_the_title() {
        let l = lines(
            "ỦY BAN NHÂN DÂN\nSố: 08/CT-UBND\n\nCHỈ THỊ\nVề việc tăng cường công tác phòng cháy, chữa cháy\n\nThời gian qua …",
        );
        assert_eq!(
            of(&l).as_deref(),
            Some("Về việc tăng cường công tác phòng cháy, chữa cháy")
        );
        assert_eq!(of(&lines("Giao Sở Y tế chủ trì.")), None);
    }
}
