//! The sample schemas of `shared/schemas` — Chinook and Employees — loaded into a test's own
//! database, in one batch. The scripts come from `test-databases` (built without its
//! `fresh` feature, so without this crate), the one place that knows how to read them.

pub use test_databases::Sample;

use super::{Backend, TestDb};

/// Loads `sample` into `db`'s database. Panics — failing the test — when the sample
/// schemas are missing or the database refuses them.
pub fn load(db: &TestDb, sample: Sample) {
    let backend = match db.backend {
        Backend::Sqlite => test_databases::Backend::Sqlite,
        Backend::Postgres => test_databases::Backend::Postgres,
        Backend::Mysql => test_databases::Backend::Mysql,
    };
    let script = test_databases::sample_script(sample, backend)
        .unwrap_or_else(|e| panic!("the sample schema {sample:?}: {e}"));
    db.connection()
        .execute_batch(&script)
        .unwrap_or_else(|e| panic!("loading {sample:?} into {:?}: {e}", db.backend));
}
