//! The deadline phrases, tried at each word of a text.

use std::ops::Range;

use chrono::{NaiveDate, NaiveTime};

use super::dates::{Ctx, date_expr, period_expr, time_expr};
use super::lex::{Cur, Kind, tokenize};
use super::{DeadlineError as E, DeadlineRule, Recurrence};

/// The most days a "trong N ngày" phrase may count (ten years).
pub(super) const MAX_DAYS: u32 = 3650;

/// A recognised phrase: the rule and the time of day, if given.
#[derive(Debug)]
pub(super) struct Hit {
    pub rule: DeadlineRule,
    pub time: Option<NaiveTime>,
}

impl Hit {
    fn rule(rule: DeadlineRule) -> Self {
        Hit { rule, time: None }
    }
}

/// A phrase match: the token index after it, and what it means.
type Outcome = (usize, Result<Hit, E>);

/// Reads the first deadline phrase of `text` (see [`super::parse_deadline`]).
pub(super) fn parse(text: &str, doc: Option<NaiveDate>) -> Result<Hit, E> {
    let toks = tokenize(text);
    let ctx = Ctx {
        text,
        toks: &toks,
        doc,
    };
    for i in 0..toks.len() {
        if let Some((_, result)) = phrase_at(&ctx, i, true) {
            return result;
        }
    }
    // A bare date or period must be the whole text (punctuation aside).
    let first = toks.iter().position(|t| !matches!(t.kind, Kind::Punct(_)));
    if let Some(first) = first
        && let Some((end, result)) = phrase_at(&ctx, first, false)
        && Cur::new(&toks, end).at_end_or_punct()
    {
        return result;
    }
    Err(E::NotRecognised {
        text: shorten(text),
    })
}

/// Finds the first well-formed deadline phrase in `text`: its byte range and meaning.
pub(super) fn find(text: &str, doc: Option<NaiveDate>) -> Option<(Range<usize>, Hit)> {
    let toks = tokenize(text);
    let ctx = Ctx {
        text,
        toks: &toks,
        doc,
    };
    (0..toks.len()).find_map(|i| match phrase_at(&ctx, i, true) {
        Some((end, Ok(hit))) if end > i => Some((toks[i].start..toks[end - 1].end, hit)),
        _ => None,
    })
}

fn shorten(text: &str) -> String {
    let clean = crate::text::clean(text);
    if clean.chars().count() <= 200 {
        clean
    } else {
        let mut s: String = clean.chars().take(200).collect();
        s.push('…');
        s
    }
}

/// Tries every phrase at token `i`. `cued`: the phrase must carry a word that marks a deadline
/// ("trước", "chậm nhất", "trong"…); without it, bare dates and periods also match.
fn phrase_at(ctx: &Ctx, i: usize, cued: bool) -> Option<Outcome> {
    let at = || Cur::new(ctx.toks, i);
    continuous(at())
        .or_else(|| recurring(at()))
        .or_else(|| days_from(ctx, at()))
        .or_else(|| period_phrase(ctx, at(), cued))
        .or_else(|| date_phrase(ctx, at(), cued))
}

/// "thường xuyên", "thường xuyên, liên tục".
fn continuous(mut c: Cur) -> Option<Outcome> {
    if !c.words("thuong xuyen") {
        return None;
    }
    let save = c;
    c.punct(',');
    if !c.words("lien tuc") {
        c = save;
    }
    Some((c.i, Ok(Hit::rule(DeadlineRule::Continuous))))
}

/// "định kỳ hằng tháng", "hàng quý", "hằng năm", "định kỳ quý", "mỗi tháng".
fn recurring(mut c: Cur) -> Option<Outcome> {
    let periodic = c.words("dinh ky");
    let every = c.one_of(&["hang", "moi"]).is_some();
    if !periodic && !every {
        return None;
    }
    let unit = c.one_of(&["thang", "quy", "nam"])?;
    // "hằng năm 2023" is not a recurrence.
    if matches!(c.peek().map(|t| &t.kind), Some(Kind::Num { .. })) {
        return None;
    }
    let every = match unit {
        "thang" => Recurrence::Monthly,
        "quy" => Recurrence::Quarterly,
        _ => Recurrence::Yearly,
    };
    Some((c.i, Ok(Hit::rule(DeadlineRule::Recurring { every }))))
}

/// Words that may follow "kể từ ngày ký/ban hành".
const DOCUMENT_WORDS: &[&str] = &[
    "thong bao nay",
    "thong bao",
    "van ban nay",
    "van ban",
    "quyet dinh nay",
    "quyet dinh",
    "ke hoach nay",
    "ke hoach",
    "cong van nay",
    "cong van",
    "chi thi nay",
    "chi thi",
    "nay",
];

