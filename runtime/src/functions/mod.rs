//! SQL functions on typed expressions, each returning a typed [`Expr`] whose Rust type is
//! the same on every database.
//!
//! Functions are free functions, as SQLAlchemy's `func.lower(…)`: `lower(users::NAME)`,
//! `abs(x)`, `year(users::CREATED_AT)`. Each takes any [`Operand`] — a column, an expression
//! or a plain Rust value — and keeps its nullability: `lower` of a nullable column is
//! `Option<String>`. The few operations that are not SQL functions are methods instead:
//! `.cast::<i64>()` (which names a target type), `.over(window)` and the operators.
//!
//! - aggregates and `COALESCE` (this module);
//! - [`case`], `CAST` ([`conditional`]);
//! - text: [`lower`], [`upper`], [`length`], [`trim`], [`ltrim`], [`rtrim`], [`substring`],
//!   [`replace`], [`concat()`] ([`string`]);
//! - numbers: [`abs`], [`round`], [`ceil`], [`floor`] ([`math`]);
//! - dates: [`current_timestamp`], [`current_date`], [`year`] … [`second`], [`add_days`]
//!   ([`datetime`]);
//! - window functions: [`row_number`], [`rank`], [`dense_rank`], [`lag`], [`lead`],
//!   aggregates `.over(…)`
//!   ([`window`]).
//!
//! ```
//! use retort::functions::{avg, count_all, max, sum};
//! # use retort::__doc_tables::{users, Users};
//! let totals = retort::select((count_all(), sum(users::ID), avg(users::ID), max(users::NAME)))
//!     .from(Users);
//! // Rows decode into (i64, Option<i64>, Option<f64>, Option<String>).
//! let _: retort::Select<(i64, Option<i64>, Option<f64>, Option<String>), _> = totals;
//! ```

use std::any::TypeId;

use rust_decimal::Decimal;
use sea_query::{Func, SimpleExpr, Value};

use crate::dialect::Dialect;
use crate::expr::{Column, Expr};
use crate::per_dialect::PerDialect;
use crate::table::Table;
use crate::value::{ColumnValue, SqlType};

mod aggregate;
pub mod conditional;
pub mod datetime;
pub mod math;
pub mod string;
pub mod window;

pub use aggregate::{avg, coalesce, count, count_all, count_distinct, max, min, sum};
pub use conditional::{Branch, Case, CaseStart, CastTarget, case};
pub use datetime::{
    HasDate, HasTime, add_days, current_date, current_timestamp, day, hour, minute, month, second,
    year,
};
pub use math::{Fractional, abs, ceil, floor, round};
pub use string::{concat, length, lower, ltrim, replace, rtrim, substring, trim, upper};
pub use window::{Window, WindowFunction, dense_rank, lag, lead, rank, row_number};

/// Column types `SUM` and `AVG` work on, and the types their results decode into: integers
/// sum to `i64` and average to `f64`; floats to `f64`; decimals to `Decimal`.
pub trait Numeric: SqlType {
    /// What `SUM` of this type decodes into.
    type Sum: SqlType;
    /// What `AVG` of this type decodes into.
    type Avg: SqlType;
    /// True for integer types, whose division truncates (`DIV` on MySQL, whose `/` would
    /// give a decimal).
    const INTEGER: bool;
}

macro_rules! numeric {
    ($($ty:ty => $sum:ty, $avg:ty, $integer:literal);* $(;)?) => {$(
        impl Numeric for $ty {
            type Sum = $sum;
            type Avg = $avg;
            const INTEGER: bool = $integer;
        }
    )*};
}

numeric! {
    i16 => i64, f64, true;
    i32 => i64, f64, true;
    i64 => i64, f64, true;
    f32 => f64, f64, false;
    f64 => f64, f64, false;
    Decimal => Decimal, Decimal, false;
}

/// Integer column types: `/` truncates and `%` is the remainder, as in Rust, on every
/// database.
pub trait Integer: Numeric {}

