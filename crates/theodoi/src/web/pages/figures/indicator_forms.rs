//! Entry forms of the indicators (`/chi-tieu/nhap`): register an indicator, set a target,
//! enter a value, change the tolerance. A refused form comes back with the typed values and
//! each message beside its field (422); a refused permission is a 403 page. Who may do what
//! is decided by the services (a unit enters its own values; the office and the planning
//! agency everything).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use theodoi_core::format::{date_vi, decimal_vi};
use theodoi_core::indicator::{Aggregation, Direction, Quality};

use super::{Opt, Values, on_field, parse_number, prefixed, unit_opts, val, values};
use crate::service::indicators::{IndicatorInput, TOLERANCE_KEY, TargetInput, ValueInput};
use crate::web::auth::Page;
use crate::web::form::{Errors, parse_date};
use crate::web::render::html_status;
use crate::web::{Chrome, PageResult, Web};

type Fields = Form<Vec<(String, String)>>;

#[derive(Template)]
#[template(path = "indicator_forms.html")]
struct FormsPage {
    c: Chrome,
    errors: Errors,
    v: Values,
    indicators: Vec<Opt>,
    entry_units: Vec<Opt>,
    all_units: Vec<Opt>,
    directions: Vec<Opt>,
    aggregations: Vec<Opt>,
    qualities: Vec<Opt>,
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
    let settings = s.figures_settings().await?;
    let today = s.today().await?;
    v.entry("v_reported_on".into())
        .or_insert_with(|| date_vi(today));
    v.entry("s_tolerance".into())
        .or_insert_with(|| decimal_vi(settings.tolerance * 100.0, 2));
    let status = errors.status();
    let opts = |all: &[(&str, &str)]| all.iter().map(|(c, l)| Opt::new(c, *l)).collect();
    html_status(
        status,
        &FormsPage {
            c: page.chrome("indicators"),
            errors,
            v,
            indicators: choices
                .indicators
                .iter()
                .map(|i| Opt::new(&i.code, format!("{} — {}", i.code, i.name)))
                .collect(),
            entry_units: unit_opts(&choices.entry_units),
            all_units: unit_opts(&choices.all_units),
            directions: opts(
                &Direction::ALL
                    .iter()
                    .map(|d| (d.as_str(), d.label()))
                    .collect::<Vec<_>>(),
            ),
            aggregations: opts(
                &Aggregation::ALL
                    .iter()
                    .map(|d| (d.as_str(), d.label()))
                    .collect::<Vec<_>>(),
            ),
            qualities: opts(
                &Quality::ALL
                    .iter()
                    .map(|d| (d.as_str(), d.label()))
                    .collect::<Vec<_>>(),
            ),
            keeps_register: choices.keeps_register,
        },
    )
}

/// `?indicator=&unit=&period=` preselect the target and value forms.
pub async fn form(
    State(web): State<Web>,
    page: Page,
    Query(q): Query<Vec<(String, String)>>,
) -> PageResult {
    let mut v = Values::new();
    for (k, x) in q {
        if matches!(k.as_str(), "indicator" | "unit" | "period") {
            v.insert(format!("t_{k}"), x.clone());
            v.insert(format!("v_{k}"), x);
        }
    }
    render(&web, &page, Errors::default(), v).await
}

/// Parses a unit id chosen in a select.
fn unit_field(v: &Values, k: &str, e: &mut Errors) -> i64 {
    match val(v, k).trim().parse::<i64>() {
        Ok(id) => id,
        Err(_) => {
            e.add(k, "chọn đơn vị");
            0
        }
    }
}

fn enc(s: &str) -> String {
    serde_urlencoded::to_string([("x", s.trim())])
        .map(|q| q.trim_start_matches("x=").to_string())
        .unwrap_or_default()
}

fn detail_href(code: &str, unit: i64, period: &str) -> String {
    format!(
        "/chi-tieu/{}?{}",
        enc(code),
        crate::web::pages::query(&[("unit", unit.to_string()), ("period", period.trim().into())])
    )
}

