//! The only place that talks to database driver crates, one file per database. Everything
//! above works through [`DriverConnection`]: run SQL with bound [`sea_query::Value`]s, hand
//! rows back as [`Row`]s of driver-neutral [`DbValue`](crate::DbValue)s, and map driver
//! errors onto [`Error`](crate::Error)'s typed variants.

mod future;
#[cfg(feature = "mysql")]
pub(crate) mod mysql;
#[cfg(feature = "postgres")]
pub(crate) mod postgres;
#[cfg(feature = "sqlite")]
pub(crate) mod sqlite;

use std::time::Duration;

pub(crate) use future::{BoxFuture, DbFuture, block_ready};

use sea_query::Value;

use crate::error::Result;
use crate::row::Row;

/// The callback a query hands each row to, in order. `Send`, so that a query's future can
/// move between the threads of an async runtime.
pub(crate) type OnRow<'a> = dyn FnMut(&Row<'_>) -> Result<()> + Send + 'a;

/// One open connection of some driver, blocking or async. Statement calls return a
/// [`DbFuture`]: a blocking driver implements [`BlockingDriver`] instead, whose answers are
/// ready at once.
pub(crate) trait DriverConnection: Send {
    /// Runs a statement; returns the number of rows it changed.
    fn execute<'a>(&'a mut self, sql: &'a str, values: &'a [Value]) -> DbFuture<'a, u64>;
    /// Runs a query, calling `on_row` for each row in order.
    fn query<'a>(
        &'a mut self,
        sql: &'a str,
        values: &'a [Value],
        on_row: &'a mut OnRow<'_>,
    ) -> DbFuture<'a, ()>;
    /// Runs SQL without parameters (transaction control, DDL, `SET`); may hold several
    /// statements separated by `;`.
    fn batch<'a>(&'a mut self, sql: &'a str) -> DbFuture<'a, ()>;
    /// The auto-increment value assigned by the last INSERT on this connection, for
    /// databases without `INSERT … RETURNING` (MySQL). `None` elsewhere.
    fn last_insert_id(&mut self) -> Option<u64>;
    /// Whether a transaction may be open on this connection (SQLite asks the library,
    /// PostgreSQL tracks the SQL it runs). When unsure, `true` is the safe answer: it costs a
    /// harmless ROLLBACK when the connection returns to the pool. `false` leaves it to
    /// [`Connection`](crate::Connection), which tracks transactions it started.
    fn in_transaction(&self) -> bool;
    /// Returns the session to the state of a fresh connection: no open transaction, and
    /// Retort's session settings as at connect time (undoing `SET`s and `PRAGMA`s run by
    /// hand). Called when a connection that ran raw SQL goes back to the pool.
    fn reset(&mut self) -> DbFuture<'_, ()>;
    /// A cheap round trip that fails when the connection is no longer usable.
    fn ping(&mut self) -> DbFuture<'_, ()>;
    /// True once an error showed the connection is lost (server restart, killed session):
    /// the pool then discards it instead of handing it out again.
    fn is_broken(&self) -> bool;
    /// Asks the database to stop the statement still running on this connection, whose
    /// future was dropped (an async request cancelled): best effort, before the connection
    /// is cleaned. Blocking drivers never have one: their calls finish before returning.
    fn cancel(&mut self) -> DbFuture<'_, ()> {
        DbFuture::ready(Ok(()))
    }
}

/// A driver whose calls block until they finish; the same methods as [`DriverConnection`],
/// answered directly.
pub(crate) trait BlockingDriver: Send {
    /// See [`DriverConnection::execute`].
    fn execute(&mut self, sql: &str, values: &[Value]) -> Result<u64>;
    /// See [`DriverConnection::query`].
    fn query(&mut self, sql: &str, values: &[Value], on_row: &mut OnRow<'_>) -> Result<()>;
    /// See [`DriverConnection::batch`].
    fn batch(&mut self, sql: &str) -> Result<()>;
    /// See [`DriverConnection::last_insert_id`].
    fn last_insert_id(&mut self) -> Option<u64> {
        None
    }
    /// See [`DriverConnection::in_transaction`].
    fn in_transaction(&self) -> bool {
        false
    }
    /// See [`DriverConnection::reset`].
    fn reset(&mut self) -> Result<()>;
    /// See [`DriverConnection::ping`].
    fn ping(&mut self) -> Result<()>;
    /// See [`DriverConnection::is_broken`].
    fn is_broken(&self) -> bool;
}

impl<D: BlockingDriver> DriverConnection for D {
    fn execute<'a>(&'a mut self, sql: &'a str, values: &'a [Value]) -> DbFuture<'a, u64> {
        DbFuture::ready(BlockingDriver::execute(self, sql, values))
    }
    fn query<'a>(
        &'a mut self,
        sql: &'a str,
        values: &'a [Value],
        on_row: &'a mut OnRow<'_>,
    ) -> DbFuture<'a, ()> {
        DbFuture::ready(BlockingDriver::query(self, sql, values, on_row))
    }
    fn batch<'a>(&'a mut self, sql: &'a str) -> DbFuture<'a, ()> {
        DbFuture::ready(BlockingDriver::batch(self, sql))
    }
    fn last_insert_id(&mut self) -> Option<u64> {
        BlockingDriver::last_insert_id(self)
    }
    fn in_transaction(&self) -> bool {
        BlockingDriver::in_transaction(self)
    }
    fn reset(&mut self) -> DbFuture<'_, ()> {
        DbFuture::ready(BlockingDriver::reset(self))
    }
    fn ping(&mut self) -> DbFuture<'_, ()> {
        DbFuture::ready(BlockingDriver::ping(self))
    }
    fn is_broken(&self) -> bool {
        BlockingDriver::is_broken(self)
    }
}

/// Opens new connections to one database.
pub(crate) trait Connector: Send + Sync {
    /// A new connection; `timeout` bounds the time spent connecting.
    fn connect(&self, timeout: Duration) -> Result<Box<dyn DriverConnection>>;
}

/// Opens new connections to one database for async use; their statement calls wait on
/// the socket instead of blocking the thread.
#[cfg(feature = "async")]
pub(crate) trait AsyncConnector: Send + Sync {
    /// A new connection; `timeout` bounds the time spent connecting.
    fn connect(&self, timeout: Duration) -> BoxFuture<'_, Result<Box<dyn DriverConnection>>>;
}
