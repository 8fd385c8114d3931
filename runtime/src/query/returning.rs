//! `RETURNING`: reading back the rows an INSERT, UPDATE or DELETE wrote ([`Returning`]).

use std::marker::PhantomData;

use sea_query::{DeleteStatement, InsertStatement, UpdateStatement, Values};

use super::Query;
use super::insert::refused;
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::expr::{SelectedExprs, Selection};
use crate::per_dialect::{PerDialect, Refusal};
use crate::row::FromRow;

/// The sea-query statement under a [`Returning`].
#[derive(Debug, Clone)]
pub(crate) enum WriteStatement {
    Insert(InsertStatement),
    Update(UpdateStatement),
    Delete(DeleteStatement),
}

impl WriteStatement {
    fn verb(&self) -> &'static str {
        match self {
            WriteStatement::Insert(_) => "INSERT",
            WriteStatement::Update(_) => "UPDATE",
            WriteStatement::Delete(_) => "DELETE",
        }
    }
}

/// An INSERT, UPDATE or DELETE with `RETURNING <selection>`: a query whose rows are the
/// selection's values for each row written, decoded into `R` like a [`Select`](crate::Select)'s.
/// Built by [`Insert::returning`](crate::Insert::returning),
/// [`Update::returning`](crate::Update::returning) and
/// [`Delete::returning`](crate::Delete::returning); run it with
/// [`Connection::all`](crate::Connection::all) (or `one` / `optional`).
///
/// PostgreSQL and SQLite only. MySQL has no RETURNING (MariaDB has it for INSERT and
/// DELETE, MySQL for nothing, and the dialect covers both), so there it is
/// [`Error::Unsupported`] before anything is sent. The generated keys of inserted rows come
/// back on every database through [`Connection::insert`](crate::Connection::insert) and
/// [`Connection::insert_many_keys`](crate::Connection::insert_many_keys).
///
/// ```
/// # use retort::{Dialect, Query, Table};
/// # use retort::__doc_tables::{users, Users};
/// let renamed = Users.update().set(users::NAME, "Ada").filter(users::ID.eq(1)).returning((users::ID, users::NAME));
/// assert_eq!(
///     renamed.to_sql(Dialect::Sqlite).unwrap().0,
///     r#"UPDATE "users" SET "name" = ? WHERE "users"."id" = ? RETURNING "users"."id", "users"."name""#
/// );
/// assert!(renamed.to_sql(Dialect::Mysql).is_err());
/// ```
#[derive(Debug, Clone)]
pub struct Returning<R> {
    statement: PerDialect<WriteStatement>,
    refused: Option<(Refusal, String)>,
    _row: PhantomData<fn() -> R>,
}

impl<R: FromRow> Returning<R> {
    pub(crate) fn new<S: Selection<Output = R>>(
        mut statement: PerDialect<WriteStatement>,
        refused: Option<(Refusal, String)>,
        selection: S,
    ) -> Self {
        let mut exprs = SelectedExprs::default();
        selection.push_exprs(&mut exprs);
        statement.apply(PerDialect::collect(exprs.0), |statement, exprs| {
            let clause = sea_query::Query::returning().exprs(exprs);
            match statement {
                WriteStatement::Insert(s) => {
                    s.returning(clause);
                }
                WriteStatement::Update(s) => {
                    s.returning(clause);
                }
                WriteStatement::Delete(s) => {
                    s.returning(clause);
                }
            }
        });
        Returning {
            statement,
            refused,
            _row: PhantomData,
        }
    }
}

impl<R: FromRow> Query for Returning<R> {
    type Row = R::Output;
    type Decoder = R;
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        if let Some((kind, problem)) = &self.refused {
            return Err(refused(*kind, problem));
        }
        let statement = self.statement.get(dialect);
        if dialect == Dialect::Mysql {
            let verb = statement.verb();
            let hint = match statement {
                WriteStatement::Insert(_) => {
                    "use Connection::insert, insert_returning or insert_many_keys to get the \
                     generated keys back"
                }
                _ => "select the rows in the same transaction instead",
            };
            return Err(Error::Unsupported(format!(
                "{verb} … RETURNING: MySQL has no RETURNING clause; {hint}"
            )));
        }
        match statement {
            WriteStatement::Insert(s) => dialect.build_query(s),
            WriteStatement::Update(s) => dialect.build_query(s),
            WriteStatement::Delete(s) => dialect.build_query(s),
        }
    }
}
