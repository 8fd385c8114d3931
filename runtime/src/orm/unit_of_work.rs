//! The unit of work: what a flush writes, and in which order — new objects in
//! foreign-key order, the foreign keys that waited for their keys, changed objects,
//! association rows, deletions with their cascades.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

use sea_query::{Alias, ExprTrait, Query, SimpleExpr, Value};

use super::handle::{LinkEnd, ObjectToken};
use super::identity::{Identity, IdentityMap, describe_value};
use super::session::SessionCore;
use super::{Obj, Pending};
use crate::connection::core::ConnCore;
use crate::driver::BoxFuture;
use crate::error::{Error, Result};
use crate::table::{AnyRelationship, Insertable, Table, Through};

/// A new object waiting for its INSERT, whatever its table.
pub(crate) trait PendingInsert: Send + Sync {
    /// Its session-wide number (add order).
    fn id(&self) -> u64;
    /// Its table.
    fn table(&self) -> &'static str;
    /// The other tables its table's foreign keys reference.
    fn references(&self) -> Vec<String>;
    /// Inserts it, tracks the stored row, and returns the row's identity.
    fn insert<'a>(
        &'a self,
        connection: &'a mut ConnCore,
        identity: &'a mut IdentityMap,
    ) -> BoxFuture<'a, Result<Identity>>;
    /// Makes it new again: after a rollback undid its insert, it is no longer in the
    /// database nor in the session.
    fn forget(&self);
}

/// The values of a [`Pending`] object, as an insert.
struct Values<T>(
    Vec<(&'static str, Value)>,
    std::marker::PhantomData<fn() -> T>,
);

impl<T: Table> Insertable for Values<T> {
    type Table = T;
    fn into_values(self) -> Vec<(&'static str, Value)> {
        self.0
    }
}

impl<T: Table> PendingInsert for Pending<T> {
    fn id(&self) -> u64 {
        self.state().id
    }

    fn table(&self) -> &'static str {
        T::NAME
    }

    fn references(&self) -> Vec<String> {
        T::def()
            .foreign_keys
            .into_iter()
            .map(|fk| fk.references)
            .filter(|table| table != T::NAME)
            .collect()
    }

    fn insert<'a>(
        &'a self,
        connection: &'a mut ConnCore,
        identity: &'a mut IdentityMap,
    ) -> BoxFuture<'a, Result<Identity>> {
        Box::pin(async move {
            let values = self.state().values.clone();
            let described = describe_values(&values);
            let row = connection
                .insert_returning(Values::<T>(values, std::marker::PhantomData))
                .await
                .map_err(|error| Error::Flush {
                    operation: "INSERT",
                    table: T::NAME.to_owned(),
                    object: described,
                    source: Box::new(error),
                })?;
            let id = IdentityMap::identity_of::<T>(&row);
            let object = identity.insert_new::<T>(row);
            self.state().object = Some(object);
            Ok(id)
        })
    }

    fn forget(&self) {
        self.state().object = None;
    }
}

/// `(name = 'Ada', email = NULL)`: the values given for a new object, for messages.
fn describe_values(values: &[(&'static str, Value)]) -> String {
    let parts: Vec<String> = values
        .iter()
        .map(|(column, value)| format!("{column} = {}", describe_value(value)))
        .collect();
    format!("({})", parts.join(", "))
}

/// A foreign key to set from another object's columns once that object, new, has been
/// inserted and its key is known.
pub(crate) struct DeferredLink {
    /// The object whose foreign key is set.
    pub(crate) holder: Box<dyn LinkEnd>,
    pub(crate) holder_columns: &'static [&'static str],
    /// The object it points at.
    pub(crate) other: Box<dyn LinkEnd>,
    pub(crate) other_columns: &'static [&'static str],
}

impl DeferredLink {
    /// Copies the other object's values into the holder's foreign key.
    fn resolve(&self) -> Result<()> {
        let values = self.other.values(self.other_columns).ok_or_else(|| {
            Error::InvalidStatement(format!(
                "a new `{}` object was linked to a `{}` object that was never inserted \
                 (removed from the session?)",
                self.holder.table(),
                self.other.table()
            ))
        })?;
        self.holder.set(self.holder_columns, values)
    }
}

/// A row of a many-to-many's association table to insert or delete at the next flush.
pub(crate) struct AssociationChange {
    pub(crate) insert: bool,
    pub(crate) through: Through,
    pub(crate) source: Box<dyn LinkEnd>,
    pub(crate) source_columns: &'static [&'static str],
    pub(crate) target: Box<dyn LinkEnd>,
    pub(crate) target_columns: &'static [&'static str],
}

impl AssociationChange {
    /// True when `other` is about the same association row: the same table, and the same
    /// object in each of its column groups (whichever side the change was made from).
    pub(crate) fn same_row(&self, other: &AssociationChange) -> bool {
        self.through.table == other.through.table && {
            let mut mine = self.ends();
            let mut theirs = other.ends();
            mine.sort_by_key(|(columns, _)| *columns);
            theirs.sort_by_key(|(columns, _)| *columns);
            mine == theirs
        }
    }

