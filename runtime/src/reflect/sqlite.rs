//! SQLite, read through its PRAGMAs (as table-valued functions, so names are bound values):
//! `table_list`, `table_xinfo`, `foreign_key_list`, `index_list`, `index_info`. The stored
//! CREATE TABLE text is read only for what no PRAGMA reports (see [`super::sqlite_ddl`]).

use std::collections::BTreeMap;

use super::defaults;
use super::keys::action_named;
use super::model::{
    AutoIncrement, ReflectedColumn, ReflectedForeignKey, ReflectedIndex, ReflectedTable,
    ReflectedView, UniqueConstraint,
};
use super::sql_text::{Flavor, quote_identifier};
use super::sqlite_ddl::{self, TableText};
use super::types;
use super::{Catalog, Relation, RelationKind};
use crate::connection::Connection;
use crate::error::Result;
use crate::query::text;
use crate::schema::Generated;

/// The databases of the connection: `main`, `temp`, attached ones.
pub(super) fn schema_names(connection: &mut Connection) -> Result<Vec<String>> {
    connection.all(text("SELECT name FROM pragma_database_list").returns::<String>())
}

/// The tables (ordinary and virtual; not SQLite's own nor shadow tables) and views of
/// `schema`.
pub(super) fn relations(connection: &mut Connection, schema: &str) -> Result<Vec<Relation>> {
    let listed = connection.all(
        text("SELECT name, type FROM pragma_table_list WHERE schema = :schema")
            .bind("schema", schema)
            .returns::<(String, String)>(),
    )?;
    let sql = stored_sql(connection, schema)?;
    Ok(listed
        .into_iter()
        .filter(|(name, _)| !is_internal(name))
        .filter_map(|(name, kind)| {
            let kind = match kind.as_str() {
                "table" | "virtual" => RelationKind::Table,
                "view" => RelationKind::View,
                _ => return None,
            };
            let definition = match kind {
                RelationKind::Table => None,
                _ => sql.get(&name).map(|s| sqlite_ddl::view_select(s)),
            };
            Some(Relation {
                name,
                kind,
                comment: None,
                definition,
            })
        })
        .collect())
}

/// SQLite reserves names starting with `sqlite_` (any case) for itself.
fn is_internal(name: &str) -> bool {
    name.get(..7)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("sqlite_"))
}

/// The CREATE statements of the tables and views of `schema`, by name.
fn stored_sql(connection: &mut Connection, schema: &str) -> Result<BTreeMap<String, String>> {
    // The schema is an identifier here (a bound value cannot name a database).
    let sql = format!(
        "SELECT name, sql FROM {}.sqlite_schema WHERE type IN ('table', 'view') AND sql IS NOT NULL",
        quote_identifier(schema, '"')
    );
    Ok(connection
        .all(text(sql).returns::<(String, String)>())?
        .into_iter()
        .collect())
}

