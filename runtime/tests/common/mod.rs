//! The test harness: every database test is written once, as a function taking a
//! [`TestDb`], and declared for each database with [`database_tests!`].
//!
//! SQLite always runs (a fresh file in a temporary directory). PostgreSQL and MySQL run when
//! `RETORT_TEST_POSTGRES_URL` / `RETORT_TEST_MYSQL_URL` are set at build time (see
//! `runtime/build.rs`); otherwise their tests show as ignored with the variable's name. Each
//! server test creates its own database on that server and drops it afterwards, so tests and
//! runs never see each other's tables.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use retort::__doc_tables::{self as blog, posts, users};
use retort::sea_query;
use retort::{Connection, Dialect, Engine, Statement};

/// The databases the suite runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    Mysql,
}

impl Backend {
    fn url_variable(self) -> &'static str {
        match self {
            Backend::Sqlite => "",
            Backend::Postgres => "RETORT_TEST_POSTGRES_URL",
            Backend::Mysql => "RETORT_TEST_MYSQL_URL",
        }
    }
}

/// One test's own database, dropped (server) or deleted (SQLite) when the test ends.
pub struct TestDb {
    pub backend: Backend,
    url: String,
    engine: Option<Engine>,
    /// A connection to the server's maintenance database and the name of the database to
    /// drop at the end.
    server: Option<(Engine, String)>,
    _dir: Option<tempfile::TempDir>,
}

