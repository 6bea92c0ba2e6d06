use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

use super::*;

fn d(s: &str) -> NaiveDate {
    crate::window::parse_iso(s).expect("date")
}

fn facts(assigned: &str, deadline: Option<&str>) -> TaskFacts {
    TaskFacts {
        assigned_on: d(assigned),
        deadlines: vec![DeadlineChange {
            effective_on: d(assigned),
            deadline: deadline.map(d),
            reason: String::new(),
        }],
        completed_on: None,
        withdrawn_on: None,
        suspensions: vec![],
        leads: vec![LeadChange {
            from_date: d(assigned),
            unit_id: UnitId(1),
            reason: String::new(),
        }],
    }
}

#[test]
fn deadline_is_the_last_permitted_day() {
    let f = facts("2023-01-05", Some("2023-01-31"));
    assert_eq!(
        f.standing(d("2023-01-31"), DeadlineBasis::Governing)
            .timeliness,
        Timeliness::InProgressOnTime
    );
    let s = f.standing(d("2023-02-01"), DeadlineBasis::Governing);
    assert_eq!(s.timeliness, Timeliness::Overdue);
    assert_eq!(s.days_overdue, 1);
}

#[test]
fn completion_confirmed_later_counts_at_the_finish_date() {
    let mut f = facts("2023-01-05", Some("2023-01-31"));
    f.completed_on = Some(d("2023-01-30"));
    assert_eq!(
        f.standing(d("2023-01-31"), DeadlineBasis::Governing)
            .timeliness,
        Timeliness::CompletedOnTime
    );
    assert_eq!(
        f.standing(d("2023-01-29"), DeadlineBasis::Governing)
            .timeliness,
        Timeliness::InProgressOnTime
    );
}

#[test]
fn suspended_task_is_never_overdue_while_suspended() {
    let mut f = facts("2023-01-05", Some("2023-01-10"));
    f.suspensions = vec![(d("2023-01-08"), Some(d("2023-02-01")))];
    let s = f.standing(d("2023-01-20"), DeadlineBasis::Governing);
    assert_eq!(s.timeliness, Timeliness::InProgressOnTime);
    assert!(s.suspended);
    assert_eq!(
        f.standing(d("2023-02-01"), DeadlineBasis::Governing)
            .timeliness,
        Timeliness::Overdue
    );
}

#[test]
fn withdrawn_before_the_as_of_date_leaves_the_report() {
    let mut f = facts("2023-01-05", Some("2023-01-10"));
    f.withdrawn_on = Some(d("2023-02-10"));
    let w = Window::parse("month:2023-01").expect("w");
    assert!(f.in_report(&w, d("2023-01-31"), Scope::Active));
    assert!(!f.in_report(&w, d("2023-02-10"), Scope::Active));
}

#[test]
fn reassignment_moves_the_task_from_the_reassignment_date() {
    let mut f = facts("2023-01-05", Some("2023-01-31"));
    f.leads.push(LeadChange {
        from_date: d("2023-02-03"),
        unit_id: UnitId(2),
        reason: "giao lại".into(),
    });
    assert_eq!(
        f.standing(d("2023-01-31"), DeadlineBasis::Governing)
            .lead_unit_id,
        Some(UnitId(1))
    );
    assert_eq!(
        f.standing(d("2023-02-03"), DeadlineBasis::Governing)
            .lead_unit_id,
        Some(UnitId(2))
    );
}

#[test]
fn rates_follow_the_seed_figures() {
    let c = Counts {
        tasks: 411,
        completed: 138,
        in_progress: 273,
        overdue: 68,
        ..Counts::default()
    };
    assert!((c.overdue_rate(RateBasis::InProgress) - 0.249084).abs() < 0.0005);
    let gov = Counts {
        completed: 16_051,
        overdue: 223,
        ..Counts::default()
    };
    assert!((gov.overdue_rate(RateBasis::Due) - 0.0137).abs() < 0.0001);
}