/// Reads the tables and views of `relations`.
pub(super) fn read(
    connection: &mut Connection,
    schema: &str,
    relations: &[Relation],
) -> Result<Catalog> {
    let sql = stored_sql(connection, schema)?;
    // Every table, also those not asked for: foreign keys may reference them.
    let listed = connection.all(
        text("SELECT name, wr FROM pragma_table_list WHERE schema = :schema")
            .bind("schema", schema)
            .returns::<(String, bool)>(),
    )?;
    let all_tables: Vec<&str> = listed.iter().map(|(name, _)| name.as_str()).collect();
    let mut catalog = Catalog::default();
    for relation in relations {
        let text = match relation.kind {
            RelationKind::Table => sql
                .get(&relation.name)
                .map(|s| sqlite_ddl::read_create_table(s))
                .unwrap_or_default(),
            _ => TableText::default(),
        };
        let columns = columns(connection, schema, &relation.name)?;
        if relation.kind != RelationKind::Table {
            catalog.views.push(ReflectedView {
                name: relation.name.clone(),
                comment: None,
                columns: columns
                    .into_iter()
                    .map(|c| c.reflect(&text, None))
                    .collect(),
                definition: relation.definition.clone(),
                materialized: false,
            });
            continue;
        }
        let indexes = index_list(connection, schema, &relation.name)?;
        let primary_key = primary_key(&columns);
        let rowid = !listed
            .iter()
            .any(|(name, wr)| *wr && name == &relation.name);
        // `INTEGER PRIMARY KEY` aliases the rowid — unless it is `DESC`, which SQLite
        // backs by an index of its own: no `pk` index means an alias.
        let rowid_alias = match primary_key.as_slice() {
            [key] if rowid && !indexes.iter().any(|i| i.origin == "pk") => columns
                .iter()
                .find(|c| &c.name == key)
                .filter(|c| c.declared.trim().eq_ignore_ascii_case("INTEGER"))
                .map(|c| c.name.clone()),
            _ => None,
        };
        let mut table = ReflectedTable {
            name: relation.name.clone(),
            comment: None,
            columns: Vec::new(),
            primary_key,
            primary_key_name: None,
            foreign_keys: foreign_keys(connection, schema, &relation.name, &all_tables)?,
            unique_constraints: Vec::new(),
            indexes: Vec::new(),
            checks: text.checks.clone(),
        };
        for column in columns {
            let is_alias = rowid_alias.as_deref() == Some(column.name.as_str());
            let auto = is_alias.then_some(AutoIncrement::RowId {
                keyword: text.autoincrement,
            });
            let mut reflected = column.reflect(&text, auto);
            // A rowid is never NULL, though the PRAGMA says what was declared.
            reflected.nullable &= !is_alias;
            table.columns.push(reflected);
        }
        for index in indexes {
            let parts = index_columns(connection, schema, &index.name)?;
            let columns: Vec<String> = parts.iter().flatten().cloned().collect();
            match index.origin.as_str() {
                "pk" => {}
                "u" => table.unique_constraints.push(UniqueConstraint {
                    name: None,
                    columns,
                }),
                _ => table.indexes.push(ReflectedIndex {
                    name: index.name,
                    has_expressions: parts.iter().any(Option::is_none),
                    columns,
                    unique: index.unique,
                    partial: index.partial,
                }),
            }
        }
        table
            .unique_constraints
            .sort_by(|a, b| a.columns.cmp(&b.columns));
        table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        catalog.tables.push(table);
    }
    Ok(catalog)
}

/// A row of `table_xinfo`.
struct Column {
    name: String,
    declared: String,
    not_null: bool,
    default: Option<String>,
    /// Position in the primary key (1-based), 0 outside it.
    pk: i64,
    /// 0 normal, 1 hidden (virtual tables), 2 generated virtual, 3 generated stored.
    hidden: i64,
}

impl Column {
    fn reflect(self, text: &TableText, autoincrement: Option<AutoIncrement>) -> ReflectedColumn {
        let (ty, type_match) = types::sqlite(&self.declared);
        let generated = matches!(self.hidden, 2 | 3).then(|| Generated {
            sql: text
                .generated_expression(&self.name)
                .unwrap_or_default()
                .to_owned(),
            stored: self.hidden == 3,
        });
        let default = match (&self.default, &autoincrement) {
            (Some(sql), None) => defaults::default(sql, &ty, Flavor::Sqlite),
            _ => None,
        };
        ReflectedColumn {
            name: self.name,
            sql_type: self.declared,
            ty,
            type_match,
            nullable: !self.not_null,
            default,
            autoincrement,
            generated,
            comment: None,
            domain: None,
        }
    }
}

fn columns(connection: &mut Connection, schema: &str, table: &str) -> Result<Vec<Column>> {
    let rows = connection.all(
        text(
            "SELECT name, type, \"notnull\", dflt_value, pk, hidden \
             FROM pragma_table_xinfo(:table, :schema) ORDER BY cid",
        )
        .bind("table", table)
        .bind("schema", schema)
        .returns::<(String, String, bool, Option<String>, i64, i64)>(),
    )?;
    Ok(rows
        .into_iter()
        // Hidden columns of virtual tables are not columns of their rows.
        .filter(|row| row.5 != 1)
        .map(|(name, declared, not_null, default, pk, hidden)| Column {
            name,
            declared,
            not_null,
            default,
            pk,
            hidden,
        })
        .collect())
}

