//! Prints the evaluation of a directory of annotated documents:
//! `cargo run -p theodoi-extract --example eval -- DIR [FILE.txt]`.

use std::path::Path;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "crates/theodoi-extract/tests/data/extract-dev".to_owned());
    if let Some(file) = args.next() {
        let text = std::fs::read_to_string(Path::new(&dir).join(file)).unwrap_or_default();
        match theodoi_extract::extract(&text, None) {
            Ok(x) => println!("{}", serde_json::to_string_pretty(&x).unwrap_or_default()),
            Err(e) => println!("{e}"),
        }
        return;
    }
    match theodoi_extract::eval::evaluate_dir(Path::new(&dir)) {
        Ok(report) => print!("{report}"),
        Err(e) => eprintln!("{e}"),
    }
}
