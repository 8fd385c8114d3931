//! Engines, connections, `create_all` / `drop_all` and transactions.
//!
//! The database-generic tests run on SQLite, PostgreSQL and MySQL (see `database_tests!` at
//! the end); the SQLite-specific ones (file and memory databases, read-only mode, URLs) and
//! the URL tests that need no server are plain tests.

#[macro_use]
mod common;

use common::{Backend, TestDb, count_rows, new_post, new_user, table_names};
use retort::__doc_tables::{self as blog, Posts, Users, posts, users};
use retort::prelude::*;
use retort::{ColumnDef, ColumnType, ConstraintKind, Dialect, ForeignKeyDef, TableDef};

fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}", path.display())
}

// ---------------------------------------------------------------------------------------
// Engine

#[test]
fn a_file_database_is_created_and_its_data_survives_a_new_engine() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blog.db");
    assert!(!path.exists());

    {
        let engine = Engine::connect(&sqlite_url(&path)).unwrap();
        assert_eq!(engine.dialect(), Dialect::Sqlite);
        blog::metadata().create_all(&engine).unwrap();
        let mut conn = engine.connection().unwrap();
        conn.insert(new_user("Ada", Some("ada@example.com")))
            .unwrap();
    }
    assert!(path.is_file(), "the database file was not created");

    let engine = Engine::connect(&sqlite_url(&path)).unwrap();
    let mut conn = engine.connection().unwrap();
    let users: Vec<users::User> = conn.all(Users.select()).unwrap();
    assert_eq!(
        users,
        [users::User {
            id: 1,
            name: "Ada".into(),
            email: Some("ada@example.com".into()),
        }]
    );
}

#[test]
fn an_absolute_path_url_with_three_slashes_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("abs.db");
    assert!(path.is_absolute());
    // `sqlite://` + `/tmp/…` is `sqlite:///tmp/…`.
    let url = sqlite_url(&path);
    assert!(url.starts_with("sqlite:///"));
    let engine = Engine::connect(&url).unwrap();
    blog::metadata().create_all(&engine).unwrap();
    assert!(path.is_file());
}

#[test]
fn connections_of_one_memory_engine_share_the_database() {
    let engine = Engine::connect("sqlite::memory:").unwrap();
    blog::metadata().create_all(&engine).unwrap();

    let mut first = engine.connection().unwrap();
    let mut second = engine.connection().unwrap();
    let id = first.insert(new_user("Ada", None)).unwrap();

    let names: Vec<String> = second
        .all(
            retort::select(users::NAME)
                .from(Users)
                .filter(users::ID.eq(id)),
        )
        .unwrap();
    assert_eq!(names, ["Ada"]);

    // The database outlives the connections: a connection opened after both are closed
    // still sees the row.
    drop(first);
    drop(second);
    let mut third = engine.connection().unwrap();
    assert_eq!(count_rows(&mut third, "users"), 1);

    // A clone of the engine is the same database.
    let mut fourth = engine.clone().connection().unwrap();
    assert_eq!(count_rows(&mut fourth, "users"), 1);
}

#[test]
fn two_memory_engines_are_separate_databases() {
    let first = Engine::connect("sqlite::memory:").unwrap();
    let second = Engine::connect("sqlite::memory:").unwrap();
    blog::metadata().create_all(&first).unwrap();

    first
        .connection()
        .unwrap()
        .insert(new_user("Ada", None))
        .unwrap();

    let mut conn = second.connection().unwrap();
    assert_eq!(table_names(&mut conn), Vec::<String>::new());
    let error = conn.all(Users.select()).unwrap_err();
    match &error {
        Error::Database { message, sql, .. } => {
            assert!(message.contains("no such table"), "{message}");
            assert!(sql.contains("\"users\""), "{sql}");
        }
        other => panic!("expected Error::Database, got {other:?}"),
    }

    // And the second engine's own tables do not see the first's rows.
    blog::metadata().create_all(&second).unwrap();
    assert_eq!(count_rows(&mut conn, "users"), 0);
}

