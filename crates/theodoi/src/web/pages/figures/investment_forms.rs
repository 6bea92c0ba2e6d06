//! Entry forms of public investment (`/dau-tu-cong/nhap`): record a disbursement (a unit for
//! itself; the office and the planning agency for any unit), adjust a plan by a decision,
//! add a plan line or a funding source, and change the milestones. Amounts are typed as
//! people write them (`26,74 tỷ`, `500 triệu`, `26.740.000.000`). A refused form comes back
//! with what was typed and each message beside its field; nothing is saved.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use chrono::NaiveDate;
use theodoi_core::FieldError;
use theodoi_core::format::date_vi;
use theodoi_core::investment::parse_money;

use super::{Opt, Values, on_field, prefixed, unit_opts, val, values};
use crate::service::figures_settings::{MILESTONES_KEY, milestones_text};
use crate::service::investment::{AdjustmentInput, DisbursementInput, LineKey, PlanInput};
use crate::web::auth::Page;
use crate::web::form::{Errors, parse_date};
use crate::web::render::html_status;
use crate::web::{Chrome, PageResult, Web};

type Fields = Form<Vec<(String, String)>>;

#[derive(Template)]
#[template(path = "investment_forms.html")]
struct FormsPage {
    c: Chrome,
    errors: Errors,
    v: Values,
    sources: Vec<Opt>,
    entry_units: Vec<Opt>,
    all_units: Vec<Opt>,
    keeps_register: bool,
}

impl FormsPage {
    fn val(&self, k: &str) -> String {
        val(&self.v, k)
    }
}

async fn render(web: &Web, page: &Page, errors: Errors, mut v: Values) -> PageResult {
    let s = &web.s;
    let choices = s.figure_choices(&page.actor).await?;
    let today = date_vi(s.today().await?);
    for k in ["g_as_of", "a_date"] {
        v.entry(k.into()).or_insert_with(|| today.clone());
    }
    let year = s.today().await?.format("%Y").to_string();
    for k in ["g_year", "a_year", "p_year"] {
        v.entry(k.into()).or_insert_with(|| year.clone());
    }
    v.entry("m_milestones".into())
        .or_insert(milestones_text(&s.investment_milestones().await?));
    let status = errors.status();
    html_status(
        status,
        &FormsPage {
            c: page.chrome("investment"),
            errors,
            v,
            sources: choices
                .sources
                .iter()
                .map(|(x, depth)| Opt::new(&x.code, format!("{}{}", "— ".repeat(*depth), x.name)))
                .collect(),
            entry_units: unit_opts(&choices.entry_units),
            all_units: unit_opts(&choices.all_units),
            keeps_register: choices.keeps_register,
        },
    )
}

/// `?year=&unit=&source=` preselect the forms.
pub async fn form(
    State(web): State<Web>,
    page: Page,
    Query(q): Query<Vec<(String, String)>>,
) -> PageResult {
    let mut v = Values::new();
    for (k, x) in q {
        if matches!(k.as_str(), "year" | "unit" | "source") && !x.is_empty() {
            for p in ["g_", "a_", "p_"] {
                v.insert(format!("{p}{k}"), x.clone());
            }
        }
    }
    render(&web, &page, Errors::default(), v).await
}

/// Reads the fields every form shares; problems go to `e` under the form's field names.
struct Reader<'a> {
    v: &'a Values,
    e: Errors,
}

impl Reader<'_> {
    fn id(&mut self, k: &str, what: &str) -> Option<i64> {
        let s = val(self.v, k);
        match s.trim() {
            "" => None,
            t => t.parse().ok().or_else(|| {
                self.e.add(k, format!("{what} '{t}' không hợp lệ"));
                None
            }),
        }
    }
    fn required_id(&mut self, k: &str, what: &str) -> i64 {
        self.id(k, what).unwrap_or_else(|| {
            if !self.e.has(k) {
                self.e.add(k, format!("chọn {what}"));
            }
            0
        })
    }
    fn year(&mut self, k: &str) -> i32 {
        let s = val(self.v, k);
        s.trim().parse().unwrap_or_else(|_| {
            self.e.add(k, format!("năm '{}' không hợp lệ", s.trim()));
            0
        })
    }
    fn date(&mut self, k: &str) -> NaiveDate {
        match parse_date(k, &val(self.v, k)) {
            Ok(Some(d)) => d,
            Ok(None) => {
                self.e.add(k, "nhập ngày (dd/mm/yyyy)");
                NaiveDate::MIN
            }
            Err(fe) => {
                self.e.fields.push(fe);
                NaiveDate::MIN
            }
        }
    }
    fn money(&mut self, k: &str, signed: bool) -> Option<i64> {
        let s = val(self.v, k);
        let t = s.trim();
        if t.is_empty() {
            return None;
        }
        let (sign, body) = match t.strip_prefix('-') {
            Some(rest) if signed => (-1, rest),
            _ => (1, t.strip_prefix('+').filter(|_| signed).unwrap_or(t)),
        };
        match parse_money(body) {
            Ok(x) => Some(sign * x),
            Err(m) => {
                self.e.fields.push(FieldError::new(k, m));
                None
            }
        }
    }
    fn required_money(&mut self, k: &str, signed: bool) -> i64 {
        self.money(k, signed).unwrap_or_else(|| {
            if !self.e.has(k) {
                self.e.add(k, "nhập số tiền (ví dụ 26,74 tỷ)");
            }
            0
        })
    }
}