/// "trong 10 ngày làm việc kể từ ngày 05/01/2023", "trong 15 ngày kể từ ngày ký",
/// "trong vòng 2 tuần", "trong 10 ngày".
fn days_from(ctx: &Ctx, mut c: Cur) -> Option<Outcome> {
    let start = c.i;
    c.words("hoan thanh");
    let cue = c.one_of(&[
        "trong vong",
        "trong thoi han",
        "trong thoi gian",
        "trong",
        "cham nhat la",
        "cham nhat",
        "sau",
    ]);
    let n = c.num(6)?;
    let unit = c.one_of(&["ngay lam viec", "ngay", "tuan", "thang", "nam"])?;
    c.punct(',');
    let anchored = c.one_of(&["ke tu", "tinh tu", "tu"]).is_some();
    if cue.is_none() && !anchored {
        return None;
    }
    let days = match unit {
        "thang" | "nam" if anchored => {
            let unit = if unit == "thang" { "tháng" } else { "năm" };
            return Some((
                c.i,
                Err(E::UnsupportedUnit {
                    text: ctx.slice(start, clause_end(&c)),
                    unit: unit.to_string(),
                }),
            ));
        }
        "thang" | "nam" => return None,
        "tuan" => n.saturating_mul(7),
        _ => n,
    };
    let working = unit == "ngay lam viec";
    let days = match u32::try_from(days) {
        Ok(d) if d <= MAX_DAYS => d,
        _ => {
            return Some((
                c.i,
                Err(E::TooManyDays {
                    text: ctx.slice(start, c.i),
                    max: MAX_DAYS,
                }),
            ));
        }
    };
    let from = if anchored {
        let save = c;
        c.word("ngay");
        if c.one_of(&["ky ban hanh", "ky", "ban hanh"]).is_some() {
            c.one_of(DOCUMENT_WORDS);
            ctx.doc.ok_or_else(|| E::MissingDocumentDate {
                text: ctx.slice(start, c.i),
            })
        } else {
            c = save;
            match date_expr(ctx, &mut c) {
                Some(r) => r,
                None => {
                    let end = clause_end(&c);
                    c.i = end;
                    Err(E::UnknownStart {
                        text: ctx.slice(start, end),
                    })
                }
            }
        }
    } else {
        ctx.doc.ok_or_else(|| E::MissingDocumentDate {
            text: ctx.slice(start, c.i),
        })
    };
    let hit = from.map(|from| {
        Hit::rule(DeadlineRule::DaysFrom {
            days,
            working,
            from,
        })
    });
    Some((c.i, hit))
}

/// The end of the clause at `c` (the next , . ; or the end), at most twelve tokens on.
fn clause_end(c: &Cur) -> usize {
    let limit = (c.i + 12).min(c.toks.len());
    (c.i..limit)
        .find(|&k| matches!(c.toks[k].kind, Kind::Punct(',' | '.' | ';' | ')')))
        .unwrap_or(limit)
}

/// "trong tháng 01/2023", "hoàn thành trong quý I/2023", "cuối năm 2023", "đến hết năm 2023",
/// "trước quý II/2023" (the day before the period starts).
fn period_phrase(ctx: &Ctx, mut c: Cur, cued: bool) -> Option<Outcome> {
    c.words("hoan thanh");
    let cue = c.one_of(&[
        "trong thoi gian",
        "trong suot",
        "trong",
        "cham nhat la trong",
        "cham nhat trong",
        "cham nhat la vao cuoi",
        "cham nhat vao cuoi",
        "cham nhat la",
        "cham nhat",
        "den het",
        "den cuoi",
        "vao cuoi",
        "cuoi",
        "truoc",
    ]);
    if cued && cue.is_none() {
        return None;
    }
    let period = period_expr(ctx, &mut c)?;
    let hit = period.map(|(period, from, to)| {
        if cue == Some("truoc") {
            Hit::rule(DeadlineRule::Date {
                date: from.pred_opt().unwrap_or(from),
            })
        } else {
            Hit::rule(DeadlineRule::PeriodEnd { period, from, to })
        }
    });
    Some((c.i, hit))
}

/// "trước ngày 15/01/2023", "chậm nhất là ngày 15/1/2023", "hoàn thành trước 15/01/2023",
/// "trước 14 giờ, ngày 05/12/2017", "hạn chót: 20.7.2020", and (not cued) "20-7-2020".
fn date_phrase(ctx: &Ctx, mut c: Cur, cued: bool) -> Option<Outcome> {
    c.words("hoan thanh");
    let mut strong = false;
    loop {
        if let Some(w) = c.one_of(&[
            "cham nhat",
            "han chot",
            "thoi han",
            "truoc",
            "han",
            "den het",
            "den",
            "xong",
            "la",
            "vao",
        ]) {
            strong |= !matches!(w, "la" | "vao");
            continue;
        }
        // "trong ngày 15/01/2023" (not "trong 10 ngày").
        let mut look = c;
        if look.word("trong") && look.peek_word() == Some("ngay") {
            c.i += 1;
            strong = true;
            continue;
        }
        if c.punct(':') {
            continue;
        }
        break;
    }
    if cued && !strong {
        return None;
    }
    let mut time = None;
    if let Some(t) = time_expr(ctx, &mut c) {
        match t {
            Ok(t) => time = Some(t),
            Err(e) => return Some((c.i, Err(e))),
        }
        c.punct(',');
    }
    // A time without a date ("trước 17 giờ hằng ngày") is not a deadline.
    let date = date_expr(ctx, &mut c)?;
    if time.is_none() {
        let save = c;
        c.punct(',');
        c.one_of(&["luc", "truoc", "vao luc"]);
        match time_expr(ctx, &mut c) {
            Some(Ok(t)) => time = Some(t),
            Some(Err(e)) => return Some((c.i, Err(e))),
            None => c = save,
        }
    }
    Some((
        c.i,
        date.map(|date| Hit {
            rule: DeadlineRule::Date { date },
            time,
        }),
    ))
}
