//! MySQL and MariaDB, read through `information_schema`: one query per kind of object for
//! the whole schema, its name bound as a value. Text columns are cast to CHAR, which MySQL
//! 8 needs for some catalog columns to arrive as text.
//!
//! Where the two differ: MariaDB keeps a default as SQL (`'draft'`, `current_timestamp()`,
//! `NULL` for none) while MySQL 8 keeps literals unquoted and marks expressions
//! `DEFAULT_GENERATED`; MariaDB's JSON is LONGTEXT with a `json_valid` check; CHECK
//! constraints are per table on MariaDB (named after the column for a column check) and
//! per schema on MySQL, whose catalog escapes the quotes inside them.

use std::collections::{BTreeMap, HashSet};

use super::defaults;
use super::enums;
use super::keys::{self, KeyRow, Keys, action_named as action};
use super::model::{
    AutoIncrement, EnumKind, EnumType, ReflectedCheck, ReflectedColumn, ReflectedIndex,
    ReflectedTable, ReflectedView, TypeMatch,
};
use super::sql_text::{Flavor, Token, quote_literal, strip_outer_parens, tokenize};
use super::types;
use super::{Catalog, Relation, RelationKind};
use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::query::text;
use crate::schema::{ColumnType, Generated};

/// The connection's database.
pub(super) fn default_schema(connection: &mut Connection) -> Result<String> {
    connection
        .one(text("SELECT CAST(DATABASE() AS CHAR)").returns::<Option<String>>())?
        .ok_or_else(|| {
            Error::Schema(
                "the connection has no current database (the URL names none): name the \
                 schema to reflect"
                    .into(),
            )
        })
}

/// Every database but the server's own.
pub(super) fn schema_names(connection: &mut Connection) -> Result<Vec<String>> {
    connection.all(
        text(
            "SELECT CAST(SCHEMA_NAME AS CHAR) FROM information_schema.SCHEMATA \
             WHERE SCHEMA_NAME NOT IN ('information_schema', 'mysql', 'performance_schema', 'sys')",
        )
        .returns::<String>(),
    )
}

pub(super) fn schema_exists(connection: &mut Connection, schema: &str) -> Result<bool> {
    let count = connection.one(
        text("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = :schema")
            .bind("schema", schema)
            .returns::<i64>(),
    )?;
    Ok(count > 0)
}

/// Base tables (MariaDB's system-versioned ones too) and views (not MariaDB sequences).
pub(super) fn relations(connection: &mut Connection, schema: &str) -> Result<Vec<Relation>> {
    let rows = connection.all(
        text(
            "SELECT CAST(t.TABLE_NAME AS CHAR), CAST(t.TABLE_TYPE AS CHAR), \
                    CAST(t.TABLE_COMMENT AS CHAR), CAST(v.VIEW_DEFINITION AS CHAR) \
             FROM information_schema.TABLES t \
             LEFT JOIN information_schema.VIEWS v \
                    ON v.TABLE_SCHEMA = t.TABLE_SCHEMA AND v.TABLE_NAME = t.TABLE_NAME \
             WHERE t.TABLE_SCHEMA = :schema \
               AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED', 'VIEW')",
        )
        .bind("schema", schema)
        .returns::<(String, String, Option<String>, Option<String>)>(),
    )?;
    Ok(rows
        .into_iter()
        .map(|(name, kind, comment, definition)| {
            let is_view = kind == "VIEW";
            Relation {
                name,
                kind: if is_view {
                    RelationKind::View
                } else {
                    RelationKind::Table
                },
                // A view's comment is the word VIEW.
                comment: comment.filter(|c| !c.is_empty() && !is_view),
                definition,
            }
        })
        .collect())
}

/// Which server: their catalogs differ (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Server {
    Mysql,
    MariaDb,
}

fn server(connection: &mut Connection) -> Result<Server> {
    let version = connection.one(text("SELECT CAST(VERSION() AS CHAR)").returns::<String>())?;
    Ok(if version.contains("MariaDB") {
        Server::MariaDb
    } else {
        Server::Mysql
    })
}

