//! The document's number, date, issuer and kind, from the header of Nghị định 30/2020 forms
//! ("Số: 458/UBND-NCTH", "Vị Thanh, ngày 6 tháng 4 năm 2011", "ỦY BAN NHÂN DÂN / TỈNH HẬU
//! GIANG") or, for texts copied from a portal, from the sentence that cites the document.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::{Captures, Regex};
use theodoi_core::text::fold;

use crate::DocumentHeader;
use crate::layout::Paragraph;
use crate::provinces;
use crate::text::{tidy, title_word, upper_ratio};
use crate::tokens::tokenize;
use crate::units::parse_list;

/// How many lines from the top the header may take.
const TOP_LINES: usize = 30;

const CODE: &str = r"(?:\d{4}/)?\p{Lu}[\p{L}\p{N}&]*(?:-[\p{L}\p{N}&]+)*";
/// A number's code with the drafting unit after a dash, as a cited number has ("NQ-HĐND").
const CODE_WITH_UNIT: &str = r"(?:\d{4}/)?\p{Lu}[\p{L}\p{N}&]*(?:-[\p{L}\p{N}&]+)+";
const DATE_WORDS: &str = r"ngày\s+(\d{1,2})(?:\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})|\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))";

struct Patterns {
    so: Regex,
    any_number: Regex,
    place_date: Regex,
    date_after_number: Regex,
    adopted: Regex,
    motto: Regex,
}

static P: LazyLock<Option<Patterns>> = LazyLock::new(|| {
    Some(Patterns {
        so: Regex::new(&format!(r"(?i)^\s*số\s*[:.]?\s*(\d+[a-z]?)\s*/\s*({CODE})")).ok()?,
        any_number: Regex::new(&format!(r"(\d+[a-z]?)/({CODE_WITH_UNIT})")).ok()?,
        place_date: Regex::new(&format!(r"(?i)\p{{Lu}}[\p{{L}} .'-]{{1,40}},\s*{DATE_WORDS}")).ok()?,
        date_after_number: Regex::new(&format!(r"(?i)^[\s,;(]*{DATE_WORDS}")).ok()?,
        adopted: Regex::new(&format!(r"(?i)(?:thông\s+qua|ký\s+ban\s+hành|ban\s+hành)\s+{DATE_WORDS}")).ok()?,
        motto: Regex::new(r"(?i)CỘNG\s*H(?:ÒA|OÀ)\s*XÃ\s*HỘI\s*CHỦ\s*NGHĨA\s*VIỆT\s*NAM|Độc\s*lập\s*[-–]\s*Tự\s*do\s*[-–]\s*Hạnh\s*phúc").ok()?,
    })
});

fn date_of(c: &Captures) -> Option<NaiveDate> {
    let n = |k: usize| c.get(k).and_then(|m| m.as_str().parse::<u32>().ok());
    let (d, m, y) = (n(1)?, n(2).or(n(4))?, n(3).or(n(5))?);
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// Where the number was found: the line and the byte just after the number.
struct NumberAt {
    number: String,
    line: usize,
    end: usize,
}

fn find_number(p: &Patterns, lines: &[String], source: Option<&str>) -> Option<NumberAt> {
    for (i, line) in lines.iter().enumerate().take(TOP_LINES) {
        if let Some(c) = p.so.captures(line) {
            let (n, code, end) = (c.get(1)?, c.get(2)?, c.get(0)?.end());
            return Some(NumberAt {
                number: format!("{}/{}", n.as_str(), code.as_str()),
                line: i,
                end,
            });
        }
    }
    let cited = [
        "thuc hien",
        "can cu",
        "xet ",
        "theo ",
        "cua ",
        "tiep theo",
        "phuc dap",
    ];
    for (i, line) in lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .take(3)
    {
        for m in p.any_number.find_iter(line) {
            let before = &line[..m.start()];
            let clause = before.rsplit([',', '(', ';']).next().unwrap_or(before);
            let f = fold(clause);
            if cited.iter().any(|w| f.contains(w)) {
                continue;
            }
            return Some(NumberAt {
                number: m.as_str().to_owned(),
                line: i,
                end: m.end(),
            });
        }
    }
    let m = p.any_number.find(source?)?;
    Some(NumberAt {
        number: m.as_str().to_owned(),
        line: usize::MAX,
        end: 0,
    })
}

/// The kind from the number's kind code (Phụ lục III, NĐ 30/2020), else from the title.
fn kind_of(number: Option<&str>, lines: &[String]) -> &'static str {
    let top: Vec<String> = lines.iter().take(TOP_LINES).map(|l| fold(l)).collect();
    let has_conclusion = top
        .iter()
        .any(|l| l.starts_with("ket luan") || l.contains("thong bao ket luan"));
    if let Some(n) = number {
        let code = n
            .split('/')
            .find(|s| s.chars().next().is_some_and(char::is_alphabetic));
        let first = code.and_then(|c| c.split('-').next()).unwrap_or("");
        match fold(first).as_str() {
            "nq" => return "nghi_quyet",
            "qd" => return "quyet_dinh",
            "ct" => return "chi_thi",
            "kh" => return "ke_hoach",
            "ctr" => return "chuong_trinh",
            "tb" if has_conclusion => return "thong_bao_ket_luan",
            "tb" | "bc" | "ttr" | "gm" | "hd" | "cd" | "qc" | "qyd" | "tc" | "pa" | "da" | "bb"
            | "hđ" | "bgn" | "btt" | "guq" | "ggt" | "gnp" | "pg" | "pc" | "pb" => return "khac",
            "" => {}
            _ => return "cong_van",
        }
    }
    for l in &top {
        let kind = match l.trim_end_matches(':') {
            "nghi quyet" => "nghi_quyet",
            "quyet dinh" => "quyet_dinh",
            "chi thi" => "chi_thi",
            "ke hoach" => "ke_hoach",
            "chuong trinh" | "chuong trinh cong tac" => "chuong_trinh",
            "thong bao" if has_conclusion => "thong_bao_ket_luan",
            "thong bao" => "khac",
            "cong van" | "cong dien" => "cong_van",
            _ => continue,
        };
        return kind;
    }
    if top
        .iter()
        .any(|l| l.starts_with("v/v") || l.contains("cong van so"))
    {
        return "cong_van";
    }
    "khac"
}

