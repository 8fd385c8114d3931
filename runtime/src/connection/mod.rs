//! [`Connection`]: one pooled connection, running typed statements.
//!
//! Every operation is implemented once, in [`core`], as `async` code; `Connection` runs it
//! to its end with one poll, as its blocking drivers answer at once.

pub(crate) mod core;
mod forward;

use std::sync::Arc;

#[cfg(feature = "async")]
use crate::AsyncConnection;
use crate::dialect::Dialect;
use crate::driver::block_ready;
use crate::error::Result;
use crate::events::Listeners;
use crate::pool;
use crate::query::{Query, Statement};
use crate::table::{Insertable, Table};
use crate::transaction::{Transaction, TransactionOptions};

use self::core::{ConnCore, Slot};
use self::forward::forward;

/// One connection to a database. Runs typed statements; see [`Transaction`] for grouping
/// them atomically.
pub struct Connection {
    pub(crate) core: ConnCore,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("dialect", &self.core.dialect)
            .finish_non_exhaustive()
    }
}

impl Connection {
    pub(crate) fn new(
        pooled: r2d2::PooledConnection<pool::Manager>,
        dialect: Dialect,
        listeners: Arc<Listeners>,
    ) -> Self {
        Connection {
            core: ConnCore::new(Slot::Blocking(pooled), dialect, listeners),
        }
    }

    /// The connection's dialect.
    pub fn dialect(&self) -> Dialect {
        self.core.dialect
    }

    /// Gives the connection back to the pool, cleaned (rolled back, or reset after raw
    /// SQL) if it needs to be, as dropping it does; a clean that fails discards it. It is
    /// here for code shaped like the `async` feature's `AsyncConnection::close`, where a
    /// drop cannot wait.
    pub fn close(self) {
        drop(self);
    }

    /// Starts a transaction. It commits only through [`Transaction::commit`]; dropped
    /// without, it rolls back. Called on an open [`Transaction`] (which dereferences to its
    /// connection), it starts a nested transaction: a savepoint.
    pub fn transaction(&mut self) -> Result<Transaction<'_>> {
        Transaction::begin(self, TransactionOptions::default())
    }

    /// Starts a transaction with an isolation level or in read-only mode. Options belong
    /// to the outermost transaction: inside one, this is [`Error::InvalidStatement`].
    ///
    /// [`Error::InvalidStatement`]: crate::Error::InvalidStatement
    pub fn transaction_with(&mut self, options: TransactionOptions) -> Result<Transaction<'_>> {
        Transaction::begin(self, options)
    }
}

