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

#[test]
fn self_join_through_an_alias() {
    let parent = comments::Comments.alias("parent");
    insta::assert_snapshot!(query_sql(
        &select((comments::BODY, parent.nullable(comments::BODY)))
            .from(comments::Comments)
            .left_join_as(comments::rel::PARENT, &parent)
    ));
}

#[test]
fn union_with_order_and_limit() {
    insta::assert_snapshot!(query_sql(
        &select(users::NAME)
            .from(users::Users)
            .union(select(blog_models::tags::NAME).from(blog_models::tags::Tags))
            .order_by(users::NAME)
            .limit(5)
    ));
}

#[test]
fn recursive_cte() {
    use retort::functions::value;
    let numbers = retort::recursive_cte("numbers", select(value(1_i64)), |n| {
        select(n.col::<0>() + 1)
            .from_item(n)
            .filter(n.col::<0>().lt(10))
    });
    insta::assert_snapshot!(query_sql(&select(numbers.col::<0>()).from_item(&numbers)));
}

#[test]
fn case_cast_and_window() {
    use retort::functions::{Window, case, row_number};
    insta::assert_snapshot!(query_sql(
        &select((
            case().when(posts::ID.gt(1), "later").otherwise("first"),
            posts::ID.cast::<String>(),
            row_number().over(
                Window::new()
                    .partition_by(posts::USER_ID)
                    .order_by(posts::ID.desc())
            ),
        ))
        .from(posts::Posts)
    ));
}

#[test]
fn upsert() {
    use retort::{Insert, OnConflict};
    insta::assert_snapshot!(statement_sql(
        &Insert::new(users::NewUser {
            name: "Ada".into(),
            email: Some("ada@example.com".into()),
            created_at: None
        })
        .on_conflict(OnConflict::columns(users::EMAIL).do_update(users::NAME))
    ));
}

#[test]
fn update_returning() {
    insta::assert_snapshot!(query_sql(
        &users::Users
            .update()
            .set(users::NAME, "Ada")
            .filter(users::ID.eq(1))
            .returning((users::ID, users::NAME))
    ));
}
