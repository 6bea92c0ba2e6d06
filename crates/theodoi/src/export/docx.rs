//! The report as a Word document in the administrative layout of Nghị định 30/2020/NĐ-CP:
//! A4, Times New Roman; issuer block and national motto side by side; number, place and date;
//! title; body (narrative, tables, chart); recipients and signature.

use chrono::Datelike;
use docx_rs::{
    AlignmentType, BreakType, Docx, LineSpacing, PageMargin, Paragraph, Pic, Run, RunFonts,
    SpecialIndentType, Table, TableCell, TableLayoutType, TableRow, WidthType,
};
use serde::{Deserialize, Serialize};
use theodoi_core::format::{date_vi, decimal_vi, int_vi, percent_vi};
use theodoi_core::report::{Figures, Report};

/// The parts of the document that are not figures (settings `report_issuer_parent`, …).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocxOptions {
    pub issuer_parent: String,
    pub issuer: String,
    /// "Số: …/BC-VP"; empty leaves dots for the clerk.
    pub number: String,
    pub place: String,
    pub signer_title: String,
    pub signer_name: String,
    pub recipients: Vec<String>,
}

impl Default for DocxOptions {
    fn default() -> Self {
        Self {
            issuer_parent: "UBND TỈNH KIÊN GIANG".into(),
            issuer: "VĂN PHÒNG".into(),
            number: String::new(),
            place: "Kiên Giang".into(),
            signer_title: "CHÁNH VĂN PHÒNG".into(),
            signer_name: String::new(),
            recipients: vec![
                "Chủ tịch, các Phó Chủ tịch UBND tỉnh;".into(),
                "Các sở, ban, ngành tỉnh;".into(),
                "UBND các huyện, thành phố;".into(),
                "Lưu: VT.".into(),
            ],
        }
    }
}

const FONT: &str = "Times New Roman";
/// Sizes in half-points.
pub(crate) const BODY: usize = 28;
pub(crate) const SMALL: usize = 26;
const TABLE: usize = 22;

pub(crate) fn run(text: impl Into<String>, size: usize) -> Run {
    Run::new().add_text(text).size(size)
}

pub(crate) fn centred(runs: Vec<Run>) -> Paragraph {
    runs.into_iter()
        .fold(Paragraph::new().align(AlignmentType::Center), |p, r| {
            p.add_run(r)
        })
}

pub(crate) fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
        .line_spacing(LineSpacing::new().before(60).after(60))
        .add_run(run(text, BODY))
}

pub(crate) fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .indent(None, Some(SpecialIndentType::FirstLine(567)), None, None)
        .line_spacing(LineSpacing::new().before(120).after(60))
        .keep_next(true)
        .add_run(run(text, BODY).bold())
}

fn cell(text: &str, width: usize, bold: bool, align: AlignmentType) -> TableCell {
    let r = run(text, TABLE);
    TableCell::new().width(width, WidthType::Dxa).add_paragraph(
        Paragraph::new()
            .align(align)
            .add_run(if bold { r.bold() } else { r }),
    )
}

fn plain_cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    paragraphs
        .into_iter()
        .fold(TableCell::new().width(width, WidthType::Dxa), |c, p| {
            c.add_paragraph(p)
        })
        .clear_all_border()
}

/// A table with a bold header row; the first column is text, the others numbers.
pub(crate) fn table(head: &[&str], widths: &[usize], rows: Vec<Vec<String>>) -> Table {
    let header = TableRow::new(
        head.iter()
            .zip(widths)
            .map(|(h, w)| cell(h, *w, true, AlignmentType::Center))
            .collect(),
    );
    let mut t = Table::new(vec![header])
        .set_grid(widths.to_vec())
        .layout(TableLayoutType::Fixed);
    for r in rows {
        t = t.add_row(TableRow::new(
            r.iter()
                .zip(widths)
                .map(|(x, w)| {
                    let numeric = !x.is_empty()
                        && x.chars()
                            .all(|c| c.is_ascii_digit() || ".,%/–-".contains(c));
                    let align = if numeric {
                        AlignmentType::Right
                    } else {
                        AlignmentType::Left
                    };
                    cell(x, *w, false, align)
                })
                .collect(),
        ));
    }
    t
}

fn figure_cells(x: &Figures) -> Vec<String> {
    let c = &x.counts;
    vec![
        int_vi(c.tasks),
        int_vi(c.completed),
        int_vi(c.completed_late),
        int_vi(c.in_progress),
        int_vi(c.overdue),
        percent_vi(x.overdue_rate),
    ]
}

const FIG_HEAD: [&str; 6] = [
    "Tổng số",
    "Hoàn thành",
    "HT quá hạn",
    "Đang thực hiện",
    "Quá hạn",
    "Tỷ lệ quá hạn",
];
/// Text width between the margins (A4, 30 mm + 15 mm): 9 071 twips.
pub(crate) const TEXT_W: usize = 9071;

