//! Task rules beyond the seed: recurring occurrences, subtree roll-up, delegation, merging units.

use theodoi::service::{AssignInput, DeadlineInput, Services};
use theodoi_core::model::Role;
use theodoi_core::report::ReportParams;
use theodoi_core::window::Window;

use crate::common::{Db, d, demo, on_postgres};

fn input(content: &str, leads: Vec<i64>, deadline: &str, on: &str) -> AssignInput {
    AssignInput {
        document_id: None,
        clause: String::new(),
        content: content.into(),
        lead_unit_ids: leads,
        coop_unit_ids: vec![],
        assigned_by_user_id: None,
        assigned_by_unit_id: None,
        assigned_on: Some(d(on)),
        deadline: DeadlineInput {
            text: Some(deadline.into()),
            date: None,
        },
        is_key: false,
        field: String::new(),
        secret: false,
        parent_task_id: None,
        recurring_until: None,
    }
}

async fn set_today(s: &Services, day: &str) {
    s.clock.set_date(d(day));
    let mut tx = s.store.begin().await.expect("tx");
    tx.set_setting("today", day).await.expect("today");
    tx.commit().await.expect("commit");
}

async fn suite(db: &Db) {
    let s = demo(&db.url).await;
    let office = s.actor_by_username("vanphong").await.expect("office");
    let admin = s.actor_by_username("admin").await.expect("admin");
    let units = s.store.units().await.expect("units");
    let unit = |code: &str| units.iter().find(|u| u.code == code).expect(code).id;
    set_today(&s, "2023-02-01").await;

    // A monthly report: one occurrence per month, each due at its month's end (moved off days off).
    let mut monthly = input(
        "Báo cáo tình hình giải ngân vốn đầu tư công",
        vec![unit("SKHDT").0],
        "định kỳ hằng tháng",
        "2023-02-01",
    );
    monthly.recurring_until = Some(d("2023-04-30"));
    let made = s.assign(&office, monthly).await.expect("recurring");
    let due: Vec<_> = made
        .iter()
        .filter(|t| t.series_id.is_some())
        .map(|t| t.deadline_current)
        .collect();
    // 30/04/2023 is a Sunday and a holiday; 01/05 holiday; 02–03/05 days in lieu → 04/05.
    assert_eq!(
        due,
        vec![
            Some(d("2023-02-28")),
            Some(d("2023-03-31")),
            Some(d("2023-05-04"))
        ]
    );
    let march = |p: ReportParams| p;
    let office_view = Services::system_actor(Role::Office);
    let only_march = s
        .report(
            &office_view,
            &march(ReportParams {
                scope: theodoi_core::status::Scope::Assigned,
                ..ReportParams::new(Window::parse("month:2023-03").expect("w"), d("2023-03-31"))
            }),
        )
        .await
        .expect("report");
    let skhdt_row = only_march
        .units
        .iter()
        .find(|u| u.unit_id == unit("SKHDT"))
        .expect("SKHDT row");
    assert!(
        skhdt_row.figures.counts.tasks >= 1,
        "the March occurrence is given in March"
    );

    // A task given straight to a ward is rolled into its city's row with --subtree only.
    let ward = unit("UBND_RG_VINHTHANHVAN");
    let city = unit("UBND_RACHGIA");
    s.assign(
        &office,
        input(
            "Rà soát hộ nghèo trên địa bàn phường",
            vec![ward.0],
            "trước ngày 28/02/2023",
            "2023-02-01",
        ),
    )
    .await
    .expect("ward task");
    let feb = ReportParams::new(Window::parse("month:2023-02").expect("w"), d("2023-02-28"));
    let flat = s.report(&office_view, &feb).await.expect("flat");
    let rolled = s
        .report(
            &office_view,
            &ReportParams {
                subtree: true,
                ..feb.clone()
            },
        )
        .await
        .expect("rolled");
    let row = |r: &theodoi_core::report::Report, id| {
        r.units
            .iter()
            .find(|u| u.unit_id == id)
            .map(|u| u.figures.counts.tasks)
            .unwrap_or(0)
    };
    assert_eq!(
        row(&rolled, city),
        row(&flat, city)
            + row(&flat, ward)
            + row(&flat, unit("UBND_RG_VINHLAC"))
            + row(&flat, unit("UBND_RG_PHITHONG"))
    );
    assert_eq!(
        rolled.totals, flat.totals,
        "rolling up rows never changes the total"
    );

    // Delegation: the sub-task is not counted twice by default.
    let sokhdt = s.actor_by_username("sokhdt").await.expect("sokhdt");
    let parent = s
        .assign(
            &office,
            input(
                "Tổng hợp báo cáo quy hoạch tỉnh",
                vec![unit("SKHDT").0],
                "trước ngày 20/02/2023",
                "2023-02-01",
            ),
        )
        .await
        .expect("parent");
    let before = s
        .report(&office_view, &feb)
        .await
        .expect("r")
        .totals
        .counts
        .tasks;
    let mut sub = input(
        "Chuẩn bị số liệu quy hoạch",
        vec![unit("SKHDT_THQH").0],
        "trước ngày 15/02/2023",
        "2023-02-01",
    );
    sub.parent_task_id = Some(parent[0].id.0);
    s.assign(&sokhdt, sub.clone()).await.expect("delegation");
    assert_eq!(
        s.report(&office_view, &feb)
            .await
            .expect("r")
            .totals
            .counts
            .tasks,
        before
    );
    let with = s
        .report(
            &office_view,
            &ReportParams {
                include_delegated: true,
                ..feb.clone()
            },
        )
        .await
        .expect("r");
    assert_eq!(with.totals.counts.tasks, before + 1);
    // A unit cannot delegate to a unit outside its own tree.
    let mut outside = sub.clone();
    outside.lead_unit_ids = vec![unit("STC").0];
    assert!(s.assign(&sokhdt, outside).await.is_err());

    // Merging units: open tasks move to the successor from the merge date; January is unchanged.
    let jan = ReportParams::new(Window::parse("month:2023-01").expect("w"), d("2023-01-31"));
    let jan_before = s.report(&office_view, &jan).await.expect("r");
    let moved = s
        .merge_unit(&admin, unit("SDL"), unit("SVHTT"), d("2023-02-01"))
        .await
        .expect("merge");
    assert!(!moved.is_empty(), "Sở Du lịch had open tasks");
    let jan_after = s.report(&office_view, &jan).await.expect("r");
    assert_eq!(
        jan_after.units, jan_before.units,
        "past reports keep the merged unit's row"
    );
    let feb_after = s.report(&office_view, &feb).await.expect("r");
    assert!(
        feb_after
            .units
            .iter()
            .all(|u| u.unit_id != unit("SDL")
                || u.figures.counts.tasks == u.figures.counts.completed)
    );
    assert!(
        s.merge_unit(&admin, unit("SDL"), unit("SVHTT"), d("2023-02-02"))
            .await
            .is_err(),
        "merged twice"
    );
    assert!(
        s.merge_unit(&office, unit("STC"), unit("SKHDT"), d("2023-02-02"))
            .await
            .is_err(),
        "only the admin merges units"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rules_on_sqlite() {
    suite(&Db::sqlite("rules").await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rules_on_postgres() {
    if let Some(db) = on_postgres("rules").await {
        suite(&db).await;
        db.drop().await;
    }
}