/// "ỦY BAN NHÂN DÂN" + "TỈNH HẬU GIANG" → "UBND tỉnh Hậu Giang".
fn issuer_from_block(p: &Patterns, lines: &[String]) -> Option<(String, Option<&'static str>)> {
    const HEADS: &[&str] = &[
        "uy ban nhan dan",
        "ubnd",
        "hoi dong nhan dan",
        "hdnd",
        "van phong",
        "so ",
        "ban ",
        "bo ",
        "cuc ",
        "chi cuc",
        "tinh uy",
        "cong an",
        "thanh tra",
        "kho bac",
        "trung tam",
    ];
    const PLACES: &[&str] = &[
        "tinh ",
        "thanh pho ",
        "huyen ",
        "quan ",
        "thi xa ",
        "xa ",
        "phuong ",
    ];
    let cleaned: Vec<String> = lines
        .iter()
        .take(TOP_LINES)
        .map(|l| p.motto.replace_all(l, " ").trim().to_owned())
        .collect();
    let is_caps =
        |s: &str| s.chars().filter(|c| c.is_alphabetic()).count() >= 3 && upper_ratio(s) >= 0.8;
    let starts_with_any = |s: &str, list: &[&str]| {
        let f = format!("{} ", fold(s));
        list.iter().any(|h| f.starts_with(h))
    };
    let has_place = |s: &str| {
        let f = format!(" {} ", fold(s));
        PLACES.iter().any(|pl| f.contains(&format!(" {pl}")))
    };
    let (i, head) = cleaned
        .iter()
        .enumerate()
        .find(|(_, l)| is_caps(l) && starts_with_any(l, HEADS))?;
    let next = cleaned
        .iter()
        .skip(i + 1)
        .find(|l| !l.is_empty())
        .filter(|l| is_caps(l));
    match next {
        // "ỦY BAN NHÂN DÂN" / "TỈNH HẬU GIANG"
        Some(next) if !has_place(head) && starts_with_any(next, PLACES) => {
            Some(spell_caps(&format!("{head} {next}")))
        }
        // "UBND TỈNH ĐỒNG THÁP" / "VĂN PHÒNG" or "SỞ Y TẾ": the office of the parent body.
        Some(next) if has_place(head) && starts_with_any(next, HEADS) && !has_place(next) => {
            let (parent, province) = spell_caps(head);
            let (unit, _) = spell_caps(next);
            let issuer = match (fold(&unit).as_str(), province) {
                ("van phong", _) => format!("{unit} {parent}"),
                (_, Some(pr)) => format!("{unit} tỉnh {pr}"),
                (_, None) => unit,
            };
            Some((issuer, province))
        }
        _ => Some(spell_caps(head)),
    }
}

