//! `Connection::insert_many`: rows that set the same columns share a multi-row INSERT,
//! split where a statement would bind more values than the database allows; the whole
//! insert is all or nothing, a savepoint inside a transaction; oversized values are refused
//! before anything is sent.

mod common;

/// A table whose every settable column has a default, in the shape `retort-codegen`
/// generates: the insert struct's fields are `Option`s, and a field left `None` leaves its
/// column out of the INSERT.
pub mod notes {
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
    pub struct Notes;

    pub const ID: retort::Column<Notes, i64> = retort::Column::new("id");

    #[derive(Debug, Clone, PartialEq)]
    pub struct Note {
        pub id: i64,
        pub body: String,
        pub rank: i32,
        pub tag: String,
    }

    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct NewNote {
        pub body: Option<String>,
        pub rank: Option<i32>,
        pub tag: Option<String>,
    }

    impl retort::Table for Notes {
        type Row = Note;
        type PrimaryKey = i64;
        const NAME: &'static str = "notes";
        const COLUMNS: &'static [&'static str] = &["id", "body", "rank", "tag"];
        const PRIMARY_KEY: &'static [&'static str] = &["id"];

        fn def() -> retort::TableDef {
            retort::TableDef::new("notes")
                .column(retort::ColumnDef::new("id", retort::ColumnType::BigInt).autoincrement())
                .column(
                    retort::ColumnDef::new("body", retort::ColumnType::Varchar(Some(40)))
                        .default_value("untitled"),
                )
                .column(
                    retort::ColumnDef::new("rank", retort::ColumnType::Integer).default_value(0),
                )
                .column(
                    retort::ColumnDef::new("tag", retort::ColumnType::Varchar(Some(10)))
                        .default_value("none"),
                )
                .primary_key(["id"])
        }
    }

    impl retort::FromRow for Note {
        type Output = Self;
        fn width() -> usize {
            4
        }
        fn from_row(row: &retort::Row<'_>, start: usize) -> retort::Result<Self> {
            Ok(Note {
                id: row.get(start)?,
                body: row.get(start + 1)?,
                rank: row.get(start + 2)?,
                tag: row.get(start + 3)?,
            })
        }
    }

    impl retort::TableRow for Note {
        type Table = Notes;
        fn column_value(&self, column: &str) -> Option<retort::sea_query::Value> {
            match column {
                "id" => Some(retort::ColumnValue::into_value(self.id)),
                "body" => Some(retort::ColumnValue::into_value(self.body.clone())),
                "rank" => Some(retort::ColumnValue::into_value(self.rank)),
                "tag" => Some(retort::ColumnValue::into_value(self.tag.clone())),
                _ => None,
            }
        }
    }

    impl retort::Insertable for NewNote {
        type Table = Notes;
        fn into_values(self) -> Vec<(&'static str, retort::sea_query::Value)> {
            let mut values = vec![];
            if let Some(value) = self.body {
                values.push(("body", retort::ColumnValue::into_value(value)));
            }
            if let Some(value) = self.rank {
                values.push(("rank", retort::ColumnValue::into_value(value)));
            }
            if let Some(value) = self.tag {
                values.push(("tag", retort::ColumnValue::into_value(value)));
            }
            values
        }
    }
}

/// The statements the engine ran while this log was listening: (SQL, parameters).
type Log = Arc<Mutex<Vec<(String, usize)>>>;

#[allow(unused_imports)]
use common::{TestDb, count_rows, new_user};
#[allow(unused_imports)]
use notes::{NewNote, Note, Notes};
#[allow(unused_imports)]
use retort::__doc_tables::{Users, users};
#[allow(unused_imports)]
use retort::prelude::*;
#[allow(unused_imports)]
use retort::{ConstraintKind, Dialect};
#[allow(unused_imports)]
use std::sync::{Arc, Mutex};

#[retort_dual::dual]
mod cases {
    use crate::Log;
    use crate::common::new_user;
    use crate::notes::{self, NewNote, Note, Notes};
    use retort::__doc_tables::{Users, users};
    use retort::prelude::*;
    use retort::{ConstraintKind, Dialect};
    use std::sync::Arc;

