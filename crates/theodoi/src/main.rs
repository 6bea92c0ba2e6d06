use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = theodoi::cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("lỗi: không khởi động được: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(theodoi::cli::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lỗi: {e:#}");
            ExitCode::from(1)
        }
    }
}
