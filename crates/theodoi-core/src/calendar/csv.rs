//! The calendar CSV format: `date,kind,name,note`, one day a line.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{CalendarDay, CalendarError, DayKind, format_vi, is_weekend, weekday_vi};

const HEADER: [&str; 4] = ["date", "kind", "name", "note"];

/// Strict reading: the first error stops it.
pub(super) fn parse(text: &str) -> Result<Vec<CalendarDay>, CalendarError> {
    let mut days = Vec::new();
    let mut first_line: HashMap<NaiveDate, usize> = HashMap::new();
    let mut header_seen = false;
    for (idx, raw) in text.lines().enumerate() {
        let line = idx + 1;
        let raw = if idx == 0 {
            raw.trim_start_matches('\u{feff}')
        } else {
            raw
        };
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let fields = split_line(raw, line)?;
        if !header_seen {
            let names: Vec<String> = fields
                .iter()
                .map(|f| f.trim().to_ascii_lowercase())
                .collect();
            if names != HEADER {
                return Err(CalendarError::BadHeader {
                    line,
                    found: raw.trim().to_string(),
                });
            }
            header_seen = true;
            continue;
        }
        let day = parse_fields(&fields, line)?;
        check_day(&day, line)?;
        if let Some(&first) = first_line.get(&day.date) {
            return Err(CalendarError::Duplicate {
                line,
                date: format_vi(day.date),
                first_line: first,
            });
        }
        first_line.insert(day.date, line);
        days.push(day);
    }
    if !header_seen {
        return Err(CalendarError::Empty);
    }
    Ok(days)
}

/// Lenient reading for the embedded file: bad lines are skipped (the tests make sure there are
/// none).
pub(super) fn parse_lenient(text: &str) -> Vec<CalendarDay> {
    let mut header_seen = false;
    let mut days = Vec::new();
    for (idx, raw) in text.lines().enumerate() {
        let raw = raw.trim_start_matches('\u{feff}');
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        if let Ok(day) = split_line(raw, idx + 1).and_then(|f| parse_fields(&f, idx + 1)) {
            days.push(day);
        }
    }
    days
}

fn parse_fields(fields: &[String], line: usize) -> Result<CalendarDay, CalendarError> {
    if fields.len() != 4 {
        return Err(CalendarError::FieldCount {
            line,
            found: fields.len(),
        });
    }
    let date_text = fields[0].trim();
    let date = NaiveDate::parse_from_str(date_text, "%Y-%m-%d")
        .ok()
        .filter(|_| date_text.len() == 10)
        .ok_or_else(|| CalendarError::BadDate {
            line,
            value: date_text.to_string(),
        })?;
    let kind = DayKind::parse(&fields[1]).ok_or_else(|| CalendarError::BadKind {
        line,
        value: fields[1].trim().to_string(),
    })?;
    Ok(CalendarDay {
        date,
        kind,
        name: crate::text::clean(&fields[2]),
        note: crate::text::clean(&fields[3]),
    })
}

/// The rules every listed day must follow.
pub(super) fn check_day(day: &CalendarDay, line: usize) -> Result<(), CalendarError> {
    if day.name.trim().is_empty() {
        return Err(CalendarError::MissingName {
            line,
            date: format_vi(day.date),
        });
    }
    let weekend = is_weekend(day.date);
    match day.kind {
        DayKind::SwappedWorking if !weekend => Err(CalendarError::WorkingDayNotWeekend {
            line,
            date: format_vi(day.date),
            weekday: weekday_vi(day.date).to_string(),
        }),
        DayKind::DayInLieu | DayKind::SwappedOff if weekend => {
            Err(CalendarError::OffDayOnWeekend {
                line,
                date: format_vi(day.date),
                weekday: weekday_vi(day.date).to_string(),
                kind: day.kind,
                label: day.kind.label_vi(),
            })
        }
        _ => Ok(()),
    }
}

/// Splits one CSV line into fields (RFC 4180 quoting, no line breaks inside a field).
fn split_line(raw: &str, line: usize) -> Result<Vec<String>, CalendarError> {
    let raw = raw.strip_suffix('\r').unwrap_or(raw);
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut chars = raw.chars().peekable();
    let mut in_quotes = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cur.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                cur.push(c);
            }
            continue;
        }
        match c {
            '"' if at_field_start || cur.trim().is_empty() => {
                cur.clear();
                in_quotes = true;
                at_field_start = false;
            }
            ',' => {
                fields.push(std::mem::take(&mut cur));
                at_field_start = true;
            }
            c => {
                cur.push(c);
                at_field_start = false;
            }
        }
    }
    if in_quotes {
        return Err(CalendarError::UnclosedQuote { line });
    }
    fields.push(cur);
    Ok(fields)
}

pub(super) fn write(days: &[CalendarDay]) -> String {
    let mut out = String::from("date,kind,name,note\n");
    for d in days {
        out.push_str(&d.date.format("%Y-%m-%d").to_string());
        out.push(',');
        out.push_str(d.kind.as_str());
        out.push(',');
        out.push_str(&quote(&d.name));
        out.push(',');
        out.push_str(&quote(&d.note));
        out.push('\n');
    }
    out
}

fn quote(field: &str) -> String {
    // Line breaks cannot be read back inside a field: they become spaces.
    let field: String = field
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    if field.contains([',', '"']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}
