//! How Rust values travel to and from the database.
//!
//! Going in, every value becomes a [`sea_query::Value`] and is bound as a parameter. Coming
//! out, a driver hands each column over as a [`DbValue`] — a small driver-neutral view — and
//! the Rust type decodes itself from it. [`SqlType`] is implemented by every non-null Rust
//! type a column can hold; [`ColumnValue`] adds `Option<T>` for nullable columns.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use rust_decimal::Decimal;
use sea_query::Value;
use uuid::Uuid;

use crate::error::DecodeError;

/// One column of a result row, as the driver read it.
#[derive(Debug, Clone, PartialEq)]
pub enum DbValue<'a> {
    /// SQL NULL.
    Null,
    /// A boolean (PostgreSQL); SQLite and MySQL send integers.
    Bool(bool),
    /// Any integer.
    Int(i64),
    /// Any floating-point number.
    Float(f64),
    /// Text.
    Text(&'a str),
    /// Bytes.
    Bytes(&'a [u8]),
    /// An exact decimal (PostgreSQL NUMERIC, MySQL DECIMAL).
    Decimal(Decimal),
    /// A UUID (PostgreSQL).
    Uuid(Uuid),
    /// A date.
    Date(NaiveDate),
    /// A time of day.
    Time(NaiveTime),
    /// A timestamp without time zone.
    DateTime(NaiveDateTime),
    /// A timestamp with time zone, in UTC.
    DateTimeUtc(DateTime<Utc>),
    /// A JSON document (PostgreSQL json/jsonb).
    Json(serde_json::Value),
}

impl<'a> DbValue<'a> {
    /// The value a bound parameter stands for, as a driver would read it back.
    pub(crate) fn from_bound(value: &'a Value) -> Result<DbValue<'a>, DecodeError> {
        fn or_null<'v, T>(
            value: &'v Option<T>,
            f: impl FnOnce(&'v T) -> DbValue<'v>,
        ) -> DbValue<'v> {
            value.as_ref().map_or(DbValue::Null, f)
        }
        Ok(match value {
            Value::Bool(v) => or_null(v, |b| DbValue::Bool(*b)),
            Value::TinyInt(v) => or_null(v, |i| DbValue::Int(i64::from(*i))),
            Value::SmallInt(v) => or_null(v, |i| DbValue::Int(i64::from(*i))),
            Value::Int(v) => or_null(v, |i| DbValue::Int(i64::from(*i))),
            Value::BigInt(v) => or_null(v, |i| DbValue::Int(*i)),
            Value::TinyUnsigned(v) => or_null(v, |i| DbValue::Int(i64::from(*i))),
            Value::SmallUnsigned(v) => or_null(v, |i| DbValue::Int(i64::from(*i))),
            Value::Unsigned(v) => or_null(v, |i| DbValue::Int(i64::from(*i))),
            Value::BigUnsigned(Some(u)) => DbValue::Int(
                i64::try_from(*u).map_err(|_| DecodeError(format!("{u} does not fit in i64")))?,
            ),
            Value::BigUnsigned(None) => DbValue::Null,
            Value::Float(v) => or_null(v, |f| DbValue::Float(f64::from(*f))),
            Value::Double(v) => or_null(v, |f| DbValue::Float(*f)),
            Value::String(v) => or_null(v, |s| DbValue::Text(s)),
            Value::Bytes(v) => or_null(v, |b| DbValue::Bytes(b)),
            Value::Json(v) => or_null(v, |j| DbValue::Json((**j).clone())),
            Value::ChronoDate(v) => or_null(v, |d| DbValue::Date(*d)),
            Value::ChronoTime(v) => or_null(v, |t| DbValue::Time(*t)),
            Value::ChronoDateTime(v) => or_null(v, |t| DbValue::DateTime(*t)),
            Value::ChronoDateTimeUtc(v) => or_null(v, |t| DbValue::DateTimeUtc(*t)),
            Value::Decimal(v) => or_null(v, |d| DbValue::Decimal(*d)),
            Value::Uuid(v) => or_null(v, |u| DbValue::Uuid(*u)),
            other => return Err(DecodeError(format!("cannot read back {other:?}"))),
        })
    }

    /// A short name of the kind of value, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            DbValue::Null => "NULL",
            DbValue::Bool(_) => "a boolean",
            DbValue::Int(_) => "an integer",
            DbValue::Float(_) => "a float",
            DbValue::Text(_) => "text",
            DbValue::Bytes(_) => "bytes",
            DbValue::Decimal(_) => "a decimal",
            DbValue::Uuid(_) => "a uuid",
            DbValue::Date(_) => "a date",
            DbValue::Time(_) => "a time",
            DbValue::DateTime(_) => "a timestamp",
            DbValue::DateTimeUtc(_) => "a timestamp with time zone",
            DbValue::Json(_) => "json",
        }
    }
}

