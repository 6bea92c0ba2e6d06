//! Throughput of the extractor: documents per second on the development set and on a 1 MB
//! document. `cargo run --release -p theodoi-extract --example bench [-- DIR]`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn texts(dir: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

/// Runs `f` until at least `min` has passed; returns runs per second.
fn rate(min: Duration, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut runs = 0u64;
    while runs == 0 || start.elapsed() < min {
        f();
        runs += 1;
    }
    runs as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/extract-dev"));
    let docs = texts(&dir);
    if docs.is_empty() {
        eprintln!("no .txt documents in {}", dir.display());
        std::process::exit(1);
    }
    let bytes: usize = docs.iter().map(String::len).sum();
    let per_set = rate(Duration::from_secs(3), || {
        for d in &docs {
            let _ = theodoi_extract::extract(d, None);
        }
    });
    println!(
        "dev set: {} documents, {} KB: {:.0} documents/s ({:.2} MB/s)",
        docs.len(),
        bytes / 1024,
        per_set * docs.len() as f64,
        per_set * bytes as f64 / 1e6
    );
    // One long document: the bodies of the set one after another ("Nơi nhận" would end it).
    let mut big = String::new();
    while big.len() < 1024 * 1024 {
        for d in &docs {
            for line in d
                .lines()
                .filter(|l| !l.trim_start().starts_with("Nơi nhận"))
            {
                big.push_str(line);
                big.push('\n');
            }
        }
    }
    let tasks = theodoi_extract::extract(&big, None)
        .map(|x| x.tasks.len())
        .unwrap_or(0);
    let per_big = rate(Duration::from_secs(3), || {
        let _ = theodoi_extract::extract(&big, None);
    });
    println!(
        "1 MB document ({} KB, {tasks} tasks): {per_big:.2} documents/s ({:.0} ms each)",
        big.len() / 1024,
        1000.0 / per_big
    );
}
