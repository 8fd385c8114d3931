//! [`ConnCore`]: the one implementation of every connection operation, written as `async`
//! code over [`DriverConnection`]. [`Connection`](crate::Connection) runs it with
//! [`block_ready`](crate::driver::block_ready) (its drivers answer at once); the async
//! connection awaits it.

use std::sync::Arc;
use std::time::Instant;

use sea_query::{ExprTrait, Values};

use crate::dialect::Dialect;
use crate::driver::{DriverConnection, OnRow};
use crate::error::{Error, Result};
use crate::events::{Listeners, StatementEvent};
use crate::limits;
use crate::pool::{self, PooledDriver};
use crate::query::{Insert, Query, Statement};
use crate::row::{FromRow, Row, ValuesRow};
use crate::table::{Insertable, Table};
use crate::transaction::{self, Level, TransactionOptions};

/// Where a connection's driver lives: checked out of the blocking pool or the async one.
pub(crate) enum Slot {
    /// From an [`Engine`](crate::Engine)'s r2d2 pool.
    Blocking(r2d2::PooledConnection<pool::Manager>),
    /// From an [`AsyncEngine`](crate::AsyncEngine)'s bb8 pool.
    #[cfg(feature = "async")]
    Async(bb8::PooledConnection<'static, crate::asynch::pool::AsyncManager>),
}

/// A pooled connection and what is known about its session.
pub(crate) struct ConnCore {
    slot: Slot,
    pub(crate) dialect: Dialect,
    /// A transaction is open: started by a transaction guard or by `BEGIN` in
    /// `execute_batch`, and not yet committed or rolled back.
    pub(crate) in_transaction: bool,
    /// How many transaction guards are open: the outermost and its savepoints. While any
    /// is, only they may end the transaction.
    pub(crate) transaction_depth: u32,
    /// Raw SQL ran since checkout, which may have changed the session (`SET`, `PRAGMA`,
    /// transaction control): the session is reset before going back to the pool.
    ran_raw_sql: bool,
    /// The engine's statement listeners.
    listeners: Arc<Listeners>,
    /// Transactions whose async guard was dropped unfinished, in the order they were: a
    /// drop cannot await, so they are rolled back before the connection's next statement
    /// (or on its way back to the pool).
    pub(crate) abandoned: Vec<Level>,
    /// A statement was sent and its future not yet finished; still set when the next
    /// operation starts, that future was dropped (a cancelled request) and what the
    /// statement did is unknown.
    in_flight: bool,
}

impl ConnCore {
    pub(crate) fn new(slot: Slot, dialect: Dialect, listeners: Arc<Listeners>) -> Self {
        ConnCore {
            slot,
            dialect,
            listeners,
            in_transaction: false,
            transaction_depth: 0,
            ran_raw_sql: false,
            abandoned: Vec::new(),
            in_flight: false,
        }
    }

    /// The pooled driver and the pool's bookkeeping for it.
    pub(crate) fn pooled(&mut self) -> &mut PooledDriver {
        match &mut self.slot {
            Slot::Blocking(pooled) => pooled,
            #[cfg(feature = "async")]
            Slot::Async(pooled) => pooled,
        }
    }

    fn driver(&mut self) -> &mut dyn DriverConnection {
        &mut *self.pooled().driver
    }

    /// Never hand this connection out again: its session's state is unknown.
    pub(crate) fn discard(&mut self) {
        self.pooled().discard = true;
    }

    /// Given up on, or lost: nothing more to do on its session.
    pub(crate) fn is_discarded(&mut self) -> bool {
        let pooled = self.pooled();
        pooled.discard || pooled.driver.is_broken()
    }

    pub(crate) async fn all<Q: Query>(&mut self, query: Q) -> Result<Vec<Q::Row>>
    where
        Q::Row: Send,
    {
        let mut rows = Vec::new();
        self.for_each(query, |row| {
            rows.push(row);
            Ok(())
        })
        .await?;
        Ok(rows)
    }

    pub(crate) async fn for_each<Q: Query>(
        &mut self,
        query: Q,
        mut f: impl FnMut(Q::Row) -> Result<()> + Send,
    ) -> Result<()> {
        let rendered = query.rendered(self.dialect)?;
        let (sql, values) = &*rendered;
        self.query_raw(sql, values, &mut |row| f(Q::Decoder::from_row(row, 0)?))
            .await
    }

    /// Calls `on_row` with each undecoded row of `query`: for callers that decode rows
    /// of several shapes at once (the ORM's joined loading).
    pub(crate) async fn each_row<Q: Query>(
        &mut self,
        query: &Q,
        on_row: &mut OnRow<'_>,
    ) -> Result<()> {
        let rendered = query.rendered(self.dialect)?;
        let (sql, values) = &*rendered;
        self.query_raw(sql, values, on_row).await
    }

