//! Transactions on every database: nested ones as savepoints, isolation levels, read-only
//! transactions, the closure form; and the statement events tests count statements with.
//! Written once (`#[dual]`), run on the sync and the async API.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use common::{TestDb, new_user};
use retort::__doc_tables::{Users, users};
use retort::select;

#[retort_dual::dual]
mod cases {
    use std::sync::{Arc, Mutex};

    use crate::common::{Backend, new_user};
    use retort::__doc_tables::{Users, users};
    use retort::prelude::*;
    use retort::{IsolationLevel, TransactionOptions, select};

    pub async fn names(conn: &mut Connection) -> Vec<String> {
        conn.all(select(users::NAME).from(Users).order_by(users::ID))
            .await
            .unwrap()
    }

    pub async fn a_nested_transaction_is_a_savepoint(db: &TestDb) {
        let mut conn = db.blog().await;
        let mut outer = conn.transaction().await.unwrap();
        outer.insert(new_user("Ada", None)).await.unwrap();

        // Rolled back: only its own work goes.
        let mut inner = outer.transaction().await.unwrap();
        inner.insert(new_user("Grace", None)).await.unwrap();
        inner.rollback().await.unwrap();

        // Committed: its work stays, for the outer transaction to keep.
        let mut inner = outer.transaction().await.unwrap();
        inner.insert(new_user("Linus", None)).await.unwrap();
        {
            // Dropped two levels down: rolled back.
            let mut deepest = inner.transaction().await.unwrap();
            deepest.insert(new_user("Ken", None)).await.unwrap();
        }
        inner.commit().await.unwrap();
        outer.commit().await.unwrap();
        assert_eq!(names(&mut conn).await, ["Ada", "Linus"]);

        // The outer rollback undoes a committed savepoint too.
        let mut outer = conn.transaction().await.unwrap();
        let inner = outer.transaction().await.unwrap();
        inner.commit().await.unwrap();
        outer.insert(new_user("Barbara", None)).await.unwrap();
        outer.rollback().await.unwrap();
        assert_eq!(names(&mut conn).await, ["Ada", "Linus"]);
    }

    /// A failed statement inside a savepoint is undone with it, and the outer transaction
    /// goes on (on PostgreSQL, where the failure aborts the whole transaction otherwise).
    pub async fn a_failure_inside_a_savepoint_leaves_the_outer_transaction_usable(db: &TestDb) {
        let mut conn = db.blog().await;
        conn.insert(new_user("Ada", Some("ada@x"))).await.unwrap();
        let mut outer = conn.transaction().await.unwrap();
        outer.insert(new_user("Grace", None)).await.unwrap();
        let failed = outer
            .with_transaction(async |tx| tx.insert(new_user("Ada again", Some("ada@x"))).await)
            .await;
        assert!(
            matches!(failed, Err(Error::Constraint { .. })),
            "{failed:?}"
        );
        outer.insert(new_user("Linus", None)).await.unwrap();
        outer.commit().await.unwrap();
        assert_eq!(names(&mut conn).await, ["Ada", "Grace", "Linus"]);
    }

    pub async fn options_belong_to_the_outermost_transaction(db: &TestDb) {
        let mut conn = db.blog().await;
        let mut outer = conn.transaction().await.unwrap();
        let error = outer
            .transaction_with(TransactionOptions::new().read_only())
            .await
            .err()
            .expect("refused");
        assert!(matches!(error, Error::InvalidStatement(_)), "{error:?}");
        outer.commit().await.unwrap();
    }

