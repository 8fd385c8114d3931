//! The pool behind every [`AsyncEngine`](crate::AsyncEngine): bb8, with the rules of the
//! sync pool (crate::pool) — broken, given-up and retired connections are refused, and a
//! lost connection retires those opened before it.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use crate::driver::AsyncConnector;
use crate::error::{Error, Result};
use crate::pool::{PoolSettings, PooledDriver};

/// Opens connections for bb8 and tells it which ones to throw away.
pub(crate) struct AsyncManager {
    connector: Box<dyn AsyncConnector>,
    connect_timeout: Duration,
    pre_ping: bool,
    generation: Arc<AtomicU64>,
}

impl bb8::ManageConnection for AsyncManager {
    type Connection = PooledDriver;
    type Error = Error;

    async fn connect(&self) -> Result<PooledDriver> {
        let driver = self.connector.connect(self.connect_timeout).await?;
        Ok(PooledDriver::new(driver, &self.generation))
    }

    /// Run on every checkout: a retired connection is refused without a round trip; with
    /// `pre_ping`, a live-looking one is pinged.
    async fn is_valid(&self, connection: &mut PooledDriver) -> Result<()> {
        if connection.is_retired() {
            return Err(Error::ConnectionLost {
                message: "retired after another connection of the pool was lost".into(),
            });
        }
        if self.pre_ping
            && let Err(error) = connection.driver.ping().await
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

/// Sends bb8's background connection errors to `tracing`.
#[derive(Debug, Clone, Copy)]
struct TracingErrorSink;

impl bb8::ErrorSink<Error> for TracingErrorSink {
    fn sink(&self, error: Error) {
        tracing::warn!(target: "retort::pool", %error, "a pooled connection was refused or failed to open");
    }

    fn boxed_clone(&self) -> Box<dyn bb8::ErrorSink<Error>> {
        Box::new(*self)
    }
}

/// The pool type an async engine holds.
pub(crate) type AsyncPool = bb8::Pool<AsyncManager>;

/// A pool over `connector` (`settings` already checked), with the sync pool's settings:
/// connections opened on demand, the connect timeout also bounding the wait for a free one.
pub(crate) fn build(connector: Box<dyn AsyncConnector>, settings: PoolSettings) -> AsyncPool {
    let manager = AsyncManager {
        connector,
        connect_timeout: settings.connect_timeout,
        pre_ping: settings.pre_ping,
        generation: Arc::new(AtomicU64::new(0)),
    };
    bb8::Pool::builder()
        .max_size(settings.max_size)
        .min_idle(Some(0))
        .connection_timeout(settings.connect_timeout)
        .idle_timeout(settings.idle_timeout)
        // `is_valid` is cheap unless `pre_ping` is on; it is what refuses retired ones.
        .test_on_check_out(true)
        .error_sink(Box::new(TracingErrorSink))
        .build_unchecked(manager)
}
