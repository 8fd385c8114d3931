//! The async API (feature `async`): [`AsyncEngine`], [`AsyncConnection`] and
//! [`AsyncTransaction`], with the methods of their sync namesakes, `async`.
//!
//! Nothing is duplicated: every operation is the `async` code in
//! [`connection::core`](crate::connection) that the sync types run with one poll. Here it
//! is awaited over async drivers — tokio-postgres on the caller's runtime — and a bb8 pool
//! with the settings of the sync pool. Futures are `Send`, so they run on any tokio
//! runtime, multi-threaded included (an axum handler).
//!
//! Dropping a future mid-way (a request timed out) never leaves a transaction open on a
//! pooled connection: a transaction guard dropped unfinished is rolled back before the
//! connection's next statement, and a connection dropped with work unfinished is cleaned
//! (rolled back, or reset) by a task spawned on the runtime before it returns to the pool.

mod connection;
mod engine;
pub(crate) mod pool;
mod session;
mod transaction;

pub use connection::AsyncConnection;
pub use engine::{AsyncEngine, AsyncEngineBuilder};
pub use session::{AsyncSession, AsyncSessionQuery};
pub use transaction::AsyncTransaction;

use crate::error::{Error, Result};

/// The tokio runtime the caller runs on, which async drivers spawn their tasks on.
pub(crate) fn runtime() -> Result<tokio::runtime::Handle> {
    tokio::runtime::Handle::try_current().map_err(|_| Error::NoAsyncRuntime)
}
