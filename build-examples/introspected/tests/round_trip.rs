//! Introspection's round trip on every database: read a schema into a spec, create that
//! spec's tables on an empty database with `create_all`, read that one: the same spec, word
//! for word. Run on the Chinook and Employees samples and on a schema of every feature
//! introspection reads (fixtures/introspect/features.*.sql: enums from CHECK lists and
//! native types, generated columns, composite and self-referencing keys, unique
//! constraints, indexes, checks, comments, unknown types, odd names, a keyless junction).

use retort_codegen::introspect::{IntrospectOptions, Introspection, introspect, metadata};
use test_databases::{Backend, FreshDatabase, Sample, database_tests, load_sample};

/// What `introspect` reads from `db`.
fn read(db: &FreshDatabase) -> Introspection {
    introspect(db.url(), &IntrospectOptions::default())
        .unwrap_or_else(|e| panic!("introspecting {:?}: {e}", db.backend()))
}

/// Reads `db`, creates what was read on a fresh database of the same kind, and reads that.
fn assert_round_trip(db: &FreshDatabase) -> Introspection {
    let first = read(db);
    let copy = FreshDatabase::new(db.backend());
    metadata(&first.model)
        .create_all(&copy.connect())
        .unwrap_or_else(|e| panic!("create_all of the spec read:\n{}\n{e}", first.yaml));
    let second = read(&copy);
    assert_eq!(
        second.yaml, first.yaml,
        "the spec read back differs from the spec created"
    );
    first
}

fn chinook_round_trips(db: &FreshDatabase) {
    load_sample(&db.connect(), Sample::Chinook).unwrap();
    let read = assert_round_trip(db);
    assert_eq!(read.model.tables.len(), 11);
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
}

fn employees_round_trips(db: &FreshDatabase) {
    load_sample(&db.connect(), Sample::Employees).unwrap();
    let read = assert_round_trip(db);
    assert!(read.model.table("dept_emp").is_some());
}

/// The features schema for `backend`.
fn features_sql(backend: Backend) -> String {
    let name = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
        Backend::Mysql => "mysql",
    };
    let path = format!(
        "{}/../../fixtures/introspect/features.{name}.sql",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn every_feature_round_trips(db: &FreshDatabase) {
    let engine = db.connect();
    engine
        .connection()
        .unwrap()
        .execute_batch(&features_sql(db.backend()))
        .unwrap();
    let read = assert_round_trip(db);
    let members = read
        .model
        .table("Team Members")
        .expect("odd table names are kept");
    assert_eq!(members.module, "team_members");
    let fields: Vec<&str> = members.columns.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(&fields[..3], ["id", "full_name", "order"]);
    // The keyless junction stays an entity.
    let kinds: Vec<(&str, retort_codegen::model::RelationshipKind)> = members
        .relationships
        .iter()
        .map(|r| (r.name.as_str(), r.kind))
        .collect();
    assert!(
        kinds.contains(&("likes", retort_codegen::model::RelationshipKind::OneToMany)),
        "{kinds:?}"
    );
    let warned: Vec<String> = read.warnings.iter().map(|w| w.to_string()).collect();
    let unknown = match db.backend() {
        Backend::Sqlite => "Team Members.weird: unknown SQL type `FANCYTYPE`",
        Backend::Postgres => "Team Members.addr: unknown SQL type `inet`",
        Backend::Mysql => "Team Members.tags: unknown SQL type `set('a','b')`",
    };
    assert!(warned.iter().any(|w| w.starts_with(unknown)), "{warned:#?}");
    assert!(
        warned
            .iter()
            .any(|w| w.starts_with("likes: has no primary key")),
        "{warned:#?}"
    );
}

database_tests!(
    chinook_round_trips,
    employees_round_trips,
    every_feature_round_trips,
);
