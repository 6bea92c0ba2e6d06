//! Lists of units as they are written in a sentence: "Giám đốc Sở Tài chính, Chi cục trưởng Chi
//! cục Kiểm lâm, Chủ tịch UBND các huyện, thị xã và Thủ trưởng các Sở, Ban, ngành có liên quan".
//! Leader titles are dropped, named units are told from groups, and where the list ends is
//! decided by what follows it.

use crate::lexicon::{Head, LEXICON, Title, Verb};
use crate::names::{grow_name, person_name_at};
use crate::text::tidy;
use crate::tokens::Token;

/// One unit or group of a list.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// First token of the name (the title excluded).
    pub start: usize,
    /// Token positions where the name may end, ascending; the last is where it ends now.
    pub ends: Vec<usize>,
    /// Token ranges left out of the name (parenthesised abbreviations).
    pub skipped: Vec<(usize, usize)>,
    /// Added before the name ("Ban " for "Trưởng ban Dân tộc").
    pub prefix: &'static str,
    /// A group ("các sở, ngành", "UBND các huyện") rather than one named unit.
    pub group: bool,
    /// How this item is joined to the one before it: ", ", " và ", "; ".
    pub sep: &'static str,
}

impl Item {
    pub fn end(&self) -> usize {
        self.ends.last().copied().unwrap_or(self.start)
    }

    /// The name as written, title and parentheses removed.
    pub fn text(&self, src: &str, toks: &[Token]) -> String {
        let mut out = String::from(self.prefix);
        let mut from = None;
        let end = self.end();
        let mut i = self.start;
        while i < end {
            if let Some(&(_, to)) = self.skipped.iter().find(|(s, _)| *s == i) {
                if let (Some(f), Some(t)) = (from.take(), toks.get(i)) {
                    out.push_str(src.get(f..t.start).unwrap_or(""));
                }
                i = to;
                continue;
            }
            if from.is_none() {
                from = toks.get(i).map(|t| t.start);
            }
            i += 1;
        }
        if let (Some(f), Some(t)) = (from, end.checked_sub(1).and_then(|e| toks.get(e))) {
            out.push_str(src.get(f..t.end).unwrap_or(""));
        }
        tidy(&out)
    }
}

/// A list of units and where it ends.
#[derive(Debug, Clone)]
pub(crate) struct UnitList {
    pub items: Vec<Item>,
}

impl UnitList {
    pub fn end(&self) -> usize {
        self.items.last().map(Item::end).unwrap_or(0)
    }

    /// The named units, each on its own, and the groups joined into one phrase (rule 2 of the
    /// annotation: several group names in one sentence make one task).
    pub fn leads(&self, src: &str, toks: &[Token]) -> Vec<(String, bool)> {
        let mut out: Vec<(String, bool)> = Vec::new();
        let mut group_at: Option<usize> = None;
        for item in &self.items {
            let text = item.text(src, toks);
            if text.is_empty() {
                continue;
            }
            if item.group {
                match group_at {
                    Some(k) => {
                        if let Some((g, _)) = out.get_mut(k) {
                            g.push_str(item.sep);
                            g.push_str(&text);
                        }
                    }
                    None => {
                        group_at = Some(out.len());
                        out.push((text, true));
                    }
                }
            } else {
                out.push((text, false));
            }
        }
        out
    }
}

/// The verb opening a predicate at `at` (quotes skipped): its kind, first and end token.
pub(crate) fn predicate_at(toks: &[Token], at: usize) -> Option<(Verb, usize, usize)> {
    let mut i = skip_role(toks, skip_person(toks, at));
    while toks
        .get(i)
        .is_some_and(|t| t.is('“') || t.is('"') || t.is('‘') || t.is('\''))
    {
        i += 1;
    }
    let t = toks.get(i)?;
    if t.cap && t.abbrev {
        return None;
    }
    LEXICON.verbs.longest(toks, i).map(|(n, v)| (v, i, i + n))
}