    /// Runs a sea-query statement with no typed form (the ORM's association rows).
    pub(crate) async fn execute_sea<S: sea_query::QueryStatementWriter>(
        &mut self,
        statement: &S,
    ) -> Result<u64> {
        let (sql, values) = self.dialect.build_query(statement)?;
        self.execute_raw(&sql, &values).await
    }

    pub(crate) async fn one<Q: Query>(&mut self, query: Q) -> Result<Q::Row>
    where
        Q::Row: Send,
    {
        self.optional(query).await?.ok_or(Error::NotFound)
    }

    pub(crate) async fn optional<Q: Query>(&mut self, query: Q) -> Result<Option<Q::Row>>
    where
        Q::Row: Send,
    {
        let mut found = None;
        let mut count = 0;
        self.for_each(query, |row| {
            count += 1;
            if count > 1 {
                return Err(Error::TooManyRows);
            }
            found = Some(row);
            Ok(())
        })
        .await?;
        Ok(found)
    }

    pub(crate) async fn execute<S: Statement>(&mut self, statement: S) -> Result<u64> {
        let rendered = statement.rendered(self.dialect)?;
        let (sql, values) = &*rendered;
        self.execute_raw(sql, values).await
    }

    pub(crate) async fn insert<I: Insertable>(
        &mut self,
        row: I,
    ) -> Result<<I::Table as Table>::PrimaryKey> {
        if <I::Table as Table>::PRIMARY_KEY.is_empty() {
            // No key to return (the key type is `()`): nothing to ask RETURNING for.
            self.execute(Insert::new(row)).await?;
            return <<I::Table as Table>::PrimaryKey as FromRow>::from_row(
                &Row::new(&ValuesRow(&[])),
                0,
            );
        }
        if self.dialect == Dialect::Mysql {
            let key = self
                .insert_without_returning::<I::Table>(row.into_values())
                .await?;
            return <<I::Table as Table>::PrimaryKey as FromRow>::from_row(
                &Row::new(&ValuesRow(&key)),
                0,
            );
        }
        let insert = Insert::new(row).returning_columns(<I::Table as Table>::PRIMARY_KEY);
        self.insert_returning_row::<_, <I::Table as Table>::PrimaryKey>(insert)
            .await
    }

    pub(crate) async fn insert_returning<I: Insertable>(
        &mut self,
        row: I,
    ) -> Result<<I::Table as Table>::Row> {
        if self.dialect == Dialect::Mysql {
            let key = self
                .insert_without_returning::<I::Table>(row.into_values())
                .await?;
            return self.row_by_key::<I::Table>(key).await;
        }
        let insert = Insert::new(row).returning_columns(<I::Table as Table>::COLUMNS);
        self.insert_returning_row::<_, <I::Table as Table>::Row>(insert)
            .await
    }

    async fn insert_returning_row<T: Table, R: FromRow<Output = R> + Send>(
        &mut self,
        insert: Insert<T>,
    ) -> Result<R> {
        let (sql, values) = insert.to_sql(self.dialect)?;
        let mut returned = None;
        self.query_raw(&sql, &values, &mut |row| {
            returned = Some(R::from_row(row, 0)?);
            Ok(())
        })
        .await?;
        returned.ok_or(Error::NotFound)
    }

