//! PostgreSQL through tokio-postgres, driven by a runtime of its own for blocking use
//! ([`client`]; plain TCP or Unix socket, no TLS).
//!
//! Every statement is prepared once per connection and cached, so PostgreSQL reports the
//! type it inferred for each parameter; values are then converted to exactly that type
//! before anything is sent (parameters travel in the binary format of their type, so an
//! `i64` cannot simply be sent where PostgreSQL inferred `int4`). Conversions that would change a value are refused
//! with [`Error::Unsupported`]: integers out of the target's range or not exactly
//! representable as the target float, a `f64` that `real` would round, times with
//! sub-microsecond precision (PostgreSQL keeps microseconds), text containing NUL.
//! NaN and ±infinity floats are stored as they are.
//!
//! Another session may change the schema under a cached statement (recreate an enum type,
//! alter a column's type). A refusal based on a cached statement's parameter types is
//! checked against a fresh prepare first; a cached statement the server rejects as stale
//! empties the cache and, outside a transaction block, is prepared and run again (inside
//! one the server has aborted the transaction, so the error is returned).
//!
//! Sessions run with `TIME ZONE 'UTC'`, so `CURRENT_TIMESTAMP` stored into a `timestamp`
//! column, and text casts of `timestamptz`, are in UTC. Reading maps each column by its type (domains by their base
//! type); `numeric` values that [`Decimal`] cannot hold exactly (NaN, ±infinity, more than
//! 28 decimal places, too many digits) and types without a portable Rust equivalent fail
//! with [`Error::Decode`] rather than being rounded or guessed.

use std::borrow::Cow;
use std::collections::HashMap;
use std::error::Error as StdError;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use bytes::BytesMut;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use rust_decimal::Decimal;
use sea_query::Value;
use tokio_postgres::error::{DbError, Severity};
use tokio_postgres::types::{FromSql, IsNull, Kind, ToSql, Type};
use tokio_postgres::{Config, Statement};
use uuid::Uuid;

#[cfg(feature = "async")]
mod asynch;
mod client;

use self::client::{BlockingClient, ConnectFailure, PgClient, PingFailure, QueryFailure};
use super::{BlockingDriver, Connector, OnRow, block_ready};
use crate::error::{ConstraintKind, DecodeError, Error, Result};
use crate::row::{RawRow, Row};
use crate::value::DbValue;

/// How many prepared statements a connection keeps before starting over: bounds the
/// memory held on both ends when an application builds many distinct statements.
const STATEMENT_CACHE_LIMIT: usize = 512;

/// Opens connections to one PostgreSQL database.
pub(crate) struct PostgresConnector {
    config: Config,
    /// The URL without its password, for error messages.
    target: String,
}

impl PostgresConnector {
    /// Parses a `postgres://` / `postgresql://` URL (or a `key=value` connection string)
    /// without connecting yet.
    pub(crate) fn new(url: &str) -> Result<Self> {
        let target = crate::url::redact(url);
        let config = Config::from_str(url).map_err(|e| Error::InvalidUrl {
            url: target.clone(),
            reason: describe(&e),
        })?;
        // The driver would only notice this when connecting; say it where the URL is read.
        if config.get_hosts().is_empty() && config.get_hostaddrs().is_empty() {
            return Err(Error::InvalidUrl {
                url: target,
                reason: "no host: expected postgres://USER@HOST[:PORT]/DATABASE".into(),
            });
        }
        Ok(PostgresConnector { config, target })
    }
}

impl Connector for PostgresConnector {
    fn connect(&self, timeout: Duration) -> Result<Box<dyn super::DriverConnection>> {
        Ok(Box::new(self.open(timeout)?))
    }
}

impl PostgresConnector {
    /// A new session, as [`Connector::connect`] returns it.
    fn open(&self, timeout: Duration) -> Result<PostgresConnection> {
        let connect_error = |e: tokio_postgres::Error| Error::Connect {
            target: self.target.clone(),
            message: describe(&e),
        };
        let mut config = self.config.clone();
        // A zero timeout would fail every attempt at once; treat it as "no limit".
        if !timeout.is_zero() {
            config.connect_timeout(timeout);
        }
        let client = BlockingClient::connect(&config).map_err(|failure| match failure {
            ConnectFailure::Driver(e) => connect_error(e),
            ConnectFailure::Runtime(e) => Error::Connect {
                target: self.target.clone(),
                message: format!("could not start the driver's I/O runtime: {e}"),
            },
        })?;
        block_ready(PostgresConnection::start(client, timeout)).map_err(connect_error)
    }
}

/// One open PostgreSQL session, over a blocking client ([`BlockingClient`]) or an async
/// one ([`AsyncClient`](self::asynch::AsyncClient)): the statement cache, binding, error
/// mapping and transaction tracking below are written once, as `async` code over
/// [`PgClient`].
struct PostgresConnection<C = BlockingClient> {
    client: C,
    /// Prepared statements by SQL text, so repeated statements skip the prepare round trip.
    statements: HashMap<String, Statement>,
    /// Set when an error showed the session is gone (see [`DriverConnection::is_broken`]).
    ///
    /// [`DriverConnection::is_broken`]: super::DriverConnection::is_broken
    broken: bool,
    /// How long a ping waits for the server: the connect timeout.
    ping_timeout: Duration,
    /// Whether the session is inside a transaction block. The driver does not expose the
    /// status the server reports with each ReadyForQuery, so it is followed from the SQL
    /// run here (see [`transaction_effect`]).
    block: Block,
    /// A statement failed inside the current transaction block: PostgreSQL has aborted it,
    /// and will turn its COMMIT into a ROLLBACK.
    aborted: bool,
}

/// The session's transaction status as far as the SQL run through the connection tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    /// No transaction block: every statement runs (and fails) on its own.
    Idle,
    /// Inside `BEGIN` … `COMMIT`/`ROLLBACK`, possibly aborted by an error.
    Open,
    /// Transaction control failed or could not be read: treated as [`Block::Open`] until
    /// the next `COMMIT`/`ROLLBACK` succeeds.
    Unknown,
}

/// What to do with a bound statement: the one difference between executing and querying.
enum Action<'a, 'r> {
    /// Run it for the number of rows it changed.
    Execute,
    /// Hand each row to the callback.
    Query(&'a mut OnRow<'r>),
}

impl<C: PgClient> PostgresConnection<C> {
    /// A session over `client`, just connected: sets its time zone to UTC, so that
    /// `CURRENT_TIMESTAMP` into a `timestamp` column and `::text` casts of timestamptz give
    /// UTC whatever the server's configured zone.
    async fn start(client: C, timeout: Duration) -> Result<Self, tokio_postgres::Error> {
        client.batch_execute("SET TIME ZONE 'UTC'").await?;
        Ok(PostgresConnection {
            client,
            statements: HashMap::new(),
            broken: false,
            ping_timeout: if timeout.is_zero() {
                Duration::from_secs(30)
            } else {
                timeout
            },
            block: Block::Idle,
            aborted: false,
        })
    }

    /// The prepared statement for `sql`, and whether it came from the cache (and so may
    /// predate a schema change made by another session).
    async fn statement(&mut self, sql: &str) -> Result<(Statement, bool), tokio_postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok((statement.clone(), true));
        }
        if may_change_schema(sql) {
            // DDL run as a statement: cached statements may not survive it, and it is not
            // worth caching itself.
            self.statements.clear();
            return Ok((self.client.prepare(sql).await?, false));
        }
        let statement = self.client.prepare(sql).await?;
        if self.statements.len() >= STATEMENT_CACHE_LIMIT {
            self.statements.clear();
        }
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok((statement, false))
    }

    /// Maps a driver error, and records what it says about this connection: a lost
    /// session marks it broken; a stale or missing server-side statement empties the cache
    /// so the next use prepares afresh.
    fn fail(&mut self, error: &tokio_postgres::Error, sql: &str) -> Error {
        let mapped = map_error(error, sql);
        if matches!(mapped, Error::ConnectionLost { .. }) {
            self.broken = true;
        }
        if self.block != Block::Idle {
            self.aborted = true;
        }
        // Any 0A000, not only "cached plan must not change result type" (whose text the
        // server translates): emptying the cache costs at most a few prepares.
        let clear = error.as_db_error().is_some_and(|db| {
            db.code().code() == "0A000" || stale_statement(db.code().code(), db.message())
        });
        if clear {
            self.statements.clear();
        }
        mapped
    }

    /// Prepares (or takes from the cache), binds and runs `sql` as `action` says, and
    /// follows what it does to the transaction block. Returns the rows changed (0 for a
    /// query).
    async fn run(
        &mut self,
        sql: &str,
        values: &[Value],
        mut action: Action<'_, '_>,
    ) -> Result<u64> {
        let result = self.run_fresh(sql, values, &mut action).await;
        if let Some(after) = statement_effect(sql) {
            self.block = if result.is_ok() {
                after
            } else {
                Block::Unknown
            };
            if self.block != Block::Unknown {
                self.aborted = false;
            }
        }
        result
    }

    /// [`Self::run`] without the transaction bookkeeping. A statement from the cache was
    /// prepared against the schema of that time, which another session may have changed
    /// since (a type dropped and created again, a column's type altered); two symptoms
    /// are recovered from, each at most once per call, after which the statement is fresh:
    ///
    /// - binding refuses a value for a parameter type PostgreSQL inferred back then:
    ///   nothing has run yet, so the statement is prepared again and bound again, and only
    ///   a refusal by the fresh types is reported;
    /// - the server rejects the stale statement before executing it (see
    ///   [`stale_statement`]): the cache is emptied and, outside a transaction block, the
    ///   statement prepared and run again. Inside one the server has aborted the
    ///   transaction, so the error is returned; the first statement after `ROLLBACK`
    ///   prepares afresh.
    async fn run_fresh(
        &mut self,
        sql: &str,
        values: &[Value],
        action: &mut Action<'_, '_>,
    ) -> Result<u64> {
        let (mut statement, mut cached) = match self.statement(sql).await {
            Ok(found) => found,
            Err(e) => return Err(self.fail(&e, sql)),
        };
        loop {
            let params = match bind_all(&statement, values, sql) {
                Ok(params) => params,
                Err(Error::Unsupported(_)) if cached => {
                    self.statements.remove(sql);
                    (statement, cached) = match self.statement(sql).await {
                        Ok(fresh) => fresh,
                        Err(e) => return Err(self.fail(&e, sql)),
                    };
                    continue;
                }
                Err(e) => return Err(e),
            };
            let outcome = match action {
                Action::Execute => {
                    let params: Vec<&(dyn ToSql + Sync)> =
                        params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
                    self.client
                        .execute(&statement, &params)
                        .await
                        .map_err(Failure::Driver)
                }
                Action::Query(on_row) => stream_rows(&self.client, &statement, &params, on_row)
                    .await
                    .map(|()| 0),
            };
            let error = match outcome {
                Ok(done) => return Ok(done),
                Err(Failure::Row(e)) => return Err(e),
                Err(Failure::AfterRows(e)) => return Err(self.fail(&e, sql)),
                Err(Failure::Driver(e)) => e,
            };
            let stale = cached
                && error
                    .as_db_error()
                    .is_some_and(|db| stale_statement(db.code().code(), db.message()));
            // Empties the cache when the statement was stale.
            let mapped = self.fail(&error, sql);
            if !stale || self.block != Block::Idle {
                return Err(mapped);
            }
            (statement, cached) = match self.statement(sql).await {
                Ok(fresh) => fresh,
                // The tracking was wrong and the stale statement aborted a transaction
                // block: report the first error, as inside a known block.
                Err(e) if e.code().is_some_and(|c| c.code() == "25P02") => {
                    self.block = Block::Open;
                    return Err(mapped);
                }
                Err(e) => return Err(self.fail(&e, sql)),
            };
            tracing::debug!(
                target: "retort::sql",
                sql,
                error = %mapped,
                "prepared a statement again after a schema change by another session"
            );
        }
    }

    /// Runs SQL without parameters, following the transaction control in it.
    async fn run_batch(&mut self, sql: &str) -> Result<()> {
        // DDL can change the result types of cached statements; transaction control, which
        // runs far more often, keeps them.
        if may_change_schema(sql) {
            self.statements.clear();
        }
        let was_aborted = self.aborted && self.block != Block::Idle;
        let mut result = match self.client.batch_execute(sql).await {
            Ok(()) => Ok(()),
            Err(e) => Err(self.fail(&e, sql)),
        };
        // A failed batch leaves the block as it was, unless it held transaction control:
        // which of its statements ran is then unknown.
        if let Some(after) = transaction_effect(sql) {
            self.block = if result.is_ok() {
                after
            } else {
                Block::Unknown
            };
            if self.block != Block::Unknown {
                self.aborted = false;
            }
        }
        // Rolling back to a savepoint makes an aborted transaction usable again.
        let mut words = sql.split_whitespace();
        if result.is_ok()
            && words
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("ROLLBACK"))
            && words.next().is_some_and(|w| w.eq_ignore_ascii_case("TO"))
        {
            self.aborted = false;
        }
        // PostgreSQL answers the COMMIT of an aborted transaction with a ROLLBACK, and no
        // error: report it, or the caller would believe its changes were kept.
        let first_word = sql.split_whitespace().next().unwrap_or_default();
        if was_aborted
            && result.is_ok()
            && (first_word.eq_ignore_ascii_case("COMMIT") || first_word.eq_ignore_ascii_case("END"))
        {
            result = Err(Error::Database {
                message: "the transaction was rolled back, not committed: a statement in it \
                          had failed"
                    .into(),
                sql: sql.to_owned(),
                code: Some("25P02".into()),
            });
        }
        result
    }

    /// Ends any transaction block and undoes `SET`s (`RESET ALL` keeps the settings the
    /// connection was opened with), then sets the session's time zone again.
    async fn run_reset(&mut self) -> Result<()> {
        let sql = "ROLLBACK; RESET ALL; SET TIME ZONE 'UTC'";
        if let Err(e) = self.client.batch_execute(sql).await {
            return Err(self.fail(&e, sql));
        }
        self.block = Block::Idle;
        self.aborted = false;
        Ok(())
    }

    /// A round trip, given up after the connect timeout.
    async fn run_ping(&mut self) -> Result<()> {
        let failure = match self.client.ping(self.ping_timeout).await {
            Ok(()) => return Ok(()),
            Err(failure) => failure,
        };
        Err(match failure {
            PingFailure::Driver(e) if e.as_db_error().is_some() => self.fail(&e, ""),
            // A timeout or transport failure: whatever it was, the session is unusable.
            PingFailure::Driver(e) => {
                self.broken = true;
                Error::ConnectionLost {
                    message: describe(&e),
                }
            }
            PingFailure::Timeout => {
                self.broken = true;
                Error::ConnectionLost {
                    message: format!("the server did not answer within {:?}", self.ping_timeout),
                }
            }
        })
    }

    /// True inside a transaction block, and when unsure (see [`Block::Unknown`]): a
    /// needless `ROLLBACK` only draws a warning from the server.
    fn may_be_in_transaction(&self) -> bool {
        self.block != Block::Idle
    }

    fn is_lost(&self) -> bool {
        self.broken || self.client.is_closed()
    }
}

