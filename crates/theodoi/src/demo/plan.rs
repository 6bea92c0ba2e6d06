//! The demo's history: who was given what, and what happened to it, day by day.
//! Outcomes are chosen so the January 2023 report reproduces the seed's figures; the
//! events after January (late completions, extensions, a withdrawal, a reassignment) make
//! later reports differ.

use std::collections::HashMap;

use anyhow::{Context, anyhow, bail};
use chrono::{Datelike, Duration, NaiveDate};
use theodoi_core::calendar::Calendar;
use theodoi_core::deadline::{DeadlineSettings, parse_deadline};
use theodoi_core::format::date_vi;
use theodoi_core::ids::{DocumentId, TaskId, UnitId};

use super::catalogue::{CText, Catalogue};
use super::{World, d};
use crate::service::{AssignInput, DeadlineInput, DocumentInput, Services};

/// How a task stands at 31/01/2023.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    OnTime,
    Late,
    Overdue,
    Open,
    /// Completed in December: outside the January window.
    BeforeWindow,
    /// Given after January.
    AfterWindow,
}

#[derive(Debug, Clone)]
pub enum Event {
    Accept,
    Progress(&'static str),
    Claim { finished: NaiveDate },
    Confirm,
    Return,
    RequestExtension { proposed: NaiveDate },
    DecideExtension { approve: bool },
    Decline,
    Reassign { unit: String },
    Withdraw,
    Suspend,
    Resume,
}

pub(crate) enum Item {
    Document {
        key: String,
        number: String,
        date: NaiveDate,
        leader: String,
    },
    Assign {
        id: usize,
        doc: String,
        clause: String,
        content: String,
        leads: Vec<String>,
        coop: Vec<String>,
        deadline: Option<String>,
        key: bool,
        field: String,
        leader: String,
    },
    Task {
        assign: usize,
        lead: usize,
        event: Event,
    },
}

pub(crate) struct Scheduled {
    date: NaiveDate,
    seq: usize,
    item: Item,
}

/// A small deterministic generator (SplitMix64), so the demo is the same on every machine.
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    /// A day in [from, to].
    pub fn day(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0) as u64;
        from + Duration::days(self.below(span + 1) as i64)
    }
}

const JAN_END: &str = "2023-01-31";

struct Planner<'a> {
    cal: &'a Calendar,
    rng: Rng,
    items: Vec<Scheduled>,
    assigns: usize,
}

impl Planner<'_> {
    fn push(&mut self, date: NaiveDate, item: Item) {
        let seq = self.items.len();
        self.items.push(Scheduled { date, seq, item });
    }

    fn working(&self, day: NaiveDate) -> NaiveDate {
        self.cal.next_working_day_on_or_after(day)
    }

    /// A working day in [from, to], or `from`'s next working day if none.
    fn working_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        for _ in 0..20 {
            let day = self.rng.day(from, to);
            if self.cal.is_working_day(day) {
                return day;
            }
        }
        self.working(from).min(to.max(from))
    }

    /// The events that give a task its outcome; `due` is its last permitted day.
    fn outcome_events(
        &mut self,
        a: usize,
        l: usize,
        assigned: NaiveDate,
        due: Option<NaiveDate>,
        outcome: Outcome,
    ) {
        let jan_end = d(JAN_END);
        let accept = self.working(assigned + Duration::days(1));
        let ev = |e| Item::Task {
            assign: a,
            lead: l,
            event: e,
        };
        match outcome {
            Outcome::OnTime | Outcome::Late | Outcome::BeforeWindow => {
                let (lo, hi) = match outcome {
                    Outcome::OnTime => (
                        assigned.max(d("2023-01-03")),
                        due.unwrap_or(jan_end).min(jan_end),
                    ),
                    Outcome::Late => (
                        (due.unwrap_or(assigned) + Duration::days(1)).max(d("2023-01-03")),
                        jan_end,
                    ),
                    _ => (
                        assigned,
                        due.unwrap_or(d("2022-12-30")).min(d("2022-12-30")),
                    ),
                };
                let finished = self.working_between(lo.max(assigned), hi);
                if accept < finished {
                    self.push(accept, ev(Event::Accept));
                }
                self.push(finished, ev(Event::Claim { finished }));
                // Claims at the end of January are confirmed after Tết's backlog, in February.
                let confirm = if finished >= d("2023-01-27") && finished <= jan_end {
                    d("2023-02-02")
                } else {
                    let lag = 1 + self.rng.below(3) as i64;
                    self.working(finished + Duration::days(lag))
                };
                self.push(confirm, ev(Event::Confirm));
            }
            Outcome::Overdue | Outcome::Open => {
                self.push(accept, ev(Event::Accept));
                let p = self.working(accept + Duration::days(5));
                if p <= jan_end {
                    self.push(
                        p,
                        ev(Event::Progress(
                            "Đang triển khai thực hiện, đã giao phòng chuyên môn tham mưu.",
                        )),
                    );
                }
                // After January most of the work gets done, some late.
                if self.rng.below(10) < 6 {
                    let start = jan_end + Duration::days(2);
                    let finished = self.working_between(start, d("2023-03-24"));
                    self.push(finished, ev(Event::Claim { finished }));
                    self.push(
                        self.working(finished + Duration::days(2)),
                        ev(Event::Confirm),
                    );
                }
            }
            Outcome::AfterWindow => {
                self.push(accept, ev(Event::Accept));
                if self.rng.below(10) < 5 {
                    let finished = self.working_between(
                        accept,
                        due.unwrap_or(d("2023-03-24")).min(d("2023-03-28")),
                    );
                    self.push(finished, ev(Event::Claim { finished }));
                    self.push(
                        self.working(finished + Duration::days(1)),
                        ev(Event::Confirm),
                    );
                }
            }
        }
    }
}

