//! The one error type of the runtime.

use std::fmt;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which kind of constraint a statement violated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConstraintKind {
    /// A unique constraint or unique index (also a duplicate primary key).
    Unique,
    /// A foreign key: the referenced row is missing, or rows still reference this one.
    ForeignKey,
    /// A NOT NULL column was given NULL.
    NotNull,
    /// A CHECK constraint (enum columns on SQLite are checks too).
    Check,
    /// Any other constraint the database reported.
    Other,
}

impl fmt::Display for ConstraintKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConstraintKind::Unique => "unique",
            ConstraintKind::ForeignKey => "foreign key",
            ConstraintKind::NotNull => "not null",
            ConstraintKind::Check => "check",
            ConstraintKind::Other => "other",
        })
    }
}

/// Everything that can go wrong when talking to a database through Retort.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database URL could not be understood.
    #[error("invalid database URL `{url}`: {reason}")]
    InvalidUrl {
        /// The URL as given (with any password removed).
        url: String,
        /// What is wrong with it.
        reason: String,
    },

    /// An engine setting is out of range (e.g. a pool of size 0, a zero timeout).
    #[error("invalid engine setting: {0}")]
    InvalidConfig(String),

    /// An async engine or connection was used outside a tokio runtime, which its drivers
    /// run on.
    #[error(
        "the async API runs on a tokio runtime and none is running here: call it from inside \
         one (`#[tokio::main]`, `Runtime::block_on`)"
    )]
    NoAsyncRuntime,

    /// The URL names a database this build of Retort was compiled without.
    #[error("the `{scheme}` driver is not enabled: build `retort` with the `{feature}` feature")]
    DriverNotEnabled {
        /// The URL scheme.
        scheme: String,
        /// The Cargo feature that enables it.
        feature: &'static str,
    },

    /// Connecting to the database failed.
    #[error("cannot connect to {target}: {message}")]
    Connect {
        /// What was being connected to (URL without password).
        target: String,
        /// The driver's message.
        message: String,
    },

    /// A statement violated a constraint.
    #[error("{kind} constraint violated{}: {message}", on_what(.table, .columns, .constraint))]
    Constraint {
        /// Which kind of constraint.
        kind: ConstraintKind,
        /// The table, when the database names it.
        table: Option<String>,
        /// The columns, when the database names them.
        columns: Vec<String>,
        /// The constraint name, when the database names it.
        constraint: Option<String>,
        /// The database's own message.
        message: String,
    },

    /// The connection to the database was lost (server restart, killed session, network
    /// failure). The statement may or may not have run; an open transaction is gone. The
    /// pool discards the connection, so the next one checked out is fresh.
    #[error("connection lost: {message}")]
    ConnectionLost {
        /// The driver's message.
        message: String,
    },

    /// The database broke a deadlock by aborting this transaction; retry it from the start.
    #[error("deadlock detected, transaction rolled back: {message}")]
    Deadlock {
        /// The database's message.
        message: String,
    },

    /// A concurrent transaction changed data this one depends on (PostgreSQL REPEATABLE
    /// READ / SERIALIZABLE, a stale SQLite WAL snapshot); retry the transaction.
    #[error("serialization failure, retry the transaction: {message}")]
    SerializationFailure {
        /// The database's message.
        message: String,
    },

    /// A lock could not be taken in time (SQLite `database is locked`, MySQL lock wait
    /// timeout).
    #[error("lock timeout: {message}")]
    LockTimeout {
        /// The database's message.
        message: String,
    },

    /// No pooled connection became available within the connect timeout.
    #[error("no connection available from the pool to {target} within {timeout:?}: {message}")]
    PoolTimeout {
        /// The database (URL without password).
        target: String,
        /// How long was waited.
        timeout: std::time::Duration,
        /// The pool's message, with the last connection error if there was one.
        message: String,
    },

    /// The database rejected a statement for another reason.
    #[error("database error: {message} (in `{sql}`)")]
    Database {
        /// The database's message.
        message: String,
        /// The statement that failed.
        sql: String,
        /// The database's code for the error, to tell errors apart without reading
        /// messages: the SQLSTATE on PostgreSQL (`22001`), the server error number on MySQL
        /// (`1406`), the extended result code on SQLite (`1`); `None` for errors found by
        /// the driver rather than the server.
        code: Option<String>,
    },

    /// A value read from the database does not fit the Rust type it is decoded into.
    #[error("cannot decode column {column}: {message}")]
    Decode {
        /// The column index and, when known, name.
        column: String,
        /// What did not fit.
        message: String,
    },

    /// The database cannot do this: store a Rust value without changing it (NaN on MySQL, a
    /// decimal beyond its column's scale…), or run a construct it lacks (FULL JOIN on
    /// MySQL…). Nothing was sent.
    #[error("not supported: {0}")]
    Unsupported(String),

    /// A query expected a row and found none.
    #[error("query returned no rows")]
    NotFound,

    /// A query expected at most one row and found more.
    #[error("query returned more than one row")]
    TooManyRows,

    /// A statement was built in a way that cannot run (e.g. an UPDATE that sets nothing).
    #[error("invalid statement: {0}")]
    InvalidStatement(String),

    /// A schema definition is not valid for the database (e.g. a foreign key to a table that
    /// is not in the metadata).
    #[error("invalid schema: {0}")]
    Schema(String),

    /// A [`Session`](crate::Session) flush failed writing one object: the session's
    /// transaction was rolled back and its objects put back as the database has them.
    /// `source` is the database's error (a [`Error::Constraint`] for a violation).
    #[error("flush failed at the {operation} of `{table}` {object}: {source}")]
    Flush {
        /// `INSERT`, `UPDATE` or `DELETE`.
        operation: &'static str,
        /// The object's table.
        table: String,
        /// The object: its primary key, or the values given for a new one.
        object: String,
        /// What the database said.
        source: Box<Error>,
    },

    /// A relationship of a session's object was read without loading it, where loading
    /// is not allowed: `raise` loading, or [`Session::loaded`](crate::Session::loaded).
    #[error(
        "relationship `{relationship}` of `{table}` {object} is not loaded: load it with \
         `Session::load`, or eagerly with `selectin`/`joined` in the query's options"
    )]
    NotLoaded {
        /// The object's table.
        table: &'static str,
        /// The relationship.
        relationship: &'static str,
        /// The object's primary key.
        object: String,
    },

    /// Unlinking an object from a relationship would set a NOT NULL foreign key to NULL:
    /// `clear_related`, or `remove_related` of a one-to-many child, without the
    /// `delete-orphan` cascade.
    #[error(
        "`{table}` can't be unlinked: its foreign key ({columns}) is NOT NULL; link it to \
         another object, delete it, or give the relationship the `delete-orphan` cascade"
    )]
    NotNullForeignKey {
        /// The table holding the foreign key.
        table: &'static str,
        /// The foreign key's columns, comma-separated.
        columns: String,
    },

    /// A [`Session`](crate::Session) was handed an object it does not track: one read
    /// through another session, forgotten by `expunge_all` or a rollback, or already
    /// deleted.
    #[error(
        "`{table}` {object} is not an object of this session (read through another \
         session, expunged, or deleted): `get` it through this session first"
    )]
    NotInSession {
        /// The object's table.
        table: &'static str,
        /// The object's primary key.
        object: String,
    },

    /// Reflection was asked for a schema, table or view the database does not have.
    #[error("{kind} `{name}` does not exist")]
    DoesNotExist {
        /// What was looked for: `schema`, `table`, `table or view`.
        kind: &'static str,
        /// Its name; a table's is qualified with its schema (`public.users`).
        name: String,
    },
}

