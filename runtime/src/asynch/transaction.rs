//! [`AsyncTransaction`]: a transaction on an [`AsyncConnection`], rolled back unless
//! committed; nested ones are savepoints. The logic is the sync
//! [`Transaction`](crate::Transaction)'s (`transaction.rs`).

use std::ops::{Deref, DerefMut};

use crate::error::Result;
use crate::transaction::{Level, TransactionOptions};

use super::connection::AsyncConnection;

/// The async form of [`Transaction`](crate::Transaction): use it like the connection (it
/// dereferences to it); finish with [`commit`](Self::commit) or
/// [`rollback`](Self::rollback).
///
/// Dropped unfinished — an early `?` return, a cancelled future — it rolls back: a drop
/// cannot wait for the database, so the rollback runs before the connection's next
/// statement, or before the connection goes back to the pool, whichever comes first.
pub struct AsyncTransaction<'c> {
    connection: &'c mut AsyncConnection,
    /// `None` once finished.
    level: Option<Level>,
}

impl<'c> AsyncTransaction<'c> {
    pub(crate) async fn begin(
        connection: &'c mut AsyncConnection,
        options: TransactionOptions,
    ) -> Result<Self> {
        let level = connection.core().begin(options).await?;
        Ok(AsyncTransaction {
            connection,
            level: Some(level),
        })
    }

    /// See [`Transaction::commit`](crate::Transaction::commit).
    pub async fn commit(mut self) -> Result<()> {
        match self.level.take() {
            Some(level) => self.connection.core().commit(&level).await,
            None => Ok(()),
        }
    }

    /// See [`Transaction::rollback`](crate::Transaction::rollback).
    pub async fn rollback(mut self) -> Result<()> {
        match self.level.take() {
            Some(level) => self.connection.core().rollback(&level).await,
            None => Ok(()),
        }
    }
}

impl Deref for AsyncTransaction<'_> {
    type Target = AsyncConnection;
    fn deref(&self) -> &AsyncConnection {
        self.connection
    }
}

impl DerefMut for AsyncTransaction<'_> {
    fn deref_mut(&mut self) -> &mut AsyncConnection {
        self.connection
    }
}

impl Drop for AsyncTransaction<'_> {
    fn drop(&mut self) {
        if let Some(level) = self.level.take() {
            self.connection.core().abandoned.push(level);
        }
    }
}
