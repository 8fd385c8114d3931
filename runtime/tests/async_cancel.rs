//! Cancellation safety of the async API, on every database: a request dropped mid-way (a
//! timeout) leaves no transaction open, and the pool hands out a clean connection after
//! it; and many concurrent tasks share a small pool (the futures are `Send`).

mod common;

use std::time::Duration;

use common::{AsyncTestDb, Backend, new_user};
use retort::__doc_tables::{self as blog, Users, users};
use retort::{AsyncEngine, select};

/// A statement that runs far longer than the pool's checkout wait, unless it is cancelled.
fn slow_statement(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => "SELECT pg_sleep(60)",
        Backend::Mysql => "SELECT SLEEP(60)",
        Backend::Sqlite => {
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000) \
             SELECT count(*) FROM c"
        }
    }
}

/// Transactions still open on the test's database, seen from another session.
async fn open_transactions(db: &AsyncTestDb, engine: &AsyncEngine) -> i64 {
    let sql = match db.backend {
        Backend::Postgres => {
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() \
             AND xact_start IS NOT NULL AND pid <> pg_backend_pid()"
        }
        Backend::Mysql => {
            "SELECT COUNT(*) FROM information_schema.innodb_trx t \
             JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id \
             WHERE p.db = DATABASE() AND p.id <> CONNECTION_ID()"
        }
        // A write from another connection succeeds only when no transaction holds the
        // database's write lock.
        Backend::Sqlite => {
            let mut probe = engine.connection().await.unwrap();
            probe
                .execute_batch("PRAGMA busy_timeout = 0")
                .await
                .unwrap();
            let write = probe
                .execute_batch("CREATE TABLE probe (x INTEGER); DROP TABLE probe")
                .await;
            return i64::from(write.is_err());
        }
    };
    let mut conn = engine.connection().await.unwrap();
    conn.one(retort::text(sql).returns::<i64>()).await.unwrap()
}

/// The server's id of the connection's session (`None` on SQLite, which has none).
async fn session_id(backend: Backend, conn: &mut retort::AsyncConnection) -> Option<i64> {
    let sql = match backend {
        Backend::Postgres => "SELECT CAST(pg_backend_pid() AS BIGINT)",
        Backend::Mysql => "SELECT CAST(CONNECTION_ID() AS SIGNED)",
        Backend::Sqlite => return None,
    };
    Some(conn.one(retort::text(sql).returns::<i64>()).await.unwrap())
}

async fn a_cancelled_request_leaves_no_transaction_open(db: &AsyncTestDb) {
    // One connection: the request's connection is the one handed out next, within the
    // checkout wait only if the statement still running on it is cancelled on the server.
    let engine = AsyncEngine::builder(db.url())
        .pool_size(1)
        .connect_timeout(Duration::from_secs(10))
        .build()
        .await
        .unwrap();
    blog::metadata().create_all(&engine).await.unwrap();
    let slow = slow_statement(db.backend);
    let session_before = std::sync::Mutex::new(None);
    let request = async {
        let mut conn = engine.connection().await.unwrap();
        *session_before.lock().unwrap() = session_id(db.backend, &mut conn).await;
        let mut tx = conn.transaction().await.unwrap();
        tx.insert(new_user("Ada", None)).await.unwrap();
        tx.execute(retort::text(slow)).await.unwrap();
        tx.commit().await.unwrap();
    };
    let outcome = tokio::time::timeout(Duration::from_millis(200), request).await;
    assert!(outcome.is_err(), "the request should have timed out");

    // The pool's only connection comes back once cleaned: rolled back, usable, and with no
    // transaction left open anywhere on the database.
    let observer = AsyncEngine::connect(db.url()).await.unwrap();
    let mut conn = engine.connection().await.unwrap();
    let session_after = session_id(db.backend, &mut conn).await;
    if db.backend == Backend::Mysql {
        // mysql_async cannot resume a connection whose statement future was dropped mid-way
        // (its packets are out of sync), so that session is closed, which ends its
        // transaction on the server, and the pool opens a new one.
        assert_ne!(session_after, *session_before.lock().unwrap());
    } else {
        assert_eq!(
            session_after,
            *session_before.lock().unwrap(),
            "the same session, cleaned, not a new one"
        );
    }
    let names: Vec<String> = conn.all(select(users::NAME).from(Users)).await.unwrap();
    assert!(names.is_empty(), "the cancelled insert was kept: {names:?}");
    conn.insert(new_user("Grace", None)).await.unwrap();
    drop(conn);
    assert_eq!(open_transactions(db, &observer).await, 0);
    let mut conn = observer.connection().await.unwrap();
    let names: Vec<String> = conn.all(select(users::NAME).from(Users)).await.unwrap();
    assert_eq!(
        names,
        ["Grace"],
        "written outside any transaction, so visible to others"
    );
}

/// A transaction dropped between statements (an early return) is rolled back before the
/// connection's next statement, with no round trip lost to the caller.
async fn a_dropped_transaction_is_rolled_back_before_the_next_statement(db: &AsyncTestDb) {
    let mut conn = db.blog().await;
    {
        let mut tx = conn.transaction().await.unwrap();
        tx.insert(new_user("Ada", None)).await.unwrap();
    }
    let names: Vec<String> = conn.all(select(users::NAME).from(Users)).await.unwrap();
    assert!(names.is_empty(), "{names:?}");
    // And a new transaction starts at the outermost level again.
    let tx = conn.transaction().await.unwrap();
    tx.commit().await.unwrap();
}

/// A hundred tasks on a multi-threaded runtime share five connections; every write lands.
async fn concurrent_tasks_share_a_small_pool(db: &AsyncTestDb) {
    let engine = AsyncEngine::builder(db.url())
        .pool_size(5)
        .build()
        .await
        .unwrap();
    blog::metadata().create_all(&engine).await.unwrap();
    let tasks: Vec<_> = (0..100)
        .map(|i| {
            let engine = engine.clone();
            tokio::spawn(async move {
                let mut conn = engine.connection().await?;
                conn.with_transaction(async |tx| {
                    tx.insert(new_user(&format!("user {i}"), None)).await?;
                    tx.one(select(retort::functions::count_all()).from(Users))
                        .await
                })
                .await
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("transaction");
    }
    let mut conn = engine.connection().await.unwrap();
    let count = conn
        .one(select(retort::functions::count_all()).from(Users))
        .await
        .unwrap();
    assert_eq!(count, 100);
    assert!(engine.pool_status().connections <= 5);
}

macro_rules! on_every_database {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                crate::common::run_async(crate::common::Backend::Sqlite, super::$name);
            })*
        }
        mod postgres {
            $(#[test]
            #[cfg_attr(not(retort_test_postgres), ignore = "RETORT_TEST_POSTGRES_URL is not set")]
            fn $name() {
                crate::common::run_async(crate::common::Backend::Postgres, super::$name);
            })*
        }
        mod mysql {
            $(#[test]
            #[cfg_attr(not(retort_test_mysql), ignore = "RETORT_TEST_MYSQL_URL is not set")]
            fn $name() {
                crate::common::run_async(crate::common::Backend::Mysql, super::$name);
            })*
        }
    };
}

on_every_database!(
    a_cancelled_request_leaves_no_transaction_open,
    a_dropped_transaction_is_rolled_back_before_the_next_statement,
    concurrent_tasks_share_a_small_pool,
);
