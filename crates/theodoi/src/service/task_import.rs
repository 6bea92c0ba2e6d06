//! Importing tasks from a spreadsheet: columns matched by name (ignoring case, spacing and
//! diacritics), documents created or matched by number and date, units by name or alias,
//! deadlines as dates or Vietnamese phrases. All or nothing: one bad row and nothing is
//! written; the error list names every bad row, its column and the reason. A row that is
//! already stored (same document number and date, lead unit, content and deadline) is skipped,
//! so importing the same file twice does not duplicate tasks.

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;
use theodoi_core::access::Actor;
use theodoi_core::deadline::{DeadlineRule, parse_deadline};
use theodoi_core::ids::{UnitId, UserId};
use theodoi_core::model::{DeadlineKind, DocumentKind, Role, TaskState, Unit};
use theodoi_core::text::{clean, fold};
use theodoi_core::{DomainError, DomainResult};

use super::{Services, resolve_unit};
use crate::sheet::{Cell, SheetRow, date_of, parse_vi_date};

mod write;

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Check only; write nothing.
    pub dry_run: bool,
    /// Create unknown units under this parent (name, short name, alias or code).
    pub create_units_under: Option<String>,
}

/// One problem in the file: its row (as numbered in the sheet), column and reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowIssue {
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl fmt::Display for RowIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.row == 0 {
            write!(f, "cột «{}»: {}", self.column, self.message)
        } else if self.column.is_empty() {
            write!(f, "dòng {}: {}", self.row, self.message)
        } else {
            write!(
                f,
                "dòng {}, cột «{}»: {}",
                self.row, self.column, self.message
            )
        }
    }
}

/// What an import did (or, with errors or a dry run, would do).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportOutcome {
    pub rows: usize,
    pub created: usize,
    pub duplicates: usize,
    pub documents_created: usize,
    pub units_created: usize,
    pub groups_created: usize,
    pub warnings: Vec<RowIssue>,
    /// When not empty, nothing was written.
    pub errors: Vec<RowIssue>,
    /// True when the tasks were written.
    pub written: bool,
    /// The first rows and what the import does with each (new or already present).
    pub preview: Vec<PreviewRow>,
}

/// How many rows an outcome lists in `preview`.
pub const PREVIEW_ROWS: usize = 200;

