//! Aggregates, with the Rust types their results decode into on every database, and
//! `COALESCE`.

use sea_query::{Func, SimpleExpr};

use super::Numeric;
use crate::expr::{Expr, IntoExpr};
use crate::value::{ColumnValue, SqlType};

/// `COUNT(*)`: the number of rows.
pub fn count_all() -> Expr<i64> {
    Expr::from_sea(SimpleExpr::cust("COUNT(*)"))
}

/// `COUNT(expr)`: the number of rows where `expr` is not NULL.
pub fn count<S>(expr: impl IntoExpr<S>) -> Expr<i64> {
    expr.into_expr().wrap(|e| Func::count(e).into())
}

/// `COUNT(DISTINCT expr)`.
pub fn count_distinct<S>(expr: impl IntoExpr<S>) -> Expr<i64> {
    expr.into_expr().wrap(|e| Func::count_distinct(e).into())
}

/// `SUM(expr)`; `None` over no rows (or only NULLs).
pub fn sum<S: Numeric>(expr: impl IntoExpr<S>) -> Expr<Option<S::Sum>> {
    expr.into_expr().wrap(|e| Func::sum(e).into())
}

/// `AVG(expr)`; `None` over no rows (or only NULLs).
pub fn avg<S: Numeric>(expr: impl IntoExpr<S>) -> Expr<Option<S::Avg>> {
    expr.into_expr().wrap(|e| Func::avg(e).into())
}

/// `MIN(expr)`; `None` over no rows.
pub fn min<S: SqlType>(expr: impl IntoExpr<S>) -> Expr<Option<S>> {
    expr.into_expr().wrap(|e| Func::min(e).into())
}

/// `MAX(expr)`; `None` over no rows.
pub fn max<S: SqlType>(expr: impl IntoExpr<S>) -> Expr<Option<S>> {
    expr.into_expr().wrap(|e| Func::max(e).into())
}

/// `COALESCE(expr, fallback)`: `expr`, or `fallback` where it is NULL. NULL only where
/// both are, so it has the fallback's nullability: a value of the column's non-null type
/// for a value or NOT NULL column, `Option` for a nullable fallback.
pub fn coalesce<V: ColumnValue, F: IntoExpr<V::Sql>>(
    expr: impl Into<Expr<V>>,
    fallback: F,
) -> Expr<F::Value> {
    expr.into().combine(fallback.into_expr(), |e, fallback| {
        Func::coalesce([e, fallback]).into()
    })
}
