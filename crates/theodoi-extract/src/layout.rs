//! Lines to paragraphs: hard-wrapped lines joined, page breaks and footnotes removed, list
//! markers recognised, and the body told from the header, the preamble and "Nơi nhận".

use std::sync::LazyLock;

use regex::Regex;
use theodoi_core::text::fold;

use crate::text::upper_ratio;

/// How a paragraph is numbered, from the highest level down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Marker {
    /// "Điều 1."
    Article,
    /// "I.", "II."
    Roman,
    /// "1.", "2)"
    Arabic,
    /// "a)", "b."
    Letter,
    /// "-", "+", "•", "(i)"
    Dash,
    /// No marker.
    None,
}

#[derive(Debug, Clone)]
pub(crate) struct Paragraph {
    pub marker: Marker,
    /// The text after the marker.
    pub text: String,
}

static MARKER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?P<art>Điều\s+\d+[a-z]?\s*[.:])|(?P<roman>[IVX]{1,5}\s*[.)])|(?P<arabic>\d{1,2}(?:\.\d{1,2})*\s*[.)])|(?P<letter>[a-zđ]\s*[.)])|(?P<dash>[-+•–—]|\(\s*(?:[ivx]{1,4}|\d{1,2}|[a-z])\s*\)))\s+",
    )
    .ok()
});

/// The marker opening a line and the text after it.
pub(crate) fn split_marker(line: &str) -> (Marker, &str) {
    let Some(c) = MARKER.as_ref().and_then(|re| re.captures(line)) else {
        return (Marker::None, line);
    };
    let marker = if c.name("art").is_some() {
        Marker::Article
    } else if c.name("roman").is_some() {
        Marker::Roman
    } else if c.name("arabic").is_some() {
        Marker::Arabic
    } else if c.name("letter").is_some() {
        Marker::Letter
    } else {
        Marker::Dash
    };
    let rest = c.get(0).map_or(line, |m| &line[m.end()..]);
    (marker, rest)
}

fn is_footnote(line: &str) -> bool {
    line.starts_with(['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '⁰'])
}

fn strip_superscripts(line: &str) -> String {
    line.chars()
        .filter(|c| !matches!(c, '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' | '⁰'))
        .collect()
}

fn ends_sentence(s: &str) -> bool {
    s.ends_with(['.', ';', ':', '!', '?']) || s.ends_with("./.")
}

fn is_caps_line(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 3 && upper_ratio(s) >= 0.8
}

/// The document's lines without the `# source:` note, footnotes and footnote marks.
pub(crate) fn clean_lines(text: &str) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(i, l)| !(*i == 0 && l.trim_start().starts_with("# source:")))
        .map(|(_, l)| l.trim())
        .filter(|l| !is_footnote(l))
        .map(|l| {
            strip_superscripts(l)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Narrowest width at which a text is taken to be hard-wrapped.
const MIN_WRAP: usize = 50;

/// Joins lines into paragraphs. A line continues the one before when that one does not end a
/// sentence and the line neither opens a list item nor is a heading in capitals, and either it
/// starts in lower case (a page break or a wrap) or the line before is as long as the text's
/// wrapped lines.
pub(crate) fn paragraphs(lines: &[String]) -> Vec<Paragraph> {
    let mut lengths: Vec<usize> = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.chars().count())
        .collect();
    lengths.sort_unstable();
    let wrap = lengths
        .get(lengths.len().saturating_mul(9) / 10)
        .copied()
        .unwrap_or(0);
    let mut out: Vec<Paragraph> = Vec::new();
    let mut prev_line = String::new();
    let mut blank = false;
    for line in lines {
        if line.is_empty() {
            blank = true;
            continue;
        }
        let (marker, rest) = split_marker(line);
        let starts_lower = line.chars().next().is_some_and(char::is_lowercase);
        let long_prev = wrap >= MIN_WRAP && prev_line.chars().count() * 10 >= wrap * 6;
        let open_end = !ends_sentence(&prev_line) || (prev_line.ends_with(';') && starts_lower);
        let join = !out.is_empty()
            && marker == Marker::None
            && open_end
            && !is_caps_line(line)
            && !is_caps_line(&prev_line)
            && (starts_lower || (!blank && long_prev));
        match out.last_mut() {
            Some(p) if join => {
                p.text.push(' ');
                p.text.push_str(line);
            }
            _ => out.push(Paragraph {
                marker,
                text: rest.to_owned(),
            }),
        }
        prev_line.clone_from(line);
        blank = false;
    }
    out
}

/// The one unit a letter is addressed to ("Kính gửi: Giám đốc Sở Tài chính."), when the
/// "Kính gửi" block names exactly one unit and no group.
pub(crate) fn addressee(paragraphs: &[Paragraph]) -> Option<Vec<(String, bool)>> {
    let at = paragraphs
        .iter()
        .take(40)
        .position(|p| fold(p.text.get(..12).unwrap_or(&p.text)).starts_with("kinh gui"))?;
    let first = &paragraphs[at].text;
    let inline = first.split_once(':').map_or("", |(_, r)| r.trim());
    let mut names: Vec<&str> = Vec::new();
    if !inline.is_empty() {
        names.push(inline);
    }
    names.extend(
        paragraphs[at + 1..]
            .iter()
            .take_while(|p| p.marker == Marker::Dash)
            .map(|p| p.text.as_str()),
    );
    let mut leads = Vec::new();
    for name in names {
        let name = name.trim_end_matches(['.', ';', ',']);
        let toks = crate::tokens::tokenize(name);
        let list = crate::units::parse_list(&toks, 0).filter(|l| l.end() == toks.len())?;
        leads.extend(list.leads(name, &toks));
    }
    match leads.as_slice() {
        [(_, false)] => Some(leads),
        _ => None,
    }
}

static BODY_MARK: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?:y kien|ket luan|chi dao|yeu cau|kien nghi)(?: chi dao| ket luan)? nhu sau\s*:|^(?:quyet nghi|quyet dinh|chi thi)\s*:").ok()
});

