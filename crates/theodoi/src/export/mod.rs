//! Files officials exchange: the report as .xlsx and .docx (with its chart as a picture),
//! task lists as .xlsx and .csv. Pure formatting: the figures come from the service layer.

pub mod chart;
pub mod docx;
pub mod tasks;
pub mod urging;
pub mod xlsx;

pub use docx::{DocxOptions, report_docx};
pub use tasks::{DeadlineCell, TASK_HEADERS, TaskLine, tasks_csv, tasks_xlsx};
pub use xlsx::report_xlsx;