/// Expands a lead code of the catalogue (`@localities`, `@departments`) to unit codes.
fn expand(cat: &Catalogue, lead: &str) -> Vec<String> {
    let direct = |kind: &str| -> Vec<String> {
        cat.units
            .iter()
            .filter(|u| u.parent.as_deref() == Some("UBND_TINH") && u.kind == kind)
            .map(|u| u.code.clone())
            .collect()
    };
    match lead {
        "@localities" => direct("locality"),
        "@departments" => direct("agency"),
        code => vec![code.to_string()],
    }
}

pub(crate) fn plan(
    cat: &Catalogue,
    world: &World,
    cal: &Calendar,
) -> anyhow::Result<Vec<Scheduled>> {
    let mut p = Planner {
        cal,
        rng: Rng::new(2023),
        items: Vec::new(),
        assigns: 0,
    };
    let jan_end = d(JAN_END);
    let settings = DeadlineSettings::default();
    let mut counts: HashMap<&'static str, i64> = HashMap::new();
    let tally = |o: Outcome, counts: &mut HashMap<&'static str, i64>| {
        let k = match o {
            Outcome::OnTime => "on_time",
            Outcome::Late => "late",
            Outcome::Overdue => "overdue",
            Outcome::Open => "open",
            _ => "outside",
        };
        *counts.entry(k).or_default() += 1;
    };

    // 1. The catalogue's documents, clause by clause; a clause given to several units is one group.
    let mut n = 0u64;
    for doc in &cat.documents {
        let (_, doc_date) = *world
            .documents
            .get(&doc.key)
            .ok_or_else(|| anyhow!("văn bản {} chưa có", doc.key))?;
        let mut clauses: Vec<(String, String, Vec<String>, &super::catalogue::CTask)> = Vec::new();
        for t in &doc.tasks {
            let leads = expand(cat, &t.lead);
            match clauses
                .iter_mut()
                .find(|(c, content, _, _)| *c == t.clause && *content == t.content)
            {
                Some(entry) => entry.2.extend(leads),
                None => clauses.push((t.clause.clone(), t.content.clone(), leads, t)),
            }
        }
        for (clause, content, leads, t) in clauses {
            let due = match &t.deadline_text {
                Some(text) => {
                    parse_deadline(text, Some(doc_date), cal, settings)
                        .with_context(|| format!("thời hạn '{text}'"))?
                        .due
                }
                None => None,
            };
            let a = p.assigns;
            p.assigns += 1;
            let is_plan_group = content.starts_with("Trình phê duyệt Kế hoạch phát triển kinh tế");
            for (l, _) in leads.iter().enumerate() {
                n += 1;
                let outcome = if doc_date > jan_end {
                    Outcome::AfterWindow
                } else if is_plan_group {
                    if l < 6 {
                        Outcome::OnTime
                    } else {
                        Outcome::Open
                    }
                } else {
                    match due {
                        Some(dl) if dl < d("2023-01-01") => match n % 4 {
                            0 | 1 => Outcome::BeforeWindow,
                            2 => Outcome::Late,
                            _ => Outcome::Overdue,
                        },
                        Some(dl) if dl < jan_end => {
                            if n.is_multiple_of(2) {
                                Outcome::OnTime
                            } else {
                                Outcome::Overdue
                            }
                        }
                        Some(dl) if dl == jan_end => {
                            if n % 20 < 11 {
                                Outcome::OnTime
                            } else {
                                Outcome::Open
                            }
                        }
                        Some(_) => {
                            if n.is_multiple_of(10) {
                                Outcome::OnTime
                            } else {
                                Outcome::Open
                            }
                        }
                        None => {
                            if n.is_multiple_of(12) {
                                Outcome::OnTime
                            } else {
                                Outcome::Open
                            }
                        }
                    }
                };
                tally(outcome, &mut counts);
                p.outcome_events(a, l, doc_date, due, outcome);
            }
            let leader = doc.assigned_by.clone().unwrap_or_else(|| "lanhdao".into());
            p.push(
                doc_date,
                Item::Assign {
                    id: a,
                    doc: doc.key.clone(),
                    clause,
                    content,
                    leads,
                    coop: t.coop.clone(),
                    deadline: t.deadline_text.clone(),
                    key: t.key,
                    field: t.field.clone(),
                    leader,
                },
            );
        }
    }

    // 2. Weekly briefings (giao ban) from December to March give the rest of the work.
    let leaders = ["lanhdao", "pct_quocanh", "pct_thanhnhan", "pct_luutrung"];
    let mut meetings: Vec<(String, NaiveDate)> = Vec::new();
    let mut day = d("2022-12-05");
    let mut number = 600;
    while day <= d("2023-03-27") {
        let date = p.working(day);
        let key = format!("giao-ban-{date}");
        let leader = leaders[meetings.len() % leaders.len()].to_string();
        p.push(
            date,
            Item::Document {
                key: key.clone(),
                number: format!("{number}/TB-VP"),
                date,
                leader,
            },
        );
        meetings.push((key, date));
        number = if date.year() == 2022 {
            number + 7
        } else if number >= 600 {
            12
        } else {
            number + 9
        };
        day += Duration::days(7);
    }
    let in_window_docs = counts.get("on_time").copied().unwrap_or(0)
        + counts.get("late").copied().unwrap_or(0)
        + counts.get("overdue").copied().unwrap_or(0)
        + counts.get("open").copied().unwrap_or(0);
    let need = |k: &str, target: i64| target - counts.get(k).copied().unwrap_or(0);
    let quotas = [
        (Outcome::Overdue, need("overdue", 68)),
        (Outcome::Late, need("late", 18)),
        (Outcome::OnTime, need("on_time", 120)),
    ];
    let generic_in_window = 411 - in_window_docs;
    let open_quota = generic_in_window - quotas.iter().map(|q| q.1).sum::<i64>();
    if quotas.iter().any(|q| q.1 < 0) || open_quota < 6 {
        bail!("kế hoạch dữ liệu mẫu không cân: {counts:?}");
    }
    let mut texts = cat.task_texts.iter().cycle();
    let mut next_text = || -> &CText { texts.next().unwrap_or(&cat.task_texts[0]) };
    let jan_meetings: Vec<(String, NaiveDate)> = meetings
        .iter()
        .filter(|(_, m)| *m <= d("2023-01-16"))
        .cloned()
        .collect();
    let mut specials = 0usize;
    for (outcome, quota) in quotas
        .into_iter()
        .chain([(Outcome::Open, open_quota), (Outcome::BeforeWindow, 15)])
    {
        for _ in 0..quota {
            let (key, assigned) =
                jan_meetings[p.rng.below(jan_meetings.len() as u64) as usize].clone();
            let (assigned, key) = if outcome == Outcome::BeforeWindow {
                (meetings[0].1, meetings[0].0.clone())
            } else {
                (assigned, key)
            };
            let due = match outcome {
                Outcome::Overdue => {
                    p.working_between(assigned + Duration::days(7), d("2023-01-30"))
                }
                Outcome::Late => p.working_between(
                    assigned + Duration::days(5),
                    d("2023-01-19").max(assigned + Duration::days(5)),
                ),
                Outcome::OnTime => {
                    p.working_between(assigned.max(d("2023-01-02")) + Duration::days(5), jan_end)
                }
                Outcome::Open => p.working_between(d("2023-02-06"), d("2023-03-31")),
                _ => p.working_between(assigned + Duration::days(5), d("2022-12-29")),
            };
            let t = next_text();
            let a = p.assigns;
            p.assigns += 1;
            let leader = leaders[a % leaders.len()].to_string();
            let mut outcome_done = false;
            if outcome == Outcome::Open && specials < 6 {
                outcome_done = special(&mut p, a, assigned, due, specials, t);
                specials += 1;
            }
            if !outcome_done {
                p.outcome_events(a, 0, assigned, Some(due), outcome);
            }
            p.push(
                assigned,
                Item::Assign {
                    id: a,
                    doc: key,
                    clause: String::new(),
                    content: t.content.clone(),
                    leads: vec![t.lead.clone()],
                    coop: t.coop.clone(),
                    deadline: Some(format!("trước ngày {}", date_vi(due))),
                    key: t.key,
                    field: t.field.clone(),
                    leader,
                },
            );
        }
    }

    // 3. February and March: new work, so later reports move on.
    for (key, date) in meetings.iter().filter(|(_, m)| *m > jan_end) {
        for _ in 0..5 {
            let t = next_text();
            let due = p.working_between(*date + Duration::days(10), *date + Duration::days(40));
            let a = p.assigns;
            p.assigns += 1;
            p.outcome_events(a, 0, *date, Some(due), Outcome::AfterWindow);
            p.push(
                *date,
                Item::Assign {
                    id: a,
                    doc: key.clone(),
                    clause: String::new(),
                    content: t.content.clone(),
                    leads: vec![t.lead.clone()],
                    coop: t.coop.clone(),
                    deadline: Some(format!("trước ngày {}", date_vi(due))),
                    key: t.key,
                    field: t.field.clone(),
                    leader: leaders[a % leaders.len()].to_string(),
                },
            );
        }
    }
    let mut items = p.items;
    // Assignments and documents come first on their day, then what happens to the tasks.
    items.sort_by_key(|s| (s.date, matches!(s.item, Item::Task { .. }), s.seq));
    Ok(items)
}

