//! Follow-up automation (issue 7): a scripted January–February 2023 on the demo province,
//! day by day, with a real SMTP server on loopback (a minimal SMTP sink on tokio, below):
//! digests with the right recipients, Vietnamese text and links; nothing on days off (Tết
//! 20–26/01/2023, weekends) and the missed reminders on the next working day; escalation and
//! the reporting day as configured; a restart mid-month sends nothing twice; an unreachable
//! server keeps mail pending with the error and a later pass delivers it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use chrono::{Datelike, Duration, NaiveDate};
use theodoi::clock::Clock;
use theodoi::mail::MailConfig;
use theodoi::service::Services;
use theodoi_core::ids::{TaskId, UserId};
use theodoi_core::model::Role;
use theodoi_store::{NewUser, Store};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::common::{Db, d, demo, on_postgres};

/// One message the sink received.
#[derive(Debug, Clone)]
pub(crate) struct Mail {
    pub(crate) rcpt: Vec<String>,
    pub(crate) subject: String,
    pub(crate) body: String,
}

/// A minimal SMTP server: accepts every message and keeps it.
pub(crate) async fn smtp_sink() -> (u16, Arc<Mutex<Vec<Mail>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let got: Arc<Mutex<Vec<Mail>>> = Arc::default();
    let store = got.clone();
    tokio::spawn(async move {
        loop {
            let Ok((sock, _)) = listener.accept().await else {
                return;
            };
            let store = store.clone();
            tokio::spawn(async move {
                let (r, mut w) = sock.into_split();
                let mut r = BufReader::new(r);
                let _ = w.write_all(b"220 sink ESMTP\r\n").await;
                let mut rcpt = Vec::new();
                let mut line = String::new();
                loop {
                    line.clear();
                    if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let cmd = line.trim_end().to_ascii_uppercase();
                    let reply: &[u8] = if cmd.starts_with("EHLO") {
                        b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
                    } else if cmd.starts_with("RCPT TO:") {
                        rcpt.push(
                            line.trim_end()[8..]
                                .trim()
                                .trim_matches(['<', '>'])
                                .to_string(),
                        );
                        b"250 OK\r\n"
                    } else if cmd == "DATA" {
                        let _ = w.write_all(b"354 go\r\n").await;
                        let mut data = String::new();
                        loop {
                            line.clear();
                            if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                                return;
                            }
                            if line == ".\r\n" {
                                break;
                            }
                            data.push_str(&line);
                        }
                        let mail = parse(std::mem::take(&mut rcpt), &data);
                        store.lock().expect("lock").push(mail);
                        b"250 queued\r\n"
                    } else if cmd == "QUIT" {
                        let _ = w.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"250 OK\r\n"
                    };
                    let _ = w.write_all(reply).await;
                }
            });
        }
    });
    (port, got)
}

fn b64(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut bits, mut n, mut out) = (0u32, 0, Vec::new());
    for c in s.bytes().filter(|c| A.contains(c)) {
        bits = (bits << 6) | A.iter().position(|a| *a == c).expect("b64") as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    out
}

/// Decodes RFC 2047 encoded words (=?utf-8?b?…?=) of a header.
fn decode_header(v: &str) -> String {
    let mut out = String::new();
    let mut prev_encoded = false;
    for part in v.split_whitespace() {
        let lower = part.to_ascii_lowercase();
        let encoded = lower.starts_with("=?utf-8?b?") && part.ends_with("?=");
        let joined = encoded && prev_encoded;
        if !out.is_empty() && !joined {
            out.push(' ');
        }
        if encoded {
            out.push_str(&String::from_utf8(b64(&part[10..part.len() - 2])).expect("utf8"));
        } else {
            out.push_str(part);
        }
        prev_encoded = encoded;
    }
    out
}

fn parse(rcpt: Vec<String>, data: &str) -> Mail {
    let (head, body) = data.split_once("\r\n\r\n").expect("headers");
    // Unfold continued header lines.
    let head = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    let subject = head
        .lines()
        .find_map(|l| l.strip_prefix("Subject: "))
        .map(decode_header)
        .expect("subject");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-transfer-encoding: base64"),
        "{head}"
    );
    let body = String::from_utf8(b64(body))
        .expect("utf8 body")
        .replace("\r\n", "\n");
    Mail {
        rcpt,
        subject,
        body,
    }
}