impl Integer for i16 {}
impl Integer for i32 {}
impl Integer for i64 {}

/// A column's Rust type seen as "NULL or not": `With<S>` is `S` for a NOT NULL type and
/// `Option<S>` for a nullable one, so a function of a nullable column is nullable.
pub trait Nullability: ColumnValue {
    /// The same nullability, with the SQL type `S`.
    type With<S: SqlType>: Nullability<Sql = S>;
    /// This type, nullable if it or `W` is: the type of an operation on both that is NULL
    /// where either is (`a || b`).
    type Or<W: Nullability>: Nullability<Sql = Self::Sql>;
}

impl<T: SqlType> Nullability for T {
    type With<S: SqlType> = S;
    type Or<W: Nullability> = W::With<T>;
}

impl<T: SqlType> Nullability for Option<T> {
    type With<S: SqlType> = Option<S>;
    type Or<W: Nullability> = Option<T>;
}

/// What a function accepts as an argument: a column, an expression, or a Rust value (bound
/// as a parameter). `Value` is its Rust type, nullability included.
pub trait Operand {
    /// The Rust type of the operand: `Option<_>` when it can be NULL.
    type Value: Nullability;
    /// The operand as an expression.
    fn into_typed(self) -> Expr<Self::Value>;
}

impl<S: SqlType> Operand for S {
    type Value = S;
    fn into_typed(self) -> Expr<S> {
        value(self)
    }
}

impl<S: SqlType> Operand for Option<S> {
    type Value = Option<S>;
    fn into_typed(self) -> Expr<Option<S>> {
        match self {
            Some(v) => value(v).retype(),
            None => typed_parameter(S::null_value(), TypeId::of::<S>() == TypeId::of::<String>()),
        }
    }
}

/// A `&str` stays a plain parameter on every dialect (PostgreSQL infers `text` from the
/// functions and operators it is given to), as with [`IntoExpr`](crate::IntoExpr).
impl Operand for &str {
    type Value = String;
    fn into_typed(self) -> Expr<String> {
        Expr::from_sea(SimpleExpr::Value(SqlType::into_value(self.to_owned())))
    }
}

impl<T: Table, V: Nullability> Operand for Column<T, V> {
    type Value = V;
    fn into_typed(self) -> Expr<V> {
        self.expr()
    }
}

impl<V: Nullability> Operand for Expr<V> {
    type Value = V;
    fn into_typed(self) -> Expr<V> {
        self
    }
}

/// `v` as a bound parameter that knows its type: in a select list, a CASE branch or a
/// function argument PostgreSQL cannot infer a parameter's type from its context, so there
/// it is `CAST($1 AS BIGINT)`, `CAST($1 AS TEXT)` and so on (enum values stay a plain `$1`,
/// which PostgreSQL reads as the enum it is compared with). MySQL, which receives decimals as
/// text and dates as datetimes, reads `CAST(? AS DECIMAL(65,30))`, `CAST(? AS DATE)`….
/// SQLite gets a plain `?`.
///
/// ```
/// use retort::functions::value;
/// use retort::Dialect;
/// let q = retort::select((value(2i64), value(String::from("x"))));
/// assert_eq!(
///     q.sql(Dialect::Postgres).unwrap(),
///     r#"SELECT CAST($1 AS BIGINT), CAST($2 AS TEXT)"#
/// );
/// assert_eq!(q.sql(Dialect::Sqlite).unwrap(), r#"SELECT ?, ?"#);
/// ```
pub fn value<S: SqlType>(v: S) -> Expr<S> {
    typed_parameter(v.into_value(), TypeId::of::<S>() == TypeId::of::<String>())
}