/// Whether a server error raised while running a *cached* statement means its server-side
/// plan or parameter types are stale. These errors are raised while binding or
/// revalidating the statement, before it runs: `XX000 cache lookup failed for type …` (a
/// parameter type was dropped: an enum recreated gets a new OID), `0A000 cached plan must
/// not change result type` (a table or result type changed), `26000` (the server no longer
/// knows the statement). Not `42P01`/`42703`: a missing table or column is missing for a
/// fresh statement too, and such errors also come from running a statement.
fn stale_statement(code: &str, message: &str) -> bool {
    match code {
        // elog messages, never translated.
        "XX000" => message.starts_with("cache lookup failed for "),
        "0A000" => message == "cached plan must not change result type",
        "26000" => true,
        _ => false,
    }
}

/// The blocking session: its client's calls have finished when they return, so the shared
/// `async` code above completes in one poll.
impl BlockingDriver for PostgresConnection<BlockingClient> {
    fn execute(&mut self, sql: &str, values: &[Value]) -> Result<u64> {
        block_ready(self.run(sql, values, Action::Execute))
    }

    fn query(&mut self, sql: &str, values: &[Value], on_row: &mut OnRow<'_>) -> Result<()> {
        block_ready(self.run(sql, values, Action::Query(on_row))).map(drop)
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        block_ready(self.run_batch(sql))
    }

    fn reset(&mut self) -> Result<()> {
        block_ready(self.run_reset())
    }

    fn in_transaction(&self) -> bool {
        self.may_be_in_transaction()
    }

    fn ping(&mut self) -> Result<()> {
        block_ready(self.run_ping())
    }

    fn is_broken(&self) -> bool {
        self.is_lost()
    }
}

/// Why running a statement stopped: the driver failed before any row reached the caller
/// (the statement may be retried), or after some did, or the caller's row callback failed
/// (its error is passed through untouched).
enum Failure {
    Driver(tokio_postgres::Error),
    AfterRows(tokio_postgres::Error),
    Row(Error),
}

/// Runs a prepared query and hands each row to `on_row` as it arrives, without collecting
/// the result first.
async fn stream_rows<C: PgClient>(
    client: &C,
    statement: &Statement,
    params: &[Param<'_>],
    on_row: &mut OnRow<'_>,
) -> Result<(), Failure> {
    client
        .query_each(statement, params, &mut |row| {
            on_row(&Row::new(&PgRow { row }))
        })
        .await
        .map_err(|failure| match failure {
            QueryFailure::Driver {
                error,
                after_rows: true,
            } => Failure::AfterRows(error),
            QueryFailure::Driver { error, .. } => Failure::Driver(error),
            QueryFailure::Row(e) => Failure::Row(e),
        })
}

// ---------------------------------------------------------------------------------------
// Reading SQL text

/// A token of SQL text, as far as statement boundaries and leading keywords matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'s> {
    /// A keyword or unquoted identifier.
    Word(&'s str),
    /// The `;` ending a statement.
    Semicolon,
    /// Anything else, each one opaque: a string constant, quoted identifier or
    /// dollar-quoted body (so a `;` or keyword inside it is not seen), a number, a
    /// parameter, punctuation.
    Other(&'s str),
}

impl Token<'_> {
    fn is(&self, keyword: &str) -> bool {
        matches!(self, Token::Word(w) if w.eq_ignore_ascii_case(keyword))
    }
}

/// The tokens of SQL text, skipping whitespace and comments (`--`, nested `/* */`).
/// Escape strings (`E'…'`) honour backslashes; plain strings are read as with
/// `standard_conforming_strings` on, the default since PostgreSQL 9.1.
struct Tokens<'s> {
    sql: &'s str,
    at: usize,
    /// Where the last token ended, if it was the word `E` (an escape string's prefix).
    escape_prefix_end: Option<usize>,
}

impl<'s> Tokens<'s> {
    fn new(sql: &'s str) -> Self {
        Tokens {
            sql,
            at: 0,
            escape_prefix_end: None,
        }
    }
}

/// Bytes that may start an unquoted identifier (any non-ASCII byte, as PostgreSQL does).
fn starts_word(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

/// Bytes that may continue an unquoted identifier.
fn continues_word(b: u8) -> bool {
    starts_word(b) || b.is_ascii_digit() || b == b'$'
}

impl<'s> Iterator for Tokens<'s> {
    type Item = Token<'s>;

    fn next(&mut self) -> Option<Token<'s>> {
        let bytes = self.sql.as_bytes();
        let len = bytes.len();
        let from = |i: usize, pred: &dyn Fn(u8) -> bool| {
            bytes[i..]
                .iter()
                .position(|&b| !pred(b))
                .map_or(len, |n| i + n)
        };
        // Whitespace and comments.
        loop {
            let at = self.at;
            match *bytes.get(at)? {
                b if b.is_ascii_whitespace() => self.at += 1,
                b'-' if bytes.get(at + 1) == Some(&b'-') => self.at = from(at, &|b| b != b'\n'),
                b'/' if bytes.get(at + 1) == Some(&b'*') => {
                    let mut depth = 0usize;
                    let mut i = at;
                    self.at = len;
                    while i + 1 < len {
                        match &bytes[i..i + 2] {
                            b"/*" => {
                                depth += 1;
                                i += 2;
                            }
                            b"*/" => {
                                depth -= 1;
                                i += 2;
                                if depth == 0 {
                                    self.at = i;
                                    break;
                                }
                            }
                            _ => i += 1,
                        }
                    }
                }
                _ => break,
            }
        }
        let start = self.at;
        let escape = self.escape_prefix_end.take() == Some(start);
        let end = match bytes[start] {
            b';' => {
                self.at = start + 1;
                return Some(Token::Semicolon);
            }
            quote @ (b'\'' | b'"') => {
                let backslash = escape && quote == b'\'';
                let mut i = start + 1;
                loop {
                    match bytes.get(i).copied() {
                        None => break len,
                        Some(b'\\') if backslash => i += 2,
                        Some(b) if b == quote => {
                            if bytes.get(i + 1) == Some(&quote) {
                                i += 2;
                            } else {
                                break i + 1;
                            }
                        }
                        Some(_) => i += 1,
                    }
                }
                .min(len)
            }
            b'$' => {
                // `$tag$ … $tag$` or `$$ … $$`; otherwise a parameter such as `$1`.
                let tag_end = if bytes.get(start + 1).copied().is_some_and(starts_word) {
                    from(start + 1, &|b| continues_word(b) && b != b'$')
                } else {
                    start + 1
                };
                if bytes.get(tag_end) == Some(&b'$') {
                    let tag = &self.sql[start..=tag_end];
                    self.sql[tag_end + 1..]
                        .find(tag)
                        .map_or(len, |i| tag_end + 1 + i + tag.len())
                } else {
                    from(start + 1, &|b| b.is_ascii_digit())
                }
            }
            b if starts_word(b) => {
                let end = from(start, &continues_word);
                self.at = end;
                let word = &self.sql[start..end];
                if word.eq_ignore_ascii_case("e") {
                    self.escape_prefix_end = Some(end);
                }
                return Some(Token::Word(word));
            }
            b if b.is_ascii_digit() => from(start, &|b| b.is_ascii_alphanumeric() || b == b'.'),
            _ => start + 1,
        };
        self.at = end;
        Some(Token::Other(&self.sql[start..end]))
    }
}

