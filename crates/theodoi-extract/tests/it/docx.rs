//! `.docx` files: the paragraphs of `word/document.xml` read as lines.

use std::io::Write;

use theodoi_extract::extract_docx;

fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>"))
        .collect();
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).expect("entry");
    zip.write_all(xml.as_bytes()).expect("write");
    zip.finish().expect("finish");
    out.into_inner()
}

#[test]
fn a_docx_reads_like_its_text() {
    let bytes = docx(&[
        "ỦY BAN NHÂN DÂN",
        "TỈNH HẬU GIANG",
        "Số: 12/UBND-TH",
        "Vị Thanh, ngày 3 tháng 2 năm 2023",
        "Chủ tịch UBND tỉnh có ý kiến như sau:",
        "Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm, báo cáo trước ngày 28/02/2023.",
    ]);
    let x = extract_docx(&bytes, None).expect("a docx");
    assert_eq!(x.document.number.as_deref(), Some("12/UBND-TH"));
    assert_eq!(x.document.issuer.as_deref(), Some("UBND tỉnh Hậu Giang"));
    assert_eq!(x.tasks.len(), 1);
    assert_eq!(x.tasks[0].lead, "Sở Y tế");
    assert_eq!(
        x.tasks[0].deadline,
        chrono::NaiveDate::from_ymd_opt(2023, 2, 28)
    );
}

#[test]
fn a_broken_docx_gets_a_message() {
    let err = extract_docx(b"PK\x03\x04 broken", None).expect_err("broken");
    assert!(err.to_string().contains(".docx"));
}
