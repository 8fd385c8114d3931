//! MySQL and MariaDB through the `mysql` crate (pure Rust, synchronous).
//!
//! Statements with parameters run through the binary protocol (prepared statements, cached
//! per connection), so values come back typed: dates as dates, integers as integers.
//! [`DriverConnection::batch`] uses the text protocol, which accepts several statements
//! separated by `;`.
//!
//! Every connection starts with the same session settings, so that MySQL behaves like the
//! other databases: utf8mb4 with a binary (case-sensitive) connection collation, UTC as the
//! session time zone, and a strict `sql_mode` that raises errors instead of silently
//! truncating or zeroing values.
//!
//! Storage of the portable types: booleans as 0/1; decimals as their text into DECIMAL(p,s);
//! UUIDs as hyphenated lowercase text (CHAR(36)); JSON as text; timestamps with time zone as
//! their UTC value in DATETIME(6). Values MySQL cannot keep exactly (NaN and infinities,
//! sub-microsecond times, dates outside the years 1000–9999) are refused.

use ::mysql::consts::{CapabilityFlags, ColumnType};
use ::mysql::prelude::Queryable;
use ::mysql::{Conn, Opts, OptsBuilder, Params, Value as MyValue};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use sea_query::Value;

use super::{BlockingDriver, Connector, OnRow};
use crate::error::{ConstraintKind, DecodeError, Error, Result};
use crate::row::{RawRow, Row};
use crate::value::DbValue;

/// The character set number of binary strings (BINARY, VARBINARY, BLOB) in column metadata.
const BINARY_CHARSET: u16 = 63;

/// Statements run on every new connection, before it is handed out.
const SESSION_SETUP: &[&str] = &[
    // Text travels as utf8mb4; comparisons of literals are case-sensitive like PostgreSQL
    // and SQLite (columns compare with their own collation).
    "SET NAMES utf8mb4 COLLATE utf8mb4_bin",
    // Timestamps are UTC; TIMESTAMP columns and NOW() follow the session time zone.
    "SET time_zone = '+00:00'",
    // Errors instead of silent truncation, zero dates or NULL on division by zero, on every
    // table (STRICT_ALL_TABLES, not only transactional ones).
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'",
];

#[cfg(feature = "async")]
mod asynch;

/// Opens connections to one MySQL or MariaDB server.
pub(crate) struct MysqlConnector {
    opts: Opts,
    /// The same URL, parsed by the async driver.
    #[cfg(feature = "async")]
    async_opts: asynch::AsyncOpts,
    /// The URL without its password, for messages.
    target: String,
}

impl MysqlConnector {
    /// Parses `url` (`mysql://user:password@host:port/database?…`; a `mariadb://` URL has
    /// already been rewritten to `mysql://`). Does not connect.
    pub(crate) fn new(url: &str) -> Result<Self> {
        let target = crate::url::redact(url);
        let opts = Opts::from_url(url).map_err(|e| Error::InvalidUrl {
            url: target.clone(),
            reason: e.to_string(),
        })?;
        Ok(MysqlConnector {
            opts,
            #[cfg(feature = "async")]
            async_opts: asynch::AsyncOpts::parse(url, &target)?,
            target,
        })
    }
}

impl Connector for MysqlConnector {
    fn connect(&self, timeout: std::time::Duration) -> Result<Box<dyn super::DriverConnection>> {
        // Retort's session setup first, then any `init` the URL asked for, so a user's own
        // settings win.
        let init: Vec<String> = SESSION_SETUP
            .iter()
            .map(|s| (*s).to_owned())
            .chain(self.opts.get_init().iter().cloned())
            .collect();
        // CLIENT_FOUND_ROWS: an UPDATE reports the rows it matched, as PostgreSQL and SQLite
        // do, not only those whose values it changed.
        let capabilities =
            self.opts.get_additional_capabilities() | CapabilityFlags::CLIENT_FOUND_ROWS;
        let opts = OptsBuilder::from_opts(self.opts.clone())
            .tcp_connect_timeout(Some(timeout))
            .additional_capabilities(capabilities)
            .init(init);
        let conn = Conn::new(opts).map_err(|e| Error::Connect {
            target: self.target.clone(),
            message: e.to_string(),
        })?;
        Ok(Box::new(MysqlConnection {
            conn,
            last_insert_id: None,
            broken: false,
        }))
    }
}

struct MysqlConnection {
    conn: Conn,
    /// The AUTO_INCREMENT value of the last statement run by `execute`, when it made one.
    last_insert_id: Option<u64>,
    broken: bool,
}

impl MysqlConnection {
    /// Maps `error`, remembering when it showed that the connection is gone.
    fn fail(&mut self, error: ::mysql::Error, sql: &str) -> Error {
        let error = map_error(error, sql);
        if matches!(error, Error::ConnectionLost { .. }) {
            self.broken = true;
        }
        error
    }
}