/// Reads the tables and views of `relations`.
pub(super) fn read(
    connection: &mut Connection,
    schema: &str,
    relations: &[Relation],
) -> Result<Catalog> {
    let server = server(connection)?;
    let wanted: HashSet<&str> = relations.iter().map(|r| r.name.as_str()).collect();
    let mut catalog = Catalog::default();
    let mut columns = columns(connection, schema, server, &wanted, &mut catalog.enums)?;
    let mut keys = constraints(connection, schema)?;
    let mut checks = checks(connection, schema, server)?;
    let mut indexes = indexes(connection, schema)?;
    for relation in relations {
        let columns = columns.remove(&relation.name).unwrap_or_default();
        if relation.kind != RelationKind::Table {
            catalog.views.push(ReflectedView {
                name: relation.name.clone(),
                comment: relation.comment.clone(),
                columns,
                definition: relation.definition.clone(),
                materialized: false,
            });
            continue;
        }
        let keys = keys.remove(&relation.name).unwrap_or_default();
        let mut table = ReflectedTable {
            name: relation.name.clone(),
            comment: relation.comment.clone(),
            columns,
            primary_key: keys.primary_key,
            primary_key_name: keys.primary_key_name,
            foreign_keys: keys.foreign_keys,
            unique_constraints: keys.unique,
            indexes: Vec::new(),
            checks: Vec::new(),
        };
        table.indexes = indexes
            .remove(&relation.name)
            .unwrap_or_default()
            .into_iter()
            .filter(|index| !backs_a_constraint(index, &table))
            .collect();
        for check in checks.remove(&relation.name).unwrap_or_default() {
            if !is_json_check(&check, &mut table) {
                table.checks.push(check);
            }
        }
        table
            .foreign_keys
            .sort_by(|a, b| (&a.columns, &a.references).cmp(&(&b.columns, &b.references)));
        table
            .unique_constraints
            .sort_by(|a, b| a.columns.cmp(&b.columns));
        catalog.tables.push(table);
    }
    Ok(catalog)
}

/// Every column of the schema's tables and views (of those wanted), by table, in order;
/// ENUM and SET columns add their enums to `enums`.
fn columns(
    connection: &mut Connection,
    schema: &str,
    server: Server,
    wanted: &HashSet<&str>,
    enums: &mut Vec<EnumType>,
) -> Result<BTreeMap<String, Vec<ReflectedColumn>>> {
    let rows = connection.all(
        text(
            "SELECT CAST(TABLE_NAME AS CHAR), CAST(COLUMN_NAME AS CHAR), \
                    CAST(DATA_TYPE AS CHAR), CAST(COLUMN_TYPE AS CHAR), \
                    CAST(IS_NULLABLE AS CHAR), CAST(COLUMN_DEFAULT AS CHAR), \
                    CAST(EXTRA AS CHAR), CAST(COLUMN_COMMENT AS CHAR), \
                    CAST(GENERATION_EXPRESSION AS CHAR) \
             FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = :schema \
             ORDER BY TABLE_NAME, ORDINAL_POSITION",
        )
        .bind("schema", schema)
        .returns::<(
            String,
            String,
            String,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
        )>(),
    )?;
    let mut columns: BTreeMap<String, Vec<ReflectedColumn>> = BTreeMap::new();
    for row in rows {
        let (table, name, data_type, column_type, nullable, default, extra, comment, expression) =
            row;
        if !wanted.contains(table.as_str()) {
            continue;
        }
        let extra_lower = extra.to_ascii_lowercase();
        let data_type = data_type.to_ascii_lowercase();
        let (ty, type_match) = match data_type.as_str() {
            "enum" | "set" => {
                let values = quoted_values(&column_type);
                let enum_name = format!("{table}_{name}");
                let (kind, mapped) = if data_type == "enum" {
                    let kind = EnumKind::MysqlEnum {
                        table: table.clone(),
                        column: name.clone(),
                    };
                    let ty = ColumnType::Enum {
                        name: enum_name.clone(),
                        values: values.clone(),
                    };
                    (kind, (ty, TypeMatch::Exact))
                } else {
                    let kind = EnumKind::Set {
                        table: table.clone(),
                        column: name.clone(),
                    };
                    (kind, types::mysql(&data_type, &column_type))
                };
                enums.push(EnumType {
                    name: enum_name,
                    schema: None,
                    values,
                    kind,
                });
                mapped
            }
            _ => types::mysql(&data_type, &column_type),
        };
        let autoincrement = extra_lower
            .contains("auto_increment")
            .then_some(AutoIncrement::AutoIncrement);
        let generated = (extra_lower.contains("virtual generated")
            || extra_lower.contains("stored generated"))
        .then(|| Generated {
            sql: expression.clone().unwrap_or_default(),
            stored: extra_lower.contains("stored generated"),
        });
        let default = match (default, &autoincrement, &generated) {
            (Some(raw), None, None) => {
                let sql = default_sql(&raw, &extra_lower, &ty, &data_type, server);
                defaults::default(&sql, &ty, Flavor::Mysql)
            }
            _ => None,
        };
        columns.entry(table).or_default().push(ReflectedColumn {
            name,
            sql_type: column_type,
            ty,
            type_match,
            nullable: nullable.eq_ignore_ascii_case("YES"),
            default,
            autoincrement,
            generated,
            comment: comment.filter(|c| !c.is_empty()),
            domain: None,
        });
    }
    Ok(columns)
}

