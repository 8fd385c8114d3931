//! Set operations: `UNION`, `UNION ALL`, `INTERSECT` and `EXCEPT` of selects with the same
//! row type, as a [`Compound`].
//!
//! The members must decode into the same row type, so combining a select of ids with a
//! select of names does not compile. ORDER BY, LIMIT and OFFSET on the [`Compound`] apply to
//! the whole result; a sort key must be one of the first member's selected expressions (SQL
//! sorts a set operation by its result columns), and Retort sorts by that result column.
//!
//! ```
//! # use retort::{select, Dialect};
//! # use retort::__doc_tables::{posts, users, Posts, Users};
//! // Names of users and titles of posts, in one sorted list.
//! let query = select(users::NAME)
//!     .from(Users)
//!     .union(select(posts::TITLE).from(Posts))
//!     .order_by(users::NAME.desc())
//!     .limit(10);
//! assert_eq!(
//!     query.sql(Dialect::Sqlite).unwrap(),
//!     r#"SELECT "users"."name" AS "c0" FROM "users" UNION SELECT "posts"."title" FROM "posts" ORDER BY "c0" DESC LIMIT ?"#
//! );
//! assert_eq!(
//!     query.sql(Dialect::Postgres).unwrap(),
//!     r#"SELECT "users"."name" AS "c0" FROM "users" UNION (SELECT "posts"."title" FROM "posts") ORDER BY "c0" DESC LIMIT $1"#
//! );
//! ```
//!
//! A member with its own ORDER BY, LIMIT or OFFSET (SQLite allows none inside a set
//! operation) is read as a derived table, `SELECT * FROM (…) AS "retort_member"`, on every
//! dialect; so is a set operation used as a member, and the left side when an INTERSECT (which
//! binds tighter than UNION and EXCEPT on PostgreSQL and MySQL, but not on SQLite) follows
//! another operation. The result is the same on every database: operations apply left to
//! right, as written.

use std::marker::PhantomData;

use sea_query::{Alias, Asterisk, SelectStatement, SimpleExpr, UnionType, Values};

use super::{Query, Select, Tables};
use crate::dialect::Dialect;
use crate::error::Result;
use crate::expr::Order;
use crate::per_dialect::{PerDialect, Refusal, refusal};
use crate::row::FromRow;

/// A set operation of selects whose rows decode into `R`: made by [`Select::union`],
/// [`Select::union_all`], [`Select::intersect`] and [`Select::except`]; run it like a
/// select, or embed it with [`Compound::into_select`] / [`Compound::subquery`].
#[derive(Debug, Clone)]
pub struct Compound<R> {
    /// The first member, its result columns named `c0`, `c1`, …, with the other members
    /// attached.
    statement: PerDialect<SelectStatement>,
    /// The first member's selected expressions, to find the result column of a sort key.
    first: PerDialect<Vec<SimpleExpr>>,
    /// The operations so far, since the last wrapping.
    ops: Vec<UnionType>,
    /// Has ORDER BY, LIMIT or OFFSET: a further member first wraps what there is.
    ordered: bool,
    _row: PhantomData<fn() -> R>,
}

/// The name of result column `n` of a derived table, CTE or set operation built by Retort.
pub(crate) fn column_name(n: usize) -> String {
    format!("c{n}")
}

/// Names the selected expressions `c0`, `c1`, … (`AS "c0"`), returning them unnamed.
pub(crate) fn name_columns(statement: &mut SelectStatement) -> Vec<SimpleExpr> {
    let mut exprs = Vec::new();
    statement.exprs_mut_for_each(|select| {
        select.alias = Some(Alias::new(column_name(exprs.len())).into());
        exprs.push(select.expr.clone());
    });
    exprs
}

/// `SELECT * FROM (statement) AS "retort_member"`.
pub(crate) fn wrap(statement: SelectStatement) -> SelectStatement {
    let mut outer = SelectStatement::new();
    outer
        .column(Asterisk)
        .from_subquery(statement, Alias::new("retort_member"));
    outer
}

/// A select or a set operation: what a set operation takes as a member, and
/// `IN (…)` / `EXISTS (…)` as a subquery.
#[diagnostic::on_unimplemented(
    message = "expected a select of rows `{R}`, found `{Self}`",
    note = "the members of a set operation, and a subquery compared with a column, must select the same types"
)]
pub trait IntoSelect<R> {
    /// The select, its tables no longer tracked.
    fn into_any_select(self) -> Select<R>;
}

impl<R: FromRow, T: Tables> IntoSelect<R> for Select<R, T> {
    fn into_any_select(self) -> Select<R> {
        self.any_tables()
    }
}

impl<R: FromRow> IntoSelect<R> for Compound<R> {
    fn into_any_select(self) -> Select<R> {
        self.into_select().any_tables()
    }
}

impl<R: FromRow, T: Tables> Select<R, T> {
    /// The statements of a member of a set operation, wrapped when they hold what a member
    /// cannot (see the [module docs](self)).
    fn into_member(self) -> PerDialect<SelectStatement> {
        let wrapping = self.shape.needs_wrapping();
        let statements = self.into_statements();
        if wrapping {
            statements.map(wrap)
        } else {
            statements
        }
    }

