//! What a SELECT lists, and the Rust type its rows decode into.

use sea_query::SimpleExpr;

use super::{Column, Expr};
use crate::per_dialect::PerDialect;
use crate::row::FromRow;
use crate::table::Table;
use crate::value::ColumnValue;

/// What a `select(…)` can list: a column, an expression, or a tuple of them. Its `Output` is
/// the Rust type one result row decodes into.
pub trait Selection {
    /// The decoded row type.
    type Output: FromRow;
    /// Appends the selected expressions.
    fn push_exprs(self, out: &mut SelectedExprs);
}

/// The expressions of a selection, in order, as [`Selection::push_exprs`] lists them.
#[derive(Debug, Default)]
pub struct SelectedExprs(pub(crate) Vec<PerDialect<SimpleExpr>>);

impl SelectedExprs {
    /// Appends `expr`.
    pub fn push<V>(&mut self, expr: Expr<V>) {
        self.0.push(expr.inner);
    }
}

impl<T: Table, V: ColumnValue> Selection for Column<T, V> {
    type Output = V;
    fn push_exprs(self, out: &mut SelectedExprs) {
        out.push(self.expr());
    }
}

impl<V: ColumnValue> Selection for Expr<V> {
    type Output = V;
    fn push_exprs(self, out: &mut SelectedExprs) {
        out.push(self);
    }
}

macro_rules! tuple_selection {
    ($($name:ident),+) => {
        impl<$($name: Selection),+> Selection for ($($name,)+) {
            type Output = ($($name::Output,)+);
            #[allow(non_snake_case)]
            fn push_exprs(self, out: &mut SelectedExprs) {
                let ($($name,)+) = self;
                $($name.push_exprs(out);)+
            }
        }
    };
}

tuple_selection!(A);
tuple_selection!(A, B);
tuple_selection!(A, B, C);
tuple_selection!(A, B, C, D);
tuple_selection!(A, B, C, D, E);
tuple_selection!(A, B, C, D, E, F);
tuple_selection!(A, B, C, D, E, F, G);
tuple_selection!(A, B, C, D, E, F, G, H);
tuple_selection!(A, B, C, D, E, F, G, H, I);
tuple_selection!(A, B, C, D, E, F, G, H, I, J);
tuple_selection!(A, B, C, D, E, F, G, H, I, J, K);
tuple_selection!(A, B, C, D, E, F, G, H, I, J, K, L);
