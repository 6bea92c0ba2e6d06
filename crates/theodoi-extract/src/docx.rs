//! The text of a `.docx`: `word/document.xml`, one line per paragraph, tabs and breaks kept.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::ExtractError;

/// Largest `document.xml` read, uncompressed; beyond it the file is refused, not read.
const MAX_XML: u64 = 64 * 1024 * 1024;

fn unreadable(why: impl std::fmt::Display) -> ExtractError {
    ExtractError::Unreadable(format!("tệp .docx hỏng hoặc không đọc được ({why})"))
}

/// The paragraphs of a `.docx` file as lines of text.
pub(crate) fn text_of(bytes: &[u8]) -> Result<String, ExtractError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let entry = archive.by_name("word/document.xml").map_err(unreadable)?;
    let mut xml = Vec::new();
    entry
        .take(MAX_XML)
        .read_to_end(&mut xml)
        .map_err(unreadable)?;
    paragraphs_of(&xml)
}

/// Walks WordprocessingML: `w:t` text, `w:tab`, `w:br`, and a line break after each `w:p`.
fn paragraphs_of(xml: &[u8]) -> Result<String, ExtractError> {
    let mut reader = Reader::from_reader(xml);
    let mut out = String::new();
    let mut in_text = false;
    // Open elements: a document that ends with some still open was cut short or is no XML,
    // and its text cannot be trusted to be whole.
    let mut depth = 0usize;
    let mut tables = 0usize;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf);
        match &event {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"tbl" => tables += 1,
                _ => {}
            },
            // In a table, a cell's paragraphs join with spaces, cells with a tab and rows with a
            // line break, as a table copied from Word reads (see `tables.rs`).
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" if tables > 0 => out.push(' '),
                b"p" => out.push('\n'),
                b"tc" => {
                    while out.ends_with(' ') {
                        out.pop();
                    }
                    out.push('\t');
                }
                b"tr" => {
                    while out.ends_with(['\t', ' ']) {
                        out.pop();
                    }
                    out.push('\n');
                }
                b"tbl" => tables = tables.saturating_sub(1),
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"tab" => out.push('\t'),
                b"br" | b"cr" if tables > 0 => out.push(' '),
                b"br" | b"cr" => out.push('\n'),
                b"p" if tables > 0 => out.push(' '),
                b"p" => out.push('\n'),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                let s = t.decode().map_err(unreadable)?;
                let s = quick_xml::escape::unescape(&s).map_err(unreadable)?;
                out.push_str(&s);
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                let name = r.decode().map_err(unreadable)?;
                let entity = format!("&{name};");
                let s = quick_xml::escape::unescape(&entity).map_err(unreadable)?;
                out.push_str(&s);
            }
            Ok(Event::Eof) if depth > 0 => {
                return Err(unreadable(
                    "word/document.xml bị cắt ngang hoặc không đúng XML",
                ));
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(unreadable(e)),
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_become_lines() {
        let xml = br#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Giao S&#7903; Y t&#7871;</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve"> ch&#7911; tr&#236; &amp; l&#224;m</w:t></w:r></w:p><w:p><w:r><w:t>D&#242;ng hai</w:t></w:r></w:p></w:body></w:document>"#;
        let text = paragraphs_of(xml).expect("valid xml");
        assert_eq!(text, "Giao Sở Y tế\t chủ trì & làm\nDòng hai\n");
    }

    #[test]
    fn table_rows_become_tab_separated_lines() {
        let xml = br#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>PH&#7908; L&#7908;C</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>N&#7897;i dung</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Ch&#7911; tr&#236;</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>R&#224; so&#225;t</w:t></w:r></w:p><w:p><w:r><w:t>d&#7919; li&#7879;u</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>S&#7903; T&#432; ph&#225;p</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
        let text = paragraphs_of(xml).expect("valid xml");
        assert_eq!(
            text,
            "PHỤ LỤC\nNội dung\tChủ trì\nRà soát dữ liệu\tSở Tư pháp\n"
        );
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let err = text_of(b"not a zip").expect_err("not a docx");
        assert!(
            err.to_string()
                .starts_with("Tệp không phải văn bản tiếng Việt")
        );
    }
}