/// The values of `enum('a','b')` / `set('a','b')`.
fn quoted_values(column_type: &str) -> Vec<String> {
    tokenize(column_type, Flavor::Mysql)
        .into_iter()
        .filter_map(|t| match t.token {
            Token::Str(value) => Some(value),
            _ => None,
        })
        .collect()
}

/// A default as SQL. MariaDB stores it so; MySQL 8 stores literals bare (quoted here for
/// the types that take quoted literals) and expressions marked `DEFAULT_GENERATED`
/// (parenthesised here, as MySQL needs them in DDL, except CURRENT_TIMESTAMP), with the
/// quotes inside escaped.
fn default_sql(raw: &str, extra: &str, ty: &ColumnType, data_type: &str, server: Server) -> String {
    if server == Server::MariaDb {
        return raw.to_owned();
    }
    if extra.contains("default_generated") {
        let expression = raw.replace("\\'", "'");
        let current = expression
            .to_ascii_uppercase()
            .starts_with("CURRENT_TIMESTAMP");
        return if current || expression.starts_with('(') {
            expression
        } else {
            format!("({expression})")
        };
    }
    let numeric = matches!(
        ty,
        ColumnType::SmallInt
            | ColumnType::Integer
            | ColumnType::BigInt
            | ColumnType::Boolean
            | ColumnType::Real
            | ColumnType::Double
            | ColumnType::Decimal { .. }
    ) || matches!(data_type, "bit" | "year");
    if numeric {
        raw.to_owned()
    } else {
        quote_literal(raw, Flavor::Mysql)
    }
}

/// Primary keys, unique constraints (unique indexes included: MySQL makes no difference)
/// and foreign keys, by table; one row per key column, in key order.
fn constraints(connection: &mut Connection, schema: &str) -> Result<BTreeMap<String, Keys>> {
    let rows = connection.all(
        text(
            // KEY_COLUMN_USAGE, not TABLE_CONSTRAINTS: MariaDB shows a user with only SELECT
            // the key columns but none of the constraints. `PRIMARY` is always the primary
            // key's name; a key column that references nothing is a unique key's.
            "SELECT CAST(k.TABLE_NAME AS CHAR), CAST(k.CONSTRAINT_NAME AS CHAR), \
                    CAST(CASE WHEN k.CONSTRAINT_NAME = 'PRIMARY' THEN 'PRIMARY KEY' \
                              WHEN k.REFERENCED_TABLE_NAME IS NOT NULL THEN 'FOREIGN KEY' \
                              ELSE 'UNIQUE' END AS CHAR), \
                    CAST(k.COLUMN_NAME AS CHAR), \
                    CAST(k.REFERENCED_TABLE_SCHEMA AS CHAR), CAST(k.REFERENCED_TABLE_NAME AS CHAR), \
                    CAST(k.REFERENCED_COLUMN_NAME AS CHAR), \
                    CAST(rc.UPDATE_RULE AS CHAR), CAST(rc.DELETE_RULE AS CHAR) \
             FROM information_schema.KEY_COLUMN_USAGE k \
             LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS rc \
               ON rc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND rc.TABLE_NAME = k.TABLE_NAME \
              AND rc.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
             WHERE k.TABLE_SCHEMA = :schema \
             ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
        )
        .bind("schema", schema)
        .returns::<KeyRow>(),
    )?;
    Ok(keys::group_rows(rows, "PRIMARY KEY", "UNIQUE", action))
}

