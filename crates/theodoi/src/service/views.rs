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
        let mut children = Vec::new();
        for cid in self.store.child_task_ids(id).await? {
            if let Some(mut c) = self.store.task(cid).await?
                && actor.can_view(&c)
            {
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
    pub async fn inbox(&self, actor: &Actor) -> DomainResult<Inbox> {
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
            limit: 50,
            ..Default::default()
        };
        let fetch = |f: TaskFilter| async move {
            let page = self.store.tasks(&f).await?;
            Ok::<_, DomainError>(
                page.tasks
                    .into_iter()
                    .map(|r| {
                        let mut t = r.task;
                        mask(&mut t, actor);
                        t
                    })
                    .collect::<Vec<_>>(),
            )
        };
        let new_tasks = if unit_person {
            fetch(list(Some(TaskState::New), None)).await?
        } else {
            vec![]
        };
        let declined = if office {
            fetch(list(Some(TaskState::Declined), None)).await?
        } else {
            vec![]
        };
        let claims = if office {
            fetch(list(Some(TaskState::AwaitingConfirmation), None)).await?
        } else {
            vec![]
        };
        let mut extensions = Vec::new();
        let pending = if deciders {
            self.store.pending_extensions(None, 50).await?
        } else if unit_person {
            self.store.pending_extensions(scope.as_deref(), 50).await?
        } else {
            vec![]
        };
        for e in pending {
            if let Some(mut t) = self.store.task(e.task_id).await? {
                mask(&mut t, actor);
                extensions.push((e, t));
            }
        }
        let (due_soon, overdue) = if unit_person {
            (
                fetch(list(None, Some(Timeframe::DueSoon))).await?,
                fetch(list(None, Some(Timeframe::Overdue))).await?,
            )
        } else {
            let mut key = list(None, Some(Timeframe::Overdue));
            key.is_key = Some(true);
            let mut soon = list(None, Some(Timeframe::DueSoon));
            soon.is_key = Some(true);
            (fetch(soon).await?, fetch(key).await?)
        };
        Ok(Inbox {
            new_tasks,
            declined,
            claims,
            extensions,
            due_soon,
            overdue,
        })
    }
}
