//! Search the way Vietnamese users type: case, diacritics and tone placement ignored,
//! "đ" = "d", NFC or NFD, phrases in quotes, prefixes while typing, unit abbreviations
//! (UBND, Sở KH&ĐT…) equal to their full names. The index stores folded words; the
//! backends (SQLite FTS5, PostgreSQL tsvector) only match words.

use std::sync::LazyLock;

use serde::Serialize;

use crate::text::{UNIT_ABBREVIATIONS, fold};

/// Folded words of a text: letters and digits only, everything else a separator.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The abbreviation pairs as folded word lists: (["ubnd"], ["uy", "ban", "nhan", "dan"]),
/// folded once: `index_text` runs for every record of a million-task reindex.
static FOLDED_PAIRS: LazyLock<Vec<(Vec<String>, Vec<String>)>> = LazyLock::new(|| {
    UNIT_ABBREVIATIONS
        .iter()
        .map(|(a, full)| (words(a), words(full)))
        .filter(|(a, f)| !a.is_empty() && !f.is_empty())
        .collect()
});

fn contains_run(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The text to index: its folded words, plus the other form of every unit abbreviation it
/// contains (the full name for "UBND", "UBND" for "Ủy ban nhân dân"), so either form finds it.
pub fn index_text(parts: &[&str]) -> String {
    let mut all: Vec<String> = parts.iter().flat_map(|p| words(p)).collect();
    let mut extra: Vec<String> = Vec::new();
    for (abbr, full) in FOLDED_PAIRS.iter() {
        if contains_run(&all, abbr) && !contains_run(&all, full) {
            extra.extend(full.iter().cloned());
        } else if contains_run(&all, full) && !contains_run(&all, abbr) {
            extra.extend(abbr.iter().cloned());
        }
    }
    all.extend(extra);
    all.join(" ")
}

/// A parsed search box entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Query {
    /// Every word must match (the last one as a prefix while typing, see `prefix_last`).
    pub words: Vec<String>,
    /// Whether the last word is still being typed and matches as a prefix: the entry ends
    /// in it (not in a space or a quote) and it has at least 2 letters — one letter as a
    /// prefix would match most of the index.
    pub prefix_last: bool,
    /// Phrases in quotes: their words must appear in this order.
    pub phrases: Vec<Vec<String>>,
    /// The whole entry folded, for "exact number first" ranking ("271/ubnd").
    pub folded: String,
}

impl Query {
    /// `None` for an entry with no word at all.
    pub fn parse(input: &str) -> Option<Self> {
        let mut words_out = Vec::new();
        let mut phrases = Vec::new();
        for (i, part) in input.split('"').enumerate() {
            let w = words(part);
            if w.is_empty() {
                continue;
            }
            if i % 2 == 1 {
                phrases.push(w);
            } else {
                words_out.extend(w);
            }
        }
        // Words of a full name also match their abbreviation in the index and vice versa,
        // because the index carries both forms; the query needs nothing more.
        if words_out.is_empty() && phrases.is_empty() {
            return None;
        }
        words_out.truncate(12);
        let open_quote = input.matches('"').count() % 2 == 1;
        let prefix_last = !open_quote
            && input.ends_with(|c: char| !c.is_whitespace() && c != '"')
            && words_out.last().is_some_and(|w| w.chars().count() >= 2);
        Some(Self {
            words: words_out,
            prefix_last,
            phrases,
            folded: fold(input.trim()).replace('"', ""),
        })
    }

    /// Every word of the query, phrases included.
    pub fn all_words(&self) -> Vec<&str> {
        self.words
            .iter()
            .chain(self.phrases.iter().flatten())
            .map(String::as_str)
            .collect()
    }

    /// The words that must match exactly, and the prefix typed so far (if any).
    pub fn split_prefix(&self) -> (&[String], Option<&str>) {
        match self.words.split_last() {
            Some((last, rest)) if self.prefix_last => (rest, Some(last.as_str())),
            _ => (&self.words, None),
        }
    }

    /// Relevance within a class (higher is better), computed on the few hundred newest
    /// candidates instead of by the database over every match: how much of the query the
    /// title (what people read) covers, how much of the title is the query (so "Sở Kế
    /// hoạch và Đầu tư" comes before a long task mentioning it), and how often the words
    /// occur in everything indexed for the record.
    pub fn score(&self, title: &str, indexed: &str) -> f64 {
        let terms = self.all_words();
        if terms.is_empty() {
            return 0.0;
        }
        let (_, prefix) = self.split_prefix();
        let matches = |w: &str, t: &str| w == t || (Some(t) == prefix && w.starts_with(t));
        let title_words = words(title);
        let covered = terms
            .iter()
            .filter(|t| title_words.iter().any(|w| matches(w, t)))
            .count() as f64;
        let title_hits = title_words
            .iter()
            .filter(|w| terms.iter().any(|t| matches(w, t)))
            .count() as f64;
        let occurrences = indexed
            .split(' ')
            .filter(|w| terms.iter().any(|t| matches(w, t)))
            .count() as f64;
        2.0 * covered / terms.len() as f64
            + title_hits / title_words.len().max(1) as f64
            + 0.1 * (occurrences / terms.len() as f64).min(5.0) / 5.0
    }

