//! The only place that talks to database driver crates. Everything above works through
//! [`DriverConnection`]: run SQL with bound [`sea_query::Value`]s, hand rows back as
//! [`Row`]s of driver-neutral values.

#[cfg(feature = "sqlite")]
pub(crate) mod sqlite;

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
    /// Runs SQL without parameters (transaction control, DDL).
    fn batch(&mut self, sql: &str) -> Result<()>;
}

/// Opens new connections to one database.
pub(crate) trait Connector: Send + Sync {
    /// A new connection.
    fn connect(&self) -> Result<Box<dyn DriverConnection>>;
}
