//! [`Engine`] (a database and how to reach it), [`Connection`] and [`Transaction`].

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::Instant;

use sea_query::Values;

use crate::dialect::Dialect;
use crate::driver::{Connector, DriverConnection};
use crate::error::{Error, Result};
use crate::query::{Insert, Query, Statement};
use crate::row::{FromRow, Row};
use crate::table::{Insertable, Table};
use crate::url::{self, Target};

/// A database: its dialect and how to open connections to it. Cheap to clone and share.
///
/// ```
/// let engine = retort::Engine::connect("sqlite::memory:")?;
/// assert_eq!(engine.dialect(), retort::Dialect::Sqlite);
/// let _connection = engine.connection()?;
/// # Ok::<(), retort::Error>(())
/// ```
#[derive(Clone)]
pub struct Engine {
    inner: Arc<EngineInner>,
}

struct EngineInner {
    dialect: Dialect,
    /// The URL without password.
    url: String,
    connector: Box<dyn Connector>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("dialect", &self.inner.dialect)
            .field("url", &self.inner.url)
            .finish()
    }
}

impl Engine {
    /// An engine for the database at `url`; connects once to check that it is reachable.
    ///
    /// URLs: `sqlite::memory:`, `sqlite://path/to/file.db`, `sqlite:///absolute/path.db`
    /// (`?mode=ro` for read-only).
    pub fn connect(url: &str) -> Result<Engine> {
        let (dialect, target) = url::parse(url)?;
        let connector = open_connector(target)?;
        Ok(Engine {
            inner: Arc::new(EngineInner {
                dialect,
                url: url::redact(url),
                connector,
            }),
        })
    }

    /// The engine's dialect.
    pub fn dialect(&self) -> Dialect {
        self.inner.dialect
    }

    /// The URL, with any password removed.
    pub fn url(&self) -> &str {
        &self.inner.url
    }

    /// A new connection. (Named `connection` because [`Engine::connect`] takes a URL.)
    pub fn connection(&self) -> Result<Connection> {
        Ok(Connection {
            driver: self.inner.connector.connect()?,
            dialect: self.inner.dialect,
        })
    }
}

fn open_connector(target: Target) -> Result<Box<dyn Connector>> {
    match target {
        #[cfg(feature = "sqlite")]
        Target::Sqlite {
            memory,
            path,
            read_only,
        } => {
            use crate::driver::sqlite::{Location, SqliteConnector};
            let location = if memory {
                Location::Memory
            } else {
                Location::File {
                    path: path.into(),
                    read_only,
                }
            };
            Ok(Box::new(SqliteConnector::new(location)?))
        }
        #[cfg(not(feature = "sqlite"))]
        Target::Sqlite { .. } => Err(Error::DriverNotEnabled {
            scheme: "sqlite".into(),
            feature: "sqlite",
        }),
    }
}

/// One connection to a database. Runs typed statements; see [`Transaction`] for grouping
/// them atomically.
pub struct Connection {
    driver: Box<dyn DriverConnection>,
    dialect: Dialect,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("dialect", &self.dialect)
            .finish_non_exhaustive()
    }
}

impl Connection {
    /// The connection's dialect.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Every row of `query`.
    pub fn all<Q: Query>(&mut self, query: Q) -> Result<Vec<Q::Row>> {
        let mut rows = Vec::new();
        self.for_each(query, |row| {
            rows.push(row);
            Ok(())
        })?;
        Ok(rows)
    }

    /// Calls `f` with each row of `query` as it is decoded, without collecting them.
    pub fn for_each<Q: Query>(
        &mut self,
        query: Q,
        mut f: impl FnMut(Q::Row) -> Result<()>,
    ) -> Result<()> {
        let (sql, values) = query.to_sql(self.dialect)?;
        self.query_raw(&sql, &values, &mut |row| f(Q::Row::from_row(row, 0)?))
    }

    /// The only row of `query`: [`Error::NotFound`] when there is none,
    /// [`Error::TooManyRows`] when there are more.
    pub fn one<Q: Query>(&mut self, query: Q) -> Result<Q::Row> {
        self.optional(query)?.ok_or(Error::NotFound)
    }

