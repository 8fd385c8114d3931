//! Database types as portable [`ColumnType`]s: SQLite's declared types (by the common
//! spellings, then by its affinity rules), PostgreSQL's types by name, MySQL's by
//! `DATA_TYPE` and `COLUMN_TYPE`. What fits no portable type is [`ColumnType::Custom`] with
//! the database's text and a [`Fallback`].

use super::model::{Fallback, TypeMatch};
use crate::schema::ColumnType;

/// A mapped type and how well it fits.
pub(super) type Mapped = (ColumnType, TypeMatch);

fn exact(ty: ColumnType) -> Mapped {
    (ty, TypeMatch::Exact)
}

fn unknown(sql_type: &str, fallback: Fallback) -> Mapped {
    (
        ColumnType::Custom(sql_type.to_owned()),
        TypeMatch::Unknown(fallback),
    )
}

/// `NAME(1, 2)` → (`NAME`, [1, 2]): the name upper-cased with single spaces, and the
/// numeric arguments of the first parenthesis (empty when absent or not numbers).
fn split_type(sql_type: &str) -> (String, Vec<u32>) {
    let (name, args) = match sql_type.find('(') {
        Some(open) => {
            let close = sql_type[open..]
                .find(')')
                .map_or(sql_type.len(), |c| open + c);
            let rest = sql_type.get(close + 1..).unwrap_or("");
            (
                format!("{} {}", &sql_type[..open], rest),
                &sql_type[open + 1..close],
            )
        }
        None => (sql_type.to_owned(), ""),
    };
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let args = args
        .split(',')
        .map(|a| a.trim().parse::<u32>())
        .collect::<Result<Vec<u32>, _>>()
        .unwrap_or_default();
    (name.to_ascii_uppercase(), args)
}

fn decimal(args: &[u32]) -> ColumnType {
    ColumnType::Decimal {
        precision: args.first().copied(),
        scale: args.get(1).copied(),
    }
}

/// A SQLite declared type. Known spellings first (including those other tools write:
/// `DATETIME`, `NVARCHAR(n)`, `BOOLEAN`, `UUID`…), then SQLite's affinity rules
/// (<https://sqlite.org/datatype3.html#determination_of_column_affinity>), which every
/// SQLite integer and float follow: an `INTEGER` column holds 64-bit integers and a `REAL`
/// one 64-bit floats, so both read as the 64-bit types. A name no rule places (NUMERIC
/// affinity) is unknown, text-like; no type at all (BLOB affinity) is unknown, binary.
pub(super) fn sqlite(declared: &str) -> Mapped {
    use ColumnType as T;
    let (name, args) = split_type(declared);
    let length = args.first().copied();
    let known = match name.as_str() {
        "INTEGER" | "INT" | "BIGINT" | "INT8" | "UNSIGNED BIG INT" => Some(T::BigInt),
        "SMALLINT" | "INT2" | "TINYINT" => Some(T::SmallInt),
        "MEDIUMINT" | "INT4" => Some(T::Integer),
        "BOOLEAN" | "BOOL" => Some(T::Boolean),
        "REAL" | "DOUBLE" | "DOUBLE PRECISION" | "FLOAT" | "FLOAT8" => Some(T::Double),
        "FLOAT4" => Some(T::Real),
        "NUMERIC" | "DECIMAL" => Some(decimal(&args)),
        "TEXT" | "CLOB" => Some(T::Text),
        "VARCHAR" | "CHARACTER VARYING" | "VARYING CHARACTER" | "NVARCHAR" | "NATIONAL VARCHAR"
        | "VARCHAR2" | "NVARCHAR2" => Some(T::Varchar(length)),
        "CHAR" | "CHARACTER" | "NCHAR" | "NATIVE CHARACTER" | "NATIONAL CHARACTER" => {
            Some(T::Char(length))
        }
        "BLOB" | "BYTEA" | "BINARY" | "VARBINARY" => Some(T::Bytes),
        "DATE" => Some(T::Date),
        "TIME" => Some(T::Time),
        "DATETIME" | "TIMESTAMP" | "TIMESTAMP WITHOUT TIME ZONE" => Some(T::Timestamp),
        "TIMESTAMPTZ" | "TIMESTAMP WITH TIME ZONE" => Some(T::TimestampTz),
        "UUID" | "GUID" => Some(T::Uuid),
        // JSON_TEXT is Retort's own spelling (TEXT affinity keeps documents as text).
        "JSON" | "JSONB" | "JSON_TEXT" => Some(T::Json),
        _ => None,
    };
    if let Some(ty) = known {
        return exact(ty);
    }
    if name.is_empty() {
        // No type: any value at all, which Retort reads as its text (see
        // `Table::TEXT_COLUMNS`).
        return unknown(declared, Fallback::Text);
    }
    // The affinity rules, in SQLite's order.
    let by_affinity = |ty: ColumnType, affinity: &str| {
        (
            ty,
            TypeMatch::Approximate(format!(
                "`{declared}` is not a type Retort knows; SQLite's affinity rules make it \
                 {affinity}"
            )),
        )
    };
    if name.contains("INT") {
        by_affinity(T::BigInt, "INTEGER")
    } else if ["CHAR", "CLOB", "TEXT"].iter().any(|s| name.contains(s)) {
        by_affinity(T::Text, "TEXT")
    } else if name.contains("BLOB") {
        by_affinity(T::Bytes, "BLOB")
    } else if ["REAL", "FLOA", "DOUB"].iter().any(|s| name.contains(s)) {
        by_affinity(T::Double, "REAL")
    } else {
        unknown(declared, Fallback::Text)
    }
}