    fn compound(self, op: UnionType, other: Select<R>) -> Compound<R> {
        let wrapping = self.shape.needs_wrapping();
        let named = self.shape.named;
        let parts = self.into_statements().map(|mut statement| {
            let first = if named {
                Vec::new()
            } else {
                name_columns(&mut statement)
            };
            let statement = if wrapping { wrap(statement) } else { statement };
            (statement, first)
        });
        let compound = Compound {
            statement: parts.clone().map(|(statement, _)| statement),
            first: parts.map(|(_, first)| first),
            ops: Vec::new(),
            ordered: false,
            _row: PhantomData,
        };
        compound.push(op, other)
    }

    /// `self UNION other`: the rows of either, without duplicates.
    pub fn union(self, other: impl IntoSelect<R>) -> Compound<R> {
        self.compound(UnionType::Distinct, other.into_any_select())
    }

    /// `self UNION ALL other`: the rows of both, duplicates kept.
    pub fn union_all(self, other: impl IntoSelect<R>) -> Compound<R> {
        self.compound(UnionType::All, other.into_any_select())
    }

    /// `self INTERSECT other`: the rows of both, without duplicates.
    pub fn intersect(self, other: impl IntoSelect<R>) -> Compound<R> {
        self.compound(UnionType::Intersect, other.into_any_select())
    }

    /// `self EXCEPT other`: the rows of this one that `other` does not return, without
    /// duplicates.
    pub fn except(self, other: impl IntoSelect<R>) -> Compound<R> {
        self.compound(UnionType::Except, other.into_any_select())
    }
}

impl<R: FromRow> Compound<R> {
    fn push(mut self, op: UnionType, member: Select<R>) -> Self {
        let mixes_precedence =
            op == UnionType::Intersect && self.ops.iter().any(|o| *o != UnionType::Intersect);
        if self.ordered || mixes_precedence {
            self.statement = self.statement.map(wrap);
            self.ops.clear();
            self.ordered = false;
        }
        self.ops.push(op);
        self.statement
            .apply(member.into_member(), |statement, member| {
                statement.union(op, member);
            });
        self
    }

    /// `… UNION other`.
    pub fn union(self, other: impl IntoSelect<R>) -> Self {
        self.push(UnionType::Distinct, other.into_any_select())
    }

    /// `… UNION ALL other`.
    pub fn union_all(self, other: impl IntoSelect<R>) -> Self {
        self.push(UnionType::All, other.into_any_select())
    }

    /// `… INTERSECT other`, applied to everything before it.
    pub fn intersect(self, other: impl IntoSelect<R>) -> Self {
        self.push(UnionType::Intersect, other.into_any_select())
    }

    /// `… EXCEPT other`.
    pub fn except(self, other: impl IntoSelect<R>) -> Self {
        self.push(UnionType::Except, other.into_any_select())
    }

    /// `ORDER BY key` of the whole result; several calls add further keys. The key's
    /// expression must be one of the first member's selected expressions (the statement is
    /// [`Error::InvalidStatement`](crate::Error::InvalidStatement) otherwise); it sorts by
    /// that result column.
    pub fn order_by(mut self, key: impl Into<Order>) -> Self {
        let Order {
            expr,
            direction,
            nulls,
        } = key.into();
        self.ordered = true;
        let keys = expr.zip(self.first.clone()).map(|(expr, first)| {
            match first.iter().position(|selected| *selected == expr) {
                Some(n) => SimpleExpr::col(Alias::new(column_name(n))),
                None => refusal(
                    Refusal::Invalid,
                    "ORDER BY of a set operation (UNION, INTERSECT, EXCEPT) must be one of \
                     the first member's selected expressions",
                ),
            }
        });
        self.statement.apply(keys, |statement, key| match nulls {
            Some(nulls) => {
                statement.order_by_expr_with_nulls(key, direction.clone(), nulls);
            }
            None => {
                statement.order_by_expr(key, direction.clone());
            }
        });
        self
    }

    /// `LIMIT n` of the whole result.
    pub fn limit(mut self, n: u64) -> Self {
        self.ordered = true;
        self.statement.for_each_mut(|statement| {
            statement.limit(n);
        });
        self
    }

    /// `OFFSET n` of the whole result.
    pub fn offset(mut self, n: u64) -> Self {
        self.ordered = true;
        self.statement.for_each_mut(|statement| {
            statement.offset(n);
        });
        self
    }

    /// This set operation as a [`Select`], to embed it where a select goes (`IN (…)`,
    /// `EXISTS (…)`, another set operation). Filtering, joining or grouping that select is
    /// [`Error::InvalidStatement`](crate::Error::InvalidStatement), since it would apply to
    /// the first member only: select from [`Compound::subquery`] instead.
    pub fn into_select(self) -> Select<R, ()> {
        let mut select = Select::from_statements(self.statement);
        select.shape.compound = true;
        select.shape.named = true;
        select
    }

    /// The SQL this renders to for `dialect`, with `?` / `$n` placeholders.
    pub fn sql(&self, dialect: Dialect) -> Result<String> {
        Query::to_sql(self, dialect).map(|(sql, _)| sql)
    }
}

impl<R: FromRow> From<Compound<R>> for Select<R, ()> {
    fn from(compound: Compound<R>) -> Self {
        compound.into_select()
    }
}

impl<R: FromRow> Query for Compound<R> {
    type Row = R::Output;
    type Decoder = R;
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        dialect.build_query(self.statement.get(dialect))
    }
}
