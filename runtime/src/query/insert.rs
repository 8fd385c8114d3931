//! INSERT.

use sea_query::{InsertStatement, Values};

use super::Statement;
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::limits;
use crate::table::{Insertable, Table};

/// An INSERT of one row of table `T`, built from a generated insert struct.
///
/// [`Connection::insert`](crate::Connection::insert) is the usual way in; this type is for
/// running the statement yourself.
#[derive(Debug, Clone)]
pub struct Insert<T> {
    statement: InsertStatement,
    /// Why a value does not fit its column (see [`crate::limits`]); the statement is not
    /// run.
    refused: Option<String>,
    _table: std::marker::PhantomData<fn() -> T>,
}

impl<T: Table> Insert<T> {
    /// `INSERT INTO <table> (<set columns>) VALUES (…)`, or `DEFAULT VALUES` when every
    /// column is left to the database. A value that does not fit its column's declared
    /// size (a decimal's scale or precision, a `varchar(n)`'s length) makes the statement
    /// fail with [`Error::Unsupported`] before it is sent.
    pub fn new<I: Insertable<Table = T>>(row: I) -> Self {
        Insert::from_values(row.into_values())
    }

    /// The INSERT of columns and values taken from an insert struct.
    pub(crate) fn from_values(values: Vec<(&'static str, sea_query::Value)>) -> Self {
        let refused = limits::first_refusal::<T>(&values);
        let (columns, values): (Vec<&'static str>, Vec<sea_query::Value>) =
            values.into_iter().unzip();
        let mut statement = InsertStatement::new();
        statement.into_table(T::NAME);
        if columns.is_empty() {
            statement.or_default_values();
        } else {
            statement.columns(columns);
            statement.values_panic(values.into_iter().map(sea_query::SimpleExpr::Value));
        }
        Insert {
            statement,
            refused,
            _table: std::marker::PhantomData,
        }
    }

    /// Adds `RETURNING <columns>` (SQLite, PostgreSQL).
    pub(crate) fn returning(mut self, columns: &'static [&'static str]) -> Self {
        self.statement
            .returning(sea_query::Query::returning().columns(columns.iter().copied()));
        self
    }
}

impl<T: Table> Statement for Insert<T> {
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        if let Some(refused) = &self.refused {
            return Err(Error::Unsupported(refused.clone()));
        }
        Ok(dialect.build_query(&self.statement))
    }
}
