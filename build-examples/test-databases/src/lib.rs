//! The example crates' test harness: every test written once and run on SQLite, PostgreSQL
//! and MySQL/MariaDB, each run on a database of its own.
//!
//! - In a build script, [`emit_build_cfgs`] records which server databases the tests were
//!   asked to use: `RETORT_TEST_POSTGRES_URL` and `RETORT_TEST_MYSQL_URL` name a server, and
//!   when one is set (at build time) the cfg `retort_test_postgres` / `retort_test_mysql` is
//!   on.
//! - In tests, [`FreshDatabase`] creates an empty database (a temporary SQLite file, or a new
//!   database on the server of the variable) and drops it when dropped, and
//!   [`database_tests!`] declares each test function as `sqlite::NAME`, `postgres::NAME` and
//!   `mysql::NAME`. The server variants are ignored — `cargo test` prints the variable's
//!   name — unless their variable was set; when it was, they fail if the server cannot be
//!   reached, never skip.
//! - In ORM tests, [`Statements`] records the SQL a session sends, to count it.
//! - For tests and build scripts alike, [`sample_script`] reads a sample schema of the
//!   project's `shared/schemas` (Chinook, Employees) as written for one database, and
//!   [`load_sample`] loads it into a database.
//!
//! The runtime's own suite (`runtime/tests/common/mod.rs`) follows the same rules with its
//! own copy of this code: this crate depends on `retort`, so the runtime using it would be a
//! dependency cycle. Keep the two in step.
//!
//! # Example
//!
//! The crate's `Cargo.toml`:
//!
//! ```toml
//! [build-dependencies]
//! # Only `emit_build_cfgs`: without the default feature `fresh`, the build script does not
//! # build the runtime and its drivers.
//! test-databases = { path = "../test-databases", default-features = false }
//!
//! [dev-dependencies]
//! test-databases = { path = "../test-databases" }
//! ```
//!
//! Its `build.rs`, in `main`:
//!
//! ```no_run
//! test_databases::emit_build_cfgs();
//! ```
//!
//! A test file, `tests/databases.rs`:
//!
//! ```
//! use retort::Dialect;
//! use test_databases::{FreshDatabase, database_tests};
//!
//! fn connects_to_its_own_database(db: &FreshDatabase) {
//!     let engine = db.connect();
//!     let expected = match db.backend() {
//!         test_databases::Backend::Sqlite => Dialect::Sqlite,
//!         test_databases::Backend::Postgres => Dialect::Postgres,
//!         test_databases::Backend::Mysql => Dialect::Mysql,
//!     };
//!     assert_eq!(engine.dialect(), expected);
//! }
//!
//! database_tests!(connects_to_its_own_database);
//! # fn main() {
//! #     test_databases::run(test_databases::Backend::Sqlite, connects_to_its_own_database);
//! # }
//! ```

#![warn(missing_docs)]

/// The databases the tests run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite: always tested, on a temporary file.
    Sqlite,
    /// PostgreSQL: tested when `RETORT_TEST_POSTGRES_URL` is set.
    Postgres,
    /// MySQL or MariaDB: tested when `RETORT_TEST_MYSQL_URL` is set.
    Mysql,
}

impl Backend {
    /// The servers and the environment variable naming each one's test server.
    const SERVERS: [(Backend, &'static str, &'static str); 2] = [
        (
            Backend::Postgres,
            "RETORT_TEST_POSTGRES_URL",
            "retort_test_postgres",
        ),
        (Backend::Mysql, "RETORT_TEST_MYSQL_URL", "retort_test_mysql"),
    ];

    /// The environment variable holding the URL of this database's test server
    /// (`RETORT_TEST_POSTGRES_URL`, `RETORT_TEST_MYSQL_URL`); `None` for SQLite.
    pub fn url_variable(self) -> Option<&'static str> {
        Self::SERVERS
            .iter()
            .find(|(backend, ..)| *backend == self)
            .map(|&(_, variable, _)| variable)
    }

    /// Whether this database's tests run: always for SQLite, when its variable is set and
    /// non-empty for a server. In a build script this is what [`emit_build_cfgs`] records.
    pub fn is_configured(self) -> bool {
        self.url_variable()
            .is_none_or(|variable| std::env::var_os(variable).is_some_and(|v| !v.is_empty()))
    }

    /// The databases whose tests run ([`Backend::is_configured`]), SQLite first.
    pub fn configured() -> Vec<Backend> {
        [Backend::Sqlite, Backend::Postgres, Backend::Mysql]
            .into_iter()
            .filter(|backend| backend.is_configured())
            .collect()
    }
}

/// For a build script: turns on the cfg `retort_test_postgres` when `RETORT_TEST_POSTGRES_URL`
/// is set and non-empty, `retort_test_mysql` when `RETORT_TEST_MYSQL_URL` is, declares both
/// cfgs, and has cargo rerun the script when either variable changes.
///
/// [`database_tests!`] reads these cfgs to decide whether a server's tests run or are ignored.
pub fn emit_build_cfgs() {
    for (backend, variable, cfg) in Backend::SERVERS {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        println!("cargo::rerun-if-env-changed={variable}");
        if backend.is_configured() {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}

#[cfg(feature = "fresh")]
mod fresh;
mod samples;
#[cfg(feature = "fresh")]
mod statements;

#[cfg(feature = "fresh")]
pub use fresh::{FreshDatabase, run};
#[cfg(feature = "fresh")]
pub use samples::load_sample;
pub use samples::{Sample, SampleError, sample_path, sample_script, samples_folder};
#[cfg(feature = "fresh")]
pub use statements::{Statements, is_transaction_control};