/// A parameter, cast on PostgreSQL to the type its `Value` variant stands for. A string is
/// cast to `text` only when it is a Rust `String` (`text`): enum values also bind as
/// strings, and PostgreSQL must read those as the enum they are compared with.
fn typed_parameter<V>(param: Value, text: bool) -> Expr<V> {
    let postgres = match &param {
        Value::Bool(_) => Some("BOOLEAN"),
        Value::SmallInt(_) => Some("SMALLINT"),
        Value::Int(_) => Some("INTEGER"),
        Value::BigInt(_) => Some("BIGINT"),
        Value::Float(_) => Some("REAL"),
        Value::Double(_) => Some("DOUBLE PRECISION"),
        Value::Decimal(_) => Some("NUMERIC"),
        Value::String(_) if text => Some("TEXT"),
        Value::Bytes(_) => Some("BYTEA"),
        Value::Json(_) => Some("JSON"),
        Value::Uuid(_) => Some("UUID"),
        Value::ChronoDate(_) => Some("DATE"),
        Value::ChronoTime(_) => Some("TIME"),
        Value::ChronoDateTime(_) => Some("TIMESTAMP"),
        Value::ChronoDateTimeUtc(_) => Some("TIMESTAMPTZ"),
        _ => None,
    };
    // MySQL receives decimals as text and dates as datetimes.
    let mysql = match &param {
        Value::Decimal(_) => Some("DECIMAL(65,30)"),
        Value::ChronoDate(_) => Some("DATE"),
        Value::ChronoTime(_) => Some("TIME(6)"),
        Value::ChronoDateTime(_) | Value::ChronoDateTimeUtc(_) => Some("DATETIME(6)"),
        _ => None,
    };
    if postgres.is_none() && mysql.is_none() {
        return Expr::from_sea(SimpleExpr::Value(param));
    }
    Expr::by_dialect(|dialect| {
        let cast = match dialect {
            Dialect::Postgres => postgres,
            Dialect::Mysql => mysql,
            Dialect::Sqlite => None,
        };
        match cast {
            Some(type_name) => cast_as(SimpleExpr::Value(param.clone()), type_name),
            None => SimpleExpr::Value(param.clone()),
        }
    })
}

/// `CAST(expr AS type_name)`; `type_name` is Retort's own text, never user input.
pub(crate) fn cast_as(expr: SimpleExpr, type_name: &'static str) -> SimpleExpr {
    Func::cast_as(expr, type_name).into()
}

/// `sql` for `dialect`, where each `?` stands for the next of `args`: sea-query substitutes
/// `?` on SQLite and MySQL but `$1`, `$2`… on PostgreSQL. `sql` is Retort's own text.
pub(crate) fn template(dialect: Dialect, sql: &str, args: Vec<SimpleExpr>) -> SimpleExpr {
    let text = match dialect {
        Dialect::Postgres => {
            let mut out = String::with_capacity(sql.len() + 8);
            let mut n = 0;
            for c in sql.chars() {
                if c == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(c);
                }
            }
            out
        }
        Dialect::Sqlite | Dialect::Mysql => sql.to_owned(),
    };
    SimpleExpr::CustomWithExpr(text.into(), args)
}

/// An expression built from `args` by `build`, the same on every dialect unless an
/// argument differs.
pub(crate) fn shared<V>(
    args: Vec<PerDialect<SimpleExpr>>,
    build: impl FnMut(Vec<SimpleExpr>) -> SimpleExpr,
) -> Expr<V> {
    Expr::lowered(PerDialect::collect(args).map(build))
}

/// An expression built from `args` by `build` for each dialect.
pub(crate) fn per_dialect<V>(
    args: Vec<PerDialect<SimpleExpr>>,
    build: impl FnMut(Dialect, Vec<SimpleExpr>) -> SimpleExpr,
) -> Expr<V> {
    Expr::lowered(PerDialect::collect(args).map_with_dialect(build))
}

/// `Func::cust(name)(args…)`, the same on every dialect unless an argument differs.
pub(crate) fn call<V>(name: &'static str, args: Vec<PerDialect<SimpleExpr>>) -> Expr<V> {
    shared(args, |args| Func::cust(name).args(args).into())
}
