//! Paragraphs to task drafts: sentences and clauses analysed in order, the paragraph's subject
//! carried to clauses without one, headings ("Sở Y tế:") carried to their list items, and
//! approvals, boilerplate and restatements left out.

use std::ops::Range;

use chrono::NaiveDate;

use crate::assignments::{Clause, Leads, analyse, cooperating, is_council_body};
use crate::deadline::{Found, Whole, deadline_in, recurrence};
use crate::filters::{
    is_boilerplate, is_deadline_only, is_statement_heading, skip_sentence, summarize,
};
use crate::layout::{Marker, Paragraph};
use crate::sentences::{skip_intro, split_segments, split_sentences};
use crate::text::upper_ratio;
use crate::tokens::{Token, tokenize};
use crate::units::parse_list;

/// A task before unit resolution.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub lead: String,
    pub group: bool,
    pub coop: Vec<String>,
    pub summary: String,
    pub deadline: Option<Found>,
    pub recurring: &'static str,
    pub source: String,
}

/// A heading's units and the level of its marker: list items below it belong to them.
struct Section {
    leads: Leads,
    marker: Marker,
}

impl Section {
    /// Paragraphs below a numbered heading until the next heading of its level or above;
    /// below an unnumbered one, everything until the next heading.
    fn covers(&self, p: &Paragraph) -> bool {
        self.marker == Marker::None || p.marker > self.marker
    }
}

/// State of one paragraph while its sentences are read.
struct Para {
    subject: Option<Leads>,
    /// Whether clauses without a subject take the paragraph's: decided by the first clause.
    inherit: Option<bool>,
    /// The tasks made by the last clause that made any, to take a deadline that follows.
    last_tasks: Range<usize>,
}

/// What the body is read against: the document date, the whole text (for a meeting's date
/// given elsewhere) and the one unit the document is addressed to, if it has one.
pub(crate) struct Context<'a> {
    pub doc_date: Option<NaiveDate>,
    pub whole: Whole<'a>,
    /// "Kính gửi: Sở Tài chính": clauses with no subject of their own are its tasks.
    pub addressee: Option<Leads>,
}

pub(crate) fn drafts(paragraphs: &[Paragraph], ctx: &Context) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::new();
    let mut section: Option<Section> = None;
    let mut skipping: Option<Marker> = None;
    for p in paragraphs {
        if section.as_ref().is_some_and(|s| !s.covers(p)) {
            section = None;
        }
        if skipping.is_some_and(|m| p.marker > m) {
            continue;
        }
        skipping = None;
        if is_statement_heading(p) {
            skipping = Some(p.marker);
            section = None;
            continue;
        }
        let mut para = Para {
            subject: section.as_ref().map(|s| s.leads.clone()),
            inherit: section.as_ref().map(|_| true),
            last_tasks: out.len()..out.len(),
        };
        let mut text = p.text.as_str();
        if text.len() <= 400 && upper_ratio(text) >= 0.8 {
            // A heading in capitals: the issuer, the kind, a part title.
            section = None;
            continue;
        }
        if let Some((leads, rest)) = heading(text) {
            if rest >= text.len() {
                section = Some(Section {
                    leads,
                    marker: p.marker,
                });
                continue;
            }
            para.subject = Some(leads);
            para.inherit = Some(true);
            text = &text[rest..];
        }
        for r in split_sentences(text) {
            let s = &text[r];
            let toks = tokenize(s);
            if toks.is_empty() || skip_sentence(&toks) {
                continue;
            }
            if toks.last().is_some_and(|t| t.is(':')) {
                let leads = analyse(s, &toks, 0..toks.len())
                    .into_iter()
                    .find_map(|c| match c {
                        Clause::Assigned { leads, .. } => Some(leads),
                        _ => None,
                    });
                section = leads.map(|leads| Section {
                    leads,
                    marker: p.marker,
                });
                continue;
            }
            sentence(s, &toks, &mut para, ctx, &mut out);
        }
    }
    out
}

fn sentence(s: &str, toks: &[Token], para: &mut Para, ctx: &Context, out: &mut Vec<Draft>) {
    let (doc_date, whole) = (ctx.doc_date, &ctx.whole);
    let mut sentence_lead: Option<Leads> = None;
    for seg in merge_unit_only(toks, split_segments(toks)) {
        let seg_text = &s[toks[seg.start].start..toks[seg.end - 1].end];
        let found = deadline_in(seg_text, doc_date, whole);
        if let Some(d) = &found
            && is_deadline_only(seg_text, d)
        {
            attach(out, para, found);
            continue;
        }
        let before = out.len();
        for (k, clause) in analyse(s, toks, seg.clone()).into_iter().enumerate() {
            match clause {
                Clause::Assigned {
                    leads,
                    assigned,
                    predicate,
                } => {
                    let found = if k == 0 && predicate.end == seg.end {
                        found.clone()
                    } else {
                        let from = if k == 0 { seg.start } else { predicate.start };
                        deadline_in(span_text(s, toks, from..predicate.end), doc_date, whole)
                    };
                    push_tasks(s, toks, &leads, predicate, found, seg_text, out);
                    match para.inherit {
                        None => {
                            para.inherit = Some(true);
                            para.subject = Some(leads.clone());
                        }
                        Some(true) if !assigned => para.subject = Some(leads.clone()),
                        _ => {}
                    }
                    sentence_lead = Some(leads);
                }
                Clause::Subjectless { predicate }
                    if sentence_lead.is_some() && reports_back(toks, predicate.start) =>
                {
                    // "…; báo cáo kết quả về UBND tỉnh trước ngày …": the deliverable of the
                    // clause before, not a task of its own.
                    attach(out, para, found.clone());
                    let recurring = recurrence(seg_text);
                    for task in out.get_mut(para.last_tasks.clone()).unwrap_or_default() {
                        if task.recurring == "none" {
                            task.recurring = recurring;
                        }
                    }
                }
                Clause::Subjectless { predicate } => {
                    if para.inherit.is_none() && sentence_lead.is_none() {
                        para.inherit = Some(false);
                    }
                    let lead = sentence_lead
                        .clone()
                        .or_else(|| para.subject.clone().filter(|_| para.inherit == Some(true)))
                        .or_else(|| ctx.addressee.clone());
                    if let Some(leads) = lead {
                        push_tasks(s, toks, &leads, predicate, found.clone(), seg_text, out);
                    }
                }
                Clause::NotTask => {}
                Clause::Other | Clause::Listed(_) => attach(out, para, found.clone()),
            }
        }
        if out.len() > before {
            para.last_tasks = before..out.len();
        }
    }
}

