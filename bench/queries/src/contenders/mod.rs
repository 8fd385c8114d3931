//! The contenders: one module each. [`connect`] opens one by the name the reports use.

mod diesel;
mod diesel_async;
mod raw_mysql;
mod raw_postgres;
mod raw_sqlite;
mod retort_async;
mod retort_core;
mod retort_orm;
mod sea_orm;
mod sqlx;

use crate::{Backend, Contender};

/// The contenders, as their benchmark IDs name them, the raw driver first (the baseline the
/// reports divide by), then Retort's two layers, then the peers.
pub const NAMES: [&str; 9] = [
    "raw",
    "retort_core",
    "retort_orm",
    "diesel",
    "sea_orm",
    "sqlx",
    "retort_core_async",
    "retort_orm_async",
    "diesel_async",
];

/// Each async contender and the sync contender it is compared with (docs/benchmarks.md,
/// "The cost of async").
pub const ASYNC_PAIRS: [(&str, &str); 3] = [
    ("retort_core_async", "retort_core"),
    ("retort_orm_async", "retort_orm"),
    ("diesel_async", "diesel"),
];

/// A fresh connection of contender `name` to `backend`'s database. An error names what
/// failed: an unknown contender, a backend without a URL, a refused connection.
pub fn connect(name: &str, backend: Backend) -> Result<Box<dyn Contender>, String> {
    let url = backend.url().ok_or_else(|| {
        format!(
            "{backend} is not configured: set {}",
            backend.url_variable().unwrap_or("its URL")
        )
    })?;
    let contender: Box<dyn Contender> = match (name, backend) {
        ("raw", Backend::Sqlite) => Box::new(raw_sqlite::RawSqlite::connect()?),
        ("raw", Backend::Postgres) => Box::new(raw_postgres::RawPostgres::connect(&url)?),
        ("raw", Backend::Mysql) => Box::new(raw_mysql::RawMysql::connect(&url)?),
        ("retort_core", _) => Box::new(retort_core::RetortCore::connect(&url)?),
        ("retort_orm", _) => Box::new(retort_orm::RetortOrm::connect(&url)?),
        ("diesel", Backend::Sqlite) => Box::new(diesel::sqlite()?),
        ("diesel", Backend::Postgres) => Box::new(diesel::postgres(&url)?),
        ("diesel", Backend::Mysql) => Box::new(diesel::mysql(&url)?),
        ("retort_core_async", _) => Box::new(retort_async::RetortCoreAsync::connect(&url)?),
        ("retort_orm_async", _) => Box::new(retort_async::RetortOrmAsync::connect(&url)?),
        ("diesel_async", Backend::Sqlite) => Box::new(diesel_async::sqlite()?),
        ("diesel_async", Backend::Postgres) => Box::new(diesel_async::postgres(&url)?),
        ("diesel_async", Backend::Mysql) => Box::new(diesel_async::mysql(&url)?),
        ("sea_orm", _) => Box::new(sea_orm::SeaOrm::connect(&url)?),
        ("sqlx", Backend::Sqlite) => Box::new(sqlx::sqlite()?),
        ("sqlx", Backend::Postgres) => Box::new(sqlx::postgres(&url)?),
        ("sqlx", Backend::Mysql) => Box::new(sqlx::mysql(&url)?),
        _ => return Err(format!("no contender `{name}`: expected one of {NAMES:?}")),
    };
    Ok(contender)
}

/// `(?, ?), (?, ?)`: the placeholders of `rows` rows of `width` values, numbered from `$1`
/// when `numbered` (PostgreSQL).
pub(crate) fn value_lists(rows: usize, width: usize, numbered: bool) -> String {
    let mut sql = String::new();
    let mut n = 0;
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..width {
            if column > 0 {
                sql.push_str(", ");
            }
            n += 1;
            if numbered {
                sql.push_str(&format!("${n}"));
            } else {
                sql.push('?');
            }
        }
        sql.push(')');
    }
    sql
}