static DATABASES: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    /// A fresh empty database on `backend`. Panics — failing the test — when the server
    /// named by the environment cannot be reached.
    pub fn new(backend: Backend) -> TestDb {
        if backend == Backend::Sqlite {
            let dir = tempfile::tempdir().expect("temporary directory");
            let url = format!("sqlite://{}", dir.path().join("test.db").display());
            let engine = Engine::connect(&url).expect("SQLite test database");
            return TestDb {
                backend,
                url,
                engine: Some(engine),
                server: None,
                _dir: Some(dir),
            };
        }
        let variable = backend.url_variable();
        let server_url = std::env::var(variable).unwrap_or_else(|_| {
            panic!("{variable} was set when the tests were built but is not set now")
        });
        let admin = Engine::connect(&server_url)
            .unwrap_or_else(|e| panic!("{variable}: cannot reach the test server: {e}"));
        let name = format!(
            "retort_test_{}_{}",
            std::process::id(),
            DATABASES.fetch_add(1, Ordering::Relaxed)
        );
        let mut conn = admin.connection().expect("admin connection");
        conn.execute_batch(&drop_database_sql(backend, &name))
            .expect("drop a leftover test database");
        conn.execute_batch(&format!("CREATE DATABASE {name}"))
            .expect("create the test database");
        drop(conn);
        let url = with_database(&server_url, &name);
        let engine = Engine::connect(&url).expect("connect to the test database");
        TestDb {
            backend,
            url,
            engine: Some(engine),
            server: Some((admin, name)),
            _dir: None,
        }
    }

    /// The engine of this test's database.
    pub fn engine(&self) -> &Engine {
        self.engine.as_ref().expect("engine")
    }

    /// A new connection from the engine's pool.
    pub fn connection(&self) -> Connection {
        self.engine().connection().expect("connection")
    }

    /// The URL of this test's database, for tests that build engines of their own.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn dialect(&self) -> Dialect {
        self.engine().dialect()
    }

    /// The blog tables created; a connection to them.
    pub fn blog(&self) -> Connection {
        blog::metadata()
            .create_all(self.engine())
            .expect("create_all");
        self.connection()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // Close the pool's connections before dropping the database under them.
        drop(self.engine.take());
        if let Some((admin, name)) = self.server.take() {
            let dropped = admin
                .connection()
                .and_then(|mut c| c.execute_batch(&drop_database_sql(self.backend, &name)));
            if let Err(error) = dropped
                && !std::thread::panicking()
            {
                panic!("dropping test database {name}: {error}");
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
pub fn with_database(url: &str, name: &str) -> String {
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

/// Runs `test` on a fresh database of `backend`.
pub fn run(backend: Backend, test: fn(&TestDb)) {
    let db = TestDb::new(backend);
    test(&db);
}

/// Runs the async `test` on a fresh database of `backend`, on a multi-threaded tokio
/// runtime (as a server would): the database is made and dropped outside it.
pub fn run_async(backend: Backend, test: impl AsyncFnOnce(&AsyncTestDb)) {
    let db = TestDb::new(backend);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let engine = retort::AsyncEngine::connect(db.url())
            .await
            .expect("async engine for the test database");
        let async_db = AsyncTestDb {
            backend,
            url: db.url().to_owned(),
            engine,
        };
        test(&async_db).await;
    });
    // Ends the connections' tasks before the database is dropped under them.
    drop(runtime);
    drop(db);
}

/// The async form of [`TestDb`]: the same database, through an [`retort::AsyncEngine`].
pub struct AsyncTestDb {
    pub backend: Backend,
    url: String,
    engine: retort::AsyncEngine,
}

impl AsyncTestDb {
    /// The engine of this test's database.
    pub fn engine(&self) -> &retort::AsyncEngine {
        &self.engine
    }

    /// A new connection from the engine's pool.
    pub async fn connection(&self) -> retort::AsyncConnection {
        self.engine.connection().await.expect("connection")
    }

    /// The URL of this test's database.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn dialect(&self) -> Dialect {
        self.engine.dialect()
    }

    /// The blog tables created; a connection to them.
    pub async fn blog(&self) -> retort::AsyncConnection {
        blog::metadata()
            .create_all(&self.engine)
            .await
            .expect("create_all");
        self.connection().await
    }
}

/// The names a `#[dual]` test body uses, for each API: the same names, sync or async types.
#[allow(unused_imports)]
pub mod dual {
    /// The sync API.
    pub mod sync {
        pub use super::super::TestDb;
        pub use super::super::helpers::sync::*;
        pub use retort::{Connection, Engine, Session, Transaction};
    }
    /// The async API, under the sync API's names.
    pub mod asynch {
        pub use super::super::AsyncTestDb as TestDb;
        pub use super::super::helpers::asynch::*;
        pub use retort::{
            AsyncConnection as Connection, AsyncEngine as Engine, AsyncSession as Session,
            AsyncTransaction as Transaction,
        };
    }
}

/// Declares each listed `fn(&TestDb)` as a test on every database: `sqlite::NAME`,
/// `postgres::NAME` and `mysql::NAME`.
///
/// `database_tests!(mod GROUP on [postgres, mysql]: NAME, …)` declares tests on some
/// databases only, as `GROUP::postgres::NAME`, … — for behaviour a database does not have
/// (say, killing a server connection on SQLite).
///
/// `database_tests!(dual MODULE async on [BACKEND, …]: NAME, …)` declares the tests of a
/// `#[dual]` module: its sync copies as above, and its async copies as
/// `sqlite_async::NAME`, `postgres_async::NAME`, `mysql_async::NAME` on the listed
/// backends; `dual MODULE on [BACKEND, …] async on […]: …` limits the sync copies too.
#[macro_export]
macro_rules! database_tests {
    (dual $module:ident async on [$($backend:ident),* $(,)?]: $($name:ident),* $(,)?) => {
        $crate::database_tests!(
            dual $module on [sqlite, postgres, mysql] async on [$($backend),*]: $($name),*
        );
    };
    (dual $module:ident on [$($sync:ident),* $(,)?] async on [$($backend:ident),* $(,)?]:
        $($name:ident),* $(,)?) => {
        $crate::database_tests!(@dual_each sync [$($sync),*] $module [$($name),*]);
        $crate::database_tests!(@dual_each async [$($backend),*] $module [$($name),*]);
    };
    (@dual_each sync [$($backend:ident),*] $module:ident $names:tt) => {
        $($crate::database_tests!(@dual_sync $backend $module $names);)*
    };
    (@dual_each async [$($backend:ident),*] $module:ident $names:tt) => {
        $($crate::database_tests!(@dual_async $backend $module $names);)*
    };
    (@dual_sync sqlite $module:ident [$($name:ident),*]) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                $crate::common::run($crate::common::Backend::Sqlite, super::$module::sync::$name);
            })*
        }
    };
    (@dual_sync postgres $module:ident [$($name:ident),*]) => {
        mod postgres {
            $(#[test]
            #[cfg_attr(not(retort_test_postgres), ignore = "RETORT_TEST_POSTGRES_URL is not set")]
            fn $name() {
                $crate::common::run($crate::common::Backend::Postgres, super::$module::sync::$name);
            })*
        }
    };
    (@dual_sync mysql $module:ident [$($name:ident),*]) => {
        mod mysql {
            $(#[test]
            #[cfg_attr(not(retort_test_mysql), ignore = "RETORT_TEST_MYSQL_URL is not set")]
            fn $name() {
                $crate::common::run($crate::common::Backend::Mysql, super::$module::sync::$name);
            })*
        }
    };
    (@dual_async sqlite $module:ident [$($name:ident),*]) => {
        mod sqlite_async {
            $(#[test]
            fn $name() {
                $crate::common::run_async($crate::common::Backend::Sqlite, super::$module::asynch::$name);
            })*
        }
    };
    (@dual_async postgres $module:ident [$($name:ident),*]) => {
        mod postgres_async {
            $(#[test]
            #[cfg_attr(not(retort_test_postgres), ignore = "RETORT_TEST_POSTGRES_URL is not set")]
            fn $name() {
                $crate::common::run_async($crate::common::Backend::Postgres, super::$module::asynch::$name);
            })*
        }
    };
    (@dual_async mysql $module:ident [$($name:ident),*]) => {
        mod mysql_async {
            $(#[test]
            #[cfg_attr(not(retort_test_mysql), ignore = "RETORT_TEST_MYSQL_URL is not set")]
            fn $name() {
                $crate::common::run_async($crate::common::Backend::Mysql, super::$module::asynch::$name);
            })*
        }
    };
    (mod $group:ident on [$($backend:ident),+ $(,)?]: $($name:ident),* $(,)?) => {
        $crate::database_tests!(@group $group [$($backend),+] [$($name),*]);
    };
    ($($name:ident),* $(,)?) => {
        $crate::database_tests!(@backend sqlite [$($name),*]);
        $crate::database_tests!(@backend postgres [$($name),*]);
        $crate::database_tests!(@backend mysql [$($name),*]);
    };
    (@group $group:ident [$($backend:ident),+] $names:tt) => {
        mod $group {
            #[allow(unused_imports)]
            use super::*;
            $($crate::database_tests!(@backend $backend $names);)+
        }
    };
    (@backend sqlite [$($name:ident),*]) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                $crate::common::run($crate::common::Backend::Sqlite, super::$name);
            })*
        }
    };
    (@backend postgres [$($name:ident),*]) => {
        mod postgres {
            $(#[test]
            #[cfg_attr(not(retort_test_postgres), ignore = "RETORT_TEST_POSTGRES_URL is not set")]
            fn $name() {
                $crate::common::run($crate::common::Backend::Postgres, super::$name);
            })*
        }
    };
    (@backend mysql [$($name:ident),*]) => {
        mod mysql {
            $(#[test]
            #[cfg_attr(not(retort_test_mysql), ignore = "RETORT_TEST_MYSQL_URL is not set")]
            fn $name() {
                $crate::common::run($crate::common::Backend::Mysql, super::$name);
            })*
        }
    };
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

