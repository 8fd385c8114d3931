//! CREATE and DROP statements for a [`MetaData`], per dialect.
//!
//! Tables are created in foreign-key order. A foreign key to a table created later (a
//! reference cycle) is added by `ALTER TABLE` once every table exists, and dropped first by
//! `drop_all`; SQLite, which checks foreign keys only when rows are written, keeps every
//! foreign key inline. Native types per dialect are chosen in [`super::column_types`].
//!
//! Both directions take the set of tables that already exist (SQLAlchemy's `checkfirst`):
//! `create_all` creates only the missing tables — with their indexes, comments and
//! deferred foreign keys — and `drop_all` drops only existing ones, so both are harmless to
//! repeat.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sea_query::{
    ColumnDef as SeaColumnDef, Expr, ExprTrait, ForeignKey, ForeignKeyAction,
    ForeignKeyCreateStatement, Index, SimpleExpr, Table,
};

use super::catalog::Existing;
use super::column_types::native_type;
use super::{ColumnDef, ColumnType, DefaultValue, FkAction, ForeignKeyDef, MetaData, TableDef};
use crate::dialect::Dialect;
use crate::error::{Error, Result};

/// The longest identifier every supported database keeps whole (PostgreSQL: 63 bytes).
const MAX_IDENTIFIER: usize = 63;

/// The statements that create every table of `metadata` — enum types, tables, indexes,
/// comments, foreign keys of reference cycles — on an empty database, in dependency order.
pub fn create_statements(metadata: &MetaData, dialect: Dialect) -> Result<Vec<String>> {
    create_missing(metadata, dialect, &Existing::default())
}

/// The statements that drop every table of `metadata` (and its PostgreSQL enum types),
/// dependents first, each only if it exists.
pub fn drop_statements(metadata: &MetaData, dialect: Dialect) -> Vec<String> {
    let all = metadata.tables.iter().map(|t| t.name.clone()).collect();
    drop_existing(metadata, dialect, &all)
}

/// The statements that create the tables (and PostgreSQL enum types) of `metadata` that
/// are not in `existing`.
pub(super) fn create_missing(
    metadata: &MetaData,
    dialect: Dialect,
    existing: &Existing,
) -> Result<Vec<String>> {
    let enums = &existing.enums;
    let existing = &existing.tables;
    check_references(metadata)?;
    let order = metadata.sorted_tables();
    let position: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut statements = Vec::new();
    if dialect == Dialect::Postgres {
        statements.extend(postgres_enum_types(metadata, enums)?);
    }
    if dialect == Dialect::Mysql {
        check_mysql_enum_values(metadata)?;
    }
    let mut deferred = Vec::new();
    for (at, table) in order.iter().enumerate() {
        if existing.contains(&table.name) || table.is_view() {
            continue;
        }
        // A reference to a table placed later (not yet created) waits for ALTER TABLE.
        let (inline, later): (Vec<&ForeignKeyDef>, Vec<&ForeignKeyDef>) =
            table.foreign_keys.iter().partition(|fk| {
                dialect == Dialect::Sqlite
                    || existing.contains(&fk.references)
                    || position
                        .get(fk.references.as_str())
                        .is_none_or(|&p| p <= at)
            });
        statements.push(create_table(table, &inline, dialect)?);
        for index in &table.indexes {
            let mut create = Index::create();
            if dialect != Dialect::Mysql {
                create.if_not_exists();
            }
            create
                .name(identifier(&index.name))
                .table(table.name.clone());
            for column in &index.columns {
                create.col(column.clone());
            }
            if index.unique {
                create.unique();
            }
            statements.push(dialect.build_schema(&create));
        }
        if dialect == Dialect::Postgres {
            statements.extend(postgres_comments(table));
        }
        deferred.extend(later.into_iter().map(|fk| (*table, fk)));
    }
    for (table, fk) in deferred {
        statements.push(dialect.build_schema(&foreign_key(table, fk)));
    }
    // Views last: they select from the tables.
    for table in &metadata.tables {
        if let Some(sql) = table.view.as_ref().and_then(|view| view.sql.as_ref())
            && !existing.contains(&table.name)
        {
            let name = quote_identifier(&table.name, dialect);
            statements.push(match dialect {
                Dialect::Sqlite => format!("CREATE VIEW IF NOT EXISTS {name} AS {sql}"),
                Dialect::Postgres | Dialect::Mysql => {
                    format!("CREATE OR REPLACE VIEW {name} AS {sql}")
                }
            });
        }
    }
    Ok(statements)
}

