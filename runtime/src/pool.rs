//! The connection pool behind every [`Engine`](crate::Engine): r2d2, managing driver
//! connections.
//!
//! Three rules keep a broken or dirty connection from being handed out again:
//! - a connection whose driver reported it lost ([`DriverConnection::is_broken`]), or that
//!   its user gave up on (a transaction that could not be rolled back), is discarded when it
//!   comes back;
//! - a lost connection usually means the server restarted or dropped every session, so it
//!   also retires every connection opened before it ([`PooledDriver::retire_older`]):
//!   after a restart the caller sees one failed statement and the next checkout opens a
//!   fresh connection, without a round trip per checkout;
//! - with `pre_ping`, each checkout also pings the connection first.
//!
//! [`Connection`](crate::Connection) rolls back a transaction left open before its
//! connection returns here.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
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

/// The largest pool accepted (r2d2 reserves room for every connection up front).
pub(crate) const MAX_POOL_SIZE: u32 = 10_000;

/// The longest timeout accepted, in the URL or the builder: one day.
pub(crate) const MAX_TIMEOUT: Duration = Duration::from_secs(86_400);

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

impl PoolSettings {
    /// Refuses settings the pool cannot work with, instead of letting r2d2 panic.
    pub(crate) fn check(&self) -> Result<()> {
        let invalid = |message: &str| Err(Error::InvalidConfig(message.to_owned()));
        if self.max_size == 0 || self.max_size > MAX_POOL_SIZE {
            return invalid("pool_size must be between 1 and 10000");
        }
        if self.connect_timeout.is_zero() || self.connect_timeout > MAX_TIMEOUT {
            return invalid("connect_timeout must be more than 0 and at most one day");
        }
        match self.idle_timeout {
            Some(timeout) if timeout.is_zero() => {
                invalid("idle_timeout must be more than 0 (use None to keep idle connections)")
            }
            Some(timeout) if timeout > MAX_TIMEOUT => {
                invalid("idle_timeout must be at most one day")
            }
            _ => Ok(()),
        }
    }
}

/// A pooled driver connection and what the pool needs to know about it.
pub(crate) struct PooledDriver {
    pub driver: Box<dyn DriverConnection>,
    /// Set when the connection's state is unknown (e.g. a transaction that could not be
    /// rolled back): it must not be handed out again.
    pub discard: bool,
    /// The pool generation the connection was opened in.
    generation: u64,
    /// The pool's current generation, shared by all its connections.
    current: Arc<AtomicU64>,
}

impl PooledDriver {
    /// A connection just opened by a pool whose generation counter is `generation`.
    pub(crate) fn new(driver: Box<dyn DriverConnection>, generation: &Arc<AtomicU64>) -> Self {
        PooledDriver {
            driver,
            discard: false,
            generation: generation.load(Ordering::SeqCst),
            current: generation.clone(),
        }
    }

    /// Retires this connection and every connection opened before it: called when this
    /// one was found lost, which usually means its siblings are lost too.
    pub(crate) fn retire_older(&mut self) {
        self.discard = true;
        self.current
            .fetch_max(self.generation + 1, Ordering::SeqCst);
    }

    pub(crate) fn is_retired(&self) -> bool {
        self.discard || self.generation < self.current.load(Ordering::SeqCst)
    }
}

/// Opens connections for r2d2 and tells it which ones to throw away.
pub(crate) struct Manager {
    connector: Box<dyn Connector>,
    connect_timeout: Duration,
    pre_ping: bool,
    generation: Arc<AtomicU64>,
}

impl r2d2::ManageConnection for Manager {
    type Connection = PooledDriver;
    type Error = Error;

    fn connect(&self) -> Result<PooledDriver> {
        Ok(PooledDriver::new(
            self.connector.connect(self.connect_timeout)?,
            &self.generation,
        ))
    }

    /// Run on every checkout: a retired connection is refused without a round trip; with
    /// `pre_ping`, a live-looking one is pinged.
    fn is_valid(&self, connection: &mut PooledDriver) -> Result<()> {
        if connection.is_retired() {
            return Err(Error::ConnectionLost {
                message: "retired after another connection of the pool was lost".into(),
            });
        }
        if self.pre_ping
            && let Err(error) = crate::driver::block_ready(connection.driver.ping())
        {
            // Dead while idle: its older siblings probably are too.
            connection.retire_older();
            return Err(error);
        }
        Ok(())
    }

    fn has_broken(&self, connection: &mut PooledDriver) -> bool {
        connection.is_retired() || connection.driver.is_broken()
    }
}

/// Sends r2d2's background connection errors to `tracing` instead of the `log` crate.
#[derive(Debug)]
struct TracingErrorHandler;

impl r2d2::HandleError<Error> for TracingErrorHandler {
    fn handle_error(&self, error: Error) {
        tracing::warn!(target: "retort::pool", %error, "a pooled connection was refused or failed to open");
    }
}

/// The pool type an engine holds.
pub(crate) type Pool = r2d2::Pool<Manager>;

/// A pool over `connector` (`settings` already checked). Opens no connection itself:
/// connections are opened on demand (the engine checks reachability first with a direct
/// connection).
pub(crate) fn build(connector: Box<dyn Connector>, settings: PoolSettings) -> Pool {
    let manager = Manager {
        connector,
        connect_timeout: settings.connect_timeout,
        pre_ping: settings.pre_ping,
        generation: Arc::new(AtomicU64::new(0)),
    };
    r2d2::Pool::builder()
        .max_size(settings.max_size)
        .min_idle(Some(0))
        .connection_timeout(settings.connect_timeout)
        .idle_timeout(settings.idle_timeout)
        // `is_valid` is cheap unless `pre_ping` is on; it is what refuses retired ones.
        .test_on_check_out(true)
        .error_handler(Box::new(TracingErrorHandler))
        .build_unchecked(manager)
}
