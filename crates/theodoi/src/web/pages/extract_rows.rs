//! The rows of the suggestion table (trích xuất nhiệm vụ): built from the extractor's
//! proposal, read back from the submitted form, and turned into the deadline the clerk meant.

use theodoi_core::format::date_vi;
use theodoi_extract::TaskSuggestion;

use crate::service::DeadlineInput;
use crate::web::form::{Errors, parse_date};

/// More rows than any directive has: a bound on what a submitted form may ask for.
pub const MAX_ROWS: usize = 300;

/// One suggested task as the clerk edits it.
#[derive(Debug, Default, Clone)]
pub struct SuggestRow {
    pub i: usize,
    /// "Giữ": register this row.
    pub keep: bool,
    pub lead: Vec<i64>,
    /// The lead as the document writes it, kept to show beside the choice.
    pub lead_text: String,
    /// The lead is a class of units ("UBND các huyện"): one task per unit chosen.
    pub group: bool,
    pub coop: Vec<i64>,
    /// Co-operating units the tree did not match, as written.
    pub coop_text: String,
    pub content: String,
    /// What the clerk types: `dd/mm/yyyy`, or a phrase ("trong tháng 3/2023").
    pub deadline: String,
    /// The deadline's wording in the document.
    pub phrase: String,
    /// The date that wording gave (`dd/mm/yyyy`), to know whether the clerk changed it.
    pub orig: String,
    /// `none`, `monthly`, `quarterly`, `yearly` or `continuous`.
    pub recurring: String,
    pub key: bool,
    /// The clause the suggestion was read from.
    pub source: String,
    /// The deadline as resolved by "Kiểm tra", shown back.
    pub resolved: String,
    pub errors: Errors,
}

impl SuggestRow {
    pub fn from_suggestion(
        i: usize,
        t: &TaskSuggestion,
        lead: Vec<i64>,
        coop: (Vec<i64>, Vec<String>),
    ) -> Self {
        let phrase = t.deadline_text.clone().unwrap_or_default();
        let recurring = t.recurring.clone();
        let deadline = match t.deadline {
            Some(d) if !is_periodic(&recurring) => date_vi(d),
            _ if recurring != "none" => {
                if phrase.is_empty() {
                    canonical_phrase(&recurring).to_owned()
                } else {
                    phrase.clone()
                }
            }
            _ => String::new(),
        };
        Self {
            i,
            keep: true,
            lead,
            lead_text: t.lead.clone(),
            group: t.lead_is_group,
            coop: coop.0,
            coop_text: coop.1.join("; "),
            content: t.summary.clone(),
            deadline,
            orig: t.deadline.map(date_vi).unwrap_or_default(),
            phrase,
            recurring,
            key: false,
            source: t.source_text.clone(),
            resolved: String::new(),
            errors: Errors::default(),
        }
    }

    pub fn blank(i: usize) -> Self {
        Self {
            i,
            keep: true,
            recurring: "none".into(),
            ..Default::default()
        }
    }

    pub fn is_blank(&self) -> bool {
        self.content.trim().is_empty() && self.lead.is_empty() && self.deadline.trim().is_empty()
    }

    pub fn has_lead(&self, id: &i64) -> bool {
        self.lead.contains(id)
    }

    pub fn has_coop(&self, id: &i64) -> bool {
        self.coop.contains(id)
    }

    /// The lead the document names matched no unit (or the clerk has not chosen one).
    pub fn unmatched(&self) -> bool {
        self.lead.is_empty()
    }

    pub fn recurring_is(&self, code: &str) -> bool {
        self.recurring == code || (code == "none" && self.recurring.is_empty())
    }

    /// The deadline to register, or what is wrong with what was typed.
    pub fn deadline_input(&self) -> Result<DeadlineInput, String> {
        let typed = self.deadline.trim();
        let date = parse_date("deadline", typed);
        let phrase = Some(self.phrase.trim().to_owned()).filter(|p| !p.is_empty());
        match self.recurring.as_str() {
            r @ ("monthly" | "quarterly" | "yearly" | "continuous") => match date {
                Ok(Some(_)) => Err(format!(
                    "nhiệm vụ {} không có một ngày hạn cố định: để trống thời hạn, ghi cụm từ (ví dụ “{}”), hoặc chọn “Không định kỳ”",
                    recurring_label(r),
                    canonical_phrase(r)
                )),
                Ok(None) => Ok(DeadlineInput {
                    text: Some(canonical_phrase(r).to_owned()),
                    date: None,
                }),
                Err(_) => Ok(DeadlineInput {
                    text: Some(typed.to_owned()),
                    date: None,
                }),
            },
            _ => match date {
                Ok(None) => Ok(DeadlineInput::default()),
                // The wording is kept when the date is still the one it gave.
                Ok(Some(d)) => Ok(DeadlineInput {
                    text: phrase.filter(|_| date_vi(d) == self.orig),
                    date: Some(d),
                }),
                Err(_) if typed.chars().any(char::is_alphabetic) => Ok(DeadlineInput {
                    text: Some(typed.to_owned()),
                    date: None,
                }),
                Err(e) => Err(e.message),
            },
        }
    }
}

