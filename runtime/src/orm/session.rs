//! [`Session`]: SQLAlchemy's ORM session — an identity map over one connection and one
//! transaction at a time, with changes written back as a unit of work.

use std::collections::HashSet;

use super::forward::forward_session;
use super::handle::SessionObject;
use super::identity::{Identity, IdentityMap, key_equals, key_text};
use super::key::Key;
use super::related::RelatedCache;
use super::unit_of_work::{AssociationChange, DeferredLink, Deletion, PendingInsert};
use super::{Obj, Pending};
#[cfg(feature = "async")]
use crate::AsyncSession;
use crate::connection::Connection;
use crate::connection::core::ConnCore;
use crate::driver::block_ready;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::query::Select;
use crate::table::{Cardinality, Insertable, Relationship, Table, ToMany, ToOne};

/// How a [`Session`] behaves; `SessionOptions::default()` is SQLAlchemy's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionOptions {
    autoflush: bool,
    expire_on_commit: bool,
    pub(crate) in_batch_size: usize,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            autoflush: true,
            expire_on_commit: true,
            in_batch_size: 10_000,
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

    /// The most keys one select-in statement lists in its `IN (…)` (default 10,000, well
    /// under every database's limit on bound parameters): more parents are loaded in
    /// batches of this size, one statement each. At least 1.
    pub fn in_batch_size(mut self, keys: usize) -> Self {
        self.in_batch_size = keys.max(1);
        self
    }
}

/// The state and operations of a session, shared by [`Session`] and the async session:
/// written once, as `async` code, like the connection's operations.
#[doc(hidden)]
pub struct SessionCore {
    pub(crate) connection: SessionConnection,
    pub(super) options: SessionOptions,
    pub(super) identity: IdentityMap,
    /// The loaded relationships of the objects.
    pub(super) related: RelatedCache,
    /// New objects, in the order added.
    pub(super) pending: Vec<Box<dyn PendingInsert>>,
    /// New objects inserted in the current transaction: a rollback makes them new again.
    pub(super) inserted: Vec<Box<dyn PendingInsert>>,
    /// Foreign keys to set once new objects have keys.
    pub(super) links: Vec<DeferredLink>,
    /// Association rows to insert or delete.
    pub(super) associations: Vec<AssociationChange>,
    /// Objects to delete at the next flush, in the order given.
    pub(super) deletions: Vec<Box<dyn Deletion>>,
    /// Objects being deleted, while their cascades run.
    pub(super) deleting: foldhash::HashSet<Identity>,
    /// Tables the current flush wrote to: their loaded relationships are stale after it.
    pub(super) written: HashSet<&'static str>,
    /// Objects read before the last commit, to read again when next asked for.
    pub(super) expired: foldhash::HashSet<Identity>,
    /// The number the next added object gets.
    next_id: u64,
    in_transaction: bool,
}

/// The part of a session that takes in rows read, borrowed apart from its connection so
/// that rows are merged while they stream from it (joined loading).
pub(crate) struct Merger<'s> {
    pub(super) identity: &'s mut IdentityMap,
    pub(super) expired: &'s mut foldhash::HashSet<Identity>,
}

impl Merger<'_> {
    /// The tracked object for `row` just read (see `IdentityMap::merge`); an expired
    /// object read again is fresh.
    pub(super) fn merge_read<T: Table>(&mut self, identity: Identity, row: T::Row) -> Obj<T> {
        if !self.expired.is_empty() {
            self.expired.remove(&identity);
        }
        self.identity.merge_identified::<T>(identity, row)
    }
}

impl std::fmt::Debug for SessionCore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("options", &self.options)
            .field("in_transaction", &self.in_transaction)
            .finish()
    }
}

/// The connection a session runs on, of the sync or the async API.
pub(crate) enum SessionConnection {
    Blocking(Connection),
    #[cfg(feature = "async")]
    Async(crate::AsyncConnection),
}

impl SessionConnection {
    /// The connection's operations.
    pub(crate) fn core(&mut self) -> &mut ConnCore {
        match self {
            SessionConnection::Blocking(connection) => &mut connection.core,
            #[cfg(feature = "async")]
            SessionConnection::Async(connection) => connection.core(),
        }
    }
}

impl SessionCore {
    /// A session over `connection`.
    pub(crate) fn new(connection: SessionConnection, options: SessionOptions) -> SessionCore {
        SessionCore {
            connection,
            options,
            identity: IdentityMap::default(),
            related: RelatedCache::default(),
            pending: Vec::new(),
            inserted: Vec::new(),
            links: Vec::new(),
            associations: Vec::new(),
            deletions: Vec::new(),
            deleting: foldhash::HashSet::default(),
            written: HashSet::new(),
            expired: foldhash::HashSet::default(),
            next_id: 0,
            in_transaction: false,
        }
    }

