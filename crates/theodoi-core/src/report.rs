//! The periodic report: its parameters, figures and Vietnamese rendering.
//! The figures are computed by the store; this module owns their shape and wording.

use chrono::NaiveDate;
use serde::Serialize;

use crate::format::{date_vi, int_vi, percent_vi};
use crate::ids::{GroupId, UnitId};
use crate::report_views::{AgeBucket, Bands, BreakdownRow, Comparison, OverdueTask, Ranking};
use crate::status::{Counts, DeadlineBasis, RateBasis, Scope};
use crate::window::Window;

/// Who assigned the tasks a report is limited to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AssignedBy {
    Unit { id: i64, name: String },
    Leader { id: i64, name: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportParams {
    pub window: Window,
    pub as_of: NaiveDate,
    pub scope: Scope,
    pub basis: RateBasis,
    pub deadline_basis: DeadlineBasis,
    pub assigned_by: Option<AssignedBy>,
    /// Roll the rows of the units below into each unit's row.
    pub subtree: bool,
    /// Count delegated sub-tasks too (off by default, so nothing is counted twice).
    pub include_delegated: bool,
    /// Also break the figures down by co-operating unit (phối hợp).
    pub include_coop: bool,
}

impl ReportParams {
    pub fn new(window: Window, as_of: NaiveDate) -> Self {
        Self {
            window,
            as_of,
            scope: Scope::Active,
            basis: RateBasis::InProgress,
            deadline_basis: DeadlineBasis::Governing,
            assigned_by: None,
            subtree: false,
            include_delegated: false,
            include_coop: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    #[serde(flatten)]
    pub counts: Counts,
    /// Not completed, with a completion claim waiting for the office at the as-of date.
    pub awaiting_confirmation: i64,
    pub overdue_rate: f64,
    pub completion_rate: f64,
}

impl Figures {
    pub fn new(counts: Counts, awaiting_confirmation: i64, basis: RateBasis) -> Self {
        Self {
            counts,
            awaiting_confirmation,
            overdue_rate: round6(counts.overdue_rate(basis)),
            completion_rate: round6(counts.completion_rate()),
        }
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitRow {
    pub unit_id: UnitId,
    pub unit: String,
    pub short_name: String,
    pub parent_id: Option<UnitId>,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRow {
    pub group_id: GroupId,
    pub content: String,
    pub units: i64,
    pub completed: i64,
    pub not_completed: i64,
    pub overdue: i64,
    /// The earliest deadline among the group's tasks at the as-of date.
    pub deadline: Option<NaiveDate>,
    /// How the group's units are called in a sentence: "địa phương", "sở, ngành" or "đơn vị".
    pub unit_noun: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowOut {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub window: WindowOut,
    pub as_of: NaiveDate,
    pub scope: &'static str,
    pub basis: &'static str,
    pub basis_description: &'static str,
    pub deadline_basis: &'static str,
    pub assigned_by: Option<AssignedBy>,
    pub subtree: bool,
    pub totals: Figures,
    pub groups: Vec<GroupRow>,
    pub units: Vec<UnitRow>,
    pub narrative: String,
    /// By assigning leader (lãnh đạo giao).
    pub leaders: Vec<BreakdownRow>,
    /// By field (lĩnh vực).
    pub fields: Vec<BreakdownRow>,
    /// By source document (văn bản chỉ đạo).
    pub documents: Vec<BreakdownRow>,
    /// By co-operating unit (only when asked for; a task counts once per co-operating unit).
    pub coop_units: Vec<BreakdownRow>,
    /// Overdue tasks by days overdue.
    pub ageing: Vec<AgeBucket>,
    /// The overdue tasks, longest overdue first.
    pub overdue_tasks: Vec<OverdueTask>,
    /// The previous period of the same length, as of its last day.
    pub previous: Option<Comparison>,
    pub ranking: Ranking,
}

impl Report {
    pub fn assemble(
        p: &ReportParams,
        totals: Figures,
        groups: Vec<GroupRow>,
        units: Vec<UnitRow>,
    ) -> Self {
        let narrative = narrative(p, &totals, &groups);
        let ranking = Ranking::of(&units, Bands::default());
        Self {
            window: WindowOut {
                from: p.window.from,
                to: p.window.to,
            },
            as_of: p.as_of,
            scope: p.scope.as_str(),
            basis: p.basis.as_str(),
            basis_description: p.basis.describe(),
            deadline_basis: p.deadline_basis.as_str(),
            assigned_by: p.assigned_by.clone(),
            subtree: p.subtree,
            totals,
            groups,
            units,
            narrative,
            leaders: Vec::new(),
            fields: Vec::new(),
            documents: Vec::new(),
            coop_units: Vec::new(),
            ageing: Vec::new(),
            overdue_tasks: Vec::new(),
            previous: None,
            ranking,
        }
    }

    /// The report as plain Vietnamese text for a terminal.
    pub fn to_text(&self) -> String {
        let t = &self.totals;
        let c = &t.counts;
        let mut out = String::new();
        out.push_str(&format!(
            "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ\nKỳ: {} – {}; số liệu tính đến ngày {}\n",
            date_vi(self.window.from),
            date_vi(self.window.to),
            date_vi(self.as_of)
        ));
        out.push_str(&format!(
            "Phạm vi: {}; thời hạn: {}\n\n",
            if self.scope == "active" {
                "nhiệm vụ phải thực hiện trong kỳ"
            } else {
                "nhiệm vụ giao trong kỳ"
            },
            if self.deadline_basis == "original" {
                "thời hạn ban đầu"
            } else {
                "thời hạn hiện hành"
            },
        ));
        out.push_str(&format!("{}\n\n", self.narrative));
        let rows = [
            ("Tổng số nhiệm vụ", c.tasks),
            ("Đã hoàn thành", c.completed),
            ("  – đúng hạn", c.completed_on_time),
            ("  – quá hạn", c.completed_late),
            ("Đang thực hiện (chưa hoàn thành)", c.in_progress),
            ("  – trong hạn", c.in_progress_on_time),
            ("  – quá hạn", c.overdue),
            ("  – chờ xác nhận hoàn thành", t.awaiting_confirmation),
            ("  – tạm hoãn", c.suspended),
            ("Không thời hạn", c.no_deadline),
        ];
        for (label, n) in rows {
            out.push_str(&format!("{label:<36}{:>8}\n", int_vi(n)));
        }
        out.push_str(&format!(
            "Tỷ lệ quá hạn: {} ({})\n",
            percent_vi(t.overdue_rate),
            self.basis_description
        ));
        if !self.groups.is_empty() {
            out.push_str("\nNHIỆM VỤ GIAO CHO NHIỀU ĐƠN VỊ\n");
            for g in &self.groups {
                out.push_str(&format!(
                    "- {}: {}/{} đơn vị chưa hoàn thành ({} quá hạn)\n",
                    g.content, g.not_completed, g.units, g.overdue
                ));
            }
        }
        if !self.units.is_empty() {
            out.push_str(&format!(
                "\n{:<44}{:>7}{:>8}{:>8}{:>8}{:>9}\n",
                "Đơn vị chủ trì", "Tổng", "H.thành", "Đang TH", "Quá hạn", "Tỷ lệ QH"
            ));
            for u in &self.units {
                let c = &u.figures.counts;
                let name: String = u.unit.chars().take(43).collect();
                out.push_str(&format!(
                    "{:<44}{:>7}{:>8}{:>8}{:>8}{:>9}\n",
                    name,
                    int_vi(c.tasks),
                    int_vi(c.completed),
                    int_vi(c.in_progress),
                    int_vi(c.overdue),
                    percent_vi(u.figures.overdue_rate)
                ));
            }
        }
        out
    }
}

/// The paragraph of the kind officials write in their monthly report (seeds/000).
pub fn narrative(p: &ReportParams, t: &Figures, groups: &[GroupRow]) -> String {
    let c = &t.counts;
    let period = period_words(&p.window);
    let mut s = format!(
        "Tổng số nhiệm vụ giao cho các ngành, địa phương thực hiện {period} là {} nhiệm vụ. \
Tính đến ngày {}, các đơn vị đã hoàn thành {} nhiệm vụ ({} đúng hạn, {} quá hạn), \
đang thực hiện {} nhiệm vụ, trong đó có {} nhiệm vụ quá hạn, chiếm {}.",
        int_vi(c.tasks),
        date_vi(p.as_of),
        int_vi(c.completed),
        int_vi(c.completed_on_time),
        int_vi(c.completed_late),
        int_vi(c.in_progress),
        int_vi(c.overdue),
        percent_vi(t.overdue_rate),
    );
    // The assignment given to several units whose deadline has come and that the largest
    // share of its units has still not done: the one leaders ask about ("9/15 địa phương
    // chưa trình…"). A group not yet due is not a shortcoming, however large.
    let worst = groups
        .iter()
        .filter(|g| g.units > 1 && g.not_completed > 0 && g.deadline.is_some_and(|d| d <= p.as_of))
        .max_by(|a, b| {
            (a.not_completed * b.units)
                .cmp(&(b.not_completed * a.units))
                .then(a.not_completed.cmp(&b.not_completed))
                .then(b.group_id.0.cmp(&a.group_id.0))
        });
    if let Some(g) = worst {
        s.push_str(&format!(
            " Hiện vẫn còn {}/{} {} chưa {}.",
            g.not_completed,
            g.units,
            if g.unit_noun.is_empty() {
                "đơn vị"
            } else {
                &g.unit_noun
            },
            lower_first(g.content.trim_end_matches('.'))
        ));
    }
    s
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(f) => f.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn period_words(w: &Window) -> String {
    use chrono::Datelike;
    let (f, t) = (w.from, w.to);
    let month_end = t.succ_opt().is_some_and(|n| n.day() == 1);
    if f.day() == 1 && month_end && f.year() == t.year() {
        if f.month() == t.month() {
            return format!("trong tháng {}/{}", f.month(), f.year());
        }
        if f.month() == 1 && t.month() == 12 {
            return format!("trong năm {}", f.year());
        }
        if t.month() - f.month() == 2 && (f.month() - 1) % 3 == 0 {
            let q = ["I", "II", "III", "IV"][((f.month() - 1) / 3) as usize];
            return format!("trong quý {q}/{}", f.year());
        }
    }
    format!("từ ngày {} đến ngày {}", date_vi(f), date_vi(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrative_reads_like_the_seed() {
        let p = ReportParams::new(
            Window::parse("month:2023-01").expect("w"),
            NaiveDate::from_ymd_opt(2023, 1, 31).expect("d"),
        );
        let counts = Counts {
            tasks: 411,
            completed: 138,
            completed_on_time: 120,
            completed_late: 18,
            in_progress: 273,
            in_progress_on_time: 205,
            overdue: 68,
            ..Counts::default()
        };
        let t = Figures::new(counts, 0, RateBasis::InProgress);
        let g = GroupRow {
            group_id: GroupId(1),
            content: "Trình phê duyệt Kế hoạch".into(),
            units: 15,
            completed: 6,
            not_completed: 9,
            overdue: 9,
            deadline: NaiveDate::from_ymd_opt(2023, 1, 15),
            unit_noun: "địa phương".into(),
        };
        let later = GroupRow {
            group_id: GroupId(2),
            content: "Báo cáo kết quả quý I".into(),
            units: 30,
            completed: 0,
            not_completed: 30,
            overdue: 0,
            deadline: NaiveDate::from_ymd_opt(2023, 3, 31),
            unit_noun: "đơn vị".into(),
        };
        let s = narrative(&p, &t, &[later, g]);
        assert!(
            !s.contains("30/30"),
            "a group not yet due is not mentioned: {s}"
        );
        assert!(s.contains("trong tháng 1/2023 là 411 nhiệm vụ"), "{s}");
        assert!(
            s.contains("đang thực hiện 273 nhiệm vụ, trong đó có 68 nhiệm vụ quá hạn, chiếm 24,9%"),
            "{s}"
        );
        assert!(
            s.contains("Hiện vẫn còn 9/15 địa phương chưa trình phê duyệt Kế hoạch."),
            "{s}"
        );
    }
}