    /// Each of the association table's column groups, with the object it points at.
    fn ends(&self) -> [(&'static [&'static str], ObjectToken); 2] {
        [
            (self.through.source_columns, self.source.token()),
            (self.through.target_columns, self.target.token()),
        ]
    }

    async fn write(&self, connection: &mut ConnCore) -> Result<()> {
        let missing = || {
            Error::InvalidStatement(format!(
                "an association row of `{}` links an object that was never inserted",
                self.through.table
            ))
        };
        let source = self
            .source
            .values(self.source_columns)
            .ok_or_else(missing)?;
        let target = self
            .target
            .values(self.target_columns)
            .ok_or_else(missing)?;
        let columns: Vec<&str> = self
            .through
            .source_columns
            .iter()
            .chain(self.through.target_columns)
            .copied()
            .collect();
        let values: Vec<Value> = source.into_iter().chain(target).collect();
        let described = describe_values(
            &columns
                .iter()
                .copied()
                .zip(values.iter().cloned())
                .collect::<Vec<_>>(),
        );
        let result = if self.insert {
            let mut insert = Query::insert();
            insert
                .into_table(Alias::new(self.through.table))
                .columns(columns.iter().map(|column| Alias::new(*column)))
                .values_panic(values.into_iter().map(SimpleExpr::from));
            connection.execute_sea(&insert).await
        } else {
            let mut delete = Query::delete();
            delete.from_table(Alias::new(self.through.table));
            for (column, value) in columns.iter().zip(values) {
                delete.and_where(
                    SimpleExpr::col((Alias::new(self.through.table), Alias::new(*column)))
                        .eq(value),
                );
            }
            connection.execute_sea(&delete).await
        };
        result.map(|_| ()).map_err(|error| Error::Flush {
            operation: if self.insert { "INSERT" } else { "DELETE" },
            table: self.through.table.to_owned(),
            object: described,
            source: Box::new(error),
        })
    }
}

/// An object to delete, whatever its table.
pub(crate) trait Deletion: Send + Sync {
    /// Its identity in `map`, when it is one of the map's objects.
    fn identity(&self, map: &IdentityMap) -> Option<Identity>;
    /// Its column values, in column order.
    fn values(&self) -> Vec<Value>;
    /// Its table's relationships, for cascades.
    fn relationships(&self) -> &'static [&'static dyn AnyRelationship];
    /// DELETE of its row.
    fn delete_row<'a>(&'a self, connection: &'a mut ConnCore) -> BoxFuture<'a, Result<()>>;
    /// Its table.
    fn table(&self) -> &'static str;
}

impl<T: Table> Deletion for Obj<T> {
    fn identity(&self, map: &IdentityMap) -> Option<Identity> {
        map.find(self)
    }

    fn values(&self) -> Vec<Value> {
        Obj::values(self)
    }

    fn relationships(&self) -> &'static [&'static dyn AnyRelationship] {
        T::RELATIONSHIPS
    }

    fn delete_row<'a>(&'a self, connection: &'a mut ConnCore) -> BoxFuture<'a, Result<()>> {
        let values = Obj::values(self);
        let mut delete = T::default().delete();
        for column in T::PRIMARY_KEY {
            if let Some(at) = T::COLUMNS.iter().position(|c| c == column) {
                delete =
                    delete.filter(super::identity::key_equals::<T>(column, values[at].clone()));
            }
        }
        Box::pin(async move {
            connection
                .execute(delete)
                .await
                .map(|_| ())
                .map_err(|error| Error::Flush {
                    operation: "DELETE",
                    table: T::NAME.to_owned(),
                    object: super::identity::describe_key::<T>(&values),
                    source: Box::new(error),
                })
        })
    }

    fn table(&self) -> &'static str {
        T::NAME
    }
}

