//! Times the extractor on pathological inputs: `cargo run --release --example stress`.

use std::time::Instant;

fn main() {
    for (name, text) in [
        ("giao", "Giao Sở Tài chính, ".repeat(200_000)),
        ("groups", "các sở, ".repeat(200_000)),
        ("words", "chữ ".repeat(1_000_000)),
        ("lines", "Sở Y tế:\n- Chủ trì\n".repeat(100_000)),
    ] {
        let start = Instant::now();
        let n = theodoi_extract::extract(&text, None).map(|x| x.tasks.len());
        println!(
            "{name}: {} KB, {:?}, {:?}",
            text.len() / 1024,
            n.ok(),
            start.elapsed()
        );
    }
}
