//! retort-codegen: turns a YAML model spec into typed Rust modules for the `retort` runtime.

pub mod spec;
