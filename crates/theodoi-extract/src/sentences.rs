//! Sentences of a paragraph, and the clauses of a sentence that may each be a task.

use std::ops::Range;

use crate::lexicon::LEXICON;
use crate::tokens::Token;

/// Longest sentence handled as one; longer runs are cut at spaces so that no input, however
/// large, makes the per-sentence work grow without bound.
const MAX_SENTENCE: usize = 4000;

/// Short words written with a dot that do not end a sentence ("TP. Vũng Tàu", "VP. Tỉnh ủy").
fn is_abbreviation(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let caps_only = !word.chars().any(char::is_lowercase);
    ((1..=3).contains(&letters) && caps_only)
        || letters == 1
        || ["Tp", "Ths", "Ts", "Pgs", "Gs", "Bs", "Ks", "Th", "Đ/c"].contains(&word)
}

/// Byte ranges of the sentences of `text`.
pub(crate) fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if matches!(c, '.' | '!' | '?') {
            // Swallow "./." and closing quotes or brackets.
            let mut j = k + 1;
            while j < chars.len() && matches!(chars[j].1, '.' | '/' | '”' | '"' | ')' | '’') {
                j += 1;
            }
            let spaced = j < chars.len() && chars[j].1 == ' ';
            let mut n = j;
            while n < chars.len() && chars[n].1 == ' ' {
                n += 1;
            }
            let next = chars.get(n).map(|&(_, c)| c);
            let prev_word: String = {
                let before = &text[start..i];
                before
                    .rsplit(|c: char| c.is_whitespace() || c == '(')
                    .next()
                    .unwrap_or("")
                    .to_owned()
            };
            let prev_lower = k > 0 && chars[k - 1].1.is_lowercase();
            let opens =
                next.is_some_and(|c| c.is_uppercase() || matches!(c, '“' | '"' | '-' | '('));
            let boundary = match next {
                None => true,
                Some(_) if c != '.' => opens && spaced,
                Some(_) => {
                    opens && (spaced || prev_lower) && !(spaced && is_abbreviation(&prev_word))
                }
            };
            if boundary {
                let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
                push_bounded(text, start..end, &mut out);
                start = chars.get(n).map_or(text.len(), |&(b, _)| b);
                k = n;
                continue;
            }
        }
        k += 1;
    }
    if start < text.len() {
        push_bounded(text, start..text.len(), &mut out);
    }
    out.retain(|r| !text[r.clone()].trim().is_empty());
    out
}

fn push_bounded(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut from = range.start;
    while range.end - from > MAX_SENTENCE {
        let mut cut = from + MAX_SENTENCE;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = text[from..cut].rfind(' ').map_or(cut, |s| from + s + 1);
        let cut = if cut <= from {
            from + MAX_SENTENCE.min(range.end - from)
        } else {
            cut
        };
        let mut cut = cut;
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        out.push(from..cut);
        from = cut;
    }
    out.push(from..range.end);
}

/// Token ranges of the clauses of a sentence that may stand as tasks of their own: split at
/// ";" and before "đồng thời" after a comma. Parentheses and quotes are not split.
pub(crate) fn split_segments(toks: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    let mut quoted = false;
    for (i, t) in toks.iter().enumerate() {
        match t.punct {
            Some('(') => depth += 1,
            Some(')') => depth = (depth - 1).max(0),
            Some('“') => quoted = true,
            Some('”') => quoted = false,
            _ => {}
        }
        if depth > 0 || quoted {
            continue;
        }
        // "Các sở, ban, ngành tỉnh; UBND các huyện … xây dựng kế hoạch": a ";" inside the
        // list of units that share one predicate separates units, not clauses.
        let inside_list = t.is(';')
            && crate::units::parse_list(toks, skip_intro(toks, start, i))
                .is_some_and(|l| l.end() > i);
        let split_here = (t.is(';') && !inside_list)
            || (t.is(',')
                && toks.get(i + 1).is_some_and(|n| n.key == "đồng")
                && toks.get(i + 2).is_some_and(|n| n.key == "thời"));
        if split_here {
            if i > start {
                out.push(start..i);
            }
            start = i + 1;
        }
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
    out
}

/// Positions in `range` where a clause starts: the start and after each comma or colon.
pub(crate) fn clause_starts(toks: &[Token], range: Range<usize>) -> Vec<usize> {
    let mut out = vec![range.start];
    for i in range.clone() {
        if toks[i].is(',') || toks[i].is(':') {
            out.push(i + 1);
        }
    }
    out.retain(|&i| i < range.end);
    out
}

/// Skips connectives that open a clause ("Đồng thời,", "Thứ nhất,", "(ii)"): the first token
/// after them.
pub(crate) fn skip_intro(toks: &[Token], mut i: usize, end: usize) -> usize {
    loop {
        let before = i;
        while i < end
            && toks[i]
                .punct
                .is_some_and(|c| matches!(c, ',' | ':' | '“' | '"' | '-' | '–' | '.'))
        {
            i += 1;
        }
        if i < end
            && toks[i].is('(')
            && let Some(close) = (i + 1..end.min(i + 4)).find(|&k| toks[k].is(')'))
        {
            i = close + 1;
        }
        if let Some((n, ())) = LEXICON.intros.longest(toks, i) {
            i += n;
        }
        if i == before || i >= end {
            return i.min(end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn sentences(s: &str) -> Vec<&str> {
        split_sentences(s)
            .into_iter()
            .map(|r| s[r].trim())
            .collect()
    }

    #[test]
    fn sentence_boundaries() {
        assert_eq!(
            sentences("Giao Sở Y tế làm báo cáo. Đồng thời làm kế hoạch./. Nơi nhận"),
            [
                "Giao Sở Y tế làm báo cáo.",
                "Đồng thời làm kế hoạch./.",
                "Nơi nhận"
            ]
        );
        assert_eq!(
            sentences("cho phù hợp với từng khu vực.Nhận được Công văn này, yêu cầu"),
            [
                "cho phù hợp với từng khu vực.",
                "Nhận được Công văn này, yêu cầu"
            ]
        );
        assert_eq!(
            sentences("số tiền 2.579.280.000 đồng tại TP. Vũng Tàu."),
            ["số tiền 2.579.280.000 đồng tại TP. Vũng Tàu."]
        );
    }

    #[test]
    fn segments_split_at_semicolons_and_dong_thoi() {
        let s =
            "có kế hoạch thực hiện; đồng thời, thu hồi kinh phí (a; b), rồi làm C, đồng thời làm D";
        let toks = tokenize(s);
        let segs: Vec<String> = split_segments(&toks)
            .into_iter()
            .map(|r| s[toks[r.start].start..toks[r.end - 1].end].to_owned())
            .collect();
        assert_eq!(
            segs,
            [
                "có kế hoạch thực hiện",
                "đồng thời, thu hồi kinh phí (a; b), rồi làm C",
                "đồng thời làm D"
            ]
        );
    }

    #[test]
    fn huge_sentences_are_cut() {
        let s = "chữ ".repeat(5000);
        assert!(split_sentences(&s).iter().all(|r| r.len() <= MAX_SENTENCE));
    }
}
