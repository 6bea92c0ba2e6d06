//! Behaviour suite: the demo province, reports, workflow rules, bad input, backup and
//! restore — run on SQLite always and on PostgreSQL when THEODOI_TEST_PG is set
//! (e.g. postgres://postgres@127.0.0.1:5432/test; each run creates its own database).
//! One test binary; each area has its own module.

mod cli_api;
mod common;
mod core_suite;
mod e2e;
mod extract;
mod figures;
mod figures_excel;
mod remind;
mod reports_files;
mod reports_web;
mod rules;
mod search;
mod web;
mod webdriver;