    pub async fn listen(db: &TestDb) -> Log {
        let log: Log = Arc::default();
        let sink = log.clone();
        db.engine().on_statement(move |event| {
            sink.lock()
                .unwrap()
                .push((event.sql.to_owned(), event.parameters));
        });
        log
    }

    /// The INSERT statements of `log`, as (SQL, parameters).
    pub fn inserts(log: &Log) -> Vec<(String, usize)> {
        log.lock()
            .unwrap()
            .iter()
            .filter(|(sql, _)| sql.starts_with("INSERT"))
            .cloned()
            .collect()
    }

    /// The documented bound-parameter limit of each database.
    pub fn parameter_limit(dialect: Dialect) -> usize {
        match dialect {
            Dialect::Sqlite => 32_766,
            Dialect::Postgres | Dialect::Mysql => 65_535,
        }
    }

    pub fn users_named(prefix: &str, count: usize) -> Vec<users::NewUser> {
        (0..count)
            .map(|i| new_user(&format!("{prefix} {i}"), Some(&format!("{prefix}{i}@x"))))
            .collect()
    }

    /// The names of all users, by id.
    pub async fn user_names(conn: &mut Connection) -> Vec<String> {
        conn.all(select(users::NAME).from(Users).order_by(users::ID.asc()))
            .await
            .unwrap()
    }

    pub fn note(body: Option<&str>, rank: Option<i32>, tag: Option<&str>) -> NewNote {
        NewNote {
            body: body.map(Into::into),
            rank,
            tag: tag.map(Into::into),
        }
    }

    pub async fn notes_db(db: &TestDb) -> Connection {
        retort::MetaData::new()
            .table(<Notes as Table>::def())
            .create_all(db.engine())
            .await
            .expect("create notes");
        db.connection().await
    }

    pub async fn many_rows_go_into_one_statement(db: &TestDb) {
        let mut conn = db.blog().await;
        let log = listen(db).await;
        let inserted = conn.insert_many(users_named("user", 100)).await.unwrap();
        assert_eq!(inserted, 100);
        let statements = log.lock().unwrap().clone();
        // One statement, atomic by itself: no transaction around it.
        assert_eq!(statements.len(), 1, "{statements:?}");
        assert!(statements[0].0.starts_with("INSERT"));
        assert_eq!(statements[0].1, 200);
        let expected: Vec<String> = (0..100).map(|i| format!("user {i}")).collect();
        assert_eq!(user_names(&mut conn).await, expected);
    }

    pub async fn a_large_insert_is_split_under_the_parameter_limit(db: &TestDb) {
        let mut conn = db.blog().await;
        let log = listen(db).await;
        let count = 40_000;
        let inserted = conn.insert_many(users_named("user", count)).await.unwrap();
        assert_eq!(inserted, count as u64);

        let limit = parameter_limit(db.dialect());
        let rows_per_statement = limit / 2;
        let statements = inserts(&log);
        assert_eq!(statements.len(), count.div_ceil(rows_per_statement));
        for (_, parameters) in &statements {
            assert!(*parameters <= limit, "{parameters} > {limit}");
        }
        assert_eq!(statements[0].1, rows_per_statement * 2);
        let bound: usize = statements.iter().map(|(_, p)| p).sum();
        assert_eq!(bound, count * 2);
        // Several statements: one transaction around them.
        let all = log.lock().unwrap().clone();
        assert!(all.first().unwrap().0.contains("BEGIN") || all[0].0.contains("START"));
        assert_eq!(all.last().unwrap().0, "COMMIT");

        let expected: Vec<String> = (0..count).map(|i| format!("user {i}")).collect();
        assert_eq!(user_names(&mut conn).await, expected);
    }

