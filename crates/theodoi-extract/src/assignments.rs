//! Who is asked to do what: the subject or addressee of each clause, found in the forms of
//! administrative writing — "Giao Sở X chủ trì, phối hợp với Y …", "Sở Y tế: …", "- Bộ Chỉ huy
//! Quân sự tỉnh tập trung …", "Đề nghị UBND tỉnh chỉ đạo Sở X …", "UBND tỉnh yêu cầu Giám đốc
//! Sở X …" — and, for clauses without one, the subject the paragraph has set.

use std::ops::Range;

use crate::lexicon::{LEXICON, Verb};
use crate::sentences::{clause_starts, skip_intro};
use crate::tokens::Token;
use crate::units::{UnitList, parse_list, predicate_after, predicate_at};

/// Leads of one clause: named units each apart, groups as one phrase (`true` for a group).
pub(crate) type Leads = Vec<(String, bool)>;

/// What one clause is.
#[derive(Debug)]
pub(crate) enum Clause {
    /// A subject or addressee with a predicate.
    Assigned {
        leads: Leads,
        /// Whether the units were handed the task by "giao" (the speaker stays the subject).
        assigned: bool,
        /// Tokens of the predicate.
        predicate: Range<usize>,
    },
    /// A predicate with no subject of its own.
    Subjectless { predicate: Range<usize> },
    /// A unit with a verb that is no task ("có ý kiến", "thông báo", "đã …").
    NotTask,
    /// A clause that depends on the one before ("trong đó …", "nếu …"), or anything else.
    Other,
    /// Units without a predicate, ending before this token: no clause starts inside them.
    Listed(usize),
}

/// The clauses in `range` of `toks`: each unit named as subject or addressee at the head of a
/// comma clause starts an assignment that runs to the next one ("Sở X khẩn trương trình …, đối
/// UBND các địa phương yêu cầu đẩy nhanh …"); with none, the range is one clause.
pub(crate) fn analyse(src: &str, toks: &[Token], range: Range<usize>) -> Vec<Clause> {
    let first = skip_intro(toks, range.start, range.end);
    if first >= range.end {
        return vec![Clause::Other];
    }
    let mut found: Vec<(usize, Clause)> = Vec::new();
    let mut next_from = range.start;
    for start in clause_starts(toks, range.clone()) {
        if start < next_from {
            continue;
        }
        let at = skip_intro(toks, start, range.end);
        match subject_at(src, toks, at, range.end) {
            Some(Clause::Assigned {
                leads,
                assigned,
                predicate,
            }) => {
                let (_, coop_end) = cooperating(src, toks, predicate.clone());
                next_from = coop_end.max(predicate.start + 1);
                found.push((
                    start,
                    Clause::Assigned {
                        leads,
                        assigned,
                        predicate,
                    },
                ));
            }
            Some(Clause::NotTask) if found.is_empty() => return vec![Clause::NotTask],
            Some(Clause::NotTask) => break,
            Some(Clause::Listed(list_end)) => next_from = next_from.max(list_end),
            _ => {}
        }
    }
    if !found.is_empty() {
        let bounds: Vec<usize> = found
            .iter()
            .skip(1)
            .map(|(start, _)| start.saturating_sub(1))
            .chain(std::iter::once(range.end))
            .collect();
        return found
            .into_iter()
            .zip(bounds)
            .map(|((_, clause), end)| match clause {
                Clause::Assigned {
                    leads,
                    assigned,
                    predicate,
                } => Clause::Assigned {
                    leads,
                    assigned,
                    predicate: predicate.start..end.max(predicate.start + 1),
                },
                other => other,
            })
            .collect();
    }
    // "theo …" depends on the clause before; "theo dõi …" is a verb.
    let dependent = LEXICON.dependent.longest(toks, first).map(|(n, ())| n);
    let verb = LEXICON.verbs.longest(toks, first).map(|(n, _)| n);
    if dependent.is_some_and(|d| verb.is_none_or(|v| d >= v)) {
        return vec![Clause::Other];
    }
    match predicate_at(toks, first) {
        Some((Verb::NotTask, ..)) | None => vec![Clause::Other],
        Some(_) => vec![Clause::Subjectless {
            predicate: first..range.end,
        }],
    }
}

