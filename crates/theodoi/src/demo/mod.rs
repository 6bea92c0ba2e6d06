//! The demo province: Kiên Giang in January–March 2023 (seeds/000 and 002), loaded through
//! the same service functions users call, day by day, so that every report is computed from
//! history. The January 2023 report reproduces the seed: 411 tasks, 138 completed, 273 in
//! progress, 68 overdue (24,9%), and 9 of the 15 localities that have not submitted their
//! 2023 plan.

mod catalogue;
mod figures;
pub(crate) mod plan;

use std::collections::HashMap;

use anyhow::{Context, anyhow, bail};
use chrono::NaiveDate;
use theodoi_core::access::Actor;
use theodoi_core::ids::{DocumentId, UnitId, UserId};
use theodoi_core::model::Role;
use theodoi_core::report::ReportParams;
use theodoi_core::window::Window;
use theodoi_store::NewUser;

use crate::service::{DocumentInput, Services, UnitInput, keys};

/// The demo's own "today": the end of January 2023.
pub const DEMO_TODAY: &str = "2023-01-31";

pub(crate) fn d(s: &str) -> NaiveDate {
    theodoi_core::window::parse_iso(s).unwrap_or_default()
}

/// What the loader created.
#[derive(Debug, Default)]
pub struct DemoSummary {
    pub units: usize,
    pub users: usize,
    pub documents: usize,
    pub tasks: usize,
}

pub(crate) struct World {
    pub units: HashMap<String, UnitId>,
    pub leaders: HashMap<String, UserId>,
    pub actors: HashMap<String, Actor>,
    pub documents: HashMap<String, (DocumentId, NaiveDate)>,
}

