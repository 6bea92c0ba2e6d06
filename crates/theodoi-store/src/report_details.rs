//! The further views of the periodic report, over the same classified tasks as
//! [`Store::report`]: breakdowns by leader, field, source document and co-operating unit, and
//! the overdue tasks with their ageing. One scan per view, none per row.

use std::collections::{BTreeMap, HashMap};

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, Row};
use theodoi_core::format::date_vi;
use theodoi_core::ids::UnitId;
use theodoi_core::model::Unit;
use theodoi_core::report::{Figures, Report, ReportParams};
use theodoi_core::report_views::{BreakdownRow, OverdueTask, age_buckets};
use theodoi_core::status::{Counts, Scope, Timeliness};

use crate::report::classified_sql_with;
use crate::rows::{iso, parse_date, sql};
use crate::{Store, StoreResult};

#[derive(Default, Clone, Copy)]
struct Tally {
    counts: Counts,
    awaiting: i64,
}

impl Tally {
    fn add(&mut self, r: &AnyRow) -> StoreResult<()> {
        let cls: i64 = r.try_get("cls")?;
        let nodl: i64 = r.try_get("nodl")?;
        let susp: i64 = r.try_get("susp")?;
        let awaiting: i64 = r.try_get("awaiting")?;
        let n: i64 = r.try_get("n")?;
        let t = match cls {
            0 => Timeliness::CompletedOnTime,
            1 => Timeliness::CompletedLate,
            3 => Timeliness::Overdue,
            _ => Timeliness::InProgressOnTime,
        };
        self.counts.add_class(t, nodl == 1, susp == 1, n);
        if awaiting == 1 && cls >= 2 {
            self.awaiting += n;
        }
        Ok(())
    }
}

/// The temporary table that holds a report's classified tasks while its views are read.
const ROWS: &str = "report_detail_rows";

/// A query over [`ROWS`], never kept prepared: the table lives for one transaction only.
fn rows_query(text: String) -> sqlx::query::Query<'static, Any, AnyArguments> {
    sqlx::query(sql(text)).persistent(false)
}

