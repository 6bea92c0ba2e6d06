//! theodoi's domain: the types users talk about (units, documents, tasks, deadlines),
//! the rules that decide status and timeliness, the calendar and the deadline-phrase parser.
//! Pure Rust: no I/O, no database, no web.

pub mod calendar;
pub mod deadline;
pub mod text;