pub(crate) async fn set_today(s: &Services, day: NaiveDate) {
    s.clock.set_date(day);
    let mut tx = s.store.begin().await.expect("tx");
    tx.set_setting("today", &day.to_string())
        .await
        .expect("today");
    tx.commit().await.expect("commit");
}

const BASE: &str = "https://theodoi.kiengiang.gov.vn";

struct World {
    contact: UserId,
    head: UserId,
    leader: UserId,
    t1: TaskId,
    t2: TaskId,
}

async fn setup(s: &Services) -> World {
    let admin = s.actor_by_username("admin").await.expect("admin");
    let office = s.actor_by_username("vanphong").await.expect("office");
    set_today(s, d("2023-01-03")).await;
    let unit = s
        .create_unit(
            &admin,
            theodoi::service::UnitInput {
                code: "STN".into(),
                name: "Sở Thử nghiệm".into(),
                short_name: "Sở TN".into(),
                kind: "agency".into(),
                parent_id: None,
                aliases: vec![],
                valid_from: None,
            },
        )
        .await
        .expect("unit");
    let mut tx = s.store.begin().await.expect("tx");
    let mut ids = vec![];
    for (username, name, role) in [
        ("cb_stn", "Lê Thị Liên Lạc", Role::UnitStaff),
        ("ld_stn", "Phạm Văn Giám Đốc", Role::UnitManager),
    ] {
        let id = tx
            .insert_user(
                &NewUser {
                    username: username.into(),
                    full_name: name.into(),
                    password_hash: "x".into(),
                    role,
                    unit_id: Some(unit.id),
                    title: String::new(),
                },
                s.clock.now(),
            )
            .await
            .expect("user");
        ids.push(id);
    }
    tx.commit().await.expect("commit");
    let (contact, head) = (ids[0], ids[1]);
    let leader = s
        .actor_by_username("lanhdao")
        .await
        .expect("leader")
        .user
        .id;
    let inspector = s.actor_by_username("to770").await.expect("to770").user.id;
    // Bad input: a foreign contact, a bad address, a bad delivery; nothing written.
    assert!(
        s.set_unit_contact(&office, unit.id, Some(leader))
            .await
            .expect_err("not of the unit")
            .to_string()
            .contains("không thuộc đơn vị")
    );
    let e = s
        .set_user_mail(&admin, head, Some("khong-phai-thu"), "fax")
        .await
        .expect_err("bad");
    assert!(
        e.to_string()
            .contains("địa chỉ thư 'khong-phai-thu' không hợp lệ"),
        "{e}"
    );
    assert!(
        e.to_string().contains("cách nhận 'fax' không hợp lệ"),
        "{e}"
    );
    s.set_unit_contact(&office, unit.id, Some(contact))
        .await
        .expect("contact");
    for (u, mail) in [
        (contact, "lienlac.stn@kiengiang.gov.vn"),
        (head, "giamdoc.stn@kiengiang.gov.vn"),
        (leader, "lanhdao@kiengiang.gov.vn"),
        (inspector, "to770@kiengiang.gov.vn"),
        (office.user.id, "vanphong@kiengiang.gov.vn"),
    ] {
        s.set_user_mail(&admin, u, Some(mail), "email")
            .await
            .expect("mail");
    }
    // The office sets the rules; a negative number is refused in Vietnamese, nothing written.
    let e = s
        .set_remind_rules(&office, &[("remind.days_before".into(), "-1".into())])
        .await
        .expect_err("negative");
    assert!(e.to_string().contains("không được là số âm (-1)"), "{e}");
    let rules = s
        .set_remind_rules(
            &office,
            &[
                ("remind.escalate_head_after".into(), "3".into()),
                ("remind.escalate_leader_after".into(), "10".into()),
                ("remind.reporting_day".into(), "25".into()),
            ],
        )
        .await
        .expect("rules");
    assert_eq!(rules.days_before, 3);

    let assign = |content: &str, deadline: &str| theodoi::service::AssignInput {
        document_id: None,
        clause: String::new(),
        content: content.into(),
        lead_unit_ids: vec![unit.id.0],
        coop_unit_ids: vec![],
        assigned_by_user_id: Some(leader.0),
        assigned_by_unit_id: None,
        assigned_on: Some(d("2023-01-03")),
        deadline: theodoi::service::DeadlineInput {
            text: None,
            date: Some(d(deadline)),
        },
        is_key: false,
        field: String::new(),
        secret: false,
        parent_task_id: None,
        recurring_until: None,
    };
    let t1 = s
        .assign(
            &office,
            assign("Tham mưu kế hoạch chuyển đổi số năm 2023", "2023-01-24"),
        )
        .await
        .expect("t1")[0]
        .id;
    let t2 = s
        .assign(
            &office,
            assign("Báo cáo kết quả rà soát thủ tục hành chính", "2023-02-10"),
        )
        .await
        .expect("t2")[0]
        .id;
    World {
        contact,
        head,
        leader,
        t1,
        t2,
    }
}

