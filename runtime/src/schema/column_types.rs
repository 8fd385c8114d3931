//! Each portable [`ColumnType`] as the nearest native type of each dialect.
//!
//! One rule: every portable type keeps its meaning on every database (the full table is in
//! `docs/types.md`). On SQLite, where a declared type only sets an *affinity*: JSON is
//! declared `JSON_TEXT` (TEXT affinity), so the document `5` stays text; decimals are
//! declared `DECIMAL(p,s)` (NUMERIC affinity), so they compare and sort as numbers — which
//! keeps 15 significant digits (the driver refuses more) and drops trailing zeros (`1.10`
//! reads back as `1.1`, an equal `Decimal`); enums become TEXT with a CHECK of their values.
//! On MySQL: unbounded text and bytes are LONGTEXT / LONGBLOB, except that text in a key or
//! index is VARCHAR(255) (InnoDB cannot index unbounded text); timestamps keep microseconds
//! (DATETIME(6), TIME(6)); a timestamp with time zone is stored in UTC in DATETIME(6); UUIDs
//! are CHAR(36).

use sea_query::{ColumnType as SeaType, StringLen};

use super::ColumnType;
use crate::dialect::Dialect;

/// The native type of a column of type `ty`; `keyed` says whether the column is part of a
/// key or index.
pub(super) fn native_type(ty: &ColumnType, dialect: Dialect, keyed: bool) -> SeaType {
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
        // MySQL's DECIMAL without precision is DECIMAL(10,0), which would round: take the
        // widest it has instead (more digits than `rust_decimal` holds).
        (
            Dialect::Mysql,
            T::Decimal {
                precision: None, ..
            },
        ) => SeaType::Decimal(Some((65, 30))),
        (
            _,
            T::Decimal {
                precision: None, ..
            },
        ) => SeaType::Decimal(None),
        (Dialect::Mysql, T::Text) if keyed => SeaType::String(StringLen::N(255)),
        (Dialect::Mysql, T::Text) => custom("LONGTEXT"),
        (_, T::Text) => SeaType::Text,
        (_, T::Varchar(Some(n))) => SeaType::String(StringLen::N(*n)),
        (Dialect::Mysql, T::Varchar(None)) if keyed => SeaType::String(StringLen::N(255)),
        (Dialect::Mysql, T::Varchar(None)) => custom("LONGTEXT"),
        (_, T::Varchar(None)) => SeaType::String(StringLen::None),
        (_, T::Char(n)) => SeaType::Char(*n),
        (Dialect::Mysql, T::Bytes) => custom("LONGBLOB"),
        (_, T::Bytes) => SeaType::Blob,
        (_, T::Date) => SeaType::Date,
        (Dialect::Mysql, T::Time) => custom("TIME(6)"),
        (_, T::Time) => SeaType::Time,
        (Dialect::Mysql, T::Timestamp | T::TimestampTz) => custom("DATETIME(6)"),
        (_, T::Timestamp) => SeaType::Timestamp,
        (_, T::TimestampTz) => SeaType::TimestampWithTimeZone,
        (Dialect::Mysql, T::Uuid) => custom("CHAR(36)"),
        (_, T::Uuid) => SeaType::Uuid,
        (_, T::Json) => SeaType::Json,
        (Dialect::Postgres, T::Enum { name, .. }) => custom(&super::ddl::quote_postgres(name)),
        // Written out here: sea-query does not escape MySQL enum values.
        (_, T::Enum { values, .. }) => {
            let values: Vec<String> = values.iter().map(|v| quote_mysql_literal(v)).collect();
            custom(&format!("ENUM({})", values.join(", ")))
        }
    }
}

/// A MySQL string literal: quotes doubled, backslashes escaped (outside
/// `NO_BACKSLASH_ESCAPES`, which Retort's sessions do not set).
fn quote_mysql_literal(value: &str) -> String {
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
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
