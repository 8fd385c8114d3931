//! Helpers shared by the SQLite integration tests.

#![allow(dead_code)]

use retort::__doc_tables::{self as blog, posts, users};
use retort::sea_query::{self, Alias, Expr as SeaExpr, ExprTrait, Order};
use retort::{Connection, Dialect, Engine, Select, Statement};

/// A private in-memory database with the blog tables created.
pub fn blog_engine() -> Engine {
    let engine = Engine::connect("sqlite::memory:").expect("in-memory engine");
    blog::metadata().create_all(&engine).expect("create_all");
    engine
}

/// A connection to a fresh blog database (the engine is returned too, to keep it alive).
pub fn blog_connection() -> (Engine, Connection) {
    let engine = blog_engine();
    let connection = engine.connection().expect("connection");
    (engine, connection)
}

pub fn new_user(name: &str, email: Option<&str>) -> users::NewUser {
    users::NewUser {
        name: name.into(),
        email: email.map(Into::into),
    }
}

pub fn new_post(user_id: i64, title: &str) -> posts::NewPost {
    posts::NewPost {
        user_id,
        title: title.into(),
    }
}

/// The names of the tables (not SQLite's own) in the database, sorted.
pub fn table_names(connection: &mut Connection) -> Vec<String> {
    let mut statement = sea_query::Query::select();
    statement
        .column(Alias::new("name"))
        .from(Alias::new("sqlite_master"))
        .and_where(SeaExpr::col(Alias::new("type")).eq("table"))
        .and_where(SeaExpr::col(Alias::new("name")).not_like("sqlite_%"))
        .order_by(Alias::new("name"), Order::Asc);
    connection
        .all(Select::<String>::from_statement(statement))
        .expect("query sqlite_master")
}

/// A hand-built sea-query statement run through the typed API, for what the typed API
/// refuses to build (e.g. NULL into a NOT NULL column).
pub struct Raw<S>(pub S);

impl Statement for Raw<sea_query::InsertStatement> {
    fn to_sql(&self, dialect: Dialect) -> retort::Result<(String, sea_query::Values)> {
        Ok(dialect.build_query(&self.0))
    }
}

impl Statement for Raw<sea_query::UpdateStatement> {
    fn to_sql(&self, dialect: Dialect) -> retort::Result<(String, sea_query::Values)> {
        Ok(dialect.build_query(&self.0))
    }
}

/// The number of rows of `table`.
pub fn count_rows(connection: &mut Connection, table: &str) -> i64 {
    let mut statement = sea_query::Query::select();
    statement
        .expr(SeaExpr::cust("COUNT(*)"))
        .from(Alias::new(table));
    connection
        .one(Select::<i64>::from_statement(statement))
        .expect("count rows")
}
