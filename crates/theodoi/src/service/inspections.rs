//! The working group (Tổ công tác, issue 7 item 4): inspection plans, the visit and its
//! conclusions (tính chất, mức độ, nguyên nhân, trách nhiệm), the tasks an inspection
//! concerns, and tasks given from its conclusions (normal tasks, linked as `created`).
//! The working group and the office write; leaders read all; a unit reads its own.

use chrono::NaiveDate;
use serde::Deserialize;
use theodoi_core::access::Actor;
use theodoi_core::error::Problems;
use theodoi_core::format::date_vi;
use theodoi_core::ids::{TaskId, UnitId};
use theodoi_core::model::{Role, Task};
use theodoi_core::text::clean;
use theodoi_core::{DomainError, DomainResult};
use theodoi_store::{Inspection, InspectionVisit, NewInspection};

use super::{AssignInput, Services, actor_id};

/// A new inspection plan as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InspectionInput {
    pub title: String,
    pub unit_id: Option<i64>,
    pub planned_on: Option<NaiveDate>,
    #[serde(default)]
    pub members: String,
}

/// The visit and its conclusions as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct VisitInput {
    pub visited_on: Option<NaiveDate>,
    #[serde(default)]
    pub members: String,
    #[serde(default)]
    pub nature: String,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub causes: String,
    #[serde(default)]
    pub responsibility: String,
}

/// An inspection with the tasks linked to it that the reader may see.
#[derive(Debug, Clone)]
pub struct InspectionDetail {
    pub inspection: Inspection,
    /// (task, relation `concerns` | `created`).
    pub tasks: Vec<(Task, String)>,
}

/// Plans, visits and conclusions are written by the working group and the office.
pub fn require_inspection_write(actor: &Actor) -> DomainResult<()> {
    match actor.role() {
        Role::Inspector | Role::Office => Ok(()),
        _ => Err(DomainError::Forbidden(format!(
            "tài khoản {} ({}) không được lập kế hoạch, ghi kết luận kiểm tra (chỉ Tổ công tác và Văn phòng)",
            actor.user.username,
            actor.role().label()
        ))),
    }
}

/// Reading: everyone who follows all tasks; a unit's people for inspections of their units.
fn can_read(actor: &Actor, i: &Inspection) -> bool {
    actor.sees_everything()
        || (matches!(actor.role(), Role::UnitManager | Role::UnitStaff)
            && actor.in_scope(i.unit_id))
}

impl Services {
    /// The inspections the actor may read, newest plan first.
    pub async fn inspections(&self, actor: &Actor) -> DomainResult<Vec<Inspection>> {
        if actor.role() == Role::Admin {
            return Err(DomainError::Forbidden(
                "quản trị hệ thống không xem nội dung kiểm tra".into(),
            ));
        }
        let all = self.store.inspections().await?;
        Ok(all.into_iter().filter(|i| can_read(actor, i)).collect())
    }

    pub async fn inspection(&self, actor: &Actor, id: i64) -> DomainResult<InspectionDetail> {
        let inspection = self.readable(actor, id).await?;
        let links = self.store.inspection_tasks(id).await?;
        let ids: Vec<_> = links.iter().map(|(tid, _)| *tid).collect();
        let found: std::collections::HashMap<_, _> = self
            .store
            .tasks_by_ids(&ids)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
        let mut tasks = Vec::new();
        for (tid, relation) in links {
            if let Some(t) = found.get(&tid)
                && actor.can_view(t)
            {
                tasks.push((t.clone(), relation));
            }
        }
        Ok(InspectionDetail { inspection, tasks })
    }

    /// The inspections linked to a task, for its page (only those the actor may read).
    pub async fn task_inspections(
        &self,
        actor: &Actor,
        task: TaskId,
    ) -> DomainResult<Vec<(Inspection, String)>> {
        Ok(self
            .store
            .task_inspections(task)
            .await?
            .into_iter()
            .filter(|(i, _)| can_read(actor, i))
            .collect())
    }

    async fn readable(&self, actor: &Actor, id: i64) -> DomainResult<Inspection> {
        let i = self
            .store
            .inspection(id)
            .await?
            .ok_or_else(|| DomainError::not_found(format!("đợt kiểm tra #{id}")))?;
        if can_read(actor, &i) {
            Ok(i)
        } else {
            Err(DomainError::Forbidden(format!(
                "tài khoản {} không được xem đợt kiểm tra #{id}",
                actor.user.username
            )))
        }
    }