    /// Runs the INSERT and works out the new row's key, in key-column order: the values
    /// given for key columns, and the connection's last insert id for the one auto-assigned
    /// key column left out.
    async fn insert_without_returning<T: Table>(
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
        self.execute_raw(&sql, &bound).await?;
        let generated = match missing.len() {
            0 => None,
            _ => match self.driver().last_insert_id() {
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
    async fn row_by_key<T: Table>(&mut self, key: Vec<sea_query::Value>) -> Result<T::Row> {
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
        self.one(select).await
    }

    pub(crate) async fn execute_batch(&mut self, sql: &str) -> Result<()> {
        let control = transaction::control(sql);
        if self.transaction_depth > 0 && control.is_some() {
            return Err(Error::InvalidStatement(
                "transaction control inside a Transaction: end it with commit() or rollback()"
                    .into(),
            ));
        }
        self.settle().await?;
        self.ran_raw_sql = true;
        let result = self.raw_batch(sql).await;
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
    pub(crate) async fn run_in_transaction(&mut self, statements: &[String]) -> Result<()> {
        let level = self.begin(TransactionOptions::default()).await?;
        let mut outcome = Ok(());
        for statement in statements {
            outcome = self.batch(statement).await;
            if outcome.is_err() {
                break;
            }
        }
        self.finish(level, outcome).await
    }

    pub(crate) async fn insert_many<I: Insertable>(
        &mut self,
        rows: impl IntoIterator<Item = I>,
    ) -> Result<u64> {
        let rows = rows.into_iter().map(Insertable::into_values).collect();
        let mut statements = Insert::<I::Table>::many(rows, self.dialect)?;
        if statements.len() <= 1 {
            // One statement is atomic by itself.
            return match statements.pop() {
                Some(insert) => self.execute(insert).await,
                None => Ok(0),
            };
        }
        let level = self.begin(TransactionOptions::default()).await?;
        let mut outcome = Ok(0);
        for insert in statements {
            match self.execute(insert).await {
                Ok(inserted) => outcome = outcome.map(|sum| sum + inserted),
                Err(error) => {
                    outcome = Err(error);
                    break;
                }
            }
        }
        self.finish(level, outcome).await
    }

    pub(crate) async fn insert_many_keys<I: Insertable>(
        &mut self,
        rows: impl IntoIterator<Item = I>,
    ) -> Result<Vec<<I::Table as Table>::PrimaryKey>> {
        let mut rows: Vec<I> = rows.into_iter().collect();
        if rows.len() <= 1 {
            // One statement is atomic by itself.
            return match rows.pop() {
                Some(row) => Ok(vec![self.insert(row).await?]),
                None => Ok(Vec::new()),
            };
        }
        let level = self.begin(TransactionOptions::default()).await?;
        let mut keys = Vec::with_capacity(rows.len());
        let mut outcome = Ok(());
        for row in rows {
            match self.insert(row).await {
                Ok(key) => keys.push(key),
                Err(error) => {
                    outcome = Err(error);
                    break;
                }
            }
        }
        self.finish(level, outcome.map(|()| keys)).await
    }

    /// Runs SQL without parameters and without `execute_batch`'s bookkeeping (Retort's
    /// own DDL and transaction control).
    pub(crate) async fn batch(&mut self, sql: &str) -> Result<()> {
        self.settle().await?;
        self.raw_batch(sql).await
    }

    /// [`Self::batch`] without settling first: for the transaction code, which settling
    /// itself runs.
    pub(crate) async fn raw_batch(&mut self, sql: &str) -> Result<()> {
        let started = self.clock();
        self.in_flight = true;
        let result = self.driver().batch(sql).await;
        self.in_flight = false;
        self.after(sql, 0, started, result)
    }

    async fn execute_raw(&mut self, sql: &str, values: &Values) -> Result<u64> {
        self.settle().await?;
        let started = self.clock();
        self.in_flight = true;
        let result = self.driver().execute(sql, &values.0).await;
        self.in_flight = false;
        self.after(sql, values.0.len(), started, result)
    }

    async fn query_raw(
        &mut self,
        sql: &str,
        values: &Values,
        on_row: &mut OnRow<'_>,
    ) -> Result<()> {
        self.settle().await?;
        let started = self.clock();
        self.in_flight = true;
        let result = self.driver().query(sql, &values.0, on_row).await;
        self.in_flight = false;
        self.after(sql, values.0.len(), started, result)
    }

    /// Before a statement: refuses to go on after a cancelled one, and rolls back the
    /// transactions whose guards were dropped unfinished.
    pub(crate) async fn settle(&mut self) -> Result<()> {
        if self.in_flight {
            return Err(Error::InvalidStatement(
                "an earlier statement on this connection was cancelled before it finished, so \
                 what it did is unknown; drop the connection (it is reset, or discarded, on \
                 its way back to the pool)"
                    .into(),
            ));
        }
        if !self.abandoned.is_empty() {
            for level in std::mem::take(&mut self.abandoned) {
                self.abandon(&level).await;
            }
        }
        Ok(())
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
            self.pooled().retire_older();
        }
        result
    }

    /// Whether the session must be cleaned before the connection goes back to the pool.
    pub(crate) fn needs_release(&mut self) -> bool {
        !self.is_discarded()
            && (self.ran_raw_sql
                || self.in_flight
                || self.in_transaction
                || !self.abandoned.is_empty()
                || self.driver().in_transaction())
    }

    /// Readies the connection to go back to the pool: the next user must find the session
    /// as a fresh connection has it. After raw SQL (which may have run `SET`, `PRAGMA` or
    /// `BEGIN`) or a cancelled statement the session is reset; otherwise a transaction left
    /// open (a COMMIT that failed, a guard dropped) is rolled back. If that fails, the
    /// connection is discarded.
    pub(crate) async fn release(&mut self) {
        if !self.needs_release() {
            return;
        }
        if self.in_flight
            && let Err(error) = self.driver().cancel().await
        {
            tracing::debug!(target: "retort::sql", %error, "cancelling a statement whose future was dropped failed");
        }
        if self.is_discarded() {
            // Cancelling gave the connection up (MySQL): it is closed, not cleaned.
            return;
        }
        let result = if self.ran_raw_sql || self.in_flight {
            let started = self.clock();
            let result = self.driver().reset().await;
            self.report("-- reset the session", 0, started, &result);
            result
        } else {
            self.raw_batch("ROLLBACK").await
        };
        self.abandoned.clear();
        if let Err(error) = result {
            tracing::warn!(target: "retort::sql", %error, "resetting a connection before returning it to the pool failed; it is discarded");
            self.discard();
        }
    }

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
