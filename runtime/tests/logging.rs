//! Every statement is logged through `tracing` at DEBUG on target `retort::sql` (SQLAlchemy's
//! `echo`). A minimal hand-written subscriber records the events, so no subscriber crate is
//! needed. This file holds one test only: the subscriber is installed for the current
//! thread, and no other test of this binary runs statements meanwhile.

use std::sync::{Arc, Mutex};

use retort::__doc_tables::{self as blog, Users, users};
use retort::prelude::*;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

#[derive(Debug, Clone, PartialEq)]
struct Logged {
    target: String,
    level: Level,
    message: String,
    sql: Option<String>,
    parameters: Option<u64>,
    error: Option<String>,
}

#[derive(Default, Clone)]
struct Recorder {
    events: Arc<Mutex<Vec<Logged>>>,
}

struct Fields<'a>(&'a mut Logged);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "sql" {
            self.0.sql = Some(value.to_owned());
        }
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        if field.name() == "parameters" {
            self.0.parameters = Some(value);
        }
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        if field.name() == "parameters" {
            self.0.parameters = u64::try_from(value).ok();
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "message" => self.0.message = format!("{value:?}"),
            "error" => self.0.error = Some(format!("{value:?}")),
            "sql" => self.0.sql = Some(format!("{value:?}")),
            _ => {}
        }
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut logged = Logged {
            target: event.metadata().target().to_owned(),
            level: *event.metadata().level(),
            message: String::new(),
            sql: None,
            parameters: None,
            error: None,
        };
        event.record(&mut Fields(&mut logged));
        self.events.lock().unwrap().push(logged);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[test]
fn statements_are_logged_at_debug_on_retort_sql() {
    let recorder = Recorder::default();
    let events = recorder.events.clone();
    tracing::subscriber::with_default(recorder, || {
        let engine = Engine::connect("sqlite::memory:").unwrap();
        blog::metadata().create_all(&engine).unwrap();
        let mut conn = engine.connection().unwrap();
        conn.insert(users::NewUser {
            name: "Ada".into(),
            email: Some("ada@x".into()),
        })
        .unwrap();
        let names: Vec<String> = conn
            .all(
                retort::select(users::NAME)
                    .from(Users)
                    .filter(users::ID.eq(1)),
            )
            .unwrap();
        assert_eq!(names, ["Ada"]);
        conn.insert(users::NewUser {
            name: "Ada again".into(),
            email: Some("ada@x".into()),
        })
        .unwrap_err();
    });

    let events = events.lock().unwrap().clone();
    let sql: Vec<&Logged> = events
        .iter()
        .filter(|e| e.target == "retort::sql")
        .collect();
    assert!(sql.iter().all(|e| e.level == Level::DEBUG), "{sql:#?}");
    let statements: Vec<&str> = sql.iter().filter_map(|e| e.sql.as_deref()).collect();
    assert_eq!(
        sql.len(),
        statements.len(),
        "an event without sql: {sql:#?}"
    );

    // create_all: a transaction around both CREATE TABLEs, users first.
    let creates: Vec<&&str> = statements
        .iter()
        .filter(|s| s.starts_with("CREATE TABLE"))
        .collect();
    assert_eq!(creates.len(), 2, "{statements:#?}");
    assert!(creates[0].contains("\"users\""), "{}", creates[0]);
    assert!(creates[1].contains("\"posts\""), "{}", creates[1]);
    assert!(statements.contains(&"BEGIN"), "{statements:#?}");
    assert!(statements.contains(&"COMMIT"), "{statements:#?}");

    // The insert and the select, with placeholders and parameter counts, never values.
    let insert = sql
        .iter()
        .find(|e| e.sql.as_deref().is_some_and(|s| s.starts_with("INSERT")))
        .expect("the INSERT was logged");
    assert_eq!(
        insert.sql.as_deref(),
        Some(r#"INSERT INTO "users" ("name", "email") VALUES (?, ?) RETURNING "id""#)
    );
    assert_eq!(insert.parameters, Some(2));
    assert_eq!(insert.message, "statement");
    assert_eq!(insert.error, None);
    // (create_all's look at the catalog is logged too; find the query of users.)
    let select = sql
        .iter()
        .find(|e| {
            e.sql
                .as_deref()
                .is_some_and(|s| s.starts_with(r#"SELECT "users""#))
        })
        .expect("the SELECT was logged");
    assert_eq!(
        select.sql.as_deref(),
        Some(r#"SELECT "users"."name" FROM "users" WHERE "users"."id" = ?"#)
    );
    assert_eq!(select.parameters, Some(1));
    assert!(
        events.iter().all(|e| !format!("{e:?}").contains("ada@x")),
        "a bound value was logged"
    );

    // The failed statement is logged with its error.
    let failed = sql.last().unwrap();
    assert_eq!(failed.message, "statement failed");
    assert!(failed.sql.as_deref().unwrap().starts_with("INSERT"));
    let error = failed.error.as_deref().expect("the error is logged");
    assert!(error.contains("unique"), "{error}");
}
