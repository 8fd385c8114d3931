//! [`Session`]: SQLAlchemy's ORM session — an identity map over one connection and one
//! transaction at a time, with changes written back as a unit of work.

use std::collections::HashSet;

use super::Obj;
use super::identity::{Identity, IdentityMap, key_equals, key_text};
use super::key::Key;
use crate::connection::Connection;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::expr::{Expr, Order};
use crate::query::Select;
use crate::table::Table;

/// How a [`Session`] behaves; `SessionOptions::default()` is SQLAlchemy's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionOptions {
    autoflush: bool,
    expire_on_commit: bool,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            autoflush: true,
            expire_on_commit: true,
        }
    }
}

impl SessionOptions {
    /// The defaults: autoflush and expire-on-commit on.
    pub fn new() -> Self {
        SessionOptions::default()
    }

    /// Whether pending changes are flushed before each query that reads the database, so
    /// the query sees them (default: on).
    pub fn autoflush(mut self, on: bool) -> Self {
        self.autoflush = on;
        self
    }

    /// Whether a commit marks every object stale, so the next `get` or query of it reads
    /// it again from the database (default: on). Objects keep their identity either way.
    pub fn expire_on_commit(mut self, on: bool) -> Self {
        self.expire_on_commit = on;
        self
    }
}

/// A unit of work over one connection (SQLAlchemy's `Session`): objects read through it
/// are tracked in an identity map — the same primary key is the same [`Obj`] — and what
/// changes in them is written back at [`flush`](Self::flush), only the changed columns,
/// inside a transaction the session begins with its first statement and ends with
/// [`commit`](Self::commit) or [`rollback`](Self::rollback). Dropping a session with a
/// transaction open rolls it back.
///
/// ```
/// use retort::{Session, Table};
/// # use retort::__doc_tables::{self as blog, users, Users};
/// let engine = retort::Engine::connect("sqlite::memory:")?;
/// blog::metadata().create_all(&engine)?;
/// engine.connection()?.insert(users::NewUser { name: "Ada".into(), email: None })?;
///
/// let mut session = Session::new(&engine)?;
/// let ada = session.get::<Users>(1)?.expect("Ada");
/// ada.write().name = "Ada Lovelace".into();
/// // The same key is the same object, and it is not read again.
/// assert!(session.get::<Users>(1)?.unwrap().is(&ada));
/// session.commit()?; // UPDATE "users" SET "name" = ? WHERE "users"."id" = ?; COMMIT
///
/// let names: Vec<String> = engine.connection()?.all(retort::select(users::NAME).from(Users))?;
/// assert_eq!(names, ["Ada Lovelace"]);
/// # Ok::<(), retort::Error>(())
/// ```
pub struct Session {
    connection: Connection,
    options: SessionOptions,
    identity: IdentityMap,
    /// Objects to delete at the next flush, in the order given.
    deletions: Vec<(Identity, Box<dyn Deletion>)>,
    /// Objects read before the last commit, to read again when next asked for.
    expired: HashSet<Identity>,
    in_transaction: bool,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("dialect", &self.connection.dialect())
            .field("options", &self.options)
            .field("in_transaction", &self.in_transaction)
            .finish()
    }
}

impl Session {
    /// A session over a connection of `engine`, with the default options.
    pub fn new(engine: &Engine) -> Result<Session> {
        Session::with_options(engine, SessionOptions::default())
    }

    /// A session over a connection of `engine`.
    pub fn with_options(engine: &Engine, options: SessionOptions) -> Result<Session> {
        Ok(Session {
            connection: engine.connection()?,
            options,
            identity: IdentityMap::default(),
            deletions: Vec::new(),
            expired: HashSet::new(),
            in_transaction: false,
        })
    }

    /// Begins the session's transaction, if none is open.
    fn begin(&mut self) -> Result<()> {
        if !self.in_transaction {
            self.connection.begin_detached()?;
            self.in_transaction = true;
        }
        Ok(())
    }

    /// Flushes before a query, when autoflush is on.
    fn autoflush(&mut self) -> Result<()> {
        if self.options.autoflush {
            self.flush()?;
        }
        Ok(())
    }

    /// The object of table `T` with primary key `key` (a value, or a tuple for a composite
    /// key): from the identity map without a statement when the session has it, else read
    /// with one SELECT. `None` when there is no such row.
    pub fn get<T: Table>(&mut self, key: impl Key) -> Result<Option<Obj<T>>> {
        let values = key.key_values();
        if T::PRIMARY_KEY.is_empty() || values.len() != T::PRIMARY_KEY.len() {
            return Err(Error::InvalidStatement(format!(
                "`{}` has {} primary key column(s); `get` was given {} value(s)",
                T::NAME,
                T::PRIMARY_KEY.len(),
                values.len()
            )));
        }
        let identity = (T::NAME, key_text(&values));
        if !self.expired.contains(&identity)
            && let Some(object) = self.identity.get::<T>(&identity)
        {
            return Ok(Some(object));
        }
        let mut query = T::default().select();
        for (column, value) in T::PRIMARY_KEY.iter().zip(values) {
            query = query.filter(key_equals::<T>(column, value));
        }
        Ok(self.read(query)?.into_iter().next())
    }