/// A PostgreSQL base type by its `pg_type.typname`; `formatted` is `format_type`'s text
/// (`character varying(20)`), which carries the length, precision and scale.
pub(super) fn postgres(typname: &str, formatted: &str) -> Mapped {
    use ColumnType as T;
    let (_, args) = split_type(formatted);
    let ty = match typname {
        "int2" => T::SmallInt,
        "int4" => T::Integer,
        "int8" => T::BigInt,
        "bool" => T::Boolean,
        "float4" => T::Real,
        "float8" => T::Double,
        "numeric" => decimal(&args),
        "text" => T::Text,
        "varchar" => T::Varchar(args.first().copied()),
        "bpchar" => T::Char(args.first().copied()),
        "bytea" => T::Bytes,
        "date" => T::Date,
        "time" => T::Time,
        "timestamp" => T::Timestamp,
        "timestamptz" => T::TimestampTz,
        "uuid" => T::Uuid,
        "json" | "jsonb" => T::Json,
        "citext" => {
            return (
                T::Text,
                TypeMatch::Approximate(
                    "citext compares case-insensitively; read as text it is a String".into(),
                ),
            );
        }
        // Every PostgreSQL type has a text form (`::text`).
        _ => return unknown(formatted, Fallback::Text),
    };
    exact(ty)
}

/// A MySQL / MariaDB column type: `data_type` is `DATA_TYPE` (`int`), `column_type` is
/// `COLUMN_TYPE` (`int(10) unsigned`, `enum('a','b')`). Enums are the caller's (they need
/// a name); SET columns are unknown, text-like.
pub(super) fn mysql(data_type: &str, column_type: &str) -> Mapped {
    use ColumnType as T;
    let (name, args) = split_type(column_type);
    let unsigned = name.split(' ').any(|w| w == "UNSIGNED");
    let length = args.first().copied();
    let ty = match data_type.to_ascii_lowercase().as_str() {
        // MySQL's BOOLEAN is TINYINT(1).
        "tinyint" if args == [1] && !unsigned => T::Boolean,
        "tinyint" => T::SmallInt,
        "smallint" if unsigned => T::Integer,
        "smallint" => T::SmallInt,
        "mediumint" => T::Integer,
        "int" | "integer" if unsigned => T::BigInt,
        "int" | "integer" => T::Integer,
        "bigint" if unsigned => {
            return (
                T::BigInt,
                TypeMatch::Approximate(
                    "BIGINT UNSIGNED read as a signed 64-bit integer: values above \
                     9223372036854775807 cannot be read"
                        .into(),
                ),
            );
        }
        "bigint" => T::BigInt,
        "decimal" | "numeric" => decimal(&args),
        "float" => T::Real,
        "double" | "real" | "double precision" => T::Double,
        "char" => T::Char(length),
        "varchar" => T::Varchar(length),
        "tinytext" | "text" | "mediumtext" | "longtext" => T::Text,
        "binary" | "varbinary" | "tinyblob" | "blob" | "mediumblob" | "longblob" => T::Bytes,
        "date" => T::Date,
        "time" => T::Time,
        "datetime" => T::Timestamp,
        // TIMESTAMP stores an instant (converted from the session's zone, UTC in Retort).
        "timestamp" => T::TimestampTz,
        "year" => {
            return (
                T::SmallInt,
                TypeMatch::Approximate("YEAR read as a 16-bit integer".into()),
            );
        }
        "json" => T::Json,
        // MariaDB 10.7+.
        "uuid" => T::Uuid,
        "bit" | "geometry" | "point" | "linestring" | "polygon" | "multipoint"
        | "multilinestring" | "multipolygon" | "geometrycollection" | "geomcollection" => {
            return unknown(column_type, Fallback::Bytes);
        }
        _ => return unknown(column_type, Fallback::Text),
    };
    exact(ty)
}