/// A hand-built sea-query statement run through the typed API, for what the typed API
/// refuses to build (e.g. NULL into a NOT NULL column).
pub struct Raw<S>(pub S);

impl Statement for Raw<sea_query::InsertStatement> {
    fn to_sql(&self, dialect: Dialect) -> retort::Result<(String, sea_query::Values)> {
        dialect.build_query(&self.0)
    }
}

impl Statement for Raw<sea_query::UpdateStatement> {
    fn to_sql(&self, dialect: Dialect) -> retort::Result<(String, sea_query::Values)> {
        dialect.build_query(&self.0)
    }
}

#[allow(unused_imports)]
pub use helpers::sync::{count_rows, table_names};

/// Helpers for test bodies on either API (see [`dual`]).
#[retort_dual::dual]
pub mod helpers {
    use retort::Dialect;
    use retort::sea_query;

    /// The number of rows of `table`.
    pub async fn count_rows(connection: &mut Connection, table: &str) -> i64 {
        use retort::Select;
        use retort::sea_query::{Alias, Expr as SeaExpr};
        let mut statement = sea_query::Query::select();
        statement
            .expr(SeaExpr::cust("COUNT(*)"))
            .from(Alias::new(table));
        connection
            .one(Select::<i64>::from_statement(statement))
            .await
            .expect("count rows")
    }

    /// The names of the tables in the database, sorted (SQLite's own excluded).
    pub async fn table_names(connection: &mut Connection) -> Vec<String> {
        use retort::Select;
        use retort::sea_query::{Alias, Expr as SeaExpr, ExprTrait, Order};
        let mut statement = sea_query::Query::select();
        match connection.dialect() {
            Dialect::Sqlite => {
                statement
                    .column(Alias::new("name"))
                    .from(Alias::new("sqlite_master"))
                    .and_where(SeaExpr::col(Alias::new("type")).eq("table"))
                    .and_where(SeaExpr::col(Alias::new("name")).not_like("sqlite_%"))
                    .order_by(Alias::new("name"), Order::Asc);
            }
            Dialect::Postgres | Dialect::Mysql => {
                let (name, schema) = if connection.dialect() == Dialect::Postgres {
                    ("CAST(table_name AS TEXT)", "current_schema()")
                } else {
                    ("CAST(table_name AS CHAR)", "DATABASE()")
                };
                statement
                    .expr(SeaExpr::cust(name))
                    .from((Alias::new("information_schema"), Alias::new("tables")))
                    .and_where(SeaExpr::cust(format!("table_schema = {schema}")))
                    .order_by(Alias::new("table_name"), Order::Asc);
            }
        }
        connection
            .all(Select::<String>::from_statement(statement))
            .await
            .expect("list tables")
    }
}

/// The sample databases of `shared/schemas` (Chinook, Employees), loaded into a test's
/// database.
pub mod schemas;
pub mod statements;
