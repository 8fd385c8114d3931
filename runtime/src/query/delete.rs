//! DELETE.

use std::marker::PhantomData;

use sea_query::{DeleteStatement, Values};

use super::Statement;
use crate::dialect::Dialect;
use crate::error::Result;
use crate::expr::Expr;
use crate::per_dialect::PerDialect;
use crate::table::Table;

/// `DELETE FROM <table> WHERE …` on table `T`.
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
}

impl<T: Table> Statement for Delete<T> {
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        dialect.build_query(self.statement.get(dialect))
    }
}
