//! The sample schemas of the project's `shared/schemas` — Chinook and Employees, written
//! elsewhere for each database — as scripts ready for one `execute_batch`, and loaded into
//! a database.
//!
//! The scripts are meant for the command-line clients: the PostgreSQL ones hold psql
//! meta-commands (`\c`, `\echo`), and the PostgreSQL and MySQL ones create, drop and switch
//! databases. Those lines are left out, so that everything lands in the database the script
//! is run on.

use std::path::{Path, PathBuf};

use crate::Backend;

/// A sample database of `shared/schemas`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sample {
    /// Chinook 1.4.5: a music store (artists, albums, tracks, playlists, invoices).
    /// PascalCase names in the SQLite and MySQL scripts, snake_case in PostgreSQL's.
    Chinook,
    /// The employees sample (departments, employees, salaries, titles), small data set.
    Employees,
}

impl Sample {
    /// Every sample.
    pub const ALL: [Sample; 2] = [Sample::Chinook, Sample::Employees];

    /// Its folder under `shared/schemas`, also a fine lowercase name: `chinook`,
    /// `employees`.
    pub fn name(self) -> &'static str {
        match self {
            Sample::Chinook => "chinook",
            Sample::Employees => "employees",
        }
    }
}

/// Why a sample could not be read or loaded.
#[derive(Debug)]
pub enum SampleError {
    /// The `shared/schemas` folder is not where it should be.
    Missing {
        /// Where it was looked for.
        folder: PathBuf,
    },
    /// A script could not be read.
    Read {
        /// The script.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The database refused the script.
    #[cfg(feature = "fresh")]
    Load {
        /// The sample.
        sample: Sample,
        /// The database it was loaded into.
        backend: Backend,
        /// The database's error.
        source: Box<retort::Error>,
    },
}

impl std::fmt::Display for SampleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SampleError::Missing { folder } => write!(
                f,
                "the sample schemas are missing: expected the folder {} (the project's \
                 ../shared/schemas, see its README.md)",
                folder.display()
            ),
            SampleError::Read { path, source } => {
                write!(
                    f,
                    "cannot read the sample schema {}: {source}",
                    path.display()
                )
            }
            #[cfg(feature = "fresh")]
            SampleError::Load {
                sample,
                backend,
                source,
            } => write!(f, "loading {sample:?} into {backend:?}: {source}"),
        }
    }
}

impl std::error::Error for SampleError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SampleError::Missing { .. } => None,
            SampleError::Read { source, .. } => Some(source),
            #[cfg(feature = "fresh")]
            SampleError::Load { source, .. } => Some(source.as_ref()),
        }
    }
}

/// Where `shared/schemas` should be: beside the project's checkout, whether or not it is
/// there.
pub fn samples_folder() -> PathBuf {
    // This crate is build-examples/test-databases in the project.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/schemas")
}

/// The script of `sample` written for `backend`, whether or not it is there (for
/// `cargo:rerun-if-changed`).
pub fn sample_path(sample: Sample, backend: Backend) -> PathBuf {
    let file = match backend {
        Backend::Sqlite => "sqlite.sql",
        Backend::Postgres => "postgres.sql",
        Backend::Mysql => "mysql.sql",
    };
    samples_folder().join(sample.name()).join(file)
}

/// The script of `sample` for `backend`, without the lines that act on the server or the
/// client rather than on the current database: ready for one `execute_batch`.
pub fn sample_script(sample: Sample, backend: Backend) -> Result<String, SampleError> {
    let folder = samples_folder();
    if !folder.is_dir() {
        return Err(SampleError::Missing { folder });
    }
    let path = sample_path(sample, backend);
    let text = std::fs::read_to_string(&path).map_err(|source| SampleError::Read {
        path: path.clone(),
        source,
    })?;
    Ok(without_server_commands(&text))
}

/// `text` without psql meta-commands, CREATE / DROP DATABASE, USE and FLUSH.
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

/// Loads `sample` into the database of `engine`, with the script written for its dialect.
#[cfg(feature = "fresh")]
pub fn load_sample(engine: &retort::Engine, sample: Sample) -> Result<(), SampleError> {
    let backend = match engine.dialect() {
        retort::Dialect::Sqlite => Backend::Sqlite,
        retort::Dialect::Postgres => Backend::Postgres,
        retort::Dialect::Mysql => Backend::Mysql,
    };
    let script = sample_script(sample, backend)?;
    let load = |source: retort::Error| SampleError::Load {
        sample,
        backend,
        source: Box::new(source),
    };
    engine
        .connection()
        .and_then(|mut conn| conn.execute_batch(&script))
        .map_err(load)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_and_client_commands_are_left_out() {
        let script = "\\c chinook\nDROP DATABASE IF EXISTS x;\ncreate database x;\n  USE x;\n\
                      flush logs;\nCREATE TABLE t (id INT);\nINSERT INTO t VALUES (1);\n";
        assert_eq!(
            without_server_commands(script),
            "CREATE TABLE t (id INT);\nINSERT INTO t VALUES (1);\n"
        );
    }

    #[test]
    fn every_script_is_there_and_loses_only_server_commands() {
        for sample in Sample::ALL {
            for backend in [Backend::Sqlite, Backend::Postgres, Backend::Mysql] {
                let script = sample_script(sample, backend).unwrap();
                assert!(
                    script.contains("CREATE TABLE"),
                    "{sample:?} for {backend:?} creates tables"
                );
                assert!(
                    !script.lines().any(|line| line.starts_with('\\')
                        || line.to_ascii_uppercase().starts_with("USE ")),
                    "{sample:?} for {backend:?} still switches databases"
                );
            }
        }
    }
}