/// A non-null Rust type that a column can hold: `i64`, `String`, `NaiveDate`, a generated
/// enum, or a user's own type named in a spec with `rust_type`.
pub trait SqlType: Sized + 'static {
    /// The value to bind as a statement parameter.
    fn into_value(self) -> Value;
    /// A NULL of this type, bound when an `Option<Self>` is `None`.
    fn null_value() -> Value;
    /// Reads a non-NULL database value.
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError>;
}

/// The Rust type of a column: a [`SqlType`] (NOT NULL column) or `Option` of one (nullable).
pub trait ColumnValue: Sized + 'static {
    /// The non-null type, which fixes what the column can be compared with.
    type Sql: SqlType;
    /// The value to bind as a statement parameter.
    fn into_value(self) -> Value;
    /// Reads a database value, NULL included.
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError>;
}

impl<T: SqlType> ColumnValue for T {
    type Sql = T;
    fn into_value(self) -> Value {
        SqlType::into_value(self)
    }
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
        match value {
            DbValue::Null => Err(DecodeError("unexpected NULL in a NOT NULL column".into())),
            value => T::decode(value),
        }
    }
}

impl<T: SqlType> ColumnValue for Option<T> {
    type Sql = T;
    fn into_value(self) -> Value {
        match self {
            Some(value) => value.into_value(),
            None => T::null_value(),
        }
    }
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
        match value {
            DbValue::Null => Ok(None),
            value => T::decode(value).map(Some),
        }
    }
}

/// A Rust value that can be written into a column whose Rust type is `V`: a `V` itself, a
/// `T` into an `Option<T>` column, and `&str` into text columns. Nothing else converts —
/// `set(users::ID, true)` does not compile.
pub trait IntoColumnValue<V> {
    /// The value as the column's type.
    fn into_column_value(self) -> V;
}

impl<V: ColumnValue> IntoColumnValue<V> for V {
    fn into_column_value(self) -> V {
        self
    }
}

impl<T: SqlType> IntoColumnValue<Option<T>> for T {
    fn into_column_value(self) -> Option<T> {
        Some(self)
    }
}

impl IntoColumnValue<String> for &str {
    fn into_column_value(self) -> String {
        self.to_owned()
    }
}

impl IntoColumnValue<Option<String>> for &str {
    fn into_column_value(self) -> Option<String> {
        Some(self.to_owned())
    }
}

/// A database enum as generated from a spec: a fixed set of names stored as text.
///
/// Generated enums implement this trait; [`SqlType`] comes with it.
pub trait SqlEnum: Sized + Copy + 'static {
    /// The enum type's SQL name.
    const TYPE_NAME: &'static str;
    /// Every variant, in declaration order.
    const VARIANTS: &'static [Self];
    /// The stored name of this variant.
    fn as_str(&self) -> &'static str;
}

impl<E: SqlEnum> SqlType for E {
    fn into_value(self) -> Value {
        Value::String(Some(self.as_str().to_owned()))
    }
    fn null_value() -> Value {
        Value::String(None)
    }
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
        let DbValue::Text(text) = value else {
            return Err(DecodeError::mismatch(
                &format!("{} text", E::TYPE_NAME),
                value.kind(),
            ));
        };
        E::VARIANTS
            .iter()
            .copied()
            .find(|v| v.as_str() == text)
            .ok_or_else(|| {
                let names: Vec<&str> = E::VARIANTS.iter().map(SqlEnum::as_str).collect();
                DecodeError(format!(
                    "`{text}` is not a value of enum {} (expected one of: {})",
                    E::TYPE_NAME,
                    names.join(", ")
                ))
            })
    }
}

