//! What already exists in a database, read from its catalog: enough for `create_all` and
//! `drop_all` to act only where needed. (Full reflection is a separate concern.)

use std::collections::{BTreeMap, BTreeSet};

use sea_query::{Alias, Expr, ExprTrait, JoinType, Order, Query};

use crate::connection::core::ConnCore;
use crate::dialect::Dialect;
use crate::error::Result;
use crate::query::Select;

/// What exists of a schema: table names and, on PostgreSQL, enum types with their values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Existing {
    pub tables: BTreeSet<String>,
    pub enums: BTreeMap<String, Vec<String>>,
}

/// What exists in the connection's database (PostgreSQL: its current schema).
pub(super) async fn existing(connection: &mut ConnCore) -> Result<Existing> {
    let tables = table_names(connection).await?;
    let enums = match connection.dialect {
        Dialect::Postgres => postgres_enum_types(connection).await?,
        Dialect::Sqlite | Dialect::Mysql => BTreeMap::new(),
    };
    Ok(Existing { tables, enums })
}

/// PostgreSQL enum types of the current schema, with their values in order.
async fn postgres_enum_types(connection: &mut ConnCore) -> Result<BTreeMap<String, Vec<String>>> {
    let mut statement = Query::select();
    statement
        .expr(Expr::cust("CAST(t.typname AS TEXT)"))
        .expr(Expr::cust("CAST(e.enumlabel AS TEXT)"))
        .from_as(Alias::new("pg_type"), Alias::new("t"))
        .join_as(
            JoinType::InnerJoin,
            Alias::new("pg_enum"),
            Alias::new("e"),
            Expr::cust("e.enumtypid = t.oid"),
        )
        .join_as(
            JoinType::InnerJoin,
            Alias::new("pg_namespace"),
            Alias::new("n"),
            Expr::cust("n.oid = t.typnamespace"),
        )
        .and_where(Expr::cust("n.nspname = current_schema()"))
        .order_by_expr(Expr::cust("t.typname"), Order::Asc)
        .order_by_expr(Expr::cust("e.enumsortorder"), Order::Asc);
    let mut enums: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in connection
        .all(Select::<(String, String)>::from_statement(statement))
        .await?
    {
        enums.entry(name).or_default().push(value);
    }
    Ok(enums)
}

/// The names of the tables in the connection's database (PostgreSQL: its current schema).
async fn table_names(connection: &mut ConnCore) -> Result<BTreeSet<String>> {
    let mut statement = Query::select();
    match connection.dialect {
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
    let names = connection
        .all(Select::<String>::from_statement(statement))
        .await?;
    Ok(names.into_iter().collect())
}