fn is_periodic(recurring: &str) -> bool {
    matches!(recurring, "monthly" | "quarterly" | "yearly" | "continuous")
}

/// A wording the deadline parser reads as the recurrence.
fn canonical_phrase(recurring: &str) -> &'static str {
    match recurring {
        "monthly" => "định kỳ hằng tháng",
        "quarterly" => "định kỳ hằng quý",
        "yearly" => "định kỳ hằng năm",
        "continuous" => "thường xuyên",
        _ => "",
    }
}

pub fn recurring_label(recurring: &str) -> &'static str {
    match recurring {
        "monthly" => "định kỳ hằng tháng",
        "quarterly" => "định kỳ hằng quý",
        "yearly" => "định kỳ hằng năm",
        "continuous" => "thường xuyên",
        _ => "không định kỳ",
    }
}

/// Splits the submitted pairs into the document's fields and the rows (`t{i}_{field}`).
pub fn collect(
    pairs: &[(String, String)],
) -> (std::collections::HashMap<String, String>, Vec<SuggestRow>) {
    let mut v = std::collections::HashMap::new();
    let mut rows: Vec<SuggestRow> = Vec::new();
    for (k, val) in pairs {
        if let Some(rest) = k.strip_prefix('t')
            && let Some((n, field)) = rest.split_once('_')
            && let Ok(i) = n.parse::<usize>()
            && (1..=MAX_ROWS).contains(&i)
        {
            while rows.len() < i {
                rows.push(SuggestRow {
                    i: rows.len() + 1,
                    ..Default::default()
                });
            }
            let r = &mut rows[i - 1];
            match field {
                "keep" => r.keep = true,
                "lead" => r.lead.extend(val.parse::<i64>().ok()),
                "lead_text" => r.lead_text = val.clone(),
                "group" => r.group = true,
                "coop" => r.coop.extend(val.parse::<i64>().ok()),
                "coop_text" => r.coop_text = val.clone(),
                "content" => r.content = val.clone(),
                "deadline" => r.deadline = val.clone(),
                "phrase" => r.phrase = val.clone(),
                "orig" => r.orig = val.clone(),
                "recurring" => r.recurring = val.clone(),
                "key" => r.key = true,
                "source" => r.source = val.clone(),
                _ => {}
            }
        } else {
            v.insert(k.clone(), val.clone());
        }
    }
    (v, rows)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::NaiveDate;

    use super::*;

    fn row(deadline: &str, phrase: &str, orig: &str, recurring: &str) -> SuggestRow {
        SuggestRow {
            deadline: deadline.into(),
            phrase: phrase.into(),
            orig: orig.into(),
            recurring: recurring.into(),
            ..SuggestRow::blank(1)
        }
    }

    #[test]
    fn the_documents_wording_stays_while_its_date_does() {
        let d = row("31/01/2023", "trong tháng 01/2023", "31/01/2023", "none")
            .deadline_input()
            .unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2023, 1, 31));
        assert_eq!(d.text.as_deref(), Some("trong tháng 01/2023"));
        let changed = row("15/02/2023", "trong tháng 01/2023", "31/01/2023", "none")
            .deadline_input()
            .unwrap();
        assert_eq!(changed.date, NaiveDate::from_ymd_opt(2023, 2, 15));
        assert_eq!(changed.text, None, "a changed date drops the old wording");
    }

    #[test]
    fn phrases_and_recurrences() {
        let d = row("trong quý II/2023", "", "", "none")
            .deadline_input()
            .unwrap();
        assert_eq!(d.text.as_deref(), Some("trong quý II/2023"));
        let m = row("", "", "", "monthly").deadline_input().unwrap();
        assert_eq!(m.text.as_deref(), Some("định kỳ hằng tháng"));
        assert!(
            row("15/02/2023", "", "", "quarterly")
                .deadline_input()
                .unwrap_err()
                .contains("định kỳ hằng quý")
        );
        assert!(
            row("", "", "", "none")
                .deadline_input()
                .unwrap()
                .text
                .is_none()
        );
        assert!(
            row("32/13/2023", "", "", "none")
                .deadline_input()
                .unwrap_err()
                .contains("32/13/2023")
        );
    }

    #[test]
    fn rows_are_read_back_by_number() {
        let pairs: Vec<(String, String)> = [
            ("number", "05/TB-VP"),
            ("t2_lead", "7"),
            ("t2_lead", "9"),
            ("t2_keep", "1"),
            ("t1_content", "Rà soát"),
            ("t999_content", "ignored"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let (v, rows) = collect(&pairs);
        assert_eq!(v.get("number").map(String::as_str), Some("05/TB-VP"));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].lead, [7, 9]);
        assert!(rows[1].keep && !rows[0].keep);
        assert_eq!(rows[0].content, "Rà soát");
    }
}