/// How a statement leaves the transaction block when it succeeds, judged by its first
/// tokens; `None` for statements that do not start or end one (including `SAVEPOINT`,
/// `ROLLBACK TO SAVEPOINT`, `COMMIT PREPARED`).
fn effect_of(head: &[Token<'_>]) -> Option<Block> {
    let is = |i: usize, keyword: &str| head.get(i).is_some_and(|t| t.is(keyword));
    if is(0, "BEGIN") || is(0, "START") {
        return Some(Block::Open);
    }
    if is(0, "PREPARE") {
        // PREPARE TRANSACTION hands the transaction over to two-phase commit.
        return is(1, "TRANSACTION").then_some(Block::Idle);
    }
    if !["COMMIT", "END", "ROLLBACK", "ABORT"]
        .iter()
        .any(|k| is(0, k))
    {
        return None;
    }
    let next = if is(1, "WORK") || is(1, "TRANSACTION") {
        2
    } else {
        1
    };
    if is(next, "TO") || is(1, "PREPARED") {
        return None;
    }
    if is(next, "AND") && is(next + 1, "CHAIN") {
        // COMMIT AND CHAIN starts the next transaction at once.
        return Some(Block::Open);
    }
    Some(Block::Idle)
}

/// How many leading tokens [`effect_of`] looks at.
const HEAD: usize = 4;

/// [`effect_of`] for SQL run as one prepared statement (the extended protocol allows only
/// one).
fn statement_effect(sql: &str) -> Option<Block> {
    let head: Vec<Token<'_>> = Tokens::new(sql)
        .take_while(|t| *t != Token::Semicolon)
        .take(HEAD)
        .collect();
    effect_of(&head)
}

/// How `sql`, one or more statements run as a batch, leaves the transaction block when it
/// succeeds: the effect of its last transaction-control statement; `None` when it has
/// none. A `BEGIN ATOMIC` function body holds `;` that do not end the statement, so the
/// statements after it cannot be told apart: [`Block::Unknown`].
fn transaction_effect(sql: &str) -> Option<Block> {
    let mut effect = None;
    let mut head = Vec::with_capacity(HEAD);
    let mut previous = Token::Semicolon;
    for token in Tokens::new(sql).chain([Token::Semicolon]) {
        if token == Token::Semicolon {
            if let Some(after) = effect_of(&head) {
                effect = Some(after);
            }
            head.clear();
        } else if previous.is("BEGIN") && token.is("ATOMIC") {
            return Some(Block::Unknown);
        } else if head.len() < HEAD {
            head.push(token);
        }
        previous = token;
    }
    effect
}

/// False when every statement in `sql` starts with a keyword that cannot change tables or
/// types (queries, DML, transaction control, `SET`); true for DDL and anything unknown.
fn may_change_schema(sql: &str) -> bool {
    const SAFE: [&str; 20] = [
        "SELECT",
        "INSERT",
        "UPDATE",
        "DELETE",
        "WITH",
        "VALUES",
        "TABLE",
        "MERGE",
        "BEGIN",
        "START",
        "COMMIT",
        "END",
        "ROLLBACK",
        "ABORT",
        "SAVEPOINT",
        "RELEASE",
        "SET",
        "SHOW",
        "EXPLAIN",
        "LOCK",
    ];
    let mut tokens = Tokens::new(sql).filter(|t| *t != Token::Other("("));
    // The first token of each statement: `tokens` is at a statement's start here.
    while let Some(first) = tokens.next() {
        if first == Token::Semicolon {
            continue;
        }
        if !SAFE.iter().any(|k| first.is(k)) {
            return true;
        }
        if !tokens.any(|t| t == Token::Semicolon) {
            break;
        }
    }
    false
}

// ---------------------------------------------------------------------------------------
// Reading rows

/// One result row, read column by column into [`DbValue`]s borrowing from the row.
struct PgRow<'a> {
    row: &'a tokio_postgres::Row,
}

/// A column's bytes as PostgreSQL sent them (binary format), whatever its type: decoding
/// is then chosen by the column type rather than by what the driver would accept.
struct RawBytes<'a>(&'a [u8]);

impl<'a> FromSql<'a> for RawBytes<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(RawBytes(raw))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

impl RawRow for PgRow<'_> {
    fn len(&self) -> usize {
        self.row.len()
    }

    fn column_name(&self, index: usize) -> Option<&str> {
        self.row.columns().get(index).map(|c| c.name())
    }

    fn value(&self, index: usize) -> Result<DbValue<'_>, DecodeError> {
        let Some(column) = self.row.columns().get(index) else {
            return Err(DecodeError(format!(
                "the row has only {} columns",
                self.row.len()
            )));
        };
        let raw: Option<RawBytes<'_>> = self
            .row
            .try_get(index)
            .map_err(|e| DecodeError(describe(&e)))?;
        match raw {
            None => Ok(DbValue::Null),
            Some(RawBytes(raw)) => decode(column.type_(), raw).map_err(DecodeError),
        }
    }
}

/// A domain's underlying type (through nested domains); any other type itself.
fn base_type(ty: &Type) -> &Type {
    match ty.kind() {
        Kind::Domain(inner) => base_type(inner),
        _ => ty,
    }
}

/// True for types whose binary form is UTF-8 text: the character types, enums (their
/// label) and the `citext` extension type.
fn is_text(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
    ) || matches!(ty.kind(), Kind::Enum(_))
        || ty.name() == "citext"
}

/// Decodes one non-NULL column value of type `ty` from its binary form.
fn decode<'a>(ty: &Type, raw: &'a [u8]) -> Result<DbValue<'a>, String> {
    /// The driver's own decoder for `T`, called directly: the type is already checked.
    fn via<'a, T: FromSql<'a>>(ty: &Type, raw: &'a [u8]) -> Result<T, String> {
        T::from_sql(ty, raw).map_err(|e| e.to_string())
    }
    let base = base_type(ty);
    Ok(match *base {
        Type::BOOL => DbValue::Bool(via(base, raw)?),
        Type::INT2 => DbValue::Int(via::<i16>(base, raw)?.into()),
        Type::INT4 => DbValue::Int(via::<i32>(base, raw)?.into()),
        Type::INT8 => DbValue::Int(via(base, raw)?),
        Type::OID => DbValue::Int(via::<u32>(base, raw)?.into()),
        Type::FLOAT4 => DbValue::Float(via::<f32>(base, raw)?.into()),
        Type::FLOAT8 => DbValue::Float(via(base, raw)?),
        Type::NUMERIC => DbValue::Decimal(decode_numeric(raw)?),
        Type::BYTEA => DbValue::Bytes(raw),
        Type::DATE => {
            refuse_infinite(raw, i64::from(i32::MAX), i64::from(i32::MIN), "date")?;
            DbValue::Date(via(base, raw)?)
        }
        Type::TIME => DbValue::Time(decode_time(raw)?),
        Type::TIMESTAMP => {
            refuse_infinite(raw, i64::MAX, i64::MIN, "timestamp")?;
            DbValue::DateTime(via(base, raw)?)
        }
        Type::TIMESTAMPTZ => {
            refuse_infinite(raw, i64::MAX, i64::MIN, "timestamptz")?;
            DbValue::DateTimeUtc(via(base, raw)?)
        }
        Type::UUID => DbValue::Uuid(via(base, raw)?),
        Type::JSON | Type::JSONB => DbValue::Json(via(base, raw)?),
        _ if is_text(base) => DbValue::Text(
            std::str::from_utf8(raw).map_err(|e| format!("text is not valid UTF-8: {e}"))?,
        ),
        _ => {
            return Err(format!(
                "unsupported PostgreSQL type {}; cast it in SQL (e.g. ::text)",
                ty.name()
            ));
        }
    })
}

/// Dates and timestamps are sent as a big-endian count whose extremes mean `infinity` and
/// `-infinity`; chrono has no such values, so say so instead of a generic overflow.
fn refuse_infinite(raw: &[u8], plus: i64, minus: i64, type_name: &str) -> Result<(), String> {
    let count = match raw.len() {
        4 => raw
            .try_into()
            .map(|b| i64::from(i32::from_be_bytes(b)))
            .ok(),
        8 => raw.try_into().map(i64::from_be_bytes).ok(),
        _ => None,
    };
    match count {
        Some(c) if c == plus => Err(format!("{type_name} 'infinity' has no chrono equivalent")),
        Some(c) if c == minus => Err(format!("{type_name} '-infinity' has no chrono equivalent")),
        _ => Ok(()),
    }
}

/// Decodes a `time` (microseconds since midnight). The driver's own decoder wraps
/// PostgreSQL's `24:00:00` round to midnight; here it is refused instead.
fn decode_time(raw: &[u8]) -> Result<NaiveTime, String> {
    let micros = <[u8; 8]>::try_from(raw)
        .map(i64::from_be_bytes)
        .map_err(|_| "malformed time value".to_owned())?;
    if micros == 86_400_000_000 {
        return Err("time 24:00:00 has no chrono equivalent".into());
    }
    u32::try_from(micros.div_euclid(1_000_000))
        .ok()
        .and_then(|seconds| {
            let nanos = (micros.rem_euclid(1_000_000) * 1_000) as u32;
            NaiveTime::from_num_seconds_from_midnight_opt(seconds, nanos)
        })
        .ok_or_else(|| format!("time of {micros} microseconds is out of range"))
}

/// Decodes PostgreSQL's binary `numeric` exactly, or explains why [`Decimal`] cannot hold
/// it. (rust_decimal's own decoder rounds values with more than 28 decimal places.)
///
/// The format: digit count, weight (power of 10000 of the first digit), sign, display
/// scale, then base-10000 digits, all big-endian 16-bit.
fn decode_numeric(raw: &[u8]) -> Result<Decimal, String> {
    let word = |i: usize| {
        raw.get(2 * i..2 * i + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "truncated numeric value".to_owned())
    };
    let count = usize::from(word(0)?);
    let weight = i64::from(word(1)? as i16);
    let sign = word(2)?;
    let display_scale = u32::from(word(3)?);
    let negative = match sign {
        0x0000 => false,
        0x4000 => true,
        0xC000 => return Err("numeric NaN has no Decimal equivalent".into()),
        0xD000 => return Err("numeric Infinity has no Decimal equivalent".into()),
        0xF000 => return Err("numeric -Infinity has no Decimal equivalent".into()),
        other => return Err(format!("unknown numeric sign {other:#06x}")),
    };
    let digits = (0..count)
        .map(|i| word(4 + i).map(i128::from))
        .collect::<Result<Vec<i128>, String>>()?;
    if digits.iter().any(|&d| d > 9999) {
        return Err("malformed numeric value (digit above 9999)".into());
    }
    // Power of ten of the last digit of base-10000 digit `i`.
    let exponent = |i: usize| 4 * (weight - i as i64);
    // The fewest decimal places that hold the value exactly.
    let min_scale = match digits.iter().rposition(|&d| d != 0) {
        None => return Ok(Decimal::ZERO),
        Some(last) => {
            let mut trailing_zeros = 0;
            let mut d = digits[last];
            while d % 10 == 0 {
                d /= 10;
                trailing_zeros += 1;
            }
            (-(exponent(last) + trailing_zeros)).max(0)
        }
    };
    let out_of_range =
        || "numeric value is outside Decimal's range (at most 28-29 significant digits)".to_owned();
    if min_scale > i64::from(Decimal::MAX_SCALE) {
        return Err(format!(
            "numeric value has more than {} decimal places, which Decimal cannot hold",
            Decimal::MAX_SCALE
        ));
    }
    let mut mantissa: i128 = 0;
    for (i, &digit) in digits.iter().enumerate() {
        if digit == 0 {
            continue;
        }
        let shift = exponent(i) + min_scale;
        let term = if shift >= 0 {
            u32::try_from(shift)
                .ok()
                .and_then(|s| 10i128.checked_pow(s))
                .and_then(|f| digit.checked_mul(f))
                .ok_or_else(out_of_range)?
        } else {
            // Only the last non-zero digit can reach below the scale, by its trailing zeros.
            digit / 10i128.pow((-shift) as u32)
        };
        mantissa = mantissa.checked_add(term).ok_or_else(out_of_range)?;
    }
    // Keep the column's scale where Decimal can (3950.100 stays 3950.100), as
    // rust_decimal does, but never at the cost of the value.
    const MANTISSA_LIMIT: i128 = 1 << 96;
    if mantissa >= MANTISSA_LIMIT {
        return Err(out_of_range());
    }
    let mut scale = min_scale as u32;
    let target = display_scale.min(Decimal::MAX_SCALE);
    while scale < target && mantissa * 10 < MANTISSA_LIMIT {
        mantissa *= 10;
        scale += 1;
    }
    let signed = if negative { -mantissa } else { mantissa };
    Decimal::try_from_i128_with_scale(signed, scale).map_err(|_| out_of_range())
}

