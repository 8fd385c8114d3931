//! SQLite through rusqlite (bundled: no system library needed).
//!
//! Storage of the portable types: booleans as 0/1; dates, times and timestamps as ISO-8601
//! text with microseconds (`2024-05-01 13:45:00.250000`), timestamps with time zone in UTC
//! in the same form — the form `CURRENT_TIMESTAMP` writes, so stored and defaulted values
//! compare correctly; decimals in NUMERIC columns, as numbers, so they compare as numbers
//! (up to 15 significant digits: more would be rounded, so are refused); UUIDs and JSON as
//! text. Values SQLite cannot keep exactly
//! (NaN, which it turns into NULL; sub-microsecond times; u64 above i64::MAX; decimals of
//! more than 15 significant digits) are refused.

#[cfg(feature = "async")]
mod worker;

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::Timelike;
use rusqlite::types::{ToSqlOutput, Value as SqliteValue, ValueRef};
use rusqlite::{OpenFlags, ffi};
use sea_query::Value;

use super::{BlockingDriver, Connector, OnRow};
use crate::error::{ConstraintKind, DecodeError, Error, Result};
use crate::row::{RawRow, Row};
use crate::value::DbValue;

/// Retort's settings for every connection: foreign keys are off by default in SQLite, and
/// Retort's schemas rely on them; a writer waits for another up to 5 s.
const SESSION_SETUP: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

/// Where a SQLite engine's database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Location {
    /// A file; created when missing unless opened read-only.
    File { path: PathBuf, read_only: bool },
    /// A private in-memory database shared by the engine's connections.
    Memory,
}

/// Opens connections to one SQLite database.
pub(crate) struct SqliteConnector {
    /// The path or `file:` URI passed to SQLite.
    target: String,
    flags: OpenFlags,
    /// For an in-memory database: one connection held open for the engine's lifetime, so
    /// the database outlives the connections users open and close.
    _keep_alive: Mutex<Option<rusqlite::Connection>>,
}

static MEMORY_DATABASES: AtomicU64 = AtomicU64::new(0);

impl SqliteConnector {
    pub(crate) fn new(location: Location) -> Result<Self> {
        let (target, flags) = match location {
            Location::File { path, read_only } => {
                let mode = if read_only {
                    OpenFlags::SQLITE_OPEN_READ_ONLY
                } else {
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
                };
                (
                    path.to_string_lossy().into_owned(),
                    mode | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
            }
            Location::Memory => {
                let n = MEMORY_DATABASES.fetch_add(1, Ordering::Relaxed);
                // The `memdb` VFS, named with a leading `/`: one database shared by every
                // connection that names it, locked like a file, without shared-cache mode
                // (whose table-level locking slows every statement and fails with
                // SQLITE_LOCKED where a file database would wait).
                let uri = format!("file:/retort-memory-{}-{n}?vfs=memdb", std::process::id());
                let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                (uri, flags)
            }
        };
        let mut connector = SqliteConnector {
            target,
            flags,
            _keep_alive: Mutex::new(None),
        };
        // Connect once now, so that a bad path fails at `Engine::connect`, and keep that
        // connection for in-memory databases.
        let first = connector.open()?;
        if connector.flags.contains(OpenFlags::SQLITE_OPEN_URI) {
            connector._keep_alive = Mutex::new(Some(first));
        }
        Ok(connector)
    }

    fn open(&self) -> Result<rusqlite::Connection> {
        let connection =
            rusqlite::Connection::open_with_flags(&self.target, self.flags).map_err(|e| {
                Error::Connect {
                    target: format!("sqlite database `{}`", self.target),
                    message: e.to_string(),
                }
            })?;
        // Foreign keys are off by default in SQLite; Retort's schemas rely on them.
        connection
            .execute_batch(SESSION_SETUP)
            .map_err(|e| Error::Connect {
                target: format!("sqlite database `{}`", self.target),
                message: e.to_string(),
            })?;
        Ok(connection)
    }
}

impl SqliteConnector {
    /// A new connection, as the blocking driver runs it.
    fn open_connection(&self) -> Result<SqliteConnection> {
        Ok(SqliteConnection {
            connection: self.open()?,
        })
    }
}

impl Connector for SqliteConnector {
    fn connect(&self, _timeout: std::time::Duration) -> Result<Box<dyn super::DriverConnection>> {
        Ok(Box::new(self.open_connection()?))
    }
}

struct SqliteConnection {
    connection: rusqlite::Connection,
}

impl BlockingDriver for SqliteConnection {
    fn execute(&mut self, sql: &str, values: &[Value]) -> Result<u64> {
        let params = bind_all(values)?;
        let mut statement = self
            .connection
            .prepare_cached(sql)
            .map_err(|e| map_error(e, sql))?;
        let changed = statement
            .execute(rusqlite::params_from_iter(params.iter()))
            .map_err(|e| map_error(e, sql))?;
        Ok(changed as u64)
    }

