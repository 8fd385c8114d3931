//! [`Connection`]: one pooled connection, running typed statements.

use std::sync::Arc;
use std::time::Instant;

use sea_query::{ExprTrait, Values};

use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::events::{Listeners, StatementEvent};
use crate::limits;
use crate::pool;
use crate::query::{Insert, Query, Statement};
use crate::row::{FromRow, Row, ValuesRow};
use crate::table::{Insertable, Table};
use crate::transaction::{self, Transaction, TransactionOptions};

/// One connection to a database. Runs typed statements; see [`Transaction`] for grouping
/// them atomically.
pub struct Connection {
    pub(crate) driver: r2d2::PooledConnection<pool::Manager>,
    dialect: Dialect,
    /// A transaction is open: started by [`Connection::transaction`] or by `BEGIN` in
    /// [`Connection::execute_batch`], and not yet committed or rolled back.
    pub(crate) in_transaction: bool,
    /// How many [`Transaction`]s are open: the outermost and its savepoints. While any is,
    /// only they may end the transaction.
    pub(crate) transaction_depth: u32,
    /// Raw SQL ran since checkout, which may have changed the session (`SET`, `PRAGMA`,
    /// transaction control): the session is reset before going back to the pool.
    ran_raw_sql: bool,
    /// The engine's statement listeners.
    listeners: Arc<Listeners>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("dialect", &self.dialect)
            .finish_non_exhaustive()
    }
}

