//! Sets of multi-word phrases matched against tokens, longest first.

use std::collections::HashMap;

use theodoi_core::text::fold;

use crate::text::tone_key;
use crate::tokens::Token;

/// How phrase words are compared with tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compare {
    /// Diacritics kept, tone placement and case ignored: "có" ≠ "cơ".
    Key,
    /// Diacritics ignored: "Đăk" = "Đắk"; commas and dashes in the text are skipped.
    Folded,
}

/// A set of phrases, each a sequence of words, with an attached value.
#[derive(Debug)]
pub(crate) struct PhraseSet<V> {
    compare: Compare,
    by_first: HashMap<String, Vec<(Vec<String>, V)>>,
}

impl<V: Copy> PhraseSet<V> {
    pub fn new<'a>(compare: Compare, phrases: impl IntoIterator<Item = (&'a str, V)>) -> Self {
        let mut by_first: HashMap<String, Vec<(Vec<String>, V)>> = HashMap::new();
        for (phrase, value) in phrases {
            let words: Vec<String> = phrase
                .split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '–'))
                .filter(|w| !w.is_empty())
                .map(|w| match compare {
                    Compare::Key => tone_key(w),
                    Compare::Folded => fold(w),
                })
                .collect();
            if let Some(first) = words.first() {
                by_first
                    .entry(first.clone())
                    .or_default()
                    .push((words, value));
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        PhraseSet { compare, by_first }
    }

    fn word_of<'t>(&self, t: &'t Token) -> &'t str {
        match self.compare {
            Compare::Key => &t.key,
            Compare::Folded => &t.folded,
        }
    }

    /// The longest phrase starting at token `at`: how many tokens it covers and its value.
    pub fn longest(&self, tokens: &[Token], at: usize) -> Option<(usize, V)> {
        let first = tokens.get(at).filter(|t| t.is_word())?;
        let candidates = self.by_first.get(self.word_of(first))?;
        'phrase: for (words, value) in candidates {
            let mut i = at;
            for w in words {
                while self.compare == Compare::Folded
                    && i > at
                    && tokens
                        .get(i)
                        .is_some_and(|t| t.is(',') || t.is('-') || t.is('–'))
                {
                    i += 1;
                }
                match tokens.get(i) {
                    Some(t) if t.is_word() && self.word_of(t) == w => i += 1,
                    _ => continue 'phrase,
                }
            }
            return Some((i - at, *value));
        }
        None
    }

    /// Whether a phrase starts at token `at`.
    pub fn starts(&self, tokens: &[Token], at: usize) -> bool {
        self.longest(tokens, at).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    #[test]
    fn longest_match_wins_and_folded_skips_commas() {
        let set = PhraseSet::new(
            Compare::Folded,
            [("Sở Văn hóa, Thể thao và Du lịch", 1), ("Sở Văn hóa", 2)],
        );
        let toks = tokenize("Sở Văn hoá, Thể thao và Du lịch chủ trì");
        assert_eq!(set.longest(&toks, 0), Some((9, 1)));
        let keys = PhraseSet::new(Compare::Key, [("có", ())]);
        assert!(keys.starts(&tokenize("có kế hoạch"), 0));
        assert!(!keys.starts(&tokenize("cơ quan"), 0));
    }
}