    fn query(&mut self, sql: &str, values: &[Value], on_row: &mut OnRow<'_>) -> Result<()> {
        let params = bind_all(values)?;
        let mut statement = self
            .connection
            .prepare_cached(sql)
            .map_err(|e| map_error(e, sql))?;
        let columns = statement.column_count();
        let mut rows = statement
            .query(rusqlite::params_from_iter(params.iter()))
            .map_err(|e| map_error(e, sql))?;
        while let Some(row) = rows.next().map_err(|e| map_error(e, sql))? {
            on_row(&Row::new(&SqliteRow { row, columns }))?;
        }
        Ok(())
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        self.connection
            .execute_batch(sql)
            .map_err(|e| map_error(e, sql))
    }

    fn ping(&mut self) -> Result<()> {
        self.batch("SELECT 1")
    }

    fn in_transaction(&self) -> bool {
        !self.connection.is_autocommit()
    }

    fn reset(&mut self) -> Result<()> {
        if !self.connection.is_autocommit() {
            self.batch("ROLLBACK")?;
        }
        self.batch(SESSION_SETUP)
    }

    /// An embedded database cannot lose its connection.
    fn is_broken(&self) -> bool {
        false
    }
}

struct SqliteRow<'a, 'stmt> {
    row: &'a rusqlite::Row<'stmt>,
    /// The statement's column count, read once per query.
    columns: usize,
}

impl RawRow for SqliteRow<'_, '_> {
    fn len(&self) -> usize {
        self.columns
    }

    /// Read from the statement when asked (decoding by position never asks), so that a
    /// query allocates no copy of its column names.
    fn column_name(&self, index: usize) -> Option<&str> {
        self.row.as_ref().column_name(index).ok()
    }

    fn value(&self, index: usize) -> Result<DbValue<'_>, DecodeError> {
        let value = match self.row.get_ref(index) {
            Ok(value) => value,
            Err(e) => return Err(undecodable(e.to_string())),
        };
        Ok(match value {
            ValueRef::Null => DbValue::Null,
            ValueRef::Integer(i) => DbValue::Int(i),
            ValueRef::Real(f) => DbValue::Float(f),
            ValueRef::Text(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => DbValue::Text(text),
                Err(e) => return Err(undecodable(format!("text is not valid UTF-8: {e}"))),
            },
            ValueRef::Blob(bytes) => DbValue::Bytes(bytes),
        })
    }
}

/// Out of line: [`SqliteRow::value`] runs for every column of every row.
#[cold]
#[inline(never)]
fn undecodable(message: String) -> DecodeError {
    DecodeError(message)
}

fn bind_all(values: &[Value]) -> Result<Vec<ToSqlOutput<'static>>> {
    values.iter().map(bind).collect()
}

const DATE: &str = "%Y-%m-%d";
const TIME: &str = "%H:%M:%S%.6f";
const DATETIME: &str = "%Y-%m-%d %H:%M:%S%.6f";

/// Refuses times SQLite text with microseconds would round.
fn check_micros(nanos: u32, what: &str) -> Result<()> {
    if !nanos.is_multiple_of(1_000) {
        return Err(Error::Unsupported(format!(
            "{what} has sub-microsecond precision, which is not stored (round it to microseconds)"
        )));
    }
    Ok(())
}

/// One sea-query value as a SQLite parameter.
fn bind(value: &Value) -> Result<ToSqlOutput<'static>> {
    use SqliteValue as S;
    let owned = |v: SqliteValue| Ok(ToSqlOutput::Owned(v));
    let or_null = |v: Option<SqliteValue>| owned(v.unwrap_or(S::Null));
    match value {
        Value::Bool(v) => or_null(v.map(|b| S::Integer(b as i64))),
        Value::TinyInt(v) => or_null(v.map(|i| S::Integer(i.into()))),
        Value::SmallInt(v) => or_null(v.map(|i| S::Integer(i.into()))),
        Value::Int(v) => or_null(v.map(|i| S::Integer(i.into()))),
        Value::BigInt(v) => or_null(v.map(S::Integer)),
        Value::TinyUnsigned(v) => or_null(v.map(|i| S::Integer(i.into()))),
        Value::SmallUnsigned(v) => or_null(v.map(|i| S::Integer(i.into()))),
        Value::Unsigned(v) => or_null(v.map(|i| S::Integer(i.into()))),
        Value::BigUnsigned(v) => match v {
            Some(u) => i64::try_from(*u)
                .map(|i| ToSqlOutput::Owned(S::Integer(i)))
                .map_err(|_| {
                    Error::Unsupported(format!("{u} is larger than SQLite's largest integer"))
                }),
            None => owned(S::Null),
        },
        Value::Float(v) => float(v.map(f64::from)),
        Value::Double(v) => float(*v),
        Value::String(v) => or_null(v.clone().map(S::Text)),
        Value::Char(v) => or_null(v.map(|c| S::Text(c.to_string()))),
        Value::Bytes(v) => or_null(v.clone().map(S::Blob)),
        Value::Json(v) => or_null(v.as_ref().map(|j| S::Text(j.to_string()))),
        Value::ChronoDate(v) => or_null(v.map(|d| S::Text(d.format(DATE).to_string()))),
        Value::ChronoTime(v) => match v {
            Some(t) => {
                check_micros(t.nanosecond(), "a time")?;
                owned(S::Text(t.format(TIME).to_string()))
            }
            None => owned(S::Null),
        },
        Value::ChronoDateTime(v) => match v {
            Some(t) => {
                check_micros(t.nanosecond(), "a timestamp")?;
                owned(S::Text(t.format(DATETIME).to_string()))
            }
            None => owned(S::Null),
        },
        Value::ChronoDateTimeUtc(v) => match v {
            Some(t) => {
                check_micros(t.nanosecond(), "a timestamp")?;
                owned(S::Text(t.naive_utc().format(DATETIME).to_string()))
            }
            None => owned(S::Null),
        },
        Value::Decimal(v) => match v {
            Some(d) => decimal(*d),
            None => owned(S::Null),
        },
        Value::Uuid(v) => or_null(v.map(|u| S::Text(u.hyphenated().to_string()))),
        other => Err(Error::Unsupported(format!("SQLite cannot store {other:?}"))),
    }
}

