//! Loads Chinook and Employees (the project's `shared/schemas`) into a fresh database of
//! each database the tests run on — SQLite always, PostgreSQL / MySQL when
//! `RETORT_TEST_POSTGRES_URL` / `RETORT_TEST_MYSQL_URL` are set — introspects each, and
//! writes the generated modules to `$OUT_DIR/<sample>_<database>.rs` (one self-contained
//! file each, for `include!`), beside the introspected spec (`.yaml`). The same for the
//! schema of every feature introspection reads (`fixtures/introspect/features.<database>.sql`:
//! odd names, unknown types, a table without a key…) as `features_<database>.rs`. The server
//! databases are dropped afterwards.

use std::error::Error;
use std::path::{Path, PathBuf};

use retort_codegen::introspect::{IntrospectOptions, introspect};
use retort_codegen::render::{self, Templates};
use test_databases::{
    Backend, FreshDatabase, Sample, SampleError, load_sample, sample_path, samples_folder,
};

fn main() {
    if let Err(error) = run() {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    test_databases::emit_build_cfgs();
    for sample in Sample::ALL {
        for backend in [Backend::Sqlite, Backend::Postgres, Backend::Mysql] {
            println!(
                "cargo::rerun-if-changed={}",
                sample_path(sample, backend).display()
            );
        }
    }
    let folder = samples_folder();
    if !folder.is_dir() {
        return Err(SampleError::Missing { folder }.into());
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let templates = Templates::embedded()?;
    for backend in Backend::configured() {
        for sample in Sample::ALL {
            generate(sample, backend, &templates, &out_dir)
                .map_err(|e| format!("{sample:?} on {backend:?}: {e}"))?;
        }
    }
    for backend in [Backend::Sqlite, Backend::Postgres, Backend::Mysql] {
        println!(
            "cargo::rerun-if-changed={}",
            features_path(backend).display()
        );
    }
    for backend in Backend::configured() {
        generate_features(backend, &templates, &out_dir)
            .map_err(|e| format!("the features schema on {backend:?}: {e}"))?;
    }
    Ok(())
}

/// fixtures/introspect/features.<database>.sql.
fn features_path(backend: Backend) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
        "../../fixtures/introspect/features.{}.sql",
        backend_name(backend)
    ))
}

/// Introspects the features schema on a fresh `backend` database and writes its modules.
/// Its warnings (unknown types, a table without a key…) are expected: tests/features.rs
/// asserts them.
fn generate_features(
    backend: Backend,
    templates: &Templates,
    out_dir: &Path,
) -> Result<(), Box<dyn Error>> {
    let path = features_path(backend);
    let sql = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let db = FreshDatabase::new(backend);
    let engine = db.connect();
    engine.connection()?.execute_batch(&sql)?;
    drop(engine);
    // Views too (`--views`): generated read-only.
    let options = IntrospectOptions {
        views: true,
        ..IntrospectOptions::default()
    };
    let introspection = introspect(db.url(), &options)?;
    let code = render::single_file(&introspection.model, templates, &introspection.source)?;
    let stem = format!("features_{}", backend_name(backend));
    write_if_changed(&out_dir.join(format!("{stem}.rs")), &code)?;
    write_if_changed(&out_dir.join(format!("{stem}.yaml")), &introspection.yaml)?;
    Ok(())
}

/// Introspects `sample` loaded into a fresh `backend` database and writes its modules.
fn generate(
    sample: Sample,
    backend: Backend,
    templates: &Templates,
    out_dir: &Path,
) -> Result<(), Box<dyn Error>> {
    let db = FreshDatabase::new(backend);
    let engine = db.connect();
    load_sample(&engine, sample)?;
    // Closed before the database is dropped with `db`.
    drop(engine);
    let introspection = introspect(db.url(), &IntrospectOptions::default())?;
    // None are expected: tests/relationships.rs asserts that; here they are shown to
    // whoever builds.
    for warning in &introspection.warnings {
        println!("cargo::warning={sample:?} on {backend:?}: {warning}");
    }
    let code = render::single_file(&introspection.model, templates, &introspection.source)?;
    let stem = format!("{}_{}", sample.name(), backend_name(backend));
    write_if_changed(&out_dir.join(format!("{stem}.rs")), &code)?;
    write_if_changed(&out_dir.join(format!("{stem}.yaml")), &introspection.yaml)?;
    Ok(())
}

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
        Backend::Mysql => "mysql",
    }
}

/// Writes only on change, so that cargo does not recompile the crate for nothing.
fn write_if_changed(path: &Path, contents: &str) -> Result<(), Box<dyn Error>> {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
