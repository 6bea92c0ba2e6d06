//! The building blocks of deadline phrases: dates, times of day and periods.

use chrono::{Datelike, NaiveDate, NaiveTime};

use super::lex::{Cur, Tok};
use super::{DeadlineError as E, PeriodKind, period_bounds};

/// Years a deadline may name.
pub(super) const YEARS: std::ops::RangeInclusive<u64> = 1900..=2199;

/// What the matchers share: the original text, its tokens and the document date.
pub(super) struct Ctx<'a> {
    pub text: &'a str,
    pub toks: &'a [Tok],
    pub doc: Option<NaiveDate>,
}

impl Ctx<'_> {
    /// The original text of tokens `[from, to)`.
    pub fn slice(&self, from: usize, to: usize) -> String {
        let to = to.min(self.toks.len());
        if from >= to {
            return String::new();
        }
        self.text
            .get(self.toks[from].start..self.toks[to - 1].end)
            .unwrap_or_default()
            .to_string()
    }
}

/// A match of a building block: `None` when the words are not this block at all, `Some(Err)`
/// when they are but name something impossible.
pub(super) type Block<T> = Option<Result<T, E>>;

fn check_year(ctx: &Ctx, from: usize, to: usize, y: u64) -> Result<i32, E> {
    if YEARS.contains(&y) {
        Ok(i32::try_from(y).unwrap_or(0))
    } else {
        Err(E::InvalidYear {
            text: ctx.slice(from, to),
            year: y,
        })
    }
}

fn make_date(
    ctx: &Ctx,
    from: usize,
    to: usize,
    d: u64,
    m: u64,
    y: Option<u64>,
) -> Result<NaiveDate, E> {
    let text = ctx.slice(from, to);
    let invalid = |reason: String| E::InvalidDate {
        text: text.clone(),
        reason,
    };
    if !(1..=12).contains(&m) {
        return Err(invalid(format!(
            "không có tháng {m}; tháng phải từ 1 đến 12"
        )));
    }
    let (year, infer) = match y {
        Some(y) => (check_year(ctx, from, to, y)?, false),
        None => match ctx.doc {
            Some(doc) => (doc.year(), true),
            None => return Err(E::MissingYear { text }),
        },
    };
    let (m32, d32) = (u32::try_from(m).unwrap_or(0), u32::try_from(d).unwrap_or(0));
    let date = NaiveDate::from_ymd_opt(year, m32, d32)
        .ok_or_else(|| invalid(format!("tháng {m} năm {year} không có ngày {d}")))?;
    match ctx.doc {
        Some(doc) if infer && date < doc => NaiveDate::from_ymd_opt(year + 1, m32, d32)
            .ok_or_else(|| invalid(format!("tháng {m} năm {} không có ngày {d}", year + 1))),
        _ => Ok(date),
    }
}

/// "15/01/2023", "15.1.2023", "15-01-2023", "15/01" (year from the document date),
/// "ngày 20 tháng 7 năm 2020", each optionally after "ngày".
pub(super) fn date_expr(ctx: &Ctx, c: &mut Cur) -> Block<NaiveDate> {
    let save = *c;
    c.word("ngay");
    let start = c.i;
    let Some(d) = c.num(2) else {
        *c = save;
        return None;
    };
    let after_day = *c;
    if c.word("thang")
        && let Some(m) = c.num(2)
    {
        let before_year = *c;
        c.punct(',');
        let y = if c.word("nam") { c.year() } else { None };
        if y.is_none() {
            *c = before_year;
        }
        return Some(make_date(ctx, start, c.i, d, m, y));
    }
    *c = after_day;
    if c.punct_in("/.-").is_some()
        && let Some(m) = c.num(2)
    {
        let before_year = *c;
        if c.punct_in("/.-").is_some() {
            if let Some(y) = c.year() {
                return Some(make_date(ctx, start, c.i, d, m, Some(y)));
            }
            // "15/01/23" or "15/01/QĐ": not a date this parser will guess at.
            *c = save;
            return None;
        }
        *c = before_year;
        if matches!(
            c.peek().map(|t| &t.kind),
            Some(super::lex::Kind::Num { .. })
        ) {
            *c = save;
            return None;
        }
        return Some(make_date(ctx, start, c.i, d, m, None));
    }
    *c = save;
    None
}

/// "14 giờ", "14 giờ 30 (phút)", "14h", "14h00", "14:00", optionally "sáng/chiều/tối".
pub(super) fn time_expr(ctx: &Ctx, c: &mut Cur) -> Block<NaiveTime> {
    let save = *c;
    let start = c.i;
    let h = c.num(2)?;
    let minutes = |c: &mut Cur| {
        let s = *c;
        match c.num(2) {
            Some(m) => {
                c.word("phut");
                m
            }
            None => {
                *c = s;
                0
            }
        }
    };
    let m = if c.word("gio") || c.word("h") || c.word("g") {
        minutes(c)
    } else if c.punct(':') {
        match c.num(2) {
            Some(m) => {
                let _ = c.word("gio") || c.word("h");
                m
            }
            None => {
                *c = save;
                return None;
            }
        }
    } else {
        *c = save;
        return None;
    };
    let mut h = h;
    if let Some(part) = c.one_of(&["sang", "trua", "chieu", "toi"])
        && matches!(part, "chieu" | "toi")
        && (1..12).contains(&h)
    {
        h += 12;
    }
    let time = match (h, m) {
        (24, 0) => NaiveTime::from_hms_opt(23, 59, 59),
        (h, m) => NaiveTime::from_hms_opt(
            u32::try_from(h).unwrap_or(99),
            u32::try_from(m).unwrap_or(99),
            0,
        ),
    };
    Some(time.ok_or_else(|| E::InvalidTime {
        text: ctx.slice(start, c.i),
    }))
}