impl Connection {
    pub(crate) fn new(
        driver: r2d2::PooledConnection<pool::Manager>,
        dialect: Dialect,
        listeners: Arc<Listeners>,
    ) -> Self {
        Connection {
            driver,
            dialect,
            listeners,
            in_transaction: false,
            transaction_depth: 0,
            ran_raw_sql: false,
        }
    }

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
        query.with_sql(self.dialect, |sql, values| {
            self.query_raw(sql, values, &mut |row| f(Q::Decoder::from_row(row, 0)?))
        })
    }

    /// Calls `on_row` with each undecoded row of `query`: for callers that decode rows
    /// of several shapes at once (the ORM's joined loading).
    pub(crate) fn each_row<Q: Query>(
        &mut self,
        query: &Q,
        on_row: &mut dyn FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        query.with_sql(self.dialect, |sql, values| {
            self.query_raw(sql, values, on_row)
        })
    }

    /// Runs a sea-query statement with no typed form (the ORM's association rows).
    pub(crate) fn execute_sea<S: sea_query::QueryStatementWriter>(
        &mut self,
        statement: &S,
    ) -> Result<u64> {
        let (sql, values) = self.dialect.build_query(statement)?;
        self.execute_raw(&sql, &values)
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

    /// Runs an INSERT, UPDATE, DELETE or other statement; returns the number of rows
    /// affected. For an upsert ([`Insert::on_conflict`]) the count differs between
    /// databases: see [`OnConflict`](crate::OnConflict).
    pub fn execute<S: Statement>(&mut self, statement: S) -> Result<u64> {
        statement.with_sql(self.dialect, |sql, values| self.execute_raw(sql, values))
    }

    /// Inserts one row and returns its primary key (the generated one for an
    /// auto-assigned key).
    pub fn insert<I: Insertable>(&mut self, row: I) -> Result<<I::Table as Table>::PrimaryKey> {
        if <I::Table as Table>::PRIMARY_KEY.is_empty() {
            // No key to return (the key type is `()`): nothing to ask RETURNING for.
            self.execute(Insert::new(row))?;
            return <<I::Table as Table>::PrimaryKey as FromRow>::from_row(
                &Row::new(&ValuesRow(&[])),
                0,
            );
        }
        if self.dialect == Dialect::Mysql {
            let key = self.insert_without_returning::<I::Table>(row.into_values())?;
            return <<I::Table as Table>::PrimaryKey as FromRow>::from_row(
                &Row::new(&ValuesRow(&key)),
                0,
            );
        }
        let insert = Insert::new(row).returning_columns(<I::Table as Table>::PRIMARY_KEY);
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
        let insert = Insert::new(row).returning_columns(<I::Table as Table>::COLUMNS);
        self.insert_returning_row(insert)
    }

    fn insert_returning_row<T: Table, R: FromRow<Output = R>>(
        &mut self,
        insert: Insert<T>,
    ) -> Result<R> {
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
        // Refuse before writing anything when the key could not be reported back.
        let missing: Vec<&str> = T::PRIMARY_KEY
            .iter()
            .zip(&given)
            .filter(|(_, value)| value.is_none())
            .map(|(column, _)| *column)
            .collect();
        match missing.as_slice() {
            [] => {}
            [column] => {
                if !limits::is_auto_increment::<T>(column) {
                    return Err(Error::Unsupported(format!(
                        "the key column `{column}` of `{}` is left to a default MySQL does not \
                         report back (only AUTO_INCREMENT is); give it a value",
                        T::NAME
                    )));
                }
            }
            columns => {
                return Err(Error::Unsupported(format!(
                    "the key columns {} of `{}` are left to the database; MySQL reports back \
                     only one AUTO_INCREMENT column, so give them values",
                    columns.join(", "),
                    T::NAME
                )));
            }
        }
        let (sql, bound) = Insert::<T>::from_values(values).to_sql(self.dialect)?;
        self.execute_raw(&sql, &bound)?;
        let generated = match missing.len() {
            0 => None,
            _ => match self.driver.driver.last_insert_id() {
                Some(id) => Some(sea_query::Value::BigUnsigned(Some(id))),
                None => {
                    return Err(Error::Database {
                        message: "the server did not report the AUTO_INCREMENT key of the \
                                  row just inserted"
                            .into(),
                        sql,
                        code: None,
                    });
                }
            },
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
        let mut select = crate::query::table_rows::<T>();
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
    /// without, it rolls back. Called on an open [`Transaction`] (which dereferences to its
    /// connection), it starts a nested transaction: a savepoint.
    pub fn transaction(&mut self) -> Result<Transaction<'_>> {
        Transaction::begin(self, TransactionOptions::default())
    }

    /// Starts a transaction with an isolation level or in read-only mode. Options belong
    /// to the outermost transaction: inside one, this is [`Error::InvalidStatement`].
    pub fn transaction_with(&mut self, options: TransactionOptions) -> Result<Transaction<'_>> {
        Transaction::begin(self, options)
    }

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
    /// refused with [`Error::InvalidStatement`]: it would end the transaction behind the
    /// `Transaction`'s back (MySQL even commits on `BEGIN`).
    pub fn execute_batch(&mut self, sql: &str) -> Result<()> {
        let control = transaction::control(sql);
        if self.transaction_depth > 0 && control.is_some() {
            return Err(Error::InvalidStatement(
                "transaction control inside a Transaction: end it with commit() or rollback()"
                    .into(),
            ));
        }
        self.ran_raw_sql = true;
        let result = self.batch(sql);
        match (control, &result) {
            (Some(open), Ok(())) => self.in_transaction = open,
            // Which statements ran is unknown: the reset on return will end any
            // transaction.
            (Some(_), Err(_)) => self.in_transaction = true,
            (None, _) => {}
        }
        result
    }

    /// Runs `statements` (DDL, no parameters) in one transaction.
    pub(crate) fn run_in_transaction(&mut self, statements: &[String]) -> Result<()> {
        let mut transaction = self.transaction()?;
        for statement in statements {
            transaction.batch(statement)?;
        }
        transaction.commit()
    }

    pub(crate) fn batch(&mut self, sql: &str) -> Result<()> {
        let started = self.clock();
        let result = self.driver.driver.batch(sql);
        self.after(sql, 0, started, result)
    }

    fn execute_raw(&mut self, sql: &str, values: &Values) -> Result<u64> {
        let started = self.clock();
        let result = self.driver.driver.execute(sql, &values.0);
        self.after(sql, values.0.len(), started, result)
    }

    fn query_raw(
        &mut self,
        sql: &str,
        values: &Values,
        on_row: &mut dyn FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        let started = self.clock();
        let result = self.driver.driver.query(sql, &values.0, on_row);
        self.after(sql, values.0.len(), started, result)
    }

    /// Logs a statement; a lost connection retires it and its older siblings.
    fn after<T>(
        &mut self,
        sql: &str,
        parameters: usize,
        started: Option<Instant>,
        result: Result<T>,
    ) -> Result<T> {
        self.report(sql, parameters, started, &result);
        if let Err(Error::ConnectionLost { .. }) = &result {
            self.driver.retire_older();
        }
        result
    }
}

