//! SELECT.

use std::marker::PhantomData;

use sea_query::{Iden, JoinType, SelectStatement, SimpleExpr, Values};

use super::Query;
use crate::dialect::Dialect;
use crate::error::Result;
use crate::expr::{Expr, Order, SelectedExprs, Selection};
use crate::per_dialect::{PerDialect, Refusal, refusal};
use crate::row::FromRow;
use crate::table::{Relationship, Table};

/// A SELECT whose rows decode into `R`: a generated row struct (`posts::table().select()`),
/// a column value, or a tuple of them (`select((users::ID, users::NAME))`).
#[derive(Debug, Clone)]
pub struct Select<R> {
    /// A problem found while building is a [`refusal`] inside it.
    statement: PerDialect<SelectStatement>,
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
    let mut exprs = SelectedExprs::default();
    selection.push_exprs(&mut exprs);
    let mut select = Select::from_sea_statement(SelectStatement::new());
    select
        .statement
        .apply(PerDialect::collect(exprs.0), |statement, exprs| {
            statement.exprs(exprs);
        });
    select
}

impl<R: FromRow> Select<R> {
    /// Wraps a sea-query statement whose result columns decode into `R` (a column value, a
    /// tuple, a row struct).
    pub fn from_statement(statement: SelectStatement) -> Self
    where
        R: FromRow<Output = R>,
    {
        Select::from_sea_statement(statement)
    }

    /// Wraps a sea-query statement whose result columns `R` decodes.
    pub(crate) fn from_sea_statement(statement: SelectStatement) -> Self {
        Select {
            statement: PerDialect::Shared(statement),
            _row: PhantomData,
        }
    }

    /// Every column of table `T`, in declaration order, from `T`.
    pub(crate) fn table_rows<T: Table>() -> Self {
        let mut statement = SelectStatement::new();
        statement
            .columns(T::COLUMNS.iter().map(|column| (T::NAME, *column)))
            .from(T::NAME);
        Select::from_sea_statement(statement)
    }

    /// `FROM table`.
    pub fn from<T: Table>(mut self, table: T) -> Self {
        let _ = table;
        self.statement.for_each_mut(|statement| {
            statement.from(T::NAME);
        });
        self
    }

    /// `WHERE predicate`; several calls are joined with AND.
    pub fn filter(mut self, predicate: Expr<bool>) -> Self {
        self.statement
            .apply(predicate.into_lowered(), |statement, predicate| {
                statement.and_where(predicate);
            });
        self
    }

    pub(crate) fn filter_sea(self, predicate: SimpleExpr) -> Self {
        self.filter(Expr::from_sea(predicate))
    }

    /// Marks the statement as built wrong: running it is [`Error::InvalidStatement`] with
    /// `problem`, before anything is sent.
    pub(crate) fn invalid(self, problem: String) -> Self {
        self.filter_sea(refusal(Refusal::Invalid, &problem))
    }

    /// Marks the statement as one `dialect` cannot run: running it there (also as a
    /// subquery of another statement) is [`Error::Unsupported`] with `problem`, before
    /// anything is sent.
    pub(crate) fn unsupported_on(self, dialect: Dialect, problem: String) -> Self {
        let predicate = Expr::by_dialect(|d| {
            if d == dialect {
                refusal(Refusal::Unsupported, &problem)
            } else {
                SimpleExpr::cust("1 = 1")
            }
        });
        self.filter(predicate)
    }

    /// `ORDER BY key`; several calls add further keys.
    pub fn order_by(mut self, key: impl Into<Order>) -> Self {
        let Order {
            expr,
            direction,
            nulls,
        } = key.into();
        self.statement.apply(expr, |statement, expr| match nulls {
            Some(nulls) => {
                statement.order_by_expr_with_nulls(expr, direction.clone(), nulls);
            }
            None => {
                statement.order_by_expr(expr, direction.clone());
            }
        });
        self
    }

    /// `LIMIT n`.
    pub fn limit(mut self, n: u64) -> Self {
        self.statement.for_each_mut(|statement| {
            statement.limit(n);
        });
        self
    }

    /// `OFFSET n`.
    pub fn offset(mut self, n: u64) -> Self {
        self.statement.for_each_mut(|statement| {
            statement.offset(n);
        });
        self
    }

