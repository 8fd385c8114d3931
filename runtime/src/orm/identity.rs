//! The identity map: one [`Obj`] per table and primary key, with the column values last
//! read from or written to the database, from which a flush works out what changed.

use std::any::Any;
use std::collections::HashSet;

use sea_query::Value;

use super::Obj;
use crate::connection::core::ConnCore;
use crate::driver::BoxFuture;
use crate::error::{Error, Result};
use crate::expr::Expr;
use crate::row::{FromRow, Row, ValuesRow};
use crate::table::{Table, TableRow};

/// A table and a primary key (see [`Key`]).
pub(crate) type Identity = (&'static str, Key);

/// The values of a key (a primary key, or the foreign key pointing at one), compared so
/// that the same key is equal whatever integer width it was given in. A one-column
/// integer key — the common case — is held without allocating.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    /// A one-column key.
    One(KeyPart),
    /// A key of several columns (or none).
    Many(Vec<KeyPart>),
}

/// One value of a [`Key`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum KeyPart {
    /// Any integer, of any width or signedness.
    Int(i128),
    /// Text.
    Text(String),
    /// Any other value (a UUID, a date, a NULL), by its debug form, which is stable per type.
    Other(String),
}

impl KeyPart {
    fn of(value: &Value) -> KeyPart {
        match value {
            Value::TinyInt(Some(n)) => KeyPart::Int((*n).into()),
            Value::SmallInt(Some(n)) => KeyPart::Int((*n).into()),
            Value::Int(Some(n)) => KeyPart::Int((*n).into()),
            Value::BigInt(Some(n)) => KeyPart::Int((*n).into()),
            Value::TinyUnsigned(Some(n)) => KeyPart::Int((*n).into()),
            Value::SmallUnsigned(Some(n)) => KeyPart::Int((*n).into()),
            Value::Unsigned(Some(n)) => KeyPart::Int((*n).into()),
            Value::BigUnsigned(Some(n)) => KeyPart::Int((*n).into()),
            Value::String(Some(s)) => KeyPart::Text(s.clone()),
            other => KeyPart::Other(format!("{other:?}")),
        }
    }
}

/// `values` as a key.
pub(crate) fn key_text(values: &[Value]) -> Key {
    match values {
        [one] => Key::One(KeyPart::of(one)),
        many => Key::Many(many.iter().map(KeyPart::of).collect()),
    }
}

/// The values of `T`'s columns in `row`, in column order.
pub(crate) fn values_of<T: Table>(row: &T::Row) -> Vec<Value> {
    T::COLUMNS
        .iter()
        .map(|column| {
            row.column_value(column)
                .expect("a generated row has a value for each of its table's columns")
        })
        .collect()
}

/// The primary key values of `T` among `values` (in column order).
fn key_values<T: Table>(values: &[Value]) -> Vec<Value> {
    T::PRIMARY_KEY
        .iter()
        .filter_map(|key| T::COLUMNS.iter().position(|c| c == key))
        .map(|at| values[at].clone())
        .collect()
}

/// The value of `row`'s primary key column `column`.
fn key_value<T: Table>(row: &T::Row, column: &str) -> Value {
    row.column_value(column)
        .expect("a generated row has a value for each of its table's columns")
}

/// `"table"."column" = value`, to find a row by its key.
pub(crate) fn key_equals<T: Table>(column: &'static str, value: Value) -> Expr<bool> {
    Expr::from_sea(sea_query::ExprTrait::eq(
        sea_query::Expr::col((T::NAME, column)),
        value,
    ))
}

/// One tracked object, whatever its table.
pub(crate) trait Tracked: Send + Sync {
    /// The object, as `Obj<T>`.
    fn object(&self) -> &dyn Any;
    /// The entry, as `Entry<T>`.
    fn as_any_mut(&mut self) -> &mut dyn Any;
    /// Whether its row differs from what the database has.
    fn is_dirty(&self) -> bool;
    /// Writes the columns that changed (one UPDATE), then takes them as the database's;
    /// true when it wrote.
    fn flush<'a>(&'a mut self, connection: &'a mut ConnCore) -> BoxFuture<'a, Result<bool>>;
    /// Takes the values written in the transaction as committed (a commit).
    fn committed(&mut self);
    /// Puts the row back as it was when the transaction began (a rollback); false for an
    /// object the transaction inserted, which the session then forgets.
    fn restore(&mut self) -> Result<bool>;
    /// Its identity by the key the database has (which a flushed change of its primary
    /// key, or a rollback of one, moves).
    fn stored_identity(&self) -> Identity;
}