    pub async fn a_statement_binds_exactly_up_to_the_limit(db: &TestDb) {
        // Three values a row divide both 32766 and 65535: full statements bind the limit exactly.
        let mut conn = notes_db(db).await;
        let log = listen(db).await;
        let count = 50_000;
        let rows: Vec<NewNote> = (0..count)
            .map(|i| note(Some(&format!("note {i}")), Some(i), Some("t")))
            .collect();
        assert_eq!(conn.insert_many(rows).await.unwrap(), count as u64);

        let limit = parameter_limit(db.dialect());
        let statements = inserts(&log);
        assert_eq!(statements.len(), (count as usize * 3).div_ceil(limit));
        let (last, full) = statements.split_last().unwrap();
        for (_, parameters) in full {
            assert_eq!(*parameters, limit);
        }
        assert_eq!(last.1, count as usize * 3 - full.len() * limit);

        let stored = conn
            .all(Notes.select().order_by(notes::ID.asc()))
            .await
            .unwrap();
        assert_eq!(stored.len(), count as usize);
        for (i, row) in stored.iter().enumerate() {
            assert_eq!(
                (row.body.as_str(), row.rank),
                (format!("note {i}").as_str(), i as i32)
            );
        }
    }

    pub async fn rows_with_different_columns(db: &TestDb) {
        let mut conn = notes_db(db).await;
        let log = listen(db).await;
        let rows = vec![
            note(Some("a"), Some(1), None),
            note(Some("b"), Some(2), None),
            note(Some("c"), None, None),
            note(Some("d"), None, None),
            note(Some("e"), Some(5), None),
            note(None, None, None),
            note(None, None, None),
            note(None, Some(8), Some("x")),
            note(Some("i"), Some(9), Some("y")),
            note(Some("j"), Some(10), Some("z")),
        ];
        assert_eq!(conn.insert_many(rows).await.unwrap(), 10);

        // Runs of the same columns: (a, b) (c, d) (e) () () (8) (i, j).
        let parameters: Vec<usize> = inserts(&log).iter().map(|(_, p)| *p).collect();
        assert_eq!(parameters, [4, 2, 2, 0, 0, 2, 6]);

        let stored: Vec<(String, i32, String)> = conn
            .all(Notes.select().order_by(notes::ID.asc()))
            .await
            .unwrap()
            .into_iter()
            .map(
                |Note {
                     body, rank, tag, ..
                 }| (body, rank, tag),
            )
            .collect();
        let expected = [
            ("a", 1, "none"),
            ("b", 2, "none"),
            ("c", 0, "none"),
            ("d", 0, "none"),
            ("e", 5, "none"),
            ("untitled", 0, "none"),
            ("untitled", 0, "none"),
            ("untitled", 8, "x"),
            ("i", 9, "y"),
            ("j", 10, "z"),
        ]
        .map(|(body, rank, tag)| (body.to_owned(), rank, tag.to_owned()));
        assert_eq!(stored, expected);
    }

    pub async fn rows_of_defaults_only(db: &TestDb) {
        let mut conn = notes_db(db).await;
        assert_eq!(
            conn.insert_many(vec![NewNote::default(); 3]).await.unwrap(),
            3
        );
        assert_eq!(count_rows(&mut conn, "notes").await, 3);
        let ids: Vec<i64> = conn
            .all(select(notes::ID).from(Notes).order_by(notes::ID.asc()))
            .await
            .unwrap();
        assert_eq!(ids, [1, 2, 3]);
    }

    pub async fn zero_rows_send_nothing(db: &TestDb) {
        let mut conn = db.blog().await;
        let log = listen(db).await;
        assert_eq!(
            conn.insert_many(Vec::<users::NewUser>::new())
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            conn.insert_many(std::iter::empty::<NewNote>())
                .await
                .unwrap(),
            0
        );
        assert!(log.lock().unwrap().is_empty());
    }

