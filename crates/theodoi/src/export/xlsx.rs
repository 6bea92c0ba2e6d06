//! The report as an Excel workbook: one sheet per view, Vietnamese headers, number formats,
//! frozen header rows.

use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use theodoi_core::format::date_vi;
use theodoi_core::report::{Figures, Report};

use chrono::Datelike;

pub(crate) struct Formats {
    pub title: Format,
    pub header: Format,
    pub text: Format,
    pub int: Format,
    pub pct: Format,
    pub date: Format,
    pub score: Format,
}

impl Formats {
    pub fn new() -> Self {
        let cell = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(12)
            .set_border(FormatBorder::Thin);
        Self {
            title: Format::new()
                .set_font_name("Times New Roman")
                .set_font_size(14)
                .set_bold(),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xDDEBF7)),
            text: cell.clone().set_text_wrap().set_align(FormatAlign::Top),
            int: cell.clone().set_num_format("#,##0"),
            pct: cell.clone().set_num_format("0.0%"),
            date: cell.clone().set_num_format("dd/mm/yyyy"),
            score: cell.set_num_format("0.0"),
        }
    }
}

pub(crate) fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

const FIGURE_HEADERS: [&str; 10] = [
    "Tổng số nhiệm vụ",
    "Đã hoàn thành",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Đang thực hiện",
    "Đang thực hiện trong hạn",
    "Đang thực hiện quá hạn",
    "Chờ xác nhận",
    "Tỷ lệ quá hạn",
    "Tỷ lệ hoàn thành",
];

/// Writes the header row of a sheet at `row` and freezes everything above and including it.
fn headers(ws: &mut Worksheet, f: &Formats, row: u32, labels: &[&str]) -> Result<(), XlsxError> {
    for (i, h) in labels.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, *h, &f.header)?;
    }
    ws.set_row_height(row, 45)?;
    ws.set_freeze_panes(row + 1, 0)?;
    // Printed: landscape A4, as wide as one page, the header row on every page.
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(row, row)?;
    Ok(())
}

fn figures(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    col: u16,
    x: &Figures,
) -> Result<(), XlsxError> {
    let c = &x.counts;
    let ints = [
        c.tasks,
        c.completed,
        c.completed_on_time,
        c.completed_late,
        c.in_progress,
        c.in_progress_on_time,
        c.overdue,
        x.awaiting_confirmation,
    ];
    for (i, n) in ints.iter().enumerate() {
        ws.write_number_with_format(row, col + i as u16, *n as f64, &f.int)?;
    }
    ws.write_number_with_format(row, col + 8, x.overdue_rate, &f.pct)?;
    ws.write_number_with_format(row, col + 9, x.completion_rate, &f.pct)?;
    Ok(())
}

/// A sheet of rows (label columns, then the figures).
fn figure_sheet<'a>(
    wb: &mut Workbook,
    f: &Formats,
    name: &str,
    title: &str,
    label_headers: &[&str],
    rows: impl Iterator<Item = (Vec<String>, &'a Figures)>,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    ws.write_string_with_format(0, 0, title, &f.title)?;
    let mut labels: Vec<&str> = label_headers.to_vec();
    labels.extend(FIGURE_HEADERS);
    headers(ws, f, 2, &labels)?;
    let n = label_headers.len() as u16;
    for i in 0..n {
        ws.set_column_width(i, if i == 0 { 8 } else { 45 })?;
    }
    if n == 1 {
        ws.set_column_width(0, 50)?;
    }
    for i in 0..10u16 {
        ws.set_column_width(n + i, 13)?;
    }
    for (r, (labels, x)) in rows.enumerate() {
        let row = 3 + r as u32;
        for (i, l) in labels.iter().enumerate() {
            ws.write_string_with_format(row, i as u16, l, &f.text)?;
        }
        figures(ws, f, row, n, x)?;
    }
    Ok(())
}

