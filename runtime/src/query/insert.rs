//! INSERT.

use sea_query::{InsertStatement, Values};

use super::Statement;
use crate::dialect::Dialect;
use crate::error::Result;
use crate::table::{Insertable, Table};

/// An INSERT of one row of table `T`, built from a generated insert struct.
///
/// [`Connection::insert`](crate::Connection::insert) is the usual way in; this type is for
/// running the statement yourself.
#[derive(Debug, Clone)]
pub struct Insert<T> {
    statement: InsertStatement,
    _table: std::marker::PhantomData<fn() -> T>,
}

impl<T: Table> Insert<T> {
    /// `INSERT INTO <table> (<set columns>) VALUES (…)`, or `DEFAULT VALUES` when every
    /// column is left to the database.
    pub fn new<I: Insertable<Table = T>>(row: I) -> Self {
        Insert::from_values(row.into_values())
    }

    /// The INSERT of columns and values taken from an insert struct.
    pub(crate) fn from_values(values: Vec<(&'static str, sea_query::Value)>) -> Self {
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
        Ok(dialect.build_query(&self.statement))
    }
}
