//! The tasks behind one figure of the periodic report, so every number on the dashboard
//! opens the list it counts. Uses the report's own classification SQL.

use theodoi_core::ids::UnitId;
use theodoi_core::report::ReportParams;

use crate::report::classified_sql_with;
use crate::rows::iso;

/// Which figure: the report's classes (0 completed on time, 1 completed late,
/// 2 in progress on time, 3 overdue) and the suspended / awaiting-confirmation columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    All,
    Completed,
    CompletedOnTime,
    CompletedLate,
    InProgress,
    InProgressOnTime,
    Overdue,
    Awaiting,
}

impl Figure {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "all" => Self::All,
            "completed" => Self::Completed,
            "completed_on_time" => Self::CompletedOnTime,
            "completed_late" => Self::CompletedLate,
            "in_progress" => Self::InProgress,
            "in_progress_on_time" => Self::InProgressOnTime,
            "overdue" => Self::Overdue,
            "awaiting" => Self::Awaiting,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Completed => "completed",
            Self::CompletedOnTime => "completed_on_time",
            Self::CompletedLate => "completed_late",
            Self::InProgress => "in_progress",
            Self::InProgressOnTime => "in_progress_on_time",
            Self::Overdue => "overdue",
            Self::Awaiting => "awaiting",
        }
    }

    /// The same test as [`Figure::condition`], on a class computed in memory.
    pub(crate) fn matches(self, cls: i64, awaiting: bool) -> bool {
        match self {
            Self::All => true,
            Self::Completed => cls <= 1,
            Self::CompletedOnTime => cls == 0,
            Self::CompletedLate => cls == 1,
            Self::InProgress => cls >= 2,
            Self::InProgressOnTime => cls == 2,
            Self::Overdue => cls == 3,
            Self::Awaiting => cls >= 2 && awaiting,
        }
    }

    fn condition(self) -> &'static str {
        match self {
            Self::All => "1 = 1",
            Self::Completed => "cls IN (0, 1)",
            Self::CompletedOnTime => "cls = 0",
            Self::CompletedLate => "cls = 1",
            Self::InProgress => "cls IN (2, 3)",
            Self::InProgressOnTime => "cls = 2",
            Self::Overdue => "cls = 3",
            Self::Awaiting => "cls >= 2 AND awaiting = 1",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ReportSlice {
    pub params: ReportParams,
    pub figure: Figure,
    /// Units whose rows are counted (the lead unit as of the report date).
    pub units: Option<Vec<UnitId>>,
}

impl ReportSlice {
    /// A sub-select of task ids. Every value inlined is a date in ISO form or an integer id.
    pub(crate) fn sql(&self) -> String {
        let p = &self.params;
        let as_of = format!("'{}'", iso(p.as_of));
        let from = format!("'{}'", iso(p.window.from));
        let upto = format!("'{}'", iso(p.window.to.min(p.as_of)));
        let mut inner = classified_sql_with(p, ", task_id", ", t.id AS task_id");
        for (ph, v) in [("$4", &from), ("$3", &upto), ("$2", &from), ("$1", &as_of)] {
            inner = inner.replace(ph, v);
        }
        let units = match &self.units {
            Some(u) => format!(
                " AND unit_id IN ({})",
                crate::tasks_read::id_list(u.iter().map(|x| x.0))
            ),
            None => String::new(),
        };
        format!(
            "SELECT task_id FROM ({inner}) rs WHERE {}{units}",
            self.figure.condition()
        )
    }
}
