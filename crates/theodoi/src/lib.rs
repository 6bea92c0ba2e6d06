//! The theodoi application: services (permission checks and transactions over the store),
//! the JSON API, the CLI, the demo province and the synthetic benchmark data.

/// `println!` for the command line, quiet on a closed pipe (see [`console`]).
macro_rules! outln {
    () => {
        $crate::console::write_out(format_args!("\n"))
    };
    ($($t:tt)*) => {
        $crate::console::write_out(format_args!("{}\n", format_args!($($t)*)))
    };
}

/// `print!` for the command line, quiet on a closed pipe (see [`console`]).
macro_rules! out {
    ($($t:tt)*) => {
        $crate::console::write_out(format_args!($($t)*))
    };
}

pub mod api;
pub mod api_actions;
pub mod api_admin;
pub mod api_doc;
pub mod api_figures;
pub mod api_register;
pub mod api_reports;
mod api_schemas;
pub mod bench_data;
pub mod bench_search;
pub mod cli;
pub mod cli_figures;
mod cli_remind;
mod cli_reports;
pub mod clock;
pub mod console;
pub mod demo;
pub mod export;
pub mod mail;
pub mod notify_api;
pub mod password;
pub mod scheduler;
pub mod service;
pub mod sheet;
pub mod web;
