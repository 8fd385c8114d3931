//! A fresh database per test, and the macro declaring a test per database.

use std::sync::atomic::{AtomicU32, Ordering};

use retort::Engine;

use crate::Backend;

/// An empty database made for one test: a file in a temporary directory on SQLite, a new
/// database on the test server on PostgreSQL and MySQL. Deleted (SQLite) or dropped (server)
/// when this value is dropped — close the test's own engines first; PostgreSQL's are cut
/// off (`DROP DATABASE … WITH (FORCE)`).
///
/// Server databases are named `retort_test_<pid>_<n>`, on the server of
/// `RETORT_TEST_POSTGRES_URL` / `RETORT_TEST_MYSQL_URL`, whose user needs the right to create
/// databases.
pub struct FreshDatabase {
    backend: Backend,
    url: String,
    /// A connection to the server (the variable's database) and the database to drop.
    server: Option<(Engine, String)>,
    _dir: Option<tempfile::TempDir>,
}

static DATABASES: AtomicU32 = AtomicU32::new(0);

impl FreshDatabase {
    /// A fresh database of `backend`: [`FreshDatabase::sqlite`] or
    /// [`FreshDatabase::server`].
    pub fn new(backend: Backend) -> FreshDatabase {
        match backend {
            Backend::Sqlite => FreshDatabase::sqlite(),
            server => FreshDatabase::server(server),
        }
    }

    /// A new SQLite database file in a temporary directory, deleted with it.
    pub fn sqlite() -> FreshDatabase {
        let dir = tempfile::tempdir().expect("a temporary directory for the SQLite database");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        FreshDatabase {
            backend: Backend::Sqlite,
            url,
            server: None,
            _dir: Some(dir),
        }
    }

    /// A new database on the test server of `backend` (PostgreSQL or MySQL), reached through
    /// the URL in its variable, keeping that URL's user, host and query.
    ///
    /// # Panics
    ///
    /// When `backend` is SQLite, when the variable is not set, and when the server cannot be
    /// reached or refuses to create the database — the message names the variable and the
    /// error, so that a test asked to run on a server fails instead of passing unnoticed.
    pub fn server(backend: Backend) -> FreshDatabase {
        let Some(variable) = backend.url_variable() else {
            panic!("FreshDatabase::server: {backend:?} is not a server database");
        };
        let server_url = std::env::var(variable)
            .ok()
            .filter(|url| !url.is_empty())
            .unwrap_or_else(|| panic!("{variable} is not set: it names the {backend:?} test server (set it when building and running the tests)"));
        let admin = Engine::connect(&server_url)
            .unwrap_or_else(|e| panic!("{variable}: cannot reach the test server: {e}"));
        let name = format!(
            "retort_test_{}_{}",
            std::process::id(),
            DATABASES.fetch_add(1, Ordering::Relaxed)
        );
        let mut conn = admin
            .connection()
            .unwrap_or_else(|e| panic!("{variable}: cannot reach the test server: {e}"));
        conn.execute_batch(&drop_database_sql(backend, &name))
            .unwrap_or_else(|e| panic!("{variable}: dropping a leftover database {name}: {e}"));
        conn.execute_batch(&format!("CREATE DATABASE {name}"))
            .unwrap_or_else(|e| panic!("{variable}: creating the test database {name}: {e}"));
        drop(conn);
        FreshDatabase {
            backend,
            url: with_database(&server_url, &name),
            server: Some((admin, name)),
            _dir: None,
        }
    }

    /// The database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL of the database, for an [`Engine`] or a program under test.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A new [`Engine`] on the database; panics when it cannot connect.
    pub fn connect(&self) -> Engine {
        Engine::connect(&self.url)
            .unwrap_or_else(|e| panic!("connecting to the fresh {:?} database: {e}", self.backend))
    }
}

impl Drop for FreshDatabase {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.server.take() {
            let dropped = admin
                .connection()
                .and_then(|mut c| c.execute_batch(&drop_database_sql(self.backend, &name)));
            if let Err(error) = dropped
                && !std::thread::panicking()
            {
                panic!("dropping the test database {name}: {error}");
            }
        }
    }
}

fn drop_database_sql(backend: Backend, name: &str) -> String {
    match backend {
        Backend::Postgres => format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        _ => format!("DROP DATABASE IF EXISTS {name}"),
    }
}

/// `url` with its database (the path) replaced by `name`; the query is kept.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut out = format!("{}/{name}", &base[..path_start]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// Runs `test` on a [`FreshDatabase`] of `backend`, dropped when the test returns or
/// panics. The tests [`database_tests!`](crate::database_tests) declares call this.
pub fn run(backend: Backend, test: fn(&FreshDatabase)) {
    let db = FreshDatabase::new(backend);
    test(&db);
}

/// Declares each listed `fn(&FreshDatabase)` as a test on every database: `sqlite::NAME`,
/// `postgres::NAME` and `mysql::NAME`, each on a [`FreshDatabase`] of its own.
///
/// The PostgreSQL and MySQL tests are ignored, with the variable's name as the reason, unless
/// the crate's build script called [`emit_build_cfgs`](crate::emit_build_cfgs) with
/// `RETORT_TEST_POSTGRES_URL` / `RETORT_TEST_MYSQL_URL` set.
///
/// `database_tests!(mod GROUP on [postgres, mysql]: NAME, …)` declares tests on some
/// databases only, as `GROUP::postgres::NAME`, … — for behaviour a database does not have.
#[macro_export]
macro_rules! database_tests {
    (mod $group:ident on [$($backend:ident),+ $(,)?]: $($name:ident),* $(,)?) => {
        mod $group {
            #[allow(unused_imports)]
            use super::*;
            $($crate::database_tests!(@backend $backend [$($name),*]);)+
        }
    };
    ($($name:ident),* $(,)?) => {
        $crate::database_tests!(@backend sqlite [$($name),*]);
        $crate::database_tests!(@backend postgres [$($name),*]);
        $crate::database_tests!(@backend mysql [$($name),*]);
    };
    (@backend sqlite [$($name:ident),*]) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                $crate::run($crate::Backend::Sqlite, super::$name);
            })*
        }
    };
    (@backend postgres [$($name:ident),*]) => {
        mod postgres {
            $(#[test]
            #[cfg_attr(not(retort_test_postgres), ignore = "RETORT_TEST_POSTGRES_URL is not set")]
            fn $name() {
                $crate::run($crate::Backend::Postgres, super::$name);
            })*
        }
    };
    (@backend mysql [$($name:ident),*]) => {
        mod mysql {
            $(#[test]
            #[cfg_attr(not(retort_test_mysql), ignore = "RETORT_TEST_MYSQL_URL is not set")]
            fn $name() {
                $crate::run($crate::Backend::Mysql, super::$name);
            })*
        }
    };
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn with_database_replaces_the_path_and_keeps_the_query() {
        assert_eq!(
            with_database("postgres://u:p@h:5432/test?sslmode=disable", "x"),
            "postgres://u:p@h:5432/x?sslmode=disable"
        );
        assert_eq!(with_database("mysql://root@h", "x"), "mysql://root@h/x");
    }
}
