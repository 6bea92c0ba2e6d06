//! How the deadline finder's time grows with a sentence's length:
//! `cargo run --release -p theodoi-extract --example deadline_scale`.

use std::time::Instant;

use theodoi_core::calendar::Calendar;
use theodoi_core::deadline::{DeadlineSettings, find_deadline};

fn main() {
    let cal = Calendar::shipped();
    for piece in ["kể từ ngày ký ", "trong tháng ", "ngày ", "1/"] {
        for n in [5_000usize, 10_000, 20_000, 40_000] {
            let text = piece.repeat(n);
            let started = Instant::now();
            let hit = find_deadline(&text, None, &cal, DeadlineSettings::default()).is_some();
            println!(
                "{piece:?} × {n}: {} KB, {:?}, found {hit}",
                text.len() / 1024,
                started.elapsed()
            );
        }
    }
}