/// The paragraphs that carry the directive: after "… có ý kiến như sau:" or "QUYẾT NGHỊ:" when
/// the text has one, and before "Nơi nhận".
pub(crate) fn body(paragraphs: Vec<Paragraph>) -> Vec<Paragraph> {
    let end = paragraphs
        .iter()
        .position(|p| {
            let head: String = p.text.chars().take(10).collect();
            fold(&head).starts_with("noi nhan")
        })
        .unwrap_or(paragraphs.len());
    let mut paras: Vec<Paragraph> = paragraphs.into_iter().take(end).collect();
    let Some(re) = BODY_MARK.as_ref() else {
        return paras;
    };
    let found = paras.iter().enumerate().find_map(|(i, p)| {
        let folded = fold(&p.text);
        re.find(&folded).map(|m| (i, m.end(), folded.len()))
    });
    if let Some((i, end_folded, len_folded)) = found {
        let mut rest: Vec<Paragraph> = paras.split_off(i);
        if let Some(first) = rest.first_mut() {
            // Folding keeps one character per character outside whitespace runs; map the cut
            // by characters remaining from the end.
            let remaining = len_folded.saturating_sub(end_folded);
            let total = first.text.chars().count();
            let cut: String = first
                .text
                .chars()
                .skip(total.saturating_sub(remaining))
                .collect();
            first.text = cut.trim().to_owned();
        }
        rest.retain(|p| !p.text.is_empty());
        return rest;
    }
    paras
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<String> {
        paragraphs(&clean_lines(text))
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn wrapped_lines_join_and_items_split() {
        let text = "- Ủy ban nhân dân tỉnh cần đẩy mạnh chủ trương xã hội\nhóa về đầu tư.\n- Đề nghị Ủy ban nhân dân tỉnh thành lập Đoàn thanh\ntra giải quyết.";
        assert_eq!(
            paras(text),
            [
                "Ủy ban nhân dân tỉnh cần đẩy mạnh chủ trương xã hội hóa về đầu tư.",
                "Đề nghị Ủy ban nhân dân tỉnh thành lập Đoàn thanh tra giải quyết."
            ]
        );
    }

    #[test]
    fn page_breaks_and_footnotes_vanish() {
        let text = "là năm bản lề thực hiện Kế hoạch\n\n⁵ Vắng: Hòn Đất.\n\nphát triển kinh tế.";
        assert_eq!(
            paras(text),
            ["là năm bản lề thực hiện Kế hoạch phát triển kinh tế."]
        );
    }

    #[test]
    fn body_starts_after_the_opinion() {
        let ps = paragraphs(&clean_lines(
            "Xét Công văn số 1, Chủ tịch UBND tỉnh có ý kiến như sau:\n\n1. Giao Sở Y tế làm.\n\nNơi nhận:\n- Như trên;",
        ));
        let b = body(ps);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].text, "Giao Sở Y tế làm.");
        assert_eq!(b[0].marker, Marker::Arabic);
    }
}
