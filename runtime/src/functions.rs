//! SQL functions on typed expressions: aggregates with the Rust types their results decode
//! into on every database, and `COALESCE`.
//!
//! ```
//! use retort::functions::{avg, count_all, max, sum};
//! # use retort::__doc_tables::{users, Users};
//! let totals = retort::select((count_all(), sum(users::ID), avg(users::ID), max(users::NAME)))
//!     .from(Users);
//! // Rows decode into (i64, Option<i64>, Option<f64>, Option<String>).
//! let _: retort::Select<(i64, Option<i64>, Option<f64>, Option<String>)> = totals;
//! ```

use rust_decimal::Decimal;
use sea_query::{Func, SimpleExpr};

use crate::expr::{Expr, IntoExpr};
use crate::value::{ColumnValue, SqlType};

/// Column types `SUM` and `AVG` work on, and the types their results decode into: integers
/// sum to `i64` and average to `f64`; floats to `f64`; decimals to `Decimal`.
pub trait Numeric: SqlType {
    /// What `SUM` of this type decodes into.
    type Sum: SqlType;
    /// What `AVG` of this type decodes into.
    type Avg: SqlType;
}

macro_rules! numeric {
    ($($ty:ty => $sum:ty, $avg:ty);* $(;)?) => {$(
        impl Numeric for $ty {
            type Sum = $sum;
            type Avg = $avg;
        }
    )*};
}

numeric! {
    i16 => i64, f64;
    i32 => i64, f64;
    i64 => i64, f64;
    f32 => f64, f64;
    f64 => f64, f64;
    Decimal => Decimal, Decimal;
}

/// `COUNT(*)`: the number of rows.
pub fn count_all() -> Expr<i64> {
    Expr::from_sea(SimpleExpr::cust("COUNT(*)"))
}

/// `COUNT(expr)`: the number of rows where `expr` is not NULL.
pub fn count<S>(expr: impl IntoExpr<S>) -> Expr<i64> {
    Expr::from_sea(Func::count(expr.into_sea_expr()).into())
}

/// `COUNT(DISTINCT expr)`.
pub fn count_distinct<S>(expr: impl IntoExpr<S>) -> Expr<i64> {
    Expr::from_sea(Func::count_distinct(expr.into_sea_expr()).into())
}

/// `SUM(expr)`; `None` over no rows (or only NULLs).
pub fn sum<S: Numeric>(expr: impl IntoExpr<S>) -> Expr<Option<S::Sum>> {
    Expr::from_sea(Func::sum(expr.into_sea_expr()).into())
}

/// `AVG(expr)`; `None` over no rows (or only NULLs).
pub fn avg<S: Numeric>(expr: impl IntoExpr<S>) -> Expr<Option<S::Avg>> {
    Expr::from_sea(Func::avg(expr.into_sea_expr()).into())
}

/// `MIN(expr)`; `None` over no rows.
pub fn min<S: SqlType>(expr: impl IntoExpr<S>) -> Expr<Option<S>> {
    Expr::from_sea(Func::min(expr.into_sea_expr()).into())
}

/// `MAX(expr)`; `None` over no rows.
pub fn max<S: SqlType>(expr: impl IntoExpr<S>) -> Expr<Option<S>> {
    Expr::from_sea(Func::max(expr.into_sea_expr()).into())
}

/// `COALESCE(expr, fallback)`: `expr`, or `fallback` where it is NULL — a value of the
/// column's non-null type.
pub fn coalesce<V: ColumnValue>(
    expr: impl Into<Expr<V>>,
    fallback: impl IntoExpr<V::Sql>,
) -> Expr<V::Sql> {
    Expr::from_sea(Func::coalesce([expr.into().into_sea(), fallback.into_sea_expr()]).into())
}
