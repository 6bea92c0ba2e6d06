//! Read models for the web pages: one task with everything around it, and a person's inbox
//! (việc cần xử lý). Both apply the same access rules as every other read.

use theodoi_core::access::Actor;
use theodoi_core::ids::TaskId;
use theodoi_core::model::{AuditEvent, Document, Role, Task, TaskState};
use theodoi_core::{DomainError, DomainResult};
use theodoi_store::{PendingExtension, TaskFilter, TaskHistory, TaskSort, Timeframe};

use super::Services;

const SECRET: &str = "(Nội dung mật)";

pub struct TaskDetail {
    pub task: Task,
    /// The content was replaced because the actor may not read this secret task.
    pub content_hidden: bool,
    pub history: TaskHistory,
    pub audit: Vec<AuditEvent>,
    pub document: Option<Document>,
    pub parent: Option<Task>,
    pub children: Vec<Task>,
}

pub struct Inbox {
    pub new_tasks: Vec<Task>,
    pub declined: Vec<Task>,
    pub claims: Vec<Task>,
    pub extensions: Vec<(PendingExtension, Task)>,
    pub due_soon: Vec<Task>,
    pub overdue: Vec<Task>,
    /// How many there are in all (each list shows the first [`INBOX_LIST`]).
    pub counts: InboxCounts,
}

/// Each inbox list shows this many; the counts say how many there are.
pub const INBOX_LIST: i64 = 50;

/// Counted up to this; beyond, the count is `INBOX_COUNT_CAP + 1`, "more than".
pub const INBOX_COUNT_CAP: i64 = 10_000;

/// The size of each inbox list; a count above [`INBOX_COUNT_CAP`] means "more than the cap".
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct InboxCounts {
    pub new_tasks: i64,
    pub declined: i64,
    pub claims: i64,
    pub extensions: i64,
    pub due_soon: i64,
    pub overdue: i64,
}

fn mask(t: &mut Task, actor: &Actor) -> bool {
    if t.secret && !actor.can_read_secret(t) {
        t.content = SECRET.into();
        true
    } else {
        false
    }
}

impl Services {
    /// A task with its history, audit trail, document, parent and delegated sub-tasks.
    /// Secret content (also in progress notes, claims and the audit trail) is hidden from
    /// those who may not read it.
    pub async fn task_detail(&self, actor: &Actor, id: TaskId) -> DomainResult<TaskDetail> {
        actor.require_reports()?;
        let mut task = self
            .store
            .task(id)
            .await?
            .ok_or_else(|| DomainError::not_found(format!("nhiệm vụ #{id}")))?;
        actor.require_view(&task)?;
        let hidden = mask(&mut task, actor);
        let mut history = self.store.task_history(id).await?;
        let mut audit = self.store.audit_trail("task", id.0).await?;
        if hidden {
            for p in &mut history.progress {
                p.text = SECRET.into();
            }
            for c in &mut history.claims {
                c.result_text = SECRET.into();
            }
            for e in &mut audit {
                e.before = None;
                e.after = None;
            }
        }
        let document = match task.document_id {
            Some(d) => self.store.document(d).await?,
            None => None,
        };
        let parent = match task.parent_id {
            Some(p) => self
                .store
                .task(p)
                .await?
                .filter(|p| actor.can_view(p))
                .map(|mut p| {
                    mask(&mut p, actor);
                    p
                }),
            None => None,
        };
        let child_ids = self.store.child_task_ids(id).await?;
        let mut children = Vec::new();
        for mut c in self.store.tasks_by_ids(&child_ids).await? {
            if actor.can_view(&c) {
                mask(&mut c, actor);
                children.push(c);
            }
        }
        Ok(TaskDetail {
            task,
            content_hidden: hidden,
            history,
            audit,
            document,
            parent,
            children,
        })
    }

    /// What waits for this person: new tasks to accept, declined tasks to reassign, claims to
    /// confirm, extension requests to decide, and their tasks due soon or overdue.
    ///
    /// Extension requests are listed oldest first, [`INBOX_LIST`] at a time from
    /// `extensions_from` (the page of that list).
    pub async fn inbox(&self, actor: &Actor, extensions_from: i64) -> DomainResult<Inbox> {
        actor.require_reports()?;
        let today = self.today().await?;
        let due_soon_days = self.due_soon_days().await?;
        let scope: Option<Vec<_>> =
            (!actor.sees_everything()).then(|| actor.scope.iter().copied().collect());
        let unit_person = matches!(actor.role(), Role::UnitManager | Role::UnitStaff);
        let office = actor.role() == Role::Office;
        let deciders = matches!(actor.role(), Role::Leader | Role::Office);
        let list = |state: Option<TaskState>, tf: Option<Timeframe>| TaskFilter {
            lead_units: scope.clone(),
            state,
            timeframe: tf,
            today: Some(today),
            due_soon_days,
            include_delegated: true,
            sort: TaskSort::Deadline,
            limit: INBOX_LIST,
            count_cap: Some(INBOX_COUNT_CAP),
            ..Default::default()
        };
        let fetch = |f: TaskFilter| async move {
            let page = self.store.tasks(&f).await?;
            Ok::<_, DomainError>((
                page.tasks
                    .into_iter()
                    .map(|r| {
                        let mut t = r.task;
                        mask(&mut t, actor);
                        t
                    })
                    .collect::<Vec<_>>(),
                page.total,
            ))
        };
        let mut counts = InboxCounts::default();
        let mut new_tasks = vec![];
        if unit_person {
            (new_tasks, counts.new_tasks) = fetch(list(Some(TaskState::New), None)).await?;
        }
        let (mut declined, mut claims) = (vec![], vec![]);
        if office {
            (declined, counts.declined) = fetch(list(Some(TaskState::Declined), None)).await?;
            (claims, counts.claims) =
                fetch(list(Some(TaskState::AwaitingConfirmation), None)).await?;
        }
        let mut extensions = Vec::new();
        let ext_units = if deciders {
            Some(None)
        } else if unit_person {
            Some(scope.as_deref())
        } else {
            None
        };
        let pending = match ext_units {
            Some(units) => {
                counts.extensions = self.store.pending_extension_count(units).await?;
                self.store
                    .pending_extensions(units, INBOX_LIST, extensions_from.max(0))
                    .await?
            }
            None => vec![],
        };
        let ids: Vec<TaskId> = pending.iter().map(|e| e.task_id).collect();
        let mut tasks: std::collections::HashMap<TaskId, Task> = self
            .store
            .tasks_by_ids(&ids)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
        for e in pending {
            if let Some(mut t) = tasks.remove(&e.task_id) {
                mask(&mut t, actor);
                extensions.push((e, t));
            }
        }
        let mut soon = list(None, Some(Timeframe::DueSoon));
        let mut late = list(None, Some(Timeframe::Overdue));
        if !unit_person {
            // Leaders and the office: the key tasks (nhiệm vụ trọng tâm) of the province.
            soon.is_key = Some(true);
            late.is_key = Some(true);
        }
        let (due_soon, overdue);
        (due_soon, counts.due_soon) = fetch(soon).await?;
        (overdue, counts.overdue) = fetch(late).await?;
        Ok(Inbox {
            new_tasks,
            declined,
            claims,
            extensions,
            due_soon,
            overdue,
            counts,
        })
    }
}