/// The statements that drop the tables of `metadata` that are in `existing`.
pub(super) fn drop_existing(
    metadata: &MetaData,
    dialect: Dialect,
    existing: &BTreeSet<String>,
) -> Vec<String> {
    let order = metadata.sorted_tables();
    let position: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut statements = Vec::new();
    // Views first: they depend on the tables. Only those create_all creates.
    for table in metadata.tables.iter().rev() {
        if table.view.as_ref().is_some_and(|view| view.sql.is_some()) {
            statements.push(format!(
                "DROP VIEW IF EXISTS {}",
                quote_identifier(&table.name, dialect)
            ));
        }
    }
    // Then the foreign keys create_all added by ALTER TABLE: with them gone, dropping
    // dependents first always works.
    if dialect != Dialect::Sqlite {
        for (at, table) in order.iter().enumerate() {
            for fk in &table.foreign_keys {
                let later = position
                    .get(fk.references.as_str())
                    .is_some_and(|&p| p > at);
                if later && existing.contains(&table.name) && existing.contains(&fk.references) {
                    let mut drop = ForeignKey::drop();
                    drop.name(foreign_key_name(table, fk))
                        .table(table.name.clone());
                    statements.push(dialect.build_schema(&drop));
                }
            }
        }
    }
    for table in order.iter().rev() {
        if existing.contains(&table.name) && !table.is_view() {
            statements
                .push(dialect.build_schema(Table::drop().table(table.name.clone()).if_exists()));
        }
    }
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

fn create_table(
    table: &TableDef,
    foreign_keys: &[&ForeignKeyDef],
    dialect: Dialect,
) -> Result<String> {
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
        let mut def = column_def(table, column, dialect)?;
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
        unique.unique().name(identifier(&format!(
            "uq_{}_{}",
            table.name,
            columns.join("_")
        )));
        for column in columns {
            unique.col(column.clone());
        }
        create.index(&mut unique);
    }
    for check in &table.checks {
        create.check((
            sea_query::Alias::new(identifier(&check.name)),
            Expr::cust(check.sql.clone()),
        ));
    }
    for fk in foreign_keys {
        create.foreign_key(&mut foreign_key(table, fk));
    }
    if dialect == Dialect::Mysql {
        if let Some(comment) = &table.comment {
            create.comment(comment.clone());
        }
        // Case- and accent-sensitive text comparison, as on PostgreSQL and SQLite.
        create
            .engine("InnoDB")
            .character_set("utf8mb4")
            .collate("utf8mb4_bin");
    }
    Ok(dialect.build_schema(&create))
}

/// `FOREIGN KEY (…) REFERENCES …`, inline in CREATE TABLE or as `ALTER TABLE … ADD`.
fn foreign_key(table: &TableDef, fk: &ForeignKeyDef) -> ForeignKeyCreateStatement {
    let mut foreign_key = ForeignKey::create();
    foreign_key
        .name(foreign_key_name(table, fk))
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
    foreign_key
}

fn foreign_key_name(table: &TableDef, fk: &ForeignKeyDef) -> String {
    identifier(
        &fk.name
            .clone()
            .unwrap_or_else(|| format!("fk_{}_{}", table.name, fk.columns.join("_"))),
    )
}

/// A constraint or index name every database keeps whole: names longer than PostgreSQL's
/// 63 bytes (which it would silently cut) are shortened, with a hash of the full name so
/// that two long names stay distinct and the same name always shortens the same way.
pub(super) fn identifier(name: &str) -> String {
    if name.len() <= MAX_IDENTIFIER {
        return name.to_owned();
    }
    // FNV-1a: stable across Rust versions, unlike `DefaultHasher`.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let mut cut = MAX_IDENTIFIER - 9;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{:08x}", &name[..cut], hash as u32)
}