    /// Each isolation level behaves as such: a row another connection changes and commits
    /// mid-transaction is seen at READ COMMITTED, not at REPEATABLE READ; at SERIALIZABLE,
    /// PostgreSQL keeps the snapshot and MySQL's InnoDB holds a read lock the other writer
    /// waits on. (SQLite is always serializable; its writers wait for readers instead.)
    pub async fn isolation_levels_behave_as_such(db: &TestDb) {
        let mut conn = db.blog().await;
        let id = conn.insert(new_user("Ada", None)).await.unwrap();
        let mut other = db.connection().await;
        if db.backend == Backend::Mysql {
            other
                .execute_batch("SET SESSION innodb_lock_wait_timeout = 1")
                .await
                .unwrap();
        }
        let name_of = async |conn: &mut Connection| -> String {
            conn.one(select(users::NAME).from(Users).filter(users::ID.eq(id)))
                .await
                .unwrap()
        };
        for (level, new_name) in [
            (IsolationLevel::ReadCommitted, "Ada 1"),
            (IsolationLevel::RepeatableRead, "Ada 2"),
            (IsolationLevel::Serializable, "Ada 3"),
        ] {
            let mut tx = conn
                .transaction_with(TransactionOptions::new().isolation(level))
                .await
                .unwrap();
            let before = name_of(&mut tx).await;
            let changed = other
                .execute(
                    Users
                        .update()
                        .set(users::NAME, new_name)
                        .filter(users::ID.eq(id)),
                )
                .await;
            let seen = name_of(&mut tx).await;
            match (db.backend, level) {
                (_, IsolationLevel::ReadCommitted) => {
                    changed.unwrap();
                    assert_eq!(seen, new_name);
                }
                (Backend::Mysql, IsolationLevel::Serializable) => {
                    assert!(
                        matches!(changed, Err(Error::LockTimeout { .. })),
                        "{changed:?}"
                    );
                    assert_eq!(seen, before);
                }
                _ => {
                    changed.unwrap();
                    assert_eq!(
                        seen, before,
                        "{level:?} saw a change committed after it began"
                    );
                }
            }
            tx.commit().await.unwrap();
        }
    }

    /// Writes in a read-only transaction fail; the connection writes again afterwards.
    pub async fn a_read_only_transaction_refuses_writes(db: &TestDb) {
        let mut conn = db.blog().await;
        conn.insert(new_user("Ada", None)).await.unwrap();
        let mut tx = conn
            .transaction_with(TransactionOptions::new().read_only())
            .await
            .unwrap();
        assert_eq!(names(&mut tx).await, ["Ada"]);
        let refused = tx.insert(new_user("Grace", None)).await;
        assert!(refused.is_err(), "{refused:?}");
        drop(tx);
        conn.insert(new_user("Linus", None)).await.unwrap();
        assert_eq!(names(&mut conn).await, ["Ada", "Linus"]);
    }

    pub async fn the_closure_form_commits_on_ok_and_rolls_back_on_err(db: &TestDb) {
        let mut conn = db.blog().await;
        let id = conn
            .with_transaction(async |tx| tx.insert(new_user("Ada", None)).await)
            .await
            .unwrap();
        assert_eq!(names(&mut conn).await, ["Ada"]);

        #[derive(Debug)]
        enum AppError {
            Db(Error),
            NotAllowed,
        }
        impl From<Error> for AppError {
            fn from(error: Error) -> Self {
                AppError::Db(error)
            }
        }
        let refused: Result<(), AppError> = conn
            .with_transaction(async |tx| {
                tx.insert(new_user("Grace", None)).await?;
                Err(AppError::NotAllowed)
            })
            .await;
        assert!(matches!(refused, Err(AppError::NotAllowed)), "{refused:?}");
        assert_eq!(names(&mut conn).await, ["Ada"]);
        // A database error converts into the caller's error type through `?`.
        let duplicate: Result<i64, AppError> = conn
            .with_transaction(async |tx| {
                let new = tx
                    .insert(users::NewUser {
                        name: "Ada".into(),
                        email: None,
                    })
                    .await?;
                let missing = tx
                    .one(select(users::ID).from(Users).filter(users::ID.eq(id + 100)))
                    .await?;
                Ok(new + missing)
            })
            .await;
        match duplicate {
            Err(AppError::Db(Error::NotFound)) => {}
            other => panic!("expected the NotFound of the select, got {other:?}"),
        }
        assert_eq!(names(&mut conn).await, ["Ada"]);
        // The engine form works too.
        db.engine()
            .with_transaction(async |tx| {
                tx.execute(
                    Users
                        .update()
                        .set(users::NAME, "Ada L.")
                        .filter(users::ID.eq(id)),
                )
                .await
            })
            .await
            .unwrap();
        assert_eq!(names(&mut conn).await, ["Ada L."]);
    }

