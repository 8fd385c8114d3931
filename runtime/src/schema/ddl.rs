//! CREATE and DROP statements for a [`MetaData`], per dialect.
//!
//! Types follow one rule: every portable type keeps its meaning on every database. On SQLite,
//! where a declared type only sets an *affinity*: JSON is declared `JSON_TEXT` (TEXT
//! affinity), so the document `5` stays text; decimals are declared `DECIMAL(p,s)` (NUMERIC
//! affinity), so they compare and sort as numbers — which keeps 15 significant digits (the
//! driver refuses more) and drops trailing zeros (`1.10` reads back as `1.1`, an equal
//! `Decimal`); enums become TEXT with a CHECK of their values.

use std::collections::HashMap;

use sea_query::{
    ColumnDef as SeaColumnDef, ColumnType as SeaType, ExprTrait, ForeignKey, ForeignKeyAction,
    Index, SimpleExpr, StringLen, Table,
};

use super::{ColumnDef, ColumnType, DefaultValue, FkAction, MetaData, TableDef};
use crate::dialect::Dialect;
use crate::error::{Error, Result};

/// The statements that create every table of `metadata` (and its enum types and indexes)
/// when missing, in dependency order.
pub fn create_statements(metadata: &MetaData, dialect: Dialect) -> Result<Vec<String>> {
    check_references(metadata)?;
    let mut statements = Vec::new();
    if dialect == Dialect::Postgres {
        statements.extend(postgres_enum_types(metadata));
    }
    for table in metadata.sorted_tables() {
        statements.push(create_table(table, dialect));
        for index in &table.indexes {
            let mut create = Index::create();
            create
                .if_not_exists()
                .name(&index.name)
                .table(table.name.clone());
            for column in &index.columns {
                create.col(column.clone());
            }
            if index.unique {
                create.unique();
            }
            statements.push(dialect.build_schema(&create));
        }
    }
    Ok(statements)
}

/// The statements that drop every table of `metadata` that exists, dependents first.
pub fn drop_statements(metadata: &MetaData, dialect: Dialect) -> Vec<String> {
    let mut statements: Vec<String> = metadata
        .sorted_tables()
        .into_iter()
        .rev()
        .map(|table| dialect.build_schema(Table::drop().table(table.name.clone()).if_exists()))
        .collect();
    if dialect == Dialect::Postgres {
        for name in enum_types(metadata).keys() {
            statements.push(format!("DROP TYPE IF EXISTS {}", quote_postgres(name)));
        }
    }
    statements
}

/// Every foreign key must point at a table and columns of the same metadata.
fn check_references(metadata: &MetaData) -> Result<()> {
    for table in &metadata.tables {
        for fk in &table.foreign_keys {
            let Some(target) = metadata.table_named(&fk.references) else {
                return Err(Error::Schema(format!(
                    "table `{}` has a foreign key to `{}`, which is not in the metadata",
                    table.name, fk.references
                )));
            };
            if let Some(missing) = fk
                .to_columns
                .iter()
                .find(|c| target.column_named(c).is_none())
            {
                return Err(Error::Schema(format!(
                    "table `{}` has a foreign key to `{}.{missing}`, which does not exist",
                    table.name, fk.references
                )));
            }
        }
    }
    Ok(())
}

/// Declaration order, except that a table comes after the tables it references. Reference
/// cycles (and self-references) do not reorder anything: SQLite checks foreign keys only
/// when rows are written.
pub(super) fn dependency_order(tables: &[TableDef]) -> Vec<&TableDef> {
    let position: HashMap<&str, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut placed = vec![false; tables.len()];
    let mut order = Vec::with_capacity(tables.len());
    // Repeatedly place the first table whose references are all placed; when none is ready
    // (a cycle), place the first unplaced table.
    while order.len() < tables.len() {
        let ready = (0..tables.len()).find(|&i| {
            !placed[i]
                && tables[i].foreign_keys.iter().all(|fk| {
                    match position.get(fk.references.as_str()) {
                        Some(&j) => j == i || placed[j],
                        None => true,
                    }
                })
        });
        let next = ready.unwrap_or_else(|| (0..tables.len()).find(|&i| !placed[i]).unwrap_or(0));
        placed[next] = true;
        order.push(&tables[next]);
    }
    order
}

