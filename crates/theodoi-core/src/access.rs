//! Who may see and change what (DESIGN.md §1), scoped by the unit tree. Pure rules:
//! the service layer asks them before every read and write, for pages, API and CLI alike.

use std::collections::HashSet;

use crate::error::{DomainError, DomainResult};
use crate::ids::UnitId;
use crate::model::{Role, Task, Unit, User};

/// The signed-in person and the units they act for (their unit and every unit below it).
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: User,
    pub scope: HashSet<UnitId>,
}

/// A unit and all units below it.
pub fn subtree(units: &[Unit], root: UnitId) -> HashSet<UnitId> {
    let mut out = HashSet::from([root]);
    let mut changed = true;
    while changed {
        changed = false;
        for u in units {
            if let Some(p) = u.parent_id
                && out.contains(&p)
                && out.insert(u.id)
            {
                changed = true;
            }
        }
    }
    out
}

impl Actor {
    pub fn new(user: User, units: &[Unit]) -> Self {
        let scope = user.unit_id.map(|u| subtree(units, u)).unwrap_or_default();
        Self { user, scope }
    }

    pub fn role(&self) -> Role {
        self.user.role
    }

    /// Leaders, the office and the working group see every task.
    pub fn sees_everything(&self) -> bool {
        matches!(
            self.user.role,
            Role::Leader | Role::Office | Role::Inspector
        )
    }

    pub fn in_scope(&self, unit: UnitId) -> bool {
        self.scope.contains(&unit)
    }

    fn deny(&self, what: &str) -> DomainError {
        DomainError::Forbidden(format!(
            "tài khoản {} ({}) không được {what}",
            self.user.username,
            self.user.role.label()
        ))
    }

    /// May see the task exists (a unit sees tasks it leads or co-operates on, below it included).
    pub fn can_view(&self, t: &Task) -> bool {
        self.sees_everything()
            || (matches!(self.user.role, Role::UnitManager | Role::UnitStaff)
                && (self.in_scope(t.lead_unit_id)
                    || t.coop_unit_ids.iter().any(|u| self.in_scope(*u))))
    }

    /// May read the content of a secret task: leaders, the office, the lead unit's managers.
    pub fn can_read_secret(&self, t: &Task) -> bool {
        matches!(self.user.role, Role::Leader | Role::Office)
            || (self.user.role == Role::UnitManager && self.in_scope(t.lead_unit_id))
    }

    pub fn require_view(&self, t: &Task) -> DomainResult<()> {
        if self.can_view(t) {
            Ok(())
        } else {
            Err(self.deny(&format!("xem nhiệm vụ #{}", t.id)))
        }
    }

    /// Registering documents and tasks: the office and leaders.
    pub fn require_register(&self) -> DomainResult<()> {
        match self.user.role {
            Role::Office | Role::Leader => Ok(()),
            _ => Err(self.deny("đăng ký văn bản, giao nhiệm vụ")),
        }
    }

    /// Confirm or return completion, reassign, correct, urge: the office.
    pub fn require_office(&self, what: &str) -> DomainResult<()> {
        match self.user.role {
            Role::Office => Ok(()),
            _ => Err(self.deny(what)),
        }
    }

    /// Decide extensions, withdraw, suspend, change deadlines: leaders (and the office on their behalf).
    pub fn require_leader_or_office(&self, what: &str) -> DomainResult<()> {
        match self.user.role {
            Role::Leader | Role::Office => Ok(()),
            _ => Err(self.deny(what)),
        }
    }

    /// Acting for the lead unit: claims, extension requests, decline, delegation.
    pub fn require_lead_manager(&self, t: &Task, what: &str) -> DomainResult<()> {
        if self.user.role == Role::UnitManager && self.in_scope(t.lead_unit_id) {
            Ok(())
        } else {
            Err(self.deny(&format!(
                "{what} cho nhiệm vụ #{} (chỉ lãnh đạo đơn vị chủ trì)",
                t.id
            )))
        }
    }

    /// Progress reports: the lead unit's people, or a co-operating unit's contribution.
    pub fn require_progress(&self, t: &Task) -> DomainResult<()> {
        let unit_person = matches!(self.user.role, Role::UnitManager | Role::UnitStaff);
        if unit_person
            && (self.in_scope(t.lead_unit_id) || t.coop_unit_ids.iter().any(|u| self.in_scope(*u)))
        {
            Ok(())
        } else {
            Err(self.deny(&format!("báo cáo tiến độ nhiệm vụ #{}", t.id)))
        }
    }

    pub fn require_admin(&self, what: &str) -> DomainResult<()> {
        if self.user.role == Role::Admin {
            Ok(())
        } else {
            Err(self.deny(what))
        }
    }

    /// Reports: everyone but the admin (who manages accounts, not task content).
    pub fn require_reports(&self) -> DomainResult<()> {
        if self.user.role == Role::Admin {
            Err(self.deny("xem báo cáo nhiệm vụ"))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::UnitKind;

    fn unit(id: i64, parent: Option<i64>) -> Unit {
        Unit {
            id: UnitId(id),
            code: format!("U{id}"),
            name: format!("Đơn vị {id}"),
            short_name: String::new(),
            kind: UnitKind::Agency,
            parent_id: parent.map(UnitId),
            aliases: vec![],
            valid_from: None,
            valid_to: None,
            successor_id: None,
        }
    }

    #[test]
    fn subtree_includes_every_level_below() {
        let units = vec![
            unit(1, None),
            unit(2, Some(1)),
            unit(3, Some(2)),
            unit(4, Some(1)),
            unit(5, Some(3)),
        ];
        let s = subtree(&units, UnitId(2));
        assert_eq!(s, HashSet::from([UnitId(2), UnitId(3), UnitId(5)]));
    }
}