impl BlockingDriver for MysqlConnection {
    fn execute(&mut self, sql: &str, values: &[Value]) -> Result<u64> {
        self.last_insert_id = None;
        let params = bind_all(values)?;
        let outcome = match self
            .conn
            .exec_iter(sql, params)
            .and_then(|mut r| drain(&mut r))
        {
            // A statement the prepared-statement protocol refuses (ER_UNSUPPORTED_PS, e.g.
            // some administrative commands) still runs as text when it has no parameters.
            Err(::mysql::Error::MySqlError(e)) if e.code == 1295 && values.is_empty() => {
                self.conn.query_iter(sql).and_then(|mut r| drain(&mut r))
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

    fn query(&mut self, sql: &str, values: &[Value], on_row: &mut OnRow<'_>) -> Result<()> {
        let params = bind_all(values)?;
        match stream(&mut self.conn, sql, params, on_row) {
            Ok(()) => Ok(()),
            Err(Failure::Driver(e)) => Err(self.fail(e, sql)),
            Err(Failure::Caller(e)) => Err(e),
        }
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        // The crate always negotiates CLIENT_MULTI_STATEMENTS, so the server runs every
        // statement and answers with one result per statement. `query_drop` would discard
        // an error from the second statement on, so each result is read here; the server
        // stops at the first failing statement.
        self.conn
            .query_iter(sql)
            .and_then(|mut result| drain(&mut result))
            .map(drop)
            .map_err(|e| self.fail(e, sql))
    }

    fn last_insert_id(&mut self) -> Option<u64> {
        self.last_insert_id
    }

    /// `COM_RESET_CONNECTION` (rolls back, resets session variables, drops temporary
    /// tables and prepared statements), then the session setup again.
    fn reset(&mut self) -> Result<()> {
        self.last_insert_id = None;
        self.conn
            .reset()
            .map_err(|e| self.fail(e, "COM_RESET_CONNECTION"))
    }

    fn ping(&mut self) -> Result<()> {
        self.conn.ping().map_err(|e| {
            // Whatever the reason, a connection that cannot answer a ping is not reused.
            self.broken = true;
            map_error(e, "COM_PING")
        })
    }

    fn is_broken(&self) -> bool {
        self.broken
    }
}

/// Why [`stream`] stopped: the driver failed, or `on_row` returned an error.
enum Failure {
    Driver(::mysql::Error),
    Caller(Error),
}

/// Runs a prepared statement and hands its rows to `on_row` as they arrive. Every result set
/// is read (only a CALL makes more than one), so an error reported after the first is not
/// lost. Returning early drops the result, which reads and discards what the server still
/// sends, leaving the connection ready for the next statement.
fn stream(
    conn: &mut Conn,
    sql: &str,
    params: Params,
    on_row: &mut OnRow<'_>,
) -> std::result::Result<(), Failure> {
    let mut result = conn.exec_iter(sql, params).map_err(Failure::Driver)?;
    while let Some(set) = result.iter() {
        for row in set {
            let row = row.map_err(Failure::Driver)?;
            on_row(&Row::new(&MyRow { row: &row })).map_err(Failure::Caller)?;
        }
    }
    Ok(())
}

/// Reads every result set of `result`, returning the first error the server reported, and
/// the affected rows and non-zero AUTO_INCREMENT value of the first result.
fn drain<P: ::mysql::prelude::Protocol>(
    result: &mut ::mysql::QueryResult<'_, '_, '_, P>,
) -> std::result::Result<(u64, Option<u64>), ::mysql::Error> {
    let changed = result.affected_rows();
    let insert_id = result.last_insert_id().filter(|id| *id != 0);
    while let Some(set) = result.iter() {
        for row in set {
            row?;
        }
    }
    Ok((changed, insert_id))
}

/// One row of a binary-protocol result.
struct MyRow<'a> {
    row: &'a ::mysql::Row,
}

impl RawRow for MyRow<'_> {
    fn len(&self) -> usize {
        self.row.len()
    }

    fn column_name(&self, index: usize) -> Option<&str> {
        let column = self.row.columns_ref().get(index)?;
        std::str::from_utf8(column.name_ref()).ok()
    }

    fn value(&self, index: usize) -> Result<DbValue<'_>, DecodeError> {
        let (Some(value), Some(column)) =
            (self.row.as_ref(index), self.row.columns_ref().get(index))
        else {
            return Err(DecodeError(format!(
                "the row has only {} columns",
                self.row.len()
            )));
        };
        decode(value, column.column_type(), column.character_set()).map_err(DecodeError)
    }
}

