//! The demo, run as a user runs it, on every database: the same generated code must print
//! the same report on SQLite, PostgreSQL and MySQL/MariaDB, and the same report again when
//! run a second time on the same database.

use std::process::Command;

use test_databases::{Backend, FreshDatabase, database_tests};

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

/// The report has the demo's posts, tags and comments, and on a server it is exactly
/// SQLite's.
fn the_demo_reports_posts_tags_and_comments(db: &FreshDatabase) {
    let report = demo_report(db.url());
    for line in [
        "created tables: users, posts, comments, tags, post_tags",
        "  Notes on the Analytical Engine — by Ada Lovelace, tagged [history, math]",
        "  Ada Lovelace replies to #1: Given the right notation, yes.",
        "Published 1 draft(s).",
        "Posts without a reviewer: Computing Bernoulli numbers",
        "  Ada Lovelace: Notes on the Analytical Engine (2 comment(s))",
        "  loaded in 3 statements",
        "  Computing Bernoulli numbers [math, rust]",
        "  loaded in 1 statement",
        "Added \"The first compiler\" by Grace Hopper (user #2), tagged compilers; set Grace's email.",
        "Deleted \"Notes on the Analytical Engine\" with its comments: 0 comment(s) left.",
    ] {
        assert!(report.contains(line), "missing `{line}` in:\n{report}");
    }
    if db.backend() != Backend::Sqlite {
        let sqlite = FreshDatabase::sqlite();
        assert_eq!(
            report,
            demo_report(sqlite.url()),
            "differs from SQLite's report"
        );
    }
}

database_tests!(the_demo_reports_posts_tags_and_comments);
