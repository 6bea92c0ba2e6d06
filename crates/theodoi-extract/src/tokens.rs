//! Words and punctuation of one sentence, with byte offsets and comparison keys.

use std::cell::RefCell;
use std::collections::HashMap;

use theodoi_core::text::fold;

use crate::text::tone_key;

/// One word or punctuation mark of a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    /// Lower case with diacritics, tone placement canonical (see [`tone_key`]).
    pub key: String,
    /// Lower case without diacritics (see [`fold`]).
    pub folded: String,
    /// The mark, when the token is punctuation.
    pub punct: Option<char>,
    /// Starts with a capital letter.
    pub cap: bool,
    /// Written in capitals only, at least two letters ("UBND", "KH&ĐT").
    pub abbrev: bool,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.punct.is_none()
    }

    pub fn is(&self, mark: char) -> bool {
        self.punct == Some(mark)
    }
}

/// Marks that always stand alone as tokens.
fn always_separate(c: char) -> bool {
    matches!(
        c,
        ';' | ':'
            | '('
            | ')'
            | '['
            | ']'
            | '“'
            | '”'
            | '"'
            | '‘'
            | '’'
            | '!'
            | '?'
            | '…'
            | '«'
            | '»'
            | '\''
            | '–'
            | '—'
    )
}

/// Splits a sentence into tokens. Inner "-", "/" and "," stay in abbreviations ("LĐ-TB&XH",
/// "VH,TT&DL", "NQ-HĐND"); "." stays between letters or digits ("2.579", "TP.HCM").
pub(crate) fn tokenize(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chunk_start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(st) = chunk_start.take() {
                push_chunk(s, st, i, &mut out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(st) = chunk_start {
        push_chunk(s, st, s.len(), &mut out);
    }
    out
}

fn push_chunk(s: &str, from: usize, to: usize, out: &mut Vec<Token>) {
    let chunk = &s[from..to];
    let has_lower = chunk.chars().any(char::is_lowercase);
    let chars: Vec<(usize, char)> = chunk.char_indices().collect();
    let mut word_start: Option<usize> = None;
    for (k, &(i, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).and_then(|p| chars.get(p)).map(|&(_, p)| p);
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let alnum = |o: Option<char>| o.is_some_and(char::is_alphanumeric);
        let upper = |o: Option<char>| o.is_some_and(char::is_uppercase);
        let separate = match c {
            ',' => !(upper(prev) && upper(next)),
            '.' => !(alnum(prev) && alnum(next)),
            '-' | '/' => has_lower || !(alnum(prev) && alnum(next)),
            '&' => !(alnum(prev) && alnum(next)),
            c => always_separate(c) || (!c.is_alphanumeric() && !is_inner(c)),
        };
        if separate {
            if let Some(ws) = word_start.take() {
                out.push(make(s, from + ws, from + i, None));
            }
            out.push(make(s, from + i, from + i + c.len_utf8(), Some(c)));
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(ws) = word_start {
        out.push(make(s, from + ws, to, None));
    }
}

/// Characters that may sit inside a word.
fn is_inner(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c) || matches!(c, '_' | '%' | '+')
}

thread_local! {
    /// Keys of words already seen: a document repeats a few thousand syllables, and
    /// normalising each again is most of the cost of reading it.
    static KEYS: RefCell<HashMap<String, (String, String)>> = RefCell::new(HashMap::new());
}

/// Entries kept before the cache starts afresh.
const MAX_CACHED: usize = 50_000;

fn keys_of(word: &str) -> (String, String) {
    if word.is_ascii() {
        let lower = word.to_ascii_lowercase();
        return (lower.clone(), lower);
    }
    KEYS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(k) = cache.get(word) {
            return k.clone();
        }
        let k = (tone_key(word), fold(word));
        if cache.len() >= MAX_CACHED {
            cache.clear();
        }
        cache.insert(word.to_owned(), k.clone());
        k
    })
}

fn make(s: &str, start: usize, end: usize, punct: Option<char>) -> Token {
    let text = &s[start..end];
    let (key, folded, cap, abbrev) = if punct.is_some() {
        (text.to_owned(), text.to_owned(), false, false)
    } else {
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        let cap = text.chars().next().is_some_and(char::is_uppercase);
        let abbrev = letters >= 2 && !text.chars().any(char::is_lowercase);
        let (key, folded) = keys_of(text);
        (key, folded, cap, abbrev)
    };
    Token {
        start,
        end,
        key,
        folded,
        punct,
        cap,
        abbrev,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s)
            .iter()
            .map(|t| s[t.start..t.end].to_owned())
            .collect()
    }

    #[test]
    fn keeps_abbreviations_whole() {
        assert_eq!(
            words("Sở LĐ-TB&XH, Sở VH,TT&DL và 26/NQ-HĐND."),
            [
                "Sở",
                "LĐ-TB&XH",
                ",",
                "Sở",
                "VH,TT&DL",
                "và",
                "26/NQ-HĐND",
                "."
            ]
        );
    }

    #[test]
    fn splits_names_and_lists() {
        assert_eq!(
            words("Bà Rịa-Vũng Tàu (PCTT&TKCN) huyện/thành phố 2.579.280.000 đồng;"),
            [
                "Bà",
                "Rịa",
                "-",
                "Vũng",
                "Tàu",
                "(",
                "PCTT&TKCN",
                ")",
                "huyện",
                "/",
                "thành",
                "phố",
                "2.579.280.000",
                "đồng",
                ";"
            ]
        );
        assert_eq!(
            words("“phải trực tiếp”"),
            ["“", "phải", "trực", "tiếp", "”"]
        );
    }
}