fn int_from<T: TryFrom<i64>>(value: DbValue<'_>, name: &str) -> Result<T, DecodeError> {
    match value {
        DbValue::Int(i) => {
            T::try_from(i).map_err(|_| DecodeError(format!("{i} does not fit in {name}")))
        }
        DbValue::Bool(b) => T::try_from(i64::from(b))
            .map_err(|_| DecodeError(format!("{b} does not fit in {name}"))),
        // Integer aggregates come back as NUMERIC / DECIMAL (PostgreSQL's and MySQL's SUM).
        DbValue::Decimal(d) if d.fract().is_zero() => i64::try_from(d)
            .ok()
            .and_then(|i| T::try_from(i).ok())
            .ok_or_else(|| DecodeError(format!("{d} does not fit in {name}"))),
        other => Err(DecodeError::mismatch(name, other.kind())),
    }
}

macro_rules! integer_type {
    ($($rust:ty => $variant:ident),* $(,)?) => {$(
        impl SqlType for $rust {
            fn into_value(self) -> Value {
                Value::$variant(Some(self))
            }
            fn null_value() -> Value {
                Value::$variant(None)
            }
            fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
                int_from(value, stringify!($rust))
            }
        }
    )*};
}

integer_type!(i16 => SmallInt, i32 => Int, i64 => BigInt);

impl SqlType for bool {
    fn into_value(self) -> Value {
        Value::Bool(Some(self))
    }
    fn null_value() -> Value {
        Value::Bool(None)
    }
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
        match value {
            DbValue::Bool(b) => Ok(b),
            DbValue::Int(0) => Ok(false),
            DbValue::Int(1) => Ok(true),
            DbValue::Int(i) => Err(DecodeError(format!(
                "{i} is not a boolean (expected 0 or 1)"
            ))),
            other => Err(DecodeError::mismatch("a boolean", other.kind())),
        }
    }
}

impl SqlType for f64 {
    fn into_value(self) -> Value {
        Value::Double(Some(self))
    }
    fn null_value() -> Value {
        Value::Double(None)
    }
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
        match value {
            DbValue::Float(f) => Ok(f),
            DbValue::Int(i) => Ok(i as f64),
            // Averages of integers come back as NUMERIC / DECIMAL.
            DbValue::Decimal(d) => {
                f64::try_from(d).map_err(|e| DecodeError(format!("{d} is not a float: {e}")))
            }
            other => Err(DecodeError::mismatch("a float", other.kind())),
        }
    }
}

impl SqlType for f32 {
    fn into_value(self) -> Value {
        Value::Float(Some(self))
    }
    fn null_value() -> Value {
        Value::Float(None)
    }
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
        // f32 columns are read as f64 by every driver; narrowing is the column's meaning.
        <f64 as SqlType>::decode(value).map(|f| f as f32)
    }
}

impl SqlType for String {
    fn into_value(self) -> Value {
        Value::String(Some(self))
    }
    fn null_value() -> Value {
        Value::String(None)
    }
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
        match value {
            DbValue::Text(s) => Ok(s.to_owned()),
            other => Err(DecodeError::mismatch("text", other.kind())),
        }
    }
}

impl SqlType for Vec<u8> {
    fn into_value(self) -> Value {
        Value::Bytes(Some(self))
    }
    fn null_value() -> Value {
        Value::Bytes(None)
    }
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
        match value {
            DbValue::Bytes(b) => Ok(b.to_vec()),
            DbValue::Text(s) => Ok(s.as_bytes().to_vec()),
            other => Err(DecodeError::mismatch("bytes", other.kind())),
        }
    }
}

impl SqlType for Decimal {
    fn into_value(self) -> Value {
        Value::Decimal(Some(self))
    }
    fn null_value() -> Value {
        Value::Decimal(None)
    }
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
        match value {
            DbValue::Decimal(d) => Ok(d),
            DbValue::Int(i) => Ok(Decimal::from(i)),
            DbValue::Text(s) => s
                .parse()
                .map_err(|e| DecodeError(format!("`{s}` is not a decimal: {e}"))),
            DbValue::Float(f) => {
                Decimal::try_from(f).map_err(|e| DecodeError(format!("{f} is not a decimal: {e}")))
            }
            other => Err(DecodeError::mismatch("a decimal", other.kind())),
        }
    }
}