pub async fn disburse(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = values(f);
    let mut r = Reader {
        v: &v,
        e: Errors::default(),
    };
    let input = DisbursementInput {
        line: LineKey {
            year: r.year("g_year"),
            unit_id: r.required_id("g_unit", "đơn vị"),
            source: val(&v, "g_source"),
            project: val(&v, "g_project"),
        },
        as_of: r.date("g_as_of"),
        cumulative: r.required_money("g_amount", false),
        note: val(&v, "g_note"),
    };
    if !r.e.is_empty() {
        return render(&web, &page, r.e, v).await;
    }
    let back = format!(
        "/dau-tu-cong?year={}&as_of={}&unit={}",
        input.line.year, input.as_of, input.line.unit_id
    );
    match web.s.record_disbursement(&page.actor, input).await {
        Ok(_) => Ok(Redirect::to(&back).into_response()),
        Err(err) => render(&web, &page, prefixed(Errors::from_error(err)?, "g_"), v).await,
    }
}

pub async fn adjust(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = values(f);
    let mut r = Reader {
        v: &v,
        e: Errors::default(),
    };
    let input = AdjustmentInput {
        line: LineKey {
            year: r.year("a_year"),
            unit_id: r.required_id("a_unit", "đơn vị"),
            source: val(&v, "a_source"),
            project: val(&v, "a_project"),
        },
        date: r.date("a_date"),
        delta: r.required_money("a_delta", true),
        decision: val(&v, "a_decision"),
    };
    if !r.e.is_empty() {
        return render(&web, &page, r.e, v).await;
    }
    let back = format!(
        "/dau-tu-cong?year={}&unit={}",
        input.line.year, input.line.unit_id
    );
    match web.s.adjust_plan(&page.actor, input).await {
        Ok(_) => Ok(Redirect::to(&back).into_response()),
        Err(err) => render(&web, &page, prefixed(Errors::from_error(err)?, "a_"), v).await,
    }
}

pub async fn plan(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = values(f);
    let mut r = Reader {
        v: &v,
        e: Errors::default(),
    };
    let input = PlanInput {
        year: r.year("p_year"),
        unit_id: r.required_id("p_unit", "đơn vị"),
        source: val(&v, "p_source"),
        project: val(&v, "p_project"),
        investor_unit_id: r.id("p_investor", "chủ đầu tư"),
        amount: r.required_money("p_amount", false),
        pm_amount: r.money("p_pm_amount", false),
        decision: val(&v, "p_decision"),
    };
    if !r.e.is_empty() {
        return render(&web, &page, r.e, v).await;
    }
    let back = format!("/dau-tu-cong?year={}&unit={}", input.year, input.unit_id);
    match web.s.add_plan_line(&page.actor, input).await {
        Ok(_) => Ok(Redirect::to(&back).into_response()),
        Err(err) => render(&web, &page, prefixed(Errors::from_error(err)?, "p_"), v).await,
    }
}

pub async fn source(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = values(f);
    let parent = val(&v, "n_parent");
    let parent = Some(parent.trim()).filter(|p| !p.is_empty());
    match web
        .s
        .create_invest_source(&page.actor, &val(&v, "n_code"), &val(&v, "n_name"), parent)
        .await
    {
        Ok(_) => Ok(Redirect::to("/dau-tu-cong/nhap").into_response()),
        Err(err) => render(&web, &page, prefixed(Errors::from_error(err)?, "n_"), v).await,
    }
}

pub async fn milestones(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = values(f);
    match web
        .s
        .update_figures_setting(&page.actor, MILESTONES_KEY, &val(&v, "m_milestones"))
        .await
    {
        Ok(()) => Ok(Redirect::to("/dau-tu-cong").into_response()),
        Err(err) => render(&web, &page, on_field(err, "m_milestones")?, v).await,
    }
}
