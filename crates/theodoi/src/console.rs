//! Standard output of the command line. A closed pipe (`theodoi extract … | head`) ends the
//! command quietly, as with other command-line tools, where `println!` would panic.

use std::io::Write;

/// Writes to standard output; on a closed pipe the process ends with success, on any other
/// failure with a message and status 1.
pub fn write_out(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("lỗi: không ghi được ra đầu ra chuẩn: {e}");
        std::process::exit(1);
    }
}