/// One binary-protocol value as a [`DbValue`], borrowing text and bytes from the row. What
/// the bytes of a string-like value mean depends on the column's type and character set.
fn decode(
    value: &MyValue,
    column_type: ColumnType,
    charset: u16,
) -> std::result::Result<DbValue<'_>, String> {
    use ColumnType as T;
    Ok(match value {
        MyValue::NULL => DbValue::Null,
        MyValue::Int(i) => DbValue::Int(*i),
        MyValue::UInt(u) => DbValue::Int(
            i64::try_from(*u).map_err(|_| format!("{u} is larger than the largest i64"))?,
        ),
        MyValue::Float(f) => DbValue::Float(f64::from(*f)),
        MyValue::Double(f) => DbValue::Float(*f),
        MyValue::Date(year, month, day, hour, minute, second, micros) => {
            let date = NaiveDate::from_ymd_opt(i32::from(*year), (*month).into(), (*day).into())
                .ok_or_else(|| format!("{year:04}-{month:02}-{day:02} is not a valid date"))?;
            if matches!(column_type, T::MYSQL_TYPE_DATE | T::MYSQL_TYPE_NEWDATE) {
                DbValue::Date(date)
            } else {
                let time = NaiveTime::from_hms_micro_opt(
                    (*hour).into(),
                    (*minute).into(),
                    (*second).into(),
                    *micros,
                )
                .ok_or_else(|| {
                    format!("{hour:02}:{minute:02}:{second:02}.{micros:06} is not a valid time")
                })?;
                DbValue::DateTime(date.and_time(time))
            }
        }
        MyValue::Time(negative, days, hours, minutes, seconds, micros) => {
            // MySQL TIME is a duration (-838:59:59 to 838:59:59); only a time of day fits.
            let time = (!negative && *days == 0)
                .then(|| {
                    NaiveTime::from_hms_micro_opt(
                        (*hours).into(),
                        (*minutes).into(),
                        (*seconds).into(),
                        *micros,
                    )
                })
                .flatten()
                .ok_or_else(|| {
                    let sign = if *negative { "-" } else { "" };
                    let hours = u64::from(*days) * 24 + u64::from(*hours);
                    format!(
                        "{sign}{hours:02}:{minutes:02}:{seconds:02}.{micros:06} is outside a time of day"
                    )
                })?;
            DbValue::Time(time)
        }
        MyValue::Bytes(bytes) => match column_type {
            T::MYSQL_TYPE_DECIMAL | T::MYSQL_TYPE_NEWDECIMAL => {
                let text = std::str::from_utf8(bytes)
                    .map_err(|e| format!("decimal is not valid UTF-8: {e}"))?;
                DbValue::Decimal(parse_decimal(text)?)
            }
            // MySQL labels JSON with the binary character set, but it is utf8mb4 text.
            T::MYSQL_TYPE_JSON => DbValue::Text(utf8(bytes)?),
            _ if charset == BINARY_CHARSET => DbValue::Bytes(bytes),
            _ => DbValue::Text(utf8(bytes)?),
        },
    })
}

/// A DECIMAL's text, exactly: a value with more significant digits than rust_decimal keeps
/// (28 after the point) is an error rather than rounded. Trailing zeros beyond that are
/// dropped first (a DECIMAL(40,30) holding 1 sends thirty of them), which keeps the value.
fn parse_decimal(text: &str) -> std::result::Result<rust_decimal::Decimal, String> {
    rust_decimal::Decimal::from_str_exact(text)
        .or_else(|e| {
            if !text.contains('.') {
                return Err(e);
            }
            let trimmed = text.trim_end_matches('0').trim_end_matches('.');
            rust_decimal::Decimal::from_str_exact(trimmed).map_err(|_| e)
        })
        .map_err(|e| format!("`{text}` is not a decimal Retort can hold exactly: {e}"))
}

fn utf8(bytes: &[u8]) -> std::result::Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| format!("text is not valid UTF-8: {e}"))
}

fn bind_all(values: &[Value]) -> Result<Params> {
    let values = values.iter().map(bind).collect::<Result<Vec<_>>>()?;
    Ok(Params::Positional(values))
}

/// Refuses times MySQL's microsecond precision would round, and leap seconds.
fn micros(nanos: u32, what: &str) -> Result<u32> {
    if nanos >= 1_000_000_000 {
        return Err(Error::Unsupported(format!(
            "{what} is a leap second, which MySQL cannot store"
        )));
    }
    if !nanos.is_multiple_of(1_000) {
        return Err(Error::Unsupported(format!(
            "{what} has sub-microsecond precision, which is not stored (round it to microseconds)"
        )));
    }
    Ok(nanos / 1_000)
}

/// Refuses years outside the range MySQL supports for DATE and DATETIME.
fn year(date: NaiveDate, what: &str) -> Result<u16> {
    match u16::try_from(date.year()) {
        Ok(year @ 1000..=9999) => Ok(year),
        _ => Err(Error::Unsupported(format!(
            "{what} {date} is outside MySQL's supported years 1000 to 9999"
        ))),
    }
}

fn datetime(value: NaiveDateTime, what: &str) -> Result<MyValue> {
    let year = year(value.date(), what)?;
    let micros = micros(value.nanosecond(), what)?;
    Ok(MyValue::Date(
        year,
        value.month() as u8,
        value.day() as u8,
        value.hour() as u8,
        value.minute() as u8,
        value.second() as u8,
        micros,
    ))
}

