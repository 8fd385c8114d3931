//! The pool and the errors callers retry on: pool settings from the URL and the builder,
//! waiting for a free connection, a killed connection costing one failed statement, and
//! deadlocks, serialization failures and lock timeouts as distinct errors. The tests on one
//! connection at a time (`cases`) run on the async API too; those that need several threads
//! at once stay sync.

mod common;

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::{Backend, TestDb};
use retort::{Engine, Error};

/// `url` with `parameters` added to its query.
fn with_parameters(url: &str, parameters: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{parameters}")
}

/// The tests on one connection at a time, written once (`#[dual]`) and run on the sync and
/// the async API: the async drivers map a killed session, a refused COMMIT or an aborted
/// transaction to the same errors, and clean a connection the same way.
#[retort_dual::dual]
mod cases {
    use std::time::Duration;

    use crate::common::Backend;
    use crate::with_parameters;
    use retort::sea_query::{Expr, Query};
    use retort::{Error, Select};

    pub async fn select_one(connection: &mut Connection) -> retort::Result<i64> {
        let mut statement = Query::select();
        statement.expr(Expr::cust("1"));
        connection
            .one(Select::<i64>::from_statement(statement))
            .await
    }

    pub async fn scalar(connection: &mut Connection, sql: &str) -> i64 {
        let mut statement = Query::select();
        statement.expr(Expr::cust(format!("({sql})")));
        connection
            .one(Select::<i64>::from_statement(statement))
            .await
            .unwrap()
    }

    /// The statement that kills `connection`'s session on the server.
    pub async fn session(db: &TestDb, connection: &mut Connection) -> String {
        match db.backend {
            Backend::Postgres => format!(
                "SELECT pg_terminate_backend({})",
                scalar(connection, "SELECT pg_backend_pid()").await
            ),
            Backend::Mysql => format!(
                "KILL {}",
                scalar(connection, "SELECT CONNECTION_ID()").await
            ),
            Backend::Sqlite => unreachable!("SQLite has no server sessions"),
        }
    }

    pub async fn accounts(db: &TestDb) {
        db.connection()
            .await
            .execute_batch(
                "CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)",
            )
            .await
            .unwrap();
        db.connection()
            .await
            .execute_batch("INSERT INTO accounts (id, balance) VALUES (1, 100), (2, 100)")
            .await
            .unwrap();
    }

    pub async fn a_killed_connection_costs_one_failed_statement(db: &TestDb) {
        let engine = Engine::connect(&with_parameters(db.url(), "pool_size=2"))
            .await
            .unwrap();
        let mut victim = engine.connection().await.unwrap();
        let kill = session(db, &mut victim).await;

        let mut killer = engine.connection().await.unwrap();
        killer.execute_batch(&kill).await.unwrap();
        drop(killer);
        // Give the server a moment to close the socket.
        std::thread::sleep(Duration::from_millis(200));

        let error = select_one(&mut victim).await.unwrap_err();
        assert!(matches!(error, Error::ConnectionLost { .. }), "{error:?}");
        assert!(error.is_retryable());
        drop(victim);

        // The broken connection was discarded; every later checkout works.
        for _ in 0..4 {
            let mut connection = engine.connection().await.unwrap();
            assert_eq!(select_one(&mut connection).await.unwrap(), 1);
        }
    }

    /// A server restart, as the pool sees it: every idle connection is dead. The first
    /// statement fails; every checkout after it gets a fresh connection, without pre_ping.
    pub async fn after_every_session_is_killed_one_statement_fails_and_the_next_checkout_works(
        db: &TestDb,
    ) {
        let engine = Engine::connect(&with_parameters(db.url(), "pool_size=3"))
            .await
            .unwrap();
        let mut held: Vec<Connection> = Vec::new();
        let mut kills: Vec<String> = Vec::new();
        for _ in 0..3 {
            let mut connection = engine.connection().await.unwrap();
            kills.push(session(db, &mut connection).await);
            held.push(connection);
        }
        drop(held); // all three idle in the pool
        let admin = Engine::connect(db.url()).await.unwrap();
        let mut admin = admin.connection().await.unwrap();
        for kill in &kills {
            admin.execute_batch(kill).await.unwrap();
        }
        std::thread::sleep(Duration::from_millis(200));

        let mut first = engine.connection().await.unwrap();
        let error = select_one(&mut first).await.unwrap_err();
        assert!(matches!(error, Error::ConnectionLost { .. }), "{error:?}");
        drop(first);
        for _ in 0..5 {
            let mut connection = engine.connection().await.unwrap();
            assert_eq!(select_one(&mut connection).await.unwrap(), 1);
        }
    }