// ---------------------------------------------------------------------------------------
// Binding parameters

/// A parameter converted to exactly the type PostgreSQL inferred for it; encoding it
/// cannot change it.
#[derive(Debug)]
enum Param<'v> {
    Null,
    Bool(bool),
    Int2(i16),
    Int4(i32),
    Int8(i64),
    Float4(f32),
    Float8(f64),
    Numeric(Decimal),
    /// Text for a text-like or enum parameter.
    Text(Cow<'v, str>),
    /// Text already checked to be a JSON document, for a json/jsonb parameter.
    JsonText(Cow<'v, str>),
    Json(&'v serde_json::Value),
    Bytes(&'v [u8]),
    Date(NaiveDate),
    Time(NaiveTime),
    Timestamp(NaiveDateTime),
    TimestampTz(DateTime<Utc>),
    Uuid(Uuid),
}

/// An encoding failure inside [`ToSql::to_sql`] (e.g. a date beyond PostgreSQL's range);
/// [`map_error`] recognises it and reports [`Error::Unsupported`].
#[derive(Debug)]
struct BindError(String);

impl fmt::Display for BindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for BindError {}

impl ToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        // A domain is sent in its base type's binary form.
        let ty = base_type(ty);
        let result = match self {
            Param::Null => return Ok(IsNull::Yes),
            Param::Bool(v) => v.to_sql(ty, out),
            Param::Int2(v) => v.to_sql(ty, out),
            Param::Int4(v) => v.to_sql(ty, out),
            Param::Int8(v) => v.to_sql(ty, out),
            Param::Float4(v) => v.to_sql(ty, out),
            Param::Float8(v) => v.to_sql(ty, out),
            Param::Numeric(v) => v.to_sql(ty, out),
            // The binary form of text, of an enum label and of citext is the UTF-8 bytes.
            Param::Text(v) => v.as_ref().to_sql(&Type::TEXT, out),
            Param::JsonText(v) => {
                if *ty == Type::JSONB {
                    out.extend_from_slice(&[1]); // jsonb binary format version
                }
                out.extend_from_slice(v.as_bytes());
                Ok(IsNull::No)
            }
            Param::Json(v) => v.to_sql(ty, out),
            Param::Bytes(v) => v.to_sql(ty, out),
            Param::Date(v) => v.to_sql(ty, out),
            Param::Time(v) => v.to_sql(ty, out),
            Param::Timestamp(v) => v.to_sql(ty, out),
            Param::TimestampTz(v) => v.to_sql(ty, out),
            Param::Uuid(v) => v.to_sql(ty, out),
        };
        result.map_err(|e| -> Box<dyn StdError + Sync + Send> {
            Box::new(BindError(format!(
                "PostgreSQL cannot encode {self:?} as {}: {e}",
                ty.name()
            )))
        })
    }

    /// Any type: the conversion to the parameter's type was decided (or refused) before.
    fn accepts(_: &Type) -> bool {
        true
    }

    fn to_sql_checked(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        self.to_sql(ty, out)
    }
}

/// Converts every value to its parameter's type, before anything is sent, so a refusal is
/// a typed [`Error::Unsupported`] and the statement does not run.
fn bind_all<'v>(statement: &Statement, values: &'v [Value], sql: &str) -> Result<Vec<Param<'v>>> {
    let types = statement.params();
    if types.len() != values.len() {
        return Err(Error::Database {
            message: format!(
                "the statement has {} parameters but {} values were given",
                types.len(),
                values.len()
            ),
            sql: sql.to_owned(),
            code: None,
        });
    }
    values
        .iter()
        .zip(types)
        .enumerate()
        .map(|(i, (value, ty))| {
            bind(value, ty).map_err(|e| match e {
                Error::Unsupported(message) => {
                    Error::Unsupported(format!("{message} (parameter ${})", i + 1))
                }
                other => other,
            })
        })
        .collect()
}

/// A sea-query value reduced to what matters for binding: integers of every width as one
/// kind, chars as text, and so on.
enum Scalar<'v> {
    Null,
    Bool(bool),
    Int(i128),
    Float4(f32),
    Float8(f64),
    Decimal(Decimal),
    Text(Cow<'v, str>),
    Bytes(&'v [u8]),
    Json(&'v serde_json::Value),
    Date(NaiveDate),
    Time(NaiveTime),
    DateTime(NaiveDateTime),
    DateTimeUtc(DateTime<Utc>),
    Uuid(Uuid),
}

impl Scalar<'_> {
    /// What kind of value this is, for error messages.
    fn kind(&self) -> &'static str {
        match self {
            Scalar::Null => "NULL",
            Scalar::Bool(_) => "a boolean",
            Scalar::Int(_) => "an integer",
            Scalar::Float4(_) | Scalar::Float8(_) => "a float",
            Scalar::Decimal(_) => "a decimal",
            Scalar::Text(_) => "text",
            Scalar::Bytes(_) => "bytes",
            Scalar::Json(_) => "JSON",
            Scalar::Date(_) => "a date",
            Scalar::Time(_) => "a time",
            Scalar::DateTime(_) => "a timestamp",
            Scalar::DateTimeUtc(_) => "a timestamp with time zone",
            Scalar::Uuid(_) => "a UUID",
        }
    }
}

/// The [`Scalar`] of a sea-query value; NULL of any supported variant is [`Scalar::Null`].
fn scalar(value: &Value) -> Result<Scalar<'_>> {
    fn or_null<'v, T>(v: Option<T>, f: impl FnOnce(T) -> Scalar<'v>) -> Scalar<'v> {
        v.map_or(Scalar::Null, f)
    }
    Ok(match value {
        Value::Bool(v) => or_null(*v, Scalar::Bool),
        Value::TinyInt(v) => or_null(*v, |i| Scalar::Int(i.into())),
        Value::SmallInt(v) => or_null(*v, |i| Scalar::Int(i.into())),
        Value::Int(v) => or_null(*v, |i| Scalar::Int(i.into())),
        Value::BigInt(v) => or_null(*v, |i| Scalar::Int(i.into())),
        Value::TinyUnsigned(v) => or_null(*v, |i| Scalar::Int(i.into())),
        Value::SmallUnsigned(v) => or_null(*v, |i| Scalar::Int(i.into())),
        Value::Unsigned(v) => or_null(*v, |i| Scalar::Int(i.into())),
        Value::BigUnsigned(v) => or_null(*v, |i| Scalar::Int(i.into())),
        Value::Float(v) => or_null(*v, Scalar::Float4),
        Value::Double(v) => or_null(*v, Scalar::Float8),
        Value::Decimal(v) => or_null(*v, Scalar::Decimal),
        Value::String(v) => or_null(v.as_deref(), |s| Scalar::Text(Cow::Borrowed(s))),
        Value::Char(v) => or_null(*v, |c| Scalar::Text(Cow::Owned(c.to_string()))),
        Value::Enum(sea_query::OptionEnum::Some(e)) => Scalar::Text(Cow::Borrowed(&e.value)),
        Value::Enum(sea_query::OptionEnum::None(_)) => Scalar::Null,
        Value::Bytes(v) => or_null(v.as_deref(), Scalar::Bytes),
        Value::Json(v) => or_null(v.as_deref(), Scalar::Json),
        Value::ChronoDate(v) => or_null(*v, Scalar::Date),
        Value::ChronoTime(v) => or_null(*v, Scalar::Time),
        Value::ChronoDateTime(v) => or_null(*v, Scalar::DateTime),
        Value::ChronoDateTimeUtc(v) => or_null(*v, Scalar::DateTimeUtc),
        Value::Uuid(v) => or_null(*v, Scalar::Uuid),
        other => {
            return Err(Error::Unsupported(format!(
                "the PostgreSQL driver cannot bind {other:?}"
            )));
        }
    })
}

/// Refuses times PostgreSQL would change: it keeps microseconds, and has no leap seconds
/// (chrono's 23:59:60 would become the next minute).
fn check_micros(nanos: u32, what: &str) -> Result<()> {
    if nanos >= 1_000_000_000 {
        return Err(Error::Unsupported(format!(
            "{what} falls on a leap second, which PostgreSQL does not store"
        )));
    }
    if !nanos.is_multiple_of(1_000) {
        return Err(Error::Unsupported(format!(
            "{what} has sub-microsecond precision, which PostgreSQL does not store (round it to microseconds)"
        )));
    }
    Ok(())
}

/// Converts one value to the parameter type `ty` PostgreSQL inferred, or refuses.
fn bind<'v>(value: &'v Value, ty: &Type) -> Result<Param<'v>> {
    let base = base_type(ty);
    let scalar = scalar(value)?;
    let out_of_range = |shown: &dyn fmt::Display| {
        Error::Unsupported(format!(
            "{shown} is out of range for PostgreSQL type {}",
            ty.name()
        ))
    };
    let inexact = |shown: &dyn fmt::Display| {
        Error::Unsupported(format!(
            "{shown} cannot be stored exactly as PostgreSQL type {}",
            ty.name()
        ))
    };
    let cannot = |scalar: &Scalar<'_>| {
        Error::Unsupported(format!(
            "PostgreSQL cannot bind {} as {}",
            scalar.kind(),
            ty.name()
        ))
    };
    Ok(match scalar {
        Scalar::Null => Param::Null,
        Scalar::Bool(b) if *base == Type::BOOL => Param::Bool(b),
        Scalar::Int(i) => match *base {
            Type::INT2 => Param::Int2(i16::try_from(i).map_err(|_| out_of_range(&i))?),
            Type::INT4 => Param::Int4(i32::try_from(i).map_err(|_| out_of_range(&i))?),
            Type::INT8 => Param::Int8(i64::try_from(i).map_err(|_| out_of_range(&i))?),
            Type::NUMERIC => Param::Numeric(
                Decimal::try_from_i128_with_scale(i, 0).map_err(|_| out_of_range(&i))?,
            ),
            // Integers beyond 2^24 (real) or 2^53 (double) would be rounded.
            Type::FLOAT4 if (i as f32) as i128 == i => Param::Float4(i as f32),
            Type::FLOAT8 if (i as f64) as i128 == i => Param::Float8(i as f64),
            Type::FLOAT4 | Type::FLOAT8 => return Err(inexact(&i)),
            _ => return Err(cannot(&scalar)),
        },
        Scalar::Float4(f) if *base == Type::FLOAT4 => Param::Float4(f),
        Scalar::Float4(f) if *base == Type::FLOAT8 => Param::Float8(f.into()),
        Scalar::Float8(f) if *base == Type::FLOAT8 => Param::Float8(f),
        Scalar::Float8(f) if *base == Type::FLOAT4 => {
            let narrow = f as f32;
            if f64::from(narrow) != f && !f.is_nan() {
                return Err(inexact(&f));
            }
            Param::Float4(narrow)
        }
        Scalar::Decimal(d) if *base == Type::NUMERIC => Param::Numeric(d),
        Scalar::Text(ref s) if s.contains('\0') => {
            return Err(Error::Unsupported(
                "PostgreSQL text cannot contain NUL characters".into(),
            ));
        }
        Scalar::Text(s) if is_text(base) => Param::Text(s),
        Scalar::Text(s) if matches!(*base, Type::JSON | Type::JSONB) => {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&s) {
                return Err(Error::Unsupported(format!(
                    "text bound as {} is not valid JSON: {e}",
                    ty.name()
                )));
            }
            // Sent as written: re-serializing could reorder keys or round numbers.
            Param::JsonText(s)
        }
        Scalar::Bytes(b) if *base == Type::BYTEA => Param::Bytes(b),
        Scalar::Json(j) if matches!(*base, Type::JSON | Type::JSONB) => Param::Json(j),
        Scalar::Json(j) if is_text(base) => Param::Text(Cow::Owned(j.to_string())),
        Scalar::Date(d) if *base == Type::DATE => Param::Date(d),
        Scalar::Time(t) if *base == Type::TIME => {
            check_micros(t.nanosecond(), "a time")?;
            Param::Time(t)
        }
        Scalar::DateTime(t) if matches!(*base, Type::TIMESTAMP | Type::TIMESTAMPTZ) => {
            check_micros(t.nanosecond(), "a timestamp")?;
            if *base == Type::TIMESTAMP {
                Param::Timestamp(t)
            } else {
                // A timestamp without zone stands for UTC, as everywhere in Retort.
                Param::TimestampTz(t.and_utc())
            }
        }
        Scalar::DateTimeUtc(t) if matches!(*base, Type::TIMESTAMP | Type::TIMESTAMPTZ) => {
            check_micros(t.nanosecond(), "a timestamp")?;
            if *base == Type::TIMESTAMPTZ {
                Param::TimestampTz(t)
            } else {
                Param::Timestamp(t.naive_utc())
            }
        }
        Scalar::Uuid(u) if *base == Type::UUID => Param::Uuid(u),
        Scalar::Uuid(u) if is_text(base) => Param::Text(Cow::Owned(u.hyphenated().to_string())),
        other => return Err(cannot(&other)),
    })
}

