//! One search over units, documents and tasks, filtered by what the searcher may open.

use serde::Serialize;
use theodoi_core::access::Actor;
use theodoi_core::model::Role;
use theodoi_core::search::{Query, Segment, highlight};
use theodoi_core::{DomainError, DomainResult};
use theodoi_store::search::{CANDIDATES, SearchScope};

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
    pub groups: Vec<SearchGroup>,
}

const KINDS: [(&str, &str, &str); 3] = [
    ("unit", "Đơn vị", "/units/"),
    ("document", "Văn bản", "/documents/"),
    ("task", "Nhiệm vụ", "/tasks/"),
];

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
            && !KINDS.iter().any(|(code, _, _)| *code == k)
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
        let Some(query) = Query::parse(text) else {
            return Ok(SearchResult {
                query: text.to_string(),
                groups: Vec::new(),
            });
        };
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
        for (code, label, url) in KINDS {
            if kind.is_some_and(|k| k != code) || (actor.role() == Role::Admin && code != "unit") {
                continue;
            }
            let mut raw = self.store.search(&query, Some(code), &scope).await?;
            let capped = raw.len() as i64 >= CANDIDATES;
            let mut ranked: Vec<(u8, f64, theodoi_store::search::RawHit)> = raw
                .drain(..)
                .map(|h| (query.class(h.number.as_deref(), &h.words), h.score, h))
                .collect();
            ranked.sort_by(|a, b| {
                a.0.cmp(&b.0)
                    .then(a.1.total_cmp(&b.1))
                    .then(a.2.ref_id.cmp(&b.2.ref_id))
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
                    url: format!("{url}{}", h.ref_id),
                })
                .collect();
            groups.push(SearchGroup {
                kind: code.into(),
                label: label.into(),
                total,
                capped,
                hits,
            });
        }
        Ok(SearchResult {
            query: text.to_string(),
            groups,
        })
    }
}
