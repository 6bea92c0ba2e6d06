//! The service layer: every read and write the web, the API and the CLI perform goes through
//! here. Each function checks the actor's permission (theodoi_core::access), validates its
//! input, and performs its writes in one transaction together with their audit events.

mod admin;
pub mod auth;
mod documents;
mod extract;
mod extract_register;
pub mod figures_access;
pub mod figures_excel;
pub mod figures_settings;
pub mod figures_view;
pub mod indicators;
pub mod inspections;
pub mod investment;
pub mod notify;
mod registration;
mod remind;
mod report_export;
mod report_issue;
mod report_views;
mod reports;
mod search;
mod task_export;
mod task_import;
mod tasks;
mod units;
pub mod urging;
pub mod views;
mod workflow;

use chrono::NaiveDate;
use theodoi_core::access::Actor;
use theodoi_core::calendar::Calendar;
use theodoi_core::deadline::DeadlineSettings;
use theodoi_core::model::{Role, User};
use theodoi_core::{DomainError, DomainResult};
use theodoi_store::Store;

use crate::clock::Clock;

pub use documents::DocumentInput;
pub use extract::TreeResolver;
pub use extract_register::{MAX_UPLOAD_BYTES, Suggestion, group_members};
pub use registration::{Registered, TaskRow};
pub use remind::{DigestRun, RemindRun, RunItem, describe as remind_describe, digest_text};
pub use report_export::{CSV, DOCX, FileOut, XLSX};
pub use report_issue::{IssuedComparison, ReportChange};
pub use reports::ReportRequest;
pub use search::{SearchGroup, SearchHit, SearchResult};
pub use task_export::TaskListRequest;
pub use task_import::{ImportOptions, ImportOutcome, PREVIEW_ROWS, PreviewRow, RowIssue};
pub use tasks::{AssignInput, DeadlineInput};
pub use units::{UnitInput, resolve_unit};
pub use workflow::Correction;

/// Settings keys.
pub mod keys {
    pub const DUE_SOON_DAYS: &str = "due_soon_days";
    pub const MOVE_OFF_DAYS: &str = "deadline_move_off_days";
    pub const TODAY: &str = "today";
}

#[derive(Clone)]
pub struct Services {
    pub store: Store,
    pub clock: Clock,
    /// Failed sign-ins (in memory; see [`auth`]).
    pub throttle: std::sync::Arc<auth::Throttle>,
}

impl Services {
    pub fn new(store: Store, clock: Clock) -> Self {
        Self {
            store,
            clock,
            throttle: Default::default(),
        }
    }

    /// Today for the user: the configured date in a demo, else the clock's date in Vietnam.
    pub async fn today(&self) -> DomainResult<NaiveDate> {
        if let Some(d) = self.store.setting(keys::TODAY).await?
            && let Some(d) = theodoi_core::window::parse_iso(&d)
        {
            return Ok(d);
        }
        Ok(self.clock.today())
    }

    pub async fn due_soon_days(&self) -> DomainResult<i64> {
        Ok(self
            .store
            .setting(keys::DUE_SOON_DAYS)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(3))
    }

    pub async fn deadline_settings(&self) -> DomainResult<DeadlineSettings> {
        let on = self
            .store
            .setting(keys::MOVE_OFF_DAYS)
            .await?
            .is_none_or(|v| v != "off");
        Ok(DeadlineSettings {
            move_off_day_to_next_working_day: on,
        })
    }

    pub async fn calendar(&self) -> DomainResult<Calendar> {
        Ok(self.store.calendar().await?)
    }

    /// Seeds a new database with the shipped holiday calendar (once).
    pub async fn seed_calendar_if_empty(&self) -> DomainResult<()> {
        if !self.store.calendar_days().await?.is_empty() {
            return Ok(());
        }
        let mut tx = self.store.begin().await?;
        let days = Calendar::shipped_days();
        for d in &days {
            tx.upsert_calendar_day(d).await?;
        }
        tx.audit(
            self.clock.now(),
            None,
            "calendar",
            0,
            "seed_shipped",
            None::<&()>,
            Some(&days.len()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The actor for a signed-in user (inactive accounts are refused).
    pub async fn actor(&self, user: User) -> DomainResult<Actor> {
        if !user.active {
            return Err(DomainError::Forbidden(format!(
                "tài khoản {} đã bị khóa",
                user.username
            )));
        }
        let units = self.store.units().await?;
        Ok(Actor::new(user, &units))
    }

    pub async fn actor_by_username(&self, username: &str) -> DomainResult<Actor> {
        let auth = self
            .store
            .user_auth(username)
            .await?
            .ok_or_else(|| DomainError::not_found(format!("người dùng '{username}'")))?;
        self.actor(auth.user).await
    }

    /// The system actor the CLI uses for administration (an office-and-admin superuser).
    pub fn system_actor(role: Role) -> Actor {
        Actor {
            user: User {
                id: theodoi_core::ids::UserId(0),
                username: "system".into(),
                full_name: "Hệ thống".into(),
                role,
                unit_id: None,
                title: String::new(),
                active: true,
            },
            scope: Default::default(),
        }
    }
}

/// Actor ids of the system actor are not stored as foreign keys.
pub(crate) fn actor_id(a: &Actor) -> Option<theodoi_core::ids::UserId> {
    (a.user.id.0 > 0).then_some(a.user.id)
}
