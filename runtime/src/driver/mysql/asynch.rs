//! The async MySQL/MariaDB session: mysql_async on the caller's tokio runtime. Both crates
//! are built on mysql_common, so rows, values and parameters are the sync driver's types,
//! and binding, decoding and the mapping of server errors are its code ([`super`]).

use std::time::Duration;

use mysql_async::prelude::Queryable;
use mysql_async::{Conn, Opts, OptsBuilder, Params, QueryResult};
use sea_query::Value;

use super::{MyRow, MysqlConnector, SESSION_SETUP, bind_all, server_error};
use crate::driver::{AsyncConnector, BoxFuture, DbFuture, DriverConnection, OnRow};
use crate::error::{Error, Result};
use crate::row::Row;

/// What the async connector needs beyond the sync one: the URL parsed by mysql_async.
pub(super) struct AsyncOpts(Opts);

impl AsyncOpts {
    pub(super) fn parse(url: &str, target: &str) -> Result<Self> {
        Opts::from_url(url)
            .map(AsyncOpts)
            .map_err(|e| Error::InvalidUrl {
                url: target.to_owned(),
                reason: e.to_string(),
            })
    }
}

impl MysqlConnector {
    async fn open_async(&self, timeout: Duration) -> Result<AsyncMysqlConnection> {
        crate::asynch::runtime()?;
        let opts = &self.async_opts.0;
        // Retort's session setup (run again after every COM_RESET_CONNECTION), then any
        // `init` the URL asked for, so a user's own settings win.
        let setup: Vec<String> = SESSION_SETUP
            .iter()
            .map(|s| (*s).to_owned())
            .chain(opts.init().iter().cloned())
            .collect();
        let opts = OptsBuilder::from_opts(opts.clone())
            .init(Vec::<String>::new())
            .setup(setup)
            // An UPDATE reports the rows it matched, as on PostgreSQL and SQLite.
            .client_found_rows(true);
        let connect_error = |message: String| Error::Connect {
            target: self.target.clone(),
            message,
        };
        let conn = match tokio::time::timeout(timeout, Conn::new(opts)).await {
            Ok(Ok(conn)) => conn,
            Ok(Err(e)) => return Err(connect_error(e.to_string())),
            Err(_) => return Err(connect_error(format!("no connection within {timeout:?}"))),
        };
        Ok(AsyncMysqlConnection {
            conn,
            opts: self.async_opts.0.clone(),
            last_insert_id: None,
            broken: false,
        })
    }
}

impl AsyncConnector for MysqlConnector {
    fn connect(&self, timeout: Duration) -> BoxFuture<'_, Result<Box<dyn DriverConnection>>> {
        Box::pin(async move {
            let connection: Box<dyn DriverConnection> = Box::new(self.open_async(timeout).await?);
            Ok(connection)
        })
    }
}

/// One async MySQL session.
struct AsyncMysqlConnection {
    conn: Conn,
    /// For the connection that kills this one's session (see `cancel`).
    opts: Opts,
    /// The AUTO_INCREMENT value of the last statement run by `execute`, when it made one.
    last_insert_id: Option<u64>,
    broken: bool,
}

impl AsyncMysqlConnection {
    /// Maps `error`, remembering when it showed that the connection is gone.
    fn fail(&mut self, error: mysql_async::Error, sql: &str) -> Error {
        let error = map_error(error, sql);
        if matches!(error, Error::ConnectionLost { .. }) {
            self.broken = true;
        }
        error
    }

    async fn run_execute(&mut self, sql: &str, values: &[Value]) -> Result<u64> {
        self.last_insert_id = None;
        let params = bind_all(values)?;
        let outcome = match exec_drain(&mut self.conn, sql, params).await {
            // A statement the prepared-statement protocol refuses (ER_UNSUPPORTED_PS) still
            // runs as text when it has no parameters.
            Err(mysql_async::Error::Server(e)) if e.code == 1295 && values.is_empty() => {
                match self.conn.query_iter(sql).await {
                    Ok(result) => drain(result).await,
                    Err(e) => Err(e),
                }
            }
            outcome => outcome,
        };
        match outcome {
            Ok((changed, insert_id)) => {
                self.last_insert_id = insert_id;
                Ok(changed)
            }
            Err(e) => Err(self.fail(e, sql)),
        }
    }

    async fn run_query(
        &mut self,
        sql: &str,
        values: &[Value],
        on_row: &mut OnRow<'_>,
    ) -> Result<()> {
        let params = bind_all(values)?;
        let mut failed = None;
        let outcome = async {
            let mut result = self.conn.exec_iter(sql, params).await?;
            // Every result set is read (only a CALL makes more than one), so an error the
            // server reports after the first is not lost; after a failing row callback the
            // rest is read and discarded, leaving the connection ready.
            while !result.is_empty() {
                result
                    .for_each(|row| {
                        if failed.is_none()
                            && let Err(error) = on_row(&Row::new(&MyRow { row: &row }))
                        {
                            failed = Some(error);
                        }
                    })
                    .await?;
            }
            result.drop_result().await
        }
        .await;
        match (outcome, failed) {
            (Err(e), _) => Err(self.fail(e, sql)),
            (Ok(()), Some(error)) => Err(error),
            (Ok(()), None) => Ok(()),
        }
    }