fn create_table(table: &TableDef, dialect: Dialect) -> String {
    let mut create = Table::create();
    create.table(table.name.clone()).if_not_exists();
    // A single auto-assigned key is declared on its column (SQLite requires
    // `INTEGER PRIMARY KEY AUTOINCREMENT` there); any other key is a table constraint.
    let inline_key = match table.primary_key.as_slice() {
        [only] => table
            .column_named(only)
            .filter(|c| c.autoincrement)
            .map(|c| c.name.clone()),
        _ => None,
    };
    for column in &table.columns {
        let mut def = column_def(column, dialect);
        if inline_key.as_deref() == Some(column.name.as_str()) {
            def.primary_key();
        }
        create.col(def);
    }
    if inline_key.is_none() && !table.primary_key.is_empty() {
        let mut key = Index::create();
        for column in &table.primary_key {
            key.col(column.clone());
        }
        create.primary_key(&mut key);
    }
    for columns in &table.unique {
        let mut unique = Index::create();
        unique
            .unique()
            .name(format!("uq_{}_{}", table.name, columns.join("_")));
        for column in columns {
            unique.col(column.clone());
        }
        create.index(&mut unique);
    }
    for fk in &table.foreign_keys {
        let mut foreign_key = ForeignKey::create();
        let name = fk
            .name
            .clone()
            .unwrap_or_else(|| format!("fk_{}_{}", table.name, fk.columns.join("_")));
        foreign_key
            .name(name)
            .from_tbl(table.name.clone())
            .to_tbl(fk.references.clone());
        for column in &fk.columns {
            foreign_key.from_col(column.clone());
        }
        for column in &fk.to_columns {
            foreign_key.to_col(column.clone());
        }
        if let Some(action) = fk.on_delete {
            foreign_key.on_delete(fk_action(action));
        }
        if let Some(action) = fk.on_update {
            foreign_key.on_update(fk_action(action));
        }
        create.foreign_key(&mut foreign_key);
    }
    if dialect == Dialect::Mysql
        && let Some(comment) = &table.comment
    {
        create.comment(comment.clone());
    }
    dialect.build_schema(&create)
}

fn column_def(column: &ColumnDef, dialect: Dialect) -> SeaColumnDef {
    let sql_type = if dialect == Dialect::Sqlite && column.autoincrement {
        SeaType::Custom("INTEGER".into())
    } else {
        column_type(&column.ty, dialect)
    };
    let mut def = SeaColumnDef::new_with_type(column.name.clone(), sql_type);
    if column.nullable {
        def.null();
    } else {
        def.not_null();
    }
    if column.autoincrement {
        def.auto_increment();
    }
    if column.unique {
        def.unique_key();
    }
    match &column.default {
        Some(DefaultValue::Value(value)) => {
            def.default(SimpleExpr::Value(value.clone()));
        }
        Some(DefaultValue::Sql(sql)) => {
            def.default(SimpleExpr::cust(sql.clone()));
        }
        None => {}
    }
    if let (Dialect::Sqlite, ColumnType::Enum { values, .. }) = (dialect, &column.ty) {
        def.check(SimpleExpr::col(column.name.clone()).is_in(values.iter().cloned()));
    }
    if dialect == Dialect::Mysql
        && let Some(comment) = &column.comment
    {
        def.comment(comment.clone());
    }
    def
}