/// Skips the unit's role set between it and its predicate: "Công an tỉnh là cơ quan thường
/// trực, chủ trì …", "Sở Y tế là đơn vị đầu mối, có trách nhiệm …".
fn skip_role(toks: &[Token], at: usize) -> usize {
    const ROLE: &[&str] = &[
        "cơ",
        "quan",
        "đơn",
        "vị",
        "thường",
        "trực",
        "đầu",
        "mối",
        "chủ",
        "trì",
        "chính",
        "tham",
        "mưu",
        "của",
        "tỉnh",
        "ban",
        "chỉ",
        "đạo",
    ];
    if toks.get(at).is_none_or(|t| t.key != "là") {
        return at;
    }
    let mut i = at + 1;
    while toks.get(i).is_some_and(|t| ROLE.contains(&t.key.as_str())) && i < at + 10 {
        i += 1;
    }
    if i > at + 1 && toks.get(i).is_some_and(|t| t.is(',')) {
        let mut k = i + 1;
        // "…, có trách nhiệm chủ trì …": the duty words introduce the predicate.
        if toks.get(k).is_some_and(|t| t.key == "có")
            && toks.get(k + 1).is_some_and(|t| t.key == "trách")
            && toks.get(k + 2).is_some_and(|t| t.key == "nhiệm")
        {
            k += 3;
        }
        return k;
    }
    at
}

/// Skips a leader's name written after a unit ("UBND tỉnh – Nguyễn Văn Út đề nghị").
fn skip_person(toks: &[Token], at: usize) -> usize {
    let dash = usize::from(toks.get(at).is_some_and(|t| t.is('-') || t.is('–')));
    if !person_name_at(toks, at + dash) {
        return at;
    }
    let mut i = at + dash;
    while toks
        .get(i)
        .is_some_and(|t| t.is_word() && t.cap && !t.abbrev)
    {
        i += 1;
    }
    i + usize::from(toks.get(i).is_some_and(|t| t.is(',')))
}

/// The predicate after a unit list, allowing one comma between them ("chỉ đạo các sở, ban,
/// ngành và địa phương, tập trung thực hiện …").
pub(crate) fn predicate_after(toks: &[Token], list_end: usize) -> Option<(Verb, usize, usize)> {
    predicate_at(toks, list_end).or_else(|| {
        toks.get(list_end)
            .filter(|t| t.is(','))
            .and_then(|_| predicate_at(toks, list_end + 1))
            .filter(|(v, ..)| *v == Verb::Action)
    })
}

/// A unit head at `i`. Places ("Thành phố Vũng Tàu", "Huyện Tân Thành") head a unit only
/// when capitalised: "…, thành phố Cà Mau" in lower case continues a group of localities.
pub(crate) fn head_at(toks: &[Token], i: usize) -> Option<(usize, Head)> {
    let (n, head) = LEXICON.heads.longest(toks, i)?;
    let t = toks.get(i)?;
    let place = matches!(t.key.as_str(), "thành" | "huyện" | "thị" | "quận");
    (!place || t.cap).then_some((n, head))
}

/// Most items and group words one list may hold: real lists are far shorter, and the bound
/// keeps a pathological text linear.
const MAX_PIECES: usize = 40;

/// Parses a list of units at `at`, then fits its end to a following predicate when possible.
pub(crate) fn parse_list(toks: &[Token], at: usize) -> Option<UnitList> {
    let mut items = vec![parse_item(toks, at, "")?];
    let mut pieces = 0;
    while pieces < MAX_PIECES {
        pieces += 1;
        let i = items.last().map(Item::end).unwrap_or(at);
        let Some((sep, j)) = separator(toks, i) else {
            break;
        };
        let last_can_grow = items.last().is_some_and(|it| it.group || sep != "; ");
        if last_can_grow && let Some(piece_end) = continuation(toks, j) {
            if let Some(last) = items.last_mut() {
                last.group = true;
                last.ends.push(piece_end);
            }
            continue;
        }
        match parse_item(toks, j, sep) {
            Some(item) => items.push(item),
            None => break,
        }
    }
    let mut list = UnitList { items };
    fit_to_predicate(toks, &mut list);
    Some(list)
}