    /// `SELECT DISTINCT`.
    pub fn distinct(mut self) -> Self {
        self.statement.for_each_mut(|statement| {
            statement.distinct();
        });
        self
    }

    /// `INNER JOIN` the relationship's target table (and, for a many-to-many, its
    /// association table first).
    pub fn inner_join<F: Table, T: Table>(self, relationship: Relationship<F, T>) -> Self {
        self.join_relationship(JoinType::InnerJoin, relationship)
    }

    /// `LEFT JOIN` the relationship's target table. Read its columns with
    /// [`Column::nullable`](crate::Column::nullable): they are NULL where nothing matched.
    pub fn left_join<F: Table, T: Table>(self, relationship: Relationship<F, T>) -> Self {
        self.join_relationship(JoinType::LeftJoin, relationship)
    }

    /// `RIGHT JOIN` the relationship's target table: every row of the target, with this
    /// side's columns NULL where nothing matched.
    pub fn right_join<F: Table, T: Table>(self, relationship: Relationship<F, T>) -> Self {
        self.join_relationship(JoinType::RightJoin, relationship)
    }

    /// `FULL OUTER JOIN` the relationship's target table. MySQL and MariaDB have no full
    /// join: there the statement is [`Error::Unsupported`].
    pub fn full_join<F: Table, T: Table>(self, relationship: Relationship<F, T>) -> Self {
        self.join_relationship(JoinType::FullOuterJoin, relationship)
    }

    fn join_relationship<F: Table, T: Table>(
        mut self,
        join: JoinType,
        relationship: Relationship<F, T>,
    ) -> Self {
        if join == JoinType::FullOuterJoin {
            self = self.unsupported_on(
                Dialect::Mysql,
                format!(
                    "FULL OUTER JOIN (of `{}` through relationship `{}`): MySQL and MariaDB \
                     have no full join; use a LEFT JOIN UNION a RIGHT JOIN",
                    T::NAME,
                    relationship.name
                ),
            );
        }
        for (table, on) in relationship.join_steps() {
            self = self.join_on(join, table, on);
        }
        self
    }

    pub(crate) fn join_on(
        mut self,
        join: JoinType,
        table: impl Iden + Clone + 'static,
        on: SimpleExpr,
    ) -> Self {
        // sea-query cannot render a FULL JOIN for MySQL (which has none); the MySQL copy of
        // a statement with one carries a refusal instead (see `full_join`) and is never
        // sent, so any join type renders there.
        let join = if join == JoinType::FullOuterJoin {
            PerDialect::by_dialect(|d| match d {
                Dialect::Mysql => JoinType::LeftJoin,
                Dialect::Sqlite | Dialect::Postgres => JoinType::FullOuterJoin,
            })
        } else {
            PerDialect::Shared(join)
        };
        self.statement.apply(join, |statement, join| {
            statement.join(join, table.clone(), on.clone());
        });
        self
    }

    /// `GROUP BY expr`.
    pub fn group_by<S: Selection>(mut self, keys: S) -> Self {
        let mut exprs = SelectedExprs::default();
        keys.push_exprs(&mut exprs);
        self.statement
            .apply(PerDialect::collect(exprs.0), |statement, exprs| {
                statement.add_group_by(exprs);
            });
        self
    }

    /// `HAVING predicate` (after `GROUP BY`); several calls are joined with AND.
    pub fn having(mut self, predicate: Expr<bool>) -> Self {
        self.statement
            .apply(predicate.into_lowered(), |statement, predicate| {
                statement.and_having(predicate);
            });
        self
    }

    /// The statement per dialect, to embed it in another.
    pub(crate) fn into_statements(self) -> PerDialect<SelectStatement> {
        self.statement
    }

    /// The wrapped sea-query statement for `dialect`, for what the typed API does not cover
    /// yet.
    pub fn as_sea(&self, dialect: Dialect) -> &SelectStatement {
        self.statement.get(dialect)
    }

    /// The SQL this renders to for `dialect`, with `?` / `$n` placeholders.
    pub fn sql(&self, dialect: Dialect) -> Result<String> {
        Query::to_sql(self, dialect).map(|(sql, _)| sql)
    }
}

impl<R: FromRow> Query for Select<R> {
    type Row = R::Output;
    type Decoder = R;
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        dialect.build_query(self.statement.get(dialect))
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
