//! Excel (.xlsx) templates, import and export for indicator targets and values, capital
//! plans and disbursements. An import is all or nothing: every row is checked by the same
//! service rules inside one transaction, every bad row is reported ("dòng 5: …"), and nothing
//! is written unless every row is good.

use std::io::Cursor;

use calamine::{Data, DataType, Reader, Xlsx};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook};
use theodoi_core::access::Actor;
use theodoi_core::error::FieldError;
use theodoi_core::indicator::Period;
use theodoi_core::investment::parse_money;
use theodoi_core::model::Unit;
use theodoi_core::{DomainError, DomainResult};

use super::Services;
use super::indicators::{TargetInput, ValueInput};
use super::investment::{DisbursementInput, LineKey, PlanInput};
use super::resolve_unit;

/// What a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    Targets,
    Values,
    Plans,
    Disbursements,
}

impl Sheet {
    pub fn parse(s: &str) -> DomainResult<Self> {
        match s.trim() {
            "targets" => Ok(Self::Targets),
            "values" => Ok(Self::Values),
            "plans" => Ok(Self::Plans),
            "disbursements" => Ok(Self::Disbursements),
            other => Err(DomainError::invalid(
                "kind",
                format!(
                    "loại bảng '{other}' không hợp lệ; dùng targets, values, plans, disbursements"
                ),
            )),
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Targets => "Chỉ tiêu giao",
            Self::Values => "Số liệu thực hiện",
            Self::Plans => "Kế hoạch vốn",
            Self::Disbursements => "Giải ngân",
        }
    }

    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Targets => &[
                "Mã chỉ tiêu",
                "Đơn vị",
                "Kỳ",
                "Cận dưới",
                "Cận trên",
                "Cách ghi",
                "Quyết định",
            ],
            Self::Values => &[
                "Mã chỉ tiêu",
                "Đơn vị",
                "Kỳ",
                "Giá trị",
                "Mức độ",
                "Nguồn",
                "Ngày báo cáo",
                "Trọng số",
            ],
            Self::Plans => &[
                "Năm",
                "Đơn vị",
                "Nguồn vốn",
                "Dự án",
                "Chủ đầu tư",
                "Kế hoạch (đồng)",
                "Thủ tướng giao (đồng)",
                "Quyết định",
            ],
            Self::Disbursements => &[
                "Năm",
                "Đơn vị",
                "Nguồn vốn",
                "Dự án",
                "Đến ngày",
                "Lũy kế giải ngân (đồng)",
                "Ghi chú",
            ],
        }
    }

    fn help(self) -> &'static str {
        match self {
            Self::Targets => {
                "Kỳ: 2023 (năm), 2021-2025 (nhiệm kỳ), h2030 (tầm nhìn). Chỉ tiêu càng cao càng tốt: ghi Cận dưới; càng thấp càng tốt: ghi Cận trên; dạng khoảng: ghi cả hai."
            }
            Self::Values => {
                "Mức độ: ước tính, sơ bộ, chính thức. Chỉ nhập số liệu cho kỳ đã giao chỉ tiêu. Ngày báo cáo: ngày/tháng/năm."
            }
            Self::Plans => {
                "Nguồn vốn: mã hoặc tên nguồn (VON_TINH_TT, Vốn thành phố quản lý…). Số tiền bằng đồng hoặc '22,87 tỷ'."
            }
            Self::Disbursements => {
                "Số giải ngân là số lũy kế từ đầu năm đến ngày báo cáo, không vượt kế hoạch vốn."
            }
        }
    }
}

fn xlsx_err(e: impl std::fmt::Display) -> DomainError {
    DomainError::Internal(format!("lỗi tạo tệp Excel: {e}"))
}

/// Writes a sheet of text/number cells with a bold header and a help sheet.
fn workbook(sheet: Sheet, rows: &[Vec<Cell>]) -> DomainResult<Vec<u8>> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(sheet.title()).map_err(xlsx_err)?;
    for (c, h) in sheet.columns().iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xlsx_err)?;
        ws.set_column_width(c as u16, 22).map_err(xlsx_err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Text(t) if !t.is_empty() => {
                    ws.write_string(r, c, t).map_err(xlsx_err)?;
                }
                Cell::Number(x) => {
                    ws.write_number(r, c, *x).map_err(xlsx_err)?;
                }
                _ => {}
            }
        }
    }
    let help = wb.add_worksheet();
    help.set_name("Hướng dẫn").map_err(xlsx_err)?;
    help.write_string(0, 0, sheet.help()).map_err(xlsx_err)?;
    help.write_string(1, 0, "Nhập từ dòng 2 của trang đầu; giữ nguyên dòng tiêu đề. Tệp có một dòng sai thì không dòng nào được ghi.")
        .map_err(xlsx_err)?;
    wb.save_to_buffer().map_err(xlsx_err)
}

