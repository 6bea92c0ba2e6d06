//! The status engine: timeliness of a task at an as-of date, derived from its history
//! (DESIGN.md §3). Nothing here is stored; the SQL of the store computes the same classes
//! and the behaviour suite checks the two agree.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, DomainResult};
use crate::ids::UnitId;
use crate::model::{DeadlineChange, LeadChange};
use crate::window::Window;

/// Which tasks of a window a report counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Nhiệm vụ phải thực hiện trong kỳ: assigned by the window's end, not completed before its start.
    #[default]
    Active,
    /// Nhiệm vụ giao trong kỳ.
    Assigned,
}

/// The denominator of the overdue rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateBasis {
    /// quá hạn ÷ đang thực hiện
    #[default]
    InProgress,
    /// quá hạn ÷ (hoàn thành + quá hạn)
    Due,
    /// quá hạn ÷ tổng số nhiệm vụ
    Total,
}

/// Which deadline decides timeliness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineBasis {
    /// The latest approved deadline at the as-of date (thời hạn hiện hành).
    #[default]
    Governing,
    /// The deadline first given (thời hạn ban đầu).
    Original,
}

impl Scope {
    pub fn parse(s: &str) -> DomainResult<Self> {
        match s {
            "active" => Ok(Self::Active),
            "assigned" => Ok(Self::Assigned),
            _ => Err(DomainError::invalid(
                "scope",
                format!("'{s}' không hợp lệ; dùng active hoặc assigned"),
            )),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Assigned => "assigned",
        }
    }
}

impl RateBasis {
    pub fn parse(s: &str) -> DomainResult<Self> {
        match s {
            "in_progress" => Ok(Self::InProgress),
            "due" => Ok(Self::Due),
            "total" => Ok(Self::Total),
            _ => Err(DomainError::invalid(
                "basis",
                format!("'{s}' không hợp lệ; dùng in_progress, due hoặc total"),
            )),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InProgress => "in_progress",
            Self::Due => "due",
            Self::Total => "total",
        }
    }
    /// How the rate was computed, in Vietnamese, printed beside every rate.
    pub fn describe(self) -> &'static str {
        match self {
            Self::InProgress => "số quá hạn / số đang thực hiện",
            Self::Due => "số quá hạn / (số hoàn thành + số quá hạn)",
            Self::Total => "số quá hạn / tổng số nhiệm vụ",
        }
    }
}

impl DeadlineBasis {
    pub fn parse(s: &str) -> DomainResult<Self> {
        match s {
            "governing" => Ok(Self::Governing),
            "original" => Ok(Self::Original),
            _ => Err(DomainError::invalid(
                "deadline_basis",
                format!("'{s}' không hợp lệ; dùng governing hoặc original"),
            )),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Governing => "governing",
            Self::Original => "original",
        }
    }
}

/// The four classes that partition a report's tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    /// Hoàn thành đúng hạn
    CompletedOnTime,
    /// Hoàn thành quá hạn
    CompletedLate,
    /// Đang thực hiện trong hạn
    InProgressOnTime,
    /// Đang thực hiện quá hạn
    Overdue,
}

impl Timeliness {
    pub fn label(self) -> &'static str {
        match self {
            Self::CompletedOnTime => "Hoàn thành đúng hạn",
            Self::CompletedLate => "Hoàn thành quá hạn",
            Self::InProgressOnTime => "Đang thực hiện trong hạn",
            Self::Overdue => "Đang thực hiện quá hạn",
        }
    }
    pub fn is_completed(self) -> bool {
        matches!(self, Self::CompletedOnTime | Self::CompletedLate)
    }
}

/// Everything about a task that decides how it counts at any date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskFacts {
    pub assigned_on: NaiveDate,
    /// Deadline history, oldest first; the first entry is the original deadline.
    pub deadlines: Vec<DeadlineChange>,
    /// The date the work was finished, once the office confirmed it.
    pub completed_on: Option<NaiveDate>,
    pub withdrawn_on: Option<NaiveDate>,
    /// Suspension intervals `[from, until)`; `until` is the day work resumed.
    pub suspensions: Vec<(NaiveDate, Option<NaiveDate>)>,
    /// Lead-unit history, oldest first (assignment, reassignments, merges).
    pub leads: Vec<LeadChange>,
}

/// A task's standing at an as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Standing {
    pub timeliness: Timeliness,
    pub deadline: Option<NaiveDate>,
    pub no_deadline: bool,
    pub suspended: bool,
    pub lead_unit_id: Option<UnitId>,
    /// Calendar days past the deadline at the as-of date (0 unless overdue).
    pub days_overdue: i64,
}