/// A clause that reports the result back ("báo cáo kết quả …", "định kỳ hằng quý báo cáo …").
fn reports_back(toks: &[Token], at: usize) -> bool {
    let words: Vec<&str> = toks
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take(6)
        .map(|t| t.key.as_str())
        .collect();
    words.windows(2).take(4).any(|w| w == ["báo", "cáo"])
        && words.iter().take_while(|w| **w != "báo").all(|w| {
            matches!(
                *w,
                "định" | "kỳ" | "hằng" | "hàng" | "tháng" | "quý" | "năm" | "tuần" | "kịp" | "thời"
            )
        })
}

fn span_text<'s>(s: &'s str, toks: &[Token], range: Range<usize>) -> &'s str {
    let start = toks.get(range.start).map_or(s.len(), |t| t.start);
    let end = range
        .end
        .checked_sub(1)
        .and_then(|e| toks.get(e))
        .map_or(start, |t| t.end);
    s.get(start..end.max(start)).unwrap_or("")
}

/// Gives a deadline to the tasks of the paragraph's last clause that have none.
fn attach(out: &mut [Draft], para: &Para, found: Option<Found>) {
    let Some(found) = found else { return };
    for task in out.get_mut(para.last_tasks.clone()).unwrap_or_default() {
        if task.deadline.is_none() {
            task.deadline = Some(found.clone());
        }
    }
}

/// Joins a clause that is only a list of units to the clause after it ("các sở, ngành tỉnh;
/// UBND các huyện, thành phố tăng cường …").
fn merge_unit_only(toks: &[Token], segs: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut pending: Option<usize> = None;
    let n = segs.len();
    for (k, seg) in segs.into_iter().enumerate() {
        let start = pending.take().unwrap_or(seg.start);
        let at = skip_intro(toks, seg.start, seg.end);
        let only_units = k + 1 < n && parse_list(toks, at).is_some_and(|l| l.end() == seg.end);
        if only_units {
            pending = Some(start);
        } else {
            out.push(start..seg.end);
        }
    }
    out
}

fn push_tasks(
    s: &str,
    toks: &[Token],
    leads: &Leads,
    predicate: Range<usize>,
    deadline: Option<Found>,
    seg_text: &str,
    out: &mut Vec<Draft>,
) {
    let (coop, coop_end) = cooperating(s, toks, predicate.clone());
    let mut start = predicate.start;
    if toks.get(start).is_some_and(|t| t.key == "chủ")
        && toks.get(start + 1).is_some_and(|t| t.key == "trì")
    {
        start += 2;
    }
    start = start.max(coop_end);
    while toks.get(start).is_some_and(|t| t.is(',')) {
        start += 1;
    }
    let Some(first) = toks.get(start.min(predicate.end.saturating_sub(1))) else {
        return;
    };
    let last_end = toks.get(predicate.end - 1).map_or(s.len(), |t| t.end);
    let action = s.get(first.start..last_end).unwrap_or("");
    let leads_it = toks
        .get(predicate.start)
        .is_some_and(|t| t.key == "chủ" || t.key == "phối");
    if !leads_it && is_boilerplate(seg_text, action) {
        return;
    }
    let summary = summarize(action);
    for (lead, group) in leads {
        if is_council_body(lead) {
            continue;
        }
        out.push(Draft {
            lead: lead.clone(),
            group: *group,
            coop: coop.clone(),
            summary: summary.clone(),
            deadline: deadline.clone(),
            recurring: recurrence(seg_text),
            source: seg_text.to_owned(),
        });
    }
}

/// "Sở Y tế:" or "Đối với UBND cấp huyện, cấp xã: …": the units and where the rest begins.
fn heading(text: &str) -> Option<(Leads, usize)> {
    let whole = text.trim_end_matches(['.', ':', ' ']);
    let colon = text
        .find(':')
        .filter(|&c| c <= 300)
        .or_else(|| (whole.len() <= 300).then_some(whole.len()))?;
    let head = &text[..colon];
    let toks = tokenize(head);
    let at = if toks.first().is_some_and(|t| t.key == "đối")
        && toks.get(1).is_some_and(|t| t.key == "với")
    {
        2
    } else {
        0
    };
    let list = parse_list(&toks, at).filter(|l| l.end() == toks.len())?;
    let after = text.get(colon + 1..).unwrap_or("");
    let rest = (colon + 1 + (after.len() - after.trim_start().len())).min(text.len());
    Some((list.leads(head, &toks), rest))
}
