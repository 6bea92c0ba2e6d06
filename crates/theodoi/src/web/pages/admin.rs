//! Administration pages: the unit tree (with merge), user accounts (create, reset
//! password), the holiday calendar and the settings. Everyone may read the unit tree, the
//! calendar and the settings; changes are for the admin (the services check).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use theodoi_core::DomainError;
use theodoi_core::format::date_vi;
use theodoi_core::ids::{UnitId, UserId};
use theodoi_core::model::{Role, Unit};

use crate::service::keys;
use crate::web::auth::Page;
use crate::web::form::{Errors, parse_date};
use crate::web::render::html_status;
use crate::web::{Chrome, PageResult, Web};

type Fields = Form<Vec<(String, String)>>;

fn map(f: Vec<(String, String)>) -> HashMap<String, String> {
    f.into_iter().collect()
}

fn get(v: &HashMap<String, String>, k: &str) -> String {
    v.get(k).cloned().unwrap_or_default()
}

pub struct UnitLine {
    pub id: i64,
    pub depth: usize,
    pub name: String,
    pub code: String,
    pub kind: String,
    pub aliases: String,
    pub ended: String,
    /// The contact person who receives the unit's reminders (issue 7).
    pub contact: String,
}

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    c: Chrome,
    units: Vec<UnitLine>,
    errors: Errors,
    v: HashMap<String, String>,
    /// (user id, "Name — unit") of the accounts that belong to a unit.
    people: Vec<(i64, String)>,
    can_set_contact: bool,
    /// (code, label) of the unit kinds, for the form that adds a unit.
    kinds: Vec<(&'static str, &'static str)>,
}

impl UnitsPage {
    fn val(&self, k: &str) -> String {
        get(&self.v, k)
    }
}

/// Depth-first, children in the order they were registered (the official list order).
fn tree(units: &[Unit]) -> Vec<UnitLine> {
    fn walk(units: &[Unit], parent: Option<UnitId>, depth: usize, out: &mut Vec<UnitLine>) {
        for u in units.iter().filter(|u| u.parent_id == parent) {
            out.push(UnitLine {
                id: u.id.0,
                depth,
                name: u.name.clone(),
                code: u.code.clone(),
                kind: u.kind.label().into(),
                aliases: u.aliases.join(", "),
                ended: u.valid_to.map(date_vi).unwrap_or_default(),
                contact: String::new(),
            });
            if depth < 8 {
                walk(units, Some(u.id), depth + 1, out);
            }
        }
    }
    let mut sorted = units.to_vec();
    sorted.sort_by_key(|u| u.id);
    let mut out = Vec::new();
    walk(&sorted, None, 0, &mut out);
    out
}

pub(crate) async fn units_page(
    web: &Web,
    page: &Page,
    errors: Errors,
    v: HashMap<String, String>,
) -> PageResult {
    let units = web.s.store.units().await?;
    let users = web.s.store.users().await?;
    let mut lines = tree(&units);
    let contacts = web.s.store.unit_contacts().await?;
    let full_name: HashMap<UserId, String> =
        users.iter().map(|u| (u.id, u.full_name.clone())).collect();
    for l in &mut lines {
        if let Some(c) = contacts.get(&UnitId(l.id)) {
            l.contact = full_name.get(c).cloned().unwrap_or_default();
        }
    }
    let unit_name: HashMap<UnitId, String> = units.iter().map(|u| (u.id, u.name.clone())).collect();
    let mut people: Vec<(i64, String)> = users
        .iter()
        .filter(|u| u.active)
        .filter_map(|u| {
            let unit = unit_name.get(&u.unit_id?)?;
            Some((u.id.0, format!("{} — {unit}", u.full_name)))
        })
        .collect();
    people.sort_by_key(|p| theodoi_core::text::fold(&p.1));
    let status = errors.status();
    html_status(
        status,
        &UnitsPage {
            c: page.chrome("units"),
            units: lines,
            errors,
            v,
            people,
            can_set_contact: matches!(page.actor.role(), Role::Office | Role::Admin),
            kinds: theodoi_core::model::UnitKind::ALL
                .iter()
                .map(|k| (k.as_str(), k.label()))
                .collect(),
        },
    )
}

pub async fn units(State(web): State<Web>, page: Page) -> PageResult {
    units_page(&web, &page, Errors::default(), HashMap::new()).await
}

