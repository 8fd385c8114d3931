//! SELECT.

use std::marker::PhantomData;

use std::sync::Arc;

use sea_query::{
    Alias, CommonTableExpression, JoinType, SelectStatement, SimpleExpr, TableRef, Values,
    WithClause,
};

use super::{FromItem, Query};
use crate::dialect::Dialect;
use crate::error::Result;
use crate::expr::{Expr, Order, SelectedExprs, Selection};
use crate::per_dialect::{PerDialect, Refusal, refusal};
use crate::row::FromRow;
use crate::table::{Cardinality, Relationship, Table};

use super::TableAlias;
use super::tables::{AnyTables, HasTable, Tables};

/// A SELECT whose rows decode into `R`: a generated row struct (`Posts.select()`), a column
/// value, or a tuple of them (`select((users::ID, users::NAME))`).
///
/// `T` lists the tables its FROM clause and joins read (see [`Tables`]), so that a join
/// through a relationship must start from one of them. Name a select in a signature as
/// `Select<Row, impl Tables>`, or convert it with [`Select::any_tables`] into `Select<Row>`.
pub struct Select<R, T = AnyTables> {
    /// A problem found while building is a [`refusal`] inside it.
    statement: PerDialect<SelectStatement>,
    pub(crate) shape: Shape,
    _row: PhantomData<fn() -> (R, T)>,
}

impl<R, T> Clone for Select<R, T> {
    fn clone(&self) -> Self {
        Select {
            statement: self.statement.clone(),
            shape: self.shape.clone(),
            _row: PhantomData,
        }
    }
}

impl<R, T> std::fmt::Debug for Select<R, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Select")
            .field("statement", &self.statement)
            .field("shape", &self.shape)
            .finish()
    }
}

/// What a [`Select`] holds beyond its sea-query statement, which cannot be read back from
/// sea-query: what decides how it can be embedded in a set operation, and its CTEs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shape {
    /// Built from a caller's sea-query statement: it may have anything.
    pub(crate) opaque: bool,
    /// Has ORDER BY, LIMIT or OFFSET, which in a set operation must stay with it.
    pub(crate) ordered: bool,
    /// A set operation (see [`Compound::into_select`](crate::Compound::into_select)): its
    /// WHERE, joins, … would apply to its first member only.
    pub(crate) compound: bool,
    /// Its result columns are already named `c0`, `c1`, … (a set operation's).
    pub(crate) named: bool,
    /// The common table expressions of its WITH clause: (name, query, recursive).
    pub(crate) ctes: Vec<(Arc<str>, PerDialect<SelectStatement>, bool)>,
}

impl Shape {
    /// True when, as a member of a set operation, it must be wrapped in
    /// `SELECT * FROM (…)` to keep its own ORDER BY / LIMIT / set operations.
    pub(crate) fn needs_wrapping(&self) -> bool {
        self.opaque || self.ordered || self.compound || !self.ctes.is_empty()
    }
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
pub fn select<S: Selection>(selection: S) -> Select<S::Output, ()> {
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
    /// tuple, a row struct). Its tables are not tracked: relationship joins on it are not
    /// checked.
    pub fn from_statement(statement: SelectStatement) -> Self
    where
        R: FromRow<Output = R>,
    {
        let mut select = Select::from_sea_statement(statement);
        // It may have anything (ORDER BY, a set operation…): embedded in a set operation,
        // it is wrapped to keep them.
        select.shape.opaque = true;
        select
    }
}

impl<R: FromRow, T: Tables> Select<R, T> {
    /// Wraps a sea-query statement whose result columns `R` decodes.
    pub(crate) fn from_sea_statement(statement: SelectStatement) -> Self {
        Select::from_statements(PerDialect::Shared(statement))
    }

    /// Wraps statements Retort built, which have no ORDER BY, LIMIT or set operation.
    pub(crate) fn from_statements(statement: PerDialect<SelectStatement>) -> Self {
        Select {
            statement,
            shape: Shape::default(),
            _row: PhantomData,
        }
    }

    /// Makes a statement built on a set operation report `what` as invalid: it would apply
    /// to the first member only.
    fn refuse_on_compound(mut self, what: &str) -> Self {
        if self.shape.compound {
            let problem = format!(
                "{what} on a set operation (UNION, INTERSECT, EXCEPT) would apply to its first \
                 member only: apply it to the members, or select from the set operation as a \
                 derived table (`.subquery(name)`)"
            );
            self.statement.for_each_mut(|statement| {
                statement.and_where(refusal(Refusal::Invalid, &problem));
            });
        }
        self
    }