pub async fn register(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = values(f);
    let mut e = Errors::default();
    let decimals = match val(&v, "r_decimals").trim() {
        "" => 0,
        d => d.parse::<u32>().unwrap_or_else(|_| {
            e.add(
                "r_decimals",
                format!("số chữ số thập phân '{d}' không hợp lệ"),
            );
            0
        }),
    };
    if !e.is_empty() {
        return render(&web, &page, e, v).await;
    }
    let input = IndicatorInput {
        code: val(&v, "r_code"),
        name: val(&v, "r_name"),
        unit_of_measure: val(&v, "r_uom"),
        decimals,
        direction: val(&v, "r_direction"),
        aggregation: val(&v, "r_aggregation"),
        responsible_unit_id: val(&v, "r_responsible").trim().parse::<i64>().ok(),
        decision: val(&v, "r_decision"),
    };
    match web.s.create_indicator(&page.actor, input).await {
        Ok(ind) => Ok(
            Redirect::to(&format!("/chi-tieu/nhap?indicator={}", enc(&ind.code))).into_response(),
        ),
        Err(err) => {
            let mut shown = prefixed(Errors::from_error(err)?, "r_");
            for f in &mut shown.fields {
                if f.field == "r_responsible_unit_id" {
                    f.field = "r_responsible".into();
                }
            }
            render(&web, &page, shown, v).await
        }
    }
}

pub async fn target(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = values(f);
    let mut e = Errors::default();
    let unit_id = unit_field(&v, "t_unit", &mut e);
    let mut num = |k: &str, label: &str| match parse_number(k, label, &val(&v, k)) {
        Ok(x) => x,
        Err(fe) => {
            e.fields.push(fe);
            None
        }
    };
    let low = num("t_low", "Cận dưới");
    let high = num("t_high", "Cận trên");
    if !e.is_empty() {
        return render(&web, &page, e, v).await;
    }
    let input = TargetInput {
        indicator: val(&v, "t_indicator"),
        unit_id,
        period: val(&v, "t_period"),
        low,
        high,
        wording: val(&v, "t_wording"),
        decision: val(&v, "t_decision"),
    };
    match web.s.set_target(&page.actor, input).await {
        Ok(_) => Ok(Redirect::to(&detail_href(
            &val(&v, "t_indicator"),
            unit_id,
            &val(&v, "t_period"),
        ))
        .into_response()),
        Err(err) => render(&web, &page, prefixed(Errors::from_error(err)?, "t_"), v).await,
    }
}

pub async fn value(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = values(f);
    let mut e = Errors::default();
    let unit_id = unit_field(&v, "v_unit", &mut e);
    let value = match parse_number("v_value", "Giá trị", &val(&v, "v_value")) {
        Ok(Some(x)) => Some(x),
        Ok(None) => {
            e.add("v_value", "nhập giá trị thực hiện");
            None
        }
        Err(fe) => {
            e.fields.push(fe);
            None
        }
    };
    let reported_on = match parse_date("v_reported_on", &val(&v, "v_reported_on")) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            e.add("v_reported_on", "nhập ngày báo cáo (dd/mm/yyyy)");
            None
        }
        Err(fe) => {
            e.fields.push(fe);
            None
        }
    };
    let (Some(value), Some(reported_on), true) = (value, reported_on, e.is_empty()) else {
        return render(&web, &page, e, v).await;
    };
    let input = ValueInput {
        indicator: val(&v, "v_indicator"),
        unit_id,
        period: val(&v, "v_period"),
        value,
        quality: val(&v, "v_quality"),
        source: val(&v, "v_source"),
        reported_on,
        weight: None,
    };
    match web.s.report_value(&page.actor, input).await {
        Ok(_) => Ok(Redirect::to(&detail_href(
            &val(&v, "v_indicator"),
            unit_id,
            &val(&v, "v_period"),
        ))
        .into_response()),
        Err(err) => render(&web, &page, prefixed(Errors::from_error(err)?, "v_"), v).await,
    }
}

pub async fn tolerance(State(web): State<Web>, page: Page, Form(f): Fields) -> PageResult {
    let v = values(f);
    match web
        .s
        .update_figures_setting(&page.actor, TOLERANCE_KEY, &val(&v, "s_tolerance"))
        .await
    {
        Ok(()) => Ok(Redirect::to("/chi-tieu/nhap").into_response()),
        Err(err) => render(&web, &page, on_field(err, "s_tolerance")?, v).await,
    }
}