impl TaskFacts {
    /// The deadline that governs at `as_of` (or the original one).
    pub fn deadline_at(&self, as_of: NaiveDate, basis: DeadlineBasis) -> Option<NaiveDate> {
        match basis {
            DeadlineBasis::Original => self.deadlines.first().and_then(|c| c.deadline),
            DeadlineBasis::Governing => self
                .deadlines
                .iter()
                .rev()
                .find(|c| c.effective_on <= as_of)
                .or_else(|| self.deadlines.first())
                .and_then(|c| c.deadline),
        }
    }

    pub fn lead_at(&self, as_of: NaiveDate) -> Option<UnitId> {
        self.leads
            .iter()
            .rev()
            .find(|c| c.from_date <= as_of)
            .or_else(|| self.leads.first())
            .map(|c| c.unit_id)
    }

    pub fn suspended_at(&self, as_of: NaiveDate) -> bool {
        self.suspensions
            .iter()
            .any(|&(from, until)| from <= as_of && until.is_none_or(|u| as_of < u))
    }

    /// Whether the task belongs to a report of `window` as of `as_of`.
    pub fn in_report(&self, window: &Window, as_of: NaiveDate, scope: Scope) -> bool {
        if self.assigned_on > window.to.min(as_of) {
            return false;
        }
        if scope == Scope::Assigned && self.assigned_on < window.from {
            return false;
        }
        if self.withdrawn_on.is_some_and(|w| w <= as_of) {
            return false;
        }
        // Completed before the window started: nothing left to do in it.
        !self
            .completed_on
            .is_some_and(|c| c < window.from && c <= as_of)
    }

    /// Classifies the task at `as_of`.
    pub fn standing(&self, as_of: NaiveDate, basis: DeadlineBasis) -> Standing {
        let deadline = self.deadline_at(as_of, basis);
        let suspended = self.suspended_at(as_of);
        let completed = self.completed_on.filter(|c| *c <= as_of);
        let timeliness = match (completed, deadline) {
            (Some(_), None) => Timeliness::CompletedOnTime,
            (Some(c), Some(dl)) if c <= dl => Timeliness::CompletedOnTime,
            (Some(_), Some(_)) => Timeliness::CompletedLate,
            (None, Some(dl)) if dl < as_of && !suspended => Timeliness::Overdue,
            (None, _) => Timeliness::InProgressOnTime,
        };
        let days_overdue = match (timeliness, deadline) {
            (Timeliness::Overdue, Some(dl)) => (as_of - dl).num_days(),
            _ => 0,
        };
        Standing {
            timeliness,
            deadline,
            no_deadline: deadline.is_none(),
            suspended: suspended && completed.is_none(),
            lead_unit_id: self.lead_at(as_of),
            days_overdue,
        }
    }
}

/// The figures of a report or of one of its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    pub tasks: i64,
    pub completed: i64,
    pub completed_on_time: i64,
    pub completed_late: i64,
    /// Not completed (đang thực hiện / chưa hoàn thành).
    pub in_progress: i64,
    pub in_progress_on_time: i64,
    pub overdue: i64,
    pub no_deadline: i64,
    pub suspended: i64,
}

impl Counts {
    pub fn add_standing(&mut self, s: &Standing) {
        self.add_class(s.timeliness, s.no_deadline, s.suspended, 1);
    }

    pub fn add_class(&mut self, t: Timeliness, no_deadline: bool, suspended: bool, n: i64) {
        self.tasks += n;
        match t {
            Timeliness::CompletedOnTime => self.completed_on_time += n,
            Timeliness::CompletedLate => self.completed_late += n,
            Timeliness::InProgressOnTime => self.in_progress_on_time += n,
            Timeliness::Overdue => self.overdue += n,
        }
        if t.is_completed() {
            self.completed += n;
        } else {
            self.in_progress += n;
            if suspended {
                self.suspended += n;
            }
        }
        if no_deadline {
            self.no_deadline += n;
        }
    }

    pub fn merge(&mut self, o: &Counts) {
        self.tasks += o.tasks;
        self.completed += o.completed;
        self.completed_on_time += o.completed_on_time;
        self.completed_late += o.completed_late;
        self.in_progress += o.in_progress;
        self.in_progress_on_time += o.in_progress_on_time;
        self.overdue += o.overdue;
        self.no_deadline += o.no_deadline;
        self.suspended += o.suspended;
    }

    /// The overdue rate as a raw fraction; 0 when the denominator is 0.
    pub fn overdue_rate(&self, basis: RateBasis) -> f64 {
        let denominator = match basis {
            RateBasis::InProgress => self.in_progress,
            RateBasis::Due => self.completed + self.overdue,
            RateBasis::Total => self.tasks,
        };
        if denominator == 0 {
            0.0
        } else {
            self.overdue as f64 / denominator as f64
        }
    }

    pub fn completion_rate(&self) -> f64 {
        if self.tasks == 0 {
            0.0
        } else {
            self.completed as f64 / self.tasks as f64
        }
    }
}

#[cfg(test)]
mod tests;