/// Whether `column` is part of a key or index of `table` (MySQL cannot index LONGTEXT).
fn is_keyed(table: &TableDef, column: &ColumnDef) -> bool {
    let name = column.name.as_str();
    let has = |columns: &[String]| columns.iter().any(|c| c == name);
    column.unique
        || has(&table.primary_key)
        || table.unique.iter().any(|u| has(u))
        || table.indexes.iter().any(|i| has(&i.columns))
        || table.foreign_keys.iter().any(|f| has(&f.columns))
}

fn column_def(table: &TableDef, column: &ColumnDef, dialect: Dialect) -> Result<SeaColumnDef> {
    let sql_type = if dialect == Dialect::Sqlite && column.autoincrement {
        sea_query::ColumnType::Custom("INTEGER".into())
    } else {
        native_type(&column.ty, dialect, is_keyed(table, column))
    };
    let mut def = SeaColumnDef::new_with_type(column.name.clone(), sql_type);
    // MySQL takes NULL / NOT NULL only after a generated column's expression, and MariaDB
    // not at all: there the expression decides.
    let expression_decides = column.generated.is_some() && dialect == Dialect::Mysql;
    if column.nullable && !expression_decides {
        def.null();
    } else if !expression_decides {
        def.not_null();
    }
    if column.autoincrement {
        def.auto_increment();
    }
    if column.unique {
        def.unique_key();
    }
    match &column.default {
        // MySQL 8 takes defaults of TEXT, BLOB and JSON columns only as expressions.
        Some(DefaultValue::Value(value))
            if dialect == Dialect::Mysql && is_long_mysql_type(&column.ty, table, column) =>
        {
            let literal =
                sea_query::QueryBuilder::value_to_string(&sea_query::MysqlQueryBuilder, value);
            // sea-query writes a MySQL expression default in parentheses.
            def.default(SimpleExpr::cust(literal));
        }
        Some(DefaultValue::Value(value)) => {
            def.default(SimpleExpr::Value(value.clone()));
        }
        Some(DefaultValue::Sql(sql)) => {
            def.default(SimpleExpr::cust(default_sql(sql, &column.ty, dialect)));
        }
        None => {}
    }
    if let (Dialect::Sqlite, ColumnType::Enum { values, .. }) = (dialect, &column.ty) {
        def.check((
            sea_query::Alias::new(identifier(&format!("ck_{}_{}", table.name, column.name))),
            SimpleExpr::col(column.name.clone()).is_in(values.iter().cloned()),
        ));
    }
    if dialect == Dialect::Mysql
        && let Some(comment) = &column.comment
    {
        def.comment(comment.clone());
    }
    if let Some(generated) = &column.generated {
        if dialect == Dialect::Postgres && !generated.stored {
            return Err(Error::Unsupported(format!(
                "virtual generated column `{}.{}`: PostgreSQL has stored generated columns \
                 only (`stored: true`)",
                table.name, column.name
            )));
        }
        let kind = if generated.stored {
            "STORED"
        } else {
            "VIRTUAL"
        };
        def.extra(format!("GENERATED ALWAYS AS ({}) {kind}", generated.sql));
    }
    Ok(def)
}

/// Whether the column becomes LONGTEXT, LONGBLOB or JSON on MySQL.
fn is_long_mysql_type(ty: &ColumnType, table: &TableDef, column: &ColumnDef) -> bool {
    match ty {
        ColumnType::Text | ColumnType::Varchar(None) => !is_keyed(table, column),
        ColumnType::Bytes | ColumnType::Json => true,
        _ => false,
    }
}

/// A default expression as the dialect needs it: MySQL's DATETIME(6) columns take only a
/// current-timestamp default of the same precision.
fn default_sql(sql: &str, ty: &ColumnType, dialect: Dialect) -> String {
    let current = [
        "CURRENT_TIMESTAMP",
        "NOW()",
        "LOCALTIMESTAMP",
        "CURRENT_TIMESTAMP()",
    ]
    .iter()
    .any(|s| sql.trim().eq_ignore_ascii_case(s));
    match (dialect, ty) {
        (Dialect::Mysql, ColumnType::Timestamp | ColumnType::TimestampTz) if current => {
            "CURRENT_TIMESTAMP(6)".into()
        }
        _ => sql.to_owned(),
    }
}

