//! Comparisons, IN lists, NULL tests, LIKE and sort directions, for columns and expressions.

use sea_query::{ExprTrait, SimpleExpr};

use super::{Column, Expr, IntoExpr, Order};
use crate::per_dialect::PerDialect;
use crate::table::Table;
use crate::value::ColumnValue;

/// Methods shared by columns and expressions; written once, implemented for both.
macro_rules! comparison_methods {
    () => {
        /// `self = rhs`
        pub fn eq(self, rhs: impl IntoExpr<V::Sql>) -> Expr<bool> {
            self.into_operand().combine(rhs.into_expr(), |a, b| a.eq(b))
        }

        /// `self <> rhs`
        pub fn ne(self, rhs: impl IntoExpr<V::Sql>) -> Expr<bool> {
            self.into_operand().combine(rhs.into_expr(), |a, b| a.ne(b))
        }

        /// `self < rhs`
        pub fn lt(self, rhs: impl IntoExpr<V::Sql>) -> Expr<bool> {
            self.into_operand().combine(rhs.into_expr(), |a, b| a.lt(b))
        }

        /// `self <= rhs`
        pub fn le(self, rhs: impl IntoExpr<V::Sql>) -> Expr<bool> {
            self.into_operand().combine(rhs.into_expr(), |a, b| a.lte(b))
        }

        /// `self > rhs`
        pub fn gt(self, rhs: impl IntoExpr<V::Sql>) -> Expr<bool> {
            self.into_operand().combine(rhs.into_expr(), |a, b| a.gt(b))
        }

        /// `self >= rhs`
        pub fn ge(self, rhs: impl IntoExpr<V::Sql>) -> Expr<bool> {
            self.into_operand().combine(rhs.into_expr(), |a, b| a.gte(b))
        }

        /// `self BETWEEN low AND high`
        pub fn between(
            self,
            low: impl IntoExpr<V::Sql>,
            high: impl IntoExpr<V::Sql>,
        ) -> Expr<bool> {
            let operands = self.into_operand().into_lowered();
            let bounds = low.into_expr().into_lowered().zip(high.into_expr().into_lowered());
            Expr::lowered(operands.zip(bounds).map(|(a, (low, high))| a.between(low, high)))
        }

        /// `self IN (v1, v2, …)`; an empty list is false, as in SQLAlchemy.
        pub fn is_in<R: IntoExpr<V::Sql>>(self, values: impl IntoIterator<Item = R>) -> Expr<bool> {
            let values = PerDialect::collect(
                values.into_iter().map(|v| v.into_expr().into_lowered()),
            );
            if matches!(&values, PerDialect::Shared(list) if list.is_empty()) {
                return Expr::from_sea(SimpleExpr::cust("1 = 0"));
            }
            let operand = self.into_operand().into_lowered();
            Expr::lowered(operand.zip(values).map(|(a, list)| a.is_in(list)))
        }

        /// `self NOT IN (v1, v2, …)`; an empty list is true.
        pub fn is_not_in<R: IntoExpr<V::Sql>>(
            self,
            values: impl IntoIterator<Item = R>,
        ) -> Expr<bool> {
            let values = PerDialect::collect(
                values.into_iter().map(|v| v.into_expr().into_lowered()),
            );
            if matches!(&values, PerDialect::Shared(list) if list.is_empty()) {
                return Expr::from_sea(SimpleExpr::cust("1 = 1"));
            }
            let operand = self.into_operand().into_lowered();
            Expr::lowered(operand.zip(values).map(|(a, list)| a.is_not_in(list)))
        }

        /// `self IS NULL`
        pub fn is_null(self) -> Expr<bool> {
            self.into_operand().wrap(|a| a.is_null())
        }

        /// `self IS NOT NULL`
        pub fn is_not_null(self) -> Expr<bool> {
            self.into_operand().wrap(|a| a.is_not_null())
        }

        /// Sort ascending.
        pub fn asc(self) -> Order {
            Order {
                expr: self.into_operand().into_lowered(),
                direction: sea_query::Order::Asc,
                nulls: None,
            }
        }

        /// Sort descending.
        pub fn desc(self) -> Order {
            Order {
                expr: self.into_operand().into_lowered(),
                direction: sea_query::Order::Desc,
                nulls: None,
            }
        }
    };
}

macro_rules! text_methods {
    () => {
        /// `self LIKE pattern` (`%` any run of characters, `_` one character).
        pub fn like(self, pattern: impl Into<String>) -> Expr<bool> {
            let pattern = pattern.into();
            self.into_operand().wrap(|a| a.like(pattern.clone()))
        }

        /// `self NOT LIKE pattern`
        pub fn not_like(self, pattern: impl Into<String>) -> Expr<bool> {
            let pattern = pattern.into();
            self.into_operand().wrap(|a| a.not_like(pattern.clone()))
        }
    };
}

impl<T: Table, V: ColumnValue> Column<T, V> {
    pub(super) fn into_operand(self) -> Expr<V> {
        self.expr()
    }
    comparison_methods!();
}

impl<T: Table, V: ColumnValue<Sql = String>> Column<T, V> {
    text_methods!();
}

impl<V: ColumnValue> Expr<V> {
    pub(super) fn into_operand(self) -> Expr<V> {
        self
    }
    comparison_methods!();
}

impl<V: ColumnValue<Sql = String>> Expr<V> {
    text_methods!();
}