/// The subject or addressee of a clause starting at `at`.
fn subject_at(src: &str, toks: &[Token], at: usize, end: usize) -> Option<Clause> {
    // "Giao / Yêu cầu / Đề nghị <units> <predicate>"
    if let Some((verb @ (Verb::Assign | Verb::Request), _, after)) = predicate_at(toks, at) {
        let list = parse_list(toks, after).filter(|l| l.end() < end)?;
        return follow(src, toks, list, end, verb == Verb::Assign, 0);
    }
    // "Đối với <units>, <predicate>" and "đối <units> yêu cầu <predicate>"
    if toks.get(at).is_some_and(|t| t.key == "đối") {
        let k = at + 1 + usize::from(toks.get(at + 1).is_some_and(|t| t.key == "với"));
        let list = parse_list(toks, k)?;
        let mut p = list.end();
        if let Some((Verb::Request, _, after)) = predicate_at(toks, p) {
            p = after;
        } else if toks.get(p).is_some_and(|t| t.is(',')) {
            p += 1;
        }
        return match predicate_at(toks, p) {
            Some((Verb::Action | Verb::Request, first, _)) if first < end => {
                Some(Clause::Assigned {
                    leads: list.leads(src, toks),
                    assigned: false,
                    predicate: first..end,
                })
            }
            _ => None,
        };
    }
    let list = parse_list(toks, at).filter(|l| l.end() < end)?;
    let list_end = list.end();
    follow(src, toks, list, end, false, 0).or(Some(Clause::Listed(list_end)))
}

/// From a unit list to the unit that acts: through "chỉ đạo / yêu cầu / giao <units>" when
/// units follow, else the list itself.
fn follow(
    src: &str,
    toks: &[Token],
    list: UnitList,
    end: usize,
    assigned: bool,
    depth: usize,
) -> Option<Clause> {
    let (verb, first, after) = if depth == 0 && !assigned {
        predicate_at(toks, list.end())?
    } else {
        predicate_after(toks, list.end())?
    };
    if verb == Verb::NotTask {
        return Some(Clause::NotTask);
    }
    let bare = toks.get(after).is_none_or(|t| !t.is_word()) || after >= end;
    if matches!(verb, Verb::Request | Verb::Assign) && bare {
        return None;
    }
    let directs = toks.get(first).is_some_and(|t| t.key == "chỉ")
        && toks.get(first + 1).is_some_and(|t| t.key == "đạo");
    // "A chỉ đạo B …": the province (asked, or speaking) hands the work to B; any other A is
    // held to its own direction of the bodies below it ("Chủ tịch UBND các huyện chỉ đạo UBND
    // cấp xã rà soát …" is the districts' task).
    let passes_on = !directs
        || list
            .leads(src, toks)
            .iter()
            .all(|(l, _)| is_province_authority(l));
    if matches!(verb, Verb::Request | Verb::Assign) && depth < 3 && passes_on {
        let inner = parse_list(toks, after).filter(|l| l.end() < end);
        if let Some(inner) = inner
            && matches!(predicate_after(toks, inner.end()), Some((v, ..)) if v != Verb::NotTask)
        {
            return follow(
                src,
                toks,
                inner,
                end,
                assigned || verb == Verb::Assign,
                depth + 1,
            );
        }
    }
    Some(Clause::Assigned {
        leads: list.leads(src, toks),
        assigned,
        predicate: first..end,
    })
}

/// The province's executive, whose direction of a department makes the department's task:
/// "UBND tỉnh", "Ủy ban nhân dân tỉnh (Quảng Ngãi)", "Chủ tịch UBND tỉnh", "Chính phủ",
/// "Thủ tướng Chính phủ".
fn is_province_authority(lead: &str) -> bool {
    let f = theodoi_core::text::fold(&crate::expand_abbreviations(lead));
    let f = f.strip_prefix("chu tich ").unwrap_or(&f);
    f == "uy ban nhan dan"
        || f.starts_with("uy ban nhan dan tinh")
        || f == "chinh phu"
        || f.starts_with("thu tuong")
}

/// Co-operating units: the list after "phối hợp (với|cùng)" in `range`, each as written.
pub(crate) fn cooperating(src: &str, toks: &[Token], range: Range<usize>) -> (Vec<String>, usize) {
    let mut i = range.start;
    while i + 1 < range.end {
        if toks[i].key == "phối" && toks[i + 1].key == "hợp" {
            let mut k = i + 2;
            while toks
                .get(k)
                .is_some_and(|t| matches!(t.key.as_str(), "với" | "cùng" | "chặt" | "chẽ"))
            {
                k += 1;
            }
            if let Some(list) = parse_list(toks, k).filter(|l| l.end() <= range.end) {
                let names = list
                    .items
                    .iter()
                    .map(|it| it.text(src, toks))
                    .filter(|n| !n.is_empty())
                    .collect();
                return (names, list.end());
            }
            return (Vec::new(), range.start);
        }
        i += 1;
    }
    (Vec::new(), range.start)
}