/// Every index, by table and name (the primary key's and unique constraints' included:
/// [`backs_a_constraint`] sorts them out).
fn indexes(
    connection: &mut Connection,
    schema: &str,
) -> Result<BTreeMap<String, Vec<ReflectedIndex>>> {
    let rows = connection.all(
        text(
            "SELECT CAST(TABLE_NAME AS CHAR), CAST(INDEX_NAME AS CHAR), \
                    CAST(NON_UNIQUE AS SIGNED), CAST(COLUMN_NAME AS CHAR) \
             FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = :schema \
             ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
        )
        .bind("schema", schema)
        .returns::<(String, String, i64, Option<String>)>(),
    )?;
    let mut indexes: BTreeMap<String, Vec<ReflectedIndex>> = BTreeMap::new();
    for (table, name, non_unique, column) in rows {
        let list = indexes.entry(table).or_default();
        let at = match list.iter().position(|i| i.name == name) {
            Some(at) => at,
            None => {
                list.push(ReflectedIndex {
                    name,
                    columns: Vec::new(),
                    unique: non_unique == 0,
                    has_expressions: false,
                    partial: false,
                });
                list.len() - 1
            }
        };
        match column {
            Some(column) => list[at].columns.push(column),
            // A functional key part (MySQL 8).
            None => list[at].has_expressions = true,
        }
    }
    for list in indexes.values_mut() {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(indexes)
}

/// True for the index of the primary key, of a unique constraint, or the one InnoDB
/// creates for a foreign key that no index covers (named after the constraint, or after
/// its first column when the constraint has a generated name).
fn backs_a_constraint(index: &ReflectedIndex, table: &ReflectedTable) -> bool {
    index.name == "PRIMARY"
        || table
            .unique_constraints
            .iter()
            .any(|u| u.name.as_deref() == Some(index.name.as_str()))
        || table.foreign_keys.iter().any(|fk| {
            !index.unique
                && index.columns == fk.columns
                && (fk.name.as_deref() == Some(index.name.as_str())
                    || fk.columns.first() == Some(&index.name))
        })
}

/// CHECK constraints by table (none before MySQL 8.0.16, whose catalog lacks them).
fn checks(
    connection: &mut Connection,
    schema: &str,
    server: Server,
) -> Result<BTreeMap<String, Vec<ReflectedCheck>>> {
    let has_checks = connection.one(
        text(
            "SELECT COUNT(*) FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'CHECK_CONSTRAINTS'",
        )
        .returns::<i64>(),
    )? > 0;
    if !has_checks {
        return Ok(BTreeMap::new());
    }
    // MariaDB names checks per table; MySQL per schema, and lists their tables in
    // TABLE_CONSTRAINTS only.
    let sql = match server {
        Server::MariaDb => {
            "SELECT CAST(TABLE_NAME AS CHAR), CAST(CONSTRAINT_NAME AS CHAR), \
                    CAST(CHECK_CLAUSE AS CHAR) \
             FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = :schema \
             ORDER BY TABLE_NAME, CONSTRAINT_NAME"
        }
        Server::Mysql => {
            "SELECT CAST(tc.TABLE_NAME AS CHAR), CAST(cc.CONSTRAINT_NAME AS CHAR), \
                    CAST(cc.CHECK_CLAUSE AS CHAR) \
             FROM information_schema.TABLE_CONSTRAINTS tc \
             JOIN information_schema.CHECK_CONSTRAINTS cc \
               ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA \
              AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME \
             WHERE tc.TABLE_SCHEMA = :schema AND tc.CONSTRAINT_TYPE = 'CHECK' \
             ORDER BY tc.TABLE_NAME, cc.CONSTRAINT_NAME"
        }
    };
    let rows = connection.all(
        text(sql)
            .bind("schema", schema)
            .returns::<(String, String, String)>(),
    )?;
    let mut checks: BTreeMap<String, Vec<ReflectedCheck>> = BTreeMap::new();
    for (table, name, clause) in rows {
        let clause = match server {
            Server::Mysql => clause.replace("\\'", "'"),
            Server::MariaDb => clause,
        };
        checks.entry(table).or_default().push(ReflectedCheck {
            name: Some(name),
            sql: strip_outer_parens(&clause, Flavor::Mysql).to_owned(),
        });
    }
    for list in checks.values_mut() {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    Ok(checks)
}

/// MariaDB's JSON type is LONGTEXT with `CHECK (json_valid(column))`: such a column is
/// JSON, and the check is the type's, not the table's.
fn is_json_check(check: &ReflectedCheck, table: &mut ReflectedTable) -> bool {
    let Some(name) = enums::json_valid_column(&check.sql) else {
        return false;
    };
    let column = table
        .columns
        .iter_mut()
        .find(|c| c.name == name && c.sql_type.eq_ignore_ascii_case("longtext"));
    match column {
        Some(column) => {
            column.ty = ColumnType::Json;
            column.type_match = TypeMatch::Exact;
            true
        }
        None => false,
    }
}