impl Store {
    /// Fills the breakdowns, the ageing and the overdue list (at most `overdue_limit` tasks,
    /// longest overdue first) of a report computed by [`Store::report`].
    ///
    /// The tasks are classified once, into a temporary table inside a read transaction
    /// (dropped with it), and every view is a small query over that table. Each view used to
    /// classify the tasks again, and the overdue list read every overdue task with its content
    /// to keep a thousand: at a million tasks the year report spent about 20 s here.
    pub async fn report_details(
        &self,
        p: &ReportParams,
        units: &[Unit],
        report: &mut Report,
        overdue_limit: usize,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        let inner = classified_sql_with(
            p,
            ", leader_id, field, document_id, task_id",
            ", t.assigned_by_user_id AS leader_id, t.field, t.document_id, t.id AS task_id",
        );
        rows_query(format!(
            "CREATE TEMPORARY TABLE {ROWS} (unit_id BIGINT, group_id BIGINT, dl TEXT, cls BIGINT, \
             nodl BIGINT, susp BIGINT, awaiting BIGINT, leader_id BIGINT, field TEXT, document_id BIGINT, \
             task_id BIGINT)"
        ))
        .execute(&mut *tx)
        .await?;
        let from = iso(p.window.from);
        let mut fill = rows_query(format!(
            "INSERT INTO {ROWS} (unit_id, group_id, dl, cls, nodl, susp, awaiting, leader_id, field, \
             document_id, task_id) SELECT unit_id, group_id, dl, cls, nodl, susp, awaiting, leader_id, \
             field, document_id, task_id FROM ({inner}) c"
        ))
        .bind(iso(p.as_of))
        .bind(from.clone())
        .bind(iso(p.window.to.min(p.as_of)));
        if p.scope == Scope::Assigned {
            fill = fill.bind(from);
        }
        fill.execute(&mut *tx).await?;

        let tally = |key: &str| {
            format!(
                "SELECT {key} AS k, cls, nodl, susp, awaiting, COUNT(*) AS n FROM {ROWS} \
                 GROUP BY {key}, cls, nodl, susp, awaiting"
            )
        };
        let mut leaders: HashMap<Option<i64>, Tally> = HashMap::new();
        for r in rows_query(tally("leader_id")).fetch_all(&mut *tx).await? {
            leaders.entry(r.try_get("k")?).or_default().add(&r)?;
        }
        let mut fields: BTreeMap<String, Tally> = BTreeMap::new();
        for r in rows_query(tally("field")).fetch_all(&mut *tx).await? {
            let field: String = r.try_get("k")?;
            fields
                .entry(field.trim().to_string())
                .or_default()
                .add(&r)?;
        }
        let mut documents: HashMap<Option<i64>, Tally> = HashMap::new();
        for r in rows_query(tally("document_id")).fetch_all(&mut *tx).await? {
            documents.entry(r.try_get("k")?).or_default().add(&r)?;
        }
        let coop_rows = if p.include_coop {
            rows_query(format!(
                "SELECT k.unit_id AS coop_unit, cls, nodl, susp, awaiting, COUNT(*) AS n \
                 FROM {ROWS} c JOIN task_coop_units k ON k.task_id = c.task_id \
                 GROUP BY k.unit_id, cls, nodl, susp, awaiting"
            ))
            .fetch_all(&mut *tx)
            .await?
        } else {
            Vec::new()
        };
        // The ageing counts every overdue task; the list keeps the longest overdue.
        let ageing_rows = rows_query(format!(
            "SELECT dl, COUNT(*) AS n FROM {ROWS} WHERE cls = 3 GROUP BY dl"
        ))
        .fetch_all(&mut *tx)
        .await?;
        let overdue_rows = rows_query(format!(
            "SELECT c.task_id, c.unit_id, c.dl, t2.content, t2.secret, d.number, d.doc_date \
             FROM (SELECT task_id, unit_id, dl FROM {ROWS} WHERE cls = 3 ORDER BY dl, task_id LIMIT {overdue_limit}) c \
             JOIN tasks t2 ON t2.id = c.task_id LEFT JOIN documents d ON d.id = t2.document_id \
             ORDER BY c.dl, c.task_id"
        ))
        .fetch_all(&mut *tx)
        .await?;
        // Rolling back drops the temporary table; nothing else was written.
        tx.rollback().await?;

        let users: HashMap<i64, String> = self
            .users()
            .await?
            .into_iter()
            .map(|u| {
                let label = if u.title.trim().is_empty() {
                    u.full_name
                } else {
                    format!("{} ({})", u.full_name, u.title)
                };
                (u.id.0, label)
            })
            .collect();
        report.leaders = rows_of(leaders, p, |k| match k {
            Some(id) => (
                id.to_string(),
                users
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| format!("Người dùng #{id}")),
            ),
            None => (String::new(), "Không ghi lãnh đạo giao".into()),
        });
        report.fields = rows_of(fields, p, |k| {
            (
                k.clone(),
                if k.is_empty() {
                    "Chưa phân loại lĩnh vực".into()
                } else {
                    k.clone()
                },
            )
        });
        let doc_ids: Vec<i64> = documents.keys().flatten().copied().collect();
        let doc_labels = self.document_labels(&doc_ids).await?;
        report.documents = rows_of(documents, p, |k| match k {
            Some(id) => (
                id.to_string(),
                doc_labels
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| format!("Văn bản #{id}")),
            ),
            None => (String::new(), "Không có văn bản nguồn".into()),
        });

        let names: HashMap<i64, &Unit> = units.iter().map(|u| (u.id.0, u)).collect();
        let unit_name = |id: i64| {
            names
                .get(&id)
                .map(|u| u.name.clone())
                .unwrap_or_else(|| format!("Đơn vị #{id}"))
        };
        if p.include_coop {
            let mut coop: HashMap<i64, Tally> = HashMap::new();
            for r in &coop_rows {
                coop.entry(r.try_get("coop_unit")?).or_default().add(r)?;
            }
            report.coop_units = rows_of(coop, p, |id| (id.to_string(), unit_name(*id)));
        }

        let mut days: Vec<i64> = Vec::new();
        for r in &ageing_rows {
            let dl: String = r.try_get("dl")?;
            let n: i64 = r.try_get("n")?;
            let d = (p.as_of - parse_date(&dl, "dl")?).num_days();
            days.extend(std::iter::repeat_n(d, n.max(0) as usize));
        }
        report.ageing = age_buckets(days);
        let mut overdue = Vec::with_capacity(overdue_rows.len());
        for r in &overdue_rows {
            let dl: String = r.try_get("dl")?;
            let deadline = parse_date(&dl, "dl")?;
            let unit_id: i64 = r.try_get("unit_id")?;
            let number: Option<String> = r.try_get("number")?;
            let doc_date: Option<String> = r.try_get("doc_date")?;
            let secret: i64 = r.try_get("secret")?;
            overdue.push(OverdueTask {
                task_id: r.try_get("task_id")?,
                content: if secret == 1 {
                    "(nội dung mật)".into()
                } else {
                    r.try_get("content")?
                },
                unit_id: UnitId(unit_id),
                unit: unit_name(unit_id),
                document: doc_label(number, doc_date, None),
                deadline,
                days_overdue: (p.as_of - deadline).num_days(),
                urgings: 0,
            });
        }
        let ids: Vec<i64> = overdue.iter().map(|t| t.task_id).collect();
        let urged = self.urging_counts(&ids, p.as_of).await?;
        for t in &mut overdue {
            t.urgings = urged.get(&t.task_id).copied().unwrap_or(0);
        }
        report.overdue_tasks = overdue;
        Ok(())
    }

    /// "05/TB-VP ngày 10/01/2023: trích yếu…" for the given document ids.
    async fn document_labels(&self, ids: &[i64]) -> StoreResult<HashMap<i64, String>> {
        let mut out = HashMap::new();
        for chunk in ids.chunks(500) {
            let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
            let rows = sqlx::query(sql(format!(
                "SELECT id, number, doc_date, summary FROM documents WHERE id IN ({})",
                list.join(",")
            )))
            .fetch_all(&self.pool)
            .await?;
            for r in &rows {
                let id: i64 = r.try_get("id")?;
                out.insert(
                    id,
                    doc_label(
                        r.try_get("number")?,
                        r.try_get("doc_date")?,
                        r.try_get("summary")?,
                    ),
                );
            }
        }
        Ok(out)
    }
}

fn doc_label(number: Option<String>, date: Option<String>, summary: Option<String>) -> String {
    let Some(number) = number else {
        return String::new();
    };
    let mut s = number;
    if let Some(d) = date.as_deref().and_then(theodoi_core::window::parse_iso) {
        s.push_str(&format!(" ngày {}", date_vi(d)));
    }
    if let Some(sum) = summary.filter(|x| !x.trim().is_empty()) {
        s.push_str(&format!(": {sum}"));
    }
    s
}

/// Rows with their figures, most tasks first.
fn rows_of<K>(
    map: impl IntoIterator<Item = (K, Tally)>,
    p: &ReportParams,
    label: impl Fn(&K) -> (String, String),
) -> Vec<BreakdownRow> {
    let mut rows: Vec<BreakdownRow> = map
        .into_iter()
        .map(|(k, t)| {
            let (key, label) = label(&k);
            BreakdownRow {
                key,
                label,
                figures: Figures::new(t.counts, t.awaiting, p.basis),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.figures
            .counts
            .tasks
            .cmp(&a.figures.counts.tasks)
            .then(a.label.cmp(&b.label))
    });
    rows
}
