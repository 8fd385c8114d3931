//! The only place that talks to database driver crates, one file per database. Everything
//! above works through [`DriverConnection`]: run SQL with bound [`sea_query::Value`]s, hand
//! rows back as [`Row`]s of driver-neutral [`DbValue`](crate::DbValue)s, and map driver
//! errors onto [`Error`](crate::Error)'s typed variants.

#[cfg(feature = "mysql")]
pub(crate) mod mysql;
#[cfg(feature = "postgres")]
pub(crate) mod postgres;
#[cfg(feature = "sqlite")]
pub(crate) mod sqlite;

use std::time::Duration;

use sea_query::Value;

use crate::error::Result;
use crate::row::Row;

/// One open connection of some driver.
pub(crate) trait DriverConnection: Send {
    /// Runs a statement; returns the number of rows it changed.
    fn execute(&mut self, sql: &str, values: &[Value]) -> Result<u64>;
    /// Runs a query, calling `on_row` for each row in order.
    fn query(
        &mut self,
        sql: &str,
        values: &[Value],
        on_row: &mut dyn FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()>;
    /// Runs SQL without parameters (transaction control, DDL, `SET`); may hold several
    /// statements separated by `;`.
    fn batch(&mut self, sql: &str) -> Result<()>;
    /// The auto-increment value assigned by the last INSERT on this connection, for
    /// databases without `INSERT … RETURNING` (MySQL). `None` elsewhere.
    fn last_insert_id(&mut self) -> Option<u64> {
        None
    }
    /// Whether a transaction may be open on this connection (SQLite asks the library,
    /// PostgreSQL tracks the SQL it runs). When unsure, `true` is the safe answer: it costs a
    /// harmless ROLLBACK when the connection returns to the pool. The default, `false`,
    /// leaves it to [`Connection`](crate::Connection), which tracks transactions it started.
    fn in_transaction(&self) -> bool {
        false
    }
    /// Returns the session to the state of a fresh connection: no open transaction, and
    /// Retort's session settings as at connect time (undoing `SET`s and `PRAGMA`s run by
    /// hand). Called when a connection that ran raw SQL goes back to the pool.
    fn reset(&mut self) -> Result<()>;
    /// A cheap round trip that fails when the connection is no longer usable.
    fn ping(&mut self) -> Result<()>;
    /// True once an error showed the connection is lost (server restart, killed session):
    /// the pool then discards it instead of handing it out again.
    fn is_broken(&self) -> bool;
}

/// Opens new connections to one database.
pub(crate) trait Connector: Send + Sync {
    /// A new connection; `timeout` bounds the time spent connecting.
    fn connect(&self, timeout: Duration) -> Result<Box<dyn DriverConnection>>;
}
