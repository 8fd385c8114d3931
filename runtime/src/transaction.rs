//! [`Transaction`]: a transaction on a [`Connection`], rolled back unless committed.

use std::ops::{Deref, DerefMut};

use crate::connection::Connection;
use crate::error::{Error, Result};

/// A transaction on a [`Connection`]. Use it like the connection (it dereferences to it);
/// finish with [`commit`](Self::commit) or [`rollback`](Self::rollback). Dropping it
/// unfinished — an early `?` return, a panic — rolls back.
pub struct Transaction<'c> {
    connection: &'c mut Connection,
    finished: bool,
}

impl<'c> Transaction<'c> {
    pub(crate) fn begin(connection: &'c mut Connection) -> Result<Self> {
        if connection.in_transaction {
            return Err(Error::InvalidStatement(
                "a transaction is already open on this connection; finish it before starting \
                 another (nested transactions are not supported yet)"
                    .into(),
            ));
        }
        connection.batch("BEGIN")?;
        connection.in_transaction = true;
        Ok(Transaction {
            connection,
            finished: false,
        })
    }

    /// Makes the transaction's changes permanent. If COMMIT fails (a deferred constraint,
    /// a lock), the transaction is rolled back.
    pub fn commit(mut self) -> Result<()> {
        self.connection.batch("COMMIT")?;
        self.finished = true;
        self.connection.in_transaction = false;
        Ok(())
    }

    /// Discards the transaction's changes.
    pub fn rollback(mut self) -> Result<()> {
        self.finished = true;
        self.connection.in_transaction = false;
        let result = self.connection.batch("ROLLBACK");
        if result.is_err() {
            self.connection.driver.discard = true;
        }
        result
    }
}

impl Deref for Transaction<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.connection
    }
}

impl DerefMut for Transaction<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        self.connection
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        self.connection.in_transaction = false;
        if let Err(error) = self.connection.batch("ROLLBACK") {
            // The transaction may still be open: never hand this connection out again.
            self.connection.driver.discard = true;
            tracing::warn!(target: "retort::sql", %error, "rollback of a dropped transaction failed");
        }
    }
}

/// Whether `sql` opens (`Some(true)`) or closes (`Some(false)`) a transaction, judged by
/// its last statement: `BEGIN`, `START TRANSACTION`, `COMMIT`, `END`, `ROLLBACK` (not
/// `ROLLBACK TO SAVEPOINT`), `ABORT`. `None` for anything else.
pub(crate) fn control(sql: &str) -> Option<bool> {
    sql.split(';')
        .filter_map(|statement| {
            let words: Vec<String> = statement
                .split_whitespace()
                .take(2)
                .map(str::to_ascii_uppercase)
                .collect();
            match words
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice()
            {
                ["BEGIN", ..] | ["START", "TRANSACTION"] => Some(true),
                ["ROLLBACK", "TO"] => None,
                ["COMMIT" | "END" | "ROLLBACK" | "ABORT", ..] => Some(false),
                _ => None,
            }
        })
        .next_back()
}

#[cfg(test)]
mod tests {
    use super::control;

    #[test]
    fn transaction_control_is_recognised() {
        assert_eq!(control("BEGIN"), Some(true));
        assert_eq!(control("  begin transaction; "), Some(true));
        assert_eq!(control("START TRANSACTION READ ONLY"), Some(true));
        assert_eq!(control("INSERT INTO t VALUES (1); COMMIT"), Some(false));
        assert_eq!(control("rollback"), Some(false));
        assert_eq!(control("ROLLBACK TO SAVEPOINT a"), None);
        assert_eq!(control("SELECT 1"), None);
        assert_eq!(control("BEGIN; INSERT INTO t VALUES (1)"), Some(true));
    }
}
