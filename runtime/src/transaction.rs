//! [`Transaction`]: a transaction on a [`Connection`], rolled back unless committed;
//! nested ones are savepoints. [`TransactionOptions`] sets the isolation level and
//! read-only mode of an outermost transaction.

use std::ops::{Deref, DerefMut};

use crate::connection::Connection;
use crate::connection::core::ConnCore;
use crate::dialect::Dialect;
use crate::driver::block_ready;
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
    level: Level,
    finished: bool,
}

impl<'c> Transaction<'c> {
    pub(crate) fn begin(
        connection: &'c mut Connection,
        options: TransactionOptions,
    ) -> Result<Self> {
        let level = block_ready(connection.core.begin(options))?;
        Ok(Transaction {
            connection,
            level,
            finished: false,
        })
    }

    /// Makes the transaction's changes permanent — for a nested transaction, part of the
    /// outer one. If COMMIT fails (a deferred constraint, a lock), the transaction is
    /// rolled back.
    pub fn commit(mut self) -> Result<()> {
        self.finished = true;
        block_ready(self.connection.core.commit(&self.level))
    }

    /// Discards the transaction's changes (a nested one's only).
    pub fn rollback(mut self) -> Result<()> {
        self.finished = true;
        block_ready(self.connection.core.rollback(&self.level))
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

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if !self.finished {
            block_ready(self.connection.core.abandon(&self.level));
        }
    }
}

/// An open transaction or savepoint, as its guard knows it.
pub(crate) struct Level {
    /// The savepoint of a nested transaction; `None` for the outermost.
    savepoint: Option<String>,
    /// SQLite's `query_only` to switch off at the end of an outermost read-only transaction.
    sqlite_read_only: bool,
}

/// The transaction operations, written once for every connection type.
impl ConnCore {
    /// Begins a transaction, or a savepoint inside one.
    pub(crate) async fn begin(&mut self, options: TransactionOptions) -> Result<Level> {
        self.settle().await?;
        if self.transaction_depth > 0 {
            if options != TransactionOptions::default() {
                return Err(Error::InvalidStatement(
                    "isolation level and read-only mode belong to the outermost transaction; \
                     a nested transaction is a savepoint of it"
                        .into(),
                ));
            }
            let name = format!("retort_savepoint_{}", self.transaction_depth);
            self.raw_batch(&format!("SAVEPOINT {name}")).await?;
            self.transaction_depth += 1;
            return Ok(Level {
                savepoint: Some(name),
                sqlite_read_only: false,
            });
        }
        if self.in_transaction {
            return Err(Error::InvalidStatement(
                "a transaction begun by hand (`BEGIN` in execute_batch) is open on this \
                 connection; end it before starting a Transaction"
                    .into(),
            ));
        }
        self.raw_batch(&options.begin_sql(self.dialect)).await?;
        self.in_transaction = true;
        self.transaction_depth = 1;
        Ok(Level {
            savepoint: None,
            sqlite_read_only: options.read_only && self.dialect == Dialect::Sqlite,
        })
    }

    /// Commits `level` (releases a savepoint); if that fails, rolls it back.
    pub(crate) async fn commit(&mut self, level: &Level) -> Result<()> {
        if let Err(error) = self.settle().await {
            self.abandon(level).await;
            return Err(error);
        }
        let result = match &level.savepoint {
            Some(name) => self.raw_batch(&format!("RELEASE SAVEPOINT {name}")).await,
            None => self.raw_batch("COMMIT").await,
        };
        if let Err(error) = result {
            self.abandon(level).await;
            return Err(error);
        }
        if level.savepoint.is_none() {
            self.in_transaction = false;
            self.end_sqlite_read_only(level).await;
        }
        self.transaction_depth -= 1;
        Ok(())
    }

    /// Rolls `level` back; if that fails, the connection is not handed out again.
    pub(crate) async fn rollback(&mut self, level: &Level) -> Result<()> {
        self.settle().await?;
        let result = self.undo(level).await;
        if result.is_err() {
            self.discard();
        }
        result
    }

    /// Ends `level` after an error or when its guard is dropped unfinished: rolls it back
    /// unless the connection is lost or given up (nothing to roll back on its session).
    pub(crate) async fn abandon(&mut self, level: &Level) {
        if self.is_discarded() {
            self.transaction_depth -= 1;
            self.in_transaction = self.transaction_depth > 0;
            return;
        }
        if let Err(error) = self.undo(level).await {
            // The transaction may still be open: never hand this connection out again.
            self.discard();
            tracing::warn!(target: "retort::sql", %error, "rollback of a dropped transaction failed");
        }
    }

    /// Commits `level` when `outcome` is `Ok`, rolls it back otherwise; returns `outcome`
    /// (or the commit's error).
    pub(crate) async fn finish<T>(&mut self, level: Level, outcome: Result<T>) -> Result<T> {
        match outcome {
            Ok(value) => {
                self.commit(&level).await?;
                Ok(value)
            }
            Err(error) => {
                self.abandon(&level).await;
                Err(error)
            }
        }
    }

    /// Rolls back this transaction or savepoint and updates the bookkeeping.
    async fn undo(&mut self, level: &Level) -> Result<()> {
        self.transaction_depth -= 1;
        match &level.savepoint {
            Some(name) => {
                self.raw_batch(&format!(
                    "ROLLBACK TO SAVEPOINT {name}; RELEASE SAVEPOINT {name}"
                ))
                .await
            }
            None => {
                self.in_transaction = false;
                let result = self.raw_batch("ROLLBACK").await;
                self.end_sqlite_read_only(level).await;
                result
            }
        }
    }

    async fn end_sqlite_read_only(&mut self, level: &Level) {
        if level.sqlite_read_only
            && let Err(error) = self.raw_batch("PRAGMA query_only = OFF").await
        {
            tracing::warn!(target: "retort::sql", %error, "ending a read-only SQLite transaction failed");
            self.discard();
        }
    }

    /// Begins a transaction that no guard ends: [`ConnCore::end_detached`] does.
    pub(crate) async fn begin_detached(&mut self) -> Result<()> {
        self.begin(TransactionOptions::default()).await.map(drop)
    }

    /// Commits (`commit`) or rolls back the transaction `begin_detached` began. A failed
    /// COMMIT leaves nothing open: the database rolled it back.
    pub(crate) async fn end_detached(&mut self, commit: bool) -> Result<()> {
        self.settle().await?;
        self.transaction_depth = 0;
        self.in_transaction = false;
        let result = self
            .raw_batch(if commit { "COMMIT" } else { "ROLLBACK" })
            .await;
        if result.is_err() && !commit {
            // The transaction may still be open: never hand this connection out again.
            self.discard();
        }
        result
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
