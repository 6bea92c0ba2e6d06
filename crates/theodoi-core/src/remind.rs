//! The reminder engine (issue 7): a pure function from the date, the office's rules, the
//! working calendar, the people and the tasks' facts to the reminders due that day.
//!
//! Reminders go out on working days only; what fell due on a day off (a weekend, Tết) goes out
//! on the next working day: each working day covers the days since the previous working day.
//! Every reminder carries a dedupe key (`due_soon:{task}:{deadline}:{user}`,
//! `overdue:{task}:{yyyy-mm-dd | yyyy-Www}:{user}`…) that the store records once, so running
//! the engine again the same day, after a restart or on a second instance sends nothing twice.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::error::{DomainResult, Problems};
use crate::ids::{TaskId, UnitId, UserId};

/// Settings keys of the rules (stored in the settings table).
pub mod keys {
    pub const DAYS_BEFORE: &str = "remind.days_before";
    pub const ON_THE_DAY: &str = "remind.on_the_day";
    pub const OVERDUE_CADENCE: &str = "remind.overdue_cadence";
    pub const ESCALATE_HEAD_AFTER: &str = "remind.escalate_head_after";
    pub const ESCALATE_LEADER_AFTER: &str = "remind.escalate_leader_after";
    pub const REPORTING_DAY: &str = "remind.reporting_day";
    pub const OFFICE_CLAIMS: &str = "remind.office_claims";
    pub const OFFICE_EXTENSIONS: &str = "remind.office_extensions";
    pub const ALL: &[&str] = &[
        DAYS_BEFORE,
        ON_THE_DAY,
        OVERDUE_CADENCE,
        ESCALATE_HEAD_AFTER,
        ESCALATE_LEADER_AFTER,
        REPORTING_DAY,
        OFFICE_CLAIMS,
        OFFICE_EXTENSIONS,
    ];
}

/// How often an overdue task is reminded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Daily,
    Weekly,
}

/// The office's reminder rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemindRules {
    /// Remind the lead unit this many days before the deadline (0 = off).
    pub days_before: i64,
    /// Remind on the deadline itself.
    pub on_the_day: bool,
    pub overdue_cadence: Cadence,
    /// Escalate to the unit's head (its managers) after this many days overdue (0 = off).
    pub escalate_head_after: i64,
    /// Escalate to the assigning leader and the working group after this many days (0 = off).
    pub escalate_leader_after: i64,
    /// The day of the month by which units report progress (0 = no progress reminders).
    pub reporting_day: u32,
    /// Remind the office of completion claims awaiting confirmation.
    pub office_claims: bool,
    /// Remind the office of extension requests awaiting a decision.
    pub office_extensions: bool,
}

impl Default for RemindRules {
    fn default() -> Self {
        Self {
            days_before: 3,
            on_the_day: true,
            overdue_cadence: Cadence::Daily,
            escalate_head_after: 5,
            escalate_leader_after: 15,
            reporting_day: 25,
            office_claims: true,
            office_extensions: true,
        }
    }
}

fn parse_flag(p: &mut Problems, key: &str, v: &str) -> Option<bool> {
    match v.trim() {
        "1" | "true" | "on" | "có" => Some(true),
        "0" | "false" | "off" | "không" => Some(false),
        other => {
            p.add(
                key,
                format!("giá trị '{other}' không hợp lệ; dùng 'on' (bật) hoặc 'off' (tắt)"),
            );
            None
        }
    }
}

fn parse_days(p: &mut Problems, key: &str, what: &str, v: &str, max: i64) -> Option<i64> {
    match v.trim().parse::<i64>() {
        Ok(n) if n < 0 => {
            p.add(
                key,
                format!("{what} không được là số âm ({n}); nhập 0 để tắt"),
            );
            None
        }
        Ok(n) if n > max => {
            p.add(key, format!("{what} quá lớn ({n}); tối đa {max}"));
            None
        }
        Ok(n) => Some(n),
        Err(_) => {
            p.add(
                key,
                format!("{what} phải là một số nguyên, không phải '{}'", v.trim()),
            );
            None
        }
    }
}

