//! The report's classification over the in-memory facts: the same rules as the SQL of
//! `report.rs` and as `theodoi_core::status` (the behaviour suite checks all three agree).

use std::collections::HashMap;

use chrono::NaiveDate;
use theodoi_core::ids::GroupId;
use theodoi_core::model::UnitKind;
use theodoi_core::report::{AssignedBy, GroupRow, ReportParams};
use theodoi_core::status::{DeadlineBasis, Scope};

use crate::facts::{Compact, Day, History, NONE, Snapshot, day};
use crate::report::{Tally, timeliness};
use crate::report_slice::ReportSlice;

/// Per-unit tallies, the total, and the assignment groups' rows.
pub(crate) type TallyOut = (HashMap<i64, Tally>, Tally, Vec<GroupRow>);

/// The tallies of several reports in one pass over the tasks (the dashboard's trend: twelve
/// months read the facts once instead of twelve times).
pub(crate) fn tally_many(
    snap: &Snapshot,
    ps: &[&ReportParams],
    kinds: &HashMap<i64, UnitKind>,
) -> Vec<TallyOut> {
    let sel: Vec<Selection> = ps.iter().map(|p| Selection::new(p)).collect();
    let mut accs: Vec<Acc> = ps.iter().map(|_| Acc::default()).collect();
    let empty = History::default();
    for t in &snap.tasks {
        for (s, acc) in sel.iter().zip(accs.iter_mut()) {
            if let Some(class) = s.class(snap, t, &empty) {
                acc.add(snap, kinds, t, class);
            }
        }
    }
    accs.into_iter().map(Acc::finish).collect()
}

/// What one report adds up while the tasks go by.
#[derive(Default)]
struct Acc {
    per_unit: HashMap<i64, Tally>,
    total: Tally,
    groups: HashMap<i64, GroupRow>,
    /// Per group: how many of its units are localities and how many agencies.
    group_kinds: HashMap<i64, (i64, i64)>,
}

impl Acc {
    fn add(
        &mut self,
        snap: &Snapshot,
        kinds: &HashMap<i64, UnitKind>,
        t: &Compact,
        (cls, dl, suspended, awaiting, unit): Class,
    ) {
        let no_deadline = dl == NONE;
        for tally in [self.per_unit.entry(unit).or_default(), &mut self.total] {
            tally
                .counts
                .add_class(timeliness(cls), no_deadline, suspended, 1);
            if awaiting && cls >= 2 {
                tally.awaiting += 1;
            }
        }
        if t.group != 0 {
            let g = self.groups.entry(t.group).or_insert_with(|| GroupRow {
                group_id: GroupId(t.group),
                content: snap.groups.get(&t.group).cloned().unwrap_or_default(),
                units: 0,
                completed: 0,
                not_completed: 0,
                overdue: 0,
                deadline: None,
                unit_noun: String::new(),
            });
            g.units += 1;
            if dl != NONE {
                let d = NaiveDate::from_num_days_from_ce_opt(dl);
                g.deadline = match (g.deadline, d) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            let k = self.group_kinds.entry(t.group).or_default();
            match kinds.get(&unit) {
                Some(UnitKind::Locality) => k.0 += 1,
                Some(UnitKind::Agency) => k.1 += 1,
                _ => {}
            }
            if cls < 2 {
                g.completed += 1;
            } else {
                g.not_completed += 1;
                if cls == 3 {
                    g.overdue += 1;
                }
            }
        }
    }

    fn finish(self) -> TallyOut {
        let Acc {
            per_unit,
            total,
            groups,
            group_kinds,
        } = self;
        let mut groups: Vec<GroupRow> = groups.into_values().collect();
        for g in &mut groups {
            let (localities, agencies) =
                group_kinds.get(&g.group_id.0).copied().unwrap_or_default();
            g.unit_noun = if localities == g.units {
                "địa phương"
            } else if agencies == g.units {
                "sở, ngành"
            } else {
                "đơn vị"
            }
            .to_string();
        }
        (per_unit, total, groups)
    }
}

/// (class 0..3, governing deadline, suspended, awaiting confirmation, lead unit) at the date.
type Class = (i64, Day, bool, bool, i64);

/// Which tasks a report counts: the same selection as the SQL of `report.rs` (level, given by
/// the end of the window, not withdrawn, not completed before the window).
struct Selection {
    as_of: Day,
    from: Day,
    upto: Day,
    /// (by a unit?, id) of the assigning unit or leader.
    by: Option<(bool, i64)>,
    include_delegated: bool,
    assigned_scope: bool,
    basis: DeadlineBasis,
}

impl Selection {
    fn new(p: &ReportParams) -> Self {
        Self {
            as_of: day(p.as_of),
            from: day(p.window.from),
            upto: day(p.window.to.min(p.as_of)),
            by: match &p.assigned_by {
                Some(AssignedBy::Unit { id, .. }) => Some((true, *id)),
                Some(AssignedBy::Leader { id, .. }) => Some((false, *id)),
                None => None,
            },
            include_delegated: p.include_delegated,
            assigned_scope: p.scope == Scope::Assigned,
            basis: p.deadline_basis,
        }
    }

