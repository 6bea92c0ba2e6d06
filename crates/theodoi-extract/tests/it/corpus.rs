//! The corpus of nasty inputs (`tests/corpus/`, described in its README): each one gets a
//! clear message or a list of tasks, quickly, and the ones that are no Vietnamese
//! directive get a message rather than invented tasks.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use theodoi_extract::{ExtractError, Extraction, extract, extract_docx};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Reads a corpus file the way the application does: `.docx` as a document, anything else
/// as text (bytes that are not UTF-8 replaced, as a lenient reader would).
fn run(name: &str) -> Result<Extraction, ExtractError> {
    let bytes = std::fs::read(corpus().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let started = Instant::now();
    let out = if name.ends_with(".docx") {
        extract_docx(&bytes, None)
    } else {
        extract(&String::from_utf8_lossy(&bytes), None)
    };
    // Generous for a debug build on a shared machine; release is about 20 times faster.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{name} took {:?}",
        started.elapsed()
    );
    out
}

#[test]
fn every_corpus_file_returns_quickly() {
    let mut seen = 0;
    for entry in std::fs::read_dir(corpus()).expect("corpus") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".md") || name.ends_with(".py") {
            continue;
        }
        let _ = run(&name);
        seen += 1;
    }
    assert!(seen >= 15, "the corpus has {seen} files");
}

#[test]
fn empty_files_say_so() {
    assert_eq!(run("empty.txt"), Err(ExtractError::Empty));
    assert_eq!(run("blank.txt"), Err(ExtractError::Empty));
}

#[test]
fn what_is_not_vietnamese_text_gets_a_message() {
    for name in [
        "english.txt",
        "chinese.txt",
        "binary.bin",
        "cp1258.txt",
        "mojibake.txt",
        "truncated.docx",
        "broken_xml.docx",
    ] {
        match run(name) {
            Err(ExtractError::Unreadable(why)) => assert!(!why.is_empty(), "{name}"),
            other => panic!("{name}: expected a message, got {other:?}"),
        }
    }
}

#[test]
fn decomposed_text_reads_like_composed_text() {
    let nfd = run("nfd_notice.txt").expect("readable");
    let nfc = extract(
        &std::fs::read_to_string(corpus().join("../data/forms/tb.txt")).expect("tb.txt"),
        None,
    )
    .expect("readable");
    assert_eq!(nfd, nfc);
}

#[test]
fn absurd_deadlines_give_no_date_rather_than_a_wrong_one() {
    let x = run("absurd_dates.txt").expect("readable");
    assert!(!x.tasks.is_empty());
    for t in &x.tasks {
        if let Some(d) = t.deadline {
            assert!(
                (2000..=2100).contains(&chrono::Datelike::year(&d)),
                "{}: {d}",
                t.lead
            );
        }
    }
}