/// An object of table `T`, tracked. What the database has for it is kept by the object
/// itself (see [`Obj::stored`]), from its first change on.
pub(crate) struct Entry<T: Table> {
    object: Obj<T>,
    /// What the database had when the transaction began, when the transaction changed it
    /// (`None`: the same as what it has now): what a rollback puts back.
    committed: Option<Vec<Value>>,
    /// Inserted by the session in the current transaction: a rollback forgets it.
    inserted: bool,
}

impl<T: Table> Entry<T> {
    fn new(object: Obj<T>) -> Self {
        Entry {
            object,
            committed: None,
            inserted: false,
        }
    }

    /// The changed columns and their new values.
    fn changes(&self) -> Vec<(&'static str, Value)> {
        let stored = self.object.stored();
        let Some(stored) = &*stored else {
            // Never changed since it was in step with the database.
            return Vec::new();
        };
        let current = values_of::<T>(&self.object.read());
        T::COLUMNS
            .iter()
            .zip(current)
            .zip(stored)
            .filter(|((_, now), before)| now != *before)
            .map(|((column, now), _)| (*column, now))
            .collect()
    }
}

impl<T: Table> Entry<T> {
    /// Writes the columns that changed (see [`Tracked::flush`]).
    async fn flush_changes(&mut self, connection: &mut ConnCore) -> Result<bool> {
        let changes = self.changes();

        if changes.is_empty() {
            return Ok(false);
        }
        // The row is found by the key the database has, which the change may rewrite.
        let stored = self.object.stored_values();
        let mut update = T::default().update();
        for (column, value) in changes {
            update = update.set_value(column, value);
        }
        for (column, value) in T::PRIMARY_KEY.iter().zip(key_values::<T>(&stored)) {
            update = update.filter(key_equals::<T>(column, value));
        }
        let updated = connection
            .execute(update)
            .await
            .map_err(|error| Error::Flush {
                operation: "UPDATE",
                table: T::NAME.to_owned(),
                object: describe_key::<T>(&stored),
                source: Box::new(error),
            })?;
        match updated {
            1 => {
                // The database now has the row; what it had before is what a rollback
                // of the transaction puts back.
                self.object.stored().take();
                self.committed.get_or_insert(stored);
                Ok(true)
            }
            _ => Err(Error::InvalidStatement(format!(
                "flushing a `{}` row: no row with its primary key is left in the database \
                 (deleted by someone else?)",
                T::NAME
            ))),
        }
    }
}

impl<T: Table> Tracked for Entry<T> {
    fn object(&self) -> &dyn Any {
        &self.object
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }

    fn is_dirty(&self) -> bool {
        !self.changes().is_empty()
    }

    fn flush<'a>(&'a mut self, connection: &'a mut ConnCore) -> BoxFuture<'a, Result<bool>> {
        Box::pin(self.flush_changes(connection))
    }

    fn committed(&mut self) {
        self.committed = None;
        self.inserted = false;
    }

    fn stored_identity(&self) -> Identity {
        (
            T::NAME,
            key_text(&key_values::<T>(&self.object.stored_values())),
        )
    }

    fn restore(&mut self) -> Result<bool> {
        if self.inserted {
            return Ok(false);
        }
        // What the database had when the transaction began: kept when the transaction
        // wrote the row, else what it has now (unflushed changes are dropped).
        let committed = match self.committed.take() {
            Some(committed) => Some(committed),
            None => self.object.stored().clone(),
        };
        if let Some(committed) = committed {
            let row = T::Row::from_row(&Row::new(&ValuesRow(&committed)), 0)?;
            self.object.replace(row);
        }
        Ok(true)
    }
}

impl<T: Table> Entry<T> {
    /// The database changed `columns` of the row (a foreign key set to NULL by the
    /// database's rule or by the session): the object and what the database has follow;
    /// the user's unflushed changes to other columns stay.
    pub(crate) fn database_set(&mut self, columns: &[&str], values: &[Value]) -> Result<()> {
        if self.committed.is_none() {
            self.committed = Some(self.object.stored_values());
        }
        self.object.set_values_untracked(columns, values.to_vec())?;
        // The stored values as the row now holds them, typed as its columns are (a NULL
        // given as any type is the column's NULL), so that they compare equal.
        let current = values_of::<T>(&self.object.read());
        if let Some(stored) = &mut *self.object.stored() {
            for column in columns {
                if let Some(at) = T::COLUMNS.iter().position(|c| c == column) {
                    stored[at] = current[at].clone();
                }
            }
        }
        Ok(())
    }
}

/// `(id = 1)`: a row's primary key among its column values, for messages.
pub(crate) fn describe_key<T: Table>(values: &[Value]) -> String {
    let parts: Vec<String> = T::PRIMARY_KEY
        .iter()
        .zip(key_values::<T>(values))
        .map(|(column, value)| format!("{column} = {}", describe_value(&value)))
        .collect();
    format!("({})", parts.join(", "))
}

