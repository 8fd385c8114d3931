//! Async SQLite: each connection lives on a thread of its own, which runs every call of the
//! blocking driver ([`SqliteConnection`]), so that no SQLite call blocks a tokio worker.
//!
//! Requests go to the thread over a channel; answers come back over tokio channels. A
//! query's rows come back as owned copies, a batch at a time, and are decoded on the
//! caller's side with the same value mapping as the blocking driver's rows (a decoding
//! closure borrows the caller's state, so it cannot be sent to the thread). When the
//! caller stops listening (its future was dropped, or decoding failed), the thread stops
//! stepping the statement. A dedicated thread, not `spawn_blocking`: a connection and its
//! statement cache stay on one thread, and no borrowed closure is left running after a
//! future is dropped.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc as std_mpsc;
use std::time::Duration;

use sea_query::Value;
use tokio::sync::{mpsc, oneshot};

use super::{SqliteConnection, SqliteConnector};
use crate::driver::{AsyncConnector, BlockingDriver, BoxFuture, DbFuture, DriverConnection, OnRow};
use crate::error::{DecodeError, Error, Result};
use crate::row::{RawRow, Row};
use crate::value::DbValue;

/// The most rows sent back at once: bounds what a streamed query holds in memory.
const ROW_BATCH: usize = 256;

/// A value as SQLite stores it, owned.
enum Stored {
    Null,
    Int(i64),
    Float(f64),
    Text(String),
    Bytes(Vec<u8>),
}

/// One result row, copied off the connection's thread.
struct OwnedRow {
    /// The query's column names, shared by its rows.
    names: Arc<[Option<String>]>,
    values: Vec<Stored>,
}

impl RawRow for OwnedRow {
    fn len(&self) -> usize {
        self.values.len()
    }

    fn column_name(&self, index: usize) -> Option<&str> {
        self.names.get(index)?.as_deref()
    }

    fn value(&self, index: usize) -> Result<DbValue<'_>, DecodeError> {
        Ok(match self.values.get(index) {
            None => {
                return Err(DecodeError(format!(
                    "the row has only {} columns",
                    self.values.len()
                )));
            }
            Some(Stored::Null) => DbValue::Null,
            Some(Stored::Int(i)) => DbValue::Int(*i),
            Some(Stored::Float(f)) => DbValue::Float(*f),
            Some(Stored::Text(text)) => DbValue::Text(text),
            Some(Stored::Bytes(bytes)) => DbValue::Bytes(bytes),
        })
    }
}

/// A copy of `row` (a row of the blocking driver, whose values are SQLite's five kinds).
fn copy_row(row: &Row<'_>, names: &mut Option<Arc<[Option<String>]>>) -> Result<OwnedRow> {
    let raw = row.raw();
    let names = names
        .get_or_insert_with(|| {
            (0..raw.len())
                .map(|i| raw.column_name(i).map(str::to_owned))
                .collect()
        })
        .clone();
    let mut values = Vec::with_capacity(raw.len());
    for index in 0..raw.len() {
        values.push(match row.value(index)? {
            DbValue::Null => Stored::Null,
            DbValue::Int(i) => Stored::Int(i),
            DbValue::Float(f) => Stored::Float(f),
            DbValue::Text(text) => Stored::Text(text.to_owned()),
            DbValue::Bytes(bytes) => Stored::Bytes(bytes.to_vec()),
            other => {
                return Err(Error::Unsupported(format!(
                    "SQLite returned a value of an unexpected kind: {other:?}"
                )));
            }
        });
    }
    Ok(OwnedRow { names, values })
}

/// What the connection's thread is asked to do.
enum Request {
    Execute {
        sql: String,
        values: Vec<Value>,
        reply: oneshot::Sender<Result<u64>>,
    },
    Query {
        sql: String,
        values: Vec<Value>,
        rows: mpsc::Sender<Result<Vec<OwnedRow>>>,
    },
    Batch {
        sql: String,
        reply: oneshot::Sender<Result<()>>,
    },
    Reset {
        reply: oneshot::Sender<Result<()>>,
    },
}

/// The caller's side of a connection on its own thread.
struct WorkerConnection {
    requests: std_mpsc::Sender<Request>,
    /// Stops the statement the thread is running (`sqlite3_interrupt`).
    interrupt: rusqlite::InterruptHandle,
    /// Whether a transaction is open, as the thread last saw it.
    in_transaction: Arc<AtomicBool>,
    /// Set when the thread is gone (it panicked): the pool discards the connection.
    gone: bool,
}

/// The thread is gone: only a panic inside SQLite's wrapper could do that.
fn thread_gone() -> Error {
    Error::ConnectionLost {
        message: "the SQLite connection's thread has stopped".into(),
    }
}

impl WorkerConnection {
    /// Opens a connection on a new thread.
    async fn open(connector: &SqliteConnector) -> Result<Self> {
        let connection = connector.open_connection()?;
        let interrupt = connection.connection.get_interrupt_handle();
        let (requests, inbox) = std_mpsc::channel();
        let in_transaction = Arc::new(AtomicBool::new(false));
        let flag = in_transaction.clone();
        std::thread::Builder::new()
            .name("retort-sqlite".into())
            .spawn(move || serve(connection, inbox, flag))
            .map_err(|e| Error::Connect {
                target: "a SQLite connection thread".into(),
                message: e.to_string(),
            })?;
        Ok(WorkerConnection {
            requests,
            interrupt,
            in_transaction,
            gone: false,
        })
    }

