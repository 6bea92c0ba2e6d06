//! A small reader of `multipart/form-data` bodies (RFC 7578), enough for the upload forms:
//! named text fields and one file per field, the whole body already in memory (the session
//! layer buffers it to check the CSRF field). Avoids a streaming dependency for files of a
//! few hundred kilobytes.

/// The largest upload accepted (an Excel file of figures and the form around it).
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// One part of the body.
#[derive(Debug, Clone)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

impl Part {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

/// Whether a Content-Type header is a multipart form.
pub fn is_multipart(content_type: &str) -> bool {
    content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
}

fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty() && b.len() <= 70)
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// `name="x"; filename="y"` of a Content-Disposition header.
fn param(header: &str, key: &str) -> Option<String> {
    header.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// The parts of a body, or `None` when it is not a well-formed multipart form.
pub fn parse(content_type: &str, body: &[u8]) -> Option<Vec<Part>> {
    let delimiter = format!("--{}", boundary(content_type)?).into_bytes();
    let mut next_delim = delimiter.clone();
    next_delim.splice(0..0, *b"\r\n");
    let mut pos = find(body, &delimiter, 0)? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        if body.get(pos..pos + 2) == Some(b"--") {
            return Some(parts);
        }
        if body.get(pos..pos + 2) != Some(b"\r\n") {
            return None;
        }
        let head_end = find(body, b"\r\n\r\n", pos + 2)?;
        let head = String::from_utf8_lossy(&body[pos + 2..head_end]).into_owned();
        let data_start = head_end + 4;
        let data_end = find(body, &next_delim, data_start)?;
        let disposition = head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-disposition")
                .then(|| v.to_string())
        })?;
        parts.push(Part {
            name: param(&disposition, "name")?,
            filename: param(&disposition, "filename"),
            data: body[data_start..data_end].to_vec(),
        });
        pos = data_end + next_delim.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_a_file() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc123\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"chi tieu.xlsx\"\r\n\
Content-Type: application/octet-stream\r\n\r\nPK\x03\x04\r\n-XyZ\x00\r\n--XyZ--\r\n";
        let parts = parse("multipart/form-data; boundary=XyZ", body).expect("parts");
        assert_eq!(parts.len(), 2);
        assert_eq!(
            (parts[0].name.as_str(), parts[0].text().as_str()),
            ("_csrf", "abc123")
        );
        assert_eq!(parts[1].filename.as_deref(), Some("chi tieu.xlsx"));
        assert_eq!(parts[1].data, b"PK\x03\x04\r\n-XyZ\x00");
        assert!(parse("multipart/form-data; boundary=XyZ", b"garbage").is_none());
        assert!(parse("multipart/form-data", body).is_none());
        assert!(is_multipart("multipart/form-data; boundary=XyZ"));
    }
}