fn mails_to<'a>(got: &'a [Mail], addr: &str) -> Vec<&'a Mail> {
    got.iter()
        .filter(|m| m.rcpt.iter().any(|r| r == addr))
        .collect()
}

fn on(m: &Mail, day: &str) -> bool {
    let day = d(day);
    m.subject.contains(&format!(
        "ngày {:02}/{:02}/{}",
        day.day(),
        day.month(),
        day.year()
    ))
}

async fn suite(db: &Db) {
    let s = demo(&db.url).await;
    let w = setup(&s).await;
    let (port, got) = smtp_sink().await;
    let mail = MailConfig::plain(
        "127.0.0.1",
        port,
        "Văn phòng UBND tỉnh <theodoi@kiengiang.gov.vn>",
        BASE,
    )
    .expect("mail config");

    // Dry run on the first day after Tết: shows, records nothing, sends nothing.
    let before = s.store.notification_count().await.expect("count");
    let dry = s.run_reminders(d("2023-01-27"), true).await.expect("dry");
    assert!(dry.items.iter().any(|i| i.reminder.task == w.t1 && i.new));
    assert_eq!(s.store.notification_count().await.expect("count"), before);

    // January–February 2023, day by day; a restart (new Services over the same database) on 15/02.
    let mut s = s;
    let mut day = d("2023-01-04");
    let office = s.actor_by_username("vanphong").await.expect("office");
    while day <= d("2023-02-28") {
        if day == d("2023-02-15") {
            s.store.close().await;
            let store = Store::open(&db.url).await.expect("reopen");
            s = Services::new(store, Clock::at_date(day));
        }
        set_today(&s, day).await;
        if day == d("2023-02-08") {
            let ld = s.actor_by_username("ld_stn").await.expect("ld");
            s.claim_completion(&ld, w.t2, Some(day), "45/BC-STN", "Đã rà soát 120 thủ tục")
                .await
                .expect("claim");
        }
        if day == d("2023-02-13") {
            s.confirm_completion(&office, w.t2, "")
                .await
                .expect("confirm");
        }
        let run = s.run_reminders(day, false).await.expect("run");
        let working = s.calendar().await.expect("cal").is_working_day(day);
        assert_eq!(
            run.items.is_empty(),
            !working,
            "{day}: reminders only on working days"
        );
        let sent = s.send_digests(&mail, day).await.expect("digests");
        assert!(sent.failed.is_empty(), "{day}: {:?}", sent.failed);
        if day == d("2023-02-17") {
            // Running the same day again (a second instance, a retry) records and sends nothing.
            let again = s.run_reminders(day, false).await.expect("again");
            assert_eq!(again.new_count(), 0);
            assert!(
                s.send_digests(&mail, day)
                    .await
                    .expect("again")
                    .sent
                    .is_empty()
            );
        }
        day += Duration::days(1);
    }
    let sink = got.clone();
    let got = sink.lock().expect("lock").clone();

    // One digest per person per day, whatever the restarts and reruns; only on working days.
    let mut seen = BTreeSet::new();
    for m in &got {
        assert_eq!(m.rcpt.len(), 1);
        let day = m
            .subject
            .split("ngày ")
            .nth(1)
            .and_then(|x| x.split(':').next())
            .expect("day");
        assert!(
            seen.insert((m.rcpt[0].clone(), day.to_string())),
            "twice: {} {}",
            m.rcpt[0],
            m.subject
        );
        for off in [
            "21/01", "22/01", "23/01", "24/01", "25/01", "26/01", "28/01", "29/01", "04/02",
            "05/02",
        ] {
            assert!(
                !m.subject.contains(&format!("ngày {off}/2023")),
                "mail on a day off: {}",
                m.subject
            );
        }
        assert!(
            m.subject.starts_with("[Theo dõi nhiệm vụ] Nhắc việc ngày "),
            "{}",
            m.subject
        );
        assert!(m.body.contains("Kính gửi "), "{}", m.body);
    }
    // The contact person. T1 was given "24/01/2023", in Tết: the deadline moves to the next
    // working day, Friday 27/01 (BLDS 2015 Điều 148). Its reminder 3 days before fell on 24/01,
    // in Tết: it goes out on 27/01, with the one of the day itself; overdue from Monday 30/01.
    let contact = mails_to(&got, "lienlac.stn@kiengiang.gov.vn");
    // A link ends its line, so task 41 is not mistaken for task 412.
    let link1 = format!("Xem: {BASE}/nhiem-vu/{}\n", w.t1);
    let link2 = format!("Xem: {BASE}/nhiem-vu/{}\n", w.t2);
    let jan27 = contact
        .iter()
        .find(|m| on(m, "2023-01-27"))
        .expect("27/01 digest");
    assert!(
        jan27.body.starts_with("Kính gửi Lê Thị Liên Lạc,"),
        "{}",
        jan27.body
    );
    assert!(
        jan27.body.contains("Sắp đến hạn (hạn 27/01/2023)"),
        "{}",
        jan27.body
    );
    assert!(
        jan27.body.contains("Đến hạn (hạn 27/01/2023)"),
        "{}",
        jan27.body
    );
    assert!(!jan27.body.contains("Quá hạn"), "{}", jan27.body);
    let jan30 = contact
        .iter()
        .find(|m| on(m, "2023-01-30"))
        .expect("30/01 digest");
    assert!(
        jan30
            .body
            .contains("Quá hạn: quá hạn 3 ngày (hạn 27/01/2023)"),
        "{}",
        jan30.body
    );
    assert!(
        jan27
            .body
            .contains("Tham mưu kế hoạch chuyển đổi số năm 2023")
    );
    assert!(jan27.body.contains(&link1), "{}", jan27.body);
    assert!(
        !contact
            .iter()
            .any(|m| ["2023-01-19", "2023-01-18"].iter().any(|x| on(m, x))
                && m.body.contains(&link1)),
        "T1 reminded before its time"
    );
    // T2: 3 days before (07/02); no "due today" on 10/02 since the unit claimed completion on 08/02.
    let feb07 = contact.iter().find(|m| on(m, "2023-02-07")).expect("07/02");
    assert!(feb07.body.contains("Sắp đến hạn (hạn 10/02/2023)") && feb07.body.contains(&link2));
    assert!(
        !contact
            .iter()
            .any(|m| on(m, "2023-02-10") && m.body.contains(&link2))
    );
    // The reporting day (25/02 is a Saturday): on Monday 27/02, T1 has no report in February.
    let feb27 = contact.iter().find(|m| on(m, "2023-02-27")).expect("27/02");
    assert!(
        feb27.body.contains("Chưa báo cáo tiến độ") && feb27.body.contains(&link1),
        "{}",
        feb27.body
    );
    assert!(
        !contact
            .iter()
            .any(|m| on(m, "2023-02-24") && m.body.contains("Chưa báo cáo tiến độ"))
    );
    // Overdue daily: every working day from 27/01 to the end of February.
    let overdue_days = contact
        .iter()
        .filter(|m| m.body.contains(&link1) && m.body.contains("Quá hạn: quá hạn"))
        .count();
    assert_eq!(
        overdue_days,
        2 + 20,
        "30 and 31/01 and the 20 working days of February"
    );

    // The unit's head: escalation once, on 30/01 (3 days overdue), never the routine ones.
    let head = mails_to(&got, "giamdoc.stn@kiengiang.gov.vn");
    assert_eq!(head.len(), 1, "{head:?}");
    assert!(on(head[0], "2023-01-30"), "{}", head[0].subject);
    assert!(
        head[0]
            .body
            .contains("Quá hạn, báo lãnh đạo đơn vị: quá hạn 3 ngày (hạn 27/01/2023)")
    );
    assert!(head[0].body.starts_with("Kính gửi Phạm Văn Giám Đốc,"));

    // The assigning leader and the working group: after 10 days overdue (Monday 06/02), once.
    for addr in ["lanhdao@kiengiang.gov.vn", "to770@kiengiang.gov.vn"] {
        let with_t1: Vec<_> = mails_to(&got, addr)
            .into_iter()
            .filter(|m| m.body.contains(&link1))
            .collect();
        assert_eq!(with_t1.len(), 1, "{addr}");
        assert!(
            on(with_t1[0], "2023-02-06"),
            "{addr}: {}",
            with_t1[0].subject
        );
        assert!(
            with_t1[0]
                .body
                .contains("Quá hạn, báo lãnh đạo giao việc và Tổ công tác: quá hạn 10 ngày")
        );
    }
    // The office: T2's completion claim on 08, 09 and 10/02, not after the confirmation (13/02).
    let office_t2: Vec<_> = mails_to(&got, "vanphong@kiengiang.gov.vn")
        .into_iter()
        .filter(|m| m.body.contains(&link2))
        .collect();
    assert!(
        office_t2
            .iter()
            .all(|m| m.body.contains("Đề nghị hoàn thành chờ xác nhận"))
    );
    let days: Vec<bool> = [
        "2023-02-08",
        "2023-02-09",
        "2023-02-10",
        "2023-02-13",
        "2023-02-14",
    ]
    .iter()
    .map(|x| office_t2.iter().any(|m| on(m, x)))
    .collect();
    assert_eq!(days, vec![true, true, true, false, false]);

    // Every reminder recorded once; each sent one is marked e-mailed; the history is on the task.
    let t1_history = s.task_reminders(&office, w.t1).await.expect("history");
    assert!(t1_history.iter().all(|n| n.emailed_at.is_some()));
    let keys: BTreeMap<(String, UserId), usize> =
        t1_history.iter().fold(BTreeMap::new(), |mut m, n| {
            *m.entry((n.kind.clone(), n.recipient_id)).or_default() += 1;
            m
        });
    assert_eq!(keys.get(&("due_soon".into(), w.contact)), Some(&1));
    assert_eq!(keys.get(&("escalate_head".into(), w.head)), Some(&1));
    assert_eq!(keys.get(&("escalate_leader".into(), w.leader)), Some(&1));

    // The notification centre: a person sees and marks only their own.
    let cb = s.actor_by_username("cb_stn").await.expect("cb");
    let ld = s.actor_by_username("ld_stn").await.expect("ld");
    let unread = s.unread_notifications(&cb).await.expect("unread");
    assert!(unread > 20, "{unread}");
    let mine = s.notifications(&cb, true).await.expect("list");
    assert!(mine.iter().all(|n| n.recipient_id == w.contact));
    let e = s
        .mark_notification_read(&ld, mine[0].id)
        .await
        .expect_err("not theirs");
    assert!(
        e.to_string().contains("không phải của tài khoản ld_stn"),
        "{e}"
    );
    let read = s
        .mark_notification_read(&cb, mine[0].id)
        .await
        .expect("read");
    assert!(read.read_at.is_some());
    assert_eq!(
        s.unread_notifications(&cb).await.expect("unread"),
        unread - 1
    );

    // An unreachable server: the digest stays pending with the error, and goes later.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let bad = MailConfig::plain("127.0.0.1", dead, "theodoi@kiengiang.gov.vn", BASE).expect("cfg");
    let day = d("2023-03-01");
    set_today(&s, day).await;
    s.run_reminders(day, false).await.expect("run");
    let r = s.send_digests(&bad, day).await.expect("no panic, no error");
    assert!(r.sent.is_empty());
    let (_, err) = r
        .failed
        .iter()
        .find(|(u, _)| *u == w.contact)
        .expect("failed");
    assert!(
        err.contains(&format!("máy chủ thư 127.0.0.1:{dead}")),
        "{err}"
    );
    let pending = s.store.mail_pending_for(w.contact).await.expect("pending");
    assert!(!pending.is_empty());
    assert!(
        pending
            .iter()
            .all(|n| n.emailed_at.is_none() && n.last_error.as_deref() == Some(err.as_str()))
    );
    // Not retried before the wait is over, even with a working server…
    let r = s.send_digests(&mail, day).await.expect("too early");
    assert!(r.sent.iter().all(|(u, _, _)| *u != w.contact));
    // …then delivered, once.
    s.clock.set(s.clock.now() + Duration::minutes(11));
    let r = s.send_digests(&mail, day).await.expect("retry");
    assert!(
        r.sent
            .iter()
            .any(|(u, _, n)| *u == w.contact && *n == pending.len())
    );
    assert!(
        s.store
            .mail_pending_for(w.contact)
            .await
            .expect("p")
            .is_empty()
    );

    // Two instances on one database, at the same moment: each reminder recorded once, each
    // digest sent once.
    let other = Services::new(
        Store::open(&db.url).await.expect("second"),
        Clock::at_date(d("2023-03-02")),
    );
    let day = d("2023-03-02");
    set_today(&s, day).await;
    let before = s.store.notification_count().await.expect("count");
    let expected = s.run_reminders(day, true).await.expect("dry").new_count();
    assert!(expected > 0);
    let (a, b) = tokio::join!(s.run_reminders(day, false), other.run_reminders(day, false));
    let (a, b) = (a.expect("a"), b.expect("b"));
    assert_eq!(a.items.len(), b.items.len());
    assert_eq!(
        a.new_count() + b.new_count(),
        expected,
        "a reminder recorded twice or lost"
    );
    assert_eq!(
        s.store.notification_count().await.expect("count"),
        before + expected as i64
    );
    let sent_before = sink.lock().expect("lock").len();
    let (a, b) = tokio::join!(s.send_digests(&mail, day), other.send_digests(&mail, day));
    let (a, b) = (a.expect("a"), b.expect("b"));
    let all: Vec<_> = a
        .sent
        .iter()
        .chain(b.sent.iter())
        .map(|(u, _, _)| *u)
        .collect();
    assert!(all.contains(&w.contact));
    assert_eq!(
        all.len(),
        all.iter().collect::<BTreeSet<_>>().len(),
        "a digest sent twice"
    );
    assert_eq!(sink.lock().expect("lock").len(), sent_before + all.len());
    other.store.close().await;

    // Urgings (đôn đốc): the office records them on overdue tasks, counted per task.
    let e = s
        .record_urgings(&office, &[w.t1, w.t2], day, "")
        .await
        .expect_err("bad");
    let m = e.to_string();
    assert!(m.contains("thiếu số văn bản đôn đốc"), "{m}");
    assert!(
        m.contains(&format!(
            "nhiệm vụ #{} không quá hạn vào ngày 02/03/2023",
            w.t2
        )),
        "{m}"
    );
    assert_eq!(
        s.store.urging_count(w.t1).await.expect("n"),
        0,
        "nothing written"
    );
    let ld = s.actor_by_username("ld_stn").await.expect("ld");
    assert!(s.record_urgings(&ld, &[w.t1], day, "12/VP").await.is_err());
    let r = s
        .record_urgings(&office, &[w.t1], day, "12/VP-TH")
        .await
        .expect("urge");
    assert_eq!(r, vec![(w.t1, 1)]);
    let r = s
        .record_urgings(&office, &[w.t1], d("2023-03-09"), "15/VP-TH")
        .await
        .expect("urge");
    assert_eq!(r, vec![(w.t1, 2)]);

    // A backup restored elsewhere keeps the reminders and urgings: nothing is recorded again.
    let mut file = Vec::new();
    s.store.backup(&mut file).await.expect("backup");
    let copy = Db::sqlite("remind-restore").await;
    let copy_store = Store::open(&copy.url).await.expect("copy");
    copy_store.restore(&file[..]).await.expect("restore");
    let copy_s = Services::new(copy_store, Clock::at_date(day));
    assert_eq!(
        copy_s.store.notification_count().await.expect("n"),
        s.store.notification_count().await.expect("n")
    );
    assert_eq!(copy_s.store.urging_count(w.t1).await.expect("n"), 2);
    // The restored copy keeps the unit's contact person and the people's e-mail details
    // (backup format 2), so the copy reminds the same people and records nothing again.
    let stn = copy_s
        .store
        .units()
        .await
        .expect("units")
        .into_iter()
        .find(|u| u.code == "STN")
        .expect("STN")
        .id;
    assert_eq!(
        copy_s.store.unit_contact(stn).await.expect("contact"),
        Some(w.contact)
    );
    assert_eq!(
        copy_s.store.mail_contact(w.contact).await.expect("mail"),
        s.store.mail_contact(w.contact).await.expect("mail")
    );
    assert!(
        copy_s
            .store
            .mail_contact(w.contact)
            .await
            .expect("mail")
            .and_then(|c| c.email)
            .is_some()
    );
    assert_eq!(
        copy_s
            .run_reminders(day, false)
            .await
            .expect("run")
            .new_count(),
        0
    );
    copy_s.store.close().await;

    // One pass of the scheduler inside `theodoi serve`: today's reminders, then the digests.
    let friday = d("2023-03-03");
    set_today(&s, friday).await;
    theodoi::scheduler::tick(&s, Some(&mail)).await;
    assert!(
        sink.lock()
            .expect("lock")
            .iter()
            .any(|m| m.rcpt[0] == "lienlac.stn@kiengiang.gov.vn" && on(m, "2023-03-03"))
    );

    // The notification centre over the JSON API: own notifications only.
    let app = theodoi::api::router(s.clone());
    let (st, _) = call(&app, "GET", "/api/v1/notifications", None).await;
    assert_eq!(st, 401);
    let (st, body) = call(
        &app,
        "GET",
        "/api/v1/notifications?unread=1",
        Some("vanphong:demo"),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    let unread = body["unread"].as_i64().expect("unread");
    let items = body["items"].as_array().expect("items");
    assert!(unread > 0 && !items.is_empty());
    assert!(items.iter().all(|n| n["recipient_id"] == office.user.id.0));
    let own = items[0]["id"].as_i64().expect("id");
    let theirs = s.notifications(&cb, false).await.expect("cb")[0].id;
    let (st, body) = call(
        &app,
        "POST",
        &format!("/api/v1/notifications/{theirs}/read"),
        Some("vanphong:demo"),
    )
    .await;
    assert_eq!(st, 403, "{body}");
    assert!(
        body["message"]
            .as_str()
            .expect("msg")
            .contains("không phải của tài khoản vanphong")
    );
    let (st, _) = call(
        &app,
        "POST",
        "/api/v1/notifications/987654/read",
        Some("vanphong:demo"),
    )
    .await;
    assert_eq!(st, 404);
    let (st, body) = call(
        &app,
        "POST",
        &format!("/api/v1/notifications/{own}/read"),
        Some("vanphong:demo"),
    )
    .await;
    assert_eq!(st, 200, "{body}");
    assert!(body["read_at"].is_string());
    let (_, body) = call(&app, "GET", "/api/v1/notifications", Some("vanphong:demo")).await;
    assert_eq!(body["unread"].as_i64(), Some(unread - 1));
    s.store.close().await;
}

async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    auth: Option<&str>,
) -> (u16, serde_json::Value) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut req = axum::http::Request::builder().method(method).uri(uri);
    if let Some(a) = auth {
        let enc = {
            const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let mut out = String::new();
            for c in a.as_bytes().chunks(3) {
                let n = (u32::from(c[0]) << 16)
                    | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
                    | u32::from(*c.get(2).unwrap_or(&0));
                for i in 0..4 {
                    if i <= c.len() {
                        out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
                    } else {
                        out.push('=');
                    }
                }
            }
            out
        };
        req = req.header("authorization", format!("Basic {enc}"));
    }
    let resp = app
        .clone()
        .oneshot(req.body(axum::body::Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = resp.status().as_u16();
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scripted_month_on_sqlite() {
    let db = Db::sqlite("remind").await;
    suite(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scripted_month_on_postgres() {
    if let Some(db) = on_postgres("remind").await {
        suite(&db).await;
        db.drop().await;
    }
}

#[test]
fn mail_settings_are_checked() {
    let e = MailConfig::from_vars(|k| match k {
        "THEODOI_SMTP_HOST" => Some("mail.tinh.gov.vn".into()),
        "THEODOI_SMTP_PORT" => Some("99999".into()),
        "THEODOI_SMTP_TLS" => Some("ssl3".into()),
        _ => None,
    })
    .expect_err("bad");
    let m = e.to_string();
    assert!(
        m.contains("THEODOI_SMTP_TLS: chế độ bảo mật 'ssl3' không hợp lệ"),
        "{m}"
    );
    assert!(
        m.contains("THEODOI_SMTP_PORT: cổng '99999' không hợp lệ"),
        "{m}"
    );
    assert!(
        m.contains("THEODOI_SMTP_FROM: chưa khai báo địa chỉ người gửi"),
        "{m}"
    );
    assert!(MailConfig::from_vars(|_| None).expect("off").is_none());
}