fn float(value: f64, what: &str) -> Result<()> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(Error::Unsupported(format!(
            "MySQL cannot store the {what} {value} (NaN and infinities are not numbers there)"
        )))
    }
}

/// One sea-query value as a MySQL parameter.
fn bind(value: &Value) -> Result<MyValue> {
    use MyValue as M;
    let text = |s: &str| M::Bytes(s.as_bytes().to_vec());
    Ok(match value {
        Value::Bool(Some(b)) => M::Int(i64::from(*b)),
        Value::TinyInt(Some(i)) => M::Int((*i).into()),
        Value::SmallInt(Some(i)) => M::Int((*i).into()),
        Value::Int(Some(i)) => M::Int((*i).into()),
        Value::BigInt(Some(i)) => M::Int(*i),
        Value::TinyUnsigned(Some(u)) => M::UInt((*u).into()),
        Value::SmallUnsigned(Some(u)) => M::UInt((*u).into()),
        Value::Unsigned(Some(u)) => M::UInt((*u).into()),
        Value::BigUnsigned(Some(u)) => M::UInt(*u),
        Value::Float(Some(f)) => {
            float(f64::from(*f), "float")?;
            M::Float(*f)
        }
        Value::Double(Some(f)) => {
            float(*f, "double")?;
            M::Double(*f)
        }
        Value::String(Some(s)) => text(s),
        Value::Char(Some(c)) => text(c.encode_utf8(&mut [0; 4])),
        // A sea-query enum is its variant's name, as MySQL ENUM columns take it.
        Value::Enum(sea_query::OptionEnum::Some(e)) => text(&e.value),
        Value::Bytes(Some(b)) => M::Bytes(b.clone()),
        Value::Json(Some(j)) => text(&j.to_string()),
        Value::Decimal(Some(d)) => text(&d.to_string()),
        Value::Uuid(Some(u)) => text(&u.hyphenated().to_string()),
        Value::ChronoDate(Some(d)) => M::Date(
            year(*d, "the date")?,
            d.month() as u8,
            d.day() as u8,
            0,
            0,
            0,
            0,
        ),
        Value::ChronoTime(Some(t)) => M::Time(
            false,
            0,
            t.hour() as u8,
            t.minute() as u8,
            t.second() as u8,
            micros(t.nanosecond(), "a time")?,
        ),
        Value::ChronoDateTime(Some(t)) => datetime(*t, "the timestamp")?,
        // MySQL has no time-zone type: Retort keeps the UTC value in DATETIME(6).
        Value::ChronoDateTimeUtc(Some(t)) => datetime(t.naive_utc(), "the timestamp")?,
        Value::Bool(None)
        | Value::TinyInt(None)
        | Value::SmallInt(None)
        | Value::Int(None)
        | Value::BigInt(None)
        | Value::TinyUnsigned(None)
        | Value::SmallUnsigned(None)
        | Value::Unsigned(None)
        | Value::BigUnsigned(None)
        | Value::Float(None)
        | Value::Double(None)
        | Value::String(None)
        | Value::Enum(sea_query::OptionEnum::None(_))
        | Value::Char(None)
        | Value::Bytes(None)
        | Value::Json(None)
        | Value::Decimal(None)
        | Value::Uuid(None)
        | Value::ChronoDate(None)
        | Value::ChronoTime(None)
        | Value::ChronoDateTime(None)
        | Value::ChronoDateTimeUtc(None)
        | Value::ChronoDateTimeLocal(None)
        | Value::ChronoDateTimeWithTimeZone(None) => M::NULL,
        other => return Err(Error::Unsupported(format!("MySQL cannot store {other:?}"))),
    })
}

/// A `mysql` crate error as a Retort error: server errors by their code (constraint
/// violations become [`Error::Constraint`]), and failures of the connection itself
/// [`Error::ConnectionLost`].
fn map_error(error: ::mysql::Error, sql: &str) -> Error {
    use ::mysql::DriverError as D;
    match error {
        ::mysql::Error::MySqlError(e) => server_error(e.code, e.message, sql),
        // The socket failed, or the packet stream is no longer in a state the connection
        // can continue from.
        ::mysql::Error::IoError(_)
        | ::mysql::Error::CodecError(_)
        | ::mysql::Error::DriverError(
            D::ConnectTimeout
            | D::CouldNotConnect(_)
            | D::PacketOutOfSync
            | D::PacketTooLarge
            | D::UnexpectedPacket
            | D::Timeout,
        ) => Error::ConnectionLost {
            message: error.to_string(),
        },
        other => Error::Database {
            message: other.to_string(),
            sql: sql.to_owned(),
            code: None,
        },
    }
}