    pub async fn a_killed_idle_connection_is_replaced_before_use_with_pre_ping(db: &TestDb) {
        let engine = Engine::builder(&with_parameters(db.url(), "pool_size=1"))
            .pre_ping(true)
            .build()
            .await
            .unwrap();
        let mut victim = engine.connection().await.unwrap();
        let kill = session(db, &mut victim).await;
        drop(victim); // back in the pool, idle

        let admin = Engine::connect(db.url()).await.unwrap();
        admin
            .connection()
            .await
            .unwrap()
            .execute_batch(&kill)
            .await
            .unwrap();
        std::thread::sleep(Duration::from_millis(200));

        let mut connection = engine.connection().await.unwrap();
        assert_eq!(select_one(&mut connection).await.unwrap(), 1);
    }

    /// A transaction begun by hand (`BEGIN` in execute_batch) is not mixed with a
    /// `Transaction`: starting one on top is refused.
    pub async fn a_transaction_over_a_hand_begun_one_is_refused(db: &TestDb) {
        accounts(db).await;
        let mut connection = db.connection().await;
        connection.execute_batch("BEGIN").await.unwrap();
        let error = connection.transaction().await.err().expect("refused");
        assert!(matches!(error, Error::InvalidStatement(_)), "{error:?}");
        connection.execute_batch("ROLLBACK").await.unwrap();
        connection
            .transaction()
            .await
            .unwrap()
            .commit()
            .await
            .unwrap();
    }

    /// A `BEGIN` run by hand and never finished does not leak into the next user of the
    /// pooled connection: it is rolled back when the connection goes back to the pool.
    pub async fn an_open_transaction_is_rolled_back_when_its_connection_returns(db: &TestDb) {
        accounts(db).await;
        let engine = Engine::connect(&with_parameters(db.url(), "pool_size=1"))
            .await
            .unwrap();
        let mut first = engine.connection().await.unwrap();
        first.execute_batch("BEGIN").await.unwrap();
        first
            .execute_batch("UPDATE accounts SET balance = 0 WHERE id = 1")
            .await
            .unwrap();
        drop(first);

        let mut second = engine.connection().await.unwrap();
        let mut transaction = second.transaction().await.unwrap();
        transaction
            .execute_batch("UPDATE accounts SET balance = 1 WHERE id = 2")
            .await
            .unwrap();
        transaction.commit().await.unwrap();
        assert_eq!(
            scalar(&mut second, "SELECT balance FROM accounts WHERE id = 1").await,
            100,
            "the abandoned update was committed by the next user"
        );
        assert_eq!(
            scalar(&mut second, "SELECT balance FROM accounts WHERE id = 2").await,
            1
        );
    }