    /// Creates a plan (status `planned`), with its audit event.
    pub async fn create_inspection(
        &self,
        actor: &Actor,
        input: InspectionInput,
    ) -> DomainResult<Inspection> {
        require_inspection_write(actor)?;
        let mut p = Problems::new();
        let title = clean(&input.title);
        if title.is_empty() {
            p.add("title", "tên đợt kiểm tra không được để trống");
        }
        let units = self.store.units().await?;
        match input.unit_id {
            None => p.add("unit_id", "chọn đơn vị được kiểm tra"),
            Some(u) if !units.iter().any(|x| x.id.0 == u) => {
                p.add("unit_id", format!("không có đơn vị #{u}"))
            }
            Some(_) => {}
        }
        if input.planned_on.is_none() {
            p.add("planned_on", "nhập ngày kiểm tra dự kiến (ngày/tháng/năm)");
        }
        p.into_result()?;
        let (Some(unit), Some(planned_on)) = (input.unit_id, input.planned_on) else {
            return Err(DomainError::invalid("unit_id", "thiếu đơn vị hoặc ngày"));
        };
        let new = NewInspection {
            title,
            unit_id: UnitId(unit),
            planned_on,
            members: clean(&input.members),
        };
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        let id = tx.insert_inspection(&new, actor_id(actor), at).await?;
        tx.audit(
            at,
            actor_id(actor),
            "inspection",
            id,
            "create",
            None::<&()>,
            Some(&new),
        )
        .await?;
        let created = tx
            .inspection(id)
            .await?
            .ok_or_else(|| DomainError::Internal(format!("đợt kiểm tra #{id} vừa tạo đã mất")))?;
        tx.commit().await?;
        Ok(created)
    }

    /// Records the visit and its conclusions (a correction when recorded already).
    pub async fn record_inspection_visit(
        &self,
        actor: &Actor,
        id: i64,
        input: VisitInput,
    ) -> DomainResult<Inspection> {
        require_inspection_write(actor)?;
        let before = self.readable(actor, id).await?;
        let mut p = Problems::new();
        match input.visited_on {
            None => p.add("visited_on", "nhập ngày kiểm tra thực tế (ngày/tháng/năm)"),
            Some(d) if d < before.planned_on => p.add(
                "visited_on",
                format!(
                    "ngày kiểm tra {} trước ngày dự kiến {}",
                    date_vi(d),
                    date_vi(before.planned_on)
                ),
            ),
            Some(_) => {}
        }
        let nature = clean(&input.nature);
        if nature.is_empty() {
            p.add("nature", "kết luận phải nêu tính chất");
        }
        p.into_result()?;
        let Some(visited_on) = input.visited_on else {
            return Err(DomainError::invalid("visited_on", "thiếu ngày kiểm tra"));
        };
        let members = clean(&input.members);
        let visit = InspectionVisit {
            visited_on,
            members: if members.is_empty() {
                before.members.clone()
            } else {
                members
            },
            nature,
            severity: clean(&input.severity),
            causes: clean(&input.causes),
            responsibility: clean(&input.responsibility),
        };
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        tx.record_inspection_visit(id, &visit).await?;
        tx.audit(
            at,
            actor_id(actor),
            "inspection",
            id,
            "visit",
            Some(&before),
            Some(&visit),
        )
        .await?;
        let after = tx
            .inspection(id)
            .await?
            .ok_or_else(|| DomainError::not_found(format!("đợt kiểm tra #{id}")))?;
        tx.commit().await?;
        Ok(after)
    }

    /// Links a task the inspection concerns. Linking it again changes nothing.
    pub async fn link_inspection_task(
        &self,
        actor: &Actor,
        id: i64,
        task: Option<i64>,
    ) -> DomainResult<bool> {
        require_inspection_write(actor)?;
        self.readable(actor, id).await?;
        let Some(tid) = task else {
            return Err(DomainError::invalid("task_id", "nhập mã nhiệm vụ"));
        };
        if self.store.task(TaskId(tid)).await?.is_none() {
            return Err(DomainError::invalid(
                "task_id",
                format!("không có nhiệm vụ #{tid}"),
            ));
        }
        let at = self.clock.now();
        let mut tx = self.store.begin().await?;
        let added = tx.link_inspection_task(id, TaskId(tid), "concerns").await?;
        if added {
            tx.audit(
                at,
                actor_id(actor),
                "inspection",
                id,
                "link_task",
                None::<&()>,
                Some(&serde_json::json!({"task_id": tid, "relation": "concerns"})),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Gives a task from the inspection's conclusions: a normal task (the usual checks,
    /// deadline wording and audit), linked as `created` in the same transaction.
    pub async fn task_from_inspection(
        &self,
        actor: &Actor,
        id: i64,
        input: AssignInput,
    ) -> DomainResult<Vec<Task>> {
        require_inspection_write(actor)?;
        let i = self.readable(actor, id).await?;
        if i.status != "done" {
            return Err(DomainError::Conflict(format!(
                "đợt kiểm tra #{id} chưa có kết luận; ghi kết luận trước khi giao nhiệm vụ"
            )));
        }
        self.assign_linked(actor, input, Some(id)).await
    }
}