/// True for the portable text types (the ones a `CHECK (column IN ('a', …))` turns into
/// an enum).
pub(super) fn is_text(ty: &ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::Text | ColumnType::Varchar(_) | ColumnType::Char(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnType as T;

    #[test]
    fn sqlite_spellings_and_affinity() {
        assert_eq!(sqlite("INTEGER"), exact(T::BigInt));
        assert_eq!(sqlite("nvarchar(160)"), exact(T::Varchar(Some(160))));
        assert_eq!(
            sqlite("NUMERIC(10, 2)"),
            exact(T::Decimal {
                precision: Some(10),
                scale: Some(2)
            })
        );
        assert_eq!(sqlite("DateTime"), exact(T::Timestamp));
        assert_eq!(sqlite("UNSIGNED BIG INT"), exact(T::BigInt));
        assert_eq!(
            sqlite("VARYING CHARACTER(255)"),
            exact(T::Varchar(Some(255)))
        );
        assert_eq!(sqlite("JSON_TEXT"), exact(T::Json));
        let (ty, matched) = sqlite("POINTER");
        assert_eq!(ty, T::BigInt);
        assert!(matches!(matched, TypeMatch::Approximate(note) if note.contains("INTEGER")));
        assert_eq!(sqlite("ucs2text").0, T::Text);
        assert_eq!(sqlite("FLOATING POINT").0, T::BigInt, "INT wins over FLOA");
        assert_eq!(sqlite("FANCYTYPE"), unknown("FANCYTYPE", Fallback::Text));
        assert_eq!(sqlite(""), unknown("", Fallback::Text));
    }

    #[test]
    fn postgres_types() {
        assert_eq!(
            postgres("varchar", "character varying(20)"),
            exact(T::Varchar(Some(20)))
        );
        assert_eq!(
            postgres("varchar", "character varying"),
            exact(T::Varchar(None))
        );
        assert_eq!(
            postgres("numeric", "numeric"),
            exact(T::Decimal {
                precision: None,
                scale: None
            })
        );
        assert_eq!(
            postgres("timestamptz", "timestamp(3) with time zone"),
            exact(T::TimestampTz)
        );
        assert_eq!(
            postgres("tsvector", "tsvector"),
            unknown("tsvector", Fallback::Text)
        );
        assert_eq!(
            postgres("_int4", "integer[]"),
            unknown("integer[]", Fallback::Text)
        );
    }

    #[test]
    fn mysql_types() {
        assert_eq!(mysql("tinyint", "tinyint(1)"), exact(T::Boolean));
        assert_eq!(mysql("tinyint", "tinyint(4)"), exact(T::SmallInt));
        assert_eq!(mysql("int", "int(10) unsigned"), exact(T::BigInt));
        assert_eq!(mysql("int", "int"), exact(T::Integer));
        assert!(matches!(
            mysql("bigint", "bigint(20) unsigned"),
            (T::BigInt, TypeMatch::Approximate(_))
        ));
        assert_eq!(
            mysql("decimal", "decimal(65,30)"),
            exact(T::Decimal {
                precision: Some(65),
                scale: Some(30)
            })
        );
        assert_eq!(mysql("longtext", "longtext"), exact(T::Text));
        assert_eq!(
            mysql("varchar", "varchar(255)"),
            exact(T::Varchar(Some(255)))
        );
        assert_eq!(mysql("timestamp", "timestamp(6)"), exact(T::TimestampTz));
        assert_eq!(mysql("point", "point"), unknown("point", Fallback::Bytes));
        assert_eq!(
            mysql("set", "set('a','b')"),
            unknown("set('a','b')", Fallback::Text)
        );
        assert_eq!(mysql("inet6", "inet6"), unknown("inet6", Fallback::Text));
    }
}
