//! A blocking PostgreSQL client: tokio-postgres driven by a runtime of its own.
//!
//! The `postgres` crate does the same, but its row iterator enters its runtime once per row
//! (about 1,100 instructions each: on a query of 10,000 rows, more than the rows' own
//! decoding; bench/changes.md). Here a query's rows are taken a batch at a time: one runtime
//! entry waits for the first row and takes whatever else has already arrived (at most
//! [`ROW_BATCH`]), then the caller sees them outside the runtime. Results are still streamed,
//! never collected, and the caller's row callback runs outside any tokio context, so it may
//! itself use another blocking connection.

use std::future::Future;
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

use futures_core::Stream;
use tokio::runtime::{Builder, Runtime};
use tokio::task::JoinHandle;
use tokio_postgres::types::{BorrowToSql, ToSql};
use tokio_postgres::{Client, Config, Error, NoTls, Row, Statement};

use super::Param;

/// The most rows one runtime entry takes before handing them to the caller: bounds what a
/// streamed query holds in memory beyond the driver's own read buffer.
const ROW_BATCH: usize = 256;

/// How long dropping a client waits for the connection to say goodbye (`Terminate`) to the
/// server before just closing the socket.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);

/// What the shared session code ([`PostgresConnection`](super::PostgresConnection)) needs
/// from a client. [`BlockingClient`]'s futures are ready when returned (it blocks in its
/// own runtime); the async client's wait on the socket.
pub(super) trait PgClient: Send + Sync {
    /// Prepares `sql`, learning its parameter and column types.
    fn prepare(&self, sql: &str) -> impl Future<Output = Result<Statement, Error>> + Send;
    /// Runs a prepared statement; the number of rows it changed.
    fn execute(
        &self,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<u64, Error>> + Send;
    /// Runs one or more statements in the simple protocol (no parameters, no rows read).
    fn batch_execute(&self, sql: &str) -> impl Future<Output = Result<(), Error>> + Send;
    /// A round trip to the server, given up after `timeout`.
    fn ping(&self, timeout: Duration) -> impl Future<Output = Result<(), PingFailure>> + Send;
    /// Whether the connection has ended (the server closed it, or the socket failed).
    fn is_closed(&self) -> bool;
    /// Runs a prepared query and hands each row to `on_row` in order, as rows arrive.
    fn query_each(
        &self,
        statement: &Statement,
        params: &[Param<'_>],
        on_row: &mut RowCallback<'_>,
    ) -> impl Future<Output = Result<(), QueryFailure<crate::Error>>> + Send;
}

/// What [`PgClient::query_each`] hands each row to.
pub(super) type RowCallback<'a> = dyn FnMut(&Row) -> Result<(), crate::Error> + Send + 'a;

impl PgClient for BlockingClient {
    fn prepare(&self, sql: &str) -> impl Future<Output = Result<Statement, Error>> + Send {
        std::future::ready(BlockingClient::prepare(self, sql))
    }
    fn execute(
        &self,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<u64, Error>> + Send {
        std::future::ready(BlockingClient::execute(self, statement, params))
    }
    fn batch_execute(&self, sql: &str) -> impl Future<Output = Result<(), Error>> + Send {
        std::future::ready(BlockingClient::batch_execute(self, sql))
    }
    fn ping(&self, timeout: Duration) -> impl Future<Output = Result<(), PingFailure>> + Send {
        std::future::ready(BlockingClient::ping(self, timeout))
    }
    fn is_closed(&self) -> bool {
        BlockingClient::is_closed(self)
    }
    fn query_each(
        &self,
        statement: &Statement,
        params: &[Param<'_>],
        on_row: &mut RowCallback<'_>,
    ) -> impl Future<Output = Result<(), QueryFailure<crate::Error>>> + Send {
        std::future::ready(BlockingClient::query_each(
            self,
            statement,
            params.iter(),
            on_row,
        ))
    }
}

/// One PostgreSQL session, used without async.
pub(super) struct BlockingClient {
    /// Dropped (which closes the connection's request channel) before the runtime.
    client: Option<Client>,
    /// The task reading and writing the socket; it ends once `client` is gone.
    connection: Option<JoinHandle<()>>,
    /// Current-thread: the connection task only runs while a call waits in `block_on`.
    /// Taken only in drop.
    runtime: Option<Runtime>,
}

/// Why a blocking call failed before it reached the server.
pub(super) enum ConnectFailure {
    /// The runtime could not be built (the OS refused a thread-local resource).
    Runtime(std::io::Error),
    /// The driver's connect failed.
    Driver(Error),
}

/// [`BlockingClient::ping`] gave up waiting.
pub(super) enum PingFailure {
    /// No answer within the timeout.
    Timeout,
    /// The server or transport answered with an error.
    Driver(Error),
}

/// Why [`BlockingClient::query_each`] stopped.
pub(super) enum QueryFailure<E> {
    /// The driver failed; `after_rows` when the caller had already been handed rows.
    Driver { error: Error, after_rows: bool },
    /// The caller's row callback failed (passed through untouched).
    Row(E),
}

impl BlockingClient {
    /// Connects with `config` (whose connect timeout, if any, applies).
    pub(super) fn connect(config: &Config) -> Result<Self, ConnectFailure> {
        let runtime = Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(ConnectFailure::Runtime)?;
        let (client, connection) = runtime
            .block_on(config.connect(NoTls))
            .map_err(ConnectFailure::Driver)?;
        // A connection error ends the task; the client then reports every call as closed,
        // which the driver maps to a lost connection. Notices are logged by tokio-postgres.
        let connection = runtime.spawn(async move {
            let _ = connection.await;
        });
        Ok(BlockingClient {
            client: Some(client),
            connection: Some(connection),
            runtime: Some(runtime),
        })
    }

    fn client(&self) -> &Client {
        self.client
            .as_ref()
            .expect("the client is only taken in drop")
    }

    fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime
            .as_ref()
            .expect("the runtime is only taken in drop")
            .block_on(future)
    }

    /// Prepares `sql`, learning its parameter and column types.
    pub(super) fn prepare(&self, sql: &str) -> Result<Statement, Error> {
        self.block_on(self.client().prepare(sql))
    }

    /// Runs a prepared statement; the number of rows it changed.
    pub(super) fn execute(
        &self,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, Error> {
        self.block_on(self.client().execute(statement, params))
    }

    /// Runs one or more statements in the simple protocol (no parameters, no rows read).
    pub(super) fn batch_execute(&self, sql: &str) -> Result<(), Error> {
        self.block_on(self.client().batch_execute(sql))
    }

    /// A round trip to the server, given up after `timeout`.
    pub(super) fn ping(&self, timeout: Duration) -> Result<(), PingFailure> {
        self.block_on(async {
            match tokio::time::timeout(timeout, self.client().simple_query("")).await {
                Ok(Ok(_)) => Ok(()),
                Ok(Err(e)) => Err(PingFailure::Driver(e)),
                Err(_) => Err(PingFailure::Timeout),
            }
        })
    }

    /// Whether the connection has ended (the server closed it, or the socket failed).
    pub(super) fn is_closed(&self) -> bool {
        self.client().is_closed()
    }

    /// Runs a prepared query and hands each row to `on_row` in order, a batch at a time as
    /// rows arrive (see the module documentation).
    pub(super) fn query_each<P, E>(
        &self,
        statement: &Statement,
        params: impl IntoIterator<Item = P, IntoIter: ExactSizeIterator>,
        mut on_row: impl FnMut(&Row) -> Result<(), E>,
    ) -> Result<(), QueryFailure<E>>
    where
        P: BorrowToSql,
    {
        let driver = |error, after_rows| QueryFailure::Driver { error, after_rows };
        let stream = self
            .block_on(self.client().query_raw(statement, params))
            .map_err(|e| driver(e, false))?;
        let mut stream = pin!(stream);
        let mut batch = Vec::with_capacity(ROW_BATCH);
        let mut delivered = false;
        loop {
            let (ended, error) = self.block_on(std::future::poll_fn(|cx| {
                loop {
                    match stream.as_mut().poll_next(cx) {
                        Poll::Ready(Some(Ok(row))) => {
                            batch.push(row);
                            if batch.len() == ROW_BATCH {
                                return Poll::Ready((false, None));
                            }
                        }
                        Poll::Ready(Some(Err(e))) => return Poll::Ready((true, Some(e))),
                        Poll::Ready(None) => return Poll::Ready((true, None)),
                        // Wait only while there is nothing to hand on.
                        Poll::Pending if batch.is_empty() => return Poll::Pending,
                        Poll::Pending => return Poll::Ready((false, None)),
                    }
                }
            }));
            for row in batch.drain(..) {
                delivered = true;
                on_row(&row).map_err(QueryFailure::Row)?;
            }
            if let Some(error) = error {
                return Err(driver(error, delivered));
            }
            if ended {
                return Ok(());
            }
        }
    }
}

impl Drop for BlockingClient {
    fn drop(&mut self) {
        // Without its client the connection sends `Terminate` and ends; wait for that, so
        // the server sees a clean goodbye. Inside a tokio runtime, where blocking is not
        // allowed (nor is dropping a runtime the usual way), the socket is just closed.
        drop(self.client.take());
        let (Some(runtime), Some(connection)) = (self.runtime.take(), self.connection.take())
        else {
            return;
        };
        if tokio::runtime::Handle::try_current().is_ok() {
            runtime.shutdown_background();
        } else {
            // The timer must be made inside the runtime.
            let _ =
                runtime.block_on(async { tokio::time::timeout(CLOSE_TIMEOUT, connection).await });
        }
    }
}