    /// The same statement with its tables typed as `U`.
    fn with_tables<U: Tables>(self) -> Select<R, U> {
        Select {
            statement: self.statement,
            shape: self.shape,
            _row: PhantomData,
        }
    }

    /// The same select, its tables no longer tracked: a plain `Select<R>`, to store or
    /// return selects of different tables as one type. Relationship joins on it are not
    /// checked.
    pub fn any_tables(self) -> Select<R> {
        self.with_tables()
    }

    /// `FROM table`.
    pub fn from<F: Table>(self, table: F) -> Select<R, (F, T)> {
        self.from_item(table)
    }

    /// `FROM item`: a table, a [`TableAlias`](crate::TableAlias) (`FROM "comments" AS
    /// "parent"`), a [`Derived`](crate::Derived) table (`FROM (SELECT …) AS "recent"`) or a
    /// [`Cte`](crate::Cte), whose `WITH` clause is added to this statement. Several calls list
    /// several items (a cross join).
    pub fn from_item<I: FromItem>(mut self, item: I) -> Select<R, I::AddedTo<T>> {
        self = self.refuse_on_compound("FROM");
        self.add_cte_of(&item);
        self.statement.apply(table_refs(&item), |statement, item| {
            statement.from(item);
        });
        self.with_tables()
    }

    /// Adds `item`'s common table expression, if it is one, to the WITH clause.
    fn add_cte_of(&mut self, item: &impl FromItem) {
        let Some((name, _, recursive)) = item.cte_definition(Dialect::Sqlite) else {
            return;
        };
        let query = if item.differs_by_dialect() {
            PerDialect::by_dialect(|d| {
                item.cte_definition(d)
                    .map(|(_, query, _)| query)
                    .unwrap_or_default()
            })
        } else {
            PerDialect::Shared(
                item.cte_definition(Dialect::Sqlite)
                    .map(|(_, query, _)| query)
                    .unwrap_or_default(),
            )
        };
        self.add_cte(name, query, recursive);
    }

    /// Adds a common table expression to the WITH clause (once per name).
    pub(crate) fn add_cte(
        &mut self,
        name: Arc<str>,
        query: PerDialect<SelectStatement>,
        recursive: bool,
    ) {
        if self.shape.ctes.iter().any(|(n, _, _)| *n == name) {
            return;
        }
        self.shape.ctes.push((name, query, recursive));
        let recursive = self.shape.ctes.iter().any(|(_, _, r)| *r);
        let queries = PerDialect::collect(self.shape.ctes.iter().map(|(_, q, _)| q.clone()));
        let names: Vec<Arc<str>> = self.shape.ctes.iter().map(|(n, _, _)| n.clone()).collect();
        self.statement.apply(queries, |statement, queries| {
            let mut clause = WithClause::new();
            clause.recursive(recursive);
            for (name, query) in names.iter().zip(queries) {
                clause.cte(
                    CommonTableExpression::new()
                        .query(query)
                        .table_name(Alias::new(name.as_ref()))
                        .to_owned(),
                );
            }
            statement.with_cte(clause);
        });
    }