/// A server error by its code, keeping the server's message.
fn server_error(code: u16, message: String, sql: &str) -> Error {
    let constraint = |kind| constraint_error(kind, code, message.clone());
    match code {
        // ER_DUP_ENTRY.
        1062 => constraint(ConstraintKind::Unique),
        // ER_ROW_IS_REFERENCED(_2), ER_NO_REFERENCED_ROW(_2).
        1216 | 1217 | 1451 | 1452 => constraint(ConstraintKind::ForeignKey),
        // ER_BAD_NULL_ERROR, ER_NO_DEFAULT_FOR_FIELD.
        1048 | 1364 => constraint(ConstraintKind::NotNull),
        // MySQL ER_CHECK_CONSTRAINT_VIOLATED, MariaDB ER_CONSTRAINT_FAILED.
        3819 | 4025 => constraint(ConstraintKind::Check),
        // ER_LOCK_DEADLOCK.
        1213 => Error::Deadlock { message },
        // ER_LOCK_WAIT_TIMEOUT; MySQL ER_LOCK_NOWAIT.
        1205 | 3572 => Error::LockTimeout { message },
        // ER_CHECKREAD: MariaDB's snapshot isolation saw a row changed by another
        // transaction.
        1020 => Error::SerializationFailure { message },
        // ER_SERVER_SHUTDOWN, ER_CONNECTION_KILLED (MariaDB), the client codes for a server
        // gone away or a lost connection, MySQL's disconnect for inactivity.
        1053 | 1927 | 2006 | 2013 | 4031 => Error::ConnectionLost { message },
        _ => Error::Database {
            message,
            sql: sql.to_owned(),
            code: Some(code.to_string()),
        },
    }
}

/// Reads what the server's message names:
///
/// - `Duplicate entry 'x' for key 'name'` (MySQL 8 writes `'table.name'`);
/// - ``… a foreign key constraint fails (`db`.`child`, CONSTRAINT `name` FOREIGN KEY (`a`, `b`) REFERENCES …)``;
/// - `Column 'x' cannot be null`, `Field 'x' doesn't have a default value`;
/// - `Check constraint 'name' is violated.` (MySQL), ``CONSTRAINT `name` failed for `db`.`table` `` (MariaDB,
///   which names a column's own check `table.column`).
fn constraint_error(kind: ConstraintKind, code: u16, message: String) -> Error {
    let (mut table, mut columns, mut constraint) = (None, Vec::new(), None);
    match code {
        1062 => {
            if let Some(key) = message
                .rsplit_once(" for key '")
                .and_then(|(_, rest)| rest.strip_suffix('\''))
            {
                match key.split_once('.') {
                    Some((t, name)) => {
                        table = Some(t.to_owned());
                        constraint = Some(name.to_owned());
                    }
                    None => constraint = Some(key.to_owned()),
                }
            }
        }
        1216 | 1217 | 1451 | 1452 => {
            if let Some(detail) = message.split_once(" fails (").map(|(_, d)| d) {
                // The constrained (child) table, after its database.
                if let Some((qualified, _)) = detail.split_once(", CONSTRAINT ") {
                    table = quoted_names(qualified).pop();
                }
            }
            if let Some(rest) = message.split_once("CONSTRAINT `").map(|(_, r)| r) {
                constraint = rest.split_once('`').map(|(name, _)| name.to_owned());
            }
            if let Some(list) = message
                .split_once("FOREIGN KEY (")
                .and_then(|(_, rest)| rest.split_once(')'))
                .map(|(list, _)| list)
            {
                columns = quoted_names(list);
            }
        }
        1048 | 1364 => {
            columns.extend(
                message
                    .split_once('\'')
                    .and_then(|(_, rest)| rest.split_once('\''))
                    .map(|(column, _)| column.to_owned()),
            );
        }
        3819 => {
            constraint = message
                .split_once("constraint '")
                .and_then(|(_, rest)| rest.rsplit_once("' is violated"))
                .map(|(name, _)| name.to_owned());
        }
        4025 => {
            if let Some((name, rest)) = message
                .strip_prefix("CONSTRAINT `")
                .and_then(|rest| rest.split_once("` failed for "))
            {
                constraint = Some(name.to_owned());
                table = quoted_names(rest).pop();
                // A check written on a column is named after it: `table.column`.
                if let (Some(t), Some((prefix, column))) = (&table, name.split_once('.'))
                    && prefix == t
                {
                    columns.push(column.to_owned());
                }
            }
        }
        _ => {}
    }
    Error::Constraint {
        kind,
        table,
        columns,
        constraint,
        message,
    }
}

