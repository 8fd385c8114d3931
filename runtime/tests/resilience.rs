//! The pool and the errors callers retry on: pool settings from the URL and the builder,
//! waiting for a free connection, a killed connection costing one failed statement, and
//! deadlocks, serialization failures and lock timeouts as distinct errors.

mod common;

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::{Backend, TestDb};
use retort::sea_query::{Expr, Query};
use retort::{Connection, Engine, Error, Select};

/// `url` with `parameters` added to its query.
fn with_parameters(url: &str, parameters: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{parameters}")
}

fn select_one(connection: &mut Connection) -> retort::Result<i64> {
    let mut statement = Query::select();
    statement.expr(Expr::cust("1"));
    connection.one(Select::<i64>::from_statement(statement))
}

fn scalar(connection: &mut Connection, sql: &str) -> i64 {
    let mut statement = Query::select();
    statement.expr(Expr::cust(format!("({sql})")));
    connection
        .one(Select::<i64>::from_statement(statement))
        .unwrap()
}

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

/// The server's id of `connection`'s session, and the statement that kills it.
fn session(db: &TestDb, connection: &mut Connection) -> String {
    match db.backend {
        Backend::Postgres => format!(
            "SELECT pg_terminate_backend({})",
            scalar(connection, "SELECT pg_backend_pid()")
        ),
        Backend::Mysql => format!("KILL {}", scalar(connection, "SELECT CONNECTION_ID()")),
        Backend::Sqlite => unreachable!("SQLite has no server sessions"),
    }
}

fn a_killed_connection_costs_one_failed_statement(db: &TestDb) {
    let engine = Engine::connect(&with_parameters(db.url(), "pool_size=2")).unwrap();
    let mut victim = engine.connection().unwrap();
    let kill = session(db, &mut victim);

    let mut killer = engine.connection().unwrap();
    killer.execute_batch(&kill).unwrap();
    drop(killer);
    // Give the server a moment to close the socket.
    std::thread::sleep(Duration::from_millis(200));

    let error = select_one(&mut victim).unwrap_err();
    assert!(matches!(error, Error::ConnectionLost { .. }), "{error:?}");
    assert!(error.is_retryable());
    drop(victim);

    // The broken connection was discarded; every later checkout works.
    for _ in 0..4 {
        let mut connection = engine.connection().unwrap();
        assert_eq!(select_one(&mut connection).unwrap(), 1);
    }
}

/// A server restart, as the pool sees it: every idle connection is dead. The first
/// statement fails; every checkout after it gets a fresh connection, without pre_ping.
fn after_every_session_is_killed_one_statement_fails_and_the_next_checkout_works(db: &TestDb) {
    let engine = Engine::connect(&with_parameters(db.url(), "pool_size=3")).unwrap();
    let mut held: Vec<Connection> = (0..3).map(|_| engine.connection().unwrap()).collect();
    let kills: Vec<String> = held.iter_mut().map(|c| session(db, c)).collect();
    drop(held); // all three idle in the pool
    let admin = Engine::connect(db.url()).unwrap();
    let mut admin = admin.connection().unwrap();
    for kill in &kills {
        admin.execute_batch(kill).unwrap();
    }
    std::thread::sleep(Duration::from_millis(200));

    let mut first = engine.connection().unwrap();
    let error = select_one(&mut first).unwrap_err();
    assert!(matches!(error, Error::ConnectionLost { .. }), "{error:?}");
    drop(first);
    for _ in 0..5 {
        let mut connection = engine.connection().unwrap();
        assert_eq!(select_one(&mut connection).unwrap(), 1);
    }
}

fn a_killed_idle_connection_is_replaced_before_use_with_pre_ping(db: &TestDb) {
    let engine = Engine::builder(&with_parameters(db.url(), "pool_size=1"))
        .pre_ping(true)
        .build()
        .unwrap();
    let mut victim = engine.connection().unwrap();
    let kill = session(db, &mut victim);
    drop(victim); // back in the pool, idle

    let admin = Engine::connect(db.url()).unwrap();
    admin.connection().unwrap().execute_batch(&kill).unwrap();
    std::thread::sleep(Duration::from_millis(200));

    let mut connection = engine.connection().unwrap();
    assert_eq!(select_one(&mut connection).unwrap(), 1);
}