impl RemindRules {
    /// Reads the rules from settings (absent keys keep their defaults). Every bad value is
    /// reported at once with its key and a Vietnamese message.
    pub fn from_settings<'a>(
        settings: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> DomainResult<Self> {
        let mut r = Self::default();
        let mut p = Problems::new();
        for (k, v) in settings {
            match k {
                keys::DAYS_BEFORE => {
                    if let Some(n) = parse_days(&mut p, k, "Số ngày nhắc trước hạn", v, 60) {
                        r.days_before = n;
                    }
                }
                keys::ON_THE_DAY => {
                    if let Some(b) = parse_flag(&mut p, k, v) {
                        r.on_the_day = b;
                    }
                }
                keys::OVERDUE_CADENCE => match v.trim() {
                    "daily" | "hằng ngày" => r.overdue_cadence = Cadence::Daily,
                    "weekly" | "hằng tuần" => r.overdue_cadence = Cadence::Weekly,
                    other => p.add(
                        k,
                        format!(
                            "tần suất nhắc quá hạn '{other}' không hợp lệ; dùng 'daily' (hằng ngày) hoặc 'weekly' (hằng tuần)"
                        ),
                    ),
                },
                keys::ESCALATE_HEAD_AFTER => {
                    if let Some(n) = parse_days(
                        &mut p,
                        k,
                        "Số ngày quá hạn trước khi báo lãnh đạo đơn vị",
                        v,
                        365,
                    ) {
                        r.escalate_head_after = n;
                    }
                }
                keys::ESCALATE_LEADER_AFTER => {
                    if let Some(n) = parse_days(
                        &mut p,
                        k,
                        "Số ngày quá hạn trước khi báo lãnh đạo giao việc và Tổ công tác",
                        v,
                        365,
                    ) {
                        r.escalate_leader_after = n;
                    }
                }
                keys::REPORTING_DAY => {
                    if let Some(n) =
                        parse_days(&mut p, k, "Ngày báo cáo tiến độ hằng tháng", v, 28)
                    {
                        r.reporting_day = n as u32;
                    }
                }
                keys::OFFICE_CLAIMS => {
                    if let Some(b) = parse_flag(&mut p, k, v) {
                        r.office_claims = b;
                    }
                }
                keys::OFFICE_EXTENSIONS => {
                    if let Some(b) = parse_flag(&mut p, k, v) {
                        r.office_extensions = b;
                    }
                }
                _ => {}
            }
        }
        if p.is_empty()
            && r.escalate_head_after > 0
            && r.escalate_leader_after > 0
            && r.escalate_leader_after < r.escalate_head_after
        {
            p.add(
                keys::ESCALATE_LEADER_AFTER,
                format!(
                    "báo lãnh đạo giao việc sau {} ngày quá hạn phải muộn hơn báo lãnh đạo đơn vị ({} ngày)",
                    r.escalate_leader_after, r.escalate_head_after
                ),
            );
        }
        p.into_result()?;
        Ok(r)
    }

    /// The rules as settings (key, value), for storing and showing.
    pub fn to_settings(&self) -> Vec<(&'static str, String)> {
        let flag = |b: bool| if b { "on" } else { "off" }.to_string();
        vec![
            (keys::DAYS_BEFORE, self.days_before.to_string()),
            (keys::ON_THE_DAY, flag(self.on_the_day)),
            (
                keys::OVERDUE_CADENCE,
                match self.overdue_cadence {
                    Cadence::Daily => "daily",
                    Cadence::Weekly => "weekly",
                }
                .to_string(),
            ),
            (
                keys::ESCALATE_HEAD_AFTER,
                self.escalate_head_after.to_string(),
            ),
            (
                keys::ESCALATE_LEADER_AFTER,
                self.escalate_leader_after.to_string(),
            ),
            (keys::REPORTING_DAY, self.reporting_day.to_string()),
            (keys::OFFICE_CLAIMS, flag(self.office_claims)),
            (keys::OFFICE_EXTENSIONS, flag(self.office_extensions)),
        ]
    }
}

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    DueSoon,
    DueToday,
    Overdue,
    EscalateHead,
    EscalateLeader,
    NoProgress,
    ClaimPending,
    ExtensionPending,
}

