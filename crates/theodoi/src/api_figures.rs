//! JSON API for indicators and public investment, under `/api/v1/indicators` and
//! `/api/v1/investment`. Each handler calls one service function (which checks permissions).

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use theodoi_core::DomainError;
use theodoi_core::indicator::{Indicator, IndicatorValue, Period, Target};
use theodoi_core::investment::{Adjustment, Disbursement, PlanLine, Source};

use crate::api::{ApiError, Authed};
use crate::service::Services;
use crate::service::indicators::{
    IndicatorInput, IndicatorSummary, SeriesPoint, TargetInput, UnitCount, ValueInput,
};
use crate::service::investment::{AdjustmentInput, DisbursementInput, InvestmentDetail, PlanInput};

type Res<T> = Result<Json<T>, ApiError>;

pub fn router() -> Router<Services> {
    Router::new()
        .route("/api/v1/indicators", get(list).post(create))
        .route("/api/v1/indicators/summary", get(summary))
        .route("/api/v1/indicators/by-unit", get(by_unit))
        .route("/api/v1/indicators/targets", post(set_target))
        .route("/api/v1/indicators/values", post(report_value))
        .route("/api/v1/indicators/{code}/series", get(series))
        .route(
            "/api/v1/indicators/{code}/tasks",
            get(linked_tasks).post(link_task),
        )
        .route("/api/v1/investment/summary", get(investment_summary))
        .route("/api/v1/investment/sources", get(sources).post(add_source))
        .route(
            "/api/v1/figures/settings",
            get(figure_settings).post(set_figure_setting),
        )
        .route("/api/v1/investment/plans", post(add_plan))
        .route("/api/v1/investment/adjustments", post(adjust))
        .route("/api/v1/investment/disbursements", post(disburse))
}

async fn unit_param(s: &Services, unit: Option<&str>) -> Result<Option<i64>, ApiError> {
    match unit {
        Some(u) if !u.trim().is_empty() => Ok(Some(s.find_unit(u).await?.id.0)),
        _ => Ok(None),
    }
}

async fn list(State(s): State<Services>, Authed(a): Authed) -> Res<Vec<Indicator>> {
    a.require_reports()?;
    Ok(Json(s.store.indicators().await?))
}

async fn create(
    State(s): State<Services>,
    Authed(a): Authed,
    Json(input): Json<IndicatorInput>,
) -> Res<Indicator> {
    Ok(Json(s.create_indicator(&a, input).await?))
}

#[derive(Debug, Deserialize)]
struct SummaryQuery {
    period: String,
    unit: Option<String>,
    /// `responsible` groups by responsible unit, otherwise by the unit holding the target.
    by: Option<String>,
}

async fn summary(
    State(s): State<Services>,
    Authed(a): Authed,
    Query(q): Query<SummaryQuery>,
) -> Res<IndicatorSummary> {
    let period = Period::parse(&q.period)?;
    let unit = unit_param(&s, q.unit.as_deref()).await?;
    Ok(Json(s.indicator_summary(&a, period, unit).await?))
}

async fn by_unit(
    State(s): State<Services>,
    Authed(a): Authed,
    Query(q): Query<SummaryQuery>,
) -> Res<Vec<UnitCount>> {
    let period = Period::parse(&q.period)?;
    let by_responsible = q.by.as_deref() == Some("responsible");
    Ok(Json(
        s.indicator_counts_by_unit(&a, period, by_responsible)
            .await?,
    ))
}

async fn set_target(
    State(s): State<Services>,
    Authed(a): Authed,
    Json(input): Json<TargetInput>,
) -> Res<Target> {
    Ok(Json(s.set_target(&a, input).await?))
}

async fn report_value(
    State(s): State<Services>,
    Authed(a): Authed,
    Json(input): Json<ValueInput>,
) -> Res<IndicatorValue> {
    Ok(Json(s.report_value(&a, input).await?))
}

#[derive(Debug, Deserialize)]
struct SeriesQuery {
    unit: String,
}

