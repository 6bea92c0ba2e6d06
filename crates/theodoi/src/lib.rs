//! The theodoi application: services (permission checks and transactions over the store),
//! the JSON API, the CLI, the demo province and the synthetic benchmark data.

pub mod api;
pub mod api_figures;
pub mod api_reports;
pub mod bench_data;
pub mod cli;
pub mod cli_figures;
mod cli_remind;
mod cli_reports;
pub mod clock;
pub mod demo;
pub mod export;
pub mod mail;
pub mod notify_api;
pub mod password;
pub mod scheduler;
pub mod service;
pub mod sheet;
pub mod web;
