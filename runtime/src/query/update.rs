//! UPDATE.

use std::marker::PhantomData;

use sea_query::{UpdateStatement, Values};

use super::Statement;
use super::returning::{Returning, WriteStatement};
use super::upsert::IntoColumnExpr;
use crate::dialect::Dialect;
use crate::error::Result;
use crate::expr::{Column, Expr, Selection};
use crate::limits;
use crate::per_dialect::{PerDialect, Refusal};
use crate::table::Table;
use crate::value::{ColumnValue, IntoColumnValue};

/// `UPDATE <table> SET … WHERE …` on table `T`; only columns of `T` can be set, only to
/// values of their type.
///
/// Filters and values may hold subqueries (`users::ID.in_subquery(…)`, [`exists`](crate::exists),
/// [`Select::scalar_subquery`](crate::Select::scalar_subquery)). MySQL refuses a subquery
/// that reads the table being updated (error 1093, reported as [`Error::Database`](crate::Error::Database));
/// MariaDB accepts it.
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
    /// the statement fail with [`Error::Unsupported`](crate::Error::Unsupported) before it is sent.
    pub fn set<V: ColumnValue>(self, column: Column<T, V>, value: impl IntoColumnValue<V>) -> Self {
        self.set_value(column.name(), value.into_column_value().into_value())
    }

    /// `SET column = value` by column name, the value already checked to have the
    /// column's type (the ORM's flush, which knows the columns only by name).
    pub(crate) fn set_value(mut self, column: &'static str, value: sea_query::Value) -> Self {
        if self.refused.is_none() {
            self.refused = limits::refusal::<T>(column, &value);
        }
        let value = crate::expr::column_value::<T>(column, value);
        self.statement.apply(value, |statement, value| {
            statement.value(column, value);
        });
        self.has_values = true;
        self
    }

    /// `SET column = expression`: another column of the row, an expression, a scalar
    /// subquery. It must have the column's SQL type, and be NOT NULL for a NOT NULL column:
    /// a scalar subquery is nullable (NULL when it finds no row), so it goes into a NOT NULL
    /// column through [`coalesce`](crate::functions::coalesce).
    ///
    /// ```
    /// # use retort::{functions::coalesce, select, Dialect, Statement, Table};
    /// # use retort::__doc_tables::{posts, users, Posts, Users};
    /// // Each user's name becomes the title of their first post, if any.
    /// let first_title = select(posts::TITLE)
    ///     .from(Posts)
    ///     .filter(posts::USER_ID.eq(users::ID))
    ///     .order_by(posts::ID)
    ///     .limit(1)
    ///     .scalar_subquery();
    /// let update = Users.update().set_expr(users::NAME, coalesce(first_title, users::NAME));
    /// assert_eq!(
    ///     update.to_sql(Dialect::Postgres).unwrap().0,
    ///     r#"UPDATE "users" SET "name" = COALESCE((SELECT "posts"."title" FROM "posts" WHERE "posts"."user_id" = "users"."id" ORDER BY "posts"."id" ASC LIMIT $1), "users"."name")"#
    /// );
    /// ```
    pub fn set_expr<V: ColumnValue>(
        mut self,
        column: Column<T, V>,
        value: impl IntoColumnExpr<V>,
    ) -> Self {
        self.statement.apply(
            value.into_column_expr().into_lowered(),
            |statement, value| {
                statement.value(column.name(), value);
            },
        );
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

impl<T: Table> Update<T> {
    /// `UPDATE … RETURNING <selection>`: the selection's values for each row updated, as
    /// they are after the update (run it with [`Connection::all`](crate::Connection::all)).
    /// PostgreSQL and SQLite only; [`Error::Unsupported`](crate::Error::Unsupported) on MySQL. See
    /// [`Returning`] for an example.
    pub fn returning<S: Selection>(self, selection: S) -> Returning<S::Output> {
        let refused = self.problem();
        Returning::new(
            self.statement.map(WriteStatement::Update),
            refused,
            selection,
        )
    }

    /// Why the statement must not be run, if it must not.
    fn problem(&self) -> Option<(Refusal, String)> {
        if let Some(refused) = &self.refused {
            return Some((Refusal::Unsupported, refused.clone()));
        }
        if !self.has_values {
            return Some((
                Refusal::Invalid,
                format!(
                    "UPDATE of `{}` sets no column: call `.set(column, value)` first",
                    T::NAME
                ),
            ));
        }
        None
    }
}

impl<T: Table> Statement for Update<T> {
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        if let Some((kind, problem)) = self.problem() {
            return Err(super::insert::refused(kind, &problem));
        }
        dialect.build_query(self.statement.get(dialect))
    }
}