/// The report as an .xlsx file.
pub fn report_xlsx(r: &Report) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let period = format!(
        "Kỳ báo cáo: {} – {}; số liệu tính đến ngày {}",
        date_vi(r.window.from),
        date_vi(r.window.to),
        date_vi(r.as_of)
    );
    {
        let ws = wb.add_worksheet();
        ws.set_name("Tổng hợp")?;
        ws.write_string_with_format(0, 0, "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ", &f.title)?;
        ws.write_string(1, 0, &period)?;
        headers(
            ws,
            &f,
            3,
            &["Chỉ tiêu", "Kỳ này", "Kỳ trước", "Tăng (+) / giảm (−)"],
        )?;
        ws.set_column_width(0, 48)?;
        for c in 1..4 {
            ws.set_column_width(c, 16)?;
        }
        let now = &r.totals;
        let prev = r.previous.as_ref().map(|p| &p.totals);
        let line = |x: &Figures| {
            let c = &x.counts;
            [
                c.tasks,
                c.completed,
                c.completed_on_time,
                c.completed_late,
                c.in_progress,
                c.in_progress_on_time,
                c.overdue,
                x.awaiting_confirmation,
                c.suspended,
                c.no_deadline,
            ]
        };
        let labels = [
            "Tổng số nhiệm vụ",
            "Đã hoàn thành",
            "  – đúng hạn",
            "  – quá hạn",
            "Đang thực hiện (chưa hoàn thành)",
            "  – trong hạn",
            "  – quá hạn",
            "  – chờ xác nhận hoàn thành",
            "  – tạm hoãn",
            "Không thời hạn",
        ];
        let a = line(now);
        let b = prev.map(line);
        let mut row = 4;
        for (i, l) in labels.iter().enumerate() {
            ws.write_string_with_format(row, 0, *l, &f.text)?;
            ws.write_number_with_format(row, 1, a[i] as f64, &f.int)?;
            if let Some(b) = b {
                ws.write_number_with_format(row, 2, b[i] as f64, &f.int)?;
                ws.write_number_with_format(row, 3, (a[i] - b[i]) as f64, &f.int)?;
            }
            row += 1;
        }
        ws.write_string_with_format(
            row,
            0,
            format!("Tỷ lệ quá hạn ({})", r.basis_description),
            &f.text,
        )?;
        ws.write_number_with_format(row, 1, now.overdue_rate, &f.pct)?;
        if let Some(p) = prev {
            ws.write_number_with_format(row, 2, p.overdue_rate, &f.pct)?;
            ws.write_number_with_format(row, 3, now.overdue_rate - p.overdue_rate, &f.pct)?;
        }
        row += 1;
        ws.write_string_with_format(row, 0, "Tỷ lệ hoàn thành", &f.text)?;
        ws.write_number_with_format(row, 1, now.completion_rate, &f.pct)?;
        if let Some(p) = prev {
            ws.write_number_with_format(row, 2, p.completion_rate, &f.pct)?;
            ws.write_number_with_format(row, 3, now.completion_rate - p.completion_rate, &f.pct)?;
        }
        row += 2;
        ws.merge_range(row, 0, row + 5, 3, &r.narrative, &f.text)?;
        if let Some(p) = &r.previous {
            row += 7;
            ws.merge_range(row, 0, row + 2, 3, &p.sentence, &f.text)?;
        }
    }
    figure_sheet(
        &mut wb,
        &f,
        "Theo đơn vị",
        "Kết quả theo đơn vị chủ trì",
        &["STT", "Đơn vị chủ trì"],
        r.units
            .iter()
            .enumerate()
            .map(|(i, u)| (vec![(i + 1).to_string(), u.unit.clone()], &u.figures)),
    )?;
    for (name, title, head, rows) in [
        (
            "Theo lãnh đạo",
            "Kết quả theo lãnh đạo giao nhiệm vụ",
            "Lãnh đạo giao",
            &r.leaders,
        ),
        (
            "Theo lĩnh vực",
            "Kết quả theo lĩnh vực",
            "Lĩnh vực",
            &r.fields,
        ),
        (
            "Theo văn bản",
            "Kết quả theo văn bản chỉ đạo",
            "Văn bản",
            &r.documents,
        ),
        (
            "Theo đơn vị phối hợp",
            "Kết quả theo đơn vị phối hợp",
            "Đơn vị phối hợp",
            &r.coop_units,
        ),
    ] {
        if name == "Theo đơn vị phối hợp" && rows.is_empty() {
            continue;
        }
        figure_sheet(
            &mut wb,
            &f,
            name,
            title,
            &["STT", head],
            rows.iter()
                .enumerate()
                .map(|(i, x)| (vec![(i + 1).to_string(), x.label.clone()], &x.figures)),
        )?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Giao nhiều đơn vị")?;
        ws.write_string_with_format(0, 0, "Nhiệm vụ giao cho nhiều đơn vị", &f.title)?;
        headers(
            ws,
            &f,
            2,
            &[
                "Nội dung",
                "Số đơn vị",
                "Đã hoàn thành",
                "Chưa hoàn thành",
                "Quá hạn",
                "Thời hạn",
            ],
        )?;
        ws.set_column_width(0, 60)?;
        for (i, g) in r.groups.iter().enumerate() {
            let row = 3 + i as u32;
            ws.write_string_with_format(row, 0, &g.content, &f.text)?;
            for (c, n) in [g.units, g.completed, g.not_completed, g.overdue]
                .iter()
                .enumerate()
            {
                ws.write_number_with_format(row, 1 + c as u16, *n as f64, &f.int)?;
            }
            match g.deadline {
                Some(d) => ws.write_datetime_with_format(row, 5, excel_date(d)?, &f.date)?,
                None => ws.write_string_with_format(row, 5, "", &f.text)?,
            };
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Quá hạn")?;
        ws.write_string_with_format(0, 0, "Nhiệm vụ quá hạn theo thời gian quá hạn", &f.title)?;
        for (i, b) in r.ageing.iter().enumerate() {
            ws.write_string_with_format(1, i as u16 * 2, b.label, &f.header)?;
            ws.write_number_with_format(1, i as u16 * 2 + 1, b.tasks as f64, &f.int)?;
        }
        headers(
            ws,
            &f,
            3,
            &[
                "Mã",
                "Nội dung nhiệm vụ",
                "Đơn vị chủ trì",
                "Văn bản",
                "Thời hạn",
                "Số ngày quá hạn",
                "Số lần đôn đốc",
            ],
        )?;
        ws.set_column_width(1, 60)?;
        ws.set_column_width(2, 30)?;
        ws.set_column_width(3, 40)?;
        ws.set_column_width(4, 12)?;
        for (i, t) in r.overdue_tasks.iter().enumerate() {
            let row = 4 + i as u32;
            ws.write_number_with_format(row, 0, t.task_id as f64, &f.int)?;
            ws.write_string_with_format(row, 1, &t.content, &f.text)?;
            ws.write_string_with_format(row, 2, &t.unit, &f.text)?;
            ws.write_string_with_format(row, 3, &t.document, &f.text)?;
            ws.write_datetime_with_format(row, 4, excel_date(t.deadline)?, &f.date)?;
            ws.write_number_with_format(row, 5, t.days_overdue as f64, &f.int)?;
            ws.write_number_with_format(row, 6, t.urgings as f64, &f.int)?;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("Xếp loại")?;
        ws.write_string_with_format(0, 0, "Xếp loại đơn vị (đánh giá thi đua)", &f.title)?;
        ws.write_string(1, 0, &r.ranking.formula)?;
        headers(
            ws,
            &f,
            3,
            &[
                "Hạng",
                "Đơn vị",
                "Tổng số",
                "Tỷ lệ hoàn thành",
                "Tỷ lệ hoàn thành quá hạn",
                "Số quá hạn",
                "Điểm",
                "Xếp loại",
            ],
        )?;
        ws.set_column_width(1, 45)?;
        ws.set_column_width(7, 22)?;
        for (i, x) in r.ranking.rows.iter().enumerate() {
            let row = 4 + i as u32;
            ws.write_number_with_format(row, 0, x.rank as f64, &f.int)?;
            ws.write_string_with_format(row, 1, &x.unit, &f.text)?;
            ws.write_number_with_format(row, 2, x.tasks as f64, &f.int)?;
            ws.write_number_with_format(row, 3, x.completion_rate, &f.pct)?;
            ws.write_number_with_format(row, 4, x.late_completion_rate, &f.pct)?;
            ws.write_number_with_format(row, 5, x.overdue as f64, &f.int)?;
            ws.write_number_with_format(row, 6, x.score, &f.score)?;
            ws.write_string_with_format(row, 7, x.band, &f.text)?;
        }
    }
    wb.save_to_buffer()
}