/// Shortens the last name when a verb starts inside it ("Sở Y tế khuyến cáo" → "Sở Y tế").
fn fit_to_predicate(toks: &[Token], list: &mut UnitList) {
    let ran_into_words = toks.get(list.end()).is_some_and(Token::is_word);
    if !ran_into_words || predicate_at(toks, list.end()).is_some() {
        return;
    }
    if let Some(last) = list.items.last_mut() {
        let fit = last
            .ends
            .iter()
            .rposition(|&e| predicate_at(toks, e).is_some());
        if let Some(k) = fit {
            last.ends.truncate(k + 1);
        }
    }
}

/// A list separator at `i`: its normalised form and the token after it.
fn separator(toks: &[Token], i: usize) -> Option<(&'static str, usize)> {
    let t = toks.get(i)?;
    let (sep, mut j) = match t.punct {
        Some(',') => (", ", i + 1),
        Some(';') => ("; ", i + 1),
        Some('/') => ("/", i + 1),
        Some(_) => return None,
        None => match t.key.as_str() {
            "và" => (" và ", i + 1),
            "cùng" => (" cùng ", i + 1),
            _ => return None,
        },
    };
    if matches!(sep, ", " | "; ") && toks.get(j).is_some_and(|t| t.key == "và") {
        j += 1;
    }
    if toks.get(j).is_some_and(|t| t.key == "với") && sep == " cùng " {
        j += 1;
    }
    Some((sep, j))
}

/// A bare group word continuing the group before it ("…, thị xã", "…, Ban, ngành có liên
/// quan"): where it ends.
fn continuation(toks: &[Token], j: usize) -> Option<usize> {
    let lx = &*LEXICON;
    if lx.plural.starts(toks, j) || lx.titles.starts(toks, j) {
        return None;
    }
    let (n, ()) = lx
        .generic
        .longest(toks, j)
        .or_else(|| lx.localities.longest(toks, j))?;
    let mut i = j + n;
    if let Some((m, Head::Named)) = head_at(toks, j)
        && toks.get(j + m).is_some_and(|t| t.cap || t.abbrev)
    {
        return None;
    }
    while let Some(t) = toks.get(i) {
        if t.is_word() && (t.cap || t.abbrev) && !lx.titles.starts(toks, i) {
            i += 1;
        } else if let Some((m, ())) = lx
            .localities
            .longest(toks, i)
            .or_else(|| lx.generic.longest(toks, i))
        {
            i += m;
        } else {
            break;
        }
    }
    Some(i)
}

