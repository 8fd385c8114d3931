//! The typed expression language: column handles, expressions and predicates.
//!
//! A [`Column<T, V>`] belongs to table `T` and holds Rust values of type `V` (`Option<_>` for
//! a nullable column). Comparisons accept only something of the column's SQL type — a value,
//! another column or an expression — so `posts::TITLE.eq(42)` does not compile. Every value
//! becomes a bound parameter; sea-query renders the SQL.

use std::marker::PhantomData;

use sea_query::{BinOper, ExprTrait, SimpleExpr};

use crate::functions::Numeric;
use crate::row::FromRow;
use crate::table::Table;
use crate::value::{ColumnValue, SqlType};

/// A typed column of table `T` whose Rust type is `V`.
///
/// Generated modules declare one constant per column, e.g.
/// `pub const TITLE: Column<Posts, String> = Column::new("title");`.
pub struct Column<T, V> {
    name: &'static str,
    _marker: PhantomData<fn() -> (T, V)>,
}

impl<T, V> Clone for Column<T, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, V> Copy for Column<T, V> {}

impl<T, V> std::fmt::Debug for Column<T, V>
where
    T: Table,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Column({}.{})", T::NAME, self.name)
    }
}

impl<T, V> Column<T, V> {
    /// The handle of column `name`. Used by generated code.
    pub const fn new(name: &'static str) -> Self {
        Column {
            name,
            _marker: PhantomData,
        }
    }

    /// The SQL column name.
    pub const fn name(&self) -> &'static str {
        self.name
    }
}

impl<T: Table, V: ColumnValue> Column<T, V> {
    /// The name of the table the column belongs to.
    pub fn table_name(&self) -> &'static str {
        T::NAME
    }

    /// This column as an untyped sea-query expression, qualified with its table.
    pub fn to_sea(&self) -> SimpleExpr {
        SimpleExpr::col((T::NAME, self.name))
    }

    /// This column as an expression, to combine it further.
    pub fn expr(self) -> Expr<V> {
        Expr::from_sea(self.to_sea())
    }
}

/// A typed SQL expression whose value decodes into `V`.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr<V> {
    inner: SimpleExpr,
    _marker: PhantomData<fn() -> V>,
}

impl<V> Expr<V> {
    /// Wraps an untyped sea-query expression; the caller promises it yields a `V`.
    pub fn from_sea(inner: SimpleExpr) -> Self {
        Expr {
            inner,
            _marker: PhantomData,
        }
    }

    /// The untyped sea-query expression.
    pub fn into_sea(self) -> SimpleExpr {
        self.inner
    }

    /// Borrows the untyped sea-query expression.
    pub fn as_sea(&self) -> &SimpleExpr {
        &self.inner
    }
}

/// Anything usable where an expression of SQL type `S` is expected: a Rust value of type `S`
/// (bound as a parameter), a column or an expression of that type.
pub trait IntoExpr<S> {
    /// The untyped sea-query expression.
    fn into_sea_expr(self) -> SimpleExpr;
}

impl<S: SqlType> IntoExpr<S> for S {
    fn into_sea_expr(self) -> SimpleExpr {
        SimpleExpr::Value(self.into_value())
    }
}

impl IntoExpr<String> for &str {
    fn into_sea_expr(self) -> SimpleExpr {
        SimpleExpr::Value(SqlType::into_value(self.to_owned()))
    }
}

impl IntoExpr<String> for &String {
    fn into_sea_expr(self) -> SimpleExpr {
        SimpleExpr::Value(SqlType::into_value(self.clone()))
    }
}

impl<T: Table, V: ColumnValue> IntoExpr<V::Sql> for Column<T, V> {
    fn into_sea_expr(self) -> SimpleExpr {
        self.to_sea()
    }
}

impl<V: ColumnValue> IntoExpr<V::Sql> for Expr<V> {
    fn into_sea_expr(self) -> SimpleExpr {
        self.inner
    }
}

impl<T: Table, V: ColumnValue> From<Column<T, V>> for Expr<V> {
    fn from(column: Column<T, V>) -> Self {
        column.expr()
    }
}

