//! Date and time functions, decoding into the same Rust types on every database.
//!
//! Fields are extracted as `i32` (`year`, `month`, `day` of dates and timestamps; `hour`,
//! `minute`, `second` of times and timestamps; seconds without their fraction), NULL
//! staying NULL. Timestamps with time zone are read in UTC, the session time zone Retort
//! sets. SQLite keeps dates and timestamps as ISO text (`YYYY-MM-DD HH:MM:SS.ffffff`, see
//! `docs/types.md`), which its `strftime` and `DATE` read.
//!
//! ```
//! use retort::functions::{current_timestamp, year};
//! use retort::Dialect;
//! let q = retort::select((current_timestamp(), year(current_timestamp())));
//! let _: &retort::Select<(chrono::DateTime<chrono::Utc>, i32), _> = &q;
//! assert_eq!(
//!     q.sql(Dialect::Sqlite).unwrap(),
//!     "SELECT strftime('%Y-%m-%d %H:%M:%f000', 'now'), \
//!      CAST(strftime('%Y', strftime('%Y-%m-%d %H:%M:%f000', 'now')) AS INTEGER)"
//! );
//! assert_eq!(
//!     q.sql(Dialect::Postgres).unwrap(),
//!     "SELECT CURRENT_TIMESTAMP, CAST(EXTRACT(YEAR FROM CURRENT_TIMESTAMP) AS INTEGER)"
//! );
//! ```

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use sea_query::SimpleExpr;

use super::{Nullability, Operand, per_dialect, template};
use crate::dialect::Dialect;
use crate::expr::{Expr, IntoExpr};
use crate::value::{ColumnValue, SqlType};

/// Types with a date part: `NaiveDate`, `NaiveDateTime`, `DateTime<Utc>`.
pub trait HasDate: SqlType {}
impl HasDate for NaiveDate {}
impl HasDate for NaiveDateTime {}
impl HasDate for DateTime<Utc> {}

/// Types with a time-of-day part: `NaiveTime`, `NaiveDateTime`, `DateTime<Utc>`.
pub trait HasTime: SqlType {}
impl HasTime for NaiveTime {}
impl HasTime for NaiveDateTime {}
impl HasTime for DateTime<Utc> {}

/// The current date and time, in UTC, to the microsecond where the database keeps them
/// (SQLite: milliseconds): `CURRENT_TIMESTAMP` on PostgreSQL, `CURRENT_TIMESTAMP(6)` on
/// MySQL, and on SQLite `strftime('%Y-%m-%d %H:%M:%f000', 'now')`, spelled like the
/// timestamps Retort stores so that the two compare as text. The same for every row of a
/// statement.
pub fn current_timestamp() -> Expr<DateTime<Utc>> {
    Expr::by_dialect(|dialect| {
        SimpleExpr::Custom(
            match dialect {
                Dialect::Sqlite => "strftime('%Y-%m-%d %H:%M:%f000', 'now')",
                Dialect::Postgres => "CURRENT_TIMESTAMP",
                Dialect::Mysql => "CURRENT_TIMESTAMP(6)",
            }
            .into(),
        )
    })
}

/// `CURRENT_DATE`: today, in UTC.
pub fn current_date() -> Expr<NaiveDate> {
    Expr::from_sea(SimpleExpr::Custom("CURRENT_DATE".into()))
}

/// One field of a date, time or timestamp as an `i32`.
fn extract<E: Operand>(
    x: E,
    sqlite_format: &'static str,
    field: &'static str,
) -> Expr<<E::Value as Nullability>::With<i32>> {
    per_dialect(vec![x.into_typed().into_lowered()], move |dialect, args| {
        let sql = match dialect {
            Dialect::Sqlite => format!("CAST(strftime('{sqlite_format}', ?) AS INTEGER)"),
            // EXTRACT is NUMERIC on PostgreSQL, with the fraction of the seconds.
            Dialect::Postgres if field == "SECOND" => {
                "CAST(FLOOR(EXTRACT(SECOND FROM ?)) AS INTEGER)".to_owned()
            }
            Dialect::Postgres => format!("CAST(EXTRACT({field} FROM ?) AS INTEGER)"),
            Dialect::Mysql => format!("EXTRACT({field} FROM ?)"),
        };
        template(dialect, &sql, args)
    })
}

macro_rules! field {
    ($($(#[$doc:meta])* $name:ident, $trait:ident, $format:literal, $field:literal;)*) => {$(
        $(#[$doc])*
        pub fn $name<E>(x: E) -> Expr<<E::Value as Nullability>::With<i32>>
        where
            E: Operand,
            <E::Value as ColumnValue>::Sql: $trait,
        {
            extract(x, $format, $field)
        }
    )*};
}

field! {
    /// The year of a date or timestamp: `EXTRACT(YEAR FROM x)` (SQLite: `strftime('%Y', x)`).
    year, HasDate, "%Y", "YEAR";
    /// The month (1–12) of a date or timestamp.
    month, HasDate, "%m", "MONTH";
    /// The day of the month (1–31) of a date or timestamp.
    day, HasDate, "%d", "DAY";
    /// The hour (0–23) of a time or timestamp.
    hour, HasTime, "%H", "HOUR";
    /// The minute (0–59) of a time or timestamp.
    minute, HasTime, "%M", "MINUTE";
    /// The whole seconds (0–59) of a time or timestamp, without the fraction.
    second, HasTime, "%S", "SECOND";
}

/// `date` plus `days` days (negative: minus): `date + n` on PostgreSQL,
/// `DATE_ADD(date, INTERVAL n DAY)` on MySQL (cast to DATE), `DATE(date, n || ' days')` on SQLite.
pub fn add_days<E, D>(date: E, days: D) -> Expr<<E::Value as Nullability>::Or<D::Value>>
where
    E: Operand,
    D: IntoExpr<i64>,
    E::Value: ColumnValue<Sql = NaiveDate>,
{
    let args = vec![
        date.into_typed().into_lowered(),
        days.into_expr().into_lowered(),
    ];
    per_dialect(args, |dialect, args| {
        let sql = match dialect {
            Dialect::Sqlite => "DATE(?, ? || ' days')",
            Dialect::Postgres => "(? + CAST(? AS INTEGER))",
            // DATE_ADD of a parameter would be a DATETIME.
            Dialect::Mysql => "CAST(DATE_ADD(?, INTERVAL ? DAY) AS DATE)",
        };
        template(dialect, sql, args)
    })
}