impl ReminderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DueSoon => "due_soon",
            Self::DueToday => "due_today",
            Self::Overdue => "overdue",
            Self::EscalateHead => "escalate_head",
            Self::EscalateLeader => "escalate_leader",
            Self::NoProgress => "no_progress",
            Self::ClaimPending => "claim_pending",
            Self::ExtensionPending => "extension_pending",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::DueSoon,
            Self::DueToday,
            Self::Overdue,
            Self::EscalateHead,
            Self::EscalateLeader,
            Self::NoProgress,
            Self::ClaimPending,
            Self::ExtensionPending,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// The Vietnamese label of the reminder.
    pub fn label(self) -> &'static str {
        match self {
            Self::DueSoon => "Sắp đến hạn",
            Self::DueToday => "Đến hạn",
            Self::Overdue => "Quá hạn",
            Self::EscalateHead => "Quá hạn, báo lãnh đạo đơn vị",
            Self::EscalateLeader => "Quá hạn, báo lãnh đạo giao việc và Tổ công tác",
            Self::NoProgress => "Chưa báo cáo tiến độ",
            Self::ClaimPending => "Đề nghị hoàn thành chờ xác nhận",
            Self::ExtensionPending => "Đề nghị gia hạn chờ quyết định",
        }
    }
}

/// The facts of one task the engine needs, as of the day it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemindTask {
    pub id: TaskId,
    /// Still to do (not completed, withdrawn, declined or suspended) on the day.
    pub open: bool,
    pub deadline: Option<NaiveDate>,
    pub assigned_on: NaiveDate,
    pub lead_unit: UnitId,
    pub assigning_leader: Option<UserId>,
    pub last_progress: Option<NaiveDate>,
    pub pending_claims: u32,
    pub pending_extensions: u32,
}

/// Who receives what: the people of each unit and the office.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct People {
    /// A unit's contact person, if it named one.
    pub contacts: BTreeMap<UnitId, UserId>,
    /// The managers (unit_manager accounts) of each unit: its head.
    pub managers: BTreeMap<UnitId, Vec<UserId>>,
    /// The working group's inspector accounts (Tổ 770).
    pub inspectors: Vec<UserId>,
    /// The office's accounts.
    pub office: Vec<UserId>,
}

impl People {
    /// Who the routine reminders of a unit go to: its contact person, else its managers.
    pub fn unit_recipients(&self, unit: UnitId) -> Vec<UserId> {
        match self.contacts.get(&unit) {
            Some(c) => vec![*c],
            None => self.managers.get(&unit).cloned().unwrap_or_default(),
        }
    }
}

/// One reminder to one person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Reminder {
    pub recipient: UserId,
    pub task: TaskId,
    pub kind: ReminderKind,
    /// The deadline it concerns, if any.
    pub deadline: Option<NaiveDate>,
    /// Days overdue on the day it goes out (0 when not overdue).
    pub days_overdue: i64,
    /// Recorded once: the same key is never sent twice.
    pub dedupe_key: String,
}

/// The days a working day covers: from the day after the previous working day to `today`
/// (so Monday covers Saturday and Sunday, and the first day after Tết covers the holiday).
/// Empty on a day off.
pub fn covered_days(today: NaiveDate, cal: &Calendar) -> Vec<NaiveDate> {
    if !cal.is_working_day(today) {
        return vec![];
    }
    let mut out = vec![today];
    let mut d = today - Duration::days(1);
    // A long holiday is at most a few weeks; stop at 31 days whatever the calendar says.
    while !cal.is_working_day(d) && out.len() < 31 {
        out.push(d);
        d -= Duration::days(1);
    }
    out.reverse();
    out
}

