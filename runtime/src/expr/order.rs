//! Sort keys for ORDER BY.

use sea_query::{NullOrdering, SimpleExpr};

use super::{Column, Expr};
use crate::per_dialect::PerDialect;
use crate::table::Table;
use crate::value::ColumnValue;

/// A sort key: an expression, a direction and, optionally, where NULLs go.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub(crate) expr: PerDialect<SimpleExpr>,
    pub(crate) direction: sea_query::Order,
    pub(crate) nulls: Option<NullOrdering>,
}

impl Order {
    /// `… NULLS FIRST`: NULLs before every value (emulated on MySQL with `expr IS NULL DESC`).
    pub fn nulls_first(mut self) -> Order {
        self.nulls = Some(NullOrdering::First);
        self
    }

    /// `… NULLS LAST`: NULLs after every value (emulated on MySQL with `expr IS NULL ASC`).
    pub fn nulls_last(mut self) -> Order {
        self.nulls = Some(NullOrdering::Last);
        self
    }
}

impl<T: Table, V: ColumnValue> From<Column<T, V>> for Order {
    /// A column alone sorts ascending.
    fn from(column: Column<T, V>) -> Self {
        column.asc()
    }
}

impl<V> From<Expr<V>> for Order {
    /// An expression alone sorts ascending.
    fn from(expr: Expr<V>) -> Self {
        Order {
            expr: expr.inner,
            direction: sea_query::Order::Asc,
            nulls: None,
        }
    }
}