/// `COMMENT ON` statements for a table and its columns.
fn postgres_comments(table: &TableDef) -> Vec<String> {
    let mut statements = Vec::new();
    if let Some(comment) = &table.comment {
        statements.push(format!(
            "COMMENT ON TABLE {} IS {}",
            quote_postgres(&table.name),
            quote_literal(comment)
        ));
    }
    for column in &table.columns {
        if let Some(comment) = &column.comment {
            statements.push(format!(
                "COMMENT ON COLUMN {}.{} IS {}",
                quote_postgres(&table.name),
                quote_postgres(&column.name),
                quote_literal(comment)
            ));
        }
    }
    statements
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
fn enum_types(metadata: &MetaData) -> BTreeMap<&str, &[String]> {
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

/// MySQL silently drops trailing spaces from ENUM values: refuse such values rather than
/// store another one.
fn check_mysql_enum_values(metadata: &MetaData) -> Result<()> {
    for (name, values) in enum_types(metadata) {
        if let Some(value) = values.iter().find(|v| v.ends_with(' ')) {
            return Err(Error::Schema(format!(
                "enum type `{name}` has the value `{value}`, which ends with a space: MySQL \
                 would drop it from ENUM values"
            )));
        }
    }
    Ok(())
}

/// `CREATE TYPE … AS ENUM` for each enum type not in `existing` (PostgreSQL has no
/// `IF NOT EXISTS` for types). An existing type that lacks some of the metadata's values is
/// a schema error: inserting those values would fail later, far from the cause.
fn postgres_enum_types(
    metadata: &MetaData,
    existing: &BTreeMap<String, Vec<String>>,
) -> Result<Vec<String>> {
    let mut statements = Vec::new();
    for (name, values) in enum_types(metadata) {
        match existing.get(name) {
            None => {
                let values: Vec<String> = values.iter().map(|v| quote_literal(v)).collect();
                statements.push(format!(
                    "CREATE TYPE {} AS ENUM ({})",
                    quote_postgres(name),
                    values.join(", ")
                ));
            }
            Some(stored) => {
                let missing: Vec<&str> = values
                    .iter()
                    .filter(|v| !stored.contains(v))
                    .map(String::as_str)
                    .collect();
                if !missing.is_empty() {
                    return Err(Error::Schema(format!(
                        "enum type `{name}` exists without the values {}; add them with \
                         ALTER TYPE … ADD VALUE or drop the type",
                        missing.join(", ")
                    )));
                }
            }
        }
    }
    Ok(statements)
}

/// `identifier` quoted for `dialect`.
fn quote_identifier(identifier: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::Mysql => format!("`{}`", identifier.replace('`', "``")),
        Dialect::Sqlite | Dialect::Postgres => quote_postgres(identifier),
    }
}

pub(super) fn quote_postgres(identifier: &str) -> String {
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
                r#"CREATE TABLE IF NOT EXISTS "posts" ( "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" BIGINT NOT NULL, "status" TEXT NOT NULL DEFAULT 'draft' CONSTRAINT "ck_posts_status" CHECK ("status" IN ('draft', 'published')), FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE )"#,
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

    /// Two tables that reference each other.
    fn cycle() -> MetaData {
        MetaData::new()
            .table(
                TableDef::new("a")
                    .column(ColumnDef::new("id", ColumnType::BigInt))
                    .column(ColumnDef::new("b_id", ColumnType::BigInt).nullable())
                    .primary_key(["id"])
                    .foreign_key(ForeignKeyDef::new(["b_id"], "b", ["id"])),
            )
            .table(
                TableDef::new("b")
                    .column(ColumnDef::new("id", ColumnType::BigInt))
                    .column(ColumnDef::new("a_id", ColumnType::BigInt))
                    .primary_key(["id"])
                    .foreign_key(ForeignKeyDef::new(["a_id"], "a", ["id"])),
            )
    }

    #[test]
    fn a_reference_cycle_is_closed_by_alter_table_after_both_tables() {
        let statements = create_statements(&cycle(), Dialect::Postgres).unwrap();
        assert_eq!(
            statements,
            [
                r#"CREATE TABLE IF NOT EXISTS "a" ( "id" bigint NOT NULL, "b_id" bigint NULL, PRIMARY KEY ("id") )"#,
                r#"CREATE TABLE IF NOT EXISTS "b" ( "id" bigint NOT NULL, "a_id" bigint NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "fk_b_a_id" FOREIGN KEY ("a_id") REFERENCES "a" ("id") )"#,
                r#"ALTER TABLE "a" ADD CONSTRAINT "fk_a_b_id" FOREIGN KEY ("b_id") REFERENCES "b" ("id")"#,
            ]
        );
        // Dropping removes that constraint first.
        let statements = drop_statements(&cycle(), Dialect::Postgres);
        assert_eq!(
            statements,
            [
                r#"ALTER TABLE "a" DROP CONSTRAINT "fk_a_b_id""#,
                r#"DROP TABLE IF EXISTS "b""#,
                r#"DROP TABLE IF EXISTS "a""#,
            ]
        );
        // SQLite checks foreign keys only on writes: everything stays inline.
        let statements = create_statements(&cycle(), Dialect::Sqlite).unwrap();
        assert_eq!(statements.len(), 2);
    }

    #[test]
    fn only_missing_tables_are_created_and_only_existing_ones_dropped() {
        let existing = Existing {
            tables: BTreeSet::from(["users".to_owned()]),
            enums: BTreeMap::from([(
                "post_status".to_owned(),
                vec!["draft".to_owned(), "published".to_owned()],
            )]),
        };
        let statements = create_missing(&blog(), Dialect::Postgres, &existing).unwrap();
        assert!(statements.iter().all(|s| !s.contains("CREATE TYPE")));
        assert!(
            statements
                .iter()
                .all(|s| !s.contains(r#"TABLE IF NOT EXISTS "users""#))
        );
        assert!(
            statements
                .iter()
                .any(|s| s.contains(r#"TABLE IF NOT EXISTS "posts""#))
        );
        let statements = drop_existing(&blog(), Dialect::Mysql, &existing.tables);
        assert_eq!(statements, ["DROP TABLE IF EXISTS `users`"]);
        // A stored enum type without a value of the metadata's is an error.
        let short = Existing {
            enums: BTreeMap::from([("post_status".to_owned(), vec!["draft".to_owned()])]),
            ..Existing::default()
        };
        let error = create_missing(&blog(), Dialect::Postgres, &short).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid schema: enum type `post_status` exists without the values published; add \
             them with ALTER TYPE … ADD VALUE or drop the type"
        );
    }

    #[test]
    fn quotes_and_dollars_in_names_and_values_stay_inside_their_literals() {
        let metadata = MetaData::new().table(
            TableDef::new("t").comment("it's a $$ table").column(
                ColumnDef::new(
                    "c",
                    ColumnType::Enum {
                        name: "odd\"type".into(),
                        values: vec!["it's".into(), "a$$b".into(), "back\\slash".into()],
                    },
                )
                .default_value("it's"),
            ),
        );
        let postgres = create_statements(&metadata, Dialect::Postgres).unwrap();
        assert_eq!(
            postgres[0],
            r#"CREATE TYPE "odd""type" AS ENUM ('it''s', 'a$$b', 'back\slash')"#
        );
        assert_eq!(postgres[2], r#"COMMENT ON TABLE "t" IS 'it''s a $$ table'"#);
        let mysql = create_statements(&metadata, Dialect::Mysql).unwrap();
        assert!(
            mysql[0].contains(r#"ENUM('it''s', 'a$$b', 'back\\slash')"#),
            "{}",
            mysql[0]
        );
    }

    #[test]
    fn mysql_tables_are_innodb_utf8mb4_binary_with_indexable_text_keys() {
        let statements = create_statements(&blog(), Dialect::Mysql).unwrap();
        assert_eq!(
            statements[0],
            "CREATE TABLE IF NOT EXISTS `users` ( `id` bigint NOT NULL PRIMARY KEY AUTO_INCREMENT, \
             `email` varchar(255) NULL UNIQUE ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
        );
    }

    #[test]
    fn mysql_defaults_of_long_columns_are_expressions() {
        let metadata = MetaData::new().table(
            TableDef::new("notes")
                .column(ColumnDef::new("body", ColumnType::Text).default_value("it's"))
                .column(ColumnDef::new("title", ColumnType::Varchar(Some(9))).default_value("x")),
        );
        let statements = create_statements(&metadata, Dialect::Mysql).unwrap();
        assert!(
            statements[0].contains("`body` LONGTEXT NOT NULL DEFAULT ('it\\'s')"),
            "{}",
            statements[0]
        );
        assert!(
            statements[0].contains("`title` varchar(9) NOT NULL DEFAULT 'x'"),
            "{}",
            statements[0]
        );
    }

    #[test]
    fn long_names_are_shortened_deterministically_and_stay_distinct() {
        let long_a = format!("fk_{}_a", "x".repeat(70));
        let long_b = format!("fk_{}_b", "x".repeat(70));
        let (a, b) = (identifier(&long_a), identifier(&long_b));
        assert!(a.len() <= MAX_IDENTIFIER && b.len() <= MAX_IDENTIFIER);
        assert_ne!(a, b);
        assert_eq!(a, identifier(&long_a));
        assert_eq!(identifier("fk_short"), "fk_short");
    }

    fn boxes() -> MetaData {
        MetaData::new()
            .table(
                TableDef::new("boxes")
                    .column(ColumnDef::new("side", ColumnType::Integer))
                    .column(
                        ColumnDef::new("volume", ColumnType::Integer)
                            .generated("side * side * side", true),
                    ),
            )
            .table(
                TableDef::new("big boxes")
                    .column(ColumnDef::new("side", ColumnType::Integer))
                    .view_as("SELECT side FROM boxes WHERE side > 10"),
            )
            .table(
                TableDef::new("old_boxes")
                    .column(ColumnDef::new("side", ColumnType::Integer))
                    .view(),
            )
    }

    #[test]
    fn generated_columns_and_views_per_dialect() {
        let metadata = boxes();
        assert_eq!(
            create_statements(&metadata, Dialect::Sqlite).unwrap(),
            [
                r#"CREATE TABLE IF NOT EXISTS "boxes" ( "side" INTEGER NOT NULL, "volume" INTEGER NOT NULL GENERATED ALWAYS AS (side * side * side) STORED )"#,
                r#"CREATE VIEW IF NOT EXISTS "big boxes" AS SELECT side FROM boxes WHERE side > 10"#,
            ]
        );
        assert_eq!(
            create_statements(&metadata, Dialect::Postgres).unwrap(),
            [
                r#"CREATE TABLE IF NOT EXISTS "boxes" ( "side" integer NOT NULL, "volume" integer NOT NULL GENERATED ALWAYS AS (side * side * side) STORED )"#,
                r#"CREATE OR REPLACE VIEW "big boxes" AS SELECT side FROM boxes WHERE side > 10"#,
            ]
        );
        // MySQL takes no NOT NULL before the expression (MariaDB none at all).
        let mysql = create_statements(&metadata, Dialect::Mysql).unwrap();
        assert!(
            mysql[0].contains("`volume` int GENERATED ALWAYS AS (side * side * side) STORED"),
            "{}",
            mysql[0]
        );
        assert_eq!(
            mysql[1],
            "CREATE OR REPLACE VIEW `big boxes` AS SELECT side FROM boxes WHERE side > 10"
        );
        // Views are dropped first; a view create_all does not create is left alone.
        assert_eq!(
            drop_statements(&metadata, Dialect::Postgres),
            [
                r#"DROP VIEW IF EXISTS "big boxes""#,
                r#"DROP TABLE IF EXISTS "boxes""#,
            ]
        );
    }

    #[test]
    fn a_virtual_generated_column_is_unsupported_on_postgres() {
        let metadata = MetaData::new().table(
            TableDef::new("boxes")
                .column(ColumnDef::new("side", ColumnType::Integer))
                .column(
                    ColumnDef::new("area", ColumnType::Integer).generated("side * side", false),
                ),
        );
        assert!(create_statements(&metadata, Dialect::Sqlite).unwrap()[0].contains("VIRTUAL"));
        assert!(matches!(
            create_statements(&metadata, Dialect::Postgres),
            Err(Error::Unsupported(message)) if message.contains("`boxes.area`")
        ));
    }
}
