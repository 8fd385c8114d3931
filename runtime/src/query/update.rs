//! UPDATE.

use std::marker::PhantomData;

use sea_query::{UpdateStatement, Values};

use super::Statement;
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::expr::{Column, Expr, IntoExpr};
use crate::table::Table;
use crate::value::{ColumnValue, IntoColumnValue};

/// `UPDATE <table> SET … WHERE …` on table `T`; only columns of `T` can be set.
///
/// ```
/// # use retort::{Dialect, Statement, Table};
/// # use retort::__doc_tables::{users, Users};
/// let update = Users.update().set(users::NAME, "Ada").filter(users::ID.eq(1));
/// assert_eq!(
///     update.to_sql(Dialect::Sqlite).unwrap().0,
///     r#"UPDATE "users" SET "name" = ? WHERE "users"."id" = ?"#
/// );
/// ```
#[derive(Debug, Clone)]
pub struct Update<T> {
    statement: UpdateStatement,
    has_values: bool,
    _table: PhantomData<fn() -> T>,
}

impl<T: Table> Update<T> {
    pub(crate) fn new() -> Self {
        let mut statement = UpdateStatement::new();
        statement.table(T::NAME);
        Update {
            statement,
            has_values: false,
            _table: PhantomData,
        }
    }

    /// `SET column = value`: a value of the column's type (a `T` for an `Option<T>`
    /// column, `&str` for text).
    pub fn set<V: ColumnValue>(
        mut self,
        column: Column<T, V>,
        value: impl IntoColumnValue<V>,
    ) -> Self {
        self.statement
            .value(column.name(), value.into_column_value().into_value());
        self.has_values = true;
        self
    }

    /// `SET column = expression`, e.g. another column of the row.
    pub fn set_expr<V: ColumnValue>(
        mut self,
        column: Column<T, V>,
        value: impl IntoExpr<V::Sql>,
    ) -> Self {
        self.statement.value(column.name(), value.into_sea_expr());
        self.has_values = true;
        self
    }

    /// `WHERE predicate`; several calls are joined with AND. Without one, every row is updated.
    pub fn filter(mut self, predicate: Expr<bool>) -> Self {
        self.statement.and_where(predicate.into_sea());
        self
    }
}

impl<T: Table> Statement for Update<T> {
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        if !self.has_values {
            return Err(Error::InvalidStatement(format!(
                "UPDATE of `{}` sets no column: call `.set(column, value)` first",
                T::NAME
            )));
        }
        Ok(dialect.build_query(&self.statement))
    }
}