fn iso_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// The reminders due on `today`.
pub fn reminders_due(
    today: NaiveDate,
    rules: &RemindRules,
    cal: &Calendar,
    people: &People,
    tasks: &[RemindTask],
) -> Vec<Reminder> {
    let window = covered_days(today, cal);
    let Some(first) = window.first().copied() else {
        return vec![];
    };
    let in_window = |d: NaiveDate| d >= first && d <= today;
    let mut out: BTreeSet<Reminder> = BTreeSet::new();
    let mut add = |recipients: &[UserId],
                   t: &RemindTask,
                   kind: ReminderKind,
                   period: String,
                   days_overdue: i64| {
        for r in recipients {
            out.insert(Reminder {
                recipient: *r,
                task: t.id,
                kind,
                deadline: t.deadline,
                days_overdue,
                dedupe_key: format!("{}:{}:{}:{}", kind.as_str(), t.id.0, period, r.0),
            });
        }
    };
    // The month's reporting day, moved to the next working day when it is a day off.
    let reporting_due = (rules.reporting_day > 0)
        .then(|| NaiveDate::from_ymd_opt(today.year(), today.month(), rules.reporting_day))
        .flatten()
        .map(|d| cal.next_working_day_on_or_after(d))
        .filter(|d| *d == today);
    let month_start = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);

    for t in tasks {
        if t.assigned_on > today {
            continue;
        }
        if rules.office_claims && t.pending_claims > 0 {
            add(
                &people.office,
                t,
                ReminderKind::ClaimPending,
                today.to_string(),
                0,
            );
        }
        if rules.office_extensions && t.pending_extensions > 0 {
            add(
                &people.office,
                t,
                ReminderKind::ExtensionPending,
                today.to_string(),
                0,
            );
        }
        if !t.open {
            continue;
        }
        let unit = people.unit_recipients(t.lead_unit);
        if let Some(deadline) = t.deadline {
            if rules.days_before > 0 {
                let trigger = deadline - Duration::days(rules.days_before);
                if in_window(trigger) && trigger >= t.assigned_on {
                    add(&unit, t, ReminderKind::DueSoon, deadline.to_string(), 0);
                }
            }
            if rules.on_the_day && in_window(deadline) {
                add(&unit, t, ReminderKind::DueToday, deadline.to_string(), 0);
            }
            let overdue = (today - deadline).num_days();
            if overdue > 0 {
                let period = match rules.overdue_cadence {
                    Cadence::Daily => today.to_string(),
                    Cadence::Weekly => iso_week(today),
                };
                add(&unit, t, ReminderKind::Overdue, period, overdue);
                if rules.escalate_head_after > 0 && overdue >= rules.escalate_head_after {
                    let heads = people
                        .managers
                        .get(&t.lead_unit)
                        .cloned()
                        .unwrap_or_default();
                    add(
                        &heads,
                        t,
                        ReminderKind::EscalateHead,
                        deadline.to_string(),
                        overdue,
                    );
                }
                if rules.escalate_leader_after > 0 && overdue >= rules.escalate_leader_after {
                    let mut to: Vec<UserId> = t.assigning_leader.into_iter().collect();
                    to.extend(people.inspectors.iter().copied());
                    add(
                        &to,
                        t,
                        ReminderKind::EscalateLeader,
                        deadline.to_string(),
                        overdue,
                    );
                }
            }
        }
        if reporting_due.is_some()
            && t.assigned_on < month_start
            && t.last_progress.is_none_or(|p| p < month_start)
        {
            add(
                &unit,
                t,
                ReminderKind::NoProgress,
                format!("{:04}-{:02}", today.year(), today.month()),
                0,
            );
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn people() -> People {
        People {
            contacts: BTreeMap::from([(UnitId(1), UserId(10))]),
            managers: BTreeMap::from([
                (UnitId(1), vec![UserId(11)]),
                (UnitId(2), vec![UserId(21)]),
            ]),
            inspectors: vec![UserId(70)],
            office: vec![UserId(90)],
        }
    }

    fn task(id: i64, deadline: &str) -> RemindTask {
        RemindTask {
            id: TaskId(id),
            open: true,
            deadline: Some(d(deadline)),
            assigned_on: d("2022-12-01"),
            lead_unit: UnitId(1),
            assigning_leader: Some(UserId(5)),
            last_progress: Some(d("2023-01-02")),
            pending_claims: 0,
            pending_extensions: 0,
        }
    }

    fn keys_on(day: &str, rules: &RemindRules, tasks: &[RemindTask]) -> Vec<String> {
        reminders_due(d(day), rules, &Calendar::shipped(), &people(), tasks)
            .into_iter()
            .map(|r| r.dedupe_key)
            .collect()
    }

    #[test]
    fn nothing_goes_out_on_days_off_and_tet_is_caught_up_after() {
        let rules = RemindRules::default();
        // Deadline Tuesday 24/01/2023, in the middle of Tết (20–26/01 off).
        let t = [task(1, "2023-01-24")];
        for day in [
            "2023-01-21",
            "2023-01-22",
            "2023-01-23",
            "2023-01-24",
            "2023-01-26",
        ] {
            assert!(keys_on(day, &rules, &t).is_empty(), "{day}");
        }
        // 3 days before is 21/01 (off): it goes out on the next working day with the rest.
        let k = keys_on("2023-01-27", &rules, &t);
        assert!(k.contains(&"due_soon:1:2023-01-24:10".to_string()), "{k:?}");
        assert!(
            k.contains(&"due_today:1:2023-01-24:10".to_string()),
            "{k:?}"
        );
        assert!(k.contains(&"overdue:1:2023-01-27:10".to_string()), "{k:?}");
        // A Saturday deadline is reminded on Monday.
        let t = [task(2, "2023-02-04")];
        assert!(keys_on("2023-02-04", &rules, &t).is_empty());
        let k = keys_on("2023-02-06", &rules, &t);
        assert!(
            k.contains(&"due_today:2:2023-02-04:10".to_string()),
            "{k:?}"
        );
        assert!(keys_on("2023-02-01", &rules, &t).contains(&"due_soon:2:2023-02-04:10".into()));
    }

    #[test]
    fn covered_days_after_tet_span_the_holiday() {
        let cal = Calendar::shipped();
        let c = covered_days(d("2023-01-27"), &cal);
        assert_eq!(c.first(), Some(&d("2023-01-20")));
        assert_eq!(c.len(), 8);
        assert!(covered_days(d("2023-01-22"), &cal).is_empty());
        assert_eq!(covered_days(d("2023-02-06"), &cal).len(), 3);
    }

    #[test]
    fn escalation_follows_the_thresholds() {
        let rules = RemindRules {
            escalate_head_after: 5,
            escalate_leader_after: 10,
            ..Default::default()
        };
        let t = [task(3, "2023-02-01")];
        let k = keys_on("2023-02-03", &rules, &t);
        assert_eq!(k, vec!["overdue:3:2023-02-03:10".to_string()]);
        let k = keys_on("2023-02-06", &rules, &t);
        assert!(
            k.contains(&"escalate_head:3:2023-02-01:11".to_string()),
            "{k:?}"
        );
        assert!(!k.iter().any(|k| k.starts_with("escalate_leader")));
        let k = keys_on("2023-02-13", &rules, &t);
        assert!(
            k.contains(&"escalate_leader:3:2023-02-01:5".to_string()),
            "{k:?}"
        );
        assert!(
            k.contains(&"escalate_leader:3:2023-02-01:70".to_string()),
            "{k:?}"
        );
        // Weekly cadence: one key per ISO week.
        let weekly = RemindRules {
            overdue_cadence: Cadence::Weekly,
            ..rules
        };
        assert!(keys_on("2023-02-08", &weekly, &t).contains(&"overdue:3:2023-W06:10".into()));
    }

    #[test]
    fn reporting_day_and_office_reminders() {
        let rules = RemindRules {
            reporting_day: 25,
            ..Default::default()
        };
        let mut t = task(4, "2023-12-31");
        t.last_progress = Some(d("2023-01-10"));
        let mut reported = task(5, "2023-12-31");
        reported.last_progress = Some(d("2023-02-20"));
        // 25/02/2023 is a Saturday: the reminder goes out Monday 27/02.
        assert!(keys_on("2023-02-24", &rules, &[t.clone()]).is_empty());
        let k = keys_on("2023-02-27", &rules, &[t.clone(), reported]);
        assert_eq!(k, vec!["no_progress:4:2023-02:10".to_string()]);
        let mut c = task(6, "2023-12-31");
        c.open = false;
        c.pending_claims = 1;
        c.pending_extensions = 1;
        let k = keys_on("2023-02-01", &rules, &[c]);
        assert_eq!(
            k,
            vec![
                "claim_pending:6:2023-02-01:90".to_string(),
                "extension_pending:6:2023-02-01:90".to_string()
            ]
        );
    }

    #[test]
    fn bad_settings_are_refused_in_vietnamese() {
        let e = RemindRules::from_settings([
            (keys::DAYS_BEFORE, "-2"),
            (keys::OVERDUE_CADENCE, "monthly"),
        ])
        .expect_err("refused");
        let msg = e.to_string();
        assert!(
            msg.contains("remind.days_before: Số ngày nhắc trước hạn không được là số âm (-2)"),
            "{msg}"
        );
        assert!(msg.contains("hằng tuần"), "{msg}");
        let r = RemindRules::from_settings([
            (keys::DAYS_BEFORE, "5"),
            (keys::OVERDUE_CADENCE, "weekly"),
        ])
        .expect("ok");
        assert_eq!((r.days_before, r.overdue_cadence), (5, Cadence::Weekly));
        let e = RemindRules::from_settings([
            (keys::ESCALATE_HEAD_AFTER, "10"),
            (keys::ESCALATE_LEADER_AFTER, "3"),
        ])
        .expect_err("refused");
        assert!(e.to_string().contains("phải muộn hơn"), "{e}");
    }
}