/// One row of the preview.
#[derive(Debug, Clone, Serialize)]
pub struct PreviewRow {
    pub row: usize,
    pub content: String,
    pub lead_unit: String,
    pub deadline: String,
    pub state: String,
    /// Already stored: the import skips it.
    pub present: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Col {
    Id,
    DocNumber,
    DocDate,
    DocKind,
    Summary,
    Content,
    Lead,
    Coop,
    Leader,
    Assigned,
    Deadline,
    Completed,
    State,
    Key,
    Field,
    Withdrawn,
}

const COLUMNS: &[(Col, &str, &[&str])] = &[
    (Col::Id, "Mã nhiệm vụ", &["ma", "id"]),
    (
        Col::DocNumber,
        "Số ký hiệu văn bản",
        &["so ky hieu", "so van ban", "so hieu van ban"],
    ),
    (Col::DocDate, "Ngày văn bản", &["ngay ban hanh"]),
    (Col::DocKind, "Loại văn bản", &[]),
    (Col::Summary, "Trích yếu", &["trich yeu van ban"]),
    (Col::Content, "Nội dung nhiệm vụ", &["noi dung", "nhiem vu"]),
    (
        Col::Lead,
        "Đơn vị chủ trì",
        &["chu tri", "don vi thuc hien"],
    ),
    (Col::Coop, "Đơn vị phối hợp", &["phoi hop"]),
    (
        Col::Leader,
        "Lãnh đạo giao",
        &["nguoi giao", "lanh dao chi dao"],
    ),
    (Col::Assigned, "Ngày giao", &[]),
    (
        Col::Deadline,
        "Thời hạn",
        &["thoi han hoan thanh", "han hoan thanh"],
    ),
    (Col::Completed, "Ngày hoàn thành", &[]),
    (Col::State, "Trạng thái", &["tinh trang"]),
    (Col::Key, "Nhiệm vụ trọng tâm", &["trong tam"]),
    (Col::Field, "Lĩnh vực", &[]),
    (Col::Withdrawn, "Ngày thu hồi", &[]),
];

fn key(s: &str) -> String {
    fold(s)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn column_of(header: &str) -> Option<Col> {
    let k = key(header);
    COLUMNS
        .iter()
        .find(|(_, name, alts)| key(name) == k || alts.contains(&k.as_str()))
        .map(|(c, _, _)| *c)
}

fn label(c: Col) -> &'static str {
    COLUMNS
        .iter()
        .find(|(x, _, _)| *x == c)
        .map(|(_, n, _)| *n)
        .unwrap_or("")
}

fn state_of(s: &str) -> Option<TaskState> {
    let k = key(s);
    TaskState::ALL
        .iter()
        .copied()
        .filter(|t| *t != TaskState::Declined)
        .find(|t| key(t.label()) == k || t.as_str() == k.replace(' ', "_"))
}

fn kind_of(s: &str) -> Option<DocumentKind> {
    let k = key(s);
    DocumentKind::ALL
        .iter()
        .copied()
        .find(|d| key(d.label()) == k || d.as_str() == k.replace(' ', "_"))
        .or_else(|| (k == "thong bao").then_some(DocumentKind::ThongBaoKetLuan))
}

/// A row checked and resolved, ready to write.
#[derive(Debug, Clone)]
struct Planned {
    row: usize,
    doc: Option<(String, NaiveDate, DocumentKind, String)>,
    content: String,
    /// The lead unit as written in the sheet (for the preview).
    lead_text: String,
    lead: UnitRef,
    coop: Vec<UnitRef>,
    leader: Option<UserId>,
    leader_unit: Option<UnitId>,
    leader_text: String,
    assigned_on: NaiveDate,
    deadline_kind: DeadlineKind,
    deadline_text: String,
    deadline: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
    state: TaskState,
    withdrawn_on: Option<NaiveDate>,
    is_key: bool,
    field: String,
}

/// Document (number, ISO date).
type DocKey = (String, String);
/// A planned row's document as stored: (number, ISO date).
fn doc_key(d: &(String, NaiveDate, DocumentKind, String)) -> DocKey {
    (d.0.clone(), d.1.format("%Y-%m-%d").to_string())
}
/// What makes two rows the same task: document, lead unit, folded content, deadline.
type TaskKey = (Option<DocKey>, UnitRef, String, Option<NaiveDate>);
/// What makes rows one assignment given to several units: document, content, assigned date.
type GroupKey = (Option<DocKey>, String, NaiveDate);

/// An existing unit or one to create (by its folded name).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum UnitRef {
    Existing(UnitId),
    New(String),
}

struct UnitIndex {
    by_key: HashMap<String, Vec<UnitId>>,
    units: Vec<Unit>,
}

impl UnitIndex {
    fn new(units: Vec<Unit>) -> Self {
        let mut by_key: HashMap<String, Vec<UnitId>> = HashMap::new();
        for u in &units {
            let mut keys: HashSet<String> = [fold(&u.name), fold(&u.short_name), fold(&u.code)]
                .into_iter()
                .collect();
            keys.extend(u.aliases.iter().map(|a| fold(a)));
            for k in keys {
                by_key.entry(k).or_default().push(u.id);
            }
        }
        Self { by_key, units }
    }

