//! retort runtime
