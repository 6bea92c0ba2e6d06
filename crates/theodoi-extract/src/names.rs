//! The rest of a unit's name after its head: capitalised words, abbreviations, the second
//! syllables of compound words, places, "và" inside a name, dashes and parenthesised
//! abbreviations — stopping at a verb, a function word or a leader's personal name.

use crate::lexicon::LEXICON;
use crate::tokens::Token;

/// Words that never continue a unit name.
fn is_function_word(t: &Token) -> bool {
    const WORDS: &[&str] = &[
        "của", "về", "tại", "trên", "theo", "cho", "với", "để", "trong", "đối", "là", "đã", "sẽ",
        "đang", "được", "bị", "thì", "mà", "nhưng", "hoặc", "cũng", "đều", "vẫn", "ngày", "số",
        "năm", "tháng", "và", "các", "những", "này", "đó", "khi", "nếu", "từ", "đến", "như",
        "biết", "gồm", "do", "vì", "nên", "rằng", "ông", "bà", "đồng", "chí",
    ];
    WORDS.contains(&t.key.as_str()) || t.key.chars().any(|c| c.is_ascii_digit())
}

/// Common Vietnamese family names, to tell "UBND tỉnh Lâm Minh Thành" (a leader's name after
/// the unit) from "UBND huyện Hòn Đất".
const SURNAMES: &[&str] = &[
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "hồ", "ngô", "dương", "lý", "lâm", "đồng", "lữ", "đào", "đoàn", "trương", "mai", "cao", "tạ",
    "hà", "đinh", "lưu", "châu", "thái", "tô", "quách", "kiều", "hứa", "triệu", "lương", "nghiêm",
    "tăng", "từ", "mạc", "khúc", "âu", "la", "chu", "kim", "thạch", "danh", "lò", "hầu", "giang",
    "trịnh", "doãn", "vương", "văn", "tôn", "phùng", "diệp",
];

/// A person's name at `i`: a family name and at least two more capitalised words that do not
/// spell a province ("Hồ Chí Minh").
pub(crate) fn person_name_at(toks: &[Token], i: usize) -> bool {
    let run: Vec<&Token> = toks
        .get(i..)
        .unwrap_or_default()
        .iter()
        .take_while(|t| t.is_word() && t.cap && !t.abbrev)
        .take(4)
        .collect();
    if run.len() < 3 || !SURNAMES.contains(&run[0].key.as_str()) {
        return false;
    }
    let spelled: Vec<&str> = run.iter().map(|t| t.folded.as_str()).collect();
    (2..=run.len()).all(|n| crate::provinces::canonical(&spelled[..n].join(" ")).is_none())
}

/// Two-syllable nouns whose first syllable alone is a verb of the lexicon.
const VERB_LED_NOUNS: &[(&str, &str)] = &[
    ("giao", "thông"),
    ("giao", "dịch"),
    ("giao", "lưu"),
    ("giao", "thương"),
    ("giao", "nhận"),
    ("phân", "phối"),
    ("kiểm", "định"),
];

/// The length of a verb-led noun at `i`, if one is there.
fn verb_led_noun(toks: &[Token], i: usize) -> Option<usize> {
    let (a, b) = (toks.get(i)?, toks.get(i + 1)?);
    VERB_LED_NOUNS
        .iter()
        .any(|(x, y)| a.key == *x && b.key == *y)
        .then_some(2)
}

/// Consumes the rest of a name: capitalised words, abbreviations, compound syllables, places,
/// "và" inside a name ("Kế hoạch và Đầu tư"), dashes and parenthesised abbreviations.
pub(crate) fn grow_name(
    toks: &[Token],
    i: &mut usize,
    ends: &mut Vec<usize>,
    skipped: &mut Vec<(usize, usize)>,
    group: &mut bool,
) {
    let lx = &*LEXICON;
    let mut lower_run: Option<usize> = toks.get(i.saturating_sub(1)).filter(|t| t.cap).map(|_| 0);
    let mut after_of = false;
    while let Some(t) = toks.get(*i) {
        let next = toks.get(*i + 1);
        if t.is('(') {
            let close = (*i + 1..(*i + 12).min(toks.len())).find(|&k| toks[k].is(')'));
            let Some(close) = close else { break };
            skipped.push((*i, close + 1));
            *i = close + 1;
            ends.push(*i);
            continue;
        }
        if t.is('-') || t.is('–') {
            if next.is_some_and(|n| n.is_word() && n.cap) {
                *i += 1;
                continue;
            }
            break;
        }
        if !t.is_word() {
            break;
        }
        if *group
            && !t.cap
            && let Some((n, ())) = lx.generic.longest(toks, *i)
        {
            *i += n;
            ends.push(*i);
            lower_run = None;
            continue;
        }
        if let Some((n, ())) = lx.localities.longest(toks, *i).filter(|_| !t.cap) {
            let k = &t.key;
            *group |= k == "các" || k == "cấp" || k.contains("liên") || k == "địa" || k == "trên";
            *i += n;
            ends.push(*i);
            lower_run = None;
            continue;
        }
        if t.cap && !t.abbrev && person_name_at(toks, *i) {
            break;
        }
        if (t.cap || t.abbrev) && (after_of || !lx.titles.starts(toks, *i)) {
            *i += 1;
            ends.push(*i);
            lower_run = Some(0);
            after_of = false;
            continue;
        }
        if t.key == "và"
            && next.is_some_and(|n| n.cap && !n.abbrev)
            && !lx.heads.starts(toks, *i + 1)
            && !lx.titles.starts(toks, *i + 1)
            && !lx.units.starts(toks, *i + 1)
        {
            *i += 1;
            continue;
        }
        if t.key == "của"
            && (lx.titles.starts(toks, *i + 1) || lx.heads.starts(toks, *i + 1))
            && next.is_some_and(|n| n.cap)
        {
            *i += 1;
            after_of = true;
            continue;
        }
        // A noun that starts with a verb's syllable ("công trình giao thông", "sàn giao dịch")
        // continues the name: "giao" there is not "to assign".
        if ends.last() == Some(&*i)
            && let Some(n) = verb_led_noun(toks, *i)
        {
            *i += n;
            ends.push(*i);
            lower_run = Some(0);
            continue;
        }
        if let Some(run) = lower_run
            && run < 2
            && !t.cap
            && !is_function_word(t)
            && lx.verbs.longest(toks, *i).is_none()
            && !lx.plural.starts(toks, *i)
        {
            *i += 1;
            ends.push(*i);
            lower_run = Some(run + 1);
            continue;
        }
        break;
    }
}
