//! What the edge-case test files share: the schema as each database creates it, and a
//! person to insert.

#![allow(dead_code)] // each test file uses its own part

use edge_cases::models::{self, Mood, person};
use retort::{CheckDef, Connection, MetaData, TableDef};
use test_databases::{Backend, FreshDatabase};

/// A connection to `db`, with the edge-case tables created by [`schema`].
pub fn connection(db: &FreshDatabase) -> Connection {
    let engine = db.connect();
    schema(db.backend()).create_all(&engine).unwrap();
    engine.connection().unwrap()
}

/// The spec's schema as created on `backend`.
///
/// The spec writes `person`'s checks in the SQL of SQLite and PostgreSQL: `"double-quoted"`
/// identifiers and a backslash alone in a string literal. MySQL reads the first as a string
/// and the second as an escape, so the checks as written cannot be created there
/// (`the_spec_checks_as_written` in `databases.rs`); on MySQL the table gets the same conditions in MySQL's
/// spelling instead, and the tests check that they are enforced the same way.
pub fn schema(backend: Backend) -> MetaData {
    let mut metadata = models::metadata();
    if backend == Backend::Mysql {
        person_def(&mut metadata).checks = vec![
            CheckDef::new("ck_person_crate_not_negative", "`crate` >= 0"),
            CheckDef::new(
                "ck_person_2",
                r"`first name` <> '' AND `first name` NOT LIKE '%\\%%' ESCAPE '\\'",
            ),
        ];
    }
    metadata
}

pub fn person_def(metadata: &mut MetaData) -> &mut TableDef {
    metadata
        .tables
        .iter_mut()
        .find(|table| table.name == "person")
        .expect("the person table")
}

/// A person named `name`, every odd column set.
pub fn new_person(name: &str, manager_id: Option<i64>) -> person::NewPerson {
    person::NewPerson {
        r#type: "staff".into(),
        r#match: Some("m".into()),
        self_: Some(true),
        crate_: None,
        first_name: name.into(),
        e_mail: None,
        _2fa_secret: Some(vec![0, 255]),
        grose: Some(-3),
        mood: Some(Mood::SoSo),
        manager_id,
    }
}