pub async fn merge(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = map(f);
    let mut e = Errors::default();
    let unit = get(&v, "unit").trim().parse::<i64>().ok();
    let successor = get(&v, "successor").trim().parse::<i64>().ok();
    if unit.is_none() {
        e.add("unit", "chọn đơn vị bị sáp nhập");
    }
    if successor.is_none() {
        e.add("successor", "chọn đơn vị tiếp nhận");
    }
    let on = match parse_date("on", &get(&v, "on")) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            e.add("on", "nhập ngày sáp nhập (ngày/tháng/năm)");
            None
        }
        Err(err) => {
            e.fields.push(err);
            None
        }
    };
    let result = match (e.is_empty(), unit, successor, on) {
        (true, Some(u), Some(s), Some(on)) => web
            .s
            .merge_unit(&page.actor, UnitId(u), UnitId(s), on)
            .await
            .map(|_| ()),
        _ => Err(DomainError::Invalid(e.fields.clone())),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/don-vi").into_response()),
        Err(err) => units_page(&web, &page, Errors::from_error(err)?, v).await,
    }
}

/// Adds a unit (admin): code, name, short name, kind, parent, aliases separated by ";".
pub async fn create_unit(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = map(f);
    let mut e = Errors::default();
    let parent = match get(&v, "parent_id").trim() {
        "" => None,
        p => match p.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                e.add("parent_id", format!("đơn vị cấp trên '{p}' không hợp lệ"));
                None
            }
        },
    };
    let input = crate::service::UnitInput {
        code: get(&v, "code"),
        name: get(&v, "name"),
        short_name: get(&v, "short_name"),
        kind: get(&v, "kind"),
        parent_id: parent,
        aliases: get(&v, "aliases")
            .split(';')
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect(),
        valid_from: None,
    };
    let result = if e.is_empty() {
        web.s.create_unit(&page.actor, input).await.map(|_| ())
    } else {
        Err(DomainError::Invalid(e.fields.clone()))
    };
    match result {
        Ok(()) => Ok(Redirect::to("/don-vi").into_response()),
        Err(err) => units_page(&web, &page, Errors::from_error(err)?, v).await,
    }
}

pub struct UserLine {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub role: String,
    pub unit: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    c: Chrome,
    users: Vec<UserLine>,
    roles: Vec<(String, String)>,
    units: Vec<(i64, String)>,
    errors: Errors,
    v: HashMap<String, String>,
    done: String,
}

impl UsersPage {
    fn val(&self, k: &str) -> String {
        get(&self.v, k)
    }
}

async fn users_page(
    web: &Web,
    page: &Page,
    errors: Errors,
    v: HashMap<String, String>,
    done: String,
) -> PageResult {
    page.actor.require_admin("quản lý tài khoản")?;
    let units = web.s.store.units().await?;
    let names: HashMap<UnitId, String> = units.iter().map(|u| (u.id, u.name.clone())).collect();
    let mut unit_opts: Vec<(i64, String)> = units
        .iter()
        .filter(|u| u.valid_to.is_none())
        .map(|u| (u.id.0, u.name.clone()))
        .collect();
    unit_opts.sort_by_key(|u| theodoi_core::text::fold(&u.1));
    let users = web
        .s
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| UserLine {
            id: u.id.0,
            username: u.username,
            full_name: u.full_name,
            role: u.role.label().into(),
            unit: u
                .unit_id
                .and_then(|x| names.get(&x).cloned())
                .unwrap_or_default(),
            active: u.active,
        })
        .collect();
    let status = errors.status();
    html_status(
        status,
        &UsersPage {
            c: page.chrome("users"),
            users,
            roles: Role::ALL
                .iter()
                .map(|r| (r.as_str().to_string(), r.label().to_string()))
                .collect(),
            units: unit_opts,
            errors,
            v,
            done,
        },
    )
}

pub async fn users(State(web): State<Web>, page: Page) -> PageResult {
    users_page(
        &web,
        &page,
        Errors::default(),
        HashMap::new(),
        String::new(),
    )
    .await
}

pub async fn create_user(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = map(f);
    let unit = get(&v, "unit").trim().parse::<i64>().ok().map(UnitId);
    match web
        .s
        .create_user(
            &page.actor,
            &get(&v, "username"),
            &get(&v, "full_name"),
            &get(&v, "password"),
            &get(&v, "role"),
            unit,
            &get(&v, "title"),
        )
        .await
    {
        Ok(u) => {
            users_page(
                &web,
                &page,
                Errors::default(),
                HashMap::new(),
                format!("Đã tạo tài khoản {}.", u.username),
            )
            .await
        }
        Err(e) => {
            let mut v = v;
            v.remove("password");
            users_page(&web, &page, Errors::from_error(e)?, v, String::new()).await
        }
    }
}

