//! DELETE.

use std::marker::PhantomData;

use sea_query::{DeleteStatement, Values};

use super::Statement;
use super::returning::{Returning, WriteStatement};
use crate::dialect::Dialect;
use crate::error::Result;
use crate::expr::{Expr, Selection};
use crate::per_dialect::PerDialect;
use crate::table::Table;

/// `DELETE FROM <table> WHERE …` on table `T`.
///
/// The filter may hold subqueries, correlated ones included:
///
/// ```
/// # use retort::{not_exists, select, Dialect, Statement, Table};
/// # use retort::__doc_tables::{posts, users, Posts, Users};
/// // Users without posts.
/// let delete = Users.delete().filter(not_exists(select(posts::ID).from(Posts).filter(posts::USER_ID.eq(users::ID))));
/// assert_eq!(
///     delete.to_sql(Dialect::Sqlite).unwrap().0,
///     r#"DELETE FROM "users" WHERE NOT EXISTS(SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")"#
/// );
/// ```
///
/// MySQL refuses a subquery that reads the table being deleted from (error 1093, reported
/// as [`Error::Database`](crate::Error::Database)); MariaDB accepts it.
#[derive(Debug, Clone)]
pub struct Delete<T> {
    statement: PerDialect<DeleteStatement>,
    _table: PhantomData<fn() -> T>,
}

impl<T: Table> Delete<T> {
    pub(crate) fn new() -> Self {
        let mut statement = DeleteStatement::new();
        statement.from_table(T::NAME);
        Delete {
            statement: PerDialect::Shared(statement),
            _table: PhantomData,
        }
    }

    /// `WHERE predicate`; several calls are joined with AND. Without one, every row is deleted.
    pub fn filter(mut self, predicate: Expr<bool>) -> Self {
        self.statement
            .apply(predicate.into_lowered(), |statement, predicate| {
                statement.and_where(predicate);
            });
        self
    }

    /// `DELETE … RETURNING <selection>`: the selection's values for each row deleted (run
    /// it with [`Connection::all`](crate::Connection::all)). PostgreSQL and SQLite only;
    /// [`Error::Unsupported`](crate::Error::Unsupported) on MySQL.
    pub fn returning<S: Selection>(self, selection: S) -> Returning<S::Output> {
        Returning::new(self.statement.map(WriteStatement::Delete), None, selection)
    }
}

impl<T: Table> Statement for Delete<T> {
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        dialect.build_query(self.statement.get(dialect))
    }
}
