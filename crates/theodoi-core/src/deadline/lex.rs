//! Tokens of a deadline phrase, folded for matching (lower case, no diacritics, đ → d; NFC or
//! NFD input alike), each keeping its byte range in the original text.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    /// A run of letters, folded: "Tháng" → "thang".
    Word(String),
    /// A run of ASCII digits: its value (saturating) and how many digits were written.
    Num { value: u64, digits: usize },
    /// Any other visible character (dashes folded to '-').
    Punct(char),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Tok {
    pub kind: Kind,
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Digit,
    Alpha,
    Space,
    Other,
}

fn class(c: char) -> Class {
    if c.is_ascii_digit() {
        Class::Digit
    } else if c.is_alphabetic() {
        Class::Alpha
    } else if c.is_whitespace() {
        Class::Space
    } else {
        Class::Other
    }
}

/// Folded characters with the byte range of the original character each came from.
fn fold_chars(text: &str) -> Vec<(char, usize, usize)> {
    let mut out: Vec<(char, usize, usize)> = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let j = i + c.len_utf8();
        let before = out.len();
        decompose_canonical(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            let d = match d {
                'đ' | 'Đ' | 'Ð' | 'ð' => 'd',
                '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
                x => x,
            };
            for l in d.to_lowercase() {
                if !is_combining_mark(l) {
                    out.push((l, i, j));
                }
            }
        });
        // A dropped mark (NFD input) belongs to the character before it.
        if out.len() == before
            && let Some(last) = out.last_mut()
            && last.2 == i
            && is_combining_mark(c)
        {
            last.2 = j;
        }
    }
    out
}

/// Splits a text into tokens.
pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let chars = fold_chars(text);
    let mut toks = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (c, start, _) = chars[k];
        let cl = class(c);
        match cl {
            Class::Space => k += 1,
            Class::Other => {
                toks.push(Tok {
                    kind: Kind::Punct(c),
                    start,
                    end: chars[k].2,
                });
                k += 1;
            }
            Class::Digit | Class::Alpha => {
                let mut end = k;
                while end < chars.len() && class(chars[end].0) == cl {
                    end += 1;
                }
                let run = &chars[k..end];
                let kind = if cl == Class::Digit {
                    let value = run.iter().fold(0u64, |acc, (ch, _, _)| {
                        acc.saturating_mul(10)
                            .saturating_add(u64::from(ch.to_digit(10).unwrap_or(0)))
                    });
                    Kind::Num {
                        value,
                        digits: run.len(),
                    }
                } else {
                    Kind::Word(run.iter().map(|(ch, _, _)| *ch).collect())
                };
                toks.push(Tok {
                    kind,
                    start,
                    end: run.last().map_or(start, |x| x.2),
                });
                k = end;
            }
        }
    }
    toks
}

/// A position in the token list; copy it to backtrack.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cur<'a> {
    pub toks: &'a [Tok],
    pub i: usize,
}

impl<'a> Cur<'a> {
    pub fn new(toks: &'a [Tok], i: usize) -> Self {
        Cur { toks, i }
    }

    /// Only punctuation is left.
    pub fn at_end_or_punct(&self) -> bool {
        self.toks[self.i.min(self.toks.len())..]
            .iter()
            .all(|t| matches!(t.kind, Kind::Punct(_)))
    }

    pub fn peek(&self) -> Option<&'a Tok> {
        self.toks.get(self.i)
    }

    pub fn peek_word(&self) -> Option<&'a str> {
        match self.peek().map(|t| &t.kind) {
            Some(Kind::Word(w)) => Some(w.as_str()),
            _ => None,
        }
    }

    /// Consumes one word if it is `w`.
    pub fn word(&mut self, w: &str) -> bool {
        if self.peek_word() == Some(w) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Consumes the words of `phrase` ("cham nhat") if all follow; else nothing.
    pub fn words(&mut self, phrase: &str) -> bool {
        let save = *self;
        if phrase.split(' ').all(|w| self.word(w)) {
            true
        } else {
            *self = save;
            false
        }
    }

    /// Consumes the first phrase of `phrases` that follows; returns it.
    pub fn one_of(&mut self, phrases: &[&'static str]) -> Option<&'static str> {
        phrases.iter().copied().find(|p| self.words(p))
    }

    /// Consumes a number of at most `max_digits` digits.
    pub fn num(&mut self, max_digits: usize) -> Option<u64> {
        match self.peek().map(|t| &t.kind) {
            Some(Kind::Num { value, digits }) if *digits <= max_digits => {
                self.i += 1;
                Some(*value)
            }
            _ => None,
        }
    }

    /// Consumes a number of exactly four digits (a year).
    pub fn year(&mut self) -> Option<u64> {
        match self.peek().map(|t| &t.kind) {
            Some(Kind::Num { value, digits: 4 }) => {
                self.i += 1;
                Some(*value)
            }
            _ => None,
        }
    }

    pub fn punct(&mut self, c: char) -> bool {
        if self.peek().map(|t| &t.kind) == Some(&Kind::Punct(c)) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Consumes one of the characters of `set`; returns it.
    pub fn punct_in(&mut self, set: &str) -> Option<char> {
        match self.peek().map(|t| &t.kind) {
            Some(Kind::Punct(c)) if set.contains(*c) => {
                let c = *c;
                self.i += 1;
                Some(c)
            }
            _ => None,
        }
    }
}
