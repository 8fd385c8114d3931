//! [`AsyncConnection`]: one pooled connection, used from async code. Its statement methods
//! are generated with [`Connection`](crate::Connection)'s, from one list
//! (`connection/forward.rs`).

use crate::connection::core::ConnCore;
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::transaction::TransactionOptions;

use super::transaction::AsyncTransaction;

/// The async form of [`Connection`](crate::Connection): the same methods, `async`.
///
/// Dropped with work unfinished — a transaction open, raw SQL run, a statement cancelled
/// mid-way — it is cleaned (rolled back or reset) by a task spawned on the tokio runtime,
/// and only then goes back to the pool; outside a runtime it is discarded instead.
pub struct AsyncConnection {
    /// Always there until dropped, when the cleaning task takes it.
    core: Option<ConnCore>,
}

impl std::fmt::Debug for AsyncConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncConnection")
            .field("dialect", &self.core.as_ref().map(|core| core.dialect))
            .finish_non_exhaustive()
    }
}

impl AsyncConnection {
    pub(crate) fn new(core: ConnCore) -> Self {
        AsyncConnection { core: Some(core) }
    }

    pub(crate) fn core(&mut self) -> &mut ConnCore {
        self.core
            .as_mut()
            .expect("the core is only taken when the connection is dropped")
    }

    /// The connection's dialect.
    pub fn dialect(&self) -> Dialect {
        self.core
            .as_ref()
            .expect("the core is only taken when the connection is dropped")
            .dialect
    }

    /// Gives the connection back to the pool now, cleaned (rolled back, or reset after raw
    /// SQL) if it needs to be; a clean that fails discards it, as a drop does.
    ///
    /// Dropping the connection instead leaves that cleaning to a task spawned on the
    /// runtime, which holds an open transaction (and its locks) until the runtime gets to
    /// it — on a current-thread runtime, not before your code next awaits.
    pub async fn close(mut self) {
        if let Some(mut core) = self.core.take() {
            core.release().await;
        }
    }

    /// Starts a transaction; see [`Connection::transaction`](crate::Connection::transaction).
    /// Dropped without [`AsyncTransaction::commit`], it rolls back.
    pub async fn transaction(&mut self) -> Result<AsyncTransaction<'_>> {
        AsyncTransaction::begin(self, TransactionOptions::default()).await
    }

    /// Starts a transaction with an isolation level or in read-only mode; see
    /// [`Connection::transaction_with`](crate::Connection::transaction_with).
    pub async fn transaction_with(
        &mut self,
        options: TransactionOptions,
    ) -> Result<AsyncTransaction<'_>> {
        AsyncTransaction::begin(self, options).await
    }

    /// Runs `work` in a transaction: commits when it returns `Ok`, rolls back when it
    /// returns `Err` (or its future is dropped). Inside another transaction, it is a
    /// savepoint.
    ///
    /// ```
    /// # use retort::__doc_tables::{self as blog, users};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> retort::Result<()> {
    /// let engine = retort::AsyncEngine::connect("sqlite::memory:").await?;
    /// blog::metadata().create_all(&engine).await?;
    /// let mut conn = engine.connection().await?;
    /// let id = conn
    ///     .with_transaction(async |tx| {
    ///         tx.insert(users::NewUser { name: "Ada".into(), email: None }).await
    ///     })
    ///     .await?;
    /// assert_eq!(id, 1);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn with_transaction<T, E: From<Error>>(
        &mut self,
        work: impl AsyncFnOnce(&mut AsyncTransaction<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut transaction = self.transaction().await?;
        let value = work(&mut transaction).await?;
        transaction.commit().await?;
        Ok(value)
    }
}

impl Drop for AsyncConnection {
    fn drop(&mut self) {
        let Some(mut core) = self.core.take() else {
            return;
        };
        if !core.needs_release() {
            return;
        }
        match super::runtime() {
            // The pooled connection goes back when the task drops it, clean.
            Ok(runtime) => {
                runtime.spawn(async move { core.release().await });
            }
            Err(_) => {
                tracing::warn!(target: "retort::pool", "an async connection with unfinished work was dropped outside a tokio runtime; it is discarded");
                core.discard();
            }
        }
    }
}
