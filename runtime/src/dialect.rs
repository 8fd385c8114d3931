//! The SQL dialects Retort speaks, and rendering sea-query statements for each.

use sea_query::{
    MysqlQueryBuilder, PostgresQueryBuilder, QueryStatementWriter, SchemaStatementBuilder,
    SqliteQueryBuilder, Values,
};

use crate::error::Result;

/// A database family: decides how statements are rendered and which driver runs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// SQLite (embedded, the default).
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// MySQL and MariaDB.
    Mysql,
}

impl Dialect {
    /// Renders a query (SELECT, INSERT, UPDATE, DELETE) with its values as bound parameters.
    ///
    /// A statement that holds a part this dialect cannot run, or a part that was built
    /// wrong (a refusal, see `per_dialect.rs`), is an error instead, however deeply the
    /// part is nested (a FULL JOIN inside a subquery inside a CTE on MySQL).
    pub fn build_query<S: QueryStatementWriter>(self, statement: &S) -> Result<(String, Values)> {
        let (sql, values) = match self {
            Dialect::Sqlite => statement.build(SqliteQueryBuilder),
            Dialect::Postgres => statement.build(PostgresQueryBuilder),
            Dialect::Mysql => statement.build(MysqlQueryBuilder),
        };
        crate::per_dialect::check_refusals(&sql)?;
        Ok((sql, values))
    }

    /// Renders a schema statement (CREATE / DROP TABLE, CREATE INDEX).
    pub fn build_schema<S: SchemaStatementBuilder>(self, statement: &S) -> String {
        match self {
            Dialect::Sqlite => statement.build(SqliteQueryBuilder),
            Dialect::Postgres => statement.build(PostgresQueryBuilder),
            Dialect::Mysql => statement.build(MysqlQueryBuilder),
        }
    }

    /// The dialect's name as used in URLs and messages.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
        }
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
