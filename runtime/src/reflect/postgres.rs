//! PostgreSQL (12 and later), read through `pg_catalog`: one query per kind of object for
//! the whole schema, the schema's name bound as a value.

use std::collections::{BTreeMap, HashSet};

use super::defaults;
use super::enums;
use super::keys::{self, KeyRow, Keys};
use super::model::{
    AutoIncrement, Domain, EnumKind, EnumType, Fallback, ReflectedCheck, ReflectedColumn,
    ReflectedIndex, ReflectedTable, ReflectedView, TypeMatch,
};
use super::sql_text::{Flavor, strip_outer_parens};
use super::types;
use super::{Catalog, Relation, RelationKind};
use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::query::text;
use crate::schema::{ColumnType, FkAction, Generated};

/// The connection's `current_schema()`.
pub(super) fn default_schema(connection: &mut Connection) -> Result<String> {
    connection
        .one(text("SELECT current_schema()::text").returns::<Option<String>>())?
        .ok_or_else(|| {
            Error::Schema(
                "the connection has no current schema (none of the search path exists): \
                 name the schema to reflect"
                    .into(),
            )
        })
}

/// Every schema but PostgreSQL's own.
pub(super) fn schema_names(connection: &mut Connection) -> Result<Vec<String>> {
    connection.all(
        text(
            "SELECT nspname::text FROM pg_namespace \
             WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'",
        )
        .returns::<String>(),
    )
}

pub(super) fn schema_exists(connection: &mut Connection, schema: &str) -> Result<bool> {
    let count = connection.one(
        text("SELECT count(*) FROM pg_namespace WHERE nspname = :schema")
            .bind("schema", schema)
            .returns::<i64>(),
    )?;
    Ok(count > 0)
}

/// Tables (partitioned ones too, not their partitions; foreign tables), views and
/// materialized views.
pub(super) fn relations(connection: &mut Connection, schema: &str) -> Result<Vec<Relation>> {
    let rows = connection.all(
        text(
            "SELECT c.relname::text, c.relkind::text, obj_description(c.oid, 'pg_class'), \
                    CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = :schema AND c.relkind IN ('r', 'p', 'f', 'v', 'm') \
               AND NOT c.relispartition",
        )
        .bind("schema", schema)
        .returns::<(String, String, Option<String>, Option<String>)>(),
    )?;
    Ok(rows
        .into_iter()
        .map(|(name, kind, comment, definition)| Relation {
            name,
            kind: match kind.as_str() {
                "v" => RelationKind::View,
                "m" => RelationKind::MaterializedView,
                _ => RelationKind::Table,
            },
            comment,
            definition: definition.map(|d| d.trim().to_owned()),
        })
        .collect())
}

/// The oids of the types the schema's columns use (and of domains' base types): enum
/// types and domains of other schemas are reported when a column uses them.
const USED_TYPES: &str = "SELECT a.atttypid FROM pg_attribute a \
     JOIN pg_class c ON c.oid = a.attrelid \
     JOIN pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname = :schema AND a.attnum > 0 AND NOT a.attisdropped";

/// Reads the tables and views of `relations`.
pub(super) fn read(
    connection: &mut Connection,
    schema: &str,
    relations: &[Relation],
) -> Result<Catalog> {
    let enum_values = enum_types(connection, schema)?;
    let mut catalog = Catalog::default();
    for ((type_schema, name), values) in &enum_values {
        catalog.enums.push(EnumType {
            name: name.clone(),
            schema: Some(type_schema.clone()),
            values: values.clone(),
            kind: EnumKind::Native,
        });
    }
    catalog.domains = domains(connection, schema, &enum_values)?;
    for domain in &catalog.domains {
        if let ColumnType::Enum { name, values } = &domain.ty
            && name == &domain.name
        {
            catalog.enums.push(EnumType {
                name: name.clone(),
                schema: Some(domain.schema.clone()),
                values: values.clone(),
                kind: EnumKind::Domain,
            });
        }
    }
    let wanted: HashSet<&str> = relations.iter().map(|r| r.name.as_str()).collect();
    let mut columns = columns(connection, schema, &enum_values, &catalog.domains)?;
    let mut constraints = constraints(connection, schema)?;
    let mut checks = checks(connection, schema)?;
    let mut indexes = indexes(connection, schema)?;
    for relation in relations {
        let columns = columns.remove(&relation.name).unwrap_or_default();
        if relation.kind != RelationKind::Table {
            catalog.views.push(ReflectedView {
                name: relation.name.clone(),
                comment: relation.comment.clone(),
                columns,
                definition: relation.definition.clone(),
                materialized: relation.kind == RelationKind::MaterializedView,
            });
            continue;
        }
        let keys = constraints.remove(&relation.name).unwrap_or_default();
        let mut table = ReflectedTable {
            name: relation.name.clone(),
            comment: relation.comment.clone(),
            columns,
            primary_key: keys.primary_key,
            primary_key_name: keys.primary_key_name,
            foreign_keys: keys.foreign_keys,
            unique_constraints: keys.unique,
            indexes: indexes.remove(&relation.name).unwrap_or_default(),
            checks: checks.remove(&relation.name).unwrap_or_default(),
        };
        table
            .foreign_keys
            .sort_by(|a, b| (&a.columns, &a.references).cmp(&(&b.columns, &b.references)));
        table
            .unique_constraints
            .sort_by(|a, b| a.columns.cmp(&b.columns));
        catalog.tables.push(table);
    }
    catalog.tables.retain(|t| wanted.contains(t.name.as_str()));
    Ok(catalog)
}

