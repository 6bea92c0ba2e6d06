//! Task lists as .xlsx or .csv, with the columns `theodoi import tasks` reads back.

use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, XlsxError};
use serde::Serialize;
use theodoi_core::format::date_vi;

use super::xlsx::{Formats, excel_date};

/// The columns, in the order written; the import matches them by name in any order.
pub const TASK_HEADERS: [&str; 16] = [
    "Mã nhiệm vụ",
    "Số ký hiệu văn bản",
    "Ngày văn bản",
    "Loại văn bản",
    "Trích yếu",
    "Nội dung nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Lãnh đạo giao",
    "Ngày giao",
    "Thời hạn",
    "Ngày hoàn thành",
    "Trạng thái",
    "Nhiệm vụ trọng tâm",
    "Lĩnh vực",
    "Ngày thu hồi",
];

/// A task deadline as written in a sheet: a date, or the wording of a task without one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum DeadlineCell {
    Date(NaiveDate),
    Text(String),
}

/// One line of an exported task list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskLine {
    pub id: i64,
    pub doc_number: String,
    pub doc_date: Option<NaiveDate>,
    pub doc_kind: String,
    pub doc_summary: String,
    pub content: String,
    pub lead_unit: String,
    /// Names separated by "; ".
    pub coop_units: String,
    pub leader: String,
    pub assigned_on: NaiveDate,
    pub deadline: DeadlineCell,
    pub completed_on: Option<NaiveDate>,
    pub state: String,
    pub is_key: bool,
    pub field: String,
    pub withdrawn_on: Option<NaiveDate>,
}

impl TaskLine {
    fn texts(&self) -> [String; 16] {
        [
            self.id.to_string(),
            self.doc_number.clone(),
            self.doc_date.map(date_vi).unwrap_or_default(),
            self.doc_kind.clone(),
            self.doc_summary.clone(),
            self.content.clone(),
            self.lead_unit.clone(),
            self.coop_units.clone(),
            self.leader.clone(),
            date_vi(self.assigned_on),
            match &self.deadline {
                DeadlineCell::Date(d) => date_vi(*d),
                DeadlineCell::Text(t) => t.clone(),
            },
            self.completed_on.map(date_vi).unwrap_or_default(),
            self.state.clone(),
            if self.is_key {
                "x".into()
            } else {
                String::new()
            },
            self.field.clone(),
            self.withdrawn_on.map(date_vi).unwrap_or_default(),
        ]
    }
}

/// CSV in UTF-8 with a byte-order mark (so Excel shows the diacritics), dates dd/mm/yyyy.
pub fn tasks_csv(lines: &[TaskLine], progress: &mut dyn FnMut(u64)) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(TASK_HEADERS)?;
        for (i, l) in lines.iter().enumerate() {
            w.write_record(l.texts())?;
            if i % 1000 == 999 {
                progress(1000);
            }
        }
        w.flush()?;
    }
    progress((lines.len() % 1000) as u64);
    Ok(out)
}

/// An .xlsx workbook with one sheet "Nhiệm vụ": frozen header row, real dates.
pub fn tasks_xlsx(lines: &[TaskLine], progress: &mut dyn FnMut(u64)) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Nhiệm vụ")?;
    for (i, h) in TASK_HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &f.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (c, w) in [
        8, 14, 12, 16, 40, 60, 30, 30, 24, 12, 14, 14, 16, 10, 20, 12,
    ]
    .iter()
    .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    let date = |ws: &mut rust_xlsxwriter::Worksheet,
                row: u32,
                col: u16,
                d: Option<NaiveDate>|
     -> Result<(), XlsxError> {
        match d {
            Some(d) => ws
                .write_datetime_with_format(row, col, excel_date(d)?, &f.date)
                .map(|_| ()),
            None => ws
                .write_string_with_format(row, col, "", &f.text)
                .map(|_| ()),
        }
    };
    for (i, l) in lines.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_number_with_format(row, 0, l.id as f64, &f.int)?;
        let texts = l.texts();
        for col in [1u16, 3, 4, 5, 6, 7, 8, 12, 13, 14] {
            ws.write_string_with_format(row, col, &texts[col as usize], &f.text)?;
        }
        date(ws, row, 2, l.doc_date)?;
        date(ws, row, 9, Some(l.assigned_on))?;
        match &l.deadline {
            DeadlineCell::Date(d) => date(ws, row, 10, Some(*d))?,
            DeadlineCell::Text(t) => {
                ws.write_string_with_format(row, 10, t, &f.text)?;
            }
        }
        date(ws, row, 11, l.completed_on)?;
        date(ws, row, 15, l.withdrawn_on)?;
        if i % 1000 == 999 {
            progress(1000);
        }
    }
    progress((lines.len() % 1000) as u64);
    wb.save_to_buffer()
}