#[test]
fn read_only_mode_refuses_writes_with_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    {
        let engine = Engine::connect(&sqlite_url(&path)).unwrap();
        blog::metadata().create_all(&engine).unwrap();
        engine
            .connection()
            .unwrap()
            .insert(new_user("Ada", None))
            .unwrap();
    }

    let engine = Engine::connect(&format!("{}?mode=ro", sqlite_url(&path))).unwrap();
    let mut conn = engine.connection().unwrap();
    // Reading works.
    let names: Vec<String> = conn.all(retort::select(users::NAME).from(Users)).unwrap();
    assert_eq!(names, ["Ada"]);

    // Writing is refused, as a database error naming the statement.
    let error = conn.insert(new_user("Grace", None)).unwrap_err();
    match &error {
        Error::Database { message, sql, .. } => {
            assert!(message.contains("readonly"), "{message}");
            assert!(sql.starts_with("INSERT INTO \"users\""), "{sql}");
        }
        other => panic!("expected Error::Database, got {other:?}"),
    }
    let error = conn
        .execute(Users.delete().filter(users::NAME.eq("Ada")))
        .unwrap_err();
    assert!(matches!(error, Error::Database { .. }), "{error:?}");
    let error = blog::metadata().drop_all(&engine).unwrap_err();
    assert!(matches!(error, Error::Database { .. }), "{error:?}");

    // Nothing changed.
    assert_eq!(count_rows(&mut conn, "users"), 1);
}

#[test]
fn read_only_mode_does_not_create_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.db");
    let error = Engine::connect(&format!("{}?mode=ro", sqlite_url(&path))).unwrap_err();
    assert!(matches!(error, Error::Connect { .. }), "{error:?}");
    assert!(!path.exists());
}

#[test]
fn bad_urls_are_invalid_url_errors() {
    for url in [
        "blog.db",
        "oracle://scott:tiger@db/orcl",
        "sqlite://",
        "sqlite:",
        "sqlite://blog.db?mode=wat",
        "sqlite://blog.db?cache=shared",
        "",
    ] {
        match Engine::connect(url) {
            Err(Error::InvalidUrl { url: shown, reason }) => {
                assert!(!reason.is_empty(), "{url}: empty reason");
                // The password is never repeated.
                assert!(!shown.contains("tiger"), "{shown}");
            }
            other => panic!("{url}: expected Error::InvalidUrl, got {other:?}"),
        }
    }
}

#[test]
fn server_urls_that_cannot_work_are_invalid_url_errors() {
    for url in [
        "postgres:db",
        "postgres://",
        "postgresql:/db",
        "mysql:db",
        "mariadb://",
        "mysql://root@db/test?pool_size=0",
        "mysql://root:tiger@db/test?connect_timeout=0",
        "postgres://scott:tiger@db/app?pool_size=many",
        "postgres://scott:tiger@db/app?idle_timeout=-1",
        "db2://scott:tiger@db/app",
    ] {
        match Engine::connect(url) {
            Err(error @ Error::InvalidUrl { .. }) => {
                let Error::InvalidUrl { url: shown, reason } = &error else {
                    unreachable!()
                };
                assert!(!reason.is_empty(), "{url}: empty reason");
                assert!(!shown.contains("tiger"), "{shown}");
                assert!(!error.to_string().contains("tiger"), "{error}");
            }
            other => panic!("{url}: expected Error::InvalidUrl, got {other:?}"),
        }
    }
}

