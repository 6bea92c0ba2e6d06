//! Rule-based, deterministic extraction of task suggestions from Vietnamese administrative
//! documents (the forms of Nghị định 30/2020/NĐ-CP): the document header, then who leads, who
//! co-operates, what, by when and how often — for a clerk to confirm.
//!
//! The pipeline: text → lines → paragraphs (wraps joined, footnotes dropped) → the body (after
//! "… có ý kiến như sau:" / "QUYẾT NGHỊ:", before "Nơi nhận") → sentences → clauses, each read
//! for its subject or addressee, its predicate, co-operating units, deadline and recurrence.

mod abbrev;
mod assignments;
mod core_bridge;
mod deadline;
mod docx;
pub mod eval;
mod filters;
mod header;
mod layout;
mod lexicon;
mod names;
mod phrases;
mod pipeline;
mod provinces;
mod sentences;
mod summary;
mod tables;
mod text;
mod tokens;
mod units;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use abbrev::expand_abbreviations;
pub use text::normalize_name;

/// What the extractor proposes for one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub document: DocumentHeader,
    pub tasks: Vec<TaskSuggestion>,
}

/// The document's header as read from its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentHeader {
    /// Number and symbol, "458/UBND-NCTH".
    pub number: Option<String>,
    pub date: Option<NaiveDate>,
    /// "UBND tỉnh Hậu Giang".
    pub issuer: Option<String>,
    /// `thong_bao_ket_luan`, `ke_hoach`, `cong_van`, `chuong_trinh`, `quyet_dinh`, `chi_thi`,
    /// `nghi_quyet` or `khac`.
    pub kind: String,
    /// The summary line (trích yếu): "V/v …" of a letter, the line under another's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// One suggested task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskSuggestion {
    /// The lead unit as written (leader title removed), or a group phrase.
    pub lead: String,
    /// The unit the resolver matched, when one was given.
    pub lead_unit_id: Option<i64>,
    /// Co-operating units as written.
    pub coop: Vec<String>,
    /// The action, at most 25 words.
    pub summary: String,
    /// The date the deadline phrase gives (as the words say, not moved off days off).
    pub deadline: Option<NaiveDate>,
    /// The deadline phrase as written.
    pub deadline_text: Option<String>,
    /// `none`, `monthly`, `quarterly`, `yearly` or `continuous`.
    pub recurring: String,
    /// Whether the lead is a group of units ("các sở, ban, ngành") rather than one unit.
    #[serde(default)]
    pub lead_is_group: bool,
    /// The clause the task was read from.
    #[serde(default)]
    pub source_text: String,
}

/// Finds the unit a name written in a document stands for.
pub trait UnitResolver {
    fn resolve(&self, name_as_written: &str) -> Option<i64>;
}

/// Why a text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("Văn bản rỗng")]
    Empty,
    #[error("Tệp không phải văn bản tiếng Việt có thể đọc được: {0}")]
    Unreadable(String),
    /// Longer than [`MAX_TEXT_BYTES`]: no directive is; such a file is a merged batch or not a
    /// directive at all, and reading it would keep a clerk (and a server thread) waiting.
    #[error(
        "Văn bản quá dài ({} MB, tối đa {} MB): hãy tách thành từng văn bản rồi trích xuất riêng",
        mb(*.0),
        mb(MAX_TEXT_BYTES)
    )]
    TooLarge(usize),
}

/// The longest text read: a 300-page plan is about 1 MB of text.
pub const MAX_TEXT_BYTES: usize = 5 * 1024 * 1024;

/// Megabytes with a decimal comma, as Vietnamese readers write them ("10,2").
fn mb(bytes: usize) -> String {
    let tenths = (bytes as u64 * 10).div_ceil(1024 * 1024);
    if tenths.is_multiple_of(10) {
        (tenths / 10).to_string()
    } else {
        format!("{},{}", tenths / 10, tenths % 10)
    }
}

/// Reads a document's text and proposes its header and tasks. Never panics.
pub fn extract(
    text: &str,
    resolver: Option<&dyn UnitResolver>,
) -> Result<Extraction, ExtractError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(ExtractError::TooLarge(text.len()));
    }
    let prepared = text::prepare(&tables::rewrite(text));
    let source = prepared
        .lines()
        .next()
        .filter(|l| l.trim_start().starts_with("# source:"))
        .map(str::to_owned);
    let lines = layout::clean_lines(&prepared);
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Err(ExtractError::Empty);
    }
    let content = lines.join("\n");
    if let Some(reason) = text::unreadable_reason(&content) {
        return Err(ExtractError::Unreadable(reason));
    }
    let paragraphs = layout::paragraphs(&lines);
    let addressee = layout::addressee(&paragraphs);
    let body = layout::body(paragraphs);
    let document = header::parse(&lines, source.as_deref(), &body, &content);
    let context = pipeline::Context {
        doc_date: document.date,
        whole: deadline::Whole::new(&content),
        addressee,
    };
    let drafts = pipeline::drafts(&body, &context);
    let tasks = drafts
        .into_iter()
        .map(|d| {
            let lead_unit_id = resolver.and_then(|r| {
                r.resolve(&d.lead)
                    .or_else(|| r.resolve(&expand_abbreviations(&d.lead)))
            });
            let (deadline, deadline_text) = match d.deadline {
                Some(f) => (f.date, Some(f.text)),
                None => (None, None),
            };
            TaskSuggestion {
                lead: d.lead,
                lead_unit_id,
                coop: d.coop,
                summary: d.summary,
                deadline,
                deadline_text,
                recurring: d.recurring.to_owned(),
                lead_is_group: d.group,
                source_text: d.source,
            }
        })
        .collect();
    Ok(Extraction { document, tasks })
}

/// Reads a `.docx` file (its `word/document.xml`, one line per paragraph) and extracts from it.
pub fn extract_docx(
    bytes: &[u8],
    resolver: Option<&dyn UnitResolver>,
) -> Result<Extraction, ExtractError> {
    let text = docx::text_of(bytes)?;
    extract(&text, resolver)
}
