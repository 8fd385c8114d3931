//! What deleting an object does along each of its table's relationships (SQLAlchemy's
//! cascades, docs/orm.md):
//!
//! - a one-to-many (or the referenced side of a one-to-one) with the `delete` cascade
//!   deletes the children through the session first, their own cascades included;
//! - without it, the children are left to their foreign key's `ON DELETE` rule when it has
//!   one (`CASCADE`, `SET NULL`, `SET DEFAULT`: the database acts, and the session's
//!   objects follow); otherwise a nullable foreign key is set to NULL by the session, and a
//!   NOT NULL one makes the DELETE fail with the database's foreign-key error;
//! - a many-to-many's association rows of the object are deleted;
//! - a many-to-one has nothing to do.

use std::future::Future;
use std::pin::Pin;

use sea_query::Value;

use super::identity::{key_text, values_of};
use super::session::SessionCore as Session;
use crate::error::Result;
use crate::query::table_rows;
use crate::schema::FkAction;
use crate::table::{AnyRelationship, Cardinality, Cascade, Relationship, RelationshipKind, Table};

/// Which table holds the columns that link a relationship's two objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holder {
    /// The source's foreign key (many-to-one; a one-to-one from the referencing side).
    Source,
    /// The target's foreign key (one-to-many; a one-to-one from the referenced side).
    Target,
    /// The association table (many-to-many).
    Through,
}

/// Where `relationship`'s link lives.
pub(crate) fn holder<F: Table, T: Table, C: Cardinality>(
    relationship: &Relationship<F, T, C>,
) -> Holder {
    match relationship.kind {
        RelationshipKind::ManyToOne => Holder::Source,
        RelationshipKind::OneToMany => Holder::Target,
        RelationshipKind::ManyToMany => Holder::Through,
        RelationshipKind::OneToOne => {
            let source_holds = F::def().foreign_keys.iter().any(|fk| {
                fk.references == T::NAME
                    && fk
                        .columns
                        .iter()
                        .map(String::as_str)
                        .eq(relationship.source_columns.iter().copied())
            });
            if source_holds {
                Holder::Source
            } else {
                Holder::Target
            }
        }
    }
}

/// The `ON DELETE` rule of `T`'s foreign key `columns` to `F`, and whether all of
/// `columns` are nullable.
fn child_foreign_key<F: Table, T: Table>(columns: &[&str]) -> (Option<FkAction>, bool) {
    let def = T::def();
    let action = def
        .foreign_keys
        .iter()
        .find(|fk| {
            fk.references == F::NAME
                && fk
                    .columns
                    .iter()
                    .map(String::as_str)
                    .eq(columns.iter().copied())
        })
        .and_then(|fk| fk.on_delete);
    let nullable = columns
        .iter()
        .all(|column| def.columns.iter().any(|c| c.name == *column && c.nullable));
    (action, nullable)
}

/// The values of `columns` among `values` (a row of `T` in column order).
fn pick<T: Table>(values: &[Value], columns: &[&str]) -> Vec<Value> {
    columns
        .iter()
        .filter_map(|column| T::COLUMNS.iter().position(|c| c == column))
        .map(|at| values[at].clone())
        .collect()
}

/// `table.a = ? AND table.b = ?`.
fn equals(table: &str, columns: &[&str], values: &[Value]) -> sea_query::SimpleExpr {
    use sea_query::ExprTrait;
    columns
        .iter()
        .zip(values)
        .map(|(column, value)| {
            sea_query::SimpleExpr::col((
                sea_query::Alias::new(table),
                sea_query::Alias::new(*column),
            ))
            .eq(value.clone())
        })
        .reduce(|a, b| a.and(b))
        .unwrap_or_else(|| sea_query::SimpleExpr::cust("1 = 0"))
}

impl<F: Table, T: Table, C: Cardinality> AnyRelationship for Relationship<F, T, C> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn kind(&self) -> RelationshipKind {
        self.kind
    }

    fn cascade(&self) -> Cascade {
        self.cascade
    }

    fn before_delete<'a>(
        &'a self,
        session: &'a mut Session,
        source: &'a [Value],
    ) -> Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>> {
        Box::pin(self.cascade_before_delete(session, source))
    }

    fn after_delete(&self, session: &mut Session, source: &[Value]) {
        self.follow_after_delete(session, source)
    }
}

