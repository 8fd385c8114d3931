//! The databases the benchmarks run on, and where to find them.

use std::fmt;

/// A database kind. SQLite always runs (in memory); a server runs when its URL is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An in-memory SQLite database per contender.
    Sqlite,
    /// `RETORT_BENCH_POSTGRES_URL`.
    Postgres,
    /// `RETORT_BENCH_MYSQL_URL` (MySQL or MariaDB).
    Mysql,
}

impl Backend {
    /// Every backend, in report order.
    pub const ALL: [Backend; 3] = [Backend::Sqlite, Backend::Postgres, Backend::Mysql];

    /// `sqlite`, `postgres`, `mysql`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::Mysql => "mysql",
        }
    }

    /// The backend named `name` (as [`Backend::name`] spells it).
    pub fn from_name(name: &str) -> Option<Backend> {
        Backend::ALL.into_iter().find(|b| b.name() == name)
    }

    /// The environment variable naming this backend's server; `None` for SQLite.
    pub fn url_variable(self) -> Option<&'static str> {
        match self {
            Backend::Sqlite => None,
            Backend::Postgres => Some("RETORT_BENCH_POSTGRES_URL"),
            Backend::Mysql => Some("RETORT_BENCH_MYSQL_URL"),
        }
    }

    /// The URL the contenders connect to: `sqlite::memory:` for SQLite, else the
    /// variable's value. `None` when the variable is not set: that backend is not run.
    pub fn url(self) -> Option<String> {
        match self.url_variable() {
            None => Some("sqlite::memory:".to_owned()),
            Some(variable) => std::env::var(variable).ok().filter(|url| !url.is_empty()),
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
