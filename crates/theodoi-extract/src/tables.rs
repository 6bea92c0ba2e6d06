//! Assignment tables (bảng phân công nhiệm vụ), as a plan's appendix gives them: one row per
//! task with its content, lead unit (cơ quan chủ trì), co-operating units (phối hợp) and time
//! (thời gian hoàn thành). Copied from Word or a web page, or read from a `.docx`, their cells
//! are separated by tabs. Each row is rewritten as the sentence a clerk would read it as —
//! "- Giao <chủ trì> chủ trì, phối hợp với <phối hợp> <nội dung>, <thời gian>." — so the
//! clause reader handles it like any assignment; rows are moved before "Nơi nhận", where an
//! appendix after the signature would otherwise fall outside the body.

use std::borrow::Cow;

use theodoi_core::text::fold;

/// The columns of an assignment table, found from its header row.
#[derive(Debug, Clone, Copy)]
struct Columns {
    content: usize,
    lead: usize,
    coop: Option<usize>,
    time: Option<usize>,
    width: usize,
}

fn header(cells: &[&str]) -> Option<Columns> {
    let folded: Vec<String> = cells.iter().map(|c| fold(c)).collect();
    let find = |pred: &dyn Fn(&str) -> bool| folded.iter().position(|c| pred(c));
    let lead = find(&|c| c.contains("chu tri"))?;
    let coop = find(&|c| c.contains("phoi hop"));
    let time =
        find(&|c| c.contains("thoi gian") || c.contains("thoi han") || c.contains("tien do"));
    let content =
        find(&|c| c.contains("nhiem vu") || c.contains("noi dung") || c.contains("cong viec"))
            .filter(|&i| i != lead)?;
    Some(Columns {
        content,
        lead,
        coop,
        time,
        width: cells.len(),
    })
}

/// Lower-cases the first letter, so a cell reads on inside a sentence.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn sentence(cells: &[&str], cols: Columns) -> Option<String> {
    let cell = |i: usize| cells.get(i).map(|c| c.trim()).filter(|c| !c.is_empty());
    let lead = cell(cols.lead)?;
    let content = cell(cols.content)?.trim_end_matches(['.', ';']);
    let mut s = format!("- Giao {lead} chủ trì");
    if let Some(coop) = cols.coop.and_then(cell) {
        s.push_str(", phối hợp với ");
        s.push_str(coop.trim_end_matches(['.', ';']));
    }
    s.push(' ');
    s.push_str(&lower_first(content));
    if let Some(time) = cols.time.and_then(cell) {
        s.push_str(", ");
        s.push_str(&lower_first(time.trim_end_matches(['.', ';'])));
    }
    s.push('.');
    Some(s)
}

/// The text with its assignment-table rows rewritten as sentences (unchanged when it has none).
pub(crate) fn rewrite(text: &str) -> Cow<'_, str> {
    if !text.contains('\t') {
        return Cow::Borrowed(text);
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut rows: Vec<String> = Vec::new();
    let mut cols: Option<Columns> = None;
    for line in text.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() >= 3 {
            if let Some(c) = header(&cells) {
                cols = Some(c);
                continue;
            }
            if let Some(c) = cols
                && cells.len() + 1 >= c.width
            {
                if let Some(s) = sentence(&cells, c) {
                    rows.push(s);
                }
                continue;
            }
        } else if !line.trim().is_empty() {
            cols = None;
        }
        kept.push(line);
    }
    if rows.is_empty() {
        return Cow::Borrowed(text);
    }
    let closing = kept
        .iter()
        .position(|l| fold(l).starts_with("noi nhan"))
        .unwrap_or(kept.len());
    let mut out: Vec<String> = kept[..closing].iter().map(|l| (*l).to_owned()).collect();
    out.push(String::new());
    out.extend(rows);
    out.push(String::new());
    out.extend(kept[closing..].iter().map(|l| (*l).to_owned()));
    Cow::Owned(out.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_assignments_before_the_recipients() {
        let text = "Nơi nhận:\n- Như trên;\nPHỤ LỤC\nSTT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n\
                    1\tLàm sạch dữ liệu hộ tịch\tSở Tư pháp\tCông an tỉnh\tTrong quý II/2024\n\
                    2\tTriển khai thanh toán\tSở Giáo dục và Đào tạo\t\tThường xuyên\n";
        let out = rewrite(text);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[1],
            "- Giao Sở Tư pháp chủ trì, phối hợp với Công an tỉnh làm sạch dữ liệu hộ tịch, trong quý II/2024."
        );
        assert_eq!(
            lines[2],
            "- Giao Sở Giáo dục và Đào tạo chủ trì triển khai thanh toán, thường xuyên."
        );
        assert!(lines[4].starts_with("Nơi nhận"));
    }

    #[test]
    fn tabs_without_an_assignment_header_change_nothing() {
        let text = "Chỉ tiêu\tKế hoạch\tThực hiện\nGRDP\t6,5%\t7%\n";
        assert_eq!(rewrite(text), text);
    }
}
