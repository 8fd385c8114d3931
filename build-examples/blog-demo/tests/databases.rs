//! The demo, run as a user runs it, on every database: the same generated code must print
//! the same report on SQLite, PostgreSQL and MySQL/MariaDB.

use std::process::Command;

use retort::Engine;

/// Runs the demo binary on `url` twice (it starts from empty tables each time) and returns
/// the report without its first line, which names the database.
fn demo_report(url: &str) -> String {
    let mut reports = Vec::new();
    for _ in 0..2 {
        let output = Command::new(env!("CARGO_BIN_EXE_blog-demo"))
            .arg(url)
            .output()
            .expect("run blog-demo");
        let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
        assert!(
            output.status.success(),
            "blog-demo {url} failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let (first, rest) = stdout.split_once('\n').expect("a report");
        assert!(first.starts_with("database: "), "{first}");
        reports.push(rest.to_owned());
    }
    assert_eq!(
        reports[0], reports[1],
        "a second run differs from the first"
    );
    reports.remove(0)
}

fn sqlite_report() -> String {
    let dir = tempfile::tempdir().unwrap();
    demo_report(&format!(
        "sqlite://{}",
        dir.path().join("demo.db").display()
    ))
}

/// Runs the demo on a fresh database of the server at `$variable`, dropped afterwards.
fn server_report(variable: &str) -> String {
    let url = std::env::var(variable)
        .unwrap_or_else(|_| panic!("{variable} was set at build time but is not set now"));
    let name = format!("retort_demo_{}", std::process::id());
    let admin = Engine::connect(&url).unwrap_or_else(|e| panic!("{variable}: {e}"));
    let drop = if url.starts_with("postgres") {
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    } else {
        format!("DROP DATABASE IF EXISTS {name}")
    };
    let mut conn = admin.connection().unwrap();
    conn.execute_batch(&drop).unwrap();
    conn.execute_batch(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let (base, query) = url.split_once('?').unwrap_or((&url, ""));
    let server = &base[..base.rfind('/').expect("a database in the URL")];
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    let report = std::panic::catch_unwind(|| demo_report(&format!("{server}/{name}{query}")));
    conn.execute_batch(&drop).unwrap();
    report.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

#[test]
fn the_demo_reports_posts_tags_and_comments_on_sqlite() {
    let report = sqlite_report();
    for line in [
        "created tables: users, posts, comments, tags, post_tags",
        "  Notes on the Analytical Engine — by Ada Lovelace, tagged [history, math]",
        "  Ada Lovelace replies to #1: Given the right notation, yes.",
        "Published 1 draft(s).",
        "Posts without a reviewer: Computing Bernoulli numbers",
    ] {
        assert!(report.contains(line), "missing `{line}` in:\n{report}");
    }
}

#[test]
#[cfg_attr(
    not(retort_test_postgres),
    ignore = "RETORT_TEST_POSTGRES_URL is not set"
)]
fn the_demo_prints_the_same_report_on_postgres() {
    assert_eq!(server_report("RETORT_TEST_POSTGRES_URL"), sqlite_report());
}

#[test]
#[cfg_attr(not(retort_test_mysql), ignore = "RETORT_TEST_MYSQL_URL is not set")]
fn the_demo_prints_the_same_report_on_mysql() {
    assert_eq!(server_report("RETORT_TEST_MYSQL_URL"), sqlite_report());
}