/// Enum types by (schema, name): the schema's and those its columns use.
fn enum_types(
    connection: &mut Connection,
    schema: &str,
) -> Result<BTreeMap<(String, String), Vec<String>>> {
    let sql = format!(
        "SELECT tn.nspname::text, t.typname::text, e.enumlabel::text \
         FROM pg_type t \
         JOIN pg_namespace tn ON tn.oid = t.typnamespace \
         JOIN pg_enum e ON e.enumtypid = t.oid \
         WHERE tn.nspname = :schema \
            OR t.oid IN ({USED_TYPES}) \
            OR t.oid IN (SELECT d.typbasetype FROM pg_type d WHERE d.oid IN ({USED_TYPES})) \
         ORDER BY tn.nspname, t.typname, e.enumsortorder"
    );
    let rows = connection.all(
        text(sql)
            .bind("schema", schema)
            .returns::<(String, String, String)>(),
    )?;
    let mut enums: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (type_schema, name, value) in rows {
        enums.entry((type_schema, name)).or_default().push(value);
    }
    Ok(enums)
}

/// Domains: the schema's and those its columns use, with their checks. A domain over a
/// text type whose check lists its values is an enum.
fn domains(
    connection: &mut Connection,
    schema: &str,
    enum_values: &BTreeMap<(String, String), Vec<String>>,
) -> Result<Vec<Domain>> {
    let filter = format!("t.typtype = 'd' AND (tn.nspname = :schema OR t.oid IN ({USED_TYPES}))");
    let rows = connection.all(
        text(format!(
            "SELECT tn.nspname::text, t.typname::text, format_type(t.typbasetype, t.typtypmod), \
                    bt.typname::text, btn.nspname::text, bt.typtype::text, t.typnotnull, t.typdefault \
             FROM pg_type t \
             JOIN pg_namespace tn ON tn.oid = t.typnamespace \
             JOIN pg_type bt ON bt.oid = t.typbasetype \
             JOIN pg_namespace btn ON btn.oid = bt.typnamespace \
             WHERE {filter} ORDER BY tn.nspname, t.typname"
        ))
        .bind("schema", schema)
        .returns::<(
            String,
            String,
            String,
            String,
            String,
            String,
            bool,
            Option<String>,
        )>(),
    )?;
    let check_rows = connection.all(
        text(format!(
            "SELECT tn.nspname::text, t.typname::text, con.conname::text, \
                    pg_get_expr(con.conbin, 0) \
             FROM pg_constraint con \
             JOIN pg_type t ON t.oid = con.contypid \
             JOIN pg_namespace tn ON tn.oid = t.typnamespace \
             WHERE con.contype = 'c' AND {filter} ORDER BY con.conname"
        ))
        .bind("schema", schema)
        .returns::<(String, String, String, String)>(),
    )?;
    let mut domains = Vec::new();
    for (domain_schema, name, base_type, base_name, base_schema, base_kind, not_null, default) in
        rows
    {
        let checks: Vec<ReflectedCheck> = check_rows
            .iter()
            .filter(|c| c.0 == domain_schema && c.1 == name)
            .map(|c| ReflectedCheck {
                name: Some(c.2.clone()),
                sql: strip_outer_parens(&c.3, Flavor::Postgres).to_owned(),
            })
            .collect();
        let (mut ty, type_match) = base_type_of(
            &base_name,
            &base_schema,
            &base_kind,
            &base_type,
            enum_values,
        );
        // `CHECK (VALUE IN (…))` on a text domain: an enum named after the domain.
        if types::is_text(&ty)
            && let Some(values) = checks.iter().find_map(|c| {
                enums::in_list(&c.sql, Flavor::Postgres)
                    .filter(|l| l.operand.eq_ignore_ascii_case("VALUE"))
                    .map(|l| l.values)
            })
        {
            ty = ColumnType::Enum {
                name: name.clone(),
                values,
            };
        }
        domains.push(Domain {
            schema: domain_schema,
            name,
            base_type,
            ty,
            type_match,
            nullable: !not_null,
            default,
            checks,
        });
    }
    Ok(domains)
}