    /// The row of `query` if there is one; [`Error::TooManyRows`] when there are more.
    pub fn optional<Q: Query>(&mut self, query: Q) -> Result<Option<Q::Row>> {
        let mut found = None;
        let mut count = 0;
        self.for_each(query, |row| {
            count += 1;
            if count > 1 {
                return Err(Error::TooManyRows);
            }
            found = Some(row);
            Ok(())
        })?;
        Ok(found)
    }

    /// Runs an UPDATE, DELETE or other statement; returns the number of rows affected.
    pub fn execute<S: Statement>(&mut self, statement: S) -> Result<u64> {
        let (sql, values) = statement.to_sql(self.dialect)?;
        self.execute_raw(&sql, &values)
    }

    /// Inserts one row and returns its primary key (the generated one for an
    /// auto-assigned key).
    pub fn insert<I: Insertable>(&mut self, row: I) -> Result<<I::Table as Table>::PrimaryKey> {
        let insert = Insert::new(row).returning(<I::Table as Table>::PRIMARY_KEY);
        self.insert_returning_row(insert)
    }

    /// Inserts one row and returns it as stored, defaults and generated values included.
    pub fn insert_returning<I: Insertable>(&mut self, row: I) -> Result<<I::Table as Table>::Row> {
        let insert = Insert::new(row).returning(<I::Table as Table>::COLUMNS);
        self.insert_returning_row(insert)
    }

    fn insert_returning_row<T: Table, R: FromRow>(&mut self, insert: Insert<T>) -> Result<R> {
        let (sql, values) = insert.to_sql(self.dialect)?;
        let mut returned = None;
        self.query_raw(&sql, &values, &mut |row| {
            returned = Some(R::from_row(row, 0)?);
            Ok(())
        })?;
        returned.ok_or(Error::NotFound)
    }

    /// Starts a transaction. It commits only through [`Transaction::commit`]; dropped
    /// without, it rolls back.
    pub fn transaction(&mut self) -> Result<Transaction<'_>> {
        self.batch("BEGIN")?;
        Ok(Transaction {
            connection: self,
            finished: false,
        })
    }

    /// Runs `statements` (DDL, no parameters) in one transaction.
    pub(crate) fn run_in_transaction(&mut self, statements: &[String]) -> Result<()> {
        let mut transaction = self.transaction()?;
        for statement in statements {
            transaction.batch(statement)?;
        }
        transaction.commit()
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        let started = Instant::now();
        let result = self.driver.batch(sql);
        log_statement(sql, 0, started, &result);
        result
    }

    fn execute_raw(&mut self, sql: &str, values: &Values) -> Result<u64> {
        let started = Instant::now();
        let result = self.driver.execute(sql, &values.0);
        log_statement(sql, values.0.len(), started, &result);
        result
    }

    fn query_raw(
        &mut self,
        sql: &str,
        values: &Values,
        on_row: &mut dyn FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        let started = Instant::now();
        let result = self.driver.query(sql, &values.0, on_row);
        log_statement(sql, values.0.len(), started, &result);
        result
    }
}

/// Every statement is logged at DEBUG on target `retort::sql` (SQLAlchemy's `echo`).
fn log_statement<T>(sql: &str, parameters: usize, started: Instant, result: &Result<T>) {
    let elapsed = started.elapsed();
    match result {
        Ok(_) => tracing::debug!(target: "retort::sql", sql, parameters, ?elapsed, "statement"),
        Err(error) => {
            tracing::debug!(target: "retort::sql", sql, parameters, ?elapsed, %error, "statement failed")
        }
    }
}

/// A transaction on a [`Connection`]. Use it like the connection (it dereferences to it);
/// finish with [`commit`](Self::commit) or [`rollback`](Self::rollback). Dropping it
/// unfinished — an early `?` return, a panic — rolls back.
pub struct Transaction<'c> {
    connection: &'c mut Connection,
    finished: bool,
}

impl Transaction<'_> {
    /// Makes the transaction's changes permanent.
    pub fn commit(mut self) -> Result<()> {
        self.finished = true;
        self.connection.batch("COMMIT")
    }

    /// Discards the transaction's changes.
    pub fn rollback(mut self) -> Result<()> {
        self.finished = true;
        self.connection.batch("ROLLBACK")
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
        if !self.finished
            && let Err(error) = self.connection.batch("ROLLBACK")
        {
            tracing::warn!(target: "retort::sql", %error, "rollback of a dropped transaction failed");
        }
    }
}
