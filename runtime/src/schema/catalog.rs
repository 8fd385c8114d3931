//! What already exists in a database, read from its catalog: enough for `create_all` and
//! `drop_all` to act only where needed. (Full reflection is a separate concern.)

use std::collections::BTreeSet;

use sea_query::{Alias, Expr, ExprTrait, Query};

use crate::dialect::Dialect;
use crate::engine::Connection;
use crate::error::Result;
use crate::query::Select;

/// The names of the tables in the connection's database (PostgreSQL: its current schema).
pub(super) fn table_names(connection: &mut Connection) -> Result<BTreeSet<String>> {
    let mut statement = Query::select();
    match connection.dialect() {
        Dialect::Sqlite => {
            statement
                .column(Alias::new("name"))
                .from(Alias::new("sqlite_master"))
                .and_where(Expr::col(Alias::new("type")).eq("table"));
        }
        Dialect::Postgres => {
            statement
                .expr(Expr::cust("CAST(table_name AS TEXT)"))
                .from((Alias::new("information_schema"), Alias::new("tables")))
                .and_where(Expr::cust("table_schema = current_schema()"));
        }
        Dialect::Mysql => {
            statement
                .expr(Expr::cust("CAST(table_name AS CHAR)"))
                .from((Alias::new("information_schema"), Alias::new("tables")))
                .and_where(Expr::cust("table_schema = DATABASE()"));
        }
    }
    let names = connection.all(Select::<String>::from_statement(statement))?;
    Ok(names.into_iter().collect())
}
