//! The sample schemas of `shared/schemas` — Chinook and Employees, written elsewhere for
//! each database — loaded into a test's own database, in one batch.
//!
//! The scripts are meant for the command-line clients: the PostgreSQL ones hold psql
//! meta-commands (`\c`, `\echo`) and the PostgreSQL and MySQL ones create, drop and switch
//! databases. Those lines are left out, so everything lands in the test's database.

use std::path::PathBuf;

use super::{Backend, TestDb};

/// A sample database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sample {
    /// Chinook 1.4.5: a music store (artists, albums, tracks, playlists, invoices).
    Chinook,
    /// The employees sample (departments, employees, salaries, titles), small data set.
    Employees,
}

/// `shared/schemas`, beside the project's checkout. Panics — failing the test — when it is
/// absent: these tests cannot pass without it.
pub fn folder() -> PathBuf {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/schemas");
    assert!(
        folder.is_dir(),
        "the sample schemas are missing: expected the folder {} (the project's \
         ../shared/schemas, see its README.md); the reflection tests of the real schemas \
         need them",
        folder.display()
    );
    folder
}

/// The script of `sample` for `backend`, ready for one `execute_batch`.
pub fn script(sample: Sample, backend: Backend) -> String {
    let dir = match sample {
        Sample::Chinook => "chinook",
        Sample::Employees => "employees",
    };
    let file = match backend {
        Backend::Sqlite => "sqlite.sql",
        Backend::Postgres => "postgres.sql",
        Backend::Mysql => "mysql.sql",
    };
    let path = folder().join(dir).join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the sample schema {}: {e}", path.display()));
    without_server_commands(&text)
}

/// `text` without the lines that act on the server or the client rather than on the
/// current database: psql meta-commands, CREATE / DROP DATABASE, USE, FLUSH.
fn without_server_commands(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let statement = line.trim_start().to_ascii_uppercase();
        let skip = statement.starts_with('\\')
            || ["DROP DATABASE", "CREATE DATABASE", "USE ", "FLUSH "]
                .iter()
                .any(|command| statement.starts_with(command));
        if !skip {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Loads `sample` into `db`'s database.
pub fn load(db: &TestDb, sample: Sample) {
    let script = script(sample, db.backend);
    db.connection()
        .execute_batch(&script)
        .unwrap_or_else(|e| panic!("loading {sample:?} into {:?}: {e}", db.backend));
}