/// The backquoted names in `text`: `` `db`.`t` `` gives `db` and `t`. (A backquote inside
/// a name is doubled by MySQL.)
fn quoted_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some((_, after)) = rest.split_once('`') {
        let mut name = String::new();
        let mut chars = after.char_indices().peekable();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            if c == '`' {
                if matches!(chars.peek(), Some((_, '`'))) {
                    chars.next();
                    name.push('`');
                } else {
                    end = Some(i + 1);
                    break;
                }
            } else {
                name.push(c);
            }
        }
        let Some(end) = end else { break };
        names.push(name);
        rest = &after[end..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn classify(code: u16, message: &str) -> Error {
        server_error(code, message.to_owned(), "SQL")
    }

    fn constraint_parts(
        error: Error,
    ) -> (ConstraintKind, Option<String>, Vec<String>, Option<String>) {
        match error {
            Error::Constraint {
                kind,
                table,
                columns,
                constraint,
                ..
            } => (kind, table, columns, constraint),
            other => panic!("expected a constraint error, got {other:?}"),
        }
    }

    fn s(text: &str) -> Option<String> {
        Some(text.to_owned())
    }

    #[test]
    fn unique_violation_names_the_key() {
        // MariaDB: the key alone.
        let (kind, table, columns, constraint) =
            constraint_parts(classify(1062, "Duplicate entry 'a' for key 'uq_name'"));
        assert_eq!(kind, ConstraintKind::Unique);
        assert_eq!((table, constraint), (None, s("uq_name")));
        assert!(columns.is_empty());
        // MySQL 8: `table.key`; a quote in the value does not confuse the parse.
        let (_, table, _, constraint) = constraint_parts(classify(
            1062,
            "Duplicate entry 'it's for key 'x'' for key 'users.PRIMARY'",
        ));
        assert_eq!((table, constraint), (s("users"), s("PRIMARY")));
    }

    #[test]
    fn foreign_key_violations() {
        let child = "Cannot add or update a child row: a foreign key constraint fails (`shop`.`order_items`, CONSTRAINT `fk_items_order` FOREIGN KEY (`order_id`, `shop_id`) REFERENCES `orders` (`id`, `shop_id`))";
        let (kind, table, columns, constraint) = constraint_parts(classify(1452, child));
        assert_eq!(kind, ConstraintKind::ForeignKey);
        assert_eq!(table, s("order_items"));
        assert_eq!(columns, ["order_id", "shop_id"]);
        assert_eq!(constraint, s("fk_items_order"));

        let parent = "Cannot delete or update a parent row: a foreign key constraint fails (`test`.`c`, CONSTRAINT `fk_c_p` FOREIGN KEY (`p_id`) REFERENCES `p` (`id`))";
        let (kind, table, columns, constraint) = constraint_parts(classify(1451, parent));
        assert_eq!(kind, ConstraintKind::ForeignKey);
        assert_eq!((table, constraint), (s("c"), s("fk_c_p")));
        assert_eq!(columns, ["p_id"]);

        // The old codes carry no detail.
        let (kind, table, columns, constraint) = constraint_parts(classify(
            1216,
            "Cannot add or update a child row: a foreign key constraint fails",
        ));
        assert_eq!(kind, ConstraintKind::ForeignKey);
        assert_eq!((table, constraint), (None, None));
        assert!(columns.is_empty());
        let (kind, ..) = constraint_parts(classify(
            1217,
            "Cannot delete or update a parent row: a foreign key constraint fails",
        ));
        assert_eq!(kind, ConstraintKind::ForeignKey);
    }

    #[test]
    fn not_null_violations_name_the_column() {
        for (code, message) in [
            (1048, "Column 'name' cannot be null"),
            (1364, "Field 'name' doesn't have a default value"),
        ] {
            let (kind, table, columns, constraint) = constraint_parts(classify(code, message));
            assert_eq!(kind, ConstraintKind::NotNull);
            assert_eq!((table, constraint), (None, None));
            assert_eq!(columns, ["name"]);
        }
    }

    #[test]
    fn check_violations() {
        // MySQL.
        let (kind, table, columns, constraint) = constraint_parts(classify(
            3819,
            "Check constraint 'users_chk_1' is violated.",
        ));
        assert_eq!(kind, ConstraintKind::Check);
        assert_eq!((table, constraint), (None, s("users_chk_1")));
        assert!(columns.is_empty());
        // MariaDB, a table constraint.
        let (kind, table, columns, constraint) = constraint_parts(classify(
            4025,
            "CONSTRAINT `ck_named` failed for `retort_my_helper`.`p`",
        ));
        assert_eq!(kind, ConstraintKind::Check);
        assert_eq!((table, constraint), (s("p"), s("ck_named")));
        assert!(columns.is_empty());
        // MariaDB, a column's own check.
        let (_, table, columns, constraint) =
            constraint_parts(classify(4025, "CONSTRAINT `p.age` failed for `test`.`p`"));
        assert_eq!((table, constraint), (s("p"), s("p.age")));
        assert_eq!(columns, ["age"]);
    }

    #[test]
    fn transaction_conflicts_and_lost_connections() {
        assert!(matches!(
            classify(
                1213,
                "Deadlock found when trying to get lock; try restarting transaction"
            ),
            Error::Deadlock { .. }
        ));
        assert!(matches!(
            classify(
                1205,
                "Lock wait timeout exceeded; try restarting transaction"
            ),
            Error::LockTimeout { .. }
        ));
        assert!(matches!(
            classify(1020, "Record has changed since last read in table 't'"),
            Error::SerializationFailure { .. }
        ));
        for code in [1053, 1927, 2006, 2013, 4031] {
            assert!(matches!(
                classify(code, "Connection was killed"),
                Error::ConnectionLost { .. }
            ));
        }
        match classify(1146, "Table 'test.nope' doesn't exist") {
            Error::Database { message, sql, .. } => {
                assert_eq!(message, "Table 'test.nope' doesn't exist");
                assert_eq!(sql, "SQL");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn driver_errors() {
        let io = ::mysql::Error::IoError(std::io::Error::new(
            std::io::ErrorKind::BrokenPipe,
            "server disconnected",
        ));
        assert!(matches!(map_error(io, "SQL"), Error::ConnectionLost { .. }));
        let mismatch =
            ::mysql::Error::DriverError(::mysql::DriverError::MismatchedStmtParams(2, 1));
        assert!(matches!(map_error(mismatch, "SQL"), Error::Database { .. }));
        let server = ::mysql::Error::MySqlError(::mysql::MySqlError {
            state: "23000".into(),
            message: "Column 'a' cannot be null".into(),
            code: 1048,
        });
        assert!(matches!(
            map_error(server, "SQL"),
            Error::Constraint {
                kind: ConstraintKind::NotNull,
                ..
            }
        ));
    }

    #[test]
    fn quoted_names_handle_doubled_backquotes() {
        assert_eq!(quoted_names("`db`.`we``ird`, x"), ["db", "we`ird"]);
        assert_eq!(quoted_names("`unterminated"), Vec::<String>::new());
    }

    fn refused(value: Value) -> String {
        match bind(&value) {
            Err(Error::Unsupported(message)) => message,
            other => panic!("expected {value:?} to be refused, got {other:?}"),
        }
    }

    #[test]
    fn binds_portable_values() {
        let date = NaiveDate::from_ymd_opt(2024, 5, 1).expect("valid date");
        let time = NaiveTime::from_hms_micro_opt(13, 45, 0, 250_000).expect("valid time");
        let cases = [
            (Value::Bool(Some(true)), MyValue::Int(1)),
            (Value::BigUnsigned(Some(u64::MAX)), MyValue::UInt(u64::MAX)),
            (Value::Double(Some(1.5)), MyValue::Double(1.5)),
            (Value::Char(Some('é')), MyValue::Bytes("é".into())),
            (
                Value::Decimal(Some("12.50".parse().expect("decimal"))),
                MyValue::Bytes(b"12.50".to_vec()),
            ),
            (
                Value::Uuid(Some(uuid::Uuid::from_u128(0xABCD))),
                MyValue::Bytes(b"00000000-0000-0000-0000-00000000abcd".to_vec()),
            ),
            (
                Value::Json(Some(Box::new(serde_json::json!({"a": 1})))),
                MyValue::Bytes(br#"{"a":1}"#.to_vec()),
            ),
            (
                Value::ChronoDate(Some(date)),
                MyValue::Date(2024, 5, 1, 0, 0, 0, 0),
            ),
            (
                Value::ChronoTime(Some(time)),
                MyValue::Time(false, 0, 13, 45, 0, 250_000),
            ),
            (
                Value::ChronoDateTimeUtc(Some(Utc.from_utc_datetime(&date.and_time(time)))),
                MyValue::Date(2024, 5, 1, 13, 45, 0, 250_000),
            ),
            (Value::Uuid(None), MyValue::NULL),
            (Value::ChronoDateTimeWithTimeZone(None), MyValue::NULL),
        ];
        for (value, expected) in cases {
            assert_eq!(bind(&value).expect("binds"), expected, "{value:?}");
        }
    }

    #[test]
    fn refuses_values_mysql_would_change() {
        assert!(refused(Value::Double(Some(f64::NAN))).contains("NaN"));
        refused(Value::Double(Some(f64::INFINITY)));
        refused(Value::Float(Some(f32::NEG_INFINITY)));
        let early = NaiveDate::from_ymd_opt(999, 12, 31).expect("valid date");
        assert!(refused(Value::ChronoDate(Some(early))).contains("1000 to 9999"));
        let late = NaiveDate::from_ymd_opt(10_000, 1, 1).expect("valid date");
        refused(Value::ChronoDateTime(Some(
            late.and_hms_opt(0, 0, 0).expect("valid"),
        )));
        let nanos = NaiveTime::from_hms_nano_opt(1, 2, 3, 500).expect("valid time");
        assert!(refused(Value::ChronoTime(Some(nanos))).contains("sub-microsecond"));
        let date = NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date");
        refused(Value::ChronoDateTime(Some(date.and_time(nanos))));
        let leap = NaiveTime::from_hms_milli_opt(23, 59, 59, 1_500).expect("leap second");
        assert!(refused(Value::ChronoTime(Some(leap))).contains("leap second"));
        let with_offset = chrono::FixedOffset::east_opt(3600)
            .expect("offset")
            .from_utc_datetime(&date.and_hms_opt(0, 0, 0).expect("valid"));
        assert!(refused(Value::ChronoDateTimeWithTimeZone(Some(with_offset))).contains("MySQL"));
    }

    #[test]
    fn decodes_by_column_type() {
        use ColumnType as T;
        const UTF8MB4: u16 = 45;
        let text = MyValue::Bytes(b"hello".to_vec());
        assert_eq!(
            decode(&text, T::MYSQL_TYPE_VAR_STRING, UTF8MB4),
            Ok(DbValue::Text("hello"))
        );
        assert_eq!(
            decode(&text, T::MYSQL_TYPE_BLOB, BINARY_CHARSET),
            Ok(DbValue::Bytes(b"hello"))
        );
        let json = MyValue::Bytes(br#"{"a":1}"#.to_vec());
        assert_eq!(
            decode(&json, T::MYSQL_TYPE_JSON, BINARY_CHARSET),
            Ok(DbValue::Text(r#"{"a":1}"#))
        );
        let decimal = MyValue::Bytes(b"-12.50".to_vec());
        assert_eq!(
            decode(&decimal, T::MYSQL_TYPE_NEWDECIMAL, BINARY_CHARSET),
            Ok(DbValue::Decimal("-12.50".parse().expect("decimal")))
        );
        let long_zeros = MyValue::Bytes(b"1.000000000000000000000000000000".to_vec());
        assert_eq!(
            decode(&long_zeros, T::MYSQL_TYPE_NEWDECIMAL, BINARY_CHARSET),
            Ok(DbValue::Decimal(rust_decimal::Decimal::ONE))
        );
        let too_precise = MyValue::Bytes(b"0.123456789012345678901234567890".to_vec());
        assert!(decode(&too_precise, T::MYSQL_TYPE_NEWDECIMAL, BINARY_CHARSET).is_err());
        let invalid = MyValue::Bytes(vec![0xff, 0xfe]);
        assert!(decode(&invalid, T::MYSQL_TYPE_VAR_STRING, UTF8MB4).is_err());

        assert_eq!(
            decode(&MyValue::UInt(7), T::MYSQL_TYPE_LONGLONG, BINARY_CHARSET),
            Ok(DbValue::Int(7))
        );
        assert!(
            decode(
                &MyValue::UInt(u64::MAX),
                T::MYSQL_TYPE_LONGLONG,
                BINARY_CHARSET
            )
            .is_err()
        );
        assert_eq!(
            decode(&MyValue::Float(0.5), T::MYSQL_TYPE_FLOAT, BINARY_CHARSET),
            Ok(DbValue::Float(0.5))
        );
        assert_eq!(
            decode(&MyValue::NULL, T::MYSQL_TYPE_LONG, BINARY_CHARSET),
            Ok(DbValue::Null)
        );

        let date = NaiveDate::from_ymd_opt(2024, 2, 29).expect("valid date");
        let stamp = MyValue::Date(2024, 2, 29, 23, 59, 58, 123_456);
        assert_eq!(
            decode(
                &MyValue::Date(2024, 2, 29, 0, 0, 0, 0),
                T::MYSQL_TYPE_DATE,
                BINARY_CHARSET
            ),
            Ok(DbValue::Date(date))
        );
        let expected = date
            .and_hms_micro_opt(23, 59, 58, 123_456)
            .expect("valid timestamp");
        for column_type in [T::MYSQL_TYPE_DATETIME, T::MYSQL_TYPE_TIMESTAMP] {
            assert_eq!(
                decode(&stamp, column_type, BINARY_CHARSET),
                Ok(DbValue::DateTime(expected))
            );
        }
        let zero = MyValue::Date(0, 0, 0, 0, 0, 0, 0);
        assert!(decode(&zero, T::MYSQL_TYPE_DATE, BINARY_CHARSET).is_err());

        assert_eq!(
            decode(
                &MyValue::Time(false, 0, 8, 30, 0, 5),
                T::MYSQL_TYPE_TIME,
                BINARY_CHARSET
            ),
            Ok(DbValue::Time(
                NaiveTime::from_hms_micro_opt(8, 30, 0, 5).expect("valid time")
            ))
        );
        for outside in [
            MyValue::Time(true, 0, 1, 0, 0, 0),
            MyValue::Time(false, 1, 1, 0, 0, 0),
        ] {
            let message =
                decode(&outside, T::MYSQL_TYPE_TIME, BINARY_CHARSET).expect_err("outside a day");
            assert!(message.contains("outside a time of day"), "{message}");
        }
    }

    #[test]
    fn rejects_bad_urls() {
        match MysqlConnector::new("mysql://user:secret@host:notaport/db") {
            Err(Error::InvalidUrl { url, .. }) => assert!(!url.contains("secret")),
            Err(other) => panic!("unexpected {other:?}"),
            Ok(_) => panic!("accepted a bad URL"),
        }
        assert!(MysqlConnector::new("mysql://root@127.0.0.1:3306/test").is_ok());
    }
}
