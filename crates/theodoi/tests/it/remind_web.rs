//! Follow-up automation in the web (issue 7), on the demo province as of 31/01/2023: the
//! header's unread count and the notification list, marking read; urging letters for two
//! units (each letter lists its unit's tasks, one urging recorded per task, shown on the task
//! and counted in the report; a non-office user is refused and nothing is recorded); the
//! reminder rules page refusing a negative number; the delivery preference stopping e-mail;
//! a unit's contact person; backup and restore carrying the mail details and the contact.

use axum::http::{StatusCode, header};
use theodoi::clock::Clock;
use theodoi::mail::MailConfig;
use theodoi::service::{ReportRequest, Services};
use theodoi_core::ids::TaskId;
use theodoi_store::Store;

use crate::common::{Db, d, demo, on_postgres};
use crate::remind::{set_today, smtp_sink};
use crate::web::{Client, Resp};

fn count(body: &str, needle: &str) -> usize {
    body.matches(needle).count()
}

/// The ids of the notification rows of a page, in page order.
fn row_ids(body: &str) -> Vec<i64> {
    body.split("id=\"notif-")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

/// Every text run of a .docx, in order.
fn docx_text(bytes: &[u8]) -> String {
    let doc = docx_rs::read_docx(bytes).expect("a valid .docx");
    let json: serde_json::Value = serde_json::from_str(&doc.json()).expect("json");
    fn walk(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::String(t)) = m.get("text") {
                    out.push_str(t);
                }
                for (k, x) in m {
                    if k != "text" {
                        walk(x, out);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    walk(&json["document"], &mut out);
    out
}

async fn notification_centre(s: &Services) {
    let kh = s.actor_by_username("sokhdt").await.expect("sokhdt");
    let unread = s.unread_notifications(&kh).await.expect("unread");
    assert!(unread > 0, "the demo's managers are reminded on 31/01/2023");
    let c = Client::sign_in(s, "sokhdt", "demo").await;

    // The header shows the count on every page.
    let dash = c.get("/viec-can-xu-ly").await;
    assert_eq!(dash.status, StatusCode::OK);
    assert!(
        dash.body
            .contains(&format!("id=\"unread-count\">{unread}</span>")),
        "badge"
    );

    // The list: newest first, 30 a page, unread marked.
    let p1 = c.get("/thong-bao").await;
    assert_eq!(p1.status, StatusCode::OK);
    let total = s
        .store
        .notifications_for(kh.user.id, false, 10_000)
        .await
        .expect("all");
    let ids = row_ids(&p1.body);
    assert_eq!(ids.len(), total.len().min(30));
    assert_eq!(ids[0], total[0].id, "newest first");
    assert!(ids.windows(2).all(|w| w[0] > w[1]));
    assert_eq!(count(&p1.body, "class=\"notif unread\""), ids.len());
    let first = &total[0];
    if let Some(t) = first.task_id {
        assert!(
            p1.body.contains(&format!("href=\"/nhiem-vu/{t}\"")),
            "link to the task"
        );
    }
    if total.len() > 30 {
        let p2 = c.get("/thong-bao?trang=2").await;
        let ids2 = row_ids(&p2.body);
        assert_eq!(ids2.len(), (total.len() - 30).min(30));
        assert!(
            ids2[0] < *ids.last().expect("last"),
            "page 2 continues page 1"
        );
    }

    // Without the CSRF token nothing is marked.
    let r = c
        .post(
            &format!("/thong-bao/{}/da-doc", first.id),
            &[("back", "/thong-bao")],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(s.unread_notifications(&kh).await.expect("n"), unread);
    // Someone else's notification: refused, unchanged.
    let other = Client::sign_in(s, "ld_stc", "demo").await;
    let r = other
        .post(&format!("/thong-bao/{}/da-doc", first.id), &[], true)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(s.unread_notifications(&kh).await.expect("n"), unread);

    // Mark one read: back to the list, one fewer unread, no longer in the unread filter.
    let r = c
        .post(
            &format!("/thong-bao/{}/da-doc", first.id),
            &[("back", "/thong-bao?chua-doc=1")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/thong-bao?chua-doc=1")
    );
    assert_eq!(s.unread_notifications(&kh).await.expect("n"), unread - 1);
    let only = c.get("/thong-bao?chua-doc=1").await;
    assert!(!row_ids(&only.body).contains(&first.id));
    assert!(
        only.body
            .contains(&format!("id=\"unread-count\">{}</span>", unread - 1))
    );
    // A back address elsewhere is not followed.
    let second = total.get(1).expect("two notifications");
    let r = c
        .post(
            &format!("/thong-bao/{}/da-doc", second.id),
            &[("back", "https://example.com/")],
            true,
        )
        .await;
    assert_eq!(
        r.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/thong-bao")
    );

    // Mark all read: no badge left.
    let r = c.post("/thong-bao/da-doc-tat-ca", &[], true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(s.unread_notifications(&kh).await.expect("n"), 0);
    let page = c.get("/thong-bao").await;
    assert!(!page.body.contains("id=\"unread-count\""));
    assert_eq!(count(&page.body, "class=\"notif unread\""), 0);
    // The other person's notifications are untouched.
    let stc = s.actor_by_username("ld_stc").await.expect("ld_stc");
    let stc_all = s
        .store
        .notifications_for(stc.user.id, false, 10_000)
        .await
        .expect("n");
    assert!(stc_all.iter().all(|n| n.read_at.is_none()));
}

async fn urging_letters(s: &Services) {
    let office = s.actor_by_username("vanphong").await.expect("office");
    let day = d("2023-01-31");
    let cands = s
        .urging_candidates(&office, day, None, false)
        .await
        .expect("candidates");
    assert!(
        cands
            .tasks
            .iter()
            .all(|t| t.deadline_current.is_some_and(|dl| dl < day))
    );
    let a = &cands.tasks[0];
    let a2 = cands
        .tasks
        .iter()
        .find(|t| t.lead_unit_id == a.lead_unit_id && t.id != a.id);
    let b = cands
        .tasks
        .iter()
        .find(|t| t.lead_unit_id != a.lead_unit_id)
        .expect("overdue tasks of two units");
    let mut chosen = vec![a.id, b.id];
    chosen.extend(a2.map(|t| t.id));
    let not_overdue = s
        .store
        .tasks(&theodoi_store::TaskFilter {
            timeframe: Some(theodoi_store::Timeframe::OnTime),
            today: Some(day),
            limit: 1,
            ..Default::default()
        })
        .await
        .expect("tasks")
        .tasks[0]
        .task
        .id;
    let counts = |ids: Vec<TaskId>| async move {
        let mut v = Vec::new();
        for id in ids {
            v.push(s.store.urging_count(id).await.expect("n"));
        }
        v
    };

    // The office's page lists the overdue tasks with checkboxes.
    let c = Client::sign_in(s, "vanphong", "demo").await;
    let page = c.get("/don-doc?ngay=31/01/2023").await;
    assert_eq!(page.status, StatusCode::OK);
    for id in &chosen {
        assert!(page.body.contains(&format!("name=\"task\" value=\"{id}\"")));
    }
    // Filtered by unit: only that unit's tasks.
    let page = c
        .get(&format!("/don-doc?ngay=31/01/2023&unit={}", b.lead_unit_id))
        .await;
    assert!(page.body.contains(&format!("id=\"urge-{}\"", b.id)));
    assert!(!page.body.contains(&format!("id=\"urge-{}\"", a.id)));

    let mut form: Vec<(&str, String)> =
        vec![("number", "15/VP-TH".into()), ("ngay", "31/01/2023".into())];
    for id in &chosen {
        form.push(("task", id.to_string()));
    }
    async fn post(client: &Client, form: &[(&str, String)], extra: &[(&str, String)]) -> Resp {
        let pairs: Vec<(&str, &str)> = form
            .iter()
            .chain(extra)
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        client.post("/don-doc", &pairs, true).await
    }

    // A leader sees the list but may not urge; nothing is recorded.
    let leader = Client::sign_in(s, "lanhdao", "demo").await;
    let page = leader.get("/don-doc").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("name=\"task\""));
    let r = post(&leader, &form, &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A unit's manager may not even list them.
    let unit = Client::sign_in(s, "sokhdt", "demo").await;
    assert_eq!(unit.get("/don-doc").await.status, StatusCode::FORBIDDEN);
    assert_eq!(post(&unit, &form, &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(counts(chosen.clone()).await, vec![0; chosen.len()]);

    // A task that is not overdue spoils the selection: the page again, with what was
    // chosen and typed, and nothing recorded.
    let r = post(&c, &form, &[("task", not_overdue.to_string())]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains(&format!(
            "nhiệm vụ #{not_overdue} không quá hạn vào ngày 31/01/2023"
        )),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"15/VP-TH\""));
    assert!(r.body.contains(&format!(
        "value=\"{}\" form=\"urge-form\" aria-label=\"Chọn #{}\" checked",
        a.id, a.id
    )));
    let mut no_number = form.clone();
    no_number[0].1 = String::new();
    let pairs: Vec<(&str, &str)> = no_number.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = c.post("/don-doc", &pairs, true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("thiếu số văn bản đôn đốc"));
    assert_eq!(counts(chosen.clone()).await, vec![0; chosen.len()]);

    // The letters: one per unit, each listing its own tasks.
    let r = post(&c, &form, &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some(theodoi::service::DOCX)
    );
    assert!(
        r.headers
            .get(header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("attachment") && v.contains(".docx"))
    );
    assert!(r.body.starts_with("PK"), "a .docx (zip) file");
    assert_eq!(
        counts(chosen.clone()).await,
        vec![1; chosen.len()],
        "one urging per task"
    );

    // The same letters again from the service (as the CLI would), read back: a second
    // urging per task, and the letters' text.
    let out = s
        .urging_letters(&office, &chosen, day, "16/VP-TH")
        .await
        .expect("letters");
    assert_eq!(out.units, 2);
    assert_eq!(counts(chosen.clone()).await, vec![2; chosen.len()]);
    let text = docx_text(&out.file.bytes);
    for must in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 16/VP-TH",
        "V/v đôn đốc thực hiện nhiệm vụ quá hạn",
        "ngày 31 tháng 01 năm 2023",
        "Nơi nhận:",
    ] {
        assert_eq!(count(&text, must), 2, "{must} once per letter");
    }
    let units = s.store.units().await.expect("units");
    let name = |u| units.iter().find(|x| x.id == u).expect("unit").name.clone();
    let letters: Vec<&str> = text.split("Kính gửi: ").skip(1).collect();
    assert_eq!(letters.len(), 2);
    let letter_of = |u| {
        letters
            .iter()
            .find(|l| l.starts_with(&name(u)))
            .expect("a letter for the unit")
    };
    let la = letter_of(a.lead_unit_id);
    let lb = letter_of(b.lead_unit_id);
    assert!(la.contains(&format!("(#{})", a.id)) && !la.contains(&format!("(#{})", b.id)));
    assert!(lb.contains(&format!("(#{})", b.id)) && !lb.contains(&format!("(#{})", a.id)));
    if let Some(a2) = a2 {
        assert!(la.contains(&format!("(#{})", a2.id)));
    }
    let days = (day - b.deadline_current.expect("deadline")).num_days();
    assert!(lb.contains(&theodoi_core::format::date_vi(
        b.deadline_current.expect("dl")
    )));
    assert!(lb.contains(&days.to_string()));

    // Shown on the task, with the audit trail, and counted in the report's overdue list.
    let task = c.get(&format!("/nhiem-vu/{}", a.id)).await;
    assert!(task.body.contains("id=\"task-urgings\""));
    assert!(task.body.contains("15/VP-TH") && task.body.contains("16/VP-TH"));
    assert!(task.body.contains("Đôn đốc (2 "), "count on the task page");
    let params = s
        .report_params(&ReportRequest {
            window: "month:2023-01".into(),
            as_of: Some("2023-01-31".into()),
            ..Default::default()
        })
        .await
        .expect("params");
    let report = s.report(&office, &params).await.expect("report");
    let row = report
        .overdue_tasks
        .iter()
        .find(|t| t.task_id == a.id.0)
        .expect("a is overdue in the report");
    assert_eq!(row.urgings, 2);
    // A report as of the day before counts none (facts dated after D never change it).
    let before = s
        .report_params(&ReportRequest {
            window: "month:2023-01".into(),
            as_of: Some("2023-01-30".into()),
            ..Default::default()
        })
        .await
        .expect("params");
    let report = s.report(&office, &before).await.expect("report");
    assert!(report.overdue_tasks.iter().all(|t| t.urgings == 0));
}

async fn rules_page(s: &Services) {
    let c = Client::sign_in(s, "vanphong", "demo").await;
    let page = c.get("/cai-dat/nhac-viec").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("name=\"remind.days_before\" value=\"3\"")
    );
    let before = s.remind_rules().await.expect("rules");
    let form = |days: &'static str| {
        vec![
            ("remind.days_before", days),
            ("remind.on_the_day", "on"),
            ("remind.overdue_cadence", "weekly"),
            ("remind.escalate_head_after", "5"),
            ("remind.escalate_leader_after", "15"),
            ("remind.reporting_day", "25"),
            ("remind.office_claims", "on"),
            ("remind.office_extensions", "off"),
        ]
    };
    let r = c.post("/cai-dat/nhac-viec", &form("-2"), true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Số ngày nhắc trước hạn không được là số âm (-2); nhập 0 để tắt"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("name=\"remind.days_before\" value=\"-2\""),
        "typed value kept"
    );
    assert_eq!(
        s.remind_rules().await.expect("rules"),
        before,
        "nothing saved"
    );

    // A unit's manager may read the rules but not change them.
    let unit = Client::sign_in(s, "sokhdt", "demo").await;
    assert_eq!(unit.get("/cai-dat/nhac-viec").await.status, StatusCode::OK);
    let r = unit.post("/cai-dat/nhac-viec", &form("5"), true).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(s.remind_rules().await.expect("rules"), before);

    let r = c.post("/cai-dat/nhac-viec", &form("5"), true).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let after = s.remind_rules().await.expect("rules");
    assert_eq!(after.days_before, 5);
    assert_eq!(after.overdue_cadence, theodoi_core::remind::Cadence::Weekly);
    assert!(!after.office_extensions);
    let page = c.get("/cai-dat/nhac-viec?saved=1").await;
    assert!(page.body.contains("id=\"rules-saved\""));
}

async fn delivery_and_contact(s: &Services, copy_name: &str) {
    let day = d("2023-01-31");
    let kh = s.actor_by_username("sokhdt").await.expect("sokhdt");
    let (port, got) = smtp_sink().await;
    let mail = MailConfig::plain(
        "127.0.0.1",
        port,
        "Văn phòng UBND tỉnh <theodoi@kiengiang.gov.vn>",
        "https://theodoi.kiengiang.gov.vn",
    )
    .expect("mail");
    let addr = "khdt@kiengiang.gov.vn";
    let c = Client::sign_in(s, "sokhdt", "demo").await;

    // A bad address: the account page again, with the message and the typed value.
    let r = c
        .post(
            "/tai-khoan/thong-bao",
            &[("email", "khdt@"), ("delivery", "in_app")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("địa chỉ thư &#39;khdt@&#39; không hợp lệ")
            || r.body.contains("địa chỉ thư 'khdt@' không hợp lệ"),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"khdt@\""));
    assert_eq!(
        s.store
            .mail_contact(kh.user.id)
            .await
            .expect("c")
            .and_then(|c| c.email),
        None
    );

    // In-app only: the person's pending reminders are not mailed.
    let r = c
        .post(
            "/tai-khoan/thong-bao",
            &[("email", addr), ("delivery", "in_app")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = c.get("/tai-khoan?mail=1").await;
    assert!(page.body.contains(&format!("value=\"{addr}\"")));
    assert!(page.body.contains("value=\"in_app\" checked"));
    let pending = s.store.mail_pending_for(kh.user.id).await.expect("pending");
    assert!(!pending.is_empty());
    let run = s.send_digests(&mail, day).await.expect("digests");
    assert!(run.sent.iter().all(|(u, _, _)| *u != kh.user.id));
    assert!(
        got.lock()
            .expect("lock")
            .iter()
            .all(|m| !m.rcpt.contains(&addr.to_string()))
    );

    // E-mail and in-app: one digest with every pending reminder.
    c.post(
        "/tai-khoan/thong-bao",
        &[("email", addr), ("delivery", "email")],
        true,
    )
    .await;
    let run = s.send_digests(&mail, day).await.expect("digests");
    assert_eq!(
        run.sent
            .iter()
            .filter(|(u, _, n)| *u == kh.user.id && *n == pending.len())
            .count(),
        1
    );
    let mails: Vec<_> = got
        .lock()
        .expect("lock")
        .iter()
        .filter(|m| m.rcpt.contains(&addr.to_string()))
        .cloned()
        .collect();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].subject.contains("Nhắc việc ngày 31/01/2023"));
    assert!(
        mails[0]
            .body
            .contains("https://theodoi.kiengiang.gov.vn/nhiem-vu/")
    );

    // A unit's contact person: one of the unit's own accounts, named by the office.
    let units = s.store.units().await.expect("units");
    let kh_unit = kh.user.unit_id.expect("unit");
    let stc = s.actor_by_username("ld_stc").await.expect("ld_stc");
    let office = Client::sign_in(s, "vanphong", "demo").await;
    let r = office
        .post(
            "/don-vi/nguoi-lien-he",
            &[
                ("contact_unit", &kh_unit.0.to_string()),
                ("contact_user", &stc.user.id.0.to_string()),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("không thuộc đơn vị"), "{}", r.body);
    assert_eq!(s.store.unit_contact(kh_unit).await.expect("c"), None);
    let r = c
        .post(
            "/don-vi/nguoi-lien-he",
            &[
                ("contact_unit", &kh_unit.0.to_string()),
                ("contact_user", &kh.user.id.0.to_string()),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a unit's manager may not");
    let r = office
        .post(
            "/don-vi/nguoi-lien-he",
            &[
                ("contact_unit", &kh_unit.0.to_string()),
                ("contact_user", &kh.user.id.0.to_string()),
            ],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        s.store.unit_contact(kh_unit).await.expect("c"),
        Some(kh.user.id)
    );
    let page = office.get("/don-vi").await;
    assert!(
        page.body
            .contains(&format!("<td>{}</td></tr>", kh.user.full_name))
    );
    assert!(units.iter().any(|u| u.id == kh_unit));

    // Backup and restore carry the address, the preference and the contact person.
    let mut file = Vec::new();
    s.store.backup(&mut file).await.expect("backup");
    let copy = Db::sqlite(copy_name).await;
    let store = Store::open(&copy.url).await.expect("open");
    store.restore(&file[..]).await.expect("restore");
    let copy_s = Services::new(store, Clock::at_date(day));
    assert_eq!(
        copy_s.store.mail_contact(kh.user.id).await.expect("c"),
        s.store.mail_contact(kh.user.id).await.expect("c")
    );
    assert_eq!(
        copy_s.store.unit_contact(kh_unit).await.expect("c"),
        Some(kh.user.id)
    );
    copy_s.store.close().await;

    // A file of the first format (without those columns) still restores, with the defaults.
    let text = String::from_utf8(file).expect("utf-8");
    let mut old = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut v: serde_json::Value = serde_json::from_str(line).expect("json line");
        if i == 0 {
            v["format"] = "theodoi-backup-1".into();
        } else {
            let drop = match v["t"].as_str() {
                Some("units") => 1,
                Some("users") => 2,
                _ => 0,
            };
            let r = v["r"].as_array_mut().expect("row");
            r.truncate(r.len() - drop);
        }
        old.push(v.to_string());
    }
    let copy = Db::sqlite(&format!("{copy_name}-v1")).await;
    let store = Store::open(&copy.url).await.expect("open");
    store
        .restore(old.join("\n").as_bytes())
        .await
        .expect("a format-1 file restores");
    let c1 = store
        .mail_contact(kh.user.id)
        .await
        .expect("c")
        .expect("kh");
    assert_eq!((c1.email, c1.delivery.as_str()), (None, "email"));
    assert_eq!(store.unit_contact(kh_unit).await.expect("c"), None);
    assert_eq!(
        store.units().await.expect("units").len(),
        units.len(),
        "every unit restored"
    );
    store.close().await;
}

/// A mail server that takes the connection and never answers: the scheduler's pass waits for
/// the timeout on its own task while pages keep answering, and the mail stays pending.
async fn silent_server_blocks_nothing(s: &Services) {
    let kh = s.actor_by_username("sokhdt").await.expect("sokhdt");
    let day = d("2023-02-01");
    set_today(s, day).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = listener.accept().await {
            held.push(sock);
        }
    });
    let mut mail = MailConfig::plain(
        "127.0.0.1",
        port,
        "theodoi@kiengiang.gov.vn",
        "https://theodoi.kiengiang.gov.vn",
    )
    .expect("mail");
    mail.timeout = std::time::Duration::from_secs(2);
    let c = Client::sign_in(s, "sokhdt", "demo").await;
    let bg = s.clone();
    let pass = tokio::spawn(async move { theodoi::scheduler::tick(&bg, Some(&mail)).await });
    // Give the pass time to record the day's reminders and reach the silent server.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let started = std::time::Instant::now();
    let page = c.get("/thong-bao").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        started.elapsed() < std::time::Duration::from_millis(1500),
        "the page waited for the mail server: {:?}",
        started.elapsed()
    );
    assert!(
        !pass.is_finished(),
        "the pass is still waiting for the server"
    );
    pass.await.expect("the pass ends after the timeout");
    let pending = s.store.mail_pending_for(kh.user.id).await.expect("pending");
    assert!(!pending.is_empty(), "the day's reminders wait to be mailed");
    assert!(
        pending
            .iter()
            .all(|n| n.emailed_at.is_none() && n.last_error.is_some())
    );
}

async fn suite(db: &Db, copy_name: &str) {
    let s = demo(&db.url).await;
    let day = d("2023-01-31");
    set_today(&s, day).await;
    let run = s.run_reminders(day, false).await.expect("reminders");
    assert!(run.new_count() > 0);
    notification_centre(&s).await;
    urging_letters(&s).await;
    rules_page(&s).await;
    delivery_and_contact(&s, copy_name).await;
    silent_server_blocks_nothing(&s).await;
    s.store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_up_web_on_sqlite() {
    let db = Db::sqlite("remind-web").await;
    suite(&db, "remind-web-copy-a").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_up_web_on_postgres() {
    if let Some(db) = on_postgres("remind_web").await {
        suite(&db, "remind-web-copy-b").await;
        db.drop().await;
    }
}