/// A cell to write.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    Number(f64),
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// An empty template to fill.
pub fn template(sheet: Sheet) -> DomainResult<Vec<u8>> {
    workbook(sheet, &[])
}

fn cell_text(c: Option<&Data>) -> String {
    match c {
        None | Some(Data::Empty) => String::new(),
        Some(Data::Float(f)) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Some(d) => d.as_string().unwrap_or_default().trim().to_string(),
    }
}

fn cell_f64(c: Option<&Data>, what: &str) -> Result<Option<f64>, String> {
    match c {
        None | Some(Data::Empty) => Ok(None),
        Some(Data::Float(f)) => Ok(Some(*f)),
        Some(Data::Int(i)) => Ok(Some(*i as f64)),
        Some(d) => {
            let s = d.as_string().unwrap_or_default();
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            // Vietnamese form: 1.234,5
            let norm = if s.contains(',') {
                s.replace('.', "").replace(',', ".")
            } else {
                s.to_string()
            };
            norm.parse::<f64>()
                .map(Some)
                .map_err(|_| format!("{what} '{s}' không phải là số"))
        }
    }
}

fn cell_money(c: Option<&Data>, what: &str) -> Result<Option<i64>, String> {
    match c {
        None | Some(Data::Empty) => Ok(None),
        Some(Data::Float(f)) if f.fract() == 0.0 => Ok(Some(*f as i64)),
        Some(Data::Int(i)) => Ok(Some(*i)),
        Some(Data::Float(f)) => Err(format!("{what} {f} có phần lẻ nhỏ hơn một đồng")),
        Some(d) => {
            let s = d.as_string().unwrap_or_default();
            if s.trim().is_empty() {
                return Ok(None);
            }
            if s.trim().starts_with('-') {
                return Err(format!("{what} không được âm"));
            }
            parse_money(&s)
                .map(Some)
                .map_err(|e| format!("{what}: {e}"))
        }
    }
}

fn cell_date(c: Option<&Data>, what: &str) -> Result<Option<NaiveDate>, String> {
    match c {
        None | Some(Data::Empty) => Ok(None),
        Some(Data::DateTime(dt)) => dt
            .as_datetime()
            .map(|d| Some(d.date()))
            .ok_or_else(|| format!("{what} không hợp lệ")),
        Some(d) => {
            let s = d.as_string().unwrap_or_default();
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            theodoi_core::window::parse_iso(s)
                .or_else(|| NaiveDate::parse_from_str(s, "%d/%m/%Y").ok())
                .map(Some)
                .ok_or_else(|| format!("{what} '{s}' không hợp lệ (viết 21/02/2024)"))
        }
    }
}

fn required<T>(v: Result<Option<T>, String>, what: &str) -> Result<T, String> {
    v?.ok_or_else(|| format!("thiếu {what}"))
}

fn unit_of(units: &[Unit], name: &str, what: &str) -> Result<i64, String> {
    if name.trim().is_empty() {
        return Err(format!("thiếu {what}"));
    }
    resolve_unit(units, name)
        .map(|u| u.id.0)
        .map_err(|e| match e {
            DomainError::Invalid(f) => f
                .into_iter()
                .map(|x| x.message)
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        })
}

