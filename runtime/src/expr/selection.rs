//! What a SELECT lists, and the Rust type its rows decode into.

use sea_query::SimpleExpr;

use super::{Column, Expr};
use crate::per_dialect::PerDialect;
use crate::row::{FromRow, NullableRow};
use crate::table::Table;
use crate::value::ColumnValue;

/// What a `select(…)` can list: a column, an expression, a table's whole row (`users::Users`,
/// or `posts::Posts.nullable()` for the outer side of a LEFT JOIN, see
/// [`TableSelection`](crate::TableSelection)), or a tuple of them. Its `Output` decodes one
/// result row.
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

/// A table's every column, in declaration order, decoded into its row struct.
impl<T: Table> Selection for T {
    type Output = T::Row;
    fn push_exprs(self, out: &mut SelectedExprs) {
        push_columns::<T>(out);
    }
}

/// A table's every column, decoded into `None` where its row is missing.
impl<T: Table> Selection for NullableRow<T> {
    type Output = NullableRow<T>;
    fn push_exprs(self, out: &mut SelectedExprs) {
        push_columns::<T>(out);
    }
}

fn push_columns<T: Table>(out: &mut SelectedExprs) {
    for column in T::COLUMNS {
        out.push(Expr::<()>::lowered(super::column_expr::<T>(
            T::NAME,
            column,
        )));
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
