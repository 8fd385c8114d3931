//! Common table expressions (`WITH`, `WITH RECURSIVE`) and derived tables.
