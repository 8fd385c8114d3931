//! Subqueries as expressions: `IN (SELECT …)`, `EXISTS (SELECT …)` and scalar subqueries.
//!
//! ```
//! # use retort::{select, Dialect, exists};
//! # use retort::__doc_tables::{posts, users, Posts, Users};
//! // Users who wrote a post.
//! let authors = select(users::NAME)
//!     .from(Users)
//!     .filter(users::ID.in_subquery(select(posts::USER_ID).from(Posts)));
//! assert_eq!(
//!     authors.sql(Dialect::Postgres).unwrap(),
//!     r#"SELECT "users"."name" FROM "users" WHERE "users"."id" IN (SELECT "posts"."user_id" FROM "posts")"#
//! );
//! // The same with EXISTS and a correlated subquery.
//! let authors = select(users::NAME).from(Users).filter(exists(
//!     select(posts::ID).from(Posts).filter(posts::USER_ID.eq(users::ID)),
//! ));
//! ```

use sea_query::{ExprTrait, QueryStatementBuilder, SimpleExpr, SubQueryStatement};

use super::{Column, Expr};
use crate::per_dialect::PerDialect;
use crate::query::{IntoSelect, Select, Tables};
use crate::row::FromRow;
use crate::table::Table;
use crate::value::ColumnValue;

impl<R: FromRow, T: Tables> Select<R, T> {
    /// The statement per dialect, to embed it in another.
    fn into_subqueries(self) -> PerDialect<SubQueryStatement> {
        self.into_statements()
            .map(|statement| statement.into_sub_query_statement())
    }
}

impl<R: ColumnValue, T: Tables> Select<R, T> {
    /// `(SELECT …)` as a value: the query's one column of its first row; NULL (`None`) when
    /// it returns no row. The database reports an error when it returns more than one.
    pub fn scalar_subquery(self) -> Expr<Option<R::Sql>> {
        Expr::lowered(
            self.into_subqueries()
                .map(|query| SimpleExpr::SubQuery(None, Box::new(query))),
        )
    }
}

/// `EXISTS (SELECT …)`: true when the query returns a row.
pub fn exists<R: FromRow>(query: impl IntoSelect<R>) -> Expr<bool> {
    Expr::lowered(
        query
            .into_any_select()
            .into_statements()
            .map(sea_query::Expr::exists),
    )
}

/// `NOT EXISTS (SELECT …)`: true when the query returns no row.
pub fn not_exists<R: FromRow>(query: impl IntoSelect<R>) -> Expr<bool> {
    exists(query).wrap(|e| e.not())
}

macro_rules! subquery_methods {
    () => {
        /// `self IN (SELECT …)`: the query selects one column of the same SQL type.
        pub fn in_subquery<R: ColumnValue<Sql = V::Sql>>(
            self,
            query: impl IntoSelect<R>,
        ) -> Expr<bool> {
            let operands = self.into_operand().into_lowered();
            let queries = query.into_any_select().into_statements();
            Expr::lowered(operands.zip(queries).map(|(e, query)| e.in_subquery(query)))
        }

        /// `self NOT IN (SELECT …)`. (As in SQL, NULL — no row matches — when the query
        /// returns a NULL.)
        pub fn not_in_subquery<R: ColumnValue<Sql = V::Sql>>(
            self,
            query: impl IntoSelect<R>,
        ) -> Expr<bool> {
            let operands = self.into_operand().into_lowered();
            let queries = query.into_any_select().into_statements();
            Expr::lowered(
                operands
                    .zip(queries)
                    .map(|(e, query)| e.not_in_subquery(query)),
            )
        }
    };
}

impl<T: Table, V: ColumnValue> Column<T, V> {
    subquery_methods!();
}

impl<V: ColumnValue> Expr<V> {
    subquery_methods!();
}