    /// `WHERE predicate`; several calls are joined with AND.
    pub fn filter(mut self, predicate: Expr<bool>) -> Self {
        self = self.refuse_on_compound("WHERE");
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
    pub(crate) fn unsupported_on(mut self, dialect: Dialect, problem: String) -> Self {
        let refused = PerDialect::by_dialect(|d| d == dialect);
        self.statement.apply(refused, |statement, refused| {
            if refused {
                statement.and_where(refusal(Refusal::Unsupported, &problem));
            }
        });
        self
    }

    /// `ORDER BY key`; several calls add further keys.
    pub fn order_by(mut self, key: impl Into<Order>) -> Self {
        let Order {
            expr,
            direction,
            nulls,
        } = key.into();
        self = self.refuse_on_compound("ORDER BY");
        self.shape.ordered = true;
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
        self = self.refuse_on_compound("LIMIT");
        self.shape.ordered = true;
        self.statement.for_each_mut(|statement| {
            statement.limit(n);
        });
        self
    }

    /// `OFFSET n`.
    pub fn offset(mut self, n: u64) -> Self {
        self = self.refuse_on_compound("OFFSET");
        self.shape.ordered = true;
        self.statement.for_each_mut(|statement| {
            statement.offset(n);
        });
        self
    }

    /// `SELECT DISTINCT`.
    pub fn distinct(mut self) -> Self {
        self = self.refuse_on_compound("DISTINCT");
        self.statement.for_each_mut(|statement| {
            statement.distinct();
        });
        self
    }

    /// `INNER JOIN` the relationship's target table (and, for a many-to-many, its
    /// association table first).
    pub fn inner_join<F: Table, J: Table, C: Cardinality, Index>(
        self,
        relationship: Relationship<F, J, C>,
    ) -> Select<R, (J, T)>
    where
        T: HasTable<F, Index>,
    {
        self.join_relationship(JoinType::InnerJoin, relationship)
    }

    /// `LEFT JOIN` the relationship's target table. Read its columns with
    /// [`Column::nullable`](crate::Column::nullable): they are NULL where nothing matched.
    pub fn left_join<F: Table, J: Table, C: Cardinality, Index>(
        self,
        relationship: Relationship<F, J, C>,
    ) -> Select<R, (J, T)>
    where
        T: HasTable<F, Index>,
    {
        self.join_relationship(JoinType::LeftJoin, relationship)
    }

    /// `RIGHT JOIN` the relationship's target table: every row of the target, with this
    /// side's columns NULL where nothing matched.
    pub fn right_join<F: Table, J: Table, C: Cardinality, Index>(
        self,
        relationship: Relationship<F, J, C>,
    ) -> Select<R, (J, T)>
    where
        T: HasTable<F, Index>,
    {
        self.join_relationship(JoinType::RightJoin, relationship)
    }

    /// `FULL OUTER JOIN` the relationship's target table. MySQL and MariaDB have no full
    /// join: there the statement is [`Error::Unsupported`](crate::Error::Unsupported).
    pub fn full_join<F: Table, J: Table, C: Cardinality, Index>(
        self,
        relationship: Relationship<F, J, C>,
    ) -> Select<R, (J, T)>
    where
        T: HasTable<F, Index>,
    {
        self.join_relationship(JoinType::FullOuterJoin, relationship)
    }

    /// `INNER JOIN item ON on`: a table, a [`TableAlias`](crate::TableAlias), a
    /// [`Derived`](crate::Derived) table or a [`Cte`](crate::Cte), on any condition.
    pub fn inner_join_on<I: FromItem>(self, item: I, on: Expr<bool>) -> Select<R, I::AddedTo<T>> {
        self.join_item(JoinType::InnerJoin, item, on)
    }

    /// `LEFT JOIN item ON on`. Read the joined columns as nullable.
    pub fn left_join_on<I: FromItem>(self, item: I, on: Expr<bool>) -> Select<R, I::AddedTo<T>> {
        self.join_item(JoinType::LeftJoin, item, on)
    }

    /// `RIGHT JOIN item ON on`. Read this side's columns as nullable.
    pub fn right_join_on<I: FromItem>(self, item: I, on: Expr<bool>) -> Select<R, I::AddedTo<T>> {
        self.join_item(JoinType::RightJoin, item, on)
    }

    /// `FULL OUTER JOIN item ON on`. MySQL and MariaDB have no full join: there the
    /// statement is [`Error::Unsupported`](crate::Error::Unsupported).
    pub fn full_join_on<I: FromItem>(
        mut self,
        item: I,
        on: Expr<bool>,
    ) -> Select<R, I::AddedTo<T>> {
        self = self.refuse_full_join_on_mysql(&format!("of `{}`", item.describe()));
        self.join_item(JoinType::FullOuterJoin, item, on)
    }

    /// `INNER JOIN` the relationship's target table under `alias`
    /// (`INNER JOIN "users" AS "author" ON "posts"."user_id" = "author"."id"`): to join one
    /// table twice, or a table to itself.
    pub fn inner_join_as<F: Table, J: Table, C: Cardinality, Index>(
        self,
        relationship: Relationship<F, J, C>,
        alias: &TableAlias<J>,
    ) -> Self
    where
        T: HasTable<F, Index>,
    {
        self.join_relationship_as(JoinType::InnerJoin, relationship, Some(alias.name()))
    }

    /// `LEFT JOIN` the relationship's target table under `alias`; read its columns with
    /// [`TableAlias::nullable`](crate::TableAlias::nullable).
    pub fn left_join_as<F: Table, J: Table, C: Cardinality, Index>(
        self,
        relationship: Relationship<F, J, C>,
        alias: &TableAlias<J>,
    ) -> Self
    where
        T: HasTable<F, Index>,
    {
        self.join_relationship_as(JoinType::LeftJoin, relationship, Some(alias.name()))
    }

    /// `RIGHT JOIN` the relationship's target table under `alias`.
    pub fn right_join_as<F: Table, J: Table, C: Cardinality, Index>(
        self,
        relationship: Relationship<F, J, C>,
        alias: &TableAlias<J>,
    ) -> Self
    where
        T: HasTable<F, Index>,
    {
        self.join_relationship_as(JoinType::RightJoin, relationship, Some(alias.name()))
    }

    /// `FULL OUTER JOIN` the relationship's target table under `alias`;
    /// [`Error::Unsupported`](crate::Error::Unsupported) on MySQL.
    pub fn full_join_as<F: Table, J: Table, C: Cardinality, Index>(
        self,
        relationship: Relationship<F, J, C>,
        alias: &TableAlias<J>,
    ) -> Self
    where
        T: HasTable<F, Index>,
    {
        self.join_relationship_as(JoinType::FullOuterJoin, relationship, Some(alias.name()))
    }

    fn join_relationship<F: Table, J: Table, C: Cardinality>(
        self,
        join: JoinType,
        relationship: Relationship<F, J, C>,
    ) -> Select<R, (J, T)> {
        self.join_relationship_as(join, relationship, None)
            .with_tables()
    }

    fn join_relationship_as<F: Table, J: Table, C: Cardinality>(
        mut self,
        join: JoinType,
        relationship: Relationship<F, J, C>,
        alias: Option<&str>,
    ) -> Self {
        if join == JoinType::FullOuterJoin {
            self = self.refuse_full_join_on_mysql(&format!(
                "of `{}` through relationship `{}`",
                J::NAME,
                relationship.name
            ));
        }
        for (table, on) in relationship.join_steps_as(alias) {
            self = self.join_on(join, table, on);
        }
        self
    }

    fn refuse_full_join_on_mysql(self, what: &str) -> Self {
        self.unsupported_on(
            Dialect::Mysql,
            format!(
                "FULL OUTER JOIN ({what}): MySQL and MariaDB have no full join; use a LEFT \
                 JOIN UNION a RIGHT JOIN"
            ),
        )
    }

    fn join_item<I: FromItem>(
        mut self,
        join: JoinType,
        item: I,
        on: Expr<bool>,
    ) -> Select<R, I::AddedTo<T>> {
        self = self.refuse_on_compound("JOIN");
        self.add_cte_of(&item);
        let joins = table_refs(&item).zip(on.into_lowered());
        self.join_each(join, joins).with_tables()
    }

    pub(crate) fn join_on(self, join: JoinType, table: TableRef, on: SimpleExpr) -> Self {
        self.join_each(join, PerDialect::Shared((table, on)))
    }

    fn join_each(mut self, join: JoinType, joins: PerDialect<(TableRef, SimpleExpr)>) -> Self {
        self = self.refuse_on_compound("JOIN");
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
        self.statement
            .apply(join.zip(joins), |statement, (join, (table, on))| {
                statement.join(join, table, on);
            });
        self
    }

    /// `GROUP BY expr`.
    pub fn group_by<S: Selection>(mut self, keys: S) -> Self {
        self = self.refuse_on_compound("GROUP BY");
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
        self = self.refuse_on_compound("HAVING");
        self.statement
            .apply(predicate.into_lowered(), |statement, predicate| {
                statement.and_having(predicate);
            });
        self
    }

    /// The same statement, its rows decoded by `S` instead: for decoders that read the same
    /// columns differently (a user's struct from a tuple). The caller checks that `S`
    /// reads the columns the statement selects.
    pub(crate) fn retyped<S>(self) -> Select<S, T> {
        Select {
            statement: self.statement,
            shape: self.shape,
            _row: PhantomData,
        }
    }

    /// Adds `columns` to what the statement lists (the ORM's eager loads, which decode the
    /// extra columns themselves).
    pub(crate) fn add_columns(mut self, columns: PerDialect<Vec<SimpleExpr>>) -> Self {
        self.statement.apply(columns, |statement, columns| {
            statement.exprs(columns);
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

/// Every column of table `F`, in declaration order, from `F`.
pub(crate) fn table_rows<F: Table>() -> Select<F::Row, (F, ())> {
    let mut statement = SelectStatement::new();
    statement.from(F::NAME);
    let mut select = Select::from_sea_statement(statement);
    let columns = F::COLUMNS
        .iter()
        .map(|column| crate::expr::column_expr::<F>(F::NAME, column));
    select
        .statement
        .apply(PerDialect::collect(columns), |statement, columns| {
            statement.exprs(columns);
        });
    select
}

/// `item`'s table reference per dialect; shared when it is the same everywhere.
fn table_refs(item: &impl FromItem) -> PerDialect<TableRef> {
    if item.differs_by_dialect() {
        PerDialect::by_dialect(|d| item.table_ref(d))
    } else {
        PerDialect::Shared(item.table_ref(Dialect::Sqlite))
    }
}

impl<R: FromRow, T> Query for Select<R, T> {
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
