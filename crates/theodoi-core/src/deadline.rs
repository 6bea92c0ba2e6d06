//! Deadline phrases (placeholder; being written).
