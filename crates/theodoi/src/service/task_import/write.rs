//! The writing half of an import: new units, documents, assignment groups and tasks, all in
//! one transaction (nothing is written if any part fails). Documents, groups and tasks go in
//! a few hundred rows per statement, each still with its audit event and search entry.

use std::collections::{HashMap, HashSet};

use theodoi_core::DomainResult;
use theodoi_core::access::Actor;
use theodoi_core::ids::{DocumentId, GroupId, UnitId};
use theodoi_core::model::{Secrecy, TaskState, UnitKind, Urgency};
use theodoi_core::text::fold;
use theodoi_store::{ImportKeys, ImportedTask, NewDocument, NewTask, NewUnit, Tx};

use super::{DocKey, GroupKey, Planned, UnitRef, doc_key};
use crate::service::{Services, actor_id};

impl Services {
    /// Writes the rows an import found new (`fresh`), with the units to create under
    /// `parent` and the assignment groups (indexes into `fresh`). `progress` is told the
    /// tasks written and the tasks to write.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn write_import(
        &self,
        actor: &Actor,
        fresh: Vec<Planned>,
        new_units: &[String],
        groups: HashMap<GroupKey, Vec<usize>>,
        keys: &ImportKeys,
        parent: Option<UnitId>,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> DomainResult<()> {
        let to_write = fresh.len() as u64;
        progress(0, to_write);
        let mut tx = self.store.begin().await?;
        let usual_cache = tx.widen_cache().await?;
        let written = self
            .write_rows(
                &mut tx, actor, fresh, new_units, groups, keys, parent, progress,
            )
            .await;
        // Also after a failure: the connection goes back to the pool as it was.
        tx.restore_cache(usual_cache).await?;
        written?;
        tx.commit().await?;
        progress(to_write, to_write);
        Ok(())
    }

    /// Everything `write_import` writes, inside its transaction.
    #[allow(clippy::too_many_arguments)]
    async fn write_rows(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        fresh: Vec<Planned>,
        new_units: &[String],
        groups: HashMap<GroupKey, Vec<usize>>,
        keys: &ImportKeys,
        parent: Option<UnitId>,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> DomainResult<()> {
        let at = self.clock.now();
        let by = actor_id(actor);
        let to_write = fresh.len() as u64;

        // New units: few, one by one.
        let mut unit_ids: HashMap<String, UnitId> = HashMap::new();
        for (i, n) in new_units.iter().enumerate() {
            let lower = fold(n);
            let kind = if ["ubnd", "huyen", "thanh pho", "thi xa", "xa ", "phuong"]
                .iter()
                .any(|p| lower.starts_with(p))
            {
                UnitKind::Locality
            } else {
                UnitKind::Agency
            };
            let u = NewUnit {
                code: format!("nhap_{}_{}", at.format("%Y%m%d%H%M%S"), i + 1),
                name: n.clone(),
                short_name: n.clone(),
                kind,
                parent_id: parent,
                aliases: Vec::new(),
                valid_from: None,
            };
            let id = tx.insert_unit(&u, at).await?;
            tx.audit(
                at,
                by,
                "unit",
                id.0,
                "import",
                None::<&()>,
                Some(&serde_json::json!({"name": n, "parent_id": parent.map(|p| p.0)})),
            )
            .await?;
            unit_ids.insert(fold(n), id);
        }
        let resolve = |u: &UnitRef| match u {
            UnitRef::Existing(id) => *id,
            UnitRef::New(n) => unit_ids.get(&fold(n)).copied().unwrap_or(UnitId(0)),
        };

        // New documents, in the order the sheet first names them.
        let mut doc_ids: HashMap<DocKey, DocumentId> = keys
            .documents
            .iter()
            .map(|(k, v)| (k.clone(), DocumentId(*v)))
            .collect();
        let mut new_keys: Vec<DocKey> = Vec::new();
        let mut new_docs: Vec<NewDocument> = Vec::new();
        let mut seen: HashSet<DocKey> = HashSet::new();
        for p in &fresh {
            if let Some(d) = &p.doc {
                let k = doc_key(d);
                if doc_ids.contains_key(&k) || !seen.insert(k.clone()) {
                    continue;
                }
                new_docs.push(NewDocument {
                    number: d.0.clone(),
                    date: d.1,
                    kind: d.2,
                    issuer_unit_id: None,
                    issuer_text: String::new(),
                    signer: String::new(),
                    summary: if d.3.is_empty() {
                        p.content.clone()
                    } else {
                        d.3.clone()
                    },
                    secrecy: Secrecy::Normal,
                    urgency: Urgency::Normal,
                    parent_id: None,
                });
                new_keys.push(k);
            }
        }
        let ids = tx
            .insert_documents_batch(&new_docs, by, "import", at)
            .await?;
        doc_ids.extend(new_keys.into_iter().zip(ids));
        let doc_of = |p: &Planned| {
            p.doc
                .as_ref()
                .and_then(|d| doc_ids.get(&doc_key(d)).copied())
        };

        // Assignment groups, in the order of their first row.
        let mut group_list: Vec<Vec<usize>> = groups.into_values().collect();
        group_list.sort_by_key(|members| members[0]);
        let specs: Vec<(String, Option<DocumentId>)> = group_list
            .iter()
            .map(|members| {
                let first = &fresh[members[0]];
                (first.content.clone(), doc_of(first))
            })
            .collect();
        let gids = tx.insert_groups_batch(&specs, at).await?;
        let mut group_of: HashMap<usize, GroupId> = HashMap::new();
        for (members, g) in group_list.iter().zip(gids) {
            for m in members {
                group_of.insert(*m, g);
            }
        }

        // The tasks: the long part of a large import.
        let tasks: Vec<ImportedTask> = fresh
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (completed_on, withdrawn_on, suspended_from) = match p.state {
                    TaskState::Completed => (p.completed_on, None, None),
                    // Without a date, the withdrawal is taken as of the assignment: the task
                    // stays out of every report, as the sheet says it is withdrawn.
                    TaskState::Withdrawn => (
                        p.completed_on,
                        Some(p.withdrawn_on.unwrap_or(p.assigned_on)),
                        None,
                    ),
                    TaskState::Suspended => (None, None, Some(p.assigned_on)),
                    _ => (None, None, None),
                };
                ImportedTask {
                    task: NewTask {
                        document_id: doc_of(p),
                        clause: String::new(),
                        content: p.content.clone(),
                        lead_unit_id: resolve(&p.lead),
                        coop_unit_ids: p.coop.iter().map(resolve).collect(),
                        assigned_by_user_id: p.leader,
                        assigned_by_unit_id: p.leader_unit,
                        assigned_on: p.assigned_on,
                        deadline_kind: p.deadline_kind,
                        deadline_text: p.deadline_text.clone(),
                        deadline: p.deadline,
                        recurrence: None,
                        series_id: None,
                        period_label: String::new(),
                        is_key: p.is_key,
                        field: p.field.clone(),
                        parent_id: None,
                        group_id: group_of.get(&i).copied(),
                        report_level: 0,
                        secret: false,
                        created_by: by,
                    },
                    state: p.state,
                    completed_on,
                    withdrawn_on,
                    suspended_from,
                    assigned_by_text: if p.leader.is_none() {
                        p.leader_text.clone()
                    } else {
                        String::new()
                    },
                    audit_after: serde_json::json!({"row": p.row, "content": p.content, "state": p.state}),
                }
            })
            .collect();
        drop(fresh);
        tx.insert_imported_tasks(&tasks, by, at, &mut |n| progress(n, to_write))
            .await?;
        Ok(())
    }
}
