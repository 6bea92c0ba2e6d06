//! The demo's indicators and public-investment figures (issue 5, seeds 001, 002 and 004),
//! entered through the same service functions users call.
//!
//! - Kiên Giang (seeds 002, 004): the named targets only — growth ≥ 6,5% in 2023 (7,24% a
//!   year over 2021–2025), budget revenue 73.645 tỷ and social investment 267.128 tỷ over
//!   2021–2025, GRDP per capita 3.485 USD by 2025 and 4.520 USD by 2030, urbanisation
//!   50–55%, 5 industrial parks, 14 industrial clusters and a digital-economy workforce above
//!   3% by 2030. The other 18 of the 24 main indicators are not in the seeds and are not made up.
//! - TP Cao Lãnh (seed 001): "đạt và vượt 13/13 chỉ tiêu" in 2023. The seed does not name
//!   the 13 indicators: the ones below are **illustrative** (their values say so in their
//!   source); what the seed fixes is that all 13 are achieved or exceeded. Investment: the
//!   2023 plan of 559 tỷ with 548 tỷ disbursed (98%), and the 2024 plan of 717 tỷ = provincial
//!   383 tỷ (22,87 tỷ managed directly + 360,13 tỷ targeted support) + city-managed 334 tỷ,
//!   26,74 tỷ disbursed by 21/02/2024 (3,73%). How the 26,74 tỷ splits over the three sources,
//!   the 2023 plan's sources and the 2023 intermediate points are illustrative.

use anyhow::{Context, anyhow};
use theodoi_core::access::Actor;
use theodoi_core::ids::UnitId;

use super::{World, d};
use crate::service::Services;
use crate::service::indicators::{IndicatorInput, TargetInput, ValueInput};
use crate::service::investment::{DisbursementInput, LineKey, PlanInput};

const TY: i64 = 1_000_000_000;
const ILLUSTRATIVE: &str = "Số liệu minh họa của dữ liệu mẫu";

fn actor(world: &World, username: &str) -> anyhow::Result<Actor> {
    world
        .actors
        .get(username)
        .cloned()
        .ok_or_else(|| anyhow!("thiếu tài khoản {username}"))
}

fn unit(world: &World, code: &str) -> anyhow::Result<i64> {
    world
        .units
        .get(code)
        .map(|u| u.0)
        .ok_or_else(|| anyhow!("thiếu đơn vị {code}"))
}

/// (code, name, unit of measure, decimals, direction, aggregation, responsible unit code)
type Def<'a> = (&'a str, &'a str, &'a str, u32, &'a str, &'a str, &'a str);

