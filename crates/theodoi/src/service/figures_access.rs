//! Who may see and enter indicator and investment figures (DESIGN.md §1, issue 5):
//! - leaders, the office and the inspectors see every unit's figures; so do the people of a
//!   planning agency (Sở Kế hoạch và Đầu tư, recognised by its name);
//! - a unit's manager and staff see and enter the figures of their unit and the units below;
//! - the register (indicators, targets, funding sources, capital plans and adjustments) is
//!   kept by leaders, the office and the planning agency;
//! - the office and the planning agency may also enter values and disbursements for any unit;
//! - the admin manages accounts, not figures.

use theodoi_core::access::Actor;
use theodoi_core::model::{Role, Unit};
use theodoi_core::text::fold;
use theodoi_core::{DomainError, DomainResult};

/// A planning agency: "Sở Kế hoạch và Đầu tư" of any province (by its folded name).
pub fn is_planning_agency(unit: &Unit) -> bool {
    let n = fold(&unit.name);
    n.contains("ke hoach va dau tu") || n.contains("ke hoach - dau tu")
}

fn in_planning_agency(actor: &Actor, units: &[Unit]) -> bool {
    matches!(actor.role(), Role::UnitManager | Role::UnitStaff)
        && actor
            .user
            .unit_id
            .and_then(|u| units.iter().find(|x| x.id == u))
            .is_some_and(is_planning_agency)
}

fn deny(actor: &Actor, what: &str) -> DomainError {
    DomainError::Forbidden(format!(
        "tài khoản {} ({}) không được {what}",
        actor.user.username,
        actor.role().label()
    ))
}

/// Sees every unit's figures.
pub fn sees_all_figures(actor: &Actor, units: &[Unit]) -> bool {
    matches!(actor.role(), Role::Leader | Role::Office | Role::Inspector)
        || in_planning_agency(actor, units)
}

pub fn can_view_figures(actor: &Actor, units: &[Unit], unit_id: i64) -> bool {
    actor.role() != Role::Admin
        && (sees_all_figures(actor, units) || actor.in_scope(theodoi_core::ids::UnitId(unit_id)))
}

pub fn require_view_figures(
    actor: &Actor,
    units: &[Unit],
    unit_id: Option<i64>,
) -> DomainResult<()> {
    let ok = match unit_id {
        Some(u) => can_view_figures(actor, units, u),
        None => actor.role() != Role::Admin,
    };
    if ok {
        Ok(())
    } else {
        Err(deny(
            actor,
            "xem số liệu chỉ tiêu, giải ngân của đơn vị này",
        ))
    }
}

/// Keeps the register: indicators, targets, sources, plans, adjustments.
pub fn require_register_figures(actor: &Actor, units: &[Unit], what: &str) -> DomainResult<()> {
    if matches!(actor.role(), Role::Leader | Role::Office) || in_planning_agency(actor, units) {
        Ok(())
    } else {
        Err(deny(actor, what))
    }
}

/// Enters a value or a disbursement for `unit_id`.
pub fn require_enter_figures(
    actor: &Actor,
    units: &[Unit],
    unit_id: i64,
    what: &str,
) -> DomainResult<()> {
    let own_unit = matches!(actor.role(), Role::UnitManager | Role::UnitStaff)
        && actor.in_scope(theodoi_core::ids::UnitId(unit_id));
    if actor.role() == Role::Office || in_planning_agency(actor, units) || own_unit {
        Ok(())
    } else {
        Err(deny(
            actor,
            &format!("{what} (chỉ đơn vị mình, Văn phòng hoặc Sở KH&ĐT)"),
        ))
    }
}
