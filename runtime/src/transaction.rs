//! [`Transaction`]: a transaction on a [`Connection`], rolled back unless committed;
//! nested ones are savepoints. [`TransactionOptions`] sets the isolation level and
//! read-only mode of an outermost transaction.

use std::ops::{Deref, DerefMut};

use crate::connection::Connection;
use crate::dialect::Dialect;
use crate::error::{Error, Result};

/// How a transaction isolates itself from concurrent ones (SQL's four levels).
///
/// SQLite runs every transaction serializably, which gives each level's guarantees (and
/// more), so every level is accepted there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IsolationLevel {
    /// May see other transactions' uncommitted changes (PostgreSQL treats it as
    /// `ReadCommitted`).
    ReadUncommitted,
    /// Each statement sees what was committed before it began (PostgreSQL's default).
    ReadCommitted,
    /// Every statement sees the snapshot of the transaction's start (MySQL's default).
    RepeatableRead,
    /// As if the transactions ran one after another; conflicts are
    /// [`Error::SerializationFailure`] or [`Error::Deadlock`], to be retried.
    Serializable,
}

impl IsolationLevel {
    fn sql(self) -> &'static str {
        match self {
            IsolationLevel::ReadUncommitted => "READ UNCOMMITTED",
            IsolationLevel::ReadCommitted => "READ COMMITTED",
            IsolationLevel::RepeatableRead => "REPEATABLE READ",
            IsolationLevel::Serializable => "SERIALIZABLE",
        }
    }
}

/// Options of an outermost transaction; see [`Connection::transaction_with`].
///
/// ```
/// use retort::{IsolationLevel, TransactionOptions};
///
/// let engine = retort::Engine::connect("sqlite::memory:")?;
/// let mut conn = engine.connection()?;
/// let options = TransactionOptions::new()
///     .isolation(IsolationLevel::Serializable)
///     .read_only();
/// let tx = conn.transaction_with(options)?;
/// tx.commit()?;
/// # Ok::<(), retort::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TransactionOptions {
    isolation: Option<IsolationLevel>,
    read_only: bool,
}

impl TransactionOptions {
    /// The database's defaults: its default isolation level, read-write.
    pub fn new() -> Self {
        TransactionOptions::default()
    }

    /// The isolation level.
    pub fn isolation(mut self, level: IsolationLevel) -> Self {
        self.isolation = Some(level);
        self
    }

    /// A read-only transaction: any write in it fails (PostgreSQL and MySQL refuse it;
    /// SQLite runs it with `PRAGMA query_only`).
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }

    /// The statements that start a transaction with these options.
    fn begin_sql(self, dialect: Dialect) -> String {
        match dialect {
            Dialect::Postgres => {
                let mut sql = "BEGIN".to_owned();
                if let Some(level) = self.isolation {
                    sql.push_str(" ISOLATION LEVEL ");
                    sql.push_str(level.sql());
                }
                if self.read_only {
                    sql.push_str(" READ ONLY");
                }
                sql
            }
            Dialect::Mysql => {
                // SET TRANSACTION applies to the next transaction only.
                let mut sql = String::new();
                if let Some(level) = self.isolation {
                    sql.push_str(&format!(
                        "SET TRANSACTION ISOLATION LEVEL {}; ",
                        level.sql()
                    ));
                }
                sql.push_str("START TRANSACTION");
                if self.read_only {
                    sql.push_str(" READ ONLY");
                }
                sql
            }
            Dialect::Sqlite => {
                if self.read_only {
                    "BEGIN; PRAGMA query_only = ON".into()
                } else {
                    "BEGIN".into()
                }
            }
        }
    }
}

/// A transaction on a [`Connection`]. Use it like the connection (it dereferences to it);
/// finish with [`commit`](Self::commit) or [`rollback`](Self::rollback). Dropping it
/// unfinished — an early `?` return, a panic — rolls back.
///
/// A transaction started inside another (`tx.transaction()`) is a savepoint: its rollback
/// undoes only its own work, and its commit keeps that work for the outer transaction to
/// commit or roll back.
pub struct Transaction<'c> {
    connection: &'c mut Connection,
    finished: bool,
    /// The savepoint of a nested transaction; `None` for the outermost.
    savepoint: Option<String>,
    /// SQLite's `query_only` to switch off at the end of an outermost read-only transaction.
    sqlite_read_only: bool,
}