    /// Begins the session's transaction, if none is open.
    pub(crate) async fn begin(&mut self) -> Result<()> {
        if !self.in_transaction {
            self.connection.core().begin_detached().await?;
            self.in_transaction = true;
        }
        Ok(())
    }

    /// Flushes before a query, when autoflush is on.
    pub(super) async fn autoflush(&mut self) -> Result<()> {
        if self.options.autoflush {
            self.flush().await?;
        }
        Ok(())
    }

    /// See [`Session::get`](crate::Session::get).
    pub(crate) async fn get<T: Table>(
        &mut self,
        key: impl Into<T::PrimaryKey>,
    ) -> Result<Option<Obj<T>>>
    where
        T::PrimaryKey: Key,
    {
        let values = key.into().key_values();
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
        Ok(self.read(query).await?.into_iter().next())
    }

    /// Runs `query` (after an autoflush) and merges its rows into the identity map: a row
    /// already tracked comes back as that same object (refreshed, unless it has unflushed
    /// changes).
    pub(super) async fn read<T: Table>(
        &mut self,
        query: Select<T::Row, (T, ())>,
    ) -> Result<Vec<Obj<T>>> {
        if T::PRIMARY_KEY.is_empty() {
            // Its rows cannot be told apart, so they cannot be tracked one by one.
            return Err(Error::InvalidStatement(format!(
                "`{}` has no primary key: a session tracks rows by key; read it through a \
                 Connection instead",
                T::NAME
            )));
        }
        self.autoflush().await?;
        self.begin().await?;
        let rows = self.connection.core().all(query).await?;
        self.identity.reserve(rows.len());
        Ok(rows
            .into_iter()
            .map(|row| self.merge_read::<T>(row))
            .collect())
    }

    /// The tracked object for `row` just read (see `IdentityMap::merge`); an expired
    /// object read again is fresh.
    pub(super) fn merge_read<T: Table>(&mut self, row: T::Row) -> Obj<T> {
        let identity = IdentityMap::identity_of::<T>(&row);
        self.merge_read_identified(identity, row)
    }

    /// [`merge_read`](Self::merge_read) for a row whose identity the caller has worked out.
    pub(super) fn merge_read_identified<T: Table>(
        &mut self,
        identity: Identity,
        row: T::Row,
    ) -> Obj<T> {
        Merger {
            identity: &mut self.identity,
            expired: &mut self.expired,
        }
        .merge_read(identity, row)
    }

    /// True when a flush would write something.
    pub(super) fn has_changes(&mut self) -> bool {
        !self.pending.is_empty()
            || !self.links.is_empty()
            || !self.associations.is_empty()
            || !self.deletions.is_empty()
            || self.identity.entries_mut().any(|entry| entry.is_dirty())
    }

    /// See [`Session::add`](crate::Session::add).
    pub(crate) fn add<I: Insertable>(&mut self, row: I) -> Pending<I::Table> {
        self.next_id += 1;
        let pending = Pending::new(self.next_id, row);
        self.pending.push(Box::new(pending.clone()));
        pending
    }

    /// See [`Session::delete`](crate::Session::delete).
    pub(crate) fn delete<T: Table>(&mut self, object: &Obj<T>) -> Result<()> {
        let Some(identity) = self.identity.find(object) else {
            return Err(Error::NotInSession {
                table: T::NAME,
                object: super::identity::describe_key::<T>(&object.values()),
            });
        };
        let marked = self
            .deletions
            .iter()
            .any(|d| d.identity(&self.identity).as_ref() == Some(&identity));
        if !marked {
            self.deletions.push(Box::new(object.clone()));
        }
        Ok(())
    }

    /// See [`Session::flush`](crate::Session::flush).
    pub(crate) async fn flush(&mut self) -> Result<()> {
        if !self.has_changes() {
            return Ok(());
        }
        self.begin().await?;
        let written = self.write_changes().await;
        let tables = std::mem::take(&mut self.written);
        if let Err(error) = written {
            // What was written is rolled back; the error is what the caller needs.
            let _ = self.rollback().await;
            return Err(error);
        }
        self.related.invalidate(&tables);
        Ok(())
    }

    /// See [`Session::commit`](crate::Session::commit).
    pub(crate) async fn commit(&mut self) -> Result<()> {
        self.flush().await?;
        if self.in_transaction {
            self.in_transaction = false;
            self.connection.core().end_detached(true).await?;
        }
        self.identity.committed();
        self.inserted.clear();
        if self.options.expire_on_commit {
            self.expired.extend(self.identity.identities());
            self.related.clear();
        }
        Ok(())
    }

    /// See [`Session::close`](crate::Session::close): rolls back what is open, then cleans
    /// the connection so that dropping it has nothing left to do.
    pub(crate) async fn close(&mut self) -> Result<()> {
        let rolled_back = self.rollback().await;
        self.connection.core().release().await;
        rolled_back
    }

