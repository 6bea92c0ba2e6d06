//! Text preparation and comparison keys: NFC, stray marks, tone placement, readability.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The five Vietnamese tone marks as combining characters (huyền, sắc, ngã, hỏi, nặng).
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Prepares raw input for extraction: NFC, one kind of line break, no BOM, no zero-width or
/// emphasis characters, non-breaking spaces and tabs as plain spaces.
pub(crate) fn prepare(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.nfc() {
        match c {
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '*' | '\r' => {}
            '\u{a0}' | '\t' | '\u{2007}' | '\u{202f}' => out.push(' '),
            '\u{2028}' | '\u{2029}' | '\u{b}' | '\u{c}' => out.push('\n'),
            c => out.push(c),
        }
    }
    out
}

/// A comparison key for one word or phrase: lower case, NFC, and the tone of a final "oa",
/// "oe" or "uy" on its second vowel, so that "Ủy"/"Uỷ" and "hòa"/"hoà" give the same key while
/// every other word keeps its usual spelling ("với", "các").
pub(crate) fn tone_key(word: &str) -> String {
    let lower: Vec<char> = word.nfd().flat_map(char::to_lowercase).collect();
    let mut out: Vec<char> = Vec::with_capacity(lower.len());
    let mut i = 0;
    while i < lower.len() {
        let c = lower[i];
        if matches!(c, 'o' | 'u')
            && let (Some(&t), Some(&v)) = (lower.get(i + 1), lower.get(i + 2))
            && TONE_MARKS.contains(&t)
            && ((c == 'o' && matches!(v, 'a' | 'e')) || (c == 'u' && v == 'y'))
            && !lower.get(i + 3).is_some_and(|n| n.is_alphanumeric())
        {
            out.extend([c, v, t]);
            i += 3;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out.into_iter().nfc().collect()
}

/// Normalises a unit name for scoring: case, spacing, punctuation and tone placement ignored.
pub fn normalize_name(name: &str) -> String {
    let spaced: String = name
        .nfc()
        .map(|c| {
            if c.is_alphanumeric() || is_combining_mark(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    spaced
        .split_whitespace()
        .map(tone_key)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a character is a letter of the Vietnamese alphabet that English lacks.
fn is_vietnamese_letter(c: char) -> bool {
    const LETTERS: &str = "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ";
    c.to_lowercase().any(|l| LETTERS.contains(l))
}

/// Why a text cannot be read as Vietnamese, if it cannot.
pub(crate) fn unreadable_reason(text: &str) -> Option<String> {
    let (mut letters, mut vietnamese, mut control, mut total) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        total += 1;
        if c.is_alphabetic() {
            letters += 1;
            if is_vietnamese_letter(c) {
                vietnamese += 1;
            }
        } else if (c.is_control() && c != '\n' && c != '\r' && c != '\t') || c == '\u{fffd}' {
            control += 1;
        }
    }
    if control * 50 > total {
        return Some("nội dung nhị phân hoặc sai bảng mã".to_owned());
    }
    if mojibake_pairs(text) * 20 > letters.max(1) {
        return Some(
            "sai bảng mã: chữ có dấu bị đọc nhầm (UTF-8 đọc thành Windows-1252), hãy lưu lại tệp với bảng mã UTF-8"
                .to_owned(),
        );
    }
    if letters < 8 {
        return Some("quá ít chữ để đọc".to_owned());
    }
    if vietnamese * 100 < letters {
        return Some("không thấy chữ tiếng Việt có dấu".to_owned());
    }
    None
}

/// Pairs a UTF-8 Vietnamese letter becomes when its bytes are read as Windows-1252 or
/// Latin-1: a lead byte shown as "Ã", "Ä", "Æ", "á"… followed by a continuation byte shown as
/// a sign or a letter of U+0080–U+00BF or the Windows-1252 extras ("»", "º", "¡", "‘"…).
/// Written Vietnamese never puts these two together.
fn mojibake_pairs(text: &str) -> usize {
    let lead = |c: char| matches!(c, 'Â' | 'Ã' | 'Ä' | 'Å' | 'Æ' | 'Ç' | 'á' | 'â');
    let continuation = |c: char| {
        // A no-break space after "á" is ordinary web text, not a continuation byte.
        (('\u{80}'..='\u{bf}').contains(&c) && c != '\u{a0}')
            || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\u{fffd}".contains(c)
    };
    let mut n = 0;
    let mut prev = ' ';
    for c in text.chars() {
        if lead(prev) && continuation(c) {
            n += 1;
        }
        prev = c;
    }
    n
}

/// Collapses whitespace and trims punctuation that should not end a phrase.
pub(crate) fn tidy(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '“' | '”' | '"' | '.')
        })
        .replace(" ,", ",")
        .replace(" ;", ";")
}

/// Title case for a word written in capitals ("HẬU" → "Hậu").
pub(crate) fn title_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for (i, c) in word.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The share of letters in `s` that are capitals (1.0 for "ỦY BAN NHÂN DÂN").
pub(crate) fn upper_ratio(s: &str) -> f32 {
    let (mut letters, mut upper) = (0u32, 0u32);
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if c.is_uppercase() {
            upper += 1;
        }
    }
    if letters == 0 {
        0.0
    } else {
        upper as f32 / letters as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_key_ignores_tone_placement_and_case() {
        assert_eq!(tone_key("Ủy"), tone_key("uỷ"));
        assert_eq!(tone_key("hòa"), tone_key("hoà"));
        assert_ne!(tone_key("có"), tone_key("cơ"));
        assert_ne!(tone_key("Sở"), tone_key("số"));
        let nfd: String = "Thủy".nfd().collect();
        assert_eq!(tone_key(&nfd), tone_key("Thuỷ"));
    }

    #[test]
    fn normalize_name_ignores_punctuation_and_spacing() {
        assert_eq!(
            normalize_name("Sở Lao động - Thương binh và Xã hội"),
            normalize_name("sở lao động-thương binh và xã hội")
        );
        assert_eq!(
            normalize_name("Uỷ ban  nhân dân"),
            normalize_name("Ủy ban nhân dân")
        );
    }

    #[test]
    fn readability() {
        assert!(unreadable_reason("Giao Sở Tài chính chủ trì thực hiện").is_none());
        assert!(unreadable_reason("The quick brown fox jumps over the lazy dog").is_some());
        assert!(unreadable_reason("\u{0}\u{1}\u{2}\u{3}abc").is_some());
    }
}
