//! The search benchmark (`theodoi bench --search-only`, and part of `theodoi bench`): a fixed
//! set of typical queries — with and without diacritics, part of a document number, a unit's
//! name, a rare word, broad words, a phrase — as the office (everything) and as a department
//! (its unit scope), each repeated; p50 and p99 per query and over all.

use std::time::Instant;

use theodoi_core::access::Actor;
use theodoi_core::model::Role;

use crate::service::Services;

/// (label, query): the kinds of search officials type.
const QUERIES: &[(&str, &str)] = &[
    ("có dấu", "kế hoạch đầu tư"),
    ("không dấu", "ke hoach dau tu"),
    ("số ký hiệu", "4999/TB"),
    ("tên đơn vị", "So Mau so 12"),
    ("từ hiếm", "123457"),
    ("từ rộng", "ke hoach"),
    ("từ rộng, đang gõ", "so"),
    ("cụm từ", "\"chuyen doi so\""),
];

fn percentile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * q).round() as usize]
}

/// Runs every query `runs` times for each searcher and prints the latencies.
pub async fn run(s: &Services, runs: usize) -> anyhow::Result<()> {
    let runs = runs.max(20);
    let units = s.store.units().await?;
    // A department near the top of the tree: its subtree is a realistic unit scope.
    let dept = units.iter().find(|u| u.parent_id.is_some()).map(|u| u.id);
    let mut searchers = vec![("văn phòng", Services::system_actor(Role::Office))];
    if let Some(unit) = dept {
        let mut user = Services::system_actor(Role::UnitManager).user;
        user.unit_id = Some(unit);
        searchers.push(("lãnh đạo sở", Actor::new(user, &units)));
    }
    let mut all = Vec::new();
    for (who, actor) in &searchers {
        outln!(
            "search as {who} ({} runs each, all kinds, first page of 20):",
            runs
        );
        for (label, q) in QUERIES {
            let mut ms = Vec::with_capacity(runs);
            let mut hits = String::new();
            for _ in 0..runs {
                let t = Instant::now();
                let r = s.search(actor, q, None, 20, 0).await?;
                ms.push(t.elapsed().as_secs_f64() * 1000.0);
                hits = r
                    .groups
                    .iter()
                    .map(|g| format!("{}{}", g.total, if g.capped { "+" } else { "" }))
                    .collect::<Vec<_>>()
                    .join("/");
            }
            ms.sort_by(|a, b| a.total_cmp(b));
            outln!(
                "  {label:<18} {q:<22} p50 {:>6.1} ms  p99 {:>6.1} ms  hits unit/document/task {hits}",
                percentile(&ms, 0.5),
                percentile(&ms, 0.99)
            );
            all.extend(ms);
        }
    }
    all.sort_by(|a, b| a.total_cmp(b));
    outln!(
        "search over all {} queries: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        all.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        all[all.len() - 1]
    );
    Ok(())
}