impl Error {
    /// The kind of constraint violated, for a [`Error::Constraint`] or a [`Error::Flush`]
    /// that failed on one.
    pub fn constraint_kind(&self) -> Option<ConstraintKind> {
        match self {
            Error::Constraint { kind, .. } => Some(*kind),
            Error::Flush { source, .. } => source.constraint_kind(),
            _ => None,
        }
    }

    /// True for errors after which running the same transaction again may succeed: a
    /// deadlock, a serialization failure, a lock timeout or a lost connection.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Error::Deadlock { .. }
                | Error::SerializationFailure { .. }
                | Error::LockTimeout { .. }
                | Error::ConnectionLost { .. }
        ) || matches!(self, Error::Flush { source, .. } if source.is_retryable())
    }
}

fn on_what(table: &Option<String>, columns: &[String], constraint: &Option<String>) -> String {
    let mut out = String::new();
    if let Some(constraint) = constraint {
        out.push_str(&format!(" `{constraint}`"));
    }
    match (table, columns) {
        (Some(table), []) => out.push_str(&format!(" on `{table}`")),
        (Some(table), columns) => out.push_str(&format!(" on `{table}` ({})", columns.join(", "))),
        (None, []) => {}
        (None, columns) => out.push_str(&format!(" on ({})", columns.join(", "))),
    }
    out
}

/// Why a database value could not become a Rust value; wrapped into [`Error::Decode`] with
/// the column it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl DecodeError {
    /// "expected EXPECTED, found FOUND".
    pub fn mismatch(expected: &str, found: &str) -> Self {
        DecodeError(format!("expected {expected}, found {found}"))
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
