//! Scoring the extractor against annotated documents (`NN.txt` + `NN.expected.json`): precision,
//! recall and F1 of the multiset of (lead, deadline) pairs, leads compared after normalising
//! case, spacing, punctuation and tone placement; the accuracy of deadlines among tasks whose
//! lead was found; and the accuracy of the header fields.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use theodoi_core::text::fold;

use crate::{DocumentHeader, Extraction, expand_abbreviations, extract, normalize_name};

/// Why a directory could not be evaluated.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("Không đọc được {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Tệp kết quả mong đợi {path} sai định dạng: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("Thư mục {0} không có cặp NN.txt / NN.expected.json nào")]
    NoDocuments(PathBuf),
}

#[derive(Debug, Deserialize)]
struct Expected {
    document: DocumentHeader,
    #[serde(default)]
    tasks: Vec<ExpectedTask>,
}

#[derive(Debug, Deserialize)]
struct ExpectedTask {
    lead: String,
    #[serde(default)]
    deadline: Option<NaiveDate>,
}

/// Which header fields were right.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct HeaderScore {
    pub number: bool,
    pub date: bool,
    pub issuer: bool,
    pub kind: bool,
}

/// The scores of one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentScore {
    pub name: String,
    pub expected: usize,
    pub extracted: usize,
    pub matched: usize,
    /// Expected tasks whose lead was found, and of those, how many had the right deadline.
    pub lead_found: usize,
    pub deadline_right: usize,
    pub header: HeaderScore,
    /// Expected (lead, deadline) pairs not extracted, and extracted ones not expected.
    pub missed: Vec<(String, Option<NaiveDate>)>,
    pub spurious: Vec<(String, Option<NaiveDate>)>,
    /// The extractor's error, when it refused the text.
    pub error: Option<String>,
}

/// Precision, recall and F1 from counts; an empty expectation met by nothing scores 1.
pub fn prf(matched: usize, extracted: usize, expected: usize) -> (f64, f64, f64) {
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let (p, r) = (ratio(matched, extracted), ratio(matched, expected));
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

impl DocumentScore {
    pub fn prf(&self) -> (f64, f64, f64) {
        prf(self.matched, self.extracted, self.expected)
    }
}

/// Scores of a directory, per document and overall (pairs counted over all documents).
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub documents: Vec<DocumentScore>,
}

impl EvalReport {
    fn sum(&self, f: impl Fn(&DocumentScore) -> usize) -> usize {
        self.documents.iter().map(f).sum()
    }

    /// Overall precision, recall and F1 of (lead, deadline) pairs.
    pub fn overall(&self) -> (f64, f64, f64) {
        prf(
            self.sum(|d| d.matched),
            self.sum(|d| d.extracted),
            self.sum(|d| d.expected),
        )
    }

    /// Share of expected tasks with a found lead whose deadline is right.
    pub fn deadline_accuracy(&self) -> f64 {
        prf(
            self.sum(|d| d.deadline_right),
            self.sum(|d| d.lead_found),
            0,
        )
        .0
    }

    /// Share of right header fields over all documents and the four fields.
    pub fn header_accuracy(&self) -> f64 {
        let right = self.sum(|d| {
            let h = d.header;
            [h.number, h.date, h.issuer, h.kind]
                .iter()
                .filter(|b| **b)
                .count()
        });
        prf(right, self.documents.len() * 4, 0).0
    }
}

fn same_number(a: &Option<String>, b: &Option<String>) -> bool {
    let key = |s: &Option<String>| s.as_deref().map(|s| fold(s).replace(' ', ""));
    key(a) == key(b)
}

