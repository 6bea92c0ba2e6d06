//! The words the extractor knows: unit heads, leader titles, localities, action verbs and the
//! connectives of Vietnamese administrative writing (Nghị định 30/2020/NĐ-CP forms).
//!
//! The lists live in `src/words/*.txt`, one phrase a line, `#` for comments and `|tag` for a
//! phrase's kind, so that a linguist can extend them without reading Rust.

use std::sync::LazyLock;

use crate::phrases::{Compare, PhraseSet};

/// What a unit head word can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Head {
    /// People's Committee or Council: takes a locality ("UBND tỉnh", "HĐND các huyện").
    Council,
    /// Needs a name or locality after it ("Sở Tài chính", "Công an tỉnh").
    Named,
    /// A unit on its own ("Tỉnh ủy").
    Whole,
}

/// How a leader title is removed from the unit it heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Title {
    /// "Giám đốc Sở Y tế" → "Sở Y tế".
    Strip,
    /// "Chánh Văn phòng …" → "Văn phòng …": only the first word goes.
    StripFirst,
    /// "Trưởng ban Dân tộc" → "Ban Dân tộc".
    AsBan,
}

/// What a word of the verb lexicon does at the head of a predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    /// An action: the unit before it is the lead.
    Action,
    /// Passes the assignment on to the units after it ("yêu cầu", "đề nghị", "chỉ đạo").
    Request,
    /// Gives a task to the units after it while the speaker stays the subject ("giao").
    Assign,
    /// Reports, approvals and narration: not a task ("có ý kiến", "thống nhất", "đã").
    NotTask,
}

pub(crate) struct Lexicon {
    pub heads: PhraseSet<Head>,
    pub generic: PhraseSet<()>,
    pub titles: PhraseSet<Title>,
    pub localities: PhraseSet<()>,
    /// Standard unit names; `true` marks a class name that stays a group.
    pub units: PhraseSet<bool>,
    pub verbs: PhraseSet<Verb>,
    pub intros: PhraseSet<()>,
    pub dependent: PhraseSet<()>,
    pub approvals: PhraseSet<()>,
    pub plural: PhraseSet<()>,
}

/// The phrases of a word list with their tags ("Sở Y tế", "UBND|council").
fn entries(list: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_once('|').unwrap_or((l, "")))
}

fn plain(list: &'static str) -> impl Iterator<Item = (&'static str, ())> {
    entries(list).map(|(p, _)| (p, ()))
}

pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let head = |tag: &str| match tag {
        "council" => Head::Council,
        "whole" => Head::Whole,
        _ => Head::Named,
    };
    let title = |tag: &str| match tag {
        "first" => Title::StripFirst,
        "ban" => Title::AsBan,
        _ => Title::Strip,
    };
    let verbs = [
        (include_str!("words/actions.txt"), Verb::Action),
        (include_str!("words/requests.txt"), Verb::Request),
        (include_str!("words/assigns.txt"), Verb::Assign),
        (include_str!("words/not_tasks.txt"), Verb::NotTask),
    ];
    Lexicon {
        heads: PhraseSet::new(
            Compare::Key,
            entries(include_str!("words/heads.txt")).map(|(p, t)| (p, head(t))),
        ),
        generic: PhraseSet::new(Compare::Key, plain(include_str!("words/generic.txt"))),
        titles: PhraseSet::new(
            Compare::Key,
            entries(include_str!("words/titles.txt")).map(|(p, t)| (p, title(t))),
        ),
        localities: PhraseSet::new(Compare::Key, plain(include_str!("words/localities.txt"))),
        units: PhraseSet::new(
            Compare::Folded,
            entries(include_str!("words/units.txt")).map(|(p, t)| (p, t == "class")),
        ),
        verbs: PhraseSet::new(
            Compare::Key,
            verbs
                .into_iter()
                .flat_map(|(list, verb)| entries(list).map(move |(p, _)| (p, verb))),
        ),
        intros: PhraseSet::new(Compare::Key, plain(include_str!("words/intros.txt"))),
        dependent: PhraseSet::new(Compare::Key, plain(include_str!("words/dependent.txt"))),
        approvals: PhraseSet::new(Compare::Key, plain(include_str!("words/approvals.txt"))),
        plural: PhraseSet::new(
            Compare::Key,
            [("các", ()), ("những", ()), ("mọi", ()), ("toàn thể", ())],
        ),
    }
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    #[test]
    fn lists_load_with_their_tags() {
        let lx = &*LEXICON;
        let toks = tokenize("UBND tỉnh Sở Y tế yêu cầu giao Trưởng ban");
        assert_eq!(lx.heads.longest(&toks, 0), Some((1, Head::Council)));
        assert_eq!(lx.units.longest(&toks, 2), Some((3, false)));
        assert_eq!(lx.verbs.longest(&toks, 5), Some((2, Verb::Request)));
        assert_eq!(lx.verbs.longest(&toks, 7), Some((1, Verb::Assign)));
        assert_eq!(lx.titles.longest(&toks, 8), Some((2, Title::AsBan)));
    }

    #[test]
    fn a_phrase_has_one_kind_of_verb() {
        let mut seen = std::collections::HashMap::new();
        for (list, name) in [
            (include_str!("words/actions.txt"), "actions"),
            (include_str!("words/requests.txt"), "requests"),
            (include_str!("words/assigns.txt"), "assigns"),
            (include_str!("words/not_tasks.txt"), "not_tasks"),
        ] {
            for (p, _) in entries(list) {
                if let Some(other) = seen.insert(crate::text::tone_key(p), name) {
                    assert_eq!(other, name, "“{p}” is in both {other} and {name}");
                }
            }
        }
    }
}