    /// A COMMIT refused by a deferred foreign key (SQLite, PostgreSQL) leaves no transaction
    /// open: the connection works on, and nothing of the transaction was kept.
    pub async fn a_failed_commit_leaves_the_connection_clean(db: &TestDb) {
        db.connection()
            .await
            .execute_batch(
                "CREATE TABLE parents (id INTEGER PRIMARY KEY); \
                 CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER \
                 REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED)",
            )
            .await
            .unwrap();
        let engine = Engine::connect(&with_parameters(db.url(), "pool_size=1"))
            .await
            .unwrap();
        let mut connection = engine.connection().await.unwrap();
        let mut transaction = connection.transaction().await.unwrap();
        transaction
            .execute_batch("INSERT INTO children (id, parent_id) VALUES (1, 99)")
            .await
            .unwrap();
        let error = transaction.commit().await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::Constraint {
                    kind: retort::ConstraintKind::ForeignKey,
                    ..
                }
            ),
            "{error:?}"
        );
        assert_eq!(
            scalar(&mut connection, "SELECT COUNT(*) FROM children").await,
            0
        );
        let transaction = connection.transaction().await.unwrap();
        transaction.commit().await.unwrap();
        drop(connection);
        let mut again = engine.connection().await.unwrap();
        assert_eq!(select_one(&mut again).await.unwrap(), 1);
    }

    /// A statement fails inside a transaction and the caller commits anyway: PostgreSQL has
    /// aborted the transaction and its COMMIT keeps nothing, which must be an error, not `Ok`;
    /// SQLite and MySQL keep the statements that succeeded.
    pub async fn committing_after_a_failed_statement_says_what_was_kept(db: &TestDb) {
        accounts(db).await;
        let mut connection = db.connection().await;
        let mut transaction = connection.transaction().await.unwrap();
        transaction
            .execute_batch("UPDATE accounts SET balance = 0 WHERE id = 1")
            .await
            .unwrap();
        let duplicate = transaction
            .execute_batch("INSERT INTO accounts (id, balance) VALUES (2, 5)")
            .await;
        assert!(
            matches!(duplicate, Err(Error::Constraint { .. })),
            "{duplicate:?}"
        );
        let committed = transaction.commit().await;
        let balance = scalar(&mut connection, "SELECT balance FROM accounts WHERE id = 1").await;
        match db.backend {
            Backend::Postgres => {
                assert!(
                    matches!(&committed, Err(Error::Database { code: Some(code), .. }) if code == "25P02"),
                    "{committed:?}"
                );
                assert_eq!(balance, 100, "nothing of the aborted transaction is kept");
            }
            Backend::Sqlite | Backend::Mysql => {
                committed.unwrap();
                assert_eq!(balance, 0);
            }
        }
        // The connection works on.
        let transaction = connection.transaction().await.unwrap();
        transaction.commit().await.unwrap();
    }

    /// Raw SQL can change a session (`SET`, `PRAGMA`, a `BEGIN` whose batch failed half-way):
    /// the next user of the pooled connection finds it as a fresh connection has it.
    pub async fn a_session_changed_by_raw_sql_is_reset_before_reuse(db: &TestDb) {
        accounts(db).await;
        let engine = Engine::connect(&with_parameters(db.url(), "pool_size=1"))
            .await
            .unwrap();
        let (change, read_back) = match db.backend {
            Backend::Postgres => (
                "SET lock_timeout = '1234ms'",
                "SELECT CAST(EXTRACT(EPOCH FROM CAST(current_setting('lock_timeout') AS INTERVAL)) * 1000 AS BIGINT)",
            ),
            Backend::Mysql => (
                "SET SESSION innodb_lock_wait_timeout = 7",
                "SELECT @@innodb_lock_wait_timeout",
            ),
            Backend::Sqlite => (
                "PRAGMA busy_timeout = 1234",
                "SELECT * FROM pragma_busy_timeout",
            ),
        };
        let mut first = engine.connection().await.unwrap();
        let default = scalar(&mut first, read_back).await;
        first.execute_batch(change).await.unwrap();
        assert_ne!(scalar(&mut first, read_back).await, default);
        // A transaction opened by a batch that then failed: COMMIT never ran.
        let failed = first.execute_batch(
            "BEGIN; UPDATE accounts SET balance = 0 WHERE id = 1; INSERT INTO nosuch VALUES (1); COMMIT",
        ).await;
        assert!(failed.is_err());
        drop(first);

        let mut second = engine.connection().await.unwrap();
        assert_eq!(
            scalar(&mut second, read_back).await,
            default,
            "a SET leaked"
        );
        assert_eq!(
            scalar(&mut second, "SELECT balance FROM accounts WHERE id = 1").await,
            100,
            "an uncommitted update leaked"
        );
        let transaction = second.transaction().await.unwrap();
        transaction.commit().await.unwrap();
    }

    /// Transaction control run by hand inside a `Transaction` is refused (it would end the
    /// transaction behind its back); text that merely contains such words is not.
    pub async fn transaction_control_inside_a_transaction_is_refused(db: &TestDb) {
        accounts(db).await;
        let mut connection = db.connection().await;
        let mut transaction = connection.transaction().await.unwrap();
        transaction
            .execute_batch("UPDATE accounts SET balance = 0 WHERE id = 1")
            .await
            .unwrap();
        for control in [
            "BEGIN",
            "COMMIT",
            "/* app */ START TRANSACTION",
            "SELECT 1; ROLLBACK",
        ] {
            let error = transaction.execute_batch(control).await.unwrap_err();
            assert!(
                matches!(error, Error::InvalidStatement(_)),
                "{control}: {error:?}"
            );
        }
        transaction
            .execute_batch("CREATE TEMPORARY TABLE notes (body VARCHAR(50))")
            .await
            .unwrap();
        transaction
            .execute_batch("INSERT INTO notes (body) VALUES ('step 1; begin work')")
            .await
            .unwrap();
        drop(transaction); // rolls back
        assert_eq!(
            scalar(&mut connection, "SELECT balance FROM accounts WHERE id = 1").await,
            100
        );
        // Not mistaken for an open transaction.
        connection
            .transaction()
            .await
            .unwrap()
            .commit()
            .await
            .unwrap();
    }
}