impl<F: Table, T: Table, C: Cardinality> Relationship<F, T, C> {
    /// See [`AnyRelationship::before_delete`].
    async fn cascade_before_delete(&self, session: &mut Session, source: &[Value]) -> Result<()> {
        let parent_values = pick::<F>(source, self.source_columns);
        match holder(self) {
            Holder::Source => Ok(()),
            Holder::Through => {
                let through = self
                    .through
                    .expect("a many-to-many relationship has an association table");
                let mut delete = sea_query::Query::delete();
                delete
                    .from_table(sea_query::Alias::new(through.table))
                    .and_where(equals(
                        through.table,
                        through.source_columns,
                        &parent_values,
                    ));
                session.connection.core().execute_sea(&delete).await?;
                session.written.insert(through.table);
                Ok(())
            }
            Holder::Target if self.cascade.delete => {
                // The children, through the session, each with its own cascades.
                let children = session
                    .connection
                    .core()
                    .all(table_rows::<T>().filter_sea(equals(
                        T::NAME,
                        self.target_columns,
                        &parent_values,
                    )))
                    .await?;
                let objects: Vec<_> = children
                    .into_iter()
                    .map(|row| session.merge_read::<T>(row))
                    .collect();
                for child in objects {
                    session.delete_now(&child).await?;
                }
                Ok(())
            }
            Holder::Target => {
                let (action, nullable) = child_foreign_key::<F, T>(self.target_columns);
                match action {
                    // The database acts; `after_delete` brings the objects in line.
                    Some(FkAction::Cascade | FkAction::SetNull | FkAction::SetDefault) => Ok(()),
                    _ if nullable => {
                        let nulls = vec![Value::Bool(None); self.target_columns.len()];
                        let mut update = sea_query::Query::update();
                        update.table(sea_query::Alias::new(T::NAME));
                        for column in self.target_columns {
                            update.value(
                                sea_query::Alias::new(*column),
                                sea_query::SimpleExpr::Keyword(sea_query::Keyword::Null),
                            );
                        }
                        update.and_where(equals(T::NAME, self.target_columns, &parent_values));
                        session.connection.core().execute_sea(&update).await?;
                        session.written.insert(T::NAME);
                        set_tracked_children::<T>(
                            session,
                            self.target_columns,
                            &parent_values,
                            Some(&nulls),
                        );
                        Ok(())
                    }
                    // NOT NULL without a rule: the DELETE fails with the database's
                    // foreign-key error while children exist.
                    _ => Ok(()),
                }
            }
        }
    }

    /// See [`AnyRelationship::after_delete`].
    fn follow_after_delete(&self, session: &mut Session, source: &[Value]) {
        if holder(self) != Holder::Target {
            return;
        }
        let parent_values = pick::<F>(source, self.source_columns);
        let (action, _) = child_foreign_key::<F, T>(self.target_columns);
        match action {
            Some(FkAction::Cascade) => {
                // The database deleted the children: so does the session, and what their
                // own rules did follows.
                let children = tracked_children::<T>(session, self.target_columns, &parent_values);
                for (identity, child) in children {
                    let values = child.values();
                    session.identity.deleted(&identity);
                    session.expired.remove(&identity);
                    session.written.insert(T::NAME);
                    for relationship in T::RELATIONSHIPS {
                        relationship.after_delete(session, &values);
                    }
                }
            }
            Some(FkAction::SetNull) => {
                let nulls = vec![Value::Bool(None); self.target_columns.len()];
                set_tracked_children::<T>(
                    session,
                    self.target_columns,
                    &parent_values,
                    Some(&nulls),
                );
            }
            Some(FkAction::SetDefault) => {
                // The default is the database's: read the children again when next asked.
                set_tracked_children::<T>(session, self.target_columns, &parent_values, None);
            }
            _ => {}
        }
    }
}

/// The session's objects of `T` whose `columns` equal `values`.
fn tracked_children<T: Table>(
    session: &Session,
    columns: &[&str],
    values: &[Value],
) -> Vec<(super::identity::Identity, super::Obj<T>)> {
    let wanted = key_text(values);
    session
        .identity
        .objects_of::<T>()
        .into_iter()
        .filter(|(_, object)| {
            key_text(&pick::<T>(&values_of::<T>(&object.read()), columns)) == wanted
        })
        .collect()
}

/// Sets `columns` of the session's children to `to` as the database did, or expires them
/// when the database's values are not known (`None`).
fn set_tracked_children<T: Table>(
    session: &mut Session,
    columns: &[&str],
    parent_values: &[Value],
    to: Option<&[Value]>,
) {
    for (identity, _) in tracked_children::<T>(session, columns, parent_values) {
        match to {
            Some(values) => {
                if let Some(entry) = session.identity.entry_of::<T>(&identity)
                    && entry.database_set(columns, values).is_err()
                {
                    session.expired.insert(identity);
                }
            }
            None => {
                session.expired.insert(identity);
            }
        }
        session.written.insert(T::NAME);
    }
}