async fn register(
    s: &Services,
    world: &World,
    who: &Actor,
    defs: &[Def<'_>],
    decision: &str,
) -> anyhow::Result<()> {
    for (code, name, uom, decimals, direction, aggregation, responsible) in defs {
        s.create_indicator(
            who,
            IndicatorInput {
                code: (*code).into(),
                name: (*name).into(),
                unit_of_measure: (*uom).into(),
                decimals: *decimals,
                direction: (*direction).into(),
                aggregation: (*aggregation).into(),
                responsible_unit_id: Some(unit(world, responsible)?),
                decision: decision.into(),
            },
        )
        .await
        .with_context(|| format!("chỉ tiêu {code}"))?;
    }
    Ok(())
}

async fn target(
    s: &Services,
    who: &Actor,
    code: &str,
    unit_id: i64,
    period: &str,
    (low, high): (Option<f64>, Option<f64>),
    wording: &str,
    decision: &str,
) -> anyhow::Result<()> {
    s.set_target(
        who,
        TargetInput {
            indicator: code.into(),
            unit_id,
            period: period.into(),
            low,
            high,
            wording: wording.into(),
            decision: decision.into(),
        },
    )
    .await
    .with_context(|| format!("chỉ tiêu {code} kỳ {period}"))?;
    Ok(())
}

/// Loads the figures; called once by the demo loader after the tasks.
pub(crate) async fn load(s: &Services, world: &World) -> anyhow::Result<()> {
    kien_giang(s, world).await?;
    cao_lanh_indicators(s, world).await?;
    cao_lanh_investment(s, world).await?;
    Ok(())
}

async fn kien_giang(s: &Services, world: &World) -> anyhow::Result<()> {
    s.clock.set_date(d("2023-01-10"));
    let who = actor(world, "sokhdt")?;
    let tinh = unit(world, "UBND_TINH")?;
    let defs: [Def; 8] = [
        (
            "KG_TANGTRUONG",
            "Tốc độ tăng trưởng kinh tế (GRDP)",
            "%",
            2,
            "higher",
            "none",
            "SKHDT",
        ),
        (
            "KG_THUNS",
            "Thu ngân sách nhà nước trên địa bàn",
            "tỷ đồng",
            0,
            "higher",
            "sum",
            "STC",
        ),
        (
            "KG_VONDTXH",
            "Huy động vốn đầu tư toàn xã hội",
            "tỷ đồng",
            0,
            "higher",
            "sum",
            "SKHDT",
        ),
        (
            "KG_GRDP_DN",
            "GRDP bình quân đầu người",
            "USD",
            0,
            "higher",
            "none",
            "SKHDT",
        ),
        (
            "KG_DOTHIHOA",
            "Tỷ lệ đô thị hóa",
            "%",
            0,
            "range",
            "none",
            "SXD",
        ),
        (
            "KG_KCN",
            "Số khu công nghiệp",
            "khu",
            0,
            "higher",
            "sum",
            "BQLKKT",
        ),
        (
            "KG_CCN",
            "Số cụm công nghiệp",
            "cụm",
            0,
            "higher",
            "sum",
            "SCT",
        ),
        (
            "KG_NL_KTS",
            "Tỷ lệ nhân lực kinh tế số trong lực lượng lao động",
            "%",
            1,
            "higher",
            "none",
            "STTTT",
        ),
    ];
    register(
        s,
        world,
        &who,
        &defs,
        "Kế hoạch phát triển kinh tế – xã hội năm 2023 của tỉnh Kiên Giang",
    )
    .await?;
    let plan23 = "Kế hoạch phát triển kinh tế – xã hội năm 2023";
    let term = "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XI, nhiệm kỳ 2020–2025";
    let by2030 = "Chỉ tiêu của Tỉnh ủy đến năm 2030";
    target(
        s,
        &who,
        "KG_TANGTRUONG",
        tinh,
        "2023",
        (Some(6.5), None),
        "từ 6,5% trở lên",
        plan23,
    )
    .await?;
    target(
        s,
        &who,
        "KG_TANGTRUONG",
        tinh,
        "2021-2025",
        (Some(7.24), None),
        "bình quân 7,24%/năm",
        term,
    )
    .await?;
    target(
        s,
        &who,
        "KG_THUNS",
        tinh,
        "2021-2025",
        (Some(73_645.0), None),
        "hơn 73.645 tỷ đồng",
        term,
    )
    .await?;
    target(
        s,
        &who,
        "KG_VONDTXH",
        tinh,
        "2021-2025",
        (Some(267_128.0), None),
        "hơn 267.128 tỷ đồng",
        term,
    )
    .await?;
    target(
        s,
        &who,
        "KG_GRDP_DN",
        tinh,
        "h2025",
        (Some(3_485.0), None),
        "3.485 USD",
        term,
    )
    .await?;
    target(
        s,
        &who,
        "KG_GRDP_DN",
        tinh,
        "h2030",
        (Some(4_520.0), None),
        "4.520 USD",
        by2030,
    )
    .await?;
    target(
        s,
        &who,
        "KG_DOTHIHOA",
        tinh,
        "h2030",
        (Some(50.0), Some(55.0)),
        "từ 50–55%",
        by2030,
    )
    .await?;
    target(
        s,
        &who,
        "KG_KCN",
        tinh,
        "h2030",
        (Some(5.0), None),
        "5 khu công nghiệp",
        by2030,
    )
    .await?;
    target(
        s,
        &who,
        "KG_CCN",
        tinh,
        "h2030",
        (Some(14.0), None),
        "14 cụm công nghiệp",
        by2030,
    )
    .await?;
    // "Trên 3%" with one decimal: the first value above 3 is 3,1.
    target(
        s,
        &who,
        "KG_NL_KTS",
        tinh,
        "h2030",
        (Some(3.1), None),
        "trên 3%",
        by2030,
    )
    .await?;
    Ok(())
}

async fn cao_lanh_indicators(s: &Services, world: &World) -> anyhow::Result<()> {
    s.clock.set_date(d("2023-01-05"));
    let planner = actor(world, "ld_dt_skhdt")?;
    let city = unit(world, "UBND_TP_CAOLANH")?;
    // "Cao Lãnh" alone names both the city and the district: a name that must be made precise.
    let mut tx = s.store.begin().await?;
    for code in ["UBND_TP_CAOLANH", "UBND_H_CAOLANH"] {
        let id = unit(world, code)?;
        tx.insert_alias(UnitId(id), "Cao Lãnh").await?;
        tx.audit(
            s.clock.now(),
            None,
            "unit",
            id,
            "add_alias",
            None::<&()>,
            Some(&"Cao Lãnh"),
        )
        .await?;
    }
    tx.commit().await?;

    // (code, name, uom, decimals, direction, responsible, target (low, high), value)
    type Row<'a> = (
        &'a str,
        &'a str,
        &'a str,
        u32,
        &'a str,
        &'a str,
        (Option<f64>, Option<f64>),
        f64,
    );
    let rows: [Row; 13] = [
        (
            "CL_TANGTRUONG",
            "Tốc độ tăng giá trị sản xuất",
            "%",
            2,
            "higher",
            "CL_TCKH",
            (Some(8.5), None),
            8.62,
        ),
        (
            "CL_THUNS",
            "Thu ngân sách nhà nước trên địa bàn",
            "tỷ đồng",
            0,
            "higher",
            "CL_TCKH",
            (Some(700.0), None),
            735.0,
        ),
        (
            "CL_VONDTXH",
            "Tổng vốn đầu tư toàn xã hội",
            "tỷ đồng",
            0,
            "higher",
            "CL_TCKH",
            (Some(5_600.0), None),
            5_650.0,
        ),
        (
            "CL_THUNHAP",
            "Thu nhập bình quân đầu người",
            "triệu đồng",
            1,
            "higher",
            "CL_KINHTE",
            (Some(90.0), None),
            90.0,
        ),
        (
            "CL_HONGHEO",
            "Tỷ lệ hộ nghèo",
            "%",
            2,
            "lower",
            "CL_KINHTE",
            (None, Some(0.5)),
            0.42,
        ),
        (
            "CL_BHYT",
            "Tỷ lệ dân số tham gia bảo hiểm y tế",
            "%",
            1,
            "higher",
            "CL_KINHTE",
            (Some(93.0), None),
            93.4,
        ),
        (
            "CL_VIECLAM",
            "Số lao động được giải quyết việc làm",
            "người",
            0,
            "higher",
            "CL_KINHTE",
            (Some(2_500.0), None),
            2_650.0,
        ),
        (
            "CL_DAOTAO",
            "Tỷ lệ lao động qua đào tạo",
            "%",
            1,
            "higher",
            "CL_KINHTE",
            (Some(78.0), None),
            78.5,
        ),
        (
            "CL_NUOCSACH",
            "Tỷ lệ hộ dân sử dụng nước sạch",
            "%",
            1,
            "higher",
            "CL_QLDT",
            (Some(99.0), None),
            99.0,
        ),
        (
            "CL_CHATTHAI",
            "Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý",
            "%",
            0,
            "higher",
            "CL_QLDT",
            (Some(100.0), None),
            100.0,
        ),
        (
            "CL_TRUONGCHUAN",
            "Số trường đạt chuẩn quốc gia",
            "trường",
            0,
            "higher",
            "CL_KINHTE",
            (Some(40.0), None),
            41.0,
        ),
        (
            "CL_DOANHNGHIEP",
            "Số doanh nghiệp thành lập mới",
            "doanh nghiệp",
            0,
            "higher",
            "CL_TCKH",
            (Some(150.0), None),
            162.0,
        ),
        (
            "CL_CAYXANH",
            "Diện tích cây xanh đô thị bình quân",
            "m²/người",
            1,
            "range",
            "CL_QLDT",
            (Some(7.0), Some(10.0)),
            8.2,
        ),
    ];
    let decision =
        "Quyết định giao chỉ tiêu kế hoạch phát triển kinh tế – xã hội TP Cao Lãnh năm 2023";
    for (code, name, uom, decimals, direction, responsible, bounds, _) in &rows {
        register(
            s,
            world,
            &planner,
            &[(code, name, uom, *decimals, direction, "none", responsible)],
            decision,
        )
        .await?;
        target(s, &planner, code, city, "2023", *bounds, "", decision).await?;
    }
    let city_manager = actor(world, "ld_ubnd_tp_caolanh")?;
    // One revision shown: the revenue estimated in December, then the official figure.
    s.clock.set_date(d("2023-12-15"));
    s.report_value(
        &city_manager,
        ValueInput {
            indicator: "CL_THUNS".into(),
            unit_id: city,
            period: "2023".into(),
            value: 720.0,
            quality: "estimate".into(),
            source: format!("{ILLUSTRATIVE}: ước tính tháng 12"),
            reported_on: d("2023-12-15"),
            weight: None,
        },
    )
    .await
    .context("ước tính thu ngân sách")?;
    s.clock.set_date(d("2024-01-20"));
    for (code, .., value) in &rows {
        s.report_value(
            &city_manager,
            ValueInput {
                indicator: (*code).into(),
                unit_id: city,
                period: "2023".into(),
                value: *value,
                quality: "official".into(),
                source: format!("{ILLUSTRATIVE}; báo cáo KT-XH năm 2023 của TP Cao Lãnh"),
                reported_on: d("2024-01-20"),
                weight: None,
            },
        )
        .await
        .with_context(|| format!("số liệu {code}"))?;
    }
    Ok(())
}