    /// How well an indexed text matches: 0 exact number, 1 phrase, 2 words (lower is better).
    pub fn class(&self, number: Option<&str>, indexed: &str) -> u8 {
        if let Some(n) = number {
            let n = fold(n);
            if !self.folded.is_empty() && (n == self.folded || n.starts_with(&self.folded)) {
                return 0;
            }
        }
        let text: Vec<String> = indexed.split(' ').map(str::to_string).collect();
        if self.words.len() > 1 && contains_run(&text, &self.words) {
            return 1;
        }
        2
    }
}

/// A piece of a result's text, marked when it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// Marks, in the original text, the words that start with a query word (compared folded),
/// and cuts a window of about `max_chars` around the first hit.
pub fn highlight(original: &str, query: &Query, max_chars: usize) -> Vec<Segment> {
    let terms = query.all_words();
    let chars: Vec<char> = original.chars().collect();
    let mut marks = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_alphanumeric() {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let f = fold(&word);
        if terms.iter().any(|t| f.starts_with(t)) {
            marks[start..i].iter_mut().for_each(|m| *m = true);
        }
    }
    let first = marks.iter().position(|m| *m).unwrap_or(0);
    let from = first.saturating_sub(max_chars / 3);
    let to = (from + max_chars).min(chars.len());
    let mut out: Vec<Segment> = Vec::new();
    if from > 0 {
        out.push(Segment {
            text: "…".into(),
            hit: false,
        });
    }
    for k in from..to {
        match out.last_mut() {
            Some(seg) if seg.hit == marks[k] && !(seg.text == "…" && k == from) => {
                seg.text.push(chars[k])
            }
            _ => out.push(Segment {
                text: chars[k].to_string(),
                hit: marks[k],
            }),
        }
    }
    if to < chars.len() {
        out.push(Segment {
            text: "…".into(),
            hit: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn folding_makes_typed_words_match() {
        assert_eq!(
            words("Sở Kế hoạch và Đầu tư"),
            ["so", "ke", "hoach", "va", "dau", "tu"]
        );
        assert_eq!(words("271/UBND-TH"), ["271", "ubnd", "th"]);
        assert_eq!(words("thuỷ lợi"), words("thủy lợi"));
        let nfd: String = "Đồng Tháp".nfd().collect();
        assert_eq!(words(&nfd), ["dong", "thap"]);
    }

    #[test]
    fn abbreviations_and_full_names_find_each_other() {
        let t = index_text(&["Ủy ban nhân dân tỉnh Đồng Tháp"]);
        assert!(t.contains("ubnd"), "{t}");
        let t = index_text(&["Giao Sở KH&ĐT chủ trì"]);
        assert!(t.contains("ke hoach va dau tu"), "{t}");
    }

    #[test]
    fn queries_parse_words_and_phrases() {
        let q = Query::parse("ke hoach \"dau tu cong\"").expect("q");
        assert_eq!(q.words, ["ke", "hoach"]);
        assert_eq!(
            q.phrases,
            vec![vec!["dau".to_string(), "tu".into(), "cong".into()]]
        );
        assert!(Query::parse("  \"\" ... ").is_none());
        let n = Query::parse("271/UBND").expect("q");
        assert_eq!(n.class(Some("271/UBND-TH"), "271 ubnd th"), 0);
        assert_eq!(n.class(Some("12/UBND-TH"), "12 ubnd th 271"), 2);
    }

    #[test]
    fn only_the_word_being_typed_is_a_prefix() {
        let q = Query::parse("ke hoach dau t").expect("q");
        assert_eq!(q.split_prefix().1, None, "one letter is not a prefix");
        let q = Query::parse("ke hoach dau tu").expect("q");
        assert_eq!(q.split_prefix(), (&q.words[..3], Some("tu")));
        assert_eq!(Query::parse("ke hoach ").expect("q").split_prefix().1, None);
        assert_eq!(
            Query::parse("\"ke hoach\"").expect("q").split_prefix().1,
            None
        );
    }

    #[test]
    fn titles_that_are_the_query_rank_first() {
        let q = Query::parse("ke hoach dau tu").expect("q");
        let unit = q.score("Sở Kế hoạch và Đầu tư", "so ke hoach va dau tu skhdt");
        let task = q.score(
            "Giao Sở Kế hoạch và Đầu tư chủ trì rà soát kế hoạch đầu tư công năm 2023",
            "giao so ke hoach va dau tu chu tri ra soat ke hoach dau tu cong nam 2023",
        );
        let other = q.score("Sở Tài chính", "so tai chinh ke hoach dau tu");
        assert!(unit > task && task > other, "{unit} {task} {other}");
    }

    #[test]
    fn highlight_marks_original_words() {
        let q = Query::parse("dong thap").expect("q");
        let segs = highlight("UBND tỉnh Đồng Tháp", &q, 200);
        let hits: Vec<&str> = segs
            .iter()
            .filter(|s| s.hit)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(hits, ["Đồng", "Tháp"]);
        assert_eq!(
            segs.iter().map(|s| s.text.as_str()).collect::<String>(),
            "UBND tỉnh Đồng Tháp"
        );
    }
}