// ---------------------------------------------------------------------------------------
// Errors

/// The parts of a server error that decide how it is reported; separate from
/// [`DbError`] (which cannot be built outside the driver) so the mapping is testable.
#[derive(Debug, Default)]
struct DbFields<'a> {
    code: &'a str,
    /// FATAL or PANIC: the server ends the session after sending it.
    fatal: bool,
    message: &'a str,
    detail: Option<&'a str>,
    hint: Option<&'a str>,
    table: Option<&'a str>,
    column: Option<&'a str>,
    constraint: Option<&'a str>,
}

impl<'a> From<&'a DbError> for DbFields<'a> {
    fn from(db: &'a DbError) -> Self {
        DbFields {
            code: db.code().code(),
            fatal: matches!(
                db.parsed_severity(),
                Some(Severity::Fatal | Severity::Panic)
            ),
            message: db.message(),
            detail: db.detail(),
            hint: db.hint(),
            table: db.table(),
            column: db.column(),
            constraint: db.constraint(),
        }
    }
}

/// A driver error as a Retort error: SQLSTATE classes become the typed variants
/// (constraints, deadlock, serialization failure, lock timeout, lost connection); a
/// failure while encoding a parameter is [`Error::Unsupported`].
fn map_error(error: &tokio_postgres::Error, sql: &str) -> Error {
    if let Some(db) = error.as_db_error() {
        return map_db_error(&DbFields::from(db), sql);
    }
    if let Some(bind) = error.source().and_then(|s| s.downcast_ref::<BindError>()) {
        return Error::Unsupported(bind.0.clone());
    }
    // `Closed`: the session ended (e.g. `pg_terminate_backend`, whose FATAL message the
    // driver consumes); an I/O error under the driver's error: the socket failed.
    if error.is_closed() || error.source().is_some_and(|s| s.is::<std::io::Error>()) {
        return Error::ConnectionLost {
            message: describe(error),
        };
    }
    Error::Database {
        message: describe(error),
        sql: sql.to_owned(),
        code: None,
    }
}

/// Classifies a server error by its SQLSTATE.
fn map_db_error(db: &DbFields<'_>, sql: &str) -> Error {
    let message = with_detail(db);
    let code = db.code;
    if let Some(class_23) = code.strip_prefix("23") {
        let kind = match class_23 {
            "505" => ConstraintKind::Unique,
            "503" => ConstraintKind::ForeignKey,
            "502" => ConstraintKind::NotNull,
            "514" => ConstraintKind::Check,
            _ => ConstraintKind::Other,
        };
        let columns = match (db.column, db.detail) {
            (Some(column), _) => vec![column.to_owned()],
            (None, Some(detail)) if key_names_own_columns(kind, detail) => key_columns(detail),
            _ => Vec::new(),
        };
        return Error::Constraint {
            kind,
            table: db.table.map(str::to_owned),
            columns,
            constraint: db.constraint.map(str::to_owned),
            message,
        };
    }
    match code {
        "40P01" => Error::Deadlock { message },
        "40001" => Error::SerializationFailure { message },
        "55P03" => Error::LockTimeout { message },
        // Administrator shutdown / crash shutdown / cannot connect now, any connection
        // exception, or any FATAL error: the server has ended the session.
        "57P01" | "57P02" | "57P03" => Error::ConnectionLost { message },
        _ if code.starts_with("08") || db.fatal => Error::ConnectionLost { message },
        _ => {
            let message = match db.hint {
                Some(hint) => format!("{message} (hint: {hint})"),
                None => message,
            };
            Error::Database {
                message: format!("{message} [SQLSTATE {code}]"),
                sql: sql.to_owned(),
                code: Some(code.to_owned()),
            }
        }
    }
}

/// The server's message followed by its detail line, when there is one.
fn with_detail(db: &DbFields<'_>) -> String {
    match db.detail {
        Some(detail) => format!("{}; {detail}", db.message),
        None => db.message.to_owned(),
    }
}

/// Whether the `Key (…)` of a violation's detail names columns of the reported table: yes
/// for unique violations and for a foreign key whose referenced row is missing; no for a
/// row still referenced (the key is the referenced table's, the table the referencing one).
fn key_names_own_columns(kind: ConstraintKind, detail: &str) -> bool {
    match kind {
        ConstraintKind::Unique => true,
        ConstraintKind::ForeignKey => detail.contains("is not present in table"),
        _ => false,
    }
}

/// The column names of a detail such as `Key (a, "B c")=(1, 2) already exists.`; empty
/// when the key is not a plain column list (an expression index).
fn key_columns(detail: &str) -> Vec<String> {
    let Some(rest) = detail.strip_prefix("Key (") else {
        return Vec::new();
    };
    let mut columns = Vec::new();
    let mut current = String::new();
    let mut chars = rest.chars().peekable();
    let mut quoted = false;
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                current.push('"');
            }
            '"' => {
                quoted = !quoted;
                was_quoted = true;
            }
            _ if quoted => current.push(c),
            ',' | ')' => {
                let name = current.trim();
                let plain = was_quoted
                    || (!name.is_empty()
                        && name
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == '$'));
                if !plain {
                    return Vec::new();
                }
                columns.push(name.to_owned());
                current.clear();
                was_quoted = false;
                if c == ')' {
                    return if chars.peek() == Some(&'=') {
                        columns
                    } else {
                        Vec::new()
                    };
                }
            }
            _ => current.push(c),
        }
    }
    Vec::new()
}

