//! Vietnamese working calendar (placeholder; being written).