fn arb_facts() -> impl Strategy<Value = TaskFacts> {
    let base = d("2022-11-01");
    (
        0i64..150,
        proptest::option::of(0i64..200),
        proptest::option::of(0i64..200),
        proptest::option::of(0i64..200),
        proptest::collection::vec((0i64..200, proptest::option::of(0i64..200)), 0..3),
        proptest::option::of((0i64..60, proptest::option::of(0i64..40))),
        proptest::option::of(0i64..200),
    )
        .prop_map(
            move |(assigned, deadline, completed, withdrawn, exts, susp, reassign)| {
                let assigned_on = base + Duration::days(assigned);
                let mut deadlines = vec![DeadlineChange {
                    effective_on: assigned_on,
                    deadline: deadline.map(|x| assigned_on + Duration::days(x)),
                    reason: String::new(),
                }];
                let mut effective = assigned_on;
                for (after, new) in exts {
                    effective += Duration::days(after % 30 + 1);
                    deadlines.push(DeadlineChange {
                        effective_on: effective,
                        deadline: new.map(|x| assigned_on + Duration::days(x)),
                        reason: "gia hạn".into(),
                    });
                }
                let mut leads = vec![LeadChange {
                    from_date: assigned_on,
                    unit_id: UnitId(1),
                    reason: String::new(),
                }];
                if let Some(r) = reassign {
                    leads.push(LeadChange {
                        from_date: assigned_on + Duration::days(r),
                        unit_id: UnitId(2),
                        reason: String::new(),
                    });
                }
                TaskFacts {
                    assigned_on,
                    deadlines,
                    completed_on: completed.map(|x| assigned_on + Duration::days(x)),
                    withdrawn_on: withdrawn.map(|x| assigned_on + Duration::days(x)),
                    suspensions: susp
                        .map(|(from, len)| {
                            let f = assigned_on + Duration::days(from);
                            vec![(f, len.map(|l| f + Duration::days(l + 1)))]
                        })
                        .unwrap_or_default(),
                    leads,
                }
            },
        )
}

fn report(tasks: &[TaskFacts], w: &Window, as_of: NaiveDate) -> Counts {
    let mut c = Counts::default();
    for t in tasks
        .iter()
        .filter(|t| t.in_report(w, as_of, Scope::Active))
    {
        c.add_standing(&t.standing(as_of, DeadlineBasis::Governing));
    }
    c
}

/// Keeps only what was dated on or before `as_of`: what the world knew then.
fn known_at(f: &TaskFacts, as_of: NaiveDate) -> TaskFacts {
    let mut k = f.clone();
    k.deadlines
        .retain(|c| c.effective_on <= as_of || c.effective_on == f.assigned_on);
    k.completed_on = f.completed_on.filter(|c| *c <= as_of);
    k.withdrawn_on = f.withdrawn_on.filter(|c| *c <= as_of);
    k.suspensions = f
        .suspensions
        .iter()
        .filter(|(from, _)| *from <= as_of)
        .map(|&(from, until)| (from, until.filter(|u| *u <= as_of)))
        .collect();
    k.leads
        .retain(|c| c.from_date <= as_of || c.from_date == f.assigned_on);
    k
}

proptest! {
    #[test]
    fn the_four_classes_partition_the_window(tasks in proptest::collection::vec(arb_facts(), 0..40), as_of in 0i64..220, start in 0i64..150) {
        let from = d("2022-11-01") + Duration::days(start);
        let w = Window::new(from, from + Duration::days(30)).expect("w");
        let as_of = d("2022-11-01") + Duration::days(as_of);
        let c = report(&tasks, &w, as_of);
        prop_assert_eq!(c.tasks, c.completed_on_time + c.completed_late + c.in_progress_on_time + c.overdue);
        prop_assert_eq!(c.tasks, c.completed + c.in_progress);
        let included = tasks.iter().filter(|t| t.in_report(&w, as_of, Scope::Active)).count() as i64;
        prop_assert_eq!(c.tasks, included);
        prop_assert!(c.no_deadline <= c.completed_on_time + c.in_progress_on_time);
    }

    #[test]
    fn facts_dated_after_the_as_of_date_never_change_the_report(tasks in proptest::collection::vec(arb_facts(), 0..40), as_of in 0i64..220) {
        let w = Window::parse("month:2023-01").expect("w");
        let as_of = d("2022-11-01") + Duration::days(as_of);
        let then: Vec<TaskFacts> = tasks.iter().map(|t| known_at(t, as_of)).collect();
        prop_assert_eq!(report(&tasks, &w, as_of), report(&then, &w, as_of));
    }

    #[test]
    fn an_extension_changes_the_governing_deadline_not_the_original(f in arb_facts(), delta in 1i64..60, after in 0i64..30) {
        let original = f.deadline_at(f.assigned_on, DeadlineBasis::Original);
        let mut g = f.clone();
        let effective = g.deadlines.last().map(|c| c.effective_on).unwrap_or(g.assigned_on) + Duration::days(after + 1);
        let new = g.assigned_on + Duration::days(delta + 200);
        g.deadlines.push(DeadlineChange { effective_on: effective, deadline: Some(new), reason: "gia hạn".into() });
        prop_assert_eq!(g.deadline_at(effective, DeadlineBasis::Governing), Some(new));
        prop_assert_eq!(g.deadline_at(effective, DeadlineBasis::Original), original);
        prop_assert_eq!(g.deadline_at(effective - Duration::days(1), DeadlineBasis::Governing), f.deadline_at(effective - Duration::days(1), DeadlineBasis::Governing));
    }
}