fn parse_item(toks: &[Token], at: usize, sep: &'static str) -> Option<Item> {
    let lx = &*LEXICON;
    let mut i = at;
    let mut titled = false;
    let mut prefix = "";
    for _ in 0..3 {
        let Some((n, title)) = lx.titles.longest(toks, i) else {
            break;
        };
        match title {
            Title::Strip => i += n,
            Title::StripFirst => {
                let next = toks.get(i + 1).map(|t| t.key.as_str());
                if !matches!(next, Some("văn" | "thanh")) {
                    break;
                }
                i += 1;
            }
            Title::AsBan => {
                i += n;
                if toks.get(i).is_some_and(|t| t.key != "ban") {
                    prefix = "Ban ";
                }
            }
        }
        titled = true;
    }
    let mut group = false;
    let start_of_name = i;
    if let Some((n, ())) = lx.plural.longest(toks, i) {
        group = true;
        i += n;
    }
    let mut ends = Vec::new();
    let mut needs_name = false;
    if !prefix.is_empty() {
        needs_name = true;
    } else if let Some((n, class)) = lx.units.longest(toks, i) {
        i += n;
        group |= class;
        ends.push(i);
    } else if let Some((n, head)) = head_at(toks, i) {
        i += n;
        match head {
            Head::Whole | Head::Council => ends.push(i),
            Head::Named => needs_name = true,
        }
    } else if let Some((n, ())) = lx.generic.longest(toks, i) {
        i += n;
        if !(group || titled) {
            return None;
        }
        group = true;
        ends.push(i);
    } else {
        return None;
    }
    let head_end = i;
    let mut skipped = Vec::new();
    grow_name(toks, &mut i, &mut ends, &mut skipped, &mut group);
    if needs_name && i == head_end {
        let generic = lx.generic.longest(toks, start_of_name + usize::from(group));
        if !(group || titled) || generic.is_none() {
            return None;
        }
        group = true;
        ends.push(i);
    }
    Some(Item {
        start: start_of_name,
        ends,
        skipped,
        prefix,
        group,
        sep,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn leads(s: &str) -> (Vec<(String, bool)>, String) {
        let toks = tokenize(s);
        let list = parse_list(&toks, 0).expect("a unit list");
        let rest = toks
            .get(list.end())
            .map(|t| s[t.start..].to_owned())
            .unwrap_or_default();
        (list.leads(s, &toks), rest)
    }

    #[test]
    fn titles_stripped_named_units_apart_groups_joined() {
        let (l, rest) = leads(
            "Giám đốc Sở Nông nghiệp và Phát triển nông thôn, Chi cục trưởng Chi cục Kiểm lâm, \
             Chủ tịch Ủy ban nhân dân các huyện, thị xã và Thủ trưởng các Sở, Ban, ngành có liên \
             quan không được chủ quan",
        );
        assert_eq!(
            l,
            [
                ("Sở Nông nghiệp và Phát triển nông thôn".to_owned(), false),
                ("Chi cục Kiểm lâm".to_owned(), false),
                (
                    "Ủy ban nhân dân các huyện, thị xã và các Sở, Ban, ngành có liên quan"
                        .to_owned(),
                    true
                ),
            ]
        );
        assert!(rest.starts_with("không được"));
    }

    #[test]
    fn list_ends_at_the_verb() {
        let (l, rest) = leads("Sở Y tế xem xét có khuyến cáo người dân");
        assert_eq!(l, [("Sở Y tế".to_owned(), false)]);
        assert!(rest.starts_with("xem xét"));
        let (l, rest) = leads("Bộ Chỉ huy Quân sự tỉnh tập trung triển khai");
        assert_eq!(l, [("Bộ Chỉ huy Quân sự tỉnh".to_owned(), false)]);
        assert!(rest.starts_with("tập trung"));
        let (l, _) = leads(
            "Sở Lao động - Thương binh và Xã hội cùng các ngành có liên quan và UBND huyện, thị xã, thành phố có kế hoạch",
        );
        assert_eq!(
            l,
            [
                ("Sở Lao động - Thương binh và Xã hội".to_owned(), false),
                (
                    "các ngành có liên quan và UBND huyện, thị xã, thành phố".to_owned(),
                    true
                )
            ]
        );
        let (l, _) = leads("Trưởng ban Dân tộc tỉnh chủ trì");
        assert_eq!(l, [("Ban Dân tộc tỉnh".to_owned(), false)]);
        let (l, _) = leads(
            "Ban chỉ huy Phòng chống thiên tai và Tìm kiếm cứu nạn (PCTT&TKCN) tỉnh ban hành",
        );
        assert_eq!(
            l,
            [(
                "Ban chỉ huy Phòng chống thiên tai và Tìm kiếm cứu nạn tỉnh".to_owned(),
                false
            )]
        );
    }

    #[test]
    fn not_a_unit() {
        assert!(parse_list(&tokenize("các doanh nghiệp trong Khu công nghiệp"), 0).is_none());
        assert!(parse_list(&tokenize("Số 1831 ngày"), 0).is_none());
    }
}