/// Spells an issuer written in capitals, and tells the province it names.
fn spell_caps(block: &str) -> (String, Option<&'static str>) {
    let f = fold(block);
    let words: Vec<&str> = block.split_whitespace().collect();
    let place_at = ["tinh", "thanh pho", "huyen", "quan", "thi xa"]
        .iter()
        .filter_map(|pl| {
            f.split_whitespace()
                .position(|w| w == *pl || (w == "thanh" && *pl == "thanh pho"))
                .filter(|&k| k > 0)
                .map(|k| (k, *pl))
        })
        .min_by_key(|(k, _)| *k);
    let (head_words, place) = match place_at {
        Some((k, pl)) => (&words[..k], Some((pl, &words[k + pl.split(' ').count()..]))),
        None => (&words[..], None),
    };
    let head = head_words.join(" ");
    let head = match fold(&head).as_str() {
        "uy ban nhan dan" | "ubnd" => "UBND".to_owned(),
        "hoi dong nhan dan" | "hdnd" => "HĐND".to_owned(),
        _ => sentence_case(&head),
    };
    let Some((kind, name_words)) = place else {
        return (head, None);
    };
    let name = name_words.join(" ");
    let province = provinces::canonical(&name);
    let spelled = province.map_or_else(
        || {
            name_words
                .iter()
                .map(|w| title_word(w))
                .collect::<Vec<_>>()
                .join(" ")
        },
        str::to_owned,
    );
    let place_word = match kind {
        "tinh" => "tỉnh",
        "thanh pho" => "thành phố",
        "huyen" => "huyện",
        "quan" => "quận",
        _ => "thị xã",
    };
    (format!("{head} {place_word} {spelled}"), province)
}

fn sentence_case(caps: &str) -> String {
    caps.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            if i == 0 {
                title_word(w)
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The units before a verb in a sentence ("Ban chỉ huy … tỉnh ban hành Công văn số …",
/// "Văn phòng UBND tỉnh thông báo …").
fn subject_before(sentence: &str, verbs: &[&str]) -> Option<String> {
    let f = fold(sentence);
    let cut = verbs.iter().filter_map(|v| f.find(v)).min()?;
    let head: String = sentence.chars().take(f[..cut].chars().count()).collect();
    let toks = tokenize(&head);
    let list = parse_list(&toks, 0)?;
    let item = list.items.first()?;
    Some(item.text(&head, &toks))
}

pub(crate) fn parse(
    lines: &[String],
    source: Option<&str>,
    body: &[Paragraph],
    whole: &str,
) -> DocumentHeader {
    let Some(p) = P.as_ref() else {
        return DocumentHeader::default();
    };
    let number = find_number(p, lines, source);
    let top: Vec<&String> = lines.iter().take(TOP_LINES).collect();
    let date = top
        .iter()
        .find_map(|l| p.place_date.captures(l).and_then(|c| date_of(&c)))
        .or_else(|| {
            let n = number.as_ref()?;
            let line = lines.get(n.line)?;
            p.date_after_number
                .captures(line.get(n.end..)?)
                .and_then(|c| date_of(&c))
        })
        .or_else(|| {
            let tail_from = whole.len().saturating_sub(20_000);
            let tail_from = (tail_from..whole.len())
                .find(|&i| whole.is_char_boundary(i))
                .unwrap_or(0);
            p.adopted
                .captures_iter(&whole[tail_from..])
                .last()
                .and_then(|c| date_of(&c))
        });
    let kind = kind_of(number.as_ref().map(|n| n.number.as_str()), lines);
    let head_sample: String = whole.chars().take(50_000).collect();
    let province_elsewhere =
        || provinces::named_in(&head_sample).or_else(|| source.and_then(provinces::from_address));
    let with_province = |unit: String| -> String {
        if fold(&unit).ends_with(" tinh") {
            match province_elsewhere() {
                Some(pr) => format!("{unit} {pr}"),
                None => unit,
            }
        } else {
            unit
        }
    };
    let issuer = issuer_from_block(p, lines)
        .map(|(issuer, _)| issuer)
        .or_else(|| {
            let n = number.as_ref()?;
            let line = lines.get(n.line)?;
            subject_before(line, &["ban hanh"]).map(with_province)
        })
        .or_else(|| {
            body.iter()
                .rev()
                .take(5)
                .find_map(|para| subject_before(&para.text, &[" thong bao "]).map(with_province))
        })
        .or_else(|| {
            let code = number
                .as_ref()?
                .number
                .split('/')
                .next_back()?
                .split('-')
                .next()?
                .to_owned();
            let unit = match fold(&code).as_str() {
                "vp" => "Văn phòng UBND tỉnh",
                "ubnd" => "UBND tỉnh",
                "hdnd" => "HĐND tỉnh",
                _ => return None,
            };
            Some(with_province(unit.to_owned()))
        });
    DocumentHeader {
        number: number.map(|n| n.number),
        date,
        issuer: issuer.map(|i| tidy(&i)),
        kind: kind.to_owned(),
        summary: crate::summary::of(lines),
    }
}