/// The order to insert new objects in: every object after the objects its foreign keys
/// wait for, and otherwise each table after the tables it references (parents first),
/// objects of one table in the order added. Fails on objects whose foreign keys wait for
/// each other in a cycle.
pub(crate) fn insert_order(
    pending: &[Box<dyn PendingInsert>],
    links: &[DeferredLink],
) -> Result<Vec<usize>> {
    // Table ranks: Kahn's algorithm over the tables present, a cycle broken at the table
    // added first.
    let mut tables: Vec<&'static str> = Vec::new();
    let mut references: HashMap<&'static str, Vec<String>> = HashMap::new();
    for object in pending {
        if !references.contains_key(object.table()) {
            tables.push(object.table());
            references.insert(object.table(), object.references());
        }
    }
    let mut rank: HashMap<&'static str, usize> = HashMap::new();
    while rank.len() < tables.len() {
        let remaining: Vec<&'static str> = tables
            .iter()
            .copied()
            .filter(|table| !rank.contains_key(table))
            .collect();
        let free = remaining.iter().copied().find(|table| {
            references[table]
                .iter()
                .all(|referenced| !remaining.contains(&referenced.as_str()))
        });
        let next = free.unwrap_or(remaining[0]);
        rank.insert(next, rank.len());
    }
    // Positions by (table rank, add order); then object-level edges, Kahn with the
    // smallest position first.
    let mut by_position: Vec<usize> = (0..pending.len()).collect();
    by_position.sort_by_key(|&at| (rank[pending[at].table()], pending[at].id()));
    let position_of_id: HashMap<u64, usize> = by_position
        .iter()
        .enumerate()
        .map(|(position, &at)| (pending[at].id(), position))
        .collect();
    let mut waits_for = vec![0usize; pending.len()];
    let mut unblocks: Vec<Vec<usize>> = vec![Vec::new(); pending.len()];
    let mut seen = HashSet::new();
    for link in links {
        if let (Some(holder), Some(other)) = (link.holder.pending_id(), link.other.pending_id())
            && let (Some(&h), Some(&o)) = (position_of_id.get(&holder), position_of_id.get(&other))
            && h != o
            && seen.insert((h, o))
        {
            waits_for[h] += 1;
            unblocks[o].push(h);
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> = (0..pending.len())
        .filter(|&p| waits_for[p] == 0)
        .map(Reverse)
        .collect();
    let mut order = Vec::with_capacity(pending.len());
    while let Some(Reverse(position)) = ready.pop() {
        order.push(by_position[position]);
        for &next in &unblocks[position] {
            waits_for[next] -= 1;
            if waits_for[next] == 0 {
                ready.push(Reverse(next));
            }
        }
    }
    if order.len() < pending.len() {
        return Err(Error::InvalidStatement(
            "new objects whose foreign keys point at each other in a cycle cannot be \
             inserted in any order: add one, flush, then link the others to it"
                .to_owned(),
        ));
    }
    Ok(order)
}

impl SessionCore {
    /// Writes everything pending, in order; returns the tables written to.
    pub(crate) async fn write_changes(&mut self) -> Result<()> {
        // New objects, each after what its foreign keys wait for.
        let order = insert_order(&self.pending, &self.links)?;
        let mut pending: Vec<Option<Box<dyn PendingInsert>>> = std::mem::take(&mut self.pending)
            .into_iter()
            .map(Some)
            .collect();
        let mut links = std::mem::take(&mut self.links);
        for at in order {
            let Some(object) = pending[at].take() else {
                continue;
            };
            let id = object.id();
            let (now, later): (Vec<_>, Vec<_>) = links
                .into_iter()
                .partition(|link| link.holder.pending_id() == Some(id));
            links = later;
            for link in &now {
                link.resolve()?;
            }
            let identity = object
                .insert(self.connection.core(), &mut self.identity)
                .await?;
            self.expired.remove(&identity);
            self.written.insert(object.table());
            // Forgotten again if the transaction is rolled back.
            self.inserted.push(object);
        }
        // Foreign keys of loaded objects that waited for new objects' keys.
        for link in &links {
            link.resolve()?;
        }
        // Changed objects: one UPDATE each, of the changed columns.
        let mut updated = Vec::new();
        let connection = self.connection.core();
        for (identity, entry) in self.identity.tracked_mut() {
            if entry.flush(connection).await? {
                updated.push(identity.0);
            }
        }
        self.written.extend(updated);
        self.rekey();
        // Association rows: removals, then additions.
        let mut associations = std::mem::take(&mut self.associations);
        associations.sort_by_key(|change| change.insert);
        for change in &associations {
            change.write(self.connection.core()).await?;
            self.written.insert(change.through.table);
        }
        // Deletions, with their cascades.
        for deletion in std::mem::take(&mut self.deletions) {
            self.delete_now(deletion.as_ref()).await?;
        }
        Ok(())
    }

    /// Deletes one object now: its relationships' cascades first, then its row, then the
    /// session's objects brought in line with what the database's rules did.
    ///
    /// Boxed: cascades call it again for the children, and a recursive future has no size.
    pub(crate) fn delete_now<'a>(
        &'a mut self,
        object: &'a dyn Deletion,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(self.delete_now_inner(object))
    }

    async fn delete_now_inner(&mut self, object: &dyn Deletion) -> Result<()> {
        let Some(identity) = object.identity(&self.identity) else {
            // Already deleted: a cascade reached it first.
            return Ok(());
        };
        if !self.deleting.insert(identity.clone()) {
            // Being deleted up the stack.
            return Ok(());
        }
        let values = object.values();
        for relationship in object.relationships() {
            relationship.before_delete(self, &values).await?;
        }
        object.delete_row(self.connection.core()).await?;
        self.written.insert(object.table());
        for relationship in object.relationships() {
            relationship.after_delete(self, &values);
        }
        self.identity.deleted(&identity);
        self.expired.remove(&identity);
        self.deleting.remove(&identity);
        Ok(())
    }
}