impl SqlType for Uuid {
    fn into_value(self) -> Value {
        Value::Uuid(Some(self))
    }
    fn null_value() -> Value {
        Value::Uuid(None)
    }
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
        match value {
            DbValue::Uuid(u) => Ok(u),
            DbValue::Text(s) => {
                Uuid::parse_str(s).map_err(|e| DecodeError(format!("`{s}` is not a uuid: {e}")))
            }
            DbValue::Bytes(b) => {
                Uuid::from_slice(b).map_err(|e| DecodeError(format!("not a uuid: {e}")))
            }
            other => Err(DecodeError::mismatch("a uuid", other.kind())),
        }
    }
}

impl SqlType for serde_json::Value {
    fn into_value(self) -> Value {
        Value::Json(Some(Box::new(self)))
    }
    fn null_value() -> Value {
        Value::Json(None)
    }
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
        match value {
            DbValue::Json(j) => Ok(j),
            DbValue::Text(s) => {
                serde_json::from_str(s).map_err(|e| DecodeError(format!("invalid JSON: {e}")))
            }
            DbValue::Bytes(b) => {
                serde_json::from_slice(b).map_err(|e| DecodeError(format!("invalid JSON: {e}")))
            }
            other => Err(DecodeError::mismatch("json", other.kind())),
        }
    }
}

impl SqlType for NaiveDate {
    fn into_value(self) -> Value {
        Value::ChronoDate(Some(self))
    }
    fn null_value() -> Value {
        Value::ChronoDate(None)
    }
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
        match value {
            DbValue::Date(d) => Ok(d),
            DbValue::Text(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|e| DecodeError(format!("`{s}` is not a date (YYYY-MM-DD): {e}"))),
            other => Err(DecodeError::mismatch("a date", other.kind())),
        }
    }
}

impl SqlType for NaiveTime {
    fn into_value(self) -> Value {
        Value::ChronoTime(Some(self))
    }
    fn null_value() -> Value {
        Value::ChronoTime(None)
    }
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
        match value {
            DbValue::Time(t) => Ok(t),
            DbValue::Text(s) => NaiveTime::parse_from_str(s, "%H:%M:%S%.f")
                .map_err(|e| DecodeError(format!("`{s}` is not a time (HH:MM:SS): {e}"))),
            other => Err(DecodeError::mismatch("a time", other.kind())),
        }
    }
}

/// Parses the timestamp spellings SQLite and other tools write: `T` or space between date
/// and time, optional fraction.
fn parse_naive_datetime(s: &str) -> Option<NaiveDateTime> {
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(s, format).ok())
}

impl SqlType for NaiveDateTime {
    fn into_value(self) -> Value {
        Value::ChronoDateTime(Some(self))
    }
    fn null_value() -> Value {
        Value::ChronoDateTime(None)
    }
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
        match value {
            DbValue::DateTime(t) => Ok(t),
            DbValue::Text(s) => parse_naive_datetime(s)
                .ok_or_else(|| DecodeError(format!("`{s}` is not a timestamp"))),
            other => Err(DecodeError::mismatch("a timestamp", other.kind())),
        }
    }
}

impl SqlType for DateTime<Utc> {
    fn into_value(self) -> Value {
        Value::ChronoDateTimeUtc(Some(self))
    }
    fn null_value() -> Value {
        Value::ChronoDateTimeUtc(None)
    }
    fn decode(value: DbValue<'_>) -> Result<Self, DecodeError> {
        match value {
            DbValue::DateTimeUtc(t) => Ok(t),
            // A timestamp stored without an offset (SQLite's CURRENT_TIMESTAMP) is UTC.
            DbValue::DateTime(t) => Ok(t.and_utc()),
            DbValue::Text(s) => DateTime::parse_from_rfc3339(s)
                .map(|t| t.with_timezone(&Utc))
                .ok()
                .or_else(|| parse_naive_datetime(s).map(|t| t.and_utc()))
                .ok_or_else(|| DecodeError(format!("`{s}` is not a timestamp with time zone"))),
            other => Err(DecodeError::mismatch(
                "a timestamp with time zone",
                other.kind(),
            )),
        }
    }
}