fn column_type(ty: &ColumnType, dialect: Dialect) -> SeaType {
    use ColumnType as T;
    let custom = |name: &str| SeaType::Custom(name.to_owned().into());
    match (dialect, ty) {
        (_, T::Custom(sql)) => custom(sql),
        (Dialect::Sqlite, ty) => custom(&sqlite_type(ty)),
        (_, T::SmallInt) => SeaType::SmallInteger,
        (_, T::Integer) => SeaType::Integer,
        (_, T::BigInt) => SeaType::BigInteger,
        (_, T::Boolean) => SeaType::Boolean,
        (_, T::Real) => SeaType::Float,
        (_, T::Double) => SeaType::Double,
        (
            _,
            T::Decimal {
                precision: Some(p),
                scale,
            },
        ) => SeaType::Decimal(Some((*p, scale.unwrap_or(0)))),
        (
            _,
            T::Decimal {
                precision: None, ..
            },
        ) => SeaType::Decimal(None),
        (Dialect::Mysql, T::Text) => custom("LONGTEXT"),
        (_, T::Text) => SeaType::Text,
        (_, T::Varchar(Some(n))) => SeaType::String(StringLen::N(*n)),
        (_, T::Varchar(None)) => SeaType::String(StringLen::None),
        (_, T::Char(n)) => SeaType::Char(*n),
        (Dialect::Mysql, T::Bytes) => custom("LONGBLOB"),
        (_, T::Bytes) => SeaType::Blob,
        (_, T::Date) => SeaType::Date,
        (Dialect::Mysql, T::Time) => custom("TIME(6)"),
        (_, T::Time) => SeaType::Time,
        (Dialect::Mysql, T::Timestamp) => custom("DATETIME(6)"),
        (_, T::Timestamp) => SeaType::Timestamp,
        (Dialect::Mysql, T::TimestampTz) => custom("DATETIME(6)"),
        (_, T::TimestampTz) => SeaType::TimestampWithTimeZone,
        (Dialect::Mysql, T::Uuid) => custom("CHAR(36)"),
        (_, T::Uuid) => SeaType::Uuid,
        (_, T::Json) => SeaType::Json,
        (Dialect::Postgres, T::Enum { name, .. }) => custom(&quote_postgres(name)),
        (_, T::Enum { name, values }) => SeaType::Enum {
            name: name.clone().into(),
            variants: values.iter().map(|v| v.clone().into()).collect(),
        },
    }
}

/// SQLite declared types: conventional names, except where the affinity rules would change
/// a value (see the module docs).
fn sqlite_type(ty: &ColumnType) -> String {
    use ColumnType as T;
    match ty {
        T::SmallInt => "SMALLINT".into(),
        T::Integer => "INTEGER".into(),
        T::BigInt => "BIGINT".into(),
        T::Boolean => "BOOLEAN".into(),
        T::Real => "REAL".into(),
        T::Double => "DOUBLE".into(),
        T::Decimal {
            precision: Some(p),
            scale: Some(s),
        } => format!("DECIMAL({p},{s})"),
        T::Decimal {
            precision: Some(p),
            scale: None,
        } => format!("DECIMAL({p})"),
        T::Decimal { .. } => "DECIMAL".into(),
        T::Text | T::Enum { .. } => "TEXT".into(),
        T::Varchar(Some(n)) => format!("VARCHAR({n})"),
        T::Varchar(None) => "VARCHAR".into(),
        T::Char(Some(n)) => format!("CHAR({n})"),
        T::Char(None) => "CHAR".into(),
        T::Bytes => "BLOB".into(),
        T::Date => "DATE".into(),
        T::Time => "TIME".into(),
        T::Timestamp => "TIMESTAMP".into(),
        T::TimestampTz => "TIMESTAMPTZ".into(),
        T::Uuid => "UUID".into(),
        T::Json => "JSON_TEXT".into(),
        T::Custom(sql) => sql.clone(),
    }
}

