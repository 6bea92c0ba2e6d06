//! The extractor through its public API: scores on annotated documents, the forms of
//! administrative writing, and inputs that must never make it panic or hang.

mod corpus;
mod deadline_fuzz;
mod docx;
mod forms;
mod robustness;
mod scores;