/// The cases that show history at work, all "in progress, on time" at 31/01/2023.
fn special(
    p: &mut Planner<'_>,
    a: usize,
    assigned: NaiveDate,
    due: NaiveDate,
    which: usize,
    t: &CText,
) -> bool {
    let ev = |e| Item::Task {
        assign: a,
        lead: 0,
        event: e,
    };
    let accept = p.working(assigned + Duration::days(1));
    match which {
        // An extension approved in January: on time against the new deadline.
        0 => {
            p.push(accept, ev(Event::Accept));
            p.push(
                d("2023-01-30"),
                ev(Event::RequestExtension {
                    proposed: d("2023-03-15"),
                }),
            );
            p.push(
                d("2023-01-31"),
                ev(Event::DecideExtension { approve: true }),
            );
        }
        // An extension approved in February: does not change January.
        1 => {
            p.push(accept, ev(Event::Accept));
            p.push(
                d("2023-02-03"),
                ev(Event::RequestExtension {
                    proposed: due + Duration::days(30),
                }),
            );
            p.push(
                d("2023-02-06"),
                ev(Event::DecideExtension { approve: true }),
            );
        }
        // Withdrawn in February: still counted in January.
        2 => {
            p.push(accept, ev(Event::Accept));
            p.push(d("2023-02-15"), ev(Event::Withdraw));
        }
        // Declined in January, reassigned in February.
        3 => {
            p.push(d("2023-01-18"), ev(Event::Decline));
            let other = if t.lead == "STC" { "SKHDT" } else { "STC" };
            p.push(d("2023-02-03"), ev(Event::Reassign { unit: other.into() }));
        }
        // Suspended in January, resumed in March.
        4 => {
            p.push(accept, ev(Event::Accept));
            p.push(d("2023-01-17"), ev(Event::Suspend));
            p.push(d("2023-03-01"), ev(Event::Resume));
        }
        // A completion claim returned for more work.
        _ => {
            p.push(accept, ev(Event::Accept));
            p.push(
                d("2023-01-19"),
                ev(Event::Claim {
                    finished: d("2023-01-19"),
                }),
            );
            p.push(d("2023-01-30"), ev(Event::Return));
        }
    }
    true
}