    fn send(&mut self, request: Request) -> Result<()> {
        self.requests.send(request).map_err(|_| {
            self.gone = true;
            thread_gone()
        })
    }

    /// Sends a request answered once, and waits for the answer.
    async fn ask<T>(
        &mut self,
        request: impl FnOnce(oneshot::Sender<Result<T>>) -> Request,
    ) -> Result<T> {
        let (reply, answer) = oneshot::channel();
        self.send(request(reply))?;
        match answer.await {
            Ok(result) => result,
            Err(_) => {
                self.gone = true;
                Err(thread_gone())
            }
        }
    }

    async fn query_rows(
        &mut self,
        sql: &str,
        values: &[Value],
        on_row: &mut OnRow<'_>,
    ) -> Result<()> {
        // Two batches in flight: the thread reads ahead while the caller decodes.
        let (rows, mut batches) = mpsc::channel(2);
        self.send(Request::Query {
            sql: sql.to_owned(),
            values: values.to_vec(),
            rows,
        })?;
        while let Some(batch) = batches.recv().await {
            for row in batch? {
                // An error drops `batches`: the thread stops at its next send.
                on_row(&Row::new(&row))?;
            }
        }
        Ok(())
    }
}

/// The connection's thread: runs requests until every sender is gone.
fn serve(
    mut connection: SqliteConnection,
    inbox: std_mpsc::Receiver<Request>,
    in_transaction: Arc<AtomicBool>,
) {
    for request in inbox {
        match request {
            Request::Execute { sql, values, reply } => {
                let _ = reply.send(BlockingDriver::execute(&mut connection, &sql, &values));
            }
            Request::Batch { sql, reply } => {
                let _ = reply.send(BlockingDriver::batch(&mut connection, &sql));
            }
            Request::Reset { reply } => {
                let _ = reply.send(BlockingDriver::reset(&mut connection));
            }
            Request::Query { sql, values, rows } => {
                let mut batch = Vec::with_capacity(ROW_BATCH);
                let mut names = None;
                let result = BlockingDriver::query(&mut connection, &sql, &values, &mut |row| {
                    batch.push(copy_row(row, &mut names)?);
                    if batch.len() == ROW_BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(ROW_BATCH));
                        rows.blocking_send(Ok(full)).map_err(|_| stopped())?;
                    }
                    Ok(())
                });
                let last = match result {
                    Ok(()) => Ok(batch),
                    Err(error) => Err(error),
                };
                // Nobody listening any more is not an error here: the caller has gone.
                let _ = rows.blocking_send(last);
            }
        }
        in_transaction.store(
            BlockingDriver::in_transaction(&connection),
            Ordering::Release,
        );
    }
}

/// The caller stopped reading a query's rows.
fn stopped() -> Error {
    Error::InvalidStatement("the query's rows are no longer read".into())
}

impl AsyncConnector for SqliteConnector {
    fn connect(&self, _timeout: Duration) -> BoxFuture<'_, Result<Box<dyn DriverConnection>>> {
        Box::pin(async move {
            let connection: Box<dyn DriverConnection> =
                Box::new(WorkerConnection::open(self).await?);
            Ok(connection)
        })
    }
}

impl DriverConnection for WorkerConnection {
    fn execute<'a>(&'a mut self, sql: &'a str, values: &'a [Value]) -> DbFuture<'a, u64> {
        DbFuture::boxed(self.ask(|reply| Request::Execute {
            sql: sql.to_owned(),
            values: values.to_vec(),
            reply,
        }))
    }

    fn query<'a>(
        &'a mut self,
        sql: &'a str,
        values: &'a [Value],
        on_row: &'a mut OnRow<'_>,
    ) -> DbFuture<'a, ()> {
        DbFuture::boxed(self.query_rows(sql, values, on_row))
    }

    fn batch<'a>(&'a mut self, sql: &'a str) -> DbFuture<'a, ()> {
        DbFuture::boxed(self.ask(|reply| Request::Batch {
            sql: sql.to_owned(),
            reply,
        }))
    }

    fn last_insert_id(&mut self) -> Option<u64> {
        None
    }

    fn in_transaction(&self) -> bool {
        self.in_transaction.load(Ordering::Acquire)
    }

    fn reset(&mut self) -> DbFuture<'_, ()> {
        DbFuture::boxed(self.ask(|reply| Request::Reset { reply }))
    }

    fn ping(&mut self) -> DbFuture<'_, ()> {
        DbFuture::boxed(self.ask(|reply| Request::Batch {
            sql: "SELECT 1".into(),
            reply,
        }))
    }

    fn is_broken(&self) -> bool {
        self.gone
    }

    /// Interrupts the statement the connection's thread is running: it fails with
    /// SQLITE_INTERRUPT and the thread goes on to the next request (the cleaning).
    fn cancel(&mut self) -> DbFuture<'_, ()> {
        self.interrupt.interrupt();
        DbFuture::ready(Ok(()))
    }
}
