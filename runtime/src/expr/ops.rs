//! Arithmetic on numeric expressions and concatenation of text, rendered per dialect where
//! databases disagree.

use sea_query::{BinOper, Func, SimpleExpr};

use super::{Column, Expr, IntoExpr};
use crate::dialect::Dialect;
use crate::functions::{Integer, Nullability, Numeric, Operand};
use crate::per_dialect::PerDialect;
use crate::table::Table;
use crate::value::ColumnValue;

fn binary(a: SimpleExpr, oper: BinOper, b: SimpleExpr) -> SimpleExpr {
    SimpleExpr::Binary(Box::new(a), oper, Box::new(b))
}

/// The type of `a op b` for operands of Rust types `A` and `B`: NULL where either is, so
/// `Option` when either can be NULL.
type Combined<A, B> = <A as Nullability>::Or<<B as IntoExpr<<A as ColumnValue>::Sql>>::Value>;

/// `a / b`. Integers divide as in Rust, truncating toward zero: MySQL's `/` of two
/// integers is a decimal, so there it is `DIV`.
fn divide<V: ColumnValue, U>(a: Expr<V>, b: Expr<V::Sql>) -> Expr<U>
where
    V::Sql: Numeric,
{
    if !<V::Sql as Numeric>::INTEGER {
        return a.combine(b, |a, b| binary(a, BinOper::Div, b));
    }
    let operands = a.into_lowered().zip(b.into_lowered());
    Expr::lowered(operands.map_with_dialect(|dialect, (a, b)| match dialect {
        Dialect::Mysql => binary(a, BinOper::Custom("DIV"), b),
        Dialect::Sqlite | Dialect::Postgres => binary(a, BinOper::Div, b),
    }))
}

/// `a || b`; `CONCAT(a, b)` on MySQL, where `||` means OR. NULL where either is NULL, on
/// every database.
pub(crate) fn concatenate<U>(a: PerDialect<SimpleExpr>, b: PerDialect<SimpleExpr>) -> Expr<U> {
    Expr::lowered(a.zip(b).map_with_dialect(|dialect, (a, b)| match dialect {
        Dialect::Mysql => Func::cust("CONCAT").args([a, b]).into(),
        Dialect::Sqlite | Dialect::Postgres => binary(a, BinOper::Custom("||"), b),
    }))
}

/// `+`, `-` and `*` on numeric columns and expressions, with a value, column or expression
/// of the same type: `posts::VIEWS + 1`. The result is NULL where an operand is, so
/// `Option` when either operand is nullable.
macro_rules! arithmetic {
    ($($trait:ident $method:ident $oper:ident),*) => {$(
        impl<T: Table, V: Nullability, R: IntoExpr<V::Sql>> std::ops::$trait<R> for Column<T, V>
        where
            V::Sql: Numeric,
        {
            type Output = Expr<Combined<V, R>>;
            fn $method(self, rhs: R) -> Self::Output {
                self.expr()
                    .combine(rhs.into_expr(), |a, b| binary(a, BinOper::$oper, b))
            }
        }

        impl<V: Nullability, R: IntoExpr<V::Sql>> std::ops::$trait<R> for Expr<V>
        where
            V::Sql: Numeric,
        {
            type Output = Expr<Combined<V, R>>;
            fn $method(self, rhs: R) -> Self::Output {
                self.combine(rhs.into_expr(), |a, b| binary(a, BinOper::$oper, b))
            }
        }
    )*};
}

arithmetic!(Add add Add, Sub sub Sub, Mul mul Mul);

/// `/` on numeric columns and expressions. Integers truncate toward zero, as in Rust, on
/// every database (MySQL's `DIV`). Division by zero is an error on PostgreSQL and NULL on
/// SQLite and MySQL — decoded into a non-`Option` type, a [`Decode`](crate::Error::Decode)
/// error.
impl<T: Table, V: Nullability, R: IntoExpr<V::Sql>> std::ops::Div<R> for Column<T, V>
where
    V::Sql: Numeric,
{
    type Output = Expr<Combined<V, R>>;
    fn div(self, rhs: R) -> Self::Output {
        divide(self.expr(), rhs.into_expr())
    }
}

/// `/` on numeric expressions; see the impl for [`Column`].
impl<V: Nullability, R: IntoExpr<V::Sql>> std::ops::Div<R> for Expr<V>
where
    V::Sql: Numeric,
{
    type Output = Expr<Combined<V, R>>;
    fn div(self, rhs: R) -> Self::Output {
        divide(self, rhs.into_expr())
    }
}

/// `%`, the remainder of integer division, with the sign of the dividend as in Rust.
impl<T: Table, V: Nullability, R: IntoExpr<V::Sql>> std::ops::Rem<R> for Column<T, V>
where
    V::Sql: Integer,
{
    type Output = Expr<Combined<V, R>>;
    fn rem(self, rhs: R) -> Self::Output {
        self.expr()
            .combine(rhs.into_expr(), |a, b| binary(a, BinOper::Mod, b))
    }
}

/// `%` on integer expressions; see the impl for [`Column`].
impl<V: Nullability, R: IntoExpr<V::Sql>> std::ops::Rem<R> for Expr<V>
where
    V::Sql: Integer,
{
    type Output = Expr<Combined<V, R>>;
    fn rem(self, rhs: R) -> Self::Output {
        self.combine(rhs.into_expr(), |a, b| binary(a, BinOper::Mod, b))
    }
}

impl<T: Table, V: Nullability<Sql = String>> Column<T, V> {
    /// `self || other`: the two texts joined (`CONCAT` on MySQL); NULL where either is, so
    /// `Option<String>` when either can be NULL.
    pub fn concat<O>(self, other: O) -> Expr<V::Or<O::Value>>
    where
        O: Operand,
        O::Value: ColumnValue<Sql = String>,
    {
        concatenate(
            self.expr().into_lowered(),
            other.into_typed().into_lowered(),
        )
    }
}

impl<V: Nullability<Sql = String>> Expr<V> {
    /// `self || other`: the two texts joined (`CONCAT` on MySQL); NULL where either is, so
    /// `Option<String>` when either can be NULL.
    pub fn concat<O>(self, other: O) -> Expr<V::Or<O::Value>>
    where
        O: Operand,
        O::Value: ColumnValue<Sql = String>,
    {
        concatenate(self.into_lowered(), other.into_typed().into_lowered())
    }
}
