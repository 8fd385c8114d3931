//! [`Engine`] (a database and how to reach it), [`Connection`] and [`Transaction`].

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sea_query::{ExprTrait, Values};

use crate::dialect::Dialect;
use crate::driver::Connector;
use crate::error::{Error, Result};
use crate::pool::{self, Pool, PoolSettings};
use crate::query::{Insert, Query, Select, Statement};
use crate::row::{FromRow, Row, ValuesRow};
use crate::table::{Insertable, Table};
use crate::url::{self, Target};

/// A database: its dialect and a pool of connections to it. Cheap to clone and share
/// between threads; clones share the pool.
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
    pool: Pool,
    settings: PoolSettings,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("dialect", &self.inner.dialect)
            .field("url", &self.inner.url)
            .field("pool", &self.inner.settings)
            .finish()
    }
}

impl Engine {
    /// An engine for the database at `url` with default pool settings; connects once to
    /// check that the database is reachable.
    ///
    /// URLs:
    /// - SQLite: `sqlite::memory:`, `sqlite://path/to/file.db`, `sqlite:///absolute/path.db`
    ///   (`?mode=ro` for read-only);
    /// - PostgreSQL: `postgres://user:password@host:5432/database` (or `postgresql://`),
    ///   with the driver's parameters such as `sslmode` or `application_name`;
    /// - MySQL and MariaDB: `mysql://user:password@host:3306/database` (or `mariadb://`).
    ///
    /// Every URL also takes the pool settings `pool_size`, `connect_timeout` and
    /// `idle_timeout` (seconds, `0` for never) in its query, e.g.
    /// `postgres://app@db/app?pool_size=20&connect_timeout=5`; see [`EngineBuilder`].
    pub fn connect(url: &str) -> Result<Engine> {
        Engine::builder(url).build()
    }

    /// An [`EngineBuilder`] for `url`, to set pool sizes and timeouts in code.
    pub fn builder(url: &str) -> EngineBuilder {
        EngineBuilder {
            url: url.to_owned(),
            settings: PoolSettings::default(),
        }
    }

    /// The engine's dialect.
    pub fn dialect(&self) -> Dialect {
        self.inner.dialect
    }

    /// The URL, with any password removed.
    pub fn url(&self) -> &str {
        &self.inner.url
    }

    /// A connection from the pool, returned to it when dropped. Waits up to the connect
    /// timeout when all connections are in use. (Named `connection` because
    /// [`Engine::connect`] takes a URL.)
    pub fn connection(&self) -> Result<Connection> {
        let pooled = self.inner.pool.get().map_err(|e| Error::PoolTimeout {
            target: self.inner.url.clone(),
            timeout: self.inner.settings.connect_timeout,
            message: e.to_string(),
        })?;
        Ok(Connection {
            driver: pooled,
            dialect: self.inner.dialect,
        })
    }

    /// The pool's state: connections open and idle.
    pub fn pool_status(&self) -> PoolStatus {
        let state = self.inner.pool.state();
        PoolStatus {
            connections: state.connections,
            idle: state.idle_connections,
            max_size: self.inner.settings.max_size,
        }
    }
}

/// How many connections an engine's pool holds; see [`Engine::pool_status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStatus {
    /// Connections open, in use or idle.
    pub connections: u32,
    /// Connections open and idle.
    pub idle: u32,
    /// The most connections the pool opens.
    pub max_size: u32,
}

/// Builds an [`Engine`] with pool settings chosen in code.
///
/// Settings in the URL's query (`pool_size`, `connect_timeout`, `idle_timeout`) take
/// precedence over the builder's, so that a deployed program can be tuned from its
/// configuration.
///
/// ```
/// use std::time::Duration;
///
/// let engine = retort::Engine::builder("sqlite::memory:")
///     .pool_size(4)
///     .connect_timeout(Duration::from_secs(5))
///     .idle_timeout(Some(Duration::from_secs(60)))
///     .build()?;
/// assert_eq!(engine.pool_status().max_size, 4);
/// # Ok::<(), retort::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct EngineBuilder {
    url: String,
    settings: PoolSettings,
}

impl EngineBuilder {
    /// The most connections open at once (default 10). [`Engine::connection`] waits when
    /// all are in use.
    pub fn pool_size(mut self, size: u32) -> Self {
        self.settings.max_size = Ord::max(size, 1);
        self
    }

    /// How long connecting, and waiting for a free pooled connection, may take before
    /// failing (default 30 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = timeout;
        self
    }

    /// Closes connections idle for this long (default 10 minutes; `None`: never).
    pub fn idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.settings.idle_timeout = timeout;
        self
    }

    /// Checks each connection with a round trip before handing it out (default off), so
    /// that connections broken while idle — a server restart — are replaced without a
    /// failed statement, at the cost of one round trip per checkout.
    pub fn pre_ping(mut self, enabled: bool) -> Self {
        self.settings.pre_ping = enabled;
        self
    }

    /// Parses the URL, connects once to check that the database is reachable, and
    /// returns the engine.
    pub fn build(self) -> Result<Engine> {
        let parsed = url::parse(&self.url)?;
        let mut settings = self.settings;
        if let Some(size) = parsed.pool.max_size {
            settings.max_size = size;
        }
        if let Some(timeout) = parsed.pool.connect_timeout {
            settings.connect_timeout = timeout;
        }
        if let Some(timeout) = parsed.pool.idle_timeout {
            settings.idle_timeout = timeout;
        }
        let connector = open_connector(parsed.target, &self.url)?;
        // Fail now, with the driver's own message, when the database is unreachable.
        drop(connector.connect(settings.connect_timeout)?);
        Ok(Engine {
            inner: Arc::new(EngineInner {
                dialect: parsed.dialect,
                url: url::redact(&self.url),
                pool: pool::build(connector, settings),
                settings,
            }),
        })
    }
}

