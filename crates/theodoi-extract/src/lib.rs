//! Task extraction (being written).
