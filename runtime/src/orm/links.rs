//! Relating objects through a session: `post.author = ada`, `ada.posts.append(post)`,
//! `post.tags.remove(tag)` — as foreign keys set on the object that holds them, or as
//! association rows, written at the next flush.

use sea_query::Value;

use super::Obj;
use super::cascade::{Holder, holder};
use super::handle::{Handle, LinkEnd, SessionObject};
use super::session::SessionCore;
use super::unit_of_work::{AssociationChange, DeferredLink};
use crate::error::{Error, Result};
use crate::table::{Relationship, Table, Through, ToMany, ToOne};

impl SessionCore {
    /// See [`Session::set_related`](crate::Session::set_related).
    pub(crate) fn set_related<F: Table, T: Table>(
        &mut self,
        object: &impl SessionObject<F>,
        relationship: Relationship<F, T, ToOne>,
        target: &impl SessionObject<T>,
    ) -> Result<()> {
        let (object, target) = (object.handle(), target.handle());
        self.touch(&relationship);
        match holder(&relationship) {
            Holder::Source => self.assign(
                object,
                relationship.source_columns,
                target,
                relationship.target_columns,
            ),
            // The referenced side of a one-to-one: the target holds the foreign key.
            _ => self.assign(
                target,
                relationship.target_columns,
                object,
                relationship.source_columns,
            ),
        }
    }

    /// See [`Session::clear_related`](crate::Session::clear_related).
    pub(crate) async fn clear_related<F: Table, T: Table>(
        &mut self,
        object: &impl SessionObject<F>,
        relationship: Relationship<F, T, ToOne>,
    ) -> Result<()> {
        let object = object.handle();
        match holder(&relationship) {
            Holder::Source => {
                let nulls = nulls::<F>(relationship.source_columns)?;
                self.touch(&relationship);
                self.forget_links(&object, relationship.source_columns);
                object.set(relationship.source_columns, nulls)
            }
            _ => {
                let Handle::Loaded(object) = object else {
                    // A new object has no related row yet.
                    return Ok(());
                };
                // Loaded before the change makes the session's loaded relationships stale.
                let related = self.load(&object, relationship).await?;
                self.touch(&relationship);
                if let Some(related) = related {
                    self.orphan(
                        &related,
                        relationship.target_columns,
                        relationship.cascade.delete_orphan,
                    )?;
                }
                Ok(())
            }
        }
    }

    /// See [`Session::add_related`](crate::Session::add_related).
    pub(crate) fn add_related<F: Table, T: Table>(
        &mut self,
        object: &impl SessionObject<F>,
        relationship: Relationship<F, T, ToMany>,
        target: &impl SessionObject<T>,
    ) -> Result<()> {
        let (object, target) = (object.handle(), target.handle());
        self.touch(&relationship);
        match (holder(&relationship), relationship.through) {
            (Holder::Through, Some(through)) => {
                self.change_association(true, through, &relationship, object, target);
                Ok(())
            }
            _ => self.assign(
                target,
                relationship.target_columns,
                object,
                relationship.source_columns,
            ),
        }
    }

    /// See [`Session::remove_related`](crate::Session::remove_related).
    pub(crate) fn remove_related<F: Table, T: Table>(
        &mut self,
        object: &impl SessionObject<F>,
        relationship: Relationship<F, T, ToMany>,
        target: &impl SessionObject<T>,
    ) -> Result<()> {
        let (object, target) = (object.handle(), target.handle());
        self.touch(&relationship);
        match (holder(&relationship), relationship.through) {
            (Holder::Through, Some(through)) => {
                self.change_association(false, through, &relationship, object, target);
                Ok(())
            }
            _ => {
                let Handle::Loaded(target) = target else {
                    // Not inserted yet: it only waits to be linked; unlink it.
                    let nulls = nulls::<T>(relationship.target_columns)?;
                    self.forget_links(&target, relationship.target_columns);
                    return target.set(relationship.target_columns, nulls);
                };
                let linked = match object.values(relationship.source_columns) {
                    Some(key) => {
                        Handle::Loaded(target.clone()).values(relationship.target_columns)
                            == Some(key)
                    }
                    None => false,
                };
                if linked {
                    self.orphan(
                        &target,
                        relationship.target_columns,
                        relationship.cascade.delete_orphan,
                    )?;
                }
                Ok(())
            }
        }
    }