    async fn run_batch(&mut self, sql: &str) -> Result<()> {
        // Each statement's result is read, so an error of the second statement on is
        // reported; the server stops at the first failing statement.
        let outcome = match self.conn.query_iter(sql).await {
            Ok(result) => drain(result).await.map(drop),
            Err(e) => Err(e),
        };
        outcome.map_err(|e| self.fail(e, sql))
    }

    /// `COM_RESET_CONNECTION` (rolls back, resets session variables, drops temporary
    /// tables and prepared statements), then the session setup again.
    async fn run_reset(&mut self) -> Result<()> {
        self.last_insert_id = None;
        match self.conn.reset().await {
            Ok(true) => Ok(()),
            Ok(false) => {
                self.broken = true;
                Err(Error::Unsupported(
                    "this server cannot reset a session (COM_RESET_CONNECTION needs MySQL 5.7.3 \
                     or MariaDB 10.2.4); the connection is discarded"
                        .into(),
                ))
            }
            Err(e) => Err(self.fail(e, "COM_RESET_CONNECTION")),
        }
    }

    async fn run_ping(&mut self) -> Result<()> {
        self.conn.ping().await.map_err(|e| {
            // Whatever the reason, a connection that cannot answer a ping is not reused.
            self.broken = true;
            map_error(e, "COM_PING")
        })
    }
}

/// Runs a prepared statement and reads every result.
async fn exec_drain(
    conn: &mut Conn,
    sql: &str,
    params: Params,
) -> std::result::Result<(u64, Option<u64>), mysql_async::Error> {
    let result = conn.exec_iter(sql, params).await?;
    drain(result).await
}

/// Reads every result set of `result`, returning the first error the server reported, and
/// the affected rows and non-zero AUTO_INCREMENT value of the first result.
async fn drain<P: mysql_async::prelude::Protocol>(
    result: QueryResult<'_, '_, P>,
) -> std::result::Result<(u64, Option<u64>), mysql_async::Error> {
    let changed = result.affected_rows();
    let insert_id = result.last_insert_id().filter(|id| *id != 0);
    result.drop_result().await?;
    Ok((changed, insert_id))
}

/// A mysql_async error as a Retort error: server errors as the sync driver maps them, and
/// failures of the connection itself [`Error::ConnectionLost`].
fn map_error(error: mysql_async::Error, sql: &str) -> Error {
    match error {
        mysql_async::Error::Server(e) => server_error(e.code, e.message, sql),
        mysql_async::Error::Io(_) | mysql_async::Error::Driver(_) => Error::ConnectionLost {
            message: error.to_string(),
        },
        other => Error::Database {
            message: other.to_string(),
            sql: sql.to_owned(),
            code: None,
        },
    }
}

impl DriverConnection for AsyncMysqlConnection {
    fn execute<'a>(&'a mut self, sql: &'a str, values: &'a [Value]) -> DbFuture<'a, u64> {
        DbFuture::boxed(self.run_execute(sql, values))
    }

    fn query<'a>(
        &'a mut self,
        sql: &'a str,
        values: &'a [Value],
        on_row: &'a mut OnRow<'_>,
    ) -> DbFuture<'a, ()> {
        DbFuture::boxed(self.run_query(sql, values, on_row))
    }

    fn batch<'a>(&'a mut self, sql: &'a str) -> DbFuture<'a, ()> {
        DbFuture::boxed(self.run_batch(sql))
    }

    fn last_insert_id(&mut self) -> Option<u64> {
        self.last_insert_id
    }

    fn in_transaction(&self) -> bool {
        false
    }

    fn reset(&mut self) -> DbFuture<'_, ()> {
        DbFuture::boxed(self.run_reset())
    }

    fn ping(&mut self) -> DbFuture<'_, ()> {
        DbFuture::boxed(self.run_ping())
    }

    fn is_broken(&self) -> bool {
        self.broken
    }

    /// mysql_async cannot resume a connection whose statement future was dropped (its
    /// packets are out of sync), so the connection is given up, and its session killed
    /// from another connection — which also rolls its transaction back — and waited for
    /// until the server has let it go.
    fn cancel(&mut self) -> DbFuture<'_, ()> {
        self.broken = true;
        let id = self.conn.id();
        let opts = self.opts.clone();
        DbFuture::boxed(async move {
            let fail = |e: mysql_async::Error| map_error(e, "KILL");
            let mut killer = Conn::new(opts).await.map_err(fail)?;
            killer
                .query_drop(format!("KILL {id}"))
                .await
                .map_err(fail)?;
            for _ in 0..100 {
                let left: Option<u64> = killer
                    .exec_first(
                        "SELECT COUNT(*) FROM information_schema.processlist WHERE id = ?",
                        (id,),
                    )
                    .await
                    .map_err(fail)?;
                if left == Some(0) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            killer.disconnect().await.map_err(fail)
        })
    }
}
