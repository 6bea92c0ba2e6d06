//! The theodoi application: services (permission checks and transactions over the store),
//! the JSON API, the CLI, the demo province and the synthetic benchmark data.

pub mod api;
pub mod bench_data;
pub mod cli;
mod cli_remind;
pub mod clock;
pub mod demo;
pub mod mail;
pub mod notify_api;
pub mod password;
pub mod scheduler;
pub mod service;
