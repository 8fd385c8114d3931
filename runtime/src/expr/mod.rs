//! The typed expression language: column handles, expressions and predicates.
//!
//! A [`Column<T, V>`] belongs to table `T` and holds Rust values of type `V` (`Option<_>` for
//! a nullable column). Comparisons accept only something of the column's SQL type — a value,
//! another column or an expression — so `posts::TITLE.eq(42)` does not compile. Every value
//! becomes a bound parameter; sea-query renders the SQL.

use std::marker::PhantomData;

use sea_query::{Alias, Func, SimpleExpr, Value};

use crate::dialect::Dialect;
use crate::functions::Nullability;
use crate::per_dialect::PerDialect;
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
        Expr::lowered(column_expr::<T>(T::NAME, self.name))
    }

    /// This column read as nullable: `Option<_>` even for a NOT NULL column, for the columns
    /// of the outer side of a LEFT / RIGHT / FULL join.
    pub fn nullable(self) -> Expr<Option<V::Sql>> {
        Expr::lowered(column_expr::<T>(T::NAME, self.name))
    }
}

/// `"qualifier"."column"` of table `T`; `CAST(… AS TEXT)` for one of
/// [`Table::TEXT_COLUMNS`] on PostgreSQL, whose driver would hand it over in a binary form
/// Retort does not decode, and on SQLite, where a column of an unknown type may hold
/// numbers.
pub(crate) fn column_expr<T: Table>(qualifier: &str, column: &str) -> PerDialect<SimpleExpr> {
    let plain = SimpleExpr::col((Alias::new(qualifier), Alias::new(column)));
    if !T::TEXT_COLUMNS.iter().any(|(name, _)| *name == column) {
        return PerDialect::Shared(plain);
    }
    PerDialect::by_dialect(|dialect| match dialect {
        Dialect::Postgres | Dialect::Sqlite => Func::cast_as(plain.clone(), "TEXT").into(),
        Dialect::Mysql => plain.clone(),
    })
}

/// `value` bound for column `column` of table `T`; on PostgreSQL
/// `CAST(CAST(? AS TEXT) AS type)` for one of [`Table::TEXT_COLUMNS`], so the text reaches a
/// column of a type the driver cannot bind.
pub(crate) fn column_value<T: Table>(column: &str, value: Value) -> PerDialect<SimpleExpr> {
    let Some((_, sql_type)) = T::TEXT_COLUMNS.iter().find(|(name, _)| *name == column) else {
        return PerDialect::Shared(SimpleExpr::Value(value));
    };
    PerDialect::by_dialect(|dialect| {
        let bound = SimpleExpr::Value(value.clone());
        match dialect {
            Dialect::Postgres => {
                Func::cast_as(Func::cast_as(bound, "TEXT"), Alias::new(*sql_type)).into()
            }
            Dialect::Sqlite | Dialect::Mysql => bound,
        }
    })
}

/// A typed SQL expression whose value decodes into `V`.
///
/// It holds the sea-query expression tree it renders to; where dialects need different SQL
/// (integer division, string concatenation…), one tree per dialect.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr<V> {
    inner: PerDialect<SimpleExpr>,
    _marker: PhantomData<fn() -> V>,
}

impl<V> Expr<V> {
    /// Wraps an untyped sea-query expression, the same on every dialect; the caller promises
    /// it yields a `V`.
    pub fn from_sea(inner: SimpleExpr) -> Self {
        Expr::lowered(PerDialect::Shared(inner))
    }

    /// An expression written for each dialect by `build`; the caller promises each yields
    /// a `V`.
    pub fn by_dialect(build: impl FnMut(Dialect) -> SimpleExpr) -> Self {
        Expr::lowered(PerDialect::by_dialect(build))
    }

    /// The untyped sea-query expression for `dialect`.
    pub fn to_sea(&self, dialect: Dialect) -> SimpleExpr {
        self.inner.get(dialect).clone()
    }

    pub(crate) fn lowered(inner: PerDialect<SimpleExpr>) -> Self {
        Expr {
            inner,
            _marker: PhantomData,
        }
    }

    /// The expression per dialect.
    pub(crate) fn into_lowered(self) -> PerDialect<SimpleExpr> {
        self.inner
    }

    /// `wrap` applied to this expression (on every dialect), typed `U`.
    pub(crate) fn wrap<U>(self, wrap: impl FnMut(SimpleExpr) -> SimpleExpr) -> Expr<U> {
        Expr::lowered(self.inner.map(wrap))
    }

    /// `combine` applied to this expression and `other`, typed `U`.
    pub(crate) fn combine<W, U>(
        self,
        other: Expr<W>,
        mut combine: impl FnMut(SimpleExpr, SimpleExpr) -> SimpleExpr,
    ) -> Expr<U> {
        Expr::lowered(self.inner.zip(other.inner).map(|(a, b)| combine(a, b)))
    }

    /// The same expression, typed `U`: for functions whose result type is decided by the
    /// type system (a nullable view of a column, a cast) rather than by the SQL.
    pub(crate) fn retype<U>(self) -> Expr<U> {
        Expr::lowered(self.inner)
    }
}

/// Anything usable where an expression of SQL type `S` is expected: a Rust value of type `S`
/// (bound as a parameter), a column or an expression of that type.
pub trait IntoExpr<S> {
    /// Its Rust type, nullability included: `S`, or `Option<S>` for a nullable column or
    /// expression. An operation that is NULL where an operand is (`a + b`) is nullable when
    /// either is.
    type Value: Nullability<Sql = S>;
    /// The expression, typed by its SQL type (nullable or not).
    fn into_expr(self) -> Expr<S>;
}

impl<S: SqlType> IntoExpr<S> for S {
    type Value = S;
    fn into_expr(self) -> Expr<S> {
        Expr::from_sea(SimpleExpr::Value(self.into_value()))
    }
}

impl IntoExpr<String> for &str {
    type Value = String;
    fn into_expr(self) -> Expr<String> {
        Expr::from_sea(SimpleExpr::Value(SqlType::into_value(self.to_owned())))
    }
}

impl IntoExpr<String> for &String {
    type Value = String;
    fn into_expr(self) -> Expr<String> {
        Expr::from_sea(SimpleExpr::Value(SqlType::into_value(self.clone())))
    }
}

impl<T: Table, V: Nullability> IntoExpr<V::Sql> for Column<T, V> {
    type Value = V;
    fn into_expr(self) -> Expr<V::Sql> {
        self.expr().retype()
    }
}

impl<V: Nullability> IntoExpr<V::Sql> for Expr<V> {
    type Value = V;
    fn into_expr(self) -> Expr<V::Sql> {
        self.retype()
    }
}

impl<T: Table, V: ColumnValue> From<Column<T, V>> for Expr<V> {
    fn from(column: Column<T, V>) -> Self {
        column.expr()
    }
}

mod compare;
mod logic;
mod ops;
mod order;
mod selection;
mod subquery;

pub use logic::{and_, not_, or_};
pub(crate) use ops::concatenate;
pub use order::Order;
pub use selection::{SelectedExprs, Selection};
pub use subquery::{exists, not_exists};