impl<'c> Transaction<'c> {
    pub(crate) fn begin(
        connection: &'c mut Connection,
        options: TransactionOptions,
    ) -> Result<Self> {
        if connection.transaction_depth > 0 {
            if options != TransactionOptions::default() {
                return Err(Error::InvalidStatement(
                    "isolation level and read-only mode belong to the outermost transaction; \
                     a nested transaction is a savepoint of it"
                        .into(),
                ));
            }
            let name = format!("retort_savepoint_{}", connection.transaction_depth);
            connection.batch(&format!("SAVEPOINT {name}"))?;
            connection.transaction_depth += 1;
            return Ok(Transaction {
                connection,
                finished: false,
                savepoint: Some(name),
                sqlite_read_only: false,
            });
        }
        if connection.in_transaction {
            return Err(Error::InvalidStatement(
                "a transaction begun by hand (`BEGIN` in execute_batch) is open on this \
                 connection; end it before starting a Transaction"
                    .into(),
            ));
        }
        connection.batch(&options.begin_sql(connection.dialect()))?;
        connection.in_transaction = true;
        connection.transaction_depth = 1;
        Ok(Transaction {
            sqlite_read_only: options.read_only && connection.dialect() == Dialect::Sqlite,
            connection,
            finished: false,
            savepoint: None,
        })
    }

    /// Makes the transaction's changes permanent — for a nested transaction, part of the
    /// outer one. If COMMIT fails (a deferred constraint, a lock), the transaction is
    /// rolled back.
    pub fn commit(mut self) -> Result<()> {
        match &self.savepoint {
            Some(name) => {
                let sql = format!("RELEASE SAVEPOINT {name}");
                self.connection.batch(&sql)?;
            }
            None => {
                self.connection.batch("COMMIT")?;
                self.connection.in_transaction = false;
                self.end_sqlite_read_only();
            }
        }
        self.finished = true;
        self.connection.transaction_depth -= 1;
        Ok(())
    }

    /// Discards the transaction's changes (a nested one's only).
    pub fn rollback(mut self) -> Result<()> {
        self.finished = true;
        let result = self.undo();
        if result.is_err() {
            self.connection.driver.discard = true;
        }
        result
    }

    /// Rolls back this transaction or savepoint and updates the connection's bookkeeping.
    fn undo(&mut self) -> Result<()> {
        self.connection.transaction_depth -= 1;
        match self.savepoint.clone() {
            Some(name) => self.connection.batch(&format!(
                "ROLLBACK TO SAVEPOINT {name}; RELEASE SAVEPOINT {name}"
            )),
            None => {
                self.connection.in_transaction = false;
                let result = self.connection.batch("ROLLBACK");
                self.end_sqlite_read_only();
                result
            }
        }
    }

    fn end_sqlite_read_only(&mut self) {
        if self.sqlite_read_only
            && let Err(error) = self.connection.batch("PRAGMA query_only = OFF")
        {
            tracing::warn!(target: "retort::sql", %error, "ending a read-only SQLite transaction failed");
            self.connection.driver.discard = true;
        }
    }
}

impl Connection {
    /// Runs `work` in a transaction: commits when it returns `Ok`, rolls back when it
    /// returns `Err` or panics. Inside another transaction, it is a savepoint.
    ///
    /// ```
    /// # use retort::__doc_tables::{self as blog, users};
    /// let engine = retort::Engine::connect("sqlite::memory:")?;
    /// blog::metadata().create_all(&engine)?;
    /// let mut conn = engine.connection()?;
    /// let id = conn.with_transaction(|tx| {
    ///     tx.insert(users::NewUser { name: "Ada".into(), email: None })
    /// })?;
    /// assert_eq!(id, 1);
    /// # Ok::<(), retort::Error>(())
    /// ```
    pub fn with_transaction<T, E: From<Error>>(
        &mut self,
        work: impl FnOnce(&mut Transaction<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut transaction = self.transaction()?;
        let value = work(&mut transaction)?;
        transaction.commit()?;
        Ok(value)
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

impl Transaction<'_> {
    /// Leaves the (outermost) transaction open without a guard, for an owner of the
    /// connection that cannot hold this borrow (the ORM [`Session`](crate::Session)); it
    /// ends it with [`Connection::end_detached`].
    fn detach(mut self) {
        self.finished = true;
    }
}

impl Connection {
    /// Begins a transaction ended by [`Connection::end_detached`] rather than by a
    /// [`Transaction`] guard.
    pub(crate) fn begin_detached(&mut self) -> Result<()> {
        Transaction::begin(self, TransactionOptions::default())?.detach();
        Ok(())
    }

    /// Commits (`commit`) or rolls back the transaction [`Connection::begin_detached`]
    /// began. A failed COMMIT leaves nothing open: the database rolled it back.
    pub(crate) fn end_detached(&mut self, commit: bool) -> Result<()> {
        self.transaction_depth = 0;
        self.in_transaction = false;
        let result = self.batch(if commit { "COMMIT" } else { "ROLLBACK" });
        if result.is_err() && !commit {
            // The transaction may still be open: never hand this connection out again.
            self.driver.discard = true;
        }
        result
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if self.connection.driver.discard || self.connection.driver.driver.is_broken() {
            // Lost or given up: nothing to roll back on this session.
            self.connection.transaction_depth -= 1;
            self.connection.in_transaction = self.connection.transaction_depth > 0;
            return;
        }
        if let Err(error) = self.undo() {
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