    fn find(&self, name: &str) -> Result<UnitId, String> {
        match self.by_key.get(&fold(name)).map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            Some(many) if many.len() > 1 => Err(format!(
                "'{}' khớp nhiều đơn vị: {}; hãy ghi rõ tên hoặc mã",
                name.trim(),
                many.iter()
                    .filter_map(|id| self.units.iter().find(|u| u.id == *id))
                    .map(|u| u.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            _ => Err(format!("không tìm thấy đơn vị '{}'", name.trim())),
        }
    }
}

impl Services {
    /// Checks a spreadsheet of tasks and, unless `dry_run` or any row is bad, imports it in one
    /// transaction. `progress` is told (rows done, rows in all).
    pub async fn import_tasks(
        &self,
        actor: &Actor,
        bytes: &[u8],
        filename: &str,
        opts: &ImportOptions,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> DomainResult<ImportOutcome> {
        actor.require_office("nhập nhiệm vụ từ tệp")?;
        let rows = crate::sheet::read(bytes, filename)
            .map_err(|m| DomainError::invalid("file", format!("{filename}: {m}")))?;
        let mut out = ImportOutcome::default();
        let units = self.store.units().await?;
        let parent = match opts.create_units_under.as_deref() {
            Some(p) => Some(resolve_unit(&units, p).map_err(|e| {
                DomainError::invalid("create_units", format!("đơn vị cấp trên: {}", strip(&e)))
            })?),
            None => None,
        };
        let index = UnitIndex::new(units);

        // The header: the first of the first ten rows naming at least two known columns.
        let Some((hpos, cols)) = rows.iter().take(10).enumerate().find_map(|(i, r)| {
            let cols: Vec<Option<Col>> = r.cells.iter().map(|c| column_of(&c.text())).collect();
            (cols.iter().flatten().count() >= 2).then_some((i, cols))
        }) else {
            out.errors.push(RowIssue {
                row: 0,
                column: "Nội dung nhiệm vụ".into(),
                message: "không thấy dòng tiêu đề cột (cần ít nhất «Nội dung nhiệm vụ» và «Đơn vị chủ trì»)".into(),
            });
            return Ok(out);
        };
        let header_row = rows[hpos].number;
        let mut seen: HashMap<Col, usize> = HashMap::new();
        for (i, c) in cols.iter().enumerate() {
            match c {
                Some(c) => {
                    if seen.insert(*c, i).is_some() {
                        out.errors.push(RowIssue {
                            row: header_row,
                            column: label(*c).into(),
                            message: "cột này có hai lần".into(),
                        });
                    }
                }
                None => {
                    let h = rows[hpos].cells[i].text();
                    if !h.is_empty() {
                        out.warnings.push(RowIssue {
                            row: header_row,
                            column: h,
                            message: "cột không dùng đến, bỏ qua".into(),
                        });
                    }
                }
            }
        }
        for required in [Col::Content, Col::Lead] {
            if !seen.contains_key(&required) {
                out.errors.push(RowIssue {
                    row: 0,
                    column: label(required).into(),
                    message: "thiếu cột bắt buộc".into(),
                });
            }
        }
        if !seen.contains_key(&Col::Assigned) && !seen.contains_key(&Col::DocDate) {
            out.errors.push(RowIssue {
                row: 0,
                column: label(Col::Assigned).into(),
                message: "thiếu cột «Ngày giao» (hoặc «Ngày văn bản» để lấy làm ngày giao)".into(),
            });
        }
        if !out.errors.is_empty() {
            return Ok(out);
        }

        let cal = self.calendar().await?;
        let settings = self.deadline_settings().await?;
        let users = self.store.users().await?;
        let leaders: Vec<_> = users.iter().filter(|u| u.role == Role::Leader).collect();
        let data: Vec<&SheetRow> = rows[hpos + 1..]
            .iter()
            .filter(|r| r.cells.iter().any(|c| !c.is_empty()))
            .collect();
        let total = data.len() as u64;
        let empty = Cell::Empty;
        let mut planned: Vec<Planned> = Vec::with_capacity(data.len());
        for (n, r) in data.iter().enumerate() {
            if n % 1000 == 0 {
                progress(n as u64, total);
            }
            let cell = |c: Col| seen.get(&c).and_then(|i| r.cells.get(*i)).unwrap_or(&empty);
            let text = |c: Col| clean(&cell(c).text());
            let before = out.errors.len();
            let mut bad = |c: Col, m: String| {
                out.errors.push(RowIssue {
                    row: r.number,
                    column: label(c).into(),
                    message: m,
                })
            };
            let date = |c: Col, bad: &mut dyn FnMut(Col, String)| match date_of(cell(c)) {
                None => None,
                Some(Ok(d)) => Some(d),
                Some(Err(m)) => {
                    bad(c, m);
                    None
                }
            };
            let content = text(Col::Content);
            if content.is_empty() {
                bad(Col::Content, "trống".into());
            }
            let number = text(Col::DocNumber);
            let doc_date = date(Col::DocDate, &mut bad);
            let mut doc_kind = DocumentKind::Khac;
            let kind_text = text(Col::DocKind);
            if !kind_text.is_empty() {
                match kind_of(&kind_text) {
                    Some(k) => doc_kind = k,
                    None => out_warn(
                        &mut out.warnings,
                        r.number,
                        Col::DocKind,
                        format!(
                            "loại văn bản '{kind_text}' không có trong danh mục; ghi là «Khác»"
                        ),
                    ),
                }
            }
            let doc = match (number.is_empty(), doc_date) {
                (true, _) => None,
                (false, Some(d)) => Some((number.clone(), d, doc_kind, text(Col::Summary))),
                (false, None) => {
                    if cell(Col::DocDate).is_empty() {
                        bad(Col::DocDate, format!("văn bản {number} thiếu ngày văn bản"));
                    }
                    None
                }
            };
            let unit = |name: &str, c: Col, bad: &mut dyn FnMut(Col, String)| -> Option<UnitRef> {
                match index.find(name) {
                    Ok(id) => Some(UnitRef::Existing(id)),
                    Err(m) if parent.is_some() && m.starts_with("không tìm thấy") => {
                        Some(UnitRef::New(clean(name)))
                    }
                    Err(m) => {
                        bad(c, m);
                        None
                    }
                }
            };
            let lead_text = text(Col::Lead);
            let lead = if lead_text.is_empty() {
                bad(Col::Lead, "trống".into());
                None
            } else {
                unit(&lead_text, Col::Lead, &mut bad)
            };
            let mut coop = Vec::new();
            for name in text(Col::Coop)
                .split([';', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                if let Some(u) = unit(name, Col::Coop, &mut bad)
                    && Some(&u) != lead.as_ref()
                    && !coop.contains(&u)
                {
                    coop.push(u);
                }
            }
            let leader_text = text(Col::Leader);
            let leader = (!leader_text.is_empty())
                .then(|| {
                    let k = fold(&leader_text);
                    let hits: Vec<_> = leaders
                        .iter()
                        .filter(|u| {
                            fold(&u.full_name) == k || fold(&u.title) == k || fold(&u.username) == k
                        })
                        .collect();
                    match hits.as_slice() {
                        [one] => Some((one.id, one.unit_id)),
                        _ => None,
                    }
                })
                .flatten();
            let assigned_on = match date(Col::Assigned, &mut bad).or(doc.as_ref().map(|d| d.1)) {
                Some(d) => Some(d),
                None => {
                    if cell(Col::Assigned).is_empty() {
                        bad(
                            Col::Assigned,
                            "thiếu ngày giao (và không có ngày văn bản)".into(),
                        );
                    }
                    None
                }
            };
            let completed_on = date(Col::Completed, &mut bad);
            let withdrawn_on = date(Col::Withdrawn, &mut bad);
            let state_text = text(Col::State);
            let state = if state_text.is_empty() {
                Some(if completed_on.is_some() {
                    TaskState::Completed
                } else {
                    TaskState::InProgress
                })
            } else {
                let s = state_of(&state_text);
                if s.is_none() {
                    bad(
                        Col::State,
                        format!(
                            "'{state_text}' không hợp lệ; dùng Chưa thực hiện, Đang thực hiện, Chờ xác nhận, Đã hoàn thành, Tạm hoãn hoặc Thu hồi"
                        ),
                    );
                }
                s
            };
            match (state, completed_on) {
                (Some(TaskState::Completed), None) => bad(
                    Col::Completed,
                    "nhiệm vụ «Đã hoàn thành» cần ngày hoàn thành".into(),
                ),
                (Some(s), Some(_)) if !matches!(s, TaskState::Completed | TaskState::Withdrawn) => {
                    bad(
                        Col::State,
                        format!("có ngày hoàn thành nhưng trạng thái là «{}»", s.label()),
                    )
                }
                _ => {}
            }
            if let (Some(a), Some(c)) = (assigned_on, completed_on)
                && c < a
            {
                bad(Col::Completed, "ngày hoàn thành trước ngày giao".into());
            }
            let field = text(Col::Field);
            let key_text = fold(&text(Col::Key));
            let is_key = !key_text.is_empty()
                && !matches!(key_text.as_str(), "0" | "khong" | "no" | "false");
            // The deadline: a date, or a phrase read from the document (or assigned) date.
            let mut deadline = (DeadlineKind::None, String::new(), None);
            let dcell = cell(Col::Deadline);
            if !dcell.is_empty() {
                let as_date = match dcell {
                    Cell::Text(t) => parse_vi_date(t).map(Ok),
                    c => date_of(c),
                };
                match as_date {
                    Some(Ok(d)) => {
                        deadline = (
                            DeadlineKind::Date,
                            format!("trước ngày {}", theodoi_core::format::date_vi(d)),
                            // The date as written: a sheet states the deadline itself.
                            Some(d),
                        )
                    }
                    Some(Err(m)) => bad(Col::Deadline, m),
                    None => {
                        let t = clean(&dcell.text());
                        let from = doc.as_ref().map(|d| d.1).or(assigned_on);
                        match parse_deadline(&t, from, &cal, settings) {
                            Ok(p) => {
                                let kind = match p.rule {
                                    DeadlineRule::Date { .. } => Some(DeadlineKind::Date),
                                    DeadlineRule::PeriodEnd { .. } => Some(DeadlineKind::PeriodEnd),
                                    DeadlineRule::DaysFrom { .. } => Some(DeadlineKind::DaysFrom),
                                    DeadlineRule::Continuous => Some(DeadlineKind::None),
                                    DeadlineRule::Recurring { .. } => None,
                                };
                                match kind {
                                    Some(k) => deadline = (k, t, p.due),
                                    None => bad(
                                        Col::Deadline,
                                        format!(
                                            "'{t}' là thời hạn định kỳ; hãy ghi mỗi kỳ thành một dòng với thời hạn của kỳ đó"
                                        ),
                                    ),
                                }
                            }
                            Err(e) => bad(Col::Deadline, format!("không hiểu thời hạn '{t}': {e}")),
                        }
                    }
                }
            }
            if out.errors.len() > before {
                continue;
            }
            let (Some(lead), Some(assigned_on), Some(state)) = (lead, assigned_on, state) else {
                continue;
            };
            if !leader_text.is_empty() && leader.is_none() {
                out_warn(
                    &mut out.warnings,
                    r.number,
                    Col::Leader,
                    format!("không có tài khoản lãnh đạo '{leader_text}'; giữ nguyên như đã ghi"),
                );
            }
            planned.push(Planned {
                row: r.number,
                doc,
                content,
                lead_text,
                lead,
                coop,
                leader: leader.map(|l| l.0),
                leader_unit: leader.and_then(|l| l.1),
                leader_text,
                assigned_on,
                deadline_kind: deadline.0,
                deadline_text: deadline.1,
                deadline: deadline.2,
                completed_on,
                state,
                withdrawn_on,
                is_key,
                field,
            });
        }
        out.rows = data.len();
        progress(total, total);
        self.plan_and_write(
            actor,
            &mut out,
            planned,
            parent.map(|p| p.id),
            opts.dry_run,
            progress,
        )
        .await?;
        Ok(out)
    }

    async fn plan_and_write(
        &self,
        actor: &Actor,
        out: &mut ImportOutcome,
        planned: Vec<Planned>,
        parent: Option<UnitId>,
        dry_run: bool,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> DomainResult<()> {
        // Duplicates: against the database, and within the file.
        let file_docs: Vec<DocKey> = planned
            .iter()
            .filter_map(|p| p.doc.as_ref().map(doc_key))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let keys = self
            .store
            .import_keys(&file_docs, planned.iter().any(|p| p.doc.is_none()))
            .await?;
        let mut in_file: HashMap<TaskKey, usize> = HashMap::new();
        let mut fresh: Vec<Planned> = Vec::new();
        for p in planned {
            let k = (
                p.doc.as_ref().map(doc_key),
                p.lead.clone(),
                fold(&p.content),
                p.deadline,
            );
            if let Some(first) = in_file.get(&k) {
                out.errors.push(RowIssue {
                    row: p.row,
                    column: String::new(),
                    message: format!("trùng với dòng {first} (cùng văn bản, đơn vị chủ trì, nội dung và thời hạn)"),
                });
                continue;
            }
            in_file.insert(k, p.row);
            let stored_doc = match &p.doc {
                Some(d) => keys.documents.get(&doc_key(d)).copied(),
                None => None,
            };
            let exists = match (&p.lead, p.doc.is_some(), stored_doc) {
                (UnitRef::Existing(u), has_doc, doc) if !has_doc || doc.is_some() => {
                    keys.tasks.contains(&(
                        doc,
                        u.0,
                        fold(&p.content),
                        p.deadline
                            .map(|d| d.format("%Y-%m-%d").to_string())
                            .unwrap_or_default(),
                    ))
                }
                _ => false,
            };
            if out.preview.len() < PREVIEW_ROWS {
                out.preview.push(PreviewRow {
                    row: p.row,
                    content: p.content.clone(),
                    lead_unit: p.lead_text.clone(),
                    deadline: p
                        .deadline
                        .map(theodoi_core::format::date_vi)
                        .unwrap_or_else(|| p.deadline_text.clone()),
                    state: p.state.label().to_string(),
                    present: exists,
                });
            }
            if exists {
                out.duplicates += 1;
            } else {
                fresh.push(p);
            }
        }
        let new_units: Vec<String> = {
            let mut v: Vec<String> = Vec::new();
            for p in &fresh {
                for u in std::iter::once(&p.lead).chain(&p.coop) {
                    if let UnitRef::New(n) = u
                        && !v.iter().any(|x| fold(x) == fold(n))
                    {
                        v.push(n.clone());
                    }
                }
            }
            v
        };
        for n in &new_units {
            out.warnings.push(RowIssue {
                row: 0,
                column: "Đơn vị chủ trì".into(),
                message: format!("sẽ tạo đơn vị mới '{n}'"),
            });
        }
        let new_docs: HashSet<(String, String)> = fresh
            .iter()
            .filter_map(|p| p.doc.as_ref())
            .map(doc_key)
            .filter(|k| !keys.documents.contains_key(k))
            .collect();
        // Assignment groups: the same clause (document, content, assigned date) to several units.
        let mut groups: HashMap<GroupKey, Vec<usize>> = HashMap::new();
        for (i, p) in fresh.iter().enumerate() {
            groups
                .entry((p.doc.as_ref().map(doc_key), fold(&p.content), p.assigned_on))
                .or_default()
                .push(i);
        }
        groups.retain(|_, v| v.len() > 1);
        out.created = fresh.len();
        out.documents_created = new_docs.len();
        out.units_created = new_units.len();
        out.groups_created = groups.len();
        if dry_run || !out.errors.is_empty() {
            return Ok(());
        }

        self.write_import(actor, fresh, &new_units, groups, &keys, parent, progress)
            .await?;
        out.written = true;
        Ok(())
    }
}

fn out_warn(w: &mut Vec<RowIssue>, row: usize, c: Col, message: String) {
    w.push(RowIssue {
        row,
        column: label(c).into(),
        message,
    });
}

fn strip(e: &DomainError) -> String {
    match e {
        DomainError::Invalid(v) => v
            .iter()
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_ignoring_case_spacing_and_diacritics() {
        assert_eq!(column_of("  THỜI HẠN "), Some(Col::Deadline));
        assert_eq!(column_of("Don vi  chu tri"), Some(Col::Lead));
        assert_eq!(column_of("Nhiệm vụ trọng tâm (x)"), None);
        assert_eq!(column_of("nhiem vu trong tam"), Some(Col::Key));
        assert_eq!(state_of("đã HOÀN thành"), Some(TaskState::Completed));
        assert_eq!(state_of("Thu hoi"), Some(TaskState::Withdrawn));
        assert_eq!(
            kind_of("Thông báo kết luận"),
            Some(DocumentKind::ThongBaoKetLuan)
        );
        assert_eq!(kind_of("Tờ trình"), None);
    }
}
