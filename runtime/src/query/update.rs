//! UPDATE.

use std::marker::PhantomData;

use sea_query::{UpdateStatement, Values};

use super::Statement;
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::expr::{Column, Expr, IntoExpr};
use crate::limits;
use crate::per_dialect::PerDialect;
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
    statement: PerDialect<UpdateStatement>,
    has_values: bool,
    /// Why a value does not fit its column (see [`crate::limits`]); the statement is not
    /// run.
    refused: Option<String>,
    _table: PhantomData<fn() -> T>,
}

impl<T: Table> Update<T> {
    pub(crate) fn new() -> Self {
        let mut statement = UpdateStatement::new();
        statement.table(T::NAME);
        Update {
            statement: PerDialect::Shared(statement),
            has_values: false,
            refused: None,
            _table: PhantomData,
        }
    }

    /// `SET column = value`: a value of the column's type (a `T` for an `Option<T>`
    /// column, `&str` for text). A value that does not fit the column's declared size makes
    /// the statement fail with [`Error::Unsupported`] before it is sent.
    pub fn set<V: ColumnValue>(
        mut self,
        column: Column<T, V>,
        value: impl IntoColumnValue<V>,
    ) -> Self {
        let value = value.into_column_value().into_value();
        if self.refused.is_none() {
            self.refused = limits::refusal::<T>(column.name(), &value);
        }
        self.statement.for_each_mut(|statement| {
            statement.value(column.name(), value.clone());
        });
        self.has_values = true;
        self
    }

    /// `SET column = expression`, e.g. another column of the row.
    pub fn set_expr<V: ColumnValue>(
        mut self,
        column: Column<T, V>,
        value: impl IntoExpr<V::Sql>,
    ) -> Self {
        self.statement
            .apply(value.into_expr().into_lowered(), |statement, value| {
                statement.value(column.name(), value);
            });
        self.has_values = true;
        self
    }

    /// `WHERE predicate`; several calls are joined with AND. Without one, every row is updated.
    pub fn filter(mut self, predicate: Expr<bool>) -> Self {
        self.statement
            .apply(predicate.into_lowered(), |statement, predicate| {
                statement.and_where(predicate);
            });
        self
    }
}

impl<T: Table> Statement for Update<T> {
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        if let Some(refused) = &self.refused {
            return Err(Error::Unsupported(refused.clone()));
        }
        if !self.has_values {
            return Err(Error::InvalidStatement(format!(
                "UPDATE of `{}` sets no column: call `.set(column, value)` first",
                T::NAME
            )));
        }
        dialect.build_query(self.statement.get(dialect))
    }
}