/// Whether a lead is one of the council's own bodies (Thường trực, Ban, Tổ đại biểu, đại biểu
/// HĐND): their oversight is the council's, not a task the executive follows up.
pub(crate) fn is_council_body(lead: &str) -> bool {
    let f = theodoi_core::text::fold(lead);
    let council = f.contains("hoi dong nhan dan") || f.contains("hdnd");
    let body = [
        "thuong truc",
        "cac ban",
        "ban ",
        "dai bieu",
        "to dai bieu",
        "hoi dong nhan dan",
        "hdnd",
    ]
    .iter()
    .any(|p| f.starts_with(p));
    council && body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn lead_of(s: &str) -> Option<(Vec<String>, String)> {
        let toks = tokenize(s);
        match analyse(s, &toks, 0..toks.len()).into_iter().next() {
            Some(Clause::Assigned {
                leads, predicate, ..
            }) => Some((
                leads.into_iter().map(|(l, _)| l).collect(),
                s[toks[predicate.start].start..].to_owned(),
            )),
            _ => None,
        }
    }

    #[test]
    fn forms_of_assignment() {
        let (l, p) =
            lead_of("Giao Giám đốc Sở Tài chính phối hợp với Sở Y tế có kế hoạch").expect("giao");
        assert_eq!(l, ["Sở Tài chính"]);
        assert!(p.starts_with("phối hợp"));
        let (l, _) = lead_of("Đề nghị UBND tỉnh chỉ đạo Sở Xây dựng rà soát").expect("chain");
        assert_eq!(l, ["Sở Xây dựng"]);
        let (l, _) = lead_of(
            "Tuy nhiên, để chủ động, UBND tỉnh yêu cầu Giám đốc Sở Y tế không được chủ quan",
        )
        .expect("yêu cầu");
        assert_eq!(l, ["Sở Y tế"]);
        let (l, _) = lead_of(
            "Giao nhiệm vụ Ban Quản lý các Khu công nghiệp tỉnh yêu cầu các doanh nghiệp trồng cây",
        )
        .expect("giao nhiệm vụ");
        assert_eq!(l, ["Ban Quản lý các Khu công nghiệp tỉnh"]);
        let (l, _) = lead_of(
            "Thực hiện tốt các bước tuyển quân, Bộ Chỉ huy Quân sự tỉnh tập trung triển khai",
        )
        .expect("late subject");
        assert_eq!(l, ["Bộ Chỉ huy Quân sự tỉnh"]);
        assert!(lead_of("Chủ tịch UBND tỉnh có ý kiến như sau:").is_none());
        let s = "Sở Kế hoạch và Đầu tư khẩn trương trình phê duyệt Kế hoạch, đối UBND các địa phương (chưa gửi hồ sơ) yêu cầu đẩy nhanh tiến độ";
        let toks = tokenize(s);
        let leads: Vec<String> = analyse(s, &toks, 0..toks.len())
            .into_iter()
            .filter_map(|c| match c {
                Clause::Assigned { leads, .. } => leads.into_iter().next().map(|l| l.0),
                _ => None,
            })
            .collect();
        assert_eq!(leads, ["Sở Kế hoạch và Đầu tư", "UBND các địa phương"]);
    }

    #[test]
    fn coop_units() {
        let s = "chủ trì, phối hợp với Sở Nông nghiệp và Phát triển Nông thôn, UBND các huyện, thành phố và các cơ quan có liên quan chủ động thực hiện";
        let toks = tokenize(s);
        let (coop, _) = cooperating(s, &toks, 0..toks.len());
        assert_eq!(
            coop,
            [
                "Sở Nông nghiệp và Phát triển Nông thôn",
                "UBND các huyện, thành phố",
                "các cơ quan có liên quan"
            ]
        );
    }

    #[test]
    fn council_bodies() {
        assert!(is_council_body("Thường trực Hội đồng nhân dân tỉnh"));
        assert!(is_council_body("các Ban Hội đồng nhân dân tỉnh"));
        assert!(is_council_body("đại biểu HĐND tỉnh"));
        assert!(!is_council_body("Ủy ban nhân dân tỉnh"));
    }
}