fn accounts(db: &TestDb) {
    db.connection()
        .execute_batch("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)")
        .unwrap();
    db.connection()
        .execute_batch("INSERT INTO accounts (id, balance) VALUES (1, 100), (2, 100)")
        .unwrap();
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

/// A transaction begun by hand (`BEGIN` in execute_batch) is not mixed with a
/// `Transaction`: starting one on top is refused.
fn a_transaction_over_a_hand_begun_one_is_refused(db: &TestDb) {
    accounts(db);
    let mut connection = db.connection();
    connection.execute_batch("BEGIN").unwrap();
    let error = connection.transaction().err().expect("refused");
    assert!(matches!(error, Error::InvalidStatement(_)), "{error:?}");
    connection.execute_batch("ROLLBACK").unwrap();
    connection.transaction().unwrap().commit().unwrap();
}

/// A `BEGIN` run by hand and never finished does not leak into the next user of the
/// pooled connection: it is rolled back when the connection goes back to the pool.
fn an_open_transaction_is_rolled_back_when_its_connection_returns(db: &TestDb) {
    accounts(db);
    let engine = Engine::connect(&with_parameters(db.url(), "pool_size=1")).unwrap();
    let mut first = engine.connection().unwrap();
    first.execute_batch("BEGIN").unwrap();
    first
        .execute_batch("UPDATE accounts SET balance = 0 WHERE id = 1")
        .unwrap();
    drop(first);

    let mut second = engine.connection().unwrap();
    let mut transaction = second.transaction().unwrap();
    transaction
        .execute_batch("UPDATE accounts SET balance = 1 WHERE id = 2")
        .unwrap();
    transaction.commit().unwrap();
    assert_eq!(
        scalar(&mut second, "SELECT balance FROM accounts WHERE id = 1"),
        100,
        "the abandoned update was committed by the next user"
    );
    assert_eq!(
        scalar(&mut second, "SELECT balance FROM accounts WHERE id = 2"),
        1
    );
}

/// A COMMIT refused by a deferred foreign key (SQLite, PostgreSQL) leaves no transaction
/// open: the connection works on, and nothing of the transaction was kept.
fn a_failed_commit_leaves_the_connection_clean(db: &TestDb) {
    db.connection()
        .execute_batch(
            "CREATE TABLE parents (id INTEGER PRIMARY KEY); \
             CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER \
             REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED)",
        )
        .unwrap();
    let engine = Engine::connect(&with_parameters(db.url(), "pool_size=1")).unwrap();
    let mut connection = engine.connection().unwrap();
    let mut transaction = connection.transaction().unwrap();
    transaction
        .execute_batch("INSERT INTO children (id, parent_id) VALUES (1, 99)")
        .unwrap();
    let error = transaction.commit().unwrap_err();
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
    assert_eq!(scalar(&mut connection, "SELECT COUNT(*) FROM children"), 0);
    let transaction = connection.transaction().unwrap();
    transaction.commit().unwrap();
    drop(connection);
    let mut again = engine.connection().unwrap();
    assert_eq!(select_one(&mut again).unwrap(), 1);
}

/// A statement fails inside a transaction and the caller commits anyway: PostgreSQL has
/// aborted the transaction and its COMMIT keeps nothing, which must be an error, not `Ok`;
/// SQLite and MySQL keep the statements that succeeded.
fn committing_after_a_failed_statement_says_what_was_kept(db: &TestDb) {
    accounts(db);
    let mut connection = db.connection();
    let mut transaction = connection.transaction().unwrap();
    transaction
        .execute_batch("UPDATE accounts SET balance = 0 WHERE id = 1")
        .unwrap();
    let duplicate = transaction.execute_batch("INSERT INTO accounts (id, balance) VALUES (2, 5)");
    assert!(
        matches!(duplicate, Err(Error::Constraint { .. })),
        "{duplicate:?}"
    );
    let committed = transaction.commit();
    let balance = scalar(&mut connection, "SELECT balance FROM accounts WHERE id = 1");
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
    let transaction = connection.transaction().unwrap();
    transaction.commit().unwrap();
}

/// Raw SQL can change a session (`SET`, `PRAGMA`, a `BEGIN` whose batch failed half-way):
/// the next user of the pooled connection finds it as a fresh connection has it.
fn a_session_changed_by_raw_sql_is_reset_before_reuse(db: &TestDb) {
    accounts(db);
    let engine = Engine::connect(&with_parameters(db.url(), "pool_size=1")).unwrap();
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
    let mut first = engine.connection().unwrap();
    let default = scalar(&mut first, read_back);
    first.execute_batch(change).unwrap();
    assert_ne!(scalar(&mut first, read_back), default);
    // A transaction opened by a batch that then failed: COMMIT never ran.
    let failed = first.execute_batch(
        "BEGIN; UPDATE accounts SET balance = 0 WHERE id = 1; INSERT INTO nosuch VALUES (1); COMMIT",
    );
    assert!(failed.is_err());
    drop(first);

    let mut second = engine.connection().unwrap();
    assert_eq!(scalar(&mut second, read_back), default, "a SET leaked");
    assert_eq!(
        scalar(&mut second, "SELECT balance FROM accounts WHERE id = 1"),
        100,
        "an uncommitted update leaked"
    );
    let transaction = second.transaction().unwrap();
    transaction.commit().unwrap();
}

/// Transaction control run by hand inside a `Transaction` is refused (it would end the
/// transaction behind its back); text that merely contains such words is not.
fn transaction_control_inside_a_transaction_is_refused(db: &TestDb) {
    accounts(db);
    let mut connection = db.connection();
    let mut transaction = connection.transaction().unwrap();
    transaction
        .execute_batch("UPDATE accounts SET balance = 0 WHERE id = 1")
        .unwrap();
    for control in [
        "BEGIN",
        "COMMIT",
        "/* app */ START TRANSACTION",
        "SELECT 1; ROLLBACK",
    ] {
        let error = transaction.execute_batch(control).unwrap_err();
        assert!(
            matches!(error, Error::InvalidStatement(_)),
            "{control}: {error:?}"
        );
    }
    transaction
        .execute_batch("CREATE TEMPORARY TABLE notes (body VARCHAR(50))")
        .unwrap();
    transaction
        .execute_batch("INSERT INTO notes (body) VALUES ('step 1; begin work')")
        .unwrap();
    drop(transaction); // rolls back
    assert_eq!(
        scalar(&mut connection, "SELECT balance FROM accounts WHERE id = 1"),
        100
    );
    // Not mistaken for an open transaction.
    connection.transaction().unwrap().commit().unwrap();
}

database_tests!(
    a_session_changed_by_raw_sql_is_reset_before_reuse,
    transaction_control_inside_a_transaction_is_refused,
    committing_after_a_failed_statement_says_what_was_kept,
    settings_the_pool_cannot_work_with_are_errors_not_panics,
    a_transaction_over_a_hand_begun_one_is_refused,
    an_open_transaction_is_rolled_back_when_its_connection_returns,
    pool_settings_come_from_the_url_and_the_builder,
    connections_return_to_the_pool_and_waiting_times_out,
    a_lock_timeout_is_reported_as_such,
);

database_tests!(mod deferred on [sqlite, postgres]: a_failed_commit_leaves_the_connection_clean);

database_tests!(mod sessions on [postgres, mysql]:
    a_killed_connection_costs_one_failed_statement,
    after_every_session_is_killed_one_statement_fails_and_the_next_checkout_works,
    a_killed_idle_connection_is_replaced_before_use_with_pre_ping,
    a_deadlock_is_reported_as_such,
);

database_tests!(mod postgres_only on [postgres]: a_serialization_failure_is_reported_as_such_on_postgres);

database_tests!(mod sqlite_only on [sqlite]: a_stale_snapshot_is_a_serialization_failure_on_sqlite);