fn figure_table(label_head: &str, rows: Vec<(String, &Figures)>) -> Table {
    let mut head = vec!["TT", label_head];
    head.extend(FIG_HEAD);
    let widths = vec![600, 2971, 900, 950, 900, 950, 850, 950];
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, (l, x))| {
            let mut v = vec![(i + 1).to_string(), l];
            v.extend(figure_cells(x));
            v
        })
        .collect();
    table(&head, &widths, rows)
}

/// "Kiên Giang, ngày 31 tháng 01 năm 2023"
fn place_date(place: &str, d: chrono::NaiveDate) -> String {
    let day = if d.day() < 10 {
        format!("0{}", d.day())
    } else {
        d.day().to_string()
    };
    let month = if d.month() < 3 {
        format!("0{}", d.month())
    } else {
        d.month().to_string()
    };
    format!("{place}, ngày {day} tháng {month} năm {}", d.year())
}

/// The report as a .docx file; `chart` is the per-unit chart as PNG (bytes, width, height in px).
pub fn report_docx(
    r: &Report,
    o: &DocxOptions,
    chart: Option<(Vec<u8>, u32, u32)>,
) -> Result<Vec<u8>, docx_rs::DocxError> {
    let number = if o.number.trim().is_empty() {
        "Số:        /BC-VP".to_string()
    } else {
        format!("Số: {}", o.number.trim())
    };
    let mut doc = new_document()
        .add_table(letterhead_lines(o, &[number], r.as_of))
        .add_paragraph(Paragraph::new())
        .add_paragraph(centred(vec![run("BÁO CÁO", BODY).bold()]))
        .add_paragraph(centred(vec![
            run(
                format!(
                    "Tình hình thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao từ ngày {} đến ngày {}",
                    date_vi(r.window.from),
                    date_vi(r.window.to)
                ),
                BODY,
            )
            .bold(),
        ]))
        .add_paragraph(centred(vec![run("———————", SMALL)]))
        .add_paragraph(heading("I. TÌNH HÌNH CHUNG"))
        .add_paragraph(body(&r.narrative));
    if let Some(p) = &r.previous {
        doc = doc.add_paragraph(body(&p.sentence));
    }
    doc = doc.add_paragraph(body(&format!(
        "Tỷ lệ quá hạn tính theo {}; thời hạn tính theo {}.",
        r.basis_description,
        if r.deadline_basis == "original" {
            "thời hạn ban đầu"
        } else {
            "thời hạn hiện hành (đã tính gia hạn được chấp thuận)"
        }
    )));

    doc = doc
        .add_paragraph(heading("II. KẾT QUẢ THEO ĐƠN VỊ CHỦ TRÌ"))
        .add_table(figure_table(
            "Đơn vị chủ trì",
            r.units
                .iter()
                .map(|u| (u.unit.clone(), &u.figures))
                .collect(),
        ));
    if let Some((png, w, h)) = chart {
        // Fit the picture to the text width (EMU: 914 400 per inch, 635 per twip).
        let width_emu = (TEXT_W as u32) * 635;
        let height_emu = (width_emu as u64 * h as u64 / w.max(1) as u64) as u32;
        doc = doc
            .add_paragraph(Paragraph::new())
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_image(
                        Pic::new_with_dimensions(png, w, h).size(width_emu, height_emu),
                    )),
            )
            .add_paragraph(centred(vec![
                run("Biểu đồ: kết quả thực hiện nhiệm vụ theo đơn vị", SMALL).italic(),
            ]));
    }
    if !r.groups.is_empty() {
        doc = doc
            .add_paragraph(heading("III. NHIỆM VỤ GIAO CHO NHIỀU ĐƠN VỊ"))
            .add_table(table(
                &[
                    "TT",
                    "Nội dung",
                    "Số đơn vị",
                    "Đã hoàn thành",
                    "Chưa hoàn thành",
                    "Thời hạn",
                ],
                &[600, 4271, 900, 1000, 1100, 1200],
                r.groups
                    .iter()
                    .enumerate()
                    .map(|(i, g)| {
                        vec![
                            (i + 1).to_string(),
                            g.content.clone(),
                            int_vi(g.units),
                            int_vi(g.completed),
                            format!("{}/{}", g.not_completed, g.units),
                            g.deadline.map(date_vi).unwrap_or_default(),
                        ]
                    })
                    .collect(),
            ));
    }
    doc = doc
        .add_paragraph(heading("IV. NHIỆM VỤ QUÁ HẠN"))
        .add_paragraph(body(&format!(
            "Theo thời gian quá hạn: {}.",
            r.ageing
                .iter()
                .map(|b| format!("{}: {} nhiệm vụ", b.label, int_vi(b.tasks)))
                .collect::<Vec<_>>()
                .join("; ")
        )));
    if !r.overdue_tasks.is_empty() {
        doc = doc.add_table(table(
            &[
                "TT",
                "Nội dung nhiệm vụ",
                "Đơn vị chủ trì",
                "Thời hạn",
                "Số ngày quá hạn",
                "Số lần đôn đốc",
            ],
            &[600, 3471, 2000, 1200, 900, 900],
            r.overdue_tasks
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    vec![
                        (i + 1).to_string(),
                        t.content.clone(),
                        t.unit.clone(),
                        date_vi(t.deadline),
                        int_vi(t.days_overdue),
                        int_vi(t.urgings),
                    ]
                })
                .collect(),
        ));
    }
    if !r.leaders.is_empty() {
        doc = doc
            .add_paragraph(heading("V. KẾT QUẢ THEO LÃNH ĐẠO GIAO NHIỆM VỤ"))
            .add_table(figure_table(
                "Lãnh đạo giao",
                r.leaders
                    .iter()
                    .map(|x| (x.label.clone(), &x.figures))
                    .collect(),
            ));
    }
    if !r.fields.is_empty() {
        doc = doc
            .add_paragraph(heading("VI. KẾT QUẢ THEO LĨNH VỰC"))
            .add_table(figure_table(
                "Lĩnh vực",
                r.fields
                    .iter()
                    .map(|x| (x.label.clone(), &x.figures))
                    .collect(),
            ));
    }
    doc = doc
        .add_paragraph(heading("VII. XẾP LOẠI ĐƠN VỊ"))
        .add_paragraph(body(&r.ranking.formula))
        .add_table(table(
            &[
                "Hạng",
                "Đơn vị",
                "Tỷ lệ hoàn thành",
                "Tỷ lệ HT quá hạn",
                "Quá hạn",
                "Điểm",
                "Xếp loại",
            ],
            &[600, 3071, 1000, 1000, 800, 800, 1800],
            r.ranking
                .rows
                .iter()
                .map(|x| {
                    vec![
                        x.rank.to_string(),
                        x.unit.clone(),
                        percent_vi(x.completion_rate),
                        percent_vi(x.late_completion_rate),
                        int_vi(x.overdue),
                        decimal_vi(x.score, 1),
                        x.band.to_string(),
                    ]
                })
                .collect(),
        ));

    doc = doc
        .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::TextWrapping)))
        .add_table(closing(o));
    pack(doc)
}

