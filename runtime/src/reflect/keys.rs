//! Key constraints as the servers' catalogs list them — one row per key column, in key
//! order — grouped into each table's primary key, unique constraints and foreign keys.

use std::collections::BTreeMap;

use super::model::{ReflectedForeignKey, UniqueConstraint};
use crate::schema::FkAction;

/// The constraint a [`KeyColumn`] belongs to.
enum KeyKind {
    /// The primary key.
    Primary,
    /// A unique constraint.
    Unique,
    /// A foreign key to `to_table` (in `to_schema`).
    Foreign {
        to_schema: String,
        to_table: String,
        on_delete: FkAction,
        on_update: FkAction,
    },
}

/// One column of a key constraint, as a catalog row.
struct KeyColumn {
    pub table: String,
    pub constraint: String,
    pub kind: KeyKind,
    pub column: String,
    /// For a foreign key: the referenced column.
    pub to_column: Option<String>,
}

/// The keys of one table.
#[derive(Default)]
pub(super) struct Keys {
    pub primary_key: Vec<String>,
    pub primary_key_name: Option<String>,
    pub foreign_keys: Vec<ReflectedForeignKey>,
    pub unique: Vec<UniqueConstraint>,
}

/// A catalog row of one key column: table, constraint, constraint kind, column, and for
/// a foreign key the referenced schema, table and column and its ON UPDATE / ON DELETE.
pub(super) type KeyRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The keys of each table from catalog rows ordered by table, constraint and key
/// position; `primary` and `unique` are the catalog's names for those kinds (any other is
/// a foreign key), `action` reads its referential actions.
pub(super) fn group_rows(
    rows: Vec<KeyRow>,
    primary: &str,
    unique: &str,
    action: fn(&str) -> FkAction,
) -> BTreeMap<String, Keys> {
    let columns = rows.into_iter().map(
        |(
            table,
            constraint,
            kind,
            column,
            to_schema,
            to_table,
            to_column,
            on_update,
            on_delete,
        )| {
            KeyColumn {
                table,
                constraint,
                kind: if kind == primary {
                    KeyKind::Primary
                } else if kind == unique {
                    KeyKind::Unique
                } else {
                    KeyKind::Foreign {
                        to_schema: to_schema.unwrap_or_default(),
                        to_table: to_table.unwrap_or_default(),
                        on_delete: action(on_delete.as_deref().unwrap_or("")),
                        on_update: action(on_update.as_deref().unwrap_or("")),
                    }
                },
                column,
                to_column,
            }
        },
    );
    group(columns)
}

/// The keys of each table, from rows ordered by table, constraint and key position.
fn group(rows: impl IntoIterator<Item = KeyColumn>) -> BTreeMap<String, Keys> {
    let mut keys: BTreeMap<String, Keys> = BTreeMap::new();
    for row in rows {
        let entry = keys.entry(row.table).or_default();
        let name = row.constraint;
        match row.kind {
            KeyKind::Primary => {
                entry.primary_key_name = Some(name);
                entry.primary_key.push(row.column);
            }
            KeyKind::Unique => {
                let at = match entry
                    .unique
                    .iter()
                    .position(|u| u.name.as_ref() == Some(&name))
                {
                    Some(at) => at,
                    None => {
                        entry.unique.push(UniqueConstraint {
                            name: Some(name),
                            columns: Vec::new(),
                        });
                        entry.unique.len() - 1
                    }
                };
                entry.unique[at].columns.push(row.column);
            }
            KeyKind::Foreign {
                to_schema,
                to_table,
                on_delete,
                on_update,
            } => {
                let found = entry
                    .foreign_keys
                    .iter()
                    .position(|fk| fk.name.as_ref() == Some(&name));
                let at = match found {
                    Some(at) => at,
                    None => {
                        entry.foreign_keys.push(ReflectedForeignKey {
                            name: Some(name),
                            columns: Vec::new(),
                            references_schema: to_schema,
                            references: to_table,
                            to_columns: Vec::new(),
                            on_delete,
                            on_update,
                        });
                        entry.foreign_keys.len() - 1
                    }
                };
                let fk = &mut entry.foreign_keys[at];
                fk.columns.push(row.column);
                fk.to_columns.extend(row.to_column);
            }
        }
    }
    keys
}

/// A foreign-key action as SQL names it (SQLite's PRAGMAs, MySQL's catalog): `CASCADE`,
/// `SET NULL`…; anything else is `NO ACTION`.
pub(super) fn action_named(text: &str) -> FkAction {
    match text.to_ascii_uppercase().as_str() {
        "CASCADE" => FkAction::Cascade,
        "SET NULL" => FkAction::SetNull,
        "SET DEFAULT" => FkAction::SetDefault,
        "RESTRICT" => FkAction::Restrict,
        _ => FkAction::NoAction,
    }
}
