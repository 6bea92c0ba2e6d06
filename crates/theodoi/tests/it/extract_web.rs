//! The extraction page over HTTP: a clerk pastes a conclusion notice, gets the proposed header
//! and the editable table with units matched to the tree, submits it as the browser would,
//! and finds the document and its tasks registered; bad rows and other roles write nothing.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use theodoi::service::Services;
use theodoi_store::{DocumentFilter, TaskFilter};

use crate::common::{Db, d, demo, on_postgres};
use crate::web::{Client, Resp};

const NOTICE: &str = "ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\nSố: 21/TB-VP\nRạch Giá, ngày 10 tháng 02 năm 2023\n\n\
THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại cuộc họp về giải ngân vốn đầu tư công năm 2023\n\n\
Ngày 08/02/2023, Chủ tịch UBND tỉnh chủ trì cuộc họp về tình hình giải ngân vốn đầu tư công. \
Sau khi nghe báo cáo, Chủ tịch UBND tỉnh kết luận như sau:\n\n\
1. Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính tham mưu UBND tỉnh phân bổ chi tiết \
kế hoạch vốn đầu tư công năm 2023, hoàn thành trước ngày 28/02/2023.\n\n\
2. Sở Giao thông vận tải đẩy nhanh tiến độ thi công các công trình giao thông trọng điểm, báo cáo kết quả \
trong tháng 3/2023.\n\n\
3. UBND các huyện, thành phố khẩn trương hoàn thành công tác bồi thường, giải phóng mặt bằng các dự án \
trước ngày 31/3/2023.\n\n\
4. Ban Quản lý dự án đầu tư xây dựng huyện Giang Thành rà soát hồ sơ thanh toán khối lượng đã thực hiện \
trước ngày 15/3/2023.\n\n\
Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n";

const BOUNDARY: &str = "----theodoi-test-boundary";

/// A `multipart/form-data` body as a browser sends it: text fields, then an optional file.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    let (name, bytes) = file.unwrap_or(("", b""));
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(c: &Client, text: &str, file: Option<(&str, &[u8])>, csrf: bool) -> Resp {
    let token = c.csrf.clone().unwrap_or_default();
    let mut fields = vec![("text", text)];
    if csrf {
        fields.insert(0, ("_csrf", token.as_str()));
    }
    let mut b = Request::builder()
        .method("POST")
        .uri("/van-ban/trich-xuat")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        );
    if let Some(cookie) = &c.cookie {
        b = b.header(header::COOKIE, cookie.clone());
    }
    c.send(
        b.body(Body::from(multipart(&fields, file)))
            .expect("request"),
    )
    .await
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    Some(unescape(tag[at..].split('"').next()?))
}

/// The fields a browser would submit from the form with this id: inputs (checkboxes when
/// checked), selected options, textareas. Submit buttons are left to the caller.
fn form_fields(html: &str, form_id: &str) -> Vec<(String, String)> {
    let start = html
        .find(&format!("id=\"{form_id}\""))
        .expect("the form is on the page");
    let end = start + html[start..].find("</form>").expect("form end");
    let form = &html[start..end];
    let mut out = Vec::new();
    let mut rest = form;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        let close = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..close];
        if tag.starts_with("<input") {
            let kind = attr(tag, "type").unwrap_or_else(|| "text".into());
            if let Some(name) = attr(tag, "name")
                && kind != "file"
                && (kind != "checkbox" || tag.contains(" checked"))
            {
                out.push((name, attr(tag, "value").unwrap_or_default()));
            }
        } else if tag.starts_with("<textarea") {
            let body = &rest[close + 1..];
            let text = &body[..body.find("</textarea>").unwrap_or(0)];
            if let Some(name) = attr(tag, "name") {
                out.push((name, unescape(text)));
            }
        } else if tag.starts_with("<select") {
            let name = attr(tag, "name").unwrap_or_default();
            let end = rest.find("</select>").unwrap_or(rest.len());
            for opt in rest[..end].split("<option").skip(1) {
                let head = &opt[..opt.find('>').unwrap_or(0)];
                if head.contains(" selected") {
                    out.push((name.clone(), attr(head, "value").unwrap_or_default()));
                }
            }
        }
        rest = &rest[1..];
    }
    out
}

fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    fields.retain(|(k, _)| k != name);
    fields.push((name.into(), value.into()));
}

async fn post_pairs(c: &Client, uri: &str, fields: &[(String, String)]) -> Resp {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    c.post(uri, &pairs, false).await
}