    /// Listeners see every statement, with its SQL, parameter count and error, and can be
    /// removed.
    pub async fn statement_events_count_and_show_what_ran(db: &TestDb) {
        let mut conn = db.blog().await;
        let seen: Arc<Mutex<Vec<(String, usize, bool)>>> = Arc::default();
        let log = seen.clone();
        let id = db.engine().on_statement(move |event| {
            log.lock().unwrap().push((
                event.sql.to_owned(),
                event.parameters,
                event.error.is_some(),
            ));
        });
        conn.with_transaction(async |tx| {
            tx.insert(new_user("Ada", Some("ada@x"))).await?;
            tx.insert(new_user("Grace", None)).await
        })
        .await
        .unwrap();
        let _ = conn.insert(new_user("Ada again", Some("ada@x"))).await;
        assert_eq!(count_rows(&mut conn, "users").await, 2);

        let seen_now = seen.lock().unwrap().clone();
        let statements: Vec<&str> = seen_now.iter().map(|(sql, ..)| sql.as_str()).collect();
        assert_eq!(statements.len(), 6, "{statements:#?}");
        assert!(statements[0].starts_with("BEGIN") || statements[0].starts_with("START"));
        assert!(statements[1].starts_with("INSERT INTO"));
        assert_eq!(seen_now[1].1, 2, "two bound values");
        assert!(statements[2].starts_with("INSERT INTO"));
        assert_eq!(statements[3], "COMMIT");
        assert!(seen_now[4].2, "the failed insert carries its error");
        assert!(statements[5].starts_with("SELECT COUNT(*)"));
        assert!(
            seen_now.iter().all(|(sql, ..)| !sql.contains("ada@x")),
            "values are bound, never in the SQL"
        );

        assert!(db.engine().remove_listener(id));
        assert!(!db.engine().remove_listener(id));
        count_rows(&mut conn, "users").await;
        assert_eq!(seen.lock().unwrap().len(), 6);
    }

    /// `close` cleans a connection left dirty (raw SQL opened a transaction) before it
    /// returns, not in a task the runtime runs later.
    pub async fn close_cleans_the_connection_before_it_returns(db: &TestDb) {
        let mut conn = db.blog().await;
        conn.execute_batch("BEGIN").await.unwrap();
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let log = seen.clone();
        db.engine()
            .on_statement(move |event| log.lock().unwrap().push(event.sql.to_owned()));
        conn.close().await;
        assert_eq!(*seen.lock().unwrap(), ["-- reset the session"]);
        let mut conn = db.connection().await;
        assert_eq!(count_rows(&mut conn, "users").await, 0);
    }
}

/// A panic inside the closure form rolls back (sync only: a panicking future is not
/// caught by the async form, whose guard rolls back when the task is dropped).
fn the_closure_form_rolls_back_on_panic(db: &TestDb) {
    let mut conn = db.blog();
    conn.insert(new_user("Ada", None)).unwrap();
    let panicked = catch_unwind(AssertUnwindSafe(|| {
        conn.with_transaction(|tx| -> retort::Result<()> {
            tx.insert(new_user("Linus", None))?;
            panic!("boom");
        })
    }));
    assert!(panicked.is_err());
    assert_eq!(cases::sync::names(&mut conn), ["Ada"]);
    // The connection is clean afterwards.
    let ada = conn
        .one(select(users::ID).from(Users).filter(users::NAME.eq("Ada")))
        .unwrap();
    assert_eq!(ada, 1);
}

mod servers {
    use super::*;
    database_tests!(
        dual cases on [postgres, mysql] async on [postgres, mysql]: isolation_levels_behave_as_such
    );
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    a_nested_transaction_is_a_savepoint,
    a_failure_inside_a_savepoint_leaves_the_outer_transaction_usable,
    options_belong_to_the_outermost_transaction,
    a_read_only_transaction_refuses_writes,
    the_closure_form_commits_on_ok_and_rolls_back_on_err,
    statement_events_count_and_show_what_ran,
    close_cleans_the_connection_before_it_returns,
);

mod panics {
    use super::*;
    database_tests!(the_closure_form_rolls_back_on_panic);
}