fn open_connector(target: Target, url: &str) -> Result<Box<dyn Connector>> {
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
        #[cfg(feature = "postgres")]
        Target::Postgres { url } => Ok(Box::new(crate::driver::postgres::PostgresConnector::new(
            &url,
        )?)),
        #[cfg(feature = "mysql")]
        Target::Mysql { url } => Ok(Box::new(crate::driver::mysql::MysqlConnector::new(&url)?)),
        #[allow(unreachable_patterns)]
        target => Err(Error::DriverNotEnabled {
            scheme: url.split(':').next().unwrap_or_default().to_owned(),
            feature: match target {
                Target::Sqlite { .. } => "sqlite",
                Target::Postgres { .. } => "postgres",
                Target::Mysql { .. } => "mysql",
            },
        }),
    }
}

/// One connection to a database. Runs typed statements; see [`Transaction`] for grouping
/// them atomically.
pub struct Connection {
    driver: r2d2::PooledConnection<pool::Manager>,
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
        if self.dialect == Dialect::Mysql {
            let key = self.insert_without_returning::<I::Table>(row.into_values())?;
            return FromRow::from_row(&Row::new(&ValuesRow(&key)), 0);
        }
        let insert = Insert::new(row).returning(<I::Table as Table>::PRIMARY_KEY);
        self.insert_returning_row(insert)
    }

    /// Inserts one row and returns it as stored, defaults and generated values included.
    ///
    /// On MySQL, which has no `INSERT … RETURNING`, the row is read back by its primary key
    /// in a second statement; a table without a primary key is refused there.
    pub fn insert_returning<I: Insertable>(&mut self, row: I) -> Result<<I::Table as Table>::Row> {
        if self.dialect == Dialect::Mysql {
            let key = self.insert_without_returning::<I::Table>(row.into_values())?;
            return self.row_by_key::<I::Table>(key);
        }
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

    /// Runs the INSERT and works out the new row's key, in key-column order: the values
    /// given for key columns, and the connection's last insert id for the one auto-assigned
    /// key column left out.
    fn insert_without_returning<T: Table>(
        &mut self,
        values: Vec<(&'static str, sea_query::Value)>,
    ) -> Result<Vec<sea_query::Value>> {
        let given: Vec<Option<sea_query::Value>> = T::PRIMARY_KEY
            .iter()
            .map(|key| {
                values
                    .iter()
                    .find(|(column, _)| column == key)
                    .map(|(_, v)| v.clone())
            })
            .collect();
        let (sql, bound) = Insert::<T>::from_values(values).to_sql(self.dialect)?;
        self.execute_raw(&sql, &bound)?;
        let missing = given.iter().filter(|v| v.is_none()).count();
        let generated = match missing {
            0 => None,
            1 => match self.driver.driver.last_insert_id() {
                Some(id) => Some(sea_query::Value::BigUnsigned(Some(id))),
                None => {
                    return Err(Error::Unsupported(format!(
                        "the key of the row inserted into `{}` was assigned by a default the \
                         database does not report; give the key a value",
                        T::NAME
                    )));
                }
            },
            _ => {
                return Err(Error::Unsupported(format!(
                    "{missing} key columns of `{}` were left to the database; only one \
                     auto-increment key column can be reported back",
                    T::NAME
                )));
            }
        };
        Ok(given
            .into_iter()
            .map(|v| {
                v.or_else(|| generated.clone())
                    .unwrap_or(sea_query::Value::BigInt(None))
            })
            .collect())
    }

    /// Reads back the row of `T` with primary key `key`.
    fn row_by_key<T: Table>(&mut self, key: Vec<sea_query::Value>) -> Result<T::Row> {
        if T::PRIMARY_KEY.is_empty() {
            return Err(Error::Unsupported(format!(
                "`{}` has no primary key, so the row just inserted cannot be read back on MySQL \
                 (no INSERT … RETURNING); use `insert` instead",
                T::NAME
            )));
        }
        let mut select = Select::<T::Row>::table_rows::<T>();
        for (column, value) in T::PRIMARY_KEY.iter().zip(key) {
            select = select.filter_sea(
                sea_query::Expr::col((
                    sea_query::Alias::new(T::NAME),
                    sea_query::Alias::new(*column),
                ))
                .eq(value),
            );
        }
        self.one(select)
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

    /// Runs SQL text without parameters: DDL, `SET`, several statements separated by `;`.
    /// Values never go into SQL text; use typed statements to pass them as parameters.
    ///
    /// ```
    /// let engine = retort::Engine::connect("sqlite::memory:")?;
    /// engine.connection()?.execute_batch("CREATE TABLE notes (body TEXT); DROP TABLE notes")?;
    /// # Ok::<(), retort::Error>(())
    /// ```
    pub fn execute_batch(&mut self, sql: &str) -> Result<()> {
        self.batch(sql)
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
        let result = self.driver.driver.batch(sql);
        log_statement(sql, 0, started, &result);
        result
    }

    fn execute_raw(&mut self, sql: &str, values: &Values) -> Result<u64> {
        let started = Instant::now();
        let result = self.driver.driver.execute(sql, &values.0);
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
        let result = self.driver.driver.query(sql, &values.0, on_row);
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
            // The transaction may still be open: never hand this connection out again.
            self.connection.driver.discard = true;
            tracing::warn!(target: "retort::sql", %error, "rollback of a dropped transaction failed");
        }
    }
}
