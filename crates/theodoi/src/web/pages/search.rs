//! The search page (`/tim-kiem`): one box over units, documents and tasks, results grouped
//! by kind with their counts, the matched words marked, paged per kind. The service decides
//! what the person may see; this page only lays it out.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use serde::Deserialize;
use theodoi_core::format::int_vi;
use theodoi_core::search::Segment;

use super::query;
use crate::service::SearchGroup;
use crate::web::auth::Page;
use crate::web::render::html;
use crate::web::{Chrome, PageResult, Web};

/// Hits per kind on the overview (every kind at once).
const OVERVIEW_SIZE: usize = 5;
/// Hits per page when one kind is shown.
const PAGE_SIZE: usize = 20;

pub fn router() -> Router<Web> {
    Router::new().route("/tim-kiem", get(show))
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    page: String,
}

pub struct HitView {
    pub url: String,
    pub segments: Vec<Segment>,
}

pub struct GroupView {
    pub kind: String,
    /// Catalogue key of the kind's name.
    pub label_key: &'static str,
    /// "12"; with `capped`, more matched than the search considers ("hơn 1.000").
    pub count: String,
    pub capped: bool,
    pub hits: Vec<HitView>,
    /// The link to every hit of this kind (overview only, when there are more).
    pub more: String,
    pub prev: String,
    pub next: String,
    /// "21–40" when paged.
    pub range: String,
}

pub struct KindTab {
    pub href: String,
    pub label_key: &'static str,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    c: Chrome,
    q: String,
    /// Catalogue key of the message shown instead of results.
    notice: Option<&'static str>,
    tabs: Vec<KindTab>,
    groups: Vec<GroupView>,
    nothing_found: bool,
}

fn label_key(kind: &str) -> &'static str {
    match kind {
        "unit" => "search.kind.unit",
        "document" => "search.kind.document",
        "task" => "search.kind.task",
        _ => "search.kind.all",
    }
}

fn link(q: &str, kind: &str, page: usize) -> String {
    let page = if page > 1 {
        page.to_string()
    } else {
        String::new()
    };
    format!(
        "/tim-kiem?{}",
        query(&[
            ("q", q.to_string()),
            ("kind", kind.to_string()),
            ("page", page)
        ])
    )
}

fn group_view(g: &SearchGroup, q: &str, one_kind: bool, page: usize, size: usize) -> GroupView {
    let shown_to = (page - 1) * size + g.hits.len();
    GroupView {
        kind: g.kind.clone(),
        label_key: label_key(&g.kind),
        count: int_vi(g.total as i64),
        capped: g.capped,
        hits: g
            .hits
            .iter()
            .map(|h| HitView {
                url: h.url.clone(),
                segments: h.snippet.clone(),
            })
            .collect(),
        more: if !one_kind && g.total > g.hits.len() {
            link(q, &g.kind, 1)
        } else {
            String::new()
        },
        prev: if one_kind && page > 1 {
            link(q, &g.kind, page - 1)
        } else {
            String::new()
        },
        next: if one_kind && shown_to < g.total {
            link(q, &g.kind, page + 1)
        } else {
            String::new()
        },
        range: if one_kind && !g.hits.is_empty() {
            format!(
                "{}–{}",
                int_vi(((page - 1) * size + 1) as i64),
                int_vi(shown_to as i64)
            )
        } else {
            String::new()
        },
    }
}

pub async fn show(State(web): State<Web>, page: Page, Query(p): Query<SearchParams>) -> PageResult {
    let kind = match p.kind.trim() {
        k @ ("unit" | "document" | "task") => Some(k),
        _ => None,
    };
    let page_no = p
        .page
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| *n >= 1)
        .unwrap_or(1);
    let size = if kind.is_some() {
        PAGE_SIZE
    } else {
        OVERVIEW_SIZE
    };
    let q = p.q.trim().to_string();
    let result = if q.is_empty() {
        None
    } else {
        Some(
            web.s
                .search(&page.actor, &q, kind, size, (page_no - 1) * size)
                .await?,
        )
    };
    let notice = match &result {
        None => Some("search.empty"),
        Some(r) => r.notice.map(|n| match n {
            "too_short" => "search.too_short",
            _ => "search.empty",
        }),
    };
    let groups: Vec<GroupView> = result
        .as_ref()
        .map(|r| {
            r.groups
                .iter()
                .map(|g| group_view(g, &q, kind.is_some(), page_no, size))
                .collect()
        })
        .unwrap_or_default();
    let nothing_found = notice.is_none() && groups.iter().all(|g| g.hits.is_empty());
    let mut kinds = vec![""];
    if page.actor.role() != theodoi_core::model::Role::Admin {
        kinds.extend(["unit", "document", "task"]);
    }
    let tabs = if kinds.len() > 1 {
        kinds
            .iter()
            .map(|k| KindTab {
                href: link(&q, k, 1),
                label_key: label_key(k),
                active: kind.unwrap_or("") == *k,
            })
            .collect()
    } else {
        Vec::new()
    };
    html(&SearchPage {
        c: page.chrome("search"),
        q,
        notice,
        tabs,
        // Every group on the overview (so "0" shows that the kind was searched); only
        // the chosen kind when one is chosen.
        groups,
        nothing_found,
    })
}