/// Loads the demo into an empty database. Refuses a database that already has units.
pub async fn load(s: &Services) -> anyhow::Result<DemoSummary> {
    if !s.store.units().await?.is_empty() {
        bail!("cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống");
    }
    let cat = catalogue::load().context("đọc danh mục dữ liệu mẫu")?;
    s.clock.set_date(d("2022-12-01"));
    s.seed_calendar_if_empty().await?;
    let admin = Services::system_actor(Role::Admin);

    let mut units = HashMap::new();
    for u in &cat.units {
        let parent_id = match &u.parent {
            Some(p) => Some(
                units
                    .get(p)
                    .copied()
                    .ok_or_else(|| anyhow!("đơn vị cấp trên {p} chưa có"))?,
            ),
            None => None,
        };
        let unit = s
            .create_unit(
                &admin,
                UnitInput {
                    code: u.code.clone(),
                    name: u.name.clone(),
                    short_name: u.short_name.clone(),
                    kind: u.kind.clone(),
                    parent_id: parent_id.map(|p: UnitId| p.0),
                    aliases: u.aliases.clone(),
                    valid_from: None,
                },
            )
            .await
            .with_context(|| format!("đơn vị {}", u.code))?;
        units.insert(u.code.clone(), unit.id);
    }

    // Every demo account has the password "demo"; hashing it once keeps loading fast.
    let hash = crate::password::hash_blocking("demo".into()).await?;
    let mut accounts: Vec<NewUser> = vec![NewUser {
        username: "admin".into(),
        full_name: "Quản trị hệ thống".into(),
        password_hash: hash.clone(),
        role: Role::Admin,
        unit_id: None,
        title: "Quản trị".into(),
    }];
    for l in &cat.leaders {
        accounts.push(NewUser {
            username: l.username.clone(),
            full_name: l.full_name.clone(),
            password_hash: hash.clone(),
            role: Role::Leader,
            unit_id: units.get(&l.unit).copied(),
            title: l.title.clone(),
        });
    }
    let unit = |code: &str| units.get(code).copied();
    accounts.push(NewUser {
        username: "vanphong".into(),
        full_name: "Trần Thị Ngọc Hân".into(),
        password_hash: hash.clone(),
        role: Role::Office,
        unit_id: unit("VP_UBND"),
        title: "Chuyên viên Văn phòng UBND tỉnh".into(),
    });
    accounts.push(NewUser {
        username: "to770".into(),
        full_name: "Nguyễn Văn Tâm".into(),
        password_hash: hash.clone(),
        role: Role::Inspector,
        unit_id: unit("TO770"),
        title: "Thành viên Tổ 770".into(),
    });
    accounts.push(NewUser {
        username: "sokhdt".into(),
        full_name: "Huỳnh Xuân Vũ".into(),
        password_hash: hash.clone(),
        role: Role::UnitManager,
        unit_id: unit("SKHDT"),
        title: "Phó Giám đốc Sở Kế hoạch và Đầu tư".into(),
    });
    // A manager for every other unit that leads tasks, so units report their own work.
    for u in &cat.units {
        if u.code == "SKHDT" || u.code == "UBND_TINH" {
            continue;
        }
        accounts.push(NewUser {
            username: format!("ld_{}", u.code.to_lowercase()),
            full_name: format!("Lãnh đạo {}", u.short_name),
            password_hash: hash.clone(),
            role: Role::UnitManager,
            unit_id: unit(&u.code),
            title: format!("Lãnh đạo {}", u.short_name),
        });
    }
    let at = s.clock.now();
    let mut tx = s.store.begin().await?;
    for a in &accounts {
        let id = tx.insert_user(a, at).await?;
        tx.audit(
            at,
            None,
            "user",
            id.0,
            "create",
            None::<&()>,
            Some(&serde_json::json!({"username": a.username, "role": a.role})),
        )
        .await?;
    }
    tx.commit().await?;
    let mut actors = HashMap::new();
    let mut leaders = HashMap::new();
    for a in &accounts {
        let actor = s.actor_by_username(&a.username).await?;
        if a.role == Role::Leader {
            leaders.insert(a.username.clone(), actor.user.id);
        }
        actors.insert(a.username.clone(), actor);
    }
    let mut world = World {
        units,
        leaders,
        actors,
        documents: HashMap::new(),
    };

    // Documents of the catalogue, registered by the office on their own dates.
    let office = world
        .actors
        .get("vanphong")
        .cloned()
        .ok_or_else(|| anyhow!("thiếu tài khoản vanphong"))?;
    let mut docs: Vec<&catalogue::CDocument> = cat.documents.iter().collect();
    docs.sort_by(|a, b| a.date.cmp(&b.date));
    for doc in docs {
        s.clock.set_date(d(&doc.date));
        let created = s
            .register_document(
                &office,
                DocumentInput {
                    number: doc.number.clone(),
                    date: doc.date.clone(),
                    kind: doc.kind.clone(),
                    issuer_unit_id: doc
                        .issuer
                        .as_deref()
                        .and_then(|c| world.units.get(c))
                        .map(|u| u.0),
                    issuer_text: doc.issuer_text.clone().unwrap_or_else(|| {
                        doc.issuer
                            .as_deref()
                            .and_then(|c| cat.units.iter().find(|u| u.code == c))
                            .map(|u| u.name.clone())
                            .unwrap_or_default()
                    }),
                    signer: doc.signer.clone(),
                    summary: doc.summary.clone(),
                    secrecy: None,
                    urgency: None,
                    parent_id: doc
                        .parent
                        .as_deref()
                        .and_then(|k| world.documents.get(k))
                        .map(|(id, _)| id.0),
                },
            )
            .await
            .with_context(|| format!("văn bản {}", doc.number))?;
        world
            .documents
            .insert(doc.key.clone(), (created.id, created.date));
    }

    let calendar = s.calendar().await?;
    let events = plan::plan(&cat, &world, &calendar)?;
    let task_count = plan::run(s, &mut world, &cat, events).await?;
    figures::load(s, &world)
        .await
        .context("chỉ tiêu và giải ngân mẫu")?;

    let mut tx = s.store.begin().await?;
    tx.set_setting(keys::TODAY, DEMO_TODAY).await?;
    tx.audit(
        s.clock.now(),
        None,
        "setting",
        0,
        "set",
        None::<&()>,
        Some(&serde_json::json!({"today": DEMO_TODAY})),
    )
    .await?;
    tx.commit().await?;

    // The loader promises the seed's figures: check them, so a broken demo never ships.
    let jan = ReportParams::new(Window::parse("month:2023-01")?, d("2023-01-31"));
    let r = s.store.report(&jan, &s.store.units().await?).await?;
    let c = &r.totals.counts;
    if (c.tasks, c.completed, c.in_progress, c.overdue) != (411, 138, 273, 68) {
        bail!(
            "dữ liệu mẫu sai: tháng 01/2023 có {} nhiệm vụ, {} hoàn thành, {} đang thực hiện, {} quá hạn",
            c.tasks,
            c.completed,
            c.in_progress,
            c.overdue
        );
    }
    Ok(DemoSummary {
        units: world.units.len(),
        users: accounts.len(),
        documents: world.documents.len(),
        tasks: task_count,
    })
}
