//! Reading a spreadsheet (.xlsx, or .csv in UTF-8 with `,` or `;`) into rows of cells, with
//! the row numbers a user sees in Excel.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A row with its number in the sheet (1 = the first row).
pub struct SheetRow {
    pub number: usize,
    pub cells: Vec<Cell>,
}

/// The first sheet of an .xlsx file, or a .csv file (chosen by the name, then by content).
pub fn read(bytes: &[u8], filename: &str) -> Result<Vec<SheetRow>, String> {
    let lower = filename.to_lowercase();
    let is_zip = bytes.starts_with(b"PK");
    if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") || (is_zip && !lower.ends_with(".csv"))
    {
        read_xlsx(bytes)
    } else if lower.ends_with(".xls") {
        Err("tệp .xls (Excel 97–2003) không được hỗ trợ; hãy lưu lại thành .xlsx".into())
    } else {
        read_csv(bytes)
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<SheetRow>, String> {
    let mut wb: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("không đọc được tệp Excel: {e}"))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or("tệp Excel không có trang tính nào")?
        .map_err(|e| format!("không đọc được trang tính đầu tiên: {e}"))?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut out = Vec::with_capacity(range.height());
    for (i, r) in range.rows().enumerate() {
        let mut cells = vec![Cell::Empty; col0 as usize];
        cells.extend(r.iter().map(|c| {
            match c {
                Data::Empty | Data::Error(_) => Cell::Empty,
                Data::String(s) => Cell::Text(s.clone()),
                Data::Int(n) => Cell::Number(*n as f64),
                Data::Float(f) => Cell::Number(*f),
                Data::Bool(b) => Cell::Text(if *b { "x".into() } else { String::new() }),
                Data::DateTime(d) => d
                    .as_datetime()
                    .map(|t| Cell::Date(t.date()))
                    .unwrap_or(Cell::Number(d.as_f64())),
                Data::DateTimeIso(s) => theodoi_core::window::parse_iso(s.get(..10).unwrap_or(s))
                    .map(Cell::Date)
                    .unwrap_or_else(|| Cell::Text(s.clone())),
                Data::DurationIso(s) => Cell::Text(s.clone()),
            }
        }));
        out.push(SheetRow {
            number: row0 as usize + i + 1,
            cells,
        });
    }
    Ok(out)
}

fn read_csv(bytes: &[u8]) -> Result<Vec<SheetRow>, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "tệp CSV không phải UTF-8; hãy lưu lại với mã hóa UTF-8".to_string())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| format!("dòng {}: không đọc được CSV: {e}", i + 1))?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(i + 1);
        out.push(SheetRow {
            number: line,
            cells: rec
                .iter()
                .map(|s| {
                    if s.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        });
    }
    Ok(out)
}

/// A date from a cell: an Excel date, an Excel serial number, `dd/mm/yyyy` (also with `-` or
/// `.`), or `yyyy-mm-dd`.
pub fn date_of(c: &Cell) -> Option<Result<NaiveDate, String>> {
    match c {
        Cell::Empty => None,
        Cell::Date(d) => Some(Ok(*d)),
        Cell::Number(n) if *n > 0.0 && *n < 2_958_466.0 => {
            let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
            Some(
                base.checked_add_days(chrono::Days::new(n.floor() as u64))
                    .ok_or_else(|| format!("'{n}' không phải ngày")),
            )
        }
        c => {
            let s = c.text();
            if s.is_empty() {
                return None;
            }
            Some(parse_vi_date(&s).ok_or_else(|| {
                format!("'{s}' không phải ngày hợp lệ (viết dd/mm/yyyy, ví dụ 15/01/2023)")
            }))
        }
    }
}

pub fn parse_vi_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = theodoi_core::window::parse_iso(s) {
        return Some(d);
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).map(str::trim).collect();
    match parts.as_slice() {
        [d, m, y] if y.len() == 4 => {
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_offices_write() {
        let d = NaiveDate::from_ymd_opt(2023, 1, 15);
        assert_eq!(parse_vi_date("15/01/2023"), d);
        assert_eq!(parse_vi_date("15-1-2023"), d);
        assert_eq!(parse_vi_date("2023-01-15"), d);
        assert_eq!(parse_vi_date("31/02/2023"), None);
        assert_eq!(date_of(&Cell::Number(44941.0)), d.map(Ok));
    }

    #[test]
    fn csv_with_semicolons_and_bom() {
        let rows = read("\u{feff}a;b\n1;\"x;y\"\n".as_bytes(), "t.csv").expect("csv");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].cells[1], Cell::Text("x;y".into()));
        assert_eq!(rows[1].number, 2);
    }
}
