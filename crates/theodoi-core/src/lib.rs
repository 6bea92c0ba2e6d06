//! theodoi's domain: the types users talk about (units, documents, tasks, deadlines),
//! the rules that decide status and timeliness, the calendar and the deadline-phrase parser.
//! Pure Rust: no I/O, no database, no web.

pub mod access;
pub mod calendar;
pub mod deadline;
pub mod error;
pub mod format;
pub mod ids;
pub mod indicator;
pub mod investment;
pub mod model;
pub mod remind;
pub mod report;
pub mod report_views;
pub mod search;
pub mod status;
pub mod text;
pub mod window;

pub use error::{DomainError, DomainResult, FieldError};