/// Going back to the pool, the next user must find the session as a fresh connection has
/// it: after raw SQL (which may have run `SET`, `PRAGMA` or `BEGIN`) the session is reset;
/// otherwise a transaction left open (a COMMIT that failed) is rolled back. If that fails,
/// the connection is discarded.
impl Drop for Connection {
    fn drop(&mut self) {
        if self.driver.discard || self.driver.driver.is_broken() {
            return;
        }
        let result = if self.ran_raw_sql {
            let started = self.clock();
            let result = self.driver.driver.reset();
            self.report("-- reset the session", 0, started, &result);
            result
        } else if self.in_transaction || self.driver.driver.in_transaction() {
            self.batch("ROLLBACK")
        } else {
            return;
        };
        if let Err(error) = result {
            tracing::warn!(target: "retort::sql", %error, "resetting a connection before returning it to the pool failed; it is discarded");
            self.driver.discard = true;
        }
    }
}

impl Connection {
    /// The start of a statement, when someone will see how long it took: reading the clock
    /// and building the report cost about 150 instructions of a small cached SQLite query's
    /// 6,000 (bench/changes.md).
    fn clock(&self) -> Option<Instant> {
        let watched = !self.listeners.is_empty()
            || tracing::enabled!(target: "retort::sql", tracing::Level::DEBUG);
        watched.then(Instant::now)
    }

    /// Logs a statement at DEBUG on target `retort::sql` (SQLAlchemy's `echo`) and hands it
    /// to the engine's listeners.
    fn report<T>(
        &self,
        sql: &str,
        parameters: usize,
        started: Option<Instant>,
        result: &Result<T>,
    ) {
        // Nobody was listening when it started (see `clock`): nobody to tell.
        let Some(started) = started else {
            return;
        };
        let elapsed = started.elapsed();
        let error = result.as_ref().err();
        match error {
            None => tracing::debug!(target: "retort::sql", sql, parameters, ?elapsed, "statement"),
            Some(error) => {
                tracing::debug!(target: "retort::sql", sql, parameters, ?elapsed, %error, "statement failed")
            }
        }
        self.listeners.notify(&StatementEvent {
            sql,
            parameters,
            elapsed,
            error,
        });
    }
}

impl Connection {
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
    /// [`Error::Unsupported`] before anything is sent. No rows: no statement, `Ok(0)`.
    /// Like [`Connection::transaction`], it is refused while a transaction begun by hand
    /// (`BEGIN` in [`Connection::execute_batch`]) is open and more than one statement is
    /// needed.
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
    pub fn insert_many<I: Insertable>(&mut self, rows: impl IntoIterator<Item = I>) -> Result<u64> {
        let rows = rows.into_iter().map(Insertable::into_values).collect();
        let mut statements = Insert::<I::Table>::many(rows, self.dialect)?;
        if statements.len() <= 1 {
            // One statement is atomic by itself.
            return statements
                .pop()
                .map_or(Ok(0), |insert| self.execute(insert));
        }
        let mut transaction = self.transaction()?;
        let mut inserted = 0;
        for insert in statements {
            inserted += transaction.execute(insert)?;
        }
        transaction.commit()?;
        Ok(inserted)
    }

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
    pub fn insert_many_keys<I: Insertable>(
        &mut self,
        rows: impl IntoIterator<Item = I>,
    ) -> Result<Vec<<I::Table as Table>::PrimaryKey>> {
        let mut rows: Vec<I> = rows.into_iter().collect();
        if rows.len() <= 1 {
            // One statement is atomic by itself.
            return rows
                .pop()
                .map_or(Ok(Vec::new()), |row| Ok(vec![self.insert(row)?]));
        }
        let mut transaction = self.transaction()?;
        let mut keys = Vec::with_capacity(rows.len());
        for row in rows {
            keys.push(transaction.insert(row)?);
        }
        transaction.commit()?;
        Ok(keys)
    }
}