    /// See [`Session::rollback`](crate::Session::rollback).
    pub(crate) async fn rollback(&mut self) -> Result<()> {
        self.drop_unflushed();
        let ended = if self.in_transaction {
            self.in_transaction = false;
            self.connection.core().end_detached(false).await
        } else {
            Ok(())
        };
        for object in std::mem::take(&mut self.inserted) {
            object.forget();
        }
        let rolled_back = self.identity.roll_back();
        for identity in &rolled_back.forgotten {
            self.expired.remove(identity);
        }
        // Deleted in the transaction, its row may have changed since the session last read
        // it: read again when next asked for.
        self.expired.extend(rolled_back.undeleted);
        self.rekey();
        self.related.clear();
        match rolled_back.failed {
            Some(error) => Err(error),
            None => ended,
        }
    }

    /// Files objects whose primary key changed under their new key (see
    /// `IdentityMap::rekey`).
    pub(super) fn rekey(&mut self) {
        for (old, new) in self.identity.rekey() {
            if self.expired.remove(&old) {
                self.expired.insert(new);
            }
        }
    }

    fn drop_unflushed(&mut self) {
        self.pending.clear();
        self.links.clear();
        self.associations.clear();
        self.deletions.clear();
        self.deleting.clear();
        self.written.clear();
    }

    /// See [`Session::expunge_all`](crate::Session::expunge_all).
    pub(crate) fn expunge_all(&mut self) {
        self.drop_unflushed();
        self.identity.clear();
        self.expired.clear();
        self.related.clear();
    }
}

impl Drop for SessionCore {
    /// A transaction still open is rolled back: here on a blocking connection; an async
    /// connection does it on its way back to the pool (a drop cannot wait).
    fn drop(&mut self) {
        if self.in_transaction
            && let SessionConnection::Blocking(connection) = &mut self.connection
            && let Err(error) = block_ready(connection.core.end_detached(false))
        {
            tracing::warn!(target: "retort::sql", %error, "rollback of a dropped session failed");
        }
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
    pub(crate) core: SessionCore,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.core.fmt(f)
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
            core: SessionCore::new(SessionConnection::Blocking(engine.connection()?), options),
        })
    }

    /// The connection, for statements outside the ORM in the session's transaction
    /// (which it begins, if none is open).
    pub fn connection(&mut self) -> Result<&mut Connection> {
        block_ready(self.core.begin())?;
        match &mut self.core.connection {
            SessionConnection::Blocking(connection) => Ok(connection),
            #[cfg(feature = "async")]
            SessionConnection::Async(_) => unreachable!("a Session holds a blocking connection"),
        }
    }

    /// Ends the session: what was not committed is rolled back (unflushed changes
    /// discarded) and the connection goes back to the pool. Dropping the session does the
    /// same; `close` reports a rollback that failed, which a drop can only log.
    pub fn close(mut self) -> Result<()> {
        block_ready(self.core.close())
    }
}