/// A type that is not a domain: an enum, a base type, or something without a portable
/// type (composite, range, pseudo-type).
fn base_type_of(
    typname: &str,
    type_schema: &str,
    typtype: &str,
    formatted: &str,
    enum_values: &BTreeMap<(String, String), Vec<String>>,
) -> (ColumnType, TypeMatch) {
    match typtype {
        "e" => match enum_values.get(&(type_schema.to_owned(), typname.to_owned())) {
            Some(values) => (
                ColumnType::Enum {
                    name: typname.to_owned(),
                    values: values.clone(),
                },
                TypeMatch::Exact,
            ),
            None => unknown(formatted),
        },
        "b" => types::postgres(typname, formatted),
        _ => unknown(formatted),
    }
}

fn unknown(formatted: &str) -> (ColumnType, TypeMatch) {
    (
        ColumnType::Custom(formatted.to_owned()),
        TypeMatch::Unknown(Fallback::Text),
    )
}

/// Every column of the schema's tables and views, by table, in order.
fn columns(
    connection: &mut Connection,
    schema: &str,
    enum_values: &BTreeMap<(String, String), Vec<String>>,
    domains: &[Domain],
) -> Result<BTreeMap<String, Vec<ReflectedColumn>>> {
    let rows = connection.all(
        text(
            "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), \
                    a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, \
                    a.attgenerated::text, col_description(c.oid, a.attnum), \
                    t.typname::text, tn.nspname::text, t.typtype::text \
             FROM pg_attribute a \
             JOIN pg_class c ON c.oid = a.attrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_type t ON t.oid = a.atttypid \
             JOIN pg_namespace tn ON tn.oid = t.typnamespace \
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
             WHERE n.nspname = :schema AND c.relkind IN ('r', 'p', 'f', 'v', 'm') \
               AND a.attnum > 0 AND NOT a.attisdropped \
             ORDER BY c.relname, a.attnum",
        )
        .bind("schema", schema)
        .returns::<(
            String,
            String,
            String,
            bool,
            Option<String>,
            String,
            String,
            Option<String>,
            String,
            String,
            String,
        )>(),
    )?;
    let mut columns: BTreeMap<String, Vec<ReflectedColumn>> = BTreeMap::new();
    for row in rows {
        let (table, name, sql_type, not_null, default, identity, generated, comment) =
            (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7);
        let (typname, type_schema, typtype) = (row.8, row.9, row.10);
        let domain = (typtype == "d")
            .then(|| {
                domains
                    .iter()
                    .find(|d| d.schema == type_schema && d.name == typname)
            })
            .flatten();
        let (ty, type_match) = match domain {
            Some(domain) => (domain.ty.clone(), domain.type_match.clone()),
            None => base_type_of(&typname, &type_schema, &typtype, &sql_type, enum_values),
        };
        let default = default.or_else(|| domain.and_then(|d| d.default.clone()));
        let autoincrement = match identity.as_str() {
            "a" => Some(AutoIncrement::Identity { always: true }),
            "d" => Some(AutoIncrement::Identity { always: false }),
            _ => default
                .as_deref()
                .filter(|_| {
                    matches!(
                        ty,
                        ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt
                    )
                })
                .and_then(defaults::nextval_sequence)
                .map(|sequence| AutoIncrement::Serial { sequence }),
        };
        // A generated column's expression is stored as its default.
        let generated = (generated == "s").then(|| Generated {
            sql: default.clone().unwrap_or_default(),
            stored: true,
        });
        let default = match (&autoincrement, &generated, default) {
            (None, None, Some(sql)) => defaults::default(&sql, &ty, Flavor::Postgres),
            _ => None,
        };
        columns.entry(table).or_default().push(ReflectedColumn {
            name,
            sql_type,
            ty,
            type_match,
            nullable: !not_null && domain.is_none_or(|d| d.nullable),
            default,
            autoincrement,
            generated,
            comment,
            domain: domain.map(|d| d.name.clone()),
        });
    }
    Ok(columns)
}