async fn series(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(code): Path<String>,
    Query(q): Query<SeriesQuery>,
) -> Res<Vec<SeriesPoint>> {
    let unit = unit_param(&s, Some(&q.unit))
        .await?
        .ok_or_else(|| ApiError(DomainError::invalid("unit", "chưa nhập đơn vị")))?;
    Ok(Json(s.indicator_series(&a, &code, unit).await?))
}

#[derive(Debug, Deserialize)]
struct InvestmentQuery {
    year: i32,
    as_of: NaiveDate,
    unit: Option<String>,
}

async fn investment_summary(
    State(s): State<Services>,
    Authed(a): Authed,
    Query(q): Query<InvestmentQuery>,
) -> Res<InvestmentDetail> {
    let unit = unit_param(&s, q.unit.as_deref()).await?;
    Ok(Json(s.investment_detail(&a, q.year, q.as_of, unit).await?))
}

async fn sources(State(s): State<Services>, Authed(a): Authed) -> Res<Vec<Source>> {
    a.require_reports()?;
    Ok(Json(s.store.invest_sources().await?))
}

async fn add_plan(
    State(s): State<Services>,
    Authed(a): Authed,
    Json(input): Json<PlanInput>,
) -> Res<PlanLine> {
    Ok(Json(s.add_plan_line(&a, input).await?))
}

async fn adjust(
    State(s): State<Services>,
    Authed(a): Authed,
    Json(input): Json<AdjustmentInput>,
) -> Res<Adjustment> {
    Ok(Json(s.adjust_plan(&a, input).await?))
}

async fn disburse(
    State(s): State<Services>,
    Authed(a): Authed,
    Json(input): Json<DisbursementInput>,
) -> Res<Disbursement> {
    Ok(Json(s.record_disbursement(&a, input).await?))
}

async fn linked_tasks(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(code): Path<String>,
) -> Res<Vec<i64>> {
    Ok(Json(s.indicator_tasks(&a, &code).await?))
}

#[derive(Debug, Deserialize)]
struct LinkBody {
    task_id: i64,
}

async fn link_task(
    State(s): State<Services>,
    Authed(a): Authed,
    Path(code): Path<String>,
    Json(b): Json<LinkBody>,
) -> Res<Vec<i64>> {
    s.link_indicator_task(&a, &code, b.task_id).await?;
    Ok(Json(s.indicator_tasks(&a, &code).await?))
}

#[derive(Debug, Deserialize)]
struct SourceBody {
    code: String,
    name: String,
    #[serde(default)]
    parent: Option<String>,
}

async fn add_source(
    State(s): State<Services>,
    Authed(a): Authed,
    Json(b): Json<SourceBody>,
) -> Res<Source> {
    Ok(Json(
        s.create_invest_source(&a, &b.code, &b.name, b.parent.as_deref())
            .await?,
    ))
}

#[derive(Debug, serde::Serialize)]
struct SettingsOut {
    /// Percent of the target counted as "đạt" on both sides (0 = exact), as it is set.
    indicator_tolerance_percent: f64,
    /// `31/08:60; 31/12:95`
    investment_milestones: String,
}

async fn figure_settings(State(s): State<Services>, Authed(a): Authed) -> Res<SettingsOut> {
    let units = s.store.units().await?;
    crate::service::figures_access::require_view_figures(&a, &units, None)?;
    let f = s.figures_settings().await?;
    Ok(Json(SettingsOut {
        indicator_tolerance_percent: f.tolerance * 100.0,
        investment_milestones: crate::service::figures_settings::milestones_text(&f.milestones),
    }))
}

#[derive(Debug, Deserialize)]
struct SettingBody {
    /// `indicator_tolerance` (a percentage, e.g. "2") or `investment_milestones`.
    key: String,
    value: String,
}

async fn set_figure_setting(
    State(s): State<Services>,
    Authed(a): Authed,
    Json(b): Json<SettingBody>,
) -> Res<SettingsOut> {
    s.update_figures_setting(&a, &b.key, &b.value).await?;
    figure_settings(State(s), Authed(a)).await
}
