//! SELECT.

use std::marker::PhantomData;

use sea_query::{Iden, JoinType, SelectStatement, SimpleExpr, Values};

use super::Query;
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::expr::{Expr, Order, Selection};
use crate::row::FromRow;
use crate::table::{Relationship, Table};

/// A SELECT whose rows decode into `R`: a generated row struct (`posts::table().select()`),
/// a column value, or a tuple of them (`select((users::ID, users::NAME))`).
#[derive(Debug, Clone)]
pub struct Select<R> {
    statement: SelectStatement,
    /// A problem found while building; reported when the statement is run.
    invalid: Option<String>,
    _row: PhantomData<fn() -> R>,
}

/// `SELECT <selection>`; add `.from(table)`.
///
/// ```
/// # use retort::{select, Dialect};
/// # use retort::__doc_tables::{users, Users};
/// let query = select((users::ID, users::NAME)).from(Users).filter(users::ID.gt(10));
/// assert_eq!(
///     query.sql(Dialect::Sqlite).unwrap(),
///     r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."id" > ?"#
/// );
/// ```
pub fn select<S: Selection>(selection: S) -> Select<S::Output> {
    let mut exprs = Vec::new();
    selection.push_exprs(&mut exprs);
    let mut statement = SelectStatement::new();
    statement.exprs(exprs);
    Select::from_statement(statement)
}

impl<R: FromRow> Select<R> {
    /// Wraps a sea-query statement whose result columns decode into `R`.
    pub fn from_statement(statement: SelectStatement) -> Self {
        Select {
            statement,
            invalid: None,
            _row: PhantomData,
        }
    }

    /// Every column of table `T`, in declaration order, from `T`.
    pub(crate) fn table_rows<T: Table>() -> Self {
        let mut statement = SelectStatement::new();
        statement
            .columns(T::COLUMNS.iter().map(|column| (T::NAME, *column)))
            .from(T::NAME);
        Select::from_statement(statement)
    }

    /// `FROM table`.
    pub fn from<T: Table>(mut self, table: T) -> Self {
        let _ = table;
        self.statement.from(T::NAME);
        self
    }

    /// `WHERE predicate`; several calls are joined with AND.
    pub fn filter(self, predicate: Expr<bool>) -> Self {
        self.filter_sea(predicate.into_sea())
    }

    pub(crate) fn filter_sea(mut self, predicate: SimpleExpr) -> Self {
        self.statement.and_where(predicate);
        self
    }

    pub(crate) fn invalid(mut self, problem: String) -> Self {
        self.invalid.get_or_insert(problem);
        self
    }

    /// `ORDER BY key`; several calls add further keys.
    pub fn order_by(mut self, key: impl Into<Order>) -> Self {
        let key = key.into();
        self.statement.order_by_expr(key.expr, key.direction);
        self
    }

    /// `LIMIT n`.
    pub fn limit(mut self, n: u64) -> Self {
        self.statement.limit(n);
        self
    }

    /// `OFFSET n`.
    pub fn offset(mut self, n: u64) -> Self {
        self.statement.offset(n);
        self
    }

    /// `SELECT DISTINCT`.
    pub fn distinct(mut self) -> Self {
        self.statement.distinct();
        self
    }

    /// `INNER JOIN` the relationship's target table (and, for a many-to-many, its
    /// association table first).
    pub fn inner_join<F: Table, T: Table>(self, relationship: Relationship<F, T>) -> Self {
        self.join_relationship(JoinType::InnerJoin, relationship)
    }

    /// `LEFT JOIN` the relationship's target table.
    pub fn left_join<F: Table, T: Table>(self, relationship: Relationship<F, T>) -> Self {
        self.join_relationship(JoinType::LeftJoin, relationship)
    }

    fn join_relationship<F: Table, T: Table>(
        mut self,
        join: JoinType,
        relationship: Relationship<F, T>,
    ) -> Self {
        for (table, on) in relationship.join_steps() {
            self = self.join_on(join, table, on);
        }
        self
    }

    pub(crate) fn join_on(
        mut self,
        join: JoinType,
        table: impl Iden + 'static,
        on: SimpleExpr,
    ) -> Self {
        self.statement.join(join, table, on);
        self
    }

    /// `GROUP BY expr`.
    pub fn group_by<S: Selection>(mut self, keys: S) -> Self {
        let mut exprs = Vec::new();
        keys.push_exprs(&mut exprs);
        self.statement.add_group_by(exprs);
        self
    }

    /// `HAVING predicate` (after `GROUP BY`); several calls are joined with AND.
    pub fn having(mut self, predicate: Expr<bool>) -> Self {
        self.statement.and_having(predicate.into_sea());
        self
    }

    /// The wrapped sea-query statement, for what the typed API does not cover yet.
    pub fn as_sea(&self) -> &SelectStatement {
        &self.statement
    }

    /// The SQL this renders to for `dialect`, with `?` / `$n` placeholders.
    pub fn sql(&self, dialect: Dialect) -> Result<String> {
        Query::to_sql(self, dialect).map(|(sql, _)| sql)
    }
}

impl<R: FromRow> Query for Select<R> {
    type Row = R;
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        if let Some(problem) = &self.invalid {
            return Err(Error::InvalidStatement(problem.clone()));
        }
        Ok(dialect.build_query(&self.statement))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::__doc_tables::{Users, users};

    #[test]
    fn an_empty_in_list_matches_nothing() {
        let query = select(users::ID)
            .from(Users)
            .filter(users::ID.is_in(Vec::<i64>::new()));
        assert_eq!(
            query.sql(Dialect::Sqlite).unwrap(),
            r#"SELECT "users"."id" FROM "users" WHERE 1 = 0"#
        );
    }
}