/// `+`, `-` and `*` on numeric columns and expressions, with a value, column or expression
/// of the same type: `posts::VIEWS + 1`. The result is NULL where an operand is
/// (`Option` for a nullable column). (Division waits for per-dialect rendering: MySQL's
/// `/` of two integers is a decimal.)
macro_rules! arithmetic {
    ($($trait:ident $method:ident $oper:ident),*) => {$(
        impl<T: Table, V: ColumnValue, R: IntoExpr<V::Sql>> std::ops::$trait<R> for Column<T, V>
        where
            V::Sql: Numeric,
        {
            type Output = Expr<V>;
            fn $method(self, rhs: R) -> Expr<V> {
                Expr::from_sea(SimpleExpr::Binary(
                    Box::new(self.to_sea()),
                    BinOper::$oper,
                    Box::new(rhs.into_sea_expr()),
                ))
            }
        }

        impl<V: ColumnValue, R: IntoExpr<V::Sql>> std::ops::$trait<R> for Expr<V>
        where
            V::Sql: Numeric,
        {
            type Output = Expr<V>;
            fn $method(self, rhs: R) -> Expr<V> {
                Expr::from_sea(SimpleExpr::Binary(
                    Box::new(self.inner),
                    BinOper::$oper,
                    Box::new(rhs.into_sea_expr()),
                ))
            }
        }
    )*};
}

arithmetic!(Add add Add, Sub sub Sub, Mul mul Mul);

/// A sort key: an expression and a direction.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub(crate) expr: SimpleExpr,
    pub(crate) direction: sea_query::Order,
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
        }
    }
}

/// Methods shared by columns and expressions; written once, implemented for both.
macro_rules! comparison_methods {
    () => {
        /// `self = rhs`
        pub fn eq(self, rhs: impl IntoExpr<V::Sql>) -> Expr<bool> {
            Expr::from_sea(self.sea_expr().eq(rhs.into_sea_expr()))
        }

        /// `self <> rhs`
        pub fn ne(self, rhs: impl IntoExpr<V::Sql>) -> Expr<bool> {
            Expr::from_sea(self.sea_expr().ne(rhs.into_sea_expr()))
        }

        /// `self < rhs`
        pub fn lt(self, rhs: impl IntoExpr<V::Sql>) -> Expr<bool> {
            Expr::from_sea(self.sea_expr().lt(rhs.into_sea_expr()))
        }

        /// `self <= rhs`
        pub fn le(self, rhs: impl IntoExpr<V::Sql>) -> Expr<bool> {
            Expr::from_sea(self.sea_expr().lte(rhs.into_sea_expr()))
        }

        /// `self > rhs`
        pub fn gt(self, rhs: impl IntoExpr<V::Sql>) -> Expr<bool> {
            Expr::from_sea(self.sea_expr().gt(rhs.into_sea_expr()))
        }

        /// `self >= rhs`
        pub fn ge(self, rhs: impl IntoExpr<V::Sql>) -> Expr<bool> {
            Expr::from_sea(self.sea_expr().gte(rhs.into_sea_expr()))
        }

        /// `self BETWEEN low AND high`
        pub fn between(
            self,
            low: impl IntoExpr<V::Sql>,
            high: impl IntoExpr<V::Sql>,
        ) -> Expr<bool> {
            Expr::from_sea(
                self.sea_expr()
                    .between(low.into_sea_expr(), high.into_sea_expr()),
            )
        }

        /// `self IN (v1, v2, …)`; an empty list is false, as in SQLAlchemy.
        pub fn is_in<R: IntoExpr<V::Sql>>(self, values: impl IntoIterator<Item = R>) -> Expr<bool> {
            let values: Vec<SimpleExpr> = values.into_iter().map(IntoExpr::into_sea_expr).collect();
            if values.is_empty() {
                return Expr::from_sea(SimpleExpr::cust("1 = 0"));
            }
            Expr::from_sea(self.sea_expr().is_in(values))
        }

        /// `self NOT IN (v1, v2, …)`; an empty list is true.
        pub fn is_not_in<R: IntoExpr<V::Sql>>(
            self,
            values: impl IntoIterator<Item = R>,
        ) -> Expr<bool> {
            let values: Vec<SimpleExpr> = values.into_iter().map(IntoExpr::into_sea_expr).collect();
            if values.is_empty() {
                return Expr::from_sea(SimpleExpr::cust("1 = 1"));
            }
            Expr::from_sea(self.sea_expr().is_not_in(values))
        }

        /// `self IS NULL`
        pub fn is_null(self) -> Expr<bool> {
            Expr::from_sea(self.sea_expr().is_null())
        }

        /// `self IS NOT NULL`
        pub fn is_not_null(self) -> Expr<bool> {
            Expr::from_sea(self.sea_expr().is_not_null())
        }

        /// Sort ascending.
        pub fn asc(self) -> Order {
            Order {
                expr: self.sea_expr(),
                direction: sea_query::Order::Asc,
            }
        }

        /// Sort descending.
        pub fn desc(self) -> Order {
            Order {
                expr: self.sea_expr(),
                direction: sea_query::Order::Desc,
            }
        }
    };
}