    /// Queues the INSERT (`insert`) or DELETE of the association row linking `object` and
    /// `target`, keeping at most one change per row: the net change since the last flush.
    /// Repeating a change queues nothing more; the opposite change cancels a queued one
    /// (add then remove, or remove then add, writes nothing); removing a row with a new
    /// end writes nothing (a new object has no association rows yet).
    fn change_association<F: Table, T: Table>(
        &mut self,
        insert: bool,
        through: Through,
        relationship: &Relationship<F, T, ToMany>,
        object: Handle<F>,
        target: Handle<T>,
    ) {
        let change = AssociationChange {
            insert,
            through,
            source: Box::new(object),
            source_columns: relationship.source_columns,
            target: Box::new(target),
            target_columns: relationship.target_columns,
        };
        if let Some(queued) = self
            .associations
            .iter()
            .position(|other| other.same_row(&change))
        {
            if self.associations[queued].insert != insert {
                self.associations.remove(queued);
            }
            return;
        }
        let has_new_end =
            change.source.pending_id().is_some() || change.target.pending_id().is_some();
        if insert || !has_new_end {
            self.associations.push(change);
        }
    }

    /// Forgets the loaded relationships a change to `relationship` makes stale: the next
    /// `load` flushes the change (with autoflush) and reads them again.
    fn touch<F: Table, T: Table, C: crate::table::Cardinality>(
        &mut self,
        relationship: &Relationship<F, T, C>,
    ) {
        let mut tables = std::collections::HashSet::from([F::NAME, T::NAME]);
        if let Some(through) = relationship.through {
            tables.insert(through.table);
        }
        self.related.invalidate(&tables);
    }

    /// A child that lost its parent: deleted with `delete-orphan`, else its foreign key
    /// set to NULL.
    fn orphan<T: Table>(
        &mut self,
        child: &Obj<T>,
        columns: &'static [&'static str],
        delete_orphan: bool,
    ) -> Result<()> {
        if delete_orphan {
            self.delete(child)
        } else {
            child.set_values(columns, nulls::<T>(columns)?)
        }
    }

    /// Sets `holder`'s `holder_columns` to `other`'s `other_columns`: now when they are
    /// known, else when the flush has inserted `other`.
    fn assign<H: Table, O: Table>(
        &mut self,
        holder: Handle<H>,
        holder_columns: &'static [&'static str],
        other: Handle<O>,
        other_columns: &'static [&'static str],
    ) -> Result<()> {
        if holder_columns.len() != other_columns.len() {
            return Err(Error::InvalidStatement(format!(
                "a relationship between `{}` and `{}` pairs {} column(s) with {}",
                H::NAME,
                O::NAME,
                holder_columns.len(),
                other_columns.len()
            )));
        }
        self.forget_links(&holder, holder_columns);
        match (other.pending_id(), other.values(other_columns)) {
            (None, Some(values)) => holder.set(holder_columns, values),
            // A new object: its key (maybe generated) is known after its insert.
            _ => {
                self.links.push(DeferredLink {
                    holder: Box::new(holder),
                    holder_columns,
                    other: Box::new(other),
                    other_columns,
                });
                Ok(())
            }
        }
    }

    /// Drops the waiting assignments of `holder`'s `columns`: a later assignment wins.
    fn forget_links<H: Table>(&mut self, holder: &Handle<H>, columns: &[&'static str]) {
        let id = holder.pending_id();
        let object = match holder {
            Handle::Loaded(object) => Some(object.clone()),
            Handle::Pending(_) => None,
        };
        self.links.retain(|link| {
            let same_columns = link.holder_columns == columns;
            let same_holder = match (&object, id) {
                (_, Some(id)) => link.holder.pending_id() == Some(id),
                (Some(object), None) => link.holder.is_object(object),
                (None, None) => false,
            };
            !(same_columns && same_holder)
        });
    }
}

/// NULL for each of `columns`, a foreign key of `T`; refused when one is NOT NULL (the
/// row type could not hold the NULL, nor the database).
fn nulls<T: Table>(columns: &[&str]) -> Result<Vec<Value>> {
    let def = T::def();
    let not_null = columns.iter().any(|name| {
        def.columns
            .iter()
            .any(|column| column.name == *name && !column.nullable)
    });
    if not_null {
        return Err(Error::NotNullForeignKey {
            table: T::NAME,
            columns: columns.join(", "),
        });
    }
    Ok(vec![Value::Bool(None); columns.len()])
}