/// A value as SQL would show it: `1`, `'Ada'`, `NULL`.
pub(crate) fn describe_value(value: &Value) -> String {
    match crate::value::DbValue::from_bound(value) {
        Ok(crate::value::DbValue::Null) => "NULL".to_owned(),
        Ok(crate::value::DbValue::Int(n)) => n.to_string(),
        Ok(crate::value::DbValue::Text(text)) => format!("'{text}'"),
        _ => format!("{value:?}"),
    }
}

/// What a rollback did to the identity map.
#[derive(Default)]
pub(crate) struct RolledBack {
    /// Objects the transaction inserted, no longer tracked.
    pub(crate) forgotten: Vec<Identity>,
    /// Objects the transaction deleted, tracked again.
    pub(crate) undeleted: Vec<Identity>,
    /// The first object that could not be put back (it stays tracked as it is).
    pub(crate) failed: Option<Error>,
}

/// Every object a session tracks, in the order first loaded (so flushes are
/// deterministic), with an index by identity.
#[derive(Default)]
pub(crate) struct IdentityMap {
    entries: Vec<(Identity, Box<dyn Tracked>)>,
    /// foldhash rather than SipHash: hashing keys was a tenth of reading an object.
    index: foldhash::HashMap<Identity, usize>,
    /// Objects deleted in the current transaction: a rollback brings them back.
    deleted: Vec<(Identity, Box<dyn Tracked>)>,
}

impl IdentityMap {
    /// The identity of `row` of table `T`.
    pub(crate) fn identity_of<T: Table>(row: &T::Row) -> Identity {
        let key = match T::PRIMARY_KEY {
            // Only the key's values are read out of the row.
            [column] => Key::One(KeyPart::of(&key_value::<T>(row, column))),
            columns => Key::Many(
                columns
                    .iter()
                    .map(|column| KeyPart::of(&key_value::<T>(row, column)))
                    .collect(),
            ),
        };
        (T::NAME, key)
    }