use cases::sync::{accounts, scalar, select_one};

fn pool_settings_come_from_the_url_and_the_builder(db: &TestDb) {
    let engine = Engine::connect(&with_parameters(db.url(), "pool_size=3")).unwrap();
    assert_eq!(engine.pool_status().max_size, 3);
    // The URL wins over the builder, so deployed programs can be tuned by configuration.
    let engine = Engine::builder(&with_parameters(db.url(), "pool_size=2"))
        .pool_size(7)
        .build()
        .unwrap();
    assert_eq!(engine.pool_status().max_size, 2);
    let engine = Engine::builder(db.url()).pool_size(5).build().unwrap();
    assert_eq!(engine.pool_status().max_size, 5);
}

fn connections_return_to_the_pool_and_waiting_times_out(db: &TestDb) {
    let engine =
        Engine::connect(&with_parameters(db.url(), "pool_size=2&connect_timeout=1")).unwrap();
    let mut first = engine.connection().unwrap();
    let second = engine.connection().unwrap();
    assert_eq!(select_one(&mut first).unwrap(), 1);

    let started = Instant::now();
    let error = engine.connection().unwrap_err();
    assert!(
        matches!(error, Error::PoolTimeout { timeout, .. } if timeout == Duration::from_secs(1)),
        "{error:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert!(!error.is_retryable());

    // A connection given back is handed out again: no new connection is opened.
    drop(second);
    let mut again = engine.connection().unwrap();
    assert_eq!(select_one(&mut again).unwrap(), 1);
    assert_eq!(engine.pool_status().connections, 2);
}

/// Two transactions lock rows 1 and 2 in opposite orders; the database aborts one.
fn a_deadlock_is_reported_as_such(db: &TestDb) {
    accounts(db);
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = [(1, 2), (2, 1)]
        .into_iter()
        .map(|(first, second)| {
            let engine = db.engine().clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || -> retort::Result<()> {
                let mut connection = engine.connection()?;
                let mut transaction = connection.transaction()?;
                transaction.execute_batch(&format!(
                    "UPDATE accounts SET balance = balance - 1 WHERE id = {first}"
                ))?;
                barrier.wait();
                transaction.execute_batch(&format!(
                    "UPDATE accounts SET balance = balance + 1 WHERE id = {second}"
                ))?;
                transaction.commit()
            })
        })
        .collect();
    let results: Vec<retort::Result<()>> = handles
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    let failures: Vec<&Error> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(failures.len(), 1, "{results:?}");
    assert!(
        matches!(failures[0], Error::Deadlock { .. }),
        "{failures:?}"
    );
    assert!(failures[0].is_retryable());
}