async fn counts(s: &Services) -> (i64, i64, i64) {
    let docs = s
        .store
        .documents(&DocumentFilter {
            limit: 1,
            ..Default::default()
        })
        .await
        .expect("documents")
        .1;
    let tasks = s
        .store
        .tasks(&TaskFilter {
            limit: 1,
            include_delegated: true,
            ..Default::default()
        })
        .await
        .expect("tasks")
        .total;
    (docs, tasks, s.store.audit_count().await.expect("audit"))
}

fn row(html: &str, i: usize) -> &str {
    let at = html
        .find(&format!("id=\"row-{i}\""))
        .unwrap_or_else(|| panic!("row {i} is on the page"));
    &html[at..at + html[at..].find("</tr>").expect("row end")]
}

async fn suite(db: &Db) {
    let s = demo(&db.url).await;
    let unit = |name: &'static str| {
        let s = s.clone();
        async move { s.find_unit(name).await.expect(name).id.0 }
    };
    let (skhdt, stc, sgtvt) = (
        unit("Sở KH&ĐT").await,
        unit("Sở Tài chính").await,
        unit("Sở GTVT").await,
    );
    let province = unit("UBND tỉnh Kiên Giang").await;
    let localities = theodoi::service::group_members(
        &s.store.units().await.expect("units"),
        "UBND các huyện, thành phố",
        Some(province),
    );
    assert_eq!(localities.len(), 15, "the demo's 15 localities");

    // Only the office and leaders register documents.
    let manager = Client::sign_in(&s, "sokhdt", "demo").await;
    assert_eq!(
        manager.get("/van-ban/trich-xuat").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        upload(&manager, NOTICE, None, true).await.status,
        StatusCode::FORBIDDEN
    );

    let office = Client::sign_in(&s, "vanphong", "demo").await;
    let docs_page = office.get("/van-ban").await;
    assert!(docs_page.body.contains("href=\"/van-ban/trich-xuat\""));
    let form = office.get("/van-ban/trich-xuat").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    // A file upload without the CSRF token is refused like any other form.
    assert_eq!(
        upload(&office, NOTICE, None, false).await.status,
        StatusCode::FORBIDDEN
    );

    // Nothing to read, English, a PDF: a clear message on the same page, the text kept.
    let r = upload(&office, "  ", None, true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("dán nội dung văn bản"), "{}", r.body);
    let english = "The committee asked the department to report on disbursement by Friday.";
    let r = upload(&office, english, None, true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("không phải văn bản tiếng Việt"),
        "{}",
        r.body
    );
    assert!(r.body.contains("report on disbursement by Friday"));
    let r = upload(&office, "", Some(("scan.pdf", b"%PDF-1.4 ...")), true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("scan.pdf"), "{}", r.body);

    // The pasted notice: header read, units matched, the group spread, the stranger flagged.
    let before = counts(&s).await;
    let review = upload(&office, NOTICE, None, true).await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    let html = &review.body;
    assert!(html.contains("value=\"21/TB-VP\""));
    assert!(html.contains("value=\"10/02/2023\""));
    assert!(html.contains("<option value=\"thong_bao_ket_luan\" selected>"));
    assert!(row(html, 1).contains(&format!("<option value=\"{skhdt}\" selected>")));
    assert!(row(html, 1).contains(&format!("<option value=\"{stc}\" selected>")));
    assert!(row(html, 1).contains("value=\"28/02/2023\""));
    assert!(row(html, 1).contains("“hoàn thành trước ngày 28/02/2023”"));
    assert!(row(html, 2).contains(&format!("<option value=\"{sgtvt}\" selected>")));
    assert!(row(html, 2).contains("value=\"31/03/2023\""));
    assert_eq!(
        row(html, 3).matches(" selected>").count(),
        15 + 1,
        "15 localities and 'không định kỳ'"
    );
    assert!(row(html, 4).contains("class=\"unmatched\""));
    assert!(row(html, 4).contains("Ban Quản lý dự án đầu tư xây dựng huyện Giang Thành"));
    assert!(row(html, 4).contains("chưa khớp đơn vị nào"));
    assert_eq!(counts(&s).await, before, "reading writes nothing");

    // Submitted as it is, the unmatched row stops everything, with what was typed kept.
    let mut fields = form_fields(html, "extract-review");
    set(
        &mut fields,
        "summary",
        "Kết luận về giải ngân vốn đầu tư công năm 2023",
    );
    set(
        &mut fields,
        "t2_content",
        "Đẩy nhanh các công trình giao thông trọng điểm (sửa)",
    );
    let r = post_pairs(&office, "/van-ban/trich-xuat/dang-ky", &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("dòng 4: chọn đơn vị chủ trì"), "{}", r.body);
    assert!(
        r.body
            .contains("Đẩy nhanh các công trình giao thông trọng điểm (sửa)")
    );
    assert!(
        r.body
            .contains("Kết luận về giải ngân vốn đầu tư công năm 2023")
    );
    assert_eq!(counts(&s).await, before, "an unmatched unit writes nothing");

    // A deadline that is no date, and one before the document's date: row messages, nothing written.
    let mut bad = fields.clone();
    fields.retain(|(k, _)| k != "t4_keep");
    set(&mut bad, "t4_lead", &stc.to_string());
    set(&mut bad, "t1_deadline", "31/02/2023");
    set(&mut bad, "t2_deadline", "01/02/2023");
    let r = post_pairs(&office, "/van-ban/trich-xuat/dang-ky", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("dòng 1: &#39;31/02/2023&#39; không phải ngày hợp lệ"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("dòng 2: thời hạn 01/02/2023 trước ngày giao 10/02/2023"),
        "{}",
        r.body
    );
    assert_eq!(counts(&s).await, before, "bad dates write nothing");

    // "Kiểm tra" shows each deadline resolved, still writing nothing.
    let mut check = fields.clone();
    check.push(("preview".into(), "1".into()));
    let r = post_pairs(&office, "/van-ban/trich-xuat/dang-ky", &check).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(row(&r.body, 2).contains("→ 31/03/2023"));
    assert_eq!(counts(&s).await, before);

    // Row 4 unticked: the document and 1 + 1 + 15 tasks, in one go.
    let r = post_pairs(&office, "/van-ban/trich-xuat/dang-ky", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.headers[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    let id: i64 = location
        .trim_start_matches("/van-ban/")
        .parse()
        .expect("document id");
    let doc = s
        .store
        .document(theodoi_core::ids::DocumentId(id))
        .await
        .expect("read")
        .expect("registered");
    assert_eq!(doc.number, "21/TB-VP");
    assert_eq!(doc.date, d("2023-02-10"));
    let tasks = s
        .store
        .tasks(&TaskFilter {
            document_id: Some(doc.id),
            limit: 100,
            include_delegated: true,
            ..Default::default()
        })
        .await
        .expect("tasks")
        .tasks;
    assert_eq!(tasks.len(), 17);
    let plan = tasks
        .iter()
        .find(|t| t.task.lead_unit_id.0 == skhdt)
        .expect("the plan task");
    assert_eq!(plan.task.deadline_current, Some(d("2023-02-28")));
    assert_eq!(plan.task.deadline_text, "hoàn thành trước ngày 28/02/2023");
    assert_eq!(
        plan.task
            .coop_unit_ids
            .iter()
            .map(|u| u.0)
            .collect::<Vec<_>>(),
        [stc]
    );
    let edited = tasks
        .iter()
        .find(|t| t.task.lead_unit_id.0 == sgtvt)
        .expect("the transport task");
    assert_eq!(
        edited.task.content,
        "Đẩy nhanh các công trình giao thông trọng điểm (sửa)"
    );
    let group: Vec<_> = tasks.iter().filter(|t| t.task.group_id.is_some()).collect();
    assert_eq!(group.len(), 15);
    assert!(
        group
            .iter()
            .all(|t| t.task.group_id == group[0].task.group_id)
    );
    assert!(
        group
            .iter()
            .all(|t| t.task.deadline_current == Some(d("2023-03-31")))
    );
    let after = counts(&s).await;
    assert_eq!((after.0, after.1), (before.0 + 1, before.1 + 17));
    assert!(
        after.2 >= before.2 + 1 + 17,
        "each write has its audit event"
    );
    let shown = office.get(&location).await;
    assert!(shown.body.contains("21/TB-VP"));

    // A .docx upload goes the same way.
    let mut docx = docx_rs::Docx::new();
    for line in NOTICE.lines() {
        docx = docx
            .add_paragraph(docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_text(line)));
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).expect("docx");
    let r = upload(
        &office,
        "",
        Some(("21-TB-VP.docx", &bytes.into_inner())),
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(row(&r.body, 1).contains(&format!("<option value=\"{skhdt}\" selected>")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extraction_page_on_sqlite() {
    suite(&Db::sqlite("extract_web").await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extraction_page_on_postgres() {
    if let Some(db) = on_postgres("extract_web").await {
        suite(&db).await;
        db.drop().await;
    }
}
