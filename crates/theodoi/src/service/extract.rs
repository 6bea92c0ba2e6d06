//! Task suggestions from a directive's text: the extractor, with units matched to the tree.

use theodoi_core::DomainResult;
use theodoi_core::model::Unit;
use theodoi_core::text::fold;
use theodoi_extract::{Extraction, UnitResolver, expand_abbreviations};

use super::Services;

/// Matches names as written in documents to units: name, short name, alias or code,
/// ignoring case, spacing, diacritics and tone placement, abbreviations expanded.
/// A name that fits several units is left unmatched, for the clerk to choose.
pub struct TreeResolver {
    names: Vec<(String, i64)>,
}

impl TreeResolver {
    pub fn new(units: &[Unit]) -> Self {
        let mut names = Vec::new();
        for u in units.iter().filter(|u| u.successor_id.is_none()) {
            for n in std::iter::once(&u.name)
                .chain(std::iter::once(&u.short_name))
                .chain(u.aliases.iter())
            {
                names.push((fold(n), u.id.0));
                names.push((fold(&expand_abbreviations(n)), u.id.0));
            }
        }
        names.sort();
        names.dedup();
        Self { names }
    }
}

impl UnitResolver for TreeResolver {
    fn resolve(&self, name_as_written: &str) -> Option<i64> {
        let key = fold(name_as_written);
        let mut hits = self
            .names
            .iter()
            .filter(|(n, _)| *n == key)
            .map(|(_, id)| *id);
        let first = hits.next()?;
        hits.all(|id| id == first).then_some(first)
    }
}

impl Services {
    /// Proposes the header and tasks of a document (`.txt` text or `.docx` bytes).
    pub async fn extract_tasks(&self, filename: &str, bytes: &[u8]) -> DomainResult<Extraction> {
        let units = self.store.units().await?;
        let resolver = TreeResolver::new(&units);
        Self::extract_bytes(filename, bytes, &resolver)
    }
}
