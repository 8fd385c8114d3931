//! Code generated from live databases: the Chinook and Employees samples (the project's
//! `shared/schemas`), loaded into SQLite, PostgreSQL and MySQL/MariaDB and introspected by
//! `retort_codegen::introspect` in `build.rs`. Compiling this crate — with clippy's
//! `-D warnings` in CI — checks that the generated code compiles warning-free; its tests
//! check the relationships found and query through each of them.
//!
//! One module per sample and database, because each database reports its own types (SQLite's
//! `INTEGER PRIMARY KEY` is an `i64`, the servers' `INT` an `i32`) and its own spelling of
//! names (PostgreSQL's Chinook is snake_case). The Rust names are the same in all of them.
//! The SQLite modules always exist; the PostgreSQL and MySQL ones when
//! `RETORT_TEST_POSTGRES_URL` / `RETORT_TEST_MYSQL_URL` were set at build time.
//!
//! # Example
//!
//! ```
//! use introspected::chinook_sqlite::{album, artist};
//! use retort::prelude::*;
//!
//! let engine = Engine::connect("sqlite::memory:")?;
//! test_databases::load_sample(&engine, test_databases::Sample::Chinook)?;
//! let mut conn = engine.connection()?;
//! let ac_dc = conn.one(artist::table().select().filter(artist::NAME.eq("AC/DC")))?;
//! let albums = conn.all(artist::rel::ALBUMS.of(&ac_dc).order_by(album::ALBUM_ID.asc()))?;
//! let titles: Vec<&str> = albums.iter().map(|a| a.title.as_str()).collect();
//! assert_eq!(titles, ["For Those About To Rock We Salute You", "Let There Be Rock"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

/// Chinook, introspected from SQLite.
pub mod chinook_sqlite {
    include!(concat!(env!("OUT_DIR"), "/chinook_sqlite.rs"));
}

/// Employees, introspected from SQLite.
pub mod employees_sqlite {
    include!(concat!(env!("OUT_DIR"), "/employees_sqlite.rs"));
}

/// Chinook, introspected from PostgreSQL.
#[cfg(retort_test_postgres)]
pub mod chinook_postgres {
    include!(concat!(env!("OUT_DIR"), "/chinook_postgres.rs"));
}

/// Employees, introspected from PostgreSQL.
#[cfg(retort_test_postgres)]
pub mod employees_postgres {
    include!(concat!(env!("OUT_DIR"), "/employees_postgres.rs"));
}

/// Chinook, introspected from MySQL/MariaDB.
#[cfg(retort_test_mysql)]
pub mod chinook_mysql {
    include!(concat!(env!("OUT_DIR"), "/chinook_mysql.rs"));
}

/// Employees, introspected from MySQL/MariaDB.
#[cfg(retort_test_mysql)]
pub mod employees_mysql {
    include!(concat!(env!("OUT_DIR"), "/employees_mysql.rs"));
}

/// The schema of every feature introspection reads (fixtures/introspect/features.sqlite.sql),
/// introspected from SQLite.
pub mod features_sqlite {
    include!(concat!(env!("OUT_DIR"), "/features_sqlite.rs"));
}

/// The features schema (fixtures/introspect/features.postgres.sql), introspected from
/// PostgreSQL.
#[cfg(retort_test_postgres)]
pub mod features_postgres {
    include!(concat!(env!("OUT_DIR"), "/features_postgres.rs"));
}

/// The features schema (fixtures/introspect/features.mysql.sql), introspected from
/// MySQL/MariaDB.
#[cfg(retort_test_mysql)]
pub mod features_mysql {
    include!(concat!(env!("OUT_DIR"), "/features_mysql.rs"));
}