/// The full text of a driver error: its own message (which, for most kinds, omits the
/// cause) followed by each underlying cause; for a server error, its message and detail.
fn describe(error: &tokio_postgres::Error) -> String {
    if let Some(db) = error.as_db_error() {
        return with_detail(&DbFields::from(db));
    }
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(code: &str) -> DbFields<'_> {
        DbFields {
            code,
            message: "boom",
            ..DbFields::default()
        }
    }

    #[test]
    fn unique_violation_reads_columns_from_detail() {
        let fields = DbFields {
            detail: Some(r#"Key (a, "Odd ""name""")=(1, x) already exists."#),
            table: Some("t"),
            constraint: Some("t_a_key"),
            ..db("23505")
        };
        match map_db_error(&fields, "INSERT") {
            Error::Constraint {
                kind,
                table,
                columns,
                constraint,
                message,
            } => {
                assert_eq!(kind, ConstraintKind::Unique);
                assert_eq!(table.as_deref(), Some("t"));
                assert_eq!(columns, ["a", r#"Odd "name""#]);
                assert_eq!(constraint.as_deref(), Some("t_a_key"));
                assert!(message.starts_with("boom; Key (a,"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn constraint_kinds_by_sqlstate() {
        let kind = |code| match map_db_error(&db(code), "") {
            Error::Constraint { kind, .. } => kind,
            other => panic!("{other:?}"),
        };
        assert_eq!(kind("23503"), ConstraintKind::ForeignKey);
        assert_eq!(kind("23502"), ConstraintKind::NotNull);
        assert_eq!(kind("23514"), ConstraintKind::Check);
        assert_eq!(kind("23P01"), ConstraintKind::Other);
    }

    #[test]
    fn not_null_and_foreign_key_columns() {
        let not_null = DbFields {
            column: Some("name"),
            detail: Some("Failing row contains (null)."),
            ..db("23502")
        };
        let Error::Constraint { columns, .. } = map_db_error(&not_null, "") else {
            panic!()
        };
        assert_eq!(columns, ["name"]);
        let missing_parent = DbFields {
            detail: Some(r#"Key (author_id)=(9) is not present in table "users"."#),
            ..db("23503")
        };
        let Error::Constraint { columns, .. } = map_db_error(&missing_parent, "") else {
            panic!()
        };
        assert_eq!(columns, ["author_id"]);
        // The key of a still-referenced row belongs to the other table: not reported.
        let referenced = DbFields {
            detail: Some(r#"Key (id)=(1) is still referenced from table "posts"."#),
            ..db("23503")
        };
        let Error::Constraint { columns, .. } = map_db_error(&referenced, "") else {
            panic!()
        };
        assert!(columns.is_empty());
    }

    #[test]
    fn expression_keys_give_no_columns() {
        assert!(key_columns("Key (lower(email::text))=(a) already exists.").is_empty());
        assert!(key_columns("something else").is_empty());
        assert_eq!(key_columns("Key (id)=(1) already exists."), ["id"]);
    }

    #[test]
    fn retryable_and_connection_states() {
        assert!(matches!(
            map_db_error(&db("40P01"), ""),
            Error::Deadlock { .. }
        ));
        assert!(matches!(
            map_db_error(&db("40001"), ""),
            Error::SerializationFailure { .. }
        ));
        assert!(matches!(
            map_db_error(&db("55P03"), ""),
            Error::LockTimeout { .. }
        ));
        for code in ["57P01", "57P02", "57P03", "08006", "08003"] {
            assert!(
                matches!(map_db_error(&db(code), ""), Error::ConnectionLost { .. }),
                "{code}"
            );
        }
        let fatal = DbFields {
            fatal: true,
            ..db("25P03")
        };
        assert!(matches!(
            map_db_error(&fatal, ""),
            Error::ConnectionLost { .. }
        ));
        match map_db_error(
            &DbFields {
                hint: Some("try this"),
                ..db("42P01")
            },
            "SELECT x",
        ) {
            Error::Database { message, sql, .. } => {
                assert_eq!(message, "boom (hint: try this) [SQLSTATE 42P01]");
                assert_eq!(sql, "SELECT x");
            }
            other => panic!("{other:?}"),
        }
    }

    fn unsupported(result: Result<Param<'_>>) -> String {
        match result {
            Err(Error::Unsupported(message)) => message,
            other => panic!("expected Unsupported, got {other:?}"),
        }
    }

    #[test]
    fn integers_fit_the_inferred_type() {
        assert!(matches!(
            bind(&Value::BigUnsigned(Some(10)), &Type::INT8),
            Ok(Param::Int8(10))
        ));
        assert!(matches!(
            bind(&Value::BigInt(Some(-5)), &Type::INT4),
            Ok(Param::Int4(-5))
        ));
        let message = unsupported(bind(&Value::Int(Some(40_000)), &Type::INT2));
        assert_eq!(message, "40000 is out of range for PostgreSQL type int2");
        unsupported(bind(&Value::BigUnsigned(Some(u64::MAX)), &Type::INT8));
        assert!(matches!(
            bind(&Value::BigUnsigned(Some(u64::MAX)), &Type::NUMERIC),
            Ok(Param::Numeric(d)) if d.to_string() == u64::MAX.to_string()
        ));
        assert!(matches!(
            bind(&Value::Int(Some(1 << 20)), &Type::FLOAT4),
            Ok(Param::Float4(_))
        ));
        unsupported(bind(&Value::Int(Some((1 << 24) + 1)), &Type::FLOAT4));
        unsupported(bind(&Value::BigInt(Some(i64::MAX)), &Type::FLOAT8));
        let message = unsupported(bind(&Value::Int(Some(1)), &Type::TEXT));
        assert_eq!(message, "PostgreSQL cannot bind an integer as text");
        unsupported(bind(&Value::Bool(Some(true)), &Type::INT4));
    }

    #[test]
    fn floats_and_special_values() {
        assert!(matches!(
            bind(&Value::Double(Some(f64::NAN)), &Type::FLOAT8),
            Ok(Param::Float8(f)) if f.is_nan()
        ));
        assert!(matches!(
            bind(&Value::Double(Some(f64::INFINITY)), &Type::FLOAT4),
            Ok(Param::Float4(f)) if f == f32::INFINITY
        ));
        assert!(matches!(
            bind(&Value::Double(Some(0.5)), &Type::FLOAT4),
            Ok(Param::Float4(0.5))
        ));
        unsupported(bind(&Value::Double(Some(0.1)), &Type::FLOAT4));
        assert!(matches!(
            bind(&Value::Float(Some(0.1)), &Type::FLOAT8),
            Ok(Param::Float8(_))
        ));
    }

    #[test]
    fn text_json_uuid_and_nulls() {
        let text = Value::String(Some("hi".into()));
        assert!(matches!(bind(&text, &Type::VARCHAR), Ok(Param::Text(_))));
        let mood = Type::new(
            "mood".into(),
            1,
            Kind::Enum(vec!["happy".into()]),
            "public".into(),
        );
        assert!(matches!(bind(&text, &mood), Ok(Param::Text(_))));
        unsupported(bind(&Value::String(Some("a\0b".into())), &Type::TEXT));
        unsupported(bind(&text, &Type::JSONB));
        let json_text = Value::String(Some(r#"{"a": 1}"#.into()));
        assert!(matches!(
            bind(&json_text, &Type::JSON),
            Ok(Param::JsonText(_))
        ));
        let json = Value::Json(Some(Box::new(serde_json::json!({"a": 1}))));
        assert!(matches!(bind(&json, &Type::TEXT), Ok(Param::Text(t)) if t == r#"{"a":1}"#));
        let uuid = Value::Uuid(Some(Uuid::nil()));
        assert!(matches!(bind(&uuid, &Type::UUID), Ok(Param::Uuid(_))));
        assert!(matches!(bind(&uuid, &Type::TEXT), Ok(Param::Text(_))));
        // NULL of any kind binds to any type.
        assert!(matches!(
            bind(&Value::Uuid(None), &Type::INT4),
            Ok(Param::Null)
        ));
        assert!(matches!(
            bind(&Value::Int(None), &Type::JSONB),
            Ok(Param::Null)
        ));
        // Domains bind as their base type.
        let positive = Type::new(
            "positive".into(),
            2,
            Kind::Domain(Type::INT4),
            "public".into(),
        );
        assert!(matches!(
            bind(&Value::BigInt(Some(3)), &positive),
            Ok(Param::Int4(3))
        ));
    }

    #[test]
    fn times_must_be_whole_microseconds() {
        let date = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap_or_default();
        let exact = date
            .and_hms_micro_opt(13, 45, 0, 250_000)
            .unwrap_or_default();
        let nanos = date.and_hms_nano_opt(13, 45, 0, 1).unwrap_or_default();
        assert!(matches!(
            bind(&Value::ChronoDateTime(Some(exact)), &Type::TIMESTAMPTZ),
            Ok(Param::TimestampTz(t)) if t.naive_utc() == exact
        ));
        assert!(matches!(
            bind(&Value::ChronoDateTimeUtc(Some(exact.and_utc())), &Type::TIMESTAMP),
            Ok(Param::Timestamp(t)) if t == exact
        ));
        let message = unsupported(bind(&Value::ChronoDateTime(Some(nanos)), &Type::TIMESTAMP));
        assert!(message.contains("sub-microsecond"), "{message}");
        unsupported(bind(&Value::ChronoTime(Some(nanos.time())), &Type::TIME));
        let leap = NaiveTime::from_hms_micro_opt(23, 59, 59, 1_500_000).unwrap_or_default();
        let message = unsupported(bind(&Value::ChronoTime(Some(leap)), &Type::TIME));
        assert!(message.contains("leap second"), "{message}");
        unsupported(bind(&Value::ChronoDate(Some(date)), &Type::TIMESTAMP));
    }

    /// The binary form PostgreSQL sends for a decimal, as rust_decimal encodes it.
    fn numeric_bytes(d: Decimal) -> Vec<u8> {
        let mut out = BytesMut::new();
        let encoded = d.to_sql(&Type::NUMERIC, &mut out);
        assert!(encoded.is_ok());
        out.to_vec()
    }

    #[test]
    fn numeric_decodes_exactly() {
        for text in [
            "0",
            "1",
            "-1",
            "3950.123456",
            "0.0001",
            "1.000000",
            "-123.456",
            "79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "10000",
            "123456789.000000001",
        ] {
            let d = Decimal::from_str(text).unwrap_or_default();
            let decoded = decode_numeric(&numeric_bytes(d));
            assert_eq!(decoded.map(|d| d.to_string()), Ok(text.to_owned()));
        }
    }

    #[test]
    fn numeric_outside_decimal_is_refused() {
        // NaN: count 0, weight 0, sign 0xC000, scale 0.
        let nan = [0, 0, 0, 0, 0xC0, 0, 0, 0];
        assert!(decode_numeric(&nan).is_err_and(|e| e.contains("NaN")));
        // 1e40: one digit (1) of weight 10.
        let big = [0, 1, 0, 10, 0, 0, 0, 0, 0, 1];
        assert!(decode_numeric(&big).is_err_and(|e| e.contains("range")));
        // 1e-32 (scale 32): one digit (1) of weight -8.
        let tiny = [0, 1, 0xFF, 0xF8, 0, 0, 0, 32, 0, 1];
        assert!(decode_numeric(&tiny).is_err_and(|e| e.contains("decimal places")));
        // 1.5 at scale 40 keeps as much scale as Decimal can.
        let wide = [0, 2, 0, 0, 0, 0, 0, 40, 0, 1, 0x13, 0x88];
        assert_eq!(
            decode_numeric(&wide).map(|d| d.to_string()),
            Ok(format!("1.5{}", "0".repeat(27)))
        );
    }

    #[test]
    fn other_types_decode_or_explain() {
        assert_eq!(decode(&Type::INT2, &[0xFF, 0xFE]), Ok(DbValue::Int(-2)));
        assert_eq!(decode(&Type::TEXT, b"hi"), Ok(DbValue::Text("hi")));
        let message = decode(&Type::INTERVAL, &[0; 16]).err().unwrap_or_default();
        assert_eq!(
            message,
            "unsupported PostgreSQL type interval; cast it in SQL (e.g. ::text)"
        );
        let noon = 43_200_000_000i64.to_be_bytes();
        assert_eq!(
            decode(&Type::TIME, &noon),
            Ok(DbValue::Time(
                NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()
            ))
        );
        let end_of_day = 86_400_000_000i64.to_be_bytes();
        assert!(decode(&Type::TIME, &end_of_day).is_err_and(|e| e.contains("24:00:00")));
        let infinity = i64::MAX.to_be_bytes();
        assert!(decode(&Type::TIMESTAMPTZ, &infinity).is_err_and(|e| e.contains("infinity")));
        assert_eq!(
            decode(&Type::JSONB, b"\x01{\"a\":1}"),
            Ok(DbValue::Json(serde_json::json!({"a": 1})))
        );
    }

    #[test]
    fn only_ddl_resets_cached_statements() {
        assert!(!may_change_schema("BEGIN"));
        assert!(!may_change_schema("  commit;"));
        assert!(!may_change_schema("SAVEPOINT s1; RELEASE SAVEPOINT s1"));
        assert!(!may_change_schema("SET TIME ZONE 'UTC'"));
        assert!(!may_change_schema("(SELECT 1) UNION (SELECT 2)"));
        assert!(!may_change_schema(
            r#"INSERT INTO "t" VALUES ($1) RETURNING id"#
        ));
        assert!(may_change_schema("CREATE TABLE t (id int)"));
        assert!(may_change_schema("BEGIN; ALTER TABLE t ADD c int; COMMIT"));
        assert!(may_change_schema("DISCARD ALL"));
        assert!(may_change_schema("-- why\nDROP TABLE t"));
        // Semicolons and keywords inside literals, identifiers and comments are not seen.
        assert!(!may_change_schema(
            "INSERT INTO t VALUES ('a; DROP TABLE t')"
        ));
        assert!(!may_change_schema(
            r#"SELECT "x;drop" FROM t; /* ; DROP */ SELECT $1 -- ; DROP"#
        ));
        assert!(!may_change_schema(r"SELECT E'it\'s; DROP'"));
        assert!(!may_change_schema("SELECT $tag$ ; DROP $tag$, $$;ALTER$$"));
        assert!(may_change_schema("DO $$BEGIN PERFORM 1; END$$"));
        assert!(may_change_schema(
            "SELECT 1; /* x */ CREATE TABLE t (id int)"
        ));
    }

    #[test]
    fn sql_tokens() {
        let tokens: Vec<Token<'_>> =
            Tokens::new("a$b /* x /* y */ z */ E'\\'' 'it''s' \"q\"\"\"$1;$x$;$x$ 1.5e3é -- c\n;")
                .collect();
        assert_eq!(
            tokens,
            [
                Token::Word("a$b"),
                Token::Word("E"),
                Token::Other("'\\''"),
                Token::Other("'it''s'"),
                Token::Other("\"q\"\"\""),
                Token::Other("$1"),
                Token::Semicolon,
                Token::Other("$x$;$x$"),
                Token::Other("1.5e3"),
                Token::Word("é"),
                Token::Semicolon,
            ]
        );
        // Unterminated quotes and comments end the text.
        assert_eq!(
            Tokens::new("'abc").collect::<Vec<_>>(),
            [Token::Other("'abc")]
        );
        assert_eq!(
            Tokens::new("x /* abc").collect::<Vec<_>>(),
            [Token::Word("x")]
        );
        assert_eq!(
            Tokens::new("$a$ b").collect::<Vec<_>>(),
            [Token::Other("$a$ b")]
        );
        // A quote after a plain `e` word separated by a space is a plain string.
        assert_eq!(
            Tokens::new(r"e '\' x").collect::<Vec<_>>(),
            [Token::Word("e"), Token::Other(r"'\'"), Token::Word("x")]
        );
    }

    #[test]
    fn transaction_control_is_followed() {
        use Block::{Idle, Open, Unknown};
        for (sql, after) in [
            ("BEGIN", Some(Open)),
            ("  begin ;  ", Some(Open)),
            (
                "Begin Transaction Isolation Level Serializable;",
                Some(Open),
            ),
            ("START TRANSACTION READ ONLY", Some(Open)),
            ("\n\tstart transaction;\n", Some(Open)),
            ("/* go */ BEGIN", Some(Open)),
            ("COMMIT", Some(Idle)),
            ("commit;", Some(Idle)),
            ("Commit Work ;", Some(Idle)),
            ("END", Some(Idle)),
            ("end transaction", Some(Idle)),
            ("ROLLBACK", Some(Idle)),
            ("rollback ; ", Some(Idle)),
            ("ABORT", Some(Idle)),
            ("COMMIT AND NO CHAIN", Some(Idle)),
            ("COMMIT AND CHAIN", Some(Open)),
            ("rollback work and chain", Some(Open)),
            ("PREPARE TRANSACTION 'x'", Some(Idle)),
            ("ROLLBACK TO SAVEPOINT s", None),
            ("rollback transaction to s", None),
            ("COMMIT PREPARED 'x'", None),
            ("ROLLBACK PREPARED 'x'", None),
            ("PREPARE q AS SELECT 1", None),
            ("SAVEPOINT s; RELEASE s", None),
            ("SELECT 'BEGIN'", None),
            ("-- BEGIN\nSELECT 1", None),
            ("DO $$BEGIN PERFORM 1; END$$", None),
            (
                "CREATE FUNCTION f() RETURNS int AS 'BEGIN RETURN 1; END' LANGUAGE plpgsql",
                None,
            ),
            ("BEGIN; ALTER TABLE t ADD c int; COMMIT", Some(Idle)),
            (
                "INSERT INTO t VALUES (1); BEGIN; UPDATE t SET a = 2",
                Some(Open),
            ),
            (
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END",
                Some(Unknown),
            ),
        ] {
            assert_eq!(transaction_effect(sql), after, "{sql}");
        }
        assert_eq!(statement_effect("BEGIN"), Some(Open));
        assert_eq!(statement_effect(" commit "), Some(Idle));
        assert_eq!(statement_effect("SELECT 1"), None);
        assert_eq!(statement_effect("ROLLBACK TO s"), None);
    }

    #[test]
    fn stale_statement_errors() {
        assert!(stale_statement(
            "XX000",
            "cache lookup failed for type 30962"
        ));
        assert!(stale_statement(
            "XX000",
            "cache lookup failed for relation 16384"
        ));
        assert!(!stale_statement("XX000", "could not read block 0"));
        assert!(stale_statement(
            "0A000",
            "cached plan must not change result type"
        ));
        assert!(!stale_statement(
            "0A000",
            "FOR UPDATE is not allowed with window functions"
        ));
        assert!(stale_statement(
            "26000",
            r#"prepared statement "s3" does not exist"#
        ));
        assert!(!stale_statement("42P01", r#"relation "t" does not exist"#));
        assert!(!stale_statement("42703", r#"column "c" does not exist"#));
    }

    #[test]
    fn bad_urls_are_invalid_without_the_password() {
        match PostgresConnector::new("postgres://ada:secret@db:notaport/app") {
            Err(Error::InvalidUrl { url, reason }) => {
                assert_eq!(url, "postgres://ada:***@db:notaport/app");
                assert!(!reason.contains("secret"), "{reason}");
            }
            other => panic!("{:?}", other.err()),
        }
        assert!(matches!(
            PostgresConnector::new("postgres:///app"),
            Err(Error::InvalidUrl { .. })
        ));
        assert!(PostgresConnector::new("postgres://ada@localhost:5432/app").is_ok());
    }

    #[test]
    fn refused_connection_is_a_connect_error() {
        // Port 1 on the loopback interface refuses connections at once.
        let connector = PostgresConnector::new("postgres://ada:secret@127.0.0.1:1/app");
        let Ok(connector) = connector else {
            panic!("the URL is valid")
        };
        match connector.connect(Duration::from_secs(5)) {
            Err(Error::Connect { target, message }) => {
                assert_eq!(target, "postgres://ada:***@127.0.0.1:1/app");
                assert!(message.contains("error connecting"), "{message}");
            }
            Err(other) => panic!("{other:?}"),
            Ok(_) => panic!("connected to port 1"),
        }
    }

    /// A session on the server named by `RETORT_TEST_POSTGRES_URL`; the test uses only
    /// temporary tables and types, so it does not disturb other tests on that database.
    fn live() -> PostgresConnection {
        let url = std::env::var("RETORT_TEST_POSTGRES_URL").unwrap_or_default();
        let connector = PostgresConnector::new(&url);
        let Ok(connector) = connector else {
            panic!("RETORT_TEST_POSTGRES_URL is not a valid URL")
        };
        match connector.open(Duration::from_secs(10)) {
            Ok(connection) => connection,
            Err(e) => panic!("{e}"),
        }
    }

    /// Runs `sql` and returns its rows as owned values, rendered with `Debug`.
    fn rows(
        connection: &mut PostgresConnection,
        sql: &str,
        values: &[Value],
    ) -> Result<Vec<Vec<String>>> {
        let mut out = Vec::new();
        connection.query(sql, values, &mut |row| {
            let mut cells = Vec::new();
            for i in 0..row.len() {
                cells.push(format!("{:?}", row.value(i)?));
            }
            out.push(cells);
            Ok(())
        })?;
        Ok(out)
    }

    /// Rows are handed on in batches (client.rs): every row arrives once, in order, across
    /// many batches; the callback runs outside the driver's runtime, so it may use another
    /// connection; a callback error stops the stream and leaves the connection usable.
    #[test]
    #[cfg_attr(
        not(retort_test_postgres),
        ignore = "RETORT_TEST_POSTGRES_URL is not set"
    )]
    fn live_streams_many_rows_in_order() {
        let mut outer = live();
        let mut inner = live();
        let sql = "SELECT g FROM generate_series(1, 5000) AS g";
        let mut seen = Vec::new();
        outer
            .query(sql, &[], &mut |row| {
                let DbValue::Int(n) = row.value(0)? else {
                    panic!("not an integer")
                };
                if n % 1000 == 0 {
                    // Another blocking connection, used from inside the row callback.
                    let got = rows(&mut inner, "SELECT $1::int8", &[Value::BigInt(Some(n))])?;
                    assert_eq!(got, vec![vec![format!("{:?}", DbValue::Int(n))]]);
                }
                seen.push(n);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(seen, (1..=5000).collect::<Vec<i64>>());

        let mut taken = 0;
        let stopped = outer.query(sql, &[], &mut |_| {
            taken += 1;
            if taken == 300 {
                return Err(Error::Unsupported("stop here".into()));
            }
            Ok(())
        });
        assert!(
            matches!(&stopped, Err(Error::Unsupported(m)) if m == "stop here"),
            "{stopped:?}"
        );
        assert_eq!(taken, 300);
        assert_eq!(
            rows(&mut outer, "SELECT 1::int4", &[]).ok(),
            Some(vec![vec![format!("{:?}", DbValue::Int(1))]])
        );
    }

    #[test]
    #[cfg_attr(
        not(retort_test_postgres),
        ignore = "RETORT_TEST_POSTGRES_URL is not set"
    )]
    fn live_round_trips_and_errors() {
        let mut c = live();
        let c = &mut c;
        c.batch(
            "CREATE TYPE pg_temp.mood AS ENUM ('happy', 'sad');
             CREATE DOMAIN pg_temp.positive AS int4 CHECK (VALUE > 0);
             CREATE TEMP TABLE t (
                 id int4 PRIMARY KEY, small int2, big int8, r real, d double precision,
                 n numeric(20, 4), b bool, s text, v varchar(10), m pg_temp.mood,
                 p pg_temp.positive, j jsonb, js json, by bytea, dt date, tm time,
                 ts timestamp, tz timestamptz DEFAULT CURRENT_TIMESTAMP, u uuid,
                 UNIQUE (small, big))",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let when = NaiveDate::from_ymd_opt(2024, 5, 1)
            .and_then(|d| d.and_hms_micro_opt(13, 45, 0, 250_000))
            .unwrap_or_default();
        let values = [
            Value::BigInt(Some(1)),
            Value::Int(Some(-7)),
            Value::BigUnsigned(Some(1 << 40)),
            Value::Float(Some(0.25)),
            Value::Double(Some(f64::NAN)),
            Value::Decimal(Decimal::from_str("12345.6789").ok()),
            Value::Bool(Some(true)),
            Value::String(Some("héllo".into())),
            Value::Char(Some('x')),
            Value::String(Some("sad".into())),
            Value::BigInt(Some(3)),
            Value::Json(Some(Box::new(serde_json::json!({"k": [1, 2]})))),
            Value::String(Some(r#"{"b": 1, "a": 2}"#.into())),
            Value::Bytes(Some(vec![0, 1, 255])),
            Value::ChronoDate(Some(when.date())),
            Value::ChronoTime(Some(when.time())),
            Value::ChronoDateTimeUtc(Some(when.and_utc())),
            Value::Uuid(Some(Uuid::from_u128(42))),
        ];
        let insert = "INSERT INTO t (id, small, big, r, d, n, b, s, v, m, p, j, js, by, dt, tm, ts, u)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)";
        assert_eq!(
            c.execute(insert, &values).unwrap_or_else(|e| panic!("{e}")),
            1
        );
        let got = rows(
            c,
            "SELECT * FROM t WHERE id = $1 LIMIT $2 OFFSET $3",
            &[
                Value::Int(Some(1)),
                Value::BigUnsigned(Some(10)),
                Value::BigUnsigned(Some(0)),
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        println!("{got:#?}");
        assert_eq!(got.len(), 1);
        let row = &got[0];
        assert_eq!(row[1], "Int(-7)");
        assert_eq!(row[2], format!("Int({})", 1u64 << 40));
        assert_eq!(row[3], "Float(0.25)");
        assert_eq!(row[4], "Float(NaN)");
        assert_eq!(row[5], "Decimal(12345.6789)");
        assert_eq!(row[9], r#"Text("sad")"#);
        assert_eq!(row[10], "Int(3)");
        assert_eq!(row[12], r#"Json(Object {"a": Number(2), "b": Number(1)})"#);
        assert_eq!(row[16], format!("DateTime({when:?})"));
        assert!(row[17].starts_with("DateTimeUtc("), "{}", row[17]);

        // Refusals happen before the statement is sent.
        let mut bad = values.clone();
        bad[0] = Value::BigInt(Some(2));
        bad[3] = Value::Double(Some(0.1));
        let err = c
            .execute(insert, &bad)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("cannot be stored exactly as PostgreSQL type float4 (parameter $4)"),
            "{err}"
        );
        bad[3] = Value::Float(None);
        bad[1] = Value::BigInt(Some(1 << 20));
        let err = c
            .execute(insert, &bad)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("out of range for PostgreSQL type int2"),
            "{err}"
        );

        // Constraint violations.
        bad[1] = Value::Int(Some(-7));
        bad[2] = Value::BigUnsigned(Some(1 << 40));
        match c.execute(insert, &bad) {
            Err(Error::Constraint {
                kind,
                table,
                columns,
                ..
            }) => {
                assert_eq!(kind, ConstraintKind::Unique);
                assert_eq!(table.as_deref(), Some("t"));
                assert_eq!(columns, ["small", "big"]);
            }
            other => panic!("{other:?}"),
        }
        bad[1] = Value::Int(None);
        bad[10] = Value::Int(Some(0));
        match c.execute(insert, &bad) {
            Err(Error::Constraint { kind, .. }) => assert_eq!(kind, ConstraintKind::Check),
            other => panic!("{other:?}"),
        }

        // Unsupported column types and NUMERIC NaN fail to decode, naming the column.
        let err = rows(c, "SELECT interval '1 day' AS span", &[])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("0 (`span`)") && err.contains("::text"),
            "{err}"
        );
        let err = rows(c, "SELECT 'NaN'::numeric", &[])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("NaN"), "{err}");
        let got = rows(c, "SELECT 1e30::numeric / 3, 0.1::numeric(40, 35)", &[]);
        println!("{got:?}");

        // A row callback failing mid-stream leaves the connection usable.
        let mut seen = 0;
        let result = c.query("SELECT generate_series(1, 1000)", &[], &mut |_| {
            seen += 1;
            if seen == 3 {
                Err(Error::NotFound)
            } else {
                Ok(())
            }
        });
        assert!(matches!(result, Err(Error::NotFound)));
        assert_eq!(rows(c, "SELECT 5", &[]).map(|r| r.len()).ok(), Some(1));

        // DDL changing a cached statement's result type.
        let select_all = "SELECT * FROM t";
        assert_eq!(rows(c, select_all, &[]).map(|r| r[0].len()).ok(), Some(19));
        c.batch("ALTER TABLE t ADD COLUMN extra int")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows(c, select_all, &[]).map(|r| r[0].len()).ok(), Some(20));
        c.execute("ALTER TABLE t ADD COLUMN extra2 int", &[])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows(c, select_all, &[]).map(|r| r[0].len()).ok(), Some(21));

        // Transactions: a failed statement aborts the transaction.
        c.batch("BEGIN").unwrap_or_else(|e| panic!("{e}"));
        assert!(c.execute("SELECT 1/0", &[]).is_err());
        let err = c
            .execute("SELECT 1", &[])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("25P02"), "{err}");
        c.batch("ROLLBACK").unwrap_or_else(|e| panic!("{e}"));
        assert!(c.ping().is_ok());

        // A terminated session is reported lost and broken.
        let mut pid = 0;
        c.query("SELECT pg_backend_pid()", &[], &mut |row| {
            pid = row.get::<i32>(0)?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let mut admin = live();
        admin
            .execute("SELECT pg_terminate_backend($1)", &[Value::Int(Some(pid))])
            .unwrap_or_else(|e| panic!("{e}"));
        std::thread::sleep(Duration::from_millis(200));
        let err = c.execute("SELECT 1", &[]);
        assert!(matches!(err, Err(Error::ConnectionLost { .. })), "{err:?}");
        assert!(c.is_broken());
        assert!(c.ping().is_err());
    }

    /// A scratch database on the server of `RETORT_TEST_POSTGRES_URL`, dropped with any
    /// sessions still on it when this goes out of scope.
    struct Scratch {
        admin: PostgresConnection,
        name: String,
        connector: PostgresConnector,
    }

    impl Scratch {
        fn new(purpose: &str) -> Scratch {
            let mut admin = live();
            let name = format!("retort_pg_{purpose}_{}", std::process::id());
            let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            admin.batch(&drop).unwrap_or_else(|e| panic!("{e}"));
            admin
                .batch(&format!("CREATE DATABASE {name}"))
                .unwrap_or_else(|e| panic!("{e}"));
            let url = std::env::var("RETORT_TEST_POSTGRES_URL").unwrap_or_default();
            let Ok(mut connector) = PostgresConnector::new(&url) else {
                panic!("RETORT_TEST_POSTGRES_URL is not a valid URL")
            };
            connector.config.dbname(&name);
            Scratch {
                admin,
                name,
                connector,
            }
        }

        fn open(&self) -> PostgresConnection {
            self.connector
                .open(Duration::from_secs(10))
                .unwrap_or_else(|e| panic!("{e}"))
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let drop = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
            if let Err(e) = self.admin.batch(&drop)
                && !std::thread::panicking()
            {
                panic!("dropping {}: {e}", self.name);
            }
        }
    }

    fn text(s: &str) -> Value {
        Value::String(Some(s.into()))
    }

    fn error_text<T: fmt::Debug>(result: Result<T>) -> String {
        match result {
            Err(e) => e.to_string(),
            Ok(v) => panic!("expected an error, got {v:?}"),
        }
    }

    /// Reproduction (a): another session drops and recreates an enum type (as `drop_all`
    /// then `create_all` do), so statements cached here name a type OID that no longer
    /// exists (`cache lookup failed for type …`) or a result type that changed (`cached
    /// plan must not change result type`).
    #[test]
    #[cfg_attr(
        not(retort_test_postgres),
        ignore = "RETORT_TEST_POSTGRES_URL is not set"
    )]
    fn live_statements_survive_a_type_recreated_elsewhere() {
        let db = Scratch::new("enum");
        let mut a = db.open();
        let mut b = db.open();
        let recreate = "DROP TABLE IF EXISTS t; DROP TYPE IF EXISTS mood;
                        CREATE TYPE mood AS ENUM ('happy', 'sad');
                        CREATE TABLE t (id int4 PRIMARY KEY, m mood)";
        let insert = "INSERT INTO t (id, m) VALUES ($1, $2)";
        let by_mood = "SELECT id FROM t WHERE m = $1";
        let read = "SELECT id, m FROM t ORDER BY id";
        // Caches all three statements on `b` (afresh, on an empty table), then recreates
        // the type from `a`.
        let mut warm_then_recreate = |b: &mut PostgresConnection| {
            a.batch(recreate).unwrap_or_else(|e| panic!("{e}"));
            b.statements.clear();
            b.execute(insert, &[Value::Int(Some(1)), text("happy")])
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                rows(b, by_mood, &[text("happy")]).ok(),
                Some(vec![vec!["Int(1)".into()]])
            );
            assert_eq!(rows(b, read, &[]).map(|r| r.len()).ok(), Some(1));
            assert_eq!(b.statements.len(), 3);
            a.batch(recreate).unwrap_or_else(|e| panic!("{e}"));
        };
        let inserted = |b: &mut PostgresConnection, id: i32| {
            b.execute(insert, &[Value::Int(Some(id)), text("sad")])
        };

        // Outside a transaction, each kind of stale statement is prepared again
        // transparently: even the first use after the change succeeds.
        warm_then_recreate(&mut b);
        assert_eq!(
            inserted(&mut b, 2).ok(),
            Some(1),
            "parameter of a dropped type"
        );
        warm_then_recreate(&mut b);
        assert_eq!(
            rows(&mut b, by_mood, &[text("sad")]).map_err(|e| e.to_string()),
            Ok(vec![]),
            "query with a parameter of a dropped type"
        );
        warm_then_recreate(&mut b);
        assert_eq!(
            rows(&mut b, read, &[]).map_err(|e| e.to_string()),
            Ok(vec![]),
            "result column of a dropped type"
        );
        assert_eq!(b.block, Block::Idle);

        // Inside a transaction the first use fails (the server aborted the transaction);
        // after ROLLBACK the statement is prepared afresh. Transaction control written in
        // any case and spacing, with or without `;`, is followed.
        for (begin, end) in [
            ("BEGIN", "ROLLBACK"),
            ("  begin ;\n", "rollback;"),
            (
                "Start Transaction Isolation Level Read Committed",
                " ABORT ",
            ),
            ("START TRANSACTION;", "end;"),
        ] {
            warm_then_recreate(&mut b);
            b.batch(begin).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(b.block, Block::Open, "{begin}");
            assert!(b.in_transaction());
            let err = error_text(inserted(&mut b, 3));
            assert!(err.contains("cache lookup failed for type"), "{err}");
            assert!(b.statements.is_empty());
            b.batch(end).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(b.block, Block::Idle, "{end}");
            assert!(!b.in_transaction());
            assert_eq!(inserted(&mut b, 3).ok(), Some(1), "after {end}");
        }
        warm_then_recreate(&mut b);
        b.batch("START TRANSACTION")
            .unwrap_or_else(|e| panic!("{e}"));
        let err = error_text(rows(&mut b, read, &[]));
        assert!(
            err.contains("cached plan must not change result type"),
            "{err}"
        );
        b.batch("ROLLBACK").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows(&mut b, read, &[]).map(|r| r.len()).ok(), Some(0));

        // A transaction committed through the connection is over: retried again.
        b.batch("BEGIN").unwrap_or_else(|e| panic!("{e}"));
        b.execute("SELECT 1", &[]).unwrap_or_else(|e| panic!("{e}"));
        b.batch("Commit ; ").unwrap_or_else(|e| panic!("{e}"));
        warm_then_recreate(&mut b);
        assert_eq!(inserted(&mut b, 4).ok(), Some(1));
        // So is one run as prepared statements.
        b.execute("BEGIN", &[]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(b.block, Block::Open);
        b.execute("COMMIT", &[]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(b.block, Block::Idle);

        // A failed batch holding transaction control leaves the state unknown (here the
        // COMMIT did not run, and there is no transaction): treated as a transaction, so
        // not retried, until the next COMMIT/ROLLBACK.
        warm_then_recreate(&mut b);
        assert!(b.batch("SELECT 1/0; COMMIT").is_err());
        assert_eq!(b.block, Block::Unknown);
        assert!(b.in_transaction());
        assert!(error_text(inserted(&mut b, 5)).contains("cache lookup failed"));
        b.batch("ROLLBACK").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(inserted(&mut b, 5).ok(), Some(1));

        // Tracking that wrongly says "no transaction": the retry's prepare is refused by
        // the aborted transaction, and the stale statement's own error is reported.
        warm_then_recreate(&mut b);
        b.batch("BEGIN").unwrap_or_else(|e| panic!("{e}"));
        b.block = Block::Idle;
        let err = error_text(inserted(&mut b, 6));
        assert!(err.contains("cache lookup failed for type"), "{err}");
        assert_eq!(b.block, Block::Open);
        b.batch("ROLLBACK").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(inserted(&mut b, 6).ok(), Some(1));
        assert_eq!(
            rows(&mut b, read, &[]).ok(),
            Some(vec![vec!["Int(6)".to_owned(), r#"Text("sad")"#.to_owned()]])
        );
    }

    /// Reproduction (b): another session widens a column, so the parameter types a cached
    /// statement was prepared with refuse values the column now takes.
    #[test]
    #[cfg_attr(
        not(retort_test_postgres),
        ignore = "RETORT_TEST_POSTGRES_URL is not set"
    )]
    fn live_binding_follows_a_column_type_changed_elsewhere() {
        let db = Scratch::new("alter");
        let mut a = db.open();
        let mut b = db.open();
        a.batch("CREATE TABLE t (id int4 PRIMARY KEY, n int4)")
            .unwrap_or_else(|e| panic!("{e}"));
        let insert = "INSERT INTO t (id, n) VALUES ($1, $2)";
        let read = "SELECT n FROM t ORDER BY id";
        let big = Value::BigInt(Some(3_000_000_000));
        assert_eq!(
            b.execute(insert, &[Value::Int(Some(1)), Value::Int(Some(5))])
                .ok(),
            Some(1)
        );
        assert_eq!(rows(&mut b, read, &[]).map(|r| r.len()).ok(), Some(1));
        // Still int4: refused after preparing again.
        match b.execute(insert, &[Value::Int(Some(2)), big.clone()]) {
            Err(Error::Unsupported(message)) => assert!(
                message.contains("out of range for PostgreSQL type int4 (parameter $2)"),
                "{message}"
            ),
            other => panic!("{other:?}"),
        }

        a.batch("ALTER TABLE t ALTER COLUMN n TYPE BIGINT")
            .unwrap_or_else(|e| panic!("{e}"));
        // The first use binds with the fresh types.
        assert_eq!(
            b.execute(insert, &[Value::Int(Some(2)), big.clone()]).ok(),
            Some(1)
        );
        // Refusals by the fresh types stand.
        match b.execute(
            insert,
            &[Value::Int(Some(3)), Value::BigUnsigned(Some(u64::MAX))],
        ) {
            Err(Error::Unsupported(message)) => {
                assert!(message.contains("PostgreSQL type int8"), "{message}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            rows(&mut b, read, &[]).ok(),
            Some(vec![
                vec!["Int(5)".to_owned()],
                vec!["Int(3000000000)".to_owned()]
            ])
        );

        // Inside a transaction too: binding happens before anything is sent.
        let update = "UPDATE t SET id = $1 WHERE id = $2";
        assert_eq!(
            b.execute(update, &[Value::Int(Some(1)), Value::Int(Some(1))])
                .ok(),
            Some(1)
        );
        a.batch("ALTER TABLE t ALTER COLUMN id TYPE BIGINT")
            .unwrap_or_else(|e| panic!("{e}"));
        b.batch("BEGIN").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            b.execute(update, &[big.clone(), Value::Int(Some(1))]).ok(),
            Some(1)
        );
        b.batch("COMMIT").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            rows(&mut b, "SELECT id FROM t WHERE n = 5", &[]).ok(),
            Some(vec![vec!["Int(3000000000)".to_owned()]])
        );
    }
}