/// The primary key columns in key order.
fn primary_key(columns: &[Column]) -> Vec<String> {
    let mut keyed: Vec<&Column> = columns.iter().filter(|c| c.pk > 0).collect();
    keyed.sort_by_key(|c| c.pk);
    keyed.into_iter().map(|c| c.name.clone()).collect()
}

/// A row of `index_list`.
struct Index {
    name: String,
    unique: bool,
    /// `c` CREATE INDEX, `u` UNIQUE constraint, `pk` PRIMARY KEY.
    origin: String,
    partial: bool,
}

fn index_list(connection: &mut Connection, schema: &str, table: &str) -> Result<Vec<Index>> {
    let rows = connection.all(
        text("SELECT name, \"unique\", origin, partial FROM pragma_index_list(:table, :schema)")
            .bind("table", table)
            .bind("schema", schema)
            .returns::<(String, bool, String, bool)>(),
    )?;
    Ok(rows
        .into_iter()
        .map(|(name, unique, origin, partial)| Index {
            name,
            unique,
            origin,
            partial,
        })
        .collect())
}

/// An index's key parts in order: column names, `None` for expressions.
fn index_columns(
    connection: &mut Connection,
    schema: &str,
    index: &str,
) -> Result<Vec<Option<String>>> {
    let rows = connection.all(
        text("SELECT cid, name FROM pragma_index_info(:index, :schema) ORDER BY seqno")
            .bind("index", index)
            .bind("schema", schema)
            .returns::<(i64, Option<String>)>(),
    )?;
    // cid -2 is an expression, -1 the rowid.
    Ok(rows
        .into_iter()
        .map(|(cid, name)| name.filter(|_| cid >= 0))
        .collect())
}

fn foreign_keys(
    connection: &mut Connection,
    schema: &str,
    table: &str,
    tables: &[&str],
) -> Result<Vec<ReflectedForeignKey>> {
    let rows = connection.all(
        text(
            "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete \
             FROM pragma_foreign_key_list(:table, :schema) ORDER BY id, seq",
        )
        .bind("table", table)
        .bind("schema", schema)
        .returns::<(i64, String, String, Option<String>, String, String)>(),
    )?;
    let mut keys: BTreeMap<i64, ReflectedForeignKey> = BTreeMap::new();
    let mut implicit: Vec<i64> = Vec::new();
    for (id, references, from, to, on_update, on_delete) in rows {
        let key = keys.entry(id).or_insert_with(|| ReflectedForeignKey {
            name: None,
            columns: Vec::new(),
            references_schema: schema.to_owned(),
            // The name as the key writes it; SQLite matches names ignoring case.
            references: actual_name(&references, tables),
            to_columns: Vec::new(),
            on_delete: action_named(&on_delete),
            on_update: action_named(&on_update),
        });
        key.columns.push(from);
        match to {
            Some(to) => key.to_columns.push(to),
            None => implicit.push(id),
        }
    }
    // `REFERENCES parent` without columns means the parent's primary key.
    for id in implicit {
        if let Some(key) = keys.get_mut(&id) {
            let exists = tables.contains(&key.references.as_str());
            key.to_columns = if exists {
                primary_key(&columns(connection, schema, &key.references)?)
            } else {
                Vec::new()
            };
        }
    }
    let mut keys: Vec<ReflectedForeignKey> = keys.into_values().collect();
    keys.sort_by(|a, b| (&a.columns, &a.references).cmp(&(&b.columns, &b.references)));
    Ok(keys)
}

/// The stored name of the table `written` names (SQLite compares names ignoring ASCII
/// case); `written` itself when there is no such table.
fn actual_name(written: &str, tables: &[&str]) -> String {
    tables
        .iter()
        .find(|n| n.eq_ignore_ascii_case(written))
        .copied()
        .unwrap_or(written)
        .to_owned()
}
