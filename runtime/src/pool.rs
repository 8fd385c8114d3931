//! The connection pool behind every [`Engine`](crate::Engine): r2d2, managing driver
//! connections.
//!
//! A connection that reported itself lost (see [`DriverConnection::is_broken`]) or that a
//! [`Connection`](crate::Connection) gave up on (a failed rollback) is discarded when it
//! comes back, so after a server restart or a killed session the caller sees one failed
//! statement and the next checkout opens a fresh connection.

use std::time::Duration;

use crate::driver::{Connector, DriverConnection};
use crate::error::{Error, Result};

/// Pool settings; see [`EngineBuilder`](crate::EngineBuilder) for their meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PoolSettings {
    pub max_size: u32,
    pub connect_timeout: Duration,
    pub idle_timeout: Option<Duration>,
    pub pre_ping: bool,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            max_size: 10,
            connect_timeout: Duration::from_secs(30),
            idle_timeout: Some(Duration::from_secs(600)),
            pre_ping: false,
        }
    }
}

/// A pooled driver connection and whether its user gave up on it.
pub(crate) struct PooledDriver {
    pub driver: Box<dyn DriverConnection>,
    /// Set when the connection's state is unknown (e.g. a transaction that could not be
    /// rolled back): it must not be handed out again.
    pub discard: bool,
}

/// Opens connections for r2d2 and tells it which ones to throw away.
pub(crate) struct Manager {
    connector: Box<dyn Connector>,
    connect_timeout: Duration,
}

impl r2d2::ManageConnection for Manager {
    type Connection = PooledDriver;
    type Error = Error;

    fn connect(&self) -> Result<PooledDriver> {
        Ok(PooledDriver {
            driver: self.connector.connect(self.connect_timeout)?,
            discard: false,
        })
    }

    fn is_valid(&self, connection: &mut PooledDriver) -> Result<()> {
        connection.driver.ping()
    }

    fn has_broken(&self, connection: &mut PooledDriver) -> bool {
        connection.discard || connection.driver.is_broken()
    }
}

/// Sends r2d2's background connection errors to `tracing` instead of the `log` crate.
#[derive(Debug)]
struct TracingErrorHandler;

impl r2d2::HandleError<Error> for TracingErrorHandler {
    fn handle_error(&self, error: Error) {
        tracing::warn!(target: "retort::pool", %error, "opening a pooled connection failed");
    }
}

/// The pool type an engine holds.
pub(crate) type Pool = r2d2::Pool<Manager>;

/// A pool over `connector`. Opens no connection itself: connections are opened on demand
/// (the engine checks reachability first with a direct connection).
pub(crate) fn build(connector: Box<dyn Connector>, settings: PoolSettings) -> Pool {
    let manager = Manager {
        connector,
        connect_timeout: settings.connect_timeout,
    };
    r2d2::Pool::builder()
        .max_size(settings.max_size)
        .min_idle(Some(0))
        .connection_timeout(settings.connect_timeout)
        .idle_timeout(settings.idle_timeout)
        .test_on_check_out(settings.pre_ping)
        .error_handler(Box::new(TracingErrorHandler))
        .build_unchecked(manager)
}
