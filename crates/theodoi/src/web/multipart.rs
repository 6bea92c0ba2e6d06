//! Upload forms (`multipart/form-data`, RFC 7578) read whole: the session layer has already
//! buffered the body to check its CSRF field, so the parts are read from memory with `multer`
//! (the parser axum's own `Multipart` uses).

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

/// The parts of a body, or `None` when it is not a well-formed multipart form.
pub async fn parse(content_type: &str, body: &[u8]) -> Option<Vec<Part>> {
    let boundary = multer::parse_boundary(content_type).ok()?;
    let bytes = axum::body::Bytes::copy_from_slice(body);
    let stream = futures_util::stream::once(std::future::ready(Ok::<_, std::io::Error>(bytes)));
    let mut form = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                let name = field.name()?.to_string();
                let filename = field.file_name().map(str::to_string);
                let data = field.bytes().await.ok()?.to_vec();
                parts.push(Part {
                    name,
                    filename,
                    data,
                });
            }
            Ok(None) => return Some(parts),
            Err(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_fields_and_a_file() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc123\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"chi tieu.xlsx\"\r\n\
Content-Type: application/octet-stream\r\n\r\nPK\x03\x04\r\n-XyZ\x00\r\n--XyZ--\r\n";
        let parts = parse("multipart/form-data; boundary=XyZ", body)
            .await
            .expect("parts");
        assert_eq!(parts.len(), 2);
        assert_eq!(
            (parts[0].name.as_str(), parts[0].text().as_str()),
            ("_csrf", "abc123")
        );
        assert_eq!(parts[1].filename.as_deref(), Some("chi tieu.xlsx"));
        assert_eq!(parts[1].data, b"PK\x03\x04\r\n-XyZ\x00");
        assert!(
            parse("multipart/form-data; boundary=XyZ", b"garbage")
                .await
                .is_none()
        );
        assert!(parse("multipart/form-data", body).await.is_none());
    }
}