fn manager_of(code: &str) -> String {
    if code == "SKHDT" {
        "sokhdt".into()
    } else {
        format!("ld_{}", code.to_lowercase())
    }
}

/// Carries out the plan through the service layer, in date order. Returns the tasks created.
pub(crate) async fn run(
    s: &Services,
    world: &mut World,
    _cat: &Catalogue,
    items: Vec<Scheduled>,
) -> anyhow::Result<usize> {
    let office = world
        .actors
        .get("vanphong")
        .cloned()
        .ok_or_else(|| anyhow!("thiếu vanphong"))?;
    let mut tasks: HashMap<usize, Vec<(TaskId, String)>> = HashMap::new();
    let mut extensions: HashMap<TaskId, theodoi_core::ids::ExtensionId> = HashMap::new();
    let mut created = 0;
    for sch in items {
        s.clock.set_date(sch.date);
        match sch.item {
            Item::Document {
                key,
                number,
                date,
                leader,
            } => {
                let doc = s
                    .register_document(
                        &office,
                        DocumentInput {
                            number,
                            date: date.to_string(),
                            kind: "thong_bao_ket_luan".into(),
                            issuer_unit_id: world.units.get("VP_UBND").map(|u| u.0),
                            issuer_text: "Văn phòng Ủy ban nhân dân tỉnh".into(),
                            signer: "Đặng Vũ Bằng".into(),
                            summary: format!(
                                "Kết luận của {} tại cuộc họp giao ban ngày {}",
                                leader_title(&leader),
                                date_vi(date)
                            ),
                            secrecy: None,
                            urgency: None,
                            parent_id: None,
                        },
                    )
                    .await?;
                world.documents.insert(key, (doc.id, date));
            }
            Item::Assign {
                id,
                doc,
                clause,
                content,
                leads,
                coop,
                deadline,
                key,
                field,
                leader,
            } => {
                let (doc_id, _) = world
                    .documents
                    .get(&doc)
                    .copied()
                    .unwrap_or((DocumentId(0), sch.date));
                let lead_ids = leads
                    .iter()
                    .map(|c| {
                        world
                            .units
                            .get(c)
                            .map(|u| u.0)
                            .ok_or_else(|| anyhow!("không có đơn vị {c}"))
                    })
                    .collect::<anyhow::Result<Vec<_>>>()?;
                let coop_ids = coop
                    .iter()
                    .filter_map(|c| world.units.get(c).map(|u| u.0))
                    .filter(|c| !lead_ids.contains(c))
                    .collect();
                let made = s
                    .assign(
                        &office,
                        AssignInput {
                            document_id: Some(doc_id.0),
                            clause,
                            content: content.clone(),
                            lead_unit_ids: lead_ids,
                            coop_unit_ids: coop_ids,
                            assigned_by_user_id: world.leaders.get(&leader).map(|u| u.0),
                            assigned_by_unit_id: world.units.get("UBND_TINH").map(|u| u.0),
                            assigned_on: Some(sch.date),
                            deadline: DeadlineInput {
                                text: deadline,
                                date: None,
                            },
                            is_key: key,
                            field,
                            secret: false,
                            parent_task_id: None,
                            recurring_until: None,
                        },
                    )
                    .await
                    .with_context(|| format!("giao nhiệm vụ “{content}”"))?;
                created += made.len();
                tasks.insert(
                    id,
                    made.iter()
                        .zip(&leads)
                        .map(|(t, code)| (t.id, code.clone()))
                        .collect(),
                );
            }
            Item::Task {
                assign,
                lead,
                event,
            } => {
                let (task, code) = tasks
                    .get(&assign)
                    .and_then(|v| v.get(lead))
                    .cloned()
                    .ok_or_else(|| anyhow!("sự kiện cho nhiệm vụ chưa giao"))?;
                let manager = world
                    .actors
                    .get(&manager_of(&code))
                    .cloned()
                    .ok_or_else(|| anyhow!("thiếu tài khoản {}", manager_of(&code)))?;
                let leader = world
                    .actors
                    .get("lanhdao")
                    .cloned()
                    .ok_or_else(|| anyhow!("thiếu lanhdao"))?;
                let what = format!("{event:?} nhiệm vụ #{task} ngày {}", sch.date);
                let r = match event {
                    Event::Accept => s.accept(&manager, task).await.map(|_| ()),
                    Event::Progress(text) => s
                        .report_progress(&manager, task, text, Some(40), None)
                        .await
                        .map(|_| ()),
                    Event::Claim { finished } => s
                        .claim_completion(
                            &manager,
                            task,
                            Some(finished),
                            "",
                            "Đã hoàn thành, có văn bản báo cáo kết quả gửi UBND tỉnh.",
                        )
                        .await
                        .map(|_| ()),
                    Event::Confirm => s
                        .confirm_completion(&office, task, "Xác nhận hoàn thành.")
                        .await
                        .map(|_| ()),
                    Event::Return => s
                        .return_completion(
                            &office,
                            task,
                            "Báo cáo chưa đủ nội dung, đề nghị bổ sung số liệu.",
                        )
                        .await
                        .map(|_| ()),
                    Event::RequestExtension { proposed } => s
                        .request_extension(
                            &manager,
                            task,
                            proposed,
                            "Chờ ý kiến thẩm định của bộ, ngành Trung ương.",
                        )
                        .await
                        .map(|e| {
                            extensions.insert(task, e);
                        }),
                    Event::DecideExtension { approve } => match extensions.get(&task) {
                        Some(e) => s
                            .decide_extension(&leader, *e, approve, None, "Đồng ý gia hạn.")
                            .await
                            .map(|_| ()),
                        None => bail!("chưa có đề nghị gia hạn cho #{task}"),
                    },
                    Event::Decline => s
                        .decline(
                            &manager,
                            task,
                            "Nội dung không thuộc chức năng, nhiệm vụ của đơn vị.",
                        )
                        .await
                        .map(|_| ()),
                    Event::Reassign { unit } => {
                        let u = world.units.get(&unit).copied().unwrap_or(UnitId(0));
                        s.reassign(&office, task, u, None, "Giao lại theo đề nghị của đơn vị.")
                            .await
                            .map(|_| ())
                    }
                    Event::Withdraw => s
                        .withdraw(
                            &leader,
                            task,
                            None,
                            "Nội dung đã được xử lý tại văn bản khác.",
                        )
                        .await
                        .map(|_| ()),
                    Event::Suspend => s
                        .suspend(&leader, task, None, "Chờ Trung ương hướng dẫn.")
                        .await
                        .map(|_| ()),
                    Event::Resume => s.resume(&leader, task, None).await.map(|_| ()),
                };
                r.with_context(|| what)?;
            }
        }
    }
    Ok(created)
}

fn leader_title(username: &str) -> &'static str {
    match username {
        "lanhdao" => "Chủ tịch UBND tỉnh Lâm Minh Thành",
        "pct_quocanh" => "Phó Chủ tịch UBND tỉnh Lê Quốc Anh",
        "pct_thanhnhan" => "Phó Chủ tịch UBND tỉnh Nguyễn Thanh Nhân",
        _ => "Phó Chủ tịch UBND tỉnh Nguyễn Lưu Trung",
    }
}