    /// A query of table `T`'s objects: `session.query(Users).filter(…).all()`.
    pub fn query<T: Table>(&mut self, table: T) -> SessionQuery<'_, T> {
        SessionQuery {
            session: self,
            select: table.select(),
        }
    }

    /// Runs `query` (after an autoflush) and merges its rows into the identity map: a row
    /// already tracked comes back as that same object (refreshed, unless it has unflushed
    /// changes).
    fn read<T: Table>(&mut self, query: Select<T::Row, (T, ())>) -> Result<Vec<Obj<T>>> {
        if T::PRIMARY_KEY.is_empty() {
            // Its rows cannot be told apart, so they cannot be tracked one by one.
            return Err(Error::InvalidStatement(format!(
                "`{}` has no primary key: a session tracks rows by key; read it through a \
                 Connection instead",
                T::NAME
            )));
        }
        self.autoflush()?;
        self.begin()?;
        let rows = self.connection.all(query)?;
        Ok(rows
            .into_iter()
            .map(|row| {
                self.expired.remove(&IdentityMap::identity_of::<T>(&row));
                self.identity.merge::<T>(row)
            })
            .collect())
    }

    /// Marks `object` for deletion: DELETE at the next flush; the session stops tracking
    /// it then.
    pub fn delete<T: Table>(&mut self, object: &Obj<T>) {
        let identity = IdentityMap::identity_of::<T>(&object.read());
        if self.deletions.iter().any(|(i, _)| *i == identity) {
            return;
        }
        self.deletions
            .push((identity, Box::new(object.clone()) as Box<dyn Deletion>));
    }

    /// Writes every pending change: one UPDATE per changed object (only its changed
    /// columns; nothing for an unchanged one), then the deletions. If a statement fails,
    /// the transaction is rolled back, every object is put back as the database has it,
    /// and the error is returned: the session stays usable.
    pub fn flush(&mut self) -> Result<()> {
        let dirty = self.identity.entries_mut().any(|entry| entry.is_dirty());
        if !dirty && self.deletions.is_empty() {
            return Ok(());
        }
        self.begin()?;
        if let Err(error) = self.write_changes() {
            // What was written is rolled back; the error is what the caller needs.
            let _ = self.rollback();
            return Err(error);
        }
        Ok(())
    }

    fn write_changes(&mut self) -> Result<()> {
        for entry in self.identity.entries_mut() {
            entry.flush(&mut self.connection)?;
        }
        for (identity, object) in std::mem::take(&mut self.deletions) {
            object.delete(&mut self.connection)?;
            self.identity.remove(&identity);
            self.expired.remove(&identity);
        }
        Ok(())
    }

    /// Flushes, then commits the transaction. With expire-on-commit (the default), every
    /// object is read again from the database the next time it is asked for.
    pub fn commit(&mut self) -> Result<()> {
        self.flush()?;
        if self.in_transaction {
            self.in_transaction = false;
            self.connection.end_detached(true)?;
        }
        for entry in self.identity.entries_mut() {
            entry.committed();
        }
        if self.options.expire_on_commit {
            self.expired.extend(self.identity.identities());
        }
        Ok(())
    }

    /// Rolls the transaction back and puts every object back as the database has it;
    /// pending deletions are dropped.
    pub fn rollback(&mut self) -> Result<()> {
        self.deletions.clear();
        let ended = if self.in_transaction {
            self.in_transaction = false;
            self.connection.end_detached(false)
        } else {
            Ok(())
        };
        for entry in self.identity.entries_mut() {
            entry.restore()?;
        }
        ended
    }

    /// Forgets every object (they stay valid handles, no longer tracked).
    pub fn expunge_all(&mut self) {
        self.identity.clear();
        self.expired.clear();
        self.deletions.clear();
    }

    /// The connection, for statements outside the ORM in the session's transaction
    /// (which it begins, if none is open).
    pub fn connection(&mut self) -> Result<&mut Connection> {
        self.begin()?;
        Ok(&mut self.connection)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.in_transaction
            && let Err(error) = self.connection.end_detached(false)
        {
            tracing::warn!(target: "retort::sql", %error, "rollback of a dropped session failed");
        }
    }
}

/// An object to delete, whatever its table.
trait Deletion {
    fn delete(&self, connection: &mut Connection) -> Result<()>;
}

impl<T: Table> Deletion for Obj<T> {
    fn delete(&self, connection: &mut Connection) -> Result<()> {
        let values = super::identity::values_of::<T>(&self.read());
        let mut delete = T::default().delete();
        for column in T::PRIMARY_KEY {
            let at = T::COLUMNS.iter().position(|c| c == column).unwrap_or(0);
            delete = delete.filter(key_equals::<T>(column, values[at].clone()));
        }
        connection.execute(delete)?;
        Ok(())
    }
}

/// A query of a session's objects of table `T`; made by [`Session::query`].
pub struct SessionQuery<'s, T: Table> {
    session: &'s mut Session,
    select: Select<T::Row, (T, ())>,
}

impl<T: Table> SessionQuery<'_, T> {
    /// `WHERE predicate`; several calls are joined with AND.
    pub fn filter(mut self, predicate: Expr<bool>) -> Self {
        self.select = self.select.filter(predicate);
        self
    }

    /// `ORDER BY key`.
    pub fn order_by(mut self, key: impl Into<Order>) -> Self {
        self.select = self.select.order_by(key);
        self
    }

    /// `LIMIT n`.
    pub fn limit(mut self, n: u64) -> Self {
        self.select = self.select.limit(n);
        self
    }

    /// Every object the query finds, each the session's one object for its key.
    pub fn all(self) -> Result<Vec<Obj<T>>> {
        self.session.read(self.select)
    }

    /// The one object the query finds: [`Error::NotFound`] when there is none,
    /// [`Error::TooManyRows`] when there are more (as [`Connection::one`]).
    pub fn one(self) -> Result<Obj<T>> {
        let mut found = self.session.read(self.select)?;
        match found.len() {
            0 => Err(Error::NotFound),
            1 => Ok(found.remove(0)),
            _ => Err(Error::TooManyRows),
        }
    }
}
