//! The public session methods, from one list (see `forward.rs`).

use super::forward::forward_session;
use super::handle::SessionObject;
use super::key::Key;
use super::{Obj, Pending};
use crate::error::Result;
use crate::table::{Cardinality, Insertable, Relationship, Table, ToMany, ToOne};

forward_session! {
    io {
        /// The object of table `T` with primary key `key` (a value, or a tuple for a composite
        /// key): from the identity map without a statement when the session has it, else read
        /// with one SELECT. `None` when there is no such row.
        fn get[T: Table](&mut self, key: impl Into<T::PrimaryKey>) -> Result<Option<Obj<T>>>
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
        fn load[F: Table, T: Table, C: Cardinality](
            &mut self,
            object: &Obj<F>,
            relationship: Relationship<F, T, C>,
        ) -> Result<C::Loaded<T>>;

        /// Empties a to-one relationship: the foreign key is set to NULL — the object's own,
        /// or, from the referenced side of a one-to-one, the related object's (which is deleted
        /// instead when the relationship has the `delete-orphan` cascade). A NOT NULL foreign
        /// key that would be set to NULL is refused with [`Error::NotNullForeignKey`], and
        /// nothing changes.
        fn clear_related[F: Table, T: Table](
            &mut self,
            object: &impl SessionObject<F>,
            relationship: Relationship<F, T, ToOne>,
        ) -> Result<()>;
    }
    plain {
        /// Adds a new object: it is inserted at the next flush, after the objects its foreign
        /// keys wait for (see [`set_related`](Self::set_related)), and then tracked like any
        /// other. The returned handle gives the stored object once inserted.
        fn add[I: Insertable](&mut self, row: I) -> Pending<I::Table>;

        /// Marks `object` for deletion: DELETE at the next flush, after what its
        /// relationships' cascades delete first (docs/orm.md); the session stops tracking it
        /// then. Marking it twice is harmless; an object this session does not track is
        /// [`Error::NotInSession`], and nothing is marked.
        fn delete[T: Table](&mut self, object: &Obj<T>) -> Result<()>;

        /// Forgets every object (they stay valid handles, no longer tracked) and every
        /// change not flushed.
        fn expunge_all(&mut self) -> ();

        /// Sets a to-one relationship: `session.set_related(&post, posts::rel::AUTHOR, &ada)`
        /// sets the post's foreign key to Ada's key. Either object may be new: a new target's
        /// generated key is written into the foreign key when the flush has inserted it (and
        /// the flush inserts it first).
        fn set_related[F: Table, T: Table](
            &mut self,
            object: &impl SessionObject<F>,
            relationship: Relationship<F, T, ToOne>,
            target: &impl SessionObject<T>,
        ) -> Result<()>;

        /// Adds `target` to a to-many relationship of `object`:
        /// `session.add_related(&ada, users::rel::POSTS, &post)` sets the post's foreign key to
        /// Ada's key; `session.add_related(&post, posts::rel::TAGS, &tag)` inserts the
        /// association row at the next flush (after both objects, if new).
        fn add_related[F: Table, T: Table](
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
        fn remove_related[F: Table, T: Table](
            &mut self,
            object: &impl SessionObject<F>,
            relationship: Relationship<F, T, ToMany>,
            target: &impl SessionObject<T>,
        ) -> Result<()>;
    }
}

impl crate::Session {
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
impl crate::AsyncSession {
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
