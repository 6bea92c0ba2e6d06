//! Behaviour suite: the demo province, reports, workflow rules, bad input, backup and
//! restore — run on SQLite always and on PostgreSQL when THEODOI_TEST_PG is set
//! (e.g. postgres://postgres@127.0.0.1:5432/test; each run creates its own database).
//! One test binary; each area has its own module.

mod api_actions;
mod cli_api;
mod common;
mod core_suite;
mod dashboard;
mod e2e;
mod e2e_more;
mod extract;
mod extract_web;
mod figures;
mod figures_excel;
mod figures_web;
mod import_batch;
mod inbox;
mod inspections;
mod register_page;
mod remind;
mod remind_web;
mod reports_files;
mod reports_web;
mod rules;
mod search;
mod search_page;
mod units_page;
mod web;
mod webdriver;