async fn cao_lanh_investment(s: &Services, world: &World) -> anyhow::Result<()> {
    s.clock.set_date(d("2023-01-05"));
    let planner = actor(world, "ld_dt_skhdt")?;
    let city = unit(world, "UBND_TP_CAOLANH")?;
    for (code, name, parent) in [
        ("VON_TINH", "Vốn tỉnh", None),
        (
            "VON_TINH_TT",
            "Vốn tỉnh quản lý trực tiếp",
            Some("VON_TINH"),
        ),
        (
            "VON_TINH_HTMT",
            "Vốn tỉnh hỗ trợ có mục tiêu",
            Some("VON_TINH"),
        ),
        ("VON_TP", "Vốn thành phố quản lý", None),
        ("NSTW", "Ngân sách trung ương", None),
        ("NSDP", "Ngân sách địa phương", None),
        ("ODA", "Vốn ODA", None),
        ("CTMTQG", "Chương trình mục tiêu quốc gia", None),
        ("KEO_DAI", "Vốn kéo dài", None),
        ("CHUA_TACH", "Kế hoạch vốn chưa tách nguồn", None),
    ] {
        s.create_invest_source(&planner, code, name, parent)
            .await
            .with_context(|| format!("nguồn vốn {code}"))?;
    }
    let line = |year, source: &str, amount, investor: Option<i64>| PlanInput {
        year,
        unit_id: city,
        source: source.into(),
        project: String::new(),
        investor_unit_id: investor,
        amount,
        pm_amount: None,
        decision: format!("Kế hoạch đầu tư công năm {year} của TP Cao Lãnh"),
    };
    s.add_plan_line(&planner, line(2023, "CHUA_TACH", 559 * TY, Some(city)))
        .await
        .context("kế hoạch vốn 2023")?;
    let manager = actor(world, "ld_ubnd_tp_caolanh")?;
    let disburse = |year, source: &str, as_of: &str, cumulative, note: &str| DisbursementInput {
        line: LineKey {
            year,
            unit_id: city,
            source: source.into(),
            project: String::new(),
        },
        as_of: d(as_of),
        cumulative,
        note: note.into(),
    };
    for (as_of, amount) in [
        ("2023-02-21", 18_500_000_000),
        ("2023-06-30", 190 * TY),
        ("2023-08-31", 320 * TY),
        ("2023-12-31", 520 * TY),
    ] {
        s.clock.set_date(d(as_of));
        s.record_disbursement(
            &manager,
            disburse(2023, "CHUA_TACH", as_of, amount, ILLUSTRATIVE),
        )
        .await
        .with_context(|| format!("giải ngân 2023 đến {as_of}"))?;
    }
    s.clock.set_date(d("2024-01-31"));
    s.record_disbursement(
        &manager,
        disburse(
            2023,
            "CHUA_TACH",
            "2024-01-31",
            548 * TY,
            "Giải ngân năm 2023: hơn 548 tỷ đồng, đạt 98%",
        ),
    )
    .await
    .context("giải ngân 2023")?;

    s.clock.set_date(d("2024-01-05"));
    let qldt = unit(world, "CL_QLDT")?;
    let kinhte = unit(world, "CL_KINHTE")?;
    for (source, amount, investor) in [
        ("VON_TINH_TT", 22_870_000_000, city),
        ("VON_TINH_HTMT", 360_130_000_000, qldt),
        ("VON_TP", 334 * TY, kinhte),
    ] {
        s.add_plan_line(&planner, line(2024, source, amount, Some(investor)))
            .await
            .with_context(|| format!("kế hoạch vốn 2024 {source}"))?;
    }
    s.clock.set_date(d("2024-02-21"));
    for (source, amount) in [
        ("VON_TINH_TT", 1_250_000_000),
        ("VON_TINH_HTMT", 15_360_000_000),
        ("VON_TP", 10_130_000_000),
    ] {
        s.record_disbursement(
            &manager,
            disburse(
                2024,
                source,
                "2024-02-21",
                amount,
                "Tổng 26,74 tỷ đồng theo báo cáo ngày 21/02/2024; phân bổ theo nguồn là minh họa",
            ),
        )
        .await
        .with_context(|| format!("giải ngân 2024 {source}"))?;
    }
    Ok(())
}