    /// The task's class if the report counts it.
    fn class(&self, snap: &Snapshot, t: &Compact, empty: &History) -> Option<Class> {
        let level_ok = if self.include_delegated {
            t.level != 2
        } else {
            t.level == 0
        };
        if !level_ok || t.assigned > self.upto || (self.assigned_scope && t.assigned < self.from) {
            return None;
        }
        if let Some((unit, id)) = self.by
            && ((unit && t.by_unit != id) || (!unit && t.by_user != id))
        {
            return None;
        }
        if t.withdrawn <= self.as_of || (t.completed < self.from && t.completed <= self.as_of) {
            return None;
        }
        let h = if crate::facts::needs_history(t) {
            snap.history.get(&t.id).unwrap_or(empty)
        } else {
            empty
        };
        Some(classify(t, h, self.as_of, self.basis))
    }
}

/// Calls `f` for every task the report for `p` counts, with its class.
fn each_counted(snap: &Snapshot, p: &ReportParams, mut f: impl FnMut(&Compact, Class)) {
    let sel = Selection::new(p);
    let empty = History::default();
    for t in &snap.tasks {
        if let Some(class) = sel.class(snap, t, &empty) {
            f(t, class);
        }
    }
}

/// The tasks behind one figure of the report (the dashboard's drill-down), with what the task
/// list sorts them by.
pub(crate) fn slice(snap: &Snapshot, s: &ReportSlice, delegated: bool) -> Vec<SliceRow> {
    let units: Option<std::collections::HashSet<i64>> =
        s.units.as_ref().map(|u| u.iter().map(|x| x.0).collect());
    let mut out = Vec::new();
    each_counted(snap, &s.params, |t, (cls, _, _, awaiting, unit)| {
        let level_ok = if delegated {
            t.level != 2
        } else {
            t.level == 0
        };
        if level_ok
            && s.figure.matches(cls, awaiting)
            && units.as_ref().is_none_or(|u| u.contains(&unit))
        {
            out.push(SliceRow {
                id: t.id,
                deadline: t.deadline_current,
                assigned: t.assigned,
            });
        }
    });
    out
}

/// One task of a drill-down, with what the list sorts by.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SliceRow {
    pub id: i64,
    /// `NONE` (the largest day) for no deadline, so it sorts last.
    pub deadline: Day,
    pub assigned: Day,
}

/// (class 0..3, governing deadline, suspended, awaiting confirmation, lead unit) at `as_of`.
fn classify(
    t: &Compact,
    h: &History,
    as_of: Day,
    basis: DeadlineBasis,
) -> (i64, Day, bool, bool, i64) {
    let unit = if t.lead_since <= as_of {
        t.lead
    } else {
        h.leads
            .iter()
            .rev()
            .find(|(from, _)| *from <= as_of)
            .map(|(_, u)| *u)
            .unwrap_or(t.lead)
    };
    let done = (t.completed <= as_of).then_some(t.completed);
    let dl = match basis {
        DeadlineBasis::Original => t.deadline_original,
        DeadlineBasis::Governing => {
            if t.deadline_changed == NONE || t.deadline_changed <= as_of {
                t.deadline_current
            } else {
                h.deadlines
                    .iter()
                    .rev()
                    .find(|(eff, _)| *eff <= as_of)
                    .map(|(_, d)| *d)
                    .unwrap_or(NONE)
            }
        }
    };
    let suspended =
        t.has_suspensions && h.suspensions.iter().any(|(f, u)| *f <= as_of && *u > as_of);
    let awaiting = t.has_claims && h.claims.iter().any(|(c, d)| *c <= as_of && *d > as_of);
    let cls = match done {
        Some(c) => {
            if dl == NONE || c <= dl {
                0
            } else {
                1
            }
        }
        None => {
            if dl != NONE && dl < as_of && !suspended {
                3
            } else {
                2
            }
        }
    };
    (cls, dl, suspended, awaiting, unit)
}