    pub async fn a_failure_in_a_later_statement_inserts_nothing(db: &TestDb) {
        let mut conn = db.blog().await;
        let log = listen(db).await;
        let mut rows = users_named("user", 40_000);
        // The last row repeats the first one's unique e-mail: the last statement fails.
        rows.last_mut().unwrap().email = Some("user0@x".into());
        let error = conn.insert_many(rows).await.unwrap_err();
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
        assert!(
            inserts(&log).len() > 1,
            "the failure is in a later statement"
        );
        assert_eq!(count_rows(&mut conn, "users").await, 0);

        // The connection is usable again, outside any transaction.
        assert_eq!(conn.insert_many(users_named("again", 3)).await.unwrap(), 3);
        drop(conn);
        let mut fresh = db.connection().await;
        assert_eq!(
            user_names(&mut fresh).await,
            ["again 0", "again 1", "again 2"]
        );
    }

    pub async fn inside_a_transaction_it_is_a_savepoint(db: &TestDb) {
        let mut conn = db.blog().await;
        let log = listen(db).await;
        let mut tx = conn.transaction().await.unwrap();
        tx.insert(new_user("outer", None)).await.unwrap();
        assert_eq!(
            tx.insert_many(users_named("user", 40_000)).await.unwrap(),
            40_000
        );
        assert!(
            log.lock()
                .unwrap()
                .iter()
                .any(|(sql, _)| sql.starts_with("SAVEPOINT"))
        );

        // A failing insert_many undoes only its own rows; the transaction goes on.
        let mut failing = users_named("failing", 40_000);
        failing.last_mut().unwrap().email = Some("user0@x".into());
        assert!(tx.insert_many(failing).await.is_err());
        assert_eq!(count_rows(&mut tx, "users").await, 40_001);

        tx.rollback().await.unwrap();
        assert_eq!(count_rows(&mut conn, "users").await, 0);
    }

    pub async fn a_committed_transaction_keeps_the_rows(db: &TestDb) {
        let mut conn = db.blog().await;
        conn.with_transaction(async |tx| tx.insert_many(users_named("user", 40_000)).await)
            .await
            .unwrap();
        drop(conn);
        assert_eq!(
            count_rows(&mut db.connection().await, "users").await,
            40_000
        );
    }

    pub async fn a_value_too_long_is_refused_before_anything_is_sent(db: &TestDb) {
        let mut conn = db.blog().await;
        let log = listen(db).await;
        let mut rows = users_named("user", 40_000);
        rows[30_000].name = "x".repeat(101);
        let error = conn.insert_many(rows).await.unwrap_err();
        match &error {
            Error::Unsupported(message) => {
                assert!(message.contains("row 30000"), "{message}");
                assert!(message.contains("users.name"), "{message}");
            }
            other => panic!("expected Unsupported, got {other:?}"),
        }
        assert!(log.lock().unwrap().is_empty(), "nothing is sent");
        assert_eq!(count_rows(&mut conn, "users").await, 0);
    }

    /// The limits `insert_many` splits at are the databases' own: a statement binding exactly
    /// that many values runs, one more is refused (on PostgreSQL the count no longer fits the
    /// protocol's 16 bits and the driver loses the connection).
    pub async fn the_limit_is_the_databases(db: &TestDb) {
        use retort::sea_query::{self, Expr, ExprTrait};
        let mut conn = db.connection().await;
        let query = |parameters: usize| {
            let mut statement = sea_query::Query::select();
            statement
                .expr(Expr::cust("1"))
                .and_where(Expr::cust("0").is_in((0..parameters).map(|i| i as i64)));
            retort::Select::<i64>::from_statement(statement)
        };
        let limit = parameter_limit(db.dialect());
        assert_eq!(conn.all(query(limit)).await.unwrap(), [1]);
        assert!(conn.all(query(limit + 1)).await.is_err());
    }
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    many_rows_go_into_one_statement,
    a_large_insert_is_split_under_the_parameter_limit,
    a_statement_binds_exactly_up_to_the_limit,
    rows_with_different_columns,
    rows_of_defaults_only,
    zero_rows_send_nothing,
    a_failure_in_a_later_statement_inserts_nothing,
    inside_a_transaction_it_is_a_savepoint,
    a_committed_transaction_keeps_the_rows,
    a_value_too_long_is_refused_before_anything_is_sent,
    the_limit_is_the_databases,
);