pub async fn reset_password(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = map(f);
    let user = get(&v, "user")
        .trim()
        .parse::<i64>()
        .map_err(|_| DomainError::invalid("user", "chọn tài khoản"));
    let result = match user {
        Ok(u) => web
            .s
            .set_password(&page.actor, UserId(u), &get(&v, "new_password"))
            .await
            .map(|_| u),
        Err(e) => Err(e),
    };
    match result {
        Ok(u) => {
            // A reset ends the person's sessions.
            let mut tx = web.s.store.begin().await?;
            tx.delete_user_sessions(UserId(u), None).await?;
            tx.commit().await?;
            users_page(
                &web,
                &page,
                Errors::default(),
                HashMap::new(),
                format!("Đã đặt lại mật khẩu tài khoản #{u}."),
            )
            .await
        }
        Err(e) => {
            users_page(
                &web,
                &page,
                Errors::from_error(e)?,
                HashMap::new(),
                String::new(),
            )
            .await
        }
    }
}

pub struct DayLine {
    pub date: String,
    pub iso: String,
    pub kind: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    c: Chrome,
    days: Vec<DayLine>,
    kinds: Vec<(String, String)>,
    errors: Errors,
    v: HashMap<String, String>,
}

impl CalendarPage {
    fn val(&self, k: &str) -> String {
        get(&self.v, k)
    }
}

async fn calendar_page(
    web: &Web,
    page: &Page,
    errors: Errors,
    v: HashMap<String, String>,
) -> PageResult {
    let days = web
        .s
        .store
        .calendar_days()
        .await?
        .into_iter()
        .rev()
        .map(|d| DayLine {
            date: date_vi(d.date),
            iso: d.date.to_string(),
            kind: d.kind.label_vi().into(),
            name: d.name,
        })
        .collect();
    let status = errors.status();
    html_status(
        status,
        &CalendarPage {
            c: page.chrome("calendar"),
            days,
            kinds: theodoi_core::calendar::DayKind::ALL
                .iter()
                .map(|k| (k.as_str().to_string(), k.label_vi().to_string()))
                .collect(),
            errors,
            v,
        },
    )
}

pub async fn calendar(State(web): State<Web>, page: Page) -> PageResult {
    calendar_page(&web, &page, Errors::default(), HashMap::new()).await
}

pub async fn calendar_set(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = map(f);
    let result = match parse_date("date", &get(&v, "date")) {
        Ok(Some(d)) => {
            web.s
                .set_calendar_day(
                    &page.actor,
                    d,
                    &get(&v, "kind"),
                    &get(&v, "name"),
                    &get(&v, "note"),
                )
                .await
        }
        Ok(None) => Err(DomainError::invalid("date", "nhập ngày (ngày/tháng/năm)")),
        Err(e) => Err(DomainError::Invalid(vec![e])),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/lich-nghi").into_response()),
        Err(e) => calendar_page(&web, &page, Errors::from_error(e)?, v).await,
    }
}

pub async fn calendar_remove(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = map(f);
    let result = match parse_date("date", &get(&v, "date")) {
        Ok(Some(d)) => web.s.remove_calendar_day(&page.actor, d).await,
        _ => Err(DomainError::invalid("date", "ngày không hợp lệ")),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/lich-nghi").into_response()),
        Err(e) => calendar_page(&web, &page, Errors::from_error(e)?, HashMap::new()).await,
    }
}

pub struct SettingLine {
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
    pub help: &'static str,
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    c: Chrome,
    settings: Vec<SettingLine>,
    errors: Errors,
}

async fn settings_page(web: &Web, page: &Page, errors: Errors) -> PageResult {
    let s = &web.s;
    let get = |k: &'static str| async move { s.store.setting(k).await };
    let settings = vec![
        SettingLine {
            key: keys::DUE_SOON_DAYS,
            label: "Số ngày 'sắp đến hạn'",
            value: get(keys::DUE_SOON_DAYS)
                .await?
                .unwrap_or_else(|| "3".into()),
            help: "0 – 60",
        },
        SettingLine {
            key: keys::MOVE_OFF_DAYS,
            label: "Thời hạn rơi vào ngày nghỉ thì chuyển sang ngày làm việc kế tiếp",
            value: get(keys::MOVE_OFF_DAYS)
                .await?
                .unwrap_or_else(|| "on".into()),
            help: "on / off",
        },
        SettingLine {
            key: keys::TODAY,
            label: "Ngày làm việc cố định (chỉ dùng cho bản mẫu; để trống = ngày thật)",
            value: get(keys::TODAY).await?.unwrap_or_default(),
            help: "YYYY-MM-DD",
        },
    ];
    let status = errors.status();
    html_status(
        status,
        &SettingsPage {
            c: page.chrome("settings"),
            settings,
            errors,
        },
    )
}

pub async fn settings(State(web): State<Web>, page: Page) -> PageResult {
    settings_page(&web, &page, Errors::default()).await
}

pub async fn settings_save(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = map(f);
    let key = get(&v, "key");
    match web
        .s
        .update_setting(&page.actor, &key, &get(&v, "value"))
        .await
    {
        Ok(()) => Ok(Redirect::to("/cai-dat").into_response()),
        Err(e) => settings_page(&web, &page, Errors::from_error(e)?).await,
    }
}
