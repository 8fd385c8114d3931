//! Math functions on numbers, decoding into the same Rust type on every database.
//!
//! `abs` keeps its argument's type. `round`, `ceil` and `floor` take floats (`f64`) and
//! decimals (`Decimal`) and keep that type — of an integer they would be the integer. They
//! round as in school on every database (half away from zero: 2.5 → 3, -2.5 → -3), even
//! though PostgreSQL's and MySQL's own `ROUND` of a float rounds half to even: floats are
//! rounded through a decimal there. SQLite's bundled build has no `CEIL`/`FLOOR`; they are
//! computed with `CAST(… AS INTEGER)` there.
//!
//! ```
//! use retort::functions::{abs, ceil, round, value};
//! use retort::Dialect;
//! let q = retort::select((abs(value(-3i64)), round(value(2.345f64), 2), ceil(value(1.5f64))));
//! let _: &retort::Select<(i64, f64, f64), _> = &q;
//! assert_eq!(
//!     q.sql(Dialect::Postgres).unwrap(),
//!     "SELECT ABS(CAST($1 AS BIGINT)), \
//!      CAST(ROUND(CAST(CAST($2 AS DOUBLE PRECISION) AS NUMERIC), $3) AS DOUBLE PRECISION), \
//!      CEIL(CAST($4 AS DOUBLE PRECISION))"
//! );
//! ```

use rust_decimal::Decimal;
use sea_query::SimpleExpr;

use super::{Numeric, Operand, call, cast_as, per_dialect, template};
use crate::dialect::Dialect;
use crate::expr::Expr;
use crate::per_dialect::PerDialect;
use crate::value::ColumnValue;

/// Types with a fractional part, which `round`, `ceil` and `floor` apply to.
pub trait Fractional: Numeric {
    /// True for floats, false for decimals.
    const FLOAT: bool;
}

impl Fractional for f64 {
    const FLOAT: bool = true;
}

impl Fractional for Decimal {
    const FLOAT: bool = false;
}

/// Floats at least this large (2^52) have no fractional part.
const INTEGRAL_FLOAT: &str = "4503599627370496";

/// `ABS(x)`: the absolute value, of the same type.
pub fn abs<E>(x: E) -> Expr<E::Value>
where
    E: Operand,
    <E::Value as ColumnValue>::Sql: Numeric,
{
    call("ABS", vec![x.into_typed().into_lowered()])
}

/// `ROUND(x, digits)`: `x` rounded to `digits` places after the point, halves away from
/// zero, on every database.
///
/// PostgreSQL has no `ROUND` of a float to places, and PostgreSQL's and MySQL's float
/// rounding goes half to even: there a float is rounded as `NUMERIC` / `DECIMAL(65,30)` and
/// cast back (on MySQL only below 2^52, beyond which floats are integers already).
pub fn round<E>(x: E, digits: u8) -> Expr<E::Value>
where
    E: Operand,
    <E::Value as ColumnValue>::Sql: Fractional,
{
    let float = <<E::Value as ColumnValue>::Sql as Fractional>::FLOAT;
    let digits = PerDialect::Shared(SimpleExpr::Value(i32::from(digits).into()));
    per_dialect(
        vec![x.into_typed().into_lowered(), digits],
        |dialect, args| match (dialect, float) {
            (Dialect::Postgres, true) => template(
                dialect,
                "CAST(ROUND(CAST(? AS NUMERIC), ?) AS DOUBLE PRECISION)",
                args,
            ),
            (Dialect::Mysql, true) => {
                let [x, digits] = <[SimpleExpr; 2]>::try_from(args).expect("two arguments");
                template(
                    dialect,
                    &format!(
                        "CASE WHEN ABS(?) < {INTEGRAL_FLOAT} \
                         THEN CAST(ROUND(CAST(? AS DECIMAL(65,30)), ?) AS DOUBLE) ELSE ? END"
                    ),
                    vec![x.clone(), x.clone(), digits, x],
                )
            }
            _ => sea_query::Func::cust("ROUND").args(args).into(),
        },
    )
}

/// `CEIL(x)`: the smallest integral value not below `x`, of the same type.
pub fn ceil<E>(x: E) -> Expr<E::Value>
where
    E: Operand,
    <E::Value as ColumnValue>::Sql: Fractional,
{
    integral::<E>(x, "CEIL", "+", ">")
}

/// `FLOOR(x)`: the largest integral value not above `x`, of the same type.
pub fn floor<E>(x: E) -> Expr<E::Value>
where
    E: Operand,
    <E::Value as ColumnValue>::Sql: Fractional,
{
    integral::<E>(x, "FLOOR", "-", "<")
}

/// `CEIL` / `FLOOR`; on SQLite, without math functions, `x` truncated toward zero by
/// `CAST(x AS INTEGER)` and moved by one where that went the wrong way (floats of 2^52 and
/// more are integral already, and beyond 2^63 the cast would saturate).
fn integral<E>(x: E, name: &'static str, step: &str, wrong_way: &str) -> Expr<E::Value>
where
    E: Operand,
    <E::Value as ColumnValue>::Sql: Fractional,
{
    let float = <<E::Value as ColumnValue>::Sql as Fractional>::FLOAT;
    per_dialect(vec![x.into_typed().into_lowered()], |dialect, args| {
        let x = args.into_iter().next().expect("one argument");
        match dialect {
            Dialect::Sqlite => {
                let emulated = template(
                    dialect,
                    &format!(
                        "CASE WHEN ABS(?) >= {INTEGRAL_FLOAT} THEN ? \
                         ELSE CAST(? AS INTEGER) {step} (? {wrong_way} CAST(? AS INTEGER)) END"
                    ),
                    vec![x.clone(), x.clone(), x.clone(), x.clone(), x],
                );
                // A float stays a float (an INTEGER would divide as one).
                if float {
                    cast_as(emulated, "REAL")
                } else {
                    emulated
                }
            }
            Dialect::Postgres | Dialect::Mysql => sea_query::Func::cust(name).arg(x).into(),
        }
    })
}
