//! One search over units, documents and tasks, filtered by what the searcher may open.

use serde::Serialize;
use theodoi_core::access::Actor;
use theodoi_core::model::Role;
use theodoi_core::search::{Query, Segment, highlight};
use theodoi_core::{DomainError, DomainResult};
use theodoi_store::search::{RawHit, SearchScope};

use super::Services;

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub kind: String,
    pub id: i64,
    pub title: String,
    /// The title with the matched words marked.
    pub snippet: Vec<Segment>,
    /// 0 exact number, 1 phrase, 2 words.
    pub match_class: u8,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchGroup {
    pub kind: String,
    pub label: String,
    pub total: usize,
    /// Whether more matched than were considered (narrow the search).
    pub capped: bool,
    pub hits: Vec<SearchHit>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    pub query: String,
    /// Why nothing was searched: `empty` (no word typed) or `too_short` (fewer than
    /// [`MIN_QUERY_CHARS`] letters and digits in all), so the page can say so kindly.
    pub notice: Option<&'static str>,
    pub groups: Vec<SearchGroup>,
}

/// A query must have at least this many letters or digits: one letter would match (as a
/// prefix) a large part of the index and tell the user nothing.
pub const MIN_QUERY_CHARS: usize = 2;

const KINDS: [(&str, &str); 3] = [
    ("unit", "Đơn vị"),
    ("document", "Văn bản"),
    ("task", "Nhiệm vụ"),
];

/// The page a person opens for a hit: a unit's tasks (the units page for the admin, who
/// does not read tasks), a document, a task.
fn hit_url(kind: &str, id: i64, actor: &Actor) -> String {
    match kind {
        "unit" if actor.role() == Role::Admin => "/don-vi".into(),
        "unit" => format!("/nhiem-vu?unit={id}&subtree=1"),
        "document" => format!("/van-ban/{id}"),
        _ => format!("/nhiem-vu/{id}"),
    }
}

impl Services {
    pub async fn search(
        &self,
        actor: &Actor,
        text: &str,
        kind: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> DomainResult<SearchResult> {
        if let Some(k) = kind
            && !KINDS.iter().any(|(code, _)| *code == k)
        {
            return Err(DomainError::invalid(
                "kind",
                format!("'{k}' không hợp lệ; dùng unit, document hoặc task"),
            ));
        }
        if text.chars().count() > 200 {
            return Err(DomainError::invalid(
                "q",
                "nội dung tìm kiếm dài quá 200 ký tự",
            ));
        }
        let nothing = |notice| SearchResult {
            query: text.to_string(),
            notice: Some(notice),
            groups: Vec::new(),
        };
        let Some(query) = Query::parse(text) else {
            return Ok(nothing("empty"));
        };
        if query
            .all_words()
            .iter()
            .map(|w| w.chars().count())
            .sum::<usize>()
            < MIN_QUERY_CHARS
        {
            return Ok(nothing("too_short"));
        }
        let scope = match actor.role() {
            Role::Leader | Role::Office => SearchScope {
                units: None,
                secret: true,
                secret_units: vec![],
            },
            Role::Inspector => SearchScope {
                units: None,
                secret: false,
                secret_units: vec![],
            },
            Role::UnitManager => {
                let units: Vec<i64> = actor.scope.iter().map(|u| u.0).collect();
                SearchScope {
                    secret_units: units.clone(),
                    units: Some(units),
                    secret: false,
                }
            }
            Role::UnitStaff => SearchScope {
                units: Some(actor.scope.iter().map(|u| u.0).collect()),
                secret: false,
                secret_units: vec![],
            },
            Role::Admin => SearchScope {
                units: Some(vec![]),
                secret: false,
                secret_units: vec![],
            },
        };
        let limit = limit.clamp(1, 100);
        let mut groups = Vec::new();
        for (code, label) in KINDS {
            if kind.is_some_and(|k| k != code) || (actor.role() == Role::Admin && code != "unit") {
                continue;
            }
            let found = self.store.search(&query, code, &scope).await?;
            let mut ranked: Vec<(u8, f64, RawHit)> = found
                .hits
                .into_iter()
                .map(|h| {
                    (
                        query.class(h.number.as_deref(), &h.words),
                        query.score(&h.title, &h.words),
                        h,
                    )
                })
                .collect();
            // Exact number first, then phrase, then words; within a class the better
            // score, then the newer record.
            ranked.sort_by(|a, b| {
                a.0.cmp(&b.0)
                    .then(b.1.total_cmp(&a.1))
                    .then(b.2.ref_id.cmp(&a.2.ref_id))
            });
            let total = ranked.len();
            let hits = ranked
                .into_iter()
                .skip(offset)
                .take(limit)
                .map(|(class, _, h)| SearchHit {
                    snippet: highlight(&h.title, &query, 240),
                    kind: h.kind,
                    id: h.ref_id,
                    title: h.title,
                    match_class: class,
                    url: hit_url(code, h.ref_id, actor),
                })
                .collect();
            groups.push(SearchGroup {
                kind: code.into(),
                label: label.into(),
                total,
                capped: found.capped,
                hits,
            });
        }
        Ok(SearchResult {
            query: text.to_string(),
            notice: None,
            groups,
        })
    }
}