fn messages(e: DomainError) -> String {
    match e {
        DomainError::Invalid(f) => f
            .into_iter()
            .map(|x| x.message)
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

impl Services {
    /// Imports one sheet: all rows or none. Returns the number of rows written.
    pub async fn import_figures(
        &self,
        actor: &Actor,
        sheet: Sheet,
        bytes: &[u8],
    ) -> DomainResult<usize> {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec()))
            .map_err(|e| DomainError::invalid("file", format!("không đọc được tệp Excel: {e}")))?;
        let range = wb
            .worksheet_range_at(0)
            .ok_or_else(|| DomainError::invalid("file", "tệp Excel không có trang nào"))?
            .map_err(|e| DomainError::invalid("file", format!("không đọc được trang đầu: {e}")))?;
        let mut rows = range.rows();
        let header: Vec<String> = rows
            .next()
            .map(|r| r.iter().map(|c| cell_text(Some(c))).collect())
            .unwrap_or_default();
        let expected = sheet.columns();
        if header.len() < expected.len()
            || expected
                .iter()
                .zip(&header)
                .any(|(e, h)| theodoi_core::text::fold(e) != theodoi_core::text::fold(h))
        {
            return Err(DomainError::invalid(
                "file",
                format!("dòng 1: tiêu đề phải là: {}", expected.join(" | ")),
            ));
        }
        let units = self.store.units().await?;
        let mut tx = self.store.begin().await?;
        let mut errors: Vec<FieldError> = Vec::new();
        let mut written = 0;
        for (i, row) in rows.enumerate() {
            let line = i + 2;
            if row
                .iter()
                .all(|c| c.is_empty() || cell_text(Some(c)).is_empty())
            {
                continue;
            }
            let c = |k: usize| row.get(k);
            let result: Result<(), String> = match sheet {
                Sheet::Targets => {
                    async {
                        let input = TargetInput {
                            indicator: cell_text(c(0)),
                            unit_id: unit_of(&units, &cell_text(c(1)), "đơn vị")?,
                            period: cell_text(c(2)),
                            low: cell_f64(c(3), "cận dưới")?,
                            high: cell_f64(c(4), "cận trên")?,
                            wording: cell_text(c(5)),
                            decision: cell_text(c(6)),
                        };
                        self.apply_target(&mut tx, actor, &units, input)
                            .await
                            .map(|_| ())
                            .map_err(messages)
                    }
                    .await
                }
                Sheet::Values => {
                    async {
                        let input = ValueInput {
                            indicator: cell_text(c(0)),
                            unit_id: unit_of(&units, &cell_text(c(1)), "đơn vị")?,
                            period: cell_text(c(2)),
                            value: required(cell_f64(c(3), "giá trị"), "giá trị")?,
                            quality: cell_text(c(4)),
                            source: cell_text(c(5)),
                            reported_on: required(cell_date(c(6), "ngày báo cáo"), "ngày báo cáo")?,
                            weight: cell_f64(c(7), "trọng số")?,
                        };
                        self.apply_value(&mut tx, actor, &units, input)
                            .await
                            .map(|_| ())
                            .map_err(messages)
                    }
                    .await
                }
                Sheet::Plans => {
                    async {
                        let year = required(cell_f64(c(0), "năm"), "năm")?;
                        let investor = cell_text(c(4));
                        let input = PlanInput {
                            year: year as i32,
                            unit_id: unit_of(&units, &cell_text(c(1)), "đơn vị")?,
                            source: cell_text(c(2)),
                            project: cell_text(c(3)),
                            investor_unit_id: if investor.is_empty() {
                                None
                            } else {
                                Some(unit_of(&units, &investor, "chủ đầu tư")?)
                            },
                            amount: required(cell_money(c(5), "kế hoạch"), "số vốn kế hoạch")?,
                            pm_amount: cell_money(c(6), "số Thủ tướng giao")?,
                            decision: cell_text(c(7)),
                        };
                        self.apply_plan_line(&mut tx, actor, &units, input)
                            .await
                            .map(|_| ())
                            .map_err(messages)
                    }
                    .await
                }
                Sheet::Disbursements => {
                    async {
                        let year = required(cell_f64(c(0), "năm"), "năm")?;
                        let input = DisbursementInput {
                            line: LineKey {
                                year: year as i32,
                                unit_id: unit_of(&units, &cell_text(c(1)), "đơn vị")?,
                                source: cell_text(c(2)),
                                project: cell_text(c(3)),
                            },
                            as_of: required(cell_date(c(4), "ngày"), "ngày giải ngân")?,
                            cumulative: required(cell_money(c(5), "số giải ngân"), "số giải ngân")?,
                            note: cell_text(c(6)),
                        };
                        self.apply_disbursement(&mut tx, actor, &units, input)
                            .await
                            .map(|_| ())
                            .map_err(messages)
                    }
                    .await
                }
            };
            match result {
                Ok(()) => written += 1,
                Err(m) => errors.push(FieldError::new(format!("dòng {line}"), m)),
            }
        }
        if !errors.is_empty() {
            // Dropping the transaction rolls back every row written before the first error.
            drop(tx);
            return Err(DomainError::Invalid(errors));
        }
        if written == 0 {
            return Err(DomainError::invalid(
                "file",
                "tệp không có dòng dữ liệu nào",
            ));
        }
        tx.commit().await?;
        Ok(written)
    }

    /// Exports one sheet, in the import's columns, for a period (targets, values) or a year
    /// (plans, disbursements), limited to what the actor may see.
    pub async fn export_figures(
        &self,
        actor: &Actor,
        sheet: Sheet,
        period: &str,
    ) -> DomainResult<Vec<u8>> {
        let units = self.store.units().await?;
        super::figures_access::require_view_figures(actor, &units, None)?;
        let name = |id: i64| {
            units
                .iter()
                .find(|u| u.id.0 == id)
                .map(|u| u.code.clone())
                .unwrap_or_default()
        };
        let see = |id: i64| super::figures_access::can_view_figures(actor, &units, id);
        let indicators = self.store.indicators().await?;
        let code = |id: i64| {
            indicators
                .iter()
                .find(|i| i.id == id)
                .map(|i| i.code.clone())
                .unwrap_or_default()
        };
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        match sheet {
            Sheet::Targets | Sheet::Values => {
                let p = Period::parse(period)?;
                if sheet == Sheet::Targets {
                    for t in self
                        .store
                        .indicator_targets(Some(p))
                        .await?
                        .into_iter()
                        .filter(|t| see(t.unit_id))
                    {
                        let num = |x: Option<f64>| x.map(Cell::Number).unwrap_or_else(|| text(""));
                        rows.push(vec![
                            text(code(t.indicator_id)),
                            text(name(t.unit_id)),
                            text(t.period.code()),
                            num(t.bounds.low),
                            num(t.bounds.high),
                            text(t.wording),
                            text(t.decision),
                        ]);
                    }
                } else {
                    for v in self
                        .store
                        .indicator_values(Some(p))
                        .await?
                        .into_iter()
                        .filter(|v| see(v.unit_id))
                    {
                        rows.push(vec![
                            text(code(v.indicator_id)),
                            text(name(v.unit_id)),
                            text(v.period.code()),
                            Cell::Number(v.value),
                            text(v.quality.label()),
                            text(v.source),
                            text(theodoi_core::format::date_vi(v.reported_on)),
                            v.weight.map(Cell::Number).unwrap_or_else(|| text("")),
                        ]);
                    }
                }
            }
            Sheet::Plans | Sheet::Disbursements => {
                let year: i32 = period.trim().parse().map_err(|_| {
                    DomainError::invalid("year", format!("năm '{}' không hợp lệ", period.trim()))
                })?;
                let data = self.store.investment_data(&[year]).await?;
                let sources = self.store.invest_sources().await?;
                let src = |id: i64| {
                    sources
                        .iter()
                        .find(|s| s.id == id)
                        .map(|s| s.code.clone())
                        .unwrap_or_default()
                };
                let lines: Vec<_> = data
                    .lines
                    .iter()
                    .filter(|l| l.year == year && see(l.unit_id))
                    .collect();
                if sheet == Sheet::Plans {
                    for l in lines {
                        rows.push(vec![
                            Cell::Number(f64::from(l.year)),
                            text(name(l.unit_id)),
                            text(src(l.source_id)),
                            text(l.project.clone()),
                            text(l.investor_unit_id.map(name).unwrap_or_default()),
                            Cell::Number(l.amount as f64),
                            l.pm_amount
                                .map(|x| Cell::Number(x as f64))
                                .unwrap_or_else(|| text("")),
                            text(l.decision.clone()),
                        ]);
                    }
                } else {
                    for d in &data.disbursements {
                        let Some(l) = lines.iter().find(|l| l.id == d.plan_id) else {
                            continue;
                        };
                        rows.push(vec![
                            Cell::Number(f64::from(l.year)),
                            text(name(l.unit_id)),
                            text(src(l.source_id)),
                            text(l.project.clone()),
                            text(theodoi_core::format::date_vi(d.as_of)),
                            Cell::Number(d.cumulative as f64),
                            text(d.note.clone()),
                        ]);
                    }
                }
            }
        }
        workbook(sheet, &rows)
    }
}