fn fk_action(action: FkAction) -> ForeignKeyAction {
    match action {
        FkAction::Cascade => ForeignKeyAction::Cascade,
        FkAction::SetNull => ForeignKeyAction::SetNull,
        FkAction::Restrict => ForeignKeyAction::Restrict,
        FkAction::NoAction => ForeignKeyAction::NoAction,
        FkAction::SetDefault => ForeignKeyAction::SetDefault,
    }
}

/// Enum types used by the metadata's columns, by name (sorted, so output is stable).
fn enum_types(metadata: &MetaData) -> std::collections::BTreeMap<&str, &[String]> {
    metadata
        .tables
        .iter()
        .flat_map(|t| &t.columns)
        .filter_map(|c| match &c.ty {
            ColumnType::Enum { name, values } => Some((name.as_str(), values.as_slice())),
            _ => None,
        })
        .collect()
}

/// PostgreSQL has no `CREATE TYPE IF NOT EXISTS`; a DO block ignores an existing type.
fn postgres_enum_types(metadata: &MetaData) -> Vec<String> {
    enum_types(metadata)
        .into_iter()
        .map(|(name, values)| {
            let values: Vec<String> = values.iter().map(|v| quote_literal(v)).collect();
            format!(
                "DO $$ BEGIN CREATE TYPE {} AS ENUM ({}); EXCEPTION WHEN duplicate_object THEN NULL; END $$",
                quote_postgres(name),
                values.join(", ")
            )
        })
        .collect()
}

fn quote_postgres(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{ForeignKeyDef, IndexDef};

    fn blog() -> MetaData {
        MetaData::new()
            .table(
                TableDef::new("posts")
                    .column(ColumnDef::new("id", ColumnType::BigInt).autoincrement())
                    .column(ColumnDef::new("user_id", ColumnType::BigInt))
                    .column(
                        ColumnDef::new(
                            "status",
                            ColumnType::Enum {
                                name: "post_status".into(),
                                values: vec!["draft".into(), "published".into()],
                            },
                        )
                        .default_value("draft"),
                    )
                    .primary_key(["id"])
                    .foreign_key(
                        ForeignKeyDef::new(["user_id"], "users", ["id"])
                            .on_delete(FkAction::Cascade),
                    )
                    .index(IndexDef::new("ix_posts_user_id", ["user_id"])),
            )
            .table(
                TableDef::new("users")
                    .column(ColumnDef::new("id", ColumnType::BigInt).autoincrement())
                    .column(
                        ColumnDef::new("email", ColumnType::Text)
                            .nullable()
                            .unique(),
                    )
                    .primary_key(["id"]),
            )
    }

    #[test]
    fn tables_come_after_the_tables_they_reference() {
        let metadata = blog();
        let names: Vec<&str> = metadata
            .sorted_tables()
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(names, ["users", "posts"]);
    }

    #[test]
    fn sqlite_ddl_uses_inline_autoincrement_keys_and_enum_checks() {
        let statements = create_statements(&blog(), Dialect::Sqlite).unwrap();
        assert_eq!(
            statements,
            [
                r#"CREATE TABLE IF NOT EXISTS "users" ( "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "email" TEXT NULL UNIQUE )"#,
                r#"CREATE TABLE IF NOT EXISTS "posts" ( "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" BIGINT NOT NULL, "status" TEXT NOT NULL DEFAULT 'draft' CHECK ("status" IN ('draft', 'published')), FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE )"#,
                r#"CREATE INDEX IF NOT EXISTS "ix_posts_user_id" ON "posts" ("user_id")"#,
            ]
        );
    }

    #[test]
    fn a_foreign_key_outside_the_metadata_is_an_error() {
        let metadata = MetaData::new().table(
            TableDef::new("posts")
                .column(ColumnDef::new("user_id", ColumnType::BigInt))
                .foreign_key(ForeignKeyDef::new(["user_id"], "users", ["id"])),
        );
        let error = create_statements(&metadata, Dialect::Sqlite).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid schema: table `posts` has a foreign key to `users`, which is not in the metadata"
        );
    }
}