fn same_issuer(a: &Option<String>, b: &Option<String>) -> bool {
    let key = |s: &Option<String>| {
        s.as_deref().map(|s| {
            fold(&expand_abbreviations(s))
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
    };
    key(a) == key(b)
}

/// Scores one extraction against its expectation.
fn score(name: String, expected: &Expected, got: Result<Extraction, String>) -> DocumentScore {
    let (got, error) = match got {
        Ok(g) => (Some(g), None),
        Err(e) => (None, Some(e)),
    };
    let want: Vec<(String, Option<NaiveDate>)> = expected
        .tasks
        .iter()
        .map(|t| (normalize_name(&t.lead), t.deadline))
        .collect();
    let have: Vec<(String, Option<NaiveDate>)> = got
        .as_ref()
        .map(|g| {
            g.tasks
                .iter()
                .map(|t| (normalize_name(&t.lead), t.deadline))
                .collect()
        })
        .unwrap_or_default();
    let mut pool: HashMap<&(String, Option<NaiveDate>), usize> = HashMap::new();
    for h in &have {
        *pool.entry(h).or_default() += 1;
    }
    let mut missed = Vec::new();
    let mut matched = 0;
    for w in &want {
        match pool.get_mut(w) {
            Some(n) if *n > 0 => {
                *n -= 1;
                matched += 1;
            }
            _ => missed.push(w.clone()),
        }
    }
    let spurious = pool
        .into_iter()
        .flat_map(|(k, n)| std::iter::repeat_n(k.clone(), n))
        .collect::<Vec<_>>();
    let (lead_found, deadline_right) = deadline_agreement(&want, &have);
    let header = got.as_ref().map_or_else(HeaderScore::default, |g| {
        let (e, h) = (&expected.document, &g.document);
        HeaderScore {
            number: same_number(&e.number, &h.number),
            date: e.date == h.date,
            issuer: same_issuer(&e.issuer, &h.issuer),
            kind: e.kind == h.kind,
        }
    });
    let mut spurious = spurious;
    spurious.sort();
    DocumentScore {
        name,
        expected: want.len(),
        extracted: have.len(),
        matched,
        lead_found,
        deadline_right,
        header,
        missed,
        spurious,
        error,
    }
}

/// Pairs expected and extracted tasks by lead (same deadline first): how many expected leads
/// were found, and how many of those carry the expected deadline.
fn deadline_agreement(
    want: &[(String, Option<NaiveDate>)],
    have: &[(String, Option<NaiveDate>)],
) -> (usize, usize) {
    let mut used = vec![false; have.len()];
    let (mut found, mut right) = (0, 0);
    let mut pending = Vec::new();
    for w in want {
        match (0..have.len()).find(|&i| !used[i] && have[i] == *w) {
            Some(i) => {
                used[i] = true;
                found += 1;
                right += 1;
            }
            None => pending.push(w),
        }
    }
    for w in pending {
        if let Some(i) = (0..have.len()).find(|&i| !used[i] && have[i].0 == w.0) {
            used[i] = true;
            found += 1;
        }
    }
    (found, right)
}

/// Extracts every `NN.txt` of `dir` that has an `NN.expected.json` and scores it.
pub fn evaluate_dir(dir: &Path) -> Result<EvalReport, EvalError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| EvalError::Io { path, source }
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter(|p| p.with_extension("expected.json").is_file())
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(EvalError::NoDocuments(dir.to_owned()));
    }
    let mut documents = Vec::new();
    for txt in names {
        let json_path = txt.with_extension("expected.json");
        let json = std::fs::read_to_string(&json_path).map_err(io(&json_path))?;
        let expected: Expected = serde_json::from_str(&json).map_err(|source| EvalError::Json {
            path: json_path.clone(),
            source,
        })?;
        let text = std::fs::read_to_string(&txt).map_err(io(&txt))?;
        let got = extract(&text, None).map_err(|e| e.to_string());
        let name = txt
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        documents.push(score(name, &expected, got));
    }
    Ok(EvalReport { documents })
}

fn pair(p: &(String, Option<NaiveDate>)) -> String {
    match p.1 {
        Some(d) => format!("({}, {d})", p.0),
        None => format!("({}, —)", p.0),
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = |b: bool| if b { "✓" } else { "✗" };
        writeln!(
            f,
            "{:<22} {:>9} {:>6} {:>6} {:>6} {:>9}  header (số ngày CQ loại)",
            "document", "exp/got", "P", "R", "F1", "deadline"
        )?;
        for d in &self.documents {
            let (p, r, f1) = d.prf();
            let h = d.header;
            writeln!(
                f,
                "{:<22} {:>9} {:>6.2} {:>6.2} {:>6.2} {:>9}  {} {} {} {}",
                d.name,
                format!("{}/{}", d.expected, d.extracted),
                p,
                r,
                f1,
                format!("{}/{}", d.deadline_right, d.lead_found),
                mark(h.number),
                mark(h.date),
                mark(h.issuer),
                mark(h.kind)
            )?;
            if let Some(e) = &d.error {
                writeln!(f, "    lỗi: {e}")?;
            }
            for m in &d.missed {
                writeln!(f, "    thiếu: {}", pair(m))?;
            }
            for s in &d.spurious {
                writeln!(f, "    thừa:  {}", pair(s))?;
            }
        }
        let (p, r, f1) = self.overall();
        writeln!(
            f,
            "overall: P {p:.3}  R {r:.3}  F1 {f1:.3}  ({} expected, {} extracted, {} matched)",
            self.sum(|d| d.expected),
            self.sum(|d| d.extracted),
            self.sum(|d| d.matched)
        )?;
        let field = |get: fn(&HeaderScore) -> bool| {
            let right = self.documents.iter().filter(|d| get(&d.header)).count();
            format!("{right}/{}", self.documents.len())
        };
        writeln!(
            f,
            "header: số {}  ngày {}  cơ quan {}  loại {}",
            field(|h| h.number),
            field(|h| h.date),
            field(|h| h.issuer),
            field(|h| h.kind)
        )?;
        writeln!(
            f,
            "deadline accuracy: {:.3}  header accuracy: {:.3}",
            self.deadline_accuracy(),
            self.header_accuracy()
        )
    }
}