/// "/2023", "-2023", "năm 2023", ", năm 2023" after a month or quarter.
fn year_suffix(c: &mut Cur) -> Option<u64> {
    let save = *c;
    if c.punct_in("/-.").is_some()
        && let Some(y) = c.year()
    {
        return Some(y);
    }
    *c = save;
    c.punct(',');
    if c.word("nam")
        && let Some(y) = c.year()
    {
        return Some(y);
    }
    *c = save;
    None
}

fn roman(word: &str) -> Option<u64> {
    match word {
        "i" => Some(1),
        "ii" => Some(2),
        "iii" => Some(3),
        "iv" => Some(4),
        "v" => Some(5),
        "vi" => Some(6),
        "vii" => Some(7),
        "viii" => Some(8),
        "ix" => Some(9),
        "x" => Some(10),
        _ => None,
    }
}

/// The period that a phrase without a number means: "tháng này", "trong năm" (the document's).
fn doc_period(
    ctx: &Ctx,
    c: &mut Cur,
    start: usize,
    kind: PeriodKind,
) -> Block<(PeriodKind, NaiveDate, NaiveDate)> {
    let here = c.peek_word();
    if here.is_some() && here != Some("nay") {
        return None;
    }
    c.word("nay");
    let Some(doc) = ctx.doc else {
        return Some(Err(E::MissingDocumentDate {
            text: ctx.slice(start, c.i),
        }));
    };
    let (from, to) = super::period_of(kind, doc);
    Some(Ok((kind, from, to)))
}

/// "tháng 01/2023", "tháng 1 năm 2023", "quý I/2023", "quý 1 năm 2023", "6 tháng đầu năm
/// 2023", "năm 2023", and the same without a year (from the document date).
pub(super) fn period_expr(ctx: &Ctx, c: &mut Cur) -> Block<(PeriodKind, NaiveDate, NaiveDate)> {
    let save = *c;
    let start = c.i;
    // Halves.
    let six = c.num(2) == Some(6) || c.word("sau");
    if six && c.word("thang") || c.word("nua") {
        if let Some(which) = c.one_of(&["dau nam", "cuoi nam"]) {
            let index = if which == "dau nam" { 1 } else { 2 };
            let year = c.year();
            return Some(resolve(ctx, start, c, PeriodKind::Half, index, year));
        }
        *c = save;
        return None;
    }
    *c = save;
    if c.word("nam") {
        return match c.year() {
            Some(y) => Some(check_year(ctx, start, c.i, y).and_then(|year| {
                period_bounds(PeriodKind::Year, year, 1)
                    .map(|(f, t)| (PeriodKind::Year, f, t))
                    .ok_or(E::InvalidYear {
                        text: ctx.slice(start, c.i),
                        year: y,
                    })
            })),
            None if c
                .peek()
                .is_some_and(|t| matches!(t.kind, super::lex::Kind::Num { .. })) =>
            {
                *c = save;
                None
            }
            None => doc_period(ctx, c, start, PeriodKind::Year).or_else(|| {
                *c = save;
                None
            }),
        };
    }
    let kind = if c.word("thang") {
        PeriodKind::Month
    } else if c.word("quy") {
        PeriodKind::Quarter
    } else {
        return None;
    };
    let index = match (kind, c.num(2)) {
        (_, Some(n)) => Some(n),
        (PeriodKind::Quarter, None) => {
            let r = c.peek_word().and_then(roman);
            if r.is_some() {
                c.i += 1;
            }
            r
        }
        _ => None,
    };
    let Some(index) = index else {
        return doc_period(ctx, c, start, kind).or_else(|| {
            *c = save;
            None
        });
    };
    let year = year_suffix(c);
    let r = resolve(ctx, start, c, kind, index, year);
    // "quý V/2023" and "tháng 13" at the end are errors; "quỹ vì người nghèo" is not a period.
    if r.is_err() && !(c.at_end_or_punct() || c.i > start + 2) {
        *c = save;
        return None;
    }
    Some(r)
}

/// Completes a period from its index and year (`None`: from the document date).
fn resolve(
    ctx: &Ctx,
    start: usize,
    c: &Cur,
    kind: PeriodKind,
    index: u64,
    year: Option<u64>,
) -> Result<(PeriodKind, NaiveDate, NaiveDate), E> {
    let text = ctx.slice(start, c.i);
    let max = match kind {
        PeriodKind::Month => 12,
        PeriodKind::Quarter => 4,
        PeriodKind::Half => 2,
        PeriodKind::Year => 1,
    };
    if !(1..=max).contains(&index) {
        return Err(match kind {
            PeriodKind::Quarter => E::InvalidQuarter { text },
            _ => E::InvalidMonth { text, month: index },
        });
    }
    let idx = u32::try_from(index).unwrap_or(1);
    let bounds = |y: i32| period_bounds(kind, y, idx);
    let (from, to) = match (year, ctx.doc) {
        (Some(y), _) => {
            let y = check_year(ctx, start, c.i, y)?;
            bounds(y).ok_or(E::InvalidYear {
                text: text.clone(),
                year: u64::try_from(y).unwrap_or(0),
            })?
        }
        (None, Some(doc)) => match bounds(doc.year()) {
            Some((_, to)) if to < doc => bounds(doc.year() + 1),
            b => b,
        }
        .ok_or(E::MissingYear { text })?,
        (None, None) => return Err(E::MissingYear { text }),
    };
    Ok((kind, from, to))
}