macro_rules! text_methods {
    () => {
        /// `self LIKE pattern` (`%` any run of characters, `_` one character).
        pub fn like(self, pattern: impl Into<String>) -> Expr<bool> {
            Expr::from_sea(self.sea_expr().like(pattern.into()))
        }

        /// `self NOT LIKE pattern`
        pub fn not_like(self, pattern: impl Into<String>) -> Expr<bool> {
            Expr::from_sea(self.sea_expr().not_like(pattern.into()))
        }
    };
}

impl<T: Table, V: ColumnValue> Column<T, V> {
    fn sea_expr(self) -> SimpleExpr {
        self.to_sea()
    }
    comparison_methods!();
}

impl<T: Table, V: ColumnValue<Sql = String>> Column<T, V> {
    text_methods!();
}

impl<V: ColumnValue> Expr<V> {
    fn sea_expr(self) -> SimpleExpr {
        self.inner
    }
    comparison_methods!();
}

impl<V: ColumnValue<Sql = String>> Expr<V> {
    text_methods!();
}

impl Expr<bool> {
    /// `self AND other`
    pub fn and(self, other: Expr<bool>) -> Expr<bool> {
        Expr::from_sea(self.inner.and(other.inner))
    }

    /// `self OR other`
    pub fn or(self, other: Expr<bool>) -> Expr<bool> {
        Expr::from_sea(self.inner.or(other.inner))
    }

    /// `NOT self`
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Expr<bool> {
        not_(self)
    }
}

impl std::ops::Not for Expr<bool> {
    type Output = Expr<bool>;
    fn not(self) -> Expr<bool> {
        not_(self)
    }
}

/// `a AND b AND …`; true when empty.
pub fn and_(predicates: impl IntoIterator<Item = Expr<bool>>) -> Expr<bool> {
    predicates
        .into_iter()
        .reduce(Expr::and)
        .unwrap_or_else(|| Expr::from_sea(SimpleExpr::cust("1 = 1")))
}

/// `a OR b OR …`; false when empty.
pub fn or_(predicates: impl IntoIterator<Item = Expr<bool>>) -> Expr<bool> {
    predicates
        .into_iter()
        .reduce(Expr::or)
        .unwrap_or_else(|| Expr::from_sea(SimpleExpr::cust("1 = 0")))
}

/// `NOT predicate`
pub fn not_(predicate: Expr<bool>) -> Expr<bool> {
    Expr::from_sea(predicate.inner.not())
}

/// What a `select(…)` can list: a column, an expression, or a tuple of them. Its `Output` is
/// the Rust type one result row decodes into.
pub trait Selection {
    /// The decoded row type.
    type Output: FromRow;
    /// Appends the selected expressions.
    fn push_exprs(self, out: &mut Vec<SimpleExpr>);
}

impl<T: Table, V: ColumnValue> Selection for Column<T, V> {
    type Output = V;
    fn push_exprs(self, out: &mut Vec<SimpleExpr>) {
        out.push(self.to_sea());
    }
}

impl<V: ColumnValue> Selection for Expr<V> {
    type Output = V;
    fn push_exprs(self, out: &mut Vec<SimpleExpr>) {
        out.push(self.inner);
    }
}

macro_rules! tuple_selection {
    ($($name:ident),+) => {
        impl<$($name: Selection),+> Selection for ($($name,)+) {
            type Output = ($($name::Output,)+);
            #[allow(non_snake_case)]
            fn push_exprs(self, out: &mut Vec<SimpleExpr>) {
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
