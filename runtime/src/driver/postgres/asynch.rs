//! The async PostgreSQL session: tokio-postgres on the caller's tokio runtime, its
//! connection task spawned there. Everything above the client is the shared session code
//! of [`PostgresConnection`].

use std::future::Future;
use std::pin::pin;
use std::time::Duration;

use futures_core::Stream;
use sea_query::Value;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Error, NoTls, Statement};

use super::client::{PgClient, PingFailure, QueryFailure, RowCallback};
use super::{Action, Param, PostgresConnection, PostgresConnector, describe};
use crate::driver::{AsyncConnector, BoxFuture, DbFuture, DriverConnection, OnRow};

/// A tokio-postgres client whose connection runs as a task of the caller's runtime; the
/// task ends when the client is dropped.
pub(super) struct AsyncClient {
    client: Client,
}

impl PgClient for AsyncClient {
    fn prepare(&self, sql: &str) -> impl Future<Output = Result<Statement, Error>> + Send {
        self.client.prepare(sql)
    }

    fn execute(
        &self,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<u64, Error>> + Send {
        self.client.execute(statement, params)
    }

    fn batch_execute(&self, sql: &str) -> impl Future<Output = Result<(), Error>> + Send {
        self.client.batch_execute(sql)
    }

    async fn ping(&self, timeout: Duration) -> Result<(), PingFailure> {
        match tokio::time::timeout(timeout, self.client.simple_query("")).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(PingFailure::Driver(e)),
            Err(_) => Err(PingFailure::Timeout),
        }
    }

    fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    async fn query_each(
        &self,
        statement: &Statement,
        params: &[Param<'_>],
        on_row: &mut RowCallback<'_>,
    ) -> Result<(), QueryFailure<crate::Error>> {
        let driver = |error, after_rows| QueryFailure::Driver { error, after_rows };
        let stream = self
            .client
            .query_raw(statement, params.iter())
            .await
            .map_err(|e| driver(e, false))?;
        let mut stream = pin!(stream);
        let mut delivered = false;
        // Each row is decoded as it arrives; awaiting yields to the runtime between reads.
        while let Some(row) = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
            let row = row.map_err(|e| driver(e, delivered))?;
            delivered = true;
            on_row(&row).map_err(QueryFailure::Row)?;
        }
        Ok(())
    }
}

impl PostgresConnector {
    /// A new async session on the current tokio runtime.
    async fn open_async(
        &self,
        timeout: Duration,
    ) -> crate::Result<PostgresConnection<AsyncClient>> {
        let connect_error = |e: Error| crate::Error::Connect {
            target: self.target.clone(),
            message: describe(&e),
        };
        let runtime = crate::asynch::runtime()?;
        let mut config = self.config.clone();
        // A zero timeout would fail every attempt at once; treat it as "no limit".
        if !timeout.is_zero() {
            config.connect_timeout(timeout);
        }
        let (client, connection) = config.connect(NoTls).await.map_err(connect_error)?;
        // A connection error ends the task; the client then reports every call as closed,
        // which the driver maps to a lost connection.
        runtime.spawn(async move {
            let _ = connection.await;
        });
        PostgresConnection::start(AsyncClient { client }, timeout)
            .await
            .map_err(connect_error)
    }
}

impl AsyncConnector for PostgresConnector {
    fn connect(
        &self,
        timeout: Duration,
    ) -> BoxFuture<'_, crate::Result<Box<dyn DriverConnection>>> {
        Box::pin(async move {
            let connection: Box<dyn DriverConnection> = Box::new(self.open_async(timeout).await?);
            Ok(connection)
        })
    }
}

impl DriverConnection for PostgresConnection<AsyncClient> {
    fn execute<'a>(&'a mut self, sql: &'a str, values: &'a [Value]) -> DbFuture<'a, u64> {
        DbFuture::boxed(self.run(sql, values, Action::Execute))
    }

    fn query<'a>(
        &'a mut self,
        sql: &'a str,
        values: &'a [Value],
        on_row: &'a mut OnRow<'_>,
    ) -> DbFuture<'a, ()> {
        DbFuture::boxed(async move { self.run(sql, values, Action::Query(on_row)).await.map(drop) })
    }

    fn batch<'a>(&'a mut self, sql: &'a str) -> DbFuture<'a, ()> {
        DbFuture::boxed(self.run_batch(sql))
    }

    fn last_insert_id(&mut self) -> Option<u64> {
        None
    }

    fn in_transaction(&self) -> bool {
        self.may_be_in_transaction()
    }

    fn reset(&mut self) -> DbFuture<'_, ()> {
        DbFuture::boxed(self.run_reset())
    }

    fn ping(&mut self) -> DbFuture<'_, ()> {
        DbFuture::boxed(self.run_ping())
    }

    fn is_broken(&self) -> bool {
        self.is_lost()
    }

    /// PostgreSQL's cancel request, sent on a connection of its own.
    fn cancel(&mut self) -> DbFuture<'_, ()> {
        let token = self.client.client.cancel_token();
        DbFuture::boxed(async move {
            token
                .cancel_query(NoTls)
                .await
                .map_err(|e| crate::Error::ConnectionLost {
                    message: format!("sending a cancel request failed: {}", describe(&e)),
                })
        })
    }
}