    /// Room for `additional` more objects (a query's rows about to be merged).
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.entries.reserve(additional);
        self.index.reserve(additional);
    }

    fn entry_mut(&mut self, identity: &Identity) -> Option<&mut Box<dyn Tracked>> {
        let at = *self.index.get(identity)?;
        Some(&mut self.entries[at].1)
    }

    /// The object of `identity`, when tracked.
    pub(crate) fn get<T: Table>(&self, identity: &Identity) -> Option<Obj<T>> {
        let at = *self.index.get(identity)?;
        self.entries[at]
            .1
            .object()
            .downcast_ref::<Obj<T>>()
            .cloned()
    }

    /// The tracked object for `row` just read from the database: the one already in the map
    /// (its unchanged row refreshed to what was read), or a new one.
    pub(crate) fn merge<T: Table>(&mut self, row: T::Row) -> Obj<T> {
        let identity = Self::identity_of::<T>(&row);
        self.merge_identified(identity, row)
    }

    /// [`merge`](Self::merge) for a row whose identity the caller has already worked out.
    pub(crate) fn merge_identified<T: Table>(&mut self, identity: Identity, row: T::Row) -> Obj<T> {
        if let Some(entry) = self
            .entry_mut(&identity)
            .and_then(|entry| entry.as_any_mut().downcast_mut::<Entry<T>>())
        {
            let object = entry.object.clone();
            // Pending changes win over what was read (SQLAlchemy does the same).
            if !entry.is_dirty() {
                // Unless the transaction changed the row, what was read is also what a
                // rollback goes back to.
                if entry
                    .committed
                    .as_ref()
                    .is_some_and(|committed| *committed == object.stored_values())
                {
                    entry.committed = None;
                }
                object.replace(row);
            }
            return object;
        }
        let object = Obj::new(row);
        self.index.insert(identity.clone(), self.entries.len());
        self.entries
            .push((identity, Box::new(Entry::new(object.clone()))));
        object
    }

    /// Tracks `row`, just inserted by the session: a rollback of the transaction forgets it.
    pub(crate) fn insert_new<T: Table>(&mut self, row: T::Row) -> Obj<T> {
        let identity = Self::identity_of::<T>(&row);
        let object = self.merge::<T>(row);
        if let Some(entry) = self
            .entry_mut(&identity)
            .and_then(|entry| entry.as_any_mut().downcast_mut::<Entry<T>>())
        {
            entry.inserted = true;
        }
        object
    }

    /// The tracked objects of table `T` with their identities, in load order.
    pub(crate) fn objects_of<T: Table>(&self) -> Vec<(Identity, Obj<T>)> {
        self.entries
            .iter()
            .filter(|(identity, _)| identity.0 == T::NAME)
            .filter_map(|(identity, entry)| {
                let object = entry.object().downcast_ref::<Obj<T>>()?;
                Some((identity.clone(), object.clone()))
            })
            .collect()
    }

    /// The entry of a tracked object of table `T`.
    pub(crate) fn entry_of<T: Table>(&mut self, identity: &Identity) -> Option<&mut Entry<T>> {
        self.entry_mut(identity)?
            .as_any_mut()
            .downcast_mut::<Entry<T>>()
    }

    /// A rollback: every object put back as it was when the transaction began, those it
    /// deleted tracked again; those it inserted are forgotten. Identities stay as they
    /// were: `rekey` files moved keys back.
    pub(crate) fn roll_back(&mut self) -> RolledBack {
        let mut entries = std::mem::take(&mut self.entries);
        let deleted = std::mem::take(&mut self.deleted);
        let mut rolled_back = RolledBack {
            undeleted: deleted
                .iter()
                .map(|(identity, _)| identity.clone())
                .collect(),
            ..RolledBack::default()
        };
        entries.extend(deleted);
        for (identity, mut entry) in entries {
            match entry.restore() {
                Ok(true) => self.entries.push((identity, entry)),
                Ok(false) => rolled_back.forgotten.push(identity),
                // Kept as it is: every object stays tracked whatever happens.
                Err(error) => {
                    rolled_back.failed.get_or_insert(error);
                    self.entries.push((identity, entry));
                }
            }
        }
        self.reindex();
        rolled_back
    }

    /// A commit: what the transaction wrote is what a later rollback goes back to, and
    /// what it deleted is gone for good.
    pub(crate) fn committed(&mut self) {
        for (_, entry) in &mut self.entries {
            entry.committed();
        }
        self.deleted.clear();
    }

    /// The identity `object` is tracked under, when it is one of the map's objects.
    pub(crate) fn find<T: Table>(&self, object: &Obj<T>) -> Option<Identity> {
        let current = Self::identity_of::<T>(&object.read());
        if self.get::<T>(&current).is_some_and(|mine| mine.is(object)) {
            return Some(current);
        }
        // Its key was changed in memory and not flushed yet.
        self.objects_of::<T>()
            .into_iter()
            .find(|(_, mine)| mine.is(object))
            .map(|(identity, _)| identity)
    }

    /// Files every object under the key the database now has for it, after a flush wrote
    /// (or a rollback undid) a change of primary key; returns the (old, new) identities of
    /// those that moved.
    pub(crate) fn rekey(&mut self) -> Vec<(Identity, Identity)> {
        let mut moved = Vec::new();
        let mut moved_at = HashSet::new();
        for (at, (identity, entry)) in self.entries.iter_mut().enumerate() {
            let stored = entry.stored_identity();
            if *identity != stored {
                moved.push((std::mem::replace(identity, stored.clone()), stored));
                moved_at.insert(at);
            }
        }
        if moved.is_empty() {
            return moved;
        }
        // An object that did not move but is filed under a key another one moved to has
        // no row any more (the database holds one row per key): it is dropped, so that
        // one identity never names two objects.
        let taken: HashSet<&Identity> = moved.iter().map(|(_, new)| new).collect();
        let mut at = 0;
        self.entries.retain(|(identity, _)| {
            let keep = moved_at.contains(&at) || !taken.contains(identity);
            at += 1;
            keep
        });
        self.reindex();
        moved
    }

    fn reindex(&mut self) {
        self.index = self
            .entries
            .iter()
            .enumerate()
            .map(|(at, (identity, _))| (identity.clone(), at))
            .collect();
    }

    /// Stops tracking `identity`, deleted in the current transaction (until a rollback
    /// brings it back).
    pub(crate) fn deleted(&mut self, identity: &Identity) {
        if let Some(at) = self.index.remove(identity) {
            let entry = self.entries.remove(at);
            self.deleted.push(entry);
            // Positions after the removed one moved down.
            self.reindex();
        }
    }

    /// Every tracked object, in load order.
    pub(crate) fn entries_mut(&mut self) -> impl Iterator<Item = &mut Box<dyn Tracked>> {
        self.entries.iter_mut().map(|(_, entry)| entry)
    }

    /// Every tracked object with its identity, in load order.
    pub(crate) fn tracked_mut(
        &mut self,
    ) -> impl Iterator<Item = (&Identity, &mut Box<dyn Tracked>)> {
        self.entries
            .iter_mut()
            .map(|(identity, entry)| (&*identity, entry))
    }

    /// The identities of every tracked object.
    pub(crate) fn identities(&self) -> impl Iterator<Item = Identity> + '_ {
        self.entries.iter().map(|(identity, _)| identity.clone())
    }

    /// Forgets every object.
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.index.clear();
        self.deleted.clear();
    }
}