/// An A4 document with the margins and the Times New Roman of Nghị định 30/2020.
pub(crate) fn new_document() -> Docx {
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .east_asia(FONT)
        .cs(FONT);
    Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1701)
                .right(850)
                .header(720)
                .footer(720),
        )
        .default_fonts(fonts)
        .default_size(BODY)
}

/// The issuer block (then `lines`: the number, e.g. "Số: 15/BC-VP", and for a letter its
/// "V/v …" summary) beside the national motto and "place, ngày … tháng … năm …".
pub(crate) fn letterhead_lines(o: &DocxOptions, lines: &[String], day: chrono::NaiveDate) -> Table {
    let mut left = vec![
        centred(vec![run(&o.issuer_parent, SMALL)]),
        centred(vec![run(&o.issuer, SMALL).bold()]),
        centred(vec![run("———", SMALL)]),
    ];
    for (i, l) in lines.iter().enumerate() {
        // The summary of a letter is set smaller than its number (Nghị định 30/2020).
        left.push(centred(vec![run(l, if i == 0 { SMALL } else { 24 })]));
    }
    Table::new(vec![TableRow::new(vec![
        plain_cell(left, 3600),
        plain_cell(
            vec![
                centred(vec![
                    run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", SMALL - 2).bold(),
                ]),
                centred(vec![run("Độc lập - Tự do - Hạnh phúc", BODY).bold()]),
                centred(vec![run("———————————", SMALL)]),
                centred(vec![run(place_date(&o.place, day), BODY).italic()]),
            ],
            TEXT_W - 3600 + 500,
        ),
    ])])
    .set_grid(vec![3600, TEXT_W - 3600 + 500])
    .layout(TableLayoutType::Fixed)
    .indent(-250)
    .clear_all_border()
}

/// "Nơi nhận" with the recipients beside the signer's title and name.
pub(crate) fn closing(o: &DocxOptions) -> Table {
    let mut recipients = vec![Paragraph::new().add_run(run("Nơi nhận:", 24).bold().italic())];
    for x in &o.recipients {
        recipients.push(Paragraph::new().add_run(run(format!("- {x}"), 22)));
    }
    let signature = vec![
        centred(vec![run(&o.signer_title, SMALL).bold()]),
        Paragraph::new(),
        Paragraph::new(),
        Paragraph::new(),
        centred(vec![run(&o.signer_name, SMALL).bold()]),
    ];
    Table::new(vec![TableRow::new(vec![
        plain_cell(recipients, 4800),
        plain_cell(signature, TEXT_W - 4800),
    ])])
    .set_grid(vec![4800, TEXT_W - 4800])
    .layout(TableLayoutType::Fixed)
    .clear_all_border()
}

pub(crate) fn pack(doc: Docx) -> Result<Vec<u8>, docx_rs::DocxError> {
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(docx_rs::DocxError::from)?;
    Ok(out.into_inner())
}
