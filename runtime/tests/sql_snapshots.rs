//! The SQL each construct of the expression language renders on each dialect, pinned by
//! insta snapshots (runtime/tests/snapshots/). A change in rendering shows up as a reviewed
//! snapshot diff; `docs/core.md` shows the same SQL next to the Rust that builds it.
//!
//! Review changes with `cargo insta review` or regenerate with
//! `INSTA_UPDATE=always cargo test -p retort --test sql_snapshots`.

use blog_models::{comments, posts, users};
use retort::functions::{avg, coalesce, count_all, max, sum};
use retort::{Dialect, Query, Statement, Table, exists, select, text};

/// The SQL of `render` on every dialect, one line each; a refusal shows as its error.
fn per_dialect(
    render: impl Fn(Dialect) -> retort::Result<(String, retort::sea_query::Values)>,
) -> String {
    [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql]
        .into_iter()
        .map(|dialect| match render(dialect) {
            Ok((sql, values)) => format!(
                "{:<9}{sql}\n{:<9}{} bound values",
                format!("{dialect}:"),
                "",
                values.0.len()
            ),
            Err(error) => format!("{:<9}error: {error}", format!("{dialect}:")),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn query_sql(query: &impl Query) -> String {
    per_dialect(|dialect| query.to_sql(dialect))
}

fn statement_sql(statement: &impl Statement) -> String {
    per_dialect(|dialect| statement.to_sql(dialect))
}

#[test]
fn select_filter_order_limit() {
    insta::assert_snapshot!(query_sql(
        &select((users::ID, users::NAME))
            .from(users::Users)
            .filter(users::NAME.like("A%").and(users::EMAIL.is_not_null()))
            .order_by(users::NAME.desc())
            .limit(10)
            .offset(20)
    ));
}

#[test]
fn joins_through_relationships() {
    insta::assert_snapshot!(query_sql(
        &select((users::NAME, posts::TITLE.nullable()))
            .from(users::Users)
            .left_join(users::rel::POSTS)
    ));
}

#[test]
fn many_to_many_join() {
    insta::assert_snapshot!(query_sql(
        &select(blog_models::tags::NAME)
            .from(posts::Posts)
            .inner_join(posts::rel::TAGS)
            .filter(posts::ID.eq(1))
    ));
}

#[test]
fn full_join_is_refused_on_mysql() {
    insta::assert_snapshot!(query_sql(
        &select(users::NAME)
            .from(users::Users)
            .full_join(users::rel::POSTS)
    ));
}

#[test]
fn aggregates_group_by_having() {
    insta::assert_snapshot!(query_sql(
        &select((posts::USER_ID, count_all(), max(posts::TITLE)))
            .from(posts::Posts)
            .group_by(posts::USER_ID)
            .having(count_all().gt(1))
    ));
}

#[test]
fn sum_avg_coalesce() {
    insta::assert_snapshot!(query_sql(
        &select((
            sum(posts::ID),
            avg(posts::ID),
            coalesce(users::EMAIL, "none")
        ))
        .from(users::Users)
        .left_join(users::rel::POSTS)
        .group_by(users::EMAIL)
    ));
}

#[test]
fn integer_division_and_remainder() {
    insta::assert_snapshot!(query_sql(
        &select((posts::ID / 2, posts::ID % 2)).from(posts::Posts)
    ));
}

#[test]
fn concatenation() {
    insta::assert_snapshot!(query_sql(
        &select(users::NAME.concat(": ").concat(posts::TITLE))
            .from(users::Users)
            .inner_join(users::rel::POSTS)
    ));
}

#[test]
fn nulls_first_and_last() {
    insta::assert_snapshot!(query_sql(
        &select(users::EMAIL)
            .from(users::Users)
            .order_by(users::EMAIL.asc().nulls_first())
            .order_by(users::NAME.desc().nulls_last())
    ));
}

#[test]
fn subqueries() {
    insta::assert_snapshot!(query_sql(
        &select((
            users::NAME,
            select(count_all())
                .from(posts::Posts)
                .filter(posts::USER_ID.eq(users::ID))
                .scalar_subquery()
        ))
        .from(users::Users)
        .filter(users::ID.in_subquery(select(posts::USER_ID).from(posts::Posts)))
        .filter(exists(
            select(comments::ID)
                .from(comments::Comments)
                .filter(comments::AUTHOR_ID.eq(users::ID))
        ))
    ));
}

#[test]
fn update_with_an_expression() {
    insta::assert_snapshot!(statement_sql(
        &posts::Posts
            .update()
            .set_expr(posts::TITLE, posts::TITLE.concat("!"))
            .filter(posts::ID.in_subquery(select(comments::POST_ID).from(comments::Comments)))
    ));
}

#[test]
fn delete_with_a_subquery() {
    insta::assert_snapshot!(statement_sql(&comments::Comments.delete().filter(
        comments::POST_ID.not_in_subquery(select(posts::ID).from(posts::Posts))
    )));
}

#[test]
fn raw_text_with_named_parameters() {
    insta::assert_snapshot!(query_sql(
        &text(
            "SELECT name FROM users WHERE id = :id OR :id IS NULL AND name <> ':not_a_parameter'"
        )
        .bind("id", 7_i64)
        .returns::<String>()
    ));
}