#[test]
fn an_unreachable_server_is_a_connect_error_without_the_password() {
    // Port 1 is closed: the connection is refused at once (or times out after two seconds).
    for url in [
        "postgres://postgres:hunter2@127.0.0.1:1/test?connect_timeout=2",
        "postgresql://postgres:hunter2@127.0.0.1:1/test?connect_timeout=2",
        "mysql://root:hunter2@127.0.0.1:1/test?connect_timeout=2",
        "mariadb://root:hunter2@127.0.0.1:1/test?connect_timeout=2",
    ] {
        let started = std::time::Instant::now();
        match Engine::connect(url) {
            Err(error @ Error::Connect { .. }) => {
                let Error::Connect { target, message } = &error else {
                    unreachable!()
                };
                assert!(!message.is_empty(), "{url}: empty message");
                assert!(target.contains("127.0.0.1"), "{target}");
                assert!(!target.contains("hunter2"), "{target}");
                assert!(!message.contains("hunter2"), "{message}");
                assert!(!error.to_string().contains("hunter2"), "{error}");
            }
            other => panic!("{url}: expected Error::Connect, got {other:?}"),
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{url}: took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn a_path_in_a_missing_directory_is_a_connect_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join("no")
        .join("such")
        .join("dir")
        .join("blog.db");
    match Engine::connect(&sqlite_url(&path)) {
        Err(Error::Connect { target, message }) => {
            assert!(target.contains("blog.db"), "{target}");
            assert!(!message.is_empty());
        }
        other => panic!("expected Error::Connect, got {other:?}"),
    }
    assert!(!path.exists());
}

// ---------------------------------------------------------------------------------------
// create_all / drop_all

fn create_all_creates_the_tables_and_is_idempotent(db: &TestDb) {
    let engine = db.engine();
    let mut conn = db.connection();
    assert_eq!(table_names(&mut conn), Vec::<String>::new());

    blog::metadata().create_all(engine).unwrap();
    assert_eq!(table_names(&mut conn), ["posts", "users"]);

    let ada = conn.insert(new_user("Ada", None)).unwrap();
    conn.insert(new_post(ada, "Hello")).unwrap();

    // A second create_all neither fails nor touches the data.
    blog::metadata().create_all(engine).unwrap();
    blog::metadata().create_all_on(&mut conn).unwrap();
    assert_eq!(table_names(&mut conn), ["posts", "users"]);
    assert_eq!(count_rows(&mut conn, "users"), 1);
    assert_eq!(count_rows(&mut conn, "posts"), 1);
}

fn drop_all_removes_the_tables_and_is_idempotent(db: &TestDb) {
    let engine = db.engine();
    let mut conn = db.blog();
    let ada = conn.insert(new_user("Ada", None)).unwrap();
    // Rows that reference each other: dropping must go dependents first.
    conn.insert(new_post(ada, "Hello")).unwrap();

    blog::metadata().drop_all(engine).unwrap();
    assert_eq!(table_names(&mut conn), Vec::<String>::new());
    blog::metadata().drop_all_on(&mut conn).unwrap();
    assert_eq!(table_names(&mut conn), Vec::<String>::new());

    // And they can be created again, empty.
    blog::metadata().create_all(engine).unwrap();
    assert_eq!(count_rows(&mut conn, "users"), 0);
}

fn tables_are_created_in_foreign_key_order_whatever_the_declaration_order(db: &TestDb) {
    // `posts` declared before the `users` it references.
    let metadata = MetaData::new()
        .table(<Posts as Table>::def())
        .table(<Users as Table>::def());
    let order: Vec<&str> = metadata
        .sorted_tables()
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(order, ["users", "posts"]);

    let engine = db.engine();
    metadata.create_all(engine).unwrap();
    let mut conn = engine.connection().unwrap();
    assert_eq!(table_names(&mut conn), ["posts", "users"]);

    // The foreign key is really there: a post of a missing user is refused.
    let error = conn.insert(new_post(42, "orphan")).unwrap_err();
    assert!(
        matches!(
            error,
            Error::Constraint {
                kind: ConstraintKind::ForeignKey,
                ..
            }
        ),
        "{error:?}"
    );

    let ada = conn.insert(new_user("Ada", None)).unwrap();
    conn.insert(new_post(ada, "Hello")).unwrap();
    // drop_all must drop posts before users: PostgreSQL and MySQL refuse to drop a table
    // another one references, and SQLite with foreign keys on would delete its rows first.
    metadata.drop_all(engine).unwrap();
    assert_eq!(table_names(&mut conn), Vec::<String>::new());
}

fn a_foreign_key_to_a_table_outside_the_metadata_is_a_schema_error(db: &TestDb) {
    let engine = db.engine();
    let metadata = MetaData::new().table(<Posts as Table>::def());
    let error = metadata.create_all(engine).unwrap_err();
    match &error {
        Error::Schema(message) => assert!(message.contains("`users`"), "{message}"),
        other => panic!("expected Error::Schema, got {other:?}"),
    }
    let mut conn = engine.connection().unwrap();
    assert_eq!(table_names(&mut conn), Vec::<String>::new());
}

fn a_failing_create_all_creates_nothing(db: &TestDb) {
    // The second table's DDL is invalid; the first must be rolled back with it — where DDL
    // is transactional. MySQL commits each CREATE TABLE by itself (create_all documents it),
    // so there the first table stays.
    let metadata = MetaData::new()
        .table(
            TableDef::new("good")
                .column(ColumnDef::new("id", ColumnType::BigInt).autoincrement())
                .primary_key(["id"]),
        )
        .table(
            TableDef::new("bad")
                .column(ColumnDef::new("id", ColumnType::BigInt))
                .column(ColumnDef::new("id", ColumnType::BigInt)),
        );
    let engine = db.engine();
    let error = metadata.create_all(engine).unwrap_err();
    match &error {
        Error::Database { message, sql, .. } => {
            match db.backend {
                // `duplicate column name: id`
                Backend::Sqlite => assert!(message.contains("duplicate column"), "{message}"),
                // `column "id" specified more than once`
                Backend::Postgres => {
                    assert!(message.contains("specified more than once"), "{message}")
                }
                // `Duplicate column name 'id'`
                Backend::Mysql => {
                    assert!(message.contains("Duplicate column name"), "{message}")
                }
            }
            assert!(sql.contains("bad"), "{sql}");
        }
        other => panic!("expected Error::Database, got {other:?}"),
    }
    let left_behind: &[&str] = match db.backend {
        Backend::Sqlite | Backend::Postgres => &[],
        Backend::Mysql => &["good"],
    };
    let mut conn = engine.connection().unwrap();
    assert_eq!(table_names(&mut conn), left_behind);

    // A foreign key naming a missing column is refused before anything runs.
    let metadata = MetaData::new().table(<Users as Table>::def()).table(
        TableDef::new("notes")
            .column(ColumnDef::new("user_id", ColumnType::BigInt))
            .foreign_key(ForeignKeyDef::new(["user_id"], "users", ["uid"])),
    );
    let error = metadata.create_all(engine).unwrap_err();
    assert!(matches!(error, Error::Schema(_)), "{error:?}");
    assert_eq!(table_names(&mut conn), left_behind);
}

// ---------------------------------------------------------------------------------------
// Transactions

fn a_committed_transaction_persists(db: &TestDb) {
    let mut conn = db.blog();
    let mut tx = conn.transaction().unwrap();
    let ada = tx.insert(new_user("Ada", None)).unwrap();
    tx.insert(new_post(ada, "Hello")).unwrap();
    tx.commit().unwrap();

    // Visible on the same connection and on another one.
    assert_eq!(count_rows(&mut conn, "posts"), 1);
    let mut other = db.engine().connection().unwrap();
    assert_eq!(count_rows(&mut other, "users"), 1);
    assert_eq!(count_rows(&mut other, "posts"), 1);
}

fn an_explicit_rollback_discards_the_changes(db: &TestDb) {
    let mut conn = db.blog();
    conn.insert(new_user("Ada", None)).unwrap();

    let mut tx = conn.transaction().unwrap();
    tx.insert(new_user("Grace", None)).unwrap();
    tx.execute(Users.update().set(users::NAME, "Ada L."))
        .unwrap();
    // Inside the transaction the changes are visible.
    assert_eq!(count_rows(&mut tx, "users"), 2);
    tx.rollback().unwrap();

    let names: Vec<String> = conn
        .all(retort::select(users::NAME).from(Users).order_by(users::ID))
        .unwrap();
    assert_eq!(names, ["Ada"]);
}

fn dropping_a_transaction_without_commit_rolls_back(db: &TestDb) {
    let mut conn = db.blog();
    {
        let mut tx = conn.transaction().unwrap();
        tx.insert(new_user("Ada", None)).unwrap();
        assert_eq!(count_rows(&mut tx, "users"), 1);
    }
    assert_eq!(count_rows(&mut conn, "users"), 0);

    // The connection is usable afterwards, also for a new transaction.
    let mut tx = conn.transaction().unwrap();
    let grace = tx.insert(new_user("Grace", None)).unwrap();
    tx.commit().unwrap();
    assert_eq!(count_rows(&mut conn, "users"), 1);

    // The rolled-back insert consumed id 1 on PostgreSQL (sequences are not transactional)
    // and MySQL (InnoDB's auto-increment counter is not either); SQLite reuses it.
    let expected = match db.backend {
        Backend::Sqlite => 1,
        Backend::Postgres | Backend::Mysql => 2,
    };
    assert_eq!(grace, expected);
    let ids: Vec<i64> = conn.all(retort::select(users::ID).from(Users)).unwrap();
    assert_eq!(ids, [expected]);
}

fn a_transaction_is_rolled_back_when_a_panic_unwinds_through_it(db: &TestDb) {
    let mut conn = db.blog();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut tx = conn.transaction().unwrap();
        tx.insert(new_user("Ada", None)).unwrap();
        panic!("boom");
    }));
    assert!(result.is_err());
    assert_eq!(count_rows(&mut conn, "users"), 0);
}