forward! {
    /// Every row of `query`.
    fn all<Q: Query>(&mut self, query: Q) -> Result<Vec<Q::Row>> where [Q::Row: Send];

    /// Calls `f` with each row of `query` as it is decoded, without collecting them.
    fn for_each<Q: Query>(&mut self, query: Q, f: impl FnMut(Q::Row) -> Result<()> + Send) -> Result<()>;

    /// The only row of `query`: [`Error::NotFound`](crate::Error::NotFound) when there is
    /// none, [`Error::TooManyRows`](crate::Error::TooManyRows) when there are more.
    fn one<Q: Query>(&mut self, query: Q) -> Result<Q::Row> where [Q::Row: Send];

    /// The row of `query` if there is one;
    /// [`Error::TooManyRows`](crate::Error::TooManyRows) when there are more.
    fn optional<Q: Query>(&mut self, query: Q) -> Result<Option<Q::Row>> where [Q::Row: Send];

    /// Runs an INSERT, UPDATE, DELETE or other statement; returns the number of rows
    /// affected. For an upsert ([`Insert::on_conflict`](crate::Insert::on_conflict)) the
    /// count differs between databases: see [`OnConflict`](crate::OnConflict).
    fn execute<S: Statement>(&mut self, statement: S) -> Result<u64>;

    /// Inserts one row and returns its primary key (the generated one for an
    /// auto-assigned key).
    fn insert<I: Insertable>(&mut self, row: I) -> Result<<I::Table as Table>::PrimaryKey>;

    /// Inserts one row and returns it as stored, defaults and generated values included.
    ///
    /// On MySQL, which has no `INSERT … RETURNING`, the row is read back by its primary key
    /// in a second statement; a table without a primary key is refused there.
    fn insert_returning<I: Insertable>(&mut self, row: I) -> Result<<I::Table as Table>::Row>;

    /// Runs SQL text without parameters: DDL, `SET`, several statements separated by `;`.
    /// Values never go into SQL text; use typed statements to pass them as parameters.
    ///
    /// ```
    /// let engine = retort::Engine::connect("sqlite::memory:")?;
    /// engine.connection()?.execute_batch("CREATE TABLE notes (body TEXT); DROP TABLE notes")?;
    /// # Ok::<(), retort::Error>(())
    /// ```
    ///
    /// A `BEGIN` run here is tracked like [`Connection::transaction`]: if the connection
    /// goes back to the pool with that transaction open, it is rolled back first.
    ///
    /// Inside a [`Transaction`], transaction control (`BEGIN`, `COMMIT`, `ROLLBACK`) is
    /// refused with [`Error::InvalidStatement`](crate::Error::InvalidStatement): it would
    /// end the transaction behind the `Transaction`'s back (MySQL even commits on `BEGIN`).
    fn execute_batch(&mut self, sql: &str) -> Result<()>;

    /// Inserts every row of `rows`, in order, and returns how many were inserted.
    ///
    /// Consecutive rows that set the same columns go into one multi-row
    /// `INSERT … VALUES (…), (…)`, split into several statements where one would bind more
    /// values than the database allows (SQLite 32766, PostgreSQL and MySQL 65535). A row
    /// that leaves every column to the database is an INSERT of its own; rows of one insert
    /// struct can set different columns when they leave different defaulted columns unset.
    ///
    /// It is all or nothing: several statements run in one transaction — a savepoint
    /// inside a [`Transaction`] — so a failing one (a unique violation in the last batch)
    /// leaves no row inserted. A value that does not fit its column's declared size is
    /// [`Error::Unsupported`](crate::Error::Unsupported) before anything is sent. No rows:
    /// no statement, `Ok(0)`. Like [`Connection::transaction`], it is refused while a
    /// transaction begun by hand (`BEGIN` in [`Connection::execute_batch`]) is open and
    /// more than one statement is needed.
    ///
    /// ```
    /// # use retort::__doc_tables::{self as blog, users};
    /// let engine = retort::Engine::connect("sqlite::memory:")?;
    /// blog::metadata().create_all(&engine)?;
    /// let mut conn = engine.connection()?;
    /// let inserted = conn.insert_many(["Ada", "Grace", "Edsger"].map(|name| users::NewUser {
    ///     name: name.into(),
    ///     email: None,
    /// }))?;
    /// assert_eq!(inserted, 3);
    /// # Ok::<(), retort::Error>(())
    /// ```
    fn insert_many<I: Insertable>(&mut self, rows: impl IntoIterator<Item = I>) -> Result<u64>;

    /// Inserts every row of `rows`, in order, and returns their primary keys in the same
    /// order (the generated one for an auto-assigned key), on every database.
    ///
    /// Each row is an INSERT of its own — with `RETURNING` on PostgreSQL and SQLite, read
    /// through the connection's last insert id on MySQL — because a multi-row INSERT
    /// reports its keys reliably on none of them: PostgreSQL and SQLite do not promise the
    /// order of RETURNING rows, and MySQL reports only the first id, the others being
    /// consecutive only under some `innodb_autoinc_lock_mode` settings. Use
    /// [`Connection::insert_many`] when the keys are not needed. It is all or nothing, in
    /// one transaction (a savepoint inside a [`Transaction`]).
    ///
    /// ```
    /// # use retort::__doc_tables::{self as blog, users};
    /// let engine = retort::Engine::connect("sqlite::memory:")?;
    /// blog::metadata().create_all(&engine)?;
    /// let mut conn = engine.connection()?;
    /// let keys = conn.insert_many_keys(["Ada", "Grace"].map(|name| users::NewUser {
    ///     name: name.into(),
    ///     email: None,
    /// }))?;
    /// assert_eq!(keys, [1, 2]);
    /// # Ok::<(), retort::Error>(())
    /// ```
    fn insert_many_keys<I: Insertable>(
        &mut self,
        rows: impl IntoIterator<Item = I>,
    ) -> Result<Vec<<I::Table as Table>::PrimaryKey>>;
}

/// Going back to the pool, the next user must find the session as a fresh connection has
/// it (see `ConnCore::release`).
impl Drop for Connection {
    fn drop(&mut self) {
        block_ready(self.core.release());
    }
}
