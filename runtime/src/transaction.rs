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
        connection.in_api_transaction = true;
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
        self.connection.in_api_transaction = false;
        Ok(())
    }

    /// Discards the transaction's changes.
    pub fn rollback(mut self) -> Result<()> {
        self.finished = true;
        self.connection.in_transaction = false;
        self.connection.in_api_transaction = false;
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
        self.connection.in_api_transaction = false;
        if self.connection.driver.discard || self.connection.driver.driver.is_broken() {
            return; // lost or given up: nothing to roll back on this session
        }
        if let Err(error) = self.connection.batch("ROLLBACK") {
            // The transaction may still be open: never hand this connection out again.
            self.connection.driver.discard = true;
            tracing::warn!(target: "retort::sql", %error, "rollback of a dropped transaction failed");
        }
    }
}

/// Whether `sql` opens (`Some(true)`) or closes (`Some(false)`) a transaction, judged by
/// its last transaction-control statement: `BEGIN`, `START TRANSACTION`, `COMMIT`, `END`,
/// `ROLLBACK` (not `ROLLBACK TO SAVEPOINT`), `ABORT`. `None` when it has none.
pub(crate) fn control(sql: &str) -> Option<bool> {
    statements(sql)
        .iter()
        .filter_map(|statement| control_of(statement))
        .next_back()
}

fn control_of(statement: &str) -> Option<bool> {
    let mut words = statement.split_whitespace().map(str::to_ascii_uppercase);
    let first = words.next()?;
    let second = words.next().unwrap_or_default();
    match (first.as_str(), second.as_str()) {
        ("BEGIN", _) | ("START", "TRANSACTION") => Some(true),
        ("ROLLBACK", "TO") => None,
        ("COMMIT" | "END" | "ROLLBACK" | "ABORT", _) => Some(false),
        _ => None,
    }
}

/// The statements of a batch, split at `;` outside string literals, quoted identifiers and
/// comments, each without its comments.
fn statements(sql: &str) -> Vec<String> {
    let mut statements = Vec::new();
    let mut current = String::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '`' => {
                // A quoted run; a doubled quote stays inside it.
                current.push(c);
                while let Some(q) = chars.next() {
                    current.push(q);
                    if q == c {
                        if chars.peek() == Some(&c) {
                            current.extend(chars.next());
                        } else {
                            break;
                        }
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        break;
                    }
                }
                current.push(' ');
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for skipped in chars.by_ref() {
                    if previous == '*' && skipped == '/' {
                        break;
                    }
                    previous = skipped;
                }
                current.push(' ');
            }
            ';' => statements.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    statements.push(current);
    statements
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
        assert_eq!(
            control("INSERT INTO log VALUES ('step 1; begin work')"),
            None
        );
        assert_eq!(control("/* app */ START TRANSACTION"), Some(true));
        assert_eq!(control("-- note; begin\nSELECT 1"), None);
        assert_eq!(control(r#"SELECT "a;begin""#), None);
    }
}