/// Creates a user and a post in one transaction; fails half-way when `title` is `None`
/// by inserting a duplicate email.
fn create_user_with_post(
    conn: &mut Connection,
    email: &str,
    title: Option<&str>,
) -> retort::Result<i64> {
    let mut tx = conn.transaction()?;
    let id = tx.insert(new_user("Ada", Some(email)))?;
    match title {
        Some(title) => {
            tx.insert(new_post(id, title))?;
        }
        None => {
            tx.insert(new_user("Ada's twin", Some(email)))?;
        }
    }
    tx.commit()?;
    Ok(id)
}

fn an_error_returned_with_question_mark_inside_a_transaction_leaves_nothing_behind(db: &TestDb) {
    let mut conn = db.blog();
    let error = create_user_with_post(&mut conn, "ada@example.com", None).unwrap_err();
    assert!(
        matches!(
            error,
            Error::Constraint {
                kind: ConstraintKind::Unique,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(count_rows(&mut conn, "users"), 0);
    assert_eq!(count_rows(&mut conn, "posts"), 0);

    // The same helper succeeds when nothing fails, on the same connection.
    let id = create_user_with_post(&mut conn, "ada@example.com", Some("Hello")).unwrap();
    let titles: Vec<String> = conn
        .all(
            retort::select(posts::TITLE)
                .from(Posts)
                .filter(posts::USER_ID.eq(id)),
        )
        .unwrap();
    assert_eq!(titles, ["Hello"]);
}

/// Two connections of one engine (on SQLite the harness's database is a file, so they are
/// separate connections to one database).
fn uncommitted_changes_are_invisible_to_other_connections(db: &TestDb) {
    let engine = db.engine();
    blog::metadata().create_all(engine).unwrap();
    let mut writer = engine.connection().unwrap();
    let mut reader = engine.connection().unwrap();

    let mut tx = writer.transaction().unwrap();
    tx.insert(new_user("Ada", None)).unwrap();
    assert_eq!(count_rows(&mut tx, "users"), 1);
    assert_eq!(count_rows(&mut reader, "users"), 0);
    tx.commit().unwrap();
    assert_eq!(count_rows(&mut reader, "users"), 1);
}

database_tests!(
    create_all_creates_the_tables_and_is_idempotent,
    drop_all_removes_the_tables_and_is_idempotent,
    tables_are_created_in_foreign_key_order_whatever_the_declaration_order,
    a_foreign_key_to_a_table_outside_the_metadata_is_a_schema_error,
    a_failing_create_all_creates_nothing,
    a_committed_transaction_persists,
    an_explicit_rollback_discards_the_changes,
    dropping_a_transaction_without_commit_rolls_back,
    a_transaction_is_rolled_back_when_a_panic_unwinds_through_it,
    an_error_returned_with_question_mark_inside_a_transaction_leaves_nothing_behind,
    uncommitted_changes_are_invisible_to_other_connections,
);