/// SQLite keeps numbers in NUMERIC columns as 64-bit floats: exact to 15 significant
/// digits. A decimal with more would be rounded, so it is refused instead.
fn decimal(value: rust_decimal::Decimal) -> Result<ToSqlOutput<'static>> {
    let digits = value
        .normalize()
        .mantissa()
        .unsigned_abs()
        .to_string()
        .len();
    if digits > 15 {
        return Err(Error::Unsupported(format!(
            "{value} has {digits} significant digits; SQLite stores decimals as numbers exact to 15"
        )));
    }
    Ok(ToSqlOutput::Owned(SqliteValue::Text(value.to_string())))
}

fn float(value: Option<f64>) -> Result<ToSqlOutput<'static>> {
    match value {
        Some(f) if f.is_nan() => Err(Error::Unsupported(
            "SQLite cannot store NaN (it would become NULL)".into(),
        )),
        Some(f) => Ok(ToSqlOutput::Owned(SqliteValue::Real(f))),
        None => Ok(ToSqlOutput::Owned(SqliteValue::Null)),
    }
}

/// A rusqlite error as a Retort error: constraint violations become
/// [`Error::Constraint`] with the table and columns SQLite names.
fn map_error(error: rusqlite::Error, sql: &str) -> Error {
    if let rusqlite::Error::SqliteFailure(failure, message) = &error {
        let message = message.clone().unwrap_or_else(|| error.to_string());
        let kind = match failure.extended_code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                Some(ConstraintKind::Unique)
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => Some(ConstraintKind::ForeignKey),
            ffi::SQLITE_CONSTRAINT_NOTNULL => Some(ConstraintKind::NotNull),
            ffi::SQLITE_CONSTRAINT_CHECK => Some(ConstraintKind::Check),
            _ if failure.code == rusqlite::ErrorCode::ConstraintViolation => {
                Some(ConstraintKind::Other)
            }
            _ => None,
        };
        if let Some(kind) = kind {
            return constraint_error(kind, message);
        }
        match failure.extended_code {
            // A WAL read snapshot went stale before the transaction wrote: retry it.
            ffi::SQLITE_BUSY_SNAPSHOT => return Error::SerializationFailure { message },
            _ if matches!(
                failure.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
            {
                return Error::LockTimeout { message };
            }
            _ => {}
        }
        return Error::Database {
            message,
            sql: sql.to_owned(),
            code: Some(failure.extended_code.to_string()),
        };
    }
    Error::Database {
        message: error.to_string(),
        sql: sql.to_owned(),
        code: None,
    }
}

/// Reads what SQLite's message names: `UNIQUE constraint failed: users.a, users.b` gives the
/// table and columns; `CHECK constraint failed: name` gives the constraint.
fn constraint_error(kind: ConstraintKind, message: String) -> Error {
    let detail = message
        .split_once("constraint failed: ")
        .map(|(_, d)| d.trim());
    let (mut table, mut columns, mut constraint) = (None, Vec::new(), None);
    match (kind, detail) {
        (ConstraintKind::Unique | ConstraintKind::NotNull, Some(detail)) => {
            for item in detail.split(", ") {
                if let Some((t, c)) = item.split_once('.') {
                    table = Some(t.to_owned());
                    columns.push(c.to_owned());
                }
            }
        }
        (_, Some(detail)) => constraint = Some(detail.to_owned()),
        (_, None) => {}
    }
    Error::Constraint {
        kind,
        table,
        columns,
        constraint,
        message,
    }
}