/// Primary keys, unique constraints and foreign keys of the schema's tables, by table;
/// one row per key column, in key order.
fn constraints(connection: &mut Connection, schema: &str) -> Result<BTreeMap<String, Keys>> {
    let rows = connection.all(
        text(
            "SELECT cl.relname::text, con.conname::text, con.contype::text, a.attname::text, \
                    fn.nspname::text, fc.relname::text, fa.attname::text, \
                    con.confupdtype::text, con.confdeltype::text \
             FROM pg_constraint con \
             JOIN pg_class cl ON cl.oid = con.conrelid \
             JOIN pg_namespace n ON n.oid = cl.relnamespace \
             CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) \
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum \
             LEFT JOIN pg_class fc ON fc.oid = con.confrelid \
             LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace \
             LEFT JOIN pg_attribute fa \
                    ON fa.attrelid = con.confrelid AND fa.attnum = con.confkey[k.ord::int] \
             WHERE n.nspname = :schema AND con.contype IN ('p', 'u', 'f') \
             ORDER BY cl.relname, con.conname, k.ord",
        )
        .bind("schema", schema)
        .returns::<KeyRow>(),
    )?;
    Ok(keys::group_rows(rows, "p", "u", action))
}

/// `pg_constraint.confdeltype` / `confupdtype`.
fn action(code: &str) -> FkAction {
    match code {
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        "r" => FkAction::Restrict,
        _ => FkAction::NoAction,
    }
}

/// CHECK constraints of the schema's tables, by table and name.
fn checks(
    connection: &mut Connection,
    schema: &str,
) -> Result<BTreeMap<String, Vec<ReflectedCheck>>> {
    let rows = connection.all(
        text(
            "SELECT cl.relname::text, con.conname::text, pg_get_expr(con.conbin, con.conrelid) \
             FROM pg_constraint con \
             JOIN pg_class cl ON cl.oid = con.conrelid \
             JOIN pg_namespace n ON n.oid = cl.relnamespace \
             WHERE n.nspname = :schema AND con.contype = 'c' \
             ORDER BY cl.relname, con.conname",
        )
        .bind("schema", schema)
        .returns::<(String, String, String)>(),
    )?;
    let mut checks: BTreeMap<String, Vec<ReflectedCheck>> = BTreeMap::new();
    for (table, name, sql) in rows {
        checks.entry(table).or_default().push(ReflectedCheck {
            name: Some(name),
            sql: strip_outer_parens(&sql, Flavor::Postgres).to_owned(),
        });
    }
    for list in checks.values_mut() {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(checks)
}

/// Indexes of the schema's tables, by table and name, without those that back a primary
/// key, unique or exclusion constraint; INCLUDE columns are not key parts.
fn indexes(
    connection: &mut Connection,
    schema: &str,
) -> Result<BTreeMap<String, Vec<ReflectedIndex>>> {
    let rows = connection.all(
        text(
            "SELECT ct.relname::text, ci.relname::text, ix.indisunique, \
                    ix.indpred IS NOT NULL, a.attname::text \
             FROM pg_index ix \
             JOIN pg_class ct ON ct.oid = ix.indrelid \
             JOIN pg_class ci ON ci.oid = ix.indexrelid \
             JOIN pg_namespace n ON n.oid = ct.relnamespace \
             CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
             LEFT JOIN pg_attribute a \
                    ON a.attrelid = ct.oid AND a.attnum = k.attnum AND k.attnum > 0 \
             WHERE n.nspname = :schema AND k.ord <= ix.indnkeyatts \
               AND NOT EXISTS (SELECT 1 FROM pg_constraint con \
                               WHERE con.conindid = ix.indexrelid \
                                 AND con.conrelid = ix.indrelid \
                                 AND con.contype IN ('p', 'u', 'x')) \
             ORDER BY ct.relname, ci.relname, k.ord",
        )
        .bind("schema", schema)
        .returns::<(String, String, bool, bool, Option<String>)>(),
    )?;
    let mut indexes: BTreeMap<String, Vec<ReflectedIndex>> = BTreeMap::new();
    for (table, name, unique, partial, column) in rows {
        let list = indexes.entry(table).or_default();
        let at = match list.iter().position(|i| i.name == name) {
            Some(at) => at,
            None => {
                list.push(ReflectedIndex {
                    name,
                    columns: Vec::new(),
                    unique,
                    has_expressions: false,
                    partial,
                });
                list.len() - 1
            }
        };
        match column {
            Some(column) => list[at].columns.push(column),
            None => list[at].has_expressions = true,
        }
    }
    for list in indexes.values_mut() {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(indexes)
}