/// PostgreSQL: a REPEATABLE READ transaction updating a row another transaction changed
/// since its snapshot.
fn a_serialization_failure_is_reported_as_such_on_postgres(db: &TestDb) {
    accounts(db);
    let mut reader = db.connection();
    let mut transaction = reader.transaction().unwrap();
    transaction
        .execute_batch("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        .unwrap();
    assert_eq!(
        scalar(
            &mut transaction,
            "SELECT balance FROM accounts WHERE id = 1"
        ),
        100
    );
    db.connection()
        .execute_batch("UPDATE accounts SET balance = 50 WHERE id = 1")
        .unwrap();
    let error = transaction
        .execute_batch("UPDATE accounts SET balance = balance + 1 WHERE id = 1")
        .unwrap_err();
    assert!(
        matches!(error, Error::SerializationFailure { .. }),
        "{error:?}"
    );
    assert!(error.is_retryable());
}

/// SQLite in WAL mode: a transaction that read a snapshot cannot write after another
/// connection committed a newer one.
fn a_stale_snapshot_is_a_serialization_failure_on_sqlite(db: &TestDb) {
    db.connection()
        .execute_batch("PRAGMA journal_mode = WAL")
        .unwrap();
    accounts(db);
    let mut reader = db.connection();
    let mut transaction = reader.transaction().unwrap();
    assert_eq!(
        scalar(
            &mut transaction,
            "SELECT balance FROM accounts WHERE id = 1"
        ),
        100
    );
    db.connection()
        .execute_batch("UPDATE accounts SET balance = 50 WHERE id = 1")
        .unwrap();
    let error = transaction
        .execute_batch("UPDATE accounts SET balance = balance + 1 WHERE id = 1")
        .unwrap_err();
    assert!(
        matches!(error, Error::SerializationFailure { .. }),
        "{error:?}"
    );
}

/// A row lock held by another transaction, with a short lock timeout.
fn a_lock_timeout_is_reported_as_such(db: &TestDb) {
    accounts(db);
    let mut holder = db.connection();
    let mut holding = holder.transaction().unwrap();
    holding
        .execute_batch("UPDATE accounts SET balance = 0 WHERE id = 1")
        .unwrap();

    let mut waiter = db.connection();
    let set_timeout = match db.backend {
        Backend::Postgres => "SET lock_timeout = '200ms'",
        Backend::Mysql => "SET SESSION innodb_lock_wait_timeout = 1",
        Backend::Sqlite => "PRAGMA busy_timeout = 200",
    };
    waiter.execute_batch(set_timeout).unwrap();
    let error = waiter
        .execute_batch("UPDATE accounts SET balance = 1 WHERE id = 1")
        .unwrap_err();
    assert!(matches!(error, Error::LockTimeout { .. }), "{error:?}");
    assert!(error.is_retryable());
}

fn settings_the_pool_cannot_work_with_are_errors_not_panics(db: &TestDb) {
    let invalid = |builder: retort::EngineBuilder| match builder.build() {
        Err(Error::InvalidConfig(message)) => message,
        other => panic!("expected Error::InvalidConfig, got {other:?}"),
    };
    assert!(invalid(Engine::builder(db.url()).pool_size(0)).contains("pool_size"));
    assert!(
        invalid(Engine::builder(db.url()).connect_timeout(Duration::ZERO))
            .contains("connect_timeout")
    );
    assert!(
        invalid(Engine::builder(db.url()).connect_timeout(Duration::from_secs(u64::MAX)))
            .contains("connect_timeout")
    );
    assert!(
        invalid(Engine::builder(db.url()).idle_timeout(Some(Duration::ZERO)))
            .contains("idle_timeout")
    );
    let error = Engine::connect(&with_parameters(
        db.url(),
        "connect_timeout=18446744073709551615",
    ))
    .unwrap_err();
    assert!(matches!(error, Error::InvalidUrl { .. }), "{error:?}");
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    a_session_changed_by_raw_sql_is_reset_before_reuse,
    transaction_control_inside_a_transaction_is_refused,
    committing_after_a_failed_statement_says_what_was_kept,
    a_transaction_over_a_hand_begun_one_is_refused,
    an_open_transaction_is_rolled_back_when_its_connection_returns,
);

mod deferred {
    use super::*;
    database_tests!(
        dual cases on [sqlite, postgres] async on [sqlite, postgres]:
        a_failed_commit_leaves_the_connection_clean
    );
}

mod sessions {
    use super::*;
    database_tests!(
        dual cases on [postgres, mysql] async on [postgres, mysql]:
        a_killed_connection_costs_one_failed_statement,
        after_every_session_is_killed_one_statement_fails_and_the_next_checkout_works,
        a_killed_idle_connection_is_replaced_before_use_with_pre_ping,
    );
}

mod pool {
    use super::*;
    database_tests!(
        settings_the_pool_cannot_work_with_are_errors_not_panics,
        pool_settings_come_from_the_url_and_the_builder,
        connections_return_to_the_pool_and_waiting_times_out,
        a_lock_timeout_is_reported_as_such,
    );
}

database_tests!(mod deadlocks on [postgres, mysql]: a_deadlock_is_reported_as_such);

database_tests!(mod postgres_only on [postgres]: a_serialization_failure_is_reported_as_such_on_postgres);

database_tests!(mod sqlite_only on [sqlite]: a_stale_snapshot_is_a_serialization_failure_on_sqlite);