// The public session methods, from one list (see `forward.rs`), for `Session` here (so
// that compiler messages name them `Session::…`) and `AsyncSession`.
forward_session! {
    io {
        /// The object of table `T` with primary key `key` (a value, or a tuple for a composite
        /// key): from the identity map without a statement when the session has it, else read
        /// with one SELECT. `None` when there is no such row.
        fn get<T: Table>(&mut self, key: impl Into<T::PrimaryKey>) -> Result<Option<Obj<T>>>
        where [T::PrimaryKey: Key];

        /// Writes every pending change, in one transaction: new objects (parents before
        /// children, whatever the order they were added in, their generated keys written back
        /// into them and into the foreign keys of the objects linked to them), then one UPDATE
        /// per changed object (only its changed columns; nothing for an unchanged one), then
        /// association rows, then deletions with their cascades. If a statement fails, the
        /// transaction is rolled back as by [`rollback`](Self::rollback) and the error —
        /// [`Error::Flush`], naming the object — is returned: the session stays usable.
        fn flush(&mut self) -> Result<()>;

        /// Flushes, then commits the transaction. With expire-on-commit (the default), every
        /// object is read again from the database the next time it is asked for.
        fn commit(&mut self) -> Result<()>;

        /// Rolls the transaction back and puts every object back as the database has it.
        /// Everything not flushed is dropped: new objects (their [`Pending`] handles stay
        /// without an object), relationship changes, deletions; objects the transaction
        /// inserted are forgotten.
        fn rollback(&mut self) -> Result<()>;

        /// The objects relationship `rel` of `object` holds: from the session when loaded
        /// (by an earlier `load`, or eagerly by a query's [`selectin`] or [`joined`] option),
        /// else read now with one SELECT — lazy loading — or, for a link to the primary key of
        /// a target the session already has (a many-to-one; a one-to-one whose key is the
        /// link), taken from the identity map with none. A to-one
        /// relationship gives an `Option`, a to-many one a `Vec` in primary-key order.
        ///
        /// Before loading, pending changes are flushed when autoflush is on, so what is loaded
        /// includes them; a flush that writes to a relationship's tables makes it load again
        /// on the next call. A relationship a query marked with [`raise`] is
        /// [`Error::NotLoaded`].
        fn load<F: Table, T: Table, C: Cardinality>(
            &mut self,
            object: &Obj<F>,
            relationship: Relationship<F, T, C>,
        ) -> Result<C::Loaded<T>>;

        /// Empties a to-one relationship: the foreign key is set to NULL — the object's own,
        /// or, from the referenced side of a one-to-one, the related object's (which is deleted
        /// instead when the relationship has the `delete-orphan` cascade). A NOT NULL foreign
        /// key that would be set to NULL is refused with [`Error::NotNullForeignKey`], and
        /// nothing changes.
        fn clear_related<F: Table, T: Table>(
            &mut self,
            object: &impl SessionObject<F>,
            relationship: Relationship<F, T, ToOne>,
        ) -> Result<()>;
    }
    plain {
        /// Adds a new object: it is inserted at the next flush, after the objects its foreign
        /// keys wait for (see [`set_related`](Self::set_related)), and then tracked like any
        /// other. The returned handle gives the stored object once inserted.
        fn add<I: Insertable>(&mut self, row: I) -> Pending<I::Table>;

        /// Marks `object` for deletion: DELETE at the next flush, after what its
        /// relationships' cascades delete first (docs/orm.md); the session stops tracking it
        /// then. Marking it twice is harmless; an object this session does not track is
        /// [`Error::NotInSession`], and nothing is marked.
        fn delete<T: Table>(&mut self, object: &Obj<T>) -> Result<()>;

        /// Forgets every object (they stay valid handles, no longer tracked) and every
        /// change not flushed.
        fn expunge_all(&mut self) -> ();

        /// Sets a to-one relationship: `session.set_related(&post, posts::rel::AUTHOR, &ada)`
        /// sets the post's foreign key to Ada's key. Either object may be new: a new target's
        /// generated key is written into the foreign key when the flush has inserted it (and
        /// the flush inserts it first).
        fn set_related<F: Table, T: Table>(
            &mut self,
            object: &impl SessionObject<F>,
            relationship: Relationship<F, T, ToOne>,
            target: &impl SessionObject<T>,
        ) -> Result<()>;

        /// Adds `target` to a to-many relationship of `object`:
        /// `session.add_related(&ada, users::rel::POSTS, &post)` sets the post's foreign key to
        /// Ada's key; `session.add_related(&post, posts::rel::TAGS, &tag)` inserts the
        /// association row at the next flush (after both objects, if new).
        fn add_related<F: Table, T: Table>(
            &mut self,
            object: &impl SessionObject<F>,
            relationship: Relationship<F, T, ToMany>,
            target: &impl SessionObject<T>,
        ) -> Result<()>;

        /// Removes `target` from a to-many relationship of `object`: a many-to-many's
        /// association row is deleted at the next flush; a one-to-many child's foreign key is
        /// set to NULL — or, with the `delete-orphan` cascade, the child is deleted (a NOT NULL
        /// foreign key without it is refused with [`Error::NotNullForeignKey`]). A target not
        /// in the relationship is left alone.
        fn remove_related<F: Table, T: Table>(
            &mut self,
            object: &impl SessionObject<F>,
            relationship: Relationship<F, T, ToMany>,
            target: &impl SessionObject<T>,
        ) -> Result<()>;
    }
}

impl Session {
    /// The objects relationship `rel` of `object` holds, only if already loaded: never a
    /// statement. [`Error::NotLoaded`] otherwise.
    pub fn loaded<F: Table, T: Table, C: Cardinality>(
        &self,
        object: &Obj<F>,
        relationship: Relationship<F, T, C>,
    ) -> Result<C::Loaded<T>> {
        self.core.loaded(object, relationship)
    }
}

#[cfg(feature = "async")]
impl AsyncSession {
    /// As [`Session::loaded`](crate::Session::loaded): never a statement, so not `async`;
    /// [`Error::NotLoaded`](crate::Error::NotLoaded) when the relationship was not loaded
    /// (SQLAlchemy's asyncio rule: no implicit I/O on access).
    pub fn loaded<F: Table, T: Table, C: Cardinality>(
        &self,
        object: &Obj<F>,
        relationship: Relationship<F, T, C>,
    ) -> Result<C::Loaded<T>> {
        self.core.loaded(object, relationship)
    }
}
